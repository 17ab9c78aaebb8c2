"""Bilingual checks: Vietnamese–English segment pairs × glossary -> Findings.

Each rule has a stable id and a default severity (`RULES`):

- `term-missing` (error): a concept found in the Vietnamese (any match kind of
  the aligner) is rendered by none of its preferred or admitted English terms
  (nor, when `term-deprecated` is on, by a deprecated one, which that rule
  reports instead);
- `term-deprecated` (error): the English uses a deprecated term of a concept
  found in the Vietnamese;
- `term-inconsistent` (warning): across one file, a concept is rendered by
  different allowed terms; reported once per concept, with each rendering's
  count and segments (abbreviations beside a full form do not count);
- `untranslated` (error): the English is empty or equal to the Vietnamese; the
  term and number rules skip such a segment;
- `number-mismatch` (warning): a number, date or article number of the
  Vietnamese is absent from the English (`12/6/2018` is present as
  `12 June 2018`, `1.000` as `1,000`, `10` as `ten`);
- `source-variant` (info): the Vietnamese spells a glossary term as a folded
  (no diacritics) or fuzzy (typo) variant;
- `stale`, `orphan-translation` (errors, corpus only): a translation row
  whose clause changed since it was made, or whose clause does not exist;
- `unused-suppression` (info): a suppression that matched nothing.

Presence is checked per segment, not counted: a concept found twice in the
Vietnamese is satisfied by one rendering (pronouns and ellipsis are normal).
Every segment is NFC- and tone-normalised before matching; findings carry the
segment id and the file and line a translator can open.
"""

from __future__ import annotations

import fnmatch
import gc
import html
import os
import re
import unicodedata
from collections import deque
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from itertools import chain, islice
from operator import itemgetter
from pathlib import Path
from types import MappingProxyType
from typing import Any, NamedTuple

from . import normalize
from .align import Aligner, Located
from .english import EnglishMatcher, nfc
from .errors import InputError, NormcorpusError
from .formats.bilingual import SegmentPair, read_pairs
from .models import SEVERITIES, Glossary, Severity, slot_init

try:  # the checker's text scans in C, built with the package when a C compiler was there
    from . import _textscan
except ImportError:  # pragma: no cover - the regex says the same
    _textscan = None  # type: ignore[assignment]

# Whether the text scans run in C (NORMCORPUS_PURE_PYTHON=1 says no, as for the aligner).
SCANS_IN_C = _textscan is not None and not os.environ.get("NORMCORPUS_PURE_PYTHON")

FAIL_ON: tuple[str, ...] = ("error", "warning", "never")


@dataclass(frozen=True, slots=True)
class Rule:
    id: str
    severity: Severity
    summary: str


RULES: dict[str, Rule] = {
    rule.id: rule
    for rule in (
        Rule("term-missing", "error", "a glossary concept of the source has no approved rendering"),
        Rule("term-deprecated", "error", "a deprecated English term is used"),
        Rule("term-inconsistent", "warning", "one concept rendered by different terms in a file"),
        Rule("untranslated", "error", "empty target, or target equal to the source"),
        Rule("number-mismatch", "warning", "a number or date of the source is not in the target"),
        Rule(
            "source-variant", "info", "the source spells a term without diacritics or with a typo"
        ),
        Rule("stale", "error", "the translation was made for an earlier text of its clause"),
        Rule("orphan-translation", "error", "a translation row whose clause does not exist"),
        Rule("unused-suppression", "info", "a suppression that matched no finding"),
    )
}
_SEVERITY_RANK = {"error": 0, "warning": 1, "info": 2}
_START_END = itemgetter(0, 1)
_SOURCE_VARIANT = RULES["source-variant"].severity
_TERM_DEPRECATED = RULES["term-deprecated"].severity
_TERM_MISSING = RULES["term-missing"].severity


@dataclass(frozen=True, slots=True)
class Rendering:
    """How often one term renders a concept across a file, and where."""

    term: str
    count: int
    segments: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        return {"term": self.term, "count": self.count, "segments": list(self.segments)}


@slot_init  # a finding or so a segment
@dataclass(frozen=True, slots=True)
class Finding:
    segment: str
    rule: str
    severity: Severity
    message: str
    concept: str | None = None
    expected: str | None = None
    found: str | None = None
    file: str | None = None
    line: int | None = None
    renderings: tuple[Rendering, ...] = ()  # term-inconsistent only

    def to_dict(self) -> dict[str, Any]:
        return {
            "segment": self.segment,
            "rule": self.rule,
            "severity": self.severity,
            "concept": self.concept,
            "expected": self.expected,
            "found": self.found,
            "message": self.message,
            "file": self.file,
            "line": self.line,
            "renderings": [r.to_dict() for r in self.renderings],
        }


@dataclass(frozen=True, slots=True)
class Span:
    start: int
    end: int
    concept: str
    kind: str  # vi: the aligner's match kind; en: the term status


