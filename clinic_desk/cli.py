"""The `clinic-desk` command: opens the app, or runs a sub-command on the same services.

Errors go to stderr with exit status 2 and nothing half-saved. Sub-commands act as the
command-line operator (audited as "cli:<os user>"), who has direct database access anyway;
signing and addenda need the physician's own username and password.
"""

from __future__ import annotations

import argparse
import getpass
import json
import sys
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
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


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="clinic-desk", description=DESCRIPTION,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--database", metavar="URL", help="database URL (SQLite or PostgreSQL)")
    p.add_argument("--version", action="version", version=f"clinic-desk {__version__}")
    sub = p.add_subparsers(dest="command", metavar="COMMAND")

    sub.add_parser("init-db", help="create or upgrade the schema",
                   description="Create the database schema, or upgrade it to this version "
                               "(an SQLite file is copied aside first).")
    demo = sub.add_parser("demo", help="fill an empty database with a demo clinic",
                          description="Create a demo clinic in an empty database: one user per "
                                      "role (passwords printed once), patients and a week of "
                                      "records.")
    demo.add_argument("--if-empty", action="store_true",
                      help="do nothing (and succeed) when the database already has users")

    user = sub.add_parser("user", help="manage user accounts").add_subparsers(
        dest="user_command", metavar="ACTION", required=True)
    add = user.add_parser("add", help="add a user account",
                          description="Add a user. The password is read from standard input.")
    add.add_argument("name", metavar="NAME", help="username (letters, digits, . _ -)")
    add.add_argument("--role", required=True, choices=["nurse", "physician", "desk", "admin"])
    add.add_argument("--full-name", required=True, metavar="TEXT",
                     help="printed name, e.g. 'Hana Lee'")
    add.add_argument("--credentials", default="", metavar="TEXT", help="e.g. MD, DO, RN")
    add.add_argument("--password-stdin", action="store_true", required=True,
                     help="read the password from standard input (never from the command line)")

    for name, helptext in (("unlock", "lift a sign-in lockout now"),
                           ("deactivate", "stop an account from signing in (kept for records)"),
                           ("activate", "let a deactivated account sign in again")):
        one = user.add_parser(name, help=helptext, description=helptext.capitalize() + ".")
        one.add_argument("name", metavar="NAME")
    reset = user.add_parser("reset-password", help="set a new password (emergency access)",
                            description="Set a new password for an account and lift its lock; "
                                        "the password is read from standard input. Audited.")
    reset.add_argument("name", metavar="NAME")
    reset.add_argument("--password-stdin", action="store_true", required=True)
    role = user.add_parser("role", help="change an account's role")
    role.add_argument("name", metavar="NAME")
    role.add_argument("role", choices=["nurse", "physician", "desk", "admin"])
    user.add_parser("list", help="list accounts, their roles and whether they are locked")

    rec = sub.add_parser("record", help="import, show, list, sign procedure records")
    rsub = rec.add_subparsers(dest="record_command", metavar="ACTION", required=True)
    imp = rsub.add_parser("import", help="add records from record JSON",
                          description="Add records from a record JSON file (one object or a "
                                      "list; see docs/record-format.md). Prints the new ids, one "
                                      "a line. An invalid record anywhere rejects the whole "
                                      "file.")
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
                             description="Recompute the hash of each signed record (all of "
                                         "them, or the ids given) and of its addenda; exits 1 "
                                         "naming any record that no longer matches.")
    verify.add_argument("ids", type=int, nargs="*", metavar="ID")

    audit = sub.add_parser("audit", help="check the audit trail").add_subparsers(
        dest="audit_command", metavar="ACTION", required=True)
    averify = audit.add_parser("verify", help="verify the audit trail's hash chain",
                               description='Prints "audit chain intact: N entries" and exits 0, '
                                           "or names the first entry that does not match and "
                                           "exits 1.")
    averify.add_argument("--anchor", metavar="SEQ:HASH",
                         help="also check that entry SEQ still has the hash `audit anchor` "
                              "printed earlier (catches a rewritten chain)")
    audit.add_parser("anchor", help="print the newest entry's SEQ:HASH to keep elsewhere",
                     description="Print SEQ:HASH of the newest entry. Keep it outside the "
                                 "database (paper, e-mail); `audit verify --anchor` proves "
                                 "later that nothing before it was rewritten.")
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
                         description="Check FILE first (SHA-256 against its manifest, schema "
                                     "version, row counts, the audit chain); only then keep "
                                     "a copy of the current database in the data folder's "
                                     "backups/ and replace it. Close Clinic Desk on every "
                                     "workstation first.")
    res.add_argument("file", metavar="FILE")
    res.add_argument("--check", action="store_true",
                     help="only verify the file; change nothing")
    return p


def _read_password() -> str:
    line = sys.stdin.readline()
    if not line:
        raise CliError("No password on standard input.")
    return line.rstrip("\r\n")


def _open(args: argparse.Namespace, upgrade: bool = True) -> Any:
    from .config import database_url
    from .services import Services
    from .storage import schema
    from .storage.engine import Database

    db = Database(database_url(args.database))
    if upgrade:
        schema.upgrade(db)
    elif not schema.is_current(db):
        raise CliError("The database is not set up; run `clinic-desk init-db` first.")
    return Services(db)


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
    services = _open(args)
    print(f"database ready: {services.database_description}")
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


