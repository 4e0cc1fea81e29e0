"""Ask for the reason behind a deliberate step (reopen a ready record, void a draft).

A small dialog built in code: a question, one line for the reason, OK and Cancel; OK stays
disabled until a reason is typed, so a stray Enter never reopens or voids anything. Tests
monkeypatch `ReasonDialog.ask`.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)


class ReasonDialog(QDialog):
    def __init__(self, title: str, question: str, ok_text: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("reason_dialog")
        self.setWindowTitle(title)
        layout = QVBoxLayout(self)
        self.question_label = QLabel(question, self)
        self.question_label.setWordWrap(True)
        self.reason_edit = QLineEdit(self)
        self.reason_edit.setObjectName("reason_edit")
        self.reason_edit.setMaxLength(300)
        self.reason_edit.setAccessibleName("Reason")
        self.question_label.setBuddy(self.reason_edit)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.ok_button = self.buttons.addButton(ok_text, QDialogButtonBox.ButtonRole.AcceptRole)
        self.ok_button.setDefault(True)
        self.ok_button.setEnabled(False)
        for widget in (self.question_label, self.reason_edit, self.buttons):
            layout.addWidget(widget)
        self.reason_edit.textChanged.connect(self._on_reason_edit_text_changed)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        # The question wraps: the height it needs at this width, or a long question is cut.
        width = self.fontMetrics().averageCharWidth() * 60
        self.resize(width, max(self.sizeHint().height(), layout.totalHeightForWidth(width)))

    def _on_reason_edit_text_changed(self, text: str) -> None:
        self.ok_button.setEnabled(bool(text.strip()))

    def reason(self) -> str:
        return " ".join(self.reason_edit.text().split())

    @classmethod
    def ask(cls, parent: QWidget | None, title: str, question: str, ok_text: str) -> str | None:
        """The reason typed, or None when the person cancelled."""
        dialog = cls(title, question, ok_text, parent)
        if dialog.exec() != QDialog.DialogCode.Accepted or not dialog.reason():
            return None
        return dialog.reason()
