"""The `clinic-desk` command: opens the app, or runs a sub-command on the same services.

Errors go to stderr with exit status 2 and nothing half-saved. Record sub-commands act as the
command-line operator (audited as "cli:<os user>", nurse rights), who has direct database
access anyway; signing and addenda need the physician's own username and password, account
commands an administrator's (--admin NAME --password-stdin), authenticated by the same
AuthService as the app.
"""

from __future__ import annotations

import argparse
import getpass
import json
import sys
from collections.abc import Callable, Sequence
from datetime import date
from typing import Any

from . import __version__

EXIT_ERROR = 2

DESCRIPTION = """\
Clinic Desk: procedure records, physician sign-off and discharge handouts for spine and
pain clinics. With no sub-command it opens the application.

The database is the --database URL, else $CLINIC_DESK_DATABASE_URL, else an SQLite file in
your data folder. Examples: sqlite:////srv/clinic.sqlite3,
postgresql://clinicdesk@db.clinic.lan/clinicdesk (password from ~/.pgpass or PGPASSWORD)."""


class CliError(Exception):
    pass


class IntegrityAlarm(CliError):
    """The database no longer holds what this computer saw (issue 11): exit status 1."""


EXIT_ALARM = 1
_OPENED: list[Any] = []  # databases this run opened: their audit head is remembered at the end


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="clinic-desk", description=DESCRIPTION,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--database", metavar="URL", help="database URL (SQLite or PostgreSQL)")
    p.add_argument("--version", action="version", version=f"clinic-desk {__version__}")
    sub = p.add_subparsers(dest="command", metavar="COMMAND")

    init = sub.add_parser(
        "init-db", help="create or upgrade the schema",
        description="Create the database schema, or upgrade it to this version (an SQLite file "
                    "is copied aside first). PostgreSQL with two roles: --owner-url connects as "
                    "the role that owns the tables and runs the migrations; the role of "
                    "--database (the workstations' role) is then granted only the rights it "
                    "needs. Keep the owner's credential off the workstations.")
    init.add_argument("--owner-url", metavar="URL",
                      help="PostgreSQL URL of the owner role (migrations, grants)")
    demo = sub.add_parser("demo", help="fill an empty database with a demo clinic",
                          description="Create a demo clinic in an empty database: one user per "
                                      "role (passwords printed once), patients and a week of "
                                      "records.")
    demo.add_argument("--if-empty", action="store_true",
                      help="do nothing (and succeed) when the database already has users")

    user = sub.add_parser(
        "user", help="manage user accounts (an administrator's name and password)",
        description="Every account command authenticates an administrator: --admin NAME, "
                    "with that administrator's password as the first line of standard input "
                    "(a new password, where one is set, is the second line). Only the first "
                    "account of an empty database needs none. See docs/security.md.",
    ).add_subparsers(dest="user_command", metavar="ACTION", required=True)
    admin_help = "the administrator doing this (password: first line of standard input)"
    add = user.add_parser("add", help="add a user account",
                          description="Add a user. Standard input: the administrator's "
                                      "password, then the new account's password. The first "
                                      "account of an empty database is an administrator and "
                                      "needs no --admin (its password is the only line).")
    add.add_argument("name", metavar="NAME", help="username (letters, digits, . _ -)")
    add.add_argument("--role", required=True, choices=["nurse", "physician", "desk", "admin"])
    add.add_argument("--full-name", required=True, metavar="TEXT",
                     help="printed name, e.g. 'Hana Lee'")
    add.add_argument("--credentials", default="", metavar="TEXT", help="e.g. MD, DO, RN")
    add.add_argument("--admin", metavar="NAME", help=admin_help + "; not for the first account")
    add.add_argument("--password-stdin", action="store_true", required=True,
                     help="read the passwords from standard input (never from the command line)")

    def admin_command(name: str, helptext: str, description: str = "") -> Any:
        one = user.add_parser(name, help=helptext,
                              description=description or helptext.capitalize() + ".")
        one.add_argument("--admin", required=True, metavar="NAME", help=admin_help)
        one.add_argument("--password-stdin", action="store_true", required=True,
                         help="read the password(s) from standard input")
        return one

    for name, helptext in (("unlock", "lift a sign-in lockout now"),
                           ("deactivate", "stop an account from signing in (kept for records)"),
                           ("activate", "let a deactivated account sign in again")):
        admin_command(name, helptext).add_argument("name", metavar="NAME")
    admin_command("reset-password", "set a new password",
                  "Set a new password for an account and lift its lock. Standard input: the "
                  "administrator's password, then the new password. Audited.").add_argument(
                      "name", metavar="NAME")
    role = admin_command("role", "change an account's role")
    role.add_argument("name", metavar="NAME")
    role.add_argument("role", choices=["nurse", "physician", "desk", "admin"])
    admin_command("list", "list accounts, their roles and whether they are locked")
    glass = user.add_parser(
        "break-glass", help="database owner only: recover a lost last administrator",
        description="Make NAME an active, unlocked administrator with the password on "
                    "standard input, creating the account if needed (then --full-name is "
                    "required). Only the database owner may: on SQLite the OS account that "
                    "owns the database file, on PostgreSQL a role that owns the tables (an "
                    "owner URL in --database). Audited as break_glass under that OS account "
                    "or role. See docs/security.md, \"Files, accounts and imports\".")
    glass.add_argument("name", metavar="NAME")
    glass.add_argument("--full-name", default="", metavar="TEXT",
                       help="printed name, when the account is created")
    glass.add_argument("--password-stdin", action="store_true", required=True)
    endorse = user.add_parser(
        "endorse-key", help="endorse an account's signing key (administrators)",
        description="Vouch for NAME's current Ed25519 signing key, so that their signatures "
                    "verify. Compare the fingerprint with the one NAME's own `user "
                    "key-fingerprint` shows them (in person or by phone). The administrator's "
                    "password is read from standard input; audited as key_endorse.")
    endorse.add_argument("name", metavar="NAME")
    endorse.add_argument("--fingerprint", required=True, metavar="XXXX XXXX XXXX XXXX")
    endorse.add_argument("--admin", required=True, metavar="ADMIN",
                         help="the endorsing administrator's username")
    endorse.add_argument("--password-stdin", action="store_true", required=True)
    fpr = user.add_parser(
        "key-fingerprint", help="show the fingerprint of your own signing key",
        description="Open your signing key with your password (standard input) and print its "
                    "fingerprint, for an administrator to endorse.")
    fpr.add_argument("--user", required=True, metavar="NAME")
    fpr.add_argument("--password-stdin", action="store_true", required=True)

    rec = sub.add_parser("record", help="import, show, list, sign procedure records")
    rsub = rec.add_subparsers(dest="record_command", metavar="ACTION", required=True)
    imp = rsub.add_parser("import", help="add records from record JSON",
                          description="Add records from a record JSON file (one object or a "
                                      "list; see docs/record-format.md). Prints the new ids, one "
                                      "a line. An invalid record anywhere rejects the whole "
                                      "file. At most 1 MiB; a field given twice is refused; "
                                      "an `id` needs its `version` and must be a draft of the "
                                      "same patient (MRN).")
    imp.add_argument("file", metavar="FILE|-", help="JSON file, or - for standard input")
    show = rsub.add_parser("show", help="show one record",
                           description="Show a record with what Clinic Desk computed "
                                       "(targets, codes, relief, warnings).")
    show.add_argument("id", type=int, metavar="ID")
    show.add_argument("--json", action="store_true", help="print record JSON")
    lst = rsub.add_parser("list", help="list records",
                          description="List records, newest last.")
    lst.add_argument("--date", metavar="YYYY-MM-DD", help="procedures on this day")
    lst.add_argument("--status", choices=["draft", "ready", "signed"])
    lst.add_argument("--patient", metavar="MRN", help="one patient's records")
    lst.add_argument("--json", action="store_true", help="print a JSON list")
    sign = rsub.add_parser("sign", help="sign a record as a physician",
                           description="Sign a record that is ready for signature. The "
                                       "physician's password is read from standard input.")
    sign.add_argument("id", type=int, metavar="ID")
    sign.add_argument("--user", required=True, metavar="NAME")
    sign.add_argument("--meaning", required=True, metavar="TEXT",
                      help='"Reviewed and approved" or "Performed by"')
    sign.add_argument("--password-stdin", action="store_true", required=True)
    sign.add_argument("--reason-steroid", metavar="TEXT", default="",
                      help="why a steroid was given in a diagnostic block (required to sign "
                           "such a record; kept in the signature and the audit trail)")
    adden = rsub.add_parser("addendum", help="add a signed addendum to a signed record",
                            description="Add a signed correction to a signed record. The "
                                        "author's password is read from standard input.")
    adden.add_argument("id", type=int, metavar="ID")
    adden.add_argument("--user", required=True, metavar="NAME")
    adden.add_argument("--reason", required=True, metavar="TEXT")
    adden.add_argument("--text", required=True, metavar="TEXT")
    adden.add_argument("--changes-instructions", action="store_true",
                       help="the addendum changes what the patient must do (new handout)")
    adden.add_argument("--correct", action="append", default=[], metavar="PATH=VALUE",
                       help="correct a printed text; the handout prints VALUE in its place, "
                            "marked as changed. PATH is one of "
                            "patient.anticoagulant.resume_instructions.LANG (en, es; without "
                            ".LANG: the patient's language), patient.anticoagulant.name, "
                            "follow_up (VALUE e.g. 2026-12-10T09:30-05:00). Repeatable; the "
                            "corrections are signed with the addendum")
    adden.add_argument("--password-stdin", action="store_true", required=True)

    verify = rsub.add_parser("verify", help="check signed records against their signatures",
                             description="For each signed record (all of them, or the ids "
                                         "given) and its addenda: recompute the hash, check "
                                         "the Ed25519 signature by the signer's endorsed key "
                                         "and the matching audit entry; exits 1 naming any "
                                         "record that does not match. Signatures made before "
                                         "Ed25519 signing are counted as legacy hash-only.")
    verify.add_argument("ids", type=int, nargs="*", metavar="ID")

    audit = sub.add_parser("audit", help="check the audit trail").add_subparsers(
        dest="audit_command", metavar="ACTION", required=True)
    averify = audit.add_parser("verify", help="verify the audit trail's hash chain",
                               description='Prints "audit chain intact: N entries" and exits 0, '
                                           "or names the first entry that does not match and "
                                           "exits 1.")
    averify.add_argument("--anchor", metavar="SEQ:HASH|FILE",
                         help="also check that entry SEQ still has the hash `audit anchor` "
                              "printed earlier, or everything in the file `audit anchor "
                              "--out` wrote (catches a rewritten or cut chain and changed "
                              "signing keys)")
    anchor = audit.add_parser(
        "anchor", help="print the newest entry's SEQ:HASH to keep elsewhere",
        description="Print SEQ:HASH of the newest entry. Keep it outside the database (paper, "
                    "e-mail); `audit verify --anchor` proves later that nothing before it was "
                    "rewritten. With --out, also write the signing keys' fingerprints to FILE "
                    "(keep it on another computer).")
    anchor.add_argument("--out", metavar="FILE",
                        help="write the anchor (head, trust root, signing keys) to FILE")
    wreset = audit.add_parser(
        "witness-reset", help="accept the database as it is now on this computer "
                              "(after a restore; administrators)",
        description="After an integrity alarm that an administrator has looked into (a "
                    "restore made on another computer), make what this computer remembers "
                    "of the database its current state. Prints what the alarm was; audited "
                    "as witness_reset. The administrator's password is read from standard "
                    "input.")
    wreset.add_argument("--admin", required=True, metavar="ADMIN")
    wreset.add_argument("--password-stdin", action="store_true", required=True)
    sub.add_parser("check", help="check guards, signatures and the audit trail (exit 1 on a "
                                 "problem)",
                   description="Check that every guard trigger and function is as this "
                               "version defines it, that every signed record verifies "
                               "(Ed25519 signature, content hash, audit entry), that the "
                               "audit chain is intact and still holds what this computer saw "
                               "before, and on PostgreSQL that the application's role cannot "
                               "alter the schema. Prints each problem; exits 1 if any. "
                               "It also compares the report summary of the newest 2,000 "
                               "procedures (and the sums of their days) with the rows and "
                               "prints any difference with its cure (`report rebuild`); "
                               "derived data, so that alone does not fail the check.")
    export = audit.add_parser("export", help="export the audit trail as CSV (administrators)",
                              description="Write audit entries, oldest first, as CSV. Needs an "
                                          "administrator's username; the password is read from "
                                          "standard input. The export itself is audited.")
    export.add_argument("--user", required=True, metavar="NAME")
    export.add_argument("--password-stdin", action="store_true", required=True)
    export.add_argument("--out", metavar="FILE", help="CSV file (default: standard output)")
    export.add_argument("--from", dest="start", metavar="YYYY-MM-DD", help="first day")
    export.add_argument("--to", dest="end", metavar="YYYY-MM-DD", help="last day")
    export.add_argument("--username", metavar="NAME", help="entries of this user")
    export.add_argument("--action", metavar="ACTION", help="e.g. record_sign, sign_in_failed")
    export.add_argument("--patient", metavar="MRN", help="entries about this patient")
    export.add_argument("--record", type=int, metavar="ID", help="entries about this record")

    handout = sub.add_parser("handout", help="save a record's discharge handout as a PDF",
                             description="Save the handout of a record as a PDF file (in the "
                                         "patient's language unless --lang says otherwise). "
                                         "Audited as an export; it does not check the patient "
                                         "out.")
    handout.add_argument("id", type=int, metavar="ID")
    handout.add_argument("--out", required=True, metavar="FILE.pdf")
    handout.add_argument("--lang", choices=["en", "es"], help="language of the handout")
    handout.add_argument("--large-print", action="store_true", help="body text of 16 pt or more")

    bak = sub.add_parser("backup", help="back the database up to a file",
                         description="SQLite: a consistent copy made with the online backup "
                                     "API, safe while the app runs. PostgreSQL: pg_dump "
                                     "(needs the PostgreSQL client tools). Writes FILE and "
                                     "FILE.manifest.json (counts, schema, audit chain head, "
                                     "SHA-256).")
    bak.add_argument("file", metavar="FILE")
    res = sub.add_parser("restore", help="replace the database with a verified backup",
                         description="Check FILE first (its manifest must be there; SHA-256 "
                                     "against it, schema version, row counts, the audit "
                                     "chain, the guard triggers, every signed record's "
                                     "signature); only then keep a copy of the current "
                                     "database in the data folder's backups/ and replace it. "
                                     "Close Clinic Desk on every workstation first. "
                                     "PostgreSQL with two roles: restore as the owner.")
    res.add_argument("file", metavar="FILE")
    res.add_argument("--check", action="store_true",
                     help="only verify the file; change nothing")
    from .cli_exports import add_parsers  # issue 14: note, export, schedule

    add_parsers(sub)
    _pathway_parsers(sub, rsub)
    return p


