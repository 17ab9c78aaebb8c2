"""The search query language: text -> AST of frozen dataclasses -> FTS5 MATCH string.

Grammar (our own, small; FTS5 never sees a user's text raw):

    query   := or_expr
    or_expr := and_expr ("OR" and_expr)*
    and_expr:= unary (["AND"] unary)*            implicit AND between terms
    unary   := ("NOT" | "-") unary | primary
    primary := "(" or_expr ")" | NEAR "(" item+ ["," N] ")" | '"phrase"'["*"] | word["*"]

Every syllable of a word or phrase must occur; `OR`, `AND`, `NOT` and `NEAR`
are operators only in capitals. A word holding punctuation (`ADMM-Plus`,
`13/11/2017`) is a phrase of its syllables.

Column choice: a term written with diacritics searches the `exact` column
(`normalize.key`: case and tone placement aside, that spelling); a term
without them, or any term under `fold=True`, searches `folded`
(`normalize.folded_key`: `de doa` finds `đe dọa` and `de dọa`).

English expansion: a word, a quoted phrase, or a run of words that is an
English term or an abbreviation of a glossary concept (case- and
plural-insensitive) also searches the concept's aligned clauses and its
(short) Vietnamese terms: `cybersecurity` becomes
`(cybersecurity OR concepts:<cybersecurity> OR "an ninh mạng")`. Each
expansion is reported in `ParsedQuery.expansions`.

The MATCH string is built only from column names, operators and
double-quoted tokens of letters and digits, so it is always valid FTS5.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal, Union

from . import glossarycache, normalize, stemming
from .errors import QueryError
from .models import Glossary
from .store import STAT_PREFIX, TOKEN, Side, concept_token

Column = Literal["exact", "folded"]

DEFAULT_NEAR = 10
MAX_NEAR = 10_000
MAX_QUERY_CHARS = 2_000
MAX_TERMS = 64  # FTS5 copes with more, but nobody types them; bounds the work
MAX_DEPTH = 32  # nested parentheses: the parser recurses once a level
# Expansion searches a concept's aligned clauses (the `concepts` column) and,
# as phrases, its Vietnamese terms of up to this many syllables: a short term
# can occur inside a longer term of another concept, which the aligner then
# claims (`an ninh mạng` in `hợp tác an ninh mạng`). A long term is claimed by
# its own concept wherever it occurs, and as a phrase of common syllables
# (`của`, `trong`, `về`) it would cost a scan of most of the index.
MAX_EXPANSION_TOKENS = 4

_OPERATORS = {"OR", "AND", "NOT"}


# --- the AST -------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Term:
    """A word or phrase (a sequence of syllables), optionally a prefix."""

    text: str  # as the user wrote it
    tokens: tuple[str, ...]  # normalised for `column`
    column: Column
    prefix: bool = False
    quoted: bool = False


@dataclass(frozen=True, slots=True)
class And:
    items: tuple[Node, ...]


@dataclass(frozen=True, slots=True)
class Or:
    items: tuple[Node, ...]


@dataclass(frozen=True, slots=True)
class Not:
    positive: Node
    negative: Node


@dataclass(frozen=True, slots=True)
class Near:
    items: tuple[Term, ...]
    distance: int


@dataclass(frozen=True, slots=True)
class Expanded:
    """A term that is also a glossary concept's English term or abbreviation."""

    original: Node
    concepts: tuple[str, ...]
    phrases: tuple[Term, ...]  # the concepts' Vietnamese terms


Node = Union[Term, And, Or, Not, Near, Expanded]  # noqa: UP007 - a runtime alias


@dataclass(frozen=True, slots=True)
class Expansion:
    """How one query term was widened through the glossary (for the user)."""

    query: str
    concepts: tuple[str, ...]
    vi: tuple[str, ...]

    def describe(self) -> str:
        return f"{self.query!r} → concept {', '.join(self.concepts)} ({'; '.join(self.vi)})"

    def to_dict(self) -> dict[str, object]:
        return {"query": self.query, "concepts": list(self.concepts), "vi": list(self.vi)}


