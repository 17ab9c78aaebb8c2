"""A news lead's day-month dateline (`Sáng 22-5,`) is dated only with a year the text gives."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import REALTEXTS
from normcorpus import dateline, read
from normcorpus.models import Span

HEADLINE = "Hợp tác an ninh mạng là ưu tiên của khu vực"
BODY = "Các nước nhấn mạnh yêu cầu xây dựng không gian mạng hòa bình, an toàn và ổn định."


def date_of(tmp_path: Path, text: str, name: str = "tin.txt") -> str | None:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return read.read_document(path).meta.date


def page(lead: str, *, header: str = "", body: str = BODY) -> str:
    return "\n\n".join(part for part in (header, HEADLINE, lead, body) if part) + "\n"


@pytest.mark.parametrize(
    ("lead", "body", "expected"),
    [
        # a month and year near the dateline, as the real report writes it
        (
            "Sáng 22-5, Estonia, Chủ tịch luân phiên tháng 5-2020 của Hội đồng Bảo an, chủ trì.",
            BODY,
            "2020-05-22",
        ),
        ("Chiều 8/10, hội nghị tháng 10 năm 2020 diễn ra trực tuyến.", BODY, "2020-10-08"),
        (
            "Ngày 15-3, hội nghị khai mạc tại Hà Nội.",
            "Hội nghị kéo dài đến ngày 17-3-2021.",
            "2021-03-15",
        ),
        (
            "(Chinhphu.vn) - Sáng 22/5, đoàn công tác làm việc tại Bộ.",
            "Ngày 20/5/2020, Bộ đã họp.",
            "2020-05-22",
        ),
        (
            "Hà Nội, 22/5 (TTXVN) - Bộ Công an tổ chức hội nghị.",
            "Ngày 21/5/2020, Bộ đã họp.",
            "2020-05-22",
        ),
        ("Sáng 22-5-2020, Bộ Công an tổ chức hội nghị.", BODY, "2020-05-22"),
        # no evidence of the year: no date, never this year's
        ("Sáng 22-5, Estonia chủ trì cuộc họp trực tuyến.", BODY, None),
        # a month that disagrees is no evidence
        ("Sáng 22-5, Estonia chủ trì cuộc họp tháng 6-2020.", "Ngày 12/6/2019, Bộ đã họp.", None),
        # a bare `năm 2020` may be any year the report speaks of (`đến năm 2025`)
        (
            "Chiều 8/10, hội nghị bàn kế hoạch hợp tác.",
            "Trong năm 2020, Việt Nam là Chủ tịch ASEAN.",
            None,
        ),
        # two years for one month: no guess
        ("Ngày 15-3, hội nghị khai mạc.", "Ngày 1/3/2019 và ngày 2/3/2021 các bên đã họp.", None),
        # not a dateline: a count, a clause number
        ("Có 22-5 phiếu thuận, tháng 5-2020.", BODY, None),
    ],
)
def test_dateline_takes_its_year_from_the_text(
    tmp_path: Path, lead: str, body: str, expected: str | None
) -> None:
    assert date_of(tmp_path, page(lead, body=body)) == expected


def test_the_file_name_and_the_current_year_give_no_year(tmp_path: Path) -> None:
    text = page("Sáng 22-5, Estonia chủ trì cuộc họp trực tuyến.")
    assert date_of(tmp_path, text, name="news-2020-05-22-hop.txt") is None


def test_a_header_date_line_still_wins(tmp_path: Path) -> None:
    # the page's own date line gives the date, as before (the dateline's day is the event's)
    text = page("Sáng 22-5, Estonia chủ trì cuộc họp.", header="Thứ Bảy, 23/05/2020 09:15")
    assert date_of(tmp_path, text) == "2020-05-23"


LEAD = "Ngày 15-3, cơ quan có thẩm quyền thông báo tháng 3-2018 về việc này.\n\n"
ARTICLE = "Điều 1. Phạm vi điều chỉnh\n\nLuật này quy định về an ninh mạng.\n"


@pytest.mark.parametrize(
    "statute",
    [
        # known by its motto (chrome.yaml's legal_header)
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n\n" + LEAD + ARTICLE,
        # known by its title (`LUẬT` / its name in capitals)
        "LUẬT\nAN NINH MẠNG\n\n" + LEAD + ARTICLE,
    ],
)
def test_a_statute_is_never_dated_by_a_dateline(tmp_path: Path, statute: str) -> None:
    # its date is its place-and-date line; here it has none, so it has no date
    assert date_of(tmp_path, statute) is None


def test_only_the_first_paragraphs_hold_a_dateline() -> None:
    rules = dateline.load_rules()
    paragraphs = [f"Đoạn {n} nói về hợp tác an ninh mạng." for n in range(rules.lead_paragraphs)]
    text = "\n\n".join([*paragraphs, "Sáng 22-5, tháng 5-2020 hội nghị họp."])
    spans, start = [], 0
    for para in text.split("\n\n"):
        spans.append(Span(start, start + len(para)))
        start += len(para) + 2
    assert dateline.date(text, spans) is None
    assert dateline.date(text, spans[-1:]) == "2020-05-22"


@pytest.mark.skipif(REALTEXTS is None, reason="../shared/realtexts is not there")
def test_the_real_report_is_dated() -> None:
    path = REALTEXTS / "news-2020-05-22-arria-excerpt.txt"
    if not path.exists():
        pytest.skip(f"{path.name} is not in realtexts")
    assert read.read_document(path).meta.date == "2020-05-22"
