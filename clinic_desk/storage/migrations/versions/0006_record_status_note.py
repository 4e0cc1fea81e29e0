"""Issue 15: why a ready record was reopened for changes, and voided drafts.

`records.status_note`: a nurse who edits a record already in the physicians' queue reopens
it first, with a reason; the queue shows that reason until the record is signed.
`records.unanswered`: the choices (block, contrast, sedation) a record still waits for; they
used to default to a plausible wrong value.
`records.voided_at`: a draft voided by a nurse leaves every list but stays in the database
(the reason is in the audit trail). A column rather than a fourth status: the status CHECK
constraint cannot change on SQLite without rebuilding the table and its integrity triggers.
The signed-record triggers of 0001 already refuse any change of a signed record, voiding
included.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-03
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from clinic_desk.storage.types import UtcDateTime

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("records", sa.Column("status_note", sa.String(length=300), nullable=True))
    op.add_column("records", sa.Column("voided_at", UtcDateTime(), nullable=True))
    # Choices the nurse has not made yet ("block_number,sedation"); NULL when none.
    op.add_column("records", sa.Column("unanswered", sa.String(length=80), nullable=True))


def downgrade() -> None:
    # Plain DROP COLUMN (SQLite 3.35+): a batch copy of the table would drop its guards.
    op.drop_column("records", "status_note")
    op.drop_column("records", "voided_at")
    op.drop_column("records", "unanswered")
