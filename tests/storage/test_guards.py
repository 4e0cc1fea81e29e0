"""Issue 11, points 1 and 10: the guards cover INSERT/REPLACE as well as UPDATE/DELETE, a
patient with records cannot be deleted, and `guards.problems()` reports any guard that was
dropped, disabled or rewritten (on SQLite and on PostgreSQL)."""

from __future__ import annotations

import sqlite3
from typing import Any

import psycopg

from clinic_desk.services import Services
from clinic_desk.storage import guards
from clinic_desk.storage.engine import Database
from tests.signoff.helpers import raw_connection, raw_execute, raw_rows, signed_record, snapshot


def _url(services: Services) -> str:
    return services.db.url.render_as_string(hide_password=False)


def _refused(url: str, sql: str) -> str:
    errors = (sqlite3.Error,) if url.startswith("sqlite") else (psycopg.Error,)
    with raw_connection(url) as conn:
        try:
            conn.cursor().execute(sql)
        except errors as e:
            return str(e).splitlines()[0]
    raise AssertionError(f"accepted: {sql}")


def _problems(db: Database) -> list[str]:
    with db.engine.connect() as conn:
        return guards.problems(conn)


def test_a_fresh_database_has_exactly_the_expected_guards(services: Services) -> None:
    assert _problems(services.db) == []


# Every REPLACE an attacker tried on SQLite (issue 11 point 1): the row a REPLACE removes fires
# no DELETE trigger, so the INSERT side refuses it.
_RECORD_COLS = (
    "id, patient_id, kind, block_number, performed_at, performed_offset_min, ended_at,"
    " follow_up, follow_up_offset_min, status, physician_id, nurse_id, levels, modality,"
    " fluoro_time_s, dose_mgy, dap_mgy_cm2, contrast, sedation, pain_before, pain_after,"
    " vitals_before, vitals_after, notes, weight_kg, diabetic, anticoagulant,"
    " anticoagulant_resume, created_at, created_by, updated_at, updated_by, version")
_REPLACES = [
    # Column lists are explicit so that a later migration's new columns (filled by their
    # defaults) do not turn the attack into a column-count error.
    "REPLACE INTO records (" + _RECORD_COLS + ") SELECT id, patient_id, kind, block_number,"
    " performed_at, performed_offset_min, ended_at, follow_up, follow_up_offset_min, 'draft',"
    " physician_id, nurse_id, levels, modality, fluoro_time_s, dose_mgy, dap_mgy_cm2, contrast,"
    " sedation, pain_before, 0, vitals_before, vitals_after, 'changed', weight_kg, diabetic,"
    " anticoagulant, anticoagulant_resume, created_at, created_by, updated_at, updated_by,"
    " version FROM records WHERE id = {s}",
    "REPLACE INTO record_joints (id, record_id, position, level, side)"
    " SELECT id, {o}, position, level, 'right' FROM record_joints WHERE record_id = {s}",
    "REPLACE INTO record_joints (record_id, position, level, side)"
    " SELECT record_id, position, level, 'right' FROM record_joints WHERE record_id = {s}",
    "REPLACE INTO record_medications (id, record_id, position, name, strength, volume_ml,"
    " per_target) SELECT id, {o}, position, name, strength, 9, per_target"
    " FROM record_medications WHERE record_id = {s}",
    "REPLACE INTO record_complications (id, record_id, position, kind, text)"
    " SELECT id, {o}, position, kind, 'x' FROM record_complications WHERE record_id = {s}",
    "REPLACE INTO signatures (record_id, signer_id, signer_username, printed_name,"
    " credentials, signed_at, signed_offset_min, meaning, content_hash, content, key_id,"
    " signature) SELECT record_id, signer_id, signer_username, printed_name,"
    " credentials, signed_at, signed_offset_min, 'Performed by', content_hash, content, key_id,"
    " signature FROM signatures WHERE record_id = {s}",
    "REPLACE INTO addenda (id, record_id, text, reason, author_id, author_username,"
    " printed_name, credentials, created_at, offset_min, meaning, content_hash,"
    " changes_instructions, key_id, signature) SELECT id, record_id, 'changed', reason,"
    " author_id, author_username, printed_name, credentials, created_at, offset_min,"
    " meaning, content_hash,"
    " changes_instructions, key_id, signature FROM addenda WHERE record_id = {s}",
    "REPLACE INTO audit_log SELECT seq, at, username, workstation, action, record_id,"
    " patient_id, '{{}}', prev_hash, hash FROM audit_log WHERE seq = 1",
    "INSERT OR REPLACE INTO audit_log SELECT seq, at, username, workstation, action,"
    " record_id, patient_id, detail, prev_hash, hash FROM audit_log"
    " WHERE seq = (SELECT MAX(seq) FROM audit_log)",
    "REPLACE INTO signing_keys SELECT id, user_id, username, public_key, 'x', created_at"
    " FROM signing_keys WHERE id = 1",
    "INSERT INTO legacy_signatures (record_id) VALUES ({o})",
    # A patient whose MRN is re-used by REPLACE would be deleted, orphaning the record.
    "REPLACE INTO patients (mrn, family_name, given_name, family_key, given_key,"
    " date_of_birth, sex, preferred_language, diabetic, anticoagulant_resume, allergies,"
    " escort, created_at, updated_at, updated_by, version) SELECT mrn, 'X', 'Y', 'x', 'y',"
    " date_of_birth, sex, preferred_language, diabetic, '', '', '', created_at, updated_at,"
    " 'x', 1 FROM patients WHERE id = {p}",
    "DELETE FROM patients WHERE id = {p}",
    "UPDATE patients SET id = 9999 WHERE id = {p}",
    "DELETE FROM users WHERE username = 'drlee'",
]


