"""Builders for domain objects shared by every test suite (domain, storage, UI, handout, CLI).

Every builder returns a *valid* value; keyword arguments replace any field, so a test states
only what it cares about. All people here are invented; never put a real patient in a test.

    make_patient(**overrides) -> Patient
        "Zoë O'Brien", born 1961-03-14, 72 kg, English, not diabetic, no blood thinner.
        Each call gets a new MRN ("T00001", "T00002", ...) so stored patients never clash;
        pass mrn="A1001" when a test needs a fixed one.

    make_record(**overrides) -> ProcedureRecord
        A complete diagnostic medial branch block (block 1) at L4-L5 bilateral and L5-S1
        left, performed 2026-11-24 09:30 (UTC-5), as in the record-format example:
        validate_record() and missing_for_ready() both return [] and, without history, no
        coverage rule fires. Any ProcedureRecord field may be overridden; in addition
          joints=  may be text: make_record(joints="L4-5 B, L5-S1 L")
          patient= may be a dict of make_patient overrides: make_record(patient={"weight_kg": None})
        Without patient=, each record gets a new patient (and so a new MRN).

    make_joints(text) -> tuple[JointSide, ...]    "L4-5 B, L5-S1 L" -> canonical joints and sides
    make_vitals(**overrides) -> Vitals            normal adult vital signs (all four required ones)
    make_medication(**overrides) -> MedicationLine  bupivacaine 0.5%, 0.5 mL per target
    make_note(kind, performed_at, **overrides) -> ProcedureNote
                                                  the clinic-default procedure note for the kind
                                                  (issue 14), time-out at performed_at; an RFA
                                                  also gets stimulation and lesion values.
                                                  make_record() adds one unless note= is given
                                                  (note=None: a record from before issue 14).
    at(text) -> datetime                          "2026-11-24 09:30" -> aware, in CLINIC_TZ (UTC-5)
    example_record_json() -> dict                 the record JSON v1 example from the issue (a fresh
                                                  copy each call; valid, with a fixed MRN "A1001")
                                                  and, since issue 14, a complete "note"; pop it
                                                  for a file from before the note existed

    PHYSICIAN, NURSE                              StaffRef("drlee", ...), StaffRef("nkim", ...)
    CLINIC_TZ                                     timezone(-5 h), the offset the examples use
    NAMES                                         list of (given_name, family_name) in many scripts:
                                                  accents, apostrophes, hyphens, Vietnamese, Greek,
                                                  Cyrillic, CJK, Korean, Arabic, Hebrew, Devanagari,
                                                  Thai. Parametrise over it:
        @pytest.mark.parametrize(("given", "family"), NAMES)

Record JSON (clinic_desk.domain.record_format) carries staff as usernames only, so a record
that went through JSON has StaffRef("drlee") where make_record() has the printed name too.
"""

from __future__ import annotations

import copy
import itertools
from dataclasses import replace
from datetime import date, datetime, timedelta, timezone
from typing import Any

from clinic_desk.domain.joints import JointSide, parse_joint_sides
from clinic_desk.domain.medications import MedicationLine
from clinic_desk.domain.note import (
    MotorTest,
    NoteDefaults,
    ProcedureNote,
    RfaParameters,
    default_note,
)
from clinic_desk.domain.procedures import Guidance, Modality, ProcedureKind, Sedation
from clinic_desk.domain.record import Patient, ProcedureRecord, StaffRef, Vitals

__all__ = [
    "CLINIC_TZ",
    "NAMES",
    "NURSE",
    "PHYSICIAN",
    "at",
    "example_record_json",
    "make_joints",
    "make_medication",
    "make_note",
    "make_patient",
    "make_record",
    "make_vitals",
]

CLINIC_TZ = timezone(timedelta(hours=-5))

PHYSICIAN = StaffRef("drlee", "Dana Lee", "MD")
NURSE = StaffRef("nkim", "Noor Kim", "RN")

# Invented names; every one passes validation.parse_name and is NFC-normalised.
NAMES: list[tuple[str, str]] = [
    ("Zoë", "O'Brien"),
    ("Thảo", "O'Brien-Nguyễn"),
    ("José Luis", "García-Pérez"),
    ("Siobhán", "Ní Bhriain"),
    ("Renée", "D’Angelo"),
    ("Łukasz", "Wróblewski"),
    ("Søren", "Kjærgård"),
    ("Ayşe", "Yılmaz"),
    ("Jean-Baptiste", "de la Tour"),
    ("Nguyễn Thị", "Hương"),
    ("Δημήτρης", "Παπαδόπουλος"),
    ("Анна", "Иванова-Петрова"),
    ("小明", "王"),
    ("さくら", "山田"),
    ("민준", "김"),
    ("ليلى", "حداد"),
    ("נועה", "כהן"),
    ("आरव", "शर्मा"),
    ("สมชาย", "ใจดี"),
    ("Mary Ann", "St. John"),
]

_mrns = itertools.count(1)


def at(text: str) -> datetime:
    """ "2026-11-24 09:30" (or any ISO date-time without offset) as an aware time in CLINIC_TZ."""
    return datetime.fromisoformat(text).replace(tzinfo=CLINIC_TZ)


