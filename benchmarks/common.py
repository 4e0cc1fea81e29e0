"""Helpers every benchmark script shares: timing, figures with targets, memory, machine facts.

A benchmark script is a program that prints ONE JSON object on stdout (progress goes to
stderr) shaped like this, so `benchmarks/run.py` can combine them:

    {"benchmark": "db",
     "machine": {...},                      # machine_info()
     "figures": [                           # figure(...)
        {"name": "sqlite.worklist_day", "value": 4.2, "unit": "ms", "target": 20,
         "op": "<=", "pass": true, "detail": {...}},
        ...],
     ...anything else the script wants to report...}

A figure without a target has "target": null and "pass": null (reported, not judged).

Scripts that can use the cached 1,000,000-record database accept `--database URL` (SQLite)
and/or `--pg-database URL` (PostgreSQL); run.py passes them when the script's --help
mentions the option. `ensure_datasets()` in bench_db.py builds or reuses those caches.

Memory: `run_measured([...])` runs a command and reports the peak resident set size of
that child (and of the children it waited for), from the kernel's rusage of the process
(os.wait4), so it works for a Qt app or a CLI call alike.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

BENCH_DIR = Path(__file__).resolve().parent
REPO = BENCH_DIR.parent
CACHE = BENCH_DIR / ".cache"  # ignored by git (.gitignore)

_T0 = time.perf_counter()


def progress(message: str) -> None:
    """One progress line on stderr, with the seconds since the script started."""
    print(f"[{time.perf_counter() - _T0:7.1f}s] {message}", file=sys.stderr, flush=True)


# --- timing ----------------------------------------------------------------------------------

@dataclass(frozen=True)
class Timing:
    """Times of one operation in milliseconds over `runs` measured calls (after warm-up)."""

    median_ms: float
    p90_ms: float
    min_ms: float
    max_ms: float
    mean_ms: float
    runs: int
    warmup: int

    def as_json(self) -> dict[str, float | int]:
        return {k: (round(v, 3) if isinstance(v, float) else v) for k, v in asdict(self).items()}


def measure(fn: Callable[[int], object], runs: int = 50, warmup: int = 5,
            gc_between: bool = False) -> Timing:
    """Call `fn(i)` warm-up times, then `runs` times, timing each call with perf_counter.

    `i` counts from 0 over every call (warm-up included), so a caller can vary its input
    (another patient, another record) and not measure one cached answer over and over.
    The garbage collector stays on, as in the app; `gc_between` collects between calls
    so that one run does not pay for the garbage of the others.
    """
    for i in range(warmup):
        fn(i)
    times: list[float] = []
    for n in range(runs):
        if gc_between:
            gc.collect()
        t = time.perf_counter()
        fn(warmup + n)
        times.append((time.perf_counter() - t) * 1000.0)
    times.sort()
    return Timing(
        median_ms=statistics.median(times),
        p90_ms=times[min(len(times) - 1, round(0.9 * (len(times) - 1)))],
        min_ms=times[0],
        max_ms=times[-1],
        mean_ms=statistics.fmean(times),
        runs=runs,
        warmup=warmup,
    )


# --- figures ---------------------------------------------------------------------------------

def figure(name: str, value: float | None, unit: str, target: float | None = None,
           op: str = "<=", detail: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """One reported number with its target; "pass" is None when there is no target or value."""
    ok: bool | None = None
    if target is not None and value is not None:
        ok = value <= target if op == "<=" else value >= target
    return {"name": name, "value": None if value is None else round(value, 3), "unit": unit,
            "target": target, "op": op, "pass": ok, "detail": dict(detail or {})}


def judge(summary: dict[str, Any]) -> None:
    """The summary's "passed" (how many figures met their target) and "failed" (their names);
    figures without a target are not judged."""
    judged = [f for f in summary["figures"] if f["pass"] is not None]
    summary["passed"] = sum(1 for f in judged if f["pass"])
    summary["failed"] = [f["name"] for f in judged if not f["pass"]]


def add_dataset_arguments(parser: argparse.ArgumentParser, runs: int) -> None:
    """The options of a script measured on the big data set (dataset.py), SQLite and
    PostgreSQL: --database, --pg-database, --no-pg, --runs (default `runs`), --rebuild."""
    parser.add_argument("--database", help="SQLite URL of the cached data set (default: build"
                        " or reuse benchmarks/.cache)")
    parser.add_argument("--pg-database", help="PostgreSQL URL of the same data set (default:"
                        " start pgserver in benchmarks/.cache and load it)")
    parser.add_argument("--no-pg", action="store_true", help="SQLite only")
    parser.add_argument("--runs", type=int, default=runs, help="measured calls per figure")
    parser.add_argument("--rebuild", action="store_true", help="rebuild the cached data sets")


def emit(summary: Mapping[str, Any]) -> None:
    """Print the script's one JSON object on stdout."""
    json.dump(summary, sys.stdout, indent=2, ensure_ascii=False, default=str)
    sys.stdout.write("\n")
    sys.stdout.flush()


