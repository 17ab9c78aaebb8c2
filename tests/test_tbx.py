"""formats/tbx.py and formats/xmlsafe.py: TBX v3 and 2008 export, import, and safe parsing."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from lxml import etree

from normcorpus.errors import InputError
from normcorpus.formats import xmlsafe
from normcorpus.formats.tbx import TBX_NS, export_tbx, export_tbx2008, import_tbx
from normcorpus.formats.termexchange import import_glossary
from normcorpus.glossary import load_glossary, make_glossary
from normcorpus.models import Concept, Term

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data" / "glossary"
NS = {"t": TBX_NS}
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


@pytest.fixture
def glossary():
    return make_glossary(
        [
            Concept(
                id="cybersecurity",
                vi=(Term("an ninh mạng"), Term("an toàn thông tin mạng", "admitted")),
                en=(Term("cybersecurity"), Term("cyber security", "deprecated")),
                abbr=(),
                note="UN usage: one word.",
                exclude=("Luật An ninh mạng",),
            ),
            Concept(
                id="ict",
                vi=(Term("công nghệ thông tin và truyền thông"),),
                en=(Term("information and communications technology"),),
                abbr=("ICT", "CNTT-TT"),
            ),
            Concept(
                id="2015-gge-report",
                vi=(Term("Báo cáo năm 2015 của Nhóm chuyên gia chính phủ"),),
                en=(Term("2015 GGE report"), Term("2015 report", "admitted")),
                note="A/70/174 <& “quoted” >",
            ),
            Concept(
                id="information-technology",
                vi=(Term("công nghệ thông tin"),),
                en=(Term("information technology"),),
                abbr=("CNTT",),
                abbr_en=("IT",),
                broader=("ict", "2015-gge-report"),
            ),
        ],
        path="test.yaml",
    )


def test_tbx_v3_export_is_well_formed_tbx_basic_dca(glossary):
    data = export_tbx(glossary)
    assert data.startswith(b'<?xml version="1.0" encoding="UTF-8"?>\n<?xml-model ')
    root = etree.fromstring(data)
    assert root.tag == f"{{{TBX_NS}}}tbx"
    assert (root.get("type"), root.get("style"), root.get(XML_LANG)) == ("TBX-Basic", "dca", "en")
    assert root.find("t:tbxHeader/t:fileDesc/t:sourceDesc/t:p", NS) is not None
    entries = root.findall("t:text/t:body/t:conceptEntry", NS)
    assert [e.get("id") for e in entries] == [
        "cybersecurity",
        "ict",
        "_2015-gge-report",
        "information-technology",
    ]
    links = entries[3].findall("t:descrip[@type='broaderConceptGeneric']", NS)
    assert [(d.get("target"), d.text) for d in links] == [
        ("ict", "information and communications technology"),
        ("_2015-gge-report", "2015 GGE report"),
    ]
    english = entries[3].xpath("t:langSec[@xml:lang='en']/t:termSec", namespaces=NS)
    assert [s.findtext("t:termNote[@type='termType']", namespaces=NS) for s in english] == [
        None,
        "abbreviation",
    ]
    first = entries[0]
    assert first.findtext("t:note", namespaces=NS) == "UN usage: one word."
    assert [s.get(XML_LANG) for s in first.findall("t:langSec", NS)] == ["vi", "en"]
    # An excluded phrase is a note of the vi section, before its terms (TBX's order).
    vi_section = first.find("t:langSec", NS)
    assert [etree.QName(c).localname for c in vi_section] == ["note", "termSec", "termSec"]
    assert vi_section[0].text == "not this concept: Luật An ninh mạng"
    en_terms = [
        (t.findtext("t:term", namespaces=NS), t.findtext("t:termNote", namespaces=NS))
        for t in first.xpath("t:langSec[@xml:lang='en']/t:termSec", namespaces=NS)
    ]
    assert en_terms == [
        ("cybersecurity", "preferredTerm-admn-sts"),
        ("cyber security", "deprecatedTerm-admn-sts"),
    ]
    abbreviations = entries[1].xpath("t:langSec[@xml:lang='vi']/t:termSec", namespaces=NS)[1:]
    assert [
        (
            s.findtext("t:term", namespaces=NS),
            s.findtext("t:termNote[@type='termType']", namespaces=NS),
        )
        for s in abbreviations
    ] == [("ICT", "abbreviation"), ("CNTT-TT", "abbreviation")]


def test_shipped_glossary_exports_one_concept_entry_per_concept():
    glossary = load_glossary(ROOT / "glossary.yaml")
    root = etree.fromstring(export_tbx(glossary))
    entries = root.findall("t:text/t:body/t:conceptEntry", NS)
    assert len(entries) == len(glossary.concepts)
    assert len({e.get("id") for e in entries}) == len(glossary.concepts)
    martif = etree.fromstring(export_tbx2008(glossary))
    assert len(martif.findall("text/body/termEntry")) == len(glossary.concepts)


def test_tbx2008_export_is_martif(glossary):
    data = export_tbx2008(glossary)
    assert b'<!DOCTYPE martif SYSTEM "TBXBasiccoreStructV02.dtd">' in data
    root = etree.fromstring(data)
    assert (root.tag, root.get("type")) == ("martif", "TBX-Basic")
    tig = root.find("text/body/termEntry/langSet/tig")
    assert (tig.findtext("term"), tig.findtext("termNote")) == (
        "an ninh mạng",
        "preferredTerm-admn-sts",
    )


def test_tbx2008_is_what_martif_readers_open(glossary):
    # The help sends users of tools that read only <martif> to tbx2008: translate-toolkit
    # is one (its reader asserts a <martif> root); it reads the 2008 export term for term.
    from translate.storage import tbx

    units = list(tbx.tbxfile.parsestring(export_tbx2008(glossary)).units)
    assert (units[0].getid(), units[0].source, units[0].target) == (
        "cybersecurity",
        "an ninh mạng",
        "cybersecurity",
    )


@pytest.mark.parametrize("export", [export_tbx, export_tbx2008])
def test_round_trip_gives_back_the_glossary(glossary, export):
    result = import_tbx(export(glossary), name="x.tbx")
    assert result.glossary.concepts == glossary.concepts
    assert result.issues == ()


@pytest.mark.parametrize("export", [export_tbx, export_tbx2008])
def test_round_trip_of_the_shipped_glossary(export):
    glossary = load_glossary(ROOT / "glossary.yaml")
    assert import_tbx(export(glossary), name="x.tbx").glossary.concepts == glossary.concepts


def test_import_tbx_v3_from_a_cat_tool_reports_what_it_cannot_map():
    result = import_glossary(DATA / "sample-v3-dca.tbx")
    assert result.format == "tbx"
    assert result.glossary.concepts == (
        Concept(
            id="c-001",
            vi=(Term("an ninh mạng", pos="noun"), Term("an ninh không gian mạng", "admitted")),
            en=(Term("cybersecurity"), Term("cyber security", "deprecated")),
            note="Protection of networks and information systems.",
        ),
        Concept(
            id="c2",
            vi=(Term("công nghệ thông tin và truyền thông"),),
            en=(Term("information and communications technology"),),
            abbr=("ICT",),
        ),
    )
    assert [(i.message, i.line, i.count) for i in result.issues] == [
        ("term spacing or Unicode form normalised (NFC, one space)", 8, 1),
        ("concept id 'C-001' imported as 'c-001'", 8, 1),
        ("<transacGrp> in a concept entry not mapped", 9, 1),
        ("<descrip type='subjectField'> in a concept entry not mapped", 10, 1),
        ("a definition imported as the concept's note", 24, 1),
        ("<admin type='source'> in a descripGrp not mapped", 25, 1),
        ("language sections xml:lang='ru' not mapped (only vi and en)", 36, 1),
        ("terms without administrativeStatus imported as preferred", 42, 2),
        ("concept 'c3' has no English term: not imported", 55, 1),
    ]


def test_import_tbx2008_with_ntig_and_superseded_terms():
    result = import_glossary(DATA / "sample-2008.tbx")
    assert result.format == "tbx2008"
    assert [(i.message, i.line) for i in result.issues] == [
        ("concept id '45' imported as 'c-45'", 9)
    ]
    assert result.glossary.concepts == (
        Concept(
            id="c-45",
            vi=(Term("xây dựng lòng tin"),),
            en=(Term("confidence-building"), Term("trust building", "deprecated")),
            note="Shared by ASEAN and UN documents.",
        ),
    )


def test_import_dct_style():
    data = f"""<?xml version="1.0"?>
