"""Small helpers the sign-off and admin dialogs share."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QAbstractButton, QLabel, QLineEdit

from ...domain.errors import AuthenticationError, ClinicDeskError, DatabaseUnavailableError
from ...domain.record import SIGNATURE_MEANINGS, ProcedureRecord
from ..icons import icon

if TYPE_CHECKING:  # not at run time: the sign-in page shows before SQLAlchemy is loaded
    from ...services import Actor


def show_problem(icon_label: QLabel, message_label: QLabel, text: str) -> None:
    """An error icon and its words beside each other (never colour alone); hidden when empty."""
    message_label.setText(text)
    message_label.setVisible(bool(text))
    icon_label.setVisible(bool(text))
    if text:
        size = message_label.fontMetrics().height()
        icon_label.setPixmap(icon("error").pixmap(size, size))


def signature_meaning(performed_radio: QAbstractButton) -> str:
    """What a signature means, from the Sign and Addendum dialogs' two radio buttons:
    "performed" when that one is checked, "reviewed" otherwise."""
    return SIGNATURE_MEANINGS[1] if performed_radio.isChecked() else SIGNATURE_MEANINGS[0]


def check_password(check: Callable[[], Actor], say: Callable[[str], None],
                   password_edit: QLineEdit) -> Actor | None:
    """Run a password check (sign-in, unlock, switch user); on refusal say why through `say`
    and put the keyboard back in the password field. The account, or None."""
    try:
        return check()
    except AuthenticationError as e:
        say(str(e))
        password_edit.setFocus()
    except DatabaseUnavailableError:
        say("The database cannot be reached. Check the network, then try again.")
    except ClinicDeskError as e:
        say(str(e))
    return None


def record_line(record: ProcedureRecord) -> str:
    """"O'Brien, Zoë (MRN A1001) - Medial branch block 1 - 2026-11-24 09:30 - L4-L5 ..."."""
    p = record.patient
    parts = [f"{p.display_name} (MRN {p.mrn}, born {p.date_of_birth.isoformat()})",
             record.title, record.performed_at.strftime("%Y-%m-%d %H:%M")]
    if record.levels_text:
        parts.append(record.levels_text)
    return " - ".join(parts)
