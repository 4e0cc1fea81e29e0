"""Issue 11: signatures made before Ed25519 (schema 0003) migrate honestly. After migration
0004 they are "legacy hash-only": `record verify` counts them as such and still checks their
hashes; the list of them is frozen and recorded in the audit trail, so a signature added
later without an Ed25519 signature is a forgery. An account from before the upgrade gets a
key at its next sign-in that cannot sign until an administrator endorses it."""

from __future__ import annotations

import contextlib
import hashlib
import io
import itertools
import os
import sys
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from clinic_desk import cli
from clinic_desk.domain.audit import AuditAction, AuditEntry
from clinic_desk.domain.errors import AuthenticationError
from clinic_desk.domain.record import Role, StaffRef
from clinic_desk.domain.record_format import canonical_json
from clinic_desk.services import Services
from clinic_desk.services.auth import AuthService
from clinic_desk.services.context import Actor
from clinic_desk.storage import schema
from clinic_desk.storage.engine import Database
from clinic_desk.storage.unit_of_work import UnitOfWork
from tests.conftest import PASSWORD, new_sqlite_url
from tests.factories import make_patient, make_record
from tests.signoff.helpers import raw_execute, raw_rows

_names = itertools.count()


def _upgrade_to(db: Database, revision: str) -> None:
    from alembic import command
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(schema.MIGRATIONS))
    with db.engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, revision)


@pytest.fixture(params=["sqlite", "postgresql"])
def old_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """An empty database at schema 0003 (before issue 11)."""
    if request.param == "sqlite":
        url = new_sqlite_url(tmp_path)
    else:
        pg = request.getfixturevalue("pg_server")
        name = f"legacy_{os.getpid()}_{next(_names)}"
        pg.psql(f"DROP DATABASE IF EXISTS {name};")
        pg.psql(f"CREATE DATABASE {name};")
        url = pg.url(name)
    db = Database(url)
    _upgrade_to(db, "0003")
    db.dispose()
    yield url


@contextlib.contextmanager
def _newer_columns_for_a_while(db: Database) -> Iterator[None]:
    """Today's services on a schema-0003 database: the columns and tables later migrations
    added exist only while the block runs, then go, so that the upgrade adds them as it would
    on a clinic's real old file (the rows written meanwhile are what 0003 could hold)."""
    from sqlalchemy import inspect

    from clinic_desk.storage.models import Base

    added: list[tuple[str, str]] = []
    with db.engine.begin() as conn:
        insp = inspect(conn)
        existing = set(insp.get_table_names())
        missing_tables = [t for name, t in Base.metadata.tables.items() if name not in existing]
        for name, table in Base.metadata.tables.items():
            if name not in existing:
                continue
            have = {c["name"] for c in insp.get_columns(name)}
            for col in table.columns:
                if col.name not in have:
                    ddl = col.type.compile(dialect=conn.dialect)
                    conn.exec_driver_sql(f'ALTER TABLE {name} ADD COLUMN "{col.name}" {ddl}')
                    added.append((name, col.name))
        Base.metadata.create_all(conn, tables=missing_tables)
    try:
        yield
    finally:
        with db.engine.begin() as conn:
            Base.metadata.drop_all(conn, tables=missing_tables)
            for name, col_name in added:
                conn.exec_driver_sql(f'ALTER TABLE {name} DROP COLUMN "{col_name}"')


def _cli(capsys: Any, *args: str, stdin: str = "") -> tuple[int, str]:
    old = sys.stdin
    sys.stdin = io.StringIO(stdin)
    try:
        code = cli.main(list(args))
    finally:
        sys.stdin = old
    out, err = capsys.readouterr()
    return code, out + err


def _old_signed_record(url: str) -> int:
    """What Clinic Desk before issue 11 stored for a signed record (SHA-256 only)."""
    hashed = AuthService.hasher.hash(PASSWORD)
    now = datetime.now(UTC).replace(tzinfo=None)
    for uid, name, full, role, cred in ((1, "drlee", "Hana Lee", "physician", "MD"),
                                        (2, "nkim", "Min-jun Kim", "nurse", "RN"),
                                        (3, "admin", "Avery Morgan", "admin", "")):
        raw_execute(url, "INSERT INTO users (id, username, full_name, credentials, role,"
                         " password_hash, active, failed_attempts, created_at, version)"
                         " VALUES (?, ?, ?, ?, ?, ?, TRUE, 0, ?, 1)",
                    (uid, name, full, cred, role, hashed,
                     now.isoformat(" ") if url.startswith("sqlite") else now))
    db = Database(url)
    try:
        with _newer_columns_for_a_while(db):
            return _old_signed_record_in(db, url)
    finally:
        db.dispose()


