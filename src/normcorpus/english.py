"""Finding a glossary concept's English terms in English text: the rule.

The bilingual checks ask one question many times: does this English segment
render concept X, and with which of its terms? Matching works on words, not
characters, so a term never matches inside a longer word (`cybersecurityx` is
not `cybersecurity`):

- words are compared through their stems: lower-cased, the possessive
  removed, then Snowball's English stemmer (Porter2, made for English), so
  inflection and derivation meet (`norms`/`norm's`/`Parties'`, `threatens`,
  `prevention`, `technological`, `national`/`nation`, `Sharing`); spelling
  variants the glossary lists apart stay apart (`Programme`/`Program`,
  `Centre`/`Center`, `dialogue`/`dialog`), and so does word order: the
  words of a term stand in its order, next to each other, so `information
  security` is never `security information` (`sharing of information` is a
  term only if the glossary lists it); case does not count, so an all-caps
  heading (`THREATS TO CYBERSECURITY`) matches as well;
- between the words of a term a space and a hyphen are interchangeable
  (`cyber security` ≈ `cyber-security`), and a hyphenated term also matches
  closed up (`capacity-building` ≈ `capacitybuilding`); other punctuation in a
  term (`peaceful, secure and resilient`) must be present in the text;
- abbreviations (`abbreviations(concept)`) are matched case-sensitively,
  with an optional plural or possessive (`ICTs`, `ASEAN's`); in a text with
  no lower-case letter (a heading), in capitals too (`DOS` for `DoS`).

Where several terms of one concept match the same words, the reading that
spells the text most literally wins, so `International Telecommunications
Union` is the deprecated term, not an inflected preferred one, and
`cybersecurity` is the term `cybersecurity`, not `cyber-security` closed up.

This module is the rule, written to be read: `EnglishText` takes a text apart
into words, `EnglishMatcher.locate` tries every way of writing every term of a
concept at every word and `select` chooses. `locate_all_in` gives the same
answer through `accel.termscan` (in C) where it was built, and `read_in`, what
the checks call, with `reading` of it (what the English does with each concept
of the source) in the same call; tests/test_english_accel.py checks both.
"""

from __future__ import annotations

import os
import re
import sys
import unicodedata
from collections.abc import Callable, Collection, Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from importlib.metadata import PackageNotFoundError, version
from itertools import product

from . import glossarycache, normalize, stemming
from .accel import termscan
from .models import Concept, Glossary
from .normalize import separator

