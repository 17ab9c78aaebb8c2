"""What a translation keeps as it is, found in a segment's text.

Placeholders (`{0}`, `{name}`, `{{ name }}`, `%s`, `%1$s`, `%(name)s`), inline
tags (`<b>`, `</g>`, `<x id="1"/>`), URLs, e-mail addresses, all-caps acronyms
and code-like identifiers (`i18n`, `QH11`, `file.ext`) are not translated; the
formal rules check they are kept, the number rule does not read digits inside
them, and a target that copies a source made only of them (and of names and
numbers) is not untranslated.

The patterns live here, apart from the rules that use them. Each finder first
asks whether the characters its pattern needs are there at all (a substring
test), because most segments have none of these.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

# {0} {name} {{ name }} (ICU/.NET/Python format, Twig/Jinja/Symfony);
# printf: %s %d %1$s %-5.2f %(name)s %@ (not `%%`, not a percentage: `15% of`,
# which the look-behind keeps out when a digit stands before the sign).
PLACEHOLDER = re.compile(
    r"\{\{\s*[\w.|: ]+?\s*\}\}"
    r"|\{\s*[\w.]+(?:\s*,\s*\w+)*\s*\}"
    r"|(?<![\w%])%(?:\d+\$)?(?:\([\w.]+\))?[-+ #0]*\d*(?:\.\d+)?[sdifuxXoeEgGcr@](?![^\W\d_])"
)
# An XML/HTML tag, opening, closing or empty: `<b>`, `</b>`, `<x id="1"/>`.
TAG = re.compile(r"</?[A-Za-z][\w:.-]*(?:\s+[\w:.-]+\s*=\s*(?:\"[^\"<>]*\"|'[^'<>]*'))*\s*/?>")
URL = re.compile(
    r"\b(?:https?|ftp)://[^\s<>\"“”'‘’()\[\]]+[^\s<>\"“”'‘’()\[\].,;:!?]|\bwww\.[^\s<>\"“”'‘’()\[\]]+[^\s<>\"“”'‘’()\[\].,;:!?]",
    re.IGNORECASE,
)
EMAIL = re.compile(r"\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b")
# Two or more capital letters (digits may follow or stand between): ASEAN, ICT, G20, ISO.
ACRONYM = re.compile(r"(?<![\w-])[A-Z](?:[A-Z0-9&]*[A-Z])(?:s)?(?![\w-])")


def placeholders(text: str) -> list[str]:
    if "{" not in text and "%" not in text:
        return []
    return ["".join(m.group().split()) for m in PLACEHOLDER.finditer(text)]  # {{ a }} = {{a}}


def tags(text: str) -> list[str]:
    if "<" not in text:
        return []
    return [_tag_key(m.group()) for m in TAG.finditer(text)]


def _tag_key(tag: str) -> str:
    """A tag as compared: its name, kind and id (other attributes may change),
    written as a tag so that a message shows it as a translator knows it
    (`<g id="1">`, `</g>`, `<x id="2"/>`)."""
    closing = tag.startswith("</")
    empty = tag.endswith("/>")
    name = re.match(r"</?([^\s/>]+)", tag).group(1)  # type: ignore[union-attr]
    ident = re.search(r"\bid\s*=\s*[\"']([^\"']*)", tag)
    attribute = f' id="{ident.group(1)}"' if ident else ""
    return f"<{'/' if closing else ''}{name}{attribute}{'/' if empty else ''}>"


def links(text: str) -> list[str]:
    """URLs and e-mail addresses, as written (without trailing punctuation)."""
    if "://" not in text and "www." not in text and "@" not in text:
        return []
    found = [m.group() for m in URL.finditer(text)]
    if "@" in text:
        found += [m.group() for m in EMAIL.finditer(text)]
    return found


def acronyms(text: str) -> list[str]:
    """The all-caps acronyms of `text`; none in a heading in capitals (`THE
    NATIONAL ASSEMBLY`), whose words are words (as `translatable_words` reads it)."""
    found = [m.group() for m in ACRONYM.finditer(text)]
    if len(found) >= 3 and _heading_in_capitals(text):
        return []
    return found


def _heading_in_capitals(text: str) -> bool:
    """Three words or more, all in capitals."""
    return text.isupper() and len(_WORD.findall(_CODE.sub(" ", text))) >= 3


def protected_spans(text: str) -> list[tuple[int, int]]:
    """Where placeholders, tags, URLs and e-mail addresses are (their digits are no numbers)."""
    spans: list[tuple[int, int]] = []
    if "{" in text or "%" in text:
        spans += [m.span() for m in PLACEHOLDER.finditer(text)]
    if "<" in text:
        spans += [m.span() for m in TAG.finditer(text)]
    if "://" in text or "www." in text or "@" in text:
        spans += [m.span() for m in URL.finditer(text)]
        spans += [m.span() for m in EMAIL.finditer(text)]
    return spans


# A word with letters: what is left to translate once the rest is taken out.
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")
# A token with letters and digits glued together, or with dots or slashes
# inside (code, identifiers, file names, versions): i18n, QH11, file.ext, a/b;
# or one letter repeated, a date or time format's field (`dddd`, `yyyy`, `hh`:
# Qt's `yyyy-MM-dd dddd`).
_CODE = re.compile(
    r"[\w]+(?:[./:\\_-][\w]+)+|[^\W\d_]+\d\w*|\d+[^\W\d_]+\d\w*"
    r"|(?<!\w)(?P<letter>[^\W\d_])(?P=letter)+(?!\w)"
)


@lru_cache(maxsize=4096)
def translatable_words(text: str) -> tuple[str, ...]:
    """The words of `text` that a translation would change.

    Left out: placeholders, tags, URLs, e-mail addresses, code-like tokens,
    numbers, acronyms, and words with a capital (names: `Hà Nội`, `Symfony`, `iPhone`;
    a sentence's first word is capitalised too, so a one-word segment in
    title case counts as a name); a heading in capitals of three words or
    more is words, not acronyms.
    """
    for start, end in sorted(protected_spans(text), reverse=True):
        text = text[:start] + " " + text[end:]
    text = _CODE.sub(" ", text)
    found = _WORD.findall(text)
    if len(found) >= 3 and text.isupper():  # a heading in capitals: words, not acronyms
        return tuple(word for word in found if len(word) > 1)
    return tuple(word for word in found if word.islower())  # (`iPhone`: a name)


def title_words(text: str) -> tuple[str, ...]:
    """The capitalised words `translatable_words` leaves out as names (`Save`,
    `Google`; not acronyms in capitals, `PDF`, `OK`, nor names in camel case,
    `GitHub`, `iPhone`)."""
    for start, end in sorted(protected_spans(text), reverse=True):
        text = text[:start] + " " + text[end:]
    text = _CODE.sub(" ", text)
    return tuple(w for w in _WORD.findall(text) if w[0].isupper() and w[1:].islower())


def spans_overlap(start: int, end: int, spans: list[tuple[int, int]]) -> bool:
    for s, e in spans:  # noqa: SIM110 (a loop: few spans, no generator to make)
        if start < e and end > s:
            return True
    return False


def words(text: str) -> Iterator[re.Match[str]]:
    return _WORD.finditer(text)
