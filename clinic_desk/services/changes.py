"""A change feed: "another workstation changed something", so lists refresh by themselves.

PostgreSQL: triggers (migration 0002) send `NOTIFY clinic_desk_changes, '<table>'` once per
table per transaction; the feed LISTENs on a dedicated connection and wakes at once.
SQLite: a dedicated read-only connection polls `PRAGMA data_version`, which changes whenever
another connection (this app's own engine, another process, the command line) commits. SQLite
cannot say which table changed, so its changes name no tables ("anything may have changed").

No Qt here. `ChangeListener` runs a feed on its own thread, reconnects after an outage and
calls back with each batch of changes; the UI's adapter turns the callbacks into signals.

    feed = open_feed(db)
    change = feed.wait(timeout=1.0)        # Change(tables=frozenset({"records"})) or None
    feed.close()
"""

from __future__ import annotations

import logging
import select
import sqlite3
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, Protocol

from ..domain.errors import DatabaseUnavailableError
from ..storage.engine import Database

log = logging.getLogger(__name__)

CHANNEL = "clinic_desk_changes"
WATCHED_TABLES = frozenset({"records", "patients", "signatures", "addenda", "handout_prints",
                            "edit_locks", "settings", "users"})
SQLITE_POLL_SECONDS = 0.5


@dataclass(frozen=True, slots=True)
class Change:
    """Tables that changed; empty means "unknown - anything may have changed" (SQLite)."""

    tables: frozenset[str] = frozenset()

    def touches(self, tables: Iterable[str]) -> bool:
        """Does this change concern any of these tables? (Always true when unknown.)"""
        return not self.tables or bool(self.tables & frozenset(tables))

    def merged(self, other: Change) -> Change:
        if not self.tables or not other.tables:
            return Change()
        return Change(self.tables | other.tables)


class ChangeFeed(Protocol):
    def wait(self, timeout: float) -> Change | None:
        """Block up to `timeout` seconds; the changes seen, or None when there were none.
        Raises DatabaseUnavailableError when the connection is lost."""

    def close(self) -> None: ...


class SqliteChangeFeed:
    """Polls `PRAGMA data_version` on its own connection (never the app's engine)."""

    def __init__(self, path: str, poll_seconds: float = SQLITE_POLL_SECONDS) -> None:
        self.poll_seconds = poll_seconds
        try:
            self._conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True,
                                         check_same_thread=False, isolation_level=None)
            self._version = self._read()
        except sqlite3.Error as e:
            raise DatabaseUnavailableError(f"Cannot watch the database file: {e}") from e

    def _read(self) -> int:
        return int(self._conn.execute("PRAGMA data_version").fetchone()[0])

    def wait(self, timeout: float) -> Change | None:
        deadline = time.monotonic() + timeout
        while True:
            try:
                version = self._read()
            except sqlite3.Error as e:
                raise DatabaseUnavailableError(f"Cannot watch the database file: {e}") from e
            if version != self._version:
                self._version = version
                return Change()
            left = deadline - time.monotonic()
            if left <= 0:
                return None
            time.sleep(min(self.poll_seconds, left))

    def close(self) -> None:
        self._conn.close()


class PostgresChangeFeed:
    """LISTENs on its own autocommit psycopg connection."""

    def __init__(self, conninfo: str, connect_timeout: int = 5) -> None:
        import psycopg

        self._psycopg = psycopg
        try:
            self._conn = psycopg.connect(conninfo, autocommit=True,
                                         connect_timeout=connect_timeout)
            self._conn.execute(f"LISTEN {CHANNEL}")
        except psycopg.Error as e:
            raise DatabaseUnavailableError("Cannot listen for changes: the database cannot "
                                           "be reached.") from e

    def wait(self, timeout: float) -> Change | None:
        tables: set[str] = set()
        try:
            # Wait for the socket, then drain everything that arrived together.
            ready, _, _ = select.select([self._conn.fileno()], [], [], max(timeout, 0))
            if not ready:
                return None
            for note in self._conn.notifies(timeout=0.05):
                tables.add(note.payload)
        except (self._psycopg.Error, OSError, ValueError) as e:
            raise DatabaseUnavailableError("The connection that listens for changes was "
                                           "lost.") from e
        if self._conn.closed or self._conn.broken:
            raise DatabaseUnavailableError("The connection that listens for changes was lost.")
        return Change(frozenset(tables)) if tables else None

    def close(self) -> None:
        try:
            self._conn.close()
        except self._psycopg.Error:
            pass


