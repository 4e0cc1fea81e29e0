"""Issue 13's screens: the Calls page and call form, the Pathway view, the Reports page."""

from __future__ import annotations

import csv
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QDialogButtonBox, QPushButton

from clinic_desk.domain.diary import DIARY_MINUTES
from clinic_desk.domain.procedures import ProcedureKind
from clinic_desk.domain.record import ProcedureRecord
from clinic_desk.services import Services
from clinic_desk.ui.dialogs.patient import PatientDialog
from clinic_desk.ui.pathway import reports_page
from clinic_desk.ui.pathway.call_dialog import CallDialog
from clinic_desk.ui.pathway.install import CALLS, PATHWAY, REPORTS
from clinic_desk.ui.pathway.models import CallsModel, ReportModel, StepsModel
from tests.factories import at, make_record
from tests.ui.test_screenshots import not_blank

MBB = ProcedureKind.MEDIAL_BRANCH_BLOCK
RFA = ProcedureKind.RADIOFREQUENCY_ABLATION


def add(services: Services, staff: Any, patient: Any, kind: ProcedureKind, number: int | None,
        when: datetime, joints: str = "L4-5 L, L5-S1 L") -> ProcedureRecord:
    record = make_record(patient=patient, kind=kind, block_number=number, performed_at=when,
                         ended_at=when + timedelta(minutes=25), follow_up=None, joints=joints,
                         pain_before=7, pain_after=1, physician=staff.physician.staff,
                         nurse=staff.nurse.staff)
    if kind is not MBB:
        record = record.with_changes(medications=())
    return services.records.save(staff.nurse, record)


def diary_call(when: datetime, *pains: int) -> dict[str, Any]:
    return {"format": "clinic-desk/call@1", "called_at": when.isoformat(), "outcome": "reached",
            "problems": [], "diary": [{"after_minutes": m, "pain": p}
                                      for m, p in zip(DIARY_MINUTES, pains, strict=False)]}


def type_spin(qtbot: Any, spin: Any, text: str) -> None:
    spin.setFocus()
    spin.selectAll()
    qtbot.keyClicks(spin, text)


def test_models_pass_the_model_tester(qtmodeltester: Any, clinic: Any) -> None:
    services, staff = clinic.services, clinic.staff
    block = add(services, staff, clinic.zoe, MBB, 1, at("2026-03-02 09:00"))
    assert block.id
    services.calls.record(staff.nurse, block.id, diary_call(at("2026-03-03 10:00"), 1, 1, 2))
    calls = CallsModel()
    calls.set_rows(services.calls.due(staff.nurse, date(2026, 3, 3)) or [])
    qtmodeltester.check(calls)
    steps = StepsModel()
    steps.set_rows(services.pathway.for_patient(staff.nurse, clinic.zoe.id).pathways[0].steps)
    assert steps.rowCount() == 1
    qtmodeltester.check(steps)
    report = services.reports.run(staff.physician, reports_page.ReportFilter(
        date(2026, 3, 1), date(2026, 3, 31)))
    table = ReportModel(report.table("positivity"))
    assert table.rowCount() == 1
    qtmodeltester.check(table)


def test_calls_page_lists_the_previous_clinic_day_and_enter_records_a_call(
        qtbot: Any, clinic: Any, make_window: Any, monkeypatch: Any) -> None:
    services, staff = clinic.services, clinic.staff
    friday = add(services, staff, clinic.zoe, MBB, 1, at("2026-02-27 09:00"))
    rfa = add(services, staff, clinic.others[0], RFA, None, at("2025-08-31 09:00"))
    window = make_window(services, staff.nurse)
    assert window.show_page(CALLS)
    page = window.page(CALLS)
    page.date_edit.setDate(QDate(2026, 3, 2))  # a Monday: Friday's patients are due
    rows = [page.model.row_at(i) for i in range(page.model.rowCount())]
    assert [(r.record_id, r.months) for r in rows] == [(rfa.id, 6), (friday.id, None)]
    assert "2 calls due (1 follow-up, 0 flagged)" in page.count_label.text()
    opened: list[Any] = []
    monkeypatch.setattr(CallDialog, "ask", classmethod(
        lambda cls, s, a, record, parent=None, **kw: opened.append((record.id, kw)) or None))
    page.view.setFocus()
    page.view.selectRow(1)
    qtbot.keyClick(page.view, Qt.Key.Key_Return)
    assert opened == [(friday.id, {"months": None, "profile": opened[0][1]["profile"],
                                   "follow_up_months": (3, 6, 12), "measures": ()})]
    page.view.selectRow(0)
    qtbot.keyClick(page.view, Qt.Key.Key_Return)
    assert opened[1][0] == rfa.id and opened[1][1]["months"] == 6


