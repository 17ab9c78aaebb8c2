"""Chrome: what on a saved page is not the statement, found by data rules.

`locate(text, rules)` splits every non-blank line of a normalised text
between statement paragraphs and chrome spans, each span named by the kind
of rule that found it (`resources/chrome.yaml`). Nothing is deleted and
nothing falls between the two: a character is in a paragraph, in a chrome
span, or whitespace.

Most rules act only on a news page, one that shows a news signal (a date
line, a list of related articles, a `>>>` link, a photo caption, an agency
prefix). A text without any (a law, a plain statement) loses only lines
that hold no letter or digit.
"""

from __future__ import annotations

import hashlib
import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from . import fileio, safeyaml
from .errors import InputError
from .models import ChromeSpan, Notice, Span

ACTIONS = ("line", "block", "cut", "prefix", "glued", "date")
SCOPES = ("any", "news")
# the kind of a line repeated right after itself on a news page
REPEAT_KIND = "repeat"
# the kind of an author's name between the headline and the lead
BYLINE_KIND = "byline"


@dataclass(frozen=True, slots=True)
class ChromeRule:
    kind: str
    action: str
    scope: str
    signal: bool
    date: bool
    patterns: tuple[re.Pattern[str], ...]
    max_chars: int | None
    min_words: int
    last: bool = False  # only the page's last line of statement text


@dataclass(frozen=True, slots=True)
class ChromeRules:
    rules: tuple[ChromeRule, ...]
    headline_max_words: int
    final_punctuation: str
    closing: str
    section_max_words: int
    section_max_lines: int
    headline_kind: str
    section_kind: str
    quote_kind: str
    quote_open: str | None
    quote_close: str | None
    quote_min_share: float
    digest: str
    # A hard-wrapped line: the next line goes on the same paragraph when this
    # one ends in none of `wrap_ends` and the next starts in lower case and
    # matches none of `wrap_not_before` (a list marker: `a)`, `đ)`).
    wrap_ends: str = ".!?…;:"
    wrap_not_before: re.Pattern[str] | None = None
    # Where a paragraph holds the start of another, glued to it by an extraction
    # that lost the line break (`… cá nhân.Điều 1.11.NĐ.1.2. Giải thích từ ngữ`):
    # a paragraph is split where one of these matches (an empty match).
    glued_breaks: tuple[re.Pattern[str], ...] = ()
    # A line that ends in a word a number must follow (`… ngày 19 tháng 6 năm` /
    # `2015;`): the next line, opening with that number, goes on, at any width.
    wrap_number_after: re.Pattern[str] | None = None
    # Markup around a line's text (a Markdown copy: `### Điều 1.`, `**Chương I**`):
    # each pattern's group `text` is the line, the rest is chrome of `markup_kind`.
    markup: tuple[re.Pattern[str], ...] = ()
    markup_kind: str = "markup"
    # A metadata block that opens a file (a site's YAML front matter between
    # `---` lines): `open`, then lines matching `line`, then `close`.
    front_matter: tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]] | None = None
    front_matter_kind: str = "front-matter"
    front_matter_max_lines: int = 80
    # Lines only a legal text's own header holds (the state's name, the motto): a
    # page that has one is a legal text even where the page around it shows a
    # news signal (a legal database's date line), and its date is the text's.
    legal_header: tuple[re.Pattern[str], ...] = ()


def load_rules(path: str | Path | None = None) -> ChromeRules:
    """Load chrome rules (the packaged `chrome.yaml` unless a path is given)."""
    if path is None:
        raw = resources.files("normcorpus").joinpath("resources/chrome.yaml").read_bytes()
        name = "chrome.yaml"
    else:
        raw = fileio.read_bytes(path, what="chrome rules file", missing="no chrome rules file")
        name = str(path)
    return _parse(raw, name)


def _compile(pattern: str, where: str, name: str) -> re.Pattern[str]:
    try:
        return re.compile(pattern)
    except (re.error, TypeError) as exc:
        raise InputError(f"bad pattern in {where}: {pattern!r}: {exc}", path=name) from exc


