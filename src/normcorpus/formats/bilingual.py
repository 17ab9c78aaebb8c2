"""Bilingual files -> SegmentPairs (Vietnamese, English), for `normcorpus check`.

Formats, recognised by extension or named by the caller:

- `tsv` / `csv`: a header naming the columns `vi` and `en` (or language tags
  such as `vi-VN`, `en-US`; or `source` and `target`, read as Vietnamese and
  English), and optionally `id`; other columns are ignored. TSV is split on
  tabs without quoting (the usual TSV convention); CSV follows RFC 4180.
  Comment lines starting with `#` are allowed before the header.
- `jsonl`: one object a line with `vi` and `en` (or `source`/`target`), and
  optionally `id`.
- `tmx` (1.4, and 1.1's `lang` attribute), `xliff` (1.2 and 2.0, told apart by
  namespace): read with translate-toolkit. Languages are matched by BCP 47
  prefix (`vi`, `vi-VN`; `en`, `en-GB`) and either direction works: whichever
  side is Vietnamese is the source of the checks.

XML is screened by `xmlsafe.check_prolog` before translate-toolkit sees it, so
a DOCTYPE that declares entities (XXE, billion laughs) is refused without
being parsed; translate-toolkit's own parser then runs with entity resolution
and network access off. A segment without its own id gets its line number.
Every failure is one `InputError` naming the file (and line when known).
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import chain
from operator import methodcaller
from pathlib import Path
from typing import Any

from ..errors import InputError
from ..fileio import FORMATS, check_format, decode_utf8, read_bytes, regular_file
from ..models import slot_init
from . import xmlsafe

INPUT_FORMATS: tuple[str, ...] = FORMATS["bilingual-input"]
_SUFFIXES = {
    ".tsv": "tsv",
    ".tab": "tsv",
    ".csv": "csv",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".tmx": "tmx",
    ".xlf": "xliff",
    ".xliff": "xliff",
    ".xlf2": "xliff",
}
_XLIFF2_NS = "urn:oasis:names:tc:xliff:document:2.0"
_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
_LANG_SPLIT = re.compile(r"[-_]")
_LINE_END = methodcaller("rstrip", "\n")


@slot_init  # one a segment
@dataclass(frozen=True, slots=True)
class SegmentPair:
    """One Vietnamese segment and its English rendering, located in its file."""

    id: str
    vi: str
    en: str
    file: str
    line: int | None = None
    # False when the file translates English into Vietnamese (the English is
    # then the source, and an empty Vietnamese is what is untranslated).
    vi_is_source: bool = True

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "vi": self.vi,
            "en": self.en,
            "file": self.file,
            "line": self.line,
            "vi_is_source": self.vi_is_source,
        }


def language(tag: str | None) -> str:
    """The primary language subtag, lower-case: `vi-VN` -> `vi`, `EN_us` -> `en`."""
    if not tag:
        return ""
    return _LANG_SPLIT.split(tag.strip(), maxsplit=1)[0].lower()


def detect_format(path: str | Path) -> str:
    suffix = Path(path).suffix.lower()
    try:
        return _SUFFIXES[suffix]
    except KeyError:
        raise InputError(
            f"cannot tell the format from the extension {suffix or '(none)'!r};"
            f" pass --input-format ({', '.join(INPUT_FORMATS)})",
            path=str(path),
        ) from None


def read_pairs(path: str | Path, *, fmt: str | None = None) -> Iterator[SegmentPair]:
    """The segment pairs of one bilingual file, in file order."""
    path = Path(path)
    fmt = fmt or detect_format(path)
    check_format("bilingual-input", fmt, error=InputError)
    name = str(path)
    if fmt in ("tsv", "csv"):
        return _table_pairs(_text_lines(path), name, delimiter="\t" if fmt == "tsv" else ",")
    if fmt == "jsonl":
        return _jsonl_pairs(_text_lines(path), name)
    data = _read_bytes(path)
    if fmt == "tmx":
        return _tmx_pairs(data, name)
    return _xliff_pairs(data, name)


# --- plain-text formats -------------------------------------------------------


def _read_bytes(path: Path) -> bytes:
    return read_bytes(path, what="bilingual file", missing="file not found")


def _decode(data: bytes, name: str) -> str:
    return decode_utf8(
        data,
        name=name,
        what="bilingual text file",
        hint="; convert it first, e.g. `iconv -f cp1258 -t utf-8`",
        nul_scan=8192,
    )


def _text_lines(path: Path) -> Iterator[str]:
    """The lines of a UTF-8 text file (without line ends), read as they are used.

    Large files are never held whole in memory; a binary or non-UTF-8 file is
    an InputError naming the file (and the line of the first bad byte).
    """
    name = str(path)
    regular_file(path, what="bilingual file", missing="file not found")
    try:
        with path.open("rb") as raw:
            head = raw.read(8192)
    except OSError:
        _read_bytes(path)  # raises the located error
        raise
    if b"\x00" in head:
        raise InputError("binary file (contains NUL bytes), not a bilingual text file", path=name)

    def lines() -> Iterator[str]:
        try:
            with path.open(encoding="utf-8-sig") as handle:  # universal newlines
                # A megabyte of lines at a time; a line ends in one "\n" at most.
                while batch := handle.readlines(1 << 20):
                    yield from map(_LINE_END.__call__, batch)
        except UnicodeDecodeError:
            _decode(path.read_bytes(), name)  # raises with the exact byte and line
            raise

    return lines()


def _columns(header: list[str], name: str, line: int) -> tuple[int, int, int | None]:
    """Indexes of the Vietnamese, English and id columns of a header row."""
    keys = [h.strip().lstrip("\ufeff") for h in header]
    lowered = [k.lower() for k in keys]
    vi = next((k for k, h in enumerate(keys) if language(h) == "vi"), None)
    en = next((k for k, h in enumerate(keys) if language(h) == "en"), None)
    if vi is None and en is None and "source" in lowered and "target" in lowered:
        vi, en = lowered.index("source"), lowered.index("target")
    if vi is None or en is None:
        raise InputError(
            "the header must name a Vietnamese and an English column (`vi` and `en`,"
            f" or `source` and `target`); found {', '.join(map(repr, keys))}",
            path=name,
            line=line,
        )
    return vi, en, (lowered.index("id") if "id" in lowered else None)


def _table_pairs(lines: Iterator[str], name: str, *, delimiter: str) -> Iterator[SegmentPair]:
    numbered = enumerate(lines, start=1)
    # The first line that is neither blank nor a `#` comment is the header.
    found = next(((n, t) for n, t in numbered if t.strip() and not t.startswith("#")), None)
    if found is None:
        raise InputError("no header row (the file is empty)", path=name)
    header_line, text = found
    if delimiter == "\t":
        header = text.split("\t")
        vi, en, ident = _columns(header, name, header_line)
        yield from _tsv_rows(numbered, len(header), vi, en, ident, name)
        return
    rows = _csv_rows(header_line, chain([text], (line for _n, line in numbered)), name)
    header_line, header = next(rows)
    vi, en, ident = _columns(header, name, header_line)
    needed = max(vi, en, ident if ident is not None else 0) + 1
    seen: set[str] = set()
    for number, row in rows:
        if len(row) < needed:
            # A trailing empty target may have lost its delimiter.
            if len(row) == needed - 1 and en == needed - 1:
                row = [*row, ""]
            else:
                raise InputError(
                    f"{len(row)} columns, the header has {len(header)}", path=name, line=number
                )
        segment = row[ident].strip() if ident is not None else ""
        segment = segment or str(number)
        if segment in seen:
            raise InputError(f"duplicate segment id {segment!r}", path=name, line=number)
        seen.add(segment)
        yield SegmentPair(segment, row[vi], row[en], name, number)


def _tsv_rows(
    numbered: Iterator[tuple[int, str]],
    columns: int,
    vi: int,
    en: int,
    ident: int | None,
    name: str,
) -> Iterator[SegmentPair]:
    """The pairs of a TSV file's rows (split on tabs, no quoting): one tight loop."""
    needed = max(vi, en, ident if ident is not None else 0) + 1
    seen: set[str] = set()
    for number, line in numbered:
        if not line or line.isspace():
            continue
        row = line.split("\t")
        if len(row) < needed:
            # A trailing empty target may have lost its delimiter.
            if len(row) == needed - 1 and en == needed - 1:
                row.append("")
            else:
                raise InputError(
                    f"{len(row)} columns, the header has {columns}", path=name, line=number
                )
        segment = row[ident].strip() if ident is not None else ""
        if not segment:
            segment = str(number)
        if segment in seen:
            raise InputError(f"duplicate segment id {segment!r}", path=name, line=number)
        seen.add(segment)
        yield SegmentPair(segment, row[vi], row[en], name, number)


