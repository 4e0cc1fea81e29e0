"""Fixtures for the sign-off screens: an SQLite clinic with staff, and a stand-in handout
renderer (the real one is `clinic_desk.handout`; see tests/signoff for the real PDF)."""

from __future__ import annotations

import io
from datetime import datetime
from typing import Any

import pytest

from clinic_desk.domain.clinic import ClinicInfo
from clinic_desk.domain.record import Language, ProcedureRecord
from clinic_desk.domain.signoff import manifestation
from clinic_desk.services import Services


class PdfRenderer:
    """A one-page PDF naming the procedure and, when signed, the signature manifestation."""

    def render(self, record: ProcedureRecord, clinic: ClinicInfo, language: Language,
               large_print: bool, version: int, generated_at: datetime) -> bytes:
        from reportlab.pdfgen import canvas

        out = io.BytesIO()
        c = canvas.Canvas(out)
        c.drawString(72, 760, f"{record.title} - handout version {version}")
        c.drawString(72, 740, manifestation(record.signature) if record.signature
                     else "DRAFT - not reviewed")
        c.showPage()
        c.save()
        return out.getvalue()

    def verification_code(self, record: ProcedureRecord, version: int) -> str:
        return f"TEST{record.id}V{version}"


@pytest.fixture
def clinic_staff(sqlite_services: Services, sqlite_staff: Any) -> tuple[Services, Any]:
    printing = getattr(sqlite_services, "printing", None)
    if printing is not None:
        printing.renderer = PdfRenderer()
    return sqlite_services, sqlite_staff