def cmd_user_add(args: argparse.Namespace) -> int:
    from .domain.record import Role
    from .services.context import SYSTEM

    services = _open(args)
    password = _read_password()
    actor = SYSTEM if services.auth.has_users() else None
    created = services.auth.create_user(actor, args.name, args.full_name, Role(args.role),
                                        password, args.credentials)
    print(f"user {created.username} added ({created.role.value})")
    return 0


def _cli_admin() -> Any:
    """The operator acting on accounts from the command line (HIPAA 164.312(a)(2)(ii)
    emergency access: whoever runs this can already reach the database), audited by name."""
    from .domain.record import Role

    operator = _operator()
    return operator.__class__(0, operator.username, operator.full_name, Role.ADMIN, "",
                              operator.workstation)


def cmd_user_change(args: argparse.Namespace) -> int:
    from .domain.record import Role

    services = _open(args)
    admin, name = _cli_admin(), args.name
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


def cmd_user_list(args: argparse.Namespace) -> int:
    services = _open(args)
    now = services.users.clock()
    for u in services.users.list_users(_cli_admin()):
        state = "inactive" if not u.active else "locked" if u.locked(now) else "active"
        print(f"{u.username:<16} {u.role.value:<10} {state:<9} {u.display}")
    return 0


def cmd_record_import(args: argparse.Namespace) -> int:
    from .domain.errors import ValidationError

    if args.file == "-":
        text = sys.stdin.buffer.read()
    else:
        try:
            text = Path(args.file).read_bytes()
        except OSError as e:
            raise CliError(f"Cannot read {args.file}: {e.strerror}.") from None
    try:
        data = json.loads(text)
    except (ValueError, RecursionError):
        raise ValidationError("The file is not valid JSON.") from None
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
    rows = services.records.list_records(_operator(), day,
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
    from .domain.record import RecordStatus
    from .storage.unit_of_work import UnitOfWork

    services = _open(args, upgrade=False)
    ids = args.ids or [r.record_id for r in services.records.list_records(
        _operator(), status=RecordStatus.SIGNED, limit=10_000_000)]
    bad = 0
    for rid in ids:
        # Read straight from storage: checking is not opening a chart (no record_view entry).
        with UnitOfWork(services.db, write=False) as uow:
            record = uow.records.get(rid)
        problems = services.signing.problems(record)
        if problems:
            bad += 1
            print(f"record {rid}: " + "; ".join(problems))
    if bad:
        print(f"{bad} of {len(ids)} signed records do not match their signatures")
        return 1
    print(f"signatures intact: {len(ids)} signed records")
    return 0


def cmd_audit_verify(args: argparse.Namespace) -> int:
    from .services.audit import Anchor, verify_chain

    services = _open(args, upgrade=False)
    anchor = Anchor.parse(args.anchor) if args.anchor else None
    report = verify_chain(services.audit, anchor)
    print(report.message)
    return 0 if report.intact else 1


def cmd_audit_anchor(args: argparse.Namespace) -> int:
    from .services.audit import newest_anchor

    services = _open(args, upgrade=False)
    anchor = newest_anchor(services.audit)
    print(anchor if anchor is not None else "0:" + "0" * 64)
    return 0


def cmd_audit_export(args: argparse.Namespace) -> int:
    from .domain.audit import AuditAction
    from .domain.errors import ValidationError
    from .domain.permissions import Action
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
    services = _open(args, upgrade=False)
    admin, _ = _signer(services, args.user)
    admin.require(Action.MANAGE)  # before any file is created
    if args.out:
        with open(args.out, "w", encoding="utf-8", newline="") as out:
            count = services.audit.export_csv(admin, out, flt)
        print(f"{count} audit entries written to {args.out}")
    else:
        services.audit.export_csv(admin, sys.stdout, flt)
    return 0


def cmd_handout(args: argparse.Namespace) -> int:
    from .services.printing import save_pdf

    services = _open(args, upgrade=False)
    out = Path(args.out)
    _, rendered = services.printing.export_handout(
        _operator(), args.id, language=args.lang, large_print=args.large_print,
        destination=str(out))
    save_pdf(out.parent if str(out.parent) else ".", out.name, rendered.pdf)
    print(f"handout of record {args.id} (version {rendered.handout_version}, "
          f"{rendered.language.value}) saved to {out}; verification code "
          f"{rendered.verification_code}")
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
    ("user", "list"): cmd_user_list,
    ("user", "reset-password"): cmd_user_change,
    ("user", "unlock"): cmd_user_change,
    ("user", "deactivate"): cmd_user_change,
    ("user", "activate"): cmd_user_change,
    ("user", "role"): cmd_user_change,
    ("handout",): cmd_handout,
    ("backup",): cmd_backup,
    ("restore",): cmd_restore,
}


def _key(args: argparse.Namespace) -> tuple[str, ...]:
    sub = {"user": "user_command", "record": "record_command", "audit": "audit_command"}
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
    try:
        return COMMANDS[_key(args)](args)
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


if __name__ == "__main__":
    sys.exit(main())
