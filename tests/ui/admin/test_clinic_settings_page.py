"""The Clinic settings page (issue 15 point 5, issue 12 point 6): the administrator sets the
record defaults for Block, Contrast and Sedation and the handout's blood-sugar number."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction

from clinic_desk.domain.audit import AuditAction
from clinic_desk.domain.clinic import RecordDefaults
from clinic_desk.domain.errors import ValidationError
from clinic_desk.ui.admin.clinic_settings_page import NO_DEFAULT_TEXT, ClinicSettingsPage
from tests.signoff.helpers import audit_entries


def _page(qtbot: Any, clinic_staff: Any) -> ClinicSettingsPage:
    services, staff = clinic_staff
    page = ClinicSettingsPage(services, staff.admin)
    qtbot.addWidget(page)
    return page


def _choose(combo: Any, text: str) -> None:
    index = combo.findText(text)
    assert index >= 0, text
    combo.setCurrentIndex(index)


def _settings_changes(services: Any) -> int:
    return len(audit_entries(services, action=AuditAction.SETTINGS_CHANGE))


def test_each_value_set_through_the_widgets_is_saved(qtbot: Any, clinic_staff: Any) -> None:
    services, _ = clinic_staff
    page = _page(qtbot, clinic_staff)
    # Nothing chosen yet: every choice reads "no default" and the number is empty.
    for combo in (page.block_combo, page.contrast_combo, page.sedation_combo):
        assert combo.currentText() == NO_DEFAULT_TEXT
    assert page.glucose_edit.text() == ""
    before = _settings_changes(services)

    _choose(page.block_combo, "Therapeutic (no number)")
    _choose(page.contrast_combo, "iohexol (Omnipaque)")
    _choose(page.sedation_combo, "Minimal")
    qtbot.keyClicks(page.glucose_edit, "250")
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)

    assert page.status_label.text() == "Saved"
    settings = services.settings.load()
    assert settings.record_defaults == RecordDefaults(0, "iohexol", "minimal")
    assert settings.info.glucose_call_above == 250
    assert _settings_changes(services) == before + 2  # defaults and the number, each audited

    # Back to "the nurse chooses", "no contrast used" and an empty number (not printed).
    _choose(page.block_combo, NO_DEFAULT_TEXT)
    _choose(page.contrast_combo, "None used")
    _choose(page.sedation_combo, NO_DEFAULT_TEXT)
    page.glucose_edit.clear()
    page.save()
    assert page.status_label.text() == "Saved"
    settings = services.settings.load()
    assert settings.record_defaults == RecordDefaults(None, "", None)
    assert settings.info.glucose_call_above is None

    # A fresh page shows what is stored.
    again = _page(qtbot, clinic_staff)
    assert again.contrast_combo.currentText() == "None used"
    assert again.block_combo.currentText() == NO_DEFAULT_TEXT


def test_an_invalid_blood_sugar_is_refused_at_the_field_and_nothing_is_saved(
        qtbot: Any, clinic_staff: Any) -> None:
    services, _ = clinic_staff
    page = _page(qtbot, clinic_staff)
    before = _settings_changes(services)
    _choose(page.block_combo, "2 - diagnostic block 2")
    _choose(page.sedation_combo, "Moderate")
    qtbot.keyClicks(page.glucose_edit, "50")
    assert not page.save()

    assert "100 to 600" in page.glucose_error.text()
    assert page.status_label.text() == ("Not saved: Use a blood sugar from 100 to 600 mg/dL, "
                                        "or leave it empty.")
    settings = services.settings.load()
    assert settings.record_defaults == RecordDefaults()  # the defaults were not saved either
    assert settings.info.glucose_call_above is None
    assert _settings_changes(services) == before
    # Typing again clears the message at the field.
    qtbot.keyClicks(page.glucose_edit, "0")
    assert page.glucose_error.text() == ""


def test_the_service_saves_both_or_neither(clinic_staff: Any) -> None:
    """save_clinic_page validates everything before it writes: a bad number keeps valid
    defaults out too (the page's Save is never half-done, even called directly)."""
    services, staff = clinic_staff
    with pytest.raises(ValidationError, match="100 to 600"):
        services.settings.save_clinic_page(staff.admin, RecordDefaults(1, None, "none"), 601)
    assert services.settings.load().record_defaults == RecordDefaults()
    with pytest.raises(ValidationError, match="not a contrast agent"):
        services.settings.save_clinic_page(staff.admin, RecordDefaults(1, "lidocaine", None),
                                           200)
    assert services.settings.load().info.glucose_call_above is None


def test_the_administrator_opens_it_from_the_view_menu(qtbot: Any, clinic: Any,
                                                       make_window: Any) -> None:
    window = make_window(clinic.services, clinic.staff.admin)
    action = window.findChild(QAction, "page_clinic_settings_action")
    assert action is not None and action.isVisible()
    assert action.shortcut().toString() == "Ctrl+0"
    action.trigger()
    assert window.current_page_key() == "clinic_settings"
    nurse_window = make_window(clinic.services, clinic.staff.nurse)
    assert not nurse_window.show_page("clinic_settings")


def test_f1_opens_the_guide_section_of_the_page() -> None:
    from clinic_desk.ui.help import guide_section

    path, text = guide_section("clinic_settings")
    assert path.name == "physician-and-desk-guide.md"
    assert text.startswith("## Administrator: clinic settings (Ctrl+0)")
    assert "(no default: the nurse chooses)" in text


def test_what_the_page_saves_is_what_a_new_record_starts_with(qtbot: Any, clinic: Any,
                                                              make_window: Any) -> None:
    from tests.ui.test_record_editor import new_record

    page = ClinicSettingsPage(clinic.services, clinic.staff.admin)
    qtbot.addWidget(page)
    _choose(page.contrast_combo, "None used")
    _choose(page.sedation_combo, "Minimal")
    assert page.save()
    editor = new_record(make_window(clinic.services, clinic.staff.nurse), clinic)
    u = editor.ui
    assert u.block_combo.currentText() == "(choose)"  # no default: the nurse chooses
    assert u.contrast_combo.currentText() == "None (clinic default)"
    assert u.sedation_combo.currentText() == "Minimal (clinic default)"
