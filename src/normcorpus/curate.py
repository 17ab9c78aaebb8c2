"""Glossary curation from the corpus: coverage of concepts, and candidate terms.

`coverage()` counts each concept's occurrences by match kind and document and
lists the concepts never seen. `suggest()` proposes Vietnamese phrases the
glossary lacks: noun phrases (underthesea `pos_tag`, imported only when
`suggest` runs, so nothing on the search path pays for it) and frequent
syllable n-grams, keeping only occurrences that no glossary match overlaps.
Candidates are ranked by termhood: `score = count × documents × keyness`, where
keyness is how much more often the phrase's syllables occur in the texts read
than in general Vietnamese (wordfreq's frequencies; the geometric mean of the
syllables' ratios, Kilgarriff's "simple maths" smoothing). A phrase frequent in
any Vietnamese text (`thông tin`, `trách nhiệm`) scores below one of the texts'
subject (`an toàn thông tin mạng`). Function words, verb phrases of obligation
and legal formulas are left out by the lists of `resources/suggest.yaml`.
Each candidate comes with the first clause it occurs in.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import yaml

from . import normalize
from .models import MATCH_KINDS, ClauseRecord, Glossary

# underthesea POS tags that can be part of a noun phrase (nouns, then modifiers).
NOUN_TAGS: frozenset[str] = frozenset({"N", "Np", "Nc", "Nu", "Ny", "Nb"})
MODIFIER_TAGS: frozenset[str] = frozenset({"A"})
# Relative frequency a syllable is counted at least at, in the texts and in general
# Vietnamese (10 a million): a syllable wordfreq does not list, or one seen once in a
# small text, would otherwise weigh without bound.
KEYNESS_FLOOR = 1e-5

MAX_NGRAM = 3  # words (of one or more syllables each)
_SYLLABLE = re.compile(r"\w+")

Tagger = Callable[[str], Sequence[tuple[str, str]]]


@dataclass(frozen=True, slots=True)
class WordLists:
    """`resources/suggest.yaml`: what starts or ends no term, and legal formulas."""

    boundary: frozenset[str]  # function words: no term starts or ends with one
    leading: frozenset[str]  # nominalisers, as words of their own
    formulas: tuple[tuple[str, ...], ...]  # a candidate holding one is not proposed

    @property
    def edges(self) -> frozenset[str]:
        return self.boundary | self.leading


@cache
def word_lists() -> WordLists:
    raw = resources.files("normcorpus").joinpath("resources/suggest.yaml").read_text("utf-8")
    data = yaml.safe_load(raw)
    return WordLists(
        boundary=frozenset(data["boundary"]),
        leading=frozenset(data["leading"]),
        formulas=tuple(tuple(f.split()) for f in data["formulas"]),
    )


# --- coverage -------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ConceptCoverage:
    concept: str
    vi: str
    en: str
    total: int
    by_kind: dict[str, int]
    by_doc: dict[str, int]

    def to_dict(self) -> dict[str, Any]:
        return {
            "concept": self.concept,
            "vi": self.vi,
            "en": self.en,
            "total": self.total,
            "by_kind": dict(self.by_kind),
            "by_doc": dict(self.by_doc),
        }


@dataclass(frozen=True, slots=True)
class Coverage:
    concepts: tuple[ConceptCoverage, ...]  # in glossary order
    documents: tuple[str, ...]
    clauses: int

    @property
    def never_seen(self) -> tuple[str, ...]:
        return tuple(c.concept for c in self.concepts if c.total == 0)

    def to_dict(self) -> dict[str, Any]:
        return {
            "documents": list(self.documents),
            "clauses": self.clauses,
            "concepts": [c.to_dict() for c in self.concepts],
            "never_seen": list(self.never_seen),
        }


def coverage(records: Iterable[ClauseRecord], glossary: Glossary) -> Coverage:
    """Each concept's occurrences in the records, by match kind and by document."""
    kinds: dict[str, Counter[str]] = {c.id: Counter() for c in glossary.concepts}
    docs: dict[str, Counter[str]] = {c.id: Counter() for c in glossary.concepts}
    documents: dict[str, None] = {}
    clauses = 0
    for record in records:
        clauses += 1
        documents.setdefault(record.doc)
        for match in record.terms:
            if match.concept in kinds:  # records aligned with an older glossary may name others
                kinds[match.concept][match.match] += 1
                docs[match.concept][record.doc] += 1
    return Coverage(
        concepts=tuple(
            ConceptCoverage(
                concept=c.id,
                vi=c.preferred_vi,
                en=c.preferred_en,
                total=sum(kinds[c.id].values()),
                by_kind={kind: kinds[c.id][kind] for kind in MATCH_KINDS},
                by_doc=dict(sorted(docs[c.id].items())),
            )
            for c in glossary.concepts
        ),
        documents=tuple(documents),
        clauses=clauses,
    )


