"""Add a signed addendum to a signed record (REFERENCE.md 7.2): reason, text, whether it
changes the patient's instructions, signed with the author's password."""

from __future__ import annotations

import logging
from datetime import UTC, datetime

from PySide6.QtCore import QDate, QDateTime, Qt, QTime
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QPlainTextEdit, QWidget

from ...domain.corrections import ANTICOAGULANT, FOLLOW_UP, RESUME, as_corrected
from ...domain.errors import (
    AuthenticationError,
    ClinicDeskError,
    DatabaseUnavailableError,
    ValidationError,
)
from ...domain.record import Correction, ProcedureRecord
from ...domain.texts import LocalizedText, language_name
from ...services import Actor, Services
from ..generated.ui_addendum_dialog import Ui_AddendumDialog
from .common import record_line, show_problem, signature_meaning

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
        self._keep_unchanged = False  # set once the physician was told about stale languages
        self.ui.record_label.setText(record_line(record))
        self.ui.signer_label.setText(f"{actor.staff.display} ({actor.username})")
        ok = self.ui.button_box.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText("&Sign addendum")
        ok.setDefault(True)
        self._show_message("")
        self._fill_corrections()
        self.ui.reason_edit.setFocus()
        self._connect_signals()

    @property
    def meaning(self) -> str:
        """The same choice, and the same radio buttons, as in the Sign dialog (issue 15, 21)."""
        return signature_meaning(self.ui.performed_radio)

    def _connect_signals(self) -> None:
        self.ui.button_box.accepted.connect(self._on_button_box_accepted)
        self.ui.button_box.rejected.connect(self.reject)
        self.ui.correct_follow_up_check.toggled.connect(self.ui.correct_follow_up_edit.setEnabled)

    # --- corrections of printed texts (issue 12) -------------------------------------------
    def _current(self) -> ProcedureRecord:
        """What the handout prints now: the signed record with earlier corrections."""
        return as_corrected(self.record)

    def _fill_corrections(self) -> None:
        """Each printed text as the handout prints it now; whatever the physician changes
        becomes a correction."""
        now = self._current()
        ac = now.patient.anticoagulant
        self.ui.correct_anticoagulant_edit.setText(ac.name if ac else "")
        self.ui.correct_resume_en_edit.setPlainText(
            ac.resume_instructions.get("en") if ac else "")
        self.ui.correct_resume_es_edit.setPlainText(
            ac.resume_instructions.get("es") if ac else "")
        # The visit's wall-clock time, in the offset it was booked in (kept in _offset).
        follow = now.follow_up or now.performed_at
        self._offset = follow.tzinfo or UTC
        self.ui.correct_follow_up_edit.setDateTime(QDateTime(
            QDate(follow.year, follow.month, follow.day), QTime(follow.hour, follow.minute)))
        self.ui.correct_follow_up_edit.setEnabled(False)

    def _resume_boxes(self) -> tuple[tuple[str, QPlainTextEdit], ...]:
        return (("en", self.ui.correct_resume_en_edit), ("es", self.ui.correct_resume_es_edit))

    def _resume_changes(self, keep_unchanged: bool) -> list[tuple[str, str]]:
        """(language, text) of the restart instructions to correct; with `keep_unchanged`,
        the languages left as they were are signed again with the changed ones."""
        ac = self._current().patient.anticoagulant
        was = ac.resume_instructions if ac else LocalizedText()
        boxes = [(code, edit.toPlainText().strip()) for code, edit in self._resume_boxes()]
        changed = [(c, t) for c, t in boxes if t and t != was.get(c)]
        if not changed or not keep_unchanged:
            return changed
        return [(c, t) for c, t in boxes if t]

    def stale_languages(self) -> list[str]:
        """Languages whose restart instructions were left as they were while another
        language's were changed: they would stop printing (domain.corrections)."""
        ac = self._current().patient.anticoagulant
        was = ac.resume_instructions if ac else LocalizedText()
        changed = {c for c, _ in self._resume_changes(keep_unchanged=False)}
        if not changed & set(was.languages):
            return []  # only adding a language keeps the others
        return [c for c, edit in self._resume_boxes() if c not in changed
                and edit.toPlainText().strip() and edit.toPlainText().strip() == was.get(c)]

    def corrections(self) -> tuple[Correction, ...]:
        """The printed texts the physician changed in this dialog."""
        now = self._current()
        ac = now.patient.anticoagulant
        out: list[Correction] = []
        name = self.ui.correct_anticoagulant_edit.text().strip()
        if name and name != (ac.name if ac else ""):
            out.append(Correction(ANTICOAGULANT, name))
        for code, text in self._resume_changes(keep_unchanged=self._keep_unchanged):
            out.append(Correction(f"{RESUME}.{code}", text))
        if self.ui.correct_follow_up_check.isChecked():
            qt = self.ui.correct_follow_up_edit.dateTime()
            d, t = qt.date(), qt.time()
            when = datetime(d.year(), d.month(), d.day(), t.hour(), t.minute(),
                            tzinfo=self._offset)
            out.append(Correction(FOLLOW_UP, when.isoformat()))
        return tuple(out)

    def _show_message(self, text: str) -> None:
        show_problem(self.ui.message_icon, self.ui.message_label, text)

    def open_at_correction(self, path: str) -> None:
        """Start at one printed text's correction: a handout needs it (issue 12)."""
        if not self.ui.reason_edit.text():
            self.ui.reason_edit.setText("Handout text missing in a language")
        if not self.ui.text_edit.toPlainText():
            self.ui.text_edit.setPlainText("Adds the text the handout needs in this language.")
        self._focus_field(f"--correct {path}")

    def _focus_field(self, field: str) -> None:
        widget = {"reason": self.ui.reason_edit, "text": self.ui.text_edit,
                  "meaning": self.ui.reviewed_radio,
                  f"--correct {ANTICOAGULANT}": self.ui.correct_anticoagulant_edit,
                  f"--correct {RESUME}.en": self.ui.correct_resume_en_edit,
                  f"--correct {RESUME}.es": self.ui.correct_resume_es_edit,
                  f"--correct {FOLLOW_UP}": self.ui.correct_follow_up_edit,
                  }.get(field, self.ui.password_edit)
        widget.setFocus()

    def _on_button_box_accepted(self) -> None:
        # Before the password is read: it stays typed while the physician decides.
        stale = self.stale_languages()
        if stale and not self._keep_unchanged:
            names = " and ".join(language_name(c) for c in stale)
            self._show_message(
                f"You changed the restart instructions, but the {names} ones still say what "
                f"they said before. Correct them, or clear them (a {names} handout then waits "
                "for them), or press Sign addendum again to keep them as they are.")
            self._keep_unchanged = True
            self._focus_field(f"--correct {RESUME}.{stale[0]}")
            return
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
                self.ui.changes_check.isChecked(), self.meaning,
                corrections=self.corrections())
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
            parent: QWidget | None = None, *,
            focus_path: str = "") -> ProcedureRecord | None:
        """Show the dialog; `focus_path` (a printed text's path, e.g. a missing language at
        checkout) opens it at that correction, with the reason filled in."""
        dialog = cls(services, actor, record, parent)
        if focus_path:
            dialog.open_at_correction(focus_path)
        return dialog.amended if dialog.exec() == QDialog.DialogCode.Accepted else None
