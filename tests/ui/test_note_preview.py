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
    monkeypatch.setattr("clinic_desk.ui.exports.note_preview.show_note",
                        lambda _w, _s, _a, rid: shown.append(rid))
    assert window.exports.note_action.isVisible()
    assert window.open_record(record.id)
    window.exports.note_action.trigger()
    assert shown == [record.id]


def test_schedule_menu_imports_and_confirms_changes(qtbot, clinic, make_window, tmp_path,
                                                    monkeypatch, dialogs):
    from datetime import date

    from clinic_desk.ui.exports.schedule_import import ScheduleImport

    today = date.today().isoformat()
    path = tmp_path / "day.csv"
    # Zoë is in Clinic Desk as "O'Brien"; the practice system now says "O'Brien-王".
    path.write_bytes((
        "Patient ID,Last,First,DOB,Appt Date,Appt Time,Procedure\r\n"
        f"A1001,O'Brien-王,Zoë,{clinic.zoe.date_of_birth.isoformat()},{today},08:30,mbb\r\n"
    ).encode())
    (tmp_path / "schedule-mapping.json").write_text(
        '{"Patient ID": "mrn", "Last": "family_name", "First": "given_name", '
        '"DOB": "date_of_birth", "Appt Date": "date", "Appt Time": "time", '
        '"Procedure": "kind"}')
    window = make_window(clinic.services, clinic.staff.desk)
    assert window.exports.schedule_action.isVisible()
    monkeypatch.setattr(ScheduleImport, "ask_file", classmethod(lambda cls, p: str(path)))
    asked: list[list[str]] = []

    def no(cls, parent, changes):  # type: ignore[no-untyped-def]
        asked.append(changes)
        return False

    monkeypatch.setattr(ScheduleImport, "ask_confirm", classmethod(no))
    window.exports.schedule_action.trigger()
    assert "MRN A1001 is O'Brien, Zoë" in asked[0][0]
    assert clinic.services.patients.get(clinic.staff.nurse, clinic.zoe.id).family_name == \
        "O'Brien"
    monkeypatch.setattr(ScheduleImport, "ask_confirm", classmethod(lambda cls, p, c: True))
    window.exports.schedule_action.trigger()
    assert clinic.services.patients.get(clinic.staff.nurse, clinic.zoe.id).family_name == \
        "O'Brien-王"
    assert any("1 planned records added" in text for _kind, _title, text in dialogs.shown)
