"""Files -> Document: decoding, metadata, and chrome stripping.

A statement is a text file in `corpus/`; its document id is the file name
without extension, and an optional `<id>.meta.yaml` beside it carries its
metadata. The text is decoded (UTF-8, UTF-8/UTF-16/UTF-32 with BOM, or any
codec named by the caller), normalised (LF line ends, NFC, tone marks), and
the news-site chrome around the statement is located by the rules in
`resources/chrome.yaml`. Chrome is not deleted: the document keeps its whole
normalised text and lists the spans that hold the statement, so offsets in
records always point into one stored text.
"""

from __future__ import annotations

import codecs
import errno
import hashlib
import os
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from functools import lru_cache
from importlib import resources
from itertools import islice
from pathlib import Path
from typing import Any

from . import charsets, chrome, dateline, fileio, htmltext, normalize, safeyaml, structure
from .errors import InputError
from .models import Document, DocumentMeta, Notice, PublishedTranslation

# A saved web page is read as the text a browser shows of it (`htmltext`).
TEXT_SUFFIXES = (".txt", *htmltext.HTML_SUFFIXES)
META_SUFFIX = ".meta.yaml"
# `<doc>.en.txt` beside a statement is its published English version, never a statement.
ENGLISH_SUFFIX = ".en.txt"
DOC_ID = re.compile(r"^[a-z0-9][a-z0-9._-]*$")

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


# --- chrome (chrome.py; these names stay for the modules that import them here) ---

ChromeRules = chrome.ChromeRules
load_chrome_rules = chrome.load_rules


def strip_chrome(text: str, rules: ChromeRules, *, strip: bool = True) -> chrome.Located:
    """Locate the statement in a page: paragraphs, chrome spans, title and date."""
    return chrome.locate(text, rules, strip=strip)


def chrome_summary(document: Document) -> dict[str, int]:
    """Characters set aside as chrome in a document, by kind."""
    return chrome.summary(document.chrome, document.text)


# --- the title a legal text gives itself -------------------------------------


@lru_cache(maxsize=1)
def _statute_title_rules() -> tuple[tuple[str, ...], int, int, re.Pattern[str] | None]:
    """chrome.yaml's `statute_title`: the document types (longest first), the most
    lines a name takes, how many lines from the top are read, and the numbered
    labels as one pattern (`Đề mục 3.1`)."""
    raw = resources.files("normcorpus").joinpath("resources/chrome.yaml").read_bytes()
    table = (safeyaml.load(raw, path="chrome.yaml").value or {}).get("statute_title") or {}
    types = sorted((str(t) for t in table.get("types") or ()), key=len, reverse=True)
    labels = "|".join(re.escape(str(label)) for label in table.get("numbered") or ())
    numbered = re.compile(rf"(?:{labels})\s+\d+(?:\.\d+)*\.?") if labels else None
    return (
        tuple(types),
        int(table.get("max_name_lines", 3)),
        int(table.get("max_lines", 20)),
        numbered,
    )


def _in_capitals(line: str) -> bool:
    """A heading line in capitals: letters, none lower-case, no digit."""
    return (
        any(c.isalpha() for c in line)
        and _unchanged_by_upper(line)
        and not any(c.isdigit() for c in line)
    )


_PIECE = 1 << 16


def _unchanged_by_upper(line: str) -> bool:
    """`line == line.upper()`, a piece at a time (upper() maps each character on
    its own). upper() of a whole line makes a buffer of 12 bytes a character:
    235 MB for a one-paragraph file of 20 MB, where the first piece says no."""
    return all(
        line[i : i + _PIECE] == line[i : i + _PIECE].upper() for i in range(0, len(line), _PIECE)
    )


