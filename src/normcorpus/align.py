"""Clause × Glossary -> TermMatches (exact, variant, folded, fuzzy): the aligner's rule.

Every occurrence of a concept's Vietnamese terms and abbreviations in a text is
found: the matches chosen, longest first, never overlap; after each come the
terms of other concepts it holds. Kinds, strongest first:

- `exact`: the text spells the term as the glossary does;
- `variant`: differs only in case or tone placement (`Liên Hợp Quốc`, `hoà`);
  an abbreviation only in a sentence written in capitals (`ADMM PLUS`);
- `folded`: each syllable is the term's syllable or that syllable written
  without diacritics (`de dọa` for `đe dọa`, `an ninh mang`);
- `fuzzy`: one plausible slip of the typist (`syllables.slip`) in one
  syllable, every other syllable right: `hơp tác`, `thỏa luận`,
  `xuyên xuyết`. Precision first: a typo reading covers whole words (no word
  of the lexicon crosses its edges or holds it: not `Bộ Quốc [phòng trong]`),
  its slip spells no word with its neighbours (`quốc ca` is the anthem, not
  `quốc gia`), and a slip that spells another word (`tôi` for `tội`) counts
  only with two right syllables or more, never at the edge of a reading whose
  rest is a word by itself (`an ninh mạnh` is a strong security).

How a sentence is typed decides how it is read. A sentence typed without
diacritics (few or no marked syllables among its Vietnamese ones:
`an ninh mang`) is compared without them: a folded reading is then a correct
spelling and competes with exact ones, longest first (`an ninh mang` is
cybersecurity, not security and a stray `mang`), and a typo is a slip of the
letters. In a sentence typed with diacritics, a syllable that differs from the
term's only in tone and is itself a word is that word (`quy tắc mang tính`
does not hold `quy tắc mạng`), and exact and variant matches are placed
first: a loose reading fills the gaps they leave, or covers correct spellings
it reads as themselves (`an ninh quôc gia` holds `an ninh`), so a typo
reading never displaces a correct spelling (`thảo luận quốc tế` is not
`luật quốc tế`).

Folded and fuzzy readings apply to terms of two or more syllables and never to
abbreviations. One-syllable words are never matched loosely (`mang` is not
`mạng`).

How, top-down (`Aligner.locate`):

1. candidates: every window of the text's \\w+ tokens that may hold a term,
   each syllable folded alike or a possible slip (`_typo_of`), separators as
   the term's (`_plain_candidates`; `accel.walker` finds the same in C, and
   `accel.firstsight` says what a new token is in C);
2. reading: what each candidate is, if anything (`_read`), by how its
   sentence is typed (the candidates carry its tallies);
3. choosing: correct spellings first, then loose readings (`_fill`); within
   each the longest, the strongest kind, the best score, the earliest; none
   overlapping (`_choose`);
4. nesting: the readings inside a match chosen that read its own words as a
   term of another concept (`_nest`: `chủ quyền` in `chủ quyền quốc gia`).
"""

from __future__ import annotations

import hashlib
import os
import re
import sys
from array import array
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from itertools import islice, pairwise
from operator import itemgetter
from typing import Any, overload

from rapidfuzz import fuzz

from . import frequency, glossarycache, normalize, syllables
from .accel import choice as accel_choice
from .accel import firstsight as accel_firstsight
from .accel import sourcepass as accel_sourcepass
from .accel import walker as accel_walker
from .models import Clause, ClauseRecord, Concept, Glossary, MatchKind, TermMatch

# Whether aligners find candidates in C by default (NORMCORPUS_PURE_PYTHON=1 says no).
COMPILED = accel_walker.BUILT and not os.environ.get("NORMCORPUS_PURE_PYTHON")

DEFAULT_FUZZY_CUTOFF = 70.0
KIND_RANK: dict[str, int] = {"exact": 0, "variant": 1, "folded": 2, "fuzzy": 3}

# A sentence is typed without diacritics when at most this share of its
# Vietnamese syllables bear any (real text with them: 40% and more, in every
# sentence of five syllables or more of the development texts).
MAX_MARKED_SHARE = 0.15
# The slips a typo reading may have in a sentence typed without diacritics.
_LETTER_SLIPS = frozenset({"swap", "context"})
# The slips that mostly spell another word (`mang` for `mạng`, `việc` for `việt`),
# and a part taken from the next syllable where it spells one (`nhằm nhìn`, in
# order to look, is no `tầm nhìn`, vision; tienphong.vn, 2025-12-24).
_WORD_SLIPS = frozenset({"marks", "dialect", "context"})
# How much rarer (Zipf units: 2 is a hundred times) a word spelled by a wrong
# mark must be than the term's syllable to be read as a slip (`_rare_slip`).
_RARER = 2.0
# The longest word of the lexicon looked for across a typo reading's edges, in
# syllables; and how far around the reading to look, in characters.
_WORD_SPAN = 4
_REACH = (_WORD_SPAN - 1) * 8

_TOKEN = re.compile(r"\w+")
# A footnote's number glued to the word it follows, as consolidated texts and
# copies of them print it (`Luật Viễn thông1.`, `an ninh mạng²`): digits (or
# superscript digits) right after a letter, ending the token (`_glued_notes`).
_SUPERSCRIPTS = "\u00b9\u00b2\u00b3" + "".join(map(chr, range(0x2070, 0x207A)))
# (The digit first, then a look back at the letter: the scan of a text with no
# note costs what a search for a digit does.)
_GLUED_NOTE = re.compile(
    rf"[0-9{_SUPERSCRIPTS}](?<=[^\W\d_{_SUPERSCRIPTS}][0-9{_SUPERSCRIPTS}])[0-9{_SUPERSCRIPTS}]{{0,2}}(?!\w)"
)
# `_GLUED_NOTE.search(text) is not None`, in one pass in C where it was built
# (`accel.sourcepass`, tested against the regex): a table, not the regex's classes.
_has_glued_note = accel_sourcepass.glued_note("0123456789" + _SUPERSCRIPTS, _SUPERSCRIPTS) or (
    lambda text: _GLUED_NOTE.search(text) is not None
)
_WORD_BEFORE = re.compile(rf"[^\W\d_{_SUPERSCRIPTS}]+\Z")
_SENTENCE_END = re.compile(r"[.!?;:…]\s")
_CACHE_LIMIT = 1 << 16  # distinct tokens and loose readings remembered

# A candidate window: (start, end, first token, tokens, entry index, spelled,
# Vietnamese syllables and marked ones in its sentence), offsets into the text;
# `spelled` as in accel.walker.
Candidate = accel_walker.Candidate
SAME_TOKENS, SAME_LOWER, OTHER = (
    accel_walker.SAME_TOKENS,
    accel_walker.SAME_LOWER,
    accel_walker.OTHER,
)
# (start, end, entry index, kind, score) of one match, as `Aligner.locate` gives it;
# with `nested=True`, and the position of the match holding it (-1: none).
Located = tuple[int, int, int, MatchKind, float]
Nested = tuple[int, int, int, MatchKind, float, int]
# A read candidate, sortable by preference: (loose, -tokens, kind rank, -score,
# first token, entry index, kind, score, start, end, typed without diacritics).
_Reading = tuple[bool, int, int, float, int, int, MatchKind, float, int, int, bool]
_NOTHING: tuple[MatchKind | None, float] = (None, 0.0)
_ENTRY_OF = itemgetter(5)  # a reading's entry index


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
        seps=tuple(_sep_core(term[a.end() : b.start()]) for a, b in pairwise(matches)),
        loose=loose,
        typos=1 if loose else 0,  # one slip
    )


def _ends_sentence(gap: str) -> bool:
    """Whether a separator ends a sentence: a line break, or final punctuation and a space."""
    return "\n" in gap or _SENTENCE_END.search(gap) is not None


