"""The compiled glossary, cached on disk by the digest of the file's bytes.

Reading glossary YAML costs about 6 s of CPU for 100,000 concepts; the same
Glossary read back from its cache costs a fraction of that (`make bench`,
scripts/bench_glossary.py). `load(path, cache_dir)` gives exactly what
`glossary.load_glossary(path)` gives:

- the cache file is named by the sha256 of the glossary's bytes and by the
  fields of `Concept` (a change to the file or to the model never reads an
  old cache: it is stale, and ignored);
- it is written to a temp file and renamed (a reader sees a whole cache or
  none), and a cache that cannot be read or does not hold what its name says
  (corrupt, truncated, another layout) is ignored and written again;
- a glossary that does not load is never cached: the usual located
  GlossaryError is raised.

Glossaries of `MIN_BYTES` or more are cached in the user's cache directory
($NORMCORPUS_CACHE_DIR, else $XDG_CACHE_HOME/normcorpus, else
~/.cache/normcorpus) as `marshal` data (below), read first by every command.
That copy holds each concept marshalled by itself (`to_blobs`): the Glossary
read back makes a concept only when asked for (`LazyConcepts`), so an ingest
of one statement or a check of a few rows makes the few the aligner finds, not
100,000 (reading it: 0.05 s of CPU instead of 0.7 s; iterating, comparing or
pickling it makes them all, equal to the parsed ones). A `cache_dir` (a data
directory's) gets a JSON copy, never marshal data. Smaller glossaries without a
`cache_dir` are read directly, which is as fast.
This module does not import the YAML parser: a hit costs no parser import.

What the aligner, the English scan and check build from a glossary this
module gave, or from any of `TABLES_MIN_CONCEPTS` or more however it was read,
is cached too (`tables`): about 30 s of CPU for 100,000 concepts (0.18 s for
1,000: a quarter of a small check's fixed cost), read back in about 0.6 s (the
English scan's only past `english.SUBSET_LIMIT` concepts asked for: below, the
scan is built for those). The file is `marshal`
data of builtin types behind a header naming the glossary's digest, the
builder's key (`code_key`: a digest of the code that builds it) and the sha256
of the payload; anything else, a stale key, or a payload whose checksum does
not match (truncated, corrupt) is ignored and written again. Trust: `marshal`
runs no code, unlike pickle, but crafted bytes could crash the interpreter. So
these files live only in the user's own cache directory (`default_dir()`),
never in a data directory, which may be handed over (its glossary cache stays
JSON); never point $NORMCORPUS_CACHE_DIR at a directory others can write.
"""

from __future__ import annotations

import gc
import hashlib
import json
import marshal
import os
import sys
from array import array
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager, suppress
from dataclasses import fields
from pathlib import Path
from types import ModuleType
from typing import Any, TypeVar, overload

from .errors import NormcorpusError
from .fileio import atomic_write
from .models import Concept, Glossary, Term, concepts_digest

MIN_BYTES = 256 * 1024  # below this, parsing is about as fast as the cache
# From this many concepts the tables built from a glossary (`tables`) are cached
# whatever its size: the aligner's cost 0.05 s of CPU for the shipped glossary's
# 378 concepts and 0.18 s for 1,000, read back in a twentieth of that (`check`'s
# fixed cost); its digest costs 5 ms.
TABLES_MIN_CONCEPTS = 100
KEEP = 8  # caches kept in a directory (the most recently used)
TABLES_FORMAT = b"normcorpus-tables/1"
GLOSSARY_FORMAT = b"normcorpus-glossary-marshal/2"
# In the marshal copy's name too: two versions of normcorpus side by side each
# keep their own rather than writing over the other's.
_FAST_VERSION = GLOSSARY_FORMAT.rsplit(b"/", 1)[1].decode()

T = TypeVar("T")
# The glossaries `load` read or wrote a cache of, in this process (large ones),
# the most recent KEEP: digest -> the concepts it gave. What is built from these
# is worth caching (`tables`), and named by that digest only for those very
# concepts (a glossary made from one by `replace` keeps its digest).
_cached: dict[str, tuple[Concept, ...]] = {}


