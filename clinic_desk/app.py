"""Composition root: logging, Qt, the main window, the database, the services.

`run(database_url_or_None) -> exit status` is what `clinic-desk` with no sub-command calls.
The main window is the first window: it shows its sign-in page at once, with only PySide6 and
small modules loaded; the database opens (SQLAlchemy, schema upgrade, services) on a worker
thread once it is on screen, while the nurse types, and the pages are built at sign-in.
Anything unexpected reaches one excepthook: the nurse sees "Nothing was saved" and an
incident id; the traceback (without the exception's message, which could hold patient data)
goes to the log file only.

For benchmarks/bench_startup.py only: CLINIC_DESK_AUTOSIGNIN="user:password" types the
username and password into the sign-in page and presses Enter at once, so the normal password
check runs as soon as the database is open. CLINIC_DESK_EXIT_WHEN_SHOWN=1 (or "sign-in")
prints one JSON line (seconds since CLINIC_DESK_T0, peak and current memory) once the main
window, on its sign-in page, is on screen, and quits; CLINIC_DESK_EXIT_WHEN_SHOWN=worklist
does so once someone has signed in and the worklist's first page has loaded.
CLINIC_DESK_BENCH_DAY=YYYY-MM-DD (or "all") sets the worklist to that day after sign-in.
"""

from __future__ import annotations

import json
import logging
import os
import resource
import sys
import time
import traceback
from types import TracebackType
from typing import Any

log = logging.getLogger(__name__)

ENV_AUTOSIGNIN = "CLINIC_DESK_AUTOSIGNIN"
ENV_EXIT_WHEN_SHOWN = "CLINIC_DESK_EXIT_WHEN_SHOWN"
ENV_T0 = "CLINIC_DESK_T0"
ENV_BENCH_DAY = "CLINIC_DESK_BENCH_DAY"
HEAVY_MODULES = ("reportlab", "alembic", "psycopg", "PySide6.QtPdf", "PySide6.QtPrintSupport")


