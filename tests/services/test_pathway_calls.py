"""Issue 13 on SQLite and PostgreSQL: calls and diary results saved as signed entries of
their own, the rules judged from them, follow-ups coming due, the pathway, bad input."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest

from clinic_desk.domain.calls import CallPurpose
from clinic_desk.domain.errors import PermissionDeniedError, ValidationError
from clinic_desk.domain.joints import Region
from clinic_desk.domain.procedures import ProcedureKind
from clinic_desk.domain.record import ProcedureRecord
from clinic_desk.services import Services
from tests.factories import at, make_record
from tests.signoff.helpers import (
    MEANING,
    audit_actions,
    raw_execute,
    raw_rows,
    save_patient,
    stored,
)

MBB = ProcedureKind.MEDIAL_BRANCH_BLOCK
RFA = ProcedureKind.RADIOFREQUENCY_ABLATION
IA = ProcedureKind.INTRA_ARTICULAR


def add(services: Services, staff: Any, patient: Any, kind: ProcedureKind, number: int | None,
        when: str, joints: str = "L4-5 L, L5-S1 L", sign: bool = False) -> ProcedureRecord:
    record = make_record(patient=patient, kind=kind, block_number=number,
                         performed_at=at(when), ended_at=at(when) + timedelta(minutes=25),
                         follow_up=None, joints=joints, pain_before=8, pain_after=0,
                         physician=staff.physician.staff, nurse=staff.nurse.staff)
    if kind is not MBB:
        record = record.with_changes(medications=())
    if not sign:
        return services.records.save(staff.nurse, record)
    ready = services.records.mark_ready(staff.nurse, record)
    assert ready.id is not None
    return services.signing.sign(staff.physician, ready.id, staff.password, MEANING)


def call(when: str, *pains: int, outcome: str = "reached", **extra: Any) -> dict[str, Any]:
    minutes = (15, 30, 60, 120, 180, 240, 300, 360)
    data: dict[str, Any] = {
        "format": "clinic-desk/call@1", "called_at": at(when).isoformat(), "outcome": outcome,
        "problems": [],
        "diary": [{"after_minutes": m, "pain": p} for m, p in zip(minutes, pains, strict=False)]
        or None, "recalled": None}
    data.update(extra)
    return data


POSITIVE = (1, 1, 1, 1, 2, 4, 6, 8)  # baseline 8: 87.5% for 2 h
NEGATIVE = (4, 4, 3, 4, 6, 8, 8, 8)  # best 62.5%
FIFTY_PERCENT = {"profile": "commercial-50",
                 "profiles": [{"key": "commercial-50", "name": "Commercial 50%",
                               "positive_percent": 50}]}


def codes_of(services: Services, staff: Any, record: ProcedureRecord) -> set[str]:
    assert record.id is not None
    return {w["code"] for w in services.records.export_json(staff.nurse, record.id)["warnings"]}


def test_two_positive_diaries_make_rfa_eligible_and_leave_the_signed_blocks_alone(
        services: Services, staff: Any, db_url: str) -> None:
    p = save_patient(services, staff.nurse)
    b1 = add(services, staff, p, MBB, 1, "2026-03-02 09:00", sign=True)
    b2 = add(services, staff, p, MBB, 2, "2026-03-16 09:00")
    rfa = add(services, staff, p, RFA, None, "2026-04-06 09:00")
    assert b1.id and b2.id and rfa.id
    # Before any call: the results the rules need are missing - a warning, not a pass.
    assert "RESULT_MISSING" in codes_of(services, staff, rfa)
    assert "RESULT_MISSING" in codes_of(services, staff, b2)
    saved = services.calls.record(staff.nurse, b1.id, call("2026-03-03 10:00", *POSITIVE))
    assert saved.id and saved.nurse == staff.nurse.staff and len(saved.content_hash) == 64
    assert codes_of(services, staff, b2) & {"RESULT_MISSING",
                                            "SECOND_BLOCK_WITHOUT_POSITIVE_FIRST"} == set()
    services.calls.record(staff.nurse, b2.id, call("2026-03-17 10:00", *POSITIVE))
    assert codes_of(services, staff, rfa) & {"RESULT_MISSING", "RFA_WITHOUT_TWO_BLOCKS"} == set()
    # The signed block is exactly as signed; the call is an entry of its own.
    assert services.signing.verify(stored(services, b1.id))
    assert "call_record" in audit_actions(services)
    rows = raw_rows(db_url, "SELECT record_id, outcome, nurse_username FROM call_entries "
                            "ORDER BY id")
    assert rows == [(b1.id, "reached", "nkim"), (b2.id, "reached", "nkim")]


def test_negative_diary_and_different_joints_are_not_eligible(services: Services,
                                                               staff: Any) -> None:
    p = save_patient(services, staff.nurse)
    b1 = add(services, staff, p, MBB, 1, "2026-03-02 09:00")
    b2 = add(services, staff, p, MBB, 2, "2026-03-16 09:00", joints="L3-4 L, L4-5 L")
    rfa = add(services, staff, p, RFA, None, "2026-04-06 09:00")
    assert b1.id and b2.id
    services.calls.record(staff.nurse, b1.id, call("2026-03-03 10:00", *POSITIVE))
    services.calls.record(staff.nurse, b2.id, call("2026-03-17 10:00", *POSITIVE))
    data = services.records.export_json(staff.nurse, rfa.id or 0)
    message = next(w["message"] for w in data["warnings"] if w["code"] == "RFA_WITHOUT_TWO_BLOCKS")
    assert "L5-S1 left" in message and "L4-L5" not in message
    # A later call corrects block 1 to negative: block 2 now lacks a positive block 1.
    services.calls.record(staff.nurse, b1.id, call("2026-03-03 16:00", *NEGATIVE))
    b2_same = add(services, staff, p, MBB, 2, "2026-03-20 09:00")
    assert "SECOND_BLOCK_WITHOUT_POSITIVE_FIRST" in codes_of(services, staff, b2_same)


def test_recalled_relief_and_a_commercial_profile(services: Services, staff: Any) -> None:
    p = save_patient(services, staff.nurse)
    b1 = add(services, staff, p, MBB, 1, "2026-03-02 09:00")
    b2 = add(services, staff, p, MBB, 2, "2026-03-16 09:00")
    assert b1.id and b2.id
    services.calls.record(staff.nurse, b1.id, call(
        "2026-03-03 10:00", recalled={"best_relief_percent": 60, "hours": 5}))
    services.calls.record(staff.nurse, b2.id, call("2026-03-17 10:00", *NEGATIVE))
    path = services.pathway.for_patient(staff.nurse, mrn=p.mrn, region=Region.LUMBAR)
    first = path.pathways[0].steps[0].response
    assert first is not None and first.recalled and first.result.value == "negative"
    assert "less reliable" in first.reliability
    assert "negative under Medicare LCD" in path.pathways[0].next_step
    services.pathway.save_settings(staff.admin, FIFTY_PERCENT)
    path = services.pathway.for_patient(staff.nurse, mrn=p.mrn)
    assert path.pathways[0].next_step == (
        "Two positive blocks of left L4-L5, L5-S1: RFA meets rule R2.")
    rfa = add(services, staff, p, RFA, None, "2026-04-06 09:00")
    assert "RFA_WITHOUT_TWO_BLOCKS" not in codes_of(services, staff, rfa)
    services.pathway.save_settings(staff.admin, {"profile": "medicare"})
    assert "RFA_WITHOUT_TWO_BLOCKS" in codes_of(services, staff, rfa)
    assert "pathway_view" in audit_actions(services)


def test_twelve_month_rfa_limit(services: Services, staff: Any) -> None:
    p = save_patient(services, staff.nurse)
    add(services, staff, p, RFA, None, "2026-01-05 09:00")
    add(services, staff, p, RFA, None, "2026-05-04 09:00")
    third = add(services, staff, p, RFA, None, "2026-11-02 09:00")
    assert "RFA_FREQUENCY" in codes_of(services, staff, third)


def test_calls_list_next_day_retries_and_follow_ups(services: Services, staff: Any) -> None:
    p = save_patient(services, staff.nurse, phone="555-0142")
    friday = add(services, staff, p, MBB, 1, "2026-11-27 09:00")  # a Friday
    saturday = add(services, staff, p, IA, None, "2026-11-28 11:00")
    rfa = add(services, staff, p, RFA, None, "2026-05-30 09:00", joints="L3-4 R")
    monday = date(2026, 11, 30)
    rows = services.calls.due(staff.nurse, monday)
    assert [(r.record_id, r.purpose) for r in rows] == [
        (rfa.id, CallPurpose.FOLLOW_UP), (friday.id, CallPurpose.NEXT_DAY),
        (saturday.id, CallPurpose.NEXT_DAY)]
    assert rows[0].months == 6 and rows[1].phone == "555-0142"
    assert "diary" in rows[1].ask and "global impression" in rows[0].ask
    assert friday.id and rfa.id
    # No answer three times: still listed the next day, then flagged.
    for hour in (10, 13, 16):
        services.calls.record(staff.nurse, friday.id, call(
            f"2026-11-30 {hour}:00", outcome="no_answer", diary=None))
    tuesday = [r for r in services.calls.due(staff.nurse, date(2026, 12, 1))
               if r.record_id == friday.id]
    assert tuesday and tuesday[0].flagged and tuesday[0].tries == 3
    # The 6-month follow-up recorded: no longer due.
    services.calls.record(staff.nurse, rfa.id, call(
        "2026-11-30 11:00", diary=None,
        follow_up={"months": 6, "pain": 2, "relief_percent": 70, "impression": "much_improved"}))
    assert rfa.id not in {r.record_id for r in services.calls.due(staff.nurse, monday)}


def test_bad_call_names_the_field_and_saves_nothing(services: Services, staff: Any,
                                                      db_url: str) -> None:
    p = save_patient(services, staff.nurse)
    b1 = add(services, staff, p, MBB, 1, "2026-03-02 09:00")
    assert b1.id
    before = audit_actions(services)
    bad = call("2026-03-03 10:00", *POSITIVE)
    bad["diary"][2]["pain"] = 12
    with pytest.raises(ValidationError) as e:
        services.calls.record(staff.nurse, b1.id, bad)
    assert e.value.issues[0].field == "diary[2].pain"
    with pytest.raises(ValidationError) as e2:
        services.calls.record(staff.nurse, b1.id, call("2026-03-01 10:00", *POSITIVE))
    assert e2.value.issues[0].field == "called_at"
    with pytest.raises(PermissionDeniedError):
        services.calls.record(staff.desk, b1.id, call("2026-03-03 10:00", *POSITIVE))
    assert raw_rows(db_url, "SELECT COUNT(*) FROM call_entries") == [(0,)]
    assert audit_actions(services) == before


def test_call_entries_are_append_only_below_the_application(services: Services, staff: Any,
                                                             db_url: str) -> None:
    p = save_patient(services, staff.nurse)
    b1 = add(services, staff, p, MBB, 1, "2026-03-02 09:00")
    assert b1.id
    services.calls.record(staff.nurse, b1.id, call("2026-03-03 10:00", *POSITIVE))
    from tests.conftest import owner_url

    # The workstations' role may not even try (PostgreSQL grants it SELECT and INSERT only);
    # the owner, who could, is stopped by the append-only guard (both databases).
    for url, refusal in ((db_url, "append-only|permission denied"),
                         (owner_url(db_url), "append-only")):
        with pytest.raises(Exception, match=refusal):
            raw_execute(url, "UPDATE call_entries SET outcome = 'no_answer'")
        with pytest.raises(Exception, match=refusal):
            raw_execute(url, "DELETE FROM call_entries")
    assert raw_rows(db_url, "SELECT outcome FROM call_entries") == [("reached",)]


def test_a_clinic_measure_is_recorded_at_a_follow_up(services: Services, staff: Any) -> None:
    p = save_patient(services, staff.nurse)
    rfa = add(services, staff, p, RFA, None, "2026-03-02 09:00")
    assert rfa.id
    services.pathway.save_settings(staff.admin, {"measures": [
        {"key": "odi", "name": "Disability index", "low": 0, "high": 100}]})
    follow = call("2026-09-02 10:00", diary=None,
                  follow_up={"months": 6, "relief_percent": 60, "measures": {"odi": 22}})
    services.calls.record(staff.nurse, rfa.id, follow)
    (stored_call,) = services.calls.for_record(staff.nurse, rfa.id)
    assert stored_call.follow_up is not None
    assert stored_call.follow_up.measures == (("odi", 22),)
    bad = call("2026-09-03 10:00", diary=None,
               follow_up={"months": 6, "measures": {"odi": 220}})
    with pytest.raises(ValidationError) as e:
        services.calls.record(staff.nurse, rfa.id, bad)
    assert e.value.issues[0].field == "follow_up.measures.odi"


def test_follow_up_query_equals_the_whole_window_filtered(services: Services,
                                                          staff: Any) -> None:
    """The Calls page asks the database for the procedures still owing a follow-up without
    their next-day history; the rows must be those of the whole window, filtered."""
    from clinic_desk.storage.calls import CallRepository

    p = save_patient(services, staff.nurse, phone="555-0199")
    done = add(services, staff, p, RFA, None, "2026-05-04 09:00", joints="L3-4 R")
    owing = add(services, staff, p, IA, None, "2026-05-05 09:00")
    add(services, staff, p, MBB, 1, "2026-05-06 09:00")  # diagnostic: no follow-up
    other = add(services, staff, p, RFA, None, "2026-05-07 09:00", joints="L4-5 L")
    services.calls.record(staff.nurse, done.id, call("2026-05-05 10:00", diary=None))
    services.calls.record(staff.nurse, done.id, call("2026-11-04 10:00", diary=None, follow_up={
        "months": 6, "pain": 2, "relief_percent": 70}))
    services.calls.record(staff.nurse, other.id, call("2026-08-07 10:00", diary=None, follow_up={
        "months": 3, "pain": 2, "relief_percent": 70}))  # another month's follow-up
    start, end = at("2026-05-01 00:00"), at("2026-06-01 00:00")
    with services.calls.uow(write=False) as uow:
        repo = CallRepository(uow)
        whole = repo.procedures_between(start, end)
        owed = repo.procedures_between(start, end, follow_up_months=6)
        calls = repo.for_records(r[0] for r in whole)
    expected = [r for r in whole
                if not (r[6] is MBB and r[7] in (1, 2)) and not any(
                    c.follow_up is not None and c.follow_up.months == 6
                    and c.outcome.value == "reached" for c in calls.get(r[0], []))]
    assert [r[:9] for r in owed] == [r[:9] for r in expected]
    assert [r[0] for r in owed] == [owing.id, other.id]


def test_calls_list_in_pages_gives_the_whole_list_in_order(services: Services,
                                                          staff: Any) -> None:
    """Pages of the Calls list (oldest first) put together are exactly the whole list, each
    with the counts of the whole list; the patient and levels are filled in on every row."""
    p = save_patient(services, staff.nurse, phone="555-0142")
    q = save_patient(services, staff.nurse, mrn="T00077", phone="555-0199")
    friday = add(services, staff, p, MBB, 1, "2026-11-27 09:00")
    add(services, staff, q, IA, None, "2026-11-28 11:00", joints="L3-4 R")
    add(services, staff, p, RFA, None, "2026-05-30 09:00", joints="L3-4 R")
    add(services, staff, q, RFA, None, "2026-05-29 10:00")
    assert friday.id
    for hour in (10, 13, 16):
        services.calls.record(staff.nurse, friday.id, call(
            f"2026-11-28 {hour}:00", outcome="no_answer", diary=None))
    monday = date(2026, 11, 30)
    whole = services.calls.due(staff.nurse, monday)
    assert len(whole) == 4
    ones = [services.calls.due_page(staff.nurse, monday, limit=1, offset=o) for o in range(4)]
    assert [r for page in ones for r in page.rows] == whole
    pages = [services.calls.due_page(staff.nurse, monday, limit=3, offset=o) for o in (0, 3)]
    assert [r for page in pages for r in page.rows] == whole
    assert [len(page.rows) for page in pages] == [3, 1]
    for page in pages:
        assert (page.total, page.follow_ups, page.flagged) == (4, 2, 1)
    assert {r.phone for r in pages[0].rows} == {"555-0142", "555-0199"}
    assert services.calls.due_page(staff.nurse, monday, limit=3, offset=9).rows == ()
    with pytest.raises(ValidationError) as e:
        services.calls.due_page(staff.nurse, monday, limit=0)
    assert e.value.issues[0].field == "limit"
