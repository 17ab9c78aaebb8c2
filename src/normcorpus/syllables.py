"""Vietnamese syllables taken apart: onset, rhyme, final and tone.

Used by the aligner to tell a typo (`xuyết` for `suốt`: one part off) from a
different word (`thông` for `mạng`: three parts off). The tables of onsets,
finals and the pairs speakers confuse live in `resources/syllables.yaml`.
"""

from __future__ import annotations

import importlib.util
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import yaml

from . import normalize

_TONE_MARKS = {
    "\u0300": "huyen",
    "\u0301": "sac",
    "\u0303": "nga",
    "\u0309": "hoi",
    "\u0323": "nang",
}


@dataclass(frozen=True, slots=True)
class Syllable:
    onset: str
    rhyme: str  # the vowel nucleus, folded
    final: str
    tone: str


@dataclass(frozen=True, slots=True)
class _Tables:
    onsets: tuple[str, ...]  # longest first
    finals: tuple[str, ...]
    onset_class: dict[str, str]
    final_class: dict[str, str]
    onset_set: frozenset[str]
    onset_lengths: tuple[int, ...]  # longest first
    final_set: frozenset[str]
    final_lengths: tuple[int, ...]


@lru_cache(maxsize=1)
def _tables() -> _Tables:
    raw = resources.files("normcorpus").joinpath("resources/syllables.yaml").read_text("utf-8")
    data = yaml.safe_load(raw)

    def classes(groups: list[list[str]]) -> dict[str, str]:
        return {member: group[0] for group in groups for member in group}

    return _Tables(
        onsets=tuple(sorted(data["onsets"], key=len, reverse=True)),
        finals=tuple(sorted(data["finals"], key=len, reverse=True)),
        onset_class=classes(data["confused_onsets"]),
        final_class=classes(data["confused_finals"]),
        onset_set=frozenset(data["onsets"]),
        onset_lengths=tuple(sorted({len(o) for o in data["onsets"]}, reverse=True)),
        final_set=frozenset(data["finals"]),
        final_lengths=tuple(sorted({len(f) for f in data["finals"]}, reverse=True)),
    )


@lru_cache(maxsize=65536)
def parse(syllable: str) -> Syllable:
    """Split a (lower-case) syllable into its parts; unknown shapes still parse."""
    tables = _tables()
    decomposed = unicodedata.normalize("NFD", syllable.lower())
    tone = next((_TONE_MARKS[c] for c in decomposed if c in _TONE_MARKS), "ngang")
    plain = normalize.fold(normalize.nfc(syllable.lower()))
    # The longest onset and final that leave something between them (the
    # tables' own sets, looked up by length: most syllables are new here).
    onsets, finals = tables.onset_set, tables.final_set
    onset = next(
        (plain[:k] for k in tables.onset_lengths if len(plain) > k and plain[:k] in onsets), ""
    )
    rest = plain[len(onset) :]
    final = next(
        (rest[-k:] for k in tables.final_lengths if len(rest) > k and rest[-k:] in finals), ""
    )
    # The rhyme keeps vowel quality (â, ă, ê, ô, ơ, ư); only the tone mark goes.
    # Folding is one character for one, so the plain form's offsets hold here.
    marked = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in _TONE_MARKS))
    rhyme = marked[len(onset) : len(marked) - len(final)]
    return Syllable(onset=onset, rhyme=rhyme, final=final, tone=tone)


@lru_cache(maxsize=65536)
def distance(a: str, b: str) -> int:
    """How many of onset, rhyme, final and tone differ (confusable pairs count as equal).

    A rhyme differing only in vowel marks (`ơ` for `ợ`'s `ơ`, `o` for `ô`) counts
    as equal: the typist's mark, not the word, is wrong.
    """
    tables = _tables()
    x, y = parse(a), parse(b)
    onset = tables.onset_class.get(x.onset, x.onset) != tables.onset_class.get(y.onset, y.onset)
    final = tables.final_class.get(x.final, x.final) != tables.final_class.get(y.final, y.final)
    rhyme = normalize.fold(x.rhyme) != normalize.fold(y.rhyme)
    return int(onset) + int(rhyme) + int(final) + int(x.tone != y.tone)


