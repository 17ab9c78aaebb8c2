"""charsets.py: the legacy Vietnamese encodings, their tables, and detection."""

from __future__ import annotations

import shutil
import subprocess
import unicodedata
from pathlib import Path

import pytest

from conftest import REALTEXTS as SHARED_REALTEXTS
from normcorpus import charsets, read
from normcorpus.errors import InputError

DATA = Path(__file__).resolve().parent / "data" / "encodings"
REALTEXTS = SHARED_REALTEXTS or Path("no-realtexts")  # absent: the tests that read it skip
EXCERPT = (DATA / "itlaw-2006-excerpt.utf-8.txt").read_text("utf-8")

_TONES = ("", "\u0300", "\u0301", "\u0303", "\u0309", "\u0323")
LOWER = [
    unicodedata.normalize("NFC", vowel + tone) for vowel in "aăâeêioôơuưy" for tone in _TONES
] + ["đ"]
# The 134 letters of Vietnamese beyond ASCII, both cases.
LETTERS = [c for c in LOWER + [c.upper() for c in LOWER] if not c.isascii()]


def test_every_vietnamese_letter_round_trips() -> None:
    assert len(LETTERS) == 134
    word = "".join(LETTERS)
    for name in ("viscii", "vni-windows"):
        assert charsets.decode(charsets.encode(word, name), name) == word
    # TCVN3 has toned letters in lower case only (and ĂÂÊÔƠƯĐ)
    # (separate words, not at a sentence start: see test_tcvn3_restores_upper_case)
    lower = "x " + " ".join(c for c in LETTERS if c.islower() or c in "ĂÂÊÔƠƯĐ")
    assert charsets.decode(charsets.encode(lower, "tcvn3"), "tcvn3") == lower


# Anchors typed from public references, independent of the tables' own files.
@pytest.mark.parametrize(
    ("name", "raw", "text"),
    [
        # vietnamese-conversion's README: "Xin chào các bạn" in VNI
        ("vni-windows", "Xin chaøo caùc baïn".encode("cp1252"), "Xin chào các bạn"),
        # the classic mojibake of TCVN3 text shown in Windows-1252
        ("tcvn3", "§iÒu 13. Nguyªn t¾c".encode("cp1252"), "Điều 13. Nguyên tắc"),
        ("tcvn3", "Ninh B×nh".encode("cp1252"), "Ninh Bình"),
        ("vni-windows", "Ñieàu 13. Nguyeân taéc".encode("cp1252"), "Điều 13. Nguyên tắc"),
        # RFC 1456: upper-case letters in C0 positions, Õ at A0
        ("viscii", bytes([0x02, 0x05, 0x06, 0x14, 0x19, 0x1E, 0xA0]), "ẲẴẪỶỸỴÕ"),
    ],
)
def test_anchors_from_public_references(name: str, raw: bytes, text: str) -> None:
    assert charsets.decode(raw, name) == text


def _iconv(codec: str, byte: int) -> str | None:
    done = subprocess.run(
        ["iconv", "-f", codec, "-t", "UTF-8"], input=bytes([byte]), capture_output=True
    )
    return done.stdout.decode() if done.returncode == 0 and done.stdout else None


@pytest.mark.skipif(shutil.which("iconv") is None, reason="no iconv to compare with")
def test_tables_agree_with_glibc_iconv() -> None:
    if _iconv("VISCII", 0x41) is None:
        pytest.skip("this iconv has no VISCII")
    for byte in range(256):
        assert charsets.decode(bytes([byte]), "viscii") == _iconv("VISCII", byte), hex(byte)
    # glibc's TCVN5712-1 is VN1, a superset of TCVN3: every letter TCVN3 has sits
    # at the same code there.
    for char in [c for c in LETTERS if c.islower()] + list("ĂÂÊÔƠƯĐ"):
        (code,) = charsets.encode(char, "tcvn3")
        assert _iconv("TCVN5712-1", code) == char, char


@pytest.mark.parametrize("name", ["viscii", "tcvn3", "vni-windows", "windows-1258"])
def test_sample_files_decode_to_the_utf8_text(name: str) -> None:
    raw = (DATA / f"itlaw-2006-excerpt.{name}.txt").read_bytes()
    assert charsets.decode(raw, name) == EXCERPT


@pytest.mark.parametrize(
    ("written", "read_as"),
    [
        ("LUậT AN NINH MạNG", "LUẬT AN NINH MẠNG"),
        ("CƠ Sở Hạ TầNG THÔNG TIN", "CƠ SỞ HẠ TẦNG THÔNG TIN"),
        ("Luật này và ASEAN", "Luật này và ASEAN"),
        ("Và ASEAN đã họp.", "Và ASEAN đã họp."),
        ("ủy ban họp. ứng dụng", "Ủy ban họp. Ứng dụng"),
        ("a) ứng dụng;\nđ) quản lý", "a) ứng dụng;\nđ) quản lý"),
    ],
)
def test_tcvn3_restores_upper_case(written: str, read_as: str) -> None:
    raw = written.replace("ậ", "\xcb").replace("ạ", "\xb9").replace("ở", "\xeb")
    raw = raw.replace("ầ", "\xc7").replace("ủ", "\xf1").replace("ứ", "\xf8")
    raw = raw.replace("đ", "\xae").replace("ư", "\xad").replace("ơ", "\xac")
    raw = raw.replace("à", "\xb5").replace("ã", "\xb7").replace("ọ", "\xe4")
    raw = raw.replace("ả", "\xb6").replace("ý", "\xfd").replace("Ơ", "\xa5").replace("Ô", "\xa4")
    raw = raw.replace("ụ", "\xf4").replace("ậ", "\xcb")
    assert charsets.decode(raw.encode("latin-1"), "tcvn3") == read_as


