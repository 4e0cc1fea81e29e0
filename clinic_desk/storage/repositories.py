"""Repositories: load and save domain values in one unit of work (a transaction on one
connection: Core statements for the hot paths, an ORM session for the rest)."""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from types import SimpleNamespace
from typing import Any, Protocol

from sqlalchemy import (
    Boolean,
    Connection,
    Float,
    Table,
    and_,
    bindparam,
    cast,
    delete,
    func,
    insert,
    literal,
    null,
    or_,
    select,
    union,
    union_all,
    update,
)
from sqlalchemy.orm import Session, aliased

from ..domain.errors import NotFoundError, RecordSignedError, VersionConflictError
from ..domain.procedures import ProcedureKind
from ..domain.record import (
    Addendum,
    Patient,
    ProcedureRecord,
    RecordStatus,
    Role,
    StaffRef,
    name_tokens,
    percent_relief,
    search_key,
)
from ..domain.worklist import HistoryRow, WorklistRow
from ..domain.worklist import PatientRow as PatientListRow
from . import report_summary
from .convert import (
    CHILDREN,
    addendum_from_row,
    changed_children,
    child_rows,
    complication,
    joint_side,
    local,
    medication_line,
    offset_zone,
    patient_from_row,
    patient_to_row,
    record_columns,
    record_from_columns,
    utcnow,
)
from .models import (
    AddendumRow,
    ComplicationRow,
    HandoutPrintRow,
    MedicationRow,
    PatientNameTokenRow,
    PatientRow,
    RecordJointRow,
    RecordRow,
    SettingRow,
    SignatureRow,
    UserRow,
)

MAX_ID = 2**31 - 1  # ids are INTEGER columns; a larger id (from a file) exists nowhere
_TOP = "\U0010ffff"  # sorts after every character: prefix p matches [p, p + _TOP)
_KINDS = {k.value: k for k in ProcedureKind}
_STATUSES = {s.value: s for s in RecordStatus}


_SEARCHED: dict[str, Any] = {
    "dob": PatientRow.date_of_birth, "mrn": PatientRow.mrn,
    "family": PatientRow.family_key, "given": PatientRow.given_key,
    "token": PatientNameTokenRow.token,
    # Not through their own index ("|| ''"): the list-order index is walked instead.
    "common_given": PatientRow.given_key.concat(""),
}
COMMON_PREFIX = 300  # fewer matches than this are always sorted (small clinics)
PROBE_CAP = 4000  # matches counted at most (the break-even at 320,000 patients)
_TOKEN_ORDER = (PatientNameTokenRow.family_key, PatientNameTokenRow.given_key,
                PatientNameTokenRow.patient_id.label("id"))


@functools.lru_cache(maxsize=64)
def _search_statement(shapes: tuple[tuple[str, ...], ...], limit: int) -> Any:
    """The search statement for these condition shapes, values left as parameters: built
    once per shape (building it took 1.5 ms of the 1.6 ms a search cost, `make bench`).

    Each condition reads its first page through its own index, already in list order
    (migration 0003); the first page of their union is the first page of the search. One OR
    of them all made the database sort every match of a short prefix, or walk a whole index
    looking for matches of the other name. A "token" condition (a later part of a name,
    migration 0007) reads the name-token table's index, which carries the same order keys."""
    order = (PatientRow.family_key, PatientRow.given_key, PatientRow.id)
    pages = []
    for n, shape in enumerate(shapes):
        if shape in (("token",), ("common_token",)):
            token: Any = PatientNameTokenRow.token
            if shape == ("common_token",):  # walk the list-order index, stop at a page
                token = token.concat("")
            pages.append(select(*_TOKEN_ORDER).distinct()
                         .where(token >= bindparam(f"c{n}_0"), token < bindparam(f"c{n}_0_top"))
                         .order_by(*_TOKEN_ORDER).limit(limit).subquery().select())
            continue
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


