"""study.py: frequency lists, collocates and their measures, the concept × document table.

Most tests run on the two SAMPLES statements (tests/conftest.py) ingested
with the small glossary, whose counts can be checked by hand:

    alpha  Tuyên bố mẫu thứ nhất
           Hai Bên thúc đẩy hợp tác an ninh mạng; các nước cùng chống các mối đe dọa.
           Liên Hợp Quốc giữ vai trò trung tâm trong các thảo luận quốc tế.
    beta   Tuyên bố mẫu thứ hai
           ASEAN nhận thấy an ninh mạng là một vấn đề xuyên xuyết cần hơp tác.

56 syllables in all (5 + 17 + 14 + 5 + 15: each title line is a clause too).
"""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from normcorpus import study
from normcorpus.errors import QueryError
from normcorpus.ingest import ingest
from normcorpus.store import Store


@pytest.fixture(scope="module")
def samples(tmp_path_factory: pytest.TempPathFactory, small_glossary_path: Path):
    from conftest import SAMPLES

    root = tmp_path_factory.mktemp("study")
    (root / "corpus").mkdir()
    for name, text in SAMPLES.items():
        (root / "corpus" / name).write_text(text, encoding="utf-8")
    ingest([root / "corpus"], data_dir=root / "data", glossary=small_glossary_path, jobs=1)
    with Store.open(root / "data") as store:
        yield store


# --- frequency lists ---------------------------------------------------------------


def test_syllable_frequencies(samples: Store) -> None:
    rows = study.freq(samples, by="syllable")
    assert sum(r.count for r in rows) == 56
    top = [(r.item, r.count, r.docs) for r in rows[:10]]
    assert top == [
        ("các", 3, 1),
        ("an", 2, 2),
        ("bố", 2, 2),
        ("hai", 2, 2),  # Hai Bên, thứ hai
        ("hợp", 2, 1),  # hợp tác, Liên Hợp Quốc; beta's typo `hơp` is another syllable
        ("mạng", 2, 2),
        ("mẫu", 2, 2),
        ("ninh", 2, 2),
        ("quốc", 2, 1),
        ("thứ", 2, 2),
    ]
    assert rows[0].per_10k == round(3 * 10_000 / 56, 2)
    assert {r.item: r.count for r in rows}["hơp"] == 1


def test_ngram_frequencies_stay_inside_sentences(samples: Store) -> None:
    rows = {r.item: r.count for r in study.freq(samples, by="ngram", n=2)}
    assert rows["an ninh"] == 2 and rows["ninh mạng"] == 2
    assert "dọa liên" not in rows  # the end of one sentence and the start of the next
    assert sum(rows.values()) == (5 - 1) + (17 - 1) + (14 - 1) + (5 - 1) + (15 - 1)
    trigrams = study.freq(samples, by="ngram", n=3, min_count=2)
    assert [(r.item, r.count) for r in trigrams] == [
        ("an ninh mạng", 2),
        ("bố mẫu thứ", 2),
        ("tuyên bố mẫu", 2),
    ]


def test_word_frequencies_use_the_segmenter_words(samples: Store) -> None:
    rows = study.freq(samples, top=2)
    assert [(r.item, r.count) for r in rows] == [("các", 3), ("an ninh mạng", 2)]


def test_freq_by_document_and_errors(samples: Store) -> None:
    beta = study.freq(samples, by="syllable", docs=["beta"])
    assert sum(r.count for r in beta) == 20 and all(r.docs == 1 for r in beta)
    with pytest.raises(QueryError, match="unknown unit"):
        study.freq(samples, by="letter")  # type: ignore[arg-type]
    with pytest.raises(QueryError, match="between 2 and 5"):
        study.freq(samples, by="ngram", n=6)
    with pytest.raises(QueryError, match="no document"):
        study.freq(samples, docs=["gamma"])


# --- collocates ----------------------------------------------------------------------


