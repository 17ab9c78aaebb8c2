"""Where the boundary gold puts its labels: the candidate positions of a line.

The boundary gold labels, line by line, every comma and every mid-line
sentence-final mark (a letter per candidate, in order along the line), so the
rule that finds the candidates is part of the gold's meaning and must not
change once gold is written against it.
"""

from __future__ import annotations

import re

# A sentence-final mark followed, on the same line, by more than closing
# punctuation and spaces: a place where a sentence may or may not end.
_FINAL = re.compile(r"[.!?…](?=.*[^\s”\"’'»)\]])")

SENTENCE_LABELS = {"E": "a sentence ends here", "n": "no sentence end here"}
COMMA_LABELS = {
    "C": "a clause boundary: a split here is right",
    "e": "inside an enumeration, name, number or phrase: a split here is wrong",
}


def sentence_candidates(line: str) -> list[int]:
    """Columns of the mid-line sentence-final marks of a line."""
    return [m.start() for m in _FINAL.finditer(line)]


def comma_candidates(line: str) -> list[int]:
    return [i for i, char in enumerate(line) if char == ","]