# --- suggestions ------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Suggestion:
    phrase: str  # the most frequent spelling
    syllables: int
    count: int  # occurrences not covered by a glossary match
    documents: int
    keyness: float  # how much likelier its syllables are here than in general Vietnamese
    score: float  # count × documents × keyness
    example: str  # the first clause id it occurs in
    sources: tuple[str, ...]  # "chunk" (a noun phrase), "ngram" (a frequent n-gram)

    def to_dict(self) -> dict[str, Any]:
        return {
            "phrase": self.phrase,
            "syllables": self.syllables,
            "count": self.count,
            "documents": self.documents,
            "keyness": self.keyness,
            "score": self.score,
            "example": self.example,
            "sources": list(self.sources),
        }


@dataclass(frozen=True, slots=True)
class Suggestions:
    suggestions: tuple[Suggestion, ...]
    clauses: int
    documents: int

    def to_dict(self) -> dict[str, Any]:
        return {
            "clauses": self.clauses,
            "documents": self.documents,
            "suggestions": [s.to_dict() for s in self.suggestions],
        }


class _Tally:
    """Occurrences of one candidate phrase."""

    __slots__ = ("by_source", "docs", "example", "parts", "spellings")

    def __init__(self, example: str, parts: tuple[str, ...]):
        self.parts = parts  # its words' keys: what nested candidates are found by
        self.by_source: Counter[str] = Counter()
        self.docs: set[str] = set()
        self.example = example
        self.spellings: Counter[str] = Counter()

    @property
    def count(self) -> int:
        # A noun phrase is usually also an n-gram: the same occurrence, counted once.
        return max(self.by_source.values())


def _syllables(text: str, start: int = 0, end: int | None = None) -> list[tuple[str, int, int]]:
    end = len(text) if end is None else end
    return [(m.group(), m.start(), m.end()) for m in _SYLLABLE.finditer(text, start, end)]


Syllable = tuple[str, int, int]  # text, start, end (offsets into the clause text)
Word = list[Syllable]


def _trim(words: list[Word], edges: frozenset[str]) -> list[Word]:
    """Drop function words from both ends (and nominalisers from the start)."""
    i, j = 0, len(words)
    while i < j and _text(words[i]) in edges:
        i += 1
    while j > i and _text(words[j - 1]) in edges:
        j -= 1
    return words[i:j]


def _text(word: Word) -> str:
    return " ".join(s[0] for s in word).lower()


def _usable(words: list[Word]) -> bool:
    syllables = [s for word in words for s in word]
    return len(syllables) >= 2 and not any(any(ch.isdigit() for ch in s[0]) for s in syllables)


def _holds(parts: tuple[str, ...], formula: tuple[str, ...]) -> bool:
    """Whether the syllables `formula` occur in `parts` (lowercase syllables) as a run."""
    n = len(formula)
    return any(parts[i : i + n] == formula for i in range(len(parts) - n + 1))


def _word_runs(text: str, words: Sequence[str]) -> list[list[Word]]:
    """The clause's words (each a list of syllables), in runs no punctuation interrupts."""
    runs: list[list[Word]] = []
    current: list[Word] = []
    cursor = 0
    for word in words:
        found = text.find(word, cursor)
        syllables = _syllables(text, found, found + len(word)) if found >= 0 else []
        if found >= 0:
            cursor = found + len(word)
        gap = text[current[-1][-1][2] : found] if current and found >= 0 else ""
        if not syllables or gap.strip():
            if current:
                runs.append(current)
            current = []
        if syllables:
            current.append(syllables)
    if current:
        runs.append(current)
    return runs


def _noun_phrases(text: str, tagger: Tagger) -> list[list[Word]]:
    """Noun phrases: a noun, then nouns and adjectives, located in `text`."""
    phrases: list[list[Word]] = []
    current: list[Word] = []
    cursor = 0
    for word, pos in tagger(text):
        found = text.find(word, cursor)
        syllables = _syllables(text, found, found + len(word)) if found >= 0 else []
        if not syllables:  # punctuation, or the tagger respelled something
            if current:
                phrases.append(current)
            current = []
            continue
        cursor = found + len(word)
        noun = pos in NOUN_TAGS
        joins = (noun or pos in MODIFIER_TAGS) and bool(current)
        if joins and text[current[-1][-1][2] : found].strip():
            joins = False  # punctuation in between
        if joins:
            current.append(syllables)
            continue
        if current:
            phrases.append(current)
        current = [syllables] if noun else []
    if current:
        phrases.append(current)
    return phrases


def _default_tagger() -> Tagger:
    # Imported here: underthesea costs ~0.5 s to import and the search path never needs it.
    # `pos_tag`, not `chunk`: a noun phrase here is a run of nouns and adjectives, which
    # the POS tags give; `chunk` runs a second model over them for the same phrases
    # (held-out precision equal, half the time: docs/decisions.md, suggest12).
    from underthesea import pos_tag

    return pos_tag  # type: ignore[no-any-return]


class _Reference:
    """Relative frequencies of syllables in general Vietnamese (wordfreq), looked up once."""

    def __init__(self) -> None:
        # Imported here: wordfreq loads its word list on first use; only suggest needs it.
        from wordfreq import word_frequency

        self._lookup = word_frequency
        self._seen: dict[str, float] = {}

    def __call__(self, syllable: str) -> float:
        freq = self._seen.get(syllable)
        if freq is None:
            freq = self._seen[syllable] = self._lookup(syllable, "vi")
        return freq


