"""The `normcorpus` command and `python -m normcorpus`: Ctrl-C at start-up, then the CLI.

Until the CLI's top group is running (it catches Ctrl-C itself, see
cli._Group), a Ctrl-C prints one line and exits 130 at once: nothing has been
read or written yet, so there is nothing to undo, and a KeyboardInterrupt
raised inside an import would end in a traceback. This module imports nothing
heavy, so that the handler is in place a few milliseconds after Python starts.
"""

# _signal, the C module: `signal` itself imports enum, functools and collections first.
import _signal
import os


def interrupted_at_start(signum: int, frame: object) -> None:
    os.write(2, b"normcorpus: interrupted\n")
    os._exit(130)


interrupted_at_start.start_up = True  # type: ignore[attr-defined]  # cli._Group replaces it


def main() -> None:
    _signal.signal(_signal.SIGINT, interrupted_at_start)
    from normcorpus.cli import main as cli

    cli()


if __name__ == "__main__":
    main()
