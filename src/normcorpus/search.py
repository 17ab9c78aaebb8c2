"""Search over a data directory: ranked hits, counts, concordance lines, suggestions.

`Corpus` wraps a `Store` (and optionally the glossary, for English expansion)
and runs queries in the language of `query.py` against the FTS5 table
`clause_fts`, ranked by BM25 (see `ranking.py`: term frequency capped at one,
so ranked queries read the index in clause-length order and stop early).
Results are frozen dataclasses; the CLI only
renders them. Filters (document, kind, dates, article, concept) are SQL
parameters; the only text that reaches FTS5 is what `query.to_match` built.

Match spans are computed here, not by FTS5: the query's terms are matched
against the clause's tokens, lower-cased and (for terms searched without
diacritics) folded, both one character for one, so offsets hold on the
clause text as stored.

The glossary is parsed once per file content and cached under `<data
dir>/cache/` (glossarycache.py), because parsing the YAML costs more than a search.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import starmap
from pathlib import Path
from typing import Any, Literal

from . import glossarycache, normalize, stemming
from . import query as query_module
from .errors import GlossaryError, NormcorpusError, QueryError
from .fileio import atomic_write
from .filters import NO_FILTERS, Filters
from .models import ClauseRecord, Concept, Glossary, slot_init
from .query import TOKEN, EnglishIndex, Expansion, ParsedQuery, Unit, concept_unit, parse
from .query import Term as QueryTerm
from .ranking import (
    MAX_COMBINED_UNITS,
    CorpusStats,
    Probe,
    held_weight,
    top_k,
    top_k_by_combinations,
)
from .store import (
    PublishedPair,
    Restriction,
    Side,
    Store,
    StoredTranslation,
    clause_length,
    fts_rowid,
)

Order = Literal["rank", "doc"]
KwicSort = Literal["score", "doc", "left", "right"]
KWIC_SORTS: tuple[str, ...] = ("score", "doc", "left", "right")
MAX_WIDTH = 1_000  # KWIC context characters each side
MAX_LIMIT = 100_000  # hits or lines in one page
MAX_OFFSET = 10_000_000
STREAM_BUDGET = 64  # matches a ranked read streams before it reads by combination


# --- results -------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class DocumentSummary:
    """The part of a document's metadata a hit carries."""

    id: str
    title_vi: str | None = None
    title_en: str | None = None
    date: str | None = None
    kind: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title_vi": self.title_vi,
            "title_en": self.title_en,
            "date": self.date,
            "kind": self.kind,
        }


@slot_init  # twenty or so a search
@dataclass(frozen=True, slots=True)
class SearchHit:
    record: ClauseRecord
    score: float  # BM25, higher is better
    spans: tuple[tuple[int, int], ...]  # matches in record.text, sorted, disjoint
    document: DocumentSummary
    # The clause's English translation from `<doc>.en.tsv` (issue 5), when
    # there is a current one (not stale: made for this clause text).
    translation: str | None = None
    # Where the query matched: the Vietnamese ("vi"), the English ("en"), or both.
    sides: tuple[str, ...] = ("vi",)
    translation_spans: tuple[tuple[int, int], ...] = ()  # matches in `translation`
    # The published English of the clause's bead (`<doc>.en.txt`, aligned at ingest).
    published: PublishedPair | None = None
    published_spans: tuple[tuple[int, int], ...] = ()  # matches in `published.bead.en`
    # Which English an English-side match is in: "working", "published", or both.
    translations_matched: tuple[str, ...] = ()

    @property
    def english(self) -> tuple[str, ...]:
        """The English terms of the clause's aligned concepts, in text order, distinct
        (the matches chosen: not the concepts nested in them). A homograph's other
        readings, recorded on the same span, join its English: `encryption / encoding`."""
        terms = self.record.terms
        readings: dict[tuple[int, int, str], list[str]] = {}
        for t in terms:
            if t.within is None:
                readings.setdefault((t.start, t.end, t.concept), [t.en])
        for t in terms:
            same = readings.get((t.start, t.end, t.within)) if t.within is not None else None
            if same is not None and t.en not in same:
                same.append(t.en)
        return tuple(dict.fromkeys(" / ".join(english) for english in readings.values()))

    def to_dict(self) -> dict[str, Any]:
        out = self.record.to_dict()
        out["score"] = self.score
        out["spans"] = [list(s) for s in self.spans]
        out["document"] = self.document.to_dict()
        if self.translation is not None:
            out["translation"] = self.translation
            out["translation_spans"] = [list(s) for s in self.translation_spans]
        if self.published is not None:
            out["published"] = self.published.to_dict()
            out["published_spans"] = [list(s) for s in self.published_spans]
        out["matched"] = list(self.sides)
        if self.translations_matched:
            out["matched_translations"] = list(self.translations_matched)
        return out


@dataclass(frozen=True, slots=True)
class Suggestion:
    text: str
    kind: Literal["word", "vi-term", "en-term", "abbr"]
    concept: str | None
    score: float

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "kind": self.kind, "concept": self.concept, "score": self.score}


@dataclass(frozen=True, slots=True)
class SearchResult:
    query: str
    match: str  # the FTS5 expression that ran
    hits: tuple[SearchHit, ...]
    expansions: tuple[Expansion, ...] = ()
    suggestions: tuple[Suggestion, ...] = ()
    total: int | None = None  # only when asked for (it costs a second scan)
    offset: int = 0
    notes: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "query": self.query,
            "match": self.match,
            "total": self.total,
            "offset": self.offset,
            "expansions": [e.to_dict() for e in self.expansions],
            "suggestions": [s.to_dict() for s in self.suggestions],
            "notes": list(self.notes),
            "hits": [h.to_dict() for h in self.hits],
        }


