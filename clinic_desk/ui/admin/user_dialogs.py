"""Dialogs of the user management page: add a user, reset a password, choose a role."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QInputDialog, QWidget

from ...domain.errors import ClinicDeskError, ValidationError
from ...domain.record import Role
from ...services import Actor, Services
from ...services.users import UserInfo
from ..generated.ui_reset_password_dialog import Ui_ResetPasswordDialog
from ..generated.ui_user_dialog import Ui_UserDialog
from ..signoff.common import show_problem

ROLE_LABELS = {Role.NURSE: "Nurse", Role.PHYSICIAN: "Physician", Role.DESK: "Front desk",
               Role.ADMIN: "Administrator"}


class UserDialog(QDialog):
    """Add an account; `created` holds it once accepted."""

    def __init__(self, services: Services, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ui = Ui_UserDialog()
        self.ui.setupUi(self)
        self.services, self.actor = services, actor
        self.created: UserInfo | None = None
        # Issue 15 (5): no role is pre-chosen (it was "Nurse", a plausible wrong value).
        self.ui.role_combo.addItem("(choose)", None)
        for role in Role:
            self.ui.role_combo.addItem(ROLE_LABELS[role], role.value)
        ok = self.ui.button_box.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText("&Add user")
        ok.setDefault(True)
        show_problem(self.ui.message_icon, self.ui.message_label, "")
        self.ui.username_edit.setFocus()
        self.ui.button_box.accepted.connect(self._on_button_box_accepted)
        self.ui.button_box.rejected.connect(self.reject)

    def _on_button_box_accepted(self) -> None:
        password, confirm = self.ui.password_edit.text(), self.ui.confirm_edit.text()
        fields = {"username": self.ui.username_edit, "full_name": self.ui.full_name_edit,
                  "credentials": self.ui.credentials_edit, "password": self.ui.password_edit}
        if password != confirm:
            show_problem(self.ui.message_icon, self.ui.message_label,
                         "The two passwords are not the same.")
            self.ui.confirm_edit.clear()
            self.ui.confirm_edit.setFocus()
            return
        if self.ui.role_combo.currentData() is None:
            show_problem(self.ui.message_icon, self.ui.message_label,
                         "Choose the role: what this person may do in Clinic Desk.")
            self.ui.role_combo.setFocus()
            return
        try:
            self.created = self.services.users.create(
                self.actor, self.ui.username_edit.text(), self.ui.full_name_edit.text(),
                Role(self.ui.role_combo.currentData()), password,
                self.ui.credentials_edit.text())
        except ValidationError as e:
            issue = e.issues[0] if e.issues else None
            show_problem(self.ui.message_icon, self.ui.message_label,
                         issue.message if issue else str(e))
            widget = fields.get(issue.field if issue else "", self.ui.username_edit)
            widget.setFocus()
            return
        except ClinicDeskError as e:
            show_problem(self.ui.message_icon, self.ui.message_label, str(e))
            return
        self.ui.password_edit.clear()
        self.ui.confirm_edit.clear()
        self.accept()

    @classmethod
    def ask(cls, services: Services, actor: Actor, parent: QWidget | None = None
            ) -> UserInfo | None:
        dialog = cls(services, actor, parent)
        return dialog.created if dialog.exec() == QDialog.DialogCode.Accepted else None


class ResetPasswordDialog(QDialog):
    def __init__(self, services: Services, actor: Actor, user: UserInfo,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ui = Ui_ResetPasswordDialog()
        self.ui.setupUi(self)
        self.services, self.actor, self.user = services, actor, user
        self.ui.intro_label.setText(
            f"Set a new password for {user.display} ({user.username}). Give it to them in "
            "person; it also lifts a lockout.")
        ok = self.ui.button_box.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText("&Set password")
        ok.setDefault(True)
        show_problem(self.ui.message_icon, self.ui.message_label, "")
        self.ui.password_edit.setFocus()
        self.ui.button_box.accepted.connect(self._on_button_box_accepted)
        self.ui.button_box.rejected.connect(self.reject)

    def _on_button_box_accepted(self) -> None:
        password, confirm = self.ui.password_edit.text(), self.ui.confirm_edit.text()
        self.ui.confirm_edit.clear()
        if password != confirm:
            show_problem(self.ui.message_icon, self.ui.message_label,
                         "The two passwords are not the same.")
            self.ui.confirm_edit.setFocus()
            return
        try:
            self.services.users.reset_password(self.actor, self.user.username, password)
        except ClinicDeskError as e:
            message = e.issues[0].message if isinstance(e, ValidationError) and e.issues \
                else str(e)
            show_problem(self.ui.message_icon, self.ui.message_label, message)
            self.ui.password_edit.setFocus()
            return
        self.ui.password_edit.clear()
        self.accept()

    @classmethod
    def ask(cls, services: Services, actor: Actor, user: UserInfo,
            parent: QWidget | None = None) -> bool:
        return cls(services, actor, user, parent).exec() == QDialog.DialogCode.Accepted


def ask_role(parent: QWidget | None, user: UserInfo) -> Role | None:
    """Which role a user gets (tests monkeypatch this)."""
    roles = list(Role)
    labels = [ROLE_LABELS[r] for r in roles]
    label, ok = QInputDialog.getItem(parent, "Change role",
                                     f"Role of {user.display} ({user.username}):", labels,
                                     roles.index(user.role), False)
    return roles[labels.index(label)] if ok else None


def ask_npi(parent: QWidget | None, user: UserInfo) -> str | None:
    """The NPI to give a user ("" clears it), or None when cancelled (tests monkeypatch
    this). The service checks the digits (REFERENCE.md 6.8)."""
    text, ok = QInputDialog.getText(
        parent, "National Provider Identifier",
        f"NPI of {user.display} ({user.username}), 10 digits; empty to clear:",
        text=user.npi)
    return text.strip() if ok else None


def ask_fingerprint(parent: QWidget | None, user: UserInfo) -> str | None:
    """The fingerprint of the user's signing key as they read it out (tests monkeypatch
    this): `clinic-desk user key-fingerprint` shows it to them, opened with their password."""
    text, ok = QInputDialog.getText(
        parent, "Endorse signing key",
        f"Ask {user.display} ({user.username}) to run\n"
        f"  clinic-desk user key-fingerprint --user {user.username} --password-stdin\n"
        "and read you the fingerprint it prints (XXXX XXXX XXXX XXXX):")
    return text.strip() if ok and text.strip() else None
