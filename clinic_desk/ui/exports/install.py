"""Adds issue 14 to the main window: Record > Procedure note (preview, print, save) for
every role that can view records, and File > Import schedule for nurses and the desk.

    from .exports.install import install_exports
    self.exports = install_exports(self)        # in MainWindow._build_pages
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtGui import QAction, QKeySequence

from ...domain.permissions import Action, allowed
from .. import messages
from ..actions import ActionKey


@dataclass
class Exports:
    window: Any
    note_action: QAction
    schedule_action: QAction

    def record_for_note(self) -> int | None:
        """The record open in the editor (if saved) or else the one selected in the list."""
        w = self.window
        editor = getattr(w, "editor", None)
        if editor is not None and w.current_page_key() == "record" and editor.record_id:
            return int(editor.record_id)
        worklist = getattr(w, "worklist", None)
        return worklist.selected_record_id() if worklist is not None else None

    def import_schedule(self) -> None:
        from .schedule_import import ScheduleImport

        w = self.window
        if ScheduleImport(w, w.services, w.actor).run() is not None:
            worklist = getattr(w, "worklist", None)
            if worklist is not None:
                worklist.reload()

    def show_note(self) -> None:
        record_id = self.record_for_note()
        if record_id is None:
            messages.info(self.window, "Procedure note",
                          "Open a saved record, or select one in the worklist, first.")
            return
        # Loaded on first use: the preview brings QtPdf and the printing modules, which a
        # nurse's start must not wait for (docs/performance.md, memory).
        from .note_preview import show_note

        show_note(self.window, self.window.services, self.window.actor, record_id)


def install_exports(window: Any) -> Exports:
    action = QAction("Procedure &note (chart copy)…", window)
    action.setShortcut(QKeySequence("Ctrl+Shift+T"))
    action.setToolTip("Preview, print or save the clinician's procedure note (Ctrl+Shift+T)")
    action.setVisible(allowed(window.actor.role, Action.VIEW_RECORDS))
    window.addAction(action)
    window.menu("record").addAction(action)
    schedule = QAction("Import &schedule…", window)
    schedule.setToolTip("Add the day's patients and planned records from the practice-"
                        "management CSV export")
    schedule.setVisible(allowed(window.actor.role, Action.IMPORT_SCHEDULE))
    file_menu = window.menu("file")
    items = file_menu.actions()
    after = items.index(window.action(ActionKey.IMPORT_RECORDS)) + 1
    if after < len(items):
        file_menu.insertAction(items[after], schedule)  # beside Import records
    else:
        file_menu.addAction(schedule)
    exports = Exports(window, action, schedule)
    action.triggered.connect(exports.show_note)
    schedule.triggered.connect(exports.import_schedule)

    def _on_signed_in(actor: Any) -> None:
        action.setVisible(allowed(actor.role, Action.VIEW_RECORDS))
        schedule.setVisible(allowed(actor.role, Action.IMPORT_SCHEDULE))

    window.signed_in.connect(_on_signed_in)
    return exports
