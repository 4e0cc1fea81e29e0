"""Issue 15 (14): "Copy from the last procedure".

Block 2 and the ablation after block 1 repeat the same joints, sides and medications. One
command (Ctrl+Shift+K, or the button in the levels section) pre-fills the record on screen
from the patient's previous procedure: levels and sides, guidance (modality and contrast)
and medications. Never pain scores, vitals, doses, fluoroscopy time or any time: those
belong to today. The copied values are shown as copied (a notice naming the source record,
above the form) until the nurse confirms them; until then the record cannot be sent for
signature.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton

from ...domain.errors import ClinicDeskError, DatabaseUnavailableError
from ...domain.permissions import Action, allowed
from ...domain.record import ProcedureRecord

if TYPE_CHECKING:
    from .record_editor import RecordEditor

log = logging.getLogger(__name__)

COPY_SHORTCUT = "Ctrl+Shift+K"


class CopyFromLast(QObject):
    def __init__(self, editor: RecordEditor) -> None:
        super().__init__(editor)
        self.editor = editor
        self.source: ProcedureRecord | None = None  # copied from, not yet confirmed
        ui = editor.ui
        native = QKeySequence(COPY_SHORTCUT).toString(QKeySequence.SequenceFormat.NativeText)
        self.copy_button = QPushButton(f"Copy from the last procedure ({native})", editor)
        self.copy_button.setObjectName("copy_last_button")
        self.copy_button.setToolTip("Fill levels, sides, guidance and medications from this "
                                    "patient's previous procedure (never scores, vitals or "
                                    "times).")
        ui.joints_button_layout.insertWidget(0, self.copy_button)
        self.action = QAction("Copy from the last procedure", editor)
        self.action.setShortcut(QKeySequence(COPY_SHORTCUT))
        self.action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        editor.addAction(self.action)

        self.notice = QFrame(ui.form_widget)
        self.notice.setObjectName("copied_notice")
        self.notice.setProperty("role", "banner")
        layout = QHBoxLayout(self.notice)
        self.notice_label = QLabel(self.notice)
        self.notice_label.setObjectName("copied_label")
        self.notice_label.setWordWrap(True)
        self.confirm_button = QPushButton("Confirm copied values", self.notice)
        self.confirm_button.setObjectName("confirm_copied_button")
        layout.addWidget(self.notice_label, 1)
        layout.addWidget(self.confirm_button)
        ui.form_layout.insertWidget(0, self.notice)
        self.notice.hide()

        self.copy_button.clicked.connect(self.copy)
        self.action.triggered.connect(self.copy)
        self.confirm_button.clicked.connect(self.confirm)
        self.update()

    @property
    def pending(self) -> bool:
        """Copied values the nurse has not confirmed yet."""
        return self.source is not None

    def update(self) -> None:
        """Offered for an editable record that has no levels or medications yet."""
        editor = self.editor
        record = editor.record
        can = (record is not None and not editor.read_only
               and allowed(editor.actor.role, Action.EDIT_RECORDS)
               and not editor.joints_model.joints()
               and editor.medications_model.rowCount() == 0)
        self.copy_button.setVisible(can)
        self.action.setEnabled(can)

    def reset(self) -> None:
        self.source = None
        self.notice.hide()
        self.update()

    def copy(self) -> bool:
        editor = self.editor
        if editor.record is None or editor.read_only or not self.copy_button.isVisible():
            return False
        try:
            last = editor.services.records.previous_for_copy(editor.actor,
                                                             editor.current_record())
        except DatabaseUnavailableError:
            editor.show_status_text("The database cannot be reached; nothing was copied.")
            return False
        except ClinicDeskError as e:
            editor.show_status_text(str(e))
            return False
        if last is None:
            editor.show_status_text("This patient has no earlier procedure to copy from.",
                                    "info")
            return False
        editor.apply_copied(last)
        self.source = last
        when = last.performed_at.strftime("%d %b %Y")
        meds = len(last.medications)
        self.notice_label.setText(
            f"<b>Copied from the procedure of {when}</b> ({last.title}, record {last.id}): "
            f"levels and sides, guidance, {meds} medication{'s' if meds != 1 else ''}. "
            "Check each against today's procedure, then confirm. Pain scores, vitals, doses "
            "and times were not copied.")
        self.notice.show()
        editor.scroll_form_to_top()
        self.confirm_button.setFocus()
        self.update()
        log.info("record pre-filled from record %s", last.id)
        return True

    def confirm(self) -> None:
        if self.source is None:
            return
        self.reset()
        self.editor.show_status_text("Copied values confirmed.", "info")
        self.editor.ui.level_edit.setFocus()
