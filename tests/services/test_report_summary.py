"""The report summary (issue 13, migration 0011) stays equal to the figures computed from
the rows after every kind of write, on SQLite and PostgreSQL; the Reports page reads it."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timedelta, timezone
from typing import Any

from sqlalchemy import text

from clinic_desk.domain.procedures import Complication, ComplicationKind, ProcedureKind
from clinic_desk.domain.reports import ReportFilter
from clinic_desk.services import Services
from clinic_desk.storage import report_summary
from clinic_desk.storage.reports import ReportRepository, RowReportRepository
from clinic_desk.storage.unit_of_work import UnitOfWork
from tests.factories import example_record_json, make_joints, make_note
from tests.services.test_pathway_calls import FIFTY_PERCENT, NEGATIVE, POSITIVE, call
from tests.services.test_reports import MBB, RFA, add
from tests.services.test_schedule import ANA, ZOE, csv_of
from tests.signoff.helpers import MEANING, save_patient

# (start, stop, physician): whole months, partial months on both sides, one day, nothing.
RANGES: list[tuple[date, date, str | None]] = [
    (date(2025, 1, 1), date(2028, 1, 1), None),
    (date(2026, 2, 15), date(2026, 4, 10), None),
    (date(2026, 3, 1), date(2026, 4, 1), None),
    (date(2026, 3, 2), date(2026, 3, 3), None),
    (date(2026, 3, 5), date(2026, 3, 20), None),
    (date(2025, 1, 1), date(2028, 1, 1), "drlee"),
    (date(2026, 3, 1), date(2026, 3, 17), "drokafor"),
    (date(2026, 3, 1), date(2026, 4, 1), "nobody"),
    (date(2030, 1, 1), date(2030, 2, 1), None),
]


def _outcomes(rows: list[Any]) -> list[tuple[Any, ...]]:
    """In one order (PostgreSQL sorts a NULL block number last, SQLite first)."""
    return sorted(((r.kind, r.b, *(int(x or 0) for x in (
        r.n, r.called, r.reached, r.with_result, r.positive, r.indeterminate, r.followed,
        r.relieved))) for r in rows), key=lambda t: (t[0], t[1] or 0))


def _hist(rows: list[Any]) -> list[tuple[Any, ...]]:
    return sorted((k, reg, float(v), int(n)) for k, reg, v, n in rows)


def assert_in_step(services: Services) -> None:
    """Every report figure from the summary equals the one computed from the rows, and the
    stored facts and sums equal what the rows give (the check `clinic-desk check` runs)."""
    sqlite = services.db.is_sqlite
    with UnitOfWork(services.db, write=False) as uow:
        assert report_summary.differences(uow.connection, sample=100_000) == []
        fast, rows = ReportRepository(uow, sqlite), RowReportRepository(uow, sqlite)
        for start, stop, who in RANGES:
            where = (start, stop, who)
            assert fast.weekly(*where) == rows.weekly(*where), where
            for cut in (50, 80, 90):
                assert _outcomes(fast.outcomes(*where, cut)) == _outcomes(
                    rows.outcomes(*where, cut)), (where, cut)
            assert fast.complications(*where) == [
                (k, c, int(n)) for k, c, n in rows.complications(*where)], where
            for column in ("fluoro_time_s", "dose_mgy"):
                assert _hist(fast.histogram(column, *where)) == _hist(
                    rows.histogram(column, *where)), (where, column)


def test_the_summary_follows_every_kind_of_write(services: Services, staff: Any) -> None:
    p = save_patient(services, staff.nurse)
    b1 = add(services, staff, p, MBB, 1, "2026-03-02 09:00", 20.0)
    b2 = add(services, staff, p, MBB, 2, "2026-03-16 09:00", 30.0,
             complications=(Complication(ComplicationKind.VASOVAGAL),))
    rfa = add(services, staff, p, RFA, None, "2026-03-20 09:00", 40.0,
              physician=staff.physician2.staff)
    # Late in the evening far east of the clinic: its local day, not the UTC one, counts.
    east = timezone(timedelta(hours=9))
    late = add(services, staff, p, MBB, 1, "2026-02-28 09:00", 50.0)
    when = datetime(2026, 3, 1, 0, 30, tzinfo=east)
    late = services.records.save(staff.nurse, late.with_changes(
        performed_at=when, ended_at=when + timedelta(minutes=20),
        note=make_note(MBB, when)))
    assert_in_step(services)
    # A draft changed in everything the reports count, then its complications.
    when = b1.performed_at + timedelta(days=31)
    b1 = services.records.save(staff.nurse, b1.with_changes(
        performed_at=when, ended_at=when + timedelta(minutes=20), note=make_note(MBB, when),
        block_number=2, joints=make_joints("C5-6 B"),
        guidance=replace(b1.guidance, fluoro_time_s=70.0),
        physician=staff.physician2.staff))
    b1 = services.records.save(staff.nurse, b1.with_changes(
        complications=(Complication(ComplicationKind.VASOVAGAL),
                       Complication(ComplicationKind.BLEEDING))))
    assert_in_step(services)
    b1 = services.records.save(staff.nurse, b1.with_changes(complications=()))
    assert_in_step(services)
    # Calls: no answer, a positive diary, then a negative one (the newest wins), a follow-up.
    services.calls.record(staff.nurse, b2.id, call("2026-03-17 10:00", outcome="no_answer",
                                                     diary=None))
    assert_in_step(services)
    services.calls.record(staff.nurse, b2.id, call("2026-03-17 12:00", *POSITIVE))
    assert_in_step(services)
    services.calls.record(staff.nurse, b2.id, call("2026-03-17 14:00", *NEGATIVE))
    services.calls.record(staff.nurse, late.id, call(
        "2026-03-02 10:00", recalled={"best_relief_percent": 85, "hours": 5}))
    services.calls.record(staff.nurse, rfa.id, call("2026-03-21 10:00", diary=None))
    services.calls.record(staff.nurse, rfa.id, call(
        "2026-09-21 10:00", diary=None, follow_up={"months": 6, "pain": 3,
                                                    "relief_percent": 60}))
    assert_in_step(services)
    # Ready, reopened, ready again, signed; a draft voided (it is not a procedure).
    ready = services.records.mark_ready(staff.nurse, services.records.get(staff.nurse, b2.id))
    assert_in_step(services)
    again = services.records.reopen(staff.nurse, ready.id, ready.version, "Wrong side")
    ready = services.records.mark_ready(staff.nurse, services.records.get(staff.nurse,
                                                                          again.id))
    services.signing.sign(staff.physician, ready.id, staff.password, MEANING)
    assert_in_step(services)
    services.records.void_draft(staff.nurse, b1.id, b1.version, "Opened by mistake")
    assert_in_step(services)
    # Imports: record JSON and a day's schedule.
    services.records.import_records(staff.nurse, example_record_json())
    services.schedule.import_schedule(staff.desk, csv_of(ZOE, ANA))
    assert_in_step(services)
    with UnitOfWork(services.db, write=False) as uow:
        assert uow.connection.execute(text(
            "SELECT COUNT(*) FROM report_facts WHERE record_id = :r"), {"r": b1.id}
        ).scalar_one() == 0


def test_the_reports_page_reads_the_summary_and_a_new_cut_needs_no_rebuild(
        services: Services, staff: Any) -> None:
    p = save_patient(services, staff.nurse)
    b1 = add(services, staff, p, MBB, 1, "2026-03-02 09:00", 20.0)
    services.calls.record(staff.nurse, b1.id, call(
        "2026-03-03 10:00", recalled={"best_relief_percent": 60, "hours": 5}))
    flt = ReportFilter(date(2026, 3, 1), date(2026, 3, 31))
    assert services.reports.run(staff.admin, flt).table("positivity").rows == (
        ("Block 1", 1, 1, 0, 0, 0.0),)
    services.pathway.save_settings(staff.admin, FIFTY_PERCENT)  # a 50% commercial profile
    assert services.reports.run(staff.admin, flt).table("positivity").rows == (
        ("Block 1", 1, 1, 1, 0, 100.0),)
    # The page reads the summary: emptied behind its back, the page shows nothing.
    with UnitOfWork(services.db) as uow:
        for table in report_summary.TABLES:
            uow.connection.execute(text(f"DELETE FROM {table}"))
        uow.commit()
    assert services.reports.run(staff.admin, flt).table("positivity").rows == ()
    with UnitOfWork(services.db) as uow:
        assert report_summary.differences(uow.connection)
        assert report_summary.rebuild(uow.connection) == 1
        uow.commit()
    assert services.reports.run(staff.admin, flt).table("positivity").rows == (
        ("Block 1", 1, 1, 1, 0, 100.0),)
    assert_in_step(services)


def test_check_names_a_summary_that_differs_from_the_rows(services: Services,
                                                          staff: Any) -> None:
    p = save_patient(services, staff.nurse)
    add(services, staff, p, MBB, 1, "2026-03-02 09:00", 20.0)
    rfa = add(services, staff, p, RFA, None, "2026-03-20 09:00", 40.0)
    with UnitOfWork(services.db) as uow:
        assert report_summary.differences(uow.connection) == []
        uow.connection.execute(text("UPDATE report_day_counts SET n = n + 1"))
        uow.connection.execute(text("UPDATE report_facts SET nd = 2 WHERE record_id = :r"),
                               {"r": rfa.id})
        found = report_summary.differences(uow.connection)
    assert any("report_day_counts" in f for f in found), found
    assert any("1 of the newest 2 procedures differ" in f for f in found), found


def test_rebuild_gives_what_the_writes_kept(services: Services, staff: Any) -> None:
    """The set-based rebuild (migration 0011, `report rebuild`) and the kept summary agree."""
    p = save_patient(services, staff.nurse)
    b = add(services, staff, p, MBB, 1, "2026-03-31 23:30", 20.0,
            complications=(Complication(ComplicationKind.VASOVAGAL),))
    services.calls.record(staff.nurse, b.id, call("2026-04-01 10:00", *POSITIVE))
    add(services, staff, p, ProcedureKind.MEDIAL_BRANCH_BLOCK, 2, "2026-04-15 09:00", 30.0)

    def dump() -> dict[str, list[tuple[Any, ...]]]:
        with UnitOfWork(services.db, write=False) as uow:
            return {t: sorted(tuple(str(v) for v in r) for r in uow.connection.execute(
                text(f"SELECT * FROM {t}")).all()) for t in report_summary.TABLES}

    kept = dump()
    with UnitOfWork(services.db) as uow:
        report_summary.rebuild(uow.connection)
        uow.commit()
    assert dump() == kept
    assert kept["report_facts"] and kept["report_day_complications"]


def test_migration_0011_builds_the_summary_of_a_populated_database(
        services: Services, staff: Any, db_url: str) -> None:
    """Down to 0010 (the tables go) and up again: the upgrade builds, from the rows, the
    summary the writes had kept."""
    from alembic import command
    from alembic.config import Config

    from clinic_desk.storage import schema
    from clinic_desk.storage.engine import Database
    from tests.conftest import owner_url

    p = save_patient(services, staff.nurse)
    b = add(services, staff, p, MBB, 1, "2026-03-02 09:00", 20.0,
            complications=(Complication(ComplicationKind.VASOVAGAL),))
    services.calls.record(staff.nurse, b.id, call("2026-03-03 10:00", *POSITIVE))
    rfa = add(services, staff, p, RFA, None, "2026-04-20 09:00", 40.0,
              physician=staff.physician2.staff)
    services.calls.record(staff.nurse, rfa.id, call(
        "2026-10-21 10:00", diary=None, follow_up={"months": 6, "pain": 3,
                                                    "relief_percent": 60}))

    def dump() -> dict[str, list[tuple[str, ...]]]:
        with UnitOfWork(services.db, write=False) as uow:
            return {t: sorted(tuple(str(v) for v in r) for r in uow.connection.execute(
                text(f"SELECT * FROM {t}")).all()) for t in report_summary.TABLES}

    kept = dump()
    services.db.dispose()
    owner = Database(db_url if db_url.startswith("sqlite") else owner_url(db_url))
    try:
        cfg = Config()
        cfg.set_main_option("script_location", str(schema.MIGRATIONS))
        with owner.engine.begin() as conn:
            cfg.attributes["connection"] = conn
            command.downgrade(cfg, "0010")
            assert "report_facts" not in owner.engine.dialect.get_table_names(conn)
        schema.upgrade(owner)
        if not db_url.startswith("sqlite"):
            from clinic_desk.storage.roles import grant_application_role
            from tests.conftest import APP_ROLE
            with owner.engine.begin() as conn:
                grant_application_role(conn, APP_ROLE)
    finally:
        owner.dispose()
    assert dump() == kept
    assert len(kept["report_facts"]) == 2
    assert_in_step(services)


def test_a_save_that_changes_nothing_reported_leaves_the_summary_alone(
        services: Services, staff: Any) -> None:
    """Most saves of a draft change notes or vitals: no summary statement runs for them (the
    save benchmark), while a change the reports count refreshes it."""
    from sqlalchemy import event

    p = save_patient(services, staff.nurse)
    b = add(services, staff, p, MBB, 1, "2026-03-02 09:00", 20.0)
    seen: list[str] = []

    def on_execute(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        if "report_" in statement:
            seen.append(statement)

    event.listen(services.db.engine, "before_cursor_execute", on_execute)
    try:
        b = services.records.save(staff.nurse, b.with_changes(notes="Tolerated well."))
        ready = services.records.mark_ready(staff.nurse, b)
        assert seen == []
        services.records.reopen(staff.nurse, ready.id, ready.version, "Fluoroscopy time")
        assert seen == []
        b = services.records.get(staff.nurse, b.id)
        services.records.save(staff.nurse, b.with_changes(
            guidance=replace(b.guidance, fluoro_time_s=33.0)))
        assert any("report_facts" in s for s in seen)
    finally:
        event.remove(services.db.engine, "before_cursor_execute", on_execute)
    assert_in_step(services)
