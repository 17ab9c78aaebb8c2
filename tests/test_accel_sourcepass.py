"""accel.sourcepass against the regexes it answers for (`check.engine`'s, `align`'s)."""

from __future__ import annotations

import sys

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conftest import REALTEXTS, REPO_ROOT
from normcorpus import align
from normcorpus.accel import sourcepass
from normcorpus.check import engine

pytestmark = pytest.mark.skipif(not sourcepass.BUILT, reason="accel._sourcepass was not built")
FOUND = sourcepass.tone_place(engine._TONE_FIRSTS, engine._TONE_SECONDS)
FIRSTS = "".join(engine._TONE_FIRSTS)
SECONDS = "".join(engine._TONE_SECONDS)


def plain(text: str) -> bool:
    return engine._TONE_CANDIDATE.search(text) is not None


def test_the_checker_asks_the_c() -> None:
    assert isinstance(
        getattr(engine._tone_place, "__self__", None), sourcepass._sourcepass.TonePlace
    )


def test_open_syllables_are_found_and_closed_ones_not() -> None:
    cases = {
        "hoà": True,
        "Hoà bình.": True,
        "HOÀ": True,
        "thuỷ": True,
        "khoẻ,": True,
        "quý": True,
        "hoàng": False,
        "hoà\u0301": False,  # a combining mark after it: part of the syllable
        "hoà_": False,
        "hoà1": False,
        "uà oỳ": False,  # a vowel of the other group
        "à": False,
        "": False,
        "hòa": False,
    }
    for text, expected in cases.items():
        assert FOUND(text) is expected, text
        assert plain(text) is expected, text


def test_every_character_in_every_place() -> None:
    # Each code point after a first, as a second, and after a pair: the table and the
    # regex's classes (\w, the combining marks) read each alike.
    pairs = [f + s for f in FIRSTS for s in SECONDS[:3]] + ["oà", "uý", "ox", "aà"]
    for code in range(sys.maxunicode + 1):
        if 0xD800 <= code < 0xE000:
            continue
        c = chr(code)
        for text in (*(p + c for p in pairs[::7]), "o" + c, "u" + c, c + "à", "o" + c + " "):
            assert FOUND(text) is plain(text), (hex(code), text)


def test_texts_of_the_corpus_and_real_texts() -> None:
    paths = sorted((REPO_ROOT / "corpus").glob("*.txt"))
    if REALTEXTS is not None:
        paths += sorted(REALTEXTS.rglob("*.txt"))
    lines = [line for path in paths for line in path.read_text(errors="replace").splitlines()]
    assert len(lines) > (1000 if REALTEXTS is not None else 50)  # (a clone has the corpus only)
    assert [FOUND(line) for line in lines] == [plain(line) for line in lines]
    assert any(map(FOUND, lines))


@given(st.text(alphabet=st.sampled_from(FIRSTS + SECONDS + "aáà ́_1.\u0300xỳ\U0001f600ÿ")))
def test_hypothesis_texts(text: str) -> None:
    assert FOUND(text) is plain(text)


def test_it_refuses_what_it_cannot_read() -> None:
    with pytest.raises(TypeError, match="str"):
        FOUND(b"hoa")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="groups"):
        sourcepass.tone_place(["o"], ["à", "ý"])
    with pytest.raises(ValueError, match="U\\+20FF"):
        sourcepass.tone_place(["o"], ["\u4e00"])
    with pytest.raises(ValueError, match="U\\+20FF"):
        sourcepass.glued_note("1\u4e00", "")
    with pytest.raises(TypeError):
        sourcepass.glued_note(["1"], "")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="str"):
        GLUED(None)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="str"):
        sourcepass.tone_place([1], ["à"])  # type: ignore[list-item]


# --- a footnote number glued to a word (align's `_GLUED_NOTE`) ----------------------

GLUED = sourcepass.glued_note("0123456789" + align._SUPERSCRIPTS, align._SUPERSCRIPTS)
DIGITS = "0123456789" + align._SUPERSCRIPTS


def glued_plain(text: str) -> bool:
    return align._GLUED_NOTE.search(text) is not None


def test_the_aligner_asks_the_c() -> None:
    assert isinstance(
        getattr(align._has_glued_note, "__self__", None), sourcepass._sourcepass.GluedNote
    )


def test_notes_glued_to_words_are_found_and_codes_not() -> None:
    cases = {
        "Luật Viễn thông1.": True,
        "an ninh mạng²": True,
        "QH11": True,  # the aligner tells a code from a note later (`_glued_notes`)
        "thông12 x": True,
        "thông1234": False,  # four digits: no note
        "Điều 5": False,
        "1a": False,
        "a_1": False,
        "a1b": False,
        "a1\u0301": True,  # a combining mark is no \w
        "a1\u2072": True,  # an unassigned code point of the range: a digit, no \w
        "a123\u2072": True,
        "a1\u2072b": True,  # backtracking: the run read shorter
        "": False,
    }
    for text, expected in cases.items():
        assert GLUED(text) is expected, text
        assert glued_plain(text) is expected, text


def test_every_character_in_every_glued_place() -> None:
    # Each code point as the letter before, as the digit, after a run of one to four
    # digits, and after a letter (as the regex's \w, \d and classes read it).
    for code in range(sys.maxunicode + 1):
        if 0xD800 <= code < 0xE000:
            continue
        c = chr(code)
        texts = (
            c + "1",
            c + "1 ",
            "a" + c,
            "a" + c + ".",
            "a1" + c,
            "a12" + c,
            "a123" + c,
            "a¹²" + c,
        )
        for text in texts:
            assert GLUED(text) is glued_plain(text), (hex(code), text)


def test_glued_notes_in_the_corpus_and_real_texts() -> None:
    paths = sorted((REPO_ROOT / "corpus").glob("*.txt"))
    if REALTEXTS is not None:
        paths += sorted(REALTEXTS.rglob("*.txt"))
    lines = [line for path in paths for line in path.read_text(errors="replace").splitlines()]
    assert [GLUED(line) for line in lines] == [glued_plain(line) for line in lines]


@given(st.text(alphabet=st.sampled_from(DIGITS + "aàĐ_ \n.\u0301\u2072\u00bd٣x")))
def test_hypothesis_glued(text: str) -> None:
    assert GLUED(text) is glued_plain(text)
