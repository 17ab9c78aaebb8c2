"""Bilingual file readers (normcorpus.formats.bilingual): formats, directions, ids, safety."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest

from conftest import TEST_DATA
from normcorpus.errors import InputError
from normcorpus.formats.bilingual import detect_format, language, read_pairs

DATA = TEST_DATA / "check"
IDS = [f"s{k}" for k in range(1, 12)]
S4_VI = "Chương trình xây dựng năng lực ngày 12/6/2018."


@pytest.mark.parametrize(
    ("name", "ids"),
    [
        ("pairs.tsv", IDS),
        ("pairs.jsonl", IDS),
        ("pairs.tmx", IDS),
        ("pairs-1.1.tmx", IDS),
        ("pairs-en-vi.xlf", IDS),
        ("pairs-2.0.xlf", IDS),
        # no id column: segments are named by their line
        ("pairs.csv", [str(line) for line in range(2, 13)]),
    ],
)
def test_every_format_gives_the_same_pairs(name: str, ids: list[str]) -> None:
    pairs = list(read_pairs(DATA / name))
    assert [p.id for p in pairs] == ids
    assert pairs[3].vi == S4_VI
    assert all(p.file == str(DATA / name) and p.line for p in pairs)
    if name != "pairs-en-vi.xlf":
        assert pairs[3].en.startswith("The capacity-building")


def test_line_numbers_point_at_the_segment() -> None:
    pairs = {p.id: p for p in read_pairs(DATA / "pairs.tsv")}
    lines = (DATA / "pairs.tsv").read_text(encoding="utf-8").splitlines()
    assert lines[pairs["s4"].line - 1].startswith("s4\t")
    tmx = {p.id: p for p in read_pairs(DATA / "pairs.tmx")}
    assert (
        'tuid="s4"'
        in (DATA / "pairs.tmx").read_text(encoding="utf-8").splitlines()[tmx["s4"].line - 1]
    )


def test_csv_quoting_is_read() -> None:
    pairs = list(read_pairs(DATA / "pairs.csv"))
    assert pairs[3].en == 'The capacity-building "programme" of 12 June 2018.'


def test_english_to_vietnamese_xliff_is_turned_around() -> None:
    pairs = {p.id: p for p in read_pairs(DATA / "pairs-en-vi.xlf")}
    assert pairs["s4"].vi == S4_VI
    assert pairs["s4"].vi_is_source is False
    # s7 has no <target>: the Vietnamese (the target here) is empty
    assert pairs["s7"].vi == "" and pairs["s7"].en.startswith("Threats")


def test_tmx_1_1_lang_attributes_and_english_first() -> None:
    pairs = {p.id: p for p in read_pairs(DATA / "pairs-1.1.tmx")}
    assert pairs["s1"].vi.startswith("Hai Bên") and pairs["s1"].en.startswith("The two Sides")


def test_nfd_text_is_read_as_written() -> None:
    pairs = list(read_pairs(DATA / "nfd.tsv"))
    assert all(unicodedata.is_normalized("NFD", p.vi) for p in pairs)
    assert not unicodedata.is_normalized("NFC", pairs[0].vi)


@pytest.mark.parametrize(
    ("tag", "lang"),
    [("vi", "vi"), ("vi-VN", "vi"), ("EN_us", "en"), ("en-GB", "en"), ("", ""), (None, "")],
)
def test_language(tag: str | None, lang: str) -> None:
    assert language(tag) == lang


@pytest.mark.parametrize(
    ("name", "fmt"),
    [
        ("a.tsv", "tsv"),
        ("a.CSV", "csv"),
        ("a.jsonl", "jsonl"),
        ("a.tmx", "tmx"),
        ("a.xlf", "xliff"),
        ("a.xliff", "xliff"),
    ],
)
def test_detect_format(name: str, fmt: str) -> None:
    assert detect_format(name) == fmt


def test_unknown_extension_asks_for_input_format() -> None:
    with pytest.raises(InputError, match="--input-format"):
        detect_format("pairs.txt")


@pytest.mark.parametrize("name", ["xxe.tmx", "billion-laughs.tmx", "xxe.xlf", "billion-laughs.xlf"])
def test_entity_attacks_are_refused(name: str) -> None:
    with pytest.raises(InputError) as caught:
        list(read_pairs(DATA / name))
    message = str(caught.value)
    assert message.startswith(str(DATA / name)) and "\n" not in message
    assert "refused" in message
    assert "root:" not in message  # nothing of /etc/passwd


@pytest.mark.parametrize(
    ("name", "words"),
    [
        ("binary.tsv", "binary file"),
        ("binary.tmx", "binary content"),
        ("legacy-cp1258.tsv", "not UTF-8"),
        ("malformed.tmx", "not a well-formed TMX file"),
    ],
)
def test_bad_files_give_one_line_naming_the_file(name: str, words: str) -> None:
    with pytest.raises(InputError) as caught:
        list(read_pairs(DATA / name))
    message = str(caught.value)
    assert message.startswith(str(DATA / name)) and "\n" not in message
    assert words in message


def test_csv_header_must_name_both_languages(tmp_path: Path) -> None:
    path = tmp_path / "x.csv"
    path.write_text("id,fr,de\n1,a,b\n", encoding="utf-8")
    with pytest.raises(InputError, match="Vietnamese and an English column") as caught:
        list(read_pairs(path))
    assert caught.value.line == 1


@pytest.mark.parametrize(
    ("name", "text", "message", "line"),
    [
        ("x.tsv", "id\tvi\ten\na\tb\tc\na\td\te\n", "duplicate segment id 'a'", 3),
        ("x.tsv", "id\tvi\ten\na\n", "1 columns", 2),
        ("x.jsonl", '{"id": "a", "vi": "b", "en": "c"}\n{oops\n', "invalid JSON", 2),
        ("x.jsonl", '["a", "b"]\n', "JSON object", 1),
        ("x.jsonl", '{"id": "a", "en": "c"}\n', "string `vi`", 1),
        (
            "x.tmx",
            '<?xml version="1.0"?><tmx version="1.4"><header srclang="vi"/><body>'
            '<tu tuid="a"><tuv xml:lang="vi"><seg>x</seg></tuv></tu>'
            '<tu tuid="a"><tuv xml:lang="vi"><seg>y</seg></tuv></tu>'
            "</body></tmx>",
            "duplicate tuid 'a'",
            1,
        ),
        (
            "x.xlf",
            '<?xml version="1.0"?><xliff version="1.2"'
            ' xmlns="urn:oasis:names:tc:xliff:document:1.2"><file original="f"'
            ' source-language="fr" target-language="de" datatype="plaintext"><body>'
            '<trans-unit id="a"><source>x</source></trans-unit></body></file></xliff>',
            "one side must be Vietnamese",
            None,
        ),
    ],
)
def test_structural_errors(
    tmp_path: Path, name: str, text: str, message: str, line: int | None
) -> None:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as caught:
        list(read_pairs(path))
    assert message in caught.value.detail
    assert caught.value.line == line


def test_trailing_empty_target_without_tab_is_untranslated(tmp_path: Path) -> None:
    path = tmp_path / "x.tsv"
    path.write_text("vi\ten\nan ninh mạng\n", encoding="utf-8")
    pairs = list(read_pairs(path))
    assert [(p.id, p.vi, p.en) for p in pairs] == [("2", "an ninh mạng", "")]


def test_tmx_without_vietnamese_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "x.tmx"
    path.write_text(
        '<?xml version="1.0"?><tmx version="1.4"><header srclang="fr"/><body>'
        '<tu><tuv xml:lang="fr"><seg>x</seg></tuv><tuv xml:lang="en"><seg>y</seg></tuv></tu>'
        "</body></tmx>",
        encoding="utf-8",
    )
    with pytest.raises(InputError, match="no Vietnamese"):
        list(read_pairs(path))
