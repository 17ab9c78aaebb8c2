"""`output.render(rows, "table")` on a terminal: lines break between words, and
nothing (an id, a number) is ever cut with "…", at 80 or 120 columns."""

from __future__ import annotations

import re

import pytest
from rich.cells import cell_len

from normcorpus.output import render, short_labels

ANSI = re.compile(r"\x1b\[[0-9;]*m")

# What `stats` printed for a real data directory: two ids that share a prefix
# came out as `vi-sa…` and `vi-sa…`, the date as `2006-0…`.
STATS = [
    {
        "doc": doc,
        "title": "LUẬT CÔNG NGHỆ THÔNG TIN",
        "date": "2006-06-29",
        "kind": "",
        "clauses": 567,
        "words": 10026,
        "terms": 1430,
        "top_concepts": "technology (274), information-technology (255), state (153)",
        "chrome": "decoration 23",
    }
    for doc in ("vi-sample.viscii", "vi-sample.windows-1258", "phapdien-3.1-an-toan-thong-tin-mang")
]
# What `collocates` printed at 80 columns: `94.05…`, `1483.2…`.
COLLOCATES = [
    {
        "item": "mạng",
        "together": 565,
        "left": 5,
        "right": 560,
        "frequency": 890,
        "expected": 94.0582,
        "mi": 2.5866,
        "llr": 1483.2915,
        "tscore": 19.8127,
    }
]
# What `show` printed under a clause: `information-techn…`.
TERMS = [
    {
        "Vietnamese": "công nghệ thông tin",
        "match": "exact",
        "score": "1.00",
        "concept": "information-technology",
        "English": "information technology",
    }
]


def _screen(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], rows, columns):  # type: ignore[no-untyped-def]
    monkeypatch.setenv("TTY_COMPATIBLE", "1")
    monkeypatch.setenv("COLUMNS", str(columns))
    monkeypatch.setenv("NO_COLOR", "1")
    render(rows, "table", title="t")
    return ANSI.sub("", capsys.readouterr().out)


@pytest.mark.parametrize("columns", [80, 120])
@pytest.mark.parametrize("rows", [STATS, COLLOCATES, TERMS], ids=["stats", "collocates", "terms"])
def test_no_value_is_cut_and_no_line_is_too_long(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], rows, columns: int
) -> None:  # type: ignore[no-untyped-def]
    screen = _screen(monkeypatch, capsys, rows, columns)
    assert "…" not in screen
    assert max(cell_len(line.rstrip()) for line in screen.splitlines()) <= columns
    words = set(screen.split())
    for row in rows:
        for name, value in row.items():
            # Every word of every value stands whole on the screen (a header may wrap).
            assert set(str(value).split()) <= words, (name, value)


def test_a_table_that_fits_its_words_stays_a_table(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    screen = _screen(monkeypatch, capsys, TERMS, 80)
    assert "┃ concept" in screen and "information-technology" in screen
    screen = _screen(monkeypatch, capsys, COLLOCATES, 120)
    assert "┃ item" in screen and "1483.2915" in screen


def test_a_table_too_wide_for_its_borders_drops_them_not_its_rows(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # `collocates 'an ninh mạng'` on the real texts, at 80 columns, was ten
    # `name  value` lines a collocate; without the borders each fits on one line.
    real = [
        ("ngân hàng", 4, 1, 3, 39, 0.1098, 5.1875, 21.4759, 1.9451),
        ("cảnh sát", 2, 0, 2, 3, 0.0084, 7.888, 19.7014, 1.4082),
        ("sự cố", 9, 9, 0, 646, 1.8182, 2.3074, 14.8106, 2.3939),
    ]
    rows = [dict(zip(COLLOCATES[0], values, strict=True)) for values in real]
    screen = _screen(monkeypatch, capsys, rows, 80).splitlines()
    assert max(cell_len(line.rstrip()) for line in screen) <= 80
    assert len(screen) == 1 + 1 + len(rows)  # title, header, a line a row
    assert screen[1].split() == list(COLLOCATES[0])
    assert [line.split() for line in screen[2:]] == [
        [*item.split(), *map(str, numbers)] for item, *numbers in real
    ]


# What `concepts` printed at 80 columns for two documents: each concept as five
# `name  value` lines, the document ids too long to head a column.
CONCEPTS = [
    {"concept": c, "en": en, "asean-2018-cybersecurity": a, "vn-ru-2017-infosec": b, "total": a + b}
    for c, en, a, b in [
        ("asean", "Association of Southeast Asian Nations", 44, 0),
        ("ict", "information and communications technologies", 7, 7),
    ]
]


@pytest.mark.parametrize("columns", [80, 140])
def test_long_column_names_get_short_headers_only_when_they_do_not_fit(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], columns: int
) -> None:
    monkeypatch.setenv("TTY_COMPATIBLE", "1")
    monkeypatch.setenv("COLUMNS", str(columns))
    monkeypatch.setenv("NO_COLOR", "1")
    docs = ["asean-2018-cybersecurity", "vn-ru-2017-infosec"]
    short = {d: f"D{n}" for n, d in enumerate(docs, 1)}
    render(CONCEPTS, "table", title="t", short=short)
    screen = ANSI.sub("", capsys.readouterr().out).splitlines()
    assert max(cell_len(line.rstrip()) for line in screen) <= columns
    header = next(line for line in screen if "concept" in line).split("┃")
    names = [cell.strip() for cell in header if cell.strip()]
    if columns == 80:
        assert names == ["concept", "en", "D1", "D2", "total"]
        assert screen[-2:] == ["D1 = asean-2018-cybersecurity", "D2 = vn-ru-2017-infosec"]
    else:
        assert names == ["concept", "en", *docs, "total"]
        assert not any(" = " in line for line in screen)
    rows = [line for line in screen if line.startswith("│ asean")]
    assert rows[0].replace("│", " ").split()[-3:] == ["44", "0", "44"]


def test_short_labels_never_name_a_column_already_there() -> None:
    assert short_labels(["asean", "vn-ru"]) == {"asean": "D1", "vn-ru": "D2"}
    # A document called D1 would be read as the other's short name.
    assert short_labels(["asean", "D1"]) == {"asean": "DD1", "D1": "DD2"}
    assert short_labels(["a"], taken=["D1"]) == {"a": "DD1"}