def statute_title(text: str, body: chrome.Located, rules: ChromeRules) -> str | None:
    """The title a legal text gives itself in its heading lines (chrome.yaml's
    `statute_title`): its type in capitals, alone on a line or leading it, and its
    name in capitals (`LUẬT` / `CÔNG NGHỆ THÔNG TIN` -> `LUẬT CÔNG NGHỆ THÔNG
    TIN`), or a numbered codification topic and its name (`Đề mục 3.1` / `An toàn
    thông tin mạng`), before the first line of running text; None when there is
    none, and on a news page."""
    if body.news:
        return None
    types, max_name_lines, max_lines, numbered = _statute_title_rules()
    spans = sorted(
        (*body.paragraphs, *((body.title_span,) if body.title_span else ())),
        key=lambda span: span.start,
    )
    lines = list(islice(_stripped_lines(text, spans), max_lines))
    for k, line in enumerate(lines):
        if chrome.body_like(line, rules) and not (
            _in_capitals(line) and not chrome.ends_sentence(line, rules)
        ):
            return None
        if numbered is not None and numbered.fullmatch(line) and k + 1 < len(lines):
            name = lines[k + 1]
            labels = structure.load_structure_rules().levels
            if (
                chrome.headline_like(name, rules)
                and not numbered.fullmatch(name)
                and not any(level.pattern.match(name) for level in labels)
            ):
                return f"{line} {name}"
        if not _in_capitals(line):
            continue
        kind = next((t for t in types if line == t or line.startswith(t + " ")), None)
        if kind is None:
            continue
        name = [line[len(kind) :].strip()] if line != kind else []
        name += _name_lines(lines[k + 1 : k + 1 + max_name_lines - len(name)], lines[:k], rules)
        if name:
            return " ".join([kind, *name])
    return None


def _stripped_lines(text: str, spans: Iterable[Any]) -> Iterator[str]:
    """The non-blank lines of the spans of `text`, stripped, one at a time.

    Only the lines read are copied: a one-paragraph file of many megabytes
    is one line, and a list of every line (and each stripped twice) cost
    several copies of the text.
    """
    for span in spans:
        start, end = span.start, span.end
        while start <= end:
            stop = text.find("\n", start, end)
            stop = end if stop == -1 else stop
            line = text[start:stop].strip()
            if line:
                yield line
            start = stop + 1


def _name_lines(following: list[str], header: list[str], rules: ChromeRules) -> list[str]:
    """The lines of a legal text's name after its type: headline-like lines in capitals
    (a document number in them too: `… CỦA NGHỊ ĐỊNH SỐ 85/2016/NĐ-CP`), or one name
    in sentence case (`NGHỊ ĐỊNH` / `Quy định chi tiết …`), up to the issuing authority
    that stands before the preamble (a line of the header above, or one of
    chrome.yaml's `issuers`: `THỦ TƯỚNG CHÍNH PHỦ`) or the preamble itself."""
    issuers = _issuers()
    name: list[str] = []
    for line in following:
        capitals = _unchanged_by_upper(line) and any(c.isalpha() for c in line)
        # A name may be longer than any headline (a decree's runs to 40 words and
        # more: `QUY ĐỊNH VỀ CƠ CHẾ THU, … ĐÀO TẠO`; a circular's in sentence case:
        # `Quy định chi tiết và hướng dẫn một số điều của Nghị định số … theo cấp
        # độ`); it still ends in no sentence's punctuation.
        if chrome.ends_sentence(line, rules) or not (
            chrome.headline_like(line, rules) or capitals or not name
        ):
            break
        if line in header or any(line == i or line.startswith(i + " ") for i in issuers):
            break
        if not capitals and (name or not line[:1].isupper() or _PREAMBLE.match(line)):
            break  # sentence case: one line, the first
        name.append(line)
        if not capitals:
            break
    return name


# The preamble's opening (`Căn cứ …`, `Theo đề nghị …`): never part of a name.
_PREAMBLE = re.compile(r"(?:Căn cứ|Theo đề nghị|Xét đề nghị)\b")


@lru_cache(maxsize=1)
def _issuers() -> tuple[str, ...]:
    """chrome.yaml's `statute_title.issuers`: the offices that sign before the preamble."""
    raw = resources.files("normcorpus").joinpath("resources/chrome.yaml").read_bytes()
    table = (safeyaml.load(raw, path="chrome.yaml").value or {}).get("statute_title") or {}
    return tuple(str(i) for i in table.get("issuers") or ())


