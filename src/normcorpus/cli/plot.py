"""`normcorpus plot …`: figures for papers (dispersion, heatmap, timeline, collocates).

Each command gathers its figure's data with `normcorpus.plots` and writes it
with `plots.render` to the file `-o` names, in the format its suffix says
(svg, png or pdf). matplotlib is imported only by these commands.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from . import app
from .options import DataDir, Include, say_left_out, scope
from .search import LabelGlossary, SearchGlossary, _open

if TYPE_CHECKING:
    from ..filters import Filters
    from ..plots import Size

plot_app = typer.Typer(
    help="Figures for papers, as SVG (text stays text), PNG or PDF.",
    no_args_is_help=True,
    rich_markup_mode=None,
)
app.add_typer(plot_app, name="plot")

Output = Annotated[
    Path,
    typer.Option(
        "--output", "-o", help="The file to write: .svg, .png or .pdf.", show_default=False
    ),
]
Width = Annotated[float, typer.Option(help="Width in inches (1–50).")]
Height = Annotated[
    float | None,
    typer.Option(help="Height in inches (1–50) [default: what the rows need].", show_default=False),
]
Dpi = Annotated[int, typer.Option(help="Dots per inch of a PNG (30–1200).")]
Query = Annotated[
    str,
    typer.Argument(help="A query, as `normcorpus search` takes it.", show_default=False),
]
Concept = Annotated[
    str | None, typer.Option(help="Only clauses aligned to this concept (or one below it).")
]
Docs = Annotated[list[str] | None, typer.Option("--doc", help="Only this document (repeatable).")]
Kind = Annotated[str | None, typer.Option(help="Only documents of this kind.")]
Since = Annotated[
    str | None, typer.Option(help="Only documents dated on or after (2018, 2018-04).")
]
Until = Annotated[str | None, typer.Option(help="Only documents dated on or before.")]
Side = Annotated[
    str,
    typer.Option(
        help="Search the Vietnamese (vi: the rates are per 10,000 of its words), the English"
        " (en), or both (a clause matched in its English only is marked at its start)."
    ),
]
Fold = Annotated[bool, typer.Option("--fold", help="Match every word regardless of diacritics.")]


def _size(width: float, height: float | None, dpi: int) -> Size:
    from ..plots import Size

    return Size(width=width, height=height, dpi=dpi)


def _format(output: Path) -> str:
    from ..errors import QueryError
    from ..plots import FORMATS

    fmt = output.suffix.lower().lstrip(".")
    if fmt not in FORMATS:
        raise QueryError(
            f"{output}: write a plot as {', '.join('.' + f for f in FORMATS)}"
            " (the suffix of -o says which)"
        )
    return fmt


def _write(output: Path, data: bytes, what: str) -> None:
    from ..fileio import atomic_write

    atomic_write(output, data)
    typer.echo(f"normcorpus: wrote {output} ({what})", err=True)


def _filters(
    doc: list[str] | None,
    concept: str | None,
    kind: str | None,
    since: str | None,
    until: str | None,
    side: str,
) -> Filters:
    from ..filters import Filters

    return Filters(
        docs=tuple(doc or ()),
        concept=concept,
        kind=kind,
        since=since,
        until=until,
        side=side,  # type: ignore[arg-type]
    )


def _query_command(figure: str, summary: str) -> None:
    """Register `plot FIGURE QUERY`: a figure of a query's matches, with the search filters."""

    def command(
        query: Query,
        output: Output,
        concept: Concept = None,
        doc: Docs = None,
        kind: Kind = None,
        since: Since = None,
        until: Until = None,
        # The Vietnamese by default: the figure places matches in its text and rates
        # them per 10,000 of its words (English-only matches would be counted as its).
        side: Side = "vi",
        fold: Fold = False,
        width: Width = 8.0,
        height: Height = None,
        dpi: Dpi = 150,
        data_dir: DataDir = Path(".normcorpus"),
        glossary: SearchGlossary = None,
    ) -> None:
        from .. import plots

        fmt, size = _format(output), _size(width, height, dpi)
        filters = _filters(doc, concept, kind, since, until, side)
        with _open(data_dir, glossary) as corpus:
            data = (
                plots.dispersion(corpus, query, filters, fold=fold)
                if figure == "dispersion"
                else (plots.timeline(corpus, query, filters, fold=fold))
            )
        if isinstance(data, plots.Dispersion):
            if not data.rows:
                typer.echo(f"normcorpus: no clauses match {query!r}; the plot says so", err=True)
            docs = len(data.rows)
            what = (
                f"{data.matches} match{'' if data.matches == 1 else 'es'}"
                f" in {docs} document{'' if docs == 1 else 's'}"
            )
        else:
            if data.undated:
                typer.echo(
                    f"normcorpus: {len(data.undated)} document"
                    f"{' has' if len(data.undated) == 1 else 's have'} no date and"
                    f" {'is' if len(data.undated) == 1 else 'are'} left out:"
                    f" {', '.join(data.undated)}",
                    err=True,
                )
            n = len(data.points)
            what = f"{n} dated document{'' if n == 1 else 's'}"
        _write(output, plots.render(data, fmt, size), what)

    command.__doc__ = summary
    plot_app.command(name=figure)(command)


