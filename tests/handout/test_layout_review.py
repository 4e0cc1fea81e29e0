"""Layout found in the Done-when review (ho2), measured on the rendered PDF: a large-print
draft's DRAFT box no longer pushes the large diagram off page 2 and leaves that page half
empty (issue 12, point 9: no nearly empty pages)."""

from __future__ import annotations

import pytest

from clinic_desk.domain.record import Language

from .conftest import pdf_text
from .pdfread import pieces
from .test_print import VARIANTS, _fill, _pdf


@pytest.mark.parametrize("language", [Language.ENGLISH, Language.SPANISH])
@pytest.mark.parametrize(("name", "r"), [v for v in VARIANTS if v[0].endswith("-draft")],
                         ids=lambda v: v if isinstance(v, str) else "")
def test_large_print_draft_fills_page_2(name: str, r, language: Language) -> None:  # type: ignore[no-untyped-def]
    pdf = _pdf(r, language, True)
    ps = pieces(pdf)
    # Before: Spanish page 2 held the DRAFT box and "Su procedimiento de hoy" only (fill 0.47-0.5).
    assert _fill(ps, 1, True) >= 0.6, name
    # The DRAFT box still comes early: right after "What you had today" (page 2 or 3).
    note = {Language.ENGLISH: "A doctor has not reviewed this handout yet",
            Language.SPANISH: "Un médico todavía no ha revisado esta hoja"}[language]
    assert any(note in page for page in pdf_text(pdf).pages[1:3]), name