def peak_rss_mib() -> float:
    """Peak resident memory of this process (ru_maxrss is KiB on Linux, bytes on macOS)."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def current_rss_mib() -> float:
    """Resident memory now (Linux /proc; the peak elsewhere)."""
    try:
        with open("/proc/self/status", encoding="ascii") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return peak_rss_mib()


def _install_excepthook(get_parent: object) -> None:
    from .ui import messages

    def hook(exc_type: type[BaseException], exc: BaseException,
             tb: TracebackType | None) -> None:
        if issubclass(exc_type, KeyboardInterrupt):
            sys.__excepthook__(exc_type, exc, tb)
            return
        incident = messages.new_incident_id()
        # Where it happened and the exception type only: neither the message nor the source
        # lines, which may quote what a user typed.
        frames = "".join(f"  {f.filename}:{f.lineno} in {f.name}\n"
                         for f in traceback.extract_tb(tb))
        log.error("unexpected %s (incident %s)\n%s", exc_type.__name__, incident, frames)
        parent = get_parent() if callable(get_parent) else None
        keep = getattr(getattr(parent, "editor", None), "_write_local_draft", None)
        if callable(keep):
            try:
                keep()  # the work in progress stays on this workstation
            except Exception:  # noqa: BLE001 - already in the error path; log and go on
                log.error("could not keep the draft after incident %s", incident)
        try:
            messages.unexpected_error(parent, incident)
        except Exception:  # noqa: BLE001
            log.error("could not show the error for incident %s", incident)

    sys.excepthook = hook


def run(database: str | None = None, argv: list[str] | None = None) -> int:
    from . import config

    config.setup_logging()
    from PySide6.QtCore import Qt, QThreadPool
    from PySide6.QtGui import QGuiApplication
    from PySide6.QtWidgets import QApplication

    QGuiApplication.setHighDpiScaleFactorRoundingPolicy(
        Qt.HighDpiScaleFactorRoundingPolicy.PassThrough)
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(
        argv if argv is not None else sys.argv)
    app.setApplicationName("Clinic Desk")
    app.setOrganizationName(config.APP_NAME)
    # No application display name: X11 appends it to every window title, and ours already
    # start with "Clinic Desk" (it showed twice; issue 15, point 21).

    from .ui.icons import icon
    from .ui.main_window import MainWindow, load_pages
    from .ui.style import apply_app_style
    from .ui.workers import run_in_background

    app.setWindowIcon(icon("app"))
    apply_app_style(app)
    from .ui.widgets import wheel_guard

    wheel_guard.install(app)  # issue 15: the wheel scrolls forms, never edits a field
    window = MainWindow()
    _install_excepthook(lambda: window)
    url = config.database_url(database)
    opened: dict[str, Any] = {}
    failed: list[BaseException] = []

    def database_open(result: dict[str, Any]) -> None:
        opened.update(result)
        window.set_services(result["services"], result["clinic"])
        if result.get("integrity"):
            window.signed_in.connect(
                lambda actor: _integrity_banner(window, actor, result["integrity"]))
        if not window.is_signed_in:
            load_pages()  # while the nurse types: sign-in then only builds the pages

    def database_failed(exc: BaseException) -> None:
        failed.append(exc)
        if isinstance(exc, _StartError):
            window.show_start_problem(exc.text, exc.detail)
        else:
            raise exc

    window.show()
    _when_exposed(window, lambda: run_in_background(
        _open_database, url, on_done=database_open, on_error=database_failed,
        name="open the database"))
    until = os.environ.get(ENV_EXIT_WHEN_SHOWN)
    if until:
        _report_when_shown(window, app, until)
    auto = os.environ.get(ENV_AUTOSIGNIN)
    if auto and ":" in auto:
        username, _, password = auto.partition(":")
        window.sign_in_page.ui.username_edit.setText(username)
        window.sign_in_page.ui.password_edit.setText(password)
        window.sign_in_page.ui.sign_in_button.click()
    status = app.exec()
    QThreadPool.globalInstance().waitForDone()  # a database still opening, or a page load
    if failed:
        return 2
    if opened:
        _remember_audit_head(opened["db"])
        opened["db"].dispose()
    log.info("Clinic Desk closed (status %s)", status)
    return int(status)


class _StartError(Exception):
    def __init__(self, title: str, text: str, detail: str = "") -> None:
        super().__init__(text)
        self.title, self.text, self.detail = title, text, detail


def _open_database(url: str) -> dict[str, Any]:
    """Database, schema, services, clinic name; _StartError says what is wrong."""
    from .domain.errors import ClinicDeskError
    from .services import Services
    from .storage import schema
    from .storage.engine import Database, describe_url

    try:
        db = Database(url)
        schema.upgrade(db)
        from .services.backup import recover_restore_entry

        recover_restore_entry(db)  # a PostgreSQL restore cut short: its audit entry now
        _witness_alarm(db)
        integrity = _integrity_problems(db)
        _start_daily_backup(db)
        services = Services(db)
        has_users = services.auth.has_users()
        clinic = services.settings.load().info.name
    except _StartError:
        raise
    except ClinicDeskError as e:
        raise _StartError("Clinic Desk cannot start", str(e)) from None
    except Exception as e:  # noqa: BLE001 - e.g. PostgreSQL not reachable at all
        log.error("database could not be opened: %s", type(e).__name__)
        raise _StartError(
            "Clinic Desk cannot start", f"The database cannot be opened ({describe_url(url)}).",
            "Check that the database server is running and reachable, then start Clinic "
            "Desk again. Details are in the log file.") from None
    if not has_users:
        db.dispose()
        raise _StartError(
            "No user accounts yet", "This database has no user accounts.",
            "Create one with: clinic-desk user add NAME --role admin --full-name '...' "
            "--password-stdin (or clinic-desk demo for a demo clinic).")
    return {"db": db, "services": services, "clinic": clinic, "integrity": integrity}


def _witness_alarm(db: Any) -> None:
    """Issue 11: the database must still hold the newest audit entry and the signing keys this
    workstation saw before; if not, the app writes nothing (not even a sign-in entry)."""
    from .services import witness

    problems = witness.check(db)
    if problems:
        db.dispose()
        log.error("integrity alarm at start: %d problems", len(problems))
        raise _StartError(
            "Integrity alarm", "The database no longer holds what this workstation saw: "
            + "; ".join(problems) + ".",
            "Clinic Desk has written nothing. Do not use this database: call your "
            "administrator, who runs `clinic-desk check` and compares the anchor file kept "
            "elsewhere (docs/security.md).")
    witness.remember(db)


def _integrity_problems(db: Any) -> list[str]:
    """The guards and, on PostgreSQL, the role's rights (fast checks; `clinic-desk check`
    also verifies every signed record). Shown to administrators when they sign in."""
    from .services.integrity import schema_problems

    try:
        return schema_problems(db)
    except Exception as e:  # noqa: BLE001 - a failed check is itself a problem to show
        log.error("integrity check failed: %s", type(e).__name__)
        return [f"the integrity check could not run ({type(e).__name__})"]


def _integrity_banner(window: Any, actor: Any, problems: list[str]) -> None:
    from .domain.record import Role
    from .ui import messages

    if actor.role is not Role.ADMIN:
        return
    messages.error(window, "Integrity check failed",
                   "The database's protection of signed records is not as Clinic Desk set it "
                   "up: " + "; ".join(problems[:6]) + ("; ..." if len(problems) > 6 else "."),
                   "Run `clinic-desk check` for the full list. On PostgreSQL, set up two roles: "
                   "an owner that runs `clinic-desk init-db --owner-url URL` (kept off the "
                   "workstations) and an application role for the workstations (README, "
                   "Several workstations).")


def _remember_audit_head(db: Any) -> None:
    from .services import witness

    try:
        witness.remember(db)
    except Exception as e:  # noqa: BLE001 - the database may be gone at close
        log.info("audit head not remembered at close: %s", type(e).__name__)


def _start_daily_backup(db: object) -> None:
    """Issue 7: once a day a verified copy of an SQLite database in the data folder's
    backups/ (rotated), made on a background thread so the window opens at once."""
    if os.environ.get(ENV_EXIT_WHEN_SHOWN):
        return  # a start-up benchmark measures the start, not a backup
    import threading

    from .services.backup import daily_backup

    def work() -> None:
        try:
            path = daily_backup(db)  # type: ignore[arg-type]
        except Exception as e:  # noqa: BLE001 - a failed backup must never stop the app
            log.warning("daily backup failed: %s", type(e).__name__)
            return
        if path is not None:
            log.info("daily backup written")

    threading.Thread(target=work, name="clinic-desk-daily-backup", daemon=True).start()


def _when_exposed(window: Any, callback: Any) -> None:
    """Call `callback` once, just after `window` is first on screen (painted)."""
    from PySide6.QtCore import QEvent, QObject, QTimer

    class Watcher(QObject):
        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            if event.type() == QEvent.Type.Expose and watched.isExposed():  # type: ignore[attr-defined]
                watched.removeEventFilter(self)
                QTimer.singleShot(0, callback)
            return False

    # Expose goes to the native window (created by show()), not to the QWidget.
    window.windowHandle().installEventFilter(Watcher(window))


def _report_when_shown(window: Any, app: Any, until: str) -> None:
    """Benchmark hook: report the time to the window on screen, or to the worklist's first
    page after sign-in, with the peak memory, and quit."""
    from PySide6.QtCore import QDate, QTimer

    t0 = float(os.environ.get(ENV_T0) or time.time())
    day = os.environ.get(ENV_BENCH_DAY, "")
    times: dict[str, float] = {}

    def mark(name: str) -> None:
        times[name] = round(time.time() - t0, 4)

    def report() -> None:
        mark("reported_s")
        worklist = getattr(window, "worklist", None)
        print(json.dumps({
            **times,
            "peak_rss_mib": round(peak_rss_mib(), 1),
            "rss_mib": round(current_rss_mib(), 1),
            "worklist_rows": worklist.model.rowCount() if worklist is not None else None,
            "heavy_modules_loaded": [m for m in HEAVY_MODULES if m in sys.modules],
        }), flush=True)
        app.quit()

    def shown() -> None:
        mark("shown_s")
        if until != "worklist":
            report()

    def signed_in(_actor: Any) -> None:
        mark("signed_in_s")
        worklist = window.worklist
        if day == "all":
            worklist.ui.all_dates_check.setChecked(True)
        elif day:
            worklist.ui.date_edit.setDate(QDate.fromString(day, "yyyy-MM-dd"))
        model = worklist.model
        if model.loading:
            model.loading_changed.connect(lambda busy: busy or QTimer.singleShot(0, report))
        else:
            QTimer.singleShot(0, report)

    _when_exposed(window, shown)
    if until == "worklist":
        window.signed_in.connect(signed_in)
