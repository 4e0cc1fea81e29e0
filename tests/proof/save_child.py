"""Child process of the kill test: saves records one by one through the services and prints
"ACK <n> <record id> <sha256 of the record's content>" after each save returns (so after its
commit). The parent SIGKILLs it at random moments.

    python -m tests.proof.save_child URL FIRST LAST

Record n (FIRST <= n < LAST) is built by `record_for(n)`, so the parent can rebuild what each
acknowledged record must contain. Every fifth record is also edited once and every seventh
marked ready before it is acknowledged, so kills land in updates too, not only in inserts.
"""

from __future__ import annotations

import hashlib
import json
import sys
from dataclasses import replace
from datetime import datetime, timedelta, timezone

from clinic_desk.domain.joints import JointSide, Side, joint
from clinic_desk.domain.medications import MedicationLine
from clinic_desk.domain.note import NoteDefaults, default_note
from clinic_desk.domain.procedures import Guidance, ProcedureKind
from clinic_desk.domain.record import Patient, ProcedureRecord, StaffRef, Vitals
from clinic_desk.domain.record_format import content_to_json

TZ = timezone(timedelta(hours=-5))
LEVELS = ("C2-C3", "C5-C6", "T7-T8", "L3-L4", "L4-L5", "L5-S1")
NOTES = ("", "Tolerated well.", "Zoë reports ß-level relief; 王 小明 escort.",
         "Vasovagal — resolved lying flat.", "Notes with 'quotes' and \"double quotes\"; DROP")


def record_for(n: int, patient: Patient, physician: StaffRef, nurse: StaffRef) -> ProcedureRecord:
    start = datetime(2026, 11, 24, 7, 0, tzinfo=TZ) + timedelta(minutes=n)
    level = LEVELS[n % len(LEVELS)]
    side = (Side.LEFT, Side.RIGHT, Side.BILATERAL)[n % 3]
    return ProcedureRecord(
        patient=patient, kind=ProcedureKind.MEDIAL_BRANCH_BLOCK, block_number=1 + n % 2,
        performed_at=start, ended_at=start + timedelta(minutes=20),
        physician=physician, nurse=nurse, joints=(JointSide(joint(level), side),),
        guidance=Guidance(fluoro_time_s=float(20 + n % 50), dose_mgy=round(1 + n % 9 * 0.7, 1),
                          contrast="iohexol"),
        medications=(MedicationLine("bupivacaine", "0.5%", 0.5),),
        pain_before=5 + n % 5, pain_after=n % 5,
        vitals_before=Vitals(120 + n % 20, 70 + n % 10, 60 + n % 30, 95 + n % 5, 12 + n % 6),
        vitals_after=Vitals(118, 72, 66, 98, 14),
        notes=NOTES[n % len(NOTES)] + f" #{n}",
        note=default_note(NoteDefaults(), ProcedureKind.MEDIAL_BRANCH_BLOCK, start))


def final_for(n: int, saved: ProcedureRecord) -> ProcedureRecord:
    """What record n holds when acknowledged (after its edit, if it has one)."""
    if n % 5 == 0:
        return replace(saved, notes=saved.notes + " (edited)", pain_after=(n + 1) % 5)
    return saved


def content_digest(record: ProcedureRecord) -> str:
    data = json.dumps(content_to_json(record), sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(data.encode()).hexdigest()


def main(url: str, first: int, last: int) -> None:
    from clinic_desk.domain.permissions import Action  # noqa: F401 - warm the imports
    from clinic_desk.services import Services
    from clinic_desk.services.auth import AuthService
    from clinic_desk.storage.engine import Database

    db = Database(url)
    services = Services(db)
    with services.auth.uow(write=False) as uow:
        nurse = AuthService.actor_from(uow.users.by_username("nkim"), "KILL-TEST")
        physician = AuthService.actor_from(uow.users.by_username("drlee"), "KILL-TEST")
        patients = [uow.patients.by_mrn(f"K{p:04d}") for p in range(10)]
    print("READY", flush=True)
    for n in range(first, last):
        patient = patients[n % len(patients)]
        assert patient is not None
        saved = services.records.save(nurse, record_for(n, patient, physician.staff,
                                                         nurse.staff))
        if n % 5 == 0:
            saved = services.records.save(nurse, final_for(n, saved))
        if n % 7 == 0:
            saved = services.records.mark_ready(nurse, saved)
        sys.stdout.write(f"ACK {n} {saved.id} {content_digest(saved)} {saved.status.value}\n")
        sys.stdout.flush()
    print("DONE", flush=True)


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]), int(sys.argv[3]))
