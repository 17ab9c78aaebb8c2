"""accel.textpass against the plain questions it answers (and the rules that ask them)."""

from __future__ import annotations

import sys
from functools import lru_cache

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conftest import REALTEXTS, REPO_ROOT
from normcorpus.accel import textpass
from normcorpus.check import formal, screen
from normcorpus.check.model import Segment
from normcorpus.formats.bilingual import SegmentPair

pytestmark = pytest.mark.skipif(not textpass.BUILT, reason="accel._textpass was not built")
MAY_BEGIN_NEXT = textpass.may_begin_next()

# The characters whose lower case is not one character of their own
# (`str.lower`: U+0130 lowers to two, U+03A3 by its neighbours): where the C says True.
UNSURE = "\u0130\u03a3"


def agrees(text: str) -> bool:
    """The C says False only where no word begins the next one; where no character is
    unsure, it says exactly what the plain question says."""
    begun = True in textpass.begins_next(text)
    fast = MAY_BEGIN_NEXT(text)
    if any(c in text for c in UNSURE):
        return fast or not begun
    return fast == begun


def test_it_reads_words_as_str_split_and_lower_do() -> None:
    cases = {
        "the the": True,
        "The theory": True,
        "a b": False,
        "ab a": False,
        "": False,
        " \t\n": False,
        "one": False,
        "xin chào chào": True,
        "Được được": True,
        "của\u00a0của": True,  # a no-break space splits words
        "Ab\u2028ABC": True,
        "ĐIỀU điều": True,
        "ĐIỀU điệu": False,
    }
    for text, expected in cases.items():
        assert MAY_BEGIN_NEXT(text) is expected, text
        assert (True in textpass.begins_next(text)) is expected, text


def test_every_character_lowers_as_str_lower_does() -> None:
    # Each code point beside its own upper, lower, title and case-folded forms,
    # as a word and beginning one: the C's one-character lower case against str.lower.
    for code in range(sys.maxunicode + 1):
        if 0xD800 <= code < 0xE000:
            continue
        char = chr(code)
        if char.isspace():
            continue
        for other in {char.upper(), char.lower(), char.title(), char.casefold()}:
            for text in (f"{char} {other}", f"{other} {char}", f"x{char} X{other}y"):
                assert agrees(text), (hex(code), text)


WORDS = st.sampled_from(
    ["the", "The", "THE", "then", "a", "an", "và", "Và", "của", "ĐIỀU", "điều", "İ", "i̇",
     "ΣΑΣ", "σας", "ς", "K", "\u212a", "k", "ß", "SS", "ﬁ", "fi", "x."]
)  # fmt: skip
SPACES = st.sampled_from([" ", "  ", "\t", "\n", "\u00a0", "\u2009", "\u3000", "\x1c", ""])


@given(st.lists(st.tuples(WORDS, SPACES), max_size=8))
def test_it_agrees_with_the_plain_question(parts: list[tuple[str, str]]) -> None:
    assert agrees("".join(word + space for word, space in parts))


@given(st.text(max_size=40))
def test_it_agrees_on_any_text(text: str) -> None:
    assert agrees(text)


def _texts() -> list[str]:
    # The corpus and eval/texts (always there); ../shared/realtexts when present.
    paths = sorted((REPO_ROOT / "corpus").glob("*.*")) + sorted(
        (REPO_ROOT / "eval" / "texts").glob("*.txt")
    )
    if REALTEXTS is not None:
        paths += sorted(p for p in REALTEXTS.rglob("*") if p.suffix in {".txt", ".tsv", ".xlf"})
    lines = []
    for path in paths:
        try:
            text = path.read_text(encoding="utf-8")
        except (UnicodeDecodeError, IsADirectoryError):
            continue
        lines += text.splitlines()
        lines += [cell for line in text.splitlines() for cell in line.split("\t")]
    return lines


def test_it_agrees_on_the_corpus_and_the_real_texts() -> None:
    lines = _texts()
    assert len(lines) > 1000
    assert all(agrees(line) and agrees(line.upper()) for line in lines)


@pytest.mark.parametrize("vi_is_source", [True, False])
def test_repeated_word_finds_the_same_without_it(
    monkeypatch: pytest.MonkeyPatch, vi_is_source: bool
) -> None:
    rule = formal.RepeatedWord.__new__(formal.RepeatedWord)  # (the hook reads no run)
    texts = [*_texts()[:3000], "the the end", "và và", "của của nó", "Is is it"]

    def findings() -> list[tuple[str, ...]]:
        out = []
        for k, text in enumerate(texts):
            vi, en = ("nguồn", text) if vi_is_source else (text, "source")
            pair = SegmentPair(str(k), vi, en, "f", k, vi_is_source=vi_is_source)
            out.append(tuple(f.message for f in rule.segment(Segment(pair, vi, en))))
        return out

    fast = findings()
    monkeypatch.setattr(formal, "_may_begin_next", None)
    assert findings() == fast
    assert sum(map(bool, fast)) >= 2


# The character sets the rules ask about, and others (wide characters, astral ones).
CHAR_SETS = ["0123456789", "0123456789IVX", '()[]{}“”«»"', "\t\n\xa0", "", "ạ", "\U0001f600x", "ÿĀ"]


@given(st.sampled_from(CHAR_SETS), st.text(max_size=40))
def test_any_of_agrees_with_the_plain_question(chars: str, text: str) -> None:
    assert textpass.any_of(chars)(text) == textpass.has_any(text, chars)


