"""The Clinic settings page's "Diagnostic pathway" and "Procedure note" sections (issue 13
sections 1-3, issue 15 point 5): what an administrator sets there is what the Pathway view,
the call form, the Calls list and a new record's note use; a bad value is refused at its
field and nothing on the page is saved; each change is audited."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import QDate, Qt

from clinic_desk.domain.audit import AuditAction
from clinic_desk.domain.diary import MEDICARE
from clinic_desk.ui.admin.clinic_settings_page import ClinicSettingsPage
from clinic_desk.ui.admin.pathway_section import ProfilesModel
from clinic_desk.ui.pathway.call_dialog import CallDialog
from clinic_desk.ui.pathway.install import CALLS
from clinic_desk.ui.pathway.pathway_view import PathwayView
from tests.factories import at
from tests.signoff.helpers import audit_entries
from tests.ui.test_pathway_pages import MBB, add, diary_call


def _page(qtbot: Any, services: Any, admin: Any) -> ClinicSettingsPage:
    page = ClinicSettingsPage(services, admin)
    qtbot.addWidget(page)
    page.resize(1000, 700)
    page.show()
    qtbot.waitExposed(page)
    return page


def _changes(services: Any, key: str) -> list[Any]:
    return [e for e in audit_entries(services, action=AuditAction.SETTINGS_CHANGE)
            if e.detail.get("key") == key]


def _type(qtbot: Any, edit: Any, text: str) -> None:
    edit.setFocus()
    edit.clear()
    qtbot.keyClicks(edit, text)


def _add_profile(qtbot: Any, page: ClinicSettingsPage, name: str, percent: str,
                 hours: str = "") -> None:
    s = page.pathway_section
    _type(qtbot, s.name_edit, name)
    _type(qtbot, s.percent_edit, percent)
    s.hours_edit.clear()
    if hours:
        _type(qtbot, s.hours_edit, hours)
    qtbot.mouseClick(s.add_button, Qt.MouseButton.LeftButton)


def _result(services: Any, actor: Any, patient_id: int, qtbot: Any) -> str:
    view = PathwayView(services, actor)
    qtbot.addWidget(view)
    assert view.show_patient(patient_id)
    return str(view.model.index(0, 4).data())


def test_a_50_percent_profile_chosen_on_the_page_turns_a_block_positive(
        qtbot: Any, clinic: Any, make_window: Any, monkeypatch: Any) -> None:
    services, staff = clinic.services, clinic.staff
    block = add(services, staff, clinic.zoe, MBB, 1, at("2026-03-02 09:00"))
    assert block.id
    # Pain 7 before, 3 in the diary: 57% relief. Negative under Medicare (80%).
    services.calls.record(staff.nurse, block.id, diary_call(at("2026-03-03 10:00"), 3, 3, 3))
    assert "Negative" in _result(services, staff.nurse, clinic.zoe.id, qtbot)

    page = _page(qtbot, services, staff.admin)
    s = page.pathway_section
    assert s.profile_combo.currentData() == MEDICARE.key  # the default
    assert s.model.rowCount() == 1 and not s.remove_button.isEnabled()  # built in
    _add_profile(qtbot, page, "Commercial 50%", "50")
    assert [p.key for p in s.model.profiles] == ["medicare", "commercial-50"]
    s.profile_combo.setFocus()
    s.profile_combo.setCurrentIndex(s.profile_combo.findData("commercial-50"))
    assert s.model.index(1, 3).data() == "Yes"
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    assert page.status_label.text() == "Saved"

    stored = services.pathway.settings()
    assert (stored.profile.key, stored.profile.positive_percent) == ("commercial-50", 50)
    (change,) = _changes(services, "pathway")
    assert change.username == staff.admin.username
    assert change.detail["after"]["profile"] == "commercial-50"
    assert "Positive" in _result(services, staff.nurse, clinic.zoe.id, qtbot)
    # The Calls page opens the call form with it, and the form judges a new diary under it.
    other = add(services, staff, clinic.others[0], MBB, 1, at("2026-03-02 11:00"))
    window = make_window(services, staff.nurse)
    assert window.show_page(CALLS)
    calls = window.page(CALLS)
    calls.date_edit.setDate(QDate(2026, 3, 3))
    assert [calls.model.row_at(i).record_id for i in range(calls.model.rowCount())] == [
        other.id]
    opened: list[dict[str, Any]] = []
    monkeypatch.setattr(CallDialog, "ask", classmethod(
        lambda cls, s, a, record, parent=None, **kw: opened.append(kw) or None))
    calls.view.setFocus()
    calls.view.selectRow(0)
    qtbot.keyClick(calls.view, Qt.Key.Key_Return)
    (kw,) = opened
    assert kw["profile"].key == "commercial-50"
    dialog = CallDialog(services, staff.nurse, other, now=at("2026-03-03 11:00"), **kw)
    qtbot.addWidget(dialog)
    rows = {r.minutes: r for r in dialog.diary_rows}
    rows[15].pain.setValue(3)
    assert "Result under Commercial 50%: Positive" in dialog.ui.result_label.text()

    # Saving the page again without a change writes no second pathway entry.
    assert page.save()
    assert len(_changes(services, "pathway")) == 1


def test_profiles_are_edited_and_the_one_in_use_cannot_be_removed(
        qtbot: Any, clinic: Any) -> None:
    services, staff = clinic.services, clinic.staff
    page = _page(qtbot, services, staff.admin)
    s = page.pathway_section
    _add_profile(qtbot, page, "Payer A", "60", "6")
    s.profile_combo.setCurrentIndex(s.profile_combo.findData("payer-a"))
    s.profiles_view.selectRow(1)
    assert (s.name_edit.text(), s.percent_edit.text(), s.hours_edit.text()) == (
        "Payer A", "60", "6")
    _type(qtbot, s.percent_edit, "70")
    qtbot.mouseClick(s.change_button, Qt.MouseButton.LeftButton)
    assert s.model.profiles[1].positive_percent == 70
    assert s.model.index(1, 2).data() == "at least 6 h"
    qtbot.mouseClick(s.remove_button, Qt.MouseButton.LeftButton)
    assert len(s.model.profiles) == 2  # in use: kept, and said so at the table
    assert "profile in use" in page.marks.message_of(s.profiles_view)
    # Medicare selected: nothing to change or remove.
    s.profiles_view.selectRow(0)
    assert not s.change_button.isEnabled() and not s.remove_button.isEnabled()
    assert page.save()
    assert services.pathway.settings().profile.min_hours == 6.0
    # Another profile in use, then the first one can go.
    s.profile_combo.setCurrentIndex(s.profile_combo.findData("medicare"))
    s.profiles_view.selectRow(1)
    qtbot.mouseClick(s.remove_button, Qt.MouseButton.LeftButton)
    assert [p.key for p in s.model.profiles] == ["medicare"]
    assert page.save()
    assert services.pathway.settings().profiles == (MEDICARE,)


def test_bad_values_are_refused_at_the_field_and_nothing_is_saved(
        qtbot: Any, clinic: Any) -> None:
    services, staff = clinic.services, clinic.staff
    page = _page(qtbot, services, staff.admin)
    s = page.pathway_section
    before = services.pathway.settings()
    entries = len(audit_entries(services, action=AuditAction.SETTINGS_CHANGE))

    _add_profile(qtbot, page, "Payer B", "150")
    assert "from 1 to 100" in page.marks.message_of(s.percent_edit)
    assert s.focusWidget() is s.percent_edit or page.focusWidget() is s.percent_edit
    _add_profile(qtbot, page, "", "50")
    assert "name" in page.marks.message_of(s.name_edit)
    _add_profile(qtbot, page, "Payer B", "50", "100")
    assert "at most 72" in page.marks.message_of(s.hours_edit)
    _add_profile(qtbot, page, "Medicare LCD", "50")
    assert "Another profile has this name" in page.marks.message_of(s.name_edit)
    assert s.model.rowCount() == 1  # none of them was added
    for edit in (s.name_edit, s.percent_edit, s.hours_edit):
        edit.clear()  # else Save stops at the profile not yet added

    # Save: a good change (tries) with bad months, no clinic day and a bad needle gauge.
    s.max_tries_spin.setValue(5)
    _type(qtbot, s.months_edit, "3, six")
    for box in s.weekday_checks:
        box.setChecked(False)
    assert not page.save()
    assert "whole numbers of months" in page.marks.message_of(s.months_edit)
    assert "at least one clinic day" in page.marks.message_of(s.weekday_checks[0])
    assert page.status_label.text().startswith("Not saved: ")
    _type(qtbot, s.months_edit, "3, 6, 99")  # read, but out of range: the domain says so
    s.weekday_checks[0].setChecked(True)
    gauge = page.note_section.needles["block"][0]
    _type(qtbot, gauge, "5")
    assert not page.save()
    assert "from 1 to 60" in page.marks.message_of(s.months_edit)
    assert "10 to 30 G" in page.marks.message_of(gauge)
    assert page.marks.issues_label(s.months_edit) is not None  # said under the section too

    assert services.pathway.settings() == before
    assert services.settings.note_defaults().block_needle_gauge == 22
    assert len(audit_entries(services, action=AuditAction.SETTINGS_CHANGE)) == entries


def test_call_settings_set_on_the_page_decide_who_is_flagged(qtbot: Any, clinic: Any) -> None:
    services, staff = clinic.services, clinic.staff
    block = add(services, staff, clinic.zoe, MBB, 1, at("2026-03-02 09:00"))  # a Monday
    assert block.id
    services.calls.record(staff.nurse, block.id, {
        "format": "clinic-desk/call@1", "called_at": at("2026-03-03 10:00").isoformat(),
        "outcome": "no_answer"})
    (row,) = services.calls.due(staff.nurse, date(2026, 3, 4))
    assert not row.flagged  # 1 try of 3
    page = _page(qtbot, services, staff.admin)
    s = page.pathway_section
    assert [b.isChecked() for b in s.weekday_checks] == [True] * 5 + [False] * 2
    assert s.months_edit.text() == "3, 6, 12"
    s.max_tries_spin.setFocus()
    s.max_tries_spin.selectAll()
    qtbot.keyClicks(s.max_tries_spin, "1")
    s.weekday_checks[5].setChecked(True)  # Saturday clinics
    _type(qtbot, s.months_edit, "6 12")
    assert page.save()
    calls = services.pathway.settings().calls
    assert (calls.max_tries, calls.clinic_weekdays, calls.follow_up_months) == (
        1, (0, 1, 2, 3, 4, 5), (6, 12))
    (row,) = services.calls.due(staff.nurse, date(2026, 3, 4))
    assert row.flagged


def test_note_defaults_set_on_the_page_start_a_new_record_s_note(
        qtbot: Any, clinic: Any, make_window: Any) -> None:
    from tests.ui.test_record_editor import new_record

    services, staff = clinic.services, clinic.staff
    page = _page(qtbot, services, staff.admin)
    n = page.note_section
    assert n.position_edit.text() == "Prone"  # the built-in defaults are shown
    _type(qtbot, n.position_edit, "Prone, pillow under the abdomen")
    _type(qtbot, n.needles["block"][0], "25")
    n.consent_combo.setCurrentIndex(n.consent_combo.findData("written"))
    assert page.save()
    stored = services.settings.note_defaults()
    assert (stored.position, stored.block_needle_gauge, stored.consent_form.value) == (
        "Prone, pillow under the abdomen", 25, "written")
    (change,) = _changes(services, "note_defaults")
    assert change.detail["after"]["position"] == "Prone, pillow under the abdomen"

    editor = new_record(make_window(services, staff.nurse), clinic)
    note = editor.note_section.ui
    assert note.position_edit.text() == "Prone, pillow under the abdomen"
    assert note.gauge_edit.text() == "25"
    assert note.consent_combo.currentText() == "Written (clinic default)"


def test_profiles_model_passes_the_model_tester(qtmodeltester: Any) -> None:
    from clinic_desk.domain.diary import RuleProfile

    model = ProfilesModel()
    model.set_profiles([MEDICARE, RuleProfile("c", "C", 50, 4.0)], "c")
    qtmodeltester.check(model)
    assert model.index(1, 3).data() == "Yes" and model.index(0, 3).data() == ""


def test_a_mnemonic_jump_scrolls_its_field_into_view(qtbot: Any, clinic: Any,
                                                     make_window: Any) -> None:
    from PySide6.QtWidgets import QApplication

    window = make_window(clinic.services, clinic.staff.admin)
    window.resize(1024, 600)
    assert window.show_page("clinic_settings")
    page = window.page("clinic_settings")
    bar = page.scroll_area.verticalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() > 0)  # the page scrolls at this size
    bar.setValue(0)
    target = page.note_section.position_edit

    def visible() -> bool:
        viewport = page.scroll_area.viewport()
        y = target.mapTo(viewport, target.rect().topLeft()).y()
        return 0 <= y and y + target.height() <= viewport.height()

    assert not visible()
    page.block_combo.setFocus()
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_O, Qt.KeyboardModifier.AltModifier)
    assert QApplication.focusWidget() is target  # P&osition
    assert visible()


def test_a_change_saved_elsewhere_meanwhile_is_never_overwritten(qtbot: Any,
                                                                 clinic: Any) -> None:
    """Two administrators: the page opened first cannot silently undo the other's Save."""
    services, staff = clinic.services, clinic.staff
    page = _page(qtbot, services, staff.admin)
    assert page.reload_button.isHidden()
    services.pathway.save_settings(staff.admin, {"calls": {"max_tries": 5}})  # elsewhere
    page.pathway_section.retry_days_spin.setValue(9)
    assert not page.save()
    assert "changed by" in page.status_label.text()
    assert "Nothing was saved" in page.status_label.text()
    assert not page.reload_button.isHidden() and page.focusWidget() is page.reload_button
    calls = services.pathway.settings().calls
    assert (calls.max_tries, calls.retry_days) == (5, 7)  # theirs kept, ours not written
    qtbot.mouseClick(page.reload_button, Qt.MouseButton.LeftButton)
    assert page.pathway_section.max_tries_spin.value() == 5
    assert page.reload_button.isHidden()
    page.pathway_section.retry_days_spin.setValue(9)
    assert page.save()
    assert services.pathway.settings().calls.retry_days == 9


def test_a_profile_typed_but_not_added_is_not_lost_without_a_word(qtbot: Any,
                                                                  clinic: Any) -> None:
    services, staff = clinic.services, clinic.staff
    page = _page(qtbot, services, staff.admin)
    s = page.pathway_section
    _type(qtbot, s.name_edit, "Payer C")
    _type(qtbot, s.percent_edit, "50")
    assert not page.save()
    assert "not in the table yet" in page.marks.message_of(s.name_edit)
    assert services.pathway.settings().profiles == (MEDICARE,)
    qtbot.keyClick(s.percent_edit, Qt.Key.Key_Return)  # Enter adds it
    assert [p.name for p in s.model.profiles] == ["Medicare LCD", "Payer C"]
    assert page.save()  # the selected profile, unchanged in the fields: nothing pending
    assert [p.key for p in services.pathway.settings().profiles] == ["medicare", "payer-c"]