@dataclass(frozen=True, slots=True)
class KwicLine:
    """One occurrence in context: left | match | right (context within the paragraph)."""

    id: str
    doc: str
    left: str
    match: str
    right: str
    start: int  # of the match in the clause text (in its English, for side "en")
    end: int
    score: float
    # The text the line is cut from: the Vietnamese, or, for a clause that
    # matched in its English only, the English translation.
    side: str = "vi"

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "doc": self.doc,
            "left": self.left,
            "match": self.match,
            "right": self.right,
            "start": self.start,
            "end": self.end,
            "score": self.score,
            "side": self.side,
        }


@dataclass(frozen=True, slots=True)
class LabelledEnglish:
    """One English version of a clause, saying which translation it is."""

    translation: Literal["working", "published"]
    en: str
    # the clauses this English renders: the clause itself, or all those of its bead
    clause_ids: tuple[str, ...]
    source: str  # who made it: the publisher, or the project
    official: bool | None = None
    stale: bool = False  # working: made for an earlier text of the clause
    bead: str | None = None  # published: the bead's type (1-1, 2-1, 1-0 …)
    confidence: float | None = None  # published: the bead's confidence
    url: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "translation": self.translation,
            "en": self.en,
            "clause_ids": list(self.clause_ids),
            "source": self.source,
            "official": self.official,
            "stale": self.stale,
            "bead": self.bead,
            "confidence": self.confidence,
            "url": self.url,
        }


WORKING_SOURCE = "normcorpus project (unofficial working translation)"


@dataclass(frozen=True, slots=True)
class ClauseView:
    """One clause with its context, as `show` displays it (and a web page would)."""

    record: ClauseRecord
    paragraph: tuple[ClauseRecord, ...]  # the clauses of its paragraph, in order
    translation: StoredTranslation | None  # its working English, current or stale
    published: PublishedPair | None = None  # the published English of its bead

    @property
    def sentence(self) -> tuple[ClauseRecord, ...]:
        """The clauses of its sentence, in order."""
        return tuple(r for r in self.paragraph if r.sent == self.record.sent)

    @property
    def translations(self) -> tuple[LabelledEnglish, ...]:
        """Both English versions, labelled: the published one first (a bead of
        Vietnamese the English lacks is a published version with no text)."""
        out = []
        if self.published is not None:
            bead, source = self.published.bead, self.published.source
            out.append(
                LabelledEnglish(
                    translation="published",
                    en=bead.en,
                    clause_ids=bead.vi_ids,
                    source=source.publisher or source.file or "published translation",
                    official=source.official,
                    bead=bead.type,
                    confidence=bead.confidence,
                    url=source.url,
                )
            )
        if self.translation is not None:
            out.append(
                LabelledEnglish(
                    translation="working",
                    en=self.translation.en,
                    clause_ids=(self.record.id,),
                    source=WORKING_SOURCE,
                    official=False,
                    stale=self.translation.stale,
                )
            )
        return tuple(out)

    def to_dict(self) -> dict[str, Any]:
        translation = self.translation
        return {
            "record": self.record.to_dict(),
            "sentence": [r.id for r in self.sentence],
            "paragraph": [r.id for r in self.paragraph],
            "translation": None
            if translation is None
            else {"en": translation.en, "hash": translation.hash, "stale": translation.stale},
            "published": None if self.published is None else self.published.to_dict(),
            "translations": [english.to_dict() for english in self.translations],
        }


@dataclass(frozen=True, slots=True)
class _Plan:
    """A query (and filters) made ready for one side's index."""

    side: Side
    match: str
    restriction: Restriction
    parsed: ParsedQuery | None
    units: tuple[Unit, ...] = field(default=())


@dataclass(frozen=True, slots=True)
class _Plans:
    """One plan a side searched; with both, a restriction for their union."""

    plans: tuple[_Plan, ...]
    union: Restriction  # the filters on either side's matches (concept included)
    notes: tuple[str, ...] = ()
    concepts: tuple[str, ...] = ()  # of the concept filter, whose terms a hit marks

    @property
    def match(self) -> str:
        """The expression that ran, one a side (`en:` before the English one)."""
        return " ;; ".join(
            plan.match if plan.side == "vi" else f"en: {plan.match}" for plan in self.plans
        )


# --- spans ---------------------------------------------------------------------


def _lower(text: str) -> str:
    low = text.lower()
    if len(low) == len(text):
        return low
    # str.lower() may lengthen a character (İ -> i̇); keep those as they are.
    return "".join(low if len(low := c.lower()) == 1 else c for c in text)


_SPAN = re.Match.span


def term_spans(text: str, terms: Iterable[QueryTerm]) -> list[tuple[int, int]]:
    """Where each term occurs in `text`, token by token, as FTS5 would match it."""
    terms = tuple(terms)
    if not terms:
        return []
    exact_view = _lower(text)
    # Token by token in C (map, not a loop of bytecode): a clause has ~100.
    bounds = list(map(_SPAN, TOKEN.finditer(exact_view)))
    views: dict[str, list[str]] = {
        "exact": list(map(exact_view.__getitem__, starmap(slice, bounds)))
    }
    if any(t.column == "folded" for t in terms):
        folded_view = normalize.fold(exact_view)
        views["folded"] = list(map(folded_view.__getitem__, starmap(slice, bounds)))
    spans: list[tuple[int, int]] = []
    for term in terms:
        tokens = views[term.column]
        want = term.tokens
        n = len(want)
        last = want[-1]
        starts: Iterable[int]
        if n == 1 and term.prefix:
            starts = (i for i, t in enumerate(tokens) if t.startswith(last))
        else:
            starts = _positions(tokens, want[0])
        inner = list(want[1:-1])
        for i in starts:
            if i + n > len(tokens) or (n > 1 and tokens[i + 1 : i + n - 1] != inner):
                continue
            end = tokens[i + n - 1]
            if end.startswith(last) if term.prefix else end == last:
                spans.append((bounds[i][0], bounds[i + n - 1][1]))
    return spans


