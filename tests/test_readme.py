"""The README's examples give what they say: its researchers' commands run on the
corpus, its sample output is what an 80-column terminal shows, and its pre-commit
snippets work as written."""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from normcorpus.cli import app

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")
GLOSSARY = str(ROOT / "glossary.yaml")
ANSI = re.compile(r"\x1b\[[0-9;]*m")


def block_after(marker: str, fence: str = "```sh") -> str:
    """The first fenced block after `marker` in the README."""
    rest = README.split(marker, 1)[1]
    return rest.split(fence, 1)[1].split("```", 1)[0]


def researcher_commands() -> list[tuple[list[str], str | None, str]]:
    """(argv after `normcorpus`, file redirected to, comment) of the researchers' block."""
    commands = []
    for line in block_after("**Researchers**").strip().splitlines():
        code, _, comment = line.partition("  # ")
        for part in code.split(" ; "):
            words = shlex.split(part)
            target = None
            if ">" in words:
                target = words[words.index(">") + 1]
                words = words[: words.index(">")]
            assert words[0] == "normcorpus"
            commands.append((words[1:], target, comment.strip()))
    return commands


def invoke(cli_runner, data_dir: Path, argv: list[str], env: dict[str, str] | None = None):
    extra = ["--data-dir", str(data_dir)]
    if argv[0] in ("search", "concepts"):
        extra += ["--glossary", GLOSSARY]
    return cli_runner.invoke(app, [argv[0], *extra, *argv[1:]], env=env)


def test_every_researcher_command_runs_on_the_corpus(cli_runner, corpus_data_dir: Path) -> None:
    commands = researcher_commands()
    assert len(commands) >= 10
    for argv, _target, _comment in commands:
        result = invoke(cli_runner, corpus_data_dir, argv)
        assert result.exit_code == 0, (argv, result.stderr)
        assert result.stdout, argv


def test_the_researcher_commands_do_what_their_comments_say(
    cli_runner, corpus_data_dir: Path
) -> None:
    said = {" ".join(argv): (target, comment) for argv, target, comment in researcher_commands()}

    def key(command: str) -> str:
        return " ".join(shlex.split(command))

    def run(command: str, *more: str):
        assert key(command) in said, f"the README no longer has `normcorpus {command}`"
        return invoke(cli_runner, corpus_data_dir, [*shlex.split(command), *more])

    # finds đe dọa, and the typo "de dọa"
    hits = [
        __import__("json").loads(x)
        for x in run('search "de doa"', "--format", "jsonl").stdout.splitlines()
    ]
    found = {h["text"][s:e].lower() for h in hits for s, e in h["spans"]}
    assert {"đe dọa", "de dọa"} <= found
    # English: expands to an ninh mạng and says so
    assert "expanded 'cybersecurity' → concept cybersecurity (an ninh mạng)" in (
        run("search cybersecurity").stderr
    )
    # the English translations, stemmed: `stakeholder` finds "stakeholders"
    english = run("search stakeholder --side en", "--format", "json")
    assert "stakeholders" in __import__("json").loads(english.stdout)[0]["translation"]
    # a concordance: 20 of 26 lines; --limit 0 for all
    comment = said[key('search "an ninh" --kwic')][1]
    assert run('search "an ninh" --kwic').stderr == f"normcorpus: {comment.split(': ', 1)[1]}\n"
    # every hit, for Excel
    target, _ = said[key('search "an ninh mạng" --limit 0 --excel')]
    assert target and target.endswith(".csv")
    excel = run('search "an ninh mạng" --limit 0 --excel')
    assert excel.stdout_bytes.startswith(b"\xef\xbb\xbfid,doc,")
    assert len(excel.stdout_bytes.decode("utf-8-sig").splitlines()) == 1 + 16


def sample(command: str) -> list[str]:
    """The README's sample output of `$ normcorpus COMMAND`, up to its `…`."""
    block = README.split(f"$ normcorpus {command}\n", 1)[1].split("```", 1)[0]
    return block.split("…", 1)[0].rstrip("\n").splitlines()


