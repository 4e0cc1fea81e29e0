"""Patients and procedure records as frozen values that every layer can share safely."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from enum import Enum

from .joints import JointSide, Region, regions_of
from .medications import MedicationLine, steroid_given
from .note import ProcedureNote
from .procedures import Complication, Guidance, ProcedureKind, Sedation, procedure_title
from .texts import LocalizedText, localized


class Sex(str, Enum):
    FEMALE = "female"
    MALE = "male"
    OTHER = "other"
    UNKNOWN = "unknown"


class Language(str, Enum):
    ENGLISH = "en"
    SPANISH = "es"

    @property
    def label(self) -> str:
        return {"en": "English", "es": "Español"}[self.value]


class RecordStatus(str, Enum):
    DRAFT = "draft"
    READY = "ready"
    SIGNED = "signed"
    VOID = "void"  # a draft a nurse voided (issue 15): kept for the audit trail, listed nowhere

    @property
    def label(self) -> str:
        return {"draft": "Draft", "ready": "Ready for signature", "signed": "Signed",
                "void": "Voided"}[self.value]


class Role(str, Enum):
    NURSE = "nurse"
    PHYSICIAN = "physician"
    DESK = "desk"
    ADMIN = "admin"

    @property
    def label(self) -> str:
        return self.value.capitalize()


def _fold(text: str) -> str:
    """Case- and accent-insensitive form of a name, apostrophes kept (they split parts)."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    # Letters that do not decompose but that people type without their mark.
    stripped = stripped.translate(_FOLD)
    return unicodedata.normalize("NFC", stripped).casefold().strip()


def search_key(text: str) -> str:
    """Case-, accent- and apostrophe-insensitive form of a name, for prefix search
    ("Zoë" -> "zoe", "O'Brien" -> "obrien")."""
    return _fold(text).replace("'", "")


# Where a new part of a name starts: after a space, a hyphen (any dash) or an apostrophe.
_PART_SEPARATORS = frozenset(" \t-\u2010\u2011\u2012\u2013\u2014'")
NAME_TOKEN_MAX = 100  # the search columns' length


def name_tokens(*names: str) -> tuple[str, ...]:
    """Search keys of every later part of each name, each running to the name's end: a
    search matches "the start of any name part" through them ("Łukasiewicz-李" -> "李";
    "Ana María Luisa" -> "maria luisa", "luisa"; "O'Brien" -> "brien"). The first part of
    each name is its own search key already, so it is not repeated here."""
    tokens: list[str] = []
    for name in names:
        folded = _fold(name)
        for n in range(1, len(folded)):
            if folded[n - 1] in _PART_SEPARATORS and folded[n] not in _PART_SEPARATORS:
                token = folded[n:].replace("'", "").strip()[:NAME_TOKEN_MAX]
                if token and token not in tokens:
                    tokens.append(token)
    return tuple(tokens)


_FOLD = str.maketrans({"ø": "o", "Ø": "O", "đ": "d", "Đ": "D", "ł": "l", "Ł": "L", "ß": "ss",
                       "æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE", "ı": "i", "’": "'",
                       "ʼ": "'", "‘": "'"})


@dataclass(frozen=True, slots=True)
class Anticoagulant:
    """A blood thinner and the clinician's own words on when to restart it, per language
    (domain.texts). A plain string given here is read as the patient's preferred language
    when the Patient is made (Patient.__post_init__)."""

    name: str
    resume_instructions: LocalizedText = field(default_factory=LocalizedText)


@dataclass(frozen=True, slots=True)
class Patient:
    mrn: str
    family_name: str
    given_name: str
    date_of_birth: date
    sex: Sex = Sex.UNKNOWN
    preferred_language: Language = Language.ENGLISH
    weight_kg: float | None = None
    diabetic: bool = False
    anticoagulant: Anticoagulant | None = None
    allergies: str = ""
    escort: str = ""  # who drives the patient home
    id: int | None = None
    version: int = 0
    # For the next-day call (issue 13). Contact data, not clinical content: it is not in the
    # record JSON a signature covers, so adding it changed no signed record's hash.
    phone: str = ""

    def __post_init__(self) -> None:
        # "A string is in the patient's preferred language" (record JSON's rule, issue 12).
        ac = self.anticoagulant
        if ac is not None and not isinstance(ac.resume_instructions, LocalizedText):
            text = localized(ac.resume_instructions, self.preferred_language.value)
            object.__setattr__(self, "anticoagulant", replace(ac, resume_instructions=text))

    @property
    def display_name(self) -> str:
        """"O'Brien, Zoë" (family name first, as on a worklist)."""
        return f"{self.family_name}, {self.given_name}" if self.given_name else self.family_name

    @property
    def full_name(self) -> str:
        """"Zoë O'Brien" (given name first, as on a handout)."""
        return f"{self.given_name} {self.family_name}".strip()


@dataclass(frozen=True, slots=True)
class StaffRef:
    """A user as a record names them: the username, and the printed name when known."""

    username: str
    full_name: str = ""
    credentials: str = ""

    @property
    def display(self) -> str:
        name = self.full_name or self.username
        return f"{name}, {self.credentials}" if self.credentials else name


@dataclass(frozen=True, slots=True)
class Vitals:
    systolic: int | None = None
    diastolic: int | None = None
    heart_rate: int | None = None
    spo2: int | None = None
    resp_rate: int | None = None

    @property
    def empty(self) -> bool:
        return all(
            v is None
            for v in (self.systolic, self.diastolic, self.heart_rate, self.spo2, self.resp_rate)
        )


