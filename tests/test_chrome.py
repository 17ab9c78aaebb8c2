"""chrome.py: what on a page is not the statement, found by the rules in chrome.yaml.

The invariant under every test: each character of the text is whitespace, in a
statement paragraph, in the title line, or in a chrome span with a kind.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import REALTEXTS as SHARED_REALTEXTS
from normcorpus import chrome, read
from normcorpus.errors import InputError

CORPUS = Path(__file__).resolve().parent.parent / "corpus"
REALTEXTS = SHARED_REALTEXTS or Path("no-realtexts")  # absent: the tests that read it skip
RULES = chrome.load_rules()


def locate(text: str, **options: object) -> chrome.Located:
    located = chrome.locate(text, RULES, **options)  # type: ignore[arg-type]
    assert_covered(text, located)
    return located


def assert_covered(text: str, located: chrome.Located) -> None:
    """Every non-space character is in exactly one paragraph, title or chrome span."""
    owner = [0] * len(text)
    spans = [(p.start, p.end) for p in located.paragraphs]
    spans += [(c.start, c.end) for c in located.chrome]
    if located.title_span is not None:
        spans.append((located.title_span.start, located.title_span.end))
    for start, end in spans:
        for i in range(start, end):
            owner[i] += 1
    assert all(n <= 1 for n in owner), "spans overlap"
    lost = [i for i, c in enumerate(text) if not c.isspace() and not owner[i]]
    assert not lost, f"lost: {text[lost[0] : lost[0] + 40]!r}"


def paragraphs(text: str, located: chrome.Located) -> list[str]:
    return [text[p.start : p.end] for p in located.paragraphs]


def chrome_of(text: str, located: chrome.Located) -> list[tuple[str, str]]:
    return [(c.kind, text[c.start : c.end]) for c in located.chrome]


# --- a news page -------------------------------------------------------------------

PAGE = """\
Thế giới
Tiêu đề bài báo về an ninh mạng
Diễn đàn - Ngày đăng : 22:52, 29/04/2018
TPO - Đoạn một của tuyên bố về an ninh mạng.>>>Bài khác về chủ đề này
Tin liên quan
-
Kinh tế Việt Nam
Một tin khác
20:28' - 10/11/2017
Mô tả tin khác, vẫn trong danh sách.