class Tx(Protocol):
    """What a repository works in: one transaction, on a connection (Core statements) and
    an ORM session joined to it (unit_of_work.UnitOfWork)."""

    @property
    def connection(self) -> Connection: ...

    @property
    def session(self) -> Session: ...


@dataclass
class OnSession:
    """A bare session seen as a Tx (for tools that open one themselves, e.g. backup checks)."""

    session: Session

    @property
    def connection(self) -> Connection:
        return self.session.connection()


class Repository:
    def __init__(self, tx: Tx) -> None:
        self.tx = tx

    @property
    def session(self) -> Session:
        return self.tx.session

    @property
    def connection(self) -> Connection:
        return self.tx.connection


class PatientRepository(Repository):

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
        self._write_tokens(row, new=True)
        return patient_from_row(row)

    def _write_tokens(self, row: PatientRow, new: bool = False) -> None:
        """The name-token rows of this patient, in the same transaction as the names."""
        if not new:
            self.connection.execute(delete(PatientNameTokenRow).where(
                PatientNameTokenRow.patient_id == row.id))
        tokens = [{"patient_id": row.id, "token": t, "family_key": row.family_key,
                   "given_key": row.given_key}
                  for t in name_tokens(row.family_name, row.given_name)]
        if tokens:
            self.connection.execute(insert(PatientNameTokenRow), tokens)

    def update(self, patient: Patient, by: str) -> Patient:
        if patient.id is None:
            raise NotFoundError("This patient has not been saved yet.")
        row = self._row(patient.id)
        if row.version != patient.version:
            raise VersionConflictError("Patient", patient.mrn, patient.version, row.version,
                                       row.updated_by, row.updated_at)
        names = (row.family_name, row.given_name)
        patient_to_row(patient, row)
        row.updated_at, row.updated_by = utcnow(), by
        self.session.flush()
        if (row.family_name, row.given_name) != names:
            self._write_tokens(row)
        return patient_from_row(row)

    def search(self, text: str, limit: int = 50) -> list[PatientListRow]:
        """Name prefix (any case, accents and apostrophes ignored) of the family or given name
        or of any later part of either, MRN prefix, or date of birth."""
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
                    conds.append((("token",), (words[0],)))  # a later part of a name
                elif words:
                    first, rest = words[0], " ".join(words[1:])
                    whole = " ".join(words)
                    conds.append((("given", "family"), (first, rest)))
                    conds.append((("family", "given"), (first, rest)))
                    conds.append((("family",), (whole,)))
                    conds.append((("given",), (whole,)))  # "José Luis", "Mary Anne"
                    conds.append((("token",), (whole,)))  # "maria luisa" of "Ana María Luisa"
        if not conds:
            return []
        conds = self._common_shapes(conds, limit)
        stmt = _search_statement(tuple(shape for shape, _ in conds), limit)
        params: dict[str, Any] = {}
        for n, (shape, values) in enumerate(conds):
            for k, (column, value) in enumerate(zip(shape, values, strict=True)):
                params[f"c{n}_{k}"] = value
                if column != "dob":
                    params[f"c{n}_{k}_top"] = value + _TOP
        return [PatientListRow(*r) for r in self.connection.execute(stmt, params).all()]

    def _common_shapes(self, conds: list[tuple[tuple[str, ...], tuple[Any, ...]]],
                       limit: int) -> list[tuple[tuple[str, ...], tuple[Any, ...]]]:
        """A given-name or later-part prefix matched by many names ("jo": thousands of
        "José") is read in list order (family name first), stopping at one page; sorting them
        all cost 5-10 ms. A rare one ("李") is read through its own index. Which is which:
        one statement counts (up to PROBE_CAP) the matches of each, beside MAX(id)."""
        columns: dict[tuple[str, ...], Any] = {("token",): PatientNameTokenRow.token,
                                               ("given",): PatientRow.given_key}
        probed = [n for n, (shape, _) in enumerate(conds) if shape in columns]
        if not probed:
            return conds
        counts = [select(func.count()).select_from(
            select(literal(1)).where(columns[conds[n][0]] >= conds[n][1][0],
                                     columns[conds[n][0]] < conds[n][1][0] + _TOP)
            .limit(PROBE_CAP).subquery()).scalar_subquery() for n in probed]
        row = self.connection.execute(select(
            select(func.max(PatientRow.id)).scalar_subquery(), *counts)).one()
        common = _common_threshold(limit, row[0] or 0)
        out = list(conds)
        for n, count in zip(probed, row[1:], strict=True):
            if (count or 0) >= common:
                out[n] = ((f"common_{conds[n][0][0]}",), conds[n][1])
        return out

    def history(self, patient_id: int) -> list[HistoryRow]:
        stmt = (
            select(RecordRow.id, RecordRow.performed_at, RecordRow.performed_offset_min,
                   RecordRow.kind, RecordRow.block_number, RecordRow.levels,
                   RecordRow.pain_before, RecordRow.pain_after, RecordRow.status)
            .where(RecordRow.patient_id == patient_id,
                   RecordRow.voided_at.is_(None))
            .order_by(RecordRow.performed_at.desc(), RecordRow.id.desc())
        )
        out = []
        rows = self.connection.execute(stmt).all()
        for rid, at, off, kind, block, levels, before, after, status in rows:
            when = local(at, off)
            assert when is not None
            out.append(HistoryRow(rid, when, ProcedureKind(kind), block, levels,
                                  percent_relief(before, after), RecordStatus(status)))
        return out


