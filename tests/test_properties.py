"""Properties: normalisation is idempotent, spans rebuild the text, records
round-trip, and the aligner never raises nor overlaps."""

from __future__ import annotations

import json
import unicodedata

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from normcorpus import normalize, segment
from normcorpus.align import Aligner
from normcorpus.models import (
    MATCH_KINDS,
    STRUCTURE_LEVELS,
    ClauseRecord,
    DocumentMeta,
    Glossary,
    Structure,
    TermMatch,
)
from normcorpus.store import Store, record_line

# Text that looks like Vietnamese often enough to exercise tone placement,
# folding and the aligner, mixed with arbitrary Unicode.
_VI_CHARS = (
    "aăâeêioôơuưyđ AĂÂEÊIOÔƠUƯYĐ hnmtcgklqrsvxp"
    "àáạảãòóọỏõùúụủũỳýỵỷỹ"
    "\u0300\u0301\u0303\u0309\u0323\u0302\u0306\u031b"
    ";:,.-–()“”'\n\t"
)
VI_TEXT = st.one_of(st.text(), st.text(alphabet=_VI_CHARS, max_size=60))
_VI_WORDS = [
    "an",
    "ninh",
    "mạng",
    "mang",
    "mang",
    "lại",
    "hợp",
    "tác",
    "hơp",
    "thỏa",
    "thảo",
    "luận",
    "luật",
    "quốc",
    "tế",
    "xuyên",
    "suốt",
    "xuyết",
    "de",
    "đe",
    "dọa",
    "mối",
    "Liên",
    "Hợp",
    "hợp",
    "Quốc",
    "quốc",
    "ASEAN",
    "asean",
    "UN",
    "GGE",
    "ICT",
    "mạng",
    "lưới",
    "quy",
    "tắc",
    "tính",
    "hoà",
    "hòa",
    "bình",
    ",",
    ";",
    ".",
    "–",
    "-",
    "(",
    ")",
    "“",
    "”",
]
VI_PHRASES = st.lists(st.sampled_from(_VI_WORDS), max_size=25).map(" ".join)


# --- normalisation -------------------------------------------------------------


@given(VI_TEXT)
def test_text_is_idempotent(value: str) -> None:
    once = normalize.text(value)
    assert normalize.text(once) == once


@given(VI_TEXT)
def test_tone_marks_is_idempotent(value: str) -> None:
    once = normalize.tone_marks(value)
    assert normalize.tone_marks(once) == once


@given(VI_TEXT)
def test_fold_keeps_length_and_is_idempotent(value: str) -> None:
    folded = normalize.fold(value)
    assert len(folded) == len(value)
    assert normalize.fold(folded) == folded
    assert not normalize.has_diacritics(folded)


@given(VI_TEXT)
def test_tone_marks_equals_the_round_trip_of_the_whole_text(value: str) -> None:
    # tone_marks() rewrites only the words that need it; the definition is
    # the NFD round trip of the whole text.
    decomposed = unicodedata.normalize("NFD", unicodedata.normalize("NFC", value))
    whole = normalize.nfc(normalize._MOVE_TONE.sub(normalize._move_tone, decomposed))
    assert normalize.tone_marks(value) == whole


@given(VI_TEXT)
def test_fold_maps_each_character_alone(value: str) -> None:
    assert normalize.fold(value) == "".join(map(normalize._fold_char, value))


@given(VI_TEXT)
def test_key_is_idempotent(value: str) -> None:
    assert normalize.key(normalize.key(value)) == normalize.key(value)


@given(VI_PHRASES)
def test_folded_key_is_idempotent(value: str) -> None:
    # (On real words: a stray combining mark after a precomposed letter, `À` +
    # U+0300, survives fold() by design, which keeps one character for one.)
    assert normalize.folded_key(normalize.folded_key(value)) == normalize.folded_key(value)


# --- the ingested corpus: offsets hold everywhere -------------------------------


