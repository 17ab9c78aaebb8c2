"""Run normcorpus on the evaluated texts and read back what it produced.

Only stable interfaces are used: the `normcorpus ingest` command (into a
temporary data directory, over a temporary corpus of symbolic links or
variant files), the records it writes (`records/<doc>.jsonl`: clause text,
start/end offsets into the normalised text, structure, terms), and
`normcorpus.read.read_document` for the normalised text and the chrome the
reader located or reports. Whatever the pipeline does not expose yet is
returned as None and named in the report, never guessed.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .texts import REPO_ROOT

Span = tuple[int, int]


@dataclass(frozen=True)
class Match:
    concept: str
    start: int  # offsets into the document's normalised text
    end: int
    kind: str
    nested: bool = False  # recorded inside a longer match (the record's `within`)


@dataclass(frozen=True)
class ClauseOut:
    id: str
    start: int
    end: int
    text: str
    structure: dict[str, str]
    matches: tuple[Match, ...]


@dataclass
class DocumentOut:
    """What the pipeline produced for one input file."""

    doc: str
    text: str | None = None  # the normalised text, None when the file was refused
    clauses: list[ClauseOut] = field(default_factory=list)
    # Chrome spans the pipeline reports (None: no interface exposes them yet).
    reported_chrome: list[Span] | None = None
    # What the reader located as chrome (outside `Document.paragraphs`), or None.
    located_chrome: list[Span] | None = None
    error: str | None = None
    offset_mismatches: int = 0  # records whose text is not text[start:end]


@dataclass(frozen=True)
class Source:
    """One file to ingest: its document id, its content or the file to link to."""

    doc: str
    path: Path | None = None  # a file to link to
    content: str | None = None  # or text written as UTF-8
    meta: Path | None = None


def _spans(items: Iterable[Any]) -> list[Span]:
    out = []
    for item in items:
        if isinstance(item, tuple | list):
            out.append((int(item[0]), int(item[1])))
        else:
            out.append((int(item.start), int(item.end)))
    return out


def _complement(spans: list[Span], size: int) -> list[Span]:
    out, at = [], 0
    for start, end in sorted(spans):
        if start > at:
            out.append((at, start))
        at = max(at, end)
    if at < size:
        out.append((at, size))
    return out


def _read_document(path: Path) -> tuple[str, list[Span] | None, list[Span] | None]:
    from normcorpus import read

    document = read.read_document(path)
    text = document.text
    reported = None
    for name in ("chrome", "chrome_spans"):
        if hasattr(document, name):
            reported = _spans(getattr(document, name))
            break
    located = None
    if hasattr(document, "paragraphs"):
        located = _complement(_spans(document.paragraphs), len(text))
    return text, reported, located


def _records(data_dir: Path) -> dict[str, list[dict[str, Any]]]:
    out: dict[str, list[dict[str, Any]]] = {}
    for path in sorted((data_dir / "records").glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                record = json.loads(line)
                out.setdefault(record["doc"], []).append(record)
    return out


def ingest(
    sources: list[Source], *, glossary: Path | None = None, jobs: int | None = None
) -> dict[str, DocumentOut]:
    """Ingest the sources in one run; return what came out, by document id."""
    glossary = glossary or REPO_ROOT / "glossary.yaml"
    with tempfile.TemporaryDirectory(prefix="normeval-") as tmp:
        corpus, data = Path(tmp) / "corpus", Path(tmp) / "data"
        corpus.mkdir()
        files: dict[str, Path] = {}
        for source in sources:
            target = corpus / f"{source.doc}.txt"
            if source.path is not None:
                os.symlink(source.path.resolve(), target)
            else:
                target.write_text(source.content or "", encoding="utf-8")
            if source.meta is not None:
                os.symlink(source.meta.resolve(), corpus / f"{source.doc}.meta.yaml")
            files[source.doc] = target
        command = [
            sys.executable, "-m", "normcorpus", "ingest", str(corpus),
            "--data-dir", str(data), "--glossary", str(glossary), "--format", "json",
        ]  # fmt: skip
        if jobs:
            command += ["--jobs", str(jobs)]
        run = subprocess.run(command, capture_output=True, text=True, cwd=tmp)
        errors: dict[str, str] = {}
        try:
            summary = json.loads(run.stdout)
            for error in summary.get("errors", []):
                errors[Path(error["path"]).stem] = error["message"]
        except json.JSONDecodeError:
            if run.returncode not in (0, 2):
                raise RuntimeError(
                    f"normcorpus ingest failed (exit {run.returncode}): "
                    + (run.stderr.strip().splitlines() or ["no message"])[-1]
                ) from None
        records = _records(data) if (data / "records").is_dir() else {}
        out: dict[str, DocumentOut] = {}
        for doc, path in files.items():
            result = DocumentOut(doc)
            if doc in errors or doc not in records:
                result.error = errors.get(doc, "no records written")
            try:
                result.text, result.reported_chrome, result.located_chrome = _read_document(path)
            except Exception as exc:  # the reader refused the file: say why
                result.error = result.error or f"{type(exc).__name__}: {exc}"
            for record in records.get(doc, ()):
                start, end = record["start"], record["end"]
                if result.text is not None and result.text[start:end] != record["text"]:
                    result.offset_mismatches += 1
                matches = tuple(
                    Match(
                        t["concept"],
                        start + t["start"],
                        start + t["end"],
                        t["match"],
                        "within" in t,
                    )
                    for t in record.get("terms", ())
                )
                result.clauses.append(
                    ClauseOut(
                        record["id"],
                        start,
                        end,
                        record["text"],
                        dict(record.get("structure") or {}),
                        matches,
                    )
                )
            result.clauses.sort(key=lambda c: (c.start, c.end))
            out[doc] = result
        return out
