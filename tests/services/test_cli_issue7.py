"""`clinic-desk backup`, `restore` and `handout` on both databases."""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path
from typing import Any

import pytest

from clinic_desk.cli import main
from clinic_desk.services import Services
from clinic_desk.services import backup as backups
from clinic_desk.services import printing as printing_module
from tests.conftest import owner_url
from tests.signoff.helpers import audit_entries, signed_record

from .helpers import FakeRenderer


@pytest.fixture(autouse=True)
def _pg_tools(monkeypatch: pytest.MonkeyPatch) -> None:
    from pgserver._commands import POSTGRES_BIN_PATH

    monkeypatch.setenv(backups.ENV_PG_BIN, str(POSTGRES_BIN_PATH))


def run(capsys: Any, *args: str) -> tuple[int, str, str]:
    old = sys.stdin
    sys.stdin = io.TextIOWrapper(io.BytesIO(b""), encoding="utf-8")
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


def test_backup_check_and_restore_from_the_command_line(services: Services, staff: Any,
                                                        tmp_path: Path, capsys: Any) -> None:
    signed_record(services, staff)
    url = _url(services)
    target = tmp_path / "clinic.bak"
    code, out, err = run(capsys, "--database", url, "backup", str(target))
    assert code == 0, err
    assert "1 records" in out and "sha256" in out and target.exists()

    # PostgreSQL: restoring replaces tables, which only their owner may (issue 11).
    code, out, _ = run(capsys, "--database", owner_url(url), "restore", str(target), "--check")
    assert code == 0 and out.startswith("backup verified: schema")

    code, out, err = run(capsys, "--database", owner_url(url), "restore", str(target))
    assert code == 0, err
    assert "database restored" in out
    assert audit_entries(services)[-1].action.value == "restore"
    assert audit_entries(services)[-1].username.startswith("cli:")


def test_restore_refuses_a_changed_file_with_exit_2(sqlite_services: Services,
                                                    sqlite_staff: Any, tmp_path: Path,
                                                    capsys: Any) -> None:
    signed_record(sqlite_services, sqlite_staff)
    url = _url(sqlite_services)
    target = tmp_path / "clinic.bak"
    assert run(capsys, "--database", url, "backup", str(target))[0] == 0
    manifest = backups.manifest_path(target)
    data = json.loads(manifest.read_text())
    data["audit_entries"] += 1
    manifest.write_text(json.dumps(data))
    code, out, _ = run(capsys, "--database", url, "restore", str(target), "--check")
    assert code == 1 and "backup NOT usable" in out
    code, _, err = run(capsys, "--database", url, "restore", str(target))
    assert code == 2 and "Nothing was restored" in err


def test_restore_onto_a_new_empty_database(sqlite_services: Services, sqlite_staff: Any,
                                           tmp_path: Path, capsys: Any) -> None:
    signed_record(sqlite_services, sqlite_staff)
    target = tmp_path / "clinic.bak"
    assert run(capsys, "--database", _url(sqlite_services), "backup", str(target))[0] == 0
    fresh = f"sqlite:///{tmp_path / 'rebuilt.sqlite3'}"
    code, out, err = run(capsys, "--database", fresh, "restore", str(target))
    assert code == 0, err
    code, out, _ = run(capsys, "--database", fresh, "record", "list", "--json")
    assert code == 0 and len(json.loads(out)) == 1


def test_backup_without_pg_tools_says_so(pg_url: str, tmp_path: Path, capsys: Any,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(backups.ENV_PG_BIN)
    monkeypatch.setenv("PATH", str(tmp_path))
    code, _, err = run(capsys, "--database", pg_url, "backup", str(tmp_path / "x.dump"))
    assert code == 2 and "pg_dump was not found" in err


def test_handout_saves_a_pdf_audited_as_an_export(services: Services, staff: Any,
                                                  tmp_path: Path, capsys: Any,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    fake = FakeRenderer()
    monkeypatch.setattr(printing_module.HandoutRenderer, "render",
                        lambda self, *a: fake.render(*a))
    monkeypatch.setattr(printing_module.HandoutRenderer, "verification_code",
                        lambda self, *a: fake.verification_code(*a))
    record = signed_record(services, staff)
    out_file = tmp_path / "out" / "handout.pdf"
    (tmp_path / "out").mkdir()
    code, out, err = run(capsys, "--database", _url(services), "handout", str(record.id),
                         "--out", str(out_file), "--lang", "es", "--large-print")
    assert code == 0, err
    assert f"saved to {out_file}" in out and "verification code CD-" in out
    assert out_file.read_bytes().startswith(b"%PDF")
    assert '"lang": "es"' in out_file.read_bytes().decode("latin-1").replace("\\", "")
    entry = audit_entries(services, record_id=record.id)[-1]
    assert entry.action.value == "handout_export" and entry.detail["large_print"] is True
    import hashlib

    assert entry.detail["sha256"] == hashlib.sha256(out_file.read_bytes()).hexdigest()
    code, _, err = run(capsys, "--database", _url(services), "handout", "999999", "--out",
                       str(out_file))
    assert code == 2 and "no record 999999" in err