def _positions(tokens: list[str], token: str) -> list[int]:
    """The indexes of `token` in `tokens`, ascending (found by list.index, in C)."""
    out: list[int] = []
    i = -1
    for _ in range(tokens.count(token)):
        i = tokens.index(token, i + 1)
        out.append(i)
    return out


def merge_spans(
    spans: Iterable[tuple[int, int]], text: str | None = None
) -> tuple[tuple[int, int], ...]:
    """Sorted, disjoint spans; with `text`, spans only whitespace apart become one
    (the syllables of `an ninh mạng` are one match, one concordance line)."""
    out: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if out and (
            start <= out[-1][1] or (text is not None and text[out[-1][1] : start].isspace())
        ):
            out[-1] = (out[-1][0], max(out[-1][1], end))
        else:
            out.append((start, end))
    return tuple(out)


def hit_spans(
    record: ClauseRecord, parsed: ParsedQuery | None, concepts: Iterable[str] = ()
) -> tuple[tuple[int, int], ...]:
    """Where a hit matched in its text: the query's words, and the aligned terms
    of the concepts it reached (by English expansion, or `concepts`, those of
    the concept filter)."""
    return _SpanFinder(parsed, concepts)(record)


class _SpanFinder:
    """`hit_spans` for one query: what it takes from the query, taken once for
    the page of hits."""

    __slots__ = ("concepts", "join", "words")

    def __init__(self, parsed: ParsedQuery | None, concepts: Iterable[str] = ()):
        self.concepts = set(concepts)
        self.words: tuple[QueryTerm, ...] | None = None
        # Read as phrases (a concordance, a plot), a match is one term's occurrence
        # exactly: two terms that happen to stand side by side are two matches.
        self.join = parsed is None or not parsed.phrases
        if parsed is not None:
            self.words = parsed.highlights()
            self.concepts.update(parsed.concepts())

    def __call__(self, record: ClauseRecord) -> tuple[tuple[int, int], ...]:
        concepts = self.concepts
        text = record.text if self.join else None
        aligned = [(t.start, t.end) for t in record.terms if t.concept in concepts]
        if self.words is None:
            return merge_spans(aligned, text)
        words = term_spans(record.text, self.words)
        merged = merge_spans(words + aligned, text)
        # A query word standing alone (`đề` for the `de` of `de doa`) is dropped
        # when the query's words also read as one stretch in the clause (`đe dọa`):
        # highlights and concordance lines centre on what the user meant.
        together = {s for s in merged if sum(1 for w in words if s[0] <= w[0] and w[1] <= s[1]) > 1}
        if not together:
            return merged
        alone = set(words) - together - set(aligned)
        return tuple(s for s in merged if s not in alone)


def english_spans(
    text: str, terms: Iterable[tuple[tuple[str, ...], bool]], *, join: bool = True
) -> tuple[tuple[int, int], ...]:
    """Where each English query term (stems, prefix) occurs in an English text
    (`join`: terms only spaces apart are one span, as `merge_spans`)."""
    words = stemming.words(text)
    key = stemming.fold_key(text)
    spans = []
    for stems, prefix in terms:
        n = len(stems)
        for i in range(len(words) - n + 1):
            if any(words[i + j][2] != stems[j] for j in range(n - 1)):
                continue
            start, end, last = words[i + n - 1]
            if key[start:end].startswith(stems[-1]) if prefix else last == stems[-1]:
                spans.append((words[i][0], end))
    return merge_spans(spans, text if join else None)


def _english_match(plans: Any) -> str | None:
    """The English side's FTS5 expression, when the English was searched."""
    return next((plan.match for plan in plans.plans if plan.side == "en" and plan.match), None)


# --- the glossary, cached ----------------------------------------------------------

# `glossarycache.load`, under the name the web app and tests know.
load_glossary_cached = glossarycache.load


def index_of_file(
    path: Path, cache_dir: Path, read: Callable[[], Glossary]
) -> tuple[EnglishIndex, str]:
    """The English index of the glossary file at `path` and the glossary's digest,
    memoised in the user's cache by the file's bytes (`glossarycache.memo`): what
    `EnglishIndex.build(read())` and `read().digest` give, without reading the
    glossary once it is cached. `read()` reads it (and raises its located error)."""
    try:
        raw = path.read_bytes()
    except OSError:
        read()  # the usual located GlossaryError
        raise
    concepts, vi, longest, digest = glossarycache.memo(
        "query-english-file",
        hashlib.sha256(raw).hexdigest(),
        _file_index_key(),
        lambda: _file_index_tables(read()),
    )
    return EnglishIndex(concepts, vi, longest), digest


def _file_index_tables(glossary: Glossary) -> tuple[Any, ...]:
    return (*query_module._index_tables(glossary), glossary.digest)


@lru_cache(maxsize=1)
def _file_index_key() -> str:
    """What the index of a glossary file depends on besides its bytes: the code that
    reads the file (glossary.py, glossarycache.py, not imported for this) and builds
    the index."""
    here = Path(__file__).parent
    read = b"".join((here / name).read_bytes() for name in ("glossary.py", "glossarycache.py"))
    return glossarycache.code_key(query_module, normalize, data=read)


# --- the corpus ------------------------------------------------------------------