@lru_cache(maxsize=8)
def _parse(raw: bytes, name: str) -> ChromeRules:
    data = safeyaml.load(raw, path=name).value or {}
    if not isinstance(data, dict):
        raise InputError("chrome rules must be a mapping", path=name)

    def table(key: str) -> dict[str, Any]:
        value = data.get(key) or {}
        if not isinstance(value, dict):
            raise InputError(f"{key} must be a mapping", path=name)
        return value

    rules = []
    for number, item in enumerate(data.get("rules") or (), start=1):
        if not isinstance(item, dict) or not isinstance(item.get("kind"), str):
            raise InputError(f"rule {number} needs a kind", path=name)
        kind = item["kind"]
        action, scope = item.get("action", "line"), item.get("scope", "any")
        if action not in ACTIONS or scope not in SCOPES:
            raise InputError(
                f"rule {kind!r}: action must be one of {', '.join(ACTIONS)},"
                f" scope one of {', '.join(SCOPES)}",
                path=name,
            )
        patterns = [_compile(p, kind, name) for p in item.get("patterns") or ()]
        if not patterns and action != "glued":
            raise InputError(f"rule {kind!r} has no patterns", path=name)
        rules.append(
            ChromeRule(
                kind=kind,
                action=action,
                scope=scope,
                signal=bool(item.get("signal")),
                date=bool(item.get("date")),
                patterns=tuple(patterns),
                max_chars=item.get("max_chars"),
                min_words=int(item.get("min_words", 4)),
                last=item.get("where") == "last",
            )
        )
    shape, headline, quoted = table("shape"), table("headline"), table("quoted_body")
    wrapped = shape.get("wrapped") or {}
    not_before, number_after = (
        _compile(wrapped[key], f"shape.wrapped.{key}", name) if wrapped.get(key) else None
        for key in ("not_before", "number_after")
    )
    glued = [_compile(p, "shape.glued_breaks", name) for p in shape.get("glued_breaks") or ()]
    markup, front = table("markup"), table("front_matter")
    markup_patterns = tuple(_compile(p, "markup", name) for p in markup.get("patterns") or ())
    if any("text" not in p.groupindex for p in markup_patterns):
        raise InputError("every markup pattern needs a group named `text`", path=name)
    front_matter = (
        tuple(
            _compile(front[key], f"front_matter.{key}", name) for key in ("open", "line", "close")
        )
        if front
        else None
    )
    legal = table("legal_header")
    return ChromeRules(
        legal_header=tuple(_compile(p, "legal_header", name) for p in legal.get("patterns") or ()),
        markup=markup_patterns,
        markup_kind=str(markup.get("kind", "markup")),
        front_matter=front_matter,  # type: ignore[arg-type]
        front_matter_kind=str(front.get("kind", "front-matter")),
        front_matter_max_lines=int(front.get("max_lines", 80)),
        glued_breaks=tuple(glued),
        wrap_number_after=number_after,
        wrap_ends=str(wrapped.get("ends", ".!?…;:")),
        wrap_not_before=not_before,
        rules=tuple(rules),
        headline_max_words=int(shape.get("headline_max_words", 30)),
        final_punctuation=str(shape.get("final_punctuation", ".!?…;:,")),
        closing=str(shape.get("closing", '"”’»)]')),
        section_max_words=int(shape.get("section_max_words", 5)),
        section_max_lines=int(shape.get("section_max_lines", 3)),
        headline_kind=str(headline.get("kind", "headline")),
        section_kind=str(headline.get("section_kind", "section")),
        quote_kind=str(quoted.get("kind", "outside-quotation")),
        quote_open=quoted.get("open"),
        quote_close=quoted.get("close"),
        quote_min_share=float(quoted.get("min_share", 0.6)),
        digest=hashlib.sha256(raw).hexdigest(),
    )


# --- the shape of a line ------------------------------------------------------


def _words(line: str) -> int:
    return len(line.split())


def ends_sentence(line: str, rules: ChromeRules) -> bool:
    """Whether a line ends in a sentence's punctuation (closing quotes looked through)."""
    stripped = line.rstrip().rstrip(rules.closing).rstrip()
    return bool(stripped) and stripped[-1] in rules.final_punctuation


def headline_like(line: str, rules: ChromeRules) -> bool:
    """Short and without final punctuation: a headline, a title, a link's text."""
    return 0 < _words(line) <= rules.headline_max_words and not ends_sentence(line, rules)


def question_headline(line: str, rules: ChromeRules) -> bool:
    """A headline that asks (`Luật An ninh mạng nghiêm cấm những hành vi nào?`): short,
    one sentence, ending in `?`. Body text where it is not above the lead."""
    stripped = line.rstrip().rstrip(rules.closing).rstrip()
    if not stripped.endswith("?") or not 0 < _words(stripped) <= rules.headline_max_words:
        return False
    # (a colon may label it, `Infographic: …`; no other sentence may end inside)
    return not any(piece[-1] in ".!?…" for piece in stripped[:-1].split() if piece)


def body_like(line: str, rules: ChromeRules) -> bool:
    """Running text: a line that ends a sentence, or one too long for a headline."""
    return ends_sentence(line, rules) or _words(line) > rules.headline_max_words


def _glued_pieces(line: str) -> list[str]:
    """A line cut where a word runs into a capitalised one (`ASEANViệt` -> `ASEAN|Việt`)."""
    cuts = [
        i
        for i in range(1, len(line) - 1)
        if line[i - 1].isalpha()
        and line[i].isupper()
        and line[i + 1].islower()
        and not line[i - 1].isspace()
    ]
    pieces, start = [], 0
    for cut in cuts:
        pieces.append(line[start:cut])
        start = cut
    pieces.append(line[start:])
    return pieces


# --- locating -------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Located:
    """A page taken apart: statement paragraphs, chrome, and what the chrome told."""

    paragraphs: tuple[Span, ...]
    chrome: tuple[ChromeSpan, ...]
    title: str | None
    published: str | None
    news: bool
    notices: tuple[Notice, ...] = ()
    # A plain text's title line: statement text of its own (paragraph 0), not
    # among `paragraphs`. A news page's headline is chrome instead.
    title_span: Span | None = None


