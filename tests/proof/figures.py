"""The proof's figures (saves, kills, conflicts, inputs tried, records lost), gathered by the
tests and printed at the end of the run by conftest.py."""

from __future__ import annotations

from collections import Counter

FIGURES: Counter[str] = Counter()

ORDER = (
    ("kill_saves_acknowledged", "kill test: saves acknowledged"),
    ("kill_kills", "kill test: SIGKILLs"),
    ("kill_records_checked", "kill test: acknowledged records checked intact"),
    ("kill_unacknowledged_extra", "kill test: saves that landed unacknowledged (allowed)"),
    ("kill_records_lost", "kill test: records LOST"),
    ("concurrency_edits_tried", "concurrency: edits tried"),
    ("concurrency_accepted", "concurrency: edits accepted"),
    ("concurrency_conflicts", "concurrency: edits rejected as conflicts"),
    ("concurrency_updates_lost", "concurrency: updates LOST"),
    ("inputs_tried", "bad input: hostile inputs tried"),
    ("inputs_rejected", "bad input: rejected with a validation error"),
    ("inputs_half_saved", "bad input: rejected inputs that left rows behind"),
    ("inputs_crashes", "bad input: crashes"),
    ("outage_edits_kept", "outage: edits kept locally while the server was down"),
    ("outage_edits_saved_after", "outage: kept edits saved after the restart"),
    ("outage_records_lost", "outage: records LOST"),
)


def add(name: str, amount: int = 1) -> None:
    FIGURES[name] += amount


def lost_total() -> int:
    return sum(v for k, v in FIGURES.items() if k.endswith("_lost") or k.endswith("_half_saved")
               or k.endswith("_crashes"))
