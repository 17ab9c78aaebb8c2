"""term-missing's conflation walk against the plain rule it stands for.

term-missing asks whether a conflation (`digital` read as `digitization`)
leaves a concept unrendered only of the concepts not known safe (`_safe`,
learnt as segments come): its answer must be the plain definition's on any
run of segments. (Kept from terms12's session, whose cuts of this path were
measured slower and reverted: docs/decisions.md.)
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from normcorpus.check import Checker, check_pairs
from normcorpus.check.phrasing import conflated, may_conflate
from normcorpus.check.terms import TermMissing
from normcorpus.formats.bilingual import SegmentPair
from normcorpus.glossary import load_glossary
from test_check_precision import GLOSSARY

# English words about the glossary's `digitization` (risky: Porter2 stems
# `digital` alike) and `technology` (plain), with a deprecated-looking case.
_ENGLISH = [
    "digitization",
    "Digitization",
    "digital",
    "digitalization",
    "digitized",
    "technology",
    "technologies",
    "technological",
    "and",
    "of",
    "the",
    "services",
]
_VIETNAMESE = ["Số hóa.", "Công nghệ số hóa.", "Công nghệ.", "Số hóa, công nghệ."]


@pytest.fixture(scope="module")
def glossary(tmp_path_factory):  # type: ignore[no-untyped-def]
    path = tmp_path_factory.mktemp("g") / "glossary.yaml"
    path.write_text(GLOSSARY, encoding="utf-8")
    return load_glossary(path)


def _plain_conflated(seg, terms: frozenset[str]) -> set[str]:  # type: ignore[no-untyped-def]
    """The concepts whose allowed English terms found are all risky ones read
    only through a conflation (the rule as written before its cuts)."""
    out = set()
    for concept, matches in seg.rendered.items():
        allowed = [(s, e, p) for s, e, p in matches if p.status != "deprecated"]
        if allowed and all(
            p.term in terms and may_conflate(p.term) and conflated(seg.en[s:e], p)
            for s, e, p in allowed
        ):
            out.add(concept)
    return out


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(_VIETNAMESE),
            st.lists(st.sampled_from(_ENGLISH), min_size=1, max_size=6),
        ),
        min_size=1,
        max_size=6,
    )
)
def test_term_missing_conflations_are_the_plain_ones(glossary, rows) -> None:  # type: ignore[no-untyped-def]
    checker = Checker(glossary)
    rule = TermMissing(checker._run)
    terms = glossary.english_terms()
    for k, (vi, words) in enumerate(rows):
        seg = checker.segment(SegmentPair(f"s{k}", vi, " ".join(words) + ".", "f.tsv", k + 1))
        if seg.status or not seg.rendered:
            continue
        # the walk over the concepts not known safe gives the plain answer,
        # however many segments came before (`_safe` is learnt as they come)
        assert {c for c, _s, _e in rule._conflated(seg)} == _plain_conflated(seg, terms)
        list(rule.segment(seg))


def test_a_conflation_is_missing_after_plain_segments(glossary) -> None:  # type: ignore[no-untyped-def]
    rows = [("Công nghệ.", "Technology.")] * 3 + [("Số hóa.", "Digitization.")] * 2
    rows += [("Đẩy mạnh số hóa.", "Promoting digital services.")]
    pairs = [SegmentPair(f"s{k}", vi, en, "f.tsv", k + 1) for k, (vi, en) in enumerate(rows)]
    report = check_pairs(pairs, glossary, rules=["term-missing"])
    assert [(f.segment, f.concept) for f in report.findings] == [("s5", "digitization")]


def test_source_variant_screen(glossary) -> None:  # type: ignore[no-untyped-def]
    rows = [("Số hóa.", "Digitization."), ("So hoa.", "Digitization."), ("Công nghệ.", "x")]
    pairs = [SegmentPair(f"s{k}", vi, en, "f.tsv", k + 1) for k, (vi, en) in enumerate(rows)]
    report = check_pairs(pairs, glossary, rules=["source-variant"])
    assert [(f.segment, f.found) for f in report.findings] == [("s1", "So hoa")]
