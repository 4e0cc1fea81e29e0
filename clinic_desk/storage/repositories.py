"""Repositories: load and save domain values through one session (one unit of work)."""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Collection, Sequence
from datetime import date, datetime
from typing import Any

from sqlalchemy import and_, bindparam, func, literal, select, union
from sqlalchemy.orm import Session, aliased, joinedload

from ..domain.errors import NotFoundError, RecordSignedError, VersionConflictError
from ..domain.procedures import ProcedureKind
from ..domain.record import (
    Patient,
    ProcedureRecord,
    RecordStatus,
    Role,
    StaffRef,
    percent_relief,
    search_key,
)
from ..domain.worklist import HistoryRow, WorklistRow
from ..domain.worklist import PatientRow as PatientListRow
from .convert import (
    CHILDREN,
    changed_children,
    local,
    offset_zone,
    patient_from_row,
    patient_to_row,
    record_from_row,
    record_to_row,
    utcnow,
)
from .models import HandoutPrintRow, PatientRow, RecordRow, SettingRow, UserRow

MAX_ID = 2**31 - 1  # ids are INTEGER columns; a larger id (from a file) exists nowhere
_TOP = "\U0010ffff"  # sorts after every character: prefix p matches [p, p + _TOP)
_KINDS = {k.value: k for k in ProcedureKind}
_STATUSES = {s.value: s for s in RecordStatus}


_SEARCHED = {"dob": PatientRow.date_of_birth, "mrn": PatientRow.mrn,
             "family": PatientRow.family_key, "given": PatientRow.given_key}


@functools.lru_cache(maxsize=64)
def _search_statement(shapes: tuple[tuple[str, ...], ...], limit: int) -> Any:
    """The search statement for these condition shapes, values left as parameters: built
    once per shape (building it took 1.5 ms of the 1.6 ms a search cost, `make bench`).

    Each condition reads its first page through its own index, already in list order
    (migration 0003); the first page of their union is the first page of the search. One OR
    of them all made the database sort every match of a short prefix, or walk a whole index
    looking for matches of the other name."""
    order = (PatientRow.family_key, PatientRow.given_key, PatientRow.id)
    pages = []
    for n, shape in enumerate(shapes):
        tests = []
        for k, name in enumerate(shape):
            column, param = _SEARCHED[name], f"c{n}_{k}"
            if name == "dob":
                tests.append(column == bindparam(param))
            else:  # prefix: [value, value + _TOP)
                tests.append(and_(column >= bindparam(param), column < bindparam(param + "_top")))
        pages.append(select(*order).where(and_(*tests)).order_by(*order).limit(limit)
                     .subquery().select())
    hits = (union(*pages) if len(pages) > 1 else pages[0]).subquery()
    return (
        select(PatientRow.id, PatientRow.mrn, PatientRow.family_name, PatientRow.given_name,
               PatientRow.date_of_birth)
        .join(hits, hits.c.id == PatientRow.id)
        .order_by(hits.c.family_key, hits.c.given_key, hits.c.id)
        .limit(limit)
    )


class PatientRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def _row(self, patient_id: int) -> PatientRow:
        if not 0 < patient_id <= MAX_ID:
            raise NotFoundError(f"There is no patient {patient_id}.")
        row = self.session.get(PatientRow, patient_id)
        if row is None:
            raise NotFoundError(f"There is no patient {patient_id}.")
        return row

    def get(self, patient_id: int) -> Patient:
        return patient_from_row(self._row(patient_id))

    def by_mrn(self, mrn: str) -> Patient | None:
        row = self.session.scalar(select(PatientRow).where(PatientRow.mrn == mrn))
        return patient_from_row(row) if row else None

    def add(self, patient: Patient, by: str) -> Patient:
        now = utcnow()
        row = PatientRow(created_at=now, updated_at=now, updated_by=by)
        patient_to_row(patient, row)
        self.session.add(row)
        self.session.flush()
        return patient_from_row(row)

    def update(self, patient: Patient, by: str) -> Patient:
        if patient.id is None:
            raise NotFoundError("This patient has not been saved yet.")
        row = self._row(patient.id)
        if row.version != patient.version:
            raise VersionConflictError("Patient", patient.mrn, patient.version, row.version,
                                       row.updated_by, row.updated_at)
        patient_to_row(patient, row)
        row.updated_at, row.updated_by = utcnow(), by
        self.session.flush()
        return patient_from_row(row)

    def search(self, text: str, limit: int = 50) -> list[PatientListRow]:
        """Name prefix (any case, any accents), MRN prefix, or date of birth."""
        text = (text or "").strip()
        if not text:
            return []
        # Each condition: the columns it tests (the shape) and the values it tests them for.
        conds: list[tuple[tuple[str, ...], tuple[Any, ...]]] = []
        dob = _as_date(text)
        if dob is not None:
            conds.append((("dob",), (dob,)))
        if re.fullmatch(r"[A-Za-z0-9-]*\d[A-Za-z0-9-]*", text):
            conds.append((("mrn",), (text.upper(),)))
        if dob is None:
            if "," in text:
                family, _, given = text.partition(",")
                if given.strip():
                    conds.append((("family", "given"), (search_key(family), search_key(given))))
                else:
                    conds.append((("family",), (search_key(family),)))
            else:
                words = search_key(text).split()
                if len(words) == 1:
                    conds.append((("family",), (words[0],)))
                    conds.append((("given",), (words[0],)))
                elif words:
                    first, rest = words[0], " ".join(words[1:])
                    conds.append((("given", "family"), (first, rest)))
                    conds.append((("family", "given"), (first, rest)))
                    conds.append((("family",), (search_key(text),)))
        if not conds:
            return []
        stmt = _search_statement(tuple(shape for shape, _ in conds), limit)
        params: dict[str, Any] = {}
        for n, (shape, values) in enumerate(conds):
            for k, (column, value) in enumerate(zip(shape, values, strict=True)):
                params[f"c{n}_{k}"] = value
                if column != "dob":
                    params[f"c{n}_{k}_top"] = value + _TOP
        return [PatientListRow(*r) for r in self.session.execute(stmt, params)]

    def history(self, patient_id: int) -> list[HistoryRow]:
        stmt = (
            select(RecordRow.id, RecordRow.performed_at, RecordRow.performed_offset_min,
                   RecordRow.kind, RecordRow.block_number, RecordRow.levels,
                   RecordRow.pain_before, RecordRow.pain_after, RecordRow.status)
            .where(RecordRow.patient_id == patient_id)
            .order_by(RecordRow.performed_at.desc(), RecordRow.id.desc())
        )
        out = []
        for rid, at, off, kind, block, levels, before, after, status in self.session.execute(stmt):
            when = local(at, off)
            assert when is not None
            out.append(HistoryRow(rid, when, ProcedureKind(kind), block, levels,
                                  percent_relief(before, after), RecordStatus(status)))
        return out


def _as_date(text: str) -> date | None:
    for pattern, order in ((r"(\d{4})-(\d{1,2})-(\d{1,2})", "ymd"),
                           (r"(\d{1,2})/(\d{1,2})/(\d{4})", "mdy")):
        m = re.fullmatch(pattern, text)
        if m:
            a, b, c = (int(g) for g in m.groups())
            y, mo, d = (a, b, c) if order == "ymd" else (c, a, b)
            try:
                return date(y, mo, d)
            except ValueError:
                return None
    return None


def _first_print_of(record_id: Any) -> Any:
    return (select(func.min(HandoutPrintRow.printed_at))
            .where(HandoutPrintRow.record_id == record_id, HandoutPrintRow.checked_out))


# A whole record in one statement: its patient and staff, everything it owns (a handful of
# rows each) and its first checkout print. Loading them one query each cost 7 statements
# (`make bench`: 3 ms of SQLAlchemy per record opened, against 0.07 ms of SQLite).
_WHOLE_RECORD = (joinedload(RecordRow.signature), joinedload(RecordRow.addenda),
                 joinedload(RecordRow.joints), joinedload(RecordRow.medications),
                 joinedload(RecordRow.complications))
_FIRST_PRINT = _first_print_of(RecordRow.id).scalar_subquery()


