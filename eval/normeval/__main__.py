"""`python -m normeval` (what `make eval` runs): score the pipeline against the gold.

Exit status: 0 when the evaluation ran (whatever the figures), 2 when a gold
or registry file is unusable or the pipeline could not be run.
"""

from __future__ import annotations

import argparse
import json
import sys

from .evaluate import run, to_json
from .report import render
from .texts import GoldError


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="normeval",
        description="Score normcorpus on real texts against hand-made gold annotations.",
    )
    parser.add_argument("--format", choices=("table", "json"), default="table")
    parser.add_argument("--text", action="append", help="only this text id (repeatable)")
    parser.add_argument(
        "--only",
        help="comma-separated aspects: reading, structure, boundaries, terms",
    )
    args = parser.parse_args(argv)
    aspects = set(args.only.split(",")) if args.only else None
    try:
        evaluation = run(only=set(args.text) if args.text else None, aspects=aspects)
    except (GoldError, RuntimeError) as exc:
        print(f"normeval: {exc}", file=sys.stderr)
        return 2
    if args.format == "json":
        json.dump(to_json(evaluation), sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        sys.stdout.write(render(evaluation))
    return 0


if __name__ == "__main__":
    sys.exit(main())
