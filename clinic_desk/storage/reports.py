"""Clinic report figures computed in the database (issue 13).

`ReportRepository` reads the report summary (migration 0011, storage/report_summary.py): the
counts per day, physician, kind and block number; complications per day; fluoroscopy time,
dose and peak relief as per-month value counts of the whole group, with the days of a
partial first or last month (and any one physician's figures) read from the per-procedure
facts. `RowReportRepository` computes the same figures from the records and their calls (the
statements used before the summary): the reference the tests compare the summary with.

A range is of procedure days [start, stop), each procedure's day being its local date as
entered; voided drafts are not procedures and are not counted. Percentiles are read from a
histogram the database groups (nearest-rank method)."""

from __future__ import annotations

from datetime import date
from typing import Any, NamedTuple, Protocol

from sqlalchemy import Connection, Date, TextClause, bindparam, text

from .report_summary import day_of, week_of

_DATES = ("start", "stop", "m0", "m1")


class _Tx(Protocol):
    connection: Connection


def _week(sqlite: bool) -> str:
    """The Monday of the procedure's local week (its time in the offset it was entered)."""
    return week_of(sqlite, day_of(sqlite))


def _fence(sqlite: bool) -> str:
    """Keeps a derived table from being merged into the query around it. Merged, both
    databases copy each correlated subquery into every outer expression that names its
    column (the block result three times, the follow-up twice, the call reach twice), so
    each record's calls were probed up to seven times instead of three; the results are the
    same either way (tests/services/test_reports.py compares them)."""
    return "LIMIT -1 OFFSET 0" if sqlite else "OFFSET 0"


_PHYSICIAN = " AND r.physician_id = (SELECT id FROM users WHERE username = :physician)"


def _bound(sql: str, params: dict[str, Any]) -> TextClause:
    return text(sql).bindparams(*(bindparam(k, type_=Date()) for k in _DATES if k in params))


def _named(conn: Connection, rows: list[Any]) -> list[tuple[str, str, str, int]]:
    """(week, kind, physician id, n) rows with the physician's name: one small query
    afterwards instead of a join per record."""
    ids = sorted({int(r[2]) for r in rows if r[2]})
    names: dict[int, str] = {}
    if ids:
        names = dict(conn.execute(
            text("SELECT id, full_name FROM users WHERE id IN :ids").bindparams(
                bindparam("ids", expanding=True)), {"ids": ids}).all())
    out = [(str(w), k, names.get(int(pid), "(no physician)") if pid else "(no physician)",
            int(n)) for w, k, pid, n in rows]
    out.sort()
    return out


class Outcome(NamedTuple):
    """Counts of one (kind, block number) of a period (see `RowReportRepository.outcomes`)."""

    kind: str
    b: int | None
    n: int
    called: int
    reached: int
    with_result: int
    positive: int
    indeterminate: int
    followed: int
    relieved: int


