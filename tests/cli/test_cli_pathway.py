"""Issue 13's command line: record ready, calls list/record, pathway show, report outcomes;
bad input exits 2 with the field path and saves nothing."""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path
from typing import Any

import jsonschema

from tests.cli.test_cli import ROOT, run
from tests.cli.test_cli import clinic as clinic  # the fixture
from tests.conftest import PASSWORD
from tests.factories import example_record_json

CALL_SCHEMA = json.loads((ROOT / "resources" / "call-format.schema.json").read_text())
ISSUE_EXAMPLE: dict[str, Any] = {
    "format": "clinic-desk/call@1", "called_at": "2026-11-25T10:00:00-05:00",
    "outcome": "reached", "problems": [],
    "diary": [{"after_minutes": 15, "pain": 1, "activity": "bending"},
              {"after_minutes": 30, "pain": 1}],
    "recalled": None}


def _import(capsys: Any, db: str, tmp_path: Path, **changes: Any) -> int:
    doc = example_record_json()
    if "performed_at" in changes and doc.get("note"):
        # The procedure note's times (time-out, discharge) are on the day of the procedure.
        day, new_day = doc["performed_at"][:10], changes["performed_at"][:10]
        doc["note"] = json.loads(json.dumps(doc["note"]).replace(day, new_day))
    doc.update(changes)
    path = tmp_path / f"r{len(list(tmp_path.iterdir()))}.json"
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    code, out, err = run(capsys, "--database", db, "record", "import", str(path))
    assert code == 0, err
    return int(out.strip())


def _call(capsys: Any, db: str, tmp_path: Path, rid: int, data: Any) -> tuple[int, str, str]:
    path = tmp_path / f"call{rid}-{len(list(tmp_path.iterdir()))}.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return run(capsys, "--database", db, "calls", "record", str(rid), str(path), "--user",
               "nkim", "--password-stdin", stdin=PASSWORD + "\n")


def test_issue_example_validates_against_the_schema_and_the_docs_repeat_it() -> None:
    jsonschema.validate(ISSUE_EXAMPLE, CALL_SCHEMA)
    docs = (ROOT / "docs" / "record-format.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```json\n(.*?)```", docs, re.S)
    assert any(json.loads(b) == CALL_SCHEMA for b in blocks if b.lstrip().startswith("{\n"))


def test_calls_pathway_and_record_show(clinic: str, capsys: Any, tmp_path: Path) -> None:
    b1 = _import(capsys, clinic, tmp_path)  # block 1, pain before 7
    b2 = _import(capsys, clinic, tmp_path, block_number=2,
                 performed_at="2026-11-30T09:30:00-05:00", follow_up=None)
    # Block 2 before any call: the result it needs is missing, its own code.
    code, out, _ = run(capsys, "--database", clinic, "record", "show", str(b2), "--json")
    codes = {w["code"] for w in json.loads(out)["warnings"]}
    assert "RESULT_MISSING" in codes and "SECOND_BLOCK_WITHOUT_POSITIVE_FIRST" not in codes
    code, out, _ = run(capsys, "--database", clinic, "calls", "list", "--date", "2026-11-25",
                       "--json")
    assert code == 0 and [r["record_id"] for r in json.loads(out)] == [b1]
    code, out, err = _call(capsys, clinic, tmp_path, b1, ISSUE_EXAMPLE)
    assert code == 0, err
    assert f"recorded for record {b1} (reached)" in out
    code, out, _ = run(capsys, "--database", clinic, "calls", "list", "--date", "2026-11-25")
    assert code == 0 and out == ""  # reached: no longer due
    code, out, _ = run(capsys, "--database", clinic, "record", "show", str(b2), "--json")
    codes = {w["code"] for w in json.loads(out)["warnings"]}
    assert not codes & {"RESULT_MISSING", "SECOND_BLOCK_WITHOUT_POSITIVE_FIRST"}
    mrn = example_record_json()["patient"]["mrn"]
    code, out, _ = run(capsys, "--database", clinic, "pathway", "show", mrn, "--json")
    data = json.loads(out)
    first = data["procedures"][0]
    assert (first["id"], first["kind"], first["block_number"], first["result"]) == (
        b1, "medial_branch_block", 1, "positive")
    assert first["peak_relief_percent"] == 85.7  # (7 - 1) / 7
    assert first["joints"][0] == {"level": "L4-L5", "side": "bilateral"}
    assert data["procedures"][1]["result"] == "missing"
    assert data["next_step"].startswith("Diary result for block 2")
    code, out, _ = run(capsys, "--database", clinic, "pathway", "show", mrn)
    assert code == 0 and "positive, peak relief 85.7%" in out
    code, out, _ = run(capsys, "--database", clinic, "record", "show", str(b1))
    assert "Diary:     positive under Medicare LCD, peak 85.7%" in out
    code, out, _ = run(capsys, "--database", clinic, "record", "show", str(b2))
    assert "Diary:     not recorded" in out


