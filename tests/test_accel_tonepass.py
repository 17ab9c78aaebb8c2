"""accel.tonepass against the regex it answers for (`check.engine`'s tone candidate)."""

from __future__ import annotations

import sys

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conftest import REALTEXTS, REPO_ROOT
from normcorpus.accel import tonepass
from normcorpus.check import engine

pytestmark = pytest.mark.skipif(not tonepass.BUILT, reason="accel._tonepass was not built")
FOUND = tonepass.tone_place(engine._TONE_FIRSTS, engine._TONE_SECONDS)
FIRSTS = "".join(engine._TONE_FIRSTS)
SECONDS = "".join(engine._TONE_SECONDS)


def plain(text: str) -> bool:
    return engine._TONE_CANDIDATE.search(text) is not None


def test_the_checker_asks_the_c() -> None:
    assert isinstance(getattr(engine._tone_place, "__self__", None), tonepass._tonepass.TonePlace)


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
    assert len(lines) > 100
    assert [FOUND(line) for line in lines] == [plain(line) for line in lines]
    assert any(map(FOUND, lines))


@given(st.text(alphabet=st.sampled_from(FIRSTS + SECONDS + "aáà ́_1.\u0300xỳ\U0001f600ÿ")))
def test_hypothesis_texts(text: str) -> None:
    assert FOUND(text) is plain(text)


def test_it_refuses_what_it_cannot_read() -> None:
    with pytest.raises(TypeError, match="str"):
        FOUND(b"hoa")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="groups"):
        tonepass.tone_place(["o"], ["à", "ý"])
    with pytest.raises(ValueError, match="U\\+1FFF"):
        tonepass.tone_place(["o"], ["\u4e00"])
    with pytest.raises(TypeError, match="str"):
        tonepass.tone_place([1], ["à"])  # type: ignore[list-item]
