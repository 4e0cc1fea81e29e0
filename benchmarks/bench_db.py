"""Database figures for `make bench`: the day's worklist, patient search, loading and saving
a record, on SQLite and PostgreSQL with 200,000 patients and 1,000,000 records.

Every figure goes through the code the app runs (Services -> UnitOfWork -> repositories),
measured as the median of many calls after warm-up. On SQLite the same operations also run
as hand-written SQL on a plain `sqlite3` connection to the same file, for the ratio: what
the ORM, the domain conversion and the service layer cost on top of the database itself.

Targets (issues 3 and 7): each query at most 20 ms, a save at most 10 ms, and at most 3x
plain sqlite3. Two figures without target show the floor under all the others: a read-only
unit of work that does nothing (floor_unit_of_work), and one that runs SELECT 1 through
SQLAlchemy Core (floor_one_statement), each against BEGIN/ROLLBACK on plain sqlite3.
Prints one JSON object (see common.py); progress goes to stderr.

    python benchmarks/bench_db.py [--database sqlite:///...] [--pg-database URL | --no-pg]
                                  [--runs N] [--rebuild]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sqlite3
import sys
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import dataset
from common import (
    REPO,
    Timing,
    add_dataset_arguments,
    emit,
    figure,
    judge,
    machine_info,
    measure,
    progress,
    run_measured,
)
from sqlalchemy import literal, select

from clinic_desk.domain.audit import entry_hash
from clinic_desk.domain.record import Role
from clinic_desk.domain.record_format import content_hash
from clinic_desk.services import Services
from clinic_desk.services.context import Actor
from clinic_desk.services.records import day_window
from clinic_desk.storage.engine import Database
from clinic_desk.storage.unit_of_work import UnitOfWork

QUERY_MS = 20.0
SAVE_MS = 10.0
RATIO = 3.0
NOW = datetime(2026, 11, 24, 17, 45, tzinfo=timezone(timedelta(minutes=dataset.CLINIC_OFFSET_MIN)))

# Prefixes staff type: common and rare, in several scripts, "family, given" and "given family".
NAME_PREFIXES = ("gar", "smi", "ngu", "o'b", "mül", "kowal", "пет", "王", "김", "pap",
                 "hernandez, m", "jo", "maria gar", "lefe", "kim", "al-f", "søn", "ΠΑΠ")


@dataclass
class Inputs:
    """What the benchmark works on, picked once from the data set (same ids on both)."""

    nurse: Actor
    physician: str
    day_records: list[int]
    signed_records: list[int]
    drafts: list[int]
    mrns: list[str]
    dobs: list[str]
    busy_patients: list[int]
    day_count: int
    day_statuses: dict[str, int] = field(default_factory=dict)


def pick_inputs(path: Path) -> Inputs:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    rng = random.Random(7)
    start, end = day_window(dataset.BENCH_DAY)
    window = tuple(d.astimezone(UTC).replace(tzinfo=None).isoformat(" ", "microseconds")
                   for d in (start, end))
    day = conn.execute("SELECT id, status FROM records WHERE performed_at >= ? AND"
                       " performed_at < ? ORDER BY performed_at", window).fetchall()
    statuses: dict[str, int] = {}
    for _, s in day:
        statuses[s] = statuses.get(s, 0) + 1
    nurse_id, nurse_name = conn.execute(
        "SELECT id, full_name FROM users WHERE username = 'rn01'").fetchone()
    n_records = conn.execute("SELECT MAX(id) FROM records").fetchone()[0]
    candidates = ",".join(str(rng.randint(1, n_records)) for _ in range(400))
    signed = [r for (r,) in conn.execute(
        f"SELECT record_id FROM signatures WHERE record_id IN ({candidates})")][:200]
    n_patients = conn.execute("SELECT MAX(id) FROM patients").fetchone()[0]
    sample = [rng.randint(1, n_patients) for _ in range(200)]
    mrns = [m for (m,) in conn.execute(
        f"SELECT mrn FROM patients WHERE id IN ({','.join(map(str, sample))})")]
    dobs = [d for (d,) in conn.execute(
        f"SELECT date_of_birth FROM patients WHERE id IN ({','.join(map(str, sample[:50]))})")]
    busy = [p for (p,) in conn.execute(
        f"SELECT patient_id FROM records WHERE id IN ({','.join(map(str, signed[:50]))})")]
    physician = conn.execute(
        "SELECT u.username FROM records r JOIN users u ON u.id = r.physician_id"
        " WHERE r.id = ?", (day[len(day) // 2][0],)).fetchone()[0]
    conn.close()
    return Inputs(
        nurse=Actor(nurse_id, "rn01", nurse_name, Role.NURSE, "RN", "bench-ws"),
        physician=physician,
        day_records=[r for r, _ in day],
        signed_records=signed,
        drafts=[r for r, s in day if s == "draft"][:20],
        mrns=mrns, dobs=dobs, busy_patients=busy, day_count=len(day), day_statuses=statuses,
    )


def warmup_for(inputs: Inputs, runs: int) -> int:
    """Warm-up calls before timing: enough to touch every record, patient and draft the
    operation will use, on both sides. The app runs first; with a short warm-up it paid
    for reading cold pages of the 3 GB file that plain sqlite3 then found in the cache,
    and the ratio measured the page cache (record load: 0.74 against 0.07 ms)."""
    return max(5, runs // 10, len(inputs.day_records[::7]) + len(inputs.signed_records),
               len(inputs.mrns))


_SELECT_ONE = select(literal(1))


def _empty_unit_of_work(db: Database) -> None:
    with UnitOfWork(db, write=False):
        pass


def _one_statement(db: Database) -> None:
    with UnitOfWork(db, write=False) as uow:
        uow.connection.execute(_SELECT_ONE).all()


# --- the app's code path ---------------------------------------------------------------------

def bench_app(url: str, inputs: Inputs, runs: int, backend: str) -> dict[str, Any]:
    """Each operation through Services / UnitOfWork / repositories, as the app calls them."""
    db = Database(url)
    svc = Services(db, clock=lambda: NOW)
    nurse = inputs.nurse
    out: dict[str, Any] = {}
    rows = svc.records.worklist(nurse, dataset.BENCH_DAY)
    out["worklist_rows"] = len(rows)
    out["worklist_statuses"] = sorted({r.status.value for r in rows})

    get_ids = inputs.day_records[::7] + inputs.signed_records
    rng = random.Random(3)
    rng.shuffle(get_ids)

    def record_get(i: int) -> None:
        with UnitOfWork(db, write=False) as uow:
            uow.records.get(get_ids[i % len(get_ids)])

    # Saves: each call changes the notes of one of the day's drafts (so the audit entry has a
    # change to record), keeping the version each save returns.
    with UnitOfWork(db, write=False) as uow:
        current = [uow.records.get(r) for r in inputs.drafts]

    def record_save(i: int) -> None:
        k = i % len(current)
        current[k] = svc.records.save(
            nurse, replace(current[k], notes=f"Benchmark save {i % 1000:03d}."))

    ops: dict[str, tuple[Callable[[int], object], float]] = {
        "worklist_day": (lambda i: svc.records.worklist(nurse, dataset.BENCH_DAY), QUERY_MS),
        "search_name_prefix": (
            lambda i: svc.patients.search(nurse, NAME_PREFIXES[i % len(NAME_PREFIXES)]),
            QUERY_MS),
        "search_mrn": (lambda i: svc.patients.search(nurse, inputs.mrns[i % len(inputs.mrns)]),
                       QUERY_MS),
        "record_get": (record_get, QUERY_MS),
        "record_save": (record_save, SAVE_MS),
        # Not in the list, but screens run them as often:
        "worklist_day_one_physician": (
            lambda i: svc.records.worklist(nurse, dataset.BENCH_DAY,
                                           physician=inputs.physician), QUERY_MS),
        "ready_queue": (lambda i: svc.records.ready_queue(nurse), QUERY_MS),
        "search_date_of_birth": (
            lambda i: svc.patients.search(nurse, inputs.dobs[i % len(inputs.dobs)]), QUERY_MS),
        "patient_history": (
            lambda i: svc.patients.history(nurse, inputs.busy_patients[
                i % len(inputs.busy_patients)]), QUERY_MS),
        "record_open_audited": (
            lambda i: svc.records.get(nurse, get_ids[i % len(get_ids)]), None),
        # The floor under every figure above (no target): a read-only unit of work that does
        # nothing, and one that runs SELECT 1 through SQLAlchemy Core.
        "floor_unit_of_work": (lambda i: _empty_unit_of_work(db), None),
        "floor_one_statement": (lambda i: _one_statement(db), None),
    }
    timings: dict[str, Timing] = {}
    for name, (fn, _) in ops.items():
        progress(f"  {backend}: {name}")
        timings[name] = measure(fn, runs=runs, warmup=warmup_for(inputs, runs))
    out["timings"] = timings
    out["targets"] = {name: target for name, (_, target) in ops.items()}

    # Per-prefix detail: the slowest prefix matters more than the median over all of them.
    per_prefix = {}
    for prefix in NAME_PREFIXES:
        t = measure(lambda i, p=prefix: svc.patients.search(nurse, p), runs=max(5, runs // 5),
                    warmup=2)
        per_prefix[prefix] = round(t.median_ms, 2)
    out["search_name_prefix_each_ms"] = per_prefix

    # The generator writes signed content the way canonical_json does; check a sample.
    bad = 0
    with UnitOfWork(db, write=False) as uow:
        for rid in inputs.signed_records[:40]:
            rec = uow.records.get(rid)
            if rec.signature is None or content_hash(rec) != rec.signature.content_hash:
                bad += 1
    out["signature_sample_ok"] = f"{40 - bad}/40"
    db.dispose()
    return out


# --- the same work in plain sqlite3 ----------------------------------------------------------

_RECORD_SQL = (
    "SELECT records.id, records.patient_id, records.kind, records.block_number,"
    " records.performed_at, records.performed_offset_min, records.ended_at, records.follow_up,"
    " records.follow_up_offset_min, records.status, records.physician_id, records.nurse_id,"
    " records.levels, records.modality, records.fluoro_time_s, records.dose_mgy,"
    " records.dap_mgy_cm2, records.contrast, records.sedation, records.pain_before,"
    " records.pain_after, records.vitals_before, records.vitals_after, records.notes,"
    " records.weight_kg, records.diabetic, records.anticoagulant, records.anticoagulant_resume,"
    " records.created_at, records.created_by, records.updated_at, records.updated_by,"
    " records.version, p.id, p.mrn, p.family_name, p.given_name, p.date_of_birth, p.sex,"
    " p.preferred_language, p.weight_kg, p.diabetic, p.anticoagulant, p.anticoagulant_resume,"
    " p.allergies, p.escort, p.version, d.username, d.full_name, d.credentials, n.username,"
    " n.full_name, n.credentials"
    " FROM records JOIN patients AS p ON p.id = records.patient_id"
    " LEFT OUTER JOIN users AS d ON d.id = records.physician_id"
    " LEFT OUTER JOIN users AS n ON n.id = records.nurse_id WHERE records.id = ?")
_CHILD_SQL = (
    "SELECT id, position, kind, text FROM record_complications WHERE record_id = ?"
    " ORDER BY position",
    "SELECT signer_username, printed_name, credentials, signed_at, signed_offset_min, meaning,"
    " content_hash, content FROM signatures WHERE record_id = ?",
    "SELECT id, text, reason, author_username, printed_name, credentials, created_at,"
    " offset_min, meaning, content_hash, changes_instructions FROM addenda"
    " WHERE record_id = ? ORDER BY id",
    "SELECT id, position, level, side FROM record_joints WHERE record_id = ? ORDER BY position",
    "SELECT id, position, name, strength, volume_ml, per_target FROM record_medications"
    " WHERE record_id = ? ORDER BY position",
    "SELECT min(printed_at) FROM handout_prints WHERE record_id = ? AND checked_out = 1",
)
_WORKLIST_SQL = (
    "SELECT records.id, records.performed_at, records.performed_offset_min, records.patient_id,"
    " patients.family_name, patients.given_name, patients.mrn, patients.date_of_birth,"
    " records.kind, records.block_number, records.levels, users_1.full_name, records.status,"
    " EXISTS (SELECT * FROM handout_prints WHERE handout_prints.record_id = records.id"
    " AND handout_prints.checked_out = 1) AS printed, records.version"
    " FROM records JOIN patients ON patients.id = records.patient_id"
    " LEFT OUTER JOIN users AS users_1 ON users_1.id = records.physician_id"
    " WHERE records.performed_at >= ? AND records.performed_at < ?"
    " ORDER BY records.performed_at, records.id LIMIT ? OFFSET ?")
_SEARCH_SELECT = ("SELECT patients.id, patients.mrn, patients.family_name, patients.given_name,"
                  " patients.date_of_birth FROM patients WHERE ")
_SEARCH_ORDER = " ORDER BY patients.family_key, patients.given_key, patients.id LIMIT 50"
_TOP = "\U0010ffff"
# A later part of a name (migration 0007): the name-token table's index.
_TOKEN_COND = ("patients.id IN (SELECT patient_id FROM patient_name_tokens"
               " WHERE token >= ? AND token < ?)")


def _plain_search(conn: sqlite3.Connection, text: str) -> list[tuple[Any, ...]]:
    """PatientRepository.search's SQL for one word, an MRN, or "family, given"."""
    from clinic_desk.domain.record import search_key

    conds: list[str] = []
    params: list[str] = []
    if any(c.isdigit() for c in text):
        conds.append("(patients.mrn >= ? AND patients.mrn < ?)")
        params += [text.upper(), text.upper() + _TOP]
    if "," in text:
        family, _, given = text.partition(",")
        f, g = search_key(family), search_key(given)
        conds.append("(patients.family_key >= ? AND patients.family_key < ? AND"
                     " patients.given_key >= ? AND patients.given_key < ?)")
        params += [f, f + _TOP, g, g + _TOP]
    else:
        words = search_key(text).split()
        if len(words) == 1:
            conds.append("(patients.family_key >= ? AND patients.family_key < ?)")
            conds.append("(patients.given_key >= ? AND patients.given_key < ?)")
            conds.append(_TOKEN_COND)
            params += [words[0], words[0] + _TOP] * 3
        else:
            first, rest = words[0], " ".join(words[1:])
            whole = " ".join(words)
            conds.append("(patients.given_key >= ? AND patients.given_key < ? AND"
                         " patients.family_key >= ? AND patients.family_key < ?)")
            conds.append("(patients.family_key >= ? AND patients.family_key < ? AND"
                         " patients.given_key >= ? AND patients.given_key < ?)")
            conds.append("(patients.family_key >= ? AND patients.family_key < ?)")
            conds.append("(patients.given_key >= ? AND patients.given_key < ?)")
            conds.append(_TOKEN_COND)
            params += [first, first + _TOP, rest, rest + _TOP, first, first + _TOP,
                       rest, rest + _TOP] + [whole, whole + _TOP] * 3
    conn.execute("BEGIN")
    try:
        return conn.execute(_SEARCH_SELECT + " OR ".join(conds) + _SEARCH_ORDER,
                            params).fetchall()
    finally:
        conn.execute("ROLLBACK")