def _csv_rows(first: int, lines: Iterator[str], name: str) -> Iterator[tuple[int, list[str]]]:
    """(line of the record's start, cells) for each non-blank CSV record."""
    reader = csv.reader((line + "\n" for line in lines), strict=True)
    offset = first - 1
    try:
        while True:
            start = offset + reader.line_num + 1
            try:
                row = next(reader)
            except StopIteration:
                return
            if row and any(cell.strip() for cell in row):
                yield start, row
    except csv.Error as exc:
        raise InputError(
            f"malformed CSV: {exc}", path=name, line=offset + reader.line_num
        ) from None


def _jsonl_pairs(lines: Iterator[str], name: str) -> Iterator[SegmentPair]:
    seen: set[str] = set()
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
        except json.JSONDecodeError as exc:
            raise InputError(
                f"invalid JSON: {exc.msg} (column {exc.colno})", path=name, line=number
            ) from None
        if not isinstance(item, dict):
            raise InputError("each line must be a JSON object", path=name, line=number)
        vi = item.get("vi", item.get("source"))
        en = item.get("en", item.get("target"))
        if not isinstance(vi, str) or not isinstance(en, (str, type(None))):
            raise InputError(
                "each object needs a string `vi` (or `source`) and `en` (or `target`)",
                path=name,
                line=number,
            )
        ident = item.get("id")
        segment = str(ident) if ident not in (None, "") else str(number)
        if segment in seen:
            raise InputError(f"duplicate segment id {segment!r}", path=name, line=number)
        seen.add(segment)
        yield SegmentPair(segment, vi, en or "", name, number)


