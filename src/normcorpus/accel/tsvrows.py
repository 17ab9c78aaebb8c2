"""A TSV file's rows made into segment pairs in C: `formats.bilingual._tsv_rows`
(the plain rule, and what runs without the C) for its common case.

Fed the lines (or blocks of whole lines, as the file was read), the columns
and the pair's class, no file format: each row is cut at its tabs where it
stands, in C (`_rowtext.c`), and its pair's slots set there, where the plain
rule makes the line a str, splits it into a list and runs a Python loop a row
with a dataclass __init__ (half a row's reading: the bench's rows are ~300
characters). Blank and all-whitespace lines are
passed over, the id is stripped or is the line number, a row one cell short
gets an empty target where the plain rule gives one, and each id is added to
the caller's set. A row it does not take (too short; an id seen before) is
handed back for the plain rule to refuse with its own message.
tests/test_accel_tsvrows.py checks it against the plain rule.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import MISSING, fields
from functools import cache
from typing import Any, TypeVar

try:  # the C part (setup.py); without it the plain rule reads every row
    from ._rowtext import tsv_block as _tsv_block
    from ._rowtext import tsv_pairs as _tsv_pairs
except ImportError:  # pragma: no cover - a build without a C compiler
    _tsv_pairs = _tsv_block = None

BUILT = _tsv_pairs is not None
BATCH = 512  # pairs a call: enough to spread the call's cost, few enough to stay lazy
MAX_CELLS = 64  # the most cells a row may need (its columns up to the last one read)

Pair = TypeVar("Pair")


@cache
def _slots(cls: type) -> tuple[tuple[Any, ...], tuple[Any, ...]]:
    """A slotted dataclass's member descriptors in field order, and the defaults of
    its fields after the sixth: what its __init__ sets, given six values."""
    found = fields(cls)  # type: ignore[arg-type]
    if (
        hasattr(cls, "__post_init__")
        or "__slots__" not in vars(cls)
        or len(found) < 6
        or any(f.default is MISSING or f.default_factory is not MISSING for f in found[6:])
    ):
        raise TypeError(f"{cls.__name__}: not a slotted dataclass whose __init__ only sets")
    return tuple(vars(cls)[f.name] for f in found), tuple(f.default for f in found[6:])


def batches(
    numbered: Iterator[tuple[int, str]],
    cells: tuple[int, int, int, int | None, bool],
    make: type[Pair],
    tail: tuple[Any, Any],
    seen: set[str],
    refuse: Callable[[tuple[int, str]], Any],
    blocks: Iterator[tuple[str, int, int]] = iter(()),
    number: int = 0,
) -> Iterator[list[Pair]]:
    """The pairs of `numbered`'s rows, then of `blocks`' (each (text, start, end):
    its lines text[start:end].split("\\n"), the first numbered `number`), a
    list at a time. `cells`: (the cells a row needs, the Vietnamese cell, the
    English cell, the id's cell or None, whether a row a cell short gets an empty
    last one). Each pair is what make(id, row[vi], row[en], name, number, flag)
    makes, `tail` (name, flag): a slotted dataclass whose __init__ only sets its
    fields (its slots are set in C). `refuse((number, line))` is called on a row
    this does not take, and raises."""
    if _tsv_pairs is None or _tsv_block is None:
        raise RuntimeError("normcorpus.accel._rowtext was not built (no C compiler at install)")
    needed, vi, en, ident, pad = cells
    members, rest = _slots(make)
    fixed = (needed, vi, en, -1 if ident is None else ident, pad, make, members, rest, *tail)
    while True:
        pairs, problem = _tsv_pairs(numbered, BATCH, *fixed, seen)
        if pairs:
            yield pairs
        if problem is not None:
            refuse(problem)
            raise AssertionError(f"a row the plain rule takes: line {problem[0]}")
        if len(pairs) < BATCH:
            break
    for text, start, end in blocks:
        pairs, problem, number = _tsv_block(text, start, end, number, *fixed, seen)
        if pairs:
            yield pairs
        if problem is not None:
            refuse(problem)
            raise AssertionError(f"a row the plain rule takes: line {problem[0]}")
