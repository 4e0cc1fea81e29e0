"""The witnessed audit chain (issue 11, point 9).

A hash chain alone proves nothing against whoever can rewrite all of it: they cut the tail,
or append an entry hashed with the app's own function. So every workstation and every
command-line run is a witness: it remembers, per database, the newest audit entry it has seen
(number and hash) and the signing keys it has seen (the trust root's public key and a digest
of every key), in `witness.json` in the user's data folder. At start it checks that the chain
still holds that entry with that hash and that those keys are unchanged; if not, the app shows
a blocking integrity alarm and writes nothing, and the command line exits 1.

`clinic-desk audit anchor --out FILE` writes the same facts to a file the clinic keeps
elsewhere (another computer, a USB stick in the safe, an e-mail to the compliance officer);
`audit verify --anchor FILE` checks the database against it.

A signing key that appears without a registration, or whose registration claims an
endorsement that does not verify, raises the same alarm (services/keys.py).
"""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import func, select

from ..config import data_dir
from ..domain.errors import ValidationError
from ..storage.engine import Database, database_identity
from ..storage.models import AuditRow, SigningKeyRow
from ..storage.unit_of_work import UnitOfWork
from .audit import Anchor

FORMAT = "clinic-desk/audit-anchor@1"
FILE_NAME = "witness.json"


@dataclass(frozen=True, slots=True)
class Seen:
    """What a witness saw of one database."""

    seq: int
    hash: str
    max_key_id: int
    keys_digest: str
    root_key: str  # public key of the first signing key ("" when there were none)

    def to_json(self) -> dict[str, Any]:
        return {"seq": self.seq, "hash": self.hash, "max_key_id": self.max_key_id,
                "keys_digest": self.keys_digest, "root_key": self.root_key}

    @classmethod
    def from_json(cls, d: Any) -> Seen:
        try:
            return cls(int(d["seq"]), str(d["hash"]), int(d["max_key_id"]),
                       str(d["keys_digest"]), str(d["root_key"]))
        except (KeyError, TypeError, ValueError):
            raise ValidationError("The anchor file is damaged or not a Clinic Desk anchor.",
                                  "anchor") from None


def _keys(uow: UnitOfWork, upto: int | None) -> tuple[int, str, str]:
    import hashlib

    stmt = select(SigningKeyRow.id, SigningKeyRow.user_id, SigningKeyRow.public_key).order_by(
        SigningKeyRow.id)
    if upto is not None:
        stmt = stmt.where(SigningKeyRow.id <= upto)
    rows = [(int(i), int(u), str(k)) for i, u, k in uow.connection.execute(stmt)]
    digest = hashlib.sha256(json.dumps(rows).encode()).hexdigest()
    from .keys import key_trust

    root = key_trust(uow).root
    return (rows[-1][0] if rows else 0), digest, (root.public_key if root else "")


def observe(db: Database) -> Seen:
    """The database's newest audit entry and its signing keys, now."""
    with UnitOfWork(db, write=False) as uow:
        head = uow.connection.execute(
            select(AuditRow.seq, AuditRow.hash).order_by(AuditRow.seq.desc()).limit(1)).first()
        max_key, digest, root = _keys(uow, None)
    return Seen(head[0] if head else 0, head[1] if head else "", max_key, digest, root)


def problems(db: Database, seen: Seen) -> list[str]:
    """How the database differs from what was seen ([] when it still holds all of it)."""
    out = []
    with UnitOfWork(db, write=False) as uow:
        if seen.seq:
            row = uow.connection.execute(
                select(AuditRow.hash).where(AuditRow.seq == seen.seq)).first()
            newest = uow.connection.execute(select(func.max(AuditRow.seq))).scalar() or 0
            if row is None:
                out.append(f"audit entry {seen.seq}, seen here before, is gone (the trail was "
                           f"cut back to {newest} entries)")
            elif row[0] != seen.hash:
                out.append(f"audit entry {seen.seq}, seen here before, was rewritten")
        if seen.max_key_id or seen.root_key:
            _max, digest, root = _keys(uow, seen.max_key_id)
            if seen.root_key and root != seen.root_key:
                out.append("the trust root's signing key is not the one seen here before")
            elif digest != seen.keys_digest:
                out.append("signing keys seen here before were changed or removed")
    return out


