"""read.py: decoding, metadata, chrome stripping, discovery."""

from __future__ import annotations

import codecs
import itertools
import shutil
import unicodedata
from pathlib import Path

import pytest

from normcorpus import charsets, read
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


def test_cp1258_is_detected_or_given(tmp_path: Path, cp1258) -> None:
    path = write(tmp_path / "cu.txt", cp1258(STATEMENT))
    detected = read.read_document(path)
    assert (detected.text, detected.meta.encoding) == (NORMALISED, "cp1258")
    assert [n.id for n in detected.notices] == ["encoding-detected"]
    given = read.read_document(path, encoding="cp1258")
    assert (given.text, given.notices) == (NORMALISED, ())


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


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
@pytest.mark.parametrize("text", ["Tieu de\nxin chao\n", "Tiêu đề\nHai Bên xin chào các bạn.\n"])
def test_utf16_without_a_bom_is_recognised(text: str, codec: str) -> None:
    # ASCII text in it is UTF-8 full of NULs; Vietnamese text is not UTF-8 at all.
    decoded = read.decode_file(text.encode(codec), path="u16.txt")
    assert (decoded.text, decoded.encoding) == (text, codec)
    assert decoded.notices[0].id == "encoding-detected"


def test_nul_characters_are_a_binary_file(tmp_path: Path) -> None:
    path = write(tmp_path / "nhi-phan.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x01\xff")
    with pytest.raises(InputError, match=r"nhi-phan\.txt: binary file"):
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
    path = write(tmp_path / "gach.txt", b"-----\n* * *\n")
    with pytest.raises(InputError, match="no statement text left"):
        read.read_document(path)


def test_a_single_line_is_text_not_a_title(tmp_path: Path) -> None:
    document = read.read_document(write(tmp_path / "mot-dong.txt", "Chỉ có tiêu đề\n".encode()))
    assert document.title is None and document.meta.title_vi is None
    assert [document.text[p.start : p.end] for p in document.paragraphs] == ["Chỉ có tiêu đề"]


@pytest.mark.parametrize(
    ("name", "doc"),
    [
        ("vn-ru-2017-infosec.txt", "vn-ru-2017-infosec"),
        ("a.b_c-1.txt", "a.b_c-1"),
        ("Hoa Binh.txt", "hoa-binh"),
        ("UPPER.txt", "upper"),
        ("a b.txt", "a-b"),
        ("_x.txt", "x"),
        ("Luật An ninh mạng 2018.txt", "luat-an-ninh-mang-2018"),
        ("Luật-An-ninh-mạng-24-2018-QH14.vi.txt", "luat-an-ninh-mang-24-2018-qh14.vi"),
        ("nl\n.txt", "nl"),
        ("tab\tand\x7fdel.txt", "tab-and-del"),
        ("a:b;c?.txt", "a-b-c"),
        ("notes.md", "notes.md"),
    ],
)
def test_doc_id(name: str, doc: str) -> None:
    assert read.doc_id(Path(name)) == doc
    assert read.DOC_ID.match(doc)


@pytest.mark.parametrize("name", ["Закон.txt", "“”.txt", "法律.txt", "x" * 250 + ".txt"])
def test_doc_id_of_names_that_lose_letters_or_length(name: str) -> None:
    doc = read.doc_id(Path(name))
    assert read.DOC_ID.match(doc) and len(doc) <= read.DOC_ID_MAX
    # a digest of the name keeps ids of different names apart
    assert read.doc_id(Path("y" + name)) != doc


def test_the_original_file_name_is_kept(tmp_path: Path) -> None:
    name = "Tuyên bố chung\n(bản dịch).txt"
    document = read.read_document(write(tmp_path / name, STATEMENT.encode()))
    assert document.id == "tuyen-bo-chung-ban-dich"
    assert document.meta.file_name == name


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


def test_a_misspelt_meta_key_is_a_notice_and_a_note_is_not(tmp_path: Path) -> None:
    (tmp_path / "x.meta.yaml").write_text(
        "title: T\ndat: 2018-04-28\nkeeper_notes: checked twice\n", encoding="utf-8"
    )
    meta, _raw, notices = read.read_meta_noting(tmp_path / "x.txt")
    assert meta.date is None
    assert [(n.id, n.message) for n in notices] == [
        (
            "meta-key-unknown",
            f"{tmp_path / 'x.meta.yaml'}:2: unknown key 'dat' (did you mean 'date'?);"
            " kept as a note, not read",
        )
    ]


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
    with pytest.raises(InputError, match=r"x\.meta\.yaml:3:1: YAML error: did not find"):
        read.read_meta(tmp_path / "x.txt")


