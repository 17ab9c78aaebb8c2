"""The aligner's choice among the walk's candidates, in C: `Aligner._choose` for the
matches chosen (not the nested ones).

Fed callbacks and the aligner's memo of loose readings, no linguistics: the
C part reads a candidate spelled as its term's tokens, and one whose loose
reading the memo holds, itself; it asks the aligner's own `read` for any other
(its first reading, a window that may name something, a variant), `cuts` whether
a loose reading cuts a word, `holds` whether a loose reading reads a correct
spelling it covers as itself, and `plain` (the plain choice) for a text with a
reading of a concept that excludes phrases. Then the preference, the filling
of gaps with loose readings and the text order are done in C.
tests/test_align_choice.py checks it against `Aligner._choose`.

The C part is `_choice.c`, built with the package where a C compiler was
there (`BUILT`).
"""

from __future__ import annotations

from collections.abc import Callable, Set
from typing import Any

try:  # built with the package when a C compiler was there
    from . import _choice
except ImportError:  # pragma: no cover - the aligner chooses plainly
    _choice = None  # type: ignore[assignment]

BUILT = _choice is not None


class Chooser:
    """`choose_many(texts, candidate lists)`: the matches chosen in each text."""

    def __init__(
        self,
        *,
        read: Callable[[str, Any], Any],
        cuts: Callable[[str, int, int, bool], bool],
        holds: Callable[[int, int, int, int], bool],
        plain: Callable[[str, Any], Any],
        loose: dict[Any, Any],
        excluding: Set[int],
        kinds: tuple[str, str, str, str],
        share: float,
        nothing: Callable[[str, tuple[str, ...], tuple[str, ...], bool], bool | None] | None,
        forms: Callable[[int], tuple[tuple[str, ...], tuple[str, ...]]],
        none_read: Any,
        limit: int,
        crosses: Callable[[str, int, int, frozenset[str], frozenset[str], int], bool | None] | None,
        lexicons: Callable[[], tuple[frozenset[str], frozenset[str]]],
        reach: int,
    ):
        """`kinds`: the kinds of match, strongest first (their ranks); `share`: the
        most marked syllables among a sentence's Vietnamese ones for it to be typed
        without diacritics. `nothing(window, lower, folded, without)`: True where a
        window read for the first time is read as nothing for certain (then `none_read`
        is remembered for it in `loose`, emptied at `limit` windows, as `read` does),
        with `forms(entry index)`, its term's lower-case and folded syllables.
        `crosses(text, start, end, lexicon, edges, reach)`: True where a loose reading
        in a sentence with diacritics cuts no word by `cuts`' first look, with
        `lexicons()` (asked once) giving the words and edge pairs it looks up."""
        if _choice is None:
            raise RuntimeError("the C chooser was not built")
        self._chooser = _choice.Chooser(
            read,
            cuts,
            holds,
            plain,
            loose,
            frozenset(excluding),
            kinds,
            share,
            nothing,
            forms,
            none_read,
            limit,
            crosses,
            lexicons,
            reach,
        )
        self.choose_many = self._chooser.choose_many
