"""The typer app: parses options, calls the library, renders, exits.

Command groups live in sibling modules (one per user workflow) so that they
stay thin and separate; each imports the library lazily inside its commands,
which keeps `normcorpus --help` and `search` fast and free of underthesea.
A command's module is imported, and its click command built, only when the
command is looked up (`COMMANDS`, `_Commands`): `search` does not read the
other commands' signatures (typer evaluates every annotation of every option).
Expected failures (`NormcorpusError`) are caught here, once, in the top group:
one line on stderr and the error's exit code. Usage errors (an unknown option,
a bad value) are one line too, not click's four-line block. Exit codes: 0
clean, 1 findings at or above --fail-on, 2 usage or input error, 130
interrupted (Ctrl-C).
"""

from __future__ import annotations

import signal
import sys
import warnings
from collections.abc import Iterator, MutableMapping, Sequence
from typing import Annotated, Any

import typer
from typer.core import TyperGroup

from ..errors import Interrupted, NormcorpusError, NormcorpusWarning
from ..fileio import guard_stdout
from .examples import attach

# The click that typer runs on (its own vendored copy since typer 0.2x, else
# click itself): its exceptions are the ones to catch.
_click = sys.modules[typer.BadParameter.__module__]
_NoArgsIsHelp = getattr(_click, "NoArgsIsHelpError", ())  # click ≥ 8.2


# Each top-level command and the module of this package that defines it, in the
# order `--help` lists them. tests/test_cli.py checks it against what the modules
# register.
COMMANDS: dict[str, str] = {
    "ingest": "corpus",
    "show": "corpus",
    "stats": "corpus",
    "search": "search",
    "freq": "search",
    "collocates": "search",
    "concepts": "search",
    "check": "check",
    "export": "check",
    "align": "align",
    "serve": "web",
    "glossary": "glossary",
    "plot": "plot",
}


class _Commands(MutableMapping[str, Any]):
    """The group's commands by name, each built when first asked for.

    Click and typer read a group's commands through this mapping: the names
    (`keys()`: usage errors, suggestions) cost nothing, a lookup builds that
    one command, listing them all (`--help`, completion) builds them all.
    Commands whose module is already imported come built, as typer made them.
    """

    def __init__(self, built: MutableMapping[str, Any]):
        self._built = dict(built)

    def __getitem__(self, name: str) -> Any:
        command = self._built.get(name)
        if command is None:
            if name not in COMMANDS or (command := _build(name)) is None:
                raise KeyError(name)
            self._built[name] = command
        return command

    def __setitem__(self, name: str, command: Any) -> None:
        self._built[name] = command

    def __delitem__(self, name: str) -> None:
        del self._built[name]

    def __iter__(self) -> Iterator[str]:
        return iter(dict.fromkeys([*COMMANDS, *self._built]))

    def __len__(self) -> int:
        return len(dict.fromkeys([*COMMANDS, *self._built]))

    def __contains__(self, name: object) -> bool:
        return name in COMMANDS or name in self._built


def _build(name: str) -> Any:
    """Import the module that defines command `name` and build its click command
    (None when that module is not there)."""
    import typer.main

    module = f"{__name__}.{COMMANDS[name]}"
    try:
        __import__(module)
    except ModuleNotFoundError as exc:
        if exc.name != module:
            raise
        return None
    attach(app)
    for info in app.registered_commands:
        if (info.name or typer.main.get_command_name(info.callback.__name__)) == name:
            return typer.main.get_command_from_info(
                info,
                pretty_exceptions_short=app.pretty_exceptions_short,
                rich_markup_mode=app.rich_markup_mode,
            )
    for group in app.registered_groups:
        if group.name == name:
            return typer.main.get_group_from_info(
                group,
                pretty_exceptions_short=app.pretty_exceptions_short,
                rich_markup_mode=app.rich_markup_mode,
                suggest_commands=app.suggest_commands,
            )
    return None


