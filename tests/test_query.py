"""The query language: parsing, column choice, English expansion, errors, robustness."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from normcorpus.errors import QueryError
from normcorpus.glossary import make_glossary
from normcorpus.models import Concept, Term
from normcorpus.query import (
    MAX_QUERY_CHARS,
    And,
    EnglishIndex,
    Expanded,
    Near,
    Not,
    Or,
    ParsedQuery,
    english_key,
    parse,
    to_match,
)
from normcorpus.query import Term as QTerm
from normcorpus.store import concept_token

ROOT = Path(__file__).resolve().parent.parent


def _glossary():
    return make_glossary(
        [
            Concept(
                "cybersecurity",
                vi=(Term("an ninh mạng"),),
                en=(Term("cybersecurity"), Term("network security", "deprecated")),
            ),
            Concept(
                "united-nations",
                vi=(Term("Liên hợp quốc"),),
                en=(Term("United Nations"),),
                abbr=("UN", "LHQ"),
            ),
            Concept(
                "confidence-building-measures",
                vi=(Term("biện pháp xây dựng lòng tin"),),
                en=(Term("confidence-building measures"),),
                abbr=("CBMs",),
            ),
            Concept(
                "ungge",
                vi=(Term("Nhóm chuyên gia chính phủ của Liên hợp quốc về an ninh quốc tế"),),
                en=(Term("UN Group of Governmental Experts"),),
                abbr=("UNGGE",),
            ),
            Concept("policy", vi=(Term("chính sách"),), en=(Term("policy"),)),
        ]
    )


ENGLISH = EnglishIndex.build(_glossary())


def q(text: str, **kw) -> ParsedQuery:
    return parse(text, english=kw.pop("english", ENGLISH), **kw)


# --- compilation: the FTS5 expression -------------------------------------------

CASES = [
    # (query, expected MATCH) — words without diacritics search `folded`
    ("de doa", '(folded : "de" AND folded : "doa")'),
    ("đe dọa", '(exact : "đe" AND exact : "dọa")'),
    ("de dọa", '(folded : "de" AND exact : "dọa")'),
    ("Hoà", 'exact : "hòa"'),  # tone placement and case aside
    ('"an ninh mạng"', 'exact : "an ninh mạng"'),
    ('"an ninh mang"', 'folded : "an ninh mang"'),
    ("a OR b", '(folded : "a" OR folded : "b")'),
    ("a b OR c", '((folded : "a" AND folded : "b") OR folded : "c")'),
    ("a AND b", '(folded : "a" AND folded : "b")'),
    ("a -b", '(folded : "a" NOT folded : "b")'),
    ("a NOT b c", '((folded : "a" AND folded : "c") NOT folded : "b")'),
    ("a -b -c", '(folded : "a" NOT (folded : "b" OR folded : "c"))'),
    ("(a OR b) c", '((folded : "a" OR folded : "b") AND folded : "c")'),
    ("xây*", 'exact : "xây" *'),
    ("xay*", 'folded : "xay" *'),
    ('"xây dựng"*', 'exact : "xây dựng" *'),
    ("ADMM-Plus", 'folded : "admm plus"'),
    ("13/11/2017", 'folded : "13 11 2017"'),
    ("a , b", '(folded : "a" AND folded : "b")'),
    ("a ... b", '(folded : "a" AND folded : "b")'),
    ("NEAR(a b)", '(folded : NEAR("a" "b", 10))'),
    ("NEAR(a b, 3)", '(folded : NEAR("a" "b", 3))'),
    ('NEAR("an ninh" mạng, 2)', '(folded : NEAR("an ninh" "mang", 2) AND exact : "mạng")'),
    ("NEAR(đe dọa, 1)", '(exact : NEAR("đe" "dọa", 1))'),
    ("near", 'folded : "near"'),  # an operator only in capitals and before (
    ("or and not", '(folded : "or" AND folded : "and" AND folded : "not")'),
    ('say "hi"', '(folded : "say" AND folded : "hi")'),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_compiles_to(text: str, expected: str) -> None:
    assert q(text, english=EnglishIndex.build(None)).match() == expected


def test_fold_forces_the_folded_column() -> None:
    assert q("đe dọa", fold=True).match() == '(folded : "de" AND folded : "doa")'
    assert q('"an ninh mạng"', fold=True).match() == 'folded : "an ninh mang"'


def test_ast_shapes() -> None:
    node = q("a -b", english=EnglishIndex.build(None)).node
    assert node == Not(QTerm("a", ("a",), "folded"), QTerm("b", ("b",), "folded"))
    node = q("a OR b c", english=EnglishIndex.build(None)).node
    assert isinstance(node, Or) and isinstance(node.items[1], And)
    node = q("NEAR(a b, 4)").node
    assert isinstance(node, Near) and node.distance == 4 and len(node.items) == 2


# --- English expansion -----------------------------------------------------------


def test_english_word_expands_to_concept_and_vietnamese_terms() -> None:
    parsed = q("cybersecurity")
    token = concept_token("cybersecurity")
    assert parsed.match() == (
        f'(folded : "cybersecurity" OR concepts : "{token}" OR exact : "an ninh mạng")'
    )
    assert [e.to_dict() for e in parsed.expansions] == [
        {"query": "cybersecurity", "concepts": ["cybersecurity"], "vi": ["an ninh mạng"]}
    ]
    assert parsed.concepts() == ("cybersecurity",)


@pytest.mark.parametrize(
    ("text", "concept"),
    [
        ("Cybersecurity", "cybersecurity"),
        ("network security", "cybersecurity"),  # a deprecated term still finds it
        ('"Network Security"', "cybersecurity"),
        ("UN", "united-nations"),
        ("un", "united-nations"),
        ("united nation", "united-nations"),  # plural-insensitive
        ("CBM", "confidence-building-measures"),
        ("confidence building measure", "confidence-building-measures"),
        ("Confidence-Building Measures", "confidence-building-measures"),
        ("UNGGE", "ungge"),
        ("policies", "policy"),
    ],
)
def test_english_lookup(text: str, concept: str) -> None:
    parsed = q(text)
    assert [e.concepts for e in parsed.expansions] == [(concept,)]
    assert isinstance(parsed.node, Expanded)


def test_expansion_takes_the_longest_run_and_keeps_other_words() -> None:
    parsed = q("UN cybersecurity policy xyz")
    assert [e.query for e in parsed.expansions] == ["UN", "cybersecurity", "policy"]
    parsed = q("network security threat")
    assert [e.query for e in parsed.expansions] == ["network security"]
    assert isinstance(parsed.node, And)


def test_vietnamese_words_and_prefixes_do_not_expand() -> None:
    assert q("an ninh mạng").expansions == ()
    assert q("cybersec*").expansions == ()
    assert q("NEAR(UN policy)").expansions == ()


def test_negated_english_term_expands_inside_not() -> None:
    parsed = q("hợp tác -cybersecurity")
    assert isinstance(parsed.node, Not) and isinstance(parsed.node.negative, Expanded)
    assert [t.text for t in parsed.highlights()] == ["hợp", "tác"]  # nothing under NOT


def test_long_vietnamese_terms_are_left_to_the_concept_column() -> None:
    parsed = q("UNGGE")
    assert parsed.match() == f'(folded : "ungge" OR concepts : "{concept_token("ungge")}")'
    assert "Nhóm chuyên gia" in parsed.expansions[0].vi[0]


def test_english_key() -> None:
    assert english_key("Confidence-building Measures") == ("confidence", "building", "measure")
    assert english_key("policies") == ("policy",)
    assert english_key("boxes") == ("box",)
    assert english_key("process") == ("process",)


# --- errors ----------------------------------------------------------------------

ERRORS = [
    ("", "empty query"),
    ("   ", "empty query"),
    ("!!!", "empty query"),
    ('"an ninh', "unbalanced quote"),
    ("(an ninh", "unbalanced parenthesis"),
    ("an ninh)", "unbalanced parenthesis"),
    ("()", "empty parentheses"),
    ("a OR", "OR"),
    ("OR a", "OR"),
    ("a AND", "AND"),
    ("-a", "NOT needs something"),
    ("NOT a", "NOT needs something"),
    ("a NOT", "NOT"),
    ("a NOT NOT b", "doubled"),
    ("NEAR(a)", "at least two"),
    ("NEAR(a b, x)", "whole number"),
    ("NEAR(a b, ²)", "whole number"),
    ("NEAR(a b, 99999999999)", "too large"),
    ("NEAR(a b, 3 4)", "expected )"),
    ("NEAR(a (b))", "only words and phrases"),
    ("NEAR(a b", "never closed"),
    ('""', "'\"\"' at character 1 has no letters or digits"),
    ("*", "'*' at character 1 has no letters or digits"),
    ("an ninh ;*", "';*' at character 9 has no letters"),
    ("a " * 65, "too many terms"),
    ("x" * 2001, "too long"),
]


@pytest.mark.parametrize(("text", "message"), ERRORS)
def test_errors_are_one_line_query_errors(text: str, message: str) -> None:
    with pytest.raises(QueryError) as info:
        parse(text)
    assert message in str(info.value)
    assert "\n" not in str(info.value)
    assert info.value.exit_code == 2


# --- robustness --------------------------------------------------------------------

_SAFE = re.compile(
    r'^(?:[()]|\s|AND|OR|NOT|NEAR|\d+|,|\*|exact|folded|concepts|:|"(?:[^\W_]+(?: [^\W_]+)*)")*$'
)


@settings(max_examples=400, deadline=None)
@given(st.text(max_size=80))
def test_arbitrary_text_parses_or_raises_query_error(text: str) -> None:
    try:
        parsed = parse(text, english=ENGLISH)
    except QueryError:
        return
    # The MATCH string holds only operators, column names and quoted letter/digit tokens.
    assert _SAFE.match(parsed.match()), parsed.match()


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                '"',
                "(",
                ")",
                "-",
                "*",
                ",",
                "NEAR",
                "NOT",
                "OR",
                "AND",
                "đe",
                "dọa",
                "an",
                "ninh",
                "UN",
                " ",
                "5",
            ]
        ),
        max_size=14,
    )
)
def test_operator_soup_parses_or_raises_query_error(parts: list[str]) -> None:
    text = "".join(parts)
    try:
        parsed = parse(text, english=ENGLISH)
    except QueryError:
        return
    assert _SAFE.match(parsed.match()), parsed.match()
    assert to_match(parsed.node) == parsed.match()


@pytest.mark.parametrize("depth", [33, 250, 1000])
def test_deep_nesting_is_one_query_error(depth: int) -> None:
    query = "(" * depth + "an" + ")" * depth
    with pytest.raises(QueryError, match="nested too deep"):
        parse(query[:MAX_QUERY_CHARS])


def test_nesting_up_to_the_limit_parses() -> None:
    assert parse("(" * 32 + "an" + ")" * 32).match() == 'folded : "an"'


def test_the_english_index_read_back_from_the_cache_is_the_built_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A search process reads the index from the user's cache (`EnglishIndex.of`)
    when the glossary came from glossarycache's: the same index `build` makes."""
    from normcorpus import glossarycache, query

    monkeypatch.setenv("NORMCORPUS_CACHE_DIR", str(tmp_path / "user"))
    glossary = glossarycache.load(ROOT / "glossary.yaml", tmp_path / "data" / "cache")
    built = EnglishIndex.build(glossary)
    assert len(built.concepts) > 100
    assert EnglishIndex.of(glossary) == built  # a miss: built and written
    assert list((tmp_path / "user").glob("query-english-*.marshal"))
    monkeypatch.setattr(query, "_index_tables", lambda g: pytest.fail("built again"))
    cached = EnglishIndex.of(glossary)
    assert cached == built
    assert list(cached.concepts) == list(built.concepts)  # the same order too
    assert EnglishIndex.of(None) == EnglishIndex.build(None)