def _pathway_parsers(sub: Any, rsub: Any) -> None:
    """Issue 13: record ready, calls, pathway, report."""
    ready = rsub.add_parser("ready", help="mark a complete record ready for signature",
                            description="Send a complete record to the physicians' queue. "
                                        "The nurse's password is read from standard input. "
                                        "An incomplete record is refused, naming each "
                                        "missing field. A record already waiting for "
                                        "signature is left as it is (nothing written).")
    ready.add_argument("id", type=int, metavar="ID")
    ready.add_argument("--user", required=True, metavar="NURSE")
    ready.add_argument("--password-stdin", action="store_true", required=True)

    calls = sub.add_parser("calls", help="next-day calls and outcome follow-ups").add_subparsers(
        dest="calls_command", metavar="ACTION", required=True)
    clist = calls.add_parser("list", help="who is due a call",
                             description="Patients due a call on DATE (today by default), "
                                         "oldest procedure first: next-day calls for the "
                                         "previous clinic day (and the weekend before it), "
                                         "unreached patients being retried, and outcome "
                                         "follow-ups that have come due.")
    clist.add_argument("--date", metavar="YYYY-MM-DD")
    clist.add_argument("--json", action="store_true", help="print a JSON list")
    crec = calls.add_parser("record", help="record a call and its diary results (JSON)",
                            description="Record one call about record ID from a "
                                        "clinic-desk/call@1 JSON file (docs/record-format.md), "
                                        "signed by the nurse. The password is read from "
                                        "standard input; with - as FILE, the first line of "
                                        "standard input is the password and the rest is the "
                                        "JSON. Bad input names each field; nothing is saved.")
    crec.add_argument("id", type=int, metavar="ID")
    crec.add_argument("file", metavar="FILE|-")
    crec.add_argument("--user", required=True, metavar="NURSE")
    crec.add_argument("--password-stdin", action="store_true", required=True)

    path = sub.add_parser("pathway", help="a patient's diagnostic pathway").add_subparsers(
        dest="pathway_command", metavar="ACTION", required=True)
    pshow = path.add_parser("show", help="procedures, results and rule outcomes",
                            description="Every procedure of the patient in each spinal region, "
                                        "with its diary result under the clinic's rule profile "
                                        "and the next step the rules allow (decision support).")
    pshow.add_argument("mrn", metavar="MRN")
    pshow.add_argument("--region", choices=["cervical", "thoracic", "lumbar"])
    pshow.add_argument("--json", action="store_true", help="print JSON")
    from .cli_settings import add_parser as add_pathway_settings

    add_pathway_settings(path)

    report = sub.add_parser("report", help="clinic reports").add_subparsers(
        dest="report_command", metavar="ACTION", required=True)
    rout = report.add_parser("outcomes", help="procedures, block results, outcomes, doses",
                             description="The Reports page's tables for procedures from FROM "
                                         "to TO (both included): procedures per week, block "
                                         "positivity, RFA relief at 6 months, complications, "
                                         "call reach, fluoroscopy time and dose percentiles. "
                                         "Counts only, no patient names.")
    rout.add_argument("--from", dest="date_from", required=True, metavar="YYYY-MM-DD")
    rout.add_argument("--to", dest="date_to", required=True, metavar="YYYY-MM-DD")
    rout.add_argument("--physician", metavar="USERNAME", help="one physician's procedures")
    rout.add_argument("--csv", metavar="FILE", help="write every table to a CSV file")
    rbuild = report.add_parser(
        "rebuild", help="recompute the report summary from the records and calls",
        description="Recompute the report summary (the per-procedure facts and per-day and "
                    "per-month sums the Reports page reads; kept in step by every write) "
                    "from the records, their complications and calls, in one transaction. "
                    "Needed only when `check` says the summary differs from the rows (for "
                    "example after rows were changed outside the app). Audited.")
    rbuild.add_argument("--admin", required=True, metavar="NAME",
                        help="the administrator doing this (password: first line of "
                             "standard input)")
    rbuild.add_argument("--password-stdin", action="store_true", required=True,
                        help="read the password from standard input")


