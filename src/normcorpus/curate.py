"""Glossary curation from the corpus: coverage of concepts, and candidate terms.

`coverage()` counts each concept's occurrences by match kind and document and
lists the concepts never seen. `suggest()` proposes Vietnamese phrases the
glossary lacks: noun-phrase chunks (underthesea `chunk`, imported only when
`suggest` runs, so nothing on the search path pays for it) and frequent
syllable n-grams, keeping only occurrences that no glossary match overlaps.
Candidates are ranked by `score = count × documents` (frequency times spread:
a phrase used across statements is likelier a term than one repeated in one
text), then by count; each comes with the first clause it occurs in.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from . import normalize
from .models import MATCH_KINDS, ClauseRecord, Glossary

# Function words that neither start nor end a term (one-syllable words, lowercase;
# English ones for the English titles quoted in statements).
# `không` and `có` are left out: they start terms (`không gian mạng`, `có trách nhiệm`).
BOUNDARY_STOPWORDS: frozenset[str] = frozenset(
    """
    các những một mọi mỗi của và là được bị cho với trong ngoài về để đã đang sẽ này
    đó kia ấy theo tại từ như cũng thì mà nên hoặc hay do vào ra lại khi nếu vẫn rất
    hơn nhiều cùng đến tới trên dưới giữa qua nhằm đối bởi vì nhưng còn đều
    the of and
    """.split()  # noqa: SIM905 - a word list reads better as text
)
# Nominalisers: as words of their own (`sự`, not `sự cố`) they start or end no term.
LEADING_STOPWORDS: frozenset[str] = frozenset({"sự", "việc", "cuộc"})
# underthesea POS tags that can be part of a noun phrase (nouns, then modifiers).
NOUN_TAGS: frozenset[str] = frozenset({"N", "Np", "Nc", "Nu", "Ny", "Nb"})
MODIFIER_TAGS: frozenset[str] = frozenset({"A"})

MAX_NGRAM = 3  # words (of one or more syllables each)
_SYLLABLE = re.compile(r"\w+")

Chunker = Callable[[str], Sequence[tuple[str, str, str]]]


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
    score: int  # count × documents
    example: str  # the first clause id it occurs in
    sources: tuple[str, ...]  # "chunk" (a noun phrase), "ngram" (a frequent n-gram)

    def to_dict(self) -> dict[str, Any]:
        return {
            "phrase": self.phrase,
            "syllables": self.syllables,
            "count": self.count,
            "documents": self.documents,
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


def _trim(words: list[Word]) -> list[Word]:
    """Drop function words from both ends (and nominalisers from the start)."""
    i, j = 0, len(words)
    while i < j and _text(words[i]) in BOUNDARY_STOPWORDS | LEADING_STOPWORDS:
        i += 1
    while j > i and _text(words[j - 1]) in BOUNDARY_STOPWORDS | LEADING_STOPWORDS:
        j -= 1
    return words[i:j]


def _text(word: Word) -> str:
    return " ".join(s[0] for s in word).lower()


def _usable(words: list[Word]) -> bool:
    syllables = [s for word in words for s in word]
    return len(syllables) >= 2 and not any(any(ch.isdigit() for ch in s[0]) for s in syllables)


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


def _chunk_phrases(text: str, chunker: Chunker) -> list[list[Word]]:
    """Noun phrases: a noun, then nouns and adjectives, located in `text`."""
    phrases: list[list[Word]] = []
    current: list[Word] = []
    cursor = 0
    for word, pos, tag in chunker(text):
        found = text.find(word, cursor)
        syllables = _syllables(text, found, found + len(word)) if found >= 0 else []
        if not syllables:  # punctuation, or the chunker respelled something
            if current:
                phrases.append(current)
            current = []
            continue
        cursor = found + len(word)
        noun = tag.endswith("NP") and pos in NOUN_TAGS
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


def _default_chunker() -> Chunker:
    # Imported here: underthesea costs ~0.5 s to import and the search path never needs it.
    from underthesea import chunk

    return chunk  # type: ignore[no-any-return]


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
    chunker: Chunker | None = None,
) -> Suggestions:
    """Candidate terms from the records that no glossary term covers, best first.

    `chunker` (default: underthesea `chunk`) maps a text to (word, POS, chunk tag)
    triples; tests pass a stub. Clauses of BOILERPLATE_KINDS are not read.
    """
    chunker = chunker or _default_chunker()
    known = {normalize.key(normalize.term(t.term)) for c in glossary.concepts for t in c.vi}
    known |= {normalize.key(a) for c in glossary.concepts for a in c.abbr}
    tallies: dict[str, _Tally] = {}
    documents: set[str] = set()
    clauses = 0

    def add(record: ClauseRecord, words: list[Word], source: str) -> None:
        tokens = [syllable for word in words for syllable in word]
        start, end = tokens[0][1], tokens[-1][2]
        if any(m.start < end and start < m.end for m in record.terms):
            return  # part of it is already a glossary term
        parts = tuple(_text(word) for word in words)
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
        for phrase in _chunk_phrases(record.text, chunker):
            words = _trim(phrase)
            if _usable(words):
                add(record, words, "chunk")
        for run in _word_runs(record.text, record.words):
            for n in range(2, MAX_NGRAM + 1):
                for i in range(len(run) - n + 1):
                    words = run[i : i + n]
                    if _trim(words) == words and _usable(words):
                        add(record, words, "ngram")
    _drop_subsumed(tallies)
    ranked = sorted(
        (
            Suggestion(
                phrase=tally.spellings.most_common(1)[0][0],
                syllables=len(key.split()),
                count=tally.count,
                documents=len(tally.docs),
                score=tally.count * len(tally.docs),
                example=tally.example,
                sources=tuple(sorted(tally.by_source)),
            )
            for key, tally in tallies.items()
            if tally.count >= min_count
        ),
        key=lambda s: (-s.score, -s.count, -s.syllables, normalize.key(s.phrase)),
    )
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
