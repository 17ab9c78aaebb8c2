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


_SYLLABLE = re.compile(r"\w+")


def _low(text: str) -> str:
    return new_tone(text).lower()


def kind_of(surface: str, term: str) -> str:
    """The match kind a text spelling `surface` of the glossary's `term` should get.

    exact: spelled as the glossary spells it (tone placement aside, which the
    pipeline normalises); variant: differs in case only; folded: every syllable
    is the term's or that syllable with all its diacritics removed (`de dọa`,
    `an ninh mang`); fuzzy: anything else (a slip: `hơp tác`, `thỏa luận`).
    """
    if new_tone(surface) == new_tone(term):
        return "exact"
    if _low(surface) == _low(term):
        return "variant"
    said, meant = _SYLLABLE.findall(_low(surface)), _SYLLABLE.findall(_low(term))
    if len(said) == len(meant) and all(a in (b, fold(b)) for a, b in zip(said, meant, strict=True)):
        return "folded"
    return "fuzzy"


def expected_kind(variant: str, surface: str, term: str) -> str:
    """The match kind an occurrence should get in a variant of the text.

    `surface` is the occurrence as the clean text spells it, `term` the
    glossary term (or abbreviation) it is an occurrence of. The variant's
    spelling is judged after the normalisation every reader applies (NFC,
    tone placement), which undoes the NFD and old-tone variants.
    """
    changed, _ = transform(variant, surface)
    return kind_of(unicodedata.normalize("NFC", changed), term)
