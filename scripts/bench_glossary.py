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
Each run is made twice, alternately: with the glossary read in C
(accel/_yamlwalk.c, the default where it was built) and by the plain reader
(`NORMCORPUS_PURE_PYTHON=1`); both report the same problems
(tests/test_yamlwalk.py).

The reading alone, in this process (CPU, best of `--repeat`): the walk in C,
which gives every value with its line and column, against the best library
alternative, rapidyaml (a C++ parser): its parse alone, and its parse with a
Python visit of every node, the least any reader built on it must do (it has
no places of values, and no YAML 1.1 typing: `yes` stays a string). Measured
once, fastyaml-rs's `safe_load` (no places either) took 3.1 s (docs/decisions.md).

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
from typing import Any

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


def run_once(glossary: Path, *, pure: bool = False) -> tuple[float, float, int]:
    """Wall seconds, CPU seconds (user + system) and peak RSS (KB) of one validate subprocess
    (`pure`: with the plain reader)."""
    env = {k: v for k, v in os.environ.items() if k != "NORMCORPUS_PURE_PYTHON"}
    if pure:
        env["NORMCORPUS_PURE_PYTHON"] = "1"
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    before, cpu_before = usage.ru_maxrss, usage.ru_utime + usage.ru_stime
    started = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-m", "normcorpus", "glossary", "validate", str(glossary)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env=env,
    )
    elapsed = time.perf_counter() - started
    if result.returncode != 0:
        raise SystemExit(f"validate failed ({result.returncode}): {result.stderr.strip()}")
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = usage.ru_utime + usage.ru_stime - cpu_before
    return elapsed, cpu, max(usage.ru_maxrss, before)


def reading(glossary: Path, repeat: int) -> list[tuple[str, float | None]]:
    """CPU seconds (best of `repeat`) of reading the glossary in this process: the walk
    in C, and rapidyaml (None where it is not installed or the walk not built)."""
    from normcorpus import glossary as glossary_module
    from normcorpus.accel import yamlwalk

    text = glossary_module.read_text(glossary)
    data = text.encode("utf-8")

    def best(read: Any) -> float:
        times = []
        for _ in range(repeat):
            started = time.process_time()
            with glossary_module.cycles_uncollected():
                read()
            times.append(time.process_time() - started)
        return min(times)

    def walk_in_c() -> None:
        if glossary_module._walked(text) is None:
            raise SystemExit("the walk in C gave up on the synthetic glossary")

    rows: list[tuple[str, float | None]] = [
        (
            "entries with places, walk in C (accel/_yamlwalk.c)",
            best(walk_in_c) if yamlwalk.BUILT else None,
        )
    ]
    try:
        import ryml
    except ImportError:
        ryml = None

    def parse() -> Any:
        return ryml.parse_in_arena(data)

    def parse_and_visit() -> None:
        tree = parse()
        todo = [tree.root_id()]
        while todo:  # every node's key and value, as Python strings
            node = todo.pop()
            if tree.has_key(node):
                bytes(tree.key(node)).decode("utf-8")
            if tree.has_val(node):
                bytes(tree.val(node)).decode("utf-8")
            child = tree.first_child(node)
            while child != ryml.NONE:
                todo.append(child)
                child = tree.next_sibling(child)

    rows.append(("rapidyaml: parse only (no places, no types)", best(parse) if ryml else None))
    rows.append(
        (
            "rapidyaml: parse + a Python visit of every node",
            best(parse_and_visit) if ryml else None,
        )
    )
    return rows


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
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="normcorpus-bench-glossary-") as tmp:
        glossary = Path(tmp) / "glossary.yaml"
        write_glossary(glossary, args.concepts)
        size = glossary.stat().st_size
        # Alternately, so that both ways meet the same load of the machine.
        runs: dict[bool, list[tuple[float, float, int]]] = {False: [], True: []}
        for _ in range(args.repeat):
            for pure in (False, True):
                runs[pure].append(run_once(glossary, pure=pure))
        read = reading(glossary, args.repeat)
        measured = [] if args.validate_only else uses(Path(tmp), glossary, args.concepts)
    from normcorpus.accel import yamlwalk

    times = [wall for wall, _, _ in runs[False]]
    status = "met" if median(times) <= TARGET_SECONDS else "NOT met"
    print(f"### glossary validate ({args.concepts:,} concepts, {size / 1e6:.1f} MB)\n")
    print(
        "read in C (accel/_yamlwalk.c)"
        if yamlwalk.BUILT
        else "read in Python: normcorpus.accel._yamlwalk is not built (libyaml-dev missing?)"
    )
    print()
    print("| measure | default | plain reader (NORMCORPUS_PURE_PYTHON=1) |")
    print("| --- | --- | --- |")

    def spread(values: list[float]) -> str:
        return f"{median(values):.2f} s ({min(values):.2f}-{max(values):.2f})"

    walls = {pure: [r[0] for r in runs[pure]] for pure in runs}
    cpus = {pure: [r[1] for r in runs[pure]] for pure in runs}
    peaks = {pure: max(r[2] for r in runs[pure]) / 1024 for pure in runs}
    print(
        f"| wall time, median of {args.repeat} | {spread(walls[False])} | {spread(walls[True])} |"
    )
    print(f"| CPU time (user + system), median | {spread(cpus[False])} | {spread(cpus[True])} |")
    print(f"| peak RSS | {peaks[False]:.0f} MB | {peaks[True]:.0f} MB |")
    print(f"| target <= {TARGET_SECONDS:.0f} s (wall, default) | {status} | |")
    print()
    print(f"Reading the file alone, CPU, best of {args.repeat}:\n")
    print("| reader | CPU |")
    print("| --- | --- |")
    for name, cpu in read:
        shown = f"{cpu:.2f} s" if cpu is not None else "not built / not installed"
        print(f"| {name} | {shown} |")
    print()
    if measured:
        print(f"### ingest and check with the {args.concepts:,}-concept glossary (CPU time)\n")
        print("| run | CPU (user + system) | target |")
        print("| --- | --- | --- |")
        for name, cpu in measured:
            target = ""
            if "after" in name:
                met = "met" if cpu <= USE_TARGET_SECONDS else "NOT met"
                target = f"<= {USE_TARGET_SECONDS:.0f} s: {met}"
            print(f"| {name} | {cpu:.2f} s | {target} |")
        print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
