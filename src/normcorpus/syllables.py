"""Vietnamese syllables taken apart (onset, rhyme, final, tone), and the slips of a typist.

Used by the aligner to tell a typo (`xuyết` for `suốt`, `thỏa` for `thảo`)
from a different word (`thông` for `mạng`, `các` for `tác`): `slip` says
whether a written syllable is one plausible slip from the intended one. The
tables of onsets, finals, the pairs speakers confuse and the keyboard's rows
live in `resources/syllables.yaml`; the word list is underthesea's.
"""

from __future__ import annotations

import hashlib
import importlib.util
import io
import sys
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache, partial
from importlib import resources
from types import ModuleType
from typing import Literal

import yaml

from . import normalize

_TONE_MARKS = {
    "\u0300": "huyen",
    "\u0301": "sac",
    "\u0303": "nga",
    "\u0309": "hoi",
    "\u0323": "nang",
}
_NO_TONE_MARKS = {ord(mark): None for mark in _TONE_MARKS}  # str.translate: the marks gone


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
    next_keys: dict[str, frozenset[str]]  # letter -> the keys beside it
    extra_words: tuple[str, ...] = ()  # words Viet74K lacks (`words`)


@lru_cache(maxsize=1)
def _tables() -> _Tables:
    raw = resources.files("normcorpus").joinpath("resources/syllables.yaml").read_text("utf-8")
    data = yaml.safe_load(raw)

    def classes(groups: list[list[str]]) -> dict[str, str]:
        return {member: group[0] for group in groups for member in group}

    # Each row sits half a key right of the one above: the key at column c
    # touches columns c and c + 1 above it, c - 1 and c below it.
    rows: list[str] = data["keyboard"]
    beside: dict[str, set[str]] = {}
    for r, row in enumerate(rows):
        for c, key in enumerate(row):
            near = beside.setdefault(key, set())
            near.update(row[max(0, c - 1) : c] + row[c + 1 : c + 2])
            if r > 0:
                near.update(rows[r - 1][c : c + 2])
            if r + 1 < len(rows):
                near.update(rows[r + 1][max(0, c - 1) : c + 1])

    return _Tables(
        onsets=tuple(sorted(data["onsets"], key=len, reverse=True)),
        finals=tuple(sorted(data["finals"], key=len, reverse=True)),
        onset_class=classes(data["confused_onsets"]),
        final_class=classes(data["confused_finals"]),
        onset_set=frozenset(data["onsets"]),
        onset_lengths=tuple(sorted({len(o) for o in data["onsets"]}, reverse=True)),
        final_set=frozenset(data["finals"]),
        final_lengths=tuple(sorted({len(f) for f in data["finals"]}, reverse=True)),
        next_keys={key: frozenset(near) for key, near in beside.items()},
        extra_words=tuple(data.get("words") or ()),
    )


@lru_cache(maxsize=65536)
def parse(syllable: str) -> Syllable:
    """Split a (lower-case) syllable into its parts; unknown shapes still parse."""
    tables = _tables()
    decomposed = unicodedata.normalize("NFD", syllable.lower())
    tone = "ngang"
    for c in decomposed:
        if c in _TONE_MARKS:
            tone = _TONE_MARKS[c]
            break
    plain = _letters(syllable)
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
    marked = unicodedata.normalize("NFC", decomposed.translate(_NO_TONE_MARKS))
    rhyme = marked[len(onset) : len(marked) - len(final)]
    return Syllable(onset=onset, rhyme=rhyme, final=final, tone=tone)


class _LetterTable(dict[int, str]):
    """A str.translate table: each character folded (`normalize.fold`, which maps
    each character on its own), `đ` kept; filled as characters are first seen."""

    def __missing__(self, code: int) -> str:
        char = chr(code)
        letter = self[code] = char if char == "đ" else normalize.fold(char)
        return letter


_LETTER_TABLE = _LetterTable()


def _letters(syllable: str) -> str:
    """Lower case, tone and vowel marks removed, `đ` kept (a letter of its own)."""
    return normalize.nfc(syllable.lower()).translate(_LETTER_TABLE)


