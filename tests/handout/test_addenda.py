"""Issue 12, points 1, 2 and 12 for addenda, read back from the rendered PDF: each addendum
prints as one sentence in the patient's words and local time (not "UTC-05:00", not "Meaning:"),
in the handout's language; the clinician's own note and reason (typed in no known language)
never print; the line says where the corrected instructions are, or to ask for them."""

from __future__ import annotations

from datetime import UTC, timedelta, timezone

import pytest

from clinic_desk.domain.corrections import RESUME, MissingTextError
from clinic_desk.domain.record import Correction, Language
from clinic_desk.handout import HandoutOptions, render_handout

from .conftest import CLINIC, TZ, addendum, anticoagulant, pdf_text, record, signed
from .test_printed_texts import NEW, NEW_ES, OLD, OLD_ES, _signed_with, correcting

NOTE = "Diary returned by phone: 90% relief."
REASON = "Late entry"
CLINICIAN_WORDS = ("UTC", "Electronically signed", "Meaning:", "Addendum 1", "Reason:",
                   "Significado", "Firmado electrónicamente", "Motivo:", "Adenda 1")


def _render(r, lang: Language = Language.ENGLISH, zone=TZ):  # type: ignore[no-untyped-def]
    return pdf_text(render_handout(r, CLINIC, HandoutOptions(language=lang, timezone=zone)))


def test_an_addendum_prints_who_and_when_in_the_patients_words_and_local_time() -> None:
    text = _render(signed(record(), addenda=(addendum(NOTE, REASON),)))
    assert ("Dr. Hana Lee added a note to your record and signed it on Wednesday, "
            "November 25, 2026, at 8:15 AM.") in text
    assert "Ask us if you have questions." in text
    for words in CLINICIAN_WORDS:
        assert words not in text.all


def test_the_addendum_time_is_the_handouts_local_time() -> None:
    # Signed 08:15 at UTC-05:00 = 13:15 UTC; a computer in UTC prints 1:15 PM.
    text = _render(signed(record(), addenda=(addendum(),)), zone=UTC)
    assert "signed it on Wednesday, November 25, 2026, at 1:15 PM." in text
    text = _render(signed(record(), addenda=(addendum(),)), zone=timezone(timedelta(hours=9)))
    assert "signed it on Wednesday, November 25, 2026, at 10:15 PM." in text


def test_a_spanish_handout_never_prints_the_clinicians_english_note() -> None:
    r = signed(record(patient={"preferred_language": Language.SPANISH}),
               addenda=(addendum(NOTE, REASON),))
    text = _render(r, Language.SPANISH)
    assert ("Hana Lee, su médico, agregó una nota a su expediente y la firmó el miércoles "
            "25 de noviembre de 2026, a las 8:15 a. m.") in text
    assert "Pregúntenos si tiene dudas." in text
    assert NOTE not in text and "relief" not in text.all and REASON not in text
    for words in CLINICIAN_WORDS:
        assert words not in text.all


def test_a_correcting_addendum_points_to_the_marked_instructions_in_each_language() -> None:
    r = _signed_with(correcting(Correction(f"{RESUME}.en", NEW),
                                Correction(f"{RESUME}.es", NEW_ES)))
    en = _render(r)
    assert ("Dr. Hana Lee added a note to your record and signed it on Thursday, "
            "December 3, 2026, at 9:10 AM.") in en
    assert ('It changes your instructions. The new ones are on this sheet, marked '
            '"Changed on December 3, 2026".') in en
    assert NEW in en and OLD not in en
    assert "The restart day was wrong" not in en and "Wrong restart day" not in en
    es = _render(r, Language.SPANISH)
    assert ('Cambia sus instrucciones. Las nuevas están en esta hoja, con la marca '
            '"Cambiado el 3 de diciembre de 2026".') in es
    assert NEW_ES in es and OLD_ES not in es and NEW not in es
    assert "The restart day was wrong" not in es and "Wrong restart day" not in es


def test_a_replaced_or_other_language_correction_points_to_no_missing_mark() -> None:
    r = _signed_with(correcting(Correction(f"{RESUME}.en", "Restart on Friday.")),
                     correcting(Correction(f"{RESUME}.en", NEW), when="2026-12-04 08:00"))
    en = _render(r)
    assert en.count("It changes your instructions.") == 1
    assert '"Changed on December 4, 2026"' in en and "Changed on December 3" not in en
    # Only the Spanish text corrected: the English text it may have superseded never prints;
    # the English handout waits for a physician to correct (or keep) it.
    r = _signed_with(correcting(Correction(f"{RESUME}.es", NEW_ES)))
    with pytest.raises(MissingTextError, match=r"resume_instructions\.en"):
        _render(r)
    es = _render(r, Language.SPANISH)
    assert es.count("Cambia sus instrucciones.") == 1 and OLD_ES not in es


def test_an_instruction_change_without_a_correction_sends_the_patient_to_the_staff() -> None:
    r = signed(record(patient={"anticoagulant": anticoagulant("apixaban", OLD, es=OLD_ES)}),
               addenda=(addendum("Restart on Friday instead.", "Wrong day", changes=True),))
    for lang, line in ((Language.ENGLISH, "It changes your instructions. Ask us for the new "
                        "ones before you leave."),
                       (Language.SPANISH, "Cambia sus instrucciones. Pídanos las nuevas antes "
                        "de irse.")):
        text = _render(r, lang)
        assert line in text
        assert "Restart on Friday instead." not in text and "Wrong day" not in text


def test_addendum_lines_read_at_grade_6_or_lower_and_fernandez_huerta_70_or_more() -> None:
    import textstat  # pinned 0.7.4 (tests/handout/test_readability.py)

    from clinic_desk.handout import compose
    r = _signed_with(correcting(Correction(f"{RESUME}.en", NEW),
                                Correction(f"{RESUME}.es", NEW_ES)))
    r = r.with_changes(addenda=(*r.addenda, addendum(), addendum(changes=True)))
    for lang, check in ((Language.ENGLISH, lambda t: textstat.flesch_kincaid_grade(t) <= 6),
                        (Language.SPANISH, lambda t: textstat.fernandez_huerta(t) >= 70)):
        textstat.set_lang("en_US" if lang is Language.ENGLISH else "es")
        lines = [x for a in compose(r, CLINIC, HandoutOptions(language=lang)).addenda
                 for x in (a.sentence, a.follow)]
        assert len(lines) == 6 and check("\n".join(lines)), lines
