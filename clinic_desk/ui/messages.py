"""The one way the UI tells people things in a dialog: errors, warnings, questions.

Tests monkeypatch these functions (never QMessageBox itself), so a dialog never blocks a test
run. `unexpected_error` is what the excepthook in app.py shows: "Nothing was saved" and an
incident id that matches the traceback in the log file.
"""

from __future__ import annotations

import logging
import secrets

from PySide6.QtWidgets import QMessageBox, QWidget

log = logging.getLogger(__name__)


def error(parent: QWidget | None, title: str, text: str, detail: str = "") -> None:
    box = QMessageBox(QMessageBox.Icon.Critical, title, text, QMessageBox.StandardButton.Ok,
                      parent)
    if detail:
        box.setInformativeText(detail)
    box.exec()


def warning(parent: QWidget | None, title: str, text: str, detail: str = "") -> None:
    box = QMessageBox(QMessageBox.Icon.Warning, title, text, QMessageBox.StandardButton.Ok,
                      parent)
    if detail:
        box.setInformativeText(detail)
    box.exec()


def info(parent: QWidget | None, title: str, text: str) -> None:
    QMessageBox.information(parent, title, text)


def confirm(parent: QWidget | None, title: str, text: str, yes: str = "Yes",
            no: str = "Cancel") -> bool:
    """A yes/cancel question; Esc and closing the box mean no."""
    box = QMessageBox(QMessageBox.Icon.Question, title, text, QMessageBox.StandardButton.NoButton,
                      parent)
    yes_button = box.addButton(yes, QMessageBox.ButtonRole.AcceptRole)
    no_button = box.addButton(no, QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(no_button)
    box.setEscapeButton(no_button)
    box.exec()
    return box.clickedButton() is yes_button


def new_incident_id() -> str:
    return secrets.token_hex(4).upper()


def unexpected_error(parent: QWidget | None, incident: str) -> None:
    """What a nurse sees when something went wrong that Clinic Desk did not expect."""
    error(parent, "Something went wrong",
          "Nothing was saved. Your work in progress is kept on this workstation as a draft.",
          f"If this happens again, tell your administrator incident {incident}; the details "
          "are in the Clinic Desk log file.")
