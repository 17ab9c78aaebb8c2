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
deprecated; empty means preferred). `abbr` (abbreviations separated by `; `),
`abbr_en`, `broader`, `exclude` (the phrases that are not the concept),
`homographs`, `general` and `note` belong to the concept and are repeated on
each of its rows; on import the first non-empty value counts, and rows with a
blank `concept` continue the concept above. A concept's rows need not be adjacent; concepts
keep the order of their first row. Export then import gives back the same
glossary.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable
from typing import Any

from .. import normalize
from ..errors import InputError
from ..fileio import decode_utf8
from ..glossary import PARTS_OF_SPEECH, from_data, to_data
from ..models import Glossary, Term
from .termimport import (
    DraftConcept,
    ImportLog,
    ImportResult,
    build_glossary,
    language,
    parse_status,
)

COLUMNS: tuple[str, ...] = (
    "concept",
    "lang",
    "term",
    "status",
    "abbr",
    "abbr_en",
    "broader",
    "note",
    "pos",
    "general",
    "exclude",
    "homographs",
)
REQUIRED_COLUMNS: tuple[str, ...] = ("concept", "lang", "term")
LIST_SEPARATOR = "; "
# The concept fields a cell holds as a list, separated by LIST_SEPARATOR.
LIST_FIELDS = ("abbr", "abbr_en", "broader", "exclude", "homographs")
ABBR_SEPARATOR = LIST_SEPARATOR  # the older name

# Headers of translators' own tables (one row per concept), lowercased: what
# each names in our format. Language columns are told by `column_language`.
FIELD_HEADERS: dict[str, str] = {
    **dict.fromkeys(("id", "concept", "concept id", "concept_id", "entry id", "termid"), "id"),
    **dict.fromkeys(
        (
            "note",
            "notes",
            "comment",
            "comments",
            "description",
            "definition",
            "remark",
            "remarks",
            "ghi chú",
        ),
        "note",
    ),
    **dict.fromkeys(("abbr", "abbreviation", "abbreviations", "acronym", "viết tắt"), "abbr"),
    **dict.fromkeys(("abbr_en", "english abbreviation", "en abbreviation"), "abbr_en"),
    **dict.fromkeys(("broader", "broader concept", "broader concepts", "parent"), "broader"),
    "exclude": "exclude",
    **dict.fromkeys(("homographs", "homograph"), "homographs"),
    "status": "status",
}
LANGUAGE_NAMES: dict[str, str] = {
    **dict.fromkeys(("vietnamese", "tiếng việt", "tieng viet", "vie"), "vi"),
    **dict.fromkeys(("english", "tiếng anh", "tieng anh", "eng"), "en"),
}
# Columns that say which side, not which language: told from the text.
SIDE_HEADERS: dict[str, str] = {
    **dict.fromkeys(("source", "source term", "src", "term", "source text"), "source"),
    **dict.fromkeys(("target", "target term", "tgt", "translation", "target text"), "target"),
}


# --- term tables ---------------------------------------------------------------