def _remember(glossary: Glossary) -> None:
    _cached.pop(glossary.digest, None)
    _cached[glossary.digest] = glossary.concepts
    while len(_cached) > KEEP:
        del _cached[next(iter(_cached))]  # (forgotten: its tables named by `concepts_digest`)


_EXTRA_CONCEPT_FIELDS = tuple(
    f.name for f in fields(Concept) if f.name not in ("id", "vi", "en", "abbr", "note")
)
# In the cache's name: a Concept or Term with other fields never reads an older cache.
LAYOUT = hashlib.sha256(
    " ".join(f.name for f in (*fields(Concept), *fields(Term))).encode()
).hexdigest()[:8]


def default_dir() -> Path:
    """Where glossaries are cached when no directory is given."""
    if os.environ.get("NORMCORPUS_CACHE_DIR"):
        return Path(os.environ["NORMCORPUS_CACHE_DIR"])
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "normcorpus"


def load(path: str | Path, cache_dir: Path | None = None) -> Glossary:
    """`glossary.load_glossary(path)`, memoised on disk by the file's bytes."""
    path = Path(path)
    try:
        raw = path.read_bytes()
    except OSError:
        return _parse(path)  # raises the usual located GlossaryError
    if cache_dir is None:
        if len(raw) < MIN_BYTES:
            return _parse(path)
        cache_dir = default_dir()
    digest = hashlib.sha256(raw).hexdigest()
    # A large glossary cached by any command is read from the user's cache, as
    # marshal data (about half the CPU of the JSON); a data directory's own
    # cache is JSON (it may be handed over: marshal is never put there).
    fast = None
    if len(raw) >= MIN_BYTES:
        fast = default_dir() / f"glossary-{digest[:20]}-{LAYOUT}-{_FAST_VERSION}.marshal"
        glossary = _read_fast(fast, digest, path)
        if glossary is not None:
            return glossary
    cache = None if fast is not None and cache_dir == default_dir() else cache_dir
    copy = cache / f"glossary-{digest[:20]}-{LAYOUT}.json" if cache else None
    glossary = _read_json(copy, digest, path) if copy else None
    if glossary is None:
        glossary = _parse(path)
        if copy is not None:
            _write_json(copy, digest, glossary)
    if fast is not None and _write_marshal(
        fast, _fast_header(digest), to_blobs(glossary), _FAST_PATTERN
    ):
        _remember(glossary)
    return glossary


def _read_json(cache: Path, digest: str, path: Path) -> Glossary | None:
    try:
        with cycles_uncollected():
            data = json.loads(cache.read_bytes())
            glossary = from_json(data, path=str(path)) if data["source_sha256"] == digest else None
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None  # none yet, or not one to trust: parsed and written again
    if glossary is not None:
        _touch(cache)
        _remember(glossary)
    return glossary


def _write_json(cache: Path, digest: str, glossary: Glossary) -> None:
    try:
        cache.parent.mkdir(parents=True, exist_ok=True)
        data = to_json(glossary)
        data["source_sha256"] = digest
        text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
        atomic_write(cache, text, sync=False)
        _prune(cache.parent)
        _remember(glossary)
    except (OSError, NormcorpusError):
        pass  # a read-only directory only costs the cache


_FAST_PATTERN = "glossary-*.marshal"


def _fast_header(digest: str) -> bytes:
    return b" ".join((GLOSSARY_FORMAT, digest.encode(), LAYOUT.encode()))


def _read_fast(cache: Path, digest: str, path: Path) -> Glossary | None:
    """The glossary from its marshal copy in the user's cache, or None (none, or not
    one to trust: it is then written again)."""
    with cycles_uncollected():
        blobs = _read_marshal(cache, _fast_header(digest))
        if blobs is None:
            return None
        try:
            glossary = from_blobs(blobs, path=str(path))
        except (ValueError, TypeError, IndexError):
            return None
    _remember(glossary)
    return glossary


def code_key(*modules: ModuleType, data: bytes = b"") -> str:
    """A key for `tables`: the digest of the modules' source files and `data` (what
    else the result depends on), and of the interpreter that stores it. A change to
    any gives a new cache file, never an old one read."""
    digest = hashlib.sha256(f"{sys.version_info[:2]} {marshal.version}".encode() + data)
    for module in modules:
        digest.update(Path(module.__file__ or "").read_bytes())
    return digest.hexdigest()[:12]


