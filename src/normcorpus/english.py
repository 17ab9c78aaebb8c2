"""Finding a glossary concept's English terms in English text.

The bilingual checks ask one question many times: does this English segment
render concept X, and with which of its terms? Matching works on words, not
characters, so a term never matches inside a longer word (`cybersecurityx` is
not `cybersecurity`):

- words are compared case-insensitively through a light stem (`stem`) that
  removes the possessive (`'s`, `s'`), the plural and third person (`-s`,
  `-es`, `-ies`), `-ed`/`-ing` and a final `-e`, so `norms`, `norm's`,
  `Parties'`, `ensuring`, `emphasized` and `policies` meet `norm`, `party`,
  `ensure`, `emphasize`, `policy`; spelling variants the glossary lists apart
  stay apart (`Programme`/`Program`, `Centre`/`Center`, `dialogue`/`dialog`);
- between the words of a term a space and a hyphen are interchangeable
  (`cyber security` ≈ `cyber-security`), and a hyphenated term also matches
  closed up (`capacity-building` ≈ `capacitybuilding`); other punctuation in a
  term (`peaceful, secure and resilient`) must be present in the text;
- abbreviations (the concept's `abbr`) are matched case-sensitively, with an
  optional plural or possessive (`ICTs`, `ASEAN's`).

Where several terms of one concept match the same words, the reading that
spells the text most literally wins, so `International Telecommunications
Union` is the deprecated term, not an inflected preferred one, and
`cybersecurity` is the term `cybersecurity`, not `cyber-security` closed up.

Patterns are compiled per concept on first use, and an English segment is
tokenised once (`EnglishText`), whatever the number of concepts asked about.
Where the C part was built (`_english.c`), `locate_all_in` takes the text
apart and matches in C, asking this module once per distinct word for its
stem; the two find the same (tests/test_english_scanner.py).
"""

from __future__ import annotations

import os
import re
import threading
import unicodedata
from collections.abc import Container
from dataclasses import dataclass
from functools import lru_cache
from itertools import accumulate, compress, count, product
from operator import itemgetter

from .models import Concept, Glossary
from .normalize import last_word_splitter
from .normalize import separator as _sep_core

