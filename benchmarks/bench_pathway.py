"""Issue 13's figures for `make bench`: the Reports page, a patient's pathway and the Calls
list, on SQLite and PostgreSQL with 200,000 patients, 1,000,000 records and their calls.

Every figure goes through the code the app runs (Services -> UnitOfWork -> repositories),
the audit entry each one writes included, measured as the median of repeated calls after
warm-up.

Targets: the reports at most 1 s (issue 13: "computed in the database, at most 1 s on the
1,000,000-record benchmark set"), for a year of the whole group and for one physician's
quarter. The pathway opens on a key press and the Calls list when the page is shown:
100 ms each, the limit under which a response feels immediate. Prints one JSON object (see
common.py); progress goes to stderr.

    python benchmarks/bench_pathway.py [--database sqlite:///...] [--pg-database URL | --no-pg]
                                       [--runs N] [--rebuild]
"""

from __future__ import annotations

import argparse
import os
import random
import sqlite3
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import dataset
from common import add_dataset_arguments, emit, figure, judge, machine_info, measure, progress

from clinic_desk.domain.record import Role
from clinic_desk.domain.reports import ReportFilter
from clinic_desk.services import Services
from clinic_desk.services.context import Actor
from clinic_desk.storage.engine import Database

REPORT_MS = 1000.0
SCREEN_MS = 100.0
CALLS_PAGE_SIZE = 200  # the Calls page's page (ui/pathway/calls_page.PAGE_SIZE)
NOW = datetime(2026, 11, 24, 17, 45, tzinfo=timezone(timedelta(minutes=dataset.CLINIC_OFFSET_MIN)))


@dataclass
class Inputs:
    nurse: Actor
    admin: Actor
    physician: str
    patients: list[int]  # patients with the longest pathways, and a random sample
    calls: int


def pick_inputs(path: Path) -> Inputs:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    rng = random.Random(13)
    nurse_id, nurse_name = conn.execute(
        "SELECT id, full_name FROM users WHERE username = 'rn01'").fetchone()
    admin_id, admin_name = conn.execute(
        "SELECT id, full_name FROM users WHERE role = 'admin' ORDER BY id").fetchone()
    physician = conn.execute("SELECT username FROM users WHERE role = 'physician'"
                             " ORDER BY id LIMIT 1").fetchone()[0]
    n_records = conn.execute("SELECT MAX(id) FROM records").fetchone()[0]
    sample = ",".join(str(rng.randint(1, n_records)) for _ in range(300))
    patients = [p for (p,) in conn.execute(
        f"SELECT DISTINCT patient_id FROM records WHERE id IN ({sample})")][:100]
    calls = conn.execute("SELECT COUNT(*) FROM call_entries").fetchone()[0]
    conn.close()
    return Inputs(Actor(nurse_id, "rn01", nurse_name, Role.NURSE, "RN", "bench-ws"),
                  Actor(admin_id, "admin1", admin_name, Role.ADMIN, "", "bench-ws"),
                  physician, patients, calls)


def bench(url: str, inputs: Inputs, runs: int, backend: str) -> list[dict[str, Any]]:
    db = Database(url)
    services = Services(db, clock=lambda: NOW)
    day = dataset.BENCH_DAY
    year = ReportFilter(day - timedelta(days=364), day)
    quarter = ReportFilter(day - timedelta(days=90), day, inputs.physician)
    out: list[dict[str, Any]] = []
    sizes: dict[str, Any] = {}

    def report(flt: ReportFilter) -> Any:
        result = services.reports.run(inputs.admin, flt)
        sizes[flt.physician or "all"] = sum(int(r[3] or 0)
                                            for r in result.table("weekly").rows)
        return result

    progress(f"  {backend}: reports, one year of the group")
    t = measure(lambda i: report(year), runs=max(3, runs // 6), warmup=1)
    out.append(figure(f"{backend}.reports_year_all_ms", t.median_ms, "ms", REPORT_MS,
                      detail={**t.as_json(), "procedures": sizes.get("all")}))
    progress(f"  {backend}: reports, one physician's quarter")
    t = measure(lambda i: report(quarter), runs=max(3, runs // 6), warmup=1)
    out.append(figure(f"{backend}.reports_quarter_physician_ms", t.median_ms, "ms", REPORT_MS,
                      detail={**t.as_json(), "procedures": sizes.get(inputs.physician)}))
    progress(f"  {backend}: pathway")
    patients = inputs.patients
    steps: list[int] = []

    def pathway(i: int) -> None:
        result = services.pathway.for_patient(inputs.nurse, patient_id=patients[i % len(patients)])
        steps.append(sum(len(p.steps) for p in result.pathways))

    t = measure(pathway, runs=runs, warmup=5)
    out.append(figure(f"{backend}.pathway_ms", t.median_ms, "ms", SCREEN_MS,
                      detail={**t.as_json(), "procedures_per_patient_max": max(steps),
                              "procedures_per_patient_mean": round(sum(steps) / len(steps), 1)}))
    progress(f"  {backend}: calls due")
    rows: list[int] = []
    t = measure(lambda i: rows.append(len(services.calls.due(inputs.nurse, day))),
                runs=max(5, runs // 3), warmup=2)
    out.append(figure(f"{backend}.calls_due_ms", t.median_ms, "ms", SCREEN_MS,
                      detail={**t.as_json(), "rows": rows[-1]}))
    # What the Calls page shows first: one page of the list and the whole list's counts.
    progress(f"  {backend}: calls list, first page")
    pages: list[Any] = []
    t = measure(lambda i: pages.append(services.calls.due_page(
        inputs.nurse, day, CALLS_PAGE_SIZE, 0)), runs=max(5, runs // 3), warmup=2)
    out.append(figure(f"{backend}.calls_first_page_ms", t.median_ms, "ms", SCREEN_MS,
                      detail={**t.as_json(), "rows": len(pages[-1].rows),
                              "total": pages[-1].total}))
    db.dispose()
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    add_dataset_arguments(parser, runs=30)
    args = parser.parse_args(argv)

    summary: dict[str, Any] = {"benchmark": "pathway", "machine": machine_info(),
                               "load_before": os.getloadavg(), "figures": []}
    if args.database:
        path = Path(Database(args.database).url.database or "")
    else:
        path, _stats = dataset.ensure_sqlite(args.rebuild)
    inputs = pick_inputs(path)
    summary["dataset"] = {"key": dataset.dataset_key(), "bench_day": dataset.BENCH_DAY,
                          "sqlite_file": str(path), "call_entries": inputs.calls}
    summary["figures"] += bench(f"sqlite:///{path}", inputs, args.runs, "sqlite")
    if not args.no_pg:
        if args.pg_database:
            pg = args.pg_database
        else:
            server = dataset.pg_server()
            pg, _pg_stats = dataset.ensure_pg(server, path, args.rebuild)
        summary["figures"] += bench(pg, inputs, args.runs, "postgresql")
    summary["load_after"] = os.getloadavg()
    judge(summary)
    emit(summary)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
