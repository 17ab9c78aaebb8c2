"""How a glossary term's English words may stand in a real translation.

`english.EnglishMatcher` finds a term where its words stand in its order, side
by side (inflected through Snowball stems). Published translations also write
a term's words around a coordination or an `of` phrase:

- coordinated: `information safety and security` (information security),
  `national independence and sovereignty` (national sovereignty);
- turned about an `of`: `contents of their digital information` (digital
  information content), `Post and Telematics Ministry` (Ministry of Post and
  Telematics), `application of, information technology`;
- a gerund before its object: `sharing information` (information sharing).

`written_loosely` accepts those, and only those: the term's content words (all
but `of`, `the`, `and`…) within a few words of each other, any word between
them a function word unless a coordinator joins them, and a different order
only about an `of` or after a gerund. So `security information` is not
`information security`, nor is `information technology security`.

Words are compared as inflections, not as Porter2 stems: Porter2 takes
`digital`, `digitization` and `digitalization` to one stem (`digit`), and
`regional` to `region`; `base` strips inflection only (`-s`, `-es`, `-ed`,
`-ing`, `'s`), so a looser reading never accepts a different word. The same
key decides, in `term-inconsistent`, which renderings are one choice
(`ensure`/`ensuring`, `application of information technology`/`information
technology application`) and which are two (`digitization`/`digitalization`).
"""

from __future__ import annotations

import re
from functools import lru_cache

from ..english import WORD, Pattern, stem
from ..normalize import separator
from ..stemming import FUNCTION_WORDS  # (terms.py takes it from here too)

COORDINATORS = frozenset({"and", "or", "nor"})
_ENDINGS = ("'s", "s'", "ies", "ied", "ing", "ed", "es", "s", "'")
MAX_EXTRA = 3  # words a term's content words may have between them
# ... and in a list the first word is shared over (`data updating, search, storage
# and processing`: data processing; the published IT Law translation, Article 26)
MAX_LISTED = 6


@lru_cache(maxsize=1 << 15)
def base(word: str) -> str:
    """An English word without its inflection: `ensuring` → `ensur`, `Ministry's` →
    `ministr`, `posts` → `post`; derivations stay apart (`digital`, `digitization`)."""
    w = word.lower().replace("’", "'")
    for ending in _ENDINGS:
        if w.endswith(ending) and len(w) - len(ending) >= 3:
            w = w[: -len(ending)]
            break
    w = w.rstrip("eyi") or w
    if len(w) > 3 and w[-1] == w[-2] and w[-1] not in "aeiou":  # stopped, planned
        w = w[:-1]
    return w


@lru_cache(maxsize=1 << 15)
def content_words(term: str) -> tuple[str, ...]:
    """The bases of a term's words that carry its meaning, in the term's order."""
    return tuple(
        base(m.group()) for m in WORD.finditer(term) if m.group().lower() not in FUNCTION_WORDS
    )


def rendering_key(term: str) -> tuple[str, ...]:
    """What makes two renderings one choice: their content words, in any order,
    inflection aside. Spelling stays: a hyphen or a closed-up compound is
    another way to write the term (`capacity-building`, `capacity building`)."""
    return tuple(
        sorted(base(w) for w in term.split() if w.lower().strip(",;") not in FUNCTION_WORDS)
    )


class Words:
    """An English text as the looser readings compare it: its words, lower-cased
    and as inflection bases, and the separators between them."""

    __slots__ = ("_bounds", "bases", "lowered", "present", "text")

    def __init__(self, text: str):
        found = list(WORD.finditer(text))
        self.text = text
        self._bounds = [m.span() for m in found]
        self.lowered = [m.group().lower() for m in found]
        self.bases = [base(w) for w in self.lowered]
        self.present = frozenset(self.bases)

    def separator(self, k: int) -> str:
        """The separator core between word k and word k + 1 ('' for spaces)."""
        return separator(self.text[self._bounds[k][1] : self._bounds[k + 1][0]])


@lru_cache(maxsize=1 << 15)
def _has_of(term: str) -> bool:
    return any(m.group().lower() == "of" for m in WORD.finditer(term))


def written_loosely(words: Words, pattern: Pattern) -> bool:
    """Whether the term of `pattern` stands in the text coordinated or turned about."""
    if pattern.case_sensitive is not None:  # an abbreviation: as written or not at all
        return False
    wanted = content_words(pattern.term)
    if len(wanted) < 2:
        return False  # one word: the matcher's reading is the only one
    if not words.present.issuperset(wanted):
        return False  # (most terms)
    bases = words.bases
    width = len(wanted) + MAX_LISTED
    for first, word_base in enumerate(bases):
        if word_base not in wanted:
            continue
        window = range(first, min(first + width, len(bases)))
        places: list[int] = []
        for want in wanted:
            place = next((i for i in window if bases[i] == want and i not in places), None)
            if place is None:
                break
            places.append(place)
        else:
            if _joined(words, places, _has_of(pattern.term)):
                return True
    return False


