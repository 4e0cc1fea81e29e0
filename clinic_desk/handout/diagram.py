"""The spine diagram: the treated part of the spine seen from behind, with the joints marked.

Seen from behind, the patient's left is on the reader's left, as when the patient looks at a
picture of their own back. A small figure beside it shows where on the body that part is.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from reportlab.lib.colors import Color, HexColor, white
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable

from ..domain.joints import VERTEBRAE, JointSide, Region, Side
from .fonts import runs

BONE = HexColor("#F3EEE2")
BONE_EDGE = HexColor("#7A7265")
MARK = HexColor("#123A75")  # dark blue: reads as "dark" in grey-scale print too
FAINT = HexColor("#B9B2A6")
TEXT = HexColor("#1A1A1A")
BODY = HexColor("#F4F6FA")


def _window(joints: Sequence[JointSide]) -> tuple[int, int]:
    """First and last vertebra (indexes into VERTEBRAE) to draw: the treated joints plus one
    vertebra around them, and at least five vertebrae so the picture reads as a spine."""
    last = len(VERTEBRAE) - 1
    if not joints:
        return last - 6, last
    top = max(0, min(js.joint.index for js in joints) - 1)
    bottom = min(last, max(js.joint.index for js in joints) + 2)
    while bottom - top < 5:
        if top > 0:
            top -= 1
        if bottom - top < 5 and bottom < last:
            bottom += 1
    return top, bottom


class SpineDiagram(Flowable):  # type: ignore[misc]
    """The diagram as a flowable `width` x `height` points, drawn as vector paths straight on
    the page (a reportlab.graphics Drawing of the same picture took ten times longer)."""

    def __init__(self, joints: Sequence[JointSide], labels: Mapping[str, str], width: float,
                 height: float, font_size: float) -> None:
        super().__init__()
        self.joints = tuple(joints)
        self.labels = labels
        self.width, self.height = width, height
        self.font_size = font_size

    def wrap(self, _aw: float, _ah: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        draw_spine(self.canv, self.joints, self.labels, self.width, self.height, self.font_size)


_K = 0.5523  # a quarter circle as one cubic Bezier


class _Ops:
    """PDF path operators written straight into the page (one literal per batch): the
    diagram's forty-odd shapes cost a fifth of what reportlab's canvas calls did."""

    def __init__(self) -> None:
        self.out: list[str] = ["q"]

    def fill(self, color: Color) -> None:
        self.out.append(f"{color.red:.3f} {color.green:.3f} {color.blue:.3f} rg")

    def stroke(self, color: Color, width: float) -> None:
        self.out.append(f"{color.red:.3f} {color.green:.3f} {color.blue:.3f} RG {width:.2f} w")

    def line(self, x1: float, y1: float, x2: float, y2: float) -> None:
        self.out.append(f"{x1:.2f} {y1:.2f} m {x2:.2f} {y2:.2f} l S")

    def circle(self, x: float, y: float, r: float, paint: str = "b") -> None:
        k = r * _K
        self.out.append(
            f"{x + r:.2f} {y:.2f} m "
            f"{x + r:.2f} {y + k:.2f} {x + k:.2f} {y + r:.2f} {x:.2f} {y + r:.2f} c "
            f"{x - k:.2f} {y + r:.2f} {x - r:.2f} {y + k:.2f} {x - r:.2f} {y:.2f} c "
            f"{x - r:.2f} {y - k:.2f} {x - k:.2f} {y - r:.2f} {x:.2f} {y - r:.2f} c "
            f"{x + k:.2f} {y - r:.2f} {x + r:.2f} {y - k:.2f} {x + r:.2f} {y:.2f} c {paint}")

    def rect(self, x: float, y: float, w: float, h: float, paint: str = "f") -> None:
        self.out.append(f"{x:.2f} {y:.2f} {w:.2f} {h:.2f} re {paint}")

    def round_rect(self, x: float, y: float, w: float, h: float, r: float,
                   paint: str = "b") -> None:
        k = r * (1 - _K)
        x2, y2 = x + w, y + h
        self.out.append(
            f"{x + r:.2f} {y:.2f} m {x2 - r:.2f} {y:.2f} l "
            f"{x2 - k:.2f} {y:.2f} {x2:.2f} {y + k:.2f} {x2:.2f} {y + r:.2f} c "
            f"{x2:.2f} {y2 - r:.2f} l "
            f"{x2:.2f} {y2 - k:.2f} {x2 - k:.2f} {y2:.2f} {x2 - r:.2f} {y2:.2f} c "
            f"{x + r:.2f} {y2:.2f} l "
            f"{x + k:.2f} {y2:.2f} {x:.2f} {y2 - k:.2f} {x:.2f} {y2 - r:.2f} c "
            f"{x:.2f} {y + r:.2f} l "
            f"{x:.2f} {y + k:.2f} {x + k:.2f} {y:.2f} {x + r:.2f} {y:.2f} c {paint}")

    def flush(self, c: Canvas) -> None:
        if len(self.out) > 1:
            c.addLiteral("\n".join([*self.out, "Q"]))
        self.out = ["q"]


def _width(c: Canvas, text: str, size: float, bold: bool = True) -> float:
    return float(sum(c.stringWidth(chunk, font, size) for font, chunk in runs(text, bold)))


def _text(c: Canvas, x: float, y: float, text: str, size: float, bold: bool = False,
          anchor: str = "left") -> None:
    parts = runs(text, bold)
    width = _width(c, text, size, bold)
    if anchor == "middle":
        x -= width / 2
    elif anchor == "end":
        x -= width
    for font, chunk in parts:
        c.setFont(font, size)
        c.drawString(x, y, chunk)
        x += c.stringWidth(chunk, font, size)


def min_height(joints: Sequence[JointSide], font_size: float) -> float:
    """The height at which vertebra names are still 0.8 x font_size (8 pt in standard print,
    16 pt in large print): the title band plus about 1.9 font sizes per vertebra."""
    top, bottom = _window(joints)
    return font_size * 2.9 + 4 + (bottom - top + 1 + _tail(bottom)) * font_size * 1.9


def _tail(bottom: int) -> float:
    """The sacrum's wedge reaches 0.4 of a slot below its box: room for it, in slots."""
    return 0.45 if VERTEBRAE[bottom] == "S1" else 0.0


