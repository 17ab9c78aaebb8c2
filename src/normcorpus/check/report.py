"""Check reports: findings as rows (json, jsonl, csv), for CI (github, sarif), and as HTML.

A row is a finding with what a translator needs to act on it without the
file: its segment id, the source and target text as checked (NFC; Vietnamese
tone marks placed one way), their languages, and the spans that show where
the finding stands. The HTML page is self-contained (inline CSS and a little
vanilla JavaScript, no external asset): it filters by rule, severity and
concept, highlights the spans, and lets a translator mark findings as false
positives and download the suppression file `check --suppressions` reads.
Without JavaScript it shows everything, with each finding's suppression entry
to copy.
"""

from __future__ import annotations

import html
import json
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from importlib import resources
from typing import Any

from .. import problems
from ..models import FINDING_KEYS, SEVERITIES
from .model import LIST_SEPARATOR, CheckReport, Finding, Highlight, Segment
from .registry import RULES
from .suppress import Suppression

# The columns of json, jsonl and csv output, in order: the finding, then its segment.
COLUMNS: tuple[str, ...] = (
    *(key for key in FINDING_KEYS if key != "renderings"),
    "source_lang",
    "target_lang",
    "source",
    "target",
    "spans",
    "renderings",
)
_WORD_CHAR = re.compile(r"\w")
_MAX_LITERAL_SPANS = 20
_PLACEHOLDER = re.compile(r"\{\{(\w+)\}\}")
# The concept filter's value for findings without a concept.
NO_CONCEPT = "~none"


@dataclass(frozen=True, slots=True)
class Span:
    """Where a finding stands in its segment: `side` is `source` or `target`.

    Offsets count code points of the text as checked (the row's `source` or
    `target`). `kind` is the Vietnamese match (`exact`, `variant`, `folded`,
    `fuzzy`), the English term's status (`preferred`, `admitted`,
    `deprecated`, `abbreviation`), or `expected`/`found` for text the finding
    names that stands there literally (a number of the source, a copied target).
    """

    side: str
    start: int
    end: int
    text: str
    concept: str | None
    kind: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "side": self.side,
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "concept": self.concept,
            "kind": self.kind,
        }


def _occurrences(text: str, needle: str) -> list[tuple[int, int]]:
    """Where `needle` stands in `text` as a whole token (every place; one alone for punctuation)."""
    if not needle:
        return []  # (an empty item of a list a finding names: `x; ` split)
    found: list[tuple[int, int]] = []
    start = text.find(needle)
    while start >= 0 and len(found) < _MAX_LITERAL_SPANS:
        end = start + len(needle)
        # A number or word inside a longer one is not it (`5` in `15`).
        before = start > 0 and _WORD_CHAR.match(needle[0]) and _WORD_CHAR.match(text[start - 1])
        after = end < len(text) and _WORD_CHAR.match(needle[-1]) and _WORD_CHAR.match(text[end])
        if not before and not after:
            found.append((start, end))
        start = text.find(needle, start + 1)
    if not _WORD_CHAR.search(needle) and len(found) != 1:
        return []  # punctuation found twice: which one is meant cannot be told
    return found


def _counted(count: int, noun: str) -> str:
    return f"{count:,} {noun}{'' if count == 1 else 's'}"


def finding_spans(finding: Finding, view: Segment | None) -> tuple[Span, ...]:
    """The spans of a finding in its segment (none without the segment's view).

    The glossary terms of the finding's concept on either side, and the text
    it `expected` in the source or `found` in the target where that stands.
    """
    if view is None:
        return ()
    vi_side, en_side = ("source", "target") if view.pair.vi_is_source else ("target", "source")
    spans: dict[tuple[str, int, int], Span] = {}
    if finding.concept is not None:
        for side, text, terms in (
            (vi_side, view.vi, view.vi_terms),
            (en_side, view.en, view.en_terms),
        ):
            for term in terms:
                if term.concept == finding.concept:
                    spans[(side, term.start, term.end)] = Span(
                        side,
                        term.start,
                        term.end,
                        text[term.start : term.end],
                        term.concept,
                        term.kind,
                    )
    source, target = (view.vi, view.en) if view.pair.vi_is_source else (view.en, view.vi)
    for side, text, needle, kind in (
        ("source", source, finding.expected, "expected"),
        ("target", target, finding.found, "found"),
    ):
        if needle:
            for start, end in _needle_spans(text, needle):
                spans.setdefault(
                    (side, start, end),
                    Span(side, start, end, text[start:end], finding.concept, kind),
                )
    return tuple(sorted(spans.values(), key=lambda s: (s.side != "source", s.start, -s.end)))


