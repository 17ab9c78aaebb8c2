"""validate.py: one fixture per rule, located exactly; bombs refused fast; the schema agrees."""

from __future__ import annotations

import json
import tracemalloc
from importlib import resources
from pathlib import Path

import jsonschema
import pytest
import yaml

from normcorpus.errors import GlossaryError
from normcorpus.models import ClauseRecord, Problem, Structure, TermMatch
from normcorpus.validate import (
    RULES,
    format_github,
    format_text,
    validate_glossary,
    validate_text,
)

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data" / "glossary"

# fixture (tests/data/glossary/<rule>.yaml), severity, line, column: the one problem it has.
RULE_CASES = [
    ("yaml-syntax", "error", 4, 22),
    ("yaml-alias", "error", 11, 9),
    ("yaml-too-deep", "error", 10, 40),
    ("yaml-duplicate-key", "error", 15, 5),
    ("schema-version", "error", 1, 9),
    ("schema-unknown-key", "error", 15, 5),
    ("schema-wrong-type", "error", 9, 11),
    ("schema-wrong-value", "error", 2, 33),
    ("schema-missing-key", "error", 10, 5),
    ("schema-unknown-status", "error", 14, 38),
    ("invalid-concept-id", "error", 10, 9),
    ("duplicate-concept-id", "error", 10, 9),
    ("empty-term", "error", 7, 16),
    ("term-not-nfc", "error", 12, 16),
    ("term-whitespace", "error", 12, 16),
    ("bad-character", "error", 11, 16),
    ("duplicate-term", "error", 9, 16),
    ("duplicate-vi-term", "error", 13, 16),
    ("no-preferred-en", "error", 13, 5),
    ("unknown-broader", "error", 14, 28),
    ("unknown-homograph", "error", 9, 28),
    ("broader-cycle", "error", 15, 15),
    ("exclude-without-term", "error", 10, 29),
    ("exclude-is-term", "error", 10, 32),
    ("multiple-preferred", "warning", 15, 16),
    ("preferred-and-deprecated", "warning", 9, 16),
    ("shared-preferred-en", "warning", 14, 16),
    ("shared-abbreviation", "warning", 15, 12),
    ("old-tone-placement", "warning", 17, 16),
    ("homograph-unshared", "warning", 14, 18),
]
# Rules that need the corpus; tested below.
CORPUS_RULES = {"concept-unused", "term-only-variant", "corpus-skipped"}


@pytest.mark.parametrize(("rule", "severity", "line", "column"), RULE_CASES)
def test_each_rule_fixture_triggers_exactly_that_rule(rule, severity, line, column):
    path = DATA / f"{rule}.yaml"
    report = validate_glossary(path)
    assert [(p.rule, p.severity, p.line, p.column) for p in report.problems] == [
        (rule, severity, line, column)
    ]
    assert report.problems[0].file == str(path)
    assert "\n" not in report.problems[0].message


def test_every_rule_is_tested_and_has_its_documented_severity():
    assert {case[0] for case in RULE_CASES} | CORPUS_RULES == set(RULES)
    assert {rule: RULES[rule].severity for rule, *_ in RULE_CASES} == {
        rule: severity for rule, severity, *_ in RULE_CASES
    }
    docs = (ROOT / "docs" / "glossary.md").read_text(encoding="utf-8")
    for rule in RULES.values():
        assert f"`{rule.id}` | {rule.severity} | {rule.doc} |" in docs, rule.id


@pytest.mark.parametrize("name", ["valid.yaml", "homographs-declared.yaml"])
def test_valid_fixtures_are_clean_even_strict(name):
    assert validate_glossary(DATA / name, strict=True).problems == ()


def test_strict_reports_warnings_as_errors():
    path = DATA / "multiple-preferred.yaml"
    assert [p.severity for p in validate_glossary(path).problems] == ["warning"]
    assert [p.severity for p in validate_glossary(path, strict=True).problems] == ["error"]


def test_alias_bomb_is_refused_without_expansion():
    tracemalloc.start()
    report = validate_glossary(DATA / "alias-bomb.yaml")
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert peak < 5_000_000  # expanded, it would be 9**9 strings
    assert {p.rule for p in report.problems} == {"yaml-alias"}
    assert len(report.problems) == 8 * 9  # every alias reported, none resolved
    first = report.problems[0]
    assert (first.line, first.column) == (2, 8)
    assert first.message.startswith("YAML alias *a is not allowed")


def test_nesting_bomb_is_refused():
    # Its cost is make bench's business; here, that it is refused at the first line.
    report = validate_text("[" * 100_000 + "]" * 100_000, file="deep.yaml")
    assert [(p.rule, p.line) for p in report.problems] == [("yaml-too-deep", 1)]


