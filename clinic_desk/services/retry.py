"""When the database cannot be reached: keep the unsaved edit on this workstation, retry, and
save it when the database is back (no Qt; the banner and the timer are the UI's).

    try:
        saved = services.records.save(actor, record)
    except DatabaseUnavailableError:
        keep_for_retry(store, actor, record)            # a local draft marked "pending"
        ...
    # later, on a timer (RetryClock says when) or a "Try now" button:
    outcome = retry_pending(services, actor, store)
    if outcome.still_down: ...                          # banner stays up
    for draft, conflict in outcome.conflicts: ...       # someone saved meanwhile: conflict dialog
    for draft, refused in outcome.ready: ...            # sent for signature meanwhile: kept,
                                                        # flagged REFUSED, never applied silently

A retry is idempotent: if the first attempt reached the database after all (the connection
dropped after the commit), the retry finds the record already holding exactly this content
and counts it as saved instead of reporting a conflict or creating the record twice.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any

from sqlalchemy import text

from ..domain.errors import (
    ClinicDeskError,
    DatabaseUnavailableError,
    RecordReadyError,
    ValidationError,
    VersionConflictError,
)
from ..domain.record import ProcedureRecord, RecordStatus
from ..domain.record_format import canonical_json, content_to_json
from ..storage.engine import Database
from ..storage.errors import is_unavailable
from .context import Actor
from .drafts import Draft, DraftStore, draft_key, new_draft_key

log = logging.getLogger(__name__)

PENDING = "pending"  # key in Draft.extra: what to do when the database is back
SAVE, MARK_READY = "save", "mark_ready"
# Key in Draft.extra of a kept edit the retry did not apply because the record was sent for
# signature meanwhile (issue 15, point 2): it waits for the nurse (reopen with a reason, then
# recover it), never for the timer.
REFUSED = "refused"
REFUSED_READY = "ready_for_signature"
DELAYS = (2.0, 4.0, 8.0, 15.0, 30.0)  # seconds between attempts; the last one repeats


def next_delay(attempt: int) -> float:
    """Seconds to wait before attempt number `attempt` (0 = the first retry)."""
    return DELAYS[min(max(attempt, 0), len(DELAYS) - 1)]


def database_reachable(db: Database) -> bool:
    """A cheap round trip (SELECT 1); False when the database cannot be reached."""
    try:
        with db.engine.connect() as conn:
            conn.execute(text("SELECT 1"))
        return True
    except Exception as e:  # noqa: BLE001 - any failure to connect means "not reachable"
        if not is_unavailable(e):
            log.info("database check failed: %s", type(e).__name__)
        return False


def keep_for_retry(store: DraftStore, actor: Actor, record: ProcedureRecord, *,
                   action: str = SAVE, key: str | None = None,
                   attempted_at: datetime | None = None) -> Draft:
    """Write the unsaved record to the local draft store, marked to be saved when the
    database is back (`action` "save" or "mark_ready"). Returns the draft written.

    `attempted_at` is when the failed save started; with it, the retry of a new record can
    tell whether that attempt created the record after all (then it is not created twice)."""
    if action not in (SAVE, MARK_READY):
        raise ValueError(f"unknown pending action {action!r}")
    if key is None:
        key = (draft_key(actor.username, record.id) if record.id is not None
               else new_draft_key(actor.username))
    draft = store.save(key, actor.username, content_to_json(record), record_id=record.id,
                       version=record.version if record.id is not None else None,
                       status=record.status.value, patient_id=record.patient.id,
                       extra={PENDING: action, "since": time.time(),
                              "attempted_at": attempted_at.isoformat() if attempted_at
                              else None})
    log.info("unsaved record kept on this workstation for retry",
             extra={"record_id": record.id})
    return draft


def pending_drafts(store: DraftStore, username: str) -> list[Draft]:
    """This user's drafts waiting for the database, oldest first."""
    drafts = [d for d in store.list_for_user(username) if d.extra.get(PENDING)]
    drafts.sort(key=lambda d: d.saved_at)
    return drafts


@dataclass
class RetryOutcome:
    saved: list[tuple[str, ProcedureRecord]] = field(default_factory=list)  # (draft key, saved)
    conflicts: list[tuple[Draft, VersionConflictError]] = field(default_factory=list)
    failed: list[tuple[Draft, ClinicDeskError]] = field(default_factory=list)
    # Kept edits of records sent for signature meanwhile: not applied, flagged, kept.
    ready: list[tuple[Draft, RecordReadyError]] = field(default_factory=list)
    still_down: bool = False
    left: int = 0  # drafts still waiting (not tried because the database is still down)

    @property
    def done(self) -> bool:
        """Nothing more to retry (conflicts and failures wait for the person, not the timer)."""
        return not self.still_down


def same_content(a: ProcedureRecord, b: ProcedureRecord) -> bool:
    """The same clinical content, whatever offset each time was given back in."""
    return canonical_json(replace(a, id=None)) == canonical_json(replace(b, id=None))