# --- memory ----------------------------------------------------------------------------------

@dataclass(frozen=True)
class Measured:
    """What `run_measured` saw of one child process."""

    returncode: int
    stdout: str
    stderr: str
    wall_s: float
    peak_rss_bytes: int  # the child's own peak (ru_maxrss of that process), not the parent's
    timed_out: bool = False

    @property
    def peak_rss_mib(self) -> float:
        return self.peak_rss_bytes / (1024 * 1024)


def _maxrss_bytes(ru_maxrss: int) -> int:
    # Linux reports kilobytes, macOS bytes.
    return ru_maxrss if sys.platform == "darwin" else ru_maxrss * 1024


def run_measured(cmd: Sequence[str], *, timeout: float | None = None,
                 env: Mapping[str, str] | None = None, cwd: str | Path | None = None,
                 stdin_text: str | None = None, stream_stderr: bool = False) -> Measured:
    """Run `cmd`, capture its output, and report its wall time and peak RSS.

    `stream_stderr` lets the child's stderr (its progress) through to ours instead of
    capturing it (Measured.stderr is then empty).

    The child is reaped with os.wait4, whose rusage belongs to that one child (including
    the grandchildren it waited for), unlike getrusage(RUSAGE_CHILDREN), which is the
    maximum over every child this process ever reaped.
    """
    full_env = dict(os.environ)
    if env:
        full_env.update(env)
    t0 = time.perf_counter()
    proc = subprocess.Popen(
        list(cmd), stdin=subprocess.PIPE if stdin_text is not None else subprocess.DEVNULL,
        stdout=subprocess.PIPE, stderr=None if stream_stderr else subprocess.PIPE,
        env=full_env, cwd=cwd, text=True,
    )
    out: list[str] = []
    err: list[str] = []

    def pump(stream: Any, sink: list[str]) -> None:
        sink.append(stream.read())

    threads = [threading.Thread(target=pump, args=(proc.stdout, out), daemon=True)]
    if not stream_stderr:
        threads.append(threading.Thread(target=pump, args=(proc.stderr, err), daemon=True))
    for t in threads:
        t.start()
    if stdin_text is not None and proc.stdin is not None:
        proc.stdin.write(stdin_text)
        proc.stdin.close()
    timed_out = False
    deadline = None if timeout is None else t0 + timeout
    while True:
        pid, status, usage = os.wait4(proc.pid, os.WNOHANG if deadline else 0)
        if pid == proc.pid:
            break
        if deadline is not None and time.perf_counter() > deadline:
            proc.kill()
            timed_out = True
            pid, status, usage = os.wait4(proc.pid, 0)
            break
        time.sleep(0.01)
    wall = time.perf_counter() - t0
    proc.returncode = os.waitstatus_to_exitcode(status)  # reaped here, not by Popen.wait
    for t in threads:
        t.join()
    return Measured(proc.returncode, "".join(out), "".join(err), wall,
                    _maxrss_bytes(usage.ru_maxrss), timed_out)


def peak_rss_self_bytes() -> int:
    """Peak RSS of this process so far."""
    return _maxrss_bytes(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)


def rss_of_pid_bytes(pid: int) -> tuple[int | None, int | None]:
    """(current RSS, peak RSS) of a running process from /proc (Linux); None elsewhere.
    Use it to sample a long-running child (an app left open) without waiting for it."""
    try:
        text = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return None, None
    values: dict[str, int] = {}
    for line in text.splitlines():
        key, _, rest = line.partition(":")
        if key in ("VmRSS", "VmHWM"):
            values[key] = int(rest.split()[0]) * 1024
    return values.get("VmRSS"), values.get("VmHWM")


# --- machine ---------------------------------------------------------------------------------

def machine_info() -> dict[str, Any]:
    """What the figures were measured on."""
    import sqlite3

    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem_gib: float | None = None
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                mem_gib = round(int(line.split()[1]) / (1024 * 1024), 1)
                break
    except OSError:
        pass
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return {
        "cpu": cpu,
        "cores": cores,
        "memory_gib": mem_gib,
        "os": f"{platform.system()} {platform.release()}",
        "python": platform.python_version(),
        "sqlite": sqlite3.sqlite_version,
    }