def _joined(words: Words, places: list[int], has_of: bool) -> bool:
    lowered = words.lowered
    low, high = min(places), max(places)
    between = [i for i in range(low, high + 1) if i not in places]
    if len(between) > MAX_LISTED:
        return False
    extra = [lowered[i] for i in between]
    coordinated = any(w in COORDINATORS for w in extra) or any(
        "," in words.separator(i) or "/" in words.separator(i) for i in range(low, high)
    )
    if len(between) > MAX_EXTRA and not (coordinated and _a_list(words, between)):
        return False
    if any(w not in FUNCTION_WORDS for w in extra) and not coordinated:
        return False
    # The term's words in the text's order: the term's own order, or the term
    # turned once about one point (`digital information | content` written
    # `content | of digital information`), nothing else.
    order = sorted(range(len(places)), key=lambda k: places[k])
    turn = order[0]
    if order != [*range(turn, len(order)), *range(turn)]:
        return False
    if turn == 0:
        return True
    # Turned about an `of` (the term's own, or one between the two parts), or a
    # gerund put first (`sharing information`).
    first_part_end = places[len(order) - 1]
    second_part_start = places[0]
    if has_of or "of" in lowered[first_part_end + 1 : second_part_start]:
        return True
    return turn == len(order) - 1 and lowered[places[turn]].endswith("ing")


def _a_list(words: Words, between: list[int]) -> bool:
    """Whether the words between a term's two parts are the items of a list that
    ends in a coordinator: `updating, search, storage and` (each item one or two
    words, commas between them)."""
    lowered = words.lowered
    if lowered[between[-1]] not in COORDINATORS:
        return False
    commas = sum("," in words.separator(i) for i in between[:-1])
    return commas >= 1 and len(between) - 1 <= 2 * (commas + 1)


def same_word(text_word: str, term_word: str) -> bool:
    """Whether a word the stemmer matched to a term's word is that word: the same
    inflection base, or one the other's derivation (`national`: `nation`,
    `technological`: `technology`, `prevention`: `prevent`; the shorter base may
    lose its last letter: `reliable`: `reliability`). Two derivations of one
    root are two words (`digital`, `digitization`; `consultancy`,
    `consultation`), though Porter2 gives them one stem."""
    a, b = base(text_word), base(term_word)
    if len(a) > len(b):
        a, b = b, a
    return b.startswith(a[:-1] if len(a) > 4 else a)


# A word with a negative prefix closed up: `unencrypted`, `nonbinding`.
_NEGATED = re.compile(r"\b(?:un|non)([a-z]{4,})")


def negated(lowered: str, pattern: Pattern) -> bool:
    """Whether a one-word term stands in the lower-cased text with a negative
    prefix closed up: `unencrypted` renders the `mã hóa` of `không được mã hóa`
    (encryption), `unauthorised` the `trái phép`-less `cấp phép`. The prefix
    is the English way to say the Vietnamese `không`/`chưa` before the term."""
    if pattern.case_sensitive is not None or len(pattern.variants[0].stems) != 1:
        return False  # an abbreviation, or a term of several words
    if "un" not in lowered and "non" not in lowered:
        return False  # (most texts)
    want = pattern.variants[0].stems[0]
    for match in _NEGATED.finditer(lowered):
        rest = match.group(1)
        if stem(rest) == want and same_word(rest, pattern.term):
            return True
    return False


@lru_cache(maxsize=1 << 15)
def may_conflate(term: str) -> bool:
    """Whether a stem match of `term` can read a different derivation: some word
    whose Porter2 stem is shorter than its inflection base (`digitization` →
    `digit`), so that another word of the same stem (`digital`) may not be it."""
    from ..english import stem

    return any(len(stem(m.group())) < len(base(m.group())) - 1 for m in WORD.finditer(term))


def conflated(surface: str, pattern: Pattern) -> bool:
    """Whether a match of `pattern` reads `surface` only through the stemmer's
    conflation of two derivations (`digital` for `digitization`)."""
    if pattern.case_sensitive is not None or surface.lower() == pattern.term.lower():
        return False
    words = [m.group() for m in WORD.finditer(surface)]
    for variant in pattern.variants:
        if len(variant.literals) == len(words) and all(
            same_word(w, t) for w, t in zip(words, variant.literals, strict=True)
        ):
            return False
    return any(len(v.literals) == len(words) for v in pattern.variants)
