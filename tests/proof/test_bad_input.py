"""Bad input through the services and the command line (the domain's own property tests are
in tests/domain/test_properties.py): hypothesis feeds the record JSON importer, `clinic-desk
record import` and every service that takes typed-in text random and hostile values - wrong
types, huge strings, control characters, SQL, right-to-left text, invalid dates, negative
doses. The only acceptable failure is a ValidationError (exit status 2 on the command line)
naming a field, and a refused input leaves every table exactly as it was."""

from __future__ import annotations

import copy
import io
import json
import sys
from dataclasses import replace
from datetime import date, datetime, timedelta, timezone
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from sqlalchemy import text

from clinic_desk.cli import main
from clinic_desk.domain.clinic import ClinicInfo
from clinic_desk.domain.errors import ClinicDeskError, ValidationError, VersionConflictError
from clinic_desk.domain.medications import MedicationLine
from clinic_desk.domain.procedures import Guidance
from clinic_desk.domain.record import Anticoagulant, Patient, Role, Vitals
from clinic_desk.services import Services
from clinic_desk.services.printing import PrintingService
from clinic_desk.storage.unit_of_work import UnitOfWork
from tests.factories import example_record_json, make_record
from tests.services.helpers import FakeRenderer
from tests.signoff.helpers import ready_record, save_patient, signed_record

from . import figures

TABLES = ("users", "patients", "records", "record_joints", "record_medications",
          "record_complications", "signatures", "addenda", "handout_prints", "audit_log",
          "settings")
PROOF = settings(max_examples=150, deadline=None, database=None,
                 suppress_health_check=[HealthCheck.function_scoped_fixture,
                                        HealthCheck.too_slow])

HOSTILE = [
    "", " ", "\x00", "a\x00b", "\t\n\r", "\x1b[31mred", "\x7f", "\u0085", "\u2028", "\ufeff",
    "\u200b", "\u202eL4-L5", "\u200fשלום\u200f", "عبد الله", "'; DROP TABLE records;--",
    "Robert'); DROP TABLE patients;--", "1 OR 1=1", "%s%n%x", "<script>alert(1)</script>",
    "${jndi:ldap://x}", "../../etc/passwd", "NULL", "null", "None", "nan", "NaN", "inf",
    "-inf", "1e309", "-0", "0x10", "١٢", "Ｌ４－５", "L" + "9" * 5000, "a" * 70_000,
    "Zoë", "王", "2026-02-30", "2026-13-01", "0000-00-00", "9999-12-31T23:59:59+23:59",
    "2026-11-24T09:30:00+25:00", "yesterday", "-1", "-0.5", "1e-400", "\ud800",
]
hostile_text = st.one_of(
    st.sampled_from(HOSTILE),
    st.text(max_size=40),
    st.text(alphabet=st.characters(codec="utf-8"), max_size=200),
    st.builds(lambda c, n: c * n, st.sampled_from(["x", "é", "\u202e", "9", "'", "\x01"]),
              st.integers(100, 100_000)),
)
scalars = st.one_of(
    st.none(), st.booleans(), st.integers(-(2**70), 2**70), st.integers(-10, 10),
    st.floats(allow_nan=True, allow_infinity=True), st.floats(-1000, -0.0001), hostile_text,
)
values = st.recursive(scalars, lambda kids: st.one_of(
    st.lists(kids, max_size=4), st.dictionaries(hostile_text, kids, max_size=4)), max_leaves=10)

