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
~/.cache/normcorpus) as `marshal` data (below), read first by every command:
for 100,000 concepts it costs about half the CPU of the JSON (0.35 s less for
an ingest, 0.7 s for a check). A `cache_dir` (a data directory's) gets a JSON
copy, never marshal data. Smaller glossaries without a `cache_dir` are read
directly, which is as fast.
This module does not import the YAML parser: a hit costs no parser import.

What the aligner, the English scan and check build from a glossary this
module gave is cached too (`tables`): about 30 s of CPU for 100,000 concepts,
read back in about 1.5 s. The file is `marshal` data of builtin types behind a
header naming the glossary's digest, the builder's key (`code_key`: a digest of
the code that builds it) and the sha256 of the payload; anything else, a stale
key, or a payload whose checksum does not match (truncated, corrupt) is ignored
and written again. Trust: `marshal` runs no code, unlike pickle, but crafted
bytes could crash the interpreter. So these files live only in the user's own
cache directory (`default_dir()`), never in a data directory, which may be
handed over (its glossary cache stays JSON); never point $NORMCORPUS_CACHE_DIR
at a directory others can write.
"""

from __future__ import annotations

import gc
import hashlib
import json
import marshal
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import fields
from pathlib import Path
from types import ModuleType
from typing import Any, TypeVar

from .errors import NormcorpusError
from .fileio import atomic_write
from .models import Concept, Glossary, Term

MIN_BYTES = 256 * 1024  # below this, parsing is about as fast as the cache
KEEP = 8  # caches kept in a directory (the most recently used)
TABLES_FORMAT = b"normcorpus-tables/1"
GLOSSARY_FORMAT = b"normcorpus-glossary-marshal/1"

T = TypeVar("T")
# The digests of the glossaries `load` read or wrote a cache of, in this process
# (large ones): what is built from these is worth caching (`tables`).
_cached: set[str] = set()

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
        fast = default_dir() / f"glossary-{digest[:20]}-{LAYOUT}.marshal"
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
        fast, _fast_header(digest), to_rows(glossary), _FAST_PATTERN
    ):
        _cached.add(glossary.digest)
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
        _cached.add(glossary.digest)
    return glossary


def _write_json(cache: Path, digest: str, glossary: Glossary) -> None:
    try:
        cache.parent.mkdir(parents=True, exist_ok=True)
        data = to_json(glossary)
        data["source_sha256"] = digest
        text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
        atomic_write(cache, text, sync=False)
        _prune(cache.parent)
        _cached.add(glossary.digest)
    except (OSError, NormcorpusError):
        pass  # a read-only directory only costs the cache


_FAST_PATTERN = "glossary-*.marshal"


def _fast_header(digest: str) -> bytes:
    return b" ".join((GLOSSARY_FORMAT, digest.encode(), LAYOUT.encode()))


def _read_fast(cache: Path, digest: str, path: Path) -> Glossary | None:
    """The glossary from its marshal copy in the user's cache, or None (none, or not
    one to trust: it is then written again)."""
    with cycles_uncollected():
        rows = _read_marshal(cache, _fast_header(digest))
        if rows is None:
            return None
        try:
            glossary = from_rows(rows, path=str(path))
        except (ValueError, TypeError, IndexError):
            return None
    _cached.add(glossary.digest)
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
    the glossary (a small glossary, or one from elsewhere, is built each time:
    that is fast).

    `build` must give builtin types only (what `marshal` stores); `key` names what
    else the result depends on (the code that builds it), `kind` the file.
    """
    if glossary.digest not in _cached:
        return build(glossary)
    return memo(kind, glossary.digest, key, lambda: build(glossary))


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
