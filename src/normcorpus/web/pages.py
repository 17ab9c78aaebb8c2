"""What each page shows: `page(corpus, ...) -> (template, context)`, run in a worker.

Only library calls here (`Corpus`, its `Store`'s read methods, `plots`,
`study`); the templates only lay out what these return, and every text they
show is escaped by Jinja (or by `markup.marked`, which escapes first).
"""

from __future__ import annotations

import math
import weakref
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any, TypeVar

from .. import plots
from ..errors import QueryError
from ..filters import NO_FILTERS, Filters
from ..models import ClauseRecord, Concept
from ..query import ParsedQuery
from ..search import Corpus, SearchHit, english_spans, hit_spans, merge_spans
from ..store import DocumentInfo
from . import markup
from .forms import COUNT_CAP, MAX_DOWNLOAD, NotFound, SearchForm

T = TypeVar("T")
Page = tuple[str, dict[str, Any]]
MAX_HEATMAP_DOCUMENTS = 60  # columns of the concepts page (the rest are named)
MAX_FORM_DOCUMENTS = 200  # beyond this, the form asks for a document id as text

# Per-corpus memo of what every page needs and a request should not re-read
# (a corpus is reopened when the index changes, so the memo goes with it).
_MEMO: weakref.WeakKeyDictionary[Corpus, dict[str, Any]] = weakref.WeakKeyDictionary()


def _memo(corpus: Corpus, key: str, make: Callable[[], T]) -> T:
    found = _MEMO.setdefault(corpus, {})
    if key not in found:
        found[key] = make()
    return found[key]  # type: ignore[no-any-return]


def documents(corpus: Corpus) -> list[DocumentInfo]:
    return _memo(corpus, "documents", corpus.store.documents)


def _document(corpus: Corpus, doc: str) -> DocumentInfo:
    for info in documents(corpus):
        if info.id == doc:
            return info
    raise NotFound(f"no document {doc!r} in the corpus")


def _form_choices(corpus: Corpus) -> dict[str, Any]:
    def make() -> dict[str, Any]:
        infos = documents(corpus)
        kinds = sorted({info.meta.kind for info in infos if info.meta.kind})
        glossary = corpus.glossary
        return {
            "documents": infos if len(infos) <= MAX_FORM_DOCUMENTS else None,
            "kinds": kinds,
            "concept_ids": [c.id for c in glossary.concepts] if glossary else [],
            "totals": corpus.store.totals_by_document(),
        }

    return _memo(corpus, "choices", make)


def _parse(corpus: Corpus, q: str, fold: bool, *, phrases: bool = False) -> ParsedQuery | None:
    # `phrases`: a concordance's reading (words typed together are one phrase).
    return corpus.parse(q, fold=fold, phrases=phrases) if q.strip() else None


def folded_words(parsed: ParsedQuery | None) -> list[str]:
    """The words of a query searched without diacritics (any spelling), those
    that the glossary did not expand (an expansion is reported as such)."""
    if parsed is None:
        return []
    expanded = {e.query.casefold() for e in parsed.expansions}
    return list(
        dict.fromkeys(
            t.text
            for t in parsed.highlights()
            if t.column == "folded"
            and t.text.casefold() not in expanded
            and any(c.isalpha() for c in t.text)
        )
    )


# --- search ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ShownHit:
    rank: int
    hit: SearchHit
    text: Any  # Markup
    translation: Any  # Markup | None
    published: Any = None  # Markup | None: the published English of the hit's bead
    published_label: str = ""  # whose it is (`en (official: ASEAN)`), as the CLI says


