"""Where a tone mark may move in a text, found in one pass in C (`_tonepass.c`).

`tone_place(firsts, seconds)` gives `found(text)`: whether some character of
`seconds[g]` stands right after a character of `firsts[g]` (a group g) and
ends its word (no \\w character nor combining diacritic U+0300-U+036F after
it). The caller's plain rule is a regex search, the same question
(`check.engine`: a tone mark on the second vowel of an open `oa`/`oe`/`uy`
syllable); the regex reads each character against a large class, the C a
table. tests/test_accel_tonepass.py checks the two on every character in
every place, the corpus, the real texts and hypothesis texts.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

try:  # built with the package when a C compiler was there
    from . import _tonepass
except ImportError:  # pragma: no cover - the caller's rule answers alone
    _tonepass = None  # type: ignore[assignment]

BUILT = _tonepass is not None


def tone_place(firsts: Sequence[str], seconds: Sequence[str]) -> Callable[[str], bool] | None:
    """The C `found(text)` (above) for these groups, or None where it was not built."""
    return None if _tonepass is None else _tonepass.TonePlace(firsts, seconds).found
