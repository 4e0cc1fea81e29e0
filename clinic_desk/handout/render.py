"""Lays out a composed handout as a PDF with reportlab: header, sections, diagram, diary,
signature, and on every page the footer (page x of y, version, code, QR) and any DRAFT mark."""

from __future__ import annotations

import hashlib
import io
import logging
import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from typing import Any

from reportlab import rl_config
from reportlab.graphics.barcode import qrencoder
from reportlab.lib.colors import HexColor
from reportlab.lib.pagesizes import LETTER
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    KeepTogether,
    PageBreak,
    PageTemplate,
)

from ..domain.clinic import ClinicInfo
from ..domain.record import ProcedureRecord
from . import fonts
from .content import Composed, ComposedSection, compose
from .diagram import SpineDiagram, min_height
from .options import HandoutOptions
from .textflow import Box, Columns, Grid, Stack, Text, TextStyle

log = logging.getLogger(__name__)

# Binary (Flate only) streams instead of ASCII85 text: valid PDF, a quarter smaller, and the
# pure-Python ASCII85 encoder was more than half of the time to render a handout. This is
# reportlab's process-wide setting; nothing in Clinic Desk needs 7-bit PDF.
rl_config.useA85 = 0

PAGE_W, PAGE_H = LETTER
INK = HexColor("#1A1A1A")
HEAD = HexColor("#123A75")
MUTED = HexColor("#4A4A4A")
RULE = HexColor("#9AA5B8")
WARN_BG, WARN_EDGE = HexColor("#FFF5D6"), HexColor("#B98900")
URGENT_BG, URGENT_EDGE, URGENT_INK = HexColor("#FDECEA"), HexColor("#B3261E"), HexColor("#8C1D18")
PANEL_BG = HexColor("#EEF2F8")
DRAFT_INK = HexColor("#B3261E")
GRID = HexColor("#6B7280")


@dataclass(frozen=True)
class Styles:
    """Every size in one place: normal print and large print (body text at least 16 pt)."""

    large: bool
    margin: float
    body: TextStyle
    bullet: TextStyle
    small: TextStyle
    heading: TextStyle
    urgent_heading: TextStyle
    title: TextStyle
    clinic: TextStyle
    patient: TextStyle
    label: TextStyle
    value: TextStyle
    verbatim: TextStyle
    cell: TextStyle
    cell_head: TextStyle
    draft: TextStyle
    footer_size: float
    qr_size: float
    footer_h: float
    diagram_w: float
    diagram_h: float
    diagram_font: float
    diary_row_h: float


@lru_cache(maxsize=2)
def styles(large: bool) -> Styles:
    body_size = 16.0 if large else 11.0
    lead = round(body_size * 1.28, 1)
    # Standard print: at most about 75 characters a line (11 pt across the whole page gives
    # 95-100); large print is well under that at full width.
    body = TextStyle(body_size, lead, INK, space_after=body_size * 0.35,
                     max_width=0.0 if large else body_size * 37)
    heading_size = 18.0 if large else 13.5
    heading = TextStyle(heading_size, heading_size * 1.25, HEAD, bold=True,
                        space_before=heading_size * 0.6, space_after=heading_size * 0.3,
                        keep_with_next=True)

    def sized(size: float, **kw: Any) -> TextStyle:
        return TextStyle(size, round(size * 1.28, 1), kw.pop("color", INK),
                         max_width=0.0 if large else size * 37, **kw)

    return Styles(
        large=large,
        margin=40.0 if large else 38.0,
        body=body,
        bullet=body.but(left_indent=body_size * 1.2, bullet_indent=body_size * 0.2,
                        space_after=body_size * (0.25 if large else 0.15)),
        small=sized(16.0 if large else 9.0, color=MUTED),
        heading=heading,
        urgent_heading=heading.but(color=URGENT_INK, space_before=0.0),
        title=sized(26.0 if large else 20.0, bold=True, color=HEAD, space_before=8,
                    space_after=6),
        clinic=sized(18.0 if large else 14.0, bold=True, color=HEAD, space_after=2),
        patient=sized(20.0 if large else 15.0, bold=True, space_after=4),
        label=sized(16.0 if large else 9.5, color=MUTED),
        value=sized(16.0 if large else 11.0, bold=True, space_after=2),
        verbatim=body.but(bold=True),
        cell=sized(16.0 if large else 11.0),
        cell_head=sized(16.0 if large else 10.0, bold=True),
        draft=sized(16.0 if large else 13.0, bold=True, color=DRAFT_INK, space_after=2),
        footer_size=16.0 if large else 9.0,
        qr_size=52.0 if large else 42.0,
        # The footer band: three lines of text (or the QR, if taller) from y=16, a rule 6
        # above them, 6 more before the text frame.
        footer_h=max(52.0 if large else 42.0, (16.0 if large else 9.0) * 1.3 * 3) + 28.0,
        diagram_w=330.0 if large else 175.0,
        diagram_h=300.0 if large else 150.0,
        diagram_font=20.0 if large else 10.0,
        diary_row_h=28.0 if large else 30.0,
    )


