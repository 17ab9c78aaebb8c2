"""Figures for papers: dispersion, concept × document heatmap, timeline, collocates.

Two halves. What a figure shows is gathered from a `Corpus` into frozen
dataclasses (`dispersion`, `timeline`, `heatmap`; collocates are
`study.Collocation`), each with `to_dict()`, so the web pages and the CLI show
the same numbers. `render(data, fmt, size)` draws one of them to SVG, PNG or
PDF bytes with matplotlib, which is imported only then (the Agg canvas, never
pyplot: no GUI, no global figure state).

Text: DejaVu Sans (shipped inside matplotlib) covers every Vietnamese letter
with its diacritics; SVG keeps text as `<text>` (`svg.fonttype: none`), PDF
embeds the font as TrueType (`pdf.fonttype: 42`), so labels stay editable
and searchable. Output is deterministic (no dates in the files, fixed SVG ids).
"""

from __future__ import annotations

import datetime
import io
import re
import threading
from collections import Counter
from collections.abc import Collection, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any, Literal

from .errors import QueryError
from .filters import NO_FILTERS, Filters

if TYPE_CHECKING:
    from .query import ParsedQuery
    from .search import Corpus
    from .study import Collocation

FORMATS: tuple[str, ...] = ("svg", "png", "pdf")
KINDS: tuple[str, ...] = ("dispersion", "heatmap", "timeline", "collocates")
MEASURES: tuple[str, ...] = ("count", "per_10k")
FONT = "DejaVu Sans"
INK = "#1f3b63"  # marks and bars: dark blue, legible in grey-scale print
MAX_MATCHES = 5_000  # dispersion: matches read (the plot says when it stopped)
MAX_DOCUMENTS = 40  # dispersion rows (the plot says how many were left out)


@dataclass(frozen=True, slots=True)
class Size:
    """A figure's size in inches and its resolution (PNG; SVG and PDF are vector)."""

    width: float = 8.0
    height: float | None = None  # None: what the figure's rows need
    dpi: int = 150

    def __post_init__(self) -> None:
        if not 1 <= self.width <= 50:
            raise QueryError(f"--width takes 1 to 50 inches, not {self.width:g}")
        if self.height is not None and not 1 <= self.height <= 50:
            raise QueryError(f"--height takes 1 to 50 inches, not {self.height:g}")
        if not 30 <= self.dpi <= 1200:
            raise QueryError(f"--dpi takes 30 to 1200, not {self.dpi}")


# --- what the figures show --------------------------------------------------------


@dataclass(frozen=True, slots=True)
class DispersionRow:
    """Where in one document the query matched."""

    doc: str
    length: int  # characters of the normalised text
    words: int
    spans: tuple[tuple[int, int], ...]  # of the matches, in the document text
    clauses: tuple[str, ...]  # the clause id of each span

    @property
    def per_10k(self) -> float:
        return _per_10k(len(self.spans), self.words)

    def to_dict(self) -> dict[str, Any]:
        return {
            "doc": self.doc,
            "length": self.length,
            "words": self.words,
            "matches": len(self.spans),
            "per_10k": self.per_10k,
            "spans": [list(s) for s in self.spans],
            "clauses": list(self.clauses),
        }


@dataclass(frozen=True, slots=True)
class Dispersion:
    query: str
    rows: tuple[DispersionRow, ...]  # documents with a match, in corpus order
    matches: int  # shown
    capped: bool  # more matches than MAX_MATCHES clauses: the rest are not shown
    documents_left_out: int = 0  # documents with matches past MAX_DOCUMENTS

    def to_dict(self) -> dict[str, Any]:
        return {
            "query": self.query,
            "matches": self.matches,
            "capped": self.capped,
            "documents_left_out": self.documents_left_out,
            "rows": [r.to_dict() for r in self.rows],
        }


@dataclass(frozen=True, slots=True)
class TimelinePoint:
    doc: str
    date: str  # as the metadata gives it: 2018, 2018-04 or 2018-04-28
    clauses: int  # matching
    words: int

    @property
    def per_10k(self) -> float:
        return _per_10k(self.clauses, self.words)

    def to_dict(self) -> dict[str, Any]:
        return {
            "doc": self.doc,
            "date": self.date,
            "clauses": self.clauses,
            "words": self.words,
            "per_10k": self.per_10k,
        }


