"""number-mismatch against a slow reference: the faster parsing finds the same numbers.

The reference is the rule as first written: every pattern searched over the
whole text, the English tokenised in full. numbers.py searches from the first
digit (or the first `ngày`/`tháng`), tokenises lower-case ASCII with a plain
pattern, and remembers number readings; these tests check that nothing moves.
"""

from __future__ import annotations

import re

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from normcorpus.check import Checker, check_pairs, numbers, vietnamese
from normcorpus.formats.bilingual import SegmentPair
from normcorpus.glossary import make_glossary


def _values(raw: str, *, vietnamese_style: bool) -> set[str]:
    out = {raw}
    if vietnamese_style:
        if re.fullmatch(r"\d{1,3}(?:\.\d{3})+(?:,\d+)?", raw):
            out.add(raw.replace(".", "").replace(",", "."))
        elif re.fullmatch(r"\d+,\d+", raw):
            out.add(raw.replace(",", "."))
    elif re.fullmatch(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?", raw):
        out.add(raw.replace(",", ""))
    return {str(int(v)) if v.isdigit() else v for v in out}


def _source(text: str) -> list[tuple[str, str, int | None, int | None, int | None, frozenset]]:
    out: list[tuple[str, str, int | None, int | None, int | None, frozenset]] = []
    taken: list[tuple[int, int]] = []

    def free(start: int, end: int) -> bool:
        return all(end <= s or start >= e for s, e in taken)

    def date(match: re.Match[str], day: str | None, month: str | None, year: str | None) -> None:
        d = int(day) if day else None
        m = int(month) if month else None
        if not free(*match.span()) or not numbers._valid(d, m):
            return
        taken.append(match.span())
        out.append((match.group().strip(), "date", d, m, int(year) if year else None, frozenset()))

    for match in numbers._VI_DMY.finditer(text):
        date(match, match.group(1), match.group(3), match.group(4))
    lowered = text.lower()
    if "ngày" in lowered or "tháng" in lowered:
        for match in numbers._VI_DAY_MONTH.finditer(text):
            date(match, match.group(1), match.group(2), match.group(3))
        for match in numbers._VI_MONTH.finditer(text):
            date(match, None, match.group(1), match.group(2))
    if "/" in text:
        for match in numbers._VI_MONTH_YEAR.finditer(text):
            date(match, None, match.group(1), match.group(2))
    if any(word in text for word in numbers._ROMAN_KEYWORDS):
        for match in numbers._VI_ROMAN.finditer(text):
            out.append((match.group(1), "roman", None, None, None, frozenset((match.group(1),))))
    for match in numbers._VI_NUMBER.finditer(text):
        if free(*match.span()):
            raw = match.group()
            values = frozenset(_values(raw, vietnamese_style=True))
            out.append((raw, "number", None, None, None, values))
    return out


def _target_dates(text: str) -> tuple[set[tuple[int, int]], set[int]]:
    day_months: set[tuple[int, int]] = set()
    months: set[int] = set()
    tokens = [t.lower() for t in numbers._EN_TOKEN.findall(text)]
    for k, token in enumerate(tokens):
        month = numbers._MONTHS.get(token)
        beside = [tokens[j] for j in (k - 1, k + 1) if 0 <= j < len(tokens)]
        if month is None or (token == "may" and not any(t.isdecimal() for t in beside)):
            continue
        months.add(month)
        for step in (-1, 1):
            j = k + step
            while 0 <= j < len(tokens) and tokens[j] in numbers._ORDINAL_SUFFIXES:
                j += step
            if 0 <= j < len(tokens) and tokens[j].isdecimal() and 1 <= int(tokens[j]) <= 31:
                day_months.add((int(tokens[j]), month))
    for match in numbers._EN_ISO.finditer(text):
        day_months.add((int(match.group(3)), int(match.group(2))))
    for match in numbers._EN_NUMERIC.finditer(text):
        a, b = int(match.group(1)), int(match.group(2))
        day_months |= {(a, b), (b, a)}
    months |= {m for _d, m in day_months}
    return day_months, months


def _missing(vi: str, en: str) -> list[str]:
    """The numbers of `vi` the reference finds absent from `en`."""
    values: set[str] = set()
    for match in numbers._NUMBER.finditer(en):
        values |= _values(match.group(), vietnamese_style=False)
        values |= _values(match.group(), vietnamese_style=True)
    words = set(numbers._EN_WORD.findall(en))
    day_months, months = _target_dates(en)
    spelled = {numbers._NUMBER_WORDS.get(w.lower()) for w in words}

    def present(kind: str, text: str, day: int | None, month: int | None, year: int | None,
                number_values: frozenset) -> bool:  # fmt: skip
        if kind == "roman":
            return text in words
        if kind == "number":
            return bool(number_values & values) or bool(number_values & spelled)
        if day is not None and month is not None:
            if (day, month) not in day_months:
                return False
        elif month is not None and month not in months:
            return False
        return year is None or str(year) in values

    return [
        text
        for text, kind, day, month, year, number_values in _source(vi)
        if not present(kind, text, day, month, year, number_values)
    ]


_VI_PIECES = [
    "ngày\u00a05 tháng\t6",  # whitespace other than one space before the digits
    "xngày 7/8",  # not the word `ngày`
    "ngày 12/6/2018",
    "ngày 12 tháng 6 năm 2018",
    "Ngày 3-4-2019",
    "12/6/2018",
    "12.6.2018",
    "tháng 6 năm 2018",
    "tháng 6/2018",
    "THÁNG 13",
    "6/2018",
    "1.000",
    "1.000,5",
    "2,5",
    "10",
    "07",
    "Điều 5",
    "khoản 2",
    "Chương II",
    "Mục IV",
    "Phụ lục X",
    "lần thứ 32",
    "hợp tác",
    "an ninh mạng",
    "năm",
    ",",
    ".",
    "/",
]
_EN_PIECES = [
    "12 June 2018",
    "June 12",
    "June 12th",
    "the 12th of June",
    "2018-06-12",
    "6/12/2018",
    "12.6.2018",
    "May 2018",
    "may",
    "5 May",
    "in June",
    "1,000",
    "1000.5",
    "2.5",
    "ten",
    "seven",
    "Article 5",
    "Chapter II",
    "IV",
    "32nd",
    "cooperation",
    "2018",
    "2019",
    "Ünïcode 12",
    # Month names read in a window of tokens around them: inside words, cut
    # tokens at the window's edge, runs of ordinal suffixes longer than it.
    "Mayor 5",
    "dismay",
    "12June",
    "JUNE",
    "th of the",
    "the of the of the of the of the of the of the of the of",
    "x" * 60,
    "٣ June",
    "123456789012345678901234567890123456789012345678901234567890",
    ",",
    ".",
]


def _joined(pieces: list[str]) -> st.SearchStrategy[str]:
    return st.lists(st.sampled_from(pieces), max_size=6).map(" ".join)


@pytest.fixture(scope="module")
def numbers_checker() -> Checker:
    return Checker(make_glossary([]), rules={"number-mismatch"})


@settings(max_examples=400, deadline=None)
@given(_joined(_VI_PIECES), _joined(_EN_PIECES))
def test_number_mismatch_agrees_with_the_reference(
    numbers_checker: Checker, vi: str, en: str
) -> None:
    # (an empty or copied target is `untranslated`, and not checked for numbers)
    assume(en.strip() and en.strip().casefold() != vi.strip().casefold())
    pair = SegmentPair("x", vi, en, "t.tsv", 1)
    found = [f.expected for f in check_pairs([pair], numbers_checker).findings]
    assert found == _missing(vietnamese(vi), en)


@settings(max_examples=200, deadline=None)
@given(_joined(_VI_PIECES))
def test_source_numbers_agree_with_the_reference(vi: str) -> None:
    assert [tuple(n) for n in numbers.source_numbers(vi)] == _source(vi)


def test_source_numbers_are_ascii_digits() -> None:
    # Digits of other scripts are not read in the source (docs/numbers.md).
    assert numbers.source_numbers("khoản \uff12 và \u0663") == []
    assert [n.text for n in numbers.source_numbers("khoản 2 và \uff13")] == ["2"]


@pytest.mark.parametrize(
    "en",
    [
        "12 " + "of the " * 10 + "June",  # the day beyond the window, before
        "June " + "the th " * 12 + "12th",  # and after
        "x" * 60 + " May 5",
        "5 May " + "y" * 60,
        "7" * 60 + " may",  # one long token fills the window
        "may " + "8" * 60,
        "dismay 5, Mayor 6, 7 mayday",
        "Sept. 9 and 10th of Oct and the ſeptember 3",
        "٣ June and June ٤",
        "on ² June, ½ May",  # number-like letters: not a day, and no crash
    ],
)
def test_target_dates_read_near_the_month_as_in_the_whole_text(en: str) -> None:
    assert numbers.target_numbers(en).dates == _target_dates(en)
