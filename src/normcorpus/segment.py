"""Document -> Clauses: paragraphs, sentences, clauses and words.

underthesea lives behind this module only (and is imported lazily, so the
search path never pays for it): `sent_tokenize` splits paragraphs into
sentences, `word_tokenize` splits clauses into words. Clause splitting and the
recognition of legal structure (`Chương`, `Mục`, `Điều`, `khoản`, `điểm`) follow
the rules in `resources/segment.yaml`.
"""

from __future__ import annotations

import bisect
import hashlib
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import yaml

from .models import STRUCTURE_LEVELS, Clause, Document, Structure

# Bumped whenever segmentation output may change for the same input, so that
# incremental ingest re-segments.
SEGMENTER_VERSION = "1"

_SYLLABLE = re.compile(r"\w+")
_OPENERS = "([{“‘«"
_CLOSERS = ")]}”’»"


@dataclass(frozen=True, slots=True)
class StructureRule:
    level: str
    pattern: re.Pattern[str]
    within: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class SegmentRules:
    split_after: str
    colon_min_items: int
    max_syllables: int
    min_syllables: int
    connectives: tuple[str, ...]
    structure: tuple[StructureRule, ...]
    digest: str


@lru_cache(maxsize=1)
def load_segment_rules() -> SegmentRules:
    raw = resources.files("normcorpus").joinpath("resources/segment.yaml").read_bytes()
    data = yaml.safe_load(raw.decode("utf-8"))
    clauses = data["clauses"]
    return SegmentRules(
        split_after="".join(clauses["split_after"]),
        colon_min_items=int(clauses["colon_min_items"]),
        max_syllables=int(clauses["max_syllables"]),
        min_syllables=int(clauses["min_syllables"]),
        connectives=tuple(sorted(clauses["connectives"], key=len, reverse=True)),
        structure=tuple(
            StructureRule(r["level"], re.compile(r["pattern"]), tuple(r.get("within") or ()))
            for r in data["structure"]
        ),
        digest=hashlib.sha256(raw + SEGMENTER_VERSION.encode()).hexdigest(),
    )


@lru_cache(maxsize=1)
def _tokenizers() -> tuple[Callable[[str], list[str]], Callable[[str], list[str]]]:
    # Imported here, not at module level: underthesea costs ~0.5 s to import.
    from underthesea import sent_tokenize, word_tokenize

    return sent_tokenize, word_tokenize


def syllables(text: str) -> int:
    return len(_SYLLABLE.findall(text))


def locate(parts: list[str], text: str) -> list[tuple[int, int]]:
    """Offsets of each part in `text`, in order, tolerant of changed whitespace."""
    spans: list[tuple[int, int]] = []
    cursor = 0
    for part in parts:
        part = part.strip()
        if not part:
            continue
        found = text.find(part, cursor)
        if found != -1:
            spans.append((found, found + len(part)))
            cursor = found + len(part)
            continue
        # The tokenizer changed spacing: walk the non-space characters.
        chars = [c for c in part if not c.isspace()]
        pos = cursor
        while pos < len(text) and text[pos].isspace():
            pos += 1
        start = pos
        for char in chars:
            while pos < len(text) and text[pos].isspace():
                pos += 1
            if pos >= len(text) or text[pos] != char:
                break
            pos += 1
        spans.append((start, pos))
        cursor = pos
    return spans


_BRACKETS = re.compile(r"[(\[{“‘«)\]}”’»]")


@lru_cache(maxsize=16)
def _patterns(chars: str) -> tuple[re.Pattern[str], re.Pattern[str]]:
    """The characters alone, and the characters or a bracket."""
    return (
        re.compile("[" + re.escape(chars) + "]"),
        re.compile(_BRACKETS.pattern[:-1] + re.escape(chars) + "]"),
    )


def _top_level_positions(text: str, chars: str) -> list[int]:
    """Positions of `chars` that stand outside brackets and quotations."""
    wanted, with_brackets = _patterns(chars)
    if not _BRACKETS.search(text):
        return [m.start() for m in wanted.finditer(text)]
    depth = 0
    out = []
    for match in with_brackets.finditer(text):
        char = match.group()
        if char in _OPENERS:
            depth += 1
        elif char in _CLOSERS:
            depth = max(0, depth - 1)
        elif depth == 0:
            out.append(match.start())
    return out


def _split_points(sentence: str, rules: SegmentRules) -> list[int]:
    """Ends of clauses inside a sentence (exclusive offsets), by `;` and enumerating `:`."""
    points = [i + 1 for i in _top_level_positions(sentence, rules.split_after)]
    for i in _top_level_positions(sentence, ":"):
        before = sentence[i - 1] if i else ""
        after = sentence[i + 1] if i + 1 < len(sentence) else ""
        if before.isdigit() and after.isdigit():  # a time such as 22:52
            continue
        rest = sentence[i + 1 :]
        if len(_top_level_positions(rest, ",;")) >= rules.colon_min_items:
            points.append(i + 1)
    return sorted(set(p for p in points if 0 < p < len(sentence.rstrip())))


