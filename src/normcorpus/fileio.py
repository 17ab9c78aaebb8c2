"""Reading and writing files, once for the whole project, plus the format registry.

- `read_bytes` / `decode_utf8` / `read_text`: a file's bytes and its UTF-8 text,
  every failure an `InputError` (or the caller's subclass) naming the file,
  and the line of a bad byte.
- `atomic_write`: a temp file in the same directory, fsynced, renamed over the
  target; the temp file is removed on any failure, so a reader sees the old
  file or the new one, never half of one. `stage` is its first half, for
  writers that rename later (the store renames at its commit).
- `guard_stdout`: standard output that never loses data silently: a full
  disk or a file-size limit is a NormcorpusError, a closed pipe a quiet
  BrokenPipeError (Python's own buffered stdout returns a short count on a
  partial write, and the rest is gone).
- `FORMATS` / `check_format`: the formats each kind of output or input
  accepts, listed once; the CLI and the library check choices against them.

Nothing here imports a domain module: this is imported by `search` and by
`--help`, which must stay fast.
"""

from __future__ import annotations

import hashlib
import io
import os
import stat
import sys
from pathlib import Path

from .errors import InputError, NormcorpusError

# --- reading ------------------------------------------------------------------


_NOT_REGULAR = (
    (stat.S_ISFIFO, "a FIFO (named pipe)"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
)


def file_kind(mode: int) -> str | None:
    """What a file that is not a regular file or a directory is (None for those two)."""
    if stat.S_ISREG(mode) or stat.S_ISDIR(mode):
        return None
    return next((name for test, name in _NOT_REGULAR if test(mode)), "not a regular file")


def regular_file(
    path: str | Path,
    *,
    what: str = "file",
    missing: str = "no such file",
    error: type[NormcorpusError] = InputError,
) -> Path:
    """`path` if it is a regular file (or a link to one), else `error` naming it.

    For readers that open the file themselves (streaming XML): a FIFO or a
    device is refused before it is opened, as `read_bytes` refuses it.
    """
    path = Path(path)
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        raise error(missing, path=str(path)) from None
    except OSError as exc:
        raise error(f"cannot read: {exc.strerror}", path=str(path)) from None
    if stat.S_ISDIR(mode):
        raise error(f"is a directory, not a {what}", path=str(path))
    kind = file_kind(mode)
    if kind is not None:
        raise error(f"is {kind}, not a regular file: not read", path=str(path))
    return path


def read_bytes(
    path: str | Path,
    *,
    what: str = "file",
    missing: str = "no such file",
    error: type[NormcorpusError] = InputError,
) -> bytes:
    """The bytes of a regular file; anything else is `error` naming the file.

    `what` names the expected file in messages ("is a directory, not a
    {what}"); `missing` is the whole message for a file that does not exist.
    The file is opened without blocking and checked on its descriptor, so a
    FIFO cannot hang the reader and a link to /dev/zero is never read.
    """
    name = str(path)
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except FileNotFoundError:
        raise error(missing, path=name) from None
    except IsADirectoryError:
        raise error(f"is a directory, not a {what}", path=name) from None
    except OSError as exc:
        raise error(f"cannot read: {exc.strerror}", path=name) from None
    try:
        mode = os.fstat(fd).st_mode
        if stat.S_ISDIR(mode):
            raise error(f"is a directory, not a {what}", path=name)
        kind = file_kind(mode)
        if kind is not None:
            raise error(f"is {kind}, not a regular file: not read", path=name)
        with os.fdopen(fd, "rb", closefd=False) as handle:
            return handle.read()
    except OSError as exc:
        raise error(f"cannot read: {exc.strerror}", path=name) from None
    finally:
        os.close(fd)


def decode_utf8(
    data: bytes,
    *,
    name: str,
    what: str = "text file",
    hint: str = "",
    nul_scan: int | None = None,
    error: type[NormcorpusError] = InputError,
) -> str:
    """UTF-8 (a BOM allowed and dropped) -> str, or `error` naming the file and line.

    Bytes with NUL in them (within the first `nul_scan` bytes, or anywhere)
    are a binary file, not text. `hint` follows the byte offset of a bad
    byte ("; convert it first …").
    """
    if b"\x00" in (data if nul_scan is None else data[:nul_scan]):
        raise error(f"binary file (contains NUL bytes), not a {what}", path=name)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise error(
            f"not UTF-8 (byte {exc.start}){hint}",
            path=name,
            line=data.count(b"\n", 0, exc.start) + 1,
        ) from None


def read_text(
    path: str | Path,
    *,
    what: str = "text file",
    missing: str = "no such file",
    hint: str = "",
    error: type[NormcorpusError] = InputError,
) -> str:
    """`decode_utf8(read_bytes(path))`, both with the same wording."""
    data = read_bytes(path, what=what, missing=missing, error=error)
    return decode_utf8(data, name=str(path), what=what, hint=hint, error=error)


# --- writing ------------------------------------------------------------------


def temp_path(path: str | Path, tag: str = "") -> Path:
    """The hidden temp file beside `path` that this process writes before renaming.

    `.<name>.<pid>[.<tag>].tmp`: unique per process (and per tag within one),
    and recognisable, so that a later run can remove those of a dead one.
    """
    path = Path(path)
    return path.with_name(f".{path.name}.{os.getpid()}{'.' + tag if tag else ''}.tmp")


def _cannot_write(path: Path, exc: OSError) -> NormcorpusError:
    if isinstance(exc, IsADirectoryError) or (path.is_dir() and not path.is_symlink()):
        return NormcorpusError("cannot write: is a directory", path=str(path))
    if isinstance(exc, FileNotFoundError) and not path.parent.is_dir():
        return NormcorpusError(
            f"cannot write: no such directory {str(path.parent)!r}", path=str(path)
        )
    return NormcorpusError(f"cannot write: {exc.strerror or exc}", path=str(path))


class Staged:
    """A temp file beside `path`, written piece by piece, for the caller to rename.

    `with Staged(path) as out: out.write(b"...")` writes `temp_path(path, tag)`
    and fsyncs it on a clean exit; on any failure the temp file is removed and
    an OSError becomes a NormcorpusError naming `path`. `out.path` is the temp
    file, `out.sha256` the digest of what was written.
    """

    def __init__(self, path: str | Path, *, tag: str = "", sync: bool = True) -> None:
        self.target = Path(path)
        self.path = temp_path(self.target, tag)
        self._sync = sync
        self._digest = hashlib.sha256()
        self._fd: int | None = None

    def __enter__(self) -> Staged:
        if self.target.is_dir() and not self.target.is_symlink():
            raise NormcorpusError("cannot write: is a directory", path=str(self.target))
        try:
            self._fd = os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o666)
        except OSError as exc:
            raise _cannot_write(self.target, exc) from None
        return self

    def write(self, data: bytes) -> None:
        assert self._fd is not None, "write inside the with block"
        try:
            # Every byte written or an error: a buffered file returns a short
            # count where the disk fills or a size limit is reached.
            write_all(self._fd, data)
        except OSError as exc:
            raise _cannot_write(self.target, exc) from None
        self._digest.update(data)

    @property
    def sha256(self) -> str:
        return self._digest.hexdigest()

    def __exit__(self, kind: object, error: object, trace: object) -> None:
        fd, self._fd = self._fd, None
        kept = False
        try:
            if error is None and self._sync and fd is not None:
                os.fsync(fd)
            kept = error is None
        except OSError as exc:
            raise _cannot_write(self.target, exc) from None
        finally:
            if fd is not None:
                os.close(fd)
            if not kept:
                self.path.unlink(missing_ok=True)


