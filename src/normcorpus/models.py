"""The frozen dataclasses that flow between pipeline stages.

Each stage takes and returns these, never dicts of unknown shape. Records that
are written to disk have `to_dict`/`from_dict` with a fixed key order, so the
same inputs serialise to the same bytes.
"""

from __future__ import annotations

from dataclasses import MISSING, dataclass, field, fields
from typing import Any, Literal, TypeVar

TermStatus = Literal["preferred", "admitted", "deprecated"]
TERM_STATUSES: tuple[str, ...] = ("preferred", "admitted", "deprecated")

MatchKind = Literal["exact", "variant", "folded", "fuzzy"]
MATCH_KINDS: tuple[str, ...] = ("exact", "variant", "folded", "fuzzy")

Severity = Literal["error", "warning", "info"]
SEVERITIES: tuple[str, ...] = ("error", "warning", "info")

# Levels of a legal text's structure, outermost first. `clause` is the Vietnamese
# `khoản` (a numbered paragraph of an article), `point` is `điểm` (a lettered item).
STRUCTURE_LEVELS: tuple[str, ...] = ("chapter", "section", "article", "clause", "point")


_Frozen = TypeVar("_Frozen", bound=type)


def slot_init(cls: _Frozen) -> _Frozen:
    """Give a frozen, slotted dataclass an __init__ that sets each slot through its descriptor.

    Same signature and result as the dataclass's own, which sets each field
    with `object.__setattr__` by name: three times slower, and the checker
    makes a pair and a finding or so a segment. Apply above `@dataclass`.
    """
    params, body = [], []
    scope: dict[str, Any] = {}
    for f in fields(cls):
        if f.default_factory is not MISSING:
            raise TypeError(f"{cls.__name__}.{f.name}: slot_init takes no default_factory")
        scope[f"_set_{f.name}"] = getattr(cls, f.name).__set__
        if f.default is MISSING:
            params.append(f.name)
        else:
            scope[f"_default_{f.name}"] = f.default
            params.append(f"{f.name}=_default_{f.name}")
        body.append(f"    _set_{f.name}(self, {f.name})")
    source = f"def __init__(self, {', '.join(params)}):\n" + "\n".join(body or ["    pass"])
    exec(source, scope)  # the code is made here, from the class's own field names
    init = scope["__init__"]
    init.__qualname__ = f"{cls.__qualname__}.__init__"
    init.__doc__ = cls.__init__.__doc__
    init.__annotations__ = {**{f.name: f.type for f in fields(cls)}, "return": None}
    cls.__init__ = init  # type: ignore[misc]
    return cls


# --- glossary ---------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Term:
    term: str
    status: TermStatus = "preferred"

    def to_dict(self) -> dict[str, Any]:
        return {"term": self.term, "status": self.status}