def test_call_form_computes_relief_and_saves_a_signed_call(qtbot: Any, clinic: Any) -> None:
    services, staff = clinic.services, clinic.staff
    block = add(services, staff, clinic.zoe, MBB, 1, at("2026-03-02 09:00"))
    dialog = CallDialog(services, staff.nurse, block, now=at("2026-03-03 10:00"))
    qtbot.addWidget(dialog)
    rows = {r.minutes: r for r in dialog.diary_rows}
    assert sorted(rows) == list(DIARY_MINUTES)  # the handout's times, no more, no fewer
    type_spin(qtbot, rows[15].pain, "1")
    type_spin(qtbot, rows[30].pain, "1")
    qtbot.keyClicks(rows[15].activity, "bending")
    assert rows[15].relief.text() == "85.7%"
    assert "(7 - diary score) / 7 x 100" in dialog.ui.formula_label.text()
    assert "Positive" in dialog.ui.result_label.text()
    dialog.ui.problems_none_check.setChecked(True)
    qtbot.mouseClick(dialog.ui.button_box.button(QDialogButtonBox.StandardButton.Save),
                     Qt.MouseButton.LeftButton)
    assert dialog.saved is not None and dialog.saved.nurse == staff.nurse.staff
    assert block.id
    (stored,) = services.calls.for_record(staff.nurse, block.id)
    assert [(d.after_minutes, d.pain, d.activity) for d in stored.diary] == [
        (15, 1, "bending"), (30, 1, "")]


def test_call_form_recalled_relief_is_marked_less_reliable(qtbot: Any, clinic: Any) -> None:
    services, staff = clinic.services, clinic.staff
    block = add(services, staff, clinic.zoe, MBB, 1, at("2026-03-02 09:00"))
    dialog = CallDialog(services, staff.nurse, block, now=at("2026-03-03 10:00"))
    qtbot.addWidget(dialog)
    dialog.ui.recalled_check.setChecked(True)
    assert not dialog.diary_rows[0].pain.isEnabled()
    type_spin(qtbot, dialog.ui.best_relief_spin, "90")
    type_spin(qtbot, dialog.ui.hours_spin, "5")
    assert "less reliable" in dialog.ui.formula_label.text()
    assert "Positive" in dialog.ui.result_label.text()


def test_call_form_bad_input_says_so_at_the_field_and_saves_nothing(qtbot: Any,
                                                                    clinic: Any) -> None:
    services, staff = clinic.services, clinic.staff
    block = add(services, staff, clinic.zoe, MBB, 1, at("2026-03-02 09:00"))
    dialog = CallDialog(services, staff.nurse, block, now=at("2026-03-01 10:00"))
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    qtbot.keyClicks(dialog.diary_rows[2].activity, "walking")  # activity without a score
    dialog._on_button_box_accepted()
    assert "Enter the pain score at 1 h" in dialog.ui.message_label.text()
    assert dialog.focusWidget() is dialog.diary_rows[2].pain
    dialog.diary_rows[2].activity.clear()
    dialog._on_button_box_accepted()  # the call is before the procedure
    assert "before the procedure" in dialog.ui.message_label.text()
    assert "Nothing was saved" in dialog.ui.message_label.text()
    assert dialog.focusWidget() is dialog.ui.called_at_edit
    assert block.id and services.calls.for_record(staff.nurse, block.id) == []