def test_undefined_byte_names_its_offset() -> None:
    with pytest.raises(UnicodeDecodeError) as caught:
        charsets.decode(b"abc\x81", "tcvn3")  # 0x81 is not in Windows-1252 either
    assert caught.value.start == 3


@pytest.mark.parametrize(
    ("alias", "name"),
    [("VISCII", "viscii"), ("TCVN", "tcvn3"), ("abc", "tcvn3"), ("VNI", "vni-windows")],
)
def test_aliases(alias: str, name: str) -> None:
    assert charsets.lookup(alias) == name


# --- detection --------------------------------------------------------------------


@pytest.mark.parametrize("name", ["viscii", "tcvn3", "vni-windows", "windows-1258"])
def test_legacy_files_are_detected_and_said(tmp_path: Path, name: str) -> None:
    path = tmp_path / "luat.txt"
    shutil.copyfile(DATA / f"itlaw-2006-excerpt.{name}.txt", path)
    document = read.read_document(path)
    assert document.meta.encoding == charsets.lookup(name)
    assert document.text == EXCERPT
    (notice,) = document.notices
    assert notice.id == "encoding-detected" and not notice.warning
    assert charsets.display(charsets.lookup(name)) in notice.message


@pytest.mark.parametrize("name", ["viscii", "windows-1258"])
def test_real_legacy_samples(name: str) -> None:
    folder = REALTEXTS / "legacy-encodings"
    if not folder.is_dir():
        pytest.skip("../shared/realtexts is not here")
    expected = unicodedata.normalize("NFC", (folder / "vi-sample.utf-8.txt").read_text("utf-8"))
    decoded = read.decode_file((folder / f"vi-sample.{name}.txt").read_bytes(), path=name)
    assert decoded.encoding == charsets.lookup(name)
    assert decoded.text == expected


def test_utf8_is_tried_first() -> None:
    decoded = read.decode_file(EXCERPT.encode("utf-8"), path="x.txt")
    assert (decoded.encoding, decoded.notices) == ("utf-8", ())


@pytest.mark.parametrize(
    ("name", "actual"),
    [("cp1258", "vni-windows"), ("viscii", "utf-8"), ("tcvn3", "viscii"), ("vni-windows", "tcvn3")],
)
def test_a_wrong_encoding_warns(name: str, actual: str) -> None:
    raw = (DATA / f"itlaw-2006-excerpt.{actual}.txt").read_bytes()
    decoded = read.decode_file(raw, path="x.txt", encoding=name)
    (notice,) = decoded.notices
    assert notice.id == "encoding-implausible" and notice.warning
    with pytest.raises(InputError, match="does not read as Vietnamese"):
        read.decode_file(raw, path="x.txt", encoding=name, strict=True)


def test_the_right_encoding_given_says_nothing() -> None:
    raw = (DATA / "itlaw-2006-excerpt.tcvn3.txt").read_bytes()
    decoded = read.decode_file(raw, path="x.txt", encoding="TCVN3", strict=True)
    assert decoded.notices == () and decoded.text == EXCERPT


def test_bytes_that_read_as_nothing_are_an_error() -> None:
    # Latin-1 French: not UTF-8, and no legacy decoding reads as Vietnamese.
    raw = "Les États membres réaffirment leur coopération économique.".encode("latin-1")
    with pytest.raises(InputError, match=r"cannot decode as UTF-8 at byte 4.*pass --encoding"):
        read.decode_file(raw, path="x.txt")


def test_plausibility() -> None:
    assert charsets.plausibility(EXCERPT).share > 0.95
    assert charsets.plausibility("Xin chaøo caùc baïn").share == 0
    assert charsets.plausibility("plain ASCII says nothing").plausible


def test_tcvn3_copied_without_its_soft_hyphens() -> None:
    # TCVN3's plain `ư` is byte 0xAD, a soft hyphen to every other program: a copy
    # of a page drops it (a Ministry of Finance decision of 2002, as a public
    # repository quotes it: `quyÕt ®Þnh cña bé trëng bé tµi chÝnh`)
    raw = "quyÕt ®Þnh cña bé trëng bé tµi chÝnh".encode("latin-1")
    assert charsets.decode(raw, "tcvn3") == "quyết định của bộ trưởng bộ tài chính"
    text = "Nhưng người trưởng thôn nước ngoài được thương lượng; các khoản a, b, c và d; QH."
    lost = charsets.encode(text, "tcvn3").replace(b"\xad", b"")
    # the rhymes that cannot stand without it come back; `ngời` is a word, and stays
    assert charsets.decode(lost, "tcvn3") == text.replace("người", "ngời")
    # a file that still holds its 0xAD bytes lost nothing, and nothing is changed
    kept = charsets.encode("thơng", "tcvn3") + b" " + charsets.encode("tư", "tcvn3")
    assert charsets.decode(kept, "tcvn3") == "thơng tư"
