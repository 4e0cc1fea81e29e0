"""Long work off the GUI thread (Anki's QueryOp, Picard's thread helpers, in small).

    run_in_background(fn, *args, on_done=..., on_error=..., parent=widget)

`fn` runs on the global QThreadPool with plain data only (ids, dataclasses, file paths) and
opens its own database session through the services; it never touches a widget. Its result
or its exception comes back on the GUI thread through queued signals. `with_progress` puts a
QProgressDialog over a window while the work runs (busy when the work reports no steps).

A worker that reports steps gets a `progress` keyword: `fn(..., progress=cb)`, where
`cb(done, total)` is called from the worker thread and returns False once the person pressed
Cancel; stopping cleanly is then the function's business.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

log = logging.getLogger(__name__)

_alive: set[Worker] = set()  # keeps workers (and their signal objects) until they report


class WorkerSignals(QObject):
    done = Signal(object)
    failed = Signal(object)
    progress = Signal(int, int)


class Worker(QRunnable):
    """Runs `fn(*args, **kwargs)` on a pool thread and reports through `signals`."""

    def __init__(self, fn: Callable[..., Any], *args: Any, name: str = "",
                 with_progress: bool = False, **kwargs: Any) -> None:
        super().__init__()
        self.setAutoDelete(False)
        self.fn, self.args, self.kwargs = fn, args, kwargs
        self.name = name or getattr(fn, "__name__", "work")
        self.signals = WorkerSignals()
        self.cancelled = False
        if with_progress:
            self.kwargs["progress"] = self._report

    def _report(self, done: int, total: int) -> bool:
        self.signals.progress.emit(done, total)
        return not self.cancelled

    def run(self) -> None:
        started = time.perf_counter()
        try:
            result = self.fn(*self.args, **self.kwargs)
        except Exception as e:  # noqa: BLE001 - handed to the GUI thread, which decides
            log.info("background work %s failed: %s", self.name, type(e).__name__)
            self.signals.failed.emit(e)
        else:
            log.debug("background work %s took %.3f s", self.name,
                      time.perf_counter() - started)
            self.signals.done.emit(result)


def run_in_background(fn: Callable[..., Any], *args: Any,
                      on_done: Callable[[Any], None] | None = None,
                      on_error: Callable[[BaseException], None] | None = None,
                      on_progress: Callable[[int, int], None] | None = None,
                      name: str = "", pool: QThreadPool | None = None,
                      **kwargs: Any) -> Worker:
    """Start `fn` on the thread pool; callbacks run on the GUI thread."""
    worker = Worker(fn, *args, name=name, with_progress=on_progress is not None, **kwargs)
    _alive.add(worker)

    def finish() -> None:
        _alive.discard(worker)

    queued = Qt.ConnectionType.QueuedConnection
    if on_done is not None:
        worker.signals.done.connect(on_done, queued)
    if on_error is not None:
        worker.signals.failed.connect(on_error, queued)
    if on_progress is not None:
        worker.signals.progress.connect(on_progress, queued)
    worker.signals.done.connect(finish, queued)
    worker.signals.failed.connect(finish, queued)
    (pool or QThreadPool.globalInstance()).start(worker)
    return worker


def with_progress(parent: QWidget, label: str, fn: Callable[..., Any], *args: Any,
                  on_done: Callable[[Any], None] | None = None,
                  on_error: Callable[[BaseException], None] | None = None,
                  steps: bool = False, **kwargs: Any) -> Worker:
    """Run `fn` in the background behind a progress dialog (busy unless `steps`)."""
    dialog = QProgressDialog(label, "Cancel", 0, 0, parent)
    dialog.setWindowTitle("Clinic Desk")
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setMinimumDuration(300)
    dialog.setAutoClose(False)
    dialog.setAutoReset(False)

    def progress(done: int, total: int) -> None:
        dialog.setMaximum(max(total, 1))
        dialog.setValue(done)

    def done(result: Any) -> None:
        dialog.close()
        dialog.deleteLater()
        if on_done is not None:
            on_done(result)

    def failed(exc: BaseException) -> None:
        dialog.close()
        dialog.deleteLater()
        if on_error is not None:
            on_error(exc)

    worker = run_in_background(fn, *args, on_done=done, on_error=failed,
                               on_progress=progress if steps else None, **kwargs)
    if steps:
        dialog.canceled.connect(lambda: setattr(worker, "cancelled", True))
    else:
        dialog.setCancelButton(None)  # a single transaction: nothing to stop half-way
    return worker
