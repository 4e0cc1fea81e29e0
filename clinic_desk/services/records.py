"""Procedure records: open, save, send for signature, lists, import; one transaction each."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import date, datetime, time, timedelta
from typing import Any

from ..domain.audit import AuditAction
from ..domain.errors import (
    FieldIssue,
    NotFoundError,
    RecordReadyError,
    RecordSignedError,
    ValidationError,
    VersionConflictError,
)
from ..domain.permissions import Action, allowed
from ..domain.procedures import Guidance, ProcedureKind, Sedation
from ..domain.record import CHOICES, Patient, ProcedureRecord, RecordStatus, Role
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


def _same(x: Any, y: Any) -> bool:
    """Equal values; two times are equal when they are the same instant, whatever offset
    they are written in (a record entered at UTC-5 and read back on a workstation at UTC
    is not a change)."""
    if x == y:
        return True
    if isinstance(x, str) and isinstance(y, str) and "T" in x and "T" in y:
        try:
            tx, ty = datetime.fromisoformat(x), datetime.fromisoformat(y)
        except ValueError:
            return False
        return tx.tzinfo is not None and ty.tzinfo is not None and tx == ty
    return False


def record_changes(before: ProcedureRecord, after: ProcedureRecord) -> list[dict[str, Any]]:
    """Field-by-field differences (field, before, after) for the audit trail and the
    conflict window."""
    a: dict[str, Any] = {}
    b: dict[str, Any] = {}
    _flatten("", content_to_json(before), a)
    _flatten("", content_to_json(after), b)
    return [{"field": k, "before": a.get(k), "after": b.get(k)}
            for k in sorted(set(a) | set(b)) if not _same(a.get(k), b.get(k))]


def refuse_ready(stored: ProcedureRecord, record: ProcedureRecord) -> None:
    """Refuse a save over `stored`, a record waiting for signature (issue 15, point 2): it
    leaves the physicians' queue only by reopen() (reason audited and shown in the queue) or
    by being signed. A save read at an older version is first a conflict (the person sees
    what changed, e.g. that it was sent for signature); a current one is RecordReadyError."""
    if stored.version != record.version:
        raise VersionConflictError("Record", stored.id, record.version, stored.version,
                                   stored.updated_by, stored.updated_at)
    raise RecordReadyError(stored.id, stored.patient.display_name, stored.updated_by,
                           stored.updated_at)


def clean_reason(reason: str) -> str:
    """A reopen reason on one line, checked: the physicians' queue shows it."""
    reason = " ".join(reason.split())
    if not reason:
        raise ValidationError("Say why the record is reopened; the physicians' queue "
                              "shows it.", "reason")
    if len(reason) > 300:
        raise ValidationError("Keep the reason under 300 characters.", "reason")
    return reason


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
            defaults = SettingsService.load_from(uow).record_defaults
        now = self.clock().replace(second=0, microsecond=0)
        # Issue 15 (5): block, contrast and sedation start unanswered unless the clinic set
        # its own default (a skipped choice used to record "therapeutic" or "none").
        unanswered = set(CHOICES)
        block = None
        if defaults.block_number is not None:
            block = defaults.block_number or None  # 0: therapeutic
            unanswered.discard("block_number")
        contrast = None
        if defaults.contrast is not None:
            contrast = defaults.contrast or None  # "": none used
            unanswered.discard("guidance.contrast")
        sedation = Sedation.NONE
        if defaults.sedation is not None:
            sedation = Sedation(defaults.sedation)
            unanswered.discard("sedation")
        return ProcedureRecord(
            patient=patient, kind=kind, performed_at=now, guidance=Guidance(contrast=contrast),
            nurse=actor.staff if actor.role is Role.NURSE else None,
            physician=actor.staff if actor.role is Role.PHYSICIAN else None,
            block_number=block if kind is ProcedureKind.MEDIAL_BRANCH_BLOCK else None,
            sedation=sedation, unanswered=frozenset(unanswered),
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
                 oldest_first: bool = True, reopened: bool = False) -> list[WorklistRow]:
        """With `reopened` (the physicians' queue), records reopened for changes are listed
        with those of `status`, showing the reason."""
        actor.require(Action.VIEW_RECORDS)
        start, end = day_window(day) if day else (None, None)
        with self.uow(write=False) as uow:
            return uow.records.worklist(start, end, status=status, physician=physician,
                                        limit=limit, offset=offset, oldest_first=oldest_first,
                                        reopened=reopened)

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

    def list_records_audited(self, actor: Actor, day: date | None = None,
                             status: RecordStatus | None = None, mrn: str | None = None,
                             limit: int = 10_000) -> list[WorklistRow]:
        """`list_records` for a person to read (`clinic-desk record list` prints every
        patient's name and MRN): audited as `record_list` with the filter and the count, in
        the same transaction, before anything is shown."""
        rows = self.list_records(actor, day, status, mrn, limit)
        with self.uow() as uow:
            self.audit(uow, actor, AuditAction.RECORD_LIST, detail={
                "date": day.isoformat() if day else None,
                "status": status.value if status else None, "patient_mrn": bool(mrn),
                "rows": len(rows)})
            uow.commit()
        return rows

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
        # Locked: a second workstation cannot send it for signature between check and write.
        before = uow.records.locked(record.id)
        if before.is_signed:
            raise RecordSignedError(record.id)
        if before.status is RecordStatus.VOID:
            raise NotFoundError(f"Record {record.id} was voided; it cannot change.")
        if before.status is RecordStatus.READY:
            refuse_ready(before, record)
        saved = uow.records.update(record, actor.username, status)
        changes = record_changes(before, saved)
        if changes:
            self.audit(uow, actor, AuditAction.RECORD_CHANGE, record_id=saved.id,
                       patient_id=record.patient.id, detail={"changes": changes})
        return saved

    def save(self, actor: Actor, record: ProcedureRecord) -> ProcedureRecord:
        """Save a draft (new or existing). Wrong values are refused; missing ones are fine.

        A record stored as ready for signature is refused (RecordReadyError; a stale save
        VersionConflictError), whoever calls: the editor, the conflict dialog, the offline
        retry, an import. Only reopen() takes it back to draft, with a reason."""
        actor.require(Action.EDIT_RECORDS)
        self._check(record)
        with self.uow() as uow:
            saved = self._save(uow, actor, record)
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
            if record.id is not None:
                stored = uow.records.locked(record.id)
                if (stored.status is RecordStatus.READY and stored.version == record.version
                        and not record_changes(stored, record)):
                    # Sent again unchanged: it is in the queue already; nothing to write.
                    # Sent again with changes: refused by _save (reopen first), so what the
                    # physician reviews never changes without a reason in the queue.
                    return stored
            saved = self._save(uow, actor, record, RecordStatus.READY)
            self.audit(uow, actor, AuditAction.RECORD_READY, record_id=saved.id,
                       patient_id=record.patient.id)
            uow.commit()
            return saved

    # --- reopening and voiding (issue 15) --------------------------------------------------
    def reopen(self, actor: Actor, record_id: int, version: int,
               reason: str) -> ProcedureRecord:
        """Take a ready record back to draft for changes; the reason is audited and shown in
        the physicians' queue until the record is signed."""
        actor.require(Action.EDIT_RECORDS)
        reason = clean_reason(reason)
        with self.uow() as uow:
            saved = self._reopen(uow, actor, record_id, version, reason)
            uow.commit()
            return saved

    def _reopen(self, uow: UnitOfWork, actor: Actor, record_id: int, version: int,
                reason: str) -> ProcedureRecord:
        """reopen() inside the caller's unit of work (`reason` already clean_reason'd)."""
        before = uow.records.locked(record_id)
        if before.is_signed:
            raise RecordSignedError(record_id)
        if before.status is not RecordStatus.READY:
            raise ValidationError(f"Record {record_id} is not waiting for signature "
                                  f"({before.status.label}); it can be edited as it is.",
                                  "status")
        saved = uow.records.set_status(record_id, version, RecordStatus.DRAFT,
                                       actor.username, note=reason)
        self.audit(uow, actor, AuditAction.RECORD_REOPEN, record_id=record_id,
                   patient_id=before.patient.id, detail={"reason": reason})
        return saved

    def void_draft(self, actor: Actor, record_id: int, version: int,
                   reason: str) -> ProcedureRecord:
        """Void a draft made by mistake: it leaves every list; the record and the reason stay
        in the database and the audit trail. Never a signed or ready record."""
        actor.require(Action.EDIT_RECORDS)
        reason = " ".join(reason.split())
        if not reason:
            raise ValidationError("Say why the draft is voided; the audit trail keeps it.",
                                  "reason")
        with self.uow() as uow:
            before = uow.records.get(record_id)
            if before.is_signed:
                raise RecordSignedError(record_id)
            if before.status is not RecordStatus.DRAFT:
                raise ValidationError(f"Only a draft can be voided; record {record_id} is "
                                      f"{before.status.label.lower()}.", "status")
            saved = uow.records.set_status(record_id, version, RecordStatus.VOID,
                                           actor.username)
            self.audit(uow, actor, AuditAction.RECORD_VOID, record_id=record_id,
                       patient_id=before.patient.id, detail={"reason": reason})
            uow.commit()
            return saved

    def previous_for_copy(self, actor: Actor, record: ProcedureRecord) -> ProcedureRecord | None:
        """The patient's latest other procedure before `record` (issue 15, "Copy from the
        last procedure"); audited as an opening. None when there is none."""
        actor.require(Action.VIEW_RECORDS)
        if record.patient.id is None:
            return None
        with self.uow() as uow:
            earlier = [r for r in uow.records.for_patient(record.patient.id)
                       if r.id != record.id and r.performed_at <= record.performed_at]
            if not earlier:
                return None
            last = earlier[-1]  # for_patient is in performed_at order
            self.audit(uow, actor, AuditAction.RECORD_VIEW, record_id=last.id,
                       patient_id=record.patient.id, detail={"purpose": "copy"})
            uow.commit()
        return _for_role(last, actor)

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
                    self._check_import_staff(uow, record)
                    if rec_id is not None:
                        # Before the patient is looked up or added: an update that is refused
                        # must not leave a new patient behind.
                        record = self._import_target(uow, record, rec_id, version)
                    patient = self._import_patient(uow, actor, record.patient)
                    record = replace(record, patient=replace(
                        record.patient, id=patient.id, version=patient.version))
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

    @staticmethod
    def _check_import_staff(uow: UnitOfWork, record: ProcedureRecord) -> None:
        """`physician` and `nurse` name active accounts of that role, never a desk or
        administrator account (the handout and the sign-off queue trust these names)."""
        issues: list[FieldIssue] = []
        for field, ref, role in (("physician", record.physician, Role.PHYSICIAN),
                                 ("nurse", record.nurse, Role.NURSE)):
            if ref is None:
                continue
            row = uow.users.by_username(ref.username)
            if row is None or not row.active:
                issues.append(FieldIssue(field, f'There is no active user "{ref.username}".'))
            elif row.role != role.value:
                issues.append(FieldIssue(field, f'"{ref.username}" is not a {role.value} '
                                                f"account; give a {role.value}'s username."))
        if issues:
            raise ValidationError(issues)

    @staticmethod
    def _import_target(uow: UnitOfWork, record: ProcedureRecord, rec_id: int,
                       version: int | None) -> ProcedureRecord:
        """An import with an `id` updates that record only if it is a draft of the same patient
        (MRN) and `version` is the one stored (else a colleague's change would be lost)."""
        current = uow.records.get(rec_id)
        if current.is_signed:
            raise RecordSignedError(rec_id)
        if version is None:
            raise ValidationError("An import that updates a record needs the record's "
                                  '"version" (as `record show --json` prints it); without '
                                  "it a colleague's saved change could be overwritten.",
                                  "version")
        if current.patient.mrn != record.patient.mrn:
            raise ValidationError(f"Record {rec_id} belongs to another patient; an import can "
                                  "only update a record of the patient it names (MRN). Leave "
                                  '"id" out to add a new record.', "id")
        if current.status is not RecordStatus.DRAFT:
            raise ValidationError(f"Record {rec_id} is {current.status.label.lower()}; only a "
                                  "draft can be updated by an import.", "id")
        if current.version != version:
            raise ValidationError(f"Record {rec_id} was changed since version {version} (it is "
                                  f"now version {current.version}); export it again and redo "
                                  "the change.", "version")
        return replace(record, id=rec_id, version=version)

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
