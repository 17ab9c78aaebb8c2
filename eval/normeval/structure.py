"""Legal-structure scores: is every numbered unit's text filed under it?

Each gold unit owns the text from its start to the next gold unit's start.
A unit is right when at least one clause starts in that text and every
clause that does carries exactly the unit's path (chương, mục, điều, khoản,
điểm, by their ids as the text writes them; deeper levels absent). Notes,
headings, signature blocks and closing formulas are scored the same way
against the path they belong to (a source note: its article; a signature:
no unit at all), so that text filed under the previous khoản counts wrong.
A document's masthead is scored by its kind as well: a gold `header` unit is
right when its clauses are of kind `header`, and a clause of that kind in any
other unit is wrong.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from .gold import KINDS, LEVELS, StructureGold
from .offsets import OffsetMap
from .pipeline import ClauseOut, DocumentOut


def normal_id(value: object) -> str:
    """Ids compare without case, surrounding spaces and a trailing '.' or ')'."""
    return str(value).strip().rstrip(".)").strip().casefold()


def path_of(clause: ClauseOut) -> tuple[tuple[str, str], ...]:
    return tuple(
        (level, normal_id(clause.structure[level]))
        for level in LEVELS
        if clause.structure.get(level) not in (None, "")
    )


@dataclass
class StructureScore:
    units: Counter[str] = field(default_factory=Counter)  # kind -> gold units
    right: Counter[str] = field(default_factory=Counter)  # kind -> right units
    empty: Counter[str] = field(default_factory=Counter)  # kind -> units no clause starts in
    clauses: int = 0
    clauses_right: int = 0
    wrong: list[dict[str, object]] = field(default_factory=list)  # first few, for the reader

    def add(self, other: StructureScore) -> None:
        self.units.update(other.units)
        self.right.update(other.right)
        self.empty.update(other.empty)
        self.clauses += other.clauses
        self.clauses_right += other.clauses_right


def score(out: DocumentOut, gold: StructureGold, canonical: str) -> StructureScore:
    result = StructureScore()
    text = out.text or ""
    to_out = OffsetMap(canonical, text)
    line_starts = [0] + [i + 1 for i, c in enumerate(canonical) if c == "\n"]
    starts = [to_out(line_starts[u.line - 1] + u.col) for u in gold.units]
    bounds = [*starts[1:], len(text)]
    # first non-space character of each clause: where it starts for this purpose
    clause_at = []
    for clause in out.clauses:
        lead = len(clause.text) - len(clause.text.lstrip())
        clause_at.append((clause.start + lead, clause))
    clause_at.sort(key=lambda item: item[0])
    index = 0
    for unit, start, end in zip(gold.units, starts, bounds, strict=True):
        while index < len(clause_at) and clause_at[index][0] < start:
            index += 1
        inside = []
        probe = index
        while probe < len(clause_at) and clause_at[probe][0] < end:
            inside.append(clause_at[probe][1])
            probe += 1
        expected = tuple((level, normal_id(value)) for level, value in unit.path)
        ok = bool(inside)
        for clause in inside:
            # The masthead is told by its kind too: a gold `header` unit's clauses are
            # `header`, no other unit's are.
            header = clause.structure.get("kind") == "header"
            good = path_of(clause) == expected and header == (unit.kind == "header")
            result.clauses += 1
            result.clauses_right += good
            ok = ok and good
        result.units[unit.kind] += 1
        result.right[unit.kind] += ok
        result.empty[unit.kind] += not inside
        if not ok and len(result.wrong) < 20:
            result.wrong.append(
                {
                    "line": unit.line,
                    "kind": unit.kind,
                    "id": unit.id,
                    "expected": dict(unit.path),
                    "found": [dict(c.structure) for c in inside[:3]],
                }
            )
    return result


ORDER = KINDS
