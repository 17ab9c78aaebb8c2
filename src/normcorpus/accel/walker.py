"""The aligner's candidate walk: the terms' folded syllables as a trie, walked in C.

Fed data and callbacks, no linguistics: the terms' shapes (`Term`), a
callback saying what a token is (`describe`: its lower-case and folded forms,
the term syllables it may be a typo of, and what it adds to its sentence's
tallies) and one saying which separators end a sentence (`breaks`).
`Walker.candidates(text)` gives every window of the text's \\w+ tokens that
may hold a term: each syllable folded alike or, in a term that allows it, a
typo, with at most the term's typos; a first-syllable typo only before a right
second syllable, a second typo only after a right syllable; the separators
the term's. With each, two tallies of the sentence its first token stands in
(the tokens whose tally is 1 or more, and those whose tally is 2). The
aligner (`align.py`) reads them and chooses; its plain finder gives the same
candidates, which tests/test_align_accel.py checks.

The walk itself is `_walker.c`, built with the package where a C compiler
was there (`BUILT`); without it the aligner uses its plain finder.
"""

from __future__ import annotations

import re
import threading
from array import array
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

try:  # built with the package when a C compiler was there
    from . import _walker
except ImportError:  # pragma: no cover - the aligner's plain finder finds the same
    _walker = None  # type: ignore[assignment]

BUILT = _walker is not None

# How a candidate window is spelled: as the term's tokens, as its lower-case
# forms, or neither (a loose reading, only for terms that allow one).
SAME_TOKENS, SAME_LOWER, OTHER = 0, 1, 2

# (start, end, first token, tokens, term index, spelled, tally a, tally b):
# offsets into the text; the tallies of the first token's sentence.
Candidate = tuple[int, int, int, int, int, int, int, int]

# What a token is: (lower-case form, folded form, the term syllables -- lower-case,
# as in `Term.lower` -- it may be a typo of, its tally: 0, 1 or 2).
Token = tuple[str, str, Sequence[str], int]

_TOKEN = re.compile(r"\w+")
CACHE_LIMIT = 1 << 16  # distinct tokens and separators remembered (then forgotten at once)


@dataclass(frozen=True, slots=True)
class Term:
    """What the walk needs of a term."""

    tokens: tuple[str, ...]  # as written
    lower: tuple[str, ...]
    folded: tuple[str, ...]
    seps: tuple[str, ...]  # separator cores between the tokens ('' for a space)
    loose: bool  # windows spelled neither as its tokens nor as its lower-case forms too
    typos: int  # the most syllables a candidate may have as typos


class _Node:
    __slots__ = ("children", "depth", "entries", "key", "max_typos")

    def __init__(self, key: str = "", depth: int = 0) -> None:
        self.key = key  # the folded syllable leading here
        self.depth = depth
        self.children: dict[str, _Node] = {}
        self.entries: list[int] = []
        self.max_typos = 0  # the most typos of a term below: deeper typo steps are pointless


class _Memo(dict[str, Any]):
    """key -> make(key), made on first sight."""

    def __init__(self, make: Callable[[str], Any]):
        super().__init__()
        self._make = make

    def __missing__(self, key: str) -> Any:
        self[key] = value = self._make(key)
        return value


def compile_terms(terms: Sequence[Term]) -> dict[str, Any]:
    """The walk's tables for `terms`, in builtin types only (lists, tuples, str, int):
    what `Walker` is built from, and what a cache may store (`marshal`) and give back."""
    root = _Node()
    # The trie's edges by the term syllable (lower-case) they stand for,
    # for the typo steps; only terms that read loosely have any.
    edges: dict[str, dict[_Node, dict[_Node, None]]] = {}
    for index, term in enumerate(terms):
        node = root
        for depth, syllable in enumerate(term.folded):
            parent = node
            node = node.children.get(syllable) or node.children.setdefault(
                syllable, _Node(syllable, depth + 1)
            )
            node.max_typos = max(node.max_typos, term.typos)
            if term.loose:
                edges.setdefault(term.lower[depth], {}).setdefault(parent, {})[node] = None
        node.entries.append(index)
    nodes = [root]
    node_ids = {root: 0}
    for node in nodes:  # breadth first: ids grow with depth
        for child in node.children.values():
            node_ids[child] = len(nodes)
            nodes.append(child)
    syllable_keys = sorted({n.key for n in nodes[1:]})
    syllable_ids = {key: k for k, key in enumerate(syllable_keys)}
    words = sorted(edges)
    # The terms' tokens and lower-case forms, numbered as they first come.
    token_ids: dict[str, int] = {}
    lower_ids: dict[str, int] = {}
    cores = {core: k for k, core in enumerate(dict.fromkeys(c for t in terms for c in t.seps))}
    # The entries flat (`_walker.Walker.set_entries_flat`): each term's tokens and lower-case
    # forms from at[e] to at[e + 1], its separators from at[e] - e; native int32s,
    # which a cache reads back as four bytes objects, not a tuple a term.
    at, tokens, lowers, seps = array("i", [0]), array("i"), array("i"), array("i")
    flags = bytearray()
    for term in terms:
        tokens.extend([token_ids.setdefault(t, len(token_ids)) for t in term.tokens])
        lowers.extend([lower_ids.setdefault(w, len(lower_ids)) for w in term.lower])
        seps.extend([cores[core] for core in term.seps])
        at.append(len(tokens))
        flags.append(term.loose << 1 | (not any(term.seps)) << 2 | term.typos << 3)
    return {
        "nodes": len(nodes),
        "syllables": syllable_keys,
        "words": words,
        # Native int32 triples (parent, syllable, child) and (word, parent, child), as
        # the entries below: read back from a cache without a tuple an edge.
        "children": array(
            "i",
            [
                value
                for parent in nodes
                for child in parent.children.values()
                for value in (node_ids[parent], syllable_ids[child.key], node_ids[child])
            ],
        ).tobytes(),
        "typo_edges": array(
            "i",
            [
                value
                for k, word in enumerate(words)
                for parent, below in edges[word].items()
                for child in below
                for value in (k, node_ids[parent], node_ids[child])
            ],
        ).tobytes(),
        # Tuples: most nodes hold no entry, and every empty tuple is one object.
        "node_entries": [tuple(node.entries) for node in nodes],
        "max_typos": [node.max_typos for node in nodes],
        "tokens": list(token_ids),
        "lowers": list(lower_ids),
        "cores": list(cores),
        "entries": (at.tobytes(), tokens.tobytes(), lowers.tobytes(), seps.tobytes(), bytes(flags)),
    }