@dataclass(slots=True)
class _Line:
    start: int
    end: int
    # pieces of the line: (start, end, kind or None for statement text)
    pieces: list[tuple[int, int, str | None]]
    # markup cut from around the line's text (`### `, `**`): chrome spans, and
    # the whole line's (start, end)
    markup: tuple[tuple[int, int], ...] = ()
    whole: tuple[int, int] | None = None

    def body(self) -> list[tuple[int, int]]:
        return [(s, e) for s, e, kind in self.pieces if kind is None]


def _lines(text: str) -> Iterator[tuple[int, int, bool]]:
    """(start, end, follows a blank line) of each non-blank line, trimmed."""
    # Found, not split: the lines of a long one-paragraph file are not copied at once.
    start, after_blank, size = 0, True, len(text)
    while start <= size:
        end = text.find("\n", start)
        if end < 0:
            end = size
        s, e = _trim(text, start, end)
        if e > s:
            yield s, e, after_blank
            after_blank = False
        else:
            after_blank = True
        start = end + 1


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def locate(text: str, rules: ChromeRules, *, strip: bool = True) -> Located:
    """Split a page into statement paragraphs and chrome spans.

    With `strip=False` every non-blank line is a paragraph (the title and
    the date are still read from the page).
    """
    lines: list[_Line] = []
    news = legal = False
    published: str | None = None
    dated: str | None = None  # the legal text's own date (its place-and-date line)
    block: str | None = None
    front_end = _front_matter_end(text, rules)
    for start, end, after_blank in _lines(text):
        if start < front_end:
            lines.append(_Line(start, end, [(start, end, rules.front_matter_kind)]))
            continue
        if after_blank:
            block = None
        line = _markup(text, start, end, rules)
        if line is None:
            line = _Line(start, end, [(start, end, block)])
        else:
            start, end = line.start, line.end
            line.pieces = [(start, end, block)]
        lines.append(line)
        if block is not None:
            continue
        if not legal and any(p.search(text[start:end]) for p in rules.legal_header):
            legal = True
        found = _line_rule(text[start:end], rules)
        if found is None:
            continue
        rule, match = found
        news = news or rule.signal
        if rule.date and published is None:
            published = _date(match)
        if rule.action == "date":
            if dated is None:
                dated = _date(match)
            continue  # statement text; only its date was wanted
        if rule.action == "block":
            block = rule.kind
            line.pieces = [(start, end, rule.kind)]
        elif rule.action == "cut":
            line.pieces = _cut(text, start, end, match, rule, rules)
        else:
            line.pieces = [(start, end, rule.kind)]
    if legal:
        # A legal text on a database's page: no news rules, and the text's own date.
        news = False
        published = dated or published
    # The lead: the first line of running text; an agency prefix opens it.
    lead = _lead(text, lines, rules)
    if lead is not None:
        lead = _prefixed_lead(text, lines, lead, rules)
        prefix = _prefix(text, lead, rules)
        if prefix is not None:
            news = True
            (s, e, _), rest = lead.pieces[0], lead.pieces[1:]
            lead.pieces = [(s, prefix[0], prefix[1]), (prefix[0], e, None), *rest]
    # News-only line rules, now that the page is known to be news.
    if news:
        whole = [ln for ln in lines if ln.body() == [(ln.start, ln.end)]]
        for line in whole:
            # the last line of text signs the report only below the lead (above
            # it, it is the headline: `Việt Nam` / `TPO - …`)
            last = line is whole[-1] and (lead is None or line.start > lead.start)
            found = _line_rule(text[line.start : line.end], rules, scope="news", last=last)
            if found is not None:
                line.pieces = [(line.start, line.end, found[0].kind)]
    _repeats(text, lines, headings_only=not news)
    _wrapped_captions(text, lines, rules)
    title = _headline(text, lines, lead, news, rules)
    title_span = None
    if title is not None and not news:
        first = next(ln for ln in lines if ln.body())
        # (with its markup when nothing is stripped)
        title_span = Span(*(first.whole if first.whole and not strip else (first.start, first.end)))
    quoted = _quoted_body(text, lines, rules) if news else None
    if not strip:
        lines = [
            _Line(*(ln.whole or (ln.start, ln.end)), [(*(ln.whole or (ln.start, ln.end)), None)])
            for ln in lines
        ]
    paragraphs: list[Span] = []
    chrome: list[ChromeSpan] = []
    for line in lines:
        chrome.extend(ChromeSpan(s, e, rules.markup_kind) for s, e in line.markup)
        for s, e, kind in line.pieces:
            s, e = _trim(text, s, e)
            if e <= s:
                continue
            if kind is None:
                if title_span is None or (s, e) != (title_span.start, title_span.end):
                    paragraphs.append(Span(s, e))
            else:
                chrome.append(ChromeSpan(s, e, kind))
    paragraphs = _unglue(text, _unwrap(text, paragraphs, rules), rules)
    kept = paragraphs + ([title_span] if title_span else [])
    notices = ((quoted,) if quoted else ()) + _balance(text, kept, chrome)
    return Located(tuple(paragraphs), tuple(chrome), title, published, news, notices, title_span)


