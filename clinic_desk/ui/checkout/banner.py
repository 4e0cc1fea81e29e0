"""When the database cannot be reached: a banner across the window says so, the unsaved work
is kept on this workstation (services.retry), and the monitor keeps trying - backing off
2, 4, 8, 15, then every 30 seconds - and saves the kept work as soon as the database is back.

    monitor = ConnectionMonitor(services, lambda: window.actor, window.drafts, parent=window)
    banner = DatabaseBanner(monitor, services.database_description)
    watcher.connection_changed.connect(monitor.set_feed_connected)
    # anywhere a DatabaseUnavailableError is caught:
    monitor.report_unavailable()
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QWidget

from ...services import Actor, Services
from ...services.drafts import DraftStore
from ...services.retry import RetryClock, RetryOutcome, database_reachable, retry_pending
from ..icons import icon
from ..workers import run_in_background

log = logging.getLogger(__name__)


class ConnectionMonitor(QObject):
    """Knows whether the database is reachable and saves kept work when it is back.

    Signals: `availability_changed(bool)`, `retried(RetryOutcome)` after each round that found
    the database, `checking(bool)` while a check runs."""

    availability_changed = Signal(bool)
    retried = Signal(object)
    checking = Signal(bool)

    def __init__(self, services: Services, actor: Callable[[], Actor], store: DraftStore,
                 parent: QObject | None = None, *, clock: RetryClock | None = None,
                 background: bool = True) -> None:
        super().__init__(parent)
        self.services, self._actor, self.store = services, actor, store
        self.clock = clock or RetryClock()
        self.available = True
        self._background = background
        self._busy = False
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self.check_now)

    # --- what the rest of the app tells the monitor -----------------------------------------
    def report_unavailable(self) -> None:
        """A save or a query just failed with DatabaseUnavailableError."""
        self._set_available(False)
        if not self.timer.isActive() and not self._busy:
            self._schedule()

    def set_feed_connected(self, connected: bool) -> None:
        """The change feed lost (or regained) its connection."""
        if not connected:
            self.report_unavailable()
        elif not self.available:
            self.check_now()

    def work_kept(self) -> int:
        """How many unsaved edits of the signed-in user wait for the database."""
        from ...services.retry import pending_drafts

        try:
            return len(pending_drafts(self.store, self._actor().username))
        except OSError:
            return 0

    # --- retrying ---------------------------------------------------------------------------
    def _schedule(self) -> None:
        delay = self.clock.failed()
        self.timer.start(int(delay * 1000))

    def check_now(self) -> None:
        """Try the database now (and save the kept work if it answers)."""
        if self._busy:
            return
        self.timer.stop()
        self._busy = True
        self.checking.emit(True)
        services, store, actor = self.services, self.store, self._actor()

        def attempt() -> RetryOutcome | None:
            if not database_reachable(services.db):
                return None
            return retry_pending(services, actor, store)

        if self._background:
            run_in_background(attempt, name="database retry", on_done=self._on_attempt_done,
                              on_error=self._on_attempt_failed)
        else:
            try:
                result = attempt()
            except Exception as e:  # noqa: BLE001 - same path as the worker's
                self._on_attempt_failed(e)
            else:
                self._on_attempt_done(result)

    def _on_attempt_done(self, outcome: Any) -> None:
        self._busy = False
        self.checking.emit(False)
        if outcome is None or outcome.still_down:
            self._set_available(False)
            self._schedule()
            return
        self.clock.reset()
        self._set_available(True)
        self.retried.emit(outcome)

    def _on_attempt_failed(self, exc: BaseException) -> None:
        self._busy = False
        self.checking.emit(False)
        log.info("database retry failed: %s", type(exc).__name__)
        self._set_available(False)
        self._schedule()

    def _set_available(self, available: bool) -> None:
        if available != self.available:
            log.info("database %s", "reachable again" if available else "unreachable")
            self.available = available
            self.availability_changed.emit(available)


class DatabaseBanner(QFrame):
    """A strip across the top of the window, hidden while the database answers."""

    def __init__(self, monitor: ConnectionMonitor, where: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("database_banner")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAccessibleName("Database connection")
        self.monitor, self.where = monitor, where
        self.icon_label = QLabel(self)
        size = self.fontMetrics().height() * 2
        self.icon_label.setPixmap(icon("warning").pixmap(size, size))
        self.icon_label.setAccessibleName("Warning")
        self.text_label = QLabel(self)
        self.text_label.setObjectName("database_banner_text")
        self.text_label.setWordWrap(True)
        self.text_label.setTextFormat(Qt.TextFormat.PlainText)
        self.retry_button = QPushButton("&Try again now", self)
        self.retry_button.setObjectName("database_retry_button")
        self.retry_button.setToolTip("Check the database now and save the work kept here")
        layout = QHBoxLayout(self)
        layout.addWidget(self.icon_label)
        layout.addWidget(self.text_label, 1)
        layout.addWidget(self.retry_button)
        self.retry_button.clicked.connect(monitor.check_now)
        monitor.availability_changed.connect(self._on_monitor_availability_changed)
        monitor.checking.connect(self._on_monitor_checking)
        monitor.retried.connect(self._on_monitor_retried)
        self.setVisible(not monitor.available)
        self._update_text()

    def _update_text(self, checking: bool = False) -> None:
        kept = self.monitor.work_kept()
        work = (f"{kept} unsaved change{'s are' if kept != 1 else ' is'} kept on this "
                "workstation and will be saved when it is back." if kept else
                "Anything you save meanwhile is kept on this workstation and saved when it is "
                "back.")
        state = "Checking now..." if checking else "Clinic Desk keeps trying by itself."
        self.text_label.setText(f"The database cannot be reached ({self.where}). {work} "
                                f"{state}")

    def _on_monitor_availability_changed(self, available: bool) -> None:
        self.setVisible(not available)
        self._update_text()

    def _on_monitor_checking(self, checking: bool) -> None:
        self.retry_button.setEnabled(not checking)
        self._update_text(checking)

    def _on_monitor_retried(self, _outcome: object) -> None:
        self._update_text()
