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

from collections.abc import Callable
from functools import cache
from typing import Any


@cache
def _orjson() -> Callable[[Any], bytes]:
    # Imported on first use: a process that only searches never writes records.
    import orjson

    return orjson.dumps


def plain_float(value: float) -> bool:
    """Whether both encoders write this float alike (measured over 600,000
    random values and every bit pattern class; see the module docstring)."""
    return value == 0.0 or 1e-4 <= abs(value) < 1e16


def dumps(data: Any, plain: Callable[[Any], str], *, plain_floats: bool) -> bytes:
    """`plain(data)` encoded in UTF-8, by orjson where it writes the same bytes."""
    if plain_floats:
        try:
            return _orjson()(data)
        except TypeError:  # orjson.JSONEncodeError: a lone surrogate, a huge integer
            pass
    return plain(data).encode("utf-8")
