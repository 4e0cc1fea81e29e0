"""Calls and their results (issue 13): append-only entries linked to procedure records,
and the rows of the Calls page, read with Core statements on the unit of work's connection."""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import date, datetime
from typing import Any, Protocol

from sqlalchemy import (
    Connection,
    Date,
    Table,
    and_,
    bindparam,
    exists,
    func,
    insert,
    literal,
    literal_column,
    null,
    select,
)

from ..domain.call_format import call_to_json, parse_call
from ..domain.calls import CallEntry, CallHistory, CallOutcome
from ..domain.procedures import ProcedureKind
from ..domain.record import StaffRef
from . import report_summary
from .convert import local, offset_min, offset_zone
from .models import CallRow, PatientRow, RecordRow
from .report_summary import day_of


def _table(model: type[Any]) -> Table:
    table = model.__table__
    assert isinstance(table, Table)
    return table


_C = _table(CallRow)
_R = _table(RecordRow)
_P = _table(PatientRow)
_ALL_MONTHS = tuple(range(1, 61))
# Enum members by stored value: a dict look-up per row instead of Enum.__call__ (the Calls
# page converts thousands of rows).
_KINDS = {k.value: k for k in ProcedureKind}
_OUTCOMES = {o.value: o for o in CallOutcome}


class _Tx(Protocol):
    connection: Connection


def _entry(row: Any) -> CallEntry:
    data = json.loads(row.content)
    call = data["call"]
    # Stored calls were checked when saved; a follow-up is never a diagnostic block's.
    parsed = parse_call(call, row.record_id, diagnostic=call.get("follow_up") is None,
                        follow_up_months=_ALL_MONTHS, measures=None)
    signed = local(row.signed_at, row.signed_offset_min)
    called = local(row.called_at, row.called_offset_min)
    assert called is not None
    return CallEntry(
        record_id=row.record_id, called_at=called, outcome=parsed.outcome,
        problems=parsed.problems, diary=parsed.diary, recalled=parsed.recalled,
        follow_up=parsed.follow_up, note=parsed.note,
        nurse=StaffRef(row.nurse_username, row.printed_name, row.credentials),
        signed_at=signed, content_hash=row.content_hash, id=row.id)