Đoạn hai của tuyên bố.
Toàn cảnh hội nghị tại Hà Nội. (Ảnh: Doãn Tấn/TTXVN)
Nghị sỹ và học giả đánh giá cao vai trò của ASEANViệt Nam và ASEAN: chặng đường phía trước
Theo TTXVN
(TTXVN/Vietnam+)
Tin cùng chuyên mục
-
Kinh tế Việt Nam
Tin cuối cùng
"""


def test_a_news_page() -> None:
    located = locate(PAGE)
    assert located.news
    assert paragraphs(PAGE, located) == [
        "Đoạn một của tuyên bố về an ninh mạng.",
        "Đoạn hai của tuyên bố.",
    ]
    assert (located.title, located.published) == ("Tiêu đề bài báo về an ninh mạng", "2018-04-29")
    assert located.title_span is None  # a news headline is chrome
    kinds = [kind for kind, _ in chrome_of(PAGE, located)]
    assert kinds[:6] == [
        "section",
        "headline",
        "date-line",
        "agency-prefix",
        "link",
        "related-list",
    ]
    assert set(kinds[6:]) == {"related-list", "caption", "related-links", "byline"}
    # more chrome than statement on this page: said, never silent
    assert [n.id for n in located.notices] == ["chrome-exceeds-statement"]


def test_no_strip_keeps_every_line() -> None:
    located = locate(PAGE, strip=False)
    assert located.chrome == ()
    assert paragraphs(PAGE, located) == [line for line in PAGE.splitlines() if line.strip()]
    assert located.title == "Tiêu đề bài báo về an ninh mạng"


@pytest.mark.parametrize(
    ("line", "date"),
    [
        ("Diễn đàn - Ngày đăng : 22:52, 29/04/2018", "2018-04-29"),
        ("ClockThứ Năm, 08/10/2020 10:43", "2020-10-08"),
        ("Cập nhật: Thứ năm, 8/10/2020, 10:43 (GMT+7)", "2020-10-08"),
        ("Chủ nhật, 22/5/2020 - 07:15", "2020-05-22"),
        ("20:28' - 10/11/2017", "2017-11-10"),
        ("10:43 Thứ năm 08-10-2020", "2020-10-08"),
        ("Cập nhật lúc 10:43, 08/10/2020", "2020-10-08"),
        ("Ngày đăng: 2020-10-08T10:43:00+07:00", "2020-10-08"),
    ],
)
def test_date_lines(line: str, date: str) -> None:
    text = f"Tiêu đề của bài\n{line}\nĐoạn đầu của bài báo, dài một câu.\n"
    located = locate(text)
    assert located.published == date
    assert ("date-line", line) in chrome_of(text, located)


@pytest.mark.parametrize(
    "line",
    [
        "Hà Nội, ngày 29 tháng 6 năm 2006",
        "Ngày 10/11/2017, hai Bên đã ký Tuyên bố chung về hợp tác.",
        "(Điều 2 Thông tư số 23/2022/TT-BQP, có hiệu lực thi hành kể từ ngày 20/05/2022)",
    ],
)
def test_text_with_dates_is_not_a_date_line(line: str) -> None:
    text = f"{line}\nĐoạn tiếp theo của văn bản.\n"
    located = locate(text)
    assert not located.news and located.chrome == ()


@pytest.mark.parametrize(
    "line", ["Theo TTXVN", "(Theo Vietnamplus)", "Thu Hằng/VOV.VN", "Minh Anh (TTXVN)"]
)
def test_bylines_on_a_news_page(line: str) -> None:
    text = f"Tiêu đề\n20:28' - 10/11/2017\nĐoạn văn của bài báo.\n{line}\n"
    assert ("byline", line) in chrome_of(text, locate(text))
    # not on a plain text, where such a line may be the statement's own
    plain = f"Đoạn văn của văn bản.\n{line}\n"
    assert locate(plain).chrome == ()


@pytest.mark.parametrize(
    ("tail", "byline"), [("Minh Anh", True), ("HỒNG HẠNH", True), ("ASEAN", False)]
)
def test_an_author_signs_the_last_line(tail: str, byline: bool) -> None:
    text = (
        "Thứ năm, 8/10/2020, 10:43 (GMT+7)\nViệt Nam cam kết hợp tác\n"
        f"Sáng 8/10, hội nghị diễn ra.\n{tail}\nTin liên quan\nMột tin khác\n"
    )
    assert (("byline", tail) in chrome_of(text, locate(text))) is byline
    # only the last line: the same name above running text is text
    earlier = text.replace(f"{tail}\n", f"{tail}\nCác nước tham dự.\n")
    assert ("byline", tail) not in chrome_of(earlier, locate(earlier))


# --- plain texts: only lines without a letter or digit -------------------------------


LAW = """\
QUỐC HỘI
--------
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Luật số: 67/2006/QH11
Điều 4. Giải thích từ ngữ
Tên miền quốc gia Việt Nam “.vn” là tên miền cấp cao nhất.
Tranh chấp về tên miền “.vn” được giải quyết theo quy định tại “Điều 76”.
Điều 76. Giải quyết tranh chấp về tên miền “.vn”
Tranh chấp được giải quyết bằng thương lượng, hòa giải hoặc tại Tòa án.
"""


def test_a_law_keeps_all_its_text() -> None:
    # Its first “ and last ” once made the quotation rule drop a third of a law.
    located = locate(LAW)
    assert not located.news and located.title is None
    assert chrome_of(LAW, located) == [("decoration", "--------")]
    assert len(located.paragraphs) == 8


# A law as a site converts it to Markdown: its metadata block, heading marks, and
# lines in bold or italic (the form of a real copy of a decree; text written here).
MARKDOWN_LAW = """\
---
layout: vanban
title: "Nghị định số 1/2026/NĐ-CP: Quy định về tài sản mã hóa"
tags:
  - tài sản mã hóa
sohieu: 1/2026/NĐ-CP
---

# Nghị định số 1/2026/NĐ-CP của Chính phủ

## Chương I - NHỮNG QUY ĐỊNH CHUNG

### Điều 1.
Phạm vi điều chỉnh

**Điều 2. Đối tượng áp dụng**

*Căn cứ Luật Tổ chức Chính phủ;*

