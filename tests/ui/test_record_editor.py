"""The procedure record editor driven through its real widgets: spine picker clicks, live
targets and warnings, validation marks, save and reopen, ready for signature, read-only."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication

from clinic_desk.domain.joints import Side, joint
from clinic_desk.domain.procedures import ComplicationKind, Modality, ProcedureKind, Sedation
from clinic_desk.domain.record import RecordStatus
from clinic_desk.ui.actions import ActionKey
from clinic_desk.ui.dialogs.drafts import UnsavedChoice
from clinic_desk.ui.editor.record_editor import RecordEditor
from clinic_desk.ui.main_window import RECORD, WORKLIST
from clinic_desk.ui.models.record_parts import MedColumn
from tests.factories import make_record

LEFT, RIGHT = Side.LEFT, Side.RIGHT


def click_facet(qtbot, editor: RecordEditor, level: str, side: Side) -> None:
    picker = editor.ui.spine_picker
    rect = picker.facet_rect(joint(level), side)
    qtbot.mouseClick(picker, Qt.MouseButton.LeftButton, pos=rect.center().toPoint())


def new_record(window, clinic) -> RecordEditor:
    assert window.new_record(clinic.zoe.id)
    return window.editor


def type_into(qtbot, widget, text: str) -> None:
    """Clear a field and type into it: keys for ASCII, the input method for "ễ", "ë", "王"
    (QTest cannot press keys that are not on an ASCII keyboard)."""
    widget.setFocus()
    widget.clear()
    for ch in text:
        if ch.isascii():
            qtbot.keyClicks(widget, ch)
        else:
            event = QInputMethodEvent("", [])
            event.setCommitString(ch)
            QApplication.sendEvent(widget, event)


def choose_open_choices(editor: RecordEditor) -> None:
    """Issue 15: block, contrast and sedation start empty; choose what these tests assumed
    (diagnostic block 1, no contrast, no sedation) where still open."""
    u = editor.ui
    for combo, value in ((u.block_combo, 1), (u.contrast_combo, None),
                         (u.sedation_combo, Sedation.NONE.value)):
        if combo.currentText() == "(choose)":
            combo.setCurrentIndex(combo.findData(value))


def fill_complete(qtbot, editor: RecordEditor) -> None:
    """Everything a record needs before signature, typed into the fields."""
    u = editor.ui
    u.physician_combo.setCurrentIndex(u.physician_combo.findData("drlee"))
    choose_open_choices(editor)
    type_into(qtbot, u.fluoro_time_edit, "30")
    type_into(qtbot, u.dose_edit, "40")
    type_into(qtbot, u.drug_edit, "bupivacaine")
    u.strength_combo.setCurrentText("0.5%")
    type_into(qtbot, u.volume_edit, "0.5")
    qtbot.keyClick(u.volume_edit, Qt.Key.Key_Return)
    type_into(qtbot, u.pain_before_edit, "8")
    type_into(qtbot, u.pain_after_edit, "2")
    for when, values in (("before", ("130", "80", "70", "98", "14")),
                         ("after", ("125", "78", "68", "99", "14"))):
        for name, value in zip(("systolic", "diastolic", "heart_rate", "spo2", "resp_rate"),
                               values, strict=True):
            type_into(qtbot, getattr(u, f"vitals_{when}_{name}_edit"), value)


def test_spine_picker_clicks_choose_joints_and_show_nerves(qtbot, clinic, make_window):
    window = make_window(clinic.services, clinic.staff.nurse)
    editor = new_record(window, clinic)
    for level in ("L4-L5", "L5-S1"):
        for side in (LEFT, RIGHT):
            click_facet(qtbot, editor, level, side)
    assert [(js.joint.name, js.side) for js in editor.joints_model.joints()] == [
        ("L4-L5", Side.BILATERAL), ("L5-S1", Side.BILATERAL)]
    with qtbot.waitSignal(editor.summary_updated):
        pass
    nerves = editor.ui.targets_label.text().splitlines()
    assert nerves == ["L3 medial branch (bilateral)", "L4 medial branch (bilateral)",
                      "L5 dorsal ramus (bilateral)"]
    assert "6 needle sites" in editor.ui.targets_title_label.text()
    assert "64493-50" in editor.ui.codes_view.toPlainText()
    assert "64494-50" in editor.ui.codes_view.toPlainText()
    assert "M47.816" in editor.ui.codes_view.toPlainText()
    # A second click on a facet takes that side away again.
    click_facet(qtbot, editor, "L5-S1", RIGHT)
    assert [(js.joint.name, js.side) for js in editor.joints_model.joints()] == [
        ("L4-L5", Side.BILATERAL), ("L5-S1", Side.LEFT)]
    with qtbot.waitSignal(editor.summary_updated):
        pass
    assert "L5 dorsal ramus (bilateral)" not in editor.ui.targets_label.text()
    assert "L5 dorsal ramus (left)" in editor.ui.targets_label.text()


def test_typed_levels_and_picker_agree(qtbot, clinic, make_window):
    window = make_window(clinic.services, clinic.staff.nurse)
    editor = new_record(window, clinic)
    edit = editor.ui.level_edit
    type_into(qtbot, edit, "l45 left")
    qtbot.keyClick(edit, Qt.Key.Key_Return)
    type_into(qtbot, edit, "L4-5 R")
    qtbot.keyClick(edit, Qt.Key.Key_Return)
    assert editor.ui.spine_picker.selection() == {joint("L4-L5"): Side.BILATERAL}
    # A level that is not a facet joint is refused where it was typed, with the reason.
    type_into(qtbot, edit, "C1-2 B")
    qtbot.keyClick(edit, Qt.Key.Key_Return)
    assert edit.property("invalid") is True
    assert "not facet joints" in edit.toolTip()
    assert "not facet joints" in editor.ui.levels_group.findChild(
        type(editor.ui.level_label), "levels_group_issues_label").text()
    type_into(qtbot, edit, "c23 b")
    qtbot.keyClick(edit, Qt.Key.Key_Return)
    assert not edit.property("invalid")
    assert editor.ui.spine_picker.selection()[joint("C2-C3")] is Side.BILATERAL
    # The picker's own keys: Down moves, L toggles the left facet.
    picker = editor.ui.spine_picker
    picker.setFocus()
    start = picker.current_joint()
    qtbot.keyClick(picker, Qt.Key.Key_Down)
    qtbot.keyClick(picker, Qt.Key.Key_L)
    below = next(j for j in picker.selection() if j.index == start.index + 1)
    assert picker.selection()[below] is Side.LEFT
    assert [js.joint for js in editor.joints_model.joints()] == sorted(picker.selection())


def test_warnings_update_live(qtbot, clinic, make_window):
    window = make_window(clinic.services, clinic.staff.nurse)
    editor = new_record(window, clinic)
    for level in ("L3-L4", "L4-L5", "L5-S1"):
        click_facet(qtbot, editor, level, LEFT)
    qtbot.waitUntil(lambda: "3 levels in one session" in editor.ui.warnings_view.toPlainText())
    editor.ui.sedation_combo.setCurrentIndex(
        editor.ui.sedation_combo.findData(Sedation.MODERATE.value))
    qtbot.waitUntil(lambda: "sedation was given" in editor.ui.warnings_view.toPlainText())
    click_facet(qtbot, editor, "L3-L4", LEFT)
    editor.ui.sedation_combo.setCurrentIndex(
        editor.ui.sedation_combo.findData(Sedation.NONE.value))
    qtbot.waitUntil(lambda: editor.ui.warnings_view.toPlainText() == "No coverage warnings.")
    # A dose over the weight-based maximum: a warning icon and text beside the total.
    type_into(qtbot, editor.ui.drug_edit, "lidocaine")
    editor.ui.strength_combo.setCurrentText("4%")
    type_into(qtbot, editor.ui.volume_edit, "5")
    editor.ui.per_target_check.setChecked(True)
    qtbot.keyClick(editor.ui.volume_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: editor.totals_model.rowCount() == 1)
    total = editor.totals_model.index(0, 2)
    assert "Over the maximum" in total.data()
    assert total.data(Qt.ItemDataRole.DecorationRole) is not None
    assert "over the maximum" in editor.ui.warnings_view.toPlainText()


def test_validation_error_is_marked_and_fixed(qtbot, clinic, make_window):
    window = make_window(clinic.services, clinic.staff.nurse)
    editor = new_record(window, clinic)
    click_facet(qtbot, editor, "L4-L5", LEFT)
    systolic = editor.ui.vitals_before_systolic_edit
    type_into(qtbot, systolic, "300")
    editor.ui.notes_edit.setFocus()
    assert not editor.save()
    assert editor.record is not None and editor.record.id is None  # nothing saved
    message = "The systolic blood pressure must be from 50 to 260 mmHg."
    assert systolic.property("invalid") is True
    assert systolic.toolTip() == message
    assert QApplication.focusWidget() is systolic
    assert "Not saved to the database" in editor.ui.message_label.text()
    issues = editor.ui.vitals_group.findChild(type(editor.ui.vitals_before_label),
                                              "vitals_group_issues_label")
    assert issues.isVisible() and message in issues.text()
    assert any(message in i.issue.message for i in editor.issues_model.items())
    # Save stays available and the work is kept locally meanwhile.
    assert editor.ui.save_button.isEnabled()
    assert window.drafts.exists(editor.draft_key())
    type_into(qtbot, systolic, "130")
    assert editor.save()
    assert not systolic.property("invalid")
    assert editor.record is not None and editor.record.id is not None
    assert not window.drafts.list_for_user("nkim")


def test_ready_for_signature_lists_what_is_missing(qtbot, clinic, make_window):
    window = make_window(clinic.services, clinic.staff.nurse)
    editor = new_record(window, clinic)
    click_facet(qtbot, editor, "L4-L5", LEFT)
    assert not editor.mark_ready()
    assert "Not sent for signature" in editor.ui.message_label.text()
    assert editor.ui.physician_combo.property("invalid") is True
    assert editor.ui.physician_combo.toolTip() == "Choose the physician."
    assert QApplication.focusWidget() is editor.ui.physician_combo
    fill_complete(qtbot, editor)
    assert editor.mark_ready(), editor.ui.message_label.text()
    assert editor.record is not None and editor.record.status is RecordStatus.READY
    queue = clinic.services.records.ready_queue(clinic.staff.physician)
    assert [r.record_id for r in queue] == [editor.record.id]
    window.worklist.apply_filters()
    row = window.worklist.model.row_of(editor.record.id)
    assert row is not None
    assert window.worklist.model.row_at(row).status_label == "Ready for signature"


def test_save_reopen_and_find_everything(qtbot, clinic, make_window, dialogs):
    window = make_window(clinic.services, clinic.staff.nurse)
    editor = new_record(window, clinic)
    u = editor.ui
    u.kind_combo.setCurrentIndex(u.kind_combo.findData(ProcedureKind.MEDIAL_BRANCH_BLOCK.value))
    u.block_combo.setCurrentIndex(u.block_combo.findData(2))
    for level in ("L4-L5", "L5-S1"):
        for side in (LEFT, RIGHT):
            click_facet(qtbot, editor, level, side)
    fill_complete(qtbot, editor)
    u.modality_combo.setCurrentIndex(u.modality_combo.findData(Modality.CT.value))
    type_into(qtbot, u.dap_edit, "120.5")
    u.contrast_combo.setCurrentIndex(u.contrast_combo.findData("iohexol"))
    u.sedation_combo.setCurrentIndex(u.sedation_combo.findData(Sedation.MINIMAL.value))
    u.vasovagal_check.setChecked(True)
    type_into(qtbot, u.complication_text_edit, "Felt faint; legs raised, settled in 5 min")
    u.notes_edit.setPlainText("Zoë tolerated it well. Ünïcode — ok")
    assert editor.save(), u.message_label.text()
    record_id = editor.record.id
    qtbot.keyClick(window, Qt.Key.Key_W, Qt.KeyboardModifier.ControlModifier)
    assert not editor.has_record and window.current_page_key() == WORKLIST
    # Reopen from the worklist with Enter on its row.
    worklist = window.worklist
    worklist.apply_filters()
    row = worklist.model.row_of(record_id)
    worklist.ui.worklist_view.setCurrentIndex(worklist.model.index(row, 0))
    worklist.ui.worklist_view.setFocus()
    qtbot.keyClick(worklist.ui.worklist_view, Qt.Key.Key_Return)
    assert window.current_page_key() == RECORD and editor.record_id == record_id
    r = editor.current_record()
    assert r.kind is ProcedureKind.MEDIAL_BRANCH_BLOCK and r.block_number == 2
    assert [(js.joint.name, js.side) for js in r.joints] == [
        ("L4-L5", Side.BILATERAL), ("L5-S1", Side.BILATERAL)]
    assert r.physician.username == "drlee" and r.nurse.username == "nkim"
    assert r.guidance.modality is Modality.CT
    assert (r.guidance.fluoro_time_s, r.guidance.dose_mgy, r.guidance.dap_mgy_cm2) == (
        30, 40, 120.5)
    assert r.guidance.contrast == "iohexol"
    assert [(m.name, m.strength, m.volume_ml, m.per_target) for m in r.medications] == [
        ("bupivacaine", "0.5%", 0.5, True)]
    assert r.sedation is Sedation.MINIMAL
    assert (r.pain_before, r.pain_after) == (8, 2)
    assert (r.vitals_before.systolic, r.vitals_before.resp_rate) == (130, 14)
    assert (r.vitals_after.systolic, r.vitals_after.spo2) == (125, 99)
    assert [c.kind for c in r.complications] == [ComplicationKind.VASOVAGAL]
    assert r.complications[0].text == "Felt faint; legs raised, settled in 5 min"
    assert r.notes == "Zoë tolerated it well. Ünïcode — ok"
    assert u.relief_label.text() == "Percent relief: 75 %"
    assert not editor.is_dirty()
    stored = clinic.services.records.get(clinic.staff.nurse, record_id)
    assert stored.joints == r.joints and stored.medications == r.medications


def test_medication_table_edits_in_place_and_marks_cells(qtbot, clinic, make_window):
    window = make_window(clinic.services, clinic.staff.nurse)
    editor = new_record(window, clinic)
    click_facet(qtbot, editor, "L4-L5", LEFT)
    type_into(qtbot, editor.ui.drug_edit, "Marcaine")  # brand name -> catalogue name
    editor.ui.strength_combo.setCurrentText("0.5%")
    type_into(qtbot, editor.ui.volume_edit, "25")
    qtbot.keyClick(editor.ui.volume_edit, Qt.Key.Key_Return)
    assert editor.medications_model.lines()[0].name == "bupivacaine"
    assert not editor.save()
    cell = editor.medications_model.index(0, MedColumn.VOLUME)
    assert "20 mL" in cell.data(Qt.ItemDataRole.ToolTipRole)
    assert editor.ui.medications_view.currentIndex() == cell
    assert editor.medications_model.setData(cell, "0,5")
    assert editor.save(), editor.ui.message_label.text()
    editor.ui.medications_view.setCurrentIndex(cell)
    editor.ui.medications_view.setFocus()
    qtbot.keyClick(editor.ui.medications_view, Qt.Key.Key_Delete)
    assert editor.medications_model.rowCount() == 0


def test_closing_switching_and_signing_out_ask_first(qtbot, clinic, make_window, dialogs):
    nurse = clinic.staff.nurse
    first = clinic.services.records.save(nurse, make_record(patient=clinic.zoe, nurse=None))
    second = clinic.services.records.save(nurse, make_record(patient=clinic.others[0],
                                                             nurse=None))
    window = make_window(clinic.services, nurse)
    editor = window.editor
    assert window.open_record(first.id)
    type_into(qtbot, editor.ui.notes_edit, "changed")
    # Close: keep editing.
    dialogs.unsaved_answer = UnsavedChoice.CANCEL
    window.action(ActionKey.CLOSE_RECORD).trigger()
    assert editor.record_id == first.id and dialogs.asked == ["unsaved"]
    # Switch to another record: keep editing again.
    assert not window.open_record(second.id)
    assert editor.record_id == first.id
    # Sign out: keep editing; still signed in.
    assert not window.sign_out()
    assert window.isVisible()
    # Discard: closes, nothing saved, no local draft left.
    dialogs.unsaved_answer = UnsavedChoice.DISCARD
    assert window.open_record(second.id)
    assert editor.record_id == second.id
    assert clinic.services.records.get(nurse, first.id).notes == first.notes
    assert not window.drafts.exists(editor.draft_key().replace(str(second.id), str(first.id)))
    # Save: closing saves the draft.
    type_into(qtbot, editor.ui.notes_edit, "second changed")
    dialogs.unsaved_answer = UnsavedChoice.SAVE
    assert editor.request_close()
    assert clinic.services.records.get(nurse, second.id).notes == "second changed"
    assert dialogs.asked == ["unsaved"] * 5


def test_autosave_after_idle(qtbot, clinic, make_window):
    window = make_window(clinic.services, clinic.staff.nurse, autosave_ms=50)
    editor = new_record(window, clinic)
    with qtbot.waitSignal(editor.saved, timeout=5000):
        click_facet(qtbot, editor, "L4-L5", LEFT)
    assert editor.record.id is not None  # a brand-new record is created as a draft
    assert "Saved automatically" in editor.ui.message_label.text()
    # Something wrong: kept locally, not saved to the database.
    type_into(qtbot, editor.ui.pain_after_edit, "15")
    editor.ui.notes_edit.setFocus()
    qtbot.waitUntil(lambda: window.drafts.exists(editor.draft_key()))
    assert clinic.services.records.get(clinic.staff.nurse, editor.record.id).pain_after is None
    qtbot.waitUntil(lambda: editor.ui.pain_after_edit.property("invalid") is True)


def test_signed_record_opens_read_only(qtbot, clinic, make_window):
    staff = clinic.staff
    record = clinic.services.records.mark_ready(staff.nurse, make_record(patient=clinic.zoe))
    clinic.services.signing.sign(staff.physician, record.id, staff.password,
                                 "Reviewed and approved")
    window = make_window(clinic.services, staff.nurse)
    assert window.open_record(record.id)
    editor = window.editor
    assert editor.read_only
    assert not editor.ui.save_button.isVisible()
    assert not editor.ui.procedure_group.isEnabled()
    click_facet(qtbot, editor, "C4-C5", LEFT)
    assert joint("C4-C5") not in editor.ui.spine_picker.selection()
    assert "Read only" in editor.ui.message_label.text()
    assert not editor.save()


def test_desk_cannot_start_or_edit_records(qtbot, clinic, make_window):
    record = clinic.services.records.save(clinic.staff.nurse, make_record(patient=clinic.zoe))
    window = make_window(clinic.services, clinic.staff.desk)
    assert not window.action(ActionKey.NEW_RECORD).isVisible()
    assert not window.action(ActionKey.SAVE_RECORD).isVisible()
    assert not window.new_record(clinic.zoe.id)
    assert window.open_record(record.id)
    assert window.editor.read_only
    assert window.editor.current_record().notes == ""  # no clinical notes for the desk


@pytest.mark.parametrize("role", ["admin"])
def test_admin_sees_no_records(qtbot, clinic, make_window, role):
    window = make_window(clinic.services, clinic.staff.admin)
    assert window.current_page_key() == "users"  # a real page (issue 15, point 15)
    assert not window.action(ActionKey.WORKLIST).isVisible()
    assert not window.show_page(WORKLIST)
