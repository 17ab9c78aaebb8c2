"""One Vietnamese term under two concepts (a homograph: `mã hóa` is encryption and
encoding): declared with `homographs`, recorded as both, either's English accepted,
an undeclared share an error of validation, the declaration exported and imported."""

from __future__ import annotations

import pytest

from normcorpus.align import Aligner
from normcorpus.check import check_pairs
from normcorpus.formats.bilingual import SegmentPair
from normcorpus.formats.tbx import TBX_NS, export_tbx, import_tbx
from normcorpus.formats.termexchange import export_glossary, import_glossary
from normcorpus.formats.termtable import import_table
from normcorpus.glossary import from_data
from normcorpus.validate import validate_text

GLOSSARY = """\
schema: normcorpus-glossary/1
languages: {source: vi, target: en}
concepts:
  - id: encryption
    vi: [{term: "mã hóa", status: preferred}]
    en: [{term: "encryption", status: preferred}, {term: "encrypt", status: admitted}]
    exclude: ["mã hóa ký tự"]
    homographs: [encoding]
  - id: encoding
    vi: [{term: "mã hóa", status: preferred}]
    en: [{term: "encoding", status: preferred}, {term: "encode", status: admitted}]
  - id: data
    vi: [{term: "dữ liệu", status: preferred}]
    en: [{term: "data", status: preferred}]
"""


@pytest.fixture(scope="module")
def glossary():  # type: ignore[no-untyped-def]
    import yaml

    return from_data(yaml.safe_load(GLOSSARY))


@pytest.mark.parametrize("compiled", [True, False])
@pytest.mark.parametrize(
    ("text", "kind"),
    [("Lỗi mã hóa dữ liệu", "exact"), ("Loi ma hoa du lieu", "folded")],
)
def test_both_concepts_are_recorded_at_one_span(glossary, compiled, text, kind):  # type: ignore[no-untyped-def]
    found = Aligner(glossary, compiled=compiled).find(text)
    at = [(m.concept, m.start, m.end, m.match, m.within) for m in found if m.concept != "data"]
    # the first in glossary order is the match, the other stands in it
    assert at == [("encryption", 4, 10, kind, None), ("encoding", 4, 10, kind, "encryption")]


def test_an_exclusion_of_one_homograph_leaves_the_other(glossary):  # type: ignore[no-untyped-def]
    found = Aligner(glossary).find("Mã hóa ký tự không hợp lệ")
    assert [(m.concept, m.within) for m in found] == [("encoding", None)]


def test_homographs_are_known_by_entry(glossary):  # type: ignore[no-untyped-def]
    aligner = Aligner(glossary)
    concepts = aligner.entries.concepts()
    pairs = {(concepts[i], concepts[j]) for i, js in aligner.homographs.items() for j in js}
    assert pairs == {("encryption", "encoding"), ("encoding", "encryption")}


def _findings(glossary, rows):  # type: ignore[no-untyped-def]
    pairs = [SegmentPair(f"s{k}", vi, en, "f.tsv", k + 1) for k, (vi, en) in enumerate(rows)]
    report = check_pairs(pairs, glossary, rules=["term-missing", "term-inconsistent"])
    return sorted((f.rule, f.concept) for f in report.findings)


def test_check_accepts_either_concepts_english(glossary):  # type: ignore[no-untyped-def]
    rows = [
        ("Phương pháp mã hoá không hợp lệ", "Invalid encoding method"),
        ("Không phải mã hóa DER", "Not DER encoded"),
        ("Lỗi mã hóa", "Encoding problem"),
        ("Mã hóa dữ liệu", "Encrypt the data"),
    ]
    # encoding ×3 and encryption ×1: each sense rendered alike, none inconsistent
    assert _findings(glossary, rows) == []


def test_check_reports_a_homograph_rendered_by_neither_once(glossary):  # type: ignore[no-untyped-def]
    assert _findings(glossary, [("Mã hóa dữ liệu", "Protect the data")]) == [
        ("term-missing", "encryption")
    ]


UNDECLARED = GLOSSARY.replace("    homographs: [encoding]\n", "")
REVERSE = UNDECLARED.replace(
    '{term: "encode", status: admitted}]\n',
    '{term: "encode", status: admitted}]\n    homographs: [encryption]\n',
)


@pytest.mark.parametrize("text", [GLOSSARY, REVERSE], ids=["declared", "declared-by-the-other"])
def test_a_declared_homograph_is_clean_even_strict(text):  # type: ignore[no-untyped-def]
    assert text != UNDECLARED
    assert validate_text(text, file="g.yaml").problems == ()


def test_an_undeclared_share_is_an_error_that_says_how_to_declare_it():
    report = validate_text(UNDECLARED, file="g.yaml")
    assert [(p.rule, p.severity, p.line, p.column) for p in report.problems] == [
        ("duplicate-vi-term", "error", 9, 17)
    ]
    assert "`homographs: [encryption]` in concept 'encoding'" in report.problems[0].message


