"""Backup and restore, verified before anything is replaced.

SQLite: SQLite's online backup API makes a consistent copy while the app runs (readers never
block in WAL mode). PostgreSQL: `pg_dump -Fc` in the same snapshot as the counts written to the
manifest, and `pg_restore` in one transaction; the PostgreSQL client tools must be installed
(on PATH, or their folder in CLINIC_DESK_PG_BIN), or the command says so.

Each backup FILE gets a manifest FILE.manifest.json: the schema version, the number of rows of
every clinical table, the audit chain's length and newest hash, and the file's SHA-256.
`restore` first checks the file (its hash against the manifest, `PRAGMA integrity_check`, a
known schema version, the row counts, the whole audit chain) - on PostgreSQL by restoring it
into a scratch database - and only then replaces the live database, after keeping a copy of
the current one. A failed check changes nothing.

`daily_backup` (called by the app at start) keeps one SQLite copy per day in the data
folder's `backups/`, the newest KEEP_DAILY of them; restore keeps the newest KEEP_SAFETY
safety copies there. Every file is 0600 in 0700 folders (clinic_desk/files.py), written
under a temporary name that is removed on failure; one left by a killed run is removed by
the next backup into that folder.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import re
import secrets
import shutil
import sqlite3
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, inspect, text
from sqlalchemy.engine import URL
from sqlalchemy.orm import Session

from .. import __version__
from ..config import data_dir
from ..domain.audit import AuditAction, AuditEntry, ChainReport
from ..domain.errors import ClinicDeskError, ValidationError
from ..domain.permissions import Action
from ..files import (
    check_output,
    clean_stale_tmp,
    create_private,
    new_private_tmp,
    private_dir,
    replace_checked,
    write_private,
)
from ..storage import schema
from ..storage.audit import AuditRepository
from ..storage.engine import Database, database_identity
from ..storage.repositories import OnSession
from ..storage.unit_of_work import UnitOfWork
from .context import SYSTEM, Actor, workstation_name

log = logging.getLogger(__name__)

FORMAT = "clinic-desk/backup@1"
ENV_PG_BIN = "CLINIC_DESK_PG_BIN"
KEEP_DAILY = 14
KEEP_SAFETY = 5  # restore safety copies kept (docs/multi-workstation.md, docs/security.md)
COUNTED = ("users", "patients", "records", "record_joints", "record_medications", "call_entries",
           "record_complications", "signatures", "addenda", "handout_prints", "audit_log",
           "settings")
_DAILY = re.compile(r"^clinic-desk-(\d{4}-\d{2}-\d{2})\.sqlite3$")


class BackupError(ClinicDeskError):
    """A backup or restore could not be made or did not verify; nothing was replaced."""


@dataclass(frozen=True, slots=True)
class Manifest:
    backend: str  # "sqlite" or "postgresql"
    schema: str
    counts: dict[str, int]
    audit_entries: int
    audit_head: str  # "SEQ:HASH" of the newest audit entry ("0:" when there is none)
    sha256: str
    created_at: str
    app_version: str = __version__
    format: str = FORMAT

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: Any) -> Manifest:
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            raise BackupError("The manifest is not a Clinic Desk backup manifest.")
        try:
            return cls(backend=str(data["backend"]), schema=str(data["schema"]),
                       counts={str(k): int(v) for k, v in dict(data["counts"]).items()},
                       audit_entries=int(data["audit_entries"]),
                       audit_head=str(data["audit_head"]), sha256=str(data["sha256"]),
                       created_at=str(data["created_at"]),
                       app_version=str(data.get("app_version", "")))
        except (KeyError, TypeError, ValueError) as e:
            raise BackupError(f"The backup manifest is damaged ({type(e).__name__}).") from None


@dataclass(frozen=True, slots=True)
class Verification:
    """What checking a backup found; `ok` only when every check passed."""

    schema: str | None
    counts: dict[str, int]
    chain: ChainReport
    problems: tuple[str, ...] = ()
    manifest: Manifest | None = None

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def message(self) -> str:
        if self.ok:
            return (f"backup verified: schema {self.schema}, {self.counts.get('records', 0)} "
                    f"records, {self.counts.get('patients', 0)} patients, {self.chain.message}")
        return "backup NOT usable: " + "; ".join(self.problems)


@dataclass(frozen=True, slots=True)
class BackupReport:
    path: Path
    manifest: Manifest


@dataclass(frozen=True, slots=True)
class RestoreReport:
    verification: Verification
    safety_copy: Path | None
    upgraded_from: str | None = None
    notes: tuple[str, ...] = field(default_factory=tuple)


# --- helpers ------------------------------------------------------------------------------
def manifest_path(path: Path) -> Path:
    return path.with_name(path.name + ".manifest.json")


def file_sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def _known_revisions() -> list[str]:
    versions = schema.MIGRATIONS / "versions"
    return sorted(p.name.split("_", 1)[0] for p in versions.glob("[0-9][0-9][0-9][0-9]_*.py"))


def _counts(session: Session) -> dict[str, int]:
    names = set(inspect(session.get_bind()).get_table_names())
    return {t: int(session.execute(text(f"SELECT count(*) FROM {t}")).scalar() or 0)
            for t in COUNTED if t in names}


def _audit_head(session: Session) -> str:
    if not inspect(session.get_bind()).has_table("audit_log"):
        return "0:"
    row = session.execute(
        text("SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1")).first()
    return f"{row[0]}:{row[1]}" if row else "0:"


def _revision(session: Session) -> str | None:
    if not inspect(session.get_bind()).has_table("alembic_version"):
        return None
    value = session.execute(text("SELECT version_num FROM alembic_version")).scalar()
    return None if value is None else str(value)


def _write_manifest(path: Path, manifest: Manifest) -> None:
    write_private(manifest_path(path), json.dumps(manifest.to_json(), indent=1,
                                                  sort_keys=True).encode("utf-8"), "file")


def read_manifest(path: Path) -> Manifest | None:
    mpath = manifest_path(path)
    if not mpath.exists():
        return None
    try:
        data = json.loads(mpath.read_text(encoding="utf-8"))
    except (OSError, ValueError) as e:
        raise BackupError(f"The backup manifest cannot be read ({type(e).__name__}).") from None
    return Manifest.from_json(data)


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _audit(db: Database, actor: Actor, action: AuditAction, detail: dict[str, Any]) -> None:
    with UnitOfWork(db) as uow:
        uow.audit.append(AuditEntry(action, actor.username,
                                    actor.workstation or workstation_name(),
                                    datetime.now().astimezone(), detail=detail))
        uow.commit()


def _check_actor(actor: Actor) -> None:
    if actor is not SYSTEM:
        actor.require(Action.MANAGE)


def _integrity(session: Session, revision: str | None, url: str,
               problems: list[str]) -> None:
    """Issue 11: a backup of this schema must hold the guards exactly as defined and signed
    records that verify (Ed25519, content hash, audit entries). An older backup is upgraded
    after the restore, which installs the guards anew."""
    if revision != schema.HEAD:
        return
    from ..storage import guards
    from .integrity import verify_records

    problems += [f"backup: {p}" for p in guards.problems(session.connection())]
    check = Database(url)
    try:
        report = verify_records(check)
    finally:
        check.dispose()
    if not report.ok:
        problems += [f"backup: {line}" for line in report.lines()[:-1]]


def _verify_session(session: Session, manifest: Manifest | None,
                    problems: list[str]) -> Verification:
    revision = _revision(session)
    known = _known_revisions()
    if revision is None:
        problems.append("it holds no Clinic Desk schema")
    elif revision not in known:
        problems.append(f"it was made by a newer Clinic Desk (schema {revision}; this version "
                        f"knows up to {schema.HEAD})")
    counts = _counts(session)
    chain = AuditRepository(OnSession(session)).verify()
    if not chain.intact:
        problems.append(chain.message)
    if manifest is not None:
        if manifest.schema != revision:
            problems.append(f"schema {revision} but the manifest says {manifest.schema}")
        for table, expected in manifest.counts.items():
            if counts.get(table) != expected:
                problems.append(f"{table}: {counts.get(table)} rows, the manifest says "
                                f"{expected}")
        if chain.entries != manifest.audit_entries:
            problems.append(f"{chain.entries} audit entries, the manifest says "
                            f"{manifest.audit_entries}")
        if _audit_head(session) != manifest.audit_head:
            problems.append("the newest audit entry is not the one the manifest names")
    return Verification(revision, counts, chain, tuple(problems), manifest)


# --- SQLite -------------------------------------------------------------------------------
def _sqlite_path(db: Database) -> Path:
    if not db.url.database or db.url.database == ":memory:":
        raise BackupError("An in-memory database cannot be backed up.")
    return Path(db.url.database)


def _sqlite_copy(source: Path, target: Path) -> None:
    """Consistent copy with the online backup API (one step: one snapshot)."""
    src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    try:
        dst = sqlite3.connect(target)
        try:
            src.backup(dst)
            dst.execute("PRAGMA journal_mode=DELETE")  # one self-contained file, no -wal
        finally:
            dst.close()
    finally:
        src.close()


@contextmanager
def _sqlite_session(path: Path) -> Iterator[Session]:
    url = URL.create("sqlite", database=f"file:{path}?mode=ro", query={"uri": "true"})
    engine = create_engine(url)
    try:
        with Session(engine) as session:
            yield session
    finally:
        engine.dispose()


def _verify_sqlite(path: Path, manifest: Manifest | None,
                   work: Path | None = None) -> Verification:
    """`work`: where to copy the file to check its signatures (None: the copy of a backup
    being written, checked only for readability and its chain)."""
    problems: list[str] = []
    if manifest is not None and file_sha256(path) != manifest.sha256:
        problems.append("the file's SHA-256 does not match its manifest (changed or damaged)")
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            result = [r[0] for r in conn.execute("PRAGMA integrity_check")]
        finally:
            conn.close()
    except sqlite3.DatabaseError as e:
        return Verification(None, {}, ChainReport(False, 0, None, "unreadable"),
                            (*problems, f"it is not an SQLite database ({e})"), manifest)
    if result != ["ok"]:
        problems.append("integrity check failed: " + "; ".join(result[:3]))
        return Verification(None, {}, ChainReport(False, 0, None, "unreadable"),
                            tuple(problems), manifest)
    try:
        with _sqlite_session(path) as session:
            verification = _verify_session(session, manifest, problems)
            if work is not None:
                _sqlite_copy(path, work)
                _integrity(session, verification.schema, f"sqlite:///{work}", problems)
            return Verification(verification.schema, verification.counts, verification.chain,
                                tuple(problems), manifest)
    except Exception as e:  # noqa: BLE001 - a damaged file may fail in any query
        problems.append(f"it cannot be read as a Clinic Desk database ({type(e).__name__})")
        return Verification(None, {}, ChainReport(False, 0, None, "unreadable"),
                            tuple(problems), manifest)


def _manifest_from_sqlite(path: Path, backend: str = "sqlite") -> Manifest:
    with _sqlite_session(path) as session:
        revision = _revision(session) or ""
        counts = _counts(session)
        chain_len = counts.get("audit_log", 0)
        head = _audit_head(session)
    return Manifest(backend, revision, counts, chain_len, head, file_sha256(path),
                    datetime.now().astimezone().isoformat(timespec="seconds"))


def _backup_sqlite(db: Database, target: Path) -> BackupReport:
    source = _sqlite_path(db)
    tmp = new_private_tmp(target)  # 0600 before SQLite writes a page into it
    try:
        _sqlite_copy(source, tmp)
        verification = _verify_sqlite(tmp, None)
        if not verification.ok:
            raise BackupError("The copy did not verify: " + "; ".join(verification.problems))
        manifest = _manifest_from_sqlite(tmp)
        _fsync(tmp)
        replace_checked(tmp, target, "file")
    finally:
        tmp.unlink(missing_ok=True)
    _write_manifest(target, manifest)
    return BackupReport(target, manifest)


def _keep_sqlite(db: Database, keep_dir: Path) -> Path | None:
    live = _sqlite_path(db)
    if not (live.exists() and live.stat().st_size > 0):
        return None
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    private_dir(keep_dir)
    safety = keep_dir / f"{live.stem}.before-restore-{stamp}.sqlite3"
    create_private(safety)
    _sqlite_copy(live, safety)
    _prune_safety_copies(keep_dir)
    return safety


def _replace_sqlite(db: Database, source: Path) -> None:
    live = _sqlite_path(db)
    db.dispose()
    src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    try:
        dst = sqlite3.connect(live, timeout=30)
        try:
            dst.execute("PRAGMA journal_mode=WAL")
            src.backup(dst)  # replaces every page, under the destination's write lock
        finally:
            dst.close()
    finally:
        src.close()
    db.dispose()


def _prune_safety_copies(keep_dir: Path, keep: int = KEEP_SAFETY) -> None:
    """Keep the newest `keep` restore safety copies (and their manifests); they used to pile
    up without limit, each a full copy of every patient's data."""
    copies = sorted((p for p in keep_dir.iterdir()
                     if ".before-restore-" in p.name and not p.name.endswith(".manifest.json")
                     and not p.name.startswith(".")),
                    key=lambda p: (p.stat().st_mtime, p.name), reverse=True)
    for old in copies[keep:]:
        old.unlink(missing_ok=True)
        manifest_path(old).unlink(missing_ok=True)


