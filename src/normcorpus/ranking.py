"""Ranking: BM25 over syllables with term frequency capped at one, read in length order.

A clause's score for a query is, over the query's units (`query.Unit`: a term,
a phrase, a NEAR group, a concept) that occur in it,

    Σ idf(unit) · (k1 + 1) / (1 + k1 · (1 − b + b · L / avgL))

where idf(unit) sums its syllables' idf, ln(1 + (N − df + 0.5) / (df + 0.5))
(Lucene's BM25 idf, and Lucene's weight for a phrase), L is the clause's length
in syllables, avgL the corpus average, N the number of clauses, k1 = 1.2 and
b = 0.75. The statistics come from the index (`term_stats`, `meta`).

That is BM25 with each unit's term frequency taken as 1 when it occurs. Clauses
are short and the index's tokens are syllables, not words: a syllable twice in
a clause is mostly two different words (`an ninh` and `an toàn`), not a clause
more about `an`, so counting repeats would rank noise.

What the cap buys is speed. The length factor falls as L grows, and the index
keeps clauses in length order (`store.fts_rowid`), so:

- when every unit is required (AND, phrases, NEAR, NOT, --concept) every match
  scores the same Σ idf times its length factor: the ranking is the index's
  order and LIMIT reads only the first matches;
- when some are optional (OR, English expansion), `top_k` reads matches in
  length order and stops once no later clause, even holding every unit, could
  beat the k-th best.

Ties rank the shorter clause first, then corpus order.
"""

from __future__ import annotations

import heapq
import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from .store import clause_length

K1 = 1.2
B = 0.75

# Given a batch of FTS rowids (ascending), the ones where a unit occurs.
Probe = Callable[[Sequence[int]], set[int]]


@dataclass(frozen=True, slots=True)
class CorpusStats:
    clauses: int
    syllables: int

    @property
    def average_length(self) -> float:
        return self.syllables / self.clauses if self.clauses and self.syllables else 1.0

    def idf(self, df: int) -> float:
        return math.log(1 + (self.clauses - df + 0.5) / (df + 0.5))

    def length_factor(self, length: int) -> float:
        return (K1 + 1) / (1 + K1 * (1 - B + B * length / self.average_length))


def top_k(
    batches: Iterable[Sequence[int]],
    k: int,
    required: float,
    optional: Sequence[tuple[float, Probe]],
    stats: CorpusStats,
) -> list[tuple[int, float]]:
    """The k best (FTS rowid, score), best first, from all matches in rowid order.

    `required` is the summed idf of the units every match holds; `optional`
    pairs each other unit's idf with its probe. Stops reading as soon as the
    k-th best beats what any later (so no shorter) clause could score.
    """
    if k <= 0:
        return []
    ceiling = required + sum(weight for weight, _ in optional)
    best: list[tuple[float, int]] = []  # (score, -rowid); best[0] is the k-th best
    for batch in batches:
        found = [probe(batch) for _, probe in optional]
        for rowid in batch:
            factor = stats.length_factor(clause_length(rowid))
            # A later clause is no shorter, and loses a tie on rowid.
            if len(best) == k and best[0][0] >= ceiling * factor:
                return _ordered(best)
            weight = required + sum(
                w for (w, _), hits in zip(optional, found, strict=True) if rowid in hits
            )
            item = (weight * factor, -rowid)
            if len(best) < k:
                heapq.heappush(best, item)
            elif item > best[0]:
                heapq.heapreplace(best, item)
    return _ordered(best)


def _ordered(best: list[tuple[float, int]]) -> list[tuple[int, float]]:
    return [(-negative, score) for score, negative in sorted(best, reverse=True)]
