"""Audit trail entries and their hash chain (tamper evidence, REFERENCE.md 7.1 11.10(e)).

Each entry's hash covers its own content and the previous entry's hash, so changing,
removing or re-ordering any entry breaks every hash after it.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from enum import Enum
from typing import Any

GENESIS = "0" * 64


class AuditAction(str, Enum):
    SIGN_IN = "sign_in"
    SIGN_IN_FAILED = "sign_in_failed"
    ACCOUNT_LOCKED = "account_locked"
    SIGN_OUT = "sign_out"
    SCREEN_LOCK = "screen_lock"
    SCREEN_UNLOCK = "screen_unlock"
    PATIENT_CREATE = "patient_create"
    PATIENT_VIEW = "patient_view"
    PATIENT_CHANGE = "patient_change"
    RECORD_CREATE = "record_create"
    RECORD_VIEW = "record_view"
    RECORD_CHANGE = "record_change"
    RECORD_READY = "record_ready"
    RECORD_REOPEN = "record_reopen"  # a ready record back to draft, with the nurse's reason
    RECORD_VOID = "record_void"  # a draft voided, with the reason (never a signed record)
    RECORD_SIGN = "record_sign"
    RECORD_ADDENDUM = "record_addendum"
    RECORD_IMPORT = "record_import"
    RECORD_EXPORT = "record_export"
    HANDOUT_PRINT = "handout_print"
    HANDOUT_EXPORT = "handout_export"
    USER_CREATE = "user_create"
    USER_CHANGE = "user_change"
    SETTINGS_CHANGE = "settings_change"
    AUDIT_EXPORT = "audit_export"
    BACKUP = "backup"
    RESTORE = "restore"
    # Issue 11: signing keys and their endorsement; the hash-only signatures kept at migration.
    KEY_REGISTER = "key_register"
    KEY_ENDORSE = "key_endorse"
    LEGACY_SIGNATURES = "legacy_signatures"
    RECORD_LIST = "record_list"
    BREAK_GLASS = "break_glass"
    WITNESS_RESET = "witness_reset"
    CALL_RECORD = "call_record"  # a next-day call or follow-up, with its results (issue 13)
    PATHWAY_VIEW = "pathway_view"
    REPORT_VIEW = "report_view"
    REPORT_REBUILD = "report_rebuild"  # the report summary recomputed from the rows


@dataclass(frozen=True, slots=True)
class AuditEntry:
    action: AuditAction
    username: str
    workstation: str
    at: datetime
    record_id: int | None = None
    patient_id: int | None = None
    detail: Mapping[str, Any] = field(default_factory=dict)
    seq: int | None = None
    prev_hash: str = ""
    hash: str = ""


def detail_json(detail: Mapping[str, Any]) -> str:
    return json.dumps(detail, sort_keys=True, ensure_ascii=False, separators=(",", ":"),
                      default=str)


def entry_hash(prev_hash: str, seq: int, at: datetime, username: str, workstation: str,
               action: str, record_id: int | None, patient_id: int | None, detail: str) -> str:
    """SHA-256 over the previous hash and every field of the entry, in a fixed order."""
    payload = json.dumps(
        [prev_hash, seq, at.isoformat(timespec="microseconds"), username, workstation, action,
         record_id, patient_id, detail],
        ensure_ascii=False, separators=(",", ":"),
    )
    return hashlib.sha256(payload.encode()).hexdigest()


@dataclass(frozen=True, slots=True)
class ChainReport:
    intact: bool
    entries: int
    first_bad_seq: int | None = None
    problem: str = ""

    @property
    def message(self) -> str:
        if self.intact:
            return f"audit chain intact: {self.entries} entries"
        return f"audit chain broken at entry {self.first_bad_seq}: {self.problem}"
