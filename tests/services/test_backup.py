"""Backup and restore on SQLite (online backup API, while writes go on) and PostgreSQL
(pg_dump/pg_restore from pgserver's own binaries): verified before anything is replaced."""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from clinic_desk.domain.errors import PermissionDeniedError
from clinic_desk.services import Services
from clinic_desk.services import backup as backups
from clinic_desk.services.backup import BackupError, manifest_path
from clinic_desk.storage import schema
from clinic_desk.storage.engine import Database
from clinic_desk.storage.unit_of_work import UnitOfWork
from tests.conftest import owner_url
from tests.signoff.helpers import (
    audit_entries,
    complete_draft,
    ready_record,
    signed_record,
    stored,
)


@pytest.fixture(autouse=True)
def _pg_tools(monkeypatch: pytest.MonkeyPatch) -> None:
    """pgserver ships pg_dump and pg_restore; use them like an installed client would."""
    from pgserver._commands import POSTGRES_BIN_PATH

    monkeypatch.setenv(backups.ENV_PG_BIN, str(POSTGRES_BIN_PATH))


def _state(services: Services) -> dict[str, Any]:
    with UnitOfWork(services.db, write=False) as uow:
        return {"counts": backups._counts(uow.session), "chain": uow.audit.verify().entries,
                "head": backups._audit_head(uow.session)}


@contextmanager
def _owner_db(services: Services) -> Iterator[Database]:
    """The services' database as its owner (PostgreSQL), or itself (SQLite)."""
    url = services.db.url.render_as_string(hide_password=False)
    if url == owner_url(url):
        yield services.db
        return
    owner = Database(owner_url(url))
    try:
        yield owner
    finally:
        owner.dispose()


def test_backup_and_restore_round_trip(services: Services, staff: Any,
                                       tmp_path: Path) -> None:
    signed = signed_record(services, staff)
    draft = complete_draft(services, staff)
    target = tmp_path / "backup" / "clinic.bak"

    report = backups.backup(services.db, target, staff.admin)
    at_backup = _state(services)
    assert report.manifest.counts["records"] == 2 and report.manifest.schema == schema.HEAD
    assert report.manifest.audit_head == at_backup["head"]  # the backup holds its own entry
    assert json.loads(manifest_path(target).read_text())["sha256"] == report.manifest.sha256

    # Life goes on after the backup: a save, a new record.
    services.records.save(staff.nurse, replace(draft, notes="after the backup"))
    ready_record(services, staff)

    # On PostgreSQL only the tables' owner can replace them (issue 11's two roles); the
    # application role keeps its rights on the restored tables.
    with _owner_db(services) as owner:
        result = backups.restore(owner, target, staff.admin, keep_dir=tmp_path / "keep")
    assert result.verification.ok and result.safety_copy is not None
    assert result.safety_copy.exists()
    after = _state(services)
    assert after["counts"]["records"] == 2
    assert after["chain"] == at_backup["chain"] + 1  # + the restore entry, chain intact
    assert stored(services, draft.id).notes == draft.notes
    assert services.signing.verify(stored(services, signed.id))
    last = audit_entries(services)[-1]
    assert last.action.value == "restore" and last.detail["sha256"] == report.manifest.sha256


def test_only_administrators_back_up_and_restore(services: Services, staff: Any,
                                                 tmp_path: Path) -> None:
    with pytest.raises(PermissionDeniedError):
        backups.backup(services.db, tmp_path / "x.bak", staff.nurse)
    report = backups.backup(services.db, tmp_path / "x.bak", staff.admin)
    with pytest.raises(PermissionDeniedError):
        backups.restore(services.db, report.path, staff.physician)