def test_offsets_hold_for_every_record_and_term(corpus_data_dir) -> None:
    checked_terms = 0
    with Store.open(corpus_data_dir) as store:
        documents = [info.id for info in store.documents()]
        assert documents
        for doc in documents:
            doc_text = store.document_text(doc)
            previous_end = -1
            for record in store.records(doc):
                assert doc_text[record.start : record.end] == record.text, record.id
                assert record.start >= previous_end, record.id  # in order, disjoint
                previous_end = record.end
                assert record.text == record.text.strip() and record.text
                # the words rebuild the text, spaces aside
                assert "".join(record.words).replace(" ", "") == record.text.replace(" ", "")
                term_end = -1
                holders = {(t.concept, t.start, t.end): t for t in record.terms if t.within is None}
                for term in record.terms:
                    assert record.text[term.start : term.end] == term.surface, record.id
                    if term.within is None:  # the matches chosen are disjoint
                        assert term.start >= term_end
                        term_end = term.end
                    elif term.end <= term_end:  # nested: inside the one it names
                        assert any(
                            c == term.within and s <= term.start and term.end <= e
                            for c, s, e in holders
                        ), record.id
                    else:  # crossing the one it names (align._crossed), partly outside
                        assert any(
                            c == term.within and s < term.end and term.start < e
                            for c, s, e in holders
                        ), record.id
                    assert term.match in MATCH_KINDS
                    assert 0 < term.score <= 1
                    checked_terms += 1
    assert checked_terms > 100


def test_term_english_is_the_concepts_preferred_term(
    corpus_records, real_glossary: Glossary
) -> None:
    concepts = real_glossary.by_id()
    for records in corpus_records.values():
        for record in records:
            for term in record.terms:
                concept = concepts[term.concept]
                assert term.en == concept.preferred_en
                loose = term.match in ("folded", "fuzzy")
                if loose:
                    # never for abbreviations or one-syllable terms
                    assert term.term not in concept.abbr
                    assert len(term.term.split()) >= 2


def test_clause_ids_follow_the_numbering(corpus_records) -> None:
    for doc, records in corpus_records.items():
        for record in records:
            assert record.id == segment.clause_id(doc, record.para, record.sent, record.clause)


# --- records round-trip -------------------------------------------------------

_SHORT = st.text(max_size=12)
TERMS = st.builds(
    TermMatch,
    concept=st.from_regex(r"[a-z][a-z0-9-]{0,10}", fullmatch=True),
    term=_SHORT,
    surface=_SHORT,
    en=_SHORT,
    start=st.integers(0, 1000),
    end=st.integers(0, 1000),
    match=st.sampled_from(MATCH_KINDS),
    score=st.floats(0, 1, allow_nan=False),
)
STRUCTURES = st.builds(
    Structure, **{level: st.none() | st.text(min_size=1, max_size=4) for level in STRUCTURE_LEVELS}
)
RECORDS = st.builds(
    ClauseRecord,
    id=_SHORT,
    doc=_SHORT,
    para=st.integers(1, 99),
    sent=st.integers(1, 99),
    clause=st.integers(1, 99),
    text=st.text(max_size=40),
    start=st.integers(0, 10**6),
    end=st.integers(0, 10**6),
    words=st.lists(_SHORT, max_size=5).map(tuple),
    structure=STRUCTURES,
    hash=st.from_regex(r"[0-9a-f]{16}", fullmatch=True),
    terms=st.lists(TERMS, max_size=3).map(tuple),
)


@given(RECORDS)
def test_record_round_trip(record: ClauseRecord) -> None:
    assert ClauseRecord.from_dict(record.to_dict()) == record
    # through the JSONL line too, byte-stable
    line = record_line(record)
    again = ClauseRecord.from_dict(json.loads(line))
    assert again == record
    assert record_line(again) == line


@given(STRUCTURES)
def test_structure_round_trip_keeps_only_present_levels(structure: Structure) -> None:
    data = structure.to_dict()
    assert list(data) == [level for level in STRUCTURE_LEVELS if level in data]
    assert None not in data.values()
    assert Structure.from_dict(data) == structure