def _sentence(text: str, first: int) -> list[str]:
    """The tokens of the sentence of the text's first-th token."""
    matches = list(_TOKEN.finditer(text))
    start = first
    while start > 0 and not _ends_sentence(text[matches[start - 1].end() : matches[start].start()]):
        start -= 1
    end = first + 1
    while end < len(matches) and not _ends_sentence(
        text[matches[end - 1].end() : matches[end].start()]
    ):
        end += 1
    return [m.group() for m in matches[start:end]]


def _in_capitals(text: str, first: int) -> bool:
    """Whether the sentence of the text's first-th token is written in capitals: two
    words or more, none with a lower-case letter."""
    return _capitals(_sentence(text, first))


def _capitals(tokens: list[str]) -> bool:
    """Whether a sentence's tokens are in capitals: two words or more, none with a
    lower-case letter."""
    return sum(map(str.isupper, tokens)) > 1 and tokens == list(map(str.upper, tokens))


# A sentence of fewer words in Title Case may be a name alone: a signature's name of
# four syllables (`Nguyễn Thị Kim Ngân`) or a title and a name (`Ông Nguyễn Phú Trọng`).
# A heading of four (`Luật An Ninh Mạng`) is then missed: a false term costs more.
MIN_TITLE_WORDS = 5


def _in_title_case(tokens: list[str]) -> bool:
    """Whether a sentence is written in Title Case, headline style (`Bảo Vệ Dữ Liệu Cá
    Nhân Trên Mạng`): MIN_TITLE_WORDS words or more, each starting with a capital. In
    ordinary text a common word mid-sentence is in lower case (`Thủ tướng Phạm Bình
    Minh`), so a single one tells that capitals there mark names."""
    words = [token for token in tokens if token[:1].isalpha()]
    return len(words) >= MIN_TITLE_WORDS and all(word[:1].isupper() for word in words)


def _names_something(text: str, term: Entry, start: int, end: int, first: int, n: int) -> bool:
    """Whether a window not spelled as the term reads as a proper name: two syllables or
    more, each capitalised, in mid-sentence, in a sentence written neither in capitals
    nor in Title Case (`_in_title_case`), where the term is written in lower case
    (`tỉnh Hòa Bình`, a province, is not `hòa bình`, peace). Vietnamese capitalises
    every syllable of a place or person name, and a common noun's syllables only at a
    sentence's start. A term with capitals is a name itself, and so is its concept
    (`Bộ Quốc Phòng`, `Liên Hợp Quốc`)."""
    if n < 2 or term.tokens != term.lower or not text[start : start + 1].isupper():
        return False
    window = _TOKEN.findall(text, start, end)
    if not all(word[:1].isupper() for word in window) or all(map(str.isupper, window)):
        return False
    before = list(_TOKEN.finditer(text, max(0, start - 64), start))
    if not before or _ends_sentence(text[before[-1].end() : start]):
        return False  # the first word of the text, or of a sentence
    tokens = _sentence(text, first)
    # In capitals or in Title Case, case tells nothing (`Luật An Ninh Mạng`).
    return not _capitals(tokens) and not _in_title_case(tokens)


class _TokenKinds(dict[str, int]):
    """Token -> 0 (not a syllable of Vietnamese), 1 (one, without diacritics) or 2
    (one, with them): made on first sight."""

    def __init__(self, vietnamese: frozenset[str]):
        super().__init__()
        self.vietnamese = vietnamese

    def __missing__(self, token: str) -> int:
        if len(self) >= _CACHE_LIMIT:
            self.clear()
        lower = _key_token(token)
        kind = self[token] = (
            0
            if normalize.fold(lower) not in self.vietnamese
            else 2
            if normalize.has_diacritics(lower)
            else 1
        )
        return kind


class _Entries(Sequence[Entry]):
    """The aligner's entries by index, each made when first asked for (a glossary
    of 100,000 concepts has 233,000 of them; a text needs a few)."""

    def __init__(self, glossary: Glossary, refs: list[int]):
        self._concepts = glossary.concepts
        self._refs = refs  # as `_entry_refs` gives them
        self._made: dict[int, Entry] = {}

    def __len__(self) -> int:
        return len(self._refs) // 2

    @overload
    def __getitem__(self, index: int) -> Entry: ...
    @overload
    def __getitem__(self, index: slice) -> tuple[Entry, ...]: ...
    def __getitem__(self, index: int | slice) -> Entry | tuple[Entry, ...]:
        if isinstance(index, slice):
            return tuple(self[k] for k in range(*index.indices(len(self))))
        made = self._made.get(index)
        if made is None:
            at = range(len(self))[index]  # IndexError out of range; a negative index counts back
            concept = self._concepts[self._refs[2 * at]]
            k = self._refs[2 * at + 1]
            term = concept.vi[k].term if k >= 0 else concept.abbr[~k]
            made = entry(concept.id, term, concept.preferred_en, abbr=k < 0)
            assert made is not None  # _entry_refs names terms with a token only
            self._made[index] = self._made[at] = made
        return made

    def concepts(self) -> tuple[str, ...]:
        """Each entry's concept id, without making the entries (nor the concepts, from
        a glossary's cache: `glossarycache.LazyConcepts.ids`)."""
        refs = self._refs
        ids = getattr(self._concepts, "ids", None) or [c.id for c in self._concepts]
        return tuple([ids[refs[k]] for k in range(0, len(refs), 2)])


@lru_cache(maxsize=1)
def _tables_key() -> str:
    """What the aligner's tables depend on besides the glossary (`glossarycache.code_key`):
    the code and data that build them."""
    data = resources.files("normcorpus").joinpath("resources/syllables.yaml").read_bytes()
    return glossarycache.code_key(
        sys.modules[__name__],
        accel_walker,
        normalize,
        syllables,
        data=data + f"{accel_walker.BUILT} {sys.byteorder}".encode(),
    )


def _entry_refs(glossary: Glossary) -> list[int]:
    """Where each entry comes from, two ints an entry: its concept's position, and its
    term's (its abbreviation's, ~position, when negative). Terms with no \\w+ token
    are no entry."""
    refs: list[int] = []
    for at, concept in enumerate(glossary.concepts):
        for k, term in enumerate(concept.vi):
            if _TOKEN.search(normalize.term(term.term)):
                refs += (at, k)
        for k, abbr in enumerate(concept.abbr):
            if _TOKEN.search(normalize.term(abbr)):
                refs += (at, ~k)
    return refs


def parts_beside(
    entries: Sequence[Entry],
) -> tuple[dict[str, frozenset[tuple[int, str]]], dict[str, frozenset[tuple[int, str]]]]:
    """The parts a slip may take from a neighbour (`syllables.beside`), for each
    syllable of a loose term (lower-case), and for each folded alike: from the
    syllables beside it in any term."""
    around: dict[str, set[str]] = {}
    for made in entries:
        if made.loose:
            for k, word in enumerate(made.lower):
                around.setdefault(word, set()).update(_beside(made.lower, k))
    folded_as: dict[str, list[str]] = {}
    for word in sorted(around):
        folded_as.setdefault(normalize.fold(word), []).append(word)
    beside = {word: syllables.beside(near) for word, near in around.items()}
    beside_folded = {
        folded: syllables.beside({normalize.fold(n) for word in words for n in around[word]})
        for folded, words in folded_as.items()
    }
    return beside, beside_folded


def compile_tables(glossary: Glossary) -> dict[str, Any]:
    """What an `Aligner` is built from, in builtin types only, so that a cache can
    store it (`glossarycache.tables`): where the glossary's entries come from, the
    look-ups of the syllables they may be misspelt as, and the walk's tables."""
    refs = _entry_refs(glossary)
    entries = list(_Entries(glossary, refs))
    # The term syllables a text syllable may be a slip of: those of loose
    # terms, by themselves and without diacritics (`_typo_of`).
    spelled = {w for e in entries if e.loose for w in e.lower}
    spelled_as: dict[str, list[str]] = {}  # folded -> term syllables
    for word in sorted(spelled):
        spelled_as.setdefault(normalize.fold(word), []).append(word)
    beside, beside_folded = parts_beside(entries)
    return {
        "entries": refs,
        # The concepts that exclude phrases (`exclusions`), by place: found
        # without making every concept of a glossary read from its cache.
        "excluding": [at for at, concept in enumerate(glossary.concepts) if concept.exclude],
        "homographs": homographs(entries),
        "folded_of": {word: normalize.fold(word) for word in spelled},
        "spelled_as": spelled_as,
        "slips": _Slips(beside).tables(),
        "slips_folded": _Slips(beside_folded).tables(),
        "terms": frozenset(
            {" ".join(e.lower) for e in entries} | {" ".join(e.folded) for e in entries}
        ),
        "walker": (
            accel_walker.compile_terms(
                [
                    accel_walker.Term(e.tokens, e.lower, e.folded, e.seps, e.loose, e.typos)
                    for e in entries
                ]
            )
            if accel_walker.BUILT
            else None
        ),
    }