# --- PostgreSQL ---------------------------------------------------------------------------
def pg_tool(name: str) -> str:
    """The path of pg_dump / pg_restore, or a BackupError saying how to get it."""
    folder = os.environ.get(ENV_PG_BIN)
    if folder:
        candidate = Path(folder) / name
        if candidate.exists():
            return str(candidate)
    found = shutil.which(name)
    if found:
        return found
    raise BackupError(
        f"{name} was not found. Backing up and restoring a PostgreSQL database needs the "
        f"PostgreSQL client tools ({name}, same major version as the server or newer): install "
        f"them on this computer, or set {ENV_PG_BIN} to the folder that holds them. Your IT "
        "department may back the server up instead (see docs/multi-workstation.md).")


def _libpq(url: URL) -> str:
    return url.set(drivername="postgresql").render_as_string(hide_password=False)


def _run(args: list[str], what: str) -> None:
    # errors="replace": a damaged dump can make pg_restore quote bytes that are not UTF-8.
    result = subprocess.run(args, capture_output=True, text=True, encoding="utf-8",
                            errors="replace", check=False)
    if result.returncode != 0:
        # stderr of pg tools names objects, never row contents; keep the first lines.
        detail = " ".join(result.stderr.strip().splitlines()[:3])
        raise BackupError(f"{what} failed: {detail or f'exit status {result.returncode}'}")


