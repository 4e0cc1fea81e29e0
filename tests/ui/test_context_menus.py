"""Lists have right-click menus with their actions (issue 15, point 15): the same commands
as the buttons beside them, enabled as the buttons are, the clicked row selected first."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QMenu

from clinic_desk.ui.signoff.queue_page import SignOffPage
from tests.signoff.helpers import ready_record


def _texts(menu: QMenu) -> list[tuple[str, bool]]:
    return [(a.text().replace("&", ""), a.isEnabled()) for a in menu.actions()]


def test_the_sign_off_list_offers_open_sign_and_addendum(qtbot: Any, clinic: Any) -> None:
    services, staff = clinic.services, clinic.staff
    first = ready_record(services, staff)
    second = ready_record(services, staff)
    page = SignOffPage(services, staff.physician, preview=False)
    qtbot.addWidget(page)
    page.resize(1200, 700)
    page.show()
    qtbot.waitExposed(page)
    row = [page.model.row_at(r).record_id for r in range(page.model.rowCount())].index(second.id)
    pos = page.table.visualRect(page.model.index(row, 1)).center()
    menu = page.context_menu.menu_at(pos)
    assert page.table.selectionModel().isRowSelected(row)  # the clicked row, selected
    assert _texts(menu) == [("Open", True), ("Add addendum...", False), ("Sign...", False)]
    menu.actions()[0].trigger()
    assert page.current is not None and page.current.id == second.id
    menu = page.context_menu.menu_at(pos)
    assert ("Sign...", True) in _texts(menu)
    assert page.current.id != first.id


def test_the_worklist_and_the_users_list_offer_their_buttons(qtbot: Any, clinic: Any,
                                                             make_window: Any) -> None:
    window = make_window(clinic.services, clinic.staff.nurse)
    menu = window.worklist.context_menu.menu_at(
        window.worklist.ui.worklist_view.viewport().rect().center())
    texts = [t for t, _ in _texts(menu)]
    assert any(t.startswith("Open") for t in texts)
    assert any(t.startswith("New procedure record") or t.startswith("New record")
               for t in texts)
    admin = make_window(clinic.services, clinic.staff.admin)
    assert admin.show_page("users")
    users = admin.safeguards.users
    pos = users.table.visualRect(users.model.index(0, 0)).center()
    texts = [t for t, _ in _texts(users.context_menu.menu_at(pos))]
    assert texts[:2] == ["Change role...", "Reset password..."]
    assert users.table.selectionModel().isRowSelected(0)
