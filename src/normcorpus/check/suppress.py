"""Suppressions: accepted exceptions, read from a YAML file and applied to findings.

A suppression names a segment id (or a glob such as `doc:p01.*`), a rule, an
optional concept and a required reason. Suppressed findings leave the report
(the summary counts them); a suppression that matched nothing is reported as
`unused-suppression`, so stale exceptions do not pile up.
"""

from __future__ import annotations

import fnmatch
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from ..errors import InputError
from .model import Finding, Rule


@dataclass(frozen=True, slots=True)
class Suppression:
    segment: str  # a segment id, or a glob (`vn-ru-2017-infosec:p01.*`)
    rule: str
    reason: str
    concept: str | None = None
    file: str | None = None  # the suppression file and line, for unused ones
    line: int | None = None

    def matches(self, finding: Finding) -> bool:
        return (
            finding.rule == self.rule
            and (self.concept is None or finding.concept == self.concept)
            and finding.segment is not None
            and (
                finding.segment == self.segment
                or fnmatch.fnmatchcase(finding.segment, self.segment)
            )
        )


class UnusedSuppression(Rule):
    id = "unused-suppression"
    severity = "info"
    doc = "a suppression that matched no finding"
    needs_target = False


def load_suppressions(path: str | Path) -> tuple[Suppression, ...]:
    """Read a suppression file: a YAML list of {segment, rule, reason, concept?}."""
    import yaml

    from ..fileio import read_text
    from ..glossary import NoAliasLoader
    from .registry import RULES  # (the registry imports this module's rule)

    path = Path(path)
    text = read_text(path, what="suppression file", missing="suppression file not found")
    try:
        node = yaml.compose(text, Loader=NoAliasLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise InputError(
            f"YAML error: {getattr(exc, 'problem', None) or exc}",
            path=str(path),
            line=mark.line + 1 if mark else None,
        ) from None
    if node is None:
        return ()
    if isinstance(node, yaml.MappingNode):
        entries = [v for k, v in node.value if k.value == "suppressions"]
        node = entries[0] if entries else None
    if not isinstance(node, yaml.SequenceNode):
        raise InputError("a suppression file is a list of {segment, rule, reason}", path=str(path))
    out = []
    for item in node.value:
        line = item.start_mark.line + 1
        if not isinstance(item, yaml.MappingNode) or not all(
            isinstance(v, yaml.ScalarNode) for _k, v in item.value
        ):
            raise InputError("each suppression is a mapping of strings", path=str(path), line=line)
        data = {k.value: v.value for k, v in item.value}
        unknown = sorted(set(data) - {"segment", "rule", "reason", "concept"})
        if unknown:
            raise InputError(f"unknown key {', '.join(unknown)}", path=str(path), line=line)
        for key in ("segment", "rule", "reason"):
            if not str(data.get(key) or "").strip():
                raise InputError(
                    f"a suppression needs a non-empty {key!r}", path=str(path), line=line
                )
        if data["rule"] not in RULES:
            import difflib

            near = difflib.get_close_matches(str(data["rule"]), RULES, n=1)
            hint = f"did you mean {near[0]!r}? " if near else ""
            raise InputError(
                f"unknown rule {data['rule']!r} ({hint}`normcorpus check --list-rules` lists them)",
                path=str(path),
                line=line,
            )
        out.append(
            Suppression(
                segment=data["segment"],
                rule=data["rule"],
                reason=data["reason"],
                concept=data.get("concept") or None,
                file=str(path),
                line=line,
            )
        )
    return tuple(out)


def apply_suppressions(
    findings: Sequence[Finding], suppressions: Sequence[Suppression], *, rules: frozenset[str]
) -> tuple[list[Finding], list[Finding]]:
    """(kept, suppressed); unused suppressions of enabled rules become findings."""
    if not suppressions:
        return list(findings), []
    kept: list[Finding] = []
    suppressed: list[Finding] = []
    used: set[int] = set()
    for finding in findings:
        hit = next((k for k, s in enumerate(suppressions) if s.matches(finding)), None)
        if hit is None:
            kept.append(finding)
        else:
            used.add(hit)
            suppressed.append(finding)
    if "unused-suppression" in rules:
        for k, s in enumerate(suppressions):
            if k not in used and s.rule in rules:
                kept.append(
                    UnusedSuppression.finding_for(
                        f"the suppression of {s.rule} for {s.segment} matched nothing",
                        s.file,
                        s.line,
                        s.segment,
                        concept=s.concept,
                        expected=s.rule,
                    )
                )
    return kept, suppressed
