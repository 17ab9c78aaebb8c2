"""Corpus statistics: documents, clauses, words, and frequent concepts."""

from __future__ import annotations

from dataclasses import dataclass

from . import chrome
from .errors import NormcorpusError
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
    # characters (not spaces) set aside as chrome, by kind
    chrome: tuple[tuple[str, int], ...] = ()

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
            "chrome": dict(self.chrome),
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
                chrome=tuple(chrome.summary(info.meta.chrome, store.document_text(info.id)).items())
                if info.meta.chrome
                else (),
            )
        )
    return out


@dataclass(frozen=True, slots=True)
class ChromeRow:
    """One span of a document that ingest set aside as chrome."""

    kind: str
    start: int
    end: int
    text: str

    def to_dict(self) -> dict[str, object]:
        return {"kind": self.kind, "start": self.start, "end": self.end, "text": self.text}


def document_chrome(store: Store, doc: str) -> list[ChromeRow]:
    """The chrome spans of one document, in text order (what `show --chrome` lists)."""
    info = next((i for i in store.documents() if i.id == doc), None)
    if info is None:
        raise NormcorpusError(f"no document {doc!r} in the index (see `stats` for the ids)")
    text = store.document_text(doc)
    return [ChromeRow(c.kind, c.start, c.end, text[c.start : c.end]) for c in info.meta.chrome]
