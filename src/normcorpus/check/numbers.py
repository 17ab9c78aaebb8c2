"""Numbers: `number-mismatch`, the numbers and dates of the two sides compared as sets.

Each side is read into what it *writes* (numbers in digits, dates, Roman
numerals after a chapter word) and what it *says* in any form. A number the
source writes must be said by the target, and one the target writes must be
said by the source; otherwise a finding names it. What counts as the same:

- separators of either language: `1.500` (Vietnamese) = `1,500` = `1500`,
  `2,5` = `2.5`; a number is read in its side's style, and offered in both
  (a translation may copy the source's style);
- number words: `10` = `ten` = `mười`, `1500` = `fifteen hundred` = `một
  nghìn năm trăm`, `2,5 triệu` = `2.5 million`; words satisfy a number but are
  never demanded (`một` is also "a", `năm` also "year");
- enumerations and ranges: `các khoản 1, 2, 3, 4 và 5` = `Clauses 1 through
  5` = `1 to 5` = `1–5` = `từ khoản 1 đến khoản 5` (a range says the numbers
  inside it too);
- dates in the usual forms: `12/6/2018`, `ngày 12 tháng 6 năm 2018`, `tháng
  6/2018` = `12 June 2018`, `June 12, 2018`, `the 12th of June`,
  `2018-06-12`, `6/12/2018`; a year may stand elsewhere in the segment;
- Roman numerals after a chapter word: `Chương II` = `Chapter II` = `Chapter 2`;
- ordinals: `lần thứ 32` = `the 32nd`;
- month and weekday names with no number beside them: `January` = `Tháng 1`,
  `Monday` = `Thứ 2` (Vietnamese numbers the days from Monday, `thứ hai`, to
  Saturday, `thứ bảy`); like number words, never demanded.

Not numbers: digits inside identifiers and code (`i18n`, `QH11`,
`67/2006/QH11`, `COVID-19`, versions `1.2.3`), placeholders, tags, URLs and
e-mail addresses, and footnote references glued to the text before them
(`SECURITY[2]`, `harm to [infringe][1]national`), which published
translations of Vietnamese laws add and the source does not carry. The
words (number words, month and weekday names, chapter words, range words)
are data: `resources/check.yaml`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from importlib import resources
from typing import Any, NamedTuple

import yaml

from ..accel import textpass
from . import screen
from . import text as inline
from .model import LIST_SEPARATOR, Finding, Rule, Segment

Date = tuple[int | None, int, int | None]  # (year, month, day): a month always


class Quantity(NamedTuple):
    """A number, date or Roman numeral as a side writes it, and what it may mean."""

    text: str  # as written
    kind: str  # number | date | article number
    values: frozenset[Any]  # numbers: canonical strings; dates: Date readings


class Reading(NamedTuple):
    """What one side of a pair writes, and says, in numbers."""

    written: tuple[Quantity, ...]
    said: frozenset[str]  # every number it says in digits, ranges or dates (words: `spelled`)
    dates: tuple[Date, ...]


class NumberMismatch(Rule):
    id = "number-mismatch"
    severity = "warning"
    doc = "a number or date of one side is not said by the other"
    # (a side without a digit, I, V or X reads as nothing: `_numbers_after`)
    needs = screen.bits("0123456789IVX")

    def segment(self, seg: Segment) -> Iterable[Finding]:
        vi, en = seg.vi, seg.en
        # Each side's first digit (or a Roman numeral's chapter word) asked once
        # (the engine calls the hook only where a side has a digit, I, V or X:
        # `needs`); a side read starts at its first digit.
        vi_at, en_at = _find_digit_or_numeral(vi), _find_digit_or_numeral(en)
        if vi_at < 0 and en_at < 0:
            return ()
        vi_at, en_at = _numbers_after(vi, "vi", vi_at), _numbers_after(en, "en", en_at)
        if vi_at is None and en_at is None:
            return ()
        vi_reading = _NOTHING if vi_at is None else _read(vi, "vi", vi_at)
        en_reading = _NOTHING if en_at is None else _read(en, "en", en_at)
        if seg.pair.vi_is_source:
            (source, source_lang), (target, target_lang) = (vi, "vi"), (en, "en")
            source_reading, target_reading = vi_reading, en_reading
        else:
            (source, source_lang), (target, target_lang) = (en, "en"), (vi, "vi")
            source_reading, target_reading = en_reading, vi_reading
        missing = [
            q for q in source_reading.written if not said(q, target_reading, target, target_lang)
        ]
        added = [
            q for q in target_reading.written if not said(q, source_reading, source, source_lang)
        ]
        if not missing and not added:
            return ()
        # One finding a segment, as Xbench and CheckMate give: a number written
        # wrong is one mistake, not a number lost and another one added.
        if missing and added:
            message = (
                f"the {_listed(missing)} of the source {_is(missing)} not in the target,"
                f" which has {_listed(added, kinds=False)} instead"
            )
        elif missing:
            message = f"the {_listed(missing)} of the source {_is(missing)} not in the target"
        else:
            message = f"the {_listed(added)} of the target {_is(added)} not in the source"
        return (
            self.finding(
                seg,
                message,
                expected=LIST_SEPARATOR.join(q.text for q in missing) or None,
                found=LIST_SEPARATOR.join(q.text for q in added) or None,
            ),
        )


def _listed(quantities: list[Quantity], kinds: bool = True) -> str:
    """`number “5”`, `numbers “5”, “7”`, `number “5” and date “1/7/2019”`."""
    quoted = [f"“{q.text}”" for q in quantities]
    if not kinds:
        return ", ".join(quoted)
    by_kind: dict[str, list[str]] = {}
    for q, shown in zip(quantities, quoted, strict=True):
        by_kind.setdefault(q.kind, []).append(shown)
    return " and ".join(
        f"{kind}{'s' if len(shown) > 1 else ''} {', '.join(shown)}"
        for kind, shown in by_kind.items()
    )


def _is(quantities: list[Quantity]) -> str:
    return "are" if len(quantities) > 1 else "is"


def said(quantity: Quantity, reading: Reading, text: str, lang: str) -> bool:
    """Whether `reading` (of `text`, in `lang`) says `quantity` in any form."""
    if quantity.kind == "date":
        if not quantity.values.isdisjoint(reading.dates):
            return True  # the same date (most dates said: `_same_date`'s first case)
        if any(
            _same_date(date, other, reading) for date in quantity.values for other in reading.dates
        ):
            return True
        # A month named with no number in its side (`January` = `Tháng 1`), which
        # `read` does not read: a name says its month, as number words do (and
        # `May` in capitals, which beside no number `read` takes for the verb).
        if lang != "en" or reading.dates:
            return False
        named = [other for _span, others, _shown in _named_dates(text) for other in others]
        if _MAY.search(text):
            named.append((None, 5, None))
        return any(_same_date(date, other, reading) for date in quantity.values for other in named)
    if quantity.values & reading.said:
        return True
    if lang == "en" and quantity.values & _weekdays_named(text):
        return True  # `Thứ 2` = `Monday`
    return bool(quantity.values & spelled(text, lang))


def _weekdays_named(text: str) -> frozenset[str]:
    """The numbers Vietnamese gives the weekdays an English text names (`Monday`: 2)."""
    if "day" not in text and "DAY" not in text:
        return frozenset()  # (every name ends so)
    names = _weekdays()
    return frozenset(names[w] for w in _LETTERS.findall(text.lower()) if w in names)


@lru_cache(maxsize=1)
def _weekdays() -> dict[str, str]:
    return {name: str(day) for day, names in _data()["weekdays"].items() for name in names}


def _same_date(date: Date, other: Date, reading: Reading) -> bool:
    year, month, day = date
    other_year, other_month, other_day = other
    if month != other_month or (day is not None and day != other_day):
        return False
    if year is None or year == other_year:
        return True
    return other_year is None and str(year) in reading.said


# --- the language data ------------------------------------------------------------------


@lru_cache(maxsize=1)
def _data() -> dict[str, Any]:
    path = resources.files("normcorpus").joinpath("resources/check.yaml")
    # Our own data: libyaml's safe loader where PyYAML has it (a sixth of the time).
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    return yaml.load(path.read_text(encoding="utf-8"), Loader=loader)  # type: ignore[no-any-return]


def _alternation(words: Iterable[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


_ROMAN = r"M{0,3}(?:CM|CD|D?C{0,3})(?:XC|XL|L?X{0,3})(?:IX|IV|V?I{0,3})"
_ROMAN_VALUES = {"M": 1000, "D": 500, "C": 100, "L": 50, "X": 10, "V": 5, "I": 1}


class _Patterns:
    """The patterns of one language, built once from the data.

    Except for the chapter words of Roman numerals and the English month
    names, every pattern is matched *at* a run of digits (anchored), never
    searched across the text: reading a side costs in proportion to its
    numbers, and most segments have none.
    """

    def __init__(self, lang: str):
        data = _data()
        self.lang = lang
        words = data["roman_keywords"][lang]
        # Case-sensitive, as a keyword is written (`Chương`, `CHƯƠNG`): the
        # regex engine then scans for their first letters, fast; a numeral after
        # one is matched where one of them stands (`_romans`: `roman`, led by
        # `\b`, would be tried at every character).
        variants = {f(w) for w in words for f in (str, str.upper)}
        keywords = _alternation(variants)
        self.keyword = re.compile(keywords)
        self.keyword_at = textpass.finder("".join(sorted({w[0] for w in variants})))
        self.roman = re.compile(rf"\b(?:{keywords})\s+({_ROMAN})\b")
        ranges = data["ranges"][lang]
        word = r"(?:[^\W\d_]+\.?\s+)?"  # `từ khoản 1 đến khoản 5`, `Articles 1 to Article 5`
        # after a number: `–5`, ` to 5`, ` đến khoản 5`
        self.range_to = re.compile(
            rf"\s*(?:[-–—]|(?i:{_alternation(ranges['through'])})\b)\s*{word}([0-9]+)(?![0-9.,/])"
        )
        # `between 1 and 5`: the word before the first number, the conjunction after it
        self.between = tuple(ranges["between"])
        self.between_before = re.compile(rf"(?i:{_alternation(ranges['between'])})\s+{word}$")
        self.between_and = re.compile(
            rf"\s+(?i:{_alternation(ranges['and'])})\s+{word}([0-9]+)(?![0-9.,/])"
        )
        numbers = data["numbers"][lang]
        self.units: dict[str, int] = numbers["units"]
        self.tens = frozenset(numbers.get("tens", ()))
        self.hundred = frozenset(numbers["hundred"])
        self.scales: dict[str, int] = numbers["scales"]
        self.joiners = frozenset(numbers["joiners"])
        self.number_words = (
            frozenset(self.units) | self.tens | self.hundred | frozenset(self.scales)
        )
        self.scale = re.compile(rf"\s+(?i:({_alternation(self.scales)}))\b")  # `2,5 triệu`


@lru_cache(maxsize=2)
def _patterns(lang: str) -> _Patterns:
    return _Patterns(lang)


# Led by a single digit, not `[0-9]+`: a pattern that starts with a character
# class lets the regex engine skip to the next digit in C (a repeat first
# makes it try the whole pattern at every character: twice the cost).
_NUMBER = re.compile(r"[0-9][0-9]*(?:[.,][0-9]+)*")
_GLUE = frozenset("./-")
_ORDINAL = re.compile(r"(?:st|nd|rd|th)\b", re.IGNORECASE)
_NOT_BEFORE_DATE = frozenset("0123456789.,/-")

# Dates, matched at their first run of digits.
_DMY = re.compile(r"([0-9]{1,2})\s*([/.-])\s*([0-9]{1,2})\s*\2\s*([0-9]{4})(?![0-9])")  # 12/6/2018
_VI_NGAY = re.compile(r"(?i:ngày)\s+$")  # before the day
_VI_DAY_MONTH = re.compile(
    r"([0-9]{1,2})\s*(?:(?i:tháng)\s+|/\s*|-\s*)([0-9]{1,2})"
    r"(?:\s*(?:,?\s*(?i:năm)\s+|/\s*|-\s*)([0-9]{4}))?(?![0-9])"
)
_VI_THANG = re.compile(r"(?i:tháng)\s+$")  # before the month
_VI_MONTH = re.compile(r"([0-9]{1,2})(?:\s*(?:,?\s*(?i:năm)\s+|/\s*|-\s*)([0-9]{4}))?(?![0-9])")
_MONTH_YEAR = re.compile(r"([0-9]{1,2})/([0-9]{4})(?![0-9./])")  # 6/2018
_ISO = re.compile(r"([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})(?![0-9])")  # 2018-06-12
_LOOK_BACK = 12  # characters before a number where `ngày`, `tháng`, `between` are looked for

# English month names: found by name, then the day and year beside them.
_SUFFIX = r"(?:st|nd|rd|th)?"
_DAY_BEFORE = re.compile(rf"\b([0-9]{{1,2}}){_SUFFIX}\s+(?:(?i:of)\s+)?$")
_AFTER_MONTH = re.compile(
    rf"\.?(?:\s+([0-9]{{1,2}}){_SUFFIX}\b(?![.:/,]?[0-9]))?(?:\s*,?\s*([0-9]{{4}})\b)?"
)


@lru_cache(maxsize=1)
def _months() -> tuple[dict[str, int], tuple[str, ...]]:
    """English month name -> month, and the names' three-letter beginnings."""
    months = {name: int(month) for month, names in _data()["months"].items() for name in names}
    return months, tuple(sorted({name[:3] for name in months}))