class Corpus:
    """A data directory opened for searching and study (read only)."""

    def __init__(self, store: Store, glossary: Glossary | None = None):
        self.store = store
        self._glossary = glossary
        # A glossary file `open` was given: read when first asked for (`glossary`).
        self._glossary_file: tuple[Path, Path] | None = None
        self.english = EnglishIndex.of(glossary)
        self._documents: dict[str, DocumentSummary] = {}
        self._metas: list[tuple[str, dict[str, Any]]] | None = None
        self._vocabulary: tuple[str, ...] | None = None
        self._stats: dict[str, CorpusStats] = {}
        self._shortest: int | None = None
        self._df: dict[str, int] = {}  # term_stats key -> document frequency
        self.notes: tuple[str, ...] = ()
        if glossary is not None:
            self._compare_digest(glossary.digest)
        store.tune_for_reading()

    @classmethod
    def open(
        cls,
        data_dir: str | Path = ".normcorpus",
        *,
        glossary: Glossary | str | Path | None = None,
    ) -> Corpus:
        """Open a data directory; `glossary` (a Glossary or a path) enables English expansion.

        A glossary given as a path is read when first asked for (`Corpus.glossary`):
        a search needs only its English index, read back from the user's cache
        (`index_of_file`), which a Glossary read from its cache costs more than.
        """
        store = Store.open(data_dir)
        try:
            if glossary is None or isinstance(glossary, Glossary):
                return cls(store, glossary)
            corpus = cls(store)
            corpus._open_glossary(Path(glossary))
        except GlossaryError:
            store.close()
            raise
        return corpus

    def _open_glossary(self, path: Path) -> None:
        cache_dir = self.store.data_dir / "cache"
        self._glossary_file = (path, cache_dir)
        english, digest = index_of_file(path, cache_dir, self._read_glossary)
        self.english = english
        self._compare_digest(digest)

    def _read_glossary(self) -> Glossary:
        assert self._glossary_file is not None
        if self._glossary is None:
            self._glossary = load_glossary_cached(*self._glossary_file)
        return self._glossary

    @property
    def glossary(self) -> Glossary | None:
        """The glossary (None without one); one `open` was given as a path is read now."""
        if self._glossary is None and self._glossary_file is not None:
            return self._read_glossary()
        return self._glossary

    @property
    def has_glossary(self) -> bool:
        """Whether English terms expand (asking does not read the glossary)."""
        return self._glossary is not None or self._glossary_file is not None

    def _compare_digest(self, digest: str) -> None:
        indexed = self.store.meta_value("glossary_digest")
        if indexed is not None and indexed != digest:
            self.notes = (
                "the index was aligned with another version of the glossary;"
                " run `normcorpus ingest` to re-align",
            )

    def close(self) -> None:
        self.store.close()

    def __enter__(self) -> Corpus:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- queries ---

    def parse(self, query: str, *, fold: bool = False, phrases: bool = False) -> ParsedQuery:
        """Parse a query once (English expansion from this corpus' glossary);
        `phrases`: as a concordance reads it (`query.parse`)."""
        return parse(query, fold=fold, english=self.english, phrases=phrases)

    def as_phrases(
        self, query: str | ParsedQuery | None, *, fold: bool = False
    ) -> ParsedQuery | None:
        """The query as a concordance and the plots read it: words typed together
        are one phrase, as in AntConc or Sketch Engine (`search` needs them only
        all in the clause). A query parsed for `search` is read again."""
        if isinstance(query, ParsedQuery):
            if query.phrases:
                return query
            query, fold = query.text, query.fold
        if query is None or not query.strip():
            return None
        return self.parse(query, fold=fold, phrases=True)

    def apart(
        self,
        phrases: ParsedQuery | None,
        filters: Filters = NO_FILTERS,
        *,
        at_most: int | None = None,
    ) -> int:
        """How many clauses hold a concordance query's words, not as the phrase it reads
        (`as_phrases`): what `search` finds beyond it, for a note that says so
        (`at_most`: the words' clauses counted up to there, as `count`)."""
        if phrases is None or not phrases.joined:
            return 0
        words = self.parse(phrases.text, fold=phrases.fold)
        together = self.count(phrases, filters, at_most=at_most)
        return max(0, self.count(words, filters, at_most=at_most) - together)

    def search(
        self,
        query: str | ParsedQuery | None,
        filters: Filters = NO_FILTERS,
        *,
        fold: bool = False,
        limit: int = 20,
        offset: int = 0,
        order: Order = "rank",
        total: bool = False,
        suggest: bool = True,
    ) -> SearchResult:
        """Clauses matching `query` (and the filters), best first (or in corpus order).

        `query` is text (parsed here, `fold` applying) or a `ParsedQuery`
        (`Corpus.parse`), so that a caller that shows the expansions parses once.
        `filters.side` says which text is searched; each hit says where it matched.
        """
        with self.store.snapshot():
            plans = self._plans(query, filters, fold)
            _check_page(limit, offset)
            rows = self._ranked(plans, order=order, limit=limit, offset=offset)
            parsed = plans.plans[0].parsed
            hits = self._hits(rows, parsed, plans.concepts, _english_match(plans))
            count = self._count(plans) if total else None
        expansions = parsed.expansions if parsed else ()
        suggestions: tuple[Suggestion, ...] = ()
        if not hits and offset == 0 and suggest and parsed is not None:
            suggestions = self.suggest(parsed)
        return SearchResult(
            query=_query_text(query),
            match=plans.match,
            hits=hits,
            expansions=expansions,
            suggestions=suggestions,
            total=count,
            offset=offset,
            notes=plans.notes,
        )

    def count(
        self,
        query: str | ParsedQuery | None,
        filters: Filters = NO_FILTERS,
        *,
        fold: bool = False,
        at_most: int | None = None,
    ) -> int:
        """How many clauses match (no ranking, no records read). With `at_most`,
        counting stops there: a result of `at_most` means "at least" (what a
        page that says "10,000+" needs, at a fraction of a full count's cost)."""
        with self.store.snapshot():
            return self._count(self._plans(query, filters, fold), at_most)

    def explain(
        self, query: str | ParsedQuery | None, filters: Filters = NO_FILTERS, *, fold: bool = False
    ) -> str:
        """The FTS5 MATCH expressions a query and its filters become (one a side)."""
        return self._plans(query, filters, fold).match

    def kwic(
        self,
        query: str | ParsedQuery | None,
        filters: Filters = NO_FILTERS,
        *,
        fold: bool = False,
        width: int = 40,
        sort: KwicSort = "score",
        limit: int = 20,
        offset: int = 0,
    ) -> list[KwicLine]:
        """Keyword-in-context lines, one per match occurrence, paginated by line.

        Context runs over the clause's paragraph, cut to `width` characters
        each side. The lines are those of the best hits (`sort` score), or of
        the hits in corpus order (`doc`); `left`/`right` order the requested
        page of the best hits' lines by the words nearest the match, as AntConc
        orders a concordance: a page costs what a page of hits costs, however
        many hits there are (sorting every hit read them all).
        """
        if sort not in KWIC_SORTS:
            raise QueryError(f"unknown sort {sort!r} (choose from {', '.join(KWIC_SORTS)})")
        if not 1 <= width <= MAX_WIDTH:
            raise QueryError(f"--width takes 1 to {MAX_WIDTH:,} characters, not {width}")
        _check_page(limit, offset)
        lines: list[KwicLine] = []
        with self.store.snapshot():
            plans = self._plans(self.as_phrases(query, fold=fold), filters, fold)
            # Every hit gives at least one line: offset+limit hits are enough.
            order: Order = "doc" if sort == "doc" else "rank"
            rows = self._ranked(plans, order=order, limit=offset + limit, offset=0)
            english = _english_match(plans)
            for hit in self._hits(rows, plans.plans[0].parsed, plans.concepts, english):
                lines.extend(self._kwic_lines(hit, width))
        page = lines[offset : offset + limit]
        if sort == "left":
            page.sort(key=lambda x: (_words_key(x.left, reverse=True), x.id, x.start))
        elif sort == "right":
            page.sort(key=lambda x: (_words_key(x.right), _words_key(x.match), x.id, x.start))
        return page

    def clause_view(self, clause_id: str) -> ClauseView:
        """A clause with its paragraph and translation (what `show` displays)."""
        with self.store.snapshot():
            record = self.store.record(clause_id)
            if record is None:
                raise QueryError(f"no clause {clause_id!r} (ids look like DOC:p01.s01.c01)")
            return ClauseView(
                record=record,
                paragraph=tuple(self.store.neighbours(record)),
                translation=self.store.translation(record.id),
                published=self.store.published([record.id]).get(record.id),
            )

    # --- study (see study.py) ---

    def freq(self, **options: Any) -> list[Any]:
        """`study.freq` over this corpus."""
        from . import study

        return study.freq(self.store, **options)

    def collocates(self, term: str, **options: Any) -> Any:
        """`study.collocates` over this corpus."""
        from . import study

        return study.collocates(self.store, term, **options)

    def concept_table(self, **options: Any) -> Any:
        """`study.concept_table` over this corpus (English from the glossary when open)."""
        from . import study

        options.setdefault("glossary", self.glossary)
        return study.concept_table(self.store, **options)

    # --- suggestions ---

    def suggest(self, parsed: ParsedQuery | str, *, limit: int = 8) -> tuple[Suggestion, ...]:
        """Glossary terms and corpus words nearest the query's terms (rapidfuzz)."""
        from rapidfuzz import fuzz, process

        if isinstance(parsed, str):
            parsed = self.parse(parsed)
        terms = parsed.highlights()
        # The whole query against glossary terms, and each term that finds
        # nothing by itself against everything (its neighbours are not the problem).
        whole = " ".join(t.text for t in terms)
        wanted = [t.text for t in terms if not self._exists(t)]
        candidates: dict[str, tuple[str, str, str | None]] = {}  # folded -> (text, kind, concept)
        for concept in self.glossary.concepts if self.glossary else ():
            for term in concept.vi:
                candidates.setdefault(
                    normalize.folded_key(term.term), (term.term, "vi-term", concept.id)
                )
            for term in concept.en:
                candidates.setdefault(
                    normalize.folded_key(term.term), (term.term, "en-term", concept.id)
                )
            for abbr in concept.abbr:
                candidates.setdefault(normalize.folded_key(abbr), (abbr, "abbr", concept.id))
        for word in self.vocabulary():
            candidates.setdefault(normalize.folded_key(word), (word, "word", None))
        keys = list(candidates)
        found: dict[str, Suggestion] = {}
        for text in dict.fromkeys([whole, *wanted]):
            probe = normalize.folded_key(text)
            if not probe:
                continue
            for key, score, _ in process.extract(
                probe, keys, scorer=fuzz.ratio, limit=limit, score_cutoff=60
            ):
                if key == probe:
                    continue
                shown, kind, concept = candidates[key]
                previous = found.get(shown)
                if previous is None or previous.score < score:
                    found[shown] = Suggestion(shown, kind, concept, round(score / 100, 4))  # type: ignore[arg-type]
        ranked = sorted(found.values(), key=lambda s: (-s.score, s.text))
        return tuple(ranked[:limit])

    def _exists(self, term: QueryTerm) -> bool:
        from .query import to_match

        return self.store.any_match(to_match(term))

    def vocabulary(self) -> tuple[str, ...]:
        """Distinct syllables of the corpus as indexed (lower case, with diacritics)."""
        if self._vocabulary is None:
            state = self.store.state_digest()
            cache = self.store.data_dir / "cache" / f"vocabulary-{state}.txt"
            try:
                self._vocabulary = tuple(cache.read_text("utf-8").split("\n"))
            except OSError:
                self._vocabulary = self.store.vocabulary()
                try:
                    cache.parent.mkdir(parents=True, exist_ok=True)
                    atomic_write(cache, "\n".join(self._vocabulary), sync=False)
                except (OSError, NormcorpusError):
                    pass
        return self._vocabulary

    # --- filters ---

    def kinds(self) -> dict[str, int]:
        """The documents' kinds (their metadata's `kind`) with how many documents
        have each, most first; `--kind` matches them in any case."""
        counted = Counter(
            kind.strip()
            for _doc, meta in self.store.document_metas()
            if isinstance(kind := meta.get("kind"), str) and kind.strip()
        )
        return dict(sorted(counted.items(), key=lambda item: (-item[1], item[0])))

    def concepts_under(self, concept: str) -> tuple[str, ...]:
        """The concept and, through the glossary's `broader:` links, every concept
        below it (in glossary order after the concept itself)."""
        if self.glossary is None:
            return (concept,)
        children: dict[str, list[str]] = {}
        for item in self.glossary.concepts:
            for parent in _broader(item):
                children.setdefault(parent, []).append(item.id)
        out = [concept]
        for current in out:  # breadth first; `out` grows as it is read
            for child in children.get(current, ()):
                if child not in out:
                    out.append(child)
        return tuple(out)

    def _plans(self, query: str | ParsedQuery | None, filters: Filters, fold: bool) -> _Plans:
        parsed = None
        if isinstance(query, ParsedQuery):
            parsed = query
        elif query is not None and query.strip():
            parsed = self.parse(query, fold=fold)
        concept = None
        if filters.concept:
            if (
                self.glossary is not None
                and self.glossary.concept(filters.concept) is None
                and not self.store.concept_aligned(filters.concept)
            ):
                raise QueryError(f"no concept {filters.concept!r} in the glossary or the corpus")
            concepts = (
                self.concepts_under(filters.concept) if filters.narrower else (filters.concept,)
            )
            concept = concept_unit(concepts, required=True)
            concepts_filtered = concepts
        else:
            concepts_filtered = ()
        if parsed is None and concept is None:
            raise QueryError("empty query: give a word, a phrase in quotes, or --concept ID")
        if self._metas is None and filters.documents_restricted:
            self._metas = self.store.document_metas()
        restriction = self.store.restriction(filters, self._metas)
        # The concept is a token of the Vietnamese index: part of its MATCH there,
        # a restriction on the English side and on the union of both.
        union = self.store.restriction(filters, self._metas, concept=concept and concept.match)
        sides: tuple[Side, ...] = ("vi",) if parsed is None else _SIDES[filters.side]
        if sides == ("vi", "en") and not self.has_english:
            sides = ("vi",)
        plans = []
        for side in sides:
            units = list(parsed.units(side)) if parsed is not None else []
            parts = [parsed.match(side)] if parsed is not None else []
            if side == "vi" and concept is not None:
                parts.append(concept.match)
                units.append(concept)
            plans.append(
                _Plan(
                    side=side,
                    match=" AND ".join(parts),
                    restriction=restriction if side == "vi" else union,
                    parsed=parsed,
                    units=tuple(units),
                )
            )
        return _Plans(tuple(plans), union, self.notes, concepts_filtered)

    @property
    def has_english(self) -> bool:
        """Whether any clause has English in the index."""
        return self.stats_of("en").clauses > 0

    # --- ranking over the store's reads ---

    def _ranked(
        self, plans: _Plans, *, order: Order, limit: int, offset: int
    ) -> list[tuple[int, float, tuple[str, ...]]]:
        """(rowid, score, sides matched) of one page of matches over the plans' sides."""
        if len(plans.plans) == 1:
            plan = plans.plans[0]
            return [
                (rowid, score, (plan.side,))
                for rowid, score in self._run(plan, order=order, limit=limit, offset=offset)
            ]
        vi, en = plans.plans
        if order == "doc":
            rowids = self.store.matches_either(
                vi.match, en.match, plans.union, limit=limit, offset=offset
            )
            scored = {
                plan.side: dict(
                    self._scored(
                        sorted(self.store.present(plan.match, rowids, side=plan.side)), plan
                    )
                )
                for plan in (vi, en)
            }
            return [
                (
                    rowid,
                    max(scored[s][rowid] for s in scored if rowid in scored[s]),
                    tuple(s for s in ("vi", "en") if rowid in scored[s]),
                )
                for rowid in rowids
            ]
        # The best k by the better side's score lie among each side's best k.
        k = limit + offset
        best: dict[int, tuple[float, list[str]]] = {}
        complete = set()  # the sides of fewer than k matches: each of them is in `best`
        for plan in (vi, en):
            ranked = self._run(plan, order=order, limit=k, offset=0)
            if len(ranked) < k:
                complete.add(plan.side)
            for rowid, score in ranked:
                previous = best.get(rowid)
                if previous is None:
                    best[rowid] = (score, [plan.side])
                else:
                    best[rowid] = (max(previous[0], score), previous[1] + [plan.side])
        page = sorted(best.items(), key=lambda item: (-item[1][0], item[0]))[offset:k]
        # Where a hit of one side's best k also matched on the other side (a
        # side read whole already marked its hits: every hit meets both sides'
        # restrictions, so none of the rest matches it).
        for plan in (vi, en):
            if plan.side in complete:
                continue
            unseen = [rowid for rowid, (_, sides) in page if plan.side not in sides]
            for rowid in self.store.present(plan.match, unseen, side=plan.side) if unseen else ():
                best[rowid][1].append(plan.side)
        return [
            (rowid, score, tuple(s for s in ("vi", "en") if s in sides))
            for rowid, (score, sides) in page
        ]

    def _run(
        self, plan: _Plan, *, order: Order, limit: int, offset: int
    ) -> list[tuple[int, float]]:
        """(rowid, score) of one page of one side's matches."""
        store, side = self.store, plan.side
        optional = [unit for unit in plan.units if not unit.required]
        if order == "doc" or not optional:
            # In corpus order; or ranked with every unit required, where the
            # index's (length) order is the ranking and LIMIT stops the read.
            rowids = store.matches(
                plan.match,
                plan.restriction,
                side=side,
                doc_order=order == "doc",
                limit=limit,
                offset=offset,
            )
            return self._scored(rowids, plan)
        required = sum(self._weight(unit, side) for unit in plan.units if unit.required)
        weights = [self._weight(unit, side) for unit in optional]
        ranked = None
        if len(optional) > MAX_COMBINED_UNITS or all(u.adjacency for u in optional):
            # Read the matches in length order, probing each batch's rowid range
            # for the units, until no longer clause can win. With the adjacency
            # bonus only this mostly stops within a batch or two; where the
            # phrase is only in long clauses it would read most matches, and
            # the combinations below (the phrase's first k) cost less.
            budget = None if len(optional) > MAX_COMBINED_UNITS else STREAM_BUDGET
            probes = [
                (weight, _range_probe(store, unit, side))
                for weight, unit in zip(weights, optional, strict=True)
            ]
            batches = store.match_batches(plan.match, plan.restriction, side=side)
            ranked = top_k(batches, limit + offset, required, probes, self.stats, budget)
        if ranked is None:

            def first(combination: tuple[int, ...], k: int, longest: int | None) -> list[int]:
                # The first k matches (index order) that also hold the units
                # `combination`, no longer than `longest` syllables.
                match = " AND ".join([f"({plan.match})", *(optional[i].match for i in combination)])
                below = None if longest is None else fts_rowid(0, longest + 1)
                return store.matches(match, plan.restriction, side=side, limit=k, below=below)

            ranked = top_k_by_combinations(
                limit + offset,
                required,
                weights,
                first,
                lambda rowids: [store.present(unit.match, rowids, side=side) for unit in optional],
                self.stats,
                self.shortest,
            )
        return ranked[offset:]

    def _scored(self, rowids: list[int], plan: _Plan) -> list[tuple[int, float]]:
        side = plan.side
        required = sum(self._weight(unit, side) for unit in plan.units if unit.required)
        optional = [unit for unit in plan.units if not unit.required]
        weights = [self._weight(unit, side) for unit in optional]
        found = [self.store.present(unit.match, rowids, side=side) for unit in optional]
        stats = self.stats
        return [
            (
                rowid,
                held_weight(required, weights, (rowid in hits for hits in found))
                * stats.length_factor(clause_length(rowid)),
            )
            for rowid in rowids
        ]

    @property
    def shortest(self) -> int:
        """The length of the index's shortest clause (the first FTS row)."""
        if self._shortest is None:
            self._shortest = self.store.shortest_length()
        return self._shortest

    @property
    def stats(self) -> CorpusStats:
        """The Vietnamese index's statistics: the length factor of both sides
        comes from them (rowids, the read order, hold the Vietnamese length)."""
        return self.stats_of("vi")

    def stats_of(self, side: Side) -> CorpusStats:
        found = self._stats.get(side)
        if found is None:
            found = self._stats[side] = CorpusStats(*self.store.totals(side))
        return found

    def _weight(self, unit: Unit, side: Side = "vi") -> float:
        """A unit's idf: its tokens' summed, for its commonest alternative (ranking.py)."""
        return min(sum(self._idf(key, side) for key in keys) for keys in unit.keys)

    def _idf(self, key: str, side: Side) -> float:
        if key not in self._df:
            self._df[key] = self.store.document_frequency(key)
        return self.stats_of(side).idf(self._df[key])

    def _count(self, plans: _Plans, at_most: int | None = None) -> int:
        if len(plans.plans) == 1:
            plan = plans.plans[0]
            return self.store.count_matches(
                plan.match, plan.restriction, side=plan.side, at_most=at_most
            )
        vi, en = plans.plans
        return self.store.count_either(vi.match, en.match, plans.union, at_most=at_most)

    def _hits(
        self,
        rows: list[tuple[int, float, tuple[str, ...]]],
        parsed: ParsedQuery | None,
        concepts: tuple[str, ...] = (),
        english_match: str | None = None,
    ) -> tuple[SearchHit, ...]:
        if not rows:
            return ()
        records = self.store.records_by_rowid([rowid for rowid, _, _ in rows])
        translations = self._translations(records)
        published = self.store.published([r.id for r in records.values()])
        english = parsed.english_highlights() if parsed is not None else ()
        on_english = [rowid for rowid, _, sides in rows if "en" in sides]
        matched = (
            self.store.matched_translations(english_match, on_english)
            if english_match is not None and on_english
            else {}
        )
        spans_of = _SpanFinder(parsed, concepts)
        join = spans_of.join
        hits = []
        for rowid, score, sides in rows:
            record = records[rowid]
            translation = translations.get(record.id)
            pair = published.get(record.id)
            which = matched.get(rowid, ())
            hits.append(
                SearchHit(
                    record=record,
                    score=round(score, 6),
                    spans=spans_of(record) if "vi" in sides else (),
                    document=self._document(record.doc),
                    translation=translation,
                    sides=sides,
                    translation_spans=english_spans(translation, english, join=join)
                    if translation and "working" in which
                    else (),
                    published=pair,
                    published_spans=english_spans(pair.bead.en, english, join=join)
                    if pair is not None and "published" in which
                    else (),
                    translations_matched=which,
                )
            )
        return tuple(hits)

    def _translations(self, records: dict[int, ClauseRecord]) -> dict[str, str]:
        """Clause id -> its current English translation (issue 5), for those that have one."""
        return self.store.translations([r.id for r in records.values()])

    def _document(self, doc: str) -> DocumentSummary:
        summary = self._documents.get(doc)
        if summary is None:
            meta = self.store.document_meta(doc)
            summary = DocumentSummary(
                id=doc,
                title_vi=meta.get("title_vi"),
                title_en=meta.get("title_en"),
                date=meta.get("date"),
                kind=meta.get("kind"),
            )
            self._documents[doc] = summary
        return summary

    def kwic_count(
        self, query: str | ParsedQuery | None, filters: Filters = NO_FILTERS, *, fold: bool = False
    ) -> int:
        """How many lines `kwic` gives in all: one per match occurrence.

        It reads every matching clause (a line count is not in the index), so
        it costs what `--limit 0` costs, not what a page does.
        """
        plans = self._plans(self.as_phrases(query, fold=fold), filters, fold)
        parsed = plans.plans[0].parsed
        total = self._count(plans)
        rows = self._ranked(plans, order="doc", limit=total, offset=0) if total else []
        lines = 0
        for start in range(0, len(rows), _BATCH):
            for hit in self._hits(rows[start : start + _BATCH], parsed, plans.concepts):
                lines += len(_line_spans(hit)[1])
        return lines

    def _kwic_lines(self, hit: SearchHit, width: int) -> list[KwicLine]:
        record = hit.record
        paragraph = self.store.neighbours(record)
        side, spans = _line_spans(hit)
        if side == "en" and not (hit.translation and hit.translation_spans):
            # Matched in the published English only: the concordance is its bead's
            # (which may hold several clauses: the bead is the context).
            texts = {r.id: "" for r in paragraph}
            text = hit.published.bead.en if hit.published is not None else ""
        elif side == "en":
            # Matched in the English only: the concordance is the English's,
            # in the context of its paragraph's (current) translations.
            english = self.store.translations([r.id for r in paragraph])
            texts = {r.id: english.get(r.id, "") for r in paragraph}
            text = hit.translation or ""
        else:
            texts = {r.id: r.text for r in paragraph}
            text = record.text
        before = " ".join(
            texts[r.id]
            for r in paragraph
            if texts[r.id]
            and (r.sent < record.sent or (r.sent == record.sent and r.clause < record.clause))
        )
        after = " ".join(
            texts[r.id]
            for r in paragraph
            if texts[r.id]
            and (r.sent > record.sent or (r.sent == record.sent and r.clause > record.clause))
        )
        lines = []
        for start, end in spans:
            left = _join(before, text[:start])
            right = _join(text[end:], after)
            lines.append(
                KwicLine(
                    id=record.id,
                    doc=record.doc,
                    left=_clip_left(left, width),
                    # (on one line, as its context: a hard-wrapped text breaks a term)
                    match=" ".join(text[start:end].split()),
                    right=_clip_right(right, width),
                    start=start,
                    end=end,
                    score=hit.score,
                    side=side,
                )
            )
        return lines


