"""Patient search indexes that also give the list's order (issue 3, `make bench`).

Patient search lists matches by family name, then given name. With one index per name
column, a prefix typed for one name made the database either sort every match (thousands
for "gar" or "jo" among 200,000 patients) or, on PostgreSQL, walk the whole family-name
index in order looking for matches of the other name (90 ms). Composite indexes
(family_key, given_key, id) and (given_key, family_key, id) let each half of the search
read its matches in list order and stop after one page, from the index alone; they replace
the single-column indexes, which they cover.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-25
"""

from __future__ import annotations

from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_patients_family_given", "patients", ["family_key", "given_key", "id"])
    op.create_index("ix_patients_given_family", "patients", ["given_key", "family_key", "id"])
    op.drop_index("ix_patients_family_key", table_name="patients")
    op.drop_index("ix_patients_given_key", table_name="patients")


def downgrade() -> None:
    op.create_index("ix_patients_family_key", "patients", ["family_key"])
    op.create_index("ix_patients_given_key", "patients", ["given_key"])
    op.drop_index("ix_patients_given_family", table_name="patients")
    op.drop_index("ix_patients_family_given", table_name="patients")
