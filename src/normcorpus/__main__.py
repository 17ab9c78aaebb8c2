"""The `normcorpus` command and `python -m normcorpus`: Ctrl-C at start-up, then the CLI.

Until the CLI's top group is running (it catches Ctrl-C itself, see
cli._Group), a Ctrl-C prints one line and exits 130 at once: nothing has been
read or written yet, so there is nothing to undo, and a KeyboardInterrupt
raised inside an import would end in a traceback. This module imports nothing
heavy and installs the handler as it is imported (it is only ever imported as
the entry point), so that it is in place a few milliseconds after Python starts.

When the command is done, the process ends without freeing its heap object by
object (`_exit_at_once`): with a large glossary loaded that took up to a
second of CPU, a third of an `ingest` after the first load (issue 18).
"""

# _signal, the C module: `signal` itself imports enum, functools and collections first.
import _signal
import os


def interrupted_at_start(signum: int, frame: object) -> None:
    os.write(2, b"normcorpus: interrupted\n")
    os._exit(130)


interrupted_at_start.start_up = True  # type: ignore[attr-defined]  # cli._Group replaces it
_signal.signal(_signal.SIGINT, interrupted_at_start)


def main() -> None:
    from normcorpus.cli import main as cli

    try:
        cli()
    except SystemExit as done:
        _exit_at_once(done.code)
        raise


def _exit_at_once(code: object) -> None:
    """End the process now with `code`, as `sys.exit` would, but without the
    interpreter's teardown, which frees every object one by one (millions for a
    100,000-concept glossary: 0.5-0.9 s of CPU for nothing, the memory goes back
    to the system anyway). What Python's exit does that matters is done first:
    the `atexit` functions (logging, temporary directories, worker pools) and
    the standard streams flushed. Returns (the usual exit follows) when that
    could differ: a message as the code, a thread still running, a profiler or
    a tracer, or a stream that fails to flush (the usual exit reports it)."""
    if code is None:
        code = 0
    if not isinstance(code, int):
        return
    import atexit
    import sys
    import threading

    if threading.active_count() > 1:
        return  # the usual exit waits for it
    if sys.getprofile() is not None or sys.gettrace() is not None:
        return  # a profiler or debugger (`python -m cProfile`) writes its data after
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except Exception:  # reported by the usual exit
        return
    atexit._run_exitfuncs()  # the usual exit runs them after this point, once
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except Exception:
        os._exit(code or 1)
    os._exit(code)


if __name__ == "__main__":
    main()
