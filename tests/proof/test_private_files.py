"""Issue 11, points 11 and 12: files with patient data, as the attack review found them.

With umask 022 the database, logs, backups, restore safety copies, handout PDFs and CSV
exports were world-readable; a failed `handout --out DIR` left a full PDF in a .tmp file and
still wrote a `handout_export` entry; `--out /dev/full` run as root replaced the device node;
killed backups left full .tmp copies; safety copies piled up; the admin's audit CSV held
clinical values; `record list` was not audited. Each is reproduced here and refused or fixed.
"""

from __future__ import annotations

import csv
import io
import os
import re
import stat
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from clinic_desk.cli import main
from clinic_desk.files import clean_stale_tmp
from clinic_desk.services import Services
from clinic_desk.services import backup as backups
from clinic_desk.services import printing as printing_module
from tests.conftest import PASSWORD
from tests.factories import example_record_json
from tests.services.helpers import FakeRenderer
from tests.signoff.helpers import audit_count, audit_entries, signed_record

from . import figures

ROOT = Path(__file__).resolve().parents[2]
SECRET = "Secret clinical note about the left knee"


def run(capsys: Any, *args: str, stdin: str = "") -> tuple[int, str, str]:
    old = sys.stdin
    sys.stdin = io.TextIOWrapper(io.BytesIO(stdin.encode()), encoding="utf-8")
    try:
        code = main(list(args))
    except SystemExit as e:
        code = int(e.code or 0)
    finally:
        sys.stdin = old
    out, err = capsys.readouterr()
    return code, out, err


def _url(services: Services) -> str:
    return services.db.url.render_as_string(hide_password=False)


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def umask_022() -> Iterator[None]:
    old = os.umask(0o022)
    try:
        yield
    finally:
        os.umask(old)


@pytest.fixture(autouse=True)
def _pg_tools(monkeypatch: pytest.MonkeyPatch) -> None:
    from pgserver._commands import POSTGRES_BIN_PATH

    monkeypatch.setenv(backups.ENV_PG_BIN, str(POSTGRES_BIN_PATH))


@pytest.fixture
def fake_renderer(monkeypatch: pytest.MonkeyPatch) -> None:
    fake = FakeRenderer()
    monkeypatch.setattr(printing_module.HandoutRenderer, "render",
                        lambda self, *a: fake.render(*a))
    monkeypatch.setattr(printing_module.HandoutRenderer, "verification_code",
                        lambda self, *a: fake.verification_code(*a))


