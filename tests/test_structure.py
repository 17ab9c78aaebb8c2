"""structure.py: legal structure in its real spellings, headings, notes, closing, signature."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

from conftest import REALTEXTS as SHARED_REALTEXTS
from normcorpus import segment, structure
from normcorpus.models import Document, DocumentMeta, Span

REALTEXTS = SHARED_REALTEXTS or Path("no-realtexts")  # absent: the tests that read it skip


def track(*paragraphs: str) -> list[dict[str, str]]:
    tracker = structure.Tracker()
    return [tracker.update(p).to_dict() for p in paragraphs]


ARTICLE = "Điều 4. Giải thích từ ngữ"

# (paragraphs, the structure of the last one)
SPELLINGS = [
    # articles: with a dot, a colon, no space, no dot at all (then a title or the next number)
    ((ARTICLE, "Điều 5 Chính sách của Nhà nước"), {"article": "5", "kind": "heading"}),
    (("Điều 2.Đối tượng áp dụng",), {"article": "2", "kind": "heading"}),
    (("Điều 24:Nguyên tắc ứng dụng",), {"article": "24", "kind": "heading"}),
    (("Điều 12a. Quy định bổ sung",), {"article": "12a", "kind": "heading"}),
    # without a dot: a label where a title follows or the number comes next
    ((ARTICLE, "Điều 6 Trách nhiệm thi hành:"), {"article": "4"}),
    ((ARTICLE, "Điều 5 Trách nhiệm thi hành:"), {"article": "5", "kind": "heading"}),
    # … but a reference that opens a sentence is not a label
    ((ARTICLE, "Điều 5 được sửa đổi như sau:"), {"article": "4"}),
    # codification numbers are the article's id
    (("Điều 3.1.LQ.1. Phạm vi điều chỉnh",), {"article": "3.1.LQ.1", "kind": "heading"}),
    (("Điều 1.11.NĐ.1.3. Giải thích từ ngữ",), {"article": "1.11.NĐ.1.3", "kind": "heading"}),
    (("Điều 3.1.TT.8.1.",), {"article": "3.1.TT.8.1", "kind": "heading"}),
    # khoản: `N.`, `N.Text`, `N..Text`, and `N Text` where it is the next number
    ((ARTICLE, "1.Công nghệ thông tin là …"), {"article": "4", "clause": "1"}),
    ((ARTICLE, "2..Thông tin số là …"), {"article": "4", "clause": "2"}),
    ((ARTICLE, "4.. Cơ sở hạ tầng thông tin là …"), {"article": "4", "clause": "4"}),
    ((ARTICLE, "1 Xây dựng và sử dụng cơ sở hạ tầng."), {"article": "4", "clause": "1"}),
    ((ARTICLE, "1. Một.", "2 Hai."), {"article": "4", "clause": "2"}),
    # … but not a number that is not the next khoản, nor one before a small letter,
    # nor a decimal
    ((ARTICLE, "1. Một.", "3 Ba."), {"article": "4", "clause": "1"}),
    ((ARTICLE, "2 năm sau, …"), {"article": "4"}),
    ((ARTICLE, "2.5 triệu đồng là mức …"), {"article": "4"}),
    # điểm: `a)`, `đ)`, `c)Text`
    ((ARTICLE, "1. Một:", "đ) Năm;"), {"article": "4", "clause": "1", "point": "đ"}),
    (
        (ARTICLE, "1. Một:", "c)Kiểm định chất lượng."),
        {"article": "4", "clause": "1", "point": "c"},
    ),
    # `a.` where the letter comes next
    ((ARTICLE, "1. Một:", "a. Đáp ứng yêu cầu;"), {"article": "4", "clause": "1", "point": "a"}),
    ((ARTICLE, "1. Một:", "a) Một;", "b. Hai;"), {"article": "4", "clause": "1", "point": "b"}),
    ((ARTICLE, "1. Một:", "a) Một;", "c. Ba;"), {"article": "4", "clause": "1", "point": "a"}),
    # chapters in Roman or Arabic numerals, in any case; a title on the next line
    (("CHƯƠNG II",), {"chapter": "II", "kind": "heading"}),
    (("Chương 3. QUẢN LÝ",), {"chapter": "3", "kind": "heading"}),
    (("Chương I", "NHỮNG QUY ĐỊNH CHUNG"), {"chapter": "I", "kind": "heading"}),
    (("Chương I", "Luật này quy định về công nghệ thông tin."), {"chapter": "I"}),
    (("Chương trình hành động quốc gia.",), {}),
    # an article label alone (a Markdown copy's `### Điều 1.`): the next line is its
    # title, and a title ending in a word a number follows (`lần`) does not hold
    # back the khoản 1 after it
    (("Điều 1.", "Phạm vi điều chỉnh"), {"article": "1", "kind": "heading"}),
    (
        ("Điều 4.", "Quy định về mức phạt tiền tối đa, vi phạm hành chính nhiều lần", "1. Mức"),
        {"article": "4", "clause": "1"},
    ),
    (("Điều 1.", "Luật này quy định về công nghệ thông tin."), {"article": "1"}),
    # a point after a list's dash (a web page's list, a scan's speck)
    ((ARTICLE, "1. Một:", "a) Một;", "— b) Hai;"), {"article": "4", "clause": "1", "point": "b"}),
    ((ARTICLE, "1. Một:", "- a) Một;"), {"article": "4", "clause": "1", "point": "a"}),
    ((ARTICLE, "1. Một:", "- Một ý;"), {"article": "4", "clause": "1"}),
    # sections, inside a chapter only
    (("Chương II", "Mục 1: QUY ĐỊNH CHUNG"), {"chapter": "II", "section": "1", "kind": "heading"}),
    (("Mục 2 của Nghị định này quy định …",), {}),
    # a word that starts like a label
    ((ARTICLE, "Điều kiện kinh doanh thực hiện theo Luật."), {"article": "4"}),
    # a label followed by a whole sentence is body text, still in the article
    (
        ("Điều 1. Luật này quy định về công nghệ thông tin. Luật áp dụng cho mọi tổ chức.",),
        {"article": "1"},
    ),
]


@pytest.mark.parametrize(("paragraphs", "expected"), SPELLINGS)
def test_spellings(paragraphs: tuple[str, ...], expected: dict[str, str]) -> None:
    assert track(*paragraphs)[-1] == expected


def test_notes_of_a_codification() -> None:
    assert track(
        "Điều 3.1.LQ.1. Phạm vi điều chỉnh",
        "(Điều 1 Luật số 86/2015/QH13 An toàn thông tin mạng ngày 19/11/2015 của Quốc hội)",
        "Luật này quy định về hoạt động an toàn thông tin mạng.",
        "(Điều này có nội dung liên quan đến Điều 3.3.TT.38.8. Tiêu chí bảo đảm an toàn)",
    ) == [
        {"article": "3.1.LQ.1", "kind": "heading"},
        {"article": "3.1.LQ.1", "kind": "source-note"},
        {"article": "3.1.LQ.1"},
        {"article": "3.1.LQ.1", "kind": "note"},
    ]


def test_notes_and_attachments_belong_to_the_unit_they_name() -> None:
    assert track(
        "Chương II",
        "(Chương này có nội dung liên quan đến Điều 37.5.NQ.3.11. Bảo đảm an ninh)",
        "Điều 3.1.TT.3.9. Hồ sơ",
        "(Điều 9 Thông tư số 03/2017/TT-BTTTT)",
        "1. Một:",
        "a) Một.",
        "(Điều này có nội dung liên quan đến Điều 3.1.LQ.42. Điều kiện cấp Giấy phép)",
        "Phụ lục I.doc",
        "(Khoản này được sửa đổi)",
    )[1:] == [
        {"chapter": "II", "kind": "note"},
        {"chapter": "II", "article": "3.1.TT.3.9", "kind": "heading"},
        {"chapter": "II", "article": "3.1.TT.3.9", "kind": "source-note"},
        {"chapter": "II", "article": "3.1.TT.3.9", "clause": "1"},
        {"chapter": "II", "article": "3.1.TT.3.9", "clause": "1", "point": "a"},
        {"chapter": "II", "article": "3.1.TT.3.9", "kind": "note"},
        {"chapter": "II", "article": "3.1.TT.3.9", "kind": "attachment"},
        {"chapter": "II", "article": "3.1.TT.3.9", "clause": "1", "kind": "note"},
    ]


def test_closing_formula_and_signature_end_the_last_khoan() -> None:
    assert track(
        "Chương VI",
        "Điều 79. Hướng dẫn thi hành",
        "1. Chính phủ quy định chi tiết và hướng dẫn thi hành Luật này.",
        "Luật này đã được Quốc hội nước Cộng hòa xã hội chủ nghĩa Việt Nam khóa XI, kỳ họp thứ 9"
        " thông qua ngày 29 tháng 6 năm 2006.",
        "CHỦ TỊCH QUỐC HỘI",
        "Nguyễn Phú Trọng",
    )[2:] == [
        {"chapter": "VI", "article": "79", "clause": "1"},
        {"kind": "closing"},
        {"kind": "signature"},
        {"kind": "signature"},
    ]


def test_a_signature_block_without_closing_formula() -> None:
    assert (
        track(
            "Điều 5. Trách nhiệm thi hành",
            "Các Bộ trưởng chịu trách nhiệm thi hành Nghị định này.",
            "Nơi nhận:",
            "- Như Điều 5;",
            "- Lưu: VT.",
            "TM. CHÍNH PHỦ",
            "THỦ TƯỚNG",
            "Nguyễn Xuân Phúc",
        )[2:]
        == [{"kind": "signature"}] * 6
    )


def test_a_letterhead_is_no_signature() -> None:
    # openers count only once the text has had an article
    assert track("BỘ TRƯỞNG BỘ CÔNG AN", "Căn cứ Luật An ninh mạng;") == [{}, {}]


def test_khoan_numbering_restarts_in_each_article_and_articles_run_on() -> None:
    assert track("Điều 1. Một", "1. Một.", "2 Hai.", "Chương II", "Điều 2 Hai", "1 Một.", "2 Hai.")[
        -3:
    ] == [
        {"chapter": "II", "article": "2", "kind": "heading"},
        {"chapter": "II", "article": "2", "clause": "1"},
        {"chapter": "II", "article": "2", "clause": "2"},
    ]


@pytest.mark.parametrize(
    ("piece", "label"),
    [("1.", True), ("2..", True), ("Điều 1.", True), ("Điều 3.1.LQ.1.", True), ("a)", True),
     ("Điều 1. Phạm vi", False), ("Xin chào.", False)],
)  # fmt: skip
def test_is_label(piece: str, label: bool) -> None:
    assert structure.is_label(piece) is label


def test_rules_are_data() -> None:
    rules = structure.load_structure_rules()
    assert [r.level for r in rules.levels] == ["chapter", "section", "article", "clause", "point"]
    assert rules.headings == ("chapter", "section", "article")
    assert len(rules.digest) == 64


# --- through segment(): units stay whole --------------------------------------------


def document(*paragraphs: str) -> Document:
    text = "\n".join(paragraphs)
    spans, start = [], 0
    for paragraph in paragraphs:
        spans.append(Span(start, start + len(paragraph)))
        start += len(paragraph) + 1
    return Document("luat", "luat.txt", text, tuple(spans), DocumentMeta(), "0" * 64)


def test_headings_notes_and_signatures_are_one_unit_each() -> None:
    paragraphs = (
        "Điều 3.1.LQ.1. Phạm vi điều chỉnh",
        "(Điều 1 Luật số 86/2015/QH13 An toàn thông tin mạng ngày 19/11/2015 của Quốc hội,"
        " có hiệu lực thi hành kể từ ngày 01/07/2016)",
        "Luật này quy định về hoạt động an toàn thông tin mạng. Luật áp dụng cho mọi tổ chức.",
        "Luật này đã được Quốc hội thông qua ngày 19 tháng 11 năm 2015.",
        "CHỦ TỊCH QUỐC HỘI",
    )
    clauses = list(segment.segment(document(*paragraphs)))
    by_para = Counter(c.para for c in clauses)
    assert by_para == {1: 1, 2: 1, 3: 2, 4: 1, 5: 1}
    assert [c.text for c in clauses if c.para in (1, 2)] == list(paragraphs[:2])
    assert [c.structure.kind for c in clauses] == [
        "heading", "source-note", None, None, "closing", "signature"
    ]  # fmt: skip


# --- the real texts (a slice of `make eval`) -------------------------------------------


_GOLD = (
    ("article", re.compile(r"Điều\s+(\d+[a-z]?(?:\.\d+)*(?:\.[A-ZĐ]{1,4}(?:\.\d+)+)?)")),
    ("clause", re.compile(r"(\d+)\s*\.*\s*(?!\d)\S")),
    ("point", re.compile(r"([a-zđ])\s*\)")),
)


def _gold(line: str, in_article: bool) -> tuple[str, str] | None:
    """The unit a line opens, from its form alone (independent of structure.py)."""
    for level, pattern in _GOLD:
        if (match := pattern.match(line)) and (level == "article" or in_article):
            return level, match.group(1)
    return None


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("itlaw-2006-67-2006-qh11.vi.txt", {"article": 79, "clause": 261, "point": 120}),
        ("phapdien-3.1-an-toan-thong-tin-mang.txt", {"article": 293, "clause": 938, "point": 766}),
    ],
)
def test_every_numbered_unit_of_the_real_laws(name: str, expected: dict[str, int]) -> None:
    path = REALTEXTS / name
    if not path.exists():
        pytest.skip(f"{path} is not here (the shared real texts)")
    lines = [line for line in path.read_text(encoding="utf-8-sig").split("\n") if line.strip()]
    tracker = structure.Tracker()
    units: Counter = Counter()
    right: Counter = Counter()
    in_article = False
    for line in lines:
        found = tracker.update(line).to_dict()
        gold = _gold(line, in_article)
        in_article = in_article or (gold is not None and gold[0] == "article")
        if gold is not None:
            level, label = gold
            units[level] += 1
            deeper = ("clause", "point")[("article", "clause", "point").index(level) :]
            right[level] += found.get(level) == label and not any(d in found for d in deeper)
    assert units == expected  # the counts checked by hand on the texts
    assert right == expected


@pytest.mark.parametrize(
    ("paragraphs", "kinds"),
    [
        # real (a draft decree on cybersecurity, 2018): a chapter's and a section's
        # title in capitals over two lines
        (
            (
                "Chương II",
                "XÁC LẬP DANH MỤC, CƠ CHẾ PHỐI HỢP, ĐIỀU KIỆN",
                "BẢO VỆ HỆ THỐNG THÔNG TIN QUAN TRỌNG VỀ AN NINH QUỐC GIA",
                "MỤC 1",
                "XÁC LẬP DANH MỤC",
                "HỆ THỐNG THÔNG TIN QUAN TRỌNG VỀ AN NINH QUỐC GIA",
                "Điều 3. Căn cứ xác lập",
            ),
            ["heading"] * 7,
        ),
        # a title in sentence case is one line; text after it is text
        (
            ("Chương I", "Những quy định chung", "Quy định về an ninh mạng"),
            ["heading"] * 2 + [None],
        ),
        # a capitals title does not take the sentence after it
        (
            ("Chương I", "NHỮNG QUY ĐỊNH CHUNG", "Luật này quy định về an ninh mạng"),
            ["heading", "heading", None],
        ),
    ],
)
def test_a_title_in_capitals_over_lines_is_the_heading(
    paragraphs: tuple[str, ...], kinds: list[str | None]
) -> None:
    assert [unit.get("kind") for unit in track(*paragraphs)] == kinds


def test_units_glued_to_the_sentence_before_in_a_real_codification_copy() -> None:
    # eval/texts (free to copy): codification topic 1.11 as a public HTML copy
    # extracts it, two article headings and two notes glued to a full stop.
    from normcorpus import read

    path = Path(__file__).resolve().parents[1] / "eval/texts/phapdien-1.11-an-ninh-mang-excerpt.txt"
    clauses = list(segment.segment(read.read_document(path)))
    headings = [c.structure.article for c in clauses if c.structure.kind == "heading"]
    assert headings == [f"1.11.LQ.{n}" for n in range(3, 9)]
    notes = [c.text[:30] for c in clauses if c.structure.kind in ("note", "source-note")]
    assert len(notes) == 8 and all(n.startswith("(Điều") for n in notes)


def test_an_appendix_after_the_signature_belongs_to_no_unit() -> None:
    # A decree's appendices follow its signature block (the shape of Nghị định
    # 81/2021/NĐ-CP, whose appendices are forms and tables): the appendix label
    # ends the signature block; its title, note and text belong to no unit.
    units = track(
        "Điều 22. Trách nhiệm thi hành",
        "2. Các Bộ trưởng chịu trách nhiệm thi hành Nghị định này./.",
        "Nơi nhận:",
        "- Lưu: VT, KGVX (2b).\tTM. CHÍNH PHỦ",
        "KT. THỦ TƯỚNG",
        "Vũ Đức Đam",
        "PHỤ LỤC I",
        "DANH MỤC CÁC NGÀNH ĐÀO TẠO",
        "(Kèm theo Nghị định số 81/2021/NĐ-CP ngày 27 tháng 8 năm 2021 của Chính phủ)",
        "1. Khối ngành I: Khoa học giáo dục và đào tạo giáo viên",
        "PHỤ LỤC II. MẪU ĐƠN",
        "Phụ lục này áp dụng cho cơ sở giáo dục công lập và tư thục trên cả nước từ năm học 2022.",
    )
    assert [u.get("kind") for u in units[2:]] == (
        ["signature"] * 4 + ["heading", "heading", "note", None, "heading", None]
    )
    assert all(set(u) <= {"kind"} for u in units[2:])  # no unit in force
    # before the body ends, an appendix line is not taken for one
    assert track("Điều 1. Phạm vi", "PHỤ LỤC I")[1] == {"article": "1"}


def test_a_wrapped_paragraph_is_read_as_one_line() -> None:
    # a copy that keeps the wrap's line breaks (Word's HTML with its tags taken
    # out): the closing formula and the signer's capacity over two lines
    found = track(
        "Điều 38. Quy định chi tiết",
        "Luật này đã được Quốc hội nước\nCộng hòa xã hội chủ nghĩa Việt Nam khóa XIII,"
        " kỳ họp thứ 2 thông qua ngày 26\ntháng 11 năm 2011.",
        "CHỦ\n  TỊCH QUỐC HỘI",
        "Nguyễn Sinh Hùng",
    )
    assert [f.get("kind") for f in found[1:]] == ["closing", "signature", "signature"]


# --- the masthead -------------------------------------------------------------------

MASTHEAD = (
    "QUỐC HỘI",
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
    "Độc lập - Tự do - Hạnh phúc",
    "Luật số: 67/2006/QH11",
    "Hà Nội, ngày 29 tháng 6 năm 2006",
    "Khóa XI, kỳ họp thứ 9",
    "(Từ ngày 16 tháng 5 đến ngày 29 tháng 6 năm 2006)",
    "LUẬT",
    "CÔNG NGHỆ THÔNG TIN",
)
RECITALS = ("Căn cứ vào Hiến pháp năm 1992;", "Luật này quy định về công nghệ thông tin.")


def test_a_laws_masthead_is_its_header_up_to_the_first_sentence() -> None:
    paragraphs = (*MASTHEAD, *RECITALS, "Chương I", "Điều 1. Phạm vi điều chỉnh")
    assert structure.masthead(paragraphs) == range(len(MASTHEAD))
    clauses = list(segment.segment(document(*paragraphs)))
    kinds = [c.structure.kind for c in clauses]
    assert kinds[: len(MASTHEAD)] == ["header"] * len(MASTHEAD)
    assert "header" not in kinds[len(MASTHEAD) :]


@pytest.mark.parametrize(
    "paragraphs",
    [
        # a statement: its title in capitals, a place and date, but no masthead line
        ("TUYÊN BỐ CHUNG VỀ AN NINH MẠNG", "Hà Nội, ngày 12 tháng 11 năm 2017", *RECITALS),
        # a codification without its topic label
        ("Mục lục", "An toàn thông tin mạng", "Chương I", "Điều 3.1.LQ.1. Phạm vi"),
        # the national title inside a sentence, or in a statement's title
        ("Việt Nam và Nga ký tuyên bố.", "Nước CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM ủng hộ."),
        ("TUYÊN BỐ CHUNG GIỮA CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM VÀ LIÊN BANG NGA",),
        # masthead lines after the first article are no masthead
        ("Điều 1. Phạm vi", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"),
        # a sentence that opens citing a document's number (a news report, a statement):
        # the number's line of a masthead ends with it, a table's cell or the place and date
        (
            "Nghị định số: 53/2022/NĐ-CP quy định chi tiết một số điều của Luật An ninh mạng"
            " có hiệu lực từ ngày 01/10/2022.",
            "Theo đó, doanh nghiệp phải lưu trữ dữ liệu tại Việt Nam.",
        ),
        (
            "Tin tức",
            "Công văn số: 2290/BTTTT-CATTT ngày 17/7/2020 của Bộ Thông tin và Truyền thông"
            " hướng dẫn bảo đảm an toàn thông tin.",
        ),
    ],
)
def test_no_masthead_without_its_lines_before_the_body(paragraphs: tuple[str, ...]) -> None:
    assert structure.masthead(paragraphs) == range(0)


def test_a_pages_headline_above_the_masthead_is_not_its_issuer() -> None:
    paragraphs = ("Luật An ninh mạng 2025", "LUẬT AN NINH MẠNG NĂM 2025", "QUỐC HỘI", *MASTHEAD[1:])
    # the issuer: at most two lines in capitals before the national title
    assert structure.masthead(paragraphs) == range(1, len(paragraphs))
    assert structure.masthead(("Luật An ninh mạng 2025", *MASTHEAD)) == range(1, 1 + len(MASTHEAD))
    # the issuer beside the national title on one line (a two-column masthead read as one)
    one_line = ("Tin mới", "CHÍNH PHỦ CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", *MASTHEAD[2:4])
    assert structure.masthead(one_line) == range(1, 4)


def test_a_decrees_title_in_sentence_case_and_a_stray_stop_stay_in_the_masthead() -> None:
    paragraphs = (
        "CHÍNH PHỦ",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Số: 284/2026/NĐ-CP Hà Nội, ngày 16 tháng 7 năm 2026",
        ". NGHỊ ĐỊNH",
        "Quy định xử phạt vi phạm hành chính về tài sản mã hóa\nvà thị trường tài sản mã hóa",
        "Căn cứ Luật Tổ chức Chính phủ số 63/2025/QH15;",
    )
    assert structure.masthead(paragraphs) == range(6)


def test_a_signers_capacity_in_capitals_opens_the_signature() -> None:
    # `QUỐC HỘI`'s capitals are no lower-case letters (a range `à-ỹ` took them for some)
    assert track(
        "Điều 5. Trách nhiệm thi hành",
        "Chính phủ thi hành Luật này.",
        "CHỦ TỊCH QUỐC HỘI",
        "Nguyễn Phú Trọng",
    )[2:] == [{"kind": "signature"}, {"kind": "signature"}]


@pytest.mark.parametrize(
    "number",
    [
        "Luật số: 67/2006/QH11",
        "Số: 11/VBHN-VPQH",
        "  số: 05/2011/QH13",
        "Số: 284/2026/NĐ-CP Hà Nội, ngày 16 tháng 7 năm 2026",
        "Số: 12/2024/QĐ-UBND TP. Hồ Chí Minh, ngày 3 tháng 5 năm 2024",
        "|Luật số: 20/2023/QH15|*Hà Nội, ngày 22 tháng 6 năm 2023*|",
    ],
)
def test_a_documents_number_line_is_masthead_evidence(number: str) -> None:
    # (the national title left out: the number alone tells it)
    assert structure.masthead(("Tin mới", number, "NGHỊ ĐỊNH", *RECITALS)) == range(1, 3)


def test_a_codification_topics_label_and_name_are_its_header() -> None:
    paragraphs = ("Đề mục 3.1", "An toàn thông tin mạng", "Chương I", "NHỮNG QUY ĐỊNH CHUNG")
    assert structure.masthead(paragraphs) == range(2)


def test_an_untitled_articles_source_note_is_no_title() -> None:
    # `Điều 3.1.TT.8.2.` alone, then its source: the note, not the article's heading
    assert track(
        "Điều 3.1.TT.8.1. Phạm vi điều chỉnh",
        "Điều 3.1.TT.8.2.",
        "(Điều 2 Thông tư số 23/2022/TT-BQP, có hiệu lực thi hành kể từ ngày 20/05/2022)",
        "Thông tư này có hiệu lực thi hành kể từ ngày 20 tháng 5 năm 2022.",
    )[1:] == [
        {"article": "3.1.TT.8.2", "kind": "heading"},
        {"article": "3.1.TT.8.2", "kind": "source-note"},
        {"article": "3.1.TT.8.2"},
    ]


@pytest.mark.parametrize(
    ("fields", "cited"),
    [
        ({"chapter": "IV", "section": "4", "article": "72", "clause": "2", "point": "d"},
         "điểm d khoản 2 Điều 72"),
        ({"chapter": "I", "article": "3.1.LQ.1", "kind": "heading"}, "Điều 3.1.LQ.1"),
        # a chapter's or section's title: its section and chapter (was '')
        ({"chapter": "III", "kind": "heading"}, "Chương III"),
        ({"chapter": "IV", "section": "4", "kind": "heading"}, "Mục 4 Chương IV"),
        ({}, ""),
        ({"kind": "header"}, ""),
    ],
)  # fmt: skip
def test_a_clause_is_cited_as_a_lawyer_cites_it(fields: dict[str, str], cited: str) -> None:
    from normcorpus.models import Structure

    assert Structure.from_dict(fields).citation() == cited


def test_a_citation_with_its_outer_units() -> None:
    from normcorpus.models import Structure

    full = {"chapter": "II", "section": "1", "article": "23", "clause": "2", "point": "đ"}
    assert Structure.from_dict(full).citation(outer=True) == (
        "điểm đ khoản 2 Điều 23 (Mục 1, Chương II)"
    )
    # outside an article the section and chapter are the citation itself
    assert Structure.from_dict({"chapter": "III", "kind": "heading"}).citation(outer=True) == (
        "Chương III"
    )
    assert Structure.from_dict({"article": "5"}).citation(outer=True) == "Điều 5"