@dataclass(frozen=True, slots=True)
class Concept:
    """A glossary concept.

    `abbr` holds abbreviations written the same in either language (`ASEAN`,
    `ICT`, or the Vietnamese `CNTT`): the aligner finds them in the statements
    and English checks accept them. `abbr_en` holds English-only abbreviations
    (`IT`, `TSP`): admitted English renderings, never looked for in Vietnamese
    text. Both are matched case-sensitively. `broader` lists the ids of the
    concepts this one is a kind of (TBX `broaderConceptGeneric`): `state-sovereignty`
    has `broader: (sovereignty,)`.
    """

    id: str
    vi: tuple[Term, ...]
    en: tuple[Term, ...]
    abbr: tuple[str, ...] = ()
    note: str | None = None
    abbr_en: tuple[str, ...] = ()
    broader: tuple[str, ...] = ()

    @property
    def preferred_en(self) -> str:
        """The approved English rendering (the first preferred, else the first listed)."""
        for term in self.en:
            if term.status == "preferred":
                return term.term
        return self.en[0].term if self.en else ""

    @property
    def preferred_vi(self) -> str:
        for term in self.vi:
            if term.status == "preferred":
                return term.term
        return self.vi[0].term if self.vi else ""

    def allowed_en(self) -> tuple[str, ...]:
        return tuple(t.term for t in self.en if t.status != "deprecated")

    def deprecated_en(self) -> tuple[str, ...]:
        return tuple(t.term for t in self.en if t.status == "deprecated")

    def en_abbreviations(self) -> tuple[str, ...]:
        """Every abbreviation an English text may use for the concept: `abbr`, then `abbr_en`."""
        return tuple(dict.fromkeys((*self.abbr, *self.abbr_en)))

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "id": self.id,
            "vi": [t.to_dict() for t in self.vi],
            "en": [t.to_dict() for t in self.en],
            "abbr": list(self.abbr),
        }
        # Written only when present, so that a glossary without them keeps its digest.
        if self.abbr_en:
            out["abbr_en"] = list(self.abbr_en)
        if self.broader:
            out["broader"] = list(self.broader)
        if self.note:
            out["note"] = self.note
        return out

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Concept:
        """The inverse of `to_dict` (for caches of already validated glossaries)."""
        return cls(
            id=data["id"],
            vi=tuple(Term(t["term"], t["status"]) for t in data["vi"]),
            en=tuple(Term(t["term"], t["status"]) for t in data["en"]),
            abbr=tuple(data.get("abbr") or ()),
            note=data.get("note"),
            abbr_en=tuple(data.get("abbr_en") or ()),
            broader=tuple(data.get("broader") or ()),
        )


@dataclass(frozen=True, slots=True)
class Glossary:
    concepts: tuple[Concept, ...]
    source: str = "vi"
    target: str = "en"
    path: str | None = None
    # sha256 of the concepts' canonical JSON: what incremental ingest compares.
    digest: str = ""

    def concept(self, concept_id: str) -> Concept | None:
        for concept in self.concepts:
            if concept.id == concept_id:
                return concept
        return None

    def by_id(self) -> dict[str, Concept]:
        return {c.id: c for c in self.concepts}

    def narrower(self, concept_id: str) -> tuple[str, ...]:
        """The ids of every concept below `concept_id` through `broader` links, at any depth.

        In glossary order, without `concept_id` itself; empty for an unknown id.
        Safe on a glossary with a cycle of links (validation reports those).
        """
        below: dict[str, list[str]] = {}
        for concept in self.concepts:
            for parent in concept.broader:
                below.setdefault(parent, []).append(concept.id)
        found: set[str] = set()
        todo = [concept_id]
        while todo:
            for child in below.get(todo.pop(), ()):
                if child not in found and child != concept_id:
                    found.add(child)
                    todo.append(child)
        return tuple(c.id for c in self.concepts if c.id in found)

    def with_narrower(self, concept_id: str) -> tuple[str, ...]:
        """`concept_id` and every concept below it: what a search by concept should match."""
        return (concept_id, *self.narrower(concept_id))


# --- documents --------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class DocumentMeta:
    """What is known about a statement besides its text (from `<doc>.meta.yaml`)."""

    title_vi: str | None = None
    title_en: str | None = None
    date: str | None = None  # ISO yyyy-mm-dd
    place: str | None = None
    parties: tuple[str, ...] = ()
    kind: str | None = None
    outlet: str | None = None
    published: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "title_vi": self.title_vi,
            "title_en": self.title_en,
            "date": self.date,
            "place": self.place,
            "parties": list(self.parties),
            "kind": self.kind,
            "outlet": self.outlet,
            "published": self.published,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> DocumentMeta:
        return cls(
            title_vi=data.get("title_vi"),
            title_en=data.get("title_en"),
            date=data.get("date"),
            place=data.get("place"),
            parties=tuple(data.get("parties") or ()),
            kind=data.get("kind"),
            outlet=data.get("outlet"),
            published=data.get("published"),
        )


