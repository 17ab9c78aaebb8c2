"""English term matching (normcorpus.english): inflection, hyphens, word boundaries."""

from __future__ import annotations

import re

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from conftest import CORPUS_DIR
from normcorpus.english import EnglishMatcher, EnglishText, stem
from normcorpus.glossary import make_glossary
from normcorpus.models import Concept, Term
from normcorpus.normalize import separator


def concept(cid: str, *terms: tuple[str, str], abbr: tuple[str, ...] = ()) -> Concept:
    return Concept(
        id=cid,
        vi=(Term(cid),),
        en=tuple(Term(term, status) for term, status in terms),  # type: ignore[arg-type]
        abbr=abbr,
    )


GLOSSARY = make_glossary(
    [
        concept("norm", ("norm", "preferred")),
        concept(
            "cybersecurity",
            ("cybersecurity", "preferred"),
            ("cyber security", "admitted"),
            ("network security", "deprecated"),
        ),
        concept("capacity-building", ("capacity-building", "preferred")),
        concept(
            "itu",
            ("International Telecommunication Union", "preferred"),
            ("International Telecommunications Union", "deprecated"),
            abbr=("ITU",),
        ),
        concept("admm", ("ASEAN Defence Ministers' Meeting", "preferred"), abbr=("ADMM",)),
        concept("peaceful-cyberspace", ("peaceful, secure and resilient cyberspace", "preferred")),
        concept("ensure", ("ensure", "preferred")),
        concept("policy", ("cybersecurity policy", "preferred")),
        concept("united-nations", ("United Nations", "preferred"), abbr=("UN",)),
        concept(
            "programme",
            ("ASEAN Cyber Capacity Programme", "preferred"),
            ("ASEAN Cyber Capacity Program", "deprecated"),
        ),
        concept("party", ("party", "preferred")),
        concept("threat", ("threaten", "preferred")),
        concept("prevention", ("prevention", "preferred")),
        concept("information-sharing", ("information sharing", "preferred")),
        concept("dos", ("denial of service", "preferred"), abbr=("DoS",)),
    ]
)
MATCHER = EnglishMatcher(GLOSSARY)
_IDS = [concept.id for concept in GLOSSARY.concepts]


def found(concept_id: str, text: str) -> list[tuple[str, str]]:
    """(surface, status) of every match, in text order."""
    return [(m.surface, m.status) for m in MATCHER.find(text, concept_id)]


@pytest.mark.parametrize(
    ("concept_id", "text", "expected"),
    [
        # inflection: plural, possessive, verb forms
        ("norm", "voluntary norms", [("norms", "preferred")]),
        (
            "norm",
            "the norm's scope and the norms' scope",
            [("norm's", "preferred"), ("norms'", "preferred")],
        ),
        ("norm", "NORMS", [("NORMS", "preferred")]),
        (
            "ensure",
            "ensuring, ensured, ensures",
            [("ensuring", "preferred"), ("ensured", "preferred"), ("ensures", "preferred")],
        ),
        ("policy", "cybersecurity policies", [("cybersecurity policies", "preferred")]),
        ("party", "the Parties' views", [("Parties'", "preferred")]),
        # never inside a longer word
        ("norm", "normative abnormal normsx", []),
        ("cybersecurity", "cybersecurityx", []),
        ("cybersecurity", "xcybersecurity", []),
        # hyphen ≈ space; a hyphenated term also closed up; a spaced one is not
        ("cybersecurity", "cyber-security", [("cyber-security", "admitted")]),
        ("cybersecurity", "cyber – security", [("cyber – security", "admitted")]),
        ("capacity-building", "capacity building", [("capacity building", "preferred")]),
        ("capacity-building", "capacitybuilding", [("capacitybuilding", "preferred")]),
        ("capacity-building", "capacity, building", []),
        # the most literal reading wins: preferred closed form, deprecated spelling
        ("cybersecurity", "cybersecurity", [("cybersecurity", "preferred")]),
        ("cybersecurity", "network security", [("network security", "deprecated")]),
        (
            "itu",
            "International Telecommunications Union (ITU)",
            [("International Telecommunications Union", "deprecated"), ("ITU", "abbreviation")],
        ),
        (
            "itu",
            "International Telecommunication Union",
            [("International Telecommunication Union", "preferred")],
        ),
        (
            "programme",
            "ASEAN Cyber Capacity Program",
            [("ASEAN Cyber Capacity Program", "deprecated")],
        ),
        (
            "programme",
            "ASEAN Cyber Capacity Programmes",
            [("ASEAN Cyber Capacity Programmes", "preferred")],
        ),
        # possessive apostrophe optional and curly or straight
        (
            "admm",
            "ASEAN Defence Ministers Meeting",
            [("ASEAN Defence Ministers Meeting", "preferred")],
        ),
        (
            "admm",
            "ASEAN Defence Ministers’ Meeting",
            [("ASEAN Defence Ministers’ Meeting", "preferred")],
        ),
        # punctuation inside a term must be there
        (
            "peaceful-cyberspace",
            "a peaceful, secure and resilient cyberspace",
            [("peaceful, secure and resilient cyberspace", "preferred")],
        ),
        ("peaceful-cyberspace", "a peaceful secure and resilient cyberspace", []),
        # abbreviations are case-sensitive; plural and possessive allowed
        ("united-nations", "the UN's role", [("UN's", "abbreviation")]),
        ("united-nations", "an un-official view", []),
        ("united-nations", "the United Nations", [("United Nations", "preferred")]),
        # a term split by other punctuation is not a match
        ("united-nations", "United. Nations", []),
        # inflection and derivation (Snowball's English stemmer)
        ("threat", "it threatens peace", [("threatens", "preferred")]),
        ("prevention", "to prevent attacks", [("prevent", "preferred")]),
        ("information-sharing", "Information-Sharing", [("Information-Sharing", "preferred")]),
        # ...but the words of a term stay in order and together
        ("information-sharing", "sharing information", []),
        ("information-sharing", "sharing of information", []),
        ("information-sharing", "information and sharing", []),
        # headings in capitals: terms, and abbreviations in capitals
        ("cybersecurity", "THREATS TO CYBERSECURITY", [("CYBERSECURITY", "preferred")]),
        ("threat", "WHAT THREATENS US", [("THREATENS", "preferred")]),
        ("dos", "DOS ATTACKS ON BANKS", [("DOS", "abbreviation")]),
        ("dos", "DENIAL OF SERVICE", [("DENIAL OF SERVICE", "preferred")]),
        ("dos", "a DOS attack", []),
        ("dos", "a DoS attack", [("DoS", "abbreviation")]),
    ],
)
def test_find(concept_id: str, text: str, expected: list[tuple[str, str]]) -> None:
    assert found(concept_id, text) == expected


