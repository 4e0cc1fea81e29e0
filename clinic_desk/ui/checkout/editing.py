"""Edit locks in the record editor: "being edited by NAME on WORKSTATION since TIME".

    editor.lock_keeper = EditLockKeeper(services, lambda: window.actor, parent=editor)

The editor calls `open(record, read_only)` when it shows a record - it takes the lock (or
learns who holds it, and then opens read-only with that sentence in its banner) - and
`close()` when the record closes. While the record is open the lock is renewed every
HEARTBEAT_SECONDS; a lock that was taken over meanwhile (this PC was asleep longer than the
stale time) is reported through `lost(str)`. A database that cannot be reached never blocks
editing: the version check still stops a silent overwrite.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer, Signal

from ...domain.errors import ClinicDeskError, DatabaseUnavailableError
from ...domain.record import ProcedureRecord
from ...services import Actor, Services
from ...services.locks import HEARTBEAT_SECONDS

log = logging.getLogger(__name__)


class EditLockKeeper(QObject):
    lost = Signal(str)
    database_unavailable = Signal()

    def __init__(self, services: Services, actor: Callable[[], Actor],
                 parent: QObject | None = None, heartbeat_ms: int = HEARTBEAT_SECONDS * 1000
                 ) -> None:
        super().__init__(parent)
        self.services, self._actor = services, actor
        self.record_id: int | None = None  # the record whose lock this PC holds
        self._holder: Actor | None = None
        self.timer = QTimer(self)
        self.timer.setInterval(heartbeat_ms)
        self.timer.timeout.connect(self.heartbeat)

    def open(self, record: ProcedureRecord, read_only: bool) -> str:
        """Take the lock for `record`; returns "" (mine, or none needed) or who holds it."""
        self.close()
        if read_only or record.id is None:
            return ""
        actor = self._actor()
        try:
            result = self.services.locks.acquire(actor, record.id)
        except DatabaseUnavailableError:
            self.database_unavailable.emit()
            return ""
        except ClinicDeskError as e:
            log.info("edit lock not taken: %s", type(e).__name__)
            return ""
        if result.read_only:
            log.info("record %s is being edited elsewhere: opened read-only", record.id)
            return f"{result.message} You can read it; to change it, ask them to close it."
        self.record_id, self._holder = record.id, actor
        self.timer.start()
        return ""

    def heartbeat(self) -> None:
        if self.record_id is None or self._holder is None:
            return
        try:
            still = self.services.locks.heartbeat(self._holder, self.record_id)
        except DatabaseUnavailableError:
            self.database_unavailable.emit()
            return
        except ClinicDeskError:
            return
        if not still:
            holder = self.services.locks.holder(self.record_id)
            self.timer.stop()
            self.record_id = None
            self.lost.emit(holder.message if holder is not None else "")

    def close(self) -> None:
        self.timer.stop()
        record_id, holder = self.record_id, self._holder
        self.record_id, self._holder = None, None
        if record_id is None or holder is None:
            return
        try:
            self.services.locks.release(holder, record_id)
        except ClinicDeskError:
            log.info("edit lock not released (it goes stale by itself)")
