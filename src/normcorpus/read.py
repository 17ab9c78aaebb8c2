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
import hashlib
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from . import fileio, normalize
from .errors import InputError
from .models import Document, DocumentMeta, Span

TEXT_SUFFIXES = (".txt",)
META_SUFFIX = ".meta.yaml"
DOC_ID = re.compile(r"^[a-z0-9][a-z0-9._-]*$")

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


# --- chrome rules -----------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ChromeRules:
    title_line: bool
    date_lines: tuple[re.Pattern[str], ...]
    block_starts: tuple[re.Pattern[str], ...]
    drop_lines: tuple[re.Pattern[str], ...]
    cut_from: tuple[str, ...]
    quote_open: str | None
    quote_close: str | None
    quote_min_share: float
    digest: str


def load_chrome_rules(path: str | Path | None = None) -> ChromeRules:
    """Load boilerplate rules (the packaged `chrome.yaml` unless a path is given)."""
    if path is None:
        raw = resources.files("normcorpus").joinpath("resources/chrome.yaml").read_bytes()
        name = "chrome.yaml"
    else:
        raw = fileio.read_bytes(path, what="chrome rules file", missing="no chrome rules file")
        name = str(path)
    return _parse_chrome_rules(raw, name)


@lru_cache(maxsize=8)
def _parse_chrome_rules(raw: bytes, name: str) -> ChromeRules:
    try:
        data = yaml.safe_load(raw.decode("utf-8")) or {}
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise InputError(f"invalid chrome rules: {exc}".splitlines()[0], path=name) from exc

    def patterns(key: str) -> tuple[re.Pattern[str], ...]:
        out = []
        for pattern in data.get(key) or ():
            try:
                out.append(re.compile(pattern))
            except re.error as exc:
                raise InputError(f"bad pattern in {key}: {pattern!r}: {exc}", path=name) from exc
        return tuple(out)

    quoted = data.get("quoted_body") or {}
    return ChromeRules(
        title_line=data.get("title_line") == "first",
        date_lines=patterns("date_lines"),
        block_starts=patterns("block_starts"),
        drop_lines=patterns("drop_lines"),
        cut_from=tuple(data.get("cut_from") or ()),
        quote_open=quoted.get("open"),
        quote_close=quoted.get("close"),
        quote_min_share=float(quoted.get("min_share", 0.6)),
        digest=hashlib.sha256(raw).hexdigest(),
    )


# --- decoding ---------------------------------------------------------------


def decode(data: bytes, *, path: str, encoding: str | None = None) -> str:
    """Bytes -> str, naming the file and byte offset of anything undecodable."""
    if encoding:
        try:
            codec = codecs.lookup(encoding).name
        except LookupError as exc:
            raise InputError(f"unknown encoding {encoding!r}") from exc
    else:
        codec = next((name for bom, name in _BOMS if data.startswith(bom)), "utf-8")
    try:
        text = data.decode(codec)
    except UnicodeDecodeError as exc:
        raise InputError(
            f"cannot decode as {codec} at byte {exc.start}: {exc.reason}"
            " (pass --encoding for a legacy encoding such as cp1258)",
            path=path,
        ) from exc
    if text.startswith("\ufeff"):
        text = text[1:]
    if "\x00" in text:
        raise InputError("binary file (contains NUL characters), not a text statement", path=path)
    return text


def read_bytes(path: Path) -> bytes:
    return fileio.read_bytes(path, what="statement file")


# --- metadata ---------------------------------------------------------------


def meta_path(path: Path) -> Path:
    return path.with_name(path.stem + META_SUFFIX)


def _iso(value: Any) -> str | None:
    return None if value is None else str(value)


def read_meta(path: Path) -> tuple[DocumentMeta, bytes]:
    """The metadata beside a statement (empty when there is no meta file)."""
    mpath = meta_path(path)
    if not mpath.exists():
        return DocumentMeta(), b""
    raw = read_bytes(mpath)
    try:
        data = yaml.safe_load(decode(raw, path=str(mpath)))
    except yaml.YAMLError as exc:
        line = getattr(getattr(exc, "problem_mark", None), "line", None)
        raise InputError(
            f"invalid YAML: {getattr(exc, 'problem', None) or exc}",
            path=str(mpath),
            line=None if line is None else line + 1,
        ) from exc
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise InputError("metadata must be a mapping of keys to values", path=str(mpath))
    title = data.get("title") or {}
    if isinstance(title, str):
        title = {"vi": title}
    source = data.get("source") or {}
    if not isinstance(source, dict):
        source = {"outlet": str(source)}
    parties = data.get("parties") or ()
    if isinstance(parties, str):
        parties = (parties,)
    meta = DocumentMeta(
        title_vi=title.get("vi"),
        title_en=title.get("en"),
        date=_iso(data.get("date")),
        place=data.get("place"),
        parties=tuple(str(p) for p in parties),
        kind=data.get("kind"),
        outlet=source.get("outlet"),
        published=_iso(source.get("published")),
    )
    return meta, raw


# --- chrome -----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Body:
    paragraphs: tuple[Span, ...]
    title: str | None
    published: str | None


