"""The schedule import against hostile files (issue 14): the trust boundary is the
workstation user (or whatever produced the CSV); they hold no database credential. Random
and hostile cells, broken CSV, wrong encodings, huge files: the only acceptable failure is a
ValidationError naming lines, and a refused file leaves every table exactly as it was. A name
or birth-date change on an existing MRN is never applied without confirmation."""

from __future__ import annotations

from datetime import date
from typing import Any

from hypothesis import example, given
from hypothesis import strategies as st

from clinic_desk.services import Services
from clinic_desk.services.schedule import ChangesNeedConfirmation
from clinic_desk.storage.unit_of_work import UnitOfWork
from tests.factories import make_patient

from .test_bad_input import HOSTILE, PROOF, counts, hostile_text, refused_cleanly

HEAD = "mrn,family_name,given_name,date_of_birth,sex,date,time,kind,block_number,levels,physician"
COLUMNS = HEAD.split(",")


def good_row() -> list[str]:
    return ["S100", "O'Brien", "Zoë", "1961-03-14", "F", date.today().isoformat(), "08:30",
            "mbb", "1", "L4-5 B", "drlee"]


def csv_bytes(rows: list[list[str]]) -> bytes:
    def cell(v: str) -> str:
        return '"' + v.replace('"', '""') + '"'
    return ("\r\n".join([HEAD, *(",".join(cell(c) for c in r) for r in rows)]) + "\r\n"
            ).encode("utf-8", "surrogatepass")


@st.composite
def hostile_files(draw: st.DrawFn) -> bytes:
    if draw(st.integers(0, 7)) == 0:
        return draw(st.one_of(st.binary(max_size=400), st.sampled_from(
            [b"", HEAD.encode(), b"\xff\xfe" + HEAD.encode("utf-16-le"), b'"' * 5000,
             (HEAD + "\r\n").encode() + b"S1,\"unterminated\r\n" * 3,
             (HEAD + "\r\n" + "S1,A,B,1961-01-01,,2026-01-01,08:00,mbb,,,\r\n" * 2500).encode(),
             b"x" * (3 * 1024 * 1024)])))
    rows = [good_row() for _ in range(draw(st.integers(1, 3)))]
    for _ in range(draw(st.integers(1, 3))):
        row = draw(st.sampled_from(rows))
        row[draw(st.integers(0, len(COLUMNS) - 1))] = draw(hostile_text)
    return csv_bytes(rows)


@PROOF
@given(data=hostile_files())
@example(data=csv_bytes([[*good_row()[:6], "25:61", *good_row()[7:]]]))
@example(data=csv_bytes([[*good_row()[:1], "=HYPERLINK(\"x\")", *good_row()[2:]]]))
@example(data=csv_bytes([[*good_row()[:10], "admin"]]))
def test_schedule_import_refuses_cleanly(services: Services, staff: Any, data: bytes) -> None:
    with UnitOfWork(services.db, write=False) as uow:
        present = uow.patients.by_mrn("S200") is not None
    if not present:  # hypothesis runs every example on the same database
        services.patients.save(staff.nurse, make_patient(mrn="S200", family_name="Kept",
                                                         given_name="Name"))
    before = counts(services)
    result = refused_cleanly(services, before, lambda: services.schedule.import_schedule(
        staff.desk, data, source="hostile.csv"))
    with UnitOfWork(services.db, write=False) as uow:
        kept = uow.patients.by_mrn("S200")
        assert kept is not None and (kept.family_name, kept.given_name) == ("Kept", "Name")
    if result is not None:
        assert counts(services)["records"] >= before["records"]


def test_name_change_never_applied_silently(services: Services, staff: Any) -> None:
    services.patients.save(staff.nurse, make_patient(mrn="S100", family_name="Original",
                                                     given_name="Zoë",
                                                     date_of_birth=date(1961, 3, 14)))
    before = counts(services)
    for hostile in [*HOSTILE[:5], "O'Brien"]:
        row = good_row()
        row[1] = hostile
        try:
            services.schedule.import_schedule(staff.desk, csv_bytes([row]))
        except ChangesNeedConfirmation:
            pass
        except Exception as e:  # noqa: BLE001 - any other refusal is a ValidationError
            assert type(e).__name__ == "ValidationError", e
        assert counts(services) == before
