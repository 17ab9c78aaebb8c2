"""align.py on two forms of real text (unseen8, session 8): a footnote's number glued to
the word it follows (`Luật Viễn thông1.`, consolidated texts) hid the term; and of two
terms of different concepts that cross (`hoạt động [viễn thông] công ích`), the one that
lost was not recorded at all."""

from __future__ import annotations

import pytest

from normcorpus.align import Aligner
from normcorpus.glossary import make_glossary
from normcorpus.models import Concept, Term

CONCEPTS = [
    Concept("telecommunications", (Term("viễn thông"),), (Term("telecommunications"),)),
    Concept(
        "telecommunications-activities",
        (Term("hoạt động viễn thông"),),
        (Term("telecommunications activities"),),
    ),
    Concept(
        "public-utility-telecommunications",
        (Term("viễn thông công ích"),),
        (Term("public-utility telecommunications"),),
    ),
    Concept("cybersecurity", (Term("an ninh mạng"),), (Term("cybersecurity"),)),
    Concept("security", (Term("an ninh"),), (Term("security"),)),
    Concept("human-rights", (Term("nhân quyền"),), (Term("human rights"),)),
    Concept(
        "personal-information-subject",
        (Term("chủ thể thông tin cá nhân"),),
        (Term("personal information subject"),),
    ),
    Concept("ipv6", (Term("IPv6"),), (Term("IPv6"),)),
]


@pytest.fixture(scope="module", params=[False, True], ids=["plain", "compiled"])
def aligner(request) -> Aligner:
    return Aligner(make_glossary(CONCEPTS), compiled=request.param)


def found(aligner: Aligner, text: str) -> list[tuple[str, str, str | None]]:
    return [(m.surface, m.concept, m.within) for m in aligner.find(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Quốc hội ban hành Luật Viễn thông1.", [("Viễn thông", "telecommunications", None)]),
        (
            "bảo đảm an ninh mạng2 và an ninh mạng³, an ninh mạng12;",
            [("an ninh mạng", "cybersecurity", None), ("an ninh", "security", "cybersecurity")] * 3,
        ),
        # Typed without diacritics too.
        ("Luat Vien thong1 ve an ninh mang2", None),
    ],
)
def test_a_footnote_number_glued_to_a_term(aligner, text, expected):
    got = found(aligner, text)
    if expected is None:
        assert [c for _s, c, w in got if w is None] == ["telecommunications", "cybersecurity"]
    else:
        assert got == expected


@pytest.mark.parametrize(
    "text",
    [
        "Luật số 67/2006/QH11 về viễn thông",  # a code's digits are no note
        "giấy phép hạng A1 về viễn thông",
        "hỗ trợ IPv6 về viễn thông",
    ],
)
def test_digits_of_a_code_are_kept(aligner, text):
    got = found(aligner, text)
    assert ("viễn thông", "telecommunications", None) in got
    assert ("IPv6", "ipv6", None) in got or "IPv6" not in text
    # the code itself is not cut: no match ends inside it
    for surface, _c, _w in got:
        assert surface in {"viễn thông", "IPv6"}


def test_a_crossing_term_is_recorded_within_the_match_it_crosses(aligner):
    got = found(aligner, "Hỗ trợ hoạt động viễn thông công ích tại vùng sâu.")
    assert got == [
        ("hoạt động viễn thông", "telecommunications-activities", None),
        (
            "viễn thông công ích",
            "public-utility-telecommunications",
            "telecommunications-activities",
        ),
        ("viễn thông", "telecommunications", "telecommunications-activities"),
    ]
    # The top-level matches still never overlap.
    top = [m for m in aligner.find("hoạt động viễn thông công ích") if m.within is None]
    assert len(top) == 1


def test_a_crossing_reading_that_cuts_a_word_is_not_recorded(aligner):
    # `nhân quyền` across `cá nhân | quyền`: no human rights here.
    got = found(aligner, "cấp cho chủ thể thông tin cá nhân quyền tiếp cận")
    assert got == [("chủ thể thông tin cá nhân", "personal-information-subject", None)]
