"""Check reports: findings as rows (json, jsonl, csv) and as one self-contained HTML page."""

from __future__ import annotations

import html
from collections.abc import Sequence
from importlib import resources
from typing import Any

from ..models import FINDING_KEYS, SEVERITIES
from .model import CheckReport, Finding, Highlight, Segment

# The columns of json, jsonl and csv output, in order.
COLUMNS: tuple[str, ...] = FINDING_KEYS


def finding_rows(report: CheckReport) -> list[dict[str, Any]]:
    return [f.to_dict(FINDING_KEYS) for f in report.findings]


def group_by_segment(report: CheckReport) -> list[tuple[Segment | None, list[Finding]]]:
    """Findings grouped by (file, segment), in report order; per-file findings last."""
    groups: dict[tuple[str | None, str], list[Finding]] = {}
    for finding in report.findings:
        groups.setdefault((finding.file, finding.segment or ""), []).append(finding)
    return [(report.views.get(key), items) for key, items in groups.items()]


def highlight_html(text: str, spans: Sequence[Highlight]) -> str:
    out: list[str] = []
    position = 0
    for span in sorted(spans, key=lambda s: (s.start, -s.end)):
        if span.start < position:
            continue
        out.append(html.escape(text[position : span.start]))
        css = "bad" if span.kind == "deprecated" else "term"
        title = html.escape(f"{span.concept} ({span.kind})", quote=True)
        out.append(
            f'<mark class="{css}" title="{title}">{html.escape(text[span.start : span.end])}</mark>'
        )
        position = span.end
    out.append(html.escape(text[position:]))
    return "".join(out)


def render_html(report: CheckReport, *, title: str = "normcorpus check") -> str:
    """One self-contained HTML page (inline CSS, no external assets) a translator can share."""
    template = resources.files("normcorpus").joinpath("resources/report.html").read_text("utf-8")
    counts = report.counts()
    summary = (
        f"{report.segments} segments in {len(report.files)} file(s): "
        + ", ".join(f'<span class="sev {s}">{counts[s]} {s}</span>' for s in SEVERITIES)
        + (f", {len(report.suppressed)} suppressed" if report.suppressed else "")
    )
    sections: list[str] = []
    for view, items in group_by_segment(report):
        first = items[0]
        where = html.escape(f"{first.file}:{first.line}" if first.line else f"{first.file or ''}")
        severities = " ".join(sorted({f.severity for f in items}, key=SEVERITIES.index))
        parts = [
            f'<section class="segment" data-severity="{severities}">',
            f"<h2><code>{html.escape(first.segment or '')}</code> <small>{where}</small></h2>",
        ]
        if view is not None:
            parts.append('<table class="pair">')
            parts.append(
                f'<tr><th>vi</th><td lang="vi">{highlight_html(view.vi, view.vi_terms)}</td></tr>'
            )
            parts.append(
                f'<tr><th>en</th><td lang="en">{highlight_html(view.en, view.en_terms)}</td></tr>'
            )
            parts.append("</table>")
        parts.append("<ul>")
        for finding in items:
            extra = ""
            if finding.renderings:
                extra = (
                    "<ul>"
                    + "".join(
                        f"<li>“{html.escape(r.term)}” ×{r.count}: "
                        + ", ".join(f"<code>{html.escape(s)}</code>" for s in r.segments)
                        + "</li>"
                        for r in finding.renderings
                    )
                    + "</ul>"
                )
            parts.append(
                f'<li class="{finding.severity}"><span class="sev {finding.severity}">'
                f"{finding.severity}</span> <code>{finding.rule}</code> "
                f"{html.escape(finding.message)}{extra}</li>"
            )
        parts.append("</ul></section>")
        sections.append("\n".join(parts))
    if not sections:
        sections.append('<p class="clean">No findings.</p>')
    notes = "".join(f'<p class="note">{html.escape(n)}</p>' for n in report.notes)
    return (
        template.replace("{{title}}", html.escape(title))
        .replace("{{summary}}", summary)
        .replace("{{notes}}", notes)
        .replace("{{body}}", "\n".join(sections))
    )