class ReportRepository:
    """The report figures from the summary (module docstring)."""

    def __init__(self, tx: _Tx, sqlite: bool) -> None:
        self.tx = tx
        self.sqlite = sqlite

    def _rows(self, sql: str, **params: Any) -> list[Any]:
        return list(self.tx.connection.execute(_bound(sql, params), params).all())

    def _physician_id(self, physician: str | None) -> int | None:
        """None: the whole group; -1: a username nobody has (nothing matches)."""
        if not physician:
            return None
        found = self.tx.connection.execute(text("SELECT id FROM users WHERE username = :u"),
                                           {"u": physician}).scalar()
        return -1 if found is None else int(found)

    @staticmethod
    def _who(pid: int | None, alias: str) -> str:
        return "" if pid is None else f" AND {alias}.physician_id = :pid"

    def weekly(self, start: date, stop: date, physician: str | None) -> list[Any]:
        """(week, kind, physician's name, count), weeks starting on Monday."""
        pid = self._physician_id(physician)
        rows = self._rows(f"""
            SELECT {week_of(self.sqlite, 'c.day')} AS week, c.kind, c.physician_id,
                   SUM(c.n) AS n
            FROM report_day_counts c
            WHERE c.day >= :start AND c.day < :stop{self._who(pid, 'c')}
            GROUP BY 1, 2, 3 HAVING SUM(c.n) > 0""", start=start, stop=stop, pid=pid)
        return _named(self.tx.connection, rows)

    def _months(self, start: date, stop: date) -> tuple[date, date] | None:
        """The whole months inside [start, stop), if any."""
        first = start if start.day == 1 else _next_month(start)
        last = stop.replace(day=1)
        return (first, last) if first < last else None

    def _fact_parts(self, start: date, stop: date, pid: int | None
                    ) -> tuple[list[tuple[date, date]], tuple[date, date] | None]:
        """The day ranges read from the facts, and the months read from the month sums: a
        physician's figures are all read from the facts (a few thousand a year)."""
        months = None if pid is not None else self._months(start, stop)
        if months is None:
            return [(start, stop)], None
        parts = [(a, b) for a, b in ((start, months[0]), (months[1], stop)) if a < b]
        return parts, months

    def _value_counts(self, metric: str, start: date, stop: date, pid: int | None,
                      cut: int | None = None) -> dict[tuple[Any, ...], int]:
        """{(kind, region or block number, value): count} of fluoro, dose or peak."""
        column = {"fluoro": "fluoro_time_s", "dose": "dose_mgy", "peak": "peak"}[metric]
        group = "f.block_number" if metric == "peak" else "f.region"
        value_cond = f" AND f.{column} >= :cut" if cut is not None else (
            f" AND f.{column} IS NOT NULL")
        out: dict[tuple[Any, ...], int] = {}
        parts, months = self._fact_parts(start, stop, pid)
        for a, b in parts:
            for kind, g, value, n in self._rows(f"""
                    SELECT f.kind, {group}, f.{column}, COUNT(*) FROM report_facts f
                    WHERE f.day >= :start AND f.day < :stop{value_cond}{self._who(pid, 'f')}
                    GROUP BY 1, 2, 3""", start=a, stop=b, pid=pid, cut=cut):
                key = (kind, g, float(value))
                out[key] = out.get(key, 0) + int(n)
        if months is not None:
            group = "v.block_number" if metric == "peak" else "v.region"
            cond = " AND v.value >= :cut" if cut is not None else ""
            for kind, g, value, n in self._rows(f"""
                    SELECT v.kind, {group}, v.value, SUM(v.n) FROM report_month_values v
                    WHERE v.month >= :m0 AND v.month < :m1 AND v.metric = :metric{cond}
                    GROUP BY 1, 2, 3""", m0=months[0], m1=months[1], metric=metric, cut=cut):
                key = (kind, g, float(value))
                out[key] = out.get(key, 0) + int(n)
        return {k: n for k, n in out.items() if n}

    def outcomes(self, start: date, stop: date, physician: str | None,
                 cut: int) -> list[Outcome]:
        """Per (kind, block number): procedures, next-day calls made and reached, diagnostic
        blocks with a result, positive (clean peak relief >= cut) and indeterminate, RFAs
        with a 6-month follow-up and with at least 50% relief at it."""
        pid = self._physician_id(physician)
        rows = self._rows(f"""
            SELECT c.kind, c.block_number, SUM(c.n), SUM(c.called), SUM(c.reached),
                   SUM(c.with_result), SUM(c.indeterminate), SUM(c.followed),
                   SUM(c.relieved)
            FROM report_day_counts c
            WHERE c.day >= :start AND c.day < :stop{self._who(pid, 'c')}
            GROUP BY c.kind, c.block_number HAVING SUM(c.n) > 0
            ORDER BY c.kind, c.block_number""", start=start, stop=stop, pid=pid)
        positive: dict[tuple[str, int], int] = {}
        for (kind, block, _value), n in self._value_counts("peak", start, stop, pid,
                                                           cut).items():
            positive[(kind, int(block))] = positive.get((kind, int(block)), 0) + n
        out = []
        for kind, block, n, called, reached, with_result, indet, followed, relieved in rows:
            b = int(block)
            out.append(Outcome(kind, b or None, int(n), int(called), int(reached),
                               int(with_result), positive.get((kind, b), 0), int(indet),
                               int(followed), int(relieved)))
        return out

    def complications(self, start: date, stop: date, physician: str | None) -> list[Any]:
        """Per procedure kind and complication kind: the procedures that have it."""
        pid = self._physician_id(physician)
        return [(k, c, int(n)) for k, c, n in self._rows(f"""
            SELECT c.kind, c.complication, SUM(c.n) FROM report_day_complications c
            WHERE c.day >= :start AND c.day < :stop{self._who(pid, 'c')}
            GROUP BY c.kind, c.complication HAVING SUM(c.n) > 0
            ORDER BY c.kind, c.complication""", start=start, stop=stop, pid=pid)]

    def histogram(self, column: str, start: date, stop: date,
                  physician: str | None) -> list[Any]:
        """(kind, region letter of the first level, value, count), sorted."""
        metric = {"fluoro_time_s": "fluoro", "dose_mgy": "dose"}[column]
        counts = self._value_counts(metric, start, stop, self._physician_id(physician))
        return [(k, reg, value, n) for (k, reg, value), n in sorted(counts.items())]


