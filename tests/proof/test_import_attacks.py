"""Issue 11, points 5, 6 and 12: `clinic-desk record import` as an attacker used it.

Each test runs the exact command of the attack review (in-process, same argv) on SQLite and
PostgreSQL and shows it refused: exit 2, the field path on stderr, and nothing written (the
record's rows, the patients and the audit trail are unchanged).
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from clinic_desk.cli import main
from clinic_desk.domain.record_format import MAX_FILE_BYTES, content_to_json
from clinic_desk.services import Services
from tests.factories import example_record_json
from tests.signoff.helpers import audit_count, raw_rows, save_patient, snapshot

from . import figures

ROOT = Path(__file__).resolve().parents[2]


def run(capsys: Any, *args: str, stdin: bytes = b"") -> tuple[int, str, str]:
    old = sys.stdin
    sys.stdin = io.TextIOWrapper(io.BytesIO(stdin), encoding="utf-8")
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


def _state(services: Services, record_id: int) -> tuple[Any, ...]:
    url = _url(services)
    return (snapshot(url, record_id), raw_rows(url, "SELECT * FROM patients ORDER BY id"),
            raw_rows(url, "SELECT COUNT(*) FROM records"), audit_count(services))


def _refused(capsys: Any, services: Services, record_id: int, doc: Any, field: str,
             words: str, tmp_path: Path) -> None:
    """`clinic-desk --database URL record import FILE` exits 2 naming `field`; nothing moves."""
    before = _state(services, record_id)
    path = tmp_path / "attack.json"
    path.write_text(doc if isinstance(doc, str) else json.dumps(doc), encoding="utf-8")
    code, out, err = run(capsys, "--database", _url(services), "record", "import", str(path))
    figures.add("import_attacks_tried")
    assert code == 2, err
    assert out == "" and f"error: {field}: " in err and words in err, err
    assert _state(services, record_id) == before
    figures.add("import_attacks_refused")


@pytest.fixture
def other_draft(services: Services, staff: Any) -> Any:
    """Patient B's draft (the "id 25" of the review)."""
    from tests.factories import make_record

    patient = save_patient(services, staff.nurse, mrn="B2500", family_name="Okafor",
                           given_name="Ada")
    return services.records.save(staff.nurse, make_record(
        patient=patient, physician=staff.physician.staff, nurse=staff.nurse.staff))


def test_wrong_patient_write_through_an_id_is_refused(services: Services, staff: Any,
                                                      other_draft: Any, capsys: Any,
                                                      tmp_path: Path) -> None:
    """Point 5: a record for a new MRN with "id" of another patient's draft."""
    doc = example_record_json() | {"id": other_draft.id, "version": other_draft.version}
    doc["patient"]["mrn"] = "NEW77"
    doc["patient"]["weight_kg"] = 130
    _refused(capsys, services, other_draft.id, doc, "id", "belongs to another patient",
             tmp_path)
    assert raw_rows(_url(services), "SELECT COUNT(*) FROM patients WHERE mrn = 'NEW77'") == [(0,)]


def test_import_with_an_id_but_no_version_is_refused(services: Services, staff: Any,
                                                     other_draft: Any, capsys: Any,
                                                     tmp_path: Path) -> None:
    """Point 6: a colleague saved a change; an import with "id" and no "version" would have
    overwritten it. A stale version is refused too."""
    saved = services.records.save(staff.nurse, other_draft.with_changes(pain_after=1))
    doc = content_to_json(other_draft) | {"id": other_draft.id, "pain_after": 6}
    _refused(capsys, services, saved.id, doc, "version", "needs the record's \"version\"",
             tmp_path)
    _refused(capsys, services, saved.id, doc | {"version": other_draft.version}, "version",
             "was changed since version", tmp_path)
    # The current version goes through, and only then.
    path = tmp_path / "ok.json"
    path.write_text(json.dumps(doc | {"version": saved.version}), encoding="utf-8")
    code, out, err = run(capsys, "--database", _url(services), "record", "import", str(path))
    assert code == 0, err
    assert int(out) == saved.id