def _common_threshold(limit: int, patients: int) -> int:
    """Matches from which a prefix is read in list order rather than sorted. Walking the list
    finds a page among N matches after about limit * patients / N rows; sorting N matches
    costs about N: break-even near sqrt(limit * patients) (3,200 at 200,000 patients)."""
    return min(PROBE_CAP, max(COMMON_PREFIX, int((limit * patients) ** 0.5)))


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


# --- a whole record, in SQLAlchemy Core --------------------------------------------------------
# Records are read and written with Core statements built once: the ORM cost 2 ms to load a
# record SQLite finds in 0.13 ms, and 4 ms to save one (`make bench`, issue 3's 3x limit).
def _table(model: type[Any]) -> Table:
    table = model.__table__
    assert isinstance(table, Table)
    return table


_R, _P, _S, _U = (_table(m) for m in (RecordRow, PatientRow, SignatureRow, UserRow))
_DOC = _U.alias("doc")
_NUR = _U.alias("nur")
_PATIENT_COLUMNS = tuple(c.key for c in _P.columns if c.key not in
                         ("family_key", "given_key", "created_at", "updated_at", "updated_by"))
_SIGNATURE_COLUMNS = ("signer_username", "printed_name", "credentials", "signed_at",
                      "signed_offset_min", "meaning", "content_hash", "content",
                      "steroid_reason", "signature")
_RECORD_SELECT = (
    select(_R, *(_P.c[k].label(f"p_{k}") for k in _PATIENT_COLUMNS),
           _DOC.c.username.label("d_username"), _DOC.c.full_name.label("d_full_name"),
           _DOC.c.credentials.label("d_credentials"),
           _NUR.c.username.label("n_username"), _NUR.c.full_name.label("n_full_name"),
           _NUR.c.credentials.label("n_credentials"),
           *(_S.c[k].label(f"s_{k}") for k in _SIGNATURE_COLUMNS),
           _first_print_of(_R.c.id).scalar_subquery().label("first_print"))
    .select_from(_R.join(_P, _P.c.id == _R.c.patient_id)
                 .outerjoin(_DOC, _DOC.c.id == _R.c.physician_id)
                 .outerjoin(_NUR, _NUR.c.id == _R.c.nurse_id)
                 .outerjoin(_S, _S.c.record_id == _R.c.id))
)
_ONE_RECORD = _RECORD_SELECT.where(_R.c.id == bindparam("rid"))
_J, _M, _C, _A = (_table(m) for m in (RecordJointRow, MedicationRow, ComplicationRow,
                                       AddendumRow))
