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
        # the text's own header and sentences that open with a field's words stay
        ("Số: 11/VBHN-VPQH", None),
        ("Lĩnh vực công nghệ thông tin được ưu tiên đầu tư.", None),
        ("Người ký văn bản chịu trách nhiệm về nội dung.", None),
        ("Ngày có hiệu lực của văn bản là ngày ký.", None),
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
