"""Accounts and sign-in: argon2id hashes, lockout after repeated failures, all audited."""

from __future__ import annotations

import functools
import logging
from datetime import datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from ..domain.audit import AuditAction
from ..domain.errors import SIGN_IN_REFUSED, AuthenticationError, ValidationError
from ..domain.permissions import Action
from ..domain.record import Role, StaffRef
from ..domain.validation import parse_name, parse_text
from ..storage.models import UserRow
from ..storage.unit_of_work import UnitOfWork
from .base import Service
from .context import Actor, workstation_name
from .keys import HeldKey, KdfParams, KeyRing, issue_key, unseal

log = logging.getLogger(__name__)

# argon2id with the OWASP Password Storage Cheat Sheet's minimum profile (m=19 MiB, t=2,
# p=1) rather than the library default (RFC 9106 low-memory, m=64 MiB, t=3, p=4): the check
# runs at every sign-in, unlock and signature, and the 64 MiB profile cost each one 64 MiB and
# ~0.3 s on clinic workstations (docs/security.md). Hashes with other parameters still verify
# and are rehashed at the next sign-in. Tests may swap in a cheaper hasher through
# `AuthService.hasher`.
HASHER = PasswordHasher(time_cost=2, memory_cost=19456, parallelism=1)
# A fixed hash with HASHER's parameters, verified when the account does not exist so that
# costs as long as a real check. A literal rather than HASHER.hash() at import: hashing there
# would cost every start of the app.
_DUMMY_HASH = ("$argon2id$v=19$m=19456,t=2,p=1$cHkAqHjtgti3AV3WuMeU4A$"
               "3oCPOufPe9hVpzHDUyLdZ7iWJWfqBEGjBxAMhnVUDiY")

# The one answer to a refused sign-in, whatever the reason (wrong password, unknown or
# inactive account, locked account, the attempt that locks it): a different text, or a
# faster answer, would tell a stranger which usernames exist (issue 11, point 12). Every
# path runs one password check, so all of them take as long (benchmarks/bench_signin.py).


@functools.lru_cache(maxsize=4)
def _dummy_hash(time_cost: int, memory_cost: int, parallelism: int) -> str:
    """A hash with the hasher's own parameters, so checking it costs what a real check costs
    (the literal above for the production profile; one hash the first time for any other)."""
    if (time_cost, memory_cost, parallelism) == (HASHER.time_cost, HASHER.memory_cost,
                                                 HASHER.parallelism):
        return _DUMMY_HASH
    return PasswordHasher(time_cost=time_cost, memory_cost=memory_cost,
                          parallelism=parallelism).hash("not a password")