def search(corpus: Corpus, form: SearchForm, error: str | None = None) -> Page:
    """The search page: the form, and the hits or concordance of its query."""
    context: dict[str, Any] = {"form": form, "error": error, **_form_choices(corpus)}
    context.update(hits=None, lines=None, total=None, suggestions=(), expansions=(), folded=[])
    context.update(apart=0, joined=())
    if not form.searched or error:
        return "search.html", context
    filters = form.filters()
    parsed = _parse(corpus, form.q, form.fold, phrases=form.view == "kwic")
    context["expansions"] = parsed.expansions if parsed else ()
    context["folded"] = folded_words(parsed) if form.side != "en" else []
    context["notes"] = corpus.notes
    if form.view == "kwic":
        lines = corpus.kwic(
            parsed,
            filters,
            width=form.width,
            sort=form.sort,  # type: ignore[arg-type]
            limit=form.per_page,
            offset=form.offset,
        )
        context["lines"] = _kwic_rows(corpus, lines, parsed)
        context["more"] = len(lines) == form.per_page
        # Words typed together are one phrase here: where it has no line, the clauses
        # that hold the words apart are what the ranked hits show (the CLI's note too;
        # counted up to the page's cap, and only then: a count costs more than a page).
        empty = not lines and form.page == 1
        context["apart"] = corpus.apart(parsed, filters, at_most=COUNT_CAP) if empty else 0
        context["joined"] = parsed.joined if parsed is not None else ()
        if not lines and form.page == 1 and parsed is not None and not context["apart"]:
            context["suggestions"] = corpus.suggest(parsed)
    else:
        result = corpus.search(
            parsed,
            filters,
            limit=form.per_page,
            offset=form.offset,
            order="doc" if form.sort == "doc" else "rank",
        )
        context["hits"] = [
            ShownHit(
                rank=form.offset + i + 1,
                hit=hit,
                text=markup.marked(hit.record.text, hit.spans, hit.record.terms),
                translation=None
                if hit.translation is None
                else markup.marked(hit.translation, hit.translation_spans),
                **_published_english(hit),
            )
            for i, hit in enumerate(result.hits)
        ]
        context["suggestions"] = result.suggestions
        context["more"] = len(result.hits) == form.per_page
    # Counting every match of a common word costs more than the page (tens of
    # ms at a million clauses): the page counts up to COUNT_CAP and says "+".
    at_most = None if form.exact else max(COUNT_CAP, form.offset + form.per_page + 1)
    shown = len(context["hits"] if context["hits"] is not None else context["lines"])
    if form.view == "hits" and 0 < shown < form.per_page:
        total = form.offset + shown  # the last page: nothing to count
    else:
        total = corpus.count(parsed, filters, at_most=at_most)
    context["total"] = total
    context["filtered_out"] = 0
    if not total and parsed is not None and filters != NO_FILTERS:
        # The filters left out what the query finds: say so, not "nearest" spellings.
        context["filtered_out"] = corpus.count(parsed)
        if context["filtered_out"]:
            context["suggestions"] = ()
    context["capped"] = at_most is not None and total >= at_most
    if form.view == "hits" and not context["capped"]:
        context["more"] = form.offset + form.per_page < total
    context["pages"] = None if context["capped"] else max(1, math.ceil(total / form.per_page))
    context["max_download"] = MAX_DOWNLOAD
    return "search.html", context


def _kwic_rows(
    corpus: Corpus, lines: list[Any], parsed: ParsedQuery | None
) -> list[dict[str, Any]]:
    translations = corpus.store.translations(list(dict.fromkeys(x.id for x in lines)))
    english = parsed.english_highlights() if parsed is not None else ()
    rows = []
    for line in lines:
        translation = translations.get(line.id)
        rows.append(
            {
                "line": line,
                "translation": None
                if translation is None
                else markup.marked(translation, english_spans(translation, english)),
            }
        )
    return rows


# --- downloads ------------------------------------------------------------------------

HIT_COLUMNS = (
    "rank",
    "id",
    "doc",
    "date",
    "kind",
    "score",
    "matched",
    "text",
    "matches",
    "terms",
    "translation",
)
KWIC_COLUMNS = ("id", "doc", "left", "match", "right", "translation")


