"""Benchmark `normcorpus glossary validate` at scale (issue 18): a 100,000-concept glossary.

Generates, in a temporary directory (never committed), a SYNTHETIC glossary in
the shipped file's layout: 100,000 concepts (by default), each with a
Vietnamese term of 2-4 syllables drawn from the single-syllable words of
Vietnamese that underthesea ships (a third with an admitted variant), a
preferred and an admitted English term, an abbreviation, a `broader` link for
one concept in five, and a note. It is valid, so validation runs every rule.

Each run is a fresh `normcorpus glossary validate FILE` subprocess (start-up
and imports count, as a user sees them); the table gives the median wall time
of `--repeat` runs (3 by default) with the range, the CPU time the process
used (which a machine shared with other work inflates less than the wall
time), and the peak resident memory. Target: <= 5 s of wall time on an idle
machine.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from statistics import median

ROOT = Path(__file__).resolve().parent.parent
TARGET_SECONDS = 5.0


def syllables() -> list[str]:
    from normcorpus.syllables import lexicon

    return sorted(w for w in lexicon() if w.isalpha())


def write_glossary(path: Path, concepts: int, seed: int = 7) -> None:
    rng = random.Random(seed)
    words = syllables()
    seen: set[str] = set()

    def vietnamese() -> str:
        while True:
            term = " ".join(rng.choice(words) for _ in range(rng.randint(2, 4)))
            if term.casefold() not in seen:
                seen.add(term.casefold())
                return term

    lines = [
        "schema: normcorpus-glossary/1",
        "languages: {source: vi, target: en}",
        "concepts:",
    ]
    for i in range(concepts):
        lines += [f"  - id: concept-{i}", "    vi:"]
        lines.append(
            f"      - {{term: {json.dumps(vietnamese(), ensure_ascii=False)}, status: preferred}}"
        )
        if i % 3 == 0:
            lines.append(
                f"      - {{term: {json.dumps(vietnamese(), ensure_ascii=False)},"
                " status: admitted}"
            )
        lines += [
            "    en:",
            f'      - {{term: "synthetic term {i}", status: preferred}}',
            f'      - {{term: "synthetic term no. {i}", status: admitted}}',
            f"    abbr: [ST{i}]",
        ]
        if i and i % 5 == 0:
            lines.append(f"    broader: [concept-{i // 5}]")
        lines.append(f'    note: "Synthetic concept {i} (bench_glossary.py)."')
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def run_once(glossary: Path) -> tuple[float, float, int]:
    """Wall seconds, CPU seconds (user + system) and peak RSS (KB) of one validate subprocess."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    before, cpu_before = usage.ru_maxrss, usage.ru_utime + usage.ru_stime
    started = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-m", "normcorpus", "glossary", "validate", str(glossary)],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    elapsed = time.perf_counter() - started
    if result.returncode != 0:
        raise SystemExit(f"validate failed ({result.returncode}): {result.stderr.strip()}")
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = usage.ru_utime + usage.ru_stime - cpu_before
    return elapsed, cpu, max(usage.ru_maxrss, before)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--concepts", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="normcorpus-bench-glossary-") as tmp:
        glossary = Path(tmp) / "glossary.yaml"
        write_glossary(glossary, args.concepts)
        size = glossary.stat().st_size
        times, cpus, peak = [], [], 0
        for _ in range(args.repeat):
            elapsed, cpu, rss = run_once(glossary)
            times.append(elapsed)
            cpus.append(cpu)
            peak = max(peak, rss)
    status = "met" if median(times) <= TARGET_SECONDS else "NOT met"
    print(f"### glossary validate ({args.concepts:,} concepts, {size / 1e6:.1f} MB)\n")
    print("| measure | value |")
    print("| --- | --- |")
    print(
        f"| wall time, median of {args.repeat} | {median(times):.2f} s"
        f" ({min(times):.2f}-{max(times):.2f}) |"
    )
    print(
        f"| CPU time (user + system), median | {median(cpus):.2f} s"
        f" ({min(cpus):.2f}-{max(cpus):.2f}) |"
    )
    print(f"| peak RSS | {peak / 1024:.0f} MB |")
    print(f"| target <= {TARGET_SECONDS:.0f} s | {status} |")
    print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
