"""The application log holds no patient data and no password (STYLE.md 5, issue 6): a whole
day's work (sign-in failures, a patient, a record, ready, sign, addendum, print, exports,
user changes, the lock screen, the command line) is run with logging to a rotating file at
DEBUG, SQL statements included; then every log file is searched."""

from __future__ import annotations

import io
import logging
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QDialogButtonBox, QMainWindow

from clinic_desk import cli, config
from clinic_desk.domain.clinic import SecuritySettings
from clinic_desk.domain.errors import ClinicDeskError
from clinic_desk.domain.record import Anticoagulant
from clinic_desk.domain.record_format import content_to_json
from clinic_desk.services import Services
from clinic_desk.services.audit import AuditFilter
from clinic_desk.ui.signoff.lock import SessionLock
from clinic_desk.ui.signoff.sign_dialog import SignDialog
from tests.factories import make_patient, make_record

FAMILY, GIVEN, MRN = "Quiñones-Løvås", "Zoë Élodie", "LOGMRN77"
DOB = "1958-07-19"
WRONG = "hunter2 wrong guess"
NEW_PASSWORD = "reset password 4 nurse"
RESUME = "Restart rivaroxaban Thursday"


@pytest.fixture
def log_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """setup_logging() writing to a fresh folder, at DEBUG, SQLAlchemy's SQL log on."""
    root = logging.getLogger()
    saved = [h for h in root.handlers if getattr(h, "_clinic_desk", False)]
    for h in saved:
        root.removeHandler(h)
    level = root.level
    monkeypatch.setenv(config.ENV_DATA_DIR, str(tmp_path / "data"))
    path = config.setup_logging(logging.DEBUG)
    logging.getLogger("sqlalchemy.engine").setLevel(logging.INFO)  # statements, not values
    yield path.parent
    for h in [h for h in root.handlers if getattr(h, "_clinic_desk", False)]:
        h.close()
        root.removeHandler(h)
    for h in saved:
        root.addHandler(h)
    root.setLevel(level)
    logging.getLogger("sqlalchemy").setLevel(logging.WARNING)
    logging.getLogger("sqlalchemy.engine").setLevel(logging.NOTSET)


