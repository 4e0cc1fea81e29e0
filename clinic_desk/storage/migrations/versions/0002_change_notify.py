"""Change notifications for other workstations (issue 7).

On PostgreSQL every write to a table that lists show sends `NOTIFY clinic_desk_changes`
with the table's name as payload, from a statement-level trigger: PostgreSQL folds identical
notifications of one transaction into one and delivers them only after the commit, so a
rolled-back save notifies nobody and a bulk import notifies once per table. SQLite needs no
trigger: other processes notice its commits through `PRAGMA data_version`.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-25
"""

from __future__ import annotations

from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

CHANNEL = "clinic_desk_changes"
TABLES = ("records", "patients", "signatures", "addenda", "handout_prints", "edit_locks",
          "settings", "users")


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(f"""CREATE FUNCTION clinic_notify_change() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          PERFORM pg_notify('{CHANNEL}', TG_TABLE_NAME);
          RETURN NULL;
        END $$""")
    for t in TABLES:
        op.execute(f"""CREATE TRIGGER trg_{t}_notify AFTER INSERT OR UPDATE OR DELETE ON {t}
                       FOR EACH STATEMENT EXECUTE FUNCTION clinic_notify_change()""")


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for t in TABLES:
        op.execute(f"DROP TRIGGER IF EXISTS trg_{t}_notify ON {t}")
    op.execute("DROP FUNCTION IF EXISTS clinic_notify_change()")
