"""chrome.py on a statute as legal databases and document viewers give it: the
database's record of the document above its text, a viewer's buttons and page
counter, and a name cut by the wrap of a PDF's text (`… tại Việt` / `Nam.`).
The pages are written here in those forms."""

from __future__ import annotations

import pytest

from test_chrome import chrome_of, locate, paragraphs

HEADER = (
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n\nLuật số: 24/2023/QH15\n"
)
BODY = (
    "Điều 1. Phạm vi điều chỉnh\n"
    "Luật này quy định về hoạt động viễn thông; quản lý nhà nước về viễn thông.\n"
)


@pytest.mark.parametrize(
    ("line", "kind"),
    [
        ("Số hiệu: 24/2023/QH15 Loại văn bản: Luật", "record-attributes"),
        ("Ngày ban hành: 24/11/2023 Ngày hiệu lực: Đã biết", "record-attributes"),
        ("Tình trạng: Đã biết", "record-attributes"),
        ("Số hiệu: | 20/2023/QH15 | Loại văn bản: | Luật |", "record-attributes"),
        ("Số hiệu 11/VBHN-VPQH", "record-attributes"),
        ("Ngày có hiệu lực 29/06/2018", "record-attributes"),
        ("Người ký Nguyễn Hạnh Phúc", "record-attributes"),
        ("Lĩnh vực Công nghệ thông tin", "record-attributes"),
        ("Download as doc, pdf, or txt", "viewer"),
        ("You are on page 1of 41", "viewer"),
        ("Trang 3/41", "viewer"),
        # a database's notes between its tooltips' markers; a site's notices
        (
            "nhayQuy định về quản lý thuê bao tại Luật này được hướng dẫn chi tiết bởi Thông"
            " tư 04/2012/TT-BTTTT.nhaynhayQuy định áp dụng tiêu chuẩn được hướng dẫn.nhay",
            "annotation",
        ),
        ("LuatVietnam.vn độc quyền cung cấp bản dịch Công báo tiếng Anh", "site-notice"),
        ("Bạn đang đọc: Luật Viễn thông năm 2009", "site-notice"),
        ("Bạn đang xem: luật giao dịch điện tử", "site-notice"),
        ("...loại rủi ro pháp lý, nắm cơ hội làm giàu...", "site-notice"),
        ("… và những điều chưa kể. Còn nữa …", None),
        # a gazette's PDF as text: running headers, a page's number, the next issue's
        # note, a digital signature's stamp
        ("4 CÔNG BÁO/Số 1175 + 1176/Ngày 30-12-2014", "page-header"),
        ("CÔNG BÁO/Số 713 + 714/Ngày 24-7-2020 5", "page-header"),
        ("CÔNG BÁO/Số 18/Ngày 18-01-2026", "page-header"),
        ("CÔNG BÁO/SỐ 869 ? 870/Ngày 12-7-2022", "page-header"),
        ("(Xem tiếp Công báo số 715 + 716)", "page-header"),
        ("12", "page-number"),
        ("Ký bởi: Cổng Thông tin điện tử Chính phủ", "signature-stamp"),
        ("Email: thongtinchinhphu@chinhphu.vn", "signature-stamp"),
        ("Cơ quan: Văn phòng Chính phủ", "signature-stamp"),
        ("Thời gian ký: 30.12.2014 10:05:39 +07:00", "signature-stamp"),
        ("Được đăng trên CÔNG BÁO/Số 18/Ngày 18-01-2026 theo quy định.", None),
        ("12.", None),
        ("Cơ quan: ..............................", None),
        ("Email: ghi địa chỉ thư điện tử của tổ chức.", None),
        # a database's toolbar beside the text, one button's label a line
        ("Lưu trữ", "buttons"),
        ("Ghi chú", "buttons"),
        ("Ý kiến", "buttons"),
        ("Facebook", "buttons"),
        ("In", "buttons"),
        # a field's label with its text, or a sentence, stays
        ("Ghi chú: Biểu mẫu này áp dụng cho doanh nghiệp viễn thông.", None),
        ("In ấn, phát hành tài liệu.", None),
        # the text's own header and sentences that open with a field's words stay
        ("Số: 11/VBHN-VPQH", None),
        ("Lĩnh vực công nghệ thông tin được ưu tiên đầu tư.", None),
        ("Người ký văn bản chịu trách nhiệm về nội dung.", None),
        ("Ngày có hiệu lực của văn bản là ngày ký.", None),
        ("VnExpress.net đưa tin về vụ tấn công mạng.", None),
        ("Nhảy cóc qua các bước kiểm tra là vi phạm.", None),
    ],
)
def test_a_databases_record_and_a_viewers_lines(line: str, kind: str | None) -> None:
    text = f"{line}\n\n{HEADER}\n{BODY}"
    located = locate(text)
    found = [k for k, chunk in chrome_of(text, located) if chunk == line]
    assert found == ([kind] if kind else [])
    assert ("Điều 1. Phạm vi điều chỉnh" in paragraphs(text, located)) is True


