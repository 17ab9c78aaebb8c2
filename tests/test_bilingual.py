"""Bilingual file readers (normcorpus.formats.bilingual): formats, directions, ids, safety."""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path

import pytest

from conftest import GLOSSARY_PATH, REALTEXTS, TEST_DATA
from normcorpus.check import check_files
from normcorpus.errors import InputError, NormcorpusError
from normcorpus.formats.bilingual import detect_format, direction, language, read_pairs
from normcorpus.glossary import load_glossary

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


@pytest.mark.parametrize("chunk", [1, 2, 3, 7, 1 << 20])
@pytest.mark.parametrize(
    "text",
    ["id\tvi\ten\n", "a\nb", "a\nb\n\n", "", "\n", "\ufeffa\r\nbc\rd\r\n", "xyz" * 9, "a\r"],
)
def test_text_lines_are_those_of_readlines_whatever_the_chunk(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, chunk: int, text: str
) -> None:
    # Lines are cut a chunk at a time: a line across chunks (a \r\n too) is one line.
    from normcorpus.formats import bilingual

    path = tmp_path / "lines.tsv"
    path.write_bytes(text.encode("utf-8"))
    with path.open(encoding="utf-8-sig") as handle:
        expected = [line.removesuffix("\n") for line in handle.readlines()]
    monkeypatch.setattr(bilingual, "_CHUNK", chunk)
    assert list(bilingual._text_lines(path)) == expected


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
    [
        ("vi", "vi"),
        ("vi-VN", "vi"),
        ("EN_us", "en"),
        ("en-GB", "en"),
        ("vie", "vi"),
        ("eng", "en"),
        ("", ""),
        (None, ""),
    ],
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
    assert "languages found: fr, de" in caught.value.detail


@pytest.mark.parametrize("suffix", ["tsv", "csv", "jsonl"])
def test_align_output_is_named_by_first_clause_id_and_its_gaps_are_not_checked(
    tmp_path: Path, suffix: str
) -> None:
    # Segments are named as align's TMX names them (tuid); its gaps (1-0, 0-1: text
    # one side lacks) are left out, as the TMX leaves them out, and counted in a note.
    # They were read as 61 `untranslated` findings of 65 on the real IT Law.
    columns = ["bead", "confidence", "vi_ids", "vi", "en"]
    rows = [
        ["2-1", "0.9", '["d:p1.s1.c1", "d:p1.s1.c2"]', "a", "A"],
        ["0-1", "1", "[]", "", "B"],
        ["1-0", "0.8", '["d:p2.s1.c1"]', "c", ""],
        ["1-1", "0.7", '["d:p3.s1.c1"]', "e", ""],  # a pair whose English is empty
    ]
    if suffix == "jsonl":
        lines = [
            json.dumps(dict(zip(columns, [*row[:2], json.loads(row[2]), *row[3:]], strict=True)))
            for row in rows
        ]
    else:
        sep = "\t" if suffix == "tsv" else ","
        if suffix == "csv":
            rows = [[f'"{c.replace(chr(34), chr(34) * 2)}"' for c in row] for row in rows]
        lines = [sep.join(columns), *(sep.join(r) for r in rows)]
    path = tmp_path / f"x.{suffix}"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    notes: list[str] = []
    pairs = list(read_pairs(path, notes=notes))
    assert [p.id for p in pairs] == (
        ["d:p1.s1.c1", "d:p3.s1.c1"] if suffix != "jsonl" else ["1", "4"]
    )
    assert notes == [
        f"{path}: 2 alignment gap(s) not checked (1 1-0, 1 0-1: text one side"
        " lacks, as align's `bead` column says; align's TMX leaves them out)"
    ]


def test_an_align_output_of_gaps_only_is_no_error(tmp_path: Path) -> None:
    # (it said "no segments: nothing below the header row", exit 2, below two rows)
    path = write(
        tmp_path,
        "x.tsv",
        'bead\tconfidence\tvi_ids\tvi\ten\n1-0\t1\t["d:p1.s1.c1"]\tc\t\n',
    )
    notes: list[str] = []
    assert list(read_pairs(path, notes=notes)) == []
    assert notes and "1 alignment gap(s) not checked" in notes[0]
    with pytest.raises(InputError, match="no segments"):  # a header alone still is one
        list(read_pairs(write(tmp_path, "y.tsv", "bead\tconfidence\tvi_ids\tvi\ten\n")))


