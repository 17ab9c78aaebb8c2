"""curate.py: coverage of concepts, and candidate terms from the corpus."""

from __future__ import annotations

import subprocess
import sys
from dataclasses import replace

import pytest

from normcorpus import curate
from normcorpus.glossary import make_glossary
from normcorpus.models import ClauseRecord, Concept, Structure, Term, TermMatch

# Tags a stub chunker gives words (everything else: a verb, punctuation: O).
POS = {
    "nước": "N",
    "hạ tầng": "N",
    "trọng yếu": "A",
    "nhiệm vụ": "N",
    "an ninh": "N",
    "mạng": "N",
}


def record(doc: str, n: int, words: list[str], terms=()) -> ClauseRecord:
    text = " ".join(words).replace(" .", ".")
    matches = []
    for concept, surface, kind in terms:
        start = text.index(surface)
        matches.append(
            TermMatch(concept, surface, surface, "x", start, start + len(surface), kind, 1.0)
        )
    return ClauseRecord(
        id=f"{doc}:p01.s01.c{n:02d}",
        doc=doc,
        para=1,
        sent=1,
        clause=n,
        text=text,
        start=0,
        end=len(text),
        words=tuple(words),
        structure=Structure(),
        hash="0",
        terms=tuple(matches),
    )


RECORDS = [
    record(
        "a",
        1,
        [
            *("Hai", "nước", "tăng cường", "hợp tác", "an ninh", "mạng", "và"),
            *("bảo vệ", "hạ tầng", "trọng yếu", "."),
        ],
        [("cybersecurity", "an ninh mạng", "exact")],
    ),
    record(
        "b",
        1,
        ["Bảo vệ", "hạ tầng", "trọng yếu", "là", "nhiệm vụ", "của", "các", "nước", "."],
    ),
    record(
        "b",
        2,
        ["Các", "nước", "tăng cường", "hợp tác", "về", "hạ tầng", "trọng yếu", "."],
        [("cooperation", "hợp tác", "folded")],
    ),
]


def stub_chunker(text: str) -> list[tuple[str, str, str]]:
    for r in RECORDS:
        if r.text == text:
            out = []
            for word in r.words:
                if not word[0].isalpha():
                    out.append((word, "CH", "O"))
                    continue
                pos = POS.get(word.lower(), "V")
                out.append((word, pos, "B-NP" if pos in ("N", "A") else "B-VP"))
            return out
    raise AssertionError(text)


@pytest.fixture
def glossary():
    return make_glossary(
        [
            Concept("cybersecurity", (Term("an ninh mạng"),), (Term("cybersecurity"),)),
            Concept("cooperation", (Term("hợp tác"),), (Term("cooperation"),)),
            Concept("sovereignty", (Term("chủ quyền"),), (Term("sovereignty"),)),
        ]
    )


def test_coverage_counts_by_kind_and_document(glossary):
    report = curate.coverage(RECORDS, glossary)
    assert report.documents == ("a", "b")
    assert report.clauses == 3
    assert report.never_seen == ("sovereignty",)
    assert report.to_dict()["concepts"] == [
        {
            "concept": "cybersecurity",
            "vi": "an ninh mạng",
            "en": "cybersecurity",
            "total": 1,
            "by_kind": {"exact": 1, "variant": 0, "folded": 0, "fuzzy": 0},
            "by_doc": {"a": 1},
        },
        {
            "concept": "cooperation",
            "vi": "hợp tác",
            "en": "cooperation",
            "total": 1,
            "by_kind": {"exact": 0, "variant": 0, "folded": 1, "fuzzy": 0},
            "by_doc": {"b": 1},
        },
        {
            "concept": "sovereignty",
            "vi": "chủ quyền",
            "en": "sovereignty",
            "total": 0,
            "by_kind": {"exact": 0, "variant": 0, "folded": 0, "fuzzy": 0},
            "by_doc": {},
        },
    ]
    assert report.to_dict()["never_seen"] == ["sovereignty"]


def test_coverage_ignores_concepts_the_glossary_no_longer_has(glossary):
    stale = record("c", 1, ["chủ quyền", "."], [("old-concept", "chủ quyền", "exact")])
    assert curate.coverage([stale], glossary).concepts[2].total == 0


def test_suggest_ranks_uncovered_phrases(glossary):
    report = curate.suggest(RECORDS, glossary, chunker=stub_chunker)
    assert (report.clauses, report.documents) == (3, 2)
    assert [s.to_dict() for s in report.suggestions] == [
        {
            "phrase": "hạ tầng trọng yếu",
            "syllables": 4,
            "count": 3,
            "documents": 2,
            "score": 6,
            "example": "a:p01.s01.c01",
            "sources": ["chunk", "ngram"],
        },
        {
            # `bảo vệ hạ tầng` occurs only inside it, so only the longer phrase is listed
            "phrase": "bảo vệ hạ tầng trọng yếu",
            "syllables": 6,
            "count": 2,
            "documents": 2,
            "score": 4,
            "example": "a:p01.s01.c01",
            "sources": ["ngram"],
        },
        {
            "phrase": "nước tăng cường",
            "syllables": 3,
            "count": 2,
            "documents": 2,
            "score": 4,
            "example": "a:p01.s01.c01",
            "sources": ["ngram"],
        },
    ]


def test_suggest_never_proposes_what_a_glossary_match_covers(glossary):
    report = curate.suggest(RECORDS, glossary, chunker=stub_chunker, min_count=1)
    phrases = {s.phrase.lower() for s in report.suggestions}
    assert phrases  # there are candidates …
    assert not any("an ninh" in p or "mạng" in p for p in phrases)  # … but none on a term
    assert not any(p.startswith(("và ", "các ", "của ")) or p.endswith(" và") for p in phrases)


def test_suggest_skips_source_notes_and_signatures(glossary):
    # A codification repeats its source note under every article: the note's formula
    # (`có hiệu lực thi hành`) ranked first though it is no term of the text.
    notes = [
        replace(r, structure=Structure(kind=kind))
        for r, kind in zip(RECORDS, ("source-note", "signature", None), strict=False)
    ]
    report = curate.suggest(notes, glossary, chunker=stub_chunker, min_count=1)
    assert report.clauses == len(RECORDS) - 2
    assert "a:p01.s01.c01" not in {s.example for s in report.suggestions}


def test_suggest_limit_and_min_count(glossary):
    assert len(curate.suggest(RECORDS, glossary, chunker=stub_chunker, limit=1).suggestions) == 1
    many = curate.suggest(RECORDS, glossary, chunker=stub_chunker, min_count=1)
    assert len(many.suggestions) == 7
    assert min(s.count for s in many.suggestions) == 1


def test_suggest_with_underthesea(glossary):
    texts = [
        ["Các", "nước", "bảo vệ", "hạ tầng", "thông tin", "trọng yếu", "."],
        ["Hạ tầng", "thông tin", "trọng yếu", "cần", "được", "bảo vệ", "."],
    ]
    records = [record(doc, 1, words) for doc, words in zip("ab", texts, strict=True)]
    report = curate.suggest(records, glossary)
    top = report.suggestions[0]
    assert (top.phrase.lower(), top.count, top.documents) == ("hạ tầng thông tin trọng yếu", 2, 2)
    assert "chunk" in top.sources


def test_curate_does_not_import_underthesea_until_suggest_runs():
    code = "import sys, normcorpus.curate; print('underthesea' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
