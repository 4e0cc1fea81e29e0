"""How one handout is printed: language, large print, version number and time of printing."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, tzinfo

from ..domain.record import Language


@dataclass(frozen=True, slots=True)
class HandoutOptions:
    """`language` None = the patient's preferred language. A code such as "vi" also works
    once resources/handouts/vi/ exists. `generated_at` None = now (pass it for reproducible
    output: it becomes the PDF's creation date). `timezone` None = this computer's time zone,
    in which the signature's date and time are printed."""

    language: Language | str | None = None
    large_print: bool = False
    version: int = 1
    generated_at: datetime | None = None
    timezone: tzinfo | None = None