@pytest.mark.parametrize(
    ("content", "message"),
    [
        # issue 18: a ValueError traceback
        ("title: x\ndate: 2018-13-45\n", r":2:7: '2018-13-45' is not a date \(month must be"),
        # issue 18: accepted, then every `search --kind` crashed
        ("kind: {a: b}\n", r":1:7: kind must be a string, not a mapping"),
        ("parties: [Viet Nam, 5]\n", r":1:21: parties\.1 must be a string, not the number 5"),
        ("title: {vi: [a]}\n", r":1:13: title\.vi must be a string, not a list"),
        ("title: 5\n", r":1:8: title must be a string or a mapping, not the number 5"),
        ("source: {published: soon}\n", r":1:21: source\.published must be a date \(YYYY-MM-DD\)"),
        ("date: 2018\n", r":1:7: date must be a date \(YYYY-MM-DD\), not the number 2018"),
        ("title: a\ntitle: b\n", r":2:1: the key 'title' is given twice"),
        ("title: !!python/object:os.system x\n", r":1:8: YAML tags like"),
        ("title: a\n---\ntitle: b\n", r":2:1: one YAML document per file"),
    ],
)
def test_meta_values_are_checked_where_they_stand(
    tmp_path: Path, content: str, message: str
) -> None:
    (tmp_path / "x.meta.yaml").write_text(content, encoding="utf-8")
    with pytest.raises(InputError, match=r"x\.meta\.yaml" + message):
        read.read_meta(tmp_path / "x.txt")


