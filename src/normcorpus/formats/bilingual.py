"""Bilingual files -> SegmentPairs (Vietnamese, English), for `normcorpus check`.

Formats, recognised by extension or named by the caller:

- `tsv` / `csv`: a header naming the columns `vi` and `en` (or language tags
  such as `vi-VN`, `en-US`), or `source` and `target`; optionally `id`; other
  columns are ignored. TSV is split on tabs without quoting (the usual TSV
  convention); CSV follows RFC 4180. Comment lines starting with `#` are
  allowed before the header. In `normcorpus align`'s output (a `bead` column
  beside `vi_ids`; also its JSONL) the gaps, beads 1-0 and 0-1, are left out
  and counted in a note.
- `jsonl`: one object a line with `vi` and `en`, or `source` and `target`,
  and optionally `id`.
- `tmx` (1.4, and 1.1's `lang` attribute), `xliff` (1.2 and 2.0, told apart by
  namespace): read with translate-toolkit; an XLIFF's whitespace as `_shown` says.

Languages. Every file has a Vietnamese side and an English side, in either
direction; whichever side is Vietnamese is what the glossary is checked
against. They are read from what the file declares (column names, TMX
`xml:lang` and `srclang`, XLIFF `source-language`/`target-language`), matched
by BCP 47 primary subtag (`vi`, `vi-VN`, `vie`; `en`, `en-GB`, `eng`). Where a
file does not say (`source`/`target` columns, an XLIFF without
`target-language`), the side whose text is written in Vietnamese letters is
Vietnamese and the other side English. `source_lang`/`target_lang` (the CLI's
`--source-lang`/`--target-lang`) override all of that. A file whose sides are
not Vietnamese and English, or cannot be told, is an `InputError` that names
the languages found; what the reader decided for a file that is not plainly
vi -> en goes to `notes`, one line each.

Ids: a segment without its own id is named by its line (text formats) or by
the position of its unit (TMX, XLIFF: `tuid` and unit ids are optional, and a
file may sit on one line). A file with no segments is an `InputError`.

XML is screened by `xmlsafe.check_prolog` before translate-toolkit sees it, so
a DOCTYPE that declares entities (XXE, billion laughs) is refused without
being parsed; translate-toolkit's own parser then runs with entity resolution
and network access off, and only on a document whose root element is the
format's. Every failure is one `InputError` naming the file (and line when known).
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from itertools import chain, islice
from pathlib import Path
from typing import Any

from ..accel import tsvrows as accel_tsvrows
from ..errors import InputError, NormcorpusError
from ..fileio import FORMATS, check_format, decode_utf8, read_bytes, regular_file
from ..models import slot_init
from . import xmlsafe

INPUT_FORMATS: tuple[str, ...] = FORMATS["bilingual-input"]
_SUFFIXES = {
    ".tsv": "tsv",
    ".tab": "tsv",
    ".csv": "csv",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".tmx": "tmx",
    ".xlf": "xliff",
    ".xliff": "xliff",
    ".xlf2": "xliff",
}
_XLIFF2_NS = "urn:oasis:names:tc:xliff:document:2.0"
_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
_LANG_SPLIT = re.compile(r"[-_]")
# Characters of a text file read at a time (`_text_lines`): 64K (128 KB of Vietnamese)
# stay in the processor's cache for the split; a megabyte was 25% slower (CPU time).
_CHUNK = 1 << 16
# ISO 639-2 codes some tools write where BCP 47 wants the two-letter one.
_LANGUAGE_ALIASES = {"vie": "vi", "eng": "en"}
_NAMES = {"vi": "Vietnamese", "en": "English"}

# How many segments the reader looks at to tell a side's language from its text.
SAMPLE = 200
# Letters only Vietnamese writes (among languages in Latin script): đ ă ơ ư, ĩ ũ,
# and the Latin Extended Additional block (ạ ả ấ ầ ẩ ẫ ậ … ỹ). Measured on the
# real texts: 50-58% of the words of Vietnamese prose hold one, 0% of English
# (5% of an English law whose gaps are Vietnamese lines), 0% of French or
# Portuguese.
_VIETNAMESE_LETTERS = frozenset("đĐăĂơƠưƯĩĨũŨ") | {chr(c) for c in range(0x1EA0, 0x1EFA)}
_WORD = re.compile(r"[^\W\d_]+")
_LOOKS_VIETNAMESE = 0.2
_LOOKS_OTHER = 0.1
# A JSON escape of a UTF-16 surrogate: json.loads keeps a lone one as is.
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


@slot_init  # one a segment
@dataclass(frozen=True, slots=True)
class SegmentPair:
    """One Vietnamese segment and its English rendering, located in its file."""

    id: str
    vi: str
    en: str
    file: str
    line: int | None = None
    # False when the file translates English into Vietnamese (the English is
    # then the source, and an empty Vietnamese is what is untranslated).
    vi_is_source: bool = True
    # The state an XLIFF gives a target it marks as not translated yet
    # (`needs-translation`, `new`; 2.0's `initial`): the target is read as
    # empty, whatever placeholder text it holds.
    state: str | None = None

    @property
    def source(self) -> str:
        return self.vi if self.vi_is_source else self.en

    @property
    def target(self) -> str:
        return self.en if self.vi_is_source else self.vi

    @property
    def source_lang(self) -> str:
        return "vi" if self.vi_is_source else "en"

    @property
    def target_lang(self) -> str:
        return "en" if self.vi_is_source else "vi"

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "vi": self.vi,
            "en": self.en,
            "file": self.file,
            "line": self.line,
            "vi_is_source": self.vi_is_source,
            "state": self.state,
        }


def language(tag: str | None) -> str:
    """The primary language subtag, lower-case: `vi-VN` -> `vi`, `EN_us` -> `en`, `vie` -> `vi`."""
    if not tag:
        return ""
    primary = _LANG_SPLIT.split(tag.strip(), maxsplit=1)[0].lower()
    return _LANGUAGE_ALIASES.get(primary, primary)


def direction(source_lang: str | None = None, target_lang: str | None = None) -> bool | None:
    """What `--source-lang`/`--target-lang` say: True for vi -> en, False for en -> vi.

    None when neither is given; one alone implies the other (`--target-lang
    vi` is en -> vi). Anything but Vietnamese and English is a NormcorpusError.
    """
    source, target = language(source_lang), language(target_lang)
    if not source and not target:
        return None
    pairs = {("vi", "en"): True, ("en", "vi"): False, ("vi", ""): True, ("", "en"): True}
    pairs |= {("en", ""): False, ("", "vi"): False}
    if (source, target) not in pairs:
        given = f"{source_lang or '?'} -> {target_lang or '?'}"
        raise NormcorpusError(
            f"--source-lang/--target-lang: {given}; one must be Vietnamese (vi)"
            " and the other English (en)"
        )
    return pairs[(source, target)]


def looks_vietnamese(texts: Iterable[str]) -> float | None:
    """The share of words holding a letter only Vietnamese writes; None without words."""
    words = with_letter = 0
    for text in texts:
        for word in _WORD.findall(unicodedata.normalize("NFC", text)):
            words += 1
            if not _VIETNAMESE_LETTERS.isdisjoint(word):
                with_letter += 1
    return with_letter / words if words else None


def detect_format(path: str | Path) -> str:
    if Path(path).is_dir():
        raise InputError("is a directory, not a bilingual file", path=str(path))
    suffix = Path(path).suffix.lower()
    try:
        return _SUFFIXES[suffix]
    except KeyError:
        raise InputError(
            f"cannot tell the format from the extension {suffix or '(none)'!r};"
            f" pass --input-format ({', '.join(INPUT_FORMATS)})",
            path=str(path),
        ) from None


def read_pairs(
    path: str | Path,
    *,
    fmt: str | None = None,
    source_lang: str | None = None,
    target_lang: str | None = None,
    notes: list[str] | None = None,
) -> Iterator[SegmentPair]:
    """The segment pairs of one bilingual file, in file order.

    `source_lang`/`target_lang` override the languages the file declares or
    the reader tells from its text (see the module's doc). What the reader
    decided, when the file is not plainly Vietnamese -> English, is appended
    to `notes` as the pairs are read.
    """
    path = Path(path)
    fmt = fmt or detect_format(path)
    check_format("bilingual-input", fmt, error=InputError)
    reading = _Reading(str(path), direction(source_lang, target_lang), notes)
    if fmt == "tsv":
        pairs = _table_pairs(_BlockLines(_text_blocks(path)), reading, delimiter="\t")
        empty = "no segments: nothing below the header row"
    elif fmt == "csv":
        pairs = _table_pairs(_text_lines(path), reading, delimiter=",")
        empty = "no segments: nothing below the header row"
    elif fmt == "jsonl":
        pairs = _jsonl_pairs(_text_lines(path), reading)
        empty = "no segments: no JSON object in the file"
    elif fmt == "tmx":
        pairs = _tmx_pairs(_read_bytes(path), reading)
        empty = "no segments: the TMX has no translation unit (<tu>)"
    else:
        pairs = _xliff_pairs(_read_bytes(path), reading)
        empty = "no segments: the XLIFF has no translation unit"
    return _not_empty(pairs, reading, empty)


def _not_empty(
    pairs: Iterator[SegmentPair], reading: _Reading, message: str
) -> Iterator[SegmentPair]:
    """`pairs`, refused (when first asked) if there is none; the rest strung on in C.
    A file whose every row is an alignment gap is no error: the notes say so."""

    def first() -> Iterator[SegmentPair]:
        pair = next(pairs, None)
        if pair is None:
            if reading.gaps:
                return
            raise InputError(message, path=reading.name)
        yield pair

    return chain(first(), pairs)


class _Reading:
    """One file being read: its name, the languages the caller gave, the notes made."""

    __slots__ = ("gaps", "given", "name", "notes")

    def __init__(self, name: str, given: bool | None, notes: list[str] | None):
        self.name = name
        self.given = given  # vi_is_source by --source-lang/--target-lang, or None
        self.notes = notes
        self.gaps = 0  # alignment gaps left out (`_note_gaps`)

    def note(self, text: str) -> None:
        if self.notes is not None:
            self.notes.append(f"{self.name}: {text}")

    def orient(
        self,
        declared: tuple[str, str],
        samples: tuple[Iterable[str], Iterable[str]],
        *,
        sides: str,
        where: str,
    ) -> bool:
        """Whether the source side is Vietnamese, for a file with a source and a target side.

        `declared` are the languages the file gives its sides ('' where it
        gives none); `samples` the texts of each side (read only when needed, the
        first SAMPLE of them); `sides` names the
        sides in messages ("the `source` and `target` columns"), `where` what
        declared their languages ("the XLIFF's source-language/target-language").
        """
        source, target = declared
        if self.given is not None:
            said = ("vi", "en") if self.given else ("en", "vi")
            if (source, target) != said:
                was = f"{source or '?'} -> {target or '?'}"
                self.note(
                    f"read as {said[0]} -> {said[1]}, as --source-lang/--target-lang say"
                    f" ({where}: {was})"
                )
            elif not self.given:
                self.note(_reversed(where))
            return self.given
        told = ""
        if not source or not target:
            guessed = [_told(looks_vietnamese(islice(texts, SAMPLE))) for texts in samples]
            source = source or ("vi" if guessed[0] == "vi" else "")
            target = target or ("vi" if guessed[1] == "vi" else "")
            # The side that is not Vietnamese (or has no words yet) is English.
            if source == "vi" and not target and guessed[1] != "unclear":
                target = "en"
            elif target == "vi" and not source and guessed[0] != "unclear":
                source = "en"
            told = f"told from their text: {sides}"
        if (source, target) == ("vi", "en"):
            if told:
                self.note(f"{told} read as Vietnamese -> English")
            return True
        if (source, target) == ("en", "vi"):
            self.note(f"{told} read as English -> Vietnamese" if told else _reversed(where))
            return False
        found = ", ".join(
            f"{side} {lang or 'unknown'}"
            for side, lang in zip(("source", "target"), (source, target), strict=True)
        )
        if not declared[0] and not declared[1] and not (source or target):
            problem = f"cannot tell the languages of {sides}: neither reads as Vietnamese"
        else:
            problem = f"the languages are {found} ({where or 'told from their text'})"
        raise InputError(
            f"{problem}; one side must be Vietnamese (vi) and the other English (en)"
            " (--source-lang/--target-lang say which when the file does not)",
            path=self.name,
        )


def _told(share: float | None) -> str:
    """`vi`, `other`, `unclear` (in between), or '' (no words to tell by)."""
    if share is None:
        return ""
    if share >= _LOOKS_VIETNAMESE:
        return "vi"
    return "other" if share <= _LOOKS_OTHER else "unclear"


def _reversed(where: str) -> str:
    return (
        f"English -> Vietnamese ({where}): the Vietnamese target is checked against the"
        " glossary, and an empty Vietnamese target is untranslated"
    )


# --- plain-text formats -------------------------------------------------------


def _read_bytes(path: Path) -> bytes:
    return read_bytes(path, what="bilingual file", missing="file not found")


def _decode(data: bytes, name: str) -> str:
    return decode_utf8(
        data,
        name=name,
        what="bilingual text file",
        hint="; convert it first, e.g. `iconv -f cp1258 -t utf-8`",
        nul_scan=8192,
    )


def _checked(path: Path) -> str:
    """The file's name, once it is known to be a readable file with no NUL in its head."""
    name = str(path)
    regular_file(path, what="bilingual file", missing="file not found")
    try:
        with path.open("rb") as raw:
            head = raw.read(8192)
    except OSError:
        _read_bytes(path)  # raises the located error
        raise
    if b"\x00" in head:
        raise InputError("binary file (contains NUL bytes), not a bilingual text file", path=name)
    return name


def _text_lines(path: Path) -> Iterator[str]:
    """The lines of a UTF-8 text file (without line ends), read as they are used.

    Large files are never held whole in memory; a binary or non-UTF-8 file is
    an InputError naming the file (and the line of the first bad byte).
    """
    name = _checked(path)

    def chunks() -> Iterator[list[str]]:
        try:
            with path.open(encoding="utf-8-sig") as handle:  # universal newlines
                # A chunk of text at a time, cut at its line ends in one call;
                # a line a chunk leaves unfinished is finished by the next ones.
                begun: list[str] = []
                while chunk := handle.read(_CHUNK):
                    lines = chunk.split("\n")
                    if len(lines) == 1:
                        begun.append(chunk)
                        continue
                    begun.append(lines[0])
                    lines[0] = "".join(begun)
                    begun = [lines.pop()]
                    yield lines
                if last := "".join(begun):
                    yield [last]
        except UnicodeDecodeError:
            _decode(path.read_bytes(), name)  # raises with the exact byte and line
            raise

    # The lines strung together in C: no Python frame resumed a line.
    return chain.from_iterable(chunks())


def _text_blocks(path: Path) -> Iterator[tuple[str, int, int]]:
    """`_text_lines`' lines a block at a time, each (text, start, end): its lines
    text[start:end].split("\n"). A chunk of the file as read gives two: its first
    line (finished from the chunks before), and its other whole lines in place
    (no copy of the chunk: `str.split` and slices copy it character by character)."""
    name = _checked(path)

    def blocks() -> Iterator[tuple[str, int, int]]:
        try:
            with path.open(encoding="utf-8-sig") as handle:  # universal newlines
                begun: list[str] = []
                while chunk := handle.read(_CHUNK):
                    first = chunk.find("\n")
                    if first < 0:
                        begun.append(chunk)
                        continue
                    begun.append(chunk[:first])
                    line = "".join(begun)
                    yield line, 0, len(line)
                    cut = chunk.rfind("\n")
                    if cut > first:
                        yield chunk, first + 1, cut
                    begun = [chunk[cut + 1 :]]
                if last := "".join(begun):
                    yield last, 0, len(last)
        except UnicodeDecodeError:
            _decode(path.read_bytes(), name)  # raises with the exact byte and line
            raise

    return blocks()


class _BlockLines:
    """A file's lines from its blocks (`_text_blocks`), one at a time while a
    reader looks at its first lines; then what is left (`rest`), which a reader
    in C takes a block at a time."""

    def __init__(self, blocks: Iterator[tuple[str, int, int]]):
        self._blocks = blocks
        self._lines: list[str] = []
        self._at = 0
        self.read = 0  # lines given so far

    def __iter__(self) -> _BlockLines:
        return self

    def __next__(self) -> str:
        while self._at == len(self._lines):
            text, start, end = next(self._blocks)
            self._lines = text[start:end].split("\n")
            self._at = 0
        self._at += 1
        self.read += 1
        return self._lines[self._at - 1]

    def rest(self) -> tuple[list[str], Iterator[tuple[str, int, int]]]:
        """The lines of the block at hand not given yet, and the blocks after it."""
        lines = self._lines[self._at :]
        self._lines, self._at = [], 0
        return lines, self._blocks


@dataclass(frozen=True, slots=True)
class _Columns:
    first: int  # the Vietnamese column, or the source column when `sides`
    second: int  # the English column, or the target column
    ident: int | None
    sides: bool  # `source`/`target` columns, whose languages the file does not name
    # The id column is align's `vi_ids`, a JSON list: its first clause id names the
    # segment, as the tuid of align's TMX does.
    listed: bool = False
    # No header row: a two-column file whose languages --source-lang/--target-lang
    # give (a CAT tool's plain export); its first row is a segment.
    headerless: bool = False
    # align's `bead` column: its gaps (1-0, 0-1) are text one side lacks, not
    # segments left untranslated, and are not checked (as align's TMX leaves them out).
    bead: int | None = None


# A column named by a language tag alone: the language, then a script or a region
# (`vi`, `vi-VN`, `en_US`, `zh-Hant`). `vi_ids` or `en_lines` (align's own TSV) are
# other columns about a side, not its text.
_COLUMN_TAG = re.compile(r"[A-Za-z]{2,3}(?:[-_](?:[A-Za-z]{4}|[A-Za-z]{2}|[0-9]{3}))*")


def _column_language(name: str) -> str:
    return language(name) if _COLUMN_TAG.fullmatch(name) else ""


def _columns(header: list[str], name: str, line: int, given: bool | None = None) -> _Columns:
    """Which columns of a header row hold what.

    `given` is the direction --source-lang/--target-lang say: a first row of two
    cells that names no column is then a segment of a file without a header
    (source, then target), not a header to refuse.
    """
    keys = [h.strip().lstrip("\ufeff") for h in header]
    lowered = [k.lower() for k in keys]
    ident = lowered.index("id") if "id" in lowered else None
    listed = ident is None and "vi_ids" in lowered
    if listed:
        ident = lowered.index("vi_ids")
    bead = lowered.index("bead") if listed and "bead" in lowered else None
    vi = next((k for k, h in enumerate(keys) if _column_language(h) == "vi"), None)
    en = next((k for k, h in enumerate(keys) if _column_language(h) == "en"), None)
    if vi is not None and en is not None:
        return _Columns(vi, en, ident, sides=False, listed=listed, bead=bead)
    if vi is None and en is None and "source" in lowered and "target" in lowered:
        return _Columns(
            lowered.index("source"),
            lowered.index("target"),
            ident,
            sides=True,
            listed=listed,
            bead=bead,
        )
    # Column names that read as language tags: what the message can name.
    tags = [k for k in keys if re.fullmatch(r"[A-Za-z]{2,3}([-_][A-Za-z0-9]{1,8})*", k)]
    tags = [k for k in tags if k.lower() not in ("id", "src", "tgt", "row")]
    named = tags or ident is not None or listed or "source" in lowered or "target" in lowered
    if given is not None and len(keys) == 2 and not named:
        vi = 0 if given else 1
        return _Columns(vi, 1 - vi, None, sides=False, headerless=True)
    found = f"languages found: {', '.join(tags)}" if tags else "no language column"
    hint = (
        "; a two-column file without a header is read with --source-lang and --target-lang"
        if len(keys) == 2 and not named
        else ""
    )
    raise InputError(
        "the header must name a Vietnamese and an English column (`vi` and `en`,"
        f" or `source` and `target`); {found} (columns {', '.join(map(repr, keys))}){hint}",
        path=name,
        line=line,
    )


_HEADERLESS = (
    "no header row: the first row is a segment, its columns source and target"
    " as --source-lang/--target-lang say"
)


def _orient_columns(
    columns: _Columns,
    reading: _Reading,
    sample: Sequence[Sequence[str]],
) -> tuple[int, int, bool]:
    """(Vietnamese column, English column, vi_is_source) for a table or JSONL file."""
    if not columns.sides:
        if reading.given is False:
            reading.note(_reversed("as --source-lang/--target-lang say"))
        return columns.first, columns.second, reading.given is not False
    width = max(columns.first, columns.second) + 1
    rows = [row for row in sample if len(row) >= width]
    vi_is_source = reading.orient(
        ("", ""),
        ([row[columns.first] for row in rows], [row[columns.second] for row in rows]),
        sides="the `source` and `target` columns",
        where="",
    )
    if vi_is_source:
        return columns.first, columns.second, True
    return columns.second, columns.first, False


def _table_pairs(
    lines: Iterator[str], reading: _Reading, *, delimiter: str
) -> Iterator[SegmentPair]:
    """The pairs of a TSV or CSV file, strung on in C from the parts `_table_parts`
    gives (a TSV's rows a list at a time: no Python frame resumed a pair)."""
    return chain.from_iterable(_table_parts(lines, reading, delimiter=delimiter))


def _table_parts(
    lines: Iterator[str], reading: _Reading, *, delimiter: str
) -> Iterator[Iterable[SegmentPair]]:
    name = reading.name
    numbered = enumerate(lines, start=1)
    # The first line that is neither blank nor a `#` comment is the header.
    found = next(((n, t) for n, t in numbered if t.strip() and not t.startswith("#")), None)
    if found is None:
        raise InputError("no header row (the file is empty)", path=name)
    header_line, text = found
    if delimiter == "\t":
        header = text.split("\t")
        columns = _columns(header, name, header_line, reading.given)
        # The rows read before the rest: a first row that is no header, a sample.
        before: list[tuple[int, str]] = []
        if columns.headerless:
            reading.note(_HEADERLESS)
            before.append((header_line, text))
        sample: list[tuple[int, str]] = []
        if columns.sides:
            sample = list(islice(numbered, SAMPLE))
            before += sample
        vi, en, vi_is_source = _orient_columns(
            columns, reading, [line.split("\t") for _n, line in sample]
        )
        yield from _tsv_batches(
            (before, numbered, lines), len(header), columns, (vi, en, vi_is_source), reading
        )
        return
    rows = _csv_rows(header_line, chain([text], (line for _n, line in numbered)), name)
    header_line, header = next(rows)
    columns = _columns(header, name, header_line, reading.given)
    if columns.headerless:
        reading.note(_HEADERLESS)
        rows = chain([(header_line, header)], rows)
    head: list[tuple[int, list[str]]] = []
    if columns.sides:
        head = list(islice(rows, SAMPLE))
        rows = chain(head, rows)
    vi, en, vi_is_source = _orient_columns(columns, reading, [row for _n, row in head])
    if columns.bead is not None:
        rows = _without_gaps(rows, columns.bead, reading)
    yield _csv_pairs(rows, header, columns, vi, en, vi_is_source, name)


def _csv_pairs(
    rows: Iterator[tuple[int, list[str]]],
    header: list[str],
    columns: _Columns,
    vi: int,
    en: int,
    vi_is_source: bool,
    name: str,
) -> Iterator[SegmentPair]:
    ident = columns.ident
    needed = max(vi, en, ident if ident is not None else 0) + 1
    target = en if vi_is_source else vi
    seen: set[str] = set()
    for number, row in rows:
        if len(row) < needed:
            # A trailing empty target may have lost its delimiter.
            if len(row) == needed - 1 and target == needed - 1:
                row = [*row, ""]
            else:
                raise InputError(
                    f"{len(row)} columns, the header has {len(header)}", path=name, line=number
                )
        segment = row[ident].strip() if ident is not None else ""
        if columns.listed and segment:
            segment = _first_id(segment)
        segment = segment or str(number)
        if segment in seen:
            raise InputError(f"duplicate segment id {segment!r}", path=name, line=number)
        seen.add(segment)
        yield SegmentPair(segment, row[vi], row[en], name, number, vi_is_source)


def _tsv_batches(
    rows: tuple[list[tuple[int, str]], Iterator[tuple[int, str]], Iterable[str]],
    width: int,
    table: _Columns,
    sides: tuple[int, int, bool],
    reading: _Reading,
) -> Iterator[Iterable[SegmentPair]]:
    """`_tsv_rows`' pairs, a list at a time cut in C (`accel.tsvrows`, the same by
    test) where it was built and the ids are plain cells; else `_tsv_rows` itself.
    `rows`: the rows read before, the numbered lines after them, and those lines
    (a `_BlockLines`: the rest then read a block at a time); `width`: the
    header's cells; `sides`: (Vietnamese column, English column, vi_is_source)."""
    before, numbered, lines = rows
    name = reading.name
    vi, en, vi_is_source = sides
    ident, listed = table.ident, table.listed
    needed = max(vi, en, ident if ident is not None else 0) + 1
    blocks: Iterator[tuple[str, int, int]] = iter(())
    number = 0
    if isinstance(lines, _BlockLines):
        # `numbered` has given each line it read: the rest follows `lines.read`.
        rest, blocks = lines.rest()
        numbered = enumerate(rest, start=lines.read + 1)
        number = lines.read + len(rest) + 1
    if (
        listed
        or table.bead is not None
        or needed > accel_tsvrows.MAX_CELLS
        or not accel_tsvrows.BUILT
        or os.environ.get("NORMCORPUS_PURE_PYTHON")
    ):
        # The blocks' lines strung on in C (no Python frame a line), numbered on.
        after = enumerate(
            chain.from_iterable(text[a:b].split("\n") for text, a, b in blocks), start=number
        )
        rows_read = chain(before, numbered, after)
        if table.bead is not None:  # align's output: its gaps are not checked
            rows_read = _without_gaps(rows_read, table.bead, reading)
        yield _tsv_rows(rows_read, width, vi, en, ident, name, vi_is_source, listed)
        return
    seen: set[str] = set()

    def refuse(row: tuple[int, str]) -> None:  # the plain rule's error for the row
        for _pair in _tsv_rows(iter([row]), width, vi, en, ident, name, vi_is_source, seen=seen):
            pass

    pad = (en if vi_is_source else vi) == needed - 1  # a trailing empty target lost its tab
    cells = (needed, vi, en, ident, pad)
    yield from accel_tsvrows.batches(
        chain(before, numbered),
        cells,
        SegmentPair,
        (name, vi_is_source),
        seen,
        refuse,
        blocks,
        number,
    )


def _tsv_rows(
    numbered: Iterator[tuple[int, str]],
    columns: int,
    vi: int,
    en: int,
    ident: int | None,
    name: str,
    vi_is_source: bool,
    listed: bool = False,
    seen: set[str] | None = None,
) -> Iterator[SegmentPair]:
    """The pairs of a TSV file's rows (split on tabs, no quoting): one tight loop.
    `seen`: the ids of the rows before (a new set: none)."""
    needed = max(vi, en, ident if ident is not None else 0) + 1
    target = en if vi_is_source else vi
    if seen is None:
        seen = set()
    for number, line in numbered:
        if not line or line.isspace():
            continue
        row = line.split("\t")
        if len(row) < needed:
            # A trailing empty target may have lost its delimiter.
            if len(row) == needed - 1 and target == needed - 1:
                row.append("")
            else:
                raise InputError(
                    f"{len(row)} columns, the header has {columns}", path=name, line=number
                )
        segment = row[ident].strip() if ident is not None else ""
        if listed and segment:
            segment = _first_id(segment)
        if not segment:
            segment = str(number)
        if segment in seen:
            raise InputError(f"duplicate segment id {segment!r}", path=name, line=number)
        seen.add(segment)
        yield SegmentPair(segment, row[vi], row[en], name, number, vi_is_source)


# A bead that pairs nothing with something: align's 1-0 and 0-1.
_GAP = re.compile(r"\s*(?:0+-\d+|\d+-0+)\s*")


def _without_gaps(
    rows: Iterator[tuple[int, Any]], bead: int, reading: _Reading
) -> Iterator[tuple[int, Any]]:
    """The rows (a TSV line or CSV cells) of align's output whose bead is no gap;
    how many gaps were left out goes to the notes. Only a file with align's
    `bead` column comes here: other files' rows are not looked at twice."""
    gaps: Counter[str] = Counter()
    for number, row in rows:
        cells = row.split("\t", bead + 1) if isinstance(row, str) else row
        cell = cells[bead] if len(cells) > bead else ""
        if _GAP.fullmatch(cell):
            gaps[cell.strip()] += 1
            continue
        yield number, row
    _note_gaps(reading, gaps)


def _note_gaps(reading: _Reading, gaps: Counter[str]) -> None:
    reading.gaps += sum(gaps.values())
    if gaps:
        said = ", ".join(f"{n} {kind}" for kind, n in sorted(gaps.items(), reverse=True))
        reading.note(
            f"{sum(gaps.values())} alignment gap(s) not checked ({said}: text one side"
            " lacks, as align's `bead` column says; align's TMX leaves them out)"
        )


def _first_id(cell: str) -> str:
    """The first id of a JSON list of ids (`["doc:p1.s1.c1", …]`), or '' (a gap: `[]`)."""
    try:
        ids = json.loads(cell)
    except ValueError:
        return cell
    return str(ids[0]) if isinstance(ids, list) and ids else ""


def _csv_rows(first: int, lines: Iterator[str], name: str) -> Iterator[tuple[int, list[str]]]:
    """(line of the record's start, cells) for each non-blank CSV record."""
    reader = csv.reader((line + "\n" for line in lines), strict=True)
    offset = first - 1
    try:
        while True:
            start = offset + reader.line_num + 1
            try:
                row = next(reader)
            except StopIteration:
                return
            if row and any(cell.strip() for cell in row):
                yield start, row
    except csv.Error as exc:
        raise InputError(
            f"malformed CSV: {exc}", path=name, line=offset + reader.line_num
        ) from None


def _json_objects(lines: Iterator[str], reading: _Reading) -> Iterator[tuple[int, dict[str, Any]]]:
    """(line, object) for each non-blank line; lone surrogates become U+FFFD (noted)."""
    name = reading.name
    replaced: list[int] = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
        except json.JSONDecodeError as exc:
            raise InputError(
                f"invalid JSON: {exc.msg} (column {exc.colno})", path=name, line=number
            ) from None
        except RecursionError:
            raise InputError("JSON nested too deeply to read", path=name, line=number) from None
        if not isinstance(item, dict):
            raise InputError("each line must be a JSON object", path=name, line=number)
        if "\\u" in line and _SURROGATE_ESCAPE.search(line):
            # A lone surrogate is no character: it could be neither matched nor written.
            clean = {
                k: _LONE_SURROGATE.sub("\ufffd", v) if isinstance(v, str) else v
                for k, v in item.items()
            }
            if clean != item:
                replaced.append(number)
                item = clean
        yield number, item
    if replaced:
        lines_text = ", ".join(map(str, replaced[:5])) + (", …" if len(replaced) > 5 else "")
        reading.note(
            f"a lone UTF-16 surrogate (\\ud800-\\udfff, no character) read as U+FFFD"
            f" on line(s) {lines_text}"
        )


def _jsonl_pairs(lines: Iterator[str], reading: _Reading) -> Iterator[SegmentPair]:
    name = reading.name
    objects = _json_objects(lines, reading)
    head = list(islice(objects, SAMPLE))
    if not head:
        return
    first = head[0][1]
    sides = "vi" not in first and "en" not in first and ("source" in first or "target" in first)
    keys = ("source", "target") if sides else ("vi", "en")
    columns = _Columns(0, 1, None, sides=sides)
    sample = [[str(item.get(keys[0]) or ""), str(item.get(keys[1]) or "")] for _n, item in head]
    vi_col, _en_col, vi_is_source = _orient_columns(columns, reading, sample)
    vi_key, en_key = keys if vi_col == 0 else keys[::-1]
    needs = f"`{keys[0]}` and `{keys[1]}`"
    # align's JSONL: its gaps are not checked, as in its TSV.
    beads = "bead" in first and "vi_ids" in first
    gaps: Counter[str] = Counter()
    seen: set[str] = set()
    for number, item in chain(head, objects):
        if beads and isinstance(item.get("bead"), str) and _GAP.fullmatch(item["bead"]):
            gaps[item["bead"].strip()] += 1
            continue
        vi = item.get(vi_key)
        en = item.get(en_key)
        if not isinstance(vi, (str, type(None))) or not isinstance(en, (str, type(None))):
            raise InputError(f"{needs} must be strings", path=name, line=number)
        source = vi if vi_is_source else en
        if source is None:
            raise InputError(
                f"each object needs a string `{vi_key if vi_is_source else en_key}`"
                f" (this file's keys are {needs})",
                path=name,
                line=number,
            )
        ident = item.get("id")
        segment = str(ident) if ident not in (None, "") else str(number)
        if segment in seen:
            raise InputError(f"duplicate segment id {segment!r}", path=name, line=number)
        seen.add(segment)
        yield SegmentPair(segment, vi or "", en or "", name, number, vi_is_source)
    _note_gaps(reading, gaps)


# --- XML formats (translate-toolkit) ------------------------------------------


def _load(store_class: Any, data: bytes, name: str, kind: str, root: str) -> Any:
    from lxml import etree

    xmlsafe.check_prolog(data[: xmlsafe.PROLOG_LIMIT], name=name, kind=kind)
    xmlsafe.check_root(data, root, name=name, kind=kind)
    try:
        store = store_class(io.BytesIO(data))
    except etree.XMLSyntaxError as exc:
        message = re.sub(r", line \d+, column \d+$", "", (exc.msg or str(exc)).strip())
        line = exc.position[0] if exc.position else exc.lineno
        raise InputError(
            f"not a well-formed {kind} file: {message}", path=name, line=line
        ) from None
    except (AssertionError, AttributeError, KeyError, ValueError, StopIteration) as exc:
        # translate-toolkit asserts on what it does not expect.
        detail = str(exc).splitlines()[0] if str(exc) else "unexpected structure"
        raise InputError(f"not {xmlsafe.article(kind)} {kind} file: {detail}", path=name) from None
    dtd = store.document.docinfo.internalDTD
    if dtd is not None and any(True for _ in dtd.iterentities()):
        raise InputError(
            f"refused: its DOCTYPE declares entities, which {kind} does not need", path=name
        )
    return store


def _segment_id(
    own: str | None, position: int, seen: set[str], name: str, line: int | None, what: str
) -> str:
    """A unit's id, or its position in the file when it has none (the id is optional)."""
    segment = own or str(position)
    if segment in seen:
        detail = (
            f"duplicate {what} {segment!r}"
            if own
            else f"unit {position} has no {what}, and its position {segment!r} is the"
            f" {what} of another unit"
        )
        raise InputError(detail, path=name, line=line)
    seen.add(segment)
    return segment


def _tmx_pairs(data: bytes, reading: _Reading) -> Iterator[SegmentPair]:
    from translate.misc.xml_helpers import getXMLspace
    from translate.storage.tmx import tmxfile

    name = reading.name
    store = _load(tmxfile, data, name, "TMX", "tmx")
    root = store.document.getroot()
    header = root.find("header")
    srclang = language(header.get("srclang") if header is not None else None)
    # Every language of the file, with how many variants (<tuv>) it has.
    labels = Counter(language(node.get(_XML_LANG) or node.get("lang")) for node in root.iter("tuv"))
    if not store.units:
        return iter(())
    vi_label, en_label, vi_is_source = _tmx_sides(labels, srclang, reading)

    def pairs() -> Iterator[SegmentPair]:
        seen: set[str] = set()
        neither = 0
        for position, unit in enumerate(store.units, start=1):
            element = unit.xmlelement
            space = getXMLspace(element, unit._default_xml_space)
            texts: dict[str, str] = {}
            for node in unit.getlanguageNodes():
                lang = language(node.get(_XML_LANG) or node.get("lang"))
                if lang and lang not in texts:
                    texts[lang] = unit.getNodeText(node, space) or ""
            vi, en = texts.get(vi_label), texts.get(en_label)
            if vi is None and en is None:
                neither += 1
                continue
            line = element.sourceline
            segment = _segment_id(element.get("tuid"), position, seen, name, line, "tuid")
            yield SegmentPair(segment, vi or "", en or "", name, line, vi_is_source)
        if neither:
            reading.note(f"{neither} unit(s) hold neither side ({vi_label}, {en_label}): skipped")

    return pairs()


def _tmx_sides(labels: Counter[str], srclang: str, reading: _Reading) -> tuple[str, str, bool]:
    """(the Vietnamese label, the English label, vi_is_source) of a TMX's languages."""
    found = ", ".join(f"{lang or '(none)'} ({n} <tuv>)" for lang, n in labels.most_common())
    if reading.given is None:
        if "vi" in labels and "en" in labels:
            others = sorted(set(labels) - {"vi", "en"})
            if others:
                reading.note(f"also holds {', '.join(others)}: only vi and en are checked")
            if srclang == "en":
                reading.note(_reversed("the TMX's srclang"))
            return "vi", "en", srclang != "en"
        if set(labels) in ({"vi"}, {"en"}):
            # One language only: a memory of sources, each untranslated.
            only = next(iter(labels))
            reading.note(f"holds only {_NAMES[only]}: every unit is untranslated")
            return "vi", "en", only == "vi"
        missing = "no Vietnamese (xml:lang vi…) side" if "vi" not in labels else "no English side"
        raise InputError(
            f"{missing}; languages found: {found} (one side must be Vietnamese, the other"
            " English; --source-lang/--target-lang name them when a file labels them otherwise)",
            path=reading.name,
        )
    given = reading.given
    if "vi" in labels and "en" in labels:
        if srclang in ("vi", "en") and (srclang == "vi") != given:
            reading.note(
                f"read as {'vi -> en' if given else 'en -> vi'}, as --source-lang/"
                f"--target-lang say (the TMX's srclang is {srclang})"
            )
        elif not given:
            reading.note(_reversed("as --source-lang/--target-lang say"))
        return "vi", "en", given
    # The file names its languages otherwise: its srclang side is the source,
    # the one other language the target.
    others = [lang for lang in labels if lang != srclang]
    if srclang not in labels or len(others) != 1:
        raise InputError(
            f"cannot tell which languages --source-lang/--target-lang name: the TMX's"
            f" srclang is {srclang or '(none)'}, its languages {found}",
            path=reading.name,
        )
    target = others[0]
    reading.note(
        f"read {srclang} as {'Vietnamese' if given else 'English'} and {target} as"
        f" {'English' if given else 'Vietnamese'}, as --source-lang/--target-lang say"
    )
    return (srclang, target, True) if given else (target, srclang, False)


def _xliff_pairs(data: bytes, reading: _Reading) -> Iterator[SegmentPair]:
    head = data[:4096].decode("latin-1")
    # (the `version` attribute itself: Okapi's 1.2 files carry `its:version="2.0"`)
    if _XLIFF2_NS in head or re.search(r"<xliff[^>]*(?<![\w:.-])version=[\"']2\.", head):
        return _xliff2_pairs(data, reading)
    return _xliff1_pairs(data, reading)


def _xliff1_pairs(data: bytes, reading: _Reading) -> Iterator[SegmentPair]:
    from translate.storage.xliff import xlifffile

    name = reading.name
    store = _load(xlifffile, data, name, "XLIFF", "xliff")
    file_tag = store.namespaced("file")
    # The units of each <file>, in order: each <file> declares its own languages.
    groups: dict[Any, list[Any]] = {}
    for unit in store.units:
        if not unit.isheader():
            groups.setdefault(next(unit.xmlelement.iterancestors(file_tag), None), []).append(unit)

    # Unit ids are unique within a <file>; one found in several <file>s is
    # named `<original>#<id>` in each, so that every segment has its own id.
    in_files = Counter(
        unit_id
        for units in groups.values()
        for unit_id in {u.xmlelement.get("id") for u in units} - {None, ""}
    )

    target_tag = store.namespaced("target")

    def pairs() -> Iterator[SegmentPair]:
        seen: set[str] = set()
        marked: Counter[str] = Counter()
        skipped: list[int] = []
        position = 0
        for number, (file_node, units) in enumerate(groups.items(), start=1):
            original = None if file_node is None else file_node.get("original")
            prefix = f"{original or number}#"
            declared = (
                language(None if file_node is None else file_node.get("source-language")),
                language(None if file_node is None else file_node.get("target-language")),
            )
            states = [_target_state(u.xmlelement, target_tag) for u in units]
            vi_is_source = reading.orient(
                declared,
                (
                    (u.source or "" for u in units),
                    (u.target or "" for u, st in zip(units, states, strict=True) if st is None),
                ),
                sides="the <source> and <target> texts",
                where="the XLIFF's source-language/target-language",
            )
            for unit, state in zip(units, states, strict=True):
                position += 1
                element = unit.xmlelement
                if _not_translatable(element):
                    skipped.append(position)
                    continue
                source, target = _unit_texts(unit, state, _CODE_TAGS)
                vi, en = (source, target) if vi_is_source else (target, source)
                line = element.sourceline
                own = element.get("id")
                if own and in_files[own] > 1:
                    own = prefix + own
                segment = _segment_id(own, position, seen, name, line, "trans-unit id")
                if state:
                    marked[state] += 1
                yield SegmentPair(segment, vi, en, name, line, vi_is_source, state)
        _note_states(reading, marked, skipped)

    return pairs()


# The states of a target that say it is not a translation yet, whatever text it
# holds (often the source copied, or a tool's placeholder): XLIFF 1.2's `new`
# and `needs-translation` (`needs-adaptation`, `needs-l10n` and the review
# states are translations to check), 2.0's `initial` when written (2.0 makes
# `initial` the default, but tools leave the attribute out of translated
# files). Such a target is read as empty: `untranslated`, not checked as a
# translation.
_NOT_TRANSLATED = frozenset({"new", "needs-translation", "initial"})


def _target_state(element: Any, target_tag: str | None) -> str | None:
    """The not-translated state of a 1.2 unit's <target> (`target_tag`), or of a
    2.0 <segment> (`target_tag` None: the state is the segment's); else None."""
    if target_tag is None:
        state = element.get("state")
    else:
        target = element.find(target_tag)
        state = None if target is None else target.get("state")
    return state if state in _NOT_TRANSLATED else None


def _not_translatable(element: Any) -> bool:
    """Whether the unit, or the nearest group or file around it that says, has
    `translate="no"`: a text kept as it is, not a segment to translate."""
    for node in chain((element,), element.iterancestors()):
        flag = node.get("translate")
        if flag is not None:
            return flag == "no"
    return False


def _note_states(reading: _Reading, marked: Counter[str], skipped: list[int]) -> None:
    if marked:
        said = ", ".join(f'{n} state="{state}"' for state, n in sorted(marked.items()))
        reading.note(f"targets marked as not translated yet ({said}): read as untranslated")
    if skipped:
        reading.note(f'{len(skipped)} unit(s) marked translate="no": not checked')


# XLIFF's inline elements that stand for codes without holding them (1.2:
# `<g id="1">…</g>`, `<x id="2"/>`, `<bx/>`, `<ex/>`; 2.0: `<pc>…</pc>`,
# `<ph/>`, `<sc/>`, `<ec/>`): translate-toolkit's plain text drops them, so
# that a tag the target lost could not be seen. They are written as tags
# (`<g id="1">Save</g>`), which `tag-mismatch` compares; 1.2's `<bpt>`, `<ph>`
# and the like keep their native code as text, as before.
_CODE_TAGS = frozenset({"g", "x", "bx", "ex"})
_CODE_TAGS_2 = frozenset({"pc", "ph", "sc", "ec"})
_PAIRED = frozenset({"g", "pc"})


def _unit_texts(unit: Any, state: str | None, codes: frozenset[str]) -> tuple[str, str]:
    """(source, target) of an XLIFF unit as a translator's tool shows them: its
    code elements as tags, its whitespace as `_shown` keeps it; the target of a
    unit marked as not translated yet (`state`) is empty."""
    element = unit.xmlelement
    tagged = bool(codes.intersection(_local_names(element)))
    texts = []
    for index, side in enumerate(("source", "target")):
        node = unit.getlanguageNode(lang=None, index=index)
        if node is None or (side == "target" and state):
            texts.append("")
            continue
        # (the unit's own side: a TM match's <alt-trans> has a <source> and <target> too)
        text = _with_code_tags(node, codes) if tagged else node.xpath("string()")
        texts.append(_shown(text, node))
    return texts[0], texts[1]


# XML whitespace that holds a line break: an XLIFF's layout (the indentation of a
# pretty-printed file), not its text, unless xml:space="preserve" says otherwise.
_LAYOUT = re.compile(r"[ \t]*\n[ \t\n]*")
_LAYOUT_END = re.compile(r"[ \t\n]*\n[ \t]*\Z")
_XML_SPACE = "ancestor-or-self::*[@xml:space][1]/@xml:space"


def _shown(text: str, node: Any) -> str:
    """The text of a <source> or <target> as a CAT tool shows it to a translator.

    XLIFF 1.2 and 2.0 leave whitespace to the application unless xml:space is
    "preserve" (their default is "default"). Collapsing every run of it (XML's
    normalize-space, translate-toolkit's reading) hid the double spaces a
    translator typed (the real Symfony XLIFF, units 3, 7 and 68); keeping it all
    would read a pretty-printer's indentation as text. What tools show (and what
    the application that loads the file gets): spaces and tabs within a line are
    text; whitespace that holds a line break is layout, one space between words
    and nothing at either end. With xml:space="preserve", on the element or one
    around it, all of it is text.
    """
    if "\n" not in text or node.xpath(_XML_SPACE) == ["preserve"]:
        return text
    return _LAYOUT.sub(" ", _edges(text))


def _edges(text: str) -> str:
    """`text` without the layout at its ends (whitespace holding a line break)."""
    start = _LAYOUT.match(text)
    if start:
        text = text[start.end() :]
    end = _LAYOUT_END.search(text)
    return text[: end.start()] if end else text


def _local_names(element: Any) -> set[str]:
    return {_local(node.tag) for node in element.iter() if isinstance(node.tag, str)}


def _local(tag: str) -> str:
    return tag.rpartition("}")[2]


def _with_code_tags(node: Any, codes: frozenset[str]) -> str:
    """The text of a unit's <source> or <target> with its code elements as tags."""

    def text(element: Any) -> str:
        out = [element.text or ""]
        for child in element:
            if isinstance(child.tag, str):
                name = _local(child.tag)
                if name in codes:
                    ident = child.get("id")
                    attrs = f' id="{ident}"' if ident else ""
                    if name in _PAIRED:
                        out.append(f"<{name}{attrs}>{text(child)}</{name}>")
                    else:
                        out.append(f"<{name}{attrs}/>")
                else:
                    out.append(text(child))
            out.append(child.tail or "")
        return "".join(out)

    return text(node)


def _xliff2_pairs(data: bytes, reading: _Reading) -> Iterator[SegmentPair]:
    from translate.storage.xliff2 import Xliff2File

    name = reading.name
    store = _load(Xliff2File, data, name, "XLIFF 2.0", "xliff")
    root = store.document.getroot()
    units = list(store.units)
    if not units:
        return iter(())
    states = [_target_state(u.xmlelement, None) for u in units]
    vi_is_source = reading.orient(
        (language(root.get("srcLang")), language(root.get("trgLang"))),
        (
            (u.source or "" for u in units),
            (u.target or "" for u, state in zip(units, states, strict=True) if state is None),
        ),
        sides="the <source> and <target> texts",
        where="the XLIFF's srcLang/trgLang",
    )

    def pairs() -> Iterator[SegmentPair]:
        seen: set[str] = set()
        marked: Counter[str] = Counter()
        skipped: list[int] = []
        for position, (unit, state) in enumerate(zip(units, states, strict=True), start=1):
            element = unit.xmlelement
            if _not_translatable(element):
                skipped.append(position)
                continue
            source, target = _unit_texts(unit, state, _CODE_TAGS_2)
            vi, en = (source, target) if vi_is_source else (target, source)
            line = element.sourceline
            segment = _segment_id(unit.getid(), position, seen, name, line, "unit id")
            if state:
                marked[state] += 1
            yield SegmentPair(segment, vi, en, name, line, vi_is_source, state)
        _note_states(reading, marked, skipped)

    return pairs()
