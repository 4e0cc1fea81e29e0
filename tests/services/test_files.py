"""clinic_desk/files.py: private folders and files whatever the umask; stale temporary files."""

from __future__ import annotations

import os
import stat
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from clinic_desk.domain.errors import ValidationError
from clinic_desk.files import (
    LEGACY_TMP_SECONDS,
    check_output,
    clean_stale_tmp,
    private_dir,
    write_private,
)


@pytest.fixture(autouse=True)
def _umask_022() -> Iterator[None]:
    old = os.umask(0o022)
    yield
    os.umask(old)


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_private_dir_makes_every_missing_folder_0700_and_leaves_a_users_folder(
        tmp_path: Path) -> None:
    os.chmod(tmp_path, 0o755)
    made = private_dir(tmp_path / "a" / "b", tighten=False)
    assert [_mode(p) for p in (tmp_path / "a", made)] == [0o700, 0o700]
    assert _mode(tmp_path) == 0o755  # the user's own folder keeps its mode
    private_dir(tmp_path)
    assert _mode(tmp_path) == 0o700  # Clinic Desk's own folder is tightened


def test_write_private_is_0600_and_leaves_no_temporary_file(tmp_path: Path) -> None:
    target = write_private(tmp_path / "out" / "h.pdf", b"%PDF-1.4")
    assert target.read_bytes() == b"%PDF-1.4" and _mode(target) == 0o600
    assert [p.name for p in target.parent.iterdir()] == ["h.pdf"]


def test_check_output_names_the_field(tmp_path: Path) -> None:
    with pytest.raises(ValidationError) as err:
        check_output(tmp_path, "file")
    assert err.value.issues[0].field == "file" and "is a folder" in str(err.value.issues[0])
    assert check_output(tmp_path / "new.csv") == tmp_path / "new.csv"


def test_an_older_versions_temporary_files_go_after_an_hour(tmp_path: Path) -> None:
    old, new = tmp_path / ".b.sqlite3.1a2b3c4d.tmp", tmp_path / ".c.sqlite3.tmp"
    old.write_bytes(b"x")
    new.write_bytes(b"x")
    an_hour_ago = time.time() - LEGACY_TMP_SECONDS - 5
    os.utime(old, (an_hour_ago, an_hour_ago))
    assert clean_stale_tmp(tmp_path) == 1
    assert not old.exists() and new.exists()
