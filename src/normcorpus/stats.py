"""Corpus statistics: documents, clauses, words, and frequent concepts."""

from __future__ import annotations

from dataclasses import dataclass

from .store import Store


@dataclass(frozen=True, slots=True)
class DocumentStats:
    doc: str
    title: str | None
    date: str | None
    kind: str | None
    clauses: int
    words: int
    terms: int
    top_concepts: tuple[tuple[str, int], ...]

    def to_dict(self) -> dict[str, object]:
        return {
            "doc": self.doc,
            "title": self.title,
            "date": self.date,
            "kind": self.kind,
            "clauses": self.clauses,
            "words": self.words,
            "terms": self.terms,
            "top_concepts": [{"concept": c, "count": n} for c, n in self.top_concepts],
        }


def corpus_stats(store: Store, *, top: int = 5) -> list[DocumentStats]:
    """Per-document counts and the `top` most frequent aligned concepts."""
    out = []
    for info in store.documents():
        rows = store.concept_counts(info.id)
        out.append(
            DocumentStats(
                doc=info.id,
                title=info.meta.title_en or info.meta.title_vi,
                date=info.meta.date,
                kind=info.meta.kind,
                clauses=info.clauses,
                words=info.words,
                terms=sum(n for _, n in rows),
                top_concepts=tuple((c, n) for c, n in rows[:top]),
            )
        )
    return out
