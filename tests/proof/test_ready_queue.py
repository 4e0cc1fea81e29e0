"""Issue 15, point 2: a record ready for signature leaves the physicians' queue only by
reopen() (with a reason, audited, shown in the queue) or by being signed. Two workstations
(two Database objects on the same SQLite file or PostgreSQL database, then a second process):
one sends the record for signature, the other forces its stale edit through every path it
has (save, "keep mine" twice, the offline retry). Every attempt is refused; the stored rows,
the audit trail and the queue are exactly as the first workstation left them. A race round
then shows the same under concurrency: after a `record_ready` entry, the record's next
change is always a `record_reopen` or a signature, never a silent save.

Trust boundary: the workstation user of the application (any client of the services, an
old client, a kept offline edit). The database owner is out of scope (the audit chain and
guards cover that)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from clinic_desk.domain.errors import RecordReadyError, VersionConflictError
from clinic_desk.domain.record import RecordStatus
from clinic_desk.services import Services
from clinic_desk.services.drafts import DraftStore
from clinic_desk.services.retry import keep_for_retry, retry_pending
from clinic_desk.storage.engine import Database
from clinic_desk.storage.unit_of_work import UnitOfWork
from tests.conftest import make_staff
from tests.signoff.helpers import complete_draft, snapshot

from . import figures

ROOT = Path(__file__).resolve().parents[2]
ROUNDS = 12


def _owner_url(services: Services) -> str:
    return str(services.db.url.render_as_string(hide_password=False))


def _state(services: Services, record_id: int) -> tuple[Any, list[str], bool]:
    with UnitOfWork(services.db, write=False) as uow:
        actions = [e.action.value for e in reversed(uow.audit.query(record_id=record_id,
                                                                    limit=10_000))]
        intact = uow.audit.verify().intact
    return snapshot(_owner_url(services), record_id), actions, intact


@pytest.fixture(params=["sqlite", "postgresql"])
def url(request: pytest.FixtureRequest) -> str:
    return str(request.getfixturevalue("pg_url" if request.param == "postgresql"
                                       else "sqlite_url"))


def test_a_stale_edit_from_another_workstation_never_takes_it_out_of_the_queue(
        url: str, tmp_path: Path) -> None:
    first, second = Services(Database(url)), Services(Database(url))
    try:
        staff = make_staff(first)
        draft = complete_draft(first, staff)
        seen = second.records.get(staff.nurse, draft.id)  # workstation 2 opens the draft
        ready = first.records.mark_ready(staff.physician, replace(draft, notes="Checked"))
        before = _state(first, ready.id)

        mine = replace(seen, pain_after=4)
        with pytest.raises(VersionConflictError):
            second.records.save(staff.nurse, mine)
        assert second.conflicts.describe(staff.nurse, mine).theirs.status is RecordStatus.READY
        for expected in (ready.version, None):  # the dialog's version, and "whatever is there"
            with pytest.raises(RecordReadyError):
                second.conflicts.keep_mine(staff.nurse, mine, expected_version=expected)
            figures.add("ready_forced_saves_refused")
        store = DraftStore(tmp_path / "drafts")
        keep_for_retry(store, staff.nurse, mine)
        outcome = retry_pending(second, staff.nurse, store)
        assert len(outcome.ready) == 1 and not outcome.saved
        assert store.exists(outcome.ready[0][0].key)  # the edit is kept, nothing lost
        figures.add("ready_forced_saves_refused")

        # A second process (another workstation's client), same answers.
        child = subprocess.run(
            [sys.executable, "-m", "tests.proof.ready_child", url, str(ready.id),
             str(seen.version), str(tmp_path / "child-drafts")],
            cwd=ROOT, capture_output=True, text=True, timeout=120,
            env=dict(os.environ, PYTHONPATH=str(ROOT)))
        assert child.returncode == 0, child.stderr
        got = json.loads(child.stdout.strip().splitlines()[-1])
        assert got == {"save": "VersionConflictError", "keep_mine_shown": "RecordReadyError",
                       "keep_mine_stored": "RecordReadyError",
                       "retry": {"saved": 0, "ready": 1, "conflicts": 0, "failed": 0}}
        figures.add("ready_forced_saves_refused", 4)

        assert _state(first, ready.id) == before  # rows, audit trail, chain: untouched
        queue = {r.record_id: r for r in first.records.ready_queue(staff.physician)}
        assert queue[ready.id].status is RecordStatus.READY

        # The one way out: reopen with a reason, which the queue shows.
        second.conflicts.keep_mine(staff.nurse, mine, expected_version=ready.version,
                                   reopen_reason="Pain after re-measured")
        row = {r.record_id: r for r in first.records.ready_queue(staff.physician)}[ready.id]
        assert row.status is RecordStatus.DRAFT and row.status_note == "Pain after re-measured"
    finally:
        first.db.dispose()
        second.db.dispose()


def _race_round(first: Services, second: Services, staff: Any, draft: Any) -> dict[str, str]:
    """Send `draft` for signature (workstation 1) and force "keep mine" of a stale edit of it
    (workstation 2) at the same moment; what each got."""
    go = threading.Barrier(2)
    results: dict[str, str] = {}

    def send() -> None:
        go.wait()
        try:
            first.records.mark_ready(staff.physician, draft)
            results["send"] = "ok"
        except VersionConflictError:
            results["send"] = "conflict"

    def force() -> None:
        go.wait()
        try:
            second.conflicts.keep_mine(staff.nurse, replace(draft, pain_after=4))
            results["force"] = "ok"
        except (RecordReadyError, VersionConflictError) as e:
            results["force"] = type(e).__name__

    threads = [threading.Thread(target=send), threading.Thread(target=force)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    return results


def test_racing_forced_saves_against_sending_for_signature(url: str) -> None:
    """Workstation 1 sends each record for signature while workstation 2, holding the draft
    as it was, forces "keep mine" at the same moment. Either may win the race; a ready record
    is never saved over: after `record_ready` the next entry is never a `record_change`."""
    first, second = Services(Database(url)), Services(Database(url))
    try:
        staff = make_staff(first)
        ids = []
        for _ in range(ROUNDS):
            draft = complete_draft(first, staff)
            results = _race_round(first, second, staff, draft)
            assert set(results) == {"send", "force"}, results
            figures.add("ready_race_sent_first" if results["send"] == "ok"
                        else "ready_race_forced_first")
            ids.append(draft.id)
            figures.add("ready_race_rounds")
        for record_id in ids:
            _, actions, intact = _state(first, record_id)
            assert intact
            for n, action in enumerate(actions):
                if action == "record_ready":
                    after = [a for a in actions[n + 1:] if a in {"record_change",
                                                                  "record_reopen",
                                                                  "record_sign"}]
                    assert not after or after[0] != "record_change", actions
            with UnitOfWork(first.db, write=False) as uow:
                now = uow.records.get(record_id)
            if "record_ready" in actions:
                assert now.status is RecordStatus.READY  # nothing took it back silently
    finally:
        first.db.dispose()
        second.db.dispose()
