"""Table models of the checkout screen: the queue (WorklistRow) and the print log
(PrintedHandout). Columns declared once as enums, ids in custom roles, cheap data(), and
`set_rows` updates in place (live.apply_rows) so a refresh never loses the selection."""

from __future__ import annotations

from collections.abc import Sequence
from enum import IntEnum
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt

from ...domain.worklist import WorklistRow
from ...services.printing import PrintedHandout
from ..icons import icon
from ..models import RECORD_ID_ROLE, ROW_ROLE
from .live import apply_rows

PRINT_ID_ROLE = Qt.ItemDataRole.UserRole + 20
_Index = QModelIndex | QPersistentModelIndex


class QueueColumn(IntEnum):
    TIME = 0
    PATIENT = 1
    PROCEDURE = 2
    LEVELS = 3
    PHYSICIAN = 4

    @property
    def title(self) -> str:
        return {QueueColumn.TIME: "Time", QueueColumn.PATIENT: "Patient",
                QueueColumn.PROCEDURE: "Procedure", QueueColumn.LEVELS: "Levels and sides",
                QueueColumn.PHYSICIAN: "Physician"}[self]


class CheckoutQueueModel(QAbstractTableModel):
    """Signed records of the day whose handout has not been printed, oldest first."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[WorklistRow] = []
        self._printed: frozenset[int] = frozenset()  # printed just now, still shown

    def set_rows(self, rows: Sequence[WorklistRow],
                 printed: frozenset[int] = frozenset()) -> bool:
        """`printed`: ids among `rows` whose handout was just printed here; they stay in the
        list, marked, until the desk moves on (issue 15, point 9)."""
        marks_changed = printed != self._printed
        self._printed = printed
        changed = apply_rows(self, self._rows, list(rows), lambda r: r.record_id,
                             len(QueueColumn))
        if marks_changed and self._rows:
            self.dataChanged.emit(self.index(0, 0),
                                  self.index(len(self._rows) - 1, len(QueueColumn) - 1))
        return changed or marks_changed

    def is_printed(self, row: int) -> bool:
        return self._rows[row].record_id in self._printed

    def row_at(self, row: int) -> WorklistRow:
        return self._rows[row]

    def row_of(self, record_id: int) -> int | None:
        return next((n for n, r in enumerate(self._rows) if r.record_id == record_id), None)

    @property
    def rows(self) -> tuple[WorklistRow, ...]:
        return tuple(self._rows)

    def rowCount(self, parent: _Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(QueueColumn)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if (orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole
                and 0 <= section < len(QueueColumn)):
            return QueueColumn(section).title
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        if role == RECORD_ID_ROLE:
            return row.record_id
        if role == ROW_ROLE:
            return row
        col = QueueColumn(index.column())
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            if col is QueueColumn.TIME:
                return row.performed_at.strftime("%H:%M")
            if col is QueueColumn.PATIENT:
                return row.patient_name
            if col is QueueColumn.PROCEDURE:
                return row.procedure
            if col is QueueColumn.LEVELS:
                return row.levels
            return row.physician
        printed = row.record_id in self._printed
        if role == Qt.ItemDataRole.ToolTipRole and col is QueueColumn.PATIENT:
            return (f"{row.patient_name}, MRN {row.mrn}, born {row.date_of_birth.isoformat()}"
                    + ("; handout just printed" if printed else ""))
        if printed and col is QueueColumn.PATIENT and role == Qt.ItemDataRole.DecorationRole:
            return icon("status-printed")
        return None


class LogColumn(IntEnum):
    WHEN = 0
    PATIENT = 1
    VERSION = 2
    LANGUAGE = 3
    WHO = 4
    WHERE = 5
    PRINTER = 6
    REASON = 7
    CODE = 8

    @property
    def title(self) -> str:
        return {LogColumn.WHEN: "Printed", LogColumn.PATIENT: "Patient",
                LogColumn.VERSION: "Version", LogColumn.LANGUAGE: "Language",
                LogColumn.WHO: "By", LogColumn.WHERE: "Workstation",
                LogColumn.PRINTER: "Printer", LogColumn.REASON: "Reason",
                LogColumn.CODE: "Verification code"}[self]


class PrintLogModel(QAbstractTableModel):
    """Every printed or saved handout, newest first."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[PrintedHandout] = []

    def set_rows(self, rows: Sequence[PrintedHandout]) -> bool:
        return apply_rows(self, self._rows, list(rows), lambda r: r.print_id, len(LogColumn))

    def row_at(self, row: int) -> PrintedHandout:
        return self._rows[row]

    def rowCount(self, parent: _Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(LogColumn)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if (orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole
                and 0 <= section < len(LogColumn)):
            return LogColumn(section).title
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        if role == PRINT_ID_ROLE:
            return row.print_id
        if role == RECORD_ID_ROLE:
            return row.record_id
        if role == ROW_ROLE:
            return row
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole,
                        Qt.ItemDataRole.ToolTipRole):
            return None
        col = LogColumn(index.column())
        if col is LogColumn.WHEN:
            return row.printed_at.astimezone().strftime("%Y-%m-%d %H:%M")
        if col is LogColumn.PATIENT:
            return row.patient_name
        if col is LogColumn.VERSION:
            return f"v{row.handout_version}" + (" (large print)" if row.large_print else "")
        if col is LogColumn.LANGUAGE:
            return row.language.label
        if col is LogColumn.WHO:
            return row.full_name or row.username
        if col is LogColumn.WHERE:
            return row.workstation
        if col is LogColumn.PRINTER:
            return row.printer + ("" if row.checked_out or row.is_export else " (not a checkout)")
        if col is LogColumn.REASON:
            return row.reason or ("first print" if row.checked_out else "")
        return row.verification_code
