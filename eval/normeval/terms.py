"""Term-alignment scores: precision and recall per match kind and variant.

The gold lists every occurrence of a fixed set of concepts in chosen real
passages (and in distractor sentences written for this evaluation). Each
passage is fed to the pipeline in five mechanical variants (clean,
diacritic-less, old tone placement, NFD, upper case), under a fixed headline
line so that no passage text is taken for a title. Only the gold's concepts
count: a match of another concept is ignored, except that a gold occurrence
lying inside a longer match of an unlisted concept is set aside (the glossary
grew a more specific concept) and reported apart.

A gold occurrence is found when a match of its concept has exactly its span.
Recall per kind groups gold occurrences by the kind they should get in that
variant; precision per kind groups the pipeline's matches by the kind it
reported. The sentences written for this evaluation (distractors, typos) are
not folded: a sentence typed without diacritics is ambiguous by nature.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from .gold import GOLD_DIR, TERM_KINDS, Passage, TermGold, load_terms
from .offsets import OffsetMap
from .pipeline import DocumentOut, Source
from .texts import Registry
from .variants import VARIANTS, expected_kind, transform

HEADLINE = "Trích đoạn đánh giá"  # holds no glossary term in any variant
TERMS_FILE = GOLD_DIR / "terms.yaml"
DISTRACTORS_FILE = GOLD_DIR / "distractors.yaml"


@dataclass(frozen=True)
class Job:
    doc: str
    passage: Passage
    variant: str
    content: str
    offset: int  # where the passage starts in `content`
    spans: tuple[tuple[int, int], ...]  # gold spans in `content`


@dataclass
class TermPlan:
    gold: TermGold
    jobs: list[Job]

    @property
    def sources(self) -> list[Source]:
        return [Source(job.doc, content=job.content) for job in self.jobs]


def plan(registry: Registry, *, only: set[str] | None = None) -> TermPlan | None:
    if not TERMS_FILE.exists():
        return None
    gold = load_terms(TERMS_FILE, registry, DISTRACTORS_FILE if DISTRACTORS_FILE.exists() else None)
    jobs = []
    for passage in gold.passages:
        written = passage.source in ("distractors", "typos")
        if only and passage.source not in only and not written:
            continue
        for variant in VARIANTS:
            if written and variant == "folded":
                continue
            head, _ = transform(variant, HEADLINE + "\n")
            body, moved = transform(variant, passage.text)
            spans = tuple(
                (len(head) + moved(o.start), len(head) + moved(o.end)) for o in passage.occurrences
            )
            doc = f"terms-{passage.id}-{variant}".lower()
            jobs.append(Job(doc, passage, variant, head + body, len(head), spans))
    return TermPlan(gold, jobs)


@dataclass
class Cell:
    gold: int = 0
    found: int = 0
    reported: int = 0
    correct: int = 0

    def add(self, other: Cell) -> None:
        self.gold += other.gold
        self.found += other.found
        self.reported += other.reported
        self.correct += other.correct


@dataclass
class TermScore:
    concepts: int
    # (variant, kind) -> Cell, over passages and distractors
    cells: dict[tuple[str, str], Cell] = field(default_factory=dict)
    # (text, variant) -> Cell over all kinds
    by_text: dict[tuple[str, str], Cell] = field(default_factory=dict)
    kind_agree: Counter[str] = field(default_factory=Counter)  # variant -> found with expected kind
    lost_to_reading: Counter[str] = field(
        default_factory=Counter
    )  # variant -> gold not in a clause
    subsumed: Counter[str] = field(default_factory=Counter)  # variant -> inside unlisted concept
    # the real text's own slips (clean variant): surface -> found
    slips: dict[str, bool] = field(default_factory=dict)
    fuzzy_no_typo: int = 0  # fuzzy matches in clean text holding no typo (all false)
    fuzzy_no_typo_words: int = 0
    false_examples: list[str] = field(default_factory=list)
    missed_examples: list[str] = field(default_factory=list)
    skipped: tuple[str, ...] = ()
    refused: list[str] = field(default_factory=list)


def _cell(table: dict[Any, Cell], key: Any) -> Cell:
    if key not in table:
        table[key] = Cell()
    return table[key]


def score(term_plan: TermPlan, outputs: dict[str, DocumentOut]) -> TermScore:
    gold = term_plan.gold
    result = TermScore(len(gold.concepts), skipped=gold.skipped)
    for job in term_plan.jobs:
        out = outputs.get(job.doc)
        if out is None or out.text is None:
            result.refused.append(f"{job.doc}: {out.error if out else 'not ingested'}")
            continue
        text = out.text
        to_out = OffsetMap(job.content, text)
        expected: dict[tuple[str, int, int], tuple[str, str]] = {}
        for occ, (a, b) in zip(job.passage.occurrences, job.spans, strict=True):
            kind = expected_kind(job.variant, job.passage.text[occ.start : occ.end], occ.term)
            expected[(occ.concept, to_out(a), to_out(b))] = (kind, occ.term)
        # The gold holds the longest reading of each stretch of text (a concept inside
        # a longer term is no occurrence): it scores the matches chosen, and the
        # matches recorded inside them (`within`) are outside its scope.
        matches = [m for c in out.clauses for m in c.matches if not m.nested]
        listed = [m for m in matches if m.concept in gold.concepts]
        unlisted = [m for m in matches if m.concept not in gold.concepts]
        spans = [(c.start, c.end) for c in out.clauses]
        found_keys = {(m.concept, m.start, m.end): m for m in listed}
        source = job.passage.source
        for key, (kind, _term) in expected.items():
            concept, a, b = key
            if key not in found_keys and any(
                u.start <= a and b <= u.end and (u.end - u.start) > (b - a) for u in unlisted
            ):
                result.subsumed[job.variant] += 1
                continue
            cell = _cell(result.cells, (job.variant, kind))
            cell.gold += 1
            per_text = _cell(result.by_text, (source, job.variant))
            per_text.gold += 1
            written = job.passage.source in ("distractors", "typos")
            if job.variant == "clean" and kind in ("folded", "fuzzy") and not written:
                result.slips[f"{source}: {text[a:b]}"] = key in found_keys
            if key in found_keys:
                cell.found += 1
                per_text.found += 1
                result.kind_agree[job.variant] += found_keys[key].kind == kind
            else:
                if not any(s <= a and b <= e for s, e in spans):
                    result.lost_to_reading[job.variant] += 1
                if len(result.missed_examples) < 25:
                    result.missed_examples.append(
                        f"{job.doc}: missed {concept} {text[a:b]!r} ({kind})"
                    )
        for m in listed:
            key = (m.concept, m.start, m.end)
            cell = _cell(result.cells, (job.variant, m.kind))
            cell.reported += 1
            per_text = _cell(result.by_text, (source, job.variant))
            per_text.reported += 1
            if key in expected:
                cell.correct += 1
                per_text.correct += 1
            elif len(result.false_examples) < 25:
                result.false_examples.append(
                    f"{job.doc}: false {m.concept} {text[m.start : m.end]!r} ({m.kind})"
                )
            if m.kind == "fuzzy" and not job.passage.has_typos and job.variant == "clean":
                result.fuzzy_no_typo += key not in expected
        if not job.passage.has_typos and job.variant == "clean":
            result.fuzzy_no_typo_words += len(job.passage.text.split())
    return result


def totals(result: TermScore, variant: str) -> Cell:
    total = Cell()
    for (v, _kind), cell in result.cells.items():
        if v == variant:
            total.add(cell)
    return total


def to_json(result: TermScore) -> dict[str, Any]:
    def cell(c: Cell) -> dict[str, Any]:
        return {
            "gold": c.gold,
            "found": c.found,
            "recall": c.found / c.gold if c.gold else None,
            "reported": c.reported,
            "correct": c.correct,
            "precision": c.correct / c.reported if c.reported else None,
        }

    return {
        "concepts": result.concepts,
        "by_variant_and_kind": {
            variant: {kind: cell(result.cells.get((variant, kind), Cell())) for kind in TERM_KINDS}
            | {"all": cell(totals(result, variant))}
            for variant in VARIANTS
        },
        "by_text": {
            f"{text}/{variant}": cell(c) for (text, variant), c in sorted(result.by_text.items())
        },
        "kind_agreement": dict(result.kind_agree),
        "lost_to_reading": dict(result.lost_to_reading),
        "subsumed_by_unlisted_concepts": dict(result.subsumed),
        "slips_of_real_text_found": result.slips,
        "fuzzy_false_on_text_without_typos": result.fuzzy_no_typo,
        "words_without_typos": result.fuzzy_no_typo_words,
        "false_examples": result.false_examples,
        "missed_examples": result.missed_examples,
        "skipped": list(result.skipped),
        "refused": result.refused,
    }
