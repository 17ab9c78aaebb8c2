"""align.py: glossary matches in text, their kinds, scores and spans.

Table-driven on the small glossary (tests/data/small-glossary.yaml), whose
answers do not move when the real glossary is curated; the real typos of the
ASEAN statement are checked on the ingested corpus in test_ingest.py.
"""

from __future__ import annotations

import pytest

from normcorpus.align import Aligner, align, align_clause, clause_hash
from normcorpus.glossary import make_glossary
from normcorpus.models import Clause, Concept, Glossary, Structure, Term, TermMatch


@pytest.fixture(scope="module")
def aligner(small_glossary: Glossary) -> Aligner:
    return Aligner(small_glossary)


def found(aligner: Aligner, text: str) -> list[tuple[str, str, str]]:
    """The matches chosen (nested ones aside: `test_nested_matches`)."""
    return [(m.surface, m.concept, m.match) for m in aligner.find(text) if m.within is None]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # exact, and the longest term wins over the terms inside it
        ("hợp tác an ninh mạng", [("hợp tác an ninh mạng", "cybersecurity-cooperation", "exact")]),
        ("an ninh mạng lưới", [("an ninh mạng", "cybersecurity", "exact")]),
        # variant: case, or tone placement
        ("Liên Hợp Quốc", [("Liên Hợp Quốc", "united-nations", "variant")]),
        ("LIÊN HỢP QUỐC", [("LIÊN HỢP QUỐC", "united-nations", "variant")]),
        ("MẠNG", [("MẠNG", "network", "variant")]),
        ("hòa bình", [("hòa bình", "peace", "exact")]),  # the term is written `hoà bình`
        ("hoà bình", [("hoà bình", "peace", "variant")]),
        ("Hoà Bình", [("Hoà Bình", "peace", "variant")]),
        # folded: written without some or all diacritics
        ("các mối de dọa", [("mối de dọa", "threat", "folded")]),
        ("de dọa", [("de dọa", "threat", "folded")]),
        ("an ninh mang", [("an ninh mang", "cybersecurity", "folded")]),
        ("xuyen suot", [("xuyen suot", "cross-cutting", "folded")]),
        ("hop tac an ninh mang", [("hop tac an ninh mang", "cybersecurity-cooperation", "folded")]),
        # fuzzy: the typos of the ASEAN statement
        ("hơp tác", [("hơp tác", "cooperation", "fuzzy")]),
        ("thỏa luận", [("thỏa luận", "discussion", "fuzzy")]),
        ("xuyên xuyết", [("xuyên xuyết", "cross-cutting", "fuzzy")]),
        # a wrong tone that spells another word is that word, not a typo
        ("mang lại", []),
        ("mang lưới", []),
        ("quy tắc mang tính", []),
        ("quy tắc mạng", [("quy tắc mạng", "cyber-norms", "exact")]),
        # one-syllable terms are never matched loosely
        ("mang", []),
        ("mạng", [("mạng", "network", "exact")]),
        # a correct spelling is not displaced by a typo reading (`luận` ~ `luật`)
        ("thảo luận quốc tế", [("thảo luận", "discussion", "exact")]),
        ("luật quốc tế", [("luật quốc tế", "international-law", "exact")]),
        # too different
        ("an ninh thông", []),
        # punctuation between syllables breaks a term; a dash is a space
        ("an ninh, mạng", [("mạng", "network", "exact")]),
        ("ADMM-Plus", [("ADMM-Plus", "admm-plus", "exact")]),
        ("ADMM Plus", [("ADMM Plus", "admm-plus", "exact")]),
        ("ADMM – Plus", [("ADMM – Plus", "admm-plus", "exact")]),
        ("ADMM, Plus", []),
        # abbreviations: case-sensitive whole tokens, never folded or fuzzy
        ("ASEAN", [("ASEAN", "asean", "exact")]),
        ("asean", []),
        ("Asean", []),
        ("UN", [("UN", "united-nations", "exact")]),
        ("un", []),
        ("ICT", [("ICT", "ict", "exact")]),
        ("ICTs", []),
        ("ict", []),
        ("UN GGE", [("UN GGE", "gge", "exact")]),  # longest: not UN + GGE
        ("un gge", []),
        ("GGE", [("GGE", "gge", "exact")]),
        # nothing to find
        ("", []),
        ("  ; , . ", []),
        ("The United Nations", []),
    ],
)
def test_find(aligner: Aligner, text: str, expected: list[tuple[str, str, str]]) -> None:
    assert found(aligner, text) == expected


