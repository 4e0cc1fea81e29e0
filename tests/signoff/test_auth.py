"""Sign-in safeguards (HIPAA 164.312(a), (d)): argon2id, minimum length, lockout and its
expiry on an injected clock, screen lock and unlock, user management; all audited, and no
password anywhere in the audit trail or an error message."""

from __future__ import annotations

from typing import Any

import pytest

from clinic_desk.domain.clinic import SecuritySettings
from clinic_desk.domain.errors import AuthenticationError, NotFoundError, ValidationError
from clinic_desk.domain.record import Role
from clinic_desk.services import Services
from clinic_desk.services.auth import SIGN_IN_REFUSED
from clinic_desk.storage.unit_of_work import UnitOfWork

from .helpers import Clock, audit_entries


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def timed(services: Services, clock: Clock) -> Services:
    return Services(services.db, clock)


def _actions(services: Services, since: int = 0) -> list[str]:
    return [e.action.value for e in audit_entries(services)[since:]]


def _all_audit_text(services: Services) -> str:
    return repr([(e.username, e.workstation, e.detail) for e in audit_entries(services)])


def test_passwords_are_argon2id_hashes(services: Services, staff: Any) -> None:
    with UnitOfWork(services.db, write=False) as uow:
        row = uow.users.by_username("drlee")
        assert row is not None
        assert row.password_hash.startswith("$argon2id$")
        assert staff.password not in row.password_hash


@pytest.mark.parametrize("bad", ["short", "nine char", " leading space ok?", "trailing ok?  "])
def test_password_rules(services: Services, staff: Any, bad: str) -> None:
    with pytest.raises(ValidationError) as err:
        services.users.create(staff.admin, "newnurse", "New Nurse", Role.NURSE, bad)
    assert [i.field for i in err.value.issues] == ["password"]
    assert bad not in str(err.value)
    with pytest.raises(NotFoundError):
        services.users.get(staff.admin, "newnurse")


def test_minimum_length_is_a_clinic_setting(services: Services, staff: Any) -> None:
    services.settings.save_security(staff.admin, SecuritySettings(min_password_length=16))
    with pytest.raises(ValidationError, match="16 characters"):
        services.users.reset_password(staff.admin, "nkim", "fifteen chars!!")
    services.users.reset_password(staff.admin, "nkim", "sixteen chars!!!")
    assert services.auth.authenticate("nkim", "sixteen chars!!!").username == "nkim"


def test_lockout_after_five_failures_and_its_expiry(timed: Services, staff: Any,
                                                    clock: Clock) -> None:
    start = len(audit_entries(timed))
    for n in range(1, 5):
        with pytest.raises(AuthenticationError) as err:
            timed.auth.authenticate("nkim", f"guess {n}")
        assert str(err.value) == SIGN_IN_REFUSED
    with pytest.raises(AuthenticationError) as err:
        timed.auth.authenticate("nkim", "guess 5")
    assert str(err.value) == SIGN_IN_REFUSED  # the lock is not announced (issue 11)
    assert _actions(timed, start) == ["sign_in_failed"] * 5 + ["account_locked"]
    locked = audit_entries(timed)[-1]
    assert locked.username == "nkim" and locked.detail == {"minutes": 15}
    # While locked, the right password is refused too (and that is audited).
    clock.advance(minutes=14, seconds=59)
    with pytest.raises(AuthenticationError) as err:
        timed.auth.authenticate("nkim", staff.password)
    assert str(err.value) == SIGN_IN_REFUSED
    assert audit_entries(timed)[-1].detail == {"reason": "account locked"}
    # Expired: the right password works, and the count starts again from zero.
    clock.advance(seconds=2)
    assert timed.auth.authenticate("nkim", staff.password).username == "nkim"
    assert _actions(timed)[-1] == "sign_in"
    for _ in range(4):
        with pytest.raises(AuthenticationError):
            timed.auth.authenticate("nkim", "guess")
    assert timed.auth.authenticate("nkim", staff.password).username == "nkim"
    with pytest.raises(AuthenticationError):
        timed.auth.authenticate("nkim", "guess again")  # 1 failure, not 5: counts reset
    assert audit_entries(timed)[-1].detail == {"reason": "wrong password", "attempt": 1}
    # No password, wrong or right, is in the audit trail.
    text = _all_audit_text(timed)
    assert "guess" not in text and staff.password not in text


