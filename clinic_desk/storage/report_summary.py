"""The report summary (issue 13, migration 0011): what the Reports page counts, kept in step
with the rows in the same transaction as every write, so a year of the whole group reads a
few thousand summary rows instead of every procedure and its calls.

- `report_facts`: one row per procedure (voided drafts have none) with what the reports
  count of it, computed from the record and its calls by `_FACTS`;
  `report_fact_complications` its complication kinds.
- `report_day_counts` (per local day, physician, kind, block number),
  `report_day_complications` (per local day, physician, kind, complication) and
  `report_month_values` (per month of the whole group: fluoroscopy time and dose per kind
  and region, clean peak relief per kind and block number, each value with its count) are
  sums of the facts. Peak relief is kept as values, not as "positive", so a change of the
  rule profile's positive cut never makes the summary stale.

`refresh(conn, record_ids)` recomputes the facts of the given records from the rows and adds
the difference to the sums (INSERT ... ON CONFLICT DO UPDATE, so concurrent workstations never
lose an increment); the repositories call it from every write of a record, and the call
repository from every call. `rebuild(conn)` recomputes everything with set-based statements
(the migration, `clinic-desk report rebuild`, the benchmark data set). `differences(conn)`
compares a sample with the rows for `clinic-desk check`.

A procedure's day is its local date as entered (performed_at plus its offset)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

from sqlalchemy import Connection, Date, bindparam, text

MBB = "medial_branch_block"
RFA = "radiofrequency_ablation"
FOLLOW_UP_MONTHS = 6  # the report's "RFA with at least 50% relief at 6 months"
RELIEF_CUT = 50
_CHUNK = 500
_DATE = Date()

TABLES = ("report_facts", "report_fact_complications", "report_day_counts",
          "report_month_values", "report_day_complications")
FACT_COLUMNS = ("record_id", "day", "physician_id", "kind", "block_number", "region",
                "fluoro_time_s", "dose_mgy", "nd", "peak", "relief")
COUNT_COLUMNS = ("n", "called", "reached", "with_result", "indeterminate", "followed",
                 "relieved")

Fact = tuple[Any, ...]  # in FACT_COLUMNS order, day as a date


def is_sqlite(conn: Connection) -> bool:
    return conn.dialect.name == "sqlite"


def day_of(sqlite: bool, alias: str = "r") -> str:
    """The procedure's local date as entered (its UTC time plus the offset it was entered in)."""
    if sqlite:
        return f"date({alias}.performed_at, ({alias}.performed_offset_min || ' minutes'))"
    return (f"CAST({alias}.performed_at + {alias}.performed_offset_min * interval '1 minute' "
            "AS date)")


def month_of(sqlite: bool, column: str) -> str:
    if sqlite:
        return f"date({column}, 'start of month')"
    return f"CAST(date_trunc('month', {column}) AS date)"


def week_of(sqlite: bool, column: str) -> str:
    """The Monday of the week of a date column."""
    if sqlite:
        return f"date({column}, '-6 days', 'weekday 1')"
    return f"CAST(date_trunc('week', {column}) AS date)"


def _facts_select(sqlite: bool, where: str) -> str:
    """Each procedure's facts from its record and its calls, read from the call index."""
    return f"""
        SELECT r.id AS record_id, {day_of(sqlite)} AS day,
               COALESCE(r.physician_id, 0) AS physician_id, r.kind AS kind,
               COALESCE(r.block_number, 0) AS block_number,
               substr(r.levels, 1, 1) AS region, r.fluoro_time_s AS fluoro_time_s,
               r.dose_mgy AS dose_mgy,
               COALESCE((SELECT MAX(CASE WHEN x.outcome = 'reached' THEN 2 ELSE 1 END)
                         FROM call_entries x
                         WHERE x.record_id = r.id AND x.purpose = 'next_day'), 0) AS nd,
               CASE WHEN r.kind = '{MBB}' AND r.block_number IN (1, 2)
               THEN (SELECT COALESCE(x.clean_peak_percent, -1) FROM call_entries x
                     WHERE x.record_id = r.id AND x.purpose = 'next_day'
                       AND x.outcome = 'reached' AND x.result_kind <> ''
                     ORDER BY x.id DESC LIMIT 1) END AS peak,
               CASE WHEN r.kind = '{RFA}'
               THEN (SELECT x.fu_relief FROM call_entries x
                     WHERE x.record_id = r.id AND x.purpose = 'follow_up'
                       AND x.outcome = 'reached' AND x.months = {FOLLOW_UP_MONTHS}
                       AND x.fu_relief IS NOT NULL
                     ORDER BY x.id DESC LIMIT 1) END AS relief
        FROM records r WHERE r.voided_at IS NULL {where}"""


