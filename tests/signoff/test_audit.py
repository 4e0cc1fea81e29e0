"""The audit trail: every access writes the right entry; admins query and export it; changing
an entry behind the application (triggers dropped, as an attacker with database access would)
is caught by `clinic-desk audit verify`, and a rewritten chain by an anchor."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import replace
from datetime import UTC, date, datetime
from typing import Any

import pytest

from clinic_desk import cli
from clinic_desk.domain.audit import GENESIS, AuditAction, entry_hash
from clinic_desk.domain.clinic import ClinicInfo, SecuritySettings
from clinic_desk.domain.errors import RecordReadyError, ValidationError
from clinic_desk.domain.record_format import content_to_json
from clinic_desk.services import Services
from clinic_desk.services.audit import Anchor, AuditFilter
from tests.conftest import owner_url
from tests.factories import make_patient, make_record

from .helpers import Clock, audit_entries, raw_execute, raw_rows, save_patient


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def timed(services: Services, clock: Clock, clinic_tz: None) -> Services:
    return Services(services.db, clock)


def _url(services: Services) -> str:
    return services.db.url.render_as_string(hide_password=False)


def _new(services: Services, start: int) -> list[Any]:
    return audit_entries(services)[start:]


def test_every_access_writes_the_right_entry(timed: Services, staff: Any) -> None:
    s, nurse, doc = timed, staff.nurse, staff.physician
    n = len(audit_entries(s))

    def step(expected: list[str]) -> list[Any]:
        nonlocal n
        got = _new(s, n)
        n += len(got)
        assert [e.action.value for e in got] == expected
        for e in got:
            assert e.username and e.workstation and e.at.tzinfo is not None
        return got

    patient = s.patients.save(nurse, make_patient(family_name="Øvergård", given_name="Ingrid"))
    (e,) = step(["patient_create"])
    assert e.patient_id == patient.id and e.username == "nkim"
    s.patients.get(nurse, patient.id)
    (e,) = step(["patient_view"])
    assert e.patient_id == patient.id
    patient = s.patients.save(nurse, replace(patient, escort="Daughter"))
    (e,) = step(["patient_change"])
    assert e.detail == {"changes": [{"field": "escort", "before": "", "after": "Daughter"}]}

    record = s.records.save(nurse, make_record(patient=patient, physician=doc.staff,
                                               nurse=nurse.staff))
    (e,) = step(["record_create"])
    assert (e.record_id, e.patient_id) == (record.id, patient.id)
    s.records.get(doc, record.id)
    (e,) = step(["record_view"])
    assert (e.record_id, e.username) == (record.id, "drlee")
    record = s.records.save(nurse, replace(record, pain_after=1))
    (e,) = step(["record_change"])
    assert e.detail == {"changes": [{"field": "pain_after", "before": 2, "after": 1}]}
    record = s.records.save(nurse, record)  # nothing changed, nothing to audit
    step([])
    record = s.records.mark_ready(nurse, record)
    (e,) = step(["record_ready"])
    assert e.record_id == record.id
    with pytest.raises(RecordReadyError):  # issue 15 (2): refused, and nothing audited
        s.records.save(nurse, replace(record, pain_after=0))
    step([])
    record = s.records.reopen(nurse, record.id, record.version, "Wrong side")
    (e,) = step(["record_reopen"])
    assert e.detail == {"reason": "Wrong side"} and e.record_id == record.id
    record = s.records.mark_ready(nurse, record)
    step(["record_ready"])
    s.signing.sign(doc, record.id, staff.password, "Performed by")
    (e,) = step(["record_sign"])
    assert e.detail["meaning"] == "Performed by" and len(e.detail["content_hash"]) == 64
    s.signing.add_addendum(doc, record.id, staff.password, "Text.", "Reason")
    step(["record_addendum"])
    s.records.export_json(doc, record.id)
    (e,) = step(["record_export"])
    assert e.record_id == record.id

    ids = s.records.import_records(nurse, content_to_json(make_record(
        physician=doc.staff, nurse=nurse.staff, patient={"family_name": "Imported"})))
    created, rec, imported = step(["patient_create", "record_create", "record_import"])
    assert imported.detail == {"records": ids} and rec.record_id == ids[0]
    assert created.patient_id == rec.patient_id

    s.settings.save_info(staff.admin, ClinicInfo(name="Lakeside Spine", phone="555-0100"))
    (e,) = step(["settings_change"])
    assert {"field": "name", "before": None, "after": "Lakeside Spine"} in e.detail["changes"]
    s.settings.save_rules(staff.admin, {})
    step(["settings_change"])
    s.settings.save_security(staff.admin, SecuritySettings(lockout_minutes=30))
    step(["settings_change"])
    s.audit.export_csv(staff.admin, io.StringIO())
    (e,) = step(["audit_export"])
    assert e.detail["complete"] is True


@pytest.fixture
def busy(timed: Services, staff: Any, clock: Clock) -> dict[str, Any]:
    """Two days of work by two users on two patients."""
    a = save_patient(timed, staff.nurse, mrn="AUD001")
    b = save_patient(timed, staff.nurse, mrn="AUD002", family_name="Müller")
    timed.patients.get(staff.physician, a.id)
    clock.advance(days=1)
    timed.patients.get(staff.nurse, b.id)
    timed.patients.get(staff.physician, b.id)
    return {"a": a, "b": b}


def test_query_filters(timed: Services, staff: Any, busy: dict[str, Any]) -> None:
    admin, audit = staff.admin, timed.audit
    views = AuditFilter(action=AuditAction.PATIENT_VIEW)
    assert [line.entry.username for line in audit.query(admin, views)] == [
        "drlee", "nkim", "drlee"]  # newest first
    assert audit.count(admin, views) == 3
    by_doc = replace(views, username="DrLee")
    assert [line.mrn for line in audit.query(admin, by_doc, newest_first=False)] == [
        "AUD001", "AUD002"]
    assert audit.count(admin, AuditFilter(mrn="aud002")) == 3  # create + 2 views
    assert audit.count(admin, AuditFilter(mrn="NOPE99")) == 0
    assert audit.query(admin, AuditFilter(mrn="NOPE99")) == []
    assert audit.count(admin, replace(views, start=date(2026, 11, 25))) == 2
    assert audit.count(admin, replace(views, end=date(2026, 11, 24))) == 1
    assert audit.count(admin, replace(views, start=date(2026, 11, 24),
                                      end=date(2026, 11, 25))) == 3
    with pytest.raises(ValidationError):
        audit.count(admin, AuditFilter(start=date(2026, 11, 25), end=date(2026, 11, 24)))
    page = audit.query(admin, AuditFilter(), limit=2, offset=1)
    everything = audit.query(admin, AuditFilter())
    assert [p.entry.seq for p in page] == [e.entry.seq for e in everything[1:3]]


def test_csv_export_is_complete_safe_and_audited(timed: Services, staff: Any,
                                                 busy: dict[str, Any]) -> None:
    admin = staff.admin
    # A workstation name that a spreadsheet would run as a formula.
    timed.patients.get(replace(staff.nurse, workstation="=HYPERLINK(\"http://x\")"),
                       busy["a"].id)
    out = io.StringIO()
    flt = AuditFilter(mrn="AUD001")
    assert timed.audit.export_csv(admin, out, flt) == 3
    rows = list(csv.reader(io.StringIO(out.getvalue())))
    assert rows[0] == ["seq", "time", "user", "workstation", "action", "record_id",
                       "patient_id", "patient_mrn", "detail", "prev_hash", "hash"]
    assert [r[4] for r in rows[1:]] == ["patient_create", "patient_view", "patient_view"]
    assert rows[3][3] == "'=HYPERLINK(\"http://x\")"
    assert all(r[7] == "AUD001" and len(r[10]) == 64 for r in rows[1:])
    assert all(json.loads(r[8]) is not None for r in rows[1:])
    assert "Müller" not in out.getvalue() and "O'Brien" not in out.getvalue()
    export = audit_entries(timed)[-1]
    assert export.action is AuditAction.AUDIT_EXPORT and export.username == "admin"
    assert export.detail == {"filter": {"mrn": "AUD001"}, "rows": 3, "complete": True}


def test_a_failed_export_is_still_audited(timed: Services, staff: Any) -> None:
    class Full(io.StringIO):
        def write(self, s: str) -> int:
            if self.tell() > 200:
                raise OSError("disk full")
            return super().write(s)

    for _ in range(5):
        timed.auth.sign_out(staff.nurse)
    with pytest.raises(OSError):
        timed.audit.export_csv(staff.admin, Full())
    export = audit_entries(timed)[-1]
    assert export.action is AuditAction.AUDIT_EXPORT and export.detail["complete"] is False


def _drop_append_only_trigger(url: str) -> None:
    if url.startswith("sqlite"):
        raw_execute(url, "DROP TRIGGER trg_audit_log_no_update")
        raw_execute(url, "DROP TRIGGER trg_audit_log_no_delete")
    else:
        raw_execute(owner_url(url), "DROP TRIGGER trg_audit_log_append_only ON audit_log")


def _verify(capsys: Any, url: str, *extra: str) -> tuple[int, str]:
    code = cli.main(["--database", url, "audit", "verify", *extra])
    return code, capsys.readouterr().out.strip()


def test_an_entry_changed_by_raw_sql_is_caught(services: Services, staff: Any,
                                               busy: dict[str, Any], capsys: Any) -> None:
    url = _url(services)
    total = len(audit_entries(services))
    assert _verify(capsys, url) == (0, f"audit chain intact: {total} entries")
    # The attacker hides that drlee opened patient AUD001's chart.
    (seq,) = [e.seq for e in audit_entries(services)
              if e.action is AuditAction.PATIENT_VIEW and e.username == "drlee"
              and e.patient_id == busy["a"].id]
    _drop_append_only_trigger(url)
    # The database owner (the application's role may not update or delete audit entries).
    raw_execute(owner_url(url), "UPDATE audit_log SET username = 'nkim' WHERE seq = ?", (seq,))
    assert _verify(capsys, url) == (
        1, f"audit chain broken at entry {seq}: its content was changed")
    assert services.audit.verify(staff.admin).first_bad_seq == seq


def test_a_deleted_entry_is_caught(services: Services, staff: Any, busy: dict[str, Any],
                                   capsys: Any) -> None:
    url = _url(services)
    _drop_append_only_trigger(url)
    raw_execute(owner_url(url), "DELETE FROM audit_log WHERE seq = 3")
    assert _verify(capsys, url) == (1, "audit chain broken at entry 4: entry 3 is missing")


def test_a_rewritten_chain_is_caught_by_an_anchor(services: Services, staff: Any,
                                                  busy: dict[str, Any], capsys: Any) -> None:
    """An attacker who also recomputes every hash after the change passes the chain check;
    the anchor a compliance officer wrote down earlier does not match any more."""
    url = _url(services)
    cli.main(["--database", url, "audit", "anchor"])
    anchor = capsys.readouterr().out.strip()
    assert Anchor.parse(anchor).seq == len(audit_entries(services))
    assert _verify(capsys, url, "--anchor", anchor)[0] == 0
    _drop_append_only_trigger(url)
    rows = raw_rows(url, "SELECT seq, at, username, workstation, action, record_id, patient_id,"
                         " detail FROM audit_log ORDER BY seq")
    prev = GENESIS
    for seq, at, user, ws, action, rid, pid, detail in rows:
        if user == "drlee":
            user = "nkim"
        at_dt = (datetime.fromisoformat(at) if isinstance(at, str) else at).replace(tzinfo=UTC)
        digest = entry_hash(prev, seq, at_dt, user, ws, action, rid, pid, detail)
        raw_execute(owner_url(url), "UPDATE audit_log SET username = ?, prev_hash = ?, "
                                    "hash = ? WHERE seq = ?", (user, prev, digest, seq))
        prev = digest
    code, out = _verify(capsys, url)
    seq = Anchor.parse(anchor).seq
    # The rewrite is consistent, so the chain alone looks intact; but this computer ran
    # `audit verify` before and remembers the head it saw (issue 11): the witness alarm.
    assert code == 1
    assert out.splitlines() == [
        f"audit chain intact: {seq} entries",
        f"INTEGRITY ALARM: audit entry {seq}, seen here before, was rewritten"]
    code, out = _verify(capsys, url, "--anchor", anchor)
    assert code == 1 and out.splitlines()[0] == (
        f"audit chain broken at entry {seq}: it no longer has the anchored hash (the trail "
        "was rewritten)")


def test_audit_export_from_the_command_line_needs_an_admin(
        services: Services, staff: Any, busy: dict[str, Any], capsys: Any,
        monkeypatch: Any, tmp_path: Any) -> None:
    url = _url(services)
    out = tmp_path / "audit.csv"
    monkeypatch.setattr("sys.stdin", io.StringIO(staff.password + "\n"))
    assert cli.main(["--database", url, "audit", "export", "--user", "drlee",
                     "--password-stdin", "--out", str(out)]) == 2
    assert "cannot manage" in capsys.readouterr().err and not out.exists()
    monkeypatch.setattr("sys.stdin", io.StringIO(staff.password + "\n"))
    assert cli.main(["--database", url, "audit", "export", "--user", "admin",
                     "--password-stdin", "--out", str(out), "--action", "patient_view",
                     "--from", "2026-11-25"]) == 0
    assert capsys.readouterr().out.strip() == f"2 audit entries written to {out}"
    rows = list(csv.reader(out.open(encoding="utf-8")))
    assert [r[4] for r in rows[1:]] == ["patient_view", "patient_view"]
    assert audit_entries(services)[-1].action is AuditAction.AUDIT_EXPORT
