"""read.py: decoding, metadata, chrome stripping, discovery."""

from __future__ import annotations

import codecs
import shutil
import unicodedata
from pathlib import Path

import pytest

from normcorpus import read
from normcorpus.errors import InputError
from normcorpus.models import DocumentMeta

CORPUS = Path(__file__).resolve().parent.parent / "corpus"

STATEMENT = (
    "Tuyên bố mẫu\n"
    "Hai Bên thúc đẩy hoà bình và hợp tác an ninh mạng.\n"
    "\n"
    "Các nước thuỷ chung với Liên Hợp Quốc.\n"
)
# What the statement becomes: LF line ends, NFC, new-style tone marks.
NORMALISED = (
    "Tuyên bố mẫu\n"
    "Hai Bên thúc đẩy hòa bình và hợp tác an ninh mạng.\n"
    "\n"
    "Các nước thủy chung với Liên Hợp Quốc.\n"
)
PARAGRAPHS = [
    "Hai Bên thúc đẩy hòa bình và hợp tác an ninh mạng.",
    "Các nước thủy chung với Liên Hợp Quốc.",
]

ENCODINGS = {
    "utf-8": lambda s: s.encode("utf-8"),
    "utf-8-bom": lambda s: codecs.BOM_UTF8 + s.encode("utf-8"),
    "utf-16-le-bom": lambda s: codecs.BOM_UTF16_LE + s.encode("utf-16-le"),
    "utf-16-be-bom": lambda s: codecs.BOM_UTF16_BE + s.encode("utf-16-be"),
    "utf-32-bom": lambda s: s.encode("utf-32"),
    "utf-8-nfd": lambda s: unicodedata.normalize("NFD", s).encode("utf-8"),
}
LINE_ENDS = {"lf": "\n", "crlf": "\r\n", "cr": "\r"}


def write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


# --- decoding ------------------------------------------------------------------


@pytest.mark.parametrize("encoding", sorted(ENCODINGS))
@pytest.mark.parametrize("line_end", sorted(LINE_ENDS))
def test_read_document_decodes_every_supported_form(
    tmp_path: Path, encoding: str, line_end: str
) -> None:
    raw = ENCODINGS[encoding](STATEMENT.replace("\n", LINE_ENDS[line_end]))
    document = read.read_document(write(tmp_path / "mau.txt", raw))
    assert document.id == "mau"
    assert document.text == NORMALISED
    assert [document.text[p.start : p.end] for p in document.paragraphs] == PARAGRAPHS
    assert document.meta.title_vi == "Tuyên bố mẫu"


def test_cp1258_with_encoding_option(tmp_path: Path, cp1258) -> None:
    path = write(tmp_path / "cu.txt", cp1258(STATEMENT))
    with pytest.raises(InputError):
        read.read_document(path)
    document = read.read_document(path, encoding="cp1258")
    assert document.text == NORMALISED


@pytest.mark.parametrize("name", ["cp1258", "CP1258", "windows-1258", "latin-1", "utf_8"])
def test_any_python_codec_name_is_accepted(name: str) -> None:
    assert read.decode(b"abc", path="x.txt", encoding=name) == "abc"


def test_unknown_codec_is_an_input_error() -> None:
    with pytest.raises(InputError, match="unknown encoding 'no-such-codec'"):
        read.decode(b"abc", path="x.txt", encoding="no-such-codec")


def test_undecodable_names_file_and_byte_offset(tmp_path: Path) -> None:
    good = "Tiêu đề\nHai Bên ".encode()
    path = write(tmp_path / "hong.txt", good + b"\xff\xfe rest\n")
    with pytest.raises(InputError) as info:
        read.read_document(path)
    message = str(info.value)
    assert message.startswith(f"{path}: ")
    assert f"at byte {len(good)}" in message
    assert "--encoding" in message
    assert "\n" not in message


def test_explicit_encoding_that_fails_names_the_offset() -> None:
    with pytest.raises(InputError, match=r"^x\.txt: cannot decode as ascii at byte 2: "):
        read.decode(b"ab\xe9", path="x.txt", encoding="ascii")


def test_explicit_encoding_strips_a_bom() -> None:
    assert read.decode(codecs.BOM_UTF8 + b"abc", path="x", encoding="utf-8") == "abc"


def test_nul_characters_are_a_binary_file(tmp_path: Path) -> None:
    # UTF-16 without a BOM is not guessed: ASCII text in it is UTF-8 full of NULs,
    # Vietnamese text in it does not decode at all.
    path = write(tmp_path / "u16.txt", "Tieu de\nxin chao\n".encode("utf-16-le"))
    with pytest.raises(InputError, match=r"u16\.txt: binary file"):
        read.read_document(path)
    path = write(tmp_path / "u16vi.txt", "Tiêu đề\nxin chào\n".encode("utf-16-le"))
    with pytest.raises(InputError, match=r"u16vi\.txt: cannot decode as utf-8 at byte 4"):
        read.read_document(path)


