"""Issue 15, point 2, in the service: a record ready for signature leaves the physicians' queue
only by reopen() (reason audited, shown in the queue) or by being signed. Every save path
(the editor, "keep mine" in the conflict dialog, the offline retry, an import, mark_ready
again) is refused with nothing changed and nothing audited. SQLite and PostgreSQL."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest

from clinic_desk.domain.errors import RecordReadyError, ValidationError, VersionConflictError
from clinic_desk.domain.record import RecordStatus
from clinic_desk.domain.record_format import content_to_json
from clinic_desk.services import Services
from tests.signoff.helpers import (
    FAMILY,
    GIVEN,
    audit_count,
    audit_entries,
    complete_draft,
    ready_record,
    snapshot,
    stored,
)


def _url(services: Services) -> str:
    return str(services.db.url.render_as_string(hide_password=False))


def _sent_meanwhile(services: Services, staff: Any) -> tuple[Any, Any, Any]:
    """The nurse opens a draft; drlee (another workstation) completes and sends it for
    signature; the nurse's edit is of the version before."""
    base = complete_draft(services, staff)
    theirs = services.records.mark_ready(staff.physician, replace(base, notes="Checked"))
    mine = replace(base, pain_after=4)
    return base, theirs, mine


def _queue_ids(services: Services, staff: Any) -> dict[int, Any]:
    return {r.record_id: r for r in services.records.ready_queue(staff.physician)}


def test_a_stale_save_of_a_record_sent_for_signature_changes_nothing(services: Services,
                                                                      staff: Any) -> None:
    base, _, mine = _sent_meanwhile(services, staff)
    url, entries = _url(services), audit_count(services)
    before = snapshot(url, base.id)
    with pytest.raises(VersionConflictError):
        services.records.save(staff.nurse, mine)
    assert snapshot(url, base.id) == before and audit_count(services) == entries
    assert stored(services, base.id).status is RecordStatus.READY
    assert base.id in _queue_ids(services, staff)


def test_keep_mine_over_a_record_sent_for_signature_is_refused(services: Services,
                                                                staff: Any) -> None:
    """The conflict dialog's "keep mine" (forced save) used to pull it back to draft."""
    base, theirs, mine = _sent_meanwhile(services, staff)
    url, entries = _url(services), audit_count(services)
    before = snapshot(url, base.id)
    with pytest.raises(RecordReadyError) as err:
        services.conflicts.keep_mine(staff.nurse, mine, expected_version=theirs.version)
    assert err.value.record_id == base.id and err.value.updated_by == "drlee"
    message = str(err.value)
    assert f"{FAMILY}, {GIVEN}" in message and "Nothing was saved" in message
    assert "Reopen it for changes first (Ctrl+Shift+O) and give the reason" in message
    with pytest.raises(RecordReadyError):  # without a version: the one stored, same answer
        services.conflicts.keep_mine(staff.nurse, mine)
    assert snapshot(url, base.id) == before and audit_count(services) == entries
    now = stored(services, base.id)
    assert now.status is RecordStatus.READY and now.pain_after == base.pain_after
    assert _queue_ids(services, staff)[base.id].status is RecordStatus.READY


def test_keep_mine_with_a_reason_reopens_and_saves_in_one_transaction(services: Services,
                                                                       staff: Any) -> None:
    base, theirs, mine = _sent_meanwhile(services, staff)
    saved = services.conflicts.keep_mine(staff.nurse, mine, expected_version=theirs.version,
                                         reopen_reason="  Pain after\nwas 4  ")
    assert saved.status is RecordStatus.DRAFT and saved.pain_after == 4
    assert saved.version == theirs.version + 2  # reopened, then mine on top
    row = _queue_ids(services, staff)[base.id]  # still listed, with the reason
    assert row.status is RecordStatus.DRAFT and row.status_note == "Pain after was 4"
    reopen, change, kept = audit_entries(services, record_id=base.id)[-3:]
    assert reopen.action.value == "record_reopen"
    assert reopen.detail == {"reason": "Pain after was 4"} and reopen.username == "nkim"
    assert change.action.value == "record_change"
    assert {c["field"] for c in change.detail["changes"]} >= {"pain_after"}
    assert kept.detail["conflict"] == "kept mine as a new draft version"


def test_keep_mine_with_a_reason_still_refuses_a_save_nobody_has_seen(services: Services,
                                                                       staff: Any) -> None:
    base, theirs, mine = _sent_meanwhile(services, staff)
    services.records.reopen(staff.physician, base.id, theirs.version, "Levels")
    url, entries = _url(services), audit_count(services)
    before = snapshot(url, base.id)
    with pytest.raises(VersionConflictError):
        services.conflicts.keep_mine(staff.nurse, mine, expected_version=theirs.version,
                                     reopen_reason="Mine")
    with pytest.raises(ValidationError):  # an empty reason is no reason
        services.conflicts.keep_mine(staff.nurse, mine, reopen_reason="   ")
    assert snapshot(url, base.id) == before and audit_count(services) == entries


def test_a_current_save_of_a_ready_record_is_refused_even_unchanged(services: Services,
                                                                    staff: Any) -> None:
    """What the offline retry, an old client or a script would send: the version is current,
    so only the stored status can stop it."""
    ready = ready_record(services, staff)
    url, entries = _url(services), audit_count(services)
    before = snapshot(url, ready.id)
    for attempt in (replace(ready, notes="Edited while waiting"), ready,
                    replace(ready, status=RecordStatus.DRAFT, pain_after=0)):
        with pytest.raises(RecordReadyError):
            services.records.save(staff.nurse, attempt)
    assert snapshot(url, ready.id) == before and audit_count(services) == entries
    reopened = services.records.reopen(staff.nurse, ready.id, ready.version, "Add a note")
    saved = services.records.save(staff.nurse, replace(reopened, notes="Edited"))
    assert saved.status is RecordStatus.DRAFT and saved.notes == "Edited"


def test_mark_ready_again_unchanged_is_a_no_op_and_with_changes_is_refused(
        services: Services, staff: Any) -> None:
    """Decision: what the physician is about to review never changes without a reason in
    the queue. Sent again unchanged: nothing written; with changes: reopen first."""
    ready = ready_record(services, staff)
    url, entries = _url(services), audit_count(services)
    before = snapshot(url, ready.id)
    again = services.records.mark_ready(staff.nurse, ready)
    assert again == stored(services, ready.id) and again.version == ready.version
    with pytest.raises(RecordReadyError):
        services.records.mark_ready(staff.nurse, replace(ready, pain_after=0))
    assert snapshot(url, ready.id) == before and audit_count(services) == entries


def test_an_import_cannot_update_a_ready_record(services: Services, staff: Any) -> None:
    ready = ready_record(services, staff)
    data = content_to_json(ready) | {"id": ready.id, "version": ready.version, "notes": "x"}
    url, entries = _url(services), audit_count(services)
    before = snapshot(url, ready.id)
    with pytest.raises(ValidationError, match="only a draft can be updated"):
        services.records.import_records(staff.nurse, data)
    assert snapshot(url, ready.id) == before and audit_count(services) == entries
