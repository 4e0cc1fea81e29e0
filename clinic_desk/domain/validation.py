"""Field parsers and record checks; every problem names its field in words a nurse knows.

Two levels: `validate_record` finds values that can never be right (a pain score of 12), and
`missing_for_ready` finds what a complete record still needs before a physician signs it.
A draft may be saved with things missing, never with things wrong.
"""

from __future__ import annotations

import math
import re
import unicodedata
from datetime import date, datetime, timedelta

from .errors import FieldIssue, ValidationError
from .medications import DrugClass, find_drug, parse_strength
from .note import note_issues, note_missing
from .procedures import ComplicationKind, Modality, ProcedureKind
from .record import CHOICES, Patient, ProcedureRecord, Vitals
from .texts import language_name

MAX_NAME = 100
MAX_TEXT = 4000
MAX_SHORT = 200
MIN_YEAR, MAX_YEAR = 1900, 2200  # any clinical date and time outside this is a typing error

_MRN_RE = re.compile(r"^[A-Z0-9][A-Z0-9-]{0,19}$")
_NAME_PUNCT = set(" '’-.‐")


def parse_mrn(text: object) -> str:
    if not isinstance(text, str) or not text.strip():
        raise ValidationError("Enter the medical record number (MRN).")
    mrn = unicodedata.normalize("NFKC", text).strip().upper()
    if not _MRN_RE.match(mrn):
        raise ValidationError(
            "An MRN has 1 to 20 letters, digits or hyphens (A-Z, 0-9, -), starting with a letter "
            "or digit."
        )
    return mrn


def _control_chars(text: str, allow_newlines: bool) -> bool:
    for c in text:
        cat = unicodedata.category(c)
        if cat in ("Cc", "Cs", "Co", "Cn") and not (allow_newlines and c in "\n\t\r"):
            return True
        if cat == "Cf" and c not in "\u200c\u200d":  # joiners are part of some scripts
            return True
    return False


def parse_name(text: object, what: str = "name") -> str:
    """A family or given name in any script: letters, marks, spaces, apostrophes, hyphens."""
    if not isinstance(text, str) or not text.strip():
        raise ValidationError(f"Enter the {what}.")
    stripped = unicodedata.normalize("NFC", text).strip()
    # Check before folding spaces: \s also matches tab, new line and \x1c-\x1f, \x85, which
    # would otherwise turn into ordinary spaces inside the name.
    if _control_chars(stripped, allow_newlines=False):
        raise ValidationError(f"The {what} contains a hidden control character; retype it.")
    name = re.sub(r"\s+", " ", stripped)
    if len(name) > MAX_NAME:
        raise ValidationError(f"The {what} is too long (at most {MAX_NAME} characters).")
    for c in name:
        cat = unicodedata.category(c)
        if cat[0] in "LM" or c in _NAME_PUNCT or c in "\u200c\u200d":
            continue
        shown = c if cat[0] != "Z" else repr(c)
        raise ValidationError(
            f'The {what} cannot contain "{shown}". Use letters, spaces, apostrophes and hyphens.'
        )
    if not any(unicodedata.category(c)[0] == "L" for c in name):
        raise ValidationError(f"The {what} needs at least one letter.")
    return name


def parse_text(text: object, what: str, max_len: int = MAX_TEXT, multiline: bool = True) -> str:
    if text is None:
        return ""
    if not isinstance(text, str):
        raise ValidationError(f"The {what} must be text.")
    value = unicodedata.normalize("NFC", text).strip()
    if len(value) > max_len:
        raise ValidationError(f"The {what} is too long (at most {max_len} characters).")
    if _control_chars(value, allow_newlines=multiline):
        raise ValidationError(f"The {what} contains a hidden control character; retype it.")
    return value


def parse_date(text: object, what: str = "date") -> date:
    if isinstance(text, date) and not isinstance(text, datetime):
        return text
    if not isinstance(text, str) or not text.strip():
        raise ValidationError(f"Enter the {what} (YYYY-MM-DD).")
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise ValidationError(
            f'"{text[:20]}" is not a valid {what}; use YYYY-MM-DD, e.g. 1961-03-14.'
        ) from None


