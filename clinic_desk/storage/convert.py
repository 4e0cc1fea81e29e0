"""Row <-> domain conversions; the only place that knows both shapes."""

from __future__ import annotations

import functools
import json
from collections.abc import Collection
from datetime import UTC, date, datetime, timedelta, timezone

from ..domain.joints import JointSide, Side, joint
from ..domain.medications import MedicationLine
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
from .models import (
    AddendumRow,
    ComplicationRow,
    MedicationRow,
    PatientRow,
    RecordJointRow,
    RecordRow,
    SignatureRow,
    UserRow,
)

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


def patient_from_row(row: PatientRow) -> Patient:
    return Patient(
        mrn=row.mrn,
        family_name=row.family_name,
        given_name=row.given_name,
        date_of_birth=row.date_of_birth,
        sex=Sex(row.sex),
        preferred_language=Language(row.preferred_language),
        weight_kg=row.weight_kg,
        diabetic=row.diabetic,
        anticoagulant=Anticoagulant(row.anticoagulant, row.anticoagulant_resume)
        if row.anticoagulant else None,
        allergies=row.allergies,
        escort=row.escort,
        id=row.id,
        version=row.version,
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
    row.anticoagulant = p.anticoagulant.name if p.anticoagulant else None
    row.anticoagulant_resume = p.anticoagulant.resume_instructions if p.anticoagulant else ""
    row.allergies = p.allergies
    row.escort = p.escort


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


def signature_from_row(row: SignatureRow) -> Signature:
    at = local(row.signed_at, row.signed_offset_min)
    assert at is not None
    return Signature(StaffRef(row.signer_username, row.printed_name, row.credentials), at,
                     row.meaning, row.content_hash)


def addendum_from_row(row: AddendumRow) -> Addendum:
    at = local(row.created_at, row.offset_min)
    assert at is not None
    author = StaffRef(row.author_username, row.printed_name, row.credentials)
    return Addendum(
        text=row.text, reason=row.reason, author=author, created_at=at,
        signature=Signature(author, at, row.meaning, row.content_hash),
        changes_instructions=row.changes_instructions, id=row.id,
    )


def _as_signed(p: Patient, content: str) -> Patient:
    """The patient exactly as the signature covers them: a later edit of the chart (a new
    escort, a corrected name) must not change a signed record (issue 6, 21 CFR 11.70)."""
    data = json.loads(content).get("patient") or {}
    return Patient(
        str(data["mrn"]), str(data["family_name"]), str(data["given_name"]),
        date.fromisoformat(data["date_of_birth"]), Sex(data["sex"]),
        Language(data["preferred_language"]), p.weight_kg, p.diabetic, p.anticoagulant,
        str(data.get("allergies", "")), str(data.get("escort", "")), p.id, p.version,
    )


def record_from_row(row: RecordRow, printed_at: datetime | None = None) -> ProcedureRecord:
    p = patient_from_row(row.patient)
    # The record keeps its own copy of the facts that drive the handout (see RecordRow).
    p = Patient(
        p.mrn, p.family_name, p.given_name, p.date_of_birth, p.sex, p.preferred_language,
        row.weight_kg, row.diabetic,
        Anticoagulant(row.anticoagulant, row.anticoagulant_resume) if row.anticoagulant else None,
        p.allergies, p.escort, p.id, p.version,
    )
    if row.signature is not None:
        p = _as_signed(p, row.signature.content)
    off = row.performed_offset_min
    performed = local(row.performed_at, off)
    assert performed is not None
    return ProcedureRecord(
        patient=p,
        kind=ProcedureKind(row.kind),
        performed_at=performed,
        physician=staff(row.physician),
        nurse=staff(row.nurse),
        block_number=row.block_number,
        joints=tuple(JointSide(joint(j.level), Side(j.side)) for j in row.joints),
        guidance=Guidance(Modality(row.modality), row.fluoro_time_s, row.dose_mgy,
                          row.dap_mgy_cm2, row.contrast),
        medications=tuple(MedicationLine(m.name, m.strength, m.volume_ml, m.per_target)
                          for m in row.medications),
        sedation=Sedation(row.sedation),
        pain_before=row.pain_before,
        pain_after=row.pain_after,
        vitals_before=_vitals(row.vitals_before),
        vitals_after=_vitals(row.vitals_after),
        complications=tuple(Complication(ComplicationKind(c.kind), c.text)
                            for c in row.complications),
        notes=row.notes,
        follow_up=local(row.follow_up, row.follow_up_offset_min),
        ended_at=local(row.ended_at, off),
        status=RecordStatus(row.status),
        signature=signature_from_row(row.signature) if row.signature else None,
        addenda=tuple(addendum_from_row(a) for a in row.addenda),
        handout_printed_at=local(printed_at, off),
        id=row.id,
        version=row.version,
        updated_at=local(row.updated_at, off),
        updated_by=row.updated_by,
    )


CHILDREN = ("joints", "medications", "complications")


def changed_children(r: ProcedureRecord, row: RecordRow) -> list[str]:
    """Which of the record's lists differ from the stored rows (a save rewrites only those)."""
    changed = []
    if [(j.level, j.side) for j in row.joints] != [(js.joint.name, js.side.value)
                                                    for js in r.joints]:
        changed.append("joints")
    if [(m.name, m.strength, m.volume_ml, m.per_target) for m in row.medications] != [
            (m.name, m.strength, m.volume_ml, m.per_target) for m in r.medications]:
        changed.append("medications")
    if [(c.kind, c.text) for c in row.complications] != [(c.kind.value, c.text)
                                                         for c in r.complications]:
        changed.append("complications")
    return changed


def record_to_row(r: ProcedureRecord, row: RecordRow, physician_id: int | None,
                  nurse_id: int | None, children: Collection[str] = CHILDREN) -> None:
    """Copy a record onto its row; of the lists, only those named in `children`."""
    row.kind = r.kind.value
    row.block_number = r.block_number
    row.performed_at = r.performed_at
    row.performed_offset_min = offset_min(r.performed_at)
    row.ended_at = r.ended_at
    row.follow_up = r.follow_up
    row.follow_up_offset_min = offset_min(r.follow_up) if r.follow_up else 0
    row.physician_id = physician_id
    row.nurse_id = nurse_id
    row.levels = levels_summary(r.joints)
    row.modality = r.guidance.modality.value
    row.fluoro_time_s = r.guidance.fluoro_time_s
    row.dose_mgy = r.guidance.dose_mgy
    row.dap_mgy_cm2 = r.guidance.dap_mgy_cm2
    row.contrast = r.guidance.contrast
    row.sedation = r.sedation.value
    row.pain_before = r.pain_before
    row.pain_after = r.pain_after
    row.vitals_before = _vitals_json(r.vitals_before)
    row.vitals_after = _vitals_json(r.vitals_after)
    row.notes = r.notes
    row.weight_kg = r.patient.weight_kg
    row.diabetic = r.patient.diabetic
    row.anticoagulant = r.patient.anticoagulant.name if r.patient.anticoagulant else None
    row.anticoagulant_resume = (r.patient.anticoagulant.resume_instructions
                                if r.patient.anticoagulant else "")
    if "joints" in children:
        row.joints = [RecordJointRow(position=n, level=js.joint.name, side=js.side.value)
                      for n, js in enumerate(r.joints)]
    if "medications" in children:
        row.medications = [MedicationRow(position=n, name=m.name, strength=m.strength,
                                         volume_ml=m.volume_ml, per_target=m.per_target)
                           for n, m in enumerate(r.medications)]
    if "complications" in children:
        row.complications = [ComplicationRow(position=n, kind=c.kind.value, text=c.text)
                             for n, c in enumerate(r.complications)]


def utcnow() -> datetime:
    return datetime.now(UTC)
