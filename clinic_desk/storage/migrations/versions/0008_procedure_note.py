"""The procedure note and NPI (issue 14).

`records.note` holds the record JSON `note` object (indication, consent, time-out, position,
skin preparation, needle, RFA parameters, disposition) as text; NULL for records made before
it, which stay valid and keep their signature hash. `users.npi` is the physician's National
Provider Identifier for billing exports (checked by its Luhn digit in services/users.py).

Revision ID: 0008
Revises: 0006
Create Date: 2026-12-03
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("records") as batch:
        batch.add_column(sa.Column("note", sa.Text(), nullable=True))
    with op.batch_alter_table("users") as batch:
        batch.add_column(sa.Column("npi", sa.String(length=10), nullable=True))


def downgrade() -> None:
    # Plain DROP COLUMN (SQLite 3.35+): a batch copy of the table would drop its guards.
    op.drop_column("users", "npi")
    op.drop_column("records", "note")
