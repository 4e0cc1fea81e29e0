"""Lists refresh by themselves when another workstation changes something, keeping the
selection and the scroll position; `apply_rows` turns any old list into any new one with row
signals a view can follow."""

from __future__ import annotations

import random
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from clinic_desk.services import Services
from clinic_desk.storage.engine import Database
from clinic_desk.ui.checkout.live import ChangeWatcher, apply_rows, touches
from clinic_desk.ui.checkout.page import CheckoutPage

from .conftest import Desk, Told

WAIT = 20_000


class PairModel(QAbstractTableModel):
    def __init__(self) -> None:
        super().__init__()
        self.rows: list[tuple[int, str]] = []

    def rowCount(self, parent: Any = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Any = QModelIndex()) -> int:
        return 0 if parent.isValid() else 2

    def data(self, index: Any, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or role != Qt.ItemDataRole.DisplayRole:
            return None
        key, text = self.rows[index.row()]
        return key if index.column() == 0 else text


def test_apply_rows_reaches_any_list_and_indexes_follow_their_row(qtmodeltester: Any) -> None:
    rng = random.Random(7)
    model = PairModel()
    qtmodeltester.check(model)
    for _ in range(300):
        keys = rng.sample(range(30), rng.randint(0, 12))
        new = [(k, rng.choice("abc")) for k in keys]
        tracked = {model.rows[r][0]: QPersistentModelIndex(model.index(r, 0))
                   for r in range(len(model.rows))}
        apply_rows(model, model.rows, new, lambda r: r[0], 2)
        assert model.rows == new
        for key, index in tracked.items():
            if key in keys:
                assert index.isValid() and index.data() == key  # it followed its row
            else:
                assert not index.isValid()


def test_touches() -> None:
    assert touches(frozenset())  # unknown (SQLite): anything may have changed
    assert touches({"handout_prints"}) and not touches({"edit_locks", "users"})


def test_another_workstation_printing_refreshes_the_queue_keeping_selection_and_scroll(
        qtbot: Any, desk: Desk, told: Told) -> None:
    for n in range(30):  # enough patients to scroll
        desk.sign_another(200 + n * 5)
    page = CheckoutPage(desk.services, desk.staff.desk)
    qtbot.addWidget(page)
    page.resize(900, 420)
    page.show()
    qtbot.waitExposed(page)
    with qtbot.waitSignal(page.queue_loaded, timeout=WAIT):
        page.reload()
    watcher = ChangeWatcher(desk.services.db, page, poll_seconds=0.05, min_interval_ms=50)
    watcher.changed.connect(page.on_database_changed)
    watcher.start()
    try:
        rows = page.model.rows
        chosen = rows[25].record_id
        page.table.selectRow(25)
        page.table.scrollTo(page.model.index(25, 0))
        bar = page.table.verticalScrollBar()
        qtbot.waitUntil(lambda: bar.value() > 0, timeout=WAIT)
        scroll = bar.value()

        # The desk at the other entrance prints a patient below the chosen one, and a
        # physician signs a new record (it sorts last): both lists change under us.
        other = Services(Database(desk.services.db.url.render_as_string(hide_password=False)))
        try:
            other.printing.renderer = desk.services.printing.renderer
            other.printing.print_handout(desk.staff.desk, rows[28].record_id, "Entrance B")
            desk.sign_another(23 * 60 + 50)
        finally:
            other.db.dispose()

        qtbot.waitUntil(lambda: rows[28].record_id not in
                        [r.record_id for r in page.model.rows]
                        and len(page.model.rows) == len(rows), timeout=WAIT)
        assert page.selected_ids() == [chosen]
        assert bar.value() == scroll
    finally:
        watcher.stop()


def test_a_change_above_keeps_the_same_record_selected(qtbot: Any, desk: Desk,
                                                       told: Told) -> None:
    page = CheckoutPage(desk.services, desk.staff.desk, background=False)
    qtbot.addWidget(page)
    page.reload()
    chosen = desk.records[2].id
    page.table.selectRow(2)
    desk.services.printing.print_handout(desk.staff.desk, desk.records[0].id, "Other desk")
    early = desk.sign_another(5)  # signed now, but performed first thing in the morning
    page.show()
    page.on_database_changed(frozenset({"handout_prints"}))
    ids = [r.record_id for r in page.model.rows]
    assert ids[0] == early.id and desk.records[0].id not in ids
    assert page.selected_ids() == [chosen]
    page.on_database_changed(frozenset({"edit_locks"}))  # nothing a queue shows: no reload


def test_the_watcher_batches_bursts_into_one_signal(qtbot: Any, desk: Desk) -> None:
    class FakeListener:
        def __init__(self, db: Any, on_change: Any, on_state: Any, **_k: Any) -> None:
            self.on_change, self.on_state = on_change, on_state

        def start(self) -> None:
            self.on_state(True)

        def stop(self, timeout: float = 5.0) -> None:
            pass

    from clinic_desk.services.changes import Change

    watcher = ChangeWatcher(None, None, min_interval_ms=100, listener_factory=FakeListener)
    with qtbot.waitSignal(watcher.connection_changed, timeout=WAIT) as state:
        watcher.start()
    assert state.args == [True]
    with qtbot.waitSignal(watcher.changed, timeout=WAIT) as got:
        watcher._listener.on_change(Change(frozenset({"records"})))
        watcher._listener.on_change(Change(frozenset({"handout_prints"})))
    assert got.args[0] == {"records", "handout_prints"}
    watcher.stop()
