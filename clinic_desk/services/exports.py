"""Records going out (issue 14): chart note PDF, FHIR R4, HL7 v2 MDM, CSV.

Each export reads what it needs in one unit of work, checks the role, and writes one audit
entry per record it hands out (who: the actor; what: the record and the format; where: the
workstation and the destination the caller names, a file path or a printer). Only signed
records leave in FHIR, HL7 and CSV unless drafts are asked for by name.

Trust boundary: the workstation user (their role is checked here); exports only read
records, and the audit entries go through the hash-chained trail like every other.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta
from typing import Any

from ..domain.audit import AuditAction
from ..domain.errors import ValidationError
from ..domain.permissions import Action, allowed
from ..domain.record import ProcedureRecord
from ..exports import fhir, tables
from ..exports.fhir import ExtraObservations, FhirContext, ObservationSpec
from ..storage.unit_of_work import UnitOfWork
from .base import Service
from .context import Actor
from .settings import SettingsService


def render_note(record: ProcedureRecord, clinic: Any) -> bytes:
    """The chart note PDF. reportlab loads on the first note, not with the services: the
    worklist a nurse signs in to never waits for it (docs/performance.md, memory)."""
    from ..exports.note_pdf import render_note as render

    return render(record, clinic)

MAX_EXPORT = 10_000


def date_window(first: date, last: date) -> tuple[datetime, datetime]:
    """Local calendar days first..last inclusive, as an aware [start, end) window."""
    if last < first:
        raise ValidationError("The end date is before the start date.", "to")
    if (last - first).days > 3660:
        raise ValidationError("Export at most ten years at a time.", "to")
    start = datetime.combine(first, time.min).astimezone()
    end = datetime.combine(last + timedelta(days=1), time.min).astimezone()
    return start, end


def _for_role(record: ProcedureRecord, actor: Actor) -> ProcedureRecord:
    if allowed(actor.role, Action.VIEW_CLINICAL_NOTES):
        return record
    return replace(record, notes="")  # front desk sees no clinical notes


@dataclass(frozen=True, slots=True)
class Selection:
    """The records an export covers, and the people they name (for NPIs and practitioners)."""

    records: tuple[ProcedureRecord, ...]
    npi: dict[str, str]  # username -> NPI, for those who have one


class ExportService(Service):
    def _audit_export(self, uow: UnitOfWork, actor: Actor, records: Sequence[ProcedureRecord],
                      fmt: str, destination: str, **extra: Any) -> None:
        for r in records:
            self.audit(uow, actor, AuditAction.RECORD_EXPORT, record_id=r.id,
                       patient_id=r.patient.id,
                       detail={"format": fmt, "destination": destination[:300],
                               "status": r.status.value, **extra})

    def _npis(self, uow: UnitOfWork, records: Sequence[ProcedureRecord]) -> dict[str, str]:
        names = {s.username for r in records for s in (r.physician, r.nurse) if s is not None}
        out: dict[str, str] = {}
        for name in names:
            row = uow.users.by_username(name)
            if row is not None and row.npi:
                out[name] = row.npi
        return out

    # --- the chart note ----------------------------------------------------------------------
    def note_pdf(self, actor: Actor, record_id: int, destination: str) -> bytes:
        """The clinician's procedure note as PDF (drafts marked "Not signed" on every page);
        `destination` says where it goes ("file:/path", "printer:Name", "preview")."""
        actor.require(Action.VIEW_RECORDS)
        with self.uow() as uow:
            record = _for_role(uow.records.get(record_id), actor)
            clinic = SettingsService.load_from(uow).info
            self._audit_export(uow, actor, [record], "chart note PDF", destination)
            uow.commit()
        return render_note(record, clinic)

    # --- choosing records --------------------------------------------------------------------
    def select(self, actor: Actor, *, record_id: int | None = None,
               first: date | None = None, last: date | None = None,
               include_drafts: bool = False) -> Selection:
        """Records by id or by local date range; signed only unless drafts are asked for.
        Not audited here: the export that writes them out audits each record."""
        actor.require(Action.VIEW_RECORDS)
        with self.uow(write=False) as uow:
            if record_id is not None:
                records = [uow.records.get(record_id)]
                if not include_drafts and not records[0].is_signed:
                    raise ValidationError(
                        f"Record {record_id} is not signed; only signed records are exported "
                        "unless you add --include-drafts.", "id")
            else:
                if first is None:
                    raise ValidationError("Give a record id, a date or a date range.", "date")
                start, end = date_window(first, last or first)
                records = [r for r in uow.records.between(start, end, MAX_EXPORT + 1)
                           if include_drafts or r.is_signed]
                if len(records) > MAX_EXPORT:
                    raise ValidationError(f"More than {MAX_EXPORT} records; export a shorter "
                                          "date range.", "to")
            npi = self._npis(uow, records)
        return Selection(tuple(_for_role(r, actor) for r in records), npi)

    def audit_export(self, actor: Actor, selection: Selection, fmt: str,
                     destination: str) -> None:
        """Record that these records left Clinic Desk, in one transaction."""
        with self.uow() as uow:
            self._audit_export(uow, actor, selection.records, fmt, destination)
            uow.commit()


    # --- FHIR R4 -----------------------------------------------------------------------------
    def fhir_bundle(self, actor: Actor, selection: Selection, destination: str,
                    extra_observations: ExtraObservations | None = None) -> dict[str, Any]:
        """One FHIR R4 Bundle (type collection) of the selected records, audited per record.
        `extra_observations` is the hook for results kept elsewhere (the diary's block
        response): a function from a record to ObservationSpec values."""
        with self.uow(write=False) as uow:
            clinic = SettingsService.load_from(uow).info
            if extra_observations is None:
                extra_observations = diary_observations(uow, selection.records)
        ctx = FhirContext(selection.npi, lambda r: render_note(r, clinic), extra_observations)
        out = fhir.bundle(selection.records, ctx, self.clock())
        self.audit_export(actor, selection, "FHIR R4 Bundle", destination)
        return out

    # --- HL7 v2 ------------------------------------------------------------------------------
    def hl7_mdm(self, actor: Actor, selection: Selection, destination: str) -> str:
        """One MDM^T02 message per record (the note PDF in an OBX), audited per record."""
        with self.uow(write=False) as uow:
            clinic = SettingsService.load_from(uow).info
        from ..exports import hl7  # hl7apy loads with the first message

        now = self.clock()
        text = "".join(hl7.mdm_t02(r, render_note(r, clinic), now, clinic.name)
                       for r in selection.records)
        self.audit_export(actor, selection, "HL7 v2.5.1 MDM^T02", destination)
        return text

    # --- CSV ---------------------------------------------------------------------------------
    def csv_table(self, actor: Actor, selection: Selection, kind: str,
                  destination: str) -> bytes:
        """The billing (one row per CPT line) or procedures (one row per record) CSV."""
        if kind == "billing":
            data = tables.billing_csv(selection.records, selection.npi)
        elif kind == "procedures":
            data = tables.procedures_csv(selection.records)
        else:
            raise ValidationError("Choose billing or procedures.", "--kind")
        self.audit_export(actor, selection, f"CSV {kind}", destination)
        return data


def diary_observations(uow: UnitOfWork,
                       records: Sequence[ProcedureRecord]) -> ExtraObservations:
    """Issue 13's result in the FHIR export (issue 14, item 3): for each diagnostic block
    whose pain diary was recorded at a call, the block response under the clinic's rule
    profile, as an Observation valued with the peak percent relief, the result and how it was
    judged in its note. Blocks with no recorded result get none (the export never guesses)."""
    from ..domain.calls import CallOutcome
    from ..storage.calls import CallRepository
    from .pathway import facts_for, pathway_settings

    # The calls are read once: for the results, and for the time of the call they came from.
    calls = CallRepository(uow).for_records(r.id for r in records if r.id is not None)
    facts = facts_for(records, calls, pathway_settings(uow).profile)
    specs: dict[int, list[ObservationSpec]] = {}
    for rid, resp in facts.responses.items():
        if resp.peak_relief_percent is None:
            continue
        judged = [c for c in calls.get(rid, [])
                  if c.outcome is CallOutcome.REACHED and c.has_diary_result]
        when = judged[-1].called_at
        how = "recalled relief" if resp.recalled else "timed pain diary"
        specs[rid] = [ObservationSpec(
            key="block-response",
            code_text=(f"Diagnostic block response ({how}): {resp.result.label} under "
                       f"{resp.profile.name}"),
            effective=when, value=round(resp.peak_relief_percent, 1), unit="%",
            note=" ".join(x for x in (resp.formula, resp.reliability, *resp.reasons) if x))]
    return lambda r: specs.get(r.id or -1, [])
