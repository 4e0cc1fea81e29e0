"""Database outage: a dedicated PostgreSQL server is stopped in the middle of a session and
started again. Saves fail with DatabaseUnavailableError, the edits are kept on the
workstation, the retry finds the server still down, then saves every one once it is back;
the change listener reports the loss and the recovery. Nothing is lost."""

from __future__ import annotations

import queue
import tempfile
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from clinic_desk.domain.errors import DatabaseUnavailableError
from clinic_desk.domain.record import RecordStatus
from clinic_desk.services import Services
from clinic_desk.services.changes import Change, ChangeListener
from clinic_desk.services.drafts import DraftStore
from clinic_desk.services.retry import (
    MARK_READY,
    database_reachable,
    keep_for_retry,
    pending_drafts,
    retry_pending,
)
from clinic_desk.storage import schema
from clinic_desk.storage.engine import Database
from clinic_desk.storage.unit_of_work import UnitOfWork
from tests.conftest import _TMP as TESTS_TMP
from tests.conftest import make_staff
from tests.factories import make_record
from tests.signoff.helpers import complete_draft, save_patient

from . import figures

WAIT = 30.0


@pytest.fixture
def own_server() -> Iterator[Any]:
    """A PostgreSQL server of this test's own (never the shared session server), in the
    suite's temporary folder (pytest's own folders are closed to the server's user)."""
    import pgserver

    folder = Path(tempfile.mkdtemp(prefix="pg-outage-", dir=TESTS_TMP))
    srv = pgserver.get_server(str(folder / "data"), cleanup_mode="delete")
    yield srv
    srv.cleanup()


def _stop(srv: Any) -> None:
    from pgserver._commands import pg_ctl

    pg_ctl(["-w", "-m", "fast", "stop"], pgdata=srv.pgdata, user=srv.system_user)


def _start(srv: Any) -> None:
    srv.ensure_postgres_running()


def _next_full_refresh(changes: queue.Queue[Change]) -> Change | None:
    """The first Change() naming no table (refresh everything), skipping earlier notices."""
    while True:
        try:
            change = changes.get(timeout=WAIT)
        except queue.Empty:
            return None
        if not change.tables:
            return change


def test_stopping_the_server_loses_nothing(own_server: Any, tmp_path: Path) -> None:
    url = own_server.get_uri()
    db = Database(url)
    schema.upgrade(db)
    services = Services(db)
    staff = make_staff(services)
    store = DraftStore(tmp_path / "drafts")
    states: queue.Queue[bool] = queue.Queue()
    changes: queue.Queue[Change] = queue.Queue()
    listener = ChangeListener(db, changes.put, states.put, reconnect_seconds=0.2)
    listener.start()
    try:
        assert states.get(timeout=WAIT) is True
        record = complete_draft(services, staff)
        second = complete_draft(services, staff)
        patient = save_patient(services, staff.nurse)
        new = make_record(patient=patient, physician=staff.physician.staff,
                          nurse=staff.nurse.staff, notes="Created during the outage")

        _stop(own_server)
        assert not database_reachable(db)
        assert states.get(timeout=WAIT) is False  # the banner would go up now

        edits = [
            (replace(record, notes="Edited during the outage", pain_after=1), "save"),
            (replace(second, notes="Sent for signature during the outage"), MARK_READY),
            (new, "save"),
        ]
        for edit, action in edits:
            call = services.records.mark_ready if action == MARK_READY else \
                services.records.save
            with pytest.raises(DatabaseUnavailableError) as err:
                call(staff.nurse, edit)
            assert "kept on this workstation" in str(err.value)
            keep_for_retry(store, staff.nurse, edit, action=action)
            figures.add("outage_edits_kept")

        down = retry_pending(services, staff.nurse, store)
        assert down.still_down and down.left == 3 and not down.saved
        assert len(pending_drafts(store, "nkim")) == 3

        _start(own_server)
        assert database_reachable(db)
        assert states.get(timeout=WAIT) is True
        # Lists catch up after the outage: an all-tables Change() follows the reconnection.
        # Notices of the saves made before the stop may still be queued ahead of it.
        assert _next_full_refresh(changes) == Change()

        back = retry_pending(services, staff.nurse, store)
        assert back.done and len(back.saved) == 3 and not back.conflicts and not back.failed
        figures.add("outage_edits_saved_after", len(back.saved))
        assert pending_drafts(store, "nkim") == []

        with UnitOfWork(db, write=False) as uow:
            first = uow.records.get(record.id)
            sent = uow.records.get(second.id)
            created = [r for r in uow.records.for_patient(patient.id)
                       if r.notes == "Created during the outage"]
            chain = uow.audit.verify()
        assert (first.notes, first.pain_after) == ("Edited during the outage", 1)
        assert sent.status is RecordStatus.READY
        assert sent.notes == "Sent for signature during the outage"
        assert len(created) == 1
        assert chain.intact
        figures.add("outage_records_lost", 3 - len(back.saved))
    finally:
        listener.stop()
        db.dispose()
