"""Child process of the lockout race: one workstation's `clinic-desk` run, started together.

    python -m tests.proof.signin_child GO_FILE -- ARGV...

Imports everything the command needs first, creates GO_FILE.<pid> to say so, waits until
GO_FILE exists, then runs
`clinic_desk.cli.main(ARGV)` (the exact command, password on standard input) and exits with
its status. Waiting after the imports lines ten children up within a millisecond or two, as
ten workstations clicking at once would be; started plainly, each spends a second importing
and they would rarely overlap on a two-core machine.
"""

from __future__ import annotations

import os
import sys
import time

import clinic_desk.cli as cli
import clinic_desk.services
import clinic_desk.storage.engine  # noqa: F401


def main() -> int:
    go, argv = sys.argv[1], sys.argv[sys.argv.index("--") + 1:]
    open(f"{go}.{os.getpid()}", "w").close()
    deadline = time.monotonic() + 120
    while not os.path.exists(go):
        if time.monotonic() > deadline:
            return 3
        time.sleep(0.001)
    return cli.main(argv)


if __name__ == "__main__":
    sys.exit(main())
