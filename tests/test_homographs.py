"""One Vietnamese term under two concepts (a homograph: `mã hóa` is encryption and
encoding): recorded as both, either's English accepted, reported as info, exported."""

from __future__ import annotations

import pytest

from normcorpus.align import Aligner
from normcorpus.check import check_pairs
from normcorpus.formats.bilingual import SegmentPair
from normcorpus.formats.tbx import export_tbx, import_tbx
from normcorpus.formats.termtable import export_table, import_table
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


def test_validate_calls_a_shared_term_info_not_an_error():
    report = validate_text(GLOSSARY, file="g.yaml")
    assert [(p.rule, p.severity, p.line) for p in report.problems] == [
        ("shared-vi-term", "info", 9)
    ]
    assert "encryption" in report.problems[0].message


def test_tbx_and_term_table_keep_both_concepts(glossary):  # type: ignore[no-untyped-def]
    def shared(g):  # type: ignore[no-untyped-def]
        return sorted(c.id for c in g.concepts if any(t.term in ("mã hóa", "mã hoá") for t in c.vi))

    tbx = export_tbx(glossary)
    assert tbx.count(b"<conceptEntry") == 3
    assert shared(import_tbx(tbx, name="g.tbx").glossary) == ["encoding", "encryption"]
    table = export_table(glossary).encode()
    assert shared(import_table(table, name="g.csv").glossary) == ["encoding", "encryption"]


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
