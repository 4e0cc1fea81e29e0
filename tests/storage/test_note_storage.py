"""The procedure note is stored with its record and covered by the signature (issue 14)."""

from __future__ import annotations

from dataclasses import replace

import pytest
from sqlalchemy import text

from clinic_desk.domain.errors import ValidationError
from clinic_desk.domain.procedures import ProcedureKind
from tests.factories import make_note, make_record
from tests.signoff.helpers import save_patient, signed_record


def test_note_round_trips(services, staff):  # type: ignore[no-untyped-def]
    patient = save_patient(services, staff.nurse)
    record = make_record(patient=patient, kind=ProcedureKind.RADIOFREQUENCY_ABLATION,
                         block_number=None, physician=staff.physician.staff,
                         nurse=staff.nurse.staff)
    saved = services.records.mark_ready(staff.nurse, record)
    again = services.records.get(staff.nurse, saved.id)
    assert again.note == record.note
    assert again.note is not None and again.note.rfa.motor_test is not None


def test_record_without_note_reads_back_without_one(db, services, staff):  # type: ignore[no-untyped-def]
    patient = save_patient(services, staff.nurse)
    saved = services.records.save(staff.nurse, make_record(
        patient=patient, note=None, physician=staff.physician.staff, nurse=staff.nurse.staff))
    with db.engine.connect() as conn:
        assert conn.execute(text("SELECT note FROM records WHERE id = :i"),
                            {"i": saved.id}).scalar() is None
    assert services.records.get(staff.nurse, saved.id).note is None
    with pytest.raises(ValidationError) as e:
        services.records.mark_ready(staff.nurse, saved)
    assert "note.consent.form" in {i.field for i in e.value.issues}


def test_signature_covers_the_note(services, staff):  # type: ignore[no-untyped-def]
    signed = signed_record(services, staff)
    assert signed.note is not None
    assert services.signing.verify(signed)
    tampered = replace(signed, note=replace(signed.note, skin_prep="Nothing"))
    assert not services.signing.verify(tampered)


def test_note_edit_is_saved(services, staff):  # type: ignore[no-untyped-def]
    patient = save_patient(services, staff.nurse)
    saved = services.records.save(staff.nurse, make_record(
        patient=patient, physician=staff.physician.staff, nurse=staff.nurse.staff))
    note = make_note(position="Prone, pillow under abdomen")
    services.records.save(staff.nurse, replace(saved, note=note))
    assert services.records.get(staff.nurse, saved.id).note == note