_NO_MATCHES: Mapping[str, Sequence[tuple[int, int, Any]]] = MappingProxyType({})


@slot_init  # one a segment with findings
@dataclass(frozen=True, slots=True)
class SegmentView:
    """A segment as the reports show it: normalised texts and the terms found.

    Made for every segment with a finding, read for the few a report shows:
    the matches are kept as the checker found them, (start, end, entry index,
    kind, score) from the aligner with `concepts` (entry index -> concept id),
    and concept -> [(start, end, term pattern)] from the English matcher, and
    become Spans when a report asks.
    """

    pair: SegmentPair
    vi: str
    en: str
    vi_found: tuple[Located, ...] = ()
    en_found: Mapping[str, Sequence[tuple[int, int, Any]]] | None = None
    concepts: Sequence[str] = ()

    @property
    def vi_terms(self) -> tuple[Span, ...]:
        concepts = self.concepts
        return tuple(
            Span(start, end, concepts[index], kind)
            for start, end, index, kind, _score in self.vi_found
        )

    @property
    def en_terms(self) -> tuple[Span, ...]:
        """The English terms, by position (concepts in their order in the source)."""
        rendered = self.en_found or _NO_MATCHES
        order = dict.fromkeys(self.concepts[index] for _s, _e, index, _k, _sc in self.vi_found)
        order.update(dict.fromkeys(rendered))  # (views made by hand may have only these)
        found = [
            (start, end, concept, pattern.status)
            for concept in order
            for start, end, pattern in rendered.get(concept, ())
        ]
        found.sort(key=_START_END)
        return tuple(Span(*item) for item in found)


@dataclass(frozen=True, slots=True)
class Suppression:
    segment: str  # a segment id, or a glob (`vn-ru-2017-infosec:p01.*`)
    rule: str
    reason: str
    concept: str | None = None
    file: str | None = None  # the suppression file and line, for unused ones
    line: int | None = None

    def matches(self, finding: Finding) -> bool:
        return (
            finding.rule == self.rule
            and (self.concept is None or finding.concept == self.concept)
            and (
                finding.segment == self.segment
                or fnmatch.fnmatchcase(finding.segment, self.segment)
            )
        )


@dataclass(frozen=True, slots=True)
class CheckReport:
    findings: tuple[Finding, ...]
    segments: int  # segment pairs checked
    files: tuple[str, ...]
    suppressed: tuple[Finding, ...] = ()
    views: dict[tuple[str | None, str], SegmentView] = field(default_factory=dict)
    notes: tuple[str, ...] = ()  # what the user should know about how the check ran

    def count(self, severity: str) -> int:
        return sum(1 for f in self.findings if f.severity == severity)

    def counts(self) -> dict[str, int]:
        return {s: self.count(s) for s in SEVERITIES}

    def failed(self, fail_on: str = "error") -> bool:
        """True when a finding reaches `fail_on` (error|warning|never)."""
        if fail_on not in FAIL_ON:
            raise NormcorpusError(
                f"unknown --fail-on {fail_on!r} (choose from {', '.join(FAIL_ON)})"
            )
        if fail_on == "never":
            return False
        limit = _SEVERITY_RANK[fail_on]
        return any(_SEVERITY_RANK[f.severity] <= limit for f in self.findings)

    def to_dict(self) -> dict[str, Any]:
        return {
            "findings": [f.to_dict() for f in self.findings],
            "counts": self.counts(),
            "segments": self.segments,
            "files": list(self.files),
            "suppressed": len(self.suppressed),
        }


# --- rule selection ------------------------------------------------------------


def select_rules(
    rules: Iterable[str] | None = None, skip: Iterable[str] | None = None
) -> frozenset[str]:
    """The enabled rule ids: `rules` (default: all) minus `skip`; unknown ids are an error."""
    chosen = _rule_ids(rules) if rules else set(RULES)
    skipped = _rule_ids(skip) if skip else set()
    return frozenset(chosen - skipped)


def _rule_ids(values: Iterable[str]) -> set[str]:
    ids = {part.strip() for value in values for part in value.split(",") if part.strip()}
    unknown = sorted(ids - set(RULES))
    if unknown:
        raise NormcorpusError(f"unknown rule {', '.join(unknown)} (rules: {', '.join(RULES)})")
    return ids


# --- Vietnamese normalisation, fast path ------------------------------------------

# Tone placement only ever moves a mark in an open `oa`/`oe`/`uy` syllable with
# the mark on the second vowel (`hoà`, not `hoàng`); NFC text without one is
# already normal, which saves the NFD round trip for most segments.
_TONE_FIRSTS = ["oO", "uU"]
_TONE_SECONDS = ["àáảãạÀÁẢÃẠèéẻẽẹÈÉẺẼẸ", "ỳýỷỹỵỲÝỶỸỴ"]
# The same test as a regex (without the C scan): led by the marked vowel (a
# character class the regex engine scans for fast), the first vowel behind it.
_TONE_CANDIDATE = re.compile(
    f"[{''.join(_TONE_SECONDS)}]"
    f"(?<={'|'.join(f'[{a}][{b}]' for a, b in zip(_TONE_FIRSTS, _TONE_SECONDS, strict=True))})"
    "(?![\\w\u0300-\u036f])"
)