def _backup_postgresql(db: Database, target: Path) -> BackupReport:
    pg_dump = pg_tool("pg_dump")
    tmp = new_private_tmp(target)  # pg_dump writes into it and keeps its 0600
    try:
        # Count in the very snapshot pg_dump copies, so the manifest matches the file.
        with db.engine.connect().execution_options(isolation_level="REPEATABLE READ") as conn:
            conn.exec_driver_sql("SET TRANSACTION READ ONLY")
            snapshot = conn.exec_driver_sql("SELECT pg_export_snapshot()").scalar()
            with Session(bind=conn) as session:
                revision = _revision(session) or ""
                counts = _counts(session)
                head = _audit_head(session)
            _run([pg_dump, "--format=custom", "--no-owner", "--no-privileges",
                  f"--snapshot={snapshot}", f"--file={tmp}", f"--dbname={_libpq(db.url)}"],
                 "pg_dump")
            conn.rollback()
        _fsync(tmp)
        manifest = Manifest("postgresql", revision, counts, counts.get("audit_log", 0), head,
                            file_sha256(tmp),
                            datetime.now().astimezone().isoformat(timespec="seconds"))
        replace_checked(tmp, target, "file")
    finally:
        tmp.unlink(missing_ok=True)
    _write_manifest(target, manifest)
    return BackupReport(target, manifest)


