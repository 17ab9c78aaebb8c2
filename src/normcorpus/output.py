"""render(rows, format): the one place that branches on output format.

Rows are plain dicts (from the library's `to_dict()`s). `table` is a rich
table on a terminal and tab-separated plain text when piped; `json` is one
array, `jsonl` one object a line, `csv`/`tsv` a header and a row per item with
nested values as JSON. JSON is written with `ensure_ascii=False`.
"""

from __future__ import annotations

import csv
import io
import json
import os
import sys
from collections.abc import Iterable, Sequence
from typing import Any, TextIO

from .fileio import FORMATS as _FORMATS
from .fileio import check_format

FORMATS = _FORMATS["rows"]


def dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, indent=2)


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, (list, dict)):
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return str(value)


def is_terminal(stream: TextIO | None = None) -> bool:
    stream = stream or sys.stdout
    return hasattr(stream, "isatty") and stream.isatty()


def color_enabled(stream: TextIO | None = None) -> bool:
    return is_terminal(stream) and not os.environ.get("NO_COLOR")


def console(stderr: bool = False) -> Any:
    """A rich Console for stdout (data) or stderr (messages); plain when piped."""
    from rich.console import Console

    stream = sys.stderr if stderr else sys.stdout
    return Console(
        file=stream,
        no_color=not color_enabled(stream),
        highlight=False,
        soft_wrap=not is_terminal(stream),
    )


def render(
    rows: Iterable[dict[str, Any]],
    fmt: str,
    *,
    columns: Sequence[str] | None = None,
    title: str | None = None,
    out: TextIO | None = None,
) -> None:
    out = out or sys.stdout
    rows = list(rows)
    check_format("rows", fmt)
    if fmt == "json":
        out.write(dumps(rows) + "\n")
        return
    if fmt == "jsonl":
        for row in rows:
            out.write(json.dumps(row, ensure_ascii=False, separators=(",", ":")) + "\n")
        return
    columns = list(columns or (rows[0].keys() if rows else []))
    if fmt in ("csv", "tsv"):
        writer = csv.writer(out, delimiter="," if fmt == "csv" else "\t", lineterminator="\n")
        writer.writerow(columns)
        for row in rows:
            writer.writerow([_cell(row.get(c)) for c in columns])
        return
    if not is_terminal(out):
        buffer = io.StringIO()
        writer = csv.writer(buffer, delimiter="\t", lineterminator="\n")
        writer.writerow(columns)
        for row in rows:
            writer.writerow([_cell(row.get(c)).replace("\n", " ") for c in columns])
        out.write(buffer.getvalue())
        return
    from rich.table import Table

    table = Table(title=title, show_lines=False)
    for column in columns:
        table.add_column(column)
    for row in rows:
        table.add_row(*[_cell(row.get(c)) for c in columns])
    console().print(table)
