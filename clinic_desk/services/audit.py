"""Reading the audit trail (administrators only): filtered queries, the chain check, anchors,
and CSV export, which is itself audited as `audit_export`."""

from __future__ import annotations

import csv
import json
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import asdict, dataclass
from datetime import date
from typing import IO, Any

from sqlalchemy import Select, func, select

from ..domain.audit import AuditAction, AuditEntry, ChainReport
from ..domain.errors import ValidationError
from ..domain.permissions import Action
from ..domain.validation import parse_mrn
from ..storage.models import AuditRow, PatientRow
from ..storage.unit_of_work import UnitOfWork
from .base import Service
from .context import Actor
from .records import day_window

CSV_COLUMNS = ("seq", "time", "user", "workstation", "action", "record_id", "patient_id",
               "patient_mrn", "detail", "prev_hash", "hash")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True, slots=True)
class AuditFilter:
    """What the audit viewer and `clinic-desk audit export` filter on; empty means any."""

    username: str = ""
    action: AuditAction | None = None
    mrn: str = ""
    record_id: int | None = None
    start: date | None = None  # first day, inclusive (local calendar days)
    end: date | None = None  # last day, inclusive

    def as_json(self) -> dict[str, Any]:
        out = {k: v for k, v in asdict(self).items() if v not in (None, "")}
        if self.action is not None:
            out["action"] = self.action.value
        for key in ("start", "end"):
            if key in out:
                out[key] = out[key].isoformat()
        return out


@dataclass(frozen=True, slots=True)
class AuditLine:
    """An entry with the MRN of its patient (the viewer shows MRNs, never names)."""

    entry: AuditEntry
    mrn: str = ""


@dataclass(frozen=True, slots=True)
class Anchor:
    """The newest entry's number and hash: written down outside the database (a paper log, a
    message to the compliance officer), it proves later that nothing before it was rewritten."""

    seq: int
    hash: str

    def __str__(self) -> str:
        return f"{self.seq}:{self.hash}"

    @classmethod
    def parse(cls, text: str) -> Anchor:
        seq, _, digest = (text or "").strip().partition(":")
        if not seq.isdigit() or len(digest) != 64 or not all(
                c in "0123456789abcdef" for c in digest):
            raise ValidationError("An anchor looks like 1234:<64 hexadecimal digits>.", "anchor")
        return cls(int(seq), digest)


def _csv_cell(value: object) -> str:
    text = "" if value is None else str(value)
    # Spreadsheets run cells that start like a formula; free text (a reason, a workstation
    # name) must never become one.
    return "'" + text if text.startswith(_FORMULA_START) else text


# Entries whose detail holds a record's or patient's values: {"changes": [{field, before,
# after}]}. The CSV keeps which fields changed and drops the values.
_CLINICAL_CHANGES = frozenset({AuditAction.RECORD_CHANGE, AuditAction.PATIENT_CHANGE,
                               AuditAction.PATIENT_CREATE, AuditAction.RECORD_CREATE})


def export_detail(action: AuditAction, detail: Mapping[str, Any]) -> dict[str, Any]:
    """An entry's detail as an administrator may read it: for record and patient changes the
    changed fields' names (`"changed": [...]`) instead of their before and after values."""
    if action not in _CLINICAL_CHANGES or not isinstance(detail.get("changes"), list):
        return dict(detail)
    out = {k: v for k, v in detail.items() if k != "changes"}
    out["changed"] = [c.get("field") for c in detail["changes"] if isinstance(c, Mapping)]
    return out


