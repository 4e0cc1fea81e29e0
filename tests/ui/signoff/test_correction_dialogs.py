"""Issue 12 in the physician's dialogs: the Addendum dialog corrects printed texts (restart
instructions per language, blood thinner, follow-up visit); the Sign dialog asks for the
reason a steroid was used in a diagnostic block, and only then."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QDate, QDateTime, QTime
from PySide6.QtWidgets import QDialogButtonBox

from clinic_desk.domain.corrections import FOLLOW_UP, RESUME
from clinic_desk.domain.record import Anticoagulant, Correction, RecordStatus
from clinic_desk.domain.texts import LocalizedText
from clinic_desk.ui.signoff.addendum_dialog import AddendumDialog
from clinic_desk.ui.signoff.sign_dialog import SignDialog
from tests.factories import make_medication
from tests.signoff.helpers import (
    audit_entries,
    ready_record,
    save_patient,
    signed_record,
    stored,
)

OLD = "Restart apixaban on Wednesday at 8 AM."
NEW = "Restart apixaban on Thursday at 8 AM."
NEW_ES = "Vuelva a tomar apixabán el jueves a las 8 a. m."


def _ok(dialog: Any) -> Any:
    return dialog.ui.button_box.button(QDialogButtonBox.StandardButton.Ok)


def test_the_addendum_dialog_corrects_printed_texts_in_place(qtbot: Any,
                                                             clinic_staff: Any) -> None:
    services, staff = clinic_staff
    patient = save_patient(services, staff.nurse, anticoagulant=Anticoagulant(
        "apixaban", LocalizedText.of({"en": OLD})))
    signed = signed_record(services, staff, patient=patient)
    dialog = AddendumDialog(services, staff.physician, signed)
    qtbot.addWidget(dialog)
    dialog.show()
    # The texts as the handout prints them now, ready to be edited.
    assert dialog.ui.correct_resume_en_edit.toPlainText() == OLD
    assert dialog.ui.correct_resume_es_edit.toPlainText() == ""
    assert dialog.ui.correct_anticoagulant_edit.text() == "apixaban"
    assert not dialog.ui.correct_follow_up_edit.isEnabled()
    assert dialog.corrections() == ()
    qtbot.keyClicks(dialog.ui.reason_edit, "Wrong restart day")
    qtbot.keyClicks(dialog.ui.text_edit, "Restart day corrected; Spanish added.")
    dialog.ui.correct_resume_en_edit.setPlainText(NEW)
    dialog.ui.correct_resume_es_edit.setPlainText(NEW_ES)  # keyClicks cannot type "á"
    dialog.ui.correct_follow_up_check.setChecked(True)
    assert dialog.ui.correct_follow_up_edit.isEnabled()
    dialog.ui.correct_follow_up_edit.setDateTime(QDateTime(QDate(2026, 12, 10), QTime(14, 30)))
    qtbot.keyClicks(dialog.ui.password_edit, staff.password)
    with qtbot.waitSignal(dialog.accepted):
        _ok(dialog).click()
    [a] = stored(services, signed.id).addenda
    assert a.corrections == (Correction(f"{RESUME}.en", NEW), Correction(f"{RESUME}.es", NEW_ES),
                             Correction(FOLLOW_UP, "2026-12-10T14:30:00-05:00"))
    assert a.changes_instructions
    assert stored(services, signed.id).patient.anticoagulant.resume_instructions.get("en") == OLD
    # A second addendum starts from the corrected texts.
    again = AddendumDialog(services, staff.physician, stored(services, signed.id))
    qtbot.addWidget(again)
    assert again.ui.correct_resume_en_edit.toPlainText() == NEW
    assert again.ui.correct_resume_es_edit.toPlainText() == NEW_ES


def test_the_sign_dialog_asks_the_reason_for_a_steroid_in_a_diagnostic_block(
        qtbot: Any, clinic_staff: Any) -> None:
    services, staff = clinic_staff
    plain = SignDialog(services, staff.physician, ready_record(services, staff))
    qtbot.addWidget(plain)
    assert not plain.ui.steroid_group.isVisibleTo(plain)

    steroid = make_medication(name="triamcinolone", strength="40 mg/mL", volume_ml=1.0,
                              per_target=False)
    ready = ready_record(services, staff, medications=(make_medication(), steroid))
    dialog = SignDialog(services, staff.physician, ready)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.ui.steroid_group.isVisibleTo(dialog)
    qtbot.keyClicks(dialog.ui.password_edit, staff.password)
    _ok(dialog).click()
    assert "Give the reason a steroid was used" in dialog.ui.message_label.text()
    assert dialog.focusWidget() is dialog.ui.steroid_reason_edit
    assert stored(services, ready.id).status is RecordStatus.READY
    reason = "Facet joint effusion on MRI; physician's judgement."
    qtbot.keyClicks(dialog.ui.steroid_reason_edit, reason)
    qtbot.keyClicks(dialog.ui.password_edit, staff.password)
    with qtbot.waitSignal(dialog.accepted):
        _ok(dialog).click()
    assert stored(services, ready.id).signature.steroid_reason == reason
    assert audit_entries(services, record_id=ready.id)[-1].detail["steroid_reason"] == reason


def test_the_review_shows_each_addendums_corrections_and_both_languages(
        clinic_staff: Any) -> None:
    from clinic_desk.ui.signoff.review_html import review_html

    services, staff = clinic_staff
    patient = save_patient(services, staff.nurse, anticoagulant=Anticoagulant(
        "apixaban", LocalizedText.of({"en": OLD, "es": NEW_ES})))
    signed = signed_record(services, staff, patient=patient)
    amended = services.signing.add_addendum(
        staff.physician, signed.id, staff.password, "Day corrected.", "Wrong day",
        corrections=(Correction(f"{RESUME}.en", NEW),))
    html = review_html(amended)
    assert "apixaban; English: Restart apixaban on Wednesday at 8 AM.; Spanish: Vuelva" in html
    assert ("Blood-thinner restart instructions (English) corrected to: Restart apixaban on "
            "Thursday at 8 AM.") in html


def test_the_addendum_dialog_asks_about_a_language_left_saying_the_old_thing(
        qtbot: Any, clinic_staff: Any) -> None:
    services, staff = clinic_staff
    old_es = "Vuelva a tomar apixabán el miércoles a las 8 a. m."
    patient = save_patient(services, staff.nurse, anticoagulant=Anticoagulant(
        "apixaban", LocalizedText.of({"en": OLD, "es": old_es})))
    signed = signed_record(services, staff, patient=patient)
    dialog = AddendumDialog(services, staff.physician, signed)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.ui.reason_edit, "Wrong restart day")
    qtbot.keyClicks(dialog.ui.text_edit, "Thursday, not Wednesday.")
    dialog.ui.correct_resume_en_edit.setPlainText(NEW)
    qtbot.keyClicks(dialog.ui.password_edit, staff.password)
    assert dialog.stale_languages() == ["es"]
    _ok(dialog).click()
    assert "the Spanish ones still say what they said before" in dialog.ui.message_label.text()
    assert dialog.focusWidget() is dialog.ui.correct_resume_es_edit
    assert stored(services, signed.id).addenda == ()  # nothing signed yet
    assert dialog.ui.password_edit.text() == staff.password  # not read yet
    dialog.ui.correct_resume_es_edit.setPlainText(NEW_ES)  # the physician corrects it too
    with qtbot.waitSignal(dialog.accepted):
        _ok(dialog).click()
    [a] = stored(services, signed.id).addenda
    assert a.corrections == (Correction(f"{RESUME}.en", NEW), Correction(f"{RESUME}.es", NEW_ES))


def test_pressing_sign_again_keeps_the_unchanged_language_signed_with_the_new_one(
        qtbot: Any, clinic_staff: Any) -> None:
    services, staff = clinic_staff
    same_es = "Vuelva a tomar apixabán cuando se lo diga su médico."
    patient = save_patient(services, staff.nurse, anticoagulant=Anticoagulant(
        "apixaban", LocalizedText.of({"en": OLD, "es": same_es})))
    signed = signed_record(services, staff, patient=patient)
    dialog = AddendumDialog(services, staff.physician, signed)
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.ui.reason_edit, "Typo")
    qtbot.keyClicks(dialog.ui.text_edit, "English typo fixed.")
    dialog.ui.correct_resume_en_edit.setPlainText(NEW)
    qtbot.keyClicks(dialog.ui.password_edit, staff.password)
    _ok(dialog).click()
    assert "press Sign addendum again to keep them" in dialog.ui.message_label.text()
    with qtbot.waitSignal(dialog.accepted):
        _ok(dialog).click()
    [a] = stored(services, signed.id).addenda
    assert a.corrections == (Correction(f"{RESUME}.en", NEW), Correction(f"{RESUME}.es", same_es))
