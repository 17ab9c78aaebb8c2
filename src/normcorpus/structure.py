"""The structure of legal texts: Chương, Mục, Điều, khoản, điểm, and the units around them.

`Tracker.update(paragraph)` reads a document's paragraphs in order and gives
the `Structure` in force at each: the labels of the levels (a new article
closes the previous one's khoản and điểm, a new chapter its sections), and the
paragraph's `kind` when it is not body text. A paragraph is tested, in order:

0. the document's masthead (`header`: issuer, national title and motto, number,
   place and date, type and title), found before the paragraphs are read
   (`masthead`);
1. after the closing formula or a signature opener, short lines are the
   signature block (`signature`), until a label or body text;
2. a level's label: a regular spelling (`Điều 1.`, `Điều 2.Đối tượng`,
   `Điều 3.1.LQ.1.`, `1.Text`, `2..Text`, `c)Text`, `Chương I`, `Mục 1:`), or
   a weak one that is also ordinary text (`Điều 5 Chính sách`, `1 Xây dựng`),
   taken only where the numbering or the title shows it is a label. A label
   whose title is short is a `heading`;
3. the title line after a chapter or section label that stands alone (`heading`);
4. a paragraph wholly in parentheses: the `source-note` of the article whose
   heading it follows, or a `note`;
5. the closing (adoption) formula (`closing`), which ends the structure in force;
6. a signature opener (`TM. CHÍNH PHỦ`, `CHỦ TỊCH QUỐC HỘI`, `Nơi nhận:`).

Units with a kind stay whole (segment.py does not cut them into sentences or
clauses). `is_label(piece)` tells a sentence piece that is only a label (`1.`,
`Điều 1.`), which segment.py joins to the text it heads. The patterns and
limits are data: `resources/structure.yaml`.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import yaml

from .models import STRUCTURE_LEVELS, Structure

# A sentence stop inside a title: . ; : ! ? followed by a space and more text.
_INNER_STOP = re.compile(r"[.;:!?](?=\s+\S)")
_LEADING_NUMBER = re.compile(r"\d+")


_LINE_BREAK = re.compile(r"[ \t]*\n[ \t]*")
_STRAY = ".;:,!? "  # punctuation a line may open with by accident


@dataclass(frozen=True, slots=True)
class StructureRule:
    level: str
    pattern: re.Pattern[str]
    within: tuple[str, ...]
    weak: re.Pattern[str] | None = None
    accept: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class StructureRules:
    levels: tuple[StructureRule, ...]
    headings: tuple[str, ...]
    heading_max_syllables: int
    title_on_next_line: tuple[str, ...]
    point_letters: tuple[str, ...]
    note: re.Pattern[str]
    note_scope: tuple[tuple[re.Pattern[str], str], ...]
    attachment: re.Pattern[str]
    closing: tuple[re.Pattern[str], ...]
    signature_openers: tuple[re.Pattern[str], ...]
    signature_max_syllables: int
    number_before: re.Pattern[str]
    digest: str
    appendix: re.Pattern[str] | None = None
    masthead_evidence: tuple[re.Pattern[str], ...] = ()
    masthead_window: int = 0
    masthead_issuer_after: re.Pattern[str] | None = None
    masthead_issuer_lines: int = 0


@lru_cache(maxsize=1)
def load_structure_rules() -> StructureRules:
    raw = resources.files("normcorpus").joinpath("resources/structure.yaml").read_bytes()
    data = yaml.safe_load(raw.decode("utf-8"))
    signature = data["signature"]
    masthead = data.get("masthead") or {}
    return StructureRules(
        levels=tuple(
            StructureRule(
                level=r["level"],
                pattern=re.compile(r["pattern"]),
                within=tuple(r.get("within") or ()),
                weak=re.compile(r["weak"]) if r.get("weak") else None,
                accept=tuple(r.get("accept") or ()),
            )
            for r in data["levels"]
        ),
        headings=tuple(data["headings"]),
        heading_max_syllables=int(data["heading_max_syllables"]),
        title_on_next_line=tuple(data["title_on_next_line"]),
        point_letters=tuple(data["point_letters"]),
        note=re.compile(data["note"]),
        note_scope=tuple((re.compile(p), level) for p, level in data["note_scope"].items()),
        attachment=re.compile(data["attachment"]),
        closing=tuple(re.compile(p) for p in data["closing"]),
        signature_openers=tuple(re.compile(p) for p in signature["openers"]),
        signature_max_syllables=int(signature["max_syllables"]),
        number_before=re.compile(data["number_before"]),
        digest=hashlib.sha256(raw).hexdigest(),
        appendix=re.compile(data["appendix"]) if data.get("appendix") else None,
        masthead_evidence=tuple(re.compile(p) for p in masthead.get("evidence") or ()),
        masthead_window=int(masthead.get("window") or 0),
        masthead_issuer_after=(
            re.compile(masthead["issuer_after"]) if masthead.get("issuer_after") else None
        ),
        masthead_issuer_lines=int(masthead.get("issuer_lines") or 0),
    )


def masthead(paragraphs: Sequence[str], rules: StructureRules | None = None) -> range:
    """The paragraphs (indexes) that are the document's masthead (`header`): the issuer,
    national title and motto, number, place and date, the document's type and title.

    Found by a line only a masthead holds (`masthead.evidence` in structure.yaml)
    among the first paragraphs, before any label; the header is the run of short
    lines around it (titles, parenthesised notes) up to the first sentence or
    label. An empty range where there is none (statements, news, codification).
    """
    rules = rules or load_structure_rules()
    window: list[str] = []
    for paragraph in paragraphs[: rules.masthead_window]:
        paragraph = _LINE_BREAK.sub(" ", paragraph) if "\n" in paragraph else paragraph
        if any(rule.pattern.match(paragraph) for rule in rules.levels):
            break  # the body's first unit: a masthead stands before it
        window.append(paragraph)
    found = next(
        (
            i
            for i, paragraph in enumerate(window)
            if any(p.search(paragraph) for p in rules.masthead_evidence)
        ),
        None,
    )
    if found is None:
        return range(0)

    def short(paragraph: str) -> bool:
        return (
            any(p.search(paragraph) for p in rules.masthead_evidence)
            or rules.note.match(paragraph) is not None
            # (`. NGHỊ ĐỊNH`: a stop a PDF's extraction left before the type)
            or _is_title(paragraph.lstrip(_STRAY), rules.heading_max_syllables, final_stop=False)
        )

    first = found
    if rules.masthead_issuer_after is not None and rules.masthead_issuer_after.match(window[found]):
        while (
            first > max(found - rules.masthead_issuer_lines, 0)
            and _capitals(window[first - 1])
            and short(window[first - 1])
        ):
            first -= 1
    last = found + 1
    while last < len(window) and short(window[last]):
        last += 1
    return range(first, last)


def is_label(piece: str, rules: StructureRules | None = None) -> bool:
    """A piece that is only a number or a structure label (`1.`, `Điều 1.`)."""
    if not any(c.isalpha() for c in piece):
        return True
    for rule in (rules or load_structure_rules()).levels:
        match = rule.pattern.match(piece)
        if match and not any(c.isalnum() for c in piece[match.end() :]):
            return True
    return False


@lru_cache(maxsize=8)
def _more_syllables_than(count: int) -> re.Pattern[str]:
    # Possessive: each repetition takes one whole \w+ run; the match stops
    # after count + 1 of them, however long the paragraph.
    return re.compile(rf"(?:\W*+\w++){{{count + 1}}}")


def _short(text: str, max_syllables: int) -> bool:
    return _more_syllables_than(max_syllables).match(text) is None


def _is_title(text: str, max_syllables: int, *, final_stop: bool) -> bool:
    """Short text that is not a sentence: no stop inside (nor at its end unless `final_stop`)."""
    text = text.strip()
    if not text or not _short(text, max_syllables) or _INNER_STOP.search(text):
        return False
    return final_stop or text[-1] not in ".;:,"


def _capitals(text: str) -> bool:
    """Letters, none of them lower case (`NHỮNG QUY ĐỊNH CHUNG`)."""
    return any(c.isalpha() for c in text) and not any(c.islower() for c in text)


class Tracker:
    """The structure in force, paragraph after paragraph (see the module docstring)."""

    def __init__(self, rules: StructureRules | None = None):
        self.rules = rules or load_structure_rules()
        self.state: dict[str, str] = {}
        self._last: dict[str, int] = {}  # the last number of each level, under its parent
        self._had_article = False
        self._signature = False  # inside the signature block
        self._closed = False  # the body has ended (closing formula, signature)
        # (level, title given, the title goes on in capitals) of a heading
        self._previous: tuple[str, bool, bool] | None = None
        self._last_label: dict[str, str] = {}  # the last label of each level, under its parent
        # The previous paragraph may go on (`_goes_on`): labels must then be in sequence.
        self._open: bool | str = False

    def update(self, paragraph: str, *, header: bool = False) -> Structure:
        """The structure at `paragraph`; `header`: it is of the masthead (`masthead`)."""
        if header:
            self._previous, self._open = None, False
            return Structure(kind="header")
        # A wrapped paragraph's line breaks are spaces to its patterns (`Luật này đã được
        # Quốc hội nước` / `Cộng hòa … thông qua …`, `CHỦ` / `TỊCH QUỐC HỘI`).
        if "\n" in paragraph:
            paragraph = _LINE_BREAK.sub(" ", paragraph)
        found = self._update(paragraph)
        # A heading ends without a stop, and the text after it is no continuation.
        self._open = found.kind != "heading" and _goes_on(paragraph, self.rules.number_before)
        return found

    def _update(self, paragraph: str) -> Structure:
        previous, self._previous = self._previous, None
        labelled = self._label(paragraph)
        if labelled is not None:
            self._signature = False
            level, label, rest = labelled
            self._enter(level, label)
            titled = bool(rest.strip())
            heading = not titled or _is_title(
                rest, self.rules.heading_max_syllables, final_stop=True
            )
            if level in self.rules.headings and heading:
                self._previous = (level, titled, False)
                return Structure(**self.state, kind="heading")
            return Structure(**self.state)
        appendix = self.rules.appendix.match(paragraph) if self.rules.appendix else None
        if (
            self._closed
            and appendix is not None
            and _is_title(
                paragraph[appendix.end() :] or "-",
                self.rules.heading_max_syllables,
                final_stop=False,  # `Phụ lục này áp dụng …` is a sentence
            )
        ):
            # An appendix after the signature (`PHỤ LỤC I`, its title on the next
            # line): it ends the signature block, and belongs to no unit.
            self._signature = False
            titled = bool(paragraph[appendix.end() :].strip())
            self._previous = ("appendix", titled, False)
            return Structure(kind="heading")
        if self._signature:
            if _short(paragraph, self.rules.signature_max_syllables):
                return Structure(kind="signature")
            self._signature = False
        if (
            previous is not None
            and not previous[1]
            and previous[0] in self.rules.title_on_next_line
            and (not previous[2] or _capitals(paragraph))
            # (a paragraph wholly in parentheses is a note: an untitled article's
            # source, `Điều 3.1.TT.8.2.` / `(Điều 2 Thông tư số 23/2022/TT-BQP, …)`)
            and not self.rules.note.match(paragraph)
            and _is_title(paragraph, self.rules.heading_max_syllables, final_stop=False)
        ):
            # A title in capitals may run over lines (`XÁC LẬP DANH MỤC, CƠ CHẾ …` /
            # `BẢO VỆ HỆ THỐNG THÔNG TIN …`): a next line in capitals goes on with it.
            if _capitals(paragraph):
                self._previous = (previous[0], False, True)
            return Structure(**self.state, kind="heading")
        if self.rules.note.match(paragraph):
            if previous is not None and previous[0] == "article":
                return Structure(**self.state, kind="source-note")
            scope = next((lv for p, lv in self.rules.note_scope if p.match(paragraph)), "article")
            return Structure(**self._up_to(scope), kind="note")
        if self.rules.attachment.match(paragraph):
            return Structure(**self._up_to("article"), kind="attachment")
        if any(p.match(paragraph) for p in self.rules.closing):
            self._close()
            self._signature = True
            return Structure(kind="closing")
        if self._had_article and any(p.match(paragraph) for p in self.rules.signature_openers):
            self._close()
            self._signature = True
            return Structure(kind="signature")
        return Structure(**self.state)

    def _label(self, paragraph: str) -> tuple[str, str, str] | None:
        """(level, label, the text after it) of a paragraph that opens with a label."""
        for rule in self.rules.levels:
            if rule.within and not any(level in self.state for level in rule.within):
                continue
            match = rule.pattern.match(paragraph)
            if match is None and rule.weak is not None:
                match = rule.weak.match(paragraph)
                if match is not None and not self._accepted(rule, match, paragraph):
                    match = None
            if match is not None and (not self._open or self._in_sequence(rule, match.group(1))):
                return rule.level, match.group(1), paragraph[match.end() :]
        return None

    def _in_sequence(self, rule: StructureRule, label: str) -> bool:
        """Whether a label continues its level's numbering: 1 (or `a`, `I`) first under a
        new parent, then the next; an article or chapter, the next of the text's. Asked
        after a paragraph that ends without a stop, where a hard-wrapped line may open
        with a number (`2007.`, `Điều 7 Quyết định số …`, `Chương III của Luật này.`):
        out of sequence, it is the text going on (a statute numbers its units in order).
        A codification id follows a codification id; a number with a letter (`12a`)
        may repeat the last."""
        before = self._last_label.get(rule.level)
        coded = "." in label
        if self._open == "number":
            return False  # `… tại khoản` / `4 Điều 19`: the number it refers to
        if before is None:
            # The first of its level under its parent; a text may open mid-way
            # (an excerpt) only at its outer levels.
            return coded or rule.within == () or self._number(rule.level, label) == 1
        if coded or "." in before:
            # within one codification topic (`3.1.`); `1.11.LQ.37` is a reference
            return coded and "." in before and _topic(label) == _topic(before)
        number, last = self._number(rule.level, label), self._number(rule.level, before)
        if number is None or last is None:
            return True
        return number == last + 1 or (number == last and not label.isdigit())

    def _up_to(self, level: str) -> dict[str, str]:
        """The levels in force down to `level` (a note on an article is not in its khoản)."""
        keep = STRUCTURE_LEVELS[: STRUCTURE_LEVELS.index(level) + 1]
        return {k: v for k, v in self.state.items() if k in keep}

    def _number(self, level: str, label: str) -> int | None:
        """A label's place in its numbering (`12a` -> 12, `c` -> 3, `IV` -> 4); None for a
        codification id."""
        if level == "point":
            letters = self.rules.point_letters
            return letters.index(label) + 1 if label in letters else None
        if _ROMAN.fullmatch(label):
            return _roman(label)
        match = _LEADING_NUMBER.match(label)
        if match is None or "." in label:
            return None
        return int(match.group())

    def _accepted(self, rule: StructureRule, match: re.Match[str], paragraph: str) -> bool:
        """A weak spelling is a label where its number comes next, or its title shows it.

        Either way the text after it opens with a capital, as a title or a
        khoản does (`2 năm sau` is not khoản 2).
        """
        rest = paragraph[match.end() :]
        if rest and not rest[0].isupper():
            return False
        if "next" in rule.accept:
            number = self._number(rule.level, match.group(1))
            if number is not None and number == self._last.get(rule.level, 0) + 1:
                return True
        return "title" in rule.accept and _is_title(
            rest, self.rules.heading_max_syllables, final_stop=False
        )

    def _enter(self, level: str, label: str) -> None:
        index = STRUCTURE_LEVELS.index(level)
        for inner in STRUCTURE_LEVELS[index:]:
            self.state.pop(inner, None)
        # A level's numbering restarts under a new unit of a level it lives
        # `within` (khoản under each article); articles run through the text.
        for rule in self.rules.levels:
            if level in rule.within:
                self._last.pop(rule.level, None)
        self.state[level] = label
        for rule in self.rules.levels:
            if level in rule.within:
                self._last_label.pop(rule.level, None)
        self._last_label[level] = label
        number = self._number(level, label)
        if number is not None:
            self._last[level] = number
        if level == "article":
            self._had_article = True

    def _close(self) -> None:
        """The body ends (closing formula, signature): no level is in force after it."""
        self._closed = True
        self.state.clear()
        self._last.clear()
        self._last_label.clear()


_ROMAN = re.compile(r"[IVXLCDM]+")
_ROMAN_VALUES = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100, "D": 500, "M": 1000}
# A paragraph that ends a sentence or a unit: final punctuation, after it perhaps a
# closing bracket or quotation mark.
_STOPPED = re.compile(r"[.;:!?…][)\]”\"’']*\s*$")


def _roman(numeral: str) -> int:
    values = [_ROMAN_VALUES[c] for c in numeral]
    return sum(-v if v < w else v for v, w in zip(values, [*values[1:], 0], strict=True))


def _topic(label: str) -> str:
    """A codification id's topic (`3.1` of `3.1.LQ.1`)."""
    return ".".join(label.split(".")[:2])


def _goes_on(paragraph: str, number_before: re.Pattern[str]) -> bool | str:
    """Whether a paragraph may go on in the next: it ends without a stop, or inside
    brackets; "number" when it ends where a number follows (`khoản`, `số`, `2, 3 và`)."""
    if number_before.search(paragraph):
        return "number"
    return paragraph.count("(") > paragraph.count(")") or _STOPPED.search(paragraph) is None
