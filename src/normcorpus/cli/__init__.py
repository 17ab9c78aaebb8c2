"""The typer app: parses options, calls the library, renders, exits.

Command groups live in sibling modules (one per user workflow) so that they
stay thin and separate; each imports the library lazily inside its commands,
which keeps `normcorpus --help` and `search` fast and free of underthesea.
Expected failures (`NormcorpusError`) are caught here, once, in the top group:
one line on stderr and the error's exit code. Exit codes: 0 clean, 1 findings
at or above --fail-on, 2 usage or input error.
"""

from __future__ import annotations

import warnings
from typing import Any

import click
import typer
from typer.core import TyperGroup

from ..errors import Interrupted, NormcorpusError, NormcorpusWarning


class _Group(TyperGroup):
    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except Interrupted as exc:  # Ctrl-C, with what it left behind
            typer.echo(f"normcorpus: {exc}", err=True)
            raise typer.Exit(exc.exit_code) from None
        except NormcorpusError as exc:
            typer.echo(f"normcorpus: error: {exc}", err=True)
            raise typer.Exit(exc.exit_code) from None
        except KeyboardInterrupt:
            typer.echo("normcorpus: interrupted", err=True)
            raise typer.Exit(130) from None
        except BrokenPipeError:  # `normcorpus search … | head`
            raise typer.Exit(0) from None


app = typer.Typer(
    name="normcorpus",
    cls=_Group,
    help=(
        "Vietnamese statements on cyber norms as a searchable, glossary-aligned "
        "bilingual corpus.\n\n"
        "Start with `normcorpus ingest` (reads corpus/), then `normcorpus search QUERY`."
    ),
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    # Plain click help: rich-rendered help costs ~100 ms of imports at every start.
    rich_markup_mode=None,
)


def _register() -> None:
    # Each module adds its commands to `app` on import.
    from . import corpus  # noqa: F401

    for name in ("search", "glossary", "check", "align"):
        try:
            __import__(f"{__name__}.{name}")
        except ModuleNotFoundError as exc:
            if exc.name != f"{__name__}.{name}":
                raise


_register()


def _show_warning(message: Any, category: Any, *args: Any, **kwargs: Any) -> None:
    if issubclass(category, NormcorpusWarning):
        typer.echo(f"normcorpus: warning: {message}", err=True)
    else:
        _python_show_warning(message, category, *args, **kwargs)


_python_show_warning = warnings.showwarning


def main() -> None:
    # The library's warnings are messages to the user: one line, no source line.
    warnings.showwarning = _show_warning
    app(prog_name="normcorpus")
