"""Patients: search, open (audited), create and edit with a version check."""

from __future__ import annotations

from dataclasses import replace

from ..domain.audit import AuditAction
from ..domain.errors import ValidationError
from ..domain.permissions import Action
from ..domain.record import Patient
from ..domain.record_format import patient_to_json
from ..domain.validation import parse_mrn, parse_name, patient_issues
from ..domain.worklist import HistoryRow, PatientRow
from .base import Service
from .context import Actor


def _changes(before: dict[str, object], after: dict[str, object]) -> list[dict[str, object]]:
    return [{"field": k, "before": before.get(k), "after": after.get(k)}
            for k in sorted(set(before) | set(after)) if before.get(k) != after.get(k)]


def _searchable(text: str) -> bool:
    # PostgreSQL refuses NUL in text parameters and UTF-8 cannot carry a lone surrogate.
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return "\x00" not in text


class PatientService(Service):
    def search(self, actor: Actor, text: str, limit: int = 50) -> list[PatientRow]:
        actor.require(Action.VIEW_RECORDS)
        if not _searchable(text or ""):
            return []  # NUL or a lone surrogate: no stored name or MRN can contain it
        with self.uow(write=False) as uow:
            return uow.patients.search(text, limit)

    def get(self, actor: Actor, patient_id: int) -> Patient:
        actor.require(Action.VIEW_RECORDS)
        with self.uow() as uow:
            patient = uow.patients.get(patient_id)
            self.audit(uow, actor, AuditAction.PATIENT_VIEW, patient_id=patient_id)
            uow.commit()
            return patient

    def history(self, actor: Actor, patient_id: int) -> list[HistoryRow]:
        actor.require(Action.VIEW_RECORDS)
        with self.uow(write=False) as uow:
            return uow.patients.history(patient_id)

    def save(self, actor: Actor, patient: Patient) -> Patient:
        """Create (id None) or update a patient; refuses bad input and newer versions."""
        actor.require(Action.EDIT_RECORDS)
        issues = patient_issues(patient, self.clock().date())
        if issues:
            raise ValidationError(issues)
        # Store the canonical forms: MRN upper case, names NFC with single spaces.
        patient = replace(patient, mrn=parse_mrn(patient.mrn),
                          family_name=parse_name(patient.family_name, "family name"),
                          given_name=parse_name(patient.given_name, "given name"))
        with self.uow() as uow:
            existing = uow.patients.by_mrn(patient.mrn)
            if existing is not None and existing.id != patient.id:
                raise ValidationError(
                    f"MRN {patient.mrn} already belongs to another patient "
                    f"({existing.display_name}).", "mrn")
            if patient.id is None:
                saved = uow.patients.add(replace(patient, id=None, version=0), actor.username)
                self.audit(uow, actor, AuditAction.PATIENT_CREATE, patient_id=saved.id)
            else:
                before = uow.patients.get(patient.id)
                saved = uow.patients.update(patient, actor.username)
                self.audit(uow, actor, AuditAction.PATIENT_CHANGE, patient_id=saved.id,
                           detail={"changes": _changes(patient_to_json(before),
                                                       patient_to_json(saved))})
            uow.commit()
            return saved
