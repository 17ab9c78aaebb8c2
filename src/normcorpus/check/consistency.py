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
id of the segment it was first seen in), not the texts.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from ..accel import textpass
from ..english import WORD, stem
from ..formats.bilingual import SegmentPair
from ..models import Rendering
from .model import File, Finding, Rule, Run, Segment
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

    def segment(self, seg: Segment) -> Iterable[Finding]:
        if seg.renderings:
            self.tally.add(seg.pair, self._counted(seg))
        return ()

    def _counted(self, seg: Segment) -> list[Any]:
        """The renderings that stand for the source's concepts: general vocabulary
        left out, and no more different terms of a concept than the source has
        places of it, the glossary's first kept (`Information technology
        application means the use of information technology`: one `ứng dụng công
        nghệ thông tin`, one rendering; the English's other words say something else)."""
        general = self.general
        renderings = seg.renderings
        risky = self._risky
        for pattern in renderings:  # (a loop and a dict: no generator, no cache wrapper)
            term = pattern.term
            may = risky.get(term)
            if may is None:
                may = risky[term] = may_conflate(term)
            if may:
                renderings = _unconflated(seg, renderings, risky)
                break
        first: dict[str, str] = {}
        several = False
        for pattern in renderings:
            term = first.setdefault(pattern.concept, pattern.term)
            if term != pattern.term:
                several = True
                break
        if not several:  # one term a concept (most segments)
            if general and any(c in general for c in first):
                return [p for p in renderings if p.concept not in general]
            return list(renderings)
        terms: dict[str, list[Any]] = {}
        for pattern in renderings:
            if pattern.concept not in general:
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
    en = seg.en
    kept = []
    for pattern in renderings:
        may = risky.get(pattern.term)
        if may is None:
            may = risky[pattern.term] = may_conflate(pattern.term)
        if may:
            places = [
                (start, end)
                for start, end, p in seg.rendered.get(pattern.concept, ())
                if p is pattern
            ]
            if places and all(conflated(en[start:end], pattern) for start, end in places):
                continue
        kept.append(pattern)
    return tuple(kept)


class _RenderingTally:
    """Renderings of each concept across one file."""

    __slots__ = ("first", "places")

    def __init__(self) -> None:
        # (concept, term) -> where, flat: segment id, line, segment id, line, …
        # (one object a rendering, however often it is used).
        self.places: dict[tuple[str, str], list[str | int | None]] = {}
        # The first segment of each rendering: the one a finding may point at.
        self.first: dict[str, SegmentPair] = {}

    def add(self, pair: SegmentPair, renderings: tuple[Any, ...]) -> None:
        places_of = self.places
        pair_id, line = pair.id, pair.line
        for pattern in renderings:
            rendering = (pattern.concept, pattern.term)
            places = places_of.get(rendering)
            if places is None:
                places = places_of[rendering] = []
                self.first[pair_id] = pair
            places.append(pair_id)
            places.append(line)

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
        keyed_on_vi = self._on_source == pair.vi_is_source
        if keyed_on_vi:
            key, other = _keys(seg)
        else:
            other, key = _keys(seg)
        if not self._on_source and not pair.vi_is_source:
            other = _inflection_key(seg.en)  # the English source, keyed by its inflections
        seen = self.first.get(key)
        if seen is None:  # (most texts: seen once)
            self.first[key] = (other, pair.id, pair.line)
            return ()
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
        return ()

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


# The last segment's keys (vi, en): both rules read them (rebound whole, so a
# thread never sees one segment's keys with another's).
_last_keys: tuple[Segment | None, int, int] = (None, 0, 0)


def _keys(seg: Segment) -> tuple[int, int]:
    """`_key` of the segment's Vietnamese and English, made once a segment."""
    global _last_keys
    last = _last_keys
    if last[0] is seg:
        return last[1], last[2]
    vi_key, en_key = _key(seg.vi), _key(seg.en)
    _last_keys = (seg, vi_key, en_key)
    return vi_key, en_key


def _key(text: str) -> int:
    """The hash of `text` with its whitespace collapsed (a str caches its own hash, so a
    text without runs or edges of whitespace costs nothing more)."""
    if _spaced(text):
        return hash(" ".join(text.split()))
    return hash(text)


# Edges or runs of whitespace, a tab, a line break or a no-break space (in C where built).
_spaced = textpass.spaced_by("\t\n\xa0")


def _inflection_key(english: str) -> int:
    """The hash of an English source's words by their stems: sources that differ
    only in inflection (`in %minutes% minute.`/`minutes.`) rightly share one
    Vietnamese target, which marks no number."""
    return hash(tuple(stem(w) for w in WORD.findall(english)))


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
