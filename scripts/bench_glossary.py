"""Benchmark the glossary at scale (issue 18): validate, ingest and check with 100,000 concepts.

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
time), and the peak resident memory. Target: <= 5 s on an idle machine.

Then, with the same glossary (issue 18's other two targets, CPU time):
- `ingest` of a 10 KB statement (the first 10 KB of a corpus statement) into a
  new data directory, which reads the YAML and caches the glossary and what the
  aligner builds from it (glossarycache.py: the glossary in the user's cache,
  a temporary one here, and the aligner's tables beside it), and again after
  the statement changed: the second run is "after the first load" (target
  <= 3 s);
- `check` of a 60-row TSV whose rows use the glossary's terms, twice: the
  first builds and caches the English scan's and check's tables too, the
  second reads them all (target <= 3 s).
"""

from __future__ import annotations

import argparse
import json
import os
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
USE_TARGET_SECONDS = 3.0  # ingest of 10 KB after the first load; check of 60 rows


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


def run_command(args: list[str], env: dict[str, str]) -> tuple[float, int]:
    """CPU seconds (user + system) and exit code of one `normcorpus` subprocess."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    before = usage.ru_utime + usage.ru_stime
    result = subprocess.run(
        [sys.executable, "-m", "normcorpus", *args], cwd=ROOT, capture_output=True, env=env
    )
    if result.returncode not in (0, 1):
        raise SystemExit(f"{args[0]} failed ({result.returncode}): {result.stderr[-500:]!r}")
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime - before, result.returncode


def statement_10kb(path: Path) -> None:
    text = (ROOT / "corpus" / "vn-ru-2017-infosec.txt").read_text(encoding="utf-8")
    lines, size = [], 0
    for line in text.splitlines(keepends=True):
        if size + len(line.encode("utf-8")) > 10_000:
            break
        lines.append(line)
        size += len(line.encode("utf-8"))
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(lines), encoding="utf-8")


def sixty_rows(glossary: Path, path: Path, concepts: int) -> None:
    """A TSV of 60 rows, each a concept's Vietnamese and English preferred terms in a sentence."""
    import yaml

    head = glossary.read_text(encoding="utf-8").split("\n  - id: concept-", 61)[1:61]
    rows = ["vi\ten"]
    for chunk in head:
        vi = yaml.safe_load(chunk.split("    vi:\n      - ", 1)[1].split("\n", 1)[0])["term"]
        number = chunk.split("\n", 1)[0]
        rows.append(
            f"Hai bên bàn về {vi} trong năm nay.\tThe two sides discussed synthetic"
            f" term {number} this year."
        )
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")


def uses(tmp: Path, glossary: Path, concepts: int) -> list[tuple[str, float]]:
    env = {**os.environ, "NORMCORPUS_CACHE_DIR": str(tmp / "user-cache")}
    corpus, data_dir = tmp / "corpus", tmp / "data"
    statement = corpus / "statement.txt"
    statement_10kb(statement)
    ingest = ["ingest", str(corpus), "--data-dir", str(data_dir), "--glossary", str(glossary),
              "--jobs", "1"]  # fmt: skip
    first, _ = run_command(ingest, env)
    with statement.open("a", encoding="utf-8") as out:
        out.write("Hai Bên nhất trí tăng cường hợp tác.\n")
    again, _ = run_command(ingest, env)
    pairs = tmp / "pairs.tsv"
    sixty_rows(glossary, pairs, concepts)
    check = ["check", str(pairs), "--glossary", str(glossary)]
    check_first, _ = run_command(check, env)
    check_again, _ = run_command(check, env)
    return [
        ("ingest 10 KB, first (YAML read, cache written)", first),
        ("ingest 10 KB, after the first load", again),
        ("check 60 rows, first (cache written)", check_first),
        ("check 60 rows, after the first load", check_again),
    ]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--concepts", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--validate-only", action="store_true", help="skip ingest and check")
    parser.add_argument(
        "--skip-validate",
        action="store_true",
        help="only ingest and check",
    )
    args = parser.parse_args()
    if args.skip_validate:
        with tempfile.TemporaryDirectory(prefix="normcorpus-bench-glossary-") as tmp:
            glossary = Path(tmp) / "glossary.yaml"
            write_glossary(glossary, args.concepts)
            print_uses(args.concepts, uses(Path(tmp), glossary, args.concepts))
        return 0
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
        measured = [] if args.validate_only else uses(Path(tmp), glossary, args.concepts)
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
    if measured:
        print_uses(args.concepts, measured)
    return 0


def print_uses(concepts: int, measured: list[tuple[str, float]]) -> None:
    print(f"### ingest and check with the {concepts:,}-concept glossary (CPU time)\n")
    print("| run | CPU (user + system) | target |")
    print("| --- | --- | --- |")
    for name, cpu in measured:
        target = ""
        if "after" in name:
            met = "met" if cpu <= USE_TARGET_SECONDS else "NOT met"
            target = f"<= {USE_TARGET_SECONDS:.0f} s: {met}"
        print(f"| {name} | {cpu:.2f} s | {target} |")
    print()


if __name__ == "__main__":
    sys.exit(main())
