"""Child process of the concurrency test: read-modify-save increments of a counter kept in
the notes of a few records, each save carrying the version it read.

    python -m tests.proof.edit_child URL USERNAME IDS EDITS SEED

Waits for "GO" on standard input (so both children start together), then prints one JSON
line: {"accepted": {id: n}, "conflicts": n, "other": {error type: n}}.
"""

from __future__ import annotations

import json
import random
import sys
import time
from collections import Counter
from dataclasses import replace


def main(url: str, username: str, ids: list[int], edits: int, seed: int) -> None:
    from clinic_desk.domain.errors import VersionConflictError
    from clinic_desk.services import Services
    from clinic_desk.services.auth import AuthService
    from clinic_desk.storage.engine import Database

    services = Services(Database(url))
    with services.auth.uow(write=False) as uow:
        row = uow.users.by_username(username)
        assert row is not None
        actor = AuthService.actor_from(row, f"WS-{username}")
    rng = random.Random(seed)
    accepted: Counter[int] = Counter()
    other: Counter[str] = Counter()
    conflicts = 0
    print("READY", flush=True)
    if sys.stdin.readline().strip() != "GO":
        return
    for _ in range(edits):
        rid = rng.choice(ids)
        try:
            record = services.records.get(actor, rid)
            # A person reads, then types: a moment between the read and the save, so the two
            # workstations' edits overlap however the scheduler runs them (without it, saves
            # serialised by the row lock collided a few times in a thousand, or never).
            time.sleep(rng.random() * 0.003)
            bumped = replace(record, notes=str(int(record.notes or "0") + 1))
            services.records.save(actor, bumped)
        except VersionConflictError:
            conflicts += 1
        except Exception as e:  # noqa: BLE001 - reported to the parent, which fails the test
            other[type(e).__name__] += 1
        else:
            accepted[rid] += 1
    print(json.dumps({"accepted": accepted, "conflicts": conflicts, "other": other}),
          flush=True)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], [int(i) for i in sys.argv[3].split(",")], int(sys.argv[4]),
         int(sys.argv[5]))
