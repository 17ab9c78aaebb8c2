"""Glossary <-> TBX: TBX v3 (ISO 30042:2019, TBX-Basic, DCA style) and TBX 2008 (`martif`).

Mapping (both versions; 2008 names in brackets):

    concept            conceptEntry id=…            [termEntry]
    concept.note       <note> in the conceptEntry
    vi / en terms      langSec xml:lang="vi|en"     [langSet]
                         termSec                    [tig]
                           <term>
                           <termNote type="administrativeStatus">
                             preferredTerm-admn-sts | admittedTerm-admn-sts
                             | deprecatedTerm-admn-sts
    concept.abbr       a termSec in the vi langSec with
                       <termNote type="termType">abbreviation</termNote> and
                       administrativeStatus admittedTerm-admn-sts
    concept.abbr_en    the same, in the en langSec
    concept.broader    <descrip type="broaderConceptGeneric" target="ID">
                       in the conceptEntry, its text the broader concept's
                       preferred English term (a TBX core data category,
                       outside TBX-Basic's list: CAT tools that do not know it
                       pass it over)
    concept.homographs <ref type="crossReference" target="ID"> in the
                       conceptEntry (TBX-Basic's cross-reference, which it
                       allows at concept level), its text the other concept's
                       preferred English term
    concept.general    <descrip type="subjectField">general vocabulary</descrip>
                       in the conceptEntry
    term.pos           <termNote type="partOfSpeech"> in its termSec (TBX-Basic)
    concept.exclude    a <note> in the vi langSec per phrase, its text
                       `not this concept: <phrase>` (a note, not a term: a CAT
                       tool shows it to the translator and proposes nothing)

A concept id that is not an XML name (it starts with a digit) is written
with a leading `_`, which import removes again.

Import reads both versions, DCA and DCT style (`<basic:administrativeStatus>`
elements), `ntig/termGrp` as well as `tig`, `supersededTerm-admn-sts` as
deprecated, `termType` abbreviation or acronym as an abbreviation (`abbr_en`
from the en section, `abbr` from any other), `broaderConceptGeneric` (by its
`target`, else by its text) as a broader link, a concept-level
`crossReference` (the same way) as a homograph when the two concepts share a
Vietnamese term (else it is reported: the glossary has no field for a mere
"see also"), a vi-section note that starts
`not this concept: ` as an excluded phrase, and a `definition` as the note
when there is no note. A file with no Vietnamese or no English section is
refused, naming the languages it holds.
Whatever else it meets (other languages, data categories, a second note, a
missing status: taken as preferred) is reported in the `ImportResult`, never
dropped silently. Parsing goes through `xmlsafe`: no entities, no DTD, no
network.
"""

from __future__ import annotations

import re

from lxml import etree

from ..errors import InputError
from ..glossary import PARTS_OF_SPEECH, SCHEMA_ID
from ..models import Glossary, Term
from .termimport import (
    STATUS_TO_TBX,
    DraftConcept,
    ImportLog,
    ImportResult,
    build_glossary,
    language,
    parse_status,
)
from .xmlsafe import XML_LANG, local_name, parse_bytes

TBX_NS = "urn:iso:std:iso:30042:ed-2"
# The TBX-Basic dialect's published RelaxNG and Schematron, as TBX v3 files name them.
TBX_BASIC_RNG = (
    "https://raw.githubusercontent.com/LTAC-Global/TBX-Basic_dialect/master/DCA/"
    "TBXcoreStructV03_TBX-Basic_integrated.rng"
)
TBX_BASIC_SCH = (
    "https://raw.githubusercontent.com/LTAC-Global/TBX-Basic_dialect/master/DCA/TBX-Basic_DCA.sch"
)
TBX2008_DOCTYPE = '<!DOCTYPE martif SYSTEM "TBXBasiccoreStructV02.dtd">'
ABBREVIATION_TYPES = ("abbreviation", "acronym")
# A concept of general vocabulary (`general: true`), as TBX says it.
GENERAL_SUBJECT = "general vocabulary"
# How an excluded phrase (`Concept.exclude`) is written: a note of the vi section.
EXCLUDE_NOTE = "not this concept: "


# --- export -----------------------------------------------------------------------