def rows(glossary: Glossary) -> list[dict[str, str]]:
    """One row per term, in the layout of the module docstring."""
    out = []
    for concept in glossary.concepts:
        shared = {
            "abbr": LIST_SEPARATOR.join(concept.abbr),
            "abbr_en": LIST_SEPARATOR.join(concept.abbr_en),
            "broader": LIST_SEPARATOR.join(concept.broader),
            "note": concept.note or "",
            "general": "true" if concept.general else "",
            "exclude": LIST_SEPARATOR.join(concept.exclude),
            "homographs": LIST_SEPARATOR.join(concept.homographs),
        }
        for lang in ("vi", "en"):
            for term in getattr(concept, lang):
                out.append(
                    {
                        "concept": concept.id,
                        "lang": lang,
                        "term": term.term,
                        "status": term.status,
                        **shared,
                        "pos": term.pos or "",
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


def _split(value: str | None) -> list[str]:
    return [a.strip() for a in (value or "").split(";") if a.strip()]


def column_language(header: str) -> str | None:
    """`vi`, `vi-VN`, `Vietnamese`, `Tiếng Việt` -> vi; the English ones -> en; else None."""
    name = " ".join(header.split()).lower()
    return LANGUAGE_NAMES.get(name) or (language(name) if "-" in name or len(name) == 2 else None)


def vietnamese_share(texts: Iterable[str]) -> float:
    """The share of non-empty texts written with Vietnamese letters (diacritics, đ)."""
    texts = [t for t in texts if t.strip()]
    if not texts:
        return 0.0
    return sum(1 for t in texts if normalize.fold(t) != t) / len(texts)


def import_table(
    data: bytes, *, name: str, delimiter: str = ",", source_lang: str | None = None
) -> ImportResult:
    """A glossary from a term table: ours (one row per term), a translator's own
    (one row per concept, a header naming the languages), or, tab-separated and
    without a header, an OmegaT glossary (`source<TAB>target<TAB>comment`).

    `source_lang` (vi or en) says which language a `source` column holds; by
    default it is told from the text.
    """
    text = _decode(data, name=name)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    kind = "CSV" if delimiter == "," else "TSV"
    header = next(reader, None)
    while header is not None and not any(cell.strip() for cell in header):
        header = next(reader, None)
    if header is None:
        raise InputError(f"not a {kind} term table: the file is empty", path=name)
    header = [h.strip().lower() for h in header]
    if all(c in header for c in REQUIRED_COLUMNS):
        return _import_long(reader, header, name=name, fmt=kind.lower())
    columns = _wide_columns(header)
    if columns is not None:
        return _import_wide(
            reader, header, columns, name=name, fmt=kind.lower(), source_lang=source_lang
        )
    if delimiter == "\t":
        return import_omegat(data, name=name, source_lang=source_lang)
    raise InputError(
        f"not a {kind} term table: the header names neither our columns"
        f" ({', '.join(COLUMNS)}) nor a Vietnamese and an English column"
        f" (found {', '.join(repr(h) for h in header)})",
        path=name,
        line=reader.line_num,
    )


def _import_long(reader: Any, header: list[str], *, name: str, fmt: str) -> ImportResult:
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
        pos = (cells.get("pos") or "").strip() or None
        if pos is not None and pos not in PARTS_OF_SPEECH:
            log.add(f"unknown part of speech {pos!r}: left out", line)
            pos = None
        getattr(current, lang).append(Term(cells.get("term", ""), status, pos))
        if (cells.get("general") or "").strip().lower() in ("true", "yes", "1"):
            current.general = True
        _concept_field(current, "note", (cells.get("note") or "").strip(), log, line)
        for field in LIST_FIELDS:
            values = _split(cells.get(field))
            if values and getattr(current, field) and values != getattr(current, field):
                log.add(
                    f"concept {current.raw_id!r}: differing {field!r} values; kept the first", line
                )
            elif values:
                setattr(current, field, values)
    glossary = build_glossary(drafts.values(), log, path=name)
    return ImportResult(glossary, name, fmt, log.issues())


def _wide_columns(header: list[str]) -> dict[int, str] | None:
    """Column index -> vi | en | source | target | a field, if the header names two sides."""
    columns: dict[int, str] = {}
    for index, title in enumerate(header):
        name = " ".join(title.split())
        role = FIELD_HEADERS.get(name) or column_language(name) or SIDE_HEADERS.get(name)
        if role is not None:
            columns[index] = role
    sides = [r for r in columns.values() if r in ("vi", "en", "source", "target")]
    return columns if len(set(sides)) >= 2 else None


def _side_languages(
    source: list[str], target: list[str], *, name: str, source_lang: str | None
) -> tuple[str, str]:
    """Which language the source and the target column hold."""
    if source_lang is not None:
        if source_lang not in ("vi", "en"):
            raise InputError(f"--source-lang must be vi or en, not {source_lang!r}", path=name)
        return (source_lang, "en" if source_lang == "vi" else "vi")
    vi_source, vi_target = vietnamese_share(source), vietnamese_share(target)
    if vi_source == vi_target:
        raise InputError(
            "cannot tell which column is Vietnamese (no diacritics to go by);"
            " pass --source-lang vi or --source-lang en",
            path=name,
        )
    return ("vi", "en") if vi_source > vi_target else ("en", "vi")


def _import_wide(
    reader: Any,
    header: list[str],
    columns: dict[int, str],
    *,
    name: str,
    fmt: str,
    source_lang: str | None,
) -> ImportResult:
    log = ImportLog()
    for index, title in enumerate(header):
        if index not in columns:
            log.add(f"column {title!r} not mapped", 1)
    table = [(reader.line_num, row) for row in reader if any(cell.strip() for cell in row)]
    roles = dict(columns)
    if {"source", "target"} & set(roles.values()):

        def cells_of(role: str) -> list[str]:
            return [
                row[i] for _, row in table for i, r in roles.items() if r == role and i < len(row)
            ]

        present = set(roles.values())
        if "source" in present and "target" in present:
            langs = _side_languages(
                cells_of("source"), cells_of("target"), name=name, source_lang=source_lang
            )
            mapping = {"source": langs[0], "target": langs[1]}
        else:  # one side named by language, the other generic: it is the other language
            named = "vi" if "vi" in present else "en"
            other = "en" if named == "vi" else "vi"
            mapping = {"source": other, "target": other}
        roles = {i: mapping.get(r, r) for i, r in roles.items()}
    langs_found = set(roles.values())
    if not {"vi", "en"} <= langs_found:
        raise InputError(
            "the header names no Vietnamese or no English column"
            f" (found {', '.join(repr(h) for h in header)})",
            path=name,
            line=1,
        )
    drafts = _rows_to_drafts(table, roles, log)
    glossary = build_glossary(drafts, log, path=name)
    return ImportResult(glossary, name, fmt, log.issues())


def _rows_to_drafts(
    table: list[tuple[int, list[str]]], roles: dict[int, str], log: ImportLog
) -> list[DraftConcept]:
    """One concept per row; rows with the same id (or, without ids, the same
    Vietnamese term) are one concept, whose further terms are admitted."""
    drafts: dict[str, DraftConcept] = {}
    for line, row in table:
        cells: dict[str, list[str]] = {}
        for index, role in roles.items():
            if index < len(row) and row[index].strip():
                cells.setdefault(role, []).append(row[index].strip())
        vi_terms, en_terms = cells.get("vi", []), cells.get("en", [])
        raw_id = (cells.get("id") or [""])[0]
        key = raw_id or (vi_terms[0].casefold() if vi_terms else f"line {line}")
        draft = drafts.get(key)
        if draft is None:
            draft = drafts[key] = DraftConcept(raw_id, line)
        status_text = (cells.get("status") or [""])[0]
        status = parse_status(status_text)
        if status is None:
            log.add(f"unknown status {status_text!r}: imported as admitted", line)
            status = "admitted"
        for lang, terms in (("vi", vi_terms), ("en", en_terms)):
            listed = getattr(draft, lang)
            for term in terms:
                if any(t.term == term for t in listed):
                    continue
                # One preferred term a language: the first; later ones are admitted.
                later = "admitted" if status == "preferred" else status
                listed.append(Term(term, later if listed else status))
        for note in cells.get("note", []):
            _concept_field(draft, "note", note, log, line)
        for field in LIST_FIELDS:
            for value in cells.get(field, []):
                for item in _split(value):
                    if item not in getattr(draft, field):
                        getattr(draft, field).append(item)
    return list(drafts.values())


def import_omegat(data: bytes, *, name: str, source_lang: str | None = None) -> ImportResult:
    """A glossary from an OmegaT glossary: `source<TAB>target<TAB>comment`, no header.

    Lines starting with `#` are comments. Which column is Vietnamese is told
    from the text unless `source_lang` says it. Rows with the same Vietnamese
    term are one concept: its first English term preferred, the others admitted.
    """
    text = _decode(data, name=name)
    log = ImportLog()
    table: list[tuple[int, list[str]]] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        if line.lstrip().startswith("#"):
            log.add("comment lines (#) skipped", number)
            continue
        cells = line.split("\t")
        if len(cells) < 2 or not cells[1].strip():
            log.add("lines without a target term skipped", number)
            continue
        if len(cells) > 3:
            log.add("columns after the third (comment) not mapped", number)
        table.append((number, cells[:3]))
    if not table:
        raise InputError("not an OmegaT glossary: no source<TAB>target lines", path=name)
    source, target = _side_languages(
        [row[0] for _, row in table],
        [row[1] for _, row in table],
        name=name,
        source_lang=source_lang,
    )
    roles = {0: source, 1: target, 2: "note"}
    glossary = build_glossary(_rows_to_drafts(table, roles, log), log, path=name)
    return ImportResult(glossary, name, "omegat", log.issues())


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
