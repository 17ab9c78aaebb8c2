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
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from itertools import product

from .models import Concept, Glossary
from .normalize import separator as _sep_core

# A word: letters and digits, with inner apostrophes (`don't`) and a trailing
# possessive apostrophe (`Ministers'`) kept; `_` and hyphens split words.
_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*['’]?")
_APOSTROPHES = str.maketrans({"’": "'", "ʼ": "'", "‘": "'"})
_HYPHENISH = ("", "-")  # separator cores treated as one: a space or a hyphen
_VOWELS = frozenset("aeiouy")

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


_STEMS: dict[str, str] = {}


class EnglishText:
    """One English segment, tokenised once for any number of concept lookups.

    Only the words' stems are computed up front; positions, separators and
    literal spellings are read when a term's first word has matched.
    """

    __slots__ = ("_words", "stems", "text")

    def __init__(self, text: str):
        self.text = text
        cache = _STEMS
        stems = []
        for word in _WORD.findall(text):
            key = cache.get(word)
            if key is None:
                if len(cache) > 1 << 18:
                    cache.clear()
                key = cache[word] = stem(word)
            stems.append(key)
        self.stems = stems
        self._words: list[re.Match[str]] | None = None

    @property
    def words(self) -> list[re.Match[str]]:
        if self._words is None:
            self._words = list(_WORD.finditer(self.text))
        return self._words

    def sep(self, k: int) -> str:
        """The separator core between word k and word k + 1."""
        words = self.words
        gap = self.text[words[k].end() : words[k + 1].start()]
        return "" if gap == " " else _sep_core(gap)

    def original(self, k: int) -> str:
        return self.words[k].group().translate(_APOSTROPHES)

    def literal(self, k: int) -> str:
        return self.words[k].group().lower().translate(_APOSTROPHES)


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
    for rank, abbr in enumerate(concept.abbr, start=len(concept.en)):
        variants = _variants(abbr)
        if variants:
            forms = _abbreviation_forms(abbr)
            # An abbreviation is matched as written (`ADMM-Plus` is not closed up).
            patterns.append(_Pattern(concept.id, abbr, "abbreviation", rank, variants[:1], forms))
    return tuple(patterns)


class EnglishMatcher:
    """Finds concepts' English terms in English text; build once per glossary."""

    def __init__(self, glossary: Glossary):
        self._concepts = glossary.by_id()
        self._patterns: dict[str, tuple[_Pattern, ...]] = {}
        self._entries: dict[str, tuple[tuple[str, _Variant, _Pattern], ...]] = {}

    def patterns(self, concept_id: str) -> tuple[_Pattern, ...]:
        patterns = self._patterns.get(concept_id)
        if patterns is None:
            concept = self._concepts.get(concept_id)
            patterns = _patterns(concept) if concept is not None else ()
            self._patterns[concept_id] = patterns
        return patterns

    def _entries_of(self, concept_id: str) -> tuple[tuple[str, _Variant, _Pattern], ...]:
        entries = self._entries.get(concept_id)
        if entries is None:
            entries = tuple(
                (variant.stems[0], variant, pattern)
                for pattern in self.patterns(concept_id)
                for variant in pattern.variants
            )
            self._entries[concept_id] = entries
        return entries

    def find(self, text: str | EnglishText, concept_id: str) -> tuple[EnglishMatch, ...]:
        """The concept's terms in the text: non-overlapping, longest and most literal first."""
        english = text if isinstance(text, EnglishText) else EnglishText(text)
        stems = english.stems
        candidates: list[tuple[int, int, _Variant, _Pattern]] = []
        for first, variant, pattern in self._entries_of(concept_id):
            if first not in stems:
                continue
            n = len(variant.stems)
            for i, key in enumerate(stems):
                if key == first and _fits(english, i, variant, pattern.case_sensitive):
                    candidates.append((i, n, variant, pattern))
        if not candidates:
            return ()
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
        words = english.words
        for i, n, _variant, pattern in candidates:
            if i <= taken_until:
                continue
            last = i + n - 1
            taken_until = last
            start, end = words[i].start(), words[last].end()
            out.append(
                EnglishMatch(
                    concept=concept_id,
                    term=pattern.term,
                    status=pattern.status,
                    surface=english.text[start:end],
                    start=start,
                    end=end,
                )
            )
        return tuple(out)


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
