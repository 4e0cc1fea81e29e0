"""Text of a rendered handout read back with pypdf, piece by piece: where each piece is, in
which font and at what size (the size as printed, after every scaling and rotation)."""

from __future__ import annotations

import io
import math
from dataclasses import dataclass
from typing import Any

import pypdf


@dataclass(frozen=True)
class Piece:
    page: int  # 0-based
    text: str
    x: float
    y: float
    size: float  # points, as printed
    angle: float  # degrees
    font: str


def _mul(a: list[float], b: list[float]) -> list[float]:
    return [a[0] * b[0] + a[1] * b[2], a[0] * b[1] + a[1] * b[3],
            a[2] * b[0] + a[3] * b[2], a[2] * b[1] + a[3] * b[3],
            a[4] * b[0] + a[5] * b[2] + b[4], a[4] * b[1] + a[5] * b[3] + b[5]]


def pieces(pdf: bytes) -> list[Piece]:
    out: list[Piece] = []
    for n, page in enumerate(pypdf.PdfReader(io.BytesIO(pdf)).pages):
        def visit(text: str, cm: Any, tm: Any, font: Any, size: float, n: int = n) -> None:
            if not text.strip():
                return
            m = _mul([float(v) for v in tm], [float(v) for v in cm])
            scale = math.hypot(m[0], m[1])
            name = str(font.get("/BaseFont", "")) if font else ""
            out.append(Piece(n, text, m[4], m[5], round(size * scale, 2),
                             math.degrees(math.atan2(m[1], m[0])), name))
        page.extract_text(visitor_text=visit)
    return out


def lines(pdf: bytes) -> list[list[str]]:
    """Each page's text as pypdf lays it out: one string per printed line."""
    return [(p.extract_text() or "").splitlines()
            for p in pypdf.PdfReader(io.BytesIO(pdf)).pages]
