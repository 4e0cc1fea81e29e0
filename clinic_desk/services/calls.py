"""Next-day calls and outcome follow-ups (issue 13): who is due a call, and recording one.

A call is saved as its own entry, signed by the nurse who made it (name, credentials, time,
SHA-256 of its content) and linked to the procedure record, which is never changed: a signed
record stays exactly as signed (REFERENCE.md 7.2). Each save is one transaction and audited.

Trust boundary: a workstation user can only add calls (this service has no update or
delete); a database credential cannot change or remove one either (append-only triggers on
`call_entries`, migration 0009; tests/services/test_pathway_calls.py proves both refusals).
A database owner can drop the triggers; the SHA-256 stored with each call then shows a
changed call, as the signatures do for records.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import replace
from datetime import date, datetime, time, timedelta
from typing import Any

from ..domain.audit import AuditAction
from ..domain.call_format import call_to_json, parse_call
from ..domain.calls import (
    CallEntry,
    CallListRow,
    CallPage,
    CallPurpose,
    add_months,
    follow_ups_due,
    next_day_window,
    performed_window,
    previous_clinic_day,
)
from ..domain.errors import ValidationError
from ..domain.permissions import Action
from ..domain.procedures import is_diagnostic
from ..storage.calls import CallRepository, signed_content
from .base import Service
from .context import Actor
from .pathway import pathway_settings, response_from_calls


def _start(day: date) -> datetime:
    return datetime.combine(day, time.min).astimezone()


def _due_rows(repo: CallRepository, day: date, cfg: Any, narrow: bool = False,
              follow_ups: bool = True) -> list[CallListRow]:
    """The rows of the Calls list for `day`, oldest procedure first (`CallService.due`);
    `narrow`: without patient and levels (`CallRepository.procedures_between`);
    `follow_ups=False`: the next-day rows only."""
    first, last = next_day_window(day, cfg)
    retry_from = day - timedelta(days=cfg.retry_days)
    recent = repo.procedures_between(_start(first), _start(last), narrow=narrow)
    if retry_from < first:
        recent = repo.procedures_between(_start(retry_from), _start(first),
                                         tried_unreached=True, narrow=narrow) + recent
    follow: list[Any] = []
    for months in cfg.follow_up_months if follow_ups else ():
        lo = add_months(day - timedelta(days=cfg.follow_up_window_days), -months)
        hi = add_months(day, -months)
        follow.extend((months, row) for row in repo.procedures_between(
            _start(lo - timedelta(days=3)), _start(hi + timedelta(days=1)),
            follow_up_months=months, narrow=narrow))
    rows: list[CallListRow] = []
    for rid, pid, mrn, name, phone, at, kind, block, levels, h in recent:
        if h.reached:
            continue
        rows.append(CallListRow(rid, pid, mrn, name, phone, at, kind, block, levels,
                                CallPurpose.NEXT_DAY, None, h.tries,
                                h.tries >= cfg.max_tries, h.last_outcome))
    seen: set[tuple[int, int]] = set()
    # The database left out the follow-ups already recorded (procedures_between).
    for months, (rid, pid, mrn, name, phone, at, kind, block, levels, _h) in follow:
        if months in follow_ups_due(at.date(), kind, block, (), day, cfg) and (
                (rid, months) not in seen):
            seen.add((rid, months))
            rows.append(CallListRow(rid, pid, mrn, name, phone, at, kind, block, levels,
                                    CallPurpose.FOLLOW_UP, months))
    rows.sort(key=lambda r: (r.performed_at, r.record_id))
    return rows


class CallService(Service):
    def due(self, actor: Actor, day: date | None = None) -> list[CallListRow]:
        """The Calls page for `day` (today by default), oldest procedure first: next-day calls
        from the previous clinic day (and the days between), unreached patients retried for
        the clinic's retry days, and outcome follow-ups that have come due."""
        actor.require(Action.VIEW_RECORDS)
        day = day or self.clock().date()
        with self.uow(write=False) as uow:
            return _due_rows(CallRepository(uow), day, pathway_settings(uow).calls)

    def due_page(self, actor: Actor, day: date | None = None, limit: int = 200,
                 offset: int = 0) -> CallPage:
        """One page of `due` (the same rows in the same order) with the counts of the whole
        list, so a group's first page is quick however long the list (`make bench`,
        calls_first_page_ms). The next-day rows (a few days' procedures) are read whole; of
        each follow-up window the database counts the rows and gives only the oldest
        `offset + limit`, chosen by each procedure's local date as `due` chooses them
        (`performed_window`); the patients and levels are read for the page's rows only."""
        actor.require(Action.VIEW_RECORDS)
        if limit < 1 or offset < 0:
            raise ValidationError("A page has at least one row and starts at 0 or later.",
                                  "limit" if limit < 1 else "offset")
        day = day or self.clock().date()
        with self.uow(write=False) as uow:
            repo = CallRepository(uow)
            cfg = pathway_settings(uow).calls
            rows = _due_rows(repo, day, cfg, narrow=True, follow_ups=False)
            next_day = len(rows)
            flagged = sum(1 for r in rows if r.flagged)
            follow_ups = 0
            for months in cfg.follow_up_months:
                first, last = performed_window(months, day, cfg)
                window = (_start(first - timedelta(days=1)), _start(last + timedelta(days=2)))
                follow_ups += repo.count_follow_ups(*window, months, (first, last))
                rows += [CallListRow(rid, pid, mrn, name, phone, at, kind, block, levels,
                                     CallPurpose.FOLLOW_UP, months)
                         for rid, pid, mrn, name, phone, at, kind, block, levels, _h
                         in repo.procedures_between(*window, follow_up_months=months,
                                                    narrow=True, local_days=(first, last),
                                                    limit=offset + limit)]
            rows.sort(key=lambda r: (r.performed_at, r.record_id))
            page = rows[offset:offset + limit]
            details = repo.row_details(r.record_id for r in page)
        filled = tuple(replace(r, patient_id=d[0], mrn=d[1], patient_name=d[2], phone=d[3],
                               levels=d[4])
                       for r in page for d in (details[r.record_id],))
        return CallPage(filled, next_day + follow_ups, follow_ups, flagged)

    def previous_clinic_day(self, day: date) -> date:
        with self.uow(write=False) as uow:
            return previous_clinic_day(day, pathway_settings(uow).calls)

    def record(self, actor: Actor, record_id: int,
               data: Mapping[str, Any] | CallEntry) -> CallEntry:
        """Save one call ("clinic-desk/call@1" JSON or a CallEntry), signed by `actor`.

        Wrong input raises ValidationError naming each field; nothing is saved then."""
        actor.require(Action.RECORD_CALLS)
        payload = call_to_json(data) if isinstance(data, CallEntry) else data
        with self.uow() as uow:
            record = uow.records.get(record_id)
            cfg = pathway_settings(uow)
            entry = parse_call(payload, record_id, is_diagnostic(record.kind, record.block_number),
                               cfg.calls.follow_up_months, cfg.measures)
            now = self.clock()
            if entry.called_at < record.performed_at:
                raise ValidationError("The call is before the procedure; check the date.",
                                      "called_at")
            if entry.called_at > now + timedelta(minutes=10):
                raise ValidationError("The call time is in the future; check it.", "called_at")
            response = response_from_calls(record, [entry], cfg.profile)
            peak = response.peak_relief_percent if response else None
            clean = response.clean_peak_percent if response else None
            content = signed_content(entry, actor.staff, now)
            digest = hashlib.sha256(content.encode()).hexdigest()
            assert record.patient.id is not None
            call_id = CallRepository(uow).add(entry, record.patient.id, actor.user_id,
                                              actor.staff, now, content, digest, peak, clean)
            self.audit(uow, actor, AuditAction.CALL_RECORD, record_id=record_id,
                       patient_id=record.patient.id,
                       detail={"call_id": call_id, "outcome": entry.outcome.value,
                               "purpose": "follow_up" if entry.follow_up else "next_day",
                               "result": response.result.value if response else None,
                               "content_hash": digest})
            uow.commit()
        return replace(entry, id=call_id, nurse=actor.staff, signed_at=now,
                       content_hash=digest)

    def for_record(self, actor: Actor, record_id: int) -> list[CallEntry]:
        actor.require(Action.VIEW_RECORDS)
        with self.uow(write=False) as uow:
            return CallRepository(uow).for_records([record_id]).get(record_id, [])


__all__ = ["CallService"]
