"""Ed25519 signatures and complete guards (issue 11).

- `signing_keys`: each signer's Ed25519 public key and password-sealed private key
  (append-only). `signatures` and `addenda` gain `key_id` and `signature`.
- `legacy_signatures`: the hash-only signatures that exist now, frozen. `record verify`
  reports them as "legacy hash-only"; any other signature without an Ed25519 signature is a
  forgery. When there are any, an audit entry `legacy_signatures` records their number and
  the SHA-256 of their record ids (and of the addenda that exist now, equally hash-only), so
  the list cannot grow unnoticed.
- The guards of clinic_desk/storage/guards.py replace those of 0001: INSERT (REPLACE) paths,
  the audit chain's order, patients with records, accounts, the new tables.
- PostgreSQL: records' foreign key to patients becomes ON DELETE RESTRICT.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-03
"""

from __future__ import annotations

from datetime import UTC, datetime
from types import SimpleNamespace

import sqlalchemy as sa
from alembic import op

from clinic_desk.domain.audit import AuditAction, AuditEntry
from clinic_desk.storage import guards
from clinic_desk.storage.audit import AuditRepository
from clinic_desk.storage.signing_keys import legacy_digest
from clinic_desk.storage.types import UtcDateTime

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    conn = op.get_bind()
    op.create_table(
        "signing_keys",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("username", sa.String(length=64), nullable=False),
        sa.Column("public_key", sa.String(length=64), nullable=False),
        sa.Column("sealed_key", sa.Text(), nullable=False),
        sa.Column("created_at", UtcDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"],
                                name=op.f("fk_signing_keys_user_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_signing_keys")),
    )
    op.create_index(op.f("ix_signing_keys_user_id"), "signing_keys", ["user_id"])
    op.create_table(
        "legacy_signatures",
        sa.Column("record_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.PrimaryKeyConstraint("record_id", name=op.f("pk_legacy_signatures")),
    )
    for table in ("signatures", "addenda"):
        op.execute(f"ALTER TABLE {table} ADD COLUMN key_id INTEGER REFERENCES signing_keys (id)")
        op.execute(f"ALTER TABLE {table} ADD COLUMN signature VARCHAR(128)")
    op.execute("INSERT INTO legacy_signatures (record_id) SELECT record_id FROM signatures")
    ids = [r[0] for r in conn.execute(
        sa.text("SELECT record_id FROM legacy_signatures ORDER BY record_id"))]
    addenda = [r[0] for r in conn.execute(sa.text("SELECT id FROM addenda ORDER BY id"))]
    if conn.dialect.name == "postgresql":
        op.execute("ALTER TABLE records DROP CONSTRAINT fk_records_patient_id_patients")
        op.execute("ALTER TABLE records ADD CONSTRAINT fk_records_patient_id_patients "
                   "FOREIGN KEY (patient_id) REFERENCES patients (id) ON DELETE RESTRICT")
    guards.install(conn)
    if ids:
        AuditRepository(SimpleNamespace(connection=conn)).append(AuditEntry(
            AuditAction.LEGACY_SIGNATURES, "system", "migration 0004", datetime.now(UTC),
            detail={"count": len(ids), "record_ids_sha256": legacy_digest(ids),
                    "addenda": len(addenda), "addendum_ids_sha256": legacy_digest(addenda),
                    "max_addendum_id": max(addenda, default=0)}))


def downgrade() -> None:
    raise NotImplementedError("Clinic Desk never drops clinical tables; restore a backup instead.")