# A word: letters and digits, with inner apostrophes (`don't`) and a trailing
# possessive apostrophe (`Ministers'`) kept; `_` and hyphens split words.
WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*['’]?")
_APOSTROPHES = str.maketrans({"’": "'", "ʼ": "'", "‘": "'"})
HYPHENISH = ("", "-")  # separator cores treated as one: a space or a hyphen

# Whether `locate_all_in` scans in C by default (NORMCORPUS_PURE_PYTHON=1 says no).
COMPILED = termscan.BUILT and not os.environ.get("NORMCORPUS_PURE_PYTHON")

# `locate_all_in` scans for the concepts asked for so far, up to this many; past
# it, or in a glossary that small, for every concept (`EnglishMatcher._scanner`).
SUBSET_LIMIT = 2_000
# ... and for at most this many scans built for some (each builds the tables of
# all it holds again; a caller that says what is coming, `expect`, needs few).
SUBSET_BUILDS = 24

# Term status order when two readings are equally literal.
STATUS_RANK = {"preferred": 0, "admitted": 1, "abbreviation": 2, "deprecated": 3}


@lru_cache(maxsize=1 << 17)
def stem(word: str) -> str:
    """A comparison key for one English word: lower-case, its Snowball (Porter2) stem.

    The possessive goes first (`Parties'`, `ASEAN's`: the stemmer takes
    `'s` but not a plural's apostrophe), curly apostrophes count as straight.
    Snowball's stemmer is PyStemmer's compiled one where it is installed (a
    dependency), else snowballstemmer's own port; the two give the same stems
    (tests/test_english.py).
    """
    w = word.lower()
    if not w.isascii():  # (an ASCII word has no curly apostrophe: translate costs)
        w = w.translate(_APOSTROPHES)
    if w.endswith("'s"):
        w = w[:-2]
    elif w.endswith("'"):
        w = w[:-1]
    return stemming.stem_word(w)  # the index's stemmer: one for the whole package


class EnglishText:
    """One English segment as words, each with its stem, for any number of lookups."""

    __slots__ = ("_bounds", "capitals", "stems", "text", "words")

    def __init__(self, text: str):
        found = list(WORD.finditer(text))
        self.text = text
        self.capitals = text.isupper()  # no lower-case letter: a heading
        self.words = [m.group() for m in found]
        self.stems = [stem(word) for word in self.words]
        self._bounds = [m.span() for m in found]

    def span(self, first: int, last: int) -> tuple[int, int]:
        """Character offsets of words first .. last."""
        return self._bounds[first][0], self._bounds[last][1]

    def separator(self, k: int) -> str:
        """The separator core between word k and word k + 1 ('' for spaces)."""
        return separator(self.text[self._bounds[k][1] : self._bounds[k + 1][0]])


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
class Variant:
    """One way of writing a term: its words' stems and the separators between them."""

    stems: tuple[str, ...]
    literals: tuple[str, ...]  # lower-case words as the glossary spells them
    seps: tuple[str, ...]
    closed: int  # hyphens closed up to get this variant (a less literal reading)


@dataclass(frozen=True, slots=True)
class Pattern:
    """A concept's term or abbreviation, with every way of writing it."""

    concept: str
    term: str
    status: str
    rank: int  # position in the concept's list, to break ties
    variants: tuple[Variant, ...]
    case_sensitive: tuple[frozenset[str], ...] | None  # abbreviations: allowed spellings per word
    capitals: tuple[frozenset[str], ...] | None = None  # and in a text in capitals


# A match as the checks read it: (start, end, pattern) in the text.
Located = tuple[int, int, Pattern]
# What an English text does with the concepts of a source (`reading`): the terms
# found per concept; the allowed renderings; (concept, start, end) of each concept
# unrendered; (concept, start, end, en_start, en_end, pattern) of each deprecated term.
Reading = tuple[
    dict[str, list[Located]],
    tuple[Pattern, ...],
    tuple[tuple[str, int, int], ...],
    tuple[tuple[str, int, int, int, int, Pattern], ...],
]
# A candidate before the choice: (first word, words, variant, pattern).
_Candidate = tuple[int, int, Variant, Pattern]


def _variants(term: str) -> tuple[Variant, ...]:
    words = list(WORD.finditer(term))
    if not words:
        return ()
    tokens = [m.group().translate(_APOSTROPHES) for m in words]
    seps = [separator(term[words[k].end() : words[k + 1].start()]) for k in range(len(words) - 1)]
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
            Variant(
                stems=tuple(stem(w) for w in merged),
                literals=tuple(w.lower() for w in merged),
                seps=tuple(merged_seps),
                closed=len(closed),
            )
        )
    return tuple(out)


def _abbreviation_forms(abbr: str) -> tuple[frozenset[str], ...]:
    words = [m.group().translate(_APOSTROPHES) for m in WORD.finditer(abbr)]
    forms = []
    for position, word in enumerate(words):
        spellings = {word}
        if position == len(words) - 1:  # only the last word takes a plural or possessive
            spellings |= {word + "s", word + "'s", word + "s'", word + "'"}
        forms.append(frozenset(spellings))
    return tuple(forms)


def abbreviations(concept: Concept) -> tuple[str, ...]:
    """The abbreviations an English text may use for the concept.

    The one place that reads them: `abbr` (written alike in either language),
    then the English-only `abbr_en` (`IT`, `TSP`).
    """
    return concept.en_abbreviations()


def patterns_of(concept: Concept) -> tuple[Pattern, ...]:
    """Every term and abbreviation of the concept, in glossary order."""
    patterns = []
    for rank, term in enumerate(concept.en):
        variants = _variants(term.term)
        if variants:
            patterns.append(Pattern(concept.id, term.term, term.status, rank, variants, None))
    for rank, abbr in enumerate(abbreviations(concept), start=len(concept.en)):
        variants = _variants(abbr)
        if variants:
            forms = _abbreviation_forms(abbr)
            capitals = tuple(frozenset({*f, *(s.upper() for s in f)}) for f in forms)
            # An abbreviation is matched as written (`ADMM-Plus` is not closed up).
            patterns.append(
                Pattern(concept.id, abbr, "abbreviation", rank, variants[:1], forms, capitals)
            )
    return tuple(patterns)


