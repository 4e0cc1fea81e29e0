"""Translate database errors into the domain's specific errors, with nothing half-saved."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy.exc import DBAPIError, IntegrityError, OperationalError
from sqlalchemy.orm.exc import StaleDataError

from ..domain.errors import (
    DatabaseUnavailableError,
    RecordSignedError,
    ValidationError,
    VersionConflictError,
)

SIGNED_MARKER = "clinic_desk: record is signed"
APPEND_ONLY_MARKER = "clinic_desk: append-only table"
UNSIGNED_MARKER = "clinic_desk: a record is signed only with a signature"

_APPEND_ONLY_TABLES = ("signatures", "addenda", "handout_prints", "audit_log", "signing_keys",
                       "legacy_signatures")
_UNAVAILABLE = ("could not connect", "connection refused", "server closed the connection",
                "terminating connection", "connection is closed", "consuming input failed",
                "the connection is lost", "no connection to the server", "connection timeout",
                "unable to open database file", "disk i/o error",
                # psycopg 3 / libpq wording (a stopped server, a dropped network, a restart)
                "connection is bad", "is the server running", "connection failed",
                "timeout expired", "no route to host", "network is unreachable",
                "could not receive data", "could not send data", "ssl syscall error",
                "the database system is shutting down", "the database system is starting up",
                "the database system is in recovery mode", "failed to resolve host",
                "could not translate host name")


def _text(exc: BaseException) -> str:
    orig = getattr(exc, "orig", None)
    return str(orig if orig is not None else exc).lower()


def is_unavailable(exc: BaseException) -> bool:
    if isinstance(exc, DBAPIError) and exc.connection_invalidated:
        return True
    return isinstance(exc, (OperationalError, DBAPIError)) and any(
        marker in _text(exc) for marker in _UNAVAILABLE
    )


@contextmanager
def translated(record_id: object = None) -> Iterator[None]:
    """Run database work, re-raising known failures as domain errors."""
    try:
        yield
    except StaleDataError as e:
        raise VersionConflictError("Record", record_id or "?", -1, -1) from e
    except IntegrityError as e:
        text = _text(e)
        if SIGNED_MARKER in text or APPEND_ONLY_MARKER in text:
            raise RecordSignedError(record_id or "?") from e
        if "clinic_desk: another patient with records has this mrn" in text or (
                "mrn" in text and ("unique" in text or "duplicate" in text)):
            raise ValidationError("Another patient already has this MRN.", "mrn") from e
        if "username" in text and ("unique" in text or "duplicate" in text):
            raise ValidationError("This username is taken.", "username") from e
        raise
    except DBAPIError as e:
        text = _text(e)
        if any(f"permission denied for table {t}" in text for t in _APPEND_ONLY_TABLES):
            # PostgreSQL's application role may only read and append to these (issue 11).
            raise RecordSignedError(record_id or "?") from e
        if SIGNED_MARKER in text:
            raise RecordSignedError(record_id or "?") from e
        if APPEND_ONLY_MARKER in text:
            raise RecordSignedError(record_id or "?") from e
        if is_unavailable(e):
            raise DatabaseUnavailableError(
                "The database cannot be reached. Your work is kept on this workstation; "
                "it will be saved when the database is back."
            ) from e
        raise
