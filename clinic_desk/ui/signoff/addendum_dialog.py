"""Add a signed addendum to a signed record (REFERENCE.md 7.2): reason, text, whether it
changes the patient's instructions, signed with the author's password."""

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
)
from ...domain.record import SIGNATURE_MEANINGS, ProcedureRecord
from ...services import Actor, Services
from ..generated.ui_addendum_dialog import Ui_AddendumDialog
from .common import record_line, show_problem

log = logging.getLogger(__name__)


class AddendumDialog(QDialog):
    """`amended` holds the record with its new addendum once the dialog is accepted."""

    def __init__(self, services: Services, actor: Actor, record: ProcedureRecord,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ui = Ui_AddendumDialog()
        self.ui.setupUi(self)
        self.services, self.actor, self.record = services, actor, record
        self.amended: ProcedureRecord | None = None
        self.ui.record_label.setText(record_line(record))
        self.ui.signer_label.setText(f"{actor.staff.display} ({actor.username})")
        ok = self.ui.button_box.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText("&Sign addendum")
        ok.setDefault(True)
        self._show_message("")
        self.ui.reason_edit.setFocus()
        self._connect_signals()

    @property
    def meaning(self) -> str:
        """The same choice, and the same radio buttons, as in the Sign dialog (issue 15, 21)."""
        return SIGNATURE_MEANINGS[1] if self.ui.performed_radio.isChecked() else \
            SIGNATURE_MEANINGS[0]

    def _connect_signals(self) -> None:
        self.ui.button_box.accepted.connect(self._on_button_box_accepted)
        self.ui.button_box.rejected.connect(self.reject)

    def _show_message(self, text: str) -> None:
        show_problem(self.ui.message_icon, self.ui.message_label, text)

    def _focus_field(self, field: str) -> None:
        widget = {"reason": self.ui.reason_edit, "text": self.ui.text_edit,
                  "meaning": self.ui.reviewed_radio}.get(field, self.ui.password_edit)
        widget.setFocus()

    def _on_button_box_accepted(self) -> None:
        reason = self.ui.reason_edit.text().strip()
        text = self.ui.text_edit.toPlainText().strip()
        password = self.ui.password_edit.text()
        self.ui.password_edit.clear()
        for value, field, message in ((reason, "reason", "Give the reason for the addendum."),
                                      (text, "text", "Write the addendum."),
                                      (password, "password", "Enter your password to sign.")):
            if not value:
                self._show_message(message)
                self._focus_field(field)
                return
        assert self.record.id is not None
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            amended = self.services.signing.add_addendum(
                self.actor, self.record.id, password, text, reason,
                self.ui.changes_check.isChecked(), self.meaning)
        except AuthenticationError as e:
            self._show_message(str(e).replace("Nothing was signed.", "Nothing was added."))
            self.ui.password_edit.setFocus()
            return
        except ValidationError as e:
            self._show_message(str(e.issues[0].message if e.issues else e))
            self._focus_field(e.issues[0].field if e.issues else "")
            return
        except DatabaseUnavailableError:
            self._show_message("The database cannot be reached. Nothing was added; try again "
                               "when the network is back.")
            return
        except ClinicDeskError as e:
            self._show_message(str(e))
            return
        finally:
            QGuiApplication.restoreOverrideCursor()
        log.info("addendum added (record id %s)", amended.id)
        self.amended = amended
        self.accept()

    @classmethod
    def ask(cls, services: Services, actor: Actor, record: ProcedureRecord,
            parent: QWidget | None = None) -> ProcedureRecord | None:
        dialog = cls(services, actor, record, parent)
        return dialog.amended if dialog.exec() == QDialog.DialogCode.Accepted else None