def _numbers_at(text: str, lang: str) -> int | None:
    """Where `text`'s first ASCII digit stands (-1: none, but a chapter word a Roman
    numeral may follow); None when the text may hold no number."""
    return _numbers_after(text, lang, _find_digit_or_numeral(text))


def _numbers_after(text: str, lang: str, at: int) -> int | None:
    """`_numbers_at`, `at` where the first digit, I, V or X stands (-1: none)."""
    if at < 0:
        return None  # no digit, no letter a numeral begins with (most texts)
    if text[at] > "9":  # I, V or X before any digit
        at = _find_digit(text, at)
    if at >= 0 or _has_keyword(text, lang):
        return at
    return None


_DIGITS = "0123456789"
_find_digit = textpass.finder(_DIGITS)  # in one pass, in C where built
_find_digit_or_numeral = textpass.finder(_DIGITS + "IVX")  # (`_has_keyword`'s letters)


def _has_keyword(text: str, lang: str) -> bool:
    """A chapter word, when a word starts with a letter a numeral could (I, V, X: no
    chapter is numbered L, C, D or M alone)."""
    if "I" not in text and "V" not in text and "X" not in text:
        return False  # (a character is found faster than two)
    if " I" not in text and " V" not in text and " X" not in text:
        return False
    return _patterns(lang).keyword.search(text) is not None


