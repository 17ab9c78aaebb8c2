"""The entry point (`python -m normcorpus`, the `normcorpus` script): a command's
output, exit code and `atexit` work are whole, and the process then ends
without the interpreter's teardown (`__main__._exit_at_once`)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from normcorpus.formats.termtable import export_json
from normcorpus.glossary import load_glossary

ROOT = Path(__file__).resolve().parent.parent
GLOSSARY = ROOT / "glossary.yaml"

# What the console script runs, with an `atexit` function and an object whose
# finaliser runs only in the interpreter's teardown.
_ENTRY = """
import atexit, sys
from pathlib import Path
marker = Path(sys.argv.pop(1))
atexit.register(lambda: marker.write_text("atexit ran"))

class Teardown:
    def __del__(self):
        sys.stderr.write("teardown ran\\n")

kept = Teardown()
from normcorpus.__main__ import main
main()
"""


def _run(tmp_path: Path, *args: str) -> tuple[subprocess.CompletedProcess[str], str]:
    marker = tmp_path / "marker"
    result = subprocess.run(
        [sys.executable, "-c", _ENTRY, str(marker), *args],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=ROOT,
    )
    return result, marker.read_text() if marker.exists() else ""


def test_output_exit_code_and_atexit_are_whole_and_teardown_skipped(tmp_path: Path) -> None:
    result, marker = _run(tmp_path, "glossary", "export", "--glossary", str(GLOSSARY), "-f", "json")
    assert result.returncode == 0, result.stderr
    # Every byte of a large output is there.
    assert len(result.stdout) > 100_000
    assert json.loads(result.stdout) == json.loads(export_json(load_glossary(GLOSSARY)))
    assert marker == "atexit ran"
    assert "teardown ran" not in result.stderr


def test_a_failing_command_keeps_its_exit_code(tmp_path: Path) -> None:
    result, marker = _run(tmp_path, "glossary", "validate", str(tmp_path / "missing.yaml"))
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and "missing.yaml" in result.stderr
    assert marker == "atexit ran"


def test_usage_errors_and_help_exit_as_before(tmp_path: Path) -> None:
    result, _ = _run(tmp_path, "no-such-command")
    assert result.returncode == 2 and result.stdout == ""
    result, marker = _run(tmp_path, "--help")
    assert result.returncode == 0 and "ingest" in result.stdout and marker == "atexit ran"
