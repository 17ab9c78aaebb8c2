"""accel.tsvrows (a TSV file's rows made into pairs in C) against the plain rule,
`formats.bilingual._tsv_rows`, which runs with NORMCORPUS_PURE_PYTHON set."""

from __future__ import annotations

import random
from dataclasses import dataclass
from pathlib import Path

import pytest

from normcorpus.accel import tsvrows
from normcorpus.errors import InputError
from normcorpus.formats import bilingual
from normcorpus.formats.bilingual import SegmentPair, read_pairs

pytestmark = pytest.mark.skipif(not tsvrows.BUILT, reason="accel._rowtext not built")

HEADERS = [
    "id\tvi\ten",
    "vi\ten",
    "en\tvi",
    "id\ten\tvi\tnote",
    "vi\tid\ten",
    "note\ten\tid\tvi",
    "source\ttarget",
    "ID\tsource\ttarget",
]
# Cells meant to hurt: spaces of every kind at the edges, the characters
# str.isspace and str.strip read as whitespace and some they do not, other
# scripts, astral characters, an id-like number.
PIECES = [
    "An toàn thông tin",
    "an ninh mạng",
    "Network security",
    " ",
    "  ",
    "\u3000",
    "\xa0",
    "\x0b",
    "\x0c",
    "\x1c",
    "\x1f",
    "\x85",
    "\u2028",
    "\u200b",
    "\ufeff",
    "#",
    "7",
    "s1",
    "𝔸𝔹",
    "日本語",
    "",
    "Ω",
    "é",
    "\r",
]


def _cell(rng: random.Random) -> str:
    return "".join(rng.choice(PIECES) for _ in range(rng.randrange(0, 5)))


def _line(rng: random.Random, width: int, ids: list[str]) -> str:
    roll = rng.random()
    if roll < 0.06:
        return ""
    if roll < 0.1:
        return rng.choice([" ", "\t", " \t ", "\u3000", "\x85", "\x0b\x0c"])
    # Mostly whole rows (so that most files are read far), some a cell short or long.
    cells = rng.choices([width, width + 1, width - 1, 1], [90, 5, 4, 1])[0]
    row = [_cell(rng) for _ in range(max(cells, 1))]
    if rng.random() < 0.5:
        # an id (in the first cell, whatever the header calls it): new, padded, blank,
        # or now and then one seen before
        fresh = [f"s{len(ids)}", f" s{len(ids)}\u3000", "", "  ", "\x85"]
        ident = rng.choice(ids[-3:] if ids and rng.random() < 0.01 else fresh)
        ids.append(ident.strip())
        row[0] = ident
    return "\t".join(row)


def _read(path: Path, monkeypatch: pytest.MonkeyPatch, plain: bool, **kwargs: str):
    """(pairs read before the end, the error's text or None)."""
    if plain:
        monkeypatch.setenv("NORMCORPUS_PURE_PYTHON", "1")
    else:
        monkeypatch.delenv("NORMCORPUS_PURE_PYTHON", raising=False)
    pairs: list[SegmentPair] = []
    try:
        for pair in read_pairs(path, fmt="tsv", **kwargs):
            pairs.append(pair)
    except InputError as exc:
        return pairs, str(exc)
    return pairs, None


@pytest.mark.parametrize("seed", range(40))
def test_random_files_read_as_the_plain_rule(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, seed: int
) -> None:
    rng = random.Random(seed)
    header = rng.choice(HEADERS)
    width = header.count("\t") + 1
    ids: list[str] = []
    lines = [header] + [_line(rng, width, ids) for _ in range(rng.choice([3, 40, 700, 1500]))]
    if rng.random() < 0.3:  # errors only past the first batch
        lines = [header] + [f"s{k}\ta{k}\tb{k}\tc" for k in range(1200)] + lines[1:]
    path = tmp_path / "pairs.tsv"
    path.write_text("\n".join(lines) + rng.choice(["", "\n", "\r\n"]), encoding="utf-8")
    kwargs = {"source_lang": "vi", "target_lang": "en"} if "source" in header else {}
    plain = _read(path, monkeypatch, True, **kwargs)
    fast = _read(path, monkeypatch, False, **kwargs)
    assert fast == plain
    for a, b in zip(fast[0], plain[0], strict=True):  # the same fields, of the same types
        assert type(a) is type(b) is SegmentPair
        assert a.to_dict() == b.to_dict()
        assert [type(v) for v in a.to_dict().values()] == [type(v) for v in b.to_dict().values()]


