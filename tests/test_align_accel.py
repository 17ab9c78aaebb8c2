"""The aligner's fast path (accel.walker, the walk in C) against its plain finder.

The plain finder in align.py tries, at each token, every term that can start
there; the C walk finds candidate windows through a trie. Both feed the same
reading and choice, so the rule is one. These tests check that the walk finds
every candidate the plain finder finds, that anything more it finds (a typo
step shared by two spellings of one folded syllable) reads as nothing, and
that the matches are the same: on text generated to exercise the typo steps,
on the corpus and on the real texts, with and without diacritics.
"""

from __future__ import annotations

import os
import random
import re
import subprocess
import sys
import threading

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import CORPUS_DIR, REALTEXTS, SMALL_GLOSSARY
from normcorpus import align, normalize, syllables
from normcorpus.accel import walker as accel_walker
from normcorpus.align import Aligner
from normcorpus.glossary import load_glossary, make_glossary
from normcorpus.models import Concept, Glossary, Term

pytestmark = pytest.mark.skipif(
    not accel_walker.BUILT, reason="normcorpus.accel._walker was not built (no C compiler)"
)

_TOKEN = re.compile(r"\w+")


def _pair(glossary: Glossary) -> tuple[Aligner, Aligner]:
    return Aligner(glossary, compiled=True), Aligner(glossary, compiled=False)


def _agree(fast: Aligner, plain: Aligner, text: str) -> None:
    """The walk's candidates hold the plain finder's; the rest read as nothing;
    the matches are the same."""
    walked = set(fast._walker.candidates(text))  # type: ignore[union-attr]
    found = set(plain._plain_candidates(text))
    assert found <= walked, text
    for extra in walked - found:
        assert extra[5] == align.OTHER and plain._read(text, extra) is None, extra
    assert fast.locate(text) == plain.locate(text), text
    assert fast.locate(text, nested=True) == plain.locate(text, nested=True), text


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
def test_the_walk_agrees_on_generated_text(seed: int) -> None:
    glossary, texts = _generated(seed)
    fast, plain = _pair(glossary)
    for text in texts:
        _agree(fast, plain, text)
    found = [fast.locate(t) for t in texts]
    assert sum(map(len, found)) > len(texts)  # the texts do hold terms
    assert {m[3] for matches in found for m in matches} == {"exact", "variant", "folded", "fuzzy"}
    # Warm (every token remembered): still the same; and many at once (the
    # checker's batches).
    assert [fast.locate(t) for t in texts] == found
    assert fast.locate_many(texts) == found == plain.locate_many(iter(texts))


def _real_lines() -> list[str]:
    lines = [
        line
        for path in sorted(CORPUS_DIR.glob("*.txt"))
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]
    if REALTEXTS is not None:
        for path in sorted(REALTEXTS.glob("*.vi.txt")) + sorted(REALTEXTS.glob("phapdien-*.txt")):
            text = path.read_text(encoding="utf-8-sig")
            lines += [normalize.text(x) for x in text.splitlines()[::5] if x.strip()]
    return lines


def test_the_walk_agrees_on_real_text(real_glossary: Glossary) -> None:
    fast, plain = _pair(real_glossary)
    lines = _real_lines()
    for text in lines + [normalize.fold(line) for line in lines[::3]]:
        _agree(fast, plain, text)


# --- text built from the glossary's own terms (hypothesis) ---------------------------


def _long_terms() -> Glossary:
    # Terms of six and seven syllables (two typos allowed), sharing prefixes.
    terms = {
        "framework": "khuôn khổ hợp tác an ninh mạng khu vực",
        "measures": "các biện pháp xây dựng lòng tin",
        "measures-cyber": "các biện pháp xây dựng lòng tin trên không gian mạng",
        "norms": "chuẩn mực hành vi có trách nhiệm của quốc gia",
        "cooperation": "hợp tác",
        "network": "mạng",
    }
    return make_glossary([Concept(cid, (Term(vi),), (Term(cid),)) for cid, vi in terms.items()])


_LEXICON_NEAR: list[syllables.Neighbours] = []


