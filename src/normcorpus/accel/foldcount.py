"""A text folded and its tokens counted in one pass of two C codecs.

The plain rule is a fold that maps each character on its own (`str.translate`
with a per-character table) and `len(token.findall(text))`. For text whose
characters all lie in an alphabet of at most 256 (ASCII and the letters and
punctuation a language writes), the text is encoded to one byte a character
by a charmap codec; decoding those bytes with a table of the folded
characters gives the folded text, and translating them to "token byte or
not" shows where each run of token characters, a token, starts. Both
tables are made from the plain rule itself, character by character, so the
result is the same; text with any other character takes the plain rule.
About five times faster than the plain rule on Vietnamese clause text
(tests/test_accel_foldcount.py checks it against the rule).
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Callable


class FoldCounter:
    """`counter(text)` is `(fold(text), len(token.findall(text)))`, for a fold that
    maps each character on its own and a `token` pattern of one character class
    repeated (`[^\\W_]+`), whose matches are the runs of its characters."""

    def __init__(self, alphabet: str, fold: Callable[[str], str], token: re.Pattern[str]):
        alphabet = "".join(dict.fromkeys(alphabet))
        if len(alphabet) > 256:
            raise ValueError("an alphabet of at most 256 characters")
        folded = [fold(char) for char in alphabet]
        # The tables stand for the rule only where it maps each character alone
        # to one character, and where no token runs across two characters that
        # are not both token characters.
        if any(len(f) != 1 for f in folded) or "\ufffe" in folded:
            raise ValueError("the fold must map each character to one character")
        self._fold = fold
        self._token = token
        self._encoding = codecs.charmap_build(alphabet)
        self._folded = "".join(folded)
        self._runs = bytes.maketrans(
            bytes(range(len(alphabet))),
            bytes(ord("a") if token.fullmatch(char) else ord(" ") for char in alphabet),
        )

    def __call__(self, text: str) -> tuple[str, int]:
        try:
            data = codecs.charmap_encode(text, "strict", self._encoding)[0]
        except UnicodeEncodeError:  # a character outside the alphabet
            return self._fold(text), len(self._token.findall(text))
        runs = data.translate(self._runs)  # "a" for a token character, " " else
        return (
            codecs.charmap_decode(data, "strict", self._folded)[0],
            runs.count(b" a") + runs.startswith(b"a"),  # where each run starts
        )
