"""Compact JSON lines by orjson, byte for byte what the json module writes.

The plain rule is `json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))`
(store.record_line). orjson writes the same bytes for the same dict (keys in
insertion order, strings unescaped but for `"`, `\\` and the C0 controls, in
the same escapes, integers alike) about ten times faster, except for three
things, each of which falls back to the plain rule here:

- floats below 1e-4 or from 1e16 in magnitude (`1e-05` is `0.00001` in orjson),
  NaN and the infinities: the caller says whether its floats are all plain
  (`plain_floats`), since only it knows where they are;
- strings holding a lone surrogate, and integers beyond 64 bits, which orjson
  refuses (TypeError).

tests/test_store.py checks the bytes against the plain rule on arbitrary records.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import cache
from typing import Any

try:  # the C part (setup.py); without it orjson writes the strings one by one
    from ._rowtext import json_string_array
except ImportError:  # pragma: no cover - a build without a C compiler
    json_string_array = None


@cache
def _orjson() -> tuple[Callable[[Any], bytes], Callable[[bytes], Any]]:
    # Imported on first use: a process that only searches never writes records.
    import orjson

    return orjson.dumps, orjson.Fragment


def plain_float(value: float) -> bool:
    """Whether both encoders write this float alike (measured over 600,000
    random values and every bit pattern class; see the module docstring)."""
    return value == 0.0 or 1e-4 <= abs(value) < 1e16


def dumps(
    data: Any,
    plain: Callable[[Any], str],
    *,
    plain_floats: bool,
    string_lists: Sequence[str] = (),
) -> bytes:
    """`plain(data)` encoded in UTF-8, by orjson where it writes the same bytes.

    `string_lists` names keys of the dict `data` whose values are lists (or
    tuples) of str: each is handed to orjson as the bytes of its JSON array made
    in one pass (`_rowtext.c`), where no string needs an escape; orjson, which
    turns each string to UTF-8 apart, spent about 0.1 µs a string on them."""
    if plain_floats:
        encode, fragment = _orjson()
        made = {}
        if json_string_array is not None:
            for key in string_lists:
                array = json_string_array(data[key])
                if array is not None:
                    made[key] = data[key]
                    data[key] = fragment(array)
        try:
            return encode(data)
        except TypeError:  # orjson.JSONEncodeError: a lone surrogate, a huge integer
            if made:
                data.update(made)  # the lists as they were, for the plain rule
    return plain(data).encode("utf-8")


def string_list_dumps(key: str, plain: Callable[[Any], str]) -> Callable[[dict[str, Any]], bytes]:
    """`dumps(data, plain, plain_floats=True, string_lists=(key,))` as one function
    of `data` alone, for a caller that encodes many dicts of plain floats: the
    keyword handling and the loop over keys are paid once, not a dict at a time."""
    encode, fragment = _orjson()
    if json_string_array is None:  # pragma: no cover - a build without a C compiler
        return lambda data: dumps(data, plain, plain_floats=True)

    def encoded(data: dict[str, Any]) -> bytes:
        strings = data[key]
        array = json_string_array(strings)
        if array is not None:
            data[key] = fragment(array)
        try:
            return encode(data)
        except TypeError:  # orjson.JSONEncodeError: a lone surrogate, a huge integer
            data[key] = strings  # the list as it was, for the plain rule
        return plain(data).encode("utf-8")

    return encoded