def test_each_pair_of_three_owners_must_be_declared():
    third = GLOSSARY + (
        "  - id: cipher\n"
        '    vi: [{term: "mã hóa", status: admitted}, {term: "mật mã", status: preferred}]\n'
        '    en: [{term: "cipher", status: preferred}]\n'
        "    homographs: [encryption]\n"
    )
    report = validate_text(third, file="g.yaml")
    assert [(p.rule, p.line) for p in report.problems] == [("duplicate-vi-term", 16)]
    assert "concept 'encoding'" in report.problems[0].message
    declared = third.replace("homographs: [encryption]\n", "homographs: [encryption, encoding]\n")
    assert validate_text(declared, file="g.yaml").problems == ()


def test_an_undeclared_share_still_loads_and_is_aligned_as_a_homograph():
    """Loading refuses only what cannot make a Glossary; validation reports the rest
    (as for an unknown `broader` link), so ingest and check read an unvalidated
    undeclared share as the aligner always read it: both concepts recorded."""
    import yaml

    undeclared = from_data(yaml.safe_load(UNDECLARED))
    assert all(not c.homographs for c in undeclared.concepts)
    found = Aligner(undeclared).find("Lỗi mã hóa")
    assert [(m.concept, m.within) for m in found] == [
        ("encryption", None),
        ("encoding", "encryption"),
    ]


def _declared(g):  # type: ignore[no-untyped-def]
    return sorted((c.id, c.homographs) for c in g.concepts if any(t.term == "mã hóa" for t in c.vi))


@pytest.mark.parametrize("fmt", ["tbx", "tbx2008", "csv", "tsv", "json"])
def test_export_then_import_keeps_the_declaration(glossary, fmt, tmp_path):  # type: ignore[no-untyped-def]
    path = tmp_path / f"g.{fmt.replace('2008', '')}"
    path.write_bytes(export_glossary(glossary, fmt))
    result = import_glossary(path)
    assert result.glossary.concepts == glossary.concepts
    assert _declared(result.glossary) == [("encoding", ()), ("encryption", ("encoding",))]
    assert result.issues == ()


def test_tbx_writes_a_concept_level_cross_reference(glossary):  # type: ignore[no-untyped-def]
    from lxml import etree

    root = etree.fromstring(export_tbx(glossary))
    refs = root.xpath("//t:ref", namespaces={"t": TBX_NS})
    # TBX-Basic allows a crossReference at conceptEntry (or termSec) level only
    assert [
        (etree.QName(r.getparent()).localname, r.getparent().get("id"), r.get("type")) for r in refs
    ] == [("conceptEntry", "encryption", "crossReference")]
    assert (refs[0].get("target"), refs[0].text) == ("encoding", "encoding")


def test_a_tbx_cross_reference_between_unshared_concepts_is_reported_not_mapped():
    tbx = f"""<tbx type="TBX-Basic" style="dca" xml:lang="en" xmlns="{TBX_NS}"><text><body>
<conceptEntry id="malware"><ref type="crossReference" target="virus">virus</ref>
<langSec xml:lang="vi"><termSec><term>mã độc</term></termSec></langSec>
<langSec xml:lang="en"><termSec><term>malware</term></termSec></langSec></conceptEntry>
<conceptEntry id="virus"><ref type="crossReference" target="nothing">x</ref>
<langSec xml:lang="vi"><termSec><term>vi rút</term></termSec></langSec>
<langSec xml:lang="en"><termSec><term>virus</term></termSec></langSec></conceptEntry>
</body></text></tbx>""".encode()
    result = import_tbx(tbx, name="see-also.tbx")
    assert [c.homographs for c in result.glossary.concepts] == [(), ()]
    messages = [i.message for i in result.issues]
    assert any(m.startswith("crossReference between concepts that share no") for m in messages)
    assert "crossReference link 'nothing' names no imported concept: left out" in messages


def test_a_term_table_homographs_column_is_read():
    table = (
        "concept,lang,term,homographs\n"
        "encryption,vi,mã hóa,encoding\n"
        "encryption,en,encryption,\n"
        "encoding,vi,mã hóa,\n"
        "encoding,en,encoding,\n"
    ).encode()
    result = import_table(table, name="g.csv")
    assert _declared(result.glossary) == [("encoding", ()), ("encryption", ("encoding",))]


def test_a_crypto_asset_is_no_encoding_in_the_shipped_glossary():
    from normcorpus.glossary import load_glossary

    aligner = Aligner(load_glossary())
    found = aligner.find("Tổ chức cung cấp dịch vụ tài sản mã hóa; lỗi mã hóa dữ liệu.")
    at = [(m.concept, m.surface, m.within) for m in found if "mã hóa" in m.surface]
    assert at == [
        ("crypto-asset", "tài sản mã hóa", None),
        ("encryption", "mã hóa", "crypto-asset"),
        ("encryption", "mã hóa", None),
        ("encoding", "mã hóa", "encryption"),
    ]
