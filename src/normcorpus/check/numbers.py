"""Numbers: `number-mismatch`, a number or date of the source absent from the target.

`12/6/2018` is present as `12 June 2018`, `1.000` as `1,000`, `10` as `ten`,
`Chương II` needs `II`. The source's numbers are read in ASCII digits.

The rule reads as little of each text as it can: two pre-checks (an ASCII
digit, a Roman-article keyword) skip most segments; the source's date
patterns led by `ngày`/`tháng` start from just before the first digit; and
the target is not tokenised whole: a source date asks where its own month's
English names are and reads a window of tokens beside each.
`tests/test_check_numbers.py` keeps the rule as first written as the reference.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache
from typing import NamedTuple

from .model import Finding, Rule, Segment


class NumberMismatch(Rule):
    id = "number-mismatch"
    severity = "warning"
    doc = "a number or date of the source is not in the target"

    def segment(self, seg: Segment) -> Iterable[Finding]:
        vi = seg.vi
        has_digit = _has_digit(vi)
        roman = _has_roman_keyword(vi)
        if not (has_digit or roman):
            return ()
        digit = _ASCII_DIGIT.search(vi) if has_digit else None
        numbers = _source_numbers(vi, digit.start() if digit else len(vi), roman)
        if not numbers:
            return ()
        target = target_numbers(seg.en)
        return [
            self.finding(
                seg,
                "the"
                f" {number.kind if number.kind != 'roman' else 'article number'}"
                f" “{number.text}” of the source is not in the target",
                expected=number.text,
            )
            for number in numbers
            if not _present(number, target)
        ]


_DIGIT = re.compile(r"\d")
_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ),
        start=1,
    )
    for name in names
}
_NUMBER_WORDS = {
    word: str(value)
    for value, words in enumerate(
        (
            ("zero",),
            ("one", "first"),
            ("two", "second"),
            ("three", "third"),
            ("four", "fourth"),
            ("five", "fifth"),
            ("six", "sixth"),
            ("seven", "seventh"),
            ("eight", "eighth"),
            ("nine", "ninth"),
            ("ten", "tenth"),
            ("eleven", "eleventh"),
            ("twelve", "twelfth"),
            ("thirteen",),
            ("fourteen",),
            ("fifteen",),
            ("sixteen",),
            ("seventeen",),
            ("eighteen",),
            ("nineteen",),
            ("twenty", "twentieth"),
        )
    )
    for word in words
} | {"thirty": "30", "forty": "40", "fifty": "50", "hundred": "100", "thousand": "1000"}

# The source's numbers are written in ASCII digits: `[0-9]`, not `\d` (which
# also reads other scripts' digits, and costs a Unicode table look-up a character).
_VI_DMY = re.compile(
    r"(?<![0-9.,/])([0-9]{1,2})\s*([/.-])\s*([0-9]{1,2})\s*\2\s*([0-9]{4})(?![0-9])"
)
_VI_DAY_MONTH = re.compile(
    r"\bngày\s+([0-9]{1,2})\s*(?:tháng\s+|/\s*|-\s*)([0-9]{1,2})"
    r"(?:\s*(?:,?\s*năm\s+|/\s*|-\s*)([0-9]{4}))?",
    re.IGNORECASE,
)
_VI_MONTH = re.compile(
    r"\btháng\s+([0-9]{1,2})(?:\s*(?:,?\s*năm\s+|/\s*|-\s*)([0-9]{4}))?", re.IGNORECASE
)
_VI_MONTH_YEAR = re.compile(r"(?<![0-9.,/])([0-9]{1,2})/([0-9]{4})(?![0-9])")
_ROMAN_KEYWORDS = ("Chương", "Mục", "Phần", "Phụ lục")
_VI_ROMAN = re.compile(rf"\b(?:{'|'.join(_ROMAN_KEYWORDS)})\s+([IVXLC]+)\b")
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
_VI_NUMBER = re.compile(r"[0-9]+(?:[.,][0-9]+)*")
_ASCII_DIGIT = re.compile(r"[0-9]")
_EN_TOKEN = re.compile(r"\d+|[^\W\d_]+")
_ORDINAL_SUFFIXES = frozenset(("st", "nd", "rd", "th", "of", "the"))
_EN_ISO = re.compile(r"\b(\d{4})-(\d{1,2})-(\d{1,2})\b")
_EN_NUMERIC = re.compile(r"(?<![\d.,/])(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})(?!\d)")
_EN_WORD = re.compile(r"[A-Za-z]+")


_VI_GROUPED = re.compile(r"\d{1,3}(?:\.\d{3})+(?:,\d+)?")  # 1.000 / 1.000,5
_VI_DECIMAL = re.compile(r"\d+,\d+")  # 2,5
_EN_GROUPED = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?")  # 1,000 / 1,000.5


@lru_cache(maxsize=4096)
def _values(raw: str, *, vietnamese_style: bool) -> frozenset[str]:
    """The values a number may stand for: as written, and read in its language's style."""
    if raw.isdigit():  # no separators: only itself (without leading zeros)
        return frozenset((str(int(raw)),))
    out = {raw}
    if vietnamese_style:
        if _VI_GROUPED.fullmatch(raw):
            out.add(raw.replace(".", "").replace(",", "."))
        elif _VI_DECIMAL.fullmatch(raw):
            out.add(raw.replace(",", "."))
    elif _EN_GROUPED.fullmatch(raw):
        out.add(raw.replace(",", ""))
    return frozenset(str(int(v)) if v.isdigit() else v for v in out)


