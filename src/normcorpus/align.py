"""Clause × Glossary -> TermMatches (exact, variant, folded, fuzzy).

Every occurrence of a concept's Vietnamese terms and abbreviations in a text is
found, longest match first, without overlaps. Kinds, strongest first:

- `exact`: the text spells the term as the glossary does;
- `variant`: differs only in case or tone placement (`Liên Hợp Quốc`, `hoà`);
- `folded`: each syllable is the term's syllable or that syllable written
  without diacritics (`de dọa` for `đe dọa`, `an ninh mang`) — the way text
  typed without a Vietnamese keyboard looks;
- `fuzzy`: a typo: same syllable count, at least one syllable spelled right,
  at most a third of them (one, for short terms) wrong, each wrong syllable
  off by at most one of its four parts (onset, rhyme, final, tone; onsets and
  finals that Vietnamese speakers confuse, s/x, ch/tr, d/gi/r, l/n, c/t, n/ng,
  count as equal), and a rapidfuzz ratio at or above the cut-off
  (`hơp tác`, `thỏa luận`, `xuyên xuyết`; not `an ninh thông` for
  `an ninh mạng`).

Where the window carries diacritics (the writer had a Vietnamese keyboard), a
syllable that differs from the term's only in tone and is itself a word is
taken for that word, not a typo: `quy tắc mang tính` does not hold
`quy tắc mạng`. Exact and variant matches are placed first; folded and fuzzy
ones only fill the gaps they leave, so a typo reading never displaces a
correct spelling (`thảo luận quốc tế` is not `luật quốc tế`).

Folded and fuzzy matches apply to terms of two or more syllables and never to
abbreviations, which match case-sensitively as whole tokens. One-syllable
words are therefore never matched loosely (`mang` is not `mạng`).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import fuzz

from . import normalize, syllables
from .models import Clause, ClauseRecord, Glossary, MatchKind, TermMatch

DEFAULT_FUZZY_CUTOFF = 70.0

_TOKEN = re.compile(r"\w+")
_MAX_SUBSTITUTIONS = 2  # _classify then allows one wrong syllable in three
_SUBSTITUTION_CACHE = 8192  # syllables remembered per trie node
KIND_RANK: dict[str, int] = {"exact": 0, "variant": 1, "folded": 2, "fuzzy": 3}


@dataclass(frozen=True, slots=True)
class _Entry:
    concept: str
    term: str
    en: str
    abbr: bool
    tokens: tuple[str, ...]  # as written (normalised)
    lower: tuple[str, ...]
    folded: tuple[str, ...]
    seps: tuple[str, ...]  # separator cores between tokens ('' or '-' or punctuation)


class _Node:
    __slots__ = ("children", "entries", "subs")

    def __init__(self) -> None:
        self.children: dict[str, _Node] = {}
        self.entries: list[int] = []
        self.subs: dict[str, tuple[_Node, ...]] = {}  # Aligner._substitutions' cache


@lru_cache(maxsize=4096)
def _sep_core(sep: str) -> str:
    # A hyphen counts as a space in Vietnamese terms (`ADMM-Plus`, `ADMM Plus`).
    core = normalize.separator(sep)
    return "" if core == "-" else core


@lru_cache(maxsize=65536)
def _fold_token(token: str) -> str:
    return normalize.fold(token)


@lru_cache(maxsize=65536)
def _key_token(token: str) -> str:
    # Case and tone placement folded per token (for comparison only; offsets
    # come from the text as given), so text that did not go through
    # normalize.text still gives `variant`, not `fuzzy`, for `hoà`.
    return normalize.key(token)


def _tokenize(text: str) -> tuple[list[str], list[int], list[int]]:
    words = _TOKEN.findall(text)
    starts, ends = [], []
    position = 0
    for word in words:
        # findall gives the tokens in order; find() from the last end is exact.
        start = text.find(word, position)
        starts.append(start)
        position = start + len(word)
        ends.append(position)
    return words, starts, ends


def _entry(concept: str, term: str, en: str, *, abbr: bool) -> _Entry | None:
    term = normalize.term(term)
    words, starts, ends = _tokenize(term)
    if not words:
        return None
    seps = tuple(_sep_core(term[ends[k] : starts[k + 1]]) for k in range(len(words) - 1))
    lower = tuple(w.lower() for w in words)
    return _Entry(
        concept=concept,
        term=term,
        en=en,
        abbr=abbr,
        tokens=tuple(words),
        lower=lower,
        folded=tuple(_fold_token(w) for w in lower),
        seps=seps,
    )


class Aligner:
    """Finds a glossary's Vietnamese terms in text. Build once, use for many clauses."""

    def __init__(self, glossary: Glossary, *, fuzzy_cutoff: float = DEFAULT_FUZZY_CUTOFF):
        self.glossary = glossary
        self.fuzzy_cutoff = fuzzy_cutoff
        entries: list[_Entry] = []
        for concept in glossary.concepts:
            en = concept.preferred_en
            for term in concept.vi:
                entry = _entry(concept.id, term.term, en, abbr=False)
                if entry:
                    entries.append(entry)
            for abbr in concept.abbr:
                entry = _entry(concept.id, abbr, en, abbr=True)
                if entry:
                    entries.append(entry)
        self.entries = tuple(entries)
        # A trie over the terms' folded syllables finds exact, variant and
        # folded matches by walking from each token; fuzzy ones by letting the
        # walk take up to two syllables that are one part off (see
        # syllables.neighbours), so the cost follows the text, not the glossary.
        self._trie: _Node = _Node()
        for index, entry in enumerate(self.entries):
            node = self._trie
            for syllable in entry.folded:
                node = node.children.setdefault(syllable, _Node())
            node.entries.append(index)
        self._root_ahead: dict[str, dict[str, tuple[_Node, ...]]] = {}
        self._near = syllables.Neighbours(
            {
                w
                for entry in self.entries
                if not entry.abbr and len(entry.tokens) > 1
                for w in entry.lower
            }
        )

    def find(self, text: str) -> tuple[TermMatch, ...]:
        """All non-overlapping glossary matches in `text`, in text order."""
        words, starts, ends = _tokenize(text)
        if not words:
            return ()
        lower = [_key_token(w) for w in words]
        folded = [_fold_token(w) for w in lower]
        seps = [_sep_core(text[ends[k] : starts[k + 1]]) for k in range(len(words) - 1)]
        found: list[tuple[int, int, int, float, int, str]] = []
        count = len(words)
        entries = self.entries
        root = self._trie
        for i in range(count):
            stack: list[tuple[_Node, int, int]] = []
            push = stack.append
            # The root's step by hand: a first syllable taken by substitution
            # must be followed by a right one (no one-syllable typo readings),
            # so only those grandchildren go on the stack.
            child = root.children.get(folded[i])
            if child is not None:
                push((child, i + 1, 0))
            if i + 1 < count:
                ahead = self._root_ahead.get(lower[i])
                if ahead is None:
                    ahead = self._ahead_of_root(lower[i])
                for grandchild in ahead.get(folded[i + 1], ()):
                    push((grandchild, i + 2, 1))
            while stack:
                node, pos, subs = stack.pop()
                for index in node.entries:
                    entry = entries[index]
                    if tuple(seps[i : pos - 1]) != entry.seps:
                        continue
                    kind, score = self._classify(entry, words[i:pos], lower[i:pos], folded[i:pos])
                    if kind is not None:
                        found.append((pos - i, KIND_RANK[kind], i, score, index, kind))
                if pos == count or not node.children:
                    continue
                child = node.children.get(folded[pos])
                if child is not None:
                    push((child, pos + 1, subs))
                # A second wrong syllable only after a right one: a typo reading
                # needs a syllable spelled right, and this prunes the walk.
                if subs == 0 or (subs < _MAX_SUBSTITUTIONS and pos - i > subs):
                    near = node.subs.get(lower[pos])
                    if near is None:
                        near = self._substitutions(node, lower[pos])
                    for child in near:
                        push((child, pos + 1, subs + 1))
        # Correct spellings first (exact, variant), then loose readings; within
        # each, longest first, then the strongest kind, the best score, the earliest.
        found.sort(key=lambda f: (f[1] >= KIND_RANK["folded"], -f[0], f[1], -f[3], f[2], f[4]))
        taken = [False] * len(words)
        chosen: list[TermMatch] = []
        for n, _rank, i, score, index, kind in found:
            if any(taken[i : i + n]):
                continue
            for j in range(i, i + n):
                taken[j] = True
            entry = self.entries[index]
            start, end = starts[i], ends[i + n - 1]
            chosen.append(
                TermMatch(
                    concept=entry.concept,
                    term=entry.term,
                    surface=text[start:end],
                    en=entry.en,
                    start=start,
                    end=end,
                    match=kind,  # type: ignore[arg-type]
                    score=score,
                )
            )
        chosen.sort(key=lambda m: (m.start, m.end))
        return tuple(chosen)

    def _ahead_of_root(self, syllable: str) -> dict[str, tuple[_Node, ...]]:
        """For a first syllable read as a typo: next syllable -> the nodes two steps in."""
        ahead: dict[str, list[_Node]] = {}
        for child in self._substitutions(self._trie, syllable):
            for key, grandchild in child.children.items():
                ahead.setdefault(key, []).append(grandchild)
        frozen = {key: tuple(nodes) for key, nodes in ahead.items()}
        if len(self._root_ahead) < _SUBSTITUTION_CACHE:
            self._root_ahead[syllable] = frozen
        return frozen

    def _substitutions(self, node: _Node, syllable: str) -> tuple[_Node, ...]:
        """Children of `node` one syllable part away from `syllable` (cached per node)."""
        cached = node.subs.get(syllable)
        if cached is not None:
            return cached
        near = self._near.of(syllable)
        # Probe from whichever side is smaller: the root has many children,
        # deep nodes one or two.
        if len(node.children) < len(near):
            found = tuple(child for key, child in node.children.items() if key in near)
        else:
            found = tuple(child for key in near if (child := node.children.get(key)) is not None)
        if len(node.subs) < _SUBSTITUTION_CACHE:
            node.subs[syllable] = found
        return found

    def _classify(
        self,
        entry: _Entry,
        words: list[str],
        lower: list[str],
        folded: list[str],
    ) -> tuple[MatchKind | None, float]:
        if tuple(words) == entry.tokens:
            return "exact", 1.0
        if entry.abbr:
            return None, 0.0
        if tuple(lower) == entry.lower:
            return "variant", 1.0
        n = len(entry.tokens)
        if n < 2:
            return None, 0.0
        # Cheap rejections first: most candidates share a single syllable.
        loose = [i for i in range(n) if lower[i] != entry.lower[i]]
        wrong = [i for i in loose if lower[i] != entry.folded[i]]
        if len(wrong) == n or len(wrong) > max(1, n // 3):
            return None, 0.0
        if any(syllables.distance(lower[i], entry.lower[i]) > 1 for i in wrong):
            return None, 0.0
        if any(normalize.has_diacritics(w) for w in lower) and any(
            syllables.other_word(lower[i], entry.lower[i]) for i in loose
        ):
            return None, 0.0
        surface, term = " ".join(lower), " ".join(entry.lower)
        if not wrong:
            return "folded", round(fuzz.ratio(surface, term) / 100, 4)
        # Scored on the spelled forms, so a wrong tone costs something.
        score = fuzz.ratio(surface, term)
        if score < self.fuzzy_cutoff:
            return None, 0.0
        return "fuzzy", round(score / 100, 4)


def clause_hash(text: str) -> str:
    """A short, stable fingerprint of a clause's text (keys translations)."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def align_clause(clause: Clause, aligner: Aligner) -> ClauseRecord:
    return ClauseRecord(
        id=clause.id,
        doc=clause.doc,
        para=clause.para,
        sent=clause.sent,
        clause=clause.clause,
        text=clause.text,
        start=clause.start,
        end=clause.end,
        words=clause.words,
        structure=clause.structure,
        hash=clause_hash(clause.text),
        terms=aligner.find(clause.text),
    )


def align(clauses: Iterable[Clause], glossary: Glossary | Aligner) -> Iterator[ClauseRecord]:
    """Attach glossary matches to each clause."""
    aligner = glossary if isinstance(glossary, Aligner) else Aligner(glossary)
    for clause in clauses:
        yield align_clause(clause, aligner)
