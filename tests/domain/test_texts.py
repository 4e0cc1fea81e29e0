"""Clinician text per language (issue 12): never another language's words, a plain string is
in the patient's preferred language, and corrections of printed texts are checked."""

from __future__ import annotations

from datetime import date

import pytest

from clinic_desk.domain.corrections import (
    RESUME,
    apply_addendum,
    check_corrections,
    describe,
    field_of,
    parse_correction,
)
from clinic_desk.domain.errors import ValidationError
from clinic_desk.domain.record import Anticoagulant, Correction, Language, Patient
from clinic_desk.domain.texts import LocalizedText, localized
from tests.factories import make_record


def test_a_text_is_never_printed_in_another_language() -> None:
    t = LocalizedText.of({"en": " Restart tomorrow. ", "es": "  "})
    assert t.texts == (("en", "Restart tomorrow."),) and t.languages == ("en",)
    assert t.get("es") == "" and bool(t) and not LocalizedText()
    assert t.with_text("es", "Mañana.").as_dict() == {"en": "Restart tomorrow.", "es": "Mañana."}
    assert t.with_text("en", "") == LocalizedText()


def test_a_plain_string_is_in_the_patients_preferred_language() -> None:
    p = Patient("A1", "Torres", "Ana", date(1970, 1, 1), preferred_language=Language.SPANISH,
                anticoagulant=Anticoagulant("apixaban", "Mañana."))  # type: ignore[arg-type]
    assert p.anticoagulant.resume_instructions == LocalizedText.of({"es": "Mañana."})
    assert localized("x", "en") == LocalizedText.of({"en": "x"})
    assert localized(None, "en") == LocalizedText()


@pytest.mark.parametrize(("spec", "path", "value"), [
    (f"{RESUME}.es=Mañana a las 8.", f"{RESUME}.es", "Mañana a las 8."),
    ("follow_up=2026-12-10T09:30-05:00", "follow_up", "2026-12-10T09:30-05:00"),
    ("patient.anticoagulant.name=a=b", "patient.anticoagulant.name", "a=b"),
])
def test_command_line_corrections_split_at_the_first_equals_sign(spec: str, path: str,
                                                                 value: str) -> None:
    assert parse_correction(spec) == Correction(path, value)


@pytest.mark.parametrize("spec", ["no equals sign", "=value only"])
def test_a_correction_needs_a_path_and_a_value(spec: str) -> None:
    with pytest.raises(ValidationError, match="PATH=VALUE"):
        parse_correction(spec)


def test_paths_name_their_field_and_language() -> None:
    assert field_of(f"{RESUME}.es")[1] == "es" and field_of(RESUME)[1] == ""
    assert describe(Correction(f"{RESUME}.es", "Mañana.")) == (
        "Blood-thinner restart instructions (Spanish) corrected to: Mañana.")


def test_changing_one_language_drops_the_other_adding_one_keeps_it() -> None:
    r = make_record(patient={"anticoagulant": Anticoagulant(
        "apixaban", LocalizedText.of({"en": "Wednesday.", "es": "Miércoles."}))})
    changed = apply_addendum(r, (Correction(f"{RESUME}.en", "Thursday."),))
    assert changed.patient.anticoagulant.resume_instructions.as_dict() == {"en": "Thursday."}
    only_en = make_record(patient={"anticoagulant": Anticoagulant(
        "apixaban", LocalizedText.of({"en": "Wednesday."}))})
    added = apply_addendum(only_en, (Correction(f"{RESUME}.es", "Miércoles."),))
    assert added.patient.anticoagulant.resume_instructions.as_dict() == {
        "en": "Wednesday.", "es": "Miércoles."}


def test_checked_corrections_take_the_patients_language_and_keep_the_offset() -> None:
    r = make_record(patient={"anticoagulant": Anticoagulant(
        "apixaban", LocalizedText.of({"en": "Wednesday."}))})
    fixes = check_corrections((Correction(RESUME, " Thursday. "),
                               Correction("follow_up", "2026-12-10T09:30:00+01:00")), r)
    assert fixes == (Correction(f"{RESUME}.en", "Thursday."),
                     Correction("follow_up", "2026-12-10T09:30:00+01:00"))
