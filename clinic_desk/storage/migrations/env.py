"""Alembic environment: runs on the connection `storage.schema` hands over (no alembic.ini)."""

from __future__ import annotations

from alembic import context

from clinic_desk.storage.models import Base

config = context.config
connection = config.attributes.get("connection")
if connection is None:  # pragma: no cover - only `alembic` on the command line gets here
    raise RuntimeError("Run migrations through `clinic-desk init-db`.")

context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=connection.dialect.name == "sqlite",
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
