"""glossary.py: loading through the one event reader, new fields, the concept hierarchy."""

from __future__ import annotations

import contextlib
import json
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import REALTEXTS as SHARED_REALTEXTS
from normcorpus.errors import GlossaryError, QueryError
from normcorpus.glossary import dump_yaml, load_glossary, make_glossary
from normcorpus.models import Concept, Term
from normcorpus.validate import validate_text

HEAD = "schema: normcorpus-glossary/1\nconcepts:\n"


def concept_yaml(cid: str, vi: str, en: str, extra: str = "") -> str:
    return f"  - id: {cid}\n    vi: [{vi!r}]\n    en: [{en!r}]\n{extra}"


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "g.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_abbr_en_and_broader_load_and_dump_round_trip(tmp_path):
    text = HEAD + concept_yaml("sovereignty", "chủ quyền", "sovereignty")
    text += concept_yaml(
        "state-sovereignty",
        "chủ quyền quốc gia",
        "national sovereignty",
        "    abbr_en: [NS]\n    broader: [sovereignty]\n",
    )
    glossary = load_glossary(write(tmp_path, text))
    state = glossary.concept("state-sovereignty")
    assert state is not None
    assert state.broader == ("sovereignty",)
    assert state.abbr_en == ("NS",)
    assert state.en_abbreviations() == ("NS",)
    again = load_glossary(write(tmp_path, dump_yaml(glossary)))
    assert again.concepts == glossary.concepts
    assert again.digest == glossary.digest


def test_fields_absent_keep_the_digest_of_older_glossaries():
    plain = Concept("x", (Term("an ninh mạng"),), (Term("cybersecurity"),))
    assert "broader" not in plain.to_dict() and "abbr_en" not in plain.to_dict()
    assert Concept.from_dict(plain.to_dict()) == plain


@pytest.mark.parametrize(
    ("body", "message"),
    [
        # libyaml parses an impossible date and Python cannot build it: one located line.
        (concept_yaml("x", "an ninh", "security", "    note: 2018-13-45\n"), "a date"),
        # A surrogate escape: PyYAML's pure-Python reader takes it, libyaml does not.
        (concept_yaml("x", "an ninh", "security", '    note: "\\ud800"\n'), "escape"),
        (concept_yaml("x", "an ninh", "security", "    broader: sovereignty\n"), "a list"),
        (concept_yaml("x", "an ninh", "security", "    abbr_en: [1]\n"), "a string"),
    ],
)
def test_what_validate_refuses_load_refuses_with_one_line(tmp_path, body, message):
    path = write(tmp_path, HEAD + body)
    report = validate_text(path.read_text(encoding="utf-8"), file=str(path))
    assert report.count("error") == 1
    with pytest.raises(GlossaryError, match=message) as caught:
        load_glossary(path)
    assert "\n" not in str(caught.value)
    assert str(caught.value).startswith(f"{path}:{report.problems[0].line}:")


def test_unknown_keys_are_reported_but_do_not_stop_loading(tmp_path):
    path = write(tmp_path, HEAD + concept_yaml("x", "an ninh", "security", "    defintion: y\n"))
    assert [p.rule for p in validate_text(path.read_text(), file="g").problems] == [
        "schema-unknown-key"
    ]
    assert load_glossary(path).concepts[0].id == "x"


# --- the hierarchy -------------------------------------------------------------------


def hierarchy():
    def concept(cid: str, *broader: str) -> Concept:
        return Concept(cid, (Term(cid),), (Term(cid),), broader=broader)

    return make_glossary(
        [
            concept("sovereignty"),
            concept("state-sovereignty", "sovereignty"),
            concept("digital-sovereignty", "sovereignty"),
            concept("data-sovereignty", "digital-sovereignty"),
            concept("cybersecurity"),
            concept("network-sovereignty", "digital-sovereignty", "cybersecurity"),
        ]
    )