# --- the canvas: footer, page numbers, draft mark, QR ---------------------------------------

class _Fixed_mask_qr(qrencoder.QRCode):  # type: ignore[misc]
    """reportlab's QR encoder with one fixed mask pattern.

    The encoder normally builds the code eight times to pick the mask with the fewest long
    runs; any mask is valid and scanners read it, and one build is eight times cheaper.
    """

    def make(self) -> None:
        if self.version is None:  # type: ignore[has-type]
            self.version = self.calculate_version()
        self.makeImpl(False, 2)


def qr_modules(payload: str) -> list[list[bool]]:
    qr = _Fixed_mask_qr(None, qrencoder.QRErrorCorrectLevel.M)
    qr.addData(qrencoder.QRAlphaNum(payload) if re.fullmatch(r"[0-9A-Z $%*+\-./:]*", payload)
               else payload)
    qr.make()
    return [list(map(bool, row)) for row in qr.modules]


def draw_qr(canvas: Canvas, modules: list[list[bool]], x: float, y: float, size: float) -> None:
    """The QR code as one filled path, one rectangle per run of dark modules, in a coordinate
    system of one unit per module (whole numbers keep the path short and quick to write)."""
    n = len(modules)
    quiet = 2  # modules of white margin (the page around it is white too)
    box = size / (n + 2 * quiet)
    ops = ["q", f"1 0 0 1 {x:.3f} {y:.3f} cm", f"{box:.5f} 0 0 {box:.5f} 0 0 cm",
           "1 g", f"0 0 {n + 2 * quiet} {n + 2 * quiet} re f", "0 g"]
    for r, row in enumerate(modules):
        top = n + quiet - r - 1  # module rows count from the top
        c = 0
        while c < n:
            if row[c]:
                start = c
                while c < n and row[c]:
                    c += 1
                ops.append(f"{start + quiet} {top} {c - start} 1 re")
            else:
                c += 1
    ops += ["f", "Q"]
    canvas.addLiteral("\n".join(ops))


def draw_text(canvas: Canvas, x: float, y: float, text: str, size: float, bold: bool = False,
              anchor: str = "left") -> float:
    """Draw one line that may mix scripts (a CJK name in the running header); returns width."""
    parts = fonts.runs(text, bold)
    width: float = sum(canvas.stringWidth(chunk, font, size) for font, chunk in parts)
    if anchor == "right":
        x -= width
    elif anchor == "centre":
        x -= width / 2
    for font, chunk in parts:
        canvas.setFont(font, size)
        canvas.drawString(x, y, chunk)
        x += canvas.stringWidth(chunk, font, size)
    return width