def _romans(text: str, p: _Patterns) -> Iterator[re.Match[str]]:
    """`p.roman.finditer(text)`, matched where a keyword may begin."""
    at = p.keyword_at(text)
    while at >= 0:
        match = p.roman.match(text, at)
        if match is None:
            at = p.keyword_at(text, at + 1)
        else:
            yield match
            at = p.keyword_at(text, match.end())


# --- reading a side -----------------------------------------------------------------------


@lru_cache(maxsize=4096)
def read(text: str, lang: str) -> Reading:
    """The numbers, dates and Roman numerals `text` writes (`lang`: vi or en)."""
    at = _numbers_at(text, lang)
    return _NOTHING if at is None else _read(text, lang, at)


def _read(text: str, lang: str, at: int) -> Reading:
    """`read`, its first digit at `at` (-1: none; `_numbers_at`)."""
    p = _patterns(lang)
    taken: list[tuple[int, int]] = inline.protected_spans(text)
    if "[" in text:  # (the pattern's look-behind makes a scan for it cost more than the test)
        taken.extend(m.span() for m in _FOOTNOTE.finditer(text))
    written: list[Quantity] = []
    said: set[str] = set()
    dates: list[Date] = []
    if lang == "en":
        for found in _named_dates(text):
            if not taken or not inline.spans_overlap(*found[0], taken):
                _take_date(found, taken, dates, written, said)
    if _has_keyword(text, lang):
        for match in _romans(text, p):
            if match.group(1) and not inline.spans_overlap(*match.span(1), taken):
                value = str(_roman_value(match.group(1)))
                written.append(Quantity(match.group(1), "article number", frozenset((value,))))
                said.add(value)
    # The numbers as `_NUMBER.finditer` finds them, each matched at the next digit
    # (found in C where built: the regex's own scan pays a call a character).
    while at >= 0:
        start = at
        end = _NUMBER.match(text, start).end()  # type: ignore[union-attr]
        at = _find_digit(text, end)
        if (taken and inline.spans_overlap(start, end, taken)) or _in_identifier(text, start, end):
            continue
        found = _date_at(text, start, lang)
        if found is not None:
            _take_date(found, taken, dates, written, said)
            continue
        raw = text[start:end]
        scale = p.scale.match(text, end)
        for part in _parts(raw, lang):
            values = _values(part, lang)
            if scale:  # `2,5 triệu`: 2.5, or 2,500,000
                factor = p.scales[scale.group(1).lower()]
                values |= {_canonical(Decimal(v) * factor) for v in values}
            written.append(Quantity(part, "number", values))
            said.update(values)
        if raw.isdigit():
            _range(text, start, end, int(raw), p, said)
    return Reading(
        tuple(_unique(written)) if len(written) > 1 else tuple(written),
        frozenset(said),
        tuple(dates),
    )