WRAPPED = (
    "Điều 2. Đối tượng áp dụng\n"
    "Luật này áp dụng đối với tổ chức, cá nhân Việt Nam, tổ chức, cá nhân nước\n"
    "ngoài trực tiếp tham gia hoặc có liên quan đến hoạt động viễn thông tại Việt\n"
    "Nam.\n"
    "Điều 3. Giải thích từ ngữ\n"
    "Trong Luật này, các từ ngữ dưới đây được hiểu như sau, theo thứ tự vần chữ cái\n"
    "1. Viễn thông là việc gửi, truyền, nhận và xử lý ký hiệu, tín hiệu, số liệu,\n"
    "chữ viết, hình ảnh, âm thanh hoặc dạng thông tin khác bằng đường cáp.\n"
)


def test_a_name_cut_by_the_wrap_goes_on() -> None:
    paras = paragraphs(WRAPPED, locate(WRAPPED))
    assert "Nam." not in paras
    assert any(p.endswith("tại Việt\nNam.") for p in paras)
    # a heading without a stop, then a sentence, stays apart; and so does a label
    assert "Điều 3. Giải thích từ ngữ" in paras
    assert any(p.startswith("1. Viễn thông") for p in paras)


DATABASE_PAGE = (
    "Thứ 5, Ngày 07/11/2024\n\n"
    "Văn bản hợp nhất 11/VBHN-VPQH năm 2018 hợp nhất Luật Viễn thông\n\n"
    "Số hiệu 11/VBHN-VPQH\nNgười ký Nguyễn Hạnh Phúc\n\n"
    "VĂN PHÒNG QUỐC HỘI\n-------\n\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
    "Độc lập - Tự do - Hạnh phúc\n---------------\n\nSố: 11/VBHN-VPQH\n\n"
    "Hà Nội, ngày 29 tháng 6 năm 2018\n\nLUẬT\n\nVIỄN THÔNG\n\n"
    "Căn cứ Hiến pháp nước Cộng hòa xã hội chủ nghĩa Việt Nam;\n\n" + BODY
)


def test_a_legal_text_on_a_dated_database_page_is_no_news_page() -> None:
    # the page's date line is a news signal; the motto says the text is a law's:
    # its name in capitals is text (not a headline and a byline), its date its own
    located = locate(DATABASE_PAGE)
    paras = paragraphs(DATABASE_PAGE, located)
    assert "LUẬT" in paras and "VIỄN THÔNG" in paras
    assert not located.news
    assert located.published == "2018-06-29"
    assert ("date-line", "Thứ 5, Ngày 07/11/2024") in chrome_of(DATABASE_PAGE, located)


def test_a_news_page_quoting_the_motto_inside_a_sentence_stays_news() -> None:
    page = (
        "Tiêu đề bài báo\n20:28' - 10/11/2017\n"
        "Sáng 12/3, hội nghị khai mạc dưới khẩu hiệu Độc lập - Tự do - Hạnh phúc của Việt Nam.\n"
        "Hội nghị đánh giá các nguy cơ tấn công mạng.\n"
    )
    assert locate(page).news
