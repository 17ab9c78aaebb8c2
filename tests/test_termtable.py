"""formats/termtable.py, termimport.py and termexchange.py: CSV/TSV/JSON, drafts, dispatch."""

from __future__ import annotations

import ast
import json
from pathlib import Path

import pytest

from normcorpus.errors import GlossaryError, InputError
from normcorpus.formats import termexchange, termtable
from normcorpus.formats.termexchange import export_glossary, import_glossary
from normcorpus.formats.termimport import concept_id, language, parse_status
from normcorpus.formats.termtable import import_table
from normcorpus.glossary import load_glossary, make_glossary, to_data
from normcorpus.models import Concept, Term

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def glossary():
    return make_glossary(
        [
            Concept(
                id="cybersecurity",
                vi=(Term("an ninh mạng"), Term("an toàn thông tin mạng", "admitted")),
                en=(Term("cybersecurity"), Term("cyber security", "deprecated")),
                note='UN usage, "one word".',
                exclude=("Luật An ninh mạng",),
            ),
            Concept(
                id="ict",
                vi=(Term("công nghệ thông tin và truyền thông"),),
                en=(Term("information and communications technology"),),
                abbr=("ICT", "CNTT-TT"),
            ),
            Concept(
                id="information-technology",
                vi=(Term("công nghệ thông tin"),),
                en=(Term("information technology"),),
                abbr=("CNTT",),
                abbr_en=("IT",),
                broader=("ict",),
            ),
        ]
    )


def test_csv_export_layout(glossary):
    shared = '"UN usage, ""one word"".",,,Luật An ninh mạng,\n'
    assert export_glossary(glossary, "csv").decode() == (
        "concept,lang,term,status,abbr,abbr_en,broader,note,pos,general,exclude,homographs\n"
        f"cybersecurity,vi,an ninh mạng,preferred,,,,{shared}"
        f"cybersecurity,vi,an toàn thông tin mạng,admitted,,,,{shared}"
        f"cybersecurity,en,cybersecurity,preferred,,,,{shared}"
        f"cybersecurity,en,cyber security,deprecated,,,,{shared}"
        "ict,vi,công nghệ thông tin và truyền thông,preferred,ICT; CNTT-TT,,,,,,,\n"
        "ict,en,information and communications technology,preferred,ICT; CNTT-TT,,,,,,,\n"
        "information-technology,vi,công nghệ thông tin,preferred,CNTT,IT,ict,,,,,\n"
        "information-technology,en,information technology,preferred,CNTT,IT,ict,,,,,\n"
    )


def test_tsv_export_layout(glossary):
    lines = export_glossary(glossary, "tsv").decode().splitlines()
    assert (
        lines[0]
        == "concept\tlang\tterm\tstatus\tabbr\tabbr_en\tbroader\tnote\tpos\tgeneral\texclude"
        "\thomographs"
    )
    assert (
        lines[5]
        == "ict\tvi\tcông nghệ thông tin và truyền thông\tpreferred\tICT; CNTT-TT\t\t\t\t\t\t\t"
    )
    assert lines[7].endswith("\tCNTT\tIT\tict\t\t\t\t\t")


def test_json_export_is_the_yaml_data(glossary):
    assert json.loads(export_glossary(glossary, "json")) == to_data(glossary)


@pytest.mark.parametrize("fmt", ["csv", "tsv", "json"])
def test_round_trip(glossary, fmt, tmp_path):
    path = tmp_path / f"g.{fmt}"
    path.write_bytes(export_glossary(glossary, fmt))
    result = import_glossary(path)
    assert result.format == fmt
    assert result.glossary.concepts == glossary.concepts
    assert result.issues == ()


@pytest.mark.parametrize("fmt", ["csv", "tsv"])
def test_round_trip_of_the_shipped_glossary(fmt, tmp_path):
    glossary = load_glossary(ROOT / "glossary.yaml")
    path = tmp_path / f"g.{fmt}"
    path.write_bytes(export_glossary(glossary, fmt))
    assert import_glossary(path).glossary.concepts == glossary.concepts


