"""The home screen: the day's procedures (filter by date, status, physician) and patient search.

Rows load in pages as the list scrolls (WorklistModel over services.records.worklist), each
page fetched on the thread pool, so years of records stay instant. Enter opens the selected
record; typing in "Find patient" searches as you type and Enter opens the patient.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import date

from PySide6.QtCore import QDate, QItemSelectionModel, QModelIndex, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QHeaderView, QPushButton, QSizePolicy, QWidget

from ...domain.permissions import Action, allowed
from ...domain.record import RecordStatus, Role
from ...domain.worklist import WorklistRow
from ...services import Actor, Services
from .. import settings
from ..generated.ui_worklist_page import Ui_WorklistPage
from ..models import RECORD_ID_ROLE
from ..models.worklist import STATUS_FILTERS, WorklistColumn, WorklistModel
from ..widgets.context_menu import ContextMenu, Item, buttons
from ..widgets.patient_search import PatientSearch

log = logging.getLogger(__name__)


class WorklistPage(QWidget):
    open_record_requested = Signal(int)  # record id
    open_patient_requested = Signal(int)  # patient id
    new_record_requested = Signal()
    new_patient_requested = Signal()
    load_failed = Signal(object)

    def __init__(self, services: Services, actor: Actor, parent: QWidget | None = None, *,
                 background: bool = True) -> None:
        super().__init__(parent)
        self.ui = Ui_WorklistPage()
        self.ui.setupUi(self)
        self.services, self.actor = services, actor
        self._pending_select: int | None = None
        self.model = WorklistModel(page_size=settings.WORKLIST_PAGE_SIZE.get(),
                                   background=background, parent=self)
        u = self.ui
        u.worklist_view.setModel(self.model)
        u.worklist_view.setWordWrap(False)
        header = u.worklist_view.horizontalHeader()
        saved = settings.WORKLIST_HEADER.get()
        if saved.isEmpty() or not header.restoreState(saved):
            header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
            widths = {WorklistColumn.TIME: 70, WorklistColumn.PATIENT: 240,
                      WorklistColumn.MRN: 90, WorklistColumn.PROCEDURE: 280,
                      WorklistColumn.LEVELS: 170, WorklistColumn.PHYSICIAN: 130}
            for col, width in widths.items():
                em = self.fontMetrics().averageCharWidth() / 7
                header.resizeSection(col, int(width * max(1.0, em)))
        # Narrow screens: the procedure's name gives way (elided; its tooltip and the record
        # have it whole), the Status column keeps its words (issue 15, point 16).
        header.setSectionResizeMode(WorklistColumn.PROCEDURE, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(WorklistColumn.STATUS,
                                    QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(False)
        u.date_edit.setDate(QDate.currentDate())
        for text, status in STATUS_FILTERS:
            u.status_combo.addItem(text, status.value if status else None)
        self.search = PatientSearch(u.search_edit, u.patients_view,
                                    lambda text: services.patients.search(self.actor, text),
                                    self)
        u.search_results_frame.hide()
        u.search_hint_label.setSizePolicy(QSizePolicy.Policy.Preferred,
                                          QSizePolicy.Policy.Maximum)
        u.patients_view.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        # Offered when a search finds nobody (issue 15, point 11).
        self.search_new_patient_button = QPushButton("Add a new patient…", u.search_results_frame)
        self.search_new_patient_button.setObjectName("search_new_patient_button")
        self.search_new_patient_button.setToolTip("Nobody matches: add the patient (Alt+T)")
        self.search_new_patient_button.hide()
        u.search_results_layout.addWidget(self.search_new_patient_button, 0,
                                          Qt.AlignmentFlag.AlignLeft)
        self._load_physicians()
        u.worklist_view.installEventFilter(self)
        u.search_edit.installEventFilter(self)
        self._list_wants_focus = False
        self._connect_signals()
        self.apply_filters()

    def _fit_status_column(self, *_args: object) -> None:
        self.ui.worklist_view.resizeColumnToContents(WorklistColumn.STATUS)

    def _connect_signals(self) -> None:
        u = self.ui
        self.context_menu = ContextMenu(u.worklist_view, lambda: buttons(
            u.open_button, u.new_record_button))
        self.search_context_menu = ContextMenu(u.patients_view, lambda: [Item(
            "&Open patient", self.search.choose_current,
            self.search.model.rowCount() > 0)])
        # Rows arrive from a background fetch: the Status column measures its words again
        # then (the header alone measured only its title, and the status was elided to "...",
        # seen on the real 1024x768 screen; issue 15, point 16).
        for signal in (self.model.modelReset, self.model.rowsInserted, self.model.layoutChanged):
            signal.connect(self._fit_status_column)
        u.date_edit.dateChanged.connect(self.apply_filters)
        u.all_dates_check.toggled.connect(self._on_all_dates_check_toggled)
        u.today_button.clicked.connect(self._on_today_button_clicked)
        u.status_combo.currentIndexChanged.connect(self.apply_filters)
        u.physician_combo.currentIndexChanged.connect(self.apply_filters)
        u.worklist_view.activated.connect(self._on_worklist_view_activated)
        u.open_button.clicked.connect(self._on_open_button_clicked)
        u.new_record_button.clicked.connect(self.new_record_requested)
        u.new_patient_button.clicked.connect(self.new_patient_requested)
        self.search_new_patient_button.clicked.connect(self.new_patient_requested)
        self.search.patient_chosen.connect(self.open_patient_requested)
        self.search.results_changed.connect(self._on_search_results_changed)
        u.search_edit.textChanged.connect(self._on_search_edit_text_changed)
        self.model.loading_changed.connect(self._update_count)
        self.model.page_loaded.connect(self._on_model_page_loaded)
        self.model.load_failed.connect(self.load_failed)
        u.worklist_view.horizontalHeader().sectionResized.connect(self._save_header)

    def _load_physicians(self) -> None:
        combo = self.ui.physician_combo
        combo.blockSignals(True)
        combo.clear()
        combo.addItem("All physicians", None)
        for ref in self.services.auth.users(Role.PHYSICIAN):
            combo.addItem(ref.display, ref.username)
        combo.blockSignals(False)

    def set_actor(self, actor: Actor) -> None:
        self.actor = actor
        self.search.clear()
        self._load_physicians()
        self.apply_filters()

    # --- filters --------------------------------------------------------------------------
    def day(self) -> date | None:
        if self.ui.all_dates_check.isChecked():
            return None
        value = self.ui.date_edit.date().toPython()
        assert isinstance(value, date)
        return value

    def apply_filters(self, *_args: object) -> None:
        if not allowed(self.actor.role, Action.VIEW_RECORDS):
            self.model.set_fetch(None)  # an administrator: no list to load, nothing to say
            self._update_count()
            return
        day = self.day()
        data = self.ui.status_combo.currentData()
        status = RecordStatus(data) if data else None
        physician: str | None = self.ui.physician_combo.currentData()
        self.ui.date_edit.setEnabled(day is not None)
        actor, services = self.actor, self.services

        def fetch(limit: int, offset: int) -> Sequence[WorklistRow]:
            # One day reads in time order; all dates start with the newest.
            return services.records.worklist(actor, day, status=status, physician=physician,
                                             limit=limit, offset=offset,
                                             oldest_first=day is not None)

        self.model.set_fetch(fetch, show_dates=day is None)
        header = self.ui.worklist_view.horizontalHeader()
        header.setSectionResizeMode(WorklistColumn.TIME, QHeaderView.ResizeMode.ResizeToContents
                                    if day is None else QHeaderView.ResizeMode.Interactive)
        self._update_count()

    def reload(self) -> None:
        selected = self.selected_record_id()
        self.model.reload()
        if selected is not None:
            self._pending_select = selected

    def _on_all_dates_check_toggled(self, _checked: bool) -> None:
        self.apply_filters()

    def _on_today_button_clicked(self) -> None:
        self.ui.all_dates_check.setChecked(False)
        self.ui.date_edit.setDate(QDate.currentDate())
        self.apply_filters()

    def _on_model_page_loaded(self, _count: int) -> None:
        view = self.ui.worklist_view
        pending = self._pending_select
        row = self.model.row_of(pending) if pending is not None else None
        if row is not None:
            self._pending_select = None
            view.setCurrentIndex(self.model.index(row, 0))
        elif not view.currentIndex().isValid() and self.model.rowCount():
            view.selectionModel().setCurrentIndex(
                self.model.index(0, 0), QItemSelectionModel.SelectionFlag.ClearAndSelect
                | QItemSelectionModel.SelectionFlag.Rows)
        self._give_list_the_focus_if_waiting()
        self._update_count()

    def _update_count(self, *_args: object) -> None:
        n = self.model.rowCount()
        more = "" if self.model.exhausted else " so far (more load as you scroll)"
        loading = " Loading…" if self.model.loading else ""
        what = "procedure" if n == 1 else "procedures"
        self.ui.count_label.setText(f"{n} {what}{more}.{loading}")

    # --- patient search -------------------------------------------------------------------
    def focus_search(self) -> None:
        self.ui.search_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.ui.search_edit.selectAll()

    def _on_search_edit_text_changed(self, text: str) -> None:
        if not text.strip():
            self.ui.search_results_frame.hide()

    def _on_search_results_changed(self, count: int) -> None:
        query = self.search.last_query
        self.ui.search_results_frame.setVisible(bool(query))
        view = self.ui.patients_view  # as tall as the results (1 to 6 rows), no empty box
        rows = max(1, min(6, count))
        view.setFixedHeight(view.horizontalHeader().sizeHint().height() + 2 * view.frameWidth()
                            + rows * view.verticalHeader().defaultSectionSize())
        view.setVisible(count > 0)
        self.search_new_patient_button.setVisible(bool(query) and count == 0)
        if query:
            self.ui.search_hint_label.setText(
                f"{count} patient{'s' if count != 1 else ''} found. Up/Down to choose, Enter "
                "to open the patient." if count else
                f"No patient found for “{query}”. Check the spelling, or add a new patient.")

    # --- opening --------------------------------------------------------------------------
    def selected_record_id(self) -> int | None:
        index = self.ui.worklist_view.currentIndex()
        return index.data(RECORD_ID_ROLE) if index.isValid() else None

    def _on_worklist_view_activated(self, index: QModelIndex) -> None:
        record_id = index.data(RECORD_ID_ROLE)
        if record_id is not None:
            self.open_record_requested.emit(record_id)

    def _on_open_button_clicked(self) -> None:
        record_id = self.selected_record_id()
        if record_id is not None:
            self.open_record_requested.emit(record_id)

    def eventFilter(self, watched: object, event: object) -> bool:
        # An empty Find patient box: Down goes to the day's list (a search with results
        # sends it to the patients found instead; widgets.patient_search).
        if watched is self.ui.search_edit and isinstance(event, QKeyEvent) and (
                event.type() == QKeyEvent.Type.KeyPress
                and event.key() in (Qt.Key.Key_Down, Qt.Key.Key_PageDown)
                and not self.ui.search_edit.text().strip() and self.model.rowCount()):
            self.ui.worklist_view.setFocus(Qt.FocusReason.TabFocusReason)
            return True
        # Enter opens the selected record (QTableView would only move the current cell).
        if watched is self.ui.worklist_view and isinstance(event, QKeyEvent) and (
                event.type() == QKeyEvent.Type.KeyPress
                and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)):
            self._on_open_button_clicked()
            return True
        return super().eventFilter(watched, event)  # type: ignore[arg-type]

    def _save_header(self, *_args: object) -> None:
        settings.WORKLIST_HEADER.set(self.ui.worklist_view.horizontalHeader().saveState())

    def page_shown(self) -> None:
        if self.model.rowCount():
            self.ui.worklist_view.setFocus(Qt.FocusReason.OtherFocusReason)
        else:
            # The rows come from a background fetch: the list takes the focus when they
            # arrive, unless the nurse has started typing a name meanwhile (seen on the real
            # screen: Down, Enter right after sign-in did nothing).
            self._list_wants_focus = True
            self.focus_search()

    def _give_list_the_focus_if_waiting(self) -> None:
        u = self.ui
        if not self._list_wants_focus or not self.model.rowCount():
            return
        self._list_wants_focus = False
        # The window's focus widget, not hasFocus(): the window may not be active yet.
        if self.window().focusWidget() is u.search_edit and not u.search_edit.text():
            u.worklist_view.setFocus(Qt.FocusReason.OtherFocusReason)