@dataclass(frozen=True, slots=True)
class Timeline:
    query: str
    points: tuple[TimelinePoint, ...]  # by date, then document
    undated: tuple[str, ...]  # documents left out for want of a date

    def to_dict(self) -> dict[str, Any]:
        return {
            "query": self.query,
            "points": [p.to_dict() for p in self.points],
            "undated": list(self.undated),
        }


@dataclass(frozen=True, slots=True)
class Heatmap:
    """Concept × document counts (matches or clauses), with each document's words."""

    count: str  # "matches" or "clauses"
    docs: tuple[str, ...]
    words: tuple[int, ...]  # of each document
    concepts: tuple[str, ...]  # by total, most frequent first
    labels: tuple[str, ...]  # a concept as a reader knows it: Vietnamese term (id)
    english: tuple[str | None, ...]
    counts: tuple[tuple[int, ...], ...]  # [concept][doc]
    # What was counted, said in the title (`study`: body text unless `include` says).
    scope: str = "body text"

    def values(self, measure: str = "count") -> tuple[tuple[float, ...], ...]:
        """The counts, or (`per_10k`) the counts per 10,000 words of each document."""
        if measure not in MEASURES:
            raise QueryError(f"measure takes {', '.join(MEASURES)}, not {measure!r}")
        if measure == "count":
            return tuple(tuple(float(n) for n in row) for row in self.counts)
        return tuple(
            tuple(_per_10k(n, w) for n, w in zip(row, self.words, strict=True))
            for row in self.counts
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "count": self.count,
            "scope": self.scope,
            "docs": list(self.docs),
            "words": list(self.words),
            "rows": [
                {
                    "concept": concept,
                    "label": label,
                    "en": en,
                    "counts": list(counts),
                    "per_10k": list(per_10k),
                }
                for concept, label, en, counts, per_10k in zip(
                    self.concepts,
                    self.labels,
                    self.english,
                    self.counts,
                    self.values("per_10k"),
                    strict=True,
                )
            ],
        }


def _per_10k(count: int, words: int) -> float:
    return round(count * 10_000 / words, 2) if words else 0.0


def _parsed(corpus: Corpus, query: str | ParsedQuery | None, fold: bool) -> ParsedQuery | None:
    # Read as the concordance reads it: words typed together are one phrase.
    return corpus.as_phrases(query, fold=fold)


def dispersion(
    corpus: Corpus,
    query: str | ParsedQuery | None,
    filters: Filters = NO_FILTERS,
    *,
    fold: bool = False,
    max_matches: int = MAX_MATCHES,
    max_documents: int = MAX_DOCUMENTS,
) -> Dispersion:
    """Where the query's matches fall in each document (AntConc's concordance plot).

    A clause that matched on its English side only is marked at its start.
    """
    parsed = _parsed(corpus, query, fold)
    result = corpus.search(parsed, filters, order="doc", limit=max_matches + 1, suggest=False)
    hits = result.hits[:max_matches]
    by_doc: dict[str, list[tuple[tuple[int, int], str]]] = {}
    for hit in hits:
        record = hit.record
        spans = hit.spans or ((0, 0),)
        marks = by_doc.setdefault(record.doc, [])
        marks.extend(((record.start + s, record.start + e), record.id) for s, e in spans)
    words = {info.id: info.words for info in corpus.store.documents()}
    docs = list(by_doc)
    rows = []
    for doc in docs[:max_documents]:
        marks = sorted(by_doc[doc])
        rows.append(
            DispersionRow(
                doc=doc,
                length=len(corpus.store.document_text(doc)),
                words=words.get(doc, 0),
                spans=tuple(span for span, _ in marks),
                clauses=tuple(clause for _, clause in marks),
            )
        )
    return Dispersion(
        query=result.query,
        rows=tuple(rows),
        matches=sum(len(r.spans) for r in rows),
        capped=len(result.hits) > max_matches,
        documents_left_out=max(0, len(docs) - max_documents),
    )