def test_a_bead_column_alone_is_no_align_output(tmp_path: Path) -> None:
    # only align's own columns (a `bead` beside `vi_ids`) say that a row is a gap
    path = write(tmp_path, "x.tsv", "bead\tvi\ten\n1-0\tc\t\n")
    notes: list[str] = []
    assert [p.vi for p in read_pairs(path, notes=notes)] == ["c"] and not notes


@pytest.mark.parametrize(
    ("header", "row"),
    [
        # `normcorpus align`'s own TSV: `vi_ids`, `vi_lines` come before the text columns.
        ("bead\tconfidence\tvi_ids\tvi_lines\ten_lines\tvi\ten", '1-1\t1\t["d:1"]\t[1]\t[1]\tb\tc'),
        ("vi-VN\ten_US", "b\tc"),
        ("vi_ids\tVI\tEN", "x\tb\tc"),
    ],
)
def test_the_text_columns_are_those_named_by_a_language_tag(
    tmp_path: Path, header: str, row: str
) -> None:
    path = tmp_path / "x.tsv"
    path.write_text(f"{header}\n{row}\n", encoding="utf-8")
    [pair] = list(read_pairs(path))
    assert (pair.vi, pair.en) == ("b", "c")


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
            '<tu tuid="a"><tuv xml:lang="vi"><seg>y</seg></tuv>'
            '<tuv xml:lang="en"><seg>z</seg></tuv></tu>'
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


# --- unusual, empty and bad inputs (issue 13 item 3, issue 18 item 10) ---------------------

TMX_HEAD = (
    '<?xml version="1.0"?><tmx version="1.4"><header creationtool="t" creationtoolversion="1"'
    ' segtype="sentence" o-tmf="t" adminlang="en" srclang="{src}" datatype="plaintext"/><body>'
)


def tmx(units: list[dict[str, str]], src: str = "vi", tuid: bool = False) -> str:
    """A TMX 1.4 on one line: one <tu> per dict of language -> text."""
    body = "".join(
        (f'<tu tuid="u{k}">' if tuid else "<tu>")
        + "".join(f'<tuv xml:lang="{lang}"><seg>{text}</seg></tuv>' for lang, text in unit.items())
        + "</tu>"
        for k, unit in enumerate(units, start=1)
    )
    return TMX_HEAD.format(src=src) + body + "</body></tmx>"


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_one_line_tmx_without_tuids_is_named_by_position(tmp_path: Path) -> None:
    # `tuid` is optional in TMX 1.4 (tmx14.dtd: `tuid CDATA #IMPLIED`).
    units = [
        {"vi": "an ninh mạng", "en": "cybersecurity"},
        {"vi": "chủ quyền", "en": "sovereignty"},
    ]
    pairs = list(read_pairs(write(tmp_path, "x.tmx", tmx(units))))
    assert [(p.id, p.line, p.vi, p.en) for p in pairs] == [
        ("1", 1, "an ninh mạng", "cybersecurity"),
        ("2", 1, "chủ quyền", "sovereignty"),
    ]


def test_a_position_that_is_another_units_tuid_is_refused(tmp_path: Path) -> None:
    text = tmx([{"vi": "a", "en": "b"}, {"vi": "c", "en": "d"}]).replace("<tu>", '<tu tuid="2">', 1)
    with pytest.raises(InputError, match="unit 2 has no tuid, and its position '2' is the tuid"):
        list(read_pairs(write(tmp_path, "x.tmx", text)))