# A word: letters and digits, with inner apostrophes (`don't`) and a trailing
# possessive apostrophe (`Ministers'`) kept; `_` and hyphens split words.
_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*['’]?")
_APOSTROPHES = str.maketrans({"’": "'", "ʼ": "'", "‘": "'"})
_HYPHENISH = ("", "-")  # separator cores treated as one: a space or a hyphen
_VOWELS = frozenset("aeiouy")

try:  # the matching in C, built with the package when a C compiler was there
    from . import _english
except ImportError:  # pragma: no cover - the pure-Python matching finds the same
    _english = None  # type: ignore[assignment]

# Whether matchers scan in C by default (NORMCORPUS_PURE_PYTHON=1 says no).
COMPILED = _english is not None and not os.environ.get("NORMCORPUS_PURE_PYTHON")

# Term status order when two readings are equally literal.
STATUS_RANK = {"preferred": 0, "admitted": 1, "abbreviation": 2, "deprecated": 3}


@lru_cache(maxsize=1 << 17)
def stem(word: str) -> str:
    """A comparison key for one English word: lower-case, inflection removed."""
    w = word.lower().translate(_APOSTROPHES)
    if w.endswith("'s"):
        w = w[:-2]
    elif w.endswith("'"):
        w = w[:-1]
    if len(w) <= 3 or not w.isalpha():
        return w
    if w.endswith("ies") and len(w) > 4:
        w = w[:-3] + "y"
    elif w.endswith(("sses", "shes", "ches", "xes", "zes")):
        w = w[:-2]
    elif w.endswith("s") and not w.endswith(("ss", "us", "is")):
        w = w[:-1]
    if w.endswith("ied") and len(w) > 4:
        w = w[:-3] + "y"
    elif w.endswith("ed") and len(w) > 4:
        w = _undouble(w[:-2])
    elif w.endswith("ing") and len(w) > 5:
        w = _undouble(w[:-3])
    if w.endswith("e") and len(w) > 3:
        w = w[:-1]
    return w


def _undouble(w: str) -> str:
    # `committed` -> `commit`, `planned` -> `plan`; `called`/`staffed` keep theirs.
    if len(w) > 2 and w[-1] == w[-2] and w[-1] not in _VOWELS and w[-1] not in "lsfz":
        return w[:-1]
    return w


class _Stems(dict[str, str | None]):
    """Word -> stem, filled on first sight (a bounded cache: cleared when large).

    A string that is not one word (a word with punctuation) gets None.
    """

    def __missing__(self, word: str) -> str | None:
        if len(self) > 1 << 18:
            self.clear()
        key = self[word] = stem(word) if _WORD.fullmatch(word) else None
        return key


_STEMS = _Stems()
_WORD_SPLIT = re.compile(f"({_WORD.pattern})")  # split() gives gap, word, gap, …, gap


_last_word = last_word_splitter(_WORD_SPLIT)


class EnglishText:
    """One English segment, tokenised once for any number of concept lookups.

    Most segments are words with single spaces between them and punctuation
    at the end: `str.split` takes those apart (several times faster than the
    word regex, which the rest go through: a chunk that is not one word has
    no stem); offsets are added up only when a term has matched.
    """

    __slots__ = ("_chunks", "_ends", "_parts", "spaced", "stems", "text", "words")

    def __init__(self, text: str):
        self.text = text
        self._ends: list[int] | None = None
        chunks = text.split(" ")
        last = _last_word(chunks[-1])
        if last is not None:
            chunks[-1] = last[0]
            stems = list(map(_STEMS.__getitem__, chunks))
            if None not in stems:  # each chunk is one word
                self._chunks: list[str] | None = chunks
                self._parts: list[str] | None = None
                self.spaced = True  # one space between every two words
                self.words: list[str] = chunks
                self.stems: list[str] = stems  # type: ignore[assignment]
                return
        self._chunks = None
        parts = self._parts = _WORD_SPLIT.split(text)
        self.words = parts[1::2]
        self.spaced = False
        self.stems = list(map(_STEMS.__getitem__, self.words))  # type: ignore[arg-type]

    def span(self, first: int, last: int) -> tuple[int, int]:
        """Character offsets of words first .. last."""
        ends = self._ends
        if self._chunks is not None:  # words with one space between them
            if ends is None:  # the words' lengths added up: word k starts at ends[k] + k
                ends = self._ends = [0, *accumulate(map(len, self.words))]
            return ends[first] + first, ends[last + 1] + last
        if ends is None:
            ends = self._ends = list(accumulate(map(len, self._parts)))  # type: ignore[arg-type]
        return ends[2 * first], ends[2 * last + 1]

    def sep(self, k: int) -> str:
        """The separator core between word k and word k + 1."""
        if self._parts is None:
            return ""  # one space
        gap = self._parts[2 * k + 2]
        return "" if gap == " " else _sep_core(gap)

    def original(self, k: int) -> str:
        return self.words[k].translate(_APOSTROPHES)

    def literal(self, k: int) -> str:
        return self.words[k].lower().translate(_APOSTROPHES)


@dataclass(frozen=True, slots=True)
class EnglishMatch:
    concept: str
    term: str  # the glossary term (or abbreviation) read here
    status: str  # preferred | admitted | deprecated | abbreviation
    surface: str  # the text matched: text[start:end]
    start: int
    end: int

    @property
    def allowed(self) -> bool:
        return self.status != "deprecated"

    def to_dict(self) -> dict[str, object]:
        return {
            "concept": self.concept,
            "term": self.term,
            "status": self.status,
            "surface": self.surface,
            "start": self.start,
            "end": self.end,
        }


@dataclass(frozen=True, slots=True)
class _Variant:
    stems: tuple[str, ...]
    literals: tuple[str, ...]  # lower-case words as the glossary spells them
    seps: tuple[str, ...]
    closed: int  # hyphens closed up to get this variant (a less literal reading)


@dataclass(frozen=True, slots=True)
class _Pattern:
    concept: str
    term: str
    status: str
    rank: int  # position in the concept's list, to break ties
    variants: tuple[_Variant, ...]
    case_sensitive: tuple[frozenset[str], ...] | None  # abbreviations: allowed spellings per word


def _variants(term: str) -> tuple[_Variant, ...]:
    words = list(_WORD.finditer(term))
    if not words:
        return ()
    tokens = [m.group().translate(_APOSTROPHES) for m in words]
    seps = [_sep_core(term[words[k].end() : words[k + 1].start()]) for k in range(len(words) - 1)]
    hyphens = [k for k, sep in enumerate(seps) if sep == "-"]
    out = []
    # Each hyphen of the term may also be closed up in the text.
    for choice in product((False, True), repeat=len(hyphens)):
        closed = {k for k, join in zip(hyphens, choice, strict=True) if join}
        merged: list[str] = [tokens[0]]
        merged_seps: list[str] = []
        for k in range(len(seps)):
            if k in closed:
                merged[-1] += tokens[k + 1]
            else:
                merged_seps.append(seps[k])
                merged.append(tokens[k + 1])
        out.append(
            _Variant(
                stems=tuple(stem(w) for w in merged),
                literals=tuple(w.lower() for w in merged),
                seps=tuple(merged_seps),
                closed=len(closed),
            )
        )
    return tuple(out)


def _abbreviation_forms(abbr: str) -> tuple[frozenset[str], ...]:
    words = [m.group().translate(_APOSTROPHES) for m in _WORD.finditer(abbr)]
    forms = []
    for position, word in enumerate(words):
        spellings = {word}
        if position == len(words) - 1:  # only the last word takes a plural or possessive
            spellings |= {word + "s", word + "'s", word + "s'", word + "'"}
        forms.append(frozenset(spellings))
    return tuple(forms)


def _patterns(concept: Concept) -> tuple[_Pattern, ...]:
    patterns = []
    for rank, term in enumerate(concept.en):
        variants = _variants(term.term)
        if variants:
            patterns.append(_Pattern(concept.id, term.term, term.status, rank, variants, None))
    for rank, abbr in enumerate(concept.en_abbreviations(), start=len(concept.en)):
        variants = _variants(abbr)
        if variants:
            forms = _abbreviation_forms(abbr)
            # An abbreviation is matched as written (`ADMM-Plus` is not closed up).
            patterns.append(_Pattern(concept.id, abbr, "abbreviation", rank, variants[:1], forms))
    return tuple(patterns)


_BY_ENTRY = itemgetter(0, 1)
# (first stem, stems, plain, variant, pattern): one way to write one of a concept's terms.
_Entry = tuple[str, list[str], bool, _Variant, _Pattern]


class EnglishMatcher:
    """Finds concepts' English terms in English text; build once per glossary."""

    def __init__(self, glossary: Glossary, *, compiled: bool | None = None):
        """`compiled`: `locate_all_in` scans in C (the default where the
        extension was built: `COMPILED`) or in Python; both find the same."""
        if compiled is None:
            compiled = COMPILED
        if compiled and _english is None:
            raise RuntimeError("normcorpus._english was not built (no C compiler at install)")
        self.compiled = compiled
        self._scanner: _english.Scanner | None = None
        self._lock = threading.Lock()  # one scan at a time (the scanner refuses a second)
        self._concepts = glossary.by_id()
        self._patterns: dict[str, tuple[_Pattern, ...]] = {}
        self._entries: dict[str, tuple[_Entry, ...]] = {}
        # First stem -> (concept, ordinal, stems, plain, variant, pattern) of every term.
        self._by_first: (
            dict[str, list[tuple[str, int, list[str], bool, _Variant, _Pattern]]] | None
        ) = None

    def patterns(self, concept_id: str) -> tuple[_Pattern, ...]:
        patterns = self._patterns.get(concept_id)
        if patterns is None:
            concept = self._concepts.get(concept_id)
            patterns = _patterns(concept) if concept is not None else ()
            self._patterns[concept_id] = patterns
        return patterns

    def _entries_of(self, concept_id: str) -> tuple[_Entry, ...]:
        entries = self._entries.get(concept_id)
        if entries is None:
            entries = tuple(
                (
                    variant.stems[0],
                    list(variant.stems),
                    # Plain: space or hyphen between the words, any case: in
                    # text of words and single spaces, the stems decide alone.
                    pattern.case_sensitive is None
                    and all(sep in _HYPHENISH for sep in variant.seps),
                    variant,
                    pattern,
                )
                for pattern in self.patterns(concept_id)
                for variant in pattern.variants
            )
            self._entries[concept_id] = entries
        return entries

    def locate_all(
        self, english: EnglishText, concept_ids: Container[str]
    ) -> dict[str, list[tuple[int, int, _Pattern]]]:
        """`locate` for several concepts in one pass over the text's words.

        Every glossary term is indexed by its first stem, so only the words
        that can start one are looked at; concepts with no match are left out.
        """
        by_first = self._by_first
        if by_first is None:
            by_first = self._by_first = {}
            for concept_id in self._concepts:
                for ordinal, entry in enumerate(self._entries_of(concept_id)):
                    by_first.setdefault(entry[0], []).append((concept_id, ordinal, *entry[1:]))
        stems = english.stems
        spaced = english.spaced
        found: dict[str, list[tuple[int, int, int, _Variant, _Pattern]]] = {}
        for i in compress(count(), map(by_first.__contains__, stems)):
            for concept_id, ordinal, words, plain, variant, pattern in by_first[stems[i]]:
                if concept_id not in concept_ids:
                    continue
                n = len(words)
                if (
                    stems[i : i + n] == words
                    if plain and spaced
                    else _fits(english, i, variant, pattern.case_sensitive)
                ):
                    candidates = found.get(concept_id)
                    if candidates is None:
                        found[concept_id] = [(ordinal, i, n, variant, pattern)]
                    else:
                        candidates.append((ordinal, i, n, variant, pattern))
        out = {}
        for concept_id, candidates in found.items():
            if len(candidates) == 1:
                _ordinal, i, n, _variant, pattern = candidates[0]
                start, end = english.span(i, i + n - 1)
                out[concept_id] = [(start, end, pattern)]
                continue
            # As `locate` orders them: by term and way of writing it, then position.
            candidates.sort(key=_BY_ENTRY)
            out[concept_id] = _select(english, [c[1:] for c in candidates])
        return out

    def locate_all_in(
        self, text: str, concept_ids: Container[str]
    ) -> dict[str, list[tuple[int, int, _Pattern]]]:
        """`locate_all` of an NFC text, taken apart here (in C where built)."""
        if not self.compiled:
            return self.locate_all(EnglishText(text), concept_ids)
        scanner = self._scanner or self._build_scanner()
        with self._lock:
            return scanner.scan(text, concept_ids)  # type: ignore[no-any-return]

    def _build_scanner(self) -> _english.Scanner:
        """Every way of writing every term, as ids, for the scan in C.

        Only the forms the glossary has get ids: a word's stem, lower-case
        literal or spelling that no term has is -1, and matches nothing.
        """
        stem_ids: dict[str, int] = {}
        literal_ids: dict[str, int] = {}
        spelling_ids: dict[str, int] = {}
        core_ids = {core: k for k, core in enumerate(_HYPHENISH)}

        def ids(values: tuple[str, ...], table: dict[str, int]) -> tuple[int, ...]:
            return tuple(table.setdefault(value, len(table)) for value in values)

        concepts = tuple(self._concepts)
        entries = []
        for index, concept_id in enumerate(concepts):
            for ordinal, (_first, _stems, _plain, variant, pattern) in enumerate(
                self._entries_of(concept_id)
            ):
                spellings = None
                if pattern.case_sensitive is not None:
                    spellings = tuple(
                        ids(tuple(sorted(forms)), spelling_ids) for forms in pattern.case_sensitive
                    )
                entries.append(
                    (
                        index,
                        ordinal,
                        pattern,
                        ids(variant.stems, stem_ids),
                        ids(variant.literals, literal_ids),
                        ids(variant.seps, core_ids),
                        spellings,
                        variant.closed,
                        STATUS_RANK[pattern.status],
                        pattern.rank,
                    )
                )

        def word_info(word: str) -> tuple[int, int, int]:
            # What EnglishText and _fits compare: the stem, the literal, the spelling.
            spelling = word.translate(_APOSTROPHES)
            return (
                stem_ids.get(stem(word), -1),
                literal_ids.get(word.lower().translate(_APOSTROPHES), -1),
                spelling_ids.get(spelling, -1),
            )

        scanner = _english.Scanner(word_info, concepts, entries, len(stem_ids), tuple(core_ids))
        self._scanner = scanner
        return scanner

    def find(self, text: str | EnglishText, concept_id: str) -> tuple[EnglishMatch, ...]:
        """The concept's terms in the text: non-overlapping, longest and most literal first."""
        english = text if isinstance(text, EnglishText) else EnglishText(text)
        return tuple(
            EnglishMatch(
                concept=concept_id,
                term=pattern.term,
                status=pattern.status,
                surface=english.text[start:end],
                start=start,
                end=end,
            )
            for start, end, pattern in self.locate(english, concept_id)
        )

    def locate(self, english: EnglishText, concept_id: str) -> list[tuple[int, int, _Pattern]]:
        """`find` as (start, end, pattern) tuples, for callers that read a few fields."""
        stems = english.stems
        spaced = english.spaced
        candidates: list[tuple[int, int, _Variant, _Pattern]] = []
        entries = self._entries.get(concept_id) or self._entries_of(concept_id)
        for first, words, plain, variant, pattern in entries:
            occurrences = stems.count(first)
            if not occurrences:
                continue
            n = len(words)
            i = -1
            for _ in range(occurrences):
                i = stems.index(first, i + 1)
                if (
                    stems[i : i + n] == words
                    if plain and spaced
                    else _fits(english, i, variant, pattern.case_sensitive)
                ):
                    candidates.append((i, n, variant, pattern))
        return _select(english, candidates) if candidates else []


def _select(
    english: EnglishText, candidates: list[tuple[int, int, _Variant, _Pattern]]
) -> list[tuple[int, int, _Pattern]]:
    """Non-overlapping matches of one concept: longest and most literal first."""
    if len(candidates) > 1:
        # Sort key: start, longest, most literal, status, glossary order.
        candidates.sort(
            key=lambda c: (
                c[0],
                -c[1],
                -_literal_score(english, c[0], c[2]),
                STATUS_RANK[c[3].status],
                c[3].rank,
            )
        )
    taken_until = -1
    out = []
    for i, n, _variant, pattern in candidates:
        if i <= taken_until:
            continue
        last = i + n - 1
        taken_until = last
        start, end = english.span(i, last)
        out.append((start, end, pattern))
    return out


def _fits(
    english: EnglishText,
    i: int,
    variant: _Variant,
    case_sensitive: tuple[frozenset[str], ...] | None,
) -> bool:
    """Whether the variant matches at word i (its first word is known to match)."""
    n = len(variant.stems)
    stems = english.stems
    if i + n > len(stems):
        return False
    for j in range(1, n):
        if stems[i + j] != variant.stems[j]:
            return False
        term_sep, text_sep = variant.seps[j - 1], english.sep(i + j - 1)
        if term_sep != text_sep and not (term_sep in _HYPHENISH and text_sep in _HYPHENISH):
            return False
    if case_sensitive is not None:
        for j in range(n):
            if english.original(i + j) not in case_sensitive[j]:
                return False
    return True


def _literal_score(english: EnglishText, i: int, variant: _Variant) -> int:
    """How literally a matching variant spells the text at word i (higher: closer)."""
    n = len(variant.stems)
    score = 0
    for j in range(n):
        if english.literal(i + j) == variant.literals[j]:
            score += 1
        if j and english.sep(i + j - 1) == variant.seps[j - 1]:
            score += 1
    return 2 * score - variant.closed


def nfc(text: str) -> str:
    """English text in NFC (a decomposed `Communiqué` is the same word)."""
    return text if unicodedata.is_normalized("NFC", text) else unicodedata.normalize("NFC", text)
