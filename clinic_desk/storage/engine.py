"""Engines for SQLite (WAL, foreign keys, durable commits) and PostgreSQL (psycopg 3)."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError
from sqlalchemy.orm import Session, sessionmaker

from ..domain.errors import ValidationError
from ..files import create_private, make_private

log = logging.getLogger(__name__)


def normalize_url(url: str) -> URL:
    """Accept sqlite:///path, postgresql://..., and a bare file path (taken as SQLite)."""
    if "://" not in url:
        return URL.create("sqlite", database=url)
    try:
        parsed = make_url(url)
    except ArgumentError:
        raise ValidationError(f"The database address is not valid: {describe_url(url)}") from None
    if parsed.drivername in ("postgresql", "postgres"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    elif parsed.drivername == "sqlite+pysqlite":
        parsed = parsed.set(drivername="sqlite")
    if parsed.get_backend_name() not in ("sqlite", "postgresql"):
        raise ValidationError("Clinic Desk works with SQLite or PostgreSQL databases only.")
    return parsed


def describe_url(url: str | URL) -> str:
    """What the status bar shows: the SQLite file, or host/database on PostgreSQL; no password."""
    try:
        u = normalize_url(url) if isinstance(url, str) else url
    except ValidationError:
        return "(invalid database address)"
    if u.get_backend_name() == "sqlite":
        return f"SQLite {u.database or ':memory:'}"
    port = f":{u.port}" if u.port else ""
    return f"PostgreSQL {u.host or 'localhost'}{port}/{u.database or ''}"


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    # Let SQLAlchemy's "begin" event issue BEGIN, so writes can take the lock up front.
    dbapi_conn.isolation_level = None
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA foreign_keys=ON")
    # FULL: a commit survives power loss, not only a process crash.
    cur.execute("PRAGMA synchronous=FULL")
    cur.execute("PRAGMA busy_timeout=15000")
    cur.close()


def _sqlite_begin(conn: Any) -> None:
    # Writers take the write lock at BEGIN (IMMEDIATE), so read-then-write transactions never
    # fail half-way on a stale snapshot; readers stay DEFERRED and never block in WAL mode.
    # Straight to the driver: every unit of work begins here, and the same statement through
    # SQLAlchemy's execution path cost 15 us of the 60 us a read-only unit of work takes.
    driver = conn.connection.driver_connection
    driver.execute("BEGIN IMMEDIATE" if conn.get_execution_options().get("clinic_write")
                   else "BEGIN")


def _private_sqlite_file(database: str | None) -> None:
    """The database file exists with mode 0600 before SQLite opens it, so its -wal and -shm
    (which SQLite creates with the database's mode) are private too; files made by an older
    version are tightened. A plain path only (not :memory: or a file: URI)."""
    if not database or database == ":memory:" or database.startswith("file:"):
        return
    path = Path(database)
    if not path.parent.is_dir():
        return  # a missing folder (an unmounted share) stays an error SQLite reports
    create_private(path)
    for extra in ("-wal", "-shm", "-journal"):
        make_private(f"{path}{extra}")


def database_identity(url: URL) -> str:
    """The database a URL names, whichever role connects (no user name or password): the
    owner's and the workstations' URLs of one PostgreSQL database give the same text."""
    return URL.create(url.drivername, host=url.host, port=url.port, database=url.database,
                      query=url.query).render_as_string(hide_password=True)


class Database:
    """One engine and its session factories; the only thing that knows the database URL."""

    def __init__(self, url: str, *, echo: bool = False) -> None:
        self.url = normalize_url(url)
        self.is_sqlite = self.url.get_backend_name() == "sqlite"
        kwargs: dict[str, Any] = {"hide_parameters": True, "echo": echo}
        if self.is_sqlite:
            kwargs["connect_args"] = {"timeout": 15}
        else:
            kwargs.update(pool_pre_ping=True, pool_size=5, max_overflow=5,
                          connect_args={"connect_timeout": 5})
        if self.is_sqlite:
            _private_sqlite_file(self.url.database)
        self.engine: Engine = create_engine(self.url, **kwargs)
        if self.is_sqlite:
            event.listen(self.engine, "connect", _sqlite_pragmas)
            event.listen(self.engine, "begin", _sqlite_begin)
        self._write_engine = self.engine.execution_options(clinic_write=True)
        # Reading sessions are READ ONLY transactions on PostgreSQL, so they can end with a
        # COMMIT (unit_of_work.py) and keep psycopg's prepared statements.
        self._read_engine = (self.engine if self.is_sqlite
                             else self.engine.execution_options(postgresql_readonly=True))
        self._read = sessionmaker(self._read_engine, expire_on_commit=False, autoflush=False)
        self._write = sessionmaker(self._write_engine, expire_on_commit=False, autoflush=False)

    @property
    def description(self) -> str:
        return describe_url(self.url)

    def session(self, write: bool) -> Session:
        return (self._write if write else self._read)()

    def connection(self, write: bool) -> Connection:
        """A pooled connection set up for reading or writing (see __init__); a unit of work
        runs on one of these and builds an ORM session on it only when it needs one."""
        return (self._write_engine if write else self._read_engine).connect()

    @contextmanager
    def connect(self) -> Iterator[Any]:
        with self.engine.connect() as conn:
            yield conn

    def dispose(self) -> None:
        self.engine.dispose()
