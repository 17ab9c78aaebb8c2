"""Formal and consistency rules (check/formal.py, check/consistency.py) and term nesting."""

from __future__ import annotations

import pytest

from normcorpus.check import Checker, check_pairs
from normcorpus.check.model import Segment
from normcorpus.check.terms import TermMissing
from normcorpus.formats.bilingual import SegmentPair
from normcorpus.glossary import make_glossary
from normcorpus.models import Concept, Term

FORMAL = {
    "untranslated",
    "same-as-source",
    "placeholder-mismatch",
    "tag-mismatch",
    "link-mismatch",
    "acronym-mismatch",
    "unbalanced-brackets",
    "final-punctuation",
    "double-space",
    "edge-whitespace",
    "repeated-word",
}


@pytest.fixture(scope="module")
def checker() -> Checker:
    return Checker(make_glossary([]), rules=FORMAL)


def rules(checker: Checker, vi: str, en: str, *, vi_is_source: bool = True) -> list[str]:
    pair = SegmentPair("x", vi, en, "t.tsv", 1, vi_is_source)
    return [f.rule for f in check_pairs([pair], checker).findings]


@pytest.mark.parametrize(
    ("vi", "en", "expected"),
    [
        ("Hai Bên tăng cường hợp tác.", "The two Sides step up cooperation.", []),
        # untranslated and copies
        ("Hai Bên tăng cường hợp tác.", "", ["untranslated"]),
        ("2018", "", []),
        ("Hai Bên tăng cường hợp tác.", "Hai Bên tăng cường hợp tác.", ["same-as-source"]),
        ("ASEAN", "ASEAN", []),
        ("Nguyễn Phú Trọng", "Nguyễn Phú Trọng", []),
        ("Xem http://mic.gov.vn", "Xem http://mic.gov.vn", []),
        ("i18n v2", "i18n v2", []),
        # placeholders, tags, links
        ("Giá trị {0} và %s.", "Values {0} and %s.", []),
        ("Giá trị {0} và %s.", "Values %s and {0}.", []),
        ("Giá trị {0}.", "Values.", ["placeholder-mismatch"]),
        ("Giá trị {{ limit }}.", "Values {{limit}}.", []),
        ("Giá trị %(name)s.", "Values %(nom)s.", ["placeholder-mismatch"]),
        ("Tăng 15% so với năm trước.", "Up 15% on last year.", []),
        ("Nhấn <b>OK</b>.", "Press <b>OK</b>.", []),
        ("Nhấn <b>OK</b>.", "Press OK.", ["tag-mismatch"]),
        ("Xem https://mic.gov.vn.", "See https://mic.gov.vn.", []),
        ("Xem https://mic.gov.vn.", "See the Ministry's site.", ["link-mismatch"]),
        ("Gửi tới a@b.vn.", "Write to c@d.vn.", ["link-mismatch"]),
        # brackets, punctuation, whitespace, repetition
        ("Các bên (Hai Bên) đồng ý.", "The Parties (the two Sides agree.", ["unbalanced-brackets"]),
        ("a) Hợp tác; b) Đối thoại.", "a) Cooperation; b) Dialogue.", []),
        ("Gồm: a) một; b) hai.", "Including (a) one; (b) two.", []),
        ("Họ nói “có”.", "They said “yes”.", []),
        ("Họ nói “có.", "They said “yes.", []),
        ("Hai Bên đồng ý.", "The two Sides agree", ["final-punctuation"]),
        ("Hai Bên đồng ý:", "The two Sides agree.", ["final-punctuation"]),
        ("Họ nói “có.”", "They said “yes”.", []),
        ("Còn nữa...", "And more…", []),
        ("Hai Bên đồng ý.", "The two  Sides agree.", ["double-space"]),
        ("Hai  Bên đồng ý.", "The two  Sides agree.", []),
        (" Hai Bên đồng ý.", "The two Sides agree.", ["edge-whitespace"]),
        ("Hai Bên đồng ý.", "The the two Sides agree.", ["repeated-word"]),
        ("Hai Bên đồng ý.", "Both Sides agree agree.", ["repeated-word"]),  # at the end
        ("Họ đã có.", "They had had it.", []),
    ],
)
def test_formal_rules(checker: Checker, vi: str, en: str, expected: list[str]) -> None:
    assert rules(checker, vi, en) == expected


