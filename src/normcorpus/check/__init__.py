"""Bilingual checks: Vietnamese–English segment pairs × glossary -> findings.

The translators' side of normcorpus, one module per concern:

- `model`: the `Rule` base, the per-segment context (`Segment`), `Finding`
  (a `models.Problem`) and `CheckReport`;
- the rule families: `terms` (term-missing, term-deprecated,
  source-variant), `consistency` (term-inconsistent), `numbers`
  (number-mismatch), `formal` (untranslated), `corpus` (stale,
  orphan-translation, and corpus mode itself), `suppress` (suppression files,
  unused-suppression);
- `registry`: `RULES`, every rule by id, in the order they run;
- `engine`: `Checker`, batching, caches, reading files, the loop;
- `screen`: the bits the engine reads of a segment to call only the hooks
  that may find something there (`Rule.needs`);
- `report`: rows and the HTML page.

docs/check.md describes the rules; docs/extending.md how to add one.
"""

from __future__ import annotations

from ..models import FAIL_ON, Rendering
from .corpus import check_corpus, corpus_clauses
from .engine import Checker, check_files, check_pairs, vietnamese
from .model import CheckReport, File, Finding, Highlight, Rule, Run, Segment
from .registry import RULES, select_rules
from .report import COLUMNS, finding_rows, group_by_segment, highlight_html, render_html
from .suppress import Suppression, apply_suppressions, load_suppressions

__all__ = [
    "COLUMNS",
    "FAIL_ON",
    "RULES",
    "CheckReport",
    "Checker",
    "File",
    "Finding",
    "Highlight",
    "Rendering",
    "Rule",
    "Run",
    "Segment",
    "Suppression",
    "apply_suppressions",
    "check_corpus",
    "check_files",
    "check_pairs",
    "corpus_clauses",
    "finding_rows",
    "group_by_segment",
    "highlight_html",
    "load_suppressions",
    "render_html",
    "select_rules",
    "vietnamese",
]
