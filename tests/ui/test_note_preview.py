"""Preview, print and save the chart note in the app (issue 14, item 2)."""

from __future__ import annotations

from PySide6.QtPrintSupport import QPrinter

from clinic_desk.storage.unit_of_work import UnitOfWork
from clinic_desk.ui.exports import note_preview
from clinic_desk.ui.exports.note_preview import NotePreviewDialog
from tests.factories import make_record
from tests.handout.conftest import pdf_text
from tests.signoff.helpers import MEANING


def signed_record(clinic):  # type: ignore[no-untyped-def]
    s, staff = clinic.services, clinic.staff
    ready = s.records.mark_ready(staff.nurse, make_record(
        patient=clinic.zoe, physician=staff.physician.staff, nurse=staff.nurse.staff))
    return s.signing.sign(staff.physician, ready.id, staff.password, MEANING)


def destinations(services, record_id: int) -> list[str]:  # type: ignore[no-untyped-def]
    with UnitOfWork(services.db, write=False) as uow:
        return [e.detail["destination"] for e in reversed(uow.audit.query(limit=1000))
                if e.action.value == "record_export" and e.record_id == record_id]


def test_desk_previews_prints_and_saves(qtbot, clinic, tmp_path, monkeypatch):
    record = signed_record(clinic)
    dialog = NotePreviewDialog(clinic.services, clinic.staff.desk, record.id)
    qtbot.addWidget(dialog)
    assert dialog.load()
    assert dialog.document.pageCount() >= 1
    assert "MRN: A1001" in pdf_text(dialog.pdf)

    spooled = tmp_path / "spooled.pdf"

    def file_printer(_name: str) -> QPrinter:
        p = QPrinter(QPrinter.PrinterMode.HighResolution)
        p.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        p.setOutputFileName(str(spooled))
        return p

    monkeypatch.setattr(note_preview, "chosen_printer", lambda: "Front desk")
    monkeypatch.setattr(note_preview, "make_qprinter", file_printer)
    dialog.ui.print_button.click()
    assert "Sent to Front desk" in dialog.ui.message_label.text()
    assert spooled.stat().st_size > 0

    out = tmp_path / "note.pdf"
    monkeypatch.setattr(NotePreviewDialog, "ask_save_path", classmethod(
        lambda cls, parent, suggested: str(out)))
    dialog.ui.save_button.click()
    assert "Electronically signed by" in pdf_text(out.read_bytes())
    assert destinations(clinic.services, record.id) == [
        "preview", "printer:Front desk", f"file:{out.resolve()}"]


def test_no_printer_says_what_to_do(qtbot, clinic, monkeypatch):
    record = signed_record(clinic)
    dialog = NotePreviewDialog(clinic.services, clinic.staff.physician, record.id)
    qtbot.addWidget(dialog)
    assert dialog.load()
    monkeypatch.setattr(note_preview, "chosen_printer", lambda: "")
    dialog.ui.print_button.click()
    assert "No printer is installed" in dialog.ui.message_label.text()
    assert destinations(clinic.services, record.id) == ["preview"]


def test_menu_action_takes_the_open_record(qtbot, clinic, make_window, monkeypatch):
    record = signed_record(clinic)
    window = make_window(clinic.services, clinic.staff.physician)
    shown: list[int] = []
    monkeypatch.setattr("clinic_desk.ui.exports.install.show_note",
                        lambda _w, _s, _a, rid: shown.append(rid))
    assert window.exports.note_action.isVisible()
    assert window.open_record(record.id)
    window.exports.note_action.trigger()
    assert shown == [record.id]
