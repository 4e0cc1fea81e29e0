"""Run Clinic Desk from a source checkout: `python main.py` is `clinic-desk`."""

import sys

from clinic_desk.cli import main

if __name__ == "__main__":
    sys.exit(main())