def timeline(
    corpus: Corpus,
    query: str | ParsedQuery | None,
    filters: Filters = NO_FILTERS,
    *,
    fold: bool = False,
) -> Timeline:
    """Matching clauses per 10,000 words of each dated document, by date."""
    parsed = _parsed(corpus, query, fold)
    kept = corpus.store.documents_matching(filters)
    points, undated = [], []
    for info in corpus.store.documents():
        if info.id not in kept:
            continue
        date = info.meta.date
        if not date or _date(date) is None:
            undated.append(info.id)
            continue
        clauses = corpus.count(parsed, replace(filters, docs=(info.id,)))
        points.append(TimelinePoint(info.id, date, clauses, info.words))
    points.sort(key=lambda p: (_date(p.date), p.doc))
    text = parsed.text if parsed is not None else ""
    return Timeline(query=text, points=tuple(points), undated=tuple(undated))


def heatmap(
    corpus: Corpus,
    *,
    count: Literal["matches", "clauses"] = "matches",
    docs: Sequence[str] | None = None,
    top: int | None = 30,
    include: Collection[str] | None = (),
    skipped: Counter[str] | None = None,
) -> Heatmap:
    """The `top` concepts (by total) × documents, from `Corpus.concept_table`
    (body text and the unit kinds `include` names: `study`)."""
    table = corpus.concept_table(count=count, docs=docs, include=include, skipped=skipped)
    rows = table.rows[:top] if top else table.rows
    words = {info.id: info.words for info in corpus.store.documents()}
    glossary = corpus.glossary
    labels = []
    for row in rows:
        concept = glossary.concept(row.concept) if glossary is not None else None
        vi = concept.preferred_vi if concept is not None else ""
        labels.append(f"{vi} ({row.concept})" if vi else row.concept)
    return Heatmap(
        count=table.count,
        docs=table.docs,
        words=tuple(words.get(doc, 0) for doc in table.docs),
        concepts=tuple(r.concept for r in rows),
        labels=tuple(labels),
        english=tuple(r.en for r in rows),
        counts=tuple(r.counts for r in rows),
        scope=_scope(include),
    )


# A unit kind as a title names what it counted (`closing`, `signature`: as they are).
_KIND_NAMES = {
    "header": "headers",
    "heading": "headings",
    "source-note": "source notes",
    "note": "notes",
    "attachment": "attachment names",
}


def _scope(include: Collection[str] | None) -> str:
    """What a count covered, for a reader: `body text`, `body text and headings`, `every unit`."""
    if include is None:
        return "every unit"
    kinds = [_KIND_NAMES.get(kind, kind) for kind in include]
    return "body text" + (" and " + ", ".join(kinds) if kinds else "")


_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


def _date(text: str) -> datetime.date | None:
    """A metadata date (2018, 2018-04, 2018-04-28) as the day it starts on."""
    match = _DATE.match(text)
    if match is None:
        return None
    year, month, day = match.groups()
    try:
        return datetime.date(int(year), int(month or 1), int(day or 1))
    except ValueError:
        return None


# --- drawing ----------------------------------------------------------------------

# rcParams are process-wide; a figure is drawn under them and a lock, so that
# two threads (the web app's workers) never draw under each other's settings.
_DRAWING = threading.Lock()
_RC = {
    "font.family": "sans-serif",
    "font.sans-serif": [FONT],
    "font.size": 9,
    "svg.fonttype": "none",
    "svg.hashsalt": "normcorpus",
    "pdf.fonttype": 42,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.titlesize": 11,
    "axes.titleweight": "bold",
}
_METADATA = {
    "svg": {"Date": None, "Creator": "normcorpus"},
    "png": {"Software": "normcorpus"},
    "pdf": {"CreationDate": None, "ModDate": None, "Creator": "normcorpus", "Producer": None},
}


def check_format(fmt: str) -> str:
    fmt = fmt.lower().lstrip(".")
    if fmt not in FORMATS:
        raise QueryError(f"plots are written as {', '.join(FORMATS)}, not {fmt!r}")
    return fmt


def render(
    data: Dispersion | Timeline | Heatmap | Collocation,
    fmt: str = "svg",
    size: Size | None = None,
    *,
    measure: str = "count",
    order: str = "llr",
) -> bytes:
    """The figure of `data` as SVG, PNG or PDF bytes.

    `measure` is the heatmap's (`count` or `per_10k`); `order` the collocates'
    measure (`llr`, `mi` or `tscore`).
    """
    fmt = check_format(fmt)
    size = size or Size()
    # The Agg canvas, attached to each figure: no pyplot, and the backend a
    # library user chose for their own figures (Jupyter's) is left alone.
    import matplotlib
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    with _DRAWING, matplotlib.rc_context(_RC):
        if isinstance(data, Dispersion):
            figure = _draw_dispersion(Figure, data, size)
        elif isinstance(data, Timeline):
            figure = _draw_timeline(Figure, data, size)
        elif isinstance(data, Heatmap):
            figure = _draw_heatmap(Figure, data, size, measure)
        else:
            figure = _draw_collocates(Figure, data, size, order)
        FigureCanvasAgg(figure)
        out = io.BytesIO()
        figure.savefig(out, format=fmt, dpi=size.dpi, metadata=_METADATA[fmt])
    return out.getvalue()


