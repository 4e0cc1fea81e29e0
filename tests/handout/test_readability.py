"""Readability of every variant of the handout text (REFERENCE.md 5.7): Flesch-Kincaid grade
6 or lower in English, Fernandez-Huerta 70 or more in Spanish. textstat is pinned to 0.7.4,
which works offline (later versions download data at run time)."""

from __future__ import annotations

import dataclasses
import itertools
import re
from collections.abc import Iterator

import pytest
import textstat

from clinic_desk.domain.procedures import ProcedureKind, Sedation
from clinic_desk.domain.record import Language
from clinic_desk.handout import HandoutOptions, compose

from .conftest import BUPIVACAINE, CLINIC, LIDOCAINE, TRIAMCINOLONE, anticoagulant, record, signed

BLOOD_THINNERS = [None, anticoagulant("warfarin"),
                  anticoagulant("apixaban", "Restart it tonight.",
                                es="Vuelva a tomarlo esta noche.")]
KINDS = [(ProcedureKind.MEDIAL_BRANCH_BLOCK, 1), (ProcedureKind.MEDIAL_BRANCH_BLOCK, 2),
         (ProcedureKind.MEDIAL_BRANCH_BLOCK, None), (ProcedureKind.INTRA_ARTICULAR, None),
         (ProcedureKind.RADIOFREQUENCY_ABLATION, None)]


def variants() -> Iterator[tuple[str, object]]:
    """Every combination of the facts that choose text: kind, region, sedation, steroid,
    diabetes, blood thinner (with and without instructions) and follow-up."""
    for (kind, block), joints, sedation, steroid, diabetic, ac, follow in itertools.product(
            KINDS, ["C2-3 L, C3-4 L", "T7-8 R, T8-9 B", "L4-5 B, L5-S1 L"], (False, True),
            (False, True), (False, True), (0, 1, 2), (False, True)):
        r = record(kind=kind, block_number=block, joints=joints,
                   sedation=Sedation.MINIMAL if sedation else Sedation.NONE,
                   medications=(LIDOCAINE, TRIAMCINOLONE) if steroid else (BUPIVACAINE,),
                   follow_up=None if not follow else record().follow_up,
                   patient={"diabetic": diabetic, "anticoagulant": BLOOD_THINNERS[ac]})
        yield f"{kind.value}-{block}-{joints}-{sedation}{steroid}{diabetic}{ac}{follow}", r


def body(r: object, language: Language) -> str:
    """The prose a patient reads; each bullet and title counts as its own sentence, as a reader
    takes it. The clinician's own words (restart instructions) are not ours to grade."""
    # The clinic's "call if your blood sugar is over" number: set for half of the variants.
    clinic = GLUCOSE_CLINIC if r.follow_up is not None else CLINIC  # type: ignore[attr-defined]
    c = compose(signed(r), clinic, HandoutOptions(language=language))  # type: ignore[arg-type]
    lines = [line.strip() for line in c.body_text().splitlines() if line.strip()]
    return "\n".join(line if re.search(r"[.!?:]$", line) else line + "." for line in lines)


ALL = list(variants())
GLUCOSE_CLINIC = dataclasses.replace(CLINIC, glucose_call_above=300)


def test_every_english_variant_reads_at_grade_6_or_lower() -> None:
    textstat.set_lang("en_US")
    worst = max(((textstat.flesch_kincaid_grade(body(r, Language.ENGLISH)), name)
                 for name, r in ALL), key=lambda t: t[0])
    assert worst[0] <= 6.0, f"grade {worst[0]} for {worst[1]}"


def test_every_spanish_variant_is_easy_to_read() -> None:
    textstat.set_lang("es")
    try:
        worst = min(((textstat.fernandez_huerta(body(r, Language.SPANISH)), name)
                     for name, r in ALL), key=lambda t: t[0])
    finally:
        textstat.set_lang("en_US")
    assert worst[0] >= 70, f"Fernandez-Huerta {worst[0]} for {worst[1]}"


@pytest.mark.parametrize("language", [Language.ENGLISH, Language.SPANISH])
def test_no_sentence_is_long(language: Language) -> None:
    """Short sentences are the first rule of plain language (CDC Simply Put, REFERENCE 5.7)."""
    for _name, r in ALL[:: len(ALL) // 40]:
        for sentence in re.split(r"(?<=[.!?:])\s+", body(r, language)):
            assert len(sentence.split()) <= 30, sentence