def keyness(
    syllables: Sequence[str], counts: Counter[str], total: int, reference: Callable[[str], float]
) -> float:
    """The geometric mean over `syllables` of (frequency here + floor) / (general + floor).

    Kilgarriff's "simple maths" keyword score, a syllable at a time: wordfreq knows
    Vietnamese syllables, not phrases (its phrase frequency is its rarest syllable's).
    """
    logs = [
        math.log((counts[s] / total + KEYNESS_FLOOR) / (reference(s) + KEYNESS_FLOOR))
        for s in syllables
    ]
    return math.exp(sum(logs) / len(logs))


# Units whose words are formula, not the text's terms: the masthead, a codification's source
# notes (`có hiệu lực thi hành kể từ …` on every article), the adoption formula,
# the signature block and the names of attached files.
BOILERPLATE_KINDS = frozenset({"header", "source-note", "closing", "signature", "attachment"})


def suggest(
    records: Iterable[ClauseRecord],
    glossary: Glossary,
    *,
    limit: int = 50,
    min_count: int = 2,
    tagger: Tagger | None = None,
    reference: Callable[[str], float] | None = None,
) -> Suggestions:
    """Candidate terms from the records that no glossary term covers, best first.

    `tagger` (default: underthesea `pos_tag`) maps a text to (word, POS) pairs and
    `reference` a lowercase syllable to its relative frequency in general Vietnamese
    (default: wordfreq); tests pass stubs. Clauses of BOILERPLATE_KINDS are not read.
    """
    tagger = tagger or _default_tagger()
    reference = reference or _Reference()
    lists = word_lists()
    edges = lists.edges
    known = {normalize.key(normalize.term(t.term)) for c in glossary.concepts for t in c.vi}
    known |= {normalize.key(a) for c in glossary.concepts for a in c.abbr}
    tallies: dict[str, _Tally] = {}
    documents: set[str] = set()
    counts: Counter[str] = Counter()  # syllables of the clauses read, lowercase
    clauses = 0

    def add(record: ClauseRecord, words: list[Word], source: str) -> None:
        tokens = [syllable for word in words for syllable in word]
        start, end = tokens[0][1], tokens[-1][2]
        if any(m.start < end and start < m.end for m in record.terms):
            return  # part of it is already a glossary term
        parts = tuple(_text(word) for word in words)
        syllables = tuple(s[0].lower() for s in tokens)
        if any(_holds(syllables, f) for f in lists.formulas):
            return
        spelling = " ".join(" ".join(s[0] for s in word) for word in words)
        key = normalize.key(" ".join(parts))
        if key in known:
            return
        tally = tallies.get(key)
        if tally is None:
            tally = tallies[key] = _Tally(record.id, tuple(normalize.key(p) for p in parts))
        tally.by_source[source] += 1
        tally.spellings[spelling] += 1
        tally.docs.add(record.doc)

    for record in records:
        if record.structure.kind in BOILERPLATE_KINDS:
            continue
        clauses += 1
        documents.add(record.doc)
        counts.update(s.lower() for s in _SYLLABLE.findall(record.text))
        for phrase in _noun_phrases(record.text, tagger):
            words = _trim(phrase, edges)
            if _usable(words):
                add(record, words, "chunk")
        for run in _word_runs(record.text, record.words):
            for n in range(2, MAX_NGRAM + 1):
                for i in range(len(run) - n + 1):
                    words = run[i : i + n]
                    if _trim(words, edges) == words and _usable(words):
                        add(record, words, "ngram")
    _drop_subsumed(tallies)
    total = max(sum(counts.values()), 1)
    ranked = []
    for key, tally in tallies.items():
        if tally.count < min_count:
            continue
        phrase = tally.spellings.most_common(1)[0][0]
        ratio = keyness(phrase.lower().split(), counts, total, reference)
        ranked.append(
            Suggestion(
                phrase=phrase,
                syllables=len(key.split()),
                count=tally.count,
                documents=len(tally.docs),
                keyness=round(ratio, 2),
                score=round(tally.count * len(tally.docs) * ratio, 1),
                example=tally.example,
                sources=tuple(sorted(tally.by_source)),
            )
        )
    ranked.sort(key=lambda s: (-s.score, -s.count, -s.syllables, normalize.key(s.phrase)))
    return Suggestions(tuple(ranked[:limit]), clauses=clauses, documents=len(documents))


def _drop_subsumed(tallies: dict[str, _Tally]) -> None:
    """Drop an n-gram that only ever occurs inside one longer candidate (same count)."""
    drop = set()
    for tally in tallies.values():
        if len(tally.parts) < 2:
            continue
        for part in (" ".join(tally.parts[:-1]), " ".join(tally.parts[1:])):
            inner = tallies.get(part)
            only_ngram = inner is not None and set(inner.by_source) == {"ngram"}
            if only_ngram and inner.count <= tally.count:
                drop.add(part)
    for key in drop:
        del tallies[key]