class _SourceNumber(NamedTuple):  # a tuple: many are made, each read once
    text: str  # as written in the source
    kind: str  # date | number | roman
    day: int | None = None
    month: int | None = None
    year: int | None = None
    values: frozenset[str] = frozenset()


def _has_roman_keyword(text: str) -> bool:
    # Spelled out: twice as fast as `any` over _ROMAN_KEYWORDS, and most segments ask.
    return "Chương" in text or "Mục" in text or "Phần" in text or "Phụ lục" in text


def _has_digit(text: str) -> bool:
    """An ASCII digit in `text`: ten substring searches beat one regex scan fivefold."""
    return (
        "0" in text
        or "1" in text
        or "2" in text
        or "3" in text
        or "4" in text
        or "5" in text
        or "6" in text
        or "7" in text
        or "8" in text
        or "9" in text
    )


def _valid(day: int | None, month: int | None) -> bool:
    return (month is None or 1 <= month <= 12) and (day is None or 1 <= day <= 31)


def source_numbers(text: str) -> list[_SourceNumber]:
    """Dates, numbers and Roman article numbers in Vietnamese text."""
    digit = _ASCII_DIGIT.search(text)
    return _source_numbers(text, digit.start() if digit else len(text))


def _source_numbers(text: str, first_digit: int, roman: bool | None = None) -> list[_SourceNumber]:
    """`source_numbers`, told where the first digit is (and whether a Roman
    article keyword is in the text, when known)."""
    dates: list[tuple[re.Match[str], str | None, str | None, str | None]] = []
    if first_digit < len(text):  # every date has digits
        # Patterns that start with a digit are searched from the first one.
        # Those led by `ngày` or `tháng` (then whitespace, then digits) cannot
        # start before the word ending in the whitespace before the first digit.
        spaced = first_digit
        while spaced and text[spaced - 1].isspace():  # `\s` is str.isspace
            spaced -= 1
        dates += [
            (match, match.group(1), match.group(3), match.group(4))
            for match in _VI_DMY.finditer(text, first_digit)
        ]
        dates += [
            (match, *match.group(1, 2, 3))
            for match in _VI_DAY_MONTH.finditer(text, max(0, spaced - len("ngày")))
        ]
        dates += [
            (match, None, *match.group(1, 2))
            for match in _VI_MONTH.finditer(text, max(0, spaced - len("tháng")))
        ]
        if "/" in text:
            dates += [
                (match, None, *match.group(1, 2))
                for match in _VI_MONTH_YEAR.finditer(text, first_digit)
            ]
    out: list[_SourceNumber] = []
    taken: list[tuple[int, int]] = []  # where the dates kept are
    for match, day, month, year in dates:  # earlier patterns first
        start, end = match.span()
        d = int(day) if day else None
        m = int(month) if month else None
        if _overlaps(start, end, taken) or not _valid(d, m):
            continue
        taken.append((start, end))
        out.append(_SourceNumber(match.group().strip(), "date", d, m, int(year) if year else None))
    if roman is None:
        roman = _has_roman_keyword(text)
    if roman:
        for match in _VI_ROMAN.finditer(text):
            out.append(_SourceNumber(match.group(1), "roman", values=frozenset((match.group(1),))))
    for match in _VI_NUMBER.finditer(text, first_digit):
        start, end = match.span()
        if not _overlaps(start, end, taken):
            raw = match.group()
            out.append(_SourceNumber(raw, "number", values=_values(raw, vietnamese_style=True)))
    return out


