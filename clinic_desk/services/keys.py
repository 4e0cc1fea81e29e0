"""Ed25519 signing keys sealed under the signer's password, and their endorsement (issue 11).

Each account has an Ed25519 key pair. The private key is stored only sealed: AES-256-GCM under
a key derived from the account's password with argon2id (the password hasher's parameters,
its own random salt), with the username and public key as associated data. Whoever can write
to the database can therefore copy, replace or delete sealed keys, but cannot sign with one
without its owner's password.

A public key is trusted when its registration (`key_register` audit entry) carries an
endorsement: an Ed25519 signature, by an administrator's trusted key, over the key's id,
owner and role. The trust root is the first administrator's key registered in the database
(at account creation, or at the first administrator's sign-in after the upgrade): it is
self-endorsed, and the first `key_register` entry that claims to be a root; a later claim is
reported as a second root (the witness file and `audit anchor --out` record the root's key). A key
registered when no administrator's key was at hand (an account's first sign-in after the
upgrade) is "awaiting endorsement": it cannot sign until an administrator endorses it
(`clinic-desk user endorse-key`), which adds a `key_endorse` entry.

Administrators' unsealed keys are kept in process memory while they are signed in (the
`KeyRing`), so that the accounts they create or reset get endorsed keys; signing out drops it.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import json
import os
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, ClassVar

from argon2.low_level import Type, hash_secret_raw
from cryptography.exceptions import InvalidSignature, InvalidTag
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from ..domain.audit import AuditAction, AuditEntry
from ..domain.errors import AuthenticationError
from ..domain.record import Role
from ..storage.engine import Database
from ..storage.models import UserRow
from ..storage.unit_of_work import UnitOfWork
from .context import workstation_name

SIGNATURE_V1 = "clinic-desk/signature@1"
ADDENDUM_V1 = "clinic-desk/addendum@1"
ENDORSEMENT_V1 = "clinic-desk/key-endorsement@1"


@dataclass(frozen=True, slots=True)
class KdfParams:
    time_cost: int
    memory_cost: int  # KiB
    parallelism: int


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode()


def _unb64(text: str) -> bytes:
    return base64.b64decode(text.encode(), validate=True)


def public_hex(private: Ed25519PrivateKey) -> str:
    return private.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw).hex()


def fingerprint(public_key: str) -> str:
    """Short form people compare by eye or by phone: 16 hex digits of the key's SHA-256."""
    digest = hashlib.sha256(bytes.fromhex(public_key)).hexdigest()[:16]
    return " ".join(digest[i:i + 4] for i in range(0, 16, 4))


def _aad(username: str, public_key: str) -> bytes:
    return f"clinic-desk/sealed-key@1:{username}:{public_key}".encode()


def _derive(password: str, salt: bytes, p: KdfParams) -> bytes:
    return hash_secret_raw(password.encode(), salt, p.time_cost, p.memory_cost, p.parallelism,
                           32, Type.ID)


def seal(private: Ed25519PrivateKey, password: str, username: str, params: KdfParams) -> str:
    """The private key encrypted under the password (JSON text for signing_keys.sealed_key)."""
    salt, nonce = os.urandom(16), os.urandom(12)
    raw = private.private_bytes_raw()
    box = AESGCM(_derive(password, salt, params)).encrypt(
        nonce, raw, _aad(username, public_hex(private)))
    return json.dumps({"v": 1, "kdf": "argon2id", "t": params.time_cost,
                       "m": params.memory_cost, "p": params.parallelism, "salt": _b64(salt),
                       "nonce": _b64(nonce), "box": _b64(box)}, sort_keys=True)


def unseal(sealed: str, password: str, username: str, public_key: str) -> Ed25519PrivateKey:
    """The private key, or AuthenticationError when the password (or the box) is wrong."""
    try:
        data = json.loads(sealed)
        params = KdfParams(int(data["t"]), int(data["m"]), int(data["p"]))
        key = _derive(password, _unb64(data["salt"]), params)
        raw = AESGCM(key).decrypt(_unb64(data["nonce"]), _unb64(data["box"]),
                                  _aad(username, public_key))
        private = Ed25519PrivateKey.from_private_bytes(raw)
    except (InvalidTag, ValueError, KeyError, TypeError) as e:
        raise AuthenticationError("The signing key cannot be opened with this password.") from e
    if public_hex(private) != public_key:
        raise AuthenticationError("The signing key does not match its public key.")
    return private


