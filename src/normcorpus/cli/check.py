"""Commands for translators: check (bilingual term consistency) and export (TMX, XLIFF)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from . import app
from .options import DEFAULT_CORPUS, DataDir, GlossaryPath

_STYLES = {"error": "bold red", "warning": "yellow", "info": "cyan"}


@app.command()
def check(
    files: Annotated[
        list[Path] | None,
        typer.Argument(
            help="Bilingual files (TSV, CSV, JSONL, TMX, XLIFF). With --corpus: statements"
            " or corpus directories [default: corpus/].",
            show_default=False,
        ),
    ] = None,
    corpus: Annotated[
        bool,
        typer.Option(
            "--corpus", help="Check the corpus's translations (<doc>.en.tsv beside each statement)."
        ),
    ] = False,
    input_format: Annotated[
        str | None,
        typer.Option(
            "--input-format", help="tsv, csv, jsonl, tmx or xliff [default: by extension]."
        ),
    ] = None,
    source_lang: Annotated[
        str | None,
        typer.Option(
            "--source-lang",
            help="The files' source language, vi or en, whatever they declare"
            " [default: as the files say, or told from their text]. Given, a"
            " two-column TSV/CSV without a header row is read as source, target.",
            show_default=False,
        ),
    ] = None,
    target_lang: Annotated[
        str | None,
        typer.Option(
            "--target-lang",
            help="The files' target language, en or vi (one of the two languages is enough).",
            show_default=False,
        ),
    ] = None,
    glossary: GlossaryPath = Path("glossary.yaml"),
    translation: Annotated[
        str,
        typer.Option(
            "--translation",
            help="With --corpus: check the working translation (<doc>.en.tsv) or the"
            " published English (<doc>.en.txt, aligned with the clauses as ingest does).",
        ),
    ] = "working",
    data_dir: DataDir = Path(".normcorpus"),
    rules: Annotated[
        list[str] | None,
        typer.Option("--rules", help="Run only these rules (comma-separated or repeated)."),
    ] = None,
    skip_rules: Annotated[
        list[str] | None,
        typer.Option("--skip-rules", help="Do not run these rules (comma-separated or repeated)."),
    ] = None,
    suppressions: Annotated[
        Path | None,
        typer.Option(
            "--suppressions", help="YAML list of accepted exceptions (segment, rule, reason)."
        ),
    ] = None,
    fail_on: Annotated[
        str,
        typer.Option(
            "--fail-on", help="Exit 1 on findings of this severity or worse: error, warning, never."
        ),
    ] = "error",
    fmt: Annotated[
        str | None,
        typer.Option(
            "--format",
            "-f",
            help="table (the default on a terminal or with -o), tsv (the default piped),"
            " json, jsonl, csv (findings with their segment's text and spans), html (a"
            " page to filter and mark false positives in), github (workflow annotations)"
            " or sarif (SARIF 2.1.0).",
            show_default=False,
        ),
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="Write the report to this file instead of stdout."),
    ] = None,
    list_rules: Annotated[
        bool, typer.Option("--list-rules", help="List the rules and exit.")
    ] = False,
    quiet: Annotated[
        bool,
        typer.Option(
            "--quiet",
            "-q",
            help="List only the findings that reach --fail-on, and no notes; the summary"
            " still counts all.",
        ),
    ] = False,
) -> None:
    """Check Vietnamese–English segments against the glossary.

    Every glossary concept found in the Vietnamese must be rendered by one of its
    preferred or admitted English terms, never a deprecated one, and the same way
    throughout a file; numbers and dates must carry over; nothing may be left
    untranslated. Exit 0 when no finding reaches --fail-on, 1 when one does, 2
    when the check cannot run. Rules and the suppression format: docs/check.md.
    """
    from .. import check as checks
    from ..errors import NormcorpusError
    from ..fileio import check_format

    if fmt is None:
        from ..output import is_terminal

        # Piped, stdout is data for the next program, as search's and align's are.
        fmt = "table" if output is not None or is_terminal(sys.stdout) else "tsv"
    if list_rules:
        from ..output import render

        render(
            [
                {"rule": r.id, "severity": r.severity, "summary": r.doc}
                for r in checks.RULES.values()
            ],
            fmt if fmt in ("json", "jsonl", "csv", "tsv") else "table",
        )
        return
    if fail_on not in checks.FAIL_ON:
        raise NormcorpusError(
            f"unknown --fail-on {fail_on!r} (choose from {', '.join(checks.FAIL_ON)})"
        )
    check_format("check", fmt)
    if corpus and (input_format or source_lang or target_lang):
        raise NormcorpusError(
            "--input-format, --source-lang and --target-lang apply to bilingual files,"
            " not to --corpus"
        )
    from ..formats.bilingual import direction

    direction(source_lang, target_lang)  # a bad pair is a usage error before anything is read
    enabled = checks.select_rules(rules, skip_rules)
    from ..glossarycache import load as load_glossary  # a large glossary from its cache

    terms = load_glossary(glossary)
    accepted = checks.load_suppressions(suppressions) if suppressions else ()
    if translation not in ("working", "published"):
        raise NormcorpusError(
            f"unknown --translation {translation!r} (choose working or published)"
        )
    if translation != "working" and not corpus:
        raise NormcorpusError("--translation applies to --corpus")
    if corpus and not files and not Path(DEFAULT_CORPUS).is_dir():
        raise NormcorpusError(
            f"{DEFAULT_CORPUS}/: no such directory here; name your statements or their"
            " directory (`normcorpus check --corpus DIR`)"
        )
    if corpus and translation == "published":
        from ..check.corpus import check_published

        report = check_published(
            list(files) if files else [Path(DEFAULT_CORPUS)],
            terms,
            rules=enabled,
            suppressions=accepted,
        )
    elif corpus:
        report = checks.check_corpus(
            list(files) if files else [Path(DEFAULT_CORPUS)],
            terms,
            data_dir=data_dir,
            rules=enabled,
            suppressions=accepted,
        )
    else:
        if not files:
            raise NormcorpusError("name bilingual files to check, or pass --corpus")
        report = checks.check_files(
            list(files),
            terms,
            input_format=input_format,
            rules=enabled,
            suppressions=accepted,
            keep_views=fmt != "github",  # the others show each finding's segment
            source_lang=source_lang,
            target_lang=target_lang,
        )
    for note in () if quiet else report.notes:
        typer.echo(f"normcorpus: note: {note}", err=True)
    listed = report
    if quiet:  # a CI gate's log: what fails it, and a count of the rest
        from dataclasses import replace

        from ..models import Report

        failing = tuple(p for p in report.problems if Report((p,)).failed(fail_on))
        listed = replace(report, problems=failing)
    _emit(listed, fmt, output, accepted, counted=report)
    if report.failed(fail_on):
        raise typer.Exit(1)


def _emit(
    report: Any, fmt: str, output: Path | None, accepted: Any = (), counted: Any = None
) -> None:
    from .. import check as checks
    from ..check.report import render_github, render_sarif
    from ..fileio import atomic_write

    if fmt == "table" and output is None:
        _print_table(report, counted=counted)
        return
    if fmt == "table":
        import io

        from rich.console import Console

        buffer = io.StringIO()
        _print_table(
            report,
            Console(file=buffer, no_color=True, highlight=False, soft_wrap=True),
            counted=counted,
        )
        text = buffer.getvalue()
    elif fmt == "html":
        text = checks.render_html(report, suppressions=accepted)
    elif fmt == "github":
        text = render_github(report)
    elif fmt == "sarif":
        text = render_sarif(report)
    else:
        import io

        from ..output import render

        buffer = io.StringIO()
        render(checks.finding_rows(report), fmt, columns=list(checks.COLUMNS), out=buffer)
        text = buffer.getvalue()
    if fmt == "tsv":  # a pipe's data, its count a message (as a terminal's table ends)
        typer.echo(f"normcorpus: {_summary(report, counted)}", err=True)
    if output is None:
        sys.stdout.write(text)
        return
    atomic_write(output, text)
    typer.echo(f"normcorpus: wrote {output}", err=True)


def _highlight(text: str, spans: Any) -> Any:
    from rich.text import Text

    out = Text(text)
    for span in spans:
        out.stylize(
            "bold red strike" if span.kind == "deprecated" else "bold underline",
            span.start,
            span.end,
        )
    return out


def _hanging(out: Any, head: Any, body: Any) -> None:
    """`head` then `body`, its lines wrapped under its own first line (a long segment
    wrapped to column 0 broke the finding's block on an 80-column terminal)."""
    from rich.text import Text

    from ..output import is_terminal

    indent = head.cell_len
    if not is_terminal(out.file):
        out.print(head + body)  # piped: one line each, as written
        return
    lines = body.wrap(out, max(out.width - indent, 20), overflow="fold")
    for number, line in enumerate(lines):
        line.rstrip()
        out.print((head if number == 0 else Text(" " * indent)) + line, no_wrap=True, crop=False)


def _print_table(report: Any, out: Any = None, counted: Any = None) -> None:
    from rich.text import Text

    from .. import check as checks
    from ..output import console

    out = out or console()
    for view, items in checks.group_by_segment(report):
        first = items[0]
        where = f"{first.file}:{first.line}" if first.line else (first.file or "")
        out.print(Text(first.segment, style="bold") + Text(f"  {where}", style="dim"))
        if view is not None:
            _hanging(out, Text("  vi  ", style="dim"), _highlight(view.vi, view.vi_terms))
            _hanging(out, Text("  en  ", style="dim"), _highlight(view.en, view.en_terms))
        for finding in items:
            _hanging(
                out,
                Text("  ")
                + Text(f"{finding.severity:<8}", style=_STYLES[finding.severity])
                + Text(f"{finding.rule:<20} ", style="bold"),  # the longest id is 20
                Text(finding.message),
            )
            for rendering in finding.renderings:
                _hanging(
                    out,
                    Text(f"{'':<31}"),
                    Text(f"“{rendering.term}” ×{rendering.count}: ", style="dim")
                    + Text(", ".join(rendering.segments)),
                )
        out.print()
    out.print(Text(_summary(report, counted), style="bold"))


def _summary(report: Any, counted: Any = None) -> str:
    """`5 errors, 2 warnings, 1 info in 11 segments (1 file)`: what the run found."""
    counts = (counted or report).counts()
    summary = ", ".join(
        f"{counts[s]} {s}{'s' if counts[s] != 1 and s != 'info' else ''}" for s in counts
    )
    suppressed = f", {len(report.suppressed)} suppressed" if report.suppressed else ""
    files = len(report.files)
    return (
        f"{summary}{suppressed} in {report.segments}"
        f" segment{'s' if report.segments != 1 else ''}"
        f" ({files} file{'s' if files != 1 else ''})"
    )


@app.command()
def export(
    fmt: Annotated[str, typer.Option("--format", "-f", help="tmx, xliff, tsv or jsonl.")] = "tmx",
    data_dir: DataDir = Path(".normcorpus"),
    docs: Annotated[
        list[str] | None, typer.Option("--doc", help="Only this document (repeatable).")
    ] = None,
    untranslated: Annotated[
        bool,
        typer.Option(
            "--untranslated",
            help="Also export clauses without English (empty targets; TMX leaves them out).",
        ),
    ] = False,
    stale: Annotated[
        bool,
        typer.Option("--stale", help="Also export translations marked stale (flagged as such)."),
    ] = False,
    translation: Annotated[
        str,
        typer.Option(
            "--translation",
            help="Which English: working (corpus/<doc>.en.tsv), published (<doc>.en.txt,"
            " aligned at ingest) or both.",
        ),
    ] = "working",
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write to this file instead of stdout.")
    ] = None,
) -> None:
    """Export the aligned Vietnamese–English clause pairs for CAT tools.

    TMX 1.4 (tuid = clause id) or XLIFF 1.2 (trans-unit id = clause id), or TSV
    and JSONL that `normcorpus check` reads back. The English is the project's
    unofficial working translation, loaded from corpus/<doc>.en.tsv at ingest,
    or with --translation published the published English of the statements
    that have one (<doc>.en.txt beside the statement), one unit a bead of real aligned pairs
    (its clauses joined; tuid = first clause id + "#published"). Each unit
    says which: <prop type="x-translation">working|published</prop> and
    x-publisher in TMX, the `translation` column in TSV.
    """
    import io

    from ..errors import NormcorpusError
    from ..fileio import atomic_write, check_format
    from ..formats import exchange
    from ..store import Store

    check_format("bilingual-export", fmt)
    with Store.open(data_dir) as store:
        result = exchange.export_units(
            store, docs=docs or (), untranslated=untranslated, stale=stale, translation=translation
        )
        have_published = store.published_documents() if translation == "working" else []
    if not any(unit.en for unit in result.units) and not untranslated:
        if have_published:  # the English there is published: say how to export it
            raise NormcorpusError(
                f"no working translations in {data_dir}/, but {len(have_published)} document(s)"
                f" have a published English ({', '.join(have_published[:3])}"
                f"{', …' if len(have_published) > 3 else ''}): --translation published"
            )
        where = {
            "working": "corpus/<doc>.en.tsv",
            "published": "a published English corpus/<doc>.en.txt",
            "both": "corpus/<doc>.en.tsv or corpus/<doc>.en.txt",
        }[translation]
        raise NormcorpusError(
            f"no translated clauses in {data_dir}/: add {where} and run `normcorpus ingest`"
        )
    buffer = io.BytesIO()
    exchange.write(result.units, fmt, buffer)
    if output is None:
        sys.stdout.buffer.write(buffer.getvalue())
        sys.stdout.flush()
    else:
        atomic_write(output, buffer.getvalue())
    written = sum(1 for u in result.units if u.en or fmt != "tmx")
    published = sum(1 for u in result.units if u.translation == "published")
    left = []
    if result.untranslated:
        left.append(f"{result.untranslated} untranslated")
    if result.stale:
        left.append(f"{result.stale} stale (use --stale)")
    note = f"; left out {' and '.join(left)}" if left else ""
    of = f" ({published} of them published beads)" if published else ""
    typer.echo(f"normcorpus: exported {written} clause pairs{of} as {fmt}{note}", err=True)
