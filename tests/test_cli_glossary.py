"""`normcorpus glossary …` through CliRunner: exit codes, stdout vs stderr, JSON == library."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from lxml import etree
from typer.testing import CliRunner

from normcorpus import curate
from normcorpus.cli import app
from normcorpus.glossary import load_glossary
from normcorpus.store import Store
from normcorpus.validate import validate_glossary

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data" / "glossary"

runner = CliRunner()


def run(*args: str):
    return runner.invoke(app, ["glossary", *map(str, args)])


# --- validate ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "code"),
    [
        ([DATA / "valid.yaml"], 0),
        ([DATA / "duplicate-term.yaml"], 1),
        ([DATA / "multiple-preferred.yaml"], 0),  # a warning
        ([DATA / "multiple-preferred.yaml", "--strict"], 1),
        ([DATA / "duplicate-vi-term.yaml"], 1),  # a share no `homographs` declares
        ([DATA / "homographs-declared.yaml", "--strict"], 0),
        ([DATA / "unknown-homograph.yaml"], 1),
        ([DATA / "homograph-unshared.yaml"], 0),  # a warning
        ([DATA / "homograph-unshared.yaml", "--strict"], 1),
        ([DATA / "alias-bomb.yaml"], 2),  # not readable as YAML within limits
        ([DATA / "valid.yaml", DATA / "yaml-syntax.yaml"], 2),  # one file is not YAML
        ([DATA / "no-such.yaml"], 2),
        ([DATA / "valid.yaml", "--format", "xml"], 2),
    ],
)
def test_validate_exit_codes(args, code):
    assert run("validate", *args).exit_code == code


def test_validate_text_output_and_summary():
    result = run("validate", DATA / "duplicate-term.yaml")
    assert result.stdout == (
        f"{DATA / 'duplicate-term.yaml'}:9:16: error [duplicate-term] 'cybersecurity' is listed"
        " twice in concept 'cybersecurity' (first at line 8)\n"
    )
    assert result.stderr == "normcorpus: glossary: 1 error, 0 warnings, 0 info\n"


def test_an_undeclared_homograph_is_located_and_says_how_to_declare_it():
    path = DATA / "duplicate-vi-term.yaml"
    result = run("validate", path, "--format", "github")
    assert result.exit_code == 1
    assert result.stdout.startswith(
        f"::error file={path},line=13,col=16,title=duplicate-vi-term::"
    ), result.stdout
    assert "homographs: [cybersecurity]" in result.stdout


def test_a_file_that_is_not_yaml_is_one_line_on_stderr():
    result = run("validate", DATA / "yaml-syntax.yaml")
    assert result.exit_code == 2
    assert result.stderr.startswith(f"normcorpus: error: {DATA / 'yaml-syntax.yaml'}:")
    assert result.stderr.count("\n") == 1  # no summary line besides it
    assert "[yaml-syntax]" in result.stdout  # the report still places it


def test_validate_json_equals_the_library_report():
    path = DATA / "multiple-preferred.yaml"
    result = run("validate", path, "--format", "json", "--strict")
    assert json.loads(result.stdout) == validate_glossary(path, strict=True).to_dict()
    assert json.loads(result.stdout)["counts"] == {"error": 1, "warning": 0, "info": 0}


def test_validate_github_annotations():
    result = run("validate", DATA / "old-tone-placement.yaml", "--format", "github")
    assert result.exit_code == 0
    assert result.stdout == (
        f"::warning file={DATA / 'old-tone-placement.yaml'},line=17,col=16,"
        "title=old-tone-placement::Vietnamese term 'hoà bình' places tone marks the old way;"
        " write 'hòa bình'\n"
    )


def test_validate_missing_file_is_one_line_on_stderr():
    result = run("validate", DATA / "no-such.yaml")
    assert result.stdout == ""
    assert result.stderr == (
        f"normcorpus: error: {DATA / 'no-such.yaml'}: glossary not found (pass --glossary FILE)\n"
    )


def test_validate_with_corpus_reports_info_and_stays_clean():
    result = run("validate", DATA / "corpus-rules.yaml", "--strict", "--corpus", DATA / "corpus")
    assert result.exit_code == 0
    assert [line.split(" [")[1].split("]")[0] for line in result.stdout.splitlines()] == [
        "term-only-variant",
        "concept-unused",
    ]
    assert result.stderr == "normcorpus: glossary: 0 errors, 0 warnings, 2 info\n"


def test_shipped_glossary_validates_strictly_against_the_corpus(monkeypatch):
    monkeypatch.chdir(ROOT)
    result = run("validate", "--strict", "--corpus", "corpus/")
    assert result.exit_code == 0, result.stdout


# --- export / import -----------------------------------------------------------------


def test_export_tbx_to_stdout():
    result = run("export", "--glossary", DATA / "valid.yaml")
    assert result.exit_code == 0
    root = etree.fromstring(result.stdout_bytes)
    entries = root.findall("{urn:iso:std:iso:30042:ed-2}text/{*}body/{*}conceptEntry")
    assert [e.get("id") for e in entries] == ["cybersecurity", "cyberspace", "ict"]


@pytest.mark.parametrize("fmt", ["tbx", "tbx2008", "csv", "tsv", "json"])
def test_export_then_import_round_trips(fmt, tmp_path):
    exported = tmp_path / f"g.{fmt.replace('2008', '')}"
    result = run("export", "--glossary", DATA / "valid.yaml", "-f", fmt, "-o", exported)
    assert result.exit_code == 0
    assert result.stdout == ""
    assert result.stderr == f"normcorpus: wrote 3 concepts to {exported} ({fmt})\n"
    yaml_path = tmp_path / "imported.yaml"
    result = run("import", exported, "-o", yaml_path)
    assert result.exit_code == 0, result.stderr
    assert "everything mapped" in result.stderr
    original = load_glossary(DATA / "valid.yaml")
    assert load_glossary(yaml_path).concepts == original.concepts
    assert run("validate", yaml_path, "--strict").exit_code == 0


def test_import_never_overwrites_without_force(tmp_path):
    target = tmp_path / "glossary.yaml"
    target.write_text("keep me\n")
    result = run("import", DATA / "sample-2008.tbx", "-o", target)
    assert result.exit_code == 2
    assert result.stderr == f"normcorpus: error: {target}: exists; pass --force to overwrite it\n"
    assert target.read_text() == "keep me\n"
    assert run("import", DATA / "sample-2008.tbx", "-o", target, "--force").exit_code == 0
    assert load_glossary(target).concepts[0].id == "c-45"


def test_import_prints_yaml_and_its_report():
    result = run("import", DATA / "sample-v3-dca.tbx")
    assert result.exit_code == 0
    assert result.stdout.startswith("# yaml-language-server: $schema=")
    assert "  - id: c-001\n" in result.stdout
    assert (
        f"normcorpus: import: {DATA / 'sample-v3-dca.tbx'}:36: language sections"
        " xml:lang='ru' not mapped (only vi and en)\n" in result.stderr
    )
    assert "terms without administrativeStatus imported as preferred (×2)\n" in result.stderr


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("binary.tbx", "not a TBX file: binary content, not XML"),
        ("xxe.tbx", "refused: its DOCTYPE declares entities"),
        ("malformed.tbx", "not a well-formed TBX file"),
        (
            "de-fr.tbx",
            "no Vietnamese and no English side: the TBX holds the languages de-DE, fr-FR",
        ),
    ],
)
def test_import_refuses_bad_tbx_with_exit_2(name, message):
    result = run("import", DATA / name)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.startswith(f"normcorpus: error: {DATA / name}")
    assert message in result.stderr


# --- coverage / suggest ----------------------------------------------------------------


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory):
    from normcorpus.ingest import ingest

    path = tmp_path_factory.mktemp("data")
    ingest([DATA / "corpus"], data_dir=path, glossary=DATA / "corpus-rules.yaml", jobs=1)
    return path


def test_coverage_json_equals_the_library(data_dir):
    glossary = DATA / "corpus-rules.yaml"
    result = run("coverage", "--data-dir", data_dir, "--glossary", glossary, "--format", "json")
    assert result.exit_code == 0
    with Store.open(data_dir) as store:
        expected = curate.coverage(store.records(), load_glossary(glossary)).to_dict()
    assert json.loads(result.stdout) == expected
    assert expected["never_seen"] == ["cyberspace"]
    assert expected["concepts"][0]["by_kind"]["folded"] == 2


def test_coverage_table(data_dir):
    glossary = DATA / "corpus-rules.yaml"
    result = run("coverage", "--data-dir", data_dir, "--glossary", glossary, "--format", "tsv")
    assert result.stdout.splitlines() == [
        "concept\ten\ttotal\texact\tvariant\tfolded\tfuzzy\tdocuments",
        "cybersecurity\tcybersecurity\t2\t0\t0\t2\t0\tdoc-a (1), doc-b (1)",
        "cyberspace\tcyberspace\t0\t0\t0\t0\t0\t",
    ]
    assert result.stderr == "normcorpus: 1 of 2 concepts never seen\n"


def test_suggest_json_equals_the_library(data_dir):
    glossary = DATA / "corpus-rules.yaml"
    result = run(
        "suggest", "--data-dir", data_dir, "--glossary", glossary, "-f", "json", "--min-count", "1"
    )
    assert result.exit_code == 0
    with Store.open(data_dir) as store:
        expected = curate.suggest(store.records(), load_glossary(glossary), min_count=1)
    assert json.loads(result.stdout) == expected.to_dict()
    assert expected.suggestions  # the two statements do have uncovered phrases


def test_suggest_reads_files_in_memory_as_the_index_does(data_dir, tmp_path):
    # A user's first try is `glossary suggest FILE`: the statements are read,
    # segmented and aligned in memory, giving what their index gives.
    glossary = DATA / "corpus-rules.yaml"
    empty = tmp_path / "no-index"
    args = ("suggest", "--glossary", glossary, "-f", "json", "--min-count", "1")
    from_files = run(*args[:1], DATA / "corpus", *args[1:], "--data-dir", empty)
    from_index = run(*args, "--data-dir", data_dir)
    assert from_files.exit_code == 0, from_files.stderr
    assert json.loads(from_files.stdout) == json.loads(from_index.stdout)
    assert not empty.exists()  # nothing written


def test_suggest_table_fits_80_columns_a_line_a_candidate(data_dir):
    # On a terminal, the clause id (~50 characters that do not wrap) made rich stack each
    # candidate into an 8-line block at 80 columns; the table leaves it to tsv/csv/json.
    glossary = DATA / "corpus-rules.yaml"
    env = {"TTY_COMPATIBLE": "1", "COLUMNS": "80", "NO_COLOR": "1"}
    args = ["glossary", "suggest", "--data-dir", str(data_dir), "--glossary", str(glossary)]
    result = runner.invoke(app, [*args, "--min-count", "1"], env=env)
    assert result.exit_code == 0, result.stderr
    shown = re.sub(r"\x1b\[[0-9;]*m", "", result.stdout).splitlines()
    assert max(len(line) for line in shown) <= 80
    with Store.open(data_dir) as store:
        expected = curate.suggest(store.records(), load_glossary(glossary), min_count=1)
    rows = [line for line in shown if line.startswith("│")]
    assert len(rows) == len(expected.suggestions) > 0
    first = [cell.strip() for cell in rows[0].strip("│ ").split("│")]
    top = expected.suggestions[0]
    assert first == [
        top.phrase,
        str(top.count),
        str(top.documents),
        str(top.keyness),
        str(top.score),
    ]


def test_suggest_on_a_missing_file_exits_2(tmp_path):
    result = run("suggest", tmp_path / "absent.txt", "--glossary", DATA / "corpus-rules.yaml")
    assert result.exit_code == 2
    assert result.stderr == f"normcorpus: error: {tmp_path / 'absent.txt'}: no such file\n"


def test_coverage_without_an_index_exits_2(tmp_path):
    result = run("coverage", "--data-dir", tmp_path / "none", "--glossary", DATA / "valid.yaml")
    assert result.exit_code == 2
    assert "no corpus index in" in result.stderr


# --- help ---------------------------------------------------------------------------------


@pytest.mark.parametrize("command", ["validate", "export", "import", "coverage", "suggest"])
def test_every_command_has_help(command):
    result = run(command, "--help")
    assert result.exit_code == 0
    assert "Usage:" in result.stdout
    assert f"normcorpus glossary {command}" in (ROOT / "docs" / "glossary.md").read_text()


def test_import_omegat_with_source_lang(tmp_path):
    path = tmp_path / "project-glossary.txt"
    path.write_text("malware\tmã độc\n", encoding="utf-8")
    result = run("import", path, "--source-lang", "en")
    assert result.exit_code == 0, result.stderr
    assert '{term: "mã độc", status: preferred}' in result.stdout
    assert "(omegat)" in result.stderr
    bad = run("import", path, "--source-lang", "fr")
    assert bad.exit_code == 2