class RecordRepository:
    def __init__(self, session: Session) -> None:
        self.session = session
        # First checkout print of the records loaded in this unit of work. Prints are added
        # only to signed records, which no update touches, so it cannot go stale here.
        self._printed: dict[int, datetime | None] = {}
        # Rows loaded in this unit of work, held so that the session's (weak) identity map
        # keeps them: a save reads the record, then changes that same row.
        self._rows: dict[int, RecordRow] = {}

    def _load(self, record_id: int) -> RecordRow:
        if not 0 < record_id <= MAX_ID:
            raise NotFoundError(f"There is no record {record_id}.")
        found = self.session.execute(
            select(RecordRow, _FIRST_PRINT).where(RecordRow.id == record_id)
            .options(*_WHOLE_RECORD)
        ).unique().first()
        if found is None:
            raise NotFoundError(f"There is no record {record_id}.")
        row: RecordRow = found[0]
        self._printed[record_id] = found[1]
        self._rows[record_id] = row
        return row

    def _row_for_update(self, record_id: int) -> RecordRow:
        """The row to change, as loaded earlier in this unit of work when it was (no second
        query); locked on PostgreSQL. SQLite writers hold the database from BEGIN IMMEDIATE."""
        if not 0 < record_id <= MAX_ID:
            raise NotFoundError(f"There is no record {record_id}.")
        locked: int | None = None
        if self.session.get_bind().dialect.name == "postgresql":
            locked = self.session.scalar(
                select(RecordRow.version).where(RecordRow.id == record_id).with_for_update())
            if locked is None:
                raise NotFoundError(f"There is no record {record_id}.")
        row = self._rows.get(record_id) or self._load(record_id)
        if locked is not None and row.version != locked:
            self.session.refresh(row)  # changed since this unit of work read it
        return row

    def _printed_at(self, record_id: int) -> datetime | None:
        if record_id not in self._printed:
            self._printed[record_id] = self.session.scalar(_first_print_of(record_id))
        return self._printed[record_id]

    def get(self, record_id: int) -> ProcedureRecord:
        row = self._load(record_id)
        return record_from_row(row, self._printed[record_id])

    def _user_id(self, username: str | None) -> int | None:
        if not username:
            return None
        uid = self.session.scalar(select(UserRow.id).where(UserRow.username == username))
        if uid is None:
            raise NotFoundError(f'There is no user "{username}".')
        return uid

    def _staff_id(self, ref: StaffRef | None, linked: UserRow | None) -> int | None:
        if ref is not None and linked is not None and linked.username == ref.username:
            return linked.id  # unchanged: no lookup
        return self._user_id(ref.username if ref else None)

    def _fill(self, record: ProcedureRecord, row: RecordRow,
              children: Collection[str] = CHILDREN) -> list[str]:
        """Copy the record onto the row; returns the staff links it changed."""
        physician = self._staff_id(record.physician, row.physician)
        nurse = self._staff_id(record.nurse, row.nurse)
        relinked = [name for name, uid, old in (("physician", physician, row.physician_id),
                                               ("nurse", nurse, row.nurse_id)) if uid != old]
        record_to_row(record, row, physician, nurse, children)
        return relinked

    def add(self, record: ProcedureRecord, patient_id: int, by: str) -> ProcedureRecord:
        if record.status is RecordStatus.SIGNED:
            raise RecordSignedError("new")
        now = utcnow()
        row = RecordRow(patient_id=patient_id, status=record.status.value, created_at=now,
                        created_by=by, updated_at=now, updated_by=by)
        self._fill(record, row)
        self.session.add(row)
        self.session.flush()
        return record_from_row(row)

    def update(self, record: ProcedureRecord, by: str,
               status: RecordStatus | None = None) -> ProcedureRecord:
        """Save a draft or ready record read at `record.version`; never overwrites a newer one."""
        if record.id is None:
            raise NotFoundError("This record has not been saved yet.")
        row = self._row_for_update(record.id)
        if row.status == RecordStatus.SIGNED.value:
            raise RecordSignedError(record.id)
        if row.version != record.version:
            raise VersionConflictError("Record", record.id, record.version, row.version,
                                       row.updated_by, local(row.updated_at, 0))
        # Only the lists that changed are rewritten. Their old rows go first: a level kept
        # across the save must not collide with itself.
        changed = changed_children(record, row)
        for name in changed:
            getattr(row, name).clear()
        if changed:
            self.session.flush()
        relinked = self._fill(record, row, changed)
        if status is not None:
            row.status = status.value
        row.updated_at, row.updated_by = utcnow(), by
        self.session.flush()
        if relinked:
            self.session.expire(row, relinked)  # reload the new physician or nurse
        return record_from_row(row, self._printed_at(record.id))

    def set_status(self, record_id: int, version: int, status: RecordStatus,
                   by: str) -> ProcedureRecord:
        row = self._row_for_update(record_id)
        if row.status == RecordStatus.SIGNED.value:
            raise RecordSignedError(record_id)
        if row.version != version:
            raise VersionConflictError("Record", record_id, version, row.version,
                                       row.updated_by, local(row.updated_at, 0))
        row.status = status.value
        row.updated_at, row.updated_by = utcnow(), by
        self.session.flush()
        return record_from_row(row)

    def for_patient(self, patient_id: int) -> list[ProcedureRecord]:
        rows = self.session.scalars(
            select(RecordRow).where(RecordRow.patient_id == patient_id)
            .order_by(RecordRow.performed_at, RecordRow.id)
        ).all()
        return [record_from_row(r) for r in rows]

    def worklist(self, start: datetime | None = None, end: datetime | None = None, *,
                 status: RecordStatus | None = None, physician: str | None = None,
                 patient_id: int | None = None, printed: bool | None = None,
                 oldest_first: bool = True, limit: int = 500, offset: int = 0) -> list[WorklistRow]:
        """Light rows for lists, one query; filter by time window, status, physician, patient."""
        doc = aliased(UserRow)
        # "Has a checked-out print" as a LIMIT 1 lookup per listed row: as EXISTS, PostgreSQL
        # hashed the whole print log (every handout ever printed) for each list it showed.
        printed_q = (select(literal(1)).where(HandoutPrintRow.record_id == RecordRow.id,
                                              HandoutPrintRow.checked_out)
                     .limit(1).scalar_subquery().is_not(None))
        stmt = (
            select(RecordRow.id, RecordRow.performed_at, RecordRow.performed_offset_min,
                   RecordRow.patient_id, PatientRow.family_name, PatientRow.given_name,
                   PatientRow.mrn, PatientRow.date_of_birth, RecordRow.kind,
                   RecordRow.block_number, RecordRow.levels, doc.full_name, RecordRow.status,
                   printed_q.label("printed"), RecordRow.version)
            .join(PatientRow, PatientRow.id == RecordRow.patient_id)
            .outerjoin(doc, doc.id == RecordRow.physician_id)
        )
        if start is not None:
            stmt = stmt.where(RecordRow.performed_at >= start)
        if end is not None:
            stmt = stmt.where(RecordRow.performed_at < end)
        if status is not None:
            stmt = stmt.where(RecordRow.status == status.value)
        if physician:
            stmt = stmt.where(doc.username == physician)
        if patient_id is not None:
            stmt = stmt.where(RecordRow.patient_id == patient_id)
        if printed is not None:
            stmt = stmt.where(printed_q if printed else ~printed_q)
        order = (RecordRow.performed_at, RecordRow.id) if oldest_first else (
            RecordRow.performed_at.desc(), RecordRow.id.desc())
        stmt = stmt.order_by(*order).limit(limit).offset(offset)
        # Hundreds of rows per call: plain dict lookups instead of Enum(...) calls.
        kinds, statuses = _KINDS, _STATUSES
        return [
            WorklistRow(rid, at.astimezone(offset_zone(off)), pid, f"{fam}, {giv}", mrn, dob,
                        kinds[kind], block, levels, doc_name or "", statuses[status_v],
                        bool(was_printed), version)
            for (rid, at, off, pid, fam, giv, mrn, dob, kind, block, levels, doc_name, status_v,
                 was_printed, version) in self.session.execute(stmt)
        ]

    def count(self, start: datetime | None = None, end: datetime | None = None) -> int:
        stmt = select(func.count(RecordRow.id))
        if start is not None:
            stmt = stmt.where(RecordRow.performed_at >= start)
        if end is not None:
            stmt = stmt.where(RecordRow.performed_at < end)
        return int(self.session.scalar(stmt) or 0)

    def ready_queue(self, limit: int = 500) -> list[WorklistRow]:
        return self.worklist(status=RecordStatus.READY, oldest_first=True, limit=limit)


class UserRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def by_username(self, username: str) -> UserRow | None:
        return self.session.scalar(select(UserRow).where(UserRow.username == username))

    def get(self, user_id: int) -> UserRow:
        row = self.session.get(UserRow, user_id)
        if row is None:
            raise NotFoundError(f"There is no user {user_id}.")
        return row

    def add(self, username: str, full_name: str, role: Role, password_hash: str,
            credentials: str = "") -> UserRow:
        row = UserRow(username=username, full_name=full_name, role=role.value,
                      password_hash=password_hash, credentials=credentials, active=True,
                      failed_attempts=0, created_at=utcnow())
        self.session.add(row)
        self.session.flush()
        return row

    def all(self, role: Role | None = None) -> Sequence[UserRow]:
        stmt = select(UserRow).order_by(UserRow.full_name)
        if role is not None:
            stmt = stmt.where(UserRow.role == role.value)
        return self.session.scalars(stmt).all()

    def count(self) -> int:
        return int(self.session.scalar(select(func.count(UserRow.id))) or 0)


class SettingsRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def get(self, key: str) -> tuple[Any, int]:
        """The stored JSON value and its version (None, 0 when never set)."""
        row = self.session.get(SettingRow, key)
        if row is None:
            return None, 0
        return json.loads(row.value), row.version

    def put(self, key: str, value: Any, by: str, expected_version: int | None = None) -> int:
        row = self.session.get(SettingRow, key)
        text = json.dumps(value, sort_keys=True, ensure_ascii=False)
        if row is None:
            if expected_version not in (None, 0):
                raise VersionConflictError("Setting", key, expected_version or 0, 0)
            row = SettingRow(key=key, value=text, updated_at=utcnow(), updated_by=by)
            self.session.add(row)
        else:
            if expected_version is not None and expected_version != row.version:
                raise VersionConflictError("Setting", key, expected_version, row.version,
                                           row.updated_by, row.updated_at)
            row.value, row.updated_at, row.updated_by = text, utcnow(), by
        self.session.flush()
        return row.version



