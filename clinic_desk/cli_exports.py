"""The `clinic-desk` sub-commands of issue 14: the chart note, exports, NPI and the schedule.

Kept apart from cli.py (which calls `add_parsers` and merges `COMMANDS`). Every file is
written whole or not at all (a temporary file beside it, then renamed); every export is
audited per record with the destination path before the file appears.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from .cli import _operator
from .domain.errors import ValidationError
from .files import check_output, write_private


def add_parsers(sub: Any) -> None:
    note = sub.add_parser("note", help="save a record's procedure note (chart copy) as a PDF",
                          description="Save the clinician's procedure note of a record as a "
                                      "PDF: identifiers on every page, \"Not signed\" on every "
                                      "page of a draft, the signature and every addendum. "
                                      "Audited as an export.")
    note.add_argument("id", type=int, metavar="ID")
    note.add_argument("--out", required=True, metavar="FILE.pdf")

    export = sub.add_parser("export", help="export records as FHIR R4, HL7 v2 or CSV",
                            description="Export records for another system. Only signed "
                                        "records unless --include-drafts. Each record "
                                        "exported is audited with the output file.")
    esub = export.add_subparsers(dest="export_command", metavar="FORMAT", required=True)
    fhir = esub.add_parser("fhir", help="a FHIR R4 Bundle (JSON)",
                           description="One FHIR R4 Bundle of type collection: Patient, "
                                       "Practitioner, Procedure, BodyStructure, "
                                       "MedicationAdministration, Observation, Provenance "
                                       "and DocumentReference (the note PDF) per record. "
                                       "See docs/fhir.md.")
    fhir.add_argument("id", type=int, nargs="?", metavar="ID", help="one record")
    fhir.add_argument("--date", metavar="YYYY-MM-DD", help="the records of one day")
    fhir.add_argument("--from", dest="start", metavar="YYYY-MM-DD", help="first day")
    fhir.add_argument("--to", dest="end", metavar="YYYY-MM-DD", help="last day")
    fhir.add_argument("--out", required=True, metavar="FILE.json")
    fhir.add_argument("--include-drafts", action="store_true",
                      help="also records not yet signed (marked as not signed)")
    hl7 = esub.add_parser("hl7", help="an HL7 v2.5.1 MDM^T02 message with the note PDF",
                          description="An MDM^T02 message (PID, PV1, TXA with the document "
                                      "status and signer, OBX with the note PDF in base64) "
                                      "for an interface engine. See docs/hl7.md.")
    hl7.add_argument("id", type=int, metavar="ID")
    hl7.add_argument("--out", required=True, metavar="FILE.hl7")
    hl7.add_argument("--include-drafts", action="store_true",
                     help="also a record not yet signed (status IP, not AU)")
    table = esub.add_parser("csv", help="billing lines or a procedure log as CSV",
                            description="UTF-8 CSV with a header row. billing: one row per "
                                        "CPT line (date of service, MRN, CPT, modifiers, "
                                        "units, ICD-10, rendering physician and NPI); "
                                        "procedures: one row per record (levels, sides, "
                                        "kind, guidance, dose, complications).")
    table.add_argument("--kind", required=True, choices=["billing", "procedures"])
    table.add_argument("--from", dest="start", required=True, metavar="YYYY-MM-DD")
    table.add_argument("--to", dest="end", required=True, metavar="YYYY-MM-DD")
    table.add_argument("--out", required=True, metavar="FILE.csv")
    table.add_argument("--include-drafts", action="store_true",
                       help="also records not yet signed (status column says which)")

    user = next(a for a in sub.choices["user"]._actions
                if isinstance(a, argparse._SubParsersAction))
    npi = user.add_parser("npi", help="set or clear a user's NPI (checked by its check digit)",
                          description="Set the National Provider Identifier that billing "
                                      "exports print for a physician; an empty NPI clears "
                                      "it. Audited as a change to the account.")
    npi.add_argument("name", metavar="NAME")
    npi.add_argument("npi", metavar="NPI", help='10 digits, or "" to clear')
    # An account change: an administrator signs in for it (issue 11, point 8).
    npi.add_argument("--admin", required=True, metavar="ADMIN",
                     help="the administrator making the change (password on standard input)")
    npi.add_argument("--password-stdin", action="store_true", required=True,
                     help="read the administrator's password from standard input")
    schedule = sub.add_parser("schedule", help="import the day's schedule").add_subparsers(
        dest="schedule_command", metavar="ACTION", required=True)
    simp = schedule.add_parser(
        "import", help="patients and planned draft records from a CSV export",
        description="Read a practice-management CSV export (UTF-8, a heading row; default "
                    "columns: mrn, family_name, given_name, date_of_birth, sex, date, time, "
                    "kind, block_number, levels, physician; see README) and create or update "
                    "the patients (matched by MRN) and a planned draft record per "
                    "appointment. The whole file or nothing: a bad row stops it with its line "
                    "number. A name or birth-date change on an existing MRN needs "
                    "--confirm-changes.")
    simp.add_argument("file", metavar="FILE.csv")
    simp.add_argument("--mapping", metavar="FILE.json",
                      help='rename the file\'s columns, e.g. {"Patient ID": "mrn"}')
    simp.add_argument("--confirm-changes", action="store_true",
                      help="apply name and birth-date changes on existing MRNs (checked)")
    defaults = sub.add_parser(
        "note-defaults", help="show or set the clinic's procedure-note defaults",
        description="Print the clinic's procedure-note defaults (what a new record's note "
                    "starts with) as JSON, or with --set replace them from a JSON file of "
                    "the same keys (an administrator: --admin NAME --password-stdin). RFA "
                    "stimulation and lesion values are never defaulted. Audited as a settings "
                    "change.")
    defaults.add_argument("--set", dest="set_file", metavar="FILE.json")
    defaults.add_argument("--admin", metavar="ADMIN",
                          help="with --set: the administrator making the change (password "
                               "on standard input with --password-stdin)")
    defaults.add_argument("--password-stdin", action="store_true",
                          help="read the administrator's password from standard input")


def _day(text: str | None, flag: str) -> date | None:
    if text is None:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise ValidationError("Use the date as YYYY-MM-DD.", flag) from None


def _out(args: argparse.Namespace) -> Path:
    """--out, refused before anything is read or audited if it is a folder or a device."""
    return check_output(args.out)


def _services(args: argparse.Namespace) -> Any:
    from .cli import _open

    return _open(args, upgrade=False)


def cmd_note(args: argparse.Namespace) -> int:
    services = _services(args)
    out = _out(args)
    pdf = services.exports.note_pdf(_operator(), args.id, f"file:{out.resolve()}")
    write_private(out, pdf)
    print(f"procedure note of record {args.id} saved to {out}")
    return 0


def _selection(args: argparse.Namespace, services: Any, actor: Any) -> Any:
    first = _day(args.date, "--date") or _day(args.start, "--from")
    last = _day(args.date, "--date") or _day(args.end, "--to")
    given = sum(x is not None for x in (args.id, args.date, args.start))
    if given != 1 or (args.date and (args.start or args.end)):
        raise ValidationError("Give one of: a record ID, --date, or --from and --to.", "id")
    if args.start and not args.end:
        raise ValidationError("Give --to with --from.", "--to")
    return services.exports.select(actor, record_id=args.id, first=first, last=last,
                                   include_drafts=args.include_drafts)


def cmd_export_fhir(args: argparse.Namespace) -> int:
    services = _services(args)
    actor = _operator()
    selection = _selection(args, services, actor)
    out = _out(args)
    bundle = services.exports.fhir_bundle(actor, selection, f"file:{out.resolve()}")
    write_private(out, json.dumps(bundle, ensure_ascii=False, indent=1).encode("utf-8"))
    print(f"{len(selection.records)} records written to {out} as a FHIR R4 Bundle "
          f"({len(bundle['entry'])} resources)")
    return 0


def cmd_export_hl7(args: argparse.Namespace) -> int:
    services = _services(args)
    actor = _operator()
    selection = services.exports.select(actor, record_id=args.id,
                                        include_drafts=args.include_drafts)
    out = _out(args)
    text = services.exports.hl7_mdm(actor, selection, f"file:{out.resolve()}")
    write_private(out, text.encode("utf-8"))
    print(f"record {args.id} written to {out} as HL7 MDM^T02 ({len(text)} characters)")
    return 0


def cmd_export_csv(args: argparse.Namespace) -> int:
    services = _services(args)
    actor = _operator()
    first, last = _day(args.start, "--from"), _day(args.end, "--to")
    selection = services.exports.select(actor, first=first, last=last,
                                        include_drafts=args.include_drafts)
    out = _out(args)
    data = services.exports.csv_table(actor, selection, args.kind, f"file:{out.resolve()}")
    write_private(out, data)
    print(f"{len(selection.records)} records written to {out} ({args.kind} CSV)")
    return 0


def cmd_user_npi(args: argparse.Namespace) -> int:
    from .cli import _admin

    services = _services(args)
    info = services.users.set_npi(_admin(services, args.admin), args.name, args.npi)
    print(f"user {info.username}: NPI {info.npi or 'cleared'}")
    return 0


def cmd_schedule_import(args: argparse.Namespace) -> int:
    def read(path: str, flag: str) -> bytes:
        try:
            return Path(path).read_bytes()
        except OSError as e:
            raise ValidationError(f"{path} cannot be read ({e.strerror}).", flag) from None

    data = read(args.file, "FILE")
    mapping = read(args.mapping, "--mapping") if args.mapping else None
    result = _services(args).schedule.import_schedule(
        _operator(), data, mapping, confirm_changes=args.confirm_changes,
        source=Path(args.file).name)
    print(f"{len(result.records_created)} planned records created, {result.already_listed} "
          f"already on the worklist; {result.patients_created} new patients, "
          f"{result.patients_changed} changed")
    return 0


def cmd_note_defaults(args: argparse.Namespace) -> int:
    services = _services(args)
    if args.set_file:
        from .cli import _admin

        if not args.admin:
            raise ValidationError("Changing the clinic's defaults needs an administrator: "
                                  "--admin NAME --password-stdin.", "--admin")

        try:
            data = json.loads(Path(args.set_file).read_text(encoding="utf-8"))
        except (OSError, ValueError) as e:
            raise ValidationError(f"{args.set_file} is not a readable JSON file ({e}).",
                                  "--set") from None
        if not isinstance(data, dict):
            raise ValidationError("Give a JSON object of settings.", "--set")
        services.settings.save_note_defaults(_admin(services, args.admin), data)
    print(json.dumps(services.settings.note_defaults().to_dict(), ensure_ascii=False,
                     indent=2))
    return 0


COMMANDS: dict[tuple[str, ...], Callable[[argparse.Namespace], int]] = {
    ("note",): cmd_note,
    ("export", "fhir"): cmd_export_fhir,
    ("export", "hl7"): cmd_export_hl7,
    ("export", "csv"): cmd_export_csv,
    ("user", "npi"): cmd_user_npi,
    ("schedule", "import"): cmd_schedule_import,
    ("note-defaults",): cmd_note_defaults,
}
SUB_COMMANDS = {"export": "export_command", "schedule": "schedule_command"}
