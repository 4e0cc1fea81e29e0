"""Kill test: a child process saves records one by one, printing each acknowledged save; it is
SIGKILLed at random moments, several times, and restarted where it stopped. Afterwards every
acknowledged record is present with exactly the acknowledged content, the database passes
`PRAGMA integrity_check` (SQLite), and the audit chain verifies.

The random seed is printed; CLINIC_DESK_KILL_SEED=<seed> replays a run.
"""

from __future__ import annotations

import os
import queue
import random
import sqlite3
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from clinic_desk.domain.record import Patient
from clinic_desk.services import Services
from clinic_desk.storage import report_summary
from clinic_desk.storage.engine import Database
from clinic_desk.storage.models import RecordRow
from clinic_desk.storage.unit_of_work import UnitOfWork
from tests.conftest import make_staff
from tests.factories import NAMES

from . import figures
from .save_child import content_digest, final_for, record_for

ROOT = Path(__file__).resolve().parents[2]
WAIT = 120.0  # seconds to wait for a child's line before calling it stuck


@dataclass(frozen=True)
class Ack:
    n: int
    record_id: int
    digest: str
    status: str


class Child:
    """One run of save_child, its stdout read on a thread into a queue."""

    def __init__(self, url: str, first: int, last: int) -> None:
        env = dict(os.environ, PYTHONPATH=str(ROOT))
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "tests.proof.save_child", url, str(first), str(last)],
            cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
        self.lines: queue.Queue[str | None] = queue.Queue()
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            self.lines.put(line.rstrip("\n"))
        self.lines.put(None)

    def next_line(self, timeout: float = WAIT) -> str | None:
        return self.lines.get(timeout=timeout)

    def kill(self) -> None:
        self.proc.kill()  # SIGKILL: no clean-up, no rollback handler, no flush
        self.proc.wait()

    def rest(self) -> list[str]:
        """Every line the child wrote before it died (acks already in the pipe count)."""
        self._reader.join(WAIT)
        out = []
        while True:
            line = self.lines.get_nowait() if not self.lines.empty() else None
            if line is None:
                return out
            out.append(line)


def _parse(line: str, acks: dict[int, Ack]) -> None:
    if line.startswith("ACK "):
        _, n, rid, digest, status = line.split()
        acks[int(n)] = Ack(int(n), int(rid), digest, status)


def _prepare(url: str) -> None:
    services = Services(Database(url))
    try:
        make_staff(services)
        nurse = services.auth.authenticate("nkim", "correct horse battery")
        for p, (given, family) in enumerate(NAMES[:10]):
            services.patients.save(nurse, Patient(f"K{p:04d}", family, given,
                                                  date(1950 + p, 1 + p, 1 + p),
                                                  weight_kg=60.0 + p))
    finally:
        services.db.dispose()


def _run_with_kills(url: str, total: int, kills: int, rng: random.Random) -> dict[int, Ack]:
    acks: dict[int, Ack] = {}
    done_kills = 0
    while True:
        first = max(acks) + 1 if acks else 0
        child = Child(url, first, total)
        assert child.next_line() == "READY", child.proc.stderr.read() if child.proc.stderr \
            else ""
        if done_kills < kills:
            deadline = time.monotonic() + rng.uniform(0.05, 1.5)
            while (left := deadline - time.monotonic()) > 0:
                try:
                    line = child.next_line(left)
                except queue.Empty:
                    break
                if line is None or line == "DONE":
                    break
                _parse(line, acks)
            child.kill()
            done_kills += 1
            for line in child.rest():
                _parse(line, acks)
            continue
        while (line := child.next_line()) not in (None, "DONE"):
            assert line is not None
            _parse(line, acks)
        child.proc.wait(WAIT)
        err = child.proc.stderr.read() if child.proc.stderr else ""
        assert line == "DONE" and child.proc.returncode == 0, err
        return acks


@pytest.mark.parametrize(("backend", "total", "kills"),
                         [("sqlite", 1000, 5), ("postgresql", 300, 3)])
def test_acknowledged_saves_survive_sigkill(backend: str, total: int, kills: int,
                                            request: pytest.FixtureRequest,
                                            capsys: Any) -> None:
    url = request.getfixturevalue("sqlite_url" if backend == "sqlite" else "pg_url")
    seed = int(os.environ.get("CLINIC_DESK_KILL_SEED") or random.SystemRandom().randrange(10**9))
    with capsys.disabled():
        print(f"\n[kill test {backend}] seed {seed}")
    rng = random.Random(seed)
    _prepare(url)

    acks = _run_with_kills(url, total, kills, rng)

    assert sorted(acks) == list(range(total))  # the last run finished the rest
    db = Database(url)
    try:
        lost = 0
        with UnitOfWork(db, write=False) as uow:
            nurse = uow.users.by_username("nkim")
            doctor = uow.users.by_username("drlee")
            assert nurse is not None and doctor is not None
            patients = {p: uow.patients.by_mrn(f"K{p:04d}") for p in range(10)}
            for n, ack in sorted(acks.items()):
                record = uow.records.get(ack.record_id)
                patient = patients[n % 10]
                assert patient is not None
                rebuilt = final_for(n, record_for(n, patient, record.physician,  # type: ignore[arg-type]
                                                  record.nurse))  # type: ignore[arg-type]
                intact = (content_digest(record) == ack.digest == content_digest(rebuilt)
                          and record.status.value == ack.status)
                lost += not intact
            stored = int(uow.session.scalar(select(func.count(RecordRow.id))) or 0)
            chain = uow.audit.verify()
            # The report summary is written in the same transaction as each save: killed
            # saves leave it exactly in step with the rows (migration 0011).
            summary = report_summary.differences(uow.connection, sample=stored + 10)
        assert lost == 0, f"{lost} acknowledged records missing or changed (seed {seed})"
        assert chain.intact, chain.message
        assert summary == [], summary
        if backend == "sqlite":
            conn = sqlite3.connect(db.url.database or "")
            try:
                assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
                assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
            finally:
                conn.close()
    finally:
        db.dispose()
    figures.add("kill_saves_acknowledged", len(acks))
    figures.add("kill_kills", kills)
    figures.add("kill_records_checked", len(acks))
    figures.add("kill_unacknowledged_extra", stored - len(acks))
    figures.add("kill_records_lost", lost)
