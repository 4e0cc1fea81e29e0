"""The window opening on its sign-in page, sign-in and sign-out, the title and status bars,
the page registry, import, and the excepthook."""

from __future__ import annotations

import json
import logging
import sys

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QLabel, QWidget

from clinic_desk import app as app_module
from clinic_desk.domain.permissions import Action
from clinic_desk.domain.record_format import content_to_json
from clinic_desk.services.auth import SIGN_IN_REFUSED
from clinic_desk.ui import messages
from clinic_desk.ui.main_window import MainWindow
from tests.factories import make_record
from tests.signoff.helpers import audit_entries
from tests.ui.test_record_editor import type_into

NOT_SIGNED_IN = "Clinic Desk — not signed in"


@pytest.fixture
def signed_out(qtbot, drafts, dialogs):
    """The window as app.py opens it: the sign-in page, the database not open yet."""
    window = MainWindow(drafts=drafts, background=False)
    qtbot.addWidget(window, before_close_func=lambda w: w.editor.close_record()
                    if w.is_signed_in and w.editor.has_record else None)
    window.resize(1400, 900)
    window.show()
    qtbot.waitExposed(window)
    return window


def _sign_in(qtbot, window, username, password):
    page = window.sign_in_page
    page.ui.username_edit.clear()
    type_into(qtbot, page.ui.username_edit, username)
    type_into(qtbot, page.ui.password_edit, password)
    qtbot.keyClick(page.ui.password_edit, Qt.Key.Key_Return)


def _everything_shown(window) -> str:
    """The text of every visible label, field, menu and list cell, and the title."""
    texts = [window.windowTitle()]
    for w in window.findChildren(QWidget):
        if not w.isVisible():
            continue
        for getter in ("text", "toPlainText", "currentText", "title"):
            value = getattr(w, getter, None)
            if callable(value):
                try:
                    texts.append(str(value()))
                except TypeError:
                    pass
        if isinstance(w, QAbstractItemView) and w.model() is not None:
            model = w.model()
            texts += [str(model.index(r, c).data()) for r in range(model.rowCount())
                      for c in range(model.columnCount())]
    return "\n".join(texts)