def _next_month(day: date) -> date:
    return date(day.year + day.month // 12, day.month % 12 + 1, 1)


class RowReportRepository:
    """The same figures computed from the records and their calls: the reference the
    summary is tested against (and what the Reports page ran before migration 0011)."""

    def __init__(self, tx: _Tx, sqlite: bool) -> None:
        self.tx = tx
        self.sqlite = sqlite

    def _run(self, sql: str, start: date, stop: date, physician: str | None,
             **params: Any) -> list[Any]:
        day = day_of(self.sqlite)
        where = (f"{day} >= :start AND {day} < :stop AND r.voided_at IS NULL"
                 + (_PHYSICIAN if physician else ""))
        values: dict[str, Any] = {"start": start, "stop": stop, **params}
        if physician:
            values["physician"] = physician
        stmt = _bound(sql.replace("{where}", where), values)
        return list(self.tx.connection.execute(stmt, values).all())

    def weekly(self, start: date, stop: date, physician: str | None) -> list[Any]:
        rows = self._run(f"""
            SELECT {_week(self.sqlite)} AS week, r.kind, r.physician_id, COUNT(*) AS n
            FROM records r WHERE {{where}}
            GROUP BY 1, 2, 3""", start, stop, physician)
        return _named(self.tx.connection, rows)

    def outcomes(self, start: date, stop: date, physician: str | None, cut: int,
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
                         start, stop, physician, cut=cut,
                         relief_cut=relief_cut, months=months)

    def complications(self, start: date, stop: date, physician: str | None) -> list[Any]:
        """Per procedure kind and complication kind: the records that have it. The records
        of the period come first (SQLite's CROSS JOIN keeps that order)."""
        join = "CROSS JOIN" if self.sqlite else "JOIN"
        return self._run(f"""
            SELECT r.kind, rc.kind AS complication, COUNT(DISTINCT r.id) AS n
            FROM records r {join} record_complications rc ON rc.record_id = r.id
            WHERE {{where}}
            GROUP BY r.kind, rc.kind ORDER BY r.kind, rc.kind""", start, stop, physician)

    def histogram(self, column: str, start: date, stop: date,
                  physician: str | None) -> list[Any]:
        """(kind, region letter of the first level, value, count): the distribution the
        percentiles are read from (a few hundred rows, not one per procedure)."""
        assert column in ("fluoro_time_s", "dose_mgy")
        return self._run(f"""
            SELECT r.kind, substr(r.levels, 1, 1) AS reg, r.{column} AS x, COUNT(*) AS n
            FROM records r WHERE {{where}} AND r.{column} IS NOT NULL
            GROUP BY 1, 2, 3 ORDER BY 1, 2, 3""", start, stop, physician)


__all__ = ["Outcome", "ReportRepository", "RowReportRepository"]
