"""Property tests: every parser returns a valid value or raises ValidationError, nothing else.

A ValidationError must carry at least one issue, each with a non-empty plain message, so the
UI always has something to show beside the field. Inputs are random and hostile: control
characters, right-to-left marks, SQL, huge and non-ASCII digits, NaN and infinities, wrong
JSON types, deep nesting.
"""

from __future__ import annotations

import json
import math
import sys
import unicodedata
from collections.abc import Callable
from datetime import date, datetime, timedelta, timezone
from typing import Any, TypeVar

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from clinic_desk.domain.errors import ValidationError
from clinic_desk.domain.innervation import NERVES, parse_nerve
from clinic_desk.domain.joints import (
    JOINTS,
    JointSide,
    Side,
    normalize_selection,
    parse_joint_side,
    parse_joint_sides,
    parse_level,
    parse_side,
)
from clinic_desk.domain.medications import CATALOGUE, MedicationLine, parse_strength
from clinic_desk.domain.procedures import (
    Complication,
    ComplicationKind,
    Guidance,
    Modality,
    ProcedureKind,
    Sedation,
)
from clinic_desk.domain.record import (
    Anticoagulant,
    Language,
    ProcedureRecord,
    Sex,
    StaffRef,
    Vitals,
)
from clinic_desk.domain.record_format import (
    canonical_json,
    content_hash,
    content_to_json,
    loads,
    parse_record,
    parse_records,
)
from clinic_desk.domain.validation import (
    MAX_NAME,
    parse_date,
    parse_datetime,
    parse_int,
    parse_mrn,
    parse_name,
    parse_number,
    parse_text,
    validate_record,
)
from tests.factories import NAMES, example_record_json, make_patient, make_record

T = TypeVar("T")

PROPERTY = settings(max_examples=200, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])

HOSTILE_TEXT = [
    "", " ", "\x00", "\t\n\r", "\x1f", "\x85", "\u2028", "\ufeff", "\u200b", "\u200d",
    "\u202eL4-L5", "L4\u202e-L5", "\u200fL4-L5\u200f", "ליאור", "عبد الله",
    "'; DROP TABLE records;--", "Robert'); DROP TABLE patients;--", "1 OR 1=1", "%s%s%n",
    "<script>alert(1)</script>", "${jndi:ldap://x}", "../../etc/passwd", "NULL", "None",
    "nan", "NaN%", "inf", "-inf", "1e309", "-0", "0x10", "1_000", "١٢", "٤٥", "L٤٥", "Ｌ４－５",
    "L\u0660\u0660\u0660\u0664", "L" + "9" * 5000, "9" * 400 + "%", "9" * 400 + " mg/mL",
    "\ud800", "L4\udfff-L5", "𝟒𝟓", "L𝟒-𝟓", "Ⅳ", "L4-L5" * 1000, "a" * 20_000,
    "Zoë", "O'Brien-Nguyễn", "王", "Δημήτρης", "Анна", "ｌｅｆｔ", "B.", "50", "L R",
    "2026-11-24T09:30:00-05:00", "0001-01-01T00:00:00+00:00", "9999-12-31T23:59:59-23:59",
    "2026-02-29T09:00:00-05:00", "2026-11-24T09:30:00+24:00", "2026-W48-2T09:30Z",
]

texts = st.one_of(
    st.text(),
    st.text(alphabet=st.characters(codec="utf-8"), max_size=30),
    st.sampled_from(HOSTILE_TEXT),
    st.text(alphabet="CTLSctlsBR0123456789-/., –\u2013LRB", max_size=12),
    st.from_regex(r"[CTLSctls]\s?\d{1,3}\s?[-/.–]?\s?[CTLSctls]?\d{0,3}( [LRBlrb])?",
                  fullmatch=True),
)

json_scalars = st.one_of(
    st.none(), st.booleans(), st.integers(), st.integers(min_value=-(10**400), max_value=10**400),
    st.floats(allow_nan=True, allow_infinity=True), texts,
)
json_values = st.recursive(
    json_scalars,
    lambda children: st.one_of(st.lists(children, max_size=4),
                               st.dictionaries(texts, children, max_size=4)),
    max_leaves=12,
)
anything = st.one_of(json_values, st.just(datetime(2026, 1, 1)), st.just(object()),
                     st.just(b"L4-L5"), st.just(math.pi))


