"""The canonical text gold coordinates refer to.

Gold positions are (line, column) pairs in the *canonical* form of a text:
its bytes decoded as UTF-8 (a byte-order mark dropped), line ends made LF,
and Unicode NFC. Lines and columns count from 1 and 0; a column counts code
points. The canonical form is defined here, apart from the pipeline's own
normalisation, so the gold does not move when the pipeline changes: the
scorer maps canonical offsets onto whatever text the pipeline produced
(`offsets.OffsetMap`).
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from bisect import bisect_right
from dataclasses import dataclass
from pathlib import Path

_LINE_ENDS = re.compile(r"\r\n?")


def canonical(data: bytes) -> str:
    text = data.decode("utf-8-sig")
    return unicodedata.normalize("NFC", _LINE_ENDS.sub("\n", text))


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@dataclass(frozen=True)
class Text:
    """A text's canonical form with line/column arithmetic."""

    text: str
    line_starts: tuple[int, ...]

    @classmethod
    def from_str(cls, text: str) -> Text:
        starts = [0]
        starts.extend(m.end() for m in re.finditer("\n", text))
        return cls(text, tuple(starts))

    @classmethod
    def from_file(cls, path: Path) -> Text:
        return cls.from_str(canonical(path.read_bytes()))

    @property
    def lines(self) -> int:
        return len(self.line_starts)

    def line(self, number: int) -> str:
        start, end = self.line_span(number)
        return self.text[start:end]

    def line_span(self, number: int) -> tuple[int, int]:
        """Offsets of line `number` (1-based), its LF excluded."""
        if not 1 <= number <= self.lines:
            raise ValueError(f"line {number} is outside the text (1-{self.lines})")
        start = self.line_starts[number - 1]
        end = self.line_starts[number] - 1 if number < self.lines else len(self.text)
        return start, end

    def offset(self, line: int, col: int) -> int:
        start, end = self.line_span(line)
        if not 0 <= col <= end - start:
            raise ValueError(f"column {col} is outside line {line} (0-{end - start})")
        return start + col

    def position(self, offset: int) -> tuple[int, int]:
        """(line, column) of an offset."""
        index = bisect_right(self.line_starts, offset) - 1
        return index + 1, offset - self.line_starts[index]