class AuthService(Service):
    hasher: PasswordHasher = HASHER

    def _settings(self, uow: object) -> tuple[int, int, int]:
        from .settings import SettingsService

        sec = SettingsService.security_from(uow)  # type: ignore[arg-type]
        return sec.min_password_length, sec.max_failed_sign_ins, sec.lockout_minutes

    def check_password_rules(self, password: str, min_length: int) -> None:
        if len(password) < min_length:
            raise ValidationError(f"A password needs at least {min_length} characters.",
                                  "password")
        if password.strip() != password or not password.strip():
            raise ValidationError("A password cannot start or end with a space.", "password")

    @staticmethod
    def actor_from(row: UserRow, workstation: str = "") -> Actor:
        return Actor(row.id, row.username, row.full_name, Role(row.role), row.credentials,
                     workstation or workstation_name())

    def create_user(self, actor: Actor | None, username: str, full_name: str, role: Role,
                    password: str, credentials: str = "") -> Actor:
        """Add an account. `actor` None is allowed only while no account exists (first run)."""
        with self.uow() as uow:
            if actor is None:
                if uow.users.count() > 0:
                    raise AuthenticationError("Sign in as an administrator to add users.")
            else:
                actor.require(Action.MANAGE)
            row = self.add_user_row(uow, username, full_name, role, password, credentials)
            self.audit(uow, actor, AuditAction.USER_CREATE,
                       username=actor.username if actor else row.username,
                       detail={"user": row.username, "role": role.value})
            held = issue_key(uow, row, password, self.kdf_params(), self.clock(),
                             KeyRing.get(self.db, actor.user_id) if actor else None,
                             actor.username if actor else row.username,
                             actor.workstation if actor else "")
            uow.commit()
            if actor is None and role is Role.ADMIN:
                KeyRing.put(self.db, held)  # the first administrator is signed in by now
            return self.actor_from(row)

    def add_user_row(self, uow: UnitOfWork, username: str, full_name: str, role: Role,
                     password: str, credentials: str = "") -> UserRow:
        """Check and add an account inside the caller's transaction (not audited here)."""
        username = (username or "").strip().lower()
        bare = username.replace(".", "").replace("_", "").replace("-", "")
        if not username or not bare.isascii() or not bare.isalnum() or len(username) > 64:
            raise ValidationError("A username has 1 to 64 letters, digits, dots, hyphens or "
                                  "underscores.", "username")
        full_name = parse_name(full_name, "full name") if full_name else ""
        if not full_name:
            raise ValidationError("Enter the person's full name.", "full_name")
        credentials = parse_text(credentials, "credentials", 60, False)
        min_len, _, _ = self._settings(uow)
        self.check_password_rules(password, min_len)
        if uow.users.by_username(username) is not None:
            raise ValidationError("This username is taken.", "username")
        return uow.users.add(username, full_name, role, self.hasher.hash(password),
                             credentials)

    def _password_matches(self, stored_hash: str | None, password: str) -> bool:
        """One argon2id check, always: against the account's hash, or a dummy of the same cost
        when there is no account, so every answer takes as long."""
        h = self.hasher
        real = bool(stored_hash)
        try:
            matched = h.verify(stored_hash or _dummy_hash(
                h.time_cost, h.memory_cost, h.parallelism), password or "")
        except (VerifyMismatchError, VerificationError, InvalidHashError):
            return False
        return bool(matched) and real

    def authenticate(self, username: str, password: str, workstation: str = "") -> Actor:
        """Check a password; lock the account for a while after too many failures in a row.

        The account's row is locked for the whole attempt (SELECT ... FOR UPDATE), so parallel
        attempts on PostgreSQL queue up and each failure is counted and audited exactly once.
        Every refusal raises the same AuthenticationError(SIGN_IN_REFUSED)."""
        username = (username or "").strip().lower()
        with self.uow() as uow:
            _, max_failed, lock_minutes = self._settings(uow)
            row = uow.users.by_username(username, for_update=True)
            now = self.clock()
            ws = workstation or workstation_name()
            if row is None or not row.active:
                self._password_matches(None, password)
                self.audit(uow, None, AuditAction.SIGN_IN_FAILED, username=username[:64],
                           detail={"reason": "unknown or inactive account"})
                uow.commit()
                raise AuthenticationError(SIGN_IN_REFUSED)
            actor = self.actor_from(row, ws)
            right = self._password_matches(row.password_hash, password)
            if row.locked_until is not None and row.locked_until > now:
                self.audit(uow, actor, AuditAction.SIGN_IN_FAILED,
                           detail={"reason": "account locked"})
                uow.commit()
                raise AuthenticationError(SIGN_IN_REFUSED)
            if not right:
                raise self._wrong_password(uow, row, actor, "wrong password", now, max_failed,
                                           lock_minutes, SIGN_IN_REFUSED,
                                           SIGN_IN_REFUSED) from None
            if self.hasher.check_needs_rehash(row.password_hash):
                # Older parameters (e.g. the RFC 9106 64 MiB profile): upgrade in this
                # same audited transaction, now that the password is known to be right.
                row.password_hash = self.hasher.hash(password)
            row.failed_attempts = 0
            row.locked_until = None
            self.audit(uow, actor, AuditAction.SIGN_IN)
            held = self._signing_key(uow, row, password, ws)
            uow.commit()
            if held is not None and row.role == Role.ADMIN.value:
                KeyRing.put(self.db, held)  # endorses the keys of accounts this admin sets up
            return actor

    def kdf_params(self) -> KdfParams:
        """argon2id parameters that seal signing keys: the password hasher's own."""
        h = self.hasher
        return KdfParams(h.time_cost, h.memory_cost, h.parallelism)

    def _signing_key(self, uow: UnitOfWork, row: UserRow, password: str,
                     workstation: str) -> HeldKey | None:
        """At sign-in: an account without a key (made before issue 11) gets one now, awaiting
        endorsement unless it is the first administrator's (the trust root); an
        administrator's key is opened to be held while they are signed in (other accounts'
        keys are opened only to sign)."""
        key = uow.keys.current(row.id)
        if key is None:
            return issue_key(uow, row, password, self.kdf_params(), self.clock(), None,
                             row.username, workstation)
        if row.role != Role.ADMIN.value:
            return None
        try:
            return HeldKey(key.id, row.id, unseal(key.sealed_key, password, row.username,
                                                  key.public_key))
        except AuthenticationError:
            log.warning("an administrator's signing key does not open with their password")
            return None

    def _wrong_password(self, uow: UnitOfWork, row: UserRow, actor: Actor, reason: str,
                        now: datetime, max_failed: int, lock_minutes: int,
                        message: str, locked_message: str | None = None) -> AuthenticationError:
        """Count a wrong password (sign-in or re-check alike; the caller holds the row lock):
        audit it, lock the account at `max_failed` in a row (audited), commit. The error to
        raise says which happened, unless `locked_message` is given (sign-in says the same
        either way)."""
        row.failed_attempts += 1
        self.audit(uow, actor, AuditAction.SIGN_IN_FAILED,
                   detail={"reason": reason, "attempt": row.failed_attempts})
        locked = row.failed_attempts >= max_failed
        if locked:
            row.locked_until = now + timedelta(minutes=lock_minutes)
            row.failed_attempts = 0
            self.audit(uow, actor, AuditAction.ACCOUNT_LOCKED, detail={"minutes": lock_minutes})
        uow.commit()
        if locked:
            return AuthenticationError(locked_message or (
                f"Too many wrong passwords: this account is locked for {lock_minutes} minutes."))
        return AuthenticationError(message)

    def reauthenticate(self, actor: Actor, password: str, purpose: str) -> Actor:
        """Re-check the signed-in user's password before signing or unlocking the screen.

        A wrong password counts toward the lockout exactly like a failed sign-in, so a
        workstation left signed in cannot be used to guess its owner's password. Returns the
        account as stored now (its current role and printed name), or raises
        AuthenticationError. `purpose` ("signing", "unlock") goes in the audit trail.
        """
        with self.uow() as uow:
            _, max_failed, lock_minutes = self._settings(uow)
            row = uow.users.by_username(actor.username, for_update=True)
            now = self.clock()
            if row is None or not row.active or row.id != actor.user_id:
                self.audit(uow, actor, AuditAction.SIGN_IN_FAILED,
                           detail={"reason": f"inactive account ({purpose})"})
                uow.commit()
                raise AuthenticationError("This account is no longer active. Ask an "
                                          "administrator.")
            fresh = self.actor_from(row, actor.workstation)
            right = self._password_matches(row.password_hash, password)
            if row.locked_until is not None and row.locked_until > now:
                self.audit(uow, fresh, AuditAction.SIGN_IN_FAILED,
                           detail={"reason": f"account locked ({purpose})"})
                uow.commit()
                raise AuthenticationError(
                    "This account is locked after too many wrong passwords. Try again later, "
                    "or ask an administrator.")
            if not right:
                raise self._wrong_password(uow, row, fresh, f"wrong password ({purpose})", now,
                                           max_failed, lock_minutes,
                                           "The password is not right.")
            if row.failed_attempts:
                row.failed_attempts = 0
                uow.commit()
            return fresh

    def verify_password(self, actor: Actor, password: str) -> bool:
        """Re-check the signed-in user's password (signing, unlocking) without side effects."""
        with self.uow(write=False) as uow:
            row = uow.users.by_username(actor.username)
            if row is None or not row.active:
                return False
            try:
                return self.hasher.verify(row.password_hash, password or "")
            except (VerifyMismatchError, VerificationError, InvalidHashError):
                return False

    def sign_out(self, actor: Actor, reason: str = "") -> None:
        """End a session; `reason` says why when it was not the user's choice ("switch user",
        "idle lock", "another user signed in")."""
        KeyRing.drop(self.db, actor.user_id)
        with self.uow() as uow:
            self.audit(uow, actor, AuditAction.SIGN_OUT,
                       detail={"reason": reason} if reason else None)
            uow.commit()

    def lock_screen(self, actor: Actor, reason: str = "idle") -> None:
        """The workstation hid patient data (idle timeout or the user's own lock)."""
        with self.uow() as uow:
            self.audit(uow, actor, AuditAction.SCREEN_LOCK, detail={"reason": reason})
            uow.commit()

    def unlock_screen(self, actor: Actor, password: str) -> Actor:
        """The same user returns: the password again, counted toward the lockout."""
        fresh = self.reauthenticate(actor, password, "unlock")
        with self.uow() as uow:
            self.audit(uow, fresh, AuditAction.SCREEN_UNLOCK)
            uow.commit()
        return fresh

    def users(self, role: Role | None = None) -> list[StaffRef]:
        with self.uow(write=False) as uow:
            return [StaffRef(r.username, r.full_name, r.credentials)
                    for r in uow.users.all(role) if r.active]

    def has_users(self) -> bool:
        with self.uow(write=False) as uow:
            return uow.users.count() > 0
