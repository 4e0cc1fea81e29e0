"""The report summary (issue 13): per-procedure report facts and their per-day and per-month
sums, kept in step with the rows by every write (storage/report_summary.py), so the Reports
page reads a year of the whole group from the summary instead of every procedure and its calls.
The upgrade builds it from the existing rows with set-based statements.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-03
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from clinic_desk.storage.report_summary import rebuild

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "report_facts",
        sa.Column("record_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("physician_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("block_number", sa.SmallInteger(), nullable=False),
        sa.Column("region", sa.String(length=4), nullable=False),
        sa.Column("fluoro_time_s", sa.Float(), nullable=True),
        sa.Column("dose_mgy", sa.Float(), nullable=True),
        sa.Column("nd", sa.SmallInteger(), nullable=False),
        sa.Column("peak", sa.Float(), nullable=True),
        sa.Column("relief", sa.SmallInteger(), nullable=True),
        sa.PrimaryKeyConstraint("record_id", name=op.f("pk_report_facts")),
    )
    op.create_table(
        "report_fact_complications",
        sa.Column("record_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("complication", sa.String(length=20), nullable=False),
        sa.PrimaryKeyConstraint("record_id", "complication",
                                name=op.f("pk_report_fact_complications")),
    )
    op.create_table(
        "report_day_counts",
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("physician_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("block_number", sa.SmallInteger(), autoincrement=False, nullable=False),
        *(sa.Column(c, sa.Integer(), nullable=False) for c in (
            "n", "called", "reached", "with_result", "indeterminate", "followed", "relieved")),
        sa.PrimaryKeyConstraint("day", "physician_id", "kind", "block_number",
                                name=op.f("pk_report_day_counts")),
    )
    op.create_table(
        "report_month_values",
        sa.Column("month", sa.Date(), nullable=False),
        sa.Column("metric", sa.String(length=8), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("block_number", sa.SmallInteger(), autoincrement=False, nullable=False),
        sa.Column("region", sa.String(length=4), nullable=False),
        sa.Column("value", sa.Float(), nullable=False),
        sa.Column("n", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("month", "metric", "kind", "block_number", "region", "value",
                                name=op.f("pk_report_month_values")),
    )
    op.create_table(
        "report_day_complications",
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("physician_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("complication", sa.String(length=20), nullable=False),
        sa.Column("n", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("day", "physician_id", "kind", "complication",
                                name=op.f("pk_report_day_complications")),
    )
    rebuild(op.get_bind())
    # Indexes after the bulk insert: one sort each instead of a million index updates.
    op.create_index("ix_report_facts_day", "report_facts",
                    ["day", "kind", "block_number", "region", "fluoro_time_s", "dose_mgy",
                     "peak"])
    op.create_index("ix_report_facts_physician", "report_facts",
                    ["physician_id", "day", "kind", "block_number", "region", "fluoro_time_s",
                     "dose_mgy", "peak"])


def downgrade() -> None:
    op.drop_index("ix_report_facts_physician", table_name="report_facts")
    op.drop_index("ix_report_facts_day", table_name="report_facts")
    for table in ("report_day_complications", "report_month_values", "report_day_counts",
                  "report_fact_complications", "report_facts"):
        op.drop_table(table)
