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
