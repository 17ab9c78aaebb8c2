"""The aligner's shortcuts on the matching path answer as the whole rule does, on real text:

- the whole-word test (`Aligner._cuts_a_word`) stops early where the two
  syllables at a window's edges stand side by side in no word of the lexicon,
  and finds those neighbours (`_spaced_token`) as the tokens of its reach have them;
- the choice takes every reading at once when all are correct spellings and
  none overlaps another (the choice with the nested readings never does).
"""

from __future__ import annotations

from itertools import islice
from pathlib import Path

import pytest

from normcorpus import align, syllables
from normcorpus.align import Aligner
from normcorpus.glossary import load_glossary
from normcorpus.models import Glossary

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"


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


def test_the_choice_of_plain_readings_is_the_choice_of_all() -> None:
    aligner = Aligner(load_glossary(ROOT / "glossary.yaml"))
    text = " ".join(p.read_text(encoding="utf-8") for p in sorted(CORPUS.glob("*.txt")))
    lines = [line for line in text.splitlines() if line.strip()]
    plain = 0
    for line in lines:
        found = aligner.locate(line)
        # The chosen ones, through the whole choice (the nested ones left out).
        whole = tuple(r[:5] for r in aligner.locate(line, nested=True) if r[5] == -1)
        assert found == whole, line
        plain += bool(found) and len(found) == len(aligner.locate(line, nested=True))
    assert plain > 10  # lines that took the shortcut


def _spaced_by_whole_tokens(
    text: str, start: int, end: int, low: int, high: int
) -> tuple[str | None, str | None]:
    """The tokens one space before and after text[start:end], read off `_whole_tokens`."""
    spans = [m.span() for m in align._whole_tokens(text, low, high)]
    first = next(k for k, span in enumerate(spans) if span[0] == start)
    last = next(k for k, span in enumerate(spans) if span[1] == end)
    left = right = None
    if first > 0 and text[spans[first - 1][1] : start] == " ":
        left = text[slice(*spans[first - 1])]
    if last + 1 < len(spans) and text[end : spans[last + 1][0]] == " ":
        right = text[slice(*spans[last + 1])]
    return left, right


@pytest.mark.parametrize(
    "text",
    [
        "",  # the corpus, below
        "an ninh  mạng, quốc gia an ninh mạng quốc_gia 2018 an-ninh mạng an ninh.",
        "Aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa an ninh bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb",
        "x an ninh y\n an ninh\tz (an ninh) an ninh",
    ],
)
def test_the_neighbours_of_the_early_stop_are_those_of_the_reach(text: str) -> None:
    if not text:
        joined = " ".join(p.read_text(encoding="utf-8") for p in sorted(CORPUS.glob("*.txt")))
        text = joined[:20_000]
    seen = set()
    for start, end in windows(text):
        for reach in (align._REACH, 3, 9):  # as the aligner reaches, and bounds inside words
            low, high = max(0, start - reach), min(len(text), end + reach)
            fast = (
                align._spaced_token(text, start, low, high, forward=False),
                align._spaced_token(text, end, low, high, forward=True),
            )
            assert fast == _spaced_by_whole_tokens(text, start, end, low, high), (start, end)
            assert align._token_from(text, start) == align._TOKEN.match(text, start).group()
            seen.add(fast == (None, None))
    assert seen == {True, False}  # windows with and without spaced neighbours
