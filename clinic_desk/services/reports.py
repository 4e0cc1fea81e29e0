"""Clinic reports (issue 13): the database computes the figures; this service names them,
turns them into tables and audits each run. Physicians and administrators only."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from ..domain.audit import AuditAction
from ..domain.permissions import Action
from ..domain.procedures import ComplicationKind, ProcedureKind
from ..domain.reports import ClinicReport, ReportFilter, ReportTable, histogram_rank, rate
from ..storage import report_summary
from ..storage.engine import Database
from ..storage.reports import ReportRepository
from ..storage.unit_of_work import UnitOfWork
from .base import Service
from .context import Actor
from .pathway import pathway_settings

_REGIONS = {"C": "cervical", "T": "thoracic", "L": "lumbar"}


def _kind(value: str) -> str:
    return ProcedureKind(value).label


def summary_problems(db: Database, sample: int = 2000) -> list[str]:
    """Where the report summary differs from the rows (`clinic-desk check`): the newest
    `sample` procedures and the sums of their days. Derived data, not evidence: the cure is
    `clinic-desk report rebuild`."""
    with UnitOfWork(db, write=False) as uow:
        return report_summary.differences(uow.connection, sample)


class ReportService(Service):
    def rebuild(self, actor: Actor) -> int:
        """Recompute the report summary from the rows, in one transaction, audited; returns
        the number of procedures summarised. Administrators only."""
        actor.require(Action.MANAGE)
        with self.uow() as uow:
            n = report_summary.rebuild(uow.connection)
            self.audit(uow, actor, AuditAction.REPORT_REBUILD, detail={"procedures": n})
            uow.commit()
        return n

    def run(self, actor: Actor, flt: ReportFilter) -> ClinicReport:
        actor.require(Action.VIEW_REPORTS)
        # Procedure days [start, end]: each procedure's local date as entered.
        start, end = flt.start, flt.end + timedelta(days=1)
        who = flt.physician or None
        with self.uow() as uow:
            profile = pathway_settings(uow).profile
            repo = ReportRepository(uow, self.db.is_sqlite)
            weekly = repo.weekly(start, end, who)
            outcomes = repo.outcomes(start, end, who, profile.positive_percent)
            compl = repo.complications(start, end, who)
            fluoro = repo.histogram("fluoro_time_s", start, end, who)
            dose = repo.histogram("dose_mgy", start, end, who)
            self.audit(uow, actor, AuditAction.REPORT_VIEW,
                       detail={"from": flt.start.isoformat(), "to": flt.end.isoformat(),
                               "physician": flt.physician or ""})
            uow.commit()
        blocks = {row.b: row for row in outcomes
                  if row.kind == "medial_branch_block" and row.b in (1, 2)}
        rfa = [row for row in outcomes if row.kind == "radiofrequency_ablation"]
        rfa_n = sum(int(r.n) for r in rfa)
        followed = sum(int(r.followed or 0) for r in rfa)
        relieved = sum(int(r.relieved or 0) for r in rfa)
        procedures = sum(int(r.n) for r in outcomes)
        called = sum(int(r.called or 0) for r in outcomes)
        reached = sum(int(r.reached or 0) for r in outcomes)
        tables = [
            ReportTable("weekly", "Procedures per week by kind and physician",
                        ("Week of", "Procedure", "Physician", "Procedures"),
                        tuple((str(w), _kind(k), p, int(n)) for w, k, p, n in weekly),
                        note="Procedures by their date as entered (the clinic's local date); "
                             "voided drafts are not counted."),
            ReportTable(
                "positivity", "Diagnostic block positivity",
                ("Block", "Blocks", "With result", "Positive", "Indeterminate",
                 "Positive rate %"),
                tuple((f"Block {b}", int(r.n), int(r.with_result or 0), int(r.positive or 0),
                       int(r.indeterminate or 0),
                       rate(int(r.positive or 0), int(r.with_result or 0)))
                      for b, r in sorted(blocks.items())),
                note=f"Positive: best relief before any pain medicine at least "
                     f"{profile.positive_percent}% ({profile.name}); the rate is of blocks "
                     "with a diary result."),
            ReportTable(
                "rfa_6_months", "RFA with at least 50% relief at 6 months",
                ("RFA procedures", "With 6-month follow-up", "At least 50% relief",
                 "Rate %"),
                ((rfa_n, followed, relieved, rate(relieved, followed)),),
                note="Substantial improvement is a reduction of 50% or more "
                     "(IMMPACT, REFERENCE.md 4.1); the rate is of RFAs followed up."),
            self._complications(compl, weekly),
            ReportTable(
                "reach", "Next-day call reach rate",
                ("Procedures", "Called", "Reached", "Reach rate %"),
                ((procedures, called, reached, rate(reached, called)),),
                note="Of procedures with at least one next-day call."),
            self._percentiles("fluoro", "Fluoroscopy time (s) per kind and region", fluoro),
            self._percentiles("dose", "Dose (mGy) per kind and region", dose),
        ]
        return ClinicReport(flt, profile.name, tuple(tables))

    @staticmethod
    def _complications(rows: list[Any], weekly: list[Any]) -> ReportTable:
        totals: dict[str, int] = {}
        for _week, kind, _doc, n in weekly:
            totals[kind] = totals.get(kind, 0) + int(n)
        out = tuple((_kind(kind), ComplicationKind(c).label, int(n), totals.get(kind, 0),
                     rate(int(n), totals.get(kind, 0))) for kind, c, n in rows)
        return ReportTable("complications", "Complication rate by kind",
                           ("Procedure", "Complication", "Procedures with it", "Procedures",
                            "Rate %"), out,
                           note="A procedure with two kinds of complication counts under each.")

    @staticmethod
    def _percentiles(key: str, title: str, rows: list[Any]) -> ReportTable:
        groups: dict[tuple[str, str], list[tuple[float, int]]] = {}
        for kind, reg, value, n in rows:
            groups.setdefault((kind, reg), []).append((float(value), int(n)))
        return ReportTable(key, title, ("Procedure", "Region", "Procedures", "Median",
                                        "75th percentile"),
                           tuple((_kind(k), _REGIONS.get(reg, reg), sum(n for _, n in hist),
                                  histogram_rank(hist, 0.5), histogram_rank(hist, 0.75))
                                 for (k, reg), hist in sorted(groups.items())),
                           note="Nearest-rank percentiles; region of the first level. "
                                "Compare with the clinic's own reference level.")


__all__ = ["ReportService", "summary_problems"]
