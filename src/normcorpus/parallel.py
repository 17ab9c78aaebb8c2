"""A Vietnamese text × its English version -> aligned pairs (beads).

The Vietnamese side's units are the corpus's clauses (read -> normalise ->
segment); the English side is cut by the same rules: sentences (sentencex),
then `;` and enumerating colons (`segment.clause_spans`, without the
Vietnamese comma split of over-long clauses, whose places do not correspond
across languages: a bead 2-1 or 3-1 takes the pieces instead).

Alignment is hierarchical:

1. **Structure.** Paragraphs opening with a label (`Chương II` ~ `Chapter II`,
   `Điều 5` ~ `Article 5.-`, khoản `1.` ~ `1.`, điểm `đ)` ~ `(e)`) are anchored
   level by level: within a stretch already anchored, a label met once on each
   side is a candidate, and the longest run of candidates in the same order on
   both sides (patience matching) cuts the stretch. A label the translation
   lost, or one met twice, anchors nothing; the stretch stays longer.
2. **Dynamic programming** pairs the units of each stretch: beads 1-1, 1-2,
   2-1, 1-3, 3-1, 2-2 and gaps 1-0, 0-1, scored by length (Gale–Church on
   characters, the ratio measured on the text pair), numbers and dates the two
   sides share (the check's number reading), glossary concepts found on both
   sides (the aligner and `english.EnglishMatcher`), names and abbreviations
   kept as written, and structure labels. Long stretches run in a band around
   the diagonal that widens only when the best path reaches its edge.

Gaps are real: an English unit written in Vietnamese (a "log in to read"
notice standing in for a paragraph) is a 0-1 bead and never part of a pair;
text one side lacks becomes 1-0 or 0-1. Each bead's confidence is its
posterior probability over all the paths through its stretch.

Weights and patterns live in `resources/parallel.yaml`.
"""

from __future__ import annotations

import bisect
import hashlib
import itertools
import math
import re
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from . import normalize
from .errors import InputError
from .models import Clause, Document, Glossary, PublishedBead, PublishedTranslation

LEVELS = ("chapter", "section", "article", "clause", "point")
# Bumped when a change to the code (not to parallel.yaml) changes alignments: ingest
# then aligns every published translation again.
RULES_VERSION = 2
BEAD_TYPES = ("1-1", "1-2", "2-1", "1-3", "3-1", "2-2", "1-0", "0-1")

_VIETNAMESE_LETTERS = frozenset(
    "àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ"
    "ÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬÈÉẺẼẸÊỀẾỂỄỆÌÍỈĨỊÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢÙÚỦŨỤƯỪỨỬỮỰỲÝỶỸỴĐ"
)
_ROMAN = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100, "D": 500, "M": 1000}
_DIGITS = re.compile(r"\d+")
# A word written in ASCII letters and digits only (not the start of `BIỆN`).
_ASCII_WORD = re.compile(r"(?<![^\W_])[A-Za-z0-9]+(?:[-'’][A-Za-z0-9]+)*(?![^\W_])")


# --- settings -----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Settings:
    """`resources/parallel.yaml`, read."""

    labels: dict[str, tuple[tuple[str, re.Pattern[str]], ...]]  # language -> (level, pattern)
    alphabets: dict[str, str]
    foreign_share: float
    file_foreign_share: float
    vietnamese_min_share: float
    bead_costs: dict[tuple[int, int], float]
    gap: float
    ratio: float
    ratio_bounds: tuple[float, float]
    variance: float
    length_weight: float
    evidence: dict[str, tuple[float, float]]  # kind -> (match, miss)
    paragraph_join: float
    # Beads of more Vietnamese units than 3 with one English unit: pieces of one
    # Vietnamese sentence (cut at its commas) that the English says in one.
    sentence_join_max: int
    sentence_join_step: float
    band_full_below: int
    band_width: int
    # Where a line of English text holds more than one paragraph: structure
    # labels run on after a sentence's end (a page that flattened the law).
    inline_breaks: tuple[re.Pattern[str], ...] = ()


@lru_cache(maxsize=1)
def load_settings() -> Settings:
    raw = resources.files("normcorpus").joinpath("resources/parallel.yaml").read_bytes()
    data = yaml.safe_load(raw.decode("utf-8"))
    labels = data["labels"]
    costs = data["costs"]
    length = costs["length"]
    return Settings(
        labels={
            lang: tuple((level, re.compile(labels[lang][level])) for level in LEVELS)
            for lang in ("vi", "en")
        },
        alphabets=dict(labels["alphabets"]),
        foreign_share=float(data["english"]["foreign_share"]),
        file_foreign_share=float(data["english"]["file_foreign_share"]),
        vietnamese_min_share=float(data["english"]["vietnamese_min_share"]),
        bead_costs={
            tuple(int(n) for n in name.split("-")): float(cost)  # type: ignore[misc]
            for name, cost in costs["beads"].items()
        },
        gap=float(costs["gap"]),
        ratio=float(length["ratio"]),
        ratio_bounds=(float(length["ratio_bounds"][0]), float(length["ratio_bounds"][1])),
        variance=float(length["variance"]),
        length_weight=float(length["weight"]),
        evidence={
            kind: (float(costs[kind]["match"]), float(costs[kind]["miss"]))
            for kind in ("numbers", "glossary", "names", "labels")
        },
        paragraph_join=float(costs.get("paragraph_join", 1.0)),
        sentence_join_max=int(costs["sentence_join"]["max"]),
        sentence_join_step=float(costs["sentence_join"]["step"]),
        band_full_below=int(data["band"]["full_below"]),
        band_width=int(data["band"]["width"]),
        inline_breaks=tuple(re.compile(p) for p in data["english"].get("inline_breaks") or ()),
    )


# --- units --------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Label:
    """A structure label opening a paragraph: its level and value (`article`, `5`)."""

    level: str
    value: str

    def __str__(self) -> str:
        return f"{self.level} {self.value}"


@dataclass(frozen=True, slots=True)
class Unit:
    """One unit of one side: a Vietnamese clause or an English sentence/clause."""

    index: int  # place among its side's units
    id: str  # the clause id (Vietnamese) or `en:pNNN.sNN.cNN` (English)
    text: str
    start: int  # offsets into the side's normalised text
    end: int
    line: int  # 1-based line of `start`
    para: int  # paragraph number on its side (1-based)
    label: Label | None = None  # set on the unit that opens a labelled paragraph
    foreign: bool = False  # English side: written in Vietnamese (never paired)
    sent: int = 0  # sentence number within its paragraph (0: not known)