def homographs(entries: Sequence[Entry]) -> dict[int, tuple[int, ...]]:
    """The entries that spell the same words as an entry of another concept
    (`mã hóa`: encryption and encoding, which no Vietnamese word tells apart), each
    with the indices of those others: the aligner records them all at one span
    (the first in glossary order as the match, the others nested in it), and
    `check` accepts any one's English."""
    spelled: dict[tuple[tuple[str, ...], tuple[str, ...]], list[int]] = {}
    for index, made in enumerate(entries):
        spelled.setdefault((made.lower, made.seps), []).append(index)
    out: dict[int, tuple[int, ...]] = {}
    for group in spelled.values():
        if len({entries[k].concept for k in group}) > 1:
            for index in group:
                concept = entries[index].concept
                out[index] = tuple(k for k in group if entries[k].concept != concept)
    return out


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
        if compiled is None:
            compiled = COMPILED
        self.compiled = compiled
        # From the cache beside the glossary's when it came from one (a large
        # glossary: building these costs many seconds), else built here.
        tables = glossarycache.tables(glossary, "aligner", _tables_key(), compile_tables)
        self.entries = _Entries(glossary, tables["entries"])
        # entry index -> the entries of other concepts spelled the same (`homographs`)
        self.homographs: dict[int, tuple[int, ...]] = tables["homographs"]
        # The term syllables a text syllable may be a slip of (`_typo_of`).
        self._folded_of: dict[str, str] = tables["folded_of"]
        self._spelled_as: dict[str, list[str]] = tables["spelled_as"]  # folded -> term syllables
        self._slips = _Slips.from_tables(tables["slips"])
        self._slips_folded = _Slips.from_tables(tables["slips_folded"])
        self._lexicon = syllables.lexicon()
        # The terms as they read (lower-case words), with and without diacritics.
        self._terms: frozenset[str] = tables["terms"]
        self._typos: dict[str, tuple[str, ...]] = {}  # lower-case token -> _typo_of
        self._token_kinds = _TokenKinds(syllables.folded_syllables())
        # (entry index, window as written, typed without diacritics) -> reading.
        self._loose: dict[tuple[int, str, bool], tuple[MatchKind | None, float]] = {}
        self._by_first: dict[str, list[int]] | None = None  # made by the plain finder
        self._by_second: dict[str, list[int]] = {}
        self._exclusions = exclusions(
            glossary, self.entries, [glossary.concepts[at] for at in tables["excluding"]]
        )
        self._excluding = frozenset(self._exclusions)  # the entries that have some
        # New tokens described in C (`_describe`), and slips read in C (`_slip`),
        # where it was built.
        self._firstsight = self._describer() if compiled and accel_firstsight.BUILT else None
        self._walker = (
            accel_walker.Walker(
                tables["walker"],
                self._describe,
                _sep_core,
                _ends_sentence,
                self._firstsight.describe if self._firstsight is not None else None,
            )
            if compiled
            else None
        )
        # The choice among the candidates in C (`accel.choice`, the same by test)
        # for the matches chosen; `_choose` chooses the nested ones too.
        self._chooser = self._choice() if compiled and accel_choice.BUILT else None

    # --- the public calls ----------------------------------------------------------

    def find(self, text: str) -> tuple[TermMatch, ...]:
        """Every glossary match in `text`, in text order: the matches chosen (none
        overlapping), and after each the matches of other concepts nested in it, whose
        `within` names its concept."""
        entries = self.entries
        found = self.locate(text, nested=True)
        out = []
        for start, end, index, kind, score, holder in found:
            term = entries[index]
            out.append(
                TermMatch(
                    concept=term.concept,
                    term=term.term,
                    surface=text[start:end],
                    en=term.en,
                    start=start,
                    end=end,
                    match=kind,
                    score=score,
                    within=entries[found[holder][2]].concept if holder >= 0 else None,
                )
            )
        return tuple(out)

    def locate(self, text: str, *, nested: bool = False) -> tuple[Located, ...] | Any:
        """`find` without the TermMatch objects: (start, end, entry index, kind, score) of
        the matches chosen, none overlapping, in text order.

        `nested=True`: the nested matches too, each tuple with a sixth field, the
        position of the match holding it (-1 for a match held by none).
        For callers in the package that only read a few fields of each match
        (the checker); `self.entries[index]` is the glossary term.
        """
        text = self._glued_notes(text)
        if self._walker is not None:
            candidates = self._walker.candidates(text)
        else:
            candidates = self._plain_candidates(text)
        if not candidates:
            return ()
        if self._chooser is not None and not nested:
            return self._chooser.choose_many([text], [candidates])[0]
        return self._choose(text, candidates, nested)

    def locate_many(self, texts: Iterable[str], *, nested: bool = False) -> list[Any]:
        """`locate` of each text (one turn at the walker for them all)."""
        if self._walker is None:
            return [self.locate(text, nested=nested) for text in texts]
        texts = list(texts)
        if _has_glued_note("\n".join(texts)):  # (one scan for the batch)
            texts = list(map(self._glued_notes, texts))
        if self._chooser is not None and not nested:
            return self._chooser.choose_many(texts, self._walker.candidates_many(texts))
        choose = self._choose
        return [
            choose(text, candidates, nested) if candidates else ()
            for text, candidates in zip(texts, self._walker.candidates_many(texts), strict=True)
        ]

    def _glued_notes(self, text: str) -> str:
        """`text` with each footnote number glued to a word of Vietnamese blanked out
        (`Viễn thông1` reads as `Viễn thông `; offsets unchanged), so that the word
        is a token of its own. Digits after a letter that make no Vietnamese word
        are kept (`QH11`, `IPv6`, `A1`: codes, not notes)."""
        if _GLUED_NOTE.search(text) is None:
            return text
        kinds = self._token_kinds

        def blank(note: re.Match[str]) -> str:
            word = _WORD_BEFORE.search(text, 0, note.start())
            if word is None or (word.start() and _TOKEN.match(text[word.start() - 1])):
                return note.group()
            letters = word.group()
            return " " * len(note.group()) if len(letters) > 1 and kinds[letters] else note.group()

        return _GLUED_NOTE.sub(blank, text)

    # --- 1. candidates -------------------------------------------------------------

    def _typo_of(self, lower: str) -> tuple[str, ...]:
        """The term syllables (lower-case) a text syllable may be a slip of, not folded alike.

        Those it is one plausible slip from (`syllables.slip`, a part taken
        from a syllable beside it in any term counting), as written or, when it
        bears no diacritics, without them. A superset of what `_read` accepts
        for a given term. (Found by look-ups: `_Slips`.)
        """
        known = self._typos.get(lower)
        if known is not None:
            return known
        folded = normalize.fold(lower)
        found = {word for word in self._slips.of(lower) if self._folded_of[word] != folded}
        if lower == folded:  # typed without diacritics: a slip of the letters
            for near in self._slips_folded.of(lower):
                if near != folded:
                    found.update(self._spelled_as[near])
        typos = tuple(sorted(found))
        if len(self._typos) >= _CACHE_LIMIT:
            self._typos.clear()
        self._typos[lower] = typos
        return typos

    def _describe(self, token: str) -> accel_walker.Token:
        """What the walk needs of a new token: its lower-case and folded forms, the term
        syllables it may be a slip of (`_typo_of`), its tally (`_TokenKinds`). In C
        (`accel.firstsight`, the same by test: the walk asks it first) where its
        characters read one by one."""
        lower = _key_token(token)
        return lower, normalize.fold(lower), self._typo_of(lower), self._token_kinds[token]

    def _slip(self, written: str, meant: str, around: tuple[str, ...]) -> syllables.SlipKind | None:
        """`syllables.slip`, in C (`accel.firstsight`, the same by test) where it reads
        the characters."""
        if self._firstsight is not None:
            kind = self._firstsight.slip(written, meant, around)
            if kind is not False:
                return kind  # type: ignore[return-value]
        return syllables.slip(written, meant, around)

    def _describer(self) -> accel_firstsight.Describer:
        """`_describe` in C, fed the syllable tables and this aligner's slip look-ups."""
        onsets, finals, onset_class, final_class, beside = syllables.part_tables()
        return accel_firstsight.Describer(
            syllables.char_table(),
            syllables.TONES,
            onsets,
            finals,
            onset_class,
            final_class,
            beside,
            self._slips.packed(),
            self._slips_folded.packed(),
            self._folded_of,
            self._spelled_as,
            self._token_kinds.vietnamese,
        )

    def _choice(self) -> accel_choice.Chooser:
        """`_choose` (the matches chosen) in C, asking this aligner what it does not
        read itself: a candidate's first reading (but a window the describer reads as
        nothing for certain: `_read_loosely`'s first cuts), whole words (but where
        the describer finds no word across an edge: `_cuts_a_word`'s first look),
        `_holds`, exclusions."""
        entries = self.entries

        @lru_cache(maxsize=_CACHE_LIMIT)
        def holds(outer: int, inner: int, offset: int, n: int) -> bool:
            return _holds(entries[outer], entries[inner], offset, n)

        return accel_choice.Chooser(
            read=self._read,
            cuts=self._cuts_a_word,
            holds=holds,
            plain=self._choose,
            loose=self._loose,
            excluding=self._excluding,
            kinds=tuple(KIND_RANK),  # type: ignore[arg-type]
            share=MAX_MARKED_SHARE,
            nothing=self._firstsight.nothing_loosely if self._firstsight is not None else None,
            forms=lambda index: (entries[index].lower, entries[index].folded),
            none_read=_NOTHING,
            limit=_CACHE_LIMIT,
            crosses=self._firstsight.crosses_no_word if self._firstsight is not None else None,
            lexicons=lambda: (syllables.words(), _edges()),
            reach=_REACH,
        )

    def _start_index(self) -> None:
        """The plain finder's index, made on first need: where each term can start
        (its first folded syllable, or its second for a slip in the first)."""
        if self._by_first is None:
            self._by_first, self._by_second = {}, {}
            for index, made in enumerate(self.entries):
                self._by_first.setdefault(made.folded[0], []).append(index)
                if made.loose:
                    self._by_second.setdefault(made.folded[1], []).append(index)

    def _plain_candidates(self, text: str) -> list[Candidate]:
        """Every window that may hold a term, plainly (`accel.walker` finds the same).

        At each token, the terms that start with its folded syllable, or
        whose first syllable it may be a slip of before their right second;
        then each of the term's syllables is right (folded alike) or a slip,
        at most `entry.typos` of them, and the separators are the term's.
        With each, its sentence's Vietnamese syllables and marked ones.
        """
        self._start_index()
        matches = list(_TOKEN.finditer(text))
        words = [m.group() for m in matches]
        lower = [_key_token(w) for w in words]
        folded = [normalize.fold(w) for w in lower]
        between = [text[a.end() : b.start()] for a, b in pairwise(matches)]
        gaps = list(map(_sep_core, between))
        # Each token's sentence, and each sentence's tallies.
        sentence = [0]
        for gap in between:
            sentence.append(sentence[-1] + _ends_sentence(gap))
        tallies = [[0, 0] for _ in range(sentence[-1] + 1)] if words else []
        for k, word in enumerate(words):
            kind = self._token_kinds[word]
            tallies[sentence[k]][0] += kind > 0
            tallies[sentence[k]][1] += kind > 1
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
                    typos += 1
                else:
                    if typos > term.typos:
                        continue
                    spelled = spelling(term, words, lower, i)
                    if spelled is None:
                        continue
                    start, end = matches[i].start(), matches[i + n - 1].end()
                    vietnamese, marked = tallies[sentence[i]]
                    out.append((start, end, i, n, index, spelled, vietnamese, marked))
        return out

    # --- 2. reading ----------------------------------------------------------------

    def _read(self, text: str, candidate: Candidate) -> _Reading | None:
        """What a candidate is: its kind and score, sortable by preference; None: nothing.

        A loose reading holds only if it covers whole words too (`_cuts_a_word`),
        which the choice asks of those it would place (the look-up costs).
        """
        start, end, first, n, index, spelled, vietnamese, marked = candidate
        if spelled == SAME_TOKENS:
            return (False, -n, 0, -1.0, first, index, "exact", 1.0, start, end, False)
        reading = None
        if spelled == OTHER:
            # Typed without diacritics: few or no marked syllables among the
            # Vietnamese ones of its sentence (`an ninh mang`).
            without = vietnamese > 0 and marked <= MAX_MARKED_SHARE * vietnamese
            window = text[start:end]
            key = (index, window, without)
            reading = self._loose.get(key)
            if reading is not None and reading[0] is None:
                return None  # read as nothing, wherever it stands (most such windows)
        term = self.entries[index]
        if _names_something(text, term, start, end, first, n):
            return None
        if term.abbr:
            # An abbreviation is case-sensitive, but where a sentence is in
            # capitals, case tells nothing: `ADMM PLUS` is `ADMM Plus`.
            if text[start:end].isupper() and _in_capitals(text, first):
                return (False, -n, 1, -1.0, first, index, "variant", 1.0, start, end, False)
            return None
        if spelled == SAME_LOWER:
            return (False, -n, 1, -1.0, first, index, "variant", 1.0, start, end, False)
        if reading is None:
            lower = tuple(map(_key_token, _TOKEN.findall(window)))
            reading = self._read_loosely(term, lower, without)
            if len(self._loose) >= _CACHE_LIMIT:
                self._loose.clear()
            self._loose[key] = reading
        kind, score = reading
        if kind is None:
            return None
        # In a sentence typed without diacritics, folded is how it spells the
        # term; anywhere else a loose reading is a slip, which covers whole words.
        loose = kind == "fuzzy" or not without
        return (loose, -n, KIND_RANK[kind], -score, first, index, kind, score, start, end, without)

    def _read_loosely(
        self, term: Entry, lower: tuple[str, ...], without: bool
    ) -> tuple[MatchKind | None, float]:
        """A window spelled neither as the term nor as its lower-case forms: folded, fuzzy
        or nothing. `without`: its sentence is typed without diacritics."""
        spelled, folded = term.lower, term.folded
        n = len(spelled)
        written = tuple(map(normalize.fold, lower)) if without else lower
        meant = folded if without else spelled
        # Syllables not spelled as the term's, and of those, not the term's
        # syllable without diacritics either.
        loose = [k for k in range(n) if written[k] != meant[k]]
        wrong = [k for k in loose if lower[k] != folded[k]]
        if not wrong:
            if not without and _reads_as_other_words(lower, spelled, loose):
                return _NOTHING
            return "folded", round(fuzz.ratio(" ".join(lower), " ".join(spelled)) / 100, 4)
        # A typo: one slip in one syllable, every other one right.
        if len(loose) > 1:
            return _NOTHING
        k = loose[0]
        if without and lower[k] != written[k]:
            return _NOTHING  # without diacritics, a slip of the letters
        around = tuple(meant[j] for j in (k - 1, k + 1) if 0 <= j < n)
        slip = self._slip(written[k], meant[k], around)
        # Without diacritics, most syllables a letter away from another spell
        # a word too: only a slip that keeps the letters (two swapped) or takes
        # a part from a neighbour is evidence of a typo.
        if slip is None or (without and slip not in _LETTER_SLIPS):
            return _NOTHING
        # A wrong mark or a confused onset or final mostly spells another word
        # (`tôi`, `việc`): then it is that word, unless two syllables or more
        # of the term stand right around it (`tôi phạm mạng`).
        lexicon = syllables.folded_words() if without else syllables.words()
        if written[k] in self._lexicon:
            if slip in _WORD_SLIPS and n < 3 and not _rare_slip(slip, written[k], meant[k]):
                return _NOTHING
            # A word at the edge, the rest a word or term by itself, is read as
            # the two (`an ninh mạnh`: security, strong).
            rest = written[1:] if k == 0 else written[:-1] if k == n - 1 else ()
            if len(rest) > 1 and (" ".join(rest) in lexicon or " ".join(rest) in self._terms):
                return _NOTHING
        # Nor may the slip spell a word with its neighbours (`quốc ca`).
        for a in range(max(0, k - _WORD_SPAN + 1), k + 1):
            for b in range(max(k + 1, a + 2), min(n, a + _WORD_SPAN) + 1):
                if " ".join(written[a:b]) in lexicon:
                    return _NOTHING
        # Scored on the spelled forms (without diacritics, on the letters), so
        # a wrong tone costs something.
        score = fuzz.ratio(" ".join(written), " ".join(meant))
        if score < self.fuzzy_cutoff:
            return _NOTHING
        return "fuzzy", round(score / 100, 4)

    def _cuts_a_word(self, text: str, start: int, end: int, without: bool) -> bool:
        """Whether a word of the lexicon crosses an edge of text[start:end] (whole
        tokens) or holds it: a syllable of the window and one beside it, outside,
        spell a word. (Words span no punctuation: only words parted by single spaces
        count.)"""
        lexicon = syllables.folded_words() if without else syllables.words()
        # The tokens around the window: those within reach of three syllables,
        # and not cut by the reach's edges.
        low, high = max(0, start - _REACH), min(len(text), end + _REACH)
        # A word across an edge has the two syllables at that edge side by
        # side: where no word does, none crosses (most windows stop here,
        # before the reach is taken apart; text typed without diacritics,
        # rarer, is looked at whole).
        if not without:
            edges = _edges()
            left = _spaced_token(text, start, low, high, forward=False)
            right = _spaced_token(text, end, low, high, forward=True)
            if not (
                left is not None
                and _edge_pair(
                    f"{_key_token(left)} {_key_token(_token_from(text, start))}", lexicon, edges
                )
            ) and not (
                right is not None
                and _edge_pair(
                    f"{_key_token(_token_to(text, start, end))} {_key_token(right)}", lexicon, edges
                )
            ):
                return False
        spans = [m.span() for m in _whole_tokens(text, low, high)]
        first = next(k for k, span in enumerate(spans) if span[0] == start)
        last = next(k for k, span in enumerate(spans) if span[1] == end)

        def word(k: int) -> str:
            return _lexicon_key(text[spans[k][0] : spans[k][1]], without)

        def spaced(k: int) -> bool:  # one space between token k and the next
            return text[spans[k][1] : spans[k + 1][0]] == " "

        inside = [word(k) for k in range(first, last + 1)]
        n = len(inside)
        before: list[str] = []
        k = first
        while k > 0 and len(before) < _WORD_SPAN - 1 and spaced(k - 1):
            k -= 1
            before.insert(0, word(k))
        after: list[str] = []
        k = last
        while k + 1 < len(spans) and len(after) < _WORD_SPAN - 1 and spaced(k):
            k += 1
            after.append(word(k))
        for a in range(1, len(before) + 1):
            for b in range(1, min(n, _WORD_SPAN - a) + 1):
                if " ".join(before[-a:] + inside[:b]) in lexicon:
                    return True
        for a in range(1, len(after) + 1):
            for b in range(1, min(n, _WORD_SPAN - a) + 1):
                if " ".join(inside[-b:] + after[:a]) in lexicon:
                    return True
        return False

    # --- 3. choosing ---------------------------------------------------------------

    def _choose(
        self, text: str, candidates: Sequence[Candidate], nested: bool = False
    ) -> tuple[Located, ...] | tuple[Nested, ...]:
        """The readings, correct spellings first, then loose ones; within each the longest,
        the strongest kind, the best score, the earliest: none overlapping, in text order.

        `nested`: with the matches nested in those (`_nest`), each saying which
        one holds it.
        """
        readings = []
        add = readings.append
        read = self._read
        # Whether every reading is a correct spelling and none overlaps another
        # (most texts): then every one is chosen, and nothing is to sort.
        plain = not nested
        taken = 0  # a bit a token
        for candidate in candidates:
            # Exact readings inline: most candidates are those.
            start, end, first, n, index, spelled, _vietnamese, _marked = candidate
            if spelled == SAME_TOKENS:
                add((False, -n, 0, -1.0, first, index, "exact", 1.0, start, end, False))
            else:
                reading = read(text, candidate)
                if reading is None:
                    continue
                add(reading)
                if reading[0]:
                    plain = False
            if plain:
                bits = ((1 << n) - 1) << first
                if taken & bits:
                    plain = False
                taken |= bits
        if self._exclusions and not self._excluding.isdisjoint(map(_ENTRY_OF, readings)):
            readings = self._outside_exclusions(text, readings)
        if plain:  # (what the exclusions leave is plain too)
            return tuple(sorted((r[8], r[9], r[5], r[6], r[7]) for r in readings))
        if len(readings) > 1:
            readings.sort()
        taken = 0  # a bit a token
        right = 0  # the tokens of correct spellings
        loose: list[_Reading] = []
        chosen = []
        others = []
        for reading in readings:
            n, first = -reading[1], reading[4]
            bits = ((1 << n) - 1) << first
            if reading[0]:
                loose.append(reading)
                continue
            right |= bits
            if taken & bits:
                others.append(reading)
                continue
            taken |= bits
            chosen.append(reading)
        whole = None
        if loose:
            whole = _Whole(self, text)
            chosen, others = self._fill(readings, chosen, others, loose, right, whole)
        if nested:
            return self._nest(chosen, others, whole or _Whole(self, text))
        return tuple(sorted((r[8], r[9], r[5], r[6], r[7]) for r in chosen))

    def _outside_exclusions(self, text: str, readings: list[_Reading]) -> list[_Reading]:
        """The readings that lie inside no phrase their concept excludes (`hợp tác` in
        `Hợp tác xã`, a cooperative, is not cooperation)."""
        known = self._exclusions
        return [
            r
            for r in readings
            if r[5] not in known
            or not any(phrase.around(text, r[8], r[9], _typed_bare(r)) for phrase in known[r[5]])
        ]

    def _fill(
        self,
        readings: list[_Reading],
        chosen: list[_Reading],
        others: list[_Reading],
        loose: list[_Reading],
        right: int,
        whole: _Whole,
    ) -> tuple[list[_Reading], list[_Reading]]:
        """Place the loose readings: in the gaps the correct spellings leave, or over
        correct spellings they read as themselves (`an ninh quôc gia` holds `an ninh`:
        the longer reading wins, `thảo luận quốc tế` does not hold `luận quốc tế`).

        `readings` sorted; `chosen` and `loose` in their order there (longest
        first: every loose reading sorts after every correct one, and by the rest
        of its fields among the loose ones)."""
        entries = self.entries
        correct = None
        placed = []
        for reading in loose:  # longest first
            n, first = -reading[1], reading[4]
            bits = ((1 << n) - 1) << first
            if right & bits:
                if correct is None:
                    correct = [r for r in readings if not r[0]]
                if not all(
                    _holds(entries[reading[5]], entries[c[5]], c[4] - first, -c[1])
                    for c in correct
                    if ((1 << -c[1]) - 1) << c[4] & bits
                ):
                    others.append(reading)
                    continue
            if whole(reading):
                placed.append(reading)
        if not placed:  # the correct ones stay as chosen, in the same order
            others.sort()
            return chosen, others
        # The loose readings placed, longest first, and the correct ones they leave.
        taken = 0
        kept = []
        for reading in sorted(placed + chosen, key=lambda r: r[1:]):
            n, first = -reading[1], reading[4]
            bits = ((1 << n) - 1) << first
            if taken & bits:
                others.append(reading)
                continue
            taken |= bits
            kept.append(reading)
        others.sort()
        return kept, others

    # --- 4. nesting ----------------------------------------------------------------

    def _nest(
        self, chosen: list[_Reading], others: list[_Reading], whole: _Whole
    ) -> tuple[Nested, ...]:
        """The chosen matches, and the readings inside one of them that read its own words
        as a term of another concept (`chủ quyền` in `chủ quyền quốc gia`), each once, in
        text order, the holding match first: (start, end, entry index, kind, score, the
        position of the match holding it or -1)."""
        entries = self.entries
        holders = sorted(chosen, key=lambda r: r[4])
        # Each holder's entry once, not once for every reading tried against it.
        held_by = [(holder, entries[holder[5]]) for holder in holders]
        found: dict[tuple[str, int, int], tuple[_Reading, _Reading]] = {}
        crossing = []
        for reading in others:  # best first
            n, first, index = -reading[1], reading[4], reading[5]
            inner = entries[index]
            inside = False
            for holder, outer in held_by:
                offset = first - holder[4]
                if offset < 0:
                    break
                if (
                    offset + n <= -holder[1]
                    and inner.concept != outer.concept
                    and outer.lower[offset : offset + n] == inner.lower
                    and outer.seps[offset : offset + n - 1] == inner.seps
                    and (not reading[0] or whole(reading))
                ):
                    # Once a concept a stretch: `lãnh đạo` in `nhà lãnh đạo`, both
                    # terms of one concept, is recorded as the longer.
                    if not any(
                        c == inner.concept and s < reading[9] and reading[8] < e
                        for c, s, e in found
                    ):
                        found[(inner.concept, reading[8], reading[9])] = (reading, holder)
                    inside = True
                    break
            if not inside:
                crossing.append(reading)
        # Then the correct spellings that cross a match (`_crossed`), where their
        # concept is not recorded yet.
        for reading in crossing:
            concept = entries[reading[5]].concept
            crossed = _crossed(reading, held_by, concept)
            if (
                crossed is not None
                and whole(reading)  # (not `cá [nhân quyền]`)
                and not any(c == concept and s < reading[9] and reading[8] < e for c, s, e in found)
            ):
                found[(concept, reading[8], reading[9])] = (reading, crossed)
        # (start, -end, held): the holder before what it holds.
        rows = sorted(
            [(r[8], -r[9], 0, r, r) for r in chosen]
            + [(r[8], -r[9], 1, r, holder) for r, holder in found.values()]
        )
        at = {id(r): k for k, (_s, _e, held, r, _h) in enumerate(rows) if not held}
        return tuple(
            (r[8], r[9], r[5], r[6], r[7], at[id(holder)] if held else -1)
            for _s, _e, held, r, holder in rows
        )


