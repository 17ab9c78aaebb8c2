"""Cheaper paths of `check` against the plain rule they stand for.

Each is a cut of work that must not change a finding: the repeated-word
rule strips a word's next only where it begins with the word; a message key
is looked for only in a text with a dot and no space; term-inconsistent asks
`may_conflate` through a dict.
"""

from __future__ import annotations

from itertools import pairwise

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from normcorpus.check import Checker, check_pairs, consistency, model
from normcorpus.check.formal import _TRAILING, _repeats
from normcorpus.check.phrasing import may_conflate
from normcorpus.formats.bilingual import SegmentPair
from normcorpus.glossary import load_glossary, make_glossary
from test_check_precision import GLOSSARY, found

_WORDS = ["the", "the.", "The", "then", "a", "a,", "another", "an", "và", "và.", "của", "(the"]


@pytest.fixture(scope="module")
def repeated() -> Checker:
    return Checker(make_glossary([]), rules={"repeated-word"})


def _plain_repeat(source: str, target: str, vi_is_source: bool) -> list[str]:
    """The rule word by word: the first word followed by itself (its next
    stripped of closing punctuation) that is a repetition to report."""
    words = target.lower().split()
    allowed, reported = _repeats()
    for first, following in pairwise(words):
        if following.rstrip(_TRAILING) != first or not first.isalpha():
            continue
        if (first in allowed) if vi_is_source else (first not in reported):
            continue
        if f"{first} {first}" in source.lower():
            continue
        return [f"“{first} {first}”: a word twice in the target"]
    return []


@settings(max_examples=150, deadline=None)
@given(
    st.lists(st.sampled_from(_WORDS), min_size=1, max_size=8),
    st.lists(st.sampled_from(_WORDS), min_size=1, max_size=3),
    st.booleans(),
)
def test_repeated_word_finds_what_the_plain_rule_finds(
    repeated: Checker, target: list[str], source: list[str], vi_is_source: bool
) -> None:
    source_text, target_text = " ".join(source), " ".join(target)
    vi, en = (source_text, target_text) if vi_is_source else (target_text, source_text)
    pair = SegmentPair("x", vi, en, "t.tsv", 1, vi_is_source)
    found = [f.message for f in check_pairs([pair], repeated).findings]
    assert found == _plain_repeat(source_text, target_text, vi_is_source)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="ab_.- \t1Đ", min_size=1, max_size=14))
def test_a_message_key_is_what_the_pattern_alone_says(source: str) -> None:
    # `key` only where the pattern matches the whole (stripped) source, as before
    # the dot-and-space test that spares most texts the pattern.
    status = model.translation_status(source, "dịch")
    plain = bool(source.strip()) and model._MESSAGE_KEY.fullmatch(source.strip()) is not None
    assert (status == "key") == plain
    assert model.translation_status("user.login_error.disabled", "dịch") == "key"


def test_term_inconsistent_asks_may_conflate_once_a_term(
    tmp_path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "glossary.yaml").write_text(GLOSSARY, encoding="utf-8")
    glossary = load_glossary(tmp_path / "glossary.yaml")
    # The answers kept in a dict are the plain answers, each term asked once a
    # run; the derivations (`digitization`, `digitalization`) still told apart.
    asked: list[str] = []

    def counted(term: str) -> bool:
        asked.append(term)
        return may_conflate(term)

    monkeypatch.setattr(consistency, "may_conflate", counted)
    # (terms that cannot be misread: no segment goes on to `_unconflated`)
    rows = [("Mối đe dọa.", "A threat."), ("Mối đe dọa.", "A threatening act.")] * 3
    assert found(glossary, rows) == [("term-inconsistent", "threat")]
    assert sorted(asked) == ["threat", "threatening act"]
    asked.clear()
    rows = [("Số hóa.", "Digitization."), ("Số hóa.", "Digitalization.")] * 3
    assert found(glossary, rows) == [("term-inconsistent", "digitization")]
    # (`_unconflated` asks the same dict: each term once, however many segments)
    assert sorted(asked) == ["digitalization", "digitization"]
