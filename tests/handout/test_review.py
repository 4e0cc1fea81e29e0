"""Issue 12, points 3 to 8: what a patient could act on wrongly, read back from the PDF.

Each test renders a handout and reads the text with pypdf; the contradiction table checks
every composed variant (the same text the PDF prints)."""

from __future__ import annotations

import dataclasses
import itertools
import re

import pytest

from clinic_desk.domain.procedures import ProcedureKind, Sedation
from clinic_desk.domain.record import Language, ProcedureRecord
from clinic_desk.handout import HandoutOptions, compose, render_handout

from .conftest import (
    BUPIVACAINE,
    CLINIC,
    LIDOCAINE,
    TRIAMCINOLONE,
    PdfText,
    anticoagulant,
    pdf_text,
    record,
    signed,
)

MBB = ProcedureKind.MEDIAL_BRANCH_BLOCK
IA = ProcedureKind.INTRA_ARTICULAR
RFA = ProcedureKind.RADIOFREQUENCY_ABLATION
STEROID = (LIDOCAINE, TRIAMCINOLONE)
EN, ES = Language.ENGLISH, Language.SPANISH


def render(r: ProcedureRecord, language: Language = EN, large: bool = False,
           clinic: object = CLINIC) -> PdfText:
    return pdf_text(render_handout(r, clinic, HandoutOptions(language=language,  # type: ignore[arg-type]
                                                             large_print=large)))


# --- 3. A therapeutic medial branch block is not a test --------------------------------------

@pytest.mark.parametrize("language", [EN, ES])
def test_a_therapeutic_mbb_has_no_diary_and_no_test_wording(language: Language) -> None:
    text = render(signed(record(block_number=None)), language)
    test_words = {EN: ["Your pain diary", "so you can test your pain", "This test works only",
                       "This test numbs", "Time after"],
                  ES: ["Su diario del dolor", "para poder probar su dolor",
                       "Esta prueba solo sirve", "Esta prueba adormece", "Tiempo después"]}
    for words in test_words[language]:
        assert words not in text, words
    therapeutic = {EN: ["This shot numbs the small nerves", "Rest today."],
                   ES: ["Esta inyección adormece", "Descanse hoy."]}
    for words in therapeutic[language]:
        assert words in text, words


def test_a_diagnostic_mbb_keeps_its_diary_and_test_wording() -> None:
    text = render(signed(record(block_number=2)))
    assert "Your pain diary" in text and "so you can test your pain" in text
    assert "Rest today." not in text


# --- 4 and 6. One handout never says two things that cannot both be true --------------------

# Pairs of phrases that must never be on the same handout, in English and Spanish. A pair
# with an empty second phrase is a phrase that no handout may print at all (a timeline the
# reference does not give).
INCOMPATIBLE: list[tuple[str, str]] = [
    ("likely the cause", "starts to work in a day"),
    ("likely the cause", "Rest today."),
    ("so you can test your pain", "Rest today."),
    ("This shot numbs", "This test"),
    ("wears off in a few hours", "numb for 1 to 2 weeks"),
    ("may feel numb. This wears off in a few hours", "feel numb, like a sunburn"),
    ("side effects for a few days", "up to 2 weeks"),
    ("blood sugar may go up for a few days", "up to 2 weeks"),
    ("for a day or two", ""),
    ("in a day or two", ""),
    ("first week or two", ""),
    ("most often within a day", "Then the steroid"),
    ("es probable que el dolor venga", "en uno o dos días"),
    ("es probable que el dolor venga", "Descanse hoy."),
    ("para poder probar su dolor", "Descanse hoy."),
    ("Se le pasa en unas horas", "dormida por 1 a 2 semanas"),
    ("por un día o dos", ""),
    ("en uno o dos días", ""),
    ("la primera o la segunda semana", ""),
    ("efectos por unos días", ""),
]


def _variants() -> list[tuple[str, ProcedureRecord, object]]:
    clinics = [CLINIC, dataclasses.replace(CLINIC, glucose_call_above=300)]
    out = []
    kinds = [(MBB, 1), (MBB, 2), (MBB, None), (IA, None), (RFA, None)]
    for n, ((kind, block), joints, sedation, steroid, diabetic, follow) in enumerate(
            itertools.product(kinds, ["C2-3 L", "C5-6 B", "T7-8 R", "L4-5 B, L5-S1 L"],
                              (False, True), (False, True), (False, True), (False, True))):
        r = record(kind=kind, block_number=block, joints=joints,
                   sedation=Sedation.MINIMAL if sedation else Sedation.NONE,
                   medications=STEROID if steroid else (BUPIVACAINE,),
                   follow_up=record().follow_up if follow else None,
                   patient={"diabetic": diabetic,
                            "anticoagulant": anticoagulant("warfarin") if n % 3 else None})
        out.append((f"{kind.value}-{block}-{joints}-{sedation}{steroid}{diabetic}{follow}", r,
                    clinics[n % 2]))
    return out


VARIANTS = _variants()


@pytest.mark.parametrize("language", [EN, ES])
def test_no_two_sentences_of_a_handout_contradict_each_other(language: Language) -> None:
    for name, r, clinic in VARIANTS:
        text = compose(signed(r), clinic, HandoutOptions(language=language)).body_text()  # type: ignore[arg-type]
        for a, b in INCOMPATIBLE:
            assert not (a in text and (not b or b in text)), (name, a, b)


def test_a_steroid_in_a_diagnostic_block_never_contradicts_the_test() -> None:
    text = render(signed(record(medications=STEROID)))
    assert "likely the cause" in text  # the test is explained...
    assert "not part of the test" in text  # ...and the steroid is set apart from it
    assert "starts to work in a day or two" not in text
    assert "The steroid often starts to work in about 3 days" in text