def conninfo(db: Database) -> str:
    """The libpq connection string of a PostgreSQL database (with its password, if any)."""
    return db.url.set(drivername="postgresql").render_as_string(hide_password=False)


def open_feed(db: Database, poll_seconds: float = SQLITE_POLL_SECONDS) -> ChangeFeed:
    """The right feed for this database (DatabaseUnavailableError when it cannot be reached)."""
    if db.is_sqlite:
        path = db.url.database
        if not path or path == ":memory:":
            raise DatabaseUnavailableError("An in-memory database has no other workstations.")
        return SqliteChangeFeed(path, poll_seconds)
    return PostgresChangeFeed(conninfo(db))


class ChangeListener:
    """Runs a feed on a daemon thread and calls back (on that thread) with batched changes.

    `on_change(Change)` gets changes coalesced over `settle_seconds`, so a burst of saves is
    one refresh. `on_state(bool)` says whether the feed is connected; after a loss the
    listener reconnects every `reconnect_seconds` and reports one "anything may have changed"
    so lists catch up on what they missed.
    """

    def __init__(self, db: Database, on_change: Callable[[Change], None],
                 on_state: Callable[[bool], None] | None = None, *,
                 settle_seconds: float = 0.15, reconnect_seconds: float = 2.0,
                 poll_seconds: float = SQLITE_POLL_SECONDS,
                 feed_factory: Callable[[], ChangeFeed] | None = None) -> None:
        self._on_change = on_change
        self._on_state = on_state
        self._settle = settle_seconds
        self._reconnect = reconnect_seconds
        self._factory = feed_factory or (lambda: open_feed(db, poll_seconds))
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self.connected = False

    def start(self) -> None:
        if self._thread is not None:
            return
        self._thread = threading.Thread(target=self._run, name="clinic-desk-changes",
                                        daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 5.0) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None

    def _state(self, connected: bool) -> None:
        if connected != self.connected:
            self.connected = connected
            log.info("change feed %s", "connected" if connected else "lost")
            if self._on_state is not None:
                self._call(self._on_state, connected)

    def _call(self, callback: Callable[[Any], None], value: Any) -> None:
        # A callback's failure (its window already closed) must not end the listening.
        try:
            callback(value)
        except Exception as e:  # noqa: BLE001 - reported, then the loop goes on (or stops)
            log.info("change callback failed: %s", type(e).__name__)

    def _run(self) -> None:
        feed: ChangeFeed | None = None
        was_lost = False
        while not self._stop.is_set():
            if feed is None:
                try:
                    feed = self._factory()
                except DatabaseUnavailableError:
                    self._state(False)
                    was_lost = True
                    self._stop.wait(self._reconnect)
                    continue
                self._state(True)
                if was_lost:
                    self._call(self._on_change, Change())  # catch up on what happened meanwhile
                    was_lost = False
            try:
                change = feed.wait(0.5)
                if change is None:
                    continue
                deadline = time.monotonic() + self._settle
                while (left := deadline - time.monotonic()) > 0:
                    more = feed.wait(left)
                    if more is not None:
                        change = change.merged(more)
            except DatabaseUnavailableError:
                feed.close()
                feed = None
                was_lost = True
                self._state(False)
                continue
            self._call(self._on_change, change)
        if feed is not None:
            feed.close()
