"""Fixtures for the nurse's workstation tests: a main window on a fresh SQLite clinic, with
every dialog that would block (message boxes, questions) replaced by a recorder.

Nothing here is autouse: other features' UI tests (tests/ui/signoff, tests/ui/admin) keep
their own arrangements.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget

from clinic_desk.domain.record import Patient
from clinic_desk.services import Services
from clinic_desk.services.drafts import DraftStore
from clinic_desk.ui import messages
from clinic_desk.ui.dialogs.conflict import ConflictDialog
from clinic_desk.ui.dialogs.drafts import DraftRecoveryDialog, UnsavedChangesDialog
from clinic_desk.ui.main_window import MainWindow
from clinic_desk.ui.style import apply_app_style
from tests.conftest import Staff
from tests.factories import make_patient


@dataclass
class Dialogs:
    """What the code under test asked or told the user; answers are set by each test."""

    shown: list[tuple[str, str, str]] = field(default_factory=list)  # (kind, title, text)
    confirm_answer: bool = True
    unsaved_answer: Any = None  # an UnsavedChoice, or None = fail the test if asked
    conflict_answer: Any = None  # a ConflictChoice key
    recovery_answer: Callable[[list[Any]], Any] | None = None  # drafts -> draft or None
    asked: list[str] = field(default_factory=list)

    def kinds(self) -> list[str]:
        return [k for k, _, _ in self.shown]


@pytest.fixture
def dialogs(monkeypatch: pytest.MonkeyPatch) -> Dialogs:
    d = Dialogs()

    def record(kind: str) -> Callable[..., None]:
        def show(_parent: QWidget | None, title: str, text: str, *_a: Any, **_k: Any) -> None:
            d.shown.append((kind, title, text))
        return show

    monkeypatch.setattr(messages, "error", record("error"))
    monkeypatch.setattr(messages, "warning", record("warning"))
    monkeypatch.setattr(messages, "info", record("info"))

    def confirm(_parent: QWidget | None, title: str, text: str, *_a: Any, **_k: Any) -> bool:
        d.shown.append(("confirm", title, text))
        return d.confirm_answer

    monkeypatch.setattr(messages, "confirm", confirm)

    def unsaved(_parent: QWidget | None, what: str) -> Any:
        d.asked.append("unsaved")
        assert d.unsaved_answer is not None, f"unexpected 'unsaved changes' question ({what})"
        return d.unsaved_answer

    monkeypatch.setattr(UnsavedChangesDialog, "ask", classmethod(
        lambda cls, parent, what: unsaved(parent, what)))

    def conflict(_parent: QWidget | None, mine: Any, theirs: Any, error: Any = None,
                 choices: Any = None) -> Any:
        d.asked.append("conflict")
        d.conflict_seen = (mine, theirs)  # type: ignore[attr-defined]
        assert d.conflict_answer is not None, "unexpected conflict dialog"
        return d.conflict_answer

    monkeypatch.setattr(ConflictDialog, "ask", classmethod(
        lambda cls, parent, mine, theirs, error=None, choices=None: conflict(
            parent, mine, theirs, error, choices)))

    def recovery(_parent: QWidget | None, drafts: Any, store: Any) -> Any:
        d.asked.append("recovery")
        if d.recovery_answer is None:
            return None
        return d.recovery_answer(list(drafts))

    monkeypatch.setattr(DraftRecoveryDialog, "ask", classmethod(
        lambda cls, parent, drafts, store: recovery(parent, drafts, store)))
    return d


@pytest.fixture
def drafts(tmp_path: Path) -> DraftStore:
    return DraftStore(tmp_path / "drafts")


@dataclass
class Clinic:
    services: Services
    staff: Staff
    zoe: Patient
    others: list[Patient]


@pytest.fixture
def clinic(sqlite_services: Services, sqlite_staff: Staff) -> Clinic:
    """Staff of every role and a few patients (Zoë O'Brien is the one tests use)."""
    nurse = sqlite_staff.nurse
    zoe = sqlite_services.patients.save(nurse, make_patient(
        mrn="A1001", given_name="Zoë", family_name="O'Brien", weight_kg=72))
    others = [sqlite_services.patients.save(nurse, make_patient(
        given_name=g, family_name=f, date_of_birth=born)) for g, f, born in (
        ("José Luis", "García-Pérez", date(1955, 7, 1)),
        ("Łukasz", "Wróblewski", date(1948, 12, 24)),
        ("Ayşe", "Yılmaz", date(1972, 5, 9)))]
    return Clinic(sqlite_services, sqlite_staff, zoe, others)


@pytest.fixture
def make_window(qtbot: Any, drafts: DraftStore, dialogs: Dialogs
                ) -> Iterator[Callable[..., MainWindow]]:
    """Build main windows (several for multi-session tests); all are closed afterwards."""
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    apply_app_style(app)

    def make(services: Services, actor: Any, *, store: DraftStore | None = None,
             autosave_ms: int = 600_000, show: bool = True, track: bool = True) -> MainWindow:
        window = MainWindow(services, actor, store or drafts, background=False,
                            autosave_ms=autosave_ms)
        # pytest-qt closes added widgets before fixtures tear down: leave nothing unsaved.
        if track:  # not for a window the test destroys itself (a simulated crash)
            qtbot.addWidget(window, before_close_func=_forget_record)
        if show:
            window.resize(1400, 900)
            window.show()
            qtbot.waitExposed(window)
            window.activateWindow()
            qtbot.waitUntil(window.isActiveWindow)
        return window

    yield make


def _forget_record(window: MainWindow) -> None:
    try:
        if window.editor.has_record:
            window.editor.close_record()
    except RuntimeError:
        pass  # already deleted (the crash test destroys its window on purpose)


class Keys:
    """Types like a nurse and counts every keystroke (a character, or a key with modifiers)."""

    def __init__(self, qtbot: Any) -> None:
        self.qtbot = qtbot
        self.count = 0
        self.log: list[str] = []

    @staticmethod
    def target() -> QWidget:
        widget = QApplication.focusWidget()
        assert widget is not None, "nothing has keyboard focus"
        return widget

    def type(self, text: str) -> None:
        self.count += len(text)
        self.log.append(repr(text))
        for ch in text:
            self.qtbot.keyClicks(self.target(), ch)

    def press(self, key: Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier,
              name: str = "") -> None:
        self.count += 1
        self.log.append(name or key.name.replace("Key_", ""))
        self.qtbot.keyClick(self.target(), key, modifier)

    def sequence(self) -> str:
        return " ".join(self.log)


def when_modal(cls: type, act: Callable[[Any], None], attempts: int = 500) -> None:
    """Run `act(dialog)` as soon as a modal dialog of `cls` is up (the test then calls the
    code that opens it; exec() blocks until `act` closes it)."""
    from PySide6.QtCore import QTimer

    timer = QTimer()
    state = {"left": attempts}

    def poll() -> None:
        dialog = QApplication.activeModalWidget()
        if isinstance(dialog, cls) and dialog.isVisible():
            focus = QApplication.focusWidget()
            if dialog.isActiveWindow() and focus is not None and dialog.isAncestorOf(focus):
                timer.stop()
                act(dialog)
                return
            dialog.activateWindow()  # see reactivate(): the offscreen platform needs asking
        state["left"] -= 1
        if state["left"] <= 0:
            timer.stop()

    timer.timeout.connect(poll)
    timer.start(10)
    _timers.append(timer)


_timers: list[Any] = []


def reactivate(qtbot: Any, window: QWidget) -> None:
    """After a modal dialog closes, a desktop gives the keyboard back to the window; the
    offscreen test platform does not, so the test does (this is not a keystroke)."""
    if not window.isActiveWindow():
        window.activateWindow()
        qtbot.waitUntil(window.isActiveWindow)
