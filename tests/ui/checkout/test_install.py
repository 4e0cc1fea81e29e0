"""Checkout in the main window: the page in the View menu for roles that print, front-desk
accounts start on it, the banner sits above every page, lists refresh by themselves."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QApplication

from clinic_desk.services.drafts import DraftStore
from clinic_desk.ui.checkout import banner as banner_module
from clinic_desk.ui.checkout.install import CHECKOUT, install_checkout
from clinic_desk.ui.main_window import MainWindow

from .conftest import Desk, Told

WAIT = 20_000


def make_window(qtbot: Any, desk: Desk, actor: Any, tmp_path: Path) -> MainWindow:
    window = MainWindow(desk.services, actor, DraftStore(tmp_path / "drafts"), background=False)
    qtbot.addWidget(window)
    return window


def installed(window: MainWindow) -> Any:
    existing = getattr(window, "checkout", None)
    if existing is not None:  # the main window installs it itself
        return existing
    return install_checkout(window, start_watcher=False, background=False)


def test_front_desk_starts_on_checkout_and_others_find_it_in_the_view_menu(
        qtbot: Any, desk: Desk, told: Told, tmp_path: Path) -> None:
    window = make_window(qtbot, desk, desk.staff.desk, tmp_path)
    checkout = installed(window)
    try:
        qtbot.waitUntil(lambda: window.current_page_key() == CHECKOUT, timeout=WAIT)
        qtbot.waitUntil(lambda: checkout.page.model.rowCount() == 4, timeout=WAIT)
        action = next(a for a in window.menu("view").actions()
                      if a.objectName() == f"page_{CHECKOUT}_action")
        assert action.isVisible() and action.shortcut().toString() == "Ctrl+4"
        assert window.centralWidget().objectName() == "central_area"
        assert window.stack.parent() is window.centralWidget()
        assert checkout.banner.isHidden()
    finally:
        checkout.watcher.stop()


def test_an_administrator_has_no_checkout(qtbot: Any, desk: Desk, told: Told,
                                          tmp_path: Path) -> None:
    window = make_window(qtbot, desk, desk.staff.admin, tmp_path)
    checkout = installed(window)
    try:
        action = next(a for a in window.menu("view").actions()
                      if a.objectName() == f"page_{CHECKOUT}_action")
        assert not action.isVisible() and not window.show_page(CHECKOUT)
    finally:
        checkout.watcher.stop()


def test_a_failed_queue_load_raises_the_banner(qtbot: Any, desk: Desk, told: Told,
                                               tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    from clinic_desk.domain.errors import DatabaseUnavailableError

    window = make_window(qtbot, desk, desk.staff.desk, tmp_path)
    checkout = installed(window)
    try:
        window.show()
        qtbot.waitExposed(window)

        def down(*_a: Any, **_k: Any) -> Any:
            raise DatabaseUnavailableError("The database cannot be reached.")

        monkeypatch.setattr(desk.services.printing, "checkout_queue", down)
        monkeypatch.setattr(banner_module, "database_reachable", lambda db: False)
        checkout.page.reload()
        qtbot.waitUntil(lambda: checkout.banner.isVisible(), timeout=WAIT)
        assert "cannot be reached" in checkout.page.count_label.text()
        monkeypatch.undo()
        monkeypatch.setattr(banner_module, "database_reachable", lambda db: True)
        checkout.banner.retry_button.click()
        qtbot.waitUntil(lambda: checkout.banner.isHidden(), timeout=WAIT)
    finally:
        checkout.watcher.stop()
        QApplication.processEvents()