def stage(path: str | Path, data: bytes | str, *, tag: str = "", sync: bool = True) -> Path:
    """Write `data` to `temp_path(path, tag)` and fsync it; the caller renames it.

    On failure the temp file is removed and a NormcorpusError names `path`.
    """
    with Staged(path, tag=tag, sync=sync) as out:
        out.write(data.encode("utf-8") if isinstance(data, str) else data)
    return out.path


def atomic_write(path: str | Path, data: bytes | str, *, tag: str = "", sync: bool = True) -> None:
    """Replace `path` by `data` (str is written as UTF-8) atomically.

    A reader sees the old file or the new one; on any failure (a full disk, a
    missing directory, an interrupt) the old file stays, no temp file is left,
    and a NormcorpusError names `path` (exit 2 at the CLI). `sync=False` skips
    the fsyncs, for caches that may be lost in a crash.
    """
    path = Path(path)
    temp = stage(path, data, tag=tag, sync=sync)
    try:
        os.replace(temp, path)
    except OSError as exc:
        raise _cannot_write(path, exc) from None
    finally:
        temp.unlink(missing_ok=True)
    if sync:
        _sync_directory(path.parent)


def _sync_directory(directory: Path) -> None:
    """Make a rename in `directory` durable (where the platform allows it)."""
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass  # some filesystems refuse fsync on a directory
    finally:
        os.close(fd)