def fits(english: EnglishText, i: int, variant: Variant, pattern: Pattern) -> bool:
    """Whether the variant is written at word i: the same stems, separators alike."""
    n = len(variant.stems)
    if i + n > len(english.words):
        return False
    for j in range(n):
        if english.stems[i + j] != variant.stems[j]:
            return False
    for j in range(n - 1):
        if not _same_separator(variant.seps[j], english.separator(i + j)):
            return False
    return spelled(english, i, pattern)


def _same_separator(term_sep: str, text_sep: str) -> bool:
    return term_sep == text_sep or (term_sep in HYPHENISH and text_sep in HYPHENISH)


def spelled(english: EnglishText, i: int, pattern: Pattern) -> bool:
    """Whether an abbreviation is spelled as written at word i (any term is)."""
    spellings = pattern.capitals if english.capitals else pattern.case_sensitive
    if spellings is None:
        return True
    return all(
        english.words[i + j].translate(_APOSTROPHES) in forms for j, forms in enumerate(spellings)
    )


def select(english: EnglishText, candidates: Iterable[_Candidate]) -> list[Located]:
    """Non-overlapping matches of one concept: longest and most literal first.

    Candidates are taken by start, then length, how literally they spell the
    text, term status and glossary order; one that overlaps a match taken is
    dropped.
    """
    ordered = sorted(
        candidates,
        key=lambda c: (
            c[0],
            -c[1],
            -_literal_score(english, c[0], c[2]),
            STATUS_RANK[c[3].status],
            c[3].rank,
        ),
    )
    taken_until = -1
    out = []
    for i, n, _variant, pattern in ordered:
        if i <= taken_until:
            continue
        taken_until = i + n - 1
        start, end = english.span(i, taken_until)
        out.append((start, end, pattern))
    return out


def reading(first: dict[str, tuple[int, int]], rendered: dict[str, list[Located]]) -> Reading:
    """What the English does with each concept of a source, in the source's order.

    `first` maps each concept to its first place in the source, in source order;
    `rendered` is `locate_all_in` of the English for them. Gives `rendered`; the
    allowed renderings, the pattern of each match that is not deprecated nor an
    abbreviation (an abbreviation satisfies a concept but is no rendering to be
    consistent about); (concept, start, end) of each concept with no allowed term;
    (concept, start, end, en_start, en_end, pattern) of each deprecated term used.
    The rule: `EnglishMatcher.read_in` gives the same in C (`TermScanner.read`).
    """
    renderings: list[Pattern] = []
    unrendered: list[tuple[str, int, int]] = []
    deprecated: list[tuple[str, int, int, int, int, Pattern]] = []
    found = rendered.get
    for concept_id, (start, end) in first.items():
        allowed = False
        for en_start, en_end, pattern in found(concept_id, ()):
            term_status = pattern.status
            if term_status == "deprecated":
                deprecated.append((concept_id, start, end, en_start, en_end, pattern))
            else:
                allowed = True
                if term_status != "abbreviation":
                    renderings.append(pattern)
        if not allowed:
            unrendered.append((concept_id, start, end))
    return rendered, tuple(renderings), tuple(unrendered), tuple(deprecated)


def _role(status: str) -> int:
    """What a match of a term with this status does for its concept (`reading`)."""
    if status == "deprecated":
        return termscan.NOTED
    return termscan.SATISFIES if status == "abbreviation" else termscan.RENDERS


def _literal_score(english: EnglishText, i: int, variant: Variant) -> int:
    """How literally a matching variant spells the text at word i (higher: closer)."""
    score = 0
    for j, literal in enumerate(variant.literals):
        if english.words[i + j].lower().translate(_APOSTROPHES) == literal:
            score += 1
        if j and english.separator(i + j - 1) == variant.seps[j - 1]:
            score += 1
    return 2 * score - variant.closed


