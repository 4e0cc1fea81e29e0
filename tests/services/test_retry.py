"""Keeping unsaved work through a database outage and saving it when the database is back:
the retry helper with a database that fails on demand (the real outage, a stopped PostgreSQL
server, is in tests/proof)."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from clinic_desk.domain.errors import DatabaseUnavailableError
from clinic_desk.domain.record import RecordStatus
from clinic_desk.services import Services
from clinic_desk.services.drafts import DraftStore
from clinic_desk.services.retry import (
    MARK_READY,
    PENDING,
    REFUSED,
    REFUSED_READY,
    RetryClock,
    database_reachable,
    keep_for_retry,
    next_delay,
    pending_drafts,
    retry_pending,
)
from clinic_desk.storage.engine import Database
from tests.factories import make_record
from tests.signoff.helpers import (
    FAMILY,
    complete_draft,
    ready_record,
    save_patient,
    signed_record,
    stored,
)


class Outage:
    """Makes every record save raise DatabaseUnavailableError while `down` is set."""

    def __init__(self, services: Services, monkeypatch: pytest.MonkeyPatch) -> None:
        self.down = False
        for name in ("save", "mark_ready"):
            real = getattr(services.records, name)

            def wrapped(*args: Any, _real: Any = real, **kwargs: Any) -> Any:
                if self.down:
                    raise DatabaseUnavailableError("The database cannot be reached.")
                return _real(*args, **kwargs)

            monkeypatch.setattr(services.records, name, wrapped)


def test_an_edit_kept_during_an_outage_is_saved_when_the_database_is_back(
        services: Services, staff: Any, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    store = DraftStore(tmp_path / "drafts")
    outage = Outage(services, monkeypatch)
    record = complete_draft(services, staff)
    edit = replace(record, notes="Written while the server was down")

    outage.down = True
    with pytest.raises(DatabaseUnavailableError):
        services.records.save(staff.nurse, edit)
    keep_for_retry(store, staff.nurse, edit)
    assert len(pending_drafts(store, "nkim")) == 1

    first = retry_pending(services, staff.nurse, store)
    assert first.still_down and first.left == 1 and not first.saved
    assert len(pending_drafts(store, "nkim")) == 1  # still kept

    outage.down = False
    second = retry_pending(services, staff.nurse, store)
    assert second.done and [s.id for _, s in second.saved] == [record.id]
    assert stored(services, record.id).notes == "Written while the server was down"
    assert pending_drafts(store, "nkim") == []


def test_a_new_record_and_a_mark_ready_wait_and_are_saved_in_order(
        services: Services, staff: Any, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    store = DraftStore(tmp_path / "drafts")
    outage = Outage(services, monkeypatch)
    patient = save_patient(services, staff.nurse)
    new = make_record(patient=patient, physician=staff.physician.staff,
                      nurse=staff.nurse.staff)
    draft = services.records.save(staff.nurse, make_record(
        patient=patient, physician=staff.physician.staff, nurse=staff.nurse.staff))
    outage.down = True
    keep_for_retry(store, staff.nurse, new)
    keep_for_retry(store, staff.nurse, draft, action=MARK_READY)
    outage.down = False

    outcome = retry_pending(services, staff.nurse, store)
    assert len(outcome.saved) == 2 and not outcome.conflicts and not outcome.failed
    created = next(s for _, s in outcome.saved if s.id != draft.id)
    assert created.id is not None and stored(services, created.id).pain_after == new.pain_after
    assert stored(services, draft.id).status is RecordStatus.READY


def test_a_save_that_did_reach_the_database_is_not_saved_twice(
        services: Services, staff: Any, tmp_path: Path) -> None:
    """The connection dropped after the commit: the retry finds the work already there."""
    store = DraftStore(tmp_path / "drafts")
    record = complete_draft(services, staff)
    edit = replace(record, notes="Saved, but the answer was lost")
    keep_for_retry(store, staff.nurse, edit)
    services.records.save(staff.nurse, edit)  # it did get through

    patient = save_patient(services, staff.nurse)
    new = make_record(patient=patient, physician=staff.physician.staff,
                      nurse=staff.nurse.staff)
    earlier = services.records.save(staff.nurse, new)  # the same content, saved on purpose
    started = datetime.now().astimezone()
    services.records.save(staff.nurse, new)  # the attempt that got through
    keep_for_retry(store, staff.nurse, new, attempted_at=started)
    count = len(services.records.list_records(staff.nurse))

    outcome = retry_pending(services, staff.nurse, store)
    assert len(outcome.saved) == 2 and not outcome.conflicts
    assert len(services.records.list_records(staff.nurse)) == count  # no duplicate
    assert earlier.id not in [s.id for _, s in outcome.saved]


def test_someone_else_saving_meanwhile_is_a_conflict_for_the_person(
        services: Services, staff: Any, tmp_path: Path) -> None:
    store = DraftStore(tmp_path / "drafts")
    record = complete_draft(services, staff)
    keep_for_retry(store, staff.nurse, replace(record, notes="mine"))
    services.records.save(staff.physician, replace(record, notes="theirs"))

    outcome = retry_pending(services, staff.nurse, store)
    assert len(outcome.conflicts) == 1 and not outcome.saved
    draft, error = outcome.conflicts[0]
    assert error.updated_by == "drlee"
    assert store.exists(draft.key)  # kept until the person decides
    assert stored(services, record.id).notes == "theirs"


def test_a_kept_edit_of_a_record_sent_for_signature_meanwhile_is_kept_not_applied(
        services: Services, staff: Any, tmp_path: Path) -> None:
    """Issue 15 (2): the retry used to save it and so take the record out of the physicians'
    queue. Now it stays ready and unchanged; the edit stays on this workstation, flagged, no
    longer pending (no later round applies it), and the outcome names the patient."""
    store = DraftStore(tmp_path / "drafts")
    stale = complete_draft(services, staff)  # sent by drlee after the nurse's edit was kept
    keep_for_retry(store, staff.nurse, replace(stale, notes="mine, stale"))
    services.records.mark_ready(staff.physician, stale)
    current = ready_record(services, staff)  # kept at the ready version itself
    keep_for_retry(store, staff.nurse, replace(current, notes="mine, current"))
    before = {r.id: stored(services, r.id) for r in (stale, current)}

    outcome = retry_pending(services, staff.nurse, store)
    assert not outcome.saved and not outcome.conflicts and not outcome.failed
    assert sorted(e.record_id for _, e in outcome.ready) == sorted([stale.id, current.id])
    for draft, error in outcome.ready:
        assert FAMILY in error.patient and "Reopen it for changes first" in str(error)
        kept = store.load(draft.key)
        assert kept.extra[REFUSED] == REFUSED_READY and PENDING not in kept.extra
        assert kept.content["notes"].startswith("mine")  # nothing lost
    for record_id, was in before.items():
        now = stored(services, record_id)
        assert now == was and now.status is RecordStatus.READY
    assert pending_drafts(store, "nkim") == []
    again = retry_pending(services, staff.nurse, store)
    assert not (again.saved or again.conflicts or again.failed or again.ready)


def test_a_record_signed_meanwhile_is_reported_and_kept(services: Services, staff: Any,
                                                        tmp_path: Path) -> None:
    store = DraftStore(tmp_path / "drafts")
    signed = signed_record(services, staff)
    keep_for_retry(store, staff.nurse, replace(signed, status=RecordStatus.DRAFT,
                                               notes="too late", version=1))
    outcome = retry_pending(services, staff.nurse, store)
    assert len(outcome.failed) + len(outcome.conflicts) == 1 and not outcome.saved
    assert len(pending_drafts(store, "nkim")) == 1


def test_only_my_pending_drafts_are_retried(services: Services, staff: Any,
                                            tmp_path: Path) -> None:
    store = DraftStore(tmp_path / "drafts")
    record = complete_draft(services, staff)
    keep_for_retry(store, staff.physician, replace(record, notes="the doctor's"))
    assert retry_pending(services, staff.nurse, store).saved == []
    assert len(pending_drafts(store, "drlee")) == 1


def test_backoff_and_the_clock() -> None:
    assert [next_delay(n) for n in range(7)] == [2, 4, 8, 15, 30, 30, 30]
    now = [100.0]
    clock = RetryClock(lambda: now[0])
    assert not clock.due()
    assert clock.failed() == 2
    now[0] += 1.9
    assert not clock.due()
    now[0] += 0.1
    assert clock.due()
    assert clock.failed() == 4
    clock.reset()
    assert clock.attempt == 0 and not clock.due()


def test_database_reachable(services: Services, tmp_path: Path) -> None:
    assert database_reachable(services.db)
    missing = Database(f"sqlite:///{tmp_path / 'no' / 'such' / 'folder' / 'x.sqlite3'}")
    assert not database_reachable(missing)
    url = services.db.url
    if not services.db.is_sqlite:
        gone = Database(url.set(database="no_such_database").render_as_string(
            hide_password=False))
        assert not database_reachable(gone)
        gone.dispose()


def test_the_same_instant_in_another_offset_is_the_same_content(services: Services,
                                                               staff: Any,
                                                               tmp_path: Path) -> None:
    from datetime import timedelta, timezone

    store = DraftStore(tmp_path / "drafts")
    record = complete_draft(services, staff)
    assert record.ended_at is not None
    edit = replace(record, notes="got through",
                   ended_at=record.ended_at.astimezone(timezone(timedelta(hours=3))))
    keep_for_retry(store, staff.nurse, edit)
    services.records.save(staff.nurse, edit)  # the lost answer: it did get through
    outcome = retry_pending(services, staff.nurse, store)
    assert len(outcome.saved) == 1 and not outcome.conflicts
