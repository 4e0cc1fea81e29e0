"""Handout rendering speed: one full two-page handout (median, p95) and a batch of 200.

Run standalone: `.venv/bin/python benchmarks/bench_handout.py` prints one JSON object (see
common.py); progress goes to stderr. Targets (issue 5): median <= 15 ms for a two-page
handout with diagram, diary, QR and embedded fonts; 200 different handouts <= 4 s.

The first render of a process registers the fonts; it is reported on its own ("first
render") and not counted in the median. Each timed render uses another patient, so the
figures include the work that differs between handouts, not one cached answer.
"""

from __future__ import annotations

import argparse
import io
import statistics
import sys
import time
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

if "--no-accel" in sys.argv:  # measure as if reportlab's optional C helpers were absent
    sys.modules["_rl_accel"] = None  # type: ignore[assignment]
sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from common import emit, figure, machine_info, progress

from clinic_desk.domain.clinic import ClinicInfo
from clinic_desk.domain.joints import parse_joint_sides
from clinic_desk.domain.medications import MedicationLine
from clinic_desk.domain.procedures import Guidance, ProcedureKind, Sedation
from clinic_desk.domain.record import (
    Anticoagulant,
    Language,
    Patient,
    ProcedureRecord,
    RecordStatus,
    Signature,
    StaffRef,
)
from clinic_desk.domain.signoff import record_hash
from clinic_desk.domain.texts import LocalizedText
from clinic_desk.handout import HandoutOptions, render_handout

TARGET_MEDIAN_MS = 15.0
TARGET_BATCH_S = 4.0
TZ = timezone(timedelta(hours=-5))
DOCTOR = StaffRef("drlee", "Hana Lee", "MD")
CLINIC = ClinicInfo(name="Riverside Spine & Pain Clinic",
                    address="1200 River Road, Suite 300\nSpringfield, IL 62704",
                    phone="(217) 555-0142", after_hours_phone="(217) 555-0199")
NAMES = [("Zoë", "O'Brien"), ("José Luis", "García-Pérez"), ("Thảo", "O'Brien-Nguyễn"),
         ("Δημήτρης", "Παπαδόπουλος"), ("Анна", "Иванова"), ("小明", "王"), ("Renée", "D’Angelo"),
         ("Mary Ann", "St. John"), ("Łukasz", "Wróblewski"), ("민준", "김")]
JOINTS = ["L4-5 B, L5-S1 L", "C5-6 L", "T7-8 R, T8-9 R", "L3-4 B, L4-5 B, L5-S1 B",
          "C3-4 B, C4-5 R"]
KINDS = [(ProcedureKind.MEDIAL_BRANCH_BLOCK, 1), (ProcedureKind.MEDIAL_BRANCH_BLOCK, 2),
         (ProcedureKind.INTRA_ARTICULAR, None), (ProcedureKind.RADIOFREQUENCY_ABLATION, None)]


def at(hour: int, minute: int, day: int = 24) -> datetime:
    return datetime(2026, 11, day, hour, minute, tzinfo=TZ)


def two_page_mbb(n: int) -> ProcedureRecord:
    """The everyday handout: a signed two-level diagnostic medial branch block in English,
    with diagram, pain diary, QR and embedded fonts; another patient each time."""
    given, family = NAMES[n % len(NAMES)]
    patient = Patient(mrn=f"B{n:06d}", family_name=family, given_name=given,
                      date_of_birth=date(1950 + n % 40, 1 + n % 12, 1 + n % 28))
    r = ProcedureRecord(
        patient=patient, kind=ProcedureKind.MEDIAL_BRANCH_BLOCK, block_number=1,
        performed_at=at(8 + n % 8, n % 60), ended_at=at(8 + n % 8, n % 60) + timedelta(minutes=25),
        physician=DOCTOR, joints=parse_joint_sides("L4-5 B, L5-S1 L"),
        guidance=Guidance(contrast="iohexol"),
        medications=(MedicationLine("bupivacaine", "0.5%", 0.5),),
        follow_up=at(10, 0, 8).replace(month=12), id=1000 + n, version=2)
    sig = Signature(DOCTOR, at(11, 0), "Reviewed and approved", record_hash(r))
    return r.with_changes(signature=sig, status=RecordStatus.SIGNED)


