"""Issue 11, point 8: the command line's account commands need an administrator's password,
and the audit trail names that administrator, never LOGNAME or CLINIC_DESK_WORKSTATION.

The attack: `clinic-desk user role desk physician` just worked; then desk signed records with
their own password. `LOGNAME=drlee clinic-desk user role ...` was audited as drlee. On
PostgreSQL every workstation holds the database credential, so this was open to all of them.
"""

from __future__ import annotations

import io
import sys
from typing import Any

import pytest
from sqlalchemy.engine import make_url

from clinic_desk.cli import main
from clinic_desk.services import Services
from clinic_desk.services.auth import SIGN_IN_REFUSED
from clinic_desk.storage import ownership
from clinic_desk.storage.engine import Database
from clinic_desk.storage.unit_of_work import UnitOfWork
from tests.conftest import PASSWORD
from tests.signoff.helpers import audit_count, audit_entries, raw_execute

from . import figures

NEW = "a brand new passphrase"


def run(capsys: Any, *args: str, stdin: str = "") -> tuple[int, str, str]:
    old = sys.stdin
    sys.stdin = io.TextIOWrapper(io.BytesIO(stdin.encode()), encoding="utf-8")
    try:
        code = main(list(args))
    except SystemExit as e:  # argparse
        code = int(e.code or 0)
    finally:
        sys.stdin = old
    out, err = capsys.readouterr()
    return code, out, err


def _url(services: Services) -> str:
    return services.db.url.render_as_string(hide_password=False)


def _role(services: Services, name: str) -> str:
    with UnitOfWork(services.db, write=False) as uow:
        row = uow.users.by_username(name)
        assert row is not None
        return row.role


def _refused(capsys: Any, services: Services, args: list[str], stdin: str,
             words: str) -> None:
    before = (_role(services, "desk"), audit_count(services))
    code, out, err = run(capsys, "--database", _url(services), *args, stdin=stdin)
    figures.add("account_attacks_tried")
    assert code == 2 and words in err, err
    assert out == ""
    assert _role(services, "desk") == before[0]
    figures.add("account_attacks_refused")


def test_a_role_change_without_an_administrator_is_refused(services: Services, staff: Any,
                                                           capsys: Any) -> None:
    entries = audit_count(services)
    _refused(capsys, services, ["user", "role", "desk", "physician"], "",
             "the following arguments are required: --admin, --password-stdin")
    assert audit_count(services) == entries  # argparse refused it before the database
    # desk names itself as the administrator: signed in, but not allowed.
    _refused(capsys, services, ["user", "role", "desk", "physician", "--admin", "desk",
                                "--password-stdin"], PASSWORD + "\n", "cannot manage users")
    # A wrong administrator password: refused like a sign-in, and counted toward the lockout.
    _refused(capsys, services, ["user", "role", "desk", "physician", "--admin", "admin",
                                "--password-stdin"], "guess\n", SIGN_IN_REFUSED)
    last = audit_entries(services)[-1]
    assert (last.action.value, last.username, last.detail["attempt"]) == (
        "sign_in_failed", "admin", 1)


@pytest.mark.parametrize("args,stdin", [
    (["user", "unlock", "desk"], ""), (["user", "deactivate", "desk"], ""),
    (["user", "activate", "desk"], ""), (["user", "list"], ""),
    (["user", "reset-password", "desk"], NEW + "\n"),
    (["user", "add", "mallory", "--role", "admin", "--full-name", "Mal Lory"], NEW + "\n"),
])
def test_every_account_command_needs_an_administrator(services: Services, staff: Any,
                                                      capsys: Any, args: list[str],
                                                      stdin: str) -> None:
    entries = audit_count(services)
    code, _, err = run(capsys, "--database", _url(services), *args, "--password-stdin",
                       stdin=stdin)
    assert code == 2 and "--admin" in err
    assert audit_count(services) == entries
    code, _, err = run(capsys, "--database", _url(services), *args, "--admin", "nkim",
                       "--password-stdin", stdin=PASSWORD + "\n" + stdin)
    assert code == 2 and "cannot manage users" in err, err