Nghị định này áp dụng đối với tổ chức **có liên quan**.
"""


def test_markdown_markup_and_front_matter_are_chrome() -> None:
    located = locate(MARKDOWN_LAW)
    assert paragraphs(MARKDOWN_LAW, located) == [
        "Chương I - NHỮNG QUY ĐỊNH CHUNG",
        "Điều 1.",
        "Phạm vi điều chỉnh",
        "Điều 2. Đối tượng áp dụng",
        "Căn cứ Luật Tổ chức Chính phủ;",
        # emphasis inside a sentence stays: cutting it would break the sentence
        "Nghị định này áp dụng đối với tổ chức **có liên quan**.",
    ]
    kinds = [kind for kind, _ in chrome_of(MARKDOWN_LAW, located)]
    assert kinds.count("front-matter") == 7  # every line of the block, `---` included
    assert chrome_of(MARKDOWN_LAW, located)[-6:] == [
        ("markup", "##"),
        ("markup", "###"),
        ("markup", "**"),
        ("markup", "**"),
        ("markup", "*"),
        ("markup", "*"),
    ]
    assert located.title == "Nghị định số 1/2026/NĐ-CP của Chính phủ"


@pytest.mark.parametrize(
    "text",
    [
        # no closing line: not a metadata block, and `---` alone is decoration
        "---\ntitle: một\nNội dung văn bản đầy đủ ở đây.\n",
        # a rule that does not open the file
        "Đoạn đầu.\n---\ntitle: một\n---\n",
        # a hashtag or a footnote star is no markup
        "#ANM2026 là chủ đề của hội nghị.\n",
        "* Ghi chú cuối trang.\n",
    ],
)
def test_text_that_only_looks_like_markdown_stays(text: str) -> None:
    located = locate(text)
    assert not any(c.kind in ("markup", "front-matter") for c in located.chrome)


def test_no_strip_keeps_markdown_markup() -> None:
    located = locate(MARKDOWN_LAW, strip=False)
    assert "### Điều 1." in paragraphs(MARKDOWN_LAW, located)
    assert "---" in paragraphs(MARKDOWN_LAW, located)


def test_quotation_rule_needs_a_news_page() -> None:
    statement = (
        "Giới thiệu ngắn về văn kiện.\n"
        "“Đoạn thứ nhất của tuyên bố, khá dài để chiếm phần lớn văn bản.\n"
        "Đoạn thứ hai của tuyên bố, cũng dài như đoạn thứ nhất vậy”.\n"
    )
    assert locate(statement).chrome == ()
    page = (
        "Tiêu đề\nĐăng lúc 10/11/2017 20:28\nTTXVN trân trọng giới thiệu toàn văn.\n"
        + (statement.split("\n", 1)[1])
    )
    located = locate(page)
    assert paragraphs(page, located) == [
        "Đoạn thứ nhất của tuyên bố, khá dài để chiếm phần lớn văn bản.",
        "Đoạn thứ hai của tuyên bố, cũng dài như đoạn thứ nhất vậy",
    ]
    outside = [text for kind, text in chrome_of(page, located) if kind == "outside-quotation"]
    assert outside == ["TTXVN trân trọng giới thiệu toàn văn.", "“", "”."]


@pytest.mark.parametrize(
    "body",
    [
        # a short quotation inside a paragraph
        "Chủ đề “Tự cường và sáng tạo” được chọn cho hội nghị thượng đỉnh năm nay.\n",
        # quotations closed in between: “.vn” … “.vn”
        "“.vn” là tên miền quốc gia, được quản lý theo quy định và đăng ký rộng rãi “.vn”\n",
        # text after the last quotation
        "“Đoạn trích dẫn dài của tuyên bố chung giữa hai nước về hợp tác.”\nLời bình sau đó.\n",
    ],
)
def test_no_quotation_body(body: str) -> None:
    page = "Tiêu đề\nĐăng lúc 10/11/2017 20:28\n" + body
    located = locate(page)
    assert located.news
    assert not any(kind == "outside-quotation" for kind, _ in chrome_of(page, located))


# --- titles --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "title"),
    [
        ("Tuyên bố mẫu\nHai Bên thúc đẩy hòa bình.\n", "Tuyên bố mẫu"),
        (
            "LUẬT MẪU VỀ AN NINH MẠNG\n\nChương I\nNHỮNG QUY ĐỊNH CHUNG\n",
            "LUẬT MẪU VỀ AN NINH MẠNG",
        ),
        # a lead is no title: it ends a sentence
        ("Sáng 22-5, hội nghị đã diễn ra.\nCác nước tham dự.\n", None),
        # nor a long first line, nor one that nothing follows
        (" ".join(["từ"] * 31) + "\nCác nước tham dự.\n", None),
        ("Chỉ có tiêu đề\n", None),
        # nor a header line followed by another header line
        ("QUỐC HỘI\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n", None),
    ],
)
def test_plain_title_stays_text(text: str, title: str | None) -> None:
    located = locate(text)
    assert located.title == title
    if title is None:
        assert located.title_span is None
    else:
        assert located.title_span is not None
        assert text[located.title_span.start : located.title_span.end] == title
    assert located.chrome == ()


def test_a_statement_on_one_line_keeps_its_text_after_a_link() -> None:
    # Issue 18: everything after the first `>>>` was lost.
    line = (
        "Hai Bên khẳng định hợp tác.>>>Xem thêm: bài liên quan. Hai Bên nhất trí tăng cường"
        " trao đổi, tham vấn và phối hợp trong khuôn khổ Liên hợp quốc về an ninh thông tin."
    )
    located = locate(line + "\n")
    assert chrome_of(line, located) == [("link", ">>>")]
    assert paragraphs(line, located)[1].startswith("Xem thêm: bài liên quan. Hai Bên nhất trí")


def test_a_link_title_at_the_end_of_a_line_is_chrome() -> None:
    text = "Đoạn văn của tuyên bố.>>>Tầm nhìn APEC sau năm 2020 - Thúc đẩy công nghệ\n"
    located = locate(text)
    assert chrome_of(text, located) == [
        ("link", ">>>Tầm nhìn APEC sau năm 2020 - Thúc đẩy công nghệ")
    ]


def test_chrome_that_outweighs_the_statement_is_a_warning() -> None:
    page = "Tiêu đề\nTin liên quan\n" + "Một tin khác trong danh sách dài.\n" * 5
    page += "\nĐoạn văn duy nhất.\n"
    located = locate(page)
    (notice,) = located.notices
    assert notice.id == "chrome-exceeds-statement" and not notice.warning


def test_a_quotation_rule_that_removes_more_than_it_keeps_warns(tmp_path: Path) -> None:
    rules_file = tmp_path / "chrome.yaml"
    rules_file.write_text(
        "rules:\n  - {kind: date-line, signal: true, patterns: ['^Đăng lúc']}\n"
        "quoted_body: {open: '“', close: '”', min_share: 0.2}\n",
        encoding="utf-8",
    )
    page = "Đăng lúc 10 giờ\nMột lời giới thiệu rất dài về văn kiện này.\n"
    page += "“Đoạn trích dẫn ngắn”.\n"
    located = chrome.locate(page, chrome.load_rules(rules_file))
    assert_covered(page, located)
    assert paragraphs(page, located) == ["Đoạn trích dẫn ngắn"]
    assert [(n.id, n.warning) for n in located.notices] == [
        ("quotation-exceeds-statement", True),
        ("chrome-exceeds-statement", False),
    ]


# --- rules as data -------------------------------------------------------------------


def test_rules_are_data(tmp_path: Path) -> None:
    rules_file = tmp_path / "chrome.yaml"
    rules_file.write_text(
        "rules:\n"
        "  - {kind: ad, action: line, signal: true, patterns: ['^QUẢNG CÁO']}\n"
        "  - {kind: wiki-link, action: cut, patterns: ['\\[\\[']}\n",
        encoding="utf-8",
    )
    rules = chrome.load_rules(rules_file)
    page = "Dòng một.\nQUẢNG CÁO: mua ngay\nDòng hai. [[liên kết]]\nTin liên quan\n"
    located = chrome.locate(page, rules)
    assert_covered(page, located)
    # no block rules here: "Tin liên quan" stays
    assert paragraphs(page, located) == ["Dòng một.", "Dòng hai.", "Tin liên quan"]
    assert [k for k, _ in chrome_of(page, located)] == ["ad", "wiki-link"]
    assert rules.digest != RULES.digest


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("rules:\n  - {kind: x, patterns: ['(unclosed']}\n", "bad pattern in x"),
        ("rules:\n  - {kind: x, action: drop, patterns: ['a']}\n", "action must be one of"),
        ("rules:\n  - {patterns: ['a']}\n", "rule 1 needs a kind"),
        ("rules:\n  - {kind: x}\n", "has no patterns"),
        ("- a list\n", "must be a mapping"),
    ],
)
def test_bad_rules_file(tmp_path: Path, content: str, message: str) -> None:
    bad = tmp_path / "chrome.yaml"
    bad.write_text(content, encoding="utf-8")
    with pytest.raises(InputError, match=message):
        chrome.load_rules(bad)


def test_missing_rules_file(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"missing\.yaml: no chrome rules file"):
        chrome.load_rules(tmp_path / "missing.yaml")


# --- the invariant on any text -----------------------------------------------------

_LINES = st.sampled_from(
    [
        # a Markdown copy: front matter, heading marks, emphasis around a line
        "---",
        "title: Nghị định",
        "  - tài sản mã hóa",
        "### Điều 1.",
        "**Điều 2. Đối tượng**",
        "*Căn cứ Luật;*",
        "D",
        "{keywords}",
        "Tin liên quan",
        "-",
        "20:28' - 10/11/2017",
        "Đoạn văn có dấu câu.",
        "“Trích dẫn mở đầu",
        "kết thúc trích dẫn”.",
        "TPO - Hà Nội đón khách.",
        "Toàn cảnh. (Ảnh: TTXVN)",
        "Tiêu đề ngắn",
        "Theo TTXVN",
        "Văn bản>>>Liên kết",
        "",
        "   ",
    ]
)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(_LINES, st.text(max_size=40)), max_size=12), st.booleans())
def test_nothing_is_ever_lost(lines: list[str], strip: bool) -> None:
    text = "\n".join(lines)
    located = chrome.locate(text, RULES, strip=strip)
    assert_covered(text, located)


# --- real pages ------------------------------------------------------------------------


def read_located(path: Path) -> tuple[str, chrome.Located]:
    document = read.read_document(path)
    located = chrome.locate(document.text, RULES)
    assert_covered(document.text, located)
    return document.text, located


def test_the_russian_statement_is_the_quoted_text() -> None:
    text, located = read_located(CORPUS / "vn-ru-2017-infosec.txt")
    body = paragraphs(text, located)
    assert len(body) == 2
    assert body[0].startswith("Chủ tịch nước Cộng hòa xã hội chủ nghĩa Việt Nam và Tổng thống")
    assert body[-1].endswith("trong lĩnh vực bảo đảm an ninh thông tin quốc tế")
    kinds = {kind for kind, _ in chrome_of(text, located)}
    assert kinds == {"headline", "outside-quotation", "link", "related-list", "caption"}


def test_the_asean_page_loses_only_its_headline_and_date() -> None:
    text, located = read_located(CORPUS / "asean-2018-cybersecurity.txt")
    assert [kind for kind, _ in chrome_of(text, located)] == ["headline", "date-line"]


@pytest.mark.parametrize(
    ("doc", "title", "published"),
    [
        (
            "vn-ru-2017-infosec",
            "APEC 2017: Tuyên bố chung Việt-Nga về hợp tác bảo đảm an ninh thông tin quốc tế",
            None,  # the dates on the page are those of other articles
        ),
        (
            "asean-2018-cybersecurity",
            "ASEAN tuyên bố chung về tăng cường hợp tác về an ninh mạng",
            "2018-04-29",
        ),
    ],
)
def test_title_and_date_line_become_metadata(
    tmp_path: Path, doc: str, title: str, published: str | None
) -> None:
    # Without a meta file, the page's own headline and date line are the metadata.
    shutil.copyfile(CORPUS / f"{doc}.txt", tmp_path / f"{doc}.txt")
    document = read.read_document(tmp_path / f"{doc}.txt")
    assert document.meta.title_vi == title
    assert (document.meta.published, document.meta.date) == (published, published)


def realtext(name: str) -> Path:
    path = REALTEXTS / name
    if not path.is_file():
        pytest.skip(f"{name} is not in ../shared/realtexts")
    return path


def test_a_real_news_report() -> None:
    text, located = read_located(realtext("news-2020-10-08-amcc5-excerpt.txt"))
    assert [kind for kind, _ in chrome_of(text, located)] == [
        "section",
        "headline",
        "date-line",
        "related-links",
        "caption",
    ]
    assert paragraphs(text, located)[0].startswith("Thứ trưởng Lương Tam Quang nhấn mạnh:")
    assert located.published == "2020-10-08"


@pytest.mark.parametrize(
    "name",
    [
        "itlaw-2006-67-2006-qh11.vi.txt",
        "phapdien-3.1-an-toan-thong-tin-mang.txt",
        "news-2020-05-22-arria-excerpt.txt",
    ],
)
def test_real_texts_without_news_signals_keep_their_words(name: str) -> None:
    text, located = read_located(realtext(name))
    assert not located.news
    assert {kind for kind, _ in chrome_of(text, located)} <= {"decoration"}
    assert all(not any(c.isalnum() for c in piece) for _, piece in chrome_of(text, located))


def _paragraph_texts(text: str) -> list[str]:
    located = chrome.locate(text, RULES)
    return [text[p.start : p.end] for p in located.paragraphs]


def test_a_hard_wrapped_paragraph_is_one_paragraph() -> None:
    # Wrapped at 80 columns: a line without a sentence's end goes on when the
    # next one starts in lower case (`sử` / `dụng`).
    text = (
        "Mở đầu bài viết này là một câu đủ dài để không phải là tiêu đề của trang.\n"
        "\n"
        "Chữ Quốc ngữ là hệ chữ viết chính thức hiện nay của tiếng Việt, sử\n"
        "dụng ký tự La Tinh, dựa trên các bảng chữ cái của nhóm ngôn ngữ Rôman, đặc\n"
        "biệt là bảng chữ cái Bồ Đào Nha.\n"
    )
    paragraphs = _paragraph_texts(text)
    assert paragraphs[-1].startswith("Chữ Quốc ngữ") and paragraphs[-1].endswith("Bồ Đào Nha.")
    assert len(paragraphs) == 2


@pytest.mark.parametrize(
    "lines",
    [
        ("1. Các hành vi bị nghiêm cấm:", "a) Tấn công mạng;"),  # ends in ':'
        ("Điều 5. Chính sách của Nhà nước", "1. Nhà nước ưu tiên."),  # a khoản
        ("Các hành vi sau đây bị nghiêm cấm", "a) tấn công mạng"),  # a list item
        ("Một câu trọn vẹn kết thúc ở đây;", "và một dòng tiếp theo."),  # ends in ';'
        ("Tiêu đề không có dấu câu", "Dòng viết hoa mở đầu đoạn mới."),  # upper case
    ],
)
def test_lines_that_are_not_a_wrap_stay_apart(lines: tuple[str, str]) -> None:
    text = "Mở đầu bài viết này là một câu đủ dài để không phải là tiêu đề của trang.\n\n"
    text += "\n".join(lines) + "\n"
    assert _paragraph_texts(text)[-2:] == list(lines)


def test_a_legal_texts_place_and_date_line_dates_it_and_stays_text() -> None:
    text = (
        "QUỐC HỘI\n"
        "Số: 67/2006/QH11\n"
        "Hà Nội, ngày 29 tháng 6 năm 2006\n"
        "LUẬT\n"
        "Luật này quy định về hoạt động ứng dụng và phát triển công nghệ thông tin.\n"
        "Luật này đã được Quốc hội thông qua ngày 29 tháng 6 năm 2007.\n"
    )
    located = chrome.locate(text, RULES)
    assert located.published == "2006-06-29"
    assert "Hà Nội, ngày 29 tháng 6 năm 2006" in [text[p.start : p.end] for p in located.paragraphs]
    assert not located.chrome and not located.news


@pytest.mark.parametrize(
    ("line", "caption"),
    [
        # a paper that sets the photo credit in capitals, a dot inside the credit's word
        ("Phòng Cảnh sát hình sự dự báo 5 kịch bản lừa đảo ẢNH: CÔNG AN TP.HCM", True),
        ("Toàn cảnh phiên họp. ẢNH: VNEXPRESS.NET", True),
        ("Toàn cảnh hội nghị. Ảnh: TTXVN", True),
        # no credit: the picture of the room, or the illustration's source after a dash
        ("Toàn cảnh Hội nghị tại điểm cầu trực tuyến của Việt Nam.", True),
        ("Quang cảnh buổi làm việc", True),
        ("Ảnh minh họa - Internet", True),
        ("Toàn cảnh kinh tế thế giới năm 2024 cho thấy nhiều rủi ro.", False),
        ("Ảnh hưởng của tấn công mạng - Internet vạn vật", False),
        # a sentence about images is text; so is one that goes on after the credit
        ("Dữ liệu gồm hình ảnh: chân dung, vân tay.", False),
        ("Ảnh: TTXVN. Hội nghị kết thúc lúc 17 giờ.", False),
    ],
)
def test_photo_captions(line: str, caption: bool) -> None:
    text = f"Đoạn văn của bài báo.\n{line}\nĐoạn văn tiếp theo.\n"
    assert (("caption", line) in chrome_of(text, locate(text))) is caption


@pytest.mark.parametrize(
    ("header", "published"),
    [
        # the number and the place-and-date line side by side, as a copy of the
        # header's two-column table gives them (real: Nghị định 81/2021/NĐ-CP)
        ("Số: 81/2021/NĐ-CP\tHà Nội, ngày 27 tháng 8 năm 2021", "2021-08-27"),
        # spaces for the tab, lower case as a TCVN3 file set in a capitals font reads
        ("Số: 15/2002/QĐ-BTC          Hà nội, ngày 22 tháng 11 năm 2002", "2002-11-22"),
        # as copies from HTML and Word give it: doubled spaces, `TP.`, capitals, a stop
        ("Hà Nội, ngày  12  tháng  8  năm  2022", "2022-08-12"),
        ("TP. Hồ Chí Minh, ngày 5 tháng 3 năm 2020", "2020-03-05"),
        ("HÀ NỘI, NGÀY 12 THÁNG 8 NĂM 2022.", "2022-08-12"),
        # a sentence that holds a date is not the heading's date line, nor a blank form
        ("Luật này được thông qua tại Hà Nội, ngày 29 tháng 6 năm 2006", None),
        ("Hà Nội, ngày tháng năm 2018", None),
    ],
)
def test_a_place_and_date_beside_the_number(header: str, published: str | None) -> None:
    text = f"CHÍNH PHỦ\n{header}\nNGHỊ ĐỊNH\nNghị định này quy định về học phí.\n"
    located = chrome.locate(text, RULES)
    assert located.published == published
    assert header in [text[p.start : p.end] for p in located.paragraphs]


@pytest.mark.parametrize(
    ("line", "breadcrumb"),
    [
        # real: a school site's copy of the Law on Cybersecurity 2018
        ("Gốc > Bài Viết > Luật > Luật An Ninh Mạng 2018 >", True),
        ("Trang chủ » Văn bản pháp luật » Công nghệ thông tin", True),
        ("Trang chủ › Tin tức › An ninh mạng", True),
        # two names, or a comparison in a sentence, are no trail
        ("Trang chủ > Tin tức", False),
        ("Tốc độ phải bảo đảm: tải lên > 10 Mbps > tải xuống > 5 Mbps.", False),
    ],
)
def test_a_breadcrumb_trail_is_chrome(line: str, breadcrumb: bool) -> None:
    text = f"{line}\nĐiều 1. Phạm vi điều chỉnh\nLuật này quy định về an ninh mạng.\n"
    assert (("breadcrumb", line) in chrome_of(text, locate(text))) is breadcrumb


@pytest.mark.parametrize(
    ("paragraph", "pieces"),
    [
        # real (codification topic 1.11, extracted from HTML): an article heading and a
        # note glued to the sentence before them
        (
            "5. Tăng cường hợp tác quốc tế về an ninh mạng.Điều 1.11.LQ.4."
            " Nguyên tắc bảo vệ an ninh mạng",
            [
                "5. Tăng cường hợp tác quốc tế về an ninh mạng.",
                "Điều 1.11.LQ.4. Nguyên tắc bảo vệ an ninh mạng",
            ],
        ),
        (
            "7. Mọi hành vi vi phạm phải được xử lý kịp thời, nghiêm minh.(Điều này có nội dung"
            " liên quan đến Điều 3.3.NĐ.4.38. Nguyên tắc bảo đảm an toàn thông tin)",
            [
                "7. Mọi hành vi vi phạm phải được xử lý kịp thời, nghiêm minh.",
                "(Điều này có nội dung liên quan đến Điều 3.3.NĐ.4.38."
                " Nguyên tắc bảo đảm an toàn thông tin)",
            ],
        ),
        # a statute's own numbering, glued the same way
        (
            "Luật này quy định về công nghệ thông tin.Điều 2. Đối tượng áp dụng",
            ["Luật này quy định về công nghệ thông tin.", "Điều 2. Đối tượng áp dụng"],
        ),
        # a reference after a space, a bracket that does not end the paragraph, or a
        # photo credit, is no glued unit
        (
            "Theo quy định tại Điều 5. Các bên thống nhất.",
            ["Theo quy định tại Điều 5. Các bên thống nhất."],
        ),
        (
            "Xem khoản 2.(Điều này áp dụng cho cơ quan nhà nước) và khoản 3.",
            ["Xem khoản 2.(Điều này áp dụng cho cơ quan nhà nước) và khoản 3."],
        ),
        ("Các đại biểu dự hội nghị.(Ảnh: TTXVN)", ["Các đại biểu dự hội nghị.(Ảnh: TTXVN)"]),
    ],
)
def test_a_unit_glued_to_the_sentence_before_is_its_own_paragraph(
    paragraph: str, pieces: list[str]
) -> None:
    text = f"Mở đầu văn bản.\n{paragraph}\n"
    located = chrome.locate(text, RULES)
    assert paragraphs(text, located)[1:] == pieces
    assert_covered(text, located)


@pytest.mark.parametrize(
    ("line", "kind"),
    [
        ("Cập nhật lúc: 10:22 12/09/2025", "date-line"),
        ("Tin, ảnh: Minh Anh", "byline"),
        ("Bài và ảnh: Hải Minh", "byline"),
        ("Nhóm PV", "byline"),
        ("Theo Báo Chính phủ", "byline"),
        ("Nguồn: Tạp chí Cộng sản", "byline"),
        ("Từ khóa: an ninh mạng, tội phạm mạng", "tags"),
        ("Keywords: ASEAN; cybersecurity; cybercrime; cyber warfare.", "tags"),
        ("Chia sẻ | Bình luận (12) | In bài", "buttons"),
        ("Đọc tiếp", "buttons"),
        # sentences that open with the same words are text
        ("Theo báo cáo của Bộ Công an, số vụ tấn công mạng tăng.", None),
        ("Chia sẻ thông tin là trách nhiệm chung.", None),
        ("Theo dõi an ninh mạng", None),
    ],
)
def test_more_news_chrome(line: str, kind: str | None) -> None:
    lead = "Sáng nay, Thủ tướng phát biểu tại lễ mở ký Công ước Hà Nội về chống tội phạm mạng."
    text = f"Tiêu đề bài báo\n20:28' - 10/11/2017\n{lead}\n{line}\n{lead}\n"
    found = [k for k, chunk in chrome_of(text, locate(text)) if chunk == line]
    assert found == ([kind] if kind else [])
    if kind != "date-line":  # a date line is a news signal of its own
        plain = f"{lead}\n{line}\n{lead}\n"
        assert locate(plain).chrome == ()


@pytest.mark.parametrize("mark", ["(VTC News) -", "TPO -", "VOV.VN –"])
def test_an_agency_mark_alone_above_the_lead_is_no_headline(mark: str) -> None:
    # real: a VTC News page sets "(VTC News) -" on a line of its own above the lead
    lead = "Bộ Ngoại giao ngày 20/10 cho biết Tổng Thư ký sẽ thăm chính thức Việt Nam."
    text = f"{mark}\n\n{lead}\n"
    located = locate(text)
    assert chrome_of(text, located) == [("agency-prefix", mark)]
    assert located.title is None and paragraphs(text, located) == [lead]


@settings(max_examples=200, deadline=None)
@given(
    text=st.text(alphabet=st.sampled_from("ab ạ\t\n\u00a0\u2003\u3000x"), max_size=80),
    piece=st.integers(1, 9),
    data=st.data(),
)
def test_letters_counted_in_pieces_as_one_whole(text: str, piece: int, data: st.DataObject) -> None:
    """Counted a bounded piece at a time (a long paragraph's words are never all made at
    once), the non-blank characters are those of the whole slice, whatever the cuts."""
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    assert chrome._letters(text, start, end, piece=piece) == sum(
        not c.isspace() for c in text[start:end]
    )


def _lines_by_split(text: str) -> list[tuple[int, int, bool]]:
    """The plain rule `chrome._lines` follows: split the page, trim each line."""
    out, start, after_blank = [], 0, True
    for line in text.split("\n"):
        s, e = chrome._trim(text, start, start + len(line))
        if e > s:
            out.append((s, e, after_blank))
        after_blank = e <= s
        start += len(line) + 1
    return out


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from("ab \t\n\u00a0\u2028x"), max_size=60))
def test_lines_are_found_as_a_split_gives_them(text: str) -> None:
    assert list(chrome._lines(text)) == _lines_by_split(text)


# A statute exported from Word to Markdown by a trial copy of a converter (the form of
# a real public copy of the Law on E-Transactions 2023, unseen8; text written here):
# the converter's watermark, the two-column header as a table, the date in italics.
WORD_TO_MARKDOWN = (
    (
        "**Created with a trial version of Syncfusion Word library or registered the wrong key"
        " in your application. Click** [here](https://example.com/k)"
        " **to obtain the valid key.**\n"
    )
    + """\