@pytest.mark.parametrize(
    ("en", "vi", "expected"),
    [
        # an English -> Vietnamese file: the English is the source
        ("Enter the IBAN.", "Nhập số IBAN.", []),
        ("Enter the IBAN.", "Nhập số tài khoản.", ["acronym-mismatch"]),
        # an acronym's plural stands singular; emphasis in capitals is translated
        ("PINs are not synced", "Các PIN chưa đồng bộ", []),
        ("The URLs and IDs differ", "Các URL và ID khác nhau", []),
        ("PINs are not synced", "Các mã chưa đồng bộ", ["acronym-mismatch"]),
        ("while both the client AND KeePassXC run", "khi cả ứng dụng VÀ KeePassXC chạy", []),
        (
            "while both the client AND the TPM run",
            "khi cả ứng dụng VÀ chip chạy",
            ["acronym-mismatch"],
        ),
        ("Not a valid locale.", "Không phải một bản địa địa phương hợp lệ.", []),
        ("Not a valid value.", "Không phải của của giá trị hợp lệ.", ["repeated-word"]),
        ("This value is too short.", "This value is too short.", ["same-as-source"]),
        # a word English does not use is a name kept as it is (libgpg-error's `gcrypt`)
        ("gcrypt", "gcrypt", []),
        ("dirmngr", "dirmngr", []),
        ("cancel", "cancel", ["same-as-source"]),
        # a date format's fields are code, kept as they are (a Qt file's `yyyy-MM-dd dddd`)
        ("yyyy-MM-dd dddd", "yyyy-MM-dd dddd", []),
        ("dddd, the day", "dddd, the day", ["same-as-source"]),
        ("the dirmngr socket", "the dirmngr socket", ["same-as-source"]),
        ("This value is too short.", "", ["untranslated"]),
        # a heading in capitals is words, not acronyms (a statute's English header)
        # a Vietnamese side holding the English UI string copied, whichever side is
        # the source; a name copied stays right
        ("Save As", "Save As", ["same-as-source"]),
        ("Hà Nội", "Hà Nội", []),
        ("Google Chrome", "Google Chrome", []),
        ("THE NATIONAL ASSEMBLY", "QUỐC HỘI", []),
        ("LAW ON INFORMATION TECHNOLOGY", "LUẬT CÔNG NGHỆ THÔNG TIN", []),
        # a UI string in Title Case left in English (unseen8: deepin's `Sign In`)
        ("Save As", "Save As", ["same-as-source"]),
        ("Sign In", "Sign In", ["same-as-source"]),
        ("Refund Policy", "Refund Policy", ["same-as-source"]),
        ("Settings", "Settings", ["same-as-source"]),
        ("Save As", "Lưu thành", []),
        # names Vietnamese writes as they are, and names in camel case
        ("Google Chrome", "Google Chrome", []),
        ("Microsoft Edge", "Microsoft Edge", []),
        ("App Store", "App Store", []),
        ("Email", "Email", []),
        ("Internet", "Internet", []),
        ("Symfony", "Symfony", []),
        ("GitHub", "GitHub", []),
        ("iPhone", "iPhone", []),
        ("OK", "OK", []),
        # a Vietnamese name typed without diacritics is a name (`can` is English too)
        ("Can Tho", "Can Tho", []),
    ],
)
def test_english_to_vietnamese(checker: Checker, en: str, vi: str, expected: list[str]) -> None:
    assert rules(checker, vi, en, vi_is_source=False) == expected


@pytest.mark.parametrize(
    ("en", "vi", "expected"),
    [
        # spelt out by the Vietnamese of the concept the glossary gives the acronym
        ("Connect through a VPN", "Kết nối qua mạng riêng ảo", []),
        ("The MIC issues the rules", "Bộ Thông tin và Truyền thông ban hành quy định", []),
        # another concept's Vietnamese is no rendering of it; an unknown acronym
        # spelt out cannot be told from a lost one (`EOF` = `Kết thúc tập tin`)
        ("Connect through a VPN", "Kết nối qua Bộ Thông tin và Truyền thông", ["acronym-mismatch"]),
        ("Unexpected EOF", "Kết thúc tập tin bất ngờ", ["acronym-mismatch"]),
    ],
)
def test_an_acronym_spelt_out_by_its_concepts_vietnamese(
    en: str, vi: str, expected: list[str]
) -> None:
    glossary = make_glossary(
        [
            Concept(
                id="virtual-private-network",
                vi=(Term("mạng riêng ảo"),),
                en=(Term("virtual private network"),),
                abbr_en=("VPN",),
            ),
            Concept(
                id="ministry-of-information-and-communications",
                vi=(Term("Bộ Thông tin và Truyền thông"),),
                en=(Term("Ministry of Information and Communications"),),
                abbr_en=("MIC",),
            ),
        ]
    )
    assert rules(Checker(glossary, rules=FORMAL), vi, en, vi_is_source=False) == expected


