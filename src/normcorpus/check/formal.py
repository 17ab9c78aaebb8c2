"""Formal rules: what a translator checks whatever the glossary says.

- `untranslated`: the target is empty, or the source copied (ignoring case;
  a source without letters, such as `2018`, may be copied). The rules that
  need a translation (`Rule.needs_target`) skip such a segment.
"""

from __future__ import annotations

from collections.abc import Iterable

from .model import Finding, Rule, Segment


class Untranslated(Rule):
    id = "untranslated"
    severity = "error"
    doc = "empty target, or target equal to the source"
    needs_target = False

    def segment(self, seg: Segment) -> Iterable[Finding]:
        status = seg.status
        if status != "empty" and status != "copied":
            return ()
        why = "the target is empty" if status == "empty" else "the target is the source, copied"
        return (self.finding(seg, f"untranslated: {why}", found=seg.target.strip() or None),)