def test_the_common_cases(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "pairs.tsv"
    path.write_text(
        "id\tvi\ten\n"
        " a \tMột\tOne\n"  # the id stripped
        "\n"  # passed over
        " \t \n"  # all whitespace: passed over
        "\tHai\tTwo\n"  # no id: the line number
        "c\tBa\n"  # the target lost its tab: empty
        "d\tBốn\tFour\textra\n",  # more cells than the header: the first ones
        encoding="utf-8",
    )
    fast, error = _read(path, monkeypatch, False)
    assert error is None
    assert [(p.id, p.vi, p.en, p.line) for p in fast] == [
        ("a", "Một", "One", 2),
        ("5", "Hai", "Two", 5),
        ("c", "Ba", "", 6),
        ("d", "Bốn", "Four", 7),
    ]
    assert fast == _read(path, monkeypatch, True)[0]


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        ("a\tMột\tOne\na\tHai\tTwo\n", "duplicate segment id 'a'"),
        ("a\tMột\tOne\nb\n", "1 columns, the header has 3"),
    ],
)
def test_a_row_refused_as_the_plain_rule_refuses_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, rows: str, message: str
) -> None:
    path = tmp_path / "pairs.tsv"
    path.write_text("id\tvi\ten\n" + rows, encoding="utf-8")
    fast = _read(path, monkeypatch, False)
    assert message in (fast[1] or "")
    assert ":3" in (fast[1] or "")  # located at its line
    assert [p.id for p in fast[0]] == ["a"]
    assert fast == _read(path, monkeypatch, True)


