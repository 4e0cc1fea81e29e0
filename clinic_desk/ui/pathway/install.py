"""Adds issue 13's screens to the main window: the Calls page, the Pathway view and the
Reports page, and "Patient pathway" (Ctrl+Shift+Y) in the Record menu, which opens the
pathway of the patient in front of the user: the worklist's selected row, the open record,
the record in the sign-off review, or the selected call.

    from .pathway.install import install_pathway
    self.pathway = install_pathway(self)      # when MainWindow builds its pages

The pages are built the first time they are shown, like issue 6's.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from PySide6.QtGui import QAction, QKeySequence

from ...domain.permissions import Action, allowed
from ..models import ROW_ROLE

if TYPE_CHECKING:
    from .calls_page import CallsPage
    from .pathway_view import PathwayPage
    from .reports_page import ReportsPage

CALLS, PATHWAY, REPORTS = "calls", "pathway", "reports"


@dataclass
class PathwayScreens:
    window: Any
    pathway_action: QAction

    @property
    def calls(self) -> CallsPage:
        return self.window.page(CALLS)  # type: ignore[no-any-return]

    @property
    def pathway(self) -> PathwayPage:
        return self.window.page(PATHWAY)  # type: ignore[no-any-return]

    @property
    def reports(self) -> ReportsPage:
        return self.window.page(REPORTS)  # type: ignore[no-any-return]

    def show_pathway(self, patient_id: int) -> bool:
        if not self.window.show_page(PATHWAY):
            return False
        return self.pathway.show_patient(patient_id)


def current_patient_id(window: Any) -> int | None:
    """The patient of what the user is looking at, or None."""
    key = window.current_page_key()
    if key == "record":
        record = getattr(window.editor, "record", None)
        return record.patient.id if record is not None else None
    if key == "signoff":
        record = window.page("signoff").review.record
        return record.patient.id if record is not None else None
    if key == CALLS:
        return window.page(CALLS).selected_patient_id()  # type: ignore[no-any-return]
    if key == PATHWAY:
        data = window.page(PATHWAY).data
        return data.patient.id if data is not None else None
    if hasattr(window, "worklist"):
        index = window.worklist.ui.worklist_view.currentIndex()
        row = index.data(ROW_ROLE) if index.isValid() else None
        return row.patient_id if row is not None else None
    return None


def install_pathway(window: Any) -> PathwayScreens:
    def calls_page() -> CallsPage:
        from .calls_page import CallsPage

        page = CallsPage(window.services, window.actor, window,
                         background=getattr(window, "_background", True))
        page.pathway_requested.connect(screens.show_pathway)
        page.call_saved.connect(lambda _rid: window.worklist.reload())
        return page

    def pathway_page() -> PathwayPage:
        from .pathway_view import PathwayPage

        return PathwayPage(window.services, window.actor, window)

    def reports_page() -> ReportsPage:
        from .reports_page import ReportsPage

        return ReportsPage(window.services, window.actor, window,
                           background=getattr(window, "_background", True))

    window.add_page(CALLS, "Ca&lls", calls_page, "Ctrl+5", needs=Action.RECORD_CALLS)
    window.add_page(PATHWAY, "Patient pat&hway", pathway_page, "Ctrl+7",
                    needs=Action.VIEW_RECORDS)
    window.add_page(REPORTS, "Re&ports", reports_page, "Ctrl+6", needs=Action.VIEW_REPORTS)

    action = QAction("Patient &pathway", window)
    action.setObjectName("patient_pathway_action")
    action.setShortcut(QKeySequence("Ctrl+Shift+Y"))
    action.setToolTip("Blocks, results and the next step for the patient of the selected "
                      "row or open record (Ctrl+Shift+Y)")
    screens = PathwayScreens(window, action)

    def open_current() -> None:
        patient_id = current_patient_id(window)
        if patient_id is None:
            window.statusBar().showMessage(
                "Select a procedure or open a record first; its patient's pathway opens.", 8000)
            return
        screens.show_pathway(patient_id)

    action.triggered.connect(open_current)
    window.menu("record").addAction(action)

    def apply_role(actor: Any) -> None:
        action.setVisible(allowed(actor.role, Action.VIEW_RECORDS))

    window.signed_in.connect(apply_role)
    apply_role(window.actor)
    return screens


__all__ = ["CALLS", "PATHWAY", "REPORTS", "PathwayScreens", "install_pathway"]
