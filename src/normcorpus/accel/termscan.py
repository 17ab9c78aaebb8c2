"""Word sequences (a glossary's terms) found in text at once, in C.

Fed data and a callback, no linguistics: the sequences to find (`Phrase`:
what each word must be worth, the separators between the words, and how
the choice ranks it), and what a word of the text is worth (`describe`: its
key, its lower-case literal and its spelling). `TermScanner.scan(text,
groups)` takes the text apart into words, finds every phrase of the groups
asked for at every word, and keeps per group the non-overlapping ones: by
start, longest, most literally spelled, then `order`. `TermScanner.read(text,
first)` also says, in the same call, what the matches do for each group of
`first` (each phrase's `role`: it renders the group, satisfies it, or is noted).

The C (`_termscan.c`, built with the package where a C compiler was there:
`BUILT`) reads words and separators as english.py does (`english.WORD`,
`normalize.separator`); english.py's rule is the reference, and
tests/test_english_accel.py checks that the two find the same. The forms are
made ids here, once: a word's key, literal or spelling that no phrase has is
-1 and matches nothing.
"""

from __future__ import annotations

import threading
from bisect import bisect_left
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

# The ids of a word whose key no phrase has: nothing else of it is read.
_UNKNOWN = (-1, -1, -1)

# What a match of a phrase does for its group (`TermScanner.read`): it satisfies
# the group and is listed, satisfies it only, or does not satisfy it and is noted.
RENDERS, SATISFIES, NOTED = 0, 1, 2

# `TermScanner.read`: the matches found per group, the payloads listed, the
# groups unmet (group, start, end), the matches noted (group, start, end,
# match start, match end, payload).
Read = tuple[
    dict[str, list[tuple[int, int, Any]]], tuple[Any, ...], tuple[Any, ...], tuple[Any, ...]
]


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
    role: int = RENDERS  # what a match does for its group (`TermScanner.read`)


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
    roles = []
    ordinals: dict[str, int] = {}
    for phrase in phrases:
        roles.append(phrase.role)
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
    # Ids in sorted order, so that a scanner finds a word's by bisection and need
    # not hash every form (`_SortedIds`): 900,000 of them for 100,000 concepts.
    renumber = [_sorted_ids(table) for table in (keys, literals, spellings)]
    by_key, by_literal, by_spelling = (r[1] for r in renumber)
    entries = [
        (
            group,
            ordinal,
            payload,
            tuple(by_key[k] for k in stems),
            tuple(by_literal[k] for k in literal_ids),
            seps,
            None
            if spelled is None
            else tuple(tuple(sorted(by_spelling[k] for k in forms)) for forms in spelled),
            *rest,
        )
        for group, ordinal, payload, stems, literal_ids, seps, spelled, *rest in entries
    ]
    return {
        "keys": renumber[0][0],
        "literals": renumber[1][0],
        "spellings": renumber[2][0],
        "cores": tuple(cores),
        "groups": tuple(groups),
        "entries": entries,
        "roles": tuple(roles),
    }


def _sorted_ids(table: dict[str, int]) -> tuple[list[str], list[int]]:
    """The table's values sorted, and each old id's new one (its place among them)."""
    ordered = sorted(table)
    new = [0] * len(table)
    for k, value in enumerate(ordered):
        new[table[value]] = k
    return ordered, new


class _SortedIds:
    """A sorted list's positions by value, found by bisection (`dict.get`'s use)."""

    __slots__ = ("_values",)

    def __init__(self, values: list[str]):
        self._values = values

    def get(self, value: str, default: int) -> int:
        values = self._values
        k = bisect_left(values, value)
        return k if k < len(values) and values[k] == value else default


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
        payload)`: what a match gives back instead of the phrase's (hashable) payload,
        asked once an entry, at its first match, by the C (tables from a cache hold only builtin
        types; asking every phrase here cost a 100,000-concept glossary 8 s a process)."""
        if _termscan is None:
            raise RuntimeError("normcorpus.accel._termscan was not built (no C compiler)")
        tables = phrases if isinstance(phrases, dict) else compile_phrases(phrases)
        # compile_phrases numbers forms in sorted order: no dict of every form built.
        keys, literals, spellings = (
            _SortedIds(tables[name]) for name in ("keys", "literals", "spellings")
        )

        def word_info(word: str) -> tuple[int, int, int]:
            key, literal, spelling = describe(word)
            key_id = keys.get(key, -1)
            if key_id < 0:
                # The C reads a word's literal and spelling only where every word
                # of a phrase has its key: most words of a text are in no phrase.
                return _UNKNOWN
            return key_id, literals.get(literal, -1), spellings.get(spelling, -1)

        # (the C asks `payload` once an entry, at its first match, and keeps the answer)
        self._scanner = _termscan.Scanner(
            word_info,
            tables["groups"],
            tables["entries"],
            len(tables["keys"]),
            tables["cores"],
            payload,
            tables.get("roles"),
        )
        # One scan at a time: `describe` runs inside a scan, and the C
        # refuses a second one on the same scanner rather than let its
        # tables move under the first.
        self._lock = threading.Lock()

    def scan(self, text: str, groups: Container[str]) -> dict[str, list[tuple[int, int, Any]]]:
        """{group: [(start, end, payload), ...]} of the groups asked for that have a match."""
        with self._lock:
            return self._scanner.scan(text, groups)  # type: ignore[no-any-return]

    def read(
        self, text: str, first: dict[str, tuple[int, int]]
    ) -> tuple[
        dict[str, list[tuple[int, int, Any]]], tuple[Any, ...], tuple[Any, ...], tuple[Any, ...]
    ]:
        """(found, listed, unmet, noted): found is `scan(text, first)`, `first` a dict
        {group: (start, end)} (a place the caller gives); then through `first` in its
        order and each group's matches in theirs: the payload of each match that
        RENDERS (listed); (group, start, end) of each group that no match RENDERS or
        SATISFIES (unmet); (group, start, end, match start, match end, payload) of
        each match NOTED (noted). The caller's rule says the same in Python
        (`english.reading`)."""
        with self._lock:
            return self._scanner.read(text, first)  # type: ignore[no-any-return]

    @property
    def words(self) -> int:
        """Distinct words remembered (their ids are kept, up to a limit)."""
        return self._scanner.words  # type: ignore[no-any-return]

    def forget_words(self) -> None:
        self._scanner.forget_words()