def _front_matter_end(text: str, rules: ChromeRules) -> int:
    """Where a metadata block that opens the text ends (after its closing line), or 0:
    a site's YAML front matter (`---`, `title: …`, `tags:`, `  - …`, `---`)."""
    if rules.front_matter is None:
        return 0
    opening, inside, closing = rules.front_matter
    found = _lines(text)
    first = next(found, None)
    if first is None or not opening.fullmatch(text[first[0] : first[1]]):
        return 0
    for count, (start, end, _after_blank) in enumerate(found):
        line = text[start:end]
        if count > 0 and closing.fullmatch(line):
            return end
        if count >= rules.front_matter_max_lines or not inside.match(line):
            return 0
    return 0


def _markup(text: str, start: int, end: int, rules: ChromeRules) -> _Line | None:
    """The line with the markup around its text cut off (`### Điều 1.` -> `Điều 1.`),
    or None when it has none."""
    line = text[start:end]
    for pattern in rules.markup:
        match = pattern.fullmatch(line)
        if match is None:
            continue
        inner_start, inner_end = _trim(text, start + match.start("text"), start + match.end("text"))
        if inner_end <= inner_start:
            return None
        cut = tuple(
            (s, e)
            for s, e in (_trim(text, start, inner_start), _trim(text, inner_end, end))
            if e > s
        )
        return _Line(inner_start, inner_end, [], cut, (start, end))
    return None


def _repeats(text: str, lines: list[_Line], *, headings_only: bool = False) -> None:
    """A line of text the same as the line of text before it is a copy: a page gives
    an image's text twice (its alt text, then its caption). The first stays.
    `headings_only` (a page that is no news page): only a line that repeats a
    Markdown heading is (a site that renders an article's heading again as its
    text when it has none: `### Điều 32.2.NĐ.1.1. …` / `Điều 32.2.NĐ.1.1. …`)."""
    for before, line in itertools.pairwise(lines):
        if headings_only and not before.markup:
            continue
        if (
            before.pieces == [(before.start, before.end, None)]
            and line.pieces == [(line.start, line.end, None)]
            and text[before.start : before.end].strip() == text[line.start : line.end].strip()
        ):
            line.pieces = [(line.start, line.end, REPEAT_KIND)]


def _wrapped_captions(text: str, lines: list[_Line], rules: ChromeRules) -> None:
    """A caption hard-wrapped over lines is found by its last (the credit, `…
    Antonio` / `Guterres ẢNH: TTXVN`): the lines it goes on from are the caption too."""
    width = _wrap_width(text, [Span(ln.start, ln.end) for ln in lines])
    for k, line in enumerate(lines):
        if line.pieces != [(line.start, line.end, "caption")]:
            continue
        after = line
        for before in reversed(lines[:k]):
            if before.body() != [(before.start, before.end)] or not _continues(
                text, Span(before.start, before.end), Span(after.start, after.end), rules, width
            ):
                break
            before.pieces = [(before.start, before.end, "caption")]
            after = before


def _lead(text: str, lines: list[_Line], rules: ChromeRules) -> _Line | None:
    """The first line of running text: a line that reads as body text, or the first
    line of a hard-wrapped paragraph that does once its lines are joined. A wrapped
    paragraph's lines are each as short as a headline; its first line, not the line
    before its last, is where the lead starts (else that line is taken for the
    headline and the headline for text)."""
    open_lines = [ln for ln in lines if ln.pieces[0][2] is None]
    width = _wrap_width(text, [Span(ln.start, ln.end) for ln in open_lines])
    group: list[_Line] = []
    for k, line in enumerate(open_lines):
        after = open_lines[k + 1] if k + 1 < len(open_lines) else None
        here = text[line.start : line.pieces[0][1]]
        if (
            not group
            and after is not None
            and question_headline(here, rules)
            and body_like(text[after.start : after.pieces[0][1]], rules)
            and _words(text[after.start : after.end]) > _words(here)
        ):
            continue  # a headline that asks, right above the lead
        if body_like(here, rules):
            return group[0] if group else line
        if (
            after is not None
            and len(line.pieces) == 1
            and _continues(
                text, Span(line.start, line.end), Span(after.start, after.end), rules, width
            )
        ):
            group = group or [line]
            group.append(after)
            continue
        if group and body_like(" ".join(text[g.start : g.end] for g in group), rules):
            return group[0]
        group = []
    return None