class EnglishMatcher:
    """Finds concepts' English terms in English text; build once per glossary."""

    def __init__(self, glossary: Glossary, *, compiled: bool | None = None):
        """`compiled`: `locate_all_in` scans in C (`accel.termscan`; the default
        where it was built: `COMPILED`) or reads the text by the rule itself;
        both find the same."""
        if compiled is None:
            compiled = COMPILED
        if compiled and not termscan.BUILT:
            raise RuntimeError("normcorpus.accel._termscan was not built (no C compiler)")
        self.compiled = compiled
        self._glossary = glossary
        self._concepts = glossary.by_id()
        self._patterns: dict[str, tuple[Pattern, ...]] = {}
        # The scan in C, built on first use: for text with lower-case letters,
        # and for text in capitals (abbreviations in capitals too); each for
        # the concepts in `_covered` (None: all of them, see `_scanner`).
        self._scanners: dict[bool, termscan.TermScanner] = {}
        self._covered: dict[bool, frozenset[str] | None] = {}
        self._every: dict[bool, Callable[..., dict[str, list[Located]]]] = {}  # their `scan`
        self._reads: dict[bool, Callable[..., Reading]] = {}  # and their `read`
        self._position: dict[str, int] | None = None  # concept id -> place in the glossary
        self._expected: set[str] = set()  # concepts to be asked for soon (`expect`)
        self._subsets = 0  # scans built for some concepts

    def patterns(self, concept_id: str) -> tuple[Pattern, ...]:
        patterns = self._patterns.get(concept_id)
        if patterns is None:
            concept = self._concepts.get(concept_id)
            patterns = patterns_of(concept) if concept is not None else ()
            self._patterns[concept_id] = patterns
        return patterns

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

    def locate(self, english: EnglishText, concept_id: str) -> list[Located]:
        """`find` as (start, end, pattern) tuples: the rule, every way of writing at every word."""
        return select(
            english,
            (
                (i, len(variant.stems), variant, pattern)
                for pattern in self.patterns(concept_id)
                for variant in pattern.variants
                for i in range(len(english.words))
                if fits(english, i, variant, pattern)
            ),
        )

    def locate_all(
        self, english: EnglishText, concept_ids: Iterable[str]
    ) -> dict[str, list[Located]]:
        """`locate` for several concepts; concepts with no match are left out."""
        found = {}
        for concept_id in concept_ids:
            located = self.locate(english, concept_id)
            if located:
                found[concept_id] = located
        return found

    def locate_all_in(self, text: str, concept_ids: Collection[str]) -> dict[str, list[Located]]:
        """`locate_all` of an NFC text (the concepts in any order), in C where built."""
        capitals = text.isupper()
        scan = self._every.get(capitals)
        if scan is not None:  # a scan of every concept, once built (most calls)
            return scan(text, concept_ids)
        if not self.compiled:
            return self.locate_all(EnglishText(text), concept_ids)
        scanner = self._scanner(capitals, concept_ids)
        return scanner.scan(text, concept_ids)  # (start, end, pattern): see _build_scanner

    def read_in(self, text: str, first: dict[str, tuple[int, int]]) -> Reading:
        """`reading(first, locate_all_in(text, first))`, in one call in C where built."""
        capitals = text.isupper()
        read = self._reads.get(capitals)
        if read is not None:  # a scan of every concept, once built (most calls)
            return read(text, first)
        if not self.compiled:
            return reading(first, self.locate_all(EnglishText(text), first))
        return self._scanner(capitals, first).read(text, first)

    def expect(self, concept_ids: Iterable[str]) -> None:
        """Say which concepts `locate_all_in` will be asked for soon (a batch's): a scan
        built for some concepts is then built for these too, once, rather than again
        for each text that asks for one more. (Not read, nor `concept_ids` iterated,
        where every scan is of every concept: `_scanner`.)"""
        if len(self._concepts) <= SUBSET_LIMIT or self._subsets > SUBSET_BUILDS:
            return
        self._expected.update(concept_ids)

    def _scanner(self, capitals: bool, concept_ids: Collection[str]) -> termscan.TermScanner:
        """A scan that holds the concepts asked for: the one built before when it
        does, else one for them and those asked for before, or for every concept.

        The scan keeps each concept's matches apart from the others' (`termscan`),
        so a scan of some concepts finds what a scan of all finds for them
        (tests/test_english_accel.py). A check of a few rows with a large glossary
        asks for a few hundred of its 100,000 concepts: building their tables
        costs less than reading all of them from the cache (issue 18). Past
        `SUBSET_LIMIT` concepts, or for a glossary that small, it is every concept.
        """
        scanner = self._scanners.get(capitals)
        covered = self._covered.get(capitals)
        if scanner is not None and (covered is None or covered.issuperset(concept_ids)):
            return scanner
        wanted = set(covered or ()).union(concept_ids, self._expected)
        wanted.intersection_update(self._concepts)
        self._subsets += 1
        if (
            len(self._concepts) <= SUBSET_LIMIT
            or len(wanted) > SUBSET_LIMIT
            or self._subsets > SUBSET_BUILDS
        ):
            return self._build_scanner(capitals)
        self._covered[capitals] = frozenset(wanted)
        if self._position is None:
            self._position = {concept_id: k for k, concept_id in enumerate(self._concepts)}
        # In glossary order, as a scan of every concept has them.
        return self._build_scanner(capitals, sorted(wanted, key=self._position.__getitem__))

    def _build_scanner(
        self, capitals: bool, concept_ids: list[str] | None = None
    ) -> termscan.TermScanner:
        """Every way of writing every term (of `concept_ids`: of those only), for the
        scan in C (every term's tables from the cache beside the glossary's when it
        came from one: `glossarycache.tables`)."""
        if concept_ids is None:
            self._covered[capitals] = None
            tables = glossarycache.tables(
                self._glossary,
                "english-capitals" if capitals else "english",
                _tables_key(),
                lambda glossary: termscan.compile_phrases(self._phrases(capitals)),
            )
        else:
            tables = termscan.compile_phrases(self._phrases(capitals, concept_ids))
        # A match gives back its pattern itself: the phrases' payload is the
        # pattern's place among its concept's (`_phrases`).
        scanner = self._scanners[capitals] = termscan.TermScanner(
            tables,
            describe=_describe,
            payload=lambda concept_id, k: self.patterns(concept_id)[k],
        )
        if concept_ids is None:
            self._every[capitals] = scanner.scan
            self._reads[capitals] = scanner.read
        else:
            self._every.pop(capitals, None)
            self._reads.pop(capitals, None)
        return scanner

    def _phrases(
        self, capitals: bool, concept_ids: Iterable[str] | None = None
    ) -> Iterator[termscan.Phrase]:
        # The payload is the pattern's place among its concept's (`locate_all_in`).
        for concept_id in self._concepts if concept_ids is None else concept_ids:
            for k, pattern in enumerate(self.patterns(concept_id)):
                for variant in pattern.variants:
                    yield termscan.Phrase(
                        group=concept_id,
                        payload=k,
                        keys=variant.stems,
                        literals=variant.literals,
                        seps=variant.seps,
                        spellings=pattern.capitals if capitals else pattern.case_sensitive,
                        closed=variant.closed,
                        order=(STATUS_RANK[pattern.status], pattern.rank),
                        role=_role(pattern.status),
                    )


@lru_cache(maxsize=1)
def _tables_key() -> str:
    """What the scan's tables depend on besides the glossary (`glossarycache.code_key`)."""
    try:  # the stemmer's rules come with its version
        stemmer = version("snowballstemmer").encode()
    except PackageNotFoundError:
        stemmer = b""
    modules = (sys.modules[__name__], termscan, stemming, normalize)
    return glossarycache.code_key(*modules, data=stemmer)


def _describe(word: str) -> tuple[str, str, str]:
    """What the scan compares of a word: its stem, its literal, its spelling."""
    spelling = word if word.isascii() else word.translate(_APOSTROPHES)
    return stem(word), spelling.lower(), spelling


def nfc(text: str) -> str:
    """English text in NFC (a decomposed `Communiqué` is the same word)."""
    return text if unicodedata.is_normalized("NFC", text) else unicodedata.normalize("NFC", text)
