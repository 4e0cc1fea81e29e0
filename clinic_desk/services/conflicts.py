"""Two workstations saved the same record: show what the other person changed, then either
"reload theirs" or "keep mine as a new draft version" - never a silent overwrite.

    try:
        services.records.save(actor, mine)
    except VersionConflictError:
        conflict = services.conflicts.describe(actor, mine, base=opened)
        # the dialog lists conflict.differences: field, theirs, mine (and who/when)
        services.conflicts.keep_mine(actor, mine)   # or services.conflicts.reload_theirs(...)

`base` is the record as the editor first loaded it; with it the dialog can tell which fields
the other person changed, which I changed, and which both changed. Without it every field
that differs is listed.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from ..domain.audit import AuditAction
from ..domain.errors import NotFoundError, RecordSignedError, ValidationError
from ..domain.permissions import Action
from ..domain.record import ProcedureRecord, RecordStatus
from ..domain.validation import validate_record
from .base import Service
from .context import Actor
from .records import RecordService, clean_reason, record_changes

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class FieldDifference:
    """One field that differs between the saved version ("theirs") and my edit ("mine")."""

    field: str  # dotted path of record JSON, e.g. "pain_after", "patient.weight_kg"
    theirs: Any
    mine: Any
    base: Any = None  # the value when I opened the record (None if unknown)
    changed_by_them: bool = True
    changed_by_me: bool = True

    @property
    def both_changed(self) -> bool:
        return self.changed_by_them and self.changed_by_me


@dataclass(frozen=True, slots=True)
class Conflict:
    record_id: int
    theirs: ProcedureRecord  # the version now saved in the database
    mine: ProcedureRecord
    differences: tuple[FieldDifference, ...]
    their_version: int
    my_version: int
    updated_by: str
    updated_at: datetime | None

    @property
    def they_changed(self) -> tuple[FieldDifference, ...]:
        """What the other person changed (all differences when the base is unknown)."""
        return tuple(d for d in self.differences if d.changed_by_them)

    @property
    def signed(self) -> bool:
        """Theirs is signed: "keep mine" is impossible; corrections are addenda."""
        return self.theirs.is_signed

    @property
    def summary(self) -> str:
        who = self.updated_by or "someone"
        when = f" at {self.updated_at.astimezone().strftime('%H:%M')}" if self.updated_at else ""
        return (f"{who} saved this record{when} after you opened it. "
                f"{len(self.they_changed)} field(s) changed.")


def _values(changes: list[dict[str, Any]]) -> dict[str, tuple[Any, Any]]:
    return {c["field"]: (c["before"], c["after"]) for c in changes}


def differences(theirs: ProcedureRecord, mine: ProcedureRecord,
                base: ProcedureRecord | None = None) -> tuple[FieldDifference, ...]:
    """Fields where theirs and mine differ, each marked with who changed it since `base`."""
    between = _values(record_changes(theirs, mine))
    if base is None:
        return tuple(FieldDifference(f, t, m) for f, (t, m) in between.items())
    theirs_changed = _values(record_changes(base, theirs))
    mine_changed = _values(record_changes(base, mine))
    out = []
    for f, (t, m) in between.items():
        before = (theirs_changed.get(f) or mine_changed.get(f) or (None, None))[0]
        out.append(FieldDifference(f, t, m, before, f in theirs_changed, f in mine_changed))
    return tuple(out)


class ConflictService(Service):
    def _records(self) -> RecordService:
        return RecordService(self.db, self.clock)

    def describe(self, actor: Actor, mine: ProcedureRecord,
                 base: ProcedureRecord | None = None) -> Conflict:
        """What the other person changed: (field, theirs, mine) for each field that differs."""
        actor.require(Action.EDIT_RECORDS)
        if mine.id is None:
            raise NotFoundError("This record has not been saved yet; there is no conflict.")
        with self.uow(write=False) as uow:
            theirs = uow.records.get(mine.id)
        return Conflict(mine.id, theirs, mine, differences(theirs, mine, base), theirs.version,
                        mine.version, theirs.updated_by, theirs.updated_at)

    def reload_theirs(self, actor: Actor, record_id: int) -> ProcedureRecord:
        """Their version, opened again (audited as a view); the caller drops its edit."""
        return self._records().get(actor, record_id)

    def keep_mine(self, actor: Actor, mine: ProcedureRecord,
                  expected_version: int | None = None,
                  reopen_reason: str | None = None) -> ProcedureRecord:
        """Save my edit on top of the version now saved, as a draft, after the user confirmed.

        `expected_version` is the version the conflict dialog showed as theirs: if yet another
        save happened since, that is a new conflict (VersionConflictError), not an overwrite
        of something nobody has seen. A signed record cannot be changed (RecordSignedError).

        Theirs is ready for signature (sent meanwhile from another workstation): refused with
        RecordReadyError unless the nurse gave `reopen_reason`; then the record is reopened
        with that reason (audited, shown in the physicians' queue) and mine saved on top, in
        one transaction (issue 15, point 2). It never leaves the queue silently.
        """
        actor.require(Action.EDIT_RECORDS)
        if mine.id is None:
            raise NotFoundError("This record has not been saved yet; there is no conflict.")
        problems = validate_record(mine, self.clock())
        if problems:
            raise ValidationError(problems)
        reason = clean_reason(reopen_reason) if reopen_reason is not None else None
        records = self._records()
        with self.uow() as uow:
            current = uow.records.locked(mine.id)
            if current.is_signed:
                raise RecordSignedError(mine.id)
            version = current.version if expected_version is None else expected_version
            if current.status is RecordStatus.READY and reason is not None:
                version = records._reopen(uow, actor, mine.id, version, reason).version
            on_top = replace(mine, version=version, status=RecordStatus.DRAFT)
            saved = records._save(uow, actor, on_top, RecordStatus.DRAFT)
            self.audit(uow, actor, AuditAction.RECORD_CHANGE, record_id=saved.id,
                       patient_id=saved.patient.id,
                       detail={"conflict": "kept mine as a new draft version",
                               "started_from_version": mine.version,
                               "over_version": version, "over_author": current.updated_by})
            uow.commit()
        log.info("conflict resolved by keeping the local edit", extra={"record_id": saved.id})
        return saved
