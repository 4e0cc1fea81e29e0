"""No Alt+letter is claimed twice in any window or dialog (issue 15, point 13): Alt+H once
opened the Help menu instead of the handout preview, and Alt+S in New patient went to Sex
instead of Save. Each page of the main window is checked for each role, and every dialog."""

from __future__ import annotations

from typing import Any

import pytest

from tests.ui.keyboard_map import alt_claims, clashes

PAGES = ("worklist", "record", "checkout", "signoff", "audit", "users", "clinic_settings")


@pytest.mark.parametrize("role", ["nurse", "physician", "desk", "admin"])
def test_no_alt_letter_is_claimed_twice_on_any_page(qtbot: Any, clinic: Any, make_window: Any,
                                                   role: str) -> None:
    window = make_window(clinic.services, getattr(clinic.staff, role))
    found = {}
    for key in PAGES:
        if window.show_page(key):
            found[key] = clashes(window)
    assert found and all(v == {} for v in found.values()), found
    assert "h" in alt_claims(window)  # the check sees the menu bar (&Help)


def test_handout_preview_is_alt_h_free_of_the_help_menu(qtbot: Any, clinic: Any,
                                                         make_window: Any) -> None:
    window = make_window(clinic.services, clinic.staff.physician)
    assert window.show_page("signoff")
    review = window.safeguards.signoff.review
    handout_tab = review.tabs.tabText(1)
    assert handout_tab.replace("&", "") == "Handout preview"
    claims = alt_claims(window)
    letter = handout_tab[handout_tab.index("&") + 1].lower()
    assert len(claims[letter]) == 1


def test_no_alt_letter_is_claimed_twice_in_any_dialog(qtbot: Any, clinic: Any,
                                                      drafts: Any) -> None:
    from dataclasses import replace

    from clinic_desk.ui.admin.user_dialogs import ResetPasswordDialog, UserDialog
    from clinic_desk.ui.checkout.dialogs import PrintLogDialog, ReprintDialog
    from clinic_desk.ui.dialogs.conflict import ConflictDialog
    from clinic_desk.ui.dialogs.drafts import DraftRecoveryDialog
    from clinic_desk.ui.dialogs.patient import PatientDialog
    from clinic_desk.ui.dialogs.patient_chooser import PatientChooserDialog
    from clinic_desk.ui.signoff.addendum_dialog import AddendumDialog
    from clinic_desk.ui.signoff.sign_dialog import SignDialog
    from tests.signoff.helpers import ready_record, signed_record

    services, staff = clinic.services, clinic.staff
    ready = ready_record(services, staff)
    signed = signed_record(services, staff)
    admin_user = services.users.list_users(staff.admin)[0]
    dialogs = {
        "new patient": PatientDialog(services, staff.nurse),
        "patient": PatientDialog(services, staff.nurse, clinic.zoe),
        "choose patient": PatientChooserDialog(services, staff.nurse),
        "reprint": ReprintDialog("Printed before."),
        "print log": PrintLogDialog(services, staff.desk),
        "sign": SignDialog(services, staff.physician, ready),
        "addendum": AddendumDialog(services, staff.physician, signed),
        "user": UserDialog(services, staff.admin),
        "reset password": ResetPasswordDialog(services, staff.admin, admin_user),
        "conflict": ConflictDialog(ready, replace(ready, notes="Theirs")),
        "drafts": DraftRecoveryDialog([], drafts),
    }
    found = {}
    for name, dialog in dialogs.items():
        qtbot.addWidget(dialog)
        dialog.show()
        found[name] = clashes(dialog)
        assert alt_claims(dialog), name  # the check sees this dialog's keys
    assert {k: v for k, v in found.items() if v} == {}
    save = dialogs["new patient"].ui.button_box.button(
        dialogs["new patient"].ui.button_box.StandardButton.Save)
    assert alt_claims(dialogs["new patient"])["s"] == [f"button  {save.text()!r}"]