@pytest.mark.parametrize("content", [b"", b"  \n\r\n\t"])
def test_empty_file(tmp_path: Path, content: bytes) -> None:
    path = write(tmp_path / "trong.txt", content)
    with pytest.raises(InputError, match=r"trong\.txt: empty file$"):
        read.read_document(path)


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"khong\.txt: no such file$"):
        read.read_document(tmp_path / "khong.txt")


def test_directory(tmp_path: Path) -> None:
    (tmp_path / "thu-muc.txt").mkdir()
    with pytest.raises(InputError, match="is a directory"):
        read.read_document(tmp_path / "thu-muc.txt")


def test_only_chrome_left(tmp_path: Path) -> None:
    path = write(tmp_path / "tieu-de.txt", "Chỉ có tiêu đề\n".encode())
    with pytest.raises(InputError, match="no statement text left"):
        read.read_document(path)


@pytest.mark.parametrize("name", ["Hoa Binh.txt", "_x.txt", "UPPER.txt", "a b.txt"])
def test_file_name_must_be_a_document_id(tmp_path: Path, name: str) -> None:
    with pytest.raises(InputError, match="not a usable document id"):
        read.doc_id(tmp_path / name)


@pytest.mark.parametrize(
    ("name", "doc"),
    [("vn-ru-2017-infosec.txt", "vn-ru-2017-infosec"), ("a.b_c-1.txt", "a.b_c-1")],
)
def test_doc_id(name: str, doc: str) -> None:
    assert read.doc_id(Path(name)) == doc


# --- metadata ------------------------------------------------------------------


def test_meta_of_the_russian_statement() -> None:
    meta, raw = read.read_meta(CORPUS / "vn-ru-2017-infosec.txt")
    assert raw
    assert meta.date == "2017-11-10"
    assert meta.parties == ("Viet Nam", "Russian Federation")
    assert meta.kind == "joint statement"
    assert meta.published == "2017-11-10"
    assert meta.title_en is not None and meta.title_en.startswith("Joint Statement")


def test_no_meta_file(tmp_path: Path) -> None:
    assert read.read_meta(tmp_path / "x.txt") == (DocumentMeta(), b"")


def test_meta_shorthands(tmp_path: Path) -> None:
    (tmp_path / "x.meta.yaml").write_text(
        "title: Tiêu đề\nparties: Viet Nam\nsource: TTXVN\ndate: 2018-04-28\n", encoding="utf-8"
    )
    meta, _ = read.read_meta(tmp_path / "x.txt")
    assert meta == DocumentMeta(
        title_vi="Tiêu đề", parties=("Viet Nam",), outlet="TTXVN", date="2018-04-28"
    )