_NOTHING = Reading((), frozenset(), ())


def _take_date(
    found: tuple[tuple[int, int], tuple[Date, ...], str],
    taken: list[tuple[int, int]],
    dates: list[Date],
    written: list[Quantity],
    said: set[str],
) -> None:
    """Record a date read at `found`: its span is taken, so no later number is
    read inside it. (A module function: a closure made a `read` costs more.)"""
    span, readings, shown = found
    taken.append(span)
    dates += readings
    written.append(Quantity(shown, "date", frozenset(readings)))
    for year, _m, _d in readings:
        if year is not None:
            said.add(str(year))


# A footnote reference: `[n]` glued to what stands before it (a word, a
# bracket, punctuation), never a bracketed number after a space (`Article [5]`).
_FOOTNOTE = re.compile(r"(?<=[^\s(\[])\[[0-9]{1,3}\]")


def _unique(quantities: list[Quantity]) -> list[Quantity]:
    """Each quantity once (by kind and meaning), in the order written."""
    seen: set[tuple[str, frozenset[Any]]] = set()
    out = []
    for quantity in quantities:
        key = (quantity.kind, quantity.values)
        if key not in seen:
            seen.add(key)
            out.append(quantity)
    return out


def _range(text: str, start: int, end: int, low: int, p: _Patterns, said: set[str]) -> None:
    """The numbers inside `low to N`, `low–N`, `between low and N` are said too."""
    match = p.range_to.match(text, end)
    if (
        match is None
        and any(word in text for word in p.between)
        and p.between_before.search(text, max(0, start - 2 * _LOOK_BACK), start)
    ):
        match = p.between_and.match(text, end)
    if match is not None:
        high = int(match.group(1))
        if low < high <= low + 100:
            said.update(str(v) for v in range(low + 1, high))


