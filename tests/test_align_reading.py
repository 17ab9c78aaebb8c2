"""align.py's reading rules on correct text: a window typed bare inside a sentence with
diacritics is no term where a word crosses its edge (`mang tính`), and a lower-case
term capitalised in every
syllable mid-sentence is a proper name (issue 12, review of main e8b81a6)."""

from __future__ import annotations

import pytest

from normcorpus.align import Aligner
from normcorpus.glossary import make_glossary
from normcorpus.models import Concept, Term

CONCEPTS = [
    Concept("cybersecurity", (Term("an ninh mạng"),), (Term("cybersecurity"),)),
    Concept("security", (Term("an ninh"),), (Term("security"),)),
    Concept("cyberspace", (Term("không gian mạng"),), (Term("cyberspace"),)),
    Concept("threat", (Term("mối đe dọa"), Term("đe dọa", "admitted")), (Term("threat"),)),
    Concept("cooperation", (Term("hợp tác"),), (Term("cooperation"),)),
    Concept("peace", (Term("hòa bình"),), (Term("peace"),)),
    Concept("united-nations", (Term("Liên hợp quốc"),), (Term("United Nations"),)),
    Concept("mod", (Term("Bộ Quốc phòng"),), (Term("Ministry of National Defence"),)),
]


@pytest.fixture(scope="module")
def aligner() -> Aligner:
    return Aligner(make_glossary(CONCEPTS))


def found(aligner: Aligner, text: str) -> list[tuple[str, str, str]]:
    return [(m.surface, m.concept, m.match) for m in aligner.find(text) if m.within is None]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A bare window in a sentence with diacritics: `mang tính` is a phrase.
        (
            "An ninh mang tính toàn cầu và cần hợp tác.",
            [("An ninh", "security", "variant"), ("hợp tác", "cooperation", "exact")],
        ),
        ("Vấn đề an ninh mang tính sống còn.", [("an ninh", "security", "exact")]),
        # The term typed bare in a marked sentence: folded, where no word crosses its
        # edge (`mang tính` does: resources/syllables.yaml `words`).
        (
            "Hợp tác quốc tế về an ninh mang.",
            [("Hợp tác", "cooperation", "variant"), ("an ninh mang", "cybersecurity", "folded")],
        ),
        ("Bàn về an ninh mang trong khu vực.", [("an ninh mang", "cybersecurity", "folded")]),
        ("Chúng tôi cần hop tac nhiều hơn.", [("hop tac", "cooperation", "folded")]),
        (
            "Các mối đe dọa khong gian mang thông qua diễn đàn.",
            [("mối đe dọa", "threat", "exact"), ("khong gian mang", "cyberspace", "folded")],
        ),
        # A window with diacritics and a slip that is no tone variant: kept.
        ("Các mối de dọa mới.", [("mối de dọa", "threat", "folded")]),
        # A sentence typed without any diacritics: read folded, as before.
        ("An ninh mang tinh toan cau.", [("An ninh mang", "cybersecurity", "folded")]),
        ("an ninh mang la van de lon", [("an ninh mang", "cybersecurity", "folded")]),
    ],
)
def test_a_bare_window_in_a_marked_sentence(aligner, text, expected):
    assert found(aligner, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Ông ấy sống ở tỉnh Hòa Bình từ nhỏ.", []),
        ("Hợp tác xã nông nghiệp Hòa Bình", [("Hợp tác", "cooperation", "variant")]),
        ("ong ay song o tinh Hoa Binh tu nho", []),
        # the common noun: lower case, at a sentence's start, or in capitals
        ("Giữ gìn hòa bình.", [("hòa bình", "peace", "exact")]),
        ("Hòa bình là khát vọng.", [("Hòa bình", "peace", "variant")]),
        ("Một câu. Hòa Bình là khát vọng.", [("Hòa Bình", "peace", "variant")]),
        ("GIỮ GÌN HÒA BÌNH", [("HÒA BÌNH", "peace", "variant")]),
        # a term that is a name itself keeps its capitalised spellings
        ("trụ sở Liên Hợp Quốc", [("Liên Hợp Quốc", "united-nations", "variant")]),
        ("đại diện Bộ Quốc Phòng", [("Bộ Quốc Phòng", "mod", "variant")]),
    ],
)
def test_a_capitalised_lower_case_term_mid_sentence_is_a_name(aligner, text, expected):
    assert found(aligner, text) == expected


@pytest.mark.parametrize("compiled", [True, False])
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a headline or heading in Title Case: case tells nothing, as in capitals
        ("Tìm Hiểu Về Luật An Ninh Mạng", [("An Ninh Mạng", "cybersecurity", "variant")]),
        ("Luật An Ninh Mạng Năm 2018", [("An Ninh Mạng", "cybersecurity", "variant")]),
        (
            "Một câu.\nHợp Tác Vì Hòa Bình Khu Vực\nmột câu khác",
            [("Hợp Tác", "cooperation", "variant"), ("Hòa Bình", "peace", "variant")],
        ),
        # a name: in a sentence with a common word in lower case, or a name alone
        ("Người ký Nguyễn Hòa Bình", []),
        ("Thủ tướng Phạm Hòa Bình Và Các Bộ Trưởng", []),
        ("Nguyễn Hòa Bình", []),
        # a name of four syllables alone (a signature), or a title and a name of three
        ("Nguyễn Thị Hòa Bình", []),
        ("Ông Nguyễn Hòa Bình", []),
    ],
)
def test_a_term_in_title_case_is_no_name(text, expected, compiled):
    aligner = Aligner(make_glossary(CONCEPTS), compiled=compiled)
    assert found(aligner, text) == expected


def test_plain_and_compiled_finders_agree(aligner):
    plain = Aligner(make_glossary(CONCEPTS), compiled=False)
    for text in ("An ninh mang tính toàn cầu.", "tỉnh Hòa Bình và hòa bình"):
        assert plain.find(text) == aligner.find(text)
