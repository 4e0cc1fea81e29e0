"""Alembic migrations shipped in the package; applied on start by `storage.schema.upgrade`."""
