"""Each role lands on its own first page, the View menu lists pages in shortcut order, F1
opens the guide for the current screen with a shortcut list (issue 15, points 15 and 21)."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import QDate, Qt


@pytest.mark.parametrize(("role", "page"), [("nurse", "worklist"), ("physician", "signoff"),
                                            ("desk", "checkout"), ("admin", "users")])
def test_each_role_lands_on_its_own_page(qtbot: Any, clinic: Any, make_window: Any,
                                         role: str, page: str) -> None:
    window = make_window(clinic.services, getattr(clinic.staff, role))
    qtbot.waitUntil(lambda: window.current_page_key() == page)
    assert window.current_page_key() != "home"


def test_the_view_menu_lists_pages_in_shortcut_order(qtbot: Any, clinic: Any,
                                                     make_window: Any) -> None:
    window = make_window(clinic.services, clinic.staff.physician)
    keys = [a.shortcut().toString() for a in window.menu("view").actions()
            if a.isVisible() and a.shortcut().toString().startswith("Ctrl+")
            and a.shortcut().toString()[5:].isdigit()]
    assert keys == sorted(keys) and {"Ctrl+1", "Ctrl+3", "Ctrl+4"} <= set(keys)


@pytest.mark.parametrize(("role", "heading", "key"), [
    ("physician", "Physician: the sign-off queue", "Ctrl+Shift+R"),
    ("nurse", "2. The worklist", "Ctrl+N"),
    ("desk", "Front desk: checkout", "Ctrl+H"),
])
def test_f1_opens_the_guide_for_this_screen_and_its_shortcuts(
        qtbot: Any, clinic: Any, make_window: Any, role: str, heading: str, key: str) -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication

    from clinic_desk.ui.help import HelpDialog

    window = make_window(clinic.services, getattr(clinic.staff, role))
    qtbot.waitUntil(lambda: window.current_page_key() != "home")
    focus = QApplication.focusWidget() or window
    qtbot.keyClick(focus, Qt.Key.Key_F1)
    dialog = window.findChild(HelpDialog)
    assert dialog is not None and dialog.isVisible()
    qtbot.addWidget(dialog)
    text = dialog.browser.toPlainText()
    assert text.startswith(heading)
    assert "Keyboard shortcuts on this screen" in text and key in text
    assert "F1" in text  # the list includes itself
    if role != "nurse":
        assert "\nDel\n" not in text  # the hidden record editor's keys are not listed
    assert "![" not in dialog.markdown
    dialog.close()


def test_first_start_fits_the_available_screen(qtbot: Any, drafts: Any, dialogs: Any,
                                               monkeypatch: Any) -> None:
    """Issue 15, point 16: at 1024x768 the window once opened at 1280x860, its title and
    status bars off screen."""
    from PySide6.QtCore import QRect
    from PySide6.QtGui import QScreen

    from clinic_desk.ui import settings
    from clinic_desk.ui.main_window import MainWindow

    monkeypatch.setattr(QScreen, "availableGeometry", lambda self: QRect(0, 0, 1024, 740))
    settings.MAIN_GEOMETRY.set(settings.MAIN_GEOMETRY.default)  # a first start
    window = MainWindow(drafts=drafts, background=False)
    qtbot.addWidget(window)
    assert window.width() <= 1024 and window.height() + 40 <= 740
    assert window.x() >= 0 and window.y() >= 0


def test_at_1024_the_lists_keep_status_levels_and_physician(qtbot: Any, clinic: Any,
                                                            make_window: Any) -> None:
    """Issue 15, point 16: the worklist's Status showed icons only; the sign-off list hid
    Levels and Physician. The procedure's name gives way instead."""
    from clinic_desk.ui import settings
    from clinic_desk.ui.models.worklist import WorklistColumn
    from tests.signoff.helpers import ready_record

    # A first start: no list width or columns remembered from another test's window.
    for setting in (settings.SIGNOFF_SPLITTER, settings.WORKLIST_HEADER):
        setting.set(setting.default)
    from tests.ui.test_worklist_and_patients import seed_day

    ready_record(clinic.services, clinic.staff)
    seed_day(clinic)  # today's worklist, one of them ready for signature
    window = make_window(clinic.services, clinic.staff.physician)
    window.resize(1024, 700)
    qtbot.waitUntil(lambda: window.current_page_key() == "signoff")
    signoff = window.safeguards.signoff
    table = signoff.table
    qtbot.waitUntil(lambda: signoff.model.rowCount() >= 1)
    for col in (WorklistColumn.LEVELS, WorklistColumn.PHYSICIAN):
        rect = table.visualRect(signoff.model.index(0, col))
        assert rect.right() <= table.viewport().width(), col.title
    assert window.show_page("worklist")
    view = window.worklist.ui.worklist_view
    qtbot.waitUntil(lambda: window.worklist.model.rowCount() == 3)
    header = view.horizontalHeader()
    status_width = header.sectionSize(WorklistColumn.STATUS)
    words = view.fontMetrics().horizontalAdvance("Ready for signature")
    assert status_width >= words
    assert header.sectionViewportPosition(WorklistColumn.STATUS) + status_width <= \
        view.viewport().width()


