"""NPI check digit (REFERENCE.md 6.8)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from clinic_desk.domain.errors import ValidationError
from clinic_desk.domain.npi import npi_check_digit, parse_npi


def test_reference_example_is_valid() -> None:
    assert parse_npi(" 1558598797 ") == "1558598797"


@pytest.mark.parametrize(("text", "why"), [
    ("1558598798", "check digit"), ("155859879", "10 digits"), ("3558598797", "starts with 1"),
    ("15585987a7", "10 digits"), ("", "10 digits"),
])
def test_invalid(text: str, why: str) -> None:
    with pytest.raises(ValidationError) as e:
        parse_npi(text)
    assert why in str(e.value)


@given(st.from_regex(r"[12][0-9]{8}", fullmatch=True))
def test_exactly_one_check_digit_fits(nine: str) -> None:
    valid = [d for d in range(10) if _valid(nine + str(d))]
    assert valid == [npi_check_digit(nine)]


def _valid(npi: str) -> bool:
    try:
        parse_npi(npi)
    except ValidationError:
        return False
    return True


def test_one_typed_digit_wrong_is_caught() -> None:
    good = "1558598797"
    for i in range(1, 10):  # the first digit stays 1 or 2
        for d in "0123456789":
            if d != good[i]:
                assert not _valid(good[:i] + d + good[i + 1:])