@dataclass(frozen=True, slots=True)
class Side:
    """One text of the pair: its normalised text and its units."""

    lang: str  # vi | en
    path: str
    text: str
    units: tuple[Unit, ...]
    sha256: str  # of the file's bytes


@dataclass(frozen=True, slots=True)
class Bead:
    """Units of both sides that translate each other (one side empty for a gap)."""

    vi: tuple[int, ...]  # unit indices
    en: tuple[int, ...]
    confidence: float

    @property
    def type(self) -> str:
        return f"{len(self.vi)}-{len(self.en)}"

    @property
    def is_gap(self) -> bool:
        return not self.vi or not self.en


@dataclass(frozen=True, slots=True)
class Alignment:
    vi: Side
    en: Side
    beads: tuple[Bead, ...]
    ratio: float  # the English/Vietnamese length ratio used
    anchors: int  # structure anchors found

    def pairs(self) -> list[dict[str, Any]]:
        """One row per bead, in text order: what `align` prints."""
        rows = []
        for bead in self.beads:
            vi = [self.vi.units[i] for i in bead.vi]
            en = [self.en.units[j] for j in bead.en]
            rows.append(
                {
                    "bead": bead.type,
                    "confidence": round(bead.confidence, 3),
                    "vi_ids": [u.id for u in vi],
                    "vi_lines": sorted({u.line for u in vi}),
                    "en_lines": sorted({u.line for u in en}),
                    "vi": " ".join(u.text for u in vi),
                    "en": " ".join(u.text for u in en),
                }
            )
        return rows

    def counts(self) -> dict[str, int]:
        counted = Counter(bead.type for bead in self.beads)
        # (the long joins of one sentence's pieces, 4-1 and up, after the usual types)
        order = [*BEAD_TYPES, *sorted(set(counted) - set(BEAD_TYPES))]
        return {kind: counted[kind] for kind in order if counted[kind]}


# --- reading ------------------------------------------------------------------


def vietnamese_share(text: str) -> float:
    """The share of letters that only Vietnamese writes (ă, ơ, ư, đ, tone marks)."""
    letters = viet = 0
    for char in text:
        if char.isalpha():
            letters += 1
            if char in _VIETNAMESE_LETTERS:
                viet += 1
    return viet / letters if letters else 0.0


def _has_text(text: str) -> bool:
    return any(char.isalnum() for char in text)


def _line_starts(text: str) -> list[int]:
    return [0, *(m.end() for m in re.finditer("\n", text))]


def _roman(value: str) -> int | None:
    total = 0
    for k, char in enumerate(value):
        number = _ROMAN.get(char)
        if number is None:
            return None
        following = _ROMAN.get(value[k + 1], 0) if k + 1 < len(value) else 0
        total += -number if number < following else number
    return total


def read_label(paragraph: str, lang: str, settings: Settings | None = None) -> Label | None:
    """The structure label a paragraph opens with, its value comparable across languages."""
    settings = settings or load_settings()
    for level, pattern in settings.labels[lang]:
        match = pattern.match(paragraph)
        if not match:
            continue
        value = match.group(1)
        if level == "chapter":
            number = int(value) if value.isdigit() else _roman(value.upper())
            value = str(number)
        elif level == "point":
            alphabet = settings.alphabets[lang]
            position = alphabet.find(value.lower())
            if position < 0:
                continue
            value = str(position + 1)
        elif level in ("article", "clause", "section"):
            value = value.lstrip("0") or "0"
        return Label(level, value)
    return None


def _decode_file(path: Path, encoding: str | None) -> tuple[str, bytes]:
    from .read import decode, read_bytes

    with _as_side("en"):
        raw = read_bytes(path)
        if not raw.strip():
            raise InputError("empty file", path=str(path))
        text = decode(raw, path=str(path), encoding=encoding)
    return normalize.text(normalize.line_ends(_page_text(path, raw, text))), raw


def _page_text(path: Path, raw: bytes, text: str) -> str:
    """A saved web page's text as a browser shows it (as the Vietnamese side's reader
    gives it, `htmltext`); any other file's as it is."""
    from . import htmltext

    return htmltext.to_text(text) if htmltext.is_html(path.name, raw) else text


@contextmanager
def _as_side(lang: str) -> Iterator[None]:
    """The reader's messages in `align`'s words: its option for a side's codec is
    `--vi-encoding`/`--en-encoding`, and either file is a text, not a statement."""
    try:
        yield
    except InputError as exc:
        detail = exc.detail.replace("--encoding", f"--{lang}-encoding").replace(
            "not a text statement", "not a text file"
        )
        if detail == exc.detail:
            raise
        raise InputError(detail, path=exc.path, line=exc.line, column=exc.column) from exc


def vietnamese_side(document: Document, clauses: Iterable[Clause], *, raw: bytes = b"") -> Side:
    """The Vietnamese side from a document and its clauses (units with text only)."""
    settings = load_settings()
    starts = _line_starts(document.text)
    labelled: set[int] = set()
    units: list[Unit] = []
    for clause in clauses:
        if not _has_text(clause.text):
            continue
        label = None
        if clause.para not in labelled:
            labelled.add(clause.para)
            # A paragraph's label is read where its first clause starts, to the end of
            # that line: a paragraph is most often a line, but one cut out of a line (a
            # text flattened onto one line, a heading glued to the sentence before it)
            # starts inside it (the document's paragraph spans are not needed, so a stored
            # document does).
            text = document.text
            line_end = text.find("\n", clause.start)
            label = read_label(
                text[clause.start : len(text) if line_end < 0 else line_end], "vi", settings
            )
        units.append(
            Unit(
                index=len(units),
                id=clause.id,
                text=clause.text,
                start=clause.start,
                end=clause.end,
                line=bisect.bisect_right(starts, clause.start),
                para=clause.para,
                label=label,
                sent=clause.sent,
            )
        )
    return Side(
        lang="vi",
        path=document.path,
        text=document.text,
        units=tuple(units),
        sha256=hashlib.sha256(raw).hexdigest() if raw else document.source_sha256,
    )