PATHS = [
    ("format",), ("id",), ("version",), ("kind",), ("block_number",), ("performed_at",),
    ("ended_at",), ("follow_up",), ("physician",), ("nurse",), ("joints",),
    ("joints", 0, "level"), ("joints", 0, "side"), ("joints", 1), ("guidance",),
    ("guidance", "modality"), ("guidance", "fluoro_time_s"), ("guidance", "dose_mgy"),
    ("guidance", "contrast"), ("medications",), ("medications", 0, "name"),
    ("medications", 0, "strength"), ("medications", 0, "volume_ml"),
    ("medications", 0, "per_target"), ("sedation",), ("pain_before",), ("pain_after",),
    ("vitals_before",), ("vitals_after", "systolic"), ("complications",), ("notes",),
    ("patient",), ("patient", "mrn"), ("patient", "family_name"), ("patient", "given_name"),
    ("patient", "date_of_birth"), ("patient", "preferred_language"), ("patient", "weight_kg"),
    ("patient", "diabetic"), ("patient", "anticoagulant"),
    ("patient", "anticoagulant", "resume_instructions"), ("unknown_key",),
    # issue 14: the procedure-note object
    ("note",), ("note", "indication"), ("note", "indication", "pain_3_months"),
    ("note", "time_out", "identifiers"), ("note", "time_out", "at"), ("note", "needle"),
    ("note", "needle", "gauge"), ("note", "needle", "length_mm"), ("note", "rfa"),
    ("note", "rfa", "lesion_temperature_c"), ("note", "disposition", "condition"),
    ("note", "unknown_key"),
]


def _set(doc: Any, path: tuple[Any, ...], value: Any) -> None:
    target = doc
    for key in path[:-1]:
        if isinstance(target, dict) and key in target:
            target = target[key]
        elif isinstance(target, list) and isinstance(key, int) and key < len(target):
            target = target[key]
        else:
            return
    last = path[-1]
    if isinstance(target, dict):
        target[last] = value
    elif isinstance(target, list) and isinstance(last, int) and last < len(target):
        target[last] = value


@st.composite
def record_documents(draw: st.DrawFn) -> Any:
    """A valid record JSON with one to four hostile changes (or a wholly random value)."""
    if draw(st.integers(0, 9)) == 0:
        return draw(values)
    doc = example_record_json()
    doc["patient"]["mrn"] = draw(st.sampled_from(["A1001", "B2002", "C3003"]))
    for _ in range(draw(st.integers(1, 4))):
        path = draw(st.sampled_from(PATHS))
        if draw(st.integers(0, 5)) == 0:
            parent = doc
            for key in path[:-1]:
                parent = parent.get(key, {}) if isinstance(parent, dict) else {}
            if isinstance(parent, dict):
                parent.pop(path[-1], None)
        else:
            _set(doc, path, draw(values))
    if draw(st.integers(0, 6)) == 0:
        return [doc, copy.deepcopy(example_record_json()), draw(values)]
    return doc


def counts(services: Services) -> dict[str, int]:
    with UnitOfWork(services.db, write=False) as uow:
        return {t: int(uow.session.execute(text(f"SELECT count(*) FROM {t}")).scalar() or 0)
                for t in TABLES}


def well_formed(e: ValidationError) -> None:
    assert e.issues, "a ValidationError must name at least one problem"
    for issue in e.issues:
        assert isinstance(issue.field, str)
        assert isinstance(issue.message, str) and issue.message.strip()
        assert len(issue.message) < 2000, "messages must not echo huge input back"


def refused_cleanly(services: Services, before: dict[str, int], fn: Any,
                    *allowed: type[ClinicDeskError]) -> Any:
    """Run fn; a refusal must be a (well-formed) ValidationError or one of `allowed` and
    leave every table unchanged. Counts the input in the figures."""
    figures.add("inputs_tried")
    try:
        return fn()
    except ValidationError as e:
        well_formed(e)
    except allowed:
        pass
    except Exception:
        figures.add("inputs_crashes")
        raise
    figures.add("inputs_rejected")
    after = counts(services)
    if after != before:
        figures.add("inputs_half_saved")
    assert after == before, "a refused input left rows behind"
    return None


# --- the record JSON importer ---------------------------------------------------------------
@PROOF
@given(doc=record_documents())
@example(doc={"format": "clinic-desk/record@1", "id": 2**40})
@example(doc=dict(example_record_json(), id=2**40))
@example(doc=dict(example_record_json(), id=2**31, version=2**40))
@example(doc=[example_record_json(), {"format": "x"}])
def test_import_records_refuses_cleanly(services: Services, staff: Any, doc: Any) -> None:
    before = counts(services)
    ids = refused_cleanly(services, before,
                          lambda: services.records.import_records(staff.nurse, doc))
    if ids is not None:
        assert ids and counts(services)["records"] >= before["records"]
        for rid in ids:
            assert services.records.get(staff.nurse, rid).id == rid


