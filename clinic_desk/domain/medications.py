"""Medication catalogue, per-target volumes, totals in mg and weight-based maximum doses.

Drugs and strengths follow REFERENCE.md 1.3. Dose in mg = strength (%) x 10 x volume (mL).
The maximum doses are not in REFERENCE.md: they are the usual product-labelling limits for
plain solutions (no epinephrine) and are data, so a clinic can change them.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from enum import Enum

from .errors import ValidationError


class DrugClass(str, Enum):
    LOCAL_ANAESTHETIC = "local_anaesthetic"
    STEROID = "steroid"
    CONTRAST = "contrast"

    @property
    def label(self) -> str:
        return {
            "local_anaesthetic": "Local anaesthetic",
            "steroid": "Steroid",
            "contrast": "Contrast",
        }[self.value]


@dataclass(frozen=True, slots=True)
class Drug:
    name: str
    drug_class: DrugClass
    strengths: tuple[str, ...]
    max_mg_per_kg: float | None = None
    max_mg: float | None = None
    brand: str = ""


CATALOGUE: tuple[Drug, ...] = (
    Drug("lidocaine", DrugClass.LOCAL_ANAESTHETIC, ("1%", "2%", "4%"), 4.5, 300.0, "Xylocaine"),
    Drug("bupivacaine", DrugClass.LOCAL_ANAESTHETIC, ("0.25%", "0.5%", "0.75%"), 2.5, 175.0,
         "Marcaine"),
    Drug("triamcinolone", DrugClass.STEROID, ("40 mg/mL", "10 mg/mL"), brand="Kenalog"),
    Drug("betamethasone", DrugClass.STEROID, ("6 mg/mL",), brand="Celestone Soluspan"),
    Drug("dexamethasone", DrugClass.STEROID, ("10 mg/mL", "4 mg/mL"), brand="Decadron"),
    Drug("methylprednisolone", DrugClass.STEROID, ("40 mg/mL", "80 mg/mL"), brand="Depo-Medrol"),
    Drug("iohexol", DrugClass.CONTRAST, ("240 mgI/mL", "300 mgI/mL"), brand="Omnipaque"),
    Drug("iopamidol", DrugClass.CONTRAST, ("200 mgI/mL", "300 mgI/mL"), brand="Isovue-M"),
)
_BY_NAME = {d.name: d for d in CATALOGUE}


def find_drug(name: str) -> Drug | None:
    key = (name or "").strip().lower()
    if key in _BY_NAME:
        return _BY_NAME[key]
    for d in CATALOGUE:
        if d.brand and d.brand.lower() == key:
            return d
    return None


def drug_names() -> tuple[str, ...]:
    return tuple(d.name for d in CATALOGUE)


_STRENGTH_RE = re.compile(
    r"^\s*(\d+(?:[.,]\d+)?)\s*(%|mg\s*/\s*ml|mgi\s*/\s*ml)\s*$", re.IGNORECASE
)


@dataclass(frozen=True, slots=True)
class Strength:
    text: str
    mg_per_ml: float


def parse_strength(text: str) -> Strength:
    """"0.5%" -> 5 mg/mL; "40 mg/mL" -> 40 mg/mL; "300 mgI/mL" -> 300 mg iodine/mL."""
    m = _STRENGTH_RE.match(text) if isinstance(text, str) else None
    if not m:
        shown = text[:30] if isinstance(text, str) else ""
        raise ValidationError(f'"{shown}" is not a strength. Use e.g. 0.5% or 40 mg/mL.')
    number = Decimal(m.group(1).replace(",", "."))  # also reads non-ASCII digits exactly
    value = float(number)
    unit = m.group(2).lower().replace(" ", "")
    if not math.isfinite(value):  # hundreds of digits overflow to inf
        raise ValidationError(f'"{text[:30]}" is not a strength. Use e.g. 0.5% or 40 mg/mL.')
    if value <= 0:
        raise ValidationError("A strength must be more than zero.")
    # The number as typed without padding zeros: "0.50" -> "0.5". Not "{:g}", which keeps six
    # digits ("1.000001%" became "1%") and writes small values as "1e-05%", unreadable here.
    shown = format(number.normalize(), "f")
    if unit == "%":
        if value > 10:
            raise ValidationError(f"{shown}% is too strong for any drug in the catalogue.")
        return Strength(f"{shown}%", value * 10.0)
    label = "mgI/mL" if unit.startswith("mgi") else "mg/mL"
    return Strength(f"{shown} {label}", value)


@dataclass(frozen=True, slots=True)
class MedicationLine:
    """One drug as given: the volume is per target (each needle site) or in total."""

    name: str
    strength: str
    volume_ml: float
    per_target: bool = True

    @property
    def drug(self) -> Drug | None:
        return find_drug(self.name)

    def total_ml(self, sites: int) -> float:
        return self.volume_ml * sites if self.per_target else self.volume_ml


@dataclass(frozen=True, slots=True)
class MedicationTotal:
    """The total of one drug for the whole procedure, and its limit for this patient."""

    name: str
    drug_class: DrugClass | None
    total_ml: float
    total_mg: float | None
    max_mg: float | None
    limit_basis: str  # "2.5 mg/kg x 72 kg" or "absolute maximum"

    @property
    def over_max(self) -> bool:
        return (self.max_mg is not None and self.total_mg is not None
                and self.total_mg > self.max_mg + 1e-9)

    @property
    def warning(self) -> str | None:
        if not self.over_max:
            return None
        assert self.total_mg is not None and self.max_mg is not None
        return (
            f"{self.name.capitalize()} total {self.total_mg:g} mg is over the maximum of "
            f"{self.max_mg:g} mg ({self.limit_basis})."
        )


def max_dose(drug: Drug, weight_kg: float | None) -> tuple[float | None, str]:
    """The largest dose of a drug for this weight, and how it was worked out."""
    if drug.max_mg_per_kg is None:
        return drug.max_mg, "absolute maximum" if drug.max_mg else ""
    if weight_kg is None or weight_kg <= 0:
        return drug.max_mg, "absolute maximum; no weight recorded"
    by_weight = round(drug.max_mg_per_kg * weight_kg, 1)
    if drug.max_mg is not None and by_weight > drug.max_mg:
        return drug.max_mg, (
            f"absolute maximum; {drug.max_mg_per_kg:g} mg/kg x {weight_kg:g} kg is more"
        )
    return by_weight, f"{drug.max_mg_per_kg:g} mg/kg x {weight_kg:g} kg"


def totals(
    lines: Sequence[MedicationLine], sites: int, weight_kg: float | None
) -> tuple[MedicationTotal, ...]:
    """Totals per drug (lines of the same drug add up, whatever their strength)."""
    order: list[str] = []
    ml: dict[str, float] = {}
    mg: dict[str, float | None] = {}
    for line in lines:
        key = line.name.strip().lower()
        if key not in ml:
            order.append(key)
            ml[key], mg[key] = 0.0, 0.0
        vol = line.total_ml(sites)
        ml[key] += vol
        try:
            strength = parse_strength(line.strength)
        except ValidationError:
            mg[key] = None
            continue
        prev = mg[key]
        mg[key] = None if prev is None else prev + vol * strength.mg_per_ml
    result = []
    for key in order:
        drug = find_drug(key)
        limit, basis = max_dose(drug, weight_kg) if drug else (None, "")
        total_mg = mg[key]
        result.append(
            MedicationTotal(
                name=drug.name if drug else key,
                drug_class=drug.drug_class if drug else None,
                total_ml=round(ml[key], 3),
                total_mg=None if total_mg is None else round(total_mg, 3),
                max_mg=limit,
                limit_basis=basis,
            )
        )
    return tuple(result)


def steroid_given(lines: Iterable[MedicationLine]) -> bool:
    return any(
        (d := line.drug) is not None and d.drug_class is DrugClass.STEROID and line.volume_ml > 0
        for line in lines
    )
