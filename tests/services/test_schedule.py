"""Schedule import (issue 14, item 6): whole file or nothing, line numbers, MRN matching,
name and birth-date changes confirmed, every change audited; SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date

import pytest

from clinic_desk.cli import main
from clinic_desk.domain.errors import PermissionDeniedError, ValidationError
from clinic_desk.domain.procedures import ProcedureKind
from clinic_desk.domain.record import RecordStatus, Sex
from clinic_desk.domain.schedule import parse_mapping, parse_schedule
from clinic_desk.services.schedule import ChangesNeedConfirmation
from clinic_desk.storage.unit_of_work import UnitOfWork
from tests.factories import make_patient

TODAY = date.today().isoformat()
HEAD = "mrn,family_name,given_name,date_of_birth,sex,date,time,kind,block_number,levels,physician"


def csv_of(*rows: str, head: str = HEAD) -> bytes:
    return ("\r\n".join([head, *rows]) + "\r\n").encode("utf-8")


ZOE = f"S100,O'Brien-王,Zoë,1961-03-14,F,{TODAY},08:30,mbb,1,\"L4-5 B, L5-S1 L\",drlee"
ANA = f"S101,García-Pérez,José Luis,1958-07-01,,{TODAY},09:15,rfa,,L3-4 R,drlee"


def counts(services) -> tuple[int, int, bool]:  # type: ignore[no-untyped-def]
    """Records, audit entries, and whether the first row's patient exists."""
    with UnitOfWork(services.db, write=False) as uow:
        return (len(uow.records.worklist(limit=10_000)), len(uow.audit.query(limit=100_000)),
                uow.patients.by_mrn("S100") is not None)


def actions(services) -> list[str]:  # type: ignore[no-untyped-def]
    with UnitOfWork(services.db, write=False) as uow:
        return [e.action.value for e in reversed(uow.audit.query(limit=100_000))]


def test_creates_patients_and_planned_drafts(services, staff):  # type: ignore[no-untyped-def]
    result = services.schedule.import_schedule(staff.desk, csv_of(ZOE, ANA), source="day.csv")
    assert (result.patients_created, len(result.records_created)) == (2, 2)
    first = services.records.get(staff.nurse, result.records_created[0])
    assert first.status is RecordStatus.DRAFT
    assert first.patient.family_name == "O'Brien-王" and first.patient.sex is Sex.FEMALE
    assert first.levels_text == "L4-L5 bilateral, L5-S1 left"
    assert first.block_number == 1 and first.physician.username == "drlee"
    assert first.performed_at.strftime("%H:%M") == "08:30"
    second = services.records.get(staff.nurse, result.records_created[1])
    assert second.kind is ProcedureKind.RADIOFREQUENCY_ABLATION
    # The same file again: nothing twice.
    again = services.schedule.import_schedule(staff.desk, csv_of(ZOE, ANA))
    assert (again.records_created, again.already_listed, again.patients_created) == ([], 2, 0)
    assert actions(services).count("record_create") == 2


def test_a_bad_row_stops_the_whole_file(services, staff):  # type: ignore[no-untyped-def]
    before = counts(services)
    bad = f"S102,Kim,Min,1970-13-01,,{TODAY},10:00,mbb,3,,drlee"
    with pytest.raises(ValidationError) as e:
        services.schedule.import_schedule(staff.nurse, csv_of(ZOE, bad, ANA))
    fields = [i.field for i in e.value.issues]
    assert fields == ["line 3, date_of_birth", "line 3, block_number"]
    assert counts(services) == before  # not a patient, record or audit entry written


def test_unknown_physician_is_refused_with_its_line(services, staff):  # type: ignore[no-untyped-def]
    row = f"S103,Kim,Min,1970-01-01,,{TODAY},10:00,ia,,,drnobody"
    with pytest.raises(ValidationError) as e:
        services.schedule.import_schedule(staff.nurse, csv_of(ZOE, row))
    assert [str(i) for i in e.value.issues] == [
        'line 3, physician: "drnobody" is not an active physician\'s username.']


def test_a_physician_with_a_control_character_is_refused_before_any_lookup(
        services, staff):  # type: ignore[no-untyped-def]
    """Found by the hostile-input proof: a NUL byte in the physician's username reached
    PostgreSQL, which cannot store or compare it, and the import failed with a database error
    instead of a line and a field."""
    before = counts(services)
    for bad in ("dr\x00lee", "dr\x07lee", "drlée"):
        row = f"S103,Kim,Min,1970-01-01,,{TODAY},10:00,ia,,,{bad}"
        with pytest.raises(ValidationError) as e:
            services.schedule.import_schedule(staff.nurse, csv_of(ZOE, row))
        assert [i.field for i in e.value.issues] == ["line 3, physician"], bad
    assert counts(services) == before


