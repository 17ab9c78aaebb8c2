"""The aligner's choice in C (accel.choice) against its plain rule, `Aligner._choose`.

The C chooser reads exact candidates and remembered loose readings itself and
asks the aligner for the rest; these tests hold the matches it chooses to the
plain rule's on the corpus and the real texts (as written and typed without
diacritics), on bench-like texts full of slips, on generated texts with
slips, capitals and punctuation between the words, cold (every loose reading
read for the first time) and warm (read from the memo), and with a glossary
whose concepts exclude phrases.
"""

from __future__ import annotations

import random
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import CORPUS_DIR, GLOSSARY_PATH, REALTEXTS, SMALL_GLOSSARY
from normcorpus import normalize, syllables
from normcorpus.accel import choice as accel_choice
from normcorpus.accel import walker as accel_walker
from normcorpus.align import Aligner
from normcorpus.glossary import from_data, load_glossary
from normcorpus.models import Glossary

pytestmark = pytest.mark.skipif(
    not (accel_choice.BUILT and accel_walker.BUILT),
    reason="normcorpus.accel._choice was not built (no C compiler)",
)


def _pair(glossary: Glossary) -> tuple[Aligner, Aligner]:
    """An aligner choosing in C, and one choosing plainly (the same walk)."""
    fast = Aligner(glossary, compiled=True)
    plain = Aligner(glossary, compiled=True)
    plain._chooser = None
    assert fast._chooser is not None
    return fast, plain


def _same(fast: Aligner, plain: Aligner, texts: list[str]) -> int:
    """The matches chosen in each text are the plain rule's, cold and warm (and by
    `locate`); how many texts had a loose reading chosen."""
    cold = fast.locate_many(texts)
    expected = plain.locate_many(texts)
    for text, got, want in zip(texts, cold, expected, strict=True):
        assert got == want, text
        assert [tuple(map(type, m)) for m in got] == [tuple(map(type, m)) for m in want]
    assert fast.locate_many(texts) == expected  # the loose readings remembered
    for text, want in zip(texts[:50], expected, strict=False):
        assert fast.locate(text) == want
    return sum(any(m[3] in ("folded", "fuzzy") for m in found) for found in expected)


def _texts() -> list[str]:
    texts = [p.read_text(encoding="utf-8") for p in sorted(CORPUS_DIR.glob("*.txt"))]
    if REALTEXTS is not None:
        for pattern in ("*.vi.txt", "*excerpt.txt", "phapdien*.txt"):
            texts += [p.read_text(encoding="utf-8") for p in sorted(REALTEXTS.glob(pattern))]
    lines = [line for t in texts for line in normalize.text(t).splitlines() if line.strip()]
    return lines + [normalize.fold(line) for line in lines[::3]]


@pytest.mark.parametrize("path", [GLOSSARY_PATH, SMALL_GLOSSARY], ids=["glossary", "small"])
def test_the_corpus_and_real_texts(path) -> None:  # type: ignore[no-untyped-def]
    glossary = load_glossary(path)
    fast, plain = _pair(glossary)
    loose = _same(fast, plain, _texts())
    if path == GLOSSARY_PATH:
        assert loose > 20  # (texts typed without diacritics are read loosely)
        assert fast._exclusions  # the real glossary's concepts exclude phrases


_SYLLABLES = sorted(w for w in syllables.lexicon() if w.isalpha())


def _slip(rng: random.Random, word: str) -> str:
    """A syllable as a typist may write it."""
    k = rng.randrange(len(word))
    return rng.choice(
        [
            normalize.fold(word),
            word[:k] + word[k + 1 : k + 2] + word[k : k + 1] + word[k + 2 :],
            word[:k] + rng.choice("aeiouănhgđ") + word[k + 1 :],
            word[:k] + word[k + 1 :],
            word.capitalize(),
            word.upper(),
        ]
    )