def outcome(fn: Callable[..., T], *args: Any) -> T | None:
    """fn(*args), or None when it raised a well-formed ValidationError; anything else fails."""
    try:
        return fn(*args)
    except ValidationError as e:
        assert e.issues, "a ValidationError must name at least one problem"
        for issue in e.issues:
            assert isinstance(issue.field, str)
            assert isinstance(issue.message, str) and issue.message.strip()
        assert str(e)
        return None


# ---- levels, sides, nerves ----------------------------------------------------------------

@PROPERTY
@given(texts)
@example("C7-1")
@example("L3-L5")
def test_parse_level(text: str) -> None:
    j = outcome(parse_level, text)
    if j is not None:
        assert j in JOINTS
        assert parse_level(j.name) is j
        assert parse_level(j.short_name) is j


@PROPERTY
@given(anything)
def test_parse_level_any_type(value: Any) -> None:
    assert outcome(parse_level, value) in (None, *JOINTS)


@PROPERTY
@given(st.sampled_from(JOINTS), st.sampled_from(["-", "/", " ", "", "–", " - ", ".", "\u2212"]),
       st.booleans(), st.booleans(), st.booleans())
def test_every_joint_typed_any_way(j: Any, sep: str, lower: bool, short: bool,
                                   reverse: bool) -> None:
    first, second = (j.lower, j.upper) if reverse else (j.upper, j.lower)
    if short and first[0] == second[0]:
        second = second[1:]  # "L4-5", "L45", reversed "L5-4"
    text = first + sep + second
    assert parse_level(text.lower() if lower else text) is j


@PROPERTY
@given(texts)
def test_parse_side(text: str) -> None:
    assert outcome(parse_side, text) in (None, *Side)


@PROPERTY
@given(texts, st.one_of(st.none(), st.sampled_from(Side)))
def test_parse_joint_side(text: str, default: Side | None) -> None:
    js = outcome(parse_joint_side, text, default)
    if js is not None:
        assert isinstance(js, JointSide)
        assert js.joint in JOINTS and js.side in Side
        assert parse_joint_side(f"{js.joint.name} {js.side.value}") == js


@PROPERTY
@given(st.one_of(texts, st.lists(texts, max_size=5).map(", ".join)),
       st.one_of(st.none(), st.sampled_from(Side)))
def test_parse_joint_sides(text: str, default: Side | None) -> None:
    chosen = outcome(parse_joint_sides, text, default)
    if chosen is not None:
        assert chosen == normalize_selection(chosen)
        assert len({js.joint for js in chosen}) == len(chosen)


@PROPERTY
@given(st.lists(st.tuples(st.sampled_from(JOINTS), st.sampled_from(Side)), max_size=8))
def test_parse_joint_sides_reads_back_what_it_prints(items: list[tuple[Any, Side]]) -> None:
    chosen = normalize_selection(JointSide(j, s) for j, s in items)
    text = ", ".join(str(js) for js in chosen)
    assert parse_joint_sides(text) == chosen


@PROPERTY
@given(st.one_of(texts, anything))
@example("L5 MB")
def test_parse_nerve(text: Any) -> None:
    n = outcome(parse_nerve, text)
    if n is not None:
        assert n in NERVES
        assert parse_nerve(n.name) is n


# ---- medications --------------------------------------------------------------------------

strengths = st.one_of(
    texts,
    st.builds(lambda n, unit: f"{n}{unit}",
              st.one_of(st.integers(-5, 10**6).map(str),
                        st.floats(allow_nan=True, allow_infinity=True).map(repr),
                        st.decimals(allow_nan=False).map(str)),
              st.sampled_from(["%", " %", "mg/mL", " mg / ml", "mgI/mL", "mg", ""])),
)


@PROPERTY
@given(strengths)
def test_parse_strength(text: str) -> None:
    s = outcome(parse_strength, text)
    if s is not None:
        assert math.isfinite(s.mg_per_ml) and s.mg_per_ml > 0
        assert parse_strength(s.text) == s


@PROPERTY
@given(anything)
def test_parse_strength_any_type(value: Any) -> None:
    outcome(parse_strength, value)