@pytest.mark.parametrize(
    "words",
    [
        # inflection: plural, possessive (straight or curly), verb forms, case
        ("norm", "norms", "norm's", "norms'", "Norms", "NORMS"),
        ("party", "parties", "Parties'", "Parties’", "party's"),
        ("policy", "policies"),
        ("ensure", "ensuring", "ensured", "ensures"),
        ("threaten", "threatens", "threatened", "threatening"),
        ("guarantee", "guaranteed", "guarantees"),
        ("commit", "committed", "commits"),
        ("approach", "approaches"),
        ("share", "sharing", "shared", "shares"),
        # derivation
        ("prevent", "prevention", "preventing"),
        ("technology", "technological", "technologies"),
        ("nation", "national", "nations"),
        ("cooperate", "cooperation"),
        ("implement", "implementation"),
        ("assure", "assurance", "assuring"),
        # words of other kinds keep themselves
        ("ICTs", "ICT", "ict"),
        ("2015",),
        ("don't", "don’t"),
    ],
)
def test_inflections_and_derivations_meet(words: tuple[str, ...]) -> None:
    assert len({stem(word) for word in words}) == 1, {word: stem(word) for word in words}


@pytest.mark.parametrize(
    ("one", "other"),
    [
        # spelling variants the glossary lists apart stay apart
        ("Programme", "Program"),
        ("Centre", "Center"),
        ("dialogue", "dialog"),
        ("defence", "defense"),
        # different words, however alike
        ("threat", "threaten"),
        ("police", "policy"),
        ("organ", "organization"),
        ("community", "communication"),
        ("university", "universe"),
        ("privacy", "private"),
    ],
)
def test_other_words_stay_apart(one: str, other: str) -> None:
    assert stem(one) != stem(other)


def test_both_snowball_stemmers_give_the_same_stems() -> None:
    # english.stem uses PyStemmer (compiled) where installed, else the
    # pure-Python port: the same words must give the same stems either way.
    import Stemmer
    from snowballstemmer.english_stemmer import EnglishStemmer

    port = EnglishStemmer()
    words = {
        word.lower()
        for path in CORPUS_DIR.glob("*.en.tsv")
        for word in re.findall(r"[^\W\d_]+", path.read_text(encoding="utf-8"))
    }
    assert len(words) > 500
    compiled = Stemmer.Stemmer("english")
    assert {w: compiled.stemWord(w) for w in words} == {w: port.stemWord(w) for w in words}
    assert {w: stem(w) for w in words} == {w: port.stemWord(w) for w in words}