def test_import_over_a_ready_record_is_refused(services: Services, staff: Any,
                                               other_draft: Any, capsys: Any,
                                               tmp_path: Path) -> None:
    ready = services.records.mark_ready(staff.nurse, other_draft)
    doc = content_to_json(ready) | {"id": ready.id, "version": ready.version}
    _refused(capsys, services, ready.id, doc, "id", "only a draft", tmp_path)


@pytest.mark.parametrize("field,who", [("physician", "desk"), ("physician", "admin"),
                                       ("physician", "nkim"), ("nurse", "drlee"),
                                       ("nurse", "desk")])
def test_staff_of_the_wrong_role_is_refused(services: Services, staff: Any, other_draft: Any,
                                            capsys: Any, tmp_path: Path, field: str,
                                            who: str) -> None:
    """Point 12: `physician` set to a desk or admin account (or a nurse), and the reverse."""
    doc = example_record_json() | {field: who}
    _refused(capsys, services, other_draft.id, doc, field, "is not a", tmp_path)


def test_duplicate_keys_are_refused_with_their_path(services: Services, staff: Any,
                                                    other_draft: Any, capsys: Any,
                                                    tmp_path: Path) -> None:
    """Point 12: `"pain_after": 2, ..., "pain_after": 9` used to keep the last one."""
    text = json.dumps(example_record_json())
    text = text.replace('"pain_after": 2', '"pain_after": 2, "pain_after": 9')
    _refused(capsys, services, other_draft.id, text, "pain_after", "appears twice", tmp_path)
    text = json.dumps([example_record_json()]).replace(
        '"mrn": "A1001"', '"mrn": "A1001", "mrn": "B2500"')
    _refused(capsys, services, other_draft.id, text, "[0].patient.mrn", "appears twice",
             tmp_path)


def test_a_file_over_the_cap_is_refused_before_it_is_read(services: Services, staff: Any,
                                                          other_draft: Any, capsys: Any,
                                                          tmp_path: Path) -> None:
    """Point 12: a 200 MB import used 408 MB of memory. A file over 1 MiB is refused from its
    size; standard input is read one byte past the cap and no further."""
    doc = example_record_json() | {"notes": "x" * 3000}
    text = json.dumps([doc] * (MAX_FILE_BYTES // len(json.dumps(doc)) + 1))
    assert len(text) > MAX_FILE_BYTES
    before = _state(services, other_draft.id)
    path = tmp_path / "big.json"
    path.write_text(text, encoding="utf-8")
    code, out, err = run(capsys, "--database", _url(services), "record", "import", str(path))
    assert code == 2 and out == "" and "larger than 1024 KiB" in err
    assert _state(services, other_draft.id) == before
    figures.add("import_attacks_tried")
    figures.add("import_attacks_refused")


def test_endless_standard_input_is_cut_at_the_cap(sqlite_url: str) -> None:
    """`clinic-desk record import - < /dev/zero` ends at once with exit 2 (it used to read
    until memory ran out)."""
    env = dict(os.environ, CLINIC_DESK_DATABASE_URL=sqlite_url)
    with open("/dev/zero", "rb") as zero:
        proc = subprocess.run([sys.executable, "-m", "clinic_desk.cli", "record", "import", "-"],
                              stdin=zero, capture_output=True, text=True, env=env, cwd=ROOT,
                              timeout=120, check=False)
    assert proc.returncode == 2 and "larger than 1024 KiB" in proc.stderr
    code = subprocess.run([sys.executable, "-m", "clinic_desk.cli", "record", "import",
                           "/dev/zero"], capture_output=True, text=True, env=env, cwd=ROOT,
                          timeout=120, check=False)
    assert code.returncode == 2 and "not a regular file" in code.stderr