@dataclass(frozen=True, slots=True)
class ParsedQuery:
    text: str
    node: Node
    expansions: tuple[Expansion, ...] = ()
    # Read as a concordancer reads it (`parse(phrases=True)`): the runs of words
    # typed together that became phrases, as typed.
    phrases: bool = False
    joined: tuple[str, ...] = ()
    fold: bool = False

    def match(self, side: Side = "vi") -> str:
        """The FTS5 MATCH expression, on the Vietnamese index or the English one."""
        return to_match(self.node, side)

    def highlights(self) -> tuple[Term, ...]:
        """The terms whose occurrences a hit highlights (none under NOT)."""
        return tuple(_highlights(self.node))

    def english_highlights(self) -> tuple[tuple[tuple[str, ...], bool], ...]:
        """(stems, prefix) of the terms a hit's English highlights."""
        return tuple(
            (english_tokens(term), term.prefix) for term in _highlights(self.node, english=True)
        )

    def concepts(self) -> tuple[str, ...]:
        """Concepts reached by expansion (their aligned matches are highlighted)."""
        return tuple(dict.fromkeys(c for e in self.expansions for c in e.concepts))

    def units(self, side: Side = "vi") -> tuple[Unit, ...]:
        """The parts a match is scored by (see `Unit`)."""
        return tuple(_units(self.node, required=True, side=side))


@dataclass(frozen=True, slots=True)
class Unit:
    """A scored part of a query: a term or phrase, a NEAR group, a concept, or
    an English term with its glossary expansion.

    Ranking weighs a unit by the summed idf of its tokens (`keys`, as in the
    index's `term_stats`), one key tuple per alternative: an expansion (the
    English word, its concepts, their Vietnamese terms) is one unit that weighs
    as its commonest alternative, as Lucene's SynonymQuery scores synonyms as
    one term. A `required` unit occurs in every match; an optional one (under
    OR) may not, so it is probed.
    """

    match: str  # its own FTS5 expression
    keys: tuple[tuple[str, ...], ...]
    required: bool
    adjacency: bool = False  # the bonus for words typed together standing together


def concept_unit(concepts: str | Sequence[str], *, required: bool) -> Unit:
    """Clauses aligned to a concept, or to any of several (a concept and those
    below it): one unit that weighs as its commonest alternative."""
    ids = (concepts,) if isinstance(concepts, str) else tuple(concepts)
    tokens = [concept_token(c) for c in ids]
    keys = tuple((STAT_PREFIX["concepts"] + token,) for token in tokens)
    if len(tokens) == 1:
        return Unit(f"concepts : {_quoted(tokens)}", keys, required)
    alternatives = " OR ".join(_quoted([token]) for token in tokens)
    return Unit(f"concepts : ({alternatives})", keys, required)


def _term_keys(term: Term, side: Side = "vi") -> tuple[str, ...]:
    if side == "en":
        keys = [STAT_PREFIX["en"] + token for token in english_tokens(term)]
    else:
        keys = [STAT_PREFIX[term.column] + token for token in term.tokens]
    if term.prefix:
        keys[-1] += "*"
    return tuple(keys)


def _units(node: Node, *, required: bool, side: Side = "vi") -> Iterator[Unit]:
    if isinstance(node, Term):
        yield Unit(to_match(node, side), (_term_keys(node, side),), required)
    elif isinstance(node, And):
        for item in node.items:
            yield from _units(item, required=required, side=side)
        for run in _adjacent_runs(node.items):
            yield _phrase_unit(run, side)
    elif isinstance(node, Or):
        for item in node.items:
            yield from _units(item, required=False, side=side)
    elif isinstance(node, Not):
        yield from _units(node.positive, required=required, side=side)
    elif isinstance(node, Near):
        keys = tuple(key for term in node.items for key in _term_keys(term, side))
        yield Unit(to_match(node, side), (keys,), required)
    elif isinstance(node, Expanded):
        if side == "en":  # the English side has the English words only
            yield from _units(node.original, required=required, side=side)
            return
        original = tuple(k for unit in _units(node.original, required=True) for k in unit.keys[0])
        alternatives = [original]
        alternatives += [concept_unit(c, required=True).keys[0] for c in node.concepts]
        alternatives += [_term_keys(phrase) for phrase in node.phrases]
        yield Unit(to_match(node), tuple(alternatives), required)
    else:  # pragma: no cover
        raise TypeError(f"not a query node: {node!r}")