@contextmanager
def _scratch_database(db: Database) -> Iterator[URL]:
    """A new empty database on the same server, dropped afterwards."""
    name = f"clinic_restore_check_{secrets.token_hex(4)}"
    admin = Database(db.url.set(database="postgres").render_as_string(hide_password=False))
    try:
        with admin.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
        try:
            yield db.url.set(database=name)
        finally:
            with admin.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
                conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        admin.dispose()


def _verify_postgresql(db: Database, path: Path, manifest: Manifest | None) -> Verification:
    problems: list[str] = []
    if manifest is not None and file_sha256(path) != manifest.sha256:
        problems.append("the file's SHA-256 does not match its manifest (changed or damaged)")
    pg_restore = pg_tool("pg_restore")
    with _scratch_database(db) as scratch:
        try:
            _run([pg_restore, "--no-owner", "--no-privileges", "--exit-on-error",
                  "--single-transaction", f"--dbname={_libpq(scratch)}", str(path)],
                 "pg_restore into a scratch database")
        except BackupError as e:
            return Verification(None, {}, ChainReport(False, 0, None, "unreadable"),
                                (*problems, str(e)), manifest)
        url = scratch.render_as_string(hide_password=False)
        check = Database(url)
        try:
            with Session(check.engine) as session:
                verification = _verify_session(session, manifest, problems)
                _integrity(session, verification.schema, url, problems)
                return Verification(verification.schema, verification.counts,
                                    verification.chain, tuple(problems), manifest)
        finally:
            check.dispose()


