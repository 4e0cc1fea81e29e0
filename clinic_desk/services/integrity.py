"""Integrity checks that read the whole database (issue 11): signed records against their
Ed25519 signatures and audit entries, the audit entries that carry signatures, the guards,
and (PostgreSQL) whether the application's role could alter the schema.

Who this defends against: a holder of the database credential (every PostgreSQL workstation)
who writes rows directly. They cannot make an Ed25519 signature without the signer's
password, so a forged signature row, a signature row whose record changed, a status set to
signed by hand, or a forged `record_sign` entry is reported here with exit status 1.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import select, text

from ..domain.audit import AuditAction
from ..domain.signoff import signature_problems
from ..storage import guards
from ..storage.engine import Database
from ..storage.models import AddendumRow, RecordRow, SignatureRow
from ..storage.signing_keys import legacy_digest
from ..storage.unit_of_work import UnitOfWork
from .keys import KeyTrust, addendum_payload, key_trust, signature_payload, verify

_BATCH = 1000


@dataclass
class RecordsReport:
    """What `record verify` found: problems per record id, and problems of the whole set."""

    checked: int = 0
    legacy: int = 0  # signed records whose signature is a pre-issue-11 hash only
    problems: dict[int, list[str]] = field(default_factory=dict)
    general: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems and not self.general

    def lines(self) -> list[str]:
        out = [f"record {rid}: " + "; ".join(p) for rid, p in sorted(self.problems.items())]
        out += self.general
        if self.ok:
            legacy = (f" ({self.legacy} of them legacy hash-only signatures, made before "
                      "Ed25519 signing)" if self.legacy else "")
            out.append(f"signatures intact: {self.checked} signed records{legacy}")
        else:
            out.append(f"{len(self.problems)} of {self.checked} signed records do not match "
                       f"their signatures" + (f"; {len(self.general)} other problems"
                                              if self.general else ""))
        return out


def _legacy_entry(uow: UnitOfWork) -> tuple[int, dict[str, Any]] | None:
    found = None
    for seq, _a, _r, detail in uow.keys.entries((AuditAction.LEGACY_SIGNATURES.value,)):
        if found is not None:
            return -1, {}  # a second one is itself a forgery
        found = (seq, detail)
    return found


def _legacy(uow: UnitOfWork, general: list[str]) -> tuple[set[int], set[int], int]:
    """The legacy signatures' record ids and legacy addenda ids, checked against the
    migration's audit entry; and that entry's seq (0 when the database had none)."""
    ids = uow.keys.legacy_ids()
    entry = _legacy_entry(uow)
    addenda: set[int] = set()
    if entry is None:
        if ids:
            general.append("the list of legacy hash-only signatures has no audit entry "
                           "(it was added to)")
        return ids, addenda, 0
    seq, d = entry
    if seq < 0:
        general.append("there are two legacy_signatures audit entries")
        return ids, addenda, 0
    if d.get("count") != len(ids) or d.get("record_ids_sha256") != legacy_digest(ids):
        general.append("the list of legacy hash-only signatures differs from the one recorded "
                       "at the upgrade")
    cutoff = int(d.get("max_addendum_id", 0))
    addenda = set(uow.session.scalars(select(AddendumRow.id).where(
        AddendumRow.id <= cutoff, AddendumRow.signature.is_(None))))
    if d.get("addenda", 0) != len(addenda) or \
            d.get("addendum_ids_sha256", legacy_digest([])) != legacy_digest(addenda):
        general.append("the legacy hash-only addenda differ from those recorded at the upgrade")
    return ids, addenda, seq


def _utc_text(at: datetime) -> str:
    from datetime import UTC

    return at.astimezone(UTC).isoformat(timespec="microseconds")


def verify_records(db: Database, ids: Sequence[int] | None = None) -> RecordsReport:
    """Every signed record (or `ids`): content hash, Ed25519 signature by a trusted key of the
    signer, the record's status, and the `record_sign`/`record_addendum` audit entries."""
    report = RecordsReport()
    with UnitOfWork(db, write=False) as uow:
        trust = key_trust(uow)
        report.general += trust.problems
        legacy, legacy_addenda, _ = _legacy(uow, report.general)
        sign_entries: dict[int, list[dict[str, Any]]] = {}
        addendum_entries: dict[int, dict[str, Any]] = {}
        for _seq, action, rid, d in uow.keys.entries(
                (AuditAction.RECORD_SIGN.value, AuditAction.RECORD_ADDENDUM.value)):
            if action == AuditAction.RECORD_SIGN.value and rid is not None:
                sign_entries.setdefault(rid, []).append(d)
            elif isinstance(d.get("addendum_id"), int):
                addendum_entries[d["addendum_id"]] = d
        # Signed records, and records with a signature row whatever their status (two plain
        # index scans: an OR with a subquery made PostgreSQL scan for minutes at 1M records).
        statuses: dict[int, str] = {int(i): str(s) for i, s in uow.connection.execute(
            select(RecordRow.id, RecordRow.status).where(RecordRow.status == "signed"))}
        statuses.update({int(i): str(s) for i, s in uow.connection.execute(
            select(RecordRow.id, RecordRow.status)
            .join(SignatureRow, SignatureRow.record_id == RecordRow.id)
            .where(RecordRow.status != "signed"))})
        sigs = {r.record_id: r for r in uow.connection.execute(select(
            SignatureRow.record_id, SignatureRow.signer_id, SignatureRow.signer_username,
            SignatureRow.signed_at, SignatureRow.meaning, SignatureRow.content_hash,
            SignatureRow.key_id, SignatureRow.signature, SignatureRow.steroid_reason))}
        for rid in sorted(set(sigs) - {r for r, s in statuses.items() if s == "signed"}):
            report.general.append(f"record {rid} has a signature but is not signed "
                                  f"(status {statuses.get(rid, 'missing')})")
        orphans = uow.connection.execute(text(
            "SELECT r.id FROM records r WHERE r.status = 'signed' AND NOT EXISTS "
            "(SELECT 1 FROM patients p WHERE p.id = r.patient_id)")).scalars().all()
        for rid in orphans:
            report.general.append(f"signed record {rid} has lost its patient (hidden)")
        targets = list(ids) if ids else sorted(r for r, s in statuses.items() if s == "signed")
        addenda: dict[int, list[Any]] = {}
        for a in uow.connection.execute(select(
                AddendumRow.id, AddendumRow.record_id, AddendumRow.author_id,
                AddendumRow.author_username, AddendumRow.content_hash, AddendumRow.key_id,
                AddendumRow.signature).order_by(AddendumRow.id)):
            addenda.setdefault(a.record_id, []).append(a)
        batch: dict[int, Any] = {}
        for n, rid in enumerate(targets):
            if n % _BATCH == 0:  # read the records a thousand at a time
                batch = uow.records.read_many(targets[n:n + _BATCH])
            report.checked += 1
            problems = _check_record(batch.get(rid), rid, statuses.get(rid), sigs.get(rid),
                                     trust, rid in legacy, sign_entries.get(rid, []))
            for a in addenda.get(rid, []):
                problems += _check_addendum(a, trust, a.id in legacy_addenda,
                                            addendum_entries.get(a.id))
            if problems:
                report.problems[rid] = problems
            elif sigs.get(rid) is not None and sigs[rid].signature is None:
                report.legacy += 1
    return report