def part_tables() -> tuple[
    frozenset[str], frozenset[str], dict[str, str], dict[str, str], dict[str, frozenset[str]]
]:
    """The tables `parse`, `sound` and `keystroke` read (what `accel.firstsight` is
    fed): onsets, finals, the classes of confused onsets and finals, and the keys
    beside each key."""
    tables = _tables()
    return (
        tables.onset_set,
        tables.final_set,
        tables.onset_class,
        tables.final_class,
        tables.next_keys,
    )


TONES = ("ngang", *_TONE_MARKS.values())  # the tone names `parse` gives, "no mark" first
# The characters `char_table` covers: ASCII and the Latin blocks Vietnamese is written in.
_TABLE_BLOCKS = ((0x30, 0x80), (0xC0, 0x250), (0x1E00, 0x1F00))


@lru_cache(maxsize=1)
def char_table() -> dict[int, tuple[str, str, str, str, str, int]]:
    """How `parse`, `keys` and folding read each word character on its own, for the
    characters where a syllable's reading is its characters' readings side by side:
    code -> (lower-case form, folded form, letter (`_letters`), the form without its
    tone mark (`strip_tone`) and that folded, tone's position in `TONES`), each of
    the lower-case form. A character is in only when it is
    NFC and a starter, and its lower-case form is one character whose own reading
    is in the table too (what `accel.firstsight` is fed)."""
    out: dict[int, tuple[str, str, str, str, str, int]] = {}
    for low, high in _TABLE_BLOCKS:
        for code in range(low, high):
            char = chr(code)
            if not (char.isalnum() or char == "_") or unicodedata.combining(char):
                continue
            lower = char.lower()
            if unicodedata.normalize("NFC", char) != char or len(lower) != 1:
                continue
            if lower.lower() != lower or unicodedata.normalize("NFC", lower) != lower:
                continue
            decomposed = unicodedata.normalize("NFD", lower)
            tones = [_TONE_MARKS[c] for c in decomposed if c in _TONE_MARKS]
            toneless = unicodedata.normalize("NFC", decomposed.translate(_NO_TONE_MARKS))
            letter, folded = _letters(lower), normalize.fold(lower)
            if len(toneless) != 1 or len(letter) != 1 or len(folded) != 1:
                continue
            rfold = normalize.fold(toneless)
            tone = TONES.index(tones[0]) if tones else 0
            out[code] = (lower, folded, letter, toneless, rfold, tone)
    # (a character whose lower-case form is not in is out too)
    return {code: row for code, row in out.items() if ord(row[0]) in out}


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
def _word_source() -> tuple[bytes, str] | None:
    """underthesea's Viet74K word list as its bytes, and their digest (None: not found)."""
    spec = importlib.util.find_spec("underthesea")
    if spec is None or not spec.submodule_search_locations:
        return None
    for base in spec.submodule_search_locations:
        for relative in ("corpus/data/Viet74K.txt", "transformer/Viet74K.txt"):
            try:
                with open(f"{base}/{relative}", "rb") as handle:
                    raw = handle.read()
            except OSError:
                continue
            return raw, hashlib.sha256(raw).hexdigest()
    return None


@lru_cache(maxsize=1)
def _word_list() -> tuple[str, ...]:
    """underthesea's Viet74K word list, normalised and lower-case (empty if not found).

    Read from the installed underthesea package's data without importing it. The
    normalised list is cached in the user's cache directory by the digest of the
    file and of the code that normalises it (`glossarycache.memo`): normalising
    74,000 lines cost every process that aligns about 0.3 s of CPU.
    """
    source = _word_source()
    if source is None:
        return ()
    from . import glossarycache

    raw, digest = source
    key = glossarycache.code_key(sys.modules[__name__], normalize)
    return tuple(glossarycache.memo("viet74k", digest, key, partial(_normalised, raw)))


def from_words(
    kind: str, build: Callable[[], tuple[str, ...]], *code: ModuleType
) -> tuple[str, ...]:
    """`build()`, a tuple of str made from the word lists (`words`, `lexicon`), memoised
    beside the normalised list (`glossarycache.memo`) by its digest, syllables.yaml
    and the code of this module, normalize and `code`: sets of 60,000 words and more
    made in every process that reads a loose reading cost it ~0.1 s."""
    source = _word_source()
    if source is None:
        return build()
    from . import glossarycache

    data = resources.files("normcorpus").joinpath("resources/syllables.yaml").read_bytes()
    key = glossarycache.code_key(sys.modules[__name__], normalize, *code, data=data)
    return tuple(glossarycache.memo(kind, source[1], key, build))


