"""Reading scores: characters lost, body missing, chrome kept, titles.

All counts are of non-whitespace characters of the pipeline's normalised
text. *Lost*: in no clause and in no chrome span the pipeline reports (the
issue's definition: what ingest silently drops). *Body missing*: gold body
text in no clause, whether reported or not (reporting the statement itself as
chrome must not look like success). *Chrome kept*: gold chrome inside clauses.
"""

from __future__ import annotations

from dataclasses import dataclass

from .gold import ChromeGold
from .offsets import OffsetMap
from .pipeline import DocumentOut, Span


def _mask(size: int, spans: list[Span]) -> bytearray:
    mask = bytearray(size)
    for start, end in spans:
        mask[max(0, start) : max(0, end)] = b"\x01" * (max(0, end) - max(0, start))
    return mask


@dataclass
class ReadingScore:
    chars: int = 0
    in_clauses: int = 0
    lost: int = 0
    located_unreported: int = 0  # lost, though the reader located it as chrome
    chrome_reported: bool = False
    body: int = 0
    body_missing: int = 0
    chrome: int = 0
    chrome_kept: int = 0
    title: int = 0
    title_in_clauses: int = 0

    def add(self, other: ReadingScore) -> None:
        for name in self.__dataclass_fields__:
            if name != "chrome_reported":
                setattr(self, name, getattr(self, name) + getattr(other, name))


def score(out: DocumentOut, gold: ChromeGold | None, canonical: str) -> ReadingScore:
    text = out.text or ""
    result = ReadingScore(chrome_reported=out.reported_chrome is not None)
    clauses = _mask(len(text), [(c.start, c.end) for c in out.clauses])
    reported = _mask(len(text), out.reported_chrome or [])
    located = _mask(len(text), out.located_chrome or [])
    for i, char in enumerate(text):
        if char.isspace() or char == "\ufeff":
            continue
        result.chars += 1
        if clauses[i]:
            result.in_clauses += 1
        elif not reported[i]:
            result.lost += 1
            if located[i]:
                result.located_unreported += 1
    if gold is None:
        return result
    to_out = OffsetMap(canonical, text)
    for start, end, label in gold.spans:
        for i in range(start, end):
            if canonical[i].isspace() or canonical[i] == "\ufeff":
                continue
            j = to_out(i)
            kept = 0 <= j < len(text) and bool(clauses[j])
            if label == "body":
                result.body += 1
                result.body_missing += not kept
            elif label == "chrome":
                result.chrome += 1
                result.chrome_kept += kept
            elif label == "title":
                result.title += 1
                result.title_in_clauses += kept
    return result
