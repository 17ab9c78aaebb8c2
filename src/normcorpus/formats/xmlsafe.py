"""Safe XML parsing for every XML format normcorpus reads (TBX, TMX, XLIFF).

Untrusted XML is parsed by lxml with entity substitution, DTD loading and
network access off and libxml2's size and depth limits on (`huge_tree=False`).
On top of that, a document whose DOCTYPE declares entities is refused before
parsing: no exchange format needs them, and they are what XXE (external
entities reading files or URLs) and billion-laughs (nested entity expansion)
attacks are made of. A plain external DOCTYPE (`<!DOCTYPE martif SYSTEM
"TBXcoreStructV02.dtd">`, common in TBX 2008 files) is accepted and never
fetched. Every failure is one `InputError` naming the file (and the line when
known): binary content, not XML, not well-formed, or refused.
"""

from __future__ import annotations

import codecs
import io
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from lxml import etree

from .. import fileio
from ..errors import InputError

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"

# How much of a file's head is checked before parsing; what lies beyond is
# still covered by the check of the parsed tree's DTD.
PROLOG_LIMIT = 1 << 20

PARSER_OPTIONS: dict[str, Any] = {
    "resolve_entities": False,
    "no_network": True,
    "load_dtd": False,
    "dtd_validation": False,
    "huge_tree": False,
    "remove_comments": True,
    "remove_pis": True,
}

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# Characters XML 1.0 never allows: their presence means binary content.
_NOT_XML_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_DOCTYPE = re.compile(r"<!DOCTYPE\b")
_LXML_WHERE = re.compile(r", line \d+, column \d+$")


def article(kind: str) -> str:
    """`a` or `an` before a format's name as it is read aloud (an XLIFF, a TMX)."""
    return "an" if kind[:1] in "AEFHILMNORSX" else "a"


def safe_parser(**options: Any) -> etree.XMLParser:
    """An lxml parser with the safe options (callers may add e.g. `remove_blank_text`)."""
    return etree.XMLParser(**{**PARSER_OPTIONS, **options})


def local_name(element: etree._Element) -> str:
    """An element's tag without its namespace (`{urn:…}termSec` -> `termSec`)."""
    tag = element.tag
    if not isinstance(tag, str):  # comments and PIs (removed by the safe parser anyway)
        return ""
    return tag.rsplit("}", 1)[-1]


def _sniff_encoding(head: bytes) -> tuple[str, int]:
    for bom, encoding in _BOMS:
        if head.startswith(bom):
            return encoding, len(bom)
    # Without a BOM, UTF-16 shows as NULs around the ASCII of `<?xml`.
    if head[:4] == b"<\x00?\x00":
        return "utf-16-le", 0
    if head[:4] == b"\x00<\x00?":
        return "utf-16-be", 0
    # Every other encoding XML allows is ASCII-compatible for markup; latin-1
    # decodes any byte, which is all the prolog check needs.
    return "latin-1", 0


def check_prolog(head: bytes, *, name: str, kind: str = "XML") -> None:
    """Refuse binary content, non-XML text, and DOCTYPEs that declare entities.

    `head` is the start of the file (at least `PROLOG_LIMIT` bytes when the file
    is that long); `kind` names the expected format in messages ("TBX", "TMX").
    """
    encoding, skip = _sniff_encoding(head)
    text = head[skip:].decode(encoding, errors="replace")
    bad = _NOT_XML_CHARS.search(text[:4096])
    if bad:
        raise InputError(f"not {article(kind)} {kind} file: binary content, not XML", path=name)
    stripped = text.lstrip()
    if not stripped:
        raise InputError(f"not {article(kind)} {kind} file: it is empty", path=name)
    if not stripped.startswith("<"):
        raise InputError(
            f"not {article(kind)} {kind} file: not XML (it starts with {stripped[:20]!r})",
            path=name,
            line=1,
        )
    doctype = _DOCTYPE.search(text)
    if doctype is None:
        return
    line = text.count("\n", 0, doctype.start()) + 1
    declaration = text[doctype.start() :].split(">", 1)[0]
    # Only an internal subset (`<!DOCTYPE x [ … ]>`) can declare entities. Its end
    # is not looked for (entity values may hide `]>`): any `<!ENTITY` in the head
    # of a file with an internal subset is refused.
    if "[" in declaration and "<!ENTITY" in text[doctype.start() :]:
        raise InputError(
            f"refused: its DOCTYPE declares entities (<!ENTITY>), which {kind} does not need"
            " and which XXE and entity-expansion attacks use",
            path=name,
            line=line,
        )


