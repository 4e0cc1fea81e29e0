"""Issue 12, points 9 to 15: print and reading, measured on the rendered PDF (text pieces,
their positions and printed sizes, read back with pypdf)."""

from __future__ import annotations

import dataclasses
import math
import re
from datetime import UTC, datetime

import pytest

from clinic_desk.domain.procedures import ProcedureKind, Sedation
from clinic_desk.domain.record import Language, ProcedureRecord, Signature
from clinic_desk.handout import HandoutOptions, compose, fonts, handout_version_of, render_handout
from clinic_desk.handout.render import PAGE_H, PAGE_W, styles

from .conftest import (
    CLINIC,
    LIDOCAINE,
    PHYSICIAN,
    TRIAMCINOLONE,
    TZ,
    addendum,
    anticoagulant,
    pdf_text,
    record,
    signed,
)
from .pdfread import Piece, lines, pieces

MBB = ProcedureKind.MEDIAL_BRANCH_BLOCK
IA = ProcedureKind.INTRA_ARTICULAR
RFA = ProcedureKind.RADIOFREQUENCY_ABLATION
STEROID = (LIDOCAINE, TRIAMCINOLONE)
EN, ES = Language.ENGLISH, Language.SPANISH
RESUME = "Restart apixaban 5 mg on Wednesday, December 2, 2026 at 8:30 AM."
# The same instruction as the clinician types it for a Spanish handout (issue 12, point 2:
# clinician text is never translated, so every record printed in Spanish carries its own).
RESUME_ES = "Vuelva a tomar apixaban 5 mg el miércoles 2 de diciembre de 2026 a las 8:30 a. m."


def _variants() -> list[tuple[str, ProcedureRecord]]:
    """The kinds the clinical review looked at, signed, draft and with an addendum."""
    base = {
        "mbb1-lumbar": {},
        "mbb2-cervical": {"block_number": 2, "joints": "C4-5 L, C5-6 L"},
        "mbb-therapeutic": {"block_number": None, "joints": "T7-8 R, T8-9 B"},
        "ton": {"joints": "C2-3 L", "patient": {"anticoagulant": anticoagulant(
            "apixaban", RESUME, es=RESUME_ES)}},
        "ia-steroid": {"kind": IA, "block_number": None, "medications": STEROID,
                       "patient": {"diabetic": True}},
        "rfa-cervical": {"kind": RFA, "block_number": None, "sedation": Sedation.MODERATE,
                         "joints": "C4-5 R, C5-6 R, C6-7 B", "medications": STEROID},
    }
    out = []
    for name, changes in base.items():
        r = record(**changes)
        out += [(f"{name}-draft", r), (f"{name}-signed", signed(r)),
                (f"{name}-addendum", signed(r, addenda=(addendum(changes=True),)))]
    return out


VARIANTS = _variants()
CASES = [(name, r, lang, large) for name, r in VARIANTS for lang in (EN, ES)
         for large in (False, True)]


def _pdf(r: ProcedureRecord, language: Language = EN, large: bool = False,
         **options: object) -> bytes:
    return render_handout(r, CLINIC, HandoutOptions(language=language, large_print=large,
                                                    **options))  # type: ignore[arg-type]


_cache: dict[tuple[str, Language, bool], bytes] = {}


def _case_pdf(name: str, r: ProcedureRecord, language: Language, large: bool) -> bytes:
    key = (name, language, large)
    if key not in _cache:
        _cache[key] = _pdf(r, language, large)
    return _cache[key]


_pieces: dict[tuple[str, Language, bool], list[Piece]] = {}


def _case_pieces(name: str, r: ProcedureRecord, language: Language,
                 large: bool) -> list[Piece]:
    key = (name, language, large)
    if key not in _pieces:
        _pieces[key] = pieces(_case_pdf(name, r, language, large))
    return _pieces[key]


def _ids(case: tuple[str, ProcedureRecord, Language, bool]) -> str:
    return f"{case[0]}-{case[2].value}-{'large' if case[3] else 'standard'}"


# --- 9. Large print is large everywhere; no nearly empty page; nothing stranded ----------------