@PROOF
@given(raw=st.one_of(
    record_documents().map(lambda d: json.dumps(d, ensure_ascii=False,
                                                allow_nan=True).encode("utf-8", "replace")),
    st.binary(max_size=300),
    st.sampled_from([b"", b"{", b"[" * 100_000, b"\xff\xfe\x00", b'{"a": 1e999999}',
                     b'"' + b"x" * 200_000 + b'"', b"null", b"[]", b"{}"]),
))
def test_cli_record_import_exits_2_with_a_message(services: Services, staff: Any, raw: bytes,
                                                  tmp_path_factory: Any, capsys: Any) -> None:
    before = counts(services)
    path = tmp_path_factory.mktemp("import") / "records.json"
    path.write_bytes(raw)
    url = services.db.url.render_as_string(hide_password=False)
    figures.add("inputs_tried")
    old = sys.stdin
    sys.stdin = io.TextIOWrapper(io.BytesIO(b""), encoding="utf-8")
    try:
        code = main(["--database", url, "record", "import", str(path)])
    finally:
        sys.stdin = old
    out, err = capsys.readouterr()
    if code != 0:
        figures.add("inputs_rejected")
        assert code == 2
        assert err.startswith("error: ") and "something unexpected" not in err, err[:500]
        if counts(services) != before:
            figures.add("inputs_half_saved")
        assert counts(services) == before
    else:
        assert all(line.strip().isdigit() for line in out.splitlines())


# --- field parsers behind the services -------------------------------------------------------
# The services take typed domain values (the UI builds them from widgets), so here each field
# gets hostile values of its own type; wrong JSON types are the importer's and the parsers'
# business (above, and tests/domain/test_properties.py).
floats = st.one_of(st.none(), st.floats(allow_nan=True, allow_infinity=True),
                   st.floats(-1e6, -0.0001), st.just(1e308))
ints = st.one_of(st.none(), st.integers(-(2**40), 2**40), st.integers(-5, 300))


@PROOF
@given(mrn=hostile_text, family=hostile_text, given_name=hostile_text,
       dob=st.one_of(st.dates(), st.just(date(1, 1, 1)),
                     st.just(date.today() + timedelta(days=1))),
       weight=floats, allergies=hostile_text, escort=hostile_text)
def test_patient_save_refuses_cleanly(services: Services, staff: Any, mrn: str, family: str,
                                      given_name: str, dob: date, weight: float | None,
                                      allergies: str, escort: str) -> None:
    before = counts(services)
    patient = Patient(mrn, family, given_name, dob, weight_kg=weight, allergies=allergies,
                      escort=escort)
    saved = refused_cleanly(services, before,
                            lambda: services.patients.save(staff.nurse, patient))
    if saved is not None:
        again = services.patients.get(staff.nurse, saved.id)
        assert again.mrn == saved.mrn and again.family_name == saved.family_name


@PROOF
@given(pain=ints, volume=st.floats(allow_nan=True, allow_infinity=True), dose=floats,
       notes=hostile_text,
       when=st.one_of(st.datetimes(timezones=st.just(timezone(timedelta(hours=-5)))),
                      st.datetimes(min_value=datetime(1, 1, 2), timezones=st.just(
                          timezone(timedelta(hours=14))))),
       vitals=ints, drug=hostile_text, strength=hostile_text)
