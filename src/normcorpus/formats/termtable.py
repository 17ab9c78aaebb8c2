"""Glossary term tables: CSV, TSV and JSON export and import.

Every import returns an `ImportResult` (`termimport.py`): the glossary plus
the report of what could not be mapped; nothing is dropped without a line in
that report. `termexchange.py` chooses between this module and `tbx.py`.

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

from ..errors import InputError
from ..fileio import decode_utf8
from ..glossary import from_data, to_data
from ..models import Glossary, Term
from .termimport import (
    DraftConcept,
    ImportLog,
    ImportResult,
    build_glossary,
    language,
    parse_status,
)

COLUMNS: tuple[str, ...] = ("concept", "lang", "term", "status", "abbr", "note")
REQUIRED_COLUMNS: tuple[str, ...] = ("concept", "lang", "term")
ABBR_SEPARATOR = "; "


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