@pytest.mark.parametrize("case", [c for c in CASES if c[3]], ids=_ids)
def test_large_print_has_no_text_under_16_points(case) -> None:
    small = sorted({(p.text.strip()[:30], p.size) for p in _case_pieces(*case)
                    if p.size < 16})
    assert not small, small


def _frame(large: bool) -> tuple[float, float]:
    st = styles(large)
    return PAGE_H - st.margin, st.footer_h


def _fill(ps: list[Piece], page: int, large: bool) -> float:
    """How far down the text frame the page's text reaches (0 = empty, 1 = full)."""
    top, bottom = _frame(large)
    body = [p.y for p in ps if p.page == page and p.y > bottom and abs(p.angle) < 1]
    return (top - min(body)) / (top - bottom)


@pytest.mark.parametrize("case", CASES, ids=_ids)
def test_no_page_is_nearly_empty(case) -> None:
    ps = _case_pieces(*case)
    pages = max(p.page for p in ps) + 1
    fills = [round(_fill(ps, n, case[3]), 2) for n in range(pages)]
    assert min(fills) >= 0.3, fills
    # Page 1 and every page followed by more of the same text are nearly half full or more.
    for n in range(pages - 2):
        assert fills[n] >= 0.45, fills


def _rows(ps: list[Piece], page: int, large: bool) -> list[list[Piece]]:
    """The page's text between the running header and the footer, one list per baseline."""
    top, bottom = _frame(large)
    head = top - (22.0 if large else 18.0) if page else top
    body = sorted((p for p in ps if p.page == page and bottom < p.y < head + 1
                   and abs(p.angle) < 1), key=lambda p: (-round(p.y), p.x))
    rows: list[list[Piece]] = []
    for p in body:
        if rows and abs(rows[-1][0].y - p.y) < 2:
            rows[-1].append(p)
        else:
            rows.append([p])
    return rows


@pytest.mark.parametrize("case", CASES, ids=_ids)
def test_no_heading_or_bullet_is_stranded(case) -> None:
    heading = styles(case[3]).heading.size
    ps = _case_pieces(*case)
    pages = max(p.page for p in ps) + 1

    def is_heading(row: list[Piece]) -> bool:
        return any(abs(p.size - heading) < 0.1 and "Bold" in p.font for p in row)

    def is_bullet(row: list[Piece]) -> bool:
        return any(p.text.lstrip().startswith("•") for p in row)

    indent = styles(case[3]).bullet.left_indent
    for n in range(pages):
        rows = _rows(ps, n, case[3])
        assert rows and not is_heading(rows[-1]), f"a heading ends page {n + 1}"
        if (n < pages - 1 and len(rows) >= 2 and is_heading(rows[-2]) and is_bullet(rows[-1])
                and is_bullet(_rows(ps, n + 1, case[3])[0])):
            pytest.fail(f"a heading and one bullet end page {n + 1}, its section goes on")
        if n > 0 and is_bullet(rows[0]):
            # The page starts with bullets carried over from the page before: more than one,
            # or the last bullet of that section sits alone at the top of the page.
            left = rows[0][0].x
            bullets = 0
            for row in rows:
                if is_bullet(row):
                    bullets += 1
                elif abs(row[0].x - (left + indent - styles(case[3]).bullet.bullet_indent)) > 3:
                    break  # neither a bullet nor the next line of one
            assert bullets != 1 or len(rows) == 1, f"a single bullet at the top of page {n + 1}"


@pytest.mark.parametrize("large", [False, True])
@pytest.mark.parametrize("language", [EN, ES])
@pytest.mark.parametrize("kind", [MBB, IA, RFA])
@pytest.mark.parametrize("length", [1, 8])
def test_nothing_is_stranded_whatever_the_length_of_the_instructions(
        large: bool, language: Language, kind: ProcedureKind, length: int) -> None:
    """The clinician's instructions move every page break; the spanish large print page 1
    once ended with "Qué puede sentir" and one bullet, the rest of it on page 2."""
    resume = " ".join(["Take it with food."] * (length * 4))
    resume_es = " ".join(["Tómelo con comida."] * (length * 4))
    r = signed(record(kind=kind, block_number=1 if kind is MBB else None,
                      patient={"anticoagulant": anticoagulant("apixaban", resume,
                                                              es=resume_es)}))
    name = f"stranded-{kind.value}-{length}"
    test_no_heading_or_bullet_is_stranded((name, r, language, large))