def _xml_id(concept_id: str) -> str:
    return f"_{concept_id}" if concept_id[:1].isdigit() else concept_id


def _source_note(glossary: Glossary) -> str:
    where = f" from {glossary.path}" if glossary.path else ""
    return f"Exported by normcorpus{where} ({SCHEMA_ID})."


def _add_text(parent: etree._Element, tag: str, text: str, **attrib: str) -> etree._Element:
    element = etree.SubElement(parent, tag, attrib)
    element.text = text
    return element


def _term_group(
    parent: etree._Element,
    tag: str,
    ns: str,
    text: str,
    status: str,
    *,
    abbreviation: bool = False,
    pos: str | None = None,
) -> None:
    group = etree.SubElement(parent, f"{ns}{tag}")
    _add_text(group, f"{ns}term", text)
    if abbreviation:
        _add_text(group, f"{ns}termNote", "abbreviation", type="termType")
    if pos:
        _add_text(group, f"{ns}termNote", pos, type="partOfSpeech")
    _add_text(group, f"{ns}termNote", STATUS_TO_TBX[status], type="administrativeStatus")


def _header(parent: etree._Element, ns: str, glossary: Glossary) -> None:
    file_desc = etree.SubElement(parent, f"{ns}fileDesc")
    title_stmt = etree.SubElement(file_desc, f"{ns}titleStmt")
    _add_text(title_stmt, f"{ns}title", "normcorpus VI-EN glossary")
    source_desc = etree.SubElement(file_desc, f"{ns}sourceDesc")
    _add_text(source_desc, f"{ns}p", _source_note(glossary))


def _body(body: etree._Element, ns: str, glossary: Glossary, names: dict[str, str]) -> None:
    by_id = glossary.by_id()
    for concept in glossary.concepts:
        entry = etree.SubElement(body, f"{ns}{names['entry']}", id=_xml_id(concept.id))
        if concept.note:
            _add_text(entry, f"{ns}note", concept.note)
        if concept.general:
            _add_text(entry, f"{ns}descrip", GENERAL_SUBJECT, type="subjectField")
        # Links to other concepts: the text is the other's preferred English.
        for element, kind, links in (
            ("descrip", "broaderConceptGeneric", concept.broader),
            ("ref", "crossReference", concept.homographs),
        ):
            for other in links:
                known = by_id.get(other)
                _add_text(
                    entry,
                    f"{ns}{element}",
                    known.preferred_en if known else other,
                    type=kind,
                    target=_xml_id(other),
                )
        for lang, abbreviations in (("vi", concept.abbr), ("en", concept.abbr_en)):
            section = etree.SubElement(entry, f"{ns}{names['lang']}", {XML_LANG: lang})
            if lang == "vi":  # a language section's notes come before its terms
                for phrase in concept.exclude:
                    _add_text(section, f"{ns}note", EXCLUDE_NOTE + phrase)
            for term in getattr(concept, lang):
                _term_group(section, names["term"], ns, term.term, term.status, pos=term.pos)
            for abbr in abbreviations:
                _term_group(section, names["term"], ns, abbr, "admitted", abbreviation=True)


def _serialise(root: etree._Element, *, doctype: str | None = None) -> bytes:
    body = etree.tostring(root.getroottree(), encoding="UTF-8", pretty_print=True, doctype=doctype)
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + body


def export_tbx(glossary: Glossary) -> bytes:
    """TBX v3, TBX-Basic dialect, DCA style."""
    ns = f"{{{TBX_NS}}}"
    root = etree.Element(
        f"{ns}tbx",
        {"type": "TBX-Basic", "style": "dca", XML_LANG: "en"},
        nsmap={None: TBX_NS},
    )
    for href, schematypens in (
        (TBX_BASIC_RNG, "http://relaxng.org/ns/structure/1.0"),
        (TBX_BASIC_SCH, "http://purl.oclc.org/dsdl/schematron"),
    ):
        root.addprevious(
            etree.ProcessingInstruction(
                "xml-model",
                f'href="{href}" type="application/xml" schematypens="{schematypens}"',
            )
        )
    _header(etree.SubElement(root, f"{ns}tbxHeader"), ns, glossary)
    body = etree.SubElement(etree.SubElement(root, f"{ns}text"), f"{ns}body")
    _body(body, ns, glossary, {"entry": "conceptEntry", "lang": "langSec", "term": "termSec"})
    return _serialise(root)


