"""Concurrency: two processes (two workstations) each make 500 conflicting read-modify-save
edits to the same three records. No update is lost - each record's counter equals the sum of
the edits accepted for it - and every rejected edit was a VersionConflictError. Runs on the
real PostgreSQL server the suite starts, and on SQLite."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections import Counter
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from clinic_desk.domain.audit import AuditAction
from clinic_desk.services import Services
from clinic_desk.storage.engine import Database
from clinic_desk.storage.unit_of_work import UnitOfWork
from tests.conftest import make_staff
from tests.signoff.helpers import complete_draft

from . import figures

ROOT = Path(__file__).resolve().parents[2]
EDITS = 500
WAIT = 300.0


def _child(url: str, username: str, ids: list[int], seed: int) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "tests.proof.edit_child", url, username,
         ",".join(map(str, ids)), str(EDITS), str(seed)],
        cwd=ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        text=True, env=dict(os.environ, PYTHONPATH=str(ROOT)))


@pytest.mark.parametrize("backend", ["postgresql", "sqlite"])
def test_no_update_is_lost_and_every_rejection_is_a_conflict(
        backend: str, request: pytest.FixtureRequest) -> None:
    url = request.getfixturevalue("pg_url" if backend == "postgresql" else "sqlite_url")
    db = Database(url)
    services = Services(db)
    try:
        staff = make_staff(services)
        ids = []
        for _ in range(3):
            record = complete_draft(services, staff)
            ids.append(services.records.save(staff.nurse, replace(record, notes="0")).id)
        with UnitOfWork(db, write=False) as uow:
            changes_before = len(uow.audit.query(action=AuditAction.RECORD_CHANGE,
                                                 limit=1_000_000))

        children = [_child(url, "nkim", ids, 1), _child(url, "drlee", ids, 2)]
        for child in children:
            assert child.stdout is not None and child.stdout.readline().strip() == "READY"
        for child in children:
            assert child.stdin is not None
            child.stdin.write("GO\n")
            child.stdin.flush()
        results: list[dict[str, Any]] = []
        for child in children:
            out, err = child.communicate(timeout=WAIT)
            assert child.returncode == 0, err
            results.append(json.loads(out.strip().splitlines()[-1]))

        accepted: Counter[int] = Counter()
        for r in results:
            accepted.update({int(k): v for k, v in r["accepted"].items()})
        conflicts = sum(r["conflicts"] for r in results)
        others = Counter()
        for r in results:
            others.update(r["other"])
        assert not others, f"edits failed with something else than a conflict: {others}"
        assert sum(accepted.values()) + conflicts == 2 * EDITS
        assert conflicts > 0  # the edits really did collide

        with UnitOfWork(db, write=False) as uow:
            final = {rid: int(uow.records.get(rid).notes) for rid in ids}
            versions = {rid: uow.records.get(rid).version for rid in ids}
            changes = uow.audit.query(action=AuditAction.RECORD_CHANGE, limit=1_000_000)
            chain = uow.audit.verify()
        lost = sum(abs(final[rid] - accepted[rid]) for rid in ids)
        assert final == {rid: accepted[rid] for rid in ids}, "an accepted update was lost"
        assert len(changes) - changes_before == sum(accepted.values())  # one entry per save
        assert chain.intact, chain.message
        assert all(versions[rid] > accepted[rid] for rid in ids)
    finally:
        db.dispose()
    figures.add("concurrency_edits_tried", 2 * EDITS)
    figures.add("concurrency_accepted", sum(accepted.values()))
    figures.add("concurrency_conflicts", conflicts)
    figures.add("concurrency_updates_lost", lost)
    figures.add(f"concurrency_{backend}_conflicts", conflicts)
