"""Every command's --help ends with examples, and every example parses (its
command exists, its options exist and take the values shown)."""

from __future__ import annotations

import shlex
from typing import Any

import pytest
import typer.main
from typer.testing import CliRunner

from normcorpus.cli import app
from normcorpus.cli.examples import EXAMPLES, attach

ROOT = typer.main.get_command(app)


def _is_group(command: Any) -> bool:
    return hasattr(command, "commands")  # (typer may bring its own copy of click)


def _leaves(group: Any, prefix: str = "") -> list[str]:
    paths = []
    for name, command in group.commands.items():
        if _is_group(command):
            paths += _leaves(command, f"{prefix}{name} ")
        else:
            paths.append(f"{prefix}{name}")
    return paths


def test_every_command_has_examples_and_every_example_a_command() -> None:
    leaves = sorted(_leaves(ROOT))
    assert sorted(EXAMPLES) == leaves
    assert sorted(attach(app)) == leaves


@pytest.mark.parametrize("path", sorted(EXAMPLES))
def test_help_ends_with_the_examples(path: str) -> None:
    result = CliRunner().invoke(app, [*path.split(), "--help"])
    assert result.exit_code == 0
    tail = result.output[result.output.rindex("Examples:") :]
    for line in EXAMPLES[path]:
        assert line in tail


@pytest.mark.parametrize(
    ("path", "line"), [(path, line) for path, lines in EXAMPLES.items() for line in lines]
)
def test_every_example_parses(path: str, line: str) -> None:
    words = shlex.split(line, comments=True)
    if ">" in words:  # a shell redirection, not the command's
        words = words[: words.index(">")]
    assert words[0] == "normcorpus"
    command: Any = ROOT
    args = words[1:]
    while _is_group(command):
        name, args = args[0], args[1:]
        assert name in command.commands, f"{line}: no command {name!r}"
        command = command.commands[name]
    assert path == " ".join(words[1 : 1 + len(path.split())])
    # Parsing checks the options, their values (choices, ranges, int) and arity.
    command.make_context(path.split()[-1], list(args))


def test_a_wrong_example_would_fail() -> None:
    # The parse above is a real check: an option the command lacks is refused.
    command = ROOT.commands["freq"]  # type: ignore[attr-defined]
    with pytest.raises(Exception, match="--no-such-option"):
        command.make_context("freq", ["--no-such-option"])
    with pytest.raises(Exception, match="not a valid int"):
        command.make_context("freq", ["--top", "many"])


@pytest.mark.parametrize("path", ["search", "stats", "freq", "glossary coverage"])
def test_format_help_names_the_formats(path: str) -> None:
    # It said "Output format." and left the user to guess.
    from normcorpus.fileio import FORMATS

    result = CliRunner().invoke(app, [*path.split(), "--help"])
    help_text = " ".join(result.output.split())
    for fmt in FORMATS["rows"]:
        assert fmt in help_text[help_text.index("--format") :]
