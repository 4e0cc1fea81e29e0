"""Patient search results and a patient's previous procedures, as table models."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from enum import IntEnum
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt

from ...domain.worklist import HistoryRow, PatientRow
from . import PATIENT_ID_ROLE, RECORD_ID_ROLE, ROW_ROLE, status_icon

_Index = QModelIndex | QPersistentModelIndex


def age_on(born: date, day: date) -> int:
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


class PatientColumn(IntEnum):
    NAME = 0
    MRN = 1
    BORN = 2

    @property
    def title(self) -> str:
        return ("Patient", "MRN", "Date of birth")[self]


class PatientSearchModel(QAbstractTableModel):
    """The rows of the last search; `set_rows` replaces them."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[PatientRow] = []

    def set_rows(self, rows: Sequence[PatientRow]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def row_at(self, row: int) -> PatientRow:
        return self._rows[row]

    def rowCount(self, parent: _Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(PatientColumn)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            if 0 <= section < len(PatientColumn):
                return PatientColumn(section).title
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        p = self._rows[index.row()]
        if role == PATIENT_ID_ROLE:
            return p.patient_id
        if role == ROW_ROLE:
            return p
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            col = PatientColumn(index.column())
            if col == PatientColumn.NAME:
                return p.display_name
            if col == PatientColumn.MRN:
                return p.mrn
            return f"{p.date_of_birth.isoformat()} (age {age_on(p.date_of_birth, date.today())})"
        return None


class HistoryColumn(IntEnum):
    DATE = 0
    PROCEDURE = 1
    LEVELS = 2
    RELIEF = 3
    STATUS = 4

    @property
    def title(self) -> str:
        return ("Date", "Procedure", "Levels and sides", "Relief", "Status")[self]


class HistoryModel(QAbstractTableModel):
    """A patient's procedures, newest first, so a nurse sees block 1, block 2, RFA at once."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[HistoryRow] = []

    def set_rows(self, rows: Sequence[HistoryRow]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def rowCount(self, parent: _Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(HistoryColumn)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            if 0 <= section < len(HistoryColumn):
                return HistoryColumn(section).title
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        h = self._rows[index.row()]
        col = HistoryColumn(index.column())
        if role == RECORD_ID_ROLE:
            return h.record_id
        if role == ROW_ROLE:
            return h
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            if col == HistoryColumn.DATE:
                return h.performed_at.strftime("%Y-%m-%d")
            if col == HistoryColumn.PROCEDURE:
                return h.procedure
            if col == HistoryColumn.LEVELS:
                return h.levels
            if col == HistoryColumn.RELIEF:
                return "not recorded" if h.percent_relief is None else f"{h.percent_relief:g} %"
            return h.status.label
        if role == Qt.ItemDataRole.DecorationRole and col == HistoryColumn.STATUS:
            return status_icon(h.status)
        if role == Qt.ItemDataRole.TextAlignmentRole and col == HistoryColumn.RELIEF:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None
