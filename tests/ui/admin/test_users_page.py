"""User management: add, role, reset password, unlock, deactivate; security settings."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox

from clinic_desk.domain.errors import AuthenticationError
from clinic_desk.domain.record import Role
from clinic_desk.ui import messages
from clinic_desk.ui.admin import user_dialogs
from clinic_desk.ui.admin.user_dialogs import ResetPasswordDialog, UserDialog
from clinic_desk.ui.admin.users_model import UserColumn
from clinic_desk.ui.admin.users_page import UsersPage
from tests.signoff.helpers import audit_entries


def _page(qtbot: Any, clinic_staff: Any) -> UsersPage:
    services, staff = clinic_staff
    page = UsersPage(services, staff.admin)
    qtbot.addWidget(page)
    return page


def _status(page: UsersPage, username: str) -> str:
    row = page.model.row_of(username)
    assert row is not None
    return page.model.index(row, UserColumn.STATUS).data()


def test_list_and_model(qtbot: Any, qtmodeltester: Any, clinic_staff: Any) -> None:
    page = _page(qtbot, clinic_staff)
    qtmodeltester.check(page.model)
    names = [page.model.index(r, UserColumn.USERNAME).data()
             for r in range(page.model.rowCount())]
    assert set(names) == {"admin", "drlee", "drokafor", "nkim", "desk"}
    row = page.model.row_of("drlee")
    assert page.model.index(row, UserColumn.NAME).data() == "Hana Lee, MD"
    assert page.model.index(row, UserColumn.ROLE).data() == "Physician"
    page.select("admin")
    assert not page.active_button.isEnabled()  # an administrator never deactivates themself


def test_add_user_dialog(qtbot: Any, clinic_staff: Any) -> None:
    services, staff = clinic_staff
    dialog = UserDialog(services, staff.admin)
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.ui.username_edit, "NRossi")
    qtbot.keyClicks(dialog.ui.full_name_edit, "Giulia Rossi")
    qtbot.keyClicks(dialog.ui.credentials_edit, "RN")
    dialog.ui.role_combo.setCurrentIndex(dialog.ui.role_combo.findData("nurse"))
    qtbot.keyClicks(dialog.ui.password_edit, "short")
    qtbot.keyClicks(dialog.ui.confirm_edit, "different")
    ok = dialog.ui.button_box.button(QDialogButtonBox.StandardButton.Ok)
    ok.click()
    assert dialog.ui.message_label.text() == "The two passwords are not the same."
    qtbot.keyClicks(dialog.ui.confirm_edit, "short")
    ok.click()
    assert "at least 10 characters" in dialog.ui.message_label.text()
    assert dialog.focusWidget() is dialog.ui.password_edit
    dialog.ui.password_edit.setText("a long enough one")
    dialog.ui.confirm_edit.setText("a long enough one")
    with qtbot.waitSignal(dialog.accepted):
        ok.click()
    assert dialog.created is not None and dialog.created.username == "nrossi"
    assert services.auth.authenticate("nrossi", "a long enough one").role is Role.NURSE
    assert "a long enough one" not in repr([e.detail for e in audit_entries(services)])


def test_change_role_reset_unlock_deactivate(qtbot: Any, clinic_staff: Any,
                                             monkeypatch: Any) -> None:
    services, staff = clinic_staff
    page = _page(qtbot, clinic_staff)
    page.select("nkim")
    monkeypatch.setattr(user_dialogs, "ask_role", lambda parent, user: Role.PHYSICIAN)
    page.role_button.click()
    assert services.users.get(staff.admin, "nkim").role is Role.PHYSICIAN
    assert "nkim is now physician" in page.status_label.text()
    # Lockout shows, and Unlock lifts it.
    for _ in range(5):
        with pytest.raises(AuthenticationError):
            services.auth.authenticate("drlee", "guess")
    page.reload()
    assert _status(page, "drlee").startswith("Locked until ")
    page.select("drlee")
    assert page.unlock_button.isEnabled()
    page.unlock_button.click()
    assert _status(page, "drlee") == "Active"
    assert services.auth.authenticate("drlee", staff.password).username == "drlee"
    # Reset password.
    monkeypatch.setattr(ResetPasswordDialog, "ask",
                        classmethod(lambda cls, s, a, user, parent: bool(
                            s.users.reset_password(a, user.username, "brand new password"))))
    page.reset_password()
    assert services.auth.authenticate("drlee", "brand new password").username == "drlee"
    # Deactivate asks first; no means no.
    monkeypatch.setattr(messages, "confirm", lambda *a, **k: False)
    page.active_button.click()
    assert services.users.get(staff.admin, "drlee").active
    monkeypatch.setattr(messages, "confirm", lambda *a, **k: True)
    page.active_button.click()
    assert not services.users.get(staff.admin, "drlee").active
    assert _status(page, "drlee") == "Deactivated" and page.active_button.text() == "Ac&tivate"
    page.active_button.click()
    assert services.users.get(staff.admin, "drlee").active
    changes = [e.detail["changes"][0]["field"] for e in audit_entries(services)
               if e.action.value == "user_change"]
    assert changes == ["role", "locked_until", "password", "active", "active"]


def test_reset_password_dialog(qtbot: Any, clinic_staff: Any) -> None:
    services, staff = clinic_staff
    user = services.users.get(staff.admin, "desk")
    dialog = ResetPasswordDialog(services, staff.admin, user)
    qtbot.addWidget(dialog)
    assert "Sam Taylor (desk)" in dialog.ui.intro_label.text()
    dialog.ui.password_edit.setText("tiny")
    dialog.ui.confirm_edit.setText("tiny")
    dialog.ui.button_box.button(QDialogButtonBox.StandardButton.Ok).click()
    assert "at least 10" in dialog.ui.message_label.text()
    dialog.ui.password_edit.setText("front desk 2026!")
    dialog.ui.confirm_edit.setText("front desk 2026!")
    with qtbot.waitSignal(dialog.accepted):
        dialog.ui.button_box.button(QDialogButtonBox.StandardButton.Ok).click()
    assert services.auth.authenticate("desk", "front desk 2026!").role is Role.DESK


def test_security_settings(qtbot: Any, clinic_staff: Any) -> None:
    services, _staff = clinic_staff
    page = _page(qtbot, clinic_staff)
    assert page.security_spins["idle_lock_minutes"].value() == 10
    page.security_spins["idle_lock_minutes"].setValue(4)
    page.security_spins["max_failed_sign_ins"].setValue(3)
    with qtbot.waitSignal(page.security_changed) as changed:
        page.save_security_button.click()
    assert changed.args[0].idle_lock_minutes == 4
    security = services.settings.load().security
    assert (security.idle_lock_minutes, security.max_failed_sign_ins) == (4, 3)
    assert audit_entries(services)[-1].action.value == "settings_change"


@pytest.mark.screenshot
def test_screenshot(qtbot: Any, clinic_staff: Any, tmp_path: Path) -> None:
    services, _staff = clinic_staff
    for _ in range(5):
        with pytest.raises(AuthenticationError):
            services.auth.authenticate("nkim", "guess")
    page = _page(qtbot, clinic_staff)
    page.resize(1000, 620)
    page.show()
    qtbot.waitExposed(page)
    page.select("nkim")
    image = page.grab().toImage()
    image.save(str(Path(os.environ.get("CLINIC_DESK_SCREENSHOTS", tmp_path)) / "users.png"))
    assert len({image.pixel(x, y) for x in range(0, image.width(), 40)
                for y in range(0, image.height(), 40)}) > 3


def test_set_npi_checks_the_digit(qtbot: Any, clinic_staff: Any, monkeypatch: Any) -> None:
    """Issue 14: the NPI billing exports print, checked by its check digit (REFERENCE 6.8)."""
    services, staff = clinic_staff
    page = _page(qtbot, clinic_staff)
    page.select("drlee")
    monkeypatch.setattr(user_dialogs, "ask_npi", lambda parent, user: "1558598798")
    page.npi_button.click()
    assert "check digit" in page.status_label.text()
    assert services.users.get(staff.admin, "drlee").npi == ""
    monkeypatch.setattr(user_dialogs, "ask_npi", lambda parent, user: "1558598797")
    page.npi_button.click()
    assert services.users.get(staff.admin, "drlee").npi == "1558598797"
    assert "NPI of drlee: 1558598797" in page.status_label.text()


def test_endorse_a_signing_key_after_comparing_its_fingerprint(
        qtbot: Any, clinic_staff: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """Issue 11: an account added without an administrator's key (the command line's
    `user add`) can sign only once an administrator has endorsed its key."""
    from clinic_desk.domain.errors import AuthenticationError as Refused
    from clinic_desk.services.context import SYSTEM
    from clinic_desk.services.keys import fingerprint
    from tests.signoff.helpers import raw_rows, ready_record

    services, staff = clinic_staff
    new = services.auth.create_user(SYSTEM, "drnew", "Ana Costa", Role.PHYSICIAN,
                                    staff.password, "MD")
    record = ready_record(services, staff, physician=new.staff)
    with pytest.raises(Refused, match="not been endorsed"):
        services.signing.sign(new, record.id, staff.password, "Reviewed and approved")
    page = _page(qtbot, clinic_staff)
    page.select("drnew")
    assert page.endorse_button.isEnabled()
    monkeypatch.setattr(user_dialogs, "ask_fingerprint", lambda parent, user: "0000 0000")
    page.endorse_button.click()
    assert "does not match" in page.status_label.text()
    url = services.db.url.render_as_string(hide_password=False)
    (public,) = raw_rows(url, "SELECT public_key FROM signing_keys WHERE username = 'drnew'")[0]
    monkeypatch.setattr(user_dialogs, "ask_fingerprint",
                        lambda parent, user: fingerprint(public).upper())
    page.endorse_button.click()
    assert "is endorsed" in page.status_label.text()
    assert audit_entries(services)[-1].action.value == "key_endorse"
    signed = services.signing.sign(new, record.id, staff.password, "Reviewed and approved")
    assert signed.signature is not None


def test_a_physician_made_administrator_can_endorse_keys(qtbot: Any, clinic_staff: Any) -> None:
    """Issue 11: changing the role to administrator endorses the account's key in that role,
    so the new administrator's key vouches for others."""
    from clinic_desk.services.context import SYSTEM
    from clinic_desk.services.keys import fingerprint
    from tests.signoff.helpers import raw_rows

    services, staff = clinic_staff
    services.users.change_role(staff.admin, "drokafor", Role.ADMIN)
    assert audit_entries(services)[-2].action.value == "key_endorse"
    new_admin = services.auth.authenticate("drokafor", staff.password)  # key held
    services.auth.create_user(SYSTEM, "drnew", "Ana Costa", Role.PHYSICIAN, staff.password)
    url = services.db.url.render_as_string(hide_password=False)
    (public,) = raw_rows(url, "SELECT public_key FROM signing_keys WHERE username = 'drnew'")[0]
    assert services.users.endorse_key(new_admin, "drnew", fingerprint(public)) == \
        fingerprint(public)


