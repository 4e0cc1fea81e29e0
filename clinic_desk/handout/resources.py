"""Reads the handout text files (resources/handouts/<lang>/) that clinic staff edit.

A language is a folder with `phrases.txt` (labels and sentence parts, `key: value`) and one
file per section. A section file starts with `key: value` header lines (title, when, layout,
style), then a blank line, then paragraphs and `* ` bullets. A `when:` line indented under a
paragraph or bullet limits it to the records with those facts. docs/handout.md has the details.
"""

from __future__ import annotations

import logging
import re
import string
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

from ..domain.errors import ClinicDeskError

log = logging.getLogger(__name__)

# A source checkout and an editable install both keep resources/ beside the package.
RESOURCES = Path(__file__).resolve().parents[2] / "resources"
HANDOUTS_DIR = RESOURCES / "handouts"
FONTS_DIR = RESOURCES / "fonts"

# Every fact a `when:` line may name; `kind=`, `region=`, `side=` and `block=` take a value.
FLAGS: frozenset[str] = frozenset({
    "always", "sedation", "steroid", "diabetic", "anticoagulant", "resume_instructions",
    "follow_up", "contrast", "signed", "draft", "large_print", "diagnostic", "several_levels",
    "clinic_phone", "after_hours_phone", "ton", "upper_cervical", "phrenic", "glucose_limit",
})
VALUED: Mapping[str, frozenset[str]] = {
    "kind": frozenset({"medial_branch_block", "intra_articular", "radiofrequency_ablation"}),
    "region": frozenset({"cervical", "thoracic", "lumbar"}),
    "side": frozenset({"left", "right", "bilateral"}),
    "block": frozenset({"1", "2"}),
}
# Every {placeholder} a section may use; the renderer fills them from the record and clinic.
PLACEHOLDERS: frozenset[str] = frozenset({
    "clinic_name", "clinic_phone", "after_hours_phone", "physician", "anticoagulant",
    "resume_instructions", "follow_up_date", "follow_up_time", "procedure_date",
    "procedure_time", "diary_start_time", "what_you_had", "ton_ear", "glucose_call_above",
})
LAYOUTS = frozenset({"text", "procedure", "diary", "medicines"})
STYLES = frozenset({"normal", "warning", "urgent", "quiet"})
_HEADER_KEYS = frozenset({"title", "when", "layout", "style", "place"})
PLACES = frozenset({"below", "beside"})


class HandoutContentError(ClinicDeskError):
    """A handout text file cannot be used; the message names the file and line."""


Condition = Callable[[frozenset[str]], bool]


def _always(_facts: frozenset[str]) -> bool:
    return True


@dataclass(frozen=True, slots=True)
class Item:
    """One paragraph or bullet of a section, with the facts that include it."""

    text: str
    bullet: bool
    when: Condition
    when_text: str = "always"


@dataclass(frozen=True, slots=True)
class Section:
    """One section file: a title, when it applies, how it is laid out, and its items."""

    key: str  # the file name without ".txt", e.g. "20-what-to-expect"
    title: str
    when: Condition
    layout: str
    style: str
    items: tuple[Item, ...]
    when_text: str = "always"
    place: str = "below"  # "beside": next to the section before it, when there is room


@dataclass(frozen=True, slots=True)
class LanguagePack:
    code: str
    phrases: Mapping[str, str]
    sections: tuple[Section, ...]

    def phrase(self, key: str, **values: object) -> str:
        try:
            template = self.phrases[key]
        except KeyError:
            raise HandoutContentError(
                f"resources/handouts/{self.code}/phrases.txt has no line for {key!r}."
            ) from None
        return template.format(**values) if values else template


def parse_condition(text: str, where: str) -> Condition:
    """Parse `kind=medial_branch_block`, `steroid and diabetic`, `not sedation`, `a or b`.

    `and` binds tighter than `or`. An unknown fact is an error here, at load time, so a typo
    cannot quietly drop a warning from every handout.
    """
    text = text.strip()
    if not text or text == "always":
        return _always
    alternatives: list[list[tuple[bool, str]]] = []
    for alt in re.split(r"\s+or\s+", text):
        terms: list[tuple[bool, str]] = []
        for term in re.split(r"\s+and\s+", alt.strip()):
            term = term.strip()
            negate = False
            if term.startswith("not "):
                negate, term = True, term[4:].strip()
            _check_fact(term, where)
            terms.append((negate, term))
        alternatives.append(terms)

    def condition(facts: frozenset[str]) -> bool:
        return any(all((t in facts) != neg for neg, t in terms) for terms in alternatives)

    return condition


def _check_fact(term: str, where: str) -> None:
    if "=" in term:
        name, _, value = term.partition("=")
        allowed = VALUED.get(name.strip())
        if allowed is None or value.strip() not in allowed:
            choices = ", ".join(f"{k}=" + "|".join(sorted(v)) for k, v in VALUED.items())
            raise HandoutContentError(f"{where}: unknown fact {term!r} (use {choices}).")
    elif term not in FLAGS:
        raise HandoutContentError(
            f"{where}: unknown fact {term!r} (use one of {', '.join(sorted(FLAGS))}, "
            "or kind=..., region=..., side=..., block=...)."
        )


