"""The frozen dataclasses that flow between pipeline stages.

Each stage takes and returns these, never dicts of unknown shape. Records that
are written to disk have `to_dict`/`from_dict` with a fixed key order, so the
same inputs serialise to the same bytes.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal, Protocol, TypeVar

# Re-exported for the modules that made their classes with it from here (check,
# formats.bilingual); it lives in the speed wing now.
from .accel.slots import slot_init as slot_init
from .errors import NormcorpusError

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
    """A term; `pos`, when given, its part of speech (TBX `partOfSpeech`): a
    concept's noun and its adjective (`State`, `national`) are not two choices."""

    term: str
    status: TermStatus = "preferred"
    pos: str | None = None

    def to_dict(self) -> dict[str, Any]:
        if self.pos:
            return {"term": self.term, "status": self.status, "pos": self.pos}
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
    has `broader: (sovereignty,)`. `general` marks general vocabulary (`ensure`,
    `implement`): aligned and searched like any concept, but translators rightly
    paraphrase it, so `check` asks no rendering of it. `exclude` lists longer
    Vietnamese words and phrases that hold one of its terms but are not the
    concept (`hợp tác xã`, a cooperative, for `hợp tác`): the aligner drops a
    match of the concept that lies inside one. `homographs` lists the ids of
    concepts that share a Vietnamese spelling with this one in another sense
    (`encryption` has `homographs: (encoding,)`: `mã hóa` is both); one concept
    naming the other declares the share, which validation otherwise reports.
    """

    id: str
    vi: tuple[Term, ...]
    en: tuple[Term, ...]
    abbr: tuple[str, ...] = ()
    note: str | None = None
    abbr_en: tuple[str, ...] = ()
    broader: tuple[str, ...] = ()
    general: bool = False
    exclude: tuple[str, ...] = ()
    homographs: tuple[str, ...] = ()

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
        if self.general:
            out["general"] = True
        if self.exclude:
            out["exclude"] = list(self.exclude)
        if self.homographs:
            out["homographs"] = list(self.homographs)
        if self.note:
            out["note"] = self.note
        return out

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Concept:
        """The inverse of `to_dict` (for caches of already validated glossaries)."""
        return cls(
            id=data["id"],
            vi=tuple(Term(t["term"], t["status"], t.get("pos")) for t in data["vi"]),
            en=tuple(Term(t["term"], t["status"], t.get("pos")) for t in data["en"]),
            abbr=tuple(data.get("abbr") or ()),
            note=data.get("note"),
            abbr_en=tuple(data.get("abbr_en") or ()),
            broader=tuple(data.get("broader") or ()),
            general=bool(data.get("general")),
            exclude=tuple(data.get("exclude") or ()),
            homographs=tuple(data.get("homographs") or ()),
        )


def concepts_digest(concepts: Sequence[Concept]) -> str:
    """sha256 of the concepts' canonical JSON (`Glossary.digest`)."""
    canonical = json.dumps([c.to_dict() for c in concepts], ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(canonical.encode()).hexdigest()


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

    def by_id(self) -> Mapping[str, Concept]:
        lazy = getattr(self.concepts, "by_id", None)  # from a cache: glossarycache.LazyConcepts
        return lazy() if lazy is not None else {c.id: c for c in self.concepts}

    def general_ids(self) -> frozenset[str]:
        """The ids of the concepts of general vocabulary (`Concept.general`)."""
        lazy = getattr(self.concepts, "general_ids", None)
        if lazy is not None:
            return lazy()  # type: ignore[no-any-return]
        return frozenset(c.id for c in self.concepts if c.general)

    def english_terms(self) -> frozenset[str]:
        """Every English term of every concept (`Concept.en`), as written."""
        lazy = getattr(self.concepts, "english_terms", None)
        if lazy is not None:
            return lazy()  # type: ignore[no-any-return]
        return frozenset(t.term for c in self.concepts for t in c.en)

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
class ChromeSpan:
    """Text of a page that is not the statement, and the rule that said so.

    `kind` is the rule's stable id (`headline`, `date-line`, `related-list`,
    `caption`, `outside-quotation`, ...); offsets point into Document.text.
    """

    start: int
    end: int
    kind: str

    def to_list(self) -> list[Any]:
        return [self.start, self.end, self.kind]


@dataclass(frozen=True, slots=True)
class PublishedTranslation:
    """`translation:` of a statement's meta file: its published English version.

    The English text is `file` beside the statement (`<doc>.en.txt` when the
    entry names none); `shipped: false` says the corpus cannot carry it (its
    licence), and the note says where to get it.
    """

    file: str | None = None
    shipped: bool = True
    official: bool | None = None
    publisher: str | None = None
    url: str | None = None
    date: str | None = None  # ISO yyyy-mm-dd
    title: str | None = None
    note: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "file": self.file,
            "shipped": self.shipped,
            "official": self.official,
            "publisher": self.publisher,
            "url": self.url,
            "date": self.date,
            "title": self.title,
            "note": self.note,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> PublishedTranslation:
        official = data.get("official")
        return cls(
            file=data.get("file"),
            shipped=bool(data.get("shipped", True)),
            official=None if official is None else bool(official),
            publisher=data.get("publisher"),
            url=data.get("url"),
            date=data.get("date"),
            title=data.get("title"),
            note=data.get("note"),
        )


@dataclass(frozen=True, slots=True)
class DocumentMeta:
    """What is known about a statement besides its text.

    From `<doc>.meta.yaml` (titles, date, place, parties, kind, source), and
    from reading the file: its original name, the encoding it was decoded
    with, and the chrome spans that are not part of the statement.
    """

    title_vi: str | None = None
    title_en: str | None = None
    date: str | None = None  # ISO yyyy-mm-dd
    place: str | None = None
    parties: tuple[str, ...] = ()
    kind: str | None = None
    outlet: str | None = None
    published: str | None = None
    file_name: str | None = None  # the statement file's own name (ids are made from it)
    encoding: str | None = None  # the codec its bytes were decoded with
    chrome: tuple[ChromeSpan, ...] = ()
    translation: PublishedTranslation | None = None  # `translation:` of the meta file

    def to_dict(self) -> dict[str, Any]:
        out = {
            "title_vi": self.title_vi,
            "title_en": self.title_en,
            "date": self.date,
            "place": self.place,
            "parties": list(self.parties),
            "kind": self.kind,
            "outlet": self.outlet,
            "published": self.published,
            "file_name": self.file_name,
            "encoding": self.encoding,
            "chrome": [span.to_list() for span in self.chrome],
        }
        if self.translation is not None:  # (absent rather than null: older indexes agree)
            out["translation"] = self.translation.to_dict()
        return out

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> DocumentMeta:
        translation = data.get("translation")
        return cls(
            title_vi=data.get("title_vi"),
            title_en=data.get("title_en"),
            date=data.get("date"),
            place=data.get("place"),
            parties=tuple(data.get("parties") or ()),
            kind=data.get("kind"),
            outlet=data.get("outlet"),
            published=data.get("published"),
            file_name=data.get("file_name"),
            encoding=data.get("encoding"),
            chrome=tuple(ChromeSpan(*span) for span in data.get("chrome") or ()),
            translation=None
            if not isinstance(translation, dict)
            else PublishedTranslation.from_dict(translation),
        )


@dataclass(frozen=True, slots=True)
class Notice:
    """Something reading a file found that the user should hear of (not an error).

    `id` is stable and kebab-case (`encoding-detected`, `encoding-implausible`,
    `chrome-exceeds-body`, `not-a-regular-file`, `subfolder-not-read`); `warning` is False
    for notes.
    """

    id: str
    message: str
    warning: bool = True


@dataclass(frozen=True, slots=True)
class Span:
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Document:
    """A decoded, normalised statement.

    `text` is the whole normalised document (chrome included): every offset in
    the records points into it. `paragraphs` are the spans of `text` that hold
    the statement itself, in order (paragraphs 1, 2, ...); `title` is the span
    of a plain text's title line (paragraph 0), when it has one. Every other
    character is whitespace or lies in a chrome span (`meta.chrome`).
    """

    id: str
    path: str
    text: str
    paragraphs: tuple[Span, ...]
    meta: DocumentMeta
    source_sha256: str
    notices: tuple[Notice, ...] = ()
    title: Span | None = None

    @property
    def chrome(self) -> tuple[ChromeSpan, ...]:
        return self.meta.chrome


# --- segments and alignments ------------------------------------------------


@slot_init  # a search reads a record's matches for each hit
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
    # quốc gia`), or crosses (`viễn thông công ích` in `hoạt động viễn thông công
    # ích`, whose `hoạt động viễn thông` was chosen); None for a match that is
    # neither. Matches with None never overlap.
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
        # Field by field, positionally: a search reads a record's matches for each hit.
        return cls(
            data["concept"],
            data["term"],
            data["surface"],
            data["en"],
            data["start"],
            data["end"],
            data["match"],
            data["score"],
            data.get("within"),
        )


# What a paragraph of a legal text is when it is not body text (structure.py):
# the masthead (issuer, national title, number, date, type and title), a
# heading, a parenthesised source note of an article (a codification's source,
# an amendment), another parenthesised note, the name of an attached file, the
# closing (adoption) formula, or the signature block.
UNIT_KINDS: tuple[str, ...] = (
    "header",
    "heading",
    "source-note",
    "note",
    "attachment",
    "closing",
    "signature",
)


@slot_init  # one a record read
@dataclass(frozen=True, slots=True)
class Structure:
    chapter: str | None = None
    section: str | None = None
    article: str | None = None
    clause: str | None = None
    point: str | None = None
    kind: str | None = None  # one of UNIT_KINDS; None for body text

    def to_dict(self) -> dict[str, str]:
        out = {k: v for k in STRUCTURE_LEVELS if (v := getattr(self, k)) is not None}
        if self.kind is not None:
            out["kind"] = self.kind
        return out

    def citation(self, *, outer: bool = False) -> str:
        """Where the clause stands, as a Vietnamese lawyer cites it, smallest unit first
        (`điểm a khoản 8 Điều 52`); outside an article its section and chapter (a
        chapter's title: `Chương III`); '' for a statement's text. `outer`: an
        article's section and chapter after it (`Điều 52 (Mục 1, Chương II)`)."""
        if self.article is None:
            return self._cited(_CITED_OUTSIDE, " ")
        around = self._cited(_CITED_OUTSIDE, ", ") if outer else ""
        cited = self._cited(_CITED, " ")
        return f"{cited} ({around})" if around else cited

    def _cited(self, levels: tuple[tuple[str, str], ...], between: str) -> str:
        return between.join(
            f"{word} {value}" for key, word in levels if (value := getattr(self, key))
        )

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Structure:
        if not data and cls is Structure:  # body text of an unstructured statement
            return _NO_STRUCTURE
        get = data.get  # the fields in order: STRUCTURE_LEVELS, then kind
        return cls(
            get("chapter"), get("section"), get("article"), get("clause"), get("point"), get("kind")
        )


_NO_STRUCTURE = Structure()  # immutable: every record without structure may share it
_CITED = (("point", "điểm"), ("clause", "khoản"), ("article", "Điều"))
_CITED_OUTSIDE = (("section", "Mục"), ("chapter", "Chương"))


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
class PublishedBead:
    """A bead of a statement's published English aligned with its clauses: one line of
    `records/<doc>.en.jsonl` (apart from the clause records, see docs/decisions.md).

    `vi_ids` are the corpus's clause ids (none for English the Vietnamese lacks,
    a 0-1 bead); `en` is empty for Vietnamese the English lacks (1-0).
    `en_spans` are offsets into the English file's normalised text.
    """

    doc: str
    bead: int  # 1-based, in text order
    type: str  # 1-1, 2-1, 1-2, ..., 1-0, 0-1
    confidence: float
    vi_ids: tuple[str, ...]
    en: str
    en_spans: tuple[tuple[int, int], ...] = ()
    en_lines: tuple[int, ...] = ()

    @property
    def is_gap(self) -> bool:
        return not self.vi_ids or not self.en_spans

    def to_dict(self) -> dict[str, Any]:
        return {
            "doc": self.doc,
            "bead": self.bead,
            "type": self.type,
            "confidence": self.confidence,
            "vi_ids": list(self.vi_ids),
            "en": self.en,
            "en_spans": [list(span) for span in self.en_spans],
            "en_lines": list(self.en_lines),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> PublishedBead:
        return cls(
            doc=data["doc"],
            bead=int(data["bead"]),
            type=data["type"],
            confidence=float(data["confidence"]),
            vi_ids=tuple(data.get("vi_ids") or ()),
            en=data.get("en") or "",
            en_spans=tuple((int(a), int(b)) for a, b in data.get("en_spans") or ()),
            en_lines=tuple(int(n) for n in data.get("en_lines") or ()),
        )


@slot_init  # a search reads twenty or so records
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


# --- problems, findings and the rules that report them ------------------------

# Exit-code thresholds: fail on findings of this severity or worse; `never` never fails.
FAIL_ON: tuple[str, ...] = ("error", "warning", "never")
_SEVERITY_RANK = {"error": 0, "warning": 1, "info": 2}
_RULE_ID = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


@dataclass(frozen=True, slots=True)
class Rule:
    """A rule as its users see it: a stable kebab-case id, a default severity, one line of doc.

    Glossary validation lists its rules as these. A check rule (`check.model.Rule`)
    is a class with the same three attributes plus hooks. Both registries are
    `dict[id, rule]` made by `rule_registry`.
    """

    id: str
    severity: Severity
    doc: str


class RuleInfo(Protocol):
    """What every registered rule has (a `Rule`, or a check rule class)."""

    id: str
    severity: Severity
    doc: str


_R = TypeVar("_R", bound=RuleInfo)


def rule_registry(*rules: _R) -> dict[str, _R]:
    """id -> rule, in the order given; ids must be kebab-case and unique."""
    registry: dict[str, _R] = {}
    for rule in rules:
        if not _RULE_ID.fullmatch(rule.id) or rule.severity not in SEVERITIES:
            raise ValueError(f"bad rule {rule.id!r} ({rule.severity!r})")
        if rule.id in registry:
            raise ValueError(f"rule {rule.id!r} registered twice")
        registry[rule.id] = rule
    return registry


@dataclass(frozen=True, slots=True)
class Rendering:
    """How often one term renders a concept across a file, and where."""

    term: str
    count: int
    segments: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        return {"term": self.term, "count": self.count, "segments": list(self.segments)}


# The keys each kind of report writes, in order: glossary validation locates a
# problem by file, line and column; a check finding by segment, file and line,
# and carries what it expected and found.
PROBLEM_KEYS: tuple[str, ...] = ("rule", "severity", "message", "file", "line", "column")
FINDING_KEYS: tuple[str, ...] = (
    "segment",
    "rule",
    "severity",
    "concept",
    "expected",
    "found",
    "message",
    "file",
    "line",
    "renderings",
)


@slot_init  # a check makes a finding or so a segment
@dataclass(frozen=True, slots=True)
class Problem:
    """One glossary-validation problem or check finding: the one model of both.

    What: `rule` (a stable kebab-case id), `severity`, `message`. Where, as
    precisely as known: `file`, `line`, `column`, `segment` (a check's segment
    id). Data a rule adds: the `concept`, what was `expected` and `found`, and
    for `term-inconsistent` each `rendering`.
    """

    rule: str
    severity: Severity
    message: str
    file: str | None = None
    line: int | None = None
    column: int | None = None
    segment: str | None = None
    concept: str | None = None
    expected: str | None = None
    found: str | None = None
    renderings: tuple[Rendering, ...] = ()

    def to_dict(self, keys: Sequence[str] | None = None) -> dict[str, Any]:
        """The problem as JSON-ready data: `keys` in order, by default those of
        its kind of report (FINDING_KEYS for a check finding, which has a
        segment; PROBLEM_KEYS for a validation problem)."""
        if keys is None:
            keys = FINDING_KEYS if self.segment is not None else PROBLEM_KEYS
        out = {key: getattr(self, key) for key in keys}
        if "renderings" in out:
            out["renderings"] = [r.to_dict() for r in self.renderings]
        return out


@dataclass(frozen=True, slots=True)
class Report:
    """Problems (or findings) of one run, in report order."""

    problems: tuple[Problem, ...] = ()

    def count(self, severity: str) -> int:
        return sum(1 for p in self.problems if p.severity == severity)

    def counts(self) -> dict[str, int]:
        return {s: self.count(s) for s in SEVERITIES}

    @property
    def ok(self) -> bool:
        return not self.problems

    def failed(self, fail_on: str = "error") -> bool:
        """True when a problem reaches `fail_on` (error|warning|never)."""
        if fail_on not in FAIL_ON:
            raise NormcorpusError(
                f"unknown --fail-on {fail_on!r} (choose from {', '.join(FAIL_ON)})"
            )
        if fail_on == "never":
            return False
        limit = _SEVERITY_RANK[fail_on]
        return any(_SEVERITY_RANK[p.severity] <= limit for p in self.problems)

    def to_dict(self) -> dict[str, Any]:
        return {
            "problems": [p.to_dict() for p in self.problems],
            "counts": self.counts(),
        }
