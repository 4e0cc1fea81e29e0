"""Fixtures for the checkout screen: an SQLite clinic with signed records of today, the
clinic's PDF folder (no printer is installed on the test machine), and recorders for every
dialog that would block."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QWidget

from clinic_desk.domain.record import Language, ProcedureRecord
from clinic_desk.services import Services
from clinic_desk.services.printing import PrintingOptions
from clinic_desk.ui import messages
from clinic_desk.ui.checkout.dialogs import Reprint, ReprintDialog
from tests.conftest import Staff
from tests.signoff.helpers import save_patient, signed_record

PATIENTS = (("Zoë", "O'Brien", Language.ENGLISH), ("José Luis", "García-Pérez", Language.SPANISH),
            ("Łukasz", "Wróblewski", Language.ENGLISH), ("小明", "王", Language.ENGLISH))


def today_at(minutes: int) -> datetime:
    """A time today (local), `minutes` after midnight: always today, never in the future
    by more than the validation allows."""
    return datetime.combine(date.today(), time(0, 0)).astimezone() + timedelta(minutes=minutes)


@dataclass
class Desk:
    services: Services
    staff: Staff
    records: list[ProcedureRecord]  # signed today, oldest first
    folder: Path

    def sign_another(self, minutes: int, **overrides: Any) -> ProcedureRecord:
        """Another patient signed off today at `minutes` after midnight."""
        patient = save_patient(self.services, self.staff.nurse, given_name="Ana Lucía",
                               family_name="Torres")
        return signed_record(self.services, self.staff, patient=patient,
                             performed_at=today_at(minutes),
                             ended_at=today_at(minutes + 20), **overrides)


@pytest.fixture
def desk(sqlite_services: Services, sqlite_staff: Staff, tmp_path: Path) -> Desk:
    folder = tmp_path / "handouts"
    sqlite_services.printing.save_options(sqlite_staff.admin, PrintingOptions(str(folder)))
    records = []
    for n, (given, family, lang) in enumerate(PATIENTS):
        patient = save_patient(sqlite_services, sqlite_staff.nurse, given_name=given,
                               family_name=family, preferred_language=lang)
        records.append(signed_record(sqlite_services, sqlite_staff, patient=patient,
                                     performed_at=today_at(30 + 40 * n),
                                     ended_at=today_at(50 + 40 * n)))
    return Desk(sqlite_services, sqlite_staff, records, folder)


@dataclass
class Told:
    shown: list[tuple[str, str, str]] = field(default_factory=list)
    # Answers to the reprint question: a reason (same language and size), a Reprint, or None.
    reasons: list[str | Reprint | None] = field(default_factory=list)
    asked: list[str] = field(default_factory=list)
    offered: list[tuple[Language | None, bool]] = field(default_factory=list)  # preset options


@pytest.fixture
def told(monkeypatch: pytest.MonkeyPatch) -> Told:
    t = Told()

    def record(kind: str) -> Any:
        def show(_parent: QWidget | None, title: str, text: str, *_a: Any, **_k: Any) -> None:
            t.shown.append((kind, title, text))
        return show

    for kind in ("error", "warning", "info"):
        monkeypatch.setattr(messages, kind, record(kind))
    monkeypatch.setattr(messages, "unexpected_error",
                        lambda _p, incident: t.shown.append(("unexpected", incident, "")))

    def ask(_parent: QWidget | None, what: str, language: Language | None = None,
            large_print: bool = False) -> Reprint | None:
        t.asked.append(what)
        t.offered.append((language, large_print))
        assert t.reasons, f"unexpected reprint question: {what}"
        answer = t.reasons.pop(0)
        return Reprint(answer, language, large_print) if isinstance(answer, str) else answer

    monkeypatch.setattr(ReprintDialog, "ask", classmethod(
        lambda cls, parent, what, language=None, large_print=False: ask(
            parent, what, language, large_print)))
    return t
