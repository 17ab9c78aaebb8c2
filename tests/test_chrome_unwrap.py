"""chrome.py's hard-wrap joins before a capital or a number: only in a text wrapped at a
width, where the next word would not have fitted, before a name or a number that goes on."""

from __future__ import annotations

import pytest

from normcorpus import chrome

RULES = chrome.load_rules()
# Project-written sentences, wrapped at 60 columns by hand: every line but a
# paragraph's last is within a word of the width.
WRAPPED = (
    "Hai bên nhất trí tăng cường hợp tác trong lĩnh vực bảo đảm\n"  # 58
    "an ninh thông tin quốc tế và phối hợp chặt chẽ với các nước\n"  # 59
    "ASEAN trong khuôn khổ các diễn đàn khu vực; đồng thời trao\n"  # 58
    "đổi kinh nghiệm, chia sẻ thông tin và đào tạo nguồn nhân lực\n"  # 60
    "cho các cơ quan chuyên trách của Bộ Thông tin và Truyền thông\n"  # 61 (the width)
    "Việt Nam về an toàn thông tin mạng từ ngày ký đến hết ngày\n"  # 58
    "01/07/2026 theo kế hoạch đã được hai bên thống nhất thông qua.\n"
)


def _paragraphs(text: str) -> list[str]:
    located = chrome.locate(text, RULES)
    return [text[p.start : p.end] for p in located.paragraphs]


def test_a_wrap_before_a_name_or_a_date_is_joined() -> None:
    # `ASEAN` (in capitals), `Việt Nam` (a name), `01/07/2026` (a date).
    assert _paragraphs(WRAPPED) == [WRAPPED.rstrip("\n")]


@pytest.mark.parametrize(
    "after",
    [
        "Việc trao đổi được tiến hành hằng năm tại hai nước.",  # a capital, then lower case
        "1. Hai bên cùng nhau phối hợp.",  # a khoản label
        "Điều 5. Hợp tác quốc tế",  # a structure label
        "(Ghi chú của người biên tập.)",  # not a letter or a number
    ],
)
def test_a_line_at_the_width_before_a_new_unit_stays_apart(after: str) -> None:
    # A heading that fills the width, with no final stop, then a new unit.
    heading = "Chương trình hợp tác về an ninh thông tin của hai nước bạn"  # 59
    text = WRAPPED + "\n" + heading + "\n" + after + "\n"
    assert _paragraphs(text)[-2:] == [heading, after]


def test_a_text_that_is_not_wrapped_joins_no_capital() -> None:
    # The same lines, but one of them far longer than a wrap column: not wrapped.
    long_line = "Một đoạn văn rất dài " * 10 + "của Bộ Thông tin và Truyền thông\n"
    text = long_line + "Việt Nam là thành viên tích cực của ASEAN.\n"
    assert len(_paragraphs(text)) == 2


def test_a_short_line_before_a_name_stays_apart() -> None:
    # The next word would have fitted: the break was the writer's, not the width's.
    text = WRAPPED + "\nKính gửi\nBộ Ngoại giao Việt Nam\n"
    assert _paragraphs(text)[-2:] == ["Kính gửi", "Bộ Ngoại giao Việt Nam"]


@pytest.mark.parametrize(
    ("text", "joined"),
    [
        # a sentence cut after a comma by a blank line, going on in lower case (a
        # real saved news page: `… Cục An ninh mạng và phòng,` / `chống tội phạm …`)
        ("Cục An ninh mạng và phòng,\n\nchống tội phạm sử dụng công nghệ cao thông báo.\n", True),
        # a blank line after any other ending, or before a capital or a label, ends it
        ("Cục An ninh mạng thông báo\n\nchống tội phạm là nhiệm vụ chung.\n", False),
        ("Các cơ quan sau đây,\n\nBộ Công an thông báo.\n", False),
        ("1. Các hành vi sau đây,\n\na) tấn công mạng;\n", False),
        # two blank lines are a break the writer meant
        ("Cục An ninh mạng và phòng,\n\n\nchống tội phạm sử dụng công nghệ cao.\n", False),
    ],
)
def test_a_sentence_cut_by_a_blank_line_after_a_comma(text: str, joined: bool) -> None:
    # a joined paragraph spans the break (its text keeps the line ends)
    assert any("\n" in paragraph for paragraph in _paragraphs(text)) is joined