def _read_password() -> str:
    line = sys.stdin.readline()
    if not line:
        raise CliError("No password on standard input.")
    return line.rstrip("\r\n")


def _open(args: argparse.Namespace, upgrade: bool = True, witness: bool = True) -> Any:
    from .config import database_url
    from .services import Services
    from .storage import schema
    from .storage.engine import Database

    db = Database(database_url(args.database))
    if upgrade:
        schema.upgrade(db)
    elif not schema.is_current(db):
        raise CliError("The database is not set up; run `clinic-desk init-db` first.")
    services = Services(db)
    from .services.backup import recover_restore_entry

    if recover_restore_entry(db):
        print("note: a restore cut short earlier now has its audit entry", file=sys.stderr)
    if witness:
        alarm = _witness_problems(services)
        if alarm:
            raise IntegrityAlarm("INTEGRITY ALARM: " + "; ".join(alarm) + ". Nothing was "
                                 "done. Run `clinic-desk check` and see docs/security.md.")
    _OPENED.append(db)
    return services


def _witness_problems(services: Any) -> list[str]:
    """What this computer saw of the database before and no longer finds (witness.json)."""
    from .services import witness

    return witness.check(services.db)


def _remember_opened() -> None:
    import logging

    from .services import witness

    while _OPENED:
        db = _OPENED.pop()
        try:
            witness.remember(db)
        except Exception:  # noqa: BLE001 - an unreachable database is reported elsewhere
            logging.getLogger(__name__).info("audit head not remembered this time")
        finally:
            db.dispose()


