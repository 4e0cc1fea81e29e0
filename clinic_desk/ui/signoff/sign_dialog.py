"""Sign a record: the physician re-enters the password and chooses what the signature means
(21 CFR 11.50, 11.200). The services check everything again; this dialog only asks."""

from __future__ import annotations

import logging

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QWidget

from ...domain.errors import (
    AuthenticationError,
    ClinicDeskError,
    DatabaseUnavailableError,
    ValidationError,
    VersionConflictError,
)
from ...domain.record import ProcedureRecord
from ...domain.signoff import steroid_reason_required
from ...services import Actor, Services
from ..generated.ui_sign_dialog import Ui_SignDialog
from .common import record_line, show_problem, signature_meaning

log = logging.getLogger(__name__)


class SignDialog(QDialog):
    """`signed` holds the signed record once the dialog is accepted."""

    def __init__(self, services: Services, actor: Actor, record: ProcedureRecord,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ui = Ui_SignDialog()
        self.ui.setupUi(self)
        self.services, self.actor, self.record = services, actor, record
        self.signed: ProcedureRecord | None = None
        self.ui.record_label.setText(record_line(record))
        self.ui.signer_label.setText(f"{actor.staff.display} ({actor.username})")
        ok = self.ui.button_box.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText("&Sign")
        ok.setDefault(True)
        self._show_message("")
        # Issue 12, point 4: only a steroid in a diagnostic block asks for a reason.
        self.ui.steroid_group.setVisible(steroid_reason_required(record))
        # As tall as what it shows: the form's fixed height left an empty band under the
        # password when the steroid box is hidden (seen at 1280x860).
        self.resize(self.width(), self.sizeHint().height())
        self.ui.password_edit.setFocus()
        self._connect_signals()

    def _connect_signals(self) -> None:
        self.ui.button_box.accepted.connect(self._on_button_box_accepted)
        self.ui.button_box.rejected.connect(self.reject)

    @property
    def meaning(self) -> str:
        return signature_meaning(self.ui.performed_radio)

    def _show_message(self, text: str) -> None:
        show_problem(self.ui.message_icon, self.ui.message_label, text)

    def _on_button_box_accepted(self) -> None:
        password = self.ui.password_edit.text()
        self.ui.password_edit.clear()  # never kept after an attempt
        steroid_reason = self.ui.steroid_reason_edit.toPlainText().strip()
        if self.ui.steroid_group.isVisibleTo(self) and not steroid_reason:
            self._show_message("Give the reason a steroid was used in this diagnostic block.")
            self.ui.steroid_reason_edit.setFocus()
            return
        if not password:
            self._show_message("Enter your password to sign.")
            self.ui.password_edit.setFocus()
            return
        assert self.record.id is not None
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            signed = self.services.signing.sign(self.actor, self.record.id, password,
                                                self.meaning,
                                                expected_version=self.record.version,
                                                steroid_reason=steroid_reason)
        except AuthenticationError as e:
            self._show_message(str(e))
            self.ui.password_edit.setFocus()
            return
        except VersionConflictError:
            self._show_message("Someone changed this record after you opened it. Nothing was "
                               "signed. Close this and review the record again.")
            return
        except DatabaseUnavailableError:
            self._show_message("The database cannot be reached. Nothing was signed; try again "
                               "when the network is back.")
            return
        except ValidationError as e:
            self._show_message(e.issues[0].message if e.issues else str(e))
            if e.issues and e.issues[0].field == "steroid_reason":
                self.ui.steroid_group.setVisible(True)
                self.ui.steroid_reason_edit.setFocus()
            return
        except ClinicDeskError as e:
            self._show_message(str(e))
            return
        finally:
            QGuiApplication.restoreOverrideCursor()
        log.info("record signed (record id %s)", signed.id)
        self.signed = signed
        self.accept()

    @classmethod
    def ask(cls, services: Services, actor: Actor, record: ProcedureRecord,
            parent: QWidget | None = None) -> ProcedureRecord | None:
        """Show the dialog; the signed record, or None when the physician cancelled."""
        dialog = cls(services, actor, record, parent)
        return dialog.signed if dialog.exec() == QDialog.DialogCode.Accepted else None
