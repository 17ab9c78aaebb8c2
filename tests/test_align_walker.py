"""The aligner's walk in C (`normcorpus._walker`) against the walk in Python.

Both walks find the same matches by construction (the C one only walks:
Python decides what each token can do and reads loose candidates), and
`test_align_reference.py` checks each against the plain rule; here the two
are compared directly on the corpus and on generated text over a generated
glossary, and the extension's own errors and switches are checked.
"""

from __future__ import annotations

import os
import random
import subprocess
import sys
import threading

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import CORPUS_DIR, SMALL_GLOSSARY
from normcorpus import align, normalize, syllables
from normcorpus.align import Aligner
from normcorpus.glossary import load_glossary, make_glossary
from normcorpus.models import Concept, Glossary, Term

pytestmark = pytest.mark.skipif(
    align._walker is None, reason="normcorpus._walker was not built (no C compiler at install)"
)


def _walks(glossary: Glossary) -> tuple[Aligner, Aligner]:
    return Aligner(glossary, compiled=True), Aligner(glossary, compiled=False)


_WALKS = _walks(load_glossary(SMALL_GLOSSARY)) if align._walker is not None else (None, None)


def _generated(seed: int) -> tuple[Glossary, list[str]]:
    """A glossary of terms from common syllables, and text that holds them
    right, folded, with typos, in other cases and among punctuation."""
    rng = random.Random(seed)
    pool = sorted(w for w in syllables.lexicon() if w.isalpha())[::7][:600]
    common = pool[:40]
    concepts = []
    for k in range(120):
        size = rng.choice((1, 2, 2, 3, 3, 4, 6))
        vi = " ".join(rng.choice(common if rng.random() < 0.6 else pool) for _ in range(size))
        abbr = (f"AB{k}",) if k % 10 == 0 else ()
        concepts.append(Concept(f"c{k}", (Term(vi),), (Term(f"term {k}"),), abbr=abbr))
    glossary = make_glossary(concepts)
    near = syllables.Neighbours(set(pool))
    texts = []
    for _ in range(300):
        words: list[str] = []
        for _ in range(rng.randint(1, 6)):
            concept = rng.choice(concepts)
            term = (concept.abbr or (concept.vi[0].term,))[0] if rng.random() < 0.1 else None
            term = term or concept.vi[0].term
            for word in term.split():
                roll = rng.random()
                if roll < 0.1:
                    word = normalize.fold(word)
                elif roll < 0.2:
                    word = rng.choice(sorted(near.words(word.lower())) or [word])
                elif roll < 0.25:
                    word = word.upper()
                words.append(word)
            words += rng.choices(pool, k=rng.randint(0, 4))
        seps = [rng.choice((" ", " ", " ", ", ", " - ", "  ", "; ")) for _ in words]
        text = "".join(w + s for w, s in zip(words, seps, strict=True)).strip()
        texts.append(text + rng.choice(("", ".", "…", " (x).")))
    return glossary, texts


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_the_walks_agree_on_generated_text(seed: int) -> None:
    glossary, texts = _generated(seed)
    compiled, python = _walks(glossary)
    found = [compiled.locate(t) for t in texts]
    assert found == [python.locate(t) for t in texts]
    assert sum(map(len, found)) > len(texts)  # the texts do hold terms
    kinds = {match[3] for matches in found for match in matches}
    assert kinds == {"exact", "variant", "folded", "fuzzy"}
    # Warm (every token and reading remembered): still the same.
    assert [compiled.locate(t) for t in texts] == found
    # And many at once (the checker's batches), in both walks.
    assert compiled.locate_many(texts) == found == python.locate_many(iter(texts))


def test_the_walks_agree_on_the_corpus(real_glossary: Glossary) -> None:
    compiled, python = _walks(real_glossary)
    lines = [
        line
        for path in sorted(CORPUS_DIR.glob("*.txt"))
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]
    for text in lines + [normalize.fold(line) for line in lines]:
        assert compiled.find(text) == python.find(text), text


