"""Two workstations saving one record: what the other person changed, "reload theirs",
"keep mine as a new draft version" - never a silent overwrite."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC
from typing import Any

import pytest

from clinic_desk.domain.errors import (
    NotFoundError,
    RecordSignedError,
    ValidationError,
    VersionConflictError,
)
from clinic_desk.domain.record import RecordStatus
from clinic_desk.services import Services
from tests.signoff.helpers import (
    audit_entries,
    complete_draft,
    signed_record,
    stored,
)


def _race(services: Services, staff: Any) -> tuple[Any, Any, Any]:
    """The nurse and the physician open the same version; the physician saves first."""
    base = complete_draft(services, staff)
    theirs = services.records.save(staff.physician,
                                   replace(base, pain_after=1, notes="Comfortable"))
    mine = replace(base, pain_after=3, sedation=base.sedation, notes=base.notes,
                   pain_before=8)
    with pytest.raises(VersionConflictError):
        services.records.save(staff.nurse, mine)
    return base, theirs, mine


def test_describe_lists_field_theirs_mine_and_who_changed_it(services: Services,
                                                             staff: Any) -> None:
    base, theirs, mine = _race(services, staff)
    conflict = services.conflicts.describe(staff.nurse, mine, base=base)

    by_field = {d.field: d for d in conflict.differences}
    assert set(by_field) == {"pain_after", "pain_before", "notes"}
    assert (by_field["pain_after"].theirs, by_field["pain_after"].mine) == (1, 3)
    assert by_field["pain_after"].both_changed and by_field["pain_after"].base == 2
    assert by_field["notes"].changed_by_them and not by_field["notes"].changed_by_me
    assert by_field["pain_before"].changed_by_me and not by_field["pain_before"].changed_by_them
    assert {d.field for d in conflict.they_changed} == {"pain_after", "notes"}
    assert conflict.updated_by == "drlee" and conflict.their_version == theirs.version
    assert "drlee saved this record" in conflict.summary and not conflict.signed


def test_describe_without_a_base_lists_every_difference(services: Services,
                                                        staff: Any) -> None:
    _, _, mine = _race(services, staff)
    conflict = services.conflicts.describe(staff.nurse, mine)
    assert {d.field for d in conflict.they_changed} == {"pain_after", "pain_before", "notes"}


def test_keep_mine_saves_on_top_as_a_new_draft_version(services: Services,
                                                       staff: Any) -> None:
    base, theirs, mine = _race(services, staff)
    saved = services.conflicts.keep_mine(staff.nurse, mine, expected_version=theirs.version)
    assert saved.version == theirs.version + 1 and saved.status is RecordStatus.DRAFT
    now = stored(services, base.id)
    assert (now.pain_after, now.pain_before, now.notes) == (3, 8, base.notes)
    entries = audit_entries(services, record_id=base.id)
    assert entries[-1].detail["conflict"] == "kept mine as a new draft version"
    assert entries[-1].detail["over_author"] == "drlee"
    changes = {c["field"] for c in entries[-2].detail["changes"]}
    assert {"pain_after", "notes", "pain_before"} <= changes  # what was replaced, and how


def test_keep_mine_refuses_a_third_save_nobody_has_seen(services: Services,
                                                        staff: Any) -> None:
    base, theirs, mine = _race(services, staff)
    services.records.save(staff.physician, replace(theirs, pain_after=0))
    with pytest.raises(VersionConflictError):
        services.conflicts.keep_mine(staff.nurse, mine, expected_version=theirs.version)
    assert stored(services, base.id).pain_after == 0


def test_keep_mine_cannot_change_a_record_signed_meanwhile(services: Services,
                                                           staff: Any) -> None:
    signed = signed_record(services, staff)
    mine = replace(signed, status=RecordStatus.DRAFT, pain_after=5, version=1)
    conflict = services.conflicts.describe(staff.nurse, mine)
    assert conflict.signed
    with pytest.raises(RecordSignedError):
        services.conflicts.keep_mine(staff.nurse, mine)
    assert stored(services, signed.id).pain_after == signed.pain_after


def test_reload_theirs_is_an_audited_view(services: Services, staff: Any) -> None:
    base, theirs, _ = _race(services, staff)
    reloaded = services.conflicts.reload_theirs(staff.nurse, base.id)
    assert reloaded.version == theirs.version and reloaded.pain_after == 1
    assert audit_entries(services, record_id=base.id)[-1].action.value == "record_view"


def test_keep_mine_validates_and_needs_a_saved_record(services: Services, staff: Any) -> None:
    base, _, mine = _race(services, staff)
    with pytest.raises(ValidationError):
        services.conflicts.keep_mine(staff.nurse, replace(mine, pain_after=11))
    with pytest.raises(NotFoundError):
        services.conflicts.keep_mine(staff.nurse, replace(mine, id=None))
    assert stored(services, base.id).pain_after == 1


def test_the_same_time_written_in_another_offset_is_not_a_difference() -> None:
    """A record entered at UTC-5 and read back on a workstation at UTC showed its unchanged
    times as differences in the conflict window (and in the audit entry of the save)."""
    from datetime import timedelta

    from clinic_desk.services.records import record_changes
    from clinic_desk.ui.dialogs.conflict import differences
    from tests.factories import make_record

    base = make_record()
    moved = replace(base, performed_at=base.performed_at.astimezone(UTC))
    assert moved.performed_at.utcoffset() != base.performed_at.utcoffset()
    assert record_changes(base, moved) == []
    assert differences(moved, base) == []
    later = replace(base, performed_at=base.performed_at + timedelta(minutes=15))
    assert [c["field"] for c in record_changes(base, later)] == ["performed_at"]