def _date_at(
    text: str, start: int, lang: str
) -> tuple[tuple[int, int], tuple[Date, ...], str] | None:
    """The date whose first digits are at `start`: (span, readings, as written)."""
    if start and text[start - 1] in _NOT_BEFORE_DATE:
        return None
    before = max(0, start - _LOOK_BACK)
    if lang == "en":
        match = _ISO.match(text, start)
        if match:
            return _found(match, match.start(), match.group(1), match.group(2), match.group(3))
        match = _DMY.match(text, start)
        if match:  # day/month or month/day: either reading counts
            a, b, year = match.group(1), match.group(3), match.group(4)
            readings = _valid(year, b, a) + _valid(year, a, b)
            return (match.span(), readings, match.group()) if readings else None
        return None
    match = _DMY.match(text, start)
    if match:
        return _found(match, start, match.group(4), match.group(3), match.group(1))
    lead = _VI_NGAY.search(text, before, start)
    if lead:
        match = _VI_DAY_MONTH.match(text, start)
        if match:
            return _found(match, lead.start(), match.group(3), match.group(2), match.group(1))
    lead = _VI_THANG.search(text, before, start)
    if lead:
        match = _VI_MONTH.match(text, start)
        if match:
            return _found(match, lead.start(), match.group(2), match.group(1), None)
    match = _MONTH_YEAR.match(text, start)
    if match:
        return _found(match, start, match.group(2), match.group(1), None)
    return None


def _found(
    match: re.Match[str], start: int, year: str | None, month: str, day: str | None
) -> tuple[tuple[int, int], tuple[Date, ...], str] | None:
    readings = _valid(year, month, day)
    if not readings:
        return None
    return (start, match.end()), readings, match.string[start : match.end()].strip()


def _named_dates(text: str) -> list[tuple[tuple[int, int], tuple[Date, ...], str]]:
    """`12 June 2018`, `June 12, 2018`, `the 12th of June`, `June 2018`, `in June`."""
    months, beginnings = _months()
    lowered = text.lower()
    if len(lowered) != len(text):  # (a character whose lower case is longer: offsets move)
        lowered = "".join(c if len(c.lower()) != 1 else c.lower() for c in text)
    out = []
    # A search for each costs less than one regex scan; `in` first, as most are
    # absent (`str.find` parses its arguments: it costs half as much again).
    for beginning in beginnings:
        if beginning not in lowered:
            continue
        at = lowered.find(beginning)
        while at >= 0:
            found = _named_date(text, lowered, at, months)
            if found is not None:
                out.append(found)
            at = lowered.find(beginning, at + 3)
    out.sort()
    return out


