"""Downloads: CSV that Excel opens right, JSONL, and a message as an SVG image.

CSV follows RFC 4180 (CRLF line ends, fields with a comma, quote or line
break quoted, quotes doubled) and starts with a UTF-8 byte order mark, which
is how Excel knows the file is UTF-8 (without it, Vietnamese opens as
mojibake). A text cell that Excel would read as a formula (one starting with
`=`, `+`, `-`, `@`, a tab or a carriage return) gets a leading apostrophe, as
OWASP advises against formula injection; Excel shows the text as it is.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Sequence
from typing import Any
from xml.sax.saxutils import escape

_FORMULA = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, str) and value.startswith(_FORMULA):
        return "'" + value
    return value


def csv_bytes(columns: Sequence[str], rows: Iterable[dict[str, Any]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([_cell(row.get(column)) for column in columns])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def jsonl_bytes(objects: Iterable[Any]) -> bytes:
    return "".join(
        json.dumps(o, ensure_ascii=False, separators=(",", ":")) + "\n" for o in objects
    ).encode("utf-8")


def message_svg(message: str) -> bytes:
    """An image that says why a plot could not be drawn (an `<img>` shows it)."""
    text = escape(message[:300])
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" width="640" height="48" viewBox="0 0 640 48">'
        '<rect width="640" height="48" fill="#fff4f2" stroke="#d9a39a"/>'
        f'<text x="12" y="29" font-family="DejaVu Sans, sans-serif" font-size="13" fill="#7a2518">'
        f"{text}</text></svg>"
    ).encode()