class Walker:
    """Candidate windows of a text for a list of terms (see the module docstring)."""

    def __init__(
        self,
        terms: Sequence[Term] | dict[str, Any],
        describe: Callable[[str], Token],
        gap_core: Callable[[str], str],
        breaks: Callable[[str], bool],
        describe_fast: Callable[[str], Token | None] | None = None,
    ):
        """`terms`: the terms, or their tables (`compile_terms`). `describe_fast`: what
        `describe` gives, or None to leave a token to it, called from C (a describer
        in C: no Python between the walk and it)."""
        if _walker is None:
            raise RuntimeError("normcorpus.accel._walker was not built (no C compiler at install)")
        tables = terms if isinstance(terms, dict) else compile_terms(terms)
        self._describe = describe
        self._syllable_ids = {key: k for k, key in enumerate(tables["syllables"])}
        self._word_ids = {word: k for k, word in enumerate(tables["words"])}
        # The terms' tokens are described (`describe`) when a text first has
        # them, as other tokens are: a large glossary has 100,000 and more.
        self._term_tokens = {token: k for k, token in enumerate(tables["tokens"])}
        self._lowers: dict[str, int] = {w: k for k, w in enumerate(tables["lowers"])}
        self.tokens = _Memo(self._token)  # token as written -> id (None: not one \w+ token)
        # A separator core no term has can never match: all such share one id.
        cores = {core: k for k, core in enumerate(tables["cores"])}
        other = len(cores)
        self.gaps = _Memo(lambda gap: cores.get(gap_core(gap), other))  # separator -> core id
        self.breaks = _Memo(lambda gap: int(breaks(gap)))  # separator -> 1: ends a sentence
        self._walker = _walker.Walker(
            tables["nodes"],
            len(self._syllable_ids),
            len(self._word_ids),
            tables["children"],
            tables["typo_edges"],
            tables["node_entries"],
            tables["max_typos"],
            self.tokens,
            self.gaps,
            self.breaks,
        )
        self._walker.reserve_tokens(len(self._term_tokens))
        self._walker.set_entries_flat(*tables["entries"])
        self._reserved_lowers = dict(self._lowers)
        if describe_fast is not None:
            self._walker.set_describer(
                describe_fast, self._syllable_ids, self._word_ids, self._lowers, self._term_tokens
            )
        # Threads sharing a walker take turns: Python callbacks run inside a
        # walk, where another thread could otherwise start one.
        self._lock = threading.RLock()

    def candidates(self, text: str) -> tuple[Candidate, ...]:
        """The candidate windows of `text`, in the order the walk reaches them."""
        with self._lock:  # one walk at a time (the C walker refuses a second)
            self._bound()
            return self._walker.candidates(text)  # type: ignore[no-any-return]

    def candidates_many(self, texts: Iterable[str]) -> list[tuple[Candidate, ...]]:
        """`candidates` of each text, in one turn at the walker."""
        out = []
        memos = (self.tokens, self.gaps, self.breaks)
        with self._lock:
            walk, bound = self._walker.candidates, self._bound
            # A walk adds at most a memo entry a character of its text (a token or
            # a separator): until the texts walked since `_bound` last looked could
            # have filled one, it would find none full, and is not asked.
            room = -1
            for text in texts:
                if room < 0:
                    bound()
                    room = CACHE_LIMIT - 1 - max(map(len, memos))
                out.append(walk(text))
                room -= len(text)
        return out

    def _lower(self, lower: str) -> int:
        value = self._lowers.get(lower)
        if value is None:
            value = self._lowers[lower] = len(self._lowers)
        return value

    def _token(self, token: str) -> int | None:
        """A new token's id (None: not one \\w+ token)."""
        if not _TOKEN.fullmatch(token):
            return None
        lower, folded, typo_of, tally = self._describe(token)
        word_ids = self._word_ids
        described = (
            self._syllable_ids.get(folded, -1),
            self._lower(lower),
            [word_ids[w] for w in typo_of if w in word_ids],
            tally,
        )
        reserved = self._term_tokens.get(token)
        if reserved is not None:  # a term's token, first seen since the walker forgot
            self._walker.fill_token(reserved, *described)
            return reserved
        return self._walker.add_token(*described)  # type: ignore[no-any-return]

    def _bound(self) -> None:
        """Forget the texts' tokens when there are many (between texts, never within one)."""
        if len(self.gaps) >= CACHE_LIMIT:
            self.gaps.clear()
        if len(self.breaks) >= CACHE_LIMIT:
            self.breaks.clear()
        if len(self.tokens) >= CACHE_LIMIT:
            self.tokens.clear()
            self._lowers.clear()
            self._lowers.update(self._reserved_lowers)
            self._walker.forget_tokens()
