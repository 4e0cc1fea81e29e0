"""The checkout screen: the queue oldest first with the preview beside it, Enter prints in the
patient's language and checks them out, no printer means a PDF in the clinic's folder (and
the page says so), a real QPrinter gets every page, reprints ask a reason, batch printing,
the printer choice remembered on this workstation."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pypdf
import pytest
from PySide6.QtCore import Qt
from PySide6.QtPrintSupport import QPrinter

from clinic_desk.domain.record import Language
from clinic_desk.ui.checkout import printer as printer_module
from clinic_desk.ui.checkout.models import CheckoutQueueModel, QueueColumn
from clinic_desk.ui.checkout.page import NO_PRINTER, CheckoutPage
from clinic_desk.ui.checkout.settings import CHECKOUT_PRINTER

from .conftest import Desk, Told

WAIT = 20_000


def make_page(qtbot: Any, desk: Desk, actor: Any = None) -> CheckoutPage:
    page = CheckoutPage(desk.services, actor or desk.staff.desk, background=True)
    qtbot.addWidget(page)
    page.resize(1300, 800)
    page.show()
    qtbot.waitExposed(page)
    with qtbot.waitSignal(page.queue_loaded, timeout=WAIT):
        page.reload()
    return page


def wait_preview(qtbot: Any, page: CheckoutPage, record_id: int) -> None:
    qtbot.waitUntil(lambda: page._rendered is not None and page._rendered.record_id == record_id
                    and page.preview_pages > 0, timeout=WAIT)


def print_and_wait(qtbot: Any, page: CheckoutPage, act: Any) -> Any:
    with qtbot.waitSignal(page.job_finished, timeout=WAIT) as blocker:
        act()
    qtbot.waitUntil(lambda: not page._loading, timeout=WAIT)
    return blocker.args[0]


def test_queue_oldest_first_with_the_preview_beside_it(qtbot: Any, qtmodeltester: Any,
                                                      desk: Desk, told: Told) -> None:
    page = make_page(qtbot, desk)
    qtmodeltester.check(page.model)
    names = [page.model.index(r, QueueColumn.PATIENT).data() for r in range(4)]
    assert names == ["O'Brien, Zoë", "García-Pérez, José Luis", "Wróblewski, Łukasz", "王, 小明"]
    assert page.count_label.text() == "4 patients waiting"
    assert page.model.index(0, QueueColumn.PROCEDURE).data() == desk.records[0].title
    assert page.selected_ids() == [desk.records[0].id]  # the oldest is ready to print
    wait_preview(qtbot, page, desk.records[0].id)
    assert "English" in page.preview_status.text()
    assert "No printer" in page.printer_combo.currentText()


def test_enter_prints_in_the_patients_language_saves_a_pdf_without_printer_and_moves_on(
        qtbot: Any, desk: Desk, told: Told) -> None:
    page = make_page(qtbot, desk)
    spanish = desk.records[1]
    page.table.selectRow(1)
    wait_preview(qtbot, page, spanish.id)
    assert page.preview_status.text().startswith("Español")
    page.table.setFocus()

    result = print_and_wait(qtbot, page, lambda: qtbot.keyClick(page.table, Qt.Key.Key_Return))

    assert result.error is None and result.printed.language is Language.SPANISH
    assert result.printed.checked_out
    files = list(desk.folder.glob("*.pdf"))
    assert len(files) == 1 and files[0].read_bytes() == result.rendered.pdf
    assert "O'Brien" not in files[0].name and spanish.patient.mrn not in files[0].name
    assert "No printer is installed" in page.result_label.text()
    assert str(files[0]) in page.result_label.text()
    # The print log keeps exactly these bytes; the patient left the queue.
    log = desk.services.printing.print_log(desk.staff.desk, record_id=spanish.id)
    assert [p.printer for p in log] == [f"PDF folder {desk.folder}"]
    assert desk.services.printing.pdf(desk.staff.desk, log[0].print_id) == result.rendered.pdf
    # The printed patient stays selected (marked) until the desk moves, then leaves.
    assert page.selected_ids() == [spanish.id] and page.held_ids() == [spanish.id]
    qtbot.keyClick(page.table, Qt.Key.Key_Up)
    assert spanish.id not in [r.record_id for r in page.model.rows]
    assert len(page.model.rows) == 3 and page.selected_ids() == [desk.records[0].id]


def test_a_second_enter_never_prints_the_next_patient(qtbot: Any, desk: Desk,
                                                      told: Told) -> None:
    """Issue 15, point 9: Enter, Enter prints one handout; the next patient needs a move."""
    page = make_page(qtbot, desk)
    first, second = desk.records[0], desk.records[1]
    wait_preview(qtbot, page, first.id)
    page.table.setFocus()
    print_and_wait(qtbot, page, lambda: qtbot.keyClick(page.table, Qt.Key.Key_Return))
    assert page.selected_ids() == [first.id]

    qtbot.keyClick(page.table, Qt.Key.Key_Return)  # the accidental second Enter
    qtbot.waitUntil(lambda: not page._busy and not page._loading, timeout=WAIT)
    assert desk.services.printing.print_log(desk.staff.desk, record_id=second.id) == []
    assert len(desk.services.printing.print_log(desk.staff.desk, record_id=first.id)) == 1
    assert told.asked == []  # no reprint question either
    assert page.result_label.text().startswith("O'Brien, Zoë: the handout has just been printed")
    assert page.selected_ids() == [first.id]
    assert page.model.index(0, QueueColumn.PATIENT).data() == "O'Brien, Zoë"
    assert page.model.is_printed(0) and not page.print_button.isEnabled()

    qtbot.keyClick(page.table, Qt.Key.Key_Down)  # the desk moves on: now Enter prints
    assert page.selected_ids() == [second.id]
    assert first.id not in [r.record_id for r in page.model.rows]
    wait_preview(qtbot, page, second.id)
    result = print_and_wait(qtbot, page, lambda: qtbot.keyClick(page.table, Qt.Key.Key_Return))
    assert result.record_id == second.id and result.error is None


def test_a_real_printer_gets_every_page_of_the_logged_pdf(qtbot: Any, desk: Desk, told: Told,
                                                          monkeypatch: pytest.MonkeyPatch,
                                                          tmp_path: Path) -> None:
    spooled = tmp_path / "spooled.pdf"
    monkeypatch.setattr(printer_module, "available_printers", lambda: ["Front desk laser"])
    monkeypatch.setattr(printer_module, "system_default_printer", lambda: "Front desk laser")

    def file_printer(name: str) -> QPrinter:
        assert name == "Front desk laser"
        p = QPrinter(QPrinter.PrinterMode.HighResolution)
        p.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        p.setOutputFileName(str(spooled))
        return p

    monkeypatch.setattr(printer_module, "make_qprinter", file_printer)
    page = make_page(qtbot, desk)
    assert page.printer_combo.currentText() == "Front desk laser"
    wait_preview(qtbot, page, desk.records[0].id)

    result = print_and_wait(qtbot, page, page.print_button.click)

    assert result.error is None and result.delivery.file is None
    source = pypdf.PdfReader(io.BytesIO(result.rendered.pdf))
    assert result.delivery.pages == len(source.pages) >= 1
    assert len(pypdf.PdfReader(str(spooled)).pages) == len(source.pages)
    assert "Sent to Front desk laser" in page.result_label.text()
    assert result.printed.printer == "Front desk laser"
    assert list(desk.folder.glob("*.pdf")) == []


def test_printing_again_asks_for_a_reason(qtbot: Any, desk: Desk, told: Told) -> None:
    first = make_page(qtbot, desk)
    second = make_page(qtbot, desk)  # another desk with the same (now stale) queue
    record = desk.records[0]
    print_and_wait(qtbot, first, first.print_current)

    told.reasons = [None]  # the desk cancels the question: nothing printed
    result = print_and_wait(qtbot, second, second.print_current)
    assert "already printed by desk" in str(result.error)
    assert told.asked and "already printed" in told.asked[0]
    assert len(desk.services.printing.print_log(desk.staff.desk, record_id=record.id)) == 1

    told.reasons = ["Patient lost the first copy"]
    second.reprint(record.id)
    qtbot.waitUntil(lambda: len(desk.services.printing.print_log(
        desk.staff.desk, record_id=record.id)) == 2, timeout=WAIT)
    log = desk.services.printing.print_log(desk.staff.desk, record_id=record.id)
    assert log[0].reason == "Patient lost the first copy"


def test_batch_prints_every_selected_patient(qtbot: Any, desk: Desk, told: Told) -> None:
    page = make_page(qtbot, desk)
    page.table.selectAll()
    assert page.batch_button.isEnabled() and page.batch_button.text() == "Print &selected (4)"
    results = print_and_wait(qtbot, page, page.batch_button.click)
    assert [r.error for r in results] == [None] * 4
    assert [r.printed.language for r in results] == [Language.ENGLISH, Language.SPANISH,
                                                     Language.ENGLISH, Language.ENGLISH]
    assert len(list(desk.folder.glob("*.pdf"))) == 4
    assert page.count_label.text() == "Nobody is waiting for a handout."
    # The printed rows stay selected and marked; nothing can print them again by accident.
    assert page.held_ids() == [r.id for r in desk.records]
    assert all(page.model.is_printed(n) for n in range(4))
    assert not page.batch_button.isEnabled() and not page.print_button.isEnabled()


def test_language_and_large_print_override_the_default(qtbot: Any, desk: Desk,
                                                       told: Told) -> None:
    page = make_page(qtbot, desk)
    page.language_combo.setCurrentIndex(page.language_combo.findText("Español"))
    page.large_check.setChecked(True)
    qtbot.waitUntil(lambda: page._rendered is not None and page._rendered.large_print,
                    timeout=WAIT)
    assert page.preview_status.text().startswith("Español, large print")
    shown = page._rendered
    result = print_and_wait(qtbot, page, page.print_current)
    assert result.printed.language is Language.SPANISH and result.printed.large_print
    assert result.rendered is shown  # what was previewed is exactly what printed


def test_the_printer_choice_is_remembered_on_this_workstation(qtbot: Any, desk: Desk,
                                                              told: Told,
                                                              monkeypatch: pytest.MonkeyPatch
                                                              ) -> None:
    monkeypatch.setattr(printer_module, "available_printers", lambda: ["Laser A", "Laser B"])
    monkeypatch.setattr(printer_module, "system_default_printer", lambda: "Laser A")
    CHECKOUT_PRINTER.reset()
    page = make_page(qtbot, desk)
    assert page.printer_combo.currentText() == "Laser A"
    page.printer_combo.setCurrentIndex(1)
    page.printer_combo.activated.emit(1)
    assert CHECKOUT_PRINTER.get() == "Laser B"
    again = make_page(qtbot, desk)
    assert again.printer_combo.currentText() == "Laser B"
    monkeypatch.setattr(printer_module, "available_printers", lambda: ["Laser A"])
    again._load_printers()  # Laser B was removed: back to the default, nothing breaks
    assert again.printer_combo.currentText() == "Laser A"
    CHECKOUT_PRINTER.reset()


def test_roles_without_print_rights_see_an_empty_page(qtbot: Any, desk: Desk,
                                                      told: Told) -> None:
    page = make_page(qtbot, desk, desk.staff.admin)
    assert page.model.rowCount() == 0
    assert not page.print_button.isEnabled() and not page.log_button.isEnabled()


def test_no_printer_entry_says_so(qtbot: Any, desk: Desk, told: Told) -> None:
    page = make_page(qtbot, desk)
    assert page.printer_combo.itemText(0) == NO_PRINTER
    assert "saved as PDF" in page.printer_combo.toolTip()


def test_queue_model_refreshes_in_place(qtmodeltester: Any, desk: Desk) -> None:
    model = CheckoutQueueModel()
    rows = desk.services.printing.checkout_queue(desk.staff.desk)
    model.set_rows(rows)
    qtmodeltester.check(model)
    assert not model.set_rows(rows)  # nothing changed: no signal at all
    assert model.set_rows(list(reversed(rows)))
    assert [r.record_id for r in model.rows] == [r.record_id for r in reversed(rows)]


def test_an_instruction_change_the_sheet_cannot_print_is_handed_over_by_the_desk(
        qtbot: Any, desk: Desk, told: Told) -> None:
    """An addendum that changes the patient's instructions without a correction the handout
    prints in place: the sheet tells the patient to ask for the new ones before leaving, so
    the desk is told, before and after printing, to give them, with the physician's words."""
    first = desk.records[0]
    desk.services.signing.add_addendum(
        desk.staff.physician, first.id, desk.staff.password,
        "No lifting over 5 kg for 3 days.", "Lifting advice for this patient",
        changes_instructions=True)
    page = make_page(qtbot, desk)
    wait_preview(qtbot, page, first.id)
    assert "give the patient the new ones" in page.preview_status.text()
    result = print_and_wait(qtbot, page, page.print_current)
    assert result.error is None
    assert result.rendered.hand_over == ("No lifting over 5 kg for 3 days.",)
    text = page.result_label.text()
    assert "Before the patient leaves" in text and "No lifting over 5 kg for 3 days." in text
    # Another patient, with no such addendum: no such line.
    page.table.selectRow(1)
    second = page.selected_ids()[0]
    wait_preview(qtbot, page, second)
    assert "new ones" not in page.preview_status.text()
    result = print_and_wait(qtbot, page, page.print_current)
    assert result.rendered.hand_over == () and "Before the patient leaves" not in \
        page.result_label.text()
