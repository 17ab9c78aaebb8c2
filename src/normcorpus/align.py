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

How they are found: the terms' folded syllables form a trie. Each distinct
token of the text is worked out once (`_Tokens`, `_Syllable`: its folded
form, which first syllables it may follow, which terms it may be a typo in),
so a text costs a few C-level passes over its tokens: a term can start only
at a one-syllable term or where two tokens can open one (the second spelled
right or a typo after a right first, or a typo of the first before a right
second), and the walk starts only there, taking a typo step only where a term
below would accept that typo. `tests/test_align_reference.py` checks this
against every term tried at every position.

The walk runs in C (`_walker.c`) where the extension was built, the tokens'
properties and the loose readings still worked out here (`_Compiled`); the
Python walk (`_locate_python`) is the fallback and finds the same.
"""

from __future__ import annotations

import hashlib
import os
import re
import threading
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from itertools import compress, count
from operator import contains
from typing import Any

from rapidfuzz import fuzz

from . import normalize, syllables
from .models import Clause, ClauseRecord, Glossary, MatchKind, TermMatch

try:  # the walk in C, built with the package when a C compiler was there
    from . import _walker
except ImportError:  # pragma: no cover - the pure-Python walk finds the same
    _walker = None  # type: ignore[assignment]

# Whether aligners walk in C by default (NORMCORPUS_PURE_PYTHON=1 says no).
COMPILED = _walker is not None and not os.environ.get("NORMCORPUS_PURE_PYTHON")

DEFAULT_FUZZY_CUTOFF = 70.0

_TOKEN = re.compile(r"\w+")
_SPLIT = re.compile(r"(\w+)")  # split() gives gap, word, gap, word, …, gap
_MAX_SUBSTITUTIONS = 2  # the loose reading then allows one wrong syllable in three
_CACHE_LIMIT = 1 << 16  # distinct tokens, syllables and loose readings remembered
KIND_RANK: dict[str, int] = {"exact": 0, "variant": 1, "folded": 2, "fuzzy": 3}
_LOOSE = KIND_RANK["folded"]
_EMPTY: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class _Entry:
    concept: str
    term: str
    en: str
    abbr: bool
    tokens: tuple[str, ...]  # as written (normalised)
    words: list[str]  # the same, to compare with slices of a text's token list
    lower: tuple[str, ...]
    folded: tuple[str, ...]
    seps: tuple[str, ...]  # separator cores between tokens ('' or '-' or punctuation)
    spaced: bool  # every separator is a space (or a hyphen)
    loose: bool  # folded and fuzzy readings apply: two or more syllables, not an abbreviation


class _Node:
    __slots__ = ("children", "depth", "entries", "key", "max_subs")

    def __init__(self, key: str = "", depth: int = 0) -> None:
        self.key = key  # the folded syllable leading here
        self.depth = depth
        self.children: dict[str, _Node] = {}
        self.entries: list[int] = []
        # The most wrong syllables a loose reading of a term below may have
        # (0: no term below reads loosely): deeper typo steps are pointless.
        self.max_subs = 0


class _Syllable:
    """What one (lower-case) text syllable can do in the trie, worked out once per syllable.

    A syllable stands for a term's syllable as a typo only where it is one
    part off it (`syllables.distance <= 1`) and, being written with
    diacritics, is not another word differing only in tone: the loose
    reading (`Aligner._classify_loose`) rejects every other typo, so the walk
    never takes those steps.

    - `starts`: folded first syllable of a term -> the nodes two steps in,
      with this syllable second, spelled right (the node's key is this
      syllable's folded form) or as a typo;
    - `heads`: the root's children it may stand for as a typo, and `ahead`
      their children's folded syllables (`_Trie.ahead`: -> the nodes);
    - `_Trie.subs`: node -> the children it may stand for as a typo (deeper in).
    """

    __slots__ = ("_ahead", "_subs", "ahead", "folded", "heads", "starts", "words")

    def __init__(
        self,
        folded: str,
        words: tuple[str, ...],
        starts: dict[str, tuple[_Node, ...]],
        heads: tuple[_Node, ...],
    ) -> None:
        self.folded = folded
        self.words = words  # the term syllables it may be a typo of
        self.starts = starts
        self.heads = heads  # the root's children it may be a typo of
        self.ahead = frozenset().union(*(head.children for head in heads)) if heads else _EMPTY
        self._ahead: dict[str, tuple[_Node, ...]] | None = None
        self._subs: dict[_Node, tuple[_Node, ...]] | None = None


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
        words=list(words),
        lower=lower,
        folded=tuple(_fold_token(w) for w in lower),
        seps=seps,
        spaced=not any(seps),
        loose=not abbr and len(words) > 1,
    )


_last_word = normalize.last_word_splitter(_SPLIT, _CACHE_LIMIT)


_NO_STARTS: dict[str, tuple[_Node, ...]] = {}  # shared: never written to


class _Trie:
    """The terms' folded syllables as a trie, and what text syllables can do in it.

    A trie over the terms' folded syllables finds exact, variant and folded
    matches by walking from each token; fuzzy ones by letting the walk take
    up to two syllables that are one part off (see syllables.Neighbours), so
    the cost follows the text, not the glossary.
    """

    def __init__(self, entries: tuple[_Entry, ...]):
        self.root = root = _Node()
        # The trie's edges by the term syllable (as spelled) they stand for,
        # for the typo steps; only terms that read loosely have any.
        edges: dict[str, dict[_Node, dict[_Node, None]]] = {}
        for index, entry in enumerate(entries):
            node = root
            limit = min(_MAX_SUBSTITUTIONS, max(1, len(entry.tokens) // 3)) if entry.loose else 0
            for depth, syllable in enumerate(entry.folded):
                parent = node
                node = node.children.get(syllable) or node.children.setdefault(
                    syllable, _Node(syllable, depth + 1)
                )
                node.max_subs = max(node.max_subs, limit)
                if entry.loose:
                    edges.setdefault(entry.lower[depth], {}).setdefault(parent, {})[node] = None
            node.entries.append(index)
        # Where a term syllable is a term's second: folded first syllable ->
        # nodes; where it is a first: the root's child; deeper: node -> children.
        self._seconds: dict[str, dict[str, tuple[_Node, ...]]] = {}
        for word, by_parent in edges.items():
            seconds: dict[str, tuple[_Node, ...]] = {}
            for parent, children in by_parent.items():
                if parent.depth == 1:
                    seconds[parent.key] = seconds.get(parent.key, ()) + tuple(children)
            self._seconds[word] = seconds
        self._heads = {
            word: next(iter(by_parent[root]))
            for word, by_parent in edges.items()
            if root in by_parent
        }
        self._deep = {
            word: {
                parent: tuple(children)
                for parent, children in by_parent.items()
                if parent.depth > 1
            }
            for word, by_parent in edges.items()
        }
        # Folded second syllable -> folded first syllable -> the node two steps in.
        self._after: dict[str, dict[str, tuple[_Node, ...]]] = {}
        for key, first in root.children.items():
            for second, node in first.children.items():
                self._after.setdefault(second, {})[key] = (node,)
        self.edges = edges
        self.singles = frozenset(key for key, node in root.children.items() if node.entries)
        self._near = syllables.Neighbours(set(edges))
        self._folded = {word: _fold_token(word) for word in edges}
        self._toneless = {word: syllables.strip_tone(word) for word in edges}
        self._lexicon = syllables.lexicon()
        self._syllables: dict[str, _Syllable] = {}

    def typo_words(self, lower: str, folded: str) -> list[str]:
        """The term syllables (as spelled) a text syllable may be a typo of."""
        near = self._near.words(lower)
        fold_of = self._folded
        if lower in self._lexicon and normalize.has_diacritics(lower):
            # Not a typo: another word that differs only in tone (syllables.other_word).
            toneless, toneless_of = syllables.strip_tone(lower), self._toneless
            return sorted(
                w
                for w in near
                if fold_of[w] != folded and (w == lower or toneless_of[w] != toneless)
            )
        return sorted(w for w in near if fold_of[w] != folded)

    def syllable(self, lower: str) -> _Syllable:
        cached = self._syllables.get(lower)
        if cached is not None:
            return cached
        folded = _fold_token(lower)
        words = self.typo_words(lower, folded)
        fold_of = self._folded
        starts = self._after.get(folded, _NO_STARTS)
        typos = [self._seconds[w] for w in words if self._seconds[w]]
        if typos:
            starts = dict(starts)
            for seconds in typos:
                for first, nodes in seconds.items():
                    have = starts.get(first)
                    starts[first] = nodes if have is None else have + nodes
            if len(typos) > 1 and len({fold_of[w] for w in words}) < len(words):
                # Two spellings of one folded syllable lead to the same nodes.
                starts = {first: tuple(dict.fromkeys(nodes)) for first, nodes in starts.items()}
        heads = tuple(dict.fromkeys(self._heads[w] for w in words if w in self._heads))
        syllable = _Syllable(folded, tuple(words), starts, heads)
        if len(self._syllables) >= _CACHE_LIMIT:
            self._syllables.clear()
        self._syllables[lower] = syllable
        return syllable

    def ahead(self, syllable: _Syllable) -> dict[str, tuple[_Node, ...]]:
        """Folded second syllable -> the nodes two steps in, with `syllable` a typo of the
        first (made on first use)."""
        ahead = syllable._ahead
        if ahead is None:
            merged: dict[str, dict[_Node, None]] = {}
            for head in syllable.heads:
                for second, node in head.children.items():
                    merged.setdefault(second, {})[node] = None
            ahead = syllable._ahead = {second: tuple(nodes) for second, nodes in merged.items()}
        return ahead

    def subs(self, syllable: _Syllable) -> dict[_Node, tuple[_Node, ...]]:
        """Node (below the second syllable) -> its children `syllable` may stand for as a typo."""
        subs = syllable._subs
        if subs is None:
            merged: dict[_Node, tuple[_Node, ...]] = {}
            for word in syllable.words:
                for parent, children in self._deep[word].items():
                    have = merged.get(parent)
                    merged[parent] = children if have is None else (*have, *children)
            if len(syllable.words) > 1:  # two spellings of a syllable may share nodes
                merged = {parent: tuple(dict.fromkeys(nodes)) for parent, nodes in merged.items()}
            subs = syllable._subs = merged
        return subs


class _Tokens(dict[str, str | None]):
    """Token as written -> its folded form, made on first sight; None for a
    string that is not one \\w+ token (a word with punctuation).

    The token's other columns are filled alongside, so that a text's columns
    are each one C-level `map` over its tokens: `lower`, `starts`, `ahead`
    and `syllable` (see _Syllable).
    """

    def __init__(self, trie: _Trie):
        super().__init__()
        self._trie = trie
        self.lower: dict[str, str] = {}
        self.starts: dict[str, dict[str, tuple[_Node, ...]]] = {}
        self.ahead: dict[str, frozenset[str]] = {}
        self.syllable: dict[str, _Syllable] = {}

    def __missing__(self, token: str) -> str | None:
        if not _TOKEN.fullmatch(token):
            self[token] = None
            return None
        lower = _key_token(token)
        syllable = self._trie.syllable(lower)
        self.lower[token] = lower
        self.starts[token] = syllable.starts
        self.ahead[token] = syllable.ahead
        self.syllable[token] = syllable
        self[token] = folded = syllable.folded
        return folded

    def bound(self) -> None:
        """Forget every token when there are many (between texts, never within one)."""
        if len(self) >= _CACHE_LIMIT:
            for column in (self, self.lower, self.starts, self.ahead, self.syllable):
                column.clear()


class _Memo(dict[str, Any]):
    """key -> make(key), made on first sight."""

    def __init__(self, make: Callable[[str], Any]):
        super().__init__()
        self._make = make

    def __missing__(self, key: str) -> Any:
        self[key] = value = self._make(key)
        return value


class _Compiled:
    """The trie, the terms and the tokens as ids, for the walk in C (`_walker.Walker`).

    Python still decides what a token can do (`_Trie.typo_words`) and reads
    loose candidates (`classify`, the aligner's `_classify_loose`); the walker
    keeps the readings it was given, by entry and lower-case ids.
    """

    def __init__(
        self,
        trie: _Trie,
        entries: tuple[_Entry, ...],
        classify: Callable[[_Entry, tuple[str, ...]], tuple[MatchKind | None, float]],
    ):
        self._trie = trie
        nodes = [trie.root]
        node_ids = {trie.root: 0}
        for node in nodes:  # breadth first: ids grow with depth
            for child in node.children.values():
                node_ids[child] = len(nodes)
                nodes.append(child)
        self.syllable_ids = {key: k for k, key in enumerate(sorted({n.key for n in nodes[1:]}))}
        self.word_ids = {word: k for k, word in enumerate(sorted(trie.edges))}
        children = [
            (node_ids[parent], self.syllable_ids[child.key], node_ids[child])
            for parent in nodes
            for child in parent.children.values()
        ]
        typo_edges = [
            [
                (node_ids[parent], node_ids[child])
                for parent, below in trie.edges[word].items()
                for child in below
            ]
            for word in self.word_ids
        ]
        self.lowers: dict[str, int] = {}  # lower-case token -> id
        self.lower_of: list[str] = []  # id -> lower-case token
        self.tokens = _Memo(self.token)  # token as written -> id (None: not a word)
        # lower-case token -> (folded syllable id, ids of the term syllables it may be a typo of)
        self._by_lower: dict[str, tuple[int, list[int]]] = {}
        # A separator core no term has can never match: all such share one id.
        cores = {
            core: k
            for k, core in enumerate(dict.fromkeys(c for entry in entries for c in entry.seps))
        }
        other = len(cores)
        # Separator as written -> its core's id.
        self.gaps = _Memo(lambda gap: cores.get(_sep_core(gap), other))

        def read(index: int, lower_ids: tuple[int, ...]) -> tuple[MatchKind | None, float]:
            return classify(entries[index], tuple(map(self.lower_of.__getitem__, lower_ids)))

        self.walker = _walker.Walker(
            len(nodes),
            len(self.syllable_ids),
            len(self.word_ids),
            children,
            typo_edges,
            [node.entries for node in nodes],
            [node.max_subs for node in nodes],
            tuple(KIND_RANK),
            read,
            self.tokens,
            self.gaps,
        )
        self.walker.set_entries(
            [
                (
                    [self.tokens[t] for t in entry.tokens],
                    [self.lower(w) for w in entry.lower],
                    [cores[core] for core in entry.seps],
                    entry.abbr | entry.loose << 1 | entry.spaced << 2,
                )
                for entry in entries
            ]
        )
        self._reserved = (dict(self.tokens), dict(self.lowers), len(self.lower_of))
        # Threads sharing an aligner take turns: Python callbacks run inside a
        # walk, where another thread could otherwise start one.
        self.lock = threading.RLock()

    def lower(self, lower: str) -> int:
        value = self.lowers.get(lower)
        if value is None:
            value = self.lowers[lower] = len(self.lower_of)
            self.lower_of.append(lower)
        return value

    def token(self, token: str) -> int | None:
        """A new token's id (None: not one \\w+ token)."""
        if not _TOKEN.fullmatch(token):
            return None
        lower = _key_token(token)
        known = self._by_lower.get(lower)
        if known is None:  # `Các` after `các`: the same syllable, worked out once
            folded = _fold_token(lower)
            word_ids = [self.word_ids[w] for w in self._trie.typo_words(lower, folded)]
            known = self._by_lower[lower] = (self.syllable_ids.get(folded, -1), word_ids)
        syllable, word_ids = known
        return self.walker.add_token(syllable, self.lower(lower), word_ids)  # type: ignore[no-any-return]

    def bound(self) -> None:
        """Forget the text's tokens when there are many (between texts, never within one)."""
        if len(self.gaps) >= _CACHE_LIMIT:
            self.gaps.clear()
        if len(self.tokens) >= _CACHE_LIMIT:
            tokens, lowers, size = self._reserved
            self.tokens.clear()
            self.tokens.update(tokens)
            self._by_lower.clear()
            self.lowers.clear()
            self.lowers.update(lowers)
            del self.lower_of[size:]
            self.walker.forget_tokens()


# (start, end, entry index, kind, score) of one match, as `Aligner.locate` gives it.
Located = tuple[int, int, int, MatchKind, float]


def _offsets(
    tokens: list[str],
    parts: list[str] | None,
    chosen: Iterable[tuple[int, int, int, MatchKind, float]],
) -> tuple[Located, ...]:
    """(start, end, …) of the chosen (first token, tokens, …), in text order.

    Offsets only for what is kept, added up as the matches go: `parts` is the
    text split at its words (word i is parts[2i + 1]), or None when the words
    have one space between them.
    """
    out = []
    at = k = 0  # the offset of token (or part) k
    if parts is None:
        for i, n, index, kind, score in chosen:
            if i > k:
                at += len(" ".join(tokens[k:i])) + 1
                k = i
            out.append((at, at + len(" ".join(tokens[i : i + n])), index, kind, score))
    else:
        for i, n, index, kind, score in chosen:
            at += len("".join(parts[k : 2 * i + 1]))
            k = 2 * i + 1
            out.append((at, at + len("".join(parts[k : 2 * (i + n)])), index, kind, score))
    return tuple(out)


class Aligner:
    """Finds a glossary's Vietnamese terms in text. Build once, use for many clauses."""

    def __init__(
        self,
        glossary: Glossary,
        *,
        fuzzy_cutoff: float = DEFAULT_FUZZY_CUTOFF,
        compiled: bool | None = None,
    ):
        """`compiled`: walk in C (the default where the extension was built:
        `COMPILED`) or in Python; both find the same."""
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
        self._trie = _Trie(self.entries)
        self._tokens = _Tokens(self._trie)
        # (entry index, lower-case syllables) -> the loose reading's kind and score.
        self._loose: dict[tuple[int, tuple[str, ...]], tuple[MatchKind | None, float]] = {}
        if compiled is None:
            compiled = COMPILED
        if compiled and _walker is None:
            raise RuntimeError("normcorpus._walker was not built (no C compiler at install)")
        self._compiled = (
            _Compiled(self._trie, self.entries, self._classify_loose) if compiled else None
        )
        self.compiled = compiled

    def find(self, text: str) -> tuple[TermMatch, ...]:
        """All non-overlapping glossary matches in `text`, in text order."""
        entries = self.entries
        out = []
        for start, end, index, kind, score in self.locate(text):
            entry = entries[index]
            out.append(
                TermMatch(
                    concept=entry.concept,
                    term=entry.term,
                    surface=text[start:end],
                    en=entry.en,
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
        if self._compiled is not None:
            return self._locate_compiled(text)
        return self._locate_python(text)

    def locate_many(self, texts: Iterable[str]) -> list[tuple[Located, ...]]:
        """`locate` of each text (one turn at the walker for them all)."""
        compiled = self._compiled
        if compiled is None:
            return list(map(self._locate_python, texts))
        bound, walk = compiled.bound, compiled.walker.locate
        out = []
        with compiled.lock:
            for text in texts:
                bound()
                out.append(walk(text))
        return out

    def _locate_compiled(self, text: str) -> tuple[Located, ...]:
        """The walk in C (see `_locate_python`, which it does the same as): the
        walker takes the text apart at its \\w+ tokens itself."""
        compiled = self._compiled
        assert compiled is not None
        with compiled.lock:  # one walk at a time (the walker refuses a second)
            compiled.bound()
            return compiled.walker.locate(text)  # type: ignore[no-any-return]

    def _locate_python(self, text: str) -> tuple[Located, ...]:
        """The walk in Python: what `_walker.Walker.locate` does in C."""
        table = self._tokens
        table.bound()
        # Most text is words with one space between them and punctuation at
        # the end: `str.split` takes those apart, several times faster than
        # the regex, and a term's separators then match when they are all
        # spaces (or hyphens). A chunk that is not one word sends the text
        # to the regex.
        chunks = text.split(" ")
        last = _last_word(chunks[-1])
        parts: list[str] | None = None
        if last is not None:
            tokens = chunks
            tokens[-1] = last[0]  # offsets below need the other chunks only
            folded = list(map(table.__getitem__, tokens))
            if None in folded:
                parts = _SPLIT.split(text)
        else:
            parts = _SPLIT.split(text)
        if parts is not None:
            tokens = parts[1::2]
            folded = list(map(table.__getitem__, tokens))
            gaps = parts[2::2]
            spaced = parts[2:-1:2].count(" ") == len(gaps) - 1
        else:
            gaps = []
            spaced = True
        size = len(tokens)
        if not size:
            return ()
        lower_of = table.lower.__getitem__
        entries = self.entries
        # (loose, -syllables, kind rank, -score, start, entry index, kind, score):
        # sorted, correct spellings come first (exact, variant), then loose
        # readings; within each, the longest, the strongest kind, the best
        # score, the earliest. The first six fields tell any two apart.
        found: list[tuple[bool, int, int, float, int, int, str, float]] = []
        add = found.append
        loose = self._loose

        def consider(node: _Node, i: int, pos: int) -> None:
            window = tokens[i:pos]
            n = pos - i
            for index in node.entries:
                entry = entries[index]
                if n > 1 and not (
                    entry.spaced
                    if spaced
                    else entry.seps == tuple(map(_sep_core, gaps[i : pos - 1]))
                ):
                    continue
                if window == entry.words:
                    add((False, -n, 0, -1.0, i, index, "exact", 1.0))
                    continue
                if entry.abbr:
                    continue
                spelled = tuple(map(lower_of, window))
                if spelled == entry.lower:
                    add((False, -n, 1, -1.0, i, index, "variant", 1.0))
                    continue
                if not entry.loose:
                    continue
                reading = loose.get((index, spelled))
                if reading is None:
                    reading = self._read_loosely(index, entry, spelled)
                kind, score = reading
                if kind is not None:
                    rank = KIND_RANK[kind]
                    add((True, -n, rank, -score, i, index, kind, score))

        trie = self._trie
        root = trie.root.children
        if trie.singles:
            for i in compress(count(), map(trie.singles.__contains__, folded)):
                consider(root[folded[i]], i, i + 1)

        # Nodes the walk may branch from: (node, next position, typos so far, start).
        stack: list[tuple[_Node, int, int, int]] = []
        push = stack.append

        def reached(node: _Node, i: int, pos: int, n_subs: int) -> None:
            """The walk is at `node`: its terms are candidates, and it goes on below."""
            if node.entries:
                consider(node, i, pos)
            if pos == size or not node.children:
                return
            if n_subs < node.max_subs:
                push((node, pos, n_subs, i))
                return
            # No typo left to take below: follow the right spelling only.
            below = node.children.get(folded[pos])
            while below is not None:
                pos += 1
                if below.entries:
                    consider(below, i, pos)
                if pos == size:
                    return
                below = below.children.get(folded[pos])

        # Every longer term starts with two syllables: the second spelled
        # right or as a typo after a right first (`starts`), or a typo of the
        # first before a right second (`ahead`).
        starts = table.starts
        following = tokens[1:]
        for i in compress(count(), map(contains, map(starts.__getitem__, following), folded)):
            second = folded[i + 1]
            for node in starts[following[i]][folded[i]]:
                reached(node, i, i + 2, 0 if node.key == second else 1)
        ahead = table.ahead
        for i in compress(count(), map(contains, map(ahead.__getitem__, tokens), folded[1:])):
            syllable = table.syllable[tokens[i]]
            for node in (syllable._ahead or trie.ahead(syllable))[folded[i + 1]]:
                reached(node, i, i + 2, 1)
        while stack:
            node, pos, n_subs, i = stack.pop()
            child = node.children.get(folded[pos])
            if child is not None:
                reached(child, i, pos + 1, n_subs)
            # A second wrong syllable only after a right one: a typo reading
            # needs a syllable spelled right, and this prunes the walk.
            if n_subs == 0 or pos - i > n_subs:
                syllable = table.syllable[tokens[pos]]
                subs = syllable._subs
                if subs is None:
                    subs = trie.subs(syllable)
                for child in subs.get(node, ()):
                    if child.max_subs > n_subs:
                        reached(child, i, pos + 1, n_subs + 1)
        if not found:
            return ()
        found.sort()
        taken = 0  # a bit a token
        chosen = []
        for _loose, n, _rank, _score, i, index, kind, score in found:
            bits = ((1 << -n) - 1) << i
            if taken & bits:
                continue
            taken |= bits
            chosen.append((i, -n, index, kind, score))
        chosen.sort()
        return _offsets(tokens, parts, chosen)

    def _read_loosely(
        self, index: int, entry: _Entry, lower: tuple[str, ...]
    ) -> tuple[MatchKind | None, float]:
        """`_classify_loose`, remembered: it depends on the lower-case syllables only,
        and typos recur."""
        reading = self._classify_loose(entry, lower)
        if len(self._loose) >= _CACHE_LIMIT:
            self._loose.clear()
        self._loose[(index, lower)] = reading
        return reading

    def _classify_loose(
        self, entry: _Entry, lower: tuple[str, ...]
    ) -> tuple[MatchKind | None, float]:
        spelled, folded = entry.lower, entry.folded
        n = len(spelled)
        # Cheap rejections first: most candidates share a single syllable.
        # (Loops rather than comprehensions: this runs once per distinct reading,
        # tens of thousands of times on a large check.)
        loose: list[int] = []  # syllables not spelled as the term's
        wrong: list[int] = []  # of those, not the term's syllable without diacritics either
        for i in range(n):
            if lower[i] != spelled[i]:
                loose.append(i)
                if lower[i] != folded[i]:
                    wrong.append(i)
        if len(wrong) == n or len(wrong) > max(1, n // 3):
            return None, 0.0
        distance = syllables.distance
        for i in wrong:
            if distance(lower[i], spelled[i]) > 1:
                return None, 0.0
        if any(map(normalize.has_diacritics, lower)):
            other_word = syllables.other_word
            for i in loose:
                if other_word(lower[i], spelled[i]):
                    return None, 0.0
        surface, term = " ".join(lower), " ".join(spelled)
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
