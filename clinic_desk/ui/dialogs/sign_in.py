"""Sign in: username and password against the accounts in the database (services.auth)."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QWidget

from ...domain.errors import AuthenticationError, ClinicDeskError, DatabaseUnavailableError
from .. import settings
from ..generated.ui_sign_in_dialog import Ui_SignInDialog
from ..icons import icon

if TYPE_CHECKING:  # not at run time: the dialog shows before SQLAlchemy is loaded
    from ...services import Actor, Services

log = logging.getLogger(__name__)


class SignInDialog(QDialog):
    """Asks for a username and password; `actor` holds who signed in once accepted."""

    def __init__(self, services: Services | None, parent: QWidget | None = None, *,
                 clinic_name: str = "", username: str = "", title: str = "Sign in",
                 intro: str = "") -> None:
        super().__init__(parent)
        self.ui = Ui_SignInDialog()
        self.ui.setupUi(self)
        self.services = services
        self.actor: Actor | None = None
        self.setWindowTitle(f"{title} - Clinic Desk")
        self.ui.clinic_label.setText(clinic_name or "Clinic Desk")
        font = self.ui.clinic_label.font()
        font.setPointSizeF(font.pointSizeF() * 1.4)
        font.setBold(True)
        self.ui.clinic_label.setFont(font)
        if intro:
            self.ui.intro_label.setText(intro)
        ok = self.ui.button_box.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText("Sign in")
        ok.setDefault(True)
        if services is not None:
            self.set_services(services)
        else:
            self.ui.database_label.setText("Connecting to the database…")
            ok.setEnabled(False)
        self.ui.button_box.button(QDialogButtonBox.StandardButton.Cancel).setText("Quit")
        self._show_message("")
        self.resize(max(self.width(), self.sizeHint().width()), self.sizeHint().height())
        remembered = username or settings.LAST_USERNAME.get()
        if remembered:
            self.ui.username_edit.setText(remembered)
            self.ui.password_edit.setFocus()
        else:
            self.ui.username_edit.setFocus()
        self._connect_signals()

    def set_services(self, services: Services, clinic_name: str = "") -> None:
        """The database is open (app.py opens it once this dialog is on screen)."""
        self.services = services
        if clinic_name:
            self.ui.clinic_label.setText(clinic_name)
        self.ui.database_label.setText(f"Database: {services.database_description}")
        self.ui.button_box.button(QDialogButtonBox.StandardButton.Ok).setEnabled(True)

    def _connect_signals(self) -> None:
        self.ui.button_box.accepted.connect(self._on_button_box_accepted)
        self.ui.button_box.rejected.connect(self.reject)

    def set_quit_text(self, text: str) -> None:
        self.ui.button_box.button(QDialogButtonBox.StandardButton.Cancel).setText(text)

    def _show_message(self, text: str) -> None:
        self.ui.message_label.setText(text)
        self.ui.message_label.setVisible(bool(text))
        self.ui.message_icon.setVisible(bool(text))
        if text:
            size = self.fontMetrics().height()
            self.ui.message_icon.setPixmap(icon("error").pixmap(size, size))

    def _on_button_box_accepted(self) -> None:
        username = self.ui.username_edit.text().strip()
        password = self.ui.password_edit.text()
        if not username or not password:
            self._show_message("Enter your username and your password.")
            (self.ui.username_edit if not username else self.ui.password_edit).setFocus()
            return
        if self.services is None:
            self._show_message("Still connecting to the database; try again in a moment.")
            return
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            actor = self.services.auth.authenticate(username, password)
        except AuthenticationError as e:
            self._show_message(str(e))
            self.ui.password_edit.clear()
            self.ui.password_edit.setFocus()
            return
        except DatabaseUnavailableError:
            self._show_message("The database cannot be reached. Check the network, then try "
                               "again.")
            return
        except ClinicDeskError as e:
            self._show_message(str(e))
            return
        finally:
            QGuiApplication.restoreOverrideCursor()
        self.ui.password_edit.clear()
        settings.LAST_USERNAME.set(actor.username)
        log.info("signed in (user id %s, role %s)", actor.user_id, actor.role.value)
        self.actor = actor
        self.accept()

    @classmethod
    def ask(cls, services: Services | None, parent: QWidget | None = None,
            **kwargs: str) -> Actor | None:
        """Show the dialog; the signed-in actor, or None when the person quit."""
        dialog = cls(services, parent, **kwargs)
        return dialog.actor if dialog.exec() == QDialog.DialogCode.Accepted else None
