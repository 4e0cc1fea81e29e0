"""Issue 13's trust boundary: a recorded call (a nurse-signed entry with diary results) can be
added, never changed or removed - not through the services (they have no such path), not
with the database credential (append-only triggers, TRUNCATE refused on PostgreSQL). Hostile
call JSON through the service changes nothing."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from clinic_desk.domain.errors import ValidationError
from clinic_desk.domain.procedures import ProcedureKind
from clinic_desk.services import Services
from tests.factories import at, make_record
from tests.signoff.helpers import raw_execute, raw_rows, save_patient


def _block_with_call(services: Services, staff: Any) -> int:
    p = save_patient(services, staff.nurse)
    when = at("2026-03-02 09:00")
    record = services.records.save(staff.nurse, make_record(
        patient=p, kind=ProcedureKind.MEDIAL_BRANCH_BLOCK, block_number=1, performed_at=when,
        ended_at=when + timedelta(minutes=25), follow_up=None, pain_before=8))
    assert record.id is not None
    services.calls.record(staff.nurse, record.id, {
        "format": "clinic-desk/call@1", "called_at": at("2026-03-03 10:00").isoformat(),
        "outcome": "reached", "diary": [{"after_minutes": 15, "pain": 1}]})
    return record.id


def test_the_database_credential_cannot_change_or_remove_a_call(services: Services,
                                                                staff: Any,
                                                                db_url: str) -> None:
    _block_with_call(services, staff)
    before = raw_rows(db_url, "SELECT id, outcome, content, content_hash FROM call_entries")
    from tests.conftest import owner_url

    # The workstations' credential is refused by its grants (PostgreSQL) or the guards
    # (SQLite); the owner's, which could, by the append-only guards (issue 11's two roles).
    for url, refusal in ((db_url, "append-only|permission denied"),
                         (owner_url(db_url), "append-only")):
        for sql in ("UPDATE call_entries SET clean_peak_percent = 100",
                    "UPDATE call_entries SET content = '{}'", "DELETE FROM call_entries"):
            with pytest.raises(Exception, match=refusal):
                raw_execute(url, sql)
        if not url.startswith("sqlite"):
            with pytest.raises(Exception, match=refusal):
                raw_execute(url, "TRUNCATE call_entries CASCADE")
    assert raw_rows(db_url, "SELECT id, outcome, content, content_hash FROM call_entries") \
        == before


_VALUE = st.one_of(st.none(), st.booleans(), st.integers(-10**6, 10**6), st.text(max_size=40),
                   st.floats(allow_nan=True, allow_infinity=True),
                   st.lists(st.integers(-5, 500), max_size=5))


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(field=st.sampled_from(["called_at", "outcome", "problems", "diary", "recalled",
                              "follow_up", "note", "format"]), value=_VALUE)
def test_hostile_call_json_changes_nothing(sqlite_services: Services, sqlite_staff: Any,
                                           sqlite_url: str, field: str, value: Any) -> None:
    services, staff = sqlite_services, sqlite_staff
    rows = raw_rows(sqlite_url, "SELECT MAX(id) FROM records")
    if rows[0][0] is None:
        _block_with_call(services, staff)
    rid = raw_rows(sqlite_url, "SELECT MAX(id) FROM records")[0][0]
    before = raw_rows(sqlite_url, "SELECT COUNT(*) FROM call_entries")
    audit = raw_rows(sqlite_url, "SELECT COUNT(*) FROM audit_log")
    data = {"format": "clinic-desk/call@1", "called_at": at("2026-03-03 11:00").isoformat(),
            "outcome": "reached", field: value}
    try:
        services.calls.record(staff.nurse, rid, data)
    except ValidationError as e:
        assert e.issues and all(i.message for i in e.issues)
        assert raw_rows(sqlite_url, "SELECT COUNT(*) FROM call_entries") == before
        assert raw_rows(sqlite_url, "SELECT COUNT(*) FROM audit_log") == audit
