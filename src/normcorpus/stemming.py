"""English words as the index and queries see them: lower case, diacritics
off, each word its Snowball (Porter 2) English stem, so that `norms` finds
`norm` and `voluntary` finds `voluntarily`.

The stems are made here, in Python, for the index (`store`) and for queries
(`query`) alike, and FTS5 indexes them as they are: one stemmer for the index,
the term statistics and the highlighting.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from . import normalize

WORD = re.compile(r"[^\W_]+")

# English function words: a term may gain, lose or move them without becoming
# another term (check/phrasing.py), and no term is found by one (`query`).
FUNCTION_WORDS = frozenset(
    [
        "a",
        "an",
        "the",
        "of",
        "and",
        "or",
        "nor",
        "as",
        "well",
        "in",
        "on",
        "for",
        "to",
        "by",
        "with",
        "its",
        "their",
        "his",
        "her",
        "our",
        "your",
        "this",
        "that",
        "these",
        "those",
        "such",
    ]
)

_stemmer = None


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """The stem of one lower-case, folded word."""
    return stem_word(word)


def stem_word(word: str) -> str:
    """`stem`, not memoised: for a caller that memoises its own (`english.stem`)."""
    global _stemmer
    if _stemmer is None:
        _stemmer = _snowball()
    return _stemmer.stemWord(word)


def _snowball() -> Any:
    """Snowball's English stemmer: PyStemmer's compiled one where installed, as
    snowballstemmer gives it, but without PyStemmer's own cache (`stem` is
    memoised already; that cache, pruned by sorting it, made a word not seen
    before cost three times its stemming), else snowballstemmer's port."""
    try:
        import Stemmer
    except ImportError:
        import snowballstemmer

        return snowballstemmer.stemmer("english")
    return Stemmer.Stemmer("english", 0)


def words(text: str) -> list[tuple[int, int, str]]:
    """(start, end, stem) of each word of an English text; offsets index `text`."""
    return [(m.start(), m.end(), stem(m.group().lower())) for m in WORD.finditer(fold_key(text))]


def stems(text: str) -> str:
    """The text as the index holds it: its stems, space-separated."""
    key = fold_key(text)
    if key.lower() != key:  # a character fold_key keeps (İ): each word lowered alone
        return " ".join(stem(word.lower()) for word in WORD.findall(key))
    # No word of a text that lowers to itself changes when lowered alone.
    return " ".join(map(stem, WORD.findall(key)))


def fold_key(text: str) -> str:
    """Lower case without diacritics, one character for one (offsets hold)."""
    low = text.lower()
    if len(low) != len(text):  # a character that lowers to two (İ) stays as it is
        low = "".join(low if len(low := c.lower()) == 1 else c for c in text)
    return normalize.fold(low)
