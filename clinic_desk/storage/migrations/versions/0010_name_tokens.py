"""Patient search by the start of any name part, apostrophes ignored (issue 15, point 11).

A new table `patient_name_tokens` holds, for each patient, the search key of every later
part of their names (after a space, hyphen or apostrophe: "李" of "Łukasiewicz-李", "luis"
of "José Luis", a third given name), with the list's order keys copied so one index gives
a page in list order. The search keys now drop apostrophes ("O'Brien" -> "obrien"), so the
existing keys are recomputed here, and the tokens of every patient are filled in.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-03
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from clinic_desk.domain.record import name_tokens, search_key

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

BATCH = 5000


def _key_type() -> sa.types.TypeEngine[str]:
    return sa.String(length=100).with_variant(sa.String(length=100, collation="C"), "postgresql")


def upgrade() -> None:
    op.create_table(
        "patient_name_tokens",
        sa.Column("patient_id", sa.Integer(), nullable=False),
        sa.Column("token", _key_type(), nullable=False),
        sa.Column("family_key", _key_type(), nullable=False),
        sa.Column("given_key", _key_type(), nullable=False),
        sa.ForeignKeyConstraint(["patient_id"], ["patients.id"], ondelete="CASCADE",
                                name=op.f("fk_patient_name_tokens_patient_id_patients")),
        sa.PrimaryKeyConstraint("patient_id", "token", name=op.f("pk_patient_name_tokens")),
    )
    op.create_index("ix_patient_name_tokens_search", "patient_name_tokens",
                    ["token", "family_key", "given_key", "patient_id"])
    op.create_index("ix_patient_name_tokens_order", "patient_name_tokens",
                    ["family_key", "given_key", "patient_id", "token"])
    bind = op.get_bind()
    patients = sa.table("patients", sa.column("id", sa.Integer), sa.column("family_name"),
                        sa.column("given_name"), sa.column("family_key"),
                        sa.column("given_key"))
    tokens = sa.table("patient_name_tokens", sa.column("patient_id", sa.Integer),
                      sa.column("token"), sa.column("family_key"), sa.column("given_key"))
    last = 0
    while True:
        rows = bind.execute(
            sa.select(patients.c.id, patients.c.family_name, patients.c.given_name,
                      patients.c.family_key, patients.c.given_key)
            .where(patients.c.id > last).order_by(patients.c.id).limit(BATCH)).all()
        if not rows:
            break
        last = rows[-1][0]
        changed, new_tokens = [], []
        for pid, family, given, family_key, given_key in rows:
            fk, gk = search_key(family), search_key(given)
            if (fk, gk) != (family_key, given_key):  # the apostrophes go
                changed.append({"pid": pid, "fk": fk, "gk": gk})
            new_tokens += [{"patient_id": pid, "token": t, "family_key": fk, "given_key": gk}
                           for t in name_tokens(family, given)]
        if changed:
            bind.execute(sa.update(patients).where(patients.c.id == sa.bindparam("pid"))
                         .values(family_key=sa.bindparam("fk"), given_key=sa.bindparam("gk")),
                         changed)
        if new_tokens:
            bind.execute(sa.insert(tokens), new_tokens)


def downgrade() -> None:
    op.drop_index("ix_patient_name_tokens_order", table_name="patient_name_tokens")
    op.drop_index("ix_patient_name_tokens_search", table_name="patient_name_tokens")
    op.drop_table("patient_name_tokens")
