"""PostgreSQL's two roles (issue 11, point 3): an owner that runs the migrations and owns the
tables and guard functions, and the application role that every workstation connects as, with
only the rows' rights it needs. The application role cannot drop, disable or replace a guard
(only an owner or a superuser can), and it cannot UPDATE or DELETE append-only tables at all."""

from __future__ import annotations

from sqlalchemy import Connection

# Tables the application only reads and appends to.
APPEND_ONLY = ("audit_log", "signatures", "addenda", "handout_prints", "signing_keys",
               "call_entries")
READ_ONLY = ("legacy_signatures", "alembic_version")
# The report summary (migration 0011): derived from the rows, kept in step by every write,
# rebuilt by `report rebuild`; not evidence, so the application may change and delete it.
SUMMARY = ("report_facts", "report_fact_complications", "report_day_counts",
           "report_month_values", "report_day_complications")
# Tables the application reads, adds to and changes (rows of signed records stay guarded).
WRITABLE = ("users", "patients", "records", "record_joints", "record_medications",
            "record_complications", "edit_locks", "settings", "patient_name_tokens",
            *SUMMARY)
# Rows it may delete: a draft's lists are rewritten on save, edit locks are released.
DELETABLE = ("record_joints", "record_medications", "record_complications", "edit_locks",
             "records", "patient_name_tokens", *SUMMARY)


def _ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def grant_application_role(conn: Connection, role: str) -> None:
    """Run as the owner: give `role` the DML it needs and nothing else."""
    r = _ident(role)
    conn.exec_driver_sql(f"REVOKE ALL ON ALL TABLES IN SCHEMA public FROM {r}")
    conn.exec_driver_sql(f"REVOKE CREATE ON SCHEMA public FROM {r}")
    conn.exec_driver_sql(f"GRANT USAGE ON SCHEMA public TO {r}")
    for t in APPEND_ONLY:
        conn.exec_driver_sql(f"GRANT SELECT, INSERT ON {t} TO {r}")
    for t in READ_ONLY:
        conn.exec_driver_sql(f"GRANT SELECT ON {t} TO {r}")
    for t in WRITABLE:
        extra = ", DELETE" if t in DELETABLE else ""
        conn.exec_driver_sql(f"GRANT SELECT, INSERT, UPDATE{extra} ON {t} TO {r}")
    conn.exec_driver_sql(f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {r}")
