"""`normcorpus align VI_FILE EN_FILE`: pair a Vietnamese text with its English version."""

from __future__ import annotations

import io
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from . import app

if TYPE_CHECKING:
    from collections.abc import Iterator

    from ..formats.exchange import ExportUnit
    from ..parallel import Alignment
from .options import DEFAULT_GLOSSARY

COLUMNS = ("bead", "confidence", "vi_ids", "vi_lines", "en_lines", "vi", "en")
TABLE_COLUMNS = ("bead", "confidence", "vi", "en")


@app.command()
def align(
    vi_file: Annotated[
        Path,
        typer.Argument(metavar="VI_FILE", help="The Vietnamese text (plain text, a block a line)."),
    ],
    en_file: Annotated[
        Path, typer.Argument(metavar="EN_FILE", help="Its English version (plain text).")
    ],
    fmt: Annotated[
        str | None,
        typer.Option(
            "--format",
            "-f",
            help="table (bead, confidence, vi, en: the default on a terminal), tsv (the"
            " default piped or with -o: also clause ids and line numbers), jsonl or tmx"
            " (TMX holds the pairs only).",
        ),
    ] = None,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write to this file instead of stdout.")
    ] = None,
    glossary: Annotated[
        Path | None,
        typer.Option(
            "--glossary",
            help="Glossary whose concepts anchor pairs [default: glossary.yaml when present].",
        ),
    ] = None,
    vi_encoding: Annotated[
        str | None, typer.Option("--vi-encoding", help="Codec of the Vietnamese file (cp1258…).")
    ] = None,
    en_encoding: Annotated[
        str | None, typer.Option("--en-encoding", help="Codec of the English file.")
    ] = None,
) -> None:
    """Align a Vietnamese text with its English version, clause by clause.

    The Vietnamese side is cut into the corpus's clauses (read, normalise,
    segment); the English into sentences and clauses by the same rules (`;`,
    enumerations). Legal structure anchors first (Chương ~ Chapter, Điều N ~
    Article N, khoản 1. ~ 1., điểm a) ~ a/ or (a)); between anchors a dynamic
    programme weighs length, shared numbers and dates, glossary terms and
    names. Each bead has a type (1-1, 1-2, 2-1, 1-3, 3-1, 2-2, or a gap 1-0 /
    0-1: text one side lacks, or Vietnamese standing in for the English) and a
    confidence (its probability over all alignments).

    Example: normcorpus align luat.txt law.en.txt -f tmx -o law.tmx
    """
    from ..fileio import atomic_write, check_format
    from ..formats import exchange
    from ..output import is_terminal, render
    from ..parallel import align_files

    if fmt is None:
        fmt = "table" if output is None and is_terminal(sys.stdout) else "tsv"
    if fmt != "table":
        check_format("align", fmt)
    terms = None
    glossary_path = glossary or (
        Path(DEFAULT_GLOSSARY) if Path(DEFAULT_GLOSSARY).exists() else None
    )
    if glossary_path is not None:
        from ..glossary import load_glossary

        terms = load_glossary(glossary_path)
    started = time.process_time()
    alignment = align_files(
        vi_file, en_file, glossary=terms, vi_encoding=vi_encoding, en_encoding=en_encoding
    )
    seconds = time.process_time() - started
    rows = alignment.pairs()
    if fmt == "table":
        # Read on a terminal: the pairs side by side (the ids and lines are in TSV/JSONL).
        render(rows, "table", columns=TABLE_COLUMNS)
        data = None
    elif fmt == "tmx":
        buffer = io.BytesIO()
        exchange.write_tmx(
            _tmx_units(alignment),
            buffer,
            note=(
                f"Pairs aligned by normcorpus align: {vi_file.name} (vi) with {en_file.name} (en);"
                " the English is the version given, not the project's working translation."
            ),
        )
        data = buffer.getvalue()
    else:
        text = io.StringIO()
        render(rows, fmt, columns=COLUMNS, out=text)
        data = text.getvalue().encode("utf-8")
    if data is None:
        pass
    elif output is None:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
    else:
        atomic_write(output, data)
    counts = ", ".join(f"{n} {kind}" for kind, n in alignment.counts().items())
    gaps = sum(1 for bead in alignment.beads if bead.is_gap)
    left = f"; TMX leaves out the {gaps} gaps" if fmt == "tmx" and gaps else ""
    typer.echo(
        f"normcorpus: {len(alignment.vi.units)} Vietnamese and {len(alignment.en.units)} English"
        f" units, {alignment.anchors} structure anchors: {counts}{left}"
        f" ({seconds:.2f} s CPU{'' if terms else ', no glossary'})",
        err=True,
    )


def _tmx_units(alignment: Alignment) -> Iterator[ExportUnit]:
    from ..align import clause_hash
    from ..formats.exchange import ExportUnit

    vi_doc = Path(alignment.vi.path).stem
    for bead in alignment.beads:
        if bead.is_gap:
            continue
        vi = " ".join(alignment.vi.units[i].text for i in bead.vi)
        en = " ".join(alignment.en.units[j].text for j in bead.en)
        first = alignment.vi.units[bead.vi[0]]
        yield ExportUnit(
            id=first.id,
            doc=vi_doc,
            vi=vi,
            en=en,
            hash=clause_hash(vi),
            props=(
                ("x-bead", bead.type),
                ("x-confidence", f"{bead.confidence:.3f}"),
                (
                    "x-en-lines",
                    ",".join(map(str, sorted({alignment.en.units[j].line for j in bead.en}))),
                ),
            ),
        )