# --- XML formats (translate-toolkit) ------------------------------------------


def _screen(data: bytes, name: str, kind: str) -> None:
    xmlsafe.check_prolog(data[: xmlsafe.PROLOG_LIMIT], name=name, kind=kind)


def _load(store_class: Any, data: bytes, name: str, kind: str) -> Any:
    from lxml import etree

    _screen(data, name, kind)
    try:
        store = store_class(io.BytesIO(data))
    except etree.XMLSyntaxError as exc:
        message = re.sub(r", line \d+, column \d+$", "", (exc.msg or str(exc)).strip())
        line = exc.position[0] if exc.position else exc.lineno
        raise InputError(
            f"not a well-formed {kind} file: {message}", path=name, line=line
        ) from None
    except (AssertionError, AttributeError, KeyError, ValueError) as exc:
        # translate-toolkit asserts on an unexpected root element.
        detail = str(exc).splitlines()[0] if str(exc) else "unexpected structure"
        raise InputError(f"not a {kind} file: {detail}", path=name) from None
    dtd = store.document.docinfo.internalDTD
    if dtd is not None and any(True for _ in dtd.iterentities()):
        raise InputError(
            f"refused: its DOCTYPE declares entities, which {kind} does not need", path=name
        )
    return store


def _tmx_pairs(data: bytes, name: str) -> Iterator[SegmentPair]:
    from translate.misc.xml_helpers import getXMLspace
    from translate.storage.tmx import tmxfile

    store = _load(tmxfile, data, name, "TMX")

    def pairs() -> Iterator[SegmentPair]:
        seen: set[str] = set()
        found_vi = False
        for unit in store.units:
            element = unit.xmlelement
            space = getXMLspace(element, unit._default_xml_space)
            texts: dict[str, str] = {}
            for node in unit.getlanguageNodes():
                lang = language(node.get(_XML_LANG) or node.get("lang"))
                if lang and lang not in texts:
                    texts[lang] = unit.getNodeText(node, space) or ""
            if "vi" not in texts:
                continue
            found_vi = True
            line = element.sourceline
            segment = element.get("tuid") or str(line)
            if segment in seen:
                raise InputError(f"duplicate tuid {segment!r}", path=name, line=line)
            seen.add(segment)
            yield SegmentPair(segment, texts["vi"], texts.get("en", ""), name, line)
        if store.units and not found_vi:
            raise InputError("no Vietnamese (xml:lang vi…) segments in this TMX", path=name)

    return pairs()