@pytest.mark.parametrize(
    ("name", "text", "words"),
    [
        ("header.tsv", "id\tvi\ten\n", "nothing below the header row"),
        ("header.csv", "vi,en\n\n", "nothing below the header row"),
        ("blank.jsonl", "\n  \n", "no JSON object"),
        ("empty.tmx", TMX_HEAD.format(src="vi") + "</body></tmx>", "no translation unit (<tu>)"),
        (
            "empty.xlf",
            '<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2"><file'
            ' original="f" source-language="vi" target-language="en" datatype="plaintext">'
            "<body/></file></xliff>",
            "no translation unit",
        ),
    ],
)
def test_a_file_without_segments_is_an_input_error(
    tmp_path: Path, name: str, text: str, words: str
) -> None:
    with pytest.raises(InputError) as caught:
        list(read_pairs(write(tmp_path, name, text)))
    assert caught.value.detail.startswith("no segments") and words in caught.value.detail
    assert "\n" not in str(caught.value)


def test_a_vietnamese_french_tmx_names_its_languages(tmp_path: Path) -> None:
    units = [{"vi": f"an ninh mạng {k}", "fr": f"cybersécurité {k}"} for k in range(63)]
    path = write(tmp_path, "vi-fr.tmx", tmx(units))
    with pytest.raises(InputError) as caught:
        list(read_pairs(path))
    assert "no English side" in caught.value.detail
    assert "vi (63 <tuv>), fr (63 <tuv>)" in caught.value.detail
    # Told which side is which, the reader takes the French side as the English one.
    notes: list[str] = []
    pairs = list(read_pairs(path, source_lang="vi", target_lang="en", notes=notes))
    assert pairs[0].en == "cybersécurité 0" and pairs[0].vi_is_source
    assert notes == [
        f"{path}: read vi as Vietnamese and fr as English, as --source-lang/--target-lang say"
    ]


def test_a_tmx_without_vietnamese_names_its_languages(tmp_path: Path) -> None:
    path = write(tmp_path, "x.tmx", tmx([{"en": "a", "fr": "b"}], src="en"))
    with pytest.raises(InputError, match=r"no Vietnamese .*en \(1 <tuv>\), fr \(1 <tuv>\)"):
        list(read_pairs(path))


def test_tmx_srclang_sets_the_direction(tmp_path: Path) -> None:
    notes: list[str] = []
    path = write(tmp_path, "x.tmx", tmx([{"en": "Threats", "vi": ""}], src="en-US"))
    (pair,) = read_pairs(path, notes=notes)
    assert (pair.vi_is_source, pair.source, pair.target) == (False, "Threats", "")
    assert "English -> Vietnamese (the TMX's srclang)" in notes[0]


def test_other_languages_of_a_tmx_are_noted(tmp_path: Path) -> None:
    notes: list[str] = []
    units = [{"vi": "a", "en": "b", "fr": "c"}, {"fr": "d", "de": "e"}]
    pairs = list(read_pairs(write(tmp_path, "x.tmx", tmx(units)), notes=notes))
    assert [p.id for p in pairs] == ["1"]
    assert [n.split(": ", 1)[1] for n in notes] == [
        "also holds de, fr: only vi and en are checked",
        "1 unit(s) hold neither side (vi, en): skipped",
    ]


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ((None, None), None),
        (("vi", "en"), True),
        (("en-GB", "vi-VN"), False),
        ((None, "vi"), False),
        (("vie", None), True),
        ((None, "en"), True),
    ],
)
def test_direction(given: tuple[str | None, str | None], expected: bool | None) -> None:
    assert direction(*given) is expected


@pytest.mark.parametrize("given", [("vi", "vi"), ("fr", "en"), ("vi", "fr"), ("de", None)])
def test_direction_needs_vietnamese_and_english(given: tuple[str | None, str | None]) -> None:
    with pytest.raises(NormcorpusError, match="one must be Vietnamese"):
        direction(*given)


