"""The aligner's whole-word test (`Aligner._cuts_a_word`) stops early where the
two syllables at a window's edges stand side by side in no word of the lexicon;
it answers as the whole search does, on real text."""

from __future__ import annotations

from itertools import islice
from pathlib import Path

import pytest

from normcorpus import align, syllables
from normcorpus.align import Aligner
from normcorpus.models import Glossary

CORPUS = Path(__file__).resolve().parent.parent / "corpus"


def windows(text: str, longest: int = 4) -> list[tuple[int, int]]:
    """Every window of one to `longest` whole tokens."""
    spans = [m.span() for m in align._TOKEN.finditer(text)]
    return [
        (spans[i][0], spans[j][1])
        for i in range(len(spans))
        for j in range(i, min(i + longest, len(spans)))
    ]


@pytest.mark.skipif(not syllables.words(), reason="underthesea's word list not found")
def test_the_early_stop_answers_as_the_whole_search(
    small_glossary: Glossary, monkeypatch: pytest.MonkeyPatch
) -> None:
    aligner = Aligner(small_glossary)
    text = " ".join(p.read_text(encoding="utf-8") for p in sorted(CORPUS.glob("*.txt")))
    text = text[:20_000]
    spans = list(islice(windows(text), 0, None, 3))
    fast = [aligner._cuts_a_word(text, start, end, False) for start, end in spans]
    monkeypatch.setattr(align, "_edge_pair", lambda *_args: True)  # never stop early
    whole = [aligner._cuts_a_word(text, start, end, False) for start, end in spans]
    assert fast == whole
    assert 0 < sum(whole) < len(whole)  # words cut and not cut, both seen