def check_birth_date(dob: date, today: date | None = None) -> None:
    today = today or date.today()
    if dob > today:
        raise ValidationError("The date of birth is in the future.")
    if dob.year < 1900:
        raise ValidationError("The date of birth is before 1900; check the year.")


def parse_datetime(text: object, what: str = "date and time") -> datetime:
    """An ISO 8601 date-time with its UTC offset ("2026-11-24T09:30:00-05:00")."""
    if isinstance(text, datetime):
        value = text
    elif isinstance(text, str) and text.strip():
        try:
            value = datetime.fromisoformat(text.strip())
        except ValueError:
            raise ValidationError(
                f'"{text[:30]}" is not a valid {what}; use e.g. 2026-11-24T09:30:00-05:00.'
            ) from None
    else:
        raise ValidationError(f"Enter the {what}.")
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValidationError(f"The {what} needs its time zone offset, e.g. -05:00.")
    if not MIN_YEAR <= value.year <= MAX_YEAR:
        # Also keeps date arithmetic and UTC conversion away from datetime's year 1 and 9999.
        raise ValidationError(f"The {what} has the year {value.year}; check it.")
    return value


def _number(value: object, what: str) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        if isinstance(value, str):
            try:
                value = float(value.strip().replace(",", "."))
            except ValueError:
                raise ValidationError(f"The {what} must be a number.") from None
        else:
            raise ValidationError(f"The {what} must be a number.")
    try:
        number = float(value)
    except OverflowError:  # an int too large for a float: infinitely far out of any range
        number = math.inf if value > 0 else -math.inf
    if not math.isfinite(number) and not isinstance(value, int):
        raise ValidationError(f"The {what} must be a number.")
    return number


def parse_number(value: object, what: str, low: float, high: float, unit: str = "",
                 low_inclusive: bool = True) -> float:
    number = _number(value, what)
    u = f" {unit}" if unit else ""
    if number < low or (not low_inclusive and number == low) or number > high:
        lo = f"more than {low:g}" if not low_inclusive else f"{low:g}"
        raise ValidationError(f"The {what} must be from {lo}{u} to {high:g}{u}.")
    return number


def parse_int(value: object, what: str, low: int, high: int, unit: str = "") -> int:
    number = _number(value, what)
    # Compare and return an int as given: through a float, ids above 2**53 would be rounded.
    exact = value if isinstance(value, int) and not isinstance(value, bool) else number
    u = f" {unit}" if unit else ""
    if not low <= exact <= high:
        raise ValidationError(f"The {what} must be from {low} to {high}{u}.")
    if number != int(number):
        raise ValidationError(f"The {what} must be a whole number.")
    return int(exact)


def parse_pain(value: object, what: str = "pain score") -> int:
    return parse_int(value, f"{what} (0-10)", 0, 10)


def parse_weight(value: object) -> float:
    return parse_number(value, "weight", 2, 400, "kg")


VITAL_RANGES = {
    "systolic": ("systolic blood pressure", 50, 260, "mmHg"),
    "diastolic": ("diastolic blood pressure", 20, 160, "mmHg"),
    "heart_rate": ("heart rate", 20, 250, "/min"),
    "spo2": ("oxygen saturation", 50, 100, "%"),
    "resp_rate": ("breathing rate", 4, 60, "/min"),
}


def vitals_issues(v: Vitals, prefix: str) -> list[FieldIssue]:
    issues: list[FieldIssue] = []
    for name, (label, low, high, unit) in VITAL_RANGES.items():
        value = getattr(v, name)
        if value is None:
            continue
        try:
            parse_int(value, label, low, high, unit)
        except ValidationError as e:
            issues.extend(i.prefixed(f"{prefix}.{name}") for i in e.issues)
    if v.systolic is not None and v.diastolic is not None and v.diastolic >= v.systolic:
        issues.append(FieldIssue(f"{prefix}.diastolic",
                                 "The diastolic pressure must be lower than the systolic."))
    return issues