def _operator() -> Any:
    from .domain.record import Role
    from .services.context import Actor, workstation_name

    try:
        who = getpass.getuser()
    except (KeyError, OSError):
        who = "unknown"
    # The command line acts with a nurse's rights: records yes; signing, users, settings no.
    return Actor(0, f"cli:{who}"[:64], "Command line", Role.NURSE, "", workstation_name())


def _signer(services: Any, username: str) -> Any:
    password = _read_password()
    return services.auth.authenticate(username, password), password


def cmd_init_db(args: argparse.Namespace) -> int:
    if args.owner_url:
        return _init_db_two_roles(args)
    services = _open(args)
    print(f"database ready: {services.database_description}")
    return 0


def _init_db_two_roles(args: argparse.Namespace) -> int:
    from .config import database_url
    from .storage import schema
    from .storage.engine import Database, normalize_url
    from .storage.roles import grant_application_role

    app_url = normalize_url(database_url(args.database))
    owner_url = normalize_url(args.owner_url)
    if app_url.get_backend_name() != "postgresql" or owner_url.get_backend_name() != \
            "postgresql":
        raise CliError("--owner-url is for PostgreSQL: give the workstations' URL with "
                       "--database and the owner's with --owner-url.")
    if not app_url.username or app_url.username == owner_url.username:
        raise CliError("The workstations' URL (--database) must name its own role, not the "
                       "owner's.")
    owner = Database(owner_url.render_as_string(hide_password=False))
    try:
        schema.upgrade(owner)
        with owner.engine.begin() as conn:
            grant_application_role(conn, app_url.username)
    finally:
        owner.dispose()
    services = _open(args, upgrade=False)
    print(f"database ready: {services.database_description}; role {app_url.username} "
          "may read and write rows only")
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    from .services.demo import create_demo

    services = _open(args)
    if args.if_empty and services.auth.has_users():
        print(f"demo clinic not needed: {services.database_description} already has users")
        return 0
    result = create_demo(services)
    print(f"demo clinic created: {result.patients} patients, {result.records} records")
    print("user accounts (passwords are shown only now; write them down):")
    for user, password in result.passwords.items():
        print(f"  {user:10} {password}")
    return 0


def _admin(services: Any, name: str) -> Any:
    """The administrator named by --admin, signed in through the same AuthService as the app
    (password from the first line of standard input; wrong ones count toward the lockout).
    The audit trail names this account, never the OS login or an environment variable."""
    from .domain.permissions import Action

    actor = services.auth.authenticate(name, _read_password())
    actor.require(Action.MANAGE)
    return actor


def cmd_user_add(args: argparse.Namespace) -> int:
    from .domain.errors import ValidationError
    from .domain.record import Role

    services = _open(args)
    if services.auth.has_users():
        if not args.admin:
            raise ValidationError("Give the administrator adding the account (--admin NAME, "
                                  "password on the first line of standard input).", "--admin")
        admin = _admin(services, args.admin)
        info = services.users.create(admin, args.name, args.full_name, Role(args.role),
                                     _read_password(), args.credentials)
        print(f"user {info.username} added ({info.role.value})")
        return 0
    # Bootstrapping: the first account of an empty database is its first administrator.
    if args.role != Role.ADMIN.value:
        raise ValidationError("The first account must be an administrator (--role admin); "
                              "it adds everyone else.", "--role")
    created = services.auth.create_user(None, args.name, args.full_name, Role.ADMIN,
                                        _read_password(), args.credentials)
    print(f"user {created.username} added ({created.role.value})")
    return 0


