"""Fitting results to a terminal's columns: concordance lines, ids, cell widths.

Plain text in, plain text out (no rich, no styles): the CLI colours what this
lays out. Widths are terminal cells, not characters: a combining mark takes
none and a wide (CJK) character two, so columns stay aligned whatever the text.

A concordance line never loses its keyword: when the terminal is too narrow
for the id, the contexts and the keyword side by side, the id goes on a line
of its own above its lines (the columns stack), and the contexts are cut to
what is left, at a word boundary where one is near.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Protocol

GAP = "  "  # between the columns of a concordance line
# Punctuation that closes what stands before it: a right context starting with
# it follows the keyword without a gap (`an toàn, bí mật`, not `an toàn  , bí mật`).
CLOSING = frozenset(",.;:!?)]}”’…%»")
MIN_CONTEXT = 20  # cells each side below which the id goes on a line of its own
STACK_INDENT = "  "  # a stacked concordance line, under its id


def cells(text: str) -> int:
    """The terminal cells `text` takes (combining marks none, wide characters two)."""
    if text.isascii():
        return len(text)
    width = 0
    for char in text:
        if unicodedata.combining(char) or unicodedata.category(char) in ("Mn", "Me", "Cf"):
            continue
        width += 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1
    return width


def _fit(chars: Iterable[str], width: int) -> list[str]:
    """The leading `chars` that fit in `width` cells."""
    kept: list[str] = []
    used = 0
    for char in chars:
        size = cells(char)
        if used + size > width:
            break
        kept.append(char)
        used += size
    return kept


def clip_left(text: str, width: int) -> str:
    """The end of `text` in at most `width` cells, from a word's start if one is near."""
    if cells(text) <= width:
        return text
    if width <= 0:
        return ""
    out = "".join(reversed(_fit(reversed(text), width)))
    cut = out.find(" ")
    # A word cut in two is dropped when a whole one is left (within a third).
    if 0 <= cut < len(out) - 1 and cut <= width // 3:
        out = out[cut + 1 :]
    return out


def clip_right(text: str, width: int) -> str:
    """The start of `text` in at most `width` cells, up to a word's end if one is near."""
    if cells(text) <= width:
        return text
    if width <= 0:
        return ""
    out = "".join(_fit(text, width))
    cut = out.rfind(" ")
    if cut > 0 and len(out) - cut <= width // 3 and not text[len(out) : len(out) + 1].isspace():
        out = out[:cut]
    return out


def pad_left(text: str, width: int) -> str:
    return " " * max(width - cells(text), 0) + text


def pad_right(text: str, width: int) -> str:
    return text + " " * max(width - cells(text), 0)


class Line(Protocol):
    """A concordance line (`search.KwicLine`); a `side` of "en" marks an English one."""

    id: str
    left: str
    match: str
    right: str


@dataclass(frozen=True, slots=True)
class KwicRow:
    """One concordance line laid out: `heading` (an id on a line of its own, when
    the columns stack, else None), then `prefix` (the id and a gap, or an
    indent), `left`, `GAP`, `match`, `after` (`GAP`, or nothing before closing
    punctuation), `right`."""

    heading: str | None
    prefix: str
    left: str
    match: str
    right: str

    @property
    def after(self) -> str:
        """What stands between the keyword and the right context: `GAP`, or
        nothing before closing punctuation (the keyword column's left edge,
        where the eye reads down, is the one kept aligned)."""
        return "" if self.right[:1] in CLOSING else GAP

    def text(self) -> str:
        """The row as plain text (the heading, if any, on its own line)."""
        line = f"{self.prefix}{self.left}{GAP}{self.match}{self.after}{self.right}".rstrip()
        return line if self.heading is None else f"{self.heading}\n{line}"


def kwic_rows(lines: Sequence[Line], columns: int, *, context: int | None = None) -> list[KwicRow]:
    """Concordance lines laid out in `columns` cells, keywords in one column.

    The id stands left of each line when at least `MIN_CONTEXT` cells of
    context fit on either side of the widest keyword; otherwise it heads the
    lines of its clause on a line of its own. `context` caps the cells of
    context shown each side. The keyword is never cut: a keyword too long for
    the column overflows into its own line's right context, and only there.
    """
    if not lines:
        return []
    columns = max(columns, 1)
    labels = [x.id + (" (en)" if getattr(x, "side", "vi") == "en" else "") for x in lines]
    label_width = max(cells(label) for label in labels)
    keyword = max(cells(x.match) for x in lines)
    side_by_side = columns - label_width - len(GAP) - keyword - 2 * len(GAP) >= 2 * MIN_CONTEXT
    room = columns - (label_width + len(GAP) if side_by_side else len(STACK_INDENT))
    # The keyword column is as wide as the widest keyword, within a third of the room.
    column = min(keyword, max(room // 3, 1))
    left_width = max((room - column - 2 * len(GAP)) // 2, 0)
    if context is not None:
        left_width = min(left_width, context)
    rows = []
    previous = None
    for x, label in zip(lines, labels, strict=True):
        match_width = cells(x.match)
        right_width = room - left_width - 2 * len(GAP) - match_width
        left = left_width
        if right_width < 0:  # a keyword longer than its column: this line only
            left = max(left_width + right_width, 0)
            right_width = 0
        if context is not None:
            right_width = min(right_width, context)
        heading = None
        if not side_by_side and label != previous:
            heading = label
        previous = label
        rows.append(
            KwicRow(
                heading=heading,
                prefix=pad_right(label, label_width) + GAP if side_by_side else STACK_INDENT,
                left=pad_left(clip_left(x.left, left), left_width if left == left_width else left),
                match=x.match,
                right=clip_right(x.right, right_width),
            )
        )
    return rows


def short_id(clause_id: str, doc: str) -> str:
    """A clause id without its document (`p01.s01.c04`), shown under the document's name."""
    prefix = f"{doc}:"
    return clause_id[len(prefix) :] if clause_id.startswith(prefix) else clause_id
