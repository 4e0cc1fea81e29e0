"""Lists that refresh by themselves when another workstation changes something.

    watcher = ChangeWatcher(services.db, parent=window)   # one per main window
    watcher.changed.connect(page.on_database_changed)     # frozenset of tables (empty: any)
    watcher.start()

`apply_rows` updates a list model in place - removes, moves, inserts and changes only the rows
that differ, by key - so the view keeps its selection, current row and scroll position, which
a model reset would lose.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Hashable, Iterable, MutableSequence, Sequence
from typing import Any, TypeVar

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QObject, QTimer, Signal

from ...services.changes import Change, ChangeListener

log = logging.getLogger(__name__)

T = TypeVar("T")

RECORD_TABLES = frozenset({"records", "patients", "signatures", "addenda", "handout_prints"})


def touches(tables: Iterable[str], wanted: Iterable[str] = RECORD_TABLES) -> bool:
    """Does a change (its tables; empty = unknown) concern any of `wanted`?"""
    return Change(frozenset(tables)).touches(wanted)


class ChangeWatcher(QObject):
    """The change feed (services.changes) as Qt signals, delivered on the GUI thread.

    `changed(frozenset)` comes at most once per `min_interval_ms`, with every table changed
    meanwhile; `connection_changed(bool)` when the feed loses or regains the database."""

    changed = Signal(object)
    connection_changed = Signal(bool)
    _from_thread = Signal(object)
    _state_from_thread = Signal(bool)

    def __init__(self, db: Any, parent: QObject | None = None, *, poll_seconds: float = 1.0,
                 min_interval_ms: int = 300, listener_factory: Callable[..., Any] | None = None
                 ) -> None:
        super().__init__(parent)
        factory = listener_factory or ChangeListener
        self._listener = factory(db, self._from_thread.emit, self._state_from_thread.emit,
                                 poll_seconds=poll_seconds)
        self._pending: Change | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(min_interval_ms)
        self._timer.timeout.connect(self._flush)
        # Signals emitted on the listener's thread reach these slots queued, on this thread.
        self._from_thread.connect(self._on_change)
        self._state_from_thread.connect(self.connection_changed)
        self.running = False
        # Stop the listener's thread with its window (it touches no Qt object).
        listener = self._listener
        self.destroyed.connect(lambda *_a: listener.stop(timeout=0))

    def start(self) -> None:
        if not self.running:
            self._listener.start()
            self.running = True

    def stop(self) -> None:
        if self.running:
            self._listener.stop()
            self.running = False
        self._timer.stop()

    def _on_change(self, change: Change) -> None:
        self._pending = change if self._pending is None else self._pending.merged(change)
        if not self._timer.isActive():
            self._timer.start()

    def _flush(self) -> None:
        change, self._pending = self._pending, None
        if change is not None:
            log.debug("database changed: %s", sorted(change.tables) or "unknown tables")
            self.changed.emit(change.tables)


def apply_rows(model: QAbstractItemModel, current: MutableSequence[T], new: Sequence[T],
               key: Callable[[T], Hashable], columns: int) -> bool:
    """Make `current` (the model's own list) equal to `new` with the fewest row signals.

    Returns True if anything changed. Selection and scroll position survive because rows are
    removed, moved and inserted individually and persistent indexes follow them."""
    root = QModelIndex()
    wanted = {key(r) for r in new}
    changed = False
    i = len(current) - 1
    while i >= 0:  # removals, bottom up, in contiguous blocks
        if key(current[i]) in wanted:
            i -= 1
            continue
        j = i
        while j > 0 and key(current[j - 1]) not in wanted:
            j -= 1
        model.beginRemoveRows(root, j, i)
        del current[j:i + 1]
        model.endRemoveRows()
        changed, i = True, j - 1
    for pos, row in enumerate(new):
        k = key(row)
        if pos < len(current) and key(current[pos]) == k:
            if current[pos] != row:
                current[pos] = row
                model.dataChanged.emit(model.index(pos, 0), model.index(pos, columns - 1))
                changed = True
            continue
        found = next((q for q in range(pos + 1, len(current)) if key(current[q]) == k), None)
        if found is not None:
            model.beginMoveRows(root, found, found, root, pos)
            current.insert(pos, current.pop(found))
            model.endMoveRows()
            if current[pos] != row:
                current[pos] = row
                model.dataChanged.emit(model.index(pos, 0), model.index(pos, columns - 1))
        else:
            model.beginInsertRows(root, pos, pos)
            current.insert(pos, row)
            model.endInsertRows()
        changed = True
    return changed