def _already_created(services: Any, actor: Actor, record: ProcedureRecord,
                     attempted_at: datetime) -> ProcedureRecord | None:
    """A new record the lost attempt did create: same patient, same content, by me, saved
    after the attempt started."""
    if record.patient.id is None:
        return None
    with services.records.uow(write=False) as uow:
        for existing in uow.records.for_patient(record.patient.id):
            if (existing.updated_by == actor.username and existing.updated_at is not None
                    and existing.updated_at >= attempted_at
                    and same_content(existing, record)):
                return existing  # type: ignore[no-any-return]
    return None


def _save_one(services: Any, actor: Actor, draft: Draft) -> ProcedureRecord:
    record = draft.to_record()
    action = draft.extra.get(PENDING, SAVE)
    attempted = draft.extra.get("attempted_at")
    if record.id is None and attempted:
        done = _already_created(services, actor, record, datetime.fromisoformat(attempted))
        if done is not None:
            return done
    else:
        record = replace(record, status=RecordStatus(draft.status)
                         if draft.status in {s.value for s in RecordStatus} else record.status)
    try:
        if action == MARK_READY:
            return services.records.mark_ready(actor, record)  # type: ignore[no-any-return]
        return services.records.save(actor, record)  # type: ignore[no-any-return]
    except VersionConflictError:
        if record.id is not None:
            with services.records.uow(write=False) as uow:
                current = uow.records.get(record.id)
            wanted = RecordStatus.READY if action == MARK_READY else RecordStatus.DRAFT
            if same_content(current, record) and current.status is wanted:
                return current  # type: ignore[no-any-return]
            if current.status is RecordStatus.READY:
                # Sent for signature on another workstation meanwhile: the kept edit would
                # take it out of the physicians' queue. Not applied; the nurse decides.
                raise RecordReadyError(current.id, current.patient.display_name,
                                       current.updated_by, current.updated_at) from None
        raise


def _flag_refused(store: DraftStore, draft: Draft) -> Draft:
    """Keep the draft, no longer pending (the timer must not apply it later, e.g. after
    someone reopens the record) and marked REFUSED for the person."""
    extra = {k: v for k, v in draft.extra.items() if k != PENDING}
    extra[REFUSED] = REFUSED_READY
    extra["refused_action"] = draft.extra.get(PENDING, SAVE)
    return store.save(draft.key, draft.username, draft.content, record_id=draft.record_id,
                      version=draft.version, status=draft.status, patient_id=draft.patient_id,
                      extra=extra)


def retry_pending(services: Any, actor: Actor, store: DraftStore,
                  on_saved: Callable[[str, ProcedureRecord], None] | None = None) -> RetryOutcome:
    """Try to save every pending draft of this user, oldest first.

    Saved drafts are removed from the store. The edit of a record sent for signature
    meanwhile is not applied: the draft stays, flagged REFUSED and no longer pending, and is
    reported in `outcome.ready` (issue 15, point 2). A conflict (someone saved the record meanwhile)
    or a refusal (signed since, invalid) keeps the draft and is reported for the person to
    decide. The database still being down stops the round; the rest wait for the next one.
    """
    outcome = RetryOutcome()
    drafts = pending_drafts(store, actor.username)
    for n, draft in enumerate(drafts):
        try:
            saved = _save_one(services, actor, draft)
        except DatabaseUnavailableError:
            outcome.still_down = True
            outcome.left = len(drafts) - n
            break
        except VersionConflictError as e:
            outcome.conflicts.append((draft, e))
            continue
        except RecordReadyError as e:
            outcome.ready.append((_flag_refused(store, draft), e))
            continue
        except ValidationError as e:
            outcome.failed.append((draft, e))
            continue
        except ClinicDeskError as e:  # signed meanwhile, record gone, role changed
            outcome.failed.append((draft, e))
            continue
        store.discard(draft.key)
        outcome.saved.append((draft.key, saved))
        if on_saved is not None:
            on_saved(draft.key, saved)
    if outcome.saved or outcome.conflicts or outcome.failed or outcome.ready:
        log.info("retry: %d saved, %d conflicts, %d refused, %d ready meanwhile, still down: "
                 "%s", len(outcome.saved), len(outcome.conflicts), len(outcome.failed),
                 len(outcome.ready), outcome.still_down)
    return outcome


class RetryClock:
    """When to try again: backs off 2, 4, 8, 15, then every 30 seconds; `reset` after a save.

    Plain arithmetic on a monotonic clock, so the UI's QTimer and the tests share it."""

    def __init__(self, now: Callable[[], float] = time.monotonic) -> None:
        self._now = now
        self.attempt = 0
        self.next_at: float | None = None

    def failed(self) -> float:
        """An attempt failed: returns the seconds until the next one."""
        delay = next_delay(self.attempt)
        self.attempt += 1
        self.next_at = self._now() + delay
        return delay

    def due(self) -> bool:
        return self.next_at is not None and self._now() >= self.next_at

    def reset(self) -> None:
        self.attempt = 0
        self.next_at = None
