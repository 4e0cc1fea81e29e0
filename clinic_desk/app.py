"""Composition root: logging, the database, the services, Qt, sign-in and the main window.

`run(database_url_or_None) -> exit status` is what `clinic-desk` with no sub-command calls.
Anything unexpected reaches one excepthook: the nurse sees "Nothing was saved" and an
incident id; the traceback (without the exception's message, which could hold patient data)
goes to the log file only.

For benchmarks/bench_startup.py only: CLINIC_DESK_AUTOSIGNIN="user:password" signs in through
the normal password check, and CLINIC_DESK_EXIT_WHEN_SHOWN=1 prints one JSON line (time since
CLINIC_DESK_T0, peak and current memory) once the main window is on screen, and quits
(CLINIC_DESK_EXIT_WHEN_SHOWN=sign-in does the same for the sign-in dialog).
CLINIC_DESK_BENCH_DAY=YYYY-MM-DD (or "all") opens the worklist on that day and waits for its
first page before reporting.
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
    from PySide6.QtCore import Qt, QTimer
    from PySide6.QtGui import QGuiApplication
    from PySide6.QtWidgets import QApplication

    QGuiApplication.setHighDpiScaleFactorRoundingPolicy(
        Qt.HighDpiScaleFactorRoundingPolicy.PassThrough)
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(
        argv if argv is not None else sys.argv)
    app.setApplicationName("Clinic Desk")
    app.setOrganizationName(config.APP_NAME)
    app.setApplicationDisplayName("Clinic Desk")

    from .ui import messages
    from .ui.dialogs.sign_in import SignInDialog
    from .ui.icons import icon
    from .ui.style import apply_app_style

    app.setWindowIcon(icon("app"))
    apply_app_style(app)
    window: Any = None
    _install_excepthook(lambda: window)

    url = config.database_url(database)
    auto = os.environ.get(ENV_AUTOSIGNIN)
    measure_dialog = os.environ.get(ENV_EXIT_WHEN_SHOWN) == "sign-in"
    opened: dict[str, Any] = {}

    def connect(parent: Any = None) -> bool:
        """Open the database (and import what that needs): False, having said why, if not."""
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            opened.update(_open_database(url))
        except _StartError as e:
            QGuiApplication.restoreOverrideCursor()
            messages.error(parent, e.title, e.text, e.detail)
            return False
        QGuiApplication.restoreOverrideCursor()
        return True

    if auto and ":" in auto and not measure_dialog:
        if not connect():
            return 2
        services, clinic = opened["services"], opened["clinic"]
        actor = _sign_in_while_loading(services, auto)
    else:
        # The sign-in dialog comes first; the database opens (SQLAlchemy loads) once it is
        # on screen, and the main window's code loads while the nurse types the password.
        dialog = SignInDialog(None, None, clinic_name="Clinic Desk")
        dialog.show()
        if measure_dialog:
            _exit_when_shown(dialog, app)
            return int(app.exec())

        def connect_dialog() -> None:
            if not connect(dialog):
                dialog.done(2)
                return
            dialog.set_services(opened["services"], opened["clinic"])
            QTimer.singleShot(50, _load_main_window)

        QTimer.singleShot(0, connect_dialog)
        result = dialog.exec()
        if result == 2 or not opened:
            return 2
        actor = dialog.actor if result == SignInDialog.DialogCode.Accepted else None
        services, clinic = opened["services"], opened["clinic"]
    db = opened["db"]
    if actor is None:
        db.dispose()
        return 0

    window = _load_main_window()(services, actor, sign_in=lambda w: SignInDialog.ask(
        services, None, clinic_name=clinic))
    window.show()
    if os.environ.get(ENV_EXIT_WHEN_SHOWN):
        _exit_when_shown(window, app)
    else:
        QTimer.singleShot(0, window.offer_drafts)
    status = app.exec()
    db.dispose()
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
        _start_daily_backup(db)
        services = Services(db)
        has_users = services.auth.has_users()
        clinic = services.settings.load().info.name
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
    return {"db": db, "services": services, "clinic": clinic}


def _load_main_window() -> Any:
    from .ui.main_window import MainWindow

    return MainWindow


def _sign_in_while_loading(services: Any, credentials: str) -> Any:
    """Check the password on a thread (argon2 runs without the GIL) while the main window's
    code loads; the same check as the dialog's, just without typing."""
    import concurrent.futures

    username, _, password = credentials.partition(":")
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        pending = pool.submit(services.auth.authenticate, username, password)
        _load_main_window()
        return pending.result()


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


def _exit_when_shown(window: object, app: object) -> None:
    """Benchmark hook: report the time to an exposed main window and the peak memory."""
    from PySide6.QtCore import QDate, QEvent, QObject, QTimer

    t0 = float(os.environ.get(ENV_T0) or time.time())
    day = os.environ.get(ENV_BENCH_DAY, "")
    state: dict[str, float | None] = {"shown": None}
    worklist = getattr(window, "worklist", None)  # None: the sign-in dialog is measured
    model = worklist.model if worklist is not None else None

    def report() -> None:
        print(json.dumps({
            "shown_s": state["shown"],
            "peak_rss_mib": round(peak_rss_mib(), 1),
            "rss_mib": round(current_rss_mib(), 1),
            "worklist_rows": model.rowCount() if model is not None else None,
            "heavy_modules_loaded": [m for m in HEAVY_MODULES if m in sys.modules],
        }), flush=True)
        app.quit()  # type: ignore[attr-defined]

    def when_loaded() -> None:
        if model is not None and model.loading:
            model.loading_changed.connect(lambda busy: busy or QTimer.singleShot(0, report))
        else:
            QTimer.singleShot(0, report)

    class Watcher(QObject):
        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            if event.type() == QEvent.Type.Expose and state["shown"] is None:
                state["shown"] = round(time.time() - t0, 4)
                when_loaded()
            return False

    watcher = Watcher(window)  # type: ignore[arg-type]
    # Expose goes to the native window (created by show()), not to the QWidget.
    window.windowHandle().installEventFilter(watcher)  # type: ignore[attr-defined]
    if worklist is None:
        return
    if day == "all":
        worklist.ui.all_dates_check.setChecked(True)
    elif day:
        worklist.ui.date_edit.setDate(QDate.fromString(day, "yyyy-MM-dd"))
