"""The signature manifestation and the addenda on the printed handout (21 CFR 11.50(b):
every human-readable form), new handout versions when an addendum changes the instructions,
and every printed version kept byte for byte. Real renderer (clinic_desk.handout), text
extracted with pypdf."""

from __future__ import annotations

import io
import re
from typing import Any

from pypdf import PdfReader

from clinic_desk.domain.signoff import addendum_lines, handout_version, manifestation
from clinic_desk.handout import load_language
from clinic_desk.handout.content import addenda_text, signature_text
from clinic_desk.services import Services

from .helpers import ready_record, signed_record


def _text(pdf: bytes) -> str:
    pages = PdfReader(io.BytesIO(pdf)).pages
    return re.sub(r"\s+", " ", " ".join(p.extract_text() for p in pages))


def _one_line(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def test_manifestation_and_addenda_on_the_handout(services: Services, staff: Any) -> None:
    signed = signed_record(services, staff, meaning="Performed by")
    assert signed.signature is not None
    first, rendered = services.printing.print_handout(staff.desk, signed.id, "Front desk")
    text = _text(rendered.pdf)
    # In the patient's words and the clinic's local time (issue 12, point 12): who, when and
    # what the signature means, never "UTC" or "Meaning:".
    sentence = signature_text(load_language("en"), signed)
    assert sentence in text and sentence.startswith("Dr. Hana Lee did your procedure and "
                                                    "signed this sheet on ")
    assert manifestation(signed.signature) not in text
    assert "Handout version 1" in text and "DRAFT" not in text
    assert first.handout_version == 1

    amended = services.signing.add_addendum(
        staff.physician2, signed.id, staff.password,
        "Restart apixaban on Thursday morning, not tomorrow.", "Anticoagulant plan changed",
        changes_instructions=True)
    assert handout_version(amended) == 2
    second, rendered2 = services.printing.print_handout(
        staff.desk, signed.id, "Front desk", reason="Instructions changed by an addendum")
    text2 = _text(rendered2.pdf)
    # The addendum in the patient's words and local time; the clinician's own note (typed in
    # no known language) and the 21 CFR manifestation stay in the record (issue 12).
    [added] = addenda_text(load_language("en"), amended, "en")
    assert added.sentence.startswith("Dr. Chidi Okafor added a note to your record and signed")
    for part in (added.sentence, "It changes your instructions. Ask us for the new ones",
                 sentence, "Handout version 2"):
        assert _one_line(part) in text2, part
    lines = addendum_lines(1, amended.addenda[0])
    for part in (lines.heading, lines.reason, lines.text, lines.signature):
        assert _one_line(part) not in text2, part
    assert second.handout_version == 2

    # An addendum that does not change the instructions keeps the version.
    services.signing.add_addendum(staff.physician, signed.id, staff.password,
                                  "Nurse's name corrected.", "Spelling")
    third, rendered3 = services.printing.print_handout(staff.desk, signed.id, "Front desk",
                                                       reason="Patient lost the copy")
    assert third.handout_version == 2
    assert _text(rendered3.pdf).count("added a note to your record and signed it on") == 2

    # Every printed version stays retrievable, exactly as printed.
    log = services.printing.print_log(staff.desk, record_id=signed.id)
    assert [p.handout_version for p in log] == [2, 2, 1]
    for printed, pdf in ((first, rendered.pdf), (second, rendered2.pdf),
                         (third, rendered3.pdf)):
        assert services.printing.pdf(staff.desk, printed.print_id) == pdf


def test_an_unsigned_record_prints_as_a_draft(services: Services, staff: Any) -> None:
    ready = ready_record(services, staff)
    rendered = services.printing.prepare(staff.nurse, ready.id)
    text = _text(rendered.pdf)
    assert "DRAFT" in text and "Electronically signed" not in text
