"""Everything the tool computes from a record: targets, codes, totals, relief, warnings."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from .coding import CptLine, IcdCode, cpt_lines, icd10_suggestions
from .errors import FieldIssue
from .innervation import Target, site_count, targets_for
from .medications import MedicationTotal, totals
from .record import ProcedureRecord
from .rules import PathwayFacts, RuleSettings, Warning, evaluate
from .validation import missing_for_ready, validate_record


@dataclass(frozen=True, slots=True)
class RecordSummary:
    targets: tuple[Target, ...]
    sites: int
    cpt: tuple[CptLine, ...]
    icd10: tuple[IcdCode, ...]
    percent_relief: float | None
    medication_totals: tuple[MedicationTotal, ...]
    warnings: tuple[Warning, ...]
    problems: tuple[FieldIssue, ...]
    missing: tuple[FieldIssue, ...]

    @property
    def complete(self) -> bool:
        return not self.problems and not self.missing


def summarize(
    record: ProcedureRecord,
    history: Sequence[ProcedureRecord] = (),
    settings: RuleSettings | None = None,
    facts: PathwayFacts | None = None,
) -> RecordSummary:
    targets = targets_for(record.kind, record.joints)
    sites = site_count(targets)
    return RecordSummary(
        targets=targets,
        sites=sites,
        cpt=cpt_lines(record.kind, record.joints, record.guidance.modality),
        icd10=icd10_suggestions(record.joints),
        percent_relief=record.percent_relief,
        medication_totals=totals(record.medications, sites, record.patient.weight_kg),
        warnings=evaluate(record, history, settings, facts),
        problems=tuple(validate_record(record)),
        missing=tuple(missing_for_ready(record)),
    )
