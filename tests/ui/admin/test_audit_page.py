"""The audit viewer: filters, the model, the chain check, CSV export (itself audited)."""

from __future__ import annotations

import csv
import os
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QDate, Qt

from clinic_desk.domain.audit import AuditAction
from clinic_desk.services.audit import AuditFilter
from clinic_desk.ui.admin import audit_page
from clinic_desk.ui.admin.audit_model import AuditColumn, AuditModel, detail_text
from clinic_desk.ui.admin.audit_page import AuditPage
from tests.signoff.helpers import audit_entries, raw_execute, save_patient, signed_record


@pytest.fixture
def trail(clinic_staff: Any) -> dict[str, Any]:
    services, staff = clinic_staff
    a = save_patient(services, staff.nurse, mrn="VIEW01")
    b = save_patient(services, staff.nurse, mrn="VIEW02", family_name="Müller")
    services.patients.get(staff.physician, a.id)
    services.patients.get(staff.desk, b.id)
    signed = signed_record(services, staff, patient=a)
    return {"a": a, "b": b, "signed": signed}


def _column(page: AuditPage, col: AuditColumn) -> list[str]:
    return [page.model.index(r, col).data() for r in range(page.model.rowCount())]


def test_the_model_is_a_proper_qt_model(qtmodeltester: Any, clinic_staff: Any,
                                        trail: dict[str, Any]) -> None:
    services, staff = clinic_staff
    model = AuditModel(lambda limit, offset: services.audit.query(staff.admin, AuditFilter(),
                                                                  limit, offset), page_size=3)
    model.set_fetch(model._fetch)
    qtmodeltester.check(model)
    while model.canFetchMore():
        model.fetchMore()
    assert model.rowCount() == services.audit.count(staff.admin)


def test_filters(qtbot: Any, clinic_staff: Any, trail: dict[str, Any]) -> None:
    services, staff = clinic_staff
    page = AuditPage(services, staff.admin)
    qtbot.addWidget(page)
    total = services.audit.count(staff.admin)
    assert page.model.rowCount() == total
    assert page.count_label.text() == f"{total} entries match, newest first"
    seqs = [int(s) for s in _column(page, AuditColumn.SEQ)]
    assert seqs == sorted(seqs, reverse=True)
    # By patient: only entries about VIEW02, shown by MRN (never the name).
    qtbot.keyClicks(page.mrn_edit, "view02")
    qtbot.keyClick(page.mrn_edit, Qt.Key.Key_Return)
    assert set(_column(page, AuditColumn.PATIENT)) == {"VIEW02"}
    assert _column(page, AuditColumn.ACTION) == ["Patient opened", "Patient added"]
    assert _column(page, AuditColumn.USER) == ["desk", "nkim"]
    # By user and action.
    page.mrn_edit.clear()
    page.user_combo.setCurrentText("drlee")
    page.action_combo.setCurrentIndex(page.action_combo.findData("record_sign"))
    page.search_button.click()
    assert _column(page, AuditColumn.ACTION) == ["Record signed"]
    assert _column(page, AuditColumn.RECORD) == [str(trail["signed"].id)]
    assert "Meaning: Reviewed and approved" in _column(page, AuditColumn.DETAIL)[0]
    # By dates: nothing tomorrow; an impossible range says so.
    page.user_combo.setCurrentText("")
    page.action_combo.setCurrentIndex(0)
    page.from_check.setChecked(True)
    page.from_edit.setDate(QDate.currentDate().addDays(1))
    page.search_button.click()
    assert page.model.rowCount() == 0
    page.to_check.setChecked(True)
    page.to_edit.setDate(QDate.currentDate())
    page.search_button.click()
    assert page.count_label.text() == "The last day is before the first day."
    # An unknown MRN matches nothing; a malformed one is explained.
    page.from_check.setChecked(False)
    page.to_check.setChecked(False)
    page.mrn_edit.setText("NOPE99")
    page.search_button.click()
    assert page.model.rowCount() == 0 and page.count_label.text().startswith("0 entries")


