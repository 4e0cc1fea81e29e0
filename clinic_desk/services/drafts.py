"""Local drafts: unsaved record edits kept on this workstation, so no work is ever lost.

The record editor writes a draft here a few seconds after the nurse stops typing and when it
closes; after a crash or a power cut the next start offers it back. Issue 7 reuses the same
store for database outages. No Qt, no database: plain JSON files, one per user and record,
under `config.data_dir()/drafts/`.

    store = DraftStore()                      # or DraftStore(folder) in tests
    key = draft_key("nkim", record_id=42)     # "nkim--record-42"; new records: new_draft_key()
    store.save(key, "nkim", content_to_json(record), record_id=42, version=3, status="draft",
               patient_id=7)
    for draft in store.list_for_user("nkim"): ...   # newest first
    store.load(key); store.discard(key)

A draft holds `record_format.content_to_json(record)` (the record's clinical content, which may
still be incomplete or wrong: a draft is kept whatever its state) plus the record id, the
version it was read at, its status, the patient id, the user and when it was saved.
`Draft.to_record()` reads the content back as a record when it is valid.

Files are written atomically (temporary file, fsync, rename, fsync of the folder): a draft file
is either the previous one or the new one, never half of each. They are readable by the
workstation user only (mode 0600), like the SQLite database in the same folder. Never log
their contents.
"""

from __future__ import annotations

import json
import logging
import os
import re
import secrets
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path
from typing import Any

from ..config import data_dir
from ..domain.errors import ValidationError
from ..domain.record import ProcedureRecord
from ..domain.record_format import parse_record

log = logging.getLogger(__name__)

FORMAT = "clinic-desk/draft@1"
_SAFE = re.compile(r"[^A-Za-z0-9._-]")


def draft_key(username: str, record_id: int | None = None, new_token: str = "") -> str:
    """The key of a user's draft of a saved record, or of a new record (give `new_token`)."""
    user = _SAFE.sub("_", username)
    if record_id is not None:
        return f"{user}--record-{int(record_id)}"
    if not new_token:
        raise ValueError("a draft of a new record needs a token (see new_draft_key)")
    return f"{user}--new-{_SAFE.sub('_', new_token)}"


def new_draft_key(username: str) -> str:
    """A fresh key for a record that has no id yet."""
    return draft_key(username, None, secrets.token_hex(6))


@dataclass(frozen=True, slots=True)
class Draft:
    key: str
    username: str
    content: dict[str, Any]  # record_format.content_to_json(record)
    record_id: int | None
    version: int | None  # the version the edit started from (None for a new record)
    status: str  # "draft" / "ready" / ... as the record had it
    patient_id: int | None
    saved_at: datetime  # aware, local time
    extra: dict[str, Any] = field(default_factory=dict)  # free for callers (e.g. a reason)

    @property
    def is_new(self) -> bool:
        return self.record_id is None

    def to_record(self) -> ProcedureRecord:
        """The draft as a record (with its id and version); ValidationError if not valid."""
        data = dict(self.content)
        if self.record_id is not None:
            data["id"] = self.record_id
        if self.version is not None:
            data["version"] = self.version
        record, rec_id, version = parse_record(data)
        patient = record.patient
        if self.patient_id is not None:
            patient = replace(patient, id=self.patient_id)
        return replace(record, id=rec_id, version=version or 0, patient=patient)

    def to_json(self) -> dict[str, Any]:
        return {
            "format": FORMAT,
            "key": self.key,
            "username": self.username,
            "record_id": self.record_id,
            "version": self.version,
            "status": self.status,
            "patient_id": self.patient_id,
            "saved_at": self.saved_at.isoformat(),
            "extra": self.extra,
            "content": self.content,
        }

    @classmethod
    def from_json(cls, data: Any) -> Draft:
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            raise ValidationError("This is not a Clinic Desk draft file.")
        try:
            saved_at = datetime.fromisoformat(str(data["saved_at"]))
            return cls(
                key=str(data["key"]),
                username=str(data["username"]),
                content=dict(data["content"]),
                record_id=None if data.get("record_id") is None else int(data["record_id"]),
                version=None if data.get("version") is None else int(data["version"]),
                status=str(data.get("status") or "draft"),
                patient_id=None if data.get("patient_id") is None else int(data["patient_id"]),
                saved_at=saved_at,
                extra=dict(data.get("extra") or {}),
            )
        except (KeyError, TypeError, ValueError) as e:
            raise ValidationError(f"The draft file is damaged ({type(e).__name__}).") from None


class DraftStore:
    """JSON draft files in one folder (default: `config.data_dir()/drafts`)."""

    def __init__(self, folder: Path | str | None = None) -> None:
        self._folder = Path(folder) if folder is not None else None

    @property
    def folder(self) -> Path:
        # Resolved when used, so CLINIC_DESK_DATA_DIR set after import still counts.
        path = self._folder if self._folder is not None else data_dir() / "drafts"
        path.mkdir(parents=True, exist_ok=True, mode=0o700)
        return path

    def path(self, key: str) -> Path:
        return self.folder / f"{_SAFE.sub('_', key)}.json"

    def save(self, key: str, username: str, content: dict[str, Any], *,
             record_id: int | None, version: int | None, status: str = "draft",
             patient_id: int | None = None, extra: dict[str, Any] | None = None) -> Draft:
        """Write (or replace) a draft atomically and durably; returns what was written."""
        draft = Draft(key, username, content, record_id, version, status, patient_id,
                      datetime.now().astimezone(), dict(extra or {}))
        data = json.dumps(draft.to_json(), ensure_ascii=False, indent=1, sort_keys=True)
        target = self.path(key)
        tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as f:
                f.write(data)
                f.flush()
                os.fsync(f.fileno())
            os.replace(tmp, target)
        except BaseException:
            tmp.unlink(missing_ok=True)
            raise
        _fsync_dir(target.parent)
        log.debug("draft saved", extra={"record_id": record_id})
        return draft

    def load(self, key: str) -> Draft:
        """The draft with this key; NotFound as FileNotFoundError, damage as ValidationError."""
        return self._read(self.path(key))

    def exists(self, key: str) -> bool:
        return self.path(key).exists()

    def list_for_user(self, username: str) -> list[Draft]:
        """This user's drafts, newest first. Damaged files are skipped (and logged by id)."""
        prefix = _SAFE.sub("_", username) + "--"
        drafts: list[Draft] = []
        for path in self.folder.glob(f"{prefix}*.json"):
            try:
                drafts.append(self._read(path))
            except (OSError, ValidationError, ValueError):
                log.info("skipped an unreadable draft file")
        drafts.sort(key=lambda d: d.saved_at, reverse=True)
        return drafts

    def discard(self, key: str) -> None:
        """Remove a draft (nothing happens when there is none)."""
        self.path(key).unlink(missing_ok=True)
        _fsync_dir(self.folder)

    @staticmethod
    def _read(path: Path) -> Draft:
        with path.open(encoding="utf-8") as f:
            return Draft.from_json(json.load(f))


def _fsync_dir(folder: Path) -> None:
    # The rename itself must reach the disk, or a power cut can bring back the old file.
    if os.name != "posix":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