def export_tbx2008(glossary: Glossary) -> bytes:
    """The 2008 form (ISO 30042:2008, TBX-Basic `martif`) that older CAT tools read."""
    root = etree.Element("martif", {"type": "TBX-Basic", XML_LANG: "en"})
    header = etree.SubElement(root, "martifHeader")
    _header(header, "", glossary)
    encoding_desc = etree.SubElement(header, "encodingDesc")
    _add_text(encoding_desc, "p", "TBXBasicXCSV02.xcs", type="XCSURI")
    body = etree.SubElement(etree.SubElement(root, "text"), "body")
    _body(body, "", glossary, {"entry": "termEntry", "lang": "langSet", "term": "tig"})
    return _serialise(root, doctype=TBX2008_DOCTYPE)


# --- import -----------------------------------------------------------------------

_ENTRY = {"conceptEntry", "termEntry"}
_EXPORTED_DIGIT_ID = re.compile(r"_[0-9][a-z0-9-]*")
_LANG = {"langSec", "langSet"}
_TERM = {"termSec", "tig", "ntig"}


def _describe(element: etree._Element) -> str:
    kind = element.get("type")
    return f"<{local_name(element)} type={kind!r}>" if kind else f"<{local_name(element)}>"


def _text(element: etree._Element) -> str:
    return "".join(element.itertext())


def _category(element: etree._Element) -> str:
    """The data category: `type` in DCA style (`<termNote type="x">`), the name in DCT (`<x>`)."""
    name = local_name(element)
    if name in ("termNote", "descrip", "admin", "ref") and element.get("type"):
        return element.get("type", "")
    return name


def _link(element: etree._Element) -> str:
    """The concept a link element names: its `target` (as export writes ids), else its text."""
    target = element.get("target", "").strip()
    if _EXPORTED_DIGIT_ID.fullmatch(target):
        target = target[1:]
    return target or " ".join(_text(element).split())