def draw_spine(c: Canvas, joints: Sequence[JointSide], labels: Mapping[str, str], width: float,
               height: float, font_size: float) -> None:
    """Draw the diagram with its lower left corner at the canvas origin.

    From left to right: the small figure, a column for the names of left-only joints, the
    spine, a column for the names of the other treated joints (each name beside its side)."""
    top, bottom = _window(joints)
    count = bottom - top + 1
    fs = font_size
    mini_w = width * 0.13
    label_w = width * 0.22
    main_left = mini_w + 4 + label_w
    main_w = width - label_w - main_left
    cx = main_left + main_w / 2
    band = fs * 2.9  # region title and Left/Right above the bones
    body_w = min(main_w * 0.5, fs * 6.5)
    facet_dx = body_w / 2 + max(fs * 0.9, main_w * 0.14)
    slot = (height - band - 4) / (count + _tail(bottom))
    body_h = slot * 0.7

    def y_of(i: int) -> float:  # bottom of vertebra i
        return height - band - (i - top + 1) * slot + (slot - body_h) / 2

    c.saveState()
    # Title: the regions shown, then which side is which.
    regions = [r for r in Region if any(js.joint.region is r for js in joints)] or [Region.LUMBAR]
    c.setFillColor(TEXT)
    _text(c, cx, height - fs, " / ".join(labels.get(r.value, r.value) for r in regions), fs,
          bold=True, anchor="middle")
    # "Left | Right" meet over the middle of the spine, so long words ("Izquierda") never run
    # into the small figure beside it. A word still too long for its half is set smaller,
    # both words alike.
    left, right = labels.get("left", "left"), labels.get("right", "right")
    side_fs = fs * 0.9
    room = min(cx - fs * 0.4 - (mini_w + 4), width - cx - fs * 0.4)
    widest = max(_width(c, left, side_fs), _width(c, right, side_fs))
    if widest > room > 0:
        side_fs *= room / widest
    _text(c, cx - fs * 0.4, height - fs * 2.3, left, side_fs, bold=True, anchor="end")
    _text(c, cx + fs * 0.4, height - fs * 2.3, right, side_fs, bold=True)
    ops = _Ops()
    ops.stroke(FAINT, 1.0)
    ops.line(cx, height - fs * 2.5, cx, height - fs * 1.5)

    # Bones, top to bottom; the sacrum is a wedge. Their names go on top of them.
    small = min(fs * 0.8, body_h * 0.62)
    ops.stroke(BONE_EDGE, 0.8)
    ops.fill(BONE)
    for i in range(top, bottom + 1):
        y = y_of(i)
        if VERTEBRAE[i] == "S1":
            ops.out.append(
                f"{cx - body_w * 0.62:.2f} {y + body_h:.2f} m "
                f"{cx + body_w * 0.62:.2f} {y + body_h:.2f} l "
                f"{cx + body_w * 0.18:.2f} {y - slot * 0.4:.2f} l "
                f"{cx - body_w * 0.18:.2f} {y - slot * 0.4:.2f} l h b")
        else:
            w = body_w * (0.8 if VERTEBRAE[i][0] == "C" else 1.0)
            ops.round_rect(cx - w / 2, y, w, body_h, min(4, body_h / 3))
    ops.flush(c)
    c.setFillColor(TEXT)
    for i in range(top, bottom + 1):
        _text(c, cx, y_of(i) + body_h / 2 - small * 0.35, VERTEBRAE[i], small,
              anchor="middle")

    # Every facet joint in view, faint; the treated ones large and dark, with their name on
    # the treated side (a left-only joint is named on the left).
    treated: dict[int, Side] = {js.joint.index: js.side for js in joints}
    mark_r = max(3.0, min(fs * 0.55, slot * 0.32))
    for k in range(top, bottom):
        y = y_of(k) - (slot - body_h) / 2  # the gap between vertebra k and k + 1
        side = treated.get(k)
        physical = side.physical if side else ()
        for s, sign in ((Side.LEFT, -1), (Side.RIGHT, 1)):
            x = cx + sign * facet_dx
            ops.stroke(FAINT, 0.6)
            ops.line(cx + sign * body_w / 2, y, x - sign * 2.2, y)
            if s in physical:
                ops.fill(MARK)
                ops.stroke(white, 1.2)
                ops.circle(x, y, mark_r)
            else:
                ops.fill(white)
                ops.stroke(FAINT, 0.8)
                ops.circle(x, y, 2.2)
    ops.flush(c)
    for k in range(top, bottom):
        y = y_of(k) - (slot - body_h) / 2
        side = treated.get(k)
        if side is not None:
            c.setFillColor(MARK)
            name = f"{VERTEBRAE[k]}-{VERTEBRAE[k + 1]}"
            if side is Side.LEFT:
                _text(c, cx - facet_dx - mark_r - 5, y - fs * 0.33, name, fs * 0.95,
                      bold=True, anchor="end")
            else:
                _text(c, cx + facet_dx + mark_r + 5, y - fs * 0.33, name, fs * 0.95,
                      bold=True)
    _locator(c, top, bottom, mini_w, height - band * 0.35, 4)
    c.restoreState()


def _locator(c: Canvas, top: int, bottom: int, w: float, y_top: float, y_bottom: float) -> None:
    """A small figure of a head and back with the spine; the part drawn large is dark."""
    cx = w / 2
    head_r = w * 0.22
    ops = _Ops()
    ops.stroke(BONE_EDGE, 0.8)
    ops.fill(white)
    ops.circle(cx, y_top - head_r, head_r)
    neck = y_top - head_r * 2
    ops.fill(BODY)
    ops.round_rect(cx - w * 0.46, y_bottom, w * 0.92, neck - y_bottom - head_r * 0.45, w * 0.2)
    n = len(VERTEBRAE)
    seg = (neck - y_bottom - 4) / n
    for dark in (False, True):
        ops.fill(MARK if dark else FAINT)
        for i in range(n):
            if (top <= i <= bottom) is dark:
                y = neck - 2 - (i + 1) * seg
                ops.rect(cx - w * 0.1, y + seg * 0.15, w * 0.2, seg * 0.7)
    ops.flush(c)