@pytest.mark.parametrize(
    ("text", "rule", "line", "column"),
    [
        ("", "schema-wrong-type", 1, 1),
        ("- a\n- b\n", "schema-wrong-type", 1, 1),
        ("schema: normcorpus-glossary/1\n", "schema-missing-key", 1, 1),
        ("schema: normcorpus-glossary/1\nconcepts: {}\n", "schema-wrong-type", 2, 11),
        ("a: 1\n---\nb: 2\n", "yaml-syntax", 2, 1),
        ("schema: normcorpus-glossary/1\nconcepts: []\n\x07\n", "yaml-syntax", 3, 1),
    ],
)
def test_malformed_documents(text, rule, line, column):
    report = validate_text(text, file="g.yaml")
    assert (report.problems[0].rule, report.problems[0].line, report.problems[0].column) == (
        rule,
        line,
        column,
    )


def test_missing_file_raises():
    with pytest.raises(GlossaryError, match="glossary not found"):
        validate_glossary(DATA / "no-such.yaml")


def _record(doc: str, n: int, *matches: tuple[str, str, str]) -> ClauseRecord:
    return ClauseRecord(
        id=f"{doc}:p01.s01.c{n:02d}",
        doc=doc,
        para=1,
        sent=1,
        clause=n,
        text="…",
        start=0,
        end=1,
        words=(),
        structure=Structure(),
        hash="0",
        terms=tuple(
            TermMatch(concept, term, term, "x", 0, 1, kind, 1.0)  # type: ignore[arg-type]
            for concept, term, kind in matches
        ),
    )


def test_corpus_rules_with_records():
    records = [
        _record("a", 1, ("cybersecurity", "an ninh mạng", "folded")),
        _record("b", 1, ("cybersecurity", "an ninh mạng", "fuzzy")),
    ]
    report = validate_glossary(DATA / "corpus-rules.yaml", corpus_records=records, strict=True)
    assert [(p.rule, p.severity, p.line, p.column) for p in report.problems] == [
        ("term-only-variant", "info", 6, 16),
        ("concept-unused", "info", 10, 9),
    ]
    assert "only as folded or fuzzy matches" in report.problems[0].message
    assert "(2 documents)" in report.problems[1].message


def test_an_exact_match_anywhere_silences_term_only_variant():
    records = [
        _record("a", 1, ("cybersecurity", "an ninh mạng", "folded")),
        _record("a", 2, ("cybersecurity", "an ninh mạng", "exact")),
        _record("a", 3, ("cyberspace", "không gian mạng", "variant")),
    ]
    report = validate_glossary(DATA / "corpus-rules.yaml", corpus_records=records)
    assert report.problems == ()


def test_corpus_rules_on_a_real_corpus():
    # Reads, segments (underthesea) and aligns two one-line statements.
    report = validate_glossary(DATA / "corpus-rules.yaml", corpus=[DATA / "corpus"])
    assert [(p.rule, p.line) for p in report.problems] == [
        ("term-only-variant", 6),
        ("concept-unused", 10),
    ]


def test_corpus_checks_are_skipped_while_the_glossary_has_errors():
    report = validate_glossary(DATA / "duplicate-term.yaml", corpus_records=[])
    assert [p.rule for p in report.problems] == ["duplicate-term", "corpus-skipped"]
    assert report.problems[1].severity == "info"


def test_shipped_glossary_is_clean_strictly_against_the_corpus():
    report = validate_glossary(ROOT / "glossary.yaml", corpus=[ROOT / "corpus"], strict=True)
    assert [p for p in report.problems if p.severity != "info"] == []


def test_shipped_glossary_points_editors_at_the_schema():
    first = (ROOT / "glossary.yaml").read_text(encoding="utf-8").splitlines()[0]
    schema = "./src/normcorpus/resources/glossary.schema.json"
    assert first == f"# yaml-language-server: $schema={schema}"
    assert (ROOT / first.split("=", 1)[1]).is_file()


# --- the JSON Schema agrees with the validator -----------------------------------


def _schema() -> dict:
    text = resources.files("normcorpus").joinpath("resources/glossary.schema.json").read_text()
    return json.loads(text)


def test_schema_is_a_valid_draft_2020_12_schema():
    schema = _schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["$id"]
    assert schema["additionalProperties"] is False


# What the schema alone rejects: its own rules, and the id pattern, empty terms,
# and the nesting fixture (a note that is a list).
SCHEMA_REJECTS = {
    "schema-version",
    "schema-unknown-key",
    "schema-wrong-type",
    "schema-wrong-value",
    "schema-missing-key",
    "schema-unknown-status",
    "invalid-concept-id",
    "empty-term",
    "yaml-too-deep",
}


@pytest.mark.parametrize("rule", [case[0] for case in RULE_CASES if case[0] != "yaml-syntax"])
def test_schema_agrees_with_the_validator(rule):
    data = yaml.safe_load((DATA / f"{rule}.yaml").read_text(encoding="utf-8"))
    valid = jsonschema.Draft202012Validator(_schema()).is_valid(data)
    assert valid is (rule not in SCHEMA_REJECTS)