@lru_cache(maxsize=1)
def _english_clause_rules() -> Any:
    from .segment import load_segment_rules

    # `;` and enumerating colons as for Vietnamese; no comma split of long clauses.
    return replace(load_segment_rules(), max_syllables=1_000_000_000)


def _sentences(paragraph: str) -> list[tuple[int, int]]:
    """Sentence offsets in an English paragraph (sentencex), labels kept with their text."""
    import sentencex

    spans: list[tuple[int, int]] = []
    position = 0
    for piece in sentencex.segment("en", paragraph):
        start = paragraph.find(piece, position) if piece else -1
        if start < 0:  # sentencex keeps the text; find it whatever it did to spaces
            start = position
        end = start + len(piece)
        position = end
        stripped_start, stripped_end = start, end
        while stripped_start < stripped_end and paragraph[stripped_start].isspace():
            stripped_start += 1
        while stripped_end > stripped_start and paragraph[stripped_end - 1].isspace():
            stripped_end -= 1
        if stripped_end > stripped_start:
            spans.append((stripped_start, stripped_end))
    # A piece that is only a label or a number (`1.`, `Article 1.`) opens the next one.
    from .segment import join_markers

    def marker(start: int, end: int) -> bool:
        piece = paragraph[start:end]
        return (
            not any(c.isalpha() for c in piece)
            or _label_only(piece)
            or bool(_NUMBER_SIGN.search(piece))
        )

    return join_markers(spans, marker)


# A piece that ends in the sign of the number that follows (`Law no.: 86/2015/QH13`,
# `Decree No. 13/2023`): the splitter took its stop for a sentence's end.
_NUMBER_SIGN = re.compile(r"\b(?:[Nn]o|NO|[Nn]os|NOS)\.\s*:?$")


def _label_only(piece: str) -> bool:
    for _level, pattern in load_settings().labels["en"]:
        match = pattern.match(piece)
        if match and not _has_text(piece[match.end() :].replace("-", "")):
            return True
    return False


def _english_paragraphs(text: str, settings: Settings) -> Iterator[tuple[int, int, str]]:
    """(line number, start, text) of each paragraph with text."""
    for line_no, line_start in enumerate(_line_starts(text), start=1):
        line_end = text.find("\n", line_start)
        line_end = len(text) if line_end < 0 else line_end
        line = text[line_start:line_end]
        if not _has_text(line):
            continue
        for start, end in _inline_paragraphs(line, settings):
            if _has_text(line[start:end]):
                yield line_no, line_start + start, line[start:end]


def _inline_paragraphs(line: str, settings: Settings) -> list[tuple[int, int]]:
    """A line's paragraphs: the whole line, or its pieces where a structure label
    runs on after a sentence (`… in Vietnam. Article 3. Definitions …`)."""
    # (at the match's end, or at its group `cut` where it reads the label's title first)
    cuts = sorted(
        {
            m.start("cut") if "cut" in p.groupindex else m.end()
            for p in settings.inline_breaks
            for m in p.finditer(line)
        }
    )
    pieces = []
    start = 0
    for cut in [*cuts, len(line)]:
        piece = line[start:cut]
        lead = len(piece) - len(piece.lstrip())
        piece = piece.strip()
        if piece:
            at = start + lead
            switch = _script_switch(piece, settings)
            if switch is None:
                pieces.append((at, at + len(piece)))
            else:  # (an English sentence, then Vietnamese: two paragraphs)
                rest = piece[switch:]
                pieces.append((at, at + len(piece[:switch].rstrip())))
                pieces.append((at + switch + len(rest) - len(rest.lstrip()), at + len(piece)))
        start = cut
    return pieces


_SENTENCE_GAP = re.compile(r"(?<=[.!?…])\s+")


def _script_switch(piece: str, settings: Settings) -> int | None:
    """Where English gives way to Vietnamese after a sentence's end inside a piece (a
    notice run into a flattened line: `… 2. Promulgating laws. Hãy đăng nhập …`), or None."""
    if vietnamese_share(piece) < 0.02:
        return None  # (English: most pieces end here)
    for gap in _SENTENCE_GAP.finditer(piece):
        left, right = piece[: gap.start()], piece[gap.end() :]
        if (
            any(c.isalpha() for c in left)
            and vietnamese_share(left) < settings.foreign_share
            and vietnamese_share(right) >= settings.foreign_share
        ):
            return gap.end()
    return None


def english_side(text: str, *, path: str = "<english>", raw: bytes = b"") -> Side:
    """The English side of a normalised text: paragraphs (lines, or a line's pieces
    where labels run on) cut into units."""
    from .segment import clause_spans

    settings = load_settings()
    rules = _english_clause_rules()
    units: list[Unit] = []
    para = 0
    for line_no, line_start, paragraph in _english_paragraphs(text, settings):
        para += 1
        foreign = vietnamese_share(paragraph) >= settings.foreign_share
        label = None if foreign else read_label(paragraph, "en", settings)
        pieces = [(0, len(paragraph))] if foreign else _sentences(paragraph)
        for sent_no, (s_start, s_end) in enumerate(pieces, start=1):
            sentence = paragraph[s_start:s_end]
            # (a Vietnamese notice run into an English line: a unit of its own)
            alien = foreign or vietnamese_share(sentence) >= settings.foreign_share
            spans = [(0, len(sentence))] if alien else clause_spans(sentence, rules)
            for clause_no, (c_start, c_end) in enumerate(spans, start=1):
                unit_text = sentence[c_start:c_end]
                if not _has_text(unit_text):
                    continue
                start = line_start + s_start + c_start
                units.append(
                    Unit(
                        index=len(units),
                        id=f"en:p{para:03d}.s{sent_no:02d}.c{clause_no:02d}",
                        text=unit_text,
                        start=start,
                        end=start + len(unit_text),
                        line=line_no,
                        para=para,
                        label=label if s_start == 0 and c_start == 0 else None,
                        foreign=alien,
                        sent=sent_no,
                    )
                )
    return Side(
        lang="en",
        path=path,
        text=text,
        units=tuple(units),
        sha256=hashlib.sha256(raw if raw else text.encode("utf-8")).hexdigest(),
    )