@pytest.mark.parametrize(
    ("concept", "narrower"),
    [
        (
            "sovereignty",
            ("state-sovereignty", "digital-sovereignty", "data-sovereignty", "network-sovereignty"),
        ),
        ("digital-sovereignty", ("data-sovereignty", "network-sovereignty")),
        ("cybersecurity", ("network-sovereignty",)),
        ("data-sovereignty", ()),
        ("no-such-concept", ()),
    ],
)
def test_narrower_follows_links_at_any_depth_in_glossary_order(concept, narrower):
    glossary = hierarchy()
    assert glossary.narrower(concept) == narrower
    assert glossary.with_narrower(concept) == (concept, *narrower)


def test_narrower_terminates_on_a_cycle():
    a = Concept("a", (Term("a"),), (Term("a"),), broader=("b",))
    b = Concept("b", (Term("b"),), (Term("b"),), broader=("a",))
    glossary = make_glossary([a, b])
    assert glossary.narrower("a") == ("b",)
    assert glossary.with_narrower("b") == ("b", "a")


# --- the shipped glossary's sources ----------------------------------------------------

ROOT = Path(__file__).resolve().parents[1]
REALTEXTS = SHARED_REALTEXTS or Path("no-realtexts")  # absent: the tests that read it skip
CODIFICATION = REALTEXTS / "phapdien-3.1-an-toan-thong-tin-mang.txt"
IT_LAW = REALTEXTS / "itlaw-2006-67-2006-qh11.vi.txt"


def test_every_shipped_concept_names_its_source():
    glossary = load_glossary(ROOT / "glossary.yaml")
    assert len(glossary.concepts) >= 300
    unsourced = [c.id for c in glossary.concepts if "Source:" not in (c.note or "")]
    assert unsourced == []


def _articles(path: Path, header: str) -> dict[str, str]:
    """Article id -> its text, for the codification (`Điều 3.1.LQ.3`) or a law (`Điều 4`)."""
    from normcorpus import normalize

    articles: dict[str, list[str]] = {}
    current = None
    pattern = re.compile(header)
    for line in path.read_text(encoding="utf-8-sig").splitlines():
        found = pattern.match(line)
        if found:
            current = found.group(1)
        if current is not None:
            articles.setdefault(current, []).append(normalize.text(line))
    return {k: "\n".join(v).lower() for k, v in articles.items()}


@pytest.mark.skipif(not CODIFICATION.exists(), reason="../shared/realtexts is not here")
def test_cited_articles_hold_the_concepts_terms():
    """A note citing a codification article or an IT Law article: one of the concept's
    Vietnamese terms (or abbreviations) stands in that article."""
    codification = _articles(CODIFICATION, r"Điều (3\.1\.[A-ZĐ]+\.[0-9.]+?)\.? ")
    it_law = _articles(IT_LAW, r"Điều (\d+)[. ]")
    checked = 0
    for concept in load_glossary(ROOT / "glossary.yaml").concepts:
        terms = [t.term.lower() for t in concept.vi] + [a.lower() for a in concept.abbr]
        note = concept.note or ""
        cited = [codification.get(code, "") for code in re.findall(r"Điều (3\.1\.[^)]+)\)", note)]
        cited += [
            it_law.get(number, "")
            for number in re.findall(
                r"Luật Công nghệ thông tin 2006 \(67/2006/QH11\), Điều (\d+)", note
            )
        ]
        for text in cited:
            checked += 1
            assert any(term in text for term in terms), (concept.id, note)
    assert checked >= 100


# --- a glossary that validates clean is usable everywhere (issue 18) ------------------

# Pieces of terms that have broken readers before: query syntax, regex and TSV
# metacharacters, letters whose case mapping changes their length, ligatures,
# combining marks, Vietnamese letters, numbers and dates YAML would type.
_PIECES = (
    "an ninh",
    "mạng",
    "Đ",
    "ư",
    "ỹ",
    "İ",
    "ı",
    "ß",
    "ﬁ",
    "Ⅻ",
    "\u0301",
    "😀",
    "(",
    ")",
    "*",
    '"',
    "'",
    "\\",
    "-",
    "–",
    ":",
    "^",
    "AND",
    "NOT",
    "NEAR/2",
    "OR",
    "{0}",
    "%s",
    "1.500",
    "2018-13-45",
    "yes",
    "null",
    "x",
)
_term = st.lists(st.sampled_from(_PIECES), min_size=1, max_size=4).map(" ".join)


