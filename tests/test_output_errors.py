"""Output that cannot be written: a full disk, a directory or missing folder as `-o`, a closed pipe.

Each case runs the real command in a subprocess (the CLI's entry point guards
standard output; CliRunner replaces it). A full disk is a file-size limit
(RLIMIT_FSIZE, which needs no privilege): writes past it fail with EFBIG as
they would with ENOSPC.
"""

from __future__ import annotations

import os
import resource
import signal
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
GLOSSARY = str(ROOT / "glossary.yaml")

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX resource limits")


def normcorpus(*args: str, limit: int | None = None, stdout=subprocess.PIPE):
    """Run `python -m normcorpus ARGS` (with a file-size limit in the child)."""

    def limited() -> None:
        if limit is not None:
            # Past the limit a write fails with EFBIG instead of killing the process.
            signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
            resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    return subprocess.run(
        [sys.executable, "-m", "normcorpus", *args],
        stdout=stdout,
        stderr=subprocess.PIPE,
        text=True,
        preexec_fn=limited,
        cwd=ROOT,
        check=False,
    )


def one_error_line(stderr: str) -> str:
    lines = stderr.splitlines()
    assert "Traceback" not in stderr
    assert len(lines) == 1, stderr
    return lines[0]


@pytest.fixture(scope="module")
def data(corpus_data_dir: Path) -> str:
    return str(corpus_data_dir)


COMMANDS = {
    "export": ("export", "--format", "xliff", "--data-dir"),
    "search": ("search", "an ninh", "--format", "json", "--glossary", GLOSSARY, "--data-dir"),
}


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_stdout_on_a_full_disk_is_an_error_not_a_short_file(
    command: str, data: str, tmp_path: Path
) -> None:
    target = tmp_path / "out"
    with target.open("w") as out:
        done = normcorpus(*COMMANDS[command], data, limit=2000, stdout=out)
    assert done.returncode == 2
    assert one_error_line(done.stderr) == (
        "normcorpus: error: cannot write to standard output: File too large"
    )
    assert target.stat().st_size == 2000  # what fitted; the exit code says it is short


def test_output_file_on_a_full_disk_keeps_the_old_file(data: str, tmp_path: Path) -> None:
    target = tmp_path / "pairs.xlf"
    target.write_text("old", encoding="utf-8")
    done = normcorpus("export", "--format", "xliff", "--data-dir", data, "-o", str(target),
                      limit=2000)  # fmt: skip
    assert done.returncode == 2
    assert (
        one_error_line(done.stderr) == f"normcorpus: error: {target}: cannot write: File too large"
    )
    assert target.read_text(encoding="utf-8") == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pairs.xlf"]  # no temp file left


@pytest.mark.parametrize(
    "args",
    [
        ("export", "--format", "tsv", "--data-dir", "{data}", "-o", "{out}"),
        ("check", "--corpus", "--data-dir", "{data}", "-f", "json", "-o", "{out}"),
        ("glossary", "export", "--glossary", GLOSSARY, "--format", "tsv", "-o", "{out}"),
    ],
    ids=["export", "check", "glossary-export"],
)
@pytest.mark.parametrize(
    ("out", "message"),
    [("a-folder", "cannot write: is a directory"), ("missing/x.tsv", "cannot write: no such")],
)
def test_a_directory_or_a_missing_folder_as_output(
    args: tuple[str, ...], out: str, message: str, data: str, tmp_path: Path
) -> None:
    (tmp_path / "a-folder").mkdir()
    target = tmp_path / out
    done = normcorpus(*(a.format(data=data, out=target) for a in args))
    assert done.returncode == 2
    assert one_error_line(done.stderr).startswith(f"normcorpus: error: {target}: {message}")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a-folder"]
    assert list((tmp_path / "a-folder").iterdir()) == []


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_a_pipe_closed_by_the_reader_ends_quietly(command: str, data: str) -> None:
    read_end, write_end = os.pipe()
    os.close(read_end)  # `| head` that has already gone
    try:
        done = normcorpus(*COMMANDS[command], data, stdout=write_end)
    finally:
        os.close(write_end)
    assert done.returncode == 0
    assert done.stderr.strip() == "" or "BrokenPipe" not in done.stderr
    assert "Traceback" not in done.stderr and "Exception ignored" not in done.stderr
