"""Issue 11's attacks, reproduced with the exact SQL or command of the attack review, on SQLite
and on a real PostgreSQL: each one is refused, or detected by `record verify`, `audit verify`
or `check` with exit status 1.

The attacker here holds the database credential (every PostgreSQL workstation does) or the
SQLite file, knows the app's canonical JSON and hash functions, and does not know any
physician's password."""

from __future__ import annotations

import hashlib
import io
import json
import sqlite3
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import psycopg
import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from clinic_desk import cli
from clinic_desk.domain.audit import entry_hash
from clinic_desk.domain.record_format import canonical_json
from clinic_desk.services import Services
from clinic_desk.services.keys import public_hex, sign, signature_payload
from clinic_desk.storage.engine import Database
from clinic_desk.storage.unit_of_work import UnitOfWork
from tests.conftest import make_staff, owner_url
from tests.signoff.helpers import (
    raw_connection,
    raw_execute,
    raw_rows,
    ready_record,
    signed_record,
    snapshot,
)

from . import figures


def _url(services: Services) -> str:
    return services.db.url.render_as_string(hide_password=False)


def _cli(capsys: Any, *args: str, stdin: str = "") -> tuple[int, str]:
    old = sys.stdin
    sys.stdin = io.StringIO(stdin)
    try:
        code = cli.main(list(args))
    finally:
        sys.stdin = old
    out, err = capsys.readouterr()
    return code, out + err


def _refused(url: str, sql: str, params: tuple[Any, ...] = ()) -> str:
    errors = (sqlite3.Error,) if url.startswith("sqlite") else (psycopg.Error,)
    sql = sql if url.startswith("sqlite") else sql.replace("?", "%s")
    with raw_connection(url) as conn:
        try:
            conn.cursor().execute(sql, params)
        except errors as e:
            figures.add("integrity_attacks_refused")
            return str(e).splitlines()[0]
    raise AssertionError(f"accepted: {sql}")


def _detected(capsys: Any, url: str, *command: str) -> str:
    code, out = _cli(capsys, "--database", url, *command)
    assert code == 1, out
    figures.add("integrity_attacks_detected")
    return out


def _stored_at(url: str, at: datetime) -> Any:
    naive = at.astimezone(UTC).replace(tzinfo=None)
    return naive.isoformat(sep=" ", timespec="microseconds") if url.startswith("sqlite") \
        else naive


