"""Text normalisation: small `str -> str` steps composed into one spelling.

Every later comparison (alignment, search, checks) runs on text that went
through `text()`: Unicode NFC, and Vietnamese tone marks placed on one
convention (`hoà` -> `hòa`, `thuỷ` -> `thủy`). `fold()` removes diacritics and
maps `đ` to `d` character by character, so it never changes a string's length
and offsets computed on folded text hold on the original.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from functools import lru_cache

# Combining tone marks of Vietnamese (grave, acute, tilde, hook above, dot below).
_TONES = "\u0300\u0301\u0303\u0309\u0323"

# In the open syllables `oa`, `oe`, `uy` the tone mark goes on the first vowel
# (`hòa`, `khỏe`, `thủy`); with a final consonant it stays on the second
# (`hoàng`, `khuyến`), and after `q` the `u` belongs to the consonant (`quý`).
# The patterns run on NFD text, where the mark follows its vowel; a vowel that
# carries another mark too (`hoặc`: a + dot below + breve) is left alone.
_MOVE_TONE = re.compile(
    rf"(?<![qQ])(?P<first>[oO])(?P<second>[aAeE])(?P<tone>[{_TONES}])(?![\w\u0300-\u036f])"
    rf"|(?<![qQ])(?P<u>[uU])(?P<y>[yY])(?P<tone2>[{_TONES}])(?![\w\u0300-\u036f])"
)

_DASHES = str.maketrans({"–": "-", "—": "-", "‐": "-", "‑": "-", "−": "-"})


def separator(gap: str) -> str:
    """What separates two words, spaces removed and dashes made `-`: '' for a space."""
    return "".join(gap.split()).translate(_DASHES)


_SPACES = re.compile(r"[^\S\n]+")
_LINE_ENDS = re.compile(r"\r\n?|\u2028|\u2029|\x85")


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def _move_tone(match: re.Match[str]) -> str:
    if match.group("first"):
        return match.group("first") + match.group("tone") + match.group("second")
    return match.group("u") + match.group("tone2") + match.group("y")


# In NFC, a mark on the second vowel of `oa`/`oe`/`uy` shows as one of these
# pairs; text without any is left as it is (the NFD round trip is the slow part).
_SECOND_VOWEL_MARKED = re.compile("[oO][àáảãạèéẻẽẹÀÁẢÃẠÈÉẺẼẸ]|[uU][ỳýỷỹỵỲÝỶỸỴ]")


def _move_tones(text: str) -> str:
    return nfc(_MOVE_TONE.sub(_move_tone, unicodedata.normalize("NFD", text)))


def tone_marks(text: str) -> str:
    """Place tone marks of `oa`/`oe`/`uy` syllables on the first vowel; returns NFC."""
    text = nfc(text)
    found = _SECOND_VOWEL_MARKED.search(text)
    if found is None:
        return text
    # Only the whitespace-delimited words holding such a pair go through NFD:
    # whitespace never composes with a neighbour nor takes part in a match, so
    # this equals the round trip of the whole text, at a fraction of the cost.
    pieces = []
    done, size = 0, len(text)
    while found is not None:
        start, end = found.start(), found.end()
        while start > done and not text[start - 1].isspace():
            start -= 1
        while end < size and not text[end].isspace():
            end += 1
        pieces.append(text[done:start])
        pieces.append(_move_tones(text[start:end]))
        done = end
        found = _SECOND_VOWEL_MARKED.search(text, end)
    pieces.append(text[done:])
    return "".join(pieces)


def line_ends(text: str) -> str:
    """CRLF, CR and Unicode line separators become LF."""
    return _LINE_ENDS.sub("\n", text)


def whitespace(text: str) -> str:
    """Runs of spaces and tabs (not newlines) become one space; ends are stripped."""
    return _SPACES.sub(" ", text).strip()


def text(value: str) -> str:
    """The one spelling every comparison uses: NFC with normalised tone marks."""
    return tone_marks(value)


def term(value: str) -> str:
    """A glossary term or query phrase: normalised text with single spaces."""
    return whitespace(text(value))


@lru_cache(maxsize=4096)
def _fold_char(char: str) -> str:
    if char == "đ":
        return "d"
    if char == "Đ":
        return "D"
    decomposed = unicodedata.normalize("NFD", char)
    base = decomposed[0]
    if len(decomposed) > 1 and all(unicodedata.combining(c) for c in decomposed[1:]):
        return base
    return char


class _FoldTable(dict[int, str]):
    """A str.translate table filled as characters are first seen (fold maps
    each character on its own, so a table is exact and runs at C speed)."""

    def __missing__(self, code: int) -> str:
        folded = self[code] = _fold_char(chr(code))
        return folded


_FOLD_TABLE = _FoldTable()


def fold(value: str) -> str:
    """Diacritics removed and `đ` -> `d`, one output character per input character."""
    if value.isascii():
        return value
    return value.translate(_FOLD_TABLE)


def key(value: str) -> str:
    """Case- and tone-placement-insensitive comparison key (keeps diacritics)."""
    return text(value).lower()


def folded_key(value: str) -> str:
    """Case- and diacritic-insensitive comparison key."""
    return fold(text(value).lower())


def has_diacritics(value: str) -> bool:
    """True when folding would change the text (a Vietnamese-spelled query)."""
    return fold(value) != value


def last_word_splitter(
    split: re.Pattern[str], limit: int = 1 << 16
) -> Callable[[str], tuple[str, str] | None]:
    """A function taking apart the last chunk of a text split at spaces.

    It gives (word, what follows it) when the chunk is one word of `split` (a
    pattern whose one group is a word) followed by punctuation, else None; the
    aligner and the English matcher use it to keep their fast `str.split` path
    for text that ends in a full stop. Answers are remembered per chunk (up to
    `limit`, then forgotten at once).
    """
    seen: dict[str, tuple[str, str] | None] = {}

    def last_word(chunk: str) -> tuple[str, str] | None:
        found = seen.get(chunk, False)
        if found is False:
            parts = split.split(chunk)
            found = (parts[1], parts[2]) if len(parts) == 3 and not parts[0] else None
            if len(seen) >= limit:
                seen.clear()
            seen[chunk] = found
        return found  # type: ignore[return-value]

    return last_word