def test_the_bench_rows_and_many_columns(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # The target column past the 64 cells C reads: the plain rule reads it.
    header = "\t".join(["id", *(f"c{k}" for k in range(70)), "vi", "en"])
    rows = ["\t".join([f"s{n}", *("x" * 70), f"Việt {n}", f"English {n}"]) for n in range(50)]
    path = tmp_path / "wide.tsv"
    path.write_text("\n".join([header, *rows]), encoding="utf-8")
    assert _read(path, monkeypatch, False) == _read(path, monkeypatch, True)
    assert len(_read(path, monkeypatch, False)[0]) == 50


def test_odd_calls_are_refused_not_crashed() -> None:
    from normcorpus.accel import _rowtext

    members, rest = tsvrows._slots(SegmentPair)
    ok = (iter([(1, "a\tb\tc")]), 10, 3, 1, 2, 0, True, SegmentPair, members, rest, "f", True)
    pairs, problem = _rowtext.tsv_pairs(*ok, set())
    assert problem is None and pairs == [SegmentPair("a", "b", "c", "f", 1, True)]
    with pytest.raises(TypeError):
        _rowtext.tsv_pairs(*ok, [])  # seen not a set
    with pytest.raises(TypeError):
        _rowtext.tsv_pairs(*ok[:7], SegmentPair, members[:3], rest, "f", True, set())
    with pytest.raises(TypeError):  # a member of another class
        _rowtext.tsv_pairs(*ok[:8], (bilingual._Columns.first,) * 7, rest, "f", True, set())
    with pytest.raises(ValueError):
        _rowtext.tsv_pairs(*ok[:8], members, (), "f", True, set())
    with pytest.raises(ValueError):  # a column past the cells needed
        _rowtext.tsv_pairs(ok[0], 10, 3, 3, 2, 0, True, *ok[7:], set())
    with pytest.raises(TypeError):  # not (int, str) tuples
        _rowtext.tsv_pairs(iter([(1, b"a\tb\tc")]), *ok[1:], set())
    with pytest.raises(TypeError):
        _rowtext.tsv_pairs(iter([1]), *ok[1:], set())
    fixed = ok[2:]
    block = "x\ta\tb\n\n y \tc\td\ne"
    pairs, problem, after = _rowtext.tsv_block(block, 0, 13, 5, *fixed, set())
    assert [(p.id, p.line) for p in pairs] == [("x", 5), ("y", 7)]
    assert problem is None and after == 8
    pairs, problem, after = _rowtext.tsv_block(block, 0, len(block), 5, *fixed, set())
    assert problem == (8, "e")  # one cell: for the plain rule to refuse
    for start, end in ((-1, 3), (4, 3), (0, len(block) + 1)):
        with pytest.raises(ValueError):
            _rowtext.tsv_block(block, start, end, 1, *fixed, set())
    with pytest.raises(TypeError):
        _rowtext.tsv_block(b"x\ta\tb", 0, 1, 1, *fixed, set())
    with pytest.raises(TypeError):  # no slots
        tsvrows._slots(_Unslotted)
    with pytest.raises(TypeError):  # an __init__ that does more than set
        tsvrows._slots(_Checked)


@dataclass(frozen=True)
class _Unslotted:
    a: str
    b: str
    c: str
    d: str
    e: int
    f: bool


@dataclass(frozen=True, slots=True)
class _Checked(_Unslotted):
    def __post_init__(self) -> None:
        pass


@pytest.mark.parametrize("chunk", [1, 7, 64, 1000])
@pytest.mark.parametrize("seed", range(6))
def test_blocks_cut_anywhere_read_as_the_plain_rule(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, chunk: int, seed: int
) -> None:
    # The file read `chunk` characters at a time: lines (and CRLF, blank lines,
    # the header, the sample a `source`/`target` file is oriented by) cut across
    # blocks; an error past the first block.
    monkeypatch.setattr(bilingual, "_CHUNK", chunk)
    rng = random.Random(seed)
    header = ["id\tvi\ten", "source\ttarget", "vi\ten", "# note\n\nid\ten\tvi"][seed % 4]
    rows = [f"s{k}\tViệt {k} {_cell(rng).replace(chr(13), '')}\tEnglish {k}" for k in range(300)]
    rows[rng.randrange(300)] = ""
    rows[rng.randrange(300)] = " \u3000"
    if seed % 3 == 0:
        rows.insert(250, "s7\tlặp\trepeated")
    path = tmp_path / "pairs.tsv"
    path.write_text(header + rng.choice(["\n", "\r\n"]) + "\r\n".join(rows), encoding="utf-8")
    kwargs = {"source_lang": "vi", "target_lang": "en"} if "source" in header else {}
    plain = _read(path, monkeypatch, True, **kwargs)
    assert len(plain[0]) > 200
    assert _read(path, monkeypatch, False, **kwargs) == plain


def test_text_lines_are_the_blocks_lines(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    text = "a\r\nb\n\nc\rd" + "é" * 70 + "\n" * 3 + "e"
    path = tmp_path / "t.tsv"
    path.write_bytes(text.encode())
    for chunk in (1, 2, 3, 5, 64, 1 << 16):
        monkeypatch.setattr(bilingual, "_CHUNK", chunk)
        assert list(bilingual._text_lines(path)) == text.replace("\r\n", "\n").replace(
            "\r", "\n"
        ).split("\n")
        lines = bilingual._BlockLines(bilingual._text_blocks(path))
        first = [next(lines), next(lines)]
        rest, blocks = lines.rest()
        after = [x for text, a, b in blocks for x in text[a:b].split("\n")]
        assert first + rest + after == list(bilingual._text_lines(path))
