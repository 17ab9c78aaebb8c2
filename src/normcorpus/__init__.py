"""normcorpus: Vietnamese statements on cyber norms as a glossary-aligned bilingual corpus.

The library does everything the CLI does. The pipeline stages, each its own
module: `read` (files -> Document), `normalize`, `segment` (underthesea),
`align` (glossary matches), `store` (JSONL records + SQLite FTS5), tied
together by `ingest`. Heavy modules are imported lazily by the names below,
so `import normcorpus` stays cheap and never loads underthesea. The stage
functions keep their modules' names: `from normcorpus.ingest import ingest`,
`from normcorpus.segment import segment`, `from normcorpus.align import align`.
"""

from __future__ import annotations

__version__ = "0.1.0"

# public name -> module that defines it
_EXPORTS = {
    "ClauseRecord": "models",
    "Clause": "models",
    "Concept": "models",
    "Document": "models",
    "DocumentMeta": "models",
    "Glossary": "models",
    "Problem": "models",
    "Report": "models",
    "Term": "models",
    "TermMatch": "models",
    "NormcorpusError": "errors",
    "load_glossary": "glossary",
    "read_document": "read",
    "Aligner": "align",
    "Store": "store",
    "aligned_records": "ingest",
    "corpus_stats": "stats",
    "QueryError": "errors",
    "Corpus": "search",
    "open_corpus": "search",
    "SearchHit": "search",
    "SearchResult": "search",
    "KwicLine": "search",
    "Suggestion": "search",
    "DocumentSummary": "search",
    "ParsedQuery": "query",
    "freq": "study",
    "collocates": "study",
    "concept_table": "study",
    "FreqRow": "study",
    "Collocate": "study",
    "Collocation": "study",
    "ConceptTable": "study",
    "validate_glossary": "validate",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> object:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'normcorpus' has no attribute {name!r}")
    from importlib import import_module  # here: `import normcorpus` imports nothing

    value = getattr(import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *__all__])
