"""chrome.py on news pages in the forms other outlets give when a page is copied
or its HTML extracted: an audio player's widgets, a numbered image text, a date
line with the weekday spelt out, the author's name between headline and lead,
an agency prefix below a long kicker. The pages are written here in those
forms (the real pages they were seen on keep their owners' rights).
"""

from __future__ import annotations

import pytest

from normcorpus import chrome
from test_chrome import chrome_of, locate, paragraphs

RULES = chrome.load_rules()

LEAD = "Sáng 12/3, Bộ Công an tổ chức hội nghị tổng kết công tác bảo đảm an ninh mạng năm 2025."
BODY = "Hội nghị đánh giá các nguy cơ tấn công mạng vào hệ thống thông tin quan trọng."


@pytest.mark.parametrize(
    ("line", "kind"),
    [
        # an audio player's counter and its choice of reading voice
        ("0:00 / 0:00", "player"),
        ("0:00", "player"),
        ("• Nữ miền Nam", "player"),
        ("Giọng nam miền Bắc", "player"),
        # an image's text numbered as the copy gives it
        ("Toàn cảnh hội nghị tổng kết công tác năm 2025 - Ảnh 1.", "caption"),
        # a date line with the weekday and the date spelt out, the time after it
        ("Thứ Ba, ngày 12 tháng 03 năm 2025, 10:15:02", "date-line"),
        # the author, then the time and the date
        ("PV - 13:05, 12/03/2025", "date-line"),
        ("Hoàng Minh | 09:40 12/03/2025", "date-line"),
        # text that looks alike stays text
        ("Đường bay Bắc Nam mở lại lúc 0:00 ngày 1/4.", None),
        ("Nam miền Bắc và nữ miền Nam tham gia đông đủ.", None),
        ("Xem ảnh 1 và ảnh 2 trong phụ lục.", None),
        ("Thứ Ba, ngày 12 tháng 03 năm 2025, Quốc hội khai mạc kỳ họp.", None),
        # a credit naming the site it was taken from; a caption that ends with the
        # words for an illustration; a widget's letter; a template's placeholder
        ("Theo antv.gov.vn", "byline"),
        ("Nguồn: vnexpress.net", "byline"),
        ("Hà Nội cảnh báo phần mềm chiếm quyền điều khiển máy tính. Ảnh minh họa", "caption"),
        ("D", "decoration"),
        ("{keywords}", "decoration"),
        # alike, but text: a sentence naming a site, a Roman numeral, a letter and a sign
        ("Theo antv.gov.vn, vụ việc đang được điều tra.", None),
        ("II", None),
        ("<Ứ", None),
        ("Ảnh minh họa cho bài viết được chọn kỹ.", None),
        # the author, a bar glued to the name, then the date and the time; a
        # follow-us line whose icons did not copy; a caption in a layout table's
        # cell; alike, but text
        ("PV| 12/03/2025 16:20", "date-line"),
        ("Theo dõi Baoquocte.vn trên", "buttons"),
        ("| Bộ trưởng phát biểu tại hội nghị. (Ảnh: VGP) |", "caption"),
        ("Theo dõi diễn biến trên không gian mạng, Bộ đã cảnh báo sớm.", None),
        ("Hà Nội - 12/03/2025 là ngày khai mạc.", None),
        # a blog's date line; an agency's credit without its colon, in a table cell
        ("Thứ Tư, 15 tháng 2, 2023", "date-line"),
        ("Toàn cảnh hội thảo khoa học quốc gia về an ninh mạng. Ảnh TTXVN |", "caption"),
        ("Thứ Tư, 15 tháng 2, 2023 là ngày khai mạc hội thảo.", None),
        ("Hội thảo bàn về an ninh mạng. Ảnh hưởng của nó rất lớn", None),
        # unseen10: a picture that only illustrates, with its source; a screenshot's
        # credit in capitals, or in brackets; a page's text-size control; a site's
        # visitor counter; a date line with the weekday in English (a template's)
        ("Ảnh chỉ có tính minh họa.(Nguồn: Telegraph.co.uk)", "caption"),
        ("Một trang fanpage mạo danh cơ quan công an CHỤP MÀN HÌNH", "caption"),
        ("Giao diện trang web giả mạo ngân hàng (Ảnh chụp màn hình)", "caption"),
        ("aa", "decoration"),
        ("A- A+", "decoration"),
        ("• lượt xem", "widgets"),
        ("• truy cập   (chi tiết)", "widgets"),
        ("0 khách và 0 thành viên", "widgets"),
        ("Thống kê truy cập: 12.345", "widgets"),
        ("Chào Mừng Đến Với Website Trường THCS Trịnh Hoài Đức", "widgets"),
        ("Photobucket", "widgets"),
        ("Wed, Day 02/01/2019 00:00 AM", "date-line"),
        ("Việt Báo (tổng hợp) | 25/10/2025 09:25", "date-line"),
        ("Các đại biểu tại Lễ mở ký Công ước Hà Nội - Ảnh VGP/Hải Minh", "caption"),
        # alike, but text
        ("Ảnh chỉ có tính minh họa cho nguy cơ, không phải hiện trường vụ việc.", None),
        ("Người dân nên chụp màn hình tin nhắn lừa đảo để trình báo.", None),
        ("Lượt xem của video tăng mạnh trong hôm nay.", None),
        ("Hai khách và ba thành viên đoàn đã đến.", None),
        ("Chính sách mới tác động đến doanh nghiệp - Ảnh hưởng còn kéo dài", None),
        ("Chào mừng đến với hội thảo, Bộ trưởng nhấn mạnh vai trò của an ninh mạng.", None),
    ],
)
def test_more_page_chrome(line: str, kind: str | None) -> None:
    text = f"Tiêu đề bài báo\n20:28' - 10/11/2017\n{LEAD}\n{line}\n{BODY}\n"
    found = [k for k, chunk in chrome_of(text, locate(text)) if chunk == line]
    assert found == ([kind] if kind else [])
    assert (line in paragraphs(text, locate(text))) is (kind is None)