def _as_date(value: Any) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value))


def _fact(row: Sequence[Any]) -> Fact:
    (rid, day, pid, kind, block, region, fluoro, dose, nd, peak, relief) = row
    return (int(rid), _as_date(day), int(pid), str(kind), int(block), str(region or ""),
            None if fluoro is None else float(fluoro), None if dose is None else float(dose),
            int(nd), None if peak is None else float(peak),
            None if relief is None else int(relief))


def _ids_param() -> Any:
    return bindparam("ids", expanding=True)


def computed_facts(conn: Connection, record_ids: Sequence[int]) -> dict[int, Fact]:
    """The facts of these records as the rows say now."""
    stmt = text(_facts_select(is_sqlite(conn), "AND r.id IN :ids")).bindparams(_ids_param())
    return {f[0]: f for f in map(_fact, conn.execute(stmt, {"ids": list(record_ids)}).all())}


def stored_facts(conn: Connection, record_ids: Sequence[int]) -> dict[int, Fact]:
    stmt = text(f"SELECT {', '.join(FACT_COLUMNS)} FROM report_facts "
                "WHERE record_id IN :ids").bindparams(_ids_param())
    return {f[0]: f for f in map(_fact, conn.execute(stmt, {"ids": list(record_ids)}).all())}


_COMPUTED_COMPLICATIONS = text(
    "SELECT DISTINCT rc.record_id, rc.kind FROM record_complications rc "
    "JOIN records r ON r.id = rc.record_id "
    "WHERE rc.record_id IN :ids AND r.voided_at IS NULL").bindparams(_ids_param())
_STORED_COMPLICATIONS = text(
    "SELECT record_id, complication FROM report_fact_complications "
    "WHERE record_id IN :ids").bindparams(_ids_param())


def _complications(conn: Connection, stmt: Any, ids: Sequence[int]) -> set[tuple[int, str]]:
    return {(int(r), str(c)) for r, c in conn.execute(stmt, {"ids": list(ids)}).all()}


def _counts(f: Fact) -> tuple[int, ...]:
    nd, peak, relief = f[8], f[9], f[10]
    return (1, int(nd >= 1), int(nd == 2), int(peak is not None), int(peak == -1),
            int(relief is not None), int(relief is not None and relief >= RELIEF_CUT))


def _values(f: Fact) -> list[tuple[Any, ...]]:
    """(month, metric, kind, block number, region, value) of a fact."""
    month = f[1].replace(day=1)
    out: list[tuple[Any, ...]] = []
    if f[6] is not None:
        out.append((month, "fluoro", f[3], 0, f[5], f[6]))
    if f[7] is not None:
        out.append((month, "dose", f[3], 0, f[5], f[7]))
    if f[9] is not None and f[9] >= 0:
        out.append((month, "peak", f[3], f[4], "", f[9]))
    return out


def _upsert(table: str, keys: Sequence[str], sums: Sequence[str]) -> Any:
    cols = [*keys, *sums]
    return text(
        f"INSERT INTO {table} ({', '.join(cols)}) "
        f"VALUES ({', '.join(':' + c for c in cols)}) "
        f"ON CONFLICT ({', '.join(keys)}) DO UPDATE SET "
        + ", ".join(f"{c} = {table}.{c} + excluded.{c}" for c in sums)
    ).bindparams(*(bindparam(k, type_=_DATE) for k in keys if k in ("day", "month")))