<tbx type="TBX-Basic" style="dct" xml:lang="en" xmlns="{TBX_NS}"
     xmlns:basic="http://www.tbxinfo.net/ns/basic">
  <text><body><conceptEntry id="sovereignty">
    <langSec xml:lang="vi"><termSec><term>chủ quyền</term>
      <basic:administrativeStatus>preferredTerm-admn-sts</basic:administrativeStatus>
    </termSec></langSec>
    <langSec xml:lang="en"><termSec><term>sovereignty</term>
      <basic:administrativeStatus>preferredTerm-admn-sts</basic:administrativeStatus>
    </termSec></langSec>
  </conceptEntry></body></text>
</tbx>""".encode()
    result = import_tbx(data, name="dct.tbx")
    assert result.glossary.concepts == (
        Concept("sovereignty", (Term("chủ quyền"),), (Term("sovereignty"),)),
    )
    assert result.issues == ()


# --- refused input ---------------------------------------------------------------


@pytest.mark.parametrize("name", ["xxe.tbx", "billion-laughs.tbx"])
def test_entity_attacks_are_refused(name):
    with pytest.raises(InputError) as caught:
        import_glossary(DATA / name)
    assert str(caught.value) == (
        f"{DATA / name}:2: refused: its DOCTYPE declares entities (<!ENTITY>), which TBX does"
        " not need and which XXE and entity-expansion attacks use"
    )


def test_entities_are_refused_even_past_the_checked_head(monkeypatch):
    # The parsed tree's DTD is checked too (here the head check sees too little).
    monkeypatch.setattr(xmlsafe, "PROLOG_LIMIT", 10)
    data = (DATA / "xxe.tbx").read_bytes()
    with pytest.raises(InputError, match="refused: its DOCTYPE declares entities"):
        xmlsafe.parse_bytes(data, name="xxe.tbx", kind="TBX")


def test_xxe_never_reads_the_file(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP SECRET")
    data = (DATA / "xxe.tbx").read_text().replace("file:///etc/passwd", secret.as_uri())
    with pytest.raises(InputError) as caught:
        import_tbx(data.encode(), name="xxe.tbx")
    assert "TOP SECRET" not in str(caught.value)


def test_binary_file_named_tbx_is_refused():
    with pytest.raises(InputError) as caught:
        import_glossary(DATA / "binary.tbx")
    assert str(caught.value) == f"{DATA / 'binary.tbx'}: not a TBX file: binary content, not XML"


def test_malformed_xml_is_refused_with_file_and_line():
    with pytest.raises(InputError) as caught:
        import_glossary(DATA / "malformed.tbx")
    assert str(caught.value) == (
        f"{DATA / 'malformed.tbx'}:5: not a well-formed TBX file: Opening and ending tag"
        " mismatch: termSec line 5 and langSec (column 74)"
    )


def test_other_xml_is_refused_as_not_tbx():
    with pytest.raises(
        InputError, match=r"not-tbx.xml:2: not a TBX file: the root element is <tmx>"
    ):
        import_glossary(DATA / "not-tbx.xml")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "not a TBX file: it is empty"),
        (b"term,status\n", "not a TBX file: not XML (it starts with 'term,status\\n')"),
        (b"<tbx><text><body/></text></tbx>", "no concept entries"),
    ],
)
def test_other_unusable_input(data, message):
    with pytest.raises(InputError, match=re.escape(message)):
        import_tbx(data, name="x.tbx")


# --- xmlsafe for other readers ------------------------------------------------------


def test_utf16_and_external_doctype_are_accepted():
    text = (
        '<?xml version="1.0" encoding="UTF-16"?>\n<!DOCTYPE tmx SYSTEM "tmx14.dtd">\n<tmx>hòa</tmx>'
    )
    tree = xmlsafe.parse_bytes(text.encode("utf-16"), name="a.tmx")
    assert tree.getroot().text == "hòa"


def test_iterparse_streams_and_refuses_entities(tmp_path):
    good = tmp_path / "good.xml"
    good.write_text("<r><tu>1</tu><tu>2</tu></r>")
    assert [e.text for _, e in xmlsafe.iterparse_file(good, tag="tu")] == ["1", "2"]
    with pytest.raises(InputError, match="refused"):
        list(xmlsafe.iterparse_file(DATA / "billion-laughs.tbx"))
    bad = tmp_path / "bad.xml"
    bad.write_text("<r>\n<tu></r>")
    with pytest.raises(InputError, match=r"bad.xml:2: not a well-formed XML file"):
        list(xmlsafe.iterparse_file(bad))


def test_broader_links_by_name_and_in_description_groups_are_imported():
    data = """<?xml version="1.0"?>
