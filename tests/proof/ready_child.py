"""Child process of tests/proof/test_ready_queue.py: a second workstation that still holds
record ID at VERSION (read before another workstation sent it for signature) and tries every
way to push its edit through: the plain save, "keep mine" on the version the conflict
dialog showed as theirs, "keep mine" on whatever is stored now, and the offline retry of a
kept edit. Prints one JSON line naming the error each attempt got.

    python -m tests.proof.ready_child URL ID VERSION DRAFTS_FOLDER
"""

from __future__ import annotations

import json
import sys
from dataclasses import replace
from typing import Any

from clinic_desk.domain.errors import ClinicDeskError
from clinic_desk.services import Services
from clinic_desk.services.auth import AuthService
from clinic_desk.services.drafts import DraftStore
from clinic_desk.services.retry import keep_for_retry, retry_pending
from clinic_desk.storage.engine import Database


def _attempt(call: Any) -> str:
    try:
        call()
    except ClinicDeskError as e:
        return type(e).__name__
    return "saved"


def main(url: str, record_id: int, version: int, folder: str) -> None:
    db = Database(url)
    services = Services(db)
    try:
        with services.auth.uow(write=False) as uow:
            nurse = AuthService.actor_from(uow.users.by_username("nkim"), "READY-PROOF")
            current = uow.records.get(record_id)
        mine = replace(current, version=version, pain_after=4, notes="Second workstation")
        store = DraftStore(folder)
        keep_for_retry(store, nurse, mine)
        outcome = retry_pending(services, nurse, store)
        print(json.dumps({
            "save": _attempt(lambda: services.records.save(nurse, mine)),
            "keep_mine_shown": _attempt(lambda: services.conflicts.keep_mine(
                nurse, mine, expected_version=current.version)),
            "keep_mine_stored": _attempt(lambda: services.conflicts.keep_mine(nurse, mine)),
            "retry": {"saved": len(outcome.saved), "ready": len(outcome.ready),
                      "conflicts": len(outcome.conflicts), "failed": len(outcome.failed)},
        }), flush=True)
    finally:
        db.dispose()


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4])
