"""layout.py: cell widths, clipping at word boundaries, and concordance rows that
fit the terminal without ever cutting the keyword."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from hypothesis import given
from hypothesis import strategies as st

from normcorpus.layout import GAP, cells, clip_left, clip_right, kwic_rows, short_id


@dataclass(frozen=True)
class Line:
    id: str
    left: str
    match: str
    right: str
    side: str = "vi"


@pytest.mark.parametrize(
    ("text", "width"),
    [
        ("an ninh mạng", 12),
        ("an ninh ma\u0323ng", 12),  # decomposed: combining marks take no cell
        ("中国", 4),
        ("", 0),
        ("\u200bx", 1),  # a zero-width space
    ],
)
def test_cells(text: str, width: int) -> None:
    assert cells(text) == width


@pytest.mark.parametrize(
    ("text", "width", "left", "right"),
    [
        ("hợp tác an ninh mạng", 40, "hợp tác an ninh mạng", "hợp tác an ninh mạng"),
        # a word cut in two is dropped when a whole one is left
        ("hợp tác an ninh mạng khu vực", 14, "mạng khu vực", "hợp tác an"),
        ("abcdefghij", 4, "ghij", "abcd"),  # one long word: cut by cells
        ("hợp tác", 0, "", ""),
    ],
)
def test_clip(text: str, width: int, left: str, right: str) -> None:
    assert clip_left(text, width) == left
    assert clip_right(text, width) == right


def test_short_id() -> None:
    assert short_id("asean-2018-cybersecurity:p01.s01.c04", "asean-2018-cybersecurity") == (
        "p01.s01.c04"
    )
    assert short_id("x:p01.s01.c01", "y") == "x:p01.s01.c01"


LINES = [
    Line("asean-2018-cybersecurity:p01.s01.c04", "phố thông minh; và Hợp tác", "an ninh", "mạng"),
    Line("vn-ru-2017-infosec:p02.s04.c01", "lĩnh vực bảo đảm", "an ninh", "thông tin quốc tế"),
    Line("vn-ru-2017-infosec:p02.s04.c01", "multiple", "stakeholders", "across", side="en"),
]


def test_side_by_side_when_wide_stacked_when_narrow() -> None:
    wide = kwic_rows(LINES, 120)
    assert all(row.heading is None for row in wide)
    assert wide[0].prefix.startswith("asean-2018-cybersecurity:p01.s01.c04 ")
    assert wide[2].prefix.startswith("vn-ru-2017-infosec:p02.s04.c01 (en)")
    narrow = kwic_rows(LINES, 80)
    assert [row.heading for row in narrow] == [
        "asean-2018-cybersecurity:p01.s01.c04",
        "vn-ru-2017-infosec:p02.s04.c01",
        "vn-ru-2017-infosec:p02.s04.c01 (en)",
    ]
    for rows, columns in ((wide, 120), (narrow, 80)):
        texts = [row.text().splitlines()[-1] for row in rows]
        assert (
            len({t.index(GAP + row.match + GAP) for t, row in zip(texts, rows, strict=True)}) == 1
        )
        assert max(cells(t) for t in texts) <= columns


def test_context_caps_each_side() -> None:
    for row in kwic_rows(LINES, 200, context=6):
        assert cells(row.left.strip()) <= 6 and cells(row.right) <= 6


words = st.text(alphabet="aăâbcdđeêghiklmnoôơpqrstuưvxyàảãáạếệ中 ", min_size=0, max_size=60)


@given(
    lines=st.lists(
        st.builds(
            Line,
            id=st.from_regex(r"[a-z]{1,30}:p\d\d\.s\d\d\.c\d\d", fullmatch=True),
            left=words,
            match=words.filter(lambda w: w.strip() != "").map(str.strip),
            right=words,
        ),
        min_size=1,
        max_size=8,
    ),
    columns=st.integers(min_value=20, max_value=200),
    context=st.one_of(st.none(), st.integers(min_value=1, max_value=100)),
)
def test_the_keyword_is_never_cut_and_fitting_lines_fit(
    lines: list[Line], columns: int, context: int | None
) -> None:
    rows = kwic_rows(lines, columns, context=context)
    assert len(rows) == len(lines)
    for row, line in zip(rows, lines, strict=True):
        assert row.match == line.match
        text = row.text().splitlines()[-1]
        assert GAP + line.match in text
        assert line.left.rstrip().endswith(row.left.strip())
        assert line.right.startswith(row.right) or not row.right
        if cells(row.prefix) + cells(line.match) + 2 * len(GAP) <= columns:
            assert cells(text) <= columns
