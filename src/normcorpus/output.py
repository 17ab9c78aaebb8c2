"""render(rows, format): the one place that branches on output format.

Rows are plain dicts (from the library's `to_dict()`s). `table` is a rich
table on a terminal and tab-separated plain text when piped; `json` is one
array, `jsonl` one object a line, `csv`/`tsv` a header and a row per item with
nested values as JSON (`tsv`, and `table` when piped, is plain tab-separated
text without quoting: a tab or line break in a cell becomes a space). JSON
is written with `ensure_ascii=False`. CSV follows RFC 4180 (CRLF line ends,
fields quoted where needed); with `bom=True` it starts with a UTF-8
byte-order mark, without which Excel reads UTF-8 as the system's code page
and garbles Vietnamese.
"""

from __future__ import annotations

import csv
import json
import os
import sys
from collections.abc import Iterable, Mapping, Sequence
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


# A clause as one flat row (search hits, `show`): what a spreadsheet opens.
CLAUSE_COLUMNS: tuple[str, ...] = (
    "id",
    "doc",
    "article",
    "clause",
    "point",
    "text",
    "en",
    "concepts",
)


def clause_row(record: Any, en: str | None) -> dict[str, Any]:
    """A `ClauseRecord` and its English as a flat row: the legal structure in
    columns (article, clause, point), the aligned concept ids joined by `;`."""
    structure = record.structure
    return {
        "id": record.id,
        "doc": record.doc,
        "article": structure.article or "",
        "clause": structure.clause or "",
        "point": structure.point or "",
        "text": record.text,
        "en": en or "",
        "concepts": ";".join(dict.fromkeys(t.concept for t in record.terms)),
    }


def english_label(stale: bool = False) -> str:
    """How a clause's English is labelled beside it: the project's working
    translation today (`corpus/<doc>.en.tsv`), never shown as an official one."""
    return "en (unofficial, stale)" if stale else "en (unofficial)"


def published_label(pair: Any) -> str:
    """How a clause's published English (a `store.PublishedPair`) is labelled beside it:
    whose translation it is, and the bead when it joins more than the clause."""
    source = pair.source
    who = source.publisher or source.file or "published"
    kind = (
        "official" if source.official else "published" if source.official is None else "unofficial"
    )
    bead = pair.bead
    joined = f", bead {bead.type}" if bead.type != "1-1" else ""
    return f"en ({kind}: {who}{joined})"


def published_cells(pair: Any) -> dict[str, str]:
    """The flat columns of a clause's published English (empty when it has none)."""
    if pair is None:
        return {"published": "", "published_by": "", "bead": ""}
    return {
        "published": pair.bead.en,
        "published_by": pair.source.publisher or pair.source.file or "",
        "bead": pair.bead.type,
    }


PUBLISHED_COLUMNS: tuple[str, ...] = ("published", "published_by", "bead")


def is_terminal(stream: TextIO | None = None) -> bool:
    """Whether `stream` is a terminal; `TTY_COMPATIBLE=1` or `0` says so, as it does to rich."""
    forced = os.environ.get("TTY_COMPATIBLE", "")
    if forced in ("0", "1"):
        return forced == "1"
    stream = stream or sys.stdout
    try:
        return hasattr(stream, "isatty") and stream.isatty()
    except ValueError:  # closed
        return False


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


def _tsv_line(cells: Sequence[str]) -> str:
    """One line of plain tab-separated text (IANA text/tab-separated-values): no
    quoting, so a cell reads as written; a tab or line break inside a cell
    becomes a space, the one change (a cell cannot hold them in this format)."""
    return (
        "\t".join(
            " ".join(c.replace("\r\n", "\n").split("\n")).replace("\t", " ").replace("\r", " ")
            for c in cells
        )
        + "\n"
    )