@lru_cache(maxsize=65536)
def strip_tone(syllable: str) -> str:
    """The syllable without its tone mark (vowel quality and `đ` kept)."""
    decomposed = unicodedata.normalize("NFD", syllable)
    return unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in _TONE_MARKS))


@lru_cache(maxsize=1)
def _word_list() -> tuple[str, ...]:
    """underthesea's Viet74K word list, normalised and lower-case (empty if not found).

    Read from the installed underthesea package's data without importing it.
    """
    spec = importlib.util.find_spec("underthesea")
    if spec is None or not spec.submodule_search_locations:
        return ()
    for base in spec.submodule_search_locations:
        for relative in ("corpus/data/Viet74K.txt", "transformer/Viet74K.txt"):
            try:
                with open(f"{base}/{relative}", encoding="utf-8") as handle:
                    return tuple(
                        normalize.text(line.strip()).lower() for line in handle if line.strip()
                    )
            except OSError:
                continue
    return ()


@lru_cache(maxsize=1)
def lexicon() -> frozenset[str]:
    """Single-syllable words of Vietnamese, lower-case (underthesea's Viet74K word list).

    Empty when the list cannot be found: the aligner is then only less strict.
    """
    return frozenset(word for word in _word_list() if " " not in word)


@lru_cache(maxsize=1)
def inventory() -> frozenset[str]:
    """Every syllable that occurs in a Viet74K word, lower-case (about 11,000).

    Wider than `lexicon()`: `khả`, `hỗ`, `Nguyễn` are syllables of words but no
    word alone. Tells Vietnamese from mojibake (read.py's encoding detection).
    """
    return frozenset(syllable for word in _word_list() for syllable in word.split())


def other_word(written: str, intended: str) -> bool:
    """True when `written` differs from `intended` only by tone and is itself a word.

    A wrong tone almost always spells another real word (`mang` "carry" is not
    `mạng` "network" without its dot), so it is no evidence of a typo.
    """
    return (
        written != intended and strip_tone(written) == strip_tone(intended) and written in lexicon()
    )


def _key(syllable: str) -> tuple[str, str, str, str]:
    tables = _tables()
    parts = parse(syllable)
    return (
        tables.onset_class.get(parts.onset, parts.onset),
        normalize.fold(parts.rhyme),
        tables.final_class.get(parts.final, parts.final),
        parts.tone,
    )


class Neighbours:
    """The syllables of a vocabulary one part away from a given syllable.

    Exactly the pairs `distance(a, b) == 1`, found through four indexes that
    each leave one part out, so a look-up costs four dictionary probes.
    Answers are folded syllables (what the aligner's trie is keyed by).
    """

    def __init__(self, vocabulary: set[str]):
        self._index: dict[tuple[int, tuple[str, ...]], set[str]] = {}
        for word in vocabulary:
            key = _key(word)
            for left_out in range(4):
                probe = (left_out, key[:left_out] + key[left_out + 1 :])
                self._index.setdefault(probe, set()).add(word)
        self._cache: dict[str, frozenset[str]] = {}

    def words(self, syllable: str) -> frozenset[str]:
        """The vocabulary's words within one part of `syllable` (`distance <= 1`), as spelled.

        Includes words at distance 0 (`sa` for `xa`: confusable onsets) and
        `syllable` itself when it is in the vocabulary.
        """
        key = _key(syllable)
        near: set[str] = set()
        for left_out in range(4):
            near.update(self._index.get((left_out, key[:left_out] + key[left_out + 1 :]), ()))
        return frozenset(near)

    def of(self, syllable: str) -> frozenset[str]:
        """Folded forms of `words(syllable)`, without the syllable's own folded form."""
        cached = self._cache.get(syllable)
        if cached is not None:
            return cached
        own = normalize.fold(syllable)
        result = frozenset({normalize.fold(w) for w in self.words(syllable)} - {own})
        if len(self._cache) < 65536:
            self._cache[syllable] = result
        return result