def _xliff_pairs(data: bytes, name: str) -> Iterator[SegmentPair]:
    head = data[:4096].decode("latin-1")
    if _XLIFF2_NS in head or re.search(r"<xliff[^>]*\bversion=[\"']2\.", head):
        return _xliff2_pairs(data, name)
    return _xliff1_pairs(data, name)


def _direction(source: str | None, target: str | None, name: str, where: str) -> bool:
    """True when the source side is Vietnamese, False when the target side is."""
    src, tgt = language(source), language(target)
    if src == "vi" and tgt in ("en", ""):
        return True
    if tgt == "vi" and src == "en":
        return False
    raise InputError(
        f"{where} languages are {source or '?'} -> {target or '?'}; one side must be"
        " Vietnamese (vi) and the other English (en)",
        path=name,
    )


def _xliff1_pairs(data: bytes, name: str) -> Iterator[SegmentPair]:
    from translate.storage.xliff import xlifffile

    store = _load(xlifffile, data, name, "XLIFF")
    file_tag = store.namespaced("file")

    def pairs() -> Iterator[SegmentPair]:
        seen: set[str] = set()
        directions: dict[Any, bool] = {}
        for unit in store.units:
            if unit.isheader():
                continue
            element = unit.xmlelement
            file_node = next(element.iterancestors(file_tag), None)
            if file_node not in directions:
                directions[file_node] = _direction(
                    None if file_node is None else file_node.get("source-language"),
                    None if file_node is None else file_node.get("target-language"),
                    name,
                    "<file>",
                )
            source, target = unit.source or "", unit.target or ""
            vi, en = (source, target) if directions[file_node] else (target, source)
            line = element.sourceline
            segment = element.get("id") or str(line)
            if segment in seen:
                raise InputError(f"duplicate trans-unit id {segment!r}", path=name, line=line)
            seen.add(segment)
            yield SegmentPair(segment, vi, en, name, line, directions[file_node])

    return pairs()


def _xliff2_pairs(data: bytes, name: str) -> Iterator[SegmentPair]:
    from translate.storage.xliff2 import Xliff2File

    store = _load(Xliff2File, data, name, "XLIFF 2.0")
    root = store.document.getroot()
    vi_is_source = _direction(root.get("srcLang"), root.get("trgLang"), name, "<xliff>")

    def pairs() -> Iterator[SegmentPair]:
        seen: set[str] = set()
        for unit in store.units:
            element = unit.xmlelement
            source, target = unit.source or "", unit.target or ""
            vi, en = (source, target) if vi_is_source else (target, source)
            line = element.sourceline
            segment = unit.getid() or str(line)
            if segment in seen:
                raise InputError(f"duplicate unit id {segment!r}", path=name, line=line)
            seen.add(segment)
            yield SegmentPair(segment, vi, en, name, line, vi_is_source)

    return pairs()
