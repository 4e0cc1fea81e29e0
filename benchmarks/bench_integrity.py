"""Issue 11: what Ed25519 signatures cost.

- Signing overhead on top of the password check: opening the physician's sealed key (argon2id
  with the app's own parameters, then AES-GCM) and making the Ed25519 signature, compared with
  the argon2id password check every signature already does. Target: < 100 ms (median).
- Verification of every signed record of the cached 1,000,000-record data set (`--database`,
  and `--pg-database` when given), exactly as `clinic-desk record verify` does it
  (services/integrity.verify_records: each record read back, its canonical hash, its Ed25519
  signature by an endorsed key, its audit entry): total time and records per second; and the
  check of every signed audit entry that `audit verify` adds. Reported, no target.

Run standalone: `.venv/bin/python benchmarks/bench_integrity.py [--database URL]
[--pg-database URL] [--limit N]` prints one JSON object (see common.py).
"""

from __future__ import annotations

import argparse
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from common import emit, figure, machine_info, measure, progress

TARGET_SIGNING_OVERHEAD_MS = 100.0


def signing_figures() -> list[dict[str, Any]]:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    from clinic_desk.services.auth import HASHER
    from clinic_desk.services.keys import (
        KdfParams,
        public_hex,
        seal,
        sign,
        signature_payload,
        unseal,
        verify,
    )

    password = "bench password, not a secret"
    params = KdfParams(HASHER.time_cost, HASHER.memory_cost, HASHER.parallelism)
    private = Ed25519PrivateKey.generate()
    public = public_hex(private)
    sealed = seal(private, password, "drlee", params)
    stored_hash = HASHER.hash(password)
    at = datetime.now(UTC)

    def check(_i: int) -> None:
        HASHER.verify(stored_hash, password)

    def overhead(i: int) -> None:
        key = unseal(sealed, password, "drlee", public)
        sign(key, signature_payload(i, "0" * 64, 7, "drlee", 3, at, "Reviewed and approved"))

    progress("argon2id password check (the app's parameters)")
    base = measure(check, runs=20, warmup=2)
    progress("unseal the signing key and sign")
    extra = measure(overhead, runs=20, warmup=2)
    payload = signature_payload(1, "0" * 64, 7, "drlee", 3, at, "Reviewed and approved")
    sig = sign(private, payload)
    n = 20_000
    t = time.perf_counter()
    for _ in range(n):
        verify(public, payload, sig)
    per_verify_us = (time.perf_counter() - t) / n * 1e6
    return [
        figure("signing.password_check", base.median_ms, "ms", detail=base.as_json()),
        figure("signing.overhead_on_password_check", extra.median_ms, "ms",
               TARGET_SIGNING_OVERHEAD_MS, detail={
                   **extra.as_json(), "argon2id": {"t": params.time_cost,
                                                   "m_kib": params.memory_cost,
                                                   "p": params.parallelism}}),
        figure("verify.ed25519_one_signature", per_verify_us, "us", detail={"runs": n}),
    ]


def verification_figures(label: str, url: str, limit: int | None) -> list[dict[str, Any]]:
    from clinic_desk.services.integrity import audit_signature_problems, verify_records
    from clinic_desk.storage.engine import Database
    from clinic_desk.storage.unit_of_work import UnitOfWork

    db = Database(url)
    try:
        ids = None
        if limit:
            with UnitOfWork(db, write=False) as uow:
                ids = [int(r[0]) for r in uow.connection.exec_driver_sql(
                    f"SELECT id FROM records WHERE status = 'signed' ORDER BY id LIMIT {limit}")]
        progress(f"{label}: verifying {'all' if ids is None else len(ids)} signed records")
        t = time.perf_counter()
        report = verify_records(db, ids)
        seconds = time.perf_counter() - t
        audit_s: float | None = None
        audit_problems = 0
        if ids is None:  # the signed audit entries (what `audit verify` adds to the chain)
            progress(f"{label}: checking the signatures in the audit trail")
            t = time.perf_counter()
            audit_problems = len(audit_signature_problems(db))
            audit_s = time.perf_counter() - t
    finally:
        db.dispose()
    problems = len(report.problems) + len(report.general)
    progress(f"{label}: {report.checked:,} records in {seconds:.1f} s, {problems} problems")
    return [
        figure(f"{label}.verify_signed_records", seconds, "s", detail={
            "records": report.checked, "records_per_s": round(report.checked / seconds),
            "problems": problems, "first_problems": report.lines()[:3] if problems else []}),
        figure(f"{label}.verify_audit_signatures", audit_s, "s",
               detail={"problems": audit_problems}),
    ]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", metavar="URL", help="SQLite data set to verify")
    parser.add_argument("--pg-database", metavar="URL", help="PostgreSQL data set to verify")
    parser.add_argument("--limit", type=int, help="verify only the first N signed records")
    args = parser.parse_args()
    figures = signing_figures()
    if args.database:
        figures += verification_figures("sqlite", args.database, args.limit)
    if args.pg_database:
        figures += verification_figures("postgresql", args.pg_database, args.limit)
    emit({"benchmark": "integrity", "machine": machine_info(), "figures": figures})
    return 0


if __name__ == "__main__":
    sys.exit(main())