_CHILD_TABLES = {"joints": _J, "medications": _M, "complications": _C}
_CHILD_MAKERS: dict[int, tuple[str, Any]] = {
    0: ("medications", medication_line),
    1: ("joints", lambda a, b, c, d: joint_side(a, b)),
    2: ("complications", lambda a, b, c, d: complication(a, b)),
}
_ADDENDA = select(_A).order_by(_A.c.record_id, _A.c.id)


def _children_statement(many: bool) -> Any:
    """A record's three lists in one statement (one round trip instead of three), tagged 0,
    1, 2 as in _CHILD_MAKERS; the medications come first, so that their column types (a
    float, a boolean) are the ones the others' NULLs take."""
    def of(table: Table) -> Any:
        return (table.c.record_id.in_(bindparam("rids", expanding=True)) if many
                else table.c.record_id == bindparam("rid"))

    no_float, no_bool = cast(null(), Float), cast(null(), Boolean)
    lists = union_all(
        select(literal(0).label("list"), _M.c.record_id, _M.c.position, _M.c.name.label("a"),
               _M.c.strength.label("b"), _M.c.volume_ml.label("c"), _M.c.per_target.label("d"))
        .where(of(_M)),
        select(literal(1), _J.c.record_id, _J.c.position, _J.c.level, _J.c.side, no_float,
               no_bool).where(of(_J)),
        select(literal(2), _C.c.record_id, _C.c.position, _C.c.kind, _C.c.text, no_float,
               no_bool).where(of(_C)),
    ).subquery()
    return select(lists).order_by(lists.c.list, lists.c.record_id, lists.c.position)


_ONE_CHILDREN = _children_statement(False)
_MANY_CHILDREN = _children_statement(True)
_ONE_ADDENDA = _ADDENDA.where(_A.c.record_id == bindparam("rid"))
_MANY_ADDENDA = _ADDENDA.where(_A.c.record_id.in_(bindparam("rids", expanding=True)))
# Writes built once, values as parameters: a statement built per save with .values() cost
# more to build and key for the cache than to run (1 ms of a 2.5 ms save).
_UPDATE_RECORD = update(_R).where(_R.c.id == bindparam("rid"),
                                  _R.c.version == bindparam("read_version"))
_INSERT_RECORD = insert(_R)
# The record columns the report summary reads (storage/report_summary.py::_facts_select).
_REPORT_COLUMNS = ("kind", "block_number", "performed_at", "performed_offset_min",
                   "physician_id", "levels", "fluoro_time_s", "dose_mgy")
_DELETE_CHILDREN = {name: delete(t).where(t.c.record_id == bindparam("rid"))
                    for name, t in _CHILD_TABLES.items()}
_INSERT_CHILDREN = {name: insert(t) for name, t in _CHILD_TABLES.items()}
_LOCK_RECORD = select(_R.c.version).where(_R.c.id == bindparam("rid")).with_for_update()
_USER_BY_NAME = select(_U.c.id, _U.c.full_name, _U.c.credentials).where(
    _U.c.username == bindparam("username"))


def _prefixed(row: Any, prefix: str, keys: Sequence[str]) -> SimpleNamespace:
    m = row._mapping
    return SimpleNamespace(**{k: m[prefix + k] for k in keys})


def _staff_of(row: Any, prefix: str) -> StaffRef | None:
    m = row._mapping
    name = m[prefix + "username"]
    return None if name is None else StaffRef(name, m[prefix + "full_name"],
                                              m[prefix + "credentials"])