def _adjacent_runs(items: Sequence[Node]) -> Iterator[tuple[Term, ...]]:
    """Runs of two or more plain words typed one after the other (no quotes, no
    prefix): `hợp tác quốc tế` is one run, `"an ninh" mạng` none."""
    run: list[Term] = []
    for item in [*items, None]:
        if isinstance(item, Term) and not item.quoted and not item.prefix:
            run.append(item)
            continue
        if len(run) > 1:
            yield tuple(run)
        run = []


def _phrase_unit(run: Sequence[Term], side: Side) -> Unit:
    """An optional unit that rewards the words of a run standing together and
    in order (a phrase of them), weighing as much as the words themselves: a
    clause holding the phrase outscores one holding the words apart."""
    keys = tuple(key for term in run for key in _term_keys(term, side))
    if side == "en":
        match = f"{ENGLISH_COLUMNS} : {_quoted(t for term in run for t in english_tokens(term))}"
    elif all(term.column == "exact" for term in run):
        match = f"exact : {_quoted(t for term in run for t in term.tokens)}"
    else:  # mixed: the phrase on the folded column (each word is required apart)
        tokens = (normalize.fold(t) for term in run for t in term.tokens)
        match = f"folded : {_quoted(tokens)}"
    return Unit(match, (keys,), required=False, adjacency=True)


def english_tokens(term: Term) -> tuple[str, ...]:
    """A query term's words as the English index holds them: stems, except the
    last word of a prefix term, which is matched as typed (lower case, folded)."""
    words = stemming.words(term.text)
    if not words:
        return tuple(normalize.fold(t) for t in term.tokens)
    tokens = [stem for _, _, stem in words]
    if term.prefix:
        start, end, _ = words[-1]
        tokens[-1] = normalize.folded_key(term.text[start:end])
    return tuple(tokens)


# --- English index -------------------------------------------------------------


def _singular(word: str) -> str:
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 4 and word.endswith(("ses", "xes", "zes", "ches", "shes")):
        return word[:-2]
    if len(word) > 2 and word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


def english_key(text: str) -> tuple[str, ...]:
    """Case-, diacritic- and plural-insensitive key of an English term or query run."""
    words = TOKEN.findall(normalize.folded_key(text))
    if words:
        words[-1] = _singular(words[-1])
    return tuple(words)