def _bench_like(seed: int, concepts: int, texts: int) -> tuple[Glossary, list[str]]:
    """A synthetic glossary and texts as the check bench makes them, with slips,
    capitals, terms typed without diacritics and punctuation between words."""
    rng = random.Random(seed)
    pool = _SYLLABLES
    weights = [1 / (rank + 1) for rank in range(len(pool))]
    terms: list[str] = []
    seen = set()
    while len(terms) < 2 * concepts:
        term = " ".join(rng.choices(pool, weights=weights, k=rng.randint(2, 4)))
        if term not in seen:
            seen.add(term)
            terms.append(term)
    glossary = from_data(
        {
            "schema": "normcorpus-glossary/1",
            "concepts": [
                {
                    "id": f"c{k:04d}",
                    "vi": [{"term": terms[2 * k]}, {"term": terms[2 * k + 1]}],
                    "en": [{"term": f"concept {k}"}],
                }
                for k in range(concepts)
            ],
        }
    )
    out = []
    for _ in range(texts):
        words: list[str] = []
        for _ in range(rng.randint(1, 4)):
            words += rng.choices(pool, weights=weights, k=rng.randint(0, 6))
            term = rng.choice(terms).split()
            if rng.random() < 0.5:
                k = rng.randrange(len(term))
                term[k] = _slip(rng, term[k])
            if rng.random() < 0.1:
                term = [normalize.fold(w) for w in term]
            words += term
        if rng.random() < 0.3:
            words = [normalize.fold(w) for w in words]
        text = ""
        for k, word in enumerate(words):
            text += (
                rng.choices([" ", ", ", ". ", " - ", "\n", ": "], weights=[40, 3, 2, 1, 1, 1])[0]
                if k
                else ""
            ) + word
        out.append(text.capitalize() + ".")
    return glossary, out


def test_bench_like_texts() -> None:
    glossary, texts = _bench_like(7, 150, 3000)
    fast, plain = _pair(glossary)
    assert _same(fast, plain, texts) > 300


def test_concepts_that_exclude_phrases() -> None:
    glossary = load_glossary(GLOSSARY_PATH)
    fast, plain = _pair(glossary)
    texts = [
        "Hợp tác xã nông nghiệp và hợp tác quốc tế về an ninh mạng.",
        "hop tac xa va hop tac quoc te ve an ninh mang",
        "Thu truong co quan an ninh mang, thủ trưởng cơ quan an ninh quôc gia.",
    ]
    _same(fast, plain, texts)


_GLOSSARY = load_glossary(SMALL_GLOSSARY)
_WORDS = sorted(
    {w for c in _GLOSSARY.concepts for t in c.vi for w in t.term.split()} | set(_SYLLABLES[:300])
)


@st.composite
def _text(draw: st.DrawFn) -> str:
    rng = random.Random(draw(st.integers(0, 2**32)))
    terms = [t.term for c in _GLOSSARY.concepts for t in c.vi]
    words: list[str] = []
    for _ in range(draw(st.integers(1, 5))):
        words += rng.choices(_WORDS, k=rng.randint(0, 4))
        term = rng.choice(terms).split()
        k = rng.randrange(len(term))
        if draw(st.booleans()):
            term[k] = _slip(rng, term[k])
        words += term
    seps = draw(st.lists(st.sampled_from([" ", " ", " ", ", ", ". ", "-", "\n", "; "]), min_size=1))
    return "".join((seps[k % len(seps)] if k else "") + w for k, w in enumerate(words))


_FAST, _PLAIN = _pair(_GLOSSARY)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_text(), min_size=1, max_size=8))
def test_generated_texts(texts: list[str]) -> None:
    _same(_FAST, _PLAIN, texts)


def test_what_it_refuses() -> None:
    fast, _plain = _pair(_GLOSSARY)
    chooser = fast._chooser
    assert chooser is not None
    with pytest.raises(TypeError):
        chooser.choose_many(["an ninh"], [[(0, 7, 0, 2, 0, 0, 0, 0)]])
    with pytest.raises(TypeError):
        chooser.choose_many(["an ninh"], [((0, 7, 0),)])
    with pytest.raises(ValueError):
        chooser.choose_many(["an ninh"], [((0, 70, 0, 2, 0, 0, 0, 0),)])
    with pytest.raises(ValueError):
        chooser.choose_many(["an ninh"], [])
    assert chooser.choose_many(["an ninh"], [()]) == [()]


