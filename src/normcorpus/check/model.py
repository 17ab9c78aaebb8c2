"""What the check's rules are made of: the Rule base, the per-segment context, findings, reports.

A check rule is a small class (as frictionless-py's checks are): a stable
kebab-case `id`, a default `severity`, one line of `doc`, and hooks the
engine calls:

- `segment(seg)` once per segment pair, with the frozen `Segment` context
  (the normalised texts, the glossary terms found on both sides, whether
  there is a translation to check), yielding findings;
- `file_end(file)` once at the end of each file, yielding the findings that
  need the whole file (consistency across segments).

The engine makes one instance of each enabled rule per run, so a rule may
keep what it learns across a file on `self` (and forgets it at `file_end`).
A finding is a `models.Problem`, the one problem model of glossary
validation and check alike (`Finding` is its name here).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from operator import itemgetter
from typing import TYPE_CHECKING, Any, ClassVar, TypeVar

from ..formats.bilingual import SegmentPair
from ..frequency import english_zipf, zipf
from ..models import FINDING_KEYS, Problem, Report, Severity, slot_init
from ..normalize import fold
from .text import title_words, translatable_words

T = TypeVar("T")

if TYPE_CHECKING:
    from ..align import Located
    from ..english import EnglishMatcher
    from ..models import Concept, Glossary

Finding = Problem  # a check finding is a Problem located by segment

_START_END = itemgetter(0, 1)

# Between the items a finding's `expected` or `found` names together (tags,
# numbers): none of them holds it, and a report finds each where it stands.
LIST_SEPARATOR = "; "


class _Nothing(Mapping[str, Any]):
    """An empty mapping that is hashable (so a dataclass field may default to it)."""

    __slots__ = ()

    def __getitem__(self, key: str) -> Any:
        raise KeyError(key)

    def __iter__(self) -> Iterator[str]:
        return iter(())

    def __len__(self) -> int:
        return 0

    def __hash__(self) -> int:
        return 0


_NOTHING: Mapping[str, Any] = _Nothing()


@dataclass(frozen=True, slots=True)
class Run:
    """What the rules of one run may read: the glossary and which rules are on."""

    glossary: Glossary
    concepts: Mapping[str, Concept]  # id -> concept
    entries: Sequence[Any]  # the aligner's entries (each has .concept, .term), by index
    enabled: frozenset[str]
    english: EnglishMatcher  # the checker's English scan (its segment contexts' too)


class Rule:
    """A check rule: an id, a default severity, one line of doc, and hooks.

    Subclasses set the three class attributes and override the hooks they
    need. `needs_target` rules run only on segments with a translation to
    check (a source with letters and a target that is neither empty nor the
    source copied); the others see every segment. `needs` narrows that: the
    bits of a segment's screen (`check/screen.py`) of which one at least must
    be set for `segment` to find anything (a character either text must hold,
    a status, a direction); the engine calls the hook only then. 0: no such
    bits (the hook is called on every segment `needs_target` allows).
    """

    id: ClassVar[str]
    severity: ClassVar[Severity]
    doc: ClassVar[str]
    needs_target: ClassVar[bool] = True
    needs: ClassVar[int] = 0

    def __init__(self, run: Run) -> None:
        self.run = run

    def segment(self, seg: Segment) -> Iterable[Finding]:
        """The findings of one segment pair."""
        return ()

    def file_end(self, file: File) -> Iterable[Finding]:
        """The findings that needed the whole file; then forget the file."""
        return ()

    def finding(
        self,
        seg: Segment,
        message: str,
        concept: str | None = None,
        expected: str | None = None,
        found: str | None = None,
    ) -> Finding:
        """A finding of this rule at `seg`, with the data it carries."""
        pair = seg.pair
        return Finding(
            self.id,
            self.severity,
            message,
            pair.file,
            pair.line,
            None,
            pair.id,
            concept,
            expected,
            found,
        )

    @classmethod
    def finding_for(
        cls, message: str, file: str | None, line: int | None, segment: str, **data: Any
    ) -> Finding:
        """A finding of this rule located by hand (rules that run outside the segment loop)."""
        return Finding(cls.id, cls.severity, message, file, line, None, segment, **data)


def translation_status(source: str, target: str, *, english: bool = False) -> str:
    """'' when there is a translation to check; else why not.

    `no-source` (nothing to translate), `empty` (no target), `copied` (the
    target is the source, ignoring case, and the source has words to
    translate: a copied name, acronym, URL, code or number is a translation;
    so is, in an `english` source, a word English does not use: `gcrypt`,
    `dirmngr`, a program's name written in lower case), `key` (the source is
    a message key, not a text: `user.login_error.user_disabled`, as files of
    programs that translate by key hold them; nothing in it to compare with
    the target).
    """
    source = source.strip()
    if not source:
        return "no-source"
    target = target.strip()
    if not target:
        return "empty"
    if _may_fold_alike(target, source) and target.casefold() == source.casefold():
        words = translatable_words(source)
        if words and not (english and _all_names(words)):
            return "copied"
        if not words and _english_words(title_words(source)):
            return "copied"  # `Save As`, `Refund Policy`: a UI string left in English
    # (a key has a dot and no space: most texts are told by that, without the regex;
    # the space first, as a text's first space stands near its start and its dot at its end)
    if " " not in source and "." in source and _MESSAGE_KEY.fullmatch(source):
        return "key"
    return ""


# A message key: identifiers joined by dots, one at least with a `_` or three
# parts or more (`user.login_error.user_disabled`, `saml.error.cannot_login`);
# never a name such as `Node.js` or a sentence.
_MESSAGE_KEY = re.compile(r"(?=\S*_|(?:[^.]+\.){2})[A-Za-z_][\w-]*(?:\.[A-Za-z_][\w-]*)+")


# A capitalised word of an English source is an English word to translate, not a
# name that Vietnamese keeps, when English uses it (Zipf >= 3) and at least 20
# times as often (1.3 Zipf) as Vietnamese text does (wordfreq's lists): `Save`
# 5.1 / 3.6, `Policy` 5.2 / 3.2, `Sign` 5.1 / 3.2; not `Google` 4.9 / 4.7,
# `Chrome`, `Microsoft`, `Email`, `Internet`, `Windows`, `App Store`, which
# Vietnamese text writes as they are; not `Symfony` (English does not use it).
_MIN_ENGLISH_ZIPF = 3.0
_MIN_ZIPF_GAP = 1.3


def _english_words(words: tuple[str, ...]) -> bool:
    """Whether some of the capitalised `words` is an English word, not a name (above);
    never a syllable of Vietnamese (`Can Tho`, `Dak Lak`: a name typed without diacritics)."""
    vietnamese = None
    for word in words:
        lower = word.lower()
        english = english_zipf(lower)
        if english < _MIN_ENGLISH_ZIPF:
            continue
        if vietnamese is None:
            from .. import syllables  # (the lexicon: read only for a copied segment)

            vietnamese = syllables.folded_syllables()
        if fold(lower) in vietnamese:
            continue
        if english - zipf(lower) >= _MIN_ZIPF_GAP:
            return True
    return False


def _all_names(words: tuple[str, ...]) -> bool:
    """Whether no word is one English uses (wordfreq knows none of them)."""
    return all(english_zipf(w.lower()) == 0.0 for w in words)


def _may_fold_alike(a: str, b: str) -> bool:
    """False when `a.casefold() != b.casefold()` shows in their first characters
    (`a`, `b` not empty, as `translation_status` asks).

    Case folding maps each character on its own, so two strings that fold
    alike have folded beginnings of which one starts the other. Their first
    characters first: most texts and their translations differ there (and
    are told apart by a look-up, not a slice and two case folds: a third of
    the cost).
    """
    first_a, first_b = a[0], b[0]
    if first_a != first_b:
        folds = _FIRST_FOLDS
        if (folds.get(first_a) or _first_fold(first_a)) != (
            folds.get(first_b) or _first_fold(first_b)
        ):
            return False
    head_a, head_b = a[:8].casefold(), b[:8].casefold()
    return head_a.startswith(head_b) or head_b.startswith(head_a)


# A character -> the first character of its case fold (never empty), as met;
# bounded (a file of ever new first characters folds them each time).
_FIRST_FOLDS: dict[str, str] = {}


def _first_fold(char: str) -> str:
    folded = char.casefold()[:1]
    if len(_FIRST_FOLDS) < 4096:
        _FIRST_FOLDS[char] = folded
    return folded


@dataclass(frozen=True, slots=True)
class Highlight:
    """A glossary term found in a segment, as a report highlights it."""

    start: int
    end: int
    concept: str
    kind: str  # vi: the aligner's match kind; en: the term's status


@slot_init  # one a segment
@dataclass(frozen=True, slots=True)
class Segment:
    """One segment pair as the rules see it (and as a report shows it).

    `vi` is the Vietnamese normalised (NFC, tone marks), `en` the English in
    NFC. `located` are the aligner's matches in `vi`, (start, end, entry
    index, kind, score), and `concept_of` maps an entry index to its concept.
    When there is a translation to check (`status` is ''), `rendered` maps
    each concept of the Vietnamese to the English terms found for it, as
    (start, end, pattern) with `pattern.concept`, `pattern.term` and
    `pattern.status`; and, read from it in source order: `renderings`, the
    pattern of each allowed English term found (abbreviations left out);
    `unrendered`, (concept, start, end) of each concept with no allowed term
    (preferred, admitted or abbreviation) in the English, at its first place
    in the Vietnamese; `deprecated`, (concept, start, end, en_start, en_end,
    pattern) of each deprecated term used (start, end: the concept's first
    place in the Vietnamese; en_start, en_end: the term's in the English).
    """

    pair: SegmentPair
    vi: str
    en: str
    located: tuple[Located, ...] = ()
    concept_of: Sequence[str] = ()
    status: str = ""
    rendered: Mapping[str, Sequence[tuple[int, int, Any]]] = _NOTHING
    renderings: tuple[Any, ...] = ()
    unrendered: tuple[tuple[str, int, int], ...] = ()
    deprecated: tuple[tuple[str, int, int, int, int, Any], ...] = ()

    @property
    def source(self) -> str:
        return self.vi if self.pair.vi_is_source else self.en

    @property
    def target(self) -> str:
        return self.en if self.pair.vi_is_source else self.vi

    @property
    def vi_terms(self) -> tuple[Highlight, ...]:
        concepts = self.concept_of
        return tuple(
            Highlight(start, end, concepts[index], kind)
            for start, end, index, kind, _score in self.located
        )

    @property
    def en_terms(self) -> tuple[Highlight, ...]:
        """The English terms, by position (concepts in their order in the source)."""
        rendered = self.rendered
        order = dict.fromkeys(self.concept_of[index] for _s, _e, index, _k, _sc in self.located)
        order.update(dict.fromkeys(rendered))  # (segments made by hand may have only these)
        found = [
            (start, end, concept, pattern.status)
            for concept in order
            for start, end, pattern in rendered.get(concept, ())
        ]
        found.sort(key=_START_END)
        return tuple(Highlight(*item) for item in found)


class File:
    """One file of a run, while its segments are checked.

    Rules that report at `file_end` `remember` the segments they may point
    at, so the report can show those segments without keeping every one.
    """

    __slots__ = ("name", "remembered")

    def __init__(self, name: str):
        self.name = name
        self.remembered: dict[str, SegmentPair] = {}

    def remember(self, pair: SegmentPair) -> None:
        self.remembered.setdefault(pair.id, pair)


@dataclass(frozen=True, slots=True)
class CheckReport(Report):
    """The findings of a check run (`problems`, also `findings`) and what it ran over."""

    segments: int = 0  # segment pairs checked
    files: tuple[str, ...] = ()
    suppressed: tuple[Finding, ...] = ()
    # (file, segment id) -> the segment, for those with findings (table and HTML)
    views: dict[tuple[str | None, str], Segment] = field(default_factory=dict)
    notes: tuple[str, ...] = ()  # what the user should know about how the check ran

    @property
    def findings(self) -> tuple[Finding, ...]:
        return self.problems

    def to_dict(self) -> dict[str, Any]:
        return {
            "findings": [f.to_dict(FINDING_KEYS) for f in self.findings],
            "counts": self.counts(),
            "segments": self.segments,
            "files": list(self.files),
            "suppressed": len(self.suppressed),
        }


def per_segment(compute: Callable[[Segment], T]) -> Callable[[Segment], T]:
    """`compute(seg)`, remembered for the last segment asked about: the rules of a
    family ask in turn for what they share, and it is made once a segment. (The
    pair is rebound whole: a thread never reads one segment's value for another.)"""
    last: list[tuple[Segment | None, Any]] = [(None, None)]

    def remembered(seg: Segment) -> T:
        held = last[0]
        if held[0] is seg:
            return held[1]  # type: ignore[no-any-return]
        value = compute(seg)
        last[0] = (seg, value)
        return value

    return remembered
