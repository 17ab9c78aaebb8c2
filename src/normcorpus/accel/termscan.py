"""Word sequences (a glossary's terms) found in text at once, in C.

Fed data and a callback, no linguistics: the sequences to find (`Phrase`:
what each word must be worth, the separators between the words, and how
the choice ranks it), and what a word of the text is worth (`describe`: its
key, its lower-case literal and its spelling). `TermScanner.scan(text,
groups)` takes the text apart into words, finds every phrase of the groups
asked for at every word, and keeps per group the non-overlapping ones: by
start, longest, most literally spelled, then `order`.

The C (`_termscan.c`, built with the package where a C compiler was there:
`BUILT`) reads words and separators as english.py does (`english.WORD`,
`normalize.separator`); english.py's rule is the reference, and
tests/test_english_accel.py checks that the two find the same. The forms are
made ids here, once: a word's key, literal or spelling that no phrase has is
-1 and matches nothing.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Container, Iterable
from dataclasses import dataclass
from typing import Any

try:  # built with the package when a C compiler was there
    from . import _termscan
except ImportError:  # pragma: no cover - the English rule finds the same
    _termscan = None  # type: ignore[assignment]

BUILT = _termscan is not None

# The separator cores the scan tells apart itself: only spaces, and one dash.
SPACE, HYPHEN = "", "-"


@dataclass(frozen=True, slots=True)
class Phrase:
    """One way of writing one sequence of words."""

    group: str  # what its matches are reported under (a concept id)
    payload: Any  # what a match gives back
    keys: tuple[str, ...]  # what each word must be worth (`describe`'s key)
    literals: tuple[str, ...]  # each word as written: a word spelled so is more literal
    seps: tuple[str, ...]  # separator cores between the words; a space and a hyphen are alike
    spellings: tuple[frozenset[str], ...] | None  # per word, the spellings allowed; None: any
    closed: int  # how much less literal this way of writing is (hyphens closed up)
    order: tuple[int, int]  # the last tie-breaks: lower first


# What a word of the text is worth: (key, lower-case literal, spelling).
Describe = Callable[[str], tuple[str, str, str]]


def compile_phrases(phrases: Iterable[Phrase]) -> dict[str, Any]:
    """The scan's tables for `phrases`, in builtin types only (lists, tuples, str,
    int) when the payloads are: what `TermScanner` is built from, and what a cache
    may store (`marshal`) and give back."""
    keys: dict[str, int] = {}
    literals: dict[str, int] = {}
    spellings: dict[str, int] = {}
    cores = {SPACE: 0, HYPHEN: 1}

    def ids(values: Iterable[str], table: dict[str, int]) -> tuple[int, ...]:
        return tuple(table.setdefault(value, len(table)) for value in values)

    groups: dict[str, int] = {}
    entries = []
    ordinals: dict[str, int] = {}
    for phrase in phrases:
        group = groups.setdefault(phrase.group, len(groups))
        ordinal = ordinals[phrase.group] = ordinals.get(phrase.group, -1) + 1
        entries.append(
            (
                group,
                ordinal,
                phrase.payload,
                ids(phrase.keys, keys),
                ids(phrase.literals, literals),
                ids(phrase.seps, cores),
                None
                if phrase.spellings is None
                else tuple(ids(sorted(forms), spellings) for forms in phrase.spellings),
                phrase.closed,
                *phrase.order,
            )
        )
    return {
        "keys": list(keys),
        "literals": list(literals),
        "spellings": list(spellings),
        "cores": tuple(cores),
        "groups": tuple(groups),
        "entries": entries,
    }


class TermScanner:
    """Finds phrases in text and chooses among them, per group; build once."""

    def __init__(
        self,
        phrases: Iterable[Phrase] | dict[str, Any],
        *,
        describe: Describe,
        payload: Callable[[str, Any], Any] | None = None,
    ):
        """`phrases`: the phrases, or their tables (`compile_phrases`). `payload(group,
        payload)`: what a match gives back instead of the phrase's payload, asked once a
        phrase here (tables from a cache hold only builtin types; a scan then gives
        the caller's objects with no step of its own a match)."""
        if _termscan is None:
            raise RuntimeError("normcorpus.accel._termscan was not built (no C compiler)")
        tables = phrases if isinstance(phrases, dict) else compile_phrases(phrases)
        entries = tables["entries"]
        if payload is not None:
            groups = tables["groups"]
            entries = [(g, o, payload(groups[g], p), *rest) for g, o, p, *rest in entries]
        keys = {key: k for k, key in enumerate(tables["keys"])}
        literals = {literal: k for k, literal in enumerate(tables["literals"])}
        spellings = {spelling: k for k, spelling in enumerate(tables["spellings"])}

        def word_info(word: str) -> tuple[int, int, int]:
            key, literal, spelling = describe(word)
            return keys.get(key, -1), literals.get(literal, -1), spellings.get(spelling, -1)

        self._scanner = _termscan.Scanner(
            word_info, tables["groups"], entries, len(keys), tables["cores"]
        )
        # One scan at a time: `describe` runs inside a scan, and the C
        # refuses a second one on the same scanner rather than let its
        # tables move under the first.
        self._lock = threading.Lock()

    def scan(self, text: str, groups: Container[str]) -> dict[str, list[tuple[int, int, Any]]]:
        """{group: [(start, end, payload), ...]} of the groups asked for that have a match."""
        with self._lock:
            return self._scanner.scan(text, groups)  # type: ignore[no-any-return]

    @property
    def words(self) -> int:
        """Distinct words remembered (their ids are kept, up to a limit)."""
        return self._scanner.words  # type: ignore[no-any-return]

    def forget_words(self) -> None:
        self._scanner.forget_words()