def _normalised(raw: bytes) -> tuple[str, ...]:
    """The word list's lines, normalised and lower-case (`_word_list`)."""
    return tuple(
        " ".join(normalize.text(line).lower().split())
        for line in io.StringIO(raw.decode("utf-8"), newline=None)  # as open() reads lines
        if line.strip()
    )


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


@lru_cache(maxsize=65536)
def sound(syllable: str) -> tuple[str, str, str, str]:
    """Onset, rhyme, final and tone as they sound: confusable onsets and finals as one,
    the rhyme folded."""
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
            key = sound(word)
            for left_out in range(4):
                probe = (left_out, key[:left_out] + key[left_out + 1 :])
                self._index.setdefault(probe, set()).add(word)
        self._cache: dict[str, frozenset[str]] = {}

    def words(self, syllable: str, *, same_tone: bool = False) -> frozenset[str]:
        """The vocabulary's words within one part of `syllable` (`distance <= 1`), as spelled;
        `same_tone`: only those with its tone.

        Includes words at distance 0 (`sa` for `xa`: confusable onsets) and
        `syllable` itself when it is in the vocabulary.
        """
        key = sound(syllable)
        near: set[str] = set()
        for left_out in range(3 if same_tone else 4):
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


def tone(syllable: str) -> str:
    """The syllable's tone (`ngang` when it bears no mark)."""
    return parse(syllable).tone


@lru_cache(maxsize=1)
def words() -> frozenset[str]:
    """Words of Vietnamese of two or more syllables, lower-case (underthesea's Viet74K).

    What a typo reading may not be (`quốc ca` is the anthem, not a slip for
    `quốc gia`) and may not cut in two (`Bộ Quốc [phòng trong]`). Empty when
    the list cannot be found.
    """
    return frozenset(w for w in _word_list() if " " in w) | _words_viet74k_lacks()


@lru_cache(maxsize=1)
def _words_viet74k_lacks() -> frozenset[str]:
    """syllables.yaml's `words`: common words Viet74K lacks (`mang tính`), with evidence."""
    return frozenset(normalize.text(w).lower() for w in _tables().extra_words)


@lru_cache(maxsize=1)
def folded_words() -> frozenset[str]:
    """`words()` without diacritics (what text typed without them may spell)."""
    return frozenset(
        from_words("folded-words", lambda: tuple(sorted(map(normalize.fold, words()))))
    )


@lru_cache(maxsize=1)
def folded_syllables() -> frozenset[str]:
    """The single syllables of the word list, without diacritics: the syllables of Vietnamese."""
    return frozenset(map(normalize.fold, lexicon()))


@lru_cache(maxsize=65536)
def keys(syllable: str) -> str:
    """The letters typed for a syllable, marks aside: `đ` is `dd`, as Telex types it."""
    return _letters(syllable).replace("đ", "dd")


def keystroke(written: str, intended: str) -> str | None:
    """How `written` is `intended` with one keystroke gone wrong, or None: `swap` (two
    neighbours swapped), `key` (a key beside the right one), `extra` (a key too many,
    beside or the same as a neighbour) or `missing` (one too few)."""
    if written == intended:
        return None
    beside = _tables().next_keys
    m, n = len(written), len(intended)
    if m == n:
        wrong = [i for i in range(n) if written[i] != intended[i]]
        if len(wrong) == 1:
            i = wrong[0]
            return "key" if written[i] in beside.get(intended[i], ()) else None
        swapped = (
            len(wrong) == 2
            and wrong[1] == wrong[0] + 1
            and written[wrong[0]] == intended[wrong[1]]
            and written[wrong[1]] == intended[wrong[0]]
        )
        return "swap" if swapped else None
    if m == n - 1:
        return (
            "missing"
            if any(written == intended[:i] + intended[i + 1 :] for i in range(n))
            else None
        )
    if m == n + 1:
        for i in range(m):
            if written[:i] + written[i + 1 :] == intended:
                extra = written[i]
                neighbours = written[max(0, i - 1) : i] + written[i + 1 : i + 2]
                if any(extra == c or extra in beside.get(c, ()) for c in neighbours):
                    return "extra"
    return None