@pytest.mark.parametrize("suffix", ["tsv", "csv", "jsonl"])
def test_source_and_target_columns_are_told_by_their_text(tmp_path: Path, suffix: str) -> None:
    rows = [
        ("Threats to national sovereignty.", "Các mối đe dọa đối với chủ quyền quốc gia."),
        ("Capacity building.", "Xây dựng năng lực."),
    ]
    if suffix == "jsonl":
        text = "".join(json.dumps({"source": s, "target": t}) + "\n" for s, t in rows)
    else:
        sep = "\t" if suffix == "tsv" else ","
        text = f"source{sep}target\n" + "".join(f'"{s}"{sep}"{t}"\n' for s, t in rows)
        text = text.replace('"', "") if suffix == "tsv" else text
    notes: list[str] = []
    pairs = list(read_pairs(write(tmp_path, f"x.{suffix}", text), notes=notes))
    assert [(p.vi, p.en, p.vi_is_source) for p in pairs] == [(t, s, False) for s, t in rows]
    assert "read as English -> Vietnamese" in notes[0]


def test_source_and_target_in_no_vietnamese_cannot_be_told(tmp_path: Path) -> None:
    path = write(tmp_path, "x.tsv", "source\ttarget\nsécurité\tsecurity\n")
    with pytest.raises(InputError, match="cannot tell the languages of the `source` and `target`"):
        list(read_pairs(path))
    (pair,) = read_pairs(path, target_lang="en")  # told: the source side is Vietnamese
    assert (pair.vi, pair.en) == ("sécurité", "security")


def test_an_xliff_without_target_language_is_told_by_its_text(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "x.xlf",
        '<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2"><file original="f"'
        ' source-language="en" datatype="plaintext"><body><trans-unit id="a"><source>Threats'
        "</source><target>Các mối đe dọa</target></trans-unit></body></file></xliff>",
    )
    (pair,) = read_pairs(path)
    assert (pair.vi, pair.en, pair.vi_is_source) == ("Các mối đe dọa", "Threats", False)


def test_an_okapi_xliff_1_2_is_read_as_1_2(tmp_path: Path) -> None:
    # Okapi Rainbow's XLIFF 1.2 declares ITS 2.0 on its root (`its:version="2.0"`):
    # it was read as XLIFF 2.0 and refused; groups of groups hold its units
    its = 'xmlns:its="http://www.w3.org/2005/11/its" its:version="2.0"'
    path = write(
        tmp_path,
        "x.xlf",
        f'<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2" {its}>'
        '<file original="xl/sharedStrings.xml" source-language="en-US" target-language="vi-VN"'
        ' datatype="x-undefined"><body><group id="g1" resname="Tabelle1"><group id="g2">'
        '<trans-unit id="tu1" resname="Tabelle1!D2" xml:space="preserve">'
        '<source xml:lang="en-US">Threats</source><target xml:lang="vi-VN">Các mối đe dọa</target>'
        "</trans-unit></group></group></body></file></xliff>",
    )
    (pair,) = read_pairs(path)
    assert (pair.vi, pair.en, pair.vi_is_source) == ("Các mối đe dọa", "Threats", False)


def test_given_languages_override_what_an_xliff_declares(tmp_path: Path) -> None:
    notes: list[str] = []
    pairs = list(read_pairs(DATA / "pairs-en-vi.xlf", source_lang="vi", notes=notes))
    assert pairs[3].en == S4_VI and pairs[3].vi_is_source  # the file's target, read as English
    assert "read as vi -> en, as --source-lang/--target-lang say" in notes[0]
    assert "source-language/target-language: en -> vi" in notes[0]


@pytest.mark.skipif(REALTEXTS is None, reason="../shared/realtexts is not there")
def test_a_real_english_to_vietnamese_xliff() -> None:
    assert REALTEXTS is not None
    path = REALTEXTS / "l10n" / "symfony-validators.vi.xlf"
    notes: list[str] = []
    pairs = list(read_pairs(path, notes=notes))
    assert len(pairs) == 116 and not any(p.vi_is_source for p in pairs)
    assert (pairs[0].en, pairs[0].vi) == ("This value should be false.", "Giá trị này phải là sai.")
    assert notes == [
        f"{path}: English -> Vietnamese (the XLIFF's source-language/target-language): the"
        " Vietnamese target is checked against the glossary, and an empty Vietnamese target"
        " is untranslated",
        f'{path}: targets marked as not translated yet (6 state="needs-translation"): read as'
        " untranslated",
    ]


