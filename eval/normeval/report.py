"""Plain tables of an evaluation (Markdown pipe tables: they go into the README)."""

from __future__ import annotations

from .evaluate import Evaluation
from .gold import LEVELS, TERM_KINDS
from .terms import Cell, totals
from .variants import VARIANTS

LEVEL_NAMES = {
    "chapter": "chương",
    "section": "mục",
    "article": "điều",
    "clause": "khoản",
    "point": "điểm",
}


def table(headers: list[str], rows: list[list[str]]) -> str:
    widths = [
        max(len(h), *(len(r[i]) for r in rows)) if rows else len(h) for i, h in enumerate(headers)
    ]

    def line(cells: list[str]) -> str:
        return "| " + " | ".join(c.ljust(w) for c, w in zip(cells, widths, strict=True)) + " |"

    out = [line(headers), "|" + "|".join("-" * (w + 2) for w in widths) + "|"]
    out.extend(line(r) for r in rows)
    return "\n".join(out)


def pct(part: int, whole: int) -> str:
    return f"{100 * part / whole:.1f}%" if whole else "–"


def frac(part: int, whole: int) -> str:
    return f"{part}/{whole}" if whole else "–"


def ratio(part: int, whole: int) -> str:
    return f"{pct(part, whole)} ({part}/{whole})" if whole else "–"


def render(evaluation: Evaluation) -> str:
    parts: list[str] = []
    texts = evaluation.texts
    parts.append("## Texts\n")
    parts.append(
        table(
            ["text", "kind", "status"],
            [
                [
                    r.entry.id,
                    r.entry.kind,
                    f"skipped: {r.skipped}"
                    if r.skipped
                    else (f"refused: {r.error}" if r.error else "scored"),
                ]
                for r in texts
            ],
        )
    )
    scored = [r for r in texts if r.reading is not None]
    if scored:
        parts.append("\n## Reading (non-blank characters of the normalised text)\n")
        rows = []
        total = None
        for r in scored:
            s = r.reading
            rows.append(_reading_row(r.entry.id, s))
            if total is None:
                total = type(s)(chrome_reported=s.chrome_reported)
            total.add(s)
        if total is not None and len(scored) > 1:
            rows.append(_reading_row("total", total))
        parts.append(
            table(
                [
                    "text",
                    "chars",
                    "in clauses",
                    "lost",
                    "lost, located as chrome",
                    "body missing",
                    "chrome kept",
                    "title in clauses",
                ],
                rows,
            )
        )
    with_structure = [r for r in texts if r.structure is not None]
    if with_structure:
        parts.append("\n## Legal structure (units whose text is filed under them / gold units)\n")
        rows = []
        for r in with_structure:
            s = r.structure
            rows.append(
                [r.entry.id]
                + [ratio(s.right[k], s.units[k]) for k in LEVELS]
                + [
                    frac(
                        s.right["source-note"] + s.right["related-note"],
                        s.units["source-note"] + s.units["related-note"],
                    ),
                    frac(s.right["heading"], s.units["heading"]),
                    frac(s.right["header"], s.units["header"]),
                    frac(
                        s.right["closing"] + s.right["signature"],
                        s.units["closing"] + s.units["signature"],
                    ),
                    ratio(s.clauses_right, s.clauses),
                ]
            )
        parts.append(
            table(
                [
                    "text",
                    *(LEVEL_NAMES[k] for k in LEVELS),
                    "notes",
                    "headings",
                    "masthead",
                    "closing+signature",
                    "clauses filed right",
                ],
                rows,
            )
        )
    with_bounds = [r for r in texts if r.boundaries is not None]
    if with_bounds:
        parts.append("\n## Sentence and clause boundaries (annotated lines)\n")
        rows = []
        for r in with_bounds:
            b = r.boundaries
            rows.append(
                [
                    r.entry.id,
                    str(b.comma_splits),
                    str(b.comma_wrong),
                    pct(b.comma_wrong, b.comma_splits),
                    str(b.false_breaks),
                    frac(b.missed_ends, b.sentence_ends),
                    str(b.bare_splits),
                    str(b.joined_lines),
                    frac(b.headings_cut, b.headings),
                    str(b.other_splits),
                    str(b.unjudged),
                    str(b.errors),
                ]
            )
        parts.append(
            table(
                [
                    "text",
                    "comma splits",
                    "wrong",
                    "% wrong",
                    "false sentence breaks",
                    "missed sentence ends",
                    "splits at no mark",
                    "joined lines",
                    "headings cut",
                    "splits at ; :",
                    "unjudged splits",
                    "errors",
                ],
                rows,
            )
        )
    if evaluation.terms is not None:
        parts.append(_terms(evaluation))
    if evaluation.notes or any(r.notes for r in texts):
        parts.append("\n## Notes\n")
        parts.extend(f"- {n}" for n in evaluation.notes)
        parts.extend(f"- {r.entry.id}: {n}" for r in texts for n in r.notes)
    parts.append(f"\n({evaluation.seconds:.0f} s)")
    return "\n".join(parts) + "\n"


def _reading_row(name: str, s) -> list[str]:  # type: ignore[no-untyped-def]
    return [
        name,
        str(s.chars),
        str(s.in_clauses),
        ratio(s.lost, s.chars),
        str(s.located_unreported),
        ratio(s.body_missing, s.body),
        ratio(s.chrome_kept, s.chrome),
        frac(s.title_in_clauses, s.title),
    ]


def _cell_cells(c: Cell) -> list[str]:
    return [ratio(c.correct, c.reported), ratio(c.found, c.gold)]


def _terms(evaluation: Evaluation) -> str:
    t = evaluation.terms
    assert t is not None
    out = [f"\n## Term alignment ({t.concepts} concepts of the gold; precision, recall)\n"]
    rows = []
    for variant in VARIANTS:
        row = [variant]
        for kind in TERM_KINDS:
            cell = t.cells.get((variant, kind), Cell())
            row.extend(_cell_cells(cell))
        row.extend(_cell_cells(totals(t, variant)))
        row.append(str(t.lost_to_reading[variant]))
        rows.append(row)
    headers = ["variant"]
    for kind in (*TERM_KINDS, "all"):
        headers.extend([f"{kind} P", f"{kind} R"])
    headers.append("gold not in a clause")
    out.append(table(headers, rows))
    texts = sorted({text for text, _ in t.by_text})
    rows = []
    for text in texts:
        row = [text]
        for variant in VARIANTS:
            c = t.by_text.get((text, variant))
            row.append(f"{pct(c.correct, c.reported)} / {pct(c.found, c.gold)}" if c else "–")
        rows.append(row)
    out.append("\nPer text (precision / recall, all kinds):\n")
    out.append(table(["text", *VARIANTS], rows))
    fuzzy = t.cells.get(("clean", "fuzzy"), Cell())
    out.append(
        f"\nFuzzy matches in the clean variant (real passages with their own slips, the typo "
        f"sentences, the distractors): precision {ratio(fuzzy.correct, fuzzy.reported)}, recall "
        f"{ratio(fuzzy.found, fuzzy.gold)}; {t.fuzzy_no_typo} false fuzzy matches in "
        f"{t.fuzzy_no_typo_words} words of text holding no typo (distractors included)."
    )
    if t.subsumed:
        out.append(
            "Gold occurrences inside a longer match of a concept the gold does not list "
            f"(set aside): {dict(t.subsumed)}."
        )
    for line in t.skipped:
        out.append(f"Skipped passage {line}")
    for line in t.refused:
        out.append(f"Refused: {line}")
    return "\n".join(out)
