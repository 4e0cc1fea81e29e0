"""CSV billing and procedure exports (issue 14, item 5), read back with the csv module; NPI
on user accounts."""

from __future__ import annotations

import csv
import io

import pytest

from clinic_desk.cli import main
from clinic_desk.domain.errors import PermissionDeniedError, ValidationError
from clinic_desk.exports.tables import safe
from clinic_desk.storage.unit_of_work import UnitOfWork
from tests.exports.conftest import Exported
from tests.exports.test_note_pdf import exports_of

NPI = "1558598797"  # REFERENCE.md 6.8's worked example


def rows(data: bytes) -> list[dict[str, str]]:
    assert data.startswith("\ufeff".encode())  # spreadsheets then read UTF-8
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def test_billing_one_row_per_cpt_line_with_npi(exported: Exported) -> None:
    s, staff = exported.services, exported.staff
    s.users.set_npi(staff.admin, "drlee", NPI)
    day = exported.signed.performed_at.date()
    sel = s.exports.select(staff.nurse, first=day, last=day)
    got = rows(s.exports.csv_table(staff.nurse, sel, "billing", "file:/tmp/b.csv"))
    mbb = [r for r in got if r["record_id"] == str(exported.signed.id)]
    assert [(r["cpt"], r["modifiers"], r["icd10"]) for r in mbb] == [
        ("64493", "50", "M47.816"), ("64494", "LT", "M47.817")]
    rfa = [r["cpt"] for r in got if r["record_id"] == str(exported.rfa.id)]
    assert rfa == ["64635", "64636"]
    assert {r["npi"] for r in got} == {NPI}
    assert {r["rendering_physician"] for r in got} == {"Hana Lee, MD"}
    assert {r["units"] for r in got} == {"1"}
    assert mbb[0]["family_name"] == "O'Brien-王"
    assert str(exported.draft.id) not in {r["record_id"] for r in got}
    assert len(exports_of(s, exported.signed.id)) == 1


def test_procedures_one_row_per_record(exported: Exported) -> None:
    s, staff = exported.services, exported.staff
    day = exported.signed.performed_at.date()
    sel = s.exports.select(staff.nurse, first=day, last=day, include_drafts=True)
    got = rows(s.exports.csv_table(staff.nurse, sel, "procedures", "x"))
    assert len(got) == 3
    first = got[0]
    assert first["levels"] == "L4-L5;L5-S1" and first["sides"] == "bilateral;left"
    assert first["guidance"] == "fluoroscopy" and first["dose_mgy"] == "4.1"
    assert first["complications"] == "none"
    assert {r["status"] for r in got} == {"signed", "ready"}


def test_spreadsheet_formulas_are_not_run() -> None:
    assert safe("=HYPERLINK(\"x\")") == "'=HYPERLINK(\"x\")"
    assert safe("@SUM(A1)") == "'@SUM(A1)"
    assert safe("Vasovagal reaction") == "Vasovagal reaction"
    assert safe(4.0) == "4"


def test_npi_is_checked_and_audited(exported: Exported) -> None:
    s, staff = exported.services, exported.staff
    with pytest.raises(ValidationError) as e:
        s.users.set_npi(staff.admin, "drlee", "1558598798")
    assert "check digit" in str(e.value)
    with pytest.raises(PermissionDeniedError):
        s.users.set_npi(staff.physician, "drlee", NPI)
    assert s.users.set_npi(staff.admin, "drlee", NPI).npi == NPI
    assert s.users.set_npi(staff.admin, "drlee", "").npi == ""
    with UnitOfWork(s.db, write=False) as uow:
        changes = [e.detail["changes"] for e in uow.audit.query(limit=50)
                   if e.action.value == "user_change"]
    assert [{"field": "npi", "before": NPI, "after": None}] in changes


def test_cli_csv_and_npi(exported: Exported, db_url: str, tmp_path, capsys) -> None:  # type: ignore[no-untyped-def]
    import io
    import sys

    from tests.conftest import PASSWORD

    def as_admin(*args: str, password: str = PASSWORD) -> int:
        old, sys.stdin = sys.stdin, io.StringIO(password + "\n")
        try:
            return main(["--database", db_url, "user", "npi", *args, "--admin", "admin",
                         "--password-stdin"])
        finally:
            sys.stdin = old

    # An account change needs an administrator's password (issue 11, point 8).
    with pytest.raises(SystemExit):
        main(["--database", db_url, "user", "npi", "drlee", NPI])
    assert as_admin("drlee", NPI, password="not the password") == 2
    assert exported.services.users.get(exported.staff.admin, "drlee").npi == ""
    assert as_admin("drlee", NPI) == 0
    assert as_admin("drlee", "12345") == 2
    assert "10 digits" in capsys.readouterr().err
    out = tmp_path / "billing.csv"
    day = exported.signed.performed_at.date().isoformat()
    assert main(["--database", db_url, "export", "csv", "--kind", "billing", "--from", day,
                 "--to", day, "--out", str(out)]) == 0
    got = rows(out.read_bytes())
    assert len(got) == 4 and {r["npi"] for r in got} == {NPI}
    # Patient data: private whatever the umask (issue 11, point 11), like every other output.
    assert out.stat().st_mode & 0o777 == 0o600
    entry = exports_of(exported.services, exported.rfa.id)[0]
    assert entry.detail == {"format": "CSV billing", "destination": f"file:{out.resolve()}",
                            "status": "signed"}


@pytest.mark.parametrize("args", [["note"], ["export", "fhir"], ["export", "hl7"],
                                  ["export", "csv"], ["user", "npi"], ["schedule", "import"],
                                  ["note-defaults"]])
def test_every_new_command_has_help(args: list[str], capsys) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(SystemExit) as e:
        main([*args, "--help"])
    assert e.value.code == 0
    assert "usage: clinic-desk" in capsys.readouterr().out
