"""`clinic-desk pathway settings`: show (words and JSON) and --set by an administrator;
bad input exits 2 with the field path and saves nothing; a change is audited and the rules
judge blocks under the profile it chose (SQLite and PostgreSQL)."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import jsonschema

from clinic_desk.domain.audit import AuditAction
from clinic_desk.services import Services
from clinic_desk.storage.engine import Database
from tests.cli.test_cli import ROOT, run
from tests.cli.test_cli import clinic as clinic  # the fixture
from tests.cli.test_cli_pathway import _call, _import
from tests.conftest import PASSWORD
from tests.factories import example_record_json
from tests.signoff.helpers import audit_entries

SCHEMA = json.loads((ROOT / "resources" / "pathway-settings.schema.json").read_text())
COMMERCIAL = {"profile": "commercial-50",
              "profiles": [{"key": "commercial-50", "name": "Commercial payer 50%",
                            "positive_percent": 50, "min_hours": None, "source": "Policy 7"}],
              "calls": {"days_after": 1, "clinic_weekdays": [0, 1, 2, 3, 4, 5],
                        "max_tries": 4, "retry_days": 7, "follow_up_months": [3, 6],
                        "follow_up_window_days": 30},
              "measures": [{"key": "odi", "name": "Disability index", "low": 0, "high": 50}]}


def _show(capsys: Any, db: str, *extra: str) -> tuple[int, str, str]:
    return run(capsys, "--database", db, "pathway", "settings", *extra)


def _set(capsys: Any, db: str, tmp_path: Path, data: Any, admin: str = "admin",
         password: str = PASSWORD) -> tuple[int, str, str]:
    path = tmp_path / f"settings{len(list(tmp_path.iterdir()))}.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return run(capsys, "--database", db, "pathway", "settings", "--set", str(path), "--admin",
               admin, "--password-stdin", "--json", stdin=password + "\n")


def _changes(db: str) -> list[Any]:
    database = Database(db)
    try:
        return [e for e in audit_entries(Services(database),
                                         action=AuditAction.SETTINGS_CHANGE)
                if e.detail.get("key") == "pathway"]
    finally:
        database.dispose()


def test_the_schema_accepts_what_show_prints_and_the_docs_repeat_it(
        clinic: str, capsys: Any) -> None:
    code, out, err = _show(capsys, clinic, "--json")
    assert code == 0, err
    shown = json.loads(out)
    jsonschema.validate(shown, SCHEMA)
    assert shown["profile"] == "medicare" and shown["profiles"] == []
    assert shown["calls"]["max_tries"] == 3 and shown["calls"]["follow_up_months"] == [3, 6, 12]
    jsonschema.validate(COMMERCIAL, SCHEMA)
    docs = (ROOT / "docs" / "record-format.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```json\n(.*?)```", docs, re.S)
    assert any(json.loads(b) == SCHEMA for b in blocks if b.lstrip().startswith("{\n"))
    code, out, _ = _show(capsys, clinic)
    assert code == 0
    assert "Rule profile in use: Medicare LCD (medicare)" in out
    assert "flagged after 3 tries" in out and "Follow-ups: 3, 6, 12 months" in out


def test_an_administrator_sets_them_audited_and_the_rules_follow(
        clinic: str, capsys: Any, tmp_path: Path) -> None:
    block = _import(capsys, clinic, tmp_path)  # block 1, pain 7 before
    # 7 -> 3: 57% relief; negative under Medicare (80%), positive under a 50% profile.
    call = {"format": "clinic-desk/call@1", "called_at": "2026-11-25T10:00:00-05:00",
            "outcome": "reached", "problems": [],
            "diary": [{"after_minutes": 15, "pain": 3}, {"after_minutes": 30, "pain": 3}]}
    code, _, err = _call(capsys, clinic, tmp_path, block, call)
    assert code == 0, err
    mrn = example_record_json()["patient"]["mrn"]

    def result() -> str:
        code, out, err = run(capsys, "--database", clinic, "pathway", "show", mrn, "--json")
        assert code == 0, err
        return str(json.loads(out)["procedures"][0]["result"])

    assert result() == "negative"
    code, out, err = _set(capsys, clinic, tmp_path, COMMERCIAL)
    assert code == 0, err
    assert json.loads(out) == COMMERCIAL  # what --json prints is what --set read
    assert result() == "positive"
    changes = _changes(clinic)
    assert len(changes) == 1 and changes[0].username == "admin"
    assert changes[0].detail["after"]["profile"] == "commercial-50"
    code, out, _ = _show(capsys, clinic)
    assert "Rule profile in use: Commercial payer 50% (commercial-50)" in out
    assert "positive at 50% relief" in out and "Disability index (odi, 0-50)" in out
    assert "clinic days Mon, Tue, Wed, Thu, Fri, Sat (Sun:" in out

    # From standard input after the password line; back to Medicare, the profile kept.
    back = {**COMMERCIAL, "profile": "medicare"}
    code, out, err = run(capsys, "--database", clinic, "pathway", "settings", "--set", "-",
                         "--admin", "admin", "--password-stdin",
                         stdin=PASSWORD + "\n" + json.dumps(back))
    assert code == 0, err
    assert "Rule profile in use: Medicare LCD (medicare)" in out
    assert result() == "negative"
    assert len(_changes(clinic)) == 2


def test_bad_input_names_each_field_and_saves_nothing(clinic: str, capsys: Any,
                                                      tmp_path: Path) -> None:
    code, _, err = _set(capsys, clinic, tmp_path, COMMERCIAL)
    assert code == 0, err
    before = _show(capsys, clinic, "--json")[1]
    bad = {"profile": "commercial-50",
           "profiles": [{"key": "commercial-50", "name": "", "positive_percent": 150}],
           "calls": {"max_tries": 0, "clinic_weekdays": [7], "weekend": True},
           "measures": [{"key": "odi", "name": "X", "low": 10, "high": 5}]}
    code, out, err = _set(capsys, clinic, tmp_path, bad)
    assert code == 2 and out == ""
    for path in ("profiles[0].name", "profiles[0].positive_percent", "calls.max_tries",
                 "calls.clinic_weekdays", "calls.weekend", "measures[0].high"):
        assert f"error: {path}: " in err, path
    # Removing the profile in use is refused at "profile".
    code, _, err = _set(capsys, clinic, tmp_path, {**COMMERCIAL, "profiles": []})
    assert code == 2 and "error: profile: " in err and "in use" in err
    for text, field in (("[1, 2]", "--set"), ("{not json", "--set")):
        path = tmp_path / "raw.json"
        path.write_text(text)
        code, _, err = run(capsys, "--database", clinic, "pathway", "settings", "--set",
                           str(path), "--admin", "admin", "--password-stdin",
                           stdin=PASSWORD + "\n")
        assert code == 2 and f"error: {field}: " in err
    # Who may change them: an administrator with the right password, named on the line.
    code, _, err = run(capsys, "--database", clinic, "pathway", "settings", "--set",
                       str(path))
    assert code == 2 and "error: --admin: " in err
    code, _, err = _set(capsys, clinic, tmp_path, COMMERCIAL, password="not the password")
    assert code == 2
    code, _, err = _set(capsys, clinic, tmp_path, COMMERCIAL, admin="nkim")
    assert code == 2
    assert _show(capsys, clinic, "--json")[1] == before
    assert len(_changes(clinic)) == 1  # only the first, good change


def test_help(capsys: Any) -> None:
    code, out, _ = run(capsys, "pathway", "settings", "--help")
    assert code == 0 and "--set FILE|-" in out and "--admin" in out
