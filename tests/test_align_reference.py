"""align.py against a slow reference: the aligner's pre-filters and caches drop nothing.

The reference is the matching rule written out plainly: every term at every
position, each syllable right (the same folded syllable) or a typo (one part
off: `syllables.Neighbours.of`), at most two typos, a first-syllable typo only
before a right second, a second typo only after a right syllable; then the same
kinds, scores and longest-first choice as the aligner. The aligner finds the
same by a trie walk that starts only where a term can start and takes a typo
step only where the term below accepts it; these tests check that the two
agree on text built to exercise them (right and wrong spellings, case, missing
diacritics, punctuation and odd spacing).
"""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rapidfuzz import fuzz

from normcorpus import normalize, syllables
from normcorpus.align import DEFAULT_FUZZY_CUTOFF, KIND_RANK, Aligner, _Entry, _entry
from normcorpus.align import _walker as built_walker
from normcorpus.glossary import make_glossary
from normcorpus.models import Concept, Glossary, Term

_TOKEN = re.compile(r"\w+")
BUILT = built_walker is not None
NOT_BUILT = "normcorpus._walker was not built (no C compiler at install)"


def _sep(gap: str) -> str:
    core = normalize.separator(gap)
    return "" if core == "-" else core


def _classify(
    entry: _Entry, words: list[str], lower: list[str], cutoff: float
) -> tuple[str | None, float]:
    if tuple(words) == entry.tokens:
        return "exact", 1.0
    if entry.abbr:
        return None, 0.0
    if tuple(lower) == entry.lower:
        return "variant", 1.0
    n = len(entry.tokens)
    if n < 2:
        return None, 0.0
    loose = [i for i in range(n) if lower[i] != entry.lower[i]]
    wrong = [i for i in loose if lower[i] != entry.folded[i]]
    if len(wrong) == n or len(wrong) > max(1, n // 3):
        return None, 0.0
    if any(syllables.distance(lower[i], entry.lower[i]) > 1 for i in wrong):
        return None, 0.0
    if any(normalize.has_diacritics(w) for w in lower) and any(
        syllables.other_word(lower[i], entry.lower[i]) for i in loose
    ):
        return None, 0.0
    surface, term = " ".join(lower), " ".join(entry.lower)
    if not wrong:
        return "folded", round(fuzz.ratio(surface, term) / 100, 4)
    score = fuzz.ratio(surface, term)
    if score < cutoff:
        return None, 0.0
    return "fuzzy", round(score / 100, 4)


class Reference:
    """Every term tried at every position: slow, and plainly the rule."""

    def __init__(self, glossary: Glossary, cutoff: float = DEFAULT_FUZZY_CUTOFF):
        self.cutoff = cutoff
        self.entries: list[_Entry] = []
        for concept in glossary.concepts:
            for term in concept.vi:
                entry = _entry(concept.id, term.term, concept.preferred_en, abbr=False)
                if entry:
                    self.entries.append(entry)
            for abbr in concept.abbr:
                entry = _entry(concept.id, abbr, concept.preferred_en, abbr=True)
                if entry:
                    self.entries.append(entry)
        self.near = syllables.Neighbours(
            {w for e in self.entries if not e.abbr and len(e.tokens) > 1 for w in e.lower}
        )

    def find(self, text: str) -> list[tuple[int, int, str, str, str, float]]:
        matches = list(_TOKEN.finditer(text))
        words = [m.group() for m in matches]
        lower = [normalize.key(w) for w in words]
        folded = [normalize.fold(w) for w in lower]
        seps = [
            _sep(text[matches[k].end() : matches[k + 1].start()]) for k in range(len(words) - 1)
        ]
        found = []
        for i in range(len(words)):
            for index, entry in enumerate(self.entries):
                n = len(entry.folded)
                if i + n > len(words) or not self._walks(
                    entry, lower[i : i + n], folded[i : i + n]
                ):
                    continue
                if tuple(seps[i : i + n - 1]) != entry.seps:
                    continue
                kind, score = _classify(entry, words[i : i + n], lower[i : i + n], self.cutoff)
                if kind is not None:
                    found.append((n, KIND_RANK[kind], i, score, index, kind))
        found.sort(key=lambda f: (f[1] >= KIND_RANK["folded"], -f[0], f[1], -f[3], f[2], f[4]))
        taken = [False] * len(words)
        out = []
        for n, _rank, i, score, index, kind in found:
            if any(taken[i : i + n]):
                continue
            taken[i : i + n] = [True] * n
            entry = self.entries[index]
            start, end = matches[i].start(), matches[i + n - 1].end()
            out.append((start, end, entry.concept, entry.term, kind, score))
        return sorted(out)

    def _walks(self, entry: _Entry, lower: list[str], folded: list[str]) -> bool:
        """Whether the trie walk reaches the term: right syllables and allowed typos."""
        typos = 0
        for k, syllable in enumerate(entry.folded):
            if folded[k] == syllable:
                continue
            if syllable not in self.near.of(lower[k]):
                return False
            if k == 0:  # a first-syllable typo only before a right second
                if len(folded) < 2 or folded[1] != entry.folded[1]:
                    return False
            elif not (typos == 0 or (typos < 2 and k > typos)):
                return False
            typos += 1
        return True


def _found(aligner: Aligner, text: str) -> list[tuple[int, int, str, str, str, float]]:
    return [(m.start, m.end, m.concept, m.term, m.match, m.score) for m in aligner.find(text)]


# --- glossaries and the text they are tried on ------------------------------------


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


def _vocabulary(glossary: Glossary) -> tuple[list[list[list[str]]], list[str]]:
    """Each term as the spellings of its words, and filler words."""
    terms = []
    filler: set[str] = {"hơp", "hoà", "thuỷ", "mang", "lại", "và", "các", "12", "2018", "ASEAN"}
    for concept in glossary.concepts:
        for term in [t.term for t in concept.vi] + list(concept.abbr):
            words = _TOKEN.findall(normalize.term(term))
            terms.append([_spellings(w) for w in words])
            filler.update(words)
    return terms, sorted(filler)


_SEPARATORS = [" "] * 12 + ["  ", "-", " – ", ", ", ". ", "\n", "; ", " (", ") "]


def _texts(glossary: Glossary) -> st.SearchStrategy[str]:
    terms, filler = _vocabulary(glossary)
    sep = st.sampled_from(_SEPARATORS)
    # A term mostly spelled right, now and then a word in another spelling.
    term = st.sampled_from(terms).flatmap(
        lambda spellings: st.tuples(
            *[st.one_of(st.just(s[0]), st.just(s[0]), st.sampled_from(s)) for s in spellings]
        )
    )
    piece = st.one_of(term, st.tuples(st.sampled_from(filler)))
    pieces = st.lists(st.tuples(piece, sep), min_size=1, max_size=7)
    ending = st.sampled_from(["", ".", "…", ",", " ", "”"])
    return st.tuples(st.sampled_from(["", "“", " "]), pieces, ending).map(
        lambda t: t[0] + "".join(" ".join(words) + s for words, s in t[1]).rstrip(" ") + t[2]
    )


# Both walks: in C (where the extension was built) and in Python.
WALKS = [
    pytest.param(True, id="compiled", marks=pytest.mark.skipif(not BUILT, reason=NOT_BUILT)),
    pytest.param(False, id="python"),
]


@pytest.fixture(scope="module", params=WALKS)
def pairs(
    request: pytest.FixtureRequest, small_glossary: Glossary, real_glossary: Glossary
) -> list[tuple[Aligner, Reference]]:
    long_terms = _long_terms()
    return [
        (Aligner(g, compiled=request.param), Reference(g))
        for g in (small_glossary, real_glossary, long_terms)
    ]


_TEXTS: dict[int, st.SearchStrategy[str]] = {}


@settings(
    max_examples=400,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(st.data())
def test_aligner_agrees_with_the_reference(
    pairs: list[tuple[Aligner, Reference]], data: st.DataObject
) -> None:
    aligner, reference = data.draw(st.sampled_from(pairs))
    if id(aligner) not in _TEXTS:
        _TEXTS[id(aligner)] = _texts(aligner.glossary)
    text = data.draw(_TEXTS[id(aligner)])
    assert _found(aligner, text) == reference.find(text)


def test_the_same_texts_give_the_same_matches_again(
    pairs: list[tuple[Aligner, Reference]],
) -> None:
    # The caches (tokens, syllables, loose readings) serve the second pass.
    aligner, reference = pairs[1]
    texts = [
        "Các bên tăng cường hợp tác an ninh mạng và an ninh thông tin.",
        "hop tac an ninh mang, hơp tác; Liên Hợp Quốc  và ASEAN",
        "các biện pháp xây dựng lòng tin trên không gian mạng",
    ]
    first = [_found(aligner, t) for t in texts]
    assert first == [_found(aligner, t) for t in texts]
    assert first == [reference.find(t) for t in texts]
    assert any(first)


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
def test_long_terms_agree(pairs: list[tuple[Aligner, Reference]], text: str) -> None:
    aligner, reference = pairs[2]
    assert _found(aligner, text) == reference.find(text)


def test_small_caches_give_the_same_matches(
    pairs: list[tuple[Aligner, Reference]], monkeypatch: pytest.MonkeyPatch
) -> None:
    # Every cache is bounded: emptied when full, never wrong.
    from normcorpus import align

    texts = [
        "Các bên tăng cường hợp tác an ninh mạng và an ninh thông tin.",
        "hop tac an ninh mang, hơp tác; Liên Hợp Quốc  và ASEAN",
        "thỏa luận về luật quốc tế, xuyên xuyết, mối de dọa.",
    ] * 3
    monkeypatch.setattr(align, "_CACHE_LIMIT", 3)
    big = pairs[1][0]
    small = Aligner(big.glossary, compiled=big.compiled)
    assert [_found(small, t) for t in texts] == [pairs[1][1].find(t) for t in texts]
    tokens = small._compiled.tokens if small._compiled else small._tokens
    reserved = len(small._compiled._reserved[0]) if small._compiled else 0
    assert len(tokens) <= reserved + 3 + max(len(t.split()) for t in texts)
