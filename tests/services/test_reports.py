"""Issue 13's clinic reports, computed in the database, on SQLite and PostgreSQL."""

from __future__ import annotations

import csv
import io
from datetime import date, timedelta
from typing import Any

import pytest

from clinic_desk.domain.errors import PermissionDeniedError, ValidationError
from clinic_desk.domain.procedures import (
    Complication,
    ComplicationKind,
    Guidance,
    Modality,
    ProcedureKind,
)
from clinic_desk.domain.reports import ReportFilter, nearest_rank
from clinic_desk.services import Services
from clinic_desk.storage.unit_of_work import UnitOfWork
from tests.factories import at, make_record
from tests.services.test_pathway_calls import NEGATIVE, POSITIVE, call
from tests.signoff.helpers import audit_actions, save_patient

MBB = ProcedureKind.MEDIAL_BRANCH_BLOCK
RFA = ProcedureKind.RADIOFREQUENCY_ABLATION
TIMES = [20.0, 30.0, 40.0, 50.0, 60.0]


def add(services: Services, staff: Any, patient: Any, kind: ProcedureKind, number: int | None,
        when: str, fluoro: float, **kw: Any) -> Any:
    kw.setdefault("physician", staff.physician.staff)
    record = make_record(patient=patient, kind=kind, block_number=number, performed_at=at(when),
                         ended_at=at(when) + timedelta(minutes=20), follow_up=None,
                         joints="L4-5 B", pain_before=8, pain_after=1,
                         guidance=Guidance(Modality.FLUOROSCOPY, fluoro, fluoro / 10),
                         nurse=staff.nurse.staff, **kw)
    if kind is not MBB:
        record = record.with_changes(medications=())
    return services.records.save(staff.nurse, record)


def test_report_tables(services: Services, staff: Any) -> None:
    p = save_patient(services, staff.nurse)
    b1 = add(services, staff, p, MBB, 1, "2026-03-02 09:00", TIMES[0])  # Monday
    b1b = add(services, staff, p, MBB, 1, "2026-03-04 09:00", TIMES[1],
              complications=(Complication(ComplicationKind.VASOVAGAL),))
    b2 = add(services, staff, p, MBB, 2, "2026-03-16 09:00", TIMES[2])
    add(services, staff, p, MBB, 1, "2026-03-18 09:00", TIMES[3])  # no call: missing
    rfa = add(services, staff, p, RFA, None, "2026-03-20 09:00", TIMES[4],
              physician=staff.physician2.staff)
    add(services, staff, p, MBB, 1, "2025-12-01 09:00", 99.0)  # outside the dates
    services.calls.record(staff.nurse, b1.id, call("2026-03-03 10:00", *POSITIVE))
    services.calls.record(staff.nurse, b1b.id, call("2026-03-05 10:00", *NEGATIVE))
    services.calls.record(staff.nurse, b2.id, call("2026-03-17 10:00", *POSITIVE))
    services.calls.record(staff.nurse, rfa.id, call("2026-03-21 10:00", outcome="no_answer",
                                                      diary=None))
    services.calls.record(staff.nurse, rfa.id, call(
        "2026-09-21 10:00", diary=None,
        follow_up={"months": 6, "pain": 3, "relief_percent": 60}))
    report = services.reports.run(staff.physician, ReportFilter(date(2026, 3, 1),
                                                                date(2026, 3, 31)))
    weekly = report.table("weekly").rows
    assert ("2026-03-02", "Medial branch block", "Hana Lee", 2) in weekly
    assert ("2026-03-16", "Radiofrequency ablation", "Chidi Okafor", 1) in weekly
    assert sum(int(r[3] or 0) for r in weekly) == 5
    assert report.table("positivity").rows == (
        ("Block 1", 3, 2, 1, 0, 50.0), ("Block 2", 1, 1, 1, 0, 100.0))
    assert report.table("rfa_6_months").rows == ((1, 1, 1, 100.0),)
    assert report.table("complications").rows == (
        ("Medial branch block", "Vasovagal reaction", 1, 4, 25.0),)
    assert report.table("reach").rows == ((5, 4, 3, 75.0),)
    fluoro = {(r[0], r[1]): r[2:] for r in report.table("fluoro").rows}
    mbb_times = TIMES[:4]
    assert fluoro[("Medial branch block", "lumbar")] == (
        4, nearest_rank(mbb_times, 0.5), nearest_rank(mbb_times, 0.75))
    assert fluoro[("Medial branch block", "lumbar")] == (4, 30.0, 40.0)
    # One physician; CSV read back by the csv module.
    mine = services.reports.run(staff.admin, ReportFilter(date(2026, 3, 1), date(2026, 3, 31),
                                                          "drokafor"))
    assert mine.table("weekly").rows == (("2026-03-16", "Radiofrequency ablation",
                                          "Chidi Okafor", 1),)
    rows = list(csv.reader(io.StringIO(report.to_csv())))
    assert ["Week of", "Procedure", "Physician", "Procedures"] in rows
    assert "report_view" in audit_actions(services)