@pytest.mark.parametrize(
    ("name", "text", "detail"),
    [
        ("x.xlf", "<html/>", "not an XLIFF file: its root element is <html>, not <xliff>"),
        ("x.tmx", "<html><body/></html>", "not a TMX file: its root element is <html>, not <tmx>"),
        (
            "y.xlf",
            '<?xml version="1.0"?>\n<!-- x -->\n<tmx version="1.4"/>',
            "not an XLIFF file: its root element is <tmx>, not <xliff>",
        ),
    ],
)
def test_xml_with_a_wrong_root_is_refused(
    tmp_path: Path, name: str, text: str, detail: str
) -> None:
    with pytest.raises(InputError) as caught:
        list(read_pairs(write(tmp_path, name, text)))
    assert caught.value.detail == detail


def test_deeply_nested_jsonl_is_one_error(tmp_path: Path) -> None:
    path = write(tmp_path, "x.jsonl", '{"vi": ' + "[" * 100_000 + "]" * 100_000 + "}\n")
    with pytest.raises(InputError, match="nested too deeply") as caught:
        list(read_pairs(path))
    assert caught.value.line == 1


def test_a_lone_surrogate_is_read_as_a_replacement_character(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "x.jsonl",
        '{"id": "a", "vi": "an ninh \\ud800 mạng", "en": "cyber \\udfff"}\n'
        '{"id": "b", "vi": "nhóm \\ud83d\\ude00", "en": "group \\ud83d\\ude00"}\n',
    )
    notes: list[str] = []
    pairs = list(read_pairs(path, notes=notes))
    assert (pairs[0].vi, pairs[0].en) == ("an ninh \ufffd mạng", "cyber \ufffd")
    assert pairs[1].vi == "nhóm 😀"  # a surrogate pair is one character, kept
    assert notes == [
        f"{path}: a lone UTF-16 surrogate (\\ud800-\\udfff, no character) read as U+FFFD"
        " on line(s) 1"
    ]


def test_xliff_ids_repeated_across_files_are_named_by_file(tmp_path: Path) -> None:
    def file(original: str, ids: list[str]) -> str:
        return (
            f'<file original="{original}" source-language="vi" target-language="en"'
            ' datatype="plaintext"><body>'
            + "".join(
                f'<trans-unit id="{i}"><source>an ninh mạng</source><target>x</target></trans-unit>'
                for i in ids
            )
            + "</body></file>"
        )

    text = (
        '<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">'
        + file("a.txt", ["1", "2"])
        + file("b.txt", ["1", "3"])
        + "</xliff>"
    )
    pairs = list(read_pairs(write(tmp_path, "x.xlf", text)))
    assert [p.id for p in pairs] == ["a.txt#1", "2", "b.txt#1", "3"]


def test_xliff_code_elements_are_kept_as_tags_a_lost_one_is_found(tmp_path: Path) -> None:
    # translate-toolkit's plain text drops <g> and <x/>: a tag the target lost
    # went unseen. Native code (<bpt>, <ph>) stays text as before.
    from normcorpus.check import check_files
    from normcorpus.glossary import load_glossary

    path = tmp_path / "a.xlf"
    path.write_text(
        '<?xml version="1.0"?><xliff xmlns="urn:oasis:names:tc:xliff:document:1.2"'
        ' version="1.2"><file source-language="en" target-language="vi" datatype="plaintext"'
        ' original="a"><body>'
        '<trans-unit id="1"><source>Click <g id="1">Save</g> <x id="2"/>now.</source>'
        '<target>Nhấn <g id="1">Lưu</g> <x id="2"/>ngay.</target></trans-unit>'
        '<trans-unit id="2"><source>Click <g id="1">Save</g> now.</source>'
        "<target>Nhấn Lưu ngay.</target></trans-unit>"
        '<trans-unit id="3"><source>Press <ph id="1">%s</ph>.</source>'
        '<target>Nhấn <ph id="1">%s</ph>.</target></trans-unit>'
        "</body></file></xliff>",
        encoding="utf-8",
    )
    pairs = {p.id: p for p in read_pairs(path)}
    assert pairs["1"].en == 'Click <g id="1">Save</g> <x id="2"/>now.'
    assert pairs["1"].vi == 'Nhấn <g id="1">Lưu</g> <x id="2"/>ngay.'
    assert pairs["3"].en == "Press %s."
    report = check_files([path], load_glossary(GLOSSARY_PATH), rules=["tag-mismatch"])
    assert [(f.segment, f.rule) for f in report.findings] == [("2", "tag-mismatch")]


