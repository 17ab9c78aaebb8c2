"""CLI: `normcorpus check` and `normcorpus export` (exit codes, formats, stdout vs stderr)."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import CORPUS_DIR, STATEMENTS, TEST_DATA
from normcorpus.check import COLUMNS, check_files, finding_rows
from normcorpus.cli import app
from normcorpus.glossary import load_glossary

DATA = TEST_DATA / "check"
GLOSSARY = str(DATA / "glossary.yaml")
PAIRS = str(DATA / "pairs.tsv")


@pytest.fixture
def runner() -> CliRunner:
    try:
        return CliRunner(mix_stderr=False)  # type: ignore[call-arg]
    except TypeError:  # click >= 8.2 keeps stderr apart already
        return CliRunner()


def run(runner: CliRunner, *args: str):  # type: ignore[no-untyped-def]
    return runner.invoke(app, list(args), catch_exceptions=False)


def test_json_equals_the_library_report(runner: CliRunner) -> None:
    result = run(runner, "check", PAIRS, "--glossary", GLOSSARY, "--format", "json")
    assert result.exit_code == 1
    report = check_files([PAIRS], load_glossary(GLOSSARY))
    assert json.loads(result.stdout) == finding_rows(report)
    assert result.stderr == ""


def test_table_report_groups_by_segment(runner: CliRunner) -> None:
    result = run(runner, "check", PAIRS, "--glossary", GLOSSARY, "-f", "table")
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    start = lines.index(f"s8  {PAIRS}:10")
    assert lines[start + 1] == "  vi  Mối đe dọa đối với Liên minh Viễn thông Quốc tế."
    assert lines[start + 2] == "  en  Threats against the International Telecommunications Union."
    assert lines[start + 3].startswith(
        "  error   term-deprecated      “International Telecommunications Union”"
    )
    assert lines[-1] == "5 errors, 2 warnings, 1 info in 11 segments (1 file)"


def test_the_table_keeps_a_space_after_the_longest_rule_id(
    runner: CliRunner, tmp_path: Path
) -> None:
    pairs = tmp_path / "p.tsv"
    pairs.write_text("vi\ten\nGiá trị {0}.\tValue.\n", encoding="utf-8")
    result = run(runner, "check", str(pairs), "--glossary", GLOSSARY, "-f", "table")
    assert "  error   placeholder-mismatch placeholders differ" in result.stdout


@pytest.mark.parametrize(
    ("env", "colour", "styles"),
    [
        ({}, True, True),
        # no-color.org: NO_COLOR is about colour; underline and strike-through still
        # mark where a term stands (a decision: README, "Output")
        ({"NO_COLOR": "1"}, False, True),
        ({"NO_COLOR": "1", "TERM": "dumb"}, False, False),
    ],
)
def test_no_color_turns_colour_off_and_keeps_the_marks(
    runner: CliRunner, env: dict[str, str], colour: bool, styles: bool
) -> None:
    env = {"TTY_COMPATIBLE": "1", "COLUMNS": "100", "FORCE_COLOR": "", "NO_COLOR": "", **env}
    result = runner.invoke(app, ["check", PAIRS, "--glossary", GLOSSARY], env=env)
    params = [p.split(";") for p in re.findall(r"\x1b\[([0-9;]*)m", result.stdout)]
    coloured = any(re.fullmatch(r"3[0-8]|9[0-7]|4[0-8]|10[0-7]", c) for p in params for c in p)
    marked = any(c in ("4", "9") for p in params for c in p)  # underline, struck through
    assert (coloured, marked) == (colour, styles)


def test_on_an_80_column_terminal_wrapped_lines_stay_in_their_block(runner: CliRunner) -> None:
    # Lines longer than the terminal wrapped back to column 0, where a segment's
    # id starts: the finding's block could not be told from the next.
    env = {"TTY_COMPATIBLE": "1", "COLUMNS": "60", "NO_COLOR": "1"}
    result = runner.invoke(app, ["check", PAIRS, "--glossary", GLOSSARY], env=env)
    assert result.exit_code == 1
    lines = re.sub(r"\x1b\[[0-9;]*m", "", result.stdout).splitlines()
    assert max(len(line) for line in lines) <= 60
    heads = [line for line in lines if line and not line.startswith(" ")]
    # At column 0: segment ids (and their file:line) and the summary only.
    assert all(re.match(r"\S+  \S+:\d+$", line) for line in heads[:-1]), heads
    assert heads[-1] == "5 errors, 2 warnings, 1 info in 11 segments (1 file)"
    start = lines.index(f"s8  {PAIRS}:10")
    assert lines[start + 2] == "  en  Threats against the International Telecommunications"
    assert lines[start + 3] == "      Union."  # its continuation, under its text


def test_csv_has_the_finding_columns(runner: CliRunner) -> None:
    result = run(runner, "check", PAIRS, "--glossary", GLOSSARY, "-f", "csv")
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert list(rows[0])[:9] == [
        "segment",
        "rule",
        "severity",
        "concept",
        "expected",
        "found",
        "message",
        "file",
        "line",
    ]
    assert {(r["segment"], r["rule"]) for r in rows} >= {
        ("s8", "term-deprecated"),
        ("s9", "term-missing"),
    }


def test_html_to_a_file(runner: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "report.html"
    result = run(runner, "check", PAIRS, "--glossary", GLOSSARY, "-f", "html", "-o", str(out))
    assert result.exit_code == 1 and result.stdout == ""
    assert f"wrote {out}" in result.stderr
    page = out.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and "term-deprecated" in page


@pytest.mark.parametrize(
    ("args", "code"),
    [
        ((), 1),
        (("--fail-on", "never"), 0),
        (("--rules", "term-inconsistent,source-variant"), 0),
        (("--rules", "term-inconsistent", "--fail-on", "warning"), 1),
        (("--skip-rules", "term-missing,term-deprecated,untranslated"), 0),
        (
            (
                "--suppressions",
                str(DATA / "suppressions.yaml"),
                "--rules",
                "untranslated,unused-suppression",
            ),
            0,  # the one untranslated segment is suppressed
        ),
    ],
)
def test_exit_codes(runner: CliRunner, args: tuple[str, ...], code: int) -> None:
    assert run(runner, "check", PAIRS, "--glossary", GLOSSARY, *args).exit_code == code


def test_clean_file_exits_0(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "clean.jsonl"
    path.write_text(
        '{"id": "a", "vi": "An ninh mạng.", "en": "Cybersecurity."}\n', encoding="utf-8"
    )
    result = run(runner, "check", str(path), "--glossary", GLOSSARY, "-f", "table")
    assert result.exit_code == 0
    assert result.stdout == "0 errors, 0 warnings, 0 info in 1 segment (1 file)\n"


def test_piped_the_report_is_tsv_and_its_count_a_message(runner: CliRunner, tmp_path: Path) -> None:
    # As search and align write to a pipe: rows for the next program (the table
    # was written, one line each, where `cut -f` or a spreadsheet expects TSV).
    result = run(runner, "check", PAIRS, "--glossary", GLOSSARY)
    assert result.exit_code == 1
    rows = list(csv.DictReader(io.StringIO(result.stdout), delimiter="\t", quoting=csv.QUOTE_NONE))
    report = check_files([PAIRS], load_glossary(GLOSSARY))
    assert [(r["segment"], r["rule"]) for r in rows] == [
        (f.segment, f.rule) for f in report.findings
    ]
    assert list(rows[0]) == list(COLUMNS)
    assert result.stderr == "normcorpus: 5 errors, 2 warnings, 1 info in 11 segments (1 file)\n"
    # -o without --format: the table, a report to read, as before
    out = tmp_path / "report.txt"
    assert run(runner, "check", PAIRS, "--glossary", GLOSSARY, "-o", str(out)).exit_code == 1
    assert out.read_text(encoding="utf-8").endswith("in 11 segments (1 file)\n")


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (("--rules", "no-such-rule"), "unknown rule no-such-rule"),
        (("--fail-on", "sometimes"), "unknown --fail-on"),
        (("-f", "yaml"), "unknown format"),
        (("--input-format", "po"), "unknown input format"),
    ],
)
def test_usage_errors_exit_2(runner: CliRunner, args: tuple[str, ...], words: str) -> None:
    result = run(runner, "check", PAIRS, "--glossary", GLOSSARY, *args)
    assert result.exit_code == 2
    assert words in result.stderr and result.stdout == ""


@pytest.mark.parametrize(
    "name", ["binary.tsv", "legacy-cp1258.tsv", "xxe.tmx", "billion-laughs.xlf", "malformed.tmx"]
)
def test_unreadable_files_exit_2_with_one_line(runner: CliRunner, name: str) -> None:
    result = run(runner, "check", str(DATA / name), "--glossary", GLOSSARY)
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr.count("\n") == 1
    assert result.stderr.startswith(f"normcorpus: error: {DATA / name}")


def test_no_files_is_a_usage_error(runner: CliRunner) -> None:
    result = run(runner, "check", "--glossary", GLOSSARY)
    assert result.exit_code == 2 and "--corpus" in result.stderr


def test_list_rules(runner: CliRunner) -> None:
    result = run(runner, "check", "--list-rules", "-f", "json")
    rules = {r["rule"]: r["severity"] for r in json.loads(result.stdout)}
    assert rules["term-missing"] == "error" and rules["term-inconsistent"] == "warning"
    assert rules["source-variant"] == "info" and rules["stale"] == "error"


shipped = pytest.mark.skipif(
    not all((CORPUS_DIR / f"{doc}.en.tsv").exists() for doc in STATEMENTS),
    reason="the shipped translations corpus/*.en.tsv are not there yet",
)


@shipped
def test_check_corpus_passes_in_ci(runner: CliRunner, corpus_data_dir: Path) -> None:
    result = run(
        runner,
        "check",
        "--corpus",
        str(CORPUS_DIR),
        "--data-dir",
        str(corpus_data_dir),
        "-f",
        "json",
    )
    assert result.exit_code == 0, result.stdout
    assert [f for f in json.loads(result.stdout) if f["severity"] == "error"] == []


def test_check_corpus_without_a_corpus_directory_says_what_to_name(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = run(runner, "check", "--corpus", "--glossary", str(GLOSSARY))
    assert result.exit_code == 2
    assert result.stderr == (
        "normcorpus: error: corpus/: no such directory here; name your statements or their"
        " directory (`normcorpus check --corpus DIR`)\n"
    )


# --- export ----------------------------------------------------------------------------


@shipped
@pytest.mark.parametrize("fmt", ["tmx", "xliff", "tsv", "jsonl"])
def test_export_reads_back_and_checks_clean(
    runner: CliRunner, corpus_data_dir: Path, tmp_path: Path, fmt: str
) -> None:
    out = tmp_path / f"corpus.{'xlf' if fmt == 'xliff' else fmt}"
    result = run(
        runner, "export", "--format", fmt, "--data-dir", str(corpus_data_dir), "-o", str(out)
    )
    assert result.exit_code == 0
    assert result.stderr.startswith("normcorpus: exported ")
    check = run(runner, "check", str(out), "--format", "json")
    assert check.exit_code == 0, check.stdout
    assert {f["file"] for f in json.loads(check.stdout)} <= {str(out)}


@shipped
def test_exported_tsv_has_a_plain_header_row(runner: CliRunner, corpus_data_dir: Path) -> None:
    import csv
    import io

    result = run(runner, "export", "--format", "tsv", "--data-dir", str(corpus_data_dir))
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "id\tvi\ten\tdoc\thash\ttranslation"  # no `#` line first
    rows = list(csv.DictReader(io.StringIO(result.stdout), delimiter="\t"))
    assert len(rows) == len(lines) - 1 and all(len(r) == 6 for r in rows)
    assert {r["translation"] for r in rows} == {"unofficial"}
    assert all(r["id"].startswith(r["doc"] + ":") for r in rows)


@shipped
def test_exported_tmx_is_tmx_1_4_for_cat_tools(runner: CliRunner, corpus_data_dir: Path) -> None:
    from translate.storage.tmx import tmxfile

    result = run(runner, "export", "--data-dir", str(corpus_data_dir))
    data = result.stdout_bytes
    assert data.startswith(b'<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4">')
    store = tmxfile(io.BytesIO(data))
    header = store.document.getroot().find("header")
    assert {
        k: header.get(k)
        for k in ("srclang", "segtype", "o-tmf", "adminlang", "datatype", "creationtool")
    } == {
        "srclang": "vi",
        "segtype": "sentence",
        "o-tmf": "normcorpus",
        "adminlang": "en",
        "datatype": "plaintext",
        "creationtool": "normcorpus",
    }
    first = store.units[0]
    assert first.getid() == "asean-2018-cybersecurity:p01.s01.c01"
    assert first.source.startswith("Tại Hội nghị thượng đỉnh")
    assert first.target.startswith("At this Summit")
    assert (
        run(runner, "export", "--data-dir", str(corpus_data_dir)).stdout_bytes == data
    )  # deterministic


@shipped
def test_exported_xliff_is_xliff_1_2(runner: CliRunner, corpus_data_dir: Path) -> None:
    from translate.storage.xliff import xlifffile

    result = run(
        runner,
        "export",
        "-f",
        "xliff",
        "--data-dir",
        str(corpus_data_dir),
        "--doc",
        "vn-ru-2017-infosec",
    )
    store = xlifffile(io.BytesIO(result.stdout_bytes))
    assert store.getsourcelanguage() == "vi" and store.gettargetlanguage() == "en"
    ids = [unit.xmlelement.get("id") for unit in store.units]
    assert ids[0] == "vn-ru-2017-infosec:p01.s01.c01" and all(
        i.startswith("vn-ru-2017-infosec:") for i in ids
    )


def test_export_without_an_index_exits_2(runner: CliRunner, tmp_path: Path) -> None:
    result = run(runner, "export", "--data-dir", str(tmp_path / "none"))
    assert result.exit_code == 2 and "normcorpus ingest" in result.stderr


def test_export_of_an_unknown_document_exits_2(runner: CliRunner, corpus_data_dir: Path) -> None:
    result = run(runner, "export", "--data-dir", str(corpus_data_dir), "--doc", "nope")
    assert result.exit_code == 2 and "no document 'nope'" in result.stderr


@shipped
def test_show_prints_the_english(runner: CliRunner, corpus_data_dir: Path) -> None:
    result = run(
        runner, "show", "vn-ru-2017-infosec:p01.s01.c01", "--data-dir", str(corpus_data_dir)
    )
    assert "en (unofficial): The President of the Socialist Republic of Viet Nam" in result.stdout
    result = run(
        runner,
        "show",
        "vn-ru-2017-infosec:p01.s01.c01",
        "--data-dir",
        str(corpus_data_dir),
        "-f",
        "json",
    )
    translation = json.loads(result.stdout)["translation"]
    assert translation["stale"] is False and translation["en"].startswith("The President")


def test_a_directory_is_named_as_one(runner: CliRunner, tmp_path: Path) -> None:
    # A directory has no extension: it was "cannot tell the format from the extension '(none)'".
    folder = tmp_path / "files"
    folder.mkdir()
    result = run(runner, "check", str(folder), "--glossary", GLOSSARY)
    assert result.exit_code == 2
    expected = f"normcorpus: error: {folder}: is a directory, not a bilingual file"
    assert result.stderr.strip() == expected
