"""The sign-in page must not wait for the database or PDF modules: the main window's module
and the app's entry point load only Qt and small modules; SQLAlchemy, the services and
reportlab load on a worker thread once the window is on screen (docs/performance.md,
start-up). An import of `clinic_desk.services.record_files` at the top of main_window.py
pulled them all in and took the sign-in page from 0.25 to 0.8 s and 75 to 143 MiB."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
HEAVY = ("sqlalchemy", "reportlab", "alembic", "clinic_desk.services", "clinic_desk.storage",
         "clinic_desk.handout", "clinic_desk.exports", "PySide6.QtPdf", "PySide6.QtCharts",
         "PySide6.QtPrintSupport", "argon2", "cryptography", "hl7apy")


def test_the_main_window_module_loads_no_database_or_pdf_module() -> None:
    code = ("import json, sys\n"
            "import clinic_desk.app, clinic_desk.ui.main_window\n"
            f"print(json.dumps(sorted(m for m in {HEAVY!r} if m in sys.modules)))\n")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                         text=True, timeout=120, check=True,
                         env={**os.environ, "QT_QPA_PLATFORM": "offscreen",
                              "PYTHONPATH": str(ROOT)})
    assert json.loads(out.stdout.strip().splitlines()[-1]) == []


def test_the_services_load_no_pdf_or_hl7_module() -> None:
    """Signing in loads the services; the note PDF (reportlab, the handout renderer) and HL7
    (hl7apy) load with the first note or message, not with the worklist (memory, start-up:
    with them the nurse's worklist peaked at 173 MiB, target 150)."""
    code = ("import json, sys\n"
            "import clinic_desk.services\n"
            "print(json.dumps(sorted(m for m in ('reportlab', 'hl7apy', "
            "'clinic_desk.handout.render', 'clinic_desk.exports.note_pdf', 'PySide6') "
            "if m in sys.modules)))\n")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                         text=True, timeout=120, check=True,
                         env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert json.loads(out.stdout.strip().splitlines()[-1]) == []