def test_a_changed_backup_is_refused_and_nothing_is_replaced(services: Services, staff: Any,
                                                             tmp_path: Path) -> None:
    ready_record(services, staff)
    report = backups.backup(services.db, tmp_path / "clinic.bak", staff.admin)
    ready_record(services, staff)
    before = _state(services)
    data = json.loads(manifest_path(report.path).read_text())
    data["counts"]["records"] = 7  # the manifest no longer matches the file
    manifest_path(report.path).write_text(json.dumps(data))

    with pytest.raises(BackupError, match="records: 1 rows, the manifest says 7"), \
            _owner_db(services) as owner:
        backups.restore(owner, report.path, staff.admin, keep_dir=tmp_path / "keep")
    assert _state(services) == before
    assert not (tmp_path / "keep").exists()


def test_a_damaged_file_is_refused(services: Services, staff: Any, tmp_path: Path) -> None:
    ready_record(services, staff)
    report = backups.backup(services.db, tmp_path / "clinic.bak", staff.admin)
    raw = bytearray(report.path.read_bytes())
    before = _state(services)
    # Damage at several places: the middle of the data, the table of contents near the start.
    for where in (len(raw) // 2, len(raw) // 3, 200, len(raw) - 50):
        damaged = bytearray(raw)
        damaged[where] ^= 0xFF
        report.path.write_bytes(bytes(damaged))
        with pytest.raises(BackupError, match="SHA-256"), _owner_db(services) as owner:
            backups.restore(owner, report.path, staff.admin, keep_dir=tmp_path / "keep")
        assert _state(services) == before


def test_verify_finds_a_broken_audit_chain_and_an_unknown_schema(sqlite_services: Services,
                                                                 sqlite_staff: Any,
                                                                 tmp_path: Path) -> None:
    services, staff = sqlite_services, sqlite_staff
    ready_record(services, staff)
    report = backups.backup(services.db, tmp_path / "clinic.bak", staff.admin)
    assert backups.verify(services.db, report.path).ok
    manifest_path(report.path).unlink()  # a bare file: nothing vouches for it (issue 11)
    bare = backups.verify(services.db, report.path)
    assert not bare.ok and bare.problems == ("it has no manifest (clinic.bak.manifest.json), "
                                             "so nothing vouches for the file",)

    conn = sqlite3.connect(report.path)
    conn.execute("DROP TRIGGER trg_audit_log_no_update")  # what an attacker would do
    conn.execute("UPDATE audit_log SET username = 'someone' WHERE seq = 2")
    conn.commit()
    conn.close()
    check = backups.verify(services.db, report.path)
    assert not check.ok and "audit chain broken at entry 2" in check.message

    conn = sqlite3.connect(report.path)
    conn.execute("UPDATE alembic_version SET version_num = '9999'")
    conn.commit()
    conn.close()
    assert "newer Clinic Desk" in backups.verify(services.db, report.path).message
    with pytest.raises(BackupError):
        backups.restore(services.db, report.path, staff.admin, keep_dir=tmp_path)


def test_a_file_that_is_not_a_database_is_refused(sqlite_services: Services,
                                                  tmp_path: Path) -> None:
    junk = tmp_path / "junk.bak"
    junk.write_bytes(b"not a database at all" * 100)
    check = backups.verify(sqlite_services.db, junk)
    assert not check.ok and "not an SQLite database" in check.message


def test_sqlite_backup_while_another_thread_keeps_saving(sqlite_services: Services,
                                                         sqlite_staff: Any,
                                                         tmp_path: Path) -> None:
    services, staff = sqlite_services, sqlite_staff
    record = complete_draft(services, staff)
    stop, saved = threading.Event(), threading.Event()
    saves: list[int] = []

    def keep_saving() -> None:
        current = record
        while not stop.is_set():
            current = services.records.save(staff.nurse, replace(
                current, pain_after=((current.pain_after or 0) + 1) % 10))
            saves.append(current.version)
            saved.set()

    writer = threading.Thread(target=keep_saving)
    writer.start()
    try:
        reports = []
        for n in range(5):  # back up five times while saves go on
            assert saved.wait(30)
            saved.clear()
            reports.append(backups.backup(services.db, tmp_path / f"b{n}.bak", staff.admin))
    finally:
        stop.set()
        writer.join()
    assert len(set(r.manifest.sha256 for r in reports)) == 5
    for r in reports:
        assert backups.verify(services.db, r.path).ok  # each one a consistent snapshot


def test_daily_backup_once_a_day_and_keeps_the_newest(sqlite_services: Services,
                                                      sqlite_staff: Any,
                                                      tmp_path: Path) -> None:
    ready_record(sqlite_services, sqlite_staff)
    folder = tmp_path / "daily"
    first = date(2026, 11, 1)
    made = [backups.daily_backup(sqlite_services.db, folder, keep=3,
                                 today=first + timedelta(days=n)) for n in range(5)]
    assert all(m is not None for m in made)
    assert backups.daily_backup(sqlite_services.db, folder, keep=3,
                                today=first + timedelta(days=4)) is None  # already done
    names = sorted(p.name for p in folder.iterdir())
    assert names == [f"clinic-desk-2026-11-0{d}.sqlite3{s}" for d in (3, 4, 5)
                     for s in ("", ".manifest.json")]
    assert backups.verify(sqlite_services.db, folder / "clinic-desk-2026-11-05.sqlite3").ok


def test_daily_backup_leaves_postgresql_to_it(pg_url: str, tmp_path: Path) -> None:
    from clinic_desk.storage.engine import Database

    db = Database(pg_url)
    try:
        assert backups.daily_backup(db, tmp_path) is None
    finally:
        db.dispose()


def test_without_pg_tools_the_message_says_what_to_do(monkeypatch: pytest.MonkeyPatch,
                                                      pg_url: str, tmp_path: Path) -> None:
    from clinic_desk.storage.engine import Database

    monkeypatch.delenv(backups.ENV_PG_BIN)
    monkeypatch.setenv("PATH", str(tmp_path))
    db = Database(pg_url)
    try:
        with pytest.raises(BackupError, match=r"pg_dump was not found.*CLINIC_DESK_PG_BIN"):
            backups.backup(db, tmp_path / "x.dump")
    finally:
        db.dispose()


def test_a_backup_of_one_kind_is_not_restored_into_the_other(pg_url: str,
                                                             sqlite_services: Services,
                                                             tmp_path: Path) -> None:
    from clinic_desk.storage.engine import Database

    db = Database(pg_url)
    try:
        report = backups.backup(db, tmp_path / "pg.dump")
        with pytest.raises(BackupError, match="postgresql backup"):
            backups.restore(sqlite_services.db, report.path)
        sqlite_report = backups.backup(sqlite_services.db, tmp_path / "lite.bak")
        with pytest.raises(BackupError, match="sqlite backup"):
            backups.restore(db, sqlite_report.path)
    finally:
        db.dispose()


def test_the_app_makes_the_daily_backup_in_the_background(sqlite_services: Services,
                                                          sqlite_staff: Any,
                                                          monkeypatch: pytest.MonkeyPatch,
                                                          tmp_path: Path) -> None:
    import threading

    from clinic_desk import app

    monkeypatch.setenv("CLINIC_DESK_DATA_DIR", str(tmp_path / "data"))
    folder = tmp_path / "data" / "backups"
    folder.mkdir(parents=True)
    import subprocess
    import sys

    dead = subprocess.Popen([sys.executable, "-c", "pass"])  # a copy whose writer was killed
    dead.wait()
    (folder / f".clinic-desk-2026-01-01.sqlite3.{dead.pid}.0badc0de.tmp").write_bytes(
        b"cut short")
    app._start_daily_backup(sqlite_services.db)
    for thread in threading.enumerate():
        if thread.name == "clinic-desk-daily-backup":
            thread.join(60)
    made = sorted(p.name for p in folder.iterdir())
    assert made == [f"clinic-desk-{date.today().isoformat()}.sqlite3",
                    f"clinic-desk-{date.today().isoformat()}.sqlite3.manifest.json"]