def test_follow_up_form_for_rfa(qtbot: Any, clinic: Any) -> None:
    services, staff = clinic.services, clinic.staff
    rfa = add(services, staff, clinic.zoe, RFA, None, at("2026-03-02 09:00"))
    dialog = CallDialog(services, staff.nurse, rfa, months=6, now=at("2026-09-02 10:00"))
    qtbot.addWidget(dialog)
    assert dialog.ui.diary_group.isHidden() and not dialog.ui.follow_up_group.isHidden()
    assert dialog.ui.months_combo.currentData() == 6
    type_spin(qtbot, dialog.ui.fu_pain_spin, "2")
    type_spin(qtbot, dialog.ui.fu_relief_spin, "70")
    dialog.ui.impression_combo.setCurrentIndex(dialog.ui.impression_combo.findData(
        "much_improved"))
    dialog._on_button_box_accepted()
    assert dialog.saved is not None and dialog.saved.follow_up is not None
    assert (dialog.saved.follow_up.pain, dialog.saved.follow_up.relief_percent) == (2, 70)


def test_follow_up_form_offers_the_clinic_s_own_measure(qtbot: Any, clinic: Any) -> None:
    from clinic_desk.domain.calls import Measure

    services, staff = clinic.services, clinic.staff
    services.pathway.save_settings(staff.admin, {"measures": [
        {"key": "odi", "name": "Disability index", "low": 0, "high": 100}]})
    rfa = add(services, staff, clinic.zoe, RFA, None, at("2026-03-02 09:00"))
    dialog = CallDialog(services, staff.nurse, rfa, months=6, now=at("2026-09-02 10:00"),
                        measures=(Measure("odi", "Disability index", 0, 100),))
    qtbot.addWidget(dialog)
    type_spin(qtbot, dialog.measure_spins["odi"], "34")
    dialog._on_button_box_accepted()
    assert dialog.saved is not None and dialog.saved.follow_up is not None
    assert dialog.saved.follow_up.measures == (("odi", 34),)


def test_pathway_from_the_worklist_shows_results_chart_and_next_step(qtbot: Any, clinic: Any,
                                                                     make_window: Any) -> None:
    services, staff = clinic.services, clinic.staff
    b1 = add(services, staff, clinic.zoe, MBB, 1, at("2026-03-02 09:00"))
    b2 = add(services, staff, clinic.zoe, MBB, 2, at("2026-03-16 09:00"))
    assert b1.id and b2.id
    services.calls.record(staff.nurse, b1.id, diary_call(at("2026-03-03 10:00"), 1, 1, 1, 2))
    services.calls.record(staff.nurse, b2.id, diary_call(at("2026-03-17 10:00"), 0, 1, 1))
    window = make_window(services, staff.nurse)
    window.worklist.ui.all_dates_check.setChecked(True)
    qtbot.waitUntil(lambda: window.worklist.model.rowCount() == 2)
    window.worklist.ui.worklist_view.selectRow(0)
    window.worklist.ui.worklist_view.setFocus()
    qtbot.keyClick(window.worklist.ui.worklist_view, Qt.Key.Key_Y,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert window.current_page_key() == PATHWAY
    view = window.page(PATHWAY)
    assert view.model.rowCount() == 2
    assert view.next_label.text() == ("Next step (decision support): Two positive blocks of "
                                      "left L4-L5, L5-S1: RFA meets rule R2.")
    assert len(view.chart.series()) == 2 and view.chart.series()[0].count() == 6
    assert "Positive" in view.model.index(1, 4).data()
    assert "(7 - diary score) / 7" in view.detail_label.text()


def test_pathway_from_the_editor_and_the_patient_dialog(qtbot: Any, clinic: Any,
                                                        make_window: Any,
                                                        monkeypatch: Any) -> None:
    services, staff = clinic.services, clinic.staff
    b1 = add(services, staff, clinic.zoe, MBB, 1, at("2026-03-02 09:00"))
    assert b1.id
    window = make_window(services, staff.nurse)
    assert window.open_record(b1.id)
    window.pathway_screens.pathway_action.trigger()
    assert window.current_page_key() == PATHWAY
    assert "Diary result for block 1" in window.page(PATHWAY).next_label.text()
    shown: list[int] = []
    from clinic_desk.ui.pathway import pathway_view

    monkeypatch.setattr(pathway_view.PathwayDialog, "show_for", classmethod(
        lambda cls, s, a, patient_id, parent=None: shown.append(patient_id)))
    dialog = PatientDialog(services, staff.nurse, services.patients.get(staff.nurse,
                                                                        clinic.zoe.id))
    qtbot.addWidget(dialog)
    button = dialog.findChild(QPushButton, "patient_pathway_button")
    assert button is not None
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert shown == [clinic.zoe.id]


def test_patient_phone_is_kept_and_shown_on_the_calls_list(qtbot: Any, clinic: Any) -> None:
    services, staff = clinic.services, clinic.staff
    dialog = PatientDialog(services, staff.nurse, services.patients.get(staff.nurse,
                                                                        clinic.zoe.id))
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.phone_edit, "555-0142")
    dialog._on_button_box_accepted()
    assert services.patients.get(staff.nurse, clinic.zoe.id).phone == "555-0142"
    add(services, staff, clinic.zoe, MBB, 1, at("2026-03-02 09:00"))
    (row,) = services.calls.due(staff.nurse, date(2026, 3, 3))
    model = CallsModel()
    model.set_rows([row])
    assert model.index(0, 3).data() == "555-0142"