def _cli_admin() -> Any:
    """The operator of `backup` and `restore` (database access is what they need; their
    audit entries name the OS account)."""
    from .domain.record import Role

    operator = _operator()
    return operator.__class__(0, operator.username, operator.full_name, Role.ADMIN, "",
                              operator.workstation)


def cmd_user_change(args: argparse.Namespace) -> int:
    from .domain.record import Role

    services = _open(args)
    admin, name = _admin(services, args.admin), args.name
    if args.user_command == "reset-password":
        services.users.reset_password(admin, name, _read_password())
        print(f"password of {name} reset; the account is unlocked")
    elif args.user_command == "unlock":
        services.users.unlock(admin, name)
        print(f"{name} unlocked")
    elif args.user_command in ("activate", "deactivate"):
        services.users.set_active(admin, name, args.user_command == "activate")
        print(f"{name} {args.user_command}d")
    else:
        info = services.users.change_role(admin, name, Role(args.role))
        print(f"{info.username} is now {info.role.value}")
    return 0


def cmd_user_endorse_key(args: argparse.Namespace) -> int:
    services = _open(args)
    admin, _ = _signer(services, args.admin)
    try:
        fp = services.users.endorse_key(admin, args.name, args.fingerprint)
    finally:
        services.auth.sign_out(admin, "command finished")
    print(f"signing key {fp} of {args.name} endorsed by {admin.username}")
    return 0


def cmd_user_key_fingerprint(args: argparse.Namespace) -> int:
    from .services.keys import fingerprint, unseal
    from .storage.unit_of_work import UnitOfWork

    services = _open(args)
    user, password = _signer(services, args.user)
    with UnitOfWork(services.db, write=False) as uow:
        key = uow.keys.current(user.user_id)
    if key is None:
        raise CliError("You have no signing key yet.")
    unseal(key.sealed_key, password, key.username, key.public_key)  # it must be yours
    print(fingerprint(key.public_key))
    return 0


def cmd_user_list(args: argparse.Namespace) -> int:
    services = _open(args)
    admin = _admin(services, args.admin)
    now = services.users.clock()
    for u in services.users.list_users(admin):
        state = "inactive" if not u.active else "locked" if u.locked(now) else "active"
        print(f"{u.username:<16} {u.role.value:<10} {state:<9} {u.display}")
    return 0


def cmd_user_break_glass(args: argparse.Namespace) -> int:
    from .services.users import break_glass

    services = _open(args)
    result = break_glass(services.users, args.name, _read_password(), args.full_name)
    what = "created" if result.created else "reset"
    print(f"BREAK-GLASS: {result.info.username} {what} as an active administrator by the "
          f"database owner {result.owner}. This is in the audit trail (break_glass); tell "
          "the clinic's compliance officer.", file=sys.stderr)
    print(f"{result.info.username} is an administrator")
    return 0


def cmd_record_import(args: argparse.Namespace) -> int:
    from .services.record_files import read_import_file, read_import_stream

    # Capped (1 MiB), duplicate fields refused: docs/record-format.md, "Import rules".
    data = (read_import_stream(sys.stdin.buffer) if args.file == "-"
            else read_import_file(args.file))
    services = _open(args)
    for rid in services.records.import_records(_operator(), data):
        print(rid)
    return 0


def cmd_record_show(args: argparse.Namespace) -> int:
    from .domain.record_format import record_to_json

    services = _open(args)
    if args.json:  # audited as an export: the JSON leaves the application
        data = services.records.export_json(_operator(), args.id)
        print(json.dumps(data, ensure_ascii=False, indent=2))
        return 0
    record, summary = services.records.open(_operator(), args.id)
    data = record_to_json(record, summary)
    p = record.patient
    print(f"Record {record.id} ({record.status.label}), version {record.version}")
    print(f"Patient:   {p.display_name}  MRN {p.mrn}  born {p.date_of_birth.isoformat()}")
    print(f"Procedure: {record.title}, {record.performed_at.strftime('%Y-%m-%d %H:%M %z')}")
    print(f"Levels:    {record.levels_text or '-'}")
    print(f"Targets:   {', '.join(str(t) for t in summary.targets) or '-'}")
    print(f"CPT:       {', '.join(data['cpt']) or '-'}")
    print(f"ICD-10:    {', '.join(data['icd10']) or '-'}")
    relief = record.percent_relief
    print(f"Relief:    {'-' if relief is None else f'{relief:g}%'}")
    _print_block_result(services, record)
    for w in summary.warnings:
        print(f"Warning:   {w.code}: {w.message}")
    if record.signature:
        s = record.signature
        print(f"Signed:    {s.signer.display}, {s.signed_at.isoformat()} ({s.meaning})")
        if s.steroid_reason:
            print(f"Steroid:   {s.steroid_reason}")
    from .domain.signoff import addendum_lines

    for n, a in enumerate(record.addenda, 1):
        lines = addendum_lines(n, a)
        print(f"Addendum:  {lines.heading}\n           {lines.reason}\n           {a.text}"
              f"\n           {lines.signature}")
        for c in a.corrections:
            print(f"           Corrects {c.path}: {c.value}")
    return 0


def cmd_record_list(args: argparse.Namespace) -> int:
    from .domain.errors import ValidationError
    from .domain.record import RecordStatus

    day = None
    if args.date:
        try:
            day = date.fromisoformat(args.date)
        except ValueError:
            raise ValidationError("Use the date as YYYY-MM-DD.", "--date") from None
    services = _open(args)
    rows = services.records.list_records_audited(_operator(), day,
                                         RecordStatus(args.status) if args.status else None,
                                         args.patient)
    if args.json:
        print(json.dumps([{
            "id": r.record_id, "performed_at": r.performed_at.isoformat(), "mrn": r.mrn,
            "patient": r.patient_name, "kind": r.kind.value, "block_number": r.block_number,
            "levels": r.levels, "physician": r.physician, "status": r.status.value,
            "handout_printed": r.handout_printed} for r in rows], ensure_ascii=False, indent=2))
        return 0
    for r in rows:
        print(f"{r.record_id:>7}  {r.performed_at.strftime('%Y-%m-%d %H:%M')}  {r.mrn:<10} "
              f"{r.patient_name:<28} {r.procedure:<42} {r.levels:<22} {r.status.value}")
    return 0