class PageDecor:
    """What every page carries; drawn once the page count is known."""

    def __init__(self, comp: Composed, st: Styles) -> None:
        self.comp = comp
        self.st = st
        self.qr = qr_modules(comp.qr)
        self._qr_form = ""

    def _qr(self, canvas: Canvas, x: float, y: float, size: float) -> None:
        # Drawn once as a form (XObject) and placed on each page: one copy in the file.
        if not self._qr_form:
            self._qr_form = "handoutQR"
            canvas.beginForm(self._qr_form, 0, 0, size, size)
            draw_qr(canvas, self.qr, 0, 0, size)
            canvas.endForm()
        canvas.saveState()
        canvas.translate(x, y)
        canvas.doForm(self._qr_form)
        canvas.restoreState()

    def running_header(self, canvas: Canvas, page: int) -> None:
        if page == 1:
            return
        c, st = self.comp, self.st
        text = c.phrase("header.continued", name=c.patient_name, mrn=c.mrn)
        canvas.setFillColor(MUTED)
        draw_text(canvas, st.margin, PAGE_H - st.margin + 4, text, st.footer_size)
        canvas.setStrokeColor(RULE)
        canvas.setLineWidth(0.6)
        canvas.line(st.margin, PAGE_H - st.margin - 3, PAGE_W - st.margin,
                    PAGE_H - st.margin - 3)

    def watermark(self, canvas: Canvas) -> None:
        if not self.comp.draft:
            return
        canvas.saveState()
        canvas.setFillColor(DRAFT_INK, alpha=0.10)
        canvas.translate(PAGE_W / 2, PAGE_H / 2)
        canvas.rotate(35)
        mark = self.comp.draft_mark  # the same words as the box under the title
        size = 64.0
        while canvas.stringWidth(mark, fonts.font_for(mark, True), size) > PAGE_H * 0.85:
            size -= 4
        draw_text(canvas, 0, -size / 3, mark, size, bold=True, anchor="centre")
        canvas.restoreState()

    def footer(self, canvas: Canvas, page: int, pages: int) -> None:
        c, st = self.comp, self.st
        fs = st.footer_size
        qr = st.qr_size
        bottom = 16.0
        canvas.saveState()
        canvas.setStrokeColor(RULE)
        canvas.setLineWidth(0.6)
        top = st.footer_h - 12
        canvas.line(st.margin, top, PAGE_W - st.margin, top)
        self._qr(canvas, PAGE_W - st.margin - qr, bottom, qr)
        canvas.setFillColor(INK)
        y = top - fs - 5
        used = draw_text(canvas, st.margin, y, c.phrase("footer.page", page=page, pages=pages),
                         fs, bold=True)
        canvas.setFillColor(MUTED)
        draw_text(canvas, st.margin, y - fs * 1.3, c.phrase("footer.code", code=c.code), fs)
        draw_text(canvas, st.margin, y - fs * 2.6, c.phrase("footer.version", version=c.version)
                  + "  ·  " + c.clinic_name, fs)
        if c.draft:
            canvas.setFillColor(DRAFT_INK)
            right = PAGE_W - st.margin - qr - 10
            mark = c.draft_mark
            if canvas.stringWidth(mark, fonts.BOLD, fs) > right - st.margin - used - 20:
                mark = c.pack.phrase("draft.mark")  # the box and the watermark have both
            draw_text(canvas, right, y, mark, fs, bold=True, anchor="right")
        canvas.restoreState()


def _canvas_maker(decor: PageDecor, created: datetime) -> Callable[..., Canvas]:
    stamp = _pdf_date(created)

    class HandoutCanvas(Canvas):  # type: ignore[misc]
        """Holds the pages back until the end, so each footer can say "page x of y"."""

        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            fonts.prepare_document(self._doc)
            self._pages: list[dict[str, Any]] = []
            self.setDateFormatter(lambda *_a: stamp)

        def showPage(self) -> None:
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._pages)
            for n, state in enumerate(self._pages, 1):
                self.__dict__.update(state)
                decor.footer(self, n, total)
                Canvas.showPage(self)
            Canvas.save(self)

    return HandoutCanvas


