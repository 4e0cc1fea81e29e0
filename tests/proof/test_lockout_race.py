"""Issue 11, points 7 and 12: parallel wrong passwords each count once, on both databases, and
a locked account answers exactly like a wrong password.

The attack: ten workstations at once run
    echo wrong | clinic-desk --database URL record sign ID --user drlee \\
        --meaning "Reviewed and approved" --password-stdin
On PostgreSQL the ten counted once (each read the same count and wrote count + 1), and in one
process 36 parallel checks counted 5 while 31 were neither counted nor audited.
"""

from __future__ import annotations

import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any, Literal

import pytest
from argon2 import PasswordHasher

from clinic_desk.domain.clinic import SecuritySettings
from clinic_desk.domain.errors import AuthenticationError
from clinic_desk.services import Services
from clinic_desk.services.auth import HASHER, SIGN_IN_REFUSED, AuthService
from clinic_desk.storage.unit_of_work import UnitOfWork
from tests.signoff.helpers import audit_entries, ready_record

from . import figures

ROOT = Path(__file__).resolve().parents[2]
MEANING = "Reviewed and approved"
# signin_child runs the command after a start signal (see its docstring).


def _failures(services: Services, username: str) -> list[Any]:
    return [e for e in audit_entries(services, username=username)
            if e.action.value == "sign_in_failed"]


def _failed_attempts(services: Services, username: str) -> int:
    with UnitOfWork(services.db, write=False) as uow:
        row = uow.users.by_username(username)
        assert row is not None
        return row.failed_attempts


def _chain_intact(services: Services) -> bool:
    with UnitOfWork(services.db, write=False) as uow:
        return uow.audit.verify().intact


def test_ten_parallel_wrong_password_processes_count_ten(services: Services, staff: Any,
                                                         tmp_path: Path) -> None:
    services.settings.save_security(staff.admin, SecuritySettings(max_failed_sign_ins=20))
    ready = ready_record(services, staff)
    with UnitOfWork(services.db) as uow:  # the production argon2id profile: a real window
        row = uow.users.by_username("drlee")
        assert row is not None
        row.password_hash = HASHER.hash(staff.password)
        uow.commit()
    url = services.db.url.render_as_string(hide_password=False)
    go = tmp_path / "go"
    argv = ["--database", url, "record", "sign", str(ready.id), "--user", "drlee",
            "--meaning", MEANING, "--password-stdin"]
    procs = [subprocess.Popen(
        [sys.executable, "-m", "tests.proof.signin_child", str(go), "--", *argv],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        cwd=ROOT) for _ in range(10)]
    for n, p in enumerate(procs):
        assert p.stdin is not None
        p.stdin.write(f"wrong guess {n}\n")
        p.stdin.close()
    _wait_until_imported(procs, go)
    go.touch()
    results = [(p.wait(timeout=300), p.stderr.read() if p.stderr else "") for p in procs]
    assert [code for code, _ in results] == [2] * 10, results
    assert all(SIGN_IN_REFUSED in err for _, err in results)
    failures = _failures(services, "drlee")
    figures.add("lockout_parallel_attempts", 10)
    figures.add("lockout_parallel_counted", _failed_attempts(services, "drlee"))
    assert _failed_attempts(services, "drlee") == 10
    assert sorted(e.detail["attempt"] for e in failures) == list(range(1, 11))
    assert _chain_intact(services)


def _wait_until_imported(procs: list[subprocess.Popen[str]], go: Path) -> None:
    """Each child says it is ready (GO_FILE.<pid>) once it has imported everything."""
    deadline = time.monotonic() + 240
    while not all(Path(f"{go}.{p.pid}").exists() for p in procs):
        assert time.monotonic() < deadline, "the children did not start"
        assert all(p.poll() is None for p in procs), "a child ended before the start"
        time.sleep(0.05)


def test_thirty_six_parallel_checks_are_each_counted_or_refused_as_locked(
        services: Services, staff: Any) -> None:
    """In one process (the app's worker threads): 36 wrong passwords at once with the default
    five-failure lockout. Five count, the fifth locks, the other 31 meet the lock; every one
    is audited, and all 36 get the same answer."""
    answers: list[str] = []
    start = threading.Barrier(36)

    def attempt(n: int) -> None:
        start.wait()
        try:
            services.auth.authenticate("nkim", f"guess {n}")
        except AuthenticationError as e:
            answers.append(str(e))

    threads = [threading.Thread(target=attempt, args=(n,)) for n in range(36)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    failures = _failures(services, "nkim")
    counted = sorted(e.detail["attempt"] for e in failures if "attempt" in e.detail)
    locked = [e for e in failures if e.detail == {"reason": "account locked"}]
    locks = [e for e in audit_entries(services, username="nkim")
             if e.action.value == "account_locked"]
    figures.add("lockout_threads_attempts", 36)
    figures.add("lockout_threads_audited", len(failures))
    assert answers == [SIGN_IN_REFUSED] * 36
    assert counted == [1, 2, 3, 4, 5] and len(locked) == 31 and len(locks) == 1
    assert _chain_intact(services)


class _CountingHasher(PasswordHasher):
    checks = 0

    def verify(self, hash: str | bytes, password: str | bytes) -> Literal[True]:
        type(self).checks += 1
        return super().verify(hash, password)


@pytest.mark.parametrize("who", ["nkim", "nobody"])
def test_locked_unknown_and_wrong_answers_are_one_text(services: Services, staff: Any,
                                                       who: str,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    """Point 12: "This account is locked" used to answer in 1 ms and name the account. The
    same text now, and every path runs one password check (timed in
    benchmarks/bench_signin.py)."""
    monkeypatch.setattr(AuthService, "hasher", _CountingHasher(
        time_cost=1, memory_cost=1024, parallelism=1))
    for n in range(5):
        with pytest.raises(AuthenticationError) as wrong:
            services.auth.authenticate(who, f"guess {n}")
        assert str(wrong.value) == SIGN_IN_REFUSED
    before = _CountingHasher.checks
    with pytest.raises(AuthenticationError) as err:
        services.auth.authenticate(who, staff.password)
    assert str(err.value) == SIGN_IN_REFUSED
    assert _CountingHasher.checks == before + 1  # the locked answer costs a check too
    reason = "account locked" if who == "nkim" else "unknown or inactive account"
    assert audit_entries(services)[-1].detail == {"reason": reason}