def _overlaps(start: int, end: int, spans: list[tuple[int, int]]) -> bool:
    # A loop, not `any`: a segment has a date or two, and a generator costs more.
    for s, e in spans:  # noqa: SIM110
        if start < e and end > s:
            return True
    return False


@lru_cache(maxsize=4096)
def _target_values(raw: str) -> frozenset[str]:
    """A number of the target read either way (it may be copied as written)."""
    return _values(raw, vietnamese_style=False) | _values(raw, vietnamese_style=True)


# Month -> its names in English, longest first ("september", "sept", "sep").
_MONTH_NAMES: dict[int, tuple[str, ...]] = {}
for _name, _number in sorted(_MONTHS.items(), key=lambda item: -len(item[0])):
    _MONTH_NAMES[_number] = (*_MONTH_NAMES.get(_number, ()), _name)
_WINDOW = 48  # characters read on each side of a month name for its day


def _in_word(char: str) -> bool:
    r"""`char` continues a letter token (`[^\W\d_]`: alphanumeric, not a decimal digit)."""
    return char.isalnum() and not char.isdecimal()


def _lower_tokens(text: str, start: int, end: int) -> list[str]:
    return [token.lower() for token in _EN_TOKEN.findall(text, start, end)]


def _tokens_before(text: str, start: int) -> list[str]:
    """The lower-case tokens before `start`, nearest first, as far as a day could be.

    A window of them when it holds a token that is not an ordinal suffix (the
    day, or what stands where it would); all of them otherwise. The window's
    farthest token may be cut, and is left out.
    """
    if start > _WINDOW:
        tokens = _lower_tokens(text, start - _WINDOW, start)[1:]
        if not _ORDINAL_SUFFIXES.issuperset(tokens):
            return tokens[::-1]
    return _lower_tokens(text, 0, start)[::-1]


def _tokens_after(text: str, end: int) -> list[str]:
    """The lower-case tokens after `end`, nearest first (see _tokens_before)."""
    if end + _WINDOW < len(text):
        tokens = _lower_tokens(text, end, end + _WINDOW)[:-1]
        if not _ORDINAL_SUFFIXES.issuperset(tokens):
            return tokens
    return _lower_tokens(text, end, len(text))


def _day_beside(tokens: list[str]) -> int | None:
    """The day in the first token that is not an ordinal suffix (`th`, `of`, `the`, …)."""
    for token in tokens:
        if token not in _ORDINAL_SUFFIXES:
            # isdecimal: `²` is a letter token to the regex, and no int
            return int(token) if token.isdecimal() and 1 <= int(token) <= 31 else None
    return None


def _aligned_lower(text: str) -> str:
    """`text.lower()` with one character for each of `text`'s (offsets carry over).

    A character whose lower case is longer (`İ`) stays as it is: it is not
    ASCII, so it is never part of an English month name."""
    lowered = text.lower()
    if len(lowered) == len(text):
        return lowered
    return "".join(low if len(low := c.lower()) == 1 else c for c in text)


