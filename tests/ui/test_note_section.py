"""The editor's procedure-note section (issue 14): clinic defaults cost no keystrokes, RFA
values are entered, a missing field is shown and focused inside the collapsed section."""

from __future__ import annotations

from PySide6.QtCore import Qt

from clinic_desk.domain.note import DischargeCondition, MotorTest
from clinic_desk.domain.procedures import ProcedureKind
from clinic_desk.domain.record import RecordStatus
from tests.ui.test_record_editor import fill_complete, new_record, type_into


def fill(qtbot, editor) -> None:  # type: ignore[no-untyped-def]
    type_into(qtbot, editor.ui.level_edit, "L4-5 B")
    qtbot.keyClick(editor.ui.level_edit, Qt.Key.Key_Return)
    fill_complete(qtbot, editor)


def test_routine_case_needs_no_keystroke_in_the_section(qtbot, clinic, make_window):
    window = make_window(clinic.services, clinic.staff.nurse)
    editor = new_record(window, clinic)
    section = editor.note_section
    assert not section.ui.note_body.isVisible()  # collapsed: a summary line instead
    assert "Written and verbal consent" in section.ui.note_summary_label.text()
    fill(qtbot, editor)
    assert editor.mark_ready()
    saved = clinic.services.records.get(clinic.staff.nurse, editor.record_id)
    assert saved.status is RecordStatus.READY
    assert saved.note is not None
    assert saved.note.disposition.condition is DischargeCondition.STABLE
    assert saved.note.time_out.at.strftime("%H:%M") == saved.performed_at.strftime("%H:%M")


def test_clinic_defaults_come_from_the_database(qtbot, clinic, make_window):
    clinic.services.settings.save_note_defaults(clinic.staff.admin, {"position": "Supine"})
    window = make_window(clinic.services, clinic.staff.nurse)
    editor = new_record(window, clinic)
    assert editor.note_section.ui.position_edit.text() == "Supine"
    assert editor.current_record().note.position == "Supine"


def test_rfa_values_are_entered_and_the_missing_one_is_focused(qtbot, clinic, make_window):
    window = make_window(clinic.services, clinic.staff.nurse, show=True)
    editor = new_record(window, clinic)
    u, n = editor.ui, editor.note_section.ui
    u.kind_combo.setCurrentIndex(u.kind_combo.findData(ProcedureKind.RADIOFREQUENCY_ABLATION.value))
    # An RFA opens the section at its stimulation and lesion fields, all empty.
    assert n.rfa_group.isVisible() and n.note_body.isVisible()
    assert [n.sensory_edit.text(), n.lesion_temperature_edit.text(),
            n.lesion_time_edit.text()] == ["", "", ""]
    assert n.needle_type_edit.text().startswith("RF cannula")  # followed the kind
    fill(qtbot, editor)
    n.note_toggle_button.click()  # collapse it again
    assert not n.note_body.isVisible()
    assert not editor.mark_ready()
    # The first missing RFA field is revealed, marked with its message and focused.
    assert n.note_body.isVisible()
    qtbot.waitUntil(lambda: n.sensory_edit.hasFocus())
    assert "sensory stimulation threshold" in n.sensory_edit.toolTip()
    type_into(qtbot, n.sensory_edit, "0.4")
    n.motor_combo.setCurrentIndex(n.motor_combo.findData(MotorTest.NO_LIMB_RESPONSE.value))
    type_into(qtbot, n.lesion_temperature_edit, "80")
    type_into(qtbot, n.lesion_time_edit, "90")
    assert editor.mark_ready()
    saved = clinic.services.records.get(clinic.staff.nurse, editor.record_id)
    assert saved.note.rfa.lesion_temperature_c == 80
    assert saved.note.rfa.motor_test is MotorTest.NO_LIMB_RESPONSE


def test_keyboard_reaches_the_section_after_the_complications(qtbot, clinic, make_window):
    window = make_window(clinic.services, clinic.staff.nurse, show=True)
    editor = new_record(window, clinic)
    u, n = editor.ui, editor.note_section.ui
    u.complication_text_edit.setFocus()
    qtbot.keyClick(u.complication_text_edit, Qt.Key.Key_Tab)
    assert n.note_toggle_button.hasFocus()
    qtbot.keyClick(n.note_toggle_button, Qt.Key.Key_Space)
    assert n.note_body.isVisible()
    qtbot.keyClick(n.note_toggle_button, Qt.Key.Key_Tab)
    assert n.indication_edit.hasFocus()
    type_into(qtbot, n.position_edit, "Prone, pillow under abdomen")
    assert editor.current_record().note.position == "Prone, pillow under abdomen"
    assert editor.is_dirty()


def test_signed_record_without_a_note_says_so(qtbot, clinic, make_window):
    from tests.factories import make_record
    from tests.signoff.helpers import MEANING

    s, staff = clinic.services, clinic.staff
    saved = s.records.mark_ready(staff.nurse, make_record(
        patient=clinic.zoe, physician=staff.physician.staff, nurse=staff.nurse.staff))
    signed = s.signing.sign(staff.physician, saved.id, staff.password, MEANING)
    window = make_window(s, staff.physician)
    window.open_record(signed.id)
    section = window.editor.note_section
    assert not section.ui.note_body.isEnabled()
    assert "Written and verbal consent" in section.ui.note_summary_label.text()


def test_conflict_dialog_names_note_fields() -> None:
    from clinic_desk.ui.dialogs.conflict import field_name

    assert field_name("note.rfa.lesion_time_s") == "Procedure note: Time per lesion (s)"
