"""Mechanical variants of real text for the term-alignment gold.

Each transform returns the variant and a function mapping an offset of the
original onto the variant, so the gold's spans follow the text:

- `clean`: the text as it is;
- `folded`: diacritics removed and đ -> d, as text typed without a Vietnamese
  keyboard (`an ninh mang`);
- `old-tone`: tone marks of the open syllables oa, oe, uy on the second vowel
  (`hoà`, `khoẻ`, `thuỷ`), the older convention;
- `nfd`: Unicode decomposed (base letters followed by combining marks);
- `upper`: upper case.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from itertools import accumulate

Offsets = Callable[[int], int]
VARIANTS = ("clean", "folded", "old-tone", "nfd", "upper")
_TONES = "\u0300\u0301\u0303\u0309\u0323"


def _identity(offset: int) -> int:
    return offset


def fold_char(char: str) -> str:
    if char in "đĐ":
        return "d" if char == "đ" else "D"
    base = unicodedata.normalize("NFD", char)[0]
    return base if unicodedata.combining(char) == 0 else char


def fold(text: str) -> str:
    """Diacritics removed, đ -> d; one character for one (NFC input)."""
    return "".join(fold_char(c) for c in text)


# new -> old placement: the mark moves from the first vowel of oa/oe/uy to the
# second, in open syllables only (`hòa` -> `hoà`, not `hoàng`), never after q.
_TO_OLD = re.compile(
    rf"(?<![qQ])(?P<v1>[oOuU])(?P<tone>[{_TONES}])(?P<v2>[aAeEyY])(?![\w\u0300-\u036f])"
)
# old -> new: the mark on the second vowel of an open oa/oe/uy moves to the first.
_TO_NEW = re.compile(
    rf"(?<![qQ])(?P<v1>[oOuU])(?P<v2>[aAeEyY])(?P<tone>[{_TONES}])(?![\w\u0300-\u036f])"
)


def _pairs_ok(v1: str, v2: str) -> bool:
    return (v1 in "oO" and v2 in "aAeE") or (v1 in "uU" and v2 in "yY")


def old_tone(text: str) -> str:
    def move(m: re.Match[str]) -> str:
        if not _pairs_ok(m["v1"], m["v2"]):
            return m.group(0)
        return m["v1"] + m["v2"] + m["tone"]

    return unicodedata.normalize("NFC", _TO_OLD.sub(move, unicodedata.normalize("NFD", text)))


def new_tone(text: str) -> str:
    """Tone marks of open oa/oe/uy on the first vowel (`hoà` -> `hòa`); NFC."""

    def move(m: re.Match[str]) -> str:
        if not _pairs_ok(m["v1"], m["v2"]):
            return m.group(0)
        return m["v1"] + m["tone"] + m["v2"]

    return unicodedata.normalize("NFC", _TO_NEW.sub(move, unicodedata.normalize("NFD", text)))


def _upper_char(char: str) -> str:
    upper = char.upper()
    return upper if len(upper) == 1 else char


def transform(variant: str, text: str) -> tuple[str, Offsets]:
    if variant == "clean":
        return text, _identity
    if variant == "folded":
        return fold(text), _identity
    if variant == "old-tone":
        out = old_tone(text)
        if len(out) != len(text):
            raise ValueError("old-tone variant changed the text's length")
        return out, _identity
    if variant == "upper":
        return "".join(_upper_char(c) for c in text), _identity
    if variant == "nfd":
        pieces = [unicodedata.normalize("NFD", c) for c in text]
        ends = [0, *accumulate(len(p) for p in pieces)]
        return "".join(pieces), lambda offset: ends[offset]
    raise ValueError(f"unknown variant {variant!r}")


def expected_kind(variant: str, kind: str, surface: str, term: str) -> str:
    """The match kind an occurrence should get in a variant, from its kind in clean text.

    `surface` is the occurrence as the clean text spells it, `term` the
    glossary term (or abbreviation) it is an occurrence of.
    """
    if variant in ("clean", "old-tone", "nfd"):
        return kind
    if variant == "upper":
        if kind in ("exact", "variant") and _upper_char_all(surface) != surface:
            return "variant"
        return kind
    if variant == "folded":
        if fold(surface) == surface:
            return kind  # nothing to fold: ASCII words and abbreviations
        if fold(new_tone(surface)).casefold() == fold(new_tone(term)).casefold():
            return "folded"
        return "fuzzy"
    raise ValueError(f"unknown variant {variant!r}")


def _upper_char_all(text: str) -> str:
    return "".join(_upper_char(c) for c in text)