def _needle_spans(text: str, needle: str) -> list[tuple[int, int]]:
    """Where a finding's `expected` or `found` text stands in `text`: the text
    itself, or each of the items a finding names together (`<g id="1">; </g>`)."""
    found = _occurrences(text, needle)
    if found or LIST_SEPARATOR not in needle:
        return found
    return sorted({s for item in needle.split(LIST_SEPARATOR) for s in _occurrences(text, item)})


def _view(report: CheckReport, finding: Finding) -> Segment | None:
    return report.views.get((finding.file, finding.segment or ""))


def finding_row(finding: Finding, view: Segment | None) -> dict[str, Any]:
    """One finding as a row of COLUMNS (JSON-ready)."""
    row = finding.to_dict(FINDING_KEYS)
    if view is None:
        row.update(source_lang=None, target_lang=None, source=None, target=None, spans=[])
    else:
        pair = view.pair
        source, target = (view.vi, view.en) if pair.vi_is_source else (view.en, view.vi)
        row.update(
            source_lang=pair.source_lang,
            target_lang=pair.target_lang,
            source=source,
            target=target,
            spans=[span.to_dict() for span in finding_spans(finding, view)],
        )
    return {key: row[key] for key in COLUMNS}


def finding_rows(report: CheckReport) -> list[dict[str, Any]]:
    """The report's findings as rows of COLUMNS (what json, jsonl and csv write)."""
    return [finding_row(f, _view(report, f)) for f in report.findings]


def render_github(report: CheckReport) -> str:
    """GitHub workflow annotations, by file and line (the writer `glossary validate` uses too)."""
    return problems.github(report.findings)


def render_sarif(report: CheckReport) -> str:
    """A SARIF 2.1.0 log: the rules, each finding by file and line, its segment and spans."""
    from .. import __version__

    extra = []
    for row in finding_rows(report):
        bag = {k: row[k] for k in ("source_lang", "target_lang", "source", "target") if row[k]}
        if row["spans"]:
            bag["spans"] = row["spans"]
        extra.append(bag)
    log = problems.sarif(
        report.findings,
        rules=RULES.values(),
        version=__version__,
        properties=extra,
        notes=report.notes,
    )
    return problems.clean(json.dumps(log, ensure_ascii=False, indent=2)) + "\n"


def group_by_segment(report: CheckReport) -> list[tuple[Segment | None, list[Finding]]]:
    """Findings grouped by (file, segment), in report order; per-file findings last."""
    groups: dict[tuple[str | None, str], list[Finding]] = {}
    for finding in report.findings:
        groups.setdefault((finding.file, finding.segment or ""), []).append(finding)
    return [(report.views.get(key), items) for key, items in groups.items()]


# --- HTML ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Mark:
    start: int
    end: int
    css: str
    title: str
    findings: tuple[int, ...]  # the report's finding numbers the mark belongs to


def highlight_html(text: str, spans: Sequence[Highlight]) -> str:
    """`text` escaped, with the glossary terms found in it marked (deprecated ones struck)."""
    marks = [
        _Mark(
            s.start,
            s.end,
            "bad" if s.kind == "deprecated" else "term",
            f"{s.concept} ({s.kind})",
            (),
        )
        for s in spans
    ]
    return _marked(text, marks)