def test_lockout_numbers_are_clinic_settings(timed: Services, staff: Any,
                                             clock: Clock) -> None:
    timed.settings.save_security(staff.admin, SecuritySettings(max_failed_sign_ins=3,
                                                                lockout_minutes=2))
    for _ in range(2):
        with pytest.raises(AuthenticationError, match="Wrong username"):
            timed.auth.authenticate("desk", "nope")
    with pytest.raises(AuthenticationError, match="Wrong username"):
        timed.auth.authenticate("desk", "nope")
    assert audit_entries(timed)[-1].detail == {"minutes": 2}
    with pytest.raises(AuthenticationError):
        timed.auth.authenticate("desk", staff.password)
    clock.advance(minutes=2, seconds=1)
    assert timed.auth.authenticate("desk", staff.password).role is Role.DESK


def test_unknown_users_are_audited_without_revealing_anything(services: Services) -> None:
    with pytest.raises(AuthenticationError) as err:
        services.auth.authenticate("nobody", "whatever password")
    assert str(err.value) == SIGN_IN_REFUSED
    entry = audit_entries(services)[-1]
    assert (entry.action.value, entry.username) == ("sign_in_failed", "nobody")
    assert "whatever" not in _all_audit_text(services)


def test_admin_unlock_and_password_reset_lift_the_lock(timed: Services, staff: Any) -> None:
    for _ in range(5):
        with pytest.raises(AuthenticationError):
            timed.auth.authenticate("drlee", "wrong")
    info = timed.users.get(staff.admin, "drlee")
    assert info.locked(timed.users.clock())
    timed.users.unlock(staff.admin, "drlee")
    assert timed.auth.authenticate("drlee", staff.password).username == "drlee"
    for _ in range(5):
        with pytest.raises(AuthenticationError):
            timed.auth.authenticate("drlee", "wrong")
    timed.users.reset_password(staff.admin, "drlee", "a brand new password")
    assert timed.auth.authenticate("drlee", "a brand new password").username == "drlee"
    with pytest.raises(AuthenticationError):
        timed.auth.authenticate("drlee", staff.password)
    changes = [e for e in audit_entries(timed) if e.action.value == "user_change"]
    assert [c.detail["changes"][0]["field"] for c in changes] == ["locked_until", "password"]
    assert changes[-1].detail == {"user": "drlee",
                                  "changes": [{"field": "password", "change": "reset"}]}
    assert "brand new" not in _all_audit_text(timed)


def test_user_management_is_audited(services: Services, staff: Any) -> None:
    s, admin = services, staff.admin
    created = s.users.create(admin, "NRossi", "Giulia Rossi", Role.NURSE,
                             "a long enough password", "RN")
    assert (created.username, created.role, created.active) == ("nrossi", Role.NURSE, True)
    s.users.change_role(admin, "nrossi", Role.PHYSICIAN)
    s.users.update_details(admin, "nrossi", "Giulia Rossi", "MD")
    s.users.set_active(admin, "nrossi", False)
    s.users.set_active(admin, "nrossi", True)
    entries = [e for e in audit_entries(s) if e.action.value in ("user_create", "user_change")]
    assert [e.detail for e in entries[-5:]] == [
        {"user": "nrossi", "role": "nurse"},
        {"user": "nrossi", "changes": [{"field": "role", "before": "nurse",
                                        "after": "physician"}]},
        {"user": "nrossi", "changes": [{"field": "credentials", "before": "RN",
                                        "after": "MD"}]},
        {"user": "nrossi", "changes": [{"field": "active", "before": True, "after": False}]},
        {"user": "nrossi", "changes": [{"field": "active", "before": False, "after": True}]},
    ]
    assert all(e.username == "admin" for e in entries[-5:])
    assert "a long enough password" not in _all_audit_text(s)
    listed = {u.username: u for u in s.users.list_users(admin)}
    assert set(listed) == {"admin", "drlee", "drokafor", "nkim", "desk", "nrossi"}
    assert listed["nrossi"].display == "Giulia Rossi, MD"


def test_administrators_cannot_lock_themselves_out(services: Services, staff: Any) -> None:
    s, admin = services, staff.admin
    with pytest.raises(ValidationError, match="your own account"):
        s.users.set_active(admin, "admin", False)
    with pytest.raises(ValidationError, match="last active administrator"):
        s.users.change_role(admin, "admin", Role.NURSE)
    second = s.users.create(admin, "admin2", "Robin Admin", Role.ADMIN, "long enough pw!")
    s.users.change_role(admin, "admin", Role.DESK)  # now allowed: admin2 remains
    assert s.users.get(staff.admin, second.username).role is Role.ADMIN
    with pytest.raises(NotFoundError):
        s.users.set_active(admin, "ghost", False)


