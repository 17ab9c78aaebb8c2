"""The pipeline: read -> normalise -> strip chrome -> segment -> align -> store.

`ingest()` is incremental: a document whose source (text, metadata, encoding,
chrome rules) and segmentation rules are unchanged is skipped when the
glossary is unchanged too, and only re-aligned (from its stored clauses, no
underthesea) when the glossary changed. Documents are processed in a process
pool (`jobs`), results consumed in input order, so output is deterministic.
Every per-file failure is collected, never fatal to the other files; the batch
is written in one transaction that commits only if the run completes.
"""

from __future__ import annotations

import gc
import hashlib
import os
import signal
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from itertools import islice
from multiprocessing import get_context
from pathlib import Path

from . import glossarycache, htmltext, read
from .align import Aligner, align, align_clause
from .errors import InputError, Interrupted, NormcorpusError, shown
from .models import Clause, ClauseRecord, Document, Glossary
from .read import ChromeRules, load_chrome_rules
from .segment import load_segment_rules, segment
from .store import INDEX_NAME, DocumentInfo, PreparedRecords, Store, Writer, prepare
from .store.lock import ingest_lock
from .store.writer import DocumentFailed

Progress = Callable[[str, int, int], None]  # (document id, done, total)


@dataclass(frozen=True, slots=True)
class FileError:
    path: str
    message: str


@dataclass(frozen=True, slots=True)
class FileNotice:
    """A warning or note about one file (a detected encoding, chrome over half the page)."""

    path: str
    id: str
    message: str
    warning: bool


@dataclass(frozen=True, slots=True)
class IngestReport:
    documents: int  # documents in the index after the run
    processed: tuple[str, ...]  # segmented and aligned
    realigned: tuple[str, ...]  # re-aligned only (glossary changed)
    unchanged: tuple[str, ...]
    removed: tuple[str, ...]
    clauses: int
    words: int
    matches: dict[str, int] = field(default_factory=dict)  # by match kind
    errors: tuple[FileError, ...] = ()
    notices: tuple[FileNotice, ...] = ()
    # chrome removed from each document processed in this run: kind -> characters
    chrome: dict[str, dict[str, int]] = field(default_factory=dict)
    # documents whose published English (`<doc>.en.txt`) was aligned in this run
    published: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        return not self.errors

    def to_dict(self) -> dict[str, object]:
        return {
            "documents": self.documents,
            "processed": list(self.processed),
            "realigned": list(self.realigned),
            "published": list(self.published),
            "unchanged": list(self.unchanged),
            "removed": list(self.removed),
            "clauses": self.clauses,
            "words": self.words,
            "matches": self.matches,
            "errors": [{"path": e.path, "message": e.message} for e in self.errors],
            "notices": [
                {"path": n.path, "id": n.id, "message": n.message, "warning": n.warning}
                for n in self.notices
            ],
            "chrome": self.chrome,
        }


def source_digest(
    path: Path, *, encoding: str | None, rules: ChromeRules, strip: bool = True
) -> str:
    """What read_document() records as `source_sha256`, without decoding or segmenting."""
    raw = read.read_bytes(path)
    meta_raw = read.optional_bytes(read.meta_path(path)) or b""
    html = htmltext.is_html(path.name, raw)
    return read.source_digest(raw, meta_raw, encoding=encoding, rules=rules, strip=strip, html=html)


# --- the per-document work (runs in worker processes) -----------------------

_worker_state: dict[str, object] = {}