class AuditService(Service):
    """Every method needs the MANAGE right (administrators only)."""

    def _where(self, uow: UnitOfWork, flt: AuditFilter,
               stmt: Select[Any]) -> Select[Any] | None:
        """The filter as SQL; None when it cannot match anything (an unknown MRN)."""
        if flt.username:
            stmt = stmt.where(AuditRow.username == flt.username.strip().lower())
        if flt.action is not None:
            stmt = stmt.where(AuditRow.action == flt.action.value)
        if flt.record_id is not None:
            stmt = stmt.where(AuditRow.record_id == flt.record_id)
        if flt.mrn:
            patient = uow.patients.by_mrn(parse_mrn(flt.mrn))
            if patient is None:
                return None
            stmt = stmt.where(AuditRow.patient_id == patient.id)
        if flt.start is not None and flt.end is not None and flt.end < flt.start:
            raise ValidationError("The last day is before the first day.", "end")
        if flt.start is not None:
            stmt = stmt.where(AuditRow.at >= day_window(flt.start)[0])
        if flt.end is not None:
            stmt = stmt.where(AuditRow.at < day_window(flt.end)[1])
        return stmt

    @staticmethod
    def _mrns(uow: UnitOfWork, rows: Iterable[AuditRow]) -> dict[int, str]:
        ids = {r.patient_id for r in rows if r.patient_id is not None}
        if not ids:
            return {}
        return dict(uow.session.execute(
            select(PatientRow.id, PatientRow.mrn).where(PatientRow.id.in_(ids))).all())

    @staticmethod
    def _entry(r: AuditRow, local_tz: Any) -> AuditEntry:
        action = AuditAction(r.action)
        # What administrators read (viewer and CSV): no clinical values (export_detail).
        return AuditEntry(action, r.username, r.workstation, r.at.astimezone(local_tz),
                          r.record_id, r.patient_id, export_detail(action, json.loads(r.detail)),
                          r.seq, r.prev_hash, r.hash)

    def query(self, actor: Actor, flt: AuditFilter = AuditFilter(), limit: int = 500,
              offset: int = 0, newest_first: bool = True) -> list[AuditLine]:
        actor.require(Action.MANAGE)
        tz = self.clock().tzinfo
        with self.uow(write=False) as uow:
            stmt = self._where(uow, flt, select(AuditRow))
            if stmt is None:
                return []
            order = AuditRow.seq.desc() if newest_first else AuditRow.seq
            rows = uow.session.scalars(stmt.order_by(order).limit(limit).offset(offset)).all()
            mrns = self._mrns(uow, rows)
            return [AuditLine(self._entry(r, tz), mrns.get(r.patient_id or 0, ""))
                    for r in rows]

    def count(self, actor: Actor, flt: AuditFilter = AuditFilter()) -> int:
        actor.require(Action.MANAGE)
        with self.uow(write=False) as uow:
            stmt = self._where(uow, flt, select(func.count(AuditRow.seq)))
            return 0 if stmt is None else int(uow.session.scalar(stmt) or 0)

    def _batches(self, flt: AuditFilter, batch: int = 2000) -> Iterator[list[AuditLine]]:
        tz = self.clock().tzinfo
        last = 0
        while True:
            with self.uow(write=False) as uow:
                stmt = self._where(uow, flt, select(AuditRow).where(AuditRow.seq > last))
                if stmt is None:
                    return
                rows = uow.session.scalars(stmt.order_by(AuditRow.seq).limit(batch)).all()
                if not rows:
                    return
                mrns = self._mrns(uow, rows)
                yield [AuditLine(self._entry(r, tz), mrns.get(r.patient_id or 0, ""))
                       for r in rows]
                last = rows[-1].seq

    def export_csv(self, actor: Actor, out: IO[str], flt: AuditFilter = AuditFilter(),
                   finish: Callable[[], object] | None = None) -> int:
        """Write the matching entries, oldest first, as CSV; returns how many. The export is
        audited (with its filter and count) even when writing fails part-way; `finish` (e.g.
        renaming the finished file into place) runs before the entry is written, so
        "complete": true means the file is there.

        Clinical values never reach the CSV or the viewer: for record and patient changes only
        the names of the fields that changed (administrators may not view records), see
        `export_detail`."""
        actor.require(Action.MANAGE)
        written, complete = 0, False
        try:
            writer = csv.writer(out)
            writer.writerow(CSV_COLUMNS)
            for lines in self._batches(flt):
                for line in lines:
                    e = line.entry
                    writer.writerow([_csv_cell(v) for v in (
                        e.seq, e.at.isoformat(), e.username, e.workstation, e.action.value,
                        e.record_id, e.patient_id, line.mrn,
                        json.dumps(e.detail, ensure_ascii=False, sort_keys=True),
                        e.prev_hash, e.hash)])
                    written += 1
            if finish is not None:
                finish()
            complete = True
        finally:
            with self.uow() as uow:
                self.audit(uow, actor, AuditAction.AUDIT_EXPORT,
                           detail={"filter": flt.as_json(), "rows": written,
                                   "complete": complete})
                uow.commit()
        return written

    def verify(self, actor: Actor, anchor: Anchor | None = None) -> ChainReport:
        """Check every entry's hash and link; with an anchor, also that the entry it names
        still has the hash written down back then."""
        actor.require(Action.MANAGE)
        return verify_chain(self, anchor)

    def anchor(self, actor: Actor) -> Anchor | None:
        actor.require(Action.MANAGE)
        return newest_anchor(self)


def verify_chain(service: Service, anchor: Anchor | None = None) -> ChainReport:
    """The chain check without a signed-in user (the command line has database access)."""
    with service.uow(write=False) as uow:
        report = uow.audit.verify()
        if not report.intact or anchor is None:
            return report
        row = uow.session.get(AuditRow, anchor.seq)
        if row is None:
            return ChainReport(False, report.entries, anchor.seq,
                               "the anchored entry is missing")
        if row.hash != anchor.hash:
            return ChainReport(False, report.entries, anchor.seq,
                               "it no longer has the anchored hash (the trail was rewritten)")
        return report


def newest_anchor(service: Service) -> Anchor | None:
    with service.uow(write=False) as uow:
        row = uow.session.execute(
            select(AuditRow.seq, AuditRow.hash).order_by(AuditRow.seq.desc()).limit(1)).first()
        return Anchor(row[0], row[1]) if row else None
