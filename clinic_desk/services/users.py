"""User management for administrators: list, add, deactivate, reset a password, change a role,
unlock. Every change is audited as `user_change`; no password ever reaches the audit trail."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from sqlalchemy import func, select

from ..domain.audit import AuditAction
from ..domain.errors import NotFoundError, ValidationError
from ..domain.permissions import Action
from ..domain.record import Role
from ..domain.validation import parse_name, parse_text
from ..storage.convert import local, offset_min
from ..storage.models import AuditRow, UserRow
from ..storage.unit_of_work import UnitOfWork
from .auth import AuthService
from .base import Service
from .context import Actor


@dataclass(frozen=True, slots=True)
class UserInfo:
    """One account as the user management page lists it (never the password hash)."""

    user_id: int
    username: str
    full_name: str
    credentials: str
    role: Role
    active: bool
    locked_until: datetime | None
    failed_attempts: int
    created_at: datetime
    version: int
    last_sign_in: datetime | None = None  # from the audit trail; None: never signed in

    def locked(self, now: datetime) -> bool:
        return self.locked_until is not None and self.locked_until > now

    @property
    def display(self) -> str:
        return f"{self.full_name}, {self.credentials}" if self.credentials else self.full_name


def _info(row: UserRow, now: datetime) -> UserInfo:
    minutes = offset_min(now)
    created = local(row.created_at, minutes)
    assert created is not None
    return UserInfo(row.id, row.username, row.full_name, row.credentials, Role(row.role),
                    row.active, local(row.locked_until, minutes), row.failed_attempts, created,
                    row.version)


class UserService(Service):
    """Every method needs the MANAGE right (administrators only)."""

    def _row(self, uow: UnitOfWork, username: str) -> UserRow:
        row = uow.users.by_username((username or "").strip().lower())
        if row is None:
            raise NotFoundError(f'There is no user "{username}".')
        return row

    def _active_admins(self, uow: UnitOfWork) -> int:
        return sum(1 for r in uow.users.all(Role.ADMIN) if r.active)

    def _changed(self, uow: UnitOfWork, actor: Actor, row: UserRow,
                 changes: list[dict[str, Any]]) -> UserInfo:
        uow.session.flush()
        self.audit(uow, actor, AuditAction.USER_CHANGE,
                   detail={"user": row.username, "changes": changes})
        info = _info(row, self.clock())
        uow.commit()
        return info

    def list_users(self, actor: Actor, include_inactive: bool = True) -> list[UserInfo]:
        actor.require(Action.MANAGE)
        now = self.clock()
        with self.uow(write=False) as uow:
            last: dict[str, datetime] = {
                username: at for username, at in uow.session.execute(
                    select(AuditRow.username, func.max(AuditRow.at))
                    .where(AuditRow.action == AuditAction.SIGN_IN.value)
                    .group_by(AuditRow.username)).all()}
            minutes = offset_min(now)
            return [replace(_info(r, now), last_sign_in=local(last.get(r.username), minutes))
                    for r in uow.users.all() if include_inactive or r.active]

    def get(self, actor: Actor, username: str) -> UserInfo:
        actor.require(Action.MANAGE)
        with self.uow(write=False) as uow:
            return _info(self._row(uow, username), self.clock())

    def create(self, actor: Actor, username: str, full_name: str, role: Role, password: str,
               credentials: str = "") -> UserInfo:
        actor.require(Action.MANAGE)
        created = AuthService(self.db, self.clock).create_user(
            actor, username, full_name, role, password, credentials)
        return self.get(actor, created.username)

    def set_active(self, actor: Actor, username: str, active: bool) -> UserInfo:
        """Deactivate (the account can no longer sign in or sign) or reactivate an account.
        Accounts are never deleted: records and the audit trail name them."""
        actor.require(Action.MANAGE)
        with self.uow() as uow:
            row = self._row(uow, username)
            if row.active == active:
                return _info(row, self.clock())
            if not active:
                if row.id == actor.user_id:
                    raise ValidationError("You cannot deactivate your own account.", "active")
                if row.role == Role.ADMIN.value and self._active_admins(uow) <= 1:
                    raise ValidationError("This is the last active administrator; add another "
                                          "one first.", "active")
            row.active = active
            if active:
                row.failed_attempts, row.locked_until = 0, None
            return self._changed(uow, actor, row, [
                {"field": "active", "before": not active, "after": active}])

    def change_role(self, actor: Actor, username: str, role: Role) -> UserInfo:
        actor.require(Action.MANAGE)
        with self.uow() as uow:
            row = self._row(uow, username)
            before = Role(row.role)
            if before is role:
                return _info(row, self.clock())
            if before is Role.ADMIN and self._active_admins(uow) <= 1 and row.active:
                raise ValidationError("This is the last active administrator; add another one "
                                      "first.", "role")
            row.role = role.value
            return self._changed(uow, actor, row, [
                {"field": "role", "before": before.value, "after": role.value}])

    def update_details(self, actor: Actor, username: str, full_name: str,
                       credentials: str) -> UserInfo:
        """The printed name and credentials that signatures show from now on (signatures
        already made keep the name they were made with)."""
        actor.require(Action.MANAGE)
        name = parse_name(full_name, "full name") if full_name else ""
        if not name:
            raise ValidationError("Enter the person's full name.", "full_name")
        creds = parse_text(credentials, "credentials", 60, False)
        with self.uow() as uow:
            row = self._row(uow, username)
            changes = [{"field": f, "before": getattr(row, f), "after": v}
                       for f, v in (("full_name", name), ("credentials", creds))
                       if getattr(row, f) != v]
            if not changes:
                return _info(row, self.clock())
            row.full_name, row.credentials = name, creds
            return self._changed(uow, actor, row, changes)

    def reset_password(self, actor: Actor, username: str, new_password: str) -> UserInfo:
        """Set a new password (the administrator gives it to the person) and lift any lock.
        The audit trail says that it was reset, never what it is."""
        actor.require(Action.MANAGE)
        auth = AuthService(self.db, self.clock)
        with self.uow() as uow:
            row = self._row(uow, username)
            min_len, _, _ = auth._settings(uow)
            auth.check_password_rules(new_password, min_len)
            row.password_hash = auth.hasher.hash(new_password)
            row.failed_attempts, row.locked_until = 0, None
            return self._changed(uow, actor, row, [{"field": "password", "change": "reset"}])

    def unlock(self, actor: Actor, username: str) -> UserInfo:
        """Lift a lockout before it expires (after checking who is asking, by phone or in
        person)."""
        actor.require(Action.MANAGE)
        with self.uow() as uow:
            row = self._row(uow, username)
            if row.locked_until is None and not row.failed_attempts:
                return _info(row, self.clock())
            before = row.locked_until
            row.failed_attempts, row.locked_until = 0, None
            return self._changed(uow, actor, row, [
                {"field": "locked_until", "before": before.isoformat() if before else None,
                 "after": None}])
