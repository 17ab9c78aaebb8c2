"""accel/crfrows.py: TemplateRows gives underthesea_core's CRFFeaturizer rows, string for string."""

from __future__ import annotations

from pathlib import Path

import joblib
import pytest
import underthesea
from hypothesis import given, settings
from hypothesis import strategies as st
from underthesea_core import CRFFeaturizer

from normcorpus.accel.crfrows import TOKEN_TEMPLATES, TemplateRows, parse_templates
from normcorpus.segment import _MODEL

MODEL = Path(underthesea.__file__).parent / _MODEL
TEMPLATES = joblib.load(MODEL / "features.bin")
DICTIONARY = joblib.load(MODEL / "dictionary.bin")

# Tokens that exercise every function: dictionary words and their pieces in
# any case, digits and signed or overlong integers, punctuation, capitals
# whose upper case is another string (ß, ǆ), a final sigma, a dotted İ.
TOKENS = st.sampled_from(
    [
        "an",
        "ninh",
        "mạng",
        "An",
        "NINH",
        "Mạng",
        "quốc",
        "gia",
        "Bộ",
        "Công",
        "an",
        "12",
        "-5",
        "+7",
        "007",
        "2147483648",
        "1.500",
        "3,5",
        ".",
        ",",
        "(",
        "“",
        "...",
        "TP.HCM",
        "ß",
        "ǆ",
        "Ǆ",
        "ΣΑΣ",
        "İ",
        "x",
        "Th.S",
        "COVID-19",
        "đ",
        "Đ",
    ]
)


def _plain(featurizer: CRFFeaturizer, tokens: list[str]) -> list[list[str]]:
    return featurizer.process([[[t] for t in tokens]])[0]


def _rows(
    templates: list[str], dictionary: set[str], limit: int = 1 << 12, types: int = 1 << 16
) -> TemplateRows:
    values = CRFFeaturizer(list(TOKEN_TEMPLATES), dictionary).process
    return TemplateRows(templates, dictionary, values, limit=limit, types=types)


@pytest.fixture(scope="module")
def model_pair() -> tuple[TemplateRows, CRFFeaturizer]:
    return _rows(TEMPLATES, DICTIONARY), CRFFeaturizer(TEMPLATES, DICTIONARY)


@settings(max_examples=300, deadline=None)
@given(tokens=st.lists(TOKENS, max_size=9))
def test_rows_are_the_featurizers_for_the_word_segmenters_templates(
    model_pair: tuple[TemplateRows, CRFFeaturizer], tokens: list[str]
) -> None:
    rows, featurizer = model_pair
    assert rows(tokens) == _plain(featurizer, tokens)
    assert rows(tokens) == _plain(featurizer, tokens)  # again, from the parts kept


# Templates of other reaches and forms than the model's: a wider radius, a run
# of four tokens, one-sided runs, isdigit and istitle over several tokens.
OTHER = ["T[-3]", "T[3].lower", "T[1,3].lower", "T[-3,0].is_in_dict", "T[0,1].isdigit",
         "T[-1,0].istitle", "T[2].is_in_dict", "T[0]", "T[-2,-1]"]  # fmt: skip


@settings(max_examples=200, deadline=None)
@given(tokens=st.lists(TOKENS, max_size=9), limit=st.integers(1, 5))
def test_rows_are_the_featurizers_for_other_templates_however_small_the_store(
    tokens: list[str], limit: int
) -> None:
    dictionary = {"an ninh", "an ninh mạng", "bộ", "12", "tp.hcm", "ss"}
    rows = _rows(OTHER, dictionary, limit=limit, types=limit)
    featurizer = CRFFeaturizer(OTHER, dictionary)
    for _ in range(2):
        assert rows(tokens) == _plain(featurizer, tokens)
        assert rows(tokens[::-1]) == _plain(featurizer, tokens[::-1])
    assert all(len(parts) <= max(limit, len(tokens)) for parts in rows._parts.values())
    assert len(rows._values) <= max(limit, len(tokens))


def test_parts_are_made_once_and_shared() -> None:
    rows = _rows(TEMPLATES, DICTIONARY)
    first = rows(["bảo", "đảm", "an", "ninh", "mạng"])
    again = rows(["bảo", "đảm", "an", "ninh", "mạng"])
    assert first == again
    assert all(a is b for x, y in zip(first, again, strict=True) for a, b in zip(x, y, strict=True))
    assert len(rows._values) == 5 and len(rows._parts[3]) == 3
    # The strings that say True or False are one object each, whatever the token.
    flag = TEMPLATES.index("T[0].isdigit")
    assert rows(["an"])[0][flag] is rows(["ninh"])[0][flag] == "T[0].isdigit=False"


@pytest.mark.parametrize(
    "templates", [["T[0][1]"], ["T[2,1]"], ["W[0]"], ["T[0].upper"], ["T[0]", "T[x]"]]
)
def test_templates_of_other_forms_are_refused(templates: list[str]) -> None:
    assert parse_templates(templates) is None
    assert not TemplateRows.supports(templates)
    with pytest.raises(ValueError):
        _rows(templates, set())


def test_forgetting_the_token_values_keeps_those_the_sequence_needs() -> None:
    rows = _rows(TEMPLATES, DICTIONARY, types=3)
    featurizer = CRFFeaturizer(TEMPLATES, DICTIONARY)
    for tokens in (["an", "ninh"], ["quốc", "an", "gia", "mạng"], ["an", "ninh", "quốc"]):
        assert rows(tokens) == _plain(featurizer, tokens)
        assert len(rows._values) <= max(3, len(tokens))