def test_english_only_abbreviations_are_renderings() -> None:
    it = Concept(
        id="information-technology",
        vi=(Term("công nghệ thông tin"),),
        en=(Term("information technology"),),
        abbr=("CNTT",),
        abbr_en=("IT",),
    )
    matcher = EnglishMatcher(make_glossary([it]))
    assert [(m.surface, m.status) for m in matcher.find("IT experts", it.id)] == [
        ("IT", "abbreviation")
    ]
    assert matcher.find("it works", it.id) == ()


def test_matches_are_positioned_in_the_text() -> None:
    text = "The two Sides support voluntary norms, and the norm of restraint."
    matches = MATCHER.find(text, "norm")
    assert [(m.start, m.end) for m in matches] == [(32, 37), (47, 51)]
    assert all(text[m.start : m.end] == m.surface for m in matches)


def test_unknown_concept_finds_nothing() -> None:
    assert MATCHER.find("norms", "no-such-concept") == ()


def test_one_tokenisation_serves_every_concept() -> None:
    english = EnglishText("Cybersecurity norms of the UN")
    assert [m.term for m in MATCHER.find(english, "norm")] == ["norm"]
    assert [m.term for m in MATCHER.find(english, "cybersecurity")] == ["cybersecurity"]
    assert [m.term for m in MATCHER.find(english, "united-nations")] == ["UN"]


_WORDS = st.lists(
    st.sampled_from(
        ["norm", "norms", "normx", "abnorm", "norm-", "-norm", "cyber", "the", "Norm's"]
    ),
    max_size=8,
)


@settings(max_examples=200, deadline=None)
@given(_WORDS, st.sampled_from([" ", "-", ", ", "x", ""]))
def test_a_match_never_starts_or_ends_inside_a_word(words: list[str], joiner: str) -> None:
    text = joiner.join(words)
    for match in MATCHER.find(text, "norm"):
        before = text[match.start - 1] if match.start else " "
        after = text[match.end] if match.end < len(text) else " "
        assert not re.match(r"\w", before) and not re.match(r"\w", after), (text, match)


# --- one tokenisation; all concepts at once ---------------------------------------

_EN_WORDS = [
    "norm",
    "Norms",
    "norm's",
    "Parties'",
    "cyber",
    "security",
    "Cybersecurity",
    "cyber-security",
    "capacity",
    "building",
    "capacity-building",
    "International",
    "Telecommunication",
    "Telecommunications",
    "Union",
    "ITU",
    "ITUs",
    "UN",
    "United",
    "Nations",
    "ADMM",
    "ADMM's",
    "peaceful",
    "secure",
    "and",
    "resilient",
    "cyberspace",
    "the",
    "12",
    "don't",
    "’s",
    "x_y",
]
_EN_TEXTS = st.lists(
    st.tuples(
        st.sampled_from(_EN_WORDS),
        st.sampled_from([" "] * 8 + ["  ", "-", ", ", ". ", "\n", " (", "’"]),
    ),
    max_size=12,
).map(lambda pieces: "".join(w + s for w, s in pieces).rstrip(" "))


@settings(max_examples=300, deadline=None)
@given(st.one_of(_EN_TEXTS, _EN_TEXTS.map(lambda t: t + "."), st.text(max_size=30)))
def test_english_text_reads_words_as_the_word_regex(text: str) -> None:
    english = EnglishText(text)
    words = list(re.finditer(r"[^\W_]+(?:['’][^\W_]+)*['’]?", text))
    assert english.words == [m.group() for m in words]
    assert english.stems == [stem(m.group()) for m in words]
    for k, match in enumerate(words):
        assert english.span(k, k) == match.span()
        if k:
            assert english.separator(k - 1) == separator(text[words[k - 1].end() : match.start()])


@example("İstanbul norms")
@example("ΑΣ'Α ÉTATS")
@given(
    st.text(
        st.sampled_from("Norms stakeholders ΑΣ'Α İstanbul ÉTATS đ Đ ß ǅ,.-") | st.characters(),
        max_size=40,
    )
)
def test_index_stems_are_each_words_stem_lowered_alone(text: str) -> None:
    # stemming.stems lowers the whole key once where that changes no word; the rule
    # is each word of the key lowered on its own (Greek's final sigma depends on
    # what follows the word, so lowering a text and its words can differ).
    from normcorpus import stemming

    expected = " ".join(
        stemming.stem(word.lower()) for word in stemming.WORD.findall(stemming.fold_key(text))
    )
    assert stemming.stems(text) == expected