<martif type="TBX-Basic" xml:lang="en"><text><body>
  <termEntry id="C-1">
    <langSet xml:lang="vi"><tig><term>chủ quyền</term></tig></langSet>
    <langSet xml:lang="en"><tig><term>sovereignty</term></tig></langSet>
  </termEntry>
  <termEntry id="C-2">
    <descripGrp><descrip type="broaderConceptGeneric">sovereignty</descrip></descripGrp>
    <descrip type="broaderConceptGeneric" target="C-9">nothing</descrip>
    <langSet xml:lang="vi"><tig><term>chủ quyền số</term></tig></langSet>
    <langSet xml:lang="en"><tig><term>digital sovereignty</term></tig></langSet>
  </termEntry>
</body></text></martif>""".encode()
    result = import_tbx(data, name="x.tbx")
    assert [(c.id, c.broader) for c in result.glossary.concepts] == [
        ("c-1", ()),
        ("c-2", ("c-1",)),
    ]
    assert "broader link 'C-9' names no imported concept: left out" in [
        i.message for i in result.issues
    ]


def test_tbx_with_one_side_missing_names_its_languages():
    data = """<tbx type="TBX-Basic" style="dca" xmlns="urn:iso:std:iso:30042:ed-2"><text><body>
  <conceptEntry id="a"><langSec xml:lang="vi"><termSec><term>mã độc</term></termSec></langSec>
  <langSec xml:lang="fr"><termSec><term>logiciel malveillant</term></termSec></langSec>
  </conceptEntry></body></text></tbx>""".encode()
    with pytest.raises(InputError, match="no English side: the TBX holds the languages vi, fr"):
        import_tbx(data, name="x.tbx")
