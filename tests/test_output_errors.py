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


# (arguments, a file-size limit that the command's other files fit under: the
# index's shared-memory file takes 32 KiB, the output more than the limit)
COMMANDS = {
    "glossary-export": (("glossary", "export", "--glossary", GLOSSARY, "--format", "tbx"), 2000),
    "search": (("search", "an", "--format", "json", "--limit", "100", "--data-dir", "{data}"),
               50_000),
}  # fmt: skip


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_stdout_on_a_full_disk_is_an_error_not_a_short_file(
    command: str, data: str, tmp_path: Path
) -> None:
    args, limit = COMMANDS[command]
    target = tmp_path / "out"
    with target.open("w") as out:
        done = normcorpus(*(a.format(data=data) for a in args), limit=limit, stdout=out)
    assert done.returncode == 2
    assert one_error_line(done.stderr) == (
        "normcorpus: error: cannot write to standard output: File too large"
    )
    assert target.stat().st_size == limit  # what fitted; the exit code says it is short


def test_output_file_on_a_full_disk_keeps_the_old_file(tmp_path: Path) -> None:
    target = tmp_path / "glossary.tbx"
    target.write_text("old", encoding="utf-8")
    done = normcorpus("glossary", "export", "--glossary", GLOSSARY, "--format", "tbx",
                      "-o", str(target), limit=2000)  # fmt: skip
    assert done.returncode == 2
    assert (
        one_error_line(done.stderr) == f"normcorpus: error: {target}: cannot write: File too large"
    )
    assert target.read_text(encoding="utf-8") == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["glossary.tbx"]  # no temp left


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
        args = (a.format(data=data) for a in COMMANDS[command][0])
        done = normcorpus(*args, stdout=write_end)
    finally:
        os.close(write_end)
    assert done.returncode == 0
    assert done.stderr.strip() == "" or "BrokenPipe" not in done.stderr
    assert "Traceback" not in done.stderr and "Exception ignored" not in done.stderr
