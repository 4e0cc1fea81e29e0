"""A small clinic for the export tests (SQLite and PostgreSQL): signed, amended and draft
records of invented patients, read back by other people's libraries (pypdf, fhir.resources,
hl7apy, csv)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest

from clinic_desk.domain.procedures import ProcedureKind
from clinic_desk.domain.record import ProcedureRecord
from clinic_desk.services import Services
from tests.factories import at
from tests.signoff.helpers import MEANING, ready_record, save_patient

LONG_ADDENDUM = ("Diary returned by phone; relief lasted the expected time. " * 60).strip()


@dataclass
class Exported:
    services: Services
    staff: Any
    signed: ProcedureRecord  # bilateral MBB with a long addendum (a note of several pages)
    rfa: ProcedureRecord  # signed RFA
    draft: ProcedureRecord  # ready, not signed


@pytest.fixture
def exported(services: Services, staff: Any) -> Exported:
    s = services
    patient = save_patient(s, staff.nurse, family_name="O'Brien-王", given_name="Zoë")
    first = ready_record(s, staff, patient=patient, notes="Tolerated well.")
    s.signing.sign(staff.physician, first.id, staff.password, MEANING)
    signed = s.signing.add_addendum(staff.physician, first.id, staff.password, LONG_ADDENDUM,
                                    "Late entry")
    rfa = ready_record(s, staff, kind=ProcedureKind.RADIOFREQUENCY_ABLATION, block_number=None,
                       performed_at=at("2026-11-24 13:00"), ended_at=at("2026-11-24 13:40"))
    rfa = s.signing.sign(staff.physician, rfa.id, staff.password, MEANING)
    draft = ready_record(s, staff, performed_at=at("2026-11-24 15:00"),
                         ended_at=at("2026-11-24 15:20"))
    return Exported(s, staff, signed, rfa, draft)
