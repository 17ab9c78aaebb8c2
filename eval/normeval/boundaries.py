"""Sentence and clause boundary scores.

Every place where the pipeline ends one clause and starts the next on the
same line (a split) is looked up in the gold by the mark it follows:

- a comma: the gold says whether a split there is right (a clause boundary)
  or wrong (inside an enumeration, a name, a number, a phrase);
- a sentence mark (`.`, `!`, `?`, `…`, possibly before a closing quote): the
  gold says whether a sentence ends there (a split there is right) or not
  (a false sentence break: `.vn`, `3.1.LQ.1.`, an abbreviation);
- `;` or `:`: counted, not judged;
- anything else: a split at no punctuation, an error.

Gold sentence ends where no clause ends are missed sentence ends; a clause
that runs across a line end joins two blocks (the texts here have one block a
line); a heading line (a chapter, section or article line, a title line) cut
into several clauses is a cut heading. Splits outside the annotated regions
are counted as unjudged.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import pairwise

from .canon import Text
from .gold import BoundaryGold, StructureGold
from .offsets import OffsetMap
from .pipeline import DocumentOut

_CLOSING = "”\"’')]»"
_FINAL = ".!?…"


@dataclass
class BoundaryScore:
    comma_splits: int = 0  # judged
    comma_wrong: int = 0
    comma_unjudged: int = 0
    sentence_splits: int = 0  # judged splits at a sentence mark
    false_breaks: int = 0
    other_splits: int = 0  # at ; or :
    bare_splits: int = 0  # at no punctuation
    unjudged: int = 0  # other splits outside the regions
    sentence_ends: int = 0
    missed_ends: int = 0
    joined_lines: int = 0
    headings: int = 0
    headings_cut: int = 0
    examples: list[str] = field(default_factory=list)

    @property
    def errors(self) -> int:
        return (
            self.comma_wrong
            + self.false_breaks
            + self.bare_splits
            + self.missed_ends
            + self.joined_lines
            + self.headings_cut
        )

    def add(self, other: BoundaryScore) -> None:
        for name in self.__dataclass_fields__:
            if name != "examples":
                setattr(self, name, getattr(self, name) + getattr(other, name))


def score(
    out: DocumentOut,
    gold: BoundaryGold,
    text: Text,
    structure: StructureGold | None = None,
) -> BoundaryScore:
    result = BoundaryScore()
    produced = out.text or ""
    to_canon = OffsetMap(produced, text.text)
    to_out = OffsetMap(text.text, produced)
    spans = sorted((c.start, c.end) for c in out.clauses)

    def example(what: str, at: int) -> None:
        if len(result.examples) < 12:
            line, col = text.position(at)
            result.examples.append(f"{what} at line {line} col {col}")

    # splits on one line
    for (s1, e1), (s2, _) in pairwise(spans):
        gap = produced[e1:s2] if s2 >= e1 else ""
        if "\n" in gap or s2 < e1:
            continue
        last = e1 - 1
        while last > s1 and produced[last].isspace():
            last -= 1
        at = to_canon(last)
        if not 0 <= at < len(text.text):
            continue
        line, col = text.position(at)
        if not gold.in_regions(line):
            result.unjudged += 1
            if text.text[at] == ",":
                result.comma_unjudged += 1
            continue
        char = text.text[at]
        mark = at
        while mark > 0 and text.text[mark] in _CLOSING:
            mark -= 1
        if char == ",":
            label = gold.commas.get((line, col))
            if label is None:
                result.unjudged += 1
                result.comma_unjudged += 1
            else:
                result.comma_splits += 1
                if label == "e":
                    result.comma_wrong += 1
                    example("comma split inside an enumeration", at)
        elif text.text[mark] in _FINAL and text.position(mark)[0] == line:
            label = gold.sentences.get(text.position(mark))
            if label is None:  # a mark at the line's end: not a mid-line candidate
                result.sentence_splits += 1
            else:
                result.sentence_splits += 1
                if label == "n":
                    result.false_breaks += 1
                    example("false sentence break", mark)
        elif char in ";:":
            result.other_splits += 1
        else:
            result.bare_splits += 1
            example("split at no punctuation", at)

    # missed sentence ends: a clause runs on over the end
    for (line, col), label in gold.sentences.items():
        if label != "E":
            continue
        result.sentence_ends += 1
        after = text.offset(line, col) + 1
        line_end = text.line_span(line)[1]
        while after < line_end and text.text[after] in _CLOSING:
            after += 1
        nxt = after
        while nxt < line_end and text.text[nxt].isspace():
            nxt += 1
        p, q = to_out(after), to_out(nxt)
        if any(s < p and e > q for s, e in spans):
            result.missed_ends += 1
            example("missed sentence end", after - 1)

    # clauses that run across a line end inside the regions
    if gold.lines_are_blocks:
        for s, e in spans:
            piece = produced[s:e].strip()
            if "\n" not in piece:
                continue
            line = text.position(to_canon(s))[0]
            if gold.in_regions(line):
                result.joined_lines += piece.count("\n")
                example("clause joins lines", to_canon(s))

    # heading lines cut into several clauses
    if structure is not None:
        heading_lines = {
            u.line
            for u in structure.units
            if u.kind in ("chapter", "section", "article", "heading")
        }
        for line in sorted(heading_lines):
            if not gold.in_regions(line):
                continue
            a, b = text.line_span(line)
            pa, pb = to_out(a), to_out(b)
            inside = [s for s, e in spans if pa <= s < pb or (s < pa < e)]
            result.headings += 1
            if len(inside) > 1:
                result.headings_cut += 1
                example("heading cut", a)
    return result
