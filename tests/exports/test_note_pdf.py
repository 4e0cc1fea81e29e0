"""The chart note PDF (issue 14, item 2), read back with pypdf."""

from __future__ import annotations

import pytest

from clinic_desk.cli import main
from clinic_desk.domain.errors import PermissionDeniedError
from clinic_desk.domain.signoff import manifestation
from clinic_desk.exports.note_content import compose_note, note_text
from clinic_desk.storage.unit_of_work import UnitOfWork
from tests.exports.conftest import Exported
from tests.handout.conftest import pdf_text


def exports_of(services, record_id: int) -> list[dict]:  # type: ignore[no-untyped-def]
    with UnitOfWork(services.db, write=False) as uow:
        return [e for e in uow.audit.query(limit=10_000)
                if e.action.value == "record_export" and e.record_id == record_id]


def test_signed_note_has_identifiers_signature_and_addenda(exported: Exported) -> None:
    s, staff, r = exported.services, exported.staff, exported.signed
    text = pdf_text(s.exports.note_pdf(staff.physician, r.id, "preview"))
    assert len(text.pages) >= 2
    for page in text.pages:  # identifiers on every page; no draft mark on a signed note
        assert f"MRN: {r.patient.mrn}" in page
        assert "O'Brien-王,Zoë" in page.replace(" ", "")  # pypdf spaces a change of font
        assert "NOT SIGNED" not in page
    assert r.signature is not None
    assert manifestation(r.signature) in text
    assert "Addendum 1" in text and "Reason: Late entry" in text
    assert manifestation(r.addenda[0].signature) in text  # type: ignore[arg-type]
    for words in ("Written and verbal", "name, date of birth", "22 G, 89 mm",
                  "L3 medial branch (bilateral)", "64493-50", "M47.816", "38 s", "4.1 mGy",
                  "Total bupivacaine", "Stable, discharged home"):
        assert words in text, words


def test_draft_is_not_signed_on_every_page(exported: Exported) -> None:
    s, staff = exported.services, exported.staff
    pdf = s.exports.note_pdf(staff.desk, exported.draft.id, "printer:Front desk")
    text = pdf_text(pdf)
    for page in text.pages:
        assert "NOT SIGNED" in page
    # The desk's copy leaves out the free-text clinical notes, as the desk's screens do.
    assert "Tolerated well" not in pdf_text(
        s.exports.note_pdf(staff.desk, exported.signed.id, "preview"))
    entries = exports_of(s, exported.draft.id)
    assert entries[0].username == "desk"
    assert entries[0].detail["destination"] == "printer:Front desk"
    assert entries[0].detail["format"] == "chart note PDF"
    assert entries[0].workstation


def test_rfa_parameters_printed(exported: Exported) -> None:
    text = pdf_text(exported.services.exports.note_pdf(exported.staff.nurse, exported.rfa.id,
                                                       "preview"))
    for words in ("Sensory stimulation threshold 0.4 V", "Lesion temperature 80 °C",
                  "Time per lesion 90 s", "Multifidus twitch, no limb muscle response"):
        assert words in text, words


def test_admin_cannot_read_notes(exported: Exported) -> None:
    with pytest.raises(PermissionDeniedError):
        exported.services.exports.note_pdf(exported.staff.admin, exported.signed.id, "x")


def test_record_from_before_the_note(exported: Exported) -> None:
    from dataclasses import replace

    note = compose_note(replace(exported.signed, note=None))
    assert "were not recorded" in note_text(note)


def test_cli_note(exported: Exported, db_url: str, tmp_path, capsys) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "note.pdf"
    assert main(["--database", db_url, "note", str(exported.rfa.id), "--out", str(out)]) == 0
    assert "MRN" in pdf_text(out.read_bytes())
    entry = exports_of(exported.services, exported.rfa.id)[0]
    assert entry.detail["destination"] == f"file:{out.resolve()}"
    assert entry.username.startswith("cli:")
    # A missing record: exit 2 and no file.
    missing = tmp_path / "none.pdf"
    assert main(["--database", db_url, "note", "9999", "--out", str(missing)]) == 2
    assert not missing.exists()
    assert "no record 9999" in capsys.readouterr().err


def test_cli_note_defaults(db_url: str, tmp_path, capsys) -> None:  # type: ignore[no-untyped-def]
    import io
    import json as _json
    import sys

    from clinic_desk.services import Services
    from clinic_desk.storage import schema
    from clinic_desk.storage.engine import Database
    from tests.conftest import PASSWORD, make_staff

    db = Database(db_url)
    schema.upgrade(db)
    make_staff(Services(db))
    db.dispose()

    def set_as_admin(path: object, password: str = PASSWORD) -> int:
        old, sys.stdin = sys.stdin, io.StringIO(password + "\n")
        try:
            return main(["--database", db_url, "note-defaults", "--set", str(path),
                         "--admin", "admin", "--password-stdin"])
        finally:
            sys.stdin = old

    path = tmp_path / "d.json"
    path.write_text('{"position": "Prone, pillow under abdomen"}')
    # Clinic-wide settings: an administrator signs in for the change (issue 11, point 8).
    assert main(["--database", db_url, "note-defaults", "--set", str(path)]) == 2
    assert "--admin" in capsys.readouterr().err
    assert set_as_admin(path, "not the password") == 2
    capsys.readouterr()
    assert set_as_admin(path) == 0
    shown = _json.loads(capsys.readouterr().out)
    assert shown["position"] == "Prone, pillow under abdomen"
    assert "rfa_lesion_temperature_c" not in shown  # never a default
    path.write_text('{"escorted": "yes"}')
    assert set_as_admin(path) == 2
    assert "escorted" in capsys.readouterr().err
    db = Database(db_url)
    try:
        assert Services(db).settings.note_defaults().position == "Prone, pillow under abdomen"
    finally:
        db.dispose()
