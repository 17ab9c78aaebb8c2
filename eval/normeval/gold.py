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
# `related-note`: its parenthesised cross-reference; `header`: the masthead
# (issuer, national title and motto, number, place and date, the document's
# type and title); `preamble`: what else stands before the first unit (legal
# bases, the enacting formula; a web page's headline and record of the text);
# `closing`: the formula saying who passed the text; `signature`: the signer's
# title and name; `attachment`: the name of an attached file (a form, an annex).
OTHER_KINDS = (
    "heading",
    "source-note",
    "related-note",
    "header",
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
    return current, ()  # header, preamble, closing, signature: outside every unit


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
        path,
        text,
        regions,
        data.get("sentences") or {},
        marks.sentence_candidates,
        "En",
        "sentence",
    )
    return BoundaryGold(
        path, text_id, tuple(regions), bool(data.get("lines_are_blocks")), commas, sentences
    )


# --- chrome -------------------------------------------------------------------

CHROME_LABELS = ("body", "chrome", "title", "neutral")


@dataclass(frozen=True)
class ChromeGold:
    file: Path
    text: str
    spans: tuple[tuple[int, int, str], ...]  # canonical offsets, label


def load_chrome(path: Path, registry: Registry) -> ChromeGold:
    data = _load_yaml(path)
    text_id = _header(path, data, "normeval-chrome/1", registry)
    text = registry.canonical(text_id)
    spans: list[tuple[int, int, str]] = []
    for row in data.get("spans") or ():
        if not isinstance(row, list) or not 2 <= len(row) <= 4 or row[-1] not in CHROME_LABELS:
            raise GoldError(f"{path}: span {row!r}: expected [line(s), from?, to?, label]")
        label = row[-1]
        first, _, last = str(row[0]).partition("-")
        lines = range(int(first), int(last or first) + 1)
        for number in lines:
            try:
                start, end = text.line_span(number)
            except ValueError as exc:
                raise GoldError(f"{path}: {exc}") from exc
            if len(row) >= 3:
                start = text.offset(number, int(row[1]))
            if len(row) == 4:
                end = text.offset(number, int(row[2]))
            spans.append((start, end, label))
    spans.sort()
    covered = [False] * len(text.text)
    for start, end, _ in spans:
        for i in range(start, end):
            if covered[i]:
                raise GoldError(f"{path}: offset {i} is labelled twice")
            covered[i] = True
    for i, char in enumerate(text.text):
        if not covered[i] and not char.isspace() and char != "\ufeff":
            line, col = text.position(i)
            raise GoldError(f"{path}: line {line} column {col} has no label")
    return ChromeGold(path, text_id, tuple(spans))


# --- terms --------------------------------------------------------------------

TERM_KINDS = ("exact", "variant", "folded", "fuzzy")


@dataclass(frozen=True)
class Occurrence:
    start: int  # offsets into the passage text
    end: int
    concept: str
    kind: str  # the match kind in the clean text
    term: str  # the glossary term (or abbreviation) it is an occurrence of


@dataclass(frozen=True)
class Passage:
    id: str
    text: str  # the passage itself (canonical lines joined), or a distractor set
    source: str  # text id, or "distractors"
    occurrences: tuple[Occurrence, ...]
    lines: str = ""
    has_typos: bool = False


@dataclass(frozen=True)
class TermGold:
    file: Path
    concepts: frozenset[str]
    passages: tuple[Passage, ...]
    skipped: tuple[str, ...]  # passages whose text is absent or changed, with why


def _check_kind(path: Path, where: str, surface: str, occ: Occurrence) -> None:
    from .variants import kind_of

    found = kind_of(surface, occ.term)
    if found != occ.kind:
        raise GoldError(
            f"{path}: {where}: {surface!r} is a {found} spelling of {occ.term!r}, "
            f"the gold says {occ.kind}"
        )


