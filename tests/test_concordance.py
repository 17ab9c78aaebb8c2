"""What a concordance (and the plots) read a query as, and what a line's keyword is.

A concordancer (AntConc, Sketch Engine's simple query) reads a multi-word
search term as a phrase; `search` (ranked clauses) needs the words only all
in the clause. So `--kwic` and the plots read words typed together as one
phrase, and a line's keyword is one term's occurrence exactly: two terms that
stand side by side are two lines, never one keyword across words
(`môi trường | mạng an | toàn`, newuser11 on the real IT Law).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import GLOSSARY_PATH, REALTEXTS
from normcorpus import plots
from normcorpus.cli import app
from normcorpus.filters import Filters
from normcorpus.layout import GAP, kwic_rows
from normcorpus.query import And, Near, parse
from normcorpus.search import Corpus, KwicLine


@pytest.fixture(scope="module")
def corpus(corpus_data_dir: Path):
    with Corpus.open(corpus_data_dir, glossary=GLOSSARY_PATH) as opened:
        yield opened


# --- the query, read as phrases ----------------------------------------------------


def test_words_typed_together_are_one_phrase_as_if_quoted() -> None:
    read = parse("an toàn thông tin", phrases=True)
    assert read.node == parse('"an toàn thông tin"').node
    assert read.joined == ("an toàn thông tin",) and read.phrases
    # `search` reads the same words as four, each required anywhere in the clause.
    assert isinstance(parse("an toàn thông tin").node, And)


def test_and_a_comma_quotes_and_negation_end_a_run() -> None:
    node = parse("an toàn AND thông tin", phrases=True).node
    assert isinstance(node, And) and [t.text for t in node.items] == ["an toàn", "thông tin"]
    node = parse("an toàn, thông tin", phrases=True).node
    assert [t.text for t in node.items] == ["an toàn", "thông tin"]
    node = parse('"an ninh" mạng xã hội', phrases=True).node
    assert [(t.text, t.quoted) for t in node.items] == [("an ninh", True), ("mạng xã hội", True)]
    node = parse("an ninh mạng -quốc tế", phrases=True).node  # `-` takes one word
    assert node.positive == And((parse('"an ninh mạng"').node, parse("tế").node))
    assert node.negative == parse("quốc").node


def test_a_prefix_word_ends_its_phrase_and_folding_is_the_phrase_rule() -> None:
    assert parse("an toàn thông*", phrases=True).node == parse('"an toàn thông"*').node
    # Without diacritics anywhere, the phrase matches any spelling; with them, that one.
    assert parse("an toan", phrases=True).node.column == "folded"
    assert parse("an toàn", phrases=True).node.column == "exact"
    assert parse("an toàn", phrases=True, fold=True).node.column == "folded"
    near = parse("NEAR(an toàn, 3)", phrases=True).node  # NEAR's words stay words
    assert isinstance(near, Near) and len(near.items) == 2


def test_an_english_run_is_still_expanded(corpus: Corpus) -> None:
    read = corpus.parse("cybersecurity cooperation", phrases=True)
    words = corpus.parse("cybersecurity cooperation")
    assert [e.concepts for e in read.expansions] == [e.concepts for e in words.expansions]


# --- concordance lines ------------------------------------------------------------------


def lines(corpus: Corpus, query: str, **options: object) -> list[KwicLine]:
    return corpus.kwic(query, limit=1_000, sort="doc", **options)  # type: ignore[arg-type]


def test_an_unquoted_query_gives_the_lines_of_the_quoted_phrase(corpus: Corpus) -> None:
    for query in ("an ninh mạng", "hợp tác quốc tế", "an ninh thong tin"):
        unquoted = lines(corpus, query)
        assert unquoted and unquoted == lines(corpus, f'"{query}"')
        assert corpus.kwic_count(query) == corpus.kwic_count(f'"{query}"') == len(unquoted)
    # A query parsed for `search` is read again as the concordance reads it.
    assert lines(corpus, corpus.parse("an ninh mạng")) == lines(corpus, '"an ninh mạng"')


def test_a_keyword_is_one_term_never_two_side_by_side(corpus: Corpus) -> None:
    found = lines(corpus, '"an ninh" AND mạng')
    keywords = {x.match.lower() for x in found}
    assert keywords == {"an ninh", "mạng"}  # `an ninh mạng` holds both: two lines
    # `search` still highlights them as one stretch.
    hit = corpus.search('"an ninh" AND mạng', limit=50).hits
    assert any(hit.record.text[s:e].lower() == "an ninh mạng" for hit in hit for s, e in hit.spans)


def test_plots_read_the_query_as_the_concordance(corpus: Corpus) -> None:
    quoted = plots.dispersion(corpus, '"an ninh mạng"')
    assert plots.dispersion(corpus, "an ninh mạng").rows == quoted.rows
    for point in plots.timeline(corpus, "an ninh mạng").points:
        assert point.clauses == corpus.count('"an ninh mạng"', Filters(docs=(point.doc,)))


def test_the_cli_says_when_the_phrase_leaves_out_clauses_with_the_words_apart(
    cli_runner, corpus_data_dir: Path
) -> None:
    common = ["--data-dir", str(corpus_data_dir), "--glossary", str(GLOSSARY_PATH)]
    result = cli_runner.invoke(app, ["search", "an ninh mạng", "--kwic", "--count", *common])
    assert result.exit_code == 0, result.stderr
    phrase = cli_runner.invoke(app, ["search", '"an ninh mạng"', "--kwic", "--count", *common])
    assert result.stdout == phrase.stdout
    apart = int(cli_runner.invoke(app, ["search", "an ninh mạng", "--count", *common]).stdout)
    together = int(cli_runner.invoke(app, ["search", '"an ninh mạng"', "--count", *common]).stdout)
    assert apart > together
    assert f"{apart - together} more clause" in result.stderr
    # (not "AND between them": a query with AND in it has runs read as phrases too)
    assert "(`search` without --kwic ranks them)" in result.stderr


# --- the terminal layout -------------------------------------------------------------


def kwic(left: str, match: str, right: str) -> KwicLine:
    return KwicLine("d:p01.s01.c01", "d", left, match, right, 0, 1, 1.0)


def test_closing_punctuation_follows_the_keyword_without_a_gap() -> None:
    rows = kwic_rows(
        [kwic("Bảo đảm", "an toàn", ", bí mật"), kwic("trên", "môi trường mạng", "và")],
        120,
    )
    assert "an toàn, bí mật" in rows[0].text()
    assert f"môi trường mạng{GAP}và" in rows[1].text()
    # The keywords still start in one column.
    assert rows[0].text().index("an toàn") == rows[1].text().index("môi trường")


# --- the real IT Law ---------------------------------------------------------------------

needs_realtexts = pytest.mark.skipif(REALTEXTS is None, reason="no ../shared/realtexts")


@pytest.fixture(scope="module")
def itlaw(tmp_path_factory: pytest.TempPathFactory):
    from normcorpus.ingest import ingest

    assert REALTEXTS is not None
    root = tmp_path_factory.mktemp("itlaw")
    (root / "corpus").mkdir()
    name = "itlaw-2006-67-2006-qh11.vi.txt"
    (root / "corpus" / name).write_bytes((REALTEXTS / name).read_bytes())
    ingest([root / "corpus"], data_dir=root / "data", glossary=GLOSSARY_PATH, jobs=1)
    with Corpus.open(root / "data", glossary=GLOSSARY_PATH) as opened:
        yield opened


@needs_realtexts
def test_on_the_it_law_a_concordance_counts_the_phrase(itlaw: Corpus) -> None:
    # Before: 24 lines of `an`, `ninh`, `thông tin` apart against 4 of the phrase.
    for query in ("an ninh thông tin", "thông tin số", "cơ quan nhà nước", "môi trường mạng"):
        assert itlaw.kwic_count(query) == itlaw.kwic_count(f'"{query}"')
        assert all(x.match.lower() == query for x in lines(itlaw, query))


def test_a_context_is_cut_between_words_never_inside_one() -> None:
    # (`g tin mạng trong hồ sơ`: the left context began with half a syllable)
    from normcorpus.search import _clip_left, _clip_right

    text = "hệ thống thông tin mạng trong hồ sơ"
    assert _clip_left(text, 18) == "mạng trong hồ sơ"  # not `n mạng trong hồ sơ`
    assert _clip_left(text, 20) == "tin mạng trong hồ sơ"  # cut at a space: whole words
    assert _clip_left(text, 21) == "tin mạng trong hồ sơ"
    assert _clip_right(text, 20) == "hệ thống thông tin"  # not `hệ thống thông tin m`
    assert _clip_right(text, 8) == "hệ thống"
    assert _clip_left(text, 100) == text and _clip_right("  a   b ", 100) == "a b"
    assert _clip_left("abcdefghij", 4) == "ghij"  # one long word: its end, as before
