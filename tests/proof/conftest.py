"""Proof suite (issue 7): `make soak`. Prints the figures when the run ends."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from .figures import FIGURES, ORDER, lost_total


def pytest_terminal_summary(terminalreporter: Any, exitstatus: int, config: Any) -> None:
    if not FIGURES:
        return
    tr = terminalreporter
    tr.section("proof figures (issue 7)")
    for key, label in ORDER:
        if key in FIGURES:
            tr.write_line(f"{label:<62} {FIGURES[key]:>8}")
    for key in sorted(set(FIGURES) - {k for k, _ in ORDER}):
        tr.write_line(f"{key:<62} {FIGURES[key]:>8}")
    tr.write_line(f"{'records lost, half-saved or crashed (all tests)':<62} {lost_total():>8}")
    out = os.environ.get("CLINIC_DESK_PROOF_FIGURES")
    if out:
        Path(out).write_text(json.dumps(dict(FIGURES), indent=1, sort_keys=True))
