"""The change feed: another workstation's commit wakes this one (PostgreSQL NOTIFY, SQLite
data_version), a rollback wakes nobody, and the listener survives an outage."""

from __future__ import annotations

import queue
import threading
from dataclasses import replace
from typing import Any

import pytest

from clinic_desk.domain.errors import DatabaseUnavailableError
from clinic_desk.services import Services
from clinic_desk.services.changes import (
    Change,
    ChangeFeed,
    ChangeListener,
    PostgresChangeFeed,
    SqliteChangeFeed,
    open_feed,
)
from clinic_desk.storage.engine import Database
from tests.signoff.helpers import complete_draft, ready_record, save_patient

WAIT = 10.0  # seconds a test waits for a change that must come (never asserted as a time)


def _wait_for(feed: ChangeFeed, want: str | None = None) -> Change:
    """The first change (naming `want`, if given) within WAIT seconds."""
    seen = Change(frozenset({"(none)"}))
    for _ in range(int(WAIT / 0.5)):
        change = feed.wait(0.5)
        if change is not None:
            if want is None or change.touches({want}):
                return change
            seen = change
    raise AssertionError(f"no change arrived (last seen: {seen})")


def test_a_commit_on_another_connection_wakes_the_feed(services: Services, staff: Any) -> None:
    feed = open_feed(services.db)
    try:
        assert feed.wait(0.2) is None  # quiet database: nothing
        other = Services(Database(services.db.url.render_as_string(hide_password=False)))
        try:
            record = complete_draft(other, staff)
        finally:
            other.db.dispose()
        change = _wait_for(feed, "records")
        if services.db.is_sqlite:
            assert isinstance(feed, SqliteChangeFeed) and change.tables == frozenset()
        else:
            assert isinstance(feed, PostgresChangeFeed) and "records" in change.tables
        while feed.wait(0.3) is not None:
            pass  # drain what the set-up wrote
        services.records.save(staff.nurse, replace(record, notes="Changed elsewhere"))
        _wait_for(feed, "records")
    finally:
        feed.close()


def test_postgresql_names_the_tables_and_a_rollback_notifies_nobody(pg_url: str,
                                                                    pg_server: Any) -> None:
    db = Database(pg_url)
    services = Services(db)
    try:
        from tests.conftest import make_staff

        staff = make_staff(services)
        patient = save_patient(services, staff.nurse)
        feed = open_feed(db)
        try:
            from clinic_desk.storage.unit_of_work import UnitOfWork

            with UnitOfWork(db) as uow:  # a write that is rolled back
                uow.patients.update(replace(patient, weight_kg=80.0), "nkim")
            assert feed.wait(0.5) is None
            services.patients.save(staff.nurse, replace(patient, weight_kg=81.0))
            change = _wait_for(feed, "patients")
            assert change.tables >= {"patients"} and "records" not in change.tables
            assert not change.touches({"records", "handout_prints"})
        finally:
            feed.close()
    finally:
        db.dispose()


def test_change_merging_and_touching() -> None:
    a, b = Change(frozenset({"records"})), Change(frozenset({"patients"}))
    assert a.merged(b).tables == {"records", "patients"}
    assert a.merged(Change()).tables == frozenset()  # unknown wins: refresh everything
    assert Change().touches({"anything"}) and not a.touches({"patients"})


def test_an_in_memory_database_has_no_feed() -> None:
    db = Database("sqlite://")
    with pytest.raises(DatabaseUnavailableError):
        open_feed(db)


class _FlakyFeed:
    """A feed that fails on demand (a dropped connection) and reports changes on demand."""

    def __init__(self, script: queue.Queue[str]) -> None:
        self.script = script
        self.closed = False

    def wait(self, timeout: float) -> Change | None:
        try:
            step = self.script.get(timeout=timeout)
        except queue.Empty:
            return None
        if step == "drop":
            raise DatabaseUnavailableError("lost")
        return Change(frozenset({step}))

    def close(self) -> None:
        self.closed = True


def test_the_listener_batches_reconnects_and_catches_up() -> None:
    script: queue.Queue[str] = queue.Queue()
    attempts: list[str] = []
    feeds: list[_FlakyFeed] = []

    def factory() -> ChangeFeed:
        attempts.append("connect")
        if len(attempts) == 2:  # the first reconnect finds the database still down
            raise DatabaseUnavailableError("down")
        feeds.append(_FlakyFeed(script))
        return feeds[-1]

    changes: queue.Queue[Change] = queue.Queue()
    states: queue.Queue[bool] = queue.Queue()
    listener = ChangeListener(Database("sqlite://"), changes.put, states.put,
                              settle_seconds=0.2, reconnect_seconds=0.05,
                              feed_factory=factory)
    listener.start()
    try:
        assert states.get(timeout=WAIT) is True
        script.put("records")
        script.put("patients")  # arrives within the settle time: one batch
        assert changes.get(timeout=WAIT).tables == {"records", "patients"}
        script.put("drop")
        assert states.get(timeout=WAIT) is False
        assert states.get(timeout=WAIT) is True  # back after one failed reconnect
        assert changes.get(timeout=WAIT) == Change()  # "anything may have changed"
        assert feeds[0].closed and len(attempts) == 3
    finally:
        listener.stop()
    assert not listener._thread


def test_the_listener_on_a_real_sqlite_file(sqlite_services: Services,
                                            sqlite_staff: Any) -> None:
    got = threading.Event()
    listener = ChangeListener(sqlite_services.db, lambda change: got.set(), poll_seconds=0.05)
    listener.start()
    try:
        ready_record(sqlite_services, sqlite_staff)
        assert got.wait(WAIT)
    finally:
        listener.stop()
