"""The sign-in page: what the main window shows before anyone signs in and after sign-out.

It imports only PySide6 and small modules, so the window is on screen before SQLAlchemy and
the other pages load. Until the database is open (`set_services`) the nurse can already type;
pressing Enter then signs in as soon as it is open. It never shows patient data.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

from ...domain.errors import SIGN_IN_REFUSED
from .. import settings
from ..generated.ui_sign_in_page import Ui_SignInPage
from ..signoff.common import check_password, show_problem

if TYPE_CHECKING:  # not at run time: the page shows before SQLAlchemy is loaded
    from ...services import Services

log = logging.getLogger(__name__)

CONNECTING = "Connecting to the database…"


class SignInPage(QWidget):
    """Username and password against the accounts in the database (services.auth)."""

    signed_in = Signal(object)  # the Actor who signed in
    quit_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ui = Ui_SignInPage()
        self.ui.setupUi(self)
        self.setObjectName("sign_in_page")
        self.services: Services | None = None
        self._pending = False  # Enter pressed before the database was open
        font = self.ui.clinic_label.font()
        font.setPointSizeF(font.pointSizeF() * 1.4)
        font.setBold(True)
        self.ui.clinic_label.setFont(font)
        self.ui.database_label.setText(CONNECTING)
        # The message line keeps its place while empty, so the box does not jump when
        # the refusal appears (issue 15, point 21): room for the one answer every refusal
        # gives (issue 11: the same text for a wrong password, an unknown or locked account).
        for widget in (self.ui.message_icon, self.ui.message_label):
            policy = widget.sizePolicy()
            policy.setRetainSizeWhenHidden(True)
            widget.setSizePolicy(policy)
        self._show_message(SIGN_IN_REFUSED)
        label = self.ui.message_label
        label.setMinimumHeight(max(label.sizeHint().height(),
                                   label.heightForWidth(label.sizeHint().width())))
        self.ui.message_icon.setMinimumHeight(self.ui.message_icon.sizeHint().height())
        self._show_message("")
        self._connect_signals()
        self.reset()

    def _connect_signals(self) -> None:
        self.ui.sign_in_button.clicked.connect(self._on_sign_in_button_clicked)
        self.ui.password_edit.returnPressed.connect(self._on_sign_in_button_clicked)
        self.ui.username_edit.returnPressed.connect(self.ui.password_edit.setFocus)
        self.ui.quit_button.clicked.connect(self.quit_requested)

    def set_services(self, services: Services, clinic_name: str) -> None:
        """The database is open (app.py opens it once the window is on screen)."""
        self.services = services
        self.ui.clinic_label.setText(clinic_name or "Clinic Desk")
        self.ui.database_label.setText(f"Database: {services.database_description}")
        if self._pending:
            self._pending = False
            self._on_sign_in_button_clicked()

    def show_problem(self, text: str, detail: str = "") -> None:
        """The database could not be opened: say so here; signing in is not possible."""
        self._pending = False
        self.ui.database_label.setText("The database is not open.")
        self.ui.sign_in_button.setEnabled(False)
        self._show_message(f"{text}\n{detail}" if detail else text)
        self.ui.quit_button.setFocus()

    def reset(self) -> None:
        """Empty the password and any message; the keyboard goes to the first empty field."""
        self.ui.password_edit.clear()
        self._show_message("")
        remembered = self.ui.username_edit.text() or settings.LAST_USERNAME.get()
        self.ui.username_edit.setText(remembered)
        (self.ui.password_edit if remembered else self.ui.username_edit).setFocus()

    def _show_message(self, text: str) -> None:
        show_problem(self.ui.message_icon, self.ui.message_label, text)

    def _on_sign_in_button_clicked(self) -> None:
        username = self.ui.username_edit.text().strip()
        password = self.ui.password_edit.text()
        if not username or not password:
            self._show_message("Enter your username and your password.")
            (self.ui.username_edit if not username else self.ui.password_edit).setFocus()
            return
        services = self.services
        if services is None:
            if self.ui.sign_in_button.isEnabled():
                self._pending = True
                self._show_message("")
                self.ui.database_label.setText(
                    f"{CONNECTING} You are signed in as soon as it is open.")
            return
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            actor = check_password(lambda: services.auth.authenticate(username, password),
                                   self._show_message, self.ui.password_edit)
        finally:
            QGuiApplication.restoreOverrideCursor()
        self.ui.password_edit.clear()
        if actor is None:
            return
        self._show_message("")
        settings.LAST_USERNAME.set(actor.username)
        log.info("signed in (user id %s, role %s)", actor.user_id, actor.role.value)
        self.signed_in.emit(actor)
