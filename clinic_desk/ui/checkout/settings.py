"""Per-workstation state of the checkout screen (QSettings, through ui/settings.py's Setting):
the printer chosen at this desk and the layout. Clinic-wide printing settings (the folder for
PDFs when no printer is installed) live in the database (services.printing)."""

from __future__ import annotations

from PySide6.QtCore import QByteArray

from ..settings import Setting

CHECKOUT_PRINTER = Setting("checkout/printer", str, "",
                           "The printer this workstation prints handouts on (empty: the "
                           "system's default printer).")
CHECKOUT_SPLITTER = Setting("checkout/splitter", QByteArray, QByteArray(),
                            "Width of the checkout queue beside the handout preview.")
CHECKOUT_HEADER = Setting("checkout/header", QByteArray, QByteArray(),
                          "Column widths of the checkout queue.")
LIVE_REFRESH_SECONDS = Setting("live/poll_seconds", int, 1,
                               "How often an SQLite database is checked for other "
                               "workstations' changes (PostgreSQL tells at once).")

ALL = (CHECKOUT_PRINTER, CHECKOUT_SPLITTER, CHECKOUT_HEADER, LIVE_REFRESH_SECONDS)
