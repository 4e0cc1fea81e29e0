"""The handout's own flowables: line breaking, splitting across pages, long text."""

from __future__ import annotations

import pytest
from reportlab.lib.colors import black

from clinic_desk.handout import fonts, render_handout
from clinic_desk.handout.textflow import Text, TextStyle, break_lines, styled_runs, width_of

from .conftest import CLINIC, anticoagulant, pdf_text, record

STYLE = TextStyle(11.0, 14.0, black)


def _text(lines: list) -> list[str]:
    return ["".join(piece for _f, piece, _w in line) for line in lines]


def test_lines_fit_the_width_and_keep_every_word() -> None:
    text = "Put ice on the sore area for 15 to 20 minutes at a time, every 2 to 3 hours today."
    lines = break_lines(styled_runs(text), 11.0, 120.0)
    assert len(lines) > 2
    assert " ".join(_text(lines)) == text
    for line in lines:
        assert sum(w for _f, _p, w in line) <= 120.01


def test_a_word_wider_than_the_line_is_cut_not_lost() -> None:
    word = "Pneumonoultramicroscopicsilicovolcanoconiosis"
    lines = break_lines(styled_runs(word), 11.0, 60.0)
    assert "".join(_text(lines)) == word and len(lines) > 1


def test_newlines_in_the_clinicians_words_are_kept() -> None:
    lines = break_lines(styled_runs("Line one.\nLine two."), 11.0, 400.0)
    assert _text(lines) == ["Line one.", "Line two."]


def test_chinese_text_breaks_between_characters_in_the_cjk_font() -> None:
    text = "王小明" * 20
    lines = break_lines(styled_runs(text), 11.0, 80.0)
    assert "".join(_text(lines)) == text and len(lines) > 1
    assert {f for line in lines for f, _p, _w in line} == {fonts.FALLBACK}


def test_bold_markup_and_mixed_scripts_choose_fonts_per_run() -> None:
    runs = styled_runs("Call **now**, 王 Zoë")
    assert (fonts.BOLD, "now") in runs
    assert any(f == fonts.FALLBACK and "王" in t for f, t in runs)
    assert width_of("Zoë", fonts.REGULAR, 10) > 0


def test_text_splits_across_pages_without_single_lines() -> None:
    t = Text(" ".join(["word"] * 400), STYLE)
    _w, h = t.wrap(300, 10_000)
    parts = t.split(300, h / 2)
    assert len(parts) == 2
    assert sum(len(p.lines) for p in parts) == len(t.lines)
    assert t.split(300, STYLE.leading * 1.5) == []  # one line alone: move the whole paragraph


@pytest.mark.parametrize("lines", [3, 80])
def test_long_instructions_from_the_clinician_print_in_full(lines: int) -> None:
    resume = "\n".join(f"Step {n}: take half a tablet with food." for n in range(1, lines + 1))
    r = record(patient={"anticoagulant": anticoagulant("warfarin", resume)})
    text = pdf_text(render_handout(r, CLINIC))
    for n in (1, lines):
        assert f"Step {n}: take half a tablet with food." in text


def test_side_by_side_sections_edited_to_be_very_long_still_print(tmp_path, monkeypatch) -> None:
    import shutil

    from clinic_desk.handout import resources as res

    folder = tmp_path / "handouts"
    shutil.copytree(res.HANDOUTS_DIR / "en", folder / "en")
    long_911 = folder / "en" / "06-call-911.txt"
    long_911.write_text(long_911.read_text(encoding="utf-8") + "".join(
        f"* Warning sign number {n} that staff added.\n" for n in range(1, 70)), encoding="utf-8")
    monkeypatch.setattr(res, "HANDOUTS_DIR", folder)
    res.clear_cache()
    try:
        text = pdf_text(render_handout(record(), CLINIC))
        assert "Warning sign number 69 that staff added." in text
    finally:
        res.clear_cache()
