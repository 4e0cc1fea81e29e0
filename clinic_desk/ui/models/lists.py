"""Small table models for dialogs: the differences in a save conflict, and unsaved drafts."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import IntEnum
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt

from ...domain.procedures import ProcedureKind
from ...services.drafts import Draft
from . import ROW_ROLE

_Index = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True)
class Difference:
    field: str  # as people say it: "Fluoroscopy time (s)"
    mine: str
    theirs: str


class DiffColumn(IntEnum):
    FIELD = 0
    MINE = 1
    THEIRS = 2


class DifferencesModel(QAbstractTableModel):
    def __init__(self, rows: Sequence[Difference] = (), parent: QObject | None = None,
                 titles: tuple[str, str, str] = ("Field", "Your version", "Their version")
                 ) -> None:
        super().__init__(parent)
        self._rows = list(rows)
        self._titles = titles

    def set_rows(self, rows: Sequence[Difference]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def rowCount(self, parent: _Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(DiffColumn)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if (orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole
                and 0 <= section < len(DiffColumn)):
            return self._titles[section]
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        d = self._rows[index.row()]
        if role == ROW_ROLE:
            return d
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole,
                    Qt.ItemDataRole.ToolTipRole):
            return (d.field, d.mine, d.theirs)[index.column()]
        return None


class DraftColumn(IntEnum):
    PATIENT = 0
    PROCEDURE = 1
    RECORD = 2
    SAVED = 3


class DraftsModel(QAbstractTableModel):
    def __init__(self, drafts: Sequence[Draft] = (), parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows = list(drafts)

    def set_drafts(self, drafts: Sequence[Draft]) -> None:
        self.beginResetModel()
        self._rows = list(drafts)
        self.endResetModel()

    def draft_at(self, row: int) -> Draft:
        return self._rows[row]

    def remove(self, row: int) -> None:
        self.beginRemoveRows(QModelIndex(), row, row)
        del self._rows[row]
        self.endRemoveRows()

    def rowCount(self, parent: _Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(DraftColumn)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if (orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole
                and 0 <= section < len(DraftColumn)):
            return ("Patient", "Procedure", "Record", "Kept at")[section]
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        d = self._rows[index.row()]
        if role == ROW_ROLE:
            return d
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return None
        col = DraftColumn(index.column())
        if col == DraftColumn.PATIENT:
            p = d.content.get("patient") or {}
            return f"{p.get('family_name', '')}, {p.get('given_name', '')} ({p.get('mrn', '')})"
        if col == DraftColumn.PROCEDURE:
            try:
                return ProcedureKind(d.content.get("kind")).label
            except ValueError:
                return ""
        if col == DraftColumn.RECORD:
            return "new record" if d.record_id is None else f"record {d.record_id}"
        return d.saved_at.strftime("%Y-%m-%d %H:%M")