def test_several_terms_in_text_order_with_spans(aligner: Aligner) -> None:
    text = "Các nước thúc đẩy hợp tác an ninh thông tin, chống mối đe dọa (ICT) tại Liên Hợp Quốc."
    matches = aligner.find(text)
    assert [(m.concept, m.start, m.end) for m in matches] == [
        ("cooperation", 18, 25),
        ("information-security", 26, 43),
        ("threat", 51, 61),
        ("ict", 63, 66),
        ("united-nations", 72, 85),
    ]
    for match in matches:
        assert text[match.start : match.end] == match.surface


def test_no_overlaps_longest_first(aligner: Aligner) -> None:
    # candidates: hợp tác, hợp tác an ninh mạng, an ninh mạng, mạng, mạng lưới
    matches = aligner.find("hợp tác an ninh mạng lưới")
    assert [(m.surface, m.concept) for m in matches if m.within is None] == [
        ("hợp tác an ninh mạng", "cybersecurity-cooperation")
    ]


@pytest.mark.parametrize(
    ("text", "kind", "low", "high"),
    [
        ("hợp tác", "exact", 1.0, 1.0),
        ("Liên Hợp Quốc", "variant", 1.0, 1.0),
        ("mối de dọa", "folded", 0.8, 0.99),
        ("thỏa luận", "fuzzy", 0.7, 0.99),
        ("xuyên xuyết", "fuzzy", 0.7, 0.99),
    ],
)
def test_scores(aligner: Aligner, text: str, kind: str, low: float, high: float) -> None:
    (match,) = aligner.find(text)
    assert match.match == kind
    assert low <= match.score <= high


# Terms of real texts, for the rules below (the small glossary's answers stay put).
_REAL_TERMS = {
    "security": "an ninh",
    "cybersecurity": "an ninh mạng",
    "national-security": "an ninh quốc gia",
    "state": "quốc gia",
    "cooperation": "hợp tác",
    "discussion": "thảo luận",
    "cross-cutting": "xuyên suốt",
    "prevention": "phòng chống",
    "concern": "quan ngại",
    "dialogue": "đối thoại",
    "bilateral": "song phương",
    "human-rights": "nhân quyền",
    "challenge": "thách thức",
    "state-body": "nhà nước",
    "malware": "mã độc",
    "sectoral-bodies": "cơ quan ngành",
    "cyber-norms": "quy tắc mạng",
    "international-cooperation": "hợp tác quốc tế",
    "cybercrime": "tội phạm mạng",
    "viet-nam": "Việt Nam",
    "vision": "tầm nhìn",
    "admm-plus": "Hội nghị Bộ trưởng Quốc phòng ASEAN mở rộng",
}


