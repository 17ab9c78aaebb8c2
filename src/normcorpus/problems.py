"""Problems for CI: GitHub workflow annotations and SARIF 2.1.0, one writer each.

Glossary validation problems and check findings are one model
(`models.Problem`), so `glossary validate` and `check` write them through the
same functions:

- `github(problems)`: one workflow command a problem,
  `::error file=…,line=…,col=…,title=<rule>::<message>` (`notice` for info),
  which GitHub Actions shows as annotations on the file and line;
- `sarif(problems, rules=…)`: a SARIF 2.1.0 log (OASIS), one run with the
  rules' metadata, each result located by file and line (and column), its
  segment as a logical location, and a fingerprint that stays the same from
  run to run for the same problem.

Nothing here reads or writes files; the CLI writes what these return.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Mapping, Sequence
from pathlib import PurePath
from typing import Any
from urllib.parse import quote

from .models import Problem, RuleInfo

SARIF_SCHEMA = (
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
)
_GITHUB_LEVEL = {"error": "error", "warning": "warning", "info": "notice"}
_SARIF_LEVEL = {"error": "error", "warning": "warning", "info": "note"}
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def _github_data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _github_property(value: str) -> str:
    return _github_data(value).replace(":", "%3A").replace(",", "%2C")


def github(problems: Iterable[Problem]) -> str:
    """GitHub Actions workflow commands, one line a problem (a check finding's segment leads)."""
    lines = []
    for p in problems:
        props = []
        if p.file:
            props.append(f"file={_github_property(p.file)}")
        if p.line is not None:
            props.append(f"line={p.line}")
        if p.column is not None:
            props.append(f"col={p.column}")
        props.append(f"title={_github_property(p.rule)}")
        message = f"{p.segment}: {p.message}" if p.segment is not None else p.message
        lines.append(f"::{_GITHUB_LEVEL[p.severity]} {','.join(props)}::{_github_data(message)}")
    return clean("\n".join(lines) + ("\n" if lines else ""))


def clean(text: str) -> str:
    """`text` with lone UTF-16 surrogates (no characters; unwritable as UTF-8) as U+FFFD."""
    return _LONE_SURROGATE.sub("\ufffd", text)


def artifact_uri(path: str) -> str:
    """A file name as a SARIF artifact URI: relative stays relative, absolute becomes file:."""
    posix = PurePath(path).as_posix()
    if posix.startswith("/"):
        return "file://" + quote(posix)
    return quote(posix)


def fingerprint(problem: Problem) -> str:
    """What identifies a problem from one run to the next: rule, file, segment, concept, data."""
    key = "\x1f".join(
        str(part or "")
        for part in (
            problem.rule,
            problem.file,
            problem.segment if problem.segment is not None else problem.line,
            problem.concept,
            problem.expected,
            problem.found,
        )
    )
    return hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()[:32]


def sarif(
    problems: Sequence[Problem],
    *,
    rules: Iterable[RuleInfo],
    tool: str = "normcorpus",
    version: str | None = None,
    properties: Sequence[Mapping[str, Any]] | None = None,
    notes: Sequence[str] = (),
) -> dict[str, Any]:
    """A SARIF 2.1.0 log of `problems` as JSON-ready data.

    `rules` are the rules that may have run (their ids, severities and docs
    become the driver's rules); `properties` (one mapping a problem, in order)
    go into each result's property bag; `notes` become the invocation's
    notifications.
    """
    described = list(rules)
    index = {rule.id: k for k, rule in enumerate(described)}
    artifacts: dict[str, int] = {}
    results = []
    for k, problem in enumerate(problems):
        result: dict[str, Any] = {
            "ruleId": problem.rule,
            "level": _SARIF_LEVEL[problem.severity],
            "message": {"text": problem.message},
        }
        if problem.rule in index:
            result["ruleIndex"] = index[problem.rule]
        location: dict[str, Any] = {}
        if problem.file:
            where = artifacts.setdefault(problem.file, len(artifacts))
            physical: dict[str, Any] = {
                "artifactLocation": {"uri": artifact_uri(problem.file), "index": where}
            }
            if problem.line is not None and problem.line >= 1:
                region: dict[str, Any] = {"startLine": problem.line}
                if problem.column is not None and problem.column >= 1:
                    region["startColumn"] = problem.column
                physical["region"] = region
            location["physicalLocation"] = physical
        if problem.segment is not None:
            location["logicalLocations"] = [{"name": problem.segment, "kind": "segment"}]
        if location:
            result["locations"] = [location]
        result["partialFingerprints"] = {"normcorpusProblem/v1": fingerprint(problem)}
        bag = {
            key: value
            for key, value in (
                ("segment", problem.segment),
                ("concept", problem.concept),
                ("expected", problem.expected),
                ("found", problem.found),
            )
            if value is not None
        }
        if problem.renderings:
            bag["renderings"] = [r.to_dict() for r in problem.renderings]
        if properties is not None:
            bag.update(properties[k])
        if bag:
            result["properties"] = bag
        results.append(result)
    driver: dict[str, Any] = {
        "name": tool,
        "rules": [
            {
                "id": rule.id,
                "shortDescription": {"text": rule.doc},
                "defaultConfiguration": {"level": _SARIF_LEVEL[rule.severity]},
            }
            for rule in described
        ],
    }
    if version:
        driver["version"] = version
    run: dict[str, Any] = {
        "tool": {"driver": driver},
        "invocations": [
            {
                "executionSuccessful": True,
                "toolExecutionNotifications": [
                    {"message": {"text": note}, "level": "note"} for note in notes
                ],
            }
        ],
        "artifacts": [{"location": {"uri": artifact_uri(file)}} for file in artifacts],
        "columnKind": "unicodeCodePoints",
        "results": results,
    }
    return {"$schema": SARIF_SCHEMA, "version": "2.1.0", "runs": [run]}