def _named_date(
    text: str, lowered: str, start: int, months: dict[str, int]
) -> tuple[tuple[int, int], tuple[Date, ...], str] | None:
    """The date named by the month name at `start`, if a word starts there."""
    if start and lowered[start - 1].isalpha():
        return None
    word = _LETTERS.match(lowered, start)
    name = word.group() if word else ""
    month = months.get(name)
    if month is None or not text[start : start + len(name)].isascii():
        return None
    end = start + len(name)
    # (searched from the window's first digit, where a day must begin: the regex,
    # led by `\b`, is tried at each character before it)
    digit = _find_digit(text, max(0, start - _LOOK_BACK))
    day_before = _DAY_BEFORE.search(text, digit, start) if 0 <= digit < start else None
    after = _AFTER_MONTH.match(text, end)
    day_after, year = after.group(1), after.group(2)  # type: ignore[union-attr]
    if name == "may" and not (day_before or day_after or year):
        return None  # `may` is a month only beside a number
    day = day_after or (day_before.group(1) if day_before else None)
    readings = _valid(year, str(month), day)
    if not readings:
        return None
    first = day_before.start() if day_before and not day_after else start
    last = after.end()  # type: ignore[union-attr]
    return (first, last), readings, text[first:last].strip()


_LETTERS = re.compile(r"[a-z]+")
_MAY = re.compile(r"\b(?:May|MAY)\b")


@lru_cache(maxsize=4096)  # (a text's dates are few and recur: three `int()`s a call)
def _valid(year: str | None, month: str, day: str | None) -> tuple[Date, ...]:
    m = int(month)
    d = int(day) if day else None
    if not 1 <= m <= 12 or (d is not None and not 1 <= d <= 31):
        return ()
    return ((int(year) if year else None, m, d),)


def _roman_value(numeral: str) -> int:
    total = 0
    for k, char in enumerate(numeral):
        value = _ROMAN_VALUES[char]
        following = _ROMAN_VALUES[numeral[k + 1]] if k + 1 < len(numeral) else 0
        total += -value if value < following else value
    return total


# What `_in_identifier` walks over: `[^\W_]` is `str.isalnum` (a word character
# but `_`), and the glue. (Before a number it walks by hand: a step or two.)
_GLUED = re.compile(r"(?:[^\W_]|[./-])*")
_LETTER_DIGIT = re.compile(r"[^\W\d_][./-]?[0-9]")
# (What `_GLUED` would read while it reads no letter: far cheaper than its branch.)
_DIGITS_GLUED = re.compile(r"[0-9./-]*")


def _in_identifier(text: str, start: int, end: int) -> bool:
    """Digits glued to letters before them (`i18n`, `QH11`, `COVID-19`), or a version."""
    left = start
    while left > 0 and (text[left - 1].isalnum() or text[left - 1] in _GLUE):
        left -= 1
    after = text[end : end + 1]
    if left == start:
        if not (after.isalnum() or after in _GLUE):
            return False  # nothing glued on either side (most numbers; `_GLUED` reads no more)
        stop = _DIGITS_GLUED.match(text, end).end()  # type: ignore[union-attr]
        if not text[stop : stop + 1].isalnum():
            return False  # only digits and glue glued on (a date, a list): no letter
    right = _GLUED.match(text, end).end()  # type: ignore[union-attr]
    if left == start and right == end:
        return False
    if _LETTER_DIGIT.search(text, left, right):
        return True
    if (
        text[end:right][:1].isalpha()
        and not _ORDINAL.match(text, end)
        and not _is_unit(text, end, right)
    ):
        return "." in text[end:right] or "/" in text[end:right]  # `file2.txt`-like
    return False


def _is_unit(text: str, end: int, right: int) -> bool:
    tail = text[end:right]
    return tail.isalpha() and len(tail) <= 3  # 5km, 10kg, 5G, 24h


