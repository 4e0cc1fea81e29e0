"""The chart note as a PDF: the handout's renderer family (reportlab, its embedded fonts and
fast text flowables), laid out for a clinician's chart rather than for a patient.

Every page carries the patient identifiers at the top and "page x of y" at the bottom; every
page of an unsigned note says "Not signed" at the top, at the bottom and across the page.
"""

from __future__ import annotations

import io
import logging
import time
from collections.abc import Callable
from datetime import datetime
from typing import Any

from reportlab.lib.pagesizes import LETTER
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, KeepTogether, PageTemplate

from ..domain.clinic import ClinicInfo
from ..domain.record import ProcedureRecord
from ..handout import fonts
from ..handout.render import DRAFT_INK, HEAD, INK, MUTED, PANEL_BG, RULE, draw_text
from ..handout.textflow import Box, Columns, Stack, Text, TextStyle
from .note_content import NOT_SIGNED, ChartNote, compose_note

log = logging.getLogger(__name__)

PAGE_W, PAGE_H = LETTER
MARGIN = 40.0
TOP = 46.0  # the identifier band at the top of every page
BOTTOM = 40.0

_BODY = TextStyle(9.5, 12.2, INK)
_LABEL = TextStyle(9.0, 11.6, MUTED)
_HEADING = TextStyle(11.5, 14.0, HEAD, bold=True, space_before=8.0, space_after=3.0,
                     keep_with_next=True)
_TITLE = TextStyle(15.0, 19.0, HEAD, bold=True, space_after=2.0)
_CLINIC = TextStyle(10.0, 12.5, MUTED, space_after=6.0)
_SIGNATURE = TextStyle(10.0, 13.0, INK, bold=True, space_after=4.0)
_DRAFT = TextStyle(11.0, 14.0, DRAFT_INK, bold=True)


class _Decor:
    def __init__(self, note: ChartNote) -> None:
        self.note = note

    def page(self, canvas: Canvas, page: int, pages: int) -> None:
        n = self.note
        canvas.saveState()
        y = PAGE_H - 26.0
        canvas.setFillColor(INK)
        draw_text(canvas, MARGIN, y, n.identifier_line, 8.5, bold=True)
        canvas.setStrokeColor(RULE)
        canvas.setLineWidth(0.6)
        canvas.line(MARGIN, y - 6, PAGE_W - MARGIN, y - 6)
        canvas.line(MARGIN, BOTTOM - 8, PAGE_W - MARGIN, BOTTOM - 8)
        canvas.setFillColor(MUTED)
        draw_text(canvas, MARGIN, BOTTOM - 20, "Procedure note (chart copy)", 8)
        draw_text(canvas, PAGE_W - MARGIN, BOTTOM - 20, f"Page {page} of {pages}", 8,
                  bold=True, anchor="right")
        if not n.signed:
            canvas.setFillColor(DRAFT_INK)
            draw_text(canvas, PAGE_W - MARGIN, y + 10, NOT_SIGNED.upper(), 9, bold=True,
                      anchor="right")
            draw_text(canvas, PAGE_W / 2, BOTTOM - 20, NOT_SIGNED.upper(), 8, bold=True,
                      anchor="centre")
            canvas.setFillColor(DRAFT_INK, alpha=0.08)
            canvas.translate(PAGE_W / 2, PAGE_H / 2)
            canvas.rotate(35)
            draw_text(canvas, 0, -20, NOT_SIGNED.upper(), 72, bold=True, anchor="centre")
        canvas.restoreState()


def _canvas_maker(decor: _Decor, created: datetime) -> Callable[..., Canvas]:
    stamp = created.strftime("D:%Y%m%d%H%M%S")

    class NoteCanvas(Canvas):  # type: ignore[misc]
        """Holds the pages back until the end, so each can say "page x of y"."""

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
                decor.page(self, n, total)
                Canvas.showPage(self)
            Canvas.save(self)

    return NoteCanvas