def test_the_window_opens_on_the_sign_in_page_with_no_patient_data(qtbot, clinic, signed_out):
    window, services = signed_out, clinic.services
    services.records.save(clinic.staff.nurse, make_record(patient=clinic.zoe))
    assert window.windowTitle() == NOT_SIGNED_IN
    assert window.current_page_key() == "sign_in" and not window.is_signed_in
    assert not window.menuBar().isVisible()
    page = window.sign_in_page
    assert page.ui.username_edit.hasFocus() or page.ui.password_edit.hasFocus()
    assert "Connecting" in page.ui.database_label.text()
    window.set_services(services)  # what app.py does once the database is open
    clinic_name = services.settings.load().info.name
    assert window.windowTitle() == " — ".join(
        (NOT_SIGNED_IN, clinic_name, services.database_description))
    assert page.ui.clinic_label.text() == clinic_name
    assert services.database_description in page.ui.database_label.text()
    shown = _everything_shown(window)
    for secret in ("O'Brien", "Zoë", "A1001", "García"):
        assert secret not in shown
    # Nothing of the records can be reached before sign-in: no page, no menu shortcut.
    assert not window.show_page("worklist") and not window.show_page("record")
    qtbot.keyClick(page.ui.username_edit, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(page.ui.username_edit, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert window.current_page_key() == "sign_in"
    assert "O'Brien" not in _everything_shown(window)


def test_sign_in_refuses_a_wrong_password_then_signs_in(qtbot, clinic, signed_out, dialogs):
    window, services = signed_out, clinic.services
    services.records.save(clinic.staff.nurse, make_record(patient=clinic.zoe))
    window.set_services(services)
    page = window.sign_in_page
    signed = []
    window.signed_in.connect(signed.append)
    _sign_in(qtbot, window, "nkim", "wrong password")
    assert not window.is_signed_in and signed == []
    assert page.ui.message_label.text() == SIGN_IN_REFUSED
    assert page.ui.message_label.isVisible() and page.ui.message_icon.isVisible()
    assert page.ui.password_edit.text() == "" and page.ui.password_edit.hasFocus()
    assert window.windowTitle().startswith(NOT_SIGNED_IN)
    type_into(qtbot, page.ui.password_edit, clinic.staff.password)
    qtbot.keyClick(page.ui.password_edit, Qt.Key.Key_Return)
    assert window.is_signed_in and [a.username for a in signed] == ["nkim"]
    assert window.current_page_key() == "worklist" and window.menuBar().isVisible()
    assert "Min-jun Kim" in window.windowTitle() and page.ui.password_edit.text() == ""
    window.worklist.ui.all_dates_check.setChecked(True)
    qtbot.waitUntil(lambda: window.worklist.model.rowCount() == 1)
    assert "O'Brien" in _everything_shown(window)
    assert dialogs.shown == []


def test_sign_in_before_the_database_is_open_goes_ahead_once_it_is(qtbot, clinic, signed_out):
    window = signed_out
    _sign_in(qtbot, window, "nkim", clinic.staff.password)
    assert not window.is_signed_in
    assert "signed in as soon as it is open" in window.sign_in_page.ui.database_label.text()
    window.set_services(clinic.services)
    assert window.is_signed_in and window.actor.username == "nkim"


def test_repeated_wrong_passwords_lock_the_account_as_before(qtbot, clinic, signed_out):
    window = signed_out
    window.set_services(clinic.services)
    message = window.sign_in_page.ui.message_label
    for _ in range(4):
        _sign_in(qtbot, window, "nkim", "wrong password")
        assert message.text() == SIGN_IN_REFUSED
    _sign_in(qtbot, window, "nkim", "wrong password")
    assert message.text() == SIGN_IN_REFUSED  # the same answer: no hint that nkim exists
    _sign_in(qtbot, window, "nkim", clinic.staff.password)
    assert not window.is_signed_in
    assert message.text() == SIGN_IN_REFUSED
    assert window.windowTitle().startswith(NOT_SIGNED_IN)


@pytest.mark.allow_log_warnings  # the app logs that the database could not be opened
def test_a_database_that_cannot_be_opened_is_said_in_the_window(qtbot, signed_out, tmp_path):
    window = signed_out
    with pytest.raises(app_module._StartError) as err:
        app_module._open_database(f"sqlite:///{tmp_path / 'missing' / 'folder' / 'x.sqlite3'}")
    window.show_start_problem(err.value.text, err.value.detail)
    page = window.sign_in_page
    assert "The database cannot be opened" in page.ui.message_label.text()
    assert "Check that the database server is running" in page.ui.message_label.text()
    assert page.ui.message_label.isVisible() and page.ui.message_icon.isVisible()
    assert not page.ui.sign_in_button.isEnabled()
    assert page.ui.database_label.text() == "The database is not open."
    with qtbot.waitSignal(page.quit_requested):
        page.ui.quit_button.click()


def test_sign_out_returns_to_the_sign_in_page_and_another_user_signs_in(
        qtbot, clinic, signed_out, dialogs):
    window, staff = signed_out, clinic.staff
    clinic.services.records.save(staff.nurse, make_record(patient=clinic.zoe))
    window.set_services(clinic.services)
    _sign_in(qtbot, window, "nkim", staff.password)
    window.worklist.ui.all_dates_check.setChecked(True)
    qtbot.waitUntil(lambda: window.worklist.model.rowCount() == 1)
    assert "O'Brien" in _everything_shown(window)
    lock = window.safeguards.lock
    assert lock.lock_action.isEnabled() and lock.watcher.running
    signed_out_ = []
    window.signed_out.connect(signed_out_.append)
    assert window.sign_out()
    assert [a.username for a in signed_out_] == ["nkim"]
    assert window.isVisible() and window.current_page_key() == "sign_in"
    assert window.windowTitle().startswith(NOT_SIGNED_IN)
    assert not window.menuBar().isVisible()
    assert not lock.lock_action.isEnabled() and not lock.switch_action.isEnabled()
    assert not lock.watcher.running  # nothing to lock while nobody is signed in
    assert "O'Brien" not in _everything_shown(window)
    page = window.sign_in_page
    assert page.ui.username_edit.text() == "nkim" and page.ui.password_edit.text() == ""
    _sign_in(qtbot, window, "drlee", staff.password)
    assert window.actor.username == "drlee" and "Hana Lee" in window.windowTitle()
    assert lock.lock_action.isEnabled() and lock.watcher.running
    assert window.show_page("signoff")
    # Quit on the sign-in page after a sign-out records no second sign-out.
    assert window.sign_out()
    actions = [e.action.value for e in audit_entries(clinic.services)]
    assert actions.count("sign_out") == 2
    window.close()
    assert [e.action.value for e in audit_entries(clinic.services)].count("sign_out") == 2


def test_title_and_status_bar_show_who_where_which_database(qtbot, clinic, make_window):
    window = make_window(clinic.services, clinic.staff.nurse)
    clinic_name = clinic.services.settings.load().info.name
    title = window.windowTitle()
    for text in ("Min-jun Kim", "nurse", clinic_name, clinic.services.database_description):
        assert text in title
    status = " ".join(w.text() for w in window.statusBar().findChildren(QLabel))
    for text in ("Min-jun Kim", clinic_name, clinic.services.database_description):
        assert text in status
    # Switch user: the same window, another user everywhere.
    window.set_user(clinic.staff.physician)
    assert "Hana Lee" in window.windowTitle() and "Hana Lee" in window.user_label.text()


def test_pages_can_be_added_by_other_features(qtbot, clinic, make_window):
    window = make_window(clinic.services, clinic.staff.nurse)
    page = QLabel("sign-off queue")
    action = window.add_page("test_queue", "&Test queue", page, "Ctrl+9", needs=Action.SIGN)
    assert action is not None and not action.isVisible()  # nurses cannot sign
    assert "(Ctrl+9)" in action.toolTip()
    assert not window.show_page("test_queue")
    shown = []
    window.page_changed.connect(shown.append)
    window.set_user(clinic.staff.physician)
    assert action.isVisible()
    action.trigger()
    assert window.current_page_key() == "test_queue" and window.page("test_queue") is page
    assert shown[-1] == "test_queue"


def test_import_runs_in_the_background(qtbot, clinic, make_window, dialogs, tmp_path):
    window = make_window(clinic.services, clinic.staff.nurse)
    data = [dict(content_to_json(make_record()), patient=dict(
        content_to_json(make_record())["patient"], mrn=f"I{n:03d}")) for n in range(3)]
    for item in data:
        item["physician"], item["nurse"] = "drlee", "nkim"
    path = tmp_path / "records.json"
    path.write_text(json.dumps(data), "utf-8")
    finished = []
    window.import_finished = lambda count, error: finished.append((count, error))
    window.import_records(str(path))
    qtbot.waitUntil(lambda: bool(finished))
    assert finished == [(3, None)]
    path.write_text("{ not json", "utf-8")
    window.import_records(str(path))
    qtbot.waitUntil(lambda: len(finished) == 2)
    assert dialogs.kinds() == ["error"] and "Nothing was imported" in dialogs.shown[0][1]


@pytest.mark.allow_log_warnings
def test_excepthook_says_nothing_was_saved_and_logs_an_incident(monkeypatch, caplog):
    shown = []
    monkeypatch.setattr(messages, "unexpected_error",
                        lambda parent, incident: shown.append(incident))
    previous = sys.excepthook
    try:
        app_module._install_excepthook(lambda: None)
        try:
            raise RuntimeError("Zoë O'Brien A1001")  # a message that could hold patient data
        except RuntimeError:
            with caplog.at_level(logging.ERROR):
                sys.excepthook(*sys.exc_info())
    finally:
        sys.excepthook = previous
    assert len(shown) == 1
    logged = [r for r in caplog.records if r.name == "clinic_desk.app"]
    assert logged and shown[0] in logged[0].getMessage()
    text = "\n".join(r.getMessage() for r in caplog.records)
    assert "RuntimeError" in text and "test_shell.py" in text
    assert "Zoë" not in text and "A1001" not in text


@pytest.mark.parametrize("role", ["nurse", "physician", "desk", "admin"])
def test_no_two_actions_share_a_shortcut(qtbot, clinic, make_window, role):
    """An ambiguous shortcut does nothing at all: Ctrl+L (Switch user) once did nothing on the
    checkout page, whose print log also claimed it."""
    from PySide6.QtGui import QAction, QShortcut

    window = make_window(clinic.services, getattr(clinic.staff, role))
    # key -> the scopes claiming it: "window" for window- and application-wide shortcuts, or
    # the one widget a WidgetShortcut belongs to (two tables may each have their own Delete).
    claimed: dict[str, list[str]] = {}
    actions = {id(a): a for a in [*window.findChildren(QAction), *window.actions()]}
    for action in actions.values():
        for key in action.shortcuts():
            if action.shortcutContext() == Qt.ShortcutContext.WidgetShortcut:
                scope = f"widget {[id(w) for w in action.associatedObjects()]}"
            else:
                scope = "window"
            claimed.setdefault(key.toString(), []).append(
                f"{action.objectName() or action.text()} ({scope})")
    for shortcut in window.findChildren(QShortcut):
        claimed.setdefault(shortcut.key().toString(), []).append("QShortcut (window)")
    assert "Ctrl+L" in claimed  # the check sees the pages' actions too
    shared = {key: claims for key, claims in claimed.items()
              if len(claims) > 1 and (any(c.endswith("(window)") for c in claims)
                                      or len(set(claims)) < len(claims))}
    assert shared == {}


def test_an_administrator_gets_no_worklist_error(qtbot, clinic, make_window):
    """Seen on screen: the admin's status bar said 'The worklist could not load: A admin
    account cannot view procedure records' at every sign-in."""
    from clinic_desk.domain.errors import PermissionDeniedError
    from clinic_desk.domain.permissions import require
    from clinic_desk.domain.record import Role

    window = make_window(clinic.services, clinic.staff.admin)
    window.worklist.model.refresh_in_place()  # what another workstation's change triggers
    window.worklist.reload()  # and Refresh
    assert "could not load" not in window.statusBar().currentMessage()
    assert window.worklist.model.rowCount() == 0
    with pytest.raises(PermissionDeniedError, match=r"^An admin account cannot view"):
        require(Role.ADMIN, Action.VIEW_RECORDS)
    with pytest.raises(PermissionDeniedError, match=r"^A desk account cannot sign"):
        require(Role.DESK, Action.SIGN)


def test_pages_a_role_never_opens_are_not_built(qtbot, clinic, make_window):
    """Issue 4's memory target: a nurse's window does not build the sign-off page (its PDF
    preview), the administrator's pages or checkout until they are opened."""
    window = make_window(clinic.services, clinic.staff.nurse)
    for key in ("signoff", "audit", "users", "checkout"):
        assert window.built_page(key) is None, key
    assert window.built_page("worklist") is window.worklist
    assert window.show_page("checkout")
    page = window.built_page("checkout")
    assert page is not None and window.checkout.page is page and page.isVisible()
    # Built later, a page is made for whoever is signed in then.
    window.set_user(clinic.staff.physician)  # lands on the sign-off page, built now
    assert window.current_page_key() == "signoff"
    assert window.safeguards.signoff.actor.username == "drlee"
