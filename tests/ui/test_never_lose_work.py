"""Never lose work: a crash followed by draft recovery, and two sessions saving one record."""

from __future__ import annotations

import shiboken6
from PySide6.QtCore import Qt

from clinic_desk.domain.joints import Side, joint
from clinic_desk.ui.dialogs.conflict import ConflictChoice
from tests.factories import make_record
from tests.ui.test_record_editor import click_facet, type_into


def crash(qtbot, window) -> None:
    """The process dies: no closeEvent, no question, the window is simply gone."""
    window.editor.autosave_timer.stop()
    shiboken6.delete(window)


def test_crash_then_recover_a_new_record(qtbot, clinic, make_window, dialogs):
    window = make_window(clinic.services, clinic.staff.nurse, autosave_ms=30, track=False)
    assert window.new_record(clinic.zoe.id)
    editor = window.editor
    for level in ("L4-L5", "L5-S1"):
        for side in (Side.LEFT, Side.RIGHT):
            click_facet(qtbot, editor, level, side)
    type_into(qtbot, editor.ui.pain_before_edit, "7")
    type_into(qtbot, editor.ui.pain_after_edit, "12")  # wrong: cannot go to the database
    editor.ui.notes_edit.setFocus()
    qtbot.keyClicks(editor.ui.notes_edit, "Typed just before the power cut")
    store = window.drafts
    qtbot.waitUntil(lambda: any("power cut" in d.content["notes"]
                                for d in store.list_for_user("nkim")))
    crash(qtbot, window)
    assert clinic.services.records.list_records(clinic.staff.nurse) == []  # never reached it

    # Next start: the same user signs in and is offered the draft back.
    dialogs.recovery_answer = lambda drafts: drafts[0]
    again = make_window(clinic.services, clinic.staff.nurse, store=store)
    again.offer_drafts()
    assert dialogs.asked == ["recovery"]
    editor = again.editor
    assert editor.has_record and editor.record.id is None
    record = editor.current_record()
    assert [(js.joint.name, js.side) for js in record.joints] == [
        ("L4-L5", Side.BILATERAL), ("L5-S1", Side.BILATERAL)]
    assert (record.pain_before, record.pain_after) == (7, 12)
    assert record.notes == "Typed just before the power cut"
    assert editor.ui.spine_picker.selection() == {joint("L4-L5"): Side.BILATERAL,
                                                  joint("L5-S1"): Side.BILATERAL}
    assert "brought back" in editor.ui.message_label.text()
    assert editor.is_dirty()
    # Fix the wrong value and save: the record exists and the local draft is gone.
    type_into(qtbot, editor.ui.pain_after_edit, "2")
    assert editor.save(), editor.ui.message_label.text()
    saved = clinic.services.records.get(clinic.staff.nurse, editor.record.id)
    assert saved.notes == "Typed just before the power cut" and saved.pain_after == 2
    assert store.list_for_user("nkim") == []


def test_crash_while_editing_a_saved_record(qtbot, clinic, make_window, dialogs):
    nurse = clinic.staff.nurse
    record = clinic.services.records.save(nurse, make_record(patient=clinic.zoe, notes=""))
    window = make_window(clinic.services, nurse, track=False)
    assert window.open_record(record.id)
    type_into(qtbot, window.editor.ui.vitals_after_systolic_edit, "999")
    window.editor.autosave_now()  # what the idle timer does
    crash(qtbot, window)
    # "Later" keeps it; opening the record brings it back anyway.
    dialogs.recovery_answer = lambda drafts: None
    again = make_window(clinic.services, nurse)
    again.offer_drafts()
    assert again.drafts.list_for_user("nkim")
    assert again.open_record(record.id)
    assert again.editor.ui.vitals_after_systolic_edit.text() == "999"
    # Another user does not see nkim's draft.
    other = make_window(clinic.services, clinic.staff.physician)
    dialogs.asked.clear()
    other.offer_drafts()
    assert dialogs.asked == []


def test_conflict_between_two_sessions(qtbot, clinic, make_window, dialogs):
    services = clinic.services
    record = services.records.save(clinic.staff.nurse, make_record(
        patient=clinic.zoe, notes="first version", pain_after=3))
    nurse_window = make_window(services, clinic.staff.nurse)
    doctor_window = make_window(services, clinic.staff.physician)
    assert nurse_window.open_record(record.id)
    assert doctor_window.open_record(record.id)
    assert doctor_window.editor.read_only  # issue 7: the nurse holds the edit lock...
    doctor_window.editor.ui.banner_button.click()  # ...and the physician edits anyway
    type_into(qtbot, doctor_window.editor.ui.notes_edit, "physician's note")
    assert doctor_window.editor.save()
    type_into(qtbot, nurse_window.editor.ui.pain_after_edit, "1")

    # Keep editing: nothing saved, the banner says why, the work stays.
    dialogs.conflict_answer = ConflictChoice.KEEP_EDITING
    assert not nurse_window.editor.save()
    mine, theirs = dialogs.conflict_seen
    assert mine.pain_after == 1 and mine.notes == "first version"
    assert theirs.notes == "physician's note" and theirs.pain_after == 3
    stored = services.records.get(clinic.staff.nurse, record.id)
    assert (stored.notes, stored.pain_after) == ("physician's note", 3)
    assert nurse_window.editor.ui.banner_frame.isVisibleTo(nurse_window.editor)
    assert "drlee saved this record" in nurse_window.editor.ui.banner_label.text()
    assert nurse_window.editor.ui.pain_after_edit.text() == "1"

    # Autosave does not save over theirs either.
    nurse_window.editor.autosave_now()
    assert services.records.get(clinic.staff.nurse, record.id).pain_after == 3

    # Reload theirs: their version on screen, mine dropped.
    dialogs.conflict_answer = ConflictChoice.RELOAD_THEIRS
    qtbot.mouseClick(nurse_window.editor.ui.banner_button, Qt.MouseButton.LeftButton)
    assert nurse_window.editor.ui.notes_edit.toPlainText() == "physician's note"
    assert nurse_window.editor.ui.pain_after_edit.text() == "3"
    assert not nurse_window.editor.is_dirty()
    assert not nurse_window.editor.ui.banner_frame.isVisibleTo(nurse_window.editor)

    # Another round, this time keeping mine as the newest version after seeing theirs.
    type_into(qtbot, doctor_window.editor.ui.notes_edit, "physician's second note")
    assert doctor_window.editor.save()
    type_into(qtbot, nurse_window.editor.ui.pain_before_edit, "9")
    dialogs.conflict_answer = ConflictChoice.KEEP_MINE
    assert nurse_window.editor.save()
    assert dialogs.asked.count("conflict") == 3
    stored = services.records.get(clinic.staff.nurse, record.id)
    assert stored.pain_before == 9 and stored.notes == "physician's note"
    assert stored.version == nurse_window.editor.record.version
