"""The corpus's English translations: `corpus/<doc>.en.tsv`, read and written.

Beside each statement `corpus/<doc>.txt` may lie `<doc>.en.tsv`, the project's
unofficial working English translation, one row per clause:

    # Unofficial working English translation made by the normcorpus project; follows glossary.yaml.
    id<TAB>hash<TAB>en
    vn-ru-2017-infosec:p01.s01.c01<TAB>3f2a…<TAB>The President of …

UTF-8, LF line ends; lines starting with `#` are comments and blank lines are
ignored, anywhere. `hash` is the clause hash (`align.clause_hash(text)`) of
the Vietnamese the row translates: when the clause text changes, the row's
hash no longer matches and the translation is reported `stale`. Cells hold no
tabs or newlines; an empty `en` cell is allowed (a clause still to translate).
Reading is strict: a malformed file is one `InputError` naming the line.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from .errors import InputError
from .fileio import atomic_write, decode_utf8, read_bytes

SUFFIX = ".en.tsv"
HEADER: tuple[str, ...] = ("id", "hash", "en")
NOTICE = (
    "# Unofficial working English translation made by the normcorpus project;"
    " follows glossary.yaml."
)


@dataclass(frozen=True, slots=True)
class TranslationRow:
    id: str  # clause id
    hash: str  # hash of the clause text the row translates
    en: str
    line: int = 0  # line in the file (0: not read from a file)

    def to_dict(self) -> dict[str, object]:
        return {"id": self.id, "hash": self.hash, "en": self.en, "line": self.line}


@dataclass(frozen=True, slots=True)
class TranslationFile:
    path: str
    doc: str
    rows: tuple[TranslationRow, ...]
    sha256: str  # of the file's bytes: what ingest compares to reload

    def by_id(self) -> dict[str, TranslationRow]:
        return {row.id: row for row in self.rows}


def translation_path(statement: str | Path) -> Path:
    """`corpus/<doc>.txt` -> `corpus/<doc>.en.tsv`."""
    statement = Path(statement)
    return statement.with_name(statement.stem + SUFFIX)


def doc_of(path: str | Path) -> str:
    """`corpus/<doc>.en.tsv` -> `<doc>`."""
    name = Path(path).name
    return name[: -len(SUFFIX)] if name.endswith(SUFFIX) else Path(path).stem


def parse_translations(text: str, *, path: str) -> tuple[TranslationRow, ...]:
    """The rows of a translation file's text (already decoded)."""
    rows: list[TranslationRow] = []
    seen: dict[str, int] = {}
    header_seen = False
    for number, line in enumerate(text.split("\n"), start=1):
        if line.endswith("\r"):
            line = line[:-1]
        if not line.strip() or line.startswith("#"):
            continue
        cells = line.split("\t")
        if not header_seen:
            if tuple(c.strip().lower() for c in cells) != HEADER:
                raise InputError(
                    f"the first row must be the header {'<TAB>'.join(HEADER)!r}",
                    path=path,
                    line=number,
                )
            header_seen = True
            continue
        if len(cells) != len(HEADER):
            raise InputError(
                f"{len(cells)} tab-separated cells, expected {len(HEADER)} (id, hash, en);"
                " the English may not contain tabs",
                path=path,
                line=number,
            )
        clause_id, clause_hash, en = (c.strip() for c in cells)
        if not clause_id:
            raise InputError("empty clause id", path=path, line=number)
        if clause_id in seen:
            raise InputError(
                f"clause {clause_id!r} is translated twice (first on line {seen[clause_id]})",
                path=path,
                line=number,
            )
        seen[clause_id] = number
        rows.append(TranslationRow(clause_id, clause_hash, en, number))
    if not header_seen:
        raise InputError(f"no header row {'<TAB>'.join(HEADER)!r}", path=path)
    return tuple(rows)


def decode(data: bytes, *, path: str) -> str:
    return decode_utf8(
        data, name=path, what="translation file", hint="; translation files are UTF-8"
    )


def read_translations(path: str | Path) -> TranslationFile:
    path = Path(path)
    data = read_bytes(path, what="translation file", missing="translation file not found")
    rows = parse_translations(decode(data, path=str(path)), path=str(path))
    return TranslationFile(
        path=str(path), doc=doc_of(path), rows=rows, sha256=hashlib.sha256(data).hexdigest()
    )


def format_translations(
    rows: Iterable[TranslationRow], *, comments: Iterable[str] = (NOTICE,)
) -> str:
    """The file text for rows (in the order given); refuses cells it cannot hold."""
    lines = [c if c.startswith("#") else f"# {c}" for c in comments]
    lines.append("\t".join(HEADER))
    for row in rows:
        for name, cell in (("id", row.id), ("hash", row.hash), ("en", row.en)):
            if "\t" in cell or "\n" in cell or "\r" in cell:
                raise InputError(f"the {name} of {row.id!r} contains a tab or a line break")
        lines.append(f"{row.id}\t{row.hash}\t{row.en}")
    return "\n".join(lines) + "\n"


def write_translations(
    path: str | Path, rows: Iterable[TranslationRow], *, comments: Iterable[str] = (NOTICE,)
) -> None:
    """Write a translation file atomically (a temporary file renamed into place)."""
    atomic_write(path, format_translations(rows, comments=comments))