def _payload(parts: list[Any]) -> bytes:
    return json.dumps(parts, ensure_ascii=False, separators=(",", ":")).encode()


def _utc(at: datetime) -> str:
    return at.astimezone(UTC).isoformat(timespec="microseconds")


def signature_payload(record_id: int, content_hash: str, signer_id: int, signer_username: str,
                      key_id: int, signed_at: datetime, meaning: str,
                      steroid_reason: str = "") -> bytes:
    """What a record signature signs: the content hash, the signer, the time and the meaning,
    and the reason for a steroid in a diagnostic block when one had to be given (issue 12)."""
    parts: list[Any] = [SIGNATURE_V1, record_id, content_hash, signer_id, signer_username, key_id,
                        _utc(signed_at), meaning]
    if steroid_reason:
        parts.append({"steroid_reason": steroid_reason})
    return _payload(parts)


def addendum_payload(record_id: int, addendum_hash: str, author_id: int, author_username: str,
                     key_id: int) -> bytes:
    """What an addendum signature signs: its hash already covers the record's signed hash, the
    author, time, reason, text and meaning (domain.signoff.addendum_hash)."""
    return _payload([ADDENDUM_V1, record_id, addendum_hash, author_id, author_username, key_id])


def endorsement_payload(key_id: int, user_id: int, username: str, role: str,
                        public_key: str) -> bytes:
    return _payload([ENDORSEMENT_V1, key_id, user_id, username, role, public_key])


def sign(private: Ed25519PrivateKey, payload: bytes) -> str:
    return private.sign(payload).hex()


@functools.lru_cache(maxsize=1024)
def _public(public_key: str) -> Ed25519PublicKey:
    return Ed25519PublicKey.from_public_bytes(bytes.fromhex(public_key))


def verify(public_key: str, payload: bytes, signature: str | None) -> bool:
    if not signature:
        return False
    try:
        _public(public_key).verify(bytes.fromhex(signature), payload)
    except (InvalidSignature, ValueError):
        return False
    return True


# --- the key ring: administrators' unsealed keys while they are signed in ------------------
@dataclass(frozen=True, slots=True)
class HeldKey:
    key_id: int
    user_id: int
    private: Ed25519PrivateKey


class KeyRing:
    _lock = threading.Lock()
    _held: ClassVar[dict[tuple[str, int], HeldKey]] = {}

    @staticmethod
    def _name(db: Database) -> str:
        return db.url.render_as_string(hide_password=True)

    @classmethod
    def put(cls, db: Database, held: HeldKey) -> None:
        with cls._lock:
            cls._held[(cls._name(db), held.user_id)] = held

    @classmethod
    def get(cls, db: Database, user_id: int) -> HeldKey | None:
        with cls._lock:
            return cls._held.get((cls._name(db), user_id))

    @classmethod
    def drop(cls, db: Database, user_id: int) -> None:
        with cls._lock:
            cls._held.pop((cls._name(db), user_id), None)


# --- registering and trusting keys ------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class KeyInfo:
    key_id: int
    user_id: int
    username: str
    public_key: str
    role: str = ""  # the role endorsed with the key ("" while awaiting endorsement)
    trusted: bool = False
    root: bool = False


def issue_key(uow: UnitOfWork, user: UserRow, password: str, params: KdfParams, now: datetime,
              endorser: HeldKey | None, actor_name: str, workstation: str = "") -> HeldKey:
    """A new key pair for `user`, sealed under `password`, registered in the audit trail:
    endorsed by `endorser` (an administrator's held key), or the trust root when this is the
    database's first key and `user` is an administrator, else awaiting endorsement."""
    private = Ed25519PrivateKey.generate()
    public = public_hex(private)
    key_id = uow.keys.add(user.id, user.username, public,
                          seal(private, password, user.username, params), now)
    root = user.role == Role.ADMIN.value and not _has_root(uow)
    by = HeldKey(key_id, user.id, private) if root else endorser
    detail: dict[str, Any] = {"user": user.username, "user_id": user.id, "key_id": key_id,
                              "public_key": public, "role": user.role,
                              "fingerprint": fingerprint(public)}
    if by is not None:
        detail.update(root=root, endorsed_by_key=by.key_id, endorsement=sign(
            by.private, endorsement_payload(key_id, user.id, user.username, user.role, public)))
    uow.audit.append(AuditEntry(AuditAction.KEY_REGISTER, actor_name,
                                workstation or workstation_name(), now, detail=detail))
    return HeldKey(key_id, user.id, private)