def _scalar(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)


@st.composite
def _glossaries(draw: st.DrawFn) -> str:
    count = draw(st.integers(1, 3))
    lines = [HEAD.rstrip("\n")]
    for index in range(count):
        lines += [
            f"  - id: c{index}",
            f"    vi: [{_scalar(draw(_term))}, {{term: {_scalar(draw(_term))}, status: admitted}}]",
            f"    en: [{_scalar(draw(_term))}]",
            f"    abbr: [{_scalar(draw(_term))}]",
            f"    abbr_en: [{_scalar(draw(_term))}]",
        ]
        if index:
            lines.append(f"    broader: [c{draw(st.integers(0, index - 1))}]")
        note = draw(st.one_of(_term, st.sampled_from(["2018-13-45", "yes", "~", "12:30"])))
        lines.append(f"    note: {draw(st.sampled_from([note, _scalar(note)]))}")
    return "\n".join(lines) + "\n"


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=_glossaries())
def test_a_glossary_that_validates_clean_works_in_ingest_check_and_search(text, tmp_path_factory):
    from normcorpus.check import check_pairs
    from normcorpus.filters import Filters
    from normcorpus.formats.bilingual import read_pairs
    from normcorpus.ingest import ingest
    from normcorpus.search import open_corpus

    report = validate_text(text, file="g.yaml")
    clean = not [p for p in report.problems if p.severity != "info"]
    tmp = tmp_path_factory.mktemp("g")
    path = write(tmp, text)
    if not clean:
        # What validate refuses, loading refuses with one located line, or loads.
        try:
            load_glossary(path)
        except GlossaryError as exc:
            assert "\n" not in str(exc)
        return
    glossary = load_glossary(path)
    terms = [t.term for c in glossary.concepts for t in (*c.vi, *c.en)]
    terms += [a for c in glossary.concepts for a in (*c.abbr, *c.abbr_en)]
    corpus = tmp / "corpus"
    corpus.mkdir()
    body = " ".join(f"Hai bên bàn về {t}." for t in terms)
    (corpus / "a.txt").write_text(f"Tiêu đề\n{body}\n", encoding="utf-8")
    ingest([corpus], data_dir=tmp / "data", glossary=glossary, jobs=1)
    found = open_corpus(tmp / "data", glossary=glossary)
    for query in terms:
        with contextlib.suppress(QueryError):  # a query the syntax refuses: a clean refusal
            found.search(query, limit=3)
    for concept in glossary.concepts:
        found.search(None, Filters(concept=concept.id), limit=3)
    pairs = tmp / "pairs.tsv"
    rows = [f"{c.vi[0].term}\t{c.en[0].term}" for c in glossary.concepts]
    pairs.write_text("vi\ten\n" + "\n".join(r.replace("\t", " ", 2) for r in rows), "utf-8")
    check_pairs(read_pairs(pairs), glossary)


def test_english_abbreviations_count_as_renderings(tmp_path):
    from normcorpus.check import check_pairs
    from normcorpus.formats.bilingual import read_pairs

    text = HEAD + concept_yaml(
        "information-technology",
        "công nghệ thông tin",
        "information technology",
        "    abbr: [CNTT]\n    abbr_en: [IT]\n",
    )
    glossary = load_glossary(write(tmp_path, text))
    pairs = tmp_path / "p.tsv"
    pairs.write_text(
        "vi\ten\nỨng dụng công nghệ thông tin.\tApplying IT.\n"
        "Ứng dụng công nghệ thông tin.\tApplying it.\n",
        encoding="utf-8",
    )
    missing = [
        (f.line, f.concept)
        for f in check_pairs(read_pairs(pairs), glossary).findings
        if f.rule == "term-missing"
    ]
    # "IT" renders the concept; the pronoun "it" does not (abbreviations match as written).
    assert missing == [(3, "information-technology")]
