"""Automatic lock after idle minutes, and Switch user (HIPAA 164.312(a)(2)(iii)).

    lock = SessionLock(services, window)      # window: MainWindow (actor, set_user)
    window.menu("file").addAction(lock.switch_action)   # Ctrl+L

While locked, every window of the application is covered by an opaque curtain (the patient
data is hidden, also from the title bar) and an application-modal lock screen asks for the
password, so no shortcut or click reaches the windows below. Nothing below is closed or
reset: the same user unlocks and continues exactly where they were, unsaved edits, cursor
and focus included. Another user may sign in instead: the first user is signed out (their
unsaved record is kept as a local draft by the window's pages, `set_user(..., ask=False)`),
and open dialogs of the first user are cancelled. Lock and unlock are audited.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

import shiboken6
from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeyEvent, QKeySequence, QPalette
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from ...domain.errors import ClinicDeskError
from ...services import Actor, Services
from ..generated.ui_lock_screen import Ui_LockScreen
from .common import check_password, show_problem

log = logging.getLogger(__name__)

LOCKED_TITLE = "Clinic Desk - locked"
_INPUT = frozenset({QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress,
                    QEvent.Type.MouseMove, QEvent.Type.Wheel, QEvent.Type.TouchBegin,
                    QEvent.Type.TabletPress})


class IdleWatcher(QObject):
    """Emits `idle` after `timeout_ms` without a key press, click, mouse move or scroll in
    any window of the application."""

    idle = Signal()

    def __init__(self, timeout_ms: int, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(max(1, timeout_ms))
        self._timer.timeout.connect(self.idle)
        self.restarts = 0  # how often input restarted the countdown (tests read it)
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)

    @property
    def timeout_ms(self) -> int:
        return self._timer.interval()

    def set_timeout_ms(self, timeout_ms: int) -> None:
        self._timer.setInterval(max(1, timeout_ms))
        if self._timer.isActive():
            self._timer.start()

    @property
    def running(self) -> bool:
        return self._timer.isActive()

    def start(self) -> None:
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in _INPUT and self._timer.isActive():
            self._timer.start()  # restart the countdown
            self.restarts += 1
        return False

    def dispose(self) -> None:
        self._timer.stop()
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)


class Curtain(QWidget):
    """An opaque cover over one window while the application is locked."""

    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self.setObjectName("lock_curtain")
        self.setAutoFillBackground(True)
        palette = self.palette()
        palette.setColor(QPalette.ColorRole.Window,
                         palette.color(QPalette.ColorRole.Dark))
        self.setPalette(palette)
        label = QLabel("Clinic Desk is locked.", self)
        label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        QVBoxLayout(self).addWidget(label)
        self.setGeometry(window.rect())
        window.installEventFilter(self)
        self.show()
        self.raise_()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize and isinstance(watched, QWidget):
            self.setGeometry(watched.rect())
            self.raise_()
        return False

    def remove(self) -> None:
        parent = self.parentWidget()
        if parent is not None:
            parent.removeEventFilter(self)
        self.hide()
        self.deleteLater()


class LockScreen(QWidget):
    """The password prompt of a locked workstation: the same user unlocks, or another signs
    in (`switch mode`). Talks to the services itself; emits who may continue."""

    unlocked = Signal(object)  # the same Actor, re-read from the database
    switched = Signal(object)  # another Actor who signed in

    def __init__(self, services: Services, actor: Actor, parent: QWidget | None = None,
                 *, switch_mode: bool = False) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.ui = Ui_LockScreen()
        self.ui.setupUi(self)
        self.services, self.actor = services, actor
        self._done = False
        self.setWindowModality(Qt.WindowModality.ApplicationModal)
        self.setWindowTitle("Clinic Desk is locked")
        font = self.ui.title_label.font()
        font.setPointSizeF(font.pointSizeF() * 1.5)
        font.setBold(True)
        self.ui.title_label.setFont(font)
        self._show_message("")
        self._connect_signals()
        self.set_switch_mode(switch_mode)

    def _connect_signals(self) -> None:
        self.ui.unlock_button.clicked.connect(self._on_unlock_button_clicked)
        self.ui.password_edit.returnPressed.connect(self._on_unlock_button_clicked)
        self.ui.switch_button.clicked.connect(lambda: self.set_switch_mode(True))
        self.ui.back_button.clicked.connect(lambda: self.set_switch_mode(False))
        self.ui.sign_in_button.clicked.connect(self._on_sign_in_button_clicked)
        self.ui.other_password_edit.returnPressed.connect(self._on_sign_in_button_clicked)
        self.ui.username_edit.returnPressed.connect(self.ui.other_password_edit.setFocus)

    @property
    def switch_mode(self) -> bool:
        return self.ui.switch_box.isVisibleTo(self)

    def set_switch_mode(self, on: bool) -> None:
        self.ui.unlock_box.setVisible(not on)
        self.ui.switch_box.setVisible(on)
        self._show_message("")
        self.ui.password_edit.clear()
        self.ui.other_password_edit.clear()
        who = f"{self.actor.staff.display} ({self.actor.username})"
        if on:
            self.ui.title_label.setText("Switch user")
            name = self.actor.full_name
            self.ui.user_label.setText(
                f"{who} is signed in. Sign in below with your own account: {name}'s unsaved "
                f"work is kept as a draft. {name} can press Back to continue.")
            self.ui.username_edit.clear()
            self.ui.username_edit.setFocus()
            self.ui.sign_in_button.setDefault(True)
        else:
            self.ui.title_label.setText("Clinic Desk is locked")
            self.ui.user_label.setText(
                f"Signed in: {who}. Enter your password to continue where you were.")
            self.ui.password_edit.setFocus()
            self.ui.unlock_button.setDefault(True)

    def _show_message(self, text: str) -> None:
        show_problem(self.ui.message_icon, self.ui.message_label, text)

    def _on_unlock_button_clicked(self) -> None:
        password = self.ui.password_edit.text()
        self.ui.password_edit.clear()
        if not password:
            self._show_message("Enter your password.")
            return
        fresh = check_password(lambda: self.services.auth.unlock_screen(self.actor, password),
                               self._show_message, self.ui.password_edit)
        if fresh is None:
            return
        self._done = True
        self.unlocked.emit(fresh)

    def _on_sign_in_button_clicked(self) -> None:
        username = self.ui.username_edit.text().strip().lower()
        password = self.ui.other_password_edit.text()
        self.ui.other_password_edit.clear()
        if not username or not password:
            self._show_message("Enter the username and the password.")
            (self.ui.username_edit if not username else self.ui.other_password_edit).setFocus()
            return
        auth = self.services.auth
        actor = check_password(
            (lambda: auth.unlock_screen(self.actor, password)) if username == self.actor.username
            else (lambda: auth.authenticate(username, password, self.actor.workstation)),
            self._show_message, self.ui.other_password_edit)
        if actor is None:
            return
        self._done = True
        if actor.username == self.actor.username:
            self.unlocked.emit(actor)
        else:
            self.switched.emit(actor)

    # A locked screen does not go away with Esc or the window's close button.
    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape:
            if self.switch_mode:
                self.set_switch_mode(False)
            event.accept()
            return
        super().keyPressEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:
        if self._done:
            event.accept()
        else:
            event.ignore()

    def finish(self) -> None:
        self._done = True
        self.close()
        self.deleteLater()


class SessionLock(QObject):
    """Locks the application after idle minutes or on request; see the module docstring.

    `window` is the main window: its `actor` is who is signed in, and `set_user(actor,
    ask=False)` hands the workstation to another user (pages keep unsaved work as drafts).
    Give `actor`/`switch_user` instead for a window without them.
    """

    locked_changed = Signal(bool)
    user_switched = Signal(object, object)  # (previous Actor, new Actor)

    def __init__(self, services: Services, window: QWidget, *,
                 timeout_ms: int | None = None,
                 actor: Callable[[], Actor] | None = None,
                 switch_user: Callable[[Actor], bool] | None = None) -> None:
        super().__init__(window)
        self.services, self.window = services, window
        self._actor = actor or (lambda: window.actor)  # type: ignore[attr-defined]
        self._switch_user = switch_user or (
            lambda a: bool(window.set_user(a, ask=False)))  # type: ignore[attr-defined]
        if timeout_ms is None:
            timeout_ms = self._settings_timeout_ms()
        self.watcher = IdleWatcher(timeout_ms, self)
        self.screen: LockScreen | None = None
        self._curtains: list[Curtain] = []
        self._focus: QWidget | None = None
        self._title = ""
        self.lock_action = QAction("&Lock screen", window)
        self.lock_action.setObjectName("lock_screen_action")
        self.lock_action.setShortcut(QKeySequence("Ctrl+Shift+L"))
        self.lock_action.setToolTip("Hide patient data until you enter your password "
                                    "(Ctrl+Shift+L)")
        self.switch_action = QAction("S&witch user...", window)
        self.switch_action.setObjectName("switch_user_action")
        self.switch_action.setShortcut(QKeySequence("Ctrl+L"))
        self.switch_action.setToolTip("Let a colleague sign in on this workstation; your "
                                      "unsaved work is kept as a draft (Ctrl+L)")
        for action in (self.lock_action, self.switch_action):
            action.setShortcutContext(Qt.ShortcutContext.ApplicationShortcut)
            window.addAction(action)
        self._connect_signals()
        self.watcher.start()

    def _connect_signals(self) -> None:
        self.watcher.idle.connect(self._on_watcher_idle)
        self.lock_action.triggered.connect(lambda: self.lock("user"))
        self.switch_action.triggered.connect(lambda: self.lock("switch user",
                                                               switch_mode=True))

    def _settings_timeout_ms(self) -> int:
        try:
            minutes = self.services.settings.load().security.idle_lock_minutes
        except ClinicDeskError:
            minutes = 10
        return minutes * 60_000

    def set_enabled(self, on: bool) -> None:
        """Off while nobody is signed in (the window shows its sign-in page): nothing to lock,
        no idle countdown, no Lock screen or Switch user."""
        for action in (self.lock_action, self.switch_action):
            action.setEnabled(on)
        if on:
            self.watcher.start()
        else:
            self.watcher.stop()

    def reload_settings(self) -> None:
        """The clinic changed idle_lock_minutes: use it from now on."""
        self.watcher.set_timeout_ms(self._settings_timeout_ms())

    @property
    def locked(self) -> bool:
        return self.screen is not None

    def _on_watcher_idle(self) -> None:
        self.lock("idle")

    def lock(self, reason: str = "user", *, switch_mode: bool = False) -> None:
        """Hide every window's content and ask for the password (audited)."""
        if self.locked:
            if switch_mode and self.screen is not None:
                self.screen.set_switch_mode(True)
            return
        actor = self._actor()
        self.watcher.stop()
        self._focus = QApplication.focusWidget()
        self._title = self.window.windowTitle()
        self.window.setWindowTitle(LOCKED_TITLE)  # the title may name a patient
        for top in QApplication.topLevelWidgets():
            if top.isVisible() and not isinstance(top, LockScreen) and top.windowType() not in (
                    Qt.WindowType.ToolTip, Qt.WindowType.Popup):
                self._curtains.append(Curtain(top))
        self.screen = LockScreen(self.services, actor, switch_mode=switch_mode)
        self.screen.setObjectName("lock_screen")
        self.screen.unlocked.connect(self._on_screen_unlocked)
        self.screen.switched.connect(self._on_screen_switched)
        geometry = self.window.geometry()
        if geometry.isValid() and self.window.isVisible():
            self.screen.setGeometry(geometry)
        self.screen.show()
        self.screen.raise_()
        self.screen.activateWindow()
        try:
            self.services.auth.lock_screen(actor, reason)
        except ClinicDeskError:
            log.info("screen lock could not be recorded")
        log.info("screen locked (%s)", reason)
        self.locked_changed.emit(True)

    def _unveil(self) -> None:
        for curtain in self._curtains:
            if shiboken6.isValid(curtain):
                curtain.remove()
        self._curtains = []
        if self.screen is not None:
            self.screen.finish()
            self.screen = None

    def _on_screen_unlocked(self, actor: Actor) -> None:
        self._unveil()
        self.window.setWindowTitle(self._title)
        self.window.activateWindow()
        focus = self._focus
        if focus is not None and shiboken6.isValid(focus) and focus.isVisible():
            focus.activateWindow()
            focus.setFocus(Qt.FocusReason.OtherFocusReason)
        self._focus = None
        log.info("screen unlocked")
        self.watcher.start()
        self.locked_changed.emit(False)

    def _on_screen_switched(self, new: Actor) -> None:
        old = self._actor()
        # The first user's dialogs go (cancelled); their record edit stays as a draft.
        for top in QApplication.topLevelWidgets():
            if isinstance(top, QDialog) and top.isVisible():
                top.reject()
        self._unveil()
        self._focus = None
        # The window first deals with the first user's work (kept as a draft), then the first
        # user's session ends in the audit trail.
        if not self._switch_user(new):
            log.info("switch user refused by the window; locking again")
            self.window.setWindowTitle(self._title)
            self.locked_changed.emit(False)
            self.lock("switch refused")
            return
        try:
            self.services.auth.sign_out(old, "switch user")
        except ClinicDeskError:
            log.info("sign-out could not be recorded")
        if self.window.windowTitle() == LOCKED_TITLE:  # the window did not set its own
            self.window.setWindowTitle(self._title)
        log.info("user switched (user id %s -> %s)", old.user_id, new.user_id)
        self.watcher.start()
        self.user_switched.emit(old, new)
        self.locked_changed.emit(False)

    def dispose(self) -> None:
        self.watcher.dispose()
        self._unveil()