def _signed_with_children(services: Services, staff: Any) -> Any:
    from clinic_desk.domain.procedures import Complication, ComplicationKind

    record = signed_record(services, staff, complications=(
        Complication(ComplicationKind.VASOVAGAL, "Brief"),))
    services.signing.add_addendum(staff.physician, record.id, staff.password, "Ice.", "Omitted")
    return record


def test_sqlite_replace_and_orphaning_paths_are_refused(sqlite_services: Services,
                                                        sqlite_staff: Any) -> None:
    services, staff = sqlite_services, sqlite_staff
    signed = _signed_with_children(services, staff)
    other = signed_record.__globals__["ready_record"](services, staff)
    url = _url(services)
    before = snapshot(url, signed.id)
    audit_before = raw_rows(url, "SELECT * FROM audit_log ORDER BY seq")
    patients_before = raw_rows(url, "SELECT * FROM patients ORDER BY id")
    with raw_connection(url) as conn:  # the sqlite3 shell's default: foreign keys off
        conn.execute("PRAGMA foreign_keys = OFF")
    for sql in _REPLACES:
        reason = _refused(url, sql.format(s=signed.id, o=other.id, p=signed.patient.id))
        assert reason.startswith("clinic_desk:"), (sql, reason)
    assert snapshot(url, signed.id) == before
    assert raw_rows(url, "SELECT * FROM audit_log ORDER BY seq") == audit_before
    assert raw_rows(url, "SELECT * FROM patients ORDER BY id") == patients_before


def test_postgresql_insert_paths_and_patient_delete_are_refused(pg_url: str) -> None:
    from tests.conftest import make_staff

    db = Database(pg_url)
    try:
        services = Services(db)
        staff = make_staff(services)
        signed = _signed_with_children(services, staff)
        url = _url(services)
        before = snapshot(url, signed.id)
        s, p = signed.id, signed.patient.id
        for sql in (
            f"DELETE FROM patients WHERE id = {p}",
            "DELETE FROM users WHERE username = 'drlee'",
            "INSERT INTO legacy_signatures (record_id) VALUES (12345)",
            "INSERT INTO audit_log SELECT seq + 1, at, username, workstation, action,"
            " record_id, patient_id, detail, hash, hash FROM audit_log WHERE seq = 1",
            f"INSERT INTO signatures SELECT * FROM signatures WHERE record_id = {s}"
            " ON CONFLICT (record_id) DO UPDATE SET meaning = 'Performed by'",
            "TRUNCATE patients CASCADE",
        ):
            _refused(url, sql)
        assert snapshot(url, s) == before
        fk = raw_rows(url, "SELECT confdeltype FROM pg_constraint"
                           " WHERE conname = 'fk_records_patient_id_patients'")
        assert fk == [("r",)]
    finally:
        db.dispose()


def test_problems_names_a_dropped_or_changed_guard_on_sqlite(sqlite_db: Database) -> None:
    url = sqlite_db.url.render_as_string(hide_password=False)
    raw_execute(url, "DROP TRIGGER trg_records_replace_signed")
    raw_execute(url, "DROP TRIGGER trg_audit_log_no_delete")
    raw_execute(url, "CREATE TRIGGER trg_audit_log_no_delete BEFORE DELETE ON audit_log"
                     " WHEN 0 BEGIN SELECT RAISE(ABORT, 'x'); END")
    raw_execute(url, "CREATE TRIGGER sneaky AFTER INSERT ON records BEGIN SELECT 1; END")
    assert _problems(sqlite_db) == [
        "guard trigger trg_records_replace_signed is missing",
        "guard trigger trg_audit_log_no_delete was changed",
        "unexpected trigger sneaky",
    ]


def test_problems_names_a_dropped_disabled_or_rewritten_guard_on_postgresql(
        pg_url: str) -> None:
    db = Database(pg_url)
    try:
        raw_execute(pg_url, "ALTER TABLE records DISABLE TRIGGER trg_records_guard")
        raw_execute(pg_url, "DROP TRIGGER trg_addenda_append_only ON addenda")
        raw_execute(pg_url, "CREATE OR REPLACE FUNCTION clinic_guard_child() RETURNS trigger"
                            " LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$")
        raw_execute(pg_url, "ALTER TABLE records DROP CONSTRAINT fk_records_patient_id_patients")
        assert _problems(db) == [
            "guard function clinic_guard_child was changed",
            "guard trigger trg_records_guard is disabled",
            "guard trigger trg_addenda_append_only is missing",
            "records' foreign key to patients no longer restricts deletes",
        ]
    finally:
        db.dispose()


def test_every_table_has_its_guards_and_its_grants() -> None:
    """A table added by a later migration must be placed: the application role's grants name
    every table (else the workstations cannot use it, or get more than they need), and an
    append-only table has its guards in the one definition `check` compares with."""
    from clinic_desk.storage import guards, roles
    from clinic_desk.storage.models import Base

    granted = set(roles.APPEND_ONLY) | set(roles.READ_ONLY) | set(roles.WRITABLE)
    assert set(Base.metadata.tables) - granted == set()
    for table in roles.APPEND_ONLY:
        if table != "audit_log":  # its chain trigger guards it (trg_audit_log_chain)
            assert table in guards.APPEND_ONLY_TABLES
            assert f"trg_{table}_no_replace" in guards.sqlite_triggers()
