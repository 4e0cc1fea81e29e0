"""Issue 15 (2, 7): the record editor's deliberate status steps.

"Reopen for changes" (Ctrl+Shift+O): a record waiting for signature opens read only; editing
it takes it out of the physicians' queue, so the nurse reopens it on purpose and says why
(the queue shows the reason; the audit trail keeps it). Before, touching a field autosaved
it as a draft while the header still said "Ready for signature".

"Keep mine" in the conflict dialog, over a record another workstation sent for signature
meanwhile: the service refuses it (RecordReadyError); the nurse is told and asked for the
reason to reopen it (ask_reopen_reason), or it stays in the queue with her changes kept.

"Void draft…": a draft made by mistake (a patient picked by mistake, a duplicate) leaves
the worklist; the record and the reason stay in the database and the audit trail. Never a
signed or ready record (the service refuses, and the database's signed-record guard too).
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QPushButton

from ...domain.errors import (
    ClinicDeskError,
    DatabaseUnavailableError,
    RecordSignedError,
    VersionConflictError,
)
from ...domain.permissions import Action, allowed
from ...domain.record import ProcedureRecord, RecordStatus
from ..dialogs.reason import ReasonDialog

if TYPE_CHECKING:
    from .record_editor import RecordEditor

log = logging.getLogger(__name__)

REOPEN_SHORTCUT = "Ctrl+Shift+O"


class StatusActions(QObject):
    """The Reopen and Void buttons of one editor (placed before its Save button)."""

    def __init__(self, editor: RecordEditor) -> None:
        super().__init__(editor)
        self.editor = editor
        ui = editor.ui
        shortcut = QKeySequence(REOPEN_SHORTCUT).toString(
            QKeySequence.SequenceFormat.NativeText)
        self.reopen_button = QPushButton(f"Reopen for changes ({shortcut})", editor)
        self.reopen_button.setObjectName("reopen_button")
        self.reopen_button.setToolTip("Take this record out of the physicians' queue to change "
                                      "it; you will be asked why.")
        self.void_button = QPushButton("Void draft…", editor)
        self.void_button.setObjectName("void_button")
        self.void_button.setToolTip("Remove a draft made by mistake from the worklist; it "
                                    "stays in the audit trail with your reason.")
        index = ui.button_layout.indexOf(ui.save_button)
        ui.button_layout.insertWidget(index, self.void_button)
        ui.button_layout.insertWidget(index, self.reopen_button)
        self.reopen_action = QAction("Reopen for changes", editor)
        self.reopen_action.setShortcut(QKeySequence(REOPEN_SHORTCUT))
        self.reopen_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        editor.addAction(self.reopen_action)
        self.reopen_button.clicked.connect(self.reopen)
        self.reopen_action.triggered.connect(self.reopen)
        self.void_button.clicked.connect(self.void)
        self.update()

    def _can_edit(self) -> bool:
        return allowed(self.editor.actor.role, Action.EDIT_RECORDS)

    def can_reopen(self) -> bool:
        record = self.editor.record
        return (record is not None and record.status is RecordStatus.READY
                and self._can_edit())

    def can_void(self) -> bool:
        record = self.editor.record
        return (record is not None and record.id is not None
                and record.status is RecordStatus.DRAFT and self._can_edit()
                and not self.editor.read_only)

    def update(self) -> None:
        """Show each button only when its step is possible for the record on screen."""
        self.reopen_button.setVisible(self.can_reopen())
        self.reopen_action.setEnabled(self.can_reopen())
        self.void_button.setVisible(self.can_void())

    def ask_reopen_reason(self, theirs: ProcedureRecord) -> str | None:
        """Keep mine over a record sent for signature meanwhile: the reason to reopen it, or
        None (it stays in the physicians' queue)."""
        who = theirs.updated_by or "Someone else"
        when = (f" at {theirs.updated_at.astimezone().strftime('%H:%M')}"
                if theirs.updated_at else "")
        return ReasonDialog.ask(
            self.editor, "Reopen for changes",
            f"{who} sent record {theirs.id} of {theirs.patient.display_name} for signature"
            f"{when}, after you opened it. Keeping your version takes it out of the "
            "physicians' queue: why does it need your changes? The queue shows your reason. "
            "Cancel leaves it in the queue and keeps your changes on this workstation.",
            "Reopen and keep mine")

    def reopen(self) -> bool:
        editor, record = self.editor, self.editor.record
        if not self.can_reopen() or record is None or record.id is None:
            return False
        # Changes on screen (a save refused because the record was sent for signature
        # meanwhile, or a kept draft shown on top of it): kept on this workstation and put
        # back on top of the reopened record.
        kept = editor.keep_changes_locally() if editor.shows_changes() else None
        reason = ReasonDialog.ask(
            editor, "Reopen for changes",
            f"Record {record.id} of {record.patient.display_name} is waiting for a physician's "
            "signature. Why does it need changes? The physicians' queue shows your reason.",
            "Reopen")
        if reason is None:
            return False
        try:
            reopened = editor.services.records.reopen(editor.actor, record.id, record.version,
                                                      reason)
        except (VersionConflictError, RecordSignedError) as e:
            editor.show_status_text(f"{e}", "error")
            return False
        except DatabaseUnavailableError:
            editor.show_status_text("The database cannot be reached; the record was not "
                                    "reopened. Try again in a moment.", "error")
            return False
        except ClinicDeskError as e:
            editor.show_status_text(str(e), "error")
            return False
        log.info("record reopened for changes (id %s)", record.id)
        editor.open_record(reopened, draft=kept)
        editor.show_status_text(f"Reopened for changes ({reason}). It is a draft again"
                                + (" with your changes on top: check them, save, and send"
                                   if kept is not None else ": send") +
                                " it for signature when you are done.", "info")
        assert reopened.id is not None
        editor.saved.emit(reopened.id)  # the lists follow at once
        return True

    def void(self) -> bool:
        editor, record = self.editor, self.editor.record
        if not self.can_void() or record is None or record.id is None:
            return False
        reason = ReasonDialog.ask(
            editor, "Void draft",
            f"Void the draft record {record.id} of {record.patient.display_name}? It leaves "
            "the worklist; the audit trail keeps it with your reason. Why?", "Void draft")
        if reason is None:
            return False
        try:
            editor.services.records.void_draft(editor.actor, record.id, record.version, reason)
        except ClinicDeskError as e:
            editor.show_status_text(str(e), "error")
            return False
        log.info("draft voided (id %s)", record.id)
        editor.forget_local_drafts()
        editor.saved.emit(record.id)
        editor.close_record()
        return True