# --- decoding ---------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Decoded:
    text: str
    encoding: str  # the codec used (canonical name)
    notices: tuple[Notice, ...] = ()


def decode_file(
    data: bytes, *, path: str, encoding: str | None = None, strict: bool = False
) -> Decoded:
    """Bytes -> text, and which encoding it was read in.

    A BOM decides first. Without one and without `encoding`, UTF-8 is tried;
    when it fails, the legacy encoding whose text reads most like Vietnamese
    is chosen (and said). A given `encoding` whose text does not read as
    Vietnamese gets a warning, or under `strict` an InputError.
    """
    notices: list[Notice] = []
    if data.startswith((b"PK\x03\x04", *(magic for magic, _ in _BINARY_KINDS))):
        raise InputError(_binary(data), path=path)  # (never a text, with or without NULs)
    bom = next((name for bom, name in _BOMS if data.startswith(bom)), None)
    if encoding:
        try:
            codec = charsets.lookup(encoding)
        except LookupError as exc:
            raise InputError(
                f"unknown encoding {encoding!r} (a Python codec, or one of"
                f" {', '.join(charsets.TABLES)})"
            ) from exc
    else:
        codec = bom or "utf-8"
    try:
        text = charsets.decode(data, codec)
    except UnicodeDecodeError as exc:
        if encoding or bom:
            raise InputError(
                f"cannot decode as {charsets.display(codec)} at byte {exc.start}: {exc.reason}",
                path=path,
            ) from exc
        text, codec, note = _legacy(data, path, exc)
        notices.append(note)
    else:
        if encoding and codec not in ("utf-8", "utf-8-sig", "utf-16", "utf-32"):
            judged = charsets.plausibility(text)
            if not judged.plausible:
                message = (
                    f"decoded as {charsets.display(codec)} as asked, but the text does not"
                    f" read as Vietnamese ({judged.describe()}); is --encoding right?"
                )
                if strict:
                    raise InputError(message, path=path)
                notices.append(Notice("encoding-implausible", message))
    if text.startswith("\ufeff"):
        text = text[1:]
    if not encoding and codec in ("utf-8", "utf-8-sig"):
        repaired = _legacy_in_unicode(text)
        if repaired is not None:
            text, codec, note = repaired
            notices.append(note)
    if "\x00" in text and not encoding and not bom:
        text, codec, note = _utf16(data, path, None)
        notices.append(note)
    if "\x00" in text:
        raise InputError(_binary(data), path=path)
    return Decoded(text, codec, tuple(notices))


# What a binary file a user gives as a statement is, by its first bytes: the
# documents laws and statements come as (the text must be saved out of them).
_BINARY_KINDS = (
    (b"%PDF-", "a PDF file"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "a Word 97-2003 document (.doc) or another OLE file"),
    (b"{\\rtf1", "an RTF document"),
)


def _binary(data: bytes) -> str:
    """One line saying what a binary file is and what to do with it."""
    kind = next((what for magic, what in _BINARY_KINDS if data.startswith(magic)), None)
    if kind is None and data.startswith(b"PK\x03\x04"):
        head = data[:4096]
        kind = (
            "a Word document (.docx)"
            if b"word/" in head
            else "an OpenDocument text (.odt)"
            if b"opendocument" in head
            else "a ZIP archive"
        )
    if kind is None:
        return "binary file (contains NUL characters), not a text statement"
    return (
        f"{kind}, not a text statement: save its text as UTF-8 (.txt) or the page"
        " as .html, then ingest that"
    )


