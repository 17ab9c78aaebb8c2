"""JSON read by orjson, value for value what the json module reads.

The plain rule is `json.loads(data)` (the store reads a search hit's record
from its line in `records/<doc>.jsonl` so). orjson reads a record line in less
than half the instructions (most of json's are in building the Vietnamese
strings) and gives equal values of the same types, except:

- an integer beyond 64 bits, which orjson reads as a float where json keeps
  an int: a text holding a run of 19 or more digits (where such an integer
  could start) is read by the plain rule;
- what orjson refuses and json takes (NaN, the infinities, `1e400`, a lone
  surrogate escaped as `\\ud800`, nesting beyond 1,024 levels): the plain
  rule reads it, and raises what it raises on what neither takes.

Floats are read to the same value (both round correctly; 1.3 million random
bit patterns and short decimals checked when this was written).
tests/test_accel_jsonread.py compares the values and their types with the
plain rule on arbitrary JSON.
"""

from __future__ import annotations

import json
from functools import cache
from typing import Any

# Digits to b"0", every other byte to b" ": a run of 19 zeros is a run of 19 digits.
_DIGITS = bytes(0x30 if 0x30 <= b <= 0x39 else 0x20 for b in range(256))
_LONG_RUN = b"0" * 19


@cache
def _orjson() -> Any:
    import orjson

    return orjson.loads


def loads(data: bytes) -> Any:
    """`json.loads(data)`, by orjson where it reads the same values."""
    if _LONG_RUN not in data.translate(_DIGITS):
        try:
            return _orjson()(data)
        except ValueError:  # orjson.JSONDecodeError: let the plain rule read or refuse it
            pass
    return json.loads(data)