_DAY_KEYS = ("day", "physician_id", "kind", "block_number")
_UPSERT_COUNTS = _upsert("report_day_counts", _DAY_KEYS, COUNT_COLUMNS)
_UPSERT_VALUES = _upsert("report_month_values",
                         ("month", "metric", "kind", "block_number", "region", "value"), ("n",))
_UPSERT_COMPLICATIONS = _upsert("report_day_complications",
                                ("day", "physician_id", "kind", "complication"), ("n",))
_INSERT_FACT = text(
    f"INSERT INTO report_facts ({', '.join(FACT_COLUMNS)}) "
    f"VALUES ({', '.join(':' + c for c in FACT_COLUMNS)})").bindparams(
    bindparam("day", type_=_DATE))
_INSERT_FACT_COMPLICATION = text(
    "INSERT INTO report_fact_complications (record_id, complication) VALUES (:rid, :c)")
_DELETE_FACTS = text("DELETE FROM report_facts WHERE record_id IN :ids").bindparams(
    _ids_param())
_DELETE_FACT_COMPLICATIONS = text(
    "DELETE FROM report_fact_complications WHERE record_id IN :ids").bindparams(_ids_param())
_LOCK_RECORDS = text("SELECT id FROM records WHERE id IN :ids ORDER BY id FOR UPDATE"
                     ).bindparams(_ids_param())


def refresh(conn: Connection, record_ids: Iterable[int]) -> None:
    """Bring the summary of these records in step with their rows, in the caller's
    transaction. On PostgreSQL the records' rows are locked first, so two workstations
    refreshing the same record (two calls at once) apply their differences one after the
    other; SQLite has one writer at a time."""
    ids = sorted({int(i) for i in record_ids})
    if not ids:
        return
    if not is_sqlite(conn):
        conn.execute(_LOCK_RECORDS, {"ids": ids})
    for i in range(0, len(ids), _CHUNK):
        _refresh(conn, ids[i:i + _CHUNK])


def _refresh(conn: Connection, ids: Sequence[int]) -> None:
    old, new = stored_facts(conn, ids), computed_facts(conn, ids)
    old_c = _complications(conn, _STORED_COMPLICATIONS, ids)
    new_c = _complications(conn, _COMPUTED_COMPLICATIONS, ids)
    if old == new and old_c == new_c:
        return  # nothing the reports count changed (most saves of a draft)
    changed = sorted({r for r in ids if old.get(r) != new.get(r)}
                     | {r for r, _ in old_c ^ new_c})
    counts: dict[tuple[Any, ...], list[int]] = {}
    values: Counter[tuple[Any, ...]] = Counter()
    compl: Counter[tuple[Any, ...]] = Counter()
    for facts, cset, sign in ((old, old_c, -1), (new, new_c, 1)):
        for rid in changed:
            f = facts.get(rid)
            if f is None:
                continue
            key = (f[1], f[2], f[3], f[4])
            acc = counts.setdefault(key, [0] * len(COUNT_COLUMNS))
            for j, v in enumerate(_counts(f)):
                acc[j] += sign * v
            for vkey in _values(f):
                values[vkey] += sign
        for rid, c in cset:
            f = facts.get(rid)
            if rid in changed and f is not None:
                compl[(f[1], f[2], f[3], c)] += sign
    conn.execute(_DELETE_FACTS, {"ids": changed})
    conn.execute(_DELETE_FACT_COMPLICATIONS, {"ids": changed})
    facts_rows = [dict(zip(FACT_COLUMNS, new[r], strict=True)) for r in changed if r in new]
    if facts_rows:
        conn.execute(_INSERT_FACT, facts_rows)
    compl_rows = [{"rid": r, "c": c} for r, c in sorted(new_c) if r in changed and r in new]
    if compl_rows:
        conn.execute(_INSERT_FACT_COMPLICATION, compl_rows)
    count_rows = [dict(zip(_DAY_KEYS, k, strict=True)) | dict(zip(COUNT_COLUMNS, v,
                                                                   strict=True))
                  for k, v in sorted(counts.items(), key=_sort_key) if any(v)]
    if count_rows:
        conn.execute(_UPSERT_COUNTS, count_rows)
    value_rows = [{"month": k[0], "metric": k[1], "kind": k[2], "block_number": k[3],
                   "region": k[4], "value": k[5], "n": n}
                  for k, n in sorted(values.items(), key=_sort_key) if n]
    if value_rows:
        conn.execute(_UPSERT_VALUES, value_rows)
    compl_sums = [{"day": k[0], "physician_id": k[1], "kind": k[2], "complication": k[3],
                   "n": n} for k, n in sorted(compl.items(), key=_sort_key) if n]
    if compl_sums:
        conn.execute(_UPSERT_COMPLICATIONS, compl_sums)


