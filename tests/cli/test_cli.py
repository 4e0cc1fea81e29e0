"""The clinic-desk command: help, errors with exit 2, import/show/list round trips, signing."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest

from clinic_desk.cli import main
from tests.conftest import PASSWORD
from tests.factories import example_record_json

ROOT = Path(__file__).resolve().parents[2]
SCHEMA = json.loads((ROOT / "resources" / "record-format.schema.json").read_text())


def run(capsys, *args: str, stdin: str = "") -> tuple[int, str, str]:
    old = sys.stdin
    sys.stdin = io.TextIOWrapper(io.BytesIO(stdin.encode()), encoding="utf-8")
    try:
        code = main(list(args))
    except SystemExit as e:  # argparse
        code = int(e.code or 0)
    finally:
        sys.stdin = old
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def clinic(db_url: str, capsys) -> str:
    """A database with one user per role (password PASSWORD)."""
    for name, role, full, cred in (("admin", "admin", "Avery Morgan", ""),
                                   ("drlee", "physician", "Hana Lee", "MD"),
                                   ("nkim", "nurse", "Min-jun Kim", "RN")):
        # The first account needs no administrator; the others are added by "admin".
        admin = [] if name == "admin" else ["--admin", "admin"]
        stdin = PASSWORD + "\n" if name == "admin" else f"{PASSWORD}\n{PASSWORD}\n"
        code, _, err = run(capsys, "--database", db_url, "user", "add", name, "--role", role,
                             "--full-name", full, "--credentials", cred, *admin,
                             "--password-stdin", stdin=stdin)
        assert code == 0, err
    # `user add` without an administrator's password registers keys awaiting endorsement
    # (issue 11): the physician's own fingerprint, endorsed by the administrator.
    code, fp, err = run(capsys, "--database", db_url, "user", "key-fingerprint", "--user",
                        "drlee", "--password-stdin", stdin=PASSWORD + "\n")
    assert code == 0, err
    code, _, err = run(capsys, "--database", db_url, "user", "endorse-key", "drlee",
                       "--fingerprint", fp.strip(), "--admin", "admin", "--password-stdin",
                       stdin=PASSWORD + "\n")
    assert code == 0, err
    return db_url


def test_help_describes_every_command(capsys) -> None:
    code, out, _ = run(capsys, "--help")
    assert code == 0
    for word in ("init-db", "demo", "user", "record", "audit", "--database",
                 "CLINIC_DESK_DATABASE_URL"):
        assert word in out
    for sub in (["record", "import"], ["record", "show"], ["record", "list"], ["record", "sign"],
                ["record", "addendum"], ["user", "add"], ["audit", "verify"], ["init-db"],
                ["demo"]):
        code, out, _ = run(capsys, *sub, "--help")
        assert code == 0 and "usage: clinic-desk" in out


def test_round_trip_accents_apostrophes_cjk(clinic: str, capsys, tmp_path: Path) -> None:
    doc = example_record_json()
    doc["patient"].update(family_name="O'Brien-王", given_name="Zoë Nguyễn")
    path = tmp_path / "in.json"
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    code, out, err = run(capsys, "--database", clinic, "record", "import", str(path))
    assert code == 0, err
    rid = int(out.strip())
    code, out, _ = run(capsys, "--database", clinic, "record", "show", str(rid), "--json")
    shown = json.loads(out)
    jsonschema.validate(shown, SCHEMA)
    assert shown["patient"]["family_name"] == "O'Brien-王"
    assert shown["patient"]["given_name"] == "Zoë Nguyễn"
    assert shown["status"] == "draft" and shown["id"] == rid
    assert shown["targets"] == [{"nerve": "L3 medial branch", "side": "bilateral"},
                                {"nerve": "L4 medial branch", "side": "bilateral"},
                                {"nerve": "L5 dorsal ramus", "side": "left"}]
    assert shown["cpt"] == ["64493-50", "64494-LT"]
    assert shown["icd10"] == ["M47.816", "M47.817"]
    assert shown["percent_relief"] == pytest.approx(71.4)
    assert isinstance(shown["warnings"], list)
    code, out, _ = run(capsys, "--database", clinic, "record", "list", "--json",
                       "--patient", "a1001")
    [row] = json.loads(out)
    assert row["id"] == rid and row["patient"] == "O'Brien-王, Zoë Nguyễn"
    code, out, _ = run(capsys, "--database", clinic, "record", "list", "--date", "2026-11-24")
    assert "O'Brien-王" in out
    # Re-importing what `show` printed updates the same draft: a full round trip.
    code, out, err = run(capsys, "--database", clinic, "record", "import", "-",
                         stdin=json.dumps(shown))
    assert code == 0, err
    assert int(out) == rid


def test_invalid_file_names_index_and_field_and_saves_nothing(clinic: str, capsys) -> None:
    good, bad = example_record_json(), example_record_json()
    bad["joints"][1]["level"] = "L3-L5"
    code, out, err = run(capsys, "--database", clinic, "record", "import", "-",
                         stdin=json.dumps([good, bad]))
    assert code == 2 and out == ""
    assert "[1].joints[1].level" in err and "neighbouring" in err
    code, out, _ = run(capsys, "--database", clinic, "record", "list", "--json")
    assert json.loads(out) == []


@pytest.mark.parametrize("stdin", ["not json", "[]", '{"format": "clinic-desk/record@1"}',
                                   "[" * 100000])
def test_garbage_is_a_clear_error(clinic: str, capsys, stdin: str) -> None:
    code, out, err = run(capsys, "--database", clinic, "record", "import", "-", stdin=stdin)
    assert code == 2 and out == "" and err.startswith("error:")
    assert "Traceback" not in err


def test_errors_exit_2(clinic: str, capsys) -> None:
    assert run(capsys, "--database", clinic, "record", "show", "999")[0] == 2
    assert run(capsys, "--database", clinic, "record", "list", "--date", "24/11/2026")[0] == 2
    code, _, err = run(capsys, "--database", clinic, "user", "add", "x", "--role", "nurse",
                       "--full-name", "X Y", "--admin", "admin", "--password-stdin",
                       stdin=f"{PASSWORD}\nshort\n")
    assert code == 2 and "at least" in err
    code, _, err = run(capsys, "--database", "mysql://x/y", "init-db")
    assert code == 2 and "SQLite or PostgreSQL" in err


def test_sign_and_addendum_from_the_command_line(clinic: str, capsys) -> None:
    doc = example_record_json()
    doc["vitals_before"] = doc["vitals_after"] = {"systolic": 128, "diastolic": 78,
                                                  "heart_rate": 70, "spo2": 98}
    code, out, err = run(capsys, "--database", clinic, "record", "import", "-",
                         stdin=json.dumps(doc))
    rid = out.strip()
    # Not ready yet: signing is refused and nothing changes.
    code, _, err = run(capsys, "--database", clinic, "record", "sign", rid, "--user", "drlee",
                       "--meaning", "Reviewed and approved", "--password-stdin",
                       stdin=PASSWORD + "\n")
    assert code == 2 and "ready" in err
    from clinic_desk.services import Services
    from clinic_desk.storage.engine import Database

    services = Services(Database(clinic))
    nurse = services.auth.authenticate("nkim", PASSWORD)
    services.records.mark_ready(nurse, services.records.get(nurse, int(rid)))
    code, _, err = run(capsys, "--database", clinic, "record", "sign", rid, "--user", "drlee",
                       "--meaning", "Reviewed and approved", "--password-stdin",
                       stdin="wrong password\n")
    assert code == 2
    code, _, err = run(capsys, "--database", clinic, "record", "sign", rid, "--user", "nkim",
                       "--meaning", "Reviewed and approved", "--password-stdin",
                       stdin=PASSWORD + "\n")
    assert code == 2 and "nurse" in err
    code, out, err = run(capsys, "--database", clinic, "record", "sign", rid, "--user", "drlee",
                         "--meaning", "Reviewed and approved", "--password-stdin",
                         stdin=PASSWORD + "\n")
    assert code == 0, err
    assert "signed by Hana Lee, MD" in out
    code, out, err = run(capsys, "--database", clinic, "record", "addendum", rid, "--user",
                         "drlee", "--reason", "Clarify", "--text", "Right side was also sore.",
                         "--password-stdin", stdin=PASSWORD + "\n")
    assert code == 0, err
    code, out, _ = run(capsys, "--database", clinic, "record", "show", rid, "--json")
    shown = json.loads(out)
    assert shown["status"] == "signed" and shown["signature"]["printed_name"] == "Hana Lee"
    assert shown["addenda"][0]["text"] == "Right side was also sore."
    # Re-importing the signed record is refused; nothing changes.
    shown["pain_after"] = 0
    code, _, err = run(capsys, "--database", clinic, "record", "import", "-",
                       stdin=json.dumps(shown))
    assert code == 2 and "signed" in err
    code, out, _ = run(capsys, "--database", clinic, "audit", "verify")
    assert code == 0 and out.startswith("audit chain intact:")
    services.db.dispose()


def test_python_main_is_the_same_command(sqlite_url: str, tmp_path: Path) -> None:
    env_cmd = [sys.executable, str(ROOT / "main.py"), "--database", sqlite_url, "init-db"]
    result = subprocess.run(env_cmd, capture_output=True, text=True, check=False, cwd=tmp_path)
    assert result.returncode == 0 and "database ready" in result.stdout
    result = subprocess.run([str(Path(sys.executable).parent / "clinic-desk"), "--version"],
                            capture_output=True, text=True, check=False)
    assert result.returncode == 0 and result.stdout.startswith("clinic-desk ")


def test_database_from_environment(sqlite_url: str, monkeypatch, capsys) -> None:
    monkeypatch.setenv("CLINIC_DESK_DATABASE_URL", sqlite_url)
    code, out, _ = run(capsys, "init-db")
    assert code == 0 and sqlite_url.removeprefix("sqlite:///") in out
