"""A signed record never changes, by any path: the services, the ORM, the command line, a
re-import, and raw SQL on SQLite and on PostgreSQL (triggers from migration 0001). Every
attempt is refused and afterwards every stored row is exactly as it was."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import replace
from pathlib import Path
from typing import Any

import psycopg
import pytest
from sqlalchemy import select

from clinic_desk import cli
from clinic_desk.domain.errors import RecordSignedError, ValidationError
from clinic_desk.domain.procedures import Complication, ComplicationKind
from clinic_desk.domain.record import RecordStatus
from clinic_desk.domain.record_format import content_to_json
from clinic_desk.services import Services
from clinic_desk.storage.models import (
    AddendumRow,
    MedicationRow,
    RecordJointRow,
    RecordRow,
    SignatureRow,
)
from clinic_desk.storage.unit_of_work import UnitOfWork
from tests.conftest import owner_url
from tests.factories import make_record

from .helpers import (
    MEANING,
    audit_count,
    raw_connection,
    raw_execute,
    raw_rows,
    ready_record,
    signed_record,
    snapshot,
)


def _url(services: Services) -> str:
    return services.db.url.render_as_string(hide_password=False)


@pytest.fixture
def signed(services: Services, staff: Any) -> Any:
    """A signed record with an addendum and a stored handout print."""
    record = signed_record(services, staff, complications=(
        Complication(ComplicationKind.VASOVAGAL, "Brief, resolved lying flat"),))
    services.signing.add_addendum(staff.physician, record.id, staff.password,
                                  "Ice 20 minutes at a time.", "Omitted", True)
    raw_execute(_url(services),
                "INSERT INTO handout_prints (record_id, handout_version, language, large_print,"
                " printed_at, user_id, username, workstation, printer, reason,"
                " verification_code, pdf_sha256, pdf, checked_out) VALUES (?, 2, 'en', FALSE,"
                " CURRENT_TIMESTAMP, ?, 'desk', 'ws', 'PDF', '', 'ABC123', ?, ?, TRUE)",
                (record.id, staff.desk.user_id, "0" * 64, b"%PDF-1.4 fake"))
    return services.records.get(staff.nurse, record.id)


def _everything(url: str, record_id: int) -> dict[str, Any]:
    out: dict[str, Any] = dict(snapshot(url, record_id))
    out["handout_prints"] = raw_rows(url, "SELECT * FROM handout_prints WHERE record_id = ?",
                                     (record_id,))
    out["audit_log"] = raw_rows(url, "SELECT * FROM audit_log ORDER BY seq")
    return out


def _statements(signed_id: int, other_id: int, postgres: bool) -> list[str]:
    s, o = signed_id, other_id
    sql = [
        f"UPDATE records SET pain_after = 0 WHERE id = {s}",
        f"UPDATE records SET notes = 'changed' WHERE id = {s}",
        f"UPDATE records SET status = 'draft' WHERE id = {s}",
        f"UPDATE records SET version = version WHERE id = {s}",  # even a no-op write
        f"DELETE FROM records WHERE id = {s}",
        f"UPDATE records SET status = 'signed' WHERE id = {o}",  # signed without a signature
        "INSERT INTO records (patient_id, kind, performed_at, performed_offset_min,"
        " follow_up_offset_min, status, levels, modality, sedation, vitals_before,"
        " vitals_after, notes, diabetic, anticoagulant_resume, created_at, created_by,"
        " updated_at, updated_by, version) SELECT patient_id, kind, performed_at, 0, 0,"
        " 'signed', '', 'fluoroscopy', 'none', '{}', '{}', '', diabetic, '', created_at, 'x',"
        f" updated_at, 'x', 1 FROM records WHERE id = {s}",
        f"UPDATE record_joints SET side = 'right' WHERE record_id = {s}",
        f"DELETE FROM record_joints WHERE record_id = {s}",
        f"INSERT INTO record_joints (record_id, position, level, side) VALUES ({s}, 9, 'L3-L4',"
        " 'left')",
        f"UPDATE record_joints SET record_id = {o} WHERE record_id = {s}",
        f"UPDATE record_joints SET record_id = {s}, level = 'T1-T2' WHERE record_id = {o}",
        f"UPDATE record_medications SET volume_ml = 5 WHERE record_id = {s}",
        f"DELETE FROM record_medications WHERE record_id = {s}",
        "INSERT INTO record_medications (record_id, position, name, strength, volume_ml,"
        f" per_target) VALUES ({s}, 9, 'lidocaine', '1%', 1.0, TRUE)",
        f"UPDATE record_medications SET record_id = {s} WHERE record_id = {o}",
        "INSERT INTO record_complications (record_id, position, kind, text)"
        f" VALUES ({s}, 9, 'other', 'x')",
        f"DELETE FROM record_complications WHERE record_id = {s}",
        f"UPDATE signatures SET meaning = 'Performed by' WHERE record_id = {s}",
        f"UPDATE signatures SET content_hash = '{'0' * 64}' WHERE record_id = {s}",
        f"UPDATE signatures SET content = '{{}}' WHERE record_id = {s}",
        f"DELETE FROM signatures WHERE record_id = {s}",
        "INSERT INTO signatures (record_id, signer_id, signer_username, printed_name,"
        " credentials, signed_at, signed_offset_min, meaning, content_hash, content)"
        " SELECT record_id, signer_id, signer_username, printed_name, credentials, signed_at,"
        f" 0, meaning, content_hash, content FROM signatures WHERE record_id = {s}",
        f"UPDATE addenda SET text = 'Heat is fine.' WHERE record_id = {s}",
        f"UPDATE addenda SET changes_instructions = FALSE WHERE record_id = {s}",
        f"DELETE FROM addenda WHERE record_id = {s}",
        f"UPDATE handout_prints SET pdf = pdf WHERE record_id = {s}",
        f"DELETE FROM handout_prints WHERE record_id = {s}",
        "UPDATE audit_log SET detail = '{}' WHERE seq = 1",
        "DELETE FROM audit_log WHERE seq = (SELECT MAX(seq) FROM audit_log)",
    ]
    if postgres:
        for table in ("records", "record_joints", "record_medications", "record_complications",
                      "signatures", "addenda", "handout_prints", "audit_log"):
            sql += [f"TRUNCATE {table} CASCADE", f"TRUNCATE {table}"]
    return sql


def test_raw_sql_cannot_change_a_signed_record(services: Services, staff: Any,
                                               signed: Any) -> None:
    """Each statement straight through the database driver, autocommitted: every one is
    refused, and afterwards every row is as it was. On PostgreSQL as the tables' owner: the
    triggers hold even for the owner (the application's role is refused sooner, by its
    rights)."""
    url = owner_url(_url(services))
    other = ready_record(services, staff, patient=signed.patient)
    before = _everything(url, signed.id)
    other_before = snapshot(url, other.id)
    postgres = not url.startswith("sqlite")
    errors = (psycopg.Error,) if postgres else (sqlite3.Error,)
    accepted, reasons = [], set()
    statements = _statements(signed.id, other.id, postgres)
    for sql in statements:
        with raw_connection(url) as conn:
            try:
                conn.cursor().execute(sql)
            except errors as e:
                reasons.add(str(e).splitlines()[0])
            else:
                accepted.append(sql)
    assert accepted == []
    for table, rows in before.items():  # every statement had rows to hit
        assert rows, table
    assert _everything(url, signed.id) == before
    assert snapshot(url, other.id) == other_before
    assert any("clinic_desk: record is signed" in r for r in reasons)
    assert any("clinic_desk: append-only table" in r for r in reasons)
    assert any("a record is signed only with a signature" in r for r in reasons)
    again = services.records.get(staff.nurse, signed.id)
    assert services.signing.verify(again) and len(again.addenda) == 1
    assert len(statements) >= (46 if postgres else 30)


def test_orm_writes_to_a_signed_record_are_refused(services: Services, staff: Any,
                                                   signed: Any) -> None:
    url = _url(services)
    before = _everything(url, signed.id)

    keep: list[RecordRow] = []  # the session holds rows weakly; a collection needs its parent

    def row(uow: UnitOfWork) -> RecordRow:
        keep.append(uow.session.scalars(select(RecordRow).where(RecordRow.id == signed.id))
                    .one())
        return keep[-1]

    attempts = {
        "change a column": lambda uow: setattr(row(uow), "pain_after", 0),
        "change the status": lambda uow: setattr(row(uow), "status", "draft"),
        "delete the record": lambda uow: uow.session.delete(row(uow)),
        "change a joint": lambda uow: setattr(row(uow).joints[0], "side", "right"),
        "drop a medication": lambda uow: row(uow).medications.clear(),
        "add a joint": lambda uow: row(uow).joints.append(
            RecordJointRow(position=7, level="L2-L3", side="left")),
        "add a medication": lambda uow: uow.session.add(MedicationRow(
            record_id=signed.id, position=7, name="lidocaine", strength="1%", volume_ml=1.0,
            per_target=True)),
        "change the signature": lambda uow: setattr(
            uow.session.get(SignatureRow, signed.id), "meaning", "Performed by"),
        "delete the signature": lambda uow: uow.session.delete(
            uow.session.get(SignatureRow, signed.id)),
        "change an addendum": lambda uow: setattr(uow.session.scalars(
            select(AddendumRow).where(AddendumRow.record_id == signed.id)).first(),
            "text", "x"),
        "repository update": lambda uow: uow.records.update(
            replace(signed, notes="changed"), "drlee"),
        "repository status": lambda uow: uow.records.set_status(
            signed.id, signed.version, RecordStatus.DRAFT, "drlee"),
    }
    for name, attempt in attempts.items():
        with pytest.raises(RecordSignedError), UnitOfWork(services.db) as uow:
            attempt(uow)
            uow.session.flush()
            uow.commit()
        assert _everything(url, signed.id) == before, name


def test_service_writes_to_a_signed_record_are_refused(services: Services, staff: Any,
                                                       signed: Any) -> None:
    url = _url(services)
    before = _everything(url, signed.id)
    for actor in (staff.nurse, staff.physician):
        with pytest.raises(RecordSignedError):
            services.records.save(actor, replace(signed, pain_after=0))
        with pytest.raises(RecordSignedError):
            services.records.save(actor, signed)  # even unchanged
        with pytest.raises(RecordSignedError):
            services.records.mark_ready(actor, replace(signed, notes="x"))
        with pytest.raises(RecordSignedError):
            services.records.reopen(actor, signed.id, signed.version, "Change it")
    with pytest.raises(ValidationError, match="already signed"):
        services.signing.sign(staff.physician2, signed.id, staff.password, "Performed by")
    after = _everything(url, signed.id)
    # Only the refusals' own audit entries may differ (there are none: they roll back).
    assert after == before


def test_reimport_of_a_signed_record_is_refused_and_saves_nothing(services: Services,
                                                                  staff: Any,
                                                                  signed: Any) -> None:
    url = _url(services)
    data = content_to_json(signed) | {"id": signed.id, "pain_after": 0}
    new = content_to_json(make_record(patient=signed.patient)) | {"notes": "new one"}
    records_before = raw_rows(url, "SELECT COUNT(*) FROM records")
    patients_before = raw_rows(url, "SELECT COUNT(*) FROM patients")
    before, entries = _everything(url, signed.id), audit_count(services)
    for payload in (data, [new, data], [data | {"version": signed.version}]):
        with pytest.raises(RecordSignedError):
            services.records.import_records(staff.nurse, payload)
    assert _everything(url, signed.id) == before and audit_count(services) == entries
    assert raw_rows(url, "SELECT COUNT(*) FROM records") == records_before
    assert raw_rows(url, "SELECT COUNT(*) FROM patients") == patients_before


def test_command_line_cannot_change_a_signed_record(db_url: str, services: Services,
                                                    staff: Any, signed: Any, tmp_path: Path,
                                                    capsys: Any, monkeypatch: Any) -> None:
    before = _everything(db_url, signed.id)
    path = tmp_path / "again.json"
    path.write_text(json.dumps(content_to_json(signed) | {"id": signed.id, "pain_after": 1}),
                    encoding="utf-8")
    assert cli.main(["--database", db_url, "record", "import", str(path)]) == 2
    assert f"Record {signed.id} is signed" in capsys.readouterr().err
    import io

    monkeypatch.setattr("sys.stdin", io.StringIO(staff.password + "\n"))
    assert cli.main(["--database", db_url, "record", "sign", str(signed.id), "--user",
                     "drokafor", "--meaning", MEANING, "--password-stdin"]) == 2
    assert "already signed" in capsys.readouterr().err
    after = _everything(db_url, signed.id)
    # The CLI's sign-in is audited; nothing else changed.
    assert {k: v for k, v in after.items() if k != "audit_log"} == {
        k: v for k, v in before.items() if k != "audit_log"}
    new_actions = [row[4] for row in after["audit_log"][len(before["audit_log"]):]]
    assert new_actions == ["sign_in"]
    assert after["audit_log"][:len(before["audit_log"])] == before["audit_log"]
    assert cli.main(["--database", db_url, "record", "verify", str(signed.id)]) == 0
