"""Issue 15 (2, 7, 14): reopening a ready record for changes, voiding a draft, and the
record a new one copies from; SQLite and PostgreSQL."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from typing import Any

import pytest

from clinic_desk.domain.audit import AuditAction
from clinic_desk.domain.errors import RecordSignedError, ValidationError
from clinic_desk.domain.record import RecordStatus
from clinic_desk.services import Services
from tests.factories import make_record
from tests.signoff.helpers import (
    audit_entries,
    raw_execute,
    ready_record,
    save_patient,
    signed_record,
    stored,
)


def test_reopen_with_a_reason_shows_it_in_the_queue_and_the_audit(services: Services,
                                                                  staff: Any) -> None:
    ready = ready_record(services, staff)
    with pytest.raises(ValidationError, match="Say why"):
        services.records.reopen(staff.nurse, ready.id, ready.version, "   ")
    reopened = services.records.reopen(staff.nurse, ready.id, ready.version,
                                       "Wrong  side recorded")
    assert reopened.status is RecordStatus.DRAFT
    assert reopened.status_note == "Wrong side recorded"
    assert reopened.version == ready.version + 1
    queue = services.records.ready_queue(staff.physician)
    assert [(r.record_id, r.status_label) for r in queue] == [
        (ready.id, "Reopened for changes: Wrong side recorded")]
    mine = services.records.worklist(staff.physician, status=RecordStatus.READY,
                                     physician=staff.physician.username, reopened=True)
    assert [r.record_id for r in mine] == [ready.id]
    (entry,) = audit_entries(services, action=AuditAction.RECORD_REOPEN)
    assert entry.record_id == ready.id and entry.detail == {"reason": "Wrong side recorded"}
    # Now it saves as a draft; back in the queue it still says why it was reopened.
    saved = services.records.save(staff.nurse, replace(reopened, pain_after=3))
    again = services.records.mark_ready(staff.nurse, saved)
    assert again.status_note == "Wrong side recorded"
    (row,) = services.records.ready_queue(staff.physician)
    assert row.status_label == "Ready for signature (reopened: Wrong side recorded)"
    # Only a ready record is reopened, never a signed one.
    draft = make_draft(services, staff)
    with pytest.raises(ValidationError, match="not waiting"):
        services.records.reopen(staff.nurse, draft.id, draft.version, "no need")
    signed = services.signing.sign(staff.physician, again.id, staff.password,
                                   "Reviewed and approved")
    with pytest.raises(RecordSignedError):
        services.records.reopen(staff.nurse, signed.id, signed.version, "late")


def make_draft(services: Services, staff: Any, **fields: Any) -> Any:
    patient = fields.pop("patient", None) or save_patient(services, staff.nurse)
    return services.records.save(staff.nurse, make_record(patient=patient, **fields))


def test_void_a_draft_keeps_it_out_of_lists_and_in_the_audit(services: Services,
                                                             staff: Any) -> None:
    draft = make_draft(services, staff, joints=())
    with pytest.raises(ValidationError, match="Say why"):
        services.records.void_draft(staff.nurse, draft.id, draft.version, "")
    voided = services.records.void_draft(staff.nurse, draft.id, draft.version,
                                         "Opened by mistake")
    assert voided.status is RecordStatus.VOID
    assert draft.id not in [r.record_id for r in services.records.worklist(staff.nurse)]
    assert services.patients.history(staff.nurse, draft.patient.id) == []
    (entry,) = audit_entries(services, action=AuditAction.RECORD_VOID)
    assert entry.detail == {"reason": "Opened by mistake"}
    assert stored(services, draft.id).status is RecordStatus.VOID  # kept, not deleted
    with pytest.raises(Exception, match="voided"):
        services.records.save(staff.nurse, replace(voided, notes="x"))


def test_void_is_refused_for_ready_and_signed_records(services: Services, staff: Any,
                                                      db_url: str) -> None:
    ready = ready_record(services, staff)
    with pytest.raises(ValidationError, match="Only a draft"):
        services.records.void_draft(staff.nurse, ready.id, ready.version, "mistake")
    signed = signed_record(services, staff)
    with pytest.raises(RecordSignedError):
        services.records.void_draft(staff.nurse, signed.id, signed.version, "mistake")
    # Below the application: the database refuses to void a signed record.
    with pytest.raises(Exception, match="record is signed"):
        raw_execute(db_url, "UPDATE records SET status = 'void' WHERE id = ?", (signed.id,))
    assert stored(services, signed.id).status is RecordStatus.SIGNED


def test_previous_for_copy_is_the_latest_earlier_record_not_voided(services: Services,
                                                                   staff: Any) -> None:
    patient = save_patient(services, staff.nurse)
    first = make_draft(services, staff, patient=patient, joints="L4-L5 B")
    start = first.performed_at
    second = make_draft(services, staff, patient=patient, joints="L5-S1 L",
                        performed_at=start + timedelta(days=7), ended_at=None)
    junk = make_draft(services, staff, patient=patient, joints="C5-C6 R",
                      performed_at=start + timedelta(days=8), ended_at=None)
    services.records.void_draft(staff.nurse, junk.id, junk.version, "mistake")
    new = services.records.new_record(staff.nurse, patient.id)
    new = replace(new, performed_at=start + timedelta(days=14))
    last = services.records.previous_for_copy(staff.nurse, new)
    assert last is not None and last.id == second.id
    other = services.records.new_record(staff.nurse, save_patient(services, staff.nurse).id)
    assert services.records.previous_for_copy(staff.nurse, other) is None


def test_open_choices_are_stored_and_block_ready(services: Services, staff: Any) -> None:
    """Issue 15 (5): block, contrast and sedation start unanswered, stay so when saved,
    and keep the record from the physicians' queue; clinic defaults pre-fill them."""
    from clinic_desk.domain.clinic import RecordDefaults
    from clinic_desk.domain.procedures import Sedation
    from clinic_desk.domain.record_format import content_to_json, parse_record

    patient = save_patient(services, staff.nurse)
    new = services.records.new_record(staff.nurse, patient.id)
    assert new.unanswered == {"block_number", "guidance.contrast", "sedation"}
    draft = services.records.save(staff.nurse, replace(
        make_record(patient=patient), unanswered=frozenset({"sedation"})))
    assert stored(services, draft.id).unanswered == {"sedation"}
    with pytest.raises(ValidationError, match="Choose the sedation level"):
        services.records.mark_ready(staff.nurse, draft)
    # The record JSON carries an open choice; a complete record's JSON is as before.
    data = content_to_json(stored(services, draft.id))
    assert data["unanswered"] == ["sedation"]
    assert parse_record(data)[0].unanswered == {"sedation"}
    done = services.records.mark_ready(staff.nurse, replace(
        stored(services, draft.id), unanswered=frozenset()))
    assert "unanswered" not in content_to_json(done)
    services.settings.save_record_defaults(staff.admin, RecordDefaults(
        block_number=2, contrast="", sedation=Sedation.MINIMAL.value))
    with pytest.raises(ValidationError, match="not a contrast agent"):
        services.settings.save_record_defaults(staff.admin, RecordDefaults(contrast="lidocaine"))
    prefilled = services.records.new_record(staff.nurse, patient.id)
    assert prefilled.unanswered == frozenset()
    assert (prefilled.block_number, prefilled.guidance.contrast, prefilled.sedation) == (
        2, None, Sedation.MINIMAL)
