"""Read models for lists: one light row per record or patient, cheap to show.

Named tuples rather than frozen dataclasses: as immutable, and five times cheaper to make
(a worklist page makes 500 of them; `make bench`)."""

from __future__ import annotations

from datetime import date, datetime
from typing import NamedTuple

from .procedures import ProcedureKind, procedure_title
from .record import RecordStatus


class WorklistRow(NamedTuple):
    record_id: int
    performed_at: datetime
    patient_id: int
    patient_name: str  # "Family, Given"
    mrn: str
    date_of_birth: date
    kind: ProcedureKind
    block_number: int | None
    levels: str  # "L4-L5 B, L5-S1 L"
    physician: str
    status: RecordStatus
    handout_printed: bool
    version: int = 0
    status_note: str = ""  # issue 15: why a ready record was reopened for changes

    @property
    def procedure(self) -> str:
        return procedure_title(self.kind, self.block_number)

    @property
    def status_label(self) -> str:
        if self.status is RecordStatus.SIGNED and self.handout_printed:
            return "Handout printed"
        return status_text(self.status, self.status_note)


def status_text(status: RecordStatus, note: str = "") -> str:
    """"Reopened for changes: <reason>" while a reopened record is a draft again; "Ready for
    signature (reopened: <reason>)" once it is back in the physicians' queue."""
    if note and status is RecordStatus.DRAFT:
        return f"Reopened for changes: {note}"
    if note and status is RecordStatus.READY:
        return f"{status.label} (reopened: {note})"
    return status.label


class PatientRow(NamedTuple):
    patient_id: int
    mrn: str
    family_name: str
    given_name: str
    date_of_birth: date

    @property
    def display_name(self) -> str:
        return f"{self.family_name}, {self.given_name}"


class HistoryRow(NamedTuple):
    """One earlier procedure of a patient, as the patient screen lists them."""

    record_id: int
    performed_at: datetime
    kind: ProcedureKind
    block_number: int | None
    levels: str
    percent_relief: float | None
    status: RecordStatus

    @property
    def procedure(self) -> str:
        return procedure_title(self.kind, self.block_number)
