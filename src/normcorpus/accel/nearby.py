"""Strings one edit apart, found by look-ups instead of comparisons with every string.

Fed strings (and what each stands for), no linguistics. `OneEdit.near(s)`
gives what the strings within one edit of `s` stand for (a letter
substituted, inserted or deleted, or two neighbours swapped), and some more:
a caller checks each with its own rule. Each string is filed under itself,
its deletions, its letters one at a time replaced by a wildcard, and its
swaps; a query looks up the same of its own, so a look-up costs about three
times the string's length in dictionary probes, whatever the number of
strings. The aligner uses it to find the term syllables a text syllable may
be a typo of (`Aligner._typo_of`); tests/test_align_accel.py checks it
against a comparison with every string.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Generic, TypeVar

Value = TypeVar("Value")
_WILD = "\x00"  # stands for any one letter (the strings hold no NUL)


def _deletions(s: str) -> Iterator[str]:
    return (s[:i] + s[i + 1 :] for i in range(len(s)))


def _wildcards(s: str) -> Iterator[str]:
    return (s[:i] + _WILD + s[i + 1 :] for i in range(len(s)))


def _swaps(s: str) -> Iterator[str]:
    return (s[:i] + s[i + 1] + s[i] + s[i + 2 :] for i in range(len(s) - 1) if s[i] != s[i + 1])


class OneEdit(Generic[Value]):
    """What strings within one edit of a query stand for (a superset: check each)."""

    def __init__(self, strings: Iterable[tuple[str, Value]]):
        self._filed: dict[str, set[Value]] = {}
        for s, value in strings:
            if _WILD in s:
                raise ValueError("strings may not hold NUL")
            # s itself (the same, and a query with a letter too many), its
            # deletions (a query with a letter too few), its wildcards (one
            # substituted), its swaps.
            for key in (s, *_deletions(s), *_wildcards(s), *_swaps(s)):
                self._filed.setdefault(key, set()).add(value)

    def near(self, s: str) -> set[Value]:
        found: set[Value] = set()
        filed = self._filed
        # A query equal to a string or to one of its deletions or swaps; a
        # deletion of the query equal to a string; a wildcard matching.
        for key in (s, *_deletions(s), *_wildcards(s)):
            values = filed.get(key)
            if values:
                found |= values
        return found
