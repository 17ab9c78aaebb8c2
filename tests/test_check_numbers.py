"""number-mismatch: the numbers and dates of both sides compared as sets (check/numbers.py)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from normcorpus.check import Checker, check_pairs, numbers
from normcorpus.formats.bilingual import SegmentPair
from normcorpus.glossary import make_glossary


@pytest.fixture(scope="module")
def checker() -> Checker:
    return Checker(make_glossary([]), rules={"number-mismatch"})


def mismatches(
    checker: Checker, vi: str, en: str, *, vi_is_source: bool = True
) -> tuple[list[str], list[str]]:
    """(what the source writes that the target lacks, what the target adds)."""
    pair = SegmentPair("x", vi, en, "t.tsv", 1, vi_is_source)
    found = check_pairs([pair], checker).findings
    assert len(found) <= 1  # one finding a segment
    return (
        [x for f in found if f.expected for x in f.expected.split("; ")],
        [x for f in found if f.found for x in f.found.split("; ")],
    )


@pytest.mark.parametrize(
    ("vi", "en", "missing", "added"),
    [
        # dates in the usual forms
        ("ngày 12/6/2018", "on 12 June 2018", [], []),
        ("ngày 12/6/2018", "on June 12, 2018", [], []),
        ("ngày 12/6/2018", "on 2018-06-12", [], []),
        ("ngày 12/6/2018", "on the 12th of June 2018", [], []),
        ("ngày 12/6/2018", "on 6/12/2018", [], []),
        ("ngày 12 tháng 6 năm 2018", "on 12 June 2018", [], []),
        ("tháng 6 năm 2018", "in June 2018", [], []),
        ("ngày 12/6/2018", "on 12 July 2018", ["12/6/2018"], ["12 July 2018"]),
        ("ngày 12/6/2018", "on 12 June 2019", ["12/6/2018"], ["12 June 2019"]),
        ("ngày 12/6/2018", "in June 2018", ["12/6/2018"], []),
        ("tháng 6/2018", "in May 2018", ["tháng 6/2018"], ["May 2018"]),
        # a date's year may stand elsewhere in the segment
        ("Từ ngày 16 tháng 5 đến ngày 29 tháng 6 năm 2006", "from May 16 to June 29, 2006", [], []),
        ("ngày 5/5/2018", "States may 5 times", ["5/5/2018"], []),
        # numbers, separators of either language, words
        ("Điều 5 và khoản 2", "Article 5 and paragraph 2", [], []),
        ("Điều 5 và khoản 2", "Article 5", ["2"], []),
        ("1.000 người", "1,000 people", [], []),
        ("1.500 người", "fifteen hundred people", [], []),
        ("1.500 người", "1500 people", [], []),
        ("1.500 người", "1.5 people", ["1.500"], ["1.5"]),
        ("2,5 triệu", "2.5 million", [], []),
        ("2,5 triệu", "2,500,000", [], []),
        ("10 quốc gia", "ten States", [], []),
        ("mười quốc gia", "10 States", [], []),
        ("một nghìn năm trăm người", "1,500 people", [], []),
        ("lần thứ 32", "the 32nd", [], []),
        ("lần thứ ba mươi hai", "the 32nd", [], []),
        ("tăng 15%", "rising", ["15"], []),
        ("tăng", "rising by 15%", [], ["15"]),
        # enumerations and ranges
        ("các khoản 1, 2, 3, 4 và 5", "Clauses 1 through 5", [], []),
        ("các khoản 1, 2, 3, 4 và 5", "Clauses 1 to 5", [], []),
        ("các khoản 1, 2, 3, 4 và 5", "Clauses 1–5", [], []),
        ("từ khoản 1 đến khoản 5", "Clauses 1, 2, 3, 4 and 5", [], []),
        ("các khoản 1, 2, 3 và 5", "Clauses 1 to 5", [], []),
        ("các khoản 1, 2, 3, 4 và 6", "Clauses 1 to 5", ["6"], ["5"]),
        ("khoản 1 và 5", "clauses 1 to 5", [], []),
        # Roman numerals after a chapter word
        ("Chương II", "Chapter II", [], []),
        ("Chương II", "Chapter 2", [], []),
        ("Chương IV", "Chapter V", ["IV"], ["V"]),
        ("Khóa XI", "the 11th Legislature", [], []),
        # identifiers, versions, code and links are not numbers
        ("Luật số 67/2006/QH11", "Law No. 67/2006/QH11", [], []),
        ("hỗ trợ i18n", "supports internationalisation", [], []),
        ("phiên bản 1.2.3", "version one", [], []),
        ("Xem https://example.org/a1/2", "See the site", [], []),
        ("Giá trị {0} và %1$s", "Values {0} and %1$s", [], []),
        ("dịch COVID-19", "the pandemic", [], []),
        ("mạng 5G", "5G networks", [], []),
        # footnote references of a published translation are not numbers
        ("LUẬT AN NINH MẠNG", "LAW ON CYBER SECURITY[2]", [], []),
        ("không gây phương hại đến", "will not cause harm to [infringe][1]national", [], []),
        ("gây thiệt hại.", "causes damage.[12]", [], []),
        ("Điều 5", "Article [5]", [], []),
        ("Điều 5", "Article 5 [6]", [], ["6"]),
    ],
)
def test_number_sets(
    checker: Checker, vi: str, en: str, missing: list[str], added: list[str]
) -> None:
    assert mismatches(checker, vi, en) == (missing, added)


def test_the_direction_decides_what_is_missing_and_what_is_added(checker: Checker) -> None:
    # An English→Vietnamese file: the English is the source.
    assert mismatches(checker, "Điều 5", "Article 5 and 6", vi_is_source=False) == (["6"], [])
    assert mismatches(checker, "Điều 5 và 6", "Article 5", vi_is_source=False) == ([], ["6"])


def test_source_numbers_are_ascii_digits() -> None:
    # Digits of other scripts are not read.
    assert numbers.read("khoản \uff12 và \u0663", "vi").written == ()
    assert [q.text for q in numbers.read("khoản 2 và \uff13", "vi").written] == ["2"]


@pytest.mark.parametrize(
    ("text", "lang", "value"),
    [
        ("fifteen hundred", "en", 1500),
        ("two thousand five hundred", "en", 2500),
        ("one hundred and twenty", "en", 120),
        ("twenty-five", "en", 25),
        ("mười lăm", "vi", 15),
        ("hai mươi mốt", "vi", 21),
        ("một trăm linh năm", "vi", 105),
        ("một nghìn năm trăm", "vi", 1500),
        ("hai triệu", "vi", 2_000_000),
    ],
)
def test_numbers_in_words(text: str, lang: str, value: int) -> None:
    assert str(value) in numbers.spelled(text, lang)


_PIECES = [
    "ngày 12/6/2018", "12 June 2018", "tháng 6/2018", "1.500", "1,500", "2,5", "2.5",
    "Điều 5", "khoản 1, 2 và 3", "1 to 5", "Chương II", "Chapter IV", "i18n", "v1.2.3",
    "{0}", "%s", "http://x.org/1", "mười lăm", "fifteen", "may", "May 5", "32nd", "-", "/",
    "ngày", "tháng", "năm", ",", ".", "Ünïcode ٣",
]  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.sampled_from(_PIECES), max_size=6).map(" ".join),
    st.lists(st.sampled_from(_PIECES), max_size=6).map(" ".join),
)
def test_a_text_says_what_it_writes_and_reading_never_fails(a: str, b: str) -> None:
    for lang in ("vi", "en"):
        reading = numbers.read(a + " " + b, lang)
        for quantity in reading.written:
            assert numbers.said(quantity, reading, a + " " + b, lang), quantity


@pytest.mark.parametrize(
    ("text", "lang", "written"),
    [
        # every month name is found, also where two names' beginnings overlap
        ("from 3 Jun to 5 Nov 2018", "en", ["3 Jun", "5 Nov 2018"]),
        ("on 3 junov 2018", "en", ["3", "2018"]),  # no month name: `nov` is inside a word
        ("in Sept. and 12 December", "en", ["Sept.", "12 December"]),
        # the run glued after a number: identifiers and versions are no numbers
        ("tệp file2.txt, bản 1.2.3, QH11, 5km và 12", "vi", ["5", "12"]),
        ("mã 67/2006/QH11 và 2018", "vi", ["2018"]),
        ("giá 1.500,5 đồng", "vi", ["1.500,5"]),
        # a chapter word before a Roman numeral, in either case
        ("CHƯƠNG IV và Chương II", "vi", ["IV", "II"]),
        ("Chapter X", "en", ["X"]),
        ("Vietnam and Xbench", "en", []),
        # numerals matched where a chapter word begins: none inside a word, one after another
        ("SubChapter II, Chapter IIIa, Part IV Part V", "en", ["IV", "V"]),
        ("Phụ lục II và CTChương III", "vi", ["II"]),
        # glued on after a date: digits and glue only (a date), or a letter (an identifier)
        ("ngày 12/6/2018. và 3-4-2019/5", "vi", ["12/6/2018", "3-4-2019", "5"]),
        ("mã 12-A1 và 7", "vi", ["7"]),
        # a day before a month name, the window's first digit not its day
        ("Items 1 and 2, on 23 June", "en", ["23 June", "1", "2"]),
    ],
)
def test_what_a_side_writes(text: str, lang: str, written: list[str]) -> None:
    assert [q.text for q in numbers.read(text, lang).written] == written


def test_numerals_are_found_where_the_patterns_scan_finds_them() -> None:
    # `_romans` (matched at a chapter word's first letters) is `roman.finditer`.
    for lang, text in [
        ("en", "Part IV, PART V; SubPart II; Chapter XIV Chapter IX, Annex L and Title I"),
        ("vi", "Chương II, CHƯƠNG III, Mục IV, Phụ lục V, Phần X, Tiết MCM và Khoá I"),
    ]:
        p = numbers._patterns(lang)
        spans = [m.span(1) for m in p.roman.finditer(text)]
        assert [m.span(1) for m in numbers._romans(text, p)] == spans and len(spans) > 4


@pytest.mark.parametrize(
    ("vi", "en", "message"),
    [
        # a number written wrong is one mistake, said once (as Xbench says it)
        (
            "Điều 5 và khoản 2",
            "Article 6 and paragraph 2",
            "the number “5” of the source is not in the target, which has “6” instead",
        ),
        (
            "Điều 5, khoản 7 ngày 12/6/2018",
            "Article 6, paragraph 7",
            "the number “5” and date “12/6/2018” of the source are not in the target,"
            " which has “6” instead",
        ),
        ("Điều 5 và khoản 2", "Article 5", "the number “2” of the source is not in the target"),
        ("Điều 5", "Article 5 and 9", "the number “9” of the target is not in the source"),
        (
            "khoản 3 và khoản 4",
            "paragraphs 8 and 9",
            "the numbers “3”, “4” of the source are not in the target, which has “8”, “9” instead",
        ),
    ],
)
def test_one_finding_a_segment_names_what_is_lost_and_what_stands_instead(
    checker: Checker, vi: str, en: str, message: str
) -> None:
    pair = SegmentPair("x", vi, en, "t.tsv", 1, True)
    (finding,) = check_pairs([pair], checker).findings
    assert finding.message == message


@pytest.mark.parametrize(
    ("vi", "en", "vi_is_source", "missing", "added"),
    [
        # A program's month and weekday names (ownCloud's Vietnamese messages):
        # the name says the number Vietnamese writes, in either direction.
        ("Tháng 1", "January", False, [], []),
        ("Tháng 12", "December", True, [], []),
        ("Tháng 5", "May", False, [], []),
        ("Thứ 2", "Monday", False, [], []),
        ("Thứ 7", "Saturday", True, [], []),
        # ... its own number only
        ("Tháng 2", "January", False, [], ["Tháng 2"]),
        ("Thứ 3", "Monday", False, [], ["3"]),
        # `may` the verb is no month, nor is a name ever demanded
        ("Bạn có thể đi vào tháng 5", "You may go", True, ["tháng 5"], []),
        ("Thứ hai", "Monday", False, [], []),
    ],
)
def test_month_and_weekday_names_say_their_numbers(
    checker: Checker, vi: str, en: str, vi_is_source: bool, missing: list[str], added: list[str]
) -> None:
    assert mismatches(checker, vi, en, vi_is_source=vi_is_source) == (missing, added)
