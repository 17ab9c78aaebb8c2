"""Consistency rules: how a file renders the same thing across its segments.

- `term-inconsistent`: across one file, a concept is rendered by different
  allowed terms; reported once per concept, on the first segment with a less
  frequent rendering, with each rendering's count and segments (an
  abbreviation beside a full form does not count).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from ..formats.bilingual import SegmentPair
from .model import File, Finding, Rendering, Rule, Run, Segment


class TermInconsistent(Rule):
    id = "term-inconsistent"
    severity = "warning"
    doc = "one concept rendered by different terms in a file"

    def __init__(self, run: Run) -> None:
        super().__init__(run)
        self.tally = _RenderingTally()

    def segment(self, seg: Segment) -> Iterable[Finding]:
        rendered = seg.rendered
        renderings = [
            (concept_id, pattern.term)
            for concept_id in seg.first
            for _s, _e, pattern in rendered.get(concept_id, ())
            if pattern.status != "deprecated" and pattern.status != "abbreviation"
        ]
        if renderings:
            self.tally.add(seg.pair, renderings)
        return ()

    def file_end(self, file: File) -> Iterable[Finding]:
        tally, self.tally = self.tally, _RenderingTally()
        for finding in tally.findings(self, file.name):
            pair = tally.first.get(finding.segment)  # type: ignore[arg-type]
            if pair is not None:
                file.remember(pair)
            yield finding


class _RenderingTally:
    """Renderings of each concept across one file."""

    __slots__ = ("first", "places")

    def __init__(self) -> None:
        # (concept, term) -> where, flat: segment id, line, segment id, line, …
        # (one object a rendering, however often it is used).
        self.places: dict[tuple[str, str], list[str | int | None]] = {}
        # The first segment of each rendering: the one a finding may point at.
        self.first: dict[str, SegmentPair] = {}

    def add(self, pair: SegmentPair, renderings: list[tuple[str, str]]) -> None:
        places_of = self.places
        for rendering in renderings:
            places = places_of.get(rendering)
            if places is None:
                places = places_of[rendering] = []
                self.first[pair.id] = pair
            places.append(pair.id)
            places.append(pair.line)

    def findings(self, rule: TermInconsistent, file: str) -> Iterator[Finding]:
        # concept -> term -> where, in the order the renderings were first seen
        terms: dict[str, dict[str, list[str | int | None]]] = {}
        for (concept, term), places in self.places.items():
            terms.setdefault(concept, {})[term] = places
        for concept_id, used in terms.items():
            if len(used) < 2:
                continue
            order = {t.term: k for k, t in enumerate(rule.run.concepts[concept_id].en)}
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
