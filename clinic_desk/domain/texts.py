"""Clinician text in the patient's languages (issue 12, point 2).

A text a clinician types that prints on a handout (today: when to restart the blood thinner)
is kept per language, because a Spanish handout must never print English instructions under a
Spanish heading, and Clinic Desk never translates a clinician's words. A plain string means
the patient's preferred language; that rule is the same in record JSON, in storage and here.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

# Languages a handout can be printed in (record.Language holds the same codes; kept as text
# here so this module needs nothing from record.py, which imports it).
LANGUAGE_NAMES: dict[str, str] = {"en": "English", "es": "Spanish"}


@dataclass(frozen=True, slots=True)
class LocalizedText:
    """One clinician text in one or more languages: ((code, text), ...) sorted by code, with
    no empty text. Falsy when it has no text in any language."""

    texts: tuple[tuple[str, str], ...] = ()

    @classmethod
    def of(cls, items: Mapping[str, str] | Iterable[tuple[str, str]]) -> LocalizedText:
        pairs = items.items() if isinstance(items, Mapping) else items
        clean = {str(code): text.strip() for code, text in pairs if text and text.strip()}
        return cls(tuple(sorted(clean.items())))

    @classmethod
    def single(cls, code: str, text: str) -> LocalizedText:
        return cls.of({code: text})

    def get(self, code: str) -> str:
        """The text in this language, or "" (never another language's text)."""
        for c, text in self.texts:
            if c == code:
                return text
        return ""

    @property
    def languages(self) -> tuple[str, ...]:
        return tuple(c for c, _ in self.texts)

    def with_text(self, code: str, text: str) -> LocalizedText:
        """This text with one language set (or removed, when `text` is empty)."""
        items = dict(self.texts)
        items[code] = text
        return LocalizedText.of(items)

    def as_dict(self) -> dict[str, str]:
        return dict(self.texts)

    def __bool__(self) -> bool:
        return bool(self.texts)


def localized(value: LocalizedText | str | None, default_language: str) -> LocalizedText:
    """A LocalizedText from either form; a plain string is in `default_language`."""
    if value is None:
        return LocalizedText()
    if isinstance(value, LocalizedText):
        return value
    return LocalizedText.single(default_language, value)


def language_name(code: str) -> str:
    return LANGUAGE_NAMES.get(code, code)
