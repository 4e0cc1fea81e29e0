"""The day's schedule coming in (issue 14, item 6): patients and planned draft records.

Whole file or nothing, in one transaction. Patients are matched by MRN: a new MRN creates
the patient; a changed sex is updated; a changed name or date of birth on an existing MRN
is never applied silently: the import stops and names each line, unless the person
confirmed the changes (`confirm_changes`, the command's --confirm-changes or the dialog).
Every patient created or changed and every record created is audited with its before and
after; an appointment already on the worklist (same patient, same time) is left as it is.

Trust boundary: the workstation user and the file they chose (no database credential);
roles are checked here, every cell is parsed by the domain, and a refused file writes
nothing (tests/proof/test_schedule_hostile.py).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import timedelta

from ..domain.audit import AuditAction
from ..domain.errors import FieldIssue, ValidationError
from ..domain.permissions import Action
from ..domain.record import Patient, ProcedureRecord, Role, StaffRef
from ..domain.record_format import patient_to_json
from ..domain.schedule import Appointment, parse_mapping, parse_schedule
from ..domain.validation import validate_record
from ..storage.unit_of_work import UnitOfWork
from .base import Service
from .context import Actor


@dataclass(frozen=True, slots=True)
class NameChange:
    """A name or birth-date change on an existing MRN that needs a person to confirm it."""

    line: int
    mrn: str
    before: str
    after: str

    def __str__(self) -> str:
        return (f"line {self.line}: MRN {self.mrn} is {self.before} in Clinic Desk; the file "
                f"says {self.after}")


class ChangesNeedConfirmation(ValidationError):
    """Nothing was imported: these name or birth-date changes need confirming first."""

    def __init__(self, changes: list[NameChange]) -> None:
        self.changes = changes
        super().__init__([FieldIssue(f"line {c.line}, mrn",
                                     f"MRN {c.mrn} is {c.before} in Clinic Desk; the file says "
                                     f"{c.after}. Check it, then confirm the change "
                                     "(--confirm-changes).") for c in changes])


@dataclass
class ScheduleResult:
    patients_created: int = 0
    patients_changed: int = 0
    records_created: list[int] = field(default_factory=list)
    already_listed: int = 0


def _who(p: Patient) -> str:
    return f"{p.display_name}, born {p.date_of_birth.isoformat()}"


class ScheduleService(Service):
    def import_schedule(self, actor: Actor, data: bytes, mapping: str | bytes | None = None,
                        confirm_changes: bool = False, source: str = "") -> ScheduleResult:
        actor.require(Action.IMPORT_SCHEDULE)
        rows = parse_schedule(data, parse_mapping(mapping) if mapping else None)
        result = ScheduleResult()
        with self.uow() as uow:
            issues: list[FieldIssue] = []
            to_confirm: list[NameChange] = []
            for appt in rows:
                try:
                    self._one(uow, actor, appt, confirm_changes, to_confirm, result, source)
                except ValidationError as e:
                    issues.extend(FieldIssue(f"line {appt.line}, {i.field}" if i.field
                                             else f"line {appt.line}", i.message)
                                  for i in e.issues)
            if to_confirm and not issues:
                raise ChangesNeedConfirmation(to_confirm)
            if issues:
                raise ValidationError(issues)
            self.audit(uow, actor, AuditAction.RECORD_IMPORT, detail={
                "source": "schedule", "file": source[:200], "rows": len(rows),
                "records": result.records_created, "already_listed": result.already_listed,
                "patients_created": result.patients_created,
                "patients_changed": result.patients_changed})
            uow.commit()
        return result

    def _patient(self, uow: UnitOfWork, actor: Actor, appt: Appointment, confirm: bool,
                 to_confirm: list[NameChange], result: ScheduleResult) -> Patient | None:
        p = appt.patient
        existing = uow.patients.by_mrn(p.mrn)
        if existing is None:
            saved = uow.patients.add(p, actor.username)
            self.audit(uow, actor, AuditAction.PATIENT_CREATE, patient_id=saved.id,
                       detail={"source": "schedule import"})
            result.patients_created += 1
            return saved
        identity = (p.family_name, p.given_name, p.date_of_birth)
        if identity != (existing.family_name, existing.given_name, existing.date_of_birth):
            if not confirm:
                to_confirm.append(NameChange(appt.line, p.mrn, _who(existing), _who(p)))
                return None
        wanted = replace(existing, family_name=p.family_name, given_name=p.given_name,
                         date_of_birth=p.date_of_birth,
                         sex=p.sex if appt.sex_given else existing.sex)
        if wanted == existing:
            return existing
        saved = uow.patients.update(wanted, actor.username)
        before, after = patient_to_json(existing), patient_to_json(saved)
        self.audit(uow, actor, AuditAction.PATIENT_CHANGE, patient_id=saved.id, detail={
            "source": "schedule import", "confirmed": confirm,
            "changes": [{"field": k, "before": before[k], "after": after[k]}
                        for k in sorted(after) if before[k] != after[k]]})
        result.patients_changed += 1
        return saved

    def _one(self, uow: UnitOfWork, actor: Actor, appt: Appointment, confirm: bool,
             to_confirm: list[NameChange], result: ScheduleResult, source: str) -> None:
        physician = None
        if appt.physician is not None:
            row = uow.users.by_username(appt.physician)
            if row is None or row.role != Role.PHYSICIAN.value or not row.active:
                raise ValidationError(f'"{appt.physician}" is not an active physician\'s '
                                      "username.", "physician")
            physician = StaffRef(row.username, row.full_name, row.credentials)
        patient = self._patient(uow, actor, appt, confirm, to_confirm, result)
        if patient is None or patient.id is None:
            return
        listed = uow.records.worklist(appt.at, appt.at + timedelta(minutes=1),
                                      patient_id=patient.id, limit=1)
        if listed:
            result.already_listed += 1
            return
        record = ProcedureRecord(patient=patient, kind=appt.kind, performed_at=appt.at,
                                 block_number=appt.block_number, joints=appt.joints,
                                 physician=physician)
        problems = validate_record(record, self.clock())
        if problems:
            raise ValidationError(problems)
        saved = uow.records.add(record, patient.id, actor.username)
        self.audit(uow, actor, AuditAction.RECORD_CREATE, record_id=saved.id,
                   patient_id=patient.id,
                   detail={"source": "schedule import", "file": source[:200]})
        assert saved.id is not None
        result.records_created.append(saved.id)