# --- 10. No line break inside a phone number, a time, a date or a dose -------------------------

_MONTHS = ("January|February|March|April|May|June|July|August|September|October|November|"
           "December|enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|octubre|"
           "noviembre|diciembre")
SPLITS = [
    r"\(\d{3}\)\n\d{3}-\d{4}",
    r"\d{1,2}:\d{2}\n(AM|PM|a\. m\.|p\. m\.)",
    r"\b[ap]\.\nm\.",
    rf"\b({_MONTHS})\n\d",
    rf"\b({_MONTHS}) \d{{1,2}},\n\d{{4}}",
    rf"\b\d{{1,2}}\nde ({_MONTHS})",
    rf"\b\d{{1,2}} de\n({_MONTHS})",
    rf"\b({_MONTHS})\nde \d{{4}}",
    rf"\b({_MONTHS}) de\n\d{{4}}",
    r"\d\n(mg|mL)\b",
    r"apixaban\n\d",
]


@pytest.mark.parametrize("large", [False, True])
@pytest.mark.parametrize("language", [EN, ES])
def test_no_line_break_inside_a_phone_number_time_date_or_dose(large: bool,
                                                               language: Language) -> None:
    found = []
    for pad in range(0, 14, 2):
        resume = "Please " * pad + RESUME
        resume_es = "Por favor " * pad + RESUME_ES
        r = signed(record(patient={"anticoagulant": anticoagulant("apixaban", resume,
                                                                  es=resume_es)},
                          follow_up=datetime(2026, 12, 8, 10, 0, tzinfo=TZ)))
        text = "\n".join("\n".join(page) for page in lines(_pdf(r, language, large)))
        found += [m.group(0) for pattern in SPLITS for m in re.finditer(pattern, text)]
    assert not found, found


# --- 11. Line length ---------------------------------------------------------------------------

@pytest.mark.parametrize("case", [c for c in CASES if not c[3]], ids=_ids)
def test_standard_print_lines_are_at_most_about_75_characters(case) -> None:
    long = []
    diary_head = {EN: "Time after", ES: "Tiempo después"}[case[2]]
    for page in lines(_case_pdf(*case)):
        for line in page:
            text = line.removeprefix("• ").strip()
            if len(text) > 75 and not text.startswith(diary_head):
                long.append(text)
    assert not long, long


# --- 12. The signature in the patient's words and local time; the code explained -------------

def test_signature_line_in_the_patients_words_and_local_time() -> None:
    sig = Signature(PHYSICIAN, datetime(2026, 12, 2, 17, 15, tzinfo=UTC),
                    "Reviewed and approved", "0" * 64)
    r = signed(record()).with_changes(signature=sig)
    text = pdf_text(_pdf(r, timezone=TZ))
    assert ("Dr. Hana Lee checked and signed this sheet on Wednesday, December 2, 2026, at "
            "12:15 PM.") in text
    for machine in ("UTC", "2026-12-02", "17:15", "Meaning:"):
        assert machine not in text.all
    spanish = pdf_text(_pdf(r, ES, timezone=TZ))
    assert ("Hana Lee, su médico, revisó y firmó esta hoja el miércoles 2 de diciembre de "
            "2026, a las 12:15 p. m.") in spanish


def test_a_signature_performed_by_says_so_and_a_nurse_keeps_her_credentials() -> None:
    from clinic_desk.domain.record import StaffRef
    sig = Signature(StaffRef("scole", "Sam Cole", "NP"), datetime(2026, 12, 2, 17, 15,
                                                                  tzinfo=UTC),
                    "Performed by", "0" * 64)
    text = pdf_text(_pdf(signed(record()).with_changes(signature=sig), timezone=TZ))
    assert "Sam Cole, NP did your procedure and signed this sheet on" in text