def test_a_vietnamese_source_keeps_its_acronyms_to_the_term_rules(checker: Checker) -> None:
    assert rules(checker, "Ủy ban nhân dân (UBND) họp.", "The People's Committee met.") == []


def test_target_and_source_consistency_across_a_file() -> None:
    checker = Checker(make_glossary([]), rules={"target-inconsistent", "source-inconsistent"})
    pairs = [
        SegmentPair("a", "Chính phủ quy định chi tiết.", "The Government shall detail.", "f", 1),
        SegmentPair("b", "Chính phủ  quy định chi tiết.", "The Government shall detail.", "f", 2),
        SegmentPair("c", "Chính phủ quy định chi tiết.", "The Government details it.", "f", 3),
        SegmentPair("d", "Chính phủ hướng dẫn.", "The Government shall detail.", "f", 4),
        SegmentPair("e", "Chính phủ quy định chi tiết.", "The Government details it.", "g", 1),
    ]
    report = check_pairs(pairs, checker)
    found = {(f.rule, f.segment): f for f in report.findings}
    assert set(found) == {("target-inconsistent", "c"), ("source-inconsistent", "d")}
    target = found[("target-inconsistent", "c")]
    assert [(r.count, r.segments) for r in target.renderings] == [(2, ("a", "b")), (1, ("c",))]
    assert target.renderings[1].term == "The Government details it."
    assert ("f", "c") in report.views  # the report can show the segment


def _concept(cid: str, vi: str, en: str) -> Concept:
    return Concept(cid, (Term(vi),), (Term(en),))


def test_a_nested_concept_is_satisfied_by_the_longer_ones_rendering() -> None:
    glossary = make_glossary(
        [
            _concept("cyberterrorism", "khủng bố mạng", "cyberterrorism"),
            _concept("terrorism", "khủng bố", "terrorism"),
        ]
    )
    checker = Checker(glossary)
    rule = TermMissing(checker._run)
    pair = SegmentPair("x", "chống khủng bố mạng", "against cyberterrorism", "f", 1)
    segment = checker.segment(pair)
    # Hand-built overlapping matches, as an aligner recording nested concepts gives them.
    entries = {checker.aligner.entries[i].concept: i for i in range(len(checker.aligner.entries))}
    located = (
        (6, 19, entries["cyberterrorism"], "exact", 1.0),
        (6, 14, entries["terrorism"], "exact", 1.0),
    )
    nested = Segment(
        pair,
        segment.vi,
        segment.en,
        located,
        segment.concept_of,
        "",
        checker.english.locate_all_in(segment.en, {"cyberterrorism", "terrorism"}),
        unrendered=(("terrorism", 6, 14),),
    )
    assert list(rule.segment(nested)) == []
    alone = Segment(
        pair,
        segment.vi,
        segment.en,
        located[1:],
        segment.concept_of,
        "",
        {},
        unrendered=(("terrorism", 6, 14),),
    )
    assert [f.concept for f in rule.segment(alone)] == ["terrorism"]


def test_english_sources_differing_in_inflection_share_a_vietnamese_target() -> None:
    checker = Checker(make_glossary([]), rules={"source-inconsistent"})
    vi = "Vui lòng thử lại sau %minutes% phút."

    def pair(n: int, en: str) -> SegmentPair:
        return SegmentPair(str(n), vi, en, "f", n, False)

    plural = [pair(1, "Try again in %minutes% minute."), pair(2, "Try again in %minutes% minutes.")]
    assert check_pairs(plural, checker).findings == ()
    other = [
        pair(1, "Try again in %minutes% minute."),
        pair(2, "Try again after %minutes% minutes."),
    ]
    assert [f.rule for f in check_pairs(other, checker).findings] == ["source-inconsistent"]


def test_tag_mismatch_names_tags_as_written() -> None:
    # compared by name, kind and id; shown as a tag, not as an internal key
    checker = Checker(make_glossary([]), rules={"tag-mismatch"})
    vi = 'Nhấn <g id="1" ctype="bold">OK</g> <x id="2"/>.'
    pair = SegmentPair("x", vi, "Press OK.", "t.xlf", 1, True)
    (finding,) = check_pairs([pair], checker).findings
    assert finding.message == 'tags differ: the target lacks “<g id="1">”, “</g>”, “<x id="2"/>”'
