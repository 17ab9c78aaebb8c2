"""accel.textpass against the plain questions it answers (and the rules that ask them)."""

from __future__ import annotations

import sys

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conftest import REALTEXTS, REPO_ROOT
from normcorpus.accel import textpass
from normcorpus.check import formal
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


def test_any_of_on_every_character() -> None:
    for chars in CHAR_SETS:
        present = textpass.any_of(chars)
        for code in range(0, sys.maxunicode + 1, 7):
            text = f"ab{chr(code)}ạ"
            assert present(text) == textpass.has_any(text, chars), (chars, hex(code))


@given(st.sampled_from(CHAR_SETS), st.text(max_size=40) | st.lists(SPACES).map("x".join))
def test_spaced_agrees_with_the_plain_question(chars: str, text: str) -> None:
    assert textpass.spaced_by(chars)(text) == textpass.spaced(text, chars)


def test_any_of_on_the_corpus_and_the_real_texts() -> None:
    lines = _texts()
    for chars in CHAR_SETS:
        present = textpass.any_of(chars)
        assert [present(line) for line in lines] == [textpass.has_any(x, chars) for x in lines]
        spaced = textpass.spaced_by(chars)
        assert [spaced(x) for x in lines] == [textpass.spaced(x, chars) for x in lines]


def test_the_rules_that_ask_it_answer_the_same_without_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from normcorpus.check import numbers

    lines = [*_texts()[:4000], "Chương IV", "ngày 5/6/2018", "a\tb", " (x", "“y”"]

    def answers() -> list[tuple[object, ...]]:
        return [
            (
                numbers._may_have_numbers(line, "vi"),
                numbers._may_have_numbers(line, "en"),
                formal._has_bracket(line),
            )
            for line in lines
        ]

    fast = answers()
    # The plain questions in their place.
    monkeypatch.setattr(numbers, "_has_digit", textpass.any_of("0123456789", compiled=False))
    monkeypatch.setattr(
        numbers, "_has_digit_or_numeral", textpass.any_of("0123456789IVX", compiled=False)
    )
    monkeypatch.setattr(
        formal, "_has_bracket", textpass.any_of(formal._BRACKET_CHARS, compiled=False)
    )
    assert answers() == fast
    assert {a[0] for a in fast} == {True, False} and {a[2] for a in fast} == {True, False}
