"""A plain lexical matcher over the whole glossary, for proposing term gold.

Independent of the aligner under test: every Vietnamese term and
abbreviation of every concept is looked for as whole words (case- and
tone-placement-insensitive for terms, exact for abbreviations), optionally
with diacritics folded; overlapping hits are resolved longest first, so that
`an ninh mạng` is cybersecurity and not security + a stray word.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from normeval.variants import fold, new_tone


def _lower(text: str) -> str:
    out = "".join(c.lower() if len(c.lower()) == 1 else c for c in text)
    return out


def load_terms(glossary: Path) -> list[tuple[str, str, bool]]:
    """(concept, term, is_abbreviation) for every term of the glossary."""
    data = yaml.safe_load(glossary.read_text(encoding="utf-8"))
    out = []
    for concept in data["concepts"]:
        for term in concept.get("vi") or ():
            out.append((concept["id"], term["term"], False))
        for abbr in concept.get("abbr") or ():
            out.append((concept["id"], abbr, True))
    return out


def find(text: str, terms: list[tuple[str, str, bool]], *, folded: bool = False):
    """[(start, end, concept, term)] longest first, without overlaps."""
    keyed = _lower(new_tone(text))
    if folded:
        keyed = fold(keyed)
    hits = []
    for concept, term, abbr in terms:
        if abbr:
            pattern, haystack = re.escape(term), text
        else:
            key = _lower(new_tone(term))
            if folded:
                key = fold(key)
            pattern, haystack = re.escape(key).replace(r"\ ", r"\s+"), keyed
        for m in re.finditer(rf"(?<!\w){pattern}(?!\w)", haystack):
            hits.append((m.start(), m.end(), concept, term))
    hits.sort(key=lambda h: (-(h[1] - h[0]), h[0]))
    taken = bytearray(len(text) + 1)
    chosen = []
    for start, end, concept, term in hits:
        if any(taken[start:end]):
            continue
        taken[start:end] = b"\x01" * (end - start)
        chosen.append((start, end, concept, term))
    return sorted(chosen)
