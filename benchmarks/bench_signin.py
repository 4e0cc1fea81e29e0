"""Sign-in answers take the same time whether the password is wrong, the account is locked or
the username does not exist (issue 11, point 12: "This account is locked" came back in 1 ms
and a wrong password in 23 ms, which told a stranger which usernames exist).

    python benchmarks/bench_signin.py [--runs 30] [--pg-database URL | --no-pg]

Runs `AuthService.authenticate` with the production argon2id profile (services/auth.py
HASHER) on a small database of its own (SQLite in a temporary folder; with --pg-database, a
scratch database on that server too), so the big data sets are never written to. Each wrong
attempt uses another account, so none of them reaches the lockout; the locked account was
locked by five wrong passwords first. The four kinds are timed in turn, round after round
(shuffled), so load from elsewhere on the machine falls on all of them alike; median of
--runs calls each.

Figures (per backend):
  signin.<db>.wrong_ms              a wrong password, refused
  signin.<db>.locked_ms             a locked account (right or wrong password), refused
  signin.<db>.unknown_ms            a username that does not exist, refused
  signin.<db>.right_ms              the right password (for reference; no target)
  signin.<db>.locked_vs_wrong_pct   |locked - wrong| / wrong, target <= 15 %
  signin.<db>.unknown_vs_wrong_pct  |unknown - wrong| / wrong, target <= 15 %
The tests check that every path runs one password check and gives one text
(tests/proof/test_lockout_race.py); this script shows what that means in time.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from common import Timing, emit, figure, machine_info, progress

WRONG_ACCOUNTS = 80
PASSWORD = "correct horse battery"


def _bench(url: str, runs: int) -> dict[str, Any]:
    from clinic_desk.domain.errors import AuthenticationError
    from clinic_desk.domain.record import Role
    from clinic_desk.services import Services
    from clinic_desk.services.auth import HASHER, SIGN_IN_REFUSED, AuthService
    from clinic_desk.storage import schema
    from clinic_desk.storage.engine import Database

    AuthService.hasher = HASHER  # the production profile, whatever a caller set
    db = Database(url)
    schema.upgrade(db)
    services = Services(db)
    admin = services.auth.create_user(None, "admin", "Avery Morgan", Role.ADMIN, PASSWORD)
    warmup = 3
    count = min(WRONG_ACCOUNTS, runs + warmup)
    for n in range(count):
        services.auth.create_user(admin, f"w{n:03d}", "Wendy Wong", Role.NURSE, PASSWORD)
    services.auth.create_user(admin, "locked", "Lou Locke", Role.NURSE, PASSWORD)
    texts: set[str] = set()

    def refused(username: str, password: str) -> None:
        try:
            services.auth.authenticate(username, password)
        except AuthenticationError as e:
            texts.add(str(e))
            return
        raise AssertionError(f"{username} was let in")

    for n in range(5):  # five wrong passwords lock the account
        refused("locked", f"guess {n}")
    progress("timing sign-in answers")
    calls: dict[str, Callable[[int], object]] = {
        "wrong": lambda i: refused(f"w{i % count:03d}", f"wrong {i}"),
        "locked": lambda i: refused("locked", PASSWORD if i % 2 else "wrong"),
        "unknown": lambda i: refused(f"nobody{i}", "wrong"),
        "right": lambda i: services.auth.authenticate("admin", PASSWORD),
    }
    timings = interleaved(calls, runs, warmup)
    db.dispose()
    return {**timings, "one_text": texts == {SIGN_IN_REFUSED}}


def interleaved(calls: dict[str, Callable[[int], object]], runs: int,
                warmup: int) -> dict[str, Timing]:
    """Time each kind of call in turn, round after round (a shuffled order each round), so a
    machine whose load changes during the run slows every kind alike; `measure` timing one
    kind after the other compared them under different loads."""
    rng = random.Random(11)
    times: dict[str, list[float]] = {k: [] for k in calls}
    for i in range(warmup + runs):
        order = list(calls)
        rng.shuffle(order)
        for kind in order:
            t = time.perf_counter()
            calls[kind](i)
            if i >= warmup:
                times[kind].append((time.perf_counter() - t) * 1000.0)
    out = {}
    for kind, ts in times.items():
        ts.sort()
        out[kind] = Timing(statistics.median(ts), ts[min(len(ts) - 1, round(0.9 * (len(ts) - 1)))],
                           ts[0], ts[-1], statistics.fmean(ts), runs, warmup)
    return out


def _pg_scratch(url: str) -> tuple[str, Any]:
    """A new empty database next to `url`'s, dropped by the returned function."""
    import secrets

    from sqlalchemy import create_engine
    from sqlalchemy.engine import make_url

    base = make_url(url)
    name = f"bench_signin_{secrets.token_hex(4)}"
    admin = create_engine(base.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.exec_driver_sql(f'CREATE DATABASE "{name}"')

    def drop() -> None:
        with admin.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.dispose()

    return base.set(database=name).render_as_string(hide_password=False), drop


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--pg-database", metavar="URL",
                        help="a PostgreSQL server to time on as well (a scratch database)")
    parser.add_argument("--no-pg", action="store_true", help="SQLite only")
    parser.add_argument("--database", metavar="URL",
                        help="ignored (run.py passes the big data set to every script that "
                             "names --database; sign-ins here use a database of their own)")
    args = parser.parse_args(argv)
    results: dict[str, dict[str, Any]] = {}
    with tempfile.TemporaryDirectory(prefix="clinic-desk-bench-signin-") as tmp:
        progress("SQLite")
        results["sqlite"] = _bench(f"sqlite:///{Path(tmp) / 'signin.sqlite3'}", args.runs)
    if args.pg_database and not args.no_pg:
        progress("PostgreSQL")
        url, drop = _pg_scratch(args.pg_database)
        try:
            results["postgresql"] = _bench(url, args.runs)
        finally:
            drop()
    figures = []
    for backend, r in results.items():
        w, lk, u = (r[k].median_ms for k in ("wrong", "locked", "unknown"))
        for key in ("wrong", "locked", "unknown", "right"):
            figures.append(figure(f"signin.{backend}.{key}_ms", r[key].median_ms, "ms",
                                  detail=r[key].as_json()))
        figures.append(figure(f"signin.{backend}.locked_vs_wrong_pct", abs(lk - w) / w * 100,
                              "%", 15, detail={"one_text": r["one_text"]}))
        figures.append(figure(f"signin.{backend}.unknown_vs_wrong_pct", abs(u - w) / w * 100,
                              "%", 15))
    emit({"benchmark": "signin", "machine": machine_info(), "figures": figures})
    return 0


if __name__ == "__main__":
    sys.exit(main())
