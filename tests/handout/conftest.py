"""Builders for handout tests: records from plain domain constructors, PDF text extraction.

Every person here is invented. `record()` is a complete diagnostic medial branch block at
L4-L5 both sides and L5-S1 left; keyword arguments replace any field.
"""

from __future__ import annotations

import io
import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from typing import Any

import pypdf
import pytest

from clinic_desk.domain.clinic import ClinicInfo
from clinic_desk.domain.joints import parse_joint_sides
from clinic_desk.domain.medications import MedicationLine
from clinic_desk.domain.procedures import Guidance, ProcedureKind
from clinic_desk.domain.record import (
    Addendum,
    Anticoagulant,
    Patient,
    ProcedureRecord,
    RecordStatus,
    Signature,
    StaffRef,
)
from clinic_desk.domain.signoff import record_hash
from clinic_desk.domain.texts import LocalizedText

TZ = timezone(timedelta(hours=-5))
PHYSICIAN = StaffRef("drlee", "Hana Lee", "MD")
NURSE = StaffRef("nkim", "Min-jun Kim", "RN")
CLINIC = ClinicInfo(name="Riverside Spine & Pain Clinic",
                    address="1200 River Road, Suite 300\nSpringfield, IL 62704",
                    phone="(217) 555-0142", after_hours_phone="(217) 555-0199")

BUPIVACAINE = MedicationLine("bupivacaine", "0.5%", 0.5)
LIDOCAINE = MedicationLine("lidocaine", "2%", 1.0)
TRIAMCINOLONE = MedicationLine("triamcinolone", "40 mg/mL", 1.0, per_target=False)

# Invented names in the scripts the handout fonts cover, written as staff would store them.
NAMES: list[tuple[str, str]] = [
    ("Zoë", "O'Brien"),
    ("Renée", "D’Angelo"),
    ("José Luis", "García-Pérez"),
    ("Thảo", "O'Brien-Nguyễn"),
    ("Nguyễn Thị", "Hương"),
    ("Łukasz", "Wróblewski"),
    ("Søren", "Kjærgård"),
    ("Ayşe", "Yılmaz"),
    ("Δημήτρης", "Παπαδόπουλος"),
    ("Анна", "Иванова-Петрова"),
    ("小明", "王"),
    ("さくら", "山田"),
    ("민준", "김"),
    ("Mary Ann", "St. John"),
]

_mrn = iter(range(1, 1_000_000))


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=TZ)


def patient(**overrides: Any) -> Patient:
    fields: dict[str, Any] = {"mrn": f"H{next(_mrn):05d}", "family_name": "O'Brien",
                              "given_name": "Zoë", "date_of_birth": date(1961, 3, 14)}
    fields.update(overrides)
    return Patient(**fields)


def record(**overrides: Any) -> ProcedureRecord:
    """A diagnostic medial branch block (block 1), unsigned; `joints` may be text."""
    p = overrides.pop("patient", None)
    if p is None:
        p = patient()
    elif isinstance(p, dict):
        p = patient(**p)
    joints = overrides.pop("joints", "L4-L5 B, L5-S1 L")
    if isinstance(joints, str):
        joints = parse_joint_sides(joints)
    fields: dict[str, Any] = {
        "patient": p, "kind": ProcedureKind.MEDIAL_BRANCH_BLOCK, "block_number": 1,
        "performed_at": at("2026-11-24 09:30"), "ended_at": at("2026-11-24 09:55"),
        "physician": PHYSICIAN, "nurse": NURSE, "joints": tuple(joints),
        "guidance": Guidance(contrast="iohexol"), "medications": (BUPIVACAINE,),
        "follow_up": at("2026-12-08 10:00"), "id": 42, "version": 3,
    }
    fields.update(overrides)
    return ProcedureRecord(**fields)


def signed(r: ProcedureRecord, meaning: str = "Reviewed and approved",
           addenda: tuple[Addendum, ...] = ()) -> ProcedureRecord:
    sig = Signature(PHYSICIAN, at("2026-11-24 10:42"), meaning, record_hash(r))
    return r.with_changes(signature=sig, status=RecordStatus.SIGNED, addenda=addenda)


def addendum(text: str = "Diary returned by phone.", reason: str = "Late entry",
             changes: bool = False) -> Addendum:
    sig = Signature(PHYSICIAN, at("2026-11-25 08:15"), "Reviewed and approved", "0" * 64)
    return Addendum(text, reason, PHYSICIAN, at("2026-11-25 08:10"), sig, changes)


def anticoagulant(name: str = "apixaban", resume: str = "", es: str = "") -> Anticoagulant:
    """A blood thinner; `resume` alone is in the patient's preferred language, with `es` the
    record has the restart instructions in English (`resume`) and Spanish (issue 12)."""
    if es:
        return Anticoagulant(name, LocalizedText.of({"en": resume, "es": es}))
    return Anticoagulant(name, resume)  # type: ignore[arg-type]


@dataclass
class PdfText:
    """The text of a PDF: per page and all together, whitespace folded to single spaces."""

    pages: list[str]
    metadata: dict[str, str]

    @property
    def all(self) -> str:
        return " ".join(self.pages)

    def count(self, needle: str) -> int:
        return self.all.count(fold(needle))

    def __contains__(self, needle: str) -> bool:
        return fold(needle) in self.all


def fold(text: str) -> str:
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", text)).strip()


def pdf_text(pdf: bytes) -> PdfText:
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    meta = {k: str(v) for k, v in (reader.metadata or {}).items()}
    return PdfText([fold(p.extract_text() or "") for p in reader.pages], meta)


@pytest.fixture
def clinic() -> ClinicInfo:
    return CLINIC