# ---- patient fields -----------------------------------------------------------------------

@PROPERTY
@given(st.one_of(texts, anything))
@example("Zo\u0308e\u0301")
@example(" " * 50 + "a" + " " * 200)
def test_parse_name(value: Any) -> None:
    name = outcome(parse_name, value)
    if name is not None:
        assert 0 < len(name) <= MAX_NAME
        assert name == name.strip()
        assert parse_name(name) == name


@PROPERTY
@given(st.one_of(texts, anything))
def test_parse_mrn(value: Any) -> None:
    mrn = outcome(parse_mrn, value)
    if mrn is not None:
        assert 1 <= len(mrn) <= 20
        assert mrn.isascii() and mrn == mrn.upper()
        assert parse_mrn(mrn) == mrn


@PROPERTY
@given(st.one_of(texts, anything), st.booleans())
def test_parse_text(value: Any, multiline: bool) -> None:
    text = outcome(parse_text, value, "notes", 4000, multiline)
    if text is not None:
        assert parse_text(text, "notes", 4000, multiline) == text


# ---- dates and numbers --------------------------------------------------------------------

offsets = st.builds(lambda m: timezone(timedelta(minutes=m)), st.integers(-23 * 60, 23 * 60))


@PROPERTY
@given(st.one_of(texts, anything,
                 st.datetimes(timezones=offsets).map(datetime.isoformat),
                 st.datetimes().map(datetime.isoformat)))
def test_parse_datetime(value: Any) -> None:
    dt = outcome(parse_datetime, value)
    if dt is not None:
        assert dt.utcoffset() is not None
        assert parse_datetime(dt.isoformat()) == dt


@PROPERTY
@given(st.datetimes(min_value=datetime(1900, 1, 1), max_value=datetime(2200, 12, 31),
                    timezones=offsets))
def test_parse_datetime_reads_back_isoformat(value: datetime) -> None:
    back = parse_datetime(value.isoformat())
    assert back == value and back.utcoffset() == value.utcoffset()


@PROPERTY
@given(st.one_of(texts, anything))
def test_parse_date(value: Any) -> None:
    outcome(parse_date, value)


@PROPERTY
@given(anything)
def test_parse_number_and_int(value: Any) -> None:
    n = outcome(parse_number, value, "weight", 2, 400, "kg")
    if n is not None:
        assert 2 <= n <= 400
    i = outcome(parse_int, value, "pain score", 0, 10)
    if i is not None:
        assert isinstance(i, int) and 0 <= i <= 10


# ---- record JSON --------------------------------------------------------------------------