def test_record_save_refuses_cleanly(services: Services, staff: Any, pain: int | None,
                                     volume: float, dose: float | None, notes: str,
                                     when: datetime, vitals: int | None, drug: str,
                                     strength: str) -> None:
    patient = _patient(services, staff)
    before = counts(services)
    record = make_record(patient=patient, physician=staff.physician.staff,
                         nurse=staff.nurse.staff, pain_after=pain, notes=notes,
                         performed_at=when,
                         medications=(MedicationLine(drug, strength, volume),),
                         guidance=Guidance(dose_mgy=dose),
                         vitals_before=Vitals(vitals, 80, 70, 98, 14))
    saved = refused_cleanly(services, before, lambda: services.records.save(staff.nurse, record))
    if saved is not None:
        assert services.records.get(staff.nurse, saved.id).notes == saved.notes
    refused_cleanly(services, counts(services),
                    lambda: services.records.mark_ready(staff.nurse, record))


_PATIENTS: dict[str, Any] = {}


def _patient(services: Services, staff: Any) -> Any:
    key = services.db.url.render_as_string(hide_password=False)
    if key not in _PATIENTS:
        _PATIENTS[key] = save_patient(services, staff.nurse)
    return _PATIENTS[key]


@PROOF
@given(text_in=hostile_text)
def test_search_never_fails(services: Services, staff: Any, text_in: str) -> None:
    figures.add("inputs_tried")
    try:
        rows = services.patients.search(staff.nurse, text_in)
    except ValidationError as e:
        well_formed(e)
        figures.add("inputs_rejected")
        return
    assert isinstance(rows, list)


@PROOF
@given(reason=hostile_text, printer=hostile_text, language=st.one_of(st.none(), hostile_text))
def test_print_reason_printer_and_language_refuse_cleanly(services: Services, staff: Any,
                                                          reason: str, printer: str,
                                                          language: str | None) -> None:
    svc = PrintingService(services.db, renderer=FakeRenderer())
    key = "printed:" + services.db.url.render_as_string(hide_password=False)
    if key not in _PATIENTS:
        record = signed_record(services, staff)
        svc.print_handout(staff.desk, record.id, "Desk")
        _PATIENTS[key] = record
    record = _PATIENTS[key]
    before = counts(services)
    rendered = refused_cleanly(services, before,
                               lambda: svc.prepare(staff.desk, record.id, language))
    if rendered is None:
        return
    before = counts(services)
    printed = refused_cleanly(services, before,
                              lambda: svc.record_print(staff.desk, rendered, printer, reason))
    if printed is not None:
        assert svc.pdf(staff.desk, printed.print_id) == rendered.pdf


@PROOF
@given(name=hostile_text, address=hostile_text, phone=hostile_text, username=hostile_text,
       full_name=hostile_text, password=hostile_text)
def test_settings_and_accounts_refuse_cleanly(services: Services, staff: Any, name: str,
                                              address: str, phone: str, username: str,
                                              full_name: str, password: str) -> None:
    before = counts(services)
    refused_cleanly(services, before, lambda: services.settings.save_info(
        staff.admin, ClinicInfo(name=name, address=address, phone=phone)))
    before = counts(services)
    refused_cleanly(services, before, lambda: services.auth.create_user(
        staff.admin, username, full_name, Role.NURSE, password))


@PROOF
@given(resume=hostile_text, drug=hostile_text)
def test_anticoagulant_text_refuses_cleanly(services: Services, staff: Any, resume: str,
                                            drug: str) -> None:
    patient = _patient(services, staff)
    fresh = services.patients.get(staff.nurse, patient.id)  # an audited view: before counting
    before = counts(services)
    changed = replace(fresh, anticoagulant=Anticoagulant(drug, resume))
    refused_cleanly(services, before, lambda: services.patients.save(staff.nurse, changed),
                    VersionConflictError)


def test_the_record_under_the_hostile_saves_is_unchanged(services: Services,
                                                         staff: Any) -> None:
    """A sanity check that the harness can see a change: a good save does change counts."""
    before = counts(services)
    ready_record(services, staff)
    assert counts(services) != before
    saved_figures = figures.FIGURES.copy()
    try:
        with pytest.raises(AssertionError):
            refused_cleanly(services, before, lambda: (_ for _ in ()).throw(
                ValidationError("x", "f")))
    finally:
        figures.FIGURES.clear()
        figures.FIGURES.update(saved_figures)
