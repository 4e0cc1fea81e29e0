"""User management for administrators: list, add, deactivate, reset a password, change a role,
unlock. Every change is audited as `user_change`; no password ever reaches the audit trail."""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from sqlalchemy import func, select

from ..domain.audit import AuditAction
from ..domain.errors import ClinicDeskError, NotFoundError, ValidationError
from ..domain.npi import parse_npi
from ..domain.permissions import Action
from ..domain.record import Role
from ..domain.validation import parse_name, parse_text
from ..storage.convert import local, offset_min
from ..storage.models import AuditRow, UserRow
from ..storage.ownership import database_ownership
from ..storage.unit_of_work import UnitOfWork
from .auth import AuthService
from .base import Service
from .context import Actor, workstation_name
from .keys import KeyRing, endorse, fingerprint, issue_key, key_trust

log = logging.getLogger(__name__)


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
    npi: str = ""  # National Provider Identifier (issue 14), "" when none
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
                    row.version, row.npi or "")


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
            held = KeyRing.get(self.db, actor.user_id)
            key = uow.keys.current(row.id)
            if role is Role.ADMIN and held is not None and key is not None:
                # An administrator's key endorses others only when endorsed as an
                # administrator's (issue 11): vouch for it in the new role.
                trust = key_trust(uow)
                if trust.trusted(held.key_id) is not None and trust.trusted(key.id) is not None:
                    endorse(uow, trust.keys[key.id], role.value, held, self.clock(),
                            actor.username, actor.workstation)
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

    def set_npi(self, actor: Actor, username: str, npi: str) -> UserInfo:
        """Set (or with "" clear) a user's NPI, checked by its check digit (REFERENCE 6.8);
        billing exports name the rendering physician with it. Audited with before and after."""
        actor.require(Action.MANAGE)
        value = parse_npi(npi) if npi.strip() else None
        with self.uow() as uow:
            row = self._row(uow, username)
            if row.npi == value:
                return _info(row, self.clock())
            changes = [{"field": "npi", "before": row.npi, "after": value}]
            row.npi = value
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
            # The old key stays sealed under the old password, which nobody may need to know:
            # a new key pair, endorsed by this administrator's key when it is held (issue 11).
            # Signatures made with the old key keep verifying with its public key.
            uow.session.flush()
            issue_key(uow, row, new_password, auth.kdf_params(), self.clock(),
                      KeyRing.get(self.db, actor.user_id), actor.username, actor.workstation)
            return self._changed(uow, actor, row, [{"field": "password", "change": "reset"}])

    def endorse_key(self, actor: Actor, username: str, expected_fingerprint: str) -> str:
        """Vouch for an account's current signing key (issue 11): the administrator compares
        the fingerprint the person's own key shows them (`clinic-desk user key-fingerprint`)
        with `expected_fingerprint`. Needs this administrator's key, held since they signed in
        with their password. Returns the fingerprint."""
        actor.require(Action.MANAGE)
        held = KeyRing.get(self.db, actor.user_id)
        with self.uow() as uow:
            row = self._row(uow, username)
            key = uow.keys.current(row.id)
            if key is None:
                raise ValidationError(f"{row.username} has no signing key yet; it is made at "
                                      "their next sign-in.", "name")
            fp = fingerprint(key.public_key)
            if " ".join(expected_fingerprint.split()).lower() != fp:
                raise ValidationError("The fingerprint does not match the account's signing "
                                      "key; nothing was endorsed.", "--fingerprint")
            trust = key_trust(uow)
            if held is None or trust.trusted(held.key_id) is None or \
                    trust.keys[held.key_id].role != Role.ADMIN.value:
                raise ValidationError("Your own signing key is not an endorsed administrator's "
                                      "key, so it cannot endorse others.", "--admin")
            info = trust.keys[key.id]
            endorse(uow, info, row.role, held, self.clock(), actor.username, actor.workstation)
            uow.commit()
            return fp

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


@dataclass(frozen=True, slots=True)
class BreakGlassResult:
    info: UserInfo
    created: bool
    owner: str


class BreakGlassRefusedError(ClinicDeskError):
    """The break-glass path was asked for by someone who does not own the database."""


def break_glass(service: UserService, username: str, password: str,
                full_name: str = "") -> BreakGlassResult:
    """Give back administration when the last administrator's password is lost: make
    `username` an active, unlocked administrator with `password` (creating the account if it
    does not exist). Only the database owner may (storage/ownership.py); everyone else gets
    BreakGlassRefusedError and nothing changes. Audited as `break_glass` under the owner's
    OS account or database role, never a name from the environment."""
    owner = database_ownership(service.db)
    if not owner.is_owner:
        raise BreakGlassRefusedError(
            f"Break-glass is only for the database owner, and {owner.who} is not ({owner.how}). "
            "Ask an administrator to reset the password, or run it as the owner.")
    actor = Actor(0, f"break-glass:{owner.who}"[:64], "Database owner", Role.ADMIN, "",
                  workstation_name())
    auth = AuthService(service.db, service.clock)
    with service.uow() as uow:
        row = uow.users.by_username((username or "").strip().lower(), for_update=True)
        created = row is None
        before: dict[str, Any] = {}
        if row is None:
            row = auth.add_user_row(uow, username, full_name, Role.ADMIN, password)
        else:
            min_len, _, _ = auth._settings(uow)
            auth.check_password_rules(password, min_len)
            before = {"role": row.role, "active": row.active,
                      "locked": row.locked_until is not None}
            row.role, row.active = Role.ADMIN.value, True
            row.password_hash = auth.hasher.hash(password)
            row.failed_attempts, row.locked_until = 0, None
            uow.session.flush()
        service.audit(uow, actor, AuditAction.BREAK_GLASS, detail={
            "user": row.username, "created": created, "before": before,
            "owner_check": owner.how})
        # The old key (if any) was sealed under the lost password: a new pair, registered
        # awaiting endorsement by an administrator whose key is trusted (the database owner
        # cannot vouch for keys: that would let whoever holds the database sign as anyone).
        issue_key(uow, row, password, auth.kdf_params(), service.clock(), None,
                  actor.username, actor.workstation)
        info = _info(row, service.clock())
        uow.commit()
    log.warning("break-glass: %s made %s an administrator", actor.username, info.username)
    return BreakGlassResult(info, created, owner.who)