def test_xliff2_code_elements_are_kept_as_tags(tmp_path: Path) -> None:
    path = tmp_path / "a.xlf"
    path.write_text(
        '<?xml version="1.0"?><xliff xmlns="urn:oasis:names:tc:xliff:document:2.0"'
        ' version="2.0" srcLang="en" trgLang="vi"><file id="f">'
        '<unit id="1"><segment><source>Click <pc id="1">Save</pc> <ph id="2"/>now.</source>'
        "<target>Nhấn Lưu ngay.</target></segment></unit></file></xliff>",
        encoding="utf-8",
    )
    [pair] = read_pairs(path)
    assert (pair.en, pair.vi) == ('Click <pc id="1">Save</pc> <ph id="2"/>now.', "Nhấn Lưu ngay.")


@pytest.mark.parametrize("suffix", ["tsv", "csv"])
def test_a_two_column_file_without_header_is_read_when_the_languages_are_given(
    tmp_path: Path, suffix: str
) -> None:
    # a CAT tool's plain export: no header row, source then target
    sep = "\t" if suffix == "tsv" else ","
    path = tmp_path / f"plain.{suffix}"
    path.write_text(
        f"Bảo đảm an ninh mạng{sep}Ensuring cybersecurity\nChủ quyền{sep}Sovereignty\n",
        encoding="utf-8",
    )
    with pytest.raises(InputError, match="without a header is read with --source-lang"):
        list(read_pairs(path))
    notes: list[str] = []
    pairs = list(read_pairs(path, source_lang="vi", target_lang="en", notes=notes))
    assert [(p.id, p.vi, p.en, p.line) for p in pairs] == [
        ("1", "Bảo đảm an ninh mạng", "Ensuring cybersecurity", 1),
        ("2", "Chủ quyền", "Sovereignty", 2),
    ]
    assert any("no header row" in note for note in notes)
    reverse = tmp_path / f"reverse.{suffix}"
    reverse.write_text(f"Sovereignty{sep}Chủ quyền\n", encoding="utf-8")
    (pair,) = read_pairs(reverse, source_lang="en", target_lang="vi")
    assert (pair.vi, pair.en, pair.vi_is_source) == ("Chủ quyền", "Sovereignty", False)


def test_a_header_naming_other_columns_is_still_a_header_when_languages_are_given(
    tmp_path: Path,
) -> None:
    path = tmp_path / "x.tsv"
    path.write_text("id\tfr\n1\ta\n", encoding="utf-8")
    with pytest.raises(InputError, match="Vietnamese and an English column"):
        list(read_pairs(path, source_lang="vi", target_lang="en"))


_XLIFF_1_2 = (
    '<?xml version="1.0"?><xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">'
    '<file original="f" source-language="en" target-language="vi" datatype="plaintext"><body>'
    '<trans-unit id="1"><source>Security</source><target>Bảo mật</target></trans-unit>'
    '<trans-unit id="2"><source>Invalid week.</source>'
    '<target state="needs-translation">Invalid week.</target></trans-unit>'
    '<trans-unit id="3"><source>New text.</source><target state="new">Văn bản mới.</target>'
    "</trans-unit>"
    '<trans-unit id="4"><source>Reviewed.</source>'
    '<target state="needs-review-translation">Đã xem.</target></trans-unit>'
    '<trans-unit id="5" translate="no"><source>KeePassXC</source></trans-unit>'
    '<group translate="no"><trans-unit id="6"><source>GnuPG</source></trans-unit></group>'
    '<group translate="yes"><trans-unit id="7"><source>Save</source><target>Lưu</target>'
    "</trans-unit></group>"
    "</body></file></xliff>"
)


