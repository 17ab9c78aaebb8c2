"""`normcorpus glossary …`: validate, export, import, coverage, suggest.

Each command reads its options, calls one library function (`validate`,
`formats.termtable`, `curate`), renders the result and exits. Library
imports stay inside the commands so that `normcorpus --help` stays fast.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from ..fileio import atomic_write, check_format
from . import app
from .options import DEFAULT_CORPUS, DEFAULT_GLOSSARY, DataDir, Format, GlossaryPath

glossary_app = typer.Typer(
    help="Validate, exchange (TBX, CSV, TSV, JSON) and curate the glossary.",
    no_args_is_help=True,
)
app.add_typer(glossary_app, name="glossary")


@glossary_app.command()
def validate(
    files: Annotated[
        list[Path] | None,
        typer.Argument(help=f"Glossary files [default: {DEFAULT_GLOSSARY}]."),
    ] = None,
    strict: Annotated[bool, typer.Option("--strict", help="Report warnings as errors.")] = False,
    corpus: Annotated[
        Path | None,
        typer.Option(
            "--corpus",
            help=f"Also check the glossary against these statements (e.g. {DEFAULT_CORPUS}/).",
        ),
    ] = None,
    fmt: Annotated[
        str,
        typer.Option(
            "--format", "-f", help="text | json | github (workflow annotations) | sarif (2.1.0)."
        ),
    ] = "text",
    quiet: Annotated[
        bool,
        typer.Option(
            "--quiet", "-q", help="List errors and warnings only (the summary counts the info)."
        ),
    ] = False,
) -> None:
    """Check glossary files: YAML, schema, terms, duplicates, statuses (docs/glossary.md).

    Exit 0 when clean (warnings and info allowed), 1 with errors (warnings too
    with --strict), 2 when a file cannot be read or is not YAML (the report
    still places the syntax error).
    """
    check_format("validate", fmt)
    from ..models import Report
    from ..output import dumps
    from ..validate import UNPARSED, format_github, format_text, summary, validate_glossary

    problems = []
    for path in files or [Path(DEFAULT_GLOSSARY)]:
        report = validate_glossary(
            path, corpus=[corpus] if corpus is not None else None, strict=strict
        )
        problems.extend(report.problems)
    report = Report(tuple(problems))
    listed = Report(tuple(p for p in problems if p.severity != "info")) if quiet else report
    if fmt == "json":
        typer.echo(dumps(report.to_dict()))
    elif fmt == "github":
        typer.echo(format_github(listed), nl=False)
    elif fmt == "sarif":
        from .. import __version__, problems
        from ..validate import RULES

        log = problems.sarif(report.problems, rules=RULES.values(), version=__version__)
        typer.echo(problems.clean(dumps(log)))
    else:
        typer.echo(format_text(listed), nl=False)
    unparsed = next((p for p in report.problems if p.rule in UNPARSED), None)
    if unparsed is None:
        typer.echo(f"normcorpus: glossary: {summary(report)}", err=True)
    else:
        # As every command does with a file it cannot parse: one line on stderr.
        where = ":".join(str(x) for x in (unparsed.file, unparsed.line, unparsed.column) if x)
        typer.echo(f"normcorpus: error: {where}: {unparsed.message}", err=True)
        raise typer.Exit(2)
    if report.count("error"):
        raise typer.Exit(1)


@glossary_app.command()
def export(
    glossary: GlossaryPath = Path(DEFAULT_GLOSSARY),
    fmt: Annotated[
        str,
        typer.Option(
            "--format",
            "-f",
            help=(
                "tbx (v3, TBX-Basic) | tbx2008 (the older <martif> form, for tools that"
                " read only it, such as translate-toolkit) | csv | tsv | json."
            ),
        ),
    ] = "tbx",
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="Write to this file [default: stdout]."),
    ] = None,
) -> None:
    """Export the glossary for CAT tools and spreadsheets."""
    check_format("glossary-export", fmt)
    from ..formats.termexchange import export_glossary
    from ..glossary import load_glossary

    loaded = load_glossary(glossary)
    data = export_glossary(loaded, fmt)
    if output is None:
        stream = typer.get_binary_stream("stdout")
        stream.write(data)
        stream.flush()
        return
    atomic_write(output, data)
    typer.echo(f"normcorpus: wrote {len(loaded.concepts)} concepts to {output} ({fmt})", err=True)


@glossary_app.command("import")
def import_(
    file: Annotated[
        Path,
        typer.Argument(help="A TBX (v3 or 2008), CSV, TSV, OmegaT (.txt/.utf8) or JSON glossary."),
    ],
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="Write the YAML here [default: stdout]."),
    ] = None,
    fmt: Annotated[
        str,
        typer.Option(
            "--format",
            "-f",
            help="auto (from the file name) | tbx | csv | tsv | omegat | json.",
        ),
    ] = "auto",
    source_lang: Annotated[
        str | None,
        typer.Option(
            "--source-lang",
            help="vi | en: the language of an OmegaT glossary's first column, or of a"
            " table's 'source' column [default: told from the text].",
        ),
    ] = None,
    force: Annotated[
        bool, typer.Option("--force", help="Overwrite the output file if it exists.")
    ] = False,
) -> None:
    """Convert a TBX, CSV, TSV or OmegaT glossary to normcorpus YAML.

    Term tables are ours (one row per term: concept, lang, term, …), or a
    translator's own: one row per concept, with a header naming a Vietnamese
    and an English column (vi, en-US, Vietnamese, English, source, target) and
    optional note, abbreviation and id columns. An OmegaT glossary is
    source<TAB>target<TAB>comment without a header. What could not be mapped
    is reported on stderr. An existing file is never overwritten without
    --force.
    """
    check_format("glossary-import", fmt)
    from ..errors import NormcorpusError
    from ..formats.termexchange import import_glossary
    from ..glossary import dump_yaml

    if output is not None and output.exists() and not force:
        raise NormcorpusError("exists; pass --force to overwrite it", path=str(output))
    if source_lang not in (None, "vi", "en"):
        raise typer.BadParameter(f"{source_lang!r} is not vi or en", param_hint="--source-lang")
    result = import_glossary(file, fmt=fmt, source_lang=source_lang)
    text = dump_yaml(result.glossary)
    for issue in result.issues:
        where = f"{result.source}:{issue.line}" if issue.line else result.source
        times = f" (×{issue.count})" if issue.count > 1 else ""
        typer.echo(f"normcorpus: import: {where}: {issue.message}{times}", err=True)
    if output is None:
        typer.echo(text, nl=False)
    else:
        atomic_write(output, text)
    info = result.to_dict()
    notes = f"{len(result.issues)} kinds of note above" if result.issues else "everything mapped"
    typer.echo(
        f"normcorpus: imported {info['concepts']} concepts, {info['terms']} terms from"
        f" {result.source} ({result.format}); {notes}."
        f" Check it with `normcorpus glossary validate {output or 'FILE'}`.",
        err=True,
    )


@glossary_app.command()
def coverage(
    data_dir: DataDir = Path(".normcorpus"),
    glossary: GlossaryPath = Path(DEFAULT_GLOSSARY),
    fmt: Format = "table",
) -> None:
    """Each concept's occurrences in the corpus by match kind and document, and the unseen."""
    check_format("rows", fmt)
    from .. import curate
    from ..glossary import load_glossary
    from ..output import dumps, render
    from ..store import Store

    loaded = load_glossary(glossary)
    with Store.open(data_dir) as store:
        report = curate.coverage(store.records(), loaded)
    if fmt == "json":
        typer.echo(dumps(report.to_dict()))
        return
    rows = []
    for item in report.concepts:
        row = {"concept": item.concept, "en": item.en, "total": item.total, **item.by_kind}
        if fmt in ("table", "csv", "tsv"):
            row["documents"] = ", ".join(f"{doc} ({n})" for doc, n in item.by_doc.items())
        else:
            row["documents"] = item.by_doc
        rows.append(row)
    render(rows, fmt, title=f"Glossary coverage ({len(report.documents)} documents)")
    typer.echo(
        f"normcorpus: {len(report.never_seen)} of {len(report.concepts)} concepts never seen",
        err=True,
    )


