"""accel.jsonread: orjson's reading, value for value and type for type the json module's."""

from __future__ import annotations

import json
import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conftest import VALUES
from normcorpus.accel.jsonread import loads


def same(a: object, b: object) -> bool:
    """Equal, of the same types all the way down (1 is not 1.0; -0.0 is not 0.0)."""
    if type(a) is not type(b):
        return False
    if isinstance(a, float):
        assert isinstance(b, float)
        if math.isnan(a):
            return math.isnan(b)
        return a == b and math.copysign(1, a) == math.copysign(1, b)
    if isinstance(a, list):
        assert isinstance(b, list)
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, dict):
        assert isinstance(b, dict)
        return list(a) == list(b) and all(same(a[k], b[k]) for k in a)
    return a == b


def read_alike(data: bytes) -> None:
    try:
        expected = json.loads(data)
    except (ValueError, RecursionError) as exc:
        with pytest.raises(type(exc)):
            loads(data)
        return
    assert same(loads(data), expected)


@given(VALUES, st.booleans())
def test_values_are_the_plain_rules(value: object, ascii_only: bool) -> None:
    # As written raw (lone surrogates passed through) and as escapes (`\ud800`).
    read_alike(json.dumps(value, ensure_ascii=ascii_only).encode("utf-8", "surrogatepass"))


@given(st.floats(allow_nan=False, allow_infinity=False))
def test_floats_read_to_the_same_value(value: float) -> None:
    read_alike(repr(value).encode())
    read_alike(json.dumps({"score": value}).encode())


@pytest.mark.parametrize(
    "text",
    [
        # integers beyond 64 bits: orjson would read floats
        b"123456789012345678901234567890",
        b"-9223372036854775809",
        b"18446744073709551616",
        b'{"start": 99999999999999999999, "text": "x"}',
        b"9223372036854775807",
        b'"a run of 19 digits in text, 1234567890123456789"',
        # what orjson refuses and json takes
        b"NaN",
        b"[Infinity, -Infinity]",
        b"1e400",
        b'"\\ud800"',
        b"[" * 1100 + b"]" * 1100,
        # what both take, or neither
        b'{"a": 1, "a": 2}',
        b"-0",
        b"-0.0",
        b"1E5",
        b'"\\u00e9\\u0000"',
        b'{"a":',
        b"\xff",
        b'"\xed\xa0\x80"',
        b"",
    ],
)
def test_edges_read_as_the_plain_rule_reads_them(text: bytes) -> None:
    read_alike(text)
