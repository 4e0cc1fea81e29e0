"""Shared by the issue 7 service tests: a stand-in handout renderer, signed records."""

from __future__ import annotations

import hashlib
import json
from datetime import datetime
from typing import Any

from clinic_desk.domain.clinic import ClinicInfo
from clinic_desk.domain.record import Language, ProcedureRecord
from clinic_desk.services import Services
from clinic_desk.services.printing import PrintingService
from tests.signoff.helpers import ready_record, signed_record

__all__ = ["FakeRenderer", "printing", "ready_record", "signed_record"]


class FakeRenderer:
    """Makes a small, valid one-page PDF whose text names the record, version and language.

    The real renderer (clinic_desk.handout) is tested by its own suite; these tests are about
    what printing does with the bytes, so they must not depend on its layout."""

    def __init__(self) -> None:
        self.calls = 0

    def render(self, record: ProcedureRecord, clinic: ClinicInfo, language: Language,
               large_print: bool, version: int, generated_at: datetime) -> bytes:
        self.calls += 1
        note = json.dumps({"record": record.id, "version": version, "lang": language.value,
                           "large": large_print, "at": generated_at.isoformat(),
                           "n": self.calls})
        return minimal_pdf(note)

    def verification_code(self, record: ProcedureRecord, version: int) -> str:
        digest = hashlib.sha256(f"{record.id}:{version}".encode()).hexdigest()
        return f"CD-{digest[:8].upper()}"


def minimal_pdf(note: str) -> bytes:
    """A valid one-page PDF carrying `note` as text (ASCII only)."""
    safe = note.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
    stream = f"BT /F1 10 Tf 36 800 Td ({safe}) Tj ET".encode("ascii", "replace")
    objs = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for n, body in enumerate(objs, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % n + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    for off in offsets:
        out += b"%010d 00000 n \n" % off
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1,
                                                                             xref)
    return bytes(out)


def printing(services: Services, clock: Any = None) -> PrintingService:
    """The printing service over the test database, with the stand-in renderer."""
    if clock is None:
        return PrintingService(services.db, renderer=FakeRenderer())
    return PrintingService(services.db, clock, renderer=FakeRenderer())
