"""The glossary's exchange formats: which one a file is, and export and import by name.

`export_glossary(glossary, fmt)` and `import_glossary(path, fmt=)` dispatch to
`tbx.py` (TBX v3 and 2008) and `termtable.py` (CSV, TSV, JSON). They live here,
above both, so that neither format module imports the other.
"""

from __future__ import annotations

from pathlib import Path

from ..errors import InputError
from ..fileio import FORMATS, check_format
from ..models import Glossary
from .tbx import export_tbx, export_tbx2008, import_tbx
from .termimport import ImportResult
from .termtable import export_json, export_table, import_json, import_omegat, import_table
from .xmlsafe import read_bytes

EXPORT_FORMATS: tuple[str, ...] = FORMATS["glossary-export"]
IMPORT_FORMATS: tuple[str, ...] = FORMATS["glossary-import"]
_SUFFIX_FORMATS = {
    ".tbx": "tbx",
    ".xml": "tbx",
    ".csv": "csv",
    ".tsv": "tsv",
    ".tab": "tsv",  # ours, a translator's table, or OmegaT's: told by the header
    ".utf8": "omegat",
    ".txt": "omegat",
    ".json": "json",
}


def export_glossary(glossary: Glossary, fmt: str) -> bytes:
    """The glossary in an exchange format, as the bytes of a file."""
    if fmt == "tbx":
        return export_tbx(glossary)
    if fmt == "tbx2008":
        return export_tbx2008(glossary)
    if fmt in ("csv", "tsv"):
        return export_table(glossary, delimiter="," if fmt == "csv" else "\t").encode()
    if fmt == "json":
        return export_json(glossary).encode()
    check_format("glossary-export", fmt, error=InputError)
    raise AssertionError(f"export format {fmt!r} is listed but not written")


def detect_format(path: Path, data: bytes) -> str:
    by_suffix = _SUFFIX_FORMATS.get(path.suffix.lower())
    if by_suffix:
        return by_suffix
    head = data[:512].lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith(b"<"):
        return "tbx"
    if head.startswith(b"{"):
        return "json"
    raise InputError(
        f"cannot tell the format from the name; pass --format ({', '.join(IMPORT_FORMATS[1:])})",
        path=str(path),
    )


def import_glossary(
    path: str | Path, *, fmt: str = "auto", source_lang: str | None = None
) -> ImportResult:
    """A glossary from a TBX, CSV, TSV, OmegaT or JSON file, with the report of what
    could not be mapped.

    `source_lang` (vi or en) says which language a term table's `source`
    column, or an OmegaT glossary's first column, holds; by default it is told
    from the text (Vietnamese is written with diacritics).
    """
    path = Path(path)
    check_format("glossary-import", fmt, error=InputError)
    data = read_bytes(path, kind=fmt.upper() if fmt != "auto" else "glossary")
    if fmt == "auto":
        fmt = detect_format(path, data)
    name = str(path)
    if fmt == "tbx":
        return import_tbx(data, name=name)
    if fmt == "json":
        return import_json(data, name=name)
    if fmt == "omegat":
        return import_omegat(data, name=name, source_lang=source_lang)
    delimiter = "," if fmt == "csv" else "\t"
    return import_table(data, name=name, delimiter=delimiter, source_lang=source_lang)
