"""After a crash or a power cut: offer the unsaved work back; and "save your changes?"."""

from __future__ import annotations

from collections.abc import Sequence
from enum import Enum

from PySide6.QtWidgets import QDialog, QHeaderView, QMessageBox, QWidget

from ...services.drafts import Draft, DraftStore
from .. import messages
from ..generated.ui_draft_recovery_dialog import Ui_DraftRecoveryDialog
from ..icons import icon
from ..models.lists import DraftColumn, DraftsModel


class DraftRecoveryDialog(QDialog):
    """Lists the user's local drafts; `chosen` is the one to reopen (None: later)."""

    def __init__(self, drafts: Sequence[Draft], store: DraftStore,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ui = Ui_DraftRecoveryDialog()
        self.ui.setupUi(self)
        self.store = store
        self.chosen: Draft | None = None
        size = self.fontMetrics().height() * 2
        self.ui.icon_label.setPixmap(icon("info").pixmap(size, size))
        self.model = DraftsModel(drafts, self)
        self.ui.drafts_view.setModel(self.model)
        header = self.ui.drafts_view.horizontalHeader()
        header.setSectionResizeMode(DraftColumn.PATIENT, QHeaderView.ResizeMode.Stretch)
        for col in (DraftColumn.PROCEDURE, DraftColumn.RECORD, DraftColumn.SAVED):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(False)
        if self.model.rowCount():
            self.ui.drafts_view.selectRow(0)
        self.ui.drafts_view.setFocus()
        self._connect_signals()

    def _connect_signals(self) -> None:
        self.ui.open_button.clicked.connect(self._on_open_button_clicked)
        self.ui.discard_button.clicked.connect(self._on_discard_button_clicked)
        self.ui.later_button.clicked.connect(self.reject)
        self.ui.drafts_view.activated.connect(self._on_open_button_clicked)

    def _current_row(self) -> int | None:
        index = self.ui.drafts_view.currentIndex()
        return index.row() if index.isValid() else None

    def _on_open_button_clicked(self) -> None:
        row = self._current_row()
        if row is not None:
            self.chosen = self.model.draft_at(row)
            self.accept()

    def _on_discard_button_clicked(self) -> None:
        row = self._current_row()
        if row is None:
            return
        if not messages.confirm(self, "Discard unsaved work?",
                                "These changes were never saved to the database. Throw them "
                                "away for good?", yes="Discard", no="Keep"):
            return
        self.store.discard(self.model.draft_at(row).key)
        self.model.remove(row)
        if self.model.rowCount() == 0:
            self.reject()
        else:
            self.ui.drafts_view.selectRow(min(row, self.model.rowCount() - 1))

    @classmethod
    def ask(cls, parent: QWidget | None, drafts: Sequence[Draft],
            store: DraftStore) -> Draft | None:
        dialog = cls(drafts, store, parent)
        dialog.exec()
        return dialog.chosen


class UnsavedChoice(str, Enum):
    SAVE = "save"
    DISCARD = "discard"
    CANCEL = "cancel"


class UnsavedChangesDialog:
    """"Save your changes to this record?" before closing, switching record or signing out."""

    @classmethod
    def ask(cls, parent: QWidget | None, what: str) -> UnsavedChoice:
        box = QMessageBox(QMessageBox.Icon.Warning, "Unsaved changes",
                          f"You have changes to {what} that are not saved yet.", parent=parent)
        box.setInformativeText("Save them as a draft now? If you discard them they are lost.")
        save = box.addButton("&Save draft", QMessageBox.ButtonRole.AcceptRole)
        discard = box.addButton("&Discard changes", QMessageBox.ButtonRole.DestructiveRole)
        cancel = box.addButton("&Keep editing", QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(save)
        box.setEscapeButton(cancel)
        box.exec()
        clicked = box.clickedButton()
        if clicked is save:
            return UnsavedChoice.SAVE
        if clicked is discard:
            return UnsavedChoice.DISCARD
        return UnsavedChoice.CANCEL