@pytest.mark.parametrize("command", ['search "an ninh mạng" --limit 5', 'search "an ninh" --kwic'])
def test_the_sample_output_is_what_an_80_column_terminal_shows(
    cli_runner, corpus_data_dir: Path, command: str
) -> None:
    env = {"TTY_COMPATIBLE": "1", "COLUMNS": "80", "NO_COLOR": "1"}
    result = invoke(cli_runner, corpus_data_dir, shlex.split(command), env=env)
    shown = ANSI.sub("", result.stdout).splitlines()
    expected = sample(command)
    messages = [line for line in expected if line.startswith("normcorpus: ")]
    lines = [line for line in expected if not line.startswith("normcorpus: ")]
    assert shown[: len(lines)] == lines
    for message in messages:
        assert message in result.stderr


# --- pre-commit --------------------------------------------------------------------


def yaml_after(marker: str) -> str:
    return block_after(marker, fence="```yaml")


def test_the_pre_commit_hook_from_this_repository_names_a_commit_that_has_it() -> None:
    import yaml

    config = yaml.safe_load(yaml_after("or from this repository"))
    (repo,) = config["repos"]
    rev = repo["rev"]
    assert re.fullmatch(r"[0-9a-f]{40}", rev), "no release is tagged: rev must be a commit"
    if shutil.which("git") is None or not (ROOT / ".git").exists():
        pytest.skip("not a git checkout")
    shown = subprocess.run(
        ["git", "-C", str(ROOT), "show", f"{rev}:.pre-commit-hooks.yaml"],
        capture_output=True,
        text=True,
        check=False,
    )
    shallow = subprocess.run(
        ["git", "-C", str(ROOT), "rev-parse", "--is-shallow-repository"],
        capture_output=True,
        text=True,
        check=False,
    )
    if shown.returncode and shallow.stdout.strip() == "true":
        pytest.skip("a shallow clone does not hold the commit")
    assert shown.returncode == 0, shown.stderr
    hooks = {hook["id"] for hook in yaml.safe_load(shown.stdout)}
    assert {hook["id"] for hook in repo["hooks"]} <= hooks


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
def test_the_local_pre_commit_hook_runs_as_written(tmp_path: Path) -> None:
    pre_commit = Path(sys.executable).parent / "pre-commit"
    if not pre_commit.exists():
        pytest.skip("pre-commit is not installed (pip install -e '.[dev]')")
    (tmp_path / ".pre-commit-config.yaml").write_text(
        yaml_after("As a pre-commit hook in another repository"), encoding="utf-8"
    )
    shutil.copy(ROOT / "glossary.yaml", tmp_path / "glossary.yaml")
    env = {
        **os.environ,
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}",
        "PRE_COMMIT_HOME": str(tmp_path / ".cache"),
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@example.org",
    }

    def git(*args: str) -> None:
        subprocess.run(["git", *args], cwd=tmp_path, env=env, check=True, capture_output=True)

    def hook() -> subprocess.CompletedProcess[str]:
        git("add", "-A")
        return subprocess.run(
            [str(pre_commit), "run", "--all-files"],
            cwd=tmp_path,
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )

    git("init", "-q")
    passed = hook()
    assert passed.returncode == 0, passed.stdout + passed.stderr
    assert "Passed" in passed.stdout
    (tmp_path / "glossary.yaml").write_text("schema: nope\n", encoding="utf-8")
    failed = hook()
    assert failed.returncode == 1
    assert "glossary.yaml:1:" in failed.stdout and "error [schema-" in failed.stdout


def test_the_glossary_size_the_readme_gives_is_the_glossary_s() -> None:
    from normcorpus.glossary import load_glossary

    stated = re.search(r"`glossary\.yaml`, ([\d,]+) concepts", README)
    assert stated, "the README no longer says how many concepts the glossary has"
    assert int(stated.group(1).replace(",", "")) == len(load_glossary(GLOSSARY).concepts)