def _legacy(data: bytes, path: str, error: UnicodeDecodeError) -> tuple[str, str, Notice]:
    """The legacy encoding a file that is not UTF-8 reads best in, or an InputError."""
    if b"\x00" in data:
        # No 8-bit encoding has NULs in text; UTF-16 saved without a BOM has.
        return _utf16(data, path, error)
    detected = charsets.detect(data)
    if (
        detected is None
        or detected.plausibility.words < charsets.MIN_EVIDENCE
        or not (detected.plausibility.plausible)
    ):
        best = (
            ""
            if detected is None
            else f"; best legacy guess {charsets.display(detected.encoding)}:"
            f" {detected.plausibility.describe()}"
        )
        raise InputError(
            f"cannot decode as UTF-8 at byte {error.start}: {error.reason}, and it does not"
            f" read as Vietnamese in {', '.join(map(charsets.display, charsets.LEGACY))}"
            f"{best} (pass --encoding)",
            path=path,
        ) from error
    try:
        text = charsets.decode(data, detected.encoding)
    except UnicodeDecodeError as exc:
        raise InputError(
            f"not UTF-8, and reads as {charsets.display(detected.encoding)} at first but"
            f" cannot be decoded as it at byte {exc.start}: {exc.reason} (pass --encoding)",
            path=path,
        ) from exc
    note = Notice(
        "encoding-detected",
        f"not UTF-8: read as {charsets.display(detected.encoding)}"
        f" ({detected.plausibility.describe()}; pass --encoding to choose)",
        warning=False,
    )
    return text, detected.encoding, note


# Vietnamese letters (and combining tone marks) outside Latin-1 and Windows-1252.
_BEYOND_LATIN_1 = re.compile(
    "[\u0102\u0103\u0110\u0111\u0128\u0129\u0168\u0169\u01a0\u01a1\u01af\u01b0\u0300-\u0323\u1ea0-\u1ef9]"
)


_XML_ROOT = re.compile(r"<(?:\?xml[^>]*\?>\s*)?(?:<!--.*?-->\s*)*<?([A-Za-z_][\w.:-]*)", re.S)
_BILINGUAL_ROOTS = {"tmx": "a TMX file", "xliff": "an XLIFF file"}


def _refuse_data_file(text: str, path: str) -> None:
    """An InputError for a file of data given as a statement: a JSON or JSON Lines
    dataset (a law as a RAG corpus stores it), a TMX or XLIFF file, other XML. Read
    as text, its syntax would become clauses (`{"content": "Điều 1. …\\n…`)."""
    head = text.lstrip("\ufeff \t\r\n")
    what = None
    if head[:1] in "{[":
        import json

        try:
            value = json.loads(text)
        except ValueError:
            lines = [line for line in text.splitlines() if line.strip()]
            try:
                if len(lines) > 1 and all(isinstance(json.loads(x), dict) for x in lines):
                    what = "a JSON Lines file"
            except ValueError:
                pass
        else:
            if isinstance(value, (dict, list)):
                what = "a JSON file"
    elif head.startswith("<"):
        root = _XML_ROOT.match(head[:4096])
        if root is not None and (
            head.startswith("<?xml") or root.group(1).lower() in _BILINGUAL_ROOTS
        ):
            name = root.group(1).split(":")[-1].lower()
            if name in _BILINGUAL_ROOTS:
                raise InputError(
                    f"{_BILINGUAL_ROOTS[name]} (a bilingual file), not a text statement: check it"
                    " with `normcorpus check FILE`",
                    path=path,
                )
            what = "an XML file"
    if what is not None:
        raise InputError(
            f"{what}, not a text statement: save the statement's text as UTF-8 (.txt, one"
            " paragraph a line), then ingest that",
            path=path,
        )


def _legacy_in_unicode(text: str) -> tuple[str, str, Notice] | None:
    """A Unicode text that is a legacy encoding's bytes read as Windows-1252 or
    Latin-1 (an old document's text copied out of a PDF or a page whose font did
    the decoding: `Coäng hoøa xaõ hoäi` is VNI, `Céng hoµ x· héi` TCVN3), read
    again in that encoding; None when the text reads as Vietnamese already or no
    legacy encoding makes it read so."""
    sample = text[: charsets.SAMPLE_BYTES]
    # (a letter only Unicode's Vietnamese has, or no letter beyond ASCII: not such
    # a copy; this look costs microseconds, the syllable count milliseconds)
    if sample.isascii() or _BEYOND_LATIN_1.search(sample):
        return None
    judged = charsets.plausibility(sample)
    if judged.plausible:
        return None
    for latin in ("cp1252", "latin-1"):
        try:
            data = text.encode(latin)
        except UnicodeEncodeError:
            continue
        detected = charsets.detect(data)
        if (
            detected is None
            or not detected.plausibility.plausible
            or detected.plausibility.words < charsets.MIN_EVIDENCE
            or detected.plausibility.syllables <= judged.syllables
        ):
            return None
        try:
            repaired = charsets.decode(data, detected.encoding)
        except UnicodeDecodeError:
            return None
        note = Notice(
            "encoding-detected",
            f"UTF-8 holding {charsets.display(detected.encoding)} text read as"
            f" {'Windows-1252' if latin == 'cp1252' else 'Latin-1'} (a copy from a document"
            f" in an old Vietnamese font): read as {charsets.display(detected.encoding)}"
            f" ({detected.plausibility.describe()}; before: {judged.describe()};"
            " pass --encoding utf-8 to keep it as it is)",
            warning=False,
        )
        return repaired, f"utf-8+{detected.encoding}", note
    return None