def tables(glossary: Glossary, kind: str, key: str, build: Callable[[Glossary], T]) -> T:
    """`build(glossary)`, memoised in the user's cache directory when `load` cached
    the glossary (its concepts as `load` gave them), or when it has
    `TABLES_MIN_CONCEPTS` or more (a tiny one is built each time: that is fast).

    `build` must give builtin types only (what `marshal` stores); `key` names what
    else the result depends on (the code that builds it), `kind` the file.
    """
    digest = glossary.digest
    if _cached.get(digest) is not glossary.concepts:
        if len(glossary.concepts) < TABLES_MIN_CONCEPTS:
            return build(glossary)
        # Named by the digest of the concepts themselves, not the one the glossary
        # carries: a glossary made from another (`replace`) keeps the other's,
        # whether `load` gave that one or not.
        digest = concepts_digest(glossary.concepts)
    return memo(kind, digest, key, lambda: build(glossary))


def memo(kind: str, digest: str, key: str, build: Callable[[], T]) -> T:
    """`build()`, memoised in the user's cache directory by the `digest` of the data
    it reads and the `key` of the code that builds it (`tables`; the word list's
    normalisation, `syllables`). `build` gives builtin types only."""
    name = f"{kind}-{digest[:20]}-{key}.marshal"
    header = b" ".join((TABLES_FORMAT, digest.encode(), key.encode()))
    path = default_dir() / name
    with cycles_uncollected():
        cached: T | None = _read_marshal(path, header)
    if cached is not None:
        return cached
    value = build()
    _write_marshal(path, header, value, f"{kind}-*.marshal")
    return value


def _read_marshal(path: Path, header: bytes) -> Any:
    """The value of a marshal cache file whose header is `header` and whose payload
    matches its checksum; None for none, or one not to trust."""
    try:
        raw = path.read_bytes()
        # The payload as a view, not a copy (tens of megabytes for 100,000 concepts).
        first = raw.index(b"\n")
        second = raw.index(b"\n", first + 1)
        head, checksum, payload = (
            raw[:first],
            raw[first + 1 : second],
            memoryview(raw)[second + 1 :],
        )
        if head == header and checksum == hashlib.sha256(payload).hexdigest().encode():
            value = marshal.loads(payload)
            _touch(path)
            return value
    except (OSError, ValueError, EOFError, TypeError):
        pass  # none yet, or not one to trust: made and written again
    return None