def _prefixed_lead(text: str, lines: list[_Line], lead: _Line, rules: ChromeRules) -> _Line:
    """The lead, moved down to a line that opens with an agency prefix (`ANTD.VN - `)
    when the line taken for it, and every line up to that one, ends no sentence: a
    kicker or headline of more than a headline's words above a prefixed lead."""
    if _prefix(text, lead, rules) is not None:
        return lead
    for line in lines[lines.index(lead) :]:
        if line.pieces[0][2] is not None:
            continue
        if line is not lead and _prefix(text, line, rules) is not None:
            return line
        if ends_sentence(text[line.start : line.pieces[0][1]], rules):
            break
    return lead


def _line_rule(
    line: str, rules: ChromeRules, *, scope: str = "any", last: bool = False
) -> tuple[ChromeRule, re.Match[str] | None] | None:
    for rule in rules.rules:
        if rule.scope != scope or rule.action == "prefix" or (rule.last and not last):
            continue
        if rule.max_chars is not None and len(line) > rule.max_chars:
            continue
        if rule.action == "glued":
            pieces = _glued_pieces(line)
            if len(pieces) > 1 and all(
                headline_like(p, rules) and _words(p) >= rule.min_words for p in pieces
            ):
                return rule, None
            continue
        for pattern in rule.patterns:
            match = pattern.search(line)
            if match:
                return rule, match
    return None


def _date(match: re.Match[str] | None) -> str | None:
    if match is None:
        return None
    parts = match.groupdict()
    try:
        day, month, year = int(parts["day"]), int(parts["month"]), int(parts["year"])
    except (KeyError, TypeError, ValueError):
        return None
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return None
    return f"{year:04d}-{month:02d}-{day:02d}"


def _cut(
    text: str,
    start: int,
    end: int,
    match: re.Match[str] | None,
    rule: ChromeRule,
    rules: ChromeRules,
) -> list[tuple[int, int, str | None]]:
    """A link marker and, when it is a headline, the rest of the line it leads."""
    assert match is not None
    cut, after = start + match.start(), start + match.end()
    rest = text[after:end]
    stop = end if headline_like(rest, rules) else after
    pieces: list[tuple[int, int, str | None]] = []
    if cut > start:
        pieces.append((start, cut, None))
    pieces.append((cut, stop, rule.kind))
    if stop < end:
        pieces.append((stop, end, None))
    return pieces


def _prefix(text: str, lead: _Line, rules: ChromeRules) -> tuple[int, str] | None:
    """Where an agency prefix (`TPO - `) at the start of the lead ends, and its kind."""
    s, e, kind = lead.pieces[0]
    if kind is not None:
        return None
    line = text[s:e]
    for rule in rules.rules:
        if rule.action != "prefix":
            continue
        for pattern in rule.patterns:
            match = pattern.match(line)
            if match and 0 < match.end() < len(line):
                return s + match.end(), rule.kind
    return None


def _headline(
    text: str, lines: list[_Line], lead: _Line | None, news: bool, rules: ChromeRules
) -> str | None:
    """The page's title; on a news page its headline and section lines become chrome."""
    whole = [ln for ln in lines if ln.body() == [(ln.start, ln.end)]]
    if not whole:
        return None
    if not news:
        # A plain text: its first line is a title when it is a headline
        # followed by body text; it stays part of the text.
        first = next((ln for ln in lines if ln.body()), None)
        if first is None or first is not whole[0]:
            return None
        following = next((ln for ln in lines if ln.body() and ln.start > first.start), None)
        line = text[first.start : first.end]
        if following is None or not headline_like(line, rules):
            return None
        # followed by body text, or set apart from what follows by a blank line
        set_apart = "\n\n" in text[first.end : following.start].replace(" ", "")
        if set_apart or body_like(text[following.start : following.end], rules):
            return line
        return None
    if lead is None:
        return None
    above = [ln for ln in whole if ln.start < lead.start]
    if not above:
        return None
    headline = above[-1]
    if len(above) > 1:
        # between the headline and the lead, the author's name ("Thùy Linh": a
        # byline) or the section's ("Diễn đàn", above the date line), as pages
        # set them; the headline is the longer line above
        below, higher = text[headline.start : headline.end], text[above[-2].start : above[-2].end]
        if headline_like(higher, rules) and not _name(higher):
            kind = BYLINE_KIND if _name(below) else None
            if kind is None and _words(below) <= rules.section_max_words < _words(higher):
                kind = rules.section_kind
            if kind is not None:
                headline.pieces = [(headline.start, headline.end, kind)]
                above = above[:-1]
                headline = above[-1]
    line = text[headline.start : headline.end]
    if not headline_like(line, rules) and not question_headline(line, rules):
        return None
    headline.pieces = [(headline.start, headline.end, rules.headline_kind)]
    # section names: the short lines right above the headline (a site's header
    # above them, `HOTLINE: …`, is not one and stays)
    for ln in reversed(above[:-1][-rules.section_max_lines :]):
        name = text[ln.start : ln.end]
        if not headline_like(name, rules) or _words(name) > rules.section_max_words:
            break
        ln.pieces = [(ln.start, ln.end, rules.section_kind)]
    # the headline again below the lead (an image's text): a copy
    for ln in whole:
        if ln.start > lead.start and text[ln.start : ln.end] == line:
            ln.pieces = [(ln.start, ln.end, REPEAT_KIND)]
    return line