def _tone_candidate(text: str) -> bool:
    """Some `oa`/`oe`/`uy` syllable of `text` has its mark on the second vowel."""
    if SCANS_IN_C:
        return _textscan.ends_in_pair(text, _TONE_FIRSTS, _TONE_SECONDS)  # type: ignore[no-any-return]
    return _TONE_CANDIDATE.search(text) is not None


def vietnamese(text: str) -> str:
    """`normalize.text(text)`, fast when there is nothing to change."""
    if unicodedata.is_normalized("NFC", text) and not _tone_candidate(text):
        return text
    return normalize.text(text)


def _may_fold_alike(a: str, b: str) -> bool:
    """False when `a.casefold() != b.casefold()` shows in their first characters.

    Case folding maps each character on its own, so two strings that fold
    alike have folded beginnings of which one starts the other.
    """
    head_a, head_b = a[:8].casefold(), b[:8].casefold()
    return head_a.startswith(head_b) or head_b.startswith(head_a)


# --- numbers and dates ------------------------------------------------------------

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


def _number_findings(
    vi: str,
    en: str,
    segment: str,
    file: str | None,
    line: int | None,
    has_digit: bool,
    roman: bool,
) -> list[Finding]:
    """`number-mismatch`: the numbers of the Vietnamese `vi` absent from the English `en`."""
    digit = _ASCII_DIGIT.search(vi) if has_digit else None
    numbers = _source_numbers(vi, digit.start() if digit else len(vi), roman)
    if not numbers:
        return []
    target = target_numbers(en)
    return [
        Finding(
            segment=segment,
            rule="number-mismatch",
            severity=RULES["number-mismatch"].severity,
            message="the"
            f" {number.kind if number.kind != 'roman' else 'article number'}"
            f" “{number.text}” of the source is not in the target",
            expected=number.text,
            file=file,
            line=line,
        )
        for number in numbers
        if not _present(number, target)
    ]


# --- the checker --------------------------------------------------------------------


@contextmanager
def _collector_paused() -> Iterator[None]:
    """The cyclic garbage collector off for a check run, back as it was after.

    A run keeps a few objects a segment (findings, views, the aligner's caches)
    until the report is written, and makes no reference cycles; the collector
    would walk that growing heap again and again to free nothing (a sixth of
    the run on 100,000 segments). Afterwards what the run made is moved to the
    collector's oldest generation (freeze, then unfreeze), as its passes would
    have done: the first young pass then does not walk it all (~3 µs a segment).
    Objects are still freed by reference counting when the report goes.
    """
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        gc.unfreeze()
        gc.enable()


@dataclass(slots=True)
class _PairResult:
    findings: list[Finding]
    renderings: list[tuple[str, str]]  # (concept, term) of allowed full-form renderings
    view: SegmentView