@pytest.mark.parametrize("gap", ["\n", "\n\n"])
def test_the_headline_of_a_hard_wrapped_news_page(gap: str) -> None:
    # Every line of a wrapped lead is as short as a headline: the lead starts at the
    # paragraph's first line, so the line above it is the headline, and no wrapped
    # line is taken for one (a real page wrapped at 72 lost a line of its lead so).
    headline = "Hai nước tăng cường hợp tác về an ninh thông tin"
    text = f"{headline}{gap}08/10/2020 10:43{gap}{WRAPPED}"
    located = chrome.locate(text, RULES)
    assert located.title == headline
    assert [(c.kind, text[c.start : c.end]) for c in located.chrome] == [
        ("headline", headline),
        ("date-line", "08/10/2020 10:43"),
    ]
    assert _paragraphs(text) == [WRAPPED.rstrip("\n")]


def test_a_caption_wrapped_over_two_lines_is_chrome_whole() -> None:
    # A hard-wrapped caption is found by its last line (the credit); the line it
    # goes on from is the caption too (a real page wrapped at 72 kept that line).
    first = "Toàn cảnh phiên họp giữa hai đoàn đại biểu tại trụ sở chính"
    assert len(first) >= 58  # within a word of the width: the wrap was the width's
    caption = f"{first}\ncủa Bộ Ngoại giao. Ảnh: TTXVN"
    text = f"{WRAPPED}\n{caption}\n\n{WRAPPED}"
    located = chrome.locate(text, RULES)
    assert [(c.kind, text[c.start : c.end]) for c in located.chrome] == [
        ("caption", first),
        ("caption", "của Bộ Ngoại giao. Ảnh: TTXVN"),
    ]
    assert _paragraphs(text) == [WRAPPED.rstrip("\n")] * 2


@pytest.mark.parametrize(
    ("text", "joined"),
    [
        # real (a draft decree copied from Word's HTML, lines broken anywhere): a
        # number after a word that a number must follow goes on, at any width
        ("Căn cứ Luật tổ chức Chính phủ ngày 19 tháng 6 năm\n2015;\n", True),
        ("Căn cứ Luật An ninh mạng ngày 12 tháng\n6 năm 2018;\n", True),
        ("Nghị định này quy định chi tiết Khoản 5 Điều\n12, Điểm d Khoản 1 Điều 23.\n", True),
        # a label after such a word is a new unit
        ("1. Thời hạn lưu trữ là 5 năm\n2. Tổ chức thực hiện.\n", False),
        ("a) Thời hạn là 12 tháng\n2) Tổ chức thực hiện.\n", False),
        # after any other word, a number needs a wrap width
        ("Căn cứ Luật An ninh mạng ban hành\n2018;\n", False),
    ],
)
def test_a_number_after_a_word_that_needs_one_goes_on(text: str, joined: bool) -> None:
    text = "Chính phủ ban hành Nghị định.\n" + text  # a first line is no title then
    assert any("\n" in paragraph for paragraph in _paragraphs(text)) is joined


# A statute as a copy of Word's HTML gives it with the tags taken out (the statute
# is Luật Cơ yếu 05/2011/QH13; its lines as the page's source breaks them): blocks
# between blank lines, each paragraph broken at ~80 columns of the source, so the
# lines' lengths vary with the markup that was on them.
WORD_HTML_COPY = (
    "QUỐC\n  HỘI\n  --------\n\n"
    "  CỘNG\n  HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n  Độc lập - Tự do - Hạnh phúc\n\n"
    "  Hà\n  Nội, ngày 26 tháng 11 năm 2011\n\n"
    "LUẬT\n\nCƠ YẾU\n\n"
    "Chương IV\n\nNGƯỜI LÀM VIỆC TRONG TỔ\nCHỨC CƠ YẾU VÀ CHẾ ĐỘ, CHÍNH SÁCH\n\n"
    "Điều 1. Phạm\nvi điều chỉnh\n\n"
    "Luật này quy định về hoạt động\ncơ yếu; nhiệm vụ, quyền hạn của lực lượng cơ yếu.\n\n"
    "1. Xây dựng lực lượng cơ yếu\n"
    "chính quy, hiện đại, tuyệt đối trung thành với Đảng Cộng sản Việt Nam và Nhà nước\n"
    "Cộng hoà xã hội chủ nghĩa Việt Nam.\n\n"
    "2. Ưu tiên đầu tư cho nghiên cứu,\nứng dụng khoa học và công nghệ mật mã.\n\n"
    "Luật này đã được Quốc hội nước\n"
    "Cộng hòa xã hội chủ nghĩa Việt Nam khóa XIII, kỳ họp thứ 2 thông qua ngày 26\n"
    "tháng 11 năm 2011.\n\n"
    "CHỦ\n  TỊCH QUỐC HỘI\n  Nguyễn Sinh Hùng\n"
)


