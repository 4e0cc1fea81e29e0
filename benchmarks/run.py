"""`make bench`: run every benchmark script in this folder and print one JSON summary.

Builds (or reuses) the cached 1,000,000-record data sets first - SQLite, and PostgreSQL
through pgserver, which stays up while the scripts run - then runs each `bench_*.py` as a
subprocess, passing `--database URL` and `--pg-database URL` to those whose --help offers
them. Each script prints one JSON object (see common.py); this prints them combined, with
every figure's target and pass/fail, and keeps a copy in benchmarks/.cache/last-run.json.

    python benchmarks/run.py [--only db,handout] [--no-pg] [--strict]

Exit status: 0 when every script ran (whatever the figures), 1 when one failed, and with
--strict also when a figure missed its target.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from datetime import datetime
from pathlib import Path
from typing import Any

from common import BENCH_DIR, CACHE, REPO, emit, machine_info, progress, run_measured

ORDER = ("bench_db", "bench_multiuser", "bench_startup", "bench_handout", "bench_signin",
         "bench_integrity", "bench_exports", "bench_pathway")


def scripts(only: set[str] | None) -> list[Path]:
    found = sorted(BENCH_DIR.glob("bench_*.py"),
                   key=lambda p: (ORDER.index(p.stem) if p.stem in ORDER else len(ORDER), p.stem))
    if only:
        found = [p for p in found if p.stem.removeprefix("bench_") in only]
    return found


def options_of(script: Path) -> str:
    """The script's --help text, to see which database options it accepts."""
    try:
        done = subprocess.run([sys.executable, str(script), "--help"], capture_output=True,
                              text=True, timeout=60, cwd=REPO)
    except subprocess.TimeoutExpired:
        return ""
    return done.stdout


def parse_summary(stdout: str) -> dict[str, Any] | None:
    text = stdout.strip()
    try:
        value = json.loads(text)
    except ValueError:
        start = text.find("{")  # tolerate a stray line printed before the JSON
        try:
            value = json.loads(text[start:]) if start >= 0 else None
        except ValueError:
            return None
    return value if isinstance(value, dict) else None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", help="comma-separated scripts to run (db, handout, ...)")
    parser.add_argument("--no-pg", action="store_true", help="skip PostgreSQL")
    parser.add_argument("--strict", action="store_true",
                        help="exit 1 when a figure misses its target")
    parser.add_argument("--timeout", type=float, default=3600, help="seconds per script")
    args = parser.parse_args(argv)
    only = {s.strip() for s in args.only.split(",")} if args.only else None

    import dataset  # imports clinic_desk; after argparse so --help stays instant

    started = datetime.now().astimezone()
    t0 = time.perf_counter()
    result: dict[str, Any] = {"started": started.isoformat(timespec="seconds"),
                              "machine": machine_info(), "datasets": {}, "scripts": {},
                              "figures": []}
    sqlite_path, stats = dataset.ensure_sqlite()
    sqlite_url = f"sqlite:///{sqlite_path}"
    result["datasets"]["sqlite"] = {"url": sqlite_url, **stats}
    server = None
    pg_url = None
    if not args.no_pg:
        server = dataset.pg_server()  # stays up until this process exits
        pg_url, stats = dataset.ensure_pg(server, sqlite_path)
        result["datasets"]["postgresql"] = {"url": pg_url, **stats}

    for script in scripts(only):
        name = script.stem.removeprefix("bench_")
        help_text = options_of(script)
        cmd = [sys.executable, str(script)]
        if "--database" in help_text:
            cmd += ["--database", sqlite_url]
        if "--pg-database" in help_text:
            cmd += ["--pg-database", pg_url] if pg_url else []
            if pg_url is None and "--no-pg" in help_text:
                cmd.append("--no-pg")
        progress(f"running {script.name}")
        m = run_measured(cmd, timeout=args.timeout, cwd=REPO, stream_stderr=True,
                         env={"PYTHONPATH": os.pathsep.join(
                             p for p in (str(BENCH_DIR), os.environ.get("PYTHONPATH")) if p)})
        summary = parse_summary(m.stdout)
        entry: dict[str, Any] = {"returncode": m.returncode, "wall_s": round(m.wall_s, 1),
                                 "peak_rss_mib": round(m.peak_rss_mib, 1),
                                 "timed_out": m.timed_out, "summary": summary}
        if summary is None:
            entry["stdout_tail"] = m.stdout[-2000:]
        result["scripts"][name] = entry
        for fig in (summary or {}).get("figures", []):
            if isinstance(fig, dict):
                result["figures"].append({"script": name, **fig})
        progress(f"{script.name}: exit {m.returncode} in {m.wall_s:.0f} s")

    judged = [f for f in result["figures"] if f.get("pass") is not None]
    result["passed"] = sum(1 for f in judged if f["pass"])
    result["failed"] = [f["name"] for f in judged if not f["pass"]]
    result["not_judged"] = len(result["figures"]) - len(judged)
    broken = [n for n, e in result["scripts"].items()
              if e["returncode"] != 0 or e["summary"] is None]
    result["scripts_failed"] = broken
    result["wall_s"] = round(time.perf_counter() - t0, 1)
    CACHE.mkdir(parents=True, exist_ok=True)
    (CACHE / "last-run.json").write_text(json.dumps(result, indent=2, ensure_ascii=False,
                                                    default=str))
    emit(result)
    for f in result["figures"]:
        mark = {True: "pass", False: "FAIL", None: "    "}[f.get("pass")]
        target = f"{f.get('op', '<=')} {f['target']}" if f.get("target") is not None else ""
        print(f"{mark}  {f['name']:<52} {f.get('value')!s:>10} {f.get('unit', ''):<4} {target}",
              file=sys.stderr)
    if broken:
        return 1
    return 1 if args.strict and result["failed"] else 0


if __name__ == "__main__":
    sys.exit(main())