def _plain_read(conn: sqlite3.Connection, rid: int) -> tuple[Any, list[list[Any]]]:
    row = conn.execute(_RECORD_SQL, (rid,)).fetchone()
    return row, [conn.execute(sql, (rid,)).fetchall() for sql in _CHILD_SQL]


def bench_plain(path: Path, inputs: Inputs, runs: int) -> dict[str, Timing]:
    """The same operations, hand-written for sqlite3, on a connection set up like the app's
    (WAL, foreign keys, synchronous=FULL, explicit BEGIN / BEGIN IMMEDIATE)."""
    conn = sqlite3.connect(path, isolation_level=None)
    for pragma in ("journal_mode=WAL", "foreign_keys=ON", "synchronous=FULL",
                   "busy_timeout=15000"):
        conn.execute(f"PRAGMA {pragma}")
    start, end = day_window(dataset.BENCH_DAY)
    window = [d.astimezone(UTC).replace(tzinfo=None).isoformat(" ", "microseconds")
              for d in (start, end)]

    def worklist(i: int) -> None:
        conn.execute("BEGIN")
        conn.execute(_WORKLIST_SQL, (*window, 500, 0)).fetchall()
        conn.execute("ROLLBACK")

    get_ids = inputs.day_records[::7] + inputs.signed_records
    random.Random(3).shuffle(get_ids)

    def record_get(i: int) -> None:
        conn.execute("BEGIN")
        _plain_read(conn, get_ids[i % len(get_ids)])
        conn.execute("ROLLBACK")

    def record_save(i: int) -> None:
        """What a hand-written save does: read the record (version check), update the
        changed column, replace the children, append to the audit chain, commit."""
        rid = inputs.drafts[i % len(inputs.drafts)]
        notes = f"Plain save {i % 1000:03d}."
        conn.execute("BEGIN IMMEDIATE")
        row, children = _plain_read(conn, rid)
        version, patient_id, before = row[32], row[1], row[23]
        joints, meds = children[3], children[4]
        conn.executemany("DELETE FROM record_medications WHERE id = ?", [(m[0],) for m in meds])
        conn.executemany("DELETE FROM record_joints WHERE id = ?", [(j[0],) for j in joints])
        cur = conn.execute("UPDATE records SET notes = ?, updated_at = ?, updated_by = ?,"
                           " version = ? WHERE id = ? AND version = ?",
                           (notes, datetime.now(UTC).replace(tzinfo=None).isoformat(" "),
                            "rn01", version + 1, rid, version))
        assert cur.rowcount == 1
        conn.executemany("INSERT INTO record_medications (record_id, position, name, strength,"
                         " volume_ml, per_target) VALUES (?, ?, ?, ?, ?, ?)",
                         [(rid, *m[1:]) for m in meds])
        conn.executemany("INSERT INTO record_joints (record_id, position, level, side)"
                         " VALUES (?, ?, ?, ?)", [(rid, *j[1:]) for j in joints])
        # No report summary statement: the notes are not among what the reports count, and
        # the app's save skips the summary then too (RecordRepository._write).
        seq, prev = conn.execute(
            "SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1").fetchone()
        at = NOW.astimezone(UTC)
        detail = json.dumps({"changes": [{"after": notes, "before": before, "field": "notes"}]},
                            sort_keys=True, ensure_ascii=False, separators=(",", ":"))
        digest = entry_hash(prev, seq + 1, at, "rn01", "bench-ws", "record_change", rid,
                            patient_id, detail)
        conn.execute("INSERT INTO audit_log (seq, at, username, workstation, action, record_id,"
                     " patient_id, detail, prev_hash, hash) VALUES (?,?,?,?,?,?,?,?,?,?)",
                     (seq + 1, at.replace(tzinfo=None).isoformat(" ", "microseconds"), "rn01",
                      "bench-ws", "record_change", rid, patient_id, detail, prev, digest))
        conn.execute("COMMIT")

    ops: dict[str, Callable[[int], object]] = {
        "worklist_day": worklist,
        "search_name_prefix": lambda i: _plain_search(conn, NAME_PREFIXES[i % len(NAME_PREFIXES)]),
        "search_mrn": lambda i: _plain_search(conn, inputs.mrns[i % len(inputs.mrns)]),
        "record_get": record_get,
        "record_save": record_save,
        "floor_unit_of_work": lambda i: (conn.execute("BEGIN"), conn.execute("ROLLBACK")),
        "floor_one_statement": lambda i: (conn.execute("BEGIN"),
                                          conn.execute("SELECT 1").fetchall(),
                                          conn.execute("ROLLBACK")),
    }
    out = {}
    for name, fn in ops.items():
        progress(f"  plain sqlite3: {name}")
        out[name] = measure(fn, runs=runs, warmup=warmup_for(inputs, runs))
    conn.close()
    return out