def _crossed(
    reading: _Reading, held_by: list[tuple[_Reading, Entry]], concept: str
) -> _Reading | None:
    """The match chosen that a correct spelling of another concept crosses (shares
    some words with, and stands partly outside: `viễn thông công ích`, public-utility
    telecommunications, in `hoạt động viễn thông công ích`, whose `hoạt động viễn
    thông` was chosen); None if it crosses none, or one of its own concept.
    Both concepts occur, so both are recorded; the crossing one as held by the
    first match it crosses (`within`), since matches held by none never overlap.
    Loose readings are not recorded so: a typo reading that lost is no evidence;
    nor one that cuts a word of the lexicon (`_Whole`), as `nhân quyền` in
    `chủ thể thông tin cá nhân quyền …` would."""
    if reading[0]:
        return None
    first, last = reading[4], reading[4] - reading[1]
    crossed = None
    for holder, outer in held_by:
        start, end = holder[4], holder[4] - holder[1]
        if start >= last:
            break
        if end <= first:
            continue
        if outer.concept == concept or (start <= first and last <= end):
            return None  # (inside it: what `_nest` does not record stays out)
        if crossed is None:
            crossed = holder
    return crossed


def _typed_bare(reading: _Reading) -> bool:
    """Whether a reading's words were typed without diacritics: its sentence is, or it
    is read folded (`hop tac xa` in a sentence with some: the phrase it stands in is
    read without them too)."""
    return reading[10] or reading[6] == "folded"


