"""The print log shows any printed handout again byte for byte; the database banner appears
when the database cannot be reached, and the kept work is saved when it is back."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox, QFileDialog

from clinic_desk.domain.errors import DatabaseUnavailableError
from clinic_desk.domain.record import Language
from clinic_desk.services.drafts import DraftStore
from clinic_desk.services.retry import RetryClock, keep_for_retry, pending_drafts
from clinic_desk.ui.checkout import banner as banner_module
from clinic_desk.ui.checkout.banner import ConnectionMonitor, DatabaseBanner
from clinic_desk.ui.checkout.dialogs import REASONS, PrintLogDialog, Reprint, ReprintDialog
from clinic_desk.ui.checkout.models import LogColumn
from tests.signoff.helpers import audit_entries, complete_draft, stored

from .conftest import Desk, Told
from .test_editor_integration import database_down


def test_print_log_shows_each_printed_handout_exactly(qtbot: Any, qtmodeltester: Any,
                                                      desk: Desk, told: Told,
                                                      monkeypatch: pytest.MonkeyPatch,
                                                      tmp_path: Path) -> None:
    printing = desk.services.printing
    record = desk.records[0]
    first, first_pdf = printing.print_handout(desk.staff.desk, record.id, "Desk A")
    second, second_pdf = printing.print_handout(desk.staff.nurse, record.id, "Recovery",
                                                reason="Patient lost the first copy",
                                                language="es")
    dialog = PrintLogDialog(desk.services, desk.staff.desk)
    qtbot.addWidget(dialog)
    qtmodeltester.check(dialog.model)
    assert dialog.model.rowCount() == 2
    newest = dialog.model.index(0, LogColumn.REASON).data()
    assert newest == "Patient lost the first copy"
    assert dialog.model.index(1, LogColumn.REASON).data() == "first print"
    assert dialog.model.index(0, LogColumn.WHO).data() == "Min-jun Kim"
    assert dialog.model.index(0, LogColumn.PATIENT).data() == "O'Brien, Zoë"
    assert dialog.shown_pdf == second_pdf.pdf  # the newest is shown at once
    assert dialog.selected() is not None and dialog.selected().print_id == second.print_id
    dialog.ui.log_view.selectRow(1)
    assert dialog.shown_pdf == first_pdf.pdf and dialog.document.pageCount() >= 1
    assert first.verification_code in dialog.ui.pdf_label.text()

    target = tmp_path / "copy.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        staticmethod(lambda *a, **k: (str(target), "PDF (*.pdf)")))
    dialog.ui.save_button.click()
    assert target.read_bytes() == first_pdf.pdf
    assert audit_entries(desk.services, record_id=record.id)[-1].action.value == \
        "handout_export"

    with qtbot.waitSignal(dialog.reprint_requested) as asked:
        dialog.ui.reprint_button.click()
    assert asked.args == [record.id]


def test_reprint_dialog_needs_a_reason(qtbot: Any) -> None:
    dialog = ReprintDialog("This handout was printed at 10:42.")
    qtbot.addWidget(dialog)
    ok = next(b for b in dialog.ui.button_box.buttons()
              if dialog.ui.button_box.buttonRole(b).name == "AcceptRole")
    assert not ok.isEnabled() and dialog.ui.message_label.text() == "A reason is required."
    qtbot.keyClicks(dialog.ui.reason_combo, "Copy for the daughter")
    assert ok.isEnabled() and dialog.reason == "Copy for the daughter"
    dialog.ui.reason_combo.setCurrentIndex(0)
    assert dialog.reason == "Patient lost the first copy"


def test_banner_keeps_work_and_saves_it_when_the_database_is_back(
        qtbot: Any, desk: Desk, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    services, staff = desk.services, desk.staff
    store = DraftStore(tmp_path / "drafts")
    record = complete_draft(services, staff)
    down = database_down(services, monkeypatch)
    now = [0.0]
    monitor = ConnectionMonitor(services, lambda: staff.nurse, store,
                                clock=RetryClock(lambda: now[0]), background=False)
    bar = DatabaseBanner(monitor, services.database_description)
    qtbot.addWidget(bar)
    assert bar.isHidden()  # the database answers: no banner

    edit = replace(record, notes="Typed while the server was down")
    with pytest.raises(DatabaseUnavailableError):
        services.records.save(staff.nurse, edit)
    keep_for_retry(store, staff.nurse, edit)
    with qtbot.waitSignal(monitor.availability_changed) as gone:
        monitor.report_unavailable()
    assert gone.args == [False] and not bar.isHidden()
    assert "cannot be reached" in bar.text_label.text()
    assert "1 unsaved change is kept" in bar.text_label.text()
    assert monitor.timer.isActive() and monitor.timer.interval() == 2000

    monitor.check_now()  # still down: backs off to 4 s
    assert not bar.isHidden() and monitor.timer.interval() == 4000

    down["now"] = False
    with qtbot.waitSignal(monitor.retried) as done:
        bar.retry_button.click()
    assert bar.isHidden() and monitor.available
    assert len(done.args[0].saved) == 1
    assert stored(services, record.id).notes == "Typed while the server was down"
    assert pending_drafts(store, "nkim") == []


def test_the_feed_losing_its_connection_raises_the_banner(qtbot: Any, desk: Desk,
                                                          tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch
                                                          ) -> None:
    monkeypatch.setattr(banner_module, "database_reachable", lambda db: True)
    monitor = ConnectionMonitor(desk.services, lambda: desk.staff.nurse,
                                DraftStore(tmp_path / "d"), background=False)
    bar = DatabaseBanner(monitor, "PostgreSQL db.clinic.lan/clinicdesk")
    qtbot.addWidget(bar)
    monitor.set_feed_connected(False)
    assert not bar.isHidden() and "db.clinic.lan" in bar.text_label.text()
    monitor.set_feed_connected(True)  # reconnected: checked at once, banner gone
    assert bar.isHidden()


def test_reprint_dialog_offers_language_and_large_print(qtbot: Any) -> None:
    """Issue 15, point 10: "another language" needs another language; "large print" ticks it."""
    dialog = ReprintDialog("O'Brien, Zoë: printed at 10:42 (English).",
                           language=Language.ENGLISH)
    qtbot.addWidget(dialog)
    ok = dialog.ui.button_box.button(QDialogButtonBox.StandardButton.Ok)
    assert dialog.ui.language_label.buddy() is dialog.ui.language_combo
    assert dialog.language is Language.ENGLISH and not dialog.large_print
    dialog.ui.reason_combo.setCurrentIndex(REASONS.index("Patient asked for another language"))
    dialog.ui.reason_combo.activated.emit(dialog.ui.reason_combo.currentIndex())
    assert not ok.isEnabled()
    assert dialog.ui.message_label.text() == "Choose the language the patient asked for."
    dialog.ui.language_combo.setCurrentIndex(dialog.ui.language_combo.findData("es"))
    assert ok.isEnabled() and dialog.choice() == Reprint(
        "Patient asked for another language", Language.SPANISH, False)
    dialog.ui.reason_combo.setCurrentIndex(REASONS.index("Patient asked for large print"))
    dialog.ui.reason_combo.activated.emit(dialog.ui.reason_combo.currentIndex())
    assert dialog.large_print and ok.isEnabled()


def test_reprint_honours_language_and_large_print_and_the_log_updates_at_once(
        qtbot: Any, desk: Desk, told: Told) -> None:
    """Issue 15, point 10: the copy comes out as asked, the open log shows it at once, and the
    message names the patient (who has left the queue), never "record 31"."""
    from .test_checkout_page import make_page, print_and_wait

    page = make_page(qtbot, desk)
    record = desk.records[0]
    print_and_wait(qtbot, page, page.print_current)
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_Down)  # the desk moves on; Zoë leaves the queue
    assert record.id not in [r.record_id for r in page.model.rows]
    page.show_print_log()
    dialog = page._log_dialog
    assert dialog is not None and dialog.model.rowCount() == 1
    told.reasons = [Reprint("Patient asked for another language", Language.SPANISH, True)]
    with qtbot.waitSignal(page.job_finished, timeout=20_000) as done:
        dialog.ui.reprint_button.click()
    assert told.offered == [(Language.ENGLISH, False)]  # starts from the copy printed
    assert told.asked[0].startswith("O'Brien, Zoë: the handout was printed on ")
    result = done.args[0]
    assert result.error is None
    assert result.printed.language is Language.SPANISH and result.printed.large_print
    newest = desk.services.printing.print_log(desk.staff.desk, record_id=record.id)[0]
    assert newest.language is Language.SPANISH and newest.large_print
    assert newest.reason == "Patient asked for another language"
    assert dialog.model.rowCount() == 2  # no refresh needed
    assert dialog.model.index(0, LogColumn.LANGUAGE).data() == "Español"
    text = page.result_label.text()
    assert text.startswith("O'Brien, Zoë: handout printed (Español, large print, version 1)")
    assert f"record {record.id}" not in text
    dialog.close()


def test_a_saved_pdf_offers_open_and_show_in_folder(qtbot: Any, desk: Desk, told: Told,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    """Issue 15, point 15: after a PDF is saved, "Open" and "Show in folder"."""
    from PySide6.QtGui import QDesktopServices

    from .test_checkout_page import make_page, print_and_wait

    opened: list[str] = []
    monkeypatch.setattr(QDesktopServices, "openUrl",
                        staticmethod(lambda url: opened.append(url.toLocalFile()) or True))
    page = make_page(qtbot, desk)
    assert not page.file_actions.isVisibleTo(page)
    result = print_and_wait(qtbot, page, page.print_current)  # no printer: saved as a PDF
    saved = result.delivery.file
    assert saved is not None and page.file_actions.isVisibleTo(page)
    page.file_actions.open_button.click()
    page.file_actions.folder_button.click()
    assert opened == [str(saved), str(saved.parent)]