def _spellings(word: str) -> list[str]:
    """A term's word as written (first), in other cases, without diacritics,
    and the words of the language one part off it (typos, and other words)."""
    if not _LEXICON_NEAR:
        _LEXICON_NEAR.append(syllables.Neighbours(syllables.lexicon()))
    lower = word.lower()
    typos = sorted(w for w in _LEXICON_NEAR[0].words(lower) if w != lower)
    others = (
        {lower, word.upper(), word.capitalize(), normalize.fold(lower)}
        | set(typos[:: max(1, len(typos) // 8)])
        | {normalize.fold(t) for t in typos[:2]}
    )
    return [word, *sorted(others - {word})]


def _texts(glossary: Glossary) -> st.SearchStrategy[str]:
    terms = []
    filler: set[str] = {"hơp", "hoà", "thuỷ", "mang", "lại", "và", "các", "12", "2018", "ASEAN"}
    for concept in glossary.concepts:
        for term in [t.term for t in concept.vi] + list(concept.abbr):
            words = _TOKEN.findall(normalize.term(term))
            terms.append([_spellings(w) for w in words])
            filler.update(words)
    separators = [" "] * 12 + ["  ", "-", " – ", ", ", ". ", "\n", "; ", " (", ") "]
    sep = st.sampled_from(separators)
    # A term mostly spelled right, now and then a word in another spelling.
    term = st.sampled_from(terms).flatmap(
        lambda spellings: st.tuples(
            *[st.one_of(st.just(s[0]), st.just(s[0]), st.sampled_from(s)) for s in spellings]
        )
    )
    piece = st.one_of(term, st.tuples(st.sampled_from(sorted(filler))))
    pieces = st.lists(st.tuples(piece, sep), min_size=1, max_size=7)
    ending = st.sampled_from(["", ".", "…", ",", " ", "”"])
    return st.tuples(st.sampled_from(["", "“", " "]), pieces, ending).map(
        lambda t: t[0] + "".join(" ".join(words) + s for words, s in t[1]).rstrip(" ") + t[2]
    )


@pytest.fixture(scope="module")
def pairs(small_glossary: Glossary, real_glossary: Glossary) -> list[tuple[Aligner, Aligner]]:
    return [_pair(g) for g in (small_glossary, real_glossary, _long_terms())]


_STRATEGIES: dict[int, st.SearchStrategy[str]] = {}


@settings(
    max_examples=400,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(st.data())
def test_the_walk_agrees_on_text_made_of_terms(
    pairs: list[tuple[Aligner, Aligner]], data: st.DataObject
) -> None:
    fast, plain = data.draw(st.sampled_from(pairs))
    if id(fast) not in _STRATEGIES:
        _STRATEGIES[id(fast)] = _texts(fast.glossary)
    _agree(fast, plain, data.draw(_STRATEGIES[id(fast)]))


@pytest.mark.parametrize(
    "text",
    [
        # two typos in a seven-syllable term, one after a right syllable
        "khuôn khổ hợp tác an ninh mang khu vưc",
        "khuôn khô hợp tác an ninh mạng khu vực",
        # a first-syllable typo needs a right second
        "khuon khổ hợp tác an ninh mạng khu vực",
        "các biện pháp xây dựng lòng tin trên không gian mạng",
        "các biện phap xây dưng lòng tin",
    ],
)
def test_long_terms_agree(pairs: list[tuple[Aligner, Aligner]], text: str) -> None:
    fast, plain = pairs[2]
    _agree(fast, plain, text)


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
def test_the_walk_splits_text_as_the_regex_does(words: list[str], gaps: list[str]) -> None:
    text = "".join(w + g for w, g in zip(words, gaps, strict=False))
    fast, plain = _SMALL
    _agree(fast, plain, text)


_SMALL = _pair(load_glossary(SMALL_GLOSSARY)) if accel_walker.BUILT else (None, None)


# --- caches, misuse, threads, switches ------------------------------------------------


def test_small_caches_give_the_same_matches(
    real_glossary: Glossary, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Every cache is bounded: emptied when full, never wrong.
    texts = [
        "Các bên tăng cường hợp tác an ninh mạng và an ninh thông tin.",
        "hop tac an ninh mang, hơp tác; Liên Hợp Quốc  và ASEAN",
        "thỏa luận về luật quốc tế, xuyên xuyết, mối de dọa.",
    ] * 3
    expected = [Aligner(real_glossary, compiled=False).locate(t) for t in texts]
    monkeypatch.setattr(align, "_CACHE_LIMIT", 3)
    monkeypatch.setattr(accel_walker, "CACHE_LIMIT", 3)
    small = Aligner(real_glossary, compiled=True)
    assert [small.locate(t) for t in texts] == expected
    walker = small._walker
    assert walker is not None
    # The terms' tokens too are forgotten: described again when next seen.
    assert len(walker.tokens) <= 3 + max(len(t.split()) for t in texts)
    assert len(small._loose) <= 3 and len(small._typos) <= 3


@pytest.mark.parametrize("limit", [1, 3, 8, 40, 1 << 16])
def test_a_batch_forgets_as_text_by_text_does(
    real_glossary: Glossary, monkeypatch: pytest.MonkeyPatch, limit: int
) -> None:
    # candidates_many asks `_bound` only when a memo may be full: the memos are
    # emptied at the same texts as when it is asked before every text.
    texts = [
        "Các bên tăng cường hợp tác an ninh mạng và an ninh thông tin.",
        "hop tac an ninh mang, hơp tác; Liên Hợp Quốc  và ASEAN",
        "a-b c–d (e) f",
        "",
        "thỏa luận về luật quốc tế, xuyên xuyết, mối de dọa.",
        "x",
    ] * 5
    monkeypatch.setattr(accel_walker, "CACHE_LIMIT", limit)
    batch = Aligner(real_glossary, compiled=True)._walker
    single = Aligner(real_glossary, compiled=True)._walker
    assert batch is not None and single is not None
    for k in range(0, len(texts), 4):
        chunk = texts[k : k + 4]
        assert batch.candidates_many(chunk) == [single.candidates(t) for t in chunk]
        sizes = [(len(w.tokens), len(w.gaps), len(w.breaks)) for w in (batch, single)]
        assert sizes[0] == sizes[1]
        assert max(sizes[0]) < limit + 20  # bounded


def test_walker_takes_text_only(small_glossary: Glossary) -> None:
    walker = Aligner(small_glossary, compiled=True)._walker
    assert walker is not None
    with pytest.raises(TypeError, match="str"):
        walker.candidates(["an", "ninh"])  # type: ignore[arg-type]
    assert walker.candidates("") == ()
    assert walker.candidates(" ,.; ") == ()


def test_walker_refuses_misuse_rather_than_crash(small_glossary: Glossary) -> None:
    unbuilt = accel_walker._walker.Walker.__new__(accel_walker._walker.Walker)
    with pytest.raises(RuntimeError, match="not initialised"):
        unbuilt.candidates("an ninh mạng")
    aligner = Aligner(small_glossary, compiled=True)
    assert aligner._walker is not None
    with pytest.raises(RuntimeError, match="runs once"):
        aligner._walker._walker.set_entries_flat(b"", b"", b"", b"", b"")
    # A walk inside a walk on the same walker (from the callback) is refused.
    terms = [accel_walker.Term(("an", "ninh"), ("an", "ninh"), ("an", "ninh"), ("",), True, 1)]
    inner: list[accel_walker.Walker] = []

    def describe(token: str) -> accel_walker.Token:
        if inner:
            inner[0]._walker.candidates("an ninh")
        return token.lower(), normalize.fold(token.lower()), (), 0

    walker = accel_walker.Walker(terms, describe, normalize.separator, lambda gap: False)
    inner.append(walker)
    with pytest.raises(RuntimeError, match="one at a time"):
        walker.candidates("một hai")
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
    monkeypatch.setattr(accel_walker, "_walker", None)
    with pytest.raises(RuntimeError, match="not built"):
        Aligner(small_glossary, compiled=True)
    assert Aligner(small_glossary, compiled=False).find("an ninh mạng")


def test_the_environment_can_ask_for_the_plain_finder() -> None:
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


def test_the_accel_wing_imports_no_domain_module() -> None:
    # Fed data and callbacks: importing it must not pull in the aligner's rules.
    code = (
        "import sys; import normcorpus.accel.walker, normcorpus.accel.slots,"
        " normcorpus.accel.firstsight, normcorpus.accel.choice, normcorpus.accel.textpass;"
        " print(sorted(m for m in sys.modules if m.startswith('normcorpus')))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == str(
        [
            "normcorpus",
            "normcorpus.accel",
            "normcorpus.accel._choice",
            "normcorpus.accel._firstsight",
            "normcorpus.accel._textpass",
            "normcorpus.accel._walker",
            "normcorpus.accel.choice",
            "normcorpus.accel.firstsight",
            "normcorpus.accel.slots",
            "normcorpus.accel.textpass",
            "normcorpus.accel.walker",
        ]
    )


# --- the term syllables a token may be a slip of ---------------------------------------


def _slips_plainly(aligner: Aligner, lower: str) -> set[str]:
    """`Aligner._typo_of` by comparing the token with every term syllable."""
    folded = normalize.fold(lower)
    beside, beside_folded = align.parts_beside(aligner.entries)
    found = {
        word
        for word, parts in beside.items()
        if normalize.fold(word) != folded
        and (syllables.slip(lower, word) or syllables.context_slip(lower, word, parts))
    }
    if lower == folded:
        for word in beside:
            near = normalize.fold(word)
            if near != folded and (
                syllables.slip(lower, near)
                or syllables.context_slip(lower, near, beside_folded[near])
            ):
                found.add(word)
    return found


@pytest.mark.parametrize("which", ["real", "generated"])
def test_the_slip_look_ups_find_what_comparing_with_every_syllable_finds(
    which: str, real_glossary: Glossary
) -> None:
    glossary = real_glossary if which == "real" else _generated(5)[0]
    aligner = Aligner(glossary, compiled=False)
    vocabulary = sorted(syllables.lexicon())
    tokens = vocabulary[::5] + [normalize.fold(w) for w in vocabulary[::11]]
    tokens += ["hơp", "thỏa", "xuyết", "thoa", "xuyet", "mnag", "zzz", "2018", "ngang"]
    for lower in tokens:
        assert set(aligner._typo_of(lower)) == _slips_plainly(aligner, lower), lower
    assert sum(1 for lower in tokens if aligner._typo_of(lower)) > len(tokens) // 20
