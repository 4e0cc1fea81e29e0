"""One unit of work per user action: a session, its repositories, one commit or none."""

from __future__ import annotations

from types import TracebackType

from sqlalchemy.exc import SQLAlchemyError

from .audit import AuditRepository
from .engine import Database
from .errors import translated
from .repositories import PatientRepository, RecordRepository, SettingsRepository, UserRepository


class UnitOfWork:
    """`with UnitOfWork(db) as uow: ...; uow.commit()` - leaving without commit rolls back."""

    def __init__(self, db: Database, write: bool = True) -> None:
        self.db = db
        self.write = write

    def __enter__(self) -> UnitOfWork:
        self._translation = translated()
        self._translation.__enter__()
        self.session = self.db.session(self.write)
        self.patients = PatientRepository(self.session)
        self.records = RecordRepository(self.session)
        self.users = UserRepository(self.session)
        self.settings = SettingsRepository(self.session)
        self.audit = AuditRepository(self.session)
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> bool | None:
        try:
            if exc_type is None and not self.write and not self.db.is_sqlite:
                # A read-only PostgreSQL transaction (engine.py) ends the same either way, but
                # psycopg drops its prepared statements on every ROLLBACK: every list and
                # record query would be planned afresh (7 ms for a whole record).
                self.session.commit()
            else:
                self.session.rollback()
        except SQLAlchemyError:
            pass  # the connection may be gone; nothing was committed either way
        finally:
            self.session.close()
        return self._translation.__exit__(exc_type, exc, tb)

    def commit(self) -> None:
        self.session.commit()