def test_mapping_renames_columns(services, staff):  # type: ignore[no-untyped-def]
    head = "Patient ID,Last,First,DOB,Gender,Appt Date,Appt Time,Procedure,Block,Levels,Doctor"
    mapping = ('{"Patient ID": "mrn", "Last": "family_name", "First": "given_name", '
               '"DOB": "date_of_birth", "Gender": "sex", "Appt Date": "date", '
               '"Appt Time": "time", "Procedure": "kind", "Block": "block_number", '
               '"Levels": "levels", "Doctor": "physician"}')
    result = services.schedule.import_schedule(staff.desk, csv_of(ZOE, head=head), mapping)
    assert len(result.records_created) == 1
    with pytest.raises(ValidationError) as e:
        services.schedule.import_schedule(staff.desk, csv_of(ZOE, head=head))
    assert "line 1: the file has no mrn" in str(e.value)


def test_name_change_on_existing_mrn_needs_confirmation(services, staff):  # type: ignore[no-untyped-def]
    services.patients.save(staff.nurse, make_patient(mrn="S100", family_name="O'Brien",
                                                     given_name="Zoë",
                                                     date_of_birth=date(1961, 3, 14)))
    before = counts(services)
    with pytest.raises(ChangesNeedConfirmation) as e:
        services.schedule.import_schedule(staff.desk, csv_of(ZOE))
    (change,) = e.value.changes
    assert (change.line, change.mrn) == (2, "S100")
    assert "O'Brien, Zoë, born 1961-03-14" in change.before
    assert counts(services) == before
    result = services.schedule.import_schedule(staff.desk, csv_of(ZOE), confirm_changes=True)
    assert result.patients_changed == 1
    with UnitOfWork(services.db, write=False) as uow:
        entry = next(e for e in uow.audit.query(limit=100) if e.action.value == "patient_change")
        assert uow.patients.by_mrn("S100").family_name == "O'Brien-王"
    assert entry.detail["confirmed"] is True
    assert {"field": "family_name", "before": "O'Brien", "after": "O'Brien-王"} in \
        entry.detail["changes"]


def test_sex_change_is_applied_and_audited_without_asking(services, staff):  # type: ignore[no-untyped-def]
    services.patients.save(staff.nurse, make_patient(
        mrn="S100", family_name="O'Brien-王", given_name="Zoë", date_of_birth=date(1961, 3, 14)))
    result = services.schedule.import_schedule(staff.desk, csv_of(ZOE))
    assert result.patients_changed == 1
    with UnitOfWork(services.db, write=False) as uow:
        entry = next(e for e in uow.audit.query(limit=100) if e.action.value == "patient_change")
    assert entry.detail["changes"] == [{"field": "sex", "before": "unknown", "after": "female"}]


def test_admin_cannot_import(services, staff):  # type: ignore[no-untyped-def]
    with pytest.raises(PermissionDeniedError):
        services.schedule.import_schedule(staff.admin, csv_of(ZOE))


def test_parser_problems() -> None:
    with pytest.raises(ValidationError) as e:
        parse_schedule(csv_of(ZOE)[:-2] + b"\xff\r\n")
    assert "line 2: the file is not UTF-8" in str(e.value)
    with pytest.raises(ValidationError) as e:
        parse_schedule(csv_of(ZOE + ",extra"))
    assert "line 2: This row has more cells" in str(e.value)
    with pytest.raises(ValidationError) as e:
        parse_schedule(csv_of())
    assert "no appointments" in str(e.value)
    with pytest.raises(ValidationError) as e:
        parse_mapping('{"ID": "medical_record"}')
    assert "Unknown column 'medical_record'" in str(e.value)
    rows = parse_schedule(csv_of("", ZOE))  # blank lines are skipped; numbers stay right
    assert rows[0].line == 3


def test_cli(services, staff, db_url, tmp_path, capsys):  # type: ignore[no-untyped-def]
    path = tmp_path / "day.csv"
    path.write_bytes(csv_of(ZOE, f"S102,Kim,Min,1970-01-01,,{TODAY},25:00,mbb,,,"))
    assert main(["--database", db_url, "schedule", "import", str(path)]) == 2
    assert "line 3, time" in capsys.readouterr().err
    path.write_bytes(csv_of(ZOE))
    assert main(["--database", db_url, "schedule", "import", str(path)]) == 0
    assert "1 planned records created" in capsys.readouterr().out
