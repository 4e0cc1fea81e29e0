"""Issue 7 inside the nurse's record editor: "being edited by NAME on WORKSTATION since TIME"
(read-only for the second), "keep mine as a new draft version" through the conflict service,
an edit kept through a database outage and saved by the retry, and the worklist refreshing
in place when another workstation saves."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest

from clinic_desk.domain.errors import DatabaseUnavailableError
from clinic_desk.services.retry import pending_drafts
from clinic_desk.ui.checkout import banner as banner_module
from clinic_desk.ui.checkout.install import install_checkout
from clinic_desk.ui.dialogs.conflict import ConflictChoice
from tests.factories import make_record
from tests.signoff.helpers import audit_entries, stored
from tests.ui.test_record_editor import type_into


def installed(window: Any) -> Any:
    existing = getattr(window, "checkout", None)
    if existing is not None:
        existing.watcher.stop()
        return existing
    return install_checkout(window, start_watcher=False, background=False)


def database_down(services: Any, monkeypatch: pytest.MonkeyPatch) -> dict[str, bool]:
    """Record saves fail with the database unreachable (and the banner's check agrees) while
    the returned switch's "now" is True; set it False for the database to be back."""
    down = {"now": True}
    real_save = services.records.save

    def save(actor: Any, rec: Any) -> Any:
        if down["now"]:
            raise DatabaseUnavailableError("The database cannot be reached.")
        return real_save(actor, rec)

    monkeypatch.setattr(services.records, "save", save)
    monkeypatch.setattr(banner_module, "database_reachable", lambda db: not down["now"])
    return down


def _draft(clinic: Any) -> Any:
    services, staff = clinic.services, clinic.staff
    return services.records.save(staff.nurse, make_record(
        patient=clinic.zoe, physician=staff.physician.staff, nurse=staff.nurse.staff))


def test_second_editor_opens_read_only_with_who_where_and_since(qtbot: Any, clinic: Any,
                                                                make_window: Any) -> None:
    staff = clinic.staff
    record = _draft(clinic)
    nurse = replace(staff.nurse, workstation="RECOVERY-2")
    doctor = replace(staff.physician, workstation="OFFICE-1")
    first = make_window(clinic.services, nurse)
    installed(first)
    second = make_window(clinic.services, doctor)
    installed(second)

    assert first.open_record(record.id) and not first.editor.read_only
    assert second.open_record(record.id)
    assert second.editor.read_only
    banner = second.editor.ui.banner_label.text()
    assert banner.startswith("Being edited by Min-jun Kim on RECOVERY-2 since ")
    assert second.editor.ui.banner_button.text() == "&Edit anyway"
    assert not second.editor.save()  # read-only: nothing to save

    first.editor.request_close(ask=False)  # the nurse closes it: the lock goes
    assert clinic.services.locks.holder(record.id) is None
    second.editor.request_close(ask=False)
    assert second.open_record(record.id) and not second.editor.read_only
    assert clinic.services.locks.holder(record.id).workstation == "OFFICE-1"


def test_edit_anyway_lets_both_edit_and_the_second_saver_sees_both(
        qtbot: Any, clinic: Any, make_window: Any, dialogs: Any) -> None:
    staff = clinic.staff
    record = _draft(clinic)
    first = make_window(clinic.services, replace(staff.nurse, workstation="RECOVERY-2"))
    installed(first)
    second = make_window(clinic.services, replace(staff.physician, workstation="OFFICE-1"))
    installed(second)
    assert first.open_record(record.id) and second.open_record(record.id)
    second.editor.ui.banner_button.click()
    assert not second.editor.read_only
    assert "someone else has open" in second.editor.ui.message_label.text()
    type_into(qtbot, first.editor.ui.pain_after_edit, "1")
    assert first.editor.save()
    type_into(qtbot, second.editor.ui.notes_edit, "Physician's note")
    dialogs.conflict_answer = ConflictChoice.RELOAD_THEIRS
    assert not second.editor.save()
    assert dialogs.asked == ["conflict"]
    assert stored(clinic.services, record.id).pain_after == 1


def test_keep_mine_saves_on_top_through_the_conflict_service(qtbot: Any, clinic: Any,
                                                             make_window: Any,
                                                             dialogs: Any) -> None:
    services, staff = clinic.services, clinic.staff
    record = _draft(clinic)
    window = make_window(services, staff.nurse)
    installed(window)
    assert window.open_record(record.id)
    type_into(qtbot, window.editor.ui.pain_after_edit, "1")
    # Meanwhile someone saves from the command line (no lock there).
    services.records.save(staff.physician, replace(record, notes="Changed elsewhere"))

    dialogs.conflict_answer = ConflictChoice.KEEP_MINE
    assert window.editor.save()
    assert dialogs.asked == ["conflict"]
    now = stored(services, record.id)
    assert now.pain_after == 1 and now.version == record.version + 2
    assert audit_entries(services, record_id=record.id)[-1].detail["conflict"] == \
        "kept mine as a new draft version"
    assert not window.editor.is_dirty()


def test_an_edit_made_during_an_outage_is_saved_when_the_database_is_back(
        qtbot: Any, clinic: Any, make_window: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    services, staff = clinic.services, clinic.staff
    record = _draft(clinic)
    window = make_window(services, staff.nurse)
    checkout = installed(window)
    assert window.open_record(record.id)
    down = database_down(services, monkeypatch)

    type_into(qtbot, window.editor.ui.pain_after_edit, "0")
    assert not window.editor.save()
    assert "saved as soon as it is back" in window.editor.ui.message_label.text()
    assert len(pending_drafts(window.drafts, "nkim")) == 1
    assert checkout.banner.isVisible()
    assert "1 unsaved change is kept" in checkout.banner.text_label.text()

    down["now"] = False
    checkout.banner.retry_button.click()
    qtbot.waitUntil(checkout.banner.isHidden, timeout=20_000)
    assert stored(services, record.id).pain_after == 0
    assert pending_drafts(window.drafts, "nkim") == []
    assert not window.editor.is_dirty()
    assert window.editor.record.version == stored(services, record.id).version


def test_the_worklist_refreshes_in_place_keeping_the_selection(qtbot: Any, clinic: Any,
                                                               make_window: Any) -> None:
    services, staff = clinic.services, clinic.staff
    records = [services.records.save(staff.nurse, make_record(
        patient=p, physician=staff.physician.staff, nurse=staff.nurse.staff))
        for p in [clinic.zoe, *clinic.others]]
    window = make_window(services, staff.nurse)
    checkout = installed(window)
    window.worklist.ui.all_dates_check.setChecked(True)
    view = window.worklist.ui.worklist_view
    qtbot.waitUntil(lambda: window.worklist.model.rowCount() == len(records))
    row = window.worklist.model.row_of(records[2].id)
    view.selectRow(row)
    chosen = window.worklist.selected_record_id()

    services.records.save(staff.physician, replace(records[0], notes="From another PC"))
    services.records.save(staff.physician, make_record(
        patient=clinic.others[0], physician=staff.physician.staff, nurse=staff.nurse.staff))
    checkout.watcher.changed.emit(frozenset({"records"}))

    qtbot.waitUntil(lambda: window.worklist.model.rowCount() == len(records) + 1)
    assert window.worklist.selected_record_id() == chosen