def _name(line: str) -> bool:
    """A person's name alone on a line: two to five words, each a capitalised run of
    letters (`Thùy Linh`, `HỒNG HẠNH`). A headline is in sentence case."""
    words = line.split()
    return 2 <= len(words) <= 5 and all(w.isalpha() and w[0].isupper() for w in words)


def _quoted_body(text: str, lines: list[_Line], rules: ChromeRules) -> Notice | None:
    """Clip the statement to one quotation that holds most of it.

    Returns a warning when the rule removed more than it kept (possible only
    with a `min_share` under one half).
    """
    opening, closing = rules.quote_open, rules.quote_close
    if not opening or not closing:
        return None
    body = [(ln, s, e) for ln in lines for s, e in ln.body()]
    if not body:
        return None
    first = next(((i, s) for i, (_, s, _e) in enumerate(body) if text.startswith(opening, s)), None)
    if first is None:
        return None
    # The last statement piece that ends with the closing quote (then maybe `.`).
    last = None
    for i in range(len(body) - 1, first[0] - 1, -1):
        _, s, e = body[i]
        tail = text[s:e].rstrip(rules.final_punctuation + " ")
        if tail.endswith(closing):
            last = (i, s + len(tail) - len(closing))
            break
        if text[s:e].strip():
            return None  # statement text after the last quotation: not a quoted page
    if last is None:
        return None
    begin, finish = first[1] + len(opening), last[1]
    if finish <= begin or not _one_quotation(text, first[1], last[1], opening, closing):
        return None
    total = sum(e - s for _, s, e in body)
    inside = sum(max(0, min(e, finish) - max(s, begin)) for _, s, e in body)
    if not total or inside / total < rules.quote_min_share:
        return None
    for line in lines:
        pieces: list[tuple[int, int, str | None]] = []
        for s, e, kind in line.pieces:
            if kind is not None:
                pieces.append((s, e, kind))
                continue
            lo, hi = max(s, begin), min(e, finish)
            if lo >= hi:
                pieces.append((s, e, rules.quote_kind))
                continue
            if s < lo:
                pieces.append((s, lo, rules.quote_kind))
            pieces.append((lo, hi, None))
            if hi < e:
                pieces.append((hi, e, rules.quote_kind))
        line.pieces = pieces
    if total - inside <= inside:
        return None
    return Notice(
        "quotation-exceeds-statement",
        f"the quotation rule set aside {total - inside} characters around a quotation of"
        f" {inside}; see `show --chrome DOC`, or ingest with --no-strip",
    )


def _one_quotation(text: str, start: int, end: int, opening: str, closing: str) -> bool:
    """True when the quote opened at `start` first closes at `end` (nesting allowed)."""
    depth = 0
    for index in range(start, end + 1):
        char = text[index]
        if char == opening:
            depth += 1
        elif char == closing:
            depth -= 1
            if depth == 0:
                return index == end
    return False


def _unwrap(text: str, paragraphs: list[Span], rules: ChromeRules) -> list[Span]:
    """Join the lines of a hard-wrapped paragraph (a text wrapped at 72 or 80
    columns): a line that ends without a sentence's punctuation, followed on
    the very next line by one that starts in lower case, goes on. Otherwise a
    phrase across the break (`sử` / `dụng`) could not be found. The line break
    stays in the text (offsets index it); search reads it as a space."""
    out: list[Span] = []
    width = _wrap_width(text, paragraphs)
    blocked = _blocked(text, paragraphs)
    previous: Span | None = None  # the line before, as it stands
    for span in paragraphs:
        if out and previous and _continues(text, previous, span, rules, width, blocked=blocked):
            out[-1] = Span(out[-1].start, span.end)
        else:
            out.append(span)
        previous = span
    return out


def _unglue(text: str, paragraphs: list[Span], rules: ChromeRules) -> list[Span]:
    """Split a paragraph where another starts glued to its last sentence (an
    article heading or a note after a full stop with no line break between, as an
    extraction from HTML leaves them): else the heading is read as text and all
    that follows it is filed under the article before."""
    if not rules.glued_breaks:
        return paragraphs
    # (a break is at the match, or at its group `cut` where the pattern reads what
    # stands before the break)
    marks = [(pattern, "cut" in pattern.groupindex) for pattern in rules.glued_breaks]
    out: list[Span] = []
    for span in paragraphs:
        first, last = span.start, span.end
        found: set[int] = set()
        for pattern, named in marks:
            for m in pattern.finditer(text, first, last):
                cut = m.start("cut") if named else m.start()
                if first < cut < last:
                    found.add(cut)
        if not found:
            out.append(span)
            continue
        cuts = sorted(found)
        for start, end in zip([first, *cuts], [*cuts, last], strict=True):
            out.append(Span(start, end))
    return out


