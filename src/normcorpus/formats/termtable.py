"""Glossary exchange: term tables (CSV, TSV, JSON), and the import/export entry points.

`export_glossary(glossary, fmt)` and `import_glossary(path, fmt=)` dispatch to
this module and to `tbx.py`. Every import returns an `ImportResult`: the
glossary plus the report of what could not be mapped; nothing is dropped
without a line in that report.

The term-table layout is long, one row per term, so that a spreadsheet can
sort and filter it:

    concept,lang,term,status,abbr,note
    cybersecurity,vi,an ninh mạng,preferred,,"…"
    cybersecurity,en,cybersecurity,preferred,,"…"

`lang` is `vi` or `en`; `status` is preferred|admitted|deprecated (TBX forms
such as `deprecatedTerm-admn-sts` are read too, `supersededTerm-admn-sts` as
deprecated; empty means preferred). `abbr` (abbreviations separated by `; `)
and `note` belong to the concept and are repeated on each of its rows; on
import the first non-empty value counts, and rows with a blank `concept`
continue the concept above. A concept's rows need not be adjacent; concepts
keep the order of their first row. Export then import gives back the same
glossary.
"""

from __future__ import annotations

import csv
import io
import json
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .. import normalize
from ..errors import InputError
from ..fileio import FORMATS, check_format, decode_utf8
from ..glossary import from_data, make_glossary, to_data
from ..models import TERM_STATUSES, Concept, Glossary, Term, TermStatus

EXPORT_FORMATS: tuple[str, ...] = FORMATS["glossary-export"]
IMPORT_FORMATS: tuple[str, ...] = FORMATS["glossary-import"]
COLUMNS: tuple[str, ...] = ("concept", "lang", "term", "status", "abbr", "note")
REQUIRED_COLUMNS: tuple[str, ...] = ("concept", "lang", "term")
ABBR_SEPARATOR = "; "

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
_SUFFIX_FORMATS = {
    ".tbx": "tbx",
    ".xml": "tbx",
    ".csv": "csv",
    ".tsv": "tsv",
    ".tab": "tsv",
    ".json": "json",
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


def build_glossary(drafts: Iterable[DraftConcept], log: ImportLog, *, path: str) -> Glossary:
    """Concepts from drafts: ids made valid and unique, terms cleaned, unusable ones reported."""
    concepts: list[Concept] = []
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
                terms[lang].append(Term(text, term.status))
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
            log.add(f"concept without an id imported as {cid!r}", draft.line)
        abbr: list[str] = []
        for item in draft.abbr:
            text = clean_term(item)
            if text and text not in abbr:
                abbr.append(text)
        concepts.append(
            Concept(
                id=cid,
                vi=tuple(terms["vi"]),
                en=tuple(terms["en"]),
                abbr=tuple(abbr),
                note=(draft.note or "").strip() or None,
            )
        )
    if not concepts:
        raise InputError("no concept could be imported", path=path)
    return make_glossary(concepts, path=path)


# --- term tables ---------------------------------------------------------------


def rows(glossary: Glossary) -> list[dict[str, str]]:
    """One row per term, in the layout of the module docstring."""
    out = []
    for concept in glossary.concepts:
        abbr = ABBR_SEPARATOR.join(concept.abbr)
        for lang in ("vi", "en"):
            for term in getattr(concept, lang):
                out.append(
                    {
                        "concept": concept.id,
                        "lang": lang,
                        "term": term.term,
                        "status": term.status,
                        "abbr": abbr,
                        "note": concept.note or "",
                    }
                )
    return out


def export_table(glossary: Glossary, *, delimiter: str = ",") -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS, delimiter=delimiter, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows(glossary))
    return buffer.getvalue()


def export_json(glossary: Glossary) -> str:
    return json.dumps(to_data(glossary), ensure_ascii=False, indent=2) + "\n"


def _decode(data: bytes, *, name: str) -> str:
    return decode_utf8(data, name=name, what="term table", nul_scan=4096)


