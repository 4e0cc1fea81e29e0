"""Issue 15, the record editor under real use: what a newcomer's walk-through found, each
driven through the real widgets (offscreen)."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import QApplication, QWidget

from clinic_desk.ui.editor.record_editor import RecordEditor
from tests.ui.test_record_editor import fill_complete, new_record, type_into  # noqa: F401


def wheel(widget: QWidget, steps: int = -1) -> None:
    """One notch of the mouse wheel over the middle of `widget` (down for negative steps)."""
    centre = QPointF(widget.rect().center())
    event = QWheelEvent(centre, QPointF(widget.mapToGlobal(centre.toPoint())), QPoint(0, 0),
                        QPoint(0, 120 * steps), Qt.MouseButton.NoButton,
                        Qt.KeyboardModifier.NoModifier, Qt.ScrollPhase.NoScrollPhase, False)
    QApplication.sendEvent(widget, event)


# --- 1: the wheel scrolls the form, never an unfocused field ---------------------------------
def test_wheel_over_unfocused_fields_scrolls_the_form_not_the_value(qtbot, clinic, make_window):
    window = make_window(clinic.services, clinic.staff.nurse)
    window.resize(1024, 700)
    editor: RecordEditor = new_record(window, clinic)
    u = editor.ui
    bar = u.form_scroll.verticalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() > 0)
    u.physician_combo.setFocus()
    fields = (u.kind_combo, u.contrast_combo, u.sedation_combo, u.modality_combo)
    before = [f.currentIndex() for f in fields]
    when = u.performed_edit.dateTime()
    for field in (*fields, u.performed_edit):
        assert field.focusPolicy() == Qt.FocusPolicy.StrongFocus  # a wheel gives no focus
        bar.setValue(0)
        u.form_scroll.ensureWidgetVisible(field)
        start = bar.value()
        wheel(field, -1)
        assert bar.value() > start, field.objectName()  # the form scrolled instead
    assert [f.currentIndex() for f in fields] == before
    assert u.performed_edit.dateTime() == when
    assert not editor.is_dirty()
    # A field the nurse is working in still takes the wheel.
    u.kind_combo.setFocus()
    wheel(u.kind_combo, -1)
    assert u.kind_combo.currentIndex() != before[0]