@glossary_app.command()
def suggest(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(
            help="Statement files or directories to mine, read in memory"
            " [default: the index in --data-dir].",
            show_default=False,
        ),
    ] = None,
    data_dir: DataDir = Path(".normcorpus"),
    glossary: GlossaryPath = Path(DEFAULT_GLOSSARY),
    limit: Annotated[int, typer.Option(min=1, help="How many candidates.")] = 50,
    min_count: Annotated[
        int, typer.Option("--min-count", min=1, help="Occurrences a candidate needs.")
    ] = 2,
    fmt: Format = "table",
) -> None:
    """Candidate terms the glossary lacks, ranked by termhood.

    Noun phrases and frequent n-grams no glossary term covers, scored by
    count × documents × keyness (how much likelier their syllables are in these
    texts than in general Vietnamese, by wordfreq). Function-word edges, verb
    phrases of obligation and legal formulas are left out. Without FILES it reads
    the clauses of the index in --data-dir; with them, it reads, segments and
    aligns those statements in memory first (nothing is written; the same
    pipeline as `ingest`). The terminal table shows one line a candidate; the
    example clause and the sources are in --format tsv/csv/json.
    """
    check_format("rows", fmt)
    from .. import curate
    from ..glossary import load_glossary
    from ..output import dumps, is_terminal, render
    from ..store import Store

    loaded = load_glossary(glossary)
    if paths:
        from ..ingest import aligned_records

        records = aligned_records(paths, loaded)
        report = curate.suggest(records, loaded, limit=limit, min_count=min_count)
    else:
        with Store.open(data_dir) as store:
            report = curate.suggest(store.records(), loaded, limit=limit, min_count=min_count)
    if fmt == "json":
        typer.echo(dumps(report.to_dict()))
        return
    rows = [s.to_dict() for s in report.suggestions]
    columns = list(curate.Suggestion.__slots__)
    if fmt == "table" and is_terminal(sys.stdout):
        # One line a candidate at 80 columns: a clause id is ~50 characters that do not wrap.
        columns = ["phrase", "count", "documents", "keyness", "score"]
    if fmt in ("table", "csv", "tsv"):
        for row in rows:
            row["sources"] = ", ".join(row["sources"])
    render(rows, fmt, columns=columns, title="Candidate terms")
