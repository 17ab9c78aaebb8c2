"""What a token is, on first sight, in C: the aligner's description of a new token.

Fed data, no linguistics: a table of characters (each one's lower-case form,
folded form, letter and tone, as the domain's rules read a character on its
own), the syllable tables and the aligner's slip look-ups. `Describer.describe`
gives what `align.Aligner._describe` gives -- (lower-case form, folded form,
the term syllables it may be a typo of, its tally) -- or None for a token with
a character the table lacks, which the caller then describes plainly; a token
in the one spelling `normalize.text` gives (the caller's check). `Describer.slip`
gives what `syllables.slip` gives, or False where the table lacks a character.
`Describer.nothing_loosely` says where the aligner's loose reading of a window
is nothing for certain (its first cuts: more than one syllable off, or the one
off by no slip it admits), before the rule is asked.
tests/test_align_firstsight.py checks it against the plain rule.

The C part is `_firstsight.c`, built with the package where a C compiler was
there (`BUILT`).
"""

from __future__ import annotations

from array import array
from collections.abc import Callable, Mapping, Sequence

try:  # built with the package when a C compiler was there
    from . import _firstsight
except ImportError:  # pragma: no cover - the aligner describes tokens plainly
    _firstsight = None  # type: ignore[assignment]

BUILT = _firstsight is not None

# A look-up as the C part reads it: key -> position, the lists' items in one
# str (parted by "\x1e"), and the int64 offsets of each list in it.
Packed = tuple[dict[str, int], str, bytes]
# What a token is: as `accel.walker.Token`, the term syllables a tuple.
Described = tuple[str, str, tuple[str, ...], int]


def packed(index: dict[str, int], values: str, at: array[int]) -> Packed:
    """A look-up for the describer (`at`: an array of typecode 'q')."""
    if at.typecode != "q" or at.itemsize != 8:
        raise ValueError("look-up offsets must be int64s")
    return index, values, at.tobytes()


class Describer:
    """What a token is on first sight (see the module docstring)."""

    def __init__(
        self,
        chars: Mapping[int, tuple[str, str, str, str, str, int]],
        tones: Sequence[str],
        onsets: frozenset[str],
        finals: frozenset[str],
        onset_class: dict[str, str],
        final_class: dict[str, str],
        beside: dict[str, frozenset[str]],
        slips: tuple[dict[str, Packed], dict[str, Packed], Packed],
        slips_folded: tuple[dict[str, Packed], dict[str, Packed], Packed],
        folded_of: dict[str, str],
        spelled_as: dict[str, list[str]],
        vietnamese: frozenset[str],
    ):
        """`chars`: code -> (lower-case form, folded form, letter, form without its tone
        and that folded, tone's position in `tones`), each of the lower-case form."""
        if _firstsight is None:
            raise RuntimeError("normcorpus.accel._firstsight was not built (no C compiler)")
        self._describer = _firstsight.Describer(
            dict(chars),
            tuple(tones),
            onsets,
            tuple(sorted({len(o) for o in onsets}, reverse=True)),
            finals,
            tuple(sorted({len(f) for f in finals}, reverse=True)),
            onset_class,
            final_class,
            beside,
            slips,
            slips_folded,
            folded_of,
            spelled_as,
            vietnamese,
        )
        # describe(token) -> (lower-case form, folded form, typo_of, tally), or
        # None: a character not in the table (the C method itself: no call between).
        self.describe: Callable[[str], Described | None] = self._describer.describe
        # slip(written, intended, neighbours) -> how `written` is one slip from
        # `intended` (lower-case syllables; `syllables.slip`), None: no slip, or
        # False: a character not in the table.
        self.slip: Callable[[str, str, tuple[str, ...]], str | bool | None] = self._describer.slip
        # nothing_loosely(window, lower, folded, without) -> True where the aligner's
        # loose reading of a window (`Aligner._read_loosely`, its term's lower-case
        # and folded syllables given) is nothing for certain: more than one syllable
        # off, or the one off by no slip it admits there; None: ask the rule.
        self.nothing_loosely: Callable[
            [str, tuple[str, ...], tuple[str, ...], bool], bool | None
        ] = self._describer.nothing_loosely
        # crosses_no_word(text, start, end, lexicon, edges, reach) -> True where the
        # aligner's whole-word test of a loose reading (`Aligner._cuts_a_word`, in a
        # sentence with diacritics) finds by its first look no word across an edge;
        # None: ask the rule.
        self.crosses_no_word: Callable[
            [str, int, int, frozenset[str], frozenset[str], int], bool | None
        ] = self._describer.crosses_no_word