def _init_pool_worker(
    parent: int,
    glossary: Glossary,
    encoding: str | None,
    rules: ChromeRules,
    strict: bool = False,
    strip: bool = True,
) -> None:
    """A worker process: Ctrl-C is the parent's to handle (the terminal sends it
    to every process of the group), and the worker dies with its parent."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _die_with_parent(parent)
    gc.set_threshold(_YOUNG_THRESHOLD, *gc.get_threshold()[1:])  # see _fewer_collections
    _init_worker(glossary, encoding, rules, strict, strip)


# Container objects allocated between two collections of the youngest generation.
_YOUNG_THRESHOLD = 20_000


@contextmanager
def _fewer_collections() -> Iterator[None]:
    """The cyclic collector run less often while documents are processed.

    Segmenting allocates a few hundred thousand span tuples and word lists a
    megabyte, almost none of them in cycles; at Python's default threshold
    (700) the collector ran ~600 times on a 2 MB ingest, each pass walking
    whatever big lists were young, and the old generation (the tagger's and
    glossary's objects) 4 times: ~3% of ingest CPU, a quarter of that with
    this threshold. The caller's threshold is restored afterwards.
    """
    threshold = gc.get_threshold()
    gc.set_threshold(max(threshold[0], _YOUNG_THRESHOLD), *threshold[1:])
    try:
        yield
    finally:
        gc.set_threshold(*threshold)


def _die_with_parent(parent: int) -> None:
    if sys.platform.startswith("linux"):
        try:
            import ctypes

            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(1, signal.SIGKILL, 0, 0, 0)  # PR_SET_PDEATHSIG
        except (OSError, AttributeError):
            pass
    if os.getppid() != parent:  # the parent died before the line above
        os._exit(1)


def _init_worker(
    glossary: Glossary,
    encoding: str | None,
    rules: ChromeRules,
    strict: bool = False,
    strip: bool = True,
) -> None:
    _worker_state["aligner"] = Aligner(glossary)
    _worker_state["encoding"] = encoding
    _worker_state["rules"] = rules
    _worker_state["strict"] = strict
    _worker_state["strip"] = strip


def _chunks(clauses: Iterable[Clause], aligner: Aligner) -> Iterator[PreparedRecords]:
    """A document's records prepared for the index, _CHUNK clauses at a time.

    Stage after stage over a chunk (segmented, then aligned, then prepared), not
    clause after clause: between two calls of the word tagger, whose model is
    tens of megabytes, the aligner found its tables out of the CPU's caches
    (docs/decisions.md, ingest6). The records are the same, in the same order.
    """
    clauses = iter(clauses)
    while chunk := list(islice(clauses, _CHUNK)):
        yield prepare(list(align(chunk, aligner)))


_CHUNK = 1000


def _process(
    path: str, lazy: bool = False
) -> tuple[str, Document | None, Iterable[PreparedRecords] | None, str]:
    """Read, segment and align one file; errors come back as data."""
    try:
        document = read.read_document(
            path,
            encoding=_worker_state["encoding"],  # type: ignore[arg-type]
            rules=_worker_state["rules"],  # type: ignore[arg-type]
            strict=bool(_worker_state.get("strict")),
            strip=bool(_worker_state.get("strip", True)),
        )
        aligner: Aligner = _worker_state["aligner"]  # type: ignore[assignment]
        chunks = _chunks(segment(document), aligner)
        # In this process the chunks are made as the writer takes them (a long
        # document is never held whole); a worker sends them all at once.
        return path, document, chunks if lazy else tuple(chunks), ""
    except NormcorpusError as exc:
        return path, None, None, _message(path, exc)


# What ingest says of a subfolder holding statement files (it reads a folder's own files).
_SUBFOLDER = "a subfolder with text files, not read (name it to ingest its files)"


def _message(path: str, exc: NormcorpusError) -> str:
    """The error's one line, naming the file it is about (an aligner's error names none)."""
    return str(exc) if exc.path else f"{shown(path)}: {exc.detail}"


def _run(
    paths: list[str],
    *,
    glossary: Glossary,
    encoding: str | None,
    rules: ChromeRules,
    jobs: int,
    strict: bool = False,
    strip: bool = True,
) -> Iterator[tuple[str, Document | None, Iterable[PreparedRecords] | None, str]]:
    if jobs <= 1 or len(paths) <= 1:
        _init_worker(glossary, encoding, rules, strict, strip)
        for path in paths:
            yield _process(path, lazy=True)
        return
    # fork: workers inherit the loaded modules; imap keeps input order.
    context = get_context("fork")
    initargs = (os.getpid(), glossary, encoding, rules, strict, strip)
    with context.Pool(jobs, initializer=_init_pool_worker, initargs=initargs) as pool:
        yield from pool.imap(_process, paths, chunksize=1)


# --- public API --------------------------------------------------------------


def aligned_records(
    paths: Iterable[str | Path], glossary: Glossary, *, encoding: str | None = None
) -> Iterator[ClauseRecord]:
    """Read, segment and align statements in memory (nothing is written)."""
    aligner = Aligner(glossary)
    rules = load_chrome_rules()
    for path in read.discover(paths):
        document = read.read_document(path, encoding=encoding, rules=rules)
        yield from align(segment(document), aligner)


def ingest(
    paths: Iterable[str | Path],
    *,
    data_dir: str | Path,
    glossary: Glossary | str | Path,
    encoding: str | None = None,
    jobs: int | None = None,
    prune: bool = False,
    progress: Progress | None = None,
    strict: bool = False,
    strip: bool = True,
    wait: bool = True,
    on_wait: Callable[[int | None], None] | None = None,
) -> IngestReport:
    """Bring the data directory up to date with the given statement files.

    `prune` removes indexed documents that are no longer in a directory among
    `paths` (used when the whole corpus directory is ingested): a document
    ingested from anywhere else stays, as do those of a file named alone.
    `strict` makes a doubtful `encoding` (text that does not read as
    Vietnamese) an error of its file; `strip=False` keeps every line of every
    file as statement text (no chrome). One ingest
    runs in a data directory at a time: another one waits (`on_wait(pid)` is
    called first) or, without `wait`, a StoreError names it. Ctrl-C raises
    `Interrupted`, saying whether the batch was committed.
    """
    if not isinstance(glossary, Glossary):
        # From the data directory's cache when there is one (search reads it too).
        cache = Path(data_dir) / "cache"
        glossary = glossarycache.load(glossary, cache if cache.parent.is_dir() else None)
    paths = list(paths)
    discovered = read.scan(paths)
    files = list(discovered.files)
    if not files:
        raise InputError("no statement files (*.txt) found", path=", ".join(map(str, paths)))
    rules = load_chrome_rules()
    segment_digest = load_segment_rules().digest
    with ingest_lock(data_dir, wait=wait, on_wait=on_wait):
        store = Store.open(data_dir, create=True)
        state: dict[str, Writer] = {}
        try:
            report = _ingest(
                files, store, glossary, encoding, jobs,
                _directories(paths) if prune else (), progress, rules, segment_digest,
                state, strict, strip,
            )  # fmt: skip
        except KeyboardInterrupt:
            writer = state.get("writer")
            if writer is not None and writer.committed:
                raise Interrupted(
                    "interrupted after the batch was committed: the index is new, and the"
                    " next ingest puts the last record files in place"
                ) from None
            raise Interrupted("interrupted; nothing was changed") from None
        finally:
            store.close()
    skipped = tuple(
        FileNotice(str(p), "not-a-regular-file", why, True) for p, why in discovered.skipped
    ) + tuple(
        FileNotice(str(p), "subfolder-not-read", _SUBFOLDER, False) for p in discovered.folders
    )
    if store.replaced_version is not None:
        index = str(Path(data_dir) / INDEX_NAME)
        why = f"written by an older normcorpus (store version {store.replaced_version}): rebuilt"
        skipped = (FileNotice(index, "index-rebuilt", why, False), *skipped)
    return replace(report, notices=skipped + report.notices) if skipped else report


def _directories(paths: list[str | Path]) -> tuple[Path, ...]:
    return tuple(Path(p).resolve() for p in paths if Path(p).is_dir())


def _inside(path: str, roots: Sequence[Path]) -> bool:
    """Whether a stored source path (as ingest was given it, from the same working
    directory or absolute) lies in one of `roots`."""
    where = Path(path).resolve().parent
    return any(where == root or root in where.parents for root in roots)


def _ingest(
    files: list[Path],
    store: Store,
    glossary: Glossary,
    encoding: str | None,
    jobs: int | None,
    prune: Sequence[Path],
    progress: Progress | None,
    rules: ChromeRules,
    segment_digest: str,
    state: dict[str, Writer],
    strict: bool = False,
    strip: bool = True,
) -> IngestReport:
    known = {info.id: info for info in store.documents()}
    errors: list[FileError] = []
    notices: list[FileNotice] = []
    chrome: dict[str, dict[str, int]] = {}
    to_process: list[str] = []
    to_realign: list[str] = []
    unchanged: list[str] = []
    seen_ids: dict[str, Path] = {}
    given = {path.resolve() for path in files}
    for path in files:
        if read.is_english_version(path):
            stem = path.name[: -len(read.ENGLISH_SUFFIX)]
            statements = [path.with_name(stem + ".txt"), path.with_name(stem + ".vi.txt")]
            if not {s.resolve() for s in statements} & given:
                # Named as it is on disk (`law.vi.txt` beside `law.en.txt`), else the usual name.
                statement = next((s for s in statements if s.is_file()), statements[0])
                errors.append(
                    FileError(
                        str(path),
                        f"{shown(str(path))}: an English version, not a statement:"
                        f" ingest {statement.name}, and its English is aligned with it",
                    )
                )
            continue
        try:
            doc = read.doc_id(path)
            if doc in seen_ids:
                raise InputError(
                    f"document id {doc!r} is also given by {seen_ids[doc]}"
                    " (ids are made from file names: rename one of them)",
                    path=str(path),
                )
            seen_ids[doc] = path
            digest = source_digest(path, encoding=encoding, rules=rules, strip=strip)
        except NormcorpusError as exc:
            errors.append(FileError(str(path), str(exc)))
            continue
        info = known.get(doc)
        if not indexed_fresh(store, info, digest, segment_digest):
            to_process.append(str(path))
        elif info.glossary_digest != glossary.digest:  # type: ignore[union-attr]
            to_realign.append(doc)
        else:
            unchanged.append(doc)

    total = len(to_process) + len(to_realign)
    done = 0
    processed: list[str] = []
    realigned: list[str] = []
    removed: list[str] = []
    jobs = max(1, min(jobs or os.cpu_count() or 1, len(to_process) or 1))
    with store.writer() as writer, _fewer_collections():
        state["writer"] = writer
        for path, document, prepared, error in _run(
            to_process,
            glossary=glossary,
            encoding=encoding,
            rules=rules,
            jobs=jobs,
            strict=strict,
            strip=strip,
        ):
            done += 1
            if document is None or prepared is None:
                errors.append(FileError(path, error))
            else:
                notices.extend(
                    FileNotice(path, n.id, n.message, n.warning) for n in document.notices
                )
                try:
                    writer.put_document(
                        document,
                        prepared,
                        segment_digest=segment_digest,
                        glossary_digest=glossary.digest,
                    )
                except DocumentFailed as exc:
                    # Undone whole by the writer: its previous version, if any, stays.
                    errors.append(FileError(path, _message(path, exc)))
                else:
                    chrome[document.id] = read.chrome_summary(document)
                    processed.append(document.id)
            if progress:
                progress(Path(path).stem, done, total)
        if to_realign:
            aligner = Aligner(glossary)
            for doc in to_realign:
                document = store.stored_document(doc)
                try:
                    records = [align_clause(r.to_clause(), aligner) for r in store.records(doc)]
                except NormcorpusError as exc:
                    path = str(seen_ids[doc])
                    errors.append(FileError(path, _message(path, exc)))
                else:
                    writer.put_document(
                        document,
                        records,
                        segment_digest=segment_digest,
                        glossary_digest=glossary.digest,
                    )
                    realigned.append(doc)
                done += 1
                if progress:
                    progress(doc, done, total)
        if prune:
            # Only what was in a pruned directory: documents ingested from
            # elsewhere are not the directory's to remove.
            for doc in sorted(set(known) - set(seen_ids)):
                if _inside(known[doc].path, prune):
                    writer.remove_document(doc)
                    removed.append(doc)
        _load_translations(store, writer, seen_ids, removed, errors)
        failed = {error.path for error in errors}
        published = _load_published(
            store,
            writer,
            {doc: path for doc, path in seen_ids.items() if str(path) not in failed},
            glossary,
            segment_digest,
            errors,
            notices,
        )
        writer.set_meta("glossary_digest", glossary.digest)
    report = _summary(store, processed, realigned, unchanged, removed, errors)
    return replace(report, notices=tuple(notices), chrome=chrome, published=tuple(published))


def _load_translations(
    store: Store,
    writer: Writer,
    docs: dict[str, Path],
    removed: list[str],
    errors: list[FileError],
) -> None:
    """Load each statement's `<doc>.en.tsv` (if any) when its bytes changed.

    Translations are kept apart from the statement's digest: editing a
    translation costs a hash and a table rewrite, never a re-segmentation.
    A malformed file is reported and its previously loaded rows are kept.
    """
    from .translations import decode, parse_translations, translation_path

    for doc, path in docs.items():
        tsv = translation_path(path)
        try:
            data = read.optional_bytes(tsv)  # (never blocks on a FIFO; None if absent)
        except NormcorpusError as exc:
            errors.append(FileError(str(tsv), str(exc)))
            continue
        digest = hashlib.sha256(data).hexdigest() if data is not None else ""
        if store.translations_digest(doc) == digest:
            continue
        try:
            rows = (
                ()
                if data is None
                else parse_translations(decode(data, path=str(tsv)), path=str(tsv))
            )
        except NormcorpusError as exc:
            errors.append(FileError(str(tsv), str(exc)))
            continue
        writer.put_translations(doc, rows, sha256=digest)
    for doc in removed:
        writer.put_translations(doc, (), sha256="")


def _load_published(
    store: Store,
    writer: Writer,
    docs: dict[str, Path],
    glossary: Glossary,
    segment_digest: str,
    errors: list[FileError],
    notices: list[FileNotice],
) -> list[str]:
    """Align each statement with its published English (`<doc>.en.txt`, or the file
    its meta's `translation:` names) when either side, the glossary or the aligner's
    settings changed since the last alignment; forget it when the file is gone.

    The Vietnamese side is the clauses in the index (what search shows), so the
    beads name the corpus's clause ids. A bad English file is reported and the
    previous alignment kept. Returns the documents aligned.
    """
    from . import parallel

    aligned: list[str] = []
    settings = parallel.settings_digest()
    indexed = {info.id: info for info in store.documents()}
    for doc, path in sorted(docs.items()):
        info = indexed.get(doc)
        if info is None:
            continue
        english = read.english_version(path, info.meta)
        try:
            data = read.optional_bytes(english)
        except NormcorpusError as exc:
            errors.append(FileError(str(english), str(exc)))
            continue
        if data is None:
            writer.remove_published(doc)
            continue
        sha256 = hashlib.sha256(data).hexdigest()
        digest = hashlib.sha256(
            "\n".join(
                (sha256, info.source_sha256, segment_digest, glossary.digest, settings)
            ).encode()
        ).hexdigest()
        state = store.published_state(doc)
        if (
            state is not None
            and state[0] == digest
            and _file_intact(store.published_path(doc), state[1])
        ):
            continue
        try:
            side = parallel.english_from_bytes(data, path=english)
            document = store.stored_document(doc)
            clauses = [record.to_clause() for record in store.records(doc)]
            alignment = parallel.align_sides(
                parallel.vietnamese_side(document, clauses), side, glossary=glossary
            )
        except NormcorpusError as exc:
            errors.append(FileError(str(english), str(exc)))
            continue
        entry = info.meta.translation or parallel.PublishedTranslation()
        source = replace(entry, file=english.name)
        writer.put_published(
            doc,
            parallel.published_beads(alignment, doc),
            source=source,
            sha256=sha256,
            digest=digest,
        )
        counts = ", ".join(f"{n} {kind}" for kind, n in alignment.counts().items())
        notices.append(
            FileNotice(
                str(english),
                "published-aligned",
                f"published English aligned with {doc}: {counts}",
                False,
            )
        )
        aligned.append(doc)
    return aligned


def _file_intact(path: Path, expected: str) -> bool:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest() == expected
    except OSError:
        return False


def indexed_fresh(
    store: Store, info: DocumentInfo | None, digest: str, segment_digest: str
) -> bool:
    """The index holds this document as it is now: the statement's source digest
    `digest`, segmented by today's rules (`segment_digest`), its records intact."""
    return (
        info is not None
        and info.source_sha256 == digest
        and info.segment_digest == segment_digest
        and _records_intact(store, info.id, info.records_sha256)
    )


def _records_intact(store: Store, doc: str, expected: str) -> bool:
    return _file_intact(store.records_path(doc), expected)


def _summary(
    store: Store,
    processed: list[str],
    realigned: list[str],
    unchanged: list[str],
    removed: list[str],
    errors: list[FileError],
) -> IngestReport:
    documents, clauses, words = store.totals_by_document()
    matches = store.match_kinds()
    return IngestReport(
        documents=documents,
        processed=tuple(processed),
        realigned=tuple(realigned),
        unchanged=tuple(unchanged),
        removed=tuple(removed),
        clauses=clauses,
        words=words,
        matches={kind: matches.get(kind, 0) for kind in ("exact", "variant", "folded", "fuzzy")},
        errors=tuple(errors),
    )
