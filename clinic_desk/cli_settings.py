"""`clinic-desk pathway settings`: show or set the diagnostic-pathway settings (issue 13).

The rule profiles, the one in use, next-day call timing, follow-up months and the clinic's own
measures, as JSON (resources/pathway-settings.schema.json). Setting them needs an
administrator, signed in like `note-defaults --set` and `user npi` (--admin NAME
--password-stdin); the JSON is checked before the sign-in and again by the service, which
saves and audits it in one transaction. cli.py adds the parser and the command.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from .domain.errors import ValidationError

WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


def add_parser(pathway_sub: Any) -> None:
    p = pathway_sub.add_parser(
        "settings", help="show or set the rule profiles and call timing",
        description="Print the clinic's diagnostic-pathway settings (the rule profile in use, "
                    "the clinic's own profiles, next-day call days and tries, follow-up months, "
                    "the clinic's own measures), or with --set replace them from a JSON file "
                    "(- reads standard input after the password line). The format is "
                    "resources/pathway-settings.schema.json (docs/record-format.md); `--json` "
                    "prints exactly what --set reads. Setting needs an administrator (--admin "
                    "NAME --password-stdin). Bad input exits 2 naming each field; nothing is "
                    "saved. Audited as a settings change.")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.add_argument("--set", dest="set_file", metavar="FILE|-",
                   help="replace the settings from this JSON file")
    p.add_argument("--admin", metavar="ADMIN",
                   help="with --set: the administrator making the change")
    p.add_argument("--password-stdin", action="store_true",
                   help="with --set: read the administrator's password from the first line "
                        "of standard input")


def _parse(text: str | bytes) -> dict[str, Any]:
    from .services.pathway import PathwaySettings

    try:
        data = json.loads(text)
    except (ValueError, RecursionError):
        raise ValidationError("The file is not valid JSON.", "--set") from None
    if not isinstance(data, dict):
        raise ValidationError("Give a JSON object of settings.", "--set")
    PathwaySettings.from_dict(data)  # every field at fault, before anyone signs in
    return data


def cmd_pathway_settings(args: argparse.Namespace) -> int:
    from .cli import CliError, _admin, _open

    if args.set_file is None:
        if args.admin or args.password_stdin:
            raise ValidationError("--admin and --password-stdin go with --set.", "--admin")
        services = _open(args, upgrade=False)
        _print(services.pathway.settings(), args.json)
        return 0
    if not args.admin or not args.password_stdin:
        raise ValidationError("Changing the clinic's settings needs an administrator: "
                              "--admin NAME --password-stdin.", "--admin")
    services = _open(args, upgrade=False)
    if args.set_file == "-":
        admin = _admin(services, args.admin)
        # The rest of standard input, through the text layer that read the password line.
        data = _parse(sys.stdin.read())
    else:
        try:
            raw = Path(args.set_file).read_bytes()
        except OSError as e:
            raise CliError(f"Cannot read {args.set_file}: {e.strerror}.") from None
        data = _parse(raw)
        admin = _admin(services, args.admin)
    saved = services.pathway.save_settings(admin, data)
    _print(saved, args.json)
    return 0


def _print(settings: Any, as_json: bool) -> None:
    if as_json:
        print(json.dumps(settings.to_dict(), ensure_ascii=False, indent=2))
        return
    for line in describe(settings):
        print(line)


def _hours(hours: float | None) -> str:
    return "duration as information only" if hours is None else f"at least {hours:g} h"


def describe(settings: Any) -> list[str]:
    """The settings in words, as an administrator reads them (also the JSON keys)."""
    c = settings.calls
    days = ", ".join(WEEKDAYS[d] for d in c.clinic_weekdays)
    closed = [WEEKDAYS[d] for d in range(7) if d not in c.clinic_weekdays]
    lines = [f"Rule profile in use: {settings.profile.name} ({settings.profile.key})",
             "Profiles:"]
    for p in settings.profiles:
        built_in = "  (built in)" if p.key == "medicare" else ""
        lines.append(f"  {p.key:<20} {p.name:<30} positive at {p.positive_percent}% relief, "
                     f"{_hours(p.min_hours)}{built_in}")
    lines += [
        f"Next-day calls: {c.days_after} clinic day(s) after the procedure; clinic days {days}"
        + (f" ({', '.join(closed)}: called on the next clinic day)" if closed else ""),
        f"  flagged after {c.max_tries} tries without reaching the patient; an unreached "
        f"patient stays on the list {c.retry_days} days",
        f"Follow-ups: {', '.join(map(str, c.follow_up_months))} months after RFA and "
        f"therapeutic procedures, each due for {c.follow_up_window_days} days",
    ]
    if settings.measures:
        lines.append("Measures: " + "; ".join(f"{m.name} ({m.key}, {m.low}-{m.high})"
                                              for m in settings.measures))
    else:
        lines.append("Measures: none (a clinic adds its own licensed measures as data)")
    return lines
