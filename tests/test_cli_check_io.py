"""CLI: `normcorpus check` on bad, empty and unusual inputs (one line, exit 2), language
options, and the output formats (json, csv, github, sarif, html) on stdout and to files."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import REALTEXTS, TEST_DATA
from normcorpus.cli import app

DATA = TEST_DATA / "check"
GLOSSARY = str(DATA / "glossary.yaml")
TMX_HEAD = (
    '<?xml version="1.0"?><tmx version="1.4"><header creationtool="t" creationtoolversion="1"'
    ' segtype="sentence" o-tmf="t" adminlang="en" srclang="vi" datatype="plaintext"/><body>'
)


@pytest.fixture
def runner(cli_runner: CliRunner) -> CliRunner:
    return cli_runner


def check(runner: CliRunner, *args: str):  # type: ignore[no-untyped-def]
    return runner.invoke(app, ["check", *args, "--glossary", GLOSSARY], catch_exceptions=False)


@pytest.mark.parametrize(
    ("name", "text", "message"),
    [
        ("header.tsv", "id\tvi\ten\n", "no segments: nothing below the header row"),
        ("empty.tmx", TMX_HEAD + "</body></tmx>", "no segments: the TMX has no translation unit"),
        (
            "vi-fr.tmx",
            TMX_HEAD
            + '<tu><tuv xml:lang="vi"><seg>an ninh mạng</seg></tuv>'
            + '<tuv xml:lang="fr"><seg>cybersécurité</seg></tuv></tu></body></tmx>',
            "no English side; languages found: vi (1 <tuv>), fr (1 <tuv>)",
        ),
        ("html.xlf", "<html/>", "not an XLIFF file: its root element is <html>, not <xliff>"),
        ("deep.jsonl", '{"vi": ' + "[" * 100_000 + "]" * 100_000 + "}\n", "nested too deeply"),
        ("neither.tsv", "source\ttarget\nbonjour\thello\n", "cannot tell the languages"),
    ],
)
def test_bad_inputs_exit_2_with_one_line(
    runner: CliRunner, tmp_path: Path, name: str, text: str, message: str
) -> None:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    result = check(runner, str(path))
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr.count("\n") == 1 and result.stderr.startswith(f"normcorpus: error: {path}")
    assert message in result.stderr


def test_a_one_line_tmx_without_tuids_is_checked(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "one-line.tmx"
    units = [("an ninh mạng", "cybersecurity"), ("an ninh mạng", "network security")]
    path.write_text(
        TMX_HEAD
        + "".join(
            f'<tu><tuv xml:lang="vi"><seg>{vi}</seg></tuv><tuv xml:lang="en"><seg>{en}</seg>'
            "</tuv></tu>"
            for vi, en in units
        )
        + "</body></tmx>",
        encoding="utf-8",
    )
    result = check(runner, str(path), "--format", "json")
    assert result.exit_code == 1
    (row,) = [r for r in json.loads(result.stdout) if r["rule"] == "term-deprecated"]
    assert (row["segment"], row["line"]) == ("2", 1)


@pytest.mark.parametrize("fmt", ["table", "html"])
def test_a_lone_surrogate_never_crashes_table_or_html(
    runner: CliRunner, tmp_path: Path, fmt: str
) -> None:
    path = tmp_path / "x.jsonl"
    path.write_text('{"id": "a", "vi": "an ninh mạng \\ud800", "en": "x \\ud800"}\n', "utf-8")
    result = check(runner, str(path), "--format", fmt)
    assert result.exit_code == 1
    assert "\ufffd" in result.stdout
    assert "lone UTF-16 surrogate" in result.stderr


def test_languages_given_override_the_files(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "x.tsv"
    # `source`/`target` columns in no Vietnamese: told, the source is read as Vietnamese.
    path.write_text("source\ttarget\nan ninh mang\tcybersecurity\n", encoding="utf-8")
    assert check(runner, str(path)).exit_code == 2
    result = check(runner, str(path), "--source-lang", "vi", "--format", "json")
    assert result.exit_code == 0, result.stderr


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (("--source-lang", "fr"), "one must be Vietnamese (vi) and the other English (en)"),
        (("--source-lang", "vi", "--target-lang", "vi"), "one must be Vietnamese"),
        (("--corpus", "--target-lang", "vi"), "apply to bilingual files, not to --corpus"),
        (("-f", "xml"), "unknown format 'xml'"),
    ],
)
def test_language_and_format_usage_errors(
    runner: CliRunner, args: tuple[str, ...], words: str
) -> None:
    result = check(runner, str(DATA / "pairs.tsv"), *args)
    assert result.exit_code == 2 and words in result.stderr
    assert result.stderr.count("\n") == 1


@pytest.mark.skipif(REALTEXTS is None, reason="../shared/realtexts is not there")
def test_a_real_english_to_vietnamese_xliff_says_what_it_did(runner: CliRunner) -> None:
    assert REALTEXTS is not None
    path = REALTEXTS / "l10n" / "symfony-validators.vi.xlf"
    result = check(runner, str(path), "--format", "json")
    assert "English -> Vietnamese" in result.stderr
    rows = json.loads(result.stdout)
    assert rows and all((r["source_lang"], r["target_lang"]) == ("en", "vi") for r in rows)
    # Its units marked state="needs-translation" (the English copied as a
    # placeholder) are untranslated, read as empty: not a copy checked as a
    # translation, and said so on stderr.
    marked = [r for r in rows if r["rule"] == "untranslated"]
    assert len(marked) == 6 and all(r["target"] == "" for r in marked)
    assert not [r for r in rows if r["rule"] == "same-as-source"]
    assert '6 state="needs-translation"' in result.stderr


def test_csv_rows_carry_text_and_spans(runner: CliRunner) -> None:
    result = check(runner, str(DATA / "pairs.tsv"), "-f", "csv")
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    (row,) = [r for r in rows if (r["segment"], r["rule"]) == ("s9", "term-missing")]
    assert row["source"] == "Điều 5 quy định về chuẩn mực." and row["target"].startswith("Article")
    spans = json.loads(row["spans"])
    assert [(s["side"], s["text"]) for s in spans] == [("source", "chuẩn mực")]


def test_jsonl_is_one_row_a_line(runner: CliRunner) -> None:
    lines = check(runner, str(DATA / "pairs.tsv"), "-f", "jsonl").stdout.splitlines()
    rows = [json.loads(line) for line in lines]
    assert len(rows) == 8 and all("spans" in r and "source" in r for r in rows)


def test_github_and_sarif_formats(runner: CliRunner, tmp_path: Path) -> None:
    result = check(runner, str(DATA / "pairs.tsv"), "-f", "github")
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert len(lines) == 8 and all(line.startswith("::") for line in lines)
    out = tmp_path / "check.sarif"
    result = check(runner, str(DATA / "pairs.tsv"), "-f", "sarif", "-o", str(out))
    assert result.exit_code == 1 and result.stdout == ""
    log = json.loads(out.read_text(encoding="utf-8"))
    assert log["version"] == "2.1.0" and len(log["runs"][0]["results"]) == 8


def test_glossary_validate_writes_sarif(runner: CliRunner) -> None:
    result = runner.invoke(app, ["glossary", "validate", GLOSSARY, "-f", "sarif"])
    assert result.exit_code == 0
    log = json.loads(result.stdout)
    assert log["runs"][0]["results"] == [] and log["runs"][0]["tool"]["driver"]["rules"]


def test_output_to_a_directory_is_one_line(runner: CliRunner, tmp_path: Path) -> None:
    result = check(runner, str(DATA / "pairs.tsv"), "-f", "json", "-o", str(tmp_path))
    assert result.exit_code == 2 and "is a directory" in result.stderr
    assert result.stderr.count("\n") == 1
