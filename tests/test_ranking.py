"""Ranking: BM25 with term frequency capped at one, read in clause-length order."""

from __future__ import annotations

import math
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from normcorpus.models import Glossary
from normcorpus.ranking import K1, B, CorpusStats, top_k, top_k_by_combinations
from normcorpus.search import Corpus
from normcorpus.store import TOKEN, fts_rowid


def test_idf_and_length_factor() -> None:
    stats = CorpusStats(clauses=100, syllables=2000)
    assert stats.average_length == 20
    assert stats.idf(10) == pytest.approx(math.log(1 + 90.5 / 10.5))
    assert stats.idf(100) > 0  # Lucene's idf never goes negative
    assert stats.length_factor(20) == pytest.approx((K1 + 1) / (1 + K1))
    assert stats.length_factor(10) > stats.length_factor(20) > stats.length_factor(40)
    assert stats.length_factor(0) == pytest.approx((K1 + 1) / (1 + K1 * (1 - B)))
    assert CorpusStats(0, 0).average_length == 1.0  # an empty index


rows_and_presence = st.lists(
    st.tuples(
        st.integers(1, 60),  # length
        st.integers(1, 10_000),  # clause rowid
        st.lists(st.booleans(), min_size=3, max_size=3),  # which optional units occur
    ),
    max_size=80,
    unique_by=lambda row: row[1],
)


def full_ranking(presence, weights, required, stats):
    def score(rowid: int) -> float:
        held = required + sum(w for w, hit in zip(weights, presence[rowid], strict=True) if hit)
        return held * stats.length_factor(rowid >> 32)

    return sorted(((r, score(r)) for r in presence), key=lambda x: (-x[1], x[0]))


@given(
    rows=rows_and_presence,
    weights=st.lists(st.floats(0.01, 20), min_size=3, max_size=3),
    required=st.floats(0, 20),
    k=st.integers(0, 30),
    batch=st.integers(1, 7),
)
def test_top_k_is_the_full_ranking_cut_at_k(rows, weights, required, k, batch) -> None:
    stats = CorpusStats(clauses=1000, syllables=19_000)
    presence = {fts_rowid(rowid, length): found for length, rowid, found in rows}
    ordered = sorted(presence)
    probes = [
        (weight, lambda b, i=i: {r for r in b if presence[r][i]})
        for i, weight in enumerate(weights)
    ]
    batches = [ordered[i : i + batch] for i in range(0, len(ordered), batch)]
    got = top_k(iter(batches), k, required, probes, stats)
    assert got == full_ranking(presence, weights, required, stats)[:k]


@given(
    rows=rows_and_presence,
    weights=st.lists(st.floats(0.01, 20) | st.sampled_from([1.0, 2.0]), min_size=3, max_size=3),
    required=st.floats(0, 20) | st.just(0.0),
    k=st.integers(0, 30),
)
def test_top_k_by_combinations_is_the_full_ranking_cut_at_k(rows, weights, required, k) -> None:
    stats = CorpusStats(clauses=1000, syllables=19_000)
    presence = {fts_rowid(rowid, length): found for length, rowid, found in rows}
    ordered = sorted(presence)
    reads: list[tuple[int, ...]] = []

    def first(combination: tuple[int, ...], n: int, longest: int | None = None) -> list[int]:
        reads.append(combination)
        # The bound is honoured as the store does (`rowid < (longest + 1) << 32`).
        return [
            r
            for r in ordered
            if all(presence[r][i] for i in combination) and (longest is None or r >> 32 <= longest)
        ][:n]

    def present(rowids: list[int]) -> list[set[int]]:
        return [{r for r in rowids if presence[r][i]} for i in range(3)]

    shortest = min((r >> 32 for r in ordered), default=0)
    got = top_k_by_combinations(k, required, weights, first, present, stats, shortest)
    assert got == full_ranking(presence, weights, required, stats)[:k]
    assert len(reads) == len(set(reads)) <= 8