def _figure(figure_class: Any, size: Size, rows_height: float) -> Any:
    height = size.height if size.height is not None else min(50.0, max(2.2, rows_height))
    return figure_class(figsize=(size.width, height), layout="constrained")


def _empty(axes: Any, message: str) -> None:
    axes.text(0.5, 0.5, message, ha="center", va="center", transform=axes.transAxes, color="#555")
    axes.set_xticks([])
    axes.set_yticks([])


def _quoted(query: str) -> str:
    return f"“{query}”" if query else "the filters"


def _draw_dispersion(figure_class: Any, data: Dispersion, size: Size) -> Any:
    rows = data.rows
    figure = _figure(figure_class, size, 1.1 + 0.42 * max(1, len(rows)))
    axes = figure.add_subplot()
    axes.set_title(f"Dispersion of {_quoted(data.query)}", loc="left")
    if not rows:
        _empty(axes, "no matches")
        return figure
    for i, row in enumerate(rows):
        y = len(rows) - 1 - i
        axes.add_patch(_rectangle((0, y - 0.35), 1, 0.7))
        xs = [s / row.length if row.length else 0.0 for s, _ in row.spans]
        axes.vlines(xs, y - 0.35, y + 0.35, color=INK, linewidth=1.1)
    axes.set_xlim(0, 1)
    axes.set_ylim(-0.6, len(rows) - 0.4)
    axes.set_yticks(
        range(len(rows)),
        [
            f"{row.doc}\n{_counted(len(row.spans), 'match', 'matches')},"
            f" {row.per_10k:g} per 10k words"
            for row in reversed(rows)
        ],
    )
    axes.set_xticks([0, 0.25, 0.5, 0.75, 1], ["start", "", "middle", "", "end"])
    axes.set_xlabel("position in the document")
    axes.spines["left"].set_visible(False)
    axes.tick_params(axis="y", length=0)
    notes = []
    if data.capped:
        notes.append(f"the first {data.matches:,} matches only")
    if data.documents_left_out:
        notes.append(f"{_counted(data.documents_left_out, 'more document')} not shown")
    if notes:
        figure.text(0.99, 0.005, "; ".join(notes), ha="right", va="bottom", color="#555", size=8)
    return figure


def _counted(count: int, singular: str, plural: str = "") -> str:
    """`1 match`, `2 matches`: a label a reader does not stumble on."""
    return f"{count:,} {singular if count == 1 else plural or singular + 's'}"


def _rectangle(xy: tuple[float, float], width: float, height: float) -> Any:
    from matplotlib.patches import Rectangle

    return Rectangle(xy, width, height, facecolor="#f1f3f6", edgecolor="#c9ced6", linewidth=0.6)


def _draw_timeline(figure_class: Any, data: Timeline, size: Size) -> Any:
    figure = _figure(figure_class, size, 3.6)
    axes = figure.add_subplot()
    axes.set_title(f"{_quoted(data.query)} by document date", loc="left")
    if not data.points:
        _empty(axes, "no dated documents")
        return figure
    dates = [_date(p.date) for p in data.points]
    values = [p.per_10k for p in data.points]
    # Points, never a line: the documents are not a series (a law and two news
    # reports joined by a line would read as a trend). Each is numbered, and a
    # key beside the axes names it: names at the points overlap wherever
    # documents share a year.
    axes.scatter(dates, values, color=INK, s=28, zorder=3)
    span = max((max(dates) - min(dates)).days, 1)
    previous: datetime.date | None = None
    shift = 0
    for number, (date, value) in enumerate(zip(dates, values, strict=True), 1):
        # Numbers of points close in time step up and down, not onto each other.
        near = previous is not None and (date - previous).days * 20 < span
        shift = (shift + 1) % 3 if near else 0
        previous = date
        axes.annotate(
            str(number),
            (date, value),
            textcoords="offset points",
            xytext=(5, (0, 9, -9)[shift]),
            va="center",
            size=7,
            color="#333",
        )
    handles = [_number_handle(n) for n in range(1, len(data.points) + 1)]
    labels = [f"{p.doc} ({p.date}): {_counted(p.clauses, 'clause')}" for p in data.points]
    figure.legend(
        handles, labels, loc="outside right upper", frameon=False, fontsize=7, handlelength=1.2
    )
    axes.set_ylabel("matching clauses per 10,000 words")
    axes.set_ylim(bottom=0, top=max(values) * 1.25 or 1)
    if len(set(dates)) == 1:  # one date: a readable span around it
        only = dates[0]
        axes.set_xlim(only - datetime.timedelta(days=200), only + datetime.timedelta(days=200))
    figure.autofmt_xdate()
    if data.undated:
        figure.text(
            0.99,
            0.005,
            f"{_counted(len(data.undated), 'undated document')} not shown",
            ha="right",
            va="bottom",
            color="#555",
            size=8,
        )
    return figure


