"""cli/__init__.py: what every command shares — usage errors, --version, completion, Ctrl-C.

Usage errors are one line (`normcorpus: error: …`, exit 2) rather than click's
four-line block; Ctrl-C is one line and exit 130 in any command; shell
completion installs into a (fake) home and really completes.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from importlib.metadata import version
from pathlib import Path

import pytest

from normcorpus.cli import app

NORMCORPUS = shutil.which("normcorpus", path=str(Path(sys.executable).parent)) or "normcorpus"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["search", "an", "--limit", "x"], "invalid value for '--limit'"),
        (["search", "an", "--limit", "-1"], "invalid value for '--limit'"),
        (["serch", "an"], "no such command 'serch'. Did you mean 'search', 'serve'?"),
        (["--nope"], "no such option: --nope"),
        (["glossary", "validate", "--nope"], "no such option: --nope"),
        (["glossary", "nope"], "no such command 'nope'"),
        (["show"], "missing argument"),
        (["stats", "--glossary", "g.yaml"], "no such option: --glossary"),
        # A near miss is named; a loose one (click's `--doc` for `--kwc`) is not.
        (["search", "an", "--kwc"], "no such option: --kwc (did you mean --kwic?) (see"),
        (["search", "an", "--bogus"], "no such option: --bogus (see"),
    ],
)
def test_a_usage_error_is_one_line_and_exit_2(cli_runner, args: list[str], message: str) -> None:
    result = cli_runner.invoke(app, args)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1, result.stderr
    assert result.stderr.startswith("normcorpus: error: ")
    assert message in result.stderr
    assert "Usage:" not in result.stderr and "Try '" not in result.stderr
    assert result.stderr.endswith(" --help')\n")  # where to read more


def test_bare_normcorpus_still_prints_its_help(cli_runner) -> None:
    result = cli_runner.invoke(app, [])
    assert result.exit_code == 2
    assert "Commands:" in result.stderr + result.stdout


def test_version(cli_runner) -> None:
    result = cli_runner.invoke(app, ["--version"])
    assert result.exit_code == 0
    assert result.stdout == f"normcorpus {version('normcorpus')}\n"
    assert "--version" in cli_runner.invoke(app, ["--help"]).stdout


@pytest.mark.skipif(shutil.which("bash") is None, reason="needs bash")
def test_install_completion_installs_a_bash_completion_that_completes(tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    env = {**os.environ, "HOME": str(home), "SHELL": "/bin/bash"}
    env.pop("_TYPER_COMPLETE_TEST_DISABLE_SHELL_DETECTION", None)
    bin_dir = str(Path(NORMCORPUS).parent)
    env["PATH"] = bin_dir + os.pathsep + env.get("PATH", "")
    # As a user types it in bash (the shell is found among the parent processes).
    done = subprocess.run(
        ["bash", "-c", "normcorpus --install-completion"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    script = home / ".bash_completions" / "normcorpus.sh"
    assert f"source '{script}'" in (home / ".bashrc").read_text()

    def complete(*words: str) -> list[str]:
        line = " ".join(words)
        probe = (
            f"source {script}; COMP_WORDS=({line}); COMP_CWORD={len(words) - 1};"
            ' _normcorpus_completion normcorpus; printf "%s\\n" "${COMPREPLY[@]}"'
        )
        out = subprocess.run(
            ["bash", "-c", probe], env=env, capture_output=True, text=True, check=True
        )
        return out.stdout.split()

    assert complete("normcorpus", "sea") == ["search"]
    assert complete("normcorpus", "search", "--si") == ["--since", "--side"]


# --- Ctrl-C -----------------------------------------------------------------------

# A real SIGINT, delivered while the command is inside the library function
# named: the probe patches it to signal its own process, as a key press would.
_PROBE = """
import os, signal, sys, time
import {module} as target
real = target.{owner}{name}

def interrupted(*args, **kwargs):
    os.kill(os.getpid(), signal.SIGINT)
    time.sleep(5)
    return real(*args, **kwargs)

