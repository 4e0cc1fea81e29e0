"""The audit trail as a table: entries in pages (newest first), loaded as the view scrolls."""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
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

from ...domain.audit import AuditAction
from ...domain.record import Language
from ...services.audit import AuditLine
from ..models import PATIENT_ID_ROLE, RECORD_ID_ROLE, ROW_ROLE

FetchPage = Callable[[int, int], Sequence[AuditLine]]
_Index = QModelIndex | QPersistentModelIndex

ACTION_LABELS: dict[AuditAction, str] = {
    AuditAction.SIGN_IN: "Signed in",
    AuditAction.SIGN_IN_FAILED: "Sign-in failed",
    AuditAction.ACCOUNT_LOCKED: "Account locked",
    AuditAction.SIGN_OUT: "Signed out",
    AuditAction.SCREEN_LOCK: "Screen locked",
    AuditAction.SCREEN_UNLOCK: "Screen unlocked",
    AuditAction.PATIENT_CREATE: "Patient added",
    AuditAction.PATIENT_VIEW: "Patient opened",
    AuditAction.PATIENT_CHANGE: "Patient changed",
    AuditAction.RECORD_CREATE: "Record created",
    AuditAction.RECORD_VIEW: "Record opened",
    AuditAction.RECORD_CHANGE: "Record changed",
    AuditAction.RECORD_READY: "Sent for signature",
    AuditAction.RECORD_REOPEN: "Reopened for changes",
    AuditAction.RECORD_VOID: "Draft voided",
    AuditAction.RECORD_SIGN: "Record signed",
    AuditAction.RECORD_ADDENDUM: "Addendum signed",
    AuditAction.RECORD_IMPORT: "Records imported",
    AuditAction.RECORD_EXPORT: "Record exported",
    AuditAction.HANDOUT_PRINT: "Handout printed",
    AuditAction.HANDOUT_EXPORT: "Handout saved as PDF",
    AuditAction.USER_CREATE: "User added",
    AuditAction.USER_CHANGE: "User changed",
    AuditAction.SETTINGS_CHANGE: "Settings changed",
    AuditAction.AUDIT_EXPORT: "Audit trail exported",
    AuditAction.BACKUP: "Backup",
    AuditAction.RESTORE: "Restore",
    AuditAction.RECORD_LIST: "Records listed",
    AuditAction.BREAK_GLASS: "Break-glass (database owner)",
    AuditAction.CALL_RECORD: "Call recorded",
    AuditAction.PATHWAY_VIEW: "Pathway opened",
    AuditAction.REPORT_VIEW: "Report run",
    AuditAction.REPORT_REBUILD: "Report summary rebuilt",
    AuditAction.KEY_REGISTER: "Signing key registered",
    AuditAction.KEY_ENDORSE: "Signing key endorsed",
    AuditAction.LEGACY_SIGNATURES: "Legacy signatures recorded",
    AuditAction.WITNESS_RESET: "Integrity alarm accepted",
}
# Long hexadecimal values go last in the one-line detail (issue 11's keys and signatures).
_LONG_KEYS = ("hash", "sha256", "signature", "endorsement", "public_key", "key_id", "signed_at")

MAX_DETAIL = 240


def _value(v: Any) -> str:
    if v is None or v == "":
        return "(empty)"
    if isinstance(v, (dict, list)):
        return json.dumps(v, ensure_ascii=False, sort_keys=True)
    return str(v)


# How a detail's keys read in a sentence (issue 15, point 20): a flag by its two wordings,
# anything else as "name value".
_FLAGS = {"checked_out": ("checked out", "not checked out"),
          "large_print": ("large print", "regular print"),
          "changes_instructions": ("changes the patient's instructions",
                                   "does not change the patient's instructions")}
_NAMES = {"print_id": "print", "sha256": "PDF SHA-256", "content_hash": "content SHA-256",
          "view": "viewed:", "handout_version": "handout version", "reason": "reason:",
          "meaning": "meaning:", "printer": "printer", "attempt": "wrong password number",
          "minutes": "minutes:", "records": "records", "user": "user", "role": "role",
          "key": "setting", "fields": "fields:", "filter": "filter:", "rows": "rows:"}
_LANGUAGES = {lang.value: lang.label for lang in Language}


def _field(name: Any) -> str:
    return str(name).replace("_", " ")


def _part(key: str, value: Any) -> str:
    if key in _FLAGS and isinstance(value, bool):
        return _FLAGS[key][0 if value else 1]
    if key == "language" and value in _LANGUAGES:
        return f"in {_LANGUAGES[value]}"
    return f"{_NAMES.get(key, _field(key))} {_value(value)}"


