"""The engine's screen (check/screen.py): a hook is called only where its `needs` bits
stand, and that never changes a finding.

The plain reference is the engine without the screen: every hook called on every
segment its `needs_target` allows (a key with every text bit set), as before the
screen. Both must give the same findings, in the same order, on segments holding
what each rule looks for, in both directions and every status, on the test files
and the real texts; and the screen's bits from the C pass must be the plain
question's.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import REALTEXTS, REPO_ROOT
from normcorpus.accel import textpass
from normcorpus.check import Checker, check_pairs, screen
from normcorpus.check.model import Rule, Segment, translation_status
from normcorpus.check.registry import RULES
from normcorpus.errors import NormcorpusError
from normcorpus.formats.bilingual import SegmentPair, read_pairs
from normcorpus.models import Glossary

# Each text holds what some rule looks for (or nothing); every pair of them is checked.
TEXTS = [
    "Xem {0} và %s tại http://mic.gov.vn hoặc www.mic.gov.vn, thư a@b.vn.",
    "See {0} and %s at http://mic.gov.vn or www.mic.gov.vn, mail a@b.vn.",
    "Nhấn <b>Lưu</b>  (mục a) “tệp”.",
    'Press <b>Save</b> (item a) "file".',
    " Điều 1 của của Luật:",
    "Article 1 of the the Law ",
    "Chương II quy định về an toàn thông tin mạng ngày 12/6/2018.",
    "Chapter 2 governs network information security on 12 June 2018.",
    "Chương II quy định về an toàn thông tin.",
    "Chapter III governs information security.",
    "Khoản 1, 2 và 5 Điều 15; mức phạt 1.500.000 đồng.",
    "Clauses 1 through 5 of Article 15; a fine of VND 1,500,000.",
    "Tiêu chuẩn ISO 27001 của VPN.",
    "The ISO 27001 standard for a VPN (NOT the LAN).",
    "Hai Bên tăng cường hợp tác.",
    "The two Sides step up cooperation.",
    "user.login_error.user_disabled",
    "Save As",
    "a: b",
    "Xem trang www.mic.gov.vn.",
    "www example",
    "   ",
    "",
]


def _pairs() -> list[SegmentPair]:
    pairs = [
        SegmentPair(f"{k}", vi, en, "grid.tsv", k, vi_is_source=k % 2 == 0)
        for k, (vi, en) in enumerate((a, b) for a in TEXTS for b in TEXTS)
    ]
    files = sorted((REPO_ROOT / "tests" / "data" / "check").glob("pairs*"))
    if REALTEXTS is not None:
        files += sorted(REALTEXTS.rglob("*.xlf"))
    for path in files:
        try:
            pairs += read_pairs(path)
        except NormcorpusError:  # pragma: no cover - every one reads today
            continue
    return pairs


def _unscreened(seg: Segment) -> int:
    """A key with every text bit, the segment's status and direction: each hook called
    on every segment its `needs_target` allows."""
    direction = 0 if seg.pair.vi_is_source else screen.EN_SOURCE
    return screen.TEXT | screen.STATUS[seg.status] | direction


def _findings(checker: Checker, pairs: list[SegmentPair]) -> list[tuple[str, str, str, str]]:
    report = check_pairs(pairs, checker)
    return [(f.rule, str(f.file), f.segment or "", f.message) for f in report.findings]


@pytest.mark.parametrize("glossary_kind", ["real", "none"])
def test_the_screen_changes_no_finding(
    glossary_kind: str, real_glossary: Glossary, monkeypatch: pytest.MonkeyPatch
) -> None:
    from normcorpus.glossary import make_glossary

    glossary = real_glossary if glossary_kind == "real" else make_glossary([])
    pairs = _pairs()
    screened = _findings(Checker(glossary), pairs)
    monkeypatch.setattr(screen, "key", _unscreened)
    monkeypatch.setattr(screen, "status_key", _unscreened)
    assert _findings(Checker(glossary), pairs) == screened
    # (every rule with a screen fires somewhere here, so each screen is put to the test)
    fired = {rule for rule, *_ in screened}
    assert {r.id for r in RULES.values() if r.needs} <= fired


def test_the_screen_skips_hooks(monkeypatch: pytest.MonkeyPatch) -> None:
    # A hook whose bits a segment lacks is not called (and one whose bits it has is).
    from normcorpus.check import formal

    calls: list[str] = []
    real = formal.PlaceholderMismatch.segment

    def counted(self: Rule, seg: Segment):  # type: ignore[no-untyped-def]
        calls.append(seg.pair.id)
        return real(self, seg)  # type: ignore[arg-type]

    monkeypatch.setattr(formal.PlaceholderMismatch, "segment", counted)
    from normcorpus.glossary import make_glossary

    checker = Checker(make_glossary([]), rules={"placeholder-mismatch", "double-space"})
    pairs = [
        SegmentPair("plain", "Hai Bên.", "Two Sides.", "t.tsv", 1),
        SegmentPair("held", "Giá trị {0}.", "Values.", "t.tsv", 2),
        SegmentPair("empty", "Giá trị {0}.", "", "t.tsv", 3),
    ]
    assert [f.rule for f in check_pairs(pairs, checker).findings] == ["placeholder-mismatch"]
    assert calls == ["held"]


def test_each_status_has_a_bit() -> None:
    texts = ["", " ", "Hai Bên.", "hai bên.", "ASEAN", "a.b_c", "Save As", "2018"]
    statuses = {translation_status(a, b, english=e) for a in texts for b in texts for e in (0, 1)}
    assert statuses <= set(screen.STATUS)
    assert len(set(screen.STATUS.values())) == len(screen.STATUS)


def test_the_bits_are_the_plain_questions(monkeypatch: pytest.MonkeyPatch) -> None:
    # The C pass's bits equal `textpass.which`'s, on the grid, the test files and the
    # real texts (the screen then calls the same hooks with the C or without it).
    plain = textpass.which_of(screen.CHARS, twice="w", compiled=False)
    texts = [*TEXTS, *(t for p in _pairs() for t in (p.vi, p.en))]
    paths = [REPO_ROOT / "README.md", *sorted((REPO_ROOT / "corpus").glob("*.txt"))]
    if REALTEXTS is not None:
        paths += sorted(p for p in REALTEXTS.rglob("*.txt"))
    for path in paths:
        texts += Path(path).read_text(encoding="utf-8", errors="replace").splitlines()
    assert [screen._which(t) for t in texts] == [plain(t) for t in texts]


def test_the_bits_are_each_segments_own() -> None:
    # The bits remembered for the last segment are never another's (same texts or not).
    one = SegmentPair("1", "a  b", "a b", "t.tsv", 1)
    two = SegmentPair("2", "a b", "a b", "t.tsv", 2)
    first, second = Segment(one, one.vi, one.en), Segment(two, two.vi, two.en)
    assert screen.texts(first)[0] & screen.SPACES
    assert not screen.texts(second)[0] & screen.SPACES
    assert screen.texts(first)[0] & screen.SPACES
    assert screen.key(Segment(two, two.vi, two.en, status="empty")) & screen.EMPTY
    english = SegmentPair("3", "Hai Bên.", "Two Sides.", "t.xlf", 3, vi_is_source=False)
    assert screen.key(Segment(english, english.vi, english.en)) & screen.EN_SOURCE
    assert not screen.key(second) & screen.EN_SOURCE
