"""Start-up time and memory of the app: process start to main window shown, against a bare
PySide6 window shown in the same run, and peak memory with the big database on the worklist.

    python benchmarks/bench_startup.py [--database URL] [--runs 5]

Each measurement is a fresh process (nothing warm in memory but the OS file cache, as when a
nurse starts the app a second time). The parent notes the time just before it starts the
child and passes it as CLINIC_DESK_T0; the child prints the seconds since then and its memory
(app.py's benchmark hook). The main window is the app's first window: it opens on its
sign-in page, and the database opens behind it. For the signed-in figures,
CLINIC_DESK_AUTOSIGNIN types the username and password into that page and presses Enter at
once, so the normal argon2id check runs as soon as the database is open (a nurse typing takes
longer; the database has opened and the pages' code loaded by then). Median of --runs runs.

Figures:
  startup.bare_window_s        a QApplication and an empty QMainWindow shown (timed at its
                               first Expose event)
  startup.app_s                Clinic Desk's main window shown, on its sign-in page (timed
                               just after its first Expose event has been handled, i.e.
                               painted; small demo clinic)
  startup.ratio                app / bare window             target <= 3
  startup.worklist_s           signed in (password typed at once), worklist's first page
                               shown, small demo clinic (no target); detail: when the
                               sign-in page showed and when the sign-in was done
  startup.app_big_db_s         the same on the 1,000,000-record database, its busiest day
                               (no target)
  memory.worklist_big_db_mib   peak RSS of that whole process (the OS's figure for the
                               child: start, database, argon2id check, pages, worklist of the
                               busiest day loaded), target < 150 MiB
  memory.worklist_big_db_rss_mib  resident memory once that worklist is shown (no target)
  memory.worklist_all_dates_mib  peak RSS with "all dates" (newest first, first page)
The big database is --database, or benchmarks/.cache's data set if bench_db.py built it;
without either the big-database figures are reported as null. Signing in writes to it as in
the app (audit entries; a password hash with older argon2id parameters is upgraded at the
first sign-in, so that first run's peak includes the old parameters' memory).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from common import REPO, emit, figure, machine_info, progress, run_measured

BARE = """
import json, os, sys, time
t0 = float(os.environ["CLINIC_DESK_T0"])
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication(sys.argv)
window = QMainWindow()
window.setWindowTitle("bare")
window.resize(1280, 860)
shown = []
class Watcher(QObject):
    def eventFilter(self, obj, event):
        if event.type() == QEvent.Type.Expose and not shown:
            shown.append(round(time.time() - t0, 4))
            QTimer.singleShot(0, app.quit)
        return False