def _split_long(text: str, start: int, rules: SegmentRules) -> list[tuple[int, int]]:
    """Split an over-long clause at commas, recursively, as near its middle as possible."""
    span = text[start:]
    # Syllable ends, once: counts on either side of a comma are then a bisect.
    ends = [m.end() for m in _SYLLABLE.finditer(span)]
    if len(ends) <= rules.max_syllables:
        return [(start, len(text))]
    middle = len(span) / 2
    best: tuple[int, float, int] | None = None
    for comma in _top_level_positions(span, ","):
        cut = comma + 1
        left = bisect.bisect_right(ends, cut)
        if min(left, len(ends) - left) < rules.min_syllables:
            continue
        following = span[cut:].lstrip().lower()
        connective = any(
            following.startswith(c + " ") or following.startswith(c + ",")
            for c in rules.connectives
        )
        rank = (0 if connective else 1, abs(cut - middle), cut)
        if best is None or rank < best:
            best = rank
    if best is None:
        return [(start, len(text))]
    cut = start + best[2]
    while cut < len(text) and text[cut].isspace():
        cut += 1
    head_end = start + best[2]
    return _split_long(text[:head_end], start, rules) + _split_long(text, cut, rules)


def clause_spans(sentence: str, rules: SegmentRules | None = None) -> list[tuple[int, int]]:
    """Clause offsets within one sentence."""
    rules = rules or load_segment_rules()
    spans: list[tuple[int, int]] = []
    start = 0
    for end in [*_split_points(sentence, rules), len(sentence)]:
        s, e = start, end
        while s < e and sentence[s].isspace():
            s += 1
        while e > s and sentence[e - 1].isspace():
            e -= 1
        if e > s:
            spans.extend(_split_long(sentence[:e], s, rules))
        start = end
    return spans


def _is_marker(piece: str, rules: SegmentRules) -> bool:
    """A piece that is only a number or a structure label (`1.`, `Điều 1.`)."""
    if not any(c.isalpha() for c in piece):
        return True
    for rule in rules.structure:
        match = rule.pattern.match(piece)
        if match and not any(c.isalnum() for c in piece[match.end() :]):
            return True
    return False


def _merge_markers(
    spans: list[tuple[int, int]], text: str, rules: SegmentRules
) -> list[tuple[int, int]]:
    """Join a sentence piece that is only a marker (`1.`, `Điều 1.`) to the next one.

    underthesea ends a sentence after `Điều 1.`; the label belongs to its heading.
    """
    merged: list[tuple[int, int]] = []
    pending: int | None = None
    for s, e in spans:
        if _is_marker(text[s:e], rules):
            pending = s if pending is None else pending
            continue
        merged.append((pending if pending is not None else s, e))
        pending = None
    if pending is not None:
        if merged:
            merged[-1] = (merged[-1][0], spans[-1][1])
        else:
            merged.append((pending, spans[-1][1]))
    return merged


class _StructureTracker:
    def __init__(self, rules: tuple[StructureRule, ...]):
        self.rules = rules
        self.state: dict[str, str] = {}

    def update(self, paragraph: str) -> Structure:
        for rule in self.rules:
            if rule.within and not any(level in self.state for level in rule.within):
                continue
            match = rule.pattern.match(paragraph)
            if match:
                index = STRUCTURE_LEVELS.index(rule.level)
                for inner in STRUCTURE_LEVELS[index:]:
                    self.state.pop(inner, None)
                self.state[rule.level] = match.group(1)
                break
        return Structure(**self.state)


def clause_id(doc: str, para: int, sent: int, clause: int) -> str:
    return f"{doc}:p{para:02d}.s{sent:02d}.c{clause:02d}"


def segment(document: Document, rules: SegmentRules | None = None) -> Iterator[Clause]:
    """Split a document's statement paragraphs into clauses with their words."""
    rules = rules or load_segment_rules()
    sent_tokenize, word_tokenize = _tokenizers()
    tracker = _StructureTracker(rules.structure)
    for para_no, span in enumerate(document.paragraphs, start=1):
        paragraph = document.text[span.start : span.end]
        structure = tracker.update(paragraph)
        sentences = _merge_markers(locate(sent_tokenize(paragraph), paragraph), paragraph, rules)
        # One word_tokenize call a paragraph: fewer, longer calls cost less,
        # and sentence and clause cuts fall on punctuation tokens. A word
        # belongs to the clause its first character is in.
        words = word_tokenize(paragraph)
        word_spans = locate(words, paragraph)
        next_word = 0
        for sent_no, (s_start, s_end) in enumerate(sentences, start=1):
            sentence = paragraph[s_start:s_end]
            for clause_no, (c_start, c_end) in enumerate(clause_spans(sentence, rules), start=1):
                text = sentence[c_start:c_end]
                start = s_start + c_start
                end = start + len(text)
                clause_words = []
                while next_word < len(word_spans) and word_spans[next_word][0] < end:
                    ws, we = word_spans[next_word]
                    if ws >= start:
                        clause_words.append(paragraph[ws:we])
                    next_word += 1
                yield Clause(
                    id=clause_id(document.id, para_no, sent_no, clause_no),
                    doc=document.id,
                    para=para_no,
                    sent=sent_no,
                    clause=clause_no,
                    text=text,
                    start=span.start + start,
                    end=span.start + end,
                    words=tuple(clause_words),
                    structure=structure,
                )
