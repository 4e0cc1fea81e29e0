"""Issue 12, point 6 ("no two sentences of one handout may contradict each other"), found in
the Done-when review (ho2) and read back from the rendered PDF: one thing, one duration."""

from __future__ import annotations

import re

import pytest

from clinic_desk.domain.procedures import ProcedureKind, Sedation
from clinic_desk.domain.record import Language
from clinic_desk.handout import HandoutOptions, render_handout

from .conftest import CLINIC, LIDOCAINE, TRIAMCINOLONE, pdf_text, record, signed

VARIANTS = {
    "mbb1": {},  # diagnostic: "do the things you do on a normal day"
    "ia": {"kind": ProcedureKind.INTRA_ARTICULAR, "block_number": None},  # "rest today"
    "rfa": {"kind": ProcedureKind.RADIOFREQUENCY_ABLATION, "block_number": None},
}
# (language, the thing, how a sentence names it)
THINGS = [
    (Language.ENGLISH, "hot tub", r"hot tub"),
    (Language.ENGLISH, "heavy lifting", r"heavy things|all your activities"),
    (Language.SPANISH, "jacuzzi", r"jacuzzi"),
    (Language.SPANISH, "cosas pesadas", r"cosas pesadas|todas sus actividades"),
]
DAYS = re.compile(r"\b(\d+|one|two|three|un|uno|dos|tres)\s+(?:day|days|día|días)\b|\b(today|"
                  r"tomorrow|hoy|mañana)\b", re.IGNORECASE)


def _durations(text: str, names: str) -> dict[str, set[str]]:
    """{sentence naming the thing: the durations it gives}; a sentence with none takes its
    bullet's first sentence's ("Do not use heat for 2 days. This means ... no hot tub.")."""
    out: dict[str, set[str]] = {}
    for bullet in text.split("•"):
        sentences = [s.strip() for s in re.split(r"(?<=[.!?])\s+", bullet) if s.strip()]
        for s in sentences:
            if re.search(names, s, re.IGNORECASE):
                found = {m.group(0).lower() for m in DAYS.finditer(s)}
                out[s] = found or {m.group(0).lower() for m in DAYS.finditer(sentences[0])}
    return out


@pytest.mark.parametrize("kind", list(VARIANTS))
@pytest.mark.parametrize(("language", "thing", "names"), THINGS)
def test_one_thing_has_one_duration(kind: str, language: Language, thing: str,
                                    names: str) -> None:
    r = signed(record(**VARIANTS[kind]))
    text = pdf_text(render_handout(r, CLINIC, HandoutOptions(language=language)))
    said = _durations(text.all, names)
    assert said, f"{thing}: the handout says nothing about it"
    # Before: "no hot tub" for 2 days beside "no ... hot tub for 1 day"; "all your activities
    # tomorrow" beside "do not lift heavy things for 2 days".
    assert len(set().union(*said.values())) == 1, f"{thing}: {said}"


@pytest.mark.parametrize(("language", "tomorrow", "after"), [
    (Language.ENGLISH, "normal activities tomorrow", "After 24 hours you can go back"),
    (Language.SPANISH, "Mañana puede volver a sus actividades",
     "Después de 24 horas puede volver"),
])
def test_after_sedation_normal_activities_wait_the_24_hours_of_the_sedation_box(
        language: Language, tomorrow: str, after: str) -> None:
    # Before: "You can go back to your normal activities tomorrow" beside "For the next 24
    # hours: do not drive" (an RFA at 9:30 AM: tomorrow at 8 AM is not 24 hours).
    sedated = signed(record(**VARIANTS["rfa"], sedation=Sedation.MODERATE))
    text = pdf_text(render_handout(sedated, CLINIC, HandoutOptions(language=language)))
    assert "24" in text.all and after in text and tomorrow not in text
    plain = pdf_text(render_handout(signed(record(**VARIANTS["rfa"])), CLINIC,
                                    HandoutOptions(language=language)))
    assert tomorrow in plain and after not in plain


@pytest.mark.parametrize(("language", "then", "plain"), [
    (Language.ENGLISH, "Then the steroid starts to work.", "most often within a day"),
    (Language.SPANISH, "Luego empieza a actuar el esteroide.", "casi siempre en menos de un día"),
])
def test_a_diagnostic_block_with_a_steroid_does_not_put_the_steroid_in_the_test_hours(
        language: Language, then: str, plain: str) -> None:
    # Before: "Your usual pain may come back when it wears off. Then the steroid starts to
    # work." beside "The test looks only at the first few hours. Any help from the steroid
    # comes days later" (issue 12, points 4 and 6).
    options = HandoutOptions(language=language)
    diagnostic = signed(record(medications=(LIDOCAINE, TRIAMCINOLONE)))
    text = pdf_text(render_handout(diagnostic, CLINIC, options))
    assert then not in text and plain in text
    ia = signed(record(kind=ProcedureKind.INTRA_ARTICULAR, block_number=None,
                       medications=(LIDOCAINE, TRIAMCINOLONE)))
    assert then in pdf_text(render_handout(ia, CLINIC, options))  # point 7 keeps it


DURATION_SPLITS = [r"\b\d+\n(?:days?|hours?|weeks?|minutes?|días?|horas?|semanas?|minutos?)\b",
                   r"\b\d+ (?:to|a)\n\d+", r"\b\d+\n(?:to|a) \d+ (?:days|weeks|días|semanas)"]


@pytest.mark.parametrize("large", [False, True])
@pytest.mark.parametrize("language", [Language.ENGLISH, Language.SPANISH])
def test_no_line_break_inside_a_duration(large: bool, language: Language) -> None:
    # Before: "Do not take a bath or go in a pool for 1" / "day." on the RFA handout (the
    # reader sees a number without its unit; issue 12, point 10 glues number and unit).
    from .pdfread import lines

    found = []
    for kind in VARIANTS.values():
        for steroid in (False, True):
            r = signed(record(**kind, **({"medications": (LIDOCAINE, TRIAMCINOLONE)}
                                         if steroid else {})))
            pdf = render_handout(r, CLINIC, HandoutOptions(language=language, large_print=large))
            text = "\n".join("\n".join(page) for page in lines(pdf))
            found += [m.group(0) for p in DURATION_SPLITS for m in re.finditer(p, text)]
    assert not found, found