def check_root(data: bytes, root: str, *, name: str, kind: str = "XML") -> None:
    """Refuse a document whose root element is not `root` (its local name).

    Only the head is parsed (up to the root's start tag), with the safe options,
    so that a parser built for one format never meets another (translate-toolkit
    fails on an `<html>` given as XLIFF with a bare StopIteration).
    """
    options = {k: v for k, v in PARSER_OPTIONS.items() if k != "dtd_validation"}
    try:
        for _event, element in etree.iterparse(io.BytesIO(data), events=("start",), **options):
            found = local_name(element)
            if found != root:
                raise InputError(
                    f"not {article(kind)} {kind} file: its root element is <{found}>, not <{root}>",
                    path=name,
                    line=element.sourceline,
                )
            return
    except etree.XMLSyntaxError as exc:
        raise _syntax_error(exc, name=name, kind=kind) from None
    raise InputError(f"not {article(kind)} {kind} file: no root element", path=name)


def _syntax_error(exc: etree.XMLSyntaxError, *, name: str, kind: str) -> InputError:
    message = _LXML_WHERE.sub("", (exc.msg or str(exc)).strip())
    line = exc.position[0] if exc.position else exc.lineno
    column = f" (column {exc.position[1]})" if exc.position and exc.position[1] else ""
    return InputError(f"not a well-formed {kind} file: {message}{column}", path=name, line=line)


def _check_tree(tree: etree._ElementTree, *, name: str, kind: str) -> None:
    # Belt and braces: an encoding the prolog check cannot read is caught here,
    # before anything looks at the (never expanded) entity references.
    dtd = tree.docinfo.internalDTD
    if dtd is not None and any(True for _ in dtd.iterentities()):
        raise InputError(
            f"refused: its DOCTYPE declares entities, which {kind} does not need", path=name
        )


def parse_bytes(data: bytes, *, name: str, kind: str = "XML") -> etree._ElementTree:
    """Parse a whole XML document safely; `name` is used in error messages."""
    check_prolog(data[:PROLOG_LIMIT], name=name, kind=kind)
    try:
        root = etree.fromstring(data, safe_parser())
    except etree.XMLSyntaxError as exc:
        raise _syntax_error(exc, name=name, kind=kind) from None
    tree = root.getroottree()
    _check_tree(tree, name=name, kind=kind)
    return tree


def read_bytes(path: str | Path, *, kind: str = "XML") -> bytes:
    return fileio.read_bytes(path, what=f"{kind} file", missing="file not found")


def parse_file(path: str | Path, *, kind: str = "XML") -> etree._ElementTree:
    """Parse an XML file safely (the whole document in memory)."""
    return parse_bytes(read_bytes(path, kind=kind), name=str(path), kind=kind)


def iterparse_file(
    path: str | Path,
    *,
    events: tuple[str, ...] = ("end",),
    tag: str | tuple[str, ...] | None = None,
    kind: str = "XML",
) -> Iterator[tuple[str, etree._Element]]:
    """Stream (event, element) pairs of a large XML file with the same safety.

    Callers should `element.clear()` what they have consumed to keep memory flat.
    """
    path = fileio.regular_file(path, what=f"{kind} file", missing="file not found")
    try:
        with path.open("rb") as stream:
            check_prolog(stream.read(PROLOG_LIMIT), name=str(path), kind=kind)
    except OSError:
        read_bytes(path, kind=kind)  # raises the located InputError
        raise
    options = {k: v for k, v in PARSER_OPTIONS.items() if k not in ("dtd_validation",)}
    try:
        context = etree.iterparse(str(path), events=events, tag=tag, **options)
        checked = False
        for event, element in context:
            if not checked:
                _check_tree(element.getroottree(), name=str(path), kind=kind)
                checked = True
            yield event, element
    except etree.XMLSyntaxError as exc:
        raise _syntax_error(exc, name=str(path), kind=kind) from None