def sqlite_plans(path: Path) -> dict[str, list[str]]:
    """EXPLAIN QUERY PLAN of the hot queries, for the record (docs/performance.md)."""
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    start, end = day_window(dataset.BENCH_DAY)
    window = [d.astimezone(UTC).replace(tzinfo=None).isoformat(" ", "microseconds")
              for d in (start, end)]
    queries = {
        "worklist_day": (_WORKLIST_SQL, (*window, 500, 0)),
        "search_name_prefix": (
            _SEARCH_SELECT + "(patients.family_key >= ? AND patients.family_key < ?) OR"
            " (patients.given_key >= ? AND patients.given_key < ?)" + _SEARCH_ORDER,
            ("gar", "gar" + _TOP) * 2),
        "audit_last_hash": ("SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1", ()),
    }
    out = {}
    for name, (sql, params) in queries.items():
        out[name] = [r[3] for r in conn.execute("EXPLAIN QUERY PLAN " + sql, params)]
    conn.close()
    return out


# --- main ------------------------------------------------------------------------------------

def _figures(prefix: str, app: dict[str, Any], plain: dict[str, Timing] | None
             ) -> list[dict[str, Any]]:
    figs = []
    for name, t in app["timings"].items():
        target = app["targets"][name]
        figs.append(figure(f"{prefix}.{name}", t.median_ms, "ms", target,
                           detail=t.as_json()))
        if plain is not None and name in plain:
            p = plain[name]
            figs.append(figure(f"sqlite3_plain.{name}", p.median_ms, "ms", None,
                               detail=p.as_json()))
            figs.append(figure(f"{prefix}.{name}.ratio_vs_sqlite3", t.median_ms / p.median_ms,
                               "x", RATIO if target is not None else None))
    return figs