def test_reports_page_runs_and_exports_csv(qtbot: Any, clinic: Any, make_window: Any,
                                           monkeypatch: Any, tmp_path: Path) -> None:
    services, staff = clinic.services, clinic.staff
    b1 = add(services, staff, clinic.zoe, MBB, 1, at("2026-03-02 09:00"))
    assert b1.id
    services.calls.record(staff.nurse, b1.id, diary_call(at("2026-03-03 10:00"), 1, 1))
    window = make_window(services, staff.physician)
    assert window.show_page(REPORTS)
    page = window.page(REPORTS)
    page.from_edit.setDate(QDate(2026, 3, 1))
    page.to_edit.setDate(QDate(2026, 3, 31))
    qtbot.mouseClick(page.run_button, Qt.MouseButton.LeftButton)
    assert page.tabs.count() == 7
    assert page.models["positivity"].index(0, 5).data() == "100"
    chart = page.findChild(reports_page.QChartView, "report_weekly_chart")
    assert chart is not None and not_blank(chart.grab().toImage())
    target = tmp_path / "report.csv"
    monkeypatch.setattr(reports_page, "ask_csv_path", lambda parent, suggested: str(target))
    qtbot.mouseClick(page.export_button, Qt.MouseButton.LeftButton)
    rows = list(csv.reader(target.open(encoding="utf-8", newline="")))
    assert ["Diagnostic block positivity"] in rows
    # Bad dates: said on the page, focus on the date.
    page.from_edit.setDate(QDate(2026, 4, 1))
    qtbot.mouseClick(page.run_button, Qt.MouseButton.LeftButton)
    assert "end date is before the start date" in page.message_label.text()


@pytest.mark.parametrize("role", ["nurse", "desk"])
def test_reports_are_not_offered_to_nurses_or_desk(clinic: Any, make_window: Any,
                                                   role: str) -> None:
    actor = getattr(clinic.staff, role)
    window = make_window(clinic.services, actor)
    assert not window.show_page(REPORTS)
    assert window.show_page(CALLS) is (role == "nurse")


def test_reports_run_off_the_gui_thread(qtbot: Any, clinic: Any) -> None:
    services, staff = clinic.services, clinic.staff
    add(services, staff, clinic.zoe, MBB, 1, at("2026-03-02 09:00"))
    page = reports_page.ReportsPage(services, staff.physician, background=True)
    qtbot.addWidget(page)
    page.from_edit.setDate(QDate(2026, 3, 1))
    page.to_edit.setDate(QDate(2026, 3, 31))
    page.run()
    assert not page.run_button.isEnabled() and "Running" in page.message_label.text()
    qtbot.waitUntil(lambda: page.tabs.count() == 7, timeout=10_000)
    assert page.run_button.isEnabled()
    assert page.models["weekly"].rowCount() == 1


def test_calls_list_loads_off_the_gui_thread(qtbot: Any, clinic: Any) -> None:
    from clinic_desk.ui.pathway.calls_page import CallsPage

    services, staff = clinic.services, clinic.staff
    friday = add(services, staff, clinic.zoe, MBB, 1, at("2026-02-27 09:00"))
    page = CallsPage(services, staff.nurse, background=True)
    qtbot.addWidget(page)
    page.date_edit.setDate(QDate(2026, 3, 2))
    assert page.count_label.text() == "Loading…"
    qtbot.waitUntil(lambda: page.model.rowCount() == 1, timeout=10_000)
    assert page.model.row_at(0).record_id == friday.id
    assert page.count_label.text() == "1 call due (0 follow-ups, 0 flagged)."