def _check_placeholders(text: str, where: str) -> None:
    try:
        fields = list(string.Formatter().parse(text))
    except ValueError:
        raise HandoutContentError(f"{where}: a {{ or }} without its partner; write placeholders "
                                  "as {clinic_phone}.") from None
    for _literal, name, _spec, _conv in fields:
        if name is not None and name not in PLACEHOLDERS:
            raise HandoutContentError(
                f"{where}: unknown placeholder {{{name}}} (use one of "
                f"{', '.join('{' + p + '}' for p in sorted(PLACEHOLDERS))})."
            )


def parse_section(key: str, text: str, where: str) -> Section:
    lines = text.splitlines()
    header: dict[str, str] = {}
    n = 0
    while n < len(lines):
        raw = lines[n]
        n += 1
        if raw.startswith("#"):
            continue
        if not raw.strip():
            if header:
                break
            continue
        name, sep, value = raw.partition(":")
        if not sep or name.strip() not in _HEADER_KEYS:
            raise HandoutContentError(
                f"{where}:{n}: expected a header line such as 'title: ...' "
                f"({', '.join(sorted(_HEADER_KEYS))}), then a blank line, then the text."
            )
        header[name.strip()] = value.strip()
    if "title" not in header:
        raise HandoutContentError(f"{where}: the file needs a 'title:' line.")
    layout = header.get("layout", "text")
    style = header.get("style", "normal")
    if layout not in LAYOUTS:
        raise HandoutContentError(f"{where}: layout must be one of {sorted(LAYOUTS)}.")
    if style not in STYLES:
        raise HandoutContentError(f"{where}: style must be one of {sorted(STYLES)}.")
    place = header.get("place", "below")
    if place not in PLACES:
        raise HandoutContentError(f"{where}: place must be one of {sorted(PLACES)}.")
    _check_placeholders(header["title"], where)

    items: list[Item] = []
    current: list[str] = []
    bullet = False
    when_text = "always"

    def flush() -> None:
        nonlocal current, bullet, when_text
        if current:
            body = " ".join(current)
            _check_placeholders(body, where)
            items.append(Item(body, bullet, parse_condition(when_text, where), when_text))
        current, bullet, when_text = [], False, "always"

    for raw in lines[n:]:
        n += 1
        if raw.startswith("#"):
            continue
        stripped = raw.strip()
        if not stripped:
            flush()
        elif stripped.startswith("when:") and raw[:1].isspace():
            if not current:
                raise HandoutContentError(f"{where}:{n}: 'when:' must follow a paragraph or "
                                          "bullet, indented under it.")
            when_text = stripped[5:].strip()
            parse_condition(when_text, f"{where}:{n}")
        elif stripped.startswith("* "):
            flush()
            bullet = True
            current = [stripped[2:].strip()]
        else:
            if current and when_text != "always":
                flush()  # text after a when: line starts a new paragraph
            current.append(stripped)
    flush()
    return Section(key, header["title"], parse_condition(header.get("when", ""), where),
                   layout, style, tuple(items), header.get("when", "always") or "always", place)


def parse_phrases(text: str, where: str) -> dict[str, str]:
    phrases: dict[str, str] = {}
    for n, raw in enumerate(text.splitlines(), 1):
        if not raw.strip() or raw.lstrip().startswith("#"):
            continue
        key, sep, value = raw.partition(":")
        if not sep or not key.strip() or " " in key.strip():
            raise HandoutContentError(f"{where}:{n}: expected 'key: text'.")
        phrases[key.strip()] = value.strip()
    return phrases


_cache: dict[str, LanguagePack] = {}
_lock = threading.Lock()


def available_languages() -> tuple[str, ...]:
    """Codes of the language folders that have a phrases.txt ("en", "es", ...)."""
    return tuple(sorted(p.parent.name for p in HANDOUTS_DIR.glob("*/phrases.txt")))


def load_language(code: str) -> LanguagePack:
    """The parsed text of one language, read once per process (clear_cache() to re-read)."""
    pack = _cache.get(code)
    if pack is not None:
        return pack
    with _lock:
        pack = _cache.get(code)
        if pack is None:
            pack = _read_language(code)
            _cache[code] = pack
    return pack


def clear_cache() -> None:
    with _lock:
        _cache.clear()


def _read_language(code: str) -> LanguagePack:
    folder = HANDOUTS_DIR / code
    phrases_file = folder / "phrases.txt"
    if not re.fullmatch(r"[a-z]{2,3}(-[A-Za-z0-9]{2,8})?", code) or not phrases_file.is_file():
        raise HandoutContentError(f"There is no handout text for the language {code!r} "
                                  f"(no resources/handouts/{code}/phrases.txt).")
    phrases = parse_phrases(phrases_file.read_text(encoding="utf-8"), f"{code}/phrases.txt")
    sections = []
    for path in sorted(folder.glob("*.txt")):
        if path.name == "phrases.txt":
            continue
        where = f"{code}/{path.name}"
        sections.append(parse_section(path.stem, path.read_text(encoding="utf-8"), where))
    log.debug("handout language %s loaded: %d sections", code, len(sections))
    return LanguagePack(code, phrases, tuple(sections))
