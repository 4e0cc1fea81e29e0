"""Small, fast flowables for the handout: wrapped text, boxes, columns and the diary grid.

reportlab's Paragraph parses XML markup and Table measures each cell several times; a handout
needs neither (plain text, **bold**, a font per script), and with them one handout took 40 ms.
These draw the same kind of page in a fraction of that (benchmarks/bench_handout.py).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import lru_cache

from reportlab.lib.colors import Color
from reportlab.lib.rl_accel import escapePDF, fp_str
from reportlab.pdfbase.pdfmetrics import getFont, stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable

from . import fonts


@dataclass(frozen=True, slots=True)
class TextStyle:
    size: float
    leading: float
    color: Color
    bold: bool = False
    left_indent: float = 0.0  # of the text; a bullet sits at bullet_indent
    bullet_indent: float = 0.0
    space_before: float = 0.0
    space_after: float = 0.0
    keep_with_next: bool = False
    max_width: float = 0.0  # the longest line in points (0: the whole width available)

    def but(self, **changes: object) -> TextStyle:
        return replace(self, **changes)  # type: ignore[arg-type]


# A frame at least this tall is an empty page: a flowable that does not fit there never will.
FULL_PAGE = 560.0

# Width of a word at size 1, per font: most words recur on every handout.
_widths: dict[tuple[str, str], float] = {}


def width_of(text: str, font: str, size: float) -> float:
    key = (text, font)
    w = _widths.get(key)
    if w is None:
        if len(_widths) > 50_000:
            _widths.clear()
        w = _widths[key] = stringWidth(text, font, 1.0)
    return w * size


_BOLD = re.compile(r"\*\*(.+?)\*\*")

NBSP = "\u00a0"
_MONTHS = ("January|February|March|April|May|June|July|August|September|October|November|"
           "December|enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|octubre|"
           "noviembre|diciembre")
_WEEKDAYS = ("Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|lunes|martes|"
             "miércoles|jueves|viernes|sábado|domingo")
_UNITS = r"(?:mg|mcg|µg|g|mL|ml|L|units?|unidades|%|mg/mL|mg/dL|IU|UI)"
_SPANS = (r"(?:minutes?|hours?|days?|weeks?|months?|minutos?|horas?|días?|semanas?|meses|mes)")
# Runs of words that must stay on one line (issue 12, point 10): a phone number, a clock
# time, a date, a drug name with its dose, a number with its unit.
_KEEP_TOGETHER = re.compile("|".join([
    r"\(\d{3}\) \d{3}-\d{4}",                                  # (217) 555-0142
    r"\b\d{3} \d{3} \d{4}\b",                                   # 217 555 0142
    r"\b\d{1,2}(?::\d{2})? ?(?:AM|PM|am|pm|a\. ?m\.|p\. ?m\.)",    # 8:30 AM, 9:15 a. m.
    rf"\b(?:(?:{_WEEKDAYS}),? )?(?:{_MONTHS}) \d{{1,2}},? \d{{4}}",     # Tuesday, December 2, 2026
    rf"\b(?:(?:{_WEEKDAYS}),? )?(?:{_MONTHS}) \d{{1,2}}\b",             # December 2
    rf"\b(?:(?:{_WEEKDAYS}),? )?\d{{1,2}} de (?:{_MONTHS})(?: de \d{{4}})?",  # martes 2 de ...
    rf"\b[A-Za-zÀ-ÿ]+ \d+(?:[.,]\d+)? ?{_UNITS}(?![\w])",          # apixaban 5 mg
    rf"\b\d+(?:[.,]\d+)? {_UNITS}(?![\w])",                        # 5 mg
    # A duration: "for 1 / day." or "2 to 7 / days" reads as a number without its meaning.
    rf"\b\d+(?: (?:to|a) \d+)? {_SPANS}\b",                        # 2 to 7 days, 1 día
]))


@lru_cache(maxsize=4096)
def glue(text: str) -> str:
    """Non-breaking spaces inside phone numbers, clock times, dates, doses and durations, so the
    line breaker (which breaks only at ordinary spaces) never splits them."""
    if not any(ch.isdigit() for ch in text):
        return text
    return _KEEP_TOGETHER.sub(lambda m: m.group(0).replace(" ", NBSP), text)


def styled_runs(text: str, bold: bool = False,
                markdown: bool = True) -> tuple[tuple[str, str], ...]:
    """(font, text) runs: **bold** parts in the bold face, other scripts in the CJK font."""
    if not markdown or "**" not in text:
        return fonts.runs(text, bold)
    out: list[tuple[str, str]] = []
    pos = 0
    for m in _BOLD.finditer(text):
        if m.start() > pos:
            out += fonts.runs(text[pos:m.start()], bold)
        out += fonts.runs(m.group(1), True)
        pos = m.end()
    if pos < len(text):
        out += fonts.runs(text[pos:], bold)
    return tuple(out)


Line = list[tuple[str, str, float]]  # (font, text, width) pieces


@lru_cache(maxsize=4096)
def break_lines(runs: tuple[tuple[str, str], ...], size: float, width: float) -> list[Line]:
    """Cached: the same template text at the same width breaks the same way on every
    handout. Callers must not change the lists it returns.

    Greedy line breaking at spaces (and between CJK characters); hard breaks at newlines;
    a word wider than the line is cut where it must be."""
    lines: list[Line] = []
    line: Line = []
    x = 0.0
    pending_space: tuple[str, float] | None = None  # a space not yet drawn: (font, width)

    def add(font: str, piece: str, w: float) -> None:
        nonlocal x
        if line and line[-1][0] == font:
            f, t, pw = line[-1]
            line[-1] = (f, t + piece, pw + w)
        else:
            line.append((font, piece, w))
        x += w

    def newline() -> None:
        nonlocal line, x, pending_space
        lines.append(line)
        line, x, pending_space = [], 0.0, None

    for font, text in runs:
        cjk = font == fonts.FALLBACK
        for n, para in enumerate(text.split("\n")):
            if n:
                newline()
            words = list(para) if cjk else para.split(" ")
            for i, word in enumerate(words):
                if not cjk and i > 0:
                    pending_space = (font, width_of(" ", font, size))
                if not word:
                    continue
                w = width_of(word, font, size)
                gap = pending_space[1] if pending_space and line else 0.0
                if line and x + gap + w > width + 0.01:
                    newline()
                    gap = 0.0
                if gap and pending_space:
                    add(pending_space[0], " ", gap)
                pending_space = None
                while w > width + 0.01 and len(word) > 1:  # one very long word
                    cut = len(word) - 1
                    while cut > 1 and width_of(word[:cut], font, size) > width - x:
                        cut -= 1
                    add(font, word[:cut], width_of(word[:cut], font, size))
                    newline()
                    word = word[cut:]
                    w = width_of(word, font, size)
                add(font, word, w)
            if not cjk and text.endswith(" "):
                pending_space = (font, width_of(" ", font, size))
    if line or not lines:
        lines.append(line)
    return lines


class Text(Flowable):  # type: ignore[misc]
    """A wrapped paragraph of plain text (with **bold**), optionally with a bullet."""

    def __init__(self, text: str, style: TextStyle, bullet: str = "",
                 markdown: bool = True, lead: str = "", lead_bold: bool = True) -> None:
        super().__init__()
        self.text = text
        self.style = style
        self.bullet = bullet
        self.runs = styled_runs(glue(text), style.bold, markdown)
        if lead:  # a bold lead-in ("Doctor's review: "), never read as markup
            self.runs = fonts.runs(lead + " ", lead_bold) + self.runs
        self.spaceBefore = style.space_before
        self.spaceAfter = style.space_after
        self.keepWithNext = style.keep_with_next
        self.lines: list[Line] = []
        self._wrapped_for = -1.0

    def wrap(self, avail_w: float, _avail_h: float) -> tuple[float, float]:
        if avail_w != self._wrapped_for:
            measure = min(avail_w, self.style.max_width or avail_w)
            inner = max(10.0, measure - self.style.left_indent)
            self.lines = break_lines(self.runs, self.style.size, inner)
            self._wrapped_for = avail_w
        self.width = avail_w
        self.height = len(self.lines) * self.style.leading
        return self.width, self.height

    def split(self, avail_w: float, avail_h: float) -> list[Flowable]:
        self.wrap(avail_w, avail_h)
        fit = int(avail_h // self.style.leading)
        if fit < 2 or fit >= len(self.lines) or len(self.lines) - fit < 2:
            return []  # no widows or orphans of a single line
        head = _TextPart(self, self.lines[:fit], self.bullet, space_after=0.0)
        tail = _TextPart(self, self.lines[fit:], "", space_before=0.0)
        return [head, tail]

    def draw(self) -> None:
        draw_lines(self.canv, self.lines, self.style, self.height, self.bullet)

    def drawOn(self, canvas: Canvas, x: float, y: float, _sW: float = 0) -> None:
        # Text is written at absolute positions, so it needs none of the save, translate and
        # restore that Flowable.drawOn wraps around every flowable (a tenth of the time).
        draw_lines(canvas, self.lines, self.style, self.height, self.bullet, x, y)


class _TextPart(Text):
    """Some lines of a Text that was split across two pages."""

    def __init__(self, whole: Text, lines: list[Line], bullet: str,
                 space_before: float | None = None, space_after: float | None = None) -> None:
        Flowable.__init__(self)
        self.text = whole.text
        self.style = whole.style
        self.bullet = bullet
        self.runs = whole.runs
        self.lines = lines
        self._wrapped_for = whole._wrapped_for
        self.spaceBefore = whole.spaceBefore if space_before is None else space_before
        self.spaceAfter = whole.spaceAfter if space_after is None else space_after
        self.keepWithNext = False

    def wrap(self, avail_w: float, _avail_h: float) -> tuple[float, float]:
        self.width = avail_w
        self.height = len(self.lines) * self.style.leading
        return self.width, self.height


@lru_cache(maxsize=64)
def _fill(color: Color) -> str:
    return f"{fp_str(color.red)} {fp_str(color.green)} {fp_str(color.blue)} rg"


def draw_lines(canv: Canvas, lines: list[Line], style: TextStyle, height: float,
               bullet: str = "", x0: float = 0.0, y0: float = 0.0) -> None:
    """Write the lines as one block of PDF text operators.

    The same operators reportlab's text object writes for TrueType fonts (font subset, Tf, Tm,
    Tj), without its per-call bookkeeping of cursor and width, which the lines already know:
    drawing text this way takes a third of the time. Wrapped in q/Q, so the colour set here
    does not leak into what is drawn next.
    """
    doc = canv._doc  # the PDF document: font subsets are numbered per document
    size = style.size
    size_s = f"{size:g}"
    out = ["q", _fill(style.color), "BT"]
    current: tuple[str, int] | None = None

    def show(font_name: str, text: str) -> None:
        nonlocal current
        font = getFont(font_name)
        for subset, data in font.splitString(text, doc):
            if current != (font_name, subset):
                out.append(f"{font.getSubsetInternalName(subset, doc)} {size_s} Tf")
                current = (font_name, subset)
            out.append(f"({escapePDF(data)}) Tj")

    # The first baseline sits one font size (less the descent) below the top.
    y = y0 + height - size * 0.96
    if bullet:
        out.append(f"1 0 0 1 {x0 + style.bullet_indent:.2f} {y:.2f} Tm")
        show(fonts.BOLD if style.bold else fonts.REGULAR, bullet)
    x_text = f"{x0 + style.left_indent:.2f}"
    for line in lines:
        out.append(f"1 0 0 1 {x_text} {y:.2f} Tm")
        for font_name, piece, _w in line:
            show(font_name, piece)
        y -= style.leading
    out += ["ET", "Q"]
    canv.addLiteral("\n".join(out))


class Box(Flowable):  # type: ignore[misc]
    """Flowables inside a coloured box with a border; split between pages when it must be."""

    def __init__(self, content: Sequence[Flowable], background: Color, border: Color,
                 border_width: float = 1.0, pad: float = 9.0, space_before: float = 6.0,
                 space_after: float = 4.0) -> None:
        super().__init__()
        self.content = list(content)
        self.background, self.border = background, border
        self.border_width, self.pad = border_width, pad
        self.spaceBefore, self.spaceAfter = space_before, space_after
        self._sizes: list[tuple[float, float, float]] = []  # (height, space before, after)

    def _measure(self, avail_w: float) -> float:
        inner = avail_w - 2 * self.pad
        self._sizes = []
        total = 0.0
        for n, f in enumerate(self.content):
            _w, h = f.wrap(inner, 10_000)
            before = f.getSpaceBefore() if n else 0.0
            after = f.getSpaceAfter() if n < len(self.content) - 1 else 0.0
            self._sizes.append((h, before, after))
            total += before + h + after
        return total + 2 * self.pad

    def wrap(self, avail_w: float, _avail_h: float) -> tuple[float, float]:
        self.width = avail_w
        self.height = self._measure(avail_w)
        return self.width, self.height

    def split(self, avail_w: float, avail_h: float) -> list[Flowable]:
        height = self._measure(avail_w)
        if height < 400:
            return []  # a short box moves to the next page whole: warnings stay in one piece
        used = self.pad
        for n, (h, before, after) in enumerate(self._sizes):
            if used + before + h + self.pad > avail_h:
                head, tail = self.content[:n], self.content[n:]
                # The child that does not fit may split itself (a long paragraph).
                room = avail_h - used - before - self.pad
                parts = tail[0].split(avail_w - 2 * self.pad, room) if room > 0 else []
                if len(parts) == 2:
                    head, tail = [*head, parts[0]], [parts[1], *tail[1:]]
                if not head or (len(head) < 2 and len(parts) != 2):
                    # A heading alone at the foot of a page helps no one; but the rest of a
                    # long paragraph (a box continued from the page before) may split again.
                    return []
                return [self._part(head, self.spaceBefore, 0.0),
                        self._part(tail, 0.0, self.spaceAfter)]
            used += before + h + after
        return []

    def _part(self, content: list[Flowable], before: float, after: float) -> Box:
        return Box(content, self.background, self.border, self.border_width, self.pad,
                   before, after)

    def draw(self) -> None:
        c = self.canv
        c.saveState()
        c.setFillColor(self.background)
        c.setStrokeColor(self.border)
        c.setLineWidth(self.border_width)
        c.rect(0, 0, self.width, self.height, stroke=1, fill=1)
        c.restoreState()
        y = self.height - self.pad
        for f, (h, before, after) in zip(self.content, self._sizes, strict=True):
            y -= before + h
            f.drawOn(c, self.pad, y)
            y -= after


class Stack(Flowable):  # type: ignore[misc]
    """Flowables one under the other, drawn as one block (a column of `Columns`)."""

    def __init__(self, content: Sequence[Flowable]) -> None:
        super().__init__()
        self.content = list(content)
        self._heights: list[tuple[float, float]] = []

    def wrap(self, avail_w: float, _avail_h: float) -> tuple[float, float]:
        self._heights = []
        total = 0.0
        for n, f in enumerate(self.content):
            _w, h = f.wrap(avail_w, 10_000)
            gap = f.getSpaceBefore() if n else 0.0
            self._heights.append((gap, h))
            total += gap + h + (f.getSpaceAfter() if n < len(self.content) - 1 else 0.0)
        self.width, self.height = avail_w, total
        return self.width, self.height

    def draw(self) -> None:
        y = self.height
        for n, (f, (gap, h)) in enumerate(zip(self.content, self._heights, strict=True)):
            y -= gap + h
            f.drawOn(self.canv, 0, y)
            if n < len(self.content) - 1:
                y -= f.getSpaceAfter()


class Columns(Flowable):  # type: ignore[misc]
    """Two or more flowables side by side, tops aligned; `widths` are fractions or points."""

    def __init__(self, content: Sequence[Flowable], widths: Sequence[float],
                 gap: float = 12.0, background: Sequence[Color | None] = (),
                 pad: float = 0.0, stretch: bool = False) -> None:
        super().__init__()
        self.stretch = stretch  # boxes side by side get the same height
        self.content = list(content)
        self.widths = list(widths)
        self.gap = gap
        self.background = list(background) + [None] * (len(content) - len(background))
        self.pad = pad
        self._cols: list[tuple[float, float]] = []

    def wrap(self, avail_w: float, _avail_h: float) -> tuple[float, float]:
        fixed = sum(w for w in self.widths if w > 1)
        free = avail_w - fixed - self.gap * (len(self.content) - 1)
        widths = [w if w > 1 else w * free for w in self.widths]
        self._cols = []
        height = 0.0
        for f, w in zip(self.content, widths, strict=True):
            pad = self.pad if self.background[len(self._cols)] is not None else 0.0
            _fw, h = f.wrap(w - 2 * pad, 10_000)
            self._cols.append((w, h + 2 * pad))
            height = max(height, h + 2 * pad)
        if self.stretch:
            for n, f in enumerate(self.content):
                if isinstance(f, Box):
                    f.height = height
                    self._cols[n] = (self._cols[n][0], height)
        self.width, self.height = avail_w, height
        return self.width, self.height

    def split(self, avail_w: float, avail_h: float) -> list[Flowable]:
        """Side by side or not at all; but columns taller than a whole page (text edited to
        be very long) are printed one after the other rather than fail to print."""
        _w, h = self.wrap(avail_w, avail_h)
        if h <= avail_h or avail_h < FULL_PAGE:
            return []
        return [f for c in self.content for f in (c.content if isinstance(c, Stack) else [c])]

    def draw(self) -> None:
        x = 0.0
        for f, (w, h), bg in zip(self.content, self._cols, self.background, strict=True):
            pad = 0.0
            if bg is not None:
                pad = self.pad
                self.canv.saveState()
                self.canv.setFillColor(bg)
                self.canv.rect(x, 0, w, self.height, stroke=0, fill=1)
                self.canv.restoreState()
            f.drawOn(self.canv, x + pad, self.height - h + pad)
            x += w + self.gap


class Grid(Flowable):  # type: ignore[misc]
    """The pain diary: a header row of wrapped labels, then rows of fixed height to write in."""

    def __init__(self, header: Sequence[str], rows: Sequence[Sequence[str]],
                 widths: Sequence[float], head_style: TextStyle, cell_style: TextStyle,
                 row_height: float, line: Color, head_bg: Color) -> None:
        super().__init__()
        self.header = [Text(h, head_style) for h in header]
        self.rows = [[Text(c, cell_style) for c in row] for row in rows]
        self.fractions = list(widths)
        self.row_height = row_height
        self.line, self.head_bg = line, head_bg
        self.pad = 5.0
        self._widths: list[float] = []
        self._head_h = 0.0

    def wrap(self, avail_w: float, _avail_h: float) -> tuple[float, float]:
        self._widths = [f * avail_w for f in self.fractions]
        self._head_h = max(t.wrap(w - 2 * self.pad, 1000)[1]
                           for t, w in zip(self.header, self._widths, strict=True)) + 8
        for row in self.rows:
            for t, w in zip(row, self._widths, strict=False):
                t.wrap(w - 2 * self.pad, 1000)
        self.width = avail_w
        self.height = self._head_h + self.row_height * len(self.rows)
        return self.width, self.height

    def draw(self) -> None:
        c = self.canv
        c.saveState()
        c.setFillColor(self.head_bg)
        c.rect(0, self.height - self._head_h, self.width, self._head_h, stroke=0, fill=1)
        c.setStrokeColor(self.line)
        c.setLineWidth(0.8)
        c.rect(0, 0, self.width, self.height, stroke=1, fill=0)
        x = 0.0
        for w in self._widths[:-1]:
            x += w
            c.line(x, 0, x, self.height)
        for n in range(len(self.rows) + 1):
            y = n * self.row_height
            c.line(0, y, self.width, y)
        c.restoreState()
        x = 0.0
        for t, w in zip(self.header, self._widths, strict=True):
            t.drawOn(c, x + self.pad, self.height - 4 - t.height)
            x += w
        for n, row in enumerate(self.rows):
            top = self.height - self._head_h - n * self.row_height
            x = 0.0
            for t, w in zip(row, self._widths, strict=False):
                t.drawOn(c, x + self.pad, top - (self.row_height + t.height) / 2)
                x += w


class Rule(Flowable):  # type: ignore[misc]
    """A thin horizontal line across the frame."""

    def __init__(self, color: Color, width: float = 0.6, space: float = 4.0) -> None:
        super().__init__()
        self.color, self.line_width = color, width
        self.spaceBefore = self.spaceAfter = space

    def wrap(self, avail_w: float, _avail_h: float) -> tuple[float, float]:
        self.width, self.height = avail_w, self.line_width
        return self.width, self.height

    def draw(self) -> None:
        self.canv.setStrokeColor(self.color)
        self.canv.setLineWidth(self.line_width)
        self.canv.line(0, 0, self.width, 0)