def test_a_word_html_copy_keeps_its_paragraphs_whole() -> None:
    paras = [" ".join(p.split()) for p in _paragraphs(WORD_HTML_COPY)]
    assert paras == [
        "QUỐC HỘI",  # a word cut by the wrap (`quốc hội`), before a capital
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",  # a line the block breaks on purpose
        "Hà Nội, ngày 26 tháng 11 năm 2011",
        "LUẬT",
        "CƠ YẾU",
        "Chương IV",
        "NGƯỜI LÀM VIỆC TRONG TỔ CHỨC CƠ YẾU VÀ CHẾ ĐỘ, CHÍNH SÁCH",
        "Điều 1. Phạm vi điều chỉnh",
        "Luật này quy định về hoạt động cơ yếu; nhiệm vụ, quyền hạn của lực lượng cơ yếu.",
        # a long line in a block goes on before a capital: the sentence is one
        "1. Xây dựng lực lượng cơ yếu chính quy, hiện đại, tuyệt đối trung thành với Đảng"
        " Cộng sản Việt Nam và Nhà nước Cộng hoà xã hội chủ nghĩa Việt Nam.",
        "2. Ưu tiên đầu tư cho nghiên cứu, ứng dụng khoa học và công nghệ mật mã.",
        "Luật này đã được Quốc hội nước Cộng hòa xã hội chủ nghĩa Việt Nam khóa XIII, kỳ"
        " họp thứ 2 thông qua ngày 26 tháng 11 năm 2011.",
        "CHỦ TỊCH QUỐC HỘI",  # the signer's capacity (capitals), then the name
        "Nguyễn Sinh Hùng",
    ]


@pytest.mark.parametrize(
    ("text", "paras"),
    [
        # a word cut in two joins in any text, one paragraph a line too
        ("QUỐC\nHỘI\nĐiều 1. Phạm vi\n", ["QUỐC\nHỘI", "Điều 1. Phạm vi"]),
        # each side whole: `hiện đại` / `Toàn cảnh` (though `đại toàn` is a word),
        # `BỘ CÔNG AN` / `CỘNG HÒA …`
        (
            "Phát triển quốc gia số hiện đại\nToàn, Minh và Lan dự họp\n",
            ["Phát triển quốc gia số hiện đại", "Toàn, Minh và Lan dự họp"],
        ),
        ("BỘ CÔNG AN\nCỘNG HÒA XÃ HỘI\n", ["BỘ CÔNG AN", "CỘNG HÒA XÃ HỘI"]),
        # one paragraph a line: a long line before a capital stays apart
        (
            "Độc lập - Tự do - Hạnh phúc\n"
            "Điều 5 Chính sách của Nhà nước về ứng dụng và phát triển công nghệ\n"
            "Nhà nước ưu tiên ứng dụng công nghệ thông tin.\n",
            [
                "Độc lập - Tự do - Hạnh phúc",
                "Điều 5 Chính sách của Nhà nước về ứng dụng và phát triển công nghệ",
                "Nhà nước ưu tiên ứng dụng công nghệ thông tin.",
            ],
        ),
    ],
)
def test_lines_that_stay_apart_or_join(text: str, paras: list[str]) -> None:
    assert _paragraphs(text) == paras


