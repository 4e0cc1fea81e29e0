"""Who owns the database: the one check that the break-glass path trusts (docs/security.md,
"Files, accounts and imports").

SQLite: the process's effective uid owns the database file (the file system's owner can
replace the file anyway). PostgreSQL: the connected role owns the `users` table, or is a
member of the role that does, or is a superuser (pg_has_role is true for superusers); a
workstation that connects with the application role is not the owner once the two-role
set-up is in place.
"""

from __future__ import annotations

import os
import pwd
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import text

from .engine import Database


@dataclass(frozen=True, slots=True)
class Ownership:
    is_owner: bool
    who: str  # the OS account (SQLite) or the database role (PostgreSQL): never from the env
    how: str  # what was checked, for the audit entry and the refusal


def _os_account(uid: int) -> str:
    try:
        return pwd.getpwuid(uid).pw_name
    except KeyError:
        return f"uid {uid}"


def database_ownership(db: Database) -> Ownership:
    if db.is_sqlite:
        path = Path(db.url.database or "")
        uid = os.geteuid()
        try:
            owner = path.stat().st_uid
        except OSError:
            return Ownership(False, _os_account(uid), f"the database file {path} cannot be read")
        return Ownership(owner == uid, _os_account(uid),
                         f"the database file is owned by {_os_account(owner)}")
    with db.connect() as conn:
        role = str(conn.scalar(text("SELECT current_user")))
        row = conn.execute(text(
            "SELECT pg_has_role(current_user, c.relowner, 'MEMBER'), "
            "pg_get_userbyid(c.relowner) FROM pg_class c "
            "WHERE c.oid = to_regclass('users')")).first()
    if row is None:
        return Ownership(False, role, "the database has no users table")
    return Ownership(bool(row[0]), role, f"the tables are owned by the role {row[1]}")
