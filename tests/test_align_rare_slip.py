"""align.py's typo reading of a wrong mark that spells a rare word (`_rare_slip`).

A two-syllable term whose one wrong-marked syllable spells a word is read as
that word (`tôi phạm`: I commit), unless the word is a hundred times rarer than
the term's syllable (`phòng chông`: `chông`, stakes) and the usual checks hold.
"""

from __future__ import annotations

import pytest

from normcorpus import frequency
from normcorpus.align import _RARER, Aligner, _rare_slip
from normcorpus.glossary import make_glossary
from normcorpus.models import Concept, Term

CONCEPTS = [
    Concept(id="prevent-and-combat", vi=(Term("phòng chống"),), en=(Term("prevent and combat"),)),
    Concept(id="crime", vi=(Term("tội phạm"),), en=(Term("crime"),)),
    Concept(id="sovereignty", vi=(Term("chủ quyền"),), en=(Term("sovereignty"),)),
    Concept(id="malware", vi=(Term("mã độc"),), en=(Term("malware"),)),
]


@pytest.fixture(scope="module")
def aligner() -> Aligner:
    return Aligner(make_glossary(CONCEPTS))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Bộ đã ban hành kế hoạch phòng chông tin giả.", [("phòng chông", "fuzzy")]),
        # A common word is that word.
        ("Hôm qua tôi phạm một lỗi nhỏ.", []),
        ("Máy quét mã đọc được cả mã vạch.", []),
        ("Người chủ quyển sách cũ đã ghi tên mình.", []),
        # A rare word, but the text reads as words around it (`căn phòng`).
        ("Căn phòng chông chênh trên đồi.", []),
    ],
)
def test_a_wrong_mark_that_spells_a_rare_word_is_a_slip(aligner, text, expected):
    assert [(m.surface, m.match) for m in aligner.find(text)] == expected


def test_the_rule_is_the_frequency_gap():
    assert frequency.zipf("chống") - frequency.zipf("chông") >= _RARER
    assert _rare_slip("marks", "chông", "chống")
    assert not _rare_slip("marks", "tôi", "tội")  # `tôi` is commoner than `tội`
    assert not _rare_slip("marks", "quyển", "quyền")  # 15 times rarer: not enough
    assert not _rare_slip("dialect", "chông", "chống")  # only a wrong mark
    assert frequency.zipf("xyzzyq") == 0.0