def test_reports_are_for_physicians_and_admins(services: Services, staff: Any) -> None:
    flt = ReportFilter(date(2026, 3, 1), date(2026, 3, 31))
    for who in (staff.nurse, staff.desk):
        with pytest.raises(PermissionDeniedError):
            services.reports.run(who, flt)
    with pytest.raises(ValidationError) as e:
        ReportFilter(date(2026, 3, 31), date(2026, 3, 1))
    assert e.value.issues[0].field == "to"


def test_outcome_counts_equal_the_unfenced_statement(services: Services, staff: Any,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    """The one pass over block results, follow-ups and call reach keeps its derived table
    apart (`_fence`, for speed); merged, as before, it must give exactly the same counts."""
    from clinic_desk.storage import reports as stored_reports

    p = save_patient(services, staff.nurse)
    b1 = add(services, staff, p, MBB, 1, "2026-03-02 09:00", TIMES[0])
    b2 = add(services, staff, p, MBB, 2, "2026-03-09 09:00", TIMES[1])
    b3 = add(services, staff, p, MBB, 1, "2026-03-10 09:00", TIMES[2])
    rfa = add(services, staff, p, RFA, None, "2026-03-11 09:00", TIMES[3])
    rfa2 = add(services, staff, p, RFA, None, "2026-03-12 09:00", TIMES[4])
    # Newest diary wins: b1 negative, then positive; b2 positive, then negative.
    services.calls.record(staff.nurse, b1.id, call("2026-03-03 10:00", *NEGATIVE))
    services.calls.record(staff.nurse, b1.id, call("2026-03-03 12:00", *POSITIVE))
    services.calls.record(staff.nurse, b2.id, call("2026-03-10 10:00", *POSITIVE))
    services.calls.record(staff.nurse, b2.id, call("2026-03-10 11:00", *NEGATIVE))
    services.calls.record(staff.nurse, b3.id, call("2026-03-11 10:00", outcome="no_answer",
                                                     diary=None))
    services.calls.record(staff.nurse, rfa.id, call("2026-03-12 10:00", diary=None))
    for months, relief in ((3, 90), (6, 40), (6, 70)):
        services.calls.record(staff.nurse, rfa.id, call(
            f"2026-{3 + months:02d}-15 10:0{months % 5}", diary=None,
            follow_up={"months": months, "pain": 2, "relief_percent": relief}))
    services.calls.record(staff.nurse, rfa2.id, call(
        "2026-09-16 10:00", diary=None, follow_up={"months": 6, "pain": 5,
                                                   "relief_percent": 20}))
    flt = ReportFilter(date(2026, 3, 1), date(2026, 3, 31))

    def tables() -> list[Any]:
        report = services.reports.run(staff.admin, flt)
        return [report.table(k).rows for k in ("positivity", "rfa_6_months", "reach")]

    assert tables() == [(("Block 1", 2, 1, 1, 0, 100.0), ("Block 2", 1, 1, 0, 0, 0.0)),
                        ((2, 2, 1, 50.0),), ((5, 4, 3, 75.0),)]

    def reference() -> list[Any]:
        """The row statements (the reference the summary is tested against)."""
        with UnitOfWork(services.db, write=False) as uow:
            rows = stored_reports.RowReportRepository(uow, services.db.is_sqlite).outcomes(
                date(2026, 3, 1), date(2026, 4, 1), None, 80)
        return [tuple(r) for r in rows]

    fenced = reference()
    with UnitOfWork(services.db, write=False) as uow:
        summary = stored_reports.ReportRepository(uow, services.db.is_sqlite).outcomes(
            date(2026, 3, 1), date(2026, 4, 1), None, 80)
    assert [tuple(r) for r in summary] == fenced
    monkeypatch.setattr(stored_reports, "_fence", lambda sqlite: "")
    assert reference() == fenced