@dataclass
class _Loaded:
    """A record as read in this unit of work, with what a save of it needs to know."""

    columns: Mapping[str, Any]  # the `records` columns (and others) as stored
    chart: Patient
    physician_id: int | None
    nurse_id: int | None
    signature: Any | None
    printed_at: datetime | None
    record: ProcedureRecord


@functools.lru_cache(maxsize=64)
def _worklist_statement(start: bool, end: bool, status: bool, physician: bool, patient: bool,
                        printed: bool | None, oldest_first: bool,
                        reopened: bool = False) -> Any:
    """The list statement for one combination of filters, values left as parameters: built
    once (building it and its cache key cost 1 ms of a 7 ms worklist, `make bench`)."""
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
               printed_q.label("printed"), RecordRow.version, RecordRow.status_note)
        .join(PatientRow, PatientRow.id == RecordRow.patient_id)
        .outerjoin(doc, doc.id == RecordRow.physician_id)
    )
    if start:
        stmt = stmt.where(RecordRow.performed_at >= bindparam("start"))
    if end:
        stmt = stmt.where(RecordRow.performed_at < bindparam("end"))
    if status and reopened:  # issue 15: the queue also lists what was reopened from it
        stmt = stmt.where(or_(RecordRow.status == bindparam("status"), and_(
            RecordRow.status == RecordStatus.DRAFT.value, RecordRow.status_note.is_not(None))))
    elif status:
        stmt = stmt.where(RecordRow.status == bindparam("status"))
    stmt = stmt.where(RecordRow.voided_at.is_(None))  # a voided draft leaves every list
    if physician:
        stmt = stmt.where(doc.username == bindparam("physician"))
    if patient:
        stmt = stmt.where(RecordRow.patient_id == bindparam("patient_id"))
    if printed is not None:
        stmt = stmt.where(printed_q if printed else ~printed_q)
    order = (RecordRow.performed_at, RecordRow.id) if oldest_first else (
        RecordRow.performed_at.desc(), RecordRow.id.desc())
    return stmt.order_by(*order).limit(bindparam("limit")).offset(bindparam("offset"))