_query_command("dispersion", "Where a query's matches fall in each document (a row a document).")
_query_command(
    "timeline", "Matching clauses per 10,000 words of each document, by the document's date."
)


@plot_app.command()
def heatmap(
    output: Output,
    count: Annotated[str, typer.Option("--count", help="Count matches or clauses.")] = "matches",
    measure: Annotated[
        str, typer.Option(help="count, or per_10k (per 10,000 words of each document).")
    ] = "count",
    top: Annotated[
        int, typer.Option(min=0, help="The most frequent concepts shown (0: all).")
    ] = 30,
    doc: Docs = None,
    include: Include = None,
    width: Width = 8.0,
    height: Height = None,
    dpi: Dpi = 150,
    data_dir: DataDir = Path(".normcorpus"),
    glossary: LabelGlossary = None,
) -> None:
    """Concepts × documents: how often each concept occurs in each document's body
    text (--include adds headings, source notes and the other units)."""
    from .. import plots
    from ..errors import QueryError

    fmt, size = _format(output), _size(width, height, dpi)
    if measure not in plots.MEASURES:
        raise QueryError(f"--measure takes {', '.join(plots.MEASURES)}, not {measure!r}")
    with _open(data_dir, glossary) as corpus:
        counted = scope(include)
        data = plots.heatmap(
            corpus,
            count=count,  # type: ignore[arg-type]
            docs=doc,
            top=top or None,
            **counted,
        )
    say_left_out(counted)
    _write(
        output,
        plots.render(data, fmt, size, measure=measure),
        f"{len(data.concepts)} concepts × {len(data.docs)} documents",
    )


@plot_app.command()
def collocates(
    term: Annotated[str, typer.Argument(help="The node: a word or phrase (diacritics optional).")],
    output: Output,
    measure: Annotated[str, typer.Option(help="Order by llr (log-likelihood), mi or tscore.")] = (
        "llr"
    ),
    window: Annotated[int, typer.Option(min=1, help="Units either side.")] = 5,
    min_freq: Annotated[int, typer.Option(min=1, help="Least co-occurrences shown.")] = 2,
    by: Annotated[str, typer.Option(help="word or syllable.")] = "word",
    top: Annotated[int, typer.Option(min=1, max=100, help="Collocates shown.")] = 20,
    doc: Docs = None,
    fold: Fold = False,
    include: Include = None,
    width: Width = 8.0,
    height: Height = None,
    dpi: Dpi = 150,
    data_dir: DataDir = Path(".normcorpus"),
) -> None:
    """The strongest collocates of a term in body text, as bars (the counts beside them)."""
    from .. import plots
    from ..store import Store
    from ..study import collocates as find_collocates

    fmt, size = _format(output), _size(width, height, dpi)
    counted = scope(include)
    with Store.open(data_dir) as store:
        data = find_collocates(
            store,
            term,
            window=window,
            measure=measure,  # type: ignore[arg-type]
            min_freq=min_freq,
            by=by,  # type: ignore[arg-type]
            docs=doc,
            fold=fold,
            top=top,
            **counted,
        )
    say_left_out(counted)
    _write(
        output,
        plots.render(data, fmt, size, order=measure),
        f"{len(data.collocates)} collocates of {data.occurrences} occurrences",
    )