def test_a_date_line_with_the_weekday_dates_the_page() -> None:
    text = f"Thứ Sáu, ngày 23 tháng 08 năm 2019, 09:25:27\nTiêu đề bài báo\n\n{LEAD}\n"
    located = locate(text)
    assert located.news and located.published == "2019-08-23"
    assert paragraphs(text, located) == [LEAD]


def test_a_date_line_with_a_section_after_a_bar_dates_the_page() -> None:
    text = f"15/07/2021 15:27 GMT+7 | Trong nước\n(Thethaovanhoa.vn) - {LEAD}\n{BODY}\n"
    located = locate(text)
    assert located.published == "2021-07-15"
    assert chrome_of(text, located)[0] == ("date-line", "15/07/2021 15:27 GMT+7 | Trong nước")


def test_a_legal_texts_place_and_date_line_is_still_text() -> None:
    # no weekday: the heading's place-and-date line, not a page's date line
    text = f"Hà Nội, ngày 29 tháng 6 năm 2006\n{LEAD}\n"
    located = locate(text)
    assert not located.news and located.published == "2006-06-29"
    assert located.chrome == ()


def test_the_authors_name_between_headline_and_lead_is_a_byline() -> None:
    text = (
        "Thời sự\n"
        "Cảnh báo lừa đảo qua tin nhắn giả mạo ngân hàng\n"
        "\n"
        "Thùy Linh\n"
        "\n"
        f"(NLĐO) - {LEAD}\n"
    )
    located = locate(text)
    assert chrome_of(text, located)[:3] == [
        ("section", "Thời sự"),
        ("headline", "Cảnh báo lừa đảo qua tin nhắn giả mạo ngân hàng"),
        ("byline", "Thùy Linh"),
    ]
    assert located.title == "Cảnh báo lừa đảo qua tin nhắn giả mạo ngân hàng"
    assert paragraphs(text, located) == [LEAD]


def test_a_headline_in_capitals_of_names_alone_stays_the_headline() -> None:
    # nothing above it: the name-like line is the headline itself
    text = f"Việt Nam\n\nTPO - {LEAD}\n"
    located = locate(text)
    assert chrome_of(text, located)[0] == ("headline", "Việt Nam")


