"""English term matching through pyahocorasick: the library alternative to accel/_termscan.c.

Used by scripts/bench_english.py only (the product scans in C; see
docs/decisions.md): it finds what `EnglishMatcher.locate_all_in` finds, so
that `make bench` can show what the C gains against the best library made
for the job.

A text becomes one string: each word's stem between two `\\x01`, and where
two words are separated otherwise than by a space or a hyphen, that
separator core between `\\x02`s. Every way of writing every term is written
the same way into an Aho–Corasick automaton, so each place where its stems
and separators stand in the text is a match, and no match starts or ends
inside a word. What is left of the rule (an abbreviation's spelling, the
choice per concept) is english.py's own code.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Iterable, Sequence
from itertools import accumulate
from typing import Any, Generic, TypeVar

import ahocorasick

from normcorpus import english
from normcorpus.normalize import separator as separator_core

T = TypeVar("T")
V = TypeVar("V")

_WORD_END = "\x01"  # after every key (and before the first)
_CORE = "\x02"  # around a separator core that is not one of `same`
_ODD = "\x03"  # a text's core holding either of those: no sequence has it
_RESERVED = (_WORD_END, _CORE, _ODD)
CACHE_LIMIT = 1 << 18  # distinct words and last chunks remembered (then forgotten at once)


class Reading:
    """A text's words as the scan read them (what `TermScanner.scan` gives)."""

    __slots__ = ("_bounds", "_ends", "_gaps", "_separator", "capitals", "text", "words")

    def __init__(
        self,
        text: str,
        words: list[str],
        gaps: list[str] | None,
        separator: Callable[[str], str],
    ):
        self.text = text
        self.capitals = text.isupper()
        self.words = words
        self._gaps = gaps  # None: one space between every two words, from the start
        self._separator = separator
        self._bounds: list[int] | None = None

    def span(self, first: int, last: int) -> tuple[int, int]:
        """Character offsets of words first .. last."""
        bounds = self._bounds
        if bounds is None:  # added up once asked (most texts are asked for a few spans)
            if self._gaps is None:  # the words' lengths: word k starts at bounds[k] + k
                bounds = self._bounds = [0, *accumulate(map(len, self.words))]
            else:  # gap, word, gap, ...: word k is between bounds[2k] and bounds[2k + 1]
                pieces = [None] * (2 * len(self.words) + 1)
                pieces[0::2] = self._gaps
                pieces[1::2] = self.words
                bounds = self._bounds = list(accumulate(map(len, pieces)))  # type: ignore[arg-type]
        if self._gaps is None:
            return bounds[first] + first, bounds[last + 1] + last
        return bounds[2 * first], bounds[2 * last + 1]

    def separator(self, k: int) -> str:
        """The separator core between word k and word k + 1."""
        if self._gaps is None:
            return self._separator(" ")
        return self._separator(self._gaps[k + 1])


class _Memo(dict[str, V]):
    """A function's answers by argument, asked on first sight (forgotten at once when many)."""

    def __init__(self, function: Callable[[str], V]):
        super().__init__()
        self._function = function

    def __missing__(self, argument: str) -> V:
        if len(self) >= CACHE_LIMIT:
            self.clear()
        value = self[argument] = self._function(argument)
        return value