def test_meta_alias_bomb_is_refused(tmp_path: Path) -> None:
    # issue 18: 600 bytes that cost 5.4 GB and 25-41 s before crashing
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, 9):
        name, previous = chr(ord("a") + i), chr(ord("a") + i - 1)
        lines.append(f"{name}: &{name} [{', '.join(['*' + previous] * 9)}]")
    (tmp_path / "x.meta.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"x\.meta\.yaml:\d+:\d+: more than"):
        read.read_meta(tmp_path / "x.txt")


def test_meta_may_use_a_few_aliases(tmp_path: Path) -> None:
    (tmp_path / "x.meta.yaml").write_text(
        "date: &d 2018-04-28\nsource: {published: *d, outlet: TTXVN}\n", encoding="utf-8"
    )
    meta, _ = read.read_meta(tmp_path / "x.txt")
    assert (meta.date, meta.published, meta.outlet) == ("2018-04-28", "2018-04-28", "TTXVN")


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


# --- discovery -----------------------------------------------------------------


def test_discover(tmp_path: Path) -> None:
    for name in ("b.txt", "a.txt", ".hidden.txt", "a.meta.yaml", "notes.md", "a.en.tsv"):
        (tmp_path / name).write_text("x", encoding="utf-8")
    extra = tmp_path / "elsewhere.txt"
    assert read.discover([tmp_path, extra]) == [tmp_path / "a.txt", tmp_path / "b.txt", extra]
    assert read.discover([]) == []


# --- reading a long line without copies of it ---------------------------------


@pytest.mark.parametrize(
    "line",
    ["LUẬT AN NINH MẠNG", "Luật an ninh mạng", "STRASSE", "straße", "ŉ", "ǅ", "ﬁ", "Ά", "", "1"],
)
def test_a_line_is_unchanged_by_upper_piece_by_piece_as_whole(
    monkeypatch: pytest.MonkeyPatch, line: str
) -> None:
    # Pieces of one or two characters: every way a piece boundary can fall.
    for piece in (1, 2, 1 << 16):
        monkeypatch.setattr(read, "_PIECE", piece)
        assert read._unchanged_by_upper(line * 3) == (line * 3 == (line * 3).upper())


@pytest.mark.parametrize(
    "text",
    ["", "\n", "a\n\n b \n", "  \n\nTITLE\nname  \n\nbody. text\n", "x\ny", "\n\nlast\n"],
)
def test_the_stripped_lines_of_spans_are_those_of_their_split_text(text: str) -> None:
    class Span:
        def __init__(self, start: int, end: int) -> None:
            self.start, self.end = start, end

    cuts = sorted({0, len(text), len(text) // 2, len(text) // 3})
    spans = [Span(a, b) for a, b in itertools.pairwise(cuts)] or [Span(0, 0)]
    expected = [
        line.strip() for s in spans for line in text[s.start : s.end].split("\n") if line.strip()
    ]
    assert list(read._stripped_lines(text, spans)) == expected


@pytest.mark.parametrize("legacy", ["tcvn3", "vni-windows"])
@pytest.mark.parametrize("latin", ["cp1252", "latin-1"])
def test_a_legacy_text_read_as_latin_in_a_utf8_file_is_read_again(
    tmp_path: Path, legacy: str, latin: str
) -> None:
    # an old document's text copied out of a PDF whose font did the decoding:
    # `Coäng hoøa xaõ hoäi …` (VNI), `Céng hoµ x· héi …` (TCVN3), saved as UTF-8
    text = "Cộng hòa xã hội chủ nghĩa Việt Nam\nLuật An ninh mạng quy định về an ninh quốc gia.\n"
    copied = charsets.encode(text, legacy).decode(latin)
    if latin == "cp1252" and any(0x80 <= b < 0xA0 for b in charsets.encode(text, legacy)):
        pytest.skip("bytes Windows-1252 leaves undefined")
    decoded = read.decode_file(copied.encode("utf-8"), path="old.txt")
    assert decoded.text == text
    assert decoded.encoding == f"utf-8+{legacy}"
    assert [n.id for n in decoded.notices] == ["encoding-detected"]
    # asked for UTF-8, the file is read as it is
    kept = read.decode_file(copied.encode("utf-8"), path="old.txt", encoding="utf-8")
    assert (kept.text, kept.notices) == (copied, ())


@pytest.mark.parametrize(
    "text",
    [
        "Luật An ninh mạng quy định về an ninh quốc gia.\n",
        "Société Générale à Genève, Café Müller, São Paulo, Zürich.\n",
        "Plain ASCII text only.\n",
    ],
)
def test_unicode_text_that_is_no_such_copy_stays(text: str) -> None:
    decoded = read.decode_file(text.encode("utf-8"), path="x.txt")
    assert (decoded.text, decoded.encoding, decoded.notices) == (text, "utf-8", ())


@pytest.mark.parametrize(
    ("content", "what"),
    [
        # a law as a RAG dataset stores it (JSON, JSON Lines), other XML, bilingual files
        ('{"title": "Luật An ninh mạng", "content": "Điều 1. Phạm vi\\nLuật này …"}\n', "JSON"),
        ('[{"content": "Điều 1."}]\n', "JSON"),
        ('{"id": 1, "content": "Điều 1."}\n{"id": 2, "content": "Điều 2."}\n', "JSON Lines"),
        ('<?xml version="1.0"?>\n<law><article>Điều 1.</article></law>\n', "XML"),
        ('<?xml version="1.0"?>\n<xliff version="1.2"><file/></xliff>\n', "XLIFF"),
        ('<tmx version="1.4"><header/><body/></tmx>\n', "TMX"),
    ],
)
def test_a_data_file_is_refused_with_what_it_is(tmp_path: Path, content: str, what: str) -> None:
    path = tmp_path / "law.txt"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(InputError, match=f"{what} file") as raised:
        read.read_document(path)
    assert "not a text statement" in str(raised.value)


@pytest.mark.parametrize(
    "content",
    [
        "[1] Luật này quy định về an ninh mạng.\n",
        "{keywords}\nLuật này quy định về an ninh mạng.\n",
        "<Ứng dụng> công nghệ thông tin trong cơ quan nhà nước.\n",
    ],
)
def test_text_that_opens_like_data_is_read(tmp_path: Path, content: str) -> None:
    path = tmp_path / "law.txt"
    path.write_text(content, encoding="utf-8")
    document = read.read_document(path)
    kept = "".join(document.text[p.start : p.end] for p in document.paragraphs)
    assert content.strip().split("\n")[-1] in kept