@given(
    st.builds(
        DocumentMeta,
        title_vi=st.none() | _SHORT,
        title_en=st.none() | _SHORT,
        date=st.none() | _SHORT,
        place=st.none() | _SHORT,
        parties=st.lists(_SHORT, max_size=3).map(tuple),
        kind=st.none() | _SHORT,
        outlet=st.none() | _SHORT,
        published=st.none() | _SHORT,
    )
)
def test_document_meta_round_trip(meta: DocumentMeta) -> None:
    assert DocumentMeta.from_dict(json.loads(json.dumps(meta.to_dict()))) == meta


# --- the aligner on arbitrary text ---------------------------------------------


@pytest.fixture(scope="module")
def aligners(small_glossary: Glossary, real_glossary: Glossary) -> list[Aligner]:
    return [Aligner(small_glossary), Aligner(real_glossary)]


@settings(
    max_examples=300,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(st.one_of(VI_TEXT, VI_PHRASES))
def test_find_never_raises_and_never_overlaps(aligners: list[Aligner], text: str) -> None:
    for aligner in aligners:
        concepts = aligner.glossary.by_id()
        previous_end = 0
        holder = None
        for match in aligner.find(text):
            assert text[match.start : match.end] == match.surface
            if match.within is None:  # the matches chosen never overlap
                assert previous_end <= match.start < match.end
                previous_end = match.end
                holder = match
            else:  # a nested one stands inside the match before it that it names
                assert holder is not None and match.within == holder.concept
                assert holder.start <= match.start < match.end <= holder.end
            assert match.match in MATCH_KINDS
            assert 0 < match.score <= 1
            assert match.en == concepts[match.concept].preferred_en
            if match.match in ("folded", "fuzzy"):
                assert match.term not in concepts[match.concept].abbr


def test_every_small_glossary_term_finds_itself(small_glossary: Glossary) -> None:
    aligner = Aligner(small_glossary)
    for concept in small_glossary.concepts:
        for term in [t.term for t in concept.vi] + list(concept.abbr):
            text = normalize.term(term)
            (match,) = [m for m in aligner.find(text) if m.within is None]
            assert (match.start, match.end, match.match) == (0, len(text), "exact"), term


# --- underthesea's sentences and words on arbitrary text ------------------------

# Pieces that exercise the tokenizer's shortcuts: sentence stops and
# abbreviations, spacing, `Th.S` (any character between `Th` and `S`), `ʺ`.
_TOKENIZER_PIECES = [*_VI_WORDS, "Th", "s", "S", "ThS.", "ʺ", "Mr.", "TP.", "...", "?", "!", "1.5"]
TOKENIZER_TEXT = st.one_of(
    VI_TEXT,
    st.lists(
        st.tuples(st.sampled_from(_TOKENIZER_PIECES), st.sampled_from(["", " ", " ", "  ", "\t"])),
        max_size=25,
    ).map(lambda pairs: "".join(word + gap for word, gap in pairs)),
)


@settings(max_examples=300, deadline=None)
@given(TOKENIZER_TEXT)
def test_tokenizer_offsets_are_where_underthesea_results_are(text: str) -> None:
    from underthesea import sent_tokenize, word_tokenize

    tokenizer = segment._tokenizers()
    words = word_tokenize(text)
    assert tokenizer.words(text) == words
    assert tokenizer.word_spans(text) == segment.locate(words, text)
    assert tokenizer.sentence_spans(text) == segment.locate(sent_tokenize(text), text)


# --- clause splitting on arbitrary text -----------------------------------------


@given(st.one_of(VI_TEXT, VI_PHRASES), st.integers(min_value=0, max_value=30))
def test_more_syllables_than_counts_like_syllables(text: str, count: int) -> None:
    more = segment._more_syllables_than(count).match(text) is not None
    assert more == (segment.syllables(text) > count)


@given(st.one_of(VI_TEXT, VI_PHRASES))
def test_clause_spans_are_ordered_trimmed_and_inside(sentence: str) -> None:
    spans = segment.clause_spans(sentence)
    previous_end = 0
    for start, end in spans:
        assert previous_end <= start < end <= len(sentence)
        piece = sentence[start:end]
        assert piece == piece.strip()
        previous_end = end
    # nothing but whitespace is left out
    covered = "".join(sentence[s:e] for s, e in spans)
    assert "".join(covered.split()) == "".join(sentence.split())