def export_rows(
    corpus: Corpus, form: SearchForm
) -> tuple[tuple[str, ...], list[dict[str, Any]], list[dict[str, Any]]]:
    """(CSV columns, CSV rows, JSONL objects) of the form's results, up to MAX_DOWNLOAD,
    in the order the page shows them. JSONL objects are the CLI's `--format jsonl`."""
    filters = form.filters()
    parsed = _parse(corpus, form.q, form.fold, phrases=form.view == "kwic")
    if form.view == "kwic":
        lines = corpus.kwic(
            parsed,
            filters,
            width=form.width,
            sort=form.sort,
            limit=MAX_DOWNLOAD,  # type: ignore[arg-type]
        )
        translations = corpus.store.translations(list(dict.fromkeys(x.id for x in lines)))
        rows = [{**x.to_dict(), "translation": translations.get(x.id)} for x in lines]
        return KWIC_COLUMNS, rows, [x.to_dict() for x in lines]
    result = corpus.search(
        parsed,
        filters,
        limit=MAX_DOWNLOAD,
        order="doc" if form.sort == "doc" else "rank",
        suggest=False,
    )
    rows = []
    for rank, hit in enumerate(result.hits, 1):
        record = hit.record
        rows.append(
            {
                "rank": rank,
                "id": record.id,
                "doc": record.doc,
                "date": hit.document.date,
                "kind": hit.document.kind,
                "score": hit.score,
                "matched": " ".join(hit.sides),
                "text": record.text,
                "matches": " | ".join(record.text[s:e] for s, e in hit.spans),
                "terms": "; ".join(dict.fromkeys(f"{t.surface} = {t.en}" for t in record.terms)),
                "translation": hit.translation,
            }
        )
    return HIT_COLUMNS, rows, [h.to_dict() for h in result.hits]


# --- a clause -------------------------------------------------------------------------


def clause(corpus: Corpus, clause_id: str, q: str, fold: bool, side: str) -> Page:
    """A clause with its paragraph, structure, terms and translations."""
    if corpus.store.record(clause_id) is None:
        raise NotFound(f"no clause {clause_id!r} (ids look like DOC:p01.s01.c01)")
    view = corpus.clause_view(clause_id)
    record = view.record
    parsed = _parse(corpus, q, fold) if side != "en" else None
    spans = hit_spans(record, parsed) if parsed is not None else ()
    info = _document(corpus, record.doc)
    before = (
        corpus.store.neighbours(replace(record, para=record.para - 1)) if record.para > 1 else []
    )
    after = corpus.store.neighbours(replace(record, para=record.para + 1))
    translations = []
    if view.translation is not None and view.translation.en:
        translations.append(
            {
                "label": "working translation (unofficial, made by the normcorpus project)",
                "source": "corpus/" + record.doc + ".en.tsv",
                "text": view.translation.en,
                "stale": view.translation.stale,
            }
        )
    # Published translations (issue 15) when the clause view carries them.
    for published in _published(view):
        translations.append(published)
    return "clause.html", {
        "view": view,
        "record": record,
        "info": info,
        "text": markup.marked(record.text, spans, record.terms),
        "paragraph": [
            {
                "record": r,
                "html": markup.marked(r.text, (), r.terms),
                "current": r.id == record.id,
            }
            for r in view.paragraph
        ],
        "trail": markup.structure_trail(record.structure),
        "previous": before[-1] if before else None,
        "next": after[0] if after else None,
        "translations": translations,
        "q": q,
        "fold": fold,
        "anchor": markup.anchor(record),
    }


def _published_english(hit: SearchHit) -> dict[str, Any]:
    """A hit's published English (its bead's, `<doc>.en.txt`), marked, and its label."""
    from ..output import published_label

    pair = hit.published
    if pair is None or not pair.bead.en:
        return {}
    return {
        "published": markup.marked(pair.bead.en, hit.published_spans),
        "published_label": published_label(pair),
    }


def _published(view: Any) -> list[dict[str, Any]]:
    """The clause's published English (a `store.PublishedPair`: its bead and source),
    labelled as `show` labels it; none for a bead the English lacks (1-0)."""
    from ..output import published_label

    pair = view.published
    if pair is None or not pair.bead.en:
        return []
    source = pair.source
    return [
        {
            "label": published_label(pair).removeprefix("en (").removesuffix(")"),
            "source": source.file if source.publisher else "",  # (else the label names it)
            "text": pair.bead.en,
            "stale": False,
        }
    ]


# --- a document -----------------------------------------------------------------------


