"""Name parts for patient search (issue 15, point 11): where each later part starts."""

from __future__ import annotations

import pytest

from clinic_desk.domain.record import name_tokens, search_key


@pytest.mark.parametrize(("family", "given", "tokens"), [
    ("Łukasiewicz-李", "Wiesława", ("李",)),
    ("O'Brien-Nguyễn", "Zoë", ("brien-nguyen", "nguyen")),
    ("García Pérez", "José  Luis", ("perez", "luis")),
    ("Okafor", "Ana María Luisa", ("maria luisa", "luisa")),
    ("D’Angelo", "Bruno", ("angelo",)),
    ("Smith", "John", ()),
    ("Ruiz -- Díaz", "", ("diaz",)),
])
def test_later_parts_start_after_space_hyphen_or_apostrophe(family: str, given: str,
                                                             tokens: tuple[str, ...]) -> None:
    assert name_tokens(family, given) == tokens


@pytest.mark.parametrize(("typed", "key"), [("O'Brien", "obrien"), ("O’BRIEN", "obrien"),
                                             ("Zoë", "zoe"), ("Łukasz", "lukasz")])
def test_search_key_ignores_case_accents_and_apostrophes(typed: str, key: str) -> None:
    assert search_key(typed) == key
