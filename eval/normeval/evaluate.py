"""The evaluation: gold files + pipeline output -> scores, per text and in total."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import boundaries, reading, structure, terms
from .canon import Text
from .gold import GOLD_DIR, load_boundaries, load_chrome, load_structure
from .pipeline import Source, ingest
from .texts import Registry, TextEntry, load_registry


@dataclass
class TextResult:
    entry: TextEntry
    skipped: str | None = None
    error: str | None = None
    notes: list[str] = field(default_factory=list)
    reading: reading.ReadingScore | None = None
    structure: structure.StructureScore | None = None
    boundaries: boundaries.BoundaryScore | None = None


@dataclass
class Evaluation:
    texts: list[TextResult]
    terms: terms.TermScore | None
    seconds: float
    notes: list[str]


def _gold_file(aspect: str, text_id: str) -> Path | None:
    path = GOLD_DIR / aspect / f"{text_id}.yaml"
    return path if path.exists() else None


def run(
    *,
    only: set[str] | None = None,
    aspects: set[str] | None = None,
    registry: Registry | None = None,
    glossary: Path | None = None,
    jobs: int | None = None,
) -> Evaluation:
    began = time.monotonic()
    registry = registry or load_registry()
    aspects = aspects or {"reading", "structure", "boundaries", "terms"}
    results: list[TextResult] = []
    sources: list[Source] = []
    canon: dict[str, Text] = {}
    for entry in registry.texts:
        if only and entry.id not in only:
            continue
        result = TextResult(entry)
        results.append(result)
        problem = entry.problem()
        if problem:
            result.skipped = problem
            continue
        canon[entry.id] = registry.canonical(entry.id)
        if aspects & {"reading", "structure", "boundaries"}:
            sources.append(Source(entry.id, path=entry.file, meta=entry.meta_file))
    term_plan = None
    if "terms" in aspects:
        term_plan = terms.plan(registry, only=only)
        sources.extend(term_plan.sources)
    outputs = ingest(sources, glossary=glossary, jobs=jobs) if sources else {}
    for result in results:
        if result.skipped or result.entry.id not in outputs:
            continue
        out = outputs[result.entry.id]
        text = canon[result.entry.id]
        if out.error:
            result.error = out.error
        if out.offset_mismatches:
            result.notes.append(
                f"{out.offset_mismatches} records whose text is not the normalised text "
                "at their offsets"
            )
        chrome_file = _gold_file("chrome", result.entry.id)
        chrome_gold = load_chrome(chrome_file, registry) if chrome_file else None
        if "reading" in aspects:
            result.reading = reading.score(out, chrome_gold, text.text)
        structure_file = _gold_file("structure", result.entry.id)
        structure_gold = load_structure(structure_file, registry) if structure_file else None
        if "structure" in aspects and structure_gold is not None:
            result.structure = structure.score(out, structure_gold, text.text)
        boundary_file = _gold_file("boundaries", result.entry.id)
        if "boundaries" in aspects and boundary_file is not None:
            result.boundaries = boundaries.score(
                out, load_boundaries(boundary_file, registry), text, structure_gold
            )
    term_score = terms.score(term_plan, outputs) if term_plan is not None else None
    notes = []
    if any(o.reported_chrome is None for o in outputs.values()):
        notes.append(
            "The pipeline reports no chrome spans yet (no `Document.chrome`): every "
            "character outside clauses counts as lost; 'located' is what the reader "
            "set aside as chrome without reporting it."
        )
    return Evaluation(results, term_score, time.monotonic() - began, notes)


def to_json(evaluation: Evaluation) -> dict[str, Any]:
    """The whole evaluation as plain data (`--format json`)."""
    from dataclasses import asdict

    texts = []
    for r in evaluation.texts:
        item: dict[str, Any] = {
            "id": r.entry.id,
            "title": r.entry.title,
            "path": r.entry.path,
            "sha256": r.entry.sha256,
            "skipped": r.skipped,
            "error": r.error,
            "notes": r.notes,
        }
        if r.reading is not None:
            item["reading"] = asdict(r.reading)
        if r.structure is not None:
            s = r.structure
            item["structure"] = {
                kind: {"units": s.units[kind], "right": s.right[kind], "empty": s.empty[kind]}
                for kind in structure.ORDER
                if s.units[kind]
            }
            item["structure_clauses"] = {"clauses": s.clauses, "right": s.clauses_right}
            item["structure_wrong_examples"] = s.wrong
        if r.boundaries is not None:
            b = asdict(r.boundaries)
            b["errors"] = r.boundaries.errors
            item["boundaries"] = b
        texts.append(item)
    return {
        "schema": "normeval-result/1",
        "texts": texts,
        "terms": terms.to_json(evaluation.terms) if evaluation.terms else None,
        "notes": evaluation.notes,
        "seconds": round(evaluation.seconds, 1),
    }
