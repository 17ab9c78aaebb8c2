"""Legacy Vietnamese encodings: decoders from tables, and detection.

Python decodes Windows-1258 (`cp1258`) but has no codec for VISCII, TCVN3
("ABC") or VNI Windows; their tables are data in `resources/encodings/`
(one `<name>.tsv` each: the bytes, the character, its Unicode name). A table
lists what differs from its base codec (ASCII or Windows-1258's neighbour
Windows-1252); VNI's entries are one or two bytes (a letter, then its mark).

Which legacy encoding a file is in is judged by how Vietnamese the decoded
text reads: the share of its words with letters beyond ASCII that are
Vietnamese syllables (`syllables.inventory()`). Mojibake is almost never a
syllable (`chaøo`, `ch¸o`), the right decoding almost always is.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from importlib import resources

from . import normalize, syllables

# The candidates of detection, in the order that breaks ties.
LEGACY = ("cp1258", "viscii", "tcvn3", "vni-windows")

# A decoding is plausible Vietnamese when this share of its words with
# non-ASCII letters are syllables (real text scores 0.98-1.0, mojibake at most 0.50).
PLAUSIBLE = 0.8
# Fewer such words than this say nothing either way.
MIN_EVIDENCE = 3
# Detection judges the start of a file (decoding all of it once chosen).
SAMPLE_BYTES = 1 << 16

_ALIASES = {
    "viscii": "viscii",
    "viscii1.1": "viscii",
    "csviscii": "viscii",
    "tcvn3": "tcvn3",
    "tcvn": "tcvn3",
    "tcvn-3": "tcvn3",
    "tcvn5712": "tcvn3",
    "tcvn-5712": "tcvn3",
    "vn3": "tcvn3",
    "abc": "tcvn3",
    "vni": "vni-windows",
    "vni-win": "vni-windows",
    "vni-windows": "vni-windows",
    "vniwin": "vni-windows",
}
TABLES = ("viscii", "tcvn3", "vni-windows")
_DISPLAY = {
    "cp1258": "Windows-1258",
    "viscii": "VISCII",
    "tcvn3": "TCVN3 (ABC)",
    "vni-windows": "VNI Windows",
    "utf-8": "UTF-8",
}


def lookup(name: str) -> str:
    """The canonical name of an encoding: one of ours, or Python's codec name.

    Raises LookupError for a name neither knows.
    """
    key = name.strip().lower().replace("_", "-")
    if key in _ALIASES:
        return _ALIASES[key]
    return codecs.lookup(name).name


def display(name: str) -> str:
    """How messages name an encoding (`VISCII`, `TCVN3 (ABC)`, `Windows-1258`)."""
    return _DISPLAY.get(name, name)


# --- tables -----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Table:
    name: str
    # bytes as Latin-1 text (one character per byte) -> what they decode to
    sequences: dict[str, str]
    pattern: re.Pattern[str]  # pairs first, then any single byte with a mapping
    undefined: re.Pattern[str] | None  # bytes that decode to nothing


@cache
def _table(name: str) -> _Table:
    raw = resources.files("normcorpus").joinpath(f"resources/encodings/{name}.tsv")
    base = "ascii"
    sequences: dict[str, str] = {}
    for line in raw.read_text("utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        if line.startswith("base:"):
            base = line.split(":", 1)[1].strip()
            continue
        hex_bytes, char = line.split("\t")[:2]
        sequences[bytes.fromhex(hex_bytes).decode("latin-1")] = char
    undefined = []
    for byte in range(256):
        key = chr(byte)
        if key in sequences:
            continue
        try:
            char = bytes([byte]).decode(base)
        except UnicodeDecodeError:
            undefined.append(key)
            continue
        if char != key:
            sequences[key] = char
    keys = sorted(sequences, key=lambda k: (-len(k), k))
    pattern = re.compile("|".join(re.escape(k) for k in keys))
    hole = re.compile("[" + "".join(re.escape(k) for k in undefined) + "]") if undefined else None
    return _Table(name, sequences, pattern, hole)


# Words whose ASCII letters are all upper-case; TCVN3 gives their toned
# vowels in lower case (the upper-case font reused the lower-case codes).
_WORD = re.compile(r"[^\W\d_]+")
_OWN_CAPITAL = frozenset("ăâêôơưđ")
_SENTENCE_START = re.compile(r"((?:^|[.!?…]\s)[\s\"“(\[]*)([^\W\d_a-z])", re.MULTILINE)


def _tcvn3_case(text: str) -> str:
    """Upper-case the toned vowels of upper-case words (`LUậT` -> `LUẬT`).

    A word with two upper-case letters and no lower-case ASCII one is upper
    case; so is a word like `Và` or `Xã` (a capital, then lower-case vowels)
    inside a run of such words that holds two upper-case ones; and a letter
    that starts a sentence is a capital.
    """

    def ambiguous(word: str) -> bool:  # `Và`: upper-case, or a capital and lower-case vowels
        return word[0].isupper() and all(not c.isascii() and c.islower() for c in word[1:])

    def upper(word: str) -> bool:
        return not any(c.isascii() and c.islower() for c in word) and (
            sum(1 for c in word if c.isupper()) >= 2
        )

    def restore_line(line: str) -> str:
        if line.isascii():
            return line
        words = list(_WORD.finditer(line))
        kinds = [
            "upper" if upper(w) else "maybe" if len(w) > 1 and ambiguous(w) else ""
            for w in (m.group() for m in words)
        ]
        # A run of upper-case and ambiguous words with two upper-case ones is upper case.
        i = 0
        while i < len(words):
            j = i
            while j < len(words) and kinds[j]:
                j += 1
            if kinds[i:j].count("upper") >= 2:
                kinds[i:j] = ["upper"] * (j - i)
            i = j + 1
        out, done = [], 0
        for match, kind in zip(words, kinds, strict=True):
            word = match.group().upper() if kind == "upper" else match.group()
            out.append(line[done : match.start()] + word)
            done = match.end()
        return "".join(out) + line[done:]

    text = "\n".join(restore_line(line) for line in text.split("\n"))
    # A sentence never starts in lower case: `ủy` there was `Ủy`.
    # (Letters with a capital of their own in TCVN3, `đ` `ă` `â`..., were typed as they are.)
    return _SENTENCE_START.sub(
        lambda m: m.group(0) if m.group(2) in _OWN_CAPITAL else m.group(1) + m.group(2).upper(),
        text,
    )


# The horned o of `ươ` with a final that only `ươ` takes (`-ng`, `-c`, `-u`: `ơng`
# is no Vietnamese rhyme), not after `ư`: `trởng`, `nớc`, `đợc`, `thơng`, `rợu`.
_LOST_HORN = re.compile(r"(?<![ưừứửữựƯỪỨỬỮỰ])([ơờớởỡợƠỜỚỞỠỢ])(?=(?:ng|NG|c|C|u|U)(?![^\W\d_]))")


def _tcvn3_lost_horn(text: str) -> str:
    """Put back the `ư` of `ươ` where a copy lost it (`trởng` -> `trưởng`).

    TCVN3 writes the plain `ư` as byte 0xAD, which every other program reads as
    a soft hyphen: a browser shows nothing there and a copy of the page drops it
    (`bé tr­ëng` is copied as `bé trëng`). Only a rhyme that cannot stand without
    the `ư` is restored; `ngời` (for `người`) is a word too, and stays.
    """
    text = _LOST_HORN.sub(lambda m: ("Ư" if m.group(1).isupper() else "ư") + m.group(1), text)
    return _VOWELLESS.sub(_put_back_u, text)


# A word of two to four consonants alone, lower case but its first (`nhng`, `Th`): no Vietnamese
# syllable lacks a vowel, and `ư` is the one a TCVN3 copy can lose. (One letter
# alone is a list's item, `khoản a, b, c`; capitals are abbreviations, `QH`.)
_VOWELLESS = re.compile(
    r"(?<![\w(])([bcdđghklmnpqrstvxBCDĐGHKLMNPQRSTVX][bcdđghklmnpqrstvx]{1,3})(?![\w).])"
)


def _put_back_u(match: re.Match[str]) -> str:
    word = match.group(1)
    inventory = syllables.inventory()
    for at in range(len(word), 0, -1):  # the longest onset first: `nh|ng`, not `n|hng`
        candidate = word[:at] + "ư" + word[at:]
        if candidate.lower() in inventory:
            return candidate
    return word


def _decode_table(data: bytes, name: str) -> str:
    table = _table(name)
    text = data.decode("latin-1")
    if table.undefined is not None:
        hole = table.undefined.search(text)
        if hole is not None:
            raise UnicodeDecodeError(
                name, data, hole.start(), hole.start() + 1, f"byte undefined in {display(name)}"
            )
    sequences = table.sequences
    text = table.pattern.sub(lambda m: sequences[m.group()], text)
    if name == "tcvn3":
        # (a file that still holds a 0xAD byte kept its soft hyphens: nothing was lost)
        if b"\xad" not in data:
            text = _tcvn3_lost_horn(text)
        text = _tcvn3_case(text)
    return text


def decode(data: bytes, name: str) -> str:
    """Bytes in the named encoding -> str (NFC). Raises UnicodeDecodeError."""
    canonical = lookup(name)
    text = _decode_table(data, canonical) if canonical in TABLES else data.decode(canonical)
    return unicodedata.normalize("NFC", text)


def encode(text: str, name: str) -> bytes:
    """str -> bytes in one of the table encodings (for tests and fixtures).

    Raises UnicodeEncodeError for a character the encoding cannot hold.
    """
    table = _table(name)
    reverse: dict[str, str] = {}
    for sequence, char in sorted(table.sequences.items(), key=lambda kv: (len(kv[0]), kv[0])):
        reverse.setdefault(char, sequence)
    out = []
    for index, char in enumerate(unicodedata.normalize("NFC", text)):
        if char in reverse:
            out.append(reverse[char])
        elif ord(char) < 128 and char not in table.sequences:
            out.append(char)
        elif name == "tcvn3" and char.lower() in reverse and char.lower() != char:
            out.append(reverse[char.lower()])  # the upper-case font's convention
        else:
            raise UnicodeEncodeError(name, text, index, index + 1, "not in the table")
    return "".join(out).encode("latin-1")


# --- plausibility -------------------------------------------------------------

_VOWELS = "aăâeêioôơuưy"
_TONE_MARKS = ("", "\u0300", "\u0301", "\u0303", "\u0309", "\u0323")
_LETTERS = frozenset(
    "bcdđfghjklmnpqrstvwxz"
    + "".join(unicodedata.normalize("NFC", v + t) for v in _VOWELS for t in _TONE_MARKS)
)


@dataclass(frozen=True, slots=True)
class Plausibility:
    """How Vietnamese a text reads: of its words with non-ASCII letters, how many are syllables."""

    words: int
    syllables: int

    @property
    def share(self) -> float:
        return self.syllables / self.words if self.words else 1.0

    @property
    def plausible(self) -> bool:
        return self.words < MIN_EVIDENCE or self.share >= PLAUSIBLE

    def describe(self) -> str:
        return f"{self.syllables} of {self.words} words with diacritics are Vietnamese syllables"


def plausibility(text: str) -> Plausibility:
    inventory = syllables.inventory()
    words = valid = 0
    for word in _WORD.findall(normalize.text(text)):
        if word.isascii():
            continue
        words += 1
        lower = word.lower()
        if all(c in _LETTERS for c in lower) and (not inventory or lower in inventory):
            valid += 1
    return Plausibility(words, valid)


@dataclass(frozen=True, slots=True)
class Detected:
    encoding: str
    plausibility: Plausibility
    # the other candidates that decoded, best first
    others: tuple[tuple[str, Plausibility], ...]


def detect(data: bytes) -> Detected | None:
    """The legacy encoding that reads most like Vietnamese (None if none decodes).

    The caller decides what an implausible best candidate means.
    """
    sample = data[:SAMPLE_BYTES]
    scored: list[tuple[str, Plausibility]] = []
    for name in LEGACY:
        try:
            text = decode(sample, name)
        except UnicodeDecodeError as exc:
            # A sample cut inside a character is no evidence against the codec.
            if exc.start < len(sample) - 1 or len(sample) == len(data):
                continue
            text = decode(sample[: exc.start], name)
        scored.append((name, plausibility(text)))
    if not scored:
        return None
    order = {name: i for i, name in enumerate(LEGACY)}
    scored.sort(
        key=lambda item: (
            -item[1].syllables,
            item[1].words - item[1].syllables,
            order[item[0]],
        )
    )
    return Detected(scored[0][0], scored[0][1], tuple(scored[1:]))
