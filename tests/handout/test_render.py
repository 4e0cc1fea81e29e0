"""Rendered handouts read back with pypdf: the right sections for each record, levels and
sides, diary times, names in any script, DRAFT on every page, signatures, footer, metadata."""

from __future__ import annotations

import io
import itertools
import logging
import subprocess
import sys
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import pypdf
import pytest

from clinic_desk.domain.joints import parse_joint_sides
from clinic_desk.domain.procedures import ProcedureKind, Sedation
from clinic_desk.domain.record import Language, ProcedureRecord
from clinic_desk.domain.signoff import manifestation
from clinic_desk.handout import HandoutOptions, compose, load_language, render_handout
from clinic_desk.handout.content import format_time
from clinic_desk.handout.fonts import uncovered

from .conftest import (
    BUPIVACAINE,
    CLINIC,
    LIDOCAINE,
    NAMES,
    TRIAMCINOLONE,
    TZ,
    PdfText,
    addendum,
    anticoagulant,
    at,
    fold,
    pdf_text,
    record,
    signed,
)

MBB = ProcedureKind.MEDIAL_BRANCH_BLOCK
IA = ProcedureKind.INTRA_ARTICULAR
RFA = ProcedureKind.RADIOFREQUENCY_ABLATION

KINDS: list[tuple[ProcedureKind, int | None, bool]] = [  # kind, block number, steroid
    (MBB, 1, False), (MBB, 2, False), (MBB, None, False), (IA, None, True), (IA, None, False),
    (RFA, None, False),
]
JOINTS = ["C5-6 L", "T7-8 R", "L4-5 B", "C3-4 B, C4-5 L", "T4-5 B, T5-6 R, T6-7 L",
          "L3-4 R, L4-5 R, L5-S1 B"]


@dataclass(frozen=True)
class Case:
    record: ProcedureRecord
    language: Language
    large: bool

    @property
    def id(self) -> str:
        r = self.record
        flags = [r.kind.value.split("_")[0], str(r.block_number or ""), self.language.value,
                 "+".join(js.joint.name + js.side.value[0] for js in r.joints)]
        flags += [f for f, on in (("sed", r.sedation_given), ("ster", r.steroid_given),
                                  ("dm", r.patient.diabetic), ("large", self.large),
                                  ("signed", r.signature is not None)) if on]
        if r.patient.anticoagulant:
            flags.append("ac" + ("+rx" if r.patient.anticoagulant.resume_instructions else ""))
        return "-".join(flags)