def test_the_sign_in_box_does_not_jump_when_the_error_appears(qtbot: Any, clinic: Any,
                                                             drafts: Any, dialogs: Any) -> None:
    """Issue 15, point 21."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication

    from clinic_desk.ui.main_window import MainWindow

    window = MainWindow(drafts=drafts, background=False)
    qtbot.addWidget(window)
    window.resize(1024, 700)
    window.show()
    qtbot.waitExposed(window)
    window.set_services(clinic.services)
    page = window.sign_in_page
    qtbot.waitUntil(lambda: page.ui.panel.isVisible())
    QApplication.processEvents()  # the layout takes in the database's (long) name first
    before = page.ui.panel.geometry()
    page.ui.username_edit.setText("nkim")
    page.ui.password_edit.setText("not the password")
    qtbot.keyClick(page.ui.password_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.ui.message_label.isVisible())
    assert page.ui.message_label.text()
    QApplication.processEvents()
    assert page.ui.panel.geometry() == before, (before, page.ui.panel.geometry(),
                                                page.ui.message_label.text())


def test_a_new_patients_save_is_confirmed(qtbot: Any, clinic: Any, make_window: Any,
                                          monkeypatch: Any) -> None:
    """Issue 15, point 21: the save of a new patient had no confirmation."""
    from clinic_desk.ui.dialogs.patient import PatientDialog, PatientResult
    from tests.factories import make_patient

    saved = clinic.services.patients.save(clinic.staff.nurse, make_patient(
        mrn="Q7001", family_name="Adeyemi", given_name="Folake"))
    monkeypatch.setattr(PatientDialog, "ask", classmethod(
        lambda cls, *a, **k: PatientResult(saved, False)))
    window = make_window(clinic.services, clinic.staff.nurse)
    window.new_patient()
    assert window.statusBar().currentMessage() == \
        "New patient saved: Adeyemi, Folake, MRN Q7001."


def test_the_worklist_status_column_fits_its_words_when_rows_arrive_later(
        qtbot: Any, clinic: Any, drafts: Any, dialogs: Any) -> None:
    """Issue 15, point 16, as seen on the real 1024x768 screen: the worklist opened on a day
    whose rows came afterwards (a background fetch), and Status stayed as wide as its title,
    the words elided to "..."."""
    from PySide6.QtCore import QDate

    from clinic_desk.ui import settings
    from clinic_desk.ui.models.worklist import WorklistColumn

    settings.WORKLIST_HEADER.set(settings.WORKLIST_HEADER.default)
    window = _nurse_window_fetching_in_background(qtbot, clinic, drafts)
    assert window.show_page("worklist")
    page = window.worklist
    page.ui.date_edit.setDate(QDate.currentDate())
    qtbot.waitUntil(lambda: page.model.rowCount() == 3)
    view = page.ui.worklist_view
    words = view.fontMetrics().horizontalAdvance("Ready for signature")
    assert view.horizontalHeader().sectionSize(WorklistColumn.STATUS) >= words


def _nurse_window_fetching_in_background(qtbot: Any, clinic: Any, drafts: Any) -> Any:
    from clinic_desk.ui.main_window import MainWindow
    from tests.ui.test_worklist_and_patients import seed_day

    seed_day(clinic)
    window = MainWindow(clinic.services, clinic.staff.nurse, drafts, background=True,
                        autosave_ms=600_000)  # as the app runs: pages fetched on a worker
    qtbot.addWidget(window)
    window.resize(1024, 700)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    return window


def test_down_and_enter_right_after_sign_in_open_the_first_record(
        qtbot: Any, clinic: Any, drafts: Any, dialogs: Any) -> None:
    """Seen on the real screen: the nurse's worklist opened with the cursor in Find patient
    (the day's rows were still on their way), and Down, Enter did nothing. The rows take the
    focus when they arrive; an empty Find patient box sends Down to the list."""
    window = _nurse_window_fetching_in_background(qtbot, clinic, drafts)
    page = window.worklist
    qtbot.waitUntil(lambda: page.model.rowCount() == 3)
    qtbot.waitUntil(page.ui.worklist_view.hasFocus)
    page.ui.search_edit.setFocus()  # Ctrl+F, then nothing typed
    qtbot.waitUntil(page.ui.search_edit.hasFocus)
    qtbot.keyClick(page.ui.search_edit, Qt.Key.Key_Down)
    assert page.ui.worklist_view.hasFocus()
    first = page.selected_record_id()
    assert first is not None
    with qtbot.waitSignal(page.open_record_requested) as opened:
        qtbot.keyClick(page.ui.worklist_view, Qt.Key.Key_Return)
    assert opened.args == [first]


def test_rows_arriving_never_take_the_focus_from_a_name_being_typed(
        qtbot: Any, clinic: Any, drafts: Any, dialogs: Any) -> None:
    window = _nurse_window_fetching_in_background(qtbot, clinic, drafts)
    page = window.worklist
    qtbot.waitUntil(lambda: page.model.rowCount() == 3)
    page.ui.date_edit.setDate(QDate.currentDate().addDays(-400))  # a day with no procedures
    qtbot.waitUntil(lambda: page.model.exhausted and page.model.rowCount() == 0)
    page.page_shown()  # shown again with no rows yet: the list waits for them
    qtbot.waitUntil(page.ui.search_edit.hasFocus)
    qtbot.keyClicks(page.ui.search_edit, "o")  # the nurse types before the rows arrive
    page.ui.date_edit.setDate(QDate.currentDate())
    qtbot.waitUntil(lambda: page.model.rowCount() == 3)
    assert page.ui.search_edit.hasFocus() and page.ui.search_edit.text() == "o"