def test_combinations_are_read_heaviest_first_and_the_light_ones_skipped() -> None:
    stats = CorpusStats(clauses=1000, syllables=19_000)
    reads: list[tuple[int, ...]] = []
    # Every clause (lengths 5..) holds both units; a heavy one and a light one.
    rows = [fts_rowid(rowid, 5 + rowid) for rowid in range(1, 50)]

    def first(combination: tuple[int, ...], n: int, longest: int | None = None) -> list[int]:
        reads.append(combination)
        return [r for r in rows if longest is None or r >> 32 <= longest][:n]

    best = top_k_by_combinations(
        3, 0.0, [5.0, 0.1], first, lambda r: [set(r), set(r)], stats, shortest=6
    )
    assert [rowid for rowid, _ in best] == rows[:3]
    # Both, then the heavy one alone (it might hold shorter clauses); never the
    # light one alone or neither: they cannot reach the third best.
    assert reads == [(0, 1), (0,)]


def test_top_k_stops_reading_once_no_later_clause_can_win() -> None:
    stats = CorpusStats(clauses=1000, syllables=19_000)
    read: list[list[int]] = []

    def batches():
        for length in range(1, 100):
            batch = [fts_rowid(rowid, length) for rowid in range(1, 4)]
            read.append(batch)
            yield batch

    # Every clause holds the optional unit: the three shortest win and nothing
    # longer is read past the first longer batch.
    best = top_k(batches(), 3, 1.0, [(2.0, set)], stats)
    assert [rowid for rowid, _ in best] == [fts_rowid(r, 1) for r in (1, 2, 3)]
    assert len(read) == 2


@pytest.fixture(scope="module")
def corpus(corpus_data_dir: Path, real_glossary: Glossary):
    with Corpus.open(corpus_data_dir, glossary=real_glossary) as opened:
        yield opened


QUERIES = ["an ninh", '"an ninh mạng"', "an ninh OR hợp tác", "cybersecurity", "ASEAN -mạng"]


@pytest.mark.parametrize("query", QUERIES)
def test_pages_agree_with_the_full_ranking(corpus: Corpus, query: str) -> None:
    full = corpus.search(query, limit=10_000).hits
    assert len(full) == corpus.count(query) > 5
    assert [h.score for h in full] == sorted((h.score for h in full), reverse=True)
    for limit, offset in ((1, 0), (5, 0), (5, 3), (7, len(full) - 4)):
        page = corpus.search(query, limit=limit, offset=offset).hits
        assert [h.record.id for h in page] == [h.record.id for h in full[offset : offset + limit]]


def test_every_unit_required_ranks_shorter_clauses_first(corpus: Corpus) -> None:
    hits = corpus.search("an ninh", limit=1000).hits
    lengths = [len(TOKEN.findall(h.record.text)) for h in hits]
    assert lengths == sorted(lengths) and len(set(lengths)) > 3
    # One score per length: the same units, weighed by the length factor alone.
    by_length = {}
    for length, hit in zip(lengths, hits, strict=True):
        assert by_length.setdefault(length, hit.score) == hit.score


def test_an_optional_unit_adds_its_weight(corpus: Corpus) -> None:
    # Clauses holding both alternatives outrank clauses of the same length holding one.
    hits = corpus.search("an ninh OR hợp tác", limit=1000).hits
    both = {h.record.id for h in hits if "an ninh" in h.record.text.lower()} & {
        h.record.id for h in hits if "hợp tác" in h.record.text.lower()
    }
    assert both
    for hit in hits:
        length = len(TOKEN.findall(hit.record.text))
        for other in hits:
            same_length = len(TOKEN.findall(other.record.text)) == length
            if same_length and other.record.id in both and hit.record.id not in both:
                assert other.score > hit.score


def test_doc_order_keeps_the_ranked_scores(corpus: Corpus) -> None:
    ranked = {h.record.id: h.score for h in corpus.search("cybersecurity", limit=1000).hits}
    in_order = corpus.search("cybersecurity", limit=1000, order="doc").hits
    assert {h.record.id: h.score for h in in_order} == ranked
    assert [h.record.id for h in in_order] != list(ranked)


@given(
    clauses=st.integers(1, 10**6),
    syllables=st.integers(1, 10**8),
    factor=st.floats(0.01, 3.0),
)
def test_longest_with_factor_is_the_last_length_at_or_above_it(clauses, syllables, factor) -> None:
    stats = CorpusStats(clauses=clauses, syllables=syllables)
    longest = stats.longest_with_factor(factor)
    if longest is None:
        assert stats.length_factor(0) < factor
    else:
        assert stats.length_factor(longest) >= factor > stats.length_factor(longest + 1)
