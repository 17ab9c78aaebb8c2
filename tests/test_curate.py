"""curate.py: coverage of concepts, and candidate terms from the corpus."""

from __future__ import annotations

import subprocess
import sys
from dataclasses import replace

import pytest

from normcorpus import curate
from normcorpus.glossary import make_glossary
from normcorpus.models import ClauseRecord, Concept, Structure, Term, TermMatch

# Tags a stub tagger gives words (everything else: a verb, punctuation: CH).
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


def stub_tagger(text: str) -> list[tuple[str, str]]:
    for r in RECORDS:
        if r.text == text:
            return [
                (word, POS.get(word.lower(), "V") if word[0].isalpha() else "CH")
                for word in r.words
            ]
    raise AssertionError(text)


# General Vietnamese, for the stub: a syllable not listed is as rare as wordfreq's floor.
REFERENCE = {"nước": 2e-3, "tăng": 5e-4, "cường": 2e-4, "bảo": 5e-4, "vệ": 4e-4}


def stub_reference(syllable: str) -> float:
    return REFERENCE.get(syllable, 0.0)


def suggest(records, glossary, **options):
    return curate.suggest(
        records, glossary, tagger=stub_tagger, reference=stub_reference, **options
    )


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
    report = suggest(RECORDS, glossary)
    assert (report.clauses, report.documents) == (3, 2)
    # 39 syllables read; keyness: each syllable's (share here + 1e-5) / (general + 1e-5),
    # their geometric mean. `hạ tầng trọng yếu`: four syllables seen 3 times, unknown to
    # the reference; `nước tăng cường`: 3, 2, 2 times against 2e-3, 5e-4, 2e-4.
    rare = (3 / 39 + 1e-5) / 1e-5
    common = (
        (3 / 39 + 1e-5)
        / (2e-3 + 1e-5)
        * (2 / 39 + 1e-5)
        / (5e-4 + 1e-5)
        * (2 / 39 + 1e-5)
        / (2e-4 + 1e-5)
    ) ** (1 / 3)
    assert [s.to_dict() for s in report.suggestions] == [
        {
            "phrase": "hạ tầng trọng yếu",
            "syllables": 4,
            "count": 3,
            "documents": 2,
            "keyness": round(rare, 2),
            "score": round(3 * 2 * rare, 1),
            "example": "a:p01.s01.c01",
            "sources": ["chunk", "ngram"],
        },
        {
            # `bảo vệ hạ tầng` occurs only inside it, so only the longer phrase is listed
            "phrase": "bảo vệ hạ tầng trọng yếu",
            "syllables": 6,
            "count": 2,
            "documents": 2,
            "keyness": 1879.46,
            "score": 7517.8,
            "example": "a:p01.s01.c01",
            "sources": ["ngram"],
        },
        {
            "phrase": "nước tăng cường",
            "syllables": 3,
            "count": 2,
            "documents": 2,
            "keyness": round(common, 2),
            "score": round(2 * 2 * common, 1),
            "example": "a:p01.s01.c01",
            "sources": ["ngram"],
        },
    ]


def tagged_records(*texts: list[str]) -> list[ClauseRecord]:
    return [record(doc, 1, words) for doc, words in zip("abcdef", texts, strict=False)]


def tagger_of(records: list[ClauseRecord], nouns: set[str]):
    def tag(text: str) -> list[tuple[str, str]]:
        words = next(r.words for r in records if r.text == text)
        return [(w, "N" if w.lower() in nouns else "V" if w[0].isalpha() else "CH") for w in words]

    return tag


def test_suggest_ranks_a_subject_term_above_a_phrase_of_general_vietnamese(glossary):
    # Same count, same spread: `cơ quan` (agency) is frequent in any Vietnamese text,
    # `mã khóa` (a key) is the text's subject. Frequency alone ranked `cơ quan` first.
    words = ["Cơ quan", "quản lý", "mã khóa", "."]
    records = tagged_records(words, words)
    general = {"cơ": 1e-3, "quan": 1e-3, "mã": 1e-5, "khóa": 1e-5, "quản": 5e-4, "lý": 5e-4}
    report = curate.suggest(
        records,
        glossary,
        tagger=tagger_of(records, {"cơ quan", "mã khóa"}),
        reference=lambda s: general.get(s, 0.0),
    )
    phrases = [s.phrase.lower() for s in report.suggestions]
    assert phrases.index("mã khóa") < phrases.index("cơ quan")
    top = report.suggestions[0]
    assert top.keyness > 1 and top.score == round(top.count * top.documents * top.keyness, 1)


@pytest.mark.parametrize(
    "words",
    [
        ["Bộ", "có", "trách nhiệm", "quản lý", "."],  # an obligation, no term
        ["Bộ", "chịu", "trách nhiệm", "quản lý", "."],
        ["theo", "quy định", "tại", "khoản", "2", "."],  # a cross-reference
        ["các", "cơ quan", "có", "liên quan", "."],
        ["gồm", "các", "nội dung", "sau", "đây", ":"],
    ],
)
def test_suggest_leaves_out_obligations_and_legal_formulas(glossary, words):
    records = tagged_records(words, words, words)
    report = curate.suggest(
        records, glossary, tagger=tagger_of(records, set()), reference=lambda s: 0.0
    )
    phrases = {s.phrase.lower() for s in report.suggestions}
    formulas = ("có trách nhiệm", "chịu trách nhiệm", "quy định tại", "có liên quan", "sau đây")
    assert not any(f in p for p in phrases for f in formulas), phrases
    assert not any(p.split()[0] in {"có", "chịu"} for p in phrases), phrases


def test_word_lists_are_lowercase_and_formulas_hold_no_boundary_edge():
    lists = curate.word_lists()
    assert all(w == w.lower() for w in lists.boundary | lists.leading)
    assert lists.formulas and all(len(f) >= 2 for f in lists.formulas)


def test_suggest_never_proposes_what_a_glossary_match_covers(glossary):
    report = suggest(RECORDS, glossary, min_count=1)
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
    report = suggest(notes, glossary, min_count=1)
    assert report.clauses == len(RECORDS) - 2
    assert "a:p01.s01.c01" not in {s.example for s in report.suggestions}


def test_suggest_limit_and_min_count(glossary):
    assert len(suggest(RECORDS, glossary, limit=1).suggestions) == 1
    many = suggest(RECORDS, glossary, min_count=1)
    assert len(many.suggestions) == 7
    assert min(s.count for s in many.suggestions) == 1


def test_suggest_with_underthesea(glossary):
    texts = [
        ["Các", "nước", "bảo vệ", "hạ tầng", "thông tin", "trọng yếu", "."],
        ["Hạ tầng", "thông tin", "trọng yếu", "cần", "được", "bảo vệ", "."],
    ]
    records = [record(doc, 1, words) for doc, words in zip("ab", texts, strict=True)]
    report = curate.suggest(records, glossary)  # underthesea's tagger, wordfreq's reference
    top = report.suggestions[0]
    assert (top.phrase.lower(), top.count, top.documents) == ("hạ tầng thông tin trọng yếu", 2, 2)
    assert "chunk" in top.sources
    assert top.keyness > 1


def test_curate_does_not_import_underthesea_until_suggest_runs():
    code = "import sys, normcorpus.curate; print('underthesea' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
