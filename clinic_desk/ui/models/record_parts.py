"""Models inside the record editor: chosen joints, medication lines, medication totals, and
the list of what still needs doing. They hold values; the domain computes everything."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
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
from PySide6.QtGui import QFont

from ...domain.errors import FieldIssue
from ...domain.joints import Joint, JointSide, Side, normalize_selection
from ...domain.medications import MedicationLine, MedicationTotal
from ..icons import icon
from . import ISSUE_ROLE, ROW_ROLE, column_title

_Index = QModelIndex | QPersistentModelIndex


# --- joints -------------------------------------------------------------------------------
class JointColumn(IntEnum):
    LEVEL = 0
    SIDE = 1


class JointsModel(QAbstractTableModel):
    """The chosen joints, one row per joint, top of the spine first."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: tuple[JointSide, ...] = ()
        self._issues: dict[int, str] = {}

    def set_selection(self, selection: Mapping[Joint, Side] | Sequence[JointSide]) -> None:
        items = ([JointSide(j, s) for j, s in selection.items()]
                 if isinstance(selection, Mapping) else list(selection))
        rows = normalize_selection(items)
        if rows == self._rows:
            return
        self.beginResetModel()
        self._rows = rows
        self._issues = {}
        self.endResetModel()

    def joints(self) -> tuple[JointSide, ...]:
        return self._rows

    def set_issues(self, issues: Mapping[int, str]) -> None:
        self._issues = dict(issues)
        if self._rows:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._rows) - 1, 1))

    def rowCount(self, parent: _Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(JointColumn)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        return column_title(("Level", "Side"), section, orientation, role)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        js = self._rows[index.row()]
        if role == ROW_ROLE:
            return js
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return js.joint.name if index.column() == JointColumn.LEVEL else js.side.label
        issue = self._issues.get(index.row())
        if issue and index.column() == JointColumn.LEVEL:
            if role == Qt.ItemDataRole.DecorationRole:
                return icon("error")
            if role in (Qt.ItemDataRole.ToolTipRole, ISSUE_ROLE):
                return issue
        return None


# --- medication lines ---------------------------------------------------------------------
class MedColumn(IntEnum):
    DRUG = 0
    STRENGTH = 1
    VOLUME = 2
    PER_TARGET = 3

    @property
    def field(self) -> str:
        return ("name", "strength", "volume_ml", "per_target")[self]


_MED_TITLES = ("Drug", "Strength", "Volume (mL)", "Per target")


@dataclass
class _Line:
    name: str
    strength: str
    volume_ml: float | None
    per_target: bool = True


def parse_volume(text: str) -> float | None:
    """Typed volume ("0,5" or "0.5") as a number, None when it is not one."""
    try:
        return float(text.strip().replace(",", "."))
    except ValueError:
        return None


class MedicationsModel(QAbstractTableModel):
    """Medication lines as entered; editable in place (drug, strength, volume, per target)."""

    lines_changed = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._lines: list[_Line] = []
        self._issues: dict[tuple[int, int], str] = {}
        self.read_only = False

    # values
    def set_lines(self, lines: Sequence[MedicationLine]) -> None:
        self.beginResetModel()
        self._lines = [_Line(m.name, m.strength, m.volume_ml, m.per_target) for m in lines]
        self._issues = {}
        self.endResetModel()
        self.lines_changed.emit()

    def lines(self) -> tuple[MedicationLine, ...]:
        """The lines as domain values; a missing volume is 0, which validation reports."""
        return tuple(MedicationLine(x.name.strip(), x.strength.strip(),
                                    x.volume_ml if x.volume_ml is not None else 0.0,
                                    x.per_target) for x in self._lines)

    def add_line(self, line: MedicationLine) -> int:
        row = len(self._lines)
        self.beginInsertRows(QModelIndex(), row, row)
        self._lines.append(_Line(line.name, line.strength, line.volume_ml, line.per_target))
        self.endInsertRows()
        self.lines_changed.emit()
        return row

    def remove_line(self, row: int) -> None:
        if not 0 <= row < len(self._lines):
            return
        self.beginRemoveRows(QModelIndex(), row, row)
        del self._lines[row]
        self.endRemoveRows()
        self._issues = {}
        self.lines_changed.emit()

    def set_issues(self, issues: Mapping[tuple[int, int], str]) -> None:
        self._issues = dict(issues)
        if self._lines:
            self.dataChanged.emit(self.index(0, 0),
                                  self.index(len(self._lines) - 1, len(MedColumn) - 1))

    # Qt model
    def rowCount(self, parent: _Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._lines)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(MedColumn)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        return column_title(_MED_TITLES, section, orientation, role)

    def flags(self, index: _Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if self.read_only:
            return base
        if index.column() == MedColumn.PER_TARGET:
            return base | Qt.ItemFlag.ItemIsUserCheckable
        return base | Qt.ItemFlag.ItemIsEditable

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._lines):
            return None
        line = self._lines[index.row()]
        col = MedColumn(index.column())
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole,
                    Qt.ItemDataRole.AccessibleTextRole):
            if col == MedColumn.DRUG:
                return line.name
            if col == MedColumn.STRENGTH:
                return line.strength
            if col == MedColumn.VOLUME:
                return "" if line.volume_ml is None else f"{line.volume_ml:g}"
            if role == Qt.ItemDataRole.AccessibleTextRole:
                return "per target" if line.per_target else "in total"
            return None
        if role == Qt.ItemDataRole.CheckStateRole and col == MedColumn.PER_TARGET:
            return Qt.CheckState.Checked if line.per_target else Qt.CheckState.Unchecked
        if role == Qt.ItemDataRole.TextAlignmentRole and col == MedColumn.VOLUME:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        issue = self._issues.get((index.row(), index.column()))
        if issue:
            if role == Qt.ItemDataRole.DecorationRole:
                return icon("error")
            if role in (Qt.ItemDataRole.ToolTipRole, ISSUE_ROLE):
                return issue
        elif role == Qt.ItemDataRole.ToolTipRole and col == MedColumn.PER_TARGET:
            return ("Checked: the volume is given at each target (needle site). "
                    "Unchecked: the volume is the total.")
        return None

    def setData(self, index: _Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or not 0 <= index.row() < len(self._lines) or self.read_only:
            return False
        line = self._lines[index.row()]
        col = MedColumn(index.column())
        if role == Qt.ItemDataRole.CheckStateRole and col == MedColumn.PER_TARGET:
            checked = value in (Qt.CheckState.Checked, Qt.CheckState.Checked.value, 2, True)
            line.per_target = bool(checked)
        elif role == Qt.ItemDataRole.EditRole and col == MedColumn.DRUG:
            line.name = str(value).strip()
        elif role == Qt.ItemDataRole.EditRole and col == MedColumn.STRENGTH:
            line.strength = str(value).strip()
        elif role == Qt.ItemDataRole.EditRole and col == MedColumn.VOLUME:
            volume = value if isinstance(value, float) else parse_volume(str(value))
            if volume is None:
                return False
            line.volume_ml = volume
        else:
            return False
        self._issues.pop((index.row(), index.column()), None)
        self.dataChanged.emit(index, index)
        self.lines_changed.emit()
        return True


# --- medication totals --------------------------------------------------------------------
class TotalColumn(IntEnum):
    DRUG = 0
    TOTAL = 1
    MAXIMUM = 2


class TotalsModel(QAbstractTableModel):
    """Totals per drug from domain.medications.totals; an over-maximum total says so."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: tuple[MedicationTotal, ...] = ()

    def set_totals(self, totals: Sequence[MedicationTotal]) -> None:
        rows = tuple(totals)
        if rows == self._rows:
            return
        self.beginResetModel()
        self._rows = rows
        self.endResetModel()

    def totals(self) -> tuple[MedicationTotal, ...]:
        return self._rows

    def rowCount(self, parent: _Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(TotalColumn)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        return column_title(("Drug", "Total", "Maximum for this patient"), section,
                            orientation, role)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        t = self._rows[index.row()]
        col = TotalColumn(index.column())
        if role == ROW_ROLE:
            return t
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            if col == TotalColumn.DRUG:
                return t.name
            if col == TotalColumn.TOTAL:
                mg = f" = {t.total_mg:g} mg" if t.total_mg is not None else ""
                return f"{t.total_ml:g} mL{mg}"
            if t.max_mg is None:
                return "no maximum"
            text = f"{t.max_mg:g} mg ({t.limit_basis})"
            return f"Over the maximum: {text}" if t.over_max else text
        if t.over_max:
            if role == Qt.ItemDataRole.DecorationRole and col == TotalColumn.MAXIMUM:
                return icon("warning")
            if role == Qt.ItemDataRole.ToolTipRole:
                return t.warning
            if role == Qt.ItemDataRole.FontRole and col == TotalColumn.MAXIMUM:
                font = QFont()
                font.setBold(True)
                return font
        return None


# --- what still needs doing ---------------------------------------------------------------
class IssueKind(IntEnum):
    PROBLEM = 0  # a wrong value: the record cannot be saved to the database like this
    MISSING = 1  # needed before the record goes to the physician


@dataclass(frozen=True)
class IssueItem:
    kind: IssueKind
    issue: FieldIssue
    label: str  # the field as the form names it ("Systolic before")


class IssuesModel(QAbstractTableModel):
    """One column: each problem and each missing item; activating one focuses its field."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: tuple[IssueItem, ...] = ()

    def set_items(self, items: Sequence[IssueItem]) -> None:
        rows = tuple(items)
        if rows == self._rows:
            return
        self.beginResetModel()
        self._rows = rows
        self.endResetModel()

    def items(self) -> tuple[IssueItem, ...]:
        return self._rows

    def rowCount(self, parent: _Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else 1

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if (orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole
                and section == 0):
            return "To do"
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        item = self._rows[index.row()]
        if role == ROW_ROLE:
            return item
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            prefix = "Correct" if item.kind is IssueKind.PROBLEM else "Needed"
            return f"{prefix}: {item.label}: {item.issue.message}" if item.label else (
                f"{prefix}: {item.issue.message}")
        if role == Qt.ItemDataRole.DecorationRole:
            return icon("error" if item.kind is IssueKind.PROBLEM else "info")
        if role == Qt.ItemDataRole.ToolTipRole:
            return item.issue.message
        return None