def test_everything_the_command_line_writes_is_private_with_umask_022(tmp_path: Path) -> None:
    """One workstation's day from the command line, umask 022, default SQLite database in the
    data folder: every file is 0600, every folder Clinic Desk made is 0700."""
    data, out = tmp_path / "data", tmp_path / "exports"
    # What an older version left: a world-readable data folder and rotated log.
    (data / "logs").mkdir(parents=True)
    for folder in (data, data / "logs"):
        os.chmod(folder, 0o755)
    (data / "logs" / "clinic-desk.log.1").write_text("older log\n")
    os.chmod(data / "logs" / "clinic-desk.log.1", 0o644)
    env = dict(os.environ, CLINIC_DESK_DATA_DIR=str(data))
    env.pop("CLINIC_DESK_DATABASE_URL", None)

    def cli(*args: str, stdin: str = "") -> str:
        proc = subprocess.run([sys.executable, "-m", "clinic_desk.cli", *args], input=stdin,
                              capture_output=True, text=True, env=env, cwd=ROOT, timeout=300,
                              preexec_fn=lambda: os.umask(0o022), check=False)
        assert proc.returncode == 0, proc.stderr
        return proc.stdout

    cli("user", "add", "admin", "--role", "admin", "--full-name", "Avery Morgan",
        "--password-stdin", stdin=PASSWORD + "\n")
    for name, role in (("drlee", "physician"), ("nkim", "nurse")):
        cli("user", "add", name, "--role", role, "--full-name", "Hana Lee", "--admin", "admin",
            "--password-stdin", stdin=f"{PASSWORD}\n{PASSWORD}\n")
    doc = example_record_json() | {"notes": SECRET}
    import json

    rid = cli("record", "import", "-", stdin=json.dumps(doc)).strip()
    cli("record", "list")
    cli("handout", rid, "--out", str(out / "pdf" / "handout.pdf"))
    cli("audit", "export", "--user", "admin", "--password-stdin", "--out",
        str(out / "audit.csv"), stdin=PASSWORD + "\n")
    cli("backup", str(out / "backup.sqlite3"))
    cli("restore", str(out / "backup.sqlite3"))
    files = [p for p in [*data.rglob("*"), *out.rglob("*")] if p.is_file()]
    folders = [data, *(p for p in data.rglob("*") if p.is_dir()), out, out / "pdf"]
    names = {p.name for p in files}
    assert {"clinic-desk.sqlite3", "clinic-desk.log", "clinic-desk.log.1", "handout.pdf",
            "audit.csv",
            "backup.sqlite3", "backup.sqlite3.manifest.json"} <= names, names
    assert any(".before-restore-" in n for n in names), names
    figures.add("private_files_checked", len(files))
    assert {str(p): oct(_mode(p)) for p in files if _mode(p) != 0o600} == {}
    assert {str(p): oct(_mode(p)) for p in folders if _mode(p) != 0o700} == {}
    assert not [p for p in files if p.name.endswith(".tmp")]


def test_an_existing_world_readable_database_is_tightened(tmp_path: Path,
                                                          umask_022: None) -> None:
    """A database (and -wal/-shm) made by an older version with mode 0644."""
    from clinic_desk.storage.engine import Database

    path = tmp_path / "old.sqlite3"
    for p in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
        p.touch()
        os.chmod(p, 0o644)
    Database(f"sqlite:///{path}").dispose()
    assert [oct(_mode(p)) for p in (path, Path(f"{path}-wal"), Path(f"{path}-shm"))] == \
        ["0o600"] * 3


def test_a_new_database_and_its_wal_and_shm_are_private(tmp_path: Path,
                                                        umask_022: None) -> None:
    """SQLite creates -wal and -shm with the database file's mode: 0600 from the start."""
    from clinic_desk.storage import schema
    from clinic_desk.storage.engine import Database

    path = tmp_path / "new.sqlite3"
    db = Database(f"sqlite:///{path}")
    schema.upgrade(db)
    with db.connect() as conn:  # an open connection keeps the -wal and -shm
        conn.exec_driver_sql("SELECT count(*) FROM users").scalar()
        made = {p.name: oct(_mode(p)) for p in tmp_path.iterdir()}
    db.dispose()
    assert made == {"new.sqlite3": "0o600", "new.sqlite3-wal": "0o600",
                    "new.sqlite3-shm": "0o600"}


def test_handout_out_refuses_folders_devices_and_bad_paths(services: Services, staff: Any,
                                                           tmp_path: Path, capsys: Any,
                                                           fake_renderer: None) -> None:
    """`clinic-desk handout ID --out DIR` (and /dev/full, and a path under a file): exit 2 with
    the field, no file, no .tmp, no handout_export entry; /dev/full stays a device."""
    record = signed_record(services, staff)
    tmp_path = tmp_path / "out"
    tmp_path.mkdir()
    (tmp_path / "a-file").write_text("x")
    cases = [(str(tmp_path), "is a folder"), ("/dev/full", "not a regular file"),
             (str(tmp_path / "a-file" / "h.pdf"), "is not a folder")]
    for target, words in cases:
        entries = audit_count(services)
        code, out, err = run(capsys, "--database", _url(services), "handout", str(record.id),
                             "--out", target)
        figures.add("file_attacks_tried")
        assert code == 2 and "error: --out: " in err and words in err, err
        assert out == "" and audit_count(services) == entries
        figures.add("file_attacks_refused")
    assert stat.S_ISCHR(os.stat("/dev/full").st_mode)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a-file"]


