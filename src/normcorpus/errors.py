"""The exceptions normcorpus raises for expected failures.

The CLI catches `NormcorpusError` in one place, prints its one-line message to
stderr and exits with its `exit_code`. Anything else is a bug and keeps its
traceback.
"""

from __future__ import annotations

# Control characters in a file name (`nl\n.txt`) would break a one-line message.
_CONTROL = {c: f"\\x{c:02x}" for c in [*range(32), 127]} | {10: "\\n", 13: "\\r", 9: "\\t"}


def shown(path: str) -> str:
    """A path as messages show it: control characters escaped (`nl\\n.txt`)."""
    return path.translate(_CONTROL)


class NormcorpusError(Exception):
    """An expected failure: bad input, missing file, unusable option."""

    exit_code = 2

    def __init__(
        self,
        message: str,
        *,
        path: str | None = None,
        line: int | None = None,
        column: int | None = None,
    ):
        self.path = path
        self.line = line
        self.column = column
        self.detail = message
        super().__init__(self.format())

    def format(self) -> str:
        where = ""
        if self.path:
            where = shown(self.path)
            if self.line:
                where += f":{self.line}"
                if self.column:
                    where += f":{self.column}"
            where += ": "
        return f"{where}{self.detail}"


class InputError(NormcorpusError):
    """A file that cannot be read, decoded or parsed."""


class GlossaryError(InputError):
    """A glossary that cannot be loaded at all."""


class StoreError(NormcorpusError):
    """A data directory that is missing, from another version, or damaged."""


class QueryError(NormcorpusError):
    """A search query that cannot be parsed or run."""


class NormcorpusWarning(UserWarning):
    """Something the user should know that does not stop the run (one line at the CLI)."""


class Interrupted(NormcorpusError):
    """Ctrl-C (SIGINT): the message says what was changed, if anything."""

    exit_code = 130