def patient_issues(p: Patient, today: date | None = None) -> list[FieldIssue]:
    issues: list[FieldIssue] = []

    def check(fieldname: str, fn: object, *args: object) -> None:
        try:
            fn(*args)  # type: ignore[operator]
        except ValidationError as e:
            issues.extend(FieldIssue(fieldname, i.message) for i in e.issues)

    check("mrn", parse_mrn, p.mrn)
    check("family_name", parse_name, p.family_name, "family name")
    check("given_name", parse_name, p.given_name, "given name")
    check("date_of_birth", check_birth_date, p.date_of_birth, today)
    if p.weight_kg is not None:
        check("weight_kg", parse_weight, p.weight_kg)
    if p.anticoagulant is not None:
        check("anticoagulant.name", parse_text, p.anticoagulant.name, "blood thinner name",
              MAX_SHORT, False)
        if not p.anticoagulant.name.strip():
            issues.append(FieldIssue("anticoagulant.name", "Enter the name of the blood thinner."))
        for code, text in p.anticoagulant.resume_instructions.texts:
            check(f"anticoagulant.resume_instructions.{code}", parse_text, text,
                  "restart instructions")
    check("allergies", parse_text, p.allergies, "allergies", 1000)
    check("escort", parse_text, p.escort, "driver's name", MAX_SHORT, False)
    check("phone", parse_text, p.phone, "phone number", 40, False)
    return issues


def validate_record(r: ProcedureRecord, now: datetime | None = None) -> list[FieldIssue]:
    """Values that are wrong whatever the state of the record; empty means it can be saved."""
    issues = [i.prefixed("patient") for i in patient_issues(r.patient)]

    def add(fieldname: str, message: str) -> None:
        issues.append(FieldIssue(fieldname, message))

    if r.performed_at.tzinfo is None:
        add("performed_at", "The procedure time needs its time zone.")
    elif now is not None and r.performed_at - now > timedelta(days=1):
        add("performed_at", "The procedure time is more than a day in the future.")
    if r.kind is ProcedureKind.MEDIAL_BRANCH_BLOCK:
        if r.block_number not in (None, 1, 2):
            add("block_number", "A medial branch block is diagnostic block 1 or 2, or therapeutic "
                                "(no number).")
    elif r.block_number is not None:
        add("block_number", f"Only medial branch blocks have a block number, not a "
                            f"{r.kind.label.lower()}.")
    seen: set[str] = set()
    for n, js in enumerate(r.joints):
        if js.joint.name in seen:
            add(f"joints[{n}].level", f"{js.joint.name} is listed twice; choose bilateral instead.")
        seen.add(js.joint.name)
    g = r.guidance
    for name, value, label, high, unit in (
        ("fluoro_time_s", g.fluoro_time_s, "fluoroscopy time", 3600, "s"),
        ("dose_mgy", g.dose_mgy, "fluoroscopy dose", 10000, "mGy"),
        ("dap_mgy_cm2", g.dap_mgy_cm2, "dose-area product", 1_000_000, "mGy·cm²"),
    ):
        if value is not None:
            try:
                parse_number(value, label, 0, high, unit)
            except ValidationError as e:
                add(f"guidance.{name}", e.issues[0].message)
    if g.contrast is not None:
        drug = find_drug(g.contrast)
        if not g.contrast.strip():
            add("guidance.contrast", "Name the contrast agent, or record that none was used.")
        elif drug is not None and drug.drug_class is not DrugClass.CONTRAST:
            add("guidance.contrast", f"{drug.name} is not a contrast agent.")
    for n, m in enumerate(r.medications):
        p = f"medications[{n}]"
        if not m.name.strip():
            add(f"{p}.name", "Enter the drug name.")
        elif m.drug is None:
            add(f"{p}.name", f'"{m.name[:40]}" is not in the medication list; pick a drug from it.')
        try:
            strength = parse_strength(m.strength)
            drug = m.drug
            if drug is not None and strength.text not in drug.strengths:
                add(f"{p}.strength", f"{drug.name} comes as {', '.join(drug.strengths)}, "
                                     f"not {m.strength}.")
        except ValidationError as e:
            add(f"{p}.strength", e.issues[0].message)
        try:
            parse_number(m.volume_ml, "volume", 0, 20, "mL", low_inclusive=False)
        except ValidationError as e:
            add(f"{p}.volume_ml", e.issues[0].message)
    for name, value in (("pain_before", r.pain_before), ("pain_after", r.pain_after)):
        if value is not None:
            try:
                parse_pain(value, name.replace("_", " "))
            except ValidationError as e:
                add(name, e.issues[0].message)
    issues += vitals_issues(r.vitals_before, "vitals_before")
    issues += vitals_issues(r.vitals_after, "vitals_after")
    for n, c in enumerate(r.complications):
        if c.kind is ComplicationKind.OTHER and not c.text.strip():
            add(f"complications[{n}].text", "Describe the complication.")
        try:
            parse_text(c.text, "complication text", 1000)
        except ValidationError as e:
            add(f"complications[{n}].text", e.issues[0].message)
    try:
        parse_text(r.notes, "notes")
    except ValidationError as e:
        add("notes", e.issues[0].message)
    # Aware times only: comparing naive with aware raises TypeError. Subtracting never
    # overflows, where performed_at + 12 h can (year 9999).
    aware = r.performed_at.tzinfo is not None
    if (aware and r.follow_up is not None and r.follow_up.tzinfo is not None
            and r.follow_up <= r.performed_at):
        add("follow_up", "The follow-up appointment must be after the procedure.")
    if aware and r.ended_at is not None and r.ended_at.tzinfo is not None and not (
        timedelta(0) <= r.ended_at - r.performed_at <= timedelta(hours=12)
    ):
        add("ended_at", "The end time must be after the start, on the same day.")
    issues += note_issues(r.note, r.performed_at)
    return issues