def read_english(path: str | Path, *, encoding: str | None = None) -> Side:
    """An English file as a Side; bad input is one `InputError` naming the file."""
    path = Path(path)
    text, raw = _decode_file(path, encoding)
    return _checked_english(english_side(text, path=str(path), raw=raw), path)


def english_from_bytes(raw: bytes, *, path: str | Path) -> Side:
    """`read_english` of bytes already read (ingest hashes them first)."""
    from .read import decode

    path = Path(path)
    with _as_side("en"):
        if not raw.strip():
            raise InputError("empty file", path=str(path))
        text = decode(raw, path=str(path))
    text = normalize.text(normalize.line_ends(_page_text(path, raw, text)))
    return _checked_english(english_side(text, path=str(path), raw=raw), path)


def _checked_english(side: Side, path: Path) -> Side:
    settings = load_settings()
    if not side.units:
        raise InputError("no text to align (the English side is empty)", path=str(path))
    body = " ".join(u.text for u in side.units)
    if vietnamese_share(body) >= settings.file_foreign_share:
        raise InputError(
            "this is Vietnamese, not English: give the Vietnamese file first, its English second",
            path=str(path),
        )
    if all(u.foreign for u in side.units):
        raise InputError("no English text to align", path=str(path))
    return side


def read_vietnamese(path: str | Path, *, encoding: str | None = None) -> Side:
    """A Vietnamese file through the pipeline (read -> normalise -> segment) as a Side."""
    from .read import read_document
    from .segment import segment

    path = Path(path)
    settings = load_settings()
    with _as_side("vi"):
        document = read_document(path, encoding=encoding)
    raw = read_bytes_quietly(path)
    body = " ".join(document.text[s.start : s.end] for s in document.paragraphs)
    if vietnamese_share(body) < settings.vietnamese_min_share:
        raise InputError(
            "no Vietnamese text here: give the Vietnamese file first, its English second",
            path=str(path),
        )
    side = vietnamese_side(document, segment(document), raw=raw)
    if not side.units:
        raise InputError("no text to align (the Vietnamese side is empty)", path=str(path))
    return side


# --- evidence -----------------------------------------------------------------


@dataclass(slots=True)
class _Run:
    """What a run of units (1 to 3 of one side) says, for scoring."""

    start: int
    stop: int
    length: int
    first_label: Label | None
    inner_labels: int  # labels opening a unit after the first: a structure boundary inside
    paragraphs: int
    foreign: bool
    concepts: dict[str, int]
    names: frozenset[str]  # vi: names kept as written; en: acronyms and codes
    digits: frozenset[str]  # digit runs as numbers ("04" -> "4")
    numbers: tuple[Any, ...] = ()  # vi: the check's source numbers
    words: frozenset[str] = frozenset()  # en: every ASCII word, case-folded
    rare_digits: frozenset[str] = frozenset()  # digits after the unit's label, if any


def _after_label(text: str, lang: str) -> str:
    """The text without the structure label it opens with."""
    for _level, pattern in load_settings().labels[lang]:
        match = pattern.match(text)
        if match:
            return text[match.end() :]
    return text


def _digits(text: str) -> frozenset[str]:
    return frozenset(str(int(d)) for d in _DIGITS.findall(text))


def _is_code(word: str, shouting: bool) -> bool:
    """An abbreviation or code: two capitals (ASEAN, ICTs) or letters with digits (QH11).

    In a text written in capitals (a heading) only codes with digits count.
    """
    has_digit = any(c.isdigit() for c in word)
    if has_digit:
        return any(c.isalpha() for c in word)
    return not shouting and sum(c.isupper() for c in word) >= 2


def _shouting(text: str) -> bool:
    """Mostly capitals: a heading, whose words are not abbreviations."""
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and sum(c.isupper() for c in letters) > 0.6 * len(letters)


def _vi_names(text: str) -> Counter[str]:
    """Words a Vietnamese text keeps as written in English: codes, and foreign names."""
    from .syllables import lexicon

    words = lexicon()
    shouting = _shouting(text)
    out: Counter[str] = Counter()
    for word in _ASCII_WORD.findall(text):
        if word.isdigit():
            continue
        if _is_code(word, shouting):
            out[word.casefold().rstrip("s")] += 1
        elif (
            not shouting
            and word[0].isupper()
            and len(word) > 2
            and words
            and word.lower() not in words
        ):
            out[word.casefold()] += 1
    return out


def _en_names(text: str) -> tuple[Counter[str], frozenset[str]]:
    words = _ASCII_WORD.findall(text)
    shouting = _shouting(text)
    codes = Counter(
        w.casefold().rstrip("s") for w in words if not w.isdigit() and _is_code(w, shouting)
    )
    folded = frozenset(w.casefold() for w in words)
    return codes, folded | frozenset(w.rstrip("s") for w in folded)