_BATCH = 1_000  # records read at once where every match is read


def _line_spans(hit: SearchHit) -> tuple[str, tuple[tuple[int, int], ...]]:
    """The text a hit's concordance lines are cut from ("vi" or "en"), and their spans.

    One line per match in the Vietnamese; for a clause that matched in its
    English only, one per match in the English (the working translation's, else
    the published bead's). A clause with neither (no
    span could be placed) gives one line holding the whole clause.
    """
    if hit.spans:
        return "vi", hit.spans
    if hit.translation and hit.translation_spans:
        return "en", hit.translation_spans
    if hit.published is not None and hit.published_spans:
        return "en", hit.published_spans
    return "vi", ((0, len(hit.record.text)),)


def _range_probe(store: Store, unit: Unit, side: Side) -> Probe:
    def probe(batch: Sequence[int]) -> set[int]:
        return store.present_between(unit.match, batch[0], batch[-1], side=side)

    return probe


_SIDES: dict[str, tuple[Side, ...]] = {"vi": ("vi",), "en": ("en",), "both": ("vi", "en")}


def _check_page(limit: int, offset: int) -> None:
    if limit < 0 or offset < 0:
        raise QueryError("--limit and --offset must not be negative")
    if limit > MAX_LIMIT:
        raise QueryError(f"--limit takes at most {MAX_LIMIT:,} (page with --offset)")
    if offset > MAX_OFFSET:
        raise QueryError(f"--offset takes at most {MAX_OFFSET:,}")


