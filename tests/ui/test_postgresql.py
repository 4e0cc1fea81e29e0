"""The editor on a PostgreSQL database (what a clinic with several workstations uses)."""

from __future__ import annotations

from clinic_desk.domain.joints import Side
from clinic_desk.services import Services
from clinic_desk.storage.engine import Database
from clinic_desk.ui.dialogs.conflict import ConflictChoice
from tests.conftest import make_staff
from tests.factories import make_patient, make_record
from tests.ui.test_record_editor import click_facet, fill_complete, type_into


def test_record_saved_and_reopened_on_postgresql(qtbot, pg_url, make_window, dialogs):
    db = Database(pg_url)
    try:
        services = Services(db)
        staff = make_staff(services)
        zoe = services.patients.save(staff.nurse, make_patient(given_name="Zoë",
                                                               family_name="O'Brien-Nguyễn"))
        window = make_window(services, staff.nurse)
        assert "PostgreSQL" in window.windowTitle()
        assert window.new_record(zoe.id)
        editor = window.editor
        for level in ("L4-L5", "L5-S1"):
            for side in (Side.LEFT, Side.RIGHT):
                click_facet(qtbot, editor, level, side)
        fill_complete(qtbot, editor)
        assert editor.save(), editor.ui.message_label.text()  # a draft: editable (issue 15)
        record_id = editor.record.id
        editor.close_record()
        assert window.open_record(record_id)
        reopened = editor.current_record()
        assert [(js.joint.name, js.side) for js in reopened.joints] == [
            ("L4-L5", Side.BILATERAL), ("L5-S1", Side.BILATERAL)]
        assert reopened.patient.family_name == "O'Brien-Nguyễn"
        # A second workstation saves first: the conflict is caught on PostgreSQL too.
        services.records.save(staff.physician, services.records.get(
            staff.physician, record_id).with_changes(notes="from the office"))
        type_into(qtbot, editor.ui.pain_after_edit, "3")
        dialogs.conflict_answer = ConflictChoice.RELOAD_THEIRS
        assert not editor.save()
        assert editor.ui.notes_edit.toPlainText() == "from the office"
        editor.close_record()
        window.close()
    finally:
        db.dispose()


def test_worklist_on_postgresql(qtbot, pg_url, make_window):
    db = Database(pg_url)
    try:
        services = Services(db)
        staff = make_staff(services)
        patients = [services.patients.save(staff.nurse, make_patient()) for _ in range(3)]
        ids = [services.records.save(staff.nurse, make_record(patient=p)).id for p in patients]
        window = make_window(services, staff.nurse)
        window.worklist.ui.all_dates_check.setChecked(True)
        rows = [window.worklist.model.row_at(r).record_id
                for r in range(window.worklist.model.rowCount())]
        assert sorted(rows) == sorted(ids)
        window.close()
    finally:
        db.dispose()
