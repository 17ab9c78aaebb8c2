"""Ranking: BM25 over syllables with term frequency capped at one, read in length order.

A clause's score for a query is, over the query's units (`query.Unit`: a term,
a phrase, a NEAR group, a concept, an English term with its expansion) that
occur in it,

    Σ idf(unit) · (k1 + 1) / (1 + k1 · (1 − b + b · L / avgL))

where idf(unit) sums its syllables' idf, ln(1 + (N − df + 0.5) / (df + 0.5))
(Lucene's BM25 idf, and Lucene's weight for a phrase; an expansion weighs as its
commonest alternative, like Lucene's SynonymQuery), L is the clause's length
in syllables, avgL the corpus average, N the number of clauses, k1 = 1.2 and
b = 0.75. The statistics come from the index (`term_stats`, `meta`).

That is BM25 with each unit's term frequency taken as 1 when it occurs. Clauses
are short and the index's tokens are syllables, not words: a syllable twice in
a clause is mostly two different words (`an ninh` and `an toàn`), not a clause
more about `an`, so counting repeats would rank noise.

What the cap buys is speed. The length factor falls as L grows, and the index
keeps clauses in length order (`store.fts_rowid`), so:

- when every unit is required (AND, phrases, NEAR, NOT, expansions,
  --concept) every match scores the same Σ idf times its length factor: the
  ranking is the index's order and LIMIT reads only the first matches;
- when a few are optional (OR), a clause scores by which of them it holds;
  `top_k_by_combinations` reads, for each combination, the first k clauses
  holding it, heaviest combination first, and skips the rest once none could
  win;
- with many optional units, `top_k` reads matches in length order and stops
  once no later clause, even holding every unit, could beat the k-th best.

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


# With up to this many optional units, rank by combinations (2**n short reads).
MAX_COMBINED_UNITS = 4


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

    def longest_with_factor(self, factor: float) -> int | None:
        """The greatest length whose factor is at least `factor` (None: none is)."""
        if factor <= 0:
            return None
        # length_factor(L) >= factor  <=>  L <= avgL / B * (((K1 + 1) / factor - 1) / K1 - 1 + B)
        bound = self.average_length / B * (((K1 + 1) / factor - 1) / K1 - 1 + B)
        if bound < 0:
            return None
        longest = math.floor(bound + 1e-9)
        while longest >= 0 and self.length_factor(longest) < factor:  # rounding, once
            longest -= 1
        return longest if longest >= 0 else None


def held_weight(required: float, weights: Sequence[float], held: Iterable[bool]) -> float:
    """`required` plus the weights of the optional units held, summed in unit
    order: a clause holding more units never sums less."""
    return required + sum(w for w, holds in zip(weights, held, strict=True) if holds)


def top_k_by_combinations(
    k: int,
    required: float,
    weights: Sequence[float],
    first: Callable[[tuple[int, ...], int, int | None], list[int]],
    present: Callable[[list[int]], list[set[int]]],
    stats: CorpusStats,
    shortest: int,
) -> list[tuple[int, float]]:
    """The k best (FTS rowid, score), best first, for a query with optional units.

    A clause holding exactly the optional units S scores W(S) times its length
    factor. Among the clauses holding at least S, the first k in index order
    each score at least that and win ties, so a clause outside them is not in
    the top k: the top k lies in the union, over the combinations S, of the
    first k clauses holding S (`first(S, k)`, unit indexes). Combinations are
    read heaviest first, and the rest skipped once even the shortest clause
    (`shortest` syllables) holding one could not beat the k-th best found.
    `present(rowids)` says, per unit, which of those clauses hold it.
    """
    if k <= 0:
        return []
    n = len(weights)
    combinations = [tuple(i for i in range(n) if mask >> i & 1) for mask in range(1 << n)]

    def weight(combination: tuple[int, ...]) -> float:
        return held_weight(required, weights, (i in combination for i in range(n)))

    combinations.sort(key=lambda c: (-weight(c), c))
    top_factor = stats.length_factor(shortest)
    floors: list[float] = []  # the k highest lower bounds of candidates' scores
    candidates: set[int] = set()
    for combination in combinations:
        longest = None
        if len(floors) == k:
            if floors[0] > weight(combination) * top_factor:
                break
            # A clause holding exactly this combination scores weight × factor;
            # one holding more is read with its own (heavier) combination.
            if weight(combination) > 0:
                longest = stats.longest_with_factor(floors[0] / weight(combination))
                if longest is None:
                    continue
        for rowid in first(combination, k, longest):
            if rowid not in candidates:
                candidates.add(rowid)
                floor = weight(combination) * stats.length_factor(clause_length(rowid))
                if len(floors) < k:
                    heapq.heappush(floors, floor)
                elif floor > floors[0]:
                    heapq.heapreplace(floors, floor)
    rowids = sorted(candidates)
    found = present(rowids)
    scored = [
        (
            rowid,
            held_weight(required, weights, (rowid in hits for hits in found))
            * stats.length_factor(clause_length(rowid)),
        )
        for rowid in rowids
    ]
    return sorted(scored, key=lambda item: (-item[1], item[0]))[:k]


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
    weights = [weight for weight, _ in optional]
    ceiling = held_weight(required, weights, [True] * len(weights))
    best: list[tuple[float, int]] = []  # (score, -rowid); best[0] is the k-th best
    for batch in batches:
        found = [probe(batch) for _, probe in optional]
        for rowid in batch:
            factor = stats.length_factor(clause_length(rowid))
            # A later clause is no shorter, and loses a tie on rowid.
            if len(best) == k and best[0][0] >= ceiling * factor:
                return _ordered(best)
            weight = held_weight(required, weights, (rowid in hits for hits in found))
            item = (weight * factor, -rowid)
            if len(best) < k:
                heapq.heappush(best, item)
            elif item > best[0]:
                heapq.heapreplace(best, item)
    return _ordered(best)


def _ordered(best: list[tuple[float, int]]) -> list[tuple[int, float]]:
    return [(-negative, score) for score, negative in sorted(best, reverse=True)]