def _write_marshal(path: Path, header: bytes, value: Any, pattern: str) -> bool:
    """Write a marshal cache file (header, checksum, payload), keeping the KEEP most
    recent files of `pattern` beside it; False if it could not be written."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        payload = marshal.dumps(value)
        checksum = hashlib.sha256(payload).hexdigest().encode()
        atomic_write(path, b"\n".join((header, checksum, payload)), sync=False)
        _prune(path.parent, pattern)
    except (OSError, ValueError, NormcorpusError):
        return False  # a read-only directory only costs the cache
    return True


def _parse(path: Path) -> Glossary:
    # Imported only on a miss: the YAML parser costs more than a search.
    from .glossary import load_glossary

    return load_glossary(path)


# A concept as one tuple of its fields in `fields(Concept)` order, terms as tuples
# of theirs (LAYOUT, in the file's name, changes with the fields).
_CONCEPT_FIELDS = tuple(f.name for f in fields(Concept))
_TERM_FIELDS = tuple(f.name for f in fields(Term))
_TERMS_AT = tuple(
    i for i, f in enumerate(fields(Concept)) if f.name in ("vi", "en")
)  # the fields that hold Terms


def to_rows(glossary: Glossary) -> tuple[Any, ...]:
    """The glossary as builtin values that `marshal` stores (`from_rows` reads them)."""
    concepts = []
    for concept in glossary.concepts:
        row = [getattr(concept, name) for name in _CONCEPT_FIELDS]
        for at in _TERMS_AT:
            row[at] = tuple(tuple(getattr(t, n) for n in _TERM_FIELDS) for t in row[at])
        concepts.append(tuple(row))
    return (glossary.digest, glossary.source, glossary.target, tuple(concepts))


def from_rows(rows: tuple[Any, ...], *, path: str) -> Glossary:
    digest, source, target, concepts = rows
    made = []
    vi_at, en_at = _TERMS_AT
    for row in concepts:
        row = list(row)
        row[vi_at] = tuple([Term(*t) for t in row[vi_at]])
        row[en_at] = tuple([Term(*t) for t in row[en_at]])
        made.append(Concept(*row))
    return Glossary(concepts=tuple(made), source=source, target=target, path=path, digest=digest)


def to_blobs(glossary: Glossary) -> tuple[Any, ...]:
    """The glossary for its marshal copy: each concept a row (`to_rows`) marshalled
    by itself, all in one bytes object, with where each starts, so that a reader
    makes only the concepts it asks for (`LazyConcepts`)."""
    digest, source, target, rows = to_rows(glossary)
    blobs = [marshal.dumps(row) for row in rows]
    offsets = array("q", [0])
    for blob in blobs:
        offsets.append(offsets[-1] + len(blob))
    ids = tuple(concept.id for concept in glossary.concepts)
    # What a run asks of every concept, kept apart (`Glossary.general_ids`,
    # `Glossary.english_terms`): asking makes no concept.
    general = tuple(concept.id for concept in glossary.concepts if concept.general)
    english = tuple(sorted(glossary.english_terms()))
    return (digest, source, target, ids, b"".join(blobs), offsets.tobytes(), general, english)


def from_blobs(blobs: tuple[Any, ...], *, path: str) -> Glossary:
    digest, source, target, ids, blob, offsets, general, english = blobs
    if not isinstance(ids, tuple) or not isinstance(blob, bytes):
        raise TypeError("not a glossary's marshal copy")
    concepts = LazyConcepts(ids, blob, offsets, general, english)
    return Glossary(
        concepts=concepts,  # type: ignore[arg-type]  # a Sequence that is equal to the tuple
        source=source,
        target=target,
        path=path,
        digest=digest,
    )


class LazyConcepts(Sequence[Concept]):
    """A glossary's concepts from its marshal copy, each made when first asked for.

    An ingest of one statement, or a check of a few rows, asks for the few
    concepts the aligner found: making all 100,000 of a large glossary (and
    freeing them at exit) cost more than the rest of such a run (issue 18).
    Iterating, comparing, hashing or pickling makes them all, once. It equals
    the tuple of its concepts, as `Glossary.concepts` from the YAML is.
    """

    __slots__ = ("_all", "_blob", "_by_id", "_english", "_general", "_made", "_offsets", "ids")

    def __init__(
        self,
        ids: tuple[str, ...],
        blob: bytes,
        offsets: bytes,
        general: tuple[str, ...],
        english: tuple[str, ...],
    ):
        where = array("q")
        where.frombytes(offsets)
        if len(where) != len(ids) + 1 or where[-1] != len(blob):
            raise ValueError("concepts and offsets differ")
        self.ids = ids  # each concept's id, in glossary order
        self._blob = blob
        self._offsets = where
        self._general = general
        self._english = english
        self._made: dict[int, Concept] = {}
        self._all: tuple[Concept, ...] | None = None
        self._by_id: ConceptsById | None = None

    def by_id(self) -> ConceptsById:
        """`Glossary.by_id`: id -> concept, each made when asked for."""
        if self._by_id is None:
            self._by_id = ConceptsById(self)
        return self._by_id

    def general_ids(self) -> frozenset[str]:
        return frozenset(self._general)

    def english_terms(self) -> frozenset[str]:
        return frozenset(self._english)

    def __len__(self) -> int:
        return len(self.ids)

    @overload
    def __getitem__(self, index: int) -> Concept: ...
    @overload
    def __getitem__(self, index: slice) -> tuple[Concept, ...]: ...
    def __getitem__(self, index: int | slice) -> Concept | tuple[Concept, ...]:
        if self._all is not None:
            return self._all[index]
        if isinstance(index, slice):
            return tuple(self[k] for k in range(*index.indices(len(self))))
        made = self._made.get(index)
        if made is None:
            at = range(len(self.ids))[index]  # IndexError out of range, as a tuple's
            made = self._made[index] = self._made[at] = self._make(at)
        return made

    def _make(self, at: int) -> Concept:
        start, end = self._offsets[at], self._offsets[at + 1]
        row = list(marshal.loads(self._blob[start:end]))
        vi_at, en_at = _TERMS_AT
        row[vi_at] = tuple([Term(*t) for t in row[vi_at]])
        row[en_at] = tuple([Term(*t) for t in row[en_at]])
        return Concept(*row)

    def whole(self) -> tuple[Concept, ...]:
        """Every concept, made once (those already made are kept)."""
        if self._all is None:
            with cycles_uncollected():
                made = self._made
                self._all = tuple([made.get(k) or self._make(k) for k in range(len(self.ids))])
            self._made = {}
        return self._all

    def __iter__(self) -> Iterator[Concept]:
        return iter(self.whole())

    def __contains__(self, value: object) -> bool:
        return value in self.whole()

    def __eq__(self, other: object) -> bool:
        if isinstance(other, LazyConcepts):
            return other is self or self.whole() == other.whole()
        if isinstance(other, tuple):
            return self.whole() == other
        return NotImplemented

    def __hash__(self) -> int:
        return hash(self.whole())

    def __reduce__(self) -> tuple[Any, ...]:
        state = (self.ids, self._blob, self._offsets.tobytes(), self._general, self._english)
        return (LazyConcepts, state)

    def __repr__(self) -> str:
        return f"LazyConcepts({len(self.ids)} concepts)"


class ConceptsById(Mapping[str, Concept]):
    """id -> concept of `LazyConcepts`, as `{c.id: c for c in concepts}` has them (the
    last of an id, in the order ids first come), each made when asked for."""

    __slots__ = ("_at", "_concepts")

    def __init__(self, concepts: LazyConcepts):
        self._concepts = concepts
        self._at = {concept_id: k for k, concept_id in enumerate(concepts.ids)}

    def __getitem__(self, concept_id: str) -> Concept:
        return self._concepts[self._at[concept_id]]

    def __iter__(self) -> Iterator[str]:
        return iter(self._at)

    def __len__(self) -> int:
        return len(self._at)

    def __contains__(self, concept_id: object) -> bool:
        return concept_id in self._at


def to_json(glossary: Glossary) -> dict[str, Any]:
    return {
        "digest": glossary.digest,
        "source": glossary.source,
        "target": glossary.target,
        "concepts": [c.to_dict() for c in glossary.concepts],
    }


def from_json(data: dict[str, Any], *, path: str) -> Glossary:
    concepts = tuple(
        Concept(
            id=c["id"],
            vi=tuple(Term(t["term"], t["status"], t.get("pos")) for t in c["vi"]),
            en=tuple(Term(t["term"], t["status"], t.get("pos")) for t in c["en"]),
            abbr=tuple(c["abbr"]),
            note=c.get("note"),
            # Fields added to Concept later (e.g. `broader`) round-trip as they are.
            **{k: _frozen(c[k]) for k in _EXTRA_CONCEPT_FIELDS if k in c},
        )
        for c in data["concepts"]
    )
    return Glossary(
        concepts=concepts,
        source=data["source"],
        target=data["target"],
        path=path,
        digest=data["digest"],
    )


@contextmanager
def cycles_uncollected() -> Iterator[None]:
    """Pause the cyclic garbage collector while a large acyclic structure is built,
    and leave what was built out of later collections.

    A 100,000-concept glossary makes millions of small objects, none in a
    cycle; each collection would walk all of them again (it doubled the time
    to read one, and to read its cache), and the first one after the pause
    walked every object made during it (0.7 s after reading the aligner's
    tables). `gc.freeze` moves them out of the collector's way: they are still
    freed when no longer referenced; only a cycle alive now would never be.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if was_enabled:
            gc.enable()


def _frozen(value: Any) -> Any:
    return tuple(_frozen(v) for v in value) if isinstance(value, list) else value


def _touch(cache: Path) -> None:
    with suppress(OSError):  # a read-only cache is still used
        os.utime(cache)


def _prune(directory: Path, pattern: str = "glossary-*.json") -> None:
    """Keep the KEEP most recently used caches (an edited glossary leaves old ones)."""
    caches = []
    for cache in directory.glob(pattern):
        try:
            caches.append((cache.stat().st_mtime, cache))
        except OSError:
            continue
    for _, cache in sorted(caches, reverse=True)[KEEP:]:
        cache.unlink(missing_ok=True)
