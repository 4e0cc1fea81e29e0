"""The handout text without a PDF: files, conditions, sentences, times, codes, file names."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from clinic_desk.domain.procedures import ProcedureKind, Sedation
from clinic_desk.domain.record import Language
from clinic_desk.handout import (
    HandoutContentError,
    HandoutOptions,
    available_languages,
    compose,
    default_filename,
    load_language,
    qr_payload,
    render_handout,
    verification_code,
)
from clinic_desk.handout import resources as res
from clinic_desk.handout.content import procedure_sentence

from .conftest import CLINIC, LIDOCAINE, TRIAMCINOLONE, at, pdf_text, record, signed


def test_english_and_spanish_are_shipped() -> None:
    assert {"en", "es"} <= set(available_languages())


@pytest.mark.parametrize("code", ["en", "es"])
def test_every_language_has_the_same_sections_and_phrases_as_english(code: str) -> None:
    en, other = load_language("en"), load_language(code)
    assert [s.key for s in other.sections] == [s.key for s in en.sections]
    missing = set(en.phrases) - set(other.phrases) - {
        k for k in en.phrases if k.startswith(("signature.meaning.", "drug."))}
    assert not missing, f"{code}/phrases.txt lacks {sorted(missing)}"
    for a, b in zip(en.sections, other.sections, strict=True):
        assert (a.layout, a.style, a.place, a.when_text) == (b.layout, b.style, b.place,
                                                             b.when_text), a.key
        assert [i.when_text for i in a.items] == [i.when_text for i in b.items], a.key


@pytest.mark.parametrize(("text", "facts", "expected"), [
    ("", set(), True),
    ("always", set(), True),
    ("steroid", {"steroid"}, True),
    ("steroid", set(), False),
    ("steroid and diabetic", {"steroid"}, False),
    ("steroid and diabetic", {"steroid", "diabetic"}, True),
    ("not sedation", {"sedation"}, False),
    ("not sedation", set(), True),
    ("kind=medial_branch_block or kind=intra_articular and not steroid",
     {"kind=intra_articular", "steroid"}, False),
    ("kind=medial_branch_block or kind=intra_articular and not steroid",
     {"kind=medial_branch_block", "steroid"}, True),
    ("region=cervical", {"region=cervical"}, True),
])
def test_conditions(text: str, facts: set[str], expected: bool) -> None:
    assert res.parse_condition(text, "test")(frozenset(facts)) is expected


@pytest.mark.parametrize("text", ["steriod", "kind=mbb", "region=sacral", "side=both"])
def test_a_typo_in_a_condition_is_an_error_not_a_silently_missing_warning(text: str) -> None:
    with pytest.raises(HandoutContentError, match="unknown fact"):
        res.parse_condition(text, "en/41-steroid.txt")


def test_section_files_are_checked_for_unknown_placeholders_and_headers() -> None:
    with pytest.raises(HandoutContentError, match="placeholder"):
        res.parse_section("x", "title: T\n\nCall {clinic_fone}.\n", "en/x.txt")
    with pytest.raises(HandoutContentError, match="header"):
        res.parse_section("x", "titel: T\n\nText.\n", "en/x.txt")
    with pytest.raises(HandoutContentError, match="partner"):
        res.parse_section("x", "title: T\n\nA { alone.\n", "en/x.txt")


def test_section_file_format() -> None:
    text = ("# note for staff\ntitle: Care\nwhen: steroid\n\nFirst paragraph\ncontinues.\n"
            "* A bullet\n  when: diabetic\n* Another\n\nLast.\n")
    s = res.parse_section("30-care", text, "en/30-care.txt")
    assert s.title == "Care" and s.when(frozenset({"steroid"})) and not s.when(frozenset())
    assert [(i.text, i.bullet, i.when_text) for i in s.items] == [
        ("First paragraph continues.", False, "always"), ("A bullet", True, "diabetic"),
        ("Another", True, "always"), ("Last.", False, "always")]


E = Language.ENGLISH
S = Language.SPANISH


@pytest.mark.parametrize(("kind", "joints", "lang", "expected"), [
    (ProcedureKind.MEDIAL_BRANCH_BLOCK, "L4-5 B, L5-S1 L", E,
     "You had a medial branch block on both sides of your lower back, at L4-L5 and on the "
     "left at L5-S1."),
    (ProcedureKind.MEDIAL_BRANCH_BLOCK, "C5-6 L", E,
     "You had a medial branch block on the left side of your neck, at C5-C6."),
    (ProcedureKind.INTRA_ARTICULAR, "T7-8 R, T8-9 R", E,
     "You had a facet joint injection on the right side of your upper back, at T7-T8 and "
     "T8-T9."),
    (ProcedureKind.RADIOFREQUENCY_ABLATION, "L3-4 B, L4-5 B, L5-S1 R", E,
     "You had a radiofrequency ablation (RFA) on both sides of your lower back, at L3-L4 and "
     "L4-L5, and on the right at L5-S1."),
    (ProcedureKind.MEDIAL_BRANCH_BLOCK, "C3-4 B, C4-5 L, C5-6 R", E,
     "You had a medial branch block on both sides of your neck, at C3-C4, on the left at "
     "C4-C5 and on the right at C5-C6."),
    (ProcedureKind.MEDIAL_BRANCH_BLOCK, "T12-L1 B, L1-2 L", E,
     "You had a medial branch block in your upper back and lower back: on both sides at "
     "T12-L1 and on the left at L1-L2."),
    (ProcedureKind.MEDIAL_BRANCH_BLOCK, "", E, "You had a medial branch block."),
    (ProcedureKind.MEDIAL_BRANCH_BLOCK, "L4-5 B, L5-S1 L", S,
     "Hoy le hicimos un bloqueo de la rama medial en ambos lados de la parte baja de la "
     "espalda, en L4-L5 y en el lado izquierdo en L5-S1."),
    (ProcedureKind.RADIOFREQUENCY_ABLATION, "C4-5 R, C5-6 R, C6-7 B", S,
     "Hoy le hicimos una ablación por radiofrecuencia en el lado derecho del cuello, en "
     "C4-C5 y C5-C6, y en ambos lados en C6-C7."),
    (ProcedureKind.INTRA_ARTICULAR, "T4-5 L", S,
     "Hoy le hicimos una inyección en las articulaciones facetarias en el lado izquierdo de "
     "la parte alta de la espalda, en T4-T5."),
])
def test_what_you_had_sentence(kind: ProcedureKind, joints: str, lang: Language,
                               expected: str) -> None:
    r = record(kind=kind, joints=joints)
    assert procedure_sentence(load_language(lang.value), r) == expected


def test_diary_times_count_from_the_end_of_the_procedure() -> None:
    c = compose(record(ended_at=at("2026-11-24 11:50")), CLINIC)
    assert [(d.after, d.clock) for d in c.diary] == [
        ("15 minutes", "12:05 PM"), ("30 minutes", "12:20 PM"), ("1 hour", "12:50 PM"),
        ("2 hours", "1:50 PM"), ("3 hours", "2:50 PM"), ("4 hours", "3:50 PM"),
        ("5 hours", "4:50 PM"), ("6 hours", "5:50 PM")]


def test_diary_starts_at_the_procedure_time_when_no_end_is_recorded() -> None:
    c = compose(record(ended_at=None), CLINIC, HandoutOptions(language=S))
    assert c.diary[0].clock == "9:45 a. m." and c.diary[-1] == c.diary[-1].__class__(
        "6 horas", "3:30 p. m.")


def test_no_diary_except_after_a_medial_branch_block() -> None:
    for kind in (ProcedureKind.INTRA_ARTICULAR, ProcedureKind.RADIOFREQUENCY_ABLATION):
        assert compose(record(kind=kind, block_number=None), CLINIC).diary == ()


def test_medicines_in_plain_words_once_each() -> None:
    r = record(medications=(LIDOCAINE, TRIAMCINOLONE, LIDOCAINE), sedation=Sedation.MINIMAL)
    assert compose(r, CLINIC).medicines == (
        "numbing medicine (lidocaine)", "steroid (triamcinolone)", "X-ray dye (iohexol)",
        "medicine to help you relax (sedation)")
    assert compose(r, CLINIC, HandoutOptions(language=S)).medicines[0] == (
        "medicina para adormecer (lidocaína)")


def test_verification_code_names_this_content_id_and_version() -> None:
    r = record()
    code = verification_code(r, 1)
    assert re.fullmatch(r"[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}", code)
    assert verification_code(r, 1) == code
    assert verification_code(r, 2) != code
    assert verification_code(r.with_changes(id=43), 1) != code
    assert verification_code(r.with_changes(pain_after=3), 1) != code


def test_qr_payload_and_file_name_carry_no_patient_data() -> None:
    r = record(patient={"given_name": "Zoë", "family_name": "O'Brien", "mrn": "A1001"})
    payload = qr_payload(r, 2)
    assert payload.startswith("CD1:R42:V2:") and verification_code(r, 2).replace("-", "") in payload
    assert re.fullmatch(r"[0-9A-Z $%*+\-./:]+", payload)  # QR alphanumeric mode
    for secret in ("Zoë", "O'Brien", "OBRIEN", "A1001", "1961"):
        assert secret.upper() not in payload.upper()
    assert default_filename(r) == "handout-42-v1.pdf"  # a draft: version 1, not its edit count
    assert default_filename(signed(r)) == "handout-42-v1.pdf"
    assert default_filename(r, 5) == "handout-42-v5.pdf"
    assert default_filename(r.with_changes(id=None)) == "handout-new-v1.pdf"


def test_anticoagulant_without_instructions_says_ask_us_and_nothing_more() -> None:
    from .conftest import anticoagulant
    c = compose(record(patient={"anticoagulant": anticoagulant("warfarin")}), CLINIC)
    [section] = [s for s in c.sections if s.key == "42-blood-thinner"]
    assert [p.text for p in section.paras] == ["Ask us before you restart warfarin."]


def test_a_third_language_is_just_a_folder(tmp_path: Path,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "handouts"
    shutil.copytree(res.HANDOUTS_DIR / "en", folder / "en")  # the DRAFT mark adds English
    shutil.copytree(res.HANDOUTS_DIR / "en", folder / "xx")
    phrases = folder / "xx" / "phrases.txt"
    phrases.write_text(phrases.read_text(encoding="utf-8").replace(
        "document.title: After your procedure", "document.title: Nach Ihrem Eingriff"),
        encoding="utf-8")
    monkeypatch.setattr(res, "HANDOUTS_DIR", folder)
    res.clear_cache()
    try:
        assert "xx" in available_languages()
        text = pdf_text(render_handout(record(), CLINIC, HandoutOptions(language="xx")))
        assert "Nach Ihrem Eingriff" in text
    finally:
        res.clear_cache()


def test_unknown_language_is_a_clear_error() -> None:
    with pytest.raises(HandoutContentError, match="no handout text"):
        compose(record(), CLINIC, HandoutOptions(language="zz"))


def test_record_text_is_never_read_as_a_template() -> None:
    from .conftest import anticoagulant
    odd = "Restart {clinic_phone} **tomorrow** <b>&amp;</b>"
    r = record(patient={"anticoagulant": anticoagulant("apixaban", odd)})
    text = pdf_text(render_handout(r, CLINIC))
    assert odd in text


def test_a_value_ending_in_a_full_stop_does_not_double_it() -> None:
    c = compose(record(), CLINIC, HandoutOptions(language=S))
    [follow] = [s for s in c.sections if s.key == "47-follow-up"]
    assert "a las 10:00 a. m. Si necesita" in follow.paras[0].text