setattr(target{dotted_owner}, {name!r}, interrupted)
from normcorpus.cli import main
sys.argv = ["normcorpus", *{argv!r}]
main()
"""


@pytest.mark.parametrize(
    ("where", "argv"),
    [
        # while the top group parses the command line (typer exited 130 silently)
        (("normcorpus.cli", "_Group", "parse_args"), ["stats"]),
        (("normcorpus.search", "Corpus", "search"), ["search", "an ninh"]),
        (("normcorpus.search", "Corpus", "kwic"), ["search", "an ninh", "--kwic"]),
        (("normcorpus.search", "Corpus", "clause_view"), ["show", "x:p01.s01.c01"]),
        (("normcorpus.check", "", "check_corpus"), ["check", "--corpus"]),
        (("normcorpus.formats.exchange", "", "export_units"), ["export", "--format", "tsv"]),
        (("normcorpus.stats", "", "corpus_stats"), ["stats"]),
    ],
)
def test_ctrl_c_is_one_line_and_exit_130(
    corpus_data_dir: Path, tmp_path: Path, where: tuple[str, str, str], argv: list[str]
) -> None:
    module, owner, name = where
    probe = _PROBE.format(
        module=module,
        owner=f"{owner}." if owner else "",
        dotted_owner=f".{owner}" if owner else "",
        name=name,
        argv=[*argv, "--data-dir", str(corpus_data_dir)],
    )
    done = subprocess.run(
        [sys.executable, "-c", probe],
        cwd=Path(__file__).resolve().parent.parent,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 130, done.stderr
    assert done.stderr == "normcorpus: interrupted\n"
    assert done.stdout == ""


def test_ctrl_c_during_an_export_to_a_file_leaves_no_file(
    corpus_data_dir: Path, tmp_path: Path
) -> None:
    out = tmp_path / "pairs.tmx"
    probe = _PROBE.format(
        module="normcorpus.formats.exchange",
        owner="",
        dotted_owner="",
        name="_serialise",
        argv=["export", "--data-dir", str(corpus_data_dir), "-o", str(out)],
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, timeout=60, check=False
    )
    assert done.returncode == 130 and done.stderr == "normcorpus: interrupted\n"
    assert list(tmp_path.iterdir()) == []


# --- make test -------------------------------------------------------------------


def _make_test_gates() -> list[list[str]]:
    """The normcorpus commands of the Makefile's `test` recipe, as argument lists."""
    recipe = (REPO_ROOT / "Makefile").read_text(encoding="utf-8").split("\ntest:", 1)[1]
    gates = []
    for line in recipe.split("\n\n", 1)[0].splitlines()[1:]:
        words = line.strip().split()
        if words and words[0] == "$(BIN)/normcorpus":
            gates.append(words[1:])
    return gates


REPO_ROOT = Path(__file__).resolve().parent.parent


def test_make_test_has_both_gates() -> None:
    assert [gate[:2] for gate in _make_test_gates()] == [
        ["glossary", "validate"],
        ["check", "--corpus"],
    ]


@pytest.mark.parametrize("gate", _make_test_gates(), ids=lambda gate: " ".join(gate[:2]))
def test_make_test_gates_say_one_line_when_all_is_well(gate: list[str]) -> None:
    done = subprocess.run(
        [NORMCORPUS, *gate], cwd=REPO_ROOT, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stdout + done.stderr
    said = (done.stdout + done.stderr).splitlines()
    assert len(said) == 1, said[:5]
    assert "0 errors, " in said[0]


def test_the_command_table_names_each_command_with_its_module() -> None:
    """`cli.COMMANDS` (which module to import for a command, in help order) is
    what the modules register, so that a lazily loaded command is found."""
    import importlib
    import pkgutil

    import typer.main

    from normcorpus import cli

    for module in pkgutil.iter_modules(cli.__path__):
        importlib.import_module(f"{cli.__name__}.{module.name}")
    found = {
        info.name or typer.main.get_command_name(info.callback.__name__): info.callback.__module__
        for info in cli.app.registered_commands
    }
    for group in cli.app.registered_groups:
        modules = {c.callback.__module__ for c in group.typer_instance.registered_commands}
        assert len(modules) == 1, group.name
        found[group.name] = modules.pop()
    assert found == {name: f"{cli.__name__}.{module}" for name, module in cli.COMMANDS.items()}
