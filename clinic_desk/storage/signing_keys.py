"""Signing keys, and what integrity checks read in bulk: signatures, addenda and the audit
entries that carry signatures (issue 11). The cryptography itself is in services/keys.py."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import func, insert, select

from .models import AuditRow, LegacySignatureRow, SigningKeyRow
from .repositories import Repository


def legacy_digest(record_ids: Iterable[int]) -> str:
    """SHA-256 of the sorted record ids of the hash-only signatures kept at migration 0004."""
    return hashlib.sha256(",".join(str(i) for i in sorted(record_ids)).encode()).hexdigest()


class KeyRepository(Repository):
    def add(self, user_id: int, username: str, public_key: str, sealed_key: str,
            created_at: datetime) -> int:
        result = self.connection.execute(insert(SigningKeyRow).values(
            user_id=user_id, username=username, public_key=public_key, sealed_key=sealed_key,
            created_at=created_at).returning(SigningKeyRow.id))
        return int(result.scalar_one())

    def current(self, user_id: int) -> SigningKeyRow | None:
        """The user's newest key (older ones stay for the signatures made with them)."""
        return self.session.scalar(select(SigningKeyRow).where(SigningKeyRow.user_id == user_id)
                                   .order_by(SigningKeyRow.id.desc()).limit(1))

    def all(self) -> Sequence[SigningKeyRow]:
        return self.session.scalars(select(SigningKeyRow).order_by(SigningKeyRow.id)).all()

    def count(self) -> int:
        return int(self.session.scalar(select(func.count(SigningKeyRow.id))) or 0)

    def legacy_ids(self) -> set[int]:
        return set(self.session.scalars(select(LegacySignatureRow.record_id)))

    def entries(self, actions: Sequence[str]) -> Iterator[tuple[int, str, int | None,
                                                                dict[str, Any]]]:
        """(seq, action, record_id, detail) of the audit entries with these actions, in
        chain order (the action column is indexed)."""
        stmt = (select(AuditRow.seq, AuditRow.action, AuditRow.record_id, AuditRow.detail)
                .where(AuditRow.action.in_(list(actions))).order_by(AuditRow.seq))
        for seq, action, record_id, detail in self.connection.execute(stmt):
            yield seq, action, record_id, json.loads(detail)

    def signed_entries(self, actions: Sequence[str], after: int) -> Iterator[
            tuple[int, str, int | None, str, dict[str, Any]]]:
        """(seq, action, record_id, username, detail) of entries after `after`, in order."""
        stmt = (select(AuditRow.seq, AuditRow.action, AuditRow.record_id, AuditRow.username,
                       AuditRow.detail)
                .where(AuditRow.action.in_(list(actions)), AuditRow.seq > after)
                .order_by(AuditRow.seq))
        for seq, action, record_id, username, detail in self.connection.execute(stmt):
            yield seq, action, record_id, username, json.loads(detail)
