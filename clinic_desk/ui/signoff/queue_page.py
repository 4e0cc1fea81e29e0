"""The physician's sign-off page: records waiting for signature (oldest first) or recently
signed ones, a read-only review with warnings and the handout preview, Sign and Addendum."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from enum import Enum

from PySide6.QtCore import QItemSelection, QItemSelectionModel, QModelIndex, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ...domain.errors import ClinicDeskError, DatabaseUnavailableError
from ...domain.permissions import Action, allowed
from ...domain.record import ProcedureRecord, RecordStatus
from ...domain.worklist import WorklistRow
from ...services import Actor, Services
from .. import messages
from ..models import RECORD_ID_ROLE
from ..models.worklist import WorklistColumn, WorklistModel
from ..settings import SIGNOFF_SPLITTER
from ..widgets.context_menu import ContextMenu, Item, buttons
from ..workers import run_in_background
from .addendum_dialog import AddendumDialog
from .review import RecordReview
from .sign_dialog import SignDialog

log = logging.getLogger(__name__)

RECENT_DAYS = 30


class QueueView(Enum):
    MINE = "Waiting for my signature"
    ALL = "All waiting for signature"
    SIGNED = f"My signed records, last {RECENT_DAYS} days"


class SignOffPage(QWidget):
    """Emits `record_signed(id)` and `addendum_added(id)` so other lists can refresh."""

    record_signed = Signal(int)
    addendum_added = Signal(int)
    handout_ready = Signal(int)  # the preview of this record id is showing

    def __init__(self, services: Services, actor: Actor, parent: QWidget | None = None, *,
                 preview: bool = True) -> None:
        super().__init__(parent)
        self.setObjectName("signoff_page")
        self.services, self.actor, self.preview = services, actor, preview
        self.current: ProcedureRecord | None = None
        self._preview_for: int | None = None

        self.view_combo = QComboBox(self)
        self.view_combo.setObjectName("queue_view_combo")
        self.view_combo.setAccessibleName("Which records")
        for view in QueueView:
            self.view_combo.addItem(view.value, view)
        view_label = QLabel("Sho&w", self)
        view_label.setBuddy(self.view_combo)
        self.count_label = QLabel(self)
        self.count_label.setObjectName("queue_count_label")
        self.refresh_button = QPushButton("R&efresh", self)
        self.refresh_button.setToolTip("Reload the list")

        self.model = WorklistModel(None, page_size=500, show_dates=True, parent=self)
        self.table = QTableView(self)
        self.table.setObjectName("queue_table")
        self.table.setAccessibleName("Records")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        # Narrow screens (1024 px): the procedure's long name gives way (elided, full text in
        # its tooltip and in the review) so Levels and Physician stay in view.
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(WorklistColumn.PROCEDURE, QHeaderView.ResizeMode.Stretch)
        header.setStretchLastSection(False)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.table.setWordWrap(False)
        # Every row of a view has the same status (the view's name says which).
        self.table.setColumnHidden(WorklistColumn.STATUS, True)

        self.review = RecordReview(self)
        self.sign_button = QPushButton("&Sign...", self)
        self.sign_button.setObjectName("sign_button")
        self.sign_button.setToolTip("Sign the open record (Ctrl+Shift+Enter)")
        self.addendum_button = QPushButton("Add a&ddendum...", self)
        self.addendum_button.setObjectName("addendum_button")
        self.addendum_button.setToolTip("Add a signed correction (Ctrl+Shift+D)")
        self.banner = QLabel(self)
        self.banner.setObjectName("signoff_banner")
        self.banner.setWordWrap(True)
        self.banner.setTextFormat(Qt.TextFormat.PlainText)
        self.banner.setAccessibleName("Result")

        left = QWidget(self)
        top = QHBoxLayout()
        top.addWidget(view_label)
        top.addWidget(self.view_combo, 1)
        top.addWidget(self.refresh_button)
        lv = QVBoxLayout(left)
        lv.setContentsMargins(0, 0, 0, 0)
        lv.addLayout(top)
        lv.addWidget(self.table, 1)
        lv.addWidget(self.count_label)
        right = QWidget(self)
        buttons = QHBoxLayout()
        buttons.addWidget(self.banner, 1)
        buttons.addWidget(self.addendum_button)
        buttons.addWidget(self.sign_button)
        rv = QVBoxLayout(right)
        rv.setContentsMargins(0, 0, 0, 0)
        rv.addWidget(self.review, 1)
        rv.addLayout(buttons)
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.addWidget(left)
        self.splitter.addWidget(right)
        self.splitter.setStretchFactor(0, 2)
        self.splitter.setStretchFactor(1, 3)
        if not self.splitter.restoreState(SIGNOFF_SPLITTER.get()):
            self.splitter.setSizes([700, 560])  # the list wide enough to show the physician
        self.splitter.splitterMoved.connect(
            lambda _p, _i: SIGNOFF_SPLITTER.set(self.splitter.saveState()))
        layout = QVBoxLayout(self)
        layout.addWidget(self.splitter)

        self.sign_action = QAction("Sign record", self)
        # Not Ctrl+Return: the record editor's "Ready for signature" has it.
        self.sign_action.setShortcuts([QKeySequence("Ctrl+Shift+Return"),
                                       QKeySequence("Ctrl+Shift+Enter")])
        self.addendum_action = QAction("Add addendum", self)
        self.addendum_action.setShortcut(QKeySequence("Ctrl+Shift+D"))
        for action in (self.sign_action, self.addendum_action):
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            self.addAction(action)
        self._can_sign = allowed(actor.role, Action.SIGN)
        # The GUI hides what the role cannot do; the services refuse it anyway.
        self.sign_button.setVisible(self._can_sign)
        self.addendum_button.setVisible(self._can_sign)
        if not self._can_sign:
            self.view_combo.setCurrentIndex(list(QueueView).index(QueueView.ALL))
        self._connect_signals()
        self._update_buttons()
        self.reload()

    def _connect_signals(self) -> None:
        self.context_menu = ContextMenu(self.table, lambda: [
            Item("&Open", lambda: self._on_table_activated(self.table.currentIndex()),
                 self.table.currentIndex().isValid()),
            *buttons(self.addendum_button, self.sign_button)])
        self.view_combo.currentIndexChanged.connect(self._on_view_combo_changed)
        self.refresh_button.clicked.connect(self.reload)
        self.table.selectionModel().selectionChanged.connect(self._on_table_selection_changed)
        self.table.activated.connect(self._on_table_activated)
        self.sign_button.clicked.connect(self.sign_current)
        self.sign_action.triggered.connect(self.sign_current)
        self.addendum_button.clicked.connect(self.add_addendum)
        self.addendum_action.triggered.connect(self.add_addendum)
        self.model.load_failed.connect(self._on_model_load_failed)
        self.model.page_loaded.connect(self._on_model_page_loaded)

    # --- the list ---------------------------------------------------------------------------
    @property
    def queue_view(self) -> QueueView:
        view = self.view_combo.currentData()
        return view if isinstance(view, QueueView) else QueueView.MINE

    def _fetch(self, limit: int, offset: int) -> Sequence[WorklistRow]:
        view, records = self.queue_view, self.services.records
        if view is QueueView.SIGNED:
            return records.recently_signed(self.actor, self.actor.username, RECENT_DAYS,
                                           limit, offset)
        if view is QueueView.MINE:
            return records.worklist(self.actor, status=RecordStatus.READY,
                                    physician=self.actor.username, limit=limit, offset=offset,
                                    reopened=True)  # issue 15: reopened ones, with the reason
        return records.ready_queue(self.actor)[offset:offset + limit]  # oldest first

    def reload(self) -> None:
        if not allowed(self.actor.role, Action.VIEW_RECORDS):
            self.model.set_fetch(None, show_dates=True)
            return
        keep = self.current.id if self.current is not None else None
        self.model.set_fetch(self._fetch, show_dates=True)
        if keep is not None:
            row = self.model.row_of(keep)
            if row is not None:
                self.table.selectRow(row)

    def _on_view_combo_changed(self, _index: int) -> None:
        self.reload()

    def _on_model_page_loaded(self, _count: int) -> None:
        n = self.model.rowCount()
        self.count_label.setText(f"{n} record{'s' if n != 1 else ''}")
        if self.current is None:
            self.review.manifestation_label.setText(
                "Nothing is waiting here for a signature." if n == 0 else
                "Press Enter or click a record to review it.")
        if n and not self.table.currentIndex().isValid():
            # The oldest waiting record is where Enter starts; it opens (and is audited as
            # viewed) only when the physician presses Enter or clicks it.
            self.table.selectionModel().setCurrentIndex(
                self.model.index(0, 0), QItemSelectionModel.SelectionFlag.NoUpdate)

    def _on_model_load_failed(self, exc: BaseException) -> None:
        if isinstance(exc, DatabaseUnavailableError):
            self.count_label.setText("The database cannot be reached; press Refresh to try again.")
        elif isinstance(exc, ClinicDeskError):
            self.count_label.setText(str(exc))
        else:
            raise exc

    def _on_table_selection_changed(self, selected: QItemSelection,
                                    _deselected: QItemSelection) -> None:
        """Arrow keys and single clicks only move the selection: opening a record is audited,
        so it happens on a deliberate Enter or double click (issue 15, point 8)."""
        if self.current is None:
            return
        indexes = selected.indexes()
        if indexes and indexes[0].data(RECORD_ID_ROLE) != self.current.id:
            self.banner.setText("Press Enter to open the selected record.")
        else:
            self.banner.clear()

    def _on_table_activated(self, index: QModelIndex) -> None:
        """Enter or a double click on a row opens it (once). Signing is never Enter: it is
        the Sign button or Ctrl+Shift+Enter, after the record has been reviewed."""
        record_id = index.data(RECORD_ID_ROLE)
        if record_id is None:
            return
        if self.current is None or self.current.id != record_id:
            self.open_record(int(record_id))
            self.table.selectRow(index.row())  # show which row is open

    def selected_record_id(self) -> int | None:
        index = self.table.currentIndex()
        if not index.isValid():
            return None
        record_id = index.siblingAtColumn(0).data(RECORD_ID_ROLE)
        return int(record_id) if record_id is not None else None

    # --- one record -------------------------------------------------------------------------
    def open_record(self, record_id: int) -> None:
        """Show a record (from this list or from anywhere else in the app); audited."""
        try:
            record, summary = self.services.records.open(self.actor, record_id)
        except ClinicDeskError as e:
            messages.error(self, "Cannot open the record", str(e))
            return
        self.current = record
        self.banner.clear()
        self.review.show_record(record, summary)
        self._update_buttons()
        self._start_preview(record_id)

    def _start_preview(self, record_id: int) -> None:
        if not self.preview:
            self.review.show_handout_message("Handout preview is off.")
            return
        printing = getattr(self.services, "printing", None)
        if printing is None:
            self.review.show_handout_message("The handout preview is not available.")
            return
        self._preview_for = record_id
        self.review.show_handout_message("Making the handout preview...")
        run_in_background(printing.prepare, self.actor, record_id, name="handout preview",
                          on_done=lambda r: self._on_preview_done(record_id, r),
                          on_error=lambda e: self._on_preview_failed(record_id, e))

    def _on_preview_done(self, record_id: int, rendered: object) -> None:
        if record_id != self._preview_for or self.current is None:
            return  # another record was chosen meanwhile, or the screen was cleared
        self.review.show_handout(bytes(rendered.pdf))  # type: ignore[attr-defined]
        self.handout_ready.emit(record_id)

    def _on_preview_failed(self, record_id: int, exc: BaseException) -> None:
        if record_id != self._preview_for:
            return
        log.info("handout preview failed: %s", type(exc).__name__)
        if isinstance(exc, ClinicDeskError):
            self.review.show_handout_message(f"No handout preview: {exc}")
        else:
            self.review.show_handout_message("No handout preview: the handout could not be "
                                             "made. Tell your administrator.")

    def _update_buttons(self) -> None:
        status = self.current.status if self.current is not None else None
        self.sign_button.setEnabled(self._can_sign and status is RecordStatus.READY)
        self.addendum_button.setEnabled(self._can_sign and status is RecordStatus.SIGNED)
        self.sign_action.setEnabled(self.sign_button.isEnabled())
        self.addendum_action.setEnabled(self.addendum_button.isEnabled())

    def sign_current(self) -> None:
        if self.current is None or not self.sign_button.isEnabled():
            return
        signed = SignDialog.ask(self.services, self.actor, self.current, self)
        if signed is None or signed.signature is None:
            return
        assert signed.id is not None
        self.open_record(signed.id)
        self.banner.setText(f"Signed. {self.review.manifestation_label.text()}")
        self.record_signed.emit(signed.id)
        self.reload()

    def add_addendum(self) -> None:
        if self.current is None or not self.addendum_button.isEnabled():
            return
        amended = AddendumDialog.ask(self.services, self.actor, self.current, self)
        if amended is None:
            return
        assert amended.id is not None
        self.open_record(amended.id)
        self.banner.setText(f"Addendum {len(amended.addenda)} added and signed.")
        self.addendum_added.emit(amended.id)

    # --- page hooks -------------------------------------------------------------------------
    def page_shown(self) -> None:
        self.reload()
        self.table.setFocus(Qt.FocusReason.OtherFocusReason)

    def set_actor(self, actor: Actor) -> None:
        """Another user took over the workstation: forget what was shown."""
        self.actor = actor
        self._can_sign = allowed(actor.role, Action.SIGN)
        self.sign_button.setVisible(self._can_sign)
        self.addendum_button.setVisible(self._can_sign)
        self.clear()
        self.reload()

    def clear(self) -> None:
        self.current = None
        self._preview_for = None
        self.banner.clear()
        self.review.clear()
        self.table.clearSelection()
        self._update_buttons()
