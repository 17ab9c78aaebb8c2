"""Corpus statistics for studying usage: frequency lists, collocates, concept × document counts.

Units: `syllable` (the text's letter-and-digit tokens, lower-cased, as the
index sees them), `word` (underthesea's words from the records: `an ninh` is
one word) and `ngram` (runs of n syllables). Punctuation is never a unit.
Collocation windows stay inside a sentence.

What is counted: body text by default. Headings, source notes, notes,
attachment names, closing formulas and signature blocks (the records'
`structure.kind`, `models.UNIT_KINDS`) are left out unless `include` names
them (`include=None`: every unit): a codification's source notes cite
`Điều … Luật … số …` hundreds of times, which a frequency list of the norms'
language should not show. Each function says what it left out in `skipped`.

Association measures follow Evert (2008): with O the co-occurrences of node
and collocate, R the number of units in all the node's windows, C the
collocate's corpus frequency and N the corpus size, E = R·C/N;
MI = log2(O/E), t-score = (O − E)/√O, and log-likelihood G² over the 2×2
table (signed negative when O < E).
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from . import normalize
from .errors import QueryError
from .models import UNIT_KINDS, ClauseRecord, Glossary
from .query import TOKEN
from .store import Store

Unit = Literal["word", "syllable", "ngram"]
Measure = Literal["mi", "llr", "tscore"]
UNITS: tuple[str, ...] = ("word", "syllable", "ngram")
MEASURES: tuple[str, ...] = ("mi", "llr", "tscore")


# --- results -------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class FreqRow:
    item: str
    count: int
    per_10k: float  # per 10,000 units of the (filtered) corpus
    docs: int  # documents it occurs in

    def to_dict(self) -> dict[str, Any]:
        return {"item": self.item, "count": self.count, "per_10k": self.per_10k, "docs": self.docs}


@dataclass(frozen=True, slots=True)
class Collocate:
    item: str
    together: int  # O: occurrences inside the node's windows
    left: int
    right: int
    frequency: int  # C: in the whole corpus
    expected: float
    mi: float
    llr: float
    tscore: float

    def to_dict(self) -> dict[str, Any]:
        return {
            "item": self.item,
            "together": self.together,
            "left": self.left,
            "right": self.right,
            "frequency": self.frequency,
            "expected": self.expected,
            "mi": self.mi,
            "llr": self.llr,
            "tscore": self.tscore,
        }


@dataclass(frozen=True, slots=True)
class Collocation:
    node: str
    occurrences: int  # of the node
    window: int
    unit: str
    corpus_size: int  # N
    collocates: tuple[Collocate, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "node": self.node,
            "occurrences": self.occurrences,
            "window": self.window,
            "unit": self.unit,
            "corpus_size": self.corpus_size,
            "collocates": [c.to_dict() for c in self.collocates],
        }


@dataclass(frozen=True, slots=True)
class ConceptRow:
    concept: str
    en: str | None
    counts: tuple[int, ...]  # in the order of ConceptTable.docs
    total: int


@dataclass(frozen=True, slots=True)
class ConceptTable:
    docs: tuple[str, ...]
    rows: tuple[ConceptRow, ...]
    count: str  # "matches" or "clauses"

    def to_rows(self) -> list[dict[str, Any]]:
        """Flat rows: concept, en, one column per document, total."""
        return [
            {
                "concept": r.concept,
                "en": r.en,
                **dict(zip(self.docs, r.counts, strict=True)),
                "total": r.total,
            }
            for r in self.rows
        ]


# --- units ---------------------------------------------------------------------


def _syllables(text: str) -> list[str]:
    return TOKEN.findall(normalize.key(text))


def _word_units(record: ClauseRecord) -> list[str]:
    return [w for w in (normalize.key(w) for w in record.words) if TOKEN.search(w)]


def _sentences(records: Iterable[ClauseRecord]) -> Iterator[tuple[str, list[ClauseRecord]]]:
    """Records grouped by sentence (records come in document and text order)."""
    current: list[ClauseRecord] = []
    key: tuple[str, int, int] | None = None
    for record in records:
        k = (record.doc, record.para, record.sent)
        if k != key and current:
            yield current[0].doc, current
            current = []
        key = k
        current.append(record)
    if current:
        yield current[0].doc, current


def units(
    records: Iterable[ClauseRecord], by: Unit = "word", n: int = 2
) -> Iterator[tuple[str, list[str]]]:
    """(doc, units of one sentence) for every sentence."""
    for doc, sentence in _sentences(records):
        if by == "word":
            yield doc, [u for r in sentence for u in _word_units(r)]
            continue
        syllables = [s for r in sentence for s in _syllables(r.text)]
        if by == "syllable":
            yield doc, syllables
        else:
            yield doc, [" ".join(syllables[i : i + n]) for i in range(len(syllables) - n + 1)]


Include = Collection[str] | None  # unit kinds counted besides body text; None: all
BODY: Include = ()


def check_include(include: Include) -> None:
    for kind in include or ():
        if kind not in UNIT_KINDS:
            raise QueryError(
                f"unknown unit kind {kind!r} (choose from {', '.join(UNIT_KINDS)}, or all)"
            )


def _all_records(store: Store, docs: Sequence[str] | None) -> Iterator[ClauseRecord]:
    if not docs:
        yield from store.records()
        return
    known = {info.id for info in store.documents()}
    for doc in docs:
        if doc not in known:
            raise QueryError(f"no document {doc!r} in the corpus (see `normcorpus stats`)")
    for doc in sorted(set(docs)):
        yield from store.records(doc)


def _records(
    store: Store,
    docs: Sequence[str] | None,
    include: Include = BODY,
    skipped: Counter[str] | None = None,
) -> Iterator[ClauseRecord]:
    """The records counted: body text and the unit kinds `include` names (clauses
    left out are counted by kind into `skipped`)."""
    check_include(include)
    records = _all_records(store, docs)
    yield from records if include is None else kept(records, include, skipped)


def kept(
    records: Iterable[ClauseRecord], include: Include = BODY, skipped: Counter[str] | None = None
) -> Iterator[ClauseRecord]:
    """`records` without the units of the kinds `include` does not name."""
    if include is None:
        yield from records
        return
    for record in records:
        kind = record.structure.kind
        if kind is None or kind in include:
            yield record
        elif skipped is not None:
            skipped[kind] += 1


# --- frequency lists -------------------------------------------------------------


def freq(
    store: Store,
    *,
    by: Unit = "word",
    n: int = 2,
    docs: Sequence[str] | None = None,
    top: int | None = None,
    min_count: int = 1,
    include: Include = BODY,
    skipped: Counter[str] | None = None,
) -> list[FreqRow]:
    """Frequency list, most frequent first (ties alphabetical)."""
    if by not in UNITS:
        raise QueryError(f"unknown unit {by!r} (choose from {', '.join(UNITS)})")
    if by == "ngram" and not 2 <= n <= 5:
        raise QueryError("--n must be between 2 and 5")
    counts: Counter[str] = Counter()
    in_docs: dict[str, set[str]] = {}
    total = 0
    for doc, items in units(_records(store, docs, include, skipped), by, n):
        counts.update(items)
        total += len(items)
        for item in items:
            in_docs.setdefault(item, set()).add(doc)
    rows = [
        FreqRow(item, count, round(count * 10_000 / total, 2), len(in_docs[item]))
        for item, count in counts.items()
        if count >= min_count
    ]
    rows.sort(key=lambda r: (-r.count, r.item))
    return rows[:top] if top else rows


# --- collocates ------------------------------------------------------------------


def _node_tokens(term: str, fold: bool) -> tuple[tuple[str, ...], bool]:
    folded = fold or not normalize.has_diacritics(term)
    tokens = tuple(TOKEN.findall(normalize.folded_key(term) if folded else normalize.key(term)))
    if not tokens:
        raise QueryError(f"{term!r} has no letters or digits to look for")
    return tokens, folded


def _find_nodes(sentence: list[str], node: tuple[str, ...], folded: bool) -> list[tuple[int, int]]:
    """Runs of units [i, j) that hold the node's syllables: from a unit's start to a
    unit's end, or across more than one unit where underthesea's words cut through
    the node (`tấn công an` | `ninh mạng` holds `an ninh mạng`; the units it
    overlaps are the node's). Inside one longer word (`an ninh` in `an ninh mạng`
    taken as one word) it is another word, not the node."""
    syllables: list[str] = []
    unit_of: list[int] = []  # the unit each syllable is in
    starts: set[int] = set()  # syllable positions where a unit starts …
    ends: set[int] = set()  # … and ends
    for k, unit in enumerate(sentence):
        tokens = TOKEN.findall(normalize.fold(unit) if folded else unit)
        if not tokens:
            continue
        starts.add(len(syllables))
        syllables += tokens
        unit_of += [k] * len(tokens)
        ends.add(len(syllables) - 1)
    n = len(node)
    found = []
    for p in range(len(syllables) - n + 1):
        if tuple(syllables[p : p + n]) != node:
            continue
        i, j = unit_of[p], unit_of[p + n - 1] + 1
        if (p in starts and p + n - 1 in ends) or j - i > 1:
            found.append((i, j))
    return found


def collocates(
    store: Store,
    term: str,
    *,
    window: int = 5,
    measure: Measure = "llr",
    min_freq: int = 2,
    by: Literal["word", "syllable"] = "word",
    docs: Sequence[str] | None = None,
    fold: bool = False,
    top: int | None = None,
    include: Include = BODY,
    skipped: Counter[str] | None = None,
) -> Collocation:
    """Collocates of `term` within `window` units either side, strongest first by `measure`.

    `term` follows the search rule for diacritics: written without them (or
    with `fold`), it matches any spelling. `min_freq` applies to the
    co-occurrence count.
    """
    if measure not in MEASURES:
        raise QueryError(f"unknown measure {measure!r} (choose from {', '.join(MEASURES)})")
    if by not in ("word", "syllable"):
        raise QueryError("collocates are counted by word or syllable")
    if window < 1:
        raise QueryError("--window must be at least 1")
    node, folded = _node_tokens(term, fold)
    frequency: Counter[str] = Counter()
    together: Counter[str] = Counter()
    left: Counter[str] = Counter()
    right: Counter[str] = Counter()
    size = 0
    span = 0
    occurrences = 0
    for _doc, sentence in units(_records(store, docs, include, skipped), by):
        frequency.update(sentence)
        size += len(sentence)
        nodes = _find_nodes(sentence, node, folded)
        occurrences += len(nodes)
        # Each position counts once even where two nodes' windows overlap, so
        # that O <= C and R is the number of distinct positions in windows.
        inside = {k for i, j in nodes for k in range(i, j)}
        sides: dict[int, str] = {}
        for i, j in nodes:
            for k in range(max(0, i - window), i):
                sides.setdefault(k, "left")
            for k in range(j, min(len(sentence), j + window)):
                sides.setdefault(k, "right")
        for k, side in sides.items():
            if k in inside:
                continue
            span += 1
            together[sentence[k]] += 1
            (left if side == "left" else right)[sentence[k]] += 1
    rows = []
    for item, o11 in together.items():
        if o11 < min_freq:
            continue
        c1 = frequency[item]
        rows.append(_collocate(item, o11, left[item], right[item], c1, span, size))
    keys = {
        "mi": lambda c: (-c.mi, -c.together, c.item),
        "llr": lambda c: (-c.llr, -c.together, c.item),
        "tscore": lambda c: (-c.tscore, -c.together, c.item),
    }
    rows.sort(key=keys[measure])
    return Collocation(
        node=" ".join(node),
        occurrences=occurrences,
        window=window,
        unit=by,
        corpus_size=size,
        collocates=tuple(rows[:top] if top else rows),
    )


def _collocate(item: str, o11: int, nleft: int, nright: int, c1: int, r1: int, n: int) -> Collocate:
    e11 = r1 * c1 / n if n else 0.0
    mi = math.log2(o11 / e11) if e11 > 0 else 0.0
    tscore = (o11 - e11) / math.sqrt(o11)
    # Windows may overlap (two nodes close together), so clamp the other cells.
    o12 = max(r1 - o11, 0)
    o21 = max(c1 - o11, 0)
    o22 = max(n - r1 - c1 + o11, 0)
    g2 = 0.0
    for o, row, col in (
        (o11, o11 + o12, o11 + o21),
        (o12, o11 + o12, o12 + o22),
        (o21, o21 + o22, o11 + o21),
        (o22, o21 + o22, o12 + o22),
    ):
        e = row * col / n if n else 0.0
        if o > 0 and e > 0:
            g2 += o * math.log(o / e)
    g2 *= 2
    if o11 < e11:
        g2 = -g2
    return Collocate(
        item=item,
        together=o11,
        left=nleft,
        right=nright,
        frequency=c1,
        expected=round(e11, 4),
        mi=round(mi, 4),
        llr=round(g2, 4),
        tscore=round(tscore, 4),
    )


# --- concepts × documents ------------------------------------------------------------


def concept_table(
    store: Store,
    *,
    glossary: Glossary | None = None,
    count: Literal["matches", "clauses"] = "matches",
    sort: str = "total",
    docs: Sequence[str] | None = None,
    min_total: int = 1,
    include: Include = BODY,
    skipped: Counter[str] | None = None,
) -> ConceptTable:
    """How often each aligned concept occurs in each document.

    `sort` is `total` (descending), `concept` (by id), or a document id
    (descending by that document's count); ties by concept id. Every unit
    (`include=None`) is counted by the index; body text and some kinds, from
    the records.
    """
    if count not in ("matches", "clauses"):
        raise QueryError("count matches or clauses")
    check_include(include)
    known = [info.id for info in store.documents()]
    selected = list(docs) if docs else known
    for doc in selected:
        if doc not in known:
            raise QueryError(f"no document {doc!r} in the corpus (see `normcorpus stats`)")
    counts: dict[str, dict[str, int]] = {}
    if include is None:
        found = store.concept_document_counts(distinct_clauses=count == "clauses")
    else:
        found = _concept_counts(_records(store, selected, include, skipped), count)
    for concept, doc, number in found:
        if doc in selected:
            counts.setdefault(concept, {})[doc] = number
    english = {c.id: c.preferred_en for c in glossary.concepts} if glossary else {}
    if not glossary:
        for concept, record in store.concept_examples():
            english[concept] = _english_of(concept, record)
    rows = []
    for concept, by_doc in counts.items():
        numbers = tuple(by_doc.get(doc, 0) for doc in selected)
        total = sum(numbers)
        if total >= min_total:
            rows.append(ConceptRow(concept, english.get(concept), numbers, total))
    if sort == "total":
        rows.sort(key=lambda r: (-r.total, r.concept))
    elif sort == "concept":
        rows.sort(key=lambda r: r.concept)
    elif sort in selected:
        index = selected.index(sort)
        rows.sort(key=lambda r: (-r.counts[index], -r.total, r.concept))
    else:
        raise QueryError(f"sort by total, concept or a document id, not {sort!r}")
    return ConceptTable(tuple(selected), tuple(rows), count)


def _concept_counts(records: Iterable[ClauseRecord], count: str) -> list[tuple[str, str, int]]:
    """(concept, doc, matches or clauses) over `records`, as the index counts them."""
    numbers: Counter[tuple[str, str]] = Counter()
    for record in records:
        concepts = [t.concept for t in record.terms]
        numbers.update((c, record.doc) for c in (set(concepts) if count == "clauses" else concepts))
    return [(concept, doc, n) for (concept, doc), n in numbers.items()]


def _english_of(concept: str, record: ClauseRecord) -> str | None:
    for term in record.terms:
        if term.concept == concept:
            return term.en
    return None