def _lines(text: str) -> Iterator[tuple[int, int]]:
    start = 0
    for line in text.split("\n"):
        yield start, start + len(line)
        start += len(line) + 1


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def strip_chrome(text: str, rules: ChromeRules) -> _Body:
    """Locate the statement in a page: paragraph spans, title and date line."""
    kept: list[tuple[int, int]] = []
    title: str | None = None
    published: str | None = None
    in_block = False
    for start, end in _lines(text):
        line = text[start:end]
        if not line.strip():
            in_block = False
            continue
        if in_block:
            continue
        if rules.title_line and title is None and not kept:
            title = line.strip()
            continue
        if any(p.search(line) for p in rules.block_starts):
            in_block = True
            continue
        date_match = next((m for p in rules.date_lines if (m := p.search(line))), None)
        if date_match:
            if published is None:
                d = date_match.groupdict()
                published = f"{int(d['year']):04d}-{int(d['month']):02d}-{int(d['day']):02d}"
            continue
        if any(p.search(line) for p in rules.drop_lines):
            continue
        for marker in rules.cut_from:
            cut = line.find(marker)
            if cut != -1:
                end = start + cut
                line = text[start:end]
        start, end = _trim(text, start, end)
        if end > start:
            kept.append((start, end))
    kept = _quoted_body(text, kept, rules)
    return _Body(tuple(Span(s, e) for s, e in kept), title, published)


def _quoted_body(
    text: str, kept: list[tuple[int, int]], rules: ChromeRules
) -> list[tuple[int, int]]:
    """Clip the kept lines to one quotation when it holds most of their text."""
    if not rules.quote_open or not rules.quote_close or not kept:
        return kept
    opening = next(
        (
            (i, pos)
            for i, (s, e) in enumerate(kept)
            if (pos := text.find(rules.quote_open, s, e)) != -1
        ),
        None,
    )
    closing = next(
        (
            (i, pos)
            for i in range(len(kept) - 1, -1, -1)
            if (pos := text.rfind(rules.quote_close, *kept[i])) != -1
        ),
        None,
    )
    if opening is None or closing is None or closing[1] <= opening[1]:
        return kept
    first, body_start = opening[0], opening[1] + len(rules.quote_open)
    last, body_end = closing
    clipped = []
    for i in range(first, last + 1):
        s, e = kept[i]
        s, e = _trim(text, max(s, body_start), min(e, body_end))
        if e > s:
            clipped.append((s, e))
    total = sum(e - s for s, e in kept)
    inside = sum(e - s for s, e in clipped)
    return clipped if total and inside / total >= rules.quote_min_share else kept


# --- documents --------------------------------------------------------------


def source_digest(raw: bytes, meta_raw: bytes, *, encoding: str | None, rules: ChromeRules) -> str:
    """What decides a document's records: its bytes, its metadata, the codec, the chrome rules."""
    digest = hashlib.sha256()
    for part in (raw, meta_raw, (encoding or "").encode(), rules.digest.encode()):
        digest.update(hashlib.sha256(part).digest())
    return digest.hexdigest()


def doc_id(path: Path) -> str:
    """The document id a file name gives (`vn-ru-2017-infosec.txt` -> `vn-ru-2017-infosec`)."""
    name = path.stem
    if not DOC_ID.match(name):
        raise InputError(
            "file name is not a usable document id (lower-case letters, digits, '.', '_', '-')",
            path=str(path),
        )
    return name


def read_document(
    path: str | Path,
    *,
    encoding: str | None = None,
    rules: ChromeRules | None = None,
) -> Document:
    """Read one statement file into a normalised, chrome-located Document."""
    path = Path(path)
    rules = rules or load_chrome_rules()
    raw = read_bytes(path)
    if not raw.strip():
        raise InputError("empty file", path=str(path))
    decoded = decode(raw, path=str(path), encoding=encoding)
    text = normalize.text(normalize.line_ends(decoded))
    meta, meta_raw = read_meta(path)
    body = strip_chrome(text, rules)
    if not body.paragraphs:
        raise InputError("no statement text left after removing chrome", path=str(path))
    meta = DocumentMeta(
        title_vi=meta.title_vi or body.title,
        title_en=meta.title_en,
        date=meta.date or body.published,
        place=meta.place,
        parties=meta.parties,
        kind=meta.kind,
        outlet=meta.outlet,
        published=meta.published or body.published,
    )
    return Document(
        id=doc_id(path),
        path=str(path),
        text=text,
        paragraphs=body.paragraphs,
        meta=meta,
        source_sha256=source_digest(raw, meta_raw, encoding=encoding, rules=rules),
    )


def discover(paths: Iterable[str | Path]) -> list[Path]:
    """Statement files named by the user: files as given, directories expanded (sorted)."""
    found: list[Path] = []
    for item in paths:
        path = Path(item)
        if path.is_dir():
            found.extend(
                sorted(
                    p
                    for p in path.iterdir()
                    if p.suffix in TEXT_SUFFIXES and not p.name.startswith(".")
                )
            )
        else:
            found.append(path)
    return found