class _Scorer:
    """Bead costs for one text pair; each unit's evidence is read once."""

    def __init__(
        self, vi: Side, en: Side, glossary: Glossary | None, settings: Settings, ratio: float
    ):
        from .check import numbers as check_numbers

        def source_numbers(text: str) -> tuple[Any, ...]:
            return check_numbers.read(text, "vi").written

        self.vi, self.en, self.settings, self.ratio = vi, en, settings, ratio
        vi_concepts: list[dict[str, int]] = [{} for _ in vi.units]
        en_concepts: list[dict[str, int]] = [{} for _ in en.units]
        if glossary is not None and glossary.concepts:
            from .align import Aligner
            from .english import EnglishMatcher

            aligner = Aligner(glossary)
            entries = aligner.entries
            for k, located in enumerate(aligner.locate_many(u.text for u in vi.units)):
                vi_concepts[k] = dict(Counter(entries[hit[2]].concept for hit in located))
            matcher = EnglishMatcher(glossary)
            ids = glossary.by_id()
            for k, unit in enumerate(en.units):
                if not unit.foreign:
                    found = matcher.locate_all_in(unit.text, ids)
                    en_concepts[k] = {c: len(spans) for c, spans in found.items()}
        self._vi_units = [
            self._unit_run(k, u, vi_concepts[k], "vi", source_numbers)
            for k, u in enumerate(vi.units)
        ]
        self._en_units = [
            self._unit_run(k, u, en_concepts[k], "en", None) for k, u in enumerate(en.units)
        ]
        # How many Vietnamese units, ending at each, are pieces of one sentence.
        self.sentence_run = [1] * len(vi.units)
        for k in range(1, len(vi.units)):
            here, before = vi.units[k], vi.units[k - 1]
            if here.sent and (here.para, here.sent) == (before.para, before.sent):
                self.sentence_run[k] = self.sentence_run[k - 1] + 1
        self.sentence_join_max = settings.sentence_join_max
        self.sentence_join_step = settings.sentence_join_step
        self._vi_runs: dict[tuple[int, int], _Run] = {}
        self._en_runs: dict[tuple[int, int], _Run] = {}
        self._costs: dict[tuple[int, int, int, int], float] = {}
        self._present: dict[tuple[Any, int], bool] = {}
        self._targets: dict[int, Any] = {}
        self.variance = settings.variance
        match_miss = settings.evidence
        self.number_match, self.number_miss = match_miss["numbers"]
        self.concept_match, self.concept_miss = match_miss["glossary"]
        self.name_match, self.name_miss = match_miss["names"]
        self.label_match, self.label_miss = match_miss["labels"]
        self.bead_costs = settings.bead_costs
        self.paragraph_join = settings.paragraph_join
        self.length_weight = settings.length_weight

    @staticmethod
    def _unit_run(k: int, unit: Unit, concepts: dict[str, int], lang: str, numbers: Any) -> _Run:
        text = unit.text
        digits = _digits(text)
        run = _Run(
            start=k,
            stop=k + 1,
            length=len(text),
            first_label=unit.label,
            inner_labels=0,
            paragraphs=1,
            foreign=unit.foreign,
            concepts=concepts,
            names=frozenset(),
            digits=digits,
        )
        run.rare_digits = _digits(_after_label(text, lang)) if unit.label else digits
        if lang == "vi":
            run.names = frozenset(_vi_names(text))
            if digits or any(k in text for k in ("Chương", "Mục", "Phần")):
                run.numbers = tuple(numbers(text))
        else:
            names, run.words = _en_names(text)
            run.names = frozenset(names)
        return run

    def _run(self, lang: str, start: int, stop: int) -> _Run:
        units = self._vi_units if lang == "vi" else self._en_units
        if stop - start == 1:
            return units[start]
        runs = self._vi_runs if lang == "vi" else self._en_runs
        found = runs.get((start, stop))
        if found is not None:
            return found
        parts = units[start:stop]
        concepts: dict[str, int] = {}
        for part in parts:
            for concept, count in part.concepts.items():
                concepts[concept] = concepts.get(concept, 0) + count
        side = self.vi if lang == "vi" else self.en
        run = _Run(
            start=start,
            stop=stop,
            length=sum(p.length for p in parts) + len(parts) - 1,
            first_label=parts[0].first_label,
            inner_labels=sum(1 for p in parts[1:] if p.first_label is not None),
            paragraphs=len({side.units[k].para for k in range(start, stop)}),
            foreign=any(p.foreign for p in parts),
            concepts=concepts,
            names=frozenset().union(*(p.names for p in parts)),
            digits=frozenset().union(*(p.digits for p in parts)),
            numbers=tuple(n for p in parts for n in p.numbers),
            words=frozenset().union(*(p.words for p in parts)),
        )
        runs[(start, stop)] = run
        return run

    def rare_anchors(self, i0: int, i1: int, j0: int, j1: int) -> list[tuple[int, int]]:
        """Units that share a token met once on each side (a number of two digits or
        more, a name or a code): the longest run of them in order on both sides."""

        def tokens(run: _Run, names: frozenset[str]) -> set[str]:
            digits = run.rare_digits
            return {d for d in digits if len(d) > 1} | names

        vi_at: dict[str, int] = {}
        vi_count: Counter[str] = Counter()
        for i in range(i0, i1):
            for token in tokens(self._vi_units[i], self._vi_units[i].names):
                vi_count[token] += 1
                vi_at[token] = i
        en_at: dict[str, int] = {}
        en_count: Counter[str] = Counter()
        for j in range(j0, j1):
            run = self._en_units[j]
            for token in tokens(run, run.names | (run.words & vi_count.keys())):
                en_count[token] += 1
                en_at[token] = j
        pairs = sorted(
            {
                (vi_at[t], en_at[t])
                for t, count in vi_count.items()
                if count == 1 and en_count.get(t) == 1
            }
        )
        # one candidate per Vietnamese unit and per English unit
        seen_vi: set[int] = set()
        unique = []
        for i, j in pairs:
            if i not in seen_vi:
                seen_vi.add(i)
                unique.append((i, j))
        by_en: dict[int, tuple[int, int]] = {}
        for i, j in unique:
            by_en.setdefault(j, (i, j))
        return _longest_increasing(sorted(by_en.values()))

    def _kept(self, number: Any, en_unit: int) -> bool:
        """The check's reading: is this Vietnamese number or date in that English unit?"""
        key = (number, en_unit)
        found = self._present.get(key)
        if found is None:
            from .check import numbers as check_numbers

            text = self.en.units[en_unit].text
            target = self._targets.get(en_unit)
            if target is None:
                target = self._targets[en_unit] = check_numbers.read(text, "en")
            found = self._present[key] = check_numbers.said(number, target, text, "en")
        return found

    def pair(self, i: int, di: int, j: int, dj: int) -> float:
        """The cost of the bead vi[i:i+di] ~ en[j:j+dj] (both non-empty)."""
        key = (i, di, j, dj)
        cost = self._costs.get(key)
        if cost is not None:
            return cost
        v = self._run("vi", i, i + di)
        e = self._run("en", j, j + dj)
        if e.foreign:
            cost = math.inf
        else:
            prior = self.bead_costs.get((di, dj))
            if prior is None:  # a long join of one sentence's pieces (see long_moves)
                prior = self.bead_costs[(3, 1)] + self.sentence_join_step * (di - 3)
            cost = prior + self._length(v.length, e.length)
            if v.paragraphs > 1 or e.paragraphs > 1:
                cost += self.paragraph_join * (v.paragraphs - 1 + e.paragraphs - 1)
            cost += self._evidence(v, e)
        self._costs[key] = cost
        return cost

    def _length(self, vi_len: int, en_len: int) -> float:
        """Gale–Church: -log P(|δ|) for the English length given the Vietnamese."""
        mean = (vi_len + en_len / self.ratio) / 2
        if mean <= 0:
            return 0.0
        delta = abs(en_len - vi_len * self.ratio) / math.sqrt(self.variance * mean)
        return self.length_weight * _neg_log_tail(delta)

    def _evidence(self, v: _Run, e: _Run) -> float:
        cost = 0.0
        # numbers and dates the English keeps; English digits the Vietnamese lacks
        if v.numbers:
            kept = 0
            for number in v.numbers:
                for j in range(e.start, e.stop):
                    if self._kept(number, j):
                        kept += 1
                        break
            cost += self.number_miss * (len(v.numbers) - kept) - self.number_match * kept
        if e.digits:
            cost += self.number_miss * len(e.digits - v.digits)
        # glossary concepts
        if v.concepts or e.concepts:
            shared = unshared = 0
            for concept, count in v.concepts.items():
                other = e.concepts.get(concept, 0)
                shared += min(count, other)
                unshared += abs(count - other)
            unshared += sum(c for concept, c in e.concepts.items() if concept not in v.concepts)
            cost += self.concept_miss * unshared - self.concept_match * shared
        # names and abbreviations kept as written
        if v.names or e.names:
            kept = len(v.names & e.words)
            cost -= self.name_match * kept
            cost += self.name_miss * (len(v.names) - kept + len(e.names - v.names))
        # structure labels
        if v.first_label is not None and e.first_label is not None:
            cost += -self.label_match if v.first_label == e.first_label else self.label_miss
        if v.inner_labels or e.inner_labels:
            cost += self.label_miss * (v.inner_labels + e.inner_labels)
        return cost


