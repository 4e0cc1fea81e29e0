"""Issue 15, the record editor under real use: what a newcomer's walk-through found, each
driven through the real widgets (offscreen)."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import QApplication, QWidget

from clinic_desk.domain.audit import AuditAction
from clinic_desk.domain.joints import Side
from clinic_desk.domain.record import RecordStatus
from clinic_desk.ui.dialogs.reason import ReasonDialog
from clinic_desk.ui.editor.record_editor import RecordEditor
from tests.signoff.helpers import audit_entries
from tests.ui.test_record_editor import click_facet, fill_complete, new_record, type_into


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


def ready_in_editor(qtbot, window, clinic) -> RecordEditor:
    editor = new_record(window, clinic)
    click_facet(qtbot, editor, "L4-L5", Side.LEFT)
    fill_complete(qtbot, editor)
    assert editor.mark_ready(), editor.ui.message_label.text()
    return editor


# --- 2: a ready record changes only after "Reopen for changes", with a reason ----------------
def test_a_ready_record_needs_reopen_for_changes(qtbot, clinic, make_window, monkeypatch):
    window = make_window(clinic.services, clinic.staff.nurse)
    editor = ready_in_editor(qtbot, window, clinic)
    record_id = editor.record_id
    assert editor.request_close(ask=True)
    assert window.open_record(record_id)
    u = editor.ui
    # Read only: touching a field cannot take it out of the physicians' queue.
    assert editor.read_only and not u.pain_group.isEnabled()
    assert "Reopen for changes" in u.message_label.text()
    assert "Ready for signature" in u.status_label.text()
    assert editor.status_actions.reopen_button.isVisible()
    asked: list[str] = []

    def answer(cls, parent, title, question, ok):
        asked.append(question)
        return "Wrong side recorded"

    monkeypatch.setattr(ReasonDialog, "ask", classmethod(answer))
    editor.setFocus()
    qtbot.keyClick(editor, Qt.Key.Key_O,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert len(asked) == 1
    # The header and the message line follow at once; the queue shows the reason.
    assert not editor.read_only and u.pain_group.isEnabled()
    assert "Reopened for changes: Wrong side recorded" in u.status_label.text()
    assert "Reopened for changes" in u.message_label.text()
    assert not editor.status_actions.reopen_button.isVisible()
    (row,) = clinic.services.records.ready_queue(clinic.staff.physician)
    assert (row.record_id, row.status_label) == (
        record_id, "Reopened for changes: Wrong side recorded")
    type_into(qtbot, u.pain_after_edit, "3")
    assert editor.save(), u.message_label.text()
    assert editor.mark_ready(), u.message_label.text()
    assert editor.read_only  # back in the queue: read only again, header says so
    assert "Ready for signature (reopened: Wrong side recorded)" in u.status_label.text()


def test_cancelling_the_reason_leaves_the_record_in_the_queue(qtbot, clinic, make_window,
                                                              monkeypatch):
    window = make_window(clinic.services, clinic.staff.nurse)
    editor = ready_in_editor(qtbot, window, clinic)
    monkeypatch.setattr(ReasonDialog, "ask", classmethod(lambda cls, *a: None))
    assert not editor.status_actions.reopen()
    assert editor.read_only
    assert [r.status for r in clinic.services.records.ready_queue(clinic.staff.physician)] == [
        RecordStatus.READY]


# --- 3: a medication line typed but not confirmed is not lost --------------------------------
def test_save_commits_an_unconfirmed_medication_line(qtbot, clinic, make_window):
    window = make_window(clinic.services, clinic.staff.nurse)
    editor = new_record(window, clinic)
    u = editor.ui
    click_facet(qtbot, editor, "L4-L5", Side.LEFT)
    type_into(qtbot, u.drug_edit, "bupivacaine")
    u.strength_combo.setCurrentText("0.5%")
    type_into(qtbot, u.volume_edit, "0.5")  # no Enter
    assert editor.is_dirty()
    assert editor.save(), u.message_label.text()
    saved = clinic.services.records.get(clinic.staff.nurse, editor.record_id)
    assert [(m.name, m.volume_ml) for m in saved.medications] == [("bupivacaine", 0.5)]
    assert not u.drug_edit.text() and not editor.is_dirty()


def test_an_unfinished_medication_line_stops_save_and_close(qtbot, clinic, make_window,
                                                            dialogs):
    from clinic_desk.ui.dialogs.drafts import UnsavedChoice

    window = make_window(clinic.services, clinic.staff.nurse)
    editor = new_record(window, clinic)
    u = editor.ui
    click_facet(qtbot, editor, "L4-L5", Side.LEFT)
    assert editor.save()
    type_into(qtbot, u.drug_edit, "lidocaine")  # no volume, no Enter
    assert not editor.save()
    assert "medication line" in u.message_label.text()
    assert u.volume_edit.property("invalid") is True
    assert QApplication.focusWidget() is u.volume_edit
    # Closing asks (the line counts as unsaved work) instead of dropping it silently.
    dialogs.unsaved_answer = UnsavedChoice.SAVE
    assert not editor.request_close(ask=True)
    assert dialogs.asked == ["unsaved"] and editor.has_record
    type_into(qtbot, u.volume_edit, "2")
    assert editor.request_close(ask=True)
    saved = clinic.services.records.get(clinic.staff.nurse, editor_record_id(clinic))
    assert [m.name for m in saved.medications] == ["lidocaine"]


def editor_record_id(clinic) -> int:
    (row,) = clinic.services.records.worklist(clinic.staff.nurse)
    return row.record_id


# --- 4: percent relief only from two valid scores --------------------------------------------
def test_percent_relief_shows_nothing_for_an_invalid_score(qtbot, clinic, make_window):
    window = make_window(clinic.services, clinic.staff.nurse)
    editor = new_record(window, clinic)
    u = editor.ui
    type_into(qtbot, u.pain_before_edit, "11")
    type_into(qtbot, u.pain_after_edit, "2")
    editor.refresh_summary()
    assert "%" not in u.relief_label.text()
    assert "enter both pain scores" in u.relief_label.text()
    type_into(qtbot, u.pain_before_edit, "8")
    editor.refresh_summary()
    assert u.relief_label.text() == "Percent relief: 75 %"


# --- 7: no junk drafts; a draft can be voided with a reason ----------------------------------
def test_a_draft_is_saved_only_once_it_holds_clinical_content(qtbot, clinic, make_window):
    window = make_window(clinic.services, clinic.staff.nurse)
    editor = new_record(window, clinic)
    u = editor.ui
    u.physician_combo.setCurrentIndex(u.physician_combo.findData("drlee"))
    editor.autosave_now()
    assert editor.record_id is None
    assert clinic.services.records.worklist(clinic.staff.nurse) == []
    click_facet(qtbot, editor, "L5-S1", Side.RIGHT)
    editor.autosave_now()
    assert editor.record_id is not None
    assert [r.record_id for r in clinic.services.records.worklist(clinic.staff.nurse)] == [
        editor.record_id]


def test_a_nurse_voids_a_draft_with_a_reason(qtbot, clinic, make_window, monkeypatch):
    window = make_window(clinic.services, clinic.staff.nurse)
    editor = new_record(window, clinic)
    click_facet(qtbot, editor, "L5-S1", Side.RIGHT)
    assert editor.save()
    record_id = editor.record_id
    window.worklist.apply_filters()
    assert window.worklist.model.row_of(record_id) is not None
    assert editor.status_actions.void_button.isVisible()
    monkeypatch.setattr(ReasonDialog, "ask", classmethod(lambda cls, *a: "Wrong patient"))
    qtbot.mouseClick(editor.status_actions.void_button, Qt.MouseButton.LeftButton)
    assert not editor.has_record
    qtbot.waitUntil(lambda: window.worklist.model.row_of(record_id) is None)
    entries = audit_entries(clinic.services, action=AuditAction.RECORD_VOID)
    assert [(e.record_id, e.detail["reason"]) for e in entries] == [(record_id,
                                                                     "Wrong patient")]


# --- 19: the saved message counts what the checklist lists -----------------------------------
def test_the_saved_message_counts_like_the_checklist(qtbot, clinic, make_window):
    window = make_window(clinic.services, clinic.staff.nurse)
    editor = new_record(window, clinic)
    click_facet(qtbot, editor, "L4-L5", Side.LEFT)
    type_into(qtbot, editor.ui.pain_before_edit, "7")
    assert editor.save()
    title = editor.ui.check_title_label.text()
    todo = int(title.split("(")[1].split()[0])
    assert todo == editor.issues_model.rowCount()
    assert f" {todo} things still to do" in editor.ui.message_label.text()


# --- 6: the patient dialog does not open with the MRN selected -------------------------------
def test_patient_dialog_opens_without_the_mrn_selected(qtbot, clinic, dialogs):
    from clinic_desk.ui.dialogs.patient import PatientDialog

    dialog = PatientDialog(clinic.services, clinic.staff.nurse, clinic.zoe)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    mrn = dialog.ui.mrn_edit
    assert mrn.hasFocus() or QApplication.focusWidget() in (None, mrn)
    qtbot.waitUntil(lambda: not mrn.hasSelectedText())
    qtbot.keyClick(mrn, Qt.Key.Key_X)  # a stray key adds to the MRN, never replaces it
    assert mrn.text().upper() == "A1001X"


# --- 12: Alt+letter jumps scroll the field into view; a new record starts at the top ---------
def visible_in_form(editor: RecordEditor, widget: QWidget) -> bool:
    viewport = editor.ui.form_scroll.viewport()
    top_left = widget.mapTo(viewport, QPoint(0, 0))
    return 0 <= top_left.y() and top_left.y() + widget.height() <= viewport.height()


def test_alt_letter_jumps_scroll_the_field_into_view(qtbot, clinic, make_window):
    window = make_window(clinic.services, clinic.staff.nurse)
    window.resize(1024, 600)
    editor = new_record(window, clinic)
    u = editor.ui
    bar = u.form_scroll.verticalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() > 0)
    assert bar.value() == 0
    assert not visible_in_form(editor, u.pain_after_edit)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_A, Qt.KeyboardModifier.AltModifier)
    assert QApplication.focusWidget() is u.pain_after_edit
    assert visible_in_form(editor, u.pain_after_edit)
    qtbot.keyClick(u.pain_after_edit, Qt.Key.Key_K, Qt.KeyboardModifier.AltModifier)
    assert QApplication.focusWidget() is u.kind_combo
    assert visible_in_form(editor, u.kind_combo)
    # The next record opens at the top, not where the last one was left.
    qtbot.keyClick(u.kind_combo, Qt.Key.Key_A, Qt.KeyboardModifier.AltModifier)
    assert bar.value() > 0
    editor.close_record()
    editor = new_record(window, clinic)
    assert bar.value() == 0
