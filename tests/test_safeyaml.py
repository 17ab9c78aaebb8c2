"""safeyaml.py: YAML within limits, with places, held to a schema."""

from __future__ import annotations

import datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from normcorpus import safeyaml
from normcorpus.errors import GlossaryError, InputError


def load(text: str, **limits: int) -> safeyaml.Loaded:
    return safeyaml.load(text, path="f.yaml", limits=safeyaml.Limits(**limits))


def test_plain_values_and_their_places() -> None:
    loaded = load("a: 1\nb:\n  - x\n  - 2018-04-28\nc: {d: true}\n")
    assert loaded.value == {"a": 1, "b": ["x", datetime.date(2018, 4, 28)], "c": {"d": True}}
    assert loaded.places[("b", 1)] == (4, 5)
    assert loaded.places[("c", "d")] == (5, 8)
    assert loaded.at(("c", "d", "nothing", "here")) == (5, 8)


@pytest.mark.parametrize(
    ("text", "limits", "message"),
    [
        ("a: [[[[x]]]]\n", {"max_depth": 3}, "f.yaml:1:6: nested deeper than 3 levels"),
        ("a: &x [1, 2]\nb: *x\nc: *x\n", {"max_aliases": 1}, "f.yaml:3:4: more than 1 aliases"),
        ("a: &x [1, 2, 3]\nb: [*x, *x]\n", {"max_values": 10}, "f.yaml:2:5: more than 10 values"),
        ("a: " + "x" * 100 + "\n", {"max_bytes": 50}, "f.yaml: too large for this kind of file"),
        ("a: &x [*x]\n", {}, "f.yaml:1:8: alias \\*x names no anchor before it"),
        ("? [a]\n: b\n", {}, "f.yaml:1:3: a key must be a plain value"),
        ("a: !!binary aGVsbG8=\n", {}, "f.yaml:1:4: YAML tags like"),
        ("a: 2018-02-30\n", {}, "f.yaml:1:4: '2018-02-30' is not a date"),
        ("a: [1\n", {}, "f.yaml:2:1: YAML error"),
    ],
)
def test_limits_and_refusals(text: str, limits: dict[str, int], message: str) -> None:
    with pytest.raises(InputError, match=message):
        load(text, **limits)


def test_the_caller_names_the_error_class() -> None:
    with pytest.raises(GlossaryError):
        safeyaml.load("a: [1\n", path="g.yaml", error=GlossaryError)


def test_a_billion_laughs_stops_at_the_budget() -> None:
    lines = ["a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    for i in range(1, 9):
        name, previous = chr(ord("a") + i), chr(ord("a") + i - 1)
        lines.append(f"{name}: &{name} [{', '.join(['*' + previous] * 9)}]")
    with pytest.raises(InputError, match="more than 100,000 values"):
        safeyaml.load("\n".join(lines), path="f.yaml", limits=safeyaml.Limits(max_aliases=1000))


def test_bytes_are_utf8() -> None:
    assert safeyaml.load("a: Việt\n".encode(), path="f").value == {"a": "Việt"}
    with pytest.raises(InputError, match="f:1: not UTF-8 \\(byte 3\\)"):
        safeyaml.load(b"a: \xff\n", path="f")


SCHEMA = safeyaml.Map(
    {
        "name": safeyaml.Str(),
        "when": safeyaml.Date(),
        "who": safeyaml.StrList(),
        "what": safeyaml.OneOf((safeyaml.Str(), safeyaml.Map({"vi": safeyaml.Str()}))),
    }
)


def test_schema_gives_back_normal_values() -> None:
    loaded = load("name: a\nwhen: 2018-04-28\nwho: b\nwhat: {vi: c}\nother: [1]\n")
    assert safeyaml.check(loaded, SCHEMA) == {
        "name": "a",
        "when": "2018-04-28",
        "who": ("b",),
        "what": {"vi": "c"},
        "other": [1],
    }
    assert safeyaml.check(load("when: '2018-04-28'\n"), SCHEMA) == {"when": "2018-04-28"}


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("name: [a]\n", "f.yaml:1:7: name must be a string, not a list"),
        ("when: yesterday\n", "f.yaml:1:7: when must be a date \\(YYYY-MM-DD\\), not 'yesterday'"),
        ("who: [a, {b: c}]\n", "f.yaml:1:10: who.1 must be a string, not a mapping"),
        ("what: {vi: 1}\n", "f.yaml:1:12: what.vi must be a string, not the number 1"),
        ("what: true\n", "f.yaml:1:7: what must be a string or a mapping, not true/false"),
        ("- a\n", "f.yaml:1:1: the file must be a mapping, not a list"),
    ],
)
def test_schema_errors_are_placed(text: str, message: str) -> None:
    with pytest.raises(InputError, match=message):
        safeyaml.check(load(text), SCHEMA)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=200))
def test_any_text_loads_or_gives_one_input_error(text: str) -> None:
    try:
        loaded = safeyaml.load(text, path="f.yaml")
        safeyaml.check(loaded, SCHEMA)
    except InputError as exc:
        assert "\n" not in str(exc)


# --- one reader: the glossary walks the same event stream ---------------------------


@pytest.mark.parametrize(
    ("text", "place", "message"),
    [
        # a character YAML refuses: its place counted in characters, not UTF-8 bytes
        ("a: ừ\nb: x\x07y\n", "2:5", "character U+0007 is not allowed in YAML"),
        ("a: [1\n", "2:1", "YAML error: "),
        ("a: " + "[" * 40 + "]" * 40 + "\n", "1:35", "nested deeper than 32 levels"),
    ],
)
def test_errors_are_placed_alike_for_a_meta_file_and_a_glossary(
    text: str, place: str, message: str
) -> None:
    """The same text, read as plain YAML and as a glossary, fails at the same place."""
    from normcorpus.glossary import read_entries

    with pytest.raises(InputError) as error:
        load(text)
    assert str(error.value).startswith(f"f.yaml:{place}: ")
    assert message in str(error.value)
    problems = read_entries(text, file="g.yaml").problems
    assert [(p.line, p.column) for p in problems][:1] == [tuple(map(int, place.split(":")))]


def test_events_count_nesting_and_type_scalars() -> None:
    events = safeyaml.Events("a: [1, x, 2018-04-28, '1']\n", max_depth=1)
    tags = []
    with pytest.raises(safeyaml.TooDeep) as error:
        while True:
            event = events.next()
            if type(event).__name__ in ("MappingStartEvent", "SequenceStartEvent"):
                events.enter(event)
            elif type(event).__name__ == "ScalarEvent":
                tags.append(events.scalar_tag(event).rsplit(":", 1)[1])
    events.close()
    assert tags == ["str"]  # the key; the list is one level too deep
    assert safeyaml.at(error.value.mark) == (1, 4)