def test_import_of_a_hand_made_spreadsheet():
    data = (
        "\ufeffConcept,Lang,Term,Status,Abbr,Note,Owner\n"
        "Cyber Security,vi-VN,an ninh  mạng,,,first note,anna\n"
        ",en-US,cybersecurity,preferredTerm-admn-sts,,,\n"
        ",en,cyber-security,supersededTerm-admn-sts,,other note,\n"
        ",fr,cybersécurité,,,,\n"
        ",en,cyber safety,maybe,,,\n"
        "\n"
        "sovereignty,vi,chủ quyền,preferred,,,\n"
    ).encode()
    result = import_table(data, name="sheet.csv")
    assert result.glossary.concepts == (
        Concept(
            id="cyber-security",
            vi=(Term("an ninh mạng"),),
            en=(
                Term("cybersecurity"),
                Term("cyber-security", "deprecated"),
                Term("cyber safety", "admitted"),
            ),
            note="first note",
        ),
    )
    assert [(i.message, i.line) for i in result.issues] == [
        ("column 'owner' not mapped", 1),
        ("term spacing or Unicode form normalised (NFC, one space)", 2),
        ("concept id 'Cyber Security' imported as 'cyber-security'", 2),
        ("concept 'Cyber Security': differing 'note' values; kept the first", 4),
        ("rows with language 'fr' skipped (only vi and en)", 5),
        ("unknown status 'maybe': imported as admitted", 6),
        ("concept 'sovereignty' has no English term: not imported", 8),
    ]


def test_import_needs_the_key_columns():
    with pytest.raises(InputError, match=r"t.csv:1: not a CSV term table: the header names"):
        import_table(b"concept,term\nx,y\n", name="t.csv")
    with pytest.raises(InputError, match="the file is empty"):
        import_table(b"\n\n", name="t.csv")


# --- translators' own tables -----------------------------------------------------


def test_a_translators_table_may_list_excluded_phrases():
    data = "vi,en,exclude\nhợp tác,cooperation,hợp tác xã; Hợp tác xã\n".encode()
    result = import_table(data, name="mine.csv")
    (concept,) = result.glossary.concepts
    # Both kept as written: `glossary validate` reports the second as a duplicate.
    assert concept.exclude == ("hợp tác xã", "Hợp tác xã")


def test_import_of_a_translators_csv_with_a_header_naming_languages():
    data = (
        "English,Tiếng Việt,Comment,Abbreviation,Owner\n"
        "cyberattack,tấn công mạng,Law on Cybersecurity 2018 art. 2,,anna\n"
        "cyber attack,tấn công mạng,,,\n"
        "information technology,công nghệ thông tin,IT Law 2006,CNTT,\n"
        ",,,,\n"
        "spyware,,,,\n"
    ).encode()
    result = import_table(data, name="mine.csv")
    assert result.glossary.concepts == (
        Concept(
            id="cyberattack",
            vi=(Term("tấn công mạng"),),
            en=(Term("cyberattack"), Term("cyber attack", "admitted")),
            note="Law on Cybersecurity 2018 art. 2",
        ),
        Concept(
            id="information-technology",
            vi=(Term("công nghệ thông tin"),),
            en=(Term("information technology"),),
            abbr=("CNTT",),
            note="IT Law 2006",
        ),
    )
    assert [i.message for i in result.issues] == [
        "column 'owner' not mapped",
        "concepts without an id: ids made from their English term",
        "concept at line 6 has no Vietnamese term: not imported",
    ]


@pytest.mark.parametrize(
    ("header", "source_lang"),
    [("source,target", None), ("source,target", "vi"), ("vi-VN,target", None)],
)
def test_source_and_target_columns_are_told_by_their_text(header, source_lang):
    data = f"{header}\nmã độc,malware\ngián điệp mạng,cyber espionage\n".encode()
    glossary = import_table(data, name="t.csv", source_lang=source_lang).glossary
    assert [(c.preferred_vi, c.preferred_en) for c in glossary.concepts] == [
        ("mã độc", "malware"),
        ("gián điệp mạng", "cyber espionage"),
    ]


def test_source_column_without_diacritics_needs_source_lang():
    with pytest.raises(InputError, match="--source-lang"):
        import_table(b"source,target\nmalware,spyware\n", name="t.csv")


def test_omegat_glossary_en_to_vi(tmp_path):
    path = tmp_path / "glossary.txt"
    path.write_text(
        "# Glossary in tab-separated format -*- coding: utf-8 -*-\n"
        "malware\tmã độc\tLuật An ninh mạng 2018\n"
        "malicious code\tmã độc\n"
        "cyberterrorism\tkhủng bố mạng\t\n"
        "orphan line\n"
        "\n",
        encoding="utf-8",
    )
    result = import_glossary(path)
    assert result.format == "omegat"
    assert result.glossary.concepts == (
        Concept(
            id="malware",
            vi=(Term("mã độc"),),
            en=(Term("malware"), Term("malicious code", "admitted")),
            note="Luật An ninh mạng 2018",
        ),
        Concept(id="cyberterrorism", vi=(Term("khủng bố mạng"),), en=(Term("cyberterrorism"),)),
    )
    assert [(i.message, i.line) for i in result.issues] == [
        ("comment lines (#) skipped", 1),
        ("concepts without an id: ids made from their English term", 2),
        ("lines without a target term skipped", 5),
    ]
    forced = import_glossary(path, source_lang="vi")
    assert forced.glossary.concepts[0].preferred_vi == "malware"