def test_collocates_of_a_term(samples: Store) -> None:
    result = study.collocates(samples, "an ninh", by="syllable", window=1, min_freq=1)
    assert (result.node, result.occurrences, result.corpus_size) == ("an ninh", 2, 56)
    rows = {c.item: (c.together, c.left, c.right, c.frequency) for c in result.collocates}
    assert rows == {"mạng": (2, 0, 2, 2), "tác": (1, 1, 0, 2), "thấy": (1, 1, 0, 1)}
    assert [c.item for c in result.collocates] == ["mạng", "thấy", "tác"]  # by llr
    assert (
        study.collocates(samples, "an ninh", by="syllable", window=1).collocates[0].item == "mạng"
    )
    assert [
        c.item for c in study.collocates(samples, "an ninh", by="syllable", window=1).collocates
    ] == ["mạng"]


def test_collocate_measures_follow_the_textbook_formulas(samples: Store) -> None:
    mang = study.collocates(samples, "an ninh", by="syllable", window=1).collocates[0]
    # 2 nodes with one unit each side: R = 4 positions; C(mạng) = 2; N = 56
    o11, r1, c1, n = 2, 4, 2, 56
    e11 = r1 * c1 / n
    assert mang.expected == pytest.approx(e11, abs=1e-4)
    assert mang.mi == pytest.approx(math.log2(o11 / e11), abs=1e-4)
    assert mang.tscore == pytest.approx((o11 - e11) / math.sqrt(o11), abs=1e-4)
    cells = [(2, 4, 2), (2, 4, 54), (0, 52, 2), (52, 52, 54)]  # (O, row total, column total)
    g2 = 2 * sum(o * math.log(o / (row * col / n)) for o, row, col in cells if o)
    assert mang.llr == pytest.approx(g2, abs=1e-3)


def test_collocates_without_diacritics_match_any_spelling(samples: Store) -> None:
    exact = study.collocates(samples, "hợp tác", by="syllable", window=2, min_freq=1)
    folded = study.collocates(samples, "hop tac", by="syllable", window=2, min_freq=1)
    assert exact.occurrences == 1 and folded.occurrences == 2  # `hơp tác` too
    assert "cần" in {c.item for c in folded.collocates}


def test_collocates_by_word_respect_word_boundaries(samples: Store) -> None:
    result = study.collocates(samples, "an ninh mạng", window=1, min_freq=1)
    assert result.occurrences == 2
    # punctuation is no unit: across alpha's `;` the right neighbour is `các`
    assert {c.item for c in result.collocates} == {"hợp tác", "các", "thấy", "là"}
    # `an ninh` is not a word of its own here: underthesea made `an ninh mạng` one word
    assert study.collocates(samples, "an ninh", window=1, min_freq=1).occurrences == 0


def test_a_node_underthesea_cut_through_is_found_by_its_syllables() -> None:
    # The codification's `tấn công an` | `ninh mạng`: the node starts inside a word.
    node = ("an", "ninh", "mạng")
    sentence = ["hỏa hoạn", "giao thông", "tấn công an", "ninh mạng", "và"]
    assert study._find_nodes(sentence, node, False) == [(2, 4)]  # the units it overlaps
    assert study._find_nodes(["an", "ninh mạng", "và"], node, False) == [(0, 2)]
    # Inside one longer word it is another word (as before): `an ninh` of `an ninh mạng`.
    assert study._find_nodes(["an ninh mạng"], ("an", "ninh"), False) == []


def test_collocates_leave_out_units_a_cut_node_overlaps(samples: Store) -> None:
    result = study.collocates(samples, "an ninh mạng", window=1, min_freq=1)
    assert all(c.item not in ("an", "ninh mạng") for c in result.collocates)


@pytest.fixture(scope="module")
def legal(tmp_path_factory: pytest.TempPathFactory, small_glossary_path: Path):
    from conftest import LEGAL_TEXT

    root = tmp_path_factory.mktemp("legal")
    (root / "corpus").mkdir()
    (root / "corpus" / "luat-mau.txt").write_bytes(LEGAL_TEXT.read_bytes())
    ingest([root / "corpus"], data_dir=root / "data", glossary=small_glossary_path, jobs=1)
    with Store.open(root / "data") as store:
        yield store


def test_body_text_only_unless_include_names_the_units(legal: Store) -> None:
    from collections import Counter

    skipped: Counter[str] = Counter()
    body = {r.item: r.count for r in study.freq(legal, by="syllable", skipped=skipped)}
    every = {r.item: r.count for r in study.freq(legal, by="syllable", include=None)}
    headings = {r.item: r.count for r in study.freq(legal, by="syllable", include=["heading"])}
    # `Điều 1. Phạm vi điều chỉnh` … are headings: no `điều` is left in the body.
    assert skipped["heading"] > 0 and "điều" not in body and every["điều"] == headings["điều"]
    assert sum(body.values()) < sum(every.values())
    with pytest.raises(QueryError, match="unknown unit kind 'headings'"):
        study.freq(legal, include=["headings"])