def keystroke_variants(intended: str, *, extra: bool = True) -> frozenset[str]:
    """Every `written` that is `intended` with one keystroke gone wrong (what
    `keystroke` accepts), made rather than tested: for finding, by look-up, the
    syllables a written one may be a slip of. `extra=False`: not those with a key
    too many (the most: a caller may find those from the written side)."""
    beside_keys = _tables().next_keys
    n = len(intended)
    out: set[str] = set()
    for i, key in enumerate(intended):
        out.update(intended[:i] + c + intended[i + 1 :] for c in beside_keys.get(key, ()))
        out.add(intended[:i] + intended[i + 1 :])  # one too few
        if i + 1 < n and intended[i] != intended[i + 1]:
            out.add(intended[:i] + intended[i + 1] + intended[i] + intended[i + 2 :])
    for i in range(n + 1 if extra else 0):  # one too many, beside or the same as a neighbour
        for neighbour in intended[max(0, i - 1) : i + 1]:
            for c in (neighbour, *beside_keys.get(neighbour, ())):
                out.add(intended[:i] + c + intended[i:])
    out.discard(intended)
    return frozenset(out)


def beside(neighbours: Iterable[str]) -> frozenset[tuple[int, str]]:
    """The parts of neighbouring syllables (part index, as `_key` gives it) that a
    `context` slip may take (onset 0, rhyme 1, final 2)."""
    return frozenset((k, sound(n)[k]) for n in neighbours for k in range(3))


def context_slip(written: str, intended: str, parts: frozenset[tuple[int, str]]) -> bool:
    """Whether `written` is `intended` with one part taken from a neighbour (`parts`:
    `beside(neighbours)`), the tone kept."""
    mine, meant = sound(written), sound(intended)
    if mine[3] != meant[3]:
        return False
    wrong = [k for k in range(3) if mine[k] != meant[k]]
    return len(wrong) == 1 and (wrong[0], mine[wrong[0]]) in parts


# How a syllable is one slip from another (see `slip`).
SlipKind = Literal["marks", "swap", "key", "extra", "missing", "dialect", "context"]


@lru_cache(maxsize=65536)
def slip(written: str, intended: str, neighbours: tuple[str, ...] = ()) -> SlipKind | None:
    """How `written` is one plausible slip from `intended` (lower-case syllables), or None.

    - `marks`: the same letters, one mark other: the tone (`hơp` for `hợp`)
      or one letter's own mark (`tắc` for `tác`, `de` for `đe`), not both
      (`để` for `đe` is two slips);
    - with the same tone, one part off (`distance` 1 at most), and
      - one keystroke gone wrong (`keystroke`: `swap`, `key`, `extra`,
        `missing`; `thỏa` for `thảo` swaps two keys);
      - `dialect`: an onset or final that speakers confuse (`sâm` for `xâm`);
      - `context`: the wrong part taken from a neighbouring syllable of the
        same word (`xuyên xuyết` for `xuyên suốt`: the rhyme of `xuyên`).
    """
    if written == intended:
        return None
    if normalize.fold(written) == normalize.fold(intended):
        if strip_tone(written) == strip_tone(intended):
            return "marks"  # the tone alone
        if tone(written) != tone(intended):
            return None
        marked, meant_marks = strip_tone(written), strip_tone(intended)
        if len(marked) != len(meant_marks):
            return None
        one = sum(a != b for a, b in zip(marked, meant_marks, strict=True)) == 1
        return "marks" if one else None
    mine, meant = sound(written), sound(intended)
    if mine[3] != meant[3]:
        return None
    wrong = [k for k in range(3) if mine[k] != meant[k]]
    if len(wrong) > 1:  # more than one part off (`distance`)
        return None
    stroke = keystroke(keys(written), keys(intended))
    if stroke is not None:
        return stroke  # type: ignore[return-value]
    if not wrong:
        return "dialect"
    if neighbours and (wrong[0], mine[wrong[0]]) in beside(neighbours):
        return "context"
    return None