def make_patient(**overrides: Any) -> Patient:
    fields: dict[str, Any] = {
        "mrn": f"T{next(_mrns):05d}",
        "family_name": "O'Brien",
        "given_name": "Zoë",
        "date_of_birth": date(1961, 3, 14),
        "weight_kg": 72.0,
    }
    fields.update(overrides)
    return Patient(**fields)


def make_joints(text: str) -> tuple[JointSide, ...]:
    return parse_joint_sides(text)


def make_vitals(**overrides: Any) -> Vitals:
    fields: dict[str, Any] = {"systolic": 128, "diastolic": 78, "heart_rate": 72, "spo2": 98,
                              "resp_rate": 14}
    fields.update(overrides)
    return Vitals(**fields)


def make_medication(**overrides: Any) -> MedicationLine:
    fields: dict[str, Any] = {"name": "bupivacaine", "strength": "0.5%", "volume_ml": 0.5,
                              "per_target": True}
    fields.update(overrides)
    return MedicationLine(**fields)


def make_note(kind: ProcedureKind = ProcedureKind.MEDIAL_BRANCH_BLOCK,
              performed_at: datetime | None = None, **overrides: Any) -> ProcedureNote:
    note = default_note(NoteDefaults(), kind, performed_at or at("2026-11-24 09:30"))
    if kind is ProcedureKind.RADIOFREQUENCY_ABLATION:
        # Invented test values, not clinical guidance (REFERENCE.md 1.2: UNCONFIRMED).
        note = replace(note, rfa=RfaParameters(0.4, MotorTest.NO_LIMB_RESPONSE, 80, 90))
    return replace(note, **overrides)


def make_record(**overrides: Any) -> ProcedureRecord:
    patient = overrides.pop("patient", None)
    if patient is None:
        patient = make_patient()
    elif isinstance(patient, dict):
        patient = make_patient(**patient)
    joints = overrides.pop("joints", "L4-L5 B, L5-S1 L")
    if isinstance(joints, str):
        joints = make_joints(joints)
    fields: dict[str, Any] = {
        "patient": patient,
        "kind": ProcedureKind.MEDIAL_BRANCH_BLOCK,
        "block_number": 1,
        "performed_at": at("2026-11-24 09:30"),
        "ended_at": at("2026-11-24 09:55"),
        "physician": PHYSICIAN,
        "nurse": NURSE,
        "joints": tuple(joints),
        "guidance": Guidance(Modality.FLUOROSCOPY, fluoro_time_s=38, dose_mgy=4.1,
                             contrast="iohexol"),
        "medications": (make_medication(),),
        "sedation": Sedation.NONE,
        "pain_before": 7,
        "pain_after": 2,
        "vitals_before": make_vitals(),
        "vitals_after": make_vitals(systolic=122, diastolic=76, heart_rate=68),
        "follow_up": at("2026-12-08 10:00"),
    }
    fields.update(overrides)
    if "note" not in overrides:
        fields["note"] = make_note(fields["kind"], fields["performed_at"])
    return ProcedureRecord(**fields)


_EXAMPLE: dict[str, Any] = {
    "format": "clinic-desk/record@1",
    "patient": {
        "mrn": "A1001", "family_name": "O'Brien", "given_name": "Zoë",
        "date_of_birth": "1961-03-14", "preferred_language": "en", "weight_kg": 72,
        "diabetic": False,
        "anticoagulant": {"name": "apixaban", "resume_instructions": "Restart tomorrow morning."},
    },
    "kind": "medial_branch_block", "block_number": 1,
    "performed_at": "2026-11-24T09:30:00-05:00",
    "physician": "drlee", "nurse": "nkim",
    "joints": [{"level": "L4-L5", "side": "bilateral"}, {"level": "L5-S1", "side": "left"}],
    "guidance": {"modality": "fluoroscopy", "fluoro_time_s": 38, "dose_mgy": 4.1,
                 "contrast": "iohexol"},
    "medications": [{"name": "bupivacaine", "strength": "0.5%", "volume_ml": 0.5,
                     "per_target": True}],
    "sedation": "none", "pain_before": 7, "pain_after": 2, "complications": [],
    "follow_up": "2026-12-08T10:00:00-05:00",
    "note": {
        "indication": {"text": "Diagnostic medial branch block to determine whether the facet "
                               "joints are the source of pain.",
                       "pain_3_months": True, "conservative_care_failed": True,
                       "no_untreated_radiculopathy": True, "no_other_cause": True},
        "consent": {"form": "written_and_verbal", "risks_discussed": True},
        "time_out": {"identifiers": ["name", "date of birth"], "site_confirmed": True,
                     "at": "2026-11-24T09:30:00-05:00"},
        "position": "Prone", "skin_prep": "ChloraPrep, sterile drapes",
        "needle": {"gauge": 22, "length_mm": 89, "type": "Quincke spinal needle, bent tip"},
        "disposition": {"condition": "stable", "escorted": True},
    },
}


def example_record_json() -> dict[str, Any]:
    return copy.deepcopy(_EXAMPLE)
