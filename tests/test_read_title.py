"""read.py's statute titles: a legal text's title from its heading lines (chrome.yaml's
`statute_title`), not from its first line."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import REALTEXTS as SHARED_REALTEXTS
from normcorpus import chrome
from normcorpus.read import load_chrome_rules, read_document, statute_title

REALTEXTS = SHARED_REALTEXTS or Path("no-realtexts")  # absent: the tests that read it skip
RECITAL = "Căn cứ Hiến pháp nước Cộng hòa xã hội chủ nghĩa Việt Nam;\n"
LONG_SENTENCE_NAME = (
    "Quy định chi tiết và hướng dẫn một số điều của Nghị định số 85/2016/NĐ-CP ngày 01 tháng"
    " 7 năm 2016 của Chính phủ về bảo đảm an toàn hệ thống thông tin theo cấp độ"
)
LONG_NAME = (
    "QUY ĐỊNH VỀ CƠ CHẾ THU, QUẢN LÝ HỌC PHÍ ĐỐI VỚI CƠ SỞ GIÁO DỤC THUỘC HỆ THỐNG GIÁO DỤC"
    " QUỐC DÂN VÀ CHÍNH SÁCH MIỄN, GIẢM HỌC PHÍ, HỖ TRỢ CHI PHÍ HỌC TẬP; GIÁ DỊCH VỤ TRONG"
    " LĨNH VỰC GIÁO DỤC, ĐÀO TẠO"
)
BODY = "Điều 1. Phạm vi điều chỉnh\nLuật này quy định về hoạt động bảo vệ an ninh quốc gia.\n"


@pytest.mark.parametrize(
    ("text", "title"),
    [
        # Type and name on two lines, below the issuer, the motto, number and date.
        (
            "QUỐC HỘI\n--------\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n"
            "Luật số: 24/2018/QH14\nHà Nội, ngày 12 tháng 6 năm 2018\nLUẬT\nAN NINH MẠNG\n",
            "LUẬT AN NINH MẠNG",
        ),
        # Set apart by blank lines: the first line (`QUỐC HỘI`) is no longer the title.
        ("QUỐC HỘI\n\nLUẬT\nCÔNG NGHỆ THÔNG TIN\n\n", "LUẬT CÔNG NGHỆ THÔNG TIN"),
        # On one line.
        ("LUẬT AN NINH MẠNG\n", "LUẬT AN NINH MẠNG"),
        # A name on two lines; a two-word type.
        (
            "CHÍNH PHỦ\nNGHỊ ĐỊNH\nQUY ĐỊNH CHI TIẾT MỘT SỐ ĐIỀU\nCỦA LUẬT AN NINH MẠNG\n",
            "NGHỊ ĐỊNH QUY ĐỊNH CHI TIẾT MỘT SỐ ĐIỀU CỦA LUẬT AN NINH MẠNG",
        ),
        ("BỘ LUẬT\nHÌNH SỰ\n", "BỘ LUẬT HÌNH SỰ"),
        # A numbered codification topic and its name, as written.
        ("Đề mục 3.1\nAn toàn thông tin mạng\n", "Đề mục 3.1 An toàn thông tin mạng"),
        ("Đề mục 3.1\nChương I\n", None),  # a chapter label is no name
        # A number is not a name.
        ("NGHỊ QUYẾT SỐ 36-NQ/TW\n\n", None),
        # A name in sentence case: its one line (review of main e8b81a6); never the
        # preamble or a sentence.
        ("LUẬT\nAn ninh mạng\n\n", "LUẬT An ninh mạng"),
        (
            "CHÍNH PHỦ\nSố: 53/2022/NĐ-CP\nNGHỊ ĐỊNH\n"
            "Quy định chi tiết một số điều của Luật An ninh mạng\n",
            "NGHỊ ĐỊNH Quy định chi tiết một số điều của Luật An ninh mạng",
        ),
        ("NGHỊ ĐỊNH\nLuật này quy định về an ninh mạng.\n", None),
        ("NGHỊ ĐỊNH\nCăn cứ Luật Tổ chức Chính phủ\n", None),
        # A document number in the name.
        (
            "THÔNG TƯ\nHƯỚNG DẪN MỘT SỐ ĐIỀU CỦA NGHỊ ĐỊNH SỐ 85/2016/NĐ-CP\n",
            "THÔNG TƯ HƯỚNG DẪN MỘT SỐ ĐIỀU CỦA NGHỊ ĐỊNH SỐ 85/2016/NĐ-CP",
        ),
        # The issuing authority before the preamble is not part of the name, nor a
        # line that repeats the header's.
        (
            "THỦ TƯỚNG CHÍNH PHỦ\nQUYẾT ĐỊNH\nBAN HÀNH QUY CHẾ\nỨNG CỨU SỰ CỐ\n"
            "THỦ TƯỚNG CHÍNH PHỦ\n",
            "QUYẾT ĐỊNH BAN HÀNH QUY CHẾ ỨNG CỨU SỰ CỐ",
        ),
        (
            "BỘ CÔNG AN\nTHÔNG TƯ\nQUY ĐỊNH VỀ AN NINH MẠNG\nBỘ TRƯỞNG BỘ CÔNG AN\n",
            "THÔNG TƯ QUY ĐỊNH VỀ AN NINH MẠNG",
        ),
        (
            "ỦY BAN NHÂN DÂN TỈNH X\nQUYẾT ĐỊNH\nVỀ AN TOÀN THÔNG TIN\nỦY BAN NHÂN DÂN TỈNH X\n",
            "QUYẾT ĐỊNH VỀ AN TOÀN THÔNG TIN",
        ),
        # A decree's name in capitals runs longer than any headline (real: Nghị định
        # 81/2021/NĐ-CP, 45 words), below a number and date set in two columns.
        (
            "CHÍNH PHỦ\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n-------\tĐộc lập - Tự do - Hạnh phúc\n"
            "Số: 81/2021/NĐ-CP\tHà Nội, ngày 27 tháng 8 năm 2021\nNGHỊ ĐỊNH\n" + LONG_NAME + "\n",
            "NGHỊ ĐỊNH " + LONG_NAME,
        ),
        ("NGHỊ ĐỊNH " + LONG_NAME + "\n", "NGHỊ ĐỊNH " + LONG_NAME),
        # ... and so does a circular's name in sentence case (36 words, the shape of
        # Thông tư 12/2022/TT-BTTTT)
        (
            "BỘ THÔNG TIN VÀ TRUYỀN THÔNG\nSố: 12/2022/TT-BTTTT\tHà Nội, ngày 12 tháng 8 năm 2022\n"
            "THÔNG TƯ\n" + LONG_SENTENCE_NAME + "\n",
            "THÔNG TƯ " + LONG_SENTENCE_NAME,
        ),
        # ... but not a sentence in capitals
        ("NGHỊ ĐỊNH\n" + LONG_NAME + ".\n", None),
        # After running text, capitals are not the text's heading.
        (
            "Quốc hội đã thông qua một đạo luật mới về an ninh mạng với nhiều quy định.\n"
            "LUẬT\nAN NINH MẠNG\n",
            None,
        ),
    ],
)
def test_a_statute_is_titled_by_its_heading_lines(text, title):
    text += RECITAL + BODY
    rules = load_chrome_rules()
    assert statute_title(text, chrome.locate(text, rules), rules) == title


def test_a_header_flattened_onto_one_line_is_a_legal_header(tmp_path):
    # a school site's copy of a law (violet.vn): the site's lines, then the header's
    # two columns run together, the motto after the first column's rule
    path = tmp_path / "page.txt"
    path.write_text(
        "Trường THCS Trịnh Hoài Đức\n\nLUẬT AN NINH MẠNG NĂM 2018\n\n"
        "QUỐC HỘI CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n-------- Độc lập - Tự do - Hạnh phúc\n"
        "Luật số: 24/2018/QH14\nLUẬT AN NINH MẠNG\n" + RECITAL + BODY,
        encoding="utf-8",
    )
    assert read_document(path).meta.title_vi == "LUẬT AN NINH MẠNG"
    rules = load_chrome_rules()
    for line in (
        "QUỐC HỘI CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "-------- Độc lập - Tự do - Hạnh phúc",
        "CHÍNH PHỦ CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc",
    ):
        assert any(p.search(line) for p in rules.legal_header), line
    # a sentence that names the state is no header
    assert not any(p.search(RECITAL.strip()) for p in rules.legal_header)
    assert not any(
        p.search("Nhà nước Cộng hòa xã hội chủ nghĩa Việt Nam") for p in rules.legal_header
    )


def test_the_heading_title_wins_over_a_first_line_headline(tmp_path):
    path = tmp_path / "statute.txt"
    path.write_text("QUỐC HỘI\n\nLUẬT\nAN NINH MẠNG\n\n" + RECITAL + BODY, encoding="utf-8")
    assert read_document(path).meta.title_vi == "LUẬT AN NINH MẠNG"


def test_a_title_in_the_metadata_wins(tmp_path):
    path = tmp_path / "statute.txt"
    path.write_text("LUẬT\nAN NINH MẠNG\n" + RECITAL + BODY, encoding="utf-8")
    (tmp_path / "statute.meta.yaml").write_text("title: Luật An ninh mạng\n", encoding="utf-8")
    assert read_document(path).meta.title_vi == "Luật An ninh mạng"


def test_the_heading_lines_stay_text(tmp_path):
    path = tmp_path / "statute.txt"
    text = "LUẬT\nAN NINH MẠNG\n" + RECITAL + BODY
    path.write_text(text, encoding="utf-8")
    document = read_document(path)
    kept = "".join(document.text[p.start : p.end] for p in document.paragraphs)
    assert "LUẬT" in kept and "AN NINH MẠNG" in kept


@pytest.mark.parametrize(
    ("name", "title"),
    [
        ("itlaw-2006-67-2006-qh11.vi.txt", "LUẬT CÔNG NGHỆ THÔNG TIN"),
        ("phapdien-3.1-an-toan-thong-tin-mang.txt", "Đề mục 3.1 An toàn thông tin mạng"),
    ],
)
def test_the_real_statutes(name, title):
    path = REALTEXTS / name
    if not path.exists():
        pytest.skip("../shared/realtexts is not here")
    assert read_document(path).meta.title_vi == title
