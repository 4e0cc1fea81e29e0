"""Type-ahead patient search shared by the worklist and the new-record dialog.

Binds a QLineEdit to a table of results: the search runs a moment after the last key
(services.patients.search: name prefix ignoring case and accents, MRN, date of birth); Down
moves into the results, Enter chooses the current patient (`patient_chosen(patient_id)`).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QLineEdit, QTableView

from ...domain.worklist import PatientRow
from .. import settings
from ..models import PATIENT_ID_ROLE
from ..models.patients import PatientColumn, PatientSearchModel


class PatientSearch(QObject):
    patient_chosen = Signal(int)
    results_changed = Signal(int)  # number of patients found

    def __init__(self, edit: QLineEdit, view: QTableView,
                 search: Callable[[str], list[PatientRow]], parent: QObject | None = None,
                 delay_ms: int | None = None) -> None:
        super().__init__(parent)
        self.edit, self.view, self._search = edit, view, search
        self.model = PatientSearchModel(self)
        view.setModel(self.model)
        view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        header = view.horizontalHeader()
        header.setSectionResizeMode(PatientColumn.NAME, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(PatientColumn.MRN, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(PatientColumn.BORN, QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(False)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(settings.SEARCH_DELAY_MS.get() if delay_ms is None else delay_ms)
        self.last_query = ""
        self._connect_signals()

    def _connect_signals(self) -> None:
        self.edit.textEdited.connect(self._on_edit_text_edited)
        self.edit.returnPressed.connect(self._on_edit_return_pressed)
        self.timer.timeout.connect(self.run_now)
        self.view.activated.connect(self._on_view_activated)
        self.edit.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.edit and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            if event.key() in (Qt.Key.Key_Down, Qt.Key.Key_PageDown) and self.model.rowCount():
                self.view.setFocus(Qt.FocusReason.TabFocusReason)
                if not self.view.currentIndex().isValid():
                    self.view.selectRow(0)
                return True
        return super().eventFilter(watched, event)

    def _on_edit_text_edited(self, _text: str) -> None:
        self.timer.start()

    def run_now(self) -> None:
        self.timer.stop()
        text = self.edit.text().strip()
        self.last_query = text
        rows = self._search(text) if text else []
        self.model.set_rows(rows)
        if rows:
            self.view.selectRow(0)
        self.results_changed.emit(len(rows))

    def clear(self) -> None:
        self.timer.stop()
        self.edit.clear()
        self.model.set_rows([])
        self.results_changed.emit(0)

    def current_patient_id(self) -> int | None:
        index = self.view.currentIndex()
        if not index.isValid() and self.model.rowCount():
            index = self.model.index(0, 0)
        return index.data(PATIENT_ID_ROLE) if index.isValid() else None

    def _on_edit_return_pressed(self) -> None:
        if self.timer.isActive() or self.last_query != self.edit.text().strip():
            self.run_now()
        patient_id = self.current_patient_id()
        if patient_id is not None:
            self.patient_chosen.emit(patient_id)

    def _on_view_activated(self, _index: object) -> None:
        self.choose_current()

    def choose_current(self) -> None:
        """Open the patient found and selected (the list's Enter or double-click, or its
        context menu's Open patient)."""
        patient_id = self.current_patient_id()
        if patient_id is not None:
            self.patient_chosen.emit(patient_id)
