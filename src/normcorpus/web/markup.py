"""Text as HTML: query matches marked, glossary terms linked with their English.

Every piece of text goes through `markupsafe.escape` before a tag is put
around it; nothing else here makes HTML. A clause is cut at every boundary of
a match or a term, and each piece gets the tags of what covers it, so the
result is well formed however the two overlap.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from itertools import pairwise
from urllib.parse import quote

from markupsafe import Markup, escape

from ..models import STRUCTURE_LEVELS, ClauseRecord, Structure, TermMatch

# The levels of a legal text as Vietnamese writes them.
LEVEL_NAMES = {
    "chapter": "Chương",
    "section": "Mục",
    "article": "Điều",
    "clause": "khoản",
    "point": "điểm",
}
MATCH_KINDS = {
    "exact": "exact",
    "variant": "variant (case)",
    "folded": "without diacritics",
    "fuzzy": "typo (fuzzy)",
}


def concept_url(concept: str) -> str:
    return f"/concept/{quote(concept, safe='')}"


def clause_url(clause_id: str) -> str:
    return f"/clause/{quote(clause_id, safe=':')}"


def document_url(doc: str) -> str:
    return f"/document/{quote(doc, safe='')}"


def anchor(record: ClauseRecord) -> str:
    """The id of a clause's element in the document view."""
    return "c-" + record.id.rpartition(":")[2]


def term_title(term: TermMatch, nested: Sequence[TermMatch] = ()) -> str:
    """What hovering a term shows: its English, the concept, how it matched,
    and the concepts nested inside it."""
    kind = MATCH_KINDS.get(term.match, term.match)
    surface = "" if term.surface == term.term else f"; glossary: {term.term}"
    title = f"{term.en} — {term.concept} ({kind}{surface})"
    inside = [
        f"{t.surface} = {t.en}"
        for t in nested
        if term.start <= t.start and t.end <= term.end and t is not term
    ]
    return title + ("; within it: " + ", ".join(inside) if inside else "")


def marked(
    text: str,
    spans: Iterable[tuple[int, int]] = (),
    terms: Sequence[TermMatch] = (),
) -> Markup:
    """`text` as HTML: `spans` in `<mark>`, each term a link to its concept whose
    title gives its English."""
    spans = [(s, e) for s, e in spans if 0 <= s < e <= len(text)]
    # Only the outermost matches become links: a nested one (`chủ quyền` in
    # `chủ quyền quốc gia`) would cut its parent's link and the query's mark
    # in two. Its concept is named in the parent's title instead.
    inner = [t for t in terms if t.within is not None]
    terms = [t for t in terms if t.within is None and 0 <= t.start < t.end <= len(text)]
    if not spans and not terms:
        return escape(text)
    cuts = sorted(
        {
            0,
            len(text),
            *(x for s in spans for x in s),
            *(x for t in terms for x in (t.start, t.end)),
        }
    )
    out: list[str] = []
    for start, end in pairwise(cuts):
        piece = str(escape(text[start:end]))
        if any(s <= start and end <= e for s, e in spans):
            piece = f"<mark>{piece}</mark>"
        term = next((t for t in terms if t.start <= start and end <= t.end), None)
        if term is not None:
            piece = (
                f'<a class="term term-{escape(term.match)}"'
                f' href="{escape(concept_url(term.concept))}"'
                f' title="{escape(term_title(term, inner))}">{piece}</a>'
            )
        out.append(piece)
    return Markup("".join(out))


def structure_trail(structure: Structure) -> list[tuple[str, str]]:
    """(level, label) from the chapter down: ("article", "Điều 5")."""
    out = []
    for level in STRUCTURE_LEVELS:
        value = getattr(structure, level)
        if value is not None:
            out.append((level, f"{LEVEL_NAMES[level]} {value}"))
    return out


def outline(
    records: Sequence[ClauseRecord], levels: Sequence[str] = ("chapter", "section", "article")
) -> list[dict[str, object]]:
    """The structure outline of a document: each chapter, section and article
    where it starts, with its title (the heading's text after its label, or
    the heading line that follows a bare `Chương I`)."""
    out: list[dict[str, object]] = []
    current: dict[str, str | None] = dict.fromkeys(levels)
    for i, record in enumerate(records):
        structure = record.structure
        for depth, level in enumerate(levels):
            value = getattr(structure, level)
            if value is None or value == current[level]:
                continue
            current[level] = value
            for deeper in levels[depth + 1 :]:
                current[deeper] = None
            label = f"{LEVEL_NAMES[level]} {value}"
            title = _title(record.text, label)
            if not title and i + 1 < len(records):
                following = records[i + 1]
                if (
                    following.structure.kind == "heading"
                    and getattr(following.structure, level) == value
                ):
                    title = _title(following.text, label)
            out.append({"depth": depth, "label": label, "title": title, "anchor": anchor(record)})
    return out


def _title(text: str, label: str) -> str:
    """A heading's text without its label (`Điều 1. Phạm vi` -> `Phạm vi`), shortened."""
    if text.casefold().startswith(label.casefold()):
        text = text[len(label) :].lstrip(" .:-–—")
    return text if len(text) <= 90 else text[:88].rstrip() + "…"
