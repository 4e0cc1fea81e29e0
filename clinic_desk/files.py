"""Files with patient data: private to the workstation user, whatever the umask.

Everything Clinic Desk writes that holds patient data (the SQLite database and its -wal/-shm,
logs, backups and their manifests, restore safety copies, handout PDFs, CSV exports) is made
here: mode 0600, in folders of mode 0700 that Clinic Desk creates, written to a temporary
file in the same folder and renamed into place only when complete, the temporary file
removed on any failure. An output path that exists and is not a regular file (a folder, a
device such as /dev/full, a pipe, a socket) is refused before anything is written, and again
right before the rename: `os.replace` never replaces a device node.

Standard library only (no Qt, no SQL), so storage, services, the UI and the command line all
use it (docs/security.md, "Files, accounts and imports").
"""

from __future__ import annotations

import os
import stat
import time
from pathlib import Path
from typing import IO, Any

from .domain.errors import ValidationError

FILE_MODE = 0o600
DIR_MODE = 0o700
TMP_SUFFIX = ".tmp"
LEGACY_TMP_SECONDS = 3600


def private_dir(path: Path | str, *, tighten: bool = True) -> Path:
    """Create `path` (and missing parents) with mode 0700. `tighten`: also set 0700 on an
    existing folder (Clinic Desk's own folders); a user's folder (e.g. where --out points) is
    left as it is."""
    path = Path(path)
    missing = [p for p in (path, *path.parents) if not p.exists()]
    for folder in reversed(missing):
        try:
            folder.mkdir(mode=DIR_MODE)
        except FileExistsError:  # made meanwhile by another process
            pass
        os.chmod(folder, DIR_MODE)  # mkdir's mode is filtered through the umask
    if tighten and path not in missing:
        _chmod_if_mine(path, DIR_MODE)
    return path


def _chmod_if_mine(path: Path, mode: int) -> None:
    try:
        st = path.stat()
        if st.st_uid == os.geteuid() and stat.S_IMODE(st.st_mode) != mode:
            os.chmod(path, mode)
    except OSError:  # not ours, or gone: nothing to tighten
        pass


def make_private(path: Path | str) -> None:
    """Set 0600 on an existing file of ours (e.g. a database made by an older version)."""
    _chmod_if_mine(Path(path), FILE_MODE)


def create_private(path: Path | str) -> None:
    """Create an empty file with mode 0600 if it does not exist (an SQLite database before
    SQLite opens it: its -wal and -shm then get the same mode), else tighten it."""
    path = Path(path)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)
    except FileExistsError:
        make_private(path)
        return
    os.close(fd)


def check_output(path: Path | str, field: str = "--out") -> Path:
    """Refuse an output path that exists and is not a regular file, or whose folder is not a
    folder, with a message at `field` (exit 2 on the command line)."""
    path = Path(path)
    try:
        st = os.stat(path)  # follows a symbolic link: what would be written is its target
    except FileNotFoundError:
        return path
    except NotADirectoryError:
        raise ValidationError(f"{path.parent} is not a folder; give a file in a folder.",
                              field) from None
    except OSError as e:
        raise ValidationError(f"{path} cannot be used: {e.strerror}.", field) from None
    if stat.S_ISDIR(st.st_mode):
        raise ValidationError(f"{path} is a folder; give a file name.", field)
    if not stat.S_ISREG(st.st_mode):
        raise ValidationError(f"{path} is not a regular file (a device, pipe or socket); give "
                              "a file name.", field)
    return path


def _tmp_name(target: Path) -> Path:
    return target.with_name(f".{target.name}.{os.getpid()}.{os.urandom(4).hex()}{TMP_SUFFIX}")


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process: alive
        return True
    return True


def clean_stale_tmp(folder: Path | str, name: str = "*") -> int:
    """Remove temporary files (from `_tmp_name`) whose writer has died, e.g. a backup that
    was killed; a running writer's file is left alone. Returns how many were removed."""
    removed = 0
    for tmp in Path(folder).glob(f".{name}.*{TMP_SUFFIX}"):
        parts = tmp.name[:-len(TMP_SUFFIX)].rsplit(".", 2)
        if len(parts) == 3 and parts[1].isdigit():
            stale = int(parts[1]) != os.getpid() and not _pid_alive(int(parts[1]))
        else:  # an older version's name, without the writer's pid: stale after an hour
            try:
                stale = time.time() - tmp.stat().st_mtime > LEGACY_TMP_SECONDS
            except OSError:
                continue
        if stale:
            tmp.unlink(missing_ok=True)
            removed += 1
    return removed


def new_private_tmp(target: Path | str) -> Path:
    """An empty 0600 temporary file next to `target` (for tools that write a file by name,
    such as pg_dump or SQLite's backup); the caller renames it with `replace_checked` or
    removes it."""
    target = Path(target)
    tmp = _tmp_name(target)
    os.close(os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE))
    return tmp


def replace_checked(tmp: Path, target: Path, field: str = "--out") -> None:
    """Rename `tmp` over `target`, refusing (and removing `tmp`) if `target` has meanwhile
    become something other than a regular file."""
    try:
        check_output(target, field)
        os.chmod(tmp, FILE_MODE)
        os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


class PrivateOutput:
    """One output file written whole or not at all: `file` is a 0600 temporary file next to
    the target; `commit()` renames it into place, `discard()` removes it. As a context
    manager it commits when the body ends without an error (unless already committed) and
    discards on any error."""

    def __init__(self, target: Path | str, *, binary: bool = False, encoding: str = "utf-8",
                 newline: str | None = None, field: str = "--out") -> None:
        self.target = check_output(target, field)
        self.field = field
        private_dir(self.target.parent, tighten=False)
        self.tmp = _tmp_name(self.target)
        fd = os.open(self.tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)
        self.file: IO[Any] = (os.fdopen(fd, "wb") if binary else
                              os.fdopen(fd, "w", encoding=encoding, newline=newline))
        self.committed = False

    def commit(self) -> Path:
        try:
            self.file.flush()
            os.fsync(self.file.fileno())
            self.file.close()
        except BaseException:
            self.discard()
            raise
        replace_checked(self.tmp, self.target, self.field)
        self.committed = True
        return self.target

    def discard(self) -> None:
        try:
            self.file.close()
        except OSError:  # a full disk fails the close too; the file goes either way
            pass
        self.tmp.unlink(missing_ok=True)

    def __enter__(self) -> PrivateOutput:
        return self

    def __exit__(self, exc_type: object, exc: object, tb: object) -> None:
        if exc_type is not None:
            self.discard()
        elif not self.committed:
            self.commit()


def write_private(target: Path | str, data: bytes, field: str = "--out") -> Path:
    """Write `data` to `target` atomically with mode 0600 (see PrivateOutput)."""
    with PrivateOutput(target, binary=True, field=field) as out:
        out.file.write(data)
    return out.target