def missing_for_ready(r: ProcedureRecord) -> list[FieldIssue]:
    """What a complete record still needs before it can go to the physician."""
    missing: list[FieldIssue] = []

    def need(fieldname: str, message: str) -> None:
        missing.append(FieldIssue(fieldname, message))

    if r.physician is None:
        need("physician", "Choose the physician.")
    if r.nurse is None:
        need("nurse", "Choose the nurse.")
    if not r.joints:
        need("joints", "Choose at least one level and side.")
    for choice, message in CHOICES.items():  # issue 15 (5): skipped choices
        if choice in r.unanswered and (choice != "block_number"
                                       or r.kind is ProcedureKind.MEDIAL_BRANCH_BLOCK):
            need(choice, message)
    if r.guidance.modality is Modality.FLUOROSCOPY:
        if r.guidance.fluoro_time_s is None:
            need("guidance.fluoro_time_s", "Enter the fluoroscopy time.")
        if r.guidance.dose_mgy is None and r.guidance.dap_mgy_cm2 is None:
            need("guidance.dose_mgy", "Enter the fluoroscopy dose (mGy or dose-area product).")
    if not r.medications:
        need("medications", "Add the medications given.")
    if r.pain_before is None:
        need("pain_before", "Enter the pain score before the procedure.")
    if r.pain_after is None:
        need("pain_after", "Enter the pain score after the procedure.")
    for prefix, v, when in (("vitals_before", r.vitals_before, "before"),
                            ("vitals_after", r.vitals_after, "after")):
        for name in ("systolic", "diastolic", "heart_rate", "spo2"):
            if getattr(v, name) is None:
                label = VITAL_RANGES[name][0]
                need(f"{prefix}.{name}", f"Enter the {label} {when} the procedure.")
    local = any((d := m.drug) is not None and d.drug_class is DrugClass.LOCAL_ANAESTHETIC
                for m in r.medications)
    if local and r.patient.weight_kg is None:
        need("patient.weight_kg", "Enter the patient's weight to check the anaesthetic dose.")
    ac = r.patient.anticoagulant
    lang = r.patient.preferred_language
    if ac is not None and not ac.resume_instructions:
        need("patient.anticoagulant.resume_instructions",
             "Enter when the patient restarts the blood thinner, as the physician said.")
    elif ac is not None and not ac.resume_instructions.get(lang.value):
        # The handout prints in the patient's language and never translates (issue 12).
        need(f"patient.anticoagulant.resume_instructions.{lang.value}",
             f"Enter when the patient restarts the blood thinner in "
             f"{language_name(lang.value)}, the "
             "language of their handout (someone who speaks it types the physician's words).")
    missing += note_missing(r.note, r.kind, r.block_number)
    return missing