SIGNATURE_MEANINGS: tuple[str, ...] = ("Reviewed and approved", "Performed by")


@dataclass(frozen=True, slots=True)
class Signature:
    """The manifestation of an electronic signature (REFERENCE.md 7.1, 21 CFR 11.50)."""

    signer: StaffRef
    signed_at: datetime  # time-zone aware
    meaning: str
    content_hash: str  # SHA-256 of the canonical record JSON
    # Why a steroid was given in a diagnostic block (REFERENCE.md 1.1/1.3: not appropriate);
    # the physician states it when signing such a record (issue 12, point 4).
    steroid_reason: str = ""
    # The Ed25519 signature (hex) over content hash, signer, time and meaning (issue 11);
    # None for the legacy hash-only signatures made before migration 0004.
    ed25519: str | None = None


@dataclass(frozen=True, slots=True)
class Correction:
    """One corrected printed text carried by an addendum (issue 12, point 1): `path` is a
    record-JSON path from domain.corrections.CORRECTABLE, with the language for a text kept
    per language ("patient.anticoagulant.resume_instructions.es"); `value` is the new text,
    or for `follow_up` the new time in ISO 8601 with its offset."""

    path: str
    value: str


@dataclass(frozen=True, slots=True)
class Addendum:
    """A signed correction after signing: it adds, never deletes (REFERENCE.md 7.2)."""

    text: str
    reason: str
    author: StaffRef
    created_at: datetime
    signature: Signature | None = None
    changes_instructions: bool = False
    id: int | None = None
    corrections: tuple[Correction, ...] = ()


# The choices a record starts without (issue 15, 5), and what the checklist asks for each.
CHOICES: dict[str, str] = {
    "block_number": "Choose the block: diagnostic block 1 or 2, or therapeutic.",
    "guidance.contrast": "Choose the contrast agent, or None if no contrast was used.",
    "sedation": "Choose the sedation level (None if local only).",
}


def percent_relief(before: int | None, after: int | None) -> float | None:
    """(baseline - after) / baseline x 100, on the same 0-10 scale (REFERENCE.md 4); None
    unless both scores are on that scale (issue 15: 11 gave 81.8 % while the field was red)."""
    if before is None or after is None or not 0 < before <= 10 or not 0 <= after <= 10:
        return None
    return round((before - after) / before * 100.0, 1)


@dataclass(frozen=True, slots=True)
class ProcedureRecord:
    patient: Patient
    kind: ProcedureKind
    performed_at: datetime
    physician: StaffRef | None = None
    nurse: StaffRef | None = None
    block_number: int | None = None
    joints: tuple[JointSide, ...] = ()
    guidance: Guidance = field(default_factory=Guidance)
    medications: tuple[MedicationLine, ...] = ()
    sedation: Sedation = Sedation.NONE
    pain_before: int | None = None
    pain_after: int | None = None
    vitals_before: Vitals = field(default_factory=Vitals)
    vitals_after: Vitals = field(default_factory=Vitals)
    complications: tuple[Complication, ...] = ()
    notes: str = ""
    follow_up: datetime | None = None
    ended_at: datetime | None = None  # end of the procedure; the pain diary counts from here
    note: ProcedureNote | None = None  # the procedure-note fields (domain/note.py), issue 14
    status: RecordStatus = RecordStatus.DRAFT
    signature: Signature | None = None
    addenda: tuple[Addendum, ...] = ()
    handout_printed_at: datetime | None = None
    id: int | None = None
    version: int = 0
    updated_at: datetime | None = None
    updated_by: str = ""
    # Issue 15: why a ready record was reopened for changes (shown in the physicians' queue
    # until it is signed); set only by RecordService.reopen, not part of the content.
    status_note: str = ""
    # Issue 15 (5): choices the nurse has not made yet (of CHOICES below). A skipped choice
    # used to record a plausible wrong value (block "therapeutic", contrast and sedation
    # "none"); now it stays unanswered and the record is not complete until it is made.
    unanswered: frozenset[str] = frozenset()

    @property
    def title(self) -> str:
        return procedure_title(self.kind, self.block_number)

    @property
    def percent_relief(self) -> float | None:
        return percent_relief(self.pain_before, self.pain_after)

    @property
    def regions(self) -> tuple[Region, ...]:
        return regions_of(self.joints)

    @property
    def steroid_given(self) -> bool:
        return steroid_given(self.medications)

    @property
    def sedation_given(self) -> bool:
        return self.sedation.given

    @property
    def is_signed(self) -> bool:
        return self.status is RecordStatus.SIGNED

    @property
    def has_clinical_content(self) -> bool:
        """Anything about the procedure itself: levels, medications, scores, vitals,
        complications, notes, guidance figures. A patient, staff and time alone are not
        (issue 15: picking a physician no longer leaves a junk draft on the worklist)."""
        g = self.guidance
        return bool(self.joints or self.medications or self.complications
                    or self.notes.strip() or self.pain_before is not None
                    or self.pain_after is not None or not self.vitals_before.empty
                    or not self.vitals_after.empty or g.fluoro_time_s is not None
                    or g.dose_mgy is not None or g.dap_mgy_cm2 is not None)

    @property
    def levels_text(self) -> str:
        """"L4-L5 bilateral, L5-S1 left"."""
        return ", ".join(f"{js.joint.name} {js.side.value}" for js in self.joints)

    @property
    def diary_start(self) -> datetime:
        return self.ended_at or self.performed_at

    def with_changes(self, **changes: object) -> ProcedureRecord:
        return replace(self, **changes)  # type: ignore[arg-type]
