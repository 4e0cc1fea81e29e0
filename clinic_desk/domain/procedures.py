"""Procedure kinds, guidance, sedation and complications (REFERENCE.md 1.1, 1.2)."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum


class ProcedureKind(str, Enum):
    INTRA_ARTICULAR = "intra_articular"
    MEDIAL_BRANCH_BLOCK = "medial_branch_block"
    RADIOFREQUENCY_ABLATION = "radiofrequency_ablation"

    @property
    def label(self) -> str:
        return _KIND_LABELS[self]

    @property
    def targets_nerves(self) -> bool:
        return self is not ProcedureKind.INTRA_ARTICULAR


_KIND_LABELS = {
    ProcedureKind.INTRA_ARTICULAR: "Intra-articular facet injection",
    ProcedureKind.MEDIAL_BRANCH_BLOCK: "Medial branch block",
    ProcedureKind.RADIOFREQUENCY_ABLATION: "Radiofrequency ablation",
}


def procedure_title(kind: ProcedureKind, block_number: int | None) -> str:
    """"Medial branch block, diagnostic block 1", "Medial branch block, therapeutic"."""
    if kind is ProcedureKind.MEDIAL_BRANCH_BLOCK:
        if block_number in (1, 2):
            return f"{kind.label}, diagnostic block {block_number}"
        return f"{kind.label}, therapeutic"
    return kind.label


def is_diagnostic(kind: ProcedureKind, block_number: int | None) -> bool:
    """A numbered medial branch block is diagnostic (REFERENCE.md 1.4)."""
    return kind is ProcedureKind.MEDIAL_BRANCH_BLOCK and block_number in (1, 2)


class Modality(str, Enum):
    FLUOROSCOPY = "fluoroscopy"
    CT = "ct"
    ULTRASOUND = "ultrasound"

    @property
    def label(self) -> str:
        return {"fluoroscopy": "Fluoroscopy", "ct": "CT", "ultrasound": "Ultrasound"}[self.value]


@dataclass(frozen=True, slots=True)
class Guidance:
    """Image guidance; fluoroscopy by default. Dose as air kerma (mGy) and/or DAP."""

    modality: Modality = Modality.FLUOROSCOPY
    fluoro_time_s: float | None = None
    dose_mgy: float | None = None
    dap_mgy_cm2: float | None = None
    contrast: str | None = None  # agent name; None = no contrast used


class Sedation(str, Enum):
    NONE = "none"
    MINIMAL = "minimal"
    MODERATE = "moderate"

    @property
    def label(self) -> str:
        return {"none": "None (local only)", "minimal": "Minimal", "moderate": "Moderate"}[
            self.value
        ]

    @property
    def given(self) -> bool:
        return self is not Sedation.NONE


class ComplicationKind(str, Enum):
    VASOVAGAL = "vasovagal"
    BLEEDING = "bleeding"
    DURAL_PUNCTURE = "dural_puncture"
    OTHER = "other"

    @property
    def label(self) -> str:
        return {
            "vasovagal": "Vasovagal reaction",
            "bleeding": "Bleeding",
            "dural_puncture": "Dural puncture",
            "other": "Other",
        }[self.value]


@dataclass(frozen=True, slots=True)
class Complication:
    kind: ComplicationKind
    text: str = ""

    def __str__(self) -> str:
        if self.kind is ComplicationKind.OTHER:
            return self.text or self.kind.label
        return self.kind.label + (f": {self.text}" if self.text else "")