def test_the_audit_names_the_authenticated_administrator_not_the_environment(
        services: Services, staff: Any, capsys: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """`LOGNAME=drlee CLINIC_DESK_WORKSTATION=... clinic-desk user role ...` was drlee's."""
    for var in ("LOGNAME", "USER", "LNAME", "USERNAME"):
        monkeypatch.setenv(var, "drlee")
    code, _, err = run(capsys, "--database", _url(services), "user", "role", "desk",
                         "physician", "--admin", "admin", "--password-stdin",
                         stdin=PASSWORD + "\n")
    assert code == 0, err
    entry = audit_entries(services)[-1]
    assert (entry.action.value, entry.username) == ("user_change", "admin")
    assert entry.detail["changes"] == [{"field": "role", "before": "desk",
                                        "after": "physician"}]
    assert "drlee" not in {e.username for e in audit_entries(services)
                           if e.action.value == "user_change"}
    # Two passwords on standard input: the administrator's, then the new one.
    code, _, err = run(capsys, "--database", _url(services), "user", "reset-password", "nkim",
                       "--admin", "admin", "--password-stdin", stdin=f"{PASSWORD}\n{NEW}\n")
    assert code == 0, err
    assert services.auth.authenticate("nkim", NEW).username == "nkim"


def test_the_first_account_of_an_empty_database_needs_no_administrator(db_url: str,
                                                                       capsys: Any) -> None:
    code, _, err = run(capsys, "--database", db_url, "user", "add", "nkim", "--role", "nurse",
                       "--full-name", "Min-jun Kim", "--password-stdin", stdin=PASSWORD + "\n")
    assert code == 2 and "--role: The first account must be an administrator" in err
    code, out, err = run(capsys, "--database", db_url, "user", "add", "boss", "--role",
                         "admin", "--full-name", "Avery Morgan", "--password-stdin",
                         stdin=PASSWORD + "\n")
    assert code == 0 and "user boss added (admin)" in out, err
    code, _, err = run(capsys, "--database", db_url, "user", "add", "eve", "--role", "admin",
                       "--full-name", "Eve Adams", "--password-stdin", stdin=PASSWORD + "\n")
    assert code == 2 and "--admin" in err


@pytest.mark.allow_log_warnings  # break-glass logs a warning on purpose
def test_break_glass_is_for_the_database_owner_and_loudly_audited(
        services: Services, staff: Any, capsys: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """The last administrator's password is lost: the database owner makes an account an
    administrator again. SQLite: this process owns the file; PostgreSQL: the test server's
    role owns the tables."""
    from tests.conftest import owner_url

    # PostgreSQL: the owner's URL (the workstations' role is refused, see the test below).
    owner = owner_url(_url(services))
    code, out, err = run(capsys, "--database", owner, "user", "break-glass", "nkim",
                         "--password-stdin", stdin=NEW + "\n")
    assert code == 0, err
    assert "BREAK-GLASS" in err and "nkim is an administrator" in out
    entry, key_entry = audit_entries(services)[-2:]
    from clinic_desk.storage.engine import Database

    owner_db = Database(owner)
    try:
        expected_owner = ownership.database_ownership(owner_db).who
    finally:
        owner_db.dispose()
    assert entry.action.value == "break_glass"
    # A fresh signing key (the old one was sealed under the lost password), awaiting an
    # administrator's endorsement: break-glass never vouches for a key.
    assert key_entry.action.value == "key_register" and key_entry.detail["user"] == "nkim"
    assert "endorsement" not in key_entry.detail
    assert entry.username == f"break-glass:{expected_owner}"
    assert entry.detail["user"] == "nkim" and entry.detail["before"]["role"] == "nurse"
    assert services.auth.authenticate("nkim", NEW).role.value == "admin"
    # A new account needs a printed name.
    code, _, err = run(capsys, "--database", owner, "user", "break-glass", "root2",
                       "--password-stdin", stdin=NEW + "\n")
    assert code == 2 and "full_name" in err


def test_break_glass_is_refused_to_whoever_does_not_own_the_sqlite_file(
        sqlite_services: Services, sqlite_staff: Any, capsys: Any,
        monkeypatch: pytest.MonkeyPatch) -> None:
    real = ownership.os.geteuid()
    monkeypatch.setattr(ownership.os, "geteuid", lambda: real + 4242)
    entries = audit_count(sqlite_services)
    code, out, err = run(capsys, "--database", _url(sqlite_services), "user", "break-glass",
                         "desk", "--password-stdin", stdin=NEW + "\n")
    figures.add("account_attacks_tried")
    assert code == 2 and "only for the database owner" in err and out == ""
    assert audit_count(sqlite_services) == entries and _role(sqlite_services, "desk") == "desk"
    figures.add("account_attacks_refused")


def test_break_glass_is_refused_to_the_application_role_on_postgresql(
        pg_url: str, capsys: Any) -> None:
    """A workstation's role with only the DML it needs (issue 11's two-role set-up) is not
    the owner, so it cannot break glass; the owner role can."""
    from tests.conftest import make_staff

    owner_db = Services(Database(pg_url))
    make_staff(owner_db)
    raw_execute(pg_url, "DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = "
                        "'clinic_app_test') THEN CREATE ROLE clinic_app_test LOGIN PASSWORD "
                        "'app-secret'; END IF; END $$")
    raw_execute(pg_url, "GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public "
                        "TO clinic_app_test")
    raw_execute(pg_url, "GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO clinic_app_test")
    app_url = make_url(pg_url).set(username="clinic_app_test", password="app-secret")
    entries = audit_count(owner_db)
    code, _, err = run(capsys, "--database", app_url.render_as_string(hide_password=False),
                         "user", "break-glass", "desk", "--password-stdin",
                         stdin=NEW + "\n")
    assert code == 2 and "clinic_app_test is not" in err, err
    assert audit_count(owner_db) == entries and _role(owner_db, "desk") == "desk"
    owner_db.db.dispose()