def cli_memory(url: str) -> dict[str, Any]:
    """Peak RSS and wall time of one CLI call over the big data set (run_measured)."""
    exe = Path(sys.executable).with_name("clinic-desk")
    cmd = [str(exe) if exe.exists() else sys.executable, *([] if exe.exists() else
                                                             ["-m", "clinic_desk.cli"]),
           "--database", url, "record", "list", "--date", dataset.BENCH_DAY.isoformat(),
           "--json"]
    m = run_measured(cmd, timeout=300, cwd=REPO)
    rows = None
    if m.returncode == 0:
        try:
            rows = len(json.loads(m.stdout))
        except ValueError:
            rows = None
    return {"returncode": m.returncode, "rows": rows, "wall_s": round(m.wall_s, 2),
            "peak_rss_mib": round(m.peak_rss_mib, 1),
            "stderr_tail": m.stderr[-300:] if m.returncode else ""}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    add_dataset_arguments(parser, runs=60)
    args = parser.parse_args(argv)

    summary: dict[str, Any] = {"benchmark": "db", "machine": machine_info(),
                               "load_before": os.getloadavg(), "figures": []}
    if args.database:
        path = Path(Database(args.database).url.database or "")
        build: dict[str, Any] = {"sqlite": {"given": args.database}}
    else:
        path, stats = dataset.ensure_sqlite(args.rebuild)
        build = {"sqlite": stats}
    summary["dataset"] = {"key": dataset.dataset_key(), "bench_day": dataset.BENCH_DAY,
                          "sqlite_file": str(path)}
    inputs = pick_inputs(path)
    summary["dataset"].update(bench_day_records=inputs.day_count,
                              bench_day_statuses=inputs.day_statuses)
    url = f"sqlite:///{path}"

    progress("SQLite through the app's code")
    app = bench_app(url, inputs, args.runs, "sqlite")
    progress("SQLite through plain sqlite3")
    plain = bench_plain(path, inputs, args.runs)
    summary["figures"] += _figures("sqlite", app, plain)
    summary["sqlite"] = {k: v for k, v in app.items() if k not in ("timings", "targets")}
    summary["sqlite"]["query_plans"] = sqlite_plans(path)
    summary["sqlite"]["durability"] = ("synchronous=FULL: every commit is fsynced (survives "
                                       "power loss); the save figures include that fsync")
    summary["cli_record_list_day"] = cli_memory(url)

    if not args.no_pg:
        server = None
        if args.pg_database:
            pg = args.pg_database
        else:
            server = dataset.pg_server()
            pg, stats = dataset.ensure_pg(server, path, args.rebuild)
            build["postgresql"] = stats
        progress("PostgreSQL through the app's code")
        pg_app = bench_app(pg, inputs, args.runs, "postgresql")
        summary["figures"] += _figures("postgresql", pg_app, None)
        summary["postgresql"] = {k: v for k, v in pg_app.items()
                                 if k not in ("timings", "targets")}
        summary["postgresql"]["query_plans"] = pg_plans(pg)
    summary["build"] = build
    summary["load_after"] = os.getloadavg()
    judge(summary)
    emit(summary)
    return 0


def pg_plans(url: str) -> dict[str, list[str]]:
    """EXPLAIN ANALYZE of the hot queries on PostgreSQL."""
    import psycopg

    plain = url.replace("postgresql+psycopg://", "postgresql://", 1)
    start, end = day_window(dataset.BENCH_DAY)
    queries = {
        "worklist_day": (_WORKLIST_SQL.replace("?", "%s").replace("= 1", "= true"),
                         (*(d.astimezone(UTC).replace(tzinfo=None) for d in (start, end)),
                          500, 0)),
        "search_name_prefix": (
            (_SEARCH_SELECT + "(patients.family_key >= %s AND patients.family_key < %s) OR"
             " (patients.given_key >= %s AND patients.given_key < %s)" + _SEARCH_ORDER),
            ("gar", "gar" + _TOP) * 2),
        "audit_last_hash": ("SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1", ()),
    }
    out = {}
    with psycopg.connect(plain) as conn:
        for name, (sql, params) in queries.items():
            rows = conn.execute("EXPLAIN (ANALYZE, COSTS OFF) " + sql, params).fetchall()
            out[name] = [r[0] for r in rows]
    return out


if __name__ == "__main__":
    sys.exit(main())
