"""The integrity guards below the application, defined once (issue 11).

Triggers (SQLite) and trigger functions (PostgreSQL) that keep a signed record, its children,
its signature and addenda, the signing keys and the audit trail unchanged by any SQL path:
INSERT, UPDATE, DELETE, TRUNCATE and SQLite's REPLACE. SQLite runs no DELETE trigger for the
row a REPLACE (or INSERT OR REPLACE, or an UPSERT-less conflict) removes unless
`recursive_triggers` is on, and that pragma is per connection, so every INSERT is checked
before the conflict is resolved: a row that would replace signed content is refused.

A patient with records cannot be deleted: on SQLite by trigger (the sqlite3 shell runs with
foreign keys off), on PostgreSQL by the foreign key (ON DELETE RESTRICT, migration 0004).

Migration 0004 installs these definitions; `clinic-desk check` compares the live database's
triggers and functions with them (`problems()`), so a dropped, disabled or rewritten guard is
reported. Whoever can change the schema (the SQLite file's owner, PostgreSQL's table owner)
can still remove guards: `check`, the witnessed audit chain and the Ed25519 signatures are what
detect that afterwards (docs/security.md).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import Connection, text

SIGNED = "clinic_desk: record is signed"
APPEND_ONLY = "clinic_desk: append-only table"
UNSIGNED = "clinic_desk: a record is signed only with a signature"
CHAIN = "clinic_desk: append-only table (audit entries join the end of the chain)"
PATIENT_HAS_RECORDS = "clinic_desk: a patient with records cannot be deleted"
MRN_TAKEN = "clinic_desk: another patient with records has this mrn"
ACCOUNTS_KEPT = "clinic_desk: accounts are never deleted"

CHILDREN = ("record_joints", "record_medications", "record_complications")
# Append-only tables and the column(s) a REPLACE would collide on.
APPEND_ONLY_TABLES: dict[str, str] = {
    "signatures": "record_id",
    "addenda": "id",
    "handout_prints": "id",
    "signing_keys": "id",
    "call_entries": "id",  # next-day calls and diary results, signed by the nurse (issue 13)
}
GENESIS = "0" * 64


def _norm(sql: str) -> str:
    return re.sub(r"\s+", " ", sql).strip().rstrip(";").strip()


# --- SQLite -------------------------------------------------------------------------------
def sqlite_triggers() -> dict[str, str]:
    """Trigger name -> its CREATE TRIGGER statement."""
    t: dict[str, str] = {
        "trg_records_signed_update": f"""CREATE TRIGGER trg_records_signed_update
            BEFORE UPDATE ON records WHEN OLD.status = 'signed'
            BEGIN SELECT RAISE(ABORT, '{SIGNED}'); END""",
        "trg_records_signed_delete": f"""CREATE TRIGGER trg_records_signed_delete
            BEFORE DELETE ON records WHEN OLD.status = 'signed'
            BEGIN SELECT RAISE(ABORT, '{SIGNED}'); END""",
        "trg_records_sign_needs_signature": f"""CREATE TRIGGER trg_records_sign_needs_signature
            BEFORE UPDATE OF status ON records
            WHEN NEW.status = 'signed'
             AND NOT EXISTS (SELECT 1 FROM signatures WHERE record_id = NEW.id)
            BEGIN SELECT RAISE(ABORT, '{UNSIGNED}'); END""",
        "trg_records_insert_signed": f"""CREATE TRIGGER trg_records_insert_signed
            BEFORE INSERT ON records WHEN NEW.status = 'signed'
            BEGIN SELECT RAISE(ABORT, '{UNSIGNED}'); END""",
        # REPLACE INTO records ... with a signed record's id.
        "trg_records_replace_signed": f"""CREATE TRIGGER trg_records_replace_signed
            BEFORE INSERT ON records
            WHEN EXISTS (SELECT 1 FROM records WHERE id = NEW.id AND status = 'signed')
            BEGIN SELECT RAISE(ABORT, '{SIGNED}'); END""",
    }
    for c in CHILDREN:
        t[f"trg_{c}_signed_insert"] = f"""CREATE TRIGGER trg_{c}_signed_insert
            BEFORE INSERT ON {c}
            WHEN (SELECT status FROM records WHERE id = NEW.record_id) = 'signed'
              OR EXISTS (SELECT 1 FROM {c} AS o JOIN records AS r ON r.id = o.record_id
                         WHERE o.id = NEW.id AND r.status = 'signed')
            BEGIN SELECT RAISE(ABORT, '{SIGNED}'); END"""
        t[f"trg_{c}_signed_update"] = f"""CREATE TRIGGER trg_{c}_signed_update
            BEFORE UPDATE ON {c}
            WHEN (SELECT status FROM records WHERE id = OLD.record_id) = 'signed'
              OR (SELECT status FROM records WHERE id = NEW.record_id) = 'signed'
            BEGIN SELECT RAISE(ABORT, '{SIGNED}'); END"""
        t[f"trg_{c}_signed_delete"] = f"""CREATE TRIGGER trg_{c}_signed_delete
            BEFORE DELETE ON {c}
            WHEN (SELECT status FROM records WHERE id = OLD.record_id) = 'signed'
            BEGIN SELECT RAISE(ABORT, '{SIGNED}'); END"""
    for a, key in APPEND_ONLY_TABLES.items():
        t[f"trg_{a}_no_update"] = f"""CREATE TRIGGER trg_{a}_no_update BEFORE UPDATE ON {a}
            BEGIN SELECT RAISE(ABORT, '{APPEND_ONLY}'); END"""
        t[f"trg_{a}_no_delete"] = f"""CREATE TRIGGER trg_{a}_no_delete BEFORE DELETE ON {a}
            BEGIN SELECT RAISE(ABORT, '{APPEND_ONLY}'); END"""
        t[f"trg_{a}_no_replace"] = f"""CREATE TRIGGER trg_{a}_no_replace BEFORE INSERT ON {a}
            WHEN EXISTS (SELECT 1 FROM {a} WHERE {key} = NEW.{key})
            BEGIN SELECT RAISE(ABORT, '{APPEND_ONLY}'); END"""
    t.update({
        "trg_audit_log_no_update": f"""CREATE TRIGGER trg_audit_log_no_update
            BEFORE UPDATE ON audit_log
            BEGIN SELECT RAISE(ABORT, '{APPEND_ONLY}'); END""",
        "trg_audit_log_no_delete": f"""CREATE TRIGGER trg_audit_log_no_delete
            BEFORE DELETE ON audit_log
            BEGIN SELECT RAISE(ABORT, '{APPEND_ONLY}'); END""",
        # Covers REPLACE too: a replacing entry's seq is never the next one.
        "trg_audit_log_chain": f"""CREATE TRIGGER trg_audit_log_chain
            BEFORE INSERT ON audit_log
            WHEN NEW.seq IS NOT COALESCE((SELECT MAX(seq) FROM audit_log), 0) + 1
              OR NEW.prev_hash IS NOT COALESCE(
                   (SELECT hash FROM audit_log ORDER BY seq DESC LIMIT 1), '{GENESIS}')
            BEGIN SELECT RAISE(ABORT, '{CHAIN}'); END""",
        "trg_legacy_signatures_frozen_insert": f"""CREATE TRIGGER
            trg_legacy_signatures_frozen_insert BEFORE INSERT ON legacy_signatures
            BEGIN SELECT RAISE(ABORT, '{APPEND_ONLY}'); END""",
        "trg_legacy_signatures_frozen_update": f"""CREATE TRIGGER
            trg_legacy_signatures_frozen_update BEFORE UPDATE ON legacy_signatures
            BEGIN SELECT RAISE(ABORT, '{APPEND_ONLY}'); END""",
        "trg_legacy_signatures_frozen_delete": f"""CREATE TRIGGER
            trg_legacy_signatures_frozen_delete BEFORE DELETE ON legacy_signatures
            BEGIN SELECT RAISE(ABORT, '{APPEND_ONLY}'); END""",
        "trg_patients_keep_records_delete": f"""CREATE TRIGGER trg_patients_keep_records_delete
            BEFORE DELETE ON patients
            WHEN EXISTS (SELECT 1 FROM records WHERE patient_id = OLD.id)
            BEGIN SELECT RAISE(ABORT, '{PATIENT_HAS_RECORDS}'); END""",
        "trg_patients_keep_records_id": f"""CREATE TRIGGER trg_patients_keep_records_id
            BEFORE UPDATE OF id ON patients
            WHEN NEW.id IS NOT OLD.id
             AND EXISTS (SELECT 1 FROM records WHERE patient_id = OLD.id)
            BEGIN SELECT RAISE(ABORT, '{PATIENT_HAS_RECORDS}'); END""",
        # REPLACE INTO patients with another patient's MRN would delete that patient.
        "trg_patients_keep_records_replace": f"""CREATE TRIGGER
            trg_patients_keep_records_replace BEFORE INSERT ON patients
            WHEN EXISTS (SELECT 1 FROM patients AS p
                         WHERE p.mrn = NEW.mrn AND p.id IS NOT NEW.id
                           AND EXISTS (SELECT 1 FROM records WHERE patient_id = p.id))
            BEGIN SELECT RAISE(ABORT, '{MRN_TAKEN}'); END""",
        "trg_users_no_delete": f"""CREATE TRIGGER trg_users_no_delete BEFORE DELETE ON users
            BEGIN SELECT RAISE(ABORT, '{ACCOUNTS_KEPT}'); END""",
    })
    return t


# --- PostgreSQL ---------------------------------------------------------------------------
PG_FUNCTIONS: dict[str, str] = {
    "clinic_guard_record": f"""
        BEGIN
          IF TG_OP = 'INSERT' THEN
            IF NEW.status = 'signed' THEN RAISE EXCEPTION '{UNSIGNED}'; END IF;
            RETURN NEW;
          END IF;
          IF OLD.status = 'signed' THEN RAISE EXCEPTION '{SIGNED}'; END IF;
          IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
          IF NEW.status = 'signed'
             AND NOT EXISTS (SELECT 1 FROM signatures WHERE record_id = NEW.id) THEN
            RAISE EXCEPTION '{UNSIGNED}';
          END IF;
          RETURN NEW;
        END""",
    "clinic_guard_child": f"""
        BEGIN
          IF TG_OP IN ('UPDATE', 'DELETE') AND EXISTS (
               SELECT 1 FROM records WHERE id = OLD.record_id AND status = 'signed') THEN
            RAISE EXCEPTION '{SIGNED}';
          END IF;
          IF TG_OP IN ('INSERT', 'UPDATE') AND EXISTS (
               SELECT 1 FROM records WHERE id = NEW.record_id AND status = 'signed') THEN
            RAISE EXCEPTION '{SIGNED}';
          END IF;
          IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
          RETURN NEW;
        END""",
    "clinic_append_only": f"""
        BEGIN
          RAISE EXCEPTION '{APPEND_ONLY}';
        END""",
    "clinic_no_truncate": f"""
        BEGIN
          RAISE EXCEPTION '{APPEND_ONLY}';
        END""",
    "clinic_audit_chain": f"""
        BEGIN
          IF NEW.seq IS DISTINCT FROM
               COALESCE((SELECT MAX(seq) FROM audit_log), 0) + 1
             OR NEW.prev_hash IS DISTINCT FROM COALESCE(
               (SELECT hash FROM audit_log ORDER BY seq DESC LIMIT 1), '{GENESIS}') THEN
            RAISE EXCEPTION '{CHAIN}';
          END IF;
          RETURN NEW;
        END""",
    "clinic_keep_accounts": f"""
        BEGIN
          RAISE EXCEPTION '{ACCOUNTS_KEPT}';
        END""",
}

# Trigger type bits of pg_trigger.tgtype.
_ROW, _BEFORE, _INSERT, _DELETE, _UPDATE, _TRUNCATE = 1, 2, 4, 8, 16, 32


@dataclass(frozen=True, slots=True)
class PgTrigger:
    name: str
    table: str
    events: tuple[str, ...]  # INSERT, UPDATE, DELETE, TRUNCATE
    function: str
    row: bool = True

    @property
    def tgtype(self) -> int:
        bits = {"INSERT": _INSERT, "DELETE": _DELETE, "UPDATE": _UPDATE, "TRUNCATE": _TRUNCATE}
        return (_ROW if self.row else 0) | _BEFORE | sum(bits[e] for e in self.events)

    @property
    def create(self) -> str:
        level = "ROW" if self.row else "STATEMENT"
        return (f"CREATE TRIGGER {self.name} BEFORE {' OR '.join(self.events)} ON {self.table} "
                f"FOR EACH {level} EXECUTE FUNCTION {self.function}()")


def pg_triggers() -> list[PgTrigger]:
    iud = ("INSERT", "UPDATE", "DELETE")
    out = [PgTrigger("trg_records_guard", "records", iud, "clinic_guard_record")]
    out += [PgTrigger(f"trg_{c}_guard", c, iud, "clinic_guard_child") for c in CHILDREN]
    out += [PgTrigger(f"trg_{a}_append_only", a, ("UPDATE", "DELETE"), "clinic_append_only")
            for a in (*APPEND_ONLY_TABLES, "audit_log")]
    out += [
        PgTrigger("trg_audit_log_chain", "audit_log", ("INSERT",), "clinic_audit_chain"),
        PgTrigger("trg_legacy_signatures_frozen", "legacy_signatures", iud,
                  "clinic_append_only"),
        PgTrigger("trg_users_no_delete", "users", ("DELETE",), "clinic_keep_accounts"),
    ]
    out += [PgTrigger(f"trg_{t}_no_truncate", t, ("TRUNCATE",), "clinic_no_truncate", False)
            for t in ("records", *CHILDREN, *APPEND_ONLY_TABLES, "audit_log",
                      "legacy_signatures", "patients", "users")]
    return out


def pg_function_sql(name: str) -> str:
    return (f"CREATE OR REPLACE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql "
            f"AS $${PG_FUNCTIONS[name]}$$")


# --- installing and checking --------------------------------------------------------------
def install(conn: Connection) -> None:
    """Drop every guard trigger and create the definitions above, on the tables that exist
    (a migration calls this again after it adds a guarded table: 0004, then 0009)."""
    if conn.dialect.name == "sqlite":
        names = conn.execute(text(
            "SELECT name FROM sqlite_master WHERE type = 'trigger'")).scalars().all()
        tables = set(conn.execute(text(
            "SELECT name FROM sqlite_master WHERE type = 'table'")).scalars().all())
        for name in names:
            conn.exec_driver_sql(f"DROP TRIGGER {name}")
        for sql in sqlite_triggers().values():
            if _sqlite_trigger_table(sql) in tables:
                conn.exec_driver_sql(sql)
        return
    existing = conn.execute(text(
        "SELECT t.tgname, c.relname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
        "JOIN pg_namespace n ON n.oid = c.relnamespace "
        "WHERE NOT t.tgisinternal AND n.nspname = current_schema() "
        "AND t.tgname NOT LIKE '%\\_notify'")).all()
    tables = set(conn.execute(text(
        "SELECT tablename FROM pg_tables WHERE schemaname = current_schema()")).scalars().all())
    for name, table in existing:
        conn.exec_driver_sql(f"DROP TRIGGER {name} ON {table}")
    for fn in PG_FUNCTIONS:
        conn.exec_driver_sql(pg_function_sql(fn))
    for trigger in pg_triggers():
        if trigger.table in tables:
            conn.exec_driver_sql(trigger.create)


def _sqlite_trigger_table(sql: str) -> str:
    """The table a CREATE TRIGGER statement of sqlite_triggers() is on."""
    m = re.search(r"\bON\s+(\w+)", sql)
    assert m is not None, sql
    return m.group(1)


def problems(conn: Connection) -> list[str]:
    """How the live guards differ from the definitions above ([] when identical)."""
    if conn.dialect.name == "sqlite":
        return _sqlite_problems(conn)
    return _pg_problems(conn)


def _sqlite_problems(conn: Connection) -> list[str]:
    live: dict[str, str] = {str(n): str(q) for n, q in conn.execute(text(
        "SELECT name, sql FROM sqlite_master WHERE type = 'trigger'")).all()}
    out = []
    for name, sql in sqlite_triggers().items():
        if name not in live:
            out.append(f"guard trigger {name} is missing")
        elif _norm(live[name]) != _norm(sql):
            out.append(f"guard trigger {name} was changed")
    out += [f"unexpected trigger {name}" for name in sorted(set(live) - set(sqlite_triggers()))]
    return out


def _pg_problems(conn: Connection) -> list[str]:
    out = []
    functions: dict[str, str] = {str(n): str(b) for n, b in conn.execute(text(
        "SELECT p.proname, p.prosrc FROM pg_proc p "
        "JOIN pg_namespace n ON n.oid = p.pronamespace "
        "WHERE n.nspname = current_schema() AND p.proname LIKE 'clinic\\_%'")).all()}
    for name, body in PG_FUNCTIONS.items():
        if name not in functions:
            out.append(f"guard function {name} is missing")
        elif _norm(functions[name]) != _norm(body):
            out.append(f"guard function {name} was changed")
    live = {r[0]: r[1:] for r in conn.execute(text(
        "SELECT t.tgname, c.relname, t.tgtype, t.tgenabled, p.proname FROM pg_trigger t "
        "JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_proc p ON p.oid = t.tgfoid "
        "JOIN pg_namespace n ON n.oid = c.relnamespace "
        "WHERE NOT t.tgisinternal AND n.nspname = current_schema()")).all()}
    expected = pg_triggers()
    for trig in expected:
        got = live.get(trig.name)
        if got is None:
            out.append(f"guard trigger {trig.name} is missing")
            continue
        table, tgtype, enabled, function = got
        if (table, int(tgtype), function) != (trig.table, trig.tgtype, trig.function):
            out.append(f"guard trigger {trig.name} was changed")
        if enabled == "D":
            out.append(f"guard trigger {trig.name} is disabled")
    # A trigger the guards do not define is reported, except the change notifications (0002).
    known = {t.name for t in expected}
    out += [f"unexpected trigger {n}" for n in sorted(live)
            if n not in known and not n.endswith("_notify")]
    # Replica mode for the whole database would skip every trigger.
    fk = conn.execute(text(
        "SELECT confdeltype FROM pg_constraint "
        "WHERE conname = 'fk_records_patient_id_patients'")).scalar()
    if fk != "r":
        out.append("records' foreign key to patients no longer restricts deletes")
    return out
