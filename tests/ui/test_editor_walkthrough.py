"""Issue 15, the record editor under real use: what a newcomer's walk-through found, each
driven through the real widgets (offscreen)."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import QApplication, QWidget

from clinic_desk.domain.audit import AuditAction
from clinic_desk.domain.clinic import RecordDefaults
from clinic_desk.domain.joints import Side
from clinic_desk.domain.procedures import Sedation
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


# --- 5: block, contrast, sedation and a new user's role start empty and are required ---------
def test_block_contrast_and_sedation_start_empty_and_are_required(qtbot, clinic, make_window):
    window = make_window(clinic.services, clinic.staff.nurse)
    editor = new_record(window, clinic)
    u = editor.ui
    for combo in (u.block_combo, u.contrast_combo, u.sedation_combo):
        assert combo.currentText() == "(choose)", combo.objectName()
    click_facet(qtbot, editor, "L4-L5", Side.LEFT)
    fill_complete(qtbot, editor)
    for combo in (u.block_combo, u.contrast_combo, u.sedation_combo):
        combo.setCurrentIndex(0)  # (choose): what a nurse who skips them leaves
    assert not editor.mark_ready()
    for combo, words in ((u.block_combo, "Choose the block"),
                         (u.contrast_combo, "Choose the contrast agent"),
                         (u.sedation_combo, "Choose the sedation level")):
        assert combo.property("invalid") is True and words in combo.toolTip()
    # Saved as a draft, the open choices stay open (not "None" or "therapeutic").
    assert editor.save()
    stored = clinic.services.records.get(clinic.staff.nurse, editor.record_id)
    assert stored.unanswered == {"block_number", "guidance.contrast", "sedation"}
    editor.close_record()
    assert window.open_record(stored.id)
    assert u.sedation_combo.currentText() == "(choose)"
    u.block_combo.setCurrentIndex(u.block_combo.findData(1))
    u.contrast_combo.setCurrentIndex(u.contrast_combo.findData(None))  # "None": none used
    u.sedation_combo.setCurrentIndex(u.sedation_combo.findData(Sedation.NONE.value))
    assert editor.mark_ready(), u.message_label.text()
    ready = clinic.services.records.get(clinic.staff.nurse, stored.id)
    assert ready.unanswered == frozenset() and ready.guidance.contrast is None


def test_clinic_defaults_prefill_and_say_so(qtbot, clinic, make_window):
    clinic.services.settings.save_record_defaults(
        clinic.staff.admin, RecordDefaults(block_number=0, contrast="iohexol", sedation="none"))
    window = make_window(clinic.services, clinic.staff.nurse)
    editor = new_record(window, clinic)
    u = editor.ui
    assert u.block_combo.currentText() == "Therapeutic (no number) (clinic default)"
    assert u.contrast_combo.currentText().endswith("(clinic default)")
    assert u.contrast_combo.currentData() == "iohexol"
    assert u.sedation_combo.currentText() == "None (local only) (clinic default)"
    assert editor.current_record().unanswered == frozenset()


def test_a_new_users_role_starts_empty_and_is_required(qtbot, clinic, dialogs):
    from clinic_desk.ui.admin.user_dialogs import UserDialog

    dialog = UserDialog(clinic.services, clinic.staff.admin)
    qtbot.addWidget(dialog)
    u = dialog.ui
    assert u.role_combo.currentText() == "(choose)"
    type_into(qtbot, u.username_edit, "nrossi")
    type_into(qtbot, u.full_name_edit, "Nadia Rossi")
    for edit in (u.password_edit, u.confirm_edit):
        type_into(qtbot, edit, "a long enough password 1")
    dialog._on_button_box_accepted()
    assert dialog.created is None and "Choose the role" in u.message_label.text()
    u.role_combo.setCurrentIndex(u.role_combo.findData("nurse"))
    dialog._on_button_box_accepted()
    assert dialog.created is not None and dialog.created.role.value == "nurse"


# --- 14: copy from the last procedure ---------------------------------------------------------
def test_copy_from_the_last_procedure(qtbot, clinic, make_window):

    from clinic_desk.domain.procedures import Guidance, Modality
    from tests.factories import make_record

    first = clinic.services.records.save(clinic.staff.nurse, make_record(
        patient=clinic.zoe, joints="L4-L5 B, L5-S1 L",
        guidance=Guidance(Modality.FLUOROSCOPY, fluoro_time_s=38, dose_mgy=4.1,
                          contrast="iohexol")))
    window = make_window(clinic.services, clinic.staff.nurse)
    editor = new_record(window, clinic)
    u = editor.ui
    assert first.performed_at < editor.current_record().performed_at
    assert editor.copy_last.copy_button.isVisible()
    editor.setFocus()
    qtbot.keyClick(editor, Qt.Key.Key_K,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    now = editor.current_record()
    assert now.joints == first.joints
    assert now.medications == first.medications
    assert now.guidance.contrast == "iohexol" and "guidance.contrast" not in now.unanswered
    # Never scores, vitals, doses or times.
    assert now.pain_before is None and now.pain_after is None
    assert now.vitals_before.empty and now.guidance.fluoro_time_s is None
    assert now.guidance.dose_mgy is None and now.performed_at != first.performed_at
    # Shown as copied until confirmed; not sent for signature before that.
    assert u.form_widget.findChild(QWidget, "copied_notice").isVisible()
    assert f"record {first.id}" in editor.copy_last.notice_label.text()
    fill_complete(qtbot, editor)
    editor.medications_model.set_lines(list(first.medications))
    assert not editor.mark_ready()
    assert "confirm the values copied" in u.message_label.text()
    qtbot.mouseClick(editor.copy_last.confirm_button, Qt.MouseButton.LeftButton)
    assert not editor.copy_last.notice.isVisible()
    assert editor.mark_ready(), u.message_label.text()


def test_copy_says_when_there_is_nothing_to_copy(qtbot, clinic, make_window):
    window = make_window(clinic.services, clinic.staff.nurse)
    editor = new_record(window, clinic)
    assert not editor.copy_last.copy()
    assert "no earlier procedure" in editor.ui.message_label.text()
    assert editor.current_record().joints == ()


# --- 18: level messages: no duplicates, stale ones clear, the entry keeps its width -----------
def levels_messages(editor: RecordEditor) -> list[str]:
    from PySide6.QtWidgets import QLabel

    label = editor.ui.levels_group.findChild(QLabel, "levels_group_issues_label")
    if label is None or label.isHidden():
        return []
    return [line.split("> ", 1)[-1] for line in label.text().split("<br>")]


def test_level_messages_do_not_pile_up_or_squeeze_the_entry(qtbot, clinic, make_window):
    window = make_window(clinic.services, clinic.staff.nurse)
    editor = new_record(window, clinic)
    u = editor.ui
    width = u.level_edit.width()
    type_into(qtbot, u.level_edit, "L5-S1")
    qtbot.keyClick(u.level_edit, Qt.Key.Key_Return)
    (message,) = levels_messages(editor)
    assert "Add the side for L5-S1" in message
    # Marked again (the checklist's own message on top): each line once.
    editor.show_issues((), missing_too=True)
    type_into(qtbot, u.level_edit, "C1-2")
    qtbot.keyClick(u.level_edit, Qt.Key.Key_Return)
    lines = levels_messages(editor)
    assert len(lines) == len(set(lines)), lines
    # The message sits under the entry and table, which keep their width.
    qtbot.waitUntil(lambda: u.level_edit.width() >= width - 2)
    # Choosing the side on the spine clears the stale "Add the side" message.
    click_facet(qtbot, editor, "L5-S1", Side.LEFT)
    assert not any("Add the side" in line for line in levels_messages(editor))
    assert not u.level_edit.property("invalid")


# --- 16 (editor): lumbar levels on screen at 1024x768 without scrolling ------------------------
def facet_on_screen(editor: RecordEditor, level: str, side: Side) -> bool:
    from clinic_desk.domain.joints import joint

    picker, viewport = editor.ui.spine_picker, editor.ui.form_scroll.viewport()
    rect = picker.facet_rect(joint(level), side)
    top = picker.mapTo(viewport, rect.topLeft().toPoint())
    bottom = picker.mapTo(viewport, rect.bottomRight().toPoint())
    return top.y() >= 0 and bottom.y() <= viewport.height()


def test_lumbar_levels_are_visible_at_1024x768(qtbot, clinic, make_window):
    window = make_window(clinic.services, clinic.staff.nurse)
    window.resize(1024, 740)  # a 1024x768 screen less the window's title bar
    editor = new_record(window, clinic)
    u = editor.ui
    qtbot.waitUntil(lambda: u.form_scroll.verticalScrollBar().maximum() > 0)
    assert u.form_scroll.verticalScrollBar().value() == 0
    for level in ("L1-L2", "L4-L5", "L5-S1"):
        assert facet_on_screen(editor, level, Side.LEFT), level
    click_facet(qtbot, editor, "L4-L5", Side.LEFT)
    click_facet(qtbot, editor, "L5-S1", Side.RIGHT)
    qtbot.waitUntil(lambda: facet_on_screen(editor, "L5-S1", Side.RIGHT))
    assert u.spine_picker.compact()
    # A cervical choice gives every level its full height again (and still toggles).
    type_into(qtbot, u.level_edit, "c56 b")
    qtbot.keyClick(u.level_edit, Qt.Key.Key_Return)
    assert not u.spine_picker.compact()
    click_facet(qtbot, editor, "C5-C6", Side.LEFT)
    first = editor.joints_model.joints()[0]
    assert (first.joint.name, first.side) == ("C5-C6", Side.RIGHT)


def test_the_checklist_title_follows_the_status_once_sent(qtbot, clinic, make_window):
    """Issue 15, point 21: "Complete: ready to send" still showed after sending."""
    window = make_window(clinic.services, clinic.staff.nurse)
    editor = ready_in_editor(qtbot, window, clinic)
    qtbot.waitUntil(lambda: "sent to the physician" in editor.ui.check_title_label.text())
    assert "ready to send" not in editor.ui.check_title_label.text()
    record_id = editor.record_id
    assert editor.request_close(ask=True)
    assert window.open_record(record_id)
    qtbot.waitUntil(lambda: "sent to the physician" in editor.ui.check_title_label.text())
