"""Export speed (issue 14): the chart note PDF, and a 1,000-record FHIR R4 export.

Run standalone: `.venv/bin/python benchmarks/bench_exports.py` prints one JSON object (see
common.py); progress goes to stderr. Target: chart note median <= 15 ms (a signed two-page
note with an addendum, embedded fonts; another patient each time). The FHIR figure is the
whole export of 1,000 signed records as `ExportService.fhir_bundle` builds it after the
records are read: every resource, each record's note PDF in base64, and the JSON text.
Reported, not judged (no target in the issue).
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from dataclasses import replace
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from common import emit, figure, machine_info, progress

from clinic_desk.domain.clinic import ClinicInfo
from clinic_desk.domain.joints import parse_joint_sides
from clinic_desk.domain.medications import MedicationLine
from clinic_desk.domain.note import (
    MotorTest,
    NoteDefaults,
    RfaParameters,
    default_note,
)
from clinic_desk.domain.procedures import Guidance, ProcedureKind
from clinic_desk.domain.record import (
    Addendum,
    Patient,
    ProcedureRecord,
    RecordStatus,
    Signature,
    StaffRef,
    Vitals,
)
from clinic_desk.domain.signoff import record_hash
from clinic_desk.exports import fhir
from clinic_desk.exports.note_pdf import render_note

TARGET_NOTE_MS = 15.0
TZ = timezone(timedelta(hours=-5))
DOCTOR = StaffRef("drlee", "Hana Lee", "MD")
NURSE = StaffRef("nkim", "Min-jun Kim", "RN")
CLINIC = ClinicInfo(name="Riverside Spine & Pain Clinic")
NAMES = [("Zoë", "O'Brien"), ("José Luis", "García-Pérez"), ("Thảo", "O'Brien-Nguyễn"),
         ("Δημήτρης", "Παπαδόπουλος"), ("Анна", "Иванова"), ("小明", "王"), ("Renée", "D’Angelo")]
JOINTS = ["L4-5 B, L5-S1 L", "C5-6 L", "L3-4 B, L4-5 B", "C3-4 B, C4-5 R"]


def record(n: int) -> ProcedureRecord:
    """A signed record of another invented patient each time; every tenth an RFA, every
    fifth with an addendum."""
    given, family = NAMES[n % len(NAMES)]
    start = datetime(2026, 11, 2 + n % 25, 8 + n % 8, n % 60, tzinfo=TZ)
    rfa = n % 10 == 0
    kind = ProcedureKind.RADIOFREQUENCY_ABLATION if rfa else ProcedureKind.MEDIAL_BRANCH_BLOCK
    note = default_note(NoteDefaults(), kind, start)
    if rfa:  # invented values for the benchmark, not clinical guidance
        note = replace(note, rfa=RfaParameters(0.4, MotorTest.NO_LIMB_RESPONSE, 80, 90))
    r = ProcedureRecord(
        patient=Patient(f"B{n:06d}", family, given, date(1950 + n % 40, 1 + n % 12, 1 + n % 28),
                        weight_kg=60 + n % 40, id=n + 1),
        kind=kind, block_number=None if rfa else 1 + n % 2, performed_at=start,
        ended_at=start + timedelta(minutes=25), physician=DOCTOR, nurse=NURSE,
        joints=parse_joint_sides(JOINTS[n % len(JOINTS)]),
        guidance=Guidance(fluoro_time_s=30 + n % 40, dose_mgy=2 + n % 9, contrast="iohexol"),
        medications=(MedicationLine("bupivacaine", "0.5%", 0.5),), pain_before=7,
        pain_after=2, vitals_before=Vitals(128, 78, 72, 98, 14),
        vitals_after=Vitals(122, 76, 68, 98, 14), note=note, id=1000 + n, version=3)
    sig = Signature(DOCTOR, start + timedelta(hours=2), "Reviewed and approved", record_hash(r))
    r = r.with_changes(signature=sig, status=RecordStatus.SIGNED)
    if n % 5 == 0:
        at = start + timedelta(days=1)
        add = Addendum("Diary returned by phone; relief lasted the expected time. " * 3,
                       "Late entry", DOCTOR, at, Signature(DOCTOR, at, sig.meaning, "0" * 64))
        r = r.with_changes(addenda=(add,))
    return r


def main() -> None:
    argparse.ArgumentParser(description=__doc__.split("\n\n")[0]).parse_args()
    progress("chart note: first render (fonts), then 200 timed")
    t0 = time.perf_counter()
    render_note(record(0), CLINIC)
    first_ms = (time.perf_counter() - t0) * 1000
    wall = []
    for n in range(1, 201):
        r = record(n)
        t0 = time.perf_counter()
        render_note(r, CLINIC)
        wall.append((time.perf_counter() - t0) * 1000)
    wall.sort()
    median, p95 = statistics.median(wall), wall[int(len(wall) * 0.95) - 1]

    progress("FHIR: 1,000 signed records to one Bundle (JSON text)")
    records = [record(n) for n in range(1000)]
    ctx = fhir.FhirContext({"drlee": "1558598797"}, lambda r: render_note(r, CLINIC))
    t0 = time.perf_counter()
    bundle = fhir.bundle(records, ctx, datetime.now().astimezone())
    text = json.dumps(bundle, ensure_ascii=False, indent=1)
    fhir_s = time.perf_counter() - t0
    emit({
        "benchmark": "exports",
        "machine": machine_info(),
        "figures": [
            figure("note.render_median", median, "ms", TARGET_NOTE_MS,
                   detail={"renders": len(wall), "note": "signed, one in five with an "
                           "addendum; identifiers on every page"}),
            figure("note.render_p95", p95, "ms"),
            figure("note.first_render", first_ms, "ms",
                   detail={"note": "includes registering the embedded fonts"}),
            figure("fhir.export_1000_records", fhir_s, "s",
                   detail={"resources": len(bundle["entry"]),
                           "json_mib": round(len(text.encode()) / 2**20, 1),
                           "note": "records already read; includes 1,000 note PDFs"}),
        ],
    })


if __name__ == "__main__":
    main()
