"""English matching in C (`accel.termscan`) against the rule in english.py.

The C scan only takes text apart and compares ids: english.py says what
each word's stem, literal and spelling are, and what every way of writing a
term needs. Here `locate_all_in` in C is compared with the rule
(`EnglishMatcher.locate_all`) on generated glossaries and text (all
inflections, hyphen and space variants, closed-up hyphens, punctuation in
terms, abbreviations), on odd Unicode, on the shipped translations, and the
extension's own errors and switches are checked.
"""

from __future__ import annotations

import csv
import os
import random
import subprocess
import sys
import threading
from collections.abc import Iterator

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import CORPUS_DIR
from normcorpus import english
from normcorpus.accel import termscan
from normcorpus.english import EnglishMatcher, EnglishText
from normcorpus.glossary import make_glossary
from normcorpus.models import Concept, Glossary, Term
from test_english import GLOSSARY

pytestmark = pytest.mark.skipif(
    not termscan.BUILT, reason="normcorpus.accel._termscan was not built (no C compiler at install)"
)


def _both(glossary: Glossary) -> tuple[EnglishMatcher, EnglishMatcher]:
    return EnglishMatcher(glossary, compiled=True), EnglishMatcher(glossary, compiled=False)


def _agree(
    compiled: EnglishMatcher, python: EnglishMatcher, text: str, wanted: object
) -> dict[str, list[tuple[int, int, object]]]:
    found = compiled.locate_all_in(text, wanted)  # type: ignore[arg-type]
    assert found == python.locate_all(EnglishText(text), wanted), text  # type: ignore[arg-type]
    return found


_SYLLABLES = ["cy", "ber", "se", "cu", "ri", "ty", "norm", "pol", "i", "cy", "na", "tion", "ca"]
_FORMS = ("", "s", "'s", "s'", "ed", "ing", "es", "ies", "’s")


def _generated(seed: int) -> tuple[Glossary, list[str]]:
    """A glossary of one- to four-word terms (hyphens, a comma, abbreviations)
    and text that writes them inflected, in other cases, with hyphens closed
    up or spaced, among other words and punctuation."""
    rng = random.Random(seed)
    words = sorted({"".join(rng.choices(_SYLLABLES, k=rng.randint(1, 3))) for _ in range(80)})
    common = words[:12]
    concepts = []
    for k in range(60):
        terms = []
        for status in rng.sample(["preferred", "admitted", "deprecated", "admitted"], 3):
            size = rng.choice((1, 1, 2, 2, 3, 4))
            picked = [rng.choice(common if rng.random() < 0.5 else words) for _ in range(size)]
            seps = [rng.choice((" ", " ", "-", ", ", " / ")) for _ in picked[1:]]
            term = picked[0] + "".join(s + w for s, w in zip(seps, picked[1:], strict=True))
            if term not in {t.term for t in terms}:
                terms.append(Term(term, status))  # type: ignore[arg-type]
        terms[0] = Term(terms[0].term, "preferred")
        abbr = (rng.choice(common).upper() + str(k % 3),) if k % 5 == 0 else ()
        concepts.append(Concept(f"c{k}", (Term(f"c{k}"),), tuple(terms), abbr=abbr))
    glossary = make_glossary(concepts)
    texts = []
    for _ in range(300):
        pieces: list[str] = []
        for _ in range(rng.randint(1, 5)):
            concept = rng.choice(concepts)
            term = rng.choice([t.term for t in concept.en] + list(concept.abbr))
            for word in term.replace("-", " - ").split():
                roll = rng.random()
                if word in {"-", ",", "/"}:
                    word = rng.choice((word, word, "", "–", " ")) if roll < 0.5 else word
                elif roll < 0.3:
                    word += rng.choice(_FORMS)
                elif roll < 0.4:
                    word = word.upper()
                elif roll < 0.5:
                    word = word.capitalize()
                pieces.append(word)
            pieces += rng.choices(words, k=rng.randint(0, 3))
        gaps = [rng.choice((" ", " ", " ", "", ", ", " - ", "  ", "; ", "\n", "_")) for _ in pieces]
        text = "".join(w + g for w, g in zip(pieces, gaps, strict=True)).strip()
        texts.append(text + rng.choice(("", ".", "…", " (x).")))
    return glossary, texts


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_the_two_agree_on_generated_text(seed: int) -> None:
    glossary, texts = _generated(seed)
    compiled, python = _both(glossary)
    ids = [concept.id for concept in glossary.concepts]
    rng = random.Random(seed)
    found = [_agree(compiled, python, text, set(ids)) for text in texts]
    statuses = {
        pattern.status for matches in found for hits in matches.values() for *_, pattern in hits
    }
    assert statuses == {"preferred", "admitted", "deprecated", "abbreviation"}
    assert sum(len(hits) > 1 for matches in found for hits in matches.values()) > 10
    for text in texts:  # a few concepts asked for, as the checks ask
        _agree(compiled, python, text, dict.fromkeys(rng.sample(ids, 4)))
    # Warm (every word remembered), and after forgetting them: still the same.
    assert [compiled.locate_all_in(text, set(ids)) for text in texts] == found
    scanner = compiled._scanners[False]
    scanner.forget_words()
    assert scanner.words == 0
    assert [compiled.locate_all_in(text, set(ids)) for text in texts] == found


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_read_in_c_is_the_rule_reading_what_was_found(seed: int) -> None:
    """`read_in` (one call in C: the scan and what its matches do for each concept)
    gives what `english.reading` reads from the rule's matches, in `first`'s order:
    renderings, concepts unrendered, deprecated terms used."""
    glossary, texts = _generated(seed)
    compiled, python = _both(glossary)
    ids = [concept.id for concept in glossary.concepts]
    rng = random.Random(seed)
    counts = [0, 0, 0]
    for text in [*texts, "", "no term here", texts[0].upper()]:
        # As a segment asks: some concepts the text has, some it has not, any order.
        first = {concept_id: (k, k + 3) for k, concept_id in enumerate(rng.sample(ids, 8))}
        expected = english.reading(first, python.locate_all(EnglishText(text), first))
        got = compiled.read_in(text, first)
        assert got == expected, text
        assert python.read_in(text, first) == expected
        for k in range(3):  # the same objects, in tuples
            assert type(got[k + 1]) is tuple
            pairs = zip(got[k + 1], expected[k + 1], strict=True)
            assert all(type(item) is type(want) for item, want in pairs)
            counts[k] += len(got[k + 1])
    assert all(counts), counts  # every part had something to compare