def test_xliff_targets_marked_not_translated_are_read_as_empty(tmp_path: Path) -> None:
    notes: list[str] = []
    pairs = list(read_pairs(write(tmp_path, "a.xlf", _XLIFF_1_2), notes=notes))
    # translate="no" (on the unit, or on a group around it): not a segment.
    assert [(p.id, p.vi, p.state) for p in pairs] == [
        ("1", "Bảo mật", None),
        ("2", "", "needs-translation"),
        ("3", "", "new"),
        # a state asking for review is a translation, checked as one
        ("4", "Đã xem.", None),
        ("7", "Lưu", None),
    ]
    assert notes[1:] == [
        f"{tmp_path / 'a.xlf'}: targets marked as not translated yet"
        ' (1 state="needs-translation", 1 state="new"): read as untranslated',
        f'{tmp_path / "a.xlf"}: 2 unit(s) marked translate="no": not checked',
    ]
    report = check_files([tmp_path / "a.xlf"], load_glossary(GLOSSARY_PATH))
    assert [(f.segment, f.rule, f.message) for f in report.findings if f.segment in "23"] == [
        ("2", "untranslated", "the file marks the target “needs-translation”"),
        ("3", "untranslated", "the file marks the target “new”"),
    ]


def test_xliff2_initial_segments_are_read_as_empty(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "a.xlf",
        '<?xml version="1.0"?><xliff xmlns="urn:oasis:names:tc:xliff:document:2.0"'
        ' version="2.0" srcLang="en" trgLang="vi"><file id="f">'
        '<unit id="1"><segment state="initial"><source>Save</source><target>Save</target>'
        "</segment></unit>"
        # no state: 2.0's default is `initial`, but tools leave it out of translations
        '<unit id="2"><segment><source>Open</source><target>Mở</target></segment></unit>'
        '<unit id="3"><segment state="translated"><source>Close</source><target>Đóng</target>'
        "</segment></unit>"
        '<unit id="4" translate="no"><segment><source>GnuPG</source></segment></unit>'
        "</file></xliff>",
    )
    assert [(p.id, p.vi, p.state) for p in read_pairs(path)] == [
        ("1", "", "initial"),
        ("2", "Mở", None),
        ("3", "Đóng", None),
    ]


@pytest.mark.skipif(REALTEXTS is None, reason="../shared/realtexts is not there")
def test_the_real_xliffs_needs_translation_units_are_untranslated() -> None:
    assert REALTEXTS is not None
    path = REALTEXTS / "l10n" / "symfony-validators.vi.xlf"
    report = check_files([path], load_glossary(GLOSSARY_PATH))
    # Units 114-119 carry state="needs-translation" and the English copied:
    # not yet translated, rather than a copy the translator made.
    assert {(f.segment, f.rule) for f in report.findings} >= {
        (str(n), "untranslated") for n in range(114, 120)
    }
    assert not [f for f in report.findings if f.rule == "same-as-source"]


# A pretty-printed XLIFF's units (id, source, target): `{t}` is the code tag's name.
_PRETTY_UNITS = [
    ("a", "Select  at most {{{{ limit }}}}.", "Chọn nhiều  nhất {{{{ limit }}}}."),
    (
        "b",
        '\n          Threats to\n          <{t} id="1">network</{t}> security\n        ',
        '\n          Các mối đe dọa\n          đối với an ninh <{t} id="1">mạng</{t}>\t\n        ',
    ),
    ("c", "Save ", " Lưu"),
]


