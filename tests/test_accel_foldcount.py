"""accel.foldcount.FoldCounter against the plain rule: normalize.fold and TOKEN.findall."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from normcorpus import normalize
from normcorpus.accel.foldcount import FoldCounter
from normcorpus.store import writer
from normcorpus.store.schema import TOKEN

COUNTER = writer._fold_count()  # the one the store uses, with its alphabet


def plain(text: str) -> tuple[str, int]:
    return normalize.fold(text), len(TOKEN.findall(text))


# Mostly the alphabet (the fast path), sometimes any character (the fallback).
ALPHABET = "".join(map(chr, range(128))) + writer._vietnamese_letters() + "“”–…²½_"
TEXT = st.text(st.sampled_from(ALPHABET), max_size=60) | st.text(max_size=60)


@given(TEXT)
def test_it_folds_and_counts_as_the_plain_rule(text: str) -> None:
    assert COUNTER(text.lower()) == plain(text.lower())
    assert COUNTER(text) == plain(text)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "an ninh mạng",
        "điều 5. quyền và nghĩa vụ của cơ quan, tổ chức, cá nhân;",
        "“.vn” – tên miền quốc gia…",
        "m² và ½ số_hiệu 3.1.lq.1",  # ² and ½ are word characters; `_` is not a token's
        "an\u00a0ninh\u200bmạng",
        "한국어 and ελληνικά",  # outside the alphabet: the plain rule
    ],
)
def test_examples(text: str) -> None:
    assert COUNTER(text) == plain(text)


def test_the_vietnamese_letters_are_single_lower_case_letters() -> None:
    letters = writer._vietnamese_letters()
    assert len(letters) == len(set(letters)) >= 67  # 12 vowels × 5 tones + 6 + đ
    assert all(c.isalpha() and c.islower() and not c.isascii() for c in letters)
    assert {"ă", "â", "ê", "ô", "ơ", "ư", "đ", "ệ", "ữ", "ỹ"} <= set(letters)


def test_an_alphabet_the_tables_cannot_stand_for_is_refused() -> None:
    with pytest.raises(ValueError):
        FoldCounter("".join(map(chr, range(300))), normalize.fold, TOKEN)
    with pytest.raises(ValueError):
        FoldCounter("ab", lambda s: s * 2, re.compile(r"\w+"))
