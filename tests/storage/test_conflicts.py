"""Version conflicts, signed-record locks and transactions on SQLite and PostgreSQL."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timedelta, timezone

import pytest
from sqlalchemy import text

from clinic_desk.domain.errors import RecordSignedError, ValidationError, VersionConflictError
from clinic_desk.domain.joints import JointSide, Side, joint
from clinic_desk.domain.medications import MedicationLine
from clinic_desk.domain.procedures import Guidance, ProcedureKind
from clinic_desk.domain.record import Patient, ProcedureRecord, RecordStatus, Vitals
from clinic_desk.services import Services
from clinic_desk.storage.unit_of_work import UnitOfWork
from tests.factories import make_note

TZ = timezone(timedelta(hours=-5))


def complete_record(services: Services, staff) -> ProcedureRecord:  # type: ignore[no-untyped-def]
    patient = services.patients.save(staff.nurse, Patient(
        "A1001", "O'Brien-Nguyễn", "Zoë", date(1961, 3, 14), weight_kg=72))
    vit = Vitals(128, 78, 70, 98, 14)
    return ProcedureRecord(
        patient=patient, kind=ProcedureKind.MEDIAL_BRANCH_BLOCK, block_number=1,
        performed_at=datetime(2026, 11, 24, 9, 30, tzinfo=TZ),
        physician=staff.physician.staff, nurse=staff.nurse.staff,
        joints=(JointSide(joint("L4-L5"), Side.BILATERAL), JointSide(joint("L5-S1"), Side.LEFT)),
        guidance=Guidance(fluoro_time_s=38, dose_mgy=4.1, contrast="iohexol"),
        medications=(MedicationLine("bupivacaine", "0.5%", 0.5),),
        pain_before=7, pain_after=2, vitals_before=vit, vitals_after=vit,
        note=make_note(ProcedureKind.MEDIAL_BRANCH_BLOCK, datetime(2026, 11, 24, 9, 30, tzinfo=TZ)))


def test_second_save_of_same_version_is_a_conflict(services, staff):
    saved = services.records.save(staff.nurse, complete_record(services, staff))
    mine = replace(saved, pain_after=1)
    theirs = replace(saved, notes="Patient comfortable")
    services.records.save(staff.physician, theirs)
    with pytest.raises(VersionConflictError) as err:
        services.records.save(staff.nurse, mine)
    assert err.value.updated_by == "drlee"
    stored = services.records.get(staff.nurse, saved.id)
    assert stored.notes == "Patient comfortable" and stored.pain_after == 2


def test_two_sessions_racing_on_one_row_never_both_win(db, services, staff):
    saved = services.records.save(staff.nurse, complete_record(services, staff))
    a, b = UnitOfWork(db), UnitOfWork(db)
    with a:
        a.records.update(replace(saved, pain_after=1), "nkim")
        a.commit()
    with pytest.raises(VersionConflictError), b:
        b.records.update(replace(saved, pain_after=0), "drlee")
        b.commit()
    assert services.records.get(staff.nurse, saved.id).pain_after == 1


def test_signed_record_is_locked_by_orm_service_and_raw_sql(db, services, staff):
    saved = services.records.mark_ready(staff.nurse, complete_record(services, staff))
    signed = services.signing.sign(staff.physician, saved.id, staff.password,
                                   "Reviewed and approved")
    assert signed.status is RecordStatus.SIGNED and services.signing.verify(signed)
    with pytest.raises(RecordSignedError):
        services.records.save(staff.physician, replace(signed, pain_after=0))
    statements = [
        "UPDATE records SET pain_after = 0 WHERE id = :id",
        "DELETE FROM records WHERE id = :id",
        "UPDATE record_joints SET side = 'right' WHERE record_id = :id",
        "DELETE FROM record_medications WHERE record_id = :id",
        "INSERT INTO record_complications (record_id, position, kind, text) "
        "VALUES (:id, 9, 'other', 'x')",
        "UPDATE signatures SET meaning = 'x' WHERE record_id = :id",
        "DELETE FROM signatures WHERE record_id = :id",
    ]
    for sql in statements:
        with pytest.raises(RecordSignedError), UnitOfWork(db) as uow:
            uow.session.execute(text(sql), {"id": signed.id})
            uow.commit()
    again = services.records.get(staff.nurse, signed.id)
    assert again == replace(signed, version=again.version) and services.signing.verify(again)


def test_invalid_record_saves_nothing(services, staff):
    record = replace(complete_record(services, staff), pain_after=11)
    with pytest.raises(ValidationError) as err:
        services.records.save(staff.nurse, record)
    assert [i.field for i in err.value.issues] == ["pain_after"]
    assert services.records.list_records(staff.nurse) == []
