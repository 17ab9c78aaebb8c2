"""glossary.py: loading through the one event reader, new fields, the concept hierarchy."""

from __future__ import annotations

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
