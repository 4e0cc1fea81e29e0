"""The procedure-note fields a complete note carries beyond the core record (REFERENCE.md 1.2).

Indication with the LCD D1 statements (3.4), consent, the time-out (Universal Protocol: two
patient identifiers, the site, the time), position, skin preparation, needle, RFA stimulation
and lesion parameters, and disposition. All optional in record JSON v1 (`note`); what a
record needs before "ready" depends on its kind (`note_missing`). Clinic defaults
(`NoteDefaults`) fill the routine values; RFA stimulation and lesion values are never
defaulted, because REFERENCE.md 1.2 marks the typical lesion temperature and time UNCONFIRMED.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields, replace
from datetime import datetime, timedelta
from enum import Enum
from typing import Any

from .errors import FieldIssue
from .procedures import ProcedureKind, is_diagnostic


class ConsentForm(str, Enum):
    WRITTEN_AND_VERBAL = "written_and_verbal"
    WRITTEN = "written"
    VERBAL = "verbal"

    @property
    def label(self) -> str:
        return {"written_and_verbal": "Written and verbal", "written": "Written",
                "verbal": "Verbal"}[self.value]


class MotorTest(str, Enum):
    """Motor stimulation at 2 Hz is used to exclude the nerve to the limb (REFERENCE.md 1.2)."""

    NO_LIMB_RESPONSE = "no_limb_response"
    LIMB_RESPONSE = "limb_response"
    NOT_DONE = "not_done"

    @property
    def label(self) -> str:
        return {"no_limb_response": "Multifidus twitch, no limb muscle response",
                "limb_response": "Limb muscle response (needle repositioned)",
                "not_done": "Not done"}[self.value]


class DischargeCondition(str, Enum):
    STABLE = "stable"
    ADMITTED = "admitted"
    TRANSFERRED = "transferred"

    @property
    def label(self) -> str:
        return {"stable": "Stable, discharged home", "admitted": "Admitted",
                "transferred": "Transferred to emergency care"}[self.value]


# The four LCD D1 statements a physician attests before a first diagnostic block
# (REFERENCE.md 3.4, D1): key -> wording printed on the note.
LCD_STATEMENTS: tuple[tuple[str, str], ...] = (
    ("pain_3_months", "Moderate to severe chronic pain for at least 3 months"),
    ("conservative_care_failed", "Failure of noninvasive conservative management documented"),
    ("no_untreated_radiculopathy",
     "No untreated radiculopathy or neurogenic claudication"),
    ("no_other_cause", "No non-facet pathology (fracture, tumor, infection, significant "
                       "deformity) explains the pain"),
)
LCD_KEYS = tuple(k for k, _ in LCD_STATEMENTS)


@dataclass(frozen=True, slots=True)
class Indication:
    text: str = ""
    # None: not answered; True/False as attested. Keys as in LCD_STATEMENTS.
    pain_3_months: bool | None = None
    conservative_care_failed: bool | None = None
    no_untreated_radiculopathy: bool | None = None
    no_other_cause: bool | None = None

    def statements(self) -> tuple[tuple[str, str, bool | None], ...]:
        return tuple((k, text, getattr(self, k)) for k, text in LCD_STATEMENTS)


@dataclass(frozen=True, slots=True)
class Consent:
    form: ConsentForm | None = None
    risks_discussed: bool = False


@dataclass(frozen=True, slots=True)
class TimeOut:
    """Universal Protocol time-out: at least two patient identifiers, the site, the time."""

    identifiers: tuple[str, ...] = ()
    site_confirmed: bool = False
    at: datetime | None = None


@dataclass(frozen=True, slots=True)
class Needle:
    gauge: int | None = None
    length_mm: float | None = None
    type: str = ""

    @property
    def text(self) -> str:
        parts = []
        if self.gauge is not None:
            parts.append(f"{self.gauge} G")
        if self.length_mm is not None:
            inches = self.length_mm / 25.4
            parts.append(f"{self.length_mm:g} mm ({inches:.1f} in)")
        if self.type:
            parts.append(self.type)
        return ", ".join(parts)


@dataclass(frozen=True, slots=True)
class RfaParameters:
    """Entered for each RFA, never defaulted. Temperature and time apply to each lesion."""

    sensory_threshold_v: float | None = None
    motor_test: MotorTest | None = None
    lesion_temperature_c: float | None = None
    lesion_time_s: float | None = None

    @property
    def empty(self) -> bool:
        return (self.sensory_threshold_v is None and self.motor_test is None
                and self.lesion_temperature_c is None and self.lesion_time_s is None)


@dataclass(frozen=True, slots=True)
class Disposition:
    condition: DischargeCondition | None = None
    escorted: bool = False  # leaves with a driver (the patient's escort)
    discharged_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class ProcedureNote:
    indication: Indication = field(default_factory=Indication)
    consent: Consent = field(default_factory=Consent)
    time_out: TimeOut = field(default_factory=TimeOut)
    position: str = ""
    skin_prep: str = ""
    needle: Needle = field(default_factory=Needle)
    rfa: RfaParameters = field(default_factory=RfaParameters)
    disposition: Disposition = field(default_factory=Disposition)


# --- clinic defaults ---------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class NoteDefaults:
    """What a routine case gets without a keystroke; kept in the database (settings key
    "note_defaults"). Never RFA stimulation or lesion values."""

    indication_mbb: str = "Diagnostic medial branch block to determine whether the facet " \
                          "joints are the source of pain."
    indication_rfa: str = "Two separate diagnostic medial branch blocks, both with at least " \
                          "80% relief for the expected duration."
    indication_ia: str = "Suspected facet joint pain."
    attest_lcd_statements: bool = True
    consent_form: ConsentForm = ConsentForm.WRITTEN_AND_VERBAL
    risks_discussed: bool = True
    identifiers: tuple[str, ...] = ("name", "date of birth")
    site_confirmed: bool = True
    position: str = "Prone"
    skin_prep: str = "ChloraPrep, sterile drapes"
    block_needle_gauge: int = 22
    block_needle_length_mm: float = 89.0
    block_needle_type: str = "Quincke spinal needle, bent tip"
    rfa_needle_gauge: int = 20
    rfa_needle_length_mm: float = 100.0
    rfa_needle_type: str = "RF cannula, 10 mm active tip"
    condition: DischargeCondition = DischargeCondition.STABLE
    escorted: bool = True

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for f in fields(self):
            name, value = f.name, getattr(self, f.name)
            if isinstance(value, Enum):
                value = value.value
            elif isinstance(value, tuple):
                value = list(value)
            out[name] = value
        return out

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> NoteDefaults:
        """Known keys of the right type; anything else keeps the built-in default."""
        base = cls()
        values: dict[str, Any] = {}
        for f in fields(cls):
            name = f.name
            if name not in data:
                continue
            current, value = getattr(base, name), data[name]
            try:
                if isinstance(current, Enum):
                    values[name] = type(current)(value)
                elif isinstance(current, tuple):
                    if isinstance(value, list) and all(isinstance(v, str) for v in value):
                        values[name] = tuple(value)
                elif isinstance(current, bool):
                    if isinstance(value, bool):
                        values[name] = value
                elif isinstance(current, (int, float)):
                    if isinstance(value, (int, float)) and not isinstance(value, bool):
                        values[name] = type(current)(value)
                elif isinstance(value, str):
                    values[name] = value
            except ValueError:
                continue
        return replace(base, **values)


def default_note(defaults: NoteDefaults, kind: ProcedureKind,
                 performed_at: datetime | None) -> ProcedureNote:
    """A new record's note as the clinic's routine case has it; RFA parameters left empty."""
    rfa = kind is ProcedureKind.RADIOFREQUENCY_ABLATION
    indication = {ProcedureKind.MEDIAL_BRANCH_BLOCK: defaults.indication_mbb,
                  ProcedureKind.RADIOFREQUENCY_ABLATION: defaults.indication_rfa,
                  ProcedureKind.INTRA_ARTICULAR: defaults.indication_ia}[kind]
    attest = True if defaults.attest_lcd_statements else None
    return ProcedureNote(
        indication=Indication(indication, *(attest for _ in LCD_KEYS)),
        consent=Consent(defaults.consent_form, defaults.risks_discussed),
        time_out=TimeOut(defaults.identifiers, defaults.site_confirmed, performed_at),
        position=defaults.position,
        skin_prep=defaults.skin_prep,
        needle=Needle(defaults.rfa_needle_gauge, defaults.rfa_needle_length_mm,
                      defaults.rfa_needle_type) if rfa else
        Needle(defaults.block_needle_gauge, defaults.block_needle_length_mm,
               defaults.block_needle_type),
        disposition=Disposition(defaults.condition, defaults.escorted, None),
    )


# --- checks ------------------------------------------------------------------------------------
# Typing-error bounds, not clinical limits: a value outside them cannot be what was meant.
GAUGE_RANGE = (10, 34)
LENGTH_MM_RANGE = (5.0, 300.0)
THRESHOLD_V_RANGE = (0.0, 10.0)
TEMPERATURE_C_RANGE = (20.0, 100.0)
LESION_TIME_S_RANGE = (1.0, 900.0)
MAX_NOTE_TEXT = 1000
MAX_NOTE_SHORT = 200


def _out_of(value: float | None, bounds: tuple[float, float]) -> bool:
    return value is not None and not bounds[0] <= value <= bounds[1]


def note_issues(note: ProcedureNote | None, performed_at: datetime) -> list[FieldIssue]:
    """Values in the note that can never be right, each with its field path."""
    if note is None:
        return []
    issues: list[FieldIssue] = []

    def add(path: str, message: str) -> None:
        issues.append(FieldIssue(f"note.{path}", message))

    n = note
    if _out_of(n.needle.gauge, GAUGE_RANGE):
        add("needle.gauge", f"The needle gauge must be from {GAUGE_RANGE[0]} to "
                            f"{GAUGE_RANGE[1]} G.")
    if _out_of(n.needle.length_mm, LENGTH_MM_RANGE):
        add("needle.length_mm", f"The needle length must be from {LENGTH_MM_RANGE[0]:g} to "
                                f"{LENGTH_MM_RANGE[1]:g} mm.")
    r = n.rfa
    for path, value, bounds, what, unit in (
        ("rfa.sensory_threshold_v", r.sensory_threshold_v, THRESHOLD_V_RANGE,
         "sensory threshold", "V"),
        ("rfa.lesion_temperature_c", r.lesion_temperature_c, TEMPERATURE_C_RANGE,
         "lesion temperature", "°C"),
        ("rfa.lesion_time_s", r.lesion_time_s, LESION_TIME_S_RANGE, "lesion time", "s"),
    ):
        if _out_of(value, bounds):
            add(path, f"The {what} must be from {bounds[0]:g} to {bounds[1]:g} {unit}.")
    if len([i for i in n.time_out.identifiers if i.strip()]) != len(n.time_out.identifiers):
        add("time_out.identifiers", "An identifier is empty; remove it or name it.")
    if performed_at.tzinfo is None:
        return issues  # validate_record reports the procedure time; nothing to compare with
    t = n.time_out.at
    if t is not None and (t.tzinfo is None or abs(t - performed_at) > timedelta(hours=12)):
        add("time_out.at", "The time-out must be on the day of the procedure.")
    d = n.disposition.discharged_at
    if d is not None and (d.tzinfo is None
                          or not timedelta(0) <= d - performed_at <= timedelta(hours=24)):
        add("disposition.discharged_at",
            "The discharge time must be after the procedure, within a day.")
    return issues


def note_missing(note: ProcedureNote | None, kind: ProcedureKind,
                 block_number: int | None) -> list[FieldIssue]:
    """What the note still needs before the record is ready, for this kind of procedure.

    Every kind: indication, consent (form, risks discussed), time-out (two identifiers, site,
    time), position, skin preparation, needle, condition at discharge. A diagnostic medial
    branch block also needs each LCD D1 statement answered (REFERENCE.md 3.4); an RFA needs
    its stimulation and lesion parameters (REFERENCE.md 1.2).
    """
    n = note or ProcedureNote()
    missing: list[FieldIssue] = []

    def need(path: str, message: str) -> None:
        missing.append(FieldIssue(f"note.{path}", message))

    if not n.indication.text.strip():
        need("indication.text", "Enter the indication.")
    if is_diagnostic(kind, block_number):
        for key, _text, value in n.indication.statements():
            if value is None:
                need(f"indication.{key}", "Answer each coverage statement for a diagnostic "
                                          "block.")
    if n.consent.form is None:
        need("consent.form", "Record how consent was given.")
    if not n.consent.risks_discussed:
        need("consent.risks_discussed", "Record that the risks were discussed.")
    if len(n.time_out.identifiers) < 2:
        need("time_out.identifiers", "The time-out needs two patient identifiers.")
    if not n.time_out.site_confirmed:
        need("time_out.site_confirmed", "Record that the site was confirmed at the time-out.")
    if n.time_out.at is None:
        need("time_out.at", "Enter the time of the time-out.")
    if not n.position.strip():
        need("position", "Enter the patient's position.")
    if not n.skin_prep.strip():
        need("skin_prep", "Enter the skin preparation.")
    if n.needle.gauge is None:
        need("needle.gauge", "Enter the needle gauge.")
    if n.needle.length_mm is None:
        need("needle.length_mm", "Enter the needle length.")
    if not n.needle.type.strip():
        need("needle.type", "Enter the needle type.")
    if kind is ProcedureKind.RADIOFREQUENCY_ABLATION:
        r = n.rfa
        if r.sensory_threshold_v is None:
            need("rfa.sensory_threshold_v", "Enter the sensory stimulation threshold.")
        if r.motor_test is None:
            need("rfa.motor_test", "Record the motor stimulation test.")
        if r.lesion_temperature_c is None:
            need("rfa.lesion_temperature_c", "Enter the lesion temperature.")
        if r.lesion_time_s is None:
            need("rfa.lesion_time_s", "Enter the time per lesion.")
    if n.disposition.condition is None:
        need("disposition.condition", "Record the condition at discharge.")
    return missing


# Words for each field path, where a screen names a field without its widget (conflicts).
NOTE_LABELS: dict[str, str] = {
    "note.indication.text": "Indication",
    **{f"note.indication.{k}": f"Coverage: {text}" for k, text in LCD_STATEMENTS},
    "note.consent.form": "Consent", "note.consent.risks_discussed": "Risks discussed",
    "note.time_out.identifiers": "Time-out identifiers",
    "note.time_out.site_confirmed": "Time-out: site confirmed",
    "note.time_out.at": "Time-out time", "note.position": "Position",
    "note.skin_prep": "Skin preparation", "note.needle.gauge": "Needle gauge",
    "note.needle.length_mm": "Needle length (mm)", "note.needle.type": "Needle type",
    "note.rfa.sensory_threshold_v": "Sensory threshold (V)",
    "note.rfa.motor_test": "Motor test", "note.rfa.lesion_temperature_c":
        "Lesion temperature (°C)", "note.rfa.lesion_time_s": "Time per lesion (s)",
    "note.disposition.condition": "Condition at discharge",
    "note.disposition.escorted": "Leaves with a driver",
    "note.disposition.discharged_at": "Discharge time",
}
