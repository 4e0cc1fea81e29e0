"""A drawn spine from C2 to S1: click the left or right facet at a level to toggle it.

Seen from behind, as the physician stands at a prone patient: the patient's left is on the
left. Each joint sits between two vertebrae; its two facets are drawn either side of the
vertebral bodies. A chosen facet is filled and carries a tick, so the choice never depends on
colour alone. What a click does is `domain.joints.toggle`; the widget only draws.

Keyboard: Up/Down (Home/End, Page Up/Down by region) move the current joint, L and R toggle
its left and right facet, B toggles both, Delete clears the joint.

`facet_rect(joint, side)` gives where a facet is drawn, so tests can click it.

Issue 15 (16): at 1024x768 the full spine left the lumbar levels below the fold. While the
choice is lumbar (or still empty: most procedures are lumbar), the cervical and thoracic rows
are drawn at half height, so L1-L2 to L5-S1 are on screen without scrolling; a cervical or
thoracic choice gives every row its full height again.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from PySide6.QtCore import QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPainterPath,
    QPaintEvent,
    QPalette,
    QPen,
)
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from ...domain.joints import JOINTS, VERTEBRAE, Joint, JointSide, Side, toggle

_MIN_UNIT = 17.0  # pixels per vertebra at the smallest useful size
_COMPACT = 0.5  # a row's height above the lumbar spine while the choice is lumbar
_FIRST_LUMBAR_ROW = VERTEBRAE.index("T12")  # T12 itself: the T12-L1 joint keeps full height


class SpinePicker(QWidget):
    selection_changed = Signal()  # only for changes the user made here

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._selection: dict[Joint, Side] = {}
        self._current = JOINTS.index(next(j for j in JOINTS if j.name == "L4-L5"))
        self._hover: tuple[Joint, Side] | None = None
        self._read_only = False
        self._was_compact = True  # issue 15 (16): an empty choice is drawn compact
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setMouseTracking(True)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Expanding)
        self.setAccessibleName("Spine picker")
        self.setToolTip("Click a facet to choose that joint and side; click again to remove it.\n"
                        "Keyboard: Up/Down to move, L or R to toggle a side, B for both.")
        self._update_description()

    # --- values ---------------------------------------------------------------------------
    def selection(self) -> dict[Joint, Side]:
        return dict(self._selection)

    def joint_sides(self) -> tuple[JointSide, ...]:
        return tuple(JointSide(j, s) for j, s in sorted(self._selection.items()))

    def set_selection(self, selection: Mapping[Joint, Side] | Iterable[JointSide]) -> None:
        """Show this choice (no `selection_changed`: that signal is for the user's clicks)."""
        if isinstance(selection, Mapping):
            new = dict(selection)
        else:
            new = {js.joint: js.side for js in selection}
        if new != self._selection:
            self._selection = new
            self._update_description()
            self._relayout()
            self.update()

    def set_read_only(self, value: bool) -> None:
        self._read_only = value
        self.update()

    def current_joint(self) -> Joint:
        return JOINTS[self._current]

    # --- geometry -------------------------------------------------------------------------
    def compact(self) -> bool:
        """Whether the rows above the lumbar spine are drawn at half height (issue 15)."""
        return all(j.index >= _FIRST_LUMBAR_ROW for j in self._selection)

    def _weights(self) -> list[float]:
        compact = self.compact()
        return [_COMPACT if compact and n < _FIRST_LUMBAR_ROW else 1.0
                for n in range(len(VERTEBRAE))]

    def _relayout(self) -> None:
        if self.compact() != self._was_compact:
            self._was_compact = self.compact()
            self.updateGeometry()

    def _layout(self) -> tuple[float, float, float, float, float]:
        """(top, unit, label width, centre x, body width) for the current size; `unit` is the
        height of a full row."""
        fm = self.fontMetrics()
        header = fm.height() * 1.8
        label_w = self._label_width()
        unit = max(_MIN_UNIT, (self.height() - header - 4) / sum(self._weights()))
        span = self.width() - label_w
        body_w = max(28.0, min(span * 0.34, unit * 2.6))
        return header, unit, label_w, label_w + span / 2, body_w

    def _rows(self) -> list[tuple[float, float]]:
        """(top, height) of each vertebra's row."""
        top, unit, *_ = self._layout()
        rows, y = [], top
        for weight in self._weights():
            rows.append((y, unit * weight))
            y += unit * weight
        return rows

    def _joint_unit(self, joint: Joint) -> float:
        rows = self._rows()
        return min(rows[joint.index][1], rows[joint.index + 1][1])

    def _label_width(self) -> float:
        bold = QFont(self.font())
        bold.setBold(True)
        fm = QFontMetricsF(bold)
        return max(fm.horizontalAdvance(j.short_name) for j in JOINTS) + fm.averageCharWidth() * 2

    def _joint_y(self, joint: Joint) -> float:
        row_top, row_h = self._rows()[joint.index]
        return row_top + row_h  # between its two vertebrae

    def facet_rect(self, joint: Joint, side: Side) -> QRectF:
        """Where a facet is drawn (its ellipse), in widget coordinates."""
        _, full, _, cx, body_w = self._layout()
        unit = self._joint_unit(joint)
        y = self._joint_y(joint)
        small = unit < full
        w, h = max(12.0 if small else 16.0, unit * 1.2), max(7.0 if small else 11.0, unit * 0.72)
        gap = body_w / 2 + w * 0.15
        x = cx - gap - w if side is Side.LEFT else cx + gap
        return QRectF(x, y - h / 2, w, h)

    def _hit(self, pos: QPointF) -> tuple[Joint, Side] | None:
        _top, _unit, label_w, cx, body_w = self._layout()
        joint = min(JOINTS, key=lambda j: abs(self._joint_y(j) - pos.y()))
        if abs(self._joint_y(joint) - pos.y()) > self._joint_unit(joint) / 2:
            return None
        # Generous targets: the whole half-row either side of the vertebral bodies.
        if label_w * 0.5 <= pos.x() < cx - body_w * 0.3:
            return joint, Side.LEFT
        if cx + body_w * 0.3 < pos.x() <= self.width():
            return joint, Side.RIGHT
        return None

    def sizeHint(self) -> QSize:
        fm = self.fontMetrics()
        width = self._label_width() + 190
        return QSize(int(width), int(fm.height() * 1.8 + 22 * sum(self._weights()) + 4))

    def minimumSizeHint(self) -> QSize:
        fm = self.fontMetrics()
        width = self._label_width() + 130
        rows = sum(self._weights())
        return QSize(int(width), int(fm.height() * 1.8 + _MIN_UNIT * rows + 4))

    # --- changes --------------------------------------------------------------------------
    def _toggle(self, joint: Joint, side: Side) -> None:
        if self._read_only:
            return
        if side is Side.BILATERAL:
            current = self._selection.get(joint)
            new = dict(self._selection)
            if current is Side.BILATERAL:
                new.pop(joint)
            else:
                new[joint] = Side.BILATERAL
        else:
            new = toggle(self._selection, joint, side)
        self._current = joint.index
        self._selection = new
        self._update_description()
        self._relayout()
        self.update()
        self.selection_changed.emit()

    def _update_description(self) -> None:
        chosen = ", ".join(str(js) for js in self.joint_sides()) or "nothing chosen"
        self.setAccessibleDescription(f"Chosen: {chosen}. Current joint: "
                                      f"{JOINTS[self._current].name}.")

    # --- events ---------------------------------------------------------------------------
    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() != Qt.MouseButton.LeftButton:
            super().mousePressEvent(event)
            return
        hit = self._hit(event.position())
        if hit is not None:
            self._toggle(*hit)
            event.accept()
        else:
            super().mousePressEvent(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        hit = self._hit(event.position())
        if hit != self._hover:
            self._hover = hit
            self.update()
            if hit is not None:
                joint, side = hit
                chosen = joint in self._selection and side in self._selection[joint].physical
                action = "remove" if chosen else "choose"
                QToolTip.showText(event.globalPosition().toPoint(),
                                  f"{joint.name} {side.value} facet: click to {action}", self)
        super().mouseMoveEvent(event)

    def leaveEvent(self, event: object) -> None:
        self._hover = None
        self.update()
        super().leaveEvent(event)  # type: ignore[arg-type]

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = Qt.Key(event.key())
        regions = [j.index for j in JOINTS if j.index == 0 or
                   JOINTS[j.index - 1].region is not j.region]
        moves = {
            Qt.Key.Key_Up: self._current - 1,
            Qt.Key.Key_Down: self._current + 1,
            Qt.Key.Key_Home: 0,
            Qt.Key.Key_End: len(JOINTS) - 1,
            Qt.Key.Key_PageUp: max([r for r in regions if r < self._current], default=0),
            Qt.Key.Key_PageDown: min([r for r in regions if r > self._current],
                                     default=len(JOINTS) - 1),
        }
        joint = JOINTS[self._current]
        if key in moves:
            self._current = max(0, min(len(JOINTS) - 1, moves[key]))
            self._update_description()
            self.update()
        elif key == Qt.Key.Key_L:
            self._toggle(joint, Side.LEFT)
        elif key == Qt.Key.Key_R:
            self._toggle(joint, Side.RIGHT)
        elif key == Qt.Key.Key_B:
            self._toggle(joint, Side.BILATERAL)
        elif key in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace) and joint in self._selection:
            if not self._read_only:
                self._selection.pop(joint)
                self._update_description()
                self._relayout()
                self.update()
                self.selection_changed.emit()
        else:
            super().keyPressEvent(event)
            return
        event.accept()

    # --- drawing --------------------------------------------------------------------------
    def paintEvent(self, event: QPaintEvent) -> None:
        _top, _unit, label_w, cx, body_w = self._layout()
        pal = self.palette()
        text = pal.color(QPalette.ColorRole.WindowText)
        mid = pal.color(QPalette.ColorRole.Mid)
        base = pal.color(QPalette.ColorRole.Base)
        highlight = pal.color(QPalette.ColorRole.Highlight)
        on_highlight = pal.color(QPalette.ColorRole.HighlightedText)
        disabled = not self.isEnabled() or self._read_only

        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        fm = self.fontMetrics()

        # Column headings: the patient's left and right.
        p.setPen(text)
        bold = QFont(self.font())
        bold.setBold(True)
        p.setFont(bold)
        left_facet = self.facet_rect(JOINTS[0], Side.LEFT)
        right_facet = self.facet_rect(JOINTS[0], Side.RIGHT)
        head = QRectF(0, 0, 0, fm.height() * 1.5)
        p.drawText(head.adjusted(left_facet.center().x() - 40, 0,
                                 left_facet.center().x() + 40, 0),
                   Qt.AlignmentFlag.AlignCenter, "Left")
        p.drawText(head.adjusted(right_facet.center().x() - 40, 0,
                                 right_facet.center().x() + 40, 0),
                   Qt.AlignmentFlag.AlignCenter, "Right")
        p.setFont(self.font())

        # Vertebral bodies, with their names when they fit.
        small = QFont(self.font())
        small.setPointSizeF(max(6.0, self.font().pointSizeF() * 0.8))
        p.setFont(small)
        rows = self._rows()
        for n, name in enumerate(VERTEBRAE):
            row_top, row_h = rows[n]
            body_h = row_h * 0.62
            y = row_top + row_h / 2
            rect = QRectF(cx - body_w / 2, y - body_h / 2, body_w, body_h)
            if name == "S1":
                path = QPainterPath()
                path.moveTo(rect.topLeft())
                path.lineTo(rect.topRight())
                path.lineTo(QPointF(cx + body_w / 4, rect.bottom() + row_h * 0.3))
                path.lineTo(QPointF(cx - body_w / 4, rect.bottom() + row_h * 0.3))
                path.closeSubpath()
                p.setPen(QPen(mid, 1))
                p.setBrush(base)
                p.drawPath(path)
            else:
                p.setPen(QPen(mid, 1))
                p.setBrush(base)
                p.drawRoundedRect(rect, body_h * 0.3, body_h * 0.3)
            if p.fontMetrics().height() <= body_h + 3:
                p.setPen(text)
                p.drawText(rect, Qt.AlignmentFlag.AlignCenter, name)
        p.setFont(self.font())

        # Joints: name on the left, facets either side.
        for joint in JOINTS:
            y = self._joint_y(joint)
            unit = self._joint_unit(joint)
            current = joint.index == self._current
            if current and self.hasFocus():
                band = QRectF(1, y - unit / 2 + 1, self.width() - 2, unit - 2)
                p.setPen(QPen(highlight, 1, Qt.PenStyle.DashLine))
                p.setBrush(Qt.BrushStyle.NoBrush)
                p.drawRect(band)
            chosen_side = self._selection.get(joint)
            label_font = QFont(self.font() if unit >= fm.height() else small)
            label_font.setBold(chosen_side is not None)
            p.setFont(label_font)
            p.setPen(text)
            p.drawText(QRectF(4, y - unit / 2, label_w - 8, unit),
                       Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft,
                       joint.short_name)
            p.setFont(self.font())
            for side in (Side.LEFT, Side.RIGHT):
                rect = self.facet_rect(joint, side)
                chosen = chosen_side is not None and side in chosen_side.physical
                hover = self._hover == (joint, side) and not disabled
                if chosen:
                    fill = QColor(highlight)
                    if disabled:
                        fill.setAlpha(140)
                    p.setBrush(fill)
                    p.setPen(QPen(highlight.darker(140), 1.5))
                else:
                    p.setBrush(base if not hover else highlight.lighter(170))
                    p.setPen(QPen(highlight if hover else mid, 1.5 if hover else 1))
                p.drawEllipse(rect)
                if chosen:
                    # A tick, so a chosen facet reads without colour.
                    c = rect.center()
                    s = min(rect.width(), rect.height()) * 0.3
                    tick = QPainterPath(QPointF(c.x() - s, c.y()))
                    tick.lineTo(QPointF(c.x() - s * 0.3, c.y() + s * 0.7))
                    tick.lineTo(QPointF(c.x() + s, c.y() - s * 0.7))
                    p.setPen(QPen(on_highlight, max(1.5, s * 0.45), Qt.PenStyle.SolidLine,
                                  Qt.PenCapStyle.RoundCap, Qt.PenJoinStyle.RoundJoin))
                    p.setBrush(Qt.BrushStyle.NoBrush)
                    p.drawPath(tick)
        p.end()
