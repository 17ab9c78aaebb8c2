"""Typer options shared by every command, defined once."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

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