def test_any_of_and_find_on_every_character() -> None:
    for chars in CHAR_SETS:
        present, find = textpass.any_of(chars), textpass.finder(chars)
        for code in range(0, sys.maxunicode + 1, 7):
            text = f"ab{chr(code)}ạ{chr(code)}"
            assert present(text) == textpass.has_any(text, chars), (chars, hex(code))
            for start in (0, 2, 3, 4, 5, -1, -3):
                assert find(text, start) == textpass.find_any(text, chars, start), (chars, code)


@given(st.sampled_from(CHAR_SETS), st.text(max_size=40), st.integers(-50, 50))
def test_find_agrees_with_the_plain_question(chars: str, text: str, start: int) -> None:
    assert textpass.finder(chars)(text, start) == textpass.find_any(text, chars, start)
    assert textpass.finder(chars)(text) == textpass.find_any(text, chars)


def test_find_asks_for_a_text_and_a_whole_start() -> None:
    if not textpass.BUILT:
        pytest.skip("the C is not built")
    find = textpass.finder("0123456789")
    for args in [(), (b"1",), ("1", "0"), ("1", 0, 0), ("1", 1.0)]:
        with pytest.raises(TypeError):
            find(*args)
    # A start past any index is clipped, as str.find clips it (review11: it overflowed).
    for start in (2**70, -(2**70), 2**63 - 1, -(2**63)):
        assert find("a1b1", start) == textpass.find_any("a1b1", "0123456789", start)


WHICH_SETS = [*CHAR_SETS, screen.CHARS, "  ", "x" * 61]
# (chars, twice): a character twice in a row, among the characters or not
TWICE_SETS = [(screen.CHARS, "w"), ("w{", "w"), ("", "\x00"), ("x" * 60, "x"), ("ạ:", "~")]


@given(
    st.sampled_from([(chars, "") for chars in WHICH_SETS] + TWICE_SETS),
    st.text(max_size=40)
    | st.lists(SPACES).map("x".join)
    | st.lists(st.sampled_from(["w", "ww", "W", "x", "\x00", " ", "ạ", "~~"])).map("".join),
)
def test_which_agrees_with_the_plain_question(sets: tuple[str, str], text: str) -> None:
    chars, twice = sets
    assert textpass.which_of(chars, twice=twice)(text) == textpass.which(text, chars, twice)


def test_which_on_every_character() -> None:
    for chars, twice in [(chars, "") for chars in WHICH_SETS] + TWICE_SETS:
        which = textpass.which_of(chars, twice=twice)
        for code in range(0, sys.maxunicode + 1, 7):
            for text in (f"ab{chr(code)}ạ", f"{chr(code)}  {chr(code)}", f"w{chr(code)}ww"):
                assert which(text) == textpass.which(text, chars, twice), (chars, hex(code))


def test_which_refuses_more_characters_than_it_has_bits() -> None:
    with pytest.raises(ValueError):
        textpass.which_of("x" * 62)
    with pytest.raises(ValueError):
        textpass._textpass.AnyOf("x" * 62).which("x")
    # a character twice in a row takes one more bit: 60 characters then
    with pytest.raises(ValueError):
        textpass.which_of("x" * 61, twice="w")
    with pytest.raises(ValueError):
        textpass._textpass.AnyOf("x" * 61, "w").which("x")
    for twice in ("ww", " ", "ạ"):
        with pytest.raises(ValueError):
            textpass.which_of("x", twice=twice)
        with pytest.raises(ValueError):
            textpass._textpass.AnyOf("x", twice)


def test_any_of_on_the_corpus_and_the_real_texts() -> None:
    lines = _texts()
    for chars in CHAR_SETS:
        present = textpass.any_of(chars)
        assert [present(line) for line in lines] == [textpass.has_any(x, chars) for x in lines]
        find = textpass.finder(chars)
        assert [find(x) for x in lines] == [textpass.find_any(x, chars) for x in lines]
    for chars, twice in [(chars, "") for chars in WHICH_SETS] + TWICE_SETS:
        which = textpass.which_of(chars, twice=twice)
        assert [which(x) for x in lines] == [textpass.which(x, chars, twice) for x in lines]


def test_the_rules_that_ask_it_answer_the_same_without_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from normcorpus.check import numbers

    lines = [*_texts()[:4000], "Chương IV", "ngày 5/6/2018", "a\tb", " (x", "“y”"]
    lines += ["Part IV and CHAPTER XI, Section V of Annex", "Mục II, Chương X và PHẦN IV"]

    def answers() -> list[tuple[object, ...]]:
        return [
            (
                numbers._numbers_at(line, "vi"),
                numbers._numbers_at(line, "en"),
                numbers.read.__wrapped__(line, "vi"),
                numbers.read.__wrapped__(line, "en"),
                formal._has_bracket(line),
            )
            for line in lines
        ]

    fast = answers()
    # The plain questions in their place.
    monkeypatch.setattr(numbers, "_find_digit", textpass.finder("0123456789", compiled=False))
    monkeypatch.setattr(
        numbers, "_find_digit_or_numeral", textpass.finder("0123456789IVX", compiled=False)
    )
    monkeypatch.setattr(
        formal, "_has_bracket", textpass.any_of(formal._BRACKET_CHARS, compiled=False)
    )
    # (the numbers' patterns made again, their keyword finder plain)
    monkeypatch.setattr(numbers, "_patterns", lru_cache(maxsize=2)(numbers._Patterns))
    monkeypatch.setattr(textpass, "_textpass", None)
    assert answers() == fast
    assert {a[0] is None for a in fast} == {True, False} and {a[4] for a in fast} == {True, False}
    assert any(a[0] == -1 for a in fast)  # a chapter word, no digit
    assert any(a[2].written for a in fast) and any(a[3].written for a in fast)
    assert any(q.kind == "article number" for a in fast for q in a[2].written + a[3].written)