class _Pairs(Flowable):  # type: ignore[misc]
    """Label and value rows of one section as one flowable (a Columns per row cost a third
    of the render time); splits between rows."""

    LABEL_W = 0.3
    GAP = 8.0

    def __init__(self, rows: list[tuple[Text, Text]]) -> None:
        super().__init__()
        self.rows = rows
        self.heights: list[float] = []

    def wrap(self, avail_w: float, avail_h: float) -> tuple[float, float]:
        lw = avail_w * self.LABEL_W
        vw = avail_w - lw - self.GAP
        self.heights = [max(k.wrap(lw, avail_h)[1], v.wrap(vw, avail_h)[1])
                        for k, v in self.rows]
        self.width, self.height = avail_w, sum(self.heights)
        return self.width, self.height

    def split(self, avail_w: float, avail_h: float) -> list[Flowable]:
        self.wrap(avail_w, avail_h)
        used, n = 0.0, 0
        while n < len(self.rows) and used + self.heights[n] <= avail_h:
            used += self.heights[n]
            n += 1
        if n == 0 or n == len(self.rows):
            return []
        return [_Pairs(self.rows[:n]), _Pairs(self.rows[n:])]

    def drawOn(self, canvas: Canvas, x: float, y: float, _sW: float = 0) -> None:
        # Absolute positions, as Text.drawOn: no save/translate/restore per row.
        top = y + self.height
        vx = x + self.width * self.LABEL_W + self.GAP
        for (k, v), h in zip(self.rows, self.heights, strict=True):
            top -= h
            k.drawOn(canvas, x, top + h - k.height)
            v.drawOn(canvas, vx, top + h - v.height)


def _rows(rows: tuple[tuple[str, str], ...]) -> list[Flowable]:
    if not rows:
        return []
    return [_Pairs([(Text(k, _LABEL, markdown=False), Text(v, _BODY, markdown=False))
                    for k, v in rows])]


def story(note: ChartNote, clinic: ClinicInfo) -> list[Flowable]:
    ident = Columns([Stack([Text(k, _LABEL, markdown=False) for k, _ in note.identifiers]),
                     Stack([Text(v, _BODY.but(bold=True), markdown=False)
                            for _, v in note.identifiers])], [0.25, 0.75], gap=8,
                    background=[PANEL_BG, PANEL_BG], pad=6)
    flow: list[Flowable] = [Text(note.title, _TITLE, markdown=False),
                            Text(clinic.name, _CLINIC, markdown=False), ident]
    if not note.signed:
        flow.append(Box([Text(f"{NOT_SIGNED}. This note has not been signed by the "
                              "physician and is not final.", _DRAFT, markdown=False)],
                        PANEL_BG, DRAFT_INK, 1.2))
    for sec in note.sections:
        body = _rows(sec.rows) + [Text(p, _BODY, markdown=False) for p in sec.paras]
        flow += [Text(sec.title, _HEADING, markdown=False), *body]
    flow.append(Text("Signature", _HEADING, markdown=False))
    flow.append(Text(note.signature, _SIGNATURE if note.signed else _DRAFT, markdown=False))
    if note.addenda:
        flow.append(Text("Addenda", _HEADING, markdown=False))
        for heading, reason, text, signature in note.addenda:
            flow.append(KeepTogether([
                Text(heading, _BODY.but(bold=True), markdown=False),
                Text(reason, _BODY, markdown=False), Text(text, _BODY, markdown=False),
                Text(signature, _LABEL.but(space_after=6.0), markdown=False)]))
    return flow


def render_note(record: ProcedureRecord, clinic: ClinicInfo,
                generated_at: datetime | None = None) -> bytes:
    """The clinician's procedure note for this record as PDF bytes (draft or signed)."""
    t0 = time.perf_counter()
    note = compose_note(record)
    created = generated_at or datetime.now().astimezone()
    buf = io.BytesIO()
    p = record.patient
    doc = BaseDocTemplate(
        buf, pagesize=LETTER, leftMargin=MARGIN, rightMargin=MARGIN, topMargin=TOP,
        bottomMargin=BOTTOM, title=f"{note.title} - {p.display_name} ({p.mrn})",
        author=clinic.name, subject="Procedure note" + ("" if note.signed else " (not signed)"),
        creator="Clinic Desk", invariant=1, pageCompression=1,
        initialFontName=fonts.REGULAR, initialFontSize=10,
    )
    frame = Frame(MARGIN, BOTTOM, PAGE_W - 2 * MARGIN, PAGE_H - TOP - BOTTOM, id="body",
                  leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
    doc.addPageTemplates([PageTemplate("note", [frame])])
    decor = _Decor(note)
    doc.build(story(note, clinic), canvasmaker=_canvas_maker(decor, created))
    pdf = buf.getvalue()
    log.debug("chart note rendered: record %s, %d bytes, %.1f ms", record.id, len(pdf),
              (time.perf_counter() - t0) * 1000)
    return pdf