def test_reading_by_status() -> None:
    """A concept with an allowed term is rendered (an abbreviation satisfies it but
    is no rendering); a deprecated term alone leaves it unrendered, and is noted."""
    glossary = make_glossary(
        [
            Concept("a", (Term("a"),), (Term("norm"), Term("rule", "deprecated")), abbr=("NM",)),
            Concept("b", (Term("b"),), (Term("cyber space"), Term("ether", "deprecated"))),
        ]
    )
    for matcher in _both(glossary):
        first = {"b": (5, 7), "a": (0, 2)}
        _found, renderings, unrendered, deprecated = matcher.read_in(
            "The NM rule and the norm; ether, no cyber-space.", first
        )
        assert [p.term for p in renderings] == ["cyber space", "norm"]
        assert unrendered == ()
        assert [(c, s, e, text_start, p.term) for c, s, e, text_start, _end, p in deprecated] == [
            ("b", 5, 7, 26, "ether"),
            ("a", 0, 2, 7, "rule"),
        ]
        _found, renderings, unrendered, deprecated = matcher.read_in("The NM rule.", first)
        assert renderings == ()  # the abbreviation satisfies, and is no rendering
        assert unrendered == (("b", 5, 7),)
        assert [d[0] for d in deprecated] == ["a"]


def test_read_refuses_a_bad_first() -> None:
    matcher = EnglishMatcher(GLOSSARY, compiled=True)
    matcher.locate_all_in("norm", ())
    scanner = matcher._scanners[False]._scanner
    with pytest.raises(TypeError):
        scanner.read("norm", ["norm"])  # not a dict
    concept = next(iter(matcher._concepts))
    with pytest.raises(TypeError, match="start, end"):
        scanner.read("norm", {concept: 3})

    class Id(str):
        __hash__ = str.__hash__

    with pytest.raises(TypeError, match="must be str"):
        scanner.read("norm", {Id(concept): (0, 1)})
    assert scanner.read("", {concept: (0, 1)}) == ({}, (), ((concept, 0, 1),), ())
    Scanner = termscan._termscan.Scanner
    with pytest.raises(TypeError, match="roles"):
        Scanner(str, ("c",), [], 1, ("", "-"), None, (0,))
    with pytest.raises(ValueError, match="role 5"):
        Scanner(
            str, ("c",), [(0, 0, None, (0,), (0,), (), None, 0, 0, 0)], 1, ("", "-"), None, (5,)
        )


