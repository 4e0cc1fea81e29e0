"""Row <-> domain conversions; the only place that knows both shapes."""

from __future__ import annotations

import functools
import json
from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any

from ..domain.joints import JointSide, Side, joint
from ..domain.medications import MedicationLine
from ..domain.note import ProcedureNote
from ..domain.note_format import note_to_json, parse_note
from ..domain.procedures import (
    Complication,
    ComplicationKind,
    Guidance,
    Modality,
    ProcedureKind,
    Sedation,
)
from ..domain.record import (
    Addendum,
    Anticoagulant,
    Correction,
    Language,
    Patient,
    ProcedureRecord,
    RecordStatus,
    Sex,
    Signature,
    StaffRef,
    Vitals,
    search_key,
)
from ..domain.texts import LocalizedText
from .models import PatientRow, UserRow

SIDE_ABBREV = {Side.LEFT: "L", Side.RIGHT: "R", Side.BILATERAL: "B"}


def offset_min(value: datetime) -> int:
    off = value.utcoffset()
    return int(off.total_seconds() // 60) if off is not None else 0


@functools.cache
def offset_zone(minutes: int) -> timezone:
    """One shared tzinfo per offset: lists convert thousands of times to a handful of them."""
    return timezone(timedelta(minutes=minutes))


def local(value: datetime | None, minutes: int) -> datetime | None:
    """A stored UTC time shown in the offset it was entered with."""
    if value is None:
        return None
    return value.astimezone(offset_zone(minutes))


def staff(row: UserRow | None) -> StaffRef | None:
    if row is None:
        return None
    return StaffRef(row.username, row.full_name, row.credentials)


def anticoagulant(name: str | None, legacy: str, texts: str | None,
                  language: str) -> Anticoagulant | None:
    """The blood thinner from its columns: `texts` is JSON {language: text}; NULL on rows from
    before migration 0005, whose single text is in the patient's preferred `language`."""
    if not name:
        return None
    if texts is None:
        return Anticoagulant(name, LocalizedText.single(language, legacy or ""))
    data = json.loads(texts)
    return Anticoagulant(name, LocalizedText.of({str(k): str(v) for k, v in data.items()}))


def anticoagulant_columns(a: Anticoagulant | None, language: str) -> tuple[str | None, str,
                                                                          str | None]:
    """(name, text in the preferred language for older readers, JSON of every language)."""
    if a is None:
        return None, "", None
    texts = a.resume_instructions
    return (a.name, texts.get(language),
            json.dumps(texts.as_dict(), ensure_ascii=False, sort_keys=True))


def patient_from_row(row: Any) -> Patient:
    """A patient from `patients` columns (an ORM row, or any object with them)."""
    return Patient(
        mrn=row.mrn,
        family_name=row.family_name,
        given_name=row.given_name,
        date_of_birth=row.date_of_birth,
        sex=Sex(row.sex),
        preferred_language=Language(row.preferred_language),
        weight_kg=row.weight_kg,
        diabetic=row.diabetic,
        anticoagulant=anticoagulant(row.anticoagulant, row.anticoagulant_resume,
                                    row.anticoagulant_resume_texts, row.preferred_language),
        allergies=row.allergies,
        escort=row.escort,
        id=row.id,
        version=row.version,
        phone=row.phone,
    )


def patient_to_row(p: Patient, row: PatientRow) -> None:
    row.mrn = p.mrn
    row.family_name = p.family_name
    row.given_name = p.given_name
    row.family_key = search_key(p.family_name)
    row.given_key = search_key(p.given_name)
    row.date_of_birth = p.date_of_birth
    row.sex = p.sex.value
    row.preferred_language = p.preferred_language.value
    row.weight_kg = p.weight_kg
    row.diabetic = p.diabetic
    (row.anticoagulant, row.anticoagulant_resume,
     row.anticoagulant_resume_texts) = anticoagulant_columns(p.anticoagulant,
                                                              p.preferred_language.value)
    row.allergies = p.allergies
    row.escort = p.escort
    row.phone = p.phone


def levels_summary(joints: tuple[JointSide, ...]) -> str:
    return ", ".join(f"{js.joint.name} {SIDE_ABBREV[js.side]}" for js in joints)


def _vitals(text: str) -> Vitals:
    data = json.loads(text or "{}")
    return Vitals(**{k: data.get(k) for k in ("systolic", "diastolic", "heart_rate", "spo2",
                                              "resp_rate")})


def _vitals_json(v: Vitals) -> str:
    data = {k: getattr(v, k) for k in ("systolic", "diastolic", "heart_rate", "spo2", "resp_rate")
            if getattr(v, k) is not None}
    return json.dumps(data, sort_keys=True)


def signature_from_row(row: Any) -> Signature:
    at = local(row.signed_at, row.signed_offset_min)
    assert at is not None
    return Signature(StaffRef(row.signer_username, row.printed_name, row.credentials), at,
                     row.meaning, row.content_hash, row.steroid_reason or "",
                     getattr(row, "signature", None))


def addendum_from_row(row: Any) -> Addendum:
    at = local(row.created_at, row.offset_min)
    assert at is not None
    author = StaffRef(row.author_username, row.printed_name, row.credentials)
    corrections = tuple(Correction(str(c["path"]), str(c["value"]))
                        for c in json.loads(row.corrections or "[]"))
    return Addendum(
        text=row.text, reason=row.reason, author=author, created_at=at,
        signature=Signature(author, at, row.meaning, row.content_hash,
                            ed25519=getattr(row, "signature", None)),
        changes_instructions=row.changes_instructions, id=row.id, corrections=corrections,
    )


def corrections_json(corrections: tuple[Correction, ...]) -> str:
    return json.dumps([{"path": c.path, "value": c.value} for c in corrections],
                      ensure_ascii=False)


def _as_signed(p: Patient, content: str, ac: Anticoagulant | None) -> Patient:
    """The patient exactly as the signature covers them: a later edit of the chart (a new
    escort, a corrected name) must not change a signed record (issue 6, 21 CFR 11.70)."""
    data = json.loads(content).get("patient") or {}
    return Patient(
        str(data["mrn"]), str(data["family_name"]), str(data["given_name"]),
        date.fromisoformat(data["date_of_birth"]), Sex(data["sex"]),
        Language(data["preferred_language"]), p.weight_kg, p.diabetic, ac,
        str(data.get("allergies", "")), str(data.get("escort", "")), p.id, p.version,
    )


def _signed_language(content: str) -> str:
    return str((json.loads(content).get("patient") or {})["preferred_language"])


def record_from_columns(c: Any, chart: Patient, physician: StaffRef | None,
                        nurse: StaffRef | None, joints: tuple[JointSide, ...],
                        medications: tuple[MedicationLine, ...],
                        complications: tuple[Complication, ...], signature: Any | None,
                        addenda: tuple[Addendum, ...] = (),
                        printed_at: datetime | None = None) -> ProcedureRecord:
    """A record from its `records` columns (any object with them as attributes: a result row,
    or the values a save just wrote), its patient's chart and its lists."""
    # The record keeps its own copy of the facts that drive the handout (see RecordRow).
    # A text from before migration 0005 is in the preferred language the record had: for a
    # signed record, the one its signature covers.
    language = (_signed_language(signature.content) if signature is not None
                else chart.preferred_language.value)
    ac = anticoagulant(c.anticoagulant, c.anticoagulant_resume,
                       getattr(c, "anticoagulant_resume_texts", None), language)
    p = Patient(
        chart.mrn, chart.family_name, chart.given_name, chart.date_of_birth, chart.sex,
        chart.preferred_language, c.weight_kg, c.diabetic, ac,
        chart.allergies, chart.escort, chart.id, chart.version,
    )
    if signature is not None:
        p = _as_signed(p, signature.content, ac)
    off = c.performed_offset_min
    performed = local(c.performed_at, off)
    assert performed is not None
    return ProcedureRecord(
        patient=p,
        kind=ProcedureKind(c.kind),
        performed_at=performed,
        physician=physician,
        nurse=nurse,
        block_number=c.block_number,
        joints=joints,
        guidance=Guidance(Modality(c.modality), c.fluoro_time_s, c.dose_mgy,
                          c.dap_mgy_cm2, c.contrast),
        medications=medications,
        sedation=Sedation(c.sedation),
        pain_before=c.pain_before,
        pain_after=c.pain_after,
        vitals_before=_vitals(c.vitals_before),
        vitals_after=_vitals(c.vitals_after),
        complications=complications,
        notes=c.notes,
        note=note_from_column(c.note),
        follow_up=local(c.follow_up, c.follow_up_offset_min),
        ended_at=local(c.ended_at, off),
        status=(RecordStatus.VOID if getattr(c, "voided_at", None) is not None
                else RecordStatus(c.status)),
        signature=signature_from_row(signature) if signature is not None else None,
        addenda=addenda,
        handout_printed_at=local(printed_at, off),
        id=c.id,
        version=c.version,
        updated_at=local(c.updated_at, off),
        updated_by=c.updated_by,
        status_note=getattr(c, "status_note", None) or "",
        unanswered=frozenset(filter(None, (getattr(c, "unanswered", None) or "").split(","))),
    )


def note_column(note: ProcedureNote | None) -> str | None:
    """The procedure note as stored: record JSON's `note` object, as text (issue 14)."""
    if note is None:
        return None
    return json.dumps(note_to_json(note), sort_keys=True, ensure_ascii=False)


def note_from_column(text: str | None) -> ProcedureNote | None:
    if not text:
        return None
    note, issues = parse_note(json.loads(text))
    if issues:  # only Clinic Desk writes this column, after validation
        raise ValueError(f"stored procedure note is not valid: {issues[0].field}")
    return note


CHILDREN = ("joints", "medications", "complications")


def changed_children(new: ProcedureRecord, stored: ProcedureRecord) -> list[str]:
    """Which of the record's lists differ from the stored ones (a save rewrites only those)."""
    return [name for name in CHILDREN if getattr(new, name) != getattr(stored, name)]


def record_columns(r: ProcedureRecord, physician_id: int | None,
                   nurse_id: int | None) -> dict[str, Any]:
    """The `records` columns a save writes from a record (not status, version or audit)."""
    name, legacy, texts = anticoagulant_columns(r.patient.anticoagulant,
                                                r.patient.preferred_language.value)
    return {
        "kind": r.kind.value,
        "block_number": r.block_number,
        "performed_at": r.performed_at,
        "performed_offset_min": offset_min(r.performed_at),
        "ended_at": r.ended_at,
        "follow_up": r.follow_up,
        "follow_up_offset_min": offset_min(r.follow_up) if r.follow_up else 0,
        "physician_id": physician_id,
        "nurse_id": nurse_id,
        "levels": levels_summary(r.joints),
        "modality": r.guidance.modality.value,
        "fluoro_time_s": r.guidance.fluoro_time_s,
        "dose_mgy": r.guidance.dose_mgy,
        "dap_mgy_cm2": r.guidance.dap_mgy_cm2,
        "contrast": r.guidance.contrast,
        "sedation": r.sedation.value,
        "pain_before": r.pain_before,
        "pain_after": r.pain_after,
        "vitals_before": _vitals_json(r.vitals_before),
        "vitals_after": _vitals_json(r.vitals_after),
        "notes": r.notes,
        "unanswered": ",".join(sorted(r.unanswered)) or None,
        "note": note_column(r.note),
        "weight_kg": r.patient.weight_kg,
        "diabetic": r.patient.diabetic,
        "anticoagulant": name,
        "anticoagulant_resume": legacy,
        "anticoagulant_resume_texts": texts,
    }


def child_rows(r: ProcedureRecord, name: str, record_id: int) -> list[dict[str, Any]]:
    """The rows of one of the record's lists (CHILDREN), in order."""
    if name == "joints":
        return [{"record_id": record_id, "position": n, "level": js.joint.name,
                 "side": js.side.value} for n, js in enumerate(r.joints)]
    if name == "medications":
        return [{"record_id": record_id, "position": n, "name": m.name, "strength": m.strength,
                 "volume_ml": m.volume_ml, "per_target": m.per_target}
                for n, m in enumerate(r.medications)]
    return [{"record_id": record_id, "position": n, "kind": c.kind.value, "text": c.text}
            for n, c in enumerate(r.complications)]


def joint_side(level: str, side: str) -> JointSide:
    return JointSide(joint(level), Side(side))


def medication_line(name: str, strength: str, volume_ml: float,
                    per_target: bool) -> MedicationLine:
    return MedicationLine(name, strength, volume_ml, per_target)


def complication(kind: str, text: str) -> Complication:
    return Complication(ComplicationKind(kind), text)


def utcnow() -> datetime:
    return datetime.now(UTC)