def _sort_key(item: tuple[tuple[Any, ...], Any]) -> tuple[str, ...]:
    """Rows upserted in key order, so two transactions lock summary rows in the same order."""
    return tuple(str(v) for v in item[0])


def _aggregate_statements(sqlite: bool, where: str = "") -> dict[str, str]:
    """The sums of the facts, as SELECTs (`where` filters the facts `f`)."""
    w = f"WHERE {where}" if where else ""
    a = f"AND {where}" if where else ""
    month = month_of(sqlite, "f.day")
    return {
        "report_day_counts": f"""
            SELECT f.day, f.physician_id, f.kind, f.block_number, COUNT(*),
                   SUM(CASE WHEN f.nd >= 1 THEN 1 ELSE 0 END),
                   SUM(CASE WHEN f.nd = 2 THEN 1 ELSE 0 END),
                   SUM(CASE WHEN f.peak IS NOT NULL THEN 1 ELSE 0 END),
                   SUM(CASE WHEN f.peak = -1 THEN 1 ELSE 0 END),
                   SUM(CASE WHEN f.relief IS NOT NULL THEN 1 ELSE 0 END),
                   SUM(CASE WHEN f.relief >= {RELIEF_CUT} THEN 1 ELSE 0 END)
            FROM report_facts f {w}
            GROUP BY f.day, f.physician_id, f.kind, f.block_number""",
        "report_month_values": f"""
            SELECT {month}, 'fluoro', f.kind, 0, f.region, f.fluoro_time_s, COUNT(*)
            FROM report_facts f WHERE f.fluoro_time_s IS NOT NULL {a}
            GROUP BY {month}, f.kind, f.region, f.fluoro_time_s
            UNION ALL
            SELECT {month}, 'dose', f.kind, 0, f.region, f.dose_mgy, COUNT(*)
            FROM report_facts f WHERE f.dose_mgy IS NOT NULL {a}
            GROUP BY {month}, f.kind, f.region, f.dose_mgy
            UNION ALL
            SELECT {month}, 'peak', f.kind, f.block_number, '', f.peak, COUNT(*)
            FROM report_facts f WHERE f.peak >= 0 {a}
            GROUP BY {month}, f.kind, f.block_number, f.peak""",
        "report_day_complications": f"""
            SELECT f.day, f.physician_id, f.kind, c.complication, COUNT(*)
            FROM report_fact_complications c JOIN report_facts f ON f.record_id = c.record_id
            {w}
            GROUP BY f.day, f.physician_id, f.kind, c.complication""",
    }


_AGGREGATE_COLUMNS = {
    "report_day_counts": (*_DAY_KEYS, *COUNT_COLUMNS),
    "report_month_values": ("month", "metric", "kind", "block_number", "region", "value", "n"),
    "report_day_complications": ("day", "physician_id", "kind", "complication", "n"),
}