def _matrix() -> list[Case]:
    """Every kind x every level/side/region set x both languages; the yes/no facts vary
    with the case number so each one is seen on and off across kinds and languages."""
    cases = []
    for n, ((kind, block, steroid), joints, lang) in enumerate(
            itertools.product(KINDS, JOINTS, (Language.ENGLISH, Language.SPANISH))):
        meds = (LIDOCAINE, TRIAMCINOLONE) if steroid or (kind is RFA and n % 4 == 1) else (
            BUPIVACAINE,)
        ac = [None, anticoagulant("apixaban", "Restart apixaban tomorrow at 8 AM.",
                                  es="Vuelva a tomar apixabán mañana a las 8 a. m."),
              anticoagulant("clopidogrel")][n % 3]
        r = record(kind=kind, block_number=block, joints=joints, medications=meds,
                   sedation=Sedation.MODERATE if n % 2 else Sedation.NONE,
                   follow_up=None if n % 7 == 3 else at("2026-12-08 10:00"),
                   patient={"diabetic": bool((n // 3) % 2), "anticoagulant": ac,
                            "preferred_language": lang})
        if n % 4 == 0:
            r = signed(r)
        cases.append(Case(r, lang, large=n % 5 == 0))
    return cases


MATRIX = _matrix()


def _title(lang: Language, key: str, **values: str) -> str:
    [section] = [s for s in load_language(lang.value).sections if s.key == key]
    return section.title.format(**values)


def _render(case: Case) -> PdfText:
    # The patient's own language is used: no language option.
    return pdf_text(render_handout(case.record, CLINIC, HandoutOptions(large_print=case.large)))


def _expected_sections(r: ProcedureRecord) -> dict[str, bool]:
    ac = r.patient.anticoagulant
    return {
        "10-what-you-had": True, "20-what-to-expect": True, "30-what-to-do": True,
        "40-sedation": r.sedation_given, "41-steroid": r.steroid_given,
        "42-blood-thinner": ac is not None, "45-rfa-first-weeks": r.kind is RFA,
        "47-follow-up": r.follow_up is not None, "48-medicines": True,
        "50-pain-diary": r.kind is MBB and r.block_number is not None,
        "05-when-to-call": True, "06-call-911": True,
    }


@pytest.mark.parametrize("case", MATRIX, ids=lambda c: c.id)
def test_matrix(case: Case) -> None:
    r, lang = case.record, case.language
    text = _render(case)
    pack = load_language(lang.value)
    ac = r.patient.anticoagulant

    # The right sections, and only those.
    for key, wanted in _expected_sections(r).items():
        title = _title(lang, key, anticoagulant=ac.name if ac else "")
        assert (title in text) is wanted, f"{key}: {title!r} expected {wanted}"

    # Who, where and what, worded from the record.
    assert r.patient.full_name in text and r.patient.mrn in text
    from clinic_desk.handout.content import procedure_sentence
    assert procedure_sentence(pack, r) in text
    for js in r.joints:
        assert js.joint.name in text

    steroid_diabetes = {Language.ENGLISH: "Check your blood sugar more often",
                        Language.SPANISH: "Mídase el azúcar más seguido"}[lang]
    assert (steroid_diabetes in text) is (r.steroid_given and r.patient.diabetic)
    if ac is not None and ac.resume_instructions:
        # The clinician's words in the handout's language only (issue 12, point 2).
        for code, words in ac.resume_instructions.texts:
            assert (words in text) is (code == lang.value), (code, words)
    elif ac is not None:
        ask = {Language.ENGLISH: f"Ask us before you restart {ac.name}.",
               Language.SPANISH: f"Pregúntenos antes de volver a tomar {ac.name}."}[lang]
        assert ask in text

    if r.kind is MBB and r.block_number is not None:
        for minutes in (15, 30, 60, 120, 180, 240, 300, 360):
            from datetime import timedelta
            assert format_time(pack, r.diary_start + timedelta(minutes=minutes)) in text
        cervical = {Language.ENGLISH: "turning your head", Language.SPANISH: "girar la cabeza"}
        assert (cervical[lang] in text) is any(j.joint.region.value == "cervical"
                                               for j in r.joints)

    # Every page: its number, the version and the code; DRAFT on every page of a draft.
    code = compose(r, CLINIC).code
    mark = pack.phrase("draft.mark")
    for n, page in enumerate(text.pages, 1):
        assert fold(pack.phrase("footer.page", page=n, pages=len(text.pages))) in page
        assert code in page
        assert (mark in page) is (r.signature is None)
    if r.signature is not None:
        words = ("Dr. Hana Lee checked and signed this sheet on" if lang is Language.ENGLISH
                 else "Hana Lee, su médico, revisó y firmó esta hoja el")
        assert words in text


def test_the_matrix_covers_every_dimension() -> None:
    seen: dict[str, set[Any]] = {}

    def add(k: str, v: Any) -> None:
        seen.setdefault(k, set()).add(v)

    for c in MATRIX:
        r = c.record
        add("kind", r.kind)
        add("levels", len(r.joints) > 1)
        for js in r.joints:
            add("side", js.side)
            add("region", js.joint.region)
        for k, v in (("sedation", r.sedation_given), ("steroid", r.steroid_given),
                     ("diabetic", r.patient.diabetic), ("lang", c.language),
                     ("large", c.large), ("signed", r.signature is not None),
                     ("ac", r.patient.anticoagulant is not None),
                     ("follow_up", r.follow_up is not None)):
            add(k, v)
    assert all(len(v) >= 2 for v in seen.values()), seen
    assert len(seen["kind"]) == 3 and len(seen["side"]) == 3 and len(seen["region"]) == 3


def test_a_two_level_mbb_fits_on_two_pages_and_the_diary_page() -> None:
    assert len(_render(Case(signed(record()), Language.ENGLISH, False)).pages) == 3


@pytest.mark.parametrize(("given", "family"), NAMES)
def test_names_print_exactly_as_stored(given: str, family: str) -> None:
    r = record(patient={"given_name": given, "family_name": family})
    assert uncovered(r.patient.full_name) == ""  # no boxes instead of letters
    text = _render(Case(r, Language.ENGLISH, False))
    assert r.patient.full_name in text.pages[0]
    if len(text.pages) > 1:  # the running header of the next pages names the patient too
        assert r.patient.full_name in text.pages[1]


def test_options_override_the_patients_language() -> None:
    r = record(patient={"preferred_language": Language.SPANISH})
    assert "Su procedimiento de hoy" in _render(Case(r, Language.SPANISH, False))
    english = pdf_text(render_handout(r, CLINIC, HandoutOptions(language=Language.ENGLISH)))
    assert "What you had today" in english and "Su procedimiento" not in english


def test_signed_handout_has_the_signature_in_the_patients_words_and_no_draft_mark() -> None:
    r = signed(record())
    text = pdf_text(render_handout(r, CLINIC, HandoutOptions(timezone=TZ)))
    assert r.signature is not None
    assert manifestation(r.signature) not in text  # not "2026-11-24 10:42 UTC-05:00"
    assert ("Dr. Hana Lee checked and signed this sheet on Tuesday, November 24, 2026, at "
            "10:42 AM.") in text
    assert "DRAFT" not in text.all and "UTC" not in text.all and "Meaning:" not in text.all


def test_unsigned_spanish_handout_marks_every_page_in_both_languages() -> None:
    r = record(patient={"preferred_language": Language.SPANISH})
    text = _render(Case(r, Language.SPANISH, True))
    assert len(text.pages) > 1
    for page in text.pages:
        assert "BORRADOR - sin revisar" in page and "DRAFT - not reviewed" in page


def test_addenda_print_in_the_patients_words_not_as_typed() -> None:
    r = signed(record(), addenda=(addendum("Diary returned by phone: 90% relief.",
                                           "Late entry", changes=True),))
    text = _render(Case(r, Language.ENGLISH, False))
    assert "Changes after signing" in text
    assert "Dr. Hana Lee added a note to your record and signed it on" in text
    assert "Addendum 1 - 2026-11-25 08:10 UTC-05:00" not in text and "UTC" not in text.all
    assert "Reason: Late entry" not in text and "90% relief" not in text.all
    assert "Electronically signed" not in text.all


def _sizes(pdf: bytes, needle: str) -> set[float]:
    sizes: set[float] = set()
    for page in pypdf.PdfReader(__import__("io").BytesIO(pdf)).pages:
        def visit(text: str, _cm: Any, tm: Any, _font: Any, size: float) -> None:
            if needle in text:
                sizes.add(round(size * tm[0], 1))
        page.extract_text(visitor_text=visit)
    return sizes


def test_large_print_body_text_is_at_least_16_points() -> None:
    needle = "needles went in"
    normal = _sizes(render_handout(record(), CLINIC), needle)
    large = _sizes(render_handout(record(), CLINIC, HandoutOptions(large_print=True)), needle)
    assert normal and max(normal) < 16
    assert large and min(large) >= 16


def test_metadata_names_the_clinic_not_the_patient() -> None:
    r = record(patient={"given_name": "Zoë", "family_name": "O'Brien", "mrn": "A1001"})
    meta = _render(Case(r, Language.ENGLISH, False)).metadata
    assert meta["/Author"] == CLINIC.name
    assert meta["/Title"] == "After your procedure - Discharge instructions"
    for secret in ("Zoë", "O'Brien", "A1001"):
        assert all(secret not in v for v in meta.values())


def test_same_record_and_time_give_the_same_text_and_creation_date() -> None:
    when = datetime.fromisoformat("2026-11-24T10:50:00-05:00")
    options = HandoutOptions(generated_at=when, version=2)
    r = record()
    a, b = (pdf_text(render_handout(r, CLINIC, options)) for _ in range(2))
    assert a.pages == b.pages
    assert a.metadata["/CreationDate"] == "D:20261124105000-05'00'"
    assert "Handout version 2" in a


@pytest.mark.allow_log_warnings
def test_clinic_logo_is_drawn_and_a_broken_logo_is_only_left_out(
        caplog: pytest.LogCaptureFixture) -> None:
    import base64
    png = base64.b64decode(  # a 1 x 1 blue PNG
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==")
    with_logo = render_handout(record(), CLINIC.__class__(name="Logo Clinic", logo_png=png))
    assert b"/Subtype /Image" in with_logo
    broken = CLINIC.__class__(name="Logo Clinic", logo_png=b"not a png")
    with caplog.at_level(logging.WARNING):
        text = pdf_text(render_handout(record(), broken))
    assert "Logo Clinic" in text
    assert any("logo could not be read" in m for m in caplog.messages)


def test_logs_never_carry_patient_data(caplog: pytest.LogCaptureFixture) -> None:
    r = record(patient={"given_name": "Zoë", "family_name": "Quintero-Ávila", "mrn": "Z9988"},
               notes="private note")
    with caplog.at_level(logging.DEBUG, logger="clinic_desk"):
        render_handout(r, CLINIC)
    logged = " ".join(rec.getMessage() for rec in caplog.records)
    for secret in ("Zoë", "Quintero", "Z9988", "1961", "private"):
        assert secret not in logged


def test_the_renderer_imports_neither_qt_nor_the_database() -> None:
    code = ("import sys, clinic_desk.handout as h; "
            "bad = [m for m in sys.modules if m.split('.')[0] in ('PySide6', 'sqlalchemy') "
            "or m.startswith('clinic_desk.storage')]; print(bad); sys.exit(1 if bad else 0)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr


def test_joint_sides_helper_matches_domain_parsing() -> None:
    # The matrix writes levels as staff type them; the domain turns them into joints.
    assert [str(j) for j in parse_joint_sides("L3-4 R, L4-5 R, L5-S1 B")] == [
        "L3-L4 right", "L4-L5 right", "L5-S1 bilateral"]


@pytest.mark.allow_log_warnings
@pytest.mark.parametrize(("given", "family"), [("สมชาย", "ใจดี"), ("נועה", "כהן"),
                                               ("आरव", "शर्मा")])
def test_scripts_not_yet_supported_still_print_and_are_logged_without_the_name(
        given: str, family: str, caplog: pytest.LogCaptureFixture) -> None:
    r = record(patient={"given_name": given, "family_name": family})
    with caplog.at_level(logging.WARNING, logger="clinic_desk"):
        text = _render(Case(r, Language.ENGLISH, False))
    assert r.patient.mrn in text  # the handout still prints, with the MRN to identify it
    [warning] = [m for m in caplog.messages if "cannot print correctly" in m]
    assert given not in warning and family not in warning and "record 42" in warning


def test_supported_scripts_log_no_warning(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger="clinic_desk"):
        for given, family in NAMES:
            render_handout(record(patient={"given_name": given, "family_name": family}), CLINIC)
    assert not caplog.records


@pytest.mark.parametrize("language", [Language.ENGLISH, Language.SPANISH])
@pytest.mark.parametrize("joints", ["C5-6 L", "L4-5 B", "T4-5 B, T5-6 R, T6-7 L"])
@pytest.mark.parametrize("large", [False, True])
def test_diagram_side_words_stay_clear_of_the_small_figure(
        monkeypatch: pytest.MonkeyPatch, language: Language, joints: str,
        large: bool) -> None:
    """'Izquierda' once ran into the small figure's head beside the spine (seen on screen)."""
    from reportlab.pdfgen.canvas import Canvas

    from clinic_desk.handout import diagram

    drawn: list[tuple[Any, ...]] = []
    original = diagram.draw_spine

    def spy(c: Any, js: Any, labels: Any, width: float, height: float, fs: float) -> None:
        drawn.append((js, labels, width, height, fs))
        original(c, js, labels, width, height, fs)

    monkeypatch.setattr(diagram, "draw_spine", spy)
    render_handout(record(joints=parse_joint_sides(joints)), CLINIC,
                   HandoutOptions(language=language, large_print=large))
    assert drawn

    class Recording(Canvas):  # type: ignore[misc]
        def __init__(self) -> None:
            super().__init__(io.BytesIO())
            self.strings: list[tuple[float, str, float, float]] = []

        def drawString(self, x: float, y: float, text: str, *a: Any, **k: Any) -> None:
            self.strings.append((x, text, self._fontsize,
                                 self.stringWidth(text, self._fontname, self._fontsize)))
            super().drawString(x, y, text, *a, **k)

    for js, labels, width, height, fs in drawn:
        canvas = Recording()
        original(canvas, js, labels, width, height, fs)
        left = [s for s in canvas.strings if s[1] == labels["left"]]
        right = [s for s in canvas.strings if s[1] == labels["right"]]
        assert len(left) == len(right) == 1
        (x, _, size, _), (rx, _, rsize, rwidth) = left[0], right[0]
        assert x >= width * 0.13 + 4  # right of the small figure (its width + the gap)
        assert size == rsize and size >= fs * 0.6  # shrunk alike, still readable
        assert rx + rwidth <= width