def test_the_list_shows_last_sign_in_and_lock_and_fields_keep_their_size(
        qtbot: Any, clinic_staff: Any) -> None:
    """Issue 15, point 20: last sign-in and locked state in the list; spin boxes do not
    stretch across the window."""
    services, staff = clinic_staff
    services.auth.authenticate("drlee", staff.password)
    for _ in range(5):
        try:
            services.auth.authenticate("nkim", "wrong password")
        except AuthenticationError:  # each wrong password is refused; then locked
            pass
    page = UsersPage(services, staff.admin)
    qtbot.addWidget(page)
    page.resize(1400, 800)
    page.show()
    qtbot.waitExposed(page)
    header = page.model.headerData(UserColumn.LAST_SIGN_IN, Qt.Orientation.Horizontal)
    assert header == "Last sign-in"
    last = page.model.index(page.model.row_of("drlee"), UserColumn.LAST_SIGN_IN).data()
    assert last[:4].isdigit() and len(last) == 16  # YYYY-MM-DD HH:MM
    assert page.model.index(page.model.row_of("desk"), UserColumn.LAST_SIGN_IN).data() == \
        "Never"
    assert _status(page, "nkim").startswith("Locked until")
    for spin in page.security_spins.values():
        assert spin.width() < page.width() // 3
