"""Record JSON, version 1 ("clinic-desk/record@1"): parsing, output and the canonical form.

docs/record-format.md describes the format; resources/record-format.schema.json is its JSON
Schema. Parsing collects every problem with its field path, so one bad file is reported in
full; nothing here touches storage. `canonical_json` is the stable form a signature hashes.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from datetime import UTC, date, datetime
from typing import Any, TypeVar

from .errors import FieldIssue, ValidationError
from .joints import JointSide, normalize_selection, parse_level, parse_side
from .medications import MedicationLine, parse_strength
from .note_format import note_to_json, parse_note
from .procedures import Complication, ComplicationKind, Guidance, Modality, ProcedureKind, Sedation
from .record import (
    CHOICES,
    Addendum,
    Anticoagulant,
    Language,
    Patient,
    ProcedureRecord,
    Sex,
    Signature,
    StaffRef,
    Vitals,
)
from .summary import RecordSummary
from .texts import LocalizedText
from .validation import (
    MAX_SHORT,
    VITAL_RANGES,
    check_birth_date,
    parse_date,
    parse_datetime,
    parse_int,
    parse_mrn,
    parse_name,
    parse_number,
    parse_pain,
    parse_text,
    parse_weight,
    validate_record,
)

FORMAT = "clinic-desk/record@1"
MAX_RECORDS = 10_000
# One import file at most (docs/record-format.md): a 200 MB file once took 408 MB of memory.
# A record is 2-4 KB, so 1 MiB holds a few hundred; bigger batches go in several files.
MAX_FILE_BYTES = 1024 * 1024

_PATIENT_KEYS = {"mrn", "family_name", "given_name", "date_of_birth", "sex", "preferred_language",
                 "weight_kg", "diabetic", "anticoagulant", "allergies", "escort"}
_INPUT_KEYS = {"format", "id", "version", "patient", "kind", "block_number", "performed_at",
               "ended_at", "physician", "nurse", "joints", "guidance", "medications", "sedation",
               "pain_before", "pain_after", "vitals_before", "vitals_after", "complications",
               "notes", "follow_up", "unanswered", "note"}
_OUTPUT_KEYS = {"status", "targets", "cpt", "icd10", "percent_relief", "warnings",
                "medication_totals", "signature", "addenda", "handout_printed_at", "updated_at",
                "updated_by", "procedure"}

T = TypeVar("T")


class _Reader:
    """Reads fields from one JSON object, collecting issues instead of stopping at the first."""

    def __init__(self) -> None:
        self.issues: list[FieldIssue] = []

    def get(self, obj: Mapping[str, Any], key: str, path: str, fn: Callable[[Any], T],
            default: T, required: bool = False) -> T:
        if key not in obj or obj[key] is None:
            if required:
                self.issues.append(FieldIssue(path, "This field is required."))
            return default
        try:
            return fn(obj[key])
        except ValidationError as e:
            self.issues.extend(FieldIssue(path, i.message) if not i.field else i.prefixed(path)
                               for i in e.issues)
            return default

    def obj(self, value: Any, path: str) -> Mapping[str, Any] | None:
        if not isinstance(value, Mapping):
            self.issues.append(FieldIssue(path, "This must be a JSON object."))
            return None
        return value

    def keys(self, obj: Mapping[str, Any], allowed: set[str], path: str) -> None:
        for key in obj:
            if not isinstance(key, str) or key not in allowed:
                shown = str(key)[:40]
                where = f"{path}.{shown}" if path else shown
                self.issues.append(FieldIssue(where, "Unknown field; check its spelling."))


def _enum(cls: type[Any], what: str) -> Callable[[Any], Any]:
    def parse(value: Any) -> Any:
        # Every value is text. Anything else is not looked up: Enum's own error message
        # takes the repr of the value, which overflows the stack for deeply nested lists.
        if isinstance(value, str):
            try:
                return cls(value)
            except ValueError:
                pass
        options = ", ".join(m.value for m in cls)
        shown = f'"{value[:30]}"' if isinstance(value, str) else "This value"
        raise ValidationError(f"{shown} is not a {what}; use one of: {options}.")
    return parse


def _bool(value: Any) -> bool:
    if not isinstance(value, bool):
        raise ValidationError("Use true or false.")
    return value


def _username(value: Any) -> StaffRef:
    if not isinstance(value, str) or not value.strip() or len(value) > 64:
        raise ValidationError("Give the username of an existing user.")
    name = value.strip()
    # Control characters or lone surrogates would also break canonical_json's UTF-8.
    if any(not c.isprintable() or c.isspace() for c in name):
        raise ValidationError("A username has no spaces or hidden characters; check it.")
    return StaffRef(name)


def _dob(value: Any) -> date:
    d = parse_date(value, "date of birth")
    check_birth_date(d)
    return d


def _patient(r: _Reader, value: Any, path: str) -> Patient | None:
    obj = r.obj(value, path)
    if obj is None:
        return None
    r.keys(obj, _PATIENT_KEYS, path)
    before = len(r.issues)
    mrn = r.get(obj, "mrn", f"{path}.mrn", parse_mrn, "", required=True)
    family = r.get(obj, "family_name", f"{path}.family_name",
                   lambda v: parse_name(v, "family name"), "", required=True)
    given = r.get(obj, "given_name", f"{path}.given_name",
                  lambda v: parse_name(v, "given name"), "", required=True)
    dob = r.get(obj, "date_of_birth", f"{path}.date_of_birth", _dob, date(1900, 1, 1),
                required=True)
    sex = r.get(obj, "sex", f"{path}.sex", _enum(Sex, "sex"), Sex.UNKNOWN)
    lang = r.get(obj, "preferred_language", f"{path}.preferred_language",
                 _enum(Language, "language"), Language.ENGLISH)
    weight = r.get(obj, "weight_kg", f"{path}.weight_kg", parse_weight, None)
    diabetic = r.get(obj, "diabetic", f"{path}.diabetic", _bool, False)
    anticoag: Anticoagulant | None = None
    if obj.get("anticoagulant") is not None:
        ac = r.obj(obj["anticoagulant"], f"{path}.anticoagulant")
        if ac is not None:
            r.keys(ac, {"name", "resume_instructions"}, f"{path}.anticoagulant")
            name = r.get(ac, "name", f"{path}.anticoagulant.name",
                         lambda v: parse_text(v, "blood thinner name", MAX_SHORT, False), "",
                         required=True)
            if "name" in ac and isinstance(ac["name"], str) and not ac["name"].strip():
                r.issues.append(FieldIssue(f"{path}.anticoagulant.name",
                                           "Enter the name of the blood thinner."))
            resume = _localized(r, ac, "resume_instructions",
                                f"{path}.anticoagulant.resume_instructions",
                                "restart instructions", lang)
            anticoag = Anticoagulant(name, resume)
    allergies = r.get(obj, "allergies", f"{path}.allergies",
                      lambda v: parse_text(v, "allergies", 1000), "")
    escort = r.get(obj, "escort", f"{path}.escort",
                   lambda v: parse_text(v, "driver's name", MAX_SHORT, False), "")
    if len(r.issues) > before:
        return None
    return Patient(mrn, family, given, dob, sex, lang, weight, diabetic, anticoag, allergies,
                   escort)


def _localized(r: _Reader, obj: Mapping[str, Any], key: str, path: str, what: str,
               language: Language) -> LocalizedText:
    """A printed clinician text: a string (in the patient's preferred language) or an object
    of language code to text, {"en": "...", "es": "..."} (issue 12)."""
    value = obj.get(key)
    if value is None:
        return LocalizedText()
    if isinstance(value, str):
        return LocalizedText.single(
            language.value, r.get(obj, key, path, lambda v: parse_text(v, what), ""))
    texts = r.obj(value, path)
    if texts is None:
        return LocalizedText()
    codes = {lang.value for lang in Language}
    r.keys(texts, codes, path)
    got = {code: r.get(texts, code, f"{path}.{code}", lambda v: parse_text(v, what), "")
           for code in codes if code in texts}
    return LocalizedText.of(got)


def _list(r: _Reader, obj: Mapping[str, Any], key: str, limit: int = 100) -> Sequence[Any]:
    value = obj.get(key)
    if value is None:
        return []
    if not isinstance(value, list):
        r.issues.append(FieldIssue(key, "This must be a list."))
        return []
    if len(value) > limit:
        r.issues.append(FieldIssue(key, f"At most {limit} entries."))
        return []
    return value


def _vitals(r: _Reader, value: Any, path: str) -> Vitals:
    if value is None:
        return Vitals()
    obj = r.obj(value, path)
    if obj is None:
        return Vitals()
    r.keys(obj, set(VITAL_RANGES), path)
    got: dict[str, int | None] = {}
    for name, (label, low, high, unit) in VITAL_RANGES.items():
        got[name] = r.get(obj, name, f"{path}.{name}", _int_reader(label, low, high, unit), None)
    return Vitals(**got)


def _int_reader(label: str, low: int, high: int, unit: str) -> Callable[[Any], int]:
    def read(value: Any) -> int:
        return parse_int(value, label, low, high, unit)
    return read


def parse_record(value: Any) -> tuple[ProcedureRecord, int | None, int | None]:
    """One record object -> (record, id it updates or None, version it was read at or None)."""
    r = _Reader()
    obj = r.obj(value, "")
    if obj is None:
        raise ValidationError(r.issues)
    r.keys(obj, _INPUT_KEYS | _OUTPUT_KEYS, "")
    if obj.get("format") != FORMAT:
        r.issues.append(FieldIssue("format", f'Must be "{FORMAT}".'))
    rec_id = r.get(obj, "id", "id", lambda v: parse_int(v, "record id", 1, 2**62), None)
    version = r.get(obj, "version", "version", lambda v: parse_int(v, "version", 0, 2**62), None)
    patient = _patient(r, obj.get("patient"), "patient") if "patient" in obj else None
    if "patient" not in obj:
        r.issues.append(FieldIssue("patient", "This field is required."))
    kind = r.get(obj, "kind", "kind", _enum(ProcedureKind, "procedure kind"),
                 ProcedureKind.MEDIAL_BRANCH_BLOCK, required=True)
    block = r.get(obj, "block_number", "block_number",
                  lambda v: parse_int(v, "block number", 1, 2), None)
    performed = r.get(obj, "performed_at", "performed_at",
                      lambda v: parse_datetime(v, "procedure time"), None, required=True)
    ended = r.get(obj, "ended_at", "ended_at", lambda v: parse_datetime(v, "end time"), None)
    follow = r.get(obj, "follow_up", "follow_up",
                   lambda v: parse_datetime(v, "follow-up time"), None)
    physician = r.get(obj, "physician", "physician", _username, None)
    nurse = r.get(obj, "nurse", "nurse", _username, None)

    joints: list[JointSide] = []
    seen: set[str] = set()
    for n, item in enumerate(_list(r, obj, "joints", 30)):
        p = f"joints[{n}]"
        jo = r.obj(item, p)
        if jo is None:
            continue
        r.keys(jo, {"level", "side"}, p)
        lvl = r.get(jo, "level", f"{p}.level", _level, None, required=True)
        side = r.get(jo, "side", f"{p}.side", _side, None, required=True)
        if lvl is not None and side is not None:
            if lvl.name in seen:
                r.issues.append(FieldIssue(f"{p}.level",
                                           f"{lvl.name} is listed twice; use side bilateral."))
            seen.add(lvl.name)
            joints.append(JointSide(lvl, side))

    guidance = Guidance()
    if obj.get("guidance") is not None:
        go = r.obj(obj["guidance"], "guidance")
        if go is not None:
            r.keys(go, {"modality", "fluoro_time_s", "dose_mgy", "dap_mgy_cm2", "contrast"},
                   "guidance")
            guidance = Guidance(
                modality=r.get(go, "modality", "guidance.modality",
                               _enum(Modality, "guidance"), Modality.FLUOROSCOPY),
                fluoro_time_s=r.get(go, "fluoro_time_s", "guidance.fluoro_time_s",
                                    lambda v: parse_number(v, "fluoroscopy time", 0, 3600, "s"),
                                    None),
                dose_mgy=r.get(go, "dose_mgy", "guidance.dose_mgy",
                               lambda v: parse_number(v, "fluoroscopy dose", 0, 10000, "mGy"),
                               None),
                dap_mgy_cm2=r.get(go, "dap_mgy_cm2", "guidance.dap_mgy_cm2",
                                  lambda v: parse_number(v, "dose-area product", 0, 1_000_000),
                                  None),
                contrast=r.get(go, "contrast", "guidance.contrast",
                               lambda v: parse_text(v, "contrast agent", 60, False) or None, None),
            )

    meds: list[MedicationLine] = []
    for n, item in enumerate(_list(r, obj, "medications", 20)):
        p = f"medications[{n}]"
        mo = r.obj(item, p)
        if mo is None:
            continue
        r.keys(mo, {"name", "strength", "volume_ml", "per_target"}, p)
        name = r.get(mo, "name", f"{p}.name",
                      lambda v: parse_text(v, "drug name", 60, False), "", required=True)
        strength = r.get(mo, "strength", f"{p}.strength", _strength, "", required=True)
        volume = r.get(mo, "volume_ml", f"{p}.volume_ml",
                       lambda v: parse_number(v, "volume", 0, 20, "mL", low_inclusive=False),
                       0.0, required=True)
        per_target = r.get(mo, "per_target", f"{p}.per_target", _bool, True)
        meds.append(MedicationLine(name, strength, volume, per_target))

    complications: list[Complication] = []
    for n, item in enumerate(_list(r, obj, "complications", 20)):
        p = f"complications[{n}]"
        if isinstance(item, str):
            if item == "none":
                continue
            kind_c = r.get({"k": item}, "k", p, _enum(ComplicationKind, "complication"), None)
            if kind_c is not None:
                complications.append(Complication(kind_c))
            continue
        co = r.obj(item, p)
        if co is None:
            continue
        r.keys(co, {"kind", "text"}, p)
        kind_c = r.get(co, "kind", f"{p}.kind", _enum(ComplicationKind, "complication"), None,
                       required=True)
        text = r.get(co, "text", f"{p}.text", lambda v: parse_text(v, "complication text", 1000),
                     "")
        if kind_c is not None:
            complications.append(Complication(kind_c, text))

    record = ProcedureRecord(
        patient=patient or Patient("X", "X", "X", date(1900, 1, 1)),
        kind=kind,
        performed_at=performed or datetime(2000, 1, 1).astimezone(),
        physician=physician,
        nurse=nurse,
        block_number=block,
        joints=normalize_selection(joints),
        guidance=guidance,
        medications=tuple(meds),
        sedation=r.get(obj, "sedation", "sedation", _enum(Sedation, "sedation level"),
                       Sedation.NONE),
        pain_before=r.get(obj, "pain_before", "pain_before",
                          lambda v: parse_pain(v, "pain before"), None),
        pain_after=r.get(obj, "pain_after", "pain_after", lambda v: parse_pain(v, "pain after"),
                         None),
        vitals_before=_vitals(r, obj.get("vitals_before"), "vitals_before"),
        vitals_after=_vitals(r, obj.get("vitals_after"), "vitals_after"),
        complications=tuple(complications),
        notes=r.get(obj, "notes", "notes", lambda v: parse_text(v, "notes"), ""),
        follow_up=follow,
        ended_at=ended,
        unanswered=r.get(obj, "unanswered", "unanswered", _unanswered, frozenset()),
    )
    if obj.get("note") is not None:
        note, note_problems = parse_note(obj["note"])
        r.issues.extend(note_problems)
        record = replace(record, note=note)
    if not r.issues:
        r.issues.extend(validate_record(record))
    if r.issues:
        raise ValidationError(r.issues)
    return record, rec_id, version


def _unanswered(v: Any) -> frozenset[str]:
    """Choices not made yet (issue 15): a list of names from record.CHOICES."""
    if not isinstance(v, list) or not all(isinstance(x, str) and x in CHOICES for x in v):
        raise ValidationError("Must be a list of: " + ", ".join(CHOICES) + ".")
    return frozenset(v)


def _strength(v: Any) -> str:
    if not isinstance(v, str):
        raise ValidationError('Give the strength as text, e.g. "0.5%" or "40 mg/mL".')
    return parse_strength(v).text


def _level(v: Any) -> Any:
    if not isinstance(v, str):
        raise ValidationError('Give the level as text, e.g. "L4-L5".')
    return parse_level(v)


def _side(v: Any) -> Any:
    if not isinstance(v, str):
        raise ValidationError("Use left, right or bilateral.")
    return parse_side(v)


def parse_records(data: Any) -> list[tuple[ProcedureRecord, int | None, int | None]]:
    """A record object or a list of them; any invalid record rejects the whole file."""
    items = data if isinstance(data, list) else [data]
    if not items:
        raise ValidationError("The file holds no records.")
    if len(items) > MAX_RECORDS:
        raise ValidationError(f"At most {MAX_RECORDS} records in one file.")
    issues: list[FieldIssue] = []
    parsed = []
    for n, item in enumerate(items):
        try:
            parsed.append(parse_record(item))
        except ValidationError as e:
            prefix = f"[{n}]" if isinstance(data, list) else ""
            issues.extend(i.prefixed(prefix) if prefix else i for i in e.issues)
    if issues:
        raise ValidationError(issues)
    return parsed


def _duplicate_paths(value: Any, dups: Mapping[int, list[str]], path: str,
                     out: list[FieldIssue]) -> None:
    """Walk the decoded document and name where each duplicated key was."""
    stack = [(value, path)]
    while stack:  # iterative: a deeply nested file must not overflow the stack here
        item, where = stack.pop()
        if isinstance(item, dict):
            for key in dups.get(id(item), ()):
                shown = key[:40]
                out.append(FieldIssue(f"{where}.{shown}" if where else shown,
                                      "This field appears twice in the same object; give it "
                                      "once."))
            stack.extend((v, f"{where}.{k[:40]}" if where else k[:40])
                         for k, v in reversed(list(item.items())))
        elif isinstance(item, list):
            stack.extend((v, f"{where}[{n}]") for n, v in reversed(list(enumerate(item))))


def decode_json(text: str | bytes) -> Any:
    """Record JSON text -> plain values, refusing what `json.loads` lets through: a field given
    twice in one object (the last one silently wins, so the file says two things) and a text
    over MAX_FILE_BYTES."""
    size = len(text.encode("utf-8", "surrogatepass") if isinstance(text, str) else text)
    if size > MAX_FILE_BYTES:
        raise ValidationError(file_too_large_message())
    dups: dict[int, list[str]] = {}
    keep: list[dict[str, Any]] = []  # objects with duplicates stay alive, so ids stay unique

    def pairs(items: list[tuple[str, Any]]) -> dict[str, Any]:
        obj: dict[str, Any] = {}
        for key, value in items:
            if key in obj:
                if id(obj) not in dups:
                    keep.append(obj)
                dups.setdefault(id(obj), []).append(key)
            obj[key] = value
        return obj

    try:
        data = json.loads(text, object_pairs_hook=pairs)
    except (ValueError, RecursionError) as e:
        raise ValidationError(f"The file is not valid JSON ({str(e)[:80]}).") from None
    if dups:
        issues: list[FieldIssue] = []
        # A duplicate inside a value that a later duplicate replaced is no longer in the
        # tree; the duplicate that replaced it is, and is named.
        _duplicate_paths(data, dups, "", issues)
        raise ValidationError(issues)
    return data


def file_too_large_message() -> str:
    return (f"The file is larger than {MAX_FILE_BYTES // 1024} KiB, the most one import takes "
            f"(docs/record-format.md); split it into several files.")


def loads(text: str | bytes) -> list[tuple[ProcedureRecord, int | None, int | None]]:
    return parse_records(decode_json(text))


def _dt(value: datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def _num(value: float | None) -> float | int | None:
    if value is None:
        return None
    return int(value) if float(value).is_integer() else value


def patient_to_json(p: Patient, compact_texts: bool = False) -> dict[str, Any]:
    """A patient as record JSON. Texts kept per language are objects; `compact_texts` writes
    a text that has only the patient's preferred language as a plain string, the form that
    signatures made before issue 12 covered (canonical_json uses it, so they still match)."""
    resume: Any = None
    if p.anticoagulant is not None:
        texts = p.anticoagulant.resume_instructions
        resume = texts.as_dict()
        if compact_texts and texts.languages in ((), (p.preferred_language.value,)):
            resume = texts.get(p.preferred_language.value)
    return {
        "mrn": p.mrn,
        "family_name": p.family_name,
        "given_name": p.given_name,
        "date_of_birth": p.date_of_birth.isoformat(),
        "sex": p.sex.value,
        "preferred_language": p.preferred_language.value,
        "weight_kg": _num(p.weight_kg),
        "diabetic": p.diabetic,
        "anticoagulant": None if p.anticoagulant is None else {
            "name": p.anticoagulant.name,
            "resume_instructions": resume,
        },
        "allergies": p.allergies,
        "escort": p.escort,
    }


def _vitals_json(v: Vitals) -> dict[str, int | None]:
    return {name: getattr(v, name) for name in VITAL_RANGES}


def content_to_json(r: ProcedureRecord, compact_texts: bool = False) -> dict[str, Any]:
    """The clinical content of a record: what a signature covers and an import carries
    (`compact_texts`: see patient_to_json)."""
    out: dict[str, Any] = {
        "format": FORMAT,
        "patient": patient_to_json(r.patient, compact_texts),
        "kind": r.kind.value,
        "block_number": r.block_number,
        "performed_at": _dt(r.performed_at),
        "ended_at": _dt(r.ended_at),
        "physician": r.physician.username if r.physician else None,
        "nurse": r.nurse.username if r.nurse else None,
        "joints": [{"level": js.joint.name, "side": js.side.value} for js in r.joints],
        "guidance": {
            "modality": r.guidance.modality.value,
            "fluoro_time_s": _num(r.guidance.fluoro_time_s),
            "dose_mgy": _num(r.guidance.dose_mgy),
            "dap_mgy_cm2": _num(r.guidance.dap_mgy_cm2),
            "contrast": r.guidance.contrast,
        },
        "medications": [
            {"name": m.name, "strength": m.strength, "volume_ml": _num(m.volume_ml),
             "per_target": m.per_target}
            for m in r.medications
        ],
        "sedation": r.sedation.value,
        "pain_before": r.pain_before,
        "pain_after": r.pain_after,
        "vitals_before": _vitals_json(r.vitals_before),
        "vitals_after": _vitals_json(r.vitals_after),
        "complications": [{"kind": c.kind.value, "text": c.text} for c in r.complications],
        "notes": r.notes,
        "follow_up": _dt(r.follow_up),
        # Issue 15 (5): only while a choice is still open, so a complete record's JSON (and
        # the hash a signature covers) is as before.
        **({"unanswered": sorted(r.unanswered)} if r.unanswered else {}),
    }
    if r.note is not None:  # absent, not null: a record without one keeps its old bytes
        out["note"] = note_to_json(r.note)
    return out


def signature_to_json(s: Signature) -> dict[str, Any]:
    return {
        "signer": s.signer.username,
        "printed_name": s.signer.full_name,
        "credentials": s.signer.credentials,
        "signed_at": s.signed_at.isoformat(),
        "meaning": s.meaning,
        "content_hash": s.content_hash,
        "steroid_reason": s.steroid_reason,
    }


def addendum_to_json(a: Addendum) -> dict[str, Any]:
    return {
        "id": a.id,
        "text": a.text,
        "reason": a.reason,
        "author": a.author.username,
        "created_at": a.created_at.isoformat(),
        "changes_instructions": a.changes_instructions,
        "corrections": [{"path": c.path, "value": c.value} for c in a.corrections],
        "signature": signature_to_json(a.signature) if a.signature else None,
    }


def record_to_json(r: ProcedureRecord, summary: RecordSummary | None = None) -> dict[str, Any]:
    """The full record as `record show --json` prints it, with what the tool computed."""
    out: dict[str, Any] = {"id": r.id, "version": r.version, "status": r.status.value}
    out.update(content_to_json(r))
    out["procedure"] = r.title
    out["signature"] = signature_to_json(r.signature) if r.signature else None
    out["addenda"] = [addendum_to_json(a) for a in r.addenda]
    out["handout_printed_at"] = _dt(r.handout_printed_at)
    out["updated_at"] = _dt(r.updated_at)
    out["percent_relief"] = r.percent_relief
    if summary is not None:
        out["targets"] = [t.as_json() for t in summary.targets]
        out["cpt"] = [str(c) for c in summary.cpt]
        out["icd10"] = [str(c) for c in summary.icd10]
        out["medication_totals"] = [
            {"name": t.name, "total_ml": _num(t.total_ml), "total_mg": _num(t.total_mg),
             "max_mg": _num(t.max_mg)}
            for t in summary.medication_totals
        ]
        out["warnings"] = [w.as_json() for w in summary.warnings]
    return out


def canonical_json(r: ProcedureRecord) -> bytes:
    """Stable bytes of the record's content and identity (sorted keys, UTF-8, no spaces)."""
    content = content_to_json(r, compact_texts=True)
    content["id"] = r.id
    # Times in UTC: equal records (the same instants) must give the same bytes whatever offset
    # storage hands a time back in, or a signature would stop matching its record.
    for key in ("performed_at", "ended_at", "follow_up"):
        content[key] = _utc(getattr(r, key))
    if r.note is not None:
        content["note"]["time_out"]["at"] = _utc(r.note.time_out.at)
        content["note"]["disposition"]["discharged_at"] = _utc(r.note.disposition.discharged_at)
    return json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()


def _utc(value: datetime | None) -> str | None:
    if value is None or value.utcoffset() is None:
        return _dt(value)
    try:
        return value.astimezone(UTC).isoformat()
    except OverflowError:  # within hours of year 1 or 9999; validation rejects those years
        return value.isoformat()


def content_hash(r: ProcedureRecord) -> str:
    return hashlib.sha256(canonical_json(r)).hexdigest()
