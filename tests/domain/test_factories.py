"""tests/factories.py builds valid, complete values; every other suite relies on that."""

from __future__ import annotations

import unicodedata

import pytest

from clinic_desk.domain.joints import Side, joint
from clinic_desk.domain.procedures import ProcedureKind
from clinic_desk.domain.record_format import parse_records
from clinic_desk.domain.rules import evaluate
from clinic_desk.domain.validation import (
    missing_for_ready,
    parse_name,
    patient_issues,
    validate_record,
)
from tests.factories import (
    CLINIC_TZ,
    NAMES,
    NURSE,
    PHYSICIAN,
    at,
    example_record_json,
    make_joints,
    make_medication,
    make_patient,
    make_record,
    make_vitals,
)


def test_make_record_is_valid_complete_and_quiet() -> None:
    record = make_record()
    assert validate_record(record) == []
    assert missing_for_ready(record) == []
    assert evaluate(record) == ()
    assert record.kind is ProcedureKind.MEDIAL_BRANCH_BLOCK and record.block_number == 1
    assert record.physician == PHYSICIAN and record.nurse == NURSE
    assert record.levels_text == "L4-L5 bilateral, L5-S1 left"


def test_overrides() -> None:
    record = make_record(joints="C5-6 R", pain_after=0, patient={"weight_kg": 90})
    assert record.joints == make_joints("C5-C6 right")
    assert record.pain_after == 0
    assert record.patient.weight_kg == 90
    patient = make_patient(mrn="A1001")
    assert make_record(patient=patient).patient is patient


def test_each_patient_gets_a_new_mrn() -> None:
    mrns = {make_patient().mrn for _ in range(5)} | {make_record().patient.mrn for _ in range(5)}
    assert len(mrns) == 10
    assert patient_issues(make_patient()) == []


@pytest.mark.parametrize(("given", "family"), NAMES)
def test_names_are_valid_nfc_and_usable_in_a_complete_record(given: str, family: str) -> None:
    assert parse_name(given) == given and parse_name(family) == family
    assert unicodedata.is_normalized("NFC", given + family)
    record = make_record(patient={"given_name": given, "family_name": family})
    assert validate_record(record) == [] and missing_for_ready(record) == []


def test_names_cover_many_scripts() -> None:
    scripts = {unicodedata.name(c).split()[0] for g, f in NAMES for c in g + f if c.isalpha()}
    for script in ("LATIN", "GREEK", "CYRILLIC", "CJK", "HIRAGANA", "HANGUL", "ARABIC",
                   "HEBREW", "DEVANAGARI", "THAI"):
        assert script in scripts
    text = "".join(g + f for g, f in NAMES)
    for mark in ("'", "’", "-", "ễ", "ë", " "):
        assert mark in text
    assert len(set(NAMES)) == len(NAMES)


def test_helpers() -> None:
    assert at("2026-11-24 09:30").utcoffset() == CLINIC_TZ.utcoffset(None)
    assert make_joints("L4-5 B")[0].joint == joint("L4-L5")
    assert make_joints("L4-5 B")[0].side is Side.BILATERAL
    assert make_vitals(spo2=95).spo2 == 95
    assert make_medication(volume_ml=1.0).volume_ml == 1.0


def test_example_json_is_valid_and_a_fresh_copy() -> None:
    first = example_record_json()
    first["patient"]["mrn"] = "CHANGED"
    second = example_record_json()
    assert second["patient"]["mrn"] == "A1001"
    ((record, _, _),) = parse_records(second)
    assert validate_record(record) == []
