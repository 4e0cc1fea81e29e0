"""Record JSON text for import: duplicate fields and oversized files are refused (issue 11)."""

from __future__ import annotations

import io
import json

import pytest

from clinic_desk.domain.errors import ValidationError
from clinic_desk.domain.record_format import MAX_FILE_BYTES, decode_json
from clinic_desk.services.record_files import read_capped


def _fields(text: str) -> list[str]:
    with pytest.raises(ValidationError) as err:
        decode_json(text)
    return [i.field for i in err.value.issues]


def test_plain_json_decodes_as_json_loads_does() -> None:
    text = '[{"a": 1, "b": {"c": [1, {"d": null}]}}, {"a": "ü"}]'
    assert decode_json(text) == json.loads(text)
    assert decode_json(text.encode()) == json.loads(text)


@pytest.mark.parametrize("text,fields", [
    ('{"a": 1, "a": 2}', ["a"]),
    ('{"p": {"mrn": "A", "x": 1, "mrn": "B"}}', ["p.mrn"]),
    ('[{"a": 1}, {"j": [{"l": 1}, {"l": 2, "l": 3}]}]', ["[1].j[1].l"]),
    ('{"a": 1, "a": 2, "b": {"c": 0, "c": 0}}', ["a", "b.c"]),
])
def test_duplicate_fields_are_named_by_path(text: str, fields: list[str]) -> None:
    assert _fields(text) == fields


def test_a_duplicate_inside_a_replaced_value_is_still_refused() -> None:
    # The first "a" (with its own duplicate) is dropped by the second: refused all the same.
    assert _fields('{"a": {"x": 1, "x": 2}, "a": 3}') == ["a"]


def test_text_over_the_cap_is_refused_before_parsing() -> None:
    with pytest.raises(ValidationError, match="larger than 1024 KiB"):
        decode_json(b" " * (MAX_FILE_BYTES + 1))
    assert decode_json(b" " * (MAX_FILE_BYTES - 2) + b"{}") == {}


class _Endless(io.RawIOBase):
    """A stream that never ends and counts what was taken from it."""

    def __init__(self) -> None:
        self.taken = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray) -> int:  # type: ignore[override]
        n = len(buffer)
        buffer[:n] = b" " * n
        self.taken += n
        return n


def test_an_endless_stream_is_read_one_byte_past_the_cap_and_no_further() -> None:
    stream = _Endless()
    with pytest.raises(ValidationError, match="larger than"):
        read_capped(stream)  # type: ignore[arg-type]
    assert stream.taken == MAX_FILE_BYTES + 1
