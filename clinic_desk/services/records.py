"""Procedure records: open, save, send for signature, lists, import; one transaction each."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import date, datetime, time, timedelta
from typing import Any

from ..domain.audit import AuditAction
from ..domain.errors import FieldIssue, NotFoundError, RecordSignedError, ValidationError
from ..domain.permissions import Action, allowed
from ..domain.procedures import Guidance, ProcedureKind
from ..domain.record import Patient, ProcedureRecord, RecordStatus, Role
from ..domain.record_format import content_to_json, parse_records, record_to_json
from ..domain.summary import RecordSummary, summarize
from ..domain.validation import missing_for_ready, validate_record
from ..domain.worklist import WorklistRow
from ..storage.unit_of_work import UnitOfWork
from .base import Service
from .context import Actor
from .pathway import facts_in
from .settings import SettingsService


def day_window(day: date) -> tuple[datetime, datetime]:
    """The local calendar day as an aware [start, end) window."""
    start = datetime.combine(day, time.min).astimezone()
    end = datetime.combine(day + timedelta(days=1), time.min).astimezone()
    return start, end


def _flatten(prefix: str, value: Any, out: dict[str, Any]) -> None:
    if isinstance(value, dict):
        for k, v in value.items():
            _flatten(f"{prefix}.{k}" if prefix else k, v, out)
    else:
        out[prefix] = value


def record_changes(before: ProcedureRecord, after: ProcedureRecord) -> list[dict[str, Any]]:
    """Field-by-field differences (field, before, after) for the audit trail."""
    a: dict[str, Any] = {}
    b: dict[str, Any] = {}
    _flatten("", content_to_json(before), a)
    _flatten("", content_to_json(after), b)
    return [{"field": k, "before": a.get(k), "after": b.get(k)}
            for k in sorted(set(a) | set(b)) if a.get(k) != b.get(k)]


def _for_role(record: ProcedureRecord, actor: Actor) -> ProcedureRecord:
    if allowed(actor.role, Action.VIEW_CLINICAL_NOTES):
        return record
    return replace(record, notes="")  # front desk sees no clinical notes


class RecordService(Service):
    # --- reading -------------------------------------------------------------------------
    def new_record(self, actor: Actor, patient_id: int,
                   kind: ProcedureKind = ProcedureKind.MEDIAL_BRANCH_BLOCK) -> ProcedureRecord:
        """A blank draft for a patient (not saved): now, fluoroscopy, this nurse."""
        actor.require(Action.EDIT_RECORDS)
        with self.uow(write=False) as uow:
            patient = uow.patients.get(patient_id)
        now = self.clock().replace(second=0, microsecond=0)
        return ProcedureRecord(
            patient=patient, kind=kind, performed_at=now, guidance=Guidance(),
            nurse=actor.staff if actor.role is Role.NURSE else None,
            physician=actor.staff if actor.role is Role.PHYSICIAN else None,
        )

    def get(self, actor: Actor, record_id: int) -> ProcedureRecord:
        """Open a record; every opening is in the audit trail."""
        actor.require(Action.VIEW_RECORDS)
        with self.uow() as uow:
            record = uow.records.get(record_id)
            self.audit(uow, actor, AuditAction.RECORD_VIEW, record_id=record_id,
                       patient_id=record.patient.id)
            uow.commit()
        return _for_role(record, actor)

    def export_json(self, actor: Actor, record_id: int) -> dict[str, Any]:
        """The record as record JSON for a file or another system; audited as an export."""
        actor.require(Action.VIEW_RECORDS)
        with self.uow() as uow:
            record = _for_role(uow.records.get(record_id), actor)
            history: Sequence[ProcedureRecord] = uow.records.for_patient(record.patient.id or 0)
            settings = SettingsService.load_from(uow)
            facts = facts_in(uow, history)  # diary results for the pathway rules (issue 13)
            self.audit(uow, actor, AuditAction.RECORD_EXPORT, record_id=record_id,
                       patient_id=record.patient.id, detail={"format": "record JSON"})
            uow.commit()
        return record_to_json(record, summarize(record, history, settings.rules, facts))

    def summary(self, record: ProcedureRecord) -> RecordSummary:
        """What the tool computes for a record, with the patient's history and clinic rules."""
        with self.uow(write=False) as uow:
            history: Sequence[ProcedureRecord] = (
                uow.records.for_patient(record.patient.id) if record.patient.id else ())
            settings = SettingsService.load_from(uow)
            facts = facts_in(uow, history)  # diary results for the pathway rules (issue 13)
        return summarize(record, history, settings.rules, facts)

    def open(self, actor: Actor, record_id: int) -> tuple[ProcedureRecord, RecordSummary]:
        record = self.get(actor, record_id)
        return record, self.summary(record)

    def worklist(self, actor: Actor, day: date | None = None, *,
                 status: RecordStatus | None = None, physician: str | None = None,
                 limit: int = 500, offset: int = 0,
                 oldest_first: bool = True) -> list[WorklistRow]:
        actor.require(Action.VIEW_RECORDS)
        start, end = day_window(day) if day else (None, None)
        with self.uow(write=False) as uow:
            return uow.records.worklist(start, end, status=status, physician=physician,
                                        limit=limit, offset=offset, oldest_first=oldest_first)

    def ready_queue(self, actor: Actor) -> list[WorklistRow]:
        actor.require(Action.VIEW_RECORDS)
        with self.uow(write=False) as uow:
            return uow.records.ready_queue()

    def recently_signed(self, actor: Actor, physician: str, days: int = 30,
                        limit: int = 500, offset: int = 0) -> list[WorklistRow]:
        """A physician's signed records of the last `days` days, newest first (where a
        physician finds a record to amend)."""
        actor.require(Action.VIEW_RECORDS)
        start = self.clock() - timedelta(days=days)
        with self.uow(write=False) as uow:
            return uow.records.worklist(start, None, status=RecordStatus.SIGNED,
                                        physician=physician, oldest_first=False, limit=limit,
                                        offset=offset)

    def list_records(self, actor: Actor, day: date | None = None,
                     status: RecordStatus | None = None, mrn: str | None = None,
                     limit: int = 10_000) -> list[WorklistRow]:
        actor.require(Action.VIEW_RECORDS)
        start, end = day_window(day) if day else (None, None)
        with self.uow(write=False) as uow:
            patient_id = None
            if mrn:
                patient = uow.patients.by_mrn(mrn.strip().upper())
                if patient is None:
                    return []
                patient_id = patient.id
            return uow.records.worklist(start, end, status=status, patient_id=patient_id,
                                        limit=limit)

    # --- writing -------------------------------------------------------------------------
    def _check(self, record: ProcedureRecord) -> None:
        problems = validate_record(record, self.clock())
        if problems:
            raise ValidationError(problems)

    def _save(self, uow: UnitOfWork, actor: Actor, record: ProcedureRecord,
              status: RecordStatus | None = None) -> ProcedureRecord:
        if record.patient.id is None:
            raise ValidationError("Choose or create the patient first.", "patient")
        if record.id is None:
            new = replace(record, status=status or RecordStatus.DRAFT)
            saved = uow.records.add(new, record.patient.id, actor.username)
            self.audit(uow, actor, AuditAction.RECORD_CREATE, record_id=saved.id,
                       patient_id=record.patient.id)
            return saved
        before = uow.records.get(record.id)
        if before.is_signed:
            raise RecordSignedError(record.id)
        saved = uow.records.update(record, actor.username, status)
        changes = record_changes(before, saved)
        if changes:
            self.audit(uow, actor, AuditAction.RECORD_CHANGE, record_id=saved.id,
                       patient_id=record.patient.id, detail={"changes": changes})
        return saved

    def save(self, actor: Actor, record: ProcedureRecord) -> ProcedureRecord:
        """Save a draft (new or existing). Wrong values are refused; missing ones are fine."""
        actor.require(Action.EDIT_RECORDS)
        self._check(record)
        with self.uow() as uow:
            status = RecordStatus.DRAFT if record.status is RecordStatus.READY else None
            saved = self._save(uow, actor, record, status)
            uow.commit()
            return saved

    def mark_ready(self, actor: Actor, record: ProcedureRecord) -> ProcedureRecord:
        """Save and send to the physicians' queue; refuses, naming each field, if incomplete."""
        actor.require(Action.MARK_READY)
        self._check(record)
        missing = missing_for_ready(record)
        if missing:
            raise ValidationError(missing)
        with self.uow() as uow:
            saved = self._save(uow, actor, record, RecordStatus.READY)
            self.audit(uow, actor, AuditAction.RECORD_READY, record_id=saved.id,
                       patient_id=record.patient.id)
            uow.commit()
            return saved

    def back_to_draft(self, actor: Actor, record_id: int, version: int) -> ProcedureRecord:
        actor.require(Action.EDIT_RECORDS)
        with self.uow() as uow:
            before = uow.records.get(record_id)
            saved = uow.records.set_status(record_id, version, RecordStatus.DRAFT, actor.username)
            self.audit(uow, actor, AuditAction.RECORD_CHANGE, record_id=record_id,
                       patient_id=before.patient.id,
                       detail={"changes": [{"field": "status", "before": before.status.value,
                                            "after": "draft"}]})
            uow.commit()
            return saved

    # --- import --------------------------------------------------------------------------
    def import_records(self, actor: Actor, data: Any) -> list[int]:
        """Add (or update drafts of) records from record JSON; all or nothing."""
        actor.require(Action.EDIT_RECORDS)
        parsed = parse_records(data)
        many = isinstance(data, list)
        ids: list[int] = []
        with self.uow() as uow:
            issues: list[FieldIssue] = []
            for n, (record, rec_id, version) in enumerate(parsed):
                where = f"[{n}]." if many else ""
                try:
                    patient = self._import_patient(uow, actor, record.patient)
                    for role, ref in (("physician", record.physician), ("nurse", record.nurse)):
                        if ref is not None and uow.users.by_username(ref.username) is None:
                            raise ValidationError(f'There is no user "{ref.username}".', role)
                    record = replace(record, patient=replace(
                        record.patient, id=patient.id, version=patient.version))
                    if rec_id is not None:
                        current = uow.records.get(rec_id)
                        if current.is_signed:
                            raise RecordSignedError(rec_id)
                        record = replace(record, id=rec_id,
                                         version=current.version if version is None else version)
                    saved = self._save(uow, actor, record)
                    assert saved.id is not None
                    ids.append(saved.id)
                except ValidationError as e:
                    issues.extend(FieldIssue(where + i.field if i.field else where.rstrip("."),
                                             i.message) for i in e.issues)
                except NotFoundError as e:
                    issues.append(FieldIssue(where + "id", str(e)))
            if issues:
                raise ValidationError(issues)
            self.audit(uow, actor, AuditAction.RECORD_IMPORT, detail={"records": ids})
            uow.commit()
        return ids

    def _import_patient(self, uow: UnitOfWork, actor: Actor, p: Patient) -> Patient:
        existing = uow.patients.by_mrn(p.mrn)  # record_format already normalised the MRN
        if existing is None:
            saved = uow.patients.add(p, actor.username)
            self.audit(uow, actor, AuditAction.PATIENT_CREATE, patient_id=saved.id)
            return saved
        if (existing.family_name, existing.given_name, existing.date_of_birth) != (
                p.family_name, p.given_name, p.date_of_birth):
            raise ValidationError(
                f"MRN {p.mrn} belongs to {existing.display_name}, born "
                f"{existing.date_of_birth.isoformat()}; the file names someone else.",
                "patient.mrn")
        return existing
