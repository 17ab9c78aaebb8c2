"""Commands that build and inspect the corpus: ingest, show, stats."""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from . import app
from .options import DEFAULT_CORPUS, DataDir, Format, GlossaryPath


@app.command()
def ingest(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(help="Statement files or directories [default: corpus/]."),
    ] = None,
    data_dir: DataDir = Path(".normcorpus"),
    glossary: GlossaryPath = Path("glossary.yaml"),
    encoding: Annotated[
        str | None,
        typer.Option(
            help="Decode input in this encoding: viscii, tcvn3, vni-windows or any Python codec"
            " (e.g. cp1258). Without it: UTF-8, else the legacy encoding that reads as Vietnamese."
        ),
    ] = None,
    strict: Annotated[
        bool,
        typer.Option(
            "--strict", help="A file whose --encoding does not read as Vietnamese is an error."
        ),
    ] = False,
    no_strip: Annotated[
        bool,
        typer.Option(
            "--no-strip",
            help="Keep every line as statement text: set nothing aside as news-site chrome.",
        ),
    ] = False,
    jobs: Annotated[
        int | None,
        typer.Option("--jobs", "-j", min=1, help="Worker processes [default: all cores]."),
    ] = None,
    no_wait: Annotated[
        bool,
        typer.Option(
            "--no-wait", help="If another ingest is running here, stop at once instead of waiting."
        ),
    ] = False,
    fmt: Format = "table",
) -> None:
    """Read, segment and align statements into clause records and the search index.

    Incremental: unchanged documents are skipped, and a changed glossary only
    re-aligns. Bad files are reported one line each; the others are still
    ingested, and the exit code is 2. Without PATHS, corpus/ is read and a
    document whose file left corpus/ is removed from the index; documents
    ingested from other places are kept.

    What is not the statement on a saved news page (headline, date line,
    related-article lists, captions, links) is set aside as chrome, never
    deleted: the summary gives its characters per document, and
    `show --chrome DOC` lists it. A file that is not UTF-8 is read in the
    legacy encoding (Windows-1258, VISCII, TCVN3, VNI) whose text reads as
    Vietnamese, and a note says which. A web page saved as it is (.html,
    .htm) is read as the text a browser shows of it.

    A published English version beside a statement (`<doc>.en.txt`; for
    `law.vi.txt`, `law.en.txt`; or the file its meta's `translation:` names)
    is aligned with its clauses, and a note gives the beads: `show` and
    `search --side en` then print it, and `export --translation published`
    writes its pairs.
    """
    from .. import ingest as pipeline
    from ..errors import NormcorpusError, shown
    from ..fileio import check_format
    from ..output import console, dumps, is_terminal, render

    # Usage errors, found before anything is written (an unknown codec would
    # otherwise fail once a file).
    check_format("rows", fmt)
    if encoding is not None:
        from ..charsets import TABLES, lookup

        try:
            lookup(encoding)
        except LookupError:
            raise NormcorpusError(
                f"unknown encoding {encoding!r} (a Python codec, or one of {', '.join(TABLES)})"
            ) from None

    prune = not paths
    sources = list(paths) if paths else [Path(DEFAULT_CORPUS)]
    if paths and not any(os.path.lexists(p) for p in paths):
        # Nothing to read: say so before a store is made (a mistyped name must not
        # leave an empty index and a table of zeros behind).
        for path in paths:
            typer.echo(f"normcorpus: error: {shown(str(path))}: no such file", err=True)
        raise typer.Exit(2)
    err = console(stderr=True)
    progress_bar = None
    if is_terminal(sys.stderr):
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

        progress_bar = Progress(
            TextColumn("[bold]ingest[/]"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("{task.description}"),
            console=err,
            transient=True,
        )

    def on_progress(doc: str, done: int, total: int) -> None:
        if progress_bar is not None:
            if not progress_bar.tasks:
                progress_bar.add_task(doc, total=total)
            progress_bar.update(progress_bar.tasks[0].id, completed=done, description=doc)

    if progress_bar is not None:
        progress_bar.start()
    try:
        report = pipeline.ingest(
            sources,
            data_dir=data_dir,
            glossary=glossary,
            encoding=encoding,
            jobs=jobs,
            prune=prune,
            progress=on_progress,
            strict=strict,
            strip=not no_strip,
            wait=not no_wait,
            on_wait=_say_waiting,
        )
    finally:
        if progress_bar is not None:
            progress_bar.stop()
    for notice in report.notices:
        level = "warning" if notice.warning else "note"
        typer.echo(f"normcorpus: {level}: {shown(notice.path)}: {notice.message}", err=True)
    for error in report.errors:
        typer.echo(f"normcorpus: error: {error.message}", err=True)
    if fmt == "json":
        typer.echo(dumps(report.to_dict()))
    else:
        rows = [
            {"measure": "documents in the index", "count": report.documents},
            {"measure": "  processed", "count": len(report.processed)},
            {"measure": "  re-aligned", "count": len(report.realigned)},
            {"measure": "  unchanged", "count": len(report.unchanged)},
            {"measure": "  removed", "count": len(report.removed)},
            {"measure": "clauses", "count": report.clauses},
            {"measure": "words", "count": report.words},
        ] + [{"measure": f"terms: {kind}", "count": n} for kind, n in report.matches.items()]
        # What was set aside as chrome is said, document by document (nothing is
        # lost silently; `show --chrome DOC` lists it).
        rows += [
            {"measure": f"chrome, non-blank characters: {doc}", "count": sum(kinds.values())}
            for doc, kinds in report.chrome.items()
            if kinds
        ]
        render(rows, "table" if fmt == "table" else fmt, title=f"Ingested into {data_dir}/")
    if report.errors:
        raise typer.Exit(2)


def _say_waiting(pid: int | None) -> None:
    who = f"pid {pid}" if pid else "pid unknown"
    typer.echo(f"normcorpus: waiting for another ingest ({who}) to finish …", err=True)


@app.command()
def show(
    clause_id: Annotated[
        str,
        typer.Argument(
            help="A clause id, e.g. vn-ru-2017-infosec:p01.s01.c01 (a document id with --chrome)"
        ),
    ],
    chrome: Annotated[
        bool,
        typer.Option(
            "--chrome", help="List what ingest set aside as chrome in the document CLAUSE_ID."
        ),
    ] = False,
    data_dir: DataDir = Path(".normcorpus"),
    fmt: Format = "table",
) -> None:
    """Show one clause: its text, sentence and paragraph context, structure and terms.

    --format csv or tsv gives the clause as one flat row (the columns of
    `search --format csv`, plus its sentence and paragraph); json and jsonl the
    clause with its context. Piped, the table format is plain text.
    With --chrome, the argument is a document id and the spans of it that
    ingest set aside as chrome are listed (kind, offsets, text).
    """
    from ..fileio import check_format
    from ..output import (
        CLAUSE_COLUMNS,
        PUBLISHED_COLUMNS,
        clause_row,
        console,
        dumps,
        english_label,
        published_cells,
        published_label,
        render,
    )
    from ..search import Corpus

    check_format("rows", fmt)
    if chrome:
        from ..stats import document_chrome
        from ..store import Store

        with Store.open(data_dir) as store:
            spans = document_chrome(store, clause_id)
        render([s.to_dict() for s in spans], fmt, title=f"Chrome of {clause_id}")
        return

    # The terms shown are those aligned at ingest (no glossary is read).
    with Corpus.open(data_dir) as corpus:
        if re.fullmatch(r"p\d+\.s\d+\.c\d+", clause_id):  # a search's short id
            clause_id = _full_id(corpus, clause_id)
        view = corpus.clause_view(clause_id)
    if fmt in ("json", "jsonl"):
        typer.echo(dumps(view.to_dict()) if fmt == "json" else _json_line(view.to_dict()))
        return
    record, paragraph, translation = view.record, view.paragraph, view.translation
    sentence = " ".join(r.text for r in view.sentence)
    context = " ".join(r.text for r in paragraph)
    if fmt in ("csv", "tsv"):
        row = clause_row(record, translation.en if translation is not None else "")
        row["stale"] = "yes" if translation is not None and translation.stale else ""
        row.update(published_cells(view.published))
        row["sentence"] = sentence
        row["paragraph"] = context
        columns = [*CLAUSE_COLUMNS, "stale", *PUBLISHED_COLUMNS, "sentence", "paragraph"]
        render([row], fmt, columns=columns)
        return
    from rich.text import Text

    out = console()
    where = f"({record.doc}, paragraph {record.para}, sentence {record.sent})"
    # On one line where it fits, else under the id (never broken inside it).
    gap = "  " if len(record.id) + 2 + len(where) <= out.width else "\n"
    out.print(Text(record.id, style="bold") + Text(gap + where))
    structure = record.structure
    if structure.to_dict():
        # As a Vietnamese lawyer cites it (the search's line and the web's), the
        # chapter and section beside, the unit's kind after.
        parts = (structure.citation(outer=True), structure.kind or "")
        out.print("structure: " + " · ".join(part for part in parts if part))
    highlighted = Text(record.text)
    for term in record.terms:
        highlighted.stylize("bold underline", term.start, term.end)
    out.print(highlighted)
    if translation is not None and translation.en:
        # The project's own working translation: never shown without saying so.
        label = english_label(stale=translation.stale)
        out.print(Text(f"{label}: ", style="dim") + Text(translation.en, style="italic"))
    if view.published is not None:
        # The published English of the clause's bead (`<doc>.en.txt`), said whose it is.
        bead = view.published.bead
        label = published_label(view.published)
        if bead.en:
            out.print(Text(f"{label}: ", style="dim") + Text(bead.en, style="italic"))
        else:
            out.print(Text(f"{label}: not in the published English (a gap)", style="dim"))
        if len(bead.vi_ids) > 1:
            others = ", ".join(i for i in bead.vi_ids if i != record.id)
            out.print(Text(f"  (renders this clause with {others})", style="dim"))
    if sentence != record.text:
        out.print(Text("sentence: ", style="dim") + Text(sentence))
    out.print(Text("paragraph: ", style="dim") + Text(context))
    if record.terms:
        out.print()
        # A box table on a terminal, tab-separated lines when piped.
        render(
            [
                {
                    "Vietnamese": t.surface,
                    "match": t.match,
                    "score": f"{t.score:.2f}",
                    "concept": t.concept,
                    "English": t.en,
                }
                for t in record.terms
            ],
            "table",
        )


def _json_line(value: object) -> str:
    import json

    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


@app.command()
def stats(
    data_dir: DataDir = Path(".normcorpus"),
    top: Annotated[int, typer.Option(min=1, help="Concepts listed per document.")] = 5,
    fmt: Format = "table",
) -> None:
    """Documents, clauses, words, and the most frequent concepts per document."""
    from ..output import render
    from ..stats import corpus_stats
    from ..store import Store

    with Store.open(data_dir) as store:
        rows = [s.to_dict() for s in corpus_stats(store, top=top)]
    if fmt == "table":
        for row in rows:
            row["top_concepts"] = ", ".join(
                f"{c['concept']} ({c['count']})" for c in row["top_concepts"]
            )
            row["chrome"] = ", ".join(f"{kind} {n}" for kind, n in row["chrome"].items())
    render(rows, fmt, title="Corpus")


def _full_id(corpus: Any, short: str) -> str:
    """`p04.s01.c01` → `DOC:p04.s01.c01` when one document has that clause; a
    one-line error naming them when several do (or the id as given, for its error)."""
    from ..errors import QueryError

    store = corpus.store
    found = [
        f"{info.id}:{short}"
        for info in store.documents()
        if store.record(f"{info.id}:{short}") is not None
    ]
    if len(found) > 1:
        shown = ", ".join(found[:3]) + (", …" if len(found) > 3 else "")
        raise QueryError(f"{short!r} is a clause of {len(found)} documents ({shown}): give DOC:ID")
    return found[0] if found else short
