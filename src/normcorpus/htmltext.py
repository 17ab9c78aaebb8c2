"""A saved web page (HTML) -> its text as a browser shows it, one block a line.

Legal databases and news sites give their texts as HTML pages, and a user saves
the page (`Ctrl+S`) as often as they copy its text. Ingest reads such a page as
the text a reader sees and copies: what the browser does not render is not text
(`<head>`, scripts, styles, elements hidden with `display:none` or `hidden`,
form controls); the source's line breaks inside a paragraph are only spaces to
a browser (a page exported from Word breaks every paragraph at ~80 columns in
its source); each block (`<p>`, `<div>`, `<li>`, a heading, a table row) and
each `<br>` ends a line; a table row's cells stand on one line, separated by a
tab, as a browser copies them. The chrome rules then see the page as they see a
copied one. Built on the standard library's tolerant HTML tokenizer.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

# Elements whose content a browser does not show as text.
_UNRENDERED = frozenset(
    {"head", "script", "style", "noscript", "template", "select", "textarea", "svg", "object"}
)
# Elements that end a line before and after them (the CSS block and list items,
# table rows; cells are joined on their row's line).
_BLOCKS = frozenset(
    {
        "address", "article", "aside", "blockquote", "caption", "center", "dd", "details",
        "dialog", "dir", "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer",
        "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hgroup", "hr", "legend",
        "li", "main", "menu", "nav", "ol", "p", "pre", "section", "summary", "table",
        "tbody", "tfoot", "thead", "tr", "ul",
    }
)  # fmt: skip
_CELLS = frozenset({"td", "th"})
_VOID = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param",
     "source", "track", "wbr"}
)  # fmt: skip
_HIDDEN_STYLE = re.compile(
    r"(?:^|;)\s*display\s*:\s*none\b|(?:^|;)\s*visibility\s*:\s*hidden\b", re.I
)
_SPACES = re.compile(r"[ \t\n\r\f\v\u00a0]+")
# a page's opening: a doctype, or an <html> tag (bare or with attributes)
_DOCTYPE = re.compile(
    r"\A\ufeff?\s*(?:<!--.*?-->\s*)*"
    r"<(?:!doctype\s+html|html(?:\s+[a-z_:][a-z0-9_:.-]*(?:\s*=\s*(?:\"[^\"]*\"|'[^']*'|[^\s>]+))?)*\s*>)",
    re.I | re.S,
)
HTML_SUFFIXES = (".html", ".htm", ".xhtml")


def is_html(name: str, text: str | bytes) -> bool:
    """A page to read as HTML: named `.html`/`.htm`/`.xhtml`, or opening as an HTML document
    (`text` decoded, or the file's bytes: the opening is ASCII in any encoding but UTF-16/32)."""
    head = text[:4096]
    if isinstance(head, bytes):
        head = head.decode("latin-1")
    return name.lower().endswith(HTML_SUFFIXES) or _DOCTYPE.match(head) is not None


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lines: list[str] = []
        self.line: list[str] = []  # the pieces of the line being made
        self.skip: list[str] = []  # the open unrendered or hidden elements, innermost last
        self.pre = 0
        self.cell_open = False

    def _end_line(self) -> None:
        text = "".join(self.line)
        self.line = []
        self.cell_open = False
        if self.pre:  # preformatted: as written
            text = text.rstrip()
        else:  # a row's cells are tab-separated; spaces at a line's ends are the markup's
            text = "\t".join(part.strip(" ") for part in text.split("\t")).strip("\t ")
        if text.strip():
            self.lines.append(text)

    def _hidden(self, tag: str, attrs: list[tuple[str, str | None]]) -> bool:
        if tag in _UNRENDERED:
            return True
        for key, value in attrs:
            if key == "hidden" or (key == "style" and value and _HIDDEN_STYLE.search(value)):
                return True
        return False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.skip:
            if tag == self.skip[-1] and tag not in _VOID:
                self.skip.append(tag)
            return
        if tag not in _VOID and self._hidden(tag, attrs):
            self.skip.append(tag)
            return
        if tag == "br":
            self._end_line()
        elif tag in _BLOCKS:
            self._end_line()
            if tag == "pre":
                self.pre += 1
        elif tag in _CELLS:
            if self.cell_open or self.line:
                self.line.append("\t")
            self.cell_open = True

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in _VOID:
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        if self.skip:
            if tag == self.skip[-1]:
                self.skip.pop()
            return
        if tag in _BLOCKS:
            self._end_line()
            if tag == "pre" and self.pre:
                self.pre -= 1

    def handle_data(self, data: str) -> None:
        if self.skip:
            return
        if self.pre:
            first, *rest = data.split("\n")
            self.line.append(first)
            for part in rest:
                self._end_line()
                self.line.append(part)
            return
        text = _SPACES.sub(" ", data)
        if text == " " and (not self.line or self.line[-1].endswith((" ", "\t"))):
            return
        if self.line and self.line[-1].endswith((" ", "\t")) and text.startswith(" "):
            text = text[1:]
        self.line.append(text)

    def close(self) -> None:
        super().close()
        self._end_line()


def to_text(html: str) -> str:
    """The page's text as a browser renders it: one line a block, no markup."""
    parser = _Text()
    parser.feed(html)
    parser.close()
    return "\n".join(parser.lines) + "\n"
