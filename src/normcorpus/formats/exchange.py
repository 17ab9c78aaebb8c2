"""The corpus's aligned Vietnamese–English pairs, exported for CAT tools.

`export_units(store)` collects the clauses that have an English translation
(loaded from `<doc>.en.tsv` at ingest), and the writers serialise them:

- TMX 1.4: `srclang="vi"`, one `<tu tuid="<clause id>">` per clause with a
  `vi` and an `en` `<tuv>`, the document and clause hash as `<prop>`s;
- XLIFF 1.2: one `<file original="<doc>" source-language="vi"
  target-language="en">` per document, `<trans-unit id="<clause id>">`;
- TSV (a plain header row: `id`, `vi`, `en`, `doc`, `hash`, `translation`)
  and JSONL, which `normcorpus check` reads back.

Output is deterministic (no timestamps) and every file says the English is the
project's unofficial working translation.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import IO, Any

from ..errors import NormcorpusError
from ..fileio import FORMATS, check_format
from ..translations import NOTICE

EXPORT_FORMATS: tuple[str, ...] = FORMATS["bilingual-export"]
XLIFF_NS = "urn:oasis:names:tc:xliff:document:1.2"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
_NOTE = NOTICE.lstrip("# ")


@dataclass(frozen=True, slots=True)
class ExportUnit:
    id: str  # clause id
    doc: str
    vi: str
    en: str  # '' when untranslated (exported only on request)
    hash: str  # clause hash
    stale: bool = False  # the English was made for an earlier text of the clause
    # More <prop>s for TMX, as (type, value): where the English comes from, a bead's type.
    props: tuple[tuple[str, str], ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "doc": self.doc,
            "hash": self.hash,
            "vi": self.vi,
            "en": self.en,
            "stale": self.stale,
        }


@dataclass(frozen=True, slots=True)
class ExportResult:
    units: tuple[ExportUnit, ...]
    untranslated: int  # clauses left out (no English), unless included
    stale: int  # clauses left out (stale English), unless included


def export_units(
    store: Any,
    *,
    docs: Sequence[str] = (),
    untranslated: bool = False,
    stale: bool = False,
) -> ExportResult:
    """The clauses of `docs` (default: all) with their English, in corpus order."""
    known = [info.id for info in store.documents()]
    unknown = sorted(set(docs) - set(known))
    if unknown:
        raise NormcorpusError(f"no document {', '.join(map(repr, unknown))} in the corpus")
    units: list[ExportUnit] = []
    left_untranslated = left_stale = 0
    for doc in docs or known:
        for record in store.records(doc):
            translation = store.translation(record.id)
            en = translation.en if translation is not None else ""
            is_stale = translation is not None and translation.stale and bool(en)
            if not en:
                if not untranslated:
                    left_untranslated += 1
                    continue
            elif is_stale and not stale:
                left_stale += 1
                continue
            units.append(ExportUnit(record.id, record.doc, record.text, en, record.hash, is_stale))
    return ExportResult(tuple(units), left_untranslated, left_stale)


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("normcorpus")
    except PackageNotFoundError:
        return "0"


_DECLARATION = b'<?xml version="1.0" encoding="UTF-8"?>\n'


def _serialise(root: Any, out: IO[bytes]) -> None:
    from lxml import etree

    etree.indent(root, space="  ")
    out.write(_DECLARATION)
    out.write(etree.tostring(root, encoding="UTF-8", xml_declaration=False))
    out.write(b"\n")


def write_tmx(units: Iterable[ExportUnit], out: IO[bytes], *, note: str = _NOTE) -> None:
    """TMX 1.4 (srclang vi, tuid = clause id); untranslated units are left out."""
    from lxml import etree

    root = etree.Element("tmx", version="1.4")
    header = etree.SubElement(
        root,
        "header",
        creationtool="normcorpus",
        creationtoolversion=_version(),
        datatype="plaintext",
        segtype="sentence",
        adminlang="en",
        srclang="vi",
        **{"o-tmf": "normcorpus"},
    )
    etree.SubElement(header, "note").text = note
    body = etree.SubElement(root, "body")
    for unit in units:
        if not unit.en:
            continue
        tu = etree.SubElement(body, "tu", tuid=unit.id)
        etree.SubElement(tu, "prop", type="x-doc").text = unit.doc
        etree.SubElement(tu, "prop", type="x-clause-hash").text = unit.hash
        if unit.stale:
            etree.SubElement(tu, "prop", type="x-stale").text = "yes"
        for kind, value in unit.props:
            etree.SubElement(tu, "prop", type=kind).text = value
        for lang, text in (("vi", unit.vi), ("en", unit.en)):
            tuv = etree.SubElement(tu, "tuv", {XML_LANG: lang})
            etree.SubElement(tuv, "seg").text = text
    _serialise(root, out)


def write_xliff(units: Iterable[ExportUnit], out: IO[bytes]) -> None:
    """XLIFF 1.2: a <file> per document (vi -> en), trans-unit id = clause id."""
    from lxml import etree

    def q(tag: str) -> str:
        return f"{{{XLIFF_NS}}}{tag}"

    root = etree.Element(q("xliff"), version="1.2", nsmap={None: XLIFF_NS})
    files: dict[str, Any] = {}
    for unit in units:
        body = files.get(unit.doc)
        if body is None:
            file_node = etree.SubElement(
                root,
                q("file"),
                original=unit.doc,
                datatype="plaintext",
                **{"source-language": "vi", "target-language": "en", "tool-id": "normcorpus"},
            )
            header = etree.SubElement(file_node, q("header"))
            etree.SubElement(
                header,
                q("tool"),
                **{"tool-id": "normcorpus", "tool-name": "normcorpus", "tool-version": _version()},
            )
            etree.SubElement(header, q("note")).text = _NOTE
            body = files[unit.doc] = etree.SubElement(file_node, q("body"))
        trans = etree.SubElement(body, q("trans-unit"), id=unit.id)
        etree.SubElement(trans, q("source"), {XML_LANG: "vi"}).text = unit.vi
        if unit.en:
            state = "needs-review-translation" if unit.stale else "translated"
            etree.SubElement(trans, q("target"), {XML_LANG: "en"}, state=state).text = unit.en
        etree.SubElement(trans, q("note"), {"from": "normcorpus"}).text = f"clause hash {unit.hash}"
    _serialise(root, out)


def _cell(text: str) -> str:
    return " ".join(text.split("\t")).replace("\r", " ").replace("\n", " ")


TSV_HEADER = ("id", "vi", "en", "doc", "hash", "translation")


def write_tsv(units: Iterable[ExportUnit], out: IO[bytes]) -> None:
    """A header row, then a row a unit; no comment line, so that pandas and
    spreadsheets read the header as the columns. The `translation` column says
    what the English is (the project's unofficial working translation, and
    whether it is stale), row by row, where TMX and XLIFF say it in a note."""
    lines = ["\t".join(TSV_HEADER)]
    lines += [
        "\t".join(
            (
                u.id,
                _cell(u.vi),
                _cell(u.en),
                u.doc,
                u.hash,
                ("unofficial, stale" if u.stale else "unofficial") if u.en else "",
            )
        )
        for u in units
    ]
    out.write(("\n".join(lines) + "\n").encode("utf-8"))


def write_jsonl(units: Iterable[ExportUnit], out: IO[bytes]) -> None:
    for unit in units:
        out.write((json.dumps(unit.to_dict(), ensure_ascii=False) + "\n").encode("utf-8"))


WRITERS = {"tmx": write_tmx, "xliff": write_xliff, "tsv": write_tsv, "jsonl": write_jsonl}


def write(units: Iterable[ExportUnit], fmt: str, out: IO[bytes]) -> None:
    WRITERS[check_format("bilingual-export", fmt)](units, out)
