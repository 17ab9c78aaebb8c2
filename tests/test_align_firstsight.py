"""A new token described in C (accel.firstsight) against the aligner's plain rule.

`Aligner._describe` gives the walk what a token is the first time a text has
it: its lower-case and folded forms, the term syllables it may be a slip of
(`_typo_of`: syllable parsing and the slip look-ups) and its tally. The C
describer gives the same, or None for a token with a character it has no
reading of; these tests hold it to the plain rule token by token (the corpus,
the real texts, generated syllables with slips, missing diacritics, capitals
and glued digits), and the aligner's matches with and without it.
"""

from __future__ import annotations

import re
import unicodedata

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import CORPUS_DIR, REALTEXTS, SMALL_GLOSSARY
from normcorpus import normalize, syllables
from normcorpus.accel import firstsight as accel_firstsight
from normcorpus.accel import walker as accel_walker
from normcorpus.align import Aligner, _key_token
from normcorpus.glossary import load_glossary
from normcorpus.models import Glossary

pytestmark = pytest.mark.skipif(
    not (accel_firstsight.BUILT and accel_walker.BUILT),
    reason="normcorpus.accel._firstsight was not built (no C compiler)",
)

_TOKEN = re.compile(r"\w+")


def _plain(aligner: Aligner, token: str) -> tuple[str, str, tuple[str, ...], int]:
    lower = _key_token(token)
    return lower, normalize.fold(lower), aligner._typo_of(lower), aligner._token_kinds[token]


def _same(aligner: Aligner, tokens: set[str]) -> int:
    """Each token's C description is the plain one; how many it described."""
    assert aligner._firstsight is not None
    described = 0
    for token in sorted(tokens):
        fast = aligner._firstsight.describe(token)
        if fast is not None:
            assert fast == _plain(aligner, token), token
            described += 1
        assert aligner._describe(token) == _plain(aligner, token), token
    return described


def _texts() -> list[str]:
    texts = [p.read_text(encoding="utf-8") for p in sorted(CORPUS_DIR.glob("*.txt"))]
    if REALTEXTS is not None:
        texts += [p.read_text(encoding="utf-8") for p in sorted(REALTEXTS.glob("*.vi.txt"))]
        texts += [p.read_text(encoding="utf-8") for p in sorted(REALTEXTS.glob("*excerpt.txt"))]
        texts += [p.read_text(encoding="utf-8") for p in sorted(REALTEXTS.glob("phapdien*.txt"))]
    return [normalize.text(t) for t in texts]


@pytest.fixture(scope="module")
def aligner() -> Aligner:
    from conftest import GLOSSARY_PATH

    return Aligner(load_glossary(GLOSSARY_PATH), compiled=True)


def test_the_corpus_and_real_texts_tokens(aligner: Aligner) -> None:
    tokens = {t for text in _texts() for t in _TOKEN.findall(text)}
    tokens |= {normalize.fold(t) for t in tokens} | {t.upper() for t in tokens}
    described = _same(aligner, tokens)
    # Nearly every token of real text is described in C (not the plain rule again).
    assert described > 0.99 * len(tokens)


def test_every_syllable_of_the_word_list(aligner: Aligner) -> None:
    inventory = {s for s in syllables.inventory() if _TOKEN.fullmatch(s)}
    tokens = inventory | {normalize.fold(s) for s in inventory}
    tokens |= {s.capitalize() for s in syllables.lexicon() if _TOKEN.fullmatch(s)}
    assert _same(aligner, tokens) == len(tokens)


def _slipped(words: list[str]) -> st.SearchStrategy[str]:
    """A syllable as a typist may write it: right, without its marks, with a key
    swapped, doubled, dropped or struck beside, in capitals, a digit glued on."""
    keys = "qwertyuiopasdfghjklzxcvbnmđăâêôơư"

    def slip(word: str, how: int, at: int, key: str, digit: str) -> str:
        k = at % (len(word) + 1)
        return [
            word,
            normalize.fold(word),
            word[:k] + word[k + 1 : k + 2] + word[k : k + 1] + word[k + 2 :],
            word[:k] + key + word[k:],
            word[:k] + word[k + 1 :],
            word[:k] + key + word[k + 1 :],
            word.upper(),
            word.capitalize() + digit,
            unicodedata.normalize("NFD", word),
        ][how]

    return st.builds(
        slip,
        st.sampled_from(words),
        st.integers(0, 8),
        st.integers(0, 10),
        st.sampled_from(keys),
        st.sampled_from(["1", "2", "²", "12"]),
    )


_GLOSSARY_WORDS = sorted(
    {w for c in load_glossary(SMALL_GLOSSARY).concepts for t in c.vi for w in t.term.split()}
    | {w for w in syllables.lexicon() if w.isalpha()}
)