def _paragraphs(text: str) -> list[str]:
    located = chrome.locate(text, chrome.load_rules())
    return [text[p.start : p.end].strip() for p in located.paragraphs]


def test_a_law_flattened_onto_one_line_is_cut_at_its_labels() -> None:
    # a document site's copy: every unit runs on after the one before (unseen10)
    text = (
        "Quốc hội ban hành Luật an toàn thông tin mạng. Chương I NHỮNG QUY ĐỊNH CHUNG "
        "Điều 1. Phạm vi điều chỉnh Luật này quy định về hoạt động an toàn thông tin mạng. "
        "Điều 2 Đối tượng áp dụng Luật này áp dụng đối với cơ quan, tổ chức, cá nhân. "
        "Điều 3:Giải thích từ ngữ Trong Luật này, các từ ngữ dưới đây được hiểu như sau: "
        "1. An toàn thông tin mạng là sự bảo vệ thông tin trên mạng. 2.Mạng là môi trường "
        "trong đó thông tin được cung cấp: a) thu thập thông tin; b)xử lý thông tin. "
        "Điều 4. Thanh tra về công nghệ thông tin 1. Thanh tra chuyên ngành thực hiện "
        "chức năng thanh tra. Mục 1: QUY ĐỊNH CHUNG Điều 5. Nguyên tắc chung Nhà nước bảo "
        "đảm.\n"
    )
    assert _paragraphs(text) == [
        "Quốc hội ban hành Luật an toàn thông tin mạng.",
        "Chương I NHỮNG QUY ĐỊNH CHUNG",
        "Điều 1. Phạm vi điều chỉnh Luật này quy định về hoạt động an toàn thông tin mạng.",
        "Điều 2 Đối tượng áp dụng Luật này áp dụng đối với cơ quan, tổ chức, cá nhân.",
        "Điều 3:Giải thích từ ngữ Trong Luật này, các từ ngữ dưới đây được hiểu như sau:",
        "1. An toàn thông tin mạng là sự bảo vệ thông tin trên mạng.",
        "2.Mạng là môi trường trong đó thông tin được cung cấp:",
        "a) thu thập thông tin;",
        "b)xử lý thông tin.",
        "Điều 4. Thanh tra về công nghệ thông tin",
        "1. Thanh tra chuyên ngành thực hiện chức năng thanh tra.",
        "Mục 1: QUY ĐỊNH CHUNG",
        "Điều 5. Nguyên tắc chung Nhà nước bảo đảm.",
    ]


def test_a_flattened_codification_article_sets_its_source_note_apart() -> None:
    text = (
        "Điều 3.1.LQ.1. Phạm vi điều chỉnh (Điều 1 Luật số 86/2015/QH13, có hiệu lực thi"
        " hành kể từ ngày 01/07/2016) Luật này quy định về hoạt động an toàn thông tin mạng.\n"
    )
    assert _paragraphs(text) == [
        "Điều 3.1.LQ.1. Phạm vi điều chỉnh",
        "(Điều 1 Luật số 86/2015/QH13, có hiệu lực thi hành kể từ ngày 01/07/2016)",
        "Luật này quy định về hoạt động an toàn thông tin mạng.",
    ]


@pytest.mark.parametrize(
    "text",
    [
        # references stand after a word, or name a document
        "Việc này thực hiện theo quy định tại Điều 5. Các bên phối hợp thực hiện.\n",
        "Luật đã có hiệu lực. Điều 8 Luật An ninh mạng nghiêm cấm các hành vi.\n",
        "Tổ chức thực hiện theo khoản 2 Điều 3. Bộ Công an chủ trì.\n",
        # a note's list of articles goes on after a semicolon
        "(Điều này có nội dung liên quan đến Điều 1.11.LQ.36. Trách nhiệm của Bộ Công an;"
        " Điều 1.11.LQ.37. Trách nhiệm của Bộ Quốc phòng)\n",
        # a number in running text
        "Số lượng tăng 1. Năm nay đã có nhiều thay đổi.\n",
    ],
)
def test_references_in_a_line_are_no_labels(text: str) -> None:
    assert _paragraphs(text) == [text.strip()]
