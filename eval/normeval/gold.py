"""Gold annotation files: loading and checking them against their text.

Each gold file names the text it annotates (id and sha256, which must match
eval/texts.yaml), says who made and checked it and how, and holds positions
only (lines, columns, labels, ids), never copies of texts that are not free.
A file that does not fit its text (a label count that differs from the
candidates on a line, a line out of range) raises GoldError naming it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from . import marks
from .canon import Text
from .texts import EVAL_DIR, GoldError, Registry

GOLD_DIR = EVAL_DIR / "gold"

# Numbered units of a legal text, outermost first, as the records name them.
LEVELS = ("chapter", "section", "article", "clause", "point")
# Kinds that are not numbered units. `heading`: a chapter's or section's title
# line; `source-note`: a codification article's parenthesised source;
# `related-note`: its parenthesised cross-reference; `preamble`: what stands
# before the first unit (issuer, number, date, title, legal bases);
# `closing`: the formula saying who passed the text; `signature`: the signer's
# title and name; `attachment`: the name of an attached file (a form, an annex).
OTHER_KINDS = (
    "heading",
    "source-note",
    "related-note",
    "preamble",
    "closing",
    "signature",
    "attachment",
)
KINDS = LEVELS + OTHER_KINDS


def _load_yaml(path: Path) -> dict[str, Any]:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise GoldError(f"{path}: {exc}".splitlines()[0]) from exc
    if not isinstance(data, dict):
        raise GoldError(f"{path}: not a mapping")
    return data


def _header(path: Path, data: dict[str, Any], schema: str, registry: Registry) -> str:
    if data.get("schema") != schema:
        raise GoldError(f"{path}: schema must be {schema}")
    for key in ("text", "sha256", "made_by", "checked_by", "method"):
        if not data.get(key):
            raise GoldError(f"{path}: `{key}` is missing")
    entry = registry.get(data["text"])
    if entry.sha256 != data["sha256"]:
        raise GoldError(f"{path}: sha256 differs from eval/texts.yaml for {entry.id}")
    return entry.id


def parse_ranges(specs: list[str], path: Path) -> list[tuple[int, int]]:
    ranges = []
    for spec in specs:
        first, _, last = str(spec).partition("-")
        try:
            ranges.append((int(first), int(last or first)))
        except ValueError as exc:
            raise GoldError(f"{path}: bad line range {spec!r}") from exc
    return ranges


# --- structure ----------------------------------------------------------------


@dataclass(frozen=True)
class Unit:
    line: int
    col: int
    kind: str
    id: str | None
    # The numbered units this one lies in, itself included: level -> id.
    path: tuple[tuple[str, str], ...]

    def expected(self) -> dict[str, str]:
        """The structure a clause that starts in this unit's own text must carry."""
        return dict(self.path)


@dataclass(frozen=True)
class StructureGold:
    file: Path
    text: str
    units: tuple[Unit, ...]


def _expected_path(
    kind: str, unit_id: str | None, current: dict[str, str]
) -> tuple[dict[str, str], tuple[tuple[str, str], ...]]:
    """Advance the running path over one unit and give the path its text carries."""
    if kind in LEVELS:
        level = LEVELS.index(kind)
        current = {k: v for k, v in current.items() if LEVELS.index(k) < level}
        current[kind] = unit_id or ""
        return current, tuple((k, current[k]) for k in LEVELS if k in current)
    if kind == "heading":  # the title of the chapter or section above it
        inner = {k: v for k, v in current.items() if k in ("chapter", "section")}
        return current, tuple((k, inner[k]) for k in LEVELS if k in inner)
    if kind in ("source-note", "related-note", "attachment"):  # the article's own
        inner = {k: v for k, v in current.items() if k in ("chapter", "section", "article")}
        return current, tuple((k, inner[k]) for k in LEVELS if k in inner)
    return current, ()  # preamble, closing, signature: outside every unit


def load_structure(path: Path, registry: Registry) -> StructureGold:
    data = _load_yaml(path)
    text_id = _header(path, data, "normeval-structure/1", registry)
    text = registry.canonical(text_id)
    units: list[Unit] = []
    current: dict[str, str] = {}
    last = (0, -1)
    for row in data.get("units") or ():
        if not isinstance(row, list) or len(row) < 2:
            raise GoldError(f"{path}: unit {row!r}: expected [line, kind, id?, col?]")
        line, kind = row[0], row[1]
        unit_id = str(row[2]) if len(row) > 2 and row[2] is not None else None
        col = int(row[3]) if len(row) > 3 else 0
        if kind not in KINDS:
            raise GoldError(f"{path}: line {line}: unknown kind {kind!r}")
        if (kind in LEVELS) != (unit_id is not None):
            raise GoldError(f"{path}: line {line}: numbered units and only they have an id")
        try:
            text.offset(line, col)
        except ValueError as exc:
            raise GoldError(f"{path}: {exc}") from exc
        if (line, col) <= last:
            raise GoldError(f"{path}: line {line}: units out of order")
        last = (line, col)
        current, unit_path = _expected_path(kind, unit_id, current)
        units.append(Unit(line, col, kind, unit_id, unit_path))
    return StructureGold(path, text_id, tuple(units))


# --- boundaries ---------------------------------------------------------------


@dataclass(frozen=True)
class BoundaryGold:
    file: Path
    text: str
    regions: tuple[tuple[int, int], ...]
    lines_are_blocks: bool
    # (line, column) -> label, for every candidate in the regions
    commas: dict[tuple[int, int], str]
    sentences: dict[tuple[int, int], str]

    def in_regions(self, line: int) -> bool:
        return any(a <= line <= b for a, b in self.regions)


def _labels(
    path: Path,
    text: Text,
    regions: list[tuple[int, int]],
    rows: dict[int, str],
    find: Any,
    allowed: str,
    what: str,
) -> dict[tuple[int, int], str]:
    out: dict[tuple[int, int], str] = {}
    for number in rows:
        if not any(a <= number <= b for a, b in regions):
            raise GoldError(f"{path}: {what} line {number} is outside the annotated regions")
    for a, b in regions:
        for number in range(a, b + 1):
            columns = find(text.line(number))
            labels = str(rows.get(number, ""))
            if len(labels) != len(columns):
                raise GoldError(
                    f"{path}: {what} line {number}: {len(labels)} labels for "
                    f"{len(columns)} candidates"
                )
            for col, label in zip(columns, labels, strict=True):
                if label not in allowed:
                    raise GoldError(f"{path}: {what} line {number}: unknown label {label!r}")
                out[(number, col)] = label
    return out


def load_boundaries(path: Path, registry: Registry) -> BoundaryGold:
    data = _load_yaml(path)
    text_id = _header(path, data, "normeval-boundaries/1", registry)
    text = registry.canonical(text_id)
    regions = parse_ranges(data.get("regions") or [], path)
    for a, b in regions:
        if not 1 <= a <= b <= text.lines:
            raise GoldError(f"{path}: region {a}-{b} is outside the text (1-{text.lines})")
    commas = _labels(
        path, text, regions, data.get("commas") or {}, marks.comma_candidates, "Ce", "comma"
    )
    sentences = _labels(
        path, text, regions, data.get("sentences") or {}, marks.sentence_candidates, "En",
        "sentence",
    )
    return BoundaryGold(
        path, text_id, tuple(regions), bool(data.get("lines_are_blocks")), commas, sentences
    )