def forge_audit(url: str, action: str, username: str, record_id: int | None,
                patient_id: int | None, detail: dict[str, Any]) -> int:
    """Append an entry hashed with the app's own function, as the attack review did."""
    seq, prev = raw_rows(url, "SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1")[0]
    at = datetime.now(UTC)
    text = json.dumps(detail, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    digest = entry_hash(prev, seq + 1, at, username, "ws-9", action, record_id, patient_id,
                        text)
    raw_execute(url, "INSERT INTO audit_log (seq, at, username, workstation, action, record_id,"
                     " patient_id, detail, prev_hash, hash) VALUES (?, ?, ?, 'ws-9', ?, ?, ?, ?,"
                     " ?, ?)", (seq + 1, _stored_at(url, at), username, action, record_id,
                                patient_id, text, prev, digest))
    return seq + 1


def _forge_signature(url: str, services: Services, record_id: int, signer_id: int,
                     key_id: int | None = None, signature: str | None = None) -> str:
    """INSERT INTO signatures + UPDATE records SET status, the hash recomputed with the app's
    canonical JSON (issue 11, point 2)."""
    with UnitOfWork(services.db, write=False) as uow:
        record = uow.records.get(record_id)
    content = canonical_json(record)
    digest = hashlib.sha256(content).hexdigest()
    now = datetime.now(UTC)
    raw_execute(url, "INSERT INTO signatures (record_id, signer_id, signer_username,"
                     " printed_name, credentials, signed_at, signed_offset_min, meaning,"
                     " content_hash, content, key_id, signature) VALUES (?, ?, 'drlee',"
                     " 'Hana Lee', 'MD', ?, 0, 'Reviewed and approved', ?, ?, ?, ?)",
                (record_id, signer_id, _stored_at(url, now), digest, content.decode(), key_id,
                 signature))
    raw_execute(url, f"UPDATE records SET status = 'signed' WHERE id = {record_id}")
    return digest


@pytest.fixture
def clinic(services: Services, staff: Any) -> tuple[Services, Any, Any]:
    """Staff, a signed record (with an addendum) and the command line having seen the
    database once (its witness file remembers the audit head)."""
    record = signed_record(services, staff)
    services.signing.add_addendum(staff.physician, record.id, staff.password, "Ice.", "Omitted")
    return services, staff, record


def test_forged_signature_by_plain_sql_is_detected(clinic: Any, capsys: Any) -> None:
    """Point 2: INSERT INTO signatures + UPDATE status on a ready record."""
    services, staff, _ = clinic
    url = _url(services)
    ready = ready_record(services, staff)
    assert _cli(capsys, "--database", url, "record", "verify")[0] == 0
    _forge_signature(url, services, ready.id, staff.physician.user_id)
    out = _detected(capsys, url, "record", "verify")
    assert f"record {ready.id}: its signature has no Ed25519 signature and is not one of the " \
           "legacy hash-only signatures (forged)" in out
    assert "0 record_sign audit entries instead of one" in out
    assert "check FAILED" in _detected(capsys, url, "check")


def test_forged_signature_with_the_attackers_own_key_is_detected(clinic: Any,
                                                                 capsys: Any) -> None:
    """The attacker registers a key of their own for drlee (row and audit entry, hashed with
    the app's function, even claiming to be a root), signs with it and appends a matching
    record_sign entry: no administrator endorsed that key."""
    services, staff, _ = clinic
    url = _url(services)
    ready = ready_record(services, staff)
    mine = Ed25519PrivateKey.generate()
    raw_execute(url, "INSERT INTO signing_keys (user_id, username, public_key, sealed_key,"
                     " created_at) VALUES (?, 'drlee', ?, '{}', ?)",
                (staff.physician.user_id, public_hex(mine), _stored_at(url, datetime.now(UTC))))
    key_id = raw_rows(url, "SELECT MAX(id) FROM signing_keys")[0][0]
    forge_audit(url, "key_register", "admin", None, None, {
        "user": "drlee", "user_id": staff.physician.user_id, "key_id": key_id,
        "public_key": public_hex(mine), "role": "admin", "root": True,
        "endorsed_by_key": key_id, "endorsement": "00"})
    with UnitOfWork(services.db, write=False) as uow:
        content_hash = hashlib.sha256(canonical_json(uow.records.get(ready.id))).hexdigest()
    now = datetime.now(UTC)
    sig = sign(mine, signature_payload(ready.id, content_hash, staff.physician.user_id, "drlee",
                                       key_id, now, "Reviewed and approved"))
    _forge_signature(url, services, ready.id, staff.physician.user_id, key_id, sig)
    forge_audit(url, "record_sign", "drlee", ready.id, ready.patient.id, {
        "meaning": "Reviewed and approved", "content_hash": content_hash, "key_id": key_id,
        "signature": sig, "signed_at": now.isoformat(timespec="microseconds")})
    out = _detected(capsys, url, "record", "verify")
    assert "it was signed with a key no administrator endorsed" in out
    assert "claims a second trust root" in out
    out = _detected(capsys, url, "audit", "verify")
    assert "audit chain intact" in out  # the chain itself was extended correctly...
    assert "(record_sign) carries no signature by a trusted key" in out  # ...but not signed


def test_changed_signed_record_with_recomputed_hash_is_detected(clinic: Any,
                                                                capsys: Any) -> None:
    """Point 3 on the database owner's side: drop the guards, change the signed record,
    recompute its hash with the app's canonical JSON, put everything back."""
    services, _staff, record = clinic
    url = _url(services)
    sqlite = url.startswith("sqlite")
    off = (["DROP TRIGGER trg_records_signed_update", "DROP TRIGGER trg_signatures_no_update"]
           if sqlite else ["ALTER TABLE records DISABLE TRIGGER USER",
                           "ALTER TABLE signatures DISABLE TRIGGER USER"])
    own = owner_url(url)  # what the database owner can do (the app's role cannot)
    for sql in off:
        raw_execute(own, sql)
    raw_execute(own, f"UPDATE records SET pain_after = 0 WHERE id = {record.id}")
    with UnitOfWork(services.db, write=False) as uow:
        content = canonical_json(uow.records.get(record.id))
    raw_execute(own, "UPDATE signatures SET content = ?, content_hash = ? WHERE record_id = ?",
                (content.decode(), hashlib.sha256(content).hexdigest(), record.id))
    out = _detected(capsys, url, "check")
    assert ("guard trigger trg_records_signed_update is missing" if sqlite
            else "guard trigger trg_records_guard is disabled") in out
    assert "its Ed25519 signature does not match (forged or changed)" in out
    if sqlite:
        from clinic_desk.storage.guards import sqlite_triggers

        for name in ("trg_records_signed_update", "trg_signatures_no_update"):
            raw_execute(own, sqlite_triggers()[name])
    else:
        for table in ("records", "signatures"):
            raw_execute(own, f"ALTER TABLE {table} ENABLE TRIGGER USER")
    out = _detected(capsys, url, "record", "verify")
    assert f"record {record.id}: " in out and "its Ed25519 signature does not match" in out


def test_sqlite_replace_into_a_signed_record_is_refused(sqlite_services: Services,
                                                        sqlite_staff: Any,
                                                        capsys: Any) -> None:
    """Point 1, the review's exact statement shape: REPLACE INTO records SELECT ... 'draft'."""
    services, staff = sqlite_services, sqlite_staff
    record = signed_record(services, staff)
    url = _url(services)
    before = snapshot(url, record.id)
    columns = [r[1] for r in raw_rows(url, f"PRAGMA table_info(records)")]  # noqa: F541
    chosen = ", ".join("'draft'" if c == "status" else "'changed'" if c == "notes" else c
                       for c in columns)
    reason = _refused(url, f"REPLACE INTO records SELECT {chosen} FROM records "
                           f"WHERE id = {record.id}")
    assert reason == "clinic_desk: record is signed"
    _refused(url, "REPLACE INTO record_joints (id, record_id, position, level, side) SELECT id,"
                  f" record_id, position, level, 'right' FROM record_joints"
                  f" WHERE record_id = {record.id}")
    _refused(url, "REPLACE INTO signatures SELECT * FROM signatures"
                  f" WHERE record_id = {record.id}")
    _refused(url, "REPLACE INTO audit_log SELECT * FROM audit_log WHERE seq = 1")
    assert snapshot(url, record.id) == before
    code, out = _cli(capsys, "--database", url, "record", "verify")
    assert code == 0 and "signatures intact: 1 signed records" in out


def test_hiding_a_signed_record_by_deleting_its_patient_is_refused(
        sqlite_services: Services, sqlite_staff: Any) -> None:
    """Point 10: `sqlite3 DB "delete from patients where id=<its patient>"` (foreign keys are
    off in the sqlite3 shell)."""
    record = signed_record(sqlite_services, sqlite_staff)
    url = _url(sqlite_services)
    conn = sqlite3.connect(url.removeprefix("sqlite:///"), isolation_level=None)
    try:
        assert conn.execute("PRAGMA foreign_keys").fetchone() == (0,)
        with pytest.raises(sqlite3.IntegrityError,
                           match="a patient with records cannot be deleted"):
            conn.execute(f"delete from patients where id={record.patient.id}")
    finally:
        conn.close()
    figures.add("integrity_attacks_refused")
    assert raw_rows(url, "SELECT COUNT(*) FROM patients WHERE id = ?",
                    (record.patient.id,)) == [(1,)]


def test_audit_tail_cut_is_detected_by_the_witness_and_the_anchor_file(
        clinic: Any, capsys: Any, tmp_path: Path) -> None:
    """Point 9: delete the last entries after dropping the delete guard."""
    services, _, _ = clinic
    url = _url(services)
    anchor = tmp_path / "anchor.json"
    code, out = _cli(capsys, "--database", url, "audit", "anchor", "--out", str(anchor))
    assert code == 0 and json.loads(anchor.read_text())["seq"] > 3
    own = owner_url(url)
    raw_execute(own, "DROP TRIGGER trg_audit_log_no_delete" if url.startswith("sqlite")
                else "ALTER TABLE audit_log DISABLE TRIGGER USER")
    raw_execute(own, "DELETE FROM audit_log WHERE seq > (SELECT MAX(seq) - 2 FROM audit_log)")
    out = _detected(capsys, url, "audit", "verify")
    assert "audit chain intact" in out and "INTEGRITY ALARM" in out and "is gone" in out
    # Another computer (no witness of its own) still has the anchor file kept elsewhere.
    from clinic_desk.services import witness

    witness._path().unlink()
    out = _detected(capsys, url, "audit", "verify", "--anchor", str(anchor))
    assert "the anchored entry is missing" in out
    # Any other command refuses to work on a database that lost what it saw.
    raw = _cli(capsys, "--database", url, "audit", "anchor")
    assert raw[0] == 0  # no witness left on this computer after the unlink: it starts anew


def test_forged_record_sign_entry_appended_to_the_chain_is_detected(clinic: Any,
                                                                    capsys: Any) -> None:
    """Point 9: a forged `record_sign` entry hashed with the app's own function."""
    services, _staff, record = clinic
    url = _url(services)
    forge_audit(url, "record_sign", "drlee", record.id, record.patient.id,
                {"meaning": "Reviewed and approved", "content_hash": "0" * 64})
    out = _detected(capsys, url, "audit", "verify")
    assert "(record_sign) carries no signature by a trusted key" in out
    assert "2 record_sign audit entries instead of one" in _detected(
        capsys, url, "record", "verify")


def test_the_witness_blocks_other_commands_after_a_tail_cut(clinic: Any, capsys: Any) -> None:
    services, _staff, record = clinic
    url = _url(services)
    assert _cli(capsys, "--database", url, "record", "list")[0] == 0  # seen once
    own = owner_url(url)
    raw_execute(own, "DROP TRIGGER trg_audit_log_no_delete" if url.startswith("sqlite")
                else "ALTER TABLE audit_log DISABLE TRIGGER USER")
    raw_execute(own, "DELETE FROM audit_log WHERE seq = (SELECT MAX(seq) FROM audit_log)")
    code, out = _cli(capsys, "--database", url, "record", "show", str(record.id))
    assert code == 1 and "INTEGRITY ALARM" in out and "Nothing was done" in out
    figures.add("integrity_attacks_detected")


def test_postgresql_app_role_cannot_touch_the_guards(pg_owner_and_app_url: tuple[str, str],
                                                     capsys: Any) -> None:
    """Point 3: as the application's role, DROP TRIGGER, DISABLE TRIGGER and CREATE OR
    REPLACE FUNCTION are refused; `check` passes as the app role and fails as the owner."""
    owner_url, app_url = pg_owner_and_app_url
    db = Database(app_url)
    try:
        services = Services(db)
        staff = make_staff(services)
        record = signed_record(services, staff)
    finally:
        db.dispose()
    for sql in ("DROP TRIGGER trg_records_guard ON records",
                "ALTER TABLE records DISABLE TRIGGER USER",
                "CREATE OR REPLACE FUNCTION clinic_guard_record() RETURNS trigger"
                " LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$",
                "DELETE FROM audit_log",
                f"UPDATE records SET notes = 'x' WHERE id = {record.id}"):
        reason = _refused(app_url, sql)
        assert "must be owner" in reason or "permission denied" in reason or \
            "clinic_desk:" in reason, reason
    code, out = _cli(capsys, "--database", app_url, "check")
    assert code == 0, out
    out = _detected(capsys, owner_url, "check")
    assert "superuser" in out and "two roles" in out


def test_init_db_with_an_owner_url_grants_the_app_role_rows_only(pg_server: Any,
                                                                 capsys: Any) -> None:
    from tests.conftest import APP_ROLE, as_app_role

    pg_server.psql("DROP DATABASE IF EXISTS two_roles_init;")
    pg_server.psql("CREATE DATABASE two_roles_init;")
    pg_server.psql(f"DO $$ BEGIN CREATE ROLE {APP_ROLE} LOGIN; "
                   "EXCEPTION WHEN duplicate_object THEN NULL; END $$;")
    owner = pg_server.url("two_roles_init")
    app = as_app_role(owner)
    code, out = _cli(capsys, "--database", app, "init-db", "--owner-url", owner)
    assert code == 0 and f"role {APP_ROLE} may read and write rows only" in out, out
    code, out = _cli(capsys, "--database", app, "check")
    assert code == 0, out
    _refused(app, "CREATE TABLE x (a int)")
    _refused(app, "UPDATE audit_log SET detail = '{}'")


# --- restore (point 4) ----------------------------------------------------------------------
@pytest.fixture(autouse=True)
def _pg_tools(monkeypatch: Any) -> None:
    """pgserver ships pg_dump and pg_restore of its server's version."""
    from pgserver._commands import POSTGRES_BIN_PATH

    from clinic_desk.services import backup as backups

    monkeypatch.setenv(backups.ENV_PG_BIN, str(POSTGRES_BIN_PATH))


def _backup(capsys: Any, url: str, target: Path) -> None:
    code, out = _cli(capsys, "--database", url, "backup", str(target))
    assert code == 0, out


def _drop_a_guard(url: str) -> None:
    raw_execute(owner_url(url), "DROP TRIGGER trg_records_signed_update" if url.startswith("sqlite")
                else "DROP TRIGGER trg_records_guard ON records")


def test_a_backup_without_guards_is_refused(clinic: Any, capsys: Any, tmp_path: Path) -> None:
    """A backup whose triggers were dropped (its manifest is consistent) restores no more."""
    services, _, _ = clinic
    url = _url(services)
    _drop_a_guard(url)
    target = tmp_path / "noguards.bak"
    _backup(capsys, url, target)
    out = _detected(capsys, owner_url(url), "restore", str(target), "--check")
    assert "backup NOT usable" in out and "backup: guard trigger" in out
    code, out = _cli(capsys, "--database", owner_url(url), "restore", str(target))
    assert code == 2 and "Nothing was restored" in out
    figures.add("integrity_attacks_refused")


def test_a_backup_with_a_tampered_signed_record_is_refused(clinic: Any, capsys: Any,
                                                           tmp_path: Path) -> None:
    services, _, record = clinic
    url = _url(services)
    own = owner_url(url)
    raw_execute(own, "DROP TRIGGER trg_records_signed_update" if url.startswith("sqlite")
                else "ALTER TABLE records DISABLE TRIGGER USER")
    raw_execute(own, f"UPDATE records SET pain_after = 0 WHERE id = {record.id}")
    if url.startswith("sqlite"):
        from clinic_desk.storage.guards import sqlite_triggers

        raw_execute(own, sqlite_triggers()["trg_records_signed_update"])
    else:
        raw_execute(own, "ALTER TABLE records ENABLE TRIGGER USER")
    target = tmp_path / "tampered.bak"
    _backup(capsys, url, target)
    out = _detected(capsys, owner_url(url), "restore", str(target), "--check")
    assert f"backup: record {record.id}: " in out and "content does not match" in out


def test_a_backup_without_its_manifest_is_refused(clinic: Any, capsys: Any,
                                                  tmp_path: Path) -> None:
    services, _, _ = clinic
    url = _url(services)
    target = tmp_path / "bare.bak"
    _backup(capsys, url, target)
    Path(f"{target}.manifest.json").unlink()
    assert "it has no manifest" in _detected(capsys, owner_url(url), "restore", str(target),
                                             "--check")
    code, out = _cli(capsys, "--database", owner_url(url), "restore", str(target))
    assert code == 2 and "Nothing was restored" in out


def test_the_restore_entry_survives_a_kill(clinic: Any, capsys: Any, tmp_path: Path,
                                           monkeypatch: Any) -> None:
    """SQLite: the entry is inside the copy that replaces the database, so it is there the
    moment the swap is. PostgreSQL: killed after pg_restore, before the entry: the journal
    puts it in at the next start."""
    from clinic_desk.services import backup as backups

    services, _, _ = clinic
    url = _url(services)
    target = tmp_path / "good.bak"
    _backup(capsys, url, target)

    class Killed(BaseException):
        pass

    if url.startswith("sqlite"):
        real = backups._replace_sqlite

        def swap_then_die(db: Any, source: Path) -> None:
            real(db, source)
            raise Killed
        monkeypatch.setattr(backups, "_replace_sqlite", swap_then_die)
    else:
        def die(db: Any, entry: Any) -> None:
            raise Killed
        monkeypatch.setattr(backups, "_append", die)
    with pytest.raises(Killed):  # PostgreSQL: only the owner restores (two roles)
        cli.main(["--database", owner_url(url), "restore", str(target)])
    monkeypatch.undo()
    capsys.readouterr()
    if not url.startswith("sqlite"):  # the next run of anything finishes the restore
        code, out = _cli(capsys, "--database", url, "record", "list")
        assert code == 0 and "restore cut short" in out, out
    actions = [r[0] for r in raw_rows(url, "SELECT action FROM audit_log ORDER BY seq")]
    assert actions[-1] == "restore" or actions[-2:] == ["restore", "sign_in"] or \
        "restore" in actions[-3:]
    code, out = _cli(capsys, "--database", url, "audit", "verify")
    assert code == 0, out


def test_an_administrator_accepts_a_restore_made_elsewhere(clinic: Any, capsys: Any,
                                                           tmp_path: Path) -> None:
    """After a restore on another computer this one alarms; an administrator who looked into
    it accepts the database as it is (audited), and the alarm ends."""
    from clinic_desk.services import witness

    services, staff, _ = clinic
    url = _url(services)
    target = tmp_path / "older.bak"
    _backup(capsys, url, target)
    ready_record(services, staff)
    assert _cli(capsys, "--database", url, "record", "list")[0] == 0  # seen after the backup
    saved = witness._load()
    assert _cli(capsys, "--database", owner_url(url), "restore", str(target))[0] == 0
    witness._save(saved)  # this computer did not make the restore: it remembers the newer head
    code, out = _cli(capsys, "--database", url, "record", "list")
    assert code == 1 and "INTEGRITY ALARM" in out
    code, out = _cli(capsys, "--database", url, "audit", "witness-reset", "--admin", "drlee",
                     "--password-stdin", stdin=staff.password + "\n")
    assert code == 2 and "cannot manage users" in out  # a physician may not
    code, out = _cli(capsys, "--database", url, "audit", "witness-reset", "--admin", "admin",
                     "--password-stdin", stdin=staff.password + "\n")
    assert code == 0 and "was: audit entry" in out, out
    assert _cli(capsys, "--database", url, "record", "list")[0] == 0
    actions = [r[0] for r in raw_rows(url, "SELECT action FROM audit_log ORDER BY seq")]
    assert "witness_reset" in actions
