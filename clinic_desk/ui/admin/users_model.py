"""User accounts as a table (never a password hash)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from enum import IntEnum
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt

from ...services.users import UserInfo
from ..icons import icon
from ..models import ROW_ROLE
from .user_dialogs import ROLE_LABELS

_Index = QModelIndex | QPersistentModelIndex


class UserColumn(IntEnum):
    USERNAME = 0
    NAME = 1
    ROLE = 2
    STATUS = 3
    LAST_SIGN_IN = 4
    CREATED = 5

    @property
    def title(self) -> str:
        return ("Username", "Name and credentials", "Role", "Status", "Last sign-in",
                "Added")[self]


def status_text(user: UserInfo, now: datetime) -> str:
    if not user.active:
        return "Deactivated"
    if user.locked(now) and user.locked_until is not None:
        return f"Locked until {user.locked_until.astimezone(now.tzinfo).strftime('%H:%M')}"
    if user.failed_attempts:
        return f"Active ({user.failed_attempts} wrong password"\
               f"{'s' if user.failed_attempts != 1 else ''})"
    return "Active"


class UsersModel(QAbstractTableModel):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[UserInfo] = []
        self._now = datetime.now().astimezone()

    def set_users(self, users: Sequence[UserInfo], now: datetime) -> None:
        self.beginResetModel()
        self._rows, self._now = list(users), now
        self.endResetModel()

    def user_at(self, row: int) -> UserInfo:
        return self._rows[row]

    def row_of(self, username: str) -> int | None:
        return next((n for n, u in enumerate(self._rows) if u.username == username), None)

    def rowCount(self, parent: _Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(UserColumn)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole \
                and 0 <= section < len(UserColumn):
            return UserColumn(section).title
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        user = self._rows[index.row()]
        col = UserColumn(index.column())
        if role == ROW_ROLE:
            return user
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return {
                UserColumn.USERNAME: user.username,
                UserColumn.NAME: user.display,
                UserColumn.ROLE: ROLE_LABELS[user.role],
                UserColumn.STATUS: status_text(user, self._now),
                UserColumn.LAST_SIGN_IN: user.last_sign_in.strftime("%Y-%m-%d %H:%M")
                if user.last_sign_in is not None else "Never",
                UserColumn.CREATED: user.created_at.strftime("%Y-%m-%d"),
            }[col]
        if role == Qt.ItemDataRole.DecorationRole and col == UserColumn.STATUS and (
                not user.active or user.locked(self._now)):
            return icon("warning")
        return None
