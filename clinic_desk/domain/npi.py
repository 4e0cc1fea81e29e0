"""National Provider Identifier: 10 digits, first 1 or 2, Luhn check digit computed as if
prefixed by 80840 (REFERENCE.md 6.8)."""

from __future__ import annotations

import re

from .errors import ValidationError

_NPI = re.compile(r"^[12]\d{9}$")


def npi_check_digit(first_nine: str) -> int:
    """The Luhn check digit of the nine digits with the prefix 80840 (REFERENCE.md 6.8)."""
    digits = [int(c) for c in "80840" + first_nine]
    total = 0
    for n, d in enumerate(reversed(digits)):
        if n % 2 == 0:  # every second digit from the right, starting with the rightmost
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return (10 - total % 10) % 10


def parse_npi(text: object) -> str:
    """A valid NPI, or ValidationError saying what is wrong with it."""
    if not isinstance(text, str):
        raise ValidationError("Enter the NPI as 10 digits.")
    npi = text.strip().replace(" ", "")
    if not _NPI.match(npi):
        raise ValidationError("An NPI has 10 digits and starts with 1 or 2.")
    if npi_check_digit(npi[:9]) != int(npi[9]):
        raise ValidationError("This NPI's check digit is wrong; check for a typing error.")
    return npi
