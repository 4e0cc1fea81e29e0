"""One unit of work per user action: one connection, one transaction, one commit or none."""

from __future__ import annotations

from types import TracebackType

from sqlalchemy import Connection
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from .audit import AuditRepository
from .engine import Database
from .errors import translated
from .repositories import PatientRepository, RecordRepository, SettingsRepository, UserRepository
from .signing_keys import KeyRepository


class UnitOfWork:
    """`with UnitOfWork(db) as uow: ...; uow.commit()` - leaving without commit rolls back.

    The transaction lives on one connection. The hot paths (a record, the worklist, patient
    search, saving a record) run SQLAlchemy Core statements on it; the ORM session that other
    work uses is made on first use and joins the same transaction. An ORM session costs about
    0.2 ms to begin and end (`make bench`), more than SQLite takes to find a patient.
    """

    def __init__(self, db: Database, write: bool = True) -> None:
        self.db = db
        self.write = write

    def __enter__(self) -> UnitOfWork:
        self._translation = translated()
        self._translation.__enter__()
        self._session: Session | None = None
        connection: Connection | None = None
        try:
            connection = self.db.connection(self.write)
            self._transaction = connection.begin()
        except BaseException as e:
            if connection is not None:
                connection.close()  # back to the pool, not left checked out
            # A known database failure comes out translated here; anything else is re-raised.
            self._translation.__exit__(type(e), e, e.__traceback__)
            raise
        self.connection = connection
        self.patients = PatientRepository(self)
        self.records = RecordRepository(self)
        self.users = UserRepository(self)
        self.settings = SettingsRepository(self)
        self.audit = AuditRepository(self)
        self.keys = KeyRepository(self)
        return self

    @property
    def session(self) -> Session:
        """The ORM session of this unit of work, in its transaction."""
        if self._session is None:
            self._session = Session(bind=self.connection, expire_on_commit=False,
                                    autoflush=False, join_transaction_mode="rollback_only")
        return self._session

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> bool | None:
        try:
            if self._transaction.is_active:
                if exc_type is None and not self.write and not self.db.is_sqlite:
                    # A read-only PostgreSQL transaction ends the same either way, but psycopg
                    # drops its prepared statements on every ROLLBACK: every list and record
                    # query would be planned afresh (7 ms for a whole record).
                    self._transaction.commit()
                else:
                    self._transaction.rollback()
        except SQLAlchemyError:
            pass  # the connection may be gone; nothing was committed either way
        finally:
            try:
                if self._session is not None:
                    self._session.close()
            finally:
                self.connection.close()
        return self._translation.__exit__(exc_type, exc, tb)

    def commit(self) -> None:
        if self._session is not None:
            self._session.flush()
        self._transaction.commit()
