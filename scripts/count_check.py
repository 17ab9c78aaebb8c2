"""Instructions a segment of `check`, counted by valgrind (repeatable on a shared machine).

    python scripts/count_check.py WORK [--pairs 20000] [--skip-rules a,b] [--rules a,b]

WORK is a directory that `scripts/bench_check.py --keep` left (its
glossary.yaml and pairs.tsv). The first `--pairs` pairs are written to a TSV,
then `check_files` runs over it under `valgrind --tool=cachegrind
--cache-sim=no`, and so does a run that does everything but check (imports,
the glossary, the checker); the difference over the pairs is the cost a
segment, end to end from the TSV. `--half` adds a run over half the pairs,
so that what is built on first use (the English scanner, the patterns) can
be told from the cost that grows with the segments.

`--split` counts the stages instead, each run doing one stage more over the
same pairs (the cyclic collector off, as `check` has it): reading the TSV,
normalising the Vietnamese, aligning it, making each segment's context (the
English terms found), and the whole check (the rules, the rest); a stage's
cost is its run less the one before.

The child ends with `os._exit(0)`: the interpreter's shutdown would free the
report and run a full collection, which is no cost of checking.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

CHILD = """
import os, sys
sys.path.insert(0, {src!r})
from normcorpus.glossary import load_glossary
from normcorpus.check import check_files, check_pairs
from normcorpus.check.registry import select_rules
rules = select_rules({rules!r} or None, {skip!r} or None)
g = load_glossary({glossary!r})
if {tsv!r}:
    report = check_files([{tsv!r}], g, rules=rules)
else:
    report = check_pairs([], g, rules=rules)
os._exit(0)
"""


# Stage k does stages 1..k (`--split`); the last is the check itself (CHILD).
STAGES = ("reading", "normalising", "aligning", "segment contexts", "rules and the rest")
STAGED = """
import gc, os, sys
sys.path.insert(0, {src!r})
from normcorpus.glossary import load_glossary
from normcorpus.check import Checker
from normcorpus.check.engine import vietnamese
from normcorpus.check.registry import select_rules
from normcorpus.formats.bilingual import read_pairs
rules = select_rules({rules!r} or None, {skip!r} or None)
checker = Checker(load_glossary({glossary!r}), rules=rules)
stage = {stage}
gc.disable()
if stage >= 1:
    pairs = list(read_pairs({tsv!r}))
if stage >= 2:
    sources = [vietnamese(pair.vi) for pair in pairs]
if stage >= 3:
    located = checker.align_many(sources)
if stage >= 4:
    segments = list(map(checker.segment, pairs, sources, located))
os._exit(0)
"""


def instructions(
    tsv: str, glossary: str, rules: list[str], skip: list[str], stage: int | None = None
) -> int:
    template = CHILD if stage is None else STAGED
    code = template.format(
        src=str(ROOT / "src"), rules=rules, skip=skip, glossary=glossary, tsv=tsv, stage=stage
    )
    with tempfile.TemporaryDirectory() as out:
        result = subprocess.run(
            [
                "valgrind",
                "--tool=cachegrind",
                "--cache-sim=no",
                f"--cachegrind-out-file={out}/cg.out",
                sys.executable,
                "-c",
                code,
            ],
            capture_output=True,
            text=True,
            env={**os.environ, "PYTHONHASHSEED": "0"},
            check=False,
        )
        if result.returncode != 0:
            sys.stderr.write(result.stderr[-3000:])
            raise SystemExit("the counted run failed")
        match = re.search(r"I\s+refs:\s+([\d,]+)", result.stderr)
        if match is None:
            raise SystemExit("valgrind printed no instruction count")
        return int(match.group(1).replace(",", ""))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("work", type=Path)
    parser.add_argument("--pairs", type=int, default=20_000)
    parser.add_argument("--rules", action="append", default=[])
    parser.add_argument("--skip-rules", action="append", default=[])
    parser.add_argument("--half", action="store_true", help="also count half the pairs")
    parser.add_argument("--split", action="store_true", help="count each stage of the check")
    args = parser.parse_args()

    lines = (args.work / "pairs.tsv").read_text(encoding="utf-8").splitlines(keepends=True)
    glossary = str(args.work / "glossary.yaml")
    if args.split:
        split(lines, glossary, args)
        return
    sizes = [args.pairs // 2, args.pairs] if args.half else [args.pairs]
    with tempfile.TemporaryDirectory() as tmp:
        base = instructions("", glossary, args.rules, args.skip_rules)
        counts = {}
        for size in sizes:
            tsv = Path(tmp) / f"pairs{size}.tsv"
            tsv.write_text("".join(lines[: size + 1]), encoding="utf-8")
            counts[size] = instructions(str(tsv), glossary, args.rules, args.skip_rules)
    label = ",".join(args.rules) or "all rules"
    if args.skip_rules:
        label += " less " + ",".join(args.skip_rules)
    for size, count in counts.items():
        print(f"{label}: {size:,} pairs: {(count - base) / size:,.0f} instructions a segment")
    if args.half:
        low, high = sizes
        print(f"{label}: marginal: {(counts[high] - counts[low]) / (high - low):,.0f} a segment")


def split(lines: list[str], glossary: str, args: argparse.Namespace) -> None:
    """Instructions a segment in each stage (`STAGES`), the runs side by side."""
    from concurrent.futures import ThreadPoolExecutor

    with tempfile.TemporaryDirectory() as tmp:
        tsv = Path(tmp) / "pairs.tsv"
        tsv.write_text("".join(lines[: args.pairs + 1]), encoding="utf-8")
        stages = [*range(len(STAGES)), None]  # 0: nothing read; None: the check itself

        def count(stage: int | None) -> int:
            return instructions(str(tsv), glossary, args.rules, args.skip_rules, stage)

        with ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
            counts = list(pool.map(count, stages))
    total = (counts[-1] - counts[0]) / args.pairs
    for name, before, after in zip(STAGES, counts[:-1], counts[1:], strict=True):
        each = (after - before) / args.pairs
        print(f"{name:20} {each:>10,.0f} instructions a segment ({each / total:5.1%})")
    print(f"{'all':20} {total:>10,.0f} instructions a segment")


if __name__ == "__main__":
    main()