@pytest.fixture(scope="module")
def real_terms() -> Aligner:
    concepts = [Concept(cid, (Term(vi),), (Term(cid),)) for cid, vi in _REAL_TERMS.items()]
    concepts.append(Concept("admm", (), (Term("ADMM-Plus"),), abbr=("ADMM-Plus",)))
    return Aligner(make_glossary(concepts))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # typed without diacritics: read without them, longest first
        ("an ninh mang", [("an ninh mang", "cybersecurity", "folded")]),
        (
            "Bao ve an ninh mang va an ninh quoc gia.",
            [
                ("an ninh mang", "cybersecurity", "folded"),
                ("an ninh quoc gia", "national-security", "folded"),
            ],
        ),
        ("AN NINH MANG", [("AN NINH MANG", "cybersecurity", "folded")]),
        ("cac quy tac mang tinh tu nguyen", [("quy tac mang", "cyber-norms", "folded")]),
        # typed with diacritics, a syllable wrong only in tone is another word
        ("Các quy tắc mang tính tự nguyện.", []),
        ("Bảo vệ an ninh mang lại lợi ích.", [("an ninh", "security", "exact")]),
        # each sentence by how it is typed
        (
            "Bảo vệ an ninh quốc gia. Bao ve an ninh mang.",
            [
                ("an ninh quốc gia", "national-security", "exact"),
                ("an ninh mang", "cybersecurity", "folded"),
            ],
        ),
        # without diacritics, a typo only where the letters are swapped or a
        # part is taken from a neighbour
        ("cac thoa luan khac nhau", [("thoa luan", "discussion", "fuzzy")]),
        ("mot van de xuyen xuyet", [("xuyen xuyet", "cross-cutting", "fuzzy")]),
        ("bo, co quan ngang bo", []),
    ],
)
def test_a_sentence_typed_without_diacritics_is_read_without_them(
    real_terms: Aligner, text: str, expected: list[tuple[str, str, str]]
) -> None:
    assert found(real_terms, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the typos of the ASEAN statement stay found
        ("các thỏa luận khác nhau", [("thỏa luận", "discussion", "fuzzy")]),
        ("là một vấn đề xuyên xuyết cần sự phối hợp", [("xuyên xuyết", "cross-cutting", "fuzzy")]),
        ("xây dựng khả năng và hơp tác để giải quyết", [("hơp tác", "cooperation", "fuzzy")]),
        # a word of the lexicon is not a typo
        ("Bài quốc ca được hát.", []),
        ("Công tác đối ngoại.", []),
        ("quyền đơn phương chấm dứt", []),
        ("Phân quyền truy cập.", []),
        ("Chính sách an sinh xã hội.", []),
        ("xác định nguồn gốc, cách thức tấn công", []),
        # nor a span that cuts a word of the lexicon
        ("Bộ Quốc phòng trong năm qua", []),
        ("các cơ quan đại diện ngoại giao", []),
        ("tập hợp các thiết bị", []),
        ("trong trường hợp các bên", []),
        ("mẫu mã đọc, phần mềm độc hại", []),
        # nor more than one plausible slip away
        ("trong nước và nước ngoài", []),  # `và` for `nhà`
        ("điều ước quốc tế mà nước Cộng hòa", []),
        ("hợp tạc", []),  # `tạc` is a word one tone away
        ("giao thông hợp tắc nghẽn", []),  # `tắc nghẽn` is a word
        ("nó giả tiếng chó để dọa lũ trẻ", []),  # `để` for `đe`: a mark and the tone
        # a part taken from the next syllable that spells a commoner word is that word
        # (unseen9, tienphong.vn: `nhằm nhìn lại`, in order to look back; `xuyết`,
        # all but unused, stays a slip for `suốt` above)
        ("Hội thảo nhằm nhìn lại việc tham dự", []),
        ("việc nam hay nữ", []),  # `việc` for `việt`: a word, a confused final
        ("máy quét mã đọc được mã vạch", []),  # `đọc` is a word one mark away
        # a slip that spells a word counts where two syllables or more of the
        # term stand right around it; not at the edge of a word or term
        ("hợp tắc quốc tế", [("hợp tắc quốc tế", "international-cooperation", "fuzzy")]),
        ("đường dây tôi phạm mạng", [("tôi phạm mạng", "cybercrime", "fuzzy")]),
        ("Một nền an ninh mạnh cần", [("an ninh", "security", "exact")]),
        # a typo reading holds the correct spellings it reads as themselves
        ("Tình hình an ninh quôc gia", [("an ninh quôc gia", "national-security", "fuzzy")]),
        ("hợp các nước", []),  # `c` is not beside `t` on the keyboard
    ],
)
def test_a_typo_reading_is_one_plausible_slip_of_whole_words(
    real_terms: Aligner, text: str, expected: list[tuple[str, str, str]]
) -> None:
    assert found(real_terms, text) == expected


def test_an_abbreviation_in_a_sentence_in_capitals(real_terms: Aligner) -> None:
    assert found(real_terms, "HỘI NGHỊ ADMM-PLUS LẦN THỨ NĂM") == [("ADMM-PLUS", "admm", "variant")]
    assert found(real_terms, "Hội nghị ADMM-PLUS lần thứ năm") == []
    assert found(real_terms, "Hội nghị ADMM-Plus lần thứ năm") == [("ADMM-Plus", "admm", "exact")]


