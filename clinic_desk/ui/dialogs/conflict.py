"""Someone else saved the record you are editing: show both versions, never overwrite silently.

    choice = ConflictDialog.ask(parent, mine, theirs, error)     # a ConflictChoice value

The dialog lists every field that differs (yours and theirs) and offers choices, each a key,
a button text and a button role. The defaults are "Reload theirs" (drop my changes),
"Keep mine as a new draft version" (after seeing theirs) and "Keep editing". Issue 7 can pass
its own `choices` or call `add_choice` before `exec()`; `chosen` is the key of the button
pressed (Esc = KEEP_EDITING).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import Enum
from typing import Any

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QHeaderView, QPushButton, QWidget

from ...domain.errors import RecordReadyError, VersionConflictError
from ...domain.note import NOTE_LABELS
from ...domain.record import ProcedureRecord, RecordStatus
from ...services.records import record_changes
from ..generated.ui_conflict_dialog import Ui_ConflictDialog
from ..icons import icon
from ..models.lists import DiffColumn, Difference, DifferencesModel


class ConflictChoice(str, Enum):
    RELOAD_THEIRS = "reload_theirs"
    KEEP_MINE = "keep_mine"
    KEEP_EDITING = "keep_editing"


@dataclass(frozen=True)
class Choice:
    key: str
    text: str
    role: QDialogButtonBox.ButtonRole
    tooltip: str = ""


DEFAULT_CHOICES: tuple[Choice, ...] = (
    Choice(ConflictChoice.RELOAD_THEIRS, "&Reload theirs",
           QDialogButtonBox.ButtonRole.DestructiveRole,
           "Show their version; your changes since you opened the record are dropped."),
    Choice(ConflictChoice.KEEP_MINE, "&Keep mine as a new draft version",
           QDialogButtonBox.ButtonRole.AcceptRole,
           "Save your version on top of theirs as a draft; their version stays in the audit "
           "trail."),
    Choice(ConflictChoice.KEEP_EDITING, "Keep &editing", QDialogButtonBox.ButtonRole.RejectRole,
           "Close this window; nothing is saved yet and your changes stay on screen."),
)

FIELD_NAMES = {
    "patient": "Patient", "kind": "Procedure", "block_number": "Block number",
    "performed_at": "Date and time", "ended_at": "End time", "physician": "Physician",
    "nurse": "Nurse", "joints": "Levels and sides", "guidance.modality": "Guidance",
    "guidance.fluoro_time_s": "Fluoroscopy time (s)", "guidance.dose_mgy": "Dose (mGy)",
    "guidance.dap_mgy_cm2": "DAP (mGy·cm²)", "guidance.contrast": "Contrast",
    "medications": "Medications", "sedation": "Sedation", "pain_before": "Pain before",
    "pain_after": "Pain after", "complications": "Complications", "notes": "Notes",
    "follow_up": "Follow-up",
}
_VITALS = {"systolic": "systolic", "diastolic": "diastolic", "heart_rate": "heart rate",
           "spo2": "SpO₂", "resp_rate": "breathing rate"}


def field_name(path: str) -> str:
    if path in FIELD_NAMES:
        return FIELD_NAMES[path]
    if path.startswith(("vitals_before.", "vitals_after.")):
        when, _, name = path.partition(".")
        words = _VITALS.get(name, name)
        return f"{words[:1].upper()}{words[1:]} {when.split('_')[1]}"
    if path.startswith("patient."):
        return "Patient: " + path.split(".", 1)[1].replace("_", " ")
    if path in NOTE_LABELS:  # issue 14
        return "Procedure note: " + NOTE_LABELS[path]
    return path.replace("_", " ")


def describe(value: Any) -> str:
    """A value from record JSON, in words."""
    if value is None or value == "" or value == []:
        return "(empty)"
    if isinstance(value, list):
        parts = []
        for item in value:
            if isinstance(item, dict) and "level" in item:
                parts.append(f"{item['level']} {item.get('side', '')}".strip())
            elif isinstance(item, dict) and "strength" in item:
                per = "per target" if item.get("per_target", True) else "in total"
                parts.append(f"{item.get('name')} {item.get('strength')} "
                             f"{item.get('volume_ml')} mL {per}")
            elif isinstance(item, dict) and "kind" in item:
                parts.append(str(item["kind"]).replace("_", " ") + (
                    f": {item['text']}" if item.get("text") else ""))
            else:
                parts.append(str(item))
        return "; ".join(parts)
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


def differences(mine: ProcedureRecord, theirs: ProcedureRecord) -> list[Difference]:
    return [Difference(field_name(c["field"]), describe(c["after"]), describe(c["before"]))
            for c in record_changes(theirs, mine)]


class ConflictDialog(QDialog):
    def __init__(self, mine: ProcedureRecord, theirs: ProcedureRecord,
                 error: VersionConflictError | RecordReadyError | None = None,
                 parent: QWidget | None = None,
                 choices: Sequence[Choice] = DEFAULT_CHOICES) -> None:
        super().__init__(parent)
        self.ui = Ui_ConflictDialog()
        self.ui.setupUi(self)
        self.mine, self.theirs = mine, theirs
        self.chosen: str = ConflictChoice.KEEP_EDITING
        who = theirs.updated_by or (error.updated_by if error else "") or "someone else"
        when = theirs.updated_at.astimezone().strftime("%H:%M on %Y-%m-%d") if (
            theirs.updated_at) else "after you opened it"
        self.ui.intro_label.setText(
            f"<b>{_esc(who)} saved this record at {when}</b>, after you opened it. "
            "Nothing of yours was saved and nothing was overwritten. "
            "Compare the two versions below, then choose."
            + ("<br><b>They sent it for signature: it is in the physicians' queue.</b> Keeping "
               "yours takes it out of the queue, so you will be asked why (the queue shows "
               "your reason)." if theirs.status is RecordStatus.READY else ""))
        size = self.fontMetrics().height() * 2
        self.ui.icon_label.setPixmap(icon("warning").pixmap(size, size))
        self.model = DifferencesModel(differences(mine, theirs), self)
        self.ui.changes_view.setModel(self.model)
        header = self.ui.changes_view.horizontalHeader()
        header.setSectionResizeMode(DiffColumn.FIELD, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(DiffColumn.MINE, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(DiffColumn.THEIRS, QHeaderView.ResizeMode.Stretch)
        self.ui.changes_view.resizeRowsToContents()
        if self.model.rowCount() == 0:
            self.ui.choice_label.setText("The two versions have the same content.")
        self._buttons: dict[str, QPushButton] = {}
        for choice in choices:
            self.add_choice(choice)
        self.ui.changes_view.setFocus()

    def add_choice(self, choice: Choice) -> QPushButton:
        button = self.ui.button_box.addButton(choice.text, choice.role)
        button.setToolTip(choice.tooltip)
        button.setAutoDefault(False)
        button.clicked.connect(lambda: self._choose(choice.key))
        self._buttons[choice.key] = button
        return button

    def button(self, key: str) -> QPushButton:
        return self._buttons[key]

    def _choose(self, key: str) -> None:
        self.chosen = key
        if key == ConflictChoice.KEEP_EDITING:
            self.reject()
        else:
            self.accept()

    @classmethod
    def ask(cls, parent: QWidget | None, mine: ProcedureRecord, theirs: ProcedureRecord,
            error: VersionConflictError | RecordReadyError | None = None,
            choices: Sequence[Choice] = DEFAULT_CHOICES) -> str:
        dialog = cls(mine, theirs, error, parent, choices)
        dialog.exec()
        return dialog.chosen


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