def test_a_full_day_leaves_no_patient_data_or_password_in_the_logs(
        log_files: Path, services: Services, staff: Any, qtbot: Any, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch, capsys: Any) -> None:
    s, url = services, services.db.url.render_as_string(hide_password=False)
    errors: list[str] = []

    def refused(call: Any) -> None:
        try:
            call()
        except ClinicDeskError as e:
            errors.append(str(e))
        else:
            raise AssertionError("expected a refusal")

    refused(lambda: s.auth.authenticate("nkim", WRONG))
    refused(lambda: s.auth.authenticate("nobody", WRONG))
    nurse = s.auth.authenticate("nkim", staff.password)
    patient = s.patients.save(nurse, make_patient(
        mrn=MRN, family_name=FAMILY, given_name=GIVEN,
        date_of_birth=date.fromisoformat(DOB),
        anticoagulant=Anticoagulant("rivaroxaban", RESUME), allergies="Penicillin",
        escort="Husband"))
    s.patients.get(nurse, patient.id)
    s.patients.search(nurse, FAMILY[:4])
    record = s.records.save(nurse, make_record(patient=patient, physician=staff.physician.staff,
                                               nurse=nurse.staff, notes="Tolerated well"))
    record = s.records.save(nurse, record.with_changes(pain_after=1))
    record = s.records.mark_ready(nurse, record)
    s.records.open(staff.physician, record.id)

    # Sign in the real dialog: a wrong password first.
    dialog = SignDialog(s, staff.physician, record)
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.ui.password_edit, WRONG)
    dialog.ui.button_box.button(QDialogButtonBox.StandardButton.Ok).click()
    errors.append(dialog.ui.message_label.text())
    qtbot.keyClicks(dialog.ui.password_edit, staff.password)
    with qtbot.waitSignal(dialog.accepted):
        dialog.ui.button_box.button(QDialogButtonBox.StandardButton.Ok).click()
    refused(lambda: s.signing.add_addendum(staff.physician, record.id, WRONG, "x", "y"))
    s.signing.add_addendum(staff.physician, record.id, staff.password,
                           f"{RESUME}, not Wednesday.", "Anticoagulant plan", True)
    refused(lambda: s.records.save(nurse, record.with_changes(notes="x")))
    refused(lambda: s.records.import_records(nurse, content_to_json(record) | {"id": record.id}))

    # Print at checkout: the real handout renderer, the print log, the exact PDF again.
    printed, _ = s.printing.print_handout(staff.desk, record.id, "Front desk printer")
    s.printing.pdf(staff.desk, printed.print_id)
    s.printing.export_handout(staff.desk, record.id, destination=str(tmp_path / "h.pdf"))
    s.records.export_json(nurse, record.id)

    # The administrator's day.
    s.users.reset_password(staff.admin, "nkim", NEW_PASSWORD)
    s.settings.save_security(staff.admin, SecuritySettings(idle_lock_minutes=5))
    s.audit.export_csv(staff.admin, io.StringIO(), AuditFilter(mrn=MRN))
    s.audit.verify(staff.admin)

    # The lock screen: a wrong password, then the right one.
    window = QMainWindow()
    window.actor = s.auth.authenticate("nkim", NEW_PASSWORD)  # type: ignore[attr-defined]
    window.setWindowTitle(f"Clinic Desk — {FAMILY}, {GIVEN}")
    qtbot.addWidget(window)
    lock = SessionLock(s, window, timeout_ms=3_600_000)
    lock.lock("idle")
    assert lock.screen is not None
    qtbot.keyClicks(lock.screen.ui.password_edit, WRONG)
    lock.screen.ui.unlock_button.click()
    errors.append(lock.screen.ui.message_label.text())
    qtbot.keyClicks(lock.screen.ui.password_edit, NEW_PASSWORD)
    lock.screen.ui.unlock_button.click()
    assert not lock.locked
    lock.dispose()

    # The command line: show, list, verify, a refused export, an audit export.
    for argv in (["record", "show", str(record.id)], ["record", "show", str(record.id), "--json"],
                 ["record", "list", "--patient", MRN], ["record", "verify"],
                 ["audit", "verify"]):
        assert cli.main(["--database", url, *argv]) == 0
    monkeypatch.setattr("sys.stdin", io.StringIO(WRONG + "\n"))
    assert cli.main(["--database", url, "audit", "export", "--user", "admin",
                     "--password-stdin", "--out", str(tmp_path / "a.csv")]) == 2
    monkeypatch.setattr("sys.stdin", io.StringIO(staff.password + "\n"))
    assert cli.main(["--database", url, "audit", "export", "--user", "admin",
                     "--password-stdin", "--patient", MRN, "--out",
                     str(tmp_path / "a.csv")]) == 0
    out = capsys.readouterr()
    assert FAMILY in out.out  # the data did flow (record show prints it)...

    for handler in logging.getLogger().handlers:
        handler.flush()
    files = sorted(log_files.glob("clinic-desk.log*"))
    text = "\n".join(f.read_text(encoding="utf-8") for f in files)
    assert "record signed (record id" in text and "SELECT" in text  # ...and the log is live
    secrets = [staff.password, WRONG, NEW_PASSWORD, FAMILY, GIVEN, "Zoë", "Quiñones", MRN,
               MRN.lower(), DOB, "07/19/1958", "1958", RESUME, "Penicillin", "Husband",
               "Tolerated well", "rivaroxaban"]
    found = {secret for secret in secrets if secret in text}
    assert found == set(), f"found in the log: {found}"
    # ...and no error message repeats a password.
    for message in errors:
        for secret in (staff.password, WRONG, NEW_PASSWORD):
            assert secret not in message, message