def endorse(uow: UnitOfWork, key: KeyInfo, role: str, endorser: HeldKey, now: datetime,
            actor_name: str, workstation: str = "") -> None:
    """An administrator vouches for `key` (after comparing its fingerprint with its owner)."""
    uow.audit.append(AuditEntry(AuditAction.KEY_ENDORSE, actor_name,
                                workstation or workstation_name(), now, detail={
        "user": key.username, "user_id": key.user_id, "key_id": key.key_id,
        "public_key": key.public_key, "role": role, "fingerprint": fingerprint(key.public_key),
        "endorsed_by_key": endorser.key_id, "endorsement": sign(endorser.private,
            endorsement_payload(key.key_id, key.user_id, key.username, role, key.public_key))}))


@dataclass(frozen=True, slots=True)
class KeyTrust:
    """Every signing key and whether its chain of endorsements reaches the trust root."""

    keys: dict[int, KeyInfo]
    problems: tuple[str, ...]
    root: KeyInfo | None

    def trusted(self, key_id: int | None) -> KeyInfo | None:
        info = self.keys.get(key_id) if key_id is not None else None
        return info if info is not None and info.trusted else None


def key_trust(uow: UnitOfWork) -> KeyTrust:
    """Follow the `key_register`/`key_endorse` entries in chain order from the root."""
    rows = {r.id: r for r in uow.keys.all()}
    infos = {k: KeyInfo(k, r.user_id, r.username, r.public_key) for k, r in rows.items()}
    problems: list[str] = []
    root: KeyInfo | None = None
    registered: set[int] = set()
    for seq, action, _rid, d in uow.keys.entries(
            (AuditAction.KEY_REGISTER.value, AuditAction.KEY_ENDORSE.value)):
        key_id = d.get("key_id")
        info = infos.get(key_id) if isinstance(key_id, int) else None
        if info is None or d.get("public_key") != info.public_key or \
                d.get("user_id") != info.user_id or d.get("user") != info.username:
            problems.append(f"audit entry {seq} names a signing key that does not exist "
                            "as registered")
            continue
        if action == AuditAction.KEY_REGISTER.value:
            registered.add(info.key_id)
        if "endorsement" not in d:
            continue
        payload = endorsement_payload(info.key_id, info.user_id, info.username,
                                      str(d.get("role")), info.public_key)
        if d.get("root"):
            if root is not None or d.get("role") != "admin" \
                    or d.get("endorsed_by_key") != info.key_id:
                problems.append(f"audit entry {seq} claims a second trust root")
                continue
            if not verify(info.public_key, payload, d["endorsement"]):
                problems.append(f"audit entry {seq}: the root key's self-endorsement is forged")
                continue
            infos[info.key_id] = root = KeyInfo(info.key_id, info.user_id, info.username,
                                                info.public_key, "admin", True, True)
            continue
        by = infos.get(d.get("endorsed_by_key"))  # type: ignore[arg-type]
        if by is None or not by.trusted or by.role != "admin":
            problems.append(f"audit entry {seq}: key {info.key_id} of {info.username} is "
                            "endorsed by a key that is not a trusted administrator's")
            continue
        if not verify(by.public_key, payload, d["endorsement"]):
            problems.append(f"audit entry {seq}: the endorsement of key {info.key_id} of "
                            f"{info.username} is forged")
            continue
        infos[info.key_id] = KeyInfo(info.key_id, info.user_id, info.username, info.public_key,
                                     str(d.get("role")), True, False)
    for k in sorted(set(infos) - registered):
        problems.append(f"signing key {k} of {infos[k].username} has no registration in the "
                        "audit trail")
    return KeyTrust(infos, tuple(problems), root)


def _has_root(uow: UnitOfWork) -> bool:
    return any(d.get("root") for _s, _a, _r, d in uow.keys.entries(
        (AuditAction.KEY_REGISTER.value,)))


def keys_digest(keys: Iterable[KeyInfo]) -> str:
    """What a workstation pins: the SHA-256 of every (key id, owner, public key) it has seen."""
    parts = sorted((k.key_id, k.user_id, k.public_key) for k in keys)
    return hashlib.sha256(json.dumps(parts).encode()).hexdigest()