def _restore_postgresql(db: Database, source: Path, keep_dir: Path) -> Path:
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    private_dir(keep_dir)
    clean_stale_tmp(keep_dir)
    safety = keep_dir / f"{db.url.database}.before-restore-{stamp}.dump"
    _backup_postgresql(db, safety)
    _prune_safety_copies(keep_dir)
    db.dispose()
    _run([pg_tool("pg_restore"), "--clean", "--if-exists", "--no-owner", "--no-privileges",
          "--exit-on-error", "--single-transaction", f"--dbname={_libpq(db.url)}", str(source)],
         "pg_restore")
    db.dispose()
    return safety


# --- public -------------------------------------------------------------------------------
def backup(db: Database, target: Path | str, actor: Actor = SYSTEM) -> BackupReport:
    """Back the database up to `target` (+ its manifest); audited in the database first, so the
    copy holds the entry about itself."""
    _check_actor(actor)
    target = check_output(target, "file")  # a folder or a device: refused, nothing written
    private_dir(target.parent, tighten=False)
    clean_stale_tmp(target.parent, target.name)  # left by a backup that was killed
    _audit(db, actor, AuditAction.BACKUP, {"file": target.name})
    report = _backup_postgresql(db, target) if not db.is_sqlite else _backup_sqlite(db, target)
    log.info("backup written: %d records, %d audit entries",
             report.manifest.counts.get("records", 0), report.manifest.audit_entries)
    return report


def verify(db: Database, source: Path | str, work: Path | None = None) -> Verification:
    """Check a backup file without touching the live database (PostgreSQL: in a scratch
    database on the same server). SQLite: the signatures are checked in a copy, `work` (a
    temporary file removed afterwards when not given). A backup without its manifest is not
    usable: nothing would vouch for the file (issue 11)."""
    source = Path(source)
    if not source.is_file():
        raise ValidationError(f"There is no backup file {source}.", "file")
    manifest = read_manifest(source)
    if manifest is not None and manifest.backend != ("sqlite" if db.is_sqlite else "postgresql"):
        raise BackupError(f"This is a {manifest.backend} backup; the database is "
                          f"{'SQLite' if db.is_sqlite else 'PostgreSQL'}.")
    if db.is_sqlite:
        if work is not None:
            result = _verify_sqlite(source, manifest, work)
        else:
            folder = Path(tempfile.mkdtemp(prefix="clinic-desk-check-"))
            try:
                result = _verify_sqlite(source, manifest, folder / "check.sqlite3")
            finally:
                shutil.rmtree(folder, ignore_errors=True)
    else:
        result = _verify_postgresql(db, source, manifest)
    if manifest is None:
        return Verification(result.schema, result.counts, result.chain,
                            (f"it has no manifest ({manifest_path(source).name}), so nothing "
                             "vouches for the file", *result.problems), None)
    return result


def _restore_entry(actor: Actor, source: Path, verification: Verification,
                   safety: Path | None) -> AuditEntry:
    return AuditEntry(AuditAction.RESTORE, actor.username,
                      actor.workstation or workstation_name(), datetime.now().astimezone(),
                      detail={"file": source.name, "sha256": file_sha256(source),
                              "schema": verification.schema, "counts": verification.counts,
                              "safety_copy": safety.name if safety else ""})


def _append(db: Database, entry: AuditEntry) -> None:
    with UnitOfWork(db) as uow:
        uow.audit.append(entry)
        uow.commit()


def restore(db: Database, source: Path | str, actor: Actor = SYSTEM,
            keep_dir: Path | str | None = None) -> RestoreReport:
    """Verify `source`, keep a copy of the current database, then replace it; upgrade the
    schema if the backup is older; audit the restore in the restored trail.

    The `restore` entry cannot be lost to a kill (issue 11): on SQLite it is written into the
    verified copy before that copy replaces the live database in one step; on PostgreSQL a
    journal file in the data folder holds it from before pg_restore until it is in the
    database (`recover_restore_entry` finishes a restore that was cut short)."""
    _check_actor(actor)
    source = Path(source)
    keep = Path(keep_dir) if keep_dir is not None else data_dir() / "backups"
    upgraded = None
    if db.is_sqlite:
        live = _sqlite_path(db)
        work = live.with_name(f".{live.name}.restore-{secrets.token_hex(4)}.tmp")
        try:
            verification = verify(db, source, work)
            if not verification.ok:
                raise BackupError("Nothing was restored: the backup did not verify: "
                                  + "; ".join(verification.problems))
            safety = _keep_sqlite(db, keep)
            copy = Database(f"sqlite:///{work}")
            try:
                if verification.schema != schema.HEAD:
                    upgraded = verification.schema
                    schema.upgrade(copy)
                _append(copy, _restore_entry(actor, source, verification, safety))
            finally:
                copy.dispose()
            _replace_sqlite(db, work)
        finally:
            for leftover in (work, work.with_name(work.name + "-wal"),
                             work.with_name(work.name + "-shm")):
                leftover.unlink(missing_ok=True)
    else:
        verification = verify(db, source)
        if not verification.ok:
            raise BackupError("Nothing was restored: the backup did not verify: "
                              + "; ".join(verification.problems))
        journal = _journal_path(db)
        entry = _restore_entry(actor, source, verification, None)
        _write_journal(journal, entry)
        roles = _application_roles(db)
        safety = _restore_postgresql(db, source, keep)
        if verification.schema != schema.HEAD:
            upgraded = verification.schema
            schema.upgrade(db)
        _grant(db, roles)
        entry = _restore_entry(actor, source, verification, safety)
        _write_journal(journal, entry)
        _append(db, entry)
        journal.unlink(missing_ok=True)
    from . import witness

    witness.reset(db)  # this computer made the change: what it has seen is the restored trail
    log.info("database restored: %d records", verification.counts.get("records", 0))
    return RestoreReport(verification, safety, upgraded)


