"""glossary.py: loading through the one event reader, new fields, the concept hierarchy."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from normcorpus.errors import GlossaryError
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
REALTEXTS = ROOT.parent.parent / "shared" / "realtexts"
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
