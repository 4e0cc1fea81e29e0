"""Embedded TrueType fonts, registered once per process, and font switching per run of text."""

from __future__ import annotations

import logging
import threading
import unicodedata
import zlib
from functools import lru_cache
from typing import Any

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfdoc, pdfmetrics
from reportlab.pdfbase.ttfonts import FF_NONSYMBOLIC, FF_SYMBOLIC, TTFont

from .resources import FONTS_DIR

log = logging.getLogger(__name__)

REGULAR = "ClinicSans"
BOLD = "ClinicSans-Bold"
FALLBACK = "ClinicFallback"  # CJK and Hangul; one weight only

_FILES = {
    REGULAR: "DejaVuSans.ttf",
    BOLD: "DejaVuSans-Bold.ttf",
    FALLBACK: "DroidSansFallback.ttf",
}

_lock = threading.Lock()
_registered: set[str] = set()
_main_cmap: frozenset[int] = frozenset()
_fallback_cmap: frozenset[int] | None = None


def _register(name: str) -> TTFont:
    font = TTFont(name, str(FONTS_DIR / _FILES[name]))
    _reuse_subsets(font)
    pdfmetrics.registerFont(font)
    _registered.add(name)
    return font


# Characters given the same places in every handout's font subsets (see prepare_document):
# ASCII keeps its own codes; these follow in this order, whatever the text uses first.
PRESET = ("ÁÉÍÓÚÑÜáéíóúñüëïöäçàèìòùâêîôûãõ¿¡°·•’‘“”–—ºª×"
          "ÀÈÌÒÙÂÊÎÔÛÄËÏÖÇÃÕß\u00a0")


def prepare_document(doc: Any) -> None:
    """Give the common characters fixed codes in this document's subsets of the main fonts.

    Most handouts then embed byte-identical font subsets, which `_reuse_subsets` builds and
    compresses once per process instead of once per handout (a quarter of the render time).
    """
    for name in (REGULAR, BOLD):
        pdfmetrics.getFont(name).splitString(PRESET, doc)


def _reuse_subsets(font: TTFont) -> None:
    """Make this font reuse the compressed subset file of an identical earlier subset.

    The same as reportlab's TTFontFile.addSubsetObjects (reportlab 4/5), with the
    `makeSubset` + Flate step cached by the subset's characters.
    """
    face = font.face
    original = face.addSubsetObjects
    cache: dict[tuple[int, ...], tuple[bytes, int]] = {}

    def add_subset_objects(doc: Any, fontname: str, subset: list[int]) -> Any:
        if not doc.compression:
            return original(doc, fontname, subset)
        key = tuple(subset)
        packed = cache.get(key)
        if packed is None:
            raw = face.makeSubset(subset)
            packed = (zlib.compress(raw), len(raw))
            if len(cache) >= 64:
                cache.clear()
            cache[key] = packed
        font_file = pdfdoc.PDFStream(content=packed[0])
        font_file.dictionary["Length1"] = packed[1]
        font_file.dictionary["Filter"] = pdfdoc.PDFArray([pdfdoc.PDFName("FlateDecode")])
        ref = doc.Reference(font_file, f"fontFile:{face.filename}({fontname})")
        descriptor = pdfdoc.PDFDictionary({
            "Type": "/FontDescriptor", "Ascent": face.ascent, "CapHeight": face.capHeight,
            "Descent": face.descent, "Flags": (face.flags & ~FF_NONSYMBOLIC) | FF_SYMBOLIC,
            "FontBBox": pdfdoc.PDFArray(face.bbox), "FontName": pdfdoc.PDFName(fontname),
            "ItalicAngle": face.italicAngle, "StemV": face.stemV, "FontFile2": ref,
            "MissingWidth": face.defaultWidth,
        })
        return doc.Reference(descriptor, "fontDescriptor:" + fontname)

    face.addSubsetObjects = add_subset_objects


def ensure_fonts() -> None:
    """Register the main family (parsed once per process; later calls cost nothing)."""
    global _main_cmap
    if REGULAR in _registered:
        return
    with _lock:
        if REGULAR in _registered:
            return
        _register(BOLD)
        regular = _register(REGULAR)
        for bold, italic, face in ((0, 0, REGULAR), (1, 0, BOLD), (0, 1, REGULAR),
                                   (1, 1, BOLD)):
            addMapping(REGULAR, bold, italic, face)
        _main_cmap = frozenset(regular.face.charToGlyph)
        log.debug("handout fonts registered")


def _ensure_fallback() -> frozenset[int]:
    """The CJK font is big (3 MB), so it is parsed only when a text first needs it."""
    global _fallback_cmap
    if _fallback_cmap is not None:
        return _fallback_cmap
    with _lock:
        if _fallback_cmap is None:
            font = _register(FALLBACK)
            for bold, italic in ((0, 0), (1, 0), (0, 1), (1, 1)):
                addMapping(FALLBACK, bold, italic, FALLBACK)  # no bold face: use the regular
            _fallback_cmap = frozenset(font.face.charToGlyph)
            log.debug("handout fallback font registered")
    return _fallback_cmap


def _needs_fallback(ch: str) -> bool:
    code = ord(ch)
    if code in _main_cmap or ch in "\n\t":
        return False
    # Combining marks follow their letter; DejaVu draws the precomposed (NFC) forms.
    return not unicodedata.combining(ch)


def uncovered(text: str) -> str:
    """The characters of `text` that no embedded font can draw (they would print as boxes)."""
    ensure_fonts()
    missing = [c for c in text if _needs_fallback(c)]
    if not missing:
        return ""
    fallback = _ensure_fallback()
    return "".join(sorted({c for c in missing if ord(c) not in fallback}))


def misprinted(text: str) -> int:
    """How many characters of `text` would not print correctly: no embedded font has them,
    or they belong to a right-to-left script, which is drawn here left to right, unshaped."""
    missing = set(uncovered(text))
    rtl = {c for c in text if unicodedata.bidirectional(c) in ("R", "AL")}
    return sum(1 for c in text if c in missing or c in rtl)


def font_for(text: str, bold: bool = False) -> str:
    """The one font to draw a short canvas string with (footer, diagram labels)."""
    ensure_fonts()
    if any(_needs_fallback(c) for c in text):
        _ensure_fallback()
        return FALLBACK
    return BOLD if bold else REGULAR


@lru_cache(maxsize=8192)
def runs(text: str, bold: bool = False) -> tuple[tuple[str, str], ...]:
    """`text` cut into (font name, chunk) runs: the main font, and the CJK font for the
    characters it lacks. Cached: most text is the same template on every handout."""
    ensure_fonts()
    main = BOLD if bold else REGULAR
    if all(ord(c) in _main_cmap or c == "\n" for c in text):
        return ((main, text),)
    _ensure_fallback()
    out: list[tuple[str, str]] = []
    for ch in text:
        font = FALLBACK if _needs_fallback(ch) else main
        if ch == " " and out:
            font = out[-1][0]
        if out and out[-1][0] == font:
            out[-1] = (font, out[-1][1] + ch)
        else:
            out.append((font, ch))
    return tuple(out)