@dataclass(frozen=True, slots=True)
class EnglishIndex:
    """English terms (all statuses) and abbreviations -> concepts and their Vietnamese terms."""

    concepts: dict[tuple[str, ...], tuple[str, ...]]
    vi: dict[str, tuple[str, ...]]
    longest: int

    @classmethod
    def build(cls, glossary: Glossary | None) -> EnglishIndex:
        concepts: dict[tuple[str, ...], list[str]] = {}
        vi: dict[str, tuple[str, ...]] = {}
        for concept in glossary.concepts if glossary else ():
            vi[concept.id] = tuple(normalize.term(t.term) for t in concept.vi)
            for text in [t.term for t in concept.en] + list(concept.abbr):
                key = english_key(text)
                if key:
                    ids = concepts.setdefault(key, [])
                    if concept.id not in ids:
                        ids.append(concept.id)
        frozen = {k: tuple(v) for k, v in concepts.items()}
        return cls(frozen, vi, max((len(k) for k in frozen), default=0))

    @classmethod
    def of(cls, glossary: Glossary | None) -> EnglishIndex:
        """`build(glossary)`, read back from the user's cache when the glossary came
        from glossarycache's (`glossarycache.tables`): each search process needs the
        index, and building it costs more CPU than the search at a million clauses."""
        if glossary is None:
            return cls.build(None)
        return cls(*glossarycache.tables(glossary, "query-english", _index_key(), _index_tables))

    def lookup(self, tokens: Sequence[str]) -> tuple[str, ...]:
        return self.concepts.get(english_key(" ".join(tokens)), ())

    def holding(self, text: str, limit: int = 3) -> list[tuple[str, tuple[str, ...]]]:
        """The English terms that hold every word of `text` (English, no term itself), as
        (term, concepts), shortest first: `incident` is in `incident response` and
        `cybersecurity incident`, which a search of the word alone does not expand to.
        Function words say nothing of a term (`an`, `to`, `the`: Vietnamese too,
        typed without diacritics): a text of them only is held by none."""
        words = set(english_key(text))
        if words <= stemming.FUNCTION_WORDS or self.concepts.get(english_key(text)):
            return []
        # A word the glossary's Vietnamese spells (folded) is read as Vietnamese typed
        # without diacritics (`an`, `tin`), not as the English `an` of some term.
        spelled = {
            word
            for terms in self.vi.values()
            for term in terms
            for word in TOKEN.findall(normalize.folded_key(term))
        }
        if words & spelled:
            return []
        found = [
            key
            for key in self.concepts
            if len(key) > len(words) and words <= {*key, *map(_singular, key)}
        ]
        found.sort(key=lambda key: (len(key), key))
        out: dict[tuple[str, ...], str] = {}  # a concept's terms: its first (shortest) one
        for key in found:
            out.setdefault(self.concepts[key], " ".join(key))
        return [(term, concepts) for concepts, term in list(out.items())[:limit]]


def _index_tables(
    glossary: Glossary | None,
) -> tuple[dict[tuple[str, ...], tuple[str, ...]], dict[str, tuple[str, ...]], int]:
    """`EnglishIndex.build(glossary)`'s fields, as a cache keeps them."""
    index = EnglishIndex.build(glossary)
    return index.concepts, index.vi, index.longest


@lru_cache(maxsize=1)
def _index_key() -> str:
    """What the English index depends on besides the glossary (`glossarycache.code_key`)."""
    return glossarycache.code_key(sys.modules[__name__], normalize)


EMPTY_INDEX = EnglishIndex({}, {}, 0)


# --- lexer ---------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Lexeme:
    kind: str  # WORD PHRASE LPAREN RPAREN COMMA OR AND NOT MINUS NEAR
    text: str
    at: int  # 1-based character position, for messages
    prefix: bool = False


def _lex(text: str) -> list[_Lexeme]:
    out: list[_Lexeme] = []
    i, n = 0, len(text)
    while i < n:
        char = text[i]
        if char.isspace():
            i += 1
        elif char == '"':
            close = text.find('"', i + 1)
            if close < 0:
                raise QueryError(f'unbalanced quote: the " at character {i + 1} is never closed')
            prefix = close + 1 < n and text[close + 1] == "*"
            out.append(_Lexeme("PHRASE", text[i + 1 : close], i + 1, prefix))
            i = close + 2 if prefix else close + 1
        elif char in "(),":
            out.append(_Lexeme({"(": "LPAREN", ")": "RPAREN", ",": "COMMA"}[char], char, i + 1))
            i += 1
        elif char == "-" and i + 1 < n and not text[i + 1].isspace() and text[i + 1] not in "-),":
            out.append(_Lexeme("MINUS", char, i + 1))
            i += 1
        else:
            start = i
            while i < n and not text[i].isspace() and text[i] not in '"(),':
                i += 1
            chunk = text[start:i]
            if chunk in _OPERATORS:
                out.append(_Lexeme(chunk, chunk, start + 1))
            elif chunk == "NEAR" and i < n and text[i] == "(":
                out.append(_Lexeme("NEAR", chunk, start + 1))
            else:
                stripped = chunk.rstrip("*")
                out.append(_Lexeme("WORD", stripped, start + 1, prefix=stripped != chunk))
    return out