|**QUỐC HỘI** \\
 **\\-\\-\\-\\-\\-\\-\\-**|**CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM** \\
**Độc lập \\- Tự do \\- Hạnh phúc**  \\
 **\\-\\-\\-\\-\\-\\-\\-\\-\\-\\-\\-\\-\\-\\-\\-**|
|:---:|:---:|
|Luật số: 7/2026/QH15|*Hà Nội, ngày 22 tháng 6 năm 2026*|

**LUẬT**

**THỬ NGHIỆM**

**Điều 1. Phạm vi điều chỉnh**

Luật này quy định việc thử nghiệm.
"""
)


def test_a_word_to_markdown_export_of_a_statute() -> None:
    located = locate(WORD_TO_MARKDOWN)
    assert paragraphs(WORD_TO_MARKDOWN, located)[:3] == [
        "QUỐC HỘI",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập \\- Tự do \\- Hạnh phúc",  # (a Markdown escape inside the line stays)
    ]
    kinds = [kind for kind, _ in chrome_of(WORD_TO_MARKDOWN, located)]
    assert kinds[0] == "converter-notice"
    assert located.published == "2026-06-22"


@pytest.mark.parametrize(
    "line",
    [
        "Evaluation Warning: The document was created with Spire.Doc for .NET.",
        "Evaluation Only. Created with Aspose.Words. Copyright 2003-2023 Aspose Pty Ltd.",
    ],
)
def test_other_converters_watermarks_are_chrome(line: str) -> None:
    text = f"{line}\nĐiều 1. Phạm vi điều chỉnh\nLuật này quy định việc thử nghiệm.\n"
    assert [kind for kind, _ in chrome_of(text, locate(text))] == ["converter-notice"]


def test_a_sentence_about_a_trial_version_stays() -> None:
    text = "Phần mềm được tạo ra với một phiên bản dùng thử.\nCreated with care by the team.\n"
    assert not chrome_of(text, locate(text))


# A copy of a codification topic as a site renders it (unseen8; text written here): the
# portal's record of the topic and of each article in bold, a template's tag left
# unrendered, the site's placeholder for an article it has no text of.
CODIFICATION_PAGE = """\
# Công nghệ thông tin

