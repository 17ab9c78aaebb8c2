"""Commands for researchers: search (and its concordance), freq, collocates, concepts.

Each parses options, calls `normcorpus.search.Corpus` or `normcorpus.study`,
and renders. Hits are highlighted with rich on a terminal only; piped output
is plain text, and NO_COLOR is respected (`output.console`). Messages about
the query (expansions, suggestions, counts) go to stderr, data to stdout.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from . import app
from .options import DEFAULT_GLOSSARY, DataDir, Format

if TYPE_CHECKING:
    from ..search import Corpus, KwicLine, SearchHit, Suggestion

SearchGlossary = Annotated[
    Path | None,
    typer.Option(
        "--glossary",
        help="The glossary whose English terms expand queries [default: glossary.yaml if present].",
    ),
]
Docs = Annotated[
    list[str] | None,
    typer.Option("--doc", help="Only this document (repeatable)."),
]


def _open(data_dir: Path, glossary: Path | None) -> Corpus:
    from ..search import Corpus

    if glossary is None and Path(DEFAULT_GLOSSARY).exists():
        glossary = Path(DEFAULT_GLOSSARY)
    corpus = Corpus.open(data_dir, glossary=glossary)
    if corpus.glossary is None:
        typer.echo(
            "normcorpus: note: no glossary (pass --glossary): English terms are not expanded",
            err=True,
        )
    return corpus


QUERY_HELP = """Words must all occur (ranked by BM25: clauses holding more of the rarer
terms first, then shorter ones); "a phrase"; OR; NOT or -word;
prefix*; NEAR(a b, N); parentheses group. Written without diacritics, a word
matches any spelling (`de doa` finds `đe dọa`); with them, that spelling. An
English glossary term or abbreviation also finds its Vietnamese terms."""


@app.command()
def search(
    query: Annotated[str | None, typer.Argument(help=QUERY_HELP, show_default=False)] = None,
    fold: Annotated[
        bool, typer.Option("--fold", help="Match every word regardless of diacritics.")
    ] = False,
    concept: Annotated[
        str | None, typer.Option(help="Only clauses aligned to this concept id.")
    ] = None,
    doc: Docs = None,
    kind: Annotated[
        str | None, typer.Option(help="Only documents of this kind (e.g. 'joint statement').")
    ] = None,
    since: Annotated[
        str | None,
        typer.Option(help="Only documents dated on or after (2018, 2018-04, 2018-04-28)."),
    ] = None,
    until: Annotated[str | None, typer.Option(help="Only documents dated on or before.")] = None,
    article: Annotated[
        str | None, typer.Option(help="Only clauses under this article (structured texts).")
    ] = None,
    side: Annotated[
        str,
        typer.Option(
            help="Search the Vietnamese (vi), the English translations (en), or both;"
            " each hit says where it matched."
        ),
    ] = "both",
    limit: Annotated[int, typer.Option(min=0, help="Hits (or concordance lines) shown.")] = 20,
    offset: Annotated[int, typer.Option(min=0, help="Skip this many first.")] = 0,
    count: Annotated[bool, typer.Option("--count", help="Print only the number of hits.")] = False,
    kwic: Annotated[
        bool, typer.Option("--kwic", help="Keyword in context: left | match | right.")
    ] = False,
    width: Annotated[int, typer.Option(min=1, help="Context characters each side (--kwic).")] = 40,
    sort: Annotated[
        str,
        typer.Option(help="score (BM25) or doc (corpus order); with --kwic also left or right."),
    ] = "score",
    explain: Annotated[
        bool, typer.Option("--explain", help="Print the FTS5 expression the query became.")
    ] = False,
    fmt: Format = "table",
    data_dir: DataDir = Path(".normcorpus"),
    glossary: SearchGlossary = None,
) -> None:
    """Find clauses: ranked hits, a concordance (--kwic), or a count (--count)."""
    from ..errors import QueryError
    from ..fileio import check_format

    check_format("rows", fmt, error=QueryError)
    sorts = ("score", "doc", "left", "right") if kwic else ("score", "doc")
    if sort not in sorts:
        raise QueryError(
            f"--sort takes {', '.join(sorts)}" + ("" if kwic else " (left/right need --kwic)")
        )
    from ..filters import Filters

    filters = Filters(
        docs=tuple(doc or ()),
        concept=concept,
        kind=kind,
        since=since,
        until=until,
        article=article,
        side=side,  # type: ignore[arg-type]
    )
    with _open(data_dir, glossary) as corpus:
        # Parsed once: the expansions are reported here, and the same parse runs.
        parsed = corpus.parse(query, fold=fold) if query and query.strip() else None
        if parsed is not None:
            for expansion in parsed.expansions:
                typer.echo(f"normcorpus: expanded {expansion.describe()}", err=True)
        for note in corpus.notes:
            typer.echo(f"normcorpus: note: {note}", err=True)
        if explain:
            typer.echo(f"normcorpus: fts5: {corpus.explain(parsed, filters)}", err=True)
        if count:
            number = corpus.count(parsed, filters)
            if fmt in ("json", "jsonl"):
                payload = {"query": parsed.text if parsed else query or "", "count": number}
                typer.echo(_json(payload, indent=2 if fmt == "json" else None))
            else:
                typer.echo(str(number))
            return
        if kwic:
            lines = corpus.kwic(
                parsed,
                filters,
                width=width,
                sort=sort,  # type: ignore[arg-type]
                limit=limit,
                offset=offset,
            )
            if not lines and offset == 0 and parsed is not None:
                _no_hits(corpus.suggest(parsed))
            _render_kwic(lines, fmt, width)
            return
        table = fmt == "table"
        result = corpus.search(
            parsed,
            filters,
            limit=limit,
            offset=offset,
            order="doc" if sort == "doc" else "rank",
            total=table,
        )
        if not result.hits and offset == 0:
            _no_hits(result.suggestions)
        if table and result.hits and result.total is not None:
            first = offset + 1
            typer.echo(
                f"normcorpus: {result.total} clauses; showing {first}–{offset + len(result.hits)}",
                err=True,
            )
        _render_hits(result.hits, fmt)


def _json(value: Any, indent: int | None = None) -> str:
    import json

    return json.dumps(value, ensure_ascii=False, indent=indent)


def _no_hits(suggestions: tuple[Suggestion, ...]) -> None:
    message = "no clauses match"
    if suggestions:
        shown = [
            f"{s.text} ({s.concept})" if s.concept and s.kind != "word" else s.text
            for s in suggestions
        ]
        message += "; nearest: " + ", ".join(shown)
    typer.echo(f"normcorpus: {message}", err=True)


def _render_hits(hits: tuple[SearchHit, ...], fmt: str) -> None:
    from ..output import console, is_terminal, render

    if fmt in ("json", "jsonl", "csv", "tsv"):
        render([h.to_dict() for h in hits], fmt)
        return
    if not is_terminal(sys.stdout):
        rows = [
            {
                "id": h.record.id,
                "doc": h.record.doc,
                "score": h.score,
                "text": h.record.text,
                "en": "; ".join(h.english),
                "translation": h.translation,
            }
            for h in hits
        ]
        render(rows, "table", columns=["id", "doc", "score", "text", "en", "translation"])
        return
    from rich.table import Table
    from rich.text import Text

    table = Table(show_lines=True)
    table.add_column("clause", style="bold", no_wrap=True)
    table.add_column("document")
    table.add_column("text", ratio=3)
    table.add_column("English", ratio=2)
    for hit in hits:
        text = Text(hit.record.text)
        for start, end in hit.spans:
            text.stylize("bold yellow", start, end)
        english = Text(hit.translation or "")
        if hit.english:  # the aligned concepts' English terms
            english.append(("\n" if hit.translation else "") + "; ".join(hit.english), style="dim")
        document = hit.document
        where = " ".join(x for x in (document.date, document.kind) if x)
        table.add_row(hit.record.id, f"{document.id}\n{where}".strip(), text, english)
    console().print(table)


def _render_kwic(lines: list[KwicLine], fmt: str, width: int) -> None:
    from ..output import console, is_terminal, render

    if fmt in ("json", "jsonl", "csv", "tsv"):
        render([x.to_dict() for x in lines], fmt)
        return
    if not is_terminal(sys.stdout):
        ids = max((len(x.id) for x in lines), default=0)
        for x in lines:
            sys.stdout.write(f"{x.id:<{ids}}  {x.left:>{width}} | {x.match} | {x.right}\n")
        return
    from rich.table import Table
    from rich.text import Text

    table = Table(box=None, show_header=False, pad_edge=False)
    table.add_column(style="dim", no_wrap=True)
    table.add_column(justify="right", no_wrap=True, overflow="crop", max_width=width)
    table.add_column(no_wrap=True)
    table.add_column(no_wrap=True, overflow="crop", max_width=width)
    for x in lines:
        table.add_row(x.id, x.left, Text(x.match, style="bold yellow"), x.right)
    console().print(table)


# --- study -----------------------------------------------------------------------


@app.command()
def freq(
    by: Annotated[
        str, typer.Option(help="word (underthesea), syllable or ngram (of syllables).")
    ] = "word",
    n: Annotated[int, typer.Option("--n", min=2, max=5, help="n-gram length (--by ngram).")] = 2,
    doc: Docs = None,
    top: Annotated[int, typer.Option(min=0, help="Rows shown (0: all).")] = 50,
    min_count: Annotated[int, typer.Option(min=1, help="Leave out items rarer than this.")] = 1,
    fmt: Format = "table",
    data_dir: DataDir = Path(".normcorpus"),
) -> None:
    """Frequency list of words, syllables or n-grams."""
    from ..output import render
    from ..store import Store
    from ..study import freq as frequency_list

    with Store.open(data_dir) as store:
        rows = frequency_list(store, by=by, n=n, docs=doc, top=top or None, min_count=min_count)  # type: ignore[arg-type]
    render(
        [r.to_dict() for r in rows],
        fmt,
        columns=["item", "count", "per_10k", "docs"],
        title=f"Frequency by {by}",
    )


@app.command()
def collocates(
    term: Annotated[str, typer.Argument(help="The node: a word or phrase (diacritics optional).")],
    window: Annotated[int, typer.Option(min=1, help="Units either side.")] = 5,
    measure: Annotated[str, typer.Option(help="mi, llr (log-likelihood) or tscore.")] = "llr",
    min_freq: Annotated[int, typer.Option(min=1, help="Least co-occurrences shown.")] = 2,
    by: Annotated[str, typer.Option(help="word or syllable.")] = "word",
    fold: Annotated[
        bool, typer.Option("--fold", help="Match the node regardless of diacritics.")
    ] = False,
    doc: Docs = None,
    top: Annotated[int, typer.Option(min=0, help="Rows shown (0: all).")] = 30,
    fmt: Format = "table",
    data_dir: DataDir = Path(".normcorpus"),
) -> None:
    """Collocates of a term with MI, log-likelihood and t-score."""
    from ..output import dumps, render
    from ..store import Store
    from ..study import collocates as find_collocates

    with Store.open(data_dir) as store:
        result = find_collocates(
            store,
            term,
            window=window,
            measure=measure,
            min_freq=min_freq,
            by=by,  # type: ignore[arg-type]
            docs=doc,
            fold=fold,
            top=top or None,
        )
    typer.echo(
        f"normcorpus: {result.occurrences} occurrences of {result.node!r} in {result.corpus_size}"
        f" {result.unit}s; window ±{window}",
        err=True,
    )
    if fmt == "json":
        typer.echo(dumps(result.to_dict()))
        return
    render(
        [c.to_dict() for c in result.collocates],
        fmt,
        columns=[
            "item",
            "together",
            "left",
            "right",
            "frequency",
            "expected",
            "mi",
            "llr",
            "tscore",
        ],
        title=f"Collocates of {result.node} (by {measure})",
    )


@app.command()
def concepts(
    count: Annotated[str, typer.Option("--count", help="Count matches or clauses.")] = "matches",
    sort: Annotated[str, typer.Option(help="total, concept, or a document id.")] = "total",
    doc: Docs = None,
    min_total: Annotated[int, typer.Option(min=1, help="Leave out rarer concepts.")] = 1,
    top: Annotated[int, typer.Option(min=0, help="Rows shown (0: all).")] = 0,
    fmt: Format = "table",
    data_dir: DataDir = Path(".normcorpus"),
    glossary: SearchGlossary = None,
) -> None:
    """A concept × document table of counts: the shape of the corpus at a glance."""
    from ..output import render

    with _open(data_dir, glossary) as corpus:
        table = corpus.concept_table(count=count, sort=sort, docs=doc, min_total=min_total)
    rows = table.to_rows()
    render(
        rows[:top] if top else rows,
        fmt,
        columns=["concept", "en", *table.docs, "total"],
        title=f"Concepts × documents ({table.count})",
    )
