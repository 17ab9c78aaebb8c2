"""What every glossary import shares: drafts, the import report, and building the Glossary.

A reader (`tbx.py`, `termtable.py`) turns its input into `DraftConcept`s and
notes in an `ImportLog` whatever it cannot map; `build_glossary` then makes
valid, unique ids, cleans the terms, resolves `broader` and `homographs` links
and reports each change. Nothing is dropped without a line in the `ImportResult`.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

import yaml

from .. import normalize
from ..errors import InputError
from ..glossary import make_glossary
from ..models import TERM_STATUSES, Concept, Glossary, Term, TermStatus

# TBX administrativeStatus values; `supersededTerm` has no place in the YAML
# format and means "do not use", so it becomes deprecated.
STATUS_TO_TBX: dict[str, str] = {
    "preferred": "preferredTerm-admn-sts",
    "admitted": "admittedTerm-admn-sts",
    "deprecated": "deprecatedTerm-admn-sts",
}
STATUS_FROM_TBX: dict[str, TermStatus] = {
    **{v.lower(): k for k, v in STATUS_TO_TBX.items()},  # type: ignore[misc]
    "supersededterm-admn-sts": "deprecated",
}
_NOT_ID = re.compile(r"[^a-z0-9]+")


# --- the import report -------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ImportIssue:
    """Something of the input that could not be mapped (or was mapped with a change)."""

    message: str
    line: int | None = None  # the first occurrence
    count: int = 1

    def to_dict(self) -> dict[str, Any]:
        return {"message": self.message, "line": self.line, "count": self.count}


@dataclass(frozen=True, slots=True)
class ImportResult:
    glossary: Glossary
    source: str
    format: str
    issues: tuple[ImportIssue, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "format": self.format,
            "concepts": len(self.glossary.concepts),
            "terms": sum(len(c.vi) + len(c.en) for c in self.glossary.concepts),
            "issues": [i.to_dict() for i in self.issues],
        }


class ImportLog:
    """Collects issues, one entry per distinct message with its first line and count."""

    def __init__(self) -> None:
        self._issues: dict[str, list[Any]] = {}

    def add(self, message: str, line: int | None = None) -> None:
        entry = self._issues.get(message)
        if entry is None:
            self._issues[message] = [line, 1]
        else:
            entry[1] += 1

    def issues(self) -> tuple[ImportIssue, ...]:
        """The issues in the order of their first line in the input."""
        found = [ImportIssue(m, line, n) for m, (line, n) in self._issues.items()]
        return tuple(sorted(found, key=lambda i: i.line or 0))


@dataclass(slots=True)
class DraftConcept:
    """A concept as read from an import, before ids and terms are checked."""

    raw_id: str
    line: int | None = None
    vi: list[Term] = field(default_factory=list)
    en: list[Term] = field(default_factory=list)
    abbr: list[str] = field(default_factory=list)
    note: str | None = None
    abbr_en: list[str] = field(default_factory=list)
    # Links to broader concepts as the input names them: an id of the input,
    # or (when the input has no id to point at) a term of the concept.
    broader: list[str] = field(default_factory=list)
    general: bool = False  # general vocabulary (TBX subjectField "general vocabulary")
    # Vietnamese phrases that hold a term of the concept but are not it.
    exclude: list[str] = field(default_factory=list)
    # Concepts that share a Vietnamese spelling with it in another sense, named
    # as `broader` links are: declared as such (a term table's `homographs`) ...
    homographs: list[str] = field(default_factory=list)
    # ... or only cross-referenced (TBX `crossReference`): a homograph where the
    # two share a Vietnamese term or a preferred English term, else a link the
    # glossary has no field for.
    cross_references: list[str] = field(default_factory=list)


def parse_status(value: str | None) -> TermStatus | None:
    """A status from its YAML or TBX spelling (`preferredTerm-admn-sts`); None if unknown."""
    value = (value or "").strip()
    if not value:
        return "preferred"
    if value in TERM_STATUSES:
        return value  # type: ignore[return-value]
    return STATUS_FROM_TBX.get(value.lower())


def language(code: str | None) -> str | None:
    """`vi`, `vi-VN` -> vi; `en`, `en-GB` -> en; anything else -> None."""
    primary = (code or "").strip().replace("_", "-").split("-")[0].lower()
    return primary if primary in ("vi", "en") else None


def clean_term(text: str) -> str:
    """NFC and single spaces; tone placement is left as written (validation flags it)."""
    return " ".join(unicodedata.normalize("NFC", text).split())


def concept_id(raw: str, fallback: str) -> str:
    """A valid concept id (`[a-z0-9][a-z0-9-]*`) from a foreign id or a term.

    An id that plain YAML would read as something else (`45`, `0x1f`, `no`,
    `null`: CAT tools number their entries) gets a `c-` prefix, so the written
    glossary reads back the same.
    """
    for candidate in (raw, fallback):
        slug = _NOT_ID.sub("-", normalize.fold(candidate).lower()).strip("-")
        if slug:
            return slug if _plain_yaml_string(slug) else f"c-{slug}"
    return "concept"


def _plain_yaml_string(value: str) -> bool:
    return yaml.safe_load(value) == value


def _strings(items: Iterable[str]) -> tuple[str, ...]:
    out: list[str] = []
    for item in items:
        text = clean_term(item)
        if text and text not in out:
            out.append(text)
    return tuple(out)


def build_glossary(drafts: Iterable[DraftConcept], log: ImportLog, *, path: str) -> Glossary:
    """Concepts from drafts: ids made valid and unique, terms cleaned, links resolved.

    Whatever is changed or left out is reported in `log`.
    """
    kept: list[tuple[DraftConcept, str, dict[str, list[Term]]]] = []
    used: set[str] = set()
    for draft in drafts:
        label = repr(draft.raw_id) if draft.raw_id else f"at line {draft.line}"
        terms: dict[str, list[Term]] = {"vi": [], "en": []}
        for lang in ("vi", "en"):
            for term in getattr(draft, lang):
                text = clean_term(term.term)
                if not text:
                    log.add("empty term skipped", draft.line)
                    continue
                if text != term.term:
                    log.add("term spacing or Unicode form normalised (NFC, one space)", draft.line)
                terms[lang].append(Term(text, term.status, term.pos))
        names = (("vi", "Vietnamese"), ("en", "English"))
        missing = [name for lang, name in names if not terms[lang]]
        if missing:
            log.add(f"concept {label} has no {' or '.join(missing)} term: not imported", draft.line)
            continue
        preferred = [t.term for t in terms["en"] if t.status == "preferred"]
        english = (preferred or [terms["en"][0].term])[0]
        cid = base = concept_id(draft.raw_id, english)
        n = 2
        while cid in used:
            cid, n = f"{base}-{n}", n + 1
        used.add(cid)
        if draft.raw_id and cid != draft.raw_id:
            log.add(f"concept id {draft.raw_id!r} imported as {cid!r}", draft.line)
        elif not draft.raw_id:
            log.add("concepts without an id: ids made from their English term", draft.line)
        kept.append((draft, cid, terms))
    if not kept:
        raise InputError("no concept could be imported", path=path)
    resolve = _link_resolver(kept)
    # What a homograph link may declare: a Vietnamese term, or a preferred English
    # term (any case), shared (as `glossary validate` reads them).
    spelled = {
        cid: {_vi_key(t.term) for t in terms["vi"]}
        | {("en", t.term.lower()) for t in terms["en"] if t.status == "preferred"}
        for _, cid, terms in kept
    }
    concepts = []
    for draft, cid, terms in kept:
        broader: list[str] = []
        for ref in draft.broader:
            target = resolve(ref)
            if target is None:
                log.add(f"broader link {ref!r} names no imported concept: left out", draft.line)
            elif target == cid:
                log.add(f"concept {cid!r} named as its own broader concept: left out", draft.line)
            elif target not in broader:
                broader.append(target)
        homographs: list[str] = []
        for ref, declared in (
            *((ref, True) for ref in draft.homographs),
            *((ref, False) for ref in draft.cross_references),
        ):
            target = resolve(ref)
            if target is None:
                what = "homograph" if declared else "crossReference"
                log.add(f"{what} link {ref!r} names no imported concept: left out", draft.line)
            elif target == cid:
                log.add(f"concept {cid!r} named as its own homograph: left out", draft.line)
            elif not declared and not spelled[cid] & spelled[target]:
                log.add(
                    "crossReference between concepts that share no Vietnamese term (nor a"
                    " preferred English term) not mapped (one that does is read as a homograph)",
                    draft.line,
                )
            elif target not in homographs:
                homographs.append(target)
        concepts.append(
            Concept(
                id=cid,
                vi=tuple(terms["vi"]),
                en=tuple(terms["en"]),
                abbr=_strings(draft.abbr),
                note=(draft.note or "").strip() or None,
                abbr_en=tuple(a for a in _strings(draft.abbr_en) if a not in draft.abbr),
                broader=tuple(broader),
                general=draft.general,
                exclude=_strings(draft.exclude),
                homographs=tuple(homographs),
            )
        )
    return make_glossary(concepts, path=path)


def _vi_key(term: str) -> str:
    """A Vietnamese term as validation compares terms across concepts."""
    return normalize.key(normalize.term(term))


def _link_resolver(
    kept: list[tuple[DraftConcept, str, dict[str, list[Term]]]],
) -> Callable[[str], str | None]:
    """Maps a link as the input wrote it to an imported concept id.

    An id of the input first (it may have been renamed on import), then an
    imported id, then a term that belongs to exactly one concept.
    """
    by_raw = {draft.raw_id: cid for draft, cid, _ in kept if draft.raw_id}
    ids = {cid for _, cid, _ in kept}
    by_term: dict[str, set[str]] = {}
    for _, cid, terms in kept:
        for term in (*terms["vi"], *terms["en"]):
            by_term.setdefault(clean_term(term.term).casefold(), set()).add(cid)

    def resolve(ref: str) -> str | None:
        ref = ref.strip()
        if ref in by_raw:
            return by_raw[ref]
        if ref in ids:
            return ref
        found = by_term.get(clean_term(ref).casefold(), set())
        return next(iter(found)) if len(found) == 1 else None

    return resolve
