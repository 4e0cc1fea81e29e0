"""Next-day calls, diary results and outcome follow-ups (issue 13); the patient's phone.

`call_entries` is append-only below the application, like signatures and addenda: a call is
a signed entry of its own and a correction is a new call, never an edit (REFERENCE.md 7.2).
Report indexes: a covering index of the records' report columns by time, and one of the
calls' result columns by record, so the Reports page never reads the wide rows.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-03
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from clinic_desk.storage import guards
from clinic_desk.storage.types import UtcDateTime

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("patients", sa.Column("phone", sa.String(40), nullable=False,
                                        server_default=""))
    op.create_table(
        "call_entries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("record_id", sa.Integer(), nullable=False),
        sa.Column("patient_id", sa.Integer(), nullable=False),
        sa.Column("purpose", sa.String(12), nullable=False),
        sa.Column("months", sa.SmallInteger(), nullable=True),
        sa.Column("called_at", UtcDateTime(), nullable=False),
        sa.Column("called_offset_min", sa.SmallInteger(), nullable=False),
        sa.Column("outcome", sa.String(16), nullable=False),
        sa.Column("problems", sa.String(200), nullable=False),
        sa.Column("result_kind", sa.String(10), nullable=False),
        sa.Column("peak_percent", sa.Float(), nullable=True),
        sa.Column("clean_peak_percent", sa.Float(), nullable=True),
        sa.Column("fu_pain", sa.SmallInteger(), nullable=True),
        sa.Column("fu_relief", sa.SmallInteger(), nullable=True),
        sa.Column("fu_impression", sa.String(24), nullable=True),
        sa.Column("content", sa.Text(), nullable=False),
        sa.Column("content_hash", sa.String(64), nullable=False),
        sa.Column("nurse_id", sa.Integer(), nullable=False),
        sa.Column("nurse_username", sa.String(64), nullable=False),
        sa.Column("printed_name", sa.String(200), nullable=False),
        sa.Column("credentials", sa.String(60), nullable=False),
        sa.Column("signed_at", UtcDateTime(), nullable=False),
        sa.Column("signed_offset_min", sa.SmallInteger(), nullable=False),
        sa.CheckConstraint("purpose IN ('next_day','follow_up')",
                           name=op.f("ck_call_entries_purpose")),
        sa.CheckConstraint("outcome IN ('reached','no_answer','left_message')",
                           name=op.f("ck_call_entries_outcome")),
        sa.ForeignKeyConstraint(["record_id"], ["records.id"],
                                name=op.f("fk_call_entries_record_id_records")),
        sa.ForeignKeyConstraint(["patient_id"], ["patients.id"],
                                name=op.f("fk_call_entries_patient_id_patients")),
        sa.ForeignKeyConstraint(["nurse_id"], ["users.id"],
                                name=op.f("fk_call_entries_nurse_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_call_entries")),
    )
    # Report subqueries read calls from this index alone; records likewise from the next.
    op.create_index("ix_call_entries_record", "call_entries",
                    ["record_id", "purpose", "outcome", "id", "result_kind",
                     "clean_peak_percent", "months", "fu_relief"])
    op.create_index("ix_records_report", "records",
                    ["performed_at", "kind", "physician_id", "block_number",
                     "performed_offset_min", "levels", "fluoro_time_s", "dose_mgy"])
    op.create_index("ix_call_entries_called_at", "call_entries", ["called_at"])
    op.create_index(op.f("ix_call_entries_patient_id"), "call_entries", ["patient_id"])
    # The guards of storage/guards.py, now with call_entries append-only (and REPLACE-proof on
    # SQLite); `clinic-desk check` compares the live triggers with that one definition.
    guards.install(op.get_bind())
    if op.get_bind().dialect.name == "postgresql":
        op.execute("""CREATE TRIGGER trg_call_entries_notify
                      AFTER INSERT OR UPDATE OR DELETE ON call_entries
                      FOR EACH STATEMENT EXECUTE FUNCTION clinic_notify_change()""")


def downgrade() -> None:
    # Plain DROP COLUMN (SQLite 3.35+): a batch copy of the table would drop its guards.
    if op.get_bind().dialect.name == "postgresql":
        for t in ("append_only", "no_truncate", "notify"):
            op.execute(f"DROP TRIGGER IF EXISTS trg_call_entries_{t} ON call_entries")
    else:
        for t in ("no_update", "no_delete", "no_replace"):
            op.execute(f"DROP TRIGGER IF EXISTS trg_call_entries_{t}")
    op.drop_index("ix_records_report", table_name="records")
    op.drop_table("call_entries")
    op.drop_column("patients", "phone")
