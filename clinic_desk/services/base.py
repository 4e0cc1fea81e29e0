"""What every service shares: the database, the clock, and audited units of work."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Any

from ..domain.audit import AuditAction, AuditEntry
from ..storage.engine import Database
from ..storage.unit_of_work import UnitOfWork
from .context import Actor, workstation_name


def now_local() -> datetime:
    return datetime.now().astimezone()


class Service:
    def __init__(self, db: Database, clock: Callable[[], datetime] = now_local) -> None:
        self.db = db
        self.clock = clock

    def uow(self, write: bool = True) -> UnitOfWork:
        return UnitOfWork(self.db, write)

    def audit(self, uow: UnitOfWork, actor: Actor | None, action: AuditAction, *,
              username: str | None = None, record_id: int | None = None,
              patient_id: int | None = None, detail: Mapping[str, Any] | None = None) -> None:
        uow.audit.append(AuditEntry(
            action=action,
            username=username if username is not None else (actor.username if actor else ""),
            workstation=(actor.workstation if actor and actor.workstation else workstation_name()),
            at=self.clock(),
            record_id=record_id,
            patient_id=patient_id,
            detail=detail or {},
        ))
