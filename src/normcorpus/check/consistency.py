"""Consistency rules: how a file renders the same thing across its segments.

- `term-inconsistent`: across one file, a concept is rendered by different
  allowed terms; reported once per concept, on the first segment with a less
  frequent rendering, with each rendering's count and segments (an
  abbreviation beside a full form does not count; renderings that differ
  only in inflection or word order, `ensure`/`ensuring`, `contents of digital
  information`/`digital information contents`, are one choice, reported
  under the more frequent; general vocabulary, `general: true`, is left out);
- `target-inconsistent`: one source translated by different targets in a
  file; `source-inconsistent`: one target given for different sources
  (English sources that differ only in inflection, `1 minute`/`%n minutes`,
  are one source: Vietnamese marks no number). Texts are compared with
  their whitespace collapsed; each is reported once, on the first segment
  that differs, with each variant's count and segments.

A file of 100,000 segments keeps a hash of each source and target (and the
id of the segment it was first seen in), not the texts; and where each
rendering stands only for the concepts a file can render two ways (a concept
with one term a rendering may be is not counted).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from ..english import WORD, stem
from ..formats.bilingual import SegmentPair
from ..models import Rendering
from .model import File, Finding, Rule, Run, Segment, per_segment
from .phrasing import conflated, may_conflate, rendering_key


class TermInconsistent(Rule):
    id = "term-inconsistent"
    severity = "warning"
    doc = "one concept rendered by different terms in a file"

    def __init__(self, run: Run) -> None:
        super().__init__(run)
        self.tally = _RenderingTally()
        self.general = run.glossary.general_ids()
        self._risky: dict[str, bool] = {}  # term -> may_conflate(term)
        self._left_out: dict[str, bool] = {}  # concept -> `_leaves_out(concept)`

    def _leaves_out(self, concept_id: str) -> bool:
        """Whether the rule need not count the concept's renderings: general
        vocabulary, or a concept whose English has one term a rendering may be
        (no deprecated term, no abbreviation), which no file can render two ways.
        Asked once a concept (`_left_out`)."""
        out = self._left_out.get(concept_id)
        if out is None:
            terms = {
                p.term
                for p in self.run.english.patterns(concept_id)
                if p.status != "deprecated" and p.status != "abbreviation"
            }
            out = self._left_out[concept_id] = concept_id in self.general or len(terms) == 1
        return out

    def segment(self, seg: Segment) -> Iterable[Finding]:
        renderings = seg.renderings
        if not renderings:
            return ()
        # Counted in one loop for most segments: the renderings of the concepts a
        # file may render two ways (`_leaves_out`), when none is read only through
        # a conflation and no concept has two terms here; any other segment is
        # counted by the whole rule (`_counted`).
        left_out = self._left_out
        risky = self._risky
        counted = []
        concepts: dict[str, str] = {}
        for pattern in renderings:
            concept = pattern.concept
            out = left_out.get(concept)
            if out or (out is None and self._leaves_out(concept)):
                continue
            term = pattern.term
            may = risky.get(term)
            if may is None:
                may = risky[term] = may_conflate(term)
            if (may and _read_conflated(seg, pattern)) or concepts.setdefault(
                concept, term
            ) != term:
                counted = self._counted(seg)
                break
            counted.append(pattern)
        if not counted:
            return ()
        # Tallied here, not in a method of the tally: this runs for most segments.
        tally = self.tally
        places_of = tally.places
        pair = seg.pair
        pair_id, line = pair.id, pair.line
        for pattern in counted:
            rendering = (pattern.concept, pattern.term)
            places = places_of.get(rendering)
            if places is None:
                places = places_of[rendering] = []
                tally.first[pair_id] = pair
            places.append(pair_id)
            places.append(line)
        return ()

    def _counted(self, seg: Segment) -> list[Any]:
        """The renderings that stand for the source's concepts: those `_leaves_out`
        left out, and no more different terms of a concept than the source has
        places of it, the glossary's first kept (`Information technology
        application means the use of information technology`: one `ứng dụng công
        nghệ thông tin`, one rendering; the English's other words say something else)."""
        renderings = tuple(p for p in seg.renderings if not self._leaves_out(p.concept))
        renderings = _unconflated(seg, renderings, self._risky)
        first: dict[str, str] = {}
        several = False
        for pattern in renderings:
            term = first.setdefault(pattern.concept, pattern.term)
            if term != pattern.term:
                several = True
                break
        if not several:  # one term a concept (most segments)
            return list(renderings)
        terms: dict[str, list[Any]] = {}
        for pattern in renderings:
            terms.setdefault(pattern.concept, []).append(pattern)
        places: dict[str, int] = {}
        concept_of = seg.concept_of
        for _start, _end, index, _kind, _score in seg.located:
            concept = concept_of[index]
            places[concept] = places.get(concept, 0) + 1
        out = []
        for concept, patterns in terms.items():
            ranked = sorted({p.term: p.rank for p in patterns}.items(), key=lambda kv: kv[1])
            kept = {term for term, _rank in ranked[: max(1, places.get(concept, 1))]}
            out += [p for p in patterns if p.term in kept]
        return out

    def file_end(self, file: File) -> Iterable[Finding]:
        tally, self.tally = self.tally, _RenderingTally()
        for finding in tally.findings(self, file.name):
            pair = tally.first.get(finding.segment)  # type: ignore[arg-type]
            if pair is not None:
                file.remember(pair)
            yield finding


def _unconflated(
    seg: Segment, renderings: tuple[Any, ...], risky: dict[str, bool]
) -> tuple[Any, ...]:
    """The renderings less those the English reads only through the stemmer's
    conflation of two derivations: `digital` is no `digitization`, so `into
    digital information` beside `Digitalization` is one rendering, not two.
    `risky`: term -> `may_conflate(term)`, as far as known (filled in here)."""
    kept = []
    for pattern in renderings:
        may = risky.get(pattern.term)
        if may is None:
            may = risky[pattern.term] = may_conflate(pattern.term)
        if not (may and _read_conflated(seg, pattern)):
            kept.append(pattern)
    return tuple(kept)


def _read_conflated(seg: Segment, pattern: Any) -> bool:
    """Whether the English has `pattern` somewhere, and everywhere only through
    the stemmer's conflation of two derivations (`conflated`)."""
    en = seg.en
    found = False
    for start, end, match in seg.rendered.get(pattern.concept, ()):
        if match is pattern:
            if not conflated(en[start:end], pattern):
                return False
            found = True
    return found


class _RenderingTally:
    """Renderings of each concept across one file."""

    __slots__ = ("first", "places")

    def __init__(self) -> None:
        # (concept, term) -> where, flat: segment id, line, segment id, line, …
        # (one object a rendering, however often it is used).
        self.places: dict[tuple[str, str], list[str | int | None]] = {}
        # The first segment of each rendering: the one a finding may point at.
        self.first: dict[str, SegmentPair] = {}

    def findings(self, rule: TermInconsistent, file: str) -> Iterator[Finding]:
        # concept -> term -> where, in the order the renderings were first seen
        terms: dict[str, dict[str, list[str | int | None]]] = {}
        for (concept, term), places in self.places.items():
            terms.setdefault(concept, {})[term] = places
        for concept_id, all_used in terms.items():
            if len(all_used) < 2:
                continue
            en = rule.run.concepts[concept_id].en
            order = {t.term: k for k, t in enumerate(en)}
            # A noun and its adjective (`State`, `national`) are no two choices.
            pos_of = {t.term: t.pos or "" for t in en}
            by_pos: dict[str, dict[str, list[str | int | None]]] = {}
            for term, places in all_used.items():
                by_pos.setdefault(pos_of.get(term, ""), {})[term] = places
            for used in by_pos.values():
                yield from self._inconsistent(
                    rule, file, concept_id, _one_choice(used, order), order
                )

    @staticmethod
    def _inconsistent(
        rule: TermInconsistent,
        file: str,
        concept_id: str,
        used: dict[str, list[str | int | None]],
        order: dict[str, int],
    ) -> Iterator[Finding]:
        if len(used) < 2:
            return
        ranked = sorted(used.items(), key=lambda kv: (-len(kv[1]), order.get(kv[0], 99)))
        expected = ranked[0][0]
        others = ranked[1:]
        # The first segment of the earliest-starting other rendering.
        first_segment, first_line = min(
            ((places[0], places[1]) for _term, places in others),
            key=lambda p: (p[1] is None, p[1] or 0),
        )
        counts = ", ".join(f"“{t}” ×{len(p) // 2}" for t, p in ranked)
        yield Finding(
            rule.id,
            rule.severity,
            f"{concept_id} is rendered {len(ranked)} ways in this file: {counts}",
            file,
            first_line,  # type: ignore[arg-type]
            None,
            first_segment,  # type: ignore[arg-type]
            concept=concept_id,
            expected=expected,
            found="; ".join(t for t, _p in others),
            renderings=tuple(
                Rendering(t, len(p) // 2, tuple(dict.fromkeys(p[0::2])))  # type: ignore[arg-type]
                for t, p in ranked
            ),
        )


def _one_choice(
    used: dict[str, list[str | int | None]], order: dict[str, int]
) -> dict[str, list[str | int | None]]:
    """The renderings with those that differ only in inflection or word order
    merged, under the most used of them (then the first in the glossary)."""
    groups: dict[tuple[str, ...], list[str]] = {}
    for term in used:
        groups.setdefault(rendering_key(term), []).append(term)
    if len(groups) == len(used):
        return used
    merged: dict[str, list[str | int | None]] = {}
    for members in groups.values():
        head = min(members, key=lambda t: (-len(used[t]), order.get(t, 99)))
        places: list[str | int | None] = []
        for term in members:
            places += used[term]
        merged[head] = places
    return merged


class _Repeats(Rule):
    """One side repeated with the other side different: reported once per repeated text."""

    needs_target = True
    key_side = ""  # "source" or "target": the text that repeats
    what = ""

    def __init__(self, run: Run) -> None:
        super().__init__(run)
        self._on_source = self.key_side == "source"
        self._forget()

    def _forget(self) -> None:
        self.first: dict[int, tuple[int, str, int | None]] = {}  # key -> (other, segment, line)
        self.groups: dict[int, dict[int, list[str | int | None]]] = {}  # key -> other -> where
        self.shown: dict[int, dict[int, str]] = {}  # key -> other -> the text, for the report
        self.reported: dict[int, tuple[str, str, int | None]] = {}  # key -> segment, text, line
        self.pairs: dict[str, SegmentPair] = {}

    def segment(self, seg: Segment) -> Iterable[Finding]:
        pair = seg.pair
        vi_key, en_key = _keys(seg)  # (the other rule's call may have made them)
        keyed_on_vi = self._on_source == pair.vi_is_source
        if not keyed_on_vi:
            key, other = en_key, vi_key
        elif self._on_source:
            key, other = vi_key, en_key
        else:  # the English source, keyed by its inflections
            key, other = vi_key, _inflection_key(seg.en)
        entry = (other, pair.id, pair.line)
        seen = self.first.setdefault(key, entry)
        if seen is not entry:  # (most texts are seen once)
            self._again(seg, keyed_on_vi, key, other, seen)
        return ()

    def _again(
        self,
        seg: Segment,
        keyed_on_vi: bool,
        key: int,
        other: int,
        seen: tuple[int, str, int | None],
    ) -> None:
        """A text seen before: its group, and whether it is reported."""
        pair = seg.pair
        key_text, other_text = (seg.vi, seg.en) if keyed_on_vi else (seg.en, seg.vi)
        group = self.groups.get(key)
        if group is None:  # (only repeated texts get a group: most are not)
            group = self.groups[key] = {seen[0]: [seen[1], seen[2]]}
        group.setdefault(other, []).extend((pair.id, pair.line))
        shown = self.shown.setdefault(key, {})
        shown.setdefault(other, " ".join(other_text.split()))
        if key not in self.reported and len(group) > 1:
            self.reported[key] = (pair.id, " ".join(key_text.split()), pair.line)
            self.pairs[pair.id] = pair

    def file_end(self, file: File) -> Iterable[Finding]:
        groups, shown, reported, pairs = self.groups, self.shown, self.reported, self.pairs
        self._forget()
        for key, (segment, text, line) in reported.items():
            variants = groups[key]
            renderings = tuple(
                Rendering(
                    shown[key].get(other) or f"as in {places[0]}",
                    len(places) // 2,
                    tuple(dict.fromkeys(places[0::2])),  # type: ignore[arg-type]
                )
                for other, places in variants.items()
            )
            file.remember(pairs[segment])
            yield Finding(
                self.id,
                self.severity,
                f"{self.what} “{_short(text)}” has {len(variants)} different"
                f" {'targets' if self.key_side == 'source' else 'sources'} in this file",
                file.name,
                line,
                None,
                segment,
                found=text,
                renderings=renderings,
            )


@per_segment  # both rules read them
def _keys(seg: Segment) -> tuple[int, int]:
    """The hashes of the segment's Vietnamese and English with their whitespace
    collapsed, made once a segment. Only a text with two spaces in a row, a tab,
    a line break, a no-break space or whitespace at an edge is collapsed; the
    others are hashed as they are (a str caches its own hash)."""
    vi, en = seg.vi, seg.en
    # (written out for each text: a substring test a character runs memchr, and
    # `strip` reads only the edges; together fewer instructions than one pass
    # that reads every character, in C or not, and no call a text)
    return (
        hash(" ".join(vi.split()))
        if "  " in vi or "\t" in vi or "\n" in vi or "\xa0" in vi or vi.strip() != vi
        else hash(vi),
        hash(" ".join(en.split()))
        if "  " in en or "\t" in en or "\n" in en or "\xa0" in en or en.strip() != en
        else hash(en),
    )


def _inflection_key(english: str) -> int:
    """The hash of an English source's words by their stems: sources that differ
    only in inflection (`in %minutes% minute.`/`minutes.`) rightly share one
    Vietnamese target, which marks no number."""
    return hash(tuple(map(stem, WORD.findall(english))))


def _short(text: str, size: int = 60) -> str:
    return text if len(text) <= size else text[: size - 1] + "…"


class TargetInconsistent(_Repeats):
    id = "target-inconsistent"
    severity = "warning"
    doc = "the same source translated differently in a file"
    key_side = "source"
    what = "the source"


class SourceInconsistent(_Repeats):
    id = "source-inconsistent"
    severity = "warning"
    doc = "the same target given for different sources in a file"
    key_side = "target"
    what = "the target"