def test_meta_with_a_yaml_error_names_the_line(tmp_path: Path) -> None:
    (tmp_path / "x.meta.yaml").write_text("title: ok\nparties: [a, b\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"x\.meta\.yaml:3: invalid YAML"):
        read.read_meta(tmp_path / "x.txt")


def test_meta_must_be_a_mapping(tmp_path: Path) -> None:
    (tmp_path / "x.meta.yaml").write_text("- a\n- b\n", encoding="utf-8")
    with pytest.raises(InputError, match="must be a mapping"):
        read.read_meta(tmp_path / "x.txt")


def test_meta_file_overrides_title_and_date_lines(tmp_path: Path) -> None:
    for name in ("asean-2018-cybersecurity.txt", "asean-2018-cybersecurity.meta.yaml"):
        shutil.copyfile(CORPUS / name, tmp_path / name)
    document = read.read_document(tmp_path / "asean-2018-cybersecurity.txt")
    assert document.meta.title_vi == ("Tuyên bố của các nhà lãnh đạo ASEAN về hợp tác an ninh mạng")
    assert document.meta.date == "2018-04-28"
    assert document.meta.published == "2018-04-29"


def test_source_digest_depends_on_meta_and_encoding(tmp_path: Path) -> None:
    path = write(tmp_path / "x.txt", STATEMENT.encode())
    plain = read.read_document(path).source_sha256
    assert read.read_document(path).source_sha256 == plain
    assert read.read_document(path, encoding="utf-8").source_sha256 != plain
    (tmp_path / "x.meta.yaml").write_text("kind: test\n", encoding="utf-8")
    assert read.read_document(path).source_sha256 != plain


# --- chrome -------------------------------------------------------------------

PAGE = """\
Tiêu đề bài báo về an ninh mạng
Diễn đàn - Ngày đăng : 22:52, 29/04/2018
Đoạn một của tuyên bố về an ninh mạng.>>>Bài khác về chủ đề này
Tin liên quan
-
Kinh tế Việt Nam
Một tin khác
20:28' - 10/11/2017
Mô tả tin khác, vẫn trong danh sách.

Đoạn hai của tuyên bố.
Toàn cảnh hội nghị tại Hà Nội. Ảnh: TTXVN
Theo TTXVN
(TTXVN/Vietnam+)
20:13' - 10/11/2017
Tin cùng chuyên mục
-
Kinh tế Việt Nam
Tin cuối cùng
"""


def kept(text: str, rules: read.ChromeRules | None = None) -> list[str]:
    body = read.strip_chrome(text, rules or read.load_chrome_rules())
    return [text[p.start : p.end] for p in body.paragraphs]


def test_strip_chrome_keeps_only_the_statement() -> None:
    body = read.strip_chrome(PAGE, read.load_chrome_rules())
    assert [PAGE[p.start : p.end] for p in body.paragraphs] == [
        "Đoạn một của tuyên bố về an ninh mạng.",
        "Đoạn hai của tuyên bố.",
    ]
    assert body.title == "Tiêu đề bài báo về an ninh mạng"
    assert body.published == "2018-04-29"


def test_quoted_body_is_the_statement() -> None:
    page = (
        "Tiêu đề\n"
        "TTXVN trân trọng giới thiệu toàn văn.\n"
        "“Đoạn thứ nhất của tuyên bố, khá dài để chiếm phần lớn văn bản.\n"
        "Đoạn thứ hai của tuyên bố, cũng dài như đoạn thứ nhất vậy”.\n"
    )
    assert kept(page) == [
        "Đoạn thứ nhất của tuyên bố, khá dài để chiếm phần lớn văn bản.",
        "Đoạn thứ hai của tuyên bố, cũng dài như đoạn thứ nhất vậy",
    ]


def test_a_short_quotation_is_not_the_statement() -> None:
    page = "Tiêu đề\nChủ đề “Tự cường và sáng tạo” được chọn cho hội nghị thượng đỉnh năm nay.\n"
    assert kept(page) == [
        "Chủ đề “Tự cường và sáng tạo” được chọn cho hội nghị thượng đỉnh năm nay."
    ]


def test_rules_are_data(tmp_path: Path) -> None:
    rules_file = tmp_path / "chrome.yaml"
    rules_file.write_text(
        "title_line: none\ndrop_lines: ['^QUẢNG CÁO']\ncut_from: ['[[']\n", encoding="utf-8"
    )
    rules = read.load_chrome_rules(rules_file)
    page = "Dòng một.\nQUẢNG CÁO: mua ngay\nDòng hai. [[liên kết]]\nTin liên quan\n"
    # no title line, no block rules: "Tin liên quan" is kept under these rules
    assert kept(page, rules) == ["Dòng một.", "Dòng hai.", "Tin liên quan"]
    assert rules.digest != read.load_chrome_rules().digest


def test_bad_rules_file(tmp_path: Path) -> None:
    bad = tmp_path / "chrome.yaml"
    bad.write_text("drop_lines: ['(unclosed']\n", encoding="utf-8")
    with pytest.raises(InputError, match="bad pattern in drop_lines"):
        read.load_chrome_rules(bad)
    with pytest.raises(InputError, match=r"missing\.yaml: no chrome rules file"):
        read.load_chrome_rules(tmp_path / "missing.yaml")


CHROME = ("Tin liên quan", "Tin cùng chuyên mục", "Kinh tế Việt Nam", "Ảnh: TTXVN", ">>>", "20:28'")


@pytest.mark.parametrize("doc", ["vn-ru-2017-infosec", "asean-2018-cybersecurity"])
def test_real_statements_keep_no_chrome(doc: str) -> None:
    document = read.read_document(CORPUS / f"{doc}.txt")
    body = "\n".join(document.text[p.start : p.end] for p in document.paragraphs)
    for chrome in CHROME:
        assert chrome not in body
    # the chrome is still in the stored text: offsets point into the whole page
    if doc == "vn-ru-2017-infosec":
        assert all(chrome in document.text for chrome in CHROME)


def test_russian_statement_is_the_quoted_text() -> None:
    document = read.read_document(CORPUS / "vn-ru-2017-infosec.txt")
    paragraphs = [document.text[p.start : p.end] for p in document.paragraphs]
    assert len(paragraphs) == 2
    assert paragraphs[0].startswith(
        "Chủ tịch nước Cộng hòa xã hội chủ nghĩa Việt Nam và Tổng thống"
    )
    assert paragraphs[-1].endswith("trong lĩnh vực bảo đảm an ninh thông tin quốc tế")
    assert "TTXVN trân trọng giới thiệu" not in "".join(paragraphs)


@pytest.mark.parametrize(
    ("doc", "title", "published"),
    [
        (
            "vn-ru-2017-infosec",
            "APEC 2017: Tuyên bố chung Việt-Nga về hợp tác bảo đảm an ninh thông tin quốc tế",
            None,
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
    assert document.meta.published == published
    assert document.meta.date == published
    body = "\n".join(document.text[p.start : p.end] for p in document.paragraphs)
    assert title not in body
    assert "Ngày đăng" not in body


# --- discovery -----------------------------------------------------------------


def test_discover(tmp_path: Path) -> None:
    for name in ("b.txt", "a.txt", ".hidden.txt", "a.meta.yaml", "notes.md", "a.en.tsv"):
        (tmp_path / name).write_text("x", encoding="utf-8")
    extra = tmp_path / "elsewhere.txt"
    assert read.discover([tmp_path, extra]) == [tmp_path / "a.txt", tmp_path / "b.txt", extra]
    assert read.discover([]) == []
