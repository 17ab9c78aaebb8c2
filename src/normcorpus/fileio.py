"""Reading and writing files, once for the whole project, plus the format registry.

- `read_bytes` / `decode_utf8` / `read_text`: a file's bytes and its UTF-8 text,
  every failure an `InputError` (or the caller's subclass) naming the file,
  and the line of a bad byte.
- `atomic_write`: a temp file in the same directory, fsynced, renamed over the
  target; the temp file is removed on any failure, so a reader sees the old
  file or the new one, never half of one. `stage` is its first half, for
  writers that rename later (the store renames at its commit).
- `FORMATS` / `check_format`: the formats each kind of output or input
  accepts, listed once; the CLI and the library check choices against them.

Nothing here imports a domain module: this is imported by `search` and by
`--help`, which must stay fast.
"""

from __future__ import annotations

import os
import stat
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
    error: type[InputError] = InputError,
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
    error: type[InputError] = InputError,
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
    error: type[InputError] = InputError,
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
    error: type[InputError] = InputError,
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


def stage(path: str | Path, data: bytes | str, *, tag: str = "", sync: bool = True) -> Path:
    """Write `data` to `temp_path(path, tag)` and fsync it; the caller renames it.

    On failure the temp file is removed and a NormcorpusError names `path`.
    """
    path = Path(path)
    payload = data.encode("utf-8") if isinstance(data, str) else data
    if path.is_dir() and not path.is_symlink():
        raise NormcorpusError("cannot write: is a directory", path=str(path))
    temp = temp_path(path, tag)
    try:
        with open(temp, "wb") as handle:
            handle.write(payload)
            if sync:
                handle.flush()
                os.fsync(handle.fileno())
    except OSError as exc:
        temp.unlink(missing_ok=True)
        raise _cannot_write(path, exc) from None
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    return temp


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


# --- the format registry ------------------------------------------------------

# What each kind of output (or input) accepts, first the default where there is one.
FORMATS: dict[str, tuple[str, ...]] = {
    # rows of a command's result: search, show, stats, freq, concepts, coverage…
    "rows": ("table", "json", "jsonl", "csv", "tsv"),
    # `check` findings
    "check": ("table", "json", "jsonl", "csv", "html", "github", "sarif"),
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