def _utf16(data: bytes, path: str, error: UnicodeDecodeError | None) -> tuple[str, str, Notice]:
    """UTF-16 without a byte-order mark (its text has no NULs), or an InputError."""
    for codec in ("utf-16-le", "utf-16-be"):
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        if "\x00" not in text and _latin(text) and charsets.plausibility(text).plausible:
            note = Notice(
                "encoding-detected",
                f"not UTF-8: read as {codec.upper()} (saved without a byte-order mark)",
                warning=False,
            )
            return text, codec, note
    raise InputError(_binary(data), path=path)


def _latin(text: str) -> bool:
    """Whether a text is written in the Latin script (Vietnamese and English are).

    Binary data read as UTF-16 turns into CJK and other scripts; "no evidence
    against Vietnamese" is not enough to call it text.
    """
    # Latin (with Extended Additional for Vietnamese), combining marks, punctuation.
    latin = sum(
        1 for c in text if c < "\u0250" or "\u1e00" <= c <= "\u20cf" or "\u0300" <= c <= "\u036f"
    )
    return bool(text) and latin >= 0.95 * len(text)


def decode(data: bytes, *, path: str, encoding: str | None = None) -> str:
    """Bytes -> str, naming the file and byte offset of anything undecodable."""
    return decode_file(data, path=path, encoding=encoding).text


def read_bytes(path: Path) -> bytes:
    return fileio.read_bytes(path, what="statement file")


def optional_bytes(path: Path) -> bytes | None:
    """A companion file's bytes (`.meta.yaml`), or None when there is none.

    A name too long for the file system cannot name an existing file either.
    """
    try:
        os.stat(path)
    except FileNotFoundError:
        return None
    except OSError as exc:
        if exc.errno in (errno.ENAMETOOLONG, errno.ENOTDIR):
            return None
        raise InputError(f"cannot read: {exc.strerror}", path=str(path)) from exc
    return read_bytes(path)


# --- metadata ---------------------------------------------------------------


def meta_path(path: Path) -> Path:
    return path.with_name(path.stem + META_SUFFIX)


# What a `.meta.yaml` may hold. Keys not named here are kept out of the
# metadata but allowed (notes for the people who keep the corpus).
META_SCHEMA = safeyaml.Map(
    {
        "title": safeyaml.OneOf(
            (safeyaml.Str(), safeyaml.Map({"vi": safeyaml.Str(), "en": safeyaml.Str()}))
        ),
        "date": safeyaml.Date(),
        "place": safeyaml.Str(),
        "parties": safeyaml.StrList(),
        "kind": safeyaml.Str(),
        "language": safeyaml.Str(),
        "source": safeyaml.OneOf(
            (
                safeyaml.Str(),
                safeyaml.Map(
                    {
                        "outlet": safeyaml.Str(),
                        "published": safeyaml.Date(),
                        "file": safeyaml.Str(),
                        "url": safeyaml.Str(),
                        "note": safeyaml.Str(),
                    }
                ),
            )
        ),
        # The statement's published English version (`<doc>.en.txt`), aligned by ingest.
        "translation": safeyaml.Map(
            {
                "file": safeyaml.Str(),
                "shipped": safeyaml.Bool(),
                "official": safeyaml.Bool(),
                "publisher": safeyaml.Str(),
                "url": safeyaml.Str(),
                "date": safeyaml.Date(),
                "title": safeyaml.Str(),
                "note": safeyaml.Str(),
            }
        ),
    },
    name="a mapping of keys to values",
)
# A metadata file is a few lines: these limits only stop a hostile one.
META_LIMITS = safeyaml.Limits(max_bytes=256 * 1024, max_depth=16, max_aliases=16, max_values=5000)


