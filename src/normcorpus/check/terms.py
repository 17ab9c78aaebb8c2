"""Term rules: is each glossary concept of the source rendered by an approved English term?

- `term-missing`: a concept found in the Vietnamese (any match kind of the
  aligner) is rendered by none of its preferred or admitted English terms or
  abbreviations (nor, when `term-deprecated` is on, by a deprecated term,
  which that rule reports instead); in an English source (en → vi), the other
  way: a concept whose English term stands in the source has none of its
  Vietnamese terms in the target (`TermMissing.from_english`);
- `term-deprecated`: the English translation uses a deprecated term of such a
  concept (not raised on an English source, which the translator does not own);
- `source-variant`: the Vietnamese spells a glossary term without diacritics
  (`folded`) or with a typo (`fuzzy`).

Presence is checked per segment, not counted: a concept found twice in the
Vietnamese is satisfied by one rendering (pronouns and ellipsis are normal).
A concept is also satisfied when:

- its term stands coordinated or turned about an `of` (`information safety
  and security`, `contents of digital information`; `phrasing.written_loosely`);
- it stands inside the match of a longer concept that is satisfied
  (`khủng bố` in `khủng bố mạng`, which `cyberterrorism` renders);
- its one-word term stands with a negative prefix closed up (`unencrypted`
  for the `mã hóa` of `không được mã hóa`; `phrasing.negated`);
- it is general vocabulary (`general: true` in the glossary: `ensure`,
  `implement`), which translators rightly paraphrase: no rendering is asked.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from itertools import chain

from ..english import Pattern
from ..models import Glossary
from .model import Finding, Rule, Run, Segment
from .phrasing import (
    FUNCTION_WORDS,
    WORD,
    Words,
    base,
    conflated,
    content_words,
    may_conflate,
    negated,
    written_loosely,
)
from .text import protected_spans, words

# The aligner's match kinds of a term spelt otherwise than the glossary has it.
_MISSPELT = frozenset(("folded", "fuzzy"))


class SourceVariant(Rule):
    id = "source-variant"
    severity = "info"
    doc = "the source spells a term without diacritics or with a typo"
    needs_target = False

    def segment(self, seg: Segment) -> Iterable[Finding]:
        found = []
        entries = self.run.entries
        for start, end, index, kind, _score in seg.located:
            if kind in _MISSPELT:
                entry = entries[index]
                surface = seg.vi[start:end]
                spelled = "without diacritics" if kind == "folded" else "with a typo"
                found.append(
                    self.finding(
                        seg,
                        f"the source spells “{entry.term}” {spelled}: “{surface}”",
                        concept=entry.concept,
                        expected=entry.term,
                        found=surface,
                    )
                )
        return found


class TermMissing(Rule):
    id = "term-missing"
    severity = "error"
    doc = "a glossary concept of the source has no approved rendering"

    def __init__(self, run: Run) -> None:
        super().__init__(run)
        self.defer = "term-deprecated" in run.enabled
        # What a finding says, made on a concept's first finding: (preferred
        # English, the end of the message after the source's surface).
        self.says: dict[str, tuple[str, str]] = {}
        self.general = run.glossary.general_ids()
        self._seen: dict[tuple[str, str], bool] = {}  # (surface, term) -> conflated
        # The terms a stem match may misread (`digitization`), asked term by term.
        self._risky = _RiskyTerms(run.glossary)
        # concept -> whether any of its terms is risky, found on first sight
        self._may_conflate: dict[str, bool] = {}
        self._safe: set[str] = set()  # the concepts known to have no risky term
        self._patterns: dict[str, tuple[Pattern, ...]] = {}  # concept -> allowed, when asked
        self._single: dict[str, tuple[Pattern, ...]] = {}  # concept -> its one-word terms
        # An English source's look-ups (en → vi), made on its first segment: the
        # concepts asked for, Vietnamese term -> its concepts.
        self._asked: frozenset[str] | None = None
        self._by_term: dict[str, set[str]] = {}
        self._terms_of: dict[str, list[str]] = {}  # concept -> ` term ` of each entry
        self._says_vi: dict[str, str] = {}
        self._rank: dict[str, int] | None = None  # concept -> its place in the glossary

    def _says(self, concept_id: str) -> tuple[str, str]:
        says = self.says.get(concept_id)
        if says is None:
            concept = self.run.concepts[concept_id]
            preferred = concept.preferred_en
            others = [t for t in concept.allowed_en() if t != preferred]
            alternatives = f" (or {', '.join(f'“{t}”' for t in others)})" if others else ""
            says = self.says[concept_id] = (
                preferred,
                f" ({concept_id}) is not rendered: expected “{preferred}”{alternatives}",
            )
        return says

    def segment(self, seg: Segment) -> Iterable[Finding]:
        if not seg.pair.vi_is_source:
            return self.from_english(seg)
        candidates: Sequence[tuple[str, int, int]] = seg.unrendered
        rendered = seg.rendered
        if rendered and not self._safe.issuperset(rendered):
            conflated = self._conflated(seg)
            if conflated:
                candidates = [*candidates, *conflated]
        if not candidates:
            return ()
        missing = self._missing(seg, candidates)
        if not missing:
            return ()
        found = []
        deprecated = {d[0] for d in seg.deprecated} if self.defer else ()
        nested = _nested_in_rendered(seg, missing)
        for concept_id, start, end in candidates:
            if concept_id not in missing:
                continue  # general vocabulary, or written coordinated or turned about
            if concept_id in deprecated:
                continue  # term-deprecated says what is used instead
            if concept_id in nested:
                continue  # inside a longer concept the English renders
            preferred, says = self._says(concept_id)
            found.append(
                self.finding(
                    seg, f"“{seg.vi[start:end]}”{says}", concept=concept_id, expected=preferred
                )
            )
        return found

    def from_english(self, seg: Segment) -> list[Finding]:
        """The findings of an English source (en → vi): each concept whose English
        term (or abbreviation, inflected at most: the English scan, `_inflected`)
        stands in the source and none of whose Vietnamese terms stands in the
        target (found by the aligner, or inside a longer term or overlapping
        another). The English is the client's text: a Vietnamese concept with no
        English in it is not the translator's omission, and is not reported.

        Not asked: general vocabulary; words in placeholders, tags, URLs or a name
        inside a sentence (`_NAME`); the source's words kept as written in the
        target (`email`); a concept whose every match stands inside the match of
        a longer concept of the source (the longer one is asked, and reported if
        missing); a concept found at the same words as one the target renders (an
        English term two concepts share, general vocabulary included: the word in
        its other sense, `Security` = `Bảo mật`)."""
        asked = self._asked
        if asked is None:
            # Every concept is looked for, general ones too: they ask nothing,
            # but a sense they hold answers for the same English words.
            asked = self._asked = frozenset(self.run.concepts)
            for entry in self.run.entries:
                self._by_term.setdefault(entry.term, set()).add(entry.concept)
                term = " ".join(w.group().lower() for w in words(entry.term))
                self._terms_of.setdefault(entry.concept, []).append(f" {term} ")
        found = self.run.english.locate_all_in(seg.en, asked)
        if not found:
            return []
        en = seg.en
        markup = protected_spans(en)
        if _NAME.search(en, 1):
            markup += [m.span() for m in _NAME.finditer(en, 1)]
        spans: dict[str, list[tuple[int, int]]] = {}
        for concept_id, matches in found.items():
            kept = [
                (start, end)
                for start, end, pattern in matches
                if _inflected(en[start:end], pattern)
                and not any(s < end and start < e for s, e in markup)
            ]
            if kept:
                spans[concept_id] = kept
        entries = self.run.entries
        by_term = self._by_term
        rendered = {
            concept
            for _start, _end, index, _kind, _score in seg.located
            for concept in by_term.get(entries[index].term, ())
        }
        rendered.update(seg.concept_of[index] for _s, _e, index, _k, _sc in seg.located)
        general = self.general
        unrecorded = [c for c in spans if c not in rendered]
        present: set[str] = set()
        if unrecorded:
            # A term the aligner did not record stands in the target all the
            # same: nested in a longer term (`an ninh mạng` in `bảo vệ an ninh
            # mạng`), overlapping another (`mã hóa` in `mật mã hóa`), or written
            # coordinated (`xử lý và điều khiển thông tin`: `_loosely`); or the
            # source's English word is kept as written (`email`).
            target = f" {' '.join(w.group().lower() for w in words(seg.vi))} "
            clauses = [[w.group().lower() for w in words(c)] for c in _CLAUSE.split(seg.vi)]
            present = {
                c
                for c in unrecorded
                if any(t in target for t in self._terms_of.get(c, ()))
                or any(
                    _loosely(clause, t.split())
                    for t in self._terms_of.get(c, ())
                    for clause in clauses
                )
                or any(
                    f" {' '.join(w.group().lower() for w in words(en[s:e]))} " in target
                    for s, e in spans[c]
                )
            }
        missing = [c for c in unrecorded if c not in present and c not in general]
        if not missing:
            return []
        everywhere = [(s, e, c) for c, places in spans.items() for s, e in places]
        findings = []
        said: set[tuple[int, int]] = set()  # the places a finding names
        if len(missing) > 1:
            if self._rank is None:
                self._rank = {c: i for i, c in enumerate(self.run.concepts)}
            missing.sort(key=self._rank.__getitem__)  # glossary order: see `said`
        for concept_id in missing:
            places = spans[concept_id]
            if all(
                any(
                    s <= start and end <= e and (s, e) != (start, end) and c not in general
                    for s, e, c in everywhere
                )
                for start, end in places
            ):
                continue  # inside a longer concept of the source, asked for itself
            if any(
                (c in rendered or c in present) and (s, e) in places
                for s, e, c in everywhere
                if c != concept_id
            ):
                # the same words as a concept the target renders: an English
                # term two concepts share, in the other's sense (`Security` =
                # `Bảo mật`, `Invalid state` = `Tình trạng không hợp lệ`)
                continue
            if _in_pieces(en, places[0], [(s, e) for s, e, c in everywhere if c in rendered]):
                continue  # rendered a piece at a time (`hợp tác quốc tế về an ninh mạng`)
            start, end = places[0]
            if places[0] in said:
                continue  # one word, one finding: its first concept's (`Security`: an ninh)
            said.add(places[0])
            findings.append(
                self.finding(
                    seg,
                    f"“{en[start:end]}” ({concept_id}){self._says_vietnamese(concept_id)}",
                    concept=concept_id,
                    expected=self.run.concepts[concept_id].preferred_vi,
                )
            )
        # In the source's order.
        findings.sort(key=lambda f: spans[f.concept][0])  # type: ignore[index]
        return findings

    def _says_vietnamese(self, concept_id: str) -> str:
        says = self._says_vi.get(concept_id)
        if says is None:
            concept = self.run.concepts[concept_id]
            preferred = concept.preferred_vi
            others = [
                t.term for t in concept.vi if t.status != "deprecated" and t.term != preferred
            ]
            others += concept.abbr  # (written the same in both languages: `CNTT`)
            alternatives = f" (or {', '.join(f'“{t}”' for t in others)})" if others else ""
            says = self._says_vi[concept_id] = (
                f" is not rendered: expected “{preferred}”{alternatives}"
            )
        return says

    def _missing(self, seg: Segment, candidates: Sequence[tuple[str, int, int]]) -> set[str]:
        """The candidates still missing once general vocabulary and loose
        writings (`phrasing.written_loosely`) are allowed for."""
        words: Words | None = None
        lowered = seg.en.lower()
        missing = set()
        for concept_id, _start, _end in candidates:
            if concept_id in self.general:
                continue
            used = seg.rendered.get(concept_id, ()) if seg.rendered else ()
            if any(p.status == "deprecated" for _s, _e, p in used):
                missing.add(concept_id)  # the words are the deprecated term's
                continue
            allowed = self._patterns.get(concept_id)
            if allowed is None:
                allowed = self._patterns[concept_id] = _loose_patterns(
                    self.run.english.patterns(concept_id)
                )
            # A word's base begins it, so a term whose bases are not all in the
            # lower-cased text cannot stand there (most segments stop here).
            patterns = [p for p in allowed if all(b in lowered for b in content_words(p.term))]
            if patterns:
                if words is None:
                    words = Words(seg.en)
                if any(written_loosely(words, p) for p in patterns):
                    continue
            if ("un" in lowered or "non" in lowered) and self._negated(concept_id, lowered):
                continue  # `unencrypted` for `không được mã hóa`
            missing.add(concept_id)
        return missing

    def _negated(self, concept_id: str, lowered: str) -> bool:
        """Whether a one-word term of the concept stands negated (`phrasing.negated`)."""
        single = self._single.get(concept_id)
        if single is None:
            single = self._single[concept_id] = tuple(
                p
                for p in self.run.english.patterns(concept_id)
                if p.status != "deprecated"
                and p.case_sensitive is None
                and len(p.variants[0].stems) == 1
            )
        return any(negated(lowered, p) for p in single)

    def _conflated(self, seg: Segment) -> list[tuple[str, int, int]]:
        """(concept, start, end) of each concept the English renders only through
        the stemmer's conflation of two derivations (`digital` read as
        `digitization`), at its first place in the source. (Asked where some
        concept rendered is not known to have no risky term: `_safe`.)"""
        risky = self._risky
        out = []
        en = seg.en
        seen = self._seen
        may_conflate = self._may_conflate
        rendered = seg.rendered
        # (the concepts not known safe, in any order: `out` is only asked of)
        for concept_id in rendered.keys() - self._safe:
            may = may_conflate.get(concept_id)
            if may is None:
                # (its terms and abbreviations: what its patterns are made of)
                concept = self.run.concepts.get(concept_id)
                may = may_conflate[concept_id] = concept is None or any(
                    term in risky
                    for term in chain((t.term for t in concept.en), concept.en_abbreviations())
                )
                if not may:
                    self._safe.add(concept_id)
            if not may:
                continue  # no term of the concept is risky (most concepts)
            conflations = False
            for start, end, pattern in rendered[concept_id]:
                term = pattern.term
                if term not in risky:
                    if pattern.status != "deprecated":
                        break  # read as the term's own words (most concepts)
                    continue
                if pattern.status == "deprecated":
                    continue
                key = (en[start:end], term)
                hit = seen.get(key)
                if hit is None:
                    if len(seen) > 65536:
                        seen.clear()
                    hit = seen[key] = conflated(key[0], pattern)
                if not hit:
                    break
                conflations = True
            else:
                if conflations:
                    out.append(concept_id)
        if not out:
            return []
        places: dict[str, tuple[str, int, int]] = {}
        concept_of = seg.concept_of
        for start, end, index, _kind, _score in seg.located:
            concept_id = concept_of[index]
            if concept_id in out and concept_id not in places:
                places[concept_id] = (concept_id, start, end)
        return list(places.values())


class TermDeprecated(Rule):
    id = "term-deprecated"
    severity = "error"
    doc = "a deprecated English term is used"

    def segment(self, seg: Segment) -> Iterable[Finding]:
        # Only a translation is judged: in an English-source file the deprecated
        # term is the client's text, which the translator does not change.
        if not seg.deprecated or not seg.pair.vi_is_source:
            return ()
        found = []
        concepts = self.run.concepts
        for concept_id, start, end, en_start, en_end, _pattern in seg.deprecated:
            preferred = concepts[concept_id].preferred_en
            surface = seg.en[en_start:en_end]
            found.append(
                self.finding(
                    seg,
                    f"“{surface}” is deprecated for “{seg.vi[start:end]}”"
                    f" ({concept_id}); use “{preferred}”",
                    concept=concept_id,
                    expected=preferred,
                    found=surface,
                )
            )
        return found


# Three capitalised words or more inside a sentence: a name (`International
# Securities Identification Number`), whose words are not the glossary's terms.
# (At the text's start it is as likely a title-case label: `Wrong Password`.)
_NAME = re.compile(r"(?<=[\w,;:(] )[A-Z][a-z]+(?: [A-Z][a-z]+){2,}\b")


# Where a Vietnamese clause ends: a term's words do not reach across.
_CLAUSE = re.compile(r"[.;:!?]")
_LOOSE_GAP = 4  # words that may stand between two words of a term written loosely


def _loosely(clause: list[str], term: list[str]) -> bool:
    """Whether a Vietnamese term's words stand in a clause in their order, at most
    `_LOOSE_GAP` words apart: written coordinated or with a word between, as
    `xử lý và điều khiển thông tin` holds `xử lý thông tin` (`phrasing.written_loosely`
    is the English side's)."""
    if len(term) < 2:
        return False
    first = term[0]
    for k, word in enumerate(clause):
        if word != first:
            continue
        at = k
        for part in term[1:]:
            window = clause[at + 1 : at + 2 + _LOOSE_GAP]
            if part not in window:
                break
            at += 1 + window.index(part)
        else:
            return True
    return False


def _in_pieces(en: str, place: tuple[int, int], rendered: list[tuple[int, int]]) -> bool:
    """Whether every content word of a source's match lies inside the match of a
    concept the target renders: `cooperation on cybersecurity` in `International
    cooperation on cybersecurity`, whose `international cooperation` and
    `cybersecurity` the target has (`Hợp tác quốc tế về an ninh mạng`)."""
    start, end = place
    inside = [
        m.span() for m in WORD.finditer(en, start, end) if m.group().lower() not in FUNCTION_WORDS
    ]
    return bool(rendered) and all(any(s <= a and b <= e for s, e in rendered) for a, b in inside)


def _inflected(surface: str, pattern: Pattern) -> bool:
    """Whether an English source's words are the term's own, inflected at most
    (`states`, `passwords`): a derivation (`available` for `availability`,
    `vulnerable` for `vulnerability`) is another word in a source, whose
    translation may rightly differ. Abbreviations and capitals-only terms are
    matched as written."""
    if pattern.case_sensitive is not None or surface.lower() == pattern.term.lower():
        return True
    bases = [base(m.group()) for m in WORD.finditer(surface)]
    return any(
        len(variant.literals) == len(bases)
        and all(w == base(t) for w, t in zip(bases, variant.literals, strict=True))
        for variant in pattern.variants
    )


def _loose_patterns(patterns: tuple[Pattern, ...]) -> tuple[Pattern, ...]:
    """The allowed terms of a concept (its `patterns`, the English scan's:
    `EnglishMatcher.patterns`, made once a run) that a looser reading may find:
    those of two content words or more (abbreviations are matched as written)."""
    return tuple(
        p
        for p in patterns
        if p.status != "deprecated" and p.case_sensitive is None and len(content_words(p.term)) > 1
    )


class _RiskyTerms:
    """`term in risky`: whether `term` is an English term of the glossary that a stem
    match may misread (`may_conflate`), worked out on the first asking (a run sees
    a few of a large glossary's terms)."""

    __slots__ = ("_known", "_terms")

    def __init__(self, glossary: Glossary):
        self._terms = glossary.english_terms()
        self._known: dict[str, bool] = {}

    def __contains__(self, term: str) -> bool:
        known = self._known.get(term)
        if known is None:
            known = self._known[term] = term in self._terms and may_conflate(term)
        return known


def _nested_in_rendered(seg: Segment, unrendered: set[str] | None = None) -> set[str]:
    """The unrendered concepts that stand, somewhere in the source, inside the match
    of a longer concept the target renders: `khủng bố` inside `khủng bố mạng`,
    which `cyberterrorism` renders, needs no `terrorism` of its own.
    `unrendered`: the concepts still missing (default: `seg.unrendered`'s)."""
    if unrendered is None:
        unrendered = {concept for concept, _s, _e in seg.unrendered}
    concept_of = seg.concept_of
    outer = [
        (start, end)
        for start, end, index, _kind, _score in seg.located
        if concept_of[index] not in unrendered
    ]
    if not outer:
        return set()
    return {
        concept_of[index]
        for start, end, index, _kind, _score in seg.located
        if concept_of[index] in unrendered
        and any(s <= start and end <= e and (s, e) != (start, end) for s, e in outer)
    }