def _neg_log_tail(delta: float) -> float:
    """-log(2 * (1 - Φ(δ))) = -log(erfc(δ/√2)), without underflow for large δ."""
    x = delta / math.sqrt(2)
    if x < 5:
        return -math.log(max(math.erfc(x), 1e-300))
    # erfc(x) ~ exp(-x²) / (x √π)
    return x * x + math.log(x * math.sqrt(math.pi))


# --- structure anchors --------------------------------------------------------


def _longest_increasing(pairs: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The longest chain of (a, b) increasing in both (pairs sorted by a, b distinct)."""
    tails: list[int] = []  # tails[k]: least b ending a chain of length k+1
    tail_index: list[int] = []
    previous: list[int] = []
    for k, (_a, b) in enumerate(pairs):
        place = bisect.bisect_left(tails, b)
        if place == len(tails):
            tails.append(b)
            tail_index.append(k)
        else:
            tails[place] = b
            tail_index[place] = k
        previous.append(tail_index[place - 1] if place else -1)
    chain = []
    k = tail_index[-1] if tail_index else -1
    while k >= 0:
        chain.append(pairs[k])
        k = previous[k]
    return chain[::-1]


def structure_anchors(vi: Sequence[Unit], en: Sequence[Unit]) -> list[tuple[int, int]]:
    """Unit index pairs (vi, en) where labelled paragraphs correspond, level by level."""
    vi_labelled = [u.index for u in vi if u.label is not None]
    en_labelled = [u.index for u in en if u.label is not None]
    anchors: list[tuple[int, int]] = []

    def within(vi_range: tuple[int, int], en_range: tuple[int, int], level: int) -> None:
        if level == len(LEVELS):
            return
        name = LEVELS[level]
        vi_keys: Counter[str] = Counter()
        en_keys: Counter[str] = Counter()
        vi_at: dict[str, int] = {}
        en_at: dict[str, int] = {}
        lo, hi = (
            bisect.bisect_left(vi_labelled, vi_range[0]),
            bisect.bisect_left(vi_labelled, vi_range[1]),
        )
        for k in vi_labelled[lo:hi]:
            label = vi[k].label
            if label is not None and label.level == name:
                vi_keys[label.value] += 1
                vi_at[label.value] = k
        lo, hi = (
            bisect.bisect_left(en_labelled, en_range[0]),
            bisect.bisect_left(en_labelled, en_range[1]),
        )
        for k in en_labelled[lo:hi]:
            label = en[k].label
            if label is not None and label.level == name:
                en_keys[label.value] += 1
                en_at[label.value] = k
        candidates = sorted(
            (vi_at[value], en_at[value])
            for value, count in vi_keys.items()
            if count == 1 and en_keys.get(value) == 1
        )
        chain = _longest_increasing(candidates)
        anchors.extend(chain)
        cuts = [(vi_range[0], en_range[0]), *chain, (vi_range[1], en_range[1])]
        for (a0, b0), (a1, b1) in itertools.pairwise(cuts):
            if a1 > a0 or b1 > b0:
                within((a0, a1), (b0, b1), level + 1)

    within((0, len(vi)), (0, len(en)), 0)
    return sorted(set(anchors))


# --- dynamic programming ------------------------------------------------------


_Move = tuple[int, int, int, int]  # (i, j) before the bead, (i, j) after it
_MOVES = ((1, 1), (1, 2), (2, 1), (1, 3), (3, 1), (2, 2), (1, 0), (0, 1))


def _logaddexp_costs(a: float, b: float) -> float:
    """-log(exp(-a) + exp(-b))."""
    if a == math.inf:
        return b
    if b == math.inf:
        return a
    low = min(a, b)
    return low - math.log1p(math.exp(-abs(a - b)))


class _Stretch:
    """The DP over vi[i0:i1] × en[j0:j1], in a band around the diagonal."""

    def __init__(self, scorer: _Scorer, i0: int, i1: int, j0: int, j1: int, settings: Settings):
        self.scorer, self.settings = scorer, settings
        self.i0, self.j0 = i0, j0
        self.n, self.m = i1 - i0, j1 - j0

    def _cost(self, i: int, j: int, di: int, dj: int) -> float:
        """Cost of the move ending at local cell (i, j)."""
        if di == 0 or dj == 0:
            return self.settings.gap * (di + dj)
        return self.scorer.pair(self.i0 + i - di, di, self.j0 + j - dj, dj)

    def _ranges(self, width: int | None, guide: list[tuple[int, int]]) -> list[tuple[int, int]]:
        """For each row, the English columns of the band: around the guide's line,
        as wide as `width` plus the difference of the stretches between guide points."""
        n, m = self.n, self.m
        if width is None:
            return [(0, m)] * (n + 1)
        points = [(0, 0), *guide, (n, m)]
        out = []
        segment = 0
        for i in range(n + 1):
            while segment + 2 < len(points) and points[segment + 1][0] <= i:
                segment += 1
            (a0, b0), (a1, b1) = points[segment], points[segment + 1]
            centre = b0 + (i - a0) * (b1 - b0) / (a1 - a0) if a1 > a0 else b0
            half = width + abs((a1 - a0) - (b1 - b0))
            out.append((max(0, math.floor(centre - half)), min(m, math.ceil(centre + half))))
        return out

    def run(self) -> list[Bead]:
        n, m = self.n, self.m
        if n == 0 or m == 0:
            return [Bead((self.i0 + i,), (), 1.0) for i in range(n)] + [
                Bead((), (self.j0 + j,), 1.0) for j in range(m)
            ]
        width: int | None = None
        guide: list[tuple[int, int]] = []
        if max(n, m) >= self.settings.band_full_below:
            width = self.settings.band_width
            guide = self.scorer.rare_anchors(self.i0, self.i0 + n, self.j0, self.j0 + m)
            guide = [(i - self.i0, j - self.j0) for i, j in guide]
        while True:
            ranges = self._ranges(width, guide)
            path, touched = self._viterbi(ranges)
            if width is None or not touched or width >= max(n, m):
                break
            width *= 2
            guide = []  # the guide misled: a plain wider band
        if width is not None:
            ranges = self._around(path, ranges)
        return self._posterior(ranges, path)

    def _long_ending(self, i: int) -> list[tuple[int, int]]:
        """Moves (k, 1), k >= 4, ending at local row i: the k Vietnamese units before
        it are pieces of one sentence within the stretch."""
        if i < 4:
            return []
        longest = min(self.scorer.sentence_join_max, self.scorer.sentence_run[self.i0 + i - 1], i)
        return [(k, 1) for k in range(4, longest + 1)]

    def _long_starting(self, i: int) -> list[tuple[int, int]]:
        """Moves (k, 1), k >= 4, starting at local row i."""
        run = self.scorer.sentence_run
        top = min(self.scorer.sentence_join_max, self.n - i)
        return [(k, 1) for k in range(4, top + 1) if run[self.i0 + i + k - 1] >= k]

    def _around(
        self, path: list[tuple[int, int, int, int]], ranges: list[tuple[int, int]]
    ) -> list[tuple[int, int]]:
        """The band narrowed to a few cells around the best path, for the posteriors
        (paths far from the best one weigh nothing)."""
        margin = self.settings.band_width // 2
        low = [self.m] * (self.n + 1)
        high = [0] * (self.n + 1)
        low[0] = high[0] = 0
        for _a, _b, c, d in path:
            low[c] = min(low[c], d)
            high[c] = max(high[c], d)
        for i in range(1, self.n + 1):  # rows a 2-1 or 3-1 move jumped over
            if low[i] > high[i]:
                low[i], high[i] = high[i - 1], high[i - 1]
        return [
            (max(lo, low[i] - margin), min(hi, high[i] + margin))
            for i, (lo, hi) in enumerate(ranges)
        ]

    def _viterbi(self, ranges: list[tuple[int, int]]) -> tuple[list[_Move], bool]:
        """The least-cost path through the band, and whether it touches the band's edge."""
        inf = math.inf
        n, m, i0, j0 = self.n, self.m, self.i0, self.j0
        pair, gap = self.scorer.pair, self.settings.gap
        best = [[inf] * (m + 1) for _ in range(n + 1)]
        back = [[(0, 0)] * (m + 1) for _ in range(n + 1)]
        best[0][0] = 0.0
        pair_moves = [move for move in _MOVES if move[0] and move[1]]
        for i in range(n + 1):
            lo, hi = ranges[i]
            row, row_back = best[i], back[i]
            above = best[i - 1] if i else None
            moves = pair_moves + self._long_ending(i)
            for j in range(lo, hi + 1):
                if i == 0 and j == 0:
                    continue
                # 0-1 before 1-0: of two gaps side by side, the Vietnamese one comes first
                here, move_here = inf, (0, 0)
                if j and row[j - 1] < inf:  # 0-1
                    here, move_here = row[j - 1] + gap, (0, 1)
                if above is not None and above[j] + gap < here:  # 1-0
                    here, move_here = above[j] + gap, (1, 0)
                for di, dj in moves:
                    if di > i or dj > j:
                        continue
                    before = best[i - di][j - dj]
                    if before == inf:
                        continue
                    total = before + pair(i0 + i - di, di, j0 + j - dj, dj)
                    if total < here:
                        here, move_here = total, (di, dj)
                row[j] = here
                row_back[j] = move_here
        path = []
        i, j = n, m
        touched = False
        while i or j:
            di, dj = back[i][j]
            if di == 0 and dj == 0:  # unreachable cell: cannot happen with gap moves
                break
            lo, hi = ranges[i]
            if (j == lo and lo > 0) or (j == hi and hi < m):
                touched = True
            path.append((i - di, j - dj, i, j))
            i, j = i - di, j - dj
        return path[::-1], touched

    def _posterior(
        self, ranges: list[tuple[int, int]], path: list[tuple[int, int, int, int]]
    ) -> list[Bead]:
        inf = math.inf
        n, m = self.n, self.m
        forward: list[dict[int, float]] = [{} for _ in range(n + 1)]
        forward[0][0] = 0.0
        for i in range(n + 1):
            lo, hi = ranges[i]
            moves = (*_MOVES, *self._long_ending(i))
            for j in range(lo, hi + 1):
                if i == 0 and j == 0:
                    continue
                total = inf
                for di, dj in moves:
                    if di > i or dj > j:
                        continue
                    before = forward[i - di].get(j - dj)
                    if before is None or before == inf:
                        continue
                    total = _logaddexp_costs(total, before + self._cost(i, j, di, dj))
                forward[i][j] = total
        backward: list[dict[int, float]] = [{} for _ in range(n + 1)]
        backward[n][m] = 0.0
        for i in range(n, -1, -1):
            lo, hi = ranges[i]
            moves = (*_MOVES, *self._long_starting(i))
            for j in range(hi, lo - 1, -1):
                if i == n and j == m:
                    continue
                total = inf
                for di, dj in moves:
                    if i + di > n or j + dj > m:
                        continue
                    after = backward[i + di].get(j + dj)
                    if after is None or after == inf:
                        continue
                    total = _logaddexp_costs(total, after + self._cost(i + di, j + dj, di, dj))
                backward[i][j] = total
        whole = forward[n][m]
        # A unit left unpaired: the probability of that whatever the place of its
        # gap among neighbouring gaps (0-1 then 1-0, or 1-0 then 0-1, say the same).
        vi_alone = [0.0] * n
        en_alone = [0.0] * m
        gap = self.settings.gap
        for i in range(n + 1):
            lo, hi = ranges[i]
            for j in range(lo, hi + 1):
                before = forward[i].get(j, inf)
                if before == inf:
                    continue
                if i < n and (after := backward[i + 1].get(j, inf)) != inf:
                    vi_alone[i] += math.exp(-(before + gap + after - whole))
                if j < m and (after := backward[i].get(j + 1, inf)) != inf:
                    en_alone[j] += math.exp(-(before + gap + after - whole))
        beads = []
        for a, b, c, d in path:
            if c == a:
                posterior = en_alone[b]
            elif d == b:
                posterior = vi_alone[a]
            else:
                cost = self._cost(c, d, c - a, d - b)
                posterior = math.exp(-(forward[a][b] + cost + backward[c][d] - whole))
            beads.append(
                Bead(
                    tuple(range(self.i0 + a, self.i0 + c)),
                    tuple(range(self.j0 + b, self.j0 + d)),
                    min(1.0, posterior),
                )
            )
        return beads


def _measured_ratio(
    vi: Side, en: Side, anchors: list[tuple[int, int]], settings: Settings
) -> float:
    """English/Vietnamese length ratio of the anchored paragraphs (or of the whole texts)."""

    def paragraph_length(side: Side, start: int) -> int:
        para = side.units[start].para
        total = 0
        for unit in side.units[start:]:
            if unit.para != para:
                break
            total += len(unit.text)
        return total

    vi_total = en_total = 0
    for a, b in anchors:
        vi_total += paragraph_length(vi, a)
        en_total += paragraph_length(en, b)
    if vi_total < 2000:  # too little anchored text: the whole texts say more
        vi_total = sum(len(u.text) for u in vi.units)
        en_total = sum(len(u.text) for u in en.units if not u.foreign)
    if not vi_total or not en_total:
        return settings.ratio
    low, high = settings.ratio_bounds
    return min(high, max(low, en_total / vi_total))


def align_sides(vi: Side, en: Side, *, glossary: Glossary | None = None) -> Alignment:
    """Pair the units of two sides: structure anchors, then the DP between them."""
    settings = load_settings()
    anchors = structure_anchors(vi.units, en.units)
    ratio = _measured_ratio(vi, en, anchors, settings)
    scorer = _Scorer(vi, en, glossary, settings, ratio)
    cuts = [(0, 0), *anchors, (len(vi.units), len(en.units))]
    beads: list[Bead] = []
    for (i0, j0), (i1, j1) in itertools.pairwise(cuts):
        if i1 > i0 or j1 > j0:
            beads.extend(_Stretch(scorer, i0, i1, j0, j1, settings).run())
    return Alignment(vi=vi, en=en, beads=tuple(beads), ratio=ratio, anchors=len(anchors))


def align_files(
    vi_path: str | Path,
    en_path: str | Path,
    *,
    glossary: Glossary | None = None,
    vi_encoding: str | None = None,
    en_encoding: str | None = None,
) -> Alignment:
    """Read a Vietnamese file and its English version and align them."""
    # The files in the order given, so the first bad one is the one named.
    vi = read_vietnamese(vi_path, encoding=vi_encoding)
    en = read_english(en_path, encoding=en_encoding)
    return align_sides(vi, en, glossary=glossary)


# --- published translations in the corpus -------------------------------------


def published_translation(statement: str | Path) -> PublishedTranslation | None:
    """The `translation:` entry of `corpus/<doc>.meta.yaml` (read by read.py's schema-checked
    meta loading), or None without one."""
    from .read import read_meta

    return read_meta(Path(statement))[0].translation


def settings_digest() -> str:
    """What published alignments depend on besides both texts and the glossary: the
    weights and patterns (`resources/parallel.yaml`) and this module's rules' version."""
    raw = resources.files("normcorpus").joinpath("resources/parallel.yaml").read_bytes()
    return hashlib.sha256(f"parallel/{RULES_VERSION}\n".encode() + raw).hexdigest()


def published_beads(alignment: Alignment, doc: str) -> list[PublishedBead]:
    """An alignment's beads as the records ingest stores (`records/<doc>.en.jsonl`)."""
    out = []
    for number, bead in enumerate(alignment.beads, start=1):
        en = [alignment.en.units[j] for j in bead.en]
        out.append(
            PublishedBead(
                doc=doc,
                bead=number,
                type=bead.type,
                confidence=round(bead.confidence, 4),
                vi_ids=tuple(alignment.vi.units[i].id for i in bead.vi),
                en=" ".join(u.text for u in en),
                en_spans=tuple((u.start, u.end) for u in en),
                en_lines=tuple(sorted({u.line for u in en})),
            )
        )
    return out


def align_published(
    document: Document, clauses: Sequence[Clause], *, glossary: Glossary | None = None
) -> Alignment | None:
    """Align a corpus statement with its published English (`<doc>.en.txt` beside it).

    For ingest: the Vietnamese units are the clauses ingest made, so the beads
    name the corpus's clause ids. None when the statement has no English file.
    """
    from .read import english_version

    english = english_version(Path(document.path), document.meta)
    if not english.exists():
        return None
    vi = vietnamese_side(document, clauses)
    return align_sides(vi, read_english(english), glossary=glossary)


def read_bytes_quietly(path: Path) -> bytes:
    """The file's bytes for its sha256 (empty when it cannot be read: the digest is then
    the document's own)."""
    try:
        return path.read_bytes()
    except OSError:
        return b""
