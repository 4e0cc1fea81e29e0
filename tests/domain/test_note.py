"""The procedure-note fields (issue 14, item 1): record JSON, checks per kind, clinic defaults."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import UTC, timedelta
from pathlib import Path

import jsonschema
import pytest

from clinic_desk.domain.errors import ValidationError
from clinic_desk.domain.note import (
    LCD_KEYS,
    ConsentForm,
    DischargeCondition,
    Indication,
    MotorTest,
    NoteDefaults,
    ProcedureNote,
    RfaParameters,
    TimeOut,
    default_note,
    note_missing,
)
from clinic_desk.domain.procedures import ProcedureKind
from clinic_desk.domain.record_format import (
    canonical_json,
    content_to_json,
    loads,
    parse_record,
    record_to_json,
)
from clinic_desk.domain.validation import missing_for_ready, validate_record
from tests.factories import at, example_record_json, make_note, make_record

SCHEMA = json.loads((Path(__file__).resolve().parents[2] / "resources"
                     / "record-format.schema.json").read_text())

MBB, RFA, IA = (ProcedureKind.MEDIAL_BRANCH_BLOCK, ProcedureKind.RADIOFREQUENCY_ABLATION,
                ProcedureKind.INTRA_ARTICULAR)


def note_fields(issues: list) -> set[str]:  # type: ignore[type-arg]
    return {i.field for i in issues if i.field.startswith("note")}


class TestOldFilesStayValid:
    def test_a_record_without_note_parses_and_keeps_its_bytes(self) -> None:
        data = example_record_json()
        data.pop("note")
        record, _, _ = parse_record(data)
        assert record.note is None
        assert "note" not in content_to_json(record)
        # The canonical form (what a signature hashes) has no trace of the new field.
        assert b'"note"' not in canonical_json(record)

    def test_a_record_without_note_is_not_ready(self) -> None:
        record = make_record(note=None)
        assert validate_record(record) == []
        missing = note_fields(missing_for_ready(record))
        assert {"note.consent.form", "note.time_out.identifiers", "note.needle.gauge",
                "note.disposition.condition"} <= missing


class TestJson:
    def test_round_trip(self) -> None:
        record = make_record(kind=RFA, block_number=None)
        assert record.note is not None and record.note.rfa.lesion_time_s == 90
        again, _, _ = parse_record(content_to_json(record))
        assert again.note == record.note

    def test_example_with_note_matches_the_schema(self) -> None:
        data = example_record_json()
        jsonschema.validate(data, SCHEMA)
        record, _, _ = parse_record(data)
        assert record.note is not None
        assert record.note.consent.form is ConsentForm.WRITTEN_AND_VERBAL
        jsonschema.validate(record_to_json(record), SCHEMA)

    def test_every_problem_has_its_path(self) -> None:
        data = example_record_json()
        data["note"]["rfa"] = {"motor_test": "wiggle", "lesion_temprature_c": 80}
        data["note"]["consent"]["risks_discussed"] = "yes"
        data["note"]["needle"]["gauge"] = 3
        with pytest.raises(ValidationError) as e:
            parse_record(data)
        fields = {i.field for i in e.value.issues}
        assert fields == {"note.rfa.motor_test", "note.rfa.lesion_temprature_c",
                          "note.consent.risks_discussed"}
        data["note"]["rfa"] = {}
        data["note"]["consent"]["risks_discussed"] = True
        with pytest.raises(ValidationError) as e:
            parse_record(data)
        assert [i.field for i in e.value.issues] == ["note.needle.gauge"]
        assert "from 10 to 34 G" in e.value.issues[0].message

    def test_unknown_top_level_note_key(self) -> None:
        data = example_record_json()
        data["note"]["positon"] = "Prone"
        with pytest.raises(ValidationError) as e:
            loads(json.dumps(data))
        assert [i.field for i in e.value.issues] == ["note.positon"]

    def test_signature_hash_covers_the_note(self) -> None:
        record = make_record(id=7)
        assert record.note is not None
        changed = replace(record, note=replace(record.note, position="Supine"))
        assert canonical_json(record) != canonical_json(changed)

    def test_hash_stable_whatever_offset_the_time_out_comes_back_in(self) -> None:
        record = make_record(id=7)
        assert record.note is not None and record.note.time_out.at is not None
        utc = record.note.time_out.at.astimezone(UTC)
        moved = replace(record, note=replace(record.note, time_out=replace(
            record.note.time_out, at=utc)))
        assert canonical_json(record) == canonical_json(moved)


class TestRequiredPerKind:
    def test_default_note_makes_a_routine_block_complete(self) -> None:
        for kind, block in ((MBB, 1), (MBB, 2), (MBB, None), (IA, None)):
            note = default_note(NoteDefaults(), kind, at("2026-11-24 09:30"))
            assert note_missing(note, kind, block) == [], kind

    def test_rfa_parameters_are_never_defaulted(self) -> None:
        note = default_note(NoteDefaults(), RFA, at("2026-11-24 09:30"))
        assert note.rfa == RfaParameters()
        assert note_fields(note_missing(note, RFA, None)) == {
            "note.rfa.sensory_threshold_v", "note.rfa.motor_test",
            "note.rfa.lesion_temperature_c", "note.rfa.lesion_time_s"}

    def test_rfa_needs_its_parameters_a_block_does_not(self) -> None:
        note = make_note(MBB)
        assert note_missing(note, MBB, 1) == []
        assert note_fields(note_missing(note, RFA, None)) >= {"note.rfa.motor_test"}

    def test_lcd_statements_answered_for_diagnostic_blocks_only(self) -> None:
        note = replace(make_note(MBB), indication=Indication("Facet pain"))
        assert note_fields(note_missing(note, MBB, 1)) == {f"note.indication.{k}"
                                                           for k in LCD_KEYS}
        assert note_missing(note, MBB, None) == []
        assert note_missing(note, IA, None) == []
        # An answer of "no" is an answer: recorded, and not a missing field.
        answered = replace(note, indication=Indication("Facet pain", True, False, True, True))
        assert note_missing(answered, MBB, 2) == []

    def test_two_identifiers_site_and_time(self) -> None:
        note = replace(make_note(MBB), time_out=TimeOut(("name",), False, None))
        assert note_fields(note_missing(note, MBB, None)) == {
            "note.time_out.identifiers", "note.time_out.site_confirmed", "note.time_out.at"}

    def test_condition_at_discharge(self) -> None:
        note = make_note(MBB)
        note = replace(note, disposition=replace(note.disposition, condition=None))
        assert note_fields(note_missing(note, MBB, None)) == {"note.disposition.condition"}


class TestWrongValues:
    @pytest.mark.parametrize(("rfa", "field"), [
        (RfaParameters(sensory_threshold_v=12), "note.rfa.sensory_threshold_v"),
        (RfaParameters(lesion_temperature_c=180), "note.rfa.lesion_temperature_c"),
        (RfaParameters(lesion_time_s=0), "note.rfa.lesion_time_s"),
    ])
    def test_rfa_out_of_range(self, rfa: RfaParameters, field: str) -> None:
        record = make_record(note=replace(make_note(RFA), rfa=rfa), kind=RFA, block_number=None)
        assert [i.field for i in validate_record(record)] == [field]

    def test_time_out_on_another_day(self) -> None:
        note = make_note(MBB)
        late = replace(note, time_out=replace(note.time_out,
                                              at=at("2026-11-24 09:30") + timedelta(days=2)))
        assert [i.field for i in validate_record(make_record(note=late))] == ["note.time_out.at"]

    def test_discharge_before_the_procedure(self) -> None:
        note = make_note(MBB)
        early = replace(note, disposition=replace(note.disposition,
                                                  discharged_at=at("2026-11-24 08:00")))
        assert [i.field for i in validate_record(make_record(note=early))] == [
            "note.disposition.discharged_at"]


class TestClinicDefaults:
    def test_round_trip_and_bad_values_ignored(self) -> None:
        d = NoteDefaults(position="Prone, pillow under abdomen",
                         condition=DischargeCondition.STABLE, block_needle_gauge=25)
        assert NoteDefaults.from_dict(d.to_dict()) == d
        odd = d.to_dict() | {"block_needle_gauge": "25", "consent_form": "telepathy",
                             "identifiers": [1, 2], "escorted": "yes"}
        back = NoteDefaults.from_dict(odd)
        assert back.block_needle_gauge == NoteDefaults().block_needle_gauge
        assert back.consent_form is NoteDefaults().consent_form
        assert back.identifiers == NoteDefaults().identifiers
        assert back.escorted is NoteDefaults().escorted
        assert back.position == "Prone, pillow under abdomen"

    def test_clinic_may_leave_the_statements_unanswered(self) -> None:
        note = default_note(NoteDefaults(attest_lcd_statements=False), MBB,
                            at("2026-11-24 09:30"))
        assert all(v is None for _, _, v in note.indication.statements())
        assert note_fields(note_missing(note, MBB, 1)) == {f"note.indication.{k}"
                                                           for k in LCD_KEYS}

    def test_rfa_gets_the_cannula(self) -> None:
        d = NoteDefaults()
        note = default_note(d, RFA, None)
        assert note.needle.type == d.rfa_needle_type
        assert note.time_out.at is None
        assert isinstance(note, ProcedureNote)

    def test_motor_test_labels(self) -> None:
        assert MotorTest.NO_LIMB_RESPONSE.label.startswith("Multifidus")


def test_every_note_field_has_words() -> None:
    """Screens that name a field without its widget (the conflict dialog) use NOTE_LABELS."""
    from clinic_desk.domain.note import NOTE_LABELS
    from clinic_desk.domain.note_format import note_to_json

    def paths(prefix: str, value: object) -> list[str]:
        if isinstance(value, dict):
            return [p for k, v in value.items() for p in paths(f"{prefix}.{k}", v)]
        return [prefix]

    assert set(paths("note", note_to_json(make_note(RFA)))) == set(NOTE_LABELS)