class _TargetNumbers:
    """What the target says in numbers, computed piecemeal as the source asks.

    Dates are looked up by month: the target is searched for that month's
    names only (`12/6/2018` asks where `June` or `Jun` is, and what number is
    beside it), rather than taken apart in full.
    """

    __slots__ = ("_days", "_first_digit", "_lowered", "_numeric", "_values", "_words", "text")

    def __init__(self, text: str):
        self.text = text
        self._first_digit: int | None = None
        self._lowered: str | None = None
        self._values: set[str] | None = None
        self._words: set[str] | None = None
        self._numeric: set[tuple[int, int]] | None = None
        # month -> (named as a token, the days beside its names)
        self._days: dict[int, tuple[bool, set[int]]] = {}

    @property
    def first_digit(self) -> int:
        """Where the first digit is (the text's length without one)."""
        if self._first_digit is None:
            text = self.text
            # ASCII text knows it is (in constant time): its digits are [0-9].
            digit = (_ASCII_DIGIT if text.isascii() else _DIGIT).search(text)
            self._first_digit = digit.start() if digit else len(text)
        return self._first_digit

    @property
    def values(self) -> set[str]:
        if self._values is None:
            values: set[str] = set()
            for raw in _NUMBER.findall(self.text, self.first_digit):
                values |= _target_values(raw)
            self._values = values
        return self._values

    @property
    def words(self) -> set[str]:
        if self._words is None:
            self._words = set(_EN_WORD.findall(self.text))
        return self._words

    def number(self, values: frozenset[str]) -> bool:
        if values & self.values:
            return True
        spelled = {_NUMBER_WORDS.get(w.lower()) for w in self.words}
        return bool(values & spelled)

    @property
    def numeric_dates(self) -> set[tuple[int, int]]:
        """(day, month) of the dates written in digits (`2018-06-12`, `12/6/2018`)."""
        if self._numeric is None:
            text, first_digit = self.text, self.first_digit
            numeric: set[tuple[int, int]] = set()
            for match in _EN_ISO.finditer(text, first_digit):
                numeric.add((int(match.group(3)), int(match.group(2))))
            for match in _EN_NUMERIC.finditer(text, first_digit):
                a, b = int(match.group(1)), int(match.group(2))
                numeric |= {(a, b), (b, a)}  # d/m or m/d: either reading counts
            self._numeric = numeric
        return self._numeric

    def _named(self, month: int) -> tuple[bool, set[int]]:
        """Whether a token names `month`, and the days beside those tokens.

        `12 June`, `12th of June`, `June 12`, `June 12th`: the number beside
        the name, ordinal suffixes and `of the` skipped; `may` is a month only
        next to a number (`5 May 2018`, not `States may`).
        """
        found = self._days.get(month)
        if found is not None:
            return found
        text = self.text
        if self._lowered is None:
            self._lowered = _aligned_lower(text)
        lowered = self._lowered
        named = False
        days: set[int] = set()
        for name in _MONTH_NAMES[month]:
            start = lowered.find(name)
            while start >= 0:
                end = start + len(name)
                if (
                    (start == 0 or not _in_word(text[start - 1]))
                    and (end == len(text) or not _in_word(text[end]))
                    and text[start:end].isascii()  # (`K` lower-cases to `k`)
                ):
                    before, after = _tokens_before(text, start), _tokens_after(text, end)
                    if (
                        name != "may"
                        or (before and before[0].isdecimal())
                        or (after and after[0].isdecimal())
                    ):
                        named = True
                        for day in (_day_beside(before), _day_beside(after)):
                            if day is not None:
                                days.add(day)
                start = lowered.find(name, start + 1)
        found = self._days[month] = (named, days)
        return found

    def names_day(self, day: int, month: int) -> bool:
        """The target has the day `day` of `month` (`12 June`, `6/12/2018`, …)."""
        return day in self._named(month)[1] or (day, month) in self.numeric_dates

    def names_month(self, month: int) -> bool:
        return self._named(month)[0] or any(m == month for _d, m in self.numeric_dates)

    @property
    def dates(self) -> tuple[set[tuple[int, int]], set[int]]:
        """(day, month) pairs and months the target names (all of them)."""
        day_months = {(d, m) for m in _MONTH_NAMES for d in self._named(m)[1]}
        day_months |= self.numeric_dates
        months = {m for m in _MONTH_NAMES if self._named(m)[0]} | {m for _d, m in day_months}
        return day_months, months


def target_numbers(text: str) -> _TargetNumbers:
    return _TargetNumbers(text)


def _present(number: _SourceNumber, target: _TargetNumbers) -> bool:
    if number.kind == "roman":
        return number.text in target.words
    if number.kind == "number":
        return target.number(number.values)
    if number.day is not None and number.month is not None:
        if not target.names_day(number.day, number.month):
            return False
    elif number.month is not None and not target.names_month(number.month):
        return False
    return number.year is None or str(number.year) in target.values