def _marked(text: str, marks: Iterable[_Mark]) -> str:
    out: list[str] = []
    position = 0
    for mark in sorted(marks, key=lambda m: (m.start, -m.end)):
        if mark.start < position:
            continue  # overlaps what is marked already
        out.append(html.escape(text[position : mark.start]))
        belongs = f' data-f="{" ".join(f"f{n}" for n in mark.findings)}"' if mark.findings else ""
        out.append(
            f'<mark class="{mark.css}" title="{html.escape(mark.title, quote=True)}"{belongs}>'
            f"{html.escape(text[mark.start : mark.end])}</mark>"
        )
        position = mark.end
    out.append(html.escape(text[position:]))
    return "".join(out)


def _side_marks(
    terms: Sequence[Highlight], side: str, numbered: Sequence[tuple[int, tuple[Span, ...]]]
) -> list[_Mark]:
    """One side's marks: its glossary terms and the findings' spans, each with its findings."""
    places: dict[tuple[int, int], tuple[str, str]] = {}
    for term in terms:
        css = "bad" if term.kind == "deprecated" else "term"
        places[(term.start, term.end)] = (css, f"{term.concept} ({term.kind})")
    owners: dict[tuple[int, int], list[int]] = {}
    for number, spans in numbered:
        for span in spans:
            if span.side == side:
                places.setdefault((span.start, span.end), ("flag", f"{span.kind}: {span.text}"))
                owners.setdefault((span.start, span.end), []).append(number)
    return [
        _Mark(start, end, css, title, tuple(owners.get((start, end), ())))
        for (start, end), (css, title) in places.items()
    ]


def _yaml_string(value: str) -> str:
    # A JSON string is a YAML double-quoted scalar.
    return json.dumps(value, ensure_ascii=False)


def _glob_literal(segment: str) -> str:
    """A segment id as a suppression pattern that matches it alone (`*`, `?`, `[` bracketed)."""
    return re.sub(r"([*?\[])", r"[\1]", segment)


def suppression_entry(finding: Finding, reason: str) -> str:
    """The YAML entry of a suppression file that accepts `finding` (docs/check.md)."""
    lines = [
        f"- segment: {_yaml_string(_glob_literal(finding.segment or ''))}",
        f"  rule: {finding.rule}",
    ]
    if finding.concept:
        lines.append(f"  concept: {_yaml_string(finding.concept)}")
    lines.append(f"  reason: {_yaml_string(reason)}")
    return "\n".join(lines)


def _options(counts: Counter[str], everything: str) -> str:
    # The counts are of findings: "all concepts (6)" read as six concepts.
    total = sum(counts.values())
    findings = "finding" if total == 1 else "findings"
    out = [f'<option value="">{html.escape(everything)} ({total} {findings})</option>']
    out += [
        f'<option value="{html.escape(value or NO_CONCEPT, quote=True)}">'
        f"{html.escape(value or 'no concept')} ({n})</option>"
        for value, n in sorted(counts.items())
    ]
    return "".join(out)


def _script_json(value: Any) -> str:
    """JSON to embed in a <script> element: no `<` that could close it."""
    return json.dumps(value, ensure_ascii=False).replace("<", "\\u003c")