# A line at least this long that ends no sentence, in a text whose paragraphs are
# blocks between blank lines, goes on with the next line of its block; a block's
# first line at least `_BLOCK_FIRST_MIN` long (it is short by the markup or the indent
# that opened the paragraph: `Luật này đã được Quốc hội nước` / `Cộng hòa xã hội chủ
# nghĩa …`). A shorter line inside a block is one the block breaks on purpose (a
# title's second line, `… về tài sản mã hóa` / `và thị trường tài sản mã hóa` /
# `Căn cứ …`).
_BLOCK_LINE_MIN = 40
_BLOCK_FIRST_MIN = 20


def _blocked(text: str, lines: list[Span]) -> bool:
    """Whether the text's paragraphs are blocks between blank lines, with lines broken
    inside them (a copy of Word's HTML, whose source breaks every paragraph at about
    80 columns, or of a PDF): then a single line break inside a block is a wrap, not a
    paragraph's end, even before a capital (`… và Nhà nước` / `Cộng hòa xã hội …`),
    though the lines' lengths vary too much for a wrap width to show. A text of one
    paragraph a line (no blank lines) never is: there a line ends a paragraph."""
    blank = single = 0
    for before, after in itertools.pairwise(lines):
        gap = text[before.end : after.start]
        if gap.count("\n") >= 2:
            blank += 1
        elif gap.strip(" \t") == "\n":
            single += 1
    return blank >= 5 and single >= 5 and 2 * blank >= single


def _block_goes_on(text: str, before: Span, after: Span, rules: ChromeRules) -> bool:
    """In a text of blocks between blank lines, whether a line that ends no sentence
    goes on with the next line of its block before a letter: not for the lines a
    block breaks on purpose (`<br>`): a heading's or a signature's lines in capitals
    (`CHỦ TỊCH QUỐC HỘI` / `Nguyễn Sinh Hùng`), the state's motto, a structure label's
    line, a short line."""
    line, following = text[before.start : before.end], text[after.start : after.end]
    opening = text[max(0, before.start - 4) : before.start].rstrip(" \t")
    first = not opening or opening.endswith("\n\n")  # the block's first line
    return (
        following[:1].isalpha()
        and len(line.strip()) >= (_BLOCK_FIRST_MIN if first else _BLOCK_LINE_MIN)
        and line[-1] not in rules.closing
        and not _in_capitals(line)
        and not _in_capitals(following.split(",")[0])
        and not any(p.search(line) for p in rules.legal_header)
        and (rules.wrap_not_before is None or not rules.wrap_not_before.match(line))
    )


def _in_capitals(line: str) -> bool:
    letters = [c for c in line if c.isalpha()]
    return len(letters) > 1 and all(c.isupper() for c in letters)