@pytest.mark.parametrize(("language", "words"), [
    (EN, "Staff use this code to check this sheet: "),
    (ES, "El personal revisa la hoja con este código: ")])
def test_the_verification_code_says_what_it_is_for(language: Language, words: str) -> None:
    r = signed(record())
    text = pdf_text(_pdf(r, language))
    code = compose(r, CLINIC, HandoutOptions(language=language)).code
    for page in text.pages:
        assert words + code in page


# --- 13. Diagram: labels on the treated side, at least 8 pt ------------------------------------

@pytest.mark.parametrize("language", [EN, ES])
@pytest.mark.parametrize("joints", ["L4-5 B, L5-S1 L", "C5-6 L, C6-7 R", "T4-5 L, T5-6 L, T6-7 L"])
def test_diagram_labels_sit_on_the_treated_side_and_are_readable(language: Language,
                                                                 joints: str) -> None:
    r = signed(record(joints=joints))
    ps = [p for p in pieces(_pdf(r, language)) if p.page == 0]
    for js in r.joints:
        [label] = [p for p in ps if p.text.strip() == js.joint.name]
        [bone] = [p for p in ps if p.text.strip() == js.joint.name.split("-")[0]]
        if js.side.value == "left":
            assert label.x < bone.x - 15, js
        else:
            assert label.x > bone.x + 15, js
    pack_words = ("Left", "Right") if language is EN else ("Izquierda", "Derecha")
    bones = {js.joint.name.split("-")[0] for js in r.joints}
    for p in ps:
        if p.text.strip() in pack_words or p.text.strip() in bones:
            assert p.size >= 8, p


# --- 14. Spanish ------------------------------------------------------------------------------

def test_spanish_wording_fixes() -> None:
    text = pdf_text(_pdf(signed(record(medications=STEROID, sedation=Sedation.MODERATE)), ES))
    assert "cada hora" not in text.all.lower()  # rows at 15 and 30 minutes too
    assert "En cada momento de la tabla, anote su dolor" in text
    assert "efectos secundarios" in text
    assert "llevarle" not in text.all
    assert "Un adulto debe ir con usted a casa hoy." in text


@pytest.mark.parametrize("large", [False, True])
@pytest.mark.parametrize("language", [EN, ES])
def test_the_draft_watermark_matches_the_box_and_stays_on_the_page(large: bool,
                                                                   language: Language) -> None:
    r = record()
    mark = compose(r, CLINIC, HandoutOptions(language=language)).draft_mark
    ps = pieces(_pdf(r, language, large))
    pages = max(p.page for p in ps) + 1
    marks = [p for p in ps if abs(p.angle) > 10]
    assert len(marks) == pages
    for p in marks:
        assert p.text.strip() == mark  # the same words as the box under the title
        width = sum(fonts_width(chunk, font, p.size) for font, chunk in fonts.runs(p.text, True))
        end_x = p.x + width * math.cos(math.radians(p.angle))
        end_y = p.y + width * math.sin(math.radians(p.angle))
        for x, y in ((p.x, p.y), (end_x, end_y)):
            assert 0 <= x <= PAGE_W and 0 <= y <= PAGE_H
    assert mark in pdf_text(_pdf(r, language, large)).pages[0 if not large else 1] or large


def fonts_width(text: str, font: str, size: float) -> float:
    from reportlab.pdfbase.pdfmetrics import stringWidth
    return float(stringWidth(text, font, size))


# --- 15. A draft shows the handout's version, not the record's edit counter ------------------

def test_a_draft_shows_the_handout_version_not_the_edit_counter() -> None:
    draft = record(version=7)
    assert handout_version_of(draft) == 1
    text = pdf_text(_pdf(draft, version=handout_version_of(draft)))
    assert "Handout version 1" in text and "version 7" not in text.all
    amended = signed(draft, addenda=(addendum(changes=True),))
    assert handout_version_of(amended) == 2


def test_the_service_prints_a_draft_as_version_1() -> None:
    from clinic_desk.services.printing import handout_version
    assert handout_version(record(version=7)) == 1
    assert dataclasses.replace(record(version=7)).version == 7  # the record keeps its counter
