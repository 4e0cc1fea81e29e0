"""Printed clinician texts: which they are, their languages, and addenda that correct them
(issue 12, points 1 and 2). One definition for the handout, the editor, the addendum dialog,
the command line and record JSON (STYLE.md 7).

A signed record never changes (REFERENCE.md 7.2: an addendum adds, never deletes). An addendum
may carry corrections of the texts listed in CORRECTABLE; `as_corrected` gives the record as
the patient must read it (each text as last corrected), and `changes` says which texts were
corrected and when, so the handout prints the corrected text in place, marked as changed,
and never the superseded one. The signed record, its signature and the addenda stay as they
are; the corrections are part of what each addendum's signature covers.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime

from .errors import ClinicDeskError, FieldIssue, ValidationError
from .record import Addendum, Anticoagulant, Correction, ProcedureRecord
from .signoff import addendum_hash
from .texts import LocalizedText, language_name
from .validation import MAX_SHORT, parse_datetime, parse_text

RESUME = "patient.anticoagulant.resume_instructions"
ANTICOAGULANT = "patient.anticoagulant.name"
FOLLOW_UP = "follow_up"


@dataclass(frozen=True, slots=True)
class PrintedField:
    """A clinician-entered value that prints on the handout."""

    path: str  # record-JSON path
    label: str  # "blood-thinner restart instructions" (in sentences: "The ... have no ...")
    per_language: bool  # kept per language (a text the patient reads)
    is_time: bool = False  # a date and time, printed in the handout's language
    where: str = ""  # where staff enter it in the app


CORRECTABLE: dict[str, PrintedField] = {
    RESUME: PrintedField(RESUME, "blood-thinner restart instructions", True,
                         where="the patient's details (Restart instructions)"),
    ANTICOAGULANT: PrintedField(ANTICOAGULANT, "blood-thinner name", False,
                                where="the patient's details (Blood thinner)"),
    FOLLOW_UP: PrintedField(FOLLOW_UP, "follow-up visit", False, is_time=True,
                            where="the procedure record (Follow-up)"),
}
PER_LANGUAGE = tuple(f for f in CORRECTABLE.values() if f.per_language)


def field_of(path: str) -> tuple[PrintedField, str]:
    """("patient.anticoagulant.resume_instructions.es") -> (its field, "es"); the language is
    "" for a field not kept per language, and for a per-language path given without one."""
    if path in CORRECTABLE:
        return CORRECTABLE[path], ""
    base, _, code = path.rpartition(".")
    f = CORRECTABLE.get(base)
    if f is not None and f.per_language and code in _LANGUAGES:
        return f, code
    raise ValidationError(
        f'"{path[:80]}" is not a printed text an addendum can correct; use one of: '
        + ", ".join(_examples()) + ".", "--correct")


_LANGUAGES = ("en", "es")


def _examples() -> list[str]:
    out: list[str] = []
    for f in CORRECTABLE.values():
        out.extend([f"{f.path}.{c}" for c in _LANGUAGES] if f.per_language else [f.path])
    return out


def parse_correction(spec: str) -> Correction:
    """"PATH=VALUE" (the command line's --correct) -> an unchecked Correction; the service
    checks it against the record (check_corrections)."""
    path, sep, value = spec.partition("=")
    if not sep or not path.strip():
        raise ValidationError('Write a correction as PATH=VALUE, e.g. '
                              f'"{RESUME}.en=Restart on Thursday at 8 AM."', "--correct")
    return Correction(path.strip(), value)


def make_correction(path: str, value: str, record: ProcedureRecord) -> Correction:
    f, code = field_of(path)
    where = f"--correct {path[:80]}"
    if f.per_language:
        code = code or record.patient.preferred_language.value
        text = parse_text(value, f.label)
        if not text:
            raise ValidationError(f"Write the corrected {f.label}.", where)
        if as_corrected(record).patient.anticoagulant is None:
            raise ValidationError(
                "This record lists no blood thinner; correct its name first "
                f"({ANTICOAGULANT}=NAME, in the same addendum).", where)
        return Correction(f"{f.path}.{code}", text)
    if f.is_time:
        try:
            when = parse_datetime(value, "follow-up time")
        except ValidationError as e:
            raise ValidationError(e.issues[0].message, where) from None
        if when <= record.performed_at:
            raise ValidationError("The follow-up appointment must be after the procedure.",
                                  where)
        return Correction(f.path, when.isoformat())
    text = parse_text(value, f.label, MAX_SHORT, False)
    if not text:
        raise ValidationError(f"Write the corrected {f.label}.", where)
    return Correction(f.path, text)


def check_corrections(corrections: tuple[Correction, ...],
                      record: ProcedureRecord) -> tuple[Correction, ...]:
    """Corrections as an addendum stores them: each checked, one per path, and a restart
    instruction only for a record that has (or gets, in the same addendum) a blood thinner."""
    issues: list[FieldIssue] = []
    seen: set[str] = set()
    out: list[Correction] = []
    work = record
    for c in sorted(corrections, key=lambda c: c.path != ANTICOAGULANT):  # the name first
        try:
            checked = make_correction(c.path, c.value, work)
        except ValidationError as e:
            issues.extend(e.issues)
            continue
        if checked.path in seen:
            issues.append(FieldIssue(f"--correct {checked.path}",
                                     "This text is corrected twice."))
            continue
        seen.add(checked.path)
        out.append(checked)
        work = _apply(work, checked)
    if issues:
        raise ValidationError(issues)
    return tuple(out)


def describe(c: Correction) -> str:
    """"Blood-thinner restart instructions (Spanish) corrected to: ..." for staff screens."""
    f, code = field_of(c.path)
    what = f.label[:1].upper() + f.label[1:]
    if code:
        what += f" ({language_name(code)})"
    return f"{what} corrected to: {c.value}"


def _check_signed(record: ProcedureRecord) -> None:
    for n, a in enumerate(record.addenda, 1):
        if not a.corrections:
            continue
        ok = (record.signature is not None and a.signature is not None
              and addendum_hash(record.signature.content_hash, a.author, a.created_at,
                                a.reason, a.text, a.signature.meaning, a.changes_instructions,
                                a.corrections) == a.signature.content_hash)
        if not ok:
            raise UnsignedCorrectionError(
                f"Addendum {n} of record {record.id} changes the handout but does not match "
                "its signature, so the handout is not printed. Tell your administrator "
                "(clinic-desk record verify).")


def _apply(record: ProcedureRecord, c: Correction) -> ProcedureRecord:
    f, code = field_of(c.path)
    p = record.patient
    if f.path == FOLLOW_UP:
        return replace(record, follow_up=datetime.fromisoformat(c.value))
    if f.path == ANTICOAGULANT:
        ac = p.anticoagulant or Anticoagulant(c.value)
        return replace(record, patient=replace(p, anticoagulant=replace(ac, name=c.value)))
    if p.anticoagulant is None:  # refused when the addendum was made; nothing to correct
        return record
    text = p.anticoagulant.resume_instructions.with_text(code, c.value)
    return replace(record, patient=replace(
        p, anticoagulant=replace(p.anticoagulant, resume_instructions=text)))


class UnsignedCorrectionError(ClinicDeskError):
    """An addendum's corrections do not match its signature: printing them is refused."""


def as_corrected(record: ProcedureRecord) -> ProcedureRecord:
    """The record as the patient must read it: every addendum's corrections applied, oldest
    first. The result is for printing only; it is never saved or signed.

    Trust boundary: corrections come from the `addenda` table, which is append-only below
    the application (triggers). A row added there behind Clinic Desk's back (a database
    credential) with corrections that do not match the addendum's signature hash is refused
    (UnsignedCorrectionError): the patient never reads an instruction no physician signed.
    Someone who can also recompute the hash is caught by the hash-chained audit trail
    (no `record_addendum` entry), not here."""
    _check_signed(record)
    out = record
    for a in record.addenda:
        out = apply_addendum(out, a.corrections)
    return out


def apply_addendum(record: ProcedureRecord,
                   corrections: tuple[Correction, ...]) -> ProcedureRecord:
    """One addendum's corrections. Restart instructions are one text in several languages:
    an addendum that changes the text of a language the record already had drops every
    language it does not also correct, because those still say what was superseded (a
    handout in them is then refused until a physician adds them); an addendum that only
    adds a language keeps the others."""
    out = record
    resume = {field_of(c.path)[1]: c.value for c in corrections
              if field_of(c.path)[0].path == RESUME}
    for c in sorted(corrections, key=lambda c: c.path != ANTICOAGULANT):  # the name first
        if field_of(c.path)[0].path != RESUME:
            out = _apply(out, c)
    ac = out.patient.anticoagulant
    if resume and ac is not None:
        before = ac.resume_instructions
        kept = {} if any(code in before.languages for code in resume) else before.as_dict()
        text = LocalizedText.of({**kept, **resume})
        out = replace(out, patient=replace(
            out.patient, anticoagulant=replace(ac, resume_instructions=text)))
    return out


def dropped_languages(record: ProcedureRecord,
                      corrections: tuple[Correction, ...]) -> tuple[str, ...]:
    """Languages of the restart instructions these corrections would stop printing."""
    before = as_corrected(record).patient.anticoagulant
    after = apply_addendum(as_corrected(record), corrections).patient.anticoagulant
    if before is None or after is None:
        return ()
    return tuple(c for c in before.resume_instructions.languages
                 if c not in after.resume_instructions.languages)


@dataclass(frozen=True, slots=True)
class Change:
    """A printed text an addendum corrected: when (the newest correction of it) and by whom."""

    path: str  # the field's path, without a language
    on: date
    addendum: Addendum


def changes(record: ProcedureRecord, language: str) -> dict[str, Change]:
    """Printed fields corrected by an addendum, by field path, as a handout in `language`
    shows them (a correction of another language's text does not change this one)."""
    out: dict[str, Change] = {}
    for a in record.addenda:
        for c in a.corrections:
            f, code = field_of(c.path)
            if code and code != language:
                continue
            out[f.path] = Change(f.path, a.created_at.date(), a)
    return out


@dataclass(frozen=True, slots=True)
class MissingText:
    """A printed text that has no version in the handout's language."""

    field: PrintedField
    language: str
    has: tuple[str, ...]  # the languages it does have

    @property
    def path(self) -> str:
        return f"{self.field.path}.{self.language}"


def missing_texts(record: ProcedureRecord, language: str) -> list[MissingText]:
    """Printed clinician texts of this record (as corrected) that lack `language`; a handout
    in that language must not be printed until someone adds them (no machine translation)."""
    r = as_corrected(record)
    out = []
    ac = r.patient.anticoagulant
    if ac is not None and ac.resume_instructions and not ac.resume_instructions.get(language):
        out.append(MissingText(CORRECTABLE[RESUME], language, ac.resume_instructions.languages))
    return out


class MissingTextError(ValidationError):
    """A handout was asked for in a language that one of its printed texts lacks."""

    def __init__(self, record: ProcedureRecord, missing: list[MissingText]) -> None:
        self.record_id = record.id
        self.missing = tuple(missing)
        self.signed = record.signature is not None
        super().__init__([FieldIssue(m.path, missing_text_message(m, self.signed, record.id))
                          for m in missing])


def missing_text_message(m: MissingText, signed: bool, record_id: int | None) -> str:
    """What is missing and how to add it, in the words the desk, the editor and the command
    line all show."""
    lang = language_name(m.language)
    has = " and ".join(language_name(c) for c in m.has)
    text = (f"The {m.field.label} have no {lang} text (only {has}); Clinic Desk does not "
            f"translate them. ") if m.field.label.endswith("s") else (
            f"The {m.field.label} has no {lang} text (only {has}); Clinic Desk does not "
            f"translate it. ")
    rid = record_id if record_id is not None else "ID"
    if signed:
        return text + (f"The record is signed, so a physician adds it with an addendum "
                       f"that corrects {m.path} (Addendum in the sign-off page, or "
                       f"clinic-desk record addendum {rid} --correct {m.path}=TEXT).")
    return text + f"Add the {lang} text in {m.field.where}, then print again."


def require_texts(record: ProcedureRecord, language: str) -> None:
    """Refuse (MissingTextError) a handout in a language one of its printed texts lacks."""
    missing = missing_texts(record, language)
    if missing:
        raise MissingTextError(record, missing)