def test_bad_call_exits_2_with_the_field_and_saves_nothing(clinic: str, capsys: Any,
                                                             tmp_path: Path) -> None:
    b1 = _import(capsys, clinic, tmp_path)
    bad = json.loads(json.dumps(ISSUE_EXAMPLE))
    bad["diary"][1]["after_minutes"] = 45
    bad["outcome"] = "maybe"
    code, _, err = _call(capsys, clinic, tmp_path, b1, bad)
    assert code == 2
    assert "error: outcome:" in err and "error: diary[1].after_minutes:" in err
    code, _, err = _call(capsys, clinic, tmp_path, b1, "not an object")
    assert code == 2 and "JSON object" in err
    code, out, _ = run(capsys, "--database", clinic, "calls", "list", "--date", "2026-11-25",
                       "--json")
    assert json.loads(out)[0]["tries"] == 0
    # Standard input: the password line, then the JSON.
    code, out, err = run(capsys, "--database", clinic, "calls", "record", str(b1), "-",
                         "--user", "nkim", "--password-stdin",
                         stdin=PASSWORD + "\n" + json.dumps(ISSUE_EXAMPLE))
    assert code == 0, err
    code, _, err = run(capsys, "--database", clinic, "calls", "record", str(b1), "-",
                       "--user", "nkim", "--password-stdin",
                       stdin="wrong password\n" + json.dumps(ISSUE_EXAMPLE))
    assert code == 2 and "error:" in err


VITALS = {"systolic": 128, "diastolic": 78, "heart_rate": 72, "spo2": 98, "resp_rate": 14}


def test_record_ready(clinic: str, capsys: Any, tmp_path: Path) -> None:
    rid = _import(capsys, clinic, tmp_path, vitals_before=VITALS, vitals_after=VITALS)
    code, out, err = run(capsys, "--database", clinic, "record", "ready", str(rid), "--user",
                         "nkim", "--password-stdin", stdin=PASSWORD + "\n")
    assert code == 0, err
    assert f"record {rid} ready for signature" in out
    version = re.search(r"version (\d+)", out)
    # Issue 15 (2): sent again, it is left as it is (no new version, no new audit entry).
    code, again, err = run(capsys, "--database", clinic, "record", "ready", str(rid),
                           "--user", "nkim", "--password-stdin", stdin=PASSWORD + "\n")
    assert code == 0, err
    assert version is not None and f"(version {version.group(1)})" in again
    incomplete = _import(capsys, clinic, tmp_path, vitals_before=VITALS, vitals_after=VITALS,
                         pain_after=None)
    code, _, err = run(capsys, "--database", clinic, "record", "ready", str(incomplete),
                       "--user", "nkim", "--password-stdin", stdin=PASSWORD + "\n")
    assert code == 2 and "pain_after" in err


def test_report_outcomes(clinic: str, capsys: Any, tmp_path: Path) -> None:
    _import(capsys, clinic, tmp_path)
    target = tmp_path / "report.csv"
    code, out, err = run(capsys, "--database", clinic, "report", "outcomes", "--from",
                         "2026-11-01", "--to", "2026-11-30", "--csv", str(target))
    assert code == 0, err
    rows = list(csv.reader(target.open(encoding="utf-8", newline="")))
    assert ["Procedures per week by kind and physician"] in rows
    assert any(r[:2] == ["2026-11-23", "Medial branch block"] for r in rows)
    code, out, _ = run(capsys, "--database", clinic, "report", "outcomes", "--from",
                       "2026-11-01", "--to", "2026-11-30")
    assert code == 0 and "Next-day call reach rate" in out
    code, _, err = run(capsys, "--database", clinic, "report", "outcomes", "--from",
                       "2026-13-01", "--to", "2026-11-30")
    assert code == 2 and "--from" in err
    code, _, err = run(capsys, "--database", clinic, "report", "outcomes", "--from",
                       "2026-12-01", "--to", "2026-11-30")
    assert code == 2 and "--to" in err


def test_check_names_a_stale_report_summary_and_report_rebuild_cures_it(
        clinic: str, capsys: Any, tmp_path: Path) -> None:
    from tests.signoff.helpers import raw_execute, raw_rows

    _import(capsys, clinic, tmp_path)
    code, out, err = run(capsys, "--database", clinic, "check")
    assert code == 0, out + err
    assert "report summary matches" in out
    # Rows changed below the app: the summary no longer matches. Derived data, not
    # evidence: named with its cure, the integrity check still passes.
    raw_execute(clinic, "UPDATE report_day_counts SET n = n + 1")
    code, out, err = run(capsys, "--database", clinic, "check")
    assert code == 0, out + err
    assert "report_day_counts" in out and "clinic-desk report rebuild" in out
    code, _, err = run(capsys, "--database", clinic, "report", "rebuild", "--admin", "nkim",
                       "--password-stdin", stdin=PASSWORD + "\n")
    assert code != 0 and "A nurse account cannot manage" in err
    code, out, err = run(capsys, "--database", clinic, "report", "rebuild", "--admin", "admin",
                         "--password-stdin", stdin=PASSWORD + "\n")
    assert code == 0, err
    assert out.strip() == "report summary rebuilt: 1 procedures"
    code, out, err = run(capsys, "--database", clinic, "check")
    assert code == 0 and "report summary matches" in out, out + err
    assert raw_rows(clinic, "SELECT COUNT(*) FROM audit_log WHERE action = 'report_rebuild'"
                    ) == [(1,)]