@dataclass(frozen=True, slots=True)
class Span:
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Document:
    """A decoded, normalised statement.

    `text` is the whole normalised document (chrome included): every offset in
    the records points into it. `paragraphs` are the spans of `text` that hold
    the statement itself, in order; everything outside them is chrome.
    """

    id: str
    path: str
    text: str
    paragraphs: tuple[Span, ...]
    meta: DocumentMeta
    source_sha256: str


# --- segments and alignments ------------------------------------------------


@dataclass(frozen=True, slots=True)
class TermMatch:
    concept: str
    term: str  # the glossary term that matched
    surface: str  # the clause text it matched: clause.text[start:end]
    en: str  # the concept's preferred English term
    start: int  # offsets into the clause text
    end: int
    match: MatchKind
    score: float

    def to_dict(self) -> dict[str, Any]:
        return {
            "concept": self.concept,
            "term": self.term,
            "surface": self.surface,
            "en": self.en,
            "start": self.start,
            "end": self.end,
            "match": self.match,
            "score": self.score,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> TermMatch:
        return cls(**{k: data[k] for k in cls.__slots__})


@dataclass(frozen=True, slots=True)
class Structure:
    chapter: str | None = None
    section: str | None = None
    article: str | None = None
    clause: str | None = None
    point: str | None = None

    def to_dict(self) -> dict[str, str]:
        return {k: v for k in STRUCTURE_LEVELS if (v := getattr(self, k)) is not None}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Structure:
        return cls(**{k: data.get(k) for k in STRUCTURE_LEVELS})


@dataclass(frozen=True, slots=True)
class Clause:
    """One clause of a segmented document, before alignment."""

    id: str
    doc: str
    para: int
    sent: int
    clause: int
    text: str
    start: int  # offsets into Document.text
    end: int
    words: tuple[str, ...]
    structure: Structure = field(default_factory=Structure)


RECORD_SCHEMA_VERSION = "normcorpus-record/1"


@dataclass(frozen=True, slots=True)
class ClauseRecord:
    """A clause with its alignments: one line of `records/<doc>.jsonl`."""

    id: str
    doc: str
    para: int
    sent: int
    clause: int
    text: str
    start: int
    end: int
    words: tuple[str, ...]
    structure: Structure
    hash: str
    terms: tuple[TermMatch, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "doc": self.doc,
            "para": self.para,
            "sent": self.sent,
            "clause": self.clause,
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "words": list(self.words),
            "structure": self.structure.to_dict(),
            "hash": self.hash,
            "terms": [t.to_dict() for t in self.terms],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ClauseRecord:
        return cls(
            id=data["id"],
            doc=data["doc"],
            para=data["para"],
            sent=data["sent"],
            clause=data["clause"],
            text=data["text"],
            start=data["start"],
            end=data["end"],
            words=tuple(data["words"]),
            structure=Structure.from_dict(data.get("structure") or {}),
            hash=data["hash"],
            terms=tuple(TermMatch.from_dict(t) for t in data["terms"]),
        )

    def to_clause(self) -> Clause:
        return Clause(
            id=self.id,
            doc=self.doc,
            para=self.para,
            sent=self.sent,
            clause=self.clause,
            text=self.text,
            start=self.start,
            end=self.end,
            words=self.words,
            structure=self.structure,
        )


# --- reports ----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Problem:
    """One validation problem or check finding, located as precisely as known."""

    rule: str  # stable kebab-case id
    severity: Severity
    message: str
    file: str | None = None
    line: int | None = None
    column: int | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "rule": self.rule,
            "severity": self.severity,
            "message": self.message,
            "file": self.file,
            "line": self.line,
            "column": self.column,
        }


@dataclass(frozen=True, slots=True)
class Report:
    problems: tuple[Problem, ...] = ()

    def count(self, severity: str) -> int:
        return sum(1 for p in self.problems if p.severity == severity)

    @property
    def ok(self) -> bool:
        return not self.problems

    def to_dict(self) -> dict[str, Any]:
        return {
            "problems": [p.to_dict() for p in self.problems],
            "counts": {s: self.count(s) for s in SEVERITIES},
        }
