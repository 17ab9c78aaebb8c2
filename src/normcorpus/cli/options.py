"""Typer options shared by every command, defined once."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Annotated, Any

import typer

DEFAULT_DATA_DIR = ".normcorpus"
DEFAULT_GLOSSARY = "glossary.yaml"
DEFAULT_CORPUS = "corpus"

DataDir = Annotated[
    Path,
    typer.Option(
        "--data-dir",
        envvar="NORMCORPUS_DATA_DIR",
        help="Where records and the search index live.",
        show_default=True,
    ),
]
GlossaryPath = Annotated[
    Path,
    typer.Option("--glossary", help="The VI–EN glossary (normcorpus-glossary/1 YAML)."),
]
Format = Annotated[
    str,
    typer.Option(
        "--format",
        "-f",
        # (the "rows" formats of fileio's registry; tests/test_cli_help_examples.py)
        help="table (plain tab-separated text when piped), json, jsonl, csv or tsv.",
        show_default=True,
    ),
]
Include = Annotated[
    list[str] | None,
    typer.Option(
        "--include",
        help="Count these kinds of unit too, besides body text (heading, source-note, note,"
        " …: the kind `show` gives a clause), or all (repeatable).",
        show_default=False,
    ),
]


def scope(kinds: list[str] | None) -> dict[str, Any]:
    """`--include` as `study`'s keyword arguments: `include` (the kinds named, or
    None for `all`) and `skipped` (a tally of the clauses left out, by kind)."""
    include = None if kinds and "all" in kinds else tuple(kinds or ())
    return {"include": include, "skipped": Counter()}


def say_left_out(counted: dict[str, Any]) -> None:
    """One stderr note: the units not counted, by kind, and how to count them."""
    skipped = counted["skipped"]
    if not skipped:
        return
    parts = ", ".join(f"{n:,} {kind}" for kind, n in sorted(skipped.items()))
    included = counted["include"]
    what = "body text" + (f" and {', '.join(included)}" if included else "") + " only"
    typer.echo(
        f"normcorpus: note: {what}; left out clauses: {parts} (--include KIND, or all)",
        err=True,
    )
