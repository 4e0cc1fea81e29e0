"""The print log shows any printed handout again byte for byte; the database banner appears
when the database cannot be reached, and the kept work is saved when it is back."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QFileDialog

from clinic_desk.domain.errors import DatabaseUnavailableError
from clinic_desk.services.drafts import DraftStore
from clinic_desk.services.retry import RetryClock, keep_for_retry, pending_drafts
from clinic_desk.ui.checkout import banner as banner_module
from clinic_desk.ui.checkout.banner import ConnectionMonitor, DatabaseBanner
from clinic_desk.ui.checkout.dialogs import PrintLogDialog, ReprintDialog
from clinic_desk.ui.checkout.models import LogColumn
from tests.signoff.helpers import audit_entries, ready_record, stored

from .conftest import Desk, Told


def test_print_log_shows_each_printed_handout_exactly(qtbot: Any, qtmodeltester: Any,
                                                      desk: Desk, told: Told,
                                                      monkeypatch: pytest.MonkeyPatch,
                                                      tmp_path: Path) -> None:
    printing = desk.services.printing
    record = desk.records[0]
    first, first_pdf = printing.print_handout(desk.staff.desk, record.id, "Desk A")
    second, second_pdf = printing.print_handout(desk.staff.nurse, record.id, "Recovery",
                                                reason="Patient lost the first copy",
                                                language="es")
    dialog = PrintLogDialog(desk.services, desk.staff.desk)
    qtbot.addWidget(dialog)
    qtmodeltester.check(dialog.model)
    assert dialog.model.rowCount() == 2
    newest = dialog.model.index(0, LogColumn.REASON).data()
    assert newest == "Patient lost the first copy"
    assert dialog.model.index(1, LogColumn.REASON).data() == "first print"
    assert dialog.model.index(0, LogColumn.WHO).data() == "Min-jun Kim"
    assert dialog.model.index(0, LogColumn.PATIENT).data() == "O'Brien, Zoë"
    assert dialog.shown_pdf == second_pdf.pdf  # the newest is shown at once
    assert dialog.selected() is not None and dialog.selected().print_id == second.print_id
    dialog.ui.log_view.selectRow(1)
    assert dialog.shown_pdf == first_pdf.pdf and dialog.document.pageCount() >= 1
    assert first.verification_code in dialog.ui.pdf_label.text()

    target = tmp_path / "copy.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        staticmethod(lambda *a, **k: (str(target), "PDF (*.pdf)")))
    dialog.ui.save_button.click()
    assert target.read_bytes() == first_pdf.pdf
    assert audit_entries(desk.services, record_id=record.id)[-1].action.value == \
        "handout_export"

    with qtbot.waitSignal(dialog.reprint_requested) as asked:
        dialog.ui.reprint_button.click()
    assert asked.args == [record.id]


def test_reprint_dialog_needs_a_reason(qtbot: Any) -> None:
    dialog = ReprintDialog("This handout was printed at 10:42.")
    qtbot.addWidget(dialog)
    ok = next(b for b in dialog.ui.button_box.buttons()
              if dialog.ui.button_box.buttonRole(b).name == "AcceptRole")
    assert not ok.isEnabled() and dialog.ui.message_label.text() == "A reason is required."
    qtbot.keyClicks(dialog.ui.reason_combo, "Copy for the daughter")
    assert ok.isEnabled() and dialog.reason == "Copy for the daughter"
    dialog.ui.reason_combo.setCurrentIndex(0)
    assert dialog.reason == "Patient lost the first copy"


def test_banner_keeps_work_and_saves_it_when_the_database_is_back(
        qtbot: Any, desk: Desk, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    services, staff = desk.services, desk.staff
    store = DraftStore(tmp_path / "drafts")
    record = ready_record(services, staff)
    down = {"now": True}
    real_save = services.records.save

    def save(actor: Any, rec: Any) -> Any:
        if down["now"]:
            raise DatabaseUnavailableError("The database cannot be reached.")
        return real_save(actor, rec)

    monkeypatch.setattr(services.records, "save", save)
    monkeypatch.setattr(banner_module, "database_reachable", lambda db: not down["now"])
    now = [0.0]
    monitor = ConnectionMonitor(services, lambda: staff.nurse, store,
                                clock=RetryClock(lambda: now[0]), background=False)
    bar = DatabaseBanner(monitor, services.database_description)
    qtbot.addWidget(bar)
    assert bar.isHidden()  # the database answers: no banner

    edit = replace(record, notes="Typed while the server was down")
    with pytest.raises(DatabaseUnavailableError):
        services.records.save(staff.nurse, edit)
    keep_for_retry(store, staff.nurse, edit)
    with qtbot.waitSignal(monitor.availability_changed) as gone:
        monitor.report_unavailable()
    assert gone.args == [False] and not bar.isHidden()
    assert "cannot be reached" in bar.text_label.text()
    assert "1 unsaved change is kept" in bar.text_label.text()
    assert monitor.timer.isActive() and monitor.timer.interval() == 2000

    monitor.check_now()  # still down: backs off to 4 s
    assert not bar.isHidden() and monitor.timer.interval() == 4000

    down["now"] = False
    with qtbot.waitSignal(monitor.retried) as done:
        bar.retry_button.click()
    assert bar.isHidden() and monitor.available
    assert len(done.args[0].saved) == 1
    assert stored(services, record.id).notes == "Typed while the server was down"
    assert pending_drafts(store, "nkim") == []


def test_the_feed_losing_its_connection_raises_the_banner(qtbot: Any, desk: Desk,
                                                          tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch
                                                          ) -> None:
    monkeypatch.setattr(banner_module, "database_reachable", lambda db: True)
    monitor = ConnectionMonitor(desk.services, lambda: desk.staff.nurse,
                                DraftStore(tmp_path / "d"), background=False)
    bar = DatabaseBanner(monitor, "PostgreSQL db.clinic.lan/clinicdesk")
    qtbot.addWidget(bar)
    monitor.set_feed_connected(False)
    assert not bar.isHidden() and "db.clinic.lan" in bar.text_label.text()
    monitor.set_feed_connected(True)  # reconnected: checked at once, banner gone
    assert bar.isHidden()
