"""Field parsers, `validate_record` and `missing_for_ready`: the right field and a plain message."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from clinic_desk.domain.errors import FieldIssue, ValidationError
from clinic_desk.domain.joints import JointSide, Side, joint
from clinic_desk.domain.medications import MedicationLine
from clinic_desk.domain.procedures import (
    Complication,
    ComplicationKind,
    Guidance,
    Modality,
    ProcedureKind,
)
from clinic_desk.domain.record import Anticoagulant, Language, Vitals, percent_relief
from clinic_desk.domain.texts import LocalizedText
from clinic_desk.domain.validation import (
    check_birth_date,
    missing_for_ready,
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
from tests.factories import NAMES, at, make_patient, make_record, make_vitals


def message_of(fn: object, *args: object) -> str:
    with pytest.raises(ValidationError) as info:
        fn(*args)  # type: ignore[operator]
    issues = info.value.issues
    assert len(issues) == 1
    assert issues[0].message.strip()
    return issues[0].message


def fields(issues: list[FieldIssue]) -> list[str]:
    return [i.field for i in issues]


def only(issues: list[FieldIssue], field: str) -> str:
    """The message of the one issue at `field`, failing if there are others."""
    assert fields(issues) == [field], issues
    return issues[0].message


class TestNames:
    @pytest.mark.parametrize(
        "name",
        ["Zoë", "O'Brien-Nguyễn", "王", "Δημήτρης", "Анна", "Jean-Baptiste", "D’Angelo",
         "St. John", "Mary Ann", "ليلى", "नेहा"] + [n for pair in NAMES for n in pair],
    )
    def test_accepts_names_in_any_script(self, name: str) -> None:
        assert parse_name(name) == name

    def test_normalises_spaces_and_composition(self) -> None:
        assert parse_name("  Mary   Ann ") == "Mary Ann"
        assert parse_name("Zoe\u0308") == "Zoë"  # decomposed e + diaeresis -> NFC

    def test_exactly_100_characters_is_allowed(self) -> None:
        assert parse_name("a" * 100) == "a" * 100

    @pytest.mark.parametrize(
        ("name", "why"),
        [
            ("", "Enter the name"),
            ("   ", "Enter the name"),
            (None, "Enter the name"),
            (42, "Enter the name"),
            ("a" * 101, "too long (at most 100 characters)"),
            ("Zo\x00ë", "hidden control character"),
            ("Zo\u202eë", "hidden control character"),  # right-to-left override
            ("Zo\u200bë", "hidden control character"),  # zero-width space
            ("Zo\të", "hidden control character"),
            ("Zo\në", "hidden control character"),
            ("Ann\x1fa", "hidden control character"),
            ("Ann\x85a", "hidden control character"),
            ("12345", 'cannot contain "1"'),
            ("Anna2", 'cannot contain "2"'),
            ("<script>", 'cannot contain "<"'),
            ("Robert'); DROP TABLE patients;--", 'cannot contain ")"'),
            ("Ann😀", 'cannot contain "😀"'),
            ("'-.", "at least one letter"),
        ],
    )
    def test_rejects(self, name: object, why: str) -> None:
        assert why in message_of(parse_name, name)

    def test_the_message_names_the_field(self) -> None:
        assert message_of(parse_name, "", "family name") == "Enter the family name."


class TestMrn:
    @pytest.mark.parametrize(
        ("typed", "mrn"),
        [("A1001", "A1001"), ("a1001", "A1001"), (" A1001 ", "A1001"), ("12-345", "12-345"),
         ("0", "0"), ("Z" * 20, "Z" * 20), ("Ａ１", "A1")],
    )
    def test_accepts(self, typed: str, mrn: str) -> None:
        assert parse_mrn(typed) == mrn

    @pytest.mark.parametrize(
        ("typed", "why"),
        [("", "Enter the medical record number"), (None, "Enter the medical record number"),
         (1001, "Enter the medical record number"), ("A 1001", "1 to 20 letters"),
         ("-A1", "starting with a letter or digit"), ("A" * 21, "1 to 20"), ("Ä1", "A-Z"),
         ("A_1", "A-Z, 0-9, -"), ("A1\n2", "1 to 20"), ("A1'--", "1 to 20")],
    )
    def test_rejects(self, typed: object, why: str) -> None:
        assert why in message_of(parse_mrn, typed)


class TestDates:
    def test_parse_date(self) -> None:
        assert parse_date("1961-03-14") == date(1961, 3, 14)
        assert parse_date(date(1961, 3, 14)) == date(1961, 3, 14)

    @pytest.mark.parametrize(
        ("typed", "why"),
        [("", "Enter the date (YYYY-MM-DD)"), ("14/03/1961", "use YYYY-MM-DD, e.g. 1961-03-14"),
         ("1961-02-30", "not a valid date"), (None, "Enter the date"),
         (datetime(2026, 1, 1, tzinfo=UTC), "Enter the date")],
    )
    def test_parse_date_rejects(self, typed: object, why: str) -> None:
        assert why in message_of(parse_date, typed)

    def test_birth_date(self) -> None:
        check_birth_date(date(1961, 3, 14), today=date(2026, 11, 24))
        check_birth_date(date(2026, 11, 24), today=date(2026, 11, 24))
        check_birth_date(date(1900, 1, 1), today=date(2026, 11, 24))
        assert "in the future" in message_of(check_birth_date, date(2026, 11, 25),
                                             date(2026, 11, 24))
        assert "before 1900" in message_of(check_birth_date, date(1899, 12, 31),
                                           date(2026, 11, 24))

    def test_parse_datetime_keeps_the_offset(self) -> None:
        value = parse_datetime("2026-11-24T09:30:00-05:00")
        assert value == at("2026-11-24 09:30")
        assert value.utcoffset() == timedelta(hours=-5)
        assert parse_datetime("2026-11-24T14:30:00Z") == at("2026-11-24 09:30")

    @pytest.mark.parametrize(
        ("typed", "why"),
        [("2026-11-24T09:30:00", "needs its time zone offset"),
         (datetime(2026, 11, 24, 9, 30), "needs its time zone offset"),
         ("24/11/2026 9:30", "is not a valid date and time"),
         ("2026-11-24T25:00:00-05:00", "is not a valid"), ("", "Enter the date and time"),
         (None, "Enter the date and time"), (1700000000, "Enter the date and time"),
         ("0001-01-01T00:00:00+05:00", "year"), ("9999-12-31T23:00:00-05:00", "year")],
    )
    def test_parse_datetime_rejects(self, typed: object, why: str) -> None:
        assert why in message_of(parse_datetime, typed)


class TestNumbers:
    @pytest.mark.parametrize(("typed", "value"), [(7, 7), (0, 0), (10, 10), (7.0, 7), ("7", 7),
                                                  (" 3 ", 3)])
    def test_pain(self, typed: object, value: int) -> None:
        assert parse_pain(typed) == value

    @pytest.mark.parametrize(
        ("typed", "why"),
        [(-1, "from 0 to 10"), (11, "from 0 to 10"), (2.5, "whole number"),
         (True, "must be a number"), ("seven", "must be a number"), (None, "must be a number"),
         (float("nan"), "must be a number"), (float("inf"), "must be a number"),
         (10**400, "from 0 to 10")],
    )
    def test_pain_rejects(self, typed: object, why: str) -> None:
        assert why in message_of(parse_pain, typed)

    def test_weight(self) -> None:
        assert parse_weight(72) == 72.0
        assert parse_weight("72,5") == 72.5
        assert "from 2 kg to 400 kg" in message_of(parse_weight, 0)
        assert "from 2 kg to 400 kg" in message_of(parse_weight, 401)
        assert "from 2 kg to 400 kg" in message_of(parse_weight, 10**400)
        assert "must be a number" in message_of(parse_weight, "1e400")

    def test_exclusive_lower_bound(self) -> None:
        assert "from more than 0 mL to 20 mL" in message_of(
            parse_number, 0, "volume", 0, 20, "mL", False)
        assert parse_number(0.1, "volume", 0, 20, "mL", low_inclusive=False) == 0.1

    def test_big_integers_stay_exact(self) -> None:
        assert parse_int(2**62 - 1, "id", 1, 2**62) == 2**62 - 1
        assert parse_int(2**53 + 1, "id", 1, 2**62) == 2**53 + 1
        assert "from 1 to" in message_of(parse_int, 2**62 + 1, "id", 1, 2**62)


class TestText:
    def test_multiline_text_keeps_new_lines(self) -> None:
        assert parse_text(" line 1\nline 2\r\n\tindented ", "notes") == (
            "line 1\nline 2\r\n\tindented")

    def test_single_line_text_rejects_new_lines(self) -> None:
        assert "hidden control character" in message_of(
            parse_text, "a\nb", "driver's name", 200, False)

    def test_none_is_empty(self) -> None:
        assert parse_text(None, "notes") == ""

    @pytest.mark.parametrize(("value", "why"), [(5, "must be text"), ("x" * 4001, "too long"),
                                                ("a\x07b", "hidden control character")])
    def test_rejects(self, value: object, why: str) -> None:
        assert why in message_of(parse_text, value, "notes")


class TestPercentRelief:
    @pytest.mark.parametrize(
        ("before", "after", "relief"),
        [(7, 2, 71.4), (10, 2, 80.0), (10, 0, 100.0), (5, 5, 0.0), (4, 6, -50.0),
         (9, 2, 77.8), (0, 0, None), (0, 3, None), (None, 2, None), (7, None, None)],
    )
    def test_relative_to_the_baseline(self, before: int | None, after: int | None,
                                      relief: float | None) -> None:
        assert percent_relief(before, after) == relief

    def test_record_property(self) -> None:
        assert make_record(pain_before=8, pain_after=2).percent_relief == 75.0


class TestValidateRecord:
    def test_the_factory_record_is_valid_and_complete(self) -> None:
        record = make_record()
        assert validate_record(record) == []
        assert missing_for_ready(record) == []

    @pytest.mark.parametrize(
        ("patient", "field", "why"),
        [
            ({"mrn": "A 1"}, "patient.mrn", "1 to 20 letters"),
            ({"family_name": ""}, "patient.family_name", "Enter the family name"),
            ({"given_name": "Zoë2"}, "patient.given_name", 'given name cannot contain "2"'),
            ({"given_name": "Zo\x00ë"}, "patient.given_name", "hidden control character"),
            ({"date_of_birth": date(2999, 1, 1)}, "patient.date_of_birth", "in the future"),
            ({"weight_kg": 1}, "patient.weight_kg", "from 2 kg to 400 kg"),
            ({"anticoagulant": Anticoagulant("  ", "tomorrow")}, "patient.anticoagulant.name",
             "Enter the name of the blood thinner"),
            ({"anticoagulant": Anticoagulant("apixaban", "a\x00")},
             "patient.anticoagulant.resume_instructions.en", "hidden control character"),
            ({"allergies": "x" * 1001}, "patient.allergies", "too long (at most 1000"),
            ({"escort": "Sam\nSmith"}, "patient.escort", "driver's name contains a hidden"),
        ],
    )
    def test_patient_fields(self, patient: dict[str, object], field: str, why: str) -> None:
        assert why in only(validate_record(make_record(patient=patient)), field)

    @pytest.mark.parametrize(
        ("changes", "field", "why"),
        [
            ({"block_number": 3}, "block_number", "diagnostic block 1 or 2, or therapeutic"),
            ({"block_number": 0}, "block_number", "diagnostic block 1 or 2"),
            ({"kind": ProcedureKind.RADIOFREQUENCY_ABLATION, "block_number": 1}, "block_number",
             "Only medial branch blocks have a block number, not a radiofrequency ablation"),
            ({"kind": ProcedureKind.INTRA_ARTICULAR, "block_number": 2}, "block_number",
             "not a intra-articular facet injection"),
            ({"joints": (JointSide(joint("L4-L5"), Side.LEFT),
                         JointSide(joint("L4-L5"), Side.RIGHT))},
             "joints[1].level", "L4-L5 is listed twice; choose bilateral"),
            ({"guidance": Guidance(fluoro_time_s=-1, dose_mgy=4)}, "guidance.fluoro_time_s",
             "fluoroscopy time must be from 0 s to 3600 s"),
            ({"guidance": Guidance(fluoro_time_s=30, dose_mgy=10001)}, "guidance.dose_mgy",
             "fluoroscopy dose"),
            ({"guidance": Guidance(fluoro_time_s=30, dap_mgy_cm2=float("nan"))},
             "guidance.dap_mgy_cm2", "must be a number"),
            ({"guidance": Guidance(fluoro_time_s=30, dose_mgy=4, contrast=" ")},
             "guidance.contrast", "Name the contrast agent"),
            ({"guidance": Guidance(fluoro_time_s=30, dose_mgy=4, contrast="triamcinolone")},
             "guidance.contrast", "triamcinolone is not a contrast agent"),
            ({"medications": (MedicationLine(" ", "0.5%", 0.5),)}, "medications[0].name",
             "Enter the drug name"),
            ({"medications": (MedicationLine("snake oil", "0.5%", 0.5),)}, "medications[0].name",
             '"snake oil" is not in the medication list'),
            ({"medications": (MedicationLine("bupivacaine", "1%", 0.5),)},
             "medications[0].strength", "bupivacaine comes as 0.25%, 0.5%, 0.75%, not 1%"),
            ({"medications": (MedicationLine("bupivacaine", "lots", 0.5),)},
             "medications[0].strength", "is not a strength"),
            ({"medications": (MedicationLine("bupivacaine", "0.5%", 0),)},
             "medications[0].volume_ml", "from more than 0 mL to 20 mL"),
            ({"medications": (MedicationLine("bupivacaine", "0.5%", 25),)},
             "medications[0].volume_ml", "from more than 0 mL to 20 mL"),
            ({"pain_before": 11}, "pain_before", "from 0 to 10"),
            ({"pain_after": -1}, "pain_after", "from 0 to 10"),
            ({"vitals_before": make_vitals(systolic=300)}, "vitals_before.systolic",
             "systolic blood pressure must be from 50 to 260 mmHg"),
            ({"vitals_after": make_vitals(spo2=101)}, "vitals_after.spo2",
             "oxygen saturation must be from 50 to 100 %"),
            ({"vitals_after": make_vitals(heart_rate=10)}, "vitals_after.heart_rate",
             "heart rate"),
            ({"vitals_before": make_vitals(resp_rate=2)}, "vitals_before.resp_rate",
             "breathing rate"),
            ({"vitals_before": make_vitals(systolic=80, diastolic=80)},
             "vitals_before.diastolic", "diastolic pressure must be lower than the systolic"),
            ({"vitals_after": make_vitals(systolic=90, diastolic=120)},
             "vitals_after.diastolic", "lower than the systolic"),
            ({"complications": (Complication(ComplicationKind.OTHER),)}, "complications[0].text",
             "Describe the complication"),
            ({"complications": (Complication(ComplicationKind.BLEEDING, "a\x00"),)},
             "complications[0].text", "hidden control character"),
            ({"notes": "x" * 4001}, "notes", "too long"),
            ({"follow_up": at("2026-11-24 09:30")}, "follow_up",
             "follow-up appointment must be after the procedure"),
            ({"ended_at": at("2026-11-24 09:00")}, "ended_at", "end time must be after the start"),
            ({"ended_at": at("2026-11-24 22:00")}, "ended_at", "on the same day"),
            ({"performed_at": datetime(2026, 11, 24, 9, 30), "follow_up": None, "ended_at": None},
             "performed_at", "needs its time zone"),
        ],
    )
    def test_record_fields(self, changes: dict[str, object], field: str, why: str) -> None:
        assert why in only(validate_record(make_record(**changes)), field)

    def test_naive_times_do_not_crash_the_comparisons(self) -> None:
        issues = validate_record(make_record(performed_at=datetime(2026, 11, 24, 9, 30)))
        assert "performed_at" in fields(issues)

    def test_mbb_block_numbers(self) -> None:
        for number in (None, 1, 2):
            assert validate_record(make_record(block_number=number)) == []
        for kind in (ProcedureKind.INTRA_ARTICULAR, ProcedureKind.RADIOFREQUENCY_ABLATION):
            assert validate_record(make_record(kind=kind, block_number=None)) == []

    def test_future_procedure_needs_now(self) -> None:
        record = make_record()
        now = at("2026-11-22 08:00")
        assert "more than a day in the future" in only(validate_record(record, now=now),
                                                       "performed_at")
        assert validate_record(record, now=at("2026-11-23 10:00")) == []

    def test_every_problem_is_reported_at_once(self) -> None:
        record = make_record(pain_before=12, pain_after=-3, notes="a\x00",
                             patient={"mrn": "", "family_name": "7"})
        assert fields(validate_record(record)) == [
            "patient.mrn", "patient.family_name", "pain_before", "pain_after", "notes"]

    def test_brand_names_and_catalogue_strengths_are_accepted(self) -> None:
        meds = (MedicationLine("Marcaine", "0.25%", 0.5),
                MedicationLine("lidocaine", "2%", 1, False),
                MedicationLine("Kenalog", "40 mg/mL", 1, False))
        record = make_record(medications=meds, block_number=None)
        assert validate_record(record) == []

    def test_messages_are_plain_sentences(self) -> None:
        record = make_record(pain_before=12, vitals_before=make_vitals(spo2=30),
                             medications=(MedicationLine("bupivacaine", "1%", 30),))
        issues = validate_record(record)
        assert len(issues) == 4
        for issue in issues:
            assert issue.message.endswith(".")
            assert "None" not in issue.message and "Error" not in issue.message


class TestMissingForReady:
    @pytest.mark.parametrize(
        ("changes", "field", "why"),
        [
            ({"physician": None}, "physician", "Choose the physician"),
            ({"nurse": None}, "nurse", "Choose the nurse"),
            ({"joints": ()}, "joints", "at least one level and side"),
            ({"guidance": Guidance(Modality.FLUOROSCOPY, dose_mgy=4.1)},
             "guidance.fluoro_time_s", "Enter the fluoroscopy time"),
            ({"guidance": Guidance(Modality.FLUOROSCOPY, fluoro_time_s=38)}, "guidance.dose_mgy",
             "Enter the fluoroscopy dose"),
            ({"medications": ()}, "medications", "Add the medications given"),
            ({"pain_before": None}, "pain_before", "pain score before the procedure"),
            ({"pain_after": None}, "pain_after", "pain score after the procedure"),
            ({"vitals_before": make_vitals(systolic=None)}, "vitals_before.systolic",
             "Enter the systolic blood pressure before the procedure"),
            ({"vitals_before": make_vitals(diastolic=None)}, "vitals_before.diastolic",
             "diastolic blood pressure before"),
            ({"vitals_after": make_vitals(heart_rate=None)}, "vitals_after.heart_rate",
             "heart rate after the procedure"),
            ({"vitals_after": make_vitals(spo2=None)}, "vitals_after.spo2",
             "oxygen saturation after"),
            ({"patient": {"weight_kg": None}}, "patient.weight_kg",
             "weight to check the anaesthetic dose"),
            ({"patient": {"anticoagulant": Anticoagulant("apixaban")}},
             "patient.anticoagulant.resume_instructions", "restarts the blood thinner"),
            # Issue 12: the handout's language (the patient's) needs its own words.
            ({"patient": {"preferred_language": Language.SPANISH, "anticoagulant":
                          Anticoagulant("apixaban", LocalizedText.of({"en": "Tomorrow."}))}},
             "patient.anticoagulant.resume_instructions.es", "in Spanish, the language"),
        ],
    )
    def test_each_missing_field(self, changes: dict[str, object], field: str, why: str) -> None:
        assert why in only(missing_for_ready(make_record(**changes)), field)

    def test_an_empty_draft_lists_everything(self) -> None:
        record = make_record(physician=None, nurse=None, joints=(), guidance=Guidance(),
                             medications=(), pain_before=None, pain_after=None,
                             vitals_before=Vitals(), vitals_after=Vitals())
        assert fields(missing_for_ready(record)) == [
            "physician", "nurse", "joints", "guidance.fluoro_time_s", "guidance.dose_mgy",
            "medications", "pain_before", "pain_after",
            "vitals_before.systolic", "vitals_before.diastolic", "vitals_before.heart_rate",
            "vitals_before.spo2",
            "vitals_after.systolic", "vitals_after.diastolic", "vitals_after.heart_rate",
            "vitals_after.spo2",
        ]

    def test_resp_rate_is_optional(self) -> None:
        assert missing_for_ready(make_record(vitals_before=make_vitals(resp_rate=None))) == []

    def test_ct_and_ultrasound_need_no_fluoroscopy_numbers(self) -> None:
        for modality in (Modality.CT, Modality.ULTRASOUND):
            assert missing_for_ready(make_record(guidance=Guidance(modality))) == []

    def test_dose_area_product_is_enough(self) -> None:
        guidance = Guidance(fluoro_time_s=38, dap_mgy_cm2=250)
        assert missing_for_ready(make_record(guidance=guidance)) == []

    def test_weight_only_needed_for_local_anaesthetic(self) -> None:
        steroid_only = (MedicationLine("triamcinolone", "40 mg/mL", 1, False),)
        record = make_record(patient={"weight_kg": None}, medications=steroid_only,
                             kind=ProcedureKind.INTRA_ARTICULAR, block_number=None)
        assert missing_for_ready(record) == []

    def test_therapeutic_block_needs_no_number(self) -> None:
        assert missing_for_ready(make_record(block_number=None)) == []

    def test_patient_factory_is_valid(self) -> None:
        from clinic_desk.domain.validation import patient_issues

        assert patient_issues(make_patient()) == []
        assert make_patient().mrn != make_patient().mrn