class RecordRepository(Repository):
    def __init__(self, tx: Tx) -> None:
        super().__init__(tx)
        # Records read in this unit of work: a save reads the record, then writes it, and
        # needs no second read. Prints are added only to signed records, which no save
        # touches, so the first-print time cannot go stale here.
        self._loaded: dict[int, _Loaded] = {}

    # --- reading ---------------------------------------------------------------------------
    def _read(self, rows: Sequence[Any], one: int | None) -> list[_Loaded]:
        """Records from their main rows: their three lists come in one more statement, and
        the addenda of signed ones in another."""
        if not rows:
            return []
        conn = self.connection
        params: dict[str, Any] = {"rid": one} if one is not None else {
            "rids": [r.id for r in rows]}
        lists: dict[str, dict[int, list[Any]]] = {name: {} for name in CHILDREN}
        for tag, rid, _position, *values in conn.execute(
                _ONE_CHILDREN if one is not None else _MANY_CHILDREN, params):
            name, make = _CHILD_MAKERS[tag]
            lists[name].setdefault(rid, []).append(make(*values))
        addenda: dict[int, list[Addendum]] = {}
        if any(r.s_content is not None for r in rows):  # addenda exist on signed records only
            for a in conn.execute(_ONE_ADDENDA if one is not None else _MANY_ADDENDA, params):
                addenda.setdefault(a.record_id, []).append(addendum_from_row(a))
        out = []
        for row in rows:
            chart = patient_from_row(_prefixed(row, "p_", _PATIENT_COLUMNS))
            signature = (_prefixed(row, "s_", _SIGNATURE_COLUMNS)
                         if row.s_content is not None else None)
            rid = row.id
            record = record_from_columns(
                row, chart, _staff_of(row, "d_"), _staff_of(row, "n_"),
                tuple(lists["joints"].get(rid, ())), tuple(lists["medications"].get(rid, ())),
                tuple(lists["complications"].get(rid, ())), signature,
                tuple(addenda.get(rid, ())), row.first_print)
            loaded = _Loaded(row._mapping, chart,
                             row.physician_id, row.nurse_id, signature, row.first_print, record)
            self._loaded[rid] = loaded
            out.append(loaded)
        return out

    def _load(self, record_id: int) -> _Loaded:
        if not 0 < record_id <= MAX_ID:
            raise NotFoundError(f"There is no record {record_id}.")
        found = self._read(self.connection.execute(_ONE_RECORD, {"rid": record_id}).all(),
                           record_id)
        if not found:
            raise NotFoundError(f"There is no record {record_id}.")
        return found[0]

    def get(self, record_id: int) -> ProcedureRecord:
        return self._load(record_id).record

    def read_many(self, record_ids: Sequence[int]) -> dict[int, ProcedureRecord]:
        """Records by id in three statements, for checks that read thousands (issue 11's
        `record verify`); not kept for a later save. Ids that cannot be read are absent."""
        rows = self.connection.execute(
            _RECORD_SELECT.where(_R.c.id.in_(list(record_ids)))).all()
        out = {loaded.record.id or 0: loaded.record for loaded in self._read(rows, None)}
        for rid in out:
            self._loaded.pop(rid, None)
        return out

    def for_patient(self, patient_id: int) -> list[ProcedureRecord]:
        rows = self.connection.execute(
            _RECORD_SELECT.where(_R.c.patient_id == patient_id,
                                 _R.c.voided_at.is_(None))
            .order_by(_R.c.performed_at, _R.c.id)).all()
        return [loaded.record for loaded in self._read(rows, None)]

    def exists(self, record_id: int) -> bool:
        return 0 < record_id <= MAX_ID and self.connection.scalar(
            select(_R.c.id).where(_R.c.id == record_id)) is not None

    # --- writing ---------------------------------------------------------------------------
    def _for_update(self, record_id: int) -> _Loaded:
        """The record as stored now, locked against other writers until this unit of work
        ends: row lock on PostgreSQL; SQLite writers hold the database from BEGIN IMMEDIATE."""
        if not 0 < record_id <= MAX_ID:
            raise NotFoundError(f"There is no record {record_id}.")
        loaded = self._loaded.get(record_id)
        if self.connection.dialect.name == "postgresql":
            locked = self.connection.scalar(_LOCK_RECORD, {"rid": record_id})
            if locked is None:
                raise NotFoundError(f"There is no record {record_id}.")
            if loaded is not None and loaded.columns["version"] != locked:
                loaded = None  # changed since this unit of work read it
        return loaded or self._load(record_id)

    def locked(self, record_id: int) -> ProcedureRecord:
        """The record as stored now, locked against other writers until this unit of work
        ends: a status checked on it cannot change before the write (issue 15, point 2)."""
        return self._for_update(record_id).record

    def _staff(self, ref: StaffRef | None, linked: int | None,
               current: StaffRef | None) -> tuple[int | None, StaffRef | None]:
        if ref is None or not ref.username:
            return None, None
        if current is not None and linked is not None and current.username == ref.username:
            return linked, current  # unchanged: no lookup
        found = self.connection.execute(_USER_BY_NAME, {"username": ref.username}).first()
        if found is None:
            raise NotFoundError(f'There is no user "{ref.username}".')
        return found.id, StaffRef(ref.username, found.full_name, found.credentials)

    def _update_row(self, record_id: int, version: int, values: dict[str, Any]) -> None:
        values["version"] = version + 1
        done = self.connection.execute(_UPDATE_RECORD, {**values, "rid": record_id,
                                                        "read_version": version})
        if done.rowcount != 1:  # cannot happen under the lock; never overwrite regardless
            raise VersionConflictError("Record", record_id, version, -1)

    def _remember(self, columns: Mapping[str, Any], chart: Patient,
                  staff: tuple[int | None, StaffRef | None, int | None, StaffRef | None],
                  lists: ProcedureRecord, stored: _Loaded | None) -> ProcedureRecord:
        """The record as just written (its columns, and the lists of `lists`)."""
        physician_id, physician, nurse_id, nurse = staff
        signature = stored.signature if stored else None
        printed_at = stored.printed_at if stored else None
        saved = record_from_columns(
            SimpleNamespace(**columns), chart, physician, nurse, lists.joints,
            lists.medications, lists.complications, signature,
            stored.record.addenda if stored else (), printed_at)
        self._loaded[columns["id"]] = _Loaded(columns, chart, physician_id, nurse_id,
                                              signature, printed_at, saved)
        return saved

    def _write(self, record: ProcedureRecord, stored: _Loaded | None, by: str,
               status: RecordStatus) -> ProcedureRecord:
        """Insert (stored None) or update the record; returns it as now stored."""
        old = stored.record if stored else None
        physician_id, physician = self._staff(
            record.physician, stored.physician_id if stored else None,
            old.physician if old else None)
        nurse_id, nurse = self._staff(record.nurse, stored.nurse_id if stored else None,
                                      old.nurse if old else None)
        now = utcnow()
        values = record_columns(record, physician_id, nurse_id)
        values.update(status=status.value, updated_at=now, updated_by=by)
        conn = self.connection
        if stored is None or old is None:
            assert record.patient.id is not None
            values.update(patient_id=record.patient.id, created_at=now, created_by=by, version=1)
            key = conn.execute(_INSERT_RECORD, values).inserted_primary_key
            assert key is not None
            record_id = int(key[0])
            chart = PatientRepository(self.tx).get(record.patient.id)
            columns = {**values, "id": record_id}
            changed: Sequence[str] = CHILDREN
        else:
            record_id = stored.columns["id"]
            self._update_row(record_id, stored.columns["version"], values)
            chart, columns = stored.chart, {**stored.columns, **values}
            changed = changed_children(record, old)
        for name in changed:
            if stored is not None:
                conn.execute(_DELETE_CHILDREN[name], {"rid": record_id})
            rows = child_rows(record, name, record_id)
            if rows:
                conn.execute(_INSERT_CHILDREN[name], rows)
        if stored is None or "complications" in changed or any(
                stored.columns.get(c) != values.get(c) for c in _REPORT_COLUMNS):
            # Same transaction (migration 0011); a save that changes nothing the reports
            # count (most saves of a draft) costs no statement.
            report_summary.refresh(conn, (record_id,))
        return self._remember(columns, chart, (physician_id, physician, nurse_id, nurse),
                              record, stored)

    def add(self, record: ProcedureRecord, patient_id: int, by: str) -> ProcedureRecord:
        if record.status is RecordStatus.SIGNED:
            raise RecordSignedError("new")
        record = replace(record, patient=replace(record.patient, id=patient_id))
        return self._write(record, None, by, record.status)

    def _check_current(self, stored: _Loaded, record_id: int, version: int) -> None:
        if stored.columns["status"] == RecordStatus.SIGNED.value:
            raise RecordSignedError(record_id)
        if stored.columns["version"] != version:
            raise VersionConflictError("Record", record_id, version, stored.columns["version"],
                                       stored.columns["updated_by"],
                                       local(stored.columns["updated_at"], 0))

    def update(self, record: ProcedureRecord, by: str,
               status: RecordStatus | None = None) -> ProcedureRecord:
        """Save a draft or ready record read at `record.version`; never overwrites a newer one."""
        if record.id is None:
            raise NotFoundError("This record has not been saved yet.")
        stored = self._for_update(record.id)
        self._check_current(stored, record.id, record.version)
        return self._write(record, stored, by,
                           status or RecordStatus(stored.columns["status"]))

    def set_status(self, record_id: int, version: int, status: RecordStatus,
                   by: str, note: str | None = None) -> ProcedureRecord:
        """Change only the status (and, given `note`, the status note; "" clears it)."""
        stored = self._for_update(record_id)
        self._check_current(stored, record_id, version)
        values: dict[str, Any] = {"status": status.value, "updated_at": utcnow(),
                                  "updated_by": by}
        if status is RecordStatus.VOID:  # stored as a voided draft (migration 0006)
            values.update(status=RecordStatus.DRAFT.value, voided_at=values["updated_at"])
        if note is not None:
            values["status_note"] = note or None
        self._update_row(record_id, version, values)
        if "voided_at" in values:  # a voided draft leaves the summary; a status is not in it
            report_summary.refresh(self.connection, (record_id,))
        old = stored.record
        return self._remember({**stored.columns, **values}, stored.chart,
                              (stored.physician_id, old.physician, stored.nurse_id, old.nurse),
                              old, stored)

    def worklist(self, start: datetime | None = None, end: datetime | None = None, *,
                 status: RecordStatus | None = None, physician: str | None = None,
                 patient_id: int | None = None, printed: bool | None = None,
                 oldest_first: bool = True, limit: int = 500, offset: int = 0,
                 reopened: bool = False) -> list[WorklistRow]:
        """Light rows for lists, one query; filter by time window, status, physician, patient.
        With `reopened`, records reopened for changes are listed with those of `status`."""
        stmt = _worklist_statement(start is not None, end is not None, status is not None,
                                   bool(physician), patient_id is not None, printed,
                                   oldest_first, reopened)
        params = {"start": start, "end": end, "status": status.value if status else None,
                  "physician": physician, "patient_id": patient_id, "limit": limit,
                  "offset": offset}
        # Hundreds of rows per call: plain dict lookups instead of Enum(...) calls.
        kinds, statuses = _KINDS, _STATUSES
        return [
            WorklistRow(rid, at.astimezone(offset_zone(off)), pid, f"{fam}, {giv}", mrn, dob,
                        kinds[kind], block, levels, doc_name or "", statuses[status_v],
                        bool(was_printed), version, note or "")
            for (rid, at, off, pid, fam, giv, mrn, dob, kind, block, levels, doc_name, status_v,
                 was_printed, version, note) in self.connection.execute(stmt, params).all()
        ]

    def count(self, start: datetime | None = None, end: datetime | None = None) -> int:
        stmt = select(func.count(RecordRow.id))
        if start is not None:
            stmt = stmt.where(RecordRow.performed_at >= start)
        if end is not None:
            stmt = stmt.where(RecordRow.performed_at < end)
        return int(self.connection.scalar(stmt) or 0)

    def ready_queue(self, limit: int = 500) -> list[WorklistRow]:
        """Ready records, and those reopened for changes (with the reason), oldest first."""
        return self.worklist(status=RecordStatus.READY, oldest_first=True, limit=limit,
                             reopened=True)

    def between(self, start: datetime, end: datetime, limit: int = 10_000
                ) -> list[ProcedureRecord]:
        """Whole records performed in [start, end), oldest first (exports, issue 14): their
        lists and addenda in one statement each, not one query per record."""
        rows = self.connection.execute(
            _RECORD_SELECT.where(_R.c.performed_at >= start, _R.c.performed_at < end)
            .order_by(_R.c.performed_at, _R.c.id).limit(limit)).all()
        return [loaded.record for loaded in self._read(rows, None)]


class UserRepository(Repository):

    def by_username(self, username: str, for_update: bool = False) -> UserRow | None:
        """`for_update`: lock the row until the transaction ends (PostgreSQL SELECT ... FOR
        UPDATE; SQLite writers already hold the database's write lock), so parallel sign-in
        attempts each see the count the one before left and every failure counts once."""
        stmt = select(UserRow).where(UserRow.username == username)
        if for_update:
            stmt = stmt.with_for_update()
        return self.session.scalar(stmt)

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


class SettingsRepository(Repository):

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



