"""The frozen dataclasses that flow between pipeline stages.

Each stage takes and returns these, never dicts of unknown shape. Records that
are written to disk have `to_dict`/`from_dict` with a fixed key order, so the
same inputs serialise to the same bytes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

# Re-exported for the modules that made their classes with it from here (check,
# formats.bilingual); it lives in the speed wing now.
from .accel.slots import slot_init as slot_init

TermStatus = Literal["preferred", "admitted", "deprecated"]
TERM_STATUSES: tuple[str, ...] = ("preferred", "admitted", "deprecated")

MatchKind = Literal["exact", "variant", "folded", "fuzzy"]
MATCH_KINDS: tuple[str, ...] = ("exact", "variant", "folded", "fuzzy")

Severity = Literal["error", "warning", "info"]
SEVERITIES: tuple[str, ...] = ("error", "warning", "info")

# Levels of a legal text's structure, outermost first. `clause` is the Vietnamese
# `khoản` (a numbered paragraph of an article), `point` is `điểm` (a lettered item).
STRUCTURE_LEVELS: tuple[str, ...] = ("chapter", "section", "article", "clause", "point")


# --- glossary ---------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Term:
    term: str
    status: TermStatus = "preferred"

    def to_dict(self) -> dict[str, Any]:
        return {"term": self.term, "status": self.status}


@dataclass(frozen=True, slots=True)
class Concept:
    id: str
    vi: tuple[Term, ...]
    en: tuple[Term, ...]
    abbr: tuple[str, ...] = ()
    note: str | None = None

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

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "id": self.id,
            "vi": [t.to_dict() for t in self.vi],
            "en": [t.to_dict() for t in self.en],
            "abbr": list(self.abbr),
        }
        if self.note:
            out["note"] = self.note
        return out


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
    # The concept of the match this one is nested in (`chủ quyền` in `chủ quyền
    # quốc gia`); None for a match nested in none. Matches with None never overlap.
    within: str | None = None

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "concept": self.concept,
            "term": self.term,
            "surface": self.surface,
            "en": self.en,
            "start": self.start,
            "end": self.end,
            "match": self.match,
            "score": self.score,
        }
        if self.within is not None:
            out["within"] = self.within
        return out

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> TermMatch:
        return cls(**{k: data.get(k) if k == "within" else data[k] for k in cls.__slots__})


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