# --- parser --------------------------------------------------------------------


class _Parser:
    def __init__(self, text: str, *, fold: bool, english: EnglishIndex, phrases: bool = False):
        self.text = text
        self.fold = fold
        self.english = english
        self.phrases = phrases
        self.joined: list[str] = []
        self.lexemes = _lex(text)
        self.pos = 0
        self.expansions: list[Expansion] = []
        self.terms = 0
        self.depth = 0

    def peek(self) -> _Lexeme | None:
        return self.lexemes[self.pos] if self.pos < len(self.lexemes) else None

    def take(self) -> _Lexeme:
        lexeme = self.lexemes[self.pos]
        self.pos += 1
        return lexeme

    def parse(self) -> Node:
        node = self.or_expr()
        extra = self.peek()
        if extra is not None:  # only a stray ")" stops or_expr early
            raise QueryError(
                f"unbalanced parenthesis: the ) at character {extra.at} has no matching ("
            )
        if node is None:
            raise QueryError("empty query: give a word, a phrase in quotes, or a concept")
        return node

    def or_expr(self) -> Node | None:
        items: list[Node] = []
        while True:
            node = self.and_expr()
            lexeme = self.peek()
            if lexeme is None or lexeme.kind != "OR":
                if node is not None:
                    items.append(node)
                elif items:
                    raise QueryError("OR needs a term on both sides")
                break
            if node is None:
                raise QueryError(f"OR at character {lexeme.at} needs a term on both sides")
            items.append(node)
            self.take()
        if not items:
            return None
        return items[0] if len(items) == 1 else Or(tuple(items))

    def and_expr(self) -> Node | None:
        # Items keep their order so that runs of words can be looked up as English terms.
        items: list[tuple[bool, Node]] = []
        breaks: set[int] = set()  # items after an AND or a comma: no phrase runs across
        while True:
            lexeme = self.peek()
            if lexeme is None or lexeme.kind in ("OR", "RPAREN"):
                break
            if lexeme.kind == "COMMA":  # a comma outside NEAR(...) separates nothing
                self.take()
                breaks.add(len(items))
                continue
            if lexeme.kind == "AND":
                self.take()
                following = self.peek()
                if following is None or following.kind in ("OR", "RPAREN", "AND"):
                    raise QueryError(f"AND at character {lexeme.at} needs a term on both sides")
                breaks.add(len(items))
                continue
            negated, node = self.unary()
            if node is not None:
                items.append((negated, node))
        if self.phrases:
            items = self.join_runs(items, breaks)
        items = self.expand_runs(items)
        positives = [node for negated, node in items if not negated]
        negatives = [node for negated, node in items if negated]
        if not positives:
            if negatives:
                raise QueryError(
                    "NOT needs something to subtract from: add a term that is not negated"
                    " (e.g. `an ninh -mạng`)"
                )
            return None
        positive = positives[0] if len(positives) == 1 else And(tuple(positives))
        if not negatives:
            return positive
        negative = negatives[0] if len(negatives) == 1 else Or(tuple(negatives))
        return Not(positive, negative)

    def unary(self) -> tuple[bool, Node | None]:
        lexeme = self.peek()
        assert lexeme is not None
        if lexeme.kind in ("NOT", "MINUS"):
            self.take()
            following = self.peek()
            if following is None or following.kind in ("OR", "RPAREN", "AND", "COMMA"):
                raise QueryError(f"NOT at character {lexeme.at} needs a term after it")
            negated, node = self.unary()
            if negated:
                raise QueryError(f"NOT at character {lexeme.at} is doubled")
            return True, node
        return False, self.primary()

    def primary(self) -> Node | None:
        lexeme = self.take()
        if lexeme.kind == "LPAREN":
            self.depth += 1
            if self.depth > MAX_DEPTH:
                raise QueryError(
                    f"parentheses nested too deep at character {lexeme.at} (at most {MAX_DEPTH})"
                )
            node = self.or_expr()
            self.depth -= 1
            close = self.peek()
            if close is None or close.kind != "RPAREN":
                raise QueryError(
                    f"unbalanced parenthesis: the ( at character {lexeme.at} is never closed"
                )
            self.take()
            if node is None:
                raise QueryError(f"empty parentheses at character {lexeme.at}")
            return node
        if lexeme.kind == "NEAR":
            return self.near(lexeme)
        if lexeme.kind in ("WORD", "PHRASE"):
            return self.term(lexeme)
        raise QueryError(f"unexpected {lexeme.text!r} at character {lexeme.at}")  # pragma: no cover

    def near(self, near: _Lexeme) -> Node:
        self.take()  # the "(" the lexer saw
        items: list[Term] = []
        distance = DEFAULT_NEAR
        while True:
            lexeme = self.peek()
            if lexeme is None:
                raise QueryError(
                    f"unbalanced parenthesis: NEAR( at character {near.at} is never closed"
                )
            self.take()
            if lexeme.kind == "RPAREN":
                break
            if lexeme.kind == "COMMA":
                value = self.peek()
                if value is None or value.kind != "WORD" or not _is_number(value.text):
                    raise QueryError(
                        f"NEAR at character {near.at}: the distance after the comma must be"
                        " a whole number, e.g. NEAR(an ninh, 5)"
                    )
                self.take()
                distance = int(value.text) if len(value.text) <= 6 else MAX_NEAR + 1
                if distance > MAX_NEAR:
                    raise QueryError(
                        f"NEAR distance {value.text} is too large (at most {MAX_NEAR})"
                    )
                close = self.peek()
                if close is None or close.kind != "RPAREN":
                    raise QueryError(f"NEAR at character {near.at}: expected ) after the distance")
                self.take()
                break
            if lexeme.kind not in ("WORD", "PHRASE"):
                raise QueryError(
                    f"NEAR at character {near.at} takes only words and phrases, not {lexeme.text!r}"
                )
            term = self.term(lexeme)
            if term is not None:
                items.append(term)
        if len(items) < 2:
            raise QueryError(f"NEAR at character {near.at} needs at least two terms")
        return Near(tuple(items), distance)

    def term(self, lexeme: _Lexeme) -> Term | None:
        exact = not self.fold and normalize.has_diacritics(lexeme.text)
        normal = normalize.key(lexeme.text) if exact else normalize.folded_key(lexeme.text)
        tokens = tuple(TOKEN.findall(normal))
        if not tokens:
            if lexeme.prefix or lexeme.kind == "PHRASE":
                # Show what was typed: `*` alone, or `""`, not an empty string.
                typed = f'"{lexeme.text}"' if lexeme.kind == "PHRASE" else lexeme.text
                typed += "*" if lexeme.prefix else ""
                raise QueryError(
                    f"{typed!r} at character {lexeme.at} has no letters or digits to search for"
                )
            return None  # stray punctuation between words
        self.terms += 1
        if self.terms > MAX_TERMS:
            raise QueryError(f"too many terms (at most {MAX_TERMS})")
        return Term(
            text=lexeme.text,
            tokens=tokens,
            column="exact" if exact else "folded",
            prefix=lexeme.prefix,
            quoted=lexeme.kind == "PHRASE",
        )

    # --- words typed together, read as a phrase ---

    def join_runs(
        self, items: list[tuple[bool, Node]], breaks: set[int]
    ) -> list[tuple[bool, Node]]:
        """Runs of plain words typed one after the other become one phrase, as if
        quoted (`an toàn thông tin` is `"an toàn thông tin"`); an AND, a comma,
        quotes or a negation end a run, and a prefix word (`thông*`) ends one as
        its last word."""
        out: list[tuple[bool, Node]] = []
        run: list[Term] = []

        def flush() -> None:
            if len(run) > 1:
                out.append((False, self.joined_term(run)))
            else:
                out.extend((False, term) for term in run)
            run.clear()

        for index, (negated, node) in enumerate(items):
            if index in breaks:
                flush()
            if not negated and isinstance(node, Term) and not node.quoted:
                run.append(node)
                if node.prefix:
                    flush()
                continue
            flush()
            out.append((negated, node))
        flush()
        return out

    def joined_term(self, run: Sequence[Term]) -> Term:
        """The phrase of a run's words, read as the parser reads a quoted phrase:
        with diacritics anywhere in it, that spelling (the `exact` column)."""
        text = " ".join(term.text for term in run)
        self.joined.append(text + ("*" if run[-1].prefix else ""))
        lexeme = _Lexeme("PHRASE", text, 0, prefix=run[-1].prefix)
        self.terms -= len(run)  # the run's words were counted; the phrase counts once
        term = self.term(lexeme)
        assert term is not None  # its words hold letters or digits
        return term

    # --- English expansion ---

    def expand_runs(self, items: list[tuple[bool, Node]]) -> list[tuple[bool, Node]]:
        if not self.english.concepts:
            return items
        out: list[tuple[bool, Node]] = []
        i = 0
        while i < len(items):
            negated, node = items[i]
            if not _expandable(node):
                out.append(items[i])
                i += 1
                continue
            # The longest run of plain words from i (a quoted phrase stands alone).
            end = i + 1
            if not (isinstance(node, Term) and node.quoted):
                while (
                    end < len(items)
                    and end - i < self.english.longest
                    and items[end][0] == negated
                    and _expandable(items[end][1])
                    and not items[end][1].quoted  # type: ignore[union-attr]
                ):
                    end += 1
            for stop in range(end, i, -1):
                run = [n for _, n in items[i:stop]]
                tokens = [t for n in run for t in n.tokens]  # type: ignore[union-attr]
                concepts = self.english.lookup(tokens)
                if concepts:
                    original = run[0] if len(run) == 1 else And(tuple(run))
                    out.append((negated, self.expanded(original, run, concepts)))
                    i = stop
                    break
            else:
                out.append(items[i])
                i += 1
        return out

    def expanded(self, original: Node, run: list[Node], concepts: tuple[str, ...]) -> Node:
        vi = tuple(dict.fromkeys(t for c in concepts for t in self.english.vi.get(c, ())))
        phrases: list[Term] = []
        for text in vi:
            exact = not self.fold and normalize.has_diacritics(text)
            normal = normalize.key(text) if exact else normalize.folded_key(text)
            tokens = tuple(TOKEN.findall(normal))
            if 0 < len(tokens) <= MAX_EXPANSION_TOKENS:
                phrases.append(Term(text, tokens, "exact" if exact else "folded", quoted=True))
        label = " ".join(n.text for n in run)  # type: ignore[union-attr]
        self.expansions.append(Expansion(label, concepts, vi))
        return Expanded(original, concepts, tuple(phrases))