class TermScanner(Generic[T]):
    """Finds every place where one of the given word sequences stands in a text."""

    def __init__(
        self,
        sequences: Iterable[tuple[Sequence[str], Sequence[str], T]],
        *,
        word: re.Pattern[str],
        key: Callable[[str], str],
        separator: Callable[[str], str],
        same: Sequence[str] = ("",),
    ):
        """`sequences`: (keys of the words, separator cores between them, payload).

        Sequences written alike share one place in the automaton; a match
        gives all their payloads, in the order given.
        """
        self._split = re.compile(f"({word.pattern})", word.flags)
        # A chunk of text's key if it is one word, else None.
        self._keys = _Memo(lambda chunk: key(chunk) if word.fullmatch(chunk) else None)
        self._separator = separator
        self._same = frozenset(same)
        # What stands in the scanned string for a gap between two words.
        self._cores = _Memo(lambda gap: self._mark(separator(gap)))
        self._last = _Memo(self._last_word)
        by_string: dict[str, list[T]] = {}
        for keys, seps, payload in sequences:
            if not keys or len(seps) != len(keys) - 1:
                raise ValueError(f"a sequence needs n keys and n - 1 separators: {keys!r} {seps!r}")
            if any(mark in part for part in (*keys, *seps) for mark in _RESERVED):
                raise ValueError(f"a key or separator holds a reserved character: {keys!r}")
            string = _WORD_END + keys[0] + _WORD_END
            for sep, next_key in zip(seps, keys[1:], strict=True):
                string += self._mark(sep) + next_key + _WORD_END
            by_string.setdefault(string, []).append(payload)
        self._automaton: ahocorasick.Automaton | None = None
        if by_string:
            automaton = ahocorasick.Automaton()
            for string, payloads in by_string.items():
                n = string.count(_WORD_END) - 1 - string.count(_CORE) // 2
                automaton.add_word(string, (n, len(string), tuple(payloads)))
            automaton.make_automaton()
            self._automaton = automaton

    def _mark(self, core: str) -> str:
        """What stands between two keys for a separator core ('' for one of `same`)."""
        if core in self._same:
            return ""
        if _WORD_END in core or _CORE in core:
            core = _ODD
        return _CORE + core + _CORE + _WORD_END

    def scan(self, text: str) -> tuple[Reading, list[tuple[int, int, tuple[T, ...]]]]:
        """The text's words and every match: (first word, words, payloads), by end.

        Most segments are words with single spaces between them and
        punctuation at the end: `str.split` takes those apart, several times
        faster than the word pattern, which the rest go through.
        """
        words = text.split(" ")
        last = self._last[words[-1]]
        keys = None
        if last is not None:
            words[-1] = last[0]
            keys = list(map(self._keys.__getitem__, words))
            if None in keys:
                keys = None
        if keys is not None:  # one space between every two words
            reading = Reading(text, words, None, self._separator)
            string = _WORD_END + _WORD_END.join(keys) + _WORD_END  # type: ignore[arg-type]
        else:
            parts = self._split.split(text)
            words = parts[1::2]
            reading = Reading(text, words, parts[0::2], self._separator)
            if not words:
                return reading, []
            keys = list(map(self._keys.__getitem__, words))
            pieces = [_WORD_END, keys[0], _WORD_END]
            cores = self._cores
            for gap, next_key in zip(parts[2::2], keys[1:], strict=False):
                pieces += (cores[gap], next_key, _WORD_END)
            string = "".join(pieces)  # type: ignore[arg-type]
        if self._automaton is None:
            return reading, []
        hits = []
        count = string.count
        spaced = reading._gaps is None
        for end, (n, length, payloads) in self._automaton.iter(string):
            # The match starts at the WORD_END before its first word: the words
            # before it are the WORD_ENDs before it, less one for each core.
            start = end - length + 1
            if spaced:
                hits.append((count(_WORD_END, 0, start), n, payloads))
            else:
                first = count(_WORD_END, 0, start) - count(_CORE, 0, start) // 2
                hits.append((first, n, payloads))
        return reading, hits

    def _last_word(self, chunk: str) -> tuple[str, str] | None:
        """(word, what follows) when the chunk is one word then no other, else None."""
        parts = self._split.split(chunk)
        return (parts[1], parts[2]) if len(parts) == 3 and not parts[0] else None


class AhoCorasickEnglish:
    """`EnglishMatcher.locate_all_in` through the automaton."""

    def __init__(self, matcher: english.EnglishMatcher):
        self.scanner: TermScanner[tuple[str, Any, Any]] = TermScanner(
            (
                (variant.stems, variant.seps, (concept_id, variant, pattern))
                for concept_id in matcher._concepts
                for pattern in matcher.patterns(concept_id)
                for variant in pattern.variants
            ),
            word=english.WORD,
            key=english.stem,
            separator=separator_core,
            same=english.HYPHENISH,
        )

    def locate_all_in(self, text: str, concept_ids: Collection[str]) -> dict[str, list[Any]]:
        words, hits = self.scanner.scan(text)
        if not hits:
            return {}
        candidates: dict[str, list[Any]] = {}
        for i, n, payloads in hits:
            for concept_id, variant, pattern in payloads:
                if concept_id in concept_ids and (
                    pattern.case_sensitive is None or english.spelled(words, i, pattern)  # type: ignore[arg-type]
                ):
                    candidates.setdefault(concept_id, []).append((i, n, variant, pattern))
        found = {}
        for concept_id, some in candidates.items():
            if len(some) == 1:  # most concepts: nothing to choose
                i, n, _variant, pattern = some[0]
                start, end = words.span(i, i + n - 1)
                found[concept_id] = [(start, end, pattern)]
            else:
                found[concept_id] = english.select(words, some)  # type: ignore[arg-type]
        return found


def install() -> None:
    """Make every EnglishMatcher from now on scan through the automaton."""
    automata: dict[int, AhoCorasickEnglish] = {}

    def locate_all_in(self: english.EnglishMatcher, text: str, concept_ids: Collection[str]) -> Any:
        automaton = automata.get(id(self))
        if automaton is None:
            automaton = automata[id(self)] = AhoCorasickEnglish(self)
        return automaton.locate_all_in(text, concept_ids)

    def read_in(self: english.EnglishMatcher, text: str, first: dict[str, Any]) -> Any:
        # `check` asks for what the English does with each concept (`read_in`, one C
        # call where built): through the automaton, then the plain rule reads it.
        return english.reading(first, locate_all_in(self, text, first))

    english.EnglishMatcher.locate_all_in = locate_all_in  # type: ignore[method-assign]
    english.EnglishMatcher.read_in = read_in  # type: ignore[method-assign]
