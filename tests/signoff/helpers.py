"""Builders shared by the sign-off tests: ready and signed records, a settable clock, raw
database access that bypasses Clinic Desk entirely (an attacker's view)."""

from __future__ import annotations

import os
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import datetime, timedelta, timezone
from typing import Any

from sqlalchemy.engine import make_url

from clinic_desk.domain.record import ProcedureRecord
from clinic_desk.services import Actor, Services
from clinic_desk.storage.unit_of_work import UnitOfWork
from tests.factories import make_patient, make_record

CLINIC_TZ = timezone(timedelta(hours=-5))
MEANING = "Reviewed and approved"
FAMILY, GIVEN, MRN_PREFIX = "O'Brien-Nguyễn", "Zoë", "S"


class Clock:
    """A clock the test moves by hand (services take `clock=`)."""

    def __init__(self, start: datetime | None = None) -> None:
        self.now = start or datetime(2026, 11, 24, 10, 0, tzinfo=CLINIC_TZ)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


@contextmanager
def local_time_zone(name: str) -> Iterator[None]:
    """Run with the process's local time zone set (dates are local calendar days)."""
    old = os.environ.get("TZ")
    os.environ["TZ"] = name
    time.tzset()
    try:
        yield
    finally:
        if old is None:
            os.environ.pop("TZ", None)
        else:
            os.environ["TZ"] = old
        time.tzset()


def save_patient(services: Services, nurse: Actor, **overrides: Any) -> Any:
    fields: dict[str, Any] = {"family_name": FAMILY, "given_name": GIVEN}
    fields.update(overrides)
    return services.patients.save(nurse, make_patient(**fields))


def ready_record(services: Services, staff: Any, **overrides: Any) -> ProcedureRecord:
    """A complete record marked ready by the nurse, for the staff fixture's physician."""
    patient = overrides.pop("patient", None) or save_patient(services, staff.nurse)
    fields: dict[str, Any] = {"physician": staff.physician.staff, "nurse": staff.nurse.staff}
    fields.update(overrides)
    record = make_record(patient=patient, **fields)
    return services.records.mark_ready(staff.nurse, record)


def complete_draft(services: Services, staff: Any, **overrides: Any) -> ProcedureRecord:
    """The record ready_record() builds, saved as a draft (not sent): for tests that go on
    saving it (a ready record is saved over only after reopen(), issue 15 point 2)."""
    patient = overrides.pop("patient", None) or save_patient(services, staff.nurse)
    fields: dict[str, Any] = {"physician": staff.physician.staff, "nurse": staff.nurse.staff}
    fields.update(overrides)
    return services.records.save(staff.nurse, make_record(patient=patient, **fields))


def signed_record(services: Services, staff: Any, meaning: str = MEANING,
                  **overrides: Any) -> ProcedureRecord:
    ready = ready_record(services, staff, **overrides)
    assert ready.id is not None
    return services.signing.sign(staff.physician, ready.id, staff.password, meaning)


def audit_actions(services: Services) -> list[str]:
    """Every audit entry's action, oldest first (read straight from storage)."""
    with UnitOfWork(services.db, write=False) as uow:
        return [e.action.value for e in reversed(uow.audit.query(limit=1_000_000))]


def audit_entries(services: Services, **filters: Any) -> list[Any]:
    with UnitOfWork(services.db, write=False) as uow:
        return list(reversed(uow.audit.query(limit=1_000_000, **filters)))


def audit_count(services: Services) -> int:
    with UnitOfWork(services.db, write=False) as uow:
        return uow.audit.verify().entries


def stored(services: Services, record_id: int) -> ProcedureRecord:
    """The record as storage holds it, without an audited view."""
    with UnitOfWork(services.db, write=False) as uow:
        return uow.records.get(record_id)


def same_content(a: ProcedureRecord, b: ProcedureRecord) -> bool:
    return replace(a, updated_at=None) == replace(b, updated_at=None)


@contextmanager
def raw_connection(url: str) -> Iterator[Any]:
    """A DB-API connection with no Clinic Desk or SQLAlchemy code in between, autocommit."""
    u = make_url(url)
    if u.get_backend_name() == "sqlite":
        conn = sqlite3.connect(u.database or "", isolation_level=None)
        try:
            yield conn
        finally:
            conn.close()
        return
    import psycopg

    conn2 = psycopg.connect(
        u.set(drivername="postgresql").render_as_string(hide_password=False),
        autocommit=True)
    try:
        yield conn2
    finally:
        conn2.close()


def raw_rows(url: str, sql: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    sql = sql if url.startswith("sqlite") else sql.replace("?", "%s")
    with raw_connection(url) as conn:
        cur = conn.cursor()
        cur.execute(sql, params)
        return [tuple(r) for r in cur.fetchall()]


def raw_execute(url: str, sql: str, params: tuple[Any, ...] = ()) -> None:
    sql = sql if url.startswith("sqlite") else sql.replace("?", "%s")
    with raw_connection(url) as conn:
        conn.cursor().execute(sql, params)


SIGNED_TABLES = ("records", "record_joints", "record_medications", "record_complications",
                 "signatures", "addenda")


def snapshot(url: str, record_id: int) -> dict[str, list[tuple[Any, ...]]]:
    """Every stored row of a record and its children, as the database has them."""
    out = {"records": raw_rows(url, "SELECT * FROM records WHERE id = ?", (record_id,))}
    for table in SIGNED_TABLES[1:]:
        out[table] = sorted(raw_rows(url, f"SELECT * FROM {table} WHERE record_id = ?",
                                     (record_id,)), key=repr)
    return out