@lru_cache(maxsize=1)
def _edges() -> frozenset[str]:
    """Every two syllables that stand side by side in a word of three syllables
    up to `_WORD_SPAN` (`syllables.words`), joined by a space: with the
    two-syllable words themselves, the pairs `_cuts_a_word` may find."""
    return frozenset(syllables.from_words("word-edges", _edge_pairs, sys.modules[__name__]))


def _edge_pairs() -> tuple[str, ...]:
    return tuple(
        sorted(
            {
                f"{a} {b}"
                for word in syllables.words()
                if 1 < word.count(" ") < _WORD_SPAN
                for a, b in pairwise(word.split(" "))
            }
        )
    )


def _edge_pair(pair: str, lexicon: frozenset[str], edges: frozenset[str]) -> bool:
    return pair in lexicon or pair in edges


class _Whole:
    """Whether a loose reading of a text covers whole words (`Aligner._cuts_a_word`),
    asked once a reading."""

    def __init__(self, aligner: Aligner, text: str):
        self._aligner = aligner
        self._text = text
        self._known: dict[tuple[int, int, bool], bool] = {}

    def __call__(self, reading: _Reading) -> bool:
        key = (reading[8], reading[9], reading[10])
        known = self._known.get(key)
        if known is None:
            known = self._known[key] = not self._aligner._cuts_a_word(self._text, *key)
        return known


