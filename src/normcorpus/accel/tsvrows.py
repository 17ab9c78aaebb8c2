"""A TSV file's rows made into segment pairs in C: `formats.bilingual._tsv_rows`
(the plain rule, and what runs without the C) for its common case.

Fed the lines, the columns and the pair's class, no file format: each row is
cut at its tabs once, in C (`_rowtext.c`), where the plain rule splits the
line into a list and runs a Python loop a row (a third of a row's reading:
the bench's rows are ~300 characters). Blank and all-whitespace lines are
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
    from ._rowtext import tsv_pairs as _tsv_pairs
except ImportError:  # pragma: no cover - a build without a C compiler
    _tsv_pairs = None

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
    *,
    needed: int,
    vi: int,
    en: int,
    ident: int | None,
    pad: bool,
    make: type[Pair],
    name: Any,
    flag: Any,
    seen: set[str],
    refuse: Callable[[tuple[int, str]], Any],
) -> Iterator[list[Pair]]:
    """The pairs of `numbered`'s rows, a list at a time: each what make(id, row[vi],
    row[en], name, number, flag) makes (a slotted dataclass whose __init__ only
    sets its fields; its slots are set in C). `refuse((number, line))` is called
    on a row this does not take, and raises."""
    if _tsv_pairs is None:
        raise RuntimeError("normcorpus.accel._rowtext was not built (no C compiler at install)")
    column = -1 if ident is None else ident
    members, rest = _slots(make)
    while True:
        pairs, problem = _tsv_pairs(
            numbered, BATCH, needed, vi, en, column, pad, make, members, rest, name, flag, seen
        )
        if pairs:
            yield pairs
        if problem is not None:
            refuse(problem)
            raise AssertionError(f"a row the plain rule takes: line {problem[0]}")
        if len(pairs) < BATCH:
            return