def write_all(fd: int, data: bytes | memoryview) -> None:
    """Write every byte of `data` to `fd`, or raise the OSError that stopped it."""
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]


class OutputError(NormcorpusError):
    """Standard output could not be written (a full disk, a size limit)."""


class _GuardedOutput(io.RawIOBase):
    """A file descriptor that takes every byte or raises (see `guard_stdout`).

    After a failure it swallows what is still written (the buffers flushed at
    exit), so the one error is reported once.
    """

    def __init__(self, fd: int) -> None:
        self._fd = fd
        self._failed = False

    def writable(self) -> bool:
        return True

    def fileno(self) -> int:
        return self._fd

    def isatty(self) -> bool:
        return os.isatty(self._fd)

    def write(self, data: bytes) -> int:  # type: ignore[override]
        if self._failed:
            return len(data)
        try:
            write_all(self._fd, data)
        except BrokenPipeError:
            self._failed = True
            raise
        except OSError as exc:
            self._failed = True
            raise OutputError(f"cannot write to standard output: {exc.strerror}") from None
        return len(data)


def guard_stdout() -> None:
    """Make `sys.stdout` write fully or fail loudly (the CLI calls this once at start)."""
    current = sys.stdout
    try:
        fd = current.fileno()
    except (AttributeError, OSError, ValueError):
        return  # not a real file (a test runner's capture): nothing to guard
    current.flush()
    sys.stdout = io.TextIOWrapper(
        io.BufferedWriter(_GuardedOutput(fd)),
        encoding=current.encoding,
        errors=current.errors,
        line_buffering=current.line_buffering,
    )


# --- the format registry ------------------------------------------------------

# What each kind of output (or input) accepts, first the default where there is one.
FORMATS: dict[str, tuple[str, ...]] = {
    # rows of a command's result: search, show, stats, freq, concepts, coverage…
    "rows": ("table", "json", "jsonl", "csv", "tsv"),
    # `check` findings
    "check": ("table", "json", "jsonl", "csv", "tsv", "html", "github", "sarif"),
    # `glossary validate` problems
    "validate": ("text", "json", "github", "sarif"),
    # glossary exchange (formats/termtable.py, formats/tbx.py)
    "glossary-export": ("tbx", "tbx2008", "csv", "tsv", "json"),
    "glossary-import": ("auto", "tbx", "csv", "tsv", "omegat", "json"),
    # bilingual files read by `check` (formats/bilingual.py)
    "bilingual-input": ("tsv", "csv", "jsonl", "tmx", "xliff"),
    # clause pairs written by `export` (formats/exchange.py)
    "bilingual-export": ("tmx", "xliff", "tsv", "jsonl"),
    # beads written by `align` (parallel.py)
    "align": ("tsv", "jsonl", "tmx"),
}

# How a bad choice of each kind is named in the one-line error.
_LABELS = {
    "glossary-export": "export format",
    "glossary-import": "import format",
    "bilingual-input": "input format",
    "bilingual-export": "export format",
}


def check_format(kind: str, value: str, *, error: type[NormcorpusError] = NormcorpusError) -> str:
    """`value` if it is one of `FORMATS[kind]`, else `error` ("unknown format 'x' (choose …)")."""
    choices = FORMATS[kind]
    if value not in choices:
        label = _LABELS.get(kind, "format")
        raise error(f"unknown {label} {value!r} (choose from {', '.join(choices)})")
    return value
