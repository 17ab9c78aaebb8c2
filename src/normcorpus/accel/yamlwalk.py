"""A glossary-shaped YAML document read in C over libyaml's events, or None.

The plain reader (glossary.py) walks PyYAML's parser events in Python: each
event is a Python object, and a 100,000-concept glossary has some 4 million
of them. `walk(text, shape)` walks libyaml's events in C (`_yamlwalk.c`) and
makes only what the reader keeps: the items (concepts) and their terms, as
instances of the caller's classes, each value with its line and column. They
are made without their __init__: each slot is set through its descriptor.

It reads only a document of the shape (`Shape`) exactly: whatever else it
meets (an alias, a tag, an unknown or repeated key, a value of another type,
an empty list of terms, a parser error) makes it answer None, and the caller
reads the file with its plain reader, which says what is wrong. Nothing is
ever expanded, so every limit of the plain reader holds. Plain scalars are
typed by the caller's `resolve` (PyYAML's YAML 1.1 resolver), asked only for
a plain scalar whose first character may start a typed value, as the plain
reader asks it. tests/test_yamlwalk.py checks it reads what the plain reader
reads, on the shipped and test glossaries and on mutated ones.

Built with the package when a C compiler and libyaml's header were there
(`BUILT`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

try:  # built with the package when a C compiler and libyaml-dev were there
    from . import _yamlwalk
except ImportError:  # pragma: no cover - the plain reader reads the same
    _yamlwalk = None  # type: ignore[assignment]

BUILT = _yamlwalk is not None

# What an item's key holds (`Shape.roles`), and what its fields (`Shape.item_fields`:
# the field of the value, and the field of its place or None) are given:
STRING = 0  # a string: the text, and its (line, column); None, None when absent
TERMS = 1  # a list of terms, not empty: [term, ...], and the key's (line, column)
TEXT = 2  # a string or null: the text, or None
FLAG = 3  # a boolean or null: True when its lower-case text is one of `true_words`
STRINGS = 4  # a list of strings or null: [term, ...] (each with `no_status`); [] when null


@dataclass(frozen=True)
class Shape:
    """The document: a mapping of `top_keys` (a value key holding `top_value`, a
    mapping key holding a mapping of `fixed` keys and values, an items key
    holding a list of items); an item is a mapping of `item_keys` (the
    `required` ones and any others), each with its role; a term a string (status
    `default_status`) or a mapping of `term_keys` (text, status among
    `statuses`, part of speech among `parts`). Absent lists are empty, absent
    flags False, other absent values None."""

    typed_starts: str  # the ASCII characters a plain scalar typed by `resolve` starts with
    resolve: Callable[[str], str]  # a plain scalar's text -> its tag
    tags: tuple[str, str, str]  # the tags of a string, a null and a boolean
    # A term: a slotted dataclass whose first fields are its text, status, key, place,
    # status place and part of speech (any others are None); made without its
    # __init__, each slot set through its descriptor.
    term_type: type
    top_keys: tuple[str, str, str]
    top_value: str
    fixed: Mapping[str, str]
    # An item: a slotted dataclass; the field of its place, and per key its role and fields.
    item_type: type
    item_place: str
    item_keys: tuple[str, ...]
    roles: tuple[int, ...]
    item_fields: tuple[tuple[str, str | None], ...]
    required: frozenset[str]
    true_words: frozenset[str]
    term_keys: tuple[str, str, str]
    statuses: frozenset[str]
    parts: frozenset[str]
    default_status: str
    no_status: str


def walk(text: str, shape: Shape) -> list[Any] | None:
    """The items of `text`, a document of `shape`; None when it is not (or not built)."""
    if _yamlwalk is None or not shape.typed_starts.isascii():
        return None
    try:
        data = text.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate: the plain reader says where
        return None
    return _yamlwalk.walk(  # type: ignore[no-any-return]
        data,
        typed_starts=shape.typed_starts,
        resolve=shape.resolve,
        tags=shape.tags,
        term_type=shape.term_type,
        top_keys=shape.top_keys,
        top_value=shape.top_value,
        fixed=dict(shape.fixed),
        item_type=shape.item_type,
        item_place=shape.item_place,
        item_keys=shape.item_keys,
        roles=shape.roles,
        item_fields=shape.item_fields,
        required=shape.required,
        true_words=shape.true_words,
        term_keys=shape.term_keys,
        statuses=shape.statuses,
        parts=shape.parts,
        default_status=shape.default_status,
        no_status=shape.no_status,
    )
