"""htmltext.py: a saved web page read as the text a browser shows of it, and
read.py reading a `.html` statement through it (a legal database's page as a
user saves it: Word's HTML, paragraphs broken at ~80 columns in the source,
the record table, hidden menus, the toolbar)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from normcorpus import htmltext, read
from normcorpus.errors import InputError


@pytest.mark.parametrize(
    ("html", "text"),
    [
        # a paragraph broken in the source is one line; inline markup adds no space
        ("<p>Điều 1. Phạm\nvi điều chỉnh</p>", "Điều 1. Phạm vi điều chỉnh\n"),
        ("<p>3. <i>Nghiệp vụ mật m</i>ã là</p>", "3. Nghiệp vụ mật mã là\n"),
        # blocks and <br> end lines; blank blocks (&nbsp;) give none
        (
            "<p><b>QUỐC\n  HỘI<br>\n  --------</b></p><p>&nbsp;</p><div>Luật</div>",
            "QUỐC HỘI\n--------\nLuật\n",
        ),
        # a table row's cells on one line, tab-separated; entities decoded
        (
            "<table><tr><td><b>Số hiệu:</b></td><td>\n 05/2011/QH13\n</td>"
            "<td>Người ký:</td><td>Nguyễn Sinh H&#249;ng</td></tr></table>",
            "Số hiệu:\t05/2011/QH13\tNgười ký:\tNguyễn Sinh Hùng\n",
        ),
        # cells holding paragraphs keep them on lines of their own
        (
            "<table><tr><td><p>QUỐC HỘI</p></td><td><p>CỘNG HÒA</p></td></tr></table>",
            "QUỐC HỘI\nCỘNG HÒA\n",
        ),
        # what a browser does not render is not text
        (
            "<html><head><title>T</title><style>p{}</style></head><body>"
            "<script>var a = '<p>x</p>';</script>"
            "<div style='display: none'>MỤC LỤC<div>x</div></div>"
            "<div hidden>y</div><select><option>Ông</option></select><p>Văn bản</p></body></html>",
            "Văn bản\n",
        ),
        ("<pre>a\n  b</pre>", "a\n  b\n"),
    ],
)
def test_page_text(html: str, text: str) -> None:
    assert htmltext.to_text(html) == text


@pytest.mark.parametrize(
    ("name", "head", "expected"),
    [
        ("luat.html", "Điều 1.", True),
        ("LUAT.HTM", "", True),
        ("luat.txt", "\ufeff<!DOCTYPE html>\n<html>", True),
        ("luat.txt", b"<!-- saved -->\n<html lang='vi'>", True),
        ("luat.txt", "Điều 1. <b>Phạm vi</b>", False),
        ("luat.txt", "<html là một thẻ>", False),
    ],
)
def test_is_html(name: str, head: str | bytes, expected: bool) -> None:
    assert htmltext.is_html(name, head) is expected


PAGE = """<!DOCTYPE HTML PUBLIC "-//W3C//DTD HTML 4.01 Transitional//EN">
<html><head><meta charset="UTF-8"><title>Luật Cơ yếu</title></head><body>
<div id="header"><a href="/">THƯ VIỆN PHÁP LUẬT</a>
<p class="name-logo"><span class="slogan">...loại rủi ro pháp lý, nắm cơ hội làm giàu...</span>
</p></div>
<table><tr><td><b>Số hiệu:</b></td><td>05/2011/QH13</td>
<td><b>Loại văn bản:</b></td><td>Luật</td></tr></table>
<div class="__mucluc" style="display:none"><a>MỤC LỤC VĂN BẢN</a></div>
<div class="content1"><table><tr><td><p align=center><b>QUỐC
  HỘI<br>--------</b></p></td><td><p align=center><b>CỘNG
  HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM<br>Độc lập - Tự do - Hạnh phúc</b></p></td></tr></table>
<p align=center><b>LUẬT</b></p><p align=center>CƠ YẾU</p>
<p><a name="chuong_1"><b>Chương I</b></a></p>
<p><a name="dieu_1"><b>Điều 1. Phạm
vi điều chỉnh</b></a></p>
<p>Luật này quy định về hoạt động
cơ yếu; nhiệm vụ, quyền hạn của lực lượng cơ yếu.</p>
</div>
<ul><li><a>Lưu trữ</a></li><li><a>Ghi chú</a></li><li><a>Facebook</a></li><li><a>In</a></li></ul>
</body></html>
"""


def test_a_saved_database_page_reads_as_its_text(tmp_path: Path) -> None:
    path = tmp_path / "luat-co-yeu.html"
    path.write_text(PAGE, encoding="utf-8")
    doc = read.read_document(path)
    assert doc.id == "luat-co-yeu"
    paras = [doc.text[s.start : s.end] for s in doc.paragraphs]
    assert "Điều 1. Phạm vi điều chỉnh" in paras
    assert (
        "Luật này quy định về hoạt động cơ yếu; nhiệm vụ, quyền hạn của lực lượng cơ yếu." in paras
    )
    assert not any("<" in p or "MỤC LỤC" in p for p in paras)
    kinds = {c.kind for c in doc.meta.chrome}
    assert {"record-attributes", "buttons"} <= kinds
    assert doc.meta.title_vi == "LUẬT CƠ YẾU"
    # the same bytes as a .txt are read as a page too (it opens as one), and a
    # page's digest is not the digest its bytes had when read as plain text
    same = tmp_path / "luat-co-yeu.txt"
    same.write_text(PAGE, encoding="utf-8")
    assert read.read_document(same).text == doc.text
    rules = read.load_chrome_rules()
    raw = PAGE.encode()
    assert read.source_digest(
        raw, b"", encoding=None, rules=rules, html=True
    ) != read.source_digest(raw, b"", encoding=None, rules=rules)


def test_a_corpus_directory_takes_saved_pages(tmp_path: Path) -> None:
    for name in ("a.html", "b.htm", "c.txt", "d.pdf", "e.en.txt"):
        (tmp_path / name).write_text("x", encoding="utf-8")
    assert [p.name for p in read.discover([tmp_path])] == ["a.html", "b.htm", "c.txt"]


@pytest.mark.parametrize(
    ("data", "said"),
    [
        (b"%PDF-1.4\n1 0 obj<<>>endobj\n%%EOF\n", "a PDF file, not a text statement: save"),
        (b"PK\x03\x04\x14\x00\x00\x00word/document.xml", "a Word document (.docx), not a text"),
        (bytes.fromhex("D0CF11E0A1B11AE1") + b"\x00" * 40, "a Word 97-2003 document (.doc)"),
        (b"{\\rtf1\\ansi \\u272?i\\u7873?u 1.}", "an RTF document, not a text statement"),
        (b"a\x00b\x00\x00\x00c", "binary file (contains NUL characters), not a text statement"),
    ],
)
def test_a_document_file_is_named_and_refused(tmp_path: Path, data: bytes, said: str) -> None:
    # the forms laws come in, given to ingest as they are: one line that says what
    # the file is and what to do (a PDF or RTF without NULs was read as text before)
    path = tmp_path / "luat.txt"
    path.write_bytes(data)
    with pytest.raises(InputError, match=re.escape(said)):
        read.read_document(path)