def _number_handle(number: int) -> Any:
    """A key's mark: the number written at the point."""
    from matplotlib.lines import Line2D

    return Line2D([], [], linestyle="none", marker=f"${number}$", color="#333", markersize=7)


def _draw_heatmap(figure_class: Any, data: Heatmap, size: Size, measure: str) -> Any:
    values = data.values(measure)
    # Room for the rows and for the documents' names written upright under them (a
    # figure of one row was too short for them: its layout collapsed, with a warning).
    names = max((len(doc) for doc in data.docs), default=0)
    figure = _figure(figure_class, size, 1.2 + 0.28 * max(1, len(values)) + 0.09 * names)
    axes = figure.add_subplot()
    what = "per 10,000 words" if measure == "per_10k" else data.count
    # Over the whole figure, from its left edge: long concept labels push the axes
    # right, and a title at the axes' left ran off the figure's right edge.
    figure.suptitle(
        f"Concepts × documents ({what}; {data.scope})", x=0.01, ha="left", fontweight="bold"
    )
    if not values or not data.docs:
        _empty(axes, "no aligned concepts")
        return figure
    image = axes.imshow(values, cmap="Blues", aspect="auto", interpolation="nearest")
    top = max(max(row) for row in values) or 1
    for i, row in enumerate(values):
        for j, value in enumerate(row):
            if value:
                axes.text(
                    j,
                    i,
                    f"{value:g}",
                    ha="center",
                    va="center",
                    size=7,
                    color="white" if value > top * 0.6 else "#222",
                )
    # Upright document ids: slanted ones overlap their neighbours once ids are
    # longer than a column is wide (real file names are).
    axes.set_xticks(range(len(data.docs)), data.docs, rotation=90, ha="center")
    axes.set_yticks(range(len(data.labels)), data.labels)
    axes.tick_params(length=0)
    for spine in axes.spines.values():
        spine.set_visible(False)
    figure.colorbar(image, ax=axes, shrink=0.6, label=what)
    return figure


def _draw_collocates(figure_class: Any, data: Collocation, size: Size, order: str) -> Any:
    from .study import MEASURES as ORDERS

    if order not in ORDERS:
        raise QueryError(f"order collocates by {', '.join(ORDERS)}, not {order!r}")
    rows = sorted(data.collocates, key=lambda c: (-getattr(c, order), c.item))
    figure = _figure(figure_class, size, 1.2 + 0.26 * max(1, len(rows)))
    axes = figure.add_subplot()
    names = {"llr": "log-likelihood", "mi": "MI", "tscore": "t-score"}
    axes.set_title(
        f"Collocates of “{data.node}” (±{data.window} {data.unit}s, by {names[order]})",
        loc="left",
    )
    if not rows:
        _empty(axes, f"no collocates ({data.occurrences} occurrences)")
        return figure
    labels = [c.item for c in reversed(rows)]
    values = [getattr(c, order) for c in reversed(rows)]
    bars = axes.barh(range(len(rows)), values, color=INK, height=0.7)
    axes.bar_label(
        bars, labels=[f"{c.together}×" for c in reversed(rows)], padding=3, size=7, color="#333"
    )
    axes.set_yticks(range(len(rows)), labels)
    axes.set_xlabel(names[order])
    axes.tick_params(axis="y", length=0)
    axes.margins(x=0.12)
    return figure
