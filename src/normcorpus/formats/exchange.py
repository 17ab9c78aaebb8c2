"""The corpus's aligned Vietnamese–English pairs, exported for CAT tools.

`export_units(store)` collects the clauses that have an English translation
(loaded from `<doc>.en.tsv` at ingest), and the writers serialise them:

- TMX 1.4: `srclang="vi"`, one `<tu tuid="<clause id>">` per clause with a
  `vi` and an `en` `<tuv>`, the document and clause hash as `<prop>`s;
- XLIFF 1.2: one `<file original="<doc>" source-language="vi"
  target-language="en">` per document, `<trans-unit id="<clause id>">`;
- TSV (a plain header row: `id`, `vi`, `en`, `doc`, `hash`, `translation`)
  and JSONL, which `normcorpus check` reads back.

`export_units(..., translation=)` picks the English: `working` (the project's
translation, `<doc>.en.tsv`, one unit a clause), `published` (a statement's
published English, `<doc>.en.txt` aligned at ingest: one unit a bead, its
clauses joined, gaps left out) or `both`. Every unit says which it is: TMX
`<prop type="x-translation">working|published</prop>` and `x-publisher`
(with `x-official`, `x-bead`, `x-confidence` for published beads), XLIFF a
note, TSV the `translation` column, JSONL `translation` and `publisher`.

Output is deterministic (no timestamps) and every file says whose English it is.
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
WORKING_PUBLISHER = "normcorpus project"
TRANSLATIONS = ("working", "published", "both")
_BOTH_NOTE = (
    "Each unit says whose English it is: <prop type='x-translation'> working (the"
    " normcorpus project's unofficial working translation, following glossary.yaml) or"
    " published (a published English version aligned by normcorpus), and x-publisher."
)
# XLIFF 1.2 has no <prop>: a published unit says it in a note of its own.
_XLIFF_NOTE = (
    "Units without a note of whose English it is hold the normcorpus project's unofficial"
    " working translation (following glossary.yaml); a unit whose id ends in #published"
    " holds a published English version aligned by normcorpus, and its note names the"
    " publisher."
)


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
    translation: str = "working"  # working (<doc>.en.tsv) | published (<doc>.en.txt)
    publisher: str = WORKING_PUBLISHER
    official: bool | None = False

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "doc": self.doc,
            "hash": self.hash,
            "vi": self.vi,
            "en": self.en,
            "stale": self.stale,
            "translation": self.translation,
            "publisher": self.publisher,
        }

    @property
    def label(self) -> str:
        """What the English is, in a word or three (TSV's `translation` column)."""
        if self.translation == "published":
            kind = {True: " (official)", False: " (unofficial)", None: ""}[self.official]
            return f"published{kind}: {self.publisher}"
        return "unofficial, stale" if self.stale else "unofficial"


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
    translation: str = "working",
) -> ExportResult:
    """The clauses of `docs` (default: all) with their English, in corpus order:
    the working translation's, the published English's beads, or both (a
    document's published beads after its working units)."""
    if translation not in TRANSLATIONS:
        raise NormcorpusError(
            f"unknown translation {translation!r} (choose {', '.join(TRANSLATIONS)})"
        )
    known = [info.id for info in store.documents()]
    unknown = sorted(set(docs) - set(known))
    if unknown:
        raise NormcorpusError(f"no document {', '.join(map(repr, unknown))} in the corpus")
    units: list[ExportUnit] = []
    left_untranslated = left_stale = 0
    for doc in docs or known:
        covered: set[str] = set()  # clauses a published bead renders
        if translation != "working":
            published = _published_units(store, doc)
            units.extend(published)
            covered = {i for unit in published for i in _clause_ids(unit)}
        if translation == "published":
            continue
        for record in store.records(doc):
            stored = store.translation(record.id)
            en = stored.en if stored is not None else ""
            is_stale = stored is not None and stored.stale and bool(en)
            if not en:
                if not untranslated:
                    # Left out untranslated only if no published English has it either.
                    left_untranslated += record.id not in covered
                    continue
            elif is_stale and not stale:
                left_stale += 1
                continue
            units.append(
                ExportUnit(
                    record.id,
                    record.doc,
                    record.text,
                    en,
                    record.hash,
                    is_stale,
                    props=(("x-translation", "working"), ("x-publisher", WORKING_PUBLISHER)),
                )
            )
    return ExportResult(tuple(units), left_untranslated, left_stale)


def _clause_ids(unit: ExportUnit) -> list[str]:
    """The clauses a unit renders: its id, or a bead's `x-clauses`."""
    joined = dict(unit.props).get("x-clauses")
    return joined.split() if joined else [unit.id]


def _published_units(store: Any, doc: str) -> list[ExportUnit]:
    """A document's published beads that pair text on both sides, as units (id: the
    bead's first clause; the Vietnamese: its clauses joined)."""
    from ..align import clause_hash

    found = store.published_source(doc)
    if found is None:
        return []
    source, _sha256 = found
    publisher = source.publisher or source.file or "published translation"
    texts = {record.id: record.text for record in store.records(doc)}
    units = []
    for bead in store.published_beads(doc):
        if not bead.vi_ids or not bead.en:
            continue
        vi = " ".join(texts.get(clause_id, "") for clause_id in bead.vi_ids).strip()
        official = "" if source.official is None else ("yes" if source.official else "no")
        props = [("x-translation", "published"), ("x-publisher", publisher)]
        props += [("x-official", official)] if official else []
        props += [("x-bead", bead.type), ("x-confidence", f"{bead.confidence:.3f}")]
        if len(bead.vi_ids) > 1:
            props.append(("x-clauses", " ".join(bead.vi_ids)))
        units.append(
            ExportUnit(
                bead.vi_ids[0],
                doc,
                vi,
                bead.en,
                clause_hash(vi),
                props=tuple(props),
                translation="published",
                publisher=publisher,
                official=source.official,
            )
        )
    return units


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


def write_tmx(units: Iterable[ExportUnit], out: IO[bytes], *, note: str | None = None) -> None:
    """TMX 1.4 (srclang vi, tuid = clause id); untranslated units are left out."""
    from lxml import etree

    units = list(units)
    if note is None:
        kinds = {unit.translation for unit in units}
        note = _NOTE if kinds <= {"working"} else _BOTH_NOTE
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
        # (a clause may have a working unit and a published one: tuids stay unique)
        tuid = unit.id if unit.translation == "working" else f"{unit.id}#published"
        tu = etree.SubElement(body, "tu", tuid=tuid)
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
    units = list(units)
    published = any(unit.translation != "working" for unit in units)
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
            etree.SubElement(header, q("note")).text = _NOTE if not published else _XLIFF_NOTE
            body = files[unit.doc] = etree.SubElement(file_node, q("body"))
        unit_id = unit.id if unit.translation == "working" else f"{unit.id}#published"
        trans = etree.SubElement(body, q("trans-unit"), id=unit_id)
        etree.SubElement(trans, q("source"), {XML_LANG: "vi"}).text = unit.vi
        if unit.en:
            state = "needs-review-translation" if unit.stale else "translated"
            etree.SubElement(trans, q("target"), {XML_LANG: "en"}, state=state).text = unit.en
        etree.SubElement(trans, q("note"), {"from": "normcorpus"}).text = f"clause hash {unit.hash}"
        if unit.translation != "working":
            etree.SubElement(trans, q("note"), {"from": "normcorpus"}).text = unit.label
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
                u.label if u.en else "",
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
