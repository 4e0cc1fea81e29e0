"""The Sign and Addendum dialogs, driven as a physician would, on a real database."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox

from clinic_desk.domain.record import RecordStatus
from clinic_desk.domain.signoff import handout_version
from clinic_desk.ui.signoff.addendum_dialog import AddendumDialog
from clinic_desk.ui.signoff.sign_dialog import SignDialog
from tests.signoff.helpers import audit_entries, ready_record, signed_record, stored


def _ok(dialog: Any) -> Any:
    return dialog.ui.button_box.button(QDialogButtonBox.StandardButton.Ok)


def test_sign_with_the_wrong_then_the_right_password(qtbot: Any, clinic_staff: Any) -> None:
    services, staff = clinic_staff
    ready = ready_record(services, staff)
    dialog = SignDialog(services, staff.physician, ready)
    qtbot.addWidget(dialog)
    with qtbot.waitActive(dialog):
        dialog.show()
        dialog.activateWindow()
    assert "O'Brien-Nguyễn, Zoë" in dialog.ui.record_label.text()
    assert dialog.ui.signer_label.text() == "Hana Lee, MD (drlee)"
    assert _ok(dialog).text() == "&Sign" and dialog.focusWidget() is dialog.ui.password_edit
    # Enter with nothing typed: asked for the password, nothing signed.
    qtbot.keyClick(dialog.ui.password_edit, Qt.Key.Key_Return)
    assert dialog.ui.message_label.text() == "Enter your password to sign."
    qtbot.keyClicks(dialog.ui.password_edit, "wrong password")
    qtbot.keyClick(dialog.ui.password_edit, Qt.Key.Key_Return)
    assert "password is not right" in dialog.ui.message_label.text()
    assert dialog.ui.message_label.isVisibleTo(dialog) and dialog.ui.message_icon.isVisibleTo(
        dialog)
    assert dialog.ui.password_edit.text() == "" and dialog.result() != QDialog.DialogCode.Accepted
    assert stored(services, ready.id).status is RecordStatus.READY
    # The right password and the other meaning (keyboard only: Alt+E picks "Performed by").
    qtbot.keyClick(dialog.ui.password_edit, Qt.Key.Key_E, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(dialog.ui.performed_radio.isChecked)  # a mnemonic clicks (animated)
    assert dialog.meaning == "Performed by"
    qtbot.keyClicks(dialog.ui.password_edit, staff.password)
    with qtbot.waitSignal(dialog.accepted):
        qtbot.keyClick(dialog.ui.password_edit, Qt.Key.Key_Return)
    assert dialog.signed is not None and dialog.signed.signature is not None
    assert dialog.signed.signature.meaning == "Performed by"
    assert audit_entries(services)[-1].action.value == "record_sign"


def test_sign_refuses_a_record_changed_meanwhile(qtbot: Any, clinic_staff: Any) -> None:
    services, staff = clinic_staff
    ready = ready_record(services, staff)
    reopened = services.records.reopen(staff.nurse, ready.id, ready.version, "Pain after")
    services.records.mark_ready(staff.nurse, reopened.with_changes(pain_after=0))
    dialog = SignDialog(services, staff.physician, ready)
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.ui.password_edit, staff.password)
    _ok(dialog).click()
    assert "changed this record after you opened it" in dialog.ui.message_label.text()
    assert dialog.signed is None and stored(services, ready.id).signature is None


def test_addendum_dialog(qtbot: Any, clinic_staff: Any) -> None:
    services, staff = clinic_staff
    signed = signed_record(services, staff)
    dialog = AddendumDialog(services, staff.physician, signed)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.focusWidget() is dialog.ui.reason_edit
    _ok(dialog).click()
    assert dialog.ui.message_label.text() == "Give the reason for the addendum."
    qtbot.keyClicks(dialog.ui.reason_edit, "Anticoagulant plan changed")
    qtbot.keyClick(dialog.ui.reason_edit, Qt.Key.Key_Tab)
    assert dialog.focusWidget() is dialog.ui.text_edit
    qtbot.keyClicks(dialog.ui.text_edit, "Restart apixaban on Thursday.")
    qtbot.keyClick(dialog.ui.text_edit, Qt.Key.Key_Tab)  # tabChangesFocus
    assert dialog.focusWidget() is dialog.ui.changes_check
    qtbot.keyClick(dialog.ui.changes_check, Qt.Key.Key_Space)
    assert dialog.ui.changes_check.isChecked()
    qtbot.keyClicks(dialog.ui.password_edit, "not it")
    _ok(dialog).click()
    assert "Nothing was added" in dialog.ui.message_label.text()
    assert stored(services, signed.id).addenda == ()
    qtbot.keyClicks(dialog.ui.password_edit, staff.password)
    with qtbot.waitSignal(dialog.accepted):
        _ok(dialog).click()
    amended = dialog.amended
    assert amended is not None and len(amended.addenda) == 1
    a = amended.addenda[0]
    assert (a.reason, a.text, a.changes_instructions) == (
        "Anticoagulant plan changed", "Restart apixaban on Thursday.", True)
    assert handout_version(amended) == 2
    assert services.signing.verify(amended)


def test_the_signature_meaning_is_the_same_widget_in_sign_and_addendum(
        qtbot: Any, clinic_staff: Any) -> None:
    """Issue 15, point 21: radio buttons in Sign, a drop-down in Addendum; now radio buttons
    in both, with the same choices, and the addendum is signed with the one chosen."""
    from PySide6.QtWidgets import QComboBox, QRadioButton

    from clinic_desk.domain.record import SIGNATURE_MEANINGS

    services, staff = clinic_staff
    signed = signed_record(services, staff)
    sign = SignDialog(services, staff.physician, ready_record(services, staff))
    addendum = AddendumDialog(services, staff.physician, signed)
    for dialog in (sign, addendum):
        qtbot.addWidget(dialog)
        radios = [r.text().replace("&", "") for r in dialog.findChildren(QRadioButton)]
        assert radios == list(SIGNATURE_MEANINGS), type(dialog).__name__
        assert dialog.findChildren(QComboBox) == []
    addendum.show()
    addendum.ui.performed_radio.setChecked(True)
    addendum.ui.reason_edit.setText("Omitted")
    addendum.ui.text_edit.setPlainText("Ice 20 minutes at a time.")
    qtbot.keyClicks(addendum.ui.password_edit, staff.password)
    with qtbot.waitSignal(addendum.accepted):
        _ok(addendum).click()
    assert addendum.amended is not None
    signature = addendum.amended.addenda[0].signature
    assert signature is not None and signature.meaning == SIGNATURE_MEANINGS[1]


def test_the_sign_dialog_has_no_empty_band_when_no_steroid_reason_is_asked(
        qtbot: Any, clinic_staff: Any) -> None:
    """Seen on the real screen: the form's fixed 480-pixel height left a third of the dialog
    empty under the password when the steroid box is hidden."""
    services, staff = clinic_staff
    dialog = SignDialog(services, staff.physician, ready_record(services, staff))
    qtbot.addWidget(dialog)
    dialog.show()
    assert not dialog.ui.steroid_group.isVisibleTo(dialog)
    buttons_top = dialog.ui.button_box.mapTo(dialog, dialog.ui.button_box.rect().topLeft()).y()
    password_bottom = dialog.ui.password_edit.mapTo(
        dialog, dialog.ui.password_edit.rect().bottomLeft()).y()
    assert buttons_top - password_bottom < 80, (password_bottom, buttons_top)