def _is_number(text: str) -> bool:
    return text.isascii() and text.isdigit()


def _expandable(node: Node) -> bool:
    return isinstance(node, Term) and not node.prefix


def parse(
    text: str,
    *,
    fold: bool = False,
    english: EnglishIndex | None = None,
    phrases: bool = False,
) -> ParsedQuery:
    """Parse a query; raises QueryError (one line) for anything it cannot run.

    `phrases` reads it as a concordancer (AntConc, Sketch Engine) reads a search
    term: words typed together are one phrase (`join_runs`). `search` lists the
    clauses holding all the words; a concordance and the plots show where the
    words stand together.
    """
    if not isinstance(text, str):
        raise QueryError("a query is text")
    if len(text) > MAX_QUERY_CHARS:
        raise QueryError(f"the query is too long (at most {MAX_QUERY_CHARS} characters)")
    # Surrogates and NULs cannot reach SQLite as UTF-8; treat them as spaces.
    text = "".join(" " if c == "\x00" or "\ud800" <= c <= "\udfff" else c for c in text)
    parser = _Parser(text, fold=fold, english=english or EMPTY_INDEX, phrases=phrases)
    node = parser.parse()
    return ParsedQuery(
        text=text,
        node=node,
        expansions=tuple(parser.expansions),
        phrases=phrases,
        joined=tuple(parser.joined),
        fold=fold,
    )