def test_short_section_names_right_above_the_headline_are_sections() -> None:
    # a site's header line above them is no section name and stays
    header = "Đường dây nóng: 0901.234.567 - Quảng cáo: 0912.345.678 - Đặt mua báo"
    text = f"{header}\nAn ninh mạng\nCảnh báo lừa đảo qua tin nhắn\n\nTPO - {LEAD}\n"
    located = locate(text)
    assert ("section", "An ninh mạng") in chrome_of(text, located)
    assert header in paragraphs(text, located)


def test_an_agency_prefix_below_a_long_kicker_opens_the_lead() -> None:
    kicker = (
        "Lực lượng Công an nhân dân tiên phong thực hiện chủ trương tinh gọn bộ máy, "
        "nâng cao hiệu lực, hiệu quả hoạt động, phục vụ nhân dân tốt hơn trong thời kỳ "
        "mới của đất nước - bài 4"
    )
    assert len(kicker.split()) > 30
    headline = "Phản bác luận điệu sai trái về cải cách bộ máy"
    text = f"{kicker}\n\n{headline}\n\n0:00 / 0:00\nANTD.VN - {LEAD}\n{BODY}\n"
    located = locate(text)
    assert ("agency-prefix", "ANTD.VN -") in chrome_of(text, located)
    assert ("headline", headline) in chrome_of(text, located)
    assert paragraphs(text, located)[-2:] == [LEAD, BODY]


def test_a_prefix_further_down_never_moves_the_lead_past_a_sentence() -> None:
    # the first paragraph ends a sentence: it is the lead, and a later line that
    # opens like a prefix ("COVID - 19 …") is text
    later = "COVID - 19 vẫn ảnh hưởng đến các hội nghị trực tuyến."
    text = f"Tiêu đề bài báo\n\n{LEAD}\n{later}\n"
    located = locate(text)
    assert paragraphs(text, located) == [LEAD, later]


def test_a_line_repeated_right_after_itself_is_a_copy() -> None:
    # an image's alt text and its caption, the same words twice
    caption = "Đoàn Việt Nam tham dự phiên họp tại điểm cầu Hà Nội"
    text = f"Tiêu đề bài báo\n\nTPO - {LEAD}\n\n{caption}\n{caption}\n\n{BODY}\n"
    located = locate(text)
    assert ("repeat", caption) in chrome_of(text, located)
    assert paragraphs(text, located) == [LEAD, caption, BODY]


def test_a_repeated_line_off_a_news_page_stays() -> None:
    line = "Các bên cùng thực hiện."
    text = f"{LEAD}\n{line}\n{line}\n"
    assert paragraphs(text, locate(text)).count(line) == 2


@pytest.mark.parametrize(
    ("line", "caption"),
    [
        ("Ông Nguyễn Văn An phát biểu tại tọa đàm. Ảnh Hoàng Hà.", True),
        ("| Toàn cảnh buổi tọa đàm. Ảnh Minh Đức. |", True),
        # a sentence that goes on, or a lower-case word after `Ảnh`, is text
        ("Tòa soạn nhận nhiều bức ảnh. Ảnh Bác Hồ được trưng bày ở sảnh chính.", False),
        ("Đó là một bức ảnh. Ảnh hưởng của nó còn lâu dài.", False),
    ],
)
def test_a_credit_without_its_colon(line: str, caption: bool) -> None:
    text = f"Đoạn văn của bài báo.\n{line}\nĐoạn văn tiếp theo.\n"
    assert (("caption", line) in chrome_of(text, locate(text))) is caption


def test_a_credit_in_brackets_then_a_stop_is_a_caption() -> None:
    line = "Bộ trưởng phát biểu tại Lễ kỷ niệm (Ảnh: Minh Sơn)."
    text = f"Đoạn văn của bài báo.\n{line}\nĐoạn văn tiếp theo.\n"
    assert ("caption", line) in chrome_of(text, locate(text))