def read_meta(path: Path) -> tuple[DocumentMeta, bytes]:
    """The metadata beside a statement (empty when there is no meta file).

    Read with the safe loader and held to META_SCHEMA: a wrong type or an
    impossible date is one `file:line:col` error.
    """
    meta, raw, _notices = read_meta_noting(path)
    return meta, raw


def read_meta_noting(path: Path) -> tuple[DocumentMeta, bytes, tuple[Notice, ...]]:
    """read_meta, and a notice for each unknown key that looks like a misspelt known
    one (`dat:` for `date:`): other keys are the keepers' notes, and pass unsaid."""
    mpath = meta_path(path)
    raw = optional_bytes(mpath)
    if raw is None:
        return DocumentMeta(), b"", ()
    if len(raw) > META_LIMITS.max_bytes:
        raise InputError(
            f"too large for a metadata file ({len(raw):,} bytes; at most"
            f" {META_LIMITS.max_bytes:,})",
            path=str(mpath),
        )
    loaded = safeyaml.load(decode(raw, path=str(mpath)), path=str(mpath), limits=META_LIMITS)
    if loaded.value is None:
        return DocumentMeta(), raw, ()
    data = safeyaml.check(loaded, META_SCHEMA)
    notices = _misspelt_keys(data, loaded, mpath)
    title = data.get("title") or {}
    if isinstance(title, str):
        title = {"vi": title}
    source = data.get("source") or {}
    if isinstance(source, str):
        source = {"outlet": source}
    meta = DocumentMeta(
        title_vi=title.get("vi"),
        title_en=title.get("en"),
        date=data.get("date"),
        place=data.get("place"),
        parties=tuple(data.get("parties") or ()),
        kind=data.get("kind"),
        outlet=source.get("outlet"),
        published=source.get("published"),
        translation=_translation(data.get("translation"), mpath),
    )
    return meta, raw, notices


def _misspelt_keys(
    data: dict[str, Any], loaded: safeyaml.Loaded, mpath: Path
) -> tuple[Notice, ...]:
    import difflib

    known = list(META_SCHEMA.fields)
    notices = []
    for key in data:
        if not isinstance(key, str) or key in META_SCHEMA.fields:
            continue
        close = difflib.get_close_matches(key, known, n=1, cutoff=0.75)
        if close:
            at = loaded.at((key,))
            where = f"{mpath}:{at[0]}" if at else str(mpath)
            notices.append(
                Notice(
                    "meta-key-unknown",
                    f"{where}: unknown key {key!r} (did you mean {close[0]!r}?); kept as a note,"
                    " not read",
                )
            )
    return tuple(notices)


def _translation(entry: dict[str, Any] | None, mpath: Path) -> PublishedTranslation | None:
    """`translation:` (already held to the schema) as a PublishedTranslation."""
    if entry is None:
        return None
    name = entry.get("file")
    if name is not None and (Path(name).name != name or not name.endswith(ENGLISH_SUFFIX)):
        raise InputError(
            f"translation.file must name a file beside the statement ending in"
            f" {ENGLISH_SUFFIX} (ingest reads it as English, not as a statement), not {name!r}",
            path=str(mpath),
        )
    official = entry.get("official")
    return PublishedTranslation(
        file=name,
        shipped=entry.get("shipped", True) is not False,
        official=official,
        publisher=entry.get("publisher"),
        url=entry.get("url"),
        date=entry.get("date"),
        title=entry.get("title"),
        note=entry.get("note"),
    )


# --- documents --------------------------------------------------------------


