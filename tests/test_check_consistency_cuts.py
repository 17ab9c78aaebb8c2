"""The consistency rules' cheaper paths against the whole rule they stand for.

`term-inconsistent` counts a segment's renderings in one loop and leaves out
the concepts no file can render two ways (one term a rendering may be, or
general vocabulary); the reference here counts every segment through
`_counted`, leaving out general vocabulary only, as the rule reads.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import GLOSSARY_PATH, REALTEXTS, TEST_DATA
from normcorpus.check import Checker, check_files, check_pairs
from normcorpus.check.consistency import TermInconsistent
from normcorpus.check.model import Segment
from normcorpus.formats.bilingual import SegmentPair
from normcorpus.glossary import load_glossary
from test_check_precision import GLOSSARY

# Rows that render the glossary's concepts one way or another: one term only
# (`technology`), two terms (`threat`), three (`it-application`, also several in
# one segment), a derivation the stemmer conflates (`digital`), general
# vocabulary (`ensure`), a noun and its adjective (`state`), nothing at all.
ROWS = [
    ("Mối đe dọa.", "A threat."),
    ("Mối đe dọa.", "A threatening act."),
    ("Mối đe dọa và mối đe dọa.", "A threat and a threatening act."),
    ("Số hóa.", "Digitization."),
    ("Số hóa.", "Digitalization."),
    ("Số hóa là việc biến đổi thông tin sang thông tin số.", "Digitalization into digital data."),
    ("Số hóa thông tin.", "Digital information."),
    ("Ứng dụng công nghệ thông tin.", "Information technology application."),
    ("Ứng dụng công nghệ thông tin.", "Use of information technology."),
    (
        "Ứng dụng công nghệ thông tin là việc sử dụng công nghệ thông tin.",
        "Information technology application means the use of information technology.",
    ),
    ("Công nghệ mới.", "New technology."),
    ("Bảo đảm an ninh thông tin.", "Ensure information security."),
    ("Bảo đảm an ninh thông tin.", "Guarantee information security."),
    ("Nhà nước khuyến khích.", "The State encourages."),
    ("Dữ liệu quốc gia.", "National data."),
    ("Không có gì.", "Nothing."),
]


@pytest.fixture(scope="module")
def glossary(tmp_path_factory):  # type: ignore[no-untyped-def]
    path = tmp_path_factory.mktemp("glossary") / "glossary.yaml"
    path.write_text(GLOSSARY, encoding="utf-8")
    return load_glossary(path)


def _whole_rule(self: TermInconsistent, seg: Segment) -> tuple[()]:
    """The reference: every segment counted by `_counted`, tallied pattern by pattern."""
    for pattern in self._counted(seg):
        places = self.tally.places.setdefault((pattern.concept, pattern.term), [])
        if not places:
            self.tally.first[seg.pair.id] = seg.pair
        places += (seg.pair.id, seg.pair.line)
    return ()


def _findings(run, *args, **kwargs) -> tuple[list[dict], list[dict]]:  # type: ignore[no-untyped-def]
    """The findings of `run(*args, **kwargs)`, with the rule's cuts and with the reference."""
    cut = [f.to_dict() for f in run(*args, **kwargs).findings]
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(TermInconsistent, "segment", _whole_rule)
        patch.setattr(TermInconsistent, "_leaves_out", lambda self, c: c in self.general)
        whole = [f.to_dict() for f in run(*args, **kwargs).findings]
    return cut, whole


@settings(max_examples=120, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 1), st.sampled_from(ROWS)), min_size=1, max_size=14))
def test_term_inconsistent_finds_what_the_whole_rule_finds(
    glossary,  # type: ignore[no-untyped-def]
    rows: list[tuple[int, tuple[str, str]]],
) -> None:
    checker = Checker(glossary, rules={"term-inconsistent"})
    rows.sort(key=lambda row: row[0])  # a file's pairs together
    pairs = [
        SegmentPair(f"s{k}", vi, en, f"f{file}.tsv", k + 1)
        for k, (file, (vi, en)) in enumerate(rows)
    ]
    cut, whole = _findings(check_pairs, pairs, checker)
    assert cut == whole


def test_the_rows_find_what_the_test_is_about(glossary) -> None:  # type: ignore[no-untyped-def]
    # (the rows above do hold inconsistent renderings, and concepts left out)
    pairs = [SegmentPair(f"s{k}", vi, en, "f.tsv", k + 1) for k, (vi, en) in enumerate(ROWS)]
    checker = Checker(glossary, rules={"term-inconsistent"})
    cut, whole = _findings(check_pairs, pairs, checker)
    assert cut == whole
    assert sorted(f["concept"] for f in cut) == ["digitization", "it-application", "threat"]
    rule = TermInconsistent(checker._run)
    assert [rule._leaves_out(c) for c in ("technology", "ensure", "threat", "no-such")] == [
        True,
        True,
        False,
        False,
    ]


@pytest.mark.parametrize(
    ("path", "glossary_path"),
    [
        (TEST_DATA / "check" / "pairs.tsv", TEST_DATA / "check" / "glossary.yaml"),
        (TEST_DATA / "check" / "pairs.tsv", GLOSSARY_PATH),
        (TEST_DATA / "check" / "pairs-en-vi.xlf", GLOSSARY_PATH),
        (
            REALTEXTS / "l10n" / "symfony-validators.vi.xlf" if REALTEXTS else None,
            GLOSSARY_PATH,
        ),
    ],
)
def test_term_inconsistent_on_files_as_the_whole_rule(path, glossary_path) -> None:  # type: ignore[no-untyped-def]
    if path is None:
        pytest.skip("no real texts here (shared/realtexts)")
    glossary = load_glossary(glossary_path)
    cut, whole = _findings(check_files, [path], glossary, rules=["term-inconsistent"])
    assert cut == whole