def test_the_concept_table_of_every_unit_is_the_index_s(legal: Store, corpus_store: Store) -> None:
    for store in (legal, corpus_store):
        for count in ("matches", "clauses"):
            from normcorpus.models import UNIT_KINDS

            indexed = study.concept_table(store, count=count, include=None)  # type: ignore[arg-type]
            read = study.concept_table(store, count=count, include=UNIT_KINDS)  # type: ignore[arg-type]
            assert indexed == read


def test_overlapping_windows_count_each_position_once(samples: Store) -> None:
    result = study.collocates(samples, "các", by="syllable", window=3, min_freq=1)
    rows = {c.item: c for c in result.collocates}
    assert all(c.together <= c.frequency for c in result.collocates)
    # `nước cùng chống` lies in the windows of both `các` of alpha's first sentence
    assert rows["cùng"].together == 1


def test_collocate_errors(samples: Store) -> None:
    with pytest.raises(QueryError, match="unknown measure"):
        study.collocates(samples, "an ninh", measure="dice")  # type: ignore[arg-type]
    with pytest.raises(QueryError, match="window"):
        study.collocates(samples, "an ninh", window=0)
    with pytest.raises(QueryError, match="no letters"):
        study.collocates(samples, "…")


# --- concepts × documents ------------------------------------------------------------------


def test_concept_table(samples: Store, small_glossary) -> None:
    table = study.concept_table(samples, glossary=small_glossary)
    assert table.docs == ("alpha", "beta")
    rows = {r.concept: r.counts for r in table.rows}
    assert rows == {
        "asean": (0, 1),
        "cooperation": (1, 1),  # nested in `hợp tác an ninh mạng`; the fuzzy `hơp tác`
        "cross-cutting": (0, 1),
        "cybersecurity": (1, 1),  # nested in `hợp tác an ninh mạng`, which wins the span
        "cybersecurity-cooperation": (1, 0),
        "discussion": (1, 0),
        "network": (1, 1),  # nested too
        "threat": (1, 0),
        "united-nations": (1, 0),
    }
    flat = table.to_rows()[0]
    assert list(flat) == ["concept", "en", "alpha", "beta", "total"]


def test_concept_table_sorting_and_english_without_glossary(corpus_store: Store) -> None:
    table = study.concept_table(corpus_store, sort="vn-ru-2017-infosec")
    first = table.rows[0]
    # (nested matches count: `quốc gia` in `an ninh quốc gia`, `ASEAN` in the
    # names of its bodies)
    assert first.concept == "state" and first.counts == (11, 11) and first.en == "State"
    by_total = study.concept_table(corpus_store)
    assert by_total.rows[0].concept == "asean" and by_total.rows[0].total == 44
    totals = [r.total for r in by_total.rows]
    assert totals == sorted(totals, reverse=True)
    clauses = study.concept_table(corpus_store, count="clauses", sort="concept")
    assert [r.concept for r in clauses.rows] == sorted(r.concept for r in clauses.rows)
    assert {r.concept: r.total for r in clauses.rows}["cybersecurity"] <= {
        r.concept: r.total for r in by_total.rows
    }["cybersecurity"]
    with pytest.raises(QueryError, match="sort by"):
        study.concept_table(corpus_store, sort="nothing")


def test_the_left_out_note_says_what_was_counted(capsys) -> None:  # type: ignore[no-untyped-def]
    # (`--include header` still said "body text only")
    from collections import Counter

    from normcorpus.cli.options import say_left_out

    say_left_out({"include": ("header",), "skipped": Counter({"heading": 3})})
    assert capsys.readouterr().err == (
        "normcorpus: note: body text and header only; left out clauses: 3 heading"
        " (--include KIND, or all)\n"
    )
    say_left_out({"include": (), "skipped": Counter({"heading": 3})})
    assert "note: body text only; left out clauses: 3 heading" in capsys.readouterr().err
