"""Questions asked of every Vietnamese source, each answered in one pass in C (`_sourcepass.c`).

Each is a regex search its caller keeps as the plain rule; the regex reads
each character against a large class, the C looks it up in a table. Fed the
characters as data:

- `tone_place(firsts, seconds)` gives `found(text)`: whether some character
  of `seconds[g]` stands right after a character of `firsts[g]` (a group g)
  and ends its word (no \\w character nor combining diacritic U+0300-U+036F
  after it): `check.engine`'s tone candidate (a mark on the second vowel of
  an open `oa`/`oe`/`uy` syllable), asked of every source;
- `glued_note(digits, not_letters)` gives `found(text)`: whether one to three
  of `digits` stand right after a letter (\\w, not \\d nor `_` nor one of
  `not_letters`) and end the word: `align`'s footnote number glued to a word,
  asked of every batch of sources.

tests/test_accel_sourcepass.py checks each against its regex on every
character in every place, the corpus, the real texts and hypothesis texts.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

try:  # built with the package when a C compiler was there
    from . import _sourcepass
except ImportError:  # pragma: no cover - the callers' regexes answer alone
    _sourcepass = None  # type: ignore[assignment]

BUILT = _sourcepass is not None


def tone_place(firsts: Sequence[str], seconds: Sequence[str]) -> Callable[[str], bool] | None:
    """The C `found(text)` (above) for these groups, or None where it was not built."""
    return None if _sourcepass is None else _sourcepass.TonePlace(firsts, seconds).found


def glued_note(digits: str, not_letters: str) -> Callable[[str], bool] | None:
    """The C `found(text)` (above) for these characters, or None where it was not built."""
    return None if _sourcepass is None else _sourcepass.GluedNote(digits, not_letters).found