def test_a_handout_that_cannot_be_written_leaves_nothing(services: Services, staff: Any,
                                                        tmp_path: Path, capsys: Any,
                                                        fake_renderer: None,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    """The disk fills up while the PDF is written: no .tmp with the full PDF is left, and no
    success entry is committed."""
    record = signed_record(services, staff)
    real_fsync = os.fsync
    tmp_path = tmp_path / "out"
    tmp_path.mkdir()

    def full_disk(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", full_disk)
    entries = audit_count(services)
    code, _, err = run(capsys, "--database", _url(services), "handout", str(record.id),
                       "--out", str(tmp_path / "h.pdf"))
    monkeypatch.setattr(os, "fsync", real_fsync)
    assert code == 2 and "No space left on device" in err and "nothing was saved" in err
    assert list(tmp_path.iterdir()) == [] and audit_count(services) == entries
    # A folder no one may write to (even root cannot create files in /proc).
    code, _, err = run(capsys, "--database", _url(services), "handout", str(record.id),
                       "--out", "/proc/clinic-desk-handout.pdf")
    assert code == 2 and "could not be saved" in err and "Traceback" not in err
    assert audit_count(services) == entries


def test_a_device_swapped_in_before_the_rename_is_not_replaced(tmp_path: Path) -> None:
    """The output is checked again right before `os.replace`: a pipe (or device) put at the
    name while the file was being written stays, and the temporary file goes."""
    from clinic_desk.domain.errors import ValidationError
    from clinic_desk.files import PrivateOutput

    target = tmp_path / "export.csv"
    with pytest.raises(ValidationError, match="not a regular file"):
        with PrivateOutput(target) as out:
            out.file.write("seq,time\n")
            os.mkfifo(target)
    assert stat.S_ISFIFO(os.stat(target).st_mode)
    assert [p.name for p in tmp_path.iterdir()] == ["export.csv"]


def test_audit_export_out_refuses_a_device_and_writes_private_csv(services: Services,
                                                                  staff: Any, tmp_path: Path,
                                                                  capsys: Any,
                                                                  umask_022: None) -> None:
    entries = audit_count(services)
    code, _, err = run(capsys, "--database", _url(services), "audit", "export", "--user",
                       "admin", "--password-stdin", "--out", "/dev/null",
                       stdin=PASSWORD + "\n")
    assert code == 2 and "--out: /dev/null is not a regular file" in err
    assert audit_count(services) == entries  # refused before signing in
    out = tmp_path / "csv" / "audit.csv"
    code, _, err = run(capsys, "--database", _url(services), "audit", "export", "--user",
                       "admin", "--password-stdin", "--out", str(out), stdin=PASSWORD + "\n")
    assert code == 0, err
    assert _mode(out) == 0o600 and _mode(out.parent) == 0o700
    assert audit_entries(services)[-1].detail["complete"] is True


def test_the_admin_audit_csv_names_changed_fields_not_their_values(services: Services,
                                                                   staff: Any, tmp_path: Path,
                                                                   capsys: Any) -> None:
    from tests.factories import make_record
    from tests.signoff.helpers import save_patient

    patient = save_patient(services, staff.nurse, weight_kg=61.0)
    record = services.records.save(staff.nurse, make_record(patient=patient, notes=SECRET))
    services.records.save(staff.nurse, record.with_changes(notes=SECRET + " (revised)",
                                                           pain_after=1))
    services.patients.save(staff.nurse, replace(patient, weight_kg=83.0))
    out = tmp_path / "audit.csv"
    code, _, err = run(capsys, "--database", _url(services), "audit", "export", "--user",
                       "admin", "--password-stdin", "--out", str(out), stdin=PASSWORD + "\n")
    assert code == 0, err
    text = out.read_text(encoding="utf-8")
    assert SECRET not in text
    rows = list(csv.DictReader(io.StringIO(text)))
    # The weights (61.0, 83.0) nowhere; a signature's hex may hold the digits "61" or "83".
    weight = re.compile(r"(?<![0-9a-f.])(61|83)(\.0)?(?![0-9a-f])")
    assert not [r["detail"] for r in rows if weight.search(r["detail"])]
    change = next(r for r in rows if r["action"] == "record_change")
    assert '"changed": ["notes", "pain_after"]' in change["detail"]
    assert "before" not in change["detail"]
    patient_change = next(r for r in rows if r["action"] == "patient_change")
    assert '"changed": ["weight_kg"]' in patient_change["detail"]


def test_record_list_is_audited(services: Services, staff: Any, capsys: Any) -> None:
    [rid] = services.records.import_records(staff.nurse, example_record_json())
    code, out, _ = run(capsys, "--database", _url(services), "record", "list", "--status",
                       "draft")
    assert code == 0 and str(rid) in out
    entry = audit_entries(services)[-1]
    assert entry.action.value == "record_list"
    assert entry.detail == {"date": None, "status": "draft", "patient_mrn": False, "rows": 1}


def test_a_killed_backups_tmp_is_removed_by_the_next_backup(services: Services, staff: Any,
                                                            tmp_path: Path,
                                                            umask_022: None) -> None:
    """A backup SIGKILLed half-way leaves `.FILE.<pid>.<random>.tmp` (a full copy of the
    data); the next backup into that folder removes it. A live writer's file is kept."""
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    stale = tmp_path / f".b.sqlite3.{dead.pid}.0badc0de.tmp"
    stale.write_bytes(b"SQLite format 3\0 full copy of every patient")
    live = tmp_path / f".b.sqlite3.{os.getppid()}.0badc0de.tmp"
    live.write_bytes(b"another process still writing")
    report = backups.backup(services.db, tmp_path / "b.sqlite3")
    assert not stale.exists() and live.exists()
    assert _mode(report.path) == 0o600
    assert _mode(backups.manifest_path(report.path)) == 0o600
    assert clean_stale_tmp(tmp_path) == 0  # nothing else to clean


def test_restore_safety_copies_are_private_and_pruned(services: Services, staff: Any,
                                                      tmp_path: Path, umask_022: None) -> None:
    """Six older safety copies (a folder made 0755 by an older version): after one more
    restore the newest KEEP_SAFETY are left, all 0600 in a 0700 folder."""
    source = backups.backup(services.db, tmp_path / "b.dump").path
    keep = tmp_path / "backups"
    keep.mkdir(mode=0o755)
    os.chmod(keep, 0o755)
    for n in range(6):
        old = keep / f"x.before-restore-2020010{n}-000000.dump"
        old.write_bytes(b"an older safety copy")
        os.chmod(old, 0o600)
        os.utime(old, (1_600_000_000 + n, 1_600_000_000 + n))
    from clinic_desk.storage.engine import Database
    from tests.conftest import owner_url

    # A restore runs as the database's owner (issue 11: the workstations' role cannot).
    owner = Database(owner_url(services.db.url.render_as_string(hide_password=False)))
    try:
        report = backups.restore(owner, source, keep_dir=keep)
    finally:
        owner.dispose()
    copies = sorted(p.name for p in keep.iterdir() if ".before-restore-" in p.name
                    and not p.name.endswith(".manifest.json"))
    assert report.safety_copy is not None and report.safety_copy.name in copies
    assert len(copies) == backups.KEEP_SAFETY
    assert [c for c in copies if c.startswith("x.")] == [
        f"x.before-restore-2020010{n}-000000.dump" for n in range(2, 6)]
    assert _mode(keep) == 0o700
    assert {p.name: oct(_mode(p)) for p in keep.iterdir() if _mode(p) != 0o600} == {}