def test_a_remembered_reading_that_names_something() -> None:
    # `Hoa Binh` read first where it names nothing (a sentence's start), then in
    # mid-sentence, where its capitals name a province: the memo holds the first
    # reading, and the second must still be asked of `_read`.
    glossary = from_data(
        {
            "schema": "normcorpus-glossary/1",
            "concepts": [{"id": "peace", "vi": [{"term": "hòa bình"}], "en": [{"term": "peace"}]}],
        }
    )
    fast, plain = _pair(glossary)
    texts = ["Hoa Binh va an ninh.", "Ve tinh Hoa Binh va an ninh."]
    _same(fast, plain, texts)
    assert [[m[3] for m in found] for found in fast.locate_many(texts)] == [["folded"], []]


def _loose_verdicts(aligner: Aligner, texts: list[str]) -> tuple[int, int]:
    """Each window the walk finds spelled otherwise: where the describer says it is
    read as nothing for certain, `_read_loosely` reads it as nothing. How many it
    said so, and how many the rule reads as nothing."""
    from normcorpus.align import OTHER, _key_token

    assert aligner._firstsight is not None and aligner._walker is not None
    certain = nothing = 0
    for text in texts:
        for candidate in aligner._walker.candidates(text):
            start, end, index, spelled = candidate[0], candidate[1], candidate[4], candidate[5]
            if spelled != OTHER:
                continue
            term = aligner.entries[index]
            window = text[start:end]
            for without in (False, True):
                lower = tuple(map(_key_token, re.findall(r"\w+", window)))
                read = aligner._read_loosely(term, lower, without)
                verdict = aligner._firstsight.nothing_loosely(
                    window, term.lower, term.folded, without
                )
                assert verdict in (True, None)
                if verdict:
                    assert read == (None, 0.0), (window, term.term, without)
                certain += bool(verdict)
                nothing += read[0] is None
    return certain, nothing


def test_windows_read_as_nothing_for_certain() -> None:
    glossary, texts = _bench_like(11, 150, 1500)
    certain, nothing = _loose_verdicts(Aligner(glossary, compiled=True), texts)
    assert certain > 0.5 * nothing > 500


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_text(), min_size=1, max_size=4))
def test_windows_read_as_nothing_for_certain_generated(texts: list[str]) -> None:
    _loose_verdicts(_FAST, texts + [normalize.fold(t) for t in texts])


def _crossing_verdicts(aligner: Aligner, texts: list[str]) -> tuple[int, int]:
    """Each run of one to four whole tokens: where the describer finds no word across
    its edges, `_cuts_a_word` finds none. How many it said so, and how many runs
    the rule finds uncut."""
    from normcorpus.align import _REACH, _edges

    assert aligner._firstsight is not None
    lexicon, edges = syllables.words(), _edges()
    certain = uncut = 0
    for text in texts:
        tokens = [m.span() for m in re.finditer(r"\w+", text)]
        for i in range(len(tokens)):
            for j in range(i, min(i + 4, len(tokens))):
                start, end = tokens[i][0], tokens[j][1]
                verdict = aligner._firstsight.crosses_no_word(
                    text, start, end, lexicon, edges, _REACH
                )
                cuts = aligner._cuts_a_word(text, start, end, False)
                assert verdict in (True, None)
                if verdict:
                    assert not cuts, text[start:end]
                certain += bool(verdict)
                uncut += not cuts
    return certain, uncut


def test_windows_that_cut_no_word() -> None:
    from conftest import GLOSSARY_PATH as path

    aligner = Aligner(load_glossary(path), compiled=True)
    certain, uncut = _crossing_verdicts(aligner, _texts()[:400])
    assert certain > 0.5 * uncut > 1000


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_text(), min_size=1, max_size=3))
def test_windows_that_cut_no_word_generated(texts: list[str]) -> None:
    _crossing_verdicts(_FAST, [t.replace("\n", " ") for t in texts])
