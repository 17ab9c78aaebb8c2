"""normcorpus._textscan: the checker's text scans in C say what their regexes say."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from normcorpus import check

_textscan = pytest.importorskip("normcorpus._textscan")

# Characters around the pairs: the pairs' own, other letters (marked or not),
# combining marks, digits, the underscore, spaces and punctuation.
_ALPHABET = "oOuUaàáảãạÀèéẸỳýỷỹỵỲÝyYeEhgnđ\u0300\u0301\u0323\u036f\u0370_7 .,-–\t\u00a0"


def _regex(text: str) -> bool:
    return check._TONE_CANDIDATE.search(text) is not None


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=_ALPHABET, max_size=12))
def test_ends_in_pair_agrees_with_the_regex(text: str) -> None:
    assert _textscan.ends_in_pair(text, check._TONE_FIRSTS, check._TONE_SECONDS) == _regex(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("hoà bình", True),
        ("khoẻ.", True),
        ("THUỶ", True),
        ("hoàng", False),  # the pair does not end the word
        ("hòa", False),  # the mark already on the first vowel
        ("oà\u0301", False),  # a combining mark follows
        ("uý_", False),  # the underscore is a word character
        ("", False),
        ("à", False),
        ("𝐀oà", True),  # characters beyond the Basic Multilingual Plane
        ("oà𝐀", False),
    ],
)
def test_ends_in_pair_on_known_texts(text: str, expected: bool) -> None:
    assert _textscan.ends_in_pair(text, check._TONE_FIRSTS, check._TONE_SECONDS) is expected
    assert _regex(text) is expected


def test_ends_in_pair_refuses_bad_arguments() -> None:
    with pytest.raises(TypeError):
        _textscan.ends_in_pair(b"oa", ["o"], ["a"])
    with pytest.raises(TypeError):
        _textscan.ends_in_pair("oa", ["o"], ["a", "b"])
    with pytest.raises(TypeError):
        _textscan.ends_in_pair("oa", ["o"], [1])
    with pytest.raises(TypeError):
        _textscan.ends_in_pair("oa", ("o",), ("a",))
    with pytest.raises(TypeError):
        _textscan.ends_in_pair("oa")


def test_vietnamese_is_the_same_with_the_regex(monkeypatch: pytest.MonkeyPatch) -> None:
    texts = ["Hoà bình và hợp tác.", "hoàng hôn", "thuỷ lợi", "ho\u0300a", "KHOẺ"]
    scanned = [check.vietnamese(t) for t in texts]
    monkeypatch.setattr(check, "SCANS_IN_C", False)
    assert [check.vietnamese(t) for t in texts] == scanned
    assert scanned[0] == "Hòa bình và hợp tác." and scanned[3] == "hòa"


def test_the_environment_can_ask_for_the_regex() -> None:
    import os
    import subprocess
    import sys

    code = "from normcorpus import check; print(check.SCANS_IN_C)"
    env = {**os.environ, "NORMCORPUS_PURE_PYTHON": "1"}
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
    assert out.stdout.strip() == "False"
