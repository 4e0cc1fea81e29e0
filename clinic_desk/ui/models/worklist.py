"""The worklist: procedure records in pages, loaded as the view scrolls (canFetchMore).

`WorklistModel(fetch_page)` takes a plain function `(limit, offset) -> list[WorklistRow]`
(the worklist page wraps `services.records.worklist` with its filters), so the model itself
never knows about the database. With `background=True` each page is fetched on the thread
pool (ui/workers.py) and inserted when it arrives, so a slow database never freezes the
window; `loading_changed` drives the progress indicator.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from enum import IntEnum
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)

from ...domain.record import RecordStatus
from ...domain.worklist import WorklistRow
from ..workers import run_in_background
from . import RECORD_ID_ROLE, ROW_ROLE, status_icon

log = logging.getLogger(__name__)

FetchPage = Callable[[int, int], Sequence[WorklistRow]]
_Index = QModelIndex | QPersistentModelIndex


class WorklistColumn(IntEnum):
    TIME = 0
    PATIENT = 1
    MRN = 2
    PROCEDURE = 3
    LEVELS = 4
    PHYSICIAN = 5
    STATUS = 6

    @property
    def title(self) -> str:
        return _TITLES[self]


_TITLES = {
    WorklistColumn.TIME: "Time",
    WorklistColumn.PATIENT: "Patient",
    WorklistColumn.MRN: "MRN",
    WorklistColumn.PROCEDURE: "Procedure",
    WorklistColumn.LEVELS: "Levels and sides",
    WorklistColumn.PHYSICIAN: "Physician",
    WorklistColumn.STATUS: "Status",
}


class WorklistModel(QAbstractTableModel):
    loading_changed = Signal(bool)
    page_loaded = Signal(int)  # rows in the page that just arrived
    load_failed = Signal(object)  # the exception

    def __init__(self, fetch_page: FetchPage | None = None, page_size: int = 200, *,
                 background: bool = False, show_dates: bool = False,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._fetch_page = fetch_page
        self._page_size = max(1, page_size)
        self._background = background
        self._rows: list[WorklistRow] = []
        self._exhausted = fetch_page is None
        self._loading = False
        self._generation = 0
        self.show_dates = show_dates

    # --- loading --------------------------------------------------------------------------
    def set_fetch(self, fetch_page: FetchPage | None, show_dates: bool = False) -> None:
        """New filters: forget the rows and start again from the first page."""
        self.beginResetModel()
        self._generation += 1
        self._fetch_page = fetch_page
        self._rows = []
        # Nothing to fetch while views react to the reset; the first page follows it.
        self._exhausted = True
        self.show_dates = show_dates
        self._set_loading(False)
        self.endResetModel()
        self._exhausted = fetch_page is None
        if fetch_page is not None:
            self.fetchMore(QModelIndex())

    def reload(self) -> None:
        self.set_fetch(self._fetch_page, self.show_dates)

    def refresh_in_place(self) -> None:
        """Fetch the rows loaded so far again and change only what differs (issue 7: another
        workstation saved, signed or printed), so the view keeps selection and scroll."""
        if self._fetch_page is None or self._loading:
            return
        fetch, generation = self._fetch_page, self._generation
        count = max(len(self._rows), self._page_size)
        if self._background:
            run_in_background(fetch, count, 0, name="worklist refresh",
                              on_done=lambda rows: self._refreshed(generation, count, rows),
                              on_error=lambda exc: self._failed(generation, exc))
            return
        try:
            rows = fetch(count, 0)
        except Exception as exc:  # noqa: BLE001 - reported to the page, like a page load
            self._failed(generation, exc)
            return
        self._refreshed(generation, count, rows)

    def _refreshed(self, generation: int, count: int, rows: Sequence[WorklistRow]) -> None:
        from ..checkout.live import apply_rows

        if generation != self._generation or self._loading:
            return  # filters changed, or a page is arriving: the next change refreshes
        changed = apply_rows(self, self._rows, list(rows), lambda r: r.record_id,
                             len(WorklistColumn))
        self._exhausted = len(rows) < count
        if changed:
            self.page_loaded.emit(0)

    @property
    def loading(self) -> bool:
        return self._loading

    @property
    def exhausted(self) -> bool:
        return self._exhausted

    def _set_loading(self, value: bool) -> None:
        if value != self._loading:
            self._loading = value
            self.loading_changed.emit(value)

    def canFetchMore(self, parent: _Index = QModelIndex()) -> bool:
        return not parent.isValid() and not self._exhausted and not self._loading

    def fetchMore(self, parent: _Index = QModelIndex()) -> None:
        if not self.canFetchMore(parent) or self._fetch_page is None:
            return
        fetch, offset, generation = self._fetch_page, len(self._rows), self._generation
        self._set_loading(True)
        if self._background:
            run_in_background(fetch, self._page_size, offset, name="worklist page",
                              on_done=lambda rows: self._arrived(generation, rows),
                              on_error=lambda exc: self._failed(generation, exc))
            return
        try:
            rows = fetch(self._page_size, offset)
        except Exception as exc:  # noqa: BLE001 - reported to the page, which says what to do
            self._failed(generation, exc)
            return
        self._arrived(generation, rows)

    def _arrived(self, generation: int, rows: Sequence[WorklistRow]) -> None:
        if generation != self._generation:
            return  # filters changed while this page was on its way
        if len(rows) < self._page_size:
            self._exhausted = True
        if rows:
            first = len(self._rows)
            self.beginInsertRows(QModelIndex(), first, first + len(rows) - 1)
            self._rows.extend(rows)
            self.endInsertRows()
        # Only now: a view that asks for more while the rows go in must not nest an insert.
        self._set_loading(False)
        log.debug("worklist page of %d rows", len(rows))
        self.page_loaded.emit(len(rows))

    def _failed(self, generation: int, exc: BaseException) -> None:
        if generation != self._generation:
            return
        self._exhausted = True
        self._set_loading(False)
        self.load_failed.emit(exc)

    # --- lookups --------------------------------------------------------------------------
    def row_at(self, row: int) -> WorklistRow:
        return self._rows[row]

    def row_of(self, record_id: int) -> int | None:
        for n, r in enumerate(self._rows):
            if r.record_id == record_id:
                return n
        return None

    # --- Qt model -------------------------------------------------------------------------
    def rowCount(self, parent: _Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(WorklistColumn)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            if 0 <= section < len(WorklistColumn):
                return WorklistColumn(section).title
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        col = WorklistColumn(index.column())
        if role == RECORD_ID_ROLE:
            return row.record_id
        if role == ROW_ROLE:
            return row
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return self._text(row, col)
        if role == Qt.ItemDataRole.ToolTipRole:
            if col == WorklistColumn.PATIENT:
                return f"{row.patient_name}, born {row.date_of_birth.isoformat()}"
            if col == WorklistColumn.STATUS:
                return row.status_label
            if col in (WorklistColumn.PROCEDURE, WorklistColumn.LEVELS):
                return self._text(row, col)  # whole, where a narrow column elides it
            return None
        if role == Qt.ItemDataRole.DecorationRole and col == WorklistColumn.STATUS:
            return status_icon(row.status, row.handout_printed)
        return None

    def _text(self, row: WorklistRow, col: WorklistColumn) -> str:
        if col == WorklistColumn.TIME:
            fmt = "%Y-%m-%d %H:%M" if self.show_dates else "%H:%M"
            return row.performed_at.strftime(fmt)
        if col == WorklistColumn.PATIENT:
            return row.patient_name
        if col == WorklistColumn.MRN:
            return row.mrn
        if col == WorklistColumn.PROCEDURE:
            return row.procedure
        if col == WorklistColumn.LEVELS:
            return row.levels
        if col == WorklistColumn.PHYSICIAN:
            return row.physician
        return row.status_label


STATUS_FILTERS: tuple[tuple[str, RecordStatus | None], ...] = (
    ("All statuses", None),
    (RecordStatus.DRAFT.label, RecordStatus.DRAFT),
    (RecordStatus.READY.label, RecordStatus.READY),
    (RecordStatus.SIGNED.label, RecordStatus.SIGNED),
)
