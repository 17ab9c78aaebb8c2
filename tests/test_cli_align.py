"""CLI: `normcorpus align` (formats, -o, stdout vs stderr, bad input exits 2 writing nothing)."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
from pathlib import Path

import pytest
from lxml import etree
from typer.testing import CliRunner

from conftest import GLOSSARY_PATH, TEST_DATA
from normcorpus import parallel
from normcorpus.cli import app
from normcorpus.glossary import load_glossary

EN = TEST_DATA / "parallel" / "law-sample.en.txt"


@pytest.fixture
def runner() -> CliRunner:
    try:
        return CliRunner(mix_stderr=False)  # type: ignore[call-arg]
    except TypeError:  # click >= 8.2 keeps stderr apart already
        return CliRunner()


@pytest.fixture
def vi(tmp_path: Path) -> Path:
    path = tmp_path / "luat-mau.txt"
    shutil.copyfile(TEST_DATA / "parallel" / "luat-mau.vi.txt", path)
    return path


def run(runner: CliRunner, *args: str):  # type: ignore[no-untyped-def]
    return runner.invoke(app, list(args), catch_exceptions=False)


def test_jsonl_equals_the_library_pairs(runner: CliRunner, vi: Path) -> None:
    result = run(runner, "align", str(vi), str(EN), "-f", "jsonl", "--glossary", str(GLOSSARY_PATH))
    assert result.exit_code == 0, result.stderr
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    expected = parallel.align_files(vi, EN, glossary=load_glossary(GLOSSARY_PATH)).pairs()
    assert rows == expected
    assert "structure anchors" in result.stderr


def test_tsv_has_a_header_and_a_row_per_bead(runner: CliRunner, vi: Path) -> None:
    result = run(runner, "align", str(vi), str(EN), "--glossary", str(GLOSSARY_PATH))
    assert result.exit_code == 0
    rows = list(csv.DictReader(io.StringIO(result.stdout), delimiter="\t"))
    assert list(rows[0]) == ["bead", "confidence", "vi_ids", "vi_lines", "en_lines", "vi", "en"]
    assert {row["bead"] for row in rows} == {"1-1", "1-0", "0-1"}
    assert rows[1]["vi_ids"] == '["luat-mau:p02.s01.c01"]'  # line 1 is text, not a dropped title


def test_tmx_holds_the_pairs_and_opens(runner: CliRunner, vi: Path, tmp_path: Path) -> None:
    out = tmp_path / "pairs.tmx"
    result = run(runner, "align", str(vi), str(EN), "-f", "tmx", "-o", str(out))
    assert result.exit_code == 0
    assert result.stdout == ""
    tree = etree.parse(str(out))
    units = tree.findall(".//tu")
    beads = parallel.align_files(vi, EN).beads
    assert len(units) == sum(1 for bead in beads if not bead.is_gap)
    first = units[0]
    assert first.findtext("prop[@type='x-bead']") == "1-1"
    assert [
        tuv.get("{http://www.w3.org/XML/1998/namespace}lang") for tuv in first.findall("tuv")
    ] == [
        "vi",
        "en",
    ]
    assert "gaps" in result.stderr
    assert "not the project's working translation" in tree.findtext(".//header/note")


def _write(path: Path, data: bytes | str) -> Path:
    if isinstance(data, str):
        data = data.encode("utf-8")
    path.write_bytes(data)
    return path


@pytest.mark.parametrize(
    ("vi_data", "en_data", "message"),
    [
        ("", "This Law provides.\n", "empty file"),
        ("Tiêu đề\nLuật này quy định về an ninh mạng.\n", "", "empty file"),
        ("Tiêu đề\nLuật này quy định về an ninh mạng.\n", "...\n", "no text to align"),
        (
            "Tiêu đề\nLuật này quy định về an ninh mạng.\n",
            "Luật này quy định về an ninh mạng và hợp tác quốc tế.\n",
            "Vietnamese, not English",
        ),
        ("Tiêu đề\nLuật này quy định về an ninh mạng.\n", b"\x00\x01PK\x03\x04", "binary"),
        (b"\xff\xfe\x00\xd8garbage\x00", "This Law provides.\n", "vi.txt: cannot decode"),
        # a Vietnamese side with no text, or only white space
        ("...\n---\n", "This Law provides.\n", "vi.txt: no statement text"),
        (" \n\t\n", "This Law provides.\n", "vi.txt: empty file"),
        ("Tiêu đề\nLuật này quy định về an ninh mạng.\n", " \n\n", "en.txt: empty file"),
        # binary on either side; bytes no codec reads, with the side's own option
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "This Law provides.\n", "vi.txt: binary"),
        ("Tiêu đề\nLuật này quy định.\n", bytes(range(128, 256)) * 8, "--en-encoding"),
        # two English files
        ("Headline\nThis Law provides.\n", "This Law provides.\n", "no Vietnamese text"),
    ],
)
def test_bad_input_is_one_line_exit_2_nothing_written(
    runner: CliRunner, tmp_path: Path, vi_data: bytes | str, en_data: bytes | str, message: str
) -> None:
    vi = _write(tmp_path / "vi.txt", vi_data)
    en = _write(tmp_path / "en.txt", en_data)
    out = tmp_path / "out.tsv"
    result = run(runner, "align", str(vi), str(en), "-o", str(out))
    assert result.exit_code == 2
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and message in lines[0], result.stderr
    assert not out.exists()
    assert set(tmp_path.iterdir()) == {vi, en}


def test_an_existing_output_is_left_as_it_was(runner: CliRunner, tmp_path: Path) -> None:
    vi = _write(tmp_path / "vi.txt", "Tiêu đề\nLuật này quy định về an ninh mạng.\n")
    en = _write(tmp_path / "en.txt", "Luật này quy định về an ninh mạng và hợp tác quốc tế.\n")
    out = _write(tmp_path / "out.tsv", "earlier output\n")
    result = run(runner, "align", str(vi), str(en), "-o", str(out))
    assert result.exit_code == 2 and len(result.stderr.strip().splitlines()) == 1
    assert out.read_text(encoding="utf-8") == "earlier output\n"
    assert set(tmp_path.iterdir()) == {vi, en, out}  # no temporary file left


def test_missing_file(runner: CliRunner, vi: Path, tmp_path: Path) -> None:
    result = run(runner, "align", str(vi), str(tmp_path / "nowhere.txt"))
    assert result.exit_code == 2
    assert "no such file" in result.stderr


def test_the_first_bad_file_is_the_one_named(runner: CliRunner, tmp_path: Path) -> None:
    # A missing Vietnamese file beside a second Vietnamese one: the missing one is named.
    missing = tmp_path / "nowhere.txt"
    result = run(runner, "align", str(missing), str(TEST_DATA / "parallel" / "luat-mau.vi.txt"))
    assert result.exit_code == 2
    assert result.stderr.strip() == f"normcorpus: error: {missing}: no such file"


def test_unknown_format(runner: CliRunner, vi: Path) -> None:
    result = run(runner, "align", str(vi), str(EN), "-f", "xliff")
    assert result.exit_code == 2
    assert "unknown format" in result.stderr


def test_help_teaches(runner: CliRunner) -> None:
    result = run(runner, "align", "--help")
    assert result.exit_code == 0
    for word in ("VI_FILE", "EN_FILE", "tmx", "1-0", "Article"):
        assert word in result.stdout


def test_on_a_terminal_the_default_is_a_table_of_the_pairs(runner: CliRunner, vi: Path) -> None:
    # The README shows `bead confidence vi en` side by side; a terminal got TSV
    # with JSON lists of ids and line numbers.
    env = {"TTY_COMPATIBLE": "1", "COLUMNS": "80", "NO_COLOR": "1"}
    result = runner.invoke(
        app, ["align", str(vi), str(EN), "--glossary", str(GLOSSARY_PATH)], env=env
    )
    assert result.exit_code == 0, result.stderr
    shown = re.sub(r"\x1b\[[0-9;]*m", "", result.stdout)
    header = next(line for line in shown.splitlines() if "bead" in line)
    assert [cell.strip() for cell in header.strip("┃ ").split("┃")] == [
        "bead",
        "confidence",
        "vi",
        "en",
    ]
    assert "vi_ids" not in shown and "\t" not in shown
    assert "Article 1.- Scope of" in shown
    assert max(len(line) for line in shown.splitlines()) <= 80
    # Asked for, TSV it is, terminal or not.
    tsv = runner.invoke(app, ["align", str(vi), str(EN), "-f", "tsv"], env=env)
    assert tsv.stdout.startswith("bead\tconfidence\tvi_ids")
