"""accel.jsonline: orjson's lines, byte for byte the json module's (the plain rule)."""

from __future__ import annotations

import dataclasses
import json
import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conftest import ANY_TEXT, VALUES
from normcorpus import store
from normcorpus.accel.jsonline import dumps, plain_float, string_list_dumps
from normcorpus.models import ClauseRecord, Structure, TermMatch
from normcorpus.store import record_line

PLAIN = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), check_circular=False).encode


def _floats(value: object) -> list[float]:
    if isinstance(value, float):
        return [value]
    if isinstance(value, list):
        return [f for item in value for f in _floats(item)]
    if isinstance(value, dict):
        return [f for item in value.values() for f in _floats(item)]
    return []


@given(VALUES)
def test_the_bytes_are_the_plain_rules(value: object) -> None:
    plain = all(plain_float(f) for f in _floats(value))
    try:
        expected = PLAIN(value).encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate: no UTF-8 line either way
        with pytest.raises(UnicodeEncodeError):
            dumps(value, PLAIN, plain_floats=plain)
        return
    assert dumps(value, PLAIN, plain_floats=plain) == expected


@given(st.floats(allow_nan=True, allow_infinity=True))
def test_plain_float_holds_where_orjson_writes_as_json_does(value: float) -> None:
    if plain_float(value):
        assert dumps(value, PLAIN, plain_floats=True) == PLAIN(value).encode()


@pytest.mark.parametrize(
    ("value", "plain"),
    [(0.0, True), (-0.0, True), (1.0, True), (0.0001, True), (9e15, True), (1e-05, False),
     (1e16, False), (math.nan, False), (math.inf, False)],
)  # fmt: skip
def test_plain_float_bounds(value: float, plain: bool) -> None:
    assert plain_float(value) is plain


def test_a_float_orjson_writes_otherwise_goes_through_the_plain_rule() -> None:
    # orjson writes 1e-05 as 0.00001: the caller's flag keeps the plain bytes.
    assert dumps({"score": 1e-05}, PLAIN, plain_floats=False) == b'{"score":1e-05}'


TERM = st.builds(
    TermMatch,
    concept=st.from_regex(r"[a-z][a-z0-9-]{0,10}", fullmatch=True),
    term=ANY_TEXT.filter(lambda s: not any(0xD800 <= ord(c) < 0xE000 for c in s)),
    surface=st.text(max_size=12),
    en=st.text(max_size=12),
    start=st.integers(0, 1000),
    end=st.integers(0, 1000),
    match=st.sampled_from(["exact", "variant", "folded", "fuzzy"]),
    score=st.floats(allow_nan=True, allow_infinity=True),
    within=st.none() | st.text(max_size=8),
)


@given(
    st.lists(
        st.builds(
            ClauseRecord,
            id=st.text(max_size=12),
            doc=st.text(max_size=12),
            para=st.integers(1, 99),
            sent=st.integers(1, 99),
            clause=st.integers(1, 99),
            text=st.text(max_size=60),
            start=st.integers(0, 2**70),
            end=st.integers(0, 10**6),
            words=st.lists(st.text(max_size=8), max_size=5).map(tuple),
            structure=st.builds(
                Structure,
                chapter=st.none() | st.text(max_size=4),
                article=st.none() | st.text(max_size=4),
                point=st.none() | st.text(max_size=2),
                kind=st.none() | st.sampled_from(["heading", "note"]),
            ),
            hash=st.from_regex(r"[0-9a-f]{16}", fullmatch=True),
            terms=st.lists(TERM, max_size=3).map(tuple),
        ),
        max_size=4,
    )
)
def test_prepare_writes_record_line(records: list[ClauseRecord]) -> None:
    expected = "".join(record_line(r) + "\n" for r in records).encode("utf-8")
    assert store.prepare(records).data == expected
    # Records sharing one Structure object (as a paragraph's clauses do): its dict
    # is made once and written into each line.
    if records:
        shared = [dataclasses.replace(r, structure=records[0].structure) for r in records]
        expected = "".join(record_line(r) + "\n" for r in shared).encode("utf-8")
        assert store.prepare(shared).data == expected


STRING_LISTS = st.lists(ANY_TEXT, max_size=6) | st.lists(
    st.text(st.sampled_from('anninhmạngđ “”\u2028\x7f"\\\n'), max_size=8), max_size=6
)


@given(STRING_LISTS, ANY_TEXT)
def test_string_lists_are_the_plain_rules_bytes(words: list[str], text: str) -> None:
    # The words as one ready-made array (no escapes needed), or orjson's own
    # strings, or the plain rule (a lone surrogate in the text or the words);
    # the same for the one-key encoder prepare calls a record at a time.
    encoders = (
        lambda data: dumps(data, PLAIN, plain_floats=True, string_lists=("words",)),
        lambda data: dumps(data, PLAIN, plain_floats=False, string_lists=("words",)),
        string_list_dumps("words", PLAIN),
    )
    for value in (words, tuple(words)):
        data = {"text": text, "words": value, "n": 1}
        try:
            expected = PLAIN(data).encode("utf-8")
        except UnicodeEncodeError:
            for encode in encoders:
                with pytest.raises(UnicodeEncodeError):
                    encode(dict(data))
            continue
        for encode in encoders:
            assert encode(dict(data)) == expected


def test_json_string_array_gives_up_where_a_string_needs_more() -> None:
    from normcorpus.accel import jsonline

    array = jsonline.json_string_array
    if array is None:
        pytest.skip("built without the C part")
    assert array(()) == b"[]"
    assert array(("an", "ninh mạng", "🙂", "\x7f\u2028")) == PLAIN(
        ["an", "ninh mạng", "🙂", "\x7f\u2028"]
    ).encode("utf-8")
    for needs_more in ('a"b', "a\\b", "a\nb", "\x00", "\ud800", 5):
        assert array(("ok", needs_more)) is None


def test_a_string_list_goes_back_to_the_plain_rule_when_orjson_refuses() -> None:
    # The words are made an array for orjson; an integer beyond 64 bits makes orjson
    # refuse the dict: the plain rule gets the words back as a list.
    data = {"words": ("an", "ninh"), "start": 2**70}
    assert dumps(data, PLAIN, plain_floats=True, string_lists=("words",)) == (
        b'{"words":["an","ninh"],"start":1180591620717411303424}'
    )


def test_string_list_dumps_goes_back_to_the_plain_rule_when_orjson_refuses() -> None:
    data = {"words": ("an", "ninh"), "start": 2**70}
    assert string_list_dumps("words", PLAIN)(data) == (
        b'{"words":["an","ninh"],"start":1180591620717411303424}'
    )
