"""The append-only audit table and its hash chain."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime

from sqlalchemy import insert, select, text

from ..domain.audit import GENESIS, AuditAction, AuditEntry, ChainReport, detail_json, entry_hash
from .models import AuditRow
from .repositories import Repository

_CHAIN_LOCK = 7_341_001  # PostgreSQL advisory lock id that serialises appends


def _stored_time(at: datetime) -> datetime:
    # Hash the time exactly as the database will give it back (UTC, microseconds).
    return at.astimezone(UTC).replace(tzinfo=UTC)


_LAST = select(AuditRow.seq, AuditRow.hash).order_by(AuditRow.seq.desc()).limit(1)
_LOCK_CHAIN = text("SELECT pg_advisory_xact_lock(:k)")
_INSERT = insert(AuditRow)


class AuditRepository(Repository):
    def append(self, entry: AuditEntry) -> AuditEntry:
        conn = self.connection
        if conn.dialect.name == "postgresql":
            # Two workstations appending at once must not both chain onto the same entry.
            conn.execute(_LOCK_CHAIN, {"k": _CHAIN_LOCK})
        last = conn.execute(_LAST).first()
        seq, prev = (last[0] + 1, last[1]) if last else (1, GENESIS)
        at = _stored_time(entry.at)
        detail = detail_json(entry.detail)
        digest = entry_hash(prev, seq, at, entry.username, entry.workstation,
                            entry.action.value, entry.record_id, entry.patient_id, detail)
        conn.execute(_INSERT, {
            "seq": seq, "at": at, "username": entry.username, "workstation": entry.workstation,
            "action": entry.action.value, "record_id": entry.record_id,
            "patient_id": entry.patient_id, "detail": detail, "prev_hash": prev, "hash": digest})
        return AuditEntry(entry.action, entry.username, entry.workstation, at, entry.record_id,
                          entry.patient_id, entry.detail, seq, prev, digest)

    def rows(self, batch: int = 5000) -> Iterator[AuditRow]:
        last = 0
        while True:
            chunk = self.session.scalars(
                select(AuditRow).where(AuditRow.seq > last).order_by(AuditRow.seq).limit(batch)
            ).all()
            if not chunk:
                return
            yield from chunk
            last = chunk[-1].seq
            self.session.expunge_all()

    def verify(self) -> ChainReport:
        prev, expected_seq, count = GENESIS, 1, 0
        for row in self.rows():
            if row.seq != expected_seq:
                return ChainReport(False, count, row.seq,
                                   f"entry {expected_seq} is missing")
            if row.prev_hash != prev:
                return ChainReport(False, count, row.seq,
                                   "it does not link to the entry before it")
            digest = entry_hash(prev, row.seq, row.at, row.username, row.workstation, row.action,
                                row.record_id, row.patient_id, row.detail)
            if digest != row.hash:
                return ChainReport(False, count, row.seq, "its content was changed")
            prev, expected_seq, count = row.hash, expected_seq + 1, count + 1
        return ChainReport(True, count)

    def query(self, *, username: str | None = None, action: AuditAction | None = None,
              record_id: int | None = None, patient_id: int | None = None,
              start: datetime | None = None, end: datetime | None = None,
              limit: int = 1000, offset: int = 0) -> list[AuditEntry]:
        stmt = select(AuditRow)
        if username:
            stmt = stmt.where(AuditRow.username == username)
        if action is not None:
            stmt = stmt.where(AuditRow.action == action.value)
        if record_id is not None:
            stmt = stmt.where(AuditRow.record_id == record_id)
        if patient_id is not None:
            stmt = stmt.where(AuditRow.patient_id == patient_id)
        if start is not None:
            stmt = stmt.where(AuditRow.at >= start)
        if end is not None:
            stmt = stmt.where(AuditRow.at < end)
        stmt = stmt.order_by(AuditRow.seq.desc()).limit(limit).offset(offset)
        return [
            AuditEntry(AuditAction(r.action), r.username, r.workstation, r.at, r.record_id,
                       r.patient_id, json.loads(r.detail), r.seq, r.prev_hash, r.hash)
            for r in self.session.scalars(stmt)
        ]
