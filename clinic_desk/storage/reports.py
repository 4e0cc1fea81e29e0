"""Clinic report figures computed in the database (issue 13): one statement per table,
grouped and counted where the rows are, so a year of a busy clinic reads in well under a
second (`make bench`). Percentiles use the nearest-rank method on both databases."""

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
        return self._run(f"""
            SELECT {_week(self.sqlite)} AS week, r.kind,
                   COALESCE(u.full_name, '(no physician)') AS physician, COUNT(*) AS n
            FROM records r LEFT JOIN users u ON u.id = r.physician_id
            WHERE {{where}}
            GROUP BY 1, 2, 3 ORDER BY 1, 2, 3""", start, end, physician)

    def block_results(self, start: datetime, end: datetime, physician: str | None,
                      cut: int) -> list[Any]:
        """Per block number: blocks, no result, positive (best unclouded relief >= cut),
        indeterminate; from each block's newest call with diary results."""
        return self._run("""
            SELECT r.block_number, COUNT(*) AS blocks,
                   SUM(CASE WHEN c.id IS NULL THEN 1 ELSE 0 END) AS missing,
                   SUM(CASE WHEN c.clean_peak_percent >= :cut THEN 1 ELSE 0 END) AS positive,
                   SUM(CASE WHEN c.id IS NOT NULL AND c.clean_peak_percent IS NULL
                            THEN 1 ELSE 0 END) AS indeterminate
            FROM records r
            LEFT JOIN call_entries c ON c.id = (
                SELECT MAX(x.id) FROM call_entries x
                WHERE x.record_id = r.id AND x.result_kind <> '' AND x.outcome = 'reached')
            WHERE {where} AND r.kind = 'medial_branch_block' AND r.block_number IN (1, 2)
            GROUP BY r.block_number ORDER BY r.block_number""", start, end, physician, cut=cut)

    def rfa_six_months(self, start: datetime, end: datetime, physician: str | None,
                       cut: int = 50, months: int = 6) -> Any:
        rows = self._run("""
            SELECT COUNT(*) AS rfa,
                   SUM(CASE WHEN c.id IS NOT NULL THEN 1 ELSE 0 END) AS followed,
                   SUM(CASE WHEN c.fu_relief >= :cut THEN 1 ELSE 0 END) AS relieved
            FROM records r
            LEFT JOIN call_entries c ON c.id = (
                SELECT MAX(x.id) FROM call_entries x
                WHERE x.record_id = r.id AND x.purpose = 'follow_up' AND x.months = :months
                  AND x.outcome = 'reached' AND x.fu_relief IS NOT NULL)
            WHERE {where} AND r.kind = 'radiofrequency_ablation'""",
                         start, end, physician, cut=cut, months=months)
        return rows[0]

    def complications(self, start: datetime, end: datetime, physician: str | None) -> list[Any]:
        """Per procedure kind and complication kind: the records that have it."""
        return self._run("""
            SELECT r.kind, rc.kind AS complication, COUNT(DISTINCT r.id) AS n
            FROM records r JOIN record_complications rc ON rc.record_id = r.id
            WHERE {where}
            GROUP BY r.kind, rc.kind ORDER BY r.kind, rc.kind""", start, end, physician)

    def reach(self, start: datetime, end: datetime, physician: str | None) -> Any:
        rows = self._run("""
            SELECT COUNT(*) AS procedures,
                   SUM(CASE WHEN EXISTS (SELECT 1 FROM call_entries x WHERE x.record_id = r.id
                                         AND x.purpose = 'next_day') THEN 1 ELSE 0 END)
                       AS called,
                   SUM(CASE WHEN EXISTS (SELECT 1 FROM call_entries x WHERE x.record_id = r.id
                                         AND x.purpose = 'next_day' AND x.outcome = 'reached')
                       THEN 1 ELSE 0 END) AS reached
            FROM records r WHERE {where}""", start, end, physician)
        return rows[0]

    def percentiles(self, column: str, start: datetime, end: datetime,
                    physician: str | None) -> list[Any]:
        """Per kind and region (of the first level): count, median and 75th percentile."""
        assert column in ("fluoro_time_s", "dose_mgy")
        return self._run(f"""
            WITH v AS (
                SELECT r.kind AS kind, substr(r.levels, 1, 1) AS reg, r.{column} AS x,
                       ROW_NUMBER() OVER (PARTITION BY r.kind, substr(r.levels, 1, 1)
                                          ORDER BY r.{column}) AS rn,
                       COUNT(*) OVER (PARTITION BY r.kind, substr(r.levels, 1, 1)) AS n
                FROM records r WHERE {{where}} AND r.{column} IS NOT NULL)
            SELECT kind, reg, MAX(n) AS n,
                   MAX(CASE WHEN rn = (n + 1) / 2 THEN x END) AS median,
                   MAX(CASE WHEN rn = (3 * n + 3) / 4 THEN x END) AS p75
            FROM v GROUP BY kind, reg ORDER BY kind, reg""", start, end, physician)


__all__ = ["ReportRepository"]