def _old_signed_record_in(db: Database, url: str) -> int:
    if True:
        services = Services(db)
        nurse = Actor(2, "nkim", "Min-jun Kim", Role.NURSE, "RN")
        patient = services.patients.save(nurse, make_patient())
        ready = services.records.mark_ready(nurse, make_record(
            patient=patient, physician=StaffRef("drlee", "Hana Lee", "MD"),
            nurse=StaffRef("nkim", "Min-jun Kim", "RN")))
        with UnitOfWork(db) as uow:
            # Schema 0003 had no procedure note (0008): the old app signed records without.
            uow.connection.exec_driver_sql(f"UPDATE records SET note = NULL WHERE id = {ready.id}")
            content = canonical_json(uow.records.get(ready.id))
            digest = hashlib.sha256(content).hexdigest()
            uow.connection.exec_driver_sql(
                "INSERT INTO signatures (record_id, signer_id, signer_username, printed_name,"
                " credentials, signed_at, signed_offset_min, meaning, content_hash, content)"
                f" VALUES ({ready.id}, 1, 'drlee', 'Hana Lee', 'MD', CURRENT_TIMESTAMP, 0,"
                f" 'Reviewed and approved', '{digest}', ?)"
                if url.startswith("sqlite") else
                "INSERT INTO signatures (record_id, signer_id, signer_username, printed_name,"
                " credentials, signed_at, signed_offset_min, meaning, content_hash, content)"
                f" VALUES ({ready.id}, 1, 'drlee', 'Hana Lee', 'MD', CURRENT_TIMESTAMP, 0,"
                f" 'Reviewed and approved', '{digest}', %s)", (content.decode(),))
            uow.connection.exec_driver_sql(
                f"UPDATE records SET status = 'signed' WHERE id = {ready.id}")
            uow.audit.append(AuditEntry(AuditAction.RECORD_SIGN, "drlee", "ws", datetime.now(UTC),
                                        ready.id, patient.id,
                                        {"meaning": "Reviewed and approved",
                                         "content_hash": digest}))
            uow.commit()
        assert ready.id is not None
        return ready.id


def test_old_signatures_are_reported_as_legacy_and_new_ones_need_endorsed_keys(
        old_url: str, capsys: Any) -> None:
    rid = _old_signed_record(old_url)
    code, out = _cli(capsys, "--database", old_url, "init-db")
    assert code == 0, out
    assert raw_rows(old_url, "SELECT record_id FROM legacy_signatures") == [(rid,)]
    actions = [r[0] for r in raw_rows(old_url, "SELECT action FROM audit_log ORDER BY seq")]
    assert actions[-1] == "legacy_signatures"
    code, out = _cli(capsys, "--database", old_url, "record", "verify")
    assert code == 0 and "signatures intact: 1 signed records (1 of them legacy hash-only" \
        in out, out
    code, out = _cli(capsys, "--database", old_url, "audit", "verify")
    assert code == 0, out
    # The old record's hash is still checked.
    raw_execute(old_url, "DROP TRIGGER trg_records_signed_update" if old_url.startswith(
        "sqlite") else "ALTER TABLE records DISABLE TRIGGER USER")
    raw_execute(old_url, f"UPDATE records SET pain_after = 0 WHERE id = {rid}")
    code, out = _cli(capsys, "--database", old_url, "record", "verify")
    assert code == 1 and "content does not match" in out


def test_an_old_account_gets_a_key_that_awaits_endorsement(old_url: str) -> None:
    """Whoever signs in first after the upgrade (here a nurse), the first administrator's key
    becomes the trust root; the physician's key waits until that administrator endorses it."""
    from clinic_desk.services.keys import fingerprint

    rid = _old_signed_record(old_url)
    db = Database(old_url)
    try:
        schema.upgrade(db)
        services = Services(db)
        nurse = services.auth.authenticate("nkim", PASSWORD)  # the first key: not a root
        drlee = services.auth.authenticate("drlee", PASSWORD)
        ready = services.records.mark_ready(nurse, make_record(
            patient=services.patients.save(nurse, make_patient()), physician=drlee.staff,
            nurse=nurse.staff))
        with pytest.raises(AuthenticationError, match="not been endorsed"):
            services.signing.sign(drlee, ready.id, PASSWORD, "Reviewed and approved")
        admin = services.auth.authenticate("admin", PASSWORD)  # the root, held while signed in
        keys = raw_rows(old_url, "SELECT username, public_key FROM signing_keys ORDER BY id")
        assert [k[0] for k in keys] == ["nkim", "drlee", "admin"]
        services.users.endorse_key(admin, "drlee", fingerprint(keys[1][1]))
        signed = services.signing.sign(drlee, ready.id, PASSWORD, "Reviewed and approved")
        assert signed.signature is not None and rid != ready.id
    finally:
        db.dispose()
