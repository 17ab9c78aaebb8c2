"""The corpus behind the web app: one read-only `Corpus` per worker thread.

An SQLite connection belongs to the thread that opened it, and a `Corpus`
caches statistics as it goes, so each of a few worker threads opens its own
(read-only: `Store.open(read_only=True)`) and the glossary, loaded once, is
shared. Work runs in those threads, never in the event loop, so a slow query
holds up one worker, not the server; and under `Store.time_limit`, so a query
past the limit (2 s) is stopped and answered with a message.

When another process commits (an ingest), SQLite's `data_version` changes;
a worker that sees it reopens its corpus before its next request, so cached
statistics never outlive the index they came from.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, TypeVar

from ..models import Glossary
from ..search import Corpus, load_glossary_cached
from ..store import Store

T = TypeVar("T")
TIME_LIMIT = 2.0  # seconds a request's SQL may run
WORKERS = 4  # SQLite releases the GIL while it reads: a few threads use two cores


class Engine:
    """Runs `work(corpus, ...)` in a worker thread with that thread's corpus."""

    def __init__(
        self,
        data_dir: Path,
        glossary: Glossary | None,
        *,
        workers: int = WORKERS,
        time_limit: float | None = TIME_LIMIT,
    ):
        self.data_dir = Path(data_dir)
        self.glossary = glossary
        self.time_limit = time_limit
        self._local = threading.local()
        self._executor = ThreadPoolExecutor(
            max_workers=workers, thread_name_prefix="normcorpus-web"
        )

    @classmethod
    def open(
        cls,
        data_dir: str | Path,
        glossary: str | Path | None = None,
        **options: Any,
    ) -> Engine:
        """Check that the data directory opens (a one-line `StoreError` if not) and
        load the glossary, before the server starts listening."""
        data_dir = Path(data_dir)
        with Store.open(data_dir, read_only=True) as store:
            loaded = (
                None
                if glossary is None
                else load_glossary_cached(glossary, store.data_dir / "cache")
            )
        return cls(data_dir, loaded, **options)

    def corpus(self) -> Corpus:
        """This thread's corpus, reopened when the index changed since it was opened."""
        local = self._local
        corpus: Corpus | None = getattr(local, "corpus", None)
        if corpus is not None:
            if corpus.store.data_version() == local.version:
                return corpus
            corpus.close()
        corpus = Corpus(Store.open(self.data_dir, read_only=True), self.glossary)
        local.corpus, local.version = corpus, corpus.store.data_version()
        return corpus

    def call(self, work: Callable[..., T], *args: Any) -> T:
        """`work(corpus, *args)` on this thread, its SQL under the time limit."""
        corpus = self.corpus()
        with corpus.store.time_limit(self.time_limit):
            return work(corpus, *args)

    async def run(self, work: Callable[..., T], *args: Any) -> T:
        """`call` in a worker thread."""
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._executor, self.call, work, *args)

    def close(self) -> None:
        """Stop the workers (their connections close with their threads)."""
        self._executor.shutdown(wait=True, cancel_futures=True)