def _pdf_date(t: datetime) -> str:
    off = t.utcoffset()
    if off is None:
        return t.strftime("D:%Y%m%d%H%M%S")
    minutes = int(off.total_seconds() // 60)
    sign = "-" if minutes < 0 else "+"
    h, m = divmod(abs(minutes), 60)
    return t.strftime("D:%Y%m%d%H%M%S") + f"{sign}{h:02d}'{m:02d}'"


# --- flowables ------------------------------------------------------------------------------

class _Logo(Flowable):  # type: ignore[misc]
    """The clinic's logo, scaled to fit a box, decoded once per distinct image."""

    def __init__(self, png: bytes, max_w: float, max_h: float) -> None:
        super().__init__()
        self.reader = _image_reader(hashlib.sha256(png).hexdigest(), png)
        iw, ih = self.reader.getSize()
        scale = min(max_w / iw, max_h / ih)
        self.width, self.height = iw * scale, ih * scale
        self.spaceAfter = 4.0

    def wrap(self, _aw: float, _ah: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        self.canv.drawImage(self.reader, 0, 0, self.width, self.height, mask="auto")


_images: dict[str, ImageReader] = {}


def _image_reader(key: str, png: bytes) -> ImageReader:
    reader = _images.get(key)
    if reader is None:
        if len(_images) > 8:
            _images.clear()
        reader = _images[key] = ImageReader(io.BytesIO(png))
    return reader


def _header(c: Composed, clinic: ClinicInfo, st: Styles) -> list[Flowable]:
    left: list[Flowable] = []
    if clinic.logo_png:
        try:
            left.append(_Logo(clinic.logo_png, 200.0, 54.0 if st.large else 44.0))
        except Exception as exc:  # noqa: BLE001 - a bad logo must not stop the handout
            log.warning("clinic logo could not be read (%s); printing without it",
                        type(exc).__name__)
    left.append(Text(c.clinic_name, st.clinic, markdown=False))
    for line in c.clinic_address.splitlines():
        if line.strip():
            left.append(Text(line.strip(), st.small, markdown=False))
    if c.clinic_phone:
        left.append(Text(f"{c.phrase('header.phone')}: {c.clinic_phone}", st.small,
                         markdown=False))
    rows: list[Flowable] = []
    for label, value in c.header_rows:
        if st.large:  # no room for two columns of large words: one line "Label: value"
            rows.append(Text(value, st.value.but(space_before=2.0), markdown=False,
                             lead=f"{label}:", lead_bold=False))
        else:
            rows.append(Columns([Text(label, st.label.but(space_before=2.0)),
                                 Text(value, st.value, markdown=False)], [0.3, 0.7], gap=6))
    right = Stack([Text(c.patient_name, st.patient, markdown=False), *rows])
    return [Columns([Stack(left), right], [0.38, 0.62], gap=14, background=[None, PANEL_BG],
                    pad=8),
            Text(c.title, st.title)]


def _draft_box(c: Composed, st: Styles) -> Flowable:
    return Box([Text(c.draft_mark, st.draft, markdown=False),
                Text(c.phrase("draft.note"), st.body.but(space_after=0.0))],
               URGENT_BG, URGENT_EDGE, 2.0)


def _paras(sec: ComposedSection, st: Styles) -> list[Flowable]:
    out: list[Flowable] = []
    for p in sec.paras:
        if p.verbatim:
            out.append(Text(p.text, st.verbatim, markdown=False))
        elif p.bullet:
            out.append(Text(p.text, st.bullet, bullet="•"))
        else:
            out.append(Text(p.text, st.body))
    return out


def _diagram_labels(c: Composed) -> dict[str, str]:
    return {k: c.phrase(f"diagram.{k}") for k in ("left", "right")} | {
        r: c.phrase(f"diagram.region.{r}") for r in ("cervical", "thoracic", "lumbar")}


def _section(sec: ComposedSection, c: Composed, st: Styles) -> list[Flowable]:
    if sec.layout == "medicines" and not c.medicines:
        return []
    heading = Text(sec.title, st.urgent_heading if sec.style == "urgent" else st.heading)
    body = _paras(sec, st)
    if sec.layout == "procedure" and st.large:
        # Large print: no room beside the text; the diagram follows it, centred.
        drawing, caption = _diagram(c, st)
        drawing.hAlign = "CENTER"
        drawing.spaceBefore = 6.0
        return [heading, *body, KeepTogether([drawing, caption])]
    if sec.layout == "procedure":
        # The heading goes into the text column: a heading kept with its row would move the
        # whole row to the next page instead of letting the row shrink its diagram to fit.
        row = _ProcedureRow([heading, *body], c, st)
        row.spaceBefore = st.heading.space_before
        return [row]
    if sec.layout == "medicines":
        body += [Text(m, st.bullet, bullet="•", markdown=False) for m in c.medicines]
    if sec.layout == "diary":
        heads = [c.phrase(k) for k in ("diary.col.after", "diary.col.clock", "diary.col.pain",
                                       "diary.col.doing")]
        widths = [0.2, 0.22, 0.17, 0.41] if st.large else [0.16, 0.14, 0.17, 0.53]
        grid = Grid(heads, [[r.after, r.clock] for r in c.diary], widths, st.cell_head,
                    st.cell, st.diary_row_h, GRID, PANEL_BG)
        grid.spaceBefore, grid.spaceAfter = 4.0, 6.0
        body.append(grid)
        # The instructions and the table on one page: the patient fills it in hour by hour.
        return [KeepTogether([heading, *body])]
    if sec.style in ("warning", "urgent"):
        urgent = sec.style == "urgent"
        return [Box([heading, *body], URGENT_BG if urgent else WARN_BG,
                    URGENT_EDGE if urgent else WARN_EDGE, 1.6 if urgent else 1.0)]
    if len(body) >= 3:
        # No heading with a single bullet at the foot of a page, and no last bullet alone at
        # the top of the next: the heading keeps two items, the last item keeps the one before.
        body[0].keepWithNext = True
        body[-2].keepWithNext = True
    return [heading, *body]


class _BalancedPair(Columns):
    """Two boxes side by side, their widths chosen so that the taller one is as short as it
    can be (the warning signs must fit on page 1, in any language and in large print)."""

    SHARES = (0.5, 0.53, 0.56, 0.6, 0.64, 0.68)

    def wrap(self, avail_w: float, avail_h: float) -> tuple[float, float]:
        best: tuple[float, float] | None = None
        for share in self.SHARES:
            self.widths = [share, 1.0 - share]
            height = super().wrap(avail_w, avail_h)[1]
            if best is None or height < best[1] - 0.5:
                best = (share, height)
        assert best is not None
        self.widths = [best[0], 1.0 - best[0]]
        return super().wrap(avail_w, avail_h)

    def split(self, avail_w: float, avail_h: float) -> list[Flowable]:
        # Too tall for what is left of page 1 (a long clinic address): one box under the
        # other, so the first still starts on this page instead of leaving it half empty.
        return list(self.content) if self.wrap(avail_w, avail_h)[1] > avail_h else []


class _ProcedureRow(Columns):
    """"What you had today" beside the spine diagram. Where the page is a little short, the
    diagram is drawn shorter (down to 70 %, never below the height at which its labels keep
    their size) rather than leave the page half empty."""

    def __init__(self, body: list[Flowable], c: Composed, st: Styles, scale: float = 1.0):
        self.body, self.comp, self.st, self.scale = body, c, st, scale
        side = Stack(_diagram(c, st, scale))
        super().__init__([Stack(body), side], [1.0, st.diagram_w], gap=14)

    def split(self, avail_w: float, avail_h: float) -> list[Flowable]:
        if self.scale < 1.0:
            return []
        for scale in (0.9, 0.8, 0.7):
            smaller = _ProcedureRow(self.body, self.comp, self.st, scale)
            smaller.spaceBefore = self.spaceBefore
            if smaller.wrap(avail_w, avail_h)[1] <= avail_h:
                return [smaller]
        return super().split(avail_w, avail_h)


def _diagram(c: Composed, st: Styles, scale: float = 1.0) -> list[Flowable]:
    """The spine diagram and its caption."""
    height = max(min_height(c.joints, st.diagram_font), st.diagram_h * scale)
    drawing = SpineDiagram(c.joints, _diagram_labels(c), st.diagram_w, height, st.diagram_font)
    return [drawing, Text(c.phrase("diagram.caption"), st.small.but(space_before=4))]


def _signature(c: Composed, st: Styles) -> list[Flowable]:
    out: list[Flowable] = []
    if c.signature:
        out.append(Text(c.signature, st.body.but(space_before=st.heading.space_before),
                        markdown=False, lead=c.phrase("signature.title") + ":"))
    if c.addenda:
        items: list[Flowable] = [Text(c.phrase("addendum.title"), st.heading)]
        for a in c.addenda:
            items += [Text(a.sentence, st.body, markdown=False),
                      Text(a.follow, st.body.but(space_after=6.0), markdown=False)]
        if any(a.changes_instructions for a in c.addenda):
            # New instructions after signing must not read like a footnote.
            items[0] = Text(c.phrase("addendum.title"), st.heading.but(space_before=0.0))
            out.append(Box(items, WARN_BG, WARN_EDGE, 1.0))
        else:
            out += items
    return out


def _block(sec: ComposedSection, flows: list[Flowable]) -> Flowable:
    """A section as one flowable, to stand in a column beside another."""
    if len(flows) == 1:
        return flows[0]
    return Stack(flows)


def story(c: Composed, clinic: ClinicInfo, st: Styles) -> list[Flowable]:
    flow: list[Flowable] = _header(c, clinic, st)
    if c.draft and not st.large:
        flow.append(_draft_box(c, st))
    placed: list[tuple[ComposedSection | None, list[Flowable]]] = []
    diary: list[Flowable] = []
    for sec in c.sections:
        flows = _section(sec, c, st)
        if sec.layout == "diary":
            # A page of its own, last: the patient brings it back and keeps the warning signs.
            diary += flows
            continue
        if not flows:
            continue
        prev = placed[-1][0] if placed else None
        # Two short sections side by side save half a page; large print keeps one column,
        # except for the two warning boxes, which must both be on page 1.
        # Large print pairs only the two warning boxes: both must be on page 1.
        warnings = sec.style == "urgent" and prev is not None and prev.style == "warning"
        if (sec.place == "beside" and (not st.large or warnings) and prev is not None
                and prev.layout in ("text", "medicines") and sec.layout in ("text", "medicines")):
            _, prev_flows = placed.pop()
            pair = (_BalancedPair if warnings else Columns)(
                [_block(prev, prev_flows), _block(sec, flows)], [0.56, 0.44], gap=12,
                stretch=True)
            pair.spaceBefore, pair.spaceAfter = st.heading.space_before, 4.0
            placed.append((None, [pair]))
        else:
            placed.append((sec, flows))
        if c.draft and st.large and sec.layout == "procedure":
            # Large print: the warning signs fill page 1; the DRAFT box follows "What you had
            # today" (the watermark and every footer still say DRAFT). Before that section it
            # pushed the large diagram to page 3 and left page 2 half empty (ho2 review).
            placed.append((None, [_draft_box(c, st)]))
    starts: list[int] = []
    for placed_sec, flows in placed:
        starts.append(len(flow))
        if (placed_sec is not None and placed_sec.layout in ("text", "medicines")
                and 2 < len(flows) <= 4):
            # A short section stays on one page rather than leave its last lines on the next.
            flow.append(KeepTogether(flows))
        else:
            flow += flows
    signature_at = len(flow)
    flow += _signature(c, st)
    if diary:
        flow += [PageBreak(), *diary]
        _mark(diary[0], len(flow) - len(diary), diary=True)
    # Where a page may be broken to balance the last page (render_handout): before each
    # section after the first, before the signature, and between two items of a section
    # that are not kept together (never after a heading, never before a last item).
    first = starts[1] if len(starts) > 1 else signature_at
    for i in range(first, min(signature_at + 1, len(flow))):
        if not isinstance(flow[i], PageBreak) and not flow[i - 1].getKeepWithNext():
            _mark(flow[i], i)
    return flow


def _mark(f: Flowable, index: int, diary: bool = False) -> None:
    """Tag a flowable (and the first one inside a KeepTogether, which is what gets drawn)
    with its place in the story, so the document can say on which page it landed."""
    while True:
        f._hb_start = index
        f._hb_diary = diary
        inner = getattr(f, "_content", None)
        if not isinstance(f, KeepTogether) or not inner:
            return
        f = inner[0]


class _HandoutDoc(BaseDocTemplate):  # type: ignore[misc]
    """Notes where each section starts (page, top) and how full each page ends."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.starts: list[tuple[int, int, float]] = []  # (page, story index, top y)
        self.diary_page = 0
        self.used: dict[int, float] = {}

    def afterFlowable(self, flowable: Flowable) -> None:
        index = getattr(flowable, "_hb_start", None)
        if index is None:
            return
        if getattr(flowable, "_hb_diary", False):
            self.diary_page = self.page
            return
        self.starts.append((self.page, index, self.frame._y + flowable.height))

    def handle_pageEnd(self) -> None:
        f = self.frame
        self.used[self.page] = (f._y2 - f._y) / f._height
        super().handle_pageEnd()


def _balance(doc: _HandoutDoc, frame_top: float, frame_h: float) -> int | None:
    """The story index before which a page break leaves no nearly empty last page (less
    than 30 % of the text frame): a section or two from the page before moves over, as long
    as that page stays nearly half full. None when nothing needs to move."""
    last = doc.diary_page - 1 if doc.diary_page else max(doc.used, default=0)
    fill = doc.used.get(last, 1.0)
    if last < 2 or fill >= 0.3:
        return None
    end_before = frame_top - doc.used.get(last - 1, 1.0) * frame_h
    for page, index, top in reversed(doc.starts):
        if page != last - 1 or top >= frame_top - 1:
            continue
        moved = (top - end_before) / frame_h
        if 0.35 <= fill + moved <= 0.95 and (frame_top - top) / frame_h >= 0.45:
            return index
    return None


# --- the public entry point -----------------------------------------------------------------

def _check_scripts(record: ProcedureRecord, clinic: ClinicInfo) -> None:
    """Warn (with the record id and a count, never the text) when a name or note is in a
    script the handout cannot print correctly yet: Arabic, Hebrew, Thai, Devanagari..."""
    p = record.patient
    texts = [p.full_name, clinic.name, clinic.address]
    if p.anticoagulant:
        texts += [p.anticoagulant.name, *(t for _, t in p.anticoagulant.resume_instructions.texts)]
    texts += [c.value for a in record.addenda for c in a.corrections]  # what prints of them
    bad = fonts.misprinted(" ".join(texts))
    if bad:
        log.warning("handout for record %s: %d characters in a script the handout fonts "
                    "cannot print correctly", record.id, bad)


def render_handout(record: ProcedureRecord, clinic: ClinicInfo,
                   options: HandoutOptions = HandoutOptions()) -> bytes:
    """The patient's discharge handout for this record as PDF bytes."""
    t0 = time.perf_counter()
    comp = compose(record, clinic, options)
    _check_scripts(record, clinic)
    st = styles(options.large_print)
    created = options.generated_at or datetime.now().astimezone()
    buf = io.BytesIO()
    margin = st.margin
    width = PAGE_W - 2 * margin
    def make_doc(out: io.BytesIO) -> _HandoutDoc:
        return _HandoutDoc(
            out, pagesize=LETTER, leftMargin=margin, rightMargin=margin, topMargin=margin,
            bottomMargin=st.footer_h, title=f"{comp.title} - {comp.subject}",
            author=clinic.name,
            subject=f"{comp.subject} - {comp.phrase('footer.version', version=comp.version)}",
            creator="Clinic Desk", lang=comp.language, invariant=1, pageCompression=1,
            initialFontName=fonts.REGULAR, initialFontSize=10,
        )

    frame_h = PAGE_H - margin - st.footer_h
    later_top = 22.0 if options.large_print else 18.0  # room for the running header
    first = Frame(margin, st.footer_h, width, frame_h, id="first", leftPadding=0,
                  rightPadding=0, topPadding=0, bottomPadding=0)
    later = Frame(margin, st.footer_h, width, frame_h - later_top, id="later", leftPadding=0,
                  rightPadding=0, topPadding=0, bottomPadding=0)

    def build(out: io.BytesIO, break_before: int | None = None) -> _HandoutDoc:
        doc = make_doc(out)
        decor = PageDecor(comp, st)  # one per document: its QR form lives in the document

        def on_page(canvas: Canvas, doc_: BaseDocTemplate) -> None:
            decor.watermark(canvas)
            decor.running_header(canvas, doc_.page)

        doc.addPageTemplates([
            PageTemplate("first", [first], onPage=on_page, autoNextPageTemplate="later"),
            PageTemplate("later", [later], onPage=on_page),
        ])
        flow = story(comp, clinic, st)
        if break_before is not None:
            flow.insert(break_before, PageBreak())
        doc.build(flow, canvasmaker=_canvas_maker(decor, created))
        return doc

    doc = build(buf)
    index = _balance(doc, PAGE_H - margin - later_top, frame_h - later_top)
    if index is not None:  # a nearly empty last page: build again with a balancing break
        buf = io.BytesIO()
        build(buf, index)
    pdf = buf.getvalue()
    log.debug("handout rendered: record %s, %d bytes, %.1f ms", record.id, len(pdf),
              (time.perf_counter() - t0) * 1000)
    return pdf
