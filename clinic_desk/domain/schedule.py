"""The day's schedule from a practice-management CSV export (issue 14, item 6).

Default columns (a mapping file renames the file's own headings to these):

    mrn, family_name, given_name, date_of_birth (YYYY-MM-DD), sex (female/male/other/unknown,
    or F/M/O/U; optional), date (YYYY-MM-DD), time (HH:MM, local), kind (medial_branch_block,
    radiofrequency_ablation, intra_articular, or mbb/rfa/ia), block_number (1, 2 or empty),
    levels (e.g. "L4-5 B, L5-S1 L"; optional), physician (a username; optional)

`parse_schedule` reads the whole file and collects every problem with its line number
("line 7: date_of_birth: ..."); nothing here touches storage.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any

from .errors import FieldIssue, ValidationError
from .joints import JointSide, parse_joint_sides
from .procedures import ProcedureKind
from .record import Patient, Sex
from .validation import check_birth_date, parse_date, parse_mrn, parse_name

COLUMNS = ("mrn", "family_name", "given_name", "date_of_birth", "sex", "date", "time", "kind",
           "block_number", "levels", "physician")
REQUIRED = ("mrn", "family_name", "given_name", "date_of_birth", "date", "time", "kind")
MAX_ROWS = 2000
MAX_BYTES = 2 * 1024 * 1024

_KINDS = {"mbb": ProcedureKind.MEDIAL_BRANCH_BLOCK, "rfa": ProcedureKind.RADIOFREQUENCY_ABLATION,
          "ia": ProcedureKind.INTRA_ARTICULAR, **{k.value: k for k in ProcedureKind}}
_SEX = {"f": Sex.FEMALE, "m": Sex.MALE, "o": Sex.OTHER, "u": Sex.UNKNOWN,
        **{s.value: s for s in Sex}}


@dataclass(frozen=True, slots=True)
class Appointment:
    line: int  # line number in the file (the heading is line 1)
    patient: Patient
    sex_given: bool
    at: datetime  # local, aware
    kind: ProcedureKind
    block_number: int | None
    joints: tuple[JointSide, ...]
    physician: str | None


def parse_mapping(text: str | bytes) -> dict[str, str]:
    """A mapping file: a JSON object {"Their heading": "our column", ...}."""
    try:
        data = json.loads(text)
    except ValueError:
        raise ValidationError("The mapping file is not valid JSON.", "mapping") from None
    if not isinstance(data, dict) or not all(isinstance(k, str) and isinstance(v, str)
                                             for k, v in data.items()):
        raise ValidationError('The mapping file must be a JSON object such as '
                              '{"Patient ID": "mrn", "DOB": "date_of_birth"}.', "mapping")
    unknown = sorted(v for v in data.values() if v not in COLUMNS)
    if unknown:
        raise ValidationError(f"Unknown column {unknown[0]!r} in the mapping; use: "
                              f"{', '.join(COLUMNS)}.", "mapping")
    return {k.strip(): v for k, v in data.items()}


def _time(text: str) -> time:
    try:
        value = time.fromisoformat(text.strip())
    except ValueError:
        raise ValidationError(f'"{text[:10]}" is not a time; use HH:MM, e.g. 08:30.') from None
    return value.replace(second=0, microsecond=0)


def _row(line: int, row: dict[str, str]) -> Appointment:
    issues: list[FieldIssue] = []

    def get(key: str, fn: Any, default: Any = None) -> Any:
        text = (row.get(key) or "").strip()
        if not text:
            if key in REQUIRED:
                issues.append(FieldIssue(key, "This column is empty."))
            return default
        try:
            return fn(text)
        except ValidationError as e:
            issues.extend(FieldIssue(key, i.message) for i in e.issues)
            return default

    def kind(text: str) -> ProcedureKind:
        found = _KINDS.get(text.lower().replace(" ", "_").replace("-", "_"))
        if found is None:
            raise ValidationError(f'"{text[:30]}" is not a procedure kind; use mbb, rfa or ia.')
        return found

    def sex(text: str) -> Sex:
        found = _SEX.get(text.lower())
        if found is None:
            raise ValidationError("Use female, male, other or unknown (or F, M, O, U).")
        return found

    def block(text: str) -> int:
        if text not in ("1", "2"):
            raise ValidationError("A block number is 1 or 2, or empty for a therapeutic block.")
        return int(text)

    def dob(text: str) -> date:
        d = parse_date(text, "date of birth")
        check_birth_date(d)
        return d

    def username(text: str) -> str:
        # Usernames are 1-64 letters, digits, dots, hyphens or underscores (services.auth);
        # anything else (a NUL byte, a control character) is refused here, before any lookup.
        bare = text.replace(".", "").replace("_", "").replace("-", "")
        if len(text) > 64 or not bare or not bare.isascii() or not bare.isalnum():
            raise ValidationError("Give the physician's username (letters, digits, dots, "
                                  "hyphens or underscores).")
        return text.lower()

    mrn = get("mrn", parse_mrn, "")
    family = get("family_name", lambda t: parse_name(t, "family name"), "")
    given = get("given_name", lambda t: parse_name(t, "given name"), "")
    born = get("date_of_birth", dob)
    sex_value = get("sex", sex)
    day = get("date", lambda t: parse_date(t, "appointment date"))
    at_time = get("time", _time)
    kind_value = get("kind", kind)
    block_value = get("block_number", block)
    joints = get("levels", parse_joint_sides, ())
    physician = get("physician", username)
    if kind_value is not None and kind_value is not ProcedureKind.MEDIAL_BRANCH_BLOCK \
            and block_value is not None:
        issues.append(FieldIssue("block_number", "Only medial branch blocks have a number."))
    if issues:
        raise ValidationError(FieldIssue(f"line {line}, {i.field}", i.message) for i in issues)
    assert born is not None and day is not None and at_time is not None
    assert kind_value is not None
    at = datetime.combine(day, at_time).astimezone()
    patient = Patient(mrn, family, given, born, sex_value or Sex.UNKNOWN)
    return Appointment(line, patient, sex_value is not None, at, kind_value, block_value,
                       tuple(joints), physician)


def parse_schedule(data: bytes, mapping: dict[str, str] | None = None) -> list[Appointment]:
    """Every row of the file, or ValidationError with every problem and its line number."""
    if len(data) > MAX_BYTES:
        raise ValidationError("The file is larger than 2 MB; is it the day's schedule?", "file")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        line = data[:e.start].count(b"\n") + 1
        raise ValidationError(f"line {line}: the file is not UTF-8 text; export it as "
                              "UTF-8 CSV.", "file") from None
    reader = csv.DictReader(io.StringIO(text, newline=""))
    headings = [(h or "").strip() for h in (reader.fieldnames or [])]
    renamed = [(mapping or {}).get(h, h) for h in headings]
    missing = [c for c in REQUIRED if c not in renamed]
    if missing:
        raise ValidationError(f"line 1: the file has no {', '.join(missing)} column; use a "
                              "mapping file to name the file's own columns.", "file")
    reader.fieldnames = renamed
    out: list[Appointment] = []
    issues: list[FieldIssue] = []
    try:
        for row in reader:
            if len(out) + 1 > MAX_ROWS:
                raise ValidationError(f"At most {MAX_ROWS} rows in one file.", "file")
            if None in row:  # more cells than headings
                issues.append(FieldIssue(f"line {reader.line_num}",
                                         "This row has more cells than the heading."))
                continue
            if not any((v or "").strip() for v in row.values()):
                continue  # a blank line
            try:
                out.append(_row(reader.line_num, row))
            except ValidationError as e:
                issues.extend(e.issues)
    except csv.Error as e:
        raise ValidationError(f"line {reader.line_num}: not valid CSV ({e}).", "file") from None
    if issues:
        raise ValidationError(issues)
    if not out:
        raise ValidationError("The file has no appointments.", "file")
    return out
