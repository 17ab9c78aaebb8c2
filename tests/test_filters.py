"""filters.py: one Filters value, validated once, whatever builds it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from normcorpus.errors import QueryError
from normcorpus.filters import NO_FILTERS, Filters

SRC = Path(__file__).resolve().parent.parent / "src" / "normcorpus"


def test_defaults_restrict_nothing() -> None:
    assert not NO_FILTERS
    assert not NO_FILTERS.documents_restricted
    assert Filters(concept="", kind="", article="") == NO_FILTERS


@pytest.mark.parametrize(
    ("filters", "restricted"),
    [
        (Filters(docs=("a",)), True),
        (Filters(kind="joint statement"), True),
        (Filters(since="2018"), True),
        (Filters(until="2018-04-28"), True),
        (Filters(concept="cybersecurity"), False),
        (Filters(article="3"), False),
    ],
)
def test_which_fields_narrow_the_documents(filters: Filters, restricted: bool) -> None:
    assert filters
    assert filters.documents_restricted is restricted


def test_documents_given_as_a_string_or_a_list_become_a_tuple() -> None:
    assert Filters(docs="a").docs == ("a",)  # type: ignore[arg-type]
    assert Filters(docs=["a", "b"]).docs == ("a", "b")  # type: ignore[arg-type]
    assert hash(Filters(docs=["a"])) == hash(Filters(docs=("a",)))  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"since": "2018/04"}, "--since takes a date like 2018"),
        ({"until": "April"}, "--until takes a date"),
        ({"since": "2018-4"}, "--since takes a date"),
        # On the calendar, or no document can meet the bound (a silent "no match").
        ({"since": "2026-13"}, "--since takes a date like 2018, 2018-04 or 2018-04-28"),
        ({"until": "2006-02-30"}, "--until takes a date"),
        ({"since": "2018-00"}, "--since takes a date"),
        ({"until": "0000"}, "--until takes a date"),
        ({"side": "fr"}, "--side takes vi, en, both"),
    ],
)
def test_bad_values_are_one_line_query_errors(options: dict, message: str) -> None:
    with pytest.raises(QueryError, match=re.escape(message)):
        Filters(**options)


def test_sql_lives_only_in_the_store() -> None:
    # Issue 14: the store is the only module that speaks SQL.
    speaking = sorted(
        str(path.relative_to(SRC))
        for path in SRC.rglob("*.py")
        if "store" not in path.relative_to(SRC).parts
        and re.search(r"\.execute(many|script)?\(|\bimport sqlite3\b", path.read_text("utf-8"))
    )
    assert speaking == []
