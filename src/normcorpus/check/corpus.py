"""Corpus mode: the corpus's own translations (`<doc>.en.tsv` beside each statement) checked.

Every clause is checked against its translation row with all the segment
rules, with the clause id as segment id, plus the corpus rules:

- `stale`: the row was made for an earlier text of its clause (hash differs);
- `orphan-translation`: a row whose clause does not exist;
- `untranslated` also for a clause without a row (once for a document that has no
  translation file at all).

Clauses come from the index when it is up to date with the statements
(`ingest.indexed_fresh`), otherwise the statements are segmented in memory.

`check_published` checks a statement's published English instead (`<doc>.en.txt`,
aligned with its clauses as ingest aligns it): each bead that pairs text on
both sides is a segment (its clauses joined, id its first clause), so the
segment rules and the file's consistency (`term-inconsistent`: a published
translation that renders `an ninh mạng` three ways) apply to what was
published. Gaps (text one side lacks) are counted in a note, not reported.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

from ..errors import InputError, NormcorpusError
from ..formats.bilingual import SegmentPair
from ..models import Glossary
from .formal import Untranslated
from .model import CheckReport, Finding, Rule, Segment
from .suppress import Suppression, apply_suppressions


class Stale(Rule):
    id = "stale"
    severity = "error"
    doc = "the translation was made for an earlier text of its clause"
    needs_target = False


class OrphanTranslation(Rule):
    id = "orphan-translation"
    severity = "error"
    doc = "a translation row whose clause does not exist"
    needs_target = False


def check_corpus(
    paths: Sequence[str | Path],
    glossary: Glossary,
    *,
    data_dir: str | Path | None = None,
    rules: Iterable[str] | None = None,
    suppressions: Sequence[Suppression] = (),
) -> CheckReport:
    """Check the corpus's translations (`<doc>.en.tsv` beside each statement).

    Clauses come from the index in `data_dir` when it is up to date with the
    statements, otherwise the statements are segmented in memory (slower, same
    result) and a note says so.
    """
    from .. import read
    from ..translations import read_translations, translation_path
    from .engine import Checker, vietnamese  # (the engine imports the registry, which imports this)

    checker = Checker(glossary, rules=rules)
    statements = read.discover(paths)
    if not statements:
        raise InputError("no statement files (*.txt) found", path=", ".join(map(str, paths)))
    clauses, note = corpus_clauses(statements, data_dir)
    enabled = checker.rules
    prefix: dict[str, list[Finding]] = {}
    pairs: list[SegmentPair] = []
    tail: list[Finding] = []
    views: dict[tuple[str | None, str], Segment] = {}

    def untranslated(message: str, name: str, clause_id: str, text: str) -> None:
        """An `untranslated` finding at a clause, and the clause for the report to show."""
        tail.append(Untranslated.finding_for(message, name, None, clause_id))
        views[(name, clause_id)] = Segment(
            SegmentPair(clause_id, text, "", name), vietnamese(text), ""
        )

    unread = 0  # clauses of documents without a translation file (with `untranslated` on)
    missing_rows = 0  # clauses without a row in their document's file (the same)
    for statement in statements:
        doc = read.doc_id(statement)
        tsv = translation_path(statement)
        name = str(tsv)
        own = clauses.get(doc, [])
        if not tsv.exists():
            # No working translation at all: one finding for the document, not one a
            # clause (a statement just added, or one read with its published English).
            if own and "untranslated" in enabled:
                unread += len(own)
                clause_id, text, _hash = own[0]
                english = read.english_version(statement)  # a published one, when there
                untranslated(
                    f"no working translation: {tsv.name} does not exist ({len(own)}"
                    f" clause{'s' if len(own) != 1 else ''} unchecked); add it"
                    + (
                        f", or check the published English ({english.name}) with"
                        " --translation published"
                        if english.exists()
                        else ""
                    ),
                    name,
                    clause_id,
                    text,
                )
            continue
        rows = read_translations(tsv).by_id()
        for clause_id, text, clause_hash in own:
            row = rows.pop(clause_id, None)
            if row is None:
                if "untranslated" in enabled:
                    missing_rows += 1
                    untranslated(
                        f"no translation: add a row for this clause to {tsv.name}",
                        name,
                        clause_id,
                        text,
                    )
                continue
            if row.hash != clause_hash and "stale" in enabled:
                prefix.setdefault(clause_id, []).append(
                    Stale.finding_for(
                        "the clause changed since it was translated: review the"
                        f" English, then set its hash to {clause_hash}",
                        name,
                        row.line,
                        clause_id,
                        expected=clause_hash,
                        found=row.hash,
                    )
                )
            pairs.append(SegmentPair(clause_id, text, row.en, name, row.line))
        if "orphan-translation" in enabled:
            for row in rows.values():
                tail.append(
                    OrphanTranslation.finding_for(
                        f"no clause {row.id!r} in {doc}: remove the row or fix its id",
                        name,
                        row.line,
                        row.id,
                        found=row.id,
                    )
                )
    findings, count, _files, pair_views = checker.check(pairs, prefix=prefix)
    views.update(pair_views)
    order = {
        clause_id: k for k, clause_id in enumerate(c[0] for doc in clauses.values() for c in doc)
    }
    findings = _in_clause_order(findings + tail, order)
    kept, suppressed = apply_suppressions(findings, suppressions, rules=enabled)
    files = tuple(str(translation_path(s)) for s in statements)
    # (each clause without English is a segment the report counts: a document
    # without its file has one finding for all its clauses)
    untranslated = missing_rows + unread
    return CheckReport(
        tuple(kept),
        count + untranslated,
        files,
        tuple(suppressed),
        views,
        notes=(note,) if note else (),
    )


def check_published(
    paths: Sequence[str | Path],
    glossary: Glossary,
    *,
    rules: Iterable[str] | None = None,
    suppressions: Sequence[Suppression] = (),
) -> CheckReport:
    """Check the published English of the statements that have one (see the module doc)."""
    from .. import parallel, read
    from ..segment import segment
    from .engine import Checker

    checker = Checker(glossary, rules=rules)
    statements = read.discover(paths)
    if not statements:
        raise InputError("no statement files (*.txt) found", path=", ".join(map(str, paths)))
    pairs: list[SegmentPair] = []
    files: list[str] = []
    order: dict[str, int] = {}
    gaps = 0
    missing: list[str] = []
    for statement in statements:
        meta, _raw = read.read_meta(statement)
        english = read.english_version(statement, meta)
        if not english.exists():
            if meta.translation is not None:
                missing.append(english.name)
            continue
        document = read.read_document(statement)
        clauses = list(segment(document))
        alignment = parallel.align_sides(
            parallel.vietnamese_side(document, clauses),
            parallel.read_english(english),
            glossary=glossary,
        )
        name = str(english)
        files.append(name)
        texts = {clause.id: clause.text for clause in clauses}
        for bead in parallel.published_beads(alignment, document.id):
            if bead.is_gap:
                gaps += 1
                continue
            order[bead.vi_ids[0]] = len(order)
            vi = " ".join(texts[clause_id] for clause_id in bead.vi_ids)
            pairs.append(SegmentPair(bead.vi_ids[0], vi, bead.en, name, bead.en_lines[0]))
    if not files:
        where = f" ({', '.join(missing)} not here)" if missing else ""
        raise InputError(
            "no published English to check: none of these statements has a <doc>.en.txt" + where,
            path=", ".join(map(str, paths)),
        )
    findings, count, _files, views = checker.check(pairs)
    findings = _in_clause_order(findings, order)
    kept, suppressed = apply_suppressions(findings, suppressions, rules=checker.rules)
    notes = [f"{gaps} beads with text on one side only (gaps) are not checked"] if gaps else []
    if missing:
        notes.append(f"not here, so not checked: {', '.join(missing)}")
    return CheckReport(
        tuple(kept), count, tuple(files), tuple(suppressed), views, notes=tuple(notes)
    )


def _in_clause_order(findings: list[Finding], order: dict[str, int]) -> list[Finding]:
    # Stable: a segment's own findings keep the rule order they were made in;
    # per-file findings (inconsistency) and orphans follow their file's clauses.
    def key(item: tuple[int, Finding]) -> tuple[str, int, int, int]:
        index, finding = item
        late = finding.rule in ("term-inconsistent", "orphan-translation")
        return (finding.file or "", int(late), order.get(finding.segment, 1 << 30), index)

    return [f for _k, f in sorted(enumerate(findings), key=key)]


def corpus_clauses(
    statements: Sequence[Path], data_dir: str | Path | None
) -> tuple[dict[str, list[tuple[str, str, str]]], str]:
    """(clause id, text, hash) per document, from a fresh index or segmented in memory."""
    from .. import read
    from ..ingest import indexed_fresh, source_digest
    from ..read import load_chrome_rules
    from ..segment import load_segment_rules

    docs = {read.doc_id(s): s for s in statements}
    reason = "no --data-dir"
    if data_dir is not None:
        from ..store import Store

        try:
            with Store.open(data_dir) as store:
                known = {info.id: info for info in store.documents()}
                rules = load_chrome_rules()
                segment_digest = load_segment_rules().digest
                stale = [
                    doc
                    for doc, path in docs.items()
                    if not indexed_fresh(
                        store,
                        known.get(doc),
                        source_digest(path, encoding=None, rules=rules),
                        segment_digest,
                    )
                ]
                if not stale:
                    return {
                        doc: [(r.id, r.text, r.hash) for r in store.records(doc)] for doc in docs
                    }, ""
                reason = f"the index in {data_dir}/ is out of date for {', '.join(stale)}"
        except NormcorpusError as exc:
            reason = str(exc).split(" (")[0]
    from ..glossary import make_glossary
    from ..ingest import aligned_records

    # Only the clauses are needed here: an empty glossary skips alignment work.
    out: dict[str, list[tuple[str, str, str]]] = {doc: [] for doc in docs}
    for record in aligned_records(list(docs.values()), make_glossary([])):
        out[record.doc].append((record.id, record.text, record.hash))
    return (
        out,
        f"{reason}; segmented the statements in memory (run `normcorpus ingest` to skip this)",
    )