def render(
    rows: Iterable[dict[str, Any]],
    fmt: str,
    *,
    columns: Sequence[str] | None = None,
    title: str | None = None,
    out: TextIO | None = None,
    bom: bool = False,
    short: Mapping[str, str] | None = None,
) -> None:
    """Write `rows` in `fmt`. `short` gives terminal tables short headers for
    long column names (a document id a column), used only when the table
    would not fit with the names themselves, and then explained under it."""
    out = out or sys.stdout
    rows = list(rows)
    check_format("rows", fmt)
    if bom:
        out.write("\ufeff")
    if fmt == "json":
        out.write(dumps(rows) + "\n")
        return
    if fmt == "jsonl":
        for row in rows:
            out.write(json.dumps(row, ensure_ascii=False, separators=(",", ":")) + "\n")
        return
    columns = list(columns or (rows[0].keys() if rows else []))
    if fmt == "csv":
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow(columns)
        for row in rows:
            writer.writerow([_cell(row.get(c)) for c in columns])
        return
    if fmt == "tsv" or not is_terminal(out):
        out.write(_tsv_line(columns))
        for row in rows:
            out.write(_tsv_line([_cell(row.get(c)) for c in columns]))
        return
    from rich.table import Table

    cells = [[_cell(row.get(c)) for c in columns] for row in rows]
    screen = console()
    # Each column's widest word, its header's included: the least it can have.
    least = [_column_word(name, cells, i) for i, name in enumerate(columns)]
    boxed = 3 * len(columns) + 1  # what borders and padding take
    compact = 2 * (len(columns) - 1)  # no borders, two spaces between columns
    legend: list[str] = []
    if short and sum(least) + boxed > screen.width:
        labels = [short.get(c, c) for c in columns]
        narrow = [_column_word(name, cells, i) for i, name in enumerate(labels)]
        if sum(narrow) + compact <= screen.width:  # else the stacked rows name them in full
            legend = [f"{short[c]} = {c}" for c in columns if c in short]
            columns, least = labels, narrow
    if sum(least) + compact > screen.width:
        # Narrower, rich would cut ids and numbers with "…" (`vi-sa…` for two
        # documents, an llr of `1483.2…`): wrong data, not a layout.
        _stacked(columns, cells, title, screen)
        return
    if sum(least) + boxed <= screen.width:
        table = Table(title=title, show_lines=False)
        overhead = boxed
    else:  # a row a line without the borders beats ten lines a row (collocates at 80)
        table = Table(title=title, box=None, padding=(0, 1), pad_edge=False, show_edge=False)
        overhead = compact
    widths = _widths(columns, cells, least, screen.width, overhead)
    for column, width in zip(columns, widths, strict=True):
        table.add_column(column, width=width)
    for row_cells in cells:
        table.add_row(*row_cells)
    screen.print(table)
    for line in legend:
        screen.print(line, highlight=False)


def short_labels(
    names: Sequence[str], *, taken: Iterable[str] = (), prefix: str = "D"
) -> dict[str, str]:
    """`render`'s `short` headers for `names`: D1, D2… in order, the prefix doubled
    until no label is itself one of the names or `taken` (a document called `D1`)."""
    used = {*names, *taken}
    while any(f"{prefix}{n}" in used for n in range(1, len(names) + 1)):
        prefix += prefix[0]
    return {name: f"{prefix}{n}" for n, name in enumerate(names, 1)}


def _longest_word(text: str) -> int:
    from rich.cells import cell_len

    return max((cell_len(word) for word in text.split()), default=0)


def _column_word(name: str, cells: list[list[str]], i: int) -> int:
    """The widest word of column `i`, its header included."""
    return max([_longest_word(name)] + [_longest_word(row[i]) for row in cells])


def _widths(
    columns: Sequence[str],
    cells: list[list[str]],
    least: list[int],
    width: int,
    overhead: int | None = None,
) -> list[int | None]:
    """Column widths that break lines between words, never inside one (rich alone
    would cut a column to `information-techn…`): each column gets its widest word,
    and what room is left goes to the columns whose text is longer, in proportion."""
    from rich.cells import cell_len

    natural = [
        max([cell_len(name)] + [max(map(cell_len, row[i].splitlines() or [""])) for row in cells])
        for i, name in enumerate(columns)
    ]
    room = width - (3 * len(columns) + 1 if overhead is None else overhead)
    if sum(natural) <= room:
        return [None] * len(columns)  # it fits as it is
    # (a cell longer than the screen wants the screen, no more: two long columns share it)
    spare = room - sum(least)
    wants = [min(n, room) - m for n, m in zip(natural, least, strict=True)]
    extra = [spare * w // sum(wants) for w in wants]
    return [m + e for m, e in zip(least, extra, strict=True)]


def _stacked(
    columns: Sequence[str], cells: list[list[str]], title: str | None, screen: Any
) -> None:
    """The rows as blocks of `column  value` lines, for a terminal too narrow for
    the table: nothing is cut, long values wrap at words."""
    from rich.table import Table

    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold", no_wrap=True)
    grid.add_column(overflow="fold")
    for n, row_cells in enumerate(cells):
        if n:
            grid.add_row("", "")
        for name, value in zip(columns, row_cells, strict=True):
            grid.add_row(name, value)
    if title:
        screen.print(title, style="bold")
    screen.print(grid)