def load_terms(path: Path, registry: Registry, distractors: Path | None = None) -> TermGold:
    data = _load_yaml(path)
    if data.get("schema") != "normeval-terms/1":
        raise GoldError(f"{path}: schema must be normeval-terms/1")
    for key in ("made_by", "checked_by", "method", "concepts", "passages"):
        if not data.get(key):
            raise GoldError(f"{path}: `{key}` is missing")
    concepts = frozenset(data["concepts"])
    passages: list[Passage] = []
    skipped: list[str] = []
    for item in data["passages"]:
        entry = registry.get(item["text"])
        if item.get("sha256") != entry.sha256:
            raise GoldError(f"{path}: passage {item['id']}: sha256 differs from eval/texts.yaml")
        problem = entry.problem()
        if problem:
            skipped.append(f"{item['id']}: {problem}")
            continue
        text = registry.canonical(entry.id)
        first, last = (int(x) for x in str(item["lines"]).split("-"))
        base = text.line_span(first)[0]
        lines = [text.line(n) for n in range(first, last + 1)]
        if item.get("end_col") is not None:  # the passage stops inside its last line
            lines[-1] = lines[-1][: int(item["end_col"])]
        body = "\n".join(lines) + "\n"
        occurrences = []
        for row in item.get("occurrences") or ():
            line, start, end, concept, kind, term = row
            if concept not in concepts or kind not in TERM_KINDS:
                raise GoldError(f"{path}: {item['id']} line {line}: bad concept or kind")
            if not first <= line <= last:
                raise GoldError(f"{path}: {item['id']}: line {line} is outside the passage")
            a, b = text.offset(line, start) - base, text.offset(line, end) - base
            if b > len(body):
                raise GoldError(f"{path}: {item['id']} line {line}: past the passage's end")
            occ = Occurrence(a, b, concept, kind, term)
            _check_kind(path, f"{item['id']} line {line}", body[a:b], occ)
            occurrences.append(occ)
        passages.append(
            Passage(
                item["id"],
                body,
                entry.id,
                tuple(sorted(occurrences, key=lambda o: o.start)),
                lines=str(item["lines"]),
                has_typos=any(o.kind == "fuzzy" for o in occurrences),
            )
        )
    if distractors is not None:
        passages.extend(load_distractors(distractors, concepts))
    return TermGold(path, concepts, tuple(passages), tuple(skipped))


def load_distractors(path: Path, concepts: frozenset[str]) -> list[Passage]:
    """Sentences written for this evaluation: distractors (no typo) and typos."""
    data = _load_yaml(path)
    if data.get("schema") != "normeval-distractors/1":
        raise GoldError(f"{path}: schema must be normeval-distractors/1")
    for key in ("made_by", "checked_by", "method"):
        if not data.get(key):
            raise GoldError(f"{path}: `{key}` is missing")
    passages = []
    for part in ("distractors", "typos"):
        lines: list[str] = []
        occurrences: list[Occurrence] = []
        at = 0
        for number, item in enumerate(data.get(part) or (), 1):
            sentence = item["text"]
            where = f"{part} {number}"
            if "\n" in sentence:
                raise GoldError(f"{path}: {where} holds a line break")
            searched = 0
            for row in item.get("occurrences") or ():
                surface, concept, kind, term = row
                index = sentence.find(surface, searched)
                if index < 0:
                    raise GoldError(f"{path}: {where}: {surface!r} not found")
                if concept not in concepts or kind not in TERM_KINDS:
                    raise GoldError(f"{path}: {where}: bad concept or kind")
                occ = Occurrence(at + index, at + index + len(surface), concept, kind, term)
                _check_kind(path, where, surface, occ)
                occurrences.append(occ)
                searched = index + len(surface)
            lines.append(sentence)
            at += len(sentence) + 1
        passages.append(
            Passage(
                part,
                "\n".join(lines) + "\n",
                part,
                tuple(occurrences),
                has_typos=part == "typos",
            )
        )
    return passages
