"""One ingest at a time in a data directory: an advisory lock on `.ingest.lock`.

`fcntl.flock` on a file that holds the owner's pid: the lock goes with the
process (a killed ingest leaves no stale lock), and a second ingest can say who
holds it. Readers never take it (WAL keeps them apart from the writer).
"""

from __future__ import annotations

import fcntl
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from ..errors import StoreError

LOCK_NAME = ".ingest.lock"


@contextmanager
def ingest_lock(
    data_dir: str | Path,
    *,
    wait: bool = True,
    on_wait: Callable[[int | None], None] | None = None,
) -> Iterator[None]:
    """Hold the data directory's ingest lock for the block.

    Taken already: with `wait`, call `on_wait(pid)` once and wait; without,
    raise a StoreError naming the pid that holds it.
    """
    data_dir = Path(data_dir)
    if data_dir.exists() and not data_dir.is_dir():
        raise StoreError(f"{data_dir} is a file, not a data directory (pass --data-dir)")
    try:
        data_dir.mkdir(parents=True, exist_ok=True)
        descriptor = os.open(data_dir / LOCK_NAME, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as exc:
        raise StoreError(f"cannot create data directory {data_dir}: {exc.strerror}") from exc
    try:
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = _holder(descriptor)
            who = f"pid {holder}" if holder else "pid unknown"
            if not wait:
                raise StoreError(
                    f"another ingest ({who}) is running in {data_dir}/;"
                    " run again when it has finished, or without --no-wait to wait for it"
                ) from None
            if on_wait is not None:
                on_wait(holder)
            fcntl.flock(descriptor, fcntl.LOCK_EX)
        os.ftruncate(descriptor, 0)
        os.pwrite(descriptor, f"{os.getpid()}\n".encode(), 0)
        try:
            yield
        finally:
            os.ftruncate(descriptor, 0)
            fcntl.flock(descriptor, fcntl.LOCK_UN)
    finally:
        os.close(descriptor)


def _holder(descriptor: int) -> int | None:
    text = os.pread(descriptor, 32, 0).decode("ascii", "replace").strip()
    return int(text) if text.isdigit() else None