def cmd_record_sign(args: argparse.Namespace) -> int:
    services = _open(args)
    actor, password = _signer(services, args.user)
    record = services.signing.sign(actor, args.id, password, args.meaning,
                                   steroid_reason=args.reason_steroid)
    s = record.signature
    print(f"record {record.id} signed by {s.signer.display} at {s.signed_at.isoformat()} "
          f"({s.meaning}); content hash {s.content_hash}")
    return 0


def cmd_record_addendum(args: argparse.Namespace) -> int:
    from .domain.corrections import RESUME, dropped_languages, parse_correction
    from .domain.texts import language_name

    corrections = tuple(parse_correction(spec) for spec in args.correct)
    services = _open(args)
    actor, password = _signer(services, args.user)
    record = services.signing.add_addendum(actor, args.id, password, args.text, args.reason,
                                           args.changes_instructions,
                                           corrections=corrections)
    added = record.addenda[-1]
    print(f"addendum {added.id} added to record {record.id}"
          + "".join(f"; corrects {c.path}" for c in added.corrections))
    before = record.with_changes(addenda=record.addenda[:-1])
    for code in dropped_languages(before, added.corrections):
        print(f"note: {RESUME}.{code} said what the corrected text said before, so it no "
              f"longer prints; handouts in {language_name(code)} are refused until a "
              f"physician adds it (--correct {RESUME}.{code}=TEXT)")
    return 0


def cmd_record_verify(args: argparse.Namespace) -> int:
    from .services.integrity import verify_records

    services = _open(args, upgrade=False, witness=False)
    # Read straight from storage: checking is not opening a chart (no record_view entry).
    report = verify_records(services.db, args.ids or None)
    alarm = _witness_problems(services)
    for line in report.lines():
        print(line)
    for line in alarm:
        print(f"INTEGRITY ALARM: {line}")
    return 0 if report.ok and not alarm else 1


def cmd_audit_verify(args: argparse.Namespace) -> int:
    from .services.audit import verify_chain
    from .services.integrity import audit_signature_problems
    from .services.witness import read_anchor

    anchor = read_anchor(args.anchor) if args.anchor else None
    services = _open(args, upgrade=False, witness=False)
    report = verify_chain(services.audit, anchor.anchor if anchor and anchor.anchor.seq
                          else None)
    print(report.message)
    problems = [] if not report.intact else audit_signature_problems(services.db)
    if anchor is not None:
        problems += anchor.problems(services.db)
    problems += [f"INTEGRITY ALARM: {p}" for p in _witness_problems(services)]
    for line in problems:
        print(line)
    return 0 if report.intact and not problems else 1


def cmd_audit_anchor(args: argparse.Namespace) -> int:
    from .files import check_output
    from .services.witness import write_anchor

    services = _open(args, upgrade=False)
    if args.out:
        out = check_output(args.out)
        doc = write_anchor(services.db, services.database_description, out)
        print(doc["anchor"])
        print(f"anchor written to {args.out}; keep it away from this computer and the "
              "database server")
        return 0
    from .services.audit import newest_anchor

    anchor = newest_anchor(services.audit)
    print(anchor if anchor is not None else "0:" + "0" * 64)
    return 0


def cmd_audit_witness_reset(args: argparse.Namespace) -> int:
    from .domain.audit import AuditAction
    from .domain.permissions import Action
    from .services import witness

    services = _open(args, upgrade=False, witness=False)
    problems = _witness_problems(services)
    admin, _ = _signer(services, args.admin)
    admin.require(Action.MANAGE)
    with services.audit.uow() as uow:
        services.audit.audit(uow, admin, AuditAction.WITNESS_RESET,
                             detail={"problems": problems})
        uow.commit()
    services.auth.sign_out(admin, "command finished")
    witness.reset(services.db)
    for line in problems:
        print(f"was: {line}")
    print("this computer now witnesses the database as it is")
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    from .services.integrity import all_problems

    services = _open(args, upgrade=False, witness=False)
    problems = [f"INTEGRITY ALARM: {p}" for p in _witness_problems(services)]
    from .services.audit import verify_chain

    chain = verify_chain(services.audit)
    if not chain.intact:
        problems.append(chain.message)
    problems += list(all_problems(services.db))
    for line in problems:
        print(line)
    # The report summary is derived data, not evidence: a difference is reported with its
    # cure and does not fail the integrity check.
    from .services.reports import summary_problems

    summary = summary_problems(services.db)
    for line in summary:
        print(f"{line}; run `clinic-desk report rebuild`")
    if problems:
        print(f"check FAILED: {len(problems)} problems")
        return 1
    print(f"check passed: guards as defined, signed records verify, {chain.message}"
          + ("" if summary else "; report summary matches the newest procedures"))
    return 0


def cmd_audit_export(args: argparse.Namespace) -> int:
    from .domain.audit import AuditAction
    from .domain.errors import ValidationError
    from .domain.permissions import Action
    from .files import PrivateOutput, check_output
    from .services.audit import AuditFilter

    def day(text: str | None, flag: str) -> date | None:
        try:
            return date.fromisoformat(text) if text else None
        except ValueError:
            raise ValidationError("Use the date as YYYY-MM-DD.", flag) from None

    try:
        action = AuditAction(args.action) if args.action else None
    except ValueError:
        raise ValidationError("Unknown action; one of: " + ", ".join(
            a.value for a in AuditAction), "--action") from None
    flt = AuditFilter(username=args.username or "", action=action, mrn=args.patient or "",
                      record_id=args.record, start=day(args.start, "--from"),
                      end=day(args.end, "--to"))
    if args.out:
        check_output(args.out)  # a folder or a device is refused before anything else
    services = _open(args, upgrade=False)
    admin, _ = _signer(services, args.user)
    admin.require(Action.MANAGE)  # before any file is created
    if args.out:
        # 0600 and whole or not at all; "complete" in the audit entry means the file is there.
        try:
            with PrivateOutput(args.out, newline="") as out:
                count = services.audit.export_csv(admin, out.file, flt, finish=out.commit)
        except OSError as e:
            raise CliError(f"The audit trail could not be written to {args.out} "
                           f"({e.strerror or type(e).__name__}); no file was left.") from None
        print(f"{count} audit entries written to {args.out}")
    else:
        services.audit.export_csv(admin, sys.stdout, flt)
    return 0


