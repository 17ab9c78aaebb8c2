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

Without a `cache_dir`, glossaries of `MIN_BYTES` or more are cached in the
user's cache directory ($NORMCORPUS_CACHE_DIR, else $XDG_CACHE_HOME/normcorpus,
else ~/.cache/normcorpus); smaller ones are read directly, which is as fast.
This module does not import the YAML parser: a hit costs no parser import.
"""

from __future__ import annotations

import gc
import hashlib
import json
import os
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import fields
from pathlib import Path
from typing import Any

from .errors import NormcorpusError
from .fileio import atomic_write
from .models import Concept, Glossary, Term

MIN_BYTES = 256 * 1024  # below this, parsing is about as fast as the cache
KEEP = 8  # caches kept in a directory (the most recently used)

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
    cache = cache_dir / f"glossary-{digest[:20]}-{LAYOUT}.json"
    try:
        with cycles_uncollected():
            data = json.loads(cache.read_bytes())
            glossary = from_json(data, path=str(path)) if data["source_sha256"] == digest else None
        if glossary is not None:
            _touch(cache)
            return glossary
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        pass  # none yet, or not one to trust: parsed and written again
    glossary = _parse(path)
    try:
        cache.parent.mkdir(parents=True, exist_ok=True)
        data = to_json(glossary)
        data["source_sha256"] = digest
        text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
        atomic_write(cache, text, sync=False)
        _prune(cache.parent)
    except (OSError, NormcorpusError):
        pass  # a read-only directory only costs the cache
    return glossary


def _parse(path: Path) -> Glossary:
    # Imported only on a miss: the YAML parser costs more than a search.
    from .glossary import load_glossary

    return load_glossary(path)


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
    """Pause the cyclic garbage collector while a large acyclic structure is built.

    A 100,000-concept glossary makes millions of small objects, none in a
    cycle; each collection would walk all of them again (it doubled the time
    to read one, and to read its cache).
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _frozen(value: Any) -> Any:
    return tuple(_frozen(v) for v in value) if isinstance(value, list) else value


def _touch(cache: Path) -> None:
    with suppress(OSError):  # a read-only cache is still used
        os.utime(cache)


def _prune(directory: Path) -> None:
    """Keep the KEEP most recently used caches (an edited glossary leaves old ones)."""
    caches = []
    for cache in directory.glob("glossary-*.json"):
        try:
            caches.append((cache.stat().st_mtime, cache))
        except OSError:
            continue
    for _, cache in sorted(caches, reverse=True)[KEEP:]:
        cache.unlink(missing_ok=True)