def _check_record(record: Any, rid: int, status: str | None, sig: Any, trust: KeyTrust,
                  legacy: bool, entries: list[dict[str, Any]]) -> list[str]:
    if status != "signed":
        return [f"the record is not signed (status {status or 'missing'})"]
    if sig is None:
        return ["the record has no signature"]
    if record is None:
        return ["the record cannot be read (its patient or content is missing)"]
    problems = signature_problems(record)
    if sig.signature is None:
        if not legacy:
            problems.append("its signature has no Ed25519 signature and is not one of the "
                            "legacy hash-only signatures (forged)")
    else:
        key = trust.trusted(sig.key_id)
        if key is None:
            problems.append("it was signed with a key no administrator endorsed")
        elif key.user_id != sig.signer_id or key.username != sig.signer_username:
            problems.append("it was signed with another person's key")
        elif not verify(key.public_key, signature_payload(
                rid, sig.content_hash, sig.signer_id, sig.signer_username, sig.key_id,
                sig.signed_at, sig.meaning, sig.steroid_reason or ""), sig.signature):
            problems.append("its Ed25519 signature does not match (forged or changed)")
    if len(entries) != 1:
        problems.append(f"{len(entries)} record_sign audit entries instead of one")
    else:
        e = entries[0]
        if e.get("content_hash") != sig.content_hash or e.get("signature") != sig.signature \
                or e.get("meaning") != sig.meaning \
                or (e.get("steroid_reason") or "") != (sig.steroid_reason or ""):
            problems.append("its record_sign audit entry does not match the signature")
    return problems