def _pretty_xliff(version: str, space: str) -> str:
    """The units above as XLIFF 1.2 or 2.0, indented; `space` an attribute or ''."""
    tag = "g" if version == "1.2" else "pc"
    cells = [(u, s.format(t=tag), t.format(t=tag)) for u, s, t in _PRETTY_UNITS]
    if version == "1.2":
        head = (
            '<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">\n'
            f'  <file original="f" source-language="en" target-language="vi"{space}><body>\n'
        )
        units = "".join(
            f'    <trans-unit id="{u}">\n      <source>{s}</source>\n'
            f"      <target>{t}</target>\n    </trans-unit>\n"
            for u, s, t in cells
        )
        return f"{head}{units}  </body></file>\n</xliff>\n"
    head = (
        '<xliff version="2.0" xmlns="urn:oasis:names:tc:xliff:document:2.0" srcLang="en"'
        f' trgLang="vi"{space}>\n  <file id="f">\n'
    )
    units = "".join(
        f'    <unit id="{u}">\n      <segment>\n        <source>{s}</source>\n'
        f"        <target>{t}</target>\n      </segment>\n    </unit>\n"
        for u, s, t in cells
    )
    return f"{head}{units}  </file>\n</xliff>\n"


@pytest.mark.parametrize(("version", "tag"), [("1.2", "g"), ("2.0", "pc")])
def test_xliff_whitespace_is_what_a_translator_sees(tmp_path: Path, version: str, tag: str) -> None:
    # Spaces within a line are text (a double space a translator typed is kept:
    # it was collapsed, so `double-space` never fired on the real Symfony XLIFF);
    # whitespace holding a line break is a pretty-printer's layout: one space, or
    # nothing at an edge.
    (a, b, c) = read_pairs(write(tmp_path, "x.xlf", _pretty_xliff(version, "")))
    assert (a.en, a.vi) == ("Select  at most {{ limit }}.", "Chọn nhiều  nhất {{ limit }}.")
    assert b.en == f'Threats to <{tag} id="1">network</{tag}> security'
    # (the tab ends a line: it is part of the layout around the line break)
    assert b.vi == f'Các mối đe dọa đối với an ninh <{tag} id="1">mạng</{tag}>'
    assert (c.en, c.vi) == ("Save ", " Lưu")
    # xml:space="preserve" on an element around the units: every character is text
    preserve = ' xml:space="preserve"'
    (_a, b, _c) = read_pairs(write(tmp_path, "p.xlf", _pretty_xliff(version, preserve)))
    assert b.en.startswith("\n          Threats to\n          <") and b.en.endswith("\n        ")


def test_a_units_code_tags_are_its_own_beside_a_tm_match(tmp_path: Path) -> None:
    # A CAT tool keeps translation-memory matches in <alt-trans>, each with its own
    # <source> and <target>: the unit's code tags are still read where they stand
    # (dropped, `network <x/>.` read as `network .` and flagged as spacing it has not).
    units = [
        ("a", 'Protect the network <x id="1"/>.', 'Bảo vệ <x id="1"/> mạng.'),
        ("b", '<x id="1"/> Save the file', 'Lưu tệp <x id="1"/>'),
    ]
    body = "".join(
        f'<trans-unit id="{u}"><source>{s}</source><target>{t}</target>'
        '<alt-trans match-quality="75"><source>old</source><target>cũ</target></alt-trans>'
        "</trans-unit>\n"
        for u, s, t in units
    )
    path = write(
        tmp_path,
        "tm.xlf",
        '<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2"><file original="f"'
        f' source-language="en" target-language="vi"><body>\n{body}</body></file></xliff>\n',
    )
    assert [(p.en, p.vi) for p in read_pairs(path)] == [(s, t) for _u, s, t in units]
    report = check_files([path], load_glossary(GLOSSARY_PATH))
    assert not {f.rule for f in report.findings} & {"double-space", "edge-whitespace"}


@pytest.mark.skipif(REALTEXTS is None, reason="../shared/realtexts is not there")
def test_the_double_spaces_of_a_real_xliff_are_flagged() -> None:
    assert REALTEXTS is not None
    path = REALTEXTS / "l10n" / "symfony-validators.vi.xlf"
    report = check_files([path], load_glossary(GLOSSARY_PATH), rules={"double-space"})
    assert sorted(f.segment for f in report.problems) == ["3", "68", "7"]
