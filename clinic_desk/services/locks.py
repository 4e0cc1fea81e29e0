"""Edit locks: "being edited by NAME on WORKSTATION since TIME".

A lock is advice, not a wall: whoever opens a record someone else is editing sees who, where
and since when, and may still open it read-only (the version check stops a silent overwrite
anyway). The editor takes the lock when it opens a record for editing, renews it with
`heartbeat` every HEARTBEAT_SECONDS while it stays open and releases it when it closes. A
lock whose heartbeat is older than STALE_AFTER (a crashed workstation, a pulled cable) no
longer counts and the next editor takes it over.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, select, update
from sqlalchemy.exc import IntegrityError

from ..domain.errors import NotFoundError
from ..domain.permissions import Action
from ..storage.models import EditLockRow
from ..storage.unit_of_work import UnitOfWork
from .base import Service
from .context import Actor, workstation_name

log = logging.getLogger(__name__)

HEARTBEAT_SECONDS = 30
STALE_AFTER = timedelta(minutes=3)


@dataclass(frozen=True, slots=True)
class EditLock:
    record_id: int
    username: str
    full_name: str
    workstation: str
    since: datetime  # aware, local time
    heartbeat: datetime

    @property
    def message(self) -> str:
        """What the editor shows to everyone but the holder."""
        return (f"Being edited by {self.full_name or self.username} on {self.workstation} "
                f"since {self.since.strftime('%H:%M')}.")

    def held_by(self, actor: Actor) -> bool:
        return (self.username == actor.username
                and self.workstation == (actor.workstation or workstation_name()))


@dataclass(frozen=True, slots=True)
class LockResult:
    """What opening for editing got: the lock is `mine`, or `other` holds it."""

    mine: bool
    lock: EditLock

    @property
    def read_only(self) -> bool:
        return not self.mine

    @property
    def message(self) -> str:
        return "" if self.mine else self.lock.message


def _lock(row: EditLockRow) -> EditLock:
    return EditLock(row.record_id, row.username, row.full_name, row.workstation,
                    row.since.astimezone(), row.heartbeat.astimezone())


class LockService(Service):
    stale_after: timedelta = STALE_AFTER

    def _now(self) -> datetime:
        return self.clock()

    def _fresh(self, row: EditLockRow, now: datetime) -> bool:
        return now - row.heartbeat < self.stale_after

    def acquire(self, actor: Actor, record_id: int) -> LockResult:
        """Take the edit lock, or report who holds it (then open read-only)."""
        actor.require(Action.EDIT_RECORDS)
        station = (actor.workstation or workstation_name())[:120]
        for _attempt in range(3):
            try:
                return self._acquire(actor, record_id, station)
            except IntegrityError:
                # Two workstations inserted at the same instant (PostgreSQL); read the winner.
                log.debug("edit lock race on record %s; retrying", record_id)
        return self._acquire(actor, record_id, station)

    def _acquire(self, actor: Actor, record_id: int, station: str) -> LockResult:
        with self.uow() as uow:
            if not uow.records.exists(record_id):
                raise NotFoundError(f"There is no record {record_id}.")
            now = self._now()
            row = self._row(uow, record_id)
            if row is not None and self._fresh(row, now) and not (
                    row.username == actor.username and row.workstation == station):
                return LockResult(False, _lock(row))
            if row is None:
                row = EditLockRow(record_id=record_id, username=actor.username,
                                  full_name=actor.full_name, workstation=station, since=now,
                                  heartbeat=now)
                uow.session.add(row)
            else:
                if not (row.username == actor.username and row.workstation == station):
                    log.info("stale edit lock on record %s taken over", record_id)
                    row.since = now
                row.username, row.full_name, row.workstation = (
                    actor.username, actor.full_name, station)
                row.heartbeat = now
            uow.session.flush()
            result = LockResult(True, _lock(row))
            uow.commit()
            return result

    def _row(self, uow: UnitOfWork, record_id: int) -> EditLockRow | None:
        stmt = select(EditLockRow).where(EditLockRow.record_id == record_id)
        if not self.db.is_sqlite:
            stmt = stmt.with_for_update()
        return uow.session.scalars(stmt).first()

    def heartbeat(self, actor: Actor, record_id: int) -> bool:
        """Renew my lock; False when I no longer hold it (it went stale and someone took it)."""
        station = (actor.workstation or workstation_name())[:120]
        with self.uow() as uow:
            result = uow.session.execute(
                update(EditLockRow)
                .where(EditLockRow.record_id == record_id,
                       EditLockRow.username == actor.username,
                       EditLockRow.workstation == station)
                .values(heartbeat=self._now()))
            uow.commit()
            return bool(getattr(result, "rowcount", 0))

    def release(self, actor: Actor, record_id: int) -> None:
        """Give the lock back (only mine; nothing happens when I do not hold it)."""
        station = (actor.workstation or workstation_name())[:120]
        with self.uow() as uow:
            uow.session.execute(
                delete(EditLockRow)
                .where(EditLockRow.record_id == record_id,
                       EditLockRow.username == actor.username,
                       EditLockRow.workstation == station))
            uow.commit()

    def holder(self, record_id: int) -> EditLock | None:
        """Who is editing this record now (None when nobody, or only a stale lock)."""
        with self.uow(write=False) as uow:
            row = uow.session.get(EditLockRow, record_id)
            if row is None or not self._fresh(row, self._now()):
                return None
            return _lock(row)

    def active(self) -> dict[int, EditLock]:
        """Every live lock by record id (for lists that mark records being edited)."""
        now = self._now()
        with self.uow(write=False) as uow:
            rows = uow.session.scalars(
                select(EditLockRow).where(EditLockRow.heartbeat > now - self.stale_after)).all()
            return {r.record_id: _lock(r) for r in rows}

    def release_all(self, actor: Actor) -> int:
        """Drop every lock of this user on this workstation (sign-out, app closing)."""
        station = (actor.workstation or workstation_name())[:120]
        with self.uow() as uow:
            result = uow.session.execute(
                delete(EditLockRow).where(EditLockRow.username == actor.username,
                                          EditLockRow.workstation == station))
            uow.commit()
            return int(getattr(result, "rowcount", 0) or 0)