class Checker:
    """Runs the segment rules over pairs; build once per glossary and rule set."""

    def __init__(
        self,
        glossary: Glossary,
        *,
        rules: Iterable[str] | None = None,
        cache_size: int | None = 20_000,
    ):
        self.glossary = glossary
        self.rules = frozenset(rules) if rules is not None else frozenset(RULES)
        self.aligner = Aligner(glossary)
        self.english = EnglishMatcher(glossary)
        self._concepts = glossary.by_id()
        self._concept_of = tuple(entry.concept for entry in self.aligner.entries)
        # What a concept's findings say, worked out once: (preferred English,
        # the end of the term-missing message after the source's surface).
        self._says: dict[str, tuple[str, str]] = {}
        for concept in glossary.concepts:
            preferred = concept.preferred_en
            others = [t for t in concept.allowed_en() if t != preferred]
            alternatives = f" (or {', '.join(f'“{t}”' for t in others)})" if others else ""
            self._says[concept.id] = (
                preferred,
                f" ({concept.id}) is not rendered: expected “{preferred}”{alternatives}",
            )
        # Translation memories repeat segments (headings, boilerplate): each
        # text is aligned once while it stays among the last `cache_size` ones.
        self._aligned: dict[str, tuple[Located, ...]] = {}
        self._cache_size = cache_size
        # Insertion order, oldest first: `next(iter(dict))` would step over
        # every slot already deleted, which grows with the file.
        self._order: deque[str] = deque()

    def align(self, vi: str) -> tuple[Located, ...]:
        """The glossary terms in a normalised Vietnamese text (`Aligner.locate`)."""
        return self.align_many([vi])[0]

    def align_many(self, sources: list[str]) -> list[tuple[Located, ...]]:
        """`align` of each text: the ones not remembered are aligned together, once each."""
        cached = self._aligned
        found = list(map(cached.get, sources))
        if None not in found:
            return found  # type: ignore[return-value]
        missing = list(
            dict.fromkeys(vi for vi, have in zip(sources, found, strict=True) if have is None)
        )
        aligned = dict(zip(missing, self.aligner.locate_many(missing), strict=True))
        if self._cache_size is None:
            cached.update(aligned)
        else:
            order = self._order
            for vi, located in aligned.items():
                while len(cached) >= self._cache_size and order:
                    del cached[order.popleft()]
                order.append(vi)
                cached[vi] = located
        return [
            have if have is not None else aligned[vi]
            for vi, have in zip(sources, found, strict=True)
        ]

    def check_pair(self, pair: SegmentPair) -> _PairResult:
        findings, renderings, vi, en, located, rendered = self._check(pair)
        view = SegmentView(pair, vi, en, located, rendered, self._concept_of)
        return _PairResult(findings, renderings, view)

    def _check(
        self,
        pair: SegmentPair,
        vi: str | None = None,
        located: tuple[Located, ...] | None = None,
    ) -> tuple[
        list[Finding],
        list[tuple[str, str]],
        str,
        str,
        tuple[Located, ...],
        Mapping[str, Sequence[tuple[int, int, Any]]],
    ]:
        """One pair's findings and renderings, and what its view is made of.

        Views are only made for the segments a report shows (those with
        findings), so this returns their parts rather than a SegmentView.
        `vi` and `located` are the normalised source and its terms, when
        already known.
        """
        rules = self.rules
        if vi is None or located is None:
            vi = vietnamese(pair.vi)
            located = self.align(vi)
        en = nfc(pair.en)
        findings: list[Finding] = []
        renderings: list[tuple[str, str]] = []
        rendered: Mapping[str, Sequence[tuple[int, int, Any]]] = _NO_MATCHES
        entries = self.aligner.entries
        segment, file, line = pair.id, pair.file, pair.line
        if located and "source-variant" in rules:
            for start, end, index, kind, _score in located:
                if kind == "folded" or kind == "fuzzy":
                    entry = entries[index]
                    surface = vi[start:end]
                    spelled = "without diacritics" if kind == "folded" else "with a typo"
                    findings.append(
                        Finding(
                            segment=segment,
                            rule="source-variant",
                            severity=_SOURCE_VARIANT,
                            message=f"the source spells “{entry.term}” {spelled}: “{surface}”",
                            concept=entry.concept,
                            expected=entry.term,
                            found=surface,
                            file=file,
                            line=line,
                        )
                    )
        source, target = (vi, en) if pair.vi_is_source else (en, vi)
        source = source.strip()
        if not source:  # nothing to translate, nothing to check
            return findings, renderings, vi, en, located, rendered
        stripped = target.strip()
        if not stripped or (
            _may_fold_alike(stripped, source)
            and stripped.casefold() == source.casefold()
            and any(c.isalpha() for c in source)
        ):
            if "untranslated" in rules:
                why = "the target is empty" if not stripped else "the target is the source, copied"
                findings.append(
                    Finding(
                        segment=segment,
                        rule="untranslated",
                        severity=RULES["untranslated"].severity,
                        message=f"untranslated: {why}",
                        found=stripped or None,
                        file=file,
                        line=line,
                    )
                )
            return findings, renderings, vi, en, located, rendered

        if located:
            # Each concept once, at its first place in the source.
            first: dict[str, tuple[int, int]] = {}
            concept_of = self._concept_of
            for start, end, index, _kind, _score in located:
                concept_id = concept_of[index]
                if concept_id not in first:
                    first[concept_id] = (start, end)
            rendered = self.english.locate_all_in(en, first)
            check_missing = "term-missing" in rules
            check_deprecated = "term-deprecated" in rules
            for concept_id, (start, end) in first.items():
                allowed = False
                deprecated = False
                for en_start, en_end, pattern in rendered.get(concept_id, ()):
                    status = pattern.status
                    if status == "deprecated":
                        deprecated = True
                        if check_deprecated:
                            preferred = self._says[concept_id][0]
                            surface = en[en_start:en_end]
                            findings.append(
                                Finding(
                                    segment=segment,
                                    rule="term-deprecated",
                                    severity=_TERM_DEPRECATED,
                                    message=f"“{surface}” is deprecated for “{vi[start:end]}”"
                                    f" ({concept_id}); use “{preferred}”",
                                    concept=concept_id,
                                    expected=preferred,
                                    found=surface,
                                    file=file,
                                    line=line,
                                )
                            )
                    else:
                        allowed = True
                        if status != "abbreviation":
                            renderings.append((concept_id, pattern.term))
                if check_missing and not allowed and not (deprecated and check_deprecated):
                    preferred, missing = self._says[concept_id]
                    findings.append(
                        Finding(
                            segment=segment,
                            rule="term-missing",
                            severity=_TERM_MISSING,
                            message=f"“{vi[start:end]}”{missing}",
                            concept=concept_id,
                            expected=preferred,
                            file=file,
                            line=line,
                        )
                    )
        if "number-mismatch" in rules:
            has_digit = _has_digit(vi)
            roman = _has_roman_keyword(vi)
            if has_digit or roman:
                findings += _number_findings(vi, en, segment, file, line, has_digit, roman)
        return findings, renderings, vi, en, located, rendered

    def _aligned_batches(
        self, pairs: Iterable[SegmentPair], size: int = 256
    ) -> Iterator[tuple[SegmentPair, str, tuple[Located, ...]]]:
        """Each pair with its normalised source and the terms found in it.

        Sources are aligned a batch at a time, then the batch goes to the
        rules: each phase keeps its own tables in the processor's caches
        (interleaved, the two evict each other: a fifth slower).
        """
        iterator = iter(pairs)
        while batch := list(islice(iterator, size)):
            sources = [vietnamese(pair.vi) for pair in batch]
            yield from zip(batch, sources, self.align_many(sources), strict=True)

    def check(
        self,
        pairs: Iterable[SegmentPair],
        *,
        prefix: dict[str, list[Finding]] | None = None,
        keep_views: bool = True,
    ) -> tuple[list[Finding], int, list[str], dict[tuple[str | None, str], SegmentView]]:
        """All findings for the pairs, in file order.

        `prefix` maps segment ids to findings made elsewhere (corpus mode: `stale`)
        that go before the segment's own.
        """
        findings: list[Finding] = []
        views: dict[tuple[str | None, str], SegmentView] = {}
        files: list[str] = []
        tally = _Tally()
        count = 0
        current: str | None = None

        def close_file() -> None:
            if current is None or "term-inconsistent" not in self.rules:
                return
            for finding in tally.findings(current, self._concepts):
                findings.append(finding)
                pair = tally.first.get(finding.segment)
                if keep_views and pair is not None:
                    # Views are made again for the few segments reported here,
                    # rather than kept for every segment of the file.
                    views.setdefault((current, pair.id), self.check_pair(pair).view)

        check_pair, concepts = self._check, self._concept_of
        with _collector_paused():
            for pair, vi, located in self._aligned_batches(pairs):
                count += 1
                if pair.file != current:
                    close_file()
                    tally = _Tally()
                    current = pair.file
                    files.append(pair.file)
                found, renderings, vi, en, located, rendered = check_pair(pair, vi, located)
                own = prefix.get(pair.id) if prefix else None
                if own or found:
                    if own:
                        findings += own
                    findings += found
                    if keep_views:
                        views[(pair.file, pair.id)] = SegmentView(
                            pair, vi, en, located, rendered, concepts
                        )
                if renderings:
                    tally.add(pair, renderings)
            close_file()
        return findings, count, files, views


