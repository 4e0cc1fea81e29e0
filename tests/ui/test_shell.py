"""Sign-in, the title and status bars, the page registry, import, and the excepthook."""

from __future__ import annotations

import json
import logging
import sys

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox, QLabel

from clinic_desk import app as app_module
from clinic_desk.domain.permissions import Action
from clinic_desk.domain.record_format import content_to_json
from clinic_desk.ui import messages
from clinic_desk.ui.dialogs.sign_in import SignInDialog
from tests.factories import make_record
from tests.ui.test_record_editor import type_into


def test_sign_in(qtbot, clinic):
    dialog = SignInDialog(clinic.services, clinic_name="Riverside Spine & Pain")
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.ui.clinic_label.text() == "Riverside Spine & Pain"
    assert clinic.services.database_description in dialog.ui.database_label.text()
    type_into(qtbot, dialog.ui.username_edit, "nkim")
    type_into(qtbot, dialog.ui.password_edit, "wrong password")
    ok = dialog.ui.button_box.button(QDialogButtonBox.StandardButton.Ok)
    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
    assert dialog.actor is None
    assert dialog.ui.message_label.text() == "Wrong username or password."
    assert dialog.ui.password_edit.text() == ""
    type_into(qtbot, dialog.ui.password_edit, clinic.staff.password)
    qtbot.keyClick(dialog.ui.password_edit, Qt.Key.Key_Return)
    assert dialog.actor is not None and dialog.actor.username == "nkim"
    # The next sign-in remembers the username (never the password).
    again = SignInDialog(clinic.services)
    qtbot.addWidget(again)
    assert again.ui.username_edit.text() == "nkim" and again.ui.password_edit.text() == ""


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