def detail_text(detail: Mapping[str, Any]) -> str:
    """A sentence a person can read: "Checked out; handout version 2; print 5." or "Pain
    after changed from 2 to 1; notes changed from (empty) to x." Long hashes come last (they
    are in the tooltip and the CSV in full)."""
    if not detail:
        return ""
    parts = []
    changes = detail.get("changes")
    if isinstance(changes, list):
        for c in changes:
            if isinstance(c, dict) and "before" in c:
                parts.append(f"{_field(c.get('field'))} changed from {_value(c.get('before'))}"
                             f" to {_value(c.get('after'))}")
            elif isinstance(c, dict):
                parts.append(f"{_field(c.get('field'))} {c.get('change', 'changed')}")
    # Words first, long hashes last (they are in the tooltip and the CSV in full).
    for key, value in sorted(detail.items(), key=lambda kv: (
            any(k in kv[0] for k in _LONG_KEYS), kv[0])):
        if key != "changes":
            parts.append(_part(key, value))
    text = "; ".join(parts)
    return text[:1].upper() + text[1:] + ("" if text.endswith(".") else ".")


class AuditColumn(IntEnum):
    SEQ = 0
    TIME = 1
    USER = 2
    WORKSTATION = 3
    ACTION = 4
    RECORD = 5
    PATIENT = 6
    DETAIL = 7

    @property
    def title(self) -> str:
        return ("#", "Time", "User", "Workstation", "Action", "Record", "Patient MRN",
                "Details")[self]


class AuditModel(QAbstractTableModel):
    load_failed = Signal(object)
    page_loaded = Signal(int)

    def __init__(self, fetch_page: FetchPage | None = None, page_size: int = 500,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._fetch = fetch_page
        self._page_size = page_size
        self._rows: list[AuditLine] = []
        self._exhausted = fetch_page is None
        self._busy = False  # views may ask for more while rows are being inserted

    def set_fetch(self, fetch_page: FetchPage | None) -> None:
        self.beginResetModel()
        self._fetch, self._rows, self._exhausted = fetch_page, [], fetch_page is None
        self.endResetModel()
        self.fetchMore(QModelIndex())

    def canFetchMore(self, parent: _Index = QModelIndex()) -> bool:
        return not parent.isValid() and not self._exhausted and not self._busy

    def fetchMore(self, parent: _Index = QModelIndex()) -> None:
        if not self.canFetchMore(parent) or self._fetch is None:
            return
        self._busy = True
        try:
            try:
                rows = list(self._fetch(self._page_size, len(self._rows)))
            except Exception as exc:  # noqa: BLE001 - the page says what happened
                self._exhausted = True
                self.load_failed.emit(exc)
                return
            if len(rows) < self._page_size:
                self._exhausted = True
            if rows:
                first = len(self._rows)
                self.beginInsertRows(QModelIndex(), first, first + len(rows) - 1)
                self._rows.extend(rows)
                self.endInsertRows()
        finally:
            self._busy = False
        self.page_loaded.emit(len(rows))

    def line_at(self, row: int) -> AuditLine:
        return self._rows[row]

    def rowCount(self, parent: _Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(AuditColumn)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole \
                and 0 <= section < len(AuditColumn):
            return AuditColumn(section).title
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        line = self._rows[index.row()]
        e = line.entry
        col = AuditColumn(index.column())
        if role == ROW_ROLE:
            return line
        if role == RECORD_ID_ROLE:
            return e.record_id
        if role == PATIENT_ID_ROLE:
            return e.patient_id
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            if col == AuditColumn.SEQ:
                return str(e.seq)
            if col == AuditColumn.TIME:
                return e.at.strftime("%Y-%m-%d %H:%M:%S")
            if col == AuditColumn.USER:
                return e.username
            if col == AuditColumn.WORKSTATION:
                return e.workstation
            if col == AuditColumn.ACTION:
                return ACTION_LABELS.get(e.action, e.action.value)
            if col == AuditColumn.RECORD:
                return "" if e.record_id is None else str(e.record_id)
            if col == AuditColumn.PATIENT:
                return line.mrn
            text = detail_text(e.detail)
            return text if len(text) <= MAX_DETAIL else text[:MAX_DETAIL - 3] + "..."
        if role == Qt.ItemDataRole.ToolTipRole:
            if col == AuditColumn.DETAIL:
                return detail_text(e.detail) or None
            if col == AuditColumn.ACTION:
                return e.action.value
            if col == AuditColumn.SEQ:
                return f"hash {e.hash}"
        if role == Qt.ItemDataRole.TextAlignmentRole and col in (AuditColumn.SEQ,
                                                                 AuditColumn.RECORD):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None
