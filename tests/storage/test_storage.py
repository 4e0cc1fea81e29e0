"""Schema, search, worklist, settings and audit storage on SQLite and PostgreSQL."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import text

from clinic_desk.domain.audit import AuditAction
from clinic_desk.domain.errors import PermissionDeniedError, ValidationError, VersionConflictError
from clinic_desk.domain.record import RecordStatus
from clinic_desk.services import Services
from clinic_desk.storage import schema
from clinic_desk.storage.engine import Database, describe_url
from clinic_desk.storage.unit_of_work import UnitOfWork
from tests.factories import NAMES, at, example_record_json, make_patient, make_record


def test_migrations_from_empty_to_head(db_url: str, tmp_path, pg_server) -> None:
    # db_url is already migrated; migrate a brand-new empty database here on each backend.
    if db_url.startswith("sqlite"):
        url = f"sqlite:///{tmp_path / 'empty.sqlite3'}"
    else:
        pg_server.psql("DROP DATABASE IF EXISTS empty_mig;")
        pg_server.psql("CREATE DATABASE empty_mig;")
        url = pg_server.url("empty_mig")
    db = Database(url)
    try:
        assert schema.current_revision(db) is None
        schema.upgrade(db)
        assert schema.current_revision(db) == schema.HEAD
        assert schema.upgrade(db) is None  # already current: nothing to do
        with db.engine.connect() as conn:
            tables = set(db.engine.dialect.get_table_names(conn))
        assert {"users", "patients", "records", "record_joints", "record_medications",
                "record_complications", "signatures", "addenda", "handout_prints",
                "audit_log", "settings", "edit_locks"} <= tables
    finally:
        db.dispose()


def test_head_constant_matches_alembic() -> None:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    cfg = Config()
    cfg.set_main_option("script_location", str(schema.MIGRATIONS))
    assert ScriptDirectory.from_config(cfg).get_current_head() == schema.HEAD


def test_sqlite_is_copied_aside_before_a_migration(tmp_path, monkeypatch) -> None:
    path = tmp_path / "old.sqlite3"
    db = Database(f"sqlite:///{path}")
    schema.upgrade(db)
    with db.engine.begin() as conn:
        conn.execute(text("CREATE TABLE marker (x TEXT)"))
        conn.execute(text("INSERT INTO marker VALUES ('before')"))
    # A newer release: the file is behind HEAD, so it must be copied before migrating.
    monkeypatch.setattr(schema, "HEAD", "9999")
    copy = schema.upgrade(db)
    db.dispose()
    assert copy is not None and copy.endswith(".bak")
    saved = sqlite3.connect(copy)
    assert saved.execute("SELECT x FROM marker").fetchone() == ("before",)
    assert saved.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    saved.close()


def test_sqlite_pragmas_are_durable(sqlite_db: Database) -> None:
    with sqlite_db.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL


def test_describe_url_hides_password() -> None:
    assert describe_url("postgresql://u:secret@db.clinic.lan:5433/cd") == \
        "PostgreSQL db.clinic.lan:5433/cd"
    assert describe_url("/srv/x.sqlite3") == "SQLite /srv/x.sqlite3"


@pytest.mark.parametrize(("given", "family"), NAMES)
def test_names_in_any_script_round_trip(services: Services, staff, given: str,
                                         family: str) -> None:
    saved = services.patients.save(staff.nurse, make_patient(given_name=given,
                                                             family_name=family))
    again = services.patients.get(staff.nurse, saved.id)
    assert (again.given_name, again.family_name) == (given, family)
    hits = services.patients.search(staff.nurse, family[:2])
    assert saved.id in [h.patient_id for h in hits]


def test_search_ignores_case_and_accents_and_finds_mrn_and_birth_date(services, staff) -> None:
    zoe = services.patients.save(staff.nurse, make_patient(
        mrn="A1001", given_name="Zoë", family_name="O'Brien-Nguyễn",
        date_of_birth=date(1961, 3, 14)))
    services.patients.save(staff.nurse, make_patient(mrn="B2002", given_name="Zack",
                                                     family_name="Brown",
                                                     date_of_birth=date(1970, 1, 2)))
    ids = lambda q: [r.patient_id for r in services.patients.search(staff.nurse, q)]  # noqa: E731
    assert ids("o'brien") == [zoe.id]
    assert ids("O’BRIEN-NGUYEN") == [zoe.id]  # typographic apostrophe, no accents
    assert ids("zoe") == [zoe.id]
    assert ids("Zoë O'B") == [zoe.id]
    assert ids("o'brien, z") == [zoe.id]
    assert ids("a100") == [zoe.id]
    assert ids("1961-03-14") == [zoe.id]
    assert ids("03/14/1961") == [zoe.id]
    assert ids("xyz") == []
    assert ids("") == []


def test_duplicate_mrn_is_refused_at_the_field(services, staff) -> None:
    services.patients.save(staff.nurse, make_patient(mrn="A1001"))
    with pytest.raises(ValidationError) as err:
        services.patients.save(staff.nurse, make_patient(mrn="a1001"))
    assert err.value.issues[0].field == "mrn"


def test_patient_version_conflict(services, staff) -> None:
    p = services.patients.save(staff.nurse, make_patient())
    services.patients.save(staff.physician, replace(p, weight_kg=80))
    with pytest.raises(VersionConflictError):
        services.patients.save(staff.nurse, replace(p, weight_kg=90))


def _store(services, staff, **overrides):  # type: ignore[no-untyped-def]
    patient = services.patients.save(staff.nurse, make_patient())
    record = make_record(patient=patient, **overrides)
    return services.records.save(staff.nurse, record)


def test_record_round_trips_through_storage(services, staff) -> None:
    saved = _store(services, staff, notes="Línea 1\nLínea 2 – ok", follow_up=at("2026-12-08 10:00"))
    loaded = services.records.get(staff.nurse, saved.id)
    assert loaded.performed_at == saved.performed_at
    assert loaded.performed_at.utcoffset() == timedelta(hours=-5)
    assert loaded.follow_up == at("2026-12-08 10:00")
    assert loaded.joints == saved.joints and loaded.medications == saved.medications
    assert loaded.vitals_before == saved.vitals_before and loaded.notes == saved.notes
    assert loaded.physician is not None and loaded.physician.full_name == "Hana Lee"
    assert loaded.version == 1 and loaded.status is RecordStatus.DRAFT


def test_worklist_day_window_status_and_physician(services, staff) -> None:
    day = datetime(2026, 11, 24, 12, 0).astimezone().date()
    local = lambda h: datetime(2026, 11, 24, h, 0).astimezone()  # noqa: E731
    a = _store(services, staff, performed_at=local(9), ended_at=None)
    b = _store(services, staff, performed_at=local(8), ended_at=None,
               physician=staff.physician2.staff)
    _store(services, staff, performed_at=local(9) + timedelta(days=1), ended_at=None)
    services.records.mark_ready(staff.nurse, services.records.get(staff.nurse, a.id))
    rows = services.records.worklist(staff.nurse, day)
    assert [r.record_id for r in rows] == [b.id, a.id]  # by time
    assert [r.record_id for r in services.records.worklist(
        staff.nurse, day, status=RecordStatus.READY)] == [a.id]
    assert [r.record_id for r in services.records.worklist(
        staff.nurse, day, physician="drokafor")] == [b.id]
    assert rows[1].levels == "L4-L5 B, L5-S1 L" and rows[1].physician == "Hana Lee"


def test_mark_ready_names_every_missing_field(services, staff) -> None:
    patient = services.patients.save(staff.nurse, make_patient())
    draft = make_record(patient=patient, pain_after=None, joints=())
    saved = services.records.save(staff.nurse, draft)
    with pytest.raises(ValidationError) as err:
        services.records.mark_ready(staff.nurse, saved)
    assert {"pain_after", "joints"} <= {i.field for i in err.value.issues}
    assert services.records.get(staff.nurse, saved.id).status is RecordStatus.DRAFT


def test_settings_are_shared_and_audited(services, staff) -> None:
    services.settings.save_rules(staff.admin, {"TOO_MANY_LEVELS": {"max_levels": 3}})
    assert services.settings.load().rules.param("TOO_MANY_LEVELS", "max_levels") == 3
    with pytest.raises(PermissionDeniedError):
        services.settings.save_rules(staff.nurse, {})
    with pytest.raises(ValidationError):
        services.settings.save_rules(staff.admin, {"NO_SUCH_RULE": {}})
    with UnitOfWork(services.db, write=False) as uow:
        assert uow.audit.query(action=AuditAction.SETTINGS_CHANGE)


def test_every_record_access_is_audited_and_chain_verifies(services, staff) -> None:
    saved = _store(services, staff)
    services.records.get(staff.physician, saved.id)
    services.records.save(staff.nurse, replace(saved, pain_after=1))
    with UnitOfWork(services.db, write=False) as uow:
        actions = [e.action for e in uow.audit.query(record_id=saved.id)]
        change = uow.audit.query(record_id=saved.id, action=AuditAction.RECORD_CHANGE)[0]
        report = uow.audit.verify()
    assert actions == [AuditAction.RECORD_CHANGE, AuditAction.RECORD_VIEW,
                       AuditAction.RECORD_CREATE]
    assert change.detail["changes"] == [{"field": "pain_after", "before": 2, "after": 1}]
    assert report.intact and report.entries >= 8


def test_tampered_audit_row_is_found(sqlite_services, sqlite_staff, sqlite_url) -> None:
    _store(sqlite_services, sqlite_staff)
    path = sqlite_url.removeprefix("sqlite:///")
    conn = sqlite3.connect(path)
    conn.execute("DROP TRIGGER trg_audit_log_no_update")  # what an attacker would do
    conn.execute("UPDATE audit_log SET username = 'mallory' WHERE seq = 3")
    conn.commit()
    conn.close()
    with UnitOfWork(sqlite_services.db, write=False) as uow:
        report = uow.audit.verify()
    assert not report.intact and report.first_bad_seq == 3


def test_import_round_trip_names_and_rejects_whole_file(services, staff) -> None:
    doc = example_record_json()
    doc["patient"].update(family_name="O'Brien-王", given_name="Zoë")
    [rid] = services.records.import_records(staff.nurse, doc)
    record, summary = services.records.open(staff.nurse, rid)
    assert record.patient.family_name == "O'Brien-王" and record.patient.given_name == "Zoë"
    assert [str(c) for c in summary.cpt] == ["64493-50", "64494-LT"]
    bad = example_record_json()
    bad["patient"]["mrn"] = "B7"
    bad["pain_after"] = 12
    with pytest.raises(ValidationError) as err:
        services.records.import_records(staff.nurse, [example_record_json(), bad])
    assert [i.field for i in err.value.issues] == ["[1].pain_after"]
    assert services.records.list_records(staff.nurse) and len(
        services.records.list_records(staff.nurse)) == 1  # nothing from the bad file


def test_import_refuses_someone_elses_mrn(services, staff) -> None:
    services.records.import_records(staff.nurse, example_record_json())
    other = example_record_json()
    other["patient"]["given_name"] = "Someone"
    with pytest.raises(ValidationError) as err:
        services.records.import_records(staff.nurse, other)
    assert err.value.issues[0].field == "patient.mrn"


def test_demo_clinic(sqlite_services: Services) -> None:
    from clinic_desk.services.demo import create_demo

    today = datetime.now(UTC).astimezone().date()
    result = create_demo(sqlite_services, today=today)
    assert set(result.passwords) == {"admin", "drlee", "drokafor", "nkim", "nrossi", "desk"}
    admin = sqlite_services.auth.authenticate("nkim", result.passwords["nkim"])
    rows = sqlite_services.records.list_records(admin)
    assert len(rows) == result.records >= 25
    assert {r.status for r in rows} == set(RecordStatus) - {RecordStatus.VOID}  # never listed
    assert {r.kind for r in rows} == {k for k in __import__(
        "clinic_desk.domain.procedures", fromlist=["ProcedureKind"]).ProcedureKind}
    names = {r.patient_name for r in rows}
    assert any("王" in n or "佐藤" in n for n in names) and any("'" in n for n in names)
    with pytest.raises(ValidationError):
        create_demo(sqlite_services, today=today)


def _fresh(db: Database, record_id: int):  # type: ignore[no-untyped-def]
    with UnitOfWork(db, write=False) as uow:
        return uow.records.get(record_id)


def test_every_write_returns_the_record_exactly_as_a_fresh_read_gives_it(
        db: Database, services: Services, staff) -> None:
    """Saves build their answer from what they wrote, not from a second read (issue 3's
    speed work): that answer must equal a fresh read field for field, whatever changed."""
    from clinic_desk.domain.joints import parse_joint_sides
    from clinic_desk.domain.procedures import Complication, ComplicationKind
    from clinic_desk.domain.record import StaffRef

    created = _store(services, staff, notes="first")
    assert created == _fresh(db, created.id)
    steps = [
        {"notes": "second"},  # a column only
        {"joints": parse_joint_sides("L3-L4 L, L4-L5 B, L5-S1 R")},  # one list
        {"medications": (), "complications": (Complication(ComplicationKind.VASOVAGAL, ""),)},
        {"physician": StaffRef("drokafor", "", ""), "nurse": None},  # staff relinked
        {"physician": StaffRef("drlee", "", ""), "notes": ""},
    ]
    current = created
    for step in steps:
        saved = services.records.save(staff.nurse, replace(current, **step))
        fresh = _fresh(db, saved.id)
        assert saved == fresh, step
        assert saved.version == current.version + 1
        current = saved
    assert current.physician == StaffRef("drlee", "Hana Lee", "MD")  # the full name, looked up
    assert current.complications == (Complication(ComplicationKind.VASOVAGAL, ""),)
    assert current.medications == () and current.nurse is None
    ready = services.records.mark_ready(staff.nurse, replace(
        current, medications=created.medications, nurse=created.nurse))
    assert ready == _fresh(db, ready.id) and ready.status is RecordStatus.READY
    back = services.records.reopen(staff.nurse, ready.id, ready.version, "Levels")
    assert back == _fresh(db, back.id) and back.status is RecordStatus.DRAFT
    with pytest.raises(VersionConflictError):  # the version it was read at is gone
        services.records.save(staff.nurse, replace(ready, notes="stale"))
    assert _fresh(db, back.id) == back


def test_a_patient_s_records_load_together_with_their_own_lists(services, staff) -> None:
    from clinic_desk.domain.joints import parse_joint_sides

    patient = services.patients.save(staff.nurse, make_patient())
    made = [services.records.save(staff.nurse, make_record(
        patient=patient, performed_at=at(f"2026-11-2{n} 09:00"),
        ended_at=at(f"2026-11-2{n} 09:40"), notes=f"visit {n}",
        joints=parse_joint_sides(levels)))
        for n, levels in enumerate(("L4-L5 B", "C5-C6 L, C6-C7 L", "L5-S1 R"))]
    with UnitOfWork(services.records.db, write=False) as uow:
        loaded = uow.records.for_patient(patient.id)
    assert loaded == made  # oldest first, each with its own joints and medications


def test_migration_0005_gives_older_rows_their_language(services: Any, staff: Any) -> None:
    """Issue 12: rows written before 0005 have one restart text, in the patient's preferred
    language; the migration records that language for patients and unsigned records."""
    from alembic import command
    from alembic.config import Config

    from clinic_desk.domain.record import Anticoagulant, Language
    from tests.signoff.helpers import ready_record, save_patient

    patient = save_patient(services, staff.nurse, preferred_language=Language.SPANISH,
                           anticoagulant=Anticoagulant("apixaban", "Vuelva a tomarlo mañana."))
    ready = ready_record(services, staff, patient=patient)
    from tests.conftest import owner_url

    # Migrations run as the owner (issue 11: the workstations' role may only touch rows).
    db = Database(owner_url(services.db.url.render_as_string(hide_password=False)))
    cfg = Config()
    cfg.set_main_option("script_location", str(schema.MIGRATIONS))
    try:
        with db.engine.begin() as conn:
            cfg.attributes["connection"] = conn
            command.downgrade(cfg, "0004")
        assert schema.current_revision(db) == "0004"
        schema.upgrade(db)
    finally:
        db.dispose()
    with services.db.engine.connect() as conn:
        got = [conn.execute(text(f"SELECT anticoagulant_resume_texts FROM {t} WHERE id = :i"),
                            {"i": i}).scalar() for t, i in (("patients", patient.id),
                                                             ("records", ready.id))]
    assert [json.loads(g) for g in got] == [{"es": "Vuelva a tomarlo mañana."}] * 2
