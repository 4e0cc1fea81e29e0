"""Table models of issue 13's pages: calls due, a pathway's procedures, a report table."""

from __future__ import annotations

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

from ...domain.calls import CallListRow, CallPage, CallPurpose
from ...domain.pathway import PathwayStep
from ...domain.reports import ReportTable
from ..models import PATIENT_ID_ROLE, RECORD_ID_ROLE, ROW_ROLE, column_title
from ..workers import run_in_background

_Index = QModelIndex | QPersistentModelIndex
_TEXT_ROLES = (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole)


class CallColumn(IntEnum):
    WHEN = 0
    PATIENT = 1
    MRN = 2
    PHONE = 3
    PROCEDURE = 4
    LEVELS = 5
    ASK = 6
    STATUS = 7


_CALL_TITLES = ("Procedure date", "Patient", "MRN", "Phone", "Procedure", "Levels",
                "What to ask", "Status")


FetchCalls = Callable[[int], CallPage]  # offset -> the page of the Calls list from there


class CallsModel(QAbstractTableModel):
    """The Calls page's rows, oldest procedure first: the whole list (`set_rows`) or its
    first page (`set_page`), the next pages loaded as the view scrolls (canFetchMore), on the
    thread pool with `background=True`."""

    page_loaded = Signal()
    load_failed = Signal(object)  # the exception

    def __init__(self, parent: QObject | None = None, *, background: bool = False) -> None:
        super().__init__(parent)
        self._rows: list[CallListRow] = []
        self._fetch: FetchCalls | None = None
        self._background = background
        self._loading = False
        self._generation = 0
        self.total = self.follow_ups = self.flagged = 0

    def set_rows(self, rows: Sequence[CallListRow]) -> None:
        self.set_page(CallPage(tuple(rows), len(rows),
                               sum(1 for r in rows if r.purpose is CallPurpose.FOLLOW_UP),
                               sum(1 for r in rows if r.flagged)), None)

    def set_page(self, page: CallPage, fetch: FetchCalls | None) -> None:
        """The first page, and how to read the next ones (None: the list is whole)."""
        self.beginResetModel()
        self._generation += 1
        self._rows = list(page.rows)
        self._fetch, self._loading = fetch, False
        self.total, self.follow_ups, self.flagged = page.total, page.follow_ups, page.flagged
        self.endResetModel()

    def row_at(self, row: int) -> CallListRow:
        return self._rows[row]

    @property
    def exhausted(self) -> bool:
        return self._fetch is None or len(self._rows) >= self.total

    def canFetchMore(self, parent: _Index = QModelIndex()) -> bool:
        return not parent.isValid() and not self.exhausted and not self._loading

    def fetchMore(self, parent: _Index = QModelIndex()) -> None:
        if not self.canFetchMore(parent) or self._fetch is None:
            return
        fetch, generation = self._fetch, self._generation
        self._loading = True
        if self._background:
            run_in_background(fetch, len(self._rows), name="calls page",
                              on_done=lambda page: self._arrived(generation, page),
                              on_error=lambda exc: self._failed(generation, exc))
            return
        try:
            page = fetch(len(self._rows))
        except Exception as exc:  # noqa: BLE001 - reported to the page, which says what to do
            self._failed(generation, exc)
            return
        self._arrived(generation, page)

    def _arrived(self, generation: int, page: CallPage) -> None:
        if generation != self._generation:
            return  # another day was chosen while this page was on its way
        if page.rows:
            first = len(self._rows)
            self.beginInsertRows(QModelIndex(), first, first + len(page.rows) - 1)
            self._rows.extend(page.rows)
            self.endInsertRows()
        self.total = page.total if page.rows else len(self._rows)
        self.follow_ups, self.flagged = page.follow_ups, page.flagged
        self._loading = False  # only now: a view asking for more must not nest an insert
        self.page_loaded.emit()

    def _failed(self, generation: int, exc: BaseException) -> None:
        if generation != self._generation:
            return
        self._fetch, self._loading = None, False
        self.load_failed.emit(exc)

    def rowCount(self, parent: _Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(CallColumn)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        return column_title(_CALL_TITLES, section, orientation, role)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        r = self._rows[index.row()]
        if role == RECORD_ID_ROLE:
            return r.record_id
        if role == PATIENT_ID_ROLE:
            return r.patient_id
        if role == ROW_ROLE:
            return r
        col = CallColumn(index.column())
        if role in _TEXT_ROLES or role == Qt.ItemDataRole.ToolTipRole:
            return self._text(r, col)
        if role == Qt.ItemDataRole.FontRole and col is CallColumn.STATUS and r.flagged:
            from PySide6.QtGui import QFont

            font = QFont()
            font.setBold(True)
            return font
        return None

    @staticmethod
    def _text(r: CallListRow, col: CallColumn) -> str:
        if col is CallColumn.WHEN:
            return r.performed_at.strftime("%a %Y-%m-%d %H:%M")
        if col is CallColumn.PATIENT:
            return r.patient_name
        if col is CallColumn.MRN:
            return r.mrn
        if col is CallColumn.PHONE:
            return r.phone or "(no phone recorded)"
        if col is CallColumn.PROCEDURE:
            extra = f" — {r.months}-month follow-up" if r.purpose is CallPurpose.FOLLOW_UP else ""
            return r.procedure + extra
        if col is CallColumn.LEVELS:
            return r.levels
        if col is CallColumn.ASK:
            return r.ask
        # The flag is words, not colour alone (STYLE.md 3).
        return ("⚑ " if r.flagged else "") + r.status


class StepColumn(IntEnum):
    DATE = 0
    PROCEDURE = 1
    LEVELS = 2
    BASELINE = 3
    RESULT = 4
    PEAK = 5
    HOURS_80 = 6
    NOTE = 7


_STEP_TITLES = ("Date", "Procedure", "Levels and sides", "Pain before", "Result",
                "Peak relief", "Hours ≥80%", "How it was judged")


class StepsModel(QAbstractTableModel):
    """A pathway's procedures in order, with each diagnostic block's result."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[PathwayStep] = []

    def set_rows(self, rows: Sequence[PathwayStep]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def row_at(self, row: int) -> PathwayStep:
        return self._rows[row]

    def rowCount(self, parent: _Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(StepColumn)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        return column_title(_STEP_TITLES, section, orientation, role)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        s = self._rows[index.row()]
        if role == RECORD_ID_ROLE:
            return s.record.id
        if role == ROW_ROLE:
            return s
        if role not in (*_TEXT_ROLES, Qt.ItemDataRole.ToolTipRole):
            return None
        col = StepColumn(index.column())
        r, resp = s.record, s.response
        if col is StepColumn.DATE:
            return r.performed_at.strftime("%Y-%m-%d")
        if col is StepColumn.PROCEDURE:
            return r.title
        if col is StepColumn.LEVELS:
            return r.levels_text
        if col is StepColumn.BASELINE:
            return "" if r.pain_before is None else f"{r.pain_before}/10"
        if col is StepColumn.RESULT:
            if s.result is None:
                done = ", ".join(f"{f.months} mo: {f.relief_percent}%" for f in s.follow_ups
                                 if f.relief_percent is not None)
                return f"Follow-ups {done}" if done else "—"
            return s.result.label + (" (recalled)" if resp and resp.recalled else "")
        if col is StepColumn.PEAK:
            peak = resp.peak_relief_percent if resp else None
            return "" if peak is None else f"{peak:g}%"
        if col is StepColumn.HOURS_80:
            hours = resp.hours_80 if resp else None
            return "" if hours is None else f"{hours:g} h"
        return " ".join(resp.reasons) if resp else ""


class ReportModel(QAbstractTableModel):
    """One report table as the database gave it."""

    def __init__(self, table: ReportTable | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._table = table

    def set_table(self, table: ReportTable | None) -> None:
        self.beginResetModel()
        self._table = table
        self.endResetModel()

    def rowCount(self, parent: _Index = QModelIndex()) -> int:
        return 0 if parent.isValid() or self._table is None else len(self._table.rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:
        return 0 if parent.isValid() or self._table is None else len(self._table.columns)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        columns = self._table.columns if self._table is not None else ()
        return column_title(columns, section, orientation, role)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        t = self._table
        if t is None or not index.isValid() or not 0 <= index.row() < len(t.rows):
            return None
        value = t.rows[index.row()][index.column()]
        if role in _TEXT_ROLES:
            if value is None:
                return "—"
            return f"{value:g}" if isinstance(value, float) else str(value)
        if role == Qt.ItemDataRole.TextAlignmentRole and isinstance(value, (int, float)):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None


__all__ = ["CallColumn", "CallsModel", "ReportModel", "StepColumn", "StepsModel"]