def test_a_loose_reading_is_asked_for_once(small_glossary: Glossary) -> None:
    aligner = Aligner(small_glossary, compiled=True)
    asked: list[str] = []
    classify = aligner._classify_loose

    def counting(entry: align._Entry, lower: tuple[str, ...]) -> object:
        asked.append(" ".join(lower))
        return classify(entry, lower)

    aligner._compiled = align._Compiled(aligner._trie, aligner.entries, counting)  # type: ignore[arg-type]
    text = "hơp tác an ninh mang và hop tac"
    first = aligner.find(text)
    assert [m.match for m in first] == ["fuzzy", "folded", "folded"]
    assert aligner.find(text) == first
    assert sorted(asked) == sorted(set(asked))


def test_walker_takes_text_only(small_glossary: Glossary) -> None:
    walker = Aligner(small_glossary, compiled=True)._compiled.walker  # type: ignore[union-attr]
    with pytest.raises(TypeError, match="str"):
        walker.locate(["an", "ninh"])
    assert walker.locate("") == ()
    assert walker.locate(" ,.; ") == ()


# Characters around which the walker's own tokeniser must split as the regex
# `\w+` does: letters of other scripts, digits of other scripts, numbers,
# the underscore, combining marks (NFD text), characters beyond the BMP.
_ODD = "_ \u0301\u0323 ٣ ² Ⅻ 中文 𝐀 😀 ß İ - – , . … “ ” \t \n"


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.one_of(
            st.sampled_from(["an", "ninh", "mạng", "mang", "hợp", "hơp", "tác", "ASEAN", "Liên"]),
            st.sampled_from(["Hợp", "Quốc", "đe", "dọa", "de", "doa", "thảo", "luận"]),
            st.sampled_from(_ODD.split(" ")),
            st.text(alphabet=st.sampled_from("aạ_1٣²Ⅻ中𝐀😀\u0301 ,-"), max_size=4),
        ),
        max_size=14,
    ),
    st.lists(
        st.sampled_from([" ", "", "  ", ", ", "-", "\u0301", " – ", "\n", "\u00a0", "--"]),
        min_size=14,
        max_size=14,
    ),
)
def test_the_walks_split_text_alike(words: list[str], gaps: list[str]) -> None:
    text = "".join(w + g for w, g in zip(words, gaps, strict=False))
    compiled, python = _WALKS
    assert compiled.locate(text) == python.locate(text)


def test_walker_refuses_misuse_rather_than_crash(small_glossary: Glossary) -> None:
    unbuilt = align._walker.Walker.__new__(align._walker.Walker)
    with pytest.raises(RuntimeError, match="not initialised"):
        unbuilt.locate("an ninh mạng")
    aligner = Aligner(small_glossary, compiled=True)
    compiled = aligner._compiled
    assert compiled is not None
    with pytest.raises(RuntimeError, match="runs once"):
        compiled.walker.set_entries([])
    classify = aligner._classify_loose
    walking: list[align._Compiled] = []

    def nested(entry: align._Entry, lower: tuple[str, ...]) -> object:
        walking[0].walker.locate("an ninh mạng")  # a walk inside a walk on the same walker
        return classify(entry, lower)

    aligner._compiled = align._Compiled(aligner._trie, aligner.entries, nested)  # type: ignore[arg-type]
    walking.append(aligner._compiled)
    with pytest.raises(RuntimeError, match="one at a time"):
        aligner.find("hơp tác")
    assert Aligner(small_glossary, compiled=True).find("hơp tác")[0].match == "fuzzy"


def test_threads_sharing_an_aligner_take_turns() -> None:
    glossary, texts = _generated(4)
    shared = Aligner(glossary, compiled=True)
    expected = [Aligner(glossary, compiled=False).locate(t) for t in texts]
    results: list[list[object]] = [[] for _ in range(4)]

    def work(k: int) -> None:
        results[k] = [shared.locate(t) for t in texts]

    threads = [threading.Thread(target=work, args=(k,)) for k in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results == [expected] * 4


def test_compiled_is_refused_when_the_extension_is_missing(
    small_glossary: Glossary, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(align, "_walker", None)
    with pytest.raises(RuntimeError, match="not built"):
        Aligner(small_glossary, compiled=True)
    assert Aligner(small_glossary, compiled=False).find("an ninh mạng")


def test_the_environment_can_ask_for_the_python_walk() -> None:
    code = "from normcorpus import align; print(align.COMPILED)"
    env = dict(os.environ, NORMCORPUS_PURE_PYTHON="1")
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True
    )
    assert result.stdout.strip() == "False"
    env.pop("NORMCORPUS_PURE_PYTHON")
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True
    )
    assert result.stdout.strip() == "True"