def cmd_handout(args: argparse.Namespace) -> int:
    from .files import check_output
    from .services.printing import save_pdf

    # A folder, device or other non-regular --out is refused before anything is rendered;
    # the PDF is written (0600) before the handout_export entry is committed, so a failed
    # export leaves neither a file nor a success entry.
    out = check_output(args.out)
    services = _open(args, upgrade=False)
    try:
        _, rendered = services.printing.export_handout(
            _operator(), args.id, language=args.lang, large_print=args.large_print,
            destination=str(out),
            write=lambda pdf: save_pdf(out.parent if str(out.parent) else ".", out.name, pdf))
    except OSError as e:
        raise CliError(f"The handout could not be saved to {out} "
                       f"({e.strerror or type(e).__name__}); nothing was saved.") from None
    print(f"handout of record {args.id} (version {rendered.handout_version}, "
          f"{rendered.language.value}) saved to {out}; verification code "
          f"{rendered.verification_code}")
    for text in rendered.hand_over:  # the sheet says to ask for them: say what to give
        print(f"Before the patient leaves, give them the new instructions a physician's "
              f"addendum made (the handout does not print them): {text}", file=sys.stderr)
    return 0


def cmd_backup(args: argparse.Namespace) -> int:
    from .services.backup import backup

    services = _open(args, upgrade=False)
    report = backup(services.db, args.file, _cli_admin())
    m = report.manifest
    print(f"backup written to {report.path}: schema {m.schema}, "
          f"{m.counts.get('records', 0)} records, {m.counts.get('patients', 0)} patients, "
          f"{m.audit_entries} audit entries; sha256 {m.sha256}")
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    from .config import database_url
    from .services.backup import restore, verify
    from .storage.engine import Database

    # No schema check: restoring onto a new, empty database is how a workstation is rebuilt.
    db = Database(database_url(args.database))
    try:
        if args.check:
            check = verify(db, args.file)
            print(check.message)
            return 0 if check.ok else 1
        report = restore(db, args.file, _cli_admin())
    finally:
        db.dispose()
    print(report.verification.message)
    kept = (f"; the previous database was kept as {report.safety_copy}"
            if report.safety_copy else "")
    print(f"database restored from {args.file}{kept}")
    return 0

# --- issue 13: record ready, calls, pathway, report -------------------------------------
def _print_block_result(services: Any, record: Any) -> None:
    """`record show` of a diagnostic block: its result from the diary, as the rules see it."""
    from .domain.procedures import is_diagnostic
    from .services.pathway import response_from_calls

    if record.id is None or not is_diagnostic(record.kind, record.block_number):
        return
    profile = services.pathway.settings().profile
    resp = response_from_calls(record, services.calls.for_record(_operator(), record.id),
                               profile)
    if resp is None:
        print("Diary:     not recorded (a next-day call records it)")
        return
    peak = "" if resp.peak_relief_percent is None else f", peak {resp.peak_relief_percent:g}%"
    recalled = " (recalled: less reliable)" if resp.recalled else ""
    print(f"Diary:     {resp.result.value} under {profile.name}{peak}{recalled}")


def cmd_record_ready(args: argparse.Namespace) -> int:
    services = _open(args)
    actor, _password = _signer(services, args.user)
    record = services.records.get(actor, args.id)
    saved = services.records.mark_ready(actor, record)
    print(f"record {saved.id} ready for signature (version {saved.version})")
    return 0


def cmd_calls_list(args: argparse.Namespace) -> int:
    from .cli_exports import _day

    day = _day(args.date, "--date")
    services = _open(args)
    rows = services.calls.due(_operator(), day)
    if args.json:
        print(json.dumps([{
            "record_id": r.record_id, "mrn": r.mrn, "patient": r.patient_name,
            "phone": r.phone, "performed_at": r.performed_at.isoformat(), "kind": r.kind.value,
            "block_number": r.block_number, "levels": r.levels, "purpose": r.purpose.value,
            "months": r.months, "tries": r.tries, "flagged": r.flagged, "ask": r.ask,
            "status": r.status} for r in rows], ensure_ascii=False, indent=2))
        return 0
    for r in rows:
        flag = "FLAGGED " if r.flagged else ""
        print(f"{r.record_id:>7}  {r.performed_at.strftime('%Y-%m-%d %H:%M')}  {r.mrn:<10} "
              f"{r.patient_name:<28} {r.phone or '-':<16} {r.procedure:<42} {r.levels:<22} "
              f"{flag}{r.status}; ask: {r.ask}")
    return 0


def cmd_calls_record(args: argparse.Namespace) -> int:
    from .domain.errors import ValidationError

    services = _open(args)
    if args.file == "-":
        actor, _password = _signer(services, args.user)
        # The rest of standard input, through the text layer that read the password line.
        text: str | bytes = sys.stdin.read()
    else:
        from pathlib import Path

        try:
            text = Path(args.file).read_bytes()
        except OSError as e:
            raise CliError(f"Cannot read {args.file}: {e.strerror}.") from None
        actor, _password = _signer(services, args.user)
    try:
        data = json.loads(text)
    except (ValueError, RecursionError):
        raise ValidationError("The file is not valid JSON.") from None
    entry = services.calls.record(actor, args.id, data)
    print(f"call {entry.id} recorded for record {args.id} ({entry.outcome.value}), signed by "
          f"{entry.nurse.display if entry.nurse else args.user}; content hash "
          f"{entry.content_hash}")
    return 0