def import_table(data: bytes, *, name: str, delimiter: str = ",") -> ImportResult:
    """A glossary from a CSV/TSV term table (layout in the module docstring)."""
    text = _decode(data, name=name)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    header = next(reader, None)
    header = [h.strip().lower() for h in header] if header else []
    missing = [c for c in REQUIRED_COLUMNS if c not in header]
    if missing:
        kind = "CSV" if delimiter == "," else "TSV"
        raise InputError(
            f"not a {kind} term table: needs the columns {', '.join(COLUMNS)}"
            f" (missing {', '.join(missing)})",
            path=name,
            line=1,
        )
    log = ImportLog()
    for column in header:
        if column not in COLUMNS:
            log.add(f"column {column!r} not mapped", 1)
    drafts: dict[str, DraftConcept] = {}
    current: DraftConcept | None = None
    for row in reader:
        line = reader.line_num
        if not any(cell.strip() for cell in row):
            continue
        cells = dict(zip(header, row, strict=False))
        raw_id = (cells.get("concept") or "").strip()
        if raw_id:
            current = drafts.setdefault(raw_id, DraftConcept(raw_id, line))
        elif current is None:
            log.add("row without a concept skipped", line)
            continue
        lang_code = cells.get("lang", "")
        lang = language(lang_code)
        if lang is None:
            log.add(f"rows with language {lang_code.strip()!r} skipped (only vi and en)", line)
            continue
        status = parse_status(cells.get("status"))
        if status is None:
            log.add(f"unknown status {cells['status'].strip()!r}: imported as admitted", line)
            status = "admitted"
        getattr(current, lang).append(Term(cells.get("term", ""), status))
        _concept_field(current, "note", (cells.get("note") or "").strip(), log, line)
        abbr = [a.strip() for a in (cells.get("abbr") or "").split(";") if a.strip()]
        if abbr and current.abbr and abbr != current.abbr:
            log.add(f"concept {current.raw_id!r}: differing 'abbr' values; kept the first", line)
        elif abbr:
            current.abbr = abbr
    glossary = build_glossary(drafts.values(), log, path=name)
    return ImportResult(glossary, name, "csv" if delimiter == "," else "tsv", log.issues())


def _concept_field(draft: DraftConcept, name: str, value: str, log: ImportLog, line: int) -> None:
    if not value:
        return
    current = getattr(draft, name)
    if current and current != value:
        log.add(f"concept {draft.raw_id!r}: differing {name!r} values; kept the first", line)
    elif not current:
        setattr(draft, name, value)


def import_json(data: bytes, *, name: str) -> ImportResult:
    """A glossary from its JSON form (what `export --format json` writes)."""
    try:
        parsed = json.loads(_decode(data, name=name))
    except json.JSONDecodeError as exc:
        raise InputError(f"not JSON: {exc.msg}", path=name, line=exc.lineno) from None
    return ImportResult(from_data(parsed, path=name), name, "json")


# --- dispatch -------------------------------------------------------------------


def export_glossary(glossary: Glossary, fmt: str) -> bytes:
    """The glossary in an exchange format, as the bytes of a file."""
    if fmt == "tbx":
        from .tbx import export_tbx

        return export_tbx(glossary)
    if fmt == "tbx2008":
        from .tbx import export_tbx2008

        return export_tbx2008(glossary)
    if fmt in ("csv", "tsv"):
        return export_table(glossary, delimiter="," if fmt == "csv" else "\t").encode()
    if fmt == "json":
        return export_json(glossary).encode()
    check_format("glossary-export", fmt, error=InputError)
    raise AssertionError(f"export format {fmt!r} is listed but not written")


def detect_format(path: Path, data: bytes) -> str:
    by_suffix = _SUFFIX_FORMATS.get(path.suffix.lower())
    if by_suffix:
        return by_suffix
    head = data[:512].lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith(b"<"):
        return "tbx"
    if head.startswith(b"{"):
        return "json"
    raise InputError(
        f"cannot tell the format from the name; pass --format ({', '.join(IMPORT_FORMATS[1:])})",
        path=str(path),
    )


def import_glossary(path: str | Path, *, fmt: str = "auto") -> ImportResult:
    """A glossary from a TBX, CSV, TSV or JSON file, with the report of what could not be mapped."""
    from .xmlsafe import read_bytes

    path = Path(path)
    check_format("glossary-import", fmt, error=InputError)
    data = read_bytes(path, kind=fmt.upper() if fmt != "auto" else "glossary")
    if fmt == "auto":
        fmt = detect_format(path, data)
    name = str(path)
    if fmt == "tbx":
        from .tbx import import_tbx

        return import_tbx(data, name=name)
    if fmt == "json":
        return import_json(data, name=name)
    return import_table(data, name=name, delimiter="," if fmt == "csv" else "\t")
