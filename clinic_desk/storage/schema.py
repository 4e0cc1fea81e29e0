"""Create or upgrade the schema with the Alembic migrations shipped in this package.

Alembic is imported only when the schema is behind, so a normal start stays fast. Before an
SQLite file is migrated it is copied aside with SQLite's online backup API.
"""

from __future__ import annotations

import logging
import sqlite3
from datetime import datetime
from pathlib import Path

from sqlalchemy import inspect, text

from .engine import Database

log = logging.getLogger(__name__)

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
HEAD = "0011"  # newest revision in migrations/versions (a test checks it against Alembic)


def current_revision(db: Database) -> str | None:
    with db.engine.connect() as conn:
        if not inspect(conn).has_table("alembic_version"):
            return None
        return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()


def is_current(db: Database) -> bool:
    return current_revision(db) == HEAD


def sqlite_backup(source: Path, target: Path) -> None:
    """Consistent copy of a live SQLite database (the online backup API)."""
    src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    try:
        dst = sqlite3.connect(target)
        try:
            src.backup(dst)
        finally:
            dst.close()
    finally:
        src.close()


def upgrade(db: Database) -> str | None:
    """Bring the schema to HEAD; returns the path of the pre-migration copy, if one was made."""
    revision = current_revision(db)
    if revision == HEAD:
        return None
    copy: str | None = None
    if db.is_sqlite and revision is not None and db.url.database:
        path = Path(db.url.database)
        if path.exists() and path.stat().st_size > 0:
            stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
            target = path.with_name(f"{path.name}.before-{HEAD}-{stamp}.bak")
            sqlite_backup(path, target)
            copy = str(target)
            log.info("schema backup made before migration", extra={"revision": revision})
    from alembic import command
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    with db.engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")
    log.info("schema upgraded from %s to %s", revision, HEAD)
    return copy