def document(corpus: Corpus, doc: str, q: str, fold: bool, side: str) -> Page:
    """A whole document: metadata, outline, the text with its clauses and the query's matches."""
    info = _document(corpus, doc)
    text = corpus.store.document_text(doc)
    records = list(corpus.store.records(doc))
    strip = None
    by_clause: dict[str, list[tuple[int, int]]] = {}
    if q.strip():
        parsed = _parse(corpus, q, fold)
        found = plots.dispersion(
            corpus,
            parsed,
            Filters(docs=(doc,), side=side),
            max_documents=1,  # type: ignore[arg-type]
        )
        row = found.rows[0] if found.rows else None
        strip = _strip(row, len(text), records)
        starts = {r.id: r.start for r in records}
        if row is not None:
            for (start, end), clause_id in zip(row.spans, row.clauses, strict=True):
                offset = starts[clause_id]
                by_clause.setdefault(clause_id, []).append((start - offset, end - offset))
        strip["capped"] = found.capped
    chrome = [(c.start, c.end, c.kind) for c in info.meta.chrome]
    pieces = []
    position = 0
    for record in records:
        pieces.append(_gap(text, position, record.start, chrome))
        pieces.append(
            {
                "record": record,
                "anchor": markup.anchor(record),
                # Matches only: term links on every clause of a long statute would
                # triple the page (the clause page has them, one click away).
                "html": markup.marked(record.text, merge_spans(by_clause.get(record.id, ()))),
                "matched": record.id in by_clause,
            }
        )
        position = record.end
    pieces.append(_gap(text, position, len(text), chrome))
    return "document.html", {
        "info": info,
        "meta": info.meta,
        "pieces": [p for p in pieces if p is not None],
        "outline": markup.outline(records),
        "strip": strip,
        "q": q,
        "fold": fold,
        "side": side,
        "matched": sum(1 for p in pieces if p and p.get("matched")),
        "length": len(text),
    }


def _gap(
    text: str, start: int, end: int, chrome: list[tuple[int, int, str]]
) -> dict[str, Any] | None:
    """Text between clauses: chrome that ingest set aside is shown as such."""
    if start >= end:
        return None
    parts = []
    position = start
    for c_start, c_end, kind in chrome:
        c_start, c_end = max(c_start, start), min(c_end, end)
        if c_start >= c_end:
            continue
        if c_start > position:
            parts.append((text[position:c_start], None))
        parts.append((text[c_start:c_end], kind))
        position = c_end
    if position < end:
        parts.append((text[position:end], None))
    return {"gap": parts}


def _strip(
    row: plots.DispersionRow | None, length: int, records: list[ClauseRecord]
) -> dict[str, Any]:
    """The dispersion strip: each match as a mark at its place (per mille of the text)."""
    anchors = {r.id: markup.anchor(r) for r in records}
    marks = []
    if row is not None:
        for (start, _end), clause_id in zip(row.spans, row.clauses, strict=True):
            marks.append(
                {
                    "x": round(1000 * start / length, 1) if length else 0,
                    "anchor": anchors[clause_id],
                    "clause": clause_id,
                }
            )
    return {"marks": marks, "matches": len(marks)}


# --- documents ------------------------------------------------------------------------


def document_list(corpus: Corpus) -> Page:
    return "documents.html", {"documents": documents(corpus)}


# --- concepts -------------------------------------------------------------------------


def concepts(corpus: Corpus, count: str, measure: str) -> Page:
    """The concept × document heatmap, as a table of links into the search."""
    table = plots.heatmap(corpus, count=count, top=None)  # type: ignore[arg-type]
    shown_docs = table.docs[:MAX_HEATMAP_DOCUMENTS]
    values = table.values(measure)
    top = max((v for row in values for v in row[: len(shown_docs)]), default=0) or 1
    rows = []
    for i, concept in enumerate(table.concepts):
        cells = []
        for j, doc in enumerate(shown_docs):
            value = values[i][j]
            cells.append(
                {
                    "doc": doc,
                    "value": value,
                    "count": table.counts[i][j],
                    "level": 0 if not value else max(1, math.ceil(8 * value / top)),
                    "link": SearchForm(concept=concept, narrower=False, doc=(doc,)).link(),
                }
            )
        rows.append(
            {
                "concept": concept,
                "label": table.labels[i],
                "en": table.english[i],
                "cells": cells,
                "total": sum(table.counts[i]),
                "link": SearchForm(concept=concept, narrower=False).link(),
            }
        )
    return "concepts.html", {
        "table": table,
        "rows": rows,
        "docs": shown_docs,
        "left_out": table.docs[MAX_HEATMAP_DOCUMENTS:],
        "count": count,
        "measure": measure,
    }