def _wrap_width(text: str, lines: list[Span]) -> int | None:
    """The column a text is hard-wrapped at, or None: the longest line, when it is a
    wrap column's length (at most 120) and most lines of some length reach near it."""
    lengths = [span.end - span.start for span in lines]
    width = max(lengths, default=0)
    if not 40 <= width <= 120:
        return None
    near = sum(length >= width - 12 for length in lengths)
    longish = sum(length > width // 2 for length in lengths)
    return width if near >= 3 and near >= 0.6 * longish else None


def _name_goes_on(words: list[str], before: list[str] | None = None) -> bool:
    """Whether a line that opens with a capital goes on a sentence: it opens with a
    name, its first two words capitalised (`Việt Nam`, `Bộ Quốc phòng`) or the first
    in capitals (`ASEAN`), or it ends a name the line before began, in mid-sentence
    (`… tại Việt` / `Nam.`: the line before's last word capitalised, the word ahead
    of it not). A capital followed by lower case may start a sentence (`Việc bảo vệ
    …`), and after a heading that has no final stop it does."""
    if not words[0][:1].isupper():
        return False
    if len(words[0]) > 1 and words[0].isupper():
        return True
    if (
        before is not None
        and len(before) > 1
        and before[-1][:1].isupper()
        and before[-2][:1].islower()
        and before[-1][1:].islower()
    ):
        return True
    return len(words) > 1 and words[1][:1].isupper()


_NUMBER = re.compile(r"\d+(?:[/.,:-]\d+)+\)?[.,;:]?")
# a number that a comma, semicolon or colon follows (`2015;`, `12,`): never a label
_NUMBER_IN_TEXT = re.compile(r"\d+[,;:]")


def _number_goes_on(words: list[str]) -> bool:
    """Whether a line that opens with a number goes on a sentence: a date or a number
    with inner separators (`01/07/2016`, `2.5`), or a number followed by a
    lower-case word (`16 tháng 5`); not a label (`1.`, `2)`, `1 Xây dựng`)."""
    if not words[0][:1].isdigit():
        return False
    if _NUMBER.fullmatch(words[0]):
        return True
    return words[0].isdigit() and len(words) > 1 and words[1][:1].islower()


def _continues(
    text: str,
    before: Span,
    after: Span,
    rules: ChromeRules,
    width: int | None = None,
    *,
    blocked: bool = False,
) -> bool:
    gap = text[before.end : after.start].replace(" ", "").replace("\t", "")
    last = text[before.start : before.end].rstrip(rules.closing)[-1:]
    first = text[after.start : after.start + 1]
    # A blank line (or chrome) between them ends the paragraph, but for a sentence
    # cut after a comma and going on in lower case (`… Cục An ninh mạng và phòng,`
    # / blank / `chống tội phạm …` on a saved news page): no paragraph ends in a comma.
    if gap != "\n" and (gap != "\n\n" or last != "," or not first.islower()):
        return False
    if not last or last in rules.wrap_ends:
        return False
    if not first.islower():
        # Before a capital letter or a number (a date, `16 tháng 5`; never a
        # label such as `1.`), only where the text is wrapped at a width and the
        # next word would not have fitted on the line (the break was the
        # width's), and the line does not end a bracket or quotation; at any
        # width, a number after a word that a number must follow.
        words = text[after.start : after.end].split(" ", 2)
        number_due = (
            gap == "\n"
            and rules.wrap_number_after is not None
            and (_number_goes_on(words) or _NUMBER_IN_TEXT.fullmatch(words[0]) is not None)
            and rules.wrap_number_after.search(text, before.start, before.end) is not None
        )
        if not number_due and _word_across(text, before, after, rules):
            pass  # the wrap cut a word in two (`QUỐC` / `HỘI`, `Hà` / `Nội`)
        elif blocked and gap == "\n" and _block_goes_on(text, before, after, rules):
            pass  # a line inside a block between blank lines: wrapped
        elif not number_due and (
            width is None
            or not (
                _name_goes_on(words, text[before.start : before.end].split())
                or _number_goes_on(words)
            )
            or text[before.end - 1] in rules.closing
            or (before.end - before.start) + 1 + len(words[0]) <= width
        ):
            return False
    return rules.wrap_not_before is None or not rules.wrap_not_before.match(
        text, after.start, after.end
    )


_SYLLABLE_EDGE = re.compile(r"[^\w]+")


def _word_across(text: str, before: Span, after: Span, rules: ChromeRules) -> bool:
    """Whether a line break falls inside a word of two syllables (Viet74K's): the
    line's last syllable and the next line's first make one (`QUỐC` / `HỘI`, `CỘNG`
    / `HÒA …`, `Hà` / `Nội, ngày …`, `… TRONG TỔ` / `CHỨC …`, `CHỦ` / `TỊCH …`).
    Writers never break a line there; a wrap does (Word's HTML breaks its source
    anywhere, and a copy that keeps those breaks keeps them), so the lines are one
    paragraph, before a capital too. Not after a structure label's line (`Điều 5.
    Tên`: a heading is whole) nor before one."""
    if rules.wrap_not_before is not None and rules.wrap_not_before.match(
        text, before.start, before.end
    ):
        return False
    left = text[before.start : before.end].lower().split()[-2:]
    right = _SYLLABLE_EDGE.split(text[after.start : after.end].lower(), 2)[:2]
    if not left or not right or not left[-1].isalpha() or not right[0].isalpha():
        return False
    from . import syllables  # (the word list is read once, when a wrap asks)

    words = syllables.words()
    # each syllable must be left over on its side: `… hiện đại` / `Toàn cảnh …` is
    # two words, though `đại toàn` is one too
    if len(left) > 1 and " ".join(left) in words:
        return False
    if len(right) > 1 and " ".join(right) in words:
        return False
    return f"{left[-1]} {right[0]}" in words


def _balance(text: str, paragraphs: list[Span], chrome: list[ChromeSpan]) -> tuple[Notice, ...]:
    """A note when chrome outweighs the statement (never silent)."""
    kept = sum(_letters(text, p.start, p.end) for p in paragraphs)
    removed = sum(_letters(text, c.start, c.end) for c in chrome)
    if removed <= kept:
        return ()
    kinds = sorted({c.kind for c in chrome})
    return (
        Notice(
            "chrome-exceeds-statement",
            f"{removed} non-blank characters set aside as chrome ({', '.join(kinds)})"
            f" against {kept} kept as the statement;"
            " see `show --chrome DOC`, or ingest with --no-strip",
            warning=False,
        ),
    )


_LETTERS_PIECE = 1 << 16  # characters


def _letters(text: str, start: int, end: int, *, piece: int = _LETTERS_PIECE) -> int:
    """Non-blank characters of text[start:end] (split() drops every kind of space).

    Split a bounded piece at a time (the count adds up over any cut): split
    whole, a 20 MB one-paragraph file made 3 million word strings at once, the
    peak of its ingest (466 MiB; issue 18's memory bench).
    """
    return sum(
        sum(map(len, text[at : min(at + piece, end)].split())) for at in range(start, end, piece)
    )


def summary(chrome: tuple[ChromeSpan, ...], text: str) -> dict[str, int]:
    """Characters (not spaces) set aside, by kind of chrome, in a stable order."""
    out: dict[str, int] = {}
    for span in chrome:
        out[span.kind] = out.get(span.kind, 0) + _letters(text, span.start, span.end)
    return dict(sorted(out.items()))