watcher = Watcher()
window.show()
window.windowHandle().installEventFilter(watcher)
app.exec()
import resource
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"shown_s": shown[0], "peak_rss_mib": round(peak, 1)}))
"""

APP = "import sys; from clinic_desk.app import run; sys.exit(run(sys.argv[1]))"


def _child(code: str, args: list[str], env: dict[str, str], timeout: float) -> dict[str, Any]:
    env = {**env, "CLINIC_DESK_T0": repr(time.time())}
    result = run_measured([sys.executable, "-c", code, *args], env=env, timeout=timeout,
                          cwd=REPO)
    if result.returncode != 0 or result.timed_out:
        raise RuntimeError(f"child failed ({result.returncode}): {result.stderr[-800:]}")
    line = [x for x in result.stdout.splitlines() if x.startswith("{")][-1]
    data: dict[str, Any] = json.loads(line)
    data["child_peak_rss_mib"] = round(result.peak_rss_mib, 1)
    return data


def _median(values: list[float]) -> float:
    return round(statistics.median(values), 4)


def _demo_database(folder: Path) -> tuple[str, str, str]:
    """A small demo clinic (migrated, with the demo staff): (url, username, password)."""
    from clinic_desk.services import Services
    from clinic_desk.services.demo import create_demo
    from clinic_desk.storage import schema
    from clinic_desk.storage.engine import Database

    url = f"sqlite:///{folder / 'demo.sqlite3'}"
    db = Database(url)
    schema.upgrade(db)
    result = create_demo(Services(db))
    db.dispose()
    return url, "nkim", result.passwords["nkim"]


def _big_database(url: str | None) -> tuple[str | None, str, str, str]:
    """(url, username, password, busiest day) of the 1,000,000-record data set, if any."""
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    try:
        import dataset
    except ImportError:
        return None, "", "", ""
    if url is None:
        path = dataset.sqlite_cache_path()
        if not path.exists():
            return None, "", "", ""
        url = f"sqlite:///{path}"
    return url, "rn01", dataset.BUILD_PASSWORD, dataset.BENCH_DAY.isoformat()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", help="SQLite URL of the 1,000,000-record data set "
                                           "(default: the cache bench_db.py builds)")
    parser.add_argument("--runs", type=int, default=5, help="runs per figure (median)")
    parser.add_argument("--timeout", type=float, default=120.0, help="seconds per run")
    args = parser.parse_args(argv)

    work = Path(tempfile.mkdtemp(prefix="clinic-desk-bench-startup-"))
    base_env = {
        "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM") or "offscreen",
        "CLINIC_DESK_DATA_DIR": str(work / "data"),
        "CLINIC_DESK_EXIT_WHEN_SHOWN": "1",
    }
    os.environ["CLINIC_DESK_DATA_DIR"] = base_env["CLINIC_DESK_DATA_DIR"]
    progress("building a small demo clinic")
    demo_url, user, password = _demo_database(work)
    signed_in_env = {**base_env, "CLINIC_DESK_AUTOSIGNIN": f"{user}:{password}",
                     "CLINIC_DESK_EXIT_WHEN_SHOWN": "worklist"}

    bare: list[float] = []
    app: list[float] = []
    worklist_runs: list[dict[str, Any]] = []
    app_runs: list[dict[str, Any]] = []
    # Interleaved, so both see the same machine load; one unmeasured warm-up of each.
    _child(BARE, [], base_env, args.timeout)
    _child(APP, [demo_url], base_env, args.timeout)
    for n in range(args.runs):
        bare.append(_child(BARE, [], base_env, args.timeout)["shown_s"])
        run = _child(APP, [demo_url], base_env, args.timeout)
        app_runs.append(run)
        app.append(run["shown_s"])
        worklist_runs.append(_child(APP, [demo_url], signed_in_env, args.timeout))
        progress(f"run {n + 1}/{args.runs}: bare {bare[-1]:.3f} s, app {app[-1]:.3f} s, "
                 f"worklist {worklist_runs[-1]['reported_s']:.3f} s")
    bare_s, app_s = _median(bare), _median(app)
    figures = [
        figure("startup.bare_window_s", bare_s, "s", detail={"runs": bare}),
        figure("startup.app_s", app_s, "s",
               detail={"runs": app, "heavy_modules_loaded":
                       app_runs[-1].get("heavy_modules_loaded"),
                       "peak_rss_mib": app_runs[-1].get("peak_rss_mib")}),
        figure("startup.ratio", app_s / bare_s if bare_s else None, "x", target=3.0),
        figure("startup.worklist_s", _median([r["reported_s"] for r in worklist_runs]), "s",
               detail={"runs": [r["reported_s"] for r in worklist_runs],
                       "sign_in_page_shown_s": _median([r["shown_s"] for r in worklist_runs]),
                       "signed_in_s": _median([r["signed_in_s"] for r in worklist_runs]),
                       "heavy_modules_loaded": worklist_runs[-1].get("heavy_modules_loaded"),
                       "peak_rss_mib": worklist_runs[-1].get("child_peak_rss_mib")}),
    ]

    big_url, big_user, big_password, busiest = _big_database(args.database)
    big: dict[str, Any] = {}
    if big_url is not None:
        env = {**base_env, "CLINIC_DESK_AUTOSIGNIN": f"{big_user}:{big_password}",
               "CLINIC_DESK_EXIT_WHEN_SHOWN": "worklist"}
        progress("big database: busiest day")
        day_runs = [_child(APP, [big_url], {**env, "CLINIC_DESK_BENCH_DAY": busiest},
                           args.timeout) for _ in range(max(1, min(args.runs, 3)))]
        progress("big database: all dates")
        all_runs = [_child(APP, [big_url], {**env, "CLINIC_DESK_BENCH_DAY": "all"},
                           args.timeout) for _ in range(max(1, min(args.runs, 3)))]
        big = {"day": day_runs, "all_dates": all_runs}
        figures += [
            figure("startup.app_big_db_s", _median([r["reported_s"] for r in day_runs]), "s",
                   detail={"day": busiest,
                           "sign_in_page_shown_s": _median([r["shown_s"] for r in day_runs]),
                           "signed_in_s": _median([r["signed_in_s"] for r in day_runs])}),
            figure("memory.worklist_big_db_mib",
                   max(r["child_peak_rss_mib"] for r in day_runs), "MiB", target=150.0,
                   detail={"day": busiest, "worklist_rows": day_runs[-1]["worklist_rows"]}),
            figure("memory.worklist_big_db_rss_mib",
                   max(r["rss_mib"] for r in day_runs), "MiB", detail={"day": busiest}),
            figure("memory.worklist_all_dates_mib",
                   max(r["child_peak_rss_mib"] for r in all_runs), "MiB", target=150.0,
                   detail={"worklist_rows": all_runs[-1]["worklist_rows"]}),
        ]
    else:
        figures += [figure("startup.app_big_db_s", None, "s"),
                    figure("memory.worklist_big_db_mib", None, "MiB", target=150.0,
                           detail={"note": "no big database: run benchmarks/bench_db.py"})]
    emit({"benchmark": "startup", "machine": machine_info(), "figures": figures,
          "database": big_url and big_url.split("///")[-1], "big_database_runs": big})
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
