"""Clinic report figures computed in the database (issue 13): one statement per table,
grouped and counted where the rows are (`make bench` measures them). The records' report
columns have a covering index (migration 0009), so no statement reads the wide record rows;
call results are read from the call index. Percentiles are read from a histogram the
database groups (nearest-rank method)."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Protocol

from sqlalchemy import Connection, TextClause, bindparam, text

from .types import UtcDateTime


class _Tx(Protocol):
    connection: Connection


def _week(sqlite: bool) -> str:
    """The Monday of the procedure's local week (its time in the offset it was entered)."""
    if sqlite:
        return ("date(r.performed_at, (r.performed_offset_min || ' minutes'), '-6 days', "
                "'weekday 1')")
    return ("CAST(date_trunc('week', r.performed_at + r.performed_offset_min "
            "* interval '1 minute') AS date)")


def _fence(sqlite: bool) -> str:
    """Keeps a derived table from being merged into the query around it. Merged, both
    databases copy each correlated subquery into every outer expression that names its
    column (the block result three times, the follow-up twice, the call reach twice), so
    each record's calls were probed up to seven times instead of three; the results are the
    same either way (tests/services/test_reports.py compares them)."""
    return "LIMIT -1 OFFSET 0" if sqlite else "OFFSET 0"


_RANGE = "r.performed_at >= :start AND r.performed_at < :end"
_PHYSICIAN = " AND r.physician_id = (SELECT id FROM users WHERE username = :physician)"


class ReportRepository:
    def __init__(self, tx: _Tx, sqlite: bool) -> None:
        self.tx = tx
        self.sqlite = sqlite

    def _run(self, sql: str, start: datetime, end: datetime, physician: str | None,
             **params: Any) -> list[Any]:
        where = _RANGE + (_PHYSICIAN if physician else "")
        stmt: TextClause = text(sql.replace("{where}", where)).bindparams(
            bindparam("start", type_=UtcDateTime()), bindparam("end", type_=UtcDateTime()))
        values: dict[str, Any] = {"start": start, "end": end, **params}
        if physician:
            values["physician"] = physician
        return list(self.tx.connection.execute(stmt, values).all())

    def weekly(self, start: datetime, end: datetime, physician: str | None) -> list[Any]:
        """(week, kind, physician's name, count). Grouped by physician id: the names come
        from one small query afterwards instead of a join per record."""
        rows = self._run(f"""
            SELECT {_week(self.sqlite)} AS week, r.kind, r.physician_id, COUNT(*) AS n
            FROM records r WHERE {{where}}
            GROUP BY 1, 2, 3""", start, end, physician)
        ids = sorted({r[2] for r in rows if r[2] is not None})
        names: dict[int, str] = {}
        if ids:
            names = dict(self.tx.connection.execute(
                text("SELECT id, full_name FROM users WHERE id IN :ids").bindparams(
                    bindparam("ids", expanding=True)), {"ids": ids}).all())
        out = [(str(w), k, names.get(pid, "(no physician)") if pid else "(no physician)",
                int(n)) for w, k, pid, n in rows]
        out.sort()
        return out

    def outcomes(self, start: datetime, end: datetime, physician: str | None, cut: int,
                 relief_cut: int = 50, months: int = 6) -> list[Any]:
        """One pass over the period's records for three reports, per (kind, block number):
        procedures; next-day calls made and reached; for diagnostic blocks, those with a
        result, positive (best unclouded relief >= cut) and indeterminate, from the newest
        call with diary results; for RFAs, those with a `months` follow-up and those with at
        least `relief_cut` % relief at it. Each record's calls are read from the call index
        alone, once per subquery (see `_fence`), and only the subqueries its kind needs run
        (CASE evaluates lazily)."""
        return self._run("""
            SELECT kind, b, COUNT(*) AS n,
                   SUM(CASE WHEN nd >= 1 THEN 1 ELSE 0 END) AS called,
                   SUM(CASE WHEN nd = 2 THEN 1 ELSE 0 END) AS reached,
                   SUM(CASE WHEN peak IS NOT NULL THEN 1 ELSE 0 END) AS with_result,
                   SUM(CASE WHEN peak >= :cut THEN 1 ELSE 0 END) AS positive,
                   SUM(CASE WHEN peak = -1 THEN 1 ELSE 0 END) AS indeterminate,
                   SUM(CASE WHEN relief IS NOT NULL THEN 1 ELSE 0 END) AS followed,
                   SUM(CASE WHEN relief >= :relief_cut THEN 1 ELSE 0 END) AS relieved
            FROM (SELECT r.kind AS kind, r.block_number AS b,
                         (SELECT MAX(CASE WHEN x.outcome = 'reached' THEN 2 ELSE 1 END)
                          FROM call_entries x
                          WHERE x.record_id = r.id AND x.purpose = 'next_day') AS nd,
                         CASE WHEN r.kind = 'medial_branch_block' AND r.block_number IN (1, 2)
                         THEN (SELECT COALESCE(x.clean_peak_percent, -1) FROM call_entries x
                               WHERE x.record_id = r.id AND x.purpose = 'next_day'
                                 AND x.outcome = 'reached' AND x.result_kind <> ''
                               ORDER BY x.id DESC LIMIT 1) END AS peak,
                         CASE WHEN r.kind = 'radiofrequency_ablation'
                         THEN (SELECT x.fu_relief FROM call_entries x
                               WHERE x.record_id = r.id AND x.purpose = 'follow_up'
                                 AND x.outcome = 'reached' AND x.months = :months
                                 AND x.fu_relief IS NOT NULL
                               ORDER BY x.id DESC LIMIT 1) END AS relief
                  FROM records r WHERE {where} {fence}) AS per_record
            GROUP BY kind, b ORDER BY kind, b""".replace("{fence}", _fence(self.sqlite)),
                         start, end, physician, cut=cut,
                         relief_cut=relief_cut, months=months)

    def complications(self, start: datetime, end: datetime, physician: str | None) -> list[Any]:
        """Per procedure kind and complication kind: the records that have it. The records
        of the period come first (SQLite's CROSS JOIN keeps that order)."""
        join = "CROSS JOIN" if self.sqlite else "JOIN"
        return self._run(f"""
            SELECT r.kind, rc.kind AS complication, COUNT(DISTINCT r.id) AS n
            FROM records r {join} record_complications rc ON rc.record_id = r.id
            WHERE {{where}}
            GROUP BY r.kind, rc.kind ORDER BY r.kind, rc.kind""", start, end, physician)

    def histogram(self, column: str, start: datetime, end: datetime,
                  physician: str | None) -> list[Any]:
        """(kind, region letter of the first level, value, count): the distribution the
        percentiles are read from (a few hundred rows, not one per procedure)."""
        assert column in ("fluoro_time_s", "dose_mgy")
        return self._run(f"""
            SELECT r.kind, substr(r.levels, 1, 1) AS reg, r.{column} AS x, COUNT(*) AS n
            FROM records r WHERE {{where}} AND r.{column} IS NOT NULL
            GROUP BY 1, 2, 3 ORDER BY 1, 2, 3""", start, end, physician)


__all__ = ["ReportRepository"]
