"""Automatic lock after idle time, unlock with nothing lost, and Switch user (HIPAA
164.312(a)(2)(iii)), with a short timeout instead of 10 minutes."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import QApplication, QDialog, QLineEdit, QMainWindow, QVBoxLayout, QWidget

from clinic_desk.domain.clinic import SecuritySettings
from clinic_desk.services.auth import SIGN_IN_REFUSED
from clinic_desk.services.drafts import DraftStore, draft_key
from clinic_desk.ui.signoff.lock import LOCKED_TITLE, Curtain, IdleWatcher, SessionLock
from tests.signoff.helpers import audit_entries

EDIT = "Patient comfortable, ice applied"


class Window(QMainWindow):
    """A stand-in for the main window: an unsaved edit, the signed-in actor, set_user."""

    def __init__(self, actor: Any, drafts: DraftStore) -> None:
        super().__init__()
        self.actor, self.drafts, self.switched_to = actor, drafts, []
        self.setWindowTitle("Clinic Desk — O'Brien, Zoë — Min-jun Kim (nurse)")
        central = QWidget(self)
        self.notes = QLineEdit(central)
        self.notes.setObjectName("notes_edit")
        self.other = QLineEdit(central)
        layout = QVBoxLayout(central)
        layout.addWidget(self.other)
        layout.addWidget(self.notes)
        self.setCentralWidget(central)

    def set_user(self, actor: Any, ask: bool = True) -> bool:
        assert ask is False  # a switch never asks: the unsaved edit becomes a draft
        self.drafts.save(draft_key(self.actor.username, 7), self.actor.username,
                         {"notes": self.notes.text()}, record_id=7, version=1, status="draft",
                         patient_id=1)
        self.notes.clear()
        self.switched_to.append(actor)
        self.actor = actor
        self.setWindowTitle(f"Clinic Desk — {actor.full_name}")
        return True


@pytest.fixture
def window(qtbot: Any, clinic_staff: Any, tmp_path: Any) -> Window:
    _, staff = clinic_staff
    w = Window(staff.nurse, DraftStore(tmp_path / "drafts"))
    qtbot.addWidget(w)
    w.resize(900, 600)
    with qtbot.waitActive(w):
        w.show()
        w.activateWindow()
    return w


def _type_unsaved_edit(qtbot: Any, window: Window) -> None:
    window.notes.setFocus()
    qtbot.keyClicks(window.notes, EDIT)
    window.notes.setCursorPosition(7)
    assert window.focusWidget() is window.notes


def _curtains(widget: QWidget) -> list[Curtain]:
    return [c for c in widget.findChildren(Curtain) if c.isVisible()]


def test_auto_lock_then_continue_with_the_unsaved_edit_intact(qtbot: Any, clinic_staff: Any,
                                                              window: Window) -> None:
    services, staff = clinic_staff
    _type_unsaved_edit(qtbot, window)
    lock = SessionLock(services, window, timeout_ms=50)
    with qtbot.waitSignal(lock.locked_changed, timeout=5000) as locked:
        pass  # nobody touches anything: the idle timer fires
    assert locked.args == [True] and lock.locked
    # The patient data is hidden: covered, out of the title, and the lock screen is modal.
    (curtain,) = _curtains(window)
    assert curtain.geometry() == window.rect()
    assert window.windowTitle() == LOCKED_TITLE
    screen = lock.screen
    assert screen is not None and screen.isVisible()
    assert screen.windowModality() == Qt.WindowModality.ApplicationModal
    assert QApplication.activeModalWidget() is screen  # clicks and shortcuts stop here
    assert "Min-jun Kim, RN (nkim)" in screen.ui.user_label.text()
    assert "O'Brien" not in screen.ui.user_label.text()
    entry = audit_entries(services)[-1]
    assert (entry.action.value, entry.username, entry.detail) == (
        "screen_lock", "nkim", {"reason": "idle"})
    # Esc and the close button do not unlock.
    qtbot.keyClick(screen, Qt.Key.Key_Escape)
    screen.close()
    assert screen.isVisible() and lock.locked
    # A wrong password is refused; the right one unlocks.
    qtbot.keyClicks(screen.ui.password_edit, "wrong")
    qtbot.keyClick(screen.ui.password_edit, Qt.Key.Key_Return)
    assert "not right" in screen.ui.message_label.text() and lock.locked
    qtbot.keyClicks(screen.ui.password_edit, staff.password)
    with qtbot.waitSignal(lock.locked_changed) as unlocked:
        qtbot.keyClick(screen.ui.password_edit, Qt.Key.Key_Return)
    assert unlocked.args == [False] and not lock.locked
    # Exactly where they were: the unsaved text, the cursor, the focus, the title.
    assert window.notes.text() == EDIT and window.notes.cursorPosition() == 7
    assert window.focusWidget() is window.notes
    assert window.windowTitle().startswith("Clinic Desk — O'Brien, Zoë")
    assert _curtains(window) == [] and window.switched_to == []
    actions = [e.action.value for e in audit_entries(services)[-3:]]
    assert actions == ["screen_lock", "sign_in_failed", "screen_unlock"]
    # The idle timer runs again.
    assert lock.watcher.running
    with qtbot.waitSignal(lock.locked_changed, timeout=5000) as again:
        pass
    assert again.args == [True]
    lock.dispose()


def test_switch_user_keeps_the_first_users_edit_as_a_draft(qtbot: Any, clinic_staff: Any,
                                                           window: Window) -> None:
    services, staff = clinic_staff
    _type_unsaved_edit(qtbot, window)
    lock = SessionLock(services, window, timeout_ms=3_600_000)
    dialog = QDialog(window)  # something the nurse had open
    dialog.setWindowTitle("Patient details")
    dialog.show()
    assert lock.switch_action.shortcut().toString() == "Ctrl+L"
    with qtbot.waitSignal(lock.locked_changed):
        lock.switch_action.trigger()
    screen = lock.screen
    assert screen is not None and screen.switch_mode
    assert _curtains(window) and _curtains(dialog)
    # What the colleague reads: sign in as yourself; the nurse's work is kept.
    assert "Sign in below with your own account" in screen.ui.user_label.text()
    assert "Min-jun Kim's unsaved work is kept as a draft" in screen.ui.user_label.text()
    qtbot.keyClicks(screen.ui.username_edit, "drlee")
    qtbot.keyClick(screen.ui.username_edit, Qt.Key.Key_Return)  # on to the password
    qtbot.keyClicks(screen.ui.other_password_edit, "not it")
    qtbot.keyClick(screen.ui.other_password_edit, Qt.Key.Key_Return)
    assert screen.ui.message_label.text() == SIGN_IN_REFUSED and lock.locked
    qtbot.keyClicks(screen.ui.other_password_edit, staff.password)
    with qtbot.waitSignal(lock.user_switched) as switched:
        qtbot.keyClick(screen.ui.other_password_edit, Qt.Key.Key_Return)
    old, new = switched.args
    assert (old.username, new.username) == ("nkim", "drlee")
    assert [a.username for a in window.switched_to] == ["drlee"]
    assert window.actor.username == "drlee" and not lock.locked
    assert window.windowTitle() == "Clinic Desk — Hana Lee"
    assert not dialog.isVisible() and dialog.result() == QDialog.DialogCode.Rejected
    assert _curtains(window) == []
    (draft,) = window.drafts.list_for_user("nkim")
    assert draft.content == {"notes": EDIT} and draft.record_id == 7
    tail = [(e.action.value, e.username, e.detail) for e in audit_entries(services)[-4:]]
    assert tail == [("screen_lock", "nkim", {"reason": "switch user"}),
                    ("sign_in_failed", "drlee", {"reason": "wrong password", "attempt": 1}),
                    ("sign_in", "drlee", {}),
                    ("sign_out", "nkim", {"reason": "switch user"})]
    lock.dispose()


def test_typing_ones_own_name_in_switch_mode_just_unlocks(qtbot: Any, clinic_staff: Any,
                                                          window: Window) -> None:
    services, staff = clinic_staff
    lock = SessionLock(services, window, timeout_ms=3_600_000)
    lock.lock("user", switch_mode=True)
    screen = lock.screen
    assert screen is not None
    qtbot.keyClick(screen, Qt.Key.Key_Escape)  # back to the unlock form
    assert not screen.switch_mode
    screen.set_switch_mode(True)
    qtbot.keyClicks(screen.ui.username_edit, "NKim")
    qtbot.keyClicks(screen.ui.other_password_edit, staff.password)
    with qtbot.waitSignal(lock.locked_changed):
        screen.ui.sign_in_button.click()
    assert window.switched_to == [] and window.actor.username == "nkim"
    assert audit_entries(services)[-1].action.value == "screen_unlock"
    lock.dispose()


def test_guessing_at_the_lock_screen_locks_the_account(qtbot: Any, clinic_staff: Any,
                                                       window: Window) -> None:
    services, staff = clinic_staff
    lock = SessionLock(services, window, timeout_ms=3_600_000)
    lock.lock_action.trigger()
    screen = lock.screen
    assert screen is not None
    for _ in range(5):
        qtbot.keyClicks(screen.ui.password_edit, "guess")
        screen.ui.unlock_button.click()
    assert "locked for 15 minutes" in screen.ui.message_label.text()
    qtbot.keyClicks(screen.ui.password_edit, staff.password)
    screen.ui.unlock_button.click()
    assert lock.locked and "locked" in screen.ui.message_label.text()
    lock.dispose()


def test_idle_minutes_come_from_the_clinic_settings(qtbot: Any, clinic_staff: Any,
                                                    window: Window) -> None:
    services, staff = clinic_staff
    lock = SessionLock(services, window)
    assert lock.watcher.timeout_ms == 10 * 60_000
    services.settings.save_security(staff.admin, SecuritySettings(idle_lock_minutes=3))
    lock.reload_settings()
    assert lock.watcher.timeout_ms == 3 * 60_000
    lock.dispose()


def test_input_restarts_the_idle_countdown(qtbot: Any) -> None:
    watcher = IdleWatcher(3_600_000)
    edit = QLineEdit()
    qtbot.addWidget(edit)
    watcher.start()
    qtbot.keyClick(edit, Qt.Key.Key_A)  # a real key press, seen through the app filter
    after_key = watcher.restarts
    assert after_key >= 1 and watcher.running
    paint = QEvent(QEvent.Type.Paint)
    watcher.eventFilter(edit, paint)  # not input: the countdown goes on
    assert watcher.restarts == after_key
    watcher.stop()
    qtbot.keyClick(edit, Qt.Key.Key_B)  # stopped (locked): input does not restart it
    assert watcher.restarts == after_key and not watcher.running
    watcher.dispose()
