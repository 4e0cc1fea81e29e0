"""Reading a record JSON file for import: at most MAX_FILE_BYTES, never read whole first.

Used by `clinic-desk record import` and the app's Import records action, so both refuse the
same files (docs/record-format.md, "Import rules").
"""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import IO, Any

from ..domain.errors import ValidationError
from ..domain.record_format import MAX_FILE_BYTES, decode_json, file_too_large_message


def read_capped(stream: IO[bytes]) -> bytes:
    """Up to MAX_FILE_BYTES from `stream`; a longer stream is refused after reading one byte
    more than the cap, so a 200 MB file (or /dev/zero) costs no more than 1 MiB of memory."""
    try:
        st: os.stat_result | None = os.fstat(stream.fileno())
    except (OSError, ValueError, AttributeError):  # a stream without a file descriptor
        st = None
    if st is not None and stat.S_ISREG(st.st_mode) and st.st_size > MAX_FILE_BYTES:
        raise ValidationError(file_too_large_message())
    data = stream.read(MAX_FILE_BYTES + 1)
    if len(data) > MAX_FILE_BYTES:
        raise ValidationError(file_too_large_message())
    return data


def read_import_file(path: str | Path) -> Any:
    """The decoded JSON of an import file (duplicate fields and oversized files refused)."""
    try:
        with open(path, "rb") as f:
            if not stat.S_ISREG(os.fstat(f.fileno()).st_mode):
                raise ValidationError(f"{Path(path).name} is not a regular file; give a record "
                                      "JSON file.")
            data = read_capped(f)
    except IsADirectoryError:
        raise ValidationError(f"{Path(path).name} is a folder; give a record JSON file.") from None
    except OSError as e:
        raise ValidationError(f"Cannot read {Path(path).name}: {e.strerror}.") from None
    return decode_json(data)


def read_import_stream(stream: IO[bytes]) -> Any:
    return decode_json(read_capped(stream))
