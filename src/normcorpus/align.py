"""Clause × Glossary -> TermMatches (exact, variant, folded, fuzzy): the aligner's rule.

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

How, top-down (`Aligner.locate`):

1. candidates: every window of the text's \\w+ tokens that may hold a term,
   each syllable folded alike or a possible typo (`_typo_of`), separators as
   the term's (`_plain_candidates`; `accel.walker` finds the same in C);
2. reading: what each candidate is, if anything (`_read`);
3. choosing: correct spellings first, then loose readings; within each the
   longest, the strongest kind, the best score, the earliest; none
   overlapping (`_choose`).
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import pairwise

from rapidfuzz import fuzz

from . import normalize, syllables
from .accel import walker as accel_walker
from .models import Clause, ClauseRecord, Glossary, MatchKind, TermMatch

# Whether aligners find candidates in C by default (NORMCORPUS_PURE_PYTHON=1 says no).
COMPILED = accel_walker.BUILT and not os.environ.get("NORMCORPUS_PURE_PYTHON")

DEFAULT_FUZZY_CUTOFF = 70.0
KIND_RANK: dict[str, int] = {"exact": 0, "variant": 1, "folded": 2, "fuzzy": 3}

_TOKEN = re.compile(r"\w+")
_MAX_TYPOS = 2  # a term's loose reading then allows one wrong syllable in three
_CACHE_LIMIT = 1 << 16  # distinct tokens and loose readings remembered

# A candidate window: (start, end, first token, tokens, entry index, spelled),
# offsets into the text; `spelled` as in accel.walker.
Candidate = accel_walker.Candidate
SAME_TOKENS, SAME_LOWER, OTHER = (
    accel_walker.SAME_TOKENS,
    accel_walker.SAME_LOWER,
    accel_walker.OTHER,
)
# (start, end, entry index, kind, score) of one match, as `Aligner.locate` gives it.
Located = tuple[int, int, int, MatchKind, float]
# A read candidate, sortable by preference: (loose, -tokens, kind rank, -score,
# first token, entry index, kind, score, start, end).
_Reading = tuple[bool, int, int, float, int, int, MatchKind, float, int, int]


@dataclass(frozen=True, slots=True)
class Entry:
    """A glossary term (or abbreviation) as the aligner compares it."""

    concept: str
    term: str
    en: str
    abbr: bool
    tokens: tuple[str, ...]  # as written (normalised)
    lower: tuple[str, ...]
    folded: tuple[str, ...]
    seps: tuple[str, ...]  # separator cores between tokens ('' or punctuation)
    loose: bool  # folded and fuzzy readings apply: two or more syllables, not an abbreviation
    typos: int  # the most syllables a candidate may have that are neither right nor folded


def _sep_core(gap: str) -> str:
    # A hyphen counts as a space in Vietnamese terms (`ADMM-Plus`, `ADMM Plus`).
    core = normalize.separator(gap)
    return "" if core == "-" else core


@lru_cache(maxsize=65536)
def _key_token(token: str) -> str:
    # Case and tone placement folded per token (for comparison only; offsets
    # come from the text as given), so text that did not go through
    # normalize.text still gives `variant`, not `fuzzy`, for `hoà`.
    return normalize.key(token)


def entry(concept: str, term: str, en: str, *, abbr: bool) -> Entry | None:
    """The term as the aligner compares it (None: it has no \\w+ token)."""
    term = normalize.term(term)
    matches = list(_TOKEN.finditer(term))
    if not matches:
        return None
    words = tuple(m.group() for m in matches)
    seps = tuple(_sep_core(term[a.end() : b.start()]) for a, b in pairwise(matches))
    lower = tuple(w.lower() for w in words)
    loose = not abbr and len(words) > 1
    return Entry(
        concept=concept,
        term=term,
        en=en,
        abbr=abbr,
        tokens=words,
        lower=lower,
        folded=tuple(normalize.fold(w) for w in lower),
        seps=seps,
        loose=loose,
        typos=min(_MAX_TYPOS, max(1, len(words) // 3)) if loose else 0,
    )


class Aligner:
    """Finds a glossary's Vietnamese terms in text. Build once, use for many clauses."""

    def __init__(
        self,
        glossary: Glossary,
        *,
        fuzzy_cutoff: float = DEFAULT_FUZZY_CUTOFF,
        compiled: bool | None = None,
    ):
        """`compiled`: find candidates in C (the default where the extension was
        built: `COMPILED`) or with the plain finder; both find the same."""
        self.glossary = glossary
        self.fuzzy_cutoff = fuzzy_cutoff
        entries: list[Entry] = []
        for concept in glossary.concepts:
            en = concept.preferred_en
            for term in concept.vi:
                made = entry(concept.id, term.term, en, abbr=False)
                if made:
                    entries.append(made)
            for abbr in concept.abbr:
                made = entry(concept.id, abbr, en, abbr=True)
                if made:
                    entries.append(made)
        self.entries = tuple(entries)
        # The term syllables a text syllable may be a typo of: those of loose terms.
        self._near = syllables.Neighbours({w for e in entries if e.loose for w in e.lower})
        self._lexicon = syllables.lexicon()
        self._typos: dict[str, tuple[str, ...]] = {}  # lower-case token -> _typo_of
        # (entry index, window as written) -> the loose reading's kind and score.
        self._loose: dict[tuple[int, str], tuple[MatchKind | None, float]] = {}
        # The plain finder's index: where each term can start.
        self._by_first: dict[str, list[int]] = {}
        self._by_second: dict[str, list[int]] = {}
        for index, made in enumerate(entries):
            self._by_first.setdefault(made.folded[0], []).append(index)
            if made.loose:
                self._by_second.setdefault(made.folded[1], []).append(index)
        if compiled is None:
            compiled = COMPILED
        self.compiled = compiled
        self._walker = (
            accel_walker.Walker(
                [
                    accel_walker.Term(e.tokens, e.lower, e.folded, e.seps, e.abbr, e.loose, e.typos)
                    for e in entries
                ],
                self._describe,
                _sep_core,
            )
            if compiled
            else None
        )

    # --- the public calls ----------------------------------------------------------

    def find(self, text: str) -> tuple[TermMatch, ...]:
        """All non-overlapping glossary matches in `text`, in text order."""
        entries = self.entries
        out = []
        for start, end, index, kind, score in self.locate(text):
            found = entries[index]
            out.append(
                TermMatch(
                    concept=found.concept,
                    term=found.term,
                    surface=text[start:end],
                    en=found.en,
                    start=start,
                    end=end,
                    match=kind,
                    score=score,
                )
            )
        return tuple(out)

    def locate(self, text: str) -> tuple[Located, ...]:
        """`find` without the TermMatch objects: (start, end, entry index, kind, score).

        For callers in the package that only read a few fields of each match
        (the checker); `self.entries[index]` is the glossary term.
        """
        if self._walker is not None:
            candidates = self._walker.candidates(text)
        else:
            candidates = self._plain_candidates(text)
        return self._choose(text, candidates) if candidates else ()

    def locate_many(self, texts: Iterable[str]) -> list[tuple[Located, ...]]:
        """`locate` of each text (one turn at the walker for them all)."""
        if self._walker is None:
            return list(map(self.locate, texts))
        texts = list(texts)
        choose = self._choose
        return [
            choose(text, candidates) if candidates else ()
            for text, candidates in zip(texts, self._walker.candidates_many(texts), strict=True)
        ]

    # --- 1. candidates -------------------------------------------------------------

    def _typo_of(self, lower: str) -> tuple[str, ...]:
        """The term syllables (lower-case) a text syllable may be a typo of.

        One part off (`syllables.Neighbours`), not folded alike (that is no
        typo), and, for a syllable written with diacritics that is itself a
        word, not one differing only in tone (`syllables.other_word`: the
        reading would refuse it).
        """
        known = self._typos.get(lower)
        if known is not None:
            return known
        folded = normalize.fold(lower)
        near = (w for w in self._near.words(lower) if normalize.fold(w) != folded)
        if lower in self._lexicon and normalize.has_diacritics(lower):
            toneless = syllables.strip_tone(lower)
            near = (w for w in near if w == lower or syllables.strip_tone(w) != toneless)
        found = tuple(sorted(near))
        if len(self._typos) >= _CACHE_LIMIT:
            self._typos.clear()
        self._typos[lower] = found
        return found

    def _describe(self, token: str) -> accel_walker.Token:
        lower = _key_token(token)
        return lower, normalize.fold(lower), self._typo_of(lower)

    def _plain_candidates(self, text: str) -> list[Candidate]:
        """Every window that may hold a term, plainly (`accel.walker` finds the same).

        At each token, the terms that start with its folded syllable, or
        whose first syllable it may be a typo of before their right second;
        then each of the term's syllables is right (folded alike) or a typo,
        at most `entry.typos` of them, a second only after a right syllable,
        and the separators are the term's.
        """
        matches = list(_TOKEN.finditer(text))
        words = [m.group() for m in matches]
        lower = [_key_token(w) for w in words]
        folded = [normalize.fold(w) for w in lower]
        gaps = [_sep_core(text[a.end() : b.start()]) for a, b in pairwise(matches)]
        out: list[Candidate] = []
        for i in range(len(words)):
            starting = list(self._by_first.get(folded[i], ()))
            if i + 1 < len(words):
                typo_of = self._typo_of(lower[i])
                starting += [
                    index
                    for index in self._by_second.get(folded[i + 1], ())
                    if self.entries[index].lower[0] in typo_of
                ]
            for index in starting:
                term = self.entries[index]
                n = len(term.tokens)
                if i + n > len(words) or tuple(gaps[i : i + n - 1]) != term.seps:
                    continue
                typos = 0
                for k in range(n):
                    if folded[i + k] == term.folded[k]:
                        continue
                    if not term.loose or term.lower[k] not in self._typo_of(lower[i + k]):
                        break
                    # A second typo only after a right syllable.
                    if typos and k <= typos:
                        break
                    typos += 1
                else:
                    if typos > term.typos:
                        continue
                    if tuple(words[i : i + n]) == term.tokens:
                        spelled = SAME_TOKENS
                    elif term.abbr:
                        continue
                    elif tuple(lower[i : i + n]) == term.lower:
                        spelled = SAME_LOWER
                    elif term.loose:
                        spelled = OTHER
                    else:
                        continue
                    start, end = matches[i].start(), matches[i + n - 1].end()
                    out.append((start, end, i, n, index, spelled))
        return out

    # --- 2. reading ----------------------------------------------------------------

    def _read(self, text: str, candidate: Candidate) -> _Reading | None:
        """What a candidate is: its kind and score, sortable by preference; None: nothing."""
        start, end, first, n, index, spelled = candidate
        if spelled == SAME_TOKENS:
            return (False, -n, 0, -1.0, first, index, "exact", 1.0, start, end)
        if spelled == SAME_LOWER:
            return (False, -n, 1, -1.0, first, index, "variant", 1.0, start, end)
        window = text[start:end]
        reading = self._loose.get((index, window))
        if reading is None:
            lower = tuple(map(_key_token, _TOKEN.findall(window)))
            reading = self._read_loosely(self.entries[index], lower)
            if len(self._loose) >= _CACHE_LIMIT:
                self._loose.clear()
            self._loose[(index, window)] = reading
        kind, score = reading
        if kind is None:
            return None
        return (True, -n, KIND_RANK[kind], -score, first, index, kind, score, start, end)

    def _read_loosely(self, term: Entry, lower: tuple[str, ...]) -> tuple[MatchKind | None, float]:
        """A window spelled neither as the term nor as its lower-case forms: folded, fuzzy
        or nothing."""
        spelled, folded = term.lower, term.folded
        n = len(spelled)
        loose = [i for i in range(n) if lower[i] != spelled[i]]  # not spelled as the term's
        # Of those, not the term's syllable without diacritics either.
        wrong = [i for i in loose if lower[i] != folded[i]]
        if len(wrong) == n or len(wrong) > max(1, n // 3):
            return None, 0.0
        if any(syllables.distance(lower[i], spelled[i]) > 1 for i in wrong):
            return None, 0.0
        if any(map(normalize.has_diacritics, lower)) and any(
            syllables.other_word(lower[i], spelled[i]) for i in loose
        ):
            return None, 0.0
        surface, term_text = " ".join(lower), " ".join(spelled)
        if not wrong:
            return "folded", round(fuzz.ratio(surface, term_text) / 100, 4)
        # Scored on the spelled forms, so a wrong tone costs something.
        score = fuzz.ratio(surface, term_text)
        if score < self.fuzzy_cutoff:
            return None, 0.0
        return "fuzzy", round(score / 100, 4)

    # --- 3. choosing ---------------------------------------------------------------

    def _choose(self, text: str, candidates: Sequence[Candidate]) -> tuple[Located, ...]:
        """The readings, correct spellings first, then loose ones; within each the longest,
        the strongest kind, the best score, the earliest: none overlapping, in text order."""
        readings = []
        add = readings.append
        for candidate in candidates:
            # Exact and variant readings inline: most candidates are those.
            start, end, first, n, index, spelled = candidate
            if spelled == SAME_TOKENS:
                add((False, -n, 0, -1.0, first, index, "exact", 1.0, start, end))
            elif spelled == SAME_LOWER:
                add((False, -n, 1, -1.0, first, index, "variant", 1.0, start, end))
            else:
                reading = self._read(text, candidate)
                if reading is not None:
                    add(reading)
        if len(readings) > 1:
            readings.sort()
        taken = 0  # a bit a token
        chosen = []
        for _loose, n, _rank, _score, first, index, kind, score, start, end in readings:
            bits = ((1 << -n) - 1) << first
            if taken & bits:
                continue
            taken |= bits
            chosen.append((start, end, index, kind, score))
        chosen.sort()
        return tuple(chosen)


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