def test_schema_accepts_the_shipped_and_valid_glossaries():
    validator = jsonschema.Draft202012Validator(_schema())
    for path in (ROOT / "glossary.yaml", DATA / "valid.yaml"):
        validator.validate(yaml.safe_load(path.read_text(encoding="utf-8")))


# --- rendering ---------------------------------------------------------------------


def test_text_and_github_formats():
    report = validate_glossary(DATA / "duplicate-term.yaml")
    file = str(DATA / "duplicate-term.yaml")
    assert format_text(report) == (
        f"{file}:9:16: error [duplicate-term] 'cybersecurity' is listed twice in concept"
        " 'cybersecurity' (first at line 8)\n"
    )
    assert format_github(report) == (
        f"::error file={file},line=9,col=16,title=duplicate-term::'cybersecurity' is listed"
        " twice in concept 'cybersecurity' (first at line 8)\n"
    )


def test_github_format_escapes_and_maps_severities():
    from normcorpus.models import Report

    report = Report(
        (
            Problem("a-rule", "warning", "50% done\nnext", "dir,x/g:1.yaml", 3, 4),
            Problem("b-rule", "info", "fine", None, None, None),
        )
    )
    assert format_github(report).splitlines() == [
        "::warning file=dir%2Cx/g%3A1.yaml,line=3,col=4,title=a-rule::50%25 done%0Anext",
        "::notice title=b-rule::fine",
    ]


def test_an_excluded_phrase_twice_in_a_concept_is_a_duplicate(tmp_path):
    # Compared as Vietnamese terms are: case and tone placement aside.
    path = tmp_path / "g.yaml"
    path.write_text(
        "schema: normcorpus-glossary/1\nconcepts:\n  - id: cooperation\n"
        '    vi: ["hợp tác"]\n    en: [cooperation]\n'
        '    exclude: ["hợp tác xã", "Hợp Tác Xã"]\n',
        encoding="utf-8",
    )
    report = validate_glossary(path)
    assert [(p.rule, p.line, p.column) for p in report.problems] == [("duplicate-term", 6, 29)]


def test_an_excluded_phrase_without_diacritics_compares_in_any_case(tmp_path):
    # `Hop tac xa` (typed bare, capitalised) holds `hop tac` as `Hợp tác xã` holds
    # `hợp tác`: an ASCII phrase is compared as a Vietnamese one is, case aside.
    path = tmp_path / "g.yaml"
    path.write_text(
        "schema: normcorpus-glossary/1\nconcepts:\n  - id: cooperation\n"
        '    vi: ["hợp tác", {term: "hop tac", status: admitted}]\n    en: [cooperation]\n'
        '    exclude: ["Hợp tác xã", "Hop tac xa", "HOP TAC"]\n',
        encoding="utf-8",
    )
    report = validate_glossary(path)
    assert [(p.rule, p.line, p.column) for p in report.problems] == [("exclude-is-term", 6, 43)]


def test_an_excluded_phrase_may_hold_the_terms_letters_with_other_marks(tmp_path):
    # `thủ trưởng cơ quan` (head of an agency) typed bare spells `thứ trưởng` (deputy
    # minister): a phrase the aligner can use; one that holds neither still cannot.
    path = tmp_path / "g.yaml"
    path.write_text(
        "schema: normcorpus-glossary/1\nconcepts:\n  - id: deputy-minister\n"
        '    vi: ["Thứ trưởng"]\n    en: [Deputy Minister]\n'
        '    exclude: ["thủ trưởng cơ quan", "thư ký cơ quan"]\n',
        encoding="utf-8",
    )
    report = validate_glossary(path)
    assert [(p.rule, p.line) for p in report.problems] == [("exclude-without-term", 6)]


def _three_states(links: dict[str, list[str]]) -> str:
    """Three concepts that prefer the English `state`, with these homograph links."""
    vi = {"a": "nhà nước", "b": "trạng thái", "c": "bang"}
    return "schema: normcorpus-glossary/1\nconcepts:\n" + "".join(
        f"  - id: {c}\n    vi:\n      - {{term: {vi[c]}, status: preferred}}\n"
        f"    en:\n      - {{term: state, status: preferred}}\n"
        f"    homographs: [{', '.join(links.get(c, []))}]\n"
        for c in "abc"
    )


def test_a_preferred_english_term_of_three_concepts_is_shared_by_each_pair():
    # Every pair declared: nothing to say (b-c shares `state` as a-b and a-c do).
    every = validate_text(_three_states({"a": ["b", "c"], "b": ["c"]}), file="g.yaml")
    assert [p.rule for p in every.problems] == []
    # b-c undeclared: reported, as a Vietnamese term of three concepts is.
    report = validate_text(_three_states({"a": ["b", "c"]}), file="g.yaml")
    assert [(p.rule, p.line) for p in report.problems] == [("shared-preferred-en", 19)]
    assert "concept 'c'" in report.problems[0].message
    assert "concept 'b'" in report.problems[0].message