def _check_addendum(a: Any, trust: KeyTrust, legacy: bool,
                    entry: dict[str, Any] | None) -> list[str]:
    if a.signature is None:
        return [] if legacy else [f"addendum {a.id} has no Ed25519 signature (forged)"]
    key = trust.trusted(a.key_id)
    if key is None or key.user_id != a.author_id or not verify(
            key.public_key, addendum_payload(a.record_id, a.content_hash, a.author_id,
                                             a.author_username, a.key_id), a.signature):
        return [f"addendum {a.id}'s Ed25519 signature does not verify"]
    if entry is None or entry.get("signature") != a.signature:
        return [f"addendum {a.id} has no matching record_addendum audit entry"]
    return []


def audit_signature_problems(db: Database) -> list[str]:
    """Audit entries that carry signatures must carry valid ones: a `record_sign` or
    `record_addendum` entry appended with the app's own hash function but no signer's key is
    a forgery (entries before the upgrade to Ed25519 are legacy)."""
    out: list[str] = []
    with UnitOfWork(db, write=False) as uow:
        trust = key_trust(uow)
        out += trust.problems
        legacy = _legacy_entry(uow)
        cutoff = legacy[0] if legacy else 0
        for seq, action, rid, user, d in uow.keys.signed_entries(
                (AuditAction.RECORD_SIGN.value, AuditAction.RECORD_ADDENDUM.value), cutoff):
            key = trust.trusted(d.get("key_id"))
            if key is None or rid is None:
                out.append(f"audit entry {seq} ({action}) carries no signature by a trusted key")
                continue
            if action == AuditAction.RECORD_SIGN.value:
                payload = signature_payload(
                    rid, str(d.get("content_hash")), key.user_id, user, key.key_id,
                    datetime.fromisoformat(str(d.get("signed_at"))), str(d.get("meaning")),
                    str(d.get("steroid_reason") or ""))
            else:
                payload = addendum_payload(rid, str(d.get("content_hash")), key.user_id, user,
                                           key.key_id)
            if user != key.username or not verify(key.public_key, payload, d.get("signature")):
                out.append(f"audit entry {seq} ({action}): its signature does not verify")
    return out


def schema_problems(db: Database) -> list[str]:
    """Guards as defined in storage/guards.py; on PostgreSQL, the role must not be able to
    change them (it must not own the tables or functions, nor be a superuser)."""
    with db.engine.connect() as conn:
        out = guards.problems(conn)
        if conn.dialect.name == "postgresql":
            out += role_problems(conn)
    return out


TWO_ROLES = ("Set up two roles: an owner that runs `clinic-desk init-db --owner-url URL` "
             "(kept off the workstations) and an application role with only the rights "
             "init-db grants it (README, Several workstations).")


def role_problems(conn: Any) -> list[str]:
    row = conn.execute(text(
        "SELECT rolsuper, rolbypassrls FROM pg_roles WHERE rolname = current_user")).first()
    if row is not None and row[0]:
        return [f"the application connects as a superuser, which can drop the guards. "
                f"{TWO_ROLES}"]
    owned = conn.execute(text(
        "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
        "WHERE n.nspname = current_schema() AND c.relkind = 'r' "
        "AND pg_has_role(current_user, c.relowner, 'USAGE') ORDER BY c.relname")).scalars().all()
    functions = conn.execute(text(
        "SELECT p.proname FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace "
        "WHERE n.nspname = current_schema() AND p.proname LIKE 'clinic\\_%' "
        "AND pg_has_role(current_user, p.proowner, 'USAGE')")).scalars().all()
    create = conn.execute(text(
        "SELECT has_schema_privilege(current_user, current_schema(), 'CREATE')")).scalar()
    out = []
    if owned or functions:
        names = ", ".join([*owned[:4], *functions[:2]])
        out.append(f"the application's role owns the tables or guard functions ({names}...) "
                   f"and so can drop or disable the guards. {TWO_ROLES}")
    elif create:
        out.append(f"the application's role may create objects in the schema. {TWO_ROLES}")
    return out


def all_problems(db: Database) -> Iterable[str]:
    """Everything `clinic-desk check` reports, in order: schema, records, audit signatures."""
    yield from schema_problems(db)
    report = verify_records(db)
    if not report.ok:
        yield from report.lines()[:-1]
    yield from audit_signature_problems(db)