class _Reader:
    def __init__(self, name: str):
        self.name = name
        self.log = ImportLog()
        self.languages: dict[str, None] = {}  # every xml:lang met, in order

    def skip(self, element: etree._Element, where: str) -> None:
        self.log.add(f"{_describe(element)} {where} not mapped", element.sourceline)

    def read(self, root: etree._Element) -> list[DraftConcept]:
        drafts = []
        for child in root:
            name = local_name(child)
            if name in ("tbxHeader", "martifHeader"):
                continue
            if name != "text":
                self.skip(child, "in the root")
                continue
            for part in child:
                if local_name(part) != "body":
                    if len(part) or (part.text or "").strip():
                        self.skip(part, "in <text>")
                    continue
                for entry in part:
                    if local_name(entry) in _ENTRY:
                        drafts.append(self.concept(entry))
                    else:
                        self.skip(entry, "in <body>")
        if not drafts:
            raise InputError("no concept entries (conceptEntry or termEntry) found", path=self.name)
        found = {language(code) for code in self.languages}
        missing = [
            name for lang, name in (("vi", "Vietnamese"), ("en", "English")) if lang not in found
        ]
        if missing:
            held = ", ".join(code for code in self.languages) or "none"
            raise InputError(
                f"no {' and no '.join(missing)} side: the TBX holds the languages {held}"
                " (a normcorpus glossary is Vietnamese-English)",
                path=self.name,
            )
        return drafts

    def note(self, draft: DraftConcept, element: etree._Element, *, definition: bool) -> None:
        text = " ".join(_text(element).split())
        if not text:
            return
        if draft.note is None:
            draft.note = text
            if definition:
                self.log.add("a definition imported as the concept's note", element.sourceline)
        else:
            self.log.add(
                f"{_describe(element)}: a concept keeps one note; this one is not mapped",
                element.sourceline,
            )

    def description(self, draft: DraftConcept, element: etree._Element, where: str) -> None:
        """A definition (alone or in a descripGrp) becomes the note, a broader
        concept a link, a concept-level cross-reference a homograph link (if the
        concepts share a Vietnamese term: `build_glossary`); the rest is reported."""
        if _category(element) == "definition":
            self.note(draft, element, definition=True)
        elif _category(element) == "broaderConceptGeneric":
            if ref := _link(element):
                draft.broader.append(ref)
        elif _category(element) == "crossReference" and where == "in a concept entry":
            if ref := _link(element):
                draft.cross_references.append(ref)
        elif (
            _category(element) == "subjectField"
            and " ".join(_text(element).split()).lower() == GENERAL_SUBJECT
        ):
            draft.general = True
        elif local_name(element) == "descripGrp":
            for child in element:
                self.description(draft, child, "in a descripGrp")
        else:
            self.skip(element, where)

    def concept(self, entry: etree._Element) -> DraftConcept:
        raw_id = entry.get("id", "")
        if _EXPORTED_DIGIT_ID.fullmatch(raw_id):  # how export writes ids that start with a digit
            raw_id = raw_id[1:]
        draft = DraftConcept(raw_id=raw_id, line=entry.sourceline)
        for child in entry:
            name = local_name(child)
            if name in _LANG:
                self.language(draft, child)
            elif name == "note":
                self.note(draft, child, definition=False)
            else:
                self.description(draft, child, "in a concept entry")
        return draft

    def language(self, draft: DraftConcept, section: etree._Element) -> None:
        code = section.get(XML_LANG) or section.get("lang")
        self.languages.setdefault(code or "(none)", None)
        lang = language(code)
        if lang is None:
            self.log.add(
                f"language sections xml:lang={code!r} not mapped (only vi and en)",
                section.sourceline,
            )
            return
        for child in section:
            name = local_name(child)
            if name in _TERM:
                self.term(draft, lang, child)
            elif name == "note" and lang == "vi" and _text(child).startswith(EXCLUDE_NOTE):
                draft.exclude.append(_text(child)[len(EXCLUDE_NOTE) :])
            elif name == "note":
                self.note(draft, child, definition=False)
            else:
                self.description(draft, child, "in a language section")

    def term(self, draft: DraftConcept, lang: str, group: etree._Element) -> None:
        children = list(group)
        if local_name(group) == "ntig":  # 2008: <ntig><termGrp><term/><termNote/>…</termGrp>…
            children = [
                c for child in group for c in (child if local_name(child) == "termGrp" else [child])
            ]
        text, status, term_type, pos = None, None, None, None
        for child in children:
            category = _category(child)
            if category == "term":
                text = _text(child)
            elif category == "administrativeStatus":
                value = _text(child).strip()
                status = parse_status(value)
                if status is None:
                    self.log.add(
                        f"unknown administrativeStatus {value!r}: imported as admitted",
                        child.sourceline,
                    )
                    status = "admitted"
            elif category == "termType":
                term_type = _text(child).strip()
            elif category == "partOfSpeech" and _text(child).strip() in PARTS_OF_SPEECH:
                pos = _text(child).strip()
            else:
                self.skip(child, "in a term")
        if text is None:
            self.log.add(f"<{local_name(group)}> without a <term> skipped", group.sourceline)
            return
        if term_type in ABBREVIATION_TYPES:
            (draft.abbr_en if lang == "en" else draft.abbr).append(text)
            return
        if term_type and term_type != "fullForm":
            self.log.add(
                f"termType {term_type!r} not mapped (imported as a term)", group.sourceline
            )
        if status is None:
            self.log.add(
                "terms without administrativeStatus imported as preferred", group.sourceline
            )
            status = "preferred"
        getattr(draft, lang).append(Term(text, status, pos))


def import_tbx(data: bytes, *, name: str) -> ImportResult:
    """A glossary from TBX v3 or TBX 2008 bytes (`name` is used in messages)."""
    root = parse_bytes(data, name=name, kind="TBX").getroot()
    version = local_name(root)
    if version not in ("tbx", "martif"):
        raise InputError(
            f"not a TBX file: the root element is <{version}>, not <tbx> (TBX v3)"
            " or <martif> (TBX 2008)",
            path=name,
            line=root.sourceline,
        )
    reader = _Reader(name)
    drafts = reader.read(root)
    glossary = build_glossary(drafts, reader.log, path=name)
    fmt = "tbx" if version == "tbx" else "tbx2008"
    return ImportResult(glossary, name, fmt, reader.log.issues())
