"""Hypothesis fuzzing of the CLI's inputs (issue 18): exit 0, 1 or 2, never a traceback.

Mutated glossaries, `.meta.yaml` files, bilingual files (TSV, TMX, XLIFF),
odd bytes and odd arguments go through the real commands (CliRunner, in
process). Whatever the input, the command exits 0, 1 or 2 with no
unexpected exception, and a bad input (exit 2) is named, file and line
where there is one. Example counts are kept small: this runs in the suite.
"""

from __future__ import annotations

import contextlib
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from normcorpus.cli import app

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"
GLOSSARY = DATA / "check" / "glossary.yaml"
FUZZ = settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

# What breaks YAML, XML and TSV: their syntax, odd bytes, and long runs.
PIECES = [
    ":", "- ", "[", "]", "{", "}", "&a ", "*a", "!!python/object:os.system ", "\t", "\n",
    "  ", "'", '"', "#", "<", ">", "</", "&amp;", "&x;", "<!ENTITY x 'y'>", "\x00", "\x07",
    "\ud800", "\ufeff", "é", "ừ", "2018-13-45", "1e400", "~", "null", "---\n", "...\n",
    "<![CDATA[", "]]>", "\r", "\u2028", "9" * 30, "x" * 300,
]  # fmt: skip


@st.composite
def mutated(draw: st.DrawFn, original: bytes) -> bytes:
    """`original` with a few pieces inserted, bytes cut out, or bytes replaced."""
    data = bytearray(original)
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, len(data)))
        kind = draw(st.sampled_from(["insert", "cut", "bytes"]))
        if kind == "insert":
            piece = draw(st.sampled_from(PIECES)).encode("utf-8", "surrogatepass")
            data[at:at] = piece
        elif kind == "cut":
            del data[at : at + draw(st.integers(1, 40))]
        else:
            data[at : at + 1] = draw(st.binary(min_size=1, max_size=4))
    return bytes(data)


def _invoke(cli_runner, args: list[str]):  # type: ignore[no-untyped-def]
    result = cli_runner.invoke(app, args)
    # An unexpected exception: CliRunner keeps it (exit 1), the CLI would print a traceback.
    assert result.exception is None or isinstance(result.exception, SystemExit), (
        args,
        repr(result.exception),
    )
    assert result.exit_code in (0, 1, 2), (args, result.exit_code, result.stderr)
    assert "Traceback" not in result.stderr
    return result


def _names(result, path: Path) -> None:  # type: ignore[no-untyped-def]
    """An input error is one line naming the file (its line where it gives one)."""
    if result.exit_code == 2:
        errors = [line for line in result.stderr.splitlines() if "error:" in line]
        assert len(errors) == 1, result.stderr
        assert path.name in errors[0], result.stderr


@FUZZ
@given(data=mutated(GLOSSARY.read_bytes()))
def test_a_mutated_glossary_is_validated_or_named(cli_runner, tmp_path: Path, data: bytes) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "glossary.yaml"
    path.write_bytes(data)
    result = _invoke(cli_runner, ["glossary", "validate", str(path)])
    _names(result, path)
    if result.exit_code == 1:  # problems are located: file:line:col
        assert re.search(rf"{re.escape(path.name)}:\d+(:\d+)?: ", result.stdout + result.stderr)
    # A glossary that validates clean loads in check too.
    pairs = DATA / "check" / "pairs.tsv"
    checked = _invoke(cli_runner, ["check", str(pairs), "--glossary", str(path)])
    if result.exit_code == 0:
        assert checked.exit_code in (0, 1), checked.stderr
    else:
        _names(checked, path)


@pytest.mark.parametrize("name", ["pairs.tsv", "pairs-1.1.tmx", "pairs-2.0.xlf"])
@FUZZ
@given(seed=st.data())
def test_a_mutated_bilingual_file_is_checked_or_named(
    cli_runner, tmp_path: Path, name: str, seed
) -> None:  # type: ignore[no-untyped-def]
    original = (DATA / "check" / name).read_bytes()
    path = tmp_path / name
    path.write_bytes(seed.draw(mutated(original)))
    result = _invoke(cli_runner, ["check", str(path), "--glossary", str(GLOSSARY)])
    _names(result, path)


@FUZZ
@given(data=mutated((ROOT / "corpus" / "vn-ru-2017-infosec.meta.yaml").read_bytes()))
def test_a_mutated_meta_file_is_read_or_named(data: bytes, tmp_path: Path) -> None:
    """The meta file as ingest reads it (the library call ingest makes, without
    the segmenter): a NormcorpusError naming the file, or a document."""
    from normcorpus import read
    from normcorpus.errors import NormcorpusError

    (tmp_path / "a.txt").write_text("Điều 1. An ninh mạng.\n", encoding="utf-8")
    meta = tmp_path / "a.meta.yaml"
    meta.write_bytes(data)
    try:
        document = read.read_document(tmp_path / "a.txt")
    except NormcorpusError as exc:
        assert exc.exit_code == 2
        assert str(exc).startswith(f"{meta}"), str(exc)
    else:
        assert document.text


OPTIONS = [
    "--limit", "--offset", "--width", "--kwic", "--sort", "--format", "-f", "--data-dir",
    "--glossary", "--fold", "--concept", "--kind", "--json", "--fail-on", "--rules",
    "--help", "-o",
]  # fmt: skip
# No NUL: an argument cannot hold one (argv is C strings).
VALUES = [
    "0", "-1", "9" * 25, "left", "right", "json", "table", "csv", "nope", "", "\t",
    "x\udcff", "(" * 60, "an ninh", '"', "AND", "NOT", "*", "/nonexistent/dir", ".",
]  # fmt: skip


@FUZZ
@given(
    command=st.sampled_from(
        [
            ["search"],
            ["show"],
            ["stats"],
            ["glossary", "validate"],
            ["check"],
            ["glossary", "export"],
        ]
    ),
    args=st.lists(st.sampled_from(OPTIONS + VALUES), max_size=6),
)
def test_odd_arguments_exit_0_1_or_2(
    cli_runner, corpus_data_dir: Path, scratch_cwd: Path, command: list[str], args: list[str]
) -> None:  # type: ignore[no-untyped-def]
    data_dir = (
        ["--data-dir", str(corpus_data_dir)] if command[0] in ("search", "show", "stats") else []
    )
    # `-o` draws file names from VALUES: what it writes lands in a scratch
    # directory, not in the checkout (stray exports were once committed).
    with contextlib.chdir(scratch_cwd):
        _invoke(cli_runner, [*command, *args, *data_dir])


@pytest.fixture(scope="module")
def scratch_cwd(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A working directory with the checkout's defaults (glossary.yaml, corpus/) linked in."""
    path = tmp_path_factory.mktemp("fuzz-cwd")
    for name in ("glossary.yaml", "corpus"):
        (path / name).symlink_to(ROOT / name)
    return path