def concept(corpus: Corpus, concept_id: str) -> Page:
    """One concept: terms and status, note, broader and narrower, frequency per document."""
    glossary = corpus.glossary
    entry: Concept | None = glossary.concept(concept_id) if glossary else None
    if entry is None and not corpus.store.concept_aligned(concept_id):
        raise NotFound(f"no concept {concept_id!r} in the glossary or the corpus")
    matches = corpus.concept_table(count="matches")
    clauses = corpus.concept_table(count="clauses")
    words = {info.id: info.words for info in documents(corpus)}

    def counts(table: Any) -> dict[str, int]:
        for row in table.rows:
            if row.concept == concept_id:
                return dict(zip(table.docs, row.counts, strict=True))
        return {}

    by_matches, by_clauses = counts(matches), counts(clauses)
    frequency = [
        {
            "doc": doc,
            "matches": by_matches.get(doc, 0),
            "clauses": by_clauses.get(doc, 0),
            "per_10k": round(by_matches.get(doc, 0) * 10_000 / words[doc], 2)
            if words.get(doc)
            else 0.0,
            "link": SearchForm(concept=concept_id, narrower=False, doc=(doc,)).link(),
        }
        for doc in matches.docs
        if by_matches.get(doc)
    ]
    narrower = glossary.narrower(concept_id) if glossary else ()
    with_narrower = corpus.count(None, Filters(concept=concept_id)) if narrower else None
    return "concept.html", {
        "id": concept_id,
        "entry": entry,
        "broader": [
            (b, glossary.concept(b) if glossary else None) for b in (entry.broader if entry else ())
        ],
        "narrower": [(n, glossary.concept(n) if glossary else None) for n in narrower],
        "frequency": frequency,
        "total": sum(by_matches.values()),
        "clauses": sum(by_clauses.values()),
        "with_narrower": with_narrower,
        "search": SearchForm(concept=concept_id, narrower=False).link(),
        "search_narrower": SearchForm(concept=concept_id).link(),
        "node": entry.preferred_vi if entry else None,
    }


# --- the glossary ---------------------------------------------------------------------


def glossary(corpus: Corpus, text: str, status: str, aligned: bool) -> Page:
    """The glossary's concepts, filtered by text (diacritics optional), status, alignment."""
    from .. import normalize

    entries = corpus.glossary.concepts if corpus.glossary else ()
    totals = {row.concept: row.total for row in corpus.concept_table(count="matches").rows}
    wanted = normalize.folded_key(text)
    rows = []
    for entry in entries:
        if status and not any(t.status == status for t in (*entry.vi, *entry.en)):
            continue
        if aligned and not totals.get(entry.id):
            continue
        if wanted and wanted not in _haystack(entry):
            continue
        rows.append({"entry": entry, "total": totals.get(entry.id, 0)})
    return "glossary.html", {
        "rows": rows,
        "filter": text,
        "status": status,
        "aligned": aligned,
        "concepts": len(entries),
        "has_glossary": corpus.glossary is not None,
    }


def _haystack(entry: Concept) -> str:
    from .. import normalize

    parts = [
        entry.id,
        *(t.term for t in entry.vi),
        *(t.term for t in entry.en),
        *entry.abbr,
        *entry.abbr_en,
        entry.note or "",
    ]
    return normalize.folded_key(" \n ".join(parts))


# --- errors ---------------------------------------------------------------------------


def check_query(corpus: Corpus, form: SearchForm) -> None:
    """Raise `QueryError` for what the library refuses in a form (before a download)."""
    form.filters()
    if not form.searched:
        raise QueryError("empty query: give a word, a phrase in quotes, or a concept")
