"""`normcorpus serve`: binding, warnings, one-line errors, a real start and stop,
and that the web stack is never imported by the other commands."""

from __future__ import annotations

import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from conftest import GLOSSARY_PATH, REPO_ROOT
from normcorpus.cli import app
from normcorpus.cli.web import is_loopback
from normcorpus.errors import InputError

HEAVY = ("starlette", "uvicorn", "jinja2", "matplotlib", "numpy")


@pytest.mark.parametrize(
    "args", [["--help"], ["search", "an ninh", "--data-dir", "{data}", "--format", "json"]]
)
def test_other_commands_never_import_the_web_stack(corpus_data_dir: Path, args: list[str]) -> None:
    argv = ["normcorpus", *(a.replace("{data}", str(corpus_data_dir)) for a in args)]
    code = (
        "import sys\n"
        "from normcorpus.cli import main\n"
        f"sys.argv = {argv!r}\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        f"print('LOADED', sorted(m for m in {HEAVY!r} if m in sys.modules), file=sys.stderr)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, cwd=REPO_ROOT
    )
    assert "LOADED []" in result.stderr, result.stderr[-2000:]


@pytest.mark.parametrize(
    ("host", "loopback"),
    [
        ("127.0.0.1", True),
        ("127.0.0.2", True),
        ("localhost", True),
        ("::1", True),
        ("[::1]", True),
        ("0.0.0.0", False),
        ("::", False),
        ("192.168.1.5", False),
        ("example.org", False),
    ],
)
def test_is_loopback(host: str, loopback: bool) -> None:
    assert is_loopback(host) is loopback


def test_a_non_loopback_host_is_warned_about(
    corpus_data_dir: Path, cli_runner, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Nothing is bound: the test stops at the bind, after the warning.
    def refuse(host: str, port: int) -> socket.socket:
        raise InputError(f"not binding {host}:{port} in a test")

    monkeypatch.setattr("normcorpus.cli.web.bind", refuse)
    result = cli_runner.invoke(
        app, ["serve", "--host", "0.0.0.0", "--data-dir", str(corpus_data_dir)]
    )
    assert result.exit_code == 2
    assert "warning: 0.0.0.0 is not a loopback address" in result.stderr
    quiet = cli_runner.invoke(app, ["serve", "--data-dir", str(corpus_data_dir)])
    assert "warning" not in quiet.stderr and "not binding 127.0.0.1:8765" in quiet.stderr


def test_a_port_in_use_is_one_line_and_exit_2(corpus_data_dir: Path, cli_runner) -> None:
    taken = socket.socket()
    taken.bind(("127.0.0.1", 0))
    taken.listen(1)
    port = taken.getsockname()[1]
    try:
        result = cli_runner.invoke(
            app, ["serve", "--port", str(port), "--data-dir", str(corpus_data_dir)]
        )
    finally:
        taken.close()
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert lines == [
        f"normcorpus: error: cannot listen on 127.0.0.1:{port}: Address already in use"
        " (another server? try --port)"
    ]


def test_no_index_is_one_line_and_exit_2(tmp_path: Path, cli_runner) -> None:
    result = cli_runner.invoke(app, ["serve", "--data-dir", str(tmp_path / "none")])
    assert result.exit_code == 2
    assert "no corpus index in" in result.stderr and "Traceback" not in result.stderr


@pytest.mark.parametrize("host", ["127.0.0.1", "127.0.0.2"])
def test_serve_starts_answers_and_stops_on_ctrl_c(corpus_data_dir: Path, host: str) -> None:
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "normcorpus",
            "serve",
            "--host",
            host,
            "--port",
            "0",
            "--data-dir",
            str(corpus_data_dir),
            "--glossary",
            str(GLOSSARY_PATH),
        ],
        stderr=subprocess.PIPE,
        text=True,
        cwd=REPO_ROOT,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    try:
        assert process.stderr is not None
        line = process.stderr.readline()
        found = re.search(rf"serving .* at (http://{re.escape(host)}:\d+/) \(Ctrl-C stops\)", line)
        assert found, line
        url = found.group(1)
        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(url + "api/search?q=an+ninh&count=1", timeout=10) as r:
                    answer = json.loads(r.read())
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.1)
        assert answer["count"] > 0
        process.send_signal(signal.SIGINT)
        assert process.wait(timeout=20) == 0
        rest = process.stderr.read()
        assert rest.strip().splitlines()[-1] == "normcorpus: stopped"
        assert "Traceback" not in rest
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
