"""The HTML check report in a real browser: filters, spans, marking false positives, and the
suppression file it downloads, which `normcorpus check --suppressions` then reads."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select
from typer.testing import CliRunner

from conftest import TEST_DATA
from normcorpus.cli import app
from web.conftest import wait_for_download

DATA = TEST_DATA / "check"
GLOSSARY = str(DATA / "glossary.yaml")


def check(*args: str) -> Any:
    return CliRunner().invoke(app, ["check", *args, "--glossary", GLOSSARY], catch_exceptions=False)


@pytest.fixture
def report(tmp_path: Path) -> Path:
    out = tmp_path / "report.html"
    result = check(str(DATA / "pairs.tsv"), "--format", "html", "-o", str(out))
    assert result.exit_code == 1
    return out


def shown(driver: Any) -> list[tuple[str, str]]:
    """(segment, rule) of the findings on screen."""
    return [
        (li.get_attribute("data-segment"), li.get_attribute("data-rule"))
        for li in driver.find_elements(By.CSS_SELECTOR, "li.finding")
        if li.is_displayed()
    ]


def test_filters_by_severity_rule_and_concept(page: Any, report: Path) -> None:
    page.get(report.as_uri())
    everything = shown(page)
    assert len(everything) == 9 and ("s9", "term-missing") in everything
    status = page.find_element(By.NAME, "shown")
    assert status.text == "9 of 9 findings shown"
    # Without errors: only warnings and info.
    page.find_element(By.CSS_SELECTOR, "input[name=severity][value=error]").click()
    assert {rule for _s, rule in shown(page)} == {
        "number-mismatch",
        "source-variant",
        "term-inconsistent",
    }
    assert status.text == "3 of 9 findings shown"
    # Segments left with nothing to show are hidden with their text.
    hidden = page.find_element(By.XPATH, "//li[@data-segment='s9']/ancestor::section")
    assert not hidden.is_displayed()
    page.find_element(By.CSS_SELECTOR, "input[name=severity][value=error]").click()
    rule = Select(page.find_element(By.NAME, "rule"))
    rule.select_by_value("term-missing")
    assert shown(page) == [("s9", "term-missing"), ("s11", "term-missing")]
    rule.select_by_value("")
    concept = Select(page.find_element(By.NAME, "concept"))
    concept.select_by_value("cybersecurity")
    assert {s for s, _r in shown(page)} == {"s3", "s6", "s11"}
    concept.select_by_value("~none")  # findings without a concept
    assert {r for _s, r in shown(page)} == {"number-mismatch", "untranslated"}
    concept.select_by_value("")
    assert len(shown(page)) == 9


def test_a_findings_spans_are_highlighted(page: Any, report: Path) -> None:
    page.get(report.as_uri())
    finding = page.find_element(By.CSS_SELECTOR, "li[data-segment=s8][data-rule=term-deprecated]")
    marks = page.find_elements(By.CSS_SELECTOR, f'mark[data-f~="{finding.get_attribute("id")}"]')
    assert [m.text for m in marks] == [
        "Liên minh Viễn thông Quốc tế",
        "International Telecommunications Union",
    ]
    assert "bad" in marks[1].get_attribute("class")  # the deprecated term, struck through
    ActionChains(page).move_to_element(finding).perform()
    assert all("focus" in m.get_attribute("class") for m in marks)
    number = page.find_element(By.CSS_SELECTOR, "li[data-segment=s5][data-rule=number-mismatch]")
    (mark,) = page.find_elements(By.CSS_SELECTOR, f'mark[data-f~="{number.get_attribute("id")}"]')
    assert (mark.text, mark.get_attribute("class")) == ("15", "flag")


def test_marked_false_positives_download_as_suppressions_that_check_reads(
    page: Any, report: Path, downloads: Path, tmp_path: Path
) -> None:
    page.get(report.as_uri())
    download = page.find_element(By.NAME, "download")
    assert not download.is_enabled()
    finding = page.find_element(By.CSS_SELECTOR, "li[data-segment=s9][data-rule=term-missing]")
    finding.find_element(By.CSS_SELECTOR, "input.false-positive").click()
    finding.find_element(By.CSS_SELECTOR, "input.reason").send_keys(
        "“chuẩn mực” is a standard here"
    )
    copied = page.find_element(By.CSS_SELECTOR, "li[data-segment=s10][data-rule=untranslated]")
    copied.find_element(By.CSS_SELECTOR, "input.false-positive").click()  # the shared reason
    assert page.find_element(By.NAME, "marked").text == "2 findings marked as false positives."
    download.click()
    saved = wait_for_download(downloads, "suppressions.yaml")
    assert yaml.safe_load(saved.read_text(encoding="utf-8")) == [
        {
            "segment": "s9",
            "rule": "term-missing",
            "concept": "norm",
            "reason": "“chuẩn mực” is a standard here",
        },
        {
            "segment": "s10",
            "rule": "untranslated",
            "reason": "a false positive, marked in the check report",
        },
    ]
    # check reads it: both findings are gone, and nothing is reported unused.
    result = check(str(DATA / "pairs.tsv"), "--suppressions", str(saved), "--format", "json")
    import json

    rows = json.loads(result.stdout)
    left = {(r["segment"], r["rule"]) for r in rows}
    assert ("s9", "term-missing") not in left and ("s10", "untranslated") not in left
    assert len(rows) == 7 and "unused-suppression" not in {r["rule"] for r in rows}
    # The next report carries those suppressions into its next download.
    again = tmp_path / "again.html"
    check(str(DATA / "pairs.tsv"), "--suppressions", str(saved), "-f", "html", "-o", str(again))
    page.get(again.as_uri())
    saved.unlink()
    finding = page.find_element(By.CSS_SELECTOR, "li[data-segment=s11][data-rule=term-missing]")
    finding.find_element(By.CSS_SELECTOR, "input.false-positive").click()
    page.find_element(By.NAME, "download").click()
    entries = yaml.safe_load(wait_for_download(downloads, "suppressions.yaml").read_text("utf-8"))
    assert [(e["segment"], e["rule"]) for e in entries] == [
        ("s9", "term-missing"),
        ("s10", "untranslated"),
        ("s11", "term-missing"),
    ]


def test_without_javascript_everything_is_shown(tmp_path: Path, report: Path) -> None:
    # The page as served: controls hidden until the script shows them, no finding hidden,
    # and each finding with its suppression entry to copy.
    text = report.read_text(encoding="utf-8")
    assert '<form class="panel js" hidden' in text
    assert text.count('<details class="nojs">') == text.count('<li class="finding ') == 9
    entry = "- segment: &quot;s9&quot;\n  rule: term-missing\n  concept: &quot;norm&quot;"
    assert entry in text