# --- compilation -----------------------------------------------------------------


def _quoted(tokens: Iterable[str]) -> str:
    # Tokens hold letters and digits only; doubling quotes is belt and braces.
    return '"' + " ".join(tokens).replace('"', '""') + '"'


def _phrase(term: Term) -> str:
    return _quoted(term.tokens) + (" *" if term.prefix else "")


# The English index's columns a query searches: each clause's working translation and
# the published English of the bead it opens (store/schema.py).
ENGLISH_COLUMNS = "{en published}"


def to_match(node: Node, side: Side = "vi") -> str:
    """Compile a node into an FTS5 MATCH expression (fully parenthesised), for
    the Vietnamese index (`clause_fts`) or the English one (`english_fts`)."""
    if side == "en":
        return _to_english_match(node)
    if isinstance(node, Term):
        return f"{node.column} : {_phrase(node)}"
    if isinstance(node, And):
        return "(" + " AND ".join(to_match(n) for n in node.items) + ")"
    if isinstance(node, Or):
        return "(" + " OR ".join(to_match(n) for n in node.items) + ")"
    if isinstance(node, Not):
        return f"({to_match(node.positive)} NOT {to_match(node.negative)})"
    if isinstance(node, Near):
        columns = {t.column for t in node.items}
        if columns == {"exact"}:
            inner = " ".join(_phrase(t) for t in node.items)
            return f"(exact : NEAR({inner}, {node.distance}))"
        # Mixed or folded: proximity on the folded column, and each term written
        # with diacritics must also occur in that spelling.
        inner = " ".join(
            _quoted(normalize.fold(tok) for tok in t.tokens) + (" *" if t.prefix else "")
            for t in node.items
        )
        parts = [f"folded : NEAR({inner}, {node.distance})"]
        parts += [to_match(t) for t in node.items if t.column == "exact"]
        return "(" + " AND ".join(parts) + ")"
    if isinstance(node, Expanded):
        parts = [to_match(node.original)]
        parts += [f"concepts : {_quoted([concept_token(c)])}" for c in node.concepts]
        parts += [to_match(p) for p in node.phrases]
        return "(" + " OR ".join(parts) + ")"
    raise TypeError(f"not a query node: {node!r}")  # pragma: no cover