def _application_roles(db: Database) -> list[str]:
    """Roles other than the restoring one with rights on the records table (the workstations'
    role of a two-role set-up, issue 11): pg_restore --no-privileges drops their grants."""
    with db.engine.connect() as conn:
        return [str(r) for r in conn.exec_driver_sql(
            "SELECT DISTINCT grantee FROM information_schema.role_table_grants "
            "WHERE table_name = 'records' AND grantee <> current_user "
            "AND grantee <> 'PUBLIC'").scalars()]


def _grant(db: Database, roles: list[str]) -> None:
    from ..storage.roles import grant_application_role

    if not roles:
        return
    with db.engine.begin() as conn:
        for role in roles:
            grant_application_role(conn, role)


def _journal_path(db: Database) -> Path:
    name = hashlib.sha256(database_identity(db.url).encode()).hexdigest()
    return data_dir() / f"restore-journal-{name[:16]}.json"


def _write_journal(path: Path, entry: AuditEntry) -> None:
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(json.dumps({"username": entry.username, "workstation": entry.workstation,
                               "at": entry.at.isoformat(), "detail": entry.detail}),
                   encoding="utf-8")
    os.chmod(tmp, 0o600)
    os.replace(tmp, path)


def recover_restore_entry(db: Database) -> bool:
    """A PostgreSQL restore killed after pg_restore and before its audit entry: write the
    entry from the journal now (marked recovered). True when one was written."""
    path = _journal_path(db)
    if db.is_sqlite or not path.exists():
        return False
    data = json.loads(path.read_text(encoding="utf-8"))
    detail = dict(data["detail"], recovered=True)
    with UnitOfWork(db) as uow:
        newest = uow.audit.query(action=AuditAction.RESTORE, limit=1)
        if newest and newest[0].detail.get("sha256") == detail.get("sha256") and \
                newest[0].at >= datetime.fromisoformat(data["at"]):
            path.unlink()
            return False  # the entry made it in before the kill
        uow.audit.append(AuditEntry(AuditAction.RESTORE, data["username"],
                                    data["workstation"], datetime.now().astimezone(),
                                    detail=detail))
        uow.commit()
    path.unlink()
    from . import witness

    witness.reset(db)
    return True


def daily_backup(db: Database, folder: Path | str | None = None, keep: int = KEEP_DAILY,
                 today: date | None = None) -> Path | None:
    """Once a day (SQLite only): a verified copy in `data folder/backups`, the newest `keep`
    kept. Returns the new file, or None when today's copy exists or the database is
    PostgreSQL (its server is backed up by IT)."""
    if not db.is_sqlite or not db.url.database or db.url.database == ":memory:":
        return None
    folder = private_dir(Path(folder) if folder is not None else data_dir() / "backups")
    day = today or date.today()
    target = folder / f"clinic-desk-{day.isoformat()}.sqlite3"
    clean_stale_tmp(folder)  # copies cut short when the app quit or was killed
    if target.exists():
        return None
    report = backup(db, target, SYSTEM)
    daily = sorted((p for p in folder.iterdir() if _DAILY.match(p.name)), reverse=True)
    for old in daily[max(keep, 1):]:
        old.unlink(missing_ok=True)
        manifest_path(old).unlink(missing_ok=True)
    return report.path
