"""The personalised discharge handout: a procedure record and the clinic's details -> PDF.

    from clinic_desk.handout import render_handout, HandoutOptions
    pdf = render_handout(record, clinic, HandoutOptions(language=Language.SPANISH))

The words live in resources/handouts/<language>/ (docs/handout.md). This package imports only
the domain, reportlab and the standard library: never Qt and never the database.
"""

from __future__ import annotations

from .content import compose, default_filename, handout_version_of, qr_payload, verification_code
from .options import HandoutOptions
from .render import render_handout
from .resources import HandoutContentError, available_languages, load_language

__all__ = [
    "HandoutContentError",
    "HandoutOptions",
    "available_languages",
    "compose",
    "default_filename",
    "handout_version_of",
    "load_language",
    "qr_payload",
    "render_handout",
    "verification_code",
]
