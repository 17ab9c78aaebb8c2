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


LOWER_FOLD = writer._lower_fold_count()  # the C tables over the first 0x2300 code points


def plain_lower(text: str) -> tuple[str, str, int]:
    lowered = text.lower()
    return lowered, normalize.fold(lowered), len(TOKEN.findall(lowered))


# Upper case, Greek (Σ lowers to ς at a word's end), İ (two characters), the
# Vietnamese letters, the punctuation blocks, and sometimes any code point.
CASED = "".join(map(chr, range(0x250))) + "ΣΑσİĐẠẤỆỸ ’“…–\u2028\u00a0" + ALPHABET.upper()
CASED_TEXT = st.text(st.sampled_from(CASED), max_size=60) | st.text(max_size=60)


@given(CASED_TEXT)
def test_lower_fold_count_is_the_plain_rule(text: str) -> None:
    # str equality compares the strings' kinds (1, 2 or 4 bytes a character) before
    # their characters: equal, the C part's are as narrow as CPython makes them.
    assert LOWER_FOLD(text) == plain_lower(text)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "Điều 5. AN NINH MẠNG",
        "ÀÉ ĐỂ",  # Latin-1 and beyond: lowered and folded, both narrowed to their kind
        "ΟΔΟΣ ΣΑΣ",  # final sigma: the plain rule's
        "İSTANBUL",  # İ lowers to two characters: the plain rule's
        "EMOJI 🙂 x",  # beyond the tables' 2-byte code points
        "M² VÀ ½",
        "a\u2028b\u00a0c",
    ],
)
def test_lower_fold_count_examples(text: str) -> None:
    assert LOWER_FOLD(text) == plain_lower(text)


def test_the_c_part_covers_vietnamese_text() -> None:
    from normcorpus.accel import foldcount

    if foldcount._lower_fold_count is None:
        pytest.skip("built without the C part")
    lower, fold, kinds = LOWER_FOLD._tables
    made = foldcount._lower_fold_count("Điều 5. Quyền “AN NINH MẠNG”…", lower, fold, kinds)
    assert made == ("điều 5. quyền “an ninh mạng”…", "dieu 5. quyen “an ninh mang”…", 6)
    # Σ and İ are left to the plain rule; so is what lies beyond the tables.
    assert foldcount._lower_fold_count("ΟΔΟΣ", lower, fold, kinds) is None
    assert foldcount._lower_fold_count("İ", lower, fold, kinds) is None
    assert foldcount._lower_fold_count("한", lower, fold, kinds) is None


def test_without_the_c_part_the_plain_rule_counts(monkeypatch: pytest.MonkeyPatch) -> None:
    from normcorpus.accel import foldcount

    monkeypatch.setattr(foldcount, "_lower_fold_count", None)
    for text in ("Điều 5. AN NINH MẠNG", "ΟΔΟΣ", "한국어"):
        assert LOWER_FOLD(text) == plain_lower(text)


@given(CASED_TEXT)
def test_the_compiled_pass_a_caller_loops_with_is_the_plain_rule(text: str) -> None:
    # store.prepare calls the C pass itself and the counter only where it gives None.
    compiled, tables = LOWER_FOLD.compiled
    if compiled is None:
        pytest.skip("built without the C part")
    made = compiled(text, *tables)
    assert made is None or made == plain_lower(text)
    assert (LOWER_FOLD(text) if made is None else made) == plain_lower(text)
