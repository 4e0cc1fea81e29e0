"""Every menu command declared once: its text, shortcut, tooltip and the permission it needs.

`make_action(parent, ActionKey.SAVE_RECORD)` gives a QAction whose tooltip shows the shortcut
("Save draft (Ctrl+S)"). The main window builds its menus from these and shows or hides each
by the signed-in role (`domain.permissions.allowed`); the services check again below the GUI.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QKeySequence

from ..domain.permissions import Action, allowed
from ..domain.record import Role


class ActionKey(str, Enum):
    NEW_RECORD = "new_record"
    OPEN_RECORD = "open_record"
    NEW_PATIENT = "new_patient"
    FIND_PATIENT = "find_patient"
    SAVE_RECORD = "save_record"
    READY_RECORD = "ready_record"
    CLOSE_RECORD = "close_record"
    PATIENT_DETAILS = "patient_details"
    IMPORT_RECORDS = "import_records"
    REFRESH = "refresh"
    WORKLIST = "worklist"
    SIGN_OUT = "sign_out"
    QUIT = "quit"
    ABOUT = "about"


@dataclass(frozen=True)
class ActionDef:
    text: str
    shortcut: QKeySequence.StandardKey | str | None
    tip: str
    needs: Action | None = None  # hidden for roles without this permission


ACTIONS: dict[ActionKey, ActionDef] = {
    ActionKey.NEW_RECORD: ActionDef("&New procedure record…", "Ctrl+N",
                                    "Start a procedure record for a patient", Action.EDIT_RECORDS),
    ActionKey.OPEN_RECORD: ActionDef("&Open selected record", None,
                                     "Open the record selected in the worklist (Enter)",
                                     Action.VIEW_RECORDS),
    ActionKey.NEW_PATIENT: ActionDef("New &patient…", "Ctrl+Shift+N",
                                     "Add a patient who is not in Clinic Desk yet",
                                     Action.EDIT_RECORDS),
    ActionKey.FIND_PATIENT: ActionDef("&Find patient", QKeySequence.StandardKey.Find,
                                      "Search patients by name, MRN or date of birth",
                                      Action.VIEW_RECORDS),
    ActionKey.SAVE_RECORD: ActionDef("&Save draft", QKeySequence.StandardKey.Save,
                                     "Save the open record as a draft", Action.EDIT_RECORDS),
    ActionKey.READY_RECORD: ActionDef("&Ready for signature", "Ctrl+Return",
                                      "Save and send the open record to the physicians' queue",
                                      Action.MARK_READY),
    ActionKey.CLOSE_RECORD: ActionDef("&Close record", QKeySequence.StandardKey.Close,
                                      "Close the open record and go back to the worklist",
                                      Action.VIEW_RECORDS),
    ActionKey.PATIENT_DETAILS: ActionDef("Patient &details…", "Ctrl+Shift+P",
                                         "Weight, blood thinner, allergies of the open record's "
                                         "patient", Action.VIEW_RECORDS),
    ActionKey.IMPORT_RECORDS: ActionDef("&Import records…", "Ctrl+I",
                                        "Add records from a record JSON file",
                                        Action.EDIT_RECORDS),
    ActionKey.REFRESH: ActionDef("Re&fresh", QKeySequence.StandardKey.Refresh,
                                 "Load the list again", Action.VIEW_RECORDS),
    ActionKey.WORKLIST: ActionDef("&Worklist", "Ctrl+1", "The day's procedures",
                                  Action.VIEW_RECORDS),
    ActionKey.SIGN_OUT: ActionDef("Sign &out", "Ctrl+Shift+Q",
                                  "Sign out so the next person can sign in"),
    ActionKey.QUIT: ActionDef("&Quit", QKeySequence.StandardKey.Quit, "Close Clinic Desk"),
    ActionKey.ABOUT: ActionDef("&About Clinic Desk", None, "Version and data folders"),
}


def shortcut_text(action: QAction) -> str:
    seq = action.shortcut()
    return seq.toString(QKeySequence.SequenceFormat.NativeText) if not seq.isEmpty() else ""


def with_shortcut(tip: str, action: QAction) -> str:
    keys = shortcut_text(action)
    return f"{tip} ({keys})" if keys else tip


def make_action(parent: QObject, key: ActionKey) -> QAction:
    d = ACTIONS[key]
    action = QAction(d.text, parent)
    action.setObjectName(f"{key.value}_action")
    if isinstance(d.shortcut, QKeySequence.StandardKey):
        # Every binding of the platform (Close is Ctrl+W and Ctrl+F4 on Linux).
        action.setShortcuts(d.shortcut)
    elif d.shortcut is not None:
        action.setShortcut(QKeySequence(d.shortcut))
    action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
    action.setToolTip(with_shortcut(d.tip, action))
    action.setStatusTip(d.tip)
    return action


def visible_for(role: Role, key: ActionKey) -> bool:
    needs = ACTIONS[key].needs
    return needs is None or allowed(role, needs)
