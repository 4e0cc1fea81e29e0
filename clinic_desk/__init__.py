"""Clinic Desk: procedure records, sign-off and discharge handouts for spine and pain clinics."""

__version__ = "0.1.0"