def cmd_pathway_show(args: argparse.Namespace) -> int:
    from .domain.joints import Region
    from .domain.pathway_format import pathway_to_json

    services = _open(args)
    region = Region(args.region) if args.region else None
    result = services.pathway.for_patient(_operator(), mrn=args.mrn, region=region)
    data = pathway_to_json(result.patient, result.pathways, result.profile)
    if args.json:
        print(json.dumps(data, ensure_ascii=False, indent=2))
        return 0
    p = result.patient
    print(f"Patient:   {p.display_name}  MRN {p.mrn}  (rule profile: {result.profile.name})")
    for region_data in data["regions"]:
        print(f"\n{region_data['region'].capitalize()}")
        for proc in region_data["procedures"]:
            peak = proc["peak_relief_percent"]
            relief = "" if peak is None else f", peak relief {peak:g}%"
            recalled = " (recalled)" if proc["recalled"] else ""
            print(f"  {proc['performed_at'][:10]}  {proc['title']:<42} {proc['levels']:<24} "
                  f"{proc['result']}{relief}{recalled}")
        for code in region_data["rule_codes"]:
            print(f"  Rule:      {code}")
        print(f"  Next step: {region_data['next_step']}")
    return 0


def _pathway_settings(args: argparse.Namespace) -> int:
    from .cli_settings import cmd_pathway_settings

    return cmd_pathway_settings(args)


def cmd_report_rebuild(args: argparse.Namespace) -> int:
    services = _open(args)
    admin = _admin(services, args.admin)
    n = services.reports.rebuild(admin)
    print(f"report summary rebuilt: {n} procedures")
    return 0


def cmd_report_outcomes(args: argparse.Namespace) -> int:
    from dataclasses import replace

    from .cli_exports import _day
    from .domain.errors import ValidationError
    from .domain.record import Role
    from .domain.reports import ReportFilter

    start, end = _day(args.date_from, "--from"), _day(args.date_to, "--to")
    assert start is not None and end is not None
    try:
        flt = ReportFilter(start, end, args.physician)
    except ValidationError as e:
        raise ValidationError(
            [type(i)(f"--{i.field}", i.message) for i in e.issues]) from None
    services = _open(args)
    # Reports hold counts and no patient names; the operator runs them as a reporting
    # (administrator) account, audited as "cli:<os user>" like every command.
    reporter = replace(_operator(), role=Role.ADMIN)
    report = services.reports.run(reporter, flt)
    if args.csv:
        from .files import check_output, write_private

        check_output(args.csv, "--csv")
        try:
            write_private(args.csv, report.to_csv().encode("utf-8"), field="--csv")
        except OSError as e:
            raise CliError(f"Cannot write {args.csv}: {e.strerror}.") from None
        print(f"report written to {args.csv}")
        return 0
    for t in report.tables:
        print(f"\n{t.title}")
        if t.note:
            print(f"  ({t.note})")
        print("  " + " | ".join(t.columns))
        for row in t.rows:
            print("  " + " | ".join("-" if c is None else str(c) for c in row))
        if not t.rows:
            print("  (none)")
    return 0



COMMANDS: dict[tuple[str, ...], Callable[[argparse.Namespace], int]] = {
    ("init-db",): cmd_init_db,
    ("demo",): cmd_demo,
    ("user", "add"): cmd_user_add,
    ("record", "import"): cmd_record_import,
    ("record", "show"): cmd_record_show,
    ("record", "list"): cmd_record_list,
    ("record", "sign"): cmd_record_sign,
    ("record", "addendum"): cmd_record_addendum,
    ("audit", "verify"): cmd_audit_verify,
    ("audit", "anchor"): cmd_audit_anchor,
    ("audit", "export"): cmd_audit_export,
    ("record", "verify"): cmd_record_verify,
    ("check",): cmd_check,
    ("audit", "witness-reset"): cmd_audit_witness_reset,
    ("user", "list"): cmd_user_list,
    ("user", "endorse-key"): cmd_user_endorse_key,
    ("user", "key-fingerprint"): cmd_user_key_fingerprint,
    ("user", "reset-password"): cmd_user_change,
    ("user", "unlock"): cmd_user_change,
    ("user", "deactivate"): cmd_user_change,
    ("user", "activate"): cmd_user_change,
    ("user", "role"): cmd_user_change,
    ("user", "break-glass"): cmd_user_break_glass,
    ("handout",): cmd_handout,
    ("backup",): cmd_backup,
    ("restore",): cmd_restore,
    ("record", "ready"): cmd_record_ready,
    ("calls", "list"): cmd_calls_list,
    ("calls", "record"): cmd_calls_record,
    ("pathway", "show"): cmd_pathway_show,
    ("pathway", "settings"): _pathway_settings,
    ("report", "outcomes"): cmd_report_outcomes,
    ("report", "rebuild"): cmd_report_rebuild,
}


def _key(args: argparse.Namespace) -> tuple[str, ...]:
    from .cli_exports import SUB_COMMANDS

    sub = {"user": "user_command", "record": "record_command", "audit": "audit_command",
           "calls": "calls_command", "pathway": "pathway_command", "report": "report_command",
           **SUB_COMMANDS}
    if args.command in sub:
        return (args.command, getattr(args, sub[args.command]))
    return (args.command,)


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if args.command is None:
        from .app import run

        return int(run(args.database))
    from .config import setup_logging
    from .domain.errors import ClinicDeskError, ValidationError

    setup_logging()
    from .cli_exports import COMMANDS as EXPORT_COMMANDS

    try:
        return {**COMMANDS, **EXPORT_COMMANDS}[_key(args)](args)
    except IntegrityAlarm as e:
        print(f"error: {e}", file=sys.stderr)
        return EXIT_ALARM
    except ValidationError as e:
        for issue in e.issues:
            print(f"error: {issue}", file=sys.stderr)
        return EXIT_ERROR
    except (ClinicDeskError, CliError) as e:
        print(f"error: {e}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        print("error: interrupted; nothing was saved", file=sys.stderr)
        return EXIT_ERROR
    except Exception as e:
        import logging
        import uuid

        incident = uuid.uuid4().hex[:8]
        logging.getLogger(__name__).exception("unexpected error, incident %s", incident)
        print(f"error: something unexpected happened ({type(e).__name__}); nothing was saved. "
              f"Incident {incident} is in the log.", file=sys.stderr)
        return EXIT_ERROR
    finally:
        _remember_opened()


if __name__ == "__main__":
    sys.exit(main())
