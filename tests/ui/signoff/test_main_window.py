"""The safeguards in the real main window: auto-lock over the record editor and continuing
with the unsaved edit, Switch user keeping the nurse's edit as a local draft, pages by role."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from clinic_desk.domain.errors import ClinicDeskError
from clinic_desk.ui.signoff.lock import LOCKED_TITLE, Curtain
from tests.signoff.helpers import audit_entries, ready_record

NOTE = "Escort is her son; call him at pickup"


def _unsaved_note(qtbot: Any, window: Any, clinic: Any) -> Any:
    assert window.new_record(clinic.zoe.id)
    editor = window.editor
    editor.ui.notes_edit.setFocus()
    qtbot.keyClicks(editor.ui.notes_edit, NOTE)
    assert editor.is_dirty()
    return editor


def test_auto_lock_over_the_editor_then_continue(qtbot: Any, clinic: Any, make_window: Any,
                                                 dialogs: Any) -> None:
    window = make_window(clinic.services, clinic.staff.nurse)
    editor = _unsaved_note(qtbot, window, clinic)
    title = window.windowTitle()
    assert "O'Brien, Zoë" in title
    lock = window.safeguards.lock
    lock.watcher.set_timeout_ms(50)  # instead of the clinic's 10 minutes
    with qtbot.waitSignal(lock.locked_changed, timeout=5000) as locked:
        pass
    assert locked.args == [True]
    assert window.windowTitle() == LOCKED_TITLE  # no patient name in the title bar
    assert any(c.isVisible() for c in window.findChildren(Curtain))
    screen = lock.screen
    assert screen is not None and QApplication.activeModalWidget() is screen
    qtbot.keyClicks(screen.ui.password_edit, clinic.staff.password)
    with qtbot.waitSignal(lock.locked_changed):
        qtbot.keyClick(screen.ui.password_edit, Qt.Key.Key_Return)
    # Exactly where the nurse was: the record open, the note unsaved, the title back.
    assert editor.has_record and editor.is_dirty()
    assert editor.ui.notes_edit.toPlainText() == NOTE
    assert window.windowTitle() == title and window.current_page_key() == "record"
    assert clinic.services.records.list_records(clinic.staff.nurse) == []  # nothing saved
    lock.watcher.set_timeout_ms(600_000)
    assert dialogs.shown == []


def test_switch_user_keeps_the_nurses_edit_as_a_draft(qtbot: Any, clinic: Any,
                                                      make_window: Any, dialogs: Any) -> None:
    services, staff = clinic.services, clinic.staff
    window = make_window(services, staff.nurse)
    _unsaved_note(qtbot, window, clinic)
    lock = window.safeguards.lock
    with qtbot.waitSignal(lock.locked_changed):
        lock.switch_action.trigger()
    screen = lock.screen
    assert screen is not None and screen.switch_mode
    qtbot.keyClicks(screen.ui.username_edit, "drlee")
    qtbot.keyClicks(screen.ui.other_password_edit, staff.password)
    dialogs.recovery_answer = lambda drafts: None  # drlee has no drafts to be offered anyway
    with qtbot.waitSignal(lock.user_switched):
        qtbot.keyClick(screen.ui.other_password_edit, Qt.Key.Key_Return)
    assert window.actor.username == "drlee" and not lock.locked
    assert "Hana Lee" in window.windowTitle() and "O'Brien" not in window.windowTitle()
    assert not window.editor.has_record  # the physician does not see the nurse's edit
    # The nurse's edit is kept as a draft: a complete one is saved as a draft record in the
    # database (in her name), an incomplete one stays in the local draft store.
    (row,) = services.records.list_records(staff.nurse)
    kept = services.records.get(staff.nurse, row.record_id)
    assert kept.status.value == "draft" and kept.notes == NOTE
    assert kept.updated_by == "nkim" and window.drafts.list_for_user("drlee") == []
    actions = [(e.action.value, e.username) for e in audit_entries(services)
               if e.action.value not in ("record_view",)][-4:]
    assert actions == [("screen_lock", "nkim"), ("sign_in", "drlee"),
                       ("record_create", "nkim"), ("sign_out", "nkim")]
    # The physician's pages: sign-off yes, administration no.
    assert window.show_page("signoff") and not window.show_page("audit")


def test_pages_follow_the_role(qtbot: Any, clinic: Any, make_window: Any,
                               dialogs: Any) -> None:
    services, staff = clinic.services, clinic.staff
    ready = ready_record(services, staff, patient=clinic.zoe)
    nurse = make_window(services, staff.nurse)
    assert not nurse.show_page("signoff") and not nurse.show_page("users")
    assert not nurse.safeguards.review_action.isVisible()
    admin = make_window(services, staff.admin)
    assert admin.show_page("audit") and admin.show_page("users")
    assert not admin.show_page("signoff")
    assert admin.safeguards.audit.model.rowCount() > 0
    doctor = make_window(services, staff.physician)
    assert doctor.safeguards.review_action.isVisible()
    assert doctor.show_page("signoff")
    doctor.safeguards.signoff.open_record(ready.id)
    assert doctor.safeguards.signoff.current.id == ready.id
    assert doctor.safeguards.signoff.sign_button.isEnabled()
    # Below the GUI, the nurse's window could not sign even if it tried.
    try:
        services.signing.sign(nurse.actor, ready.id, staff.password, "Reviewed and approved")
    except ClinicDeskError as e:
        assert "cannot sign" in str(e)
    else:
        raise AssertionError("a nurse signed")
