"""Issue 12, points 1, 2 and 4, read back from the rendered PDF: an addendum's corrections
print in place, marked as changed, never the superseded text; clinician text prints only in
the handout's language, and a missing language is refused; a steroid in a diagnostic block
does not also promise the steroid's later effect."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest

from clinic_desk.domain.corrections import (
    FOLLOW_UP,
    RESUME,
    MissingTextError,
    UnsignedCorrectionError,
)
from clinic_desk.domain.procedures import ProcedureKind
from clinic_desk.domain.record import Addendum, Correction, Language, Signature
from clinic_desk.domain.signoff import addendum_hash, record_hash
from clinic_desk.handout import HandoutOptions, render_handout
from clinic_desk.handout.content import compose, printed_text

from .conftest import (
    CLINIC,
    LIDOCAINE,
    PHYSICIAN,
    TRIAMCINOLONE,
    anticoagulant,
    at,
    pdf_text,
    record,
    signed,
)

OLD = "Restart apixaban on Wednesday, December 2, at 8 AM."
NEW = "Restart apixaban on Thursday, December 3, at 8 AM."
OLD_ES = "Vuelva a tomar apixabán el miércoles 2 de diciembre a las 8 a. m."
NEW_ES = "Vuelva a tomar apixabán el jueves 3 de diciembre a las 8 a. m."


def correcting(*corrections: Correction, when: str = "2026-12-03 09:10") -> Any:
    """An addendum with corrections, signed over the record it is added to (as the service
    signs it: its hash covers the corrections)."""
    def make(signature_hash: str) -> Addendum:
        created = at(when)
        text, reason, meaning = ("The restart day was wrong on the first handout.",
                                 "Wrong restart day", "Reviewed and approved")
        digest = addendum_hash(signature_hash, PHYSICIAN, created, reason, text, meaning, True,
                               corrections)
        return Addendum(text, reason, PHYSICIAN, created,
                        Signature(PHYSICIAN, created, meaning, digest), True,
                        corrections=corrections)
    return make


def _signed_with(*addenda: Any, es: str = OLD_ES, lang: Language = Language.ENGLISH):
    r = signed(record(patient={"anticoagulant": anticoagulant("apixaban", OLD, es=es),
                               "preferred_language": lang}))
    return _add(r, *addenda)


def _add(r: Any, *addenda: Any) -> Any:
    return r.with_changes(addenda=r.addenda + tuple(a(r.signature.content_hash)
                                                    for a in addenda))


def test_a_corrected_restart_instruction_prints_in_place_marked_and_the_old_one_never() -> None:
    r = _signed_with(correcting(Correction(f"{RESUME}.en", NEW)))
    text = pdf_text(render_handout(r, CLINIC, HandoutOptions(version=2)))
    assert NEW in text
    assert "Changed on December 3, 2026." in text
    assert OLD not in text and "Wednesday" not in text
    # In the blood-thinner box, not only on the addenda page.
    box = next(s for s in compose(r, CLINIC).sections if s.key == "42-blood-thinner")
    assert [p.text for p in box.paras][:2] == [NEW, "Changed on December 3, 2026."]


def test_a_corrected_follow_up_prints_the_new_visit_marked_as_changed() -> None:
    r = _signed_with(correcting(Correction(FOLLOW_UP, "2026-12-10T14:30:00-05:00")))
    text = pdf_text(render_handout(r, CLINIC))
    assert "Thursday, December 10, 2026 at 2:30 PM" in text
    assert "December 8, 2026" not in text  # the superseded visit (2026-12-08 10:00)
    follow = next(s for s in compose(r, CLINIC).sections if s.key == "47-follow-up")
    assert follow.paras[1].text == "Changed on December 3, 2026."


def test_the_newest_correction_wins_and_the_spanish_handout_marks_only_its_own_text() -> None:
    r = _signed_with(correcting(Correction(f"{RESUME}.en", "Restart on Friday.")),
                     correcting(Correction(f"{RESUME}.en", NEW),
                                Correction(f"{RESUME}.es", NEW_ES), when="2026-12-04 08:00"))
    en = pdf_text(render_handout(r, CLINIC))
    assert NEW in en and "Restart on Friday." not in en and OLD not in en
    assert "Changed on December 4, 2026." in en and "Changed on December 3, 2026." not in en
    es = pdf_text(render_handout(r, CLINIC, HandoutOptions(language=Language.SPANISH)))
    assert NEW_ES in es and OLD_ES not in es and NEW not in es
    assert "Cambiado el 4 de diciembre de 2026." in es


def test_a_correction_leaves_the_signed_content_and_its_verification_code_alone() -> None:
    plain = _signed_with()
    fixed = _add(plain, correcting(Correction(f"{RESUME}.en", NEW)))
    assert record_hash(fixed) == fixed.signature.content_hash == plain.signature.content_hash
    assert fixed.patient.anticoagulant.resume_instructions.get("en") == OLD  # kept on file
    assert compose(fixed, CLINIC).code == compose(plain, CLINIC).code


def test_a_spanish_handout_prints_the_spanish_words_and_never_the_english_ones() -> None:
    r = _signed_with(lang=Language.SPANISH)
    text = pdf_text(render_handout(r, CLINIC))
    assert OLD_ES in text and OLD not in text
    assert printed_text(r, RESUME, "es") == OLD_ES


def test_a_handout_in_a_language_the_instructions_lack_is_refused_naming_the_text() -> None:
    r = _signed_with(es="")
    with pytest.raises(MissingTextError) as e:
        render_handout(r, CLINIC, HandoutOptions(language=Language.SPANISH))
    [issue] = e.value.issues
    assert issue.field == "patient.anticoagulant.resume_instructions.es"
    assert "blood-thinner restart instructions have no Spanish text" in issue.message
    assert "physician adds it with an addendum" in issue.message  # the record is signed
    assert "--correct patient.anticoagulant.resume_instructions.es=" in issue.message
    draft = r.with_changes(signature=None)
    with pytest.raises(MissingTextError,
                       match=r"Add the Spanish text in the patient's details \(Restart"):
        compose(draft, CLINIC, HandoutOptions(language=Language.SPANISH))
    # English is there, so the English handout prints.
    assert OLD in pdf_text(render_handout(r, CLINIC))


def test_an_addendum_can_add_the_missing_language() -> None:
    r = _signed_with(correcting(Correction(f"{RESUME}.es", NEW_ES)), es="")
    text = pdf_text(render_handout(r, CLINIC, HandoutOptions(language=Language.SPANISH)))
    assert NEW_ES in text and "Cambiado el 3 de diciembre de 2026." in text
    assert OLD not in text


def test_a_steroid_in_a_diagnostic_block_does_not_also_promise_its_later_effect() -> None:
    r = signed(record(kind=ProcedureKind.MEDIAL_BRANCH_BLOCK, block_number=1,
                      medications=(LIDOCAINE, TRIAMCINOLONE)))
    text = pdf_text(render_handout(r, CLINIC))
    # The test is read in the first hours; any steroid effect comes days later and is said to
    # be no part of the test, so the two never read as one promise (the review's contradiction).
    assert "these joints are likely the cause" in text
    assert "is not part of the test" in text
    es = pdf_text(render_handout(r, CLINIC, HandoutOptions(language=Language.SPANISH)))
    assert "eso no cuenta para la prueba" in es
    # A therapeutic injection with a steroid still explains when it starts to work.
    ia = signed(record(kind=ProcedureKind.INTRA_ARTICULAR, block_number=None,
                       medications=(LIDOCAINE, TRIAMCINOLONE)))
    assert "starts to work" in pdf_text(render_handout(ia, CLINIC))


def test_a_correction_that_does_not_match_its_signature_is_never_printed() -> None:
    r = _signed_with(correcting(Correction(f"{RESUME}.en", NEW)))
    [a] = r.addenda
    forged = r.with_changes(addenda=(replace(a, corrections=(
        Correction(f"{RESUME}.en", "Stop apixaban for good."),)),))
    with pytest.raises(UnsignedCorrectionError, match="does not match its signature"):
        render_handout(forged, CLINIC)


def test_changing_one_language_stops_the_others_printing_what_it_superseded() -> None:
    """The English restart day is corrected; the Spanish text still names the old day, so a
    Spanish handout is refused (never the superseded instruction in Spanish)."""
    r = _signed_with(correcting(Correction(f"{RESUME}.en", NEW)))  # Spanish: OLD_ES
    assert NEW in pdf_text(render_handout(r, CLINIC))
    with pytest.raises(MissingTextError, match="no Spanish text"):
        render_handout(r, CLINIC, HandoutOptions(language=Language.SPANISH))
    # Adding a language that was missing keeps the others.
    added = _signed_with(correcting(Correction(f"{RESUME}.es", NEW_ES)), es="")
    assert OLD in pdf_text(render_handout(added, CLINIC))
    assert "Changed on" not in pdf_text(render_handout(added, CLINIC))