def varied(n: int) -> tuple[ProcedureRecord, HandoutOptions]:
    """One of many different handouts: every kind, region, language, large print, sedation,
    steroid, blood thinner, signed or draft, names in many scripts."""
    kind, block = KINDS[n % len(KINDS)]
    given, family = NAMES[(n // 2) % len(NAMES)]
    steroid = kind is ProcedureKind.INTRA_ARTICULAR or n % 5 == 0
    meds = [MedicationLine("lidocaine", "2%", 1.0)]
    if steroid:
        meds.append(MedicationLine("triamcinolone", "40 mg/mL", 1.0, per_target=False))
    blood = [None, Anticoagulant("apixaban", LocalizedText.of({
        "en": "Restart tomorrow morning.", "es": "Vuelva a tomarlo mañana por la mañana."})),
             Anticoagulant("warfarin")][n % 3]
    patient = Patient(mrn=f"V{n:06d}", family_name=family, given_name=given,
                      date_of_birth=date(1940 + n % 50, 1 + n % 12, 1 + n % 28),
                      preferred_language=Language.SPANISH if n % 3 == 0 else Language.ENGLISH,
                      diabetic=n % 4 == 1, anticoagulant=blood)
    r = ProcedureRecord(
        patient=patient, kind=kind, block_number=block, performed_at=at(8 + n % 9, n % 60),
        physician=DOCTOR, joints=parse_joint_sides(JOINTS[n % len(JOINTS)]),
        guidance=Guidance(contrast="iohexol"), medications=tuple(meds),
        sedation=Sedation.MODERATE if n % 2 else Sedation.NONE,
        follow_up=at(9, 30, 8).replace(month=12) if n % 6 else None, id=5000 + n, version=1)
    if n % 4:
        sig = Signature(DOCTOR, at(12, 0), "Reviewed and approved", record_hash(r))
        r = r.with_changes(signature=sig, status=RecordStatus.SIGNED)
    return r, HandoutOptions(large_print=n % 7 == 0, version=1 + n % 2)


def percentile(sorted_ms: list[float], p: float) -> float:
    return sorted_ms[min(len(sorted_ms) - 1, round(p * (len(sorted_ms) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=200, help="timed single renders")
    parser.add_argument("--batch", type=int, default=200, help="handouts in the batch")
    parser.add_argument("--no-accel", action="store_true",
                        help="do not load reportlab's optional C helpers (rl-accel)")
    args = parser.parse_args()

    import pypdf
    from reportlab.lib import rl_accel  # noqa: F401 - to report whether the C helpers load

    accelerated = sys.modules.get("_rl_accel") is not None
    progress(f"reportlab C accelerator (rl_accel): {'yes' if accelerated else 'no'}")

    t = time.perf_counter()
    first = render_handout(two_page_mbb(0), CLINIC)
    first_ms = (time.perf_counter() - t) * 1000
    pages = len(pypdf.PdfReader(io.BytesIO(first)).pages)
    progress(f"first render {first_ms:.1f} ms (fonts registered), {pages} pages, "
             f"{len(first)} bytes")
    for n in range(1, 11):  # warm-up: caches of word widths and line breaks fill up
        render_handout(two_page_mbb(n), CLINIC)

    wall: list[float] = []
    cpu: list[float] = []
    for n in range(args.runs):
        record = two_page_mbb(100 + n)
        c0, t0 = time.process_time(), time.perf_counter()
        render_handout(record, CLINIC)
        wall.append((time.perf_counter() - t0) * 1000)
        cpu.append((time.process_time() - c0) * 1000)
    wall.sort()
    cpu.sort()
    median, p95 = statistics.median(wall), percentile(wall, 0.95)
    progress(f"single: median {median:.2f} ms, p95 {p95:.2f} ms (CPU median "
             f"{statistics.median(cpu):.2f} ms) over {args.runs} renders")

    batch = [varied(n) for n in range(args.batch)]
    t0 = time.perf_counter()
    sizes = [len(render_handout(r, CLINIC, o)) for r, o in batch]
    batch_s = time.perf_counter() - t0
    progress(f"batch: {args.batch} different handouts in {batch_s:.2f} s")

    emit({
        "benchmark": "handout",
        "machine": machine_info(),
        "median_ms": round(median, 3),
        "p95_ms": round(p95, 3),
        "batch_total_s": round(batch_s, 3),
        "figures": [
            figure("handout.two_page_median", median, "ms", TARGET_MEDIAN_MS,
                   detail={"p95_ms": round(p95, 3), "min_ms": round(wall[0], 3),
                           "max_ms": round(wall[-1], 3), "runs": args.runs,
                           "cpu_median_ms": round(statistics.median(cpu), 3),
                           "pages": pages, "pdf_bytes": len(first),
                           "rl_accel": accelerated}),
            figure("handout.two_page_p95", p95, "ms"),
            figure("handout.first_render", first_ms, "ms",
                   detail={"note": "includes registering the embedded fonts"}),
            figure("handout.batch_200", batch_s, "s", TARGET_BATCH_S,
                   detail={"handouts": args.batch,
                           "mean_ms": round(batch_s * 1000 / max(1, args.batch), 3),
                           "mean_pdf_bytes": round(sum(sizes) / max(1, len(sizes)))}),
        ],
    })


if __name__ == "__main__":
    main()