def _dateline_date(
    text: str, body: chrome.Located, rules: ChromeRules, statute: str | None
) -> str | None:
    """A news lead's `Sáng 22-5,` dated from the text's own year; never a statute's
    (its date is its place-and-date line, or none)."""
    if statute is not None or not body.paragraphs:
        return None
    lead_end = body.paragraphs[: dateline.load_rules().lead_paragraphs][-1].end
    if any(p.search(line) for line in text[:lead_end].splitlines() for p in rules.legal_header):
        return None
    return dateline.date(text, body.paragraphs)


def source_digest(
    raw: bytes,
    meta_raw: bytes,
    *,
    encoding: str | None,
    rules: ChromeRules,
    strip: bool = True,
    html: bool = False,
) -> str:
    """What decides a document's records: its bytes, its metadata, the codec, the chrome rules
    (and, for a web page, that it is read as one)."""
    digest = hashlib.sha256()
    # (`--no-strip` is a different reading; the default adds nothing, so digests of
    # earlier stores still hold.)
    parts = [raw, meta_raw, (encoding or "").encode(), rules.digest.encode()]
    parts.append(dateline.load_rules().digest.encode())
    if not strip:
        parts.append(b"no-strip")
    if html:  # (pages read as raw text before `htmltext` are read again)
        parts.append(b"html-text/1")
    for part in parts:
        digest.update(hashlib.sha256(part).digest())
    return digest.hexdigest()


# Ids are file names too (`records/<id>.jsonl`, its temp copies beside it) and
# parts of clause ids (`<id>:p01.s01.c01`): ASCII, no `:`, and short enough to
# stay far below the 255-byte name limit of common file systems.
DOC_ID_MAX = 80
_ID_OTHER = re.compile(r"[^a-z0-9._]+")


def doc_id(path: Path) -> str:
    """The document id a file name gives (`Luật An ninh mạng.txt` -> `luat-an-ninh-mang`).

    Lower-case ASCII letters, digits, `.`, `_` and `-`: diacritics are folded,
    anything else (spaces, control characters, other scripts) becomes `-`.
    A name that loses letters on the way (another script) or is longer than
    `DOC_ID_MAX` gets 8 hex digits of its digest, so distinct names stay
    distinct; names that still give one id are refused by ingest.
    """
    stem = path.name[: -len(path.suffix)] if path.suffix in TEXT_SUFFIXES else path.name
    folded = normalize.fold(normalize.nfc(stem)).lower()
    slug = _ID_OTHER.sub("-", folded).strip("-._")
    lost = any(c.isalpha() and not c.isascii() for c in folded)
    if slug == stem and len(slug) <= DOC_ID_MAX:
        return slug
    if not slug or lost or len(slug) > DOC_ID_MAX:
        tag = hashlib.sha256(stem.encode("utf-8", "surrogateescape")).hexdigest()[:8]
        slug = f"{slug[: DOC_ID_MAX - 9].rstrip('-._')}-{tag}".lstrip("-")
    return slug


def read_document(
    path: str | Path,
    *,
    encoding: str | None = None,
    rules: ChromeRules | None = None,
    strict: bool = False,
    strip: bool = True,
) -> Document:
    """Read one statement file into a normalised, chrome-located Document.

    `strict` turns a doubtful `encoding` (text that does not read as
    Vietnamese) from a notice into an InputError; `strip=False` keeps every
    line as statement text.
    """
    path = Path(path)
    rules = rules or load_chrome_rules()
    raw = read_bytes(path)
    if not raw or raw.isspace():  # (`raw.strip()` would copy the file)
        raise InputError("empty file", path=str(path))
    decoded = decode_file(raw, path=str(path), encoding=encoding, strict=strict)
    text, used, decode_notices = decoded.text, decoded.encoding, decoded.notices
    meta, meta_raw, meta_notices = read_meta_noting(path)
    html = htmltext.is_html(path.name, raw)
    if not html:
        _refuse_data_file(text, str(path))
    digest = source_digest(raw, meta_raw, encoding=encoding, rules=rules, strip=strip, html=html)
    # The bytes and the decoded text are let go as soon as they are used: a
    # file of many megabytes is held once, as text, while it is read.
    del raw, decoded
    if html:
        text = htmltext.to_text(text)
    text = normalize.text(normalize.line_ends(text))
    body = chrome.locate(text, rules, strip=strip)
    if not body.paragraphs and body.title_span is None:
        raise InputError("no statement text left after removing chrome", path=str(path))
    statute = statute_title(text, body, rules)
    meta = replace(
        meta,
        title_vi=meta.title_vi or statute or body.title,
        date=meta.date or body.published or _dateline_date(text, body, rules, statute),
        published=meta.published or body.published,
        file_name=path.name,
        encoding=used,
        chrome=body.chrome,
    )
    return Document(
        id=doc_id(path),
        path=str(path),
        text=text,
        paragraphs=body.paragraphs,
        meta=meta,
        source_sha256=digest,
        notices=decode_notices + meta_notices + body.notices,
        title=body.title_span,
    )


