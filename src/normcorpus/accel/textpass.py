"""Questions about a text answered in one pass in C (`_textpass.c`).

`may_begin_next(text)`: False only when no word of `text.lower().split()`
begins the word after it (`begins_next`, the plain question, which
`check.formal.RepeatedWord` asks first of every target: a word said twice in a
row begins the next one). The C reads the words in place, lower-casing
character by character, where the plain question makes a lower-cased copy
and a string a word; True says nothing (the caller asks its rule).
tests/test_accel_textpass.py checks it against `begins_next` on every code
point, the corpus, the real texts and hypothesis.

`any_of(chars)` gives `present(text)`: whether any character of `chars` stands
in `text`, in one pass (`has_any`, the plain question: a substring test a
character, each a pass; on Vietnamese text each also copies the character
wide). The rules ask it before their own scans (`check.numbers`: the digits).
`finder(chars)` gives `find(text, start=0)`: where the first of the characters
stands at or after `start`, or -1 (`find_any`, the plain question: a
`str.find` a character); `check.numbers` walks a text's digits with it, where
a regex led by `[0-9]` pays a call a character to find them.
`which_of(chars)` gives `which(text)`: which of the characters stand in the
text, as bits, in one pass (`which`, the plain question: bit k where `chars[k]`
stands in the text, then `SPACES` (two in a row), `LEADING`, `TRAILING`
(whitespace at an edge), and with `twice` that character twice in a row
(`TWICE`), shifted by `len(chars)`); `check.screen` asks it of each side of a
segment once, for all the rules.
"""

from __future__ import annotations

from collections.abc import Callable
from itertools import islice

try:  # built with the package when a C compiler was there
    from . import _textpass
except ImportError:  # pragma: no cover - the caller's rule answers alone
    _textpass = None  # type: ignore[assignment]

BUILT = _textpass is not None


def begins_next(text: str) -> list[bool]:
    """For each word of `text.lower().split()` but the last, whether it begins the next."""
    words = text.lower().split()
    return list(map(str.startswith, islice(words, 1, None), words))


def may_begin_next() -> Callable[[str], bool] | None:
    """The C `may_begin_next(text)` (above), or None where it was not built."""
    return None if _textpass is None else _textpass.may_begin_next


def has_any(text: str, chars: str) -> bool:
    """Whether any character of `chars` stands in `text` (the plain question)."""
    for char in chars:  # noqa: SIM110 (no generator: a substring test a character is cheaper)
        if char in text:
            return True
    return False


def any_of(chars: str, *, compiled: bool = True) -> Callable[[str], bool]:
    """`present(text)` for these characters: the C (above) where built, else `has_any`."""
    if compiled and _textpass is not None:
        return _textpass.AnyOf(chars).present
    return lambda text: has_any(text, chars)


def find_any(text: str, chars: str, start: int = 0) -> int:
    """Where the first character of `chars` stands in `text` at or after `start`, or -1
    (the plain question; `start` as `str.find` reads it)."""
    return min([at for char in chars if (at := text.find(char, start)) >= 0], default=-1)


def finder(chars: str, *, compiled: bool = True) -> Callable[..., int]:
    """`find(text, start=0)` for these characters: the C (above) where built, else
    `find_any`."""
    if compiled and _textpass is not None:
        return _textpass.AnyOf(chars).find
    return lambda text, start=0: find_any(text, chars, start)


# `which`'s bits past those of the characters (shifted by `len(chars)`).
SPACES, LEADING, TRAILING, TWICE = 1, 2, 4, 8


def which(text: str, chars: str, twice: str = "") -> int:
    """Bit k where `chars[k]` stands in `text`; then, shifted by `len(chars)`: two
    spaces in a row (`SPACES`), leading whitespace, trailing whitespace, and the
    character `twice` (if given) twice in a row (`TWICE`; the plain question)."""
    found = sum(1 << k for k, char in enumerate(chars) if char in text)
    edges = SPACES * ("  " in text) | LEADING * text[:1].isspace() | TRAILING * text[-1:].isspace()
    if twice and twice * 2 in text:
        edges |= TWICE
    return found | edges << len(chars)


def which_of(chars: str, *, twice: str = "", compiled: bool = True) -> Callable[[str], int]:
    """`which(text, chars, twice)` for these characters (at most 61; 60 with `twice`,
    one ASCII character but the space): the C (above) where built, else the plain
    question."""
    if len(chars) > 61 - bool(twice):
        raise ValueError("which_of: at most 61 characters (60 with twice)")
    if twice and (len(twice) != 1 or not twice.isascii() or twice == " "):
        raise ValueError("which_of: twice is one ASCII character, not a space")
    if compiled and _textpass is not None:
        return _textpass.AnyOf(chars, twice).which
    return lambda text: which(text, chars, twice)