def _english_phrase(term: Term) -> str:
    return _quoted(english_tokens(term)) + (" *" if term.prefix else "")


def _to_english_match(node: Node) -> str:
    if isinstance(node, Term):
        return f"{ENGLISH_COLUMNS} : {_english_phrase(node)}"
    if isinstance(node, And):
        return "(" + " AND ".join(_to_english_match(n) for n in node.items) + ")"
    if isinstance(node, Or):
        return "(" + " OR ".join(_to_english_match(n) for n in node.items) + ")"
    if isinstance(node, Not):
        return f"({_to_english_match(node.positive)} NOT {_to_english_match(node.negative)})"
    if isinstance(node, Near):
        inner = " ".join(_english_phrase(t) for t in node.items)
        return f"({ENGLISH_COLUMNS} : NEAR({inner}, {node.distance}))"
    if isinstance(node, Expanded):  # the English words themselves
        return _to_english_match(node.original)
    raise TypeError(f"not a query node: {node!r}")  # pragma: no cover


def _highlights(node: Node, *, english: bool = False) -> Iterator[Term]:
    if isinstance(node, Term):
        yield node
    elif isinstance(node, (And, Or)):
        for item in node.items:
            yield from _highlights(item, english=english)
    elif isinstance(node, Not):
        yield from _highlights(node.positive, english=english)
    elif isinstance(node, Near):
        yield from node.items
    elif isinstance(node, Expanded):
        yield from _highlights(node.original, english=english)
        if not english:
            yield from node.phrases
