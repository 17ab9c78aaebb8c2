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
from .options import DEFAULT_GLOSSARY, DataDir, Format, Include, say_left_out, scope

if TYPE_CHECKING:
    from ..filters import Filters
    from ..query import ParsedQuery
    from ..search import Corpus, KwicLine, SearchHit, Suggestion

SearchGlossary = Annotated[
    Path | None,
    typer.Option(
        "--glossary",
        help="The glossary whose English terms expand queries [default: glossary.yaml if present].",
    ),
]
LabelGlossary = Annotated[
    Path | None,
    typer.Option(
        "--glossary",
        help="The glossary whose terms label the concepts [default: glossary.yaml if present].",
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
    if not corpus.has_glossary:
        typer.echo(
            "normcorpus: note: no glossary (pass --glossary): English terms are not expanded",
            err=True,
        )
    return corpus


QUERY_HELP = """Words must all occur (ranked by BM25: clauses holding more of the rarer
terms first, then shorter ones); "a phrase"; OR; NOT or -word;
prefix*; NEAR(a b, N); parentheses group. With --kwic (and in plots), words
typed together are one phrase, as a concordancer reads them (a AND b: apart).
Written without diacritics, a word matches any spelling (`de doa` finds
`đe dọa`); with them, that spelling. An English glossary term or abbreviation
also finds its Vietnamese terms."""


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
    limit: Annotated[
        int, typer.Option(min=0, help="Hits (or concordance lines) shown; 0 shows them all.")
    ] = 20,
    offset: Annotated[int, typer.Option(min=0, help="Skip this many first.")] = 0,
    count: Annotated[
        bool,
        typer.Option("--count", help="Print only the number of hits (of lines, with --kwic)."),
    ] = False,
    kwic: Annotated[
        bool, typer.Option("--kwic", help="Keyword in context: left | match | right.")
    ] = False,
    width: Annotated[
        int | None,
        typer.Option(
            min=1,
            help="Context characters each side (--kwic) [default: what fits the terminal;"
            " 40 when piped].",
            show_default=False,
        ),
    ] = None,
    wide: Annotated[
        bool,
        typer.Option(
            "--wide", help="Hits as one table row each (clause, document, text, English)."
        ),
    ] = False,
    excel: Annotated[
        bool,
        typer.Option(
            "--excel",
            help="CSV for Excel: a UTF-8 byte-order mark first (implies --format csv).",
        ),
    ] = False,
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
    """Find clauses: ranked hits, a concordance (--kwic), or a count (--count).

    On a terminal, hits are grouped by document, each with its short id, its
    text (matches highlighted) and its English under it; --wide gives one table
    row a hit; "(en)" beside an English line says only the English matched. Piped, or
    with --format csv/tsv, the rows are flat: id, doc, article, clause, point,
    text, en, concepts, score, matched. A concordance fits the terminal: the
    keyword is never cut, and on a narrow one each id heads its lines.
    """
    from ..errors import QueryError
    from ..fileio import check_format

    fmt = _excel_format(fmt, excel)
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
        # A concordance reads words typed together as a phrase, as corpus tools do.
        parsed = corpus.parse(query, fold=fold, phrases=kwic) if query and query.strip() else None
        if parsed is not None and side != "en":  # the English side searches the words only
            for expansion in parsed.expansions:
                typer.echo(f"normcorpus: expanded {expansion.describe()}", err=True)
            if not parsed.expansions and query.isascii():
                # An English word that is no term by itself (`incident`) is searched as
                # written, which the Vietnamese rarely holds: the terms that hold it.
                holding = corpus.english.holding(query)
                if holding:
                    terms = ", ".join(f"{term} ({', '.join(ids)})" for term, ids in holding)
                    typer.echo(
                        f"normcorpus: note: {query!r} is no glossary term, searched as written;"
                        f" terms that hold it: {terms}",
                        err=True,
                    )
        if parsed is not None and parsed.joined:
            say_phrases(corpus, parsed, filters)
        for note in corpus.notes:
            typer.echo(f"normcorpus: note: {note}", err=True)
        if since or until:
            # A date range leaves out every undated document (a codification has no
            # date): said, as `plot timeline` says it.
            undated = [info.id for info in corpus.store.documents() if not info.meta.date]
            if undated:
                named = ", ".join(undated[:3]) + (", …" if len(undated) > 3 else "")
                typer.echo(
                    f"normcorpus: note: --since/--until leave out {len(undated)} undated"
                    f" document{'s' if len(undated) != 1 else ''} ({named})",
                    err=True,
                )
        if explain:
            typer.echo(f"normcorpus: fts5: {corpus.explain(parsed, filters)}", err=True)
        if count:
            number = corpus.kwic_count(parsed, filters) if kwic else corpus.count(parsed, filters)
            if fmt in ("json", "jsonl"):
                key = "lines" if kwic else "count"
                payload = {"query": parsed.text if parsed else query or "", key: number}
                typer.echo(_json(payload, indent=2 if fmt == "json" else None))
            else:
                typer.echo(str(number))
            return
        if kwic:
            _kwic(corpus, parsed, filters, fmt, width, sort, limit, offset, excel)
            return
        table = fmt == "table"
        order = "doc" if sort == "doc" else "rank"
        if limit == 0:  # all of them, a page at a time
            from ..search import MAX_LIMIT

            total = corpus.count(parsed, filters)
            hits: list[SearchHit] = []
            result = None
            while result is None or (result.hits and offset + len(hits) < total):
                result = corpus.search(
                    parsed,
                    filters,
                    limit=max(min(total - offset - len(hits), MAX_LIMIT), 1),
                    offset=offset + len(hits),
                    order=order,  # type: ignore[arg-type]
                )
                hits.extend(result.hits)
            found, suggestions = tuple(hits), result.suggestions
        else:
            result = corpus.search(
                parsed,
                filters,
                limit=limit,
                offset=offset,
                order=order,  # type: ignore[arg-type]
                total=table,
            )
            found, suggestions, total = result.hits, result.suggestions, result.total
        _render_hits(found, fmt, wide=wide, bom=excel)
        # What was shown of how many: after the hits, where the eye ends up.
        if not found:
            if offset == 0:
                _no_hits(suggestions, corpus, parsed, filters)
            else:
                _no_more("hits", total if total is not None else corpus.count(parsed, filters))
        elif table and total is not None:
            shown = f"{offset + 1}–{offset + len(found)}"
            more = "; --limit 0 for all" if offset + len(found) < total else ""
            clauses = "clause" if total == 1 else "clauses"
            typer.echo(f"normcorpus: {total} {clauses}; showing {shown}{more}", err=True)


def say_phrases(corpus: Corpus, parsed: ParsedQuery, filters: Filters) -> None:
    """A concordance reads words typed together as one phrase; when that leaves out
    clauses that `search` finds (the words apart), say how many and how to see them."""
    apart = corpus.apart(parsed, filters)
    if apart > 0:
        runs = ", ".join(repr(run) for run in parsed.joined)
        clauses = "clause holds" if apart == 1 else "clauses hold"
        typer.echo(
            f"normcorpus: note: {runs} read as one phrase, as a concordancer reads it;"
            f" {apart:,} more {clauses} the words apart (`search` without --kwic ranks them)",
            err=True,
        )


def _excel_format(fmt: str, excel: bool) -> str:
    """--excel means CSV (a table format asked for with it becomes CSV)."""
    if not excel:
        return fmt
    if fmt == "table":
        return "csv"
    if fmt not in ("csv", "tsv"):
        from ..errors import QueryError

        raise QueryError(f"--excel writes CSV or TSV, not {fmt}")
    return fmt


def _kwic(
    corpus: Corpus,
    parsed: ParsedQuery | None,
    filters: Filters,
    fmt: str,
    width: int | None,
    sort: str,
    limit: int,
    offset: int,
    excel: bool,
) -> None:
    from ..output import console, is_terminal
    from ..search import MAX_LIMIT, MAX_WIDTH

    terminal = fmt == "table" and is_terminal(sys.stdout)
    columns = console().width if terminal else 0
    # On a terminal, ask for more context than is shown: the layout cuts it
    # to fit, at a word boundary. Piped, --width is exact (40 by default).
    if terminal and (width is None or width <= MAX_WIDTH):
        context = min((width or columns) + 20, MAX_WIDTH)
    else:  # (a --width out of range is the library's to refuse)
        context = width or 40
    total = None
    if limit == 0:
        total = corpus.kwic_count(parsed, filters)
        lines: list[KwicLine] = []
        while not lines or offset + len(lines) < total:
            page = corpus.kwic(
                parsed,
                filters,
                width=context,
                sort=sort,  # type: ignore[arg-type]
                limit=max(min(total - offset - len(lines), MAX_LIMIT), 1),
                offset=offset + len(lines),
            )
            if not page:
                break
            lines.extend(page)
    else:
        lines = corpus.kwic(
            parsed,
            filters,
            width=context,
            sort=sort,  # type: ignore[arg-type]
            limit=limit,
            offset=offset,
        )
    _render_kwic(lines, fmt, width, columns, bom=excel)
    if not lines:
        if offset == 0:
            _no_hits(None, corpus, parsed, filters)
        else:
            _no_more("lines", corpus.kwic_count(parsed, filters))
    elif fmt == "table" and limit and len(lines) == limit:
        _say_left_out(corpus, parsed, filters, lines, offset)


# Up to this many matching clauses, a concordance says exactly how many lines
# it left out (counting them reads every matching clause).
EXACT_LINE_COUNT = 2_000


def _say_left_out(
    corpus: Corpus, parsed: ParsedQuery | None, filters: Filters, lines: list[KwicLine], offset: int
) -> None:
    clauses = corpus.count(parsed, filters)
    shown = f"lines {offset + 1}–{offset + len(lines)}" if offset else f"{len(lines)}"
    if clauses <= EXACT_LINE_COUNT:
        total = corpus.kwic_count(parsed, filters)
        if offset + len(lines) < total:
            message = f"{shown} of {total} lines; --limit 0 for all"
            typer.echo(f"normcorpus: {message}", err=True)
        return
    typer.echo(
        f"normcorpus: {shown} lines, from the best of {clauses:,} clauses; --limit 0 for all",
        err=True,
    )


def _no_more(what: str, total: int) -> None:
    """An --offset past the end: say so, with how many there are (not "no match")."""
    if total:
        typer.echo(f"normcorpus: no more {what} ({total} in all)", err=True)
    else:
        typer.echo("normcorpus: no clauses match", err=True)


def _filters_named(filters: Filters) -> list[str]:
    """The filters in force as the options that set them (`--side en`, `--doc x`), so
    that "no clauses match" says which one left the hits out."""
    from ..filters import NO_FILTERS

    named = [f"--doc {doc}" for doc in filters.docs]
    if filters.concept:
        named.append(f"--concept {filters.concept}")
    for option, value, default in (
        ("--kind", filters.kind, None),
        ("--since", filters.since, None),
        ("--until", filters.until, None),
        ("--article", filters.article, None),
        ("--side", filters.side, NO_FILTERS.side),
    ):
        if value != default:
            named.append(f"{option} {value}")
    return named or ["these filters"]


def _json(value: Any, indent: int | None = None) -> str:
    import json

    return json.dumps(value, ensure_ascii=False, indent=indent)


def _no_hits(
    suggestions: tuple[Suggestion, ...] | None,
    corpus: Corpus,
    parsed: ParsedQuery | None,
    filters: Filters,
) -> None:
    """Nothing matched. When the filters left out what the query finds, say so:
    spelling suggestions for a query with hundreds of hits would mislead."""
    from ..filters import NO_FILTERS

    message = "no clauses match"
    hint = _kind_hint(corpus, filters.kind) if filters.kind else ""
    if parsed is not None and filters != NO_FILTERS:
        unfiltered = corpus.count(parsed)
        if unfiltered:
            clauses = "clause" if unfiltered == 1 else "clauses"
            named = _filters_named(filters)
            which = "it" if len(named) == 1 else "them"
            message += f" with {' '.join(named)} ({unfiltered:,} {clauses} without {which})"
            typer.echo(f"normcorpus: {message}{hint}", err=True)
            return
    if suggestions is None:
        suggestions = corpus.suggest(parsed) if parsed is not None else ()
    if suggestions:
        shown = [
            f"{s.text} ({s.concept})" if s.concept and s.kind != "word" else s.text
            for s in suggestions
        ]
        message += "; nearest: " + ", ".join(shown)
    typer.echo(f"normcorpus: {message}{hint}", err=True)


def _kind_hint(corpus: Corpus, kind: str) -> str:
    """What to say when no document has the --kind asked for: the kinds there are,
    or that no document has one (0 hits said nothing of it: newuser11)."""
    kinds = corpus.kinds()
    if any(k.casefold() == kind.casefold() for k in kinds):
        return ""
    if not kinds:
        return "; no document has a kind (a document's kind is the `kind:` of its <doc>.meta.yaml)"
    listed = ", ".join(f"{k} ×{n}" for k, n in kinds.items())
    return f"; no document is of kind {kind!r} (the kinds: {listed})"


def hit_row(hit: SearchHit) -> dict[str, Any]:
    """A hit as a flat row (CSV, TSV, the table when piped): its clause's columns, its score."""
    from ..output import clause_row, published_cells

    return {
        **clause_row(hit.record, hit.translation),
        "score": hit.score,
        "matched": ";".join(hit.sides),
        # which English matched (working: <doc>.en.tsv, published: <doc>.en.txt)
        "matched_en": ";".join(hit.translations_matched),
        **published_cells(hit.published),
    }


def _render_hits(hits: tuple[SearchHit, ...], fmt: str, *, wide: bool, bom: bool) -> None:
    from ..output import CLAUSE_COLUMNS, PUBLISHED_COLUMNS, console, is_terminal, render

    if fmt in ("json", "jsonl"):
        render([h.to_dict() for h in hits], fmt)
        return
    if fmt in ("csv", "tsv") or not is_terminal(sys.stdout):
        columns = [*CLAUSE_COLUMNS, "score", "matched", "matched_en", *PUBLISHED_COLUMNS]
        render([hit_row(h) for h in hits], fmt, columns=columns, bom=bom)
        return
    if not hits:
        return
    if wide:
        _print_wide(hits, console())
    else:
        _print_hits(hits, console())


def _print_hits(hits: tuple[SearchHit, ...], out: Any) -> None:
    """Hits grouped by document (a heading where the document changes), one block
    each: the short id, then the text, its English and its terms' English,
    wrapped at word boundaries under the text (never cut)."""
    from rich.text import Text

    from ..layout import cells, short_id
    from ..output import english_label, published_label

    ids = [short_id(hit.record.id, hit.record.doc) for hit in hits]
    id_width = max(cells(x) for x in ids)
    indent = " " * (id_width + 2)
    body_width = max(out.width - len(indent), 20)
    doc = None
    for hit, clause in zip(hits, ids, strict=True):
        if doc is not None:
            out.print()  # a blank line between hits
        if hit.record.doc != doc:
            doc = hit.record.doc
            document = hit.document
            about = " · ".join(x for x in (document.date, document.kind) if x)
            out.print(Text(doc, style="bold") + Text(f"  {about}" if about else "", style="dim"))
        text = Text(hit.record.text)
        for start, end in hit.spans:
            text.stylize("bold yellow", start, end)
        if hit.translation:
            english = Text(hit.translation, style="italic")
            for start, end in hit.translation_spans:
                english.stylize("bold yellow", start, end)
            text.append("\n")
            text.append(Text(f"{english_label()}: ", style="dim"))
            text.append(english)
        if hit.published is not None and hit.published.bead.en:
            published = Text(hit.published.bead.en, style="italic")
            for start, end in hit.published_spans:
                published.stylize("bold yellow", start, end)
            text.append("\n")
            text.append(Text(f"{published_label(hit.published)}: ", style="dim"))
            text.append(published)
        cited = hit.record.structure.citation()
        if cited:  # where the clause stands in a legal text, as a lawyer cites it
            text.append("\n")
            text.append(Text(cited, style="dim"))
        if hit.english:  # the aligned concepts' English terms
            text.append("\n")
            text.append(Text("terms: " + " · ".join(hit.english), style="dim"))
        lines = text.wrap(out, body_width, overflow="fold")
        heads = {0: Text(clause + " " * (id_width - cells(clause) + 2), style="cyan")}
        if "vi" not in hit.sides:  # only the English matched: say so beside that English
            heads[_english_line(lines, hit, english_label, published_label)] = Text(
                "(en)".ljust(len(indent)), style="dim"
            )
        for number, line in enumerate(lines):
            line.rstrip()
            out.print(heads.get(number, Text(indent)) + line, no_wrap=True, crop=False)


def _english_line(lines: Any, hit: SearchHit, english_label: Any, published_label: Any) -> int:
    """The wrapped line where the English that matched begins (its label starts it),
    so that the "(en)" mark stands beside it, never beside the Vietnamese."""
    label = english_label() if hit.translation_spans or hit.published is None else None
    if label is None:
        label = published_label(hit.published)
    for number, line in enumerate(lines):
        if number and line.plain.startswith(label):
            return number
    return 1


def _print_wide(hits: tuple[SearchHit, ...], out: Any) -> None:
    """The one-row-a-hit table (--wide): clause, document, text, English."""
    from rich.table import Table
    from rich.text import Text

    table = Table(show_lines=True)
    # A long document id would leave the text a few columns (`itlaw-2006-67-2006-qh11.vi:
    # p469.s01.c01` is 38): the id then breaks after its document, which the clause
    # column names once (a very long one folds), and the document column gives its date.
    split = any(len(hit.record.id) > out.width // 4 for hit in hits)
    room = max(16, out.width // 5) if split else None
    # (no date column where no document has a date or a kind: it only took width)
    dated = not split or any(hit.document.date or hit.document.kind for hit in hits)
    table.add_column("clause", style="bold", no_wrap=not split, overflow="fold", max_width=room)
    if dated:
        table.add_column("date" if split else "document", max_width=max(12, out.width // 8))
    table.add_column("text", ratio=3)
    table.add_column("English", ratio=2)
    for hit in hits:
        text = Text(hit.record.text)
        for start, end in hit.spans:
            text.stylize("bold yellow", start, end)
        cited = hit.record.structure.citation()
        if cited:  # where the clause stands in a legal text, as the narrow view says
            text.append("\n" + cited, style="dim")
        english = Text(hit.translation or "")
        if hit.published is not None and hit.published.bead.en:
            from ..output import published_label

            english.append("\n" if hit.translation else "")
            english.append(f"{published_label(hit.published)}: ", style="dim")
            english.append(hit.published.bead.en)
        if hit.english:  # the aligned concepts' English terms, labelled as in the narrow view
            english.append(
                ("\n" if english.plain else "") + "terms: " + " · ".join(hit.english), style="dim"
            )
        document = hit.document
        where = " ".join(x for x in (document.date, document.kind) if x)
        if split:
            doc, _, place = hit.record.id.rpartition(":")
            cells = [f"{doc}:\n{place}" if doc else place, where]
        else:
            cells = [hit.record.id, f"{document.id}\n{where}".strip()]
        table.add_row(*cells[: 2 if dated else 1], text, english)
    out.print(table)


def _render_kwic(
    lines: list[KwicLine], fmt: str, width: int | None, columns: int, *, bom: bool = False
) -> None:
    from ..output import console, is_terminal, render

    if fmt in ("json", "jsonl", "csv", "tsv"):
        render([x.to_dict() for x in lines], fmt, bom=bom)
        return
    if not is_terminal(sys.stdout):
        context = width or 40
        ids = max((len(x.id) for x in lines), default=0)
        for x in lines:
            sys.stdout.write(f"{x.id:<{ids}}  {x.left:>{context}} | {x.match} | {x.right}\n")
        return
    from rich.text import Text

    from ..layout import GAP, kwic_rows

    out = console()
    for row in kwic_rows(lines, columns, context=width):
        if row.heading is not None:
            out.print(Text(row.heading, style="cyan"), no_wrap=True, crop=False)
        line = Text(row.prefix, style="cyan") + Text(row.left + GAP)
        line.append(row.match, style="bold yellow")
        line.append(row.after + row.right)
        # The layout fits the line to the terminal; a keyword longer than the
        # terminal wraps rather than being cut.
        out.print(line, no_wrap=cells_fit(line.plain, columns), crop=False)


def cells_fit(text: str, columns: int) -> bool:
    from ..layout import cells

    return cells(text) <= columns


# --- study -----------------------------------------------------------------------


@app.command()
def freq(
    by: Annotated[
        str, typer.Option(help="word (underthesea), syllable or ngram (of syllables).")
    ] = "word",
    n: Annotated[int, typer.Option("--n", min=2, max=5, help="n-gram length (--by ngram).")] = 2,
    doc: Docs = None,
    top: Annotated[int, typer.Option("--top", "--limit", min=0, help="Rows shown (0: all).")] = 50,
    min_count: Annotated[int, typer.Option(min=1, help="Leave out items rarer than this.")] = 1,
    include: Include = None,
    fmt: Format = "table",
    data_dir: DataDir = Path(".normcorpus"),
) -> None:
    """Frequency list of words, syllables or n-grams, of body text.

    Headings, source notes, notes, attachment names, closing formulas and
    signature blocks are left out (a note says how many) unless --include
    names them.
    """
    from ..output import render
    from ..store import Store
    from ..study import freq as frequency_list

    counted = scope(include)
    with Store.open(data_dir) as store:
        rows = frequency_list(
            store,
            by=by,  # type: ignore[arg-type]
            n=n,
            docs=doc,
            top=top or None,
            min_count=min_count,
            **counted,
        )
    say_left_out(counted)
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
    top: Annotated[int, typer.Option("--top", "--limit", min=0, help="Rows shown (0: all).")] = 30,
    include: Include = None,
    fmt: Format = "table",
    data_dir: DataDir = Path(".normcorpus"),
) -> None:
    """Collocates of a term with MI, log-likelihood and t-score, in body text
    (--include adds headings, source notes and the other units)."""
    from ..output import dumps, render
    from ..store import Store
    from ..study import collocates as find_collocates

    counted = scope(include)
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
            **counted,
        )
    say_left_out(counted)
    typer.echo(
        f"normcorpus: {result.occurrences:,} occurrence{'' if result.occurrences == 1 else 's'}"
        f" of {result.node!r} in {result.corpus_size:,} {result.unit}s; window ±{window}",
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
    top: Annotated[int, typer.Option("--top", "--limit", min=0, help="Rows shown (0: all).")] = 0,
    include: Include = None,
    fmt: Format = "table",
    data_dir: DataDir = Path(".normcorpus"),
    glossary: LabelGlossary = None,
) -> None:
    """A concept × document table of counts: the shape of the corpus at a glance
    (body text; --include adds headings, source notes and the other units)."""
    from ..output import render, short_labels

    counted = scope(include)
    with _open(data_dir, glossary) as corpus:
        table = corpus.concept_table(
            count=count,
            sort=sort,
            docs=doc,
            min_total=min_total,
            **counted,
        )
    say_left_out(counted)
    rows = table.to_rows()
    render(
        rows[:top] if top else rows,
        fmt,
        columns=["concept", "en", *table.docs, "total"],
        title=f"Concepts × documents ({table.count})",
        short=short_labels(table.docs, taken=("concept", "en", "total")),
    )
