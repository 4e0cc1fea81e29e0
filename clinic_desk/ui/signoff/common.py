"""Small helpers the sign-off and admin dialogs share."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel

from ...domain.record import ProcedureRecord
from ..icons import icon


def show_problem(icon_label: QLabel, message_label: QLabel, text: str) -> None:
    """An error icon and its words beside each other (never colour alone); hidden when empty."""
    message_label.setText(text)
    message_label.setVisible(bool(text))
    icon_label.setVisible(bool(text))
    if text:
        size = message_label.fontMetrics().height()
        icon_label.setPixmap(icon("error").pixmap(size, size))


def record_line(record: ProcedureRecord) -> str:
    """"O'Brien, Zoë (MRN A1001) - Medial branch block 1 - 2026-11-24 09:30 - L4-L5 ..."."""
    p = record.patient
    parts = [f"{p.display_name} (MRN {p.mrn}, born {p.date_of_birth.isoformat()})",
             record.title, record.performed_at.strftime("%Y-%m-%d %H:%M")]
    if record.levels_text:
        parts.append(record.levels_text)
    return " - ".join(parts)