@settings(
    max_examples=400,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(st.lists(_slipped(_GLOSSARY_WORDS), min_size=1, max_size=12))
def test_slips_missing_marks_capitals_and_digits(aligner: Aligner, tokens: list[str]) -> None:
    _same(aligner, {t for token in tokens for t in _TOKEN.findall(token)})


@settings(
    max_examples=200,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(st.text(st.characters(max_codepoint=0x1FFF, categories=("L", "N", "Mn")), max_size=12))
def test_any_word_characters(aligner: Aligner, text: str) -> None:
    # Characters the table lacks (or combining marks, or a tone to move) give None.
    text = text.replace("x", "oà").replace("z", "Uý")
    _same(aligner, set(_TOKEN.findall(text)))


def test_the_table_reads_each_character_as_the_rules_do() -> None:
    table = syllables.char_table()
    assert {ord(c) for c in "aăâđeêioôơuưyAĐƯ0_"} <= set(table)
    for code, (lower, folded, letter, toneless, rfold, tone) in table.items():
        char = chr(code)
        assert lower == char.lower() and ord(lower) in table
        assert folded == normalize.fold(lower)
        parsed = syllables.parse("ng" + lower + "n") if lower.isalpha() else None
        if parsed is not None and parsed.rhyme:
            assert syllables.TONES[tone] == parsed.tone
        assert letter == syllables._letters(lower)
        assert toneless == syllables.strip_tone(lower)
        assert rfold == normalize.fold(toneless)


def _glossaries() -> list[Glossary]:
    from conftest import GLOSSARY_PATH

    return [load_glossary(SMALL_GLOSSARY), load_glossary(GLOSSARY_PATH)]


def test_the_matches_with_and_without_it() -> None:
    texts = _texts()
    texts += [normalize.fold(t) for t in texts[:3]]
    for glossary in _glossaries():
        fast = Aligner(glossary, compiled=True)
        plain = Aligner(glossary, compiled=True)
        plain._firstsight = None
        for text in texts:
            for line in text.splitlines():
                assert fast.locate(line, nested=True) == plain.locate(line, nested=True), line


def test_a_glossary_with_characters_beyond_the_table() -> None:
    # A term syllable the table cannot read: tokens whose slips meet it are
    # described plainly, and the matches are the same.
    from normcorpus.glossary import make_glossary
    from normcorpus.models import Concept, Term

    glossary = make_glossary(
        [
            Concept(id="x", en=(Term("cyber threat"),), vi=(Term("đe dọaж mạng"),)),
            Concept(id="y", en=(Term("security"),), vi=(Term("an ninh"),)),
        ]
    )
    fast = Aligner(glossary, compiled=True)
    plain = Aligner(glossary, compiled=False)
    for text in ("đe dọaж mạng, de dọaж mạng, an ninh, an nihn", "đe doaж mang an ninh"):
        assert fast.locate(text, nested=True) == plain.locate(text, nested=True)
    assert fast._firstsight is not None
    assert fast._firstsight.describe("dọa") is None  # its slip look-ups meet `dọaж`
    assert fast._firstsight.describe("mạng") is not None
    _same(fast, {"dọaж", "doaж", "dọa", "mạng", "ninh", "nihn"})


# --- one syllable a slip of another ---------------------------------------------------

_LEXICON = sorted(w for w in syllables.lexicon() if w.isalpha())


@pytest.mark.parametrize(
    ("written", "intended", "around", "kind"),
    [
        ("hơp", "hợp", (), "marks"),
        ("tắc", "tác", (), "marks"),
        ("để", "đe", (), None),
        ("thỏa", "thảo", (), "swap"),
        ("xuyết", "suốt", ("xuyên",), "context"),
        ("chân", "trân", (), "dialect"),
        ("mạnh", "mạng", (), "key"),
        ("ninhh", "ninh", (), None),
        ("tinnh", "tinh", (), "extra"),
        ("nin", "ninh", (), "missing"),
        ("nonh", "ninh", (), "key"),
        ("ninh", "ninh", (), None),
        ("mang", "mạng", (), "marks"),
        ("thông", "mạng", (), None),
    ],
)
def test_slips_named(aligner: Aligner, written: str, intended: str, around: tuple, kind) -> None:
    assert syllables.slip(written, intended, around) == kind
    assert aligner._firstsight is not None
    assert aligner._firstsight.slip(written, intended, around) == kind


@settings(
    max_examples=600,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    _slipped(_LEXICON),
    st.sampled_from(_LEXICON),
    st.lists(st.sampled_from(_LEXICON), max_size=2),
)
def test_slips_as_the_plain_rule(aligner: Aligner, written: str, meant: str, around: list) -> None:
    assert aligner._firstsight is not None
    for intended in (meant, written.lower(), normalize.fold(meant)):
        for word in (written.lower(), normalize.fold(written.lower())):
            fast = aligner._firstsight.slip(word, intended, tuple(around))
            if fast is not False:
                assert fast == syllables.slip(word, intended, tuple(around)), (word, intended)


def test_slips_beyond_the_table_are_left_to_the_plain_rule(aligner: Aligner) -> None:
    assert aligner._firstsight is not None
    assert aligner._firstsight.slip("ninж", "ninh", ()) is False
    assert aligner._firstsight.slip("Ninh", "ninh", ()) is False  # (lower-case only)
    assert aligner._firstsight.slip("xuyết", "suốt", ("xuyêж",)) is False
    assert aligner._slip("ninж", "ninh", ()) == syllables.slip("ninж", "ninh", ())


def test_tones_to_move_are_left_to_the_plain_rule(aligner: Aligner) -> None:
    # `hoà` is `hòa` in the one spelling (`normalize.text`): the C describer leaves
    # such a token to the plain rule; `hoàn`, `quà`, `thuộc` move nothing.
    assert aligner._firstsight is not None
    moved = ["hoà", "HOÀ", "Khoẻ", "thuý", "oà", "toạ"]
    kept = ["hoàn", "quà", "quý", "QUÝ", "thuộc", "hòa", "khỏe", "thủy", "hoặc", "à"]
    assert [aligner._firstsight.describe(t) for t in moved] == [None] * len(moved)
    assert None not in [aligner._firstsight.describe(t) for t in kept]
    _same(aligner, set(moved + kept))