class _Tally:
    """Renderings of each concept across one file, for `term-inconsistent`."""

    def __init__(self) -> None:
        # (concept, term) -> where, flat: segment id, line, segment id, line, …
        # (one object a rendering, however often it is used).
        self.places: dict[tuple[str, str], list[str | int | None]] = {}
        # The first segment of each rendering: the one a finding may point at.
        self.first: dict[str, SegmentPair] = {}

    def add(self, pair: SegmentPair, renderings: list[tuple[str, str]]) -> None:
        places_of = self.places
        for rendering in renderings:
            places = places_of.get(rendering)
            if places is None:
                places = places_of[rendering] = []
                self.first[pair.id] = pair
            places.append(pair.id)
            places.append(pair.line)

    @property
    def terms(self) -> dict[str, dict[str, list[str | int | None]]]:
        """concept -> term -> where, in the order the renderings were first seen."""
        terms: dict[str, dict[str, list[str | int | None]]] = {}
        for (concept, term), places in self.places.items():
            terms.setdefault(concept, {})[term] = places
        return terms

    def findings(self, file: str, concepts: dict[str, Any]) -> Iterator[Finding]:
        for concept_id, terms in self.terms.items():
            if len(terms) < 2:
                continue
            concept = concepts[concept_id]
            order = {t.term: k for k, t in enumerate(concept.en)}
            ranked = sorted(terms.items(), key=lambda kv: (-len(kv[1]), order.get(kv[0], 99)))
            expected = ranked[0][0]
            others = ranked[1:]
            # The first segment of the earliest-starting other rendering.
            first_segment, first_line = min(
                ((places[0], places[1]) for _term, places in others),
                key=lambda p: (p[1] is None, p[1] or 0),
            )
            counts = ", ".join(f"“{t}” ×{len(p) // 2}" for t, p in ranked)
            yield Finding(
                segment=first_segment,  # type: ignore[arg-type]
                rule="term-inconsistent",
                severity=RULES["term-inconsistent"].severity,
                message=f"{concept_id} is rendered {len(ranked)} ways in this file: {counts}",
                concept=concept_id,
                expected=expected,
                found="; ".join(t for t, _p in others),
                file=file,
                line=first_line,  # type: ignore[arg-type]
                renderings=tuple(
                    Rendering(t, len(p) // 2, tuple(dict.fromkeys(p[0::2])))  # type: ignore[arg-type]
                    for t, p in ranked
                ),
            )


# --- suppressions ---------------------------------------------------------------------


def load_suppressions(path: str | Path) -> tuple[Suppression, ...]:
    """Read a suppression file: a YAML list of {segment, rule, reason, concept?}."""
    import yaml

    from .glossary import NoAliasLoader

    path = Path(path)
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except FileNotFoundError:
        raise InputError("suppression file not found", path=str(path)) from None
    except UnicodeDecodeError as exc:
        raise InputError(f"not UTF-8 (byte {exc.start})", path=str(path)) from None
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror}", path=str(path)) from None
    try:
        node = yaml.compose(text, Loader=NoAliasLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise InputError(
            f"YAML error: {getattr(exc, 'problem', None) or exc}",
            path=str(path),
            line=mark.line + 1 if mark else None,
        ) from None
    if node is None:
        return ()
    if isinstance(node, yaml.MappingNode):
        entries = [v for k, v in node.value if k.value == "suppressions"]
        node = entries[0] if entries else None
    if not isinstance(node, yaml.SequenceNode):
        raise InputError("a suppression file is a list of {segment, rule, reason}", path=str(path))
    out = []
    for item in node.value:
        line = item.start_mark.line + 1
        if not isinstance(item, yaml.MappingNode) or not all(
            isinstance(v, yaml.ScalarNode) for _k, v in item.value
        ):
            raise InputError("each suppression is a mapping of strings", path=str(path), line=line)
        data = {k.value: v.value for k, v in item.value}
        unknown = sorted(set(data) - {"segment", "rule", "reason", "concept"})
        if unknown:
            raise InputError(f"unknown key {', '.join(unknown)}", path=str(path), line=line)
        for key in ("segment", "rule", "reason"):
            if not str(data.get(key) or "").strip():
                raise InputError(
                    f"a suppression needs a non-empty {key!r}", path=str(path), line=line
                )
        if data["rule"] not in RULES:
            raise InputError(f"unknown rule {data['rule']!r}", path=str(path), line=line)
        out.append(
            Suppression(
                segment=data["segment"],
                rule=data["rule"],
                reason=data["reason"],
                concept=data.get("concept") or None,
                file=str(path),
                line=line,
            )
        )
    return tuple(out)


def apply_suppressions(
    findings: Sequence[Finding], suppressions: Sequence[Suppression], *, rules: frozenset[str]
) -> tuple[list[Finding], list[Finding]]:
    """(kept, suppressed); unused suppressions of enabled rules become findings."""
    if not suppressions:
        return list(findings), []
    kept: list[Finding] = []
    suppressed: list[Finding] = []
    used: set[int] = set()
    for finding in findings:
        hit = next((k for k, s in enumerate(suppressions) if s.matches(finding)), None)
        if hit is None:
            kept.append(finding)
        else:
            used.add(hit)
            suppressed.append(finding)
    if "unused-suppression" in rules:
        for k, s in enumerate(suppressions):
            if k not in used and s.rule in rules:
                kept.append(
                    Finding(
                        segment=s.segment,
                        rule="unused-suppression",
                        severity=RULES["unused-suppression"].severity,
                        message=f"the suppression of {s.rule} for {s.segment} matched nothing",
                        concept=s.concept,
                        expected=s.rule,
                        file=s.file,
                        line=s.line,
                    )
                )
    return kept, suppressed


# --- entry points ------------------------------------------------------------------


def check_pairs(
    pairs: Iterable[SegmentPair],
    glossary: Glossary | Checker,
    *,
    rules: Iterable[str] | None = None,
    suppressions: Sequence[Suppression] = (),
    keep_views: bool = True,
) -> CheckReport:
    """Check segment pairs (from one or more files, each file's pairs together)."""
    checker = glossary if isinstance(glossary, Checker) else Checker(glossary, rules=rules)
    findings, count, files, views = checker.check(pairs, keep_views=keep_views)
    kept, suppressed = apply_suppressions(findings, suppressions, rules=checker.rules)
    return CheckReport(tuple(kept), count, tuple(files), tuple(suppressed), views)


def check_files(
    paths: Sequence[str | Path],
    glossary: Glossary,
    *,
    input_format: str | None = None,
    rules: Iterable[str] | None = None,
    suppressions: Sequence[Suppression] = (),
    keep_views: bool = True,
) -> CheckReport:
    """Check bilingual files (TSV, CSV, JSONL, TMX, XLIFF).

    `keep_views=False` leaves out the segment texts the table and HTML reports
    show, which saves memory on large files when only the findings are wanted.
    """
    if not paths:
        raise NormcorpusError("no files to check (name bilingual files, or pass --corpus)")
    # Pairs are streamed (a large file is never held whole); a bad file still
    # stops the run before any output, which is written only from the report.
    pairs = chain.from_iterable(read_pairs(path, fmt=input_format) for path in paths)
    return check_pairs(
        pairs, glossary, rules=rules, suppressions=suppressions, keep_views=keep_views
    )


def check_corpus(
    paths: Sequence[str | Path],
    glossary: Glossary,
    *,
    data_dir: str | Path | None = None,
    rules: Iterable[str] | None = None,
    suppressions: Sequence[Suppression] = (),
) -> CheckReport:
    """Check the corpus's translations (`<doc>.en.tsv` beside each statement).

    Clauses come from the index in `data_dir` when it is up to date with the
    statements, otherwise the statements are segmented in memory (slower, same
    result) and a note says so.
    """
    from . import read
    from .translations import read_translations, translation_path

    checker = Checker(glossary, rules=rules)
    statements = read.discover(paths)
    if not statements:
        raise InputError("no statement files (*.txt) found", path=", ".join(map(str, paths)))
    clauses, note = corpus_clauses(statements, data_dir)
    enabled = checker.rules
    prefix: dict[str, list[Finding]] = {}
    pairs: list[SegmentPair] = []
    tail: list[Finding] = []
    views: dict[tuple[str | None, str], SegmentView] = {}
    for statement in statements:
        doc = read.doc_id(statement)
        tsv = translation_path(statement)
        name = str(tsv)
        rows = read_translations(tsv).by_id() if tsv.exists() else {}
        for clause_id, text, clause_hash in clauses.get(doc, []):
            row = rows.pop(clause_id, None)
            if row is None:
                if "untranslated" in enabled:
                    finding = Finding(
                        segment=clause_id,
                        rule="untranslated",
                        severity=RULES["untranslated"].severity,
                        message=f"no translation: add a row for this clause to {tsv.name}",
                        file=name,
                    )
                    tail.append(finding)
                    views[(name, clause_id)] = SegmentView(
                        SegmentPair(clause_id, text, "", name), vietnamese(text), ""
                    )
                continue
            if row.hash != clause_hash and "stale" in enabled:
                prefix.setdefault(clause_id, []).append(
                    Finding(
                        segment=clause_id,
                        rule="stale",
                        severity=RULES["stale"].severity,
                        message="the clause changed since it was translated: review the"
                        f" English, then set its hash to {clause_hash}",
                        expected=clause_hash,
                        found=row.hash,
                        file=name,
                        line=row.line,
                    )
                )
            pairs.append(SegmentPair(clause_id, text, row.en, name, row.line))
        if "orphan-translation" in enabled:
            for row in rows.values():
                tail.append(
                    Finding(
                        segment=row.id,
                        rule="orphan-translation",
                        severity=RULES["orphan-translation"].severity,
                        message=f"no clause {row.id!r} in {doc}: remove the row or fix its id",
                        found=row.id,
                        file=name,
                        line=row.line,
                    )
                )
    findings, count, _files, pair_views = checker.check(pairs, prefix=prefix)
    views.update(pair_views)
    order = {
        clause_id: k for k, clause_id in enumerate(c[0] for doc in clauses.values() for c in doc)
    }
    findings = _in_clause_order(findings + tail, order)
    kept, suppressed = apply_suppressions(findings, suppressions, rules=enabled)
    files = tuple(str(translation_path(s)) for s in statements)
    untranslated = sum(1 for f in tail if f.rule == "untranslated")
    return CheckReport(
        tuple(kept),
        count + untranslated,
        files,
        tuple(suppressed),
        views,
        notes=(note,) if note else (),
    )


def _in_clause_order(findings: list[Finding], order: dict[str, int]) -> list[Finding]:
    # Stable: a segment's own findings keep the rule order they were made in;
    # per-file findings (inconsistency) and orphans follow their file's clauses.
    def key(item: tuple[int, Finding]) -> tuple[str, int, int, int]:
        index, finding = item
        late = finding.rule in ("term-inconsistent", "orphan-translation")
        return (finding.file or "", int(late), order.get(finding.segment, 1 << 30), index)

    return [f for _k, f in sorted(enumerate(findings), key=key)]


def corpus_clauses(
    statements: Sequence[Path], data_dir: str | Path | None
) -> tuple[dict[str, list[tuple[str, str, str]]], str]:
    """(clause id, text, hash) per document, from a fresh index or segmented in memory."""
    from . import read
    from .ingest import source_digest
    from .read import load_chrome_rules
    from .segment import load_segment_rules

    docs = {read.doc_id(s): s for s in statements}
    reason = "no --data-dir"
    if data_dir is not None:
        from .store import Store

        try:
            with Store.open(data_dir) as store:
                known = {info.id: info for info in store.documents()}
                rules = load_chrome_rules()
                segment_digest = load_segment_rules().digest
                stale = [
                    doc
                    for doc, path in docs.items()
                    if doc not in known
                    or known[doc].source_sha256 != source_digest(path, encoding=None, rules=rules)
                    or known[doc].segment_digest != segment_digest
                ]
                if not stale:
                    return {
                        doc: [(r.id, r.text, r.hash) for r in store.records(doc)] for doc in docs
                    }, ""
                reason = f"the index in {data_dir}/ is out of date for {', '.join(stale)}"
        except NormcorpusError as exc:
            reason = str(exc).split(" (")[0]
    from .glossary import make_glossary
    from .ingest import aligned_records

    # Only the clauses are needed here: an empty glossary skips alignment work.
    out: dict[str, list[tuple[str, str, str]]] = {doc: [] for doc in docs}
    for record in aligned_records(list(docs.values()), make_glossary([])):
        out[record.doc].append((record.id, record.text, record.hash))
    return (
        out,
        f"{reason}; segmented the statements in memory (run `normcorpus ingest` to skip this)",
    )


# --- reports: rows and HTML -----------------------------------------------------------

COLUMNS: tuple[str, ...] = (
    "segment",
    "rule",
    "severity",
    "concept",
    "expected",
    "found",
    "message",
    "file",
    "line",
)


def finding_rows(report: CheckReport) -> list[dict[str, Any]]:
    return [f.to_dict() for f in report.findings]


def group_by_segment(report: CheckReport) -> list[tuple[SegmentView | None, list[Finding]]]:
    """Findings grouped by (file, segment), in report order; per-file findings last."""
    groups: dict[tuple[str | None, str], list[Finding]] = {}
    for finding in report.findings:
        groups.setdefault((finding.file, finding.segment), []).append(finding)
    return [(report.views.get(key), items) for key, items in groups.items()]


def highlight_html(text: str, spans: Sequence[Span]) -> str:
    out: list[str] = []
    position = 0
    for span in sorted(spans, key=lambda s: (s.start, -s.end)):
        if span.start < position:
            continue
        out.append(html.escape(text[position : span.start]))
        css = "bad" if span.kind == "deprecated" else "term"
        title = html.escape(f"{span.concept} ({span.kind})", quote=True)
        out.append(
            f'<mark class="{css}" title="{title}">{html.escape(text[span.start : span.end])}</mark>'
        )
        position = span.end
    out.append(html.escape(text[position:]))
    return "".join(out)


def render_html(report: CheckReport, *, title: str = "normcorpus check") -> str:
    """One self-contained HTML page (inline CSS, no external assets) a translator can share."""
    template = resources.files("normcorpus").joinpath("resources/report.html").read_text("utf-8")
    counts = report.counts()
    summary = (
        f"{report.segments} segments in {len(report.files)} file(s): "
        + ", ".join(f'<span class="sev {s}">{counts[s]} {s}</span>' for s in SEVERITIES)
        + (f", {len(report.suppressed)} suppressed" if report.suppressed else "")
    )
    sections: list[str] = []
    for view, items in group_by_segment(report):
        first = items[0]
        where = html.escape(f"{first.file}:{first.line}" if first.line else f"{first.file or ''}")
        severities = " ".join(sorted({f.severity for f in items}, key=_SEVERITY_RANK.__getitem__))
        parts = [
            f'<section class="segment" data-severity="{severities}">',
            f"<h2><code>{html.escape(first.segment)}</code> <small>{where}</small></h2>",
        ]
        if view is not None:
            parts.append('<table class="pair">')
            parts.append(
                f'<tr><th>vi</th><td lang="vi">{highlight_html(view.vi, view.vi_terms)}</td></tr>'
            )
            parts.append(
                f'<tr><th>en</th><td lang="en">{highlight_html(view.en, view.en_terms)}</td></tr>'
            )
            parts.append("</table>")
        parts.append("<ul>")
        for finding in items:
            extra = ""
            if finding.renderings:
                extra = (
                    "<ul>"
                    + "".join(
                        f"<li>“{html.escape(r.term)}” ×{r.count}: "
                        + ", ".join(f"<code>{html.escape(s)}</code>" for s in r.segments)
                        + "</li>"
                        for r in finding.renderings
                    )
                    + "</ul>"
                )
            parts.append(
                f'<li class="{finding.severity}"><span class="sev {finding.severity}">'
                f"{finding.severity}</span> <code>{finding.rule}</code> "
                f"{html.escape(finding.message)}{extra}</li>"
            )
        parts.append("</ul></section>")
        sections.append("\n".join(parts))
    if not sections:
        sections.append('<p class="clean">No findings.</p>')
    notes = "".join(f'<p class="note">{html.escape(n)}</p>' for n in report.notes)
    return (
        template.replace("{{title}}", html.escape(title))
        .replace("{{summary}}", summary)
        .replace("{{notes}}", notes)
        .replace("{{body}}", "\n".join(sections))
    )
