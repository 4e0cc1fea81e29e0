"""The Calls page (issue 13): who to call today, oldest procedure first, keyboard first.

Next-day calls for the previous clinic day (and the weekend before a Monday), unreached
patients being retried (flagged after the clinic's number of tries), and outcome follow-ups
that have come due. Enter records a call for the selected row; Ctrl+Shift+Y opens the
patient's pathway."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import date

from PySide6.QtCore import QDate, QItemSelectionModel, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDateEdit,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ...domain.calls import CallListRow, CallPage
from ...domain.errors import ClinicDeskError
from ...services import Actor, Services
from .. import messages
from ..workers import run_in_background
from .call_dialog import CallDialog
from .models import CallColumn, CallsModel

log = logging.getLogger(__name__)
PAGE_SIZE = 200  # rows per page of the Calls list, like the worklist's


class CallsPage(QWidget):
    pathway_requested = Signal(int)  # patient id
    call_saved = Signal(int)  # record id

    def __init__(self, services: Services, actor: Actor, parent: QWidget | None = None, *,
                 background: bool = True, page_size: int = PAGE_SIZE) -> None:
        super().__init__(parent)
        self.setObjectName("calls_page")
        self.services, self.actor = services, actor
        # A group's list runs to thousands of rows: it loads a page at a time (the next as
        # the view scrolls), on the thread pool (not in tests).
        self.background = background
        self.page_size = max(1, page_size)
        self._loading = 0
        self.model = CallsModel(self, background=background)
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        date_label = QLabel("Calls &due on", self)
        self.date_edit = QDateEdit(QDate.currentDate(), self)
        self.date_edit.setObjectName("calls_date_edit")
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setDisplayFormat("ddd yyyy-MM-dd")
        self.date_edit.setAccessibleName("Calls due on")
        date_label.setBuddy(self.date_edit)
        self.today_button = QPushButton("&Today", self)
        self.today_button.setObjectName("calls_today_button")
        self.count_label = QLabel(self)
        self.count_label.setObjectName("calls_count_label")
        for w in (date_label, self.date_edit, self.today_button):
            top.addWidget(w)
        top.addStretch(1)
        top.addWidget(self.count_label)
        layout.addLayout(top)
        self.view = QTableView(self)
        self.view.setObjectName("calls_view")
        self.view.setAccessibleName("Calls due")
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setWordWrap(False)
        self.view.verticalHeader().hide()
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        # What to ask and the procedure share the room left; on a narrow screen both are
        # elided and the line under the list says the selected patient's in full (at
        # 1024x768 "What to ask" was squeezed to "Proble..."; issue 15, point 16).
        header.setSectionResizeMode(CallColumn.ASK, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(CallColumn.PROCEDURE, QHeaderView.ResizeMode.Stretch)
        layout.addWidget(self.view, 1)
        buttons = QHBoxLayout()
        self.hint_label = QLabel("Enter records a call for the selected patient.", self)
        self.record_button = QPushButton("&Record call…", self)
        self.record_button.setObjectName("record_call_button")
        self.pathway_button = QPushButton("Patient &pathway", self)
        self.pathway_button.setObjectName("calls_pathway_button")
        buttons.addWidget(self.hint_label, 1)
        buttons.addWidget(self.pathway_button)
        buttons.addWidget(self.record_button)
        layout.addLayout(buttons)
        self.view.installEventFilter(self)
        self._connect_signals()
        self.reload()

    def _connect_signals(self) -> None:
        self.date_edit.dateChanged.connect(self._on_date_edit_date_changed)
        self.today_button.clicked.connect(self._on_today_button_clicked)
        self.view.activated.connect(lambda _i: self.record_call())
        self.view.selectionModel().currentRowChanged.connect(self._show_what_to_ask)
        self.model.page_loaded.connect(self._show_count)
        self.model.load_failed.connect(self._on_model_load_failed)
        self.record_button.clicked.connect(self.record_call)
        self.pathway_button.clicked.connect(self._on_pathway_button_clicked)

    def day(self) -> date:
        value = self.date_edit.date().toPython()
        assert isinstance(value, date)
        return value

    def set_actor(self, actor: Actor) -> None:
        self.actor = actor
        self.reload()

    def page_shown(self) -> None:
        self.reload()
        self.view.setFocus(Qt.FocusReason.OtherFocusReason)

    def _fetch(self, actor: Actor, day: date) -> Callable[[int], CallPage]:
        services, size = self.services, self.page_size
        return lambda offset: services.calls.due_page(actor, day, size, offset)

    def reload(self) -> None:
        day, actor = self.day(), self.actor
        fetch = self._fetch(actor, day)
        if not self.background:
            try:
                self._show(fetch(0), fetch)
            except ClinicDeskError as e:
                self._failed(e)
            return
        self._loading += 1
        ticket = self._loading
        self.count_label.setText("Loading…")

        def done(page: CallPage) -> None:
            if ticket == self._loading:  # an older load finishing late is dropped
                self._show(page, fetch)

        def failed(exc: BaseException) -> None:
            if ticket == self._loading:
                self._failed(exc)

        run_in_background(fetch, 0, on_done=done, on_error=failed, name="calls due")

    def _on_model_load_failed(self, exc: BaseException) -> None:
        if isinstance(exc, ClinicDeskError):
            self.count_label.setText(f"More calls could not load: {exc}")
        else:
            log.error("calls page failed to load: %s", type(exc).__name__)
            self.count_label.setText("More calls could not load; try Refresh (F5).")

    def _failed(self, exc: BaseException) -> None:
        self.model.set_rows([])
        if isinstance(exc, ClinicDeskError):
            self.count_label.setText(f"The list could not load: {exc}")
        else:
            log.error("calls list failed to load: %s", type(exc).__name__)
            self.count_label.setText("The list could not load; try Refresh (F5).")

    def _show_count(self) -> None:
        m = self.model
        n, follow, shown = m.total, m.follow_ups, m.rowCount()
        more = "" if m.exhausted else f" The first {shown} are listed; more load as you scroll."
        self.count_label.setText(
            f"{n} call{'s' if n != 1 else ''} due ({follow} follow-up"
            f"{'s' if follow != 1 else ''}, {m.flagged} flagged).{more}")

    def _show(self, page: CallPage, fetch: Callable[[int], CallPage] | None) -> None:
        selected = self.selected_row()
        self.model.set_page(page, fetch)
        self._show_count()
        rows = page.rows
        if rows:
            keep = 0
            if selected is not None:
                keep = next((i for i, r in enumerate(rows)
                             if (r.record_id, r.months) == (selected.record_id, selected.months)),
                            0)
            self.view.selectionModel().setCurrentIndex(
                self.model.index(keep, 0), QItemSelectionModel.SelectionFlag.ClearAndSelect
                | QItemSelectionModel.SelectionFlag.Rows)

    def _show_what_to_ask(self, *_args: object) -> None:
        row = self.selected_row()
        if row is None:
            self.hint_label.setText("Enter records a call for the selected patient.")
            return
        self.hint_label.setText(f"{row.patient_name}. To ask: {row.ask}. Enter records the "
                                "call.")

    def _on_date_edit_date_changed(self, _d: QDate) -> None:
        self.reload()

    def _on_today_button_clicked(self) -> None:
        self.date_edit.setDate(QDate.currentDate())

    def selected_row(self) -> CallListRow | None:
        index = self.view.currentIndex()
        return self.model.row_at(index.row()) if index.isValid() else None

    def selected_patient_id(self) -> int | None:
        row = self.selected_row()
        return None if row is None else row.patient_id

    def _on_pathway_button_clicked(self) -> None:
        pid = self.selected_patient_id()
        if pid is not None:
            self.pathway_requested.emit(pid)

    def record_call(self) -> None:
        row = self.selected_row()
        if row is None:
            return
        try:
            record = self.services.records.get(self.actor, row.record_id)
            cfg = self.services.pathway.settings()
        except ClinicDeskError as e:
            messages.error(self, "Cannot record the call", str(e))
            return
        saved = CallDialog.ask(self.services, self.actor, record, self, months=row.months,
                               profile=cfg.profile,
                               follow_up_months=cfg.calls.follow_up_months,
                               measures=cfg.measures)
        if saved is not None:
            self.call_saved.emit(row.record_id)
            self.reload()

    def eventFilter(self, watched: object, event: object) -> bool:
        # Enter records a call for the selected row (QTableView would only move the cell).
        if watched is self.view and isinstance(event, QKeyEvent) and (
                event.type() == QKeyEvent.Type.KeyPress
                and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)):
            self.record_call()
            return True
        return super().eventFilter(watched, event)  # type: ignore[arg-type]


__all__ = ["CallsPage"]