def test_tab_file_without_a_header_is_read_as_omegat(tmp_path):
    path = tmp_path / "g.tab"
    path.write_text("mã độc\tmalware\tcomment\n", encoding="utf-8")
    result = import_glossary(path)
    assert result.format == "omegat"
    assert result.glossary.concepts[0].note == "comment"


def test_omegat_without_lines_is_refused():
    with pytest.raises(InputError, match="no source<TAB>target lines"):
        termtable.import_omegat(b"# only a comment\n", name="g.txt")


def test_import_refuses_binary_and_non_utf8():
    with pytest.raises(InputError, match=r"binary file .*not a term table"):
        import_table(b"concept\x00lang", name="t.csv")
    with pytest.raises(InputError, match=r"not UTF-8 \(byte 24\)"):
        import_table(b"concept,lang,term\nx,vi,h\xf2a\n", name="t.csv")


def test_import_with_nothing_usable_fails():
    with pytest.raises(InputError, match="no concept could be imported"):
        import_table(b"concept,lang,term\nx,vi,a\n", name="t.csv")


def test_json_import_uses_the_loader(tmp_path):
    path = tmp_path / "g.json"
    path.write_text('{"schema": "other"}')
    with pytest.raises(GlossaryError, match="schema must be"):
        import_glossary(path)


def test_format_detection(tmp_path):
    unknown = tmp_path / "glossary.dat"
    unknown.write_text("concept,lang,term\n")
    with pytest.raises(InputError, match="cannot tell the format"):
        import_glossary(unknown)
    # forced
    unknown.write_text("concept,lang,term\nc,vi,a\nc,en,b\n")
    assert import_glossary(unknown, fmt="csv").glossary.concepts[0].id == "c"
    xml = tmp_path / "export"
    xml.write_bytes(b"<tbx/>")
    assert termexchange.detect_format(xml, xml.read_bytes()) == "tbx"
    with pytest.raises(InputError, match="unknown import format 'xlsx'"):
        import_glossary(unknown, fmt="xlsx")
    with pytest.raises(InputError, match="file not found"):
        import_glossary(tmp_path / "missing.csv")


def test_unknown_export_format(glossary):
    with pytest.raises(InputError, match="unknown export format 'xlsx'"):
        export_glossary(glossary, "xlsx")


@pytest.mark.parametrize(
    ("value", "status"),
    [
        ("", "preferred"),
        (None, "preferred"),
        ("admitted", "admitted"),
        ("preferredTerm-admn-sts", "preferred"),
        ("admittedTerm-admn-sts", "admitted"),
        ("deprecatedTerm-admn-sts", "deprecated"),
        ("supersededTerm-admn-sts", "deprecated"),
        ("SupersededTerm-Admn-Sts", "deprecated"),
        ("legal", None),
    ],
)
def test_parse_status(value, status):
    assert parse_status(value) == status


@pytest.mark.parametrize(
    ("code", "lang"),
    [("vi", "vi"), ("vi-VN", "vi"), ("VI_vn", "vi"), ("en-GB", "en"), ("fr", None), (None, None)],
)
def test_language(code, lang):
    assert language(code) == lang


@pytest.mark.parametrize(
    ("raw", "fallback", "cid"),
    [
        ("cybersecurity", "x", "cybersecurity"),
        ("C-001", "x", "c-001"),
        ("_2015-report", "x", "2015-report"),
        ("Đe dọa mạng", "x", "de-doa-mang"),
        ("", "Cyber Threat", "cyber-threat"),
        ("---", "???", "concept"),
        ("45", "x", "c-45"),  # YAML would read these as a number, a boolean, null
        ("0x1F", "x", "c-0x1f"),
        ("No", "x", "c-no"),
        ("null", "x", "c-null"),
        ("1e3", "x", "1e3"),
    ],
)
def test_concept_id(raw, fallback, cid):
    assert concept_id(raw, fallback) == cid


def _format_imports(module: Path) -> set[str]:
    """The sibling modules of `formats/` that `module` imports, at any depth of its code."""
    found = set()
    for node in ast.walk(ast.parse(module.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.level == 1:
            names = [node.module] if node.module else [a.name for a in node.names]
            found.update(name.split(".")[0] for name in names)
    return found


def test_format_modules_import_no_cycle():
    package = Path(termexchange.__file__).parent
    graph = {p.stem: _format_imports(p) for p in package.glob("*.py")}
    assert "tbx" in graph["termexchange"] and "termtable" in graph["termexchange"]

    def reaches(start: str, target: str, seen: set[str]) -> bool:
        for nxt in graph.get(start, ()):
            if nxt == target or (nxt not in seen and reaches(nxt, target, seen | {nxt})):
                return True
        return False

    assert [m for m in graph if reaches(m, m, set())] == []