def _paths(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [prefix] if prefix else []
    if isinstance(value, dict):
        for k, v in value.items():
            found += _paths(v, (*prefix, k))
    elif isinstance(value, list):
        for n, v in enumerate(value):
            found += _paths(v, (*prefix, n))
    return found


EXAMPLE_PATHS = [
    *_paths(example_record_json()),
    ("vitals_before",), ("vitals_after",), ("id",), ("version",), ("ended_at",), ("notes",),
    ("complications", 0), ("patient", "sex"), ("patient", "allergies"), ("patient", "escort"),
    ("guidance", "dap_mgy_cm2"), ("targets",), ("status",), ("signature",), ("unknown",),
]


def _set(data: Any, path: tuple[Any, ...], value: Any) -> None:
    """Put value at path; a path through something an earlier change replaced is skipped."""
    for step in path[:-1]:
        if isinstance(data, dict) and step in data:
            data = data[step]
        elif isinstance(data, list) and isinstance(step, int) and step < len(data):
            data = data[step]
        else:
            return
    last = path[-1]
    if isinstance(data, dict) and isinstance(last, str):
        data[last] = value
    elif isinstance(data, list) and isinstance(last, int):
        if last < len(data):
            data[last] = value
        else:
            data.append(value)


def check_records(result: Any) -> None:
    """A parsed file: every record is valid, hashable and survives its own round trip."""
    assert isinstance(result, list) and result
    for record, rec_id, version in result:
        assert validate_record(record) == []
        assert rec_id is None or (isinstance(rec_id, int) and rec_id >= 1)
        assert version is None or (isinstance(version, int) and version >= 0)
        assert len(content_hash(record)) == 64
        back, _, _ = parse_record(json.loads(json.dumps(content_to_json(record))))
        assert back == record
        assert canonical_json(back) == canonical_json(record)


@PROPERTY
@given(st.lists(st.tuples(st.sampled_from(EXAMPLE_PATHS), json_values), min_size=1,
                max_size=3))
def test_parse_records_with_hostile_fields(changes: list[tuple[tuple[Any, ...], Any]]) -> None:
    data = example_record_json()
    for path, value in changes:
        _set(data, path, value)
    result = outcome(parse_records, data)
    if result is not None:
        check_records(result)


@PROPERTY
@given(json_values)
def test_parse_records_with_random_json(data: Any) -> None:
    result = outcome(parse_records, data)
    if result is not None:
        check_records(result)


@PROPERTY
@given(st.lists(st.one_of(st.just(None), json_values), min_size=1, max_size=4))
def test_one_bad_record_rejects_the_whole_list(spoilers: list[Any]) -> None:
    records = [example_record_json() for _ in spoilers]
    for data, spoiler in zip(records, spoilers, strict=True):
        if spoiler is not None:
            data["pain_before"] = spoiler
    try:
        result = parse_records(records)
    except ValidationError as e:
        assert e.issues
        assert all(i.field.startswith("[") and i.message.strip() for i in e.issues)
        # Only the spoilt records are named.
        named = {int(i.field[1:i.field.index("]")]) for i in e.issues}
        assert named <= {n for n, s in enumerate(spoilers) if s is not None}
    else:
        assert len(result) == len(records)
        check_records(result)


@PROPERTY
@given(st.one_of(texts, json_values.map(json.dumps),
                 # Bytes as a file would hold them; a lone surrogate becomes invalid UTF-8.
                 json_values.map(lambda v: json.dumps(v, ensure_ascii=False)
                                 .encode("utf-8", "surrogatepass")),
                 st.binary(max_size=64),
                 st.sampled_from(["NaN", "[Infinity]", '{"format": NaN}', "1e999", "-0",
                                  '{"a":' * 50 + "1" + "}" * 50, "[" * 5000, "\ufeff[]"])))
@example('"\ud800"'.encode("utf-8", "surrogatepass"))
@example('{"format": "clinic-desk/record@1", "kind": "\udfff"}')
def test_loads(text: str | bytes) -> None:
    result = outcome(loads, text)
    if result is not None:
        check_records(result)


def test_loads_with_nesting_at_the_recursion_limit() -> None:
    # json.loads stops at the recursion limit; a value just inside it must not make the
    # record reader itself recurse (e.g. by printing the value in a message).
    limit = sys.getrecursionlimit()
    head = json.dumps(example_record_json())[:-1]
    for depth in range(limit - 80, limit + 5):
        for key in ("kind", "sedation", "notes", "patient", "joints", "unknown"):
            # JSON keeps the last of two equal keys, so this replaces the example's value.
            text = f'{head}, "{key}": {"[" * depth}{"]" * depth}}}'
            assert outcome(loads, text) is None


def test_parse_records_with_deep_python_nesting() -> None:
    deep: Any = []
    for _ in range(50_000):
        deep = [deep]
    for key in ("kind", "sedation", "notes", "physician", "joints", "complications"):
        data = example_record_json()
        data[key] = deep
        assert outcome(parse_records, data) is None


# ---- any valid record survives JSON ---------------------------------------------------------

DRUG_LINES = [(d.name, s) for d in CATALOGUE for s in d.strengths]
_safe = st.characters(codec="utf-8", exclude_categories=("Cc", "Cs", "Co", "Cn", "Cf"))
one_line = st.text(alphabet=_safe, max_size=40).map(
    lambda t: unicodedata.normalize("NFC", t).strip())
many_lines = st.text(alphabet=st.one_of(_safe, st.sampled_from("\n\t")), max_size=80).map(
    lambda t: unicodedata.normalize("NFC", t).strip())
usernames = st.from_regex(r"[a-z][a-z0-9._-]{0,20}", fullmatch=True)


@st.composite
def records(draw: st.DrawFn) -> ProcedureRecord:
    given_name, family_name = draw(st.sampled_from(NAMES))
    patient = make_patient(
        mrn=draw(st.from_regex(r"[A-Z0-9][A-Z0-9-]{0,19}", fullmatch=True)),
        given_name=given_name, family_name=family_name,
        date_of_birth=draw(st.dates(date(1900, 1, 1), date(2020, 12, 31))),
        sex=draw(st.sampled_from(Sex)), preferred_language=draw(st.sampled_from(Language)),
        weight_kg=draw(st.one_of(st.none(), st.floats(2, 400))),
        diabetic=draw(st.booleans()),
        anticoagulant=draw(st.one_of(st.none(), st.builds(
            Anticoagulant, st.sampled_from(["apixaban", "warfarin", "clopidogrel"]),
            many_lines))),
        allergies=draw(many_lines), escort=draw(one_line),
    )
    kind = draw(st.sampled_from(ProcedureKind))
    performed = draw(st.datetimes(datetime(2000, 1, 1), datetime(2100, 1, 1),
                                  timezones=offsets))
    systolic = draw(st.integers(50, 260))
    vitals = [Vitals(systolic, draw(st.integers(20, min(160, systolic - 1))),
                     draw(st.one_of(st.none(), st.integers(20, 250))),
                     draw(st.one_of(st.none(), st.integers(50, 100))),
                     draw(st.one_of(st.none(), st.integers(4, 60)))) for _ in range(2)]
    complications = draw(st.lists(st.builds(
        Complication, st.sampled_from(ComplicationKind), one_line), max_size=3))
    return make_record(
        patient=patient, kind=kind,
        block_number=draw(st.sampled_from([None, 1, 2])) if kind.value == "medial_branch_block"
        else None,
        performed_at=performed,
        ended_at=draw(st.one_of(st.none(), st.integers(0, 720).map(
            lambda m: performed + timedelta(minutes=m)))),
        follow_up=draw(st.one_of(st.none(), st.integers(1, 90 * 24).map(
            lambda h: performed + timedelta(hours=h)))),
        physician=draw(st.one_of(st.none(), usernames.map(StaffRef))),
        nurse=draw(st.one_of(st.none(), usernames.map(StaffRef))),
        joints=normalize_selection(JointSide(j, s) for j, s in draw(st.lists(
            st.tuples(st.sampled_from(JOINTS), st.sampled_from(Side)), max_size=6))),
        guidance=Guidance(
            draw(st.sampled_from(Modality)),
            draw(st.one_of(st.none(), st.floats(0, 3600))),
            draw(st.one_of(st.none(), st.floats(0, 10000))),
            draw(st.one_of(st.none(), st.floats(0, 1_000_000))),
            draw(st.one_of(st.none(), st.sampled_from(["iohexol", "Omnipaque", "iopamidol"])))),
        medications=tuple(MedicationLine(name, strength, volume, per_target)
                          for (name, strength), volume, per_target in draw(st.lists(
                              st.tuples(st.sampled_from(DRUG_LINES),
                                        st.floats(0.01, 20), st.booleans()), max_size=4))),
        sedation=draw(st.sampled_from(Sedation)),
        pain_before=draw(st.one_of(st.none(), st.integers(0, 10))),
        pain_after=draw(st.one_of(st.none(), st.integers(0, 10))),
        vitals_before=vitals[0], vitals_after=vitals[1],
        complications=tuple(c for c in complications
                            if c.kind is not ComplicationKind.OTHER or c.text),
        notes=draw(many_lines),
    )


# Building a whole record takes ~50 draws; one test with fewer examples keeps the suite quick.
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(records(), offsets)
def test_any_valid_record_round_trips_and_hashes_stably(record: ProcedureRecord,
                                                        tz: timezone) -> None:
    assert validate_record(record) == []
    ((back, rec_id, version),) = loads(json.dumps(content_to_json(record), ensure_ascii=False))
    assert (rec_id, version) == (None, None)
    assert back == record
    assert canonical_json(back) == canonical_json(record)
    # The same instants in another offset: an equal record, the same bytes and hash.
    moved = record.with_changes(
        performed_at=record.performed_at.astimezone(tz),
        ended_at=record.ended_at.astimezone(tz) if record.ended_at else None,
        follow_up=record.follow_up.astimezone(tz) if record.follow_up else None)
    assert moved == record
    assert content_hash(moved) == content_hash(record)
