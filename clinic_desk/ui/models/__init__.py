"""Table models over domain rows: columns declared once as an enum, ids in custom roles."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QIcon

from ...domain.record import RecordStatus
from ..icons import icon

RECORD_ID_ROLE = Qt.ItemDataRole.UserRole + 1
ROW_ROLE = Qt.ItemDataRole.UserRole + 2
PATIENT_ID_ROLE = Qt.ItemDataRole.UserRole + 3
ISSUE_ROLE = Qt.ItemDataRole.UserRole + 4  # the validation message of a cell, if any


def column_title(titles: Sequence[str], section: int, orientation: Qt.Orientation,
                 role: int) -> Any:
    """headerData of a table whose columns are `titles`: the title across the top, nothing
    else."""
    if (orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole
            and 0 <= section < len(titles)):
        return titles[section]
    return None


def status_icon(status: RecordStatus, printed: bool = False) -> QIcon:
    if status is RecordStatus.SIGNED and printed:
        return icon("status-printed")
    if status is RecordStatus.VOID:
        return icon("status-draft")  # never listed; a voided draft was a draft
    return icon(f"status-{status.value}")
