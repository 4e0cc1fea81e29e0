"""The mouse wheel scrolls the form; it never changes a field the person is not working in.

Issue 15 (1): a wheel turned over a combo box, spin box or date field while the nurse scrolls
a long form changed its value (contrast None to iopamidol, the procedure kind to RFA), and
autosave kept it. `WheelGuard` is one application-wide event filter: a wheel event over such
a field that does not have keyboard focus goes to the scroll area around it instead (or
nowhere), so only a field the person has clicked or tabbed into reacts to the wheel.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import (
    QAbstractScrollArea,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QWidget,
)

_GUARDED = (QComboBox, QAbstractSpinBox)  # QAbstractSpinBox covers QDateTimeEdit and kin


def _guarded_field(obj: QObject) -> QWidget | None:
    """The combo or spin box `obj` is (or whose own line edit it is), else None."""
    if isinstance(obj, _GUARDED):
        return obj
    parent = obj.parent() if isinstance(obj, QWidget) else None
    if isinstance(parent, _GUARDED) and not obj.isWindow():  # type: ignore[attr-defined]
        return parent  # the line edit inside an editable combo or a spin box
    return None


def _has_focus(field: QWidget) -> bool:
    focus = QApplication.focusWidget()
    return focus is not None and (focus is field or field.isAncestorOf(focus))


class WheelGuard(QObject):
    """Install once on the QApplication (`install`)."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Polish and isinstance(watched, _GUARDED):
            # Qt gives a WheelFocus widget the focus before any filter sees the wheel; a
            # field is focused by click or Tab only, so the check below means something.
            if watched.focusPolicy() == Qt.FocusPolicy.WheelFocus:
                watched.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
            return False
        if event.type() != QEvent.Type.Wheel:
            return False
        field = _guarded_field(watched)
        if field is None or _has_focus(field):
            return False
        area = _scroll_area_around(field)
        if area is not None:
            bar = (area.horizontalScrollBar()
                   if event.modifiers() & Qt.KeyboardModifier.AltModifier  # type: ignore[attr-defined]
                   else area.verticalScrollBar())
            QApplication.sendEvent(bar, event)
        return True  # the field never sees it


def _scroll_area_around(widget: QWidget) -> QAbstractScrollArea | None:
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, QAbstractScrollArea):
            return parent
        parent = parent.parentWidget()
    return None


_guard: WheelGuard | None = None


def install(app: QApplication | None = None) -> WheelGuard:
    """Filter wheel events application-wide (idempotent: one guard per process)."""
    global _guard
    app = app or QApplication.instance()  # type: ignore[assignment]
    assert isinstance(app, QApplication)
    if _guard is None:
        _guard = WheelGuard(app)
        app.installEventFilter(_guard)
    return _guard