def test_screen_lock_and_unlock(timed: Services, staff: Any) -> None:
    start = len(audit_entries(timed))
    timed.auth.lock_screen(staff.nurse)
    with pytest.raises(AuthenticationError, match="not right"):
        timed.auth.unlock_screen(staff.nurse, "nope")
    back = timed.auth.unlock_screen(staff.nurse, staff.password)
    assert back == staff.nurse
    assert _actions(timed, start) == ["screen_lock", "sign_in_failed", "screen_unlock"]
    assert audit_entries(timed)[start].detail == {"reason": "idle"}
    assert audit_entries(timed)[start + 1].detail == {"reason": "wrong password (unlock)",
                                                      "attempt": 1}


def test_guessing_at_a_locked_screen_locks_the_account(timed: Services, staff: Any) -> None:
    timed.auth.lock_screen(staff.physician)
    for _ in range(5):
        with pytest.raises(AuthenticationError):
            timed.auth.unlock_screen(staff.physician, "guess")
    assert "account_locked" in _actions(timed)
    with pytest.raises(AuthenticationError, match="locked"):
        timed.auth.unlock_screen(staff.physician, staff.password)


def test_sign_out_reasons_are_audited(services: Services, staff: Any) -> None:
    services.auth.sign_out(staff.nurse)
    services.auth.sign_out(staff.nurse, "switch user")
    last = audit_entries(services)[-2:]
    assert [(e.action.value, e.detail) for e in last] == [
        ("sign_out", {}), ("sign_out", {"reason": "switch user"})]


def test_security_settings_changes_are_audited_with_before_and_after(services: Services,
                                                                     staff: Any) -> None:
    services.settings.save_security(staff.admin, SecuritySettings(idle_lock_minutes=3))
    entry = audit_entries(services)[-1]
    assert entry.action.value == "settings_change" and entry.username == "admin"
    assert entry.detail["before"]["idle_lock_minutes"] == 10
    assert entry.detail["after"]["idle_lock_minutes"] == 3
    assert services.settings.load().security.idle_lock_minutes == 3
    with pytest.raises(ValidationError):
        services.settings.save_security(staff.admin, SecuritySettings(idle_lock_minutes=0))


def _stored_hash(services: Services, username: str) -> str:
    with UnitOfWork(services.db, write=False) as uow:
        row = uow.users.by_username(username)
        assert row is not None
        return row.password_hash


def test_new_hashes_use_the_owasp_profile(services: Services, staff: Any,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    from argon2 import extract_parameters
    from argon2.profiles import RFC_9106_LOW_MEMORY

    from clinic_desk.services.auth import _DUMMY_HASH, HASHER, AuthService

    for params in (HASHER, extract_parameters(_DUMMY_HASH)):
        assert (params.memory_cost, params.time_cost, params.parallelism) == (19456, 2, 1)
    assert RFC_9106_LOW_MEMORY.memory_cost == 65536  # the profile it replaces
    monkeypatch.setattr(AuthService, "hasher", HASHER)
    services.users.reset_password(staff.admin, "nkim", staff.password)
    stored = extract_parameters(_stored_hash(services, "nkim"))
    assert (stored.type.name, stored.memory_cost, stored.time_cost, stored.parallelism) == (
        "ID", 19456, 2, 1)


def test_an_old_profile_hash_verifies_and_is_upgraded_at_sign_in(
        services: Services, staff: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    from argon2 import PasswordHasher, extract_parameters

    from clinic_desk.services.auth import HASHER, AuthService

    # nkim's hash was made with other parameters (the test suite's cheap hasher, as an
    # account created under the RFC 9106 profile would be).
    old = _stored_hash(services, "nkim")
    assert PasswordHasher.from_parameters(extract_parameters(old)).verify(old, staff.password)
    monkeypatch.setattr(AuthService, "hasher", HASHER)
    with pytest.raises(AuthenticationError):
        services.auth.authenticate("nkim", "not the password")
    assert _stored_hash(services, "nkim") == old  # a refused password changes nothing
    since = len(audit_entries(services))
    assert services.auth.authenticate("nkim", staff.password).username == "nkim"
    upgraded = _stored_hash(services, "nkim")
    assert upgraded != old and not HASHER.check_needs_rehash(upgraded)
    assert HASHER.verify(upgraded, staff.password)
    assert _actions(services, since) == ["sign_in"]
    assert staff.password not in _all_audit_text(services)
    # A hash made with the library's default (RFC 9106, 64 MiB) profile verifies too.
    services.users.reset_password(staff.admin, "drlee", staff.password)
    with UnitOfWork(services.db) as uow:
        row = uow.users.by_username("drlee")
        assert row is not None
        row.password_hash = PasswordHasher().hash(staff.password)
        uow.commit()
    services.auth.authenticate("drlee", staff.password)
    assert not HASHER.check_needs_rehash(_stored_hash(services, "drlee"))
