"""The parallel alignment eval: its scoring rules, and a slice of it on the real statute."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "eval"))

import parallel_alignment as pa


def test_a_bead_is_right_only_when_both_sides_match() -> None:
    vi, en = "Một. Hai.\nBa.", "One. Two.\nThree."
    gold = pa.canonical([([(0, 4)], [(0, 4)]), ([(5, 9)], [(5, 9)]), ([(10, 13)], [])], vi, en)
    predicted = pa.canonical([([(0, 4)], [(0, 4)]), ([(5, 9)], []), ([(10, 13)], [(5, 9)])], vi, en)
    counts = pa.score(gold, predicted)
    assert counts["right"] == 1  # a gap paired with text is wrong; a pair left alone too
    assert (counts["gold"], counts["predicted"], counts["gold_gaps"]) == (3, 3, 1)


def test_spans_merge_and_gap_runs_in_a_line_count_once() -> None:
    vi, en = "Một; hai; ba.\nBốn.", "One.\nFour."
    # one clause lost as three pieces (1-0 ×3) is the same gap as one 3-0
    three = pa.canonical(
        [([(0, 4)], []), ([(5, 9)], []), ([(10, 13)], []), ([(14, 18)], [(5, 10)])], vi, en
    )
    one = pa.canonical([([(0, 4), (5, 9), (10, 13)], []), ([(14, 18)], [(5, 10)])], vi, en)
    assert three == one
    assert pa.score(one, three)["right"] == 2


def test_statute_slice() -> None:
    """The aligner on the whole statute (every Vietnamese line) meets the issue's
    targets against the hand-made gold; skipped where the texts are not."""
    gold_file = pa.load_gold(pa.GOLD_DIR / "itlaw-2006-67-2006-qh11.jsonl")
    result = pa.evaluate(gold_file, pa.TEXTS)
    if isinstance(result, str):
        pytest.skip(result)
    whole = next(row for row in result if row.mode == "whole text")
    assert whole.precision >= 0.97 and whole.recall >= 0.95
    assert whole.right_gaps >= 0.95 * whole.gold_gaps


@pytest.mark.parametrize("doc", ["asean-2018-cybersecurity", "vn-ru-2017-infosec"])
def test_statement_proxy(doc: str) -> None:
    """The statement row (a proxy: the project's working translation joined into
    paragraphs) meets the statement targets; the corpus is always here."""
    proxy = pa.load_proxy(pa.GOLD_DIR / f"{doc}.proxy.json")
    result = pa.evaluate_proxy(proxy)
    assert not isinstance(result, str), result
    (row,) = result
    assert row.gold >= 10
    assert row.precision >= 0.95 and row.recall >= 0.90


def test_proxy_gold_joins_lines_with_no_english_boundary_between() -> None:
    """Lines of one English sentence (a comma between them) are one gold bead; lines
    a `;` parts are two."""
    from normcorpus.translations import TranslationRow

    side = _vi_side(["Một, hai.", "Ba; bốn."], [["Một,", "hai."], ["Ba;", "bốn."]])
    rows = {
        "d:p01.s01.c01": TranslationRow("d:p01.s01.c01", "", "One,"),
        "d:p01.s01.c02": TranslationRow("d:p01.s01.c02", "", "two."),
        "d:p02.s01.c01": TranslationRow("d:p02.s01.c01", "", "Three;"),
        "d:p02.s01.c02": TranslationRow("d:p02.s01.c02", "", "four."),
    }
    en, gold = pa.working_english(side, rows)
    assert en.text == "One, two.\nThree; four."
    assert [(len(vi), len(e)) for vi, e in gold] == [(2, 2), (1, 1), (1, 1)]


def _vi_side(lines: list[str], pieces: list[list[str]]):  # type: ignore[no-untyped-def]
    from normcorpus import parallel
    from normcorpus.models import Clause, Document, DocumentMeta, Span

    text = "\n".join(lines)
    spans, clauses, start = [], [], 0
    for para, (line, parts) in enumerate(zip(lines, pieces, strict=True), start=1):
        spans.append(Span(start, start + len(line)))
        position = start
        for number, part in enumerate(parts, start=1):
            at = text.index(part, position)
            cid = f"d:p{para:02d}.s01.c{number:02d}"
            clauses.append(Clause(cid, "d", para, 1, number, part, at, at + len(part), ()))
            position = at + len(part)
        start += len(line) + 1
    document = Document("d", "d.txt", text, tuple(spans), DocumentMeta(), "0")
    return parallel.vietnamese_side(document, clauses)