@pytest.mark.parametrize("seed", [4, 5])
def test_a_scan_of_the_concepts_asked_for_finds_what_a_scan_of_all_finds(
    seed: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A large glossary's scan is built for the concepts asked for so far
    (`EnglishMatcher._scanner`): the same matches as the scan of every concept,
    while they are few, and after they grow past the limit."""
    glossary, texts = _generated(seed)
    ids = [concept.id for concept in glossary.concepts]
    rng = random.Random(seed)
    monkeypatch.setattr(english, "SUBSET_LIMIT", 0)  # every concept, always
    everything = EnglishMatcher(glossary, compiled=True)
    # As check asks: the concepts the text has (most), and others.
    asked = [
        dict.fromkeys(
            [*rng.sample(list(everything.locate_all_in(text, ids)), 1), *rng.sample(ids, 2)]
        )
        if everything.locate_all_in(text, ids)
        else dict.fromkeys(rng.sample(ids, 2))
        for text in texts
    ]
    expected = [everything.locate_all_in(t, a) for t, a in zip(texts, asked, strict=True)]
    expected += [everything.locate_all_in(t.upper(), a) for t, a in zip(texts, asked, strict=True)]
    assert everything._covered == {False: None, True: None}
    monkeypatch.setattr(english, "SUBSET_LIMIT", len(ids) // 2)
    some = EnglishMatcher(glossary, compiled=True)
    found, sizes = [], set()
    for text, wanted in zip(texts, asked, strict=True):
        found.append(some.locate_all_in(text, wanted))
        covered = some._covered[False]
        sizes.add(len(covered) if covered is not None else len(ids))
        assert covered is None or covered.issuperset(wanted)
    found += [some.locate_all_in(t.upper(), a) for t, a in zip(texts, asked, strict=True)]
    assert found == expected
    assert sum(bool(hits) for hits in expected) > len(texts) // 2
    # Subsets were scanned, growing, then every concept once past the limit.
    assert min(sizes) <= 3 and len(sizes) > 5 and max(sizes) == len(ids)
    # Told a batch's concepts first (`expect`, as check does), one build a batch.
    monkeypatch.setattr(english, "SUBSET_LIMIT", len(ids) - 1)
    told = EnglishMatcher(glossary, compiled=True)
    batch = 10
    found = []
    for k in range(0, 5 * batch, batch):
        told.expect(c for wanted in asked[k : k + batch] for c in wanted)
        for text, wanted in zip(texts[k : k + batch], asked[k : k + batch], strict=True):
            found.append(told.locate_all_in(text, wanted))
        assert told._covered[False] is not None  # still some concepts, not all
    assert found == expected[: 5 * batch]
    assert told._subsets == 5
    # A glossary this small is scanned whole: `expect` is not read, the concepts
    # told not even iterated, and the scans find what they found.
    monkeypatch.setattr(english, "SUBSET_LIMIT", len(ids))

    def unread() -> Iterator[str]:
        raise AssertionError("iterated")
        yield ""

    small = EnglishMatcher(glossary, compiled=True)
    small.expect(unread())
    assert [small.locate_all_in(t, a) for t, a in zip(texts, asked, strict=True)] == expected[
        : len(texts)
    ]
    assert set(small._covered.values()) == {None}  # every concept's scan, each built once
    assert small._subsets == len(small._covered)


def test_the_two_agree_on_the_shipped_translations(real_glossary: Glossary) -> None:
    compiled, python = _both(real_glossary)
    ids = {concept.id for concept in real_glossary.concepts}
    texts = []
    for path in sorted(CORPUS_DIR.glob("*.en.tsv")):
        rows = (line for line in path.read_text(encoding="utf-8").splitlines() if line[:1] != "#")
        texts += [row["en"] for row in csv.DictReader(rows, delimiter="\t")]
    assert len(texts) > 50
    found = [_agree(compiled, python, text, ids) for text in texts]
    assert sum(map(len, found)) > len(texts)  # the translations do render terms
    for text in texts:
        _agree(compiled, python, text.upper(), ids)


# Characters around which the scanner must split words as english._WORD does:
# apostrophes of both kinds and the ones that are letters, the underscore,
# digits and numbers of other scripts, combining marks, dashes, characters
# beyond the Basic Multilingual Plane, spaces of other kinds.
_ODD = [
    "'",
    "’",
    "ʼ",
    "‘",
    "_",
    "٣",
    "²",
    "Ⅻ",
    "中",
    "𝐀",
    "😀",
    "\u0301",
    "–",
    "—",
    "\u00a0",
    "\u2003",
]
_PIECES = ["norm", "Norms", "Parties'", "cyber", "security", "capacity", "building", "ITU", "UN"]


@settings(max_examples=400, deadline=None)
@given(
    st.lists(
        st.one_of(
            st.sampled_from(_PIECES),
            st.sampled_from(_ODD),
            st.text(alphabet=st.sampled_from("aN'’ʼ_1٣²-–, .\u0301\u00a0"), max_size=5),
        ),
        max_size=14,
    ),
    st.lists(st.sampled_from([" ", "", "-", " - ", ", ", "'", "’ ", "\u00a0", "--"]), min_size=14),
)
def test_the_two_split_text_alike(words: list[str], gaps: list[str]) -> None:
    text = "".join(w + g for w, g in zip(words, gaps, strict=False))
    compiled, python = _SMALL
    _agree(compiled, python, text, set(_IDS))


_SMALL = _both(GLOSSARY) if termscan.BUILT else (None, None)
_IDS = [concept.id for concept in GLOSSARY.concepts]


def test_scanner_refuses_misuse_rather_than_crash() -> None:
    Scanner = termscan._termscan.Scanner
    with pytest.raises(RuntimeError, match="not initialised"):
        Scanner.__new__(Scanner).scan("norm", ())
    matcher = EnglishMatcher(GLOSSARY, compiled=True)
    matcher.locate_all_in("norm", ())
    scanner = matcher._scanners[False]._scanner
    with pytest.raises(RuntimeError, match="once"):
        scanner.__init__(str, (), [], 0, ("", "-"))
    with pytest.raises(TypeError):
        scanner.scan(["norm"], ())
    with pytest.raises(TypeError):
        scanner.scan("norm", 5)  # not a container
    # Bad entries and bad answers are errors, not crashes.
    with pytest.raises(ValueError, match="out of range"):
        Scanner(str, ("c",), [(1, 0, None, (0,), (0,), (), None, 0, 0, 0)], 1, ("", "-"))
    with pytest.raises(ValueError, match="tuples of n"):
        Scanner(str, ("c",), [(0, 0, None, (0,), (0, 1), (), None, 0, 0, 0)], 1, ("", "-"))
    with pytest.raises(ValueError, match="sizes"):
        Scanner(str, (), [], 0, ("",))
    failed = Scanner.__new__(Scanner)
    with pytest.raises(ValueError):
        failed.__init__(str, ("c",), [(0, 0, None, (5,), (0,), (), None, 0, 0, 0)], 1, ("", "-"))
    with pytest.raises(RuntimeError, match="failed to initialise"):
        failed.scan("norm", ())
    answers = Scanner(lambda word: (7, 0, 0), ("c",), [], 1, ("", "-"))
    with pytest.raises(ValueError, match="stem id 7"):
        answers.scan("norm", ())
    answers = Scanner(lambda word: None, ("c",), [], 1, ("", "-"))
    with pytest.raises(TypeError, match="word_info"):
        answers.scan("norm", ())
    # A scan inside a scan on the same scanner (from the callback) is refused.
    nested: list[object] = []

    def word_info(word: str) -> tuple[int, int, int]:
        nested[0].scan("norm", ())  # type: ignore[attr-defined]
        return (0, 0, 0)

    nested.append(Scanner(word_info, ("c",), [], 1, ("", "-")))
    with pytest.raises(RuntimeError, match="one at a time"):
        nested[0].scan("norm", ())  # type: ignore[attr-defined]
    assert nested[0].scan("", ()) == {}  # type: ignore[attr-defined]


def test_threads_sharing_a_matcher_take_turns() -> None:
    glossary, texts = _generated(4)
    shared = EnglishMatcher(glossary, compiled=True)
    python = EnglishMatcher(glossary, compiled=False)
    ids = {concept.id for concept in glossary.concepts}
    expected = [python.locate_all(EnglishText(t), ids) for t in texts]
    results: list[list[object]] = [[] for _ in range(4)]

    def work(k: int) -> None:
        results[k] = [shared.locate_all_in(t, ids) for t in texts]

    threads = [threading.Thread(target=work, args=(k,)) for k in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results == [expected] * 4


def test_compiled_is_refused_when_the_extension_is_missing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(termscan, "BUILT", False)
    with pytest.raises(RuntimeError, match="not built"):
        EnglishMatcher(GLOSSARY, compiled=True)
    monkeypatch.setattr(termscan, "_termscan", None)
    with pytest.raises(RuntimeError, match="not built"):
        termscan.TermScanner([], describe=english._describe)
    assert EnglishMatcher(GLOSSARY, compiled=False).locate_all_in("norms", {"norm"})


def test_the_environment_can_ask_for_python_matching() -> None:
    code = "from normcorpus import english; print(english.COMPILED)"
    for value, expected in (("1", "False"), (None, "True")):
        env = dict(os.environ)
        env.pop("NORMCORPUS_PURE_PYTHON", None)
        if value:
            env["NORMCORPUS_PURE_PYTHON"] = value
        result = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True
        )
        assert result.stdout.strip() == expected


def test_the_scanner_is_fed_data_not_english() -> None:
    # No stemmer, no glossary: keys are lower-case words, one group holds two
    # ways of writing a phrase, the other an exact spelling.
    def phrase(group: str, words: tuple[str, ...], seps: tuple[str, ...], **kw: object):
        return termscan.Phrase(
            group=group,
            payload=(group, " ".join(words)),
            keys=tuple(w.lower() for w in words),
            literals=tuple(w.lower() for w in words),
            seps=seps,
            spellings=kw.get("spellings"),  # type: ignore[arg-type]
            closed=0,
            order=(0, len(words)),
        )

    scanner = termscan.TermScanner(
        [
            phrase("g", ("alpha", "beta"), ("",)),
            phrase("g", ("alpha",), ()),
            phrase("h", ("XY",), (), spellings=(frozenset({"XY"}),)),
        ],
        describe=lambda word: (word.lower(), word.lower(), word),
    )
    text = "Alpha-beta, alpha; xy XY"
    assert scanner.scan(text, {"g", "h"}) == {
        "g": [(0, 10, ("g", "alpha beta")), (12, 17, ("g", "alpha"))],
        "h": [(22, 24, ("h", "XY"))],
    }
    assert scanner.scan(text, {"h"}) == {"h": [(22, 24, ("h", "XY"))]}
    assert scanner.words == 5  # Alpha, beta, alpha, xy, XY: each asked of `describe` once
    scanner.forget_words()
    assert scanner.words == 0
    # A payload given back as the caller maps it: asked once a phrase, at its first
    # match (a phrase never matched is never asked: a large cached glossary's are not).
    asked: list[tuple[str, object]] = []

    def mapped(group: str, payload: object) -> object:
        asked.append((group, payload))
        return f"{group}: {payload}"

    tables = termscan.compile_phrases(
        [phrase("g", ("alpha", "beta"), ("",)), phrase("h", ("gamma",), ())]
    )
    mapping = termscan.TermScanner(
        tables, describe=lambda word: (word.lower(), word.lower(), word), payload=mapped
    )
    assert asked == []
    assert mapping.scan(text, {"g", "h"}) == {"g": [(0, 10, "g: ('g', 'alpha beta')")]}
    assert mapping.scan(text + " alpha beta", {"g"}) == {
        "g": [(0, 10, "g: ('g', 'alpha beta')"), (25, 35, "g: ('g', 'alpha beta')")]
    }
    assert asked == [("g", ("g", "alpha beta"))]
    assert tables["entries"][0][2] == ("g", "alpha beta")  # the tables (a cache's) unchanged


def test_forms_found_by_bisection_as_by_dicts() -> None:
    # compile_phrases numbers the forms in sorted order so a scanner bisects its
    # lists: a bisection gives what a dict of the forms gives, for every form and
    # for forms that are not there.
    phrases = [
        termscan.Phrase(
            group=f"c{k}",
            payload=k,
            keys=tuple(words.lower().split()),
            literals=tuple(words.lower().split()),
            seps=("",) * (len(words.split()) - 1),
            spellings=tuple(frozenset({w}) for w in words.split()) if k % 2 == 0 else None,
            closed=0,
            order=(0, k),
        )
        for k, words in enumerate(["Zeta Eta", "alpha", "Mu nu xi", "beta", "eta"])
    ]
    tables = termscan.compile_phrases(phrases)
    for name in ("keys", "literals", "spellings"):
        values = tables[name]
        assert values == sorted(values)
        ids = termscan._SortedIds(values)
        as_dict = {value: k for k, value in enumerate(values)}
        for value in [*values, "", "a", "zz", "Zeta", "alphaa", "nu "]:
            assert ids.get(value, -1) == as_dict.get(value, -1)
    text = "Zeta Eta, alpha; Mu nu xi beta. eta zeta eta MU NU XI"
    describe = lambda word: (word.lower(), word.lower(), word)  # noqa: E731
    groups = {f"c{k}" for k in range(5)}
    found = termscan.TermScanner(tables, describe=describe).scan(text, groups)
    assert found == termscan.TermScanner(phrases, describe=describe).scan(text, groups)
    assert found["c0"] == [(0, 8, 0)] and found["c2"] == [(17, 25, 2)]  # only as spelled
    assert found["c4"] == [(32, 35, 4), (41, 44, 4)] and found["c1"] == [(10, 15, 1)]


_WORDS = ["alpha", "beta", "gamma", "Alpha", "BETA"]


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from("ghk"), st.lists(st.sampled_from(_WORDS[:3]), min_size=1, max_size=3)
        ),
        min_size=1,
        max_size=8,
    ),
    st.lists(st.lists(st.sampled_from(_WORDS), max_size=12), min_size=1, max_size=4),
)
def test_a_payload_mapped_in_c_is_the_plain_mapping_of_each_match(
    defined: list[tuple[str, list[str]]], texts: list[list[str]]
) -> None:
    # The C asks `payload` once an entry, at its first match, and gives its answer
    # for every match of the entry from then on: what a scan without a payload
    # gives, mapped match by match in Python, whatever texts come first.
    phrases = [
        termscan.Phrase(
            group=group,
            payload=(k, " ".join(words)),
            keys=tuple(words),
            literals=tuple(words),
            seps=("",) * (len(words) - 1),
            spellings=None,
            closed=0,
            order=(0, k),
        )
        for k, (group, words) in enumerate(defined)
    ]
    tables = termscan.compile_phrases(phrases)
    describe = lambda word: (word.lower(), word.lower(), word)  # noqa: E731
    asked: list[tuple[str, object]] = []

    def mapped(group: str, raw: object) -> object:
        asked.append((group, raw))
        return ("mapped", group, raw)

    plain = termscan.TermScanner(tables, describe=describe)
    mapping = termscan.TermScanner(tables, describe=describe, payload=mapped)
    for words in texts:
        text = " ".join(words)
        for groups in ({"g", "h", "k"}, {"h"}):
            expected = {
                group: [(start, end, ("mapped", group, raw)) for start, end, raw in spans]
                for group, spans in plain.scan(text, groups).items()
            }
            assert mapping.scan(text, groups) == expected
    assert len(asked) == len(set(asked))  # once an entry (each entry's payload differs)


def test_a_payload_that_fails_fails_the_scan_and_is_asked_again() -> None:
    phrase = termscan.Phrase(
        group="g", payload=0, keys=("alpha",), literals=("alpha",), seps=(),
        spellings=None, closed=0, order=(0, 0),
    )  # fmt: skip
    tables = termscan.compile_phrases([phrase])
    answers = iter([ValueError("no"), "zero"])

    def payload(group: str, raw: object) -> object:
        answer = next(answers)
        if isinstance(answer, Exception):
            raise answer
        return answer

    scanner = termscan.TermScanner(
        tables, describe=lambda word: (word, word, word), payload=payload
    )
    with pytest.raises(ValueError, match="no"):
        scanner.scan("alpha", {"g"})
    assert scanner.scan("alpha alpha", {"g"}) == {"g": [(0, 5, "zero"), (6, 11, "zero")]}
    with pytest.raises(TypeError, match="callable"):
        termscan.TermScanner(tables, describe=lambda word: (word, word, word), payload=3)