class _Slips:
    """The syllables a written syllable is one plausible slip from, other than in its marks,
    by look-ups: those whose keys one keystroke off are its own, with its tone, and
    those whose sound, a part taken from a neighbour or not, is its own; each within
    one part of it (`syllables.slip`, `syllables.context_slip`: the same, tested)."""

    def __init__(self, beside: dict[str, frozenset[tuple[int, str]]]):
        # tone -> keys a keystroke off (a key too many aside) -> syllables; and
        # tone -> their own keys -> syllables (a key too many: found from the
        # written side, its keys one key fewer).
        self._keys: dict[str, defaultdict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
        self._own: dict[str, defaultdict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
        self._sounds: defaultdict[tuple[str, ...], list[str]] = defaultdict(list)
        for word, parts in beside.items():
            sound = syllables.sound(word)
            keys = syllables.keys(word)
            by_keys = self._keys[sound[3]]
            for variant in syllables.keystroke_variants(keys, extra=False):
                by_keys[variant].append(word)
            self._own[sound[3]][keys].append(word)
            self._sounds[sound].append(word)
            for k, part in parts:
                self._sounds[(*sound[:k], part, *sound[k + 1 :])].append(word)

    def tables(self) -> tuple[dict[str, Any], dict[str, Any], Any]:
        """The look-ups in builtin types (`compile_tables`), each as `_Lookup` keeps it."""
        return (
            {tone: _Lookup.pack(by_keys) for tone, by_keys in self._keys.items()},
            {tone: _Lookup.pack(by_keys) for tone, by_keys in self._own.items()},
            _Lookup.pack(self._sounds),
        )

    @classmethod
    def from_tables(cls, tables: tuple[dict[str, Any], dict[str, Any], Any]) -> _Slips:
        slips = cls({})
        keys, own, sounds = tables
        slips._keys.update((tone, _Lookup(*packed)) for tone, packed in keys.items())  # type: ignore[misc]
        slips._own.update((tone, _Lookup(*packed)) for tone, packed in own.items())  # type: ignore[misc]
        slips._sounds = _Lookup(*sounds)  # type: ignore[assignment]
        return slips

    def packed(
        self,
    ) -> tuple[
        dict[str, accel_firstsight.Packed],
        dict[str, accel_firstsight.Packed],
        accel_firstsight.Packed,
    ]:
        """The look-ups as `accel.firstsight` reads them (from a cache: `from_tables`)."""
        return (
            {tone: lookup.packed() for tone, lookup in self._keys.items()},  # type: ignore[attr-defined]
            {tone: lookup.packed() for tone, lookup in self._own.items()},  # type: ignore[attr-defined]
            self._sounds.packed(),  # type: ignore[attr-defined]
        )

    def of(self, written: str) -> set[str]:
        sound = syllables.sound(written)
        keys = syllables.keys(written)
        found = set(self._sounds.get(sound, ()))
        near = list(self._keys[sound[3]].get(keys, ()))
        own = self._own[sound[3]]
        for i in range(len(keys)):
            for word in own.get(keys[:i] + keys[i + 1 :], ()):
                if syllables.keystroke(keys, syllables.keys(word)) == "extra":
                    near.append(word)
        for word in near:
            # one part off at most (`distance`)
            other = syllables.sound(word)
            if (other[0] != sound[0]) + (other[1] != sound[1]) + (other[2] != sound[2]) < 2:
                found.add(word)
        return found


class _Lookup:
    """`dict.get` of a look-up of `_Slips` (key -> list of syllables) read from a cache:
    the keys sorted, and the values in one string, each list made when looked up.
    A large glossary's look-ups hold 200,000 keys: as dicts of lists, reading them
    back cost 0.35 s a process; so, 0.03 s (issue 18), and a dict of the keys'
    positions when first looked up in."""

    __slots__ = ("_at", "_index", "_keys", "_values")

    _KEY, _VALUE = "\x1f", "\x1e"  # between a tuple key's parts; between a list's items

    def __init__(self, keys: tuple[str, ...], values: str, at: bytes):
        self._keys = keys
        self._values = values
        self._at = array("q")
        self._at.frombytes(at)
        if len(self._at) != len(keys) + 1:
            raise ValueError("keys and values differ")
        # key -> its position, made on the first look-up: a look-up is a hash
        # probe, not a bisection over strings of mixed widths, which compare
        # character by character (a typo_of's look-ups were a fifth of its cost).
        self._index: dict[str, int] | None = None

    @classmethod
    def pack(cls, table: dict[Any, list[str]]) -> tuple[tuple[str, ...], str, bytes]:
        """The table as `_Lookup(*packed)` reads it, in builtin types."""
        keyed = sorted((cls._key(key), words) for key, words in table.items())
        at = array("q", [0])
        for _key, words in keyed:
            at.append(at[-1] + len(cls._VALUE.join(words)))
        values = "".join(cls._VALUE.join(words) for _key, words in keyed)
        return tuple(key for key, _words in keyed), values, at.tobytes()

    @classmethod
    def _key(cls, key: str | tuple[str, ...]) -> str:
        return key if isinstance(key, str) else cls._KEY.join(key)

    def packed(self) -> accel_firstsight.Packed:
        """The look-up as `accel.firstsight` reads it."""
        index = self._index
        if index is None:
            index = self._index = {key: k for k, key in enumerate(self._keys)}
        return accel_firstsight.packed(index, self._values, self._at)

    def get(self, key: str | tuple[str, ...], default: Any = None) -> Any:
        index = self._index
        if index is None:
            index = self._index = {key: k for k, key in enumerate(self._keys)}
        k = index.get(key if isinstance(key, str) else self._KEY.join(key))
        if k is None:
            return default
        value = self._values[self._at[k] : self._at[k + 1]]
        return value.split(self._VALUE) if value else []


@dataclass(frozen=True, slots=True)
class Exclusion:
    """A phrase a concept excludes (`Concept.exclude`), as it stands around one of the
    concept's terms: the syllables before the term and after it (lower-case,
    new-style tones) and the separator cores between them, the term's edges included."""

    before: tuple[str, ...]
    after: tuple[str, ...]
    seps_before: tuple[str, ...]  # len(before): the last is the one before the term
    seps_after: tuple[str, ...]  # len(after): the first is the one after the term
    # The phrase's own syllables where it holds the term's letters but other marks
    # (`thủ trưởng cơ quan` for `thứ trưởng`): empty when it holds the term itself.
    own: tuple[str, ...] = ()
    # Whether the phrase's last (first) syllable makes a word with the one before
    # (after) it: then a word across that edge does not undo the phrase (`cơ quan
    # chủ trì`: `quan chủ` folds to a word, but `cơ quan` holds the syllable).
    bound_after: bool = False
    bound_before: bool = False

    def around(self, text: str, start: int, end: int, without: bool) -> bool:
        """Whether text[start:end], a match of the term, stands inside the phrase: its
        other syllables are around it, read as the aligner reads a term's (case and
        tone placement aside; without diacritics in a sentence typed without them).
        A phrase that spells the term's letters with other marks holds the match only
        where it is typed bare: `Thu truong co quan` is a head of an agency, not a
        deputy minister; `Thứ trưởng` says which it is."""
        if self.own and not all(
            _reads_as(token.group(), word, without)
            for token, word in zip(_TOKEN.finditer(text, start, end), self.own, strict=False)
        ):
            return False
        if self.after:
            tokens = list(islice(_TOKEN.finditer(text, end), len(self.after)))
            if len(tokens) < len(self.after):
                return False
            last = end
            for token, word, sep in zip(tokens, self.after, self.seps_after, strict=True):
                if _sep_core(text[last : token.start()]) != sep or not _reads_as(
                    token.group(), word, without, slipped=True
                ):
                    return False
                last = token.end()
            if not self.bound_after and _word_across(
                text, tokens[-1], forward=True, without=without
            ):
                return False
        if self.before:
            # The tokens before the match: a window wide enough for them, not
            # starting inside a token.
            low = max(0, start - 16 * len(self.before) - 8)
            tokens = _whole_tokens(text, low, start)[-len(self.before) :]
            if len(tokens) < len(self.before):
                return False
            ends = [t.end() for t in tokens]
            starts = [t.start() for t in tokens[1:]] + [start]
            for token, word, sep, a, b in zip(
                tokens, self.before, self.seps_before, ends, starts, strict=True
            ):
                if _sep_core(text[a:b]) != sep or not _reads_as(
                    token.group(), word, without, slipped=True
                ):
                    return False
            if not self.bound_before and _word_across(
                text, tokens[0], forward=False, without=without
            ):
                return False
        return True


def _whole_tokens(text: str, low: int, high: int) -> list[re.Match[str]]:
    """The tokens of text[low:high] that the bounds do not cut (a reach around a
    window may start or end inside a word)."""
    tokens = list(_TOKEN.finditer(text, low, high))
    if tokens and tokens[0].start() == low and low > 0 and _TOKEN.match(text[low - 1]):
        tokens.pop(0)
    if tokens and tokens[-1].end() == high and high < len(text) and _TOKEN.match(text[high]):
        tokens.pop()
    return tokens


_TOKEN_ENDING = re.compile(r"\w+\Z")


def _token_from(text: str, start: int) -> str:
    """The token that starts at `start`."""
    return _TOKEN.match(text, start).group()  # type: ignore[union-attr]


def _token_to(text: str, start: int, end: int) -> str:
    """The last token of text[start:end], which ends at `end`."""
    return _TOKEN_ENDING.search(text, start, end).group()  # type: ignore[union-attr]


def _spaced_token(text: str, at: int, low: int, high: int, *, forward: bool) -> str | None:
    """The token one space after `at` (forward) or before it, as `_whole_tokens(text,
    low, high)` has it: None when the gap is not one space, or the token is cut by
    the bounds."""
    if forward:
        if text[at : at + 1] != " ":
            return None
        token = _TOKEN.match(text, at + 1, high)
        if token is None or (token.end() == high and high < len(text) and _TOKEN.match(text[high])):
            return None
        return token.group()
    if at < 1 or text[at - 1] != " ":
        return None
    token = _TOKEN_ENDING.search(text, low, at - 1)
    if token is None or (token.start() == low and low > 0 and _TOKEN.match(text[low - 1])):
        return None
    return token.group()


def _lexicon_key(token: str, without: bool) -> str:
    """A token as the lexicon's words spell it: lower-case, new-style tones, and
    folded for text typed without diacritics (`syllables.folded_words`)."""
    lower = _key_token(token)
    return normalize.fold(lower) if without else lower


def _reads_as(token: str, word: str, without: bool, *, slipped: bool = False) -> bool:
    """Whether a text token reads as a term's syllable (`word`: lower-case, new-style
    tones) by the aligner's rules: the same but for case and tone placement; or
    written without diacritics, where its sentence is typed without them or the
    bare letters spell no other word (`xa` is "far", not `xã`).

    `slipped` (an excluded phrase's syllable beside the term, which stands right):
    a wrong mark on a marked syllable reads as the phrase's too (`hợp tác xả` is a
    cooperative mistyped). Precision first: the phrase is a word of the language,
    so the slip is the likelier story, and a missed concept costs less than a
    false one; a bare syllable stays what it spells (`hợp tác xa hơn`)."""
    lower = _key_token(token)
    if lower == word:
        return True
    if (
        slipped
        and normalize.has_diacritics(lower)
        and normalize.has_diacritics(word)
        and syllables.slip(lower, word) == "marks"
    ):
        return True
    return (
        lower == normalize.fold(lower)
        and lower == normalize.fold(word)
        and (without or not syllables.other_word(lower, word))
    )


def _word_across(text: str, edge: re.Match[str], *, forward: bool, without: bool) -> bool:
    """Whether the syllable at an excluded phrase's edge makes a word of the lexicon
    with the syllables beyond it, single spaces apart (`Hợp tác xã hội hóa`: `xã hội`
    is a word, so `hợp tác xã`, a cooperative, is not there)."""
    lexicon = syllables.folded_words() if without else syllables.words()

    def word(token: str) -> str:
        return _lexicon_key(token, without)

    spelled = [word(edge.group())]
    if forward:
        at = edge.end()
        for token in islice(_TOKEN.finditer(text, at), _WORD_SPAN - 1):
            if text[at : token.start()] != " ":
                break
            spelled.append(word(token.group()))
            at = token.end()
            if " ".join(spelled) in lexicon:
                return True
        return False
    low = max(0, edge.start() - 8 * (_WORD_SPAN - 1))
    before = _whole_tokens(text, low, edge.start())
    at = edge.start()
    for token in reversed(before[-(_WORD_SPAN - 1) :]):
        if text[token.end() : at] != " ":
            break
        spelled.insert(0, word(token.group()))
        at = token.start()
        if " ".join(spelled) in lexicon:
            return True
    return False


def exclusions(
    glossary: Glossary, entries: Sequence[Entry], excluding: Iterable[Concept] | None = None
) -> dict[int, tuple[Exclusion, ...]]:
    """Entry index -> the phrases its concept excludes that hold it (`Concept.exclude`),
    at each place they hold it. `excluding`: the glossary's concepts that exclude
    some, when known (else looked for)."""
    concepts_excluding = glossary.concepts if excluding is None else excluding
    phrases = {c.id: c.exclude for c in concepts_excluding if c.exclude}
    out: dict[int, tuple[Exclusion, ...]] = {}
    if not phrases:
        return out
    # By concept first: the entries of other concepts are never made (`_Entries`).
    concepts = entries.concepts() if isinstance(entries, _Entries) else [e.concept for e in entries]
    for index, concept in enumerate(concepts):
        if concept not in phrases:
            continue
        term = entries[index]
        if term.abbr:
            continue
        found = []
        for phrase in phrases[term.concept]:
            made = entry(term.concept, phrase, term.en, abbr=False)
            if made is None:
                continue
            n = len(term.lower)
            for p in range(len(made.lower) - n + 1):
                same = len(made.lower) > n and _holds(made, term, p, n)
                if same or _holds_bare(made, term, p, n):
                    found.append(
                        Exclusion(
                            before=made.lower[:p],
                            after=made.lower[p + n :],
                            seps_before=made.seps[:p],
                            seps_after=made.seps[p + n - 1 :],
                            own=() if same else made.lower[p : p + n],
                            bound_after=_bound(made.lower[-2:], made.seps[-1:]),
                            bound_before=_bound(made.lower[:2], made.seps[:1]),
                        )
                    )
        if found:
            out[index] = tuple(found)
    return out


def _reads_as_other_words(
    lower: tuple[str, ...], spelled: tuple[str, ...], loose: list[int]
) -> bool:
    """Whether a window folded alike to a term, in a sentence with diacritics, spells
    other words: where the window has diacritics, a syllable that differs from the
    term's only in tone is that word (`mang` for `mạng`; `de` in `mối de dọa` is a
    slip, `de` being no tone variant of `đe`). A window with none is the term typed
    bare (`về an ninh mang.`), unless a word of the lexicon crosses its edge (`An
    ninh mang tính`: `mang tính`, the whole-word check of loose readings)."""
    return any(map(normalize.has_diacritics, lower)) and any(
        syllables.other_word(lower[k], spelled[k]) for k in loose
    )


def _rare_slip(slip: str, written: str, meant: str) -> bool:
    """Whether a wrong mark, or a part taken from the next syllable, spells a word so
    much rarer than the term's syllable that a slip is the likelier story (`phòng
    chông`: `chông`, stakes, is 200 times rarer than `chống`; `xuyên xuyết`: `xuyết`
    is all but unused; `tôi` is commoner than `tội`, `nhằm` than `tầm`). Noisy
    channel: a typist slips in about one syllable of a hundred, so a written word a
    hundred times rarer than the one meant is as likely a slip as meant (`_RARER`,
    Zipf units)."""
    return (
        slip in ("marks", "context") and frequency.zipf(meant) - frequency.zipf(written) >= _RARER
    )


def _holds(outer: Entry, inner: Entry, offset: int, n: int) -> bool:
    """Whether `inner` (n syllables) is `outer`'s words from `offset` on: a match of
    outer reads that stretch as inner."""
    return (
        offset >= 0
        and offset + n <= len(outer.lower)
        and outer.lower[offset : offset + n] == inner.lower
        and outer.seps[offset : offset + n - 1] == inner.seps
    )


def _bound(pair: tuple[str, ...], sep: tuple[str, ...]) -> bool:
    """Whether two syllables of a phrase, a space apart, are a word of the lexicon."""
    return len(pair) == 2 and sep == ("",) and " ".join(pair) in syllables.words()


def _holds_bare(outer: Entry, inner: Entry, offset: int, n: int) -> bool:
    """Whether `outer`'s words from `offset` on are `inner`'s letters with other marks
    (`thủ trưởng` for `thứ trưởng`): text typed without diacritics cannot tell them apart."""
    words = outer.lower[offset : offset + n]
    return (
        offset + n <= len(outer.lower)
        and words != inner.lower
        and tuple(map(normalize.fold, words)) == tuple(map(normalize.fold, inner.lower))
        and outer.seps[offset : offset + n - 1] == inner.seps
    )


def _beside(words: tuple[str, ...], k: int) -> tuple[str, ...]:
    """The syllables beside the k-th of a term."""
    return words[max(0, k - 1) : k] + words[k + 1 : k + 2]


def spelling(term: Entry, words: Sequence[str], lower: Sequence[str], i: int) -> int | None:
    """How the window of `term`'s length at token `i` spells it: the term's own
    tokens, the same in other case, or (a loose term only) otherwise; None:
    not a candidate."""
    n = len(term.tokens)
    if tuple(words[i : i + n]) == term.tokens:
        return SAME_TOKENS
    if tuple(lower[i : i + n]) == term.lower:
        return SAME_LOWER
    return OTHER if term.loose else None


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