def _database_key(db: Database) -> str:
    """The database, whichever role reaches it (the owner's and the workstations' URLs name
    the same trail)."""
    return database_identity(db.url)


def _path() -> Path:
    return data_dir() / FILE_NAME


def _load() -> dict[str, Any]:
    try:
        data = json.loads(_path().read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, ValueError):
        # A damaged witness file cannot vouch for anything; it is rebuilt from now on.
        return {}
    return data if isinstance(data, dict) else {}


def _save(data: dict[str, Any]) -> None:
    path = _path()
    fd, tmp = tempfile.mkstemp(prefix=".witness-", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            json.dump(data, f, indent=1, sort_keys=True)
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, 0o600)
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def reset(db: Database) -> None:
    """After a deliberate, audited change of the whole trail (a restore on this computer):
    what this computer has seen is now the restored database."""
    data = _load()
    data[_database_key(db)] = observe(db).to_json()
    _save(data)


def remembered(db: Database) -> Seen | None:
    entry = _load().get(_database_key(db))
    return Seen.from_json(entry) if entry else None


def check(db: Database) -> list[str]:
    """At start: does the database still hold what this workstation saw last time, and is
    every signing key registered, with any endorsement it claims genuine?"""
    from .keys import key_trust

    seen = remembered(db)
    out = [] if seen is None else problems(db, seen)
    with UnitOfWork(db, write=False) as uow:
        out += key_trust(uow).problems
    return out


def remember(db: Database) -> None:
    """Note the newest head and keys; never over what the database no longer holds (the
    alarm stays until someone looks into it and restores or re-anchors on purpose)."""
    data = _load()
    key = _database_key(db)
    old = data.get(key)
    if old and problems(db, Seen.from_json(old)):
        return
    now = observe(db)
    data[key] = now.to_json()
    _save(data)


# --- anchor files --------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class AnchorFile:
    anchor: Anchor
    seen: Seen | None = None  # None for a bare SEQ:HASH given on the command line

    def problems(self, db: Database) -> list[str]:
        return [] if self.seen is None else problems(db, self.seen)


def anchor_document(db: Database, description: str) -> dict[str, Any]:
    seen = observe(db)
    return {"format": FORMAT, "database": description,
            "written_at": datetime.now().astimezone().isoformat(timespec="seconds"),
            "anchor": f"{seen.seq}:{seen.hash or '0' * 64}", **seen.to_json()}


def write_anchor(db: Database, description: str, out: Path) -> dict[str, Any]:
    doc = anchor_document(db, description)
    out.write_text(json.dumps(doc, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    return doc


def read_anchor(text_or_path: str) -> AnchorFile:
    """`--anchor` takes SEQ:HASH or the path of a file `audit anchor --out` wrote."""
    path = Path(text_or_path)
    if ":" not in text_or_path or path.is_file():
        try:
            doc = json.loads(path.read_text(encoding="utf-8"))
        except OSError as e:
            raise ValidationError(f"Cannot read the anchor file: {e.strerror}.",
                                  "--anchor") from None
        except ValueError:
            raise ValidationError("The anchor file is not JSON.", "--anchor") from None
        if not isinstance(doc, dict) or doc.get("format") != FORMAT:
            raise ValidationError("The anchor file is not a Clinic Desk anchor.", "--anchor")
        seen = Seen.from_json(doc)
        return AnchorFile(Anchor(seen.seq, seen.hash or "0" * 64), seen)
    return AnchorFile(Anchor.parse(text_or_path))