def _parts(raw: str, lang: str) -> list[str]:
    """A number as written; the numbers of a list run together (`1,2,3`); none of a
    version or address (`1.2.3`, `192.168.1.1`: identifiers)."""
    if raw.isdigit() or _values(raw, lang):
        return [raw]
    if raw.count(".") >= 2 and "," not in raw:
        return []
    return [part for part in re.split(r"[.,]", raw) if part]


_VI_GROUPED = re.compile(r"[0-9]{1,3}(?:\.[0-9]{3})+(?:,[0-9]+)?")  # 1.000 / 1.000,5
_VI_DECIMAL = re.compile(r"[0-9]+,[0-9]+")  # 2,5
_EN_GROUPED = re.compile(r"[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]+)?")  # 1,000 / 1,000.5
_EN_DECIMAL = re.compile(r"[0-9]+\.[0-9]+")  # 2.5


@lru_cache(maxsize=8192)
def _values(raw: str, lang: str) -> frozenset[str]:
    """What a number as written means, read in its language's style.

    In the other style too when it is not one there (`2,5` in English) or
    could be either (`1,500` in Vietnamese, `1.500` in English: a decimal
    with three places looks like thousands of the other language).
    """
    if raw.isdigit():
        return frozenset((str(int(raw)),))
    vi, en = _vi_value(raw), _en_value(raw)
    own, other = (vi, en) if lang == "vi" else (en, vi)
    mark = "," if lang == "vi" else "."
    if own is None or (re.fullmatch(rf"[0-9]{{1,3}}\{mark}[0-9]{{3}}", raw) and other):
        return frozenset(v for v in (own, other) if v is not None)
    return frozenset((own,))


def _vi_value(raw: str) -> str | None:
    if _VI_GROUPED.fullmatch(raw):
        return _canonical(raw.replace(".", "").replace(",", "."))
    if _VI_DECIMAL.fullmatch(raw):
        return _canonical(raw.replace(",", "."))
    return None


def _en_value(raw: str) -> str | None:
    if _EN_GROUPED.fullmatch(raw):
        return _canonical(raw.replace(",", ""))
    if _EN_DECIMAL.fullmatch(raw):
        return _canonical(raw)
    return None


def _canonical(value: str | Decimal) -> str:
    try:
        number = Decimal(value).normalize()
    except InvalidOperation:  # pragma: no cover - callers pass digits
        return str(value)
    return format(number, "f")


# --- numbers in words ---------------------------------------------------------------------

_WORDS = re.compile(r"[^\W\d_]+")


@lru_cache(maxsize=4096)
def spelled(text: str, lang: str) -> frozenset[str]:
    """The numbers `text` says in words: each number word, and each run of them read whole."""
    patterns = _patterns(lang)
    known = patterns.number_words
    out: set[str] = set()
    run: list[str] = []
    for word in [*_split_words(text), ""]:  # (the empty word ends the last run)
        lowered = word.lower()
        if lowered in known or (run and lowered in patterns.joiners):
            run.append(lowered)
            continue
        if run:
            out.update(_read_run(run, patterns))
            run = []
    return frozenset(out)


def _split_words(text: str) -> list[str]:
    # `twenty-five`: the hyphen joins two number words
    return _WORDS.findall(text)


def _read_run(run: list[str], p: _Patterns) -> set[str]:
    """Each word's own value, and the run read as one number (`fifteen hundred` = 1500)."""
    out = {str(p.units[w]) for w in run if w in p.units}
    out |= {str(p.scales[w]) for w in run if w in p.scales}
    out.add(str(_run_value(run, p)))
    return out


def _run_value(run: list[str], p: _Patterns) -> int:
    """`two thousand five hundred` = 2500, `hai mươi mốt` = 21, `một trăm linh năm` = 105.

    `total` holds what the scale words (thousand, nghìn) closed, `group` the
    part below the next scale, `last` a digit word waiting for what follows
    it (Vietnamese `mươi` and `trăm` multiply the digit before them).
    """
    total = group = last = 0
    for word in run:
        if word in p.units:
            value = p.units[word]
            if value >= 10:  # ten, twenty…, mười: a whole tens place
                group += last + value if p.tens else value
                last = 0
            else:
                group += last
                last = value
        elif word in p.tens:  # mươi: the digit before is the tens
            group += last * 10
            last = 0
        elif word in p.hundred:  # `fifteen hundred`, `hai trăm`
            group = (group + last or 1) * 100
            last = 0
        elif word in p.scales:
            total += (group + last or 1) * p.scales[word]
            group = last = 0
    return total + group + last
