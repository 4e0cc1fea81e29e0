"""Clinic reports (issue 13) as plain tables: what the Reports page charts and exports.

Counts and rates only, never patient names. The database computes every figure; this
module holds the shapes, the filter and the CSV form.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from .errors import ValidationError


@dataclass(frozen=True, slots=True)
class ReportFilter:
    start: date  # first day included
    end: date  # last day included
    physician: str | None = None  # username

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise ValidationError("The end date is before the start date.", "to")
        if (self.end - self.start).days > 3660:
            raise ValidationError("Choose at most ten years.", "from")


Cell = str | int | float | None


@dataclass(frozen=True, slots=True)
class ReportTable:
    key: str
    title: str
    columns: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]
    note: str = ""


@dataclass(frozen=True, slots=True)
class ClinicReport:
    filter: ReportFilter
    profile: str  # the rule profile the positivity rate uses
    tables: tuple[ReportTable, ...]

    def table(self, key: str) -> ReportTable:
        return next(t for t in self.tables if t.key == key)

    def to_csv(self) -> str:
        """Every table one after another, each under its title, as spreadsheets read it."""
        out = io.StringIO()
        w = csv.writer(out, lineterminator="\r\n")
        f = self.filter
        w.writerow(["Clinic Desk report", f.start.isoformat(), f.end.isoformat(),
                    f.physician or "all physicians"])
        for t in self.tables:
            w.writerow([])
            w.writerow([t.title])
            if t.note:
                w.writerow([t.note])
            w.writerow(t.columns)
            w.writerows(["" if c is None else c for c in row] for row in t.rows)
        return out.getvalue()


def rate(part: int, whole: int) -> float | None:
    """Percent, one decimal; None when there is nothing to divide by."""
    return round(part * 100.0 / whole, 1) if whole else None


def nearest_rank(values: Sequence[float], p: float) -> float | None:
    """The nearest-rank percentile (the method the database uses): the value at rank
    ceil(p x n) of the sorted values."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(1, -(-int(p * 100) * len(ordered) // 100))
    return ordered[rank - 1]


def histogram_rank(histogram: Sequence[tuple[float, int]], p: float) -> float | None:
    """nearest_rank of the values a (value, count) histogram stands for, in value order."""
    total = sum(n for _, n in histogram)
    if not total:
        return None
    rank = max(1, -(-int(p * 100) * total // 100))
    seen = 0
    for value, n in sorted(histogram):
        seen += n
        if seen >= rank:
            return value
    return None


__all__ = ["ClinicReport", "ReportFilter", "ReportTable", "histogram_rank", "nearest_rank",
           "rate"]