def rebuild(conn: Connection) -> int:
    """Recompute the whole summary from the rows with set-based statements, in the caller's
    transaction; returns the number of procedures summarised."""
    sqlite = is_sqlite(conn)
    for table in TABLES:
        conn.execute(text(f"DELETE FROM {table}"))
    conn.execute(text(f"INSERT INTO report_facts ({', '.join(FACT_COLUMNS)}) "
                      + _facts_select(sqlite, "")))
    conn.execute(text(
        "INSERT INTO report_fact_complications (record_id, complication) "
        "SELECT DISTINCT rc.record_id, rc.kind FROM record_complications rc "
        "JOIN report_facts f ON f.record_id = rc.record_id"))
    for table, select in _aggregate_statements(sqlite).items():
        cols = ", ".join(_AGGREGATE_COLUMNS[table])
        conn.execute(text(f"INSERT INTO {table} ({cols}) {select}"))
    return int(conn.execute(text("SELECT COUNT(*) FROM report_facts")).scalar_one())


def _sums(rows: Iterable[Sequence[Any]], keys: int) -> dict[tuple[Any, ...], tuple[int, ...]]:
    """Summary rows as {key: sums}, dates as dates, all-zero sums left out."""
    out: dict[tuple[Any, ...], tuple[int, ...]] = {}
    for row in rows:
        key = (_as_date(row[0]), *row[1:keys])
        sums = tuple(int(v or 0) for v in row[keys:])
        if any(sums):
            out[key] = sums
    return out


def differences(conn: Connection, sample: int = 2000) -> list[str]:
    """What differs between the summary and the rows, for `clinic-desk check`: the facts of
    the newest `sample` records (and any fact of a record that is gone or voided), and every
    sum of the days (months) from the oldest of them on, against the stored facts. Counts
    only, never patient data."""
    problems: list[str] = []
    ids = [int(r) for r, in conn.execute(text(
        "SELECT id FROM records ORDER BY id DESC LIMIT :n"), {"n": sample}).all()]
    if ids:
        stored, computed = stored_facts(conn, ids), computed_facts(conn, ids)
        wrong = sorted(r for r in ids if stored.get(r) != computed.get(r))
        if wrong:
            problems.append(f"report summary: {len(wrong)} of the newest {len(ids)} "
                            f"procedures differ from their rows (first: record {wrong[0]})")
        sc = _complications(conn, _STORED_COMPLICATIONS, ids)
        cc = _complications(conn, _COMPUTED_COMPLICATIONS, ids)
        if sc != cc:
            problems.append(f"report summary: the complications of "
                            f"{len({r for r, _ in sc ^ cc})} of the newest {len(ids)} "
                            "procedures differ from their rows")
    orphans = int(conn.execute(text(
        "SELECT COUNT(*) FROM report_facts f WHERE NOT EXISTS (SELECT 1 FROM records r "
        "WHERE r.id = f.record_id AND r.voided_at IS NULL)")).scalar_one())
    if orphans:
        problems.append(f"report summary: {orphans} procedures summarised that are voided "
                        "or gone")
    since = None
    if ids:
        since = conn.execute(text("SELECT MIN(day) FROM report_facts WHERE record_id IN :ids"
                                  ).bindparams(_ids_param()), {"ids": ids}).scalar()
    if since is None:
        return problems
    first = _as_date(since)
    for table, select in _aggregate_statements(is_sqlite(conn), "f.day >= :since").items():
        cols = _AGGREGATE_COLUMNS[table]
        keys = 4 if table == "report_day_counts" else len(cols) - 1
        key = "month" if table == "report_month_values" else "day"
        since_value = first.replace(day=1) if key == "month" else first
        params = {"since": since_value}
        want = _sums(conn.execute(text(select).bindparams(
            bindparam("since", type_=_DATE)), params).all(), keys)
        have = _sums(conn.execute(text(
            f"SELECT {', '.join(cols)} FROM {table} WHERE {key} >= :since").bindparams(
            bindparam("since", type_=_DATE)), params).all(), keys)
        if want != have:
            bad = len(set(want.items()) ^ set(have.items()))
            problems.append(f"report summary: {bad} rows of {table} from {since_value} "
                            "differ from the procedures")
    return problems


__all__ = ["TABLES", "computed_facts", "day_of", "differences", "month_of", "rebuild",
           "refresh", "stored_facts", "week_of"]
