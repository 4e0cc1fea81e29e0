"""Record JSON v1: the issue's example, round trips, whole-file rejection and the canonical form."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, date, timedelta, timezone
from typing import Any

import pytest

from clinic_desk.domain.errors import ValidationError
from clinic_desk.domain.joints import parse_joint_sides
from clinic_desk.domain.medications import MedicationLine
from clinic_desk.domain.procedures import (
    Complication,
    ComplicationKind,
    Guidance,
    Modality,
    ProcedureKind,
    Sedation,
)
from clinic_desk.domain.record import (
    Anticoagulant,
    Language,
    Patient,
    ProcedureRecord,
    RecordStatus,
    Sex,
    Signature,
    StaffRef,
)
from clinic_desk.domain.record_format import (
    FORMAT,
    canonical_json,
    content_hash,
    content_to_json,
    loads,
    parse_record,
    parse_records,
    record_to_json,
)
from clinic_desk.domain.summary import summarize
from clinic_desk.domain.texts import LocalizedText
from tests.factories import NAMES, NURSE, PHYSICIAN, at, example_record_json, make_record


def as_read_back(record: ProcedureRecord) -> ProcedureRecord:
    """What JSON keeps of a record: staff are carried by username only."""
    return record.with_changes(
        physician=StaffRef(record.physician.username) if record.physician else None,
        nurse=StaffRef(record.nurse.username) if record.nurse else None,
    )


def issues_of(data: Any) -> list[tuple[str, str]]:
    with pytest.raises(ValidationError) as info:
        parse_records(data)
    assert info.value.issues
    return [(i.field, i.message) for i in info.value.issues]


def field_names(data: Any) -> list[str]:
    return [f for f, _ in issues_of(data)]


class TestTheExample:
    def test_parses(self) -> None:
        ((record, rec_id, version),) = loads(json.dumps(example_record_json()))
        assert (rec_id, version) == (None, None)
        p = record.patient
        assert (p.mrn, p.family_name, p.given_name) == ("A1001", "O'Brien", "Zoë")
        assert p.date_of_birth == date(1961, 3, 14)
        assert p.preferred_language is Language.ENGLISH
        assert p.weight_kg == 72
        assert not p.diabetic
        # A string is in the patient's preferred language (issue 12).
        assert p.anticoagulant == Anticoagulant(
            "apixaban", LocalizedText.single("en", "Restart tomorrow morning."))
        assert record.kind is ProcedureKind.MEDIAL_BRANCH_BLOCK
        assert record.block_number == 1
        assert record.performed_at == at("2026-11-24 09:30")
        assert record.performed_at.utcoffset() == timedelta(hours=-5)
        assert record.physician == StaffRef("drlee")
        assert record.nurse == StaffRef("nkim")
        assert record.joints == parse_joint_sides("L4-L5 B, L5-S1 L")
        assert record.guidance == Guidance(Modality.FLUOROSCOPY, 38, 4.1, None, "iohexol")
        assert record.medications == (MedicationLine("bupivacaine", "0.5%", 0.5, True),)
        assert record.sedation is Sedation.NONE
        assert (record.pain_before, record.pain_after) == (7, 2)
        assert record.complications == ()
        assert record.follow_up == at("2026-12-08 10:00")
        assert record.status is RecordStatus.DRAFT

    def test_what_the_tool_computes_from_it(self) -> None:
        ((record, _, _),) = loads(json.dumps(example_record_json()))
        summary = summarize(record)
        assert [str(t) for t in summary.targets] == [
            "L3 medial branch (bilateral)", "L4 medial branch (bilateral)",
            "L5 dorsal ramus (left)"]
        assert summary.sites == 5
        assert [str(c) for c in summary.cpt] == ["64493-50", "64494-LT"]
        assert [str(c) for c in summary.icd10] == ["M47.816", "M47.817"]
        assert summary.percent_relief == 71.4
        assert [(t.name, t.total_ml, t.total_mg) for t in summary.medication_totals] == [
            ("bupivacaine", 2.5, 12.5)]
        assert summary.warnings == ()
        assert summary.problems == ()
        # Imported without vital signs, so not yet ready for signature.
        assert {i.field for i in summary.missing} == {
            f"vitals_{when}.{v}" for when in ("before", "after")
            for v in ("systolic", "diastolic", "heart_rate", "spo2")}

    def test_a_single_object_or_a_list(self) -> None:
        one = parse_records(example_record_json())
        two = parse_records([example_record_json(), example_record_json()])
        assert len(one) == 1 and len(two) == 2
        assert two[0][0] == two[1][0] == one[0][0]

    def test_bytes(self) -> None:
        assert len(loads(json.dumps(example_record_json(), ensure_ascii=False).encode())) == 1

    def test_id_and_version_come_back_separately(self) -> None:
        data = example_record_json() | {"id": 12, "version": 3}
        ((record, rec_id, version),) = parse_records(data)
        assert (rec_id, version) == (12, 3)
        assert record.id is None and record.version == 0


class TestRoundTrip:
    def test_factory_record(self) -> None:
        record = make_record()
        back, _, _ = parse_record(content_to_json(record))
        assert back == as_read_back(record)

    def test_through_json_text(self) -> None:
        record = make_record()
        ((back, _, _),) = loads(json.dumps(content_to_json(record)))
        assert back == as_read_back(record)
        assert canonical_json(back) == canonical_json(record)

    def test_every_field_filled(self) -> None:
        record = make_record(
            patient={"sex": Sex.FEMALE, "preferred_language": Language.SPANISH,
                     "weight_kg": 61.5, "diabetic": True,
                     "anticoagulant": Anticoagulant("warfarin", "Restart on Friday."),
                     "allergies": "Iodine contrast (hives)\nLatex", "escort": "Sam O'Brien"},
            kind=ProcedureKind.INTRA_ARTICULAR, block_number=None,
            joints="C5-6 R, C6-7 R",
            guidance=Guidance(Modality.CT, fluoro_time_s=None, dose_mgy=None,
                              dap_mgy_cm2=812.5, contrast=None),
            medications=(MedicationLine("lidocaine", "1%", 1.0, False),
                         MedicationLine("Kenalog", "40 mg/mL", 0.5, False)),
            sedation=Sedation.MINIMAL,
            complications=(Complication(ComplicationKind.VASOVAGAL, "Brief; resolved lying flat"),
                           Complication(ComplicationKind.OTHER, "Itching at the site")),
            notes="Right C5-6 and C6-7.\nTolerated well.",
        )
        assert parse_record(content_to_json(record))[0] == as_read_back(record)

    @pytest.mark.parametrize(("given", "family"), NAMES)
    def test_names_in_every_script(self, given: str, family: str) -> None:
        record = make_record(patient={"given_name": given, "family_name": family})
        text = json.dumps(content_to_json(record), ensure_ascii=False)
        ((back, _, _),) = loads(text.encode("utf-8"))
        assert (back.patient.given_name, back.patient.family_name) == (given, family)

    def test_medication_names_keep_their_spelling(self) -> None:
        record = make_record(medications=(MedicationLine("Marcaine", "0.5%", 0.5),))
        assert parse_record(content_to_json(record))[0] == as_read_back(record)

    def test_full_output_reads_back_with_computed_keys_ignored(self) -> None:
        record = make_record().with_changes(id=5, version=2)
        out = record_to_json(record, summarize(record))
        for key in ("targets", "cpt", "icd10", "warnings", "medication_totals",
                    "percent_relief", "status", "procedure"):
            assert key in out
        ((back, rec_id, version),) = loads(json.dumps(out))
        assert (rec_id, version) == (5, 2)
        assert back == as_read_back(make_record(patient=record.patient))


class TestComputedKeysAreIgnored:
    def test_garbage_in_output_keys_does_not_matter(self) -> None:
        data = example_record_json() | {
            "targets": "nonsense", "cpt": [{"x": 1}], "icd10": 5, "warnings": None,
            "percent_relief": "lots", "medication_totals": {}, "procedure": 1,
            "updated_at": "yesterday", "updated_by": [], "handout_printed_at": "no",
        }
        assert len(parse_records(data)) == 1

    def test_status_and_signature_cannot_be_imported(self) -> None:
        data = example_record_json() | {
            "status": "signed",
            "signature": {"signer": "drlee", "signed_at": "2026-11-24T10:00:00-05:00",
                          "meaning": "Reviewed and approved", "content_hash": "0" * 64},
            "addenda": [{"text": "forged"}],
        }
        ((record, _, _),) = parse_records(data)
        assert record.status is RecordStatus.DRAFT
        assert record.signature is None and record.addenda == ()


class TestRejection:
    def test_one_bad_record_rejects_the_whole_file(self) -> None:
        bad = example_record_json()
        bad["patient"]["mrn"] = "A 1"
        bad["joints"][1]["level"] = "L6-S1"
        found = issues_of([example_record_json(), bad, example_record_json()])
        assert [f for f, _ in found] == ["[1].patient.mrn", "[1].joints[1].level"]
        assert "no L6 vertebra" in found[1][1]

    def test_problems_in_several_records_are_all_named(self) -> None:
        a, b = example_record_json(), example_record_json()
        a["pain_after"] = 11
        b["medications"][0]["volume_ml"] = -1
        assert field_names([a, example_record_json(), b]) == [
            "[0].pain_after", "[2].medications[0].volume_ml"]

    def test_single_object_paths_have_no_index(self) -> None:
        data = example_record_json()
        data["patient"]["given_name"] = "Zoë\x00"
        assert field_names(data) == ["patient.given_name"]

    @pytest.mark.parametrize(
        ("path", "value", "field", "why"),
        [
            (("format",), "clinic-desk/record@2", "format", 'Must be "clinic-desk/record@1"'),
            (("kind",), "epidural", "kind", "is not a procedure kind; use one of"),
            (("block_number",), 3, "block_number", "from 1 to 2"),
            (("performed_at",), "2026-11-24T09:30:00", "performed_at", "time zone offset"),
            (("performed_at",), "tomorrow", "performed_at", "not a valid procedure time"),
            (("patient", "date_of_birth"), "14/03/1961", "patient.date_of_birth",
             "use YYYY-MM-DD"),
            (("patient", "date_of_birth"), "2999-01-01", "patient.date_of_birth", "future"),
            (("patient", "weight_kg"), "heavy", "patient.weight_kg", "must be a number"),
            (("patient", "weight_kg"), True, "patient.weight_kg", "must be a number"),
            (("patient", "diabetic"), "no", "patient.diabetic", "true or false"),
            (("patient", "sex"), "x", "patient.sex", "not a sex"),
            (("patient", "preferred_language"), "fr", "patient.preferred_language",
             "not a language"),
            (("patient", "anticoagulant"), "apixaban", "patient.anticoagulant",
             "must be a JSON object"),
            (("patient", "anticoagulant", "name"), " ", "patient.anticoagulant.name",
             "Enter the name of the blood thinner"),
            (("physician",), "", "physician", "username"),
            (("physician",), "dr\x00lee", "physician", "username"),
            (("nurse",), 7, "nurse", "username"),
            (("joints",), "L4-5", "joints", "must be a list"),
            (("joints", 0), "L4-L5 B", "joints[0]", "must be a JSON object"),
            (("joints", 0, "level"), 45, "joints[0].level", "as text"),
            (("joints", 0, "side"), "middle", "joints[0].side", "not a side"),
            (("joints", 1, "level"), "L4/5", "joints[1].level", "listed twice"),
            (("guidance", "modality"), "mri", "guidance.modality", "not a guidance"),
            (("guidance", "dose_mgy"), -4, "guidance.dose_mgy", "from 0 mGy"),
            (("guidance", "fluoro_time_s"), float("nan"), "guidance.fluoro_time_s",
             "must be a number"),
            (("medications", 0, "name"), "snake oil", "medications[0].name",
             "not in the medication list"),
            (("medications", 0, "strength"), 0.5, "medications[0].strength", "text"),
            (("medications", 0, "strength"), "1%", "medications[0].strength", "comes as"),
            (("medications", 0, "volume_ml"), 0, "medications[0].volume_ml", "more than 0"),
            (("medications", 0, "per_target"), "yes", "medications[0].per_target",
             "true or false"),
            (("sedation",), "general", "sedation", "not a sedation level"),
            (("pain_before",), 7.5, "pain_before", "whole number"),
            (("complications",), ["stroke"], "complications[0]", "not a complication"),
            (("complications",), [{"kind": "other"}], "complications[0].text",
             "Describe the complication"),
            (("follow_up",), "2026-11-01T10:00:00-05:00", "follow_up", "after the procedure"),
            (("vitals_before",), {"systolic": 300}, "vitals_before.systolic", "from 50 to 260"),
            (("vitals_after",), {"systolic": 100, "diastolic": 110}, "vitals_after.diastolic",
             "lower than the systolic"),
            (("id",), 0, "id", "from 1"),
            (("version",), -1, "version", "from 0"),
        ],
    )
    def test_field_problems(self, path: tuple[str | int, ...], value: Any, field: str,
                            why: str) -> None:
        data = example_record_json()
        target: Any = data
        for step in path[:-1]:
            target = target[step]
        target[path[-1]] = value
        found = issues_of(data)
        assert [f for f, _ in found] == [field], found
        assert why in found[0][1]

    @pytest.mark.parametrize(
        ("path", "field"),
        [((), "colour"), (("patient",), "patient.nickname"),
         (("patient", "anticoagulant"), "patient.anticoagulant.dose"),
         (("joints", 0), "joints[0].laterality"), (("guidance",), "guidance.kvp"),
         (("medications", 0), "medications[0].route")],
    )
    def test_unknown_fields_are_rejected(self, path: tuple[str | int, ...], field: str) -> None:
        data = example_record_json()
        target: Any = data
        for step in path:
            target = target[step]
        target[field.rsplit(".", 1)[-1]] = "x"
        assert issues_of(data) == [(field, "Unknown field; check its spelling.")]

    @pytest.mark.parametrize(
        ("key", "field"),
        [("patient", "patient"), ("kind", "kind"), ("performed_at", "performed_at")],
    )
    def test_required_fields(self, key: str, field: str) -> None:
        data = example_record_json()
        del data[key]
        assert (field, "This field is required.") in issues_of(data)

    @pytest.mark.parametrize("key", ["mrn", "family_name", "given_name", "date_of_birth"])
    def test_required_patient_fields(self, key: str) -> None:
        data = example_record_json()
        del data["patient"][key]
        assert issues_of(data) == [(f"patient.{key}", "This field is required.")]

    def test_every_problem_in_a_record_at_once(self) -> None:
        data = example_record_json()
        data["patient"]["mrn"] = ""
        data["kind"] = "x"
        data["pain_before"] = -1
        data["sedation"] = None  # null means "not given": the default
        assert field_names(data) == ["patient.mrn", "kind", "pain_before"]

    @pytest.mark.parametrize(
        ("data", "field", "why"),
        [([], "", "holds no records"), ("text", "", "must be a JSON object"),
         ([1], "[0]", "must be a JSON object"), (None, "", "must be a JSON object")],
    )
    def test_not_records(self, data: Any, field: str, why: str) -> None:
        ((f, message),) = issues_of(data)
        assert f == field and why in message

    @pytest.mark.parametrize("text", ["", "{", "[1,]", "\ufeff{}", b"\xff\xfe\x00"])
    def test_not_json(self, text: str | bytes) -> None:
        with pytest.raises(ValidationError) as info:
            loads(text)
        assert "not valid JSON" in info.value.issues[0].message

    def test_deep_nesting_is_not_json_we_read(self) -> None:
        with pytest.raises(ValidationError):
            loads("[" * 100_000 + "]" * 100_000)


RECORD = make_record(id=41)
CHANGES: dict[str, Callable[[ProcedureRecord], ProcedureRecord]] = {
    "mrn": lambda r: r.with_changes(patient=_p(r, mrn="A1002")),
    "family_name": lambda r: r.with_changes(patient=_p(r, family_name="O'Brian")),
    "given_name": lambda r: r.with_changes(patient=_p(r, given_name="Zoe")),
    "date_of_birth": lambda r: r.with_changes(patient=_p(r, date_of_birth=date(1961, 3, 15))),
    "sex": lambda r: r.with_changes(patient=_p(r, sex=Sex.FEMALE)),
    "language": lambda r: r.with_changes(patient=_p(r, preferred_language=Language.SPANISH)),
    "weight": lambda r: r.with_changes(patient=_p(r, weight_kg=72.5)),
    "diabetic": lambda r: r.with_changes(patient=_p(r, diabetic=True)),
    "anticoagulant": lambda r: r.with_changes(
        patient=_p(r, anticoagulant=Anticoagulant("apixaban", "Tomorrow."))),
    "allergies": lambda r: r.with_changes(patient=_p(r, allergies="Latex")),
    "escort": lambda r: r.with_changes(patient=_p(r, escort="Sam")),
    "id": lambda r: r.with_changes(id=42),
    "kind": lambda r: r.with_changes(kind=ProcedureKind.INTRA_ARTICULAR, block_number=None),
    "block_number": lambda r: r.with_changes(block_number=2),
    "performed_at": lambda r: r.with_changes(performed_at=r.performed_at + timedelta(minutes=1)),
    "ended_at": lambda r: r.with_changes(ended_at=None),
    "physician": lambda r: r.with_changes(physician=StaffRef("drpatel")),
    "nurse": lambda r: r.with_changes(nurse=None),
    "side": lambda r: r.with_changes(joints=parse_joint_sides("L4-5 B, L5-S1 R")),
    "level": lambda r: r.with_changes(joints=parse_joint_sides("L3-4 B, L5-S1 L")),
    "modality": lambda r: r.with_changes(guidance=Guidance(Modality.CT, 38, 4.1, None,
                                                           "iohexol")),
    "fluoro_time": lambda r: r.with_changes(guidance=Guidance(Modality.FLUOROSCOPY, 39, 4.1,
                                                              None, "iohexol")),
    "dose": lambda r: r.with_changes(guidance=Guidance(Modality.FLUOROSCOPY, 38, 4.2, None,
                                                       "iohexol")),
    "dap": lambda r: r.with_changes(guidance=Guidance(Modality.FLUOROSCOPY, 38, 4.1, 100,
                                                      "iohexol")),
    "contrast": lambda r: r.with_changes(guidance=Guidance(Modality.FLUOROSCOPY, 38, 4.1)),
    "volume": lambda r: r.with_changes(medications=(MedicationLine("bupivacaine", "0.5%",
                                                                   0.6),)),
    "strength": lambda r: r.with_changes(medications=(MedicationLine("bupivacaine", "0.25%",
                                                                     0.5),)),
    "per_target": lambda r: r.with_changes(medications=(MedicationLine("bupivacaine", "0.5%",
                                                                       0.5, False),)),
    "drug": lambda r: r.with_changes(medications=(MedicationLine("lidocaine", "1%", 0.5),)),
    "sedation": lambda r: r.with_changes(sedation=Sedation.MINIMAL),
    "pain_before": lambda r: r.with_changes(pain_before=8),
    "pain_after": lambda r: r.with_changes(pain_after=3),
    "vitals_before": lambda r: r.with_changes(
        vitals_before=r.vitals_before.__class__(129, 78, 72, 98, 14)),
    "vitals_after": lambda r: r.with_changes(
        vitals_after=r.vitals_after.__class__(122, 76, 68, 97, 14)),
    "complications": lambda r: r.with_changes(
        complications=(Complication(ComplicationKind.VASOVAGAL),)),
    "notes": lambda r: r.with_changes(notes="Tolerated well."),
    "follow_up": lambda r: r.with_changes(follow_up=r.follow_up + timedelta(days=1)),  # type: ignore[operator]
}


def _p(r: ProcedureRecord, **changes: Any) -> Patient:
    from dataclasses import replace

    return replace(r.patient, **changes)


class TestCanonicalJson:
    def test_same_bytes_for_equal_records_built_separately(self) -> None:
        a = make_record(patient=RECORD.patient, id=41)
        b = make_record(patient=RECORD.patient, id=41)
        assert a == b
        assert canonical_json(a) == canonical_json(b)

    def test_sorted_compact_utf8(self) -> None:
        text = canonical_json(RECORD).decode("utf-8")
        data = json.loads(text)
        assert text == json.dumps(data, sort_keys=True, ensure_ascii=False,
                                  separators=(",", ":"))
        assert "Zoë" in text  # not \u00eb
        assert data["format"] == FORMAT and data["id"] == 41

    @pytest.mark.parametrize("change", sorted(CHANGES))
    def test_changes_when_any_clinical_field_changes(self, change: str) -> None:
        changed = CHANGES[change](RECORD)
        assert changed != RECORD
        assert canonical_json(changed) != canonical_json(RECORD)
        assert content_hash(changed) != content_hash(RECORD)

    def test_does_not_change_with_workflow_state(self) -> None:
        signature = Signature(PHYSICIAN, at("2026-11-24 11:00"), "Reviewed and approved",
                              content_hash(RECORD))
        for other in (
            RECORD.with_changes(status=RecordStatus.SIGNED, signature=signature),
            RECORD.with_changes(version=9, updated_at=at("2026-11-25 08:00"), updated_by="nkim"),
            RECORD.with_changes(handout_printed_at=at("2026-11-24 10:05")),
            RECORD.with_changes(physician=StaffRef("drlee"), nurse=StaffRef(NURSE.username)),
        ):
            assert canonical_json(other) == canonical_json(RECORD)

    def test_the_same_instant_in_another_offset_is_the_same_record(self) -> None:
        # Storage may hand back a time in UTC or the workstation's zone; the signature must
        # still match (REFERENCE.md 7.1, 21 CFR 11.70).
        utc = RECORD.with_changes(
            performed_at=RECORD.performed_at.astimezone(UTC),
            ended_at=RECORD.ended_at.astimezone(timezone(timedelta(hours=2))),  # type: ignore[union-attr]
            follow_up=RECORD.follow_up.astimezone(UTC))  # type: ignore[union-attr]
        assert utc == RECORD
        assert canonical_json(utc) == canonical_json(RECORD)

    def test_whole_and_fractional_numbers(self) -> None:
        a = RECORD.with_changes(patient=_p(RECORD, weight_kg=72))
        b = RECORD.with_changes(patient=_p(RECORD, weight_kg=72.0))
        assert canonical_json(a) == canonical_json(b)

    def test_content_hash_is_sha256_hex_of_the_canonical_bytes(self) -> None:
        digest = content_hash(RECORD)
        assert len(digest) == 64 and set(digest) <= set("0123456789abcdef")
        assert digest == hashlib.sha256(canonical_json(RECORD)).hexdigest()

    def test_stable_across_a_json_round_trip(self) -> None:
        back, _, _ = parse_record(content_to_json(RECORD))
        assert content_hash(back.with_changes(id=41)) == content_hash(RECORD)


def test_content_json_is_plain_json() -> None:
    data = content_to_json(make_record())
    assert json.loads(json.dumps(data)) == data
    assert data["physician"] == PHYSICIAN.username
    assert data["joints"] == [{"level": "L4-L5", "side": "bilateral"},
                              {"level": "L5-S1", "side": "left"}]


class TestTextsPerLanguage:
    """Issue 12: clinician text that prints is a string (the patient's preferred language) or
    an object of language code to text; show gives the object; the canonical form keeps old
    signatures valid."""

    def _doc(self, resume: Any, lang: str = "es") -> dict[str, Any]:
        doc = example_record_json()
        doc["patient"]["preferred_language"] = lang
        doc["patient"]["anticoagulant"] = {"name": "apixaban", "resume_instructions": resume}
        return doc

    def test_a_string_is_in_the_patients_preferred_language(self) -> None:
        ((r, _, _),) = parse_records(self._doc("Vuelva a tomarlo mañana."))
        assert r.patient.anticoagulant.resume_instructions == LocalizedText.of(
            {"es": "Vuelva a tomarlo mañana."})

    def test_an_object_keeps_each_language_and_show_gives_the_object(self) -> None:
        texts = {"en": "Restart tomorrow at 8 AM.", "es": "Vuelva a tomarlo mañana a las 8 a. m."}
        ((r, _, _),) = parse_records(self._doc(texts))
        assert r.patient.anticoagulant.resume_instructions.as_dict() == texts
        shown = record_to_json(r)["patient"]["anticoagulant"]["resume_instructions"]
        assert shown == texts
        ((one, _, _),) = parse_records(self._doc("Mañana."))
        assert record_to_json(one)["patient"]["anticoagulant"]["resume_instructions"] == {
            "es": "Mañana."}

    @pytest.mark.parametrize(("resume", "field", "why"), [
        ({"fr": "Demain."}, "patient.anticoagulant.resume_instructions.fr", "Unknown field"),
        ({"en": 3}, "patient.anticoagulant.resume_instructions.en", "must be text"),
        ({"en": "a\x00"}, "patient.anticoagulant.resume_instructions.en", "control character"),
        (["en", "x"], "patient.anticoagulant.resume_instructions", "JSON object"),
    ])
    def test_bad_texts_are_named_by_path(self, resume: Any, field: str, why: str) -> None:
        assert any(f == field and why in m for f, m in issues_of(self._doc(resume)))

    def test_the_canonical_form_of_a_one_language_text_is_the_old_string(self) -> None:
        """Records signed before texts had languages hashed a plain string: the same record
        must give the same bytes now, or its signature would stop matching."""
        r = make_record(patient={"preferred_language": Language.SPANISH, "anticoagulant":
                                 Anticoagulant("apixaban", "Mañana.")})  # type: ignore[arg-type]
        data = json.loads(canonical_json(r))
        assert data["patient"]["anticoagulant"]["resume_instructions"] == "Mañana."
        both = r.with_changes(patient=replace(r.patient, anticoagulant=Anticoagulant(
            "apixaban", LocalizedText.of({"es": "Mañana.", "en": "Tomorrow."}))))
        data = json.loads(canonical_json(both))
        assert data["patient"]["anticoagulant"]["resume_instructions"] == {
            "en": "Tomorrow.", "es": "Mañana."}
        assert content_hash(both) != content_hash(r)