def signed_content(entry: CallEntry, nurse: StaffRef, signed_at: datetime) -> str:
    """The canonical JSON a call's hash covers: the call, its record, who signed and when."""
    return json.dumps({
        "call": call_to_json(entry), "record_id": entry.record_id,
        "nurse": {"username": nurse.username, "full_name": nurse.full_name,
                  "credentials": nurse.credentials},
        "signed_at": signed_at.isoformat(),
    }, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


class CallRepository:
    def __init__(self, tx: _Tx) -> None:
        self.tx = tx

    @property
    def connection(self) -> Connection:
        return self.tx.connection

    def add(self, entry: CallEntry, patient_id: int, nurse_id: int, nurse: StaffRef,
            signed_at: datetime, content: str, content_hash: str,
            peak: float | None, clean_peak: float | None) -> int:
        fu = entry.follow_up
        values = {
            "record_id": entry.record_id, "patient_id": patient_id,
            "purpose": "follow_up" if fu is not None else "next_day",
            "months": fu.months if fu is not None else None,
            "called_at": entry.called_at, "called_offset_min": offset_min(entry.called_at),
            "outcome": entry.outcome.value,
            "problems": ",".join(p.value for p in entry.problems),
            "result_kind": "recalled" if entry.recalled else ("diary" if entry.diary else ""),
            "peak_percent": peak, "clean_peak_percent": clean_peak,
            "fu_pain": fu.pain if fu else None, "fu_relief": fu.relief_percent if fu else None,
            "fu_impression": fu.impression.value if fu and fu.impression else None,
            "content": content, "content_hash": content_hash, "nurse_id": nurse_id,
            "nurse_username": nurse.username, "printed_name": nurse.full_name,
            "credentials": nurse.credentials, "signed_at": signed_at,
            "signed_offset_min": offset_min(signed_at),
        }
        call_id = int(self.connection.execute(insert(_C).returning(_C.c.id), values).scalar_one())
        report_summary.refresh(self.connection, (entry.record_id,))  # same transaction
        return call_id

    def for_records(self, record_ids: Iterable[int]) -> dict[int, list[CallEntry]]:
        ids = sorted(set(record_ids))
        out: dict[int, list[CallEntry]] = {}
        if not ids:
            return out
        for row in self.connection.execute(
                select(_C).where(_C.c.record_id.in_(ids)).order_by(_C.c.record_id, _C.c.id)):
            out.setdefault(row.record_id, []).append(_entry(row))
        return out

    def procedures_between(self, start: datetime, end: datetime, *,
                           tried_unreached: bool = False,
                           follow_up_months: int | None = None,
                           narrow: bool = False,
                           local_days: tuple[date, date] | None = None,
                           limit: int | None = None) -> list[Any]:
        """Records performed in [start, end), oldest first, with the patient's name and phone
        and their next-day calls so far (tries, reached, last outcome), each read from the
        call index by the database (for `follow_up_months`, an empty history instead).

        `tried_unreached`: only those called at least once and never reached the next day.
        `follow_up_months`: only RFA and therapeutic procedures without that follow-up.
        `narrow`: without the patient and levels (patient id 0, empty texts), read from the
        records alone; `row_details` gives them for the rows of one page.
        `local_days`: only procedures whose local date as entered is in [first, last] (with
        [start, end) around it for the index); `limit`: the oldest so many.
        The database filters, so a busy group's month of procedures never comes back whole."""
        x = _C.alias("x")
        next_day = and_(x.c.record_id == _R.c.id, x.c.purpose == "next_day")
        history: tuple[Any, Any, Any]
        if follow_up_months is None:
            history = (select(func.count()).where(next_day).scalar_subquery(),
                       exists().where(next_day, x.c.outcome == "reached"),
                       select(x.c.outcome).where(next_day).order_by(x.c.id.desc()).limit(1)
                       .scalar_subquery())
        else:
            # A follow-up row never shows the next-day history: three index probes per
            # procedure of a month-long window saved (the Calls page, `make bench`).
            history = (literal(0), literal(False), null())
        tries, reached, last = history
        if narrow:
            blank = literal("")
            stmt = select(_R.c.id, literal(0), blank, blank, blank, blank, _R.c.performed_at,
                          _R.c.performed_offset_min, _R.c.kind, _R.c.block_number, blank,
                          tries, reached, last)
        else:
            stmt = (select(_R.c.id, _R.c.patient_id, _P.c.mrn, _P.c.family_name,
                           _P.c.given_name, _P.c.phone, _R.c.performed_at,
                           _R.c.performed_offset_min, _R.c.kind, _R.c.block_number,
                           _R.c.levels, tries, reached, last)
                    .join(_P, _P.c.id == _R.c.patient_id))
        stmt = (stmt.where(and_(_R.c.performed_at >= start, _R.c.performed_at < end))
                .order_by(_R.c.performed_at, _R.c.id))

        def calls(*conditions: Any) -> Any:
            return exists().where(_C.c.record_id == _R.c.id, *conditions)

        if tried_unreached:
            stmt = stmt.where(calls(_C.c.purpose == "next_day"),
                              ~calls(_C.c.purpose == "next_day", _C.c.outcome == "reached"))
        if follow_up_months is not None:
            diagnostic = and_(_R.c.kind == ProcedureKind.MEDIAL_BRANCH_BLOCK.value,
                              _R.c.block_number.in_((1, 2)))
            stmt = stmt.where(~diagnostic, ~calls(
                _C.c.purpose == "follow_up", _C.c.outcome == "reached",
                _C.c.months == follow_up_months))
        if local_days is not None:
            day: Any = literal_column(day_of(self.connection.dialect.name == "sqlite",
                                             "records"))
            stmt = stmt.where(day >= bindparam("first_day", local_days[0], type_=Date()),
                              day <= bindparam("last_day", local_days[1], type_=Date()))
        if limit is not None:
            stmt = stmt.limit(limit)
        return [
            (rid, pid, mrn, f"{fam}, {giv}" if giv else fam, phone,
             at.astimezone(offset_zone(off)), _KINDS[kind], block, levels,
             CallHistory(int(n or 0), bool(ok), _OUTCOMES[lo] if lo else None))
            for rid, pid, mrn, fam, giv, phone, at, off, kind, block, levels, n, ok, lo
            in self.connection.execute(stmt).all()
        ]

    def count_follow_ups(self, start: datetime, end: datetime, months: int,
                         local_days: tuple[date, date]) -> int:
        """How many rows `procedures_between(start, end, follow_up_months=months,
        local_days=local_days)` gives, counted by the database."""
        x = _C.alias("x")
        diagnostic = and_(_R.c.kind == ProcedureKind.MEDIAL_BRANCH_BLOCK.value,
                          _R.c.block_number.in_((1, 2)))
        day: Any = literal_column(day_of(self.connection.dialect.name == "sqlite", "records"))
        stmt = (select(func.count()).select_from(_R)
                .where(_R.c.performed_at >= start, _R.c.performed_at < end, ~diagnostic,
                       ~exists().where(x.c.record_id == _R.c.id, x.c.purpose == "follow_up",
                                       x.c.outcome == "reached", x.c.months == months),
                       day >= bindparam("first_day", local_days[0], type_=Date()),
                       day <= bindparam("last_day", local_days[1], type_=Date())))
        return int(self.connection.execute(stmt).scalar_one())

    def row_details(self, record_ids: Iterable[int]) -> dict[int, tuple[int, str, str, str, str]]:
        """{record id: (patient id, MRN, name, phone, levels)} of the rows of one page of the
        Calls list, each patient read by id."""
        ids = sorted(set(record_ids))
        if not ids:
            return {}
        stmt = (select(_R.c.id, _R.c.patient_id, _P.c.mrn, _P.c.family_name, _P.c.given_name,
                       _P.c.phone, _R.c.levels)
                .join(_P, _P.c.id == _R.c.patient_id).where(_R.c.id.in_(ids)))
        return {rid: (pid, mrn, f"{fam}, {giv}" if giv else fam, phone, levels)
                for rid, pid, mrn, fam, giv, phone, levels in self.connection.execute(stmt)}

    def count(self) -> int:
        return int(self.connection.scalar(select(func.count()).select_from(_C)) or 0)


__all__ = ["CallRepository", "signed_content"]