def test_the_section_between_headline_and_date_and_the_headline_repeated() -> None:
    headline = "Phát triển hạ tầng số để Việt Nam trở thành quốc gia số hiện đại"
    text = (
        f"{headline}\n\nDiễn đàn\n15/10/2024 04:04\n{LEAD}\n{headline}\n"
        "Toàn cảnh tọa đàm - Ảnh: VGP/Nhật Bắc\n\n"
        f"{BODY}\n"
    )
    located = locate(text)
    found = chrome_of(text, located)
    assert found[:3] == [
        ("headline", headline),
        ("section", "Diễn đàn"),
        ("date-line", "15/10/2024 04:04"),
    ]
    assert ("repeat", headline) in found
    assert located.title == headline
    assert paragraphs(text, located) == [LEAD, BODY]


def test_a_short_headline_below_its_section_stays_the_headline() -> None:
    text = f"Thời sự\nCảnh báo lừa đảo\n\nTPO - {LEAD}\n"
    found = chrome_of(text, locate(text))
    assert found[:2] == [("section", "Thời sự"), ("headline", "Cảnh báo lừa đảo")]


def test_an_agency_mark_with_a_stop_opens_the_lead() -> None:
    text = f"Tiêu đề bài báo\n\nTên Tác Giả\nTGVN. {LEAD}\n{BODY}\n"
    located = locate(text)
    assert ("agency-prefix", "TGVN.") in chrome_of(text, located)
    assert LEAD in paragraphs(text, located)


def test_a_roman_numeral_with_a_stop_is_no_agency_mark() -> None:
    text = f"Tiêu đề bài báo\n20:28' - 10/11/2017\nII. {LEAD}\n{BODY}\n"
    assert f"II. {LEAD}" in paragraphs(text, locate(text))


@pytest.mark.parametrize(
    ("lead", "mark"),
    [
        ("BBK -Sáng 12/3, hội nghị khai mạc.", "BBK -"),
        ("CNQP&KT - Hiện nay, hội nghị khai mạc.", "CNQP&KT -"),
    ],
)
def test_more_agency_marks_open_the_lead(lead: str, mark: str) -> None:
    text = f"Tiêu đề bài báo\n\n{lead}\n{BODY}\n"
    located = locate(text)
    assert ("agency-prefix", mark) in chrome_of(text, located)
    assert lead[len(mark) :].strip() in paragraphs(text, located)


def test_a_name_joined_by_a_hyphen_is_no_agency_mark() -> None:
    text = f"Tiêu đề bài báo\n\nASEAN-Nhật Bản tăng cường hợp tác an ninh mạng.\n{BODY}\n"
    assert "ASEAN-Nhật Bản tăng cường hợp tác an ninh mạng." in paragraphs(text, locate(text))


def test_a_reader_poll_is_chrome_with_its_choices() -> None:
    # a school site's sidebar, copied with the law it hosts (violet.vn's pages)
    poll = (
        "Điều tra ý kiến\n\nBạn thấy trang này như thế nào?\n"
        "Đẹp\nĐơn điệu\nBình thường\nÝ kiến khác\n"
    )
    text = f"{poll}\n{LEAD}\n{BODY}\n"
    kinds = [k for k, _ in chrome_of(text, locate(text))]
    assert kinds == ["widgets"] * 6
    assert paragraphs(text, locate(text)) == [LEAD, BODY]


def test_a_headline_that_asks_is_the_headline() -> None:
    # a district's site: its section, an English date line, then a question headline
    text = (
        "KIẾN THỨC PHÁP LUẬT\nWed, Day 02/01/2019 00:00 AM\n\n"
        "Infographic: Luật An ninh mạng nghiêm cấm những hành vi nào?\n\n"
        f"{LEAD} {BODY}\n"
    )
    located = locate(text)
    assert (
        "headline",
        "Infographic: Luật An ninh mạng nghiêm cấm những hành vi nào?",
    ) in chrome_of(text, located)
    assert located.title == "Infographic: Luật An ninh mạng nghiêm cấm những hành vi nào?"
    assert paragraphs(text, located) == [f"{LEAD} {BODY}"]


def test_a_question_among_the_text_stays_text() -> None:
    # below the lead, a question is the report's own
    question = "Vậy người dân cần làm gì để tự bảo vệ mình?"
    text = f"Tiêu đề bài báo\n20:28' - 10/11/2017\n{LEAD}\n{question}\n{BODY}\n"
    assert question in paragraphs(text, locate(text))