def test_nested_matches(aligner: Aligner, real_terms: Aligner) -> None:
    # Every concept whose term stands in the text is found, where it stands:
    # after a match, the terms of other concepts its words spell, naming it.
    def nested(found: Aligner, text: str) -> list[tuple[str, str, str | None]]:
        return [(m.surface, m.concept, m.within) for m in found.find(text)]

    assert nested(aligner, "hợp tác an ninh mạng lưới") == [
        ("hợp tác an ninh mạng", "cybersecurity-cooperation", None),
        ("hợp tác", "cooperation", "cybersecurity-cooperation"),
        ("an ninh mạng", "cybersecurity", "cybersecurity-cooperation"),
        ("mạng", "network", "cybersecurity-cooperation"),
    ]
    # `lưới` is outside: `mạng lưới` crosses the match's edge, nothing nests it.
    assert nested(real_terms, "bảo vệ an ninh quốc gia và an ninh mạng") == [
        ("an ninh quốc gia", "national-security", None),
        ("an ninh", "security", "national-security"),
        ("quốc gia", "state", "national-security"),
        ("an ninh mạng", "cybersecurity", None),
        ("an ninh", "security", "cybersecurity"),
    ]
    # Typed without diacritics, or with a typo: nested as they read.
    assert nested(real_terms, "an ninh quoc gia") == [
        ("an ninh quoc gia", "national-security", None),
        ("an ninh", "security", "national-security"),
        ("quoc gia", "state", "national-security"),
    ]
    # A reading inside a match that reads its words otherwise is not nested:
    # `luận quốc tế` is no slip for `luật quốc tế` inside `thảo luận quốc tế`.
    glossary = make_glossary(
        [
            Concept("discussion", (Term("thảo luận quốc tế"),), (Term("discussion"),)),
            Concept("law", (Term("luật quốc tế"),), (Term("law"),)),
        ]
    )
    assert nested(Aligner(glossary), "các thảo luận quốc tế") == [
        ("thảo luận quốc tế", "discussion", None)
    ]
    # A concept once a stretch: its longer term, not a shorter one inside it too.
    glossary = make_glossary(
        [
            Concept("vision", (Term("Tầm nhìn của các nhà lãnh đạo"),), (Term("vision"),)),
            Concept("leader", (Term("nhà lãnh đạo"), Term("lãnh đạo")), (Term("leader"),)),
        ]
    )
    assert nested(Aligner(glossary), "Tầm nhìn của các nhà lãnh đạo") == [
        ("Tầm nhìn của các nhà lãnh đạo", "vision", None),
        ("nhà lãnh đạo", "leader", "vision"),
    ]
    # The checker's call gives the matches chosen, or all with where each stands.
    assert [m[:2] for m in aligner.locate("hợp tác an ninh mạng")] == [(0, 20)]
    assert [(m[:2], m[5]) for m in aligner.locate("hợp tác an ninh mạng", nested=True)] == [
        ((0, 20), -1),
        ((0, 7), 0),
        ((8, 20), 0),
        ((16, 20), 0),
    ]
    assert aligner.locate_many(["mạng", "hợp tác an ninh mạng"], nested=True) == [
        aligner.locate("mạng", nested=True),
        aligner.locate("hợp tác an ninh mạng", nested=True),
    ]


def test_term_en_is_the_preferred_english(aligner: Aligner) -> None:
    (match, _network) = aligner.find("an ninh mạng")
    assert (match.term, match.en) == ("an ninh mạng", "cybersecurity")
    (match,) = aligner.find("UN")
    assert (match.term, match.en) == ("UN", "United Nations")


def test_fuzzy_cutoff() -> None:
    glossary = make_glossary(
        [Concept("cross-cutting", (Term("xuyên suốt"),), (Term("cross-cutting"),))]
    )
    assert Aligner(glossary).find("xuyên xuyết")[0].match == "fuzzy"
    assert Aligner(glossary, fuzzy_cutoff=90.0).find("xuyên xuyết") == ()


def test_empty_glossary() -> None:
    assert Aligner(make_glossary([])).find("an ninh mạng") == ()


def test_align_clause_builds_the_record(aligner: Aligner) -> None:
    clause = Clause(
        id="d:p01.s01.c01",
        doc="d",
        para=1,
        sent=1,
        clause=1,
        text="Hai Bên hợp tác an ninh mạng.",
        start=10,
        end=39,
        words=("Hai", "Bên", "hợp tác", "an ninh mạng", "."),
        structure=Structure(article="1"),
    )
    record = align_clause(clause, aligner)
    assert record.to_clause() == clause
    assert record.hash == clause_hash(clause.text)
    assert record.terms[0] == TermMatch(
        concept="cybersecurity-cooperation",
        term="hợp tác an ninh mạng",
        surface="hợp tác an ninh mạng",
        en="cybersecurity cooperation",
        start=8,
        end=28,
        match="exact",
        score=1.0,
    )
    assert [(t.concept, t.within) for t in record.terms[1:]] == [
        ("cooperation", "cybersecurity-cooperation"),
        ("cybersecurity", "cybersecurity-cooperation"),
        ("network", "cybersecurity-cooperation"),
    ]
    assert list(align([clause], aligner)) == [record]


def test_align_accepts_a_glossary(small_glossary: Glossary) -> None:
    clause = Clause("d:p01.s01.c01", "d", 1, 1, 1, "mạng", 0, 4, ("mạng",))
    (record,) = align([clause], small_glossary)
    assert [t.concept for t in record.terms] == ["network"]


def test_clause_hash() -> None:
    assert clause_hash("an ninh mạng") == clause_hash("an ninh mạng")
    assert clause_hash("an ninh mạng") != clause_hash("an ninh mang")
    assert len(clause_hash("x")) == 16
    assert int(clause_hash("x"), 16) >= 0
