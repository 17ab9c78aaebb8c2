"""The consistency rules' cheaper paths against the whole rule they stand for.

`term-inconsistent` counts a segment's renderings in one loop and leaves out
the concepts no file can render two ways (one term a rendering may be, or
general vocabulary); the reference here counts every segment through
`_counted`, leaving out general vocabulary only, as the rule reads.
`target-inconsistent` and `source-inconsistent` key a text by its hash, its
whitespace collapsed only where it has any to collapse, asked character by
character; the reference asks it as the rule says it.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import GLOSSARY_PATH, REALTEXTS, TEST_DATA
from normcorpus.check import Checker, check_files, check_pairs, consistency
from normcorpus.check.consistency import TermInconsistent
from normcorpus.check.model import Segment
from normcorpus.formats.bilingual import SegmentPair
from normcorpus.glossary import load_glossary
from test_accel_textpass import SPACES, _texts
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


def _plain_key(text: str) -> int:
    """A text's key as the rules say it: the text with its whitespace collapsed
    where it has whitespace at an edge, two spaces in a row, a tab, a line break
    or a no-break space; else the text as it is."""
    spaced = text[:1].isspace() or text[-1:].isspace()
    spaced = spaced or any(mark in text for mark in ("  ", "\t", "\n", "\xa0"))
    return hash(" ".join(text.split())) if spaced else hash(text)


def _keys(vi: str, en: str) -> tuple[int, int]:
    return consistency._keys(Segment(SegmentPair("x", vi, en, "f.tsv", 1), vi, en))


@given(
    st.lists(st.tuples(st.sampled_from(["a", "ạ", "b.", "", "𝔸"]), SPACES), max_size=6),
    st.text(max_size=12),
)
def test_the_keys_are_the_plain_keys(words: list[tuple[str, str]], other: str) -> None:
    text = "".join(word + space for word, space in words)
    assert _keys(text, other) == (_plain_key(text), _plain_key(other))
    assert _keys(other, text) == (_plain_key(other), _plain_key(text))


def test_the_keys_on_the_corpus_and_the_real_texts() -> None:
    lines = _texts()
    assert len(lines) > 1000
    pairs = list(zip(lines, [*lines[1:], ""], strict=True))
    assert [_keys(vi, en) for vi, en in pairs] == [
        (_plain_key(vi), _plain_key(en)) for vi, en in pairs
    ]
    collapsed = [line for line in lines if _keys(line, "")[0] != hash(line)]
    assert collapsed  # (texts with whitespace to collapse are among them)
