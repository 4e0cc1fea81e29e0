"""A two-level bilateral medial branch block entered with the keyboard alone, then the rest of
the record, counted keystroke by keystroke (the figure goes in the issue's closing note)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from clinic_desk.domain.joints import Side
from clinic_desk.domain.procedures import ProcedureKind
from clinic_desk.domain.record import RecordStatus
from clinic_desk.ui.dialogs.patient_chooser import PatientChooserDialog
from tests.ui.conftest import Keys, reactivate, when_modal

CTRL = Qt.KeyboardModifier.ControlModifier
ALT = Qt.KeyboardModifier.AltModifier
Key = Qt.Key


def start_record_for_zoe(qtbot, window, keys: Keys) -> None:
    """Ctrl+N, "zoe", Enter: the new-record dialog finds Zoë and opens a blank record."""
    window.worklist.ui.worklist_view.setFocus()

    def choose_patient(_dialog: PatientChooserDialog) -> None:
        keys.type("zoe")
        keys.press(Key.Key_Return, name="Enter")

    when_modal(PatientChooserDialog, choose_patient)
    keys.press(Key.Key_N, CTRL, "Ctrl+N")
    assert window.editor.has_record
    reactivate(qtbot, window)


def test_two_level_bilateral_block_by_keyboard_alone(qtbot, clinic, make_window, dialogs,
                                                      capsys):
    window = make_window(clinic.services, clinic.staff.nurse)
    editor = window.editor
    keys = Keys(qtbot)
    start_record_for_zoe(qtbot, window, keys)
    # Focus opens on the first empty required field: the physician (the nurse is filled in).
    assert QApplication.focusWidget() is editor.ui.physician_combo
    keys.type("h")  # Hana Lee, MD
    keys.press(Key.Key_B, ALT, "Alt+B")  # Block
    keys.type("1")  # 1 - diagnostic block 1
    keys.press(Key.Key_L, ALT, "Alt+L")  # Level and side
    keys.type("l45 b")
    keys.press(Key.Key_Return, name="Enter")
    keys.type("l5s1 b")
    keys.press(Key.Key_Return, name="Enter")
    block_keys = keys.count
    editor.refresh_summary()
    targets = editor.ui.targets_label.text()
    assert "L3 medial branch (bilateral)" in targets
    assert "L4 medial branch (bilateral)" in targets
    assert "L5 dorsal ramus (bilateral)" in targets
    keys.press(Key.Key_S, CTRL, "Ctrl+S")
    record = editor.record
    assert record is not None and record.id is not None
    assert record.kind is ProcedureKind.MEDIAL_BRANCH_BLOCK and record.block_number == 1
    assert record.physician is not None and record.physician.username == "drlee"
    assert [(js.joint.name, js.side) for js in record.joints] == [
        ("L4-L5", Side.BILATERAL), ("L5-S1", Side.BILATERAL)]
    block_sequence = keys.sequence()

    # The rest of the record, still by keyboard, up to "Ready for signature".
    keys.press(Key.Key_T, ALT, "Alt+T")  # fluoroscopy time
    keys.type("32")
    keys.press(Key.Key_Tab, name="Tab")  # dose
    keys.type("45")
    keys.press(Key.Key_C, ALT, "Alt+C")  # contrast: starts empty (issue 15); "None"
    keys.type("n")
    keys.press(Key.Key_M, ALT, "Alt+M")  # medication
    keys.type("lid")  # completes to lidocaine
    keys.press(Key.Key_Tab, name="Tab")  # strength: 1% is first; choose 2%
    keys.press(Key.Key_Down, name="Down")
    keys.press(Key.Key_Tab, name="Tab")  # volume
    keys.type("0.5")
    keys.press(Key.Key_Return, name="Enter")
    keys.press(Key.Key_D, ALT, "Alt+D")  # sedation: starts empty (issue 15); "None"
    keys.type("n")
    keys.press(Key.Key_I, ALT, "Alt+I")  # pain before
    keys.type("7")
    keys.press(Key.Key_Tab, name="Tab")
    keys.type("1")
    keys.press(Key.Key_O, ALT, "Alt+O")  # vitals before: systolic, diastolic, HR, SpO2, RR
    for value in ("132", "84", "76", "98", "16", "128", "80", "72", "99", "16"):
        keys.type(value)
        keys.press(Key.Key_Tab, name="Tab")
    keys.press(Key.Key_Return, CTRL, "Ctrl+Enter")
    record = editor.record
    assert record is not None
    assert record.status is RecordStatus.READY, [
        (i.issue.field, i.issue.message) for i in editor.issues_model.items()]
    assert record.medications[0].name == "lidocaine"
    assert record.medications[0].strength == "2%"
    assert record.percent_relief == 85.7
    with capsys.disabled():
        print(f"\nkeyboard-only two-level bilateral MBB: {block_keys} keystrokes to enter, "
              f"+1 to save: {block_sequence}")
        print(f"complete record to 'Ready for signature': {keys.count} keystrokes: "
              f"{keys.sequence()}")