def render_html(
    report: CheckReport,
    *,
    title: str = "normcorpus check",
    suppressions: Sequence[Suppression] = (),
) -> str:
    """One self-contained HTML page a translator can open, filter, and mark up.

    `suppressions` (those the run read) are carried into the page, so that
    the suppression file it downloads holds them as well as the findings
    marked there.
    """
    template = resources.files("normcorpus").joinpath("resources/report.html").read_text("utf-8")
    counts = report.counts()
    summary = (
        f"{_counted(report.segments, 'segment')} in {_counted(len(report.files), 'file')}: "
        + ", ".join(f'<span class="sev {s}">{counts[s]} {s}</span>' for s in SEVERITIES)
        + (f", {len(report.suppressed)} suppressed" if report.suppressed else "")
    )
    number = 0
    sections: list[str] = []
    for view, items in group_by_segment(report):
        numbered = []
        for finding in items:
            number += 1
            numbered.append((number, finding_spans(finding, view)))
        sections.append(_section(view, items, numbered))
    if not sections:
        sections.append('<p class="clean">No findings.</p>')
    notes = "".join(f'<p class="note">{html.escape(n)}</p>' for n in report.notes)
    findings = report.findings
    severities = "".join(
        f'<label><input type="checkbox" checked name="severity" value="{s}">'
        f' <span class="sev {s}">{s}</span> ({counts[s]})</label>'
        for s in SEVERITIES
    )
    accepted = [
        {"segment": s.segment, "rule": s.rule, "concept": s.concept, "reason": s.reason}
        for s in suppressions
    ]
    values = {
        "title": html.escape(title),
        "summary": summary,
        "notes": notes,
        "severities": severities,
        "rules": _options(Counter(f.rule for f in findings), "all rules"),
        "concepts": _options(Counter(f.concept or "" for f in findings), "all concepts"),
        "total": str(len(findings)),
        "suppressions": _script_json(accepted),
        "body": "\n".join(sections),
    }
    # One pass, so that no text of the report is taken for a placeholder.
    page = _PLACEHOLDER.sub(lambda m: values[m.group(1)], template)
    return problems.clean(page)


def _section(
    view: Segment | None, items: list[Finding], numbered: list[tuple[int, tuple[Span, ...]]]
) -> str:
    first = items[0]
    where = html.escape(f"{first.file}:{first.line}" if first.line else f"{first.file or ''}")
    parts = [
        '<section class="segment">',
        f"<h2><code>{html.escape(first.segment or '')}</code> <small>{where}</small></h2>",
    ]
    if view is not None:
        pair = view.pair
        vi_side, en_side = ("source", "target") if pair.vi_is_source else ("target", "source")
        rows = {
            vi_side: ("vi", view.vi, _side_marks(view.vi_terms, vi_side, numbered)),
            en_side: ("en", view.en, _side_marks(view.en_terms, en_side, numbered)),
        }
        parts.append('<table class="pair">')
        for side in ("source", "target"):
            lang, text, marks = rows[side]
            parts.append(
                f'<tr class="{side}"><th>{lang} <small>{side}</small></th>'
                f'<td lang="{lang}">{_marked(text, marks)}</td></tr>'
            )
        parts.append("</table>")
    parts.append('<ul class="findings">')
    for (n, _spans), finding in zip(numbered, items, strict=True):
        parts.append(_finding_item(n, finding))
    parts.append("</ul></section>")
    return "\n".join(parts)


def _finding_item(number: int, finding: Finding) -> str:
    attr = lambda value: html.escape(value or "", quote=True)  # noqa: E731
    extra = ""
    if finding.renderings:
        extra = (
            '<ul class="renderings">'
            + "".join(
                f"<li>“{html.escape(r.term)}” ×{r.count}: "
                + ", ".join(f"<code>{html.escape(s)}</code>" for s in r.segments)
                + "</li>"
                for r in finding.renderings
            )
            + "</ul>"
        )
    concept = (
        f' <span class="concept">{html.escape(finding.concept)}</span>' if finding.concept else ""
    )
    entry = suppression_entry(finding, "why this is not a problem")
    return (
        f'<li class="finding {finding.severity}" id="f{number}" tabindex="0"'
        f' data-rule="{attr(finding.rule)}" data-severity="{finding.severity}"'
        f' data-concept="{attr(finding.concept)}" data-segment="{attr(finding.segment)}">'
        f'<span class="sev {finding.severity}">{finding.severity}</span>'
        f' <code class="rule">{html.escape(finding.rule)}</code>{concept}'
        f' <span class="message">{html.escape(finding.message)}</span>{extra}'
        f'<div class="mark js" hidden><label><input type="checkbox" class="false-positive">'
        f" false positive</label>"
        ' <input type="text" class="reason" aria-label="reason"'
        ' placeholder="why (optional)"></div>'
        f'<details class="nojs"><summary>suppression entry</summary>'
        f"<pre>{html.escape(entry)}</pre></details></li>"
    )
