"""Use cases the app and the command line share; each runs in one transaction."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from ..storage.engine import Database
from .audit import AuditService
from .auth import AuthService
from .base import now_local
from .calls import CallService
from .conflicts import ConflictService
from .context import Actor, workstation_name
from .exports import ExportService
from .locks import LockService
from .pathway import PathwayService
from .patients import PatientService
from .printing import PrintingService
from .records import RecordService
from .reports import ReportService
from .schedule import ScheduleService
from .settings import SettingsService
from .signing import SigningService
from .users import UserService


class Services:
    """Every service over one database: what `app.py` and `cli.py` hand to their callers."""

    def __init__(self, db: Database, clock: Callable[[], datetime] = now_local) -> None:
        self.db = db
        self.auth = AuthService(db, clock)
        self.patients = PatientService(db, clock)
        self.records = RecordService(db, clock)
        self.settings = SettingsService(db, clock)
        self.signing = SigningService(db, clock)
        self.users = UserService(db, clock)
        self.audit = AuditService(db, clock)
        self.printing = PrintingService(db, clock)
        self.locks = LockService(db, clock)
        self.conflicts = ConflictService(db, clock)
        self.exports = ExportService(db, clock)  # issue 14
        self.schedule = ScheduleService(db, clock)  # issue 14
        self.calls = CallService(db, clock)  # issue 13: calls, pathway, reports
        self.pathway = PathwayService(db, clock)
        self.reports = ReportService(db, clock)

    @property
    def database_description(self) -> str:
        return self.db.description


__all__ = ["Actor", "Services", "workstation_name"]