def test_detail_text() -> None:
    assert detail_text({"changes": [{"field": "pain_after", "before": 2, "after": 1},
                                    {"field": "notes", "before": "", "after": "x"}]}) == \
        "Pain after changed from 2 to 1; notes changed from (empty) to x."
    assert detail_text({"user": "nkim", "changes": [{"field": "password",
                                                     "change": "reset"}]}) == \
        "Password reset; user nkim."
    assert detail_text({}) == ""
    # Issue 15, point 20: sentences, not "checked_out: True".
    assert detail_text({"checked_out": True, "handout_version": 2}) == \
        "Checked out; handout version 2."
    assert detail_text({"view": "handout preview", "language": "es"}) == \
        "In Español; viewed: handout preview."


def test_verify_chain(qtbot: Any, clinic_staff: Any, trail: dict[str, Any]) -> None:
    services, staff = clinic_staff
    page = AuditPage(services, staff.admin)
    qtbot.addWidget(page)
    page.verify_button.click()
    assert page.chain_label.text().startswith("\u2714 The audit trail is intact:")


@pytest.mark.allow_log_warnings
def test_verify_chain_names_a_changed_entry(qtbot: Any, clinic_staff: Any,
                                            trail: dict[str, Any]) -> None:
    services, staff = clinic_staff
    url = services.db.url.render_as_string(hide_password=False)
    raw_execute(url, "DROP TRIGGER trg_audit_log_no_update")
    raw_execute(url, "UPDATE audit_log SET username = 'nkim' WHERE seq = 3")
    page = AuditPage(services, staff.admin)
    qtbot.addWidget(page)
    page.verify_button.click()
    text = page.chain_label.text()
    assert text.startswith("\u26a0 Warning: the audit trail was changed outside Clinic Desk.")
    assert "Audit chain broken at entry 3: its content was changed." in text


def test_export_csv(qtbot: Any, clinic_staff: Any, trail: dict[str, Any], tmp_path: Path,
                    monkeypatch: Any) -> None:
    services, staff = clinic_staff
    page = AuditPage(services, staff.admin)
    qtbot.addWidget(page)
    target = tmp_path / "audit.csv"
    monkeypatch.setattr(audit_page, "ask_export_path", lambda parent: str(target))
    page.mrn_edit.setText("VIEW01")
    with qtbot.waitSignal(page.exported, timeout=10_000) as done:
        page.export_action.trigger()
    count, path = done.args
    assert path == str(target) and count == services.audit.count(
        staff.admin, AuditFilter(mrn="VIEW01"))
    rows = list(csv.reader(target.open(encoding="utf-8-sig")))
    assert rows[0][:5] == ["seq", "time", "user", "workstation", "action"]
    assert len(rows) == count + 1 and {r[7] for r in rows[1:]} == {"VIEW01"}
    export = audit_entries(services)[-1]
    assert export.action is AuditAction.AUDIT_EXPORT and export.username == "admin"
    assert export.detail["filter"] == {"mrn": "VIEW01"}
    assert page.count_label.text() == f"{count} entries exported to {target}."


@pytest.mark.screenshot
def test_screenshot(qtbot: Any, clinic_staff: Any, trail: dict[str, Any], tmp_path: Path) -> None:
    services, staff = clinic_staff
    page = AuditPage(services, staff.admin)
    qtbot.addWidget(page)
    page.resize(1280, 700)
    page.show()
    qtbot.waitExposed(page)
    page.verify_button.click()
    image = page.grab().toImage()
    image.save(str(Path(os.environ.get("CLINIC_DESK_SCREENSHOTS", tmp_path)) / "audit.png"))
    assert len({image.pixel(x, y) for x in range(0, image.width(), 40)
                for y in range(0, image.height(), 40)}) > 3