@dataclass(frozen=True, slots=True)
class Discovered:
    files: tuple[Path, ...]
    # directory entries named like statements that are not files: (path, why)
    skipped: tuple[tuple[Path, str], ...] = ()
    # subfolders of a given directory that hold statement files, which are not read
    folders: tuple[Path, ...] = ()


def scan(paths: Iterable[str | Path]) -> Discovered:
    """Statement files named by the user: files as given, directories expanded (sorted).

    In a directory, an entry that is a FIFO, a device, a socket or a broken
    link (or a link to one) is skipped and said; files named by the user are
    passed on, and reading them says what is wrong. A directory's subfolders are
    not read; those holding statement files are listed (`folders`), to be said.
    """
    found: list[Path] = []
    skipped: list[tuple[Path, str]] = []
    folders: list[Path] = []
    for item in paths:
        path = Path(item)
        if not path.is_dir():
            found.append(path)
            continue
        for entry in sorted(path.iterdir()):
            if entry.name.startswith("."):
                continue
            if entry.is_dir() and entry.suffix not in TEXT_SUFFIXES:  # (`x.txt/`: an error)
                if any(f.suffix in TEXT_SUFFIXES for f in entry.rglob("*") if f.is_file()):
                    folders.append(entry)
                continue
            if entry.suffix not in TEXT_SUFFIXES:
                continue
            if is_english_version(entry):  # read with its statement (ingest says if alone)
                continue
            try:
                mode = os.stat(entry).st_mode
            except OSError as exc:
                why = "a broken symbolic link" if entry.is_symlink() else exc.strerror
                skipped.append((entry, f"skipped: {why}"))
                continue
            kind = fileio.file_kind(mode)
            if kind is None:
                found.append(entry)
            else:
                skipped.append((entry, f"skipped: {kind}, not a regular file"))
    return Discovered(tuple(found), tuple(skipped), tuple(folders))


def is_english_version(path: Path) -> bool:
    """`<doc>.en.txt`: a statement's published English version, not a statement."""
    return path.name.lower().endswith(ENGLISH_SUFFIX)


def english_version(statement: Path, meta: DocumentMeta | None = None) -> Path:
    """Where a statement's published English version is (whether it is there or not):
    the file its `translation:` entry names, else `<doc>.en.txt` beside it (for
    `<name>.vi.txt`, `<name>.en.txt` when that is the one there)."""
    entry = meta.translation if meta is not None else None
    if entry is not None and entry.file:
        return statement.with_name(entry.file)
    stem = statement.name[: -len(statement.suffix)] if statement.suffix else statement.name
    default = statement.with_name(stem + ENGLISH_SUFFIX)
    # The natural pair `law.vi.txt` + `law.en.txt` (document id `law.vi`): its English
    # is `law.en.txt` when there is no `law.vi.en.txt`.
    if stem.lower().endswith(".vi") and not default.exists():
        paired = statement.with_name(stem[:-3] + ENGLISH_SUFFIX)
        if paired.exists():
            return paired
    return default


def discover(paths: Iterable[str | Path]) -> list[Path]:
    """The statement files of `scan()` (what it skipped is not said)."""
    return list(scan(paths).files)