def test_calls_page_says_what_to_ask_in_full_on_a_narrow_screen(
        qtbot: Any, clinic: Any, make_window: Any) -> None:
    """Seen at 1024x768: "What to ask" was squeezed to "Proble..." while the procedure took
    the room. Both give way together, and the line under the list says it in full."""
    services, staff = clinic.services, clinic.staff
    add(services, staff, clinic.zoe, MBB, 1, at("2026-02-27 09:00"))
    window = make_window(services, staff.nurse)
    window.resize(1024, 700)
    assert window.show_page(CALLS)
    page = window.page(CALLS)
    page.date_edit.setDate(QDate(2026, 3, 2))
    qtbot.waitUntil(lambda: page.model.rowCount() == 1)
    page.view.selectRow(0)
    row = page.model.row_at(0)
    assert row.ask in page.hint_label.text() and row.patient_name in page.hint_label.text()
    from clinic_desk.ui.pathway.models import CallColumn

    header = page.view.horizontalHeader()
    words = page.view.fontMetrics().horizontalAdvance("Problems since")
    assert header.sectionSize(CallColumn.ASK) >= words


def test_calls_list_shows_a_page_and_loads_the_rest_as_it_scrolls(
        qtbot: Any, qtmodeltester: Any, clinic: Any) -> None:
    from clinic_desk.ui.pathway.calls_page import CallsPage

    services, staff = clinic.services, clinic.staff
    ids = [add(services, staff, clinic.zoe, MBB, 1, at(f"2026-02-27 0{h}:00")).id
           for h in (7, 8, 9)]
    page = CallsPage(services, staff.nurse, background=False, page_size=2)
    qtbot.addWidget(page)
    page.date_edit.setDate(QDate(2026, 3, 2))
    assert [page.model.row_at(i).record_id for i in range(page.model.rowCount())] == ids[:2]
    assert page.count_label.text() == (
        "3 calls due (0 follow-ups, 0 flagged). The first 2 are listed; more load as you "
        "scroll.")
    assert page.model.canFetchMore()
    page.model.fetchMore()
    assert [page.model.row_at(i).record_id for i in range(page.model.rowCount())] == ids
    assert page.count_label.text() == "3 calls due (0 follow-ups, 0 flagged)."
    assert not page.model.canFetchMore()
    qtmodeltester.check(page.model)


def test_the_pathway_page_finds_its_patient_itself(qtbot: Any, clinic: Any,
                                                   make_window: Any) -> None:
    """Seen on the real screen: the Pathway page opened from the View menu (Ctrl+7) was an
    empty table and chart with "open the pathway from the worklist..."; it now finds the
    patient with the worklist's search, keyboard only, and forgets them on sign-out."""
    services, staff = clinic.services, clinic.staff
    add(services, staff, clinic.zoe, MBB, 1, at("2026-03-02 09:00"))
    window = make_window(services, staff.physician)
    assert window.show_page(PATHWAY)
    page = window.page(PATHWAY)
    qtbot.waitUntil(page.find_edit.hasFocus)
    assert not page.next_label.isVisible() and page.model.rowCount() == 0
    qtbot.keyClicks(page.find_edit, "obrien")
    page.search.run_now()
    assert page.found_view.isVisible() and page.search.model.rowCount() == 1
    qtbot.keyClick(page.find_edit, Qt.Key.Key_Down)
    qtbot.keyClick(page.found_view, Qt.Key.Key_Return)
    assert page.data is not None and page.data.patient.id == clinic.zoe.id
    assert page.model.rowCount() == 1 and page.next_label.isVisible()
    assert "O'Brien" in page.patient_label.text() and not page.found_view.isVisible()
    qtbot.keyClicks(page.find_edit, "nobody-like-this")
    page.search.run_now()
    assert "No patient found" in page.found_hint.text() and page.found_hint.isVisible()
    assert "O'Brien" in page.patient_label.text()  # the pathway shown stays named
    page.set_actor(staff.nurse)  # Switch user: nothing of the patient stays
    assert page.data is None and "O'Brien" not in page.patient_label.text()
    assert page.model.rowCount() == 0 and not page.next_label.isVisible()