# --- 5. Neck procedures get neck advice --------------------------------------------------------

@pytest.mark.parametrize(("joints", "ear"), [("C2-3 L", "behind your left ear"),
                                             ("C2-3 R", "behind your right ear"),
                                             ("C2-3 B", "behind both ears")])
def test_a_third_occipital_nerve_block_has_the_neck_advice(joints: str, ear: str) -> None:
    text = render(signed(record(joints=joints, block_number=1)))
    assert "About your neck" in text
    assert f"A small area {ear} may feel numb" in text
    assert "You may feel unsteady on your feet" in text
    # No sedation, and still a driver (REFERENCE.md 5.2).
    assert "Do not drive yourself home today. An adult must drive you." in text


def test_the_neck_advice_in_spanish() -> None:
    text = render(signed(record(joints="C2-3 L")), ES)
    assert "Sobre su cuello" in text and "detrás de la oreja izquierda" in text
    assert "inestable" in text and "No maneje de regreso a casa hoy" in text


def test_a_lower_c_level_has_no_ear_or_unsteadiness_and_the_back_has_no_neck_section() -> None:
    c56 = render(signed(record(joints="C5-6 B")))
    assert "About your neck" in c56 and "short of breath, call 911" in c56
    assert "ear may feel numb" not in c56.all and "unsteady" not in c56.all
    lumbar = render(signed(record()))
    assert "About your neck" not in lumbar


def test_after_sedation_the_warning_box_not_the_driver_line_speaks_of_driving() -> None:
    text = render(signed(record(joints="C2-3 L", sedation=Sedation.MODERATE)))
    assert "Do not drive, and do not use machines" in text
    assert "Do not drive yourself home today" not in text


# --- 6. Timelines as REFERENCE.md 5.1, 5.4 and 5.8 give them ---------------------------------

def test_soreness_lasts_2_to_7_days_not_a_day_or_two() -> None:
    text = render(signed(record()))
    assert "hurt more for 2 to 7 days" in text
    assert "a day or two" not in text.all


def test_the_steroid_timeline() -> None:
    text = render(signed(record(kind=IA, block_number=None, medications=STEROID)))
    assert ("The steroid often starts to work in about 3 days. For some people it takes up to "
            "2 weeks. It does not work for everyone.") in text


def test_diabetic_blood_sugar_up_to_2_weeks_with_the_clinics_number() -> None:
    r = signed(record(kind=IA, block_number=None, medications=STEROID,
                      patient={"diabetic": True}))
    with_number = render(r, clinic=dataclasses.replace(CLINIC, glucose_call_above=300))
    assert "It can stay high for up to 2 weeks" in with_number
    assert "If your blood sugar is over 300, call us at (217) 555-0142." in with_number
    assert "call the doctor who treats your diabetes" not in with_number
    without = render(r)
    assert "If it stays high, call the doctor who treats your diabetes." in without
    assert "is over" not in without.all


def test_rfa_timeline_from_5_8() -> None:
    text = render(signed(record(kind=RFA, block_number=None)))
    assert "like a sunburn. This can last 1 to 2 weeks, sometimes longer." in text
    assert "It can take 2 to 3 weeks to feel the full relief." in text
    assert "week or two" not in text.all and "wears off in a few hours" not in text.all


# --- 7. Intra-articular with steroid keeps the numbing-then-steroid explanation --------------

@pytest.mark.parametrize(("language", "words"), [
    (EN, "The numbing medicine may ease your pain right away. Your usual pain may come back "
         "when it wears off. Then the steroid starts to work."),
    (ES, "Luego empieza a actuar el esteroide."),
])
def test_intra_articular_with_steroid_explains_numbing_then_steroid(
        language: Language, words: str) -> None:
    assert words in render(signed(record(kind=IA, block_number=None, medications=STEROID)),
                           language)


# --- 8. Warning signs on page 1; the diary on a page of its own ------------------------------

WARNINGS = {EN: ("When to call us", "Call 911"), ES: ("Cuándo llamarnos", "Llame al 911")}
DIARY = {EN: "Your pain diary", ES: "Su diario del dolor"}


@pytest.mark.parametrize("large", [False, True])
@pytest.mark.parametrize("language", [EN, ES])
@pytest.mark.parametrize("sign", [False, True])
@pytest.mark.parametrize("changes", [
    {}, {"kind": RFA, "block_number": None, "joints": "C4-5 R, C5-6 R, C6-7 B",
         "sedation": Sedation.MODERATE, "medications": STEROID},
])
def test_warning_signs_are_on_page_1(large: bool, language: Language, sign: bool,
                                     changes: dict[str, object]) -> None:
    r = record(**changes)
    text = render(signed(r) if sign else r, language, large)
    for title in WARNINGS[language]:
        assert title in text.pages[0], title


@pytest.mark.parametrize("large", [False, True])
@pytest.mark.parametrize("language", [EN, ES])
def test_the_diary_is_the_last_page_and_holds_nothing_else(large: bool,
                                                           language: Language) -> None:
    r = record(patient={"anticoagulant": anticoagulant("apixaban", "Restart it tomorrow.",
                                                       es="Vuelva a tomarlo mañana.")})
    text = render(signed(r), language, large)
    [diary] = [n for n, page in enumerate(text.pages) if DIARY[language] in page]
    assert diary == len(text.pages) - 1
    page = text.pages[diary]
    for title in WARNINGS[language]:
        assert title not in page
    other_titles = [s.title for s in compose(signed(r), CLINIC,
                                             HandoutOptions(language=language)).sections
                    if s.layout != "diary"]
    assert not [t for t in other_titles if t in page]
    assert r.patient.full_name in page and r.patient.mrn in page  # the running header
    assert re.search(r"\d+:\d\d", page)  # the table of times is there too