class _Group(TyperGroup):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.commands = _Commands(self.commands)

    def list_commands(self, ctx: Any) -> list[str]:
        return [name for name in self.commands if self.commands.get(name) is not None]

    def main(  # type: ignore[override]
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        **extra: Any,
    ) -> Any:
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, False, **extra)
        try:
            _ctrl_c_raises()
            code = super().main(args, prog_name, complete_var, False, **extra)
        except _NoArgsIsHelp as exc:  # bare `normcorpus`: the help
            exc.show()
            sys.exit(exc.exit_code)
        except _click.ClickException as exc:
            sys.exit(_usage_error(exc))
        except (typer.Abort, KeyboardInterrupt):  # Ctrl-C while click itself was running
            typer.echo("normcorpus: interrupted", err=True)
            sys.exit(130)
        sys.exit(code if isinstance(code, int) else 0)

    def make_context(self, *args: Any, **kwargs: Any) -> Any:
        try:
            return super().make_context(*args, **kwargs)
        except KeyboardInterrupt:  # while the top group parses: typer would exit 130 silently
            typer.echo("normcorpus: interrupted", err=True)
            raise typer.Exit(130) from None

    def invoke(self, ctx: Any) -> Any:
        try:
            try:
                return super().invoke(ctx)
            finally:
                # What is still buffered fails here, where it is reported,
                # rather than at exit (see fileio.guard_stdout).
                sys.stdout.flush()
        except Interrupted as exc:  # Ctrl-C, with what it left behind
            typer.echo(f"normcorpus: {exc}", err=True)
            raise typer.Exit(exc.exit_code) from None
        except NormcorpusError as exc:
            typer.echo(f"normcorpus: error: {exc}", err=True)
            raise typer.Exit(exc.exit_code) from None
        except KeyboardInterrupt:
            typer.echo("normcorpus: interrupted", err=True)
            raise typer.Exit(130) from None
        except BrokenPipeError:  # `normcorpus search … | head`: the reader has what it wanted
            raise typer.Exit(0) from None


def _ctrl_c_raises() -> None:
    """From here on Ctrl-C raises KeyboardInterrupt, caught above or by a library
    function that undoes its work first: the start-up handler goes (__main__)."""
    if getattr(signal.getsignal(signal.SIGINT), "start_up", False):
        signal.signal(signal.SIGINT, signal.default_int_handler)


def _usage_error(exc: Any) -> int:
    """Print a click error as one line (`normcorpus: error: …`) and give its exit code."""
    message = " ".join(exc.format_message().split()).removesuffix(".")
    if isinstance(exc, _click.NoSuchOption):
        message = _no_such_option(exc)
    if message[:1].isupper() and not message[1:2].isupper():
        message = message[0].lower() + message[1:]
    ctx = getattr(exc, "ctx", None)
    hint = f" (see '{ctx.command_path} --help')" if ctx is not None else ""
    typer.echo(f"normcorpus: error: {message}{hint}", err=True)
    return exc.exit_code


def _no_such_option(exc: Any) -> str:
    """`no such option: --kwc (did you mean --kwic?)`. Click offers every option within
    difflib's loose default cutoff (`--kwc` → `--doc, --kwic`); a near miss is named only
    when it is close, and the best first."""
    import difflib

    close = difflib.get_close_matches(exc.option_name, exc.possibilities or (), n=2, cutoff=0.75)
    hint = f" (did you mean {' or '.join(close)}?)" if close else ""
    return f"no such option: {exc.option_name}{hint}"


app = typer.Typer(
    name="normcorpus",
    cls=_Group,
    help=(
        "Vietnamese statements on cyber norms as a searchable, glossary-aligned "
        "bilingual corpus.\n\n"
        "Start with `normcorpus ingest` (reads corpus/), then `normcorpus search QUERY`."
    ),
    no_args_is_help=True,
    # --install-completion / --show-completion (bash, zsh, fish, PowerShell).
    add_completion=True,
    pretty_exceptions_enable=False,
    # Plain click help: rich-rendered help costs ~100 ms of imports at every start.
    rich_markup_mode=None,
)


def _version(value: bool) -> None:
    if value:
        from importlib.metadata import PackageNotFoundError, version

        try:
            number = version("normcorpus")
        except PackageNotFoundError:  # run from a source tree that was never installed
            number = "unknown"
        typer.echo(f"normcorpus {number}")
        raise typer.Exit(0)


@app.callback()
def _main(
    version: Annotated[
        bool,
        typer.Option(
            "--version", is_eager=True, callback=_version, help="Print the version and exit."
        ),
    ] = False,
) -> None:
    # The group's own options; its help text is the app's.
    return None


def _show_warning(message: Any, category: Any, *args: Any, **kwargs: Any) -> None:
    if issubclass(category, NormcorpusWarning):
        typer.echo(f"normcorpus: warning: {message}", err=True)
    else:
        _python_show_warning(message, category, *args, **kwargs)


_python_show_warning = warnings.showwarning


def main() -> None:
    # The library's warnings are messages to the user: one line, no source line.
    warnings.showwarning = _show_warning
    guard_stdout()
    app(prog_name="normcorpus")
