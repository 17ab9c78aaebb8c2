"""Score `normcorpus check` on the planted-error file (recall and false alarms).

eval/check/planted.tsv holds the corpus's 53 clause pairs (its working
translations) and 4 rows made from them, with 27 errors planted by hand in 25
rows, one or more of each kind the rules look for, and 2 rows rewritten into
correct variants; the other rows are left as they are and should raise
nothing but the source's own typos. eval/check/planted-key.tsv says, row by
row, which rules should fire (`expect`) and what was planted.

A planted error is caught when a finding of its rule points at its row. A
finding of a rule the row does not expect is a false alarm.

    .venv/bin/python eval/check/score_planted.py [--glossary glossary.yaml] [--format json]
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
PLANTED = HERE / "planted.tsv"
KEY = HERE / "planted-key.tsv"


@dataclass(frozen=True)
class Score:
    planted: int  # planted errors (row, rule)
    caught: int
    missed: tuple[tuple[str, str], ...]  # (row, rule)
    false_alarms: tuple[tuple[str, str, str], ...]  # (row, rule, message)
    by_rule: dict[str, tuple[int, int]]  # rule -> (caught, planted)

    @property
    def recall(self) -> float:
        return self.caught / self.planted if self.planted else 1.0

    def to_dict(self) -> dict[str, object]:
        return {
            "planted": self.planted,
            "caught": self.caught,
            "recall": round(self.recall, 4),
            "missed": [list(m) for m in self.missed],
            "false_alarms": [list(f) for f in self.false_alarms],
            "by_rule": {r: list(v) for r, v in sorted(self.by_rule.items())},
        }


def expectations(path: Path = KEY) -> dict[str, set[str]]:
    """Row id -> the rules that should fire on it."""
    out: dict[str, set[str]] = {}
    with path.open(encoding="utf-8") as handle:
        rows = csv.DictReader((line for line in handle if not line.startswith("#")), delimiter="\t")
        for row in rows:
            out[row["id"]] = {r for r in row["expect"].split(",") if r}
    return out


def score(glossary_path: Path = ROOT / "glossary.yaml") -> Score:
    from normcorpus.check import check_files
    from normcorpus.glossary import load_glossary

    report = check_files([PLANTED], load_glossary(glossary_path))
    expected = expectations()
    found: dict[str, set[str]] = {}
    false_alarms = []
    for finding in report.findings:
        row = finding.segment or ""
        found.setdefault(row, set()).add(finding.rule)
        if finding.rule not in expected.get(row, set()):
            false_alarms.append((row, finding.rule, finding.message))
    planted = [(row, rule) for row, rules in expected.items() for rule in sorted(rules)]
    missed = tuple((row, rule) for row, rule in planted if rule not in found.get(row, set()))
    totals = Counter(rule for _row, rule in planted)
    misses = Counter(rule for _row, rule in missed)
    return Score(
        planted=len(planted),
        caught=len(planted) - len(missed),
        missed=missed,
        false_alarms=tuple(false_alarms),
        by_rule={rule: (n - misses[rule], n) for rule, n in totals.items()},
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--glossary", type=Path, default=ROOT / "glossary.yaml")
    parser.add_argument("--format", choices=["table", "json"], default="table")
    args = parser.parse_args()
    result = score(args.glossary)
    if args.format == "json":
        json.dump(result.to_dict(), sys.stdout, ensure_ascii=False, indent=2)
        print()
        return
    print(
        f"check, planted errors (eval/check/planted.tsv): caught {result.caught} of"
        f" {result.planted} ({100 * result.recall:.0f}%), false alarms {len(result.false_alarms)}"
    )
    for rule, (caught, planted) in sorted(result.by_rule.items()):
        print(f"  {rule:22} {caught}/{planted}")
    for row, rule in result.missed:
        print(f"  missed: {rule} at {row}")
    for row, rule, message in result.false_alarms:
        print(f"  false alarm: {rule} at {row}: {message}")


if __name__ == "__main__":
    main()