**Đề mục:** Công nghệ thông tin
**Số điều khoản:** 1101
**Cập nhật:** {{ site.time | date: "%Y-%m-%d" }}

### Điều 3.3.LQ.1. Phạm vi điều chỉnh

Luật này quy định về hoạt động ứng dụng công nghệ thông tin.

**Chỉ mục:** 1

**Mã phân cấp:** 0300300000000000100000100000000000000000

**ID:** dk_00003883

### Điều 3.3.TT.47.10. Giám sát an toàn thông tin

*Nội dung chưa có sẵn*
"""


def test_a_codification_sites_records_and_placeholders_are_chrome() -> None:
    located = locate(CODIFICATION_PAGE)
    assert paragraphs(CODIFICATION_PAGE, located) == [
        "Điều 3.3.LQ.1. Phạm vi điều chỉnh",
        "Luật này quy định về hoạt động ứng dụng công nghệ thông tin.",
        "Điều 3.3.TT.47.10. Giám sát an toàn thông tin",
    ]
    kinds = {kind for kind, _ in chrome_of(CODIFICATION_PAGE, located)}
    assert {"record-attributes", "site-notice"} <= kinds


@pytest.mark.parametrize(
    "line",
    [
        "Chủ đề của hội nghị năm nay là an ninh mạng.",  # a sentence, no field
        "ID của mỗi người dùng phải được bảo vệ.",
        "Nội dung chưa có sẵn trong dự thảo được bổ sung sau.",
    ],
)
def test_text_that_names_the_same_words_stays(line: str) -> None:
    text = f"Điều 1. Phạm vi\n{line}\n"
    assert not chrome_of(text, locate(text))


# A news page copied with its images' layout tables (a site copying a ministry's page,
# unseen8; text written here): the image, then its caption cell with no credit.
LAYOUT_TABLE_PAGE = """\
Đại sứ nhấn mạnh việc thông qua Công ước có ý nghĩa đặc biệt quan trọng.
![]() |
Tọa đàm “Hướng tới Hà Nội” tại trụ sở Liên hợp quốc. |
Ngày 19/2, tại New York, Phái đoàn đã phối hợp tổ chức Tọa đàm.
"""


def test_a_caption_cell_after_an_image_is_chrome() -> None:
    located = locate(LAYOUT_TABLE_PAGE)
    assert paragraphs(LAYOUT_TABLE_PAGE, located) == [
        "Đại sứ nhấn mạnh việc thông qua Công ước có ý nghĩa đặc biệt quan trọng.",
        "Ngày 19/2, tại New York, Phái đoàn đã phối hợp tổ chức Tọa đàm.",
    ]
    assert ("caption", "Tọa đàm “Hướng tới Hà Nội” tại trụ sở Liên hợp quốc. |") in chrome_of(
        LAYOUT_TABLE_PAGE, located
    )


def test_a_data_tables_row_stays() -> None:
    text = "Bảng 1. Số vụ tấn công mạng\n| Năm | Số vụ |\n| 2024 | 1.200 |\n"
    assert not any(kind == "caption" for kind, _ in chrome_of(text, locate(text)))


def test_a_heading_rendered_again_as_its_articles_text_is_a_repeat() -> None:
    # (a codification site with no text of an article repeats its heading: unseen8)
    text = (
        "### Điều 32.2.NĐ.1.1. Phạm vi điều chỉnh\n\nĐiều 32.2.NĐ.1.1. Phạm vi điều chỉnh\n\n"
        "### Điều 32.2.NĐ.1.2. Đối tượng\n\nNghị định này áp dụng đối với cơ quan.\n"
    )
    assert ("repeat", "Điều 32.2.NĐ.1.1. Phạm vi điều chỉnh") in chrome_of(text, locate(text))


def test_two_equal_lines_of_a_legal_text_without_markup_stay() -> None:
    text = "Điều 1. Bảng\n\nKhông áp dụng.\n\nKhông áp dụng.\n"
    assert not chrome_of(text, locate(text))
