"""syllables.py: syllables taken apart, how far two syllables are, and the slips of a typist."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from normcorpus import normalize, syllables
from normcorpus.syllables import Syllable


@pytest.mark.parametrize(
    ("syllable", "parts"),
    [
        ("nghiêng", Syllable("ngh", "iê", "ng", "ngang")),
        ("quốc", Syllable("qu", "ô", "c", "sac")),
        ("xuyết", Syllable("x", "uyê", "t", "sac")),
        ("suốt", Syllable("s", "uô", "t", "sac")),
        ("hợp", Syllable("h", "ơ", "p", "nang")),
        ("hơp", Syllable("h", "ơ", "p", "ngang")),
        ("thỏa", Syllable("th", "oa", "", "hoi")),
        ("thảo", Syllable("th", "ao", "", "hoi")),
        ("mạng", Syllable("m", "a", "ng", "nang")),
        ("trường", Syllable("tr", "ươ", "ng", "huyen")),
        ("giá", Syllable("gi", "a", "", "sac")),
        ("đe", Syllable("đ", "e", "", "ngang")),  # đ is a letter of its own
        ("Đa", Syllable("đ", "a", "", "ngang")),
        ("dọa", Syllable("d", "oa", "", "nang")),
        ("khuyến", Syllable("kh", "uyê", "n", "sac")),
        ("oanh", Syllable("", "oa", "nh", "ngang")),
        ("ã", Syllable("", "a", "", "nga")),
        # upper case is parsed as lower case
        ("MẠNG", Syllable("m", "a", "ng", "nang")),
        # `gì`: the onset must leave a vowel
        ("gì", Syllable("g", "i", "", "huyen")),
        # not Vietnamese: still parses
        ("ASEAN", Syllable("", "asea", "n", "ngang")),
    ],
)
def test_parse(syllable: str, parts: Syllable) -> None:
    assert syllables.parse(syllable) == parts


@pytest.mark.parametrize(
    ("written", "intended", "distance"),
    [
        # the typos of the ASEAN statement: one part off
        ("xuyết", "suốt", 1),  # s/x are one class; the rhyme differs
        ("hơp", "hợp", 1),  # tone
        ("thỏa", "thảo", 1),  # rhyme
        ("de", "đe", 1),  # đ is not d (`de` is the onset of `dọa`, not of `đe`)
        ("ra", "đa", 1),  # nor one of the d/gi/r that speakers confuse
        # different words
        ("thông", "mạng", 3),
        ("lại", "lưới", 2),
        ("mang", "mạng", 1),
        # confusable onsets and finals count as equal
        ("chuyên", "truyên", 0),
        ("dọa", "rọa", 0),
        ("tác", "tát", 0),
        ("an", "ang", 0),
        ("lăm", "năm", 0),
        # vowel marks other than the tone do not count
        ("hop", "hơp", 0),
        ("hợp", "hợp", 0),
        ("hợp", "hộp", 0),
        ("hợp", "hạp", 1),
        ("hợp", "hấp", 2),  # rhyme and tone
    ],
)
def test_distance(written: str, intended: str, distance: int) -> None:
    assert syllables.distance(written, intended) == distance
    assert syllables.distance(intended, written) == distance


@pytest.mark.parametrize(
    ("syllable", "stripped"),
    [("mạng", "mang"), ("đề", "đê"), ("Hợp", "Hơp"), ("ASEAN", "ASEAN"), ("", "")],
)
def test_strip_tone(syllable: str, stripped: str) -> None:
    assert syllables.strip_tone(syllable) == stripped


def test_lexicon_is_underthesea_word_list() -> None:
    lexicon = syllables.lexicon()
    assert len(lexicon) > 5000
    assert {"mang", "mạng", "hợp", "tác", "hòa"} <= lexicon
    assert {"hơp", "xuyết"}.isdisjoint(lexicon)
    assert all(" " not in word and word == word.lower() for word in lexicon)


@pytest.mark.parametrize(
    ("written", "intended", "expected"),
    [
        ("mang", "mạng", True),  # "carry" is a word: no evidence of a typo
        ("hơp", "hợp", False),  # not a word: a typo
        ("mạng", "mạng", False),  # the same syllable
        ("thỏa", "thảo", False),  # differs in more than the tone
    ],
)
def test_other_word(written: str, intended: str, expected: bool) -> None:
    assert syllables.other_word(written, intended) is expected


def test_neighbours_are_the_words_one_part_off() -> None:
    # The four indexes (one part left out each) find exactly distance <= 1;
    # `of` gives their folded forms, without the syllable's own.
    vocabulary = sorted(syllables.lexicon())[::40]
    near = syllables.Neighbours(set(vocabulary))
    for written in ["hơp", "mang", "xuyết", "thỏa", "quốc", "an", "nghiêng", "đe", "zzz"]:
        expected = {w for w in vocabulary if syllables.distance(written, w) <= 1}
        assert near.words(written) == expected, written
        folded = {normalize.fold(w) for w in expected}
        assert near.of(written) == folded - {normalize.fold(written)}
    assert near.words("mạng")  # the sample holds words near a common syllable


@pytest.mark.parametrize(
    ("written", "intended", "expected"),
    [
        ("tac", "tac", None),
        ("thoa", "thao", "swap"),
        ("tsc", "tac", "key"),  # s is beside a
        ("tqc", "tac", "key"),  # q is beside a (the row above)
        ("tzc", "tac", "key"),  # z is beside a (the row below)
        ("tpc", "tac", None),  # p is far from a
        ("cac", "tac", None),  # c is far from t
        ("tacc", "tac", "extra"),  # the same key again
        ("tacv", "tac", "extra"),  # beside its neighbour
        ("tacp", "tac", None),
        ("tc", "tac", "missing"),
        ("ddoa", "doa", "extra"),  # `đ` is typed `dd`
        ("tca", "tac", "swap"),
        ("cta", "tac", None),  # two keys moved
    ],
)
def test_keystroke(written: str, intended: str, expected: str | None) -> None:
    assert syllables.keystroke(written, intended) == expected


@pytest.mark.parametrize(
    ("written", "intended", "neighbours", "expected"),
    [
        # the typos of the ASEAN statement
        ("hơp", "hợp", (), "marks"),
        ("thỏa", "thảo", (), "swap"),
        ("xuyết", "suốt", ("xuyên",), "context"),  # the rhyme of `xuyên`
        ("xuyết", "suốt", ("bố",), None),  # without it: two parts off
        ("de", "đe", (), "marks"),  # a folded syllable: the aligner calls it `folded`
        ("sâm", "xâm", (), "key"),  # s and x are neighbours on the keyboard too
        ("chung", "trung", (), "dialect"),  # ch/tr
        ("ngại", "ngoại", (), "missing"),
        ("mang", "mạng", (), "marks"),  # a word too: the aligner weighs that
        ("tắc", "tác", (), "marks"),  # one letter's own mark
        ("để", "đe", (), None),  # a mark and the tone: two slips
        # another word, not a slip
        ("các", "tác", (), None),  # c is not beside t, nor confused with it
        ("mà", "nhà", (), None),
        ("sinh", "ninh", (), None),
        ("trong", "chống", (), None),  # three slips: ch/tr, ô, the tone
        ("ra", "đa", (), None),
        ("cụ", "cậy", (), None),
        ("tiên", "tuyên", (), None),
        ("thóa", "thảo", (), None),  # a swap and a wrong tone: two slips
        ("hợp", "hợp", (), None),
    ],
)
def test_slip(
    written: str, intended: str, neighbours: tuple[str, ...], expected: str | None
) -> None:
    assert syllables.slip(written, intended, neighbours) == expected


def test_words_are_the_lexicon_s_words_of_two_syllables_or_more() -> None:
    words = syllables.words()
    assert len(words) > 50_000
    assert {"quốc ca", "tập hợp", "quốc phòng", "cơ quan", "an sinh"} <= words
    assert {"hơp tác", "thỏa luận", "xuyên xuyết", "mang"}.isdisjoint(words)
    assert "quoc ca" in syllables.folded_words()
    assert {"an", "ninh", "mang", "quoc"} <= syllables.folded_syllables()


def test_keystroke_variants_are_what_keystroke_accepts() -> None:
    letters = "abcdeghiklmnopqrstuvxy"
    rng = random.Random(3)
    words = ["".join(rng.choice(letters) for _ in range(rng.randint(1, 6))) for _ in range(200)]
    words += ["thao", "thoa", "ddoa", "doa", "tac", "tc", "tacc", "tacv", "tsc", "nganh", "ngang"]
    for intended in words:
        variants = syllables.keystroke_variants(intended)
        for written in words + sorted(variants):
            assert (syllables.keystroke(written, intended) is not None) == (written in variants), (
                written,
                intended,
            )


def test_word_list_cached_by_digest_and_same_as_normalised(tmp_path, monkeypatch):
    # The normalised Viet74K list is read back from the user's cache; a corrupt
    # cache file is ignored and written again, and the words never differ.
    import importlib.util

    spec = importlib.util.find_spec("underthesea")
    if spec is None:
        pytest.skip("underthesea not installed")
    raw = next(
        (Path(base) / "corpus/data/Viet74K.txt").read_bytes()
        for base in spec.submodule_search_locations
    )
    expected = syllables._normalised(raw)
    assert "an ninh" in expected and len(expected) > 70_000
    monkeypatch.setenv("NORMCORPUS_CACHE_DIR", str(tmp_path))
    syllables._word_list.cache_clear()
    try:
        assert syllables._word_list() == expected
        (cached,) = tmp_path.glob("viet74k-*.marshal")
        assert syllables._word_list.__wrapped__() == expected  # read back
        cached.write_bytes(cached.read_bytes()[:-100])  # truncated: not trusted
        assert syllables._word_list.__wrapped__() == expected
        assert syllables._word_list.__wrapped__() == expected
    finally:
        syllables._word_list.cache_clear()


def _letters_plain(value: str) -> str:
    lower = normalize.nfc(value.lower())
    return "".join(c if c == "đ" else normalize.fold(c) for c in lower)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="aăâbdđeêioôơuưyAĂĐÊÔƠƯ09_ \u0300\u0301\u0303\u0309\u0323áàạẢỄỡ"))
def test_letters_fold_each_character_but_d_bar(text: str) -> None:
    # `_letters` by a translate table: each character as `normalize.fold` folds
    # it, `đ` kept (as folding character by character does).
    assert syllables._letters(text) == _letters_plain(text)


def test_letters_of_the_lexicon() -> None:
    words = sorted(syllables.lexicon())
    assert [syllables._letters(w) for w in words] == [_letters_plain(w) for w in words]
    assert syllables._letters("Đường") == "đuong"


def test_word_sets_read_from_the_cache_are_the_plain_ones() -> None:
    # `folded_words` and the aligner's word edges come from `from_words`' cache:
    # the same sets as made from the word list each time.
    from itertools import pairwise

    from normcorpus import align

    assert syllables.words()
    assert syllables.folded_words() == frozenset(map(normalize.fold, syllables.words()))
    assert align._edges() == frozenset(
        f"{a} {b}"
        for word in syllables.words()
        if 1 < word.count(" ") < align._WORD_SPAN
        for a, b in pairwise(word.split(" "))
    )