def test_an_english_word_in_terms_but_no_term_itself_names_the_terms() -> None:
    from conftest import GLOSSARY_PATH
    from normcorpus.glossary import load_glossary

    index = EnglishIndex.build(load_glossary(GLOSSARY_PATH))
    held = index.holding("incidents")
    assert held and all("incident" in term.split() for term, _ids in held)
    assert len({ids for _term, ids in held}) == len(held)  # a concept once
    assert index.holding("cybersecurity") == []  # a term itself: expanded, no note
    assert index.holding("zzzz") == []
    # (`an` is in `security level of an information system`, and is Vietnamese typed bare)
    assert index.holding("an") == [] and index.holding("an toan") == []


@pytest.mark.parametrize("typed", ["an", "to", "the", "in", "on", "of the"])
def test_a_function_word_names_no_term_that_holds_it(typed: str) -> None:
    # `an`, `to`, `the`, `in` are also Vietnamese typed without diacritics (an
    # ninh, tổ, thể, in); and `an` is held by no term in the sense one asks for:
    # `security level of an information system` is no answer to either reader.
    from conftest import GLOSSARY_PATH
    from normcorpus.glossary import load_glossary

    index = EnglishIndex.build(load_glossary(GLOSSARY_PATH))
    assert index.holding(typed) == []
    # beside a word that says something, a function word still narrows the terms
    assert [term for term, _ids in index.holding("norms in")] == ["norms in cyberspace"]