def _broader(concept: Concept) -> tuple[str, ...]:
    """The ids a concept names as broader (the glossary's `broader:`, when it has one)."""
    value = getattr(concept, "broader", None)
    if not value:
        return ()
    return (value,) if isinstance(value, str) else tuple(value)


def _query_text(query: str | ParsedQuery | None) -> str:
    if isinstance(query, ParsedQuery):
        return query.text
    return query or ""


def _join(a: str, b: str) -> str:
    if not a:
        return b
    if not b:
        return a
    return a + ("" if b[:1] in " ,.;:" else " ") + b if not a.endswith(" ") else a + b


def _clip_left(text: str, width: int) -> str:
    """The last `width` characters of the context on one line, from a word's start
    (a syllable cut in two, `g tin mạng`, reads as a word that is not there)."""
    text = " ".join(text.split())  # the context is shown on one line
    if len(text) <= width:
        return text
    kept = text[-width:]
    if text[-width - 1] != " " and " " in kept:
        kept = kept[kept.index(" ") + 1 :]
    return kept


def _clip_right(text: str, width: int) -> str:
    """The first `width` characters of the context on one line, to a word's end."""
    text = " ".join(text.split())
    if len(text) <= width:
        return text
    kept = text[:width]
    if text[width] != " " and " " in kept:
        kept = kept[: kept.rindex(" ")]
    return kept


def _words_key(text: str, *, reverse: bool = False) -> tuple[str, ...]:
    words = TOKEN.findall(normalize.folded_key(text))
    return tuple(reversed(words)) if reverse else tuple(words)


def open_corpus(
    data_dir: str | Path = ".normcorpus", *, glossary: Glossary | str | Path | None = None
) -> Corpus:
    """`Corpus.open`, as a function."""
    return Corpus.open(data_dir, glossary=glossary)
