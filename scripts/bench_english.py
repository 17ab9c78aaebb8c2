"""Benchmark English term matching: the C scan (accel/_termscan.c) against pyahocorasick.

Hand-written C stays only while it shows its gain against the best library
made for the job. On the check benchmark's synthetic data (bench_check.py:
the same glossary and pairs for the same seed), this measures:

- English matching alone: `EnglishMatcher.locate_all_in` on every segment's
  English, asked for the concepts the aligner found in its Vietnamese (as
  `check` asks), in microseconds a segment: in C, through pyahocorasick
  (scripts/english_ahocorasick.py), and by the rule itself (english.py,
  on 5,000 segments);
- `check` end to end from the TSV, in segments per second, with the English
  matched in C and through pyahocorasick.

Every probe runs in a fresh subprocess on one core, `--repeat` times in
alternation (CPU time on a shared machine drifts); the table gives the
median with the range. The three matchers must find the same, and the two
checks the same findings, or the run fails.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
from itertools import accumulate
from pathlib import Path
from statistics import median

ROOT = Path(__file__).resolve().parent.parent
SCRIPTS = ROOT / "scripts"
TARGET = 20_000  # the check's target, segments/s

_SETUP = """
import hashlib, json, resource, sys, time
sys.path.insert(0, SRC)
sys.path.insert(0, SCRIPTS)
from normcorpus.glossary import load_glossary
g = load_glossary(WORK + "/glossary.yaml")
"""

_ENGLISH = """
import pickle
from normcorpus.english import EnglishMatcher
asked = pickle.load(open(WORK + "/asked.pickle", "rb"))[:LIMIT]
matcher = EnglishMatcher(g, compiled=MODE == "c")
if MODE == "ahocorasick":
    import english_ahocorasick
    english_ahocorasick.install()
matcher.locate_all_in("warm up", ())
t = time.process_time()
found = [matcher.locate_all_in(en, concepts) for en, concepts in asked]
seconds = time.process_time() - t
digest = hashlib.sha256(repr([
    sorted((c, [(s, e, p.concept, p.term) for s, e, p in spans]) for c, spans in f.items())
    for f in found
]).encode()).hexdigest()
segments = len(asked)
"""

_CHECK = """
if MODE == "ahocorasick":
    import english_ahocorasick
    english_ahocorasick.install()
from normcorpus.check import check_files
t = time.process_time()
report = check_files([WORK + "/pairs.tsv"], g)
seconds = time.process_time() - t
digest = hashlib.sha256(repr([f.to_dict() for f in report.findings]).encode()).hexdigest()
segments = report.segments
"""

_ASKED = """
import pickle
from normcorpus.check import Checker
from normcorpus.english import nfc
from normcorpus.formats.bilingual import read_pairs
checker = Checker(g, cache_size=None)
asked = []
for pair in read_pairs(WORK + "/pairs.tsv"):
    seg = checker.segment(pair)
    if seg.status or not seg.located:
        continue
    # What the checker asks the English scan: each concept once, at its first place.
    first = {}
    for start, end, index, _kind, _score in seg.located:
        first.setdefault(seg.concept_of[index], (start, end))
    asked.append((nfc(pair.en), first))
pickle.dump(asked, open(WORK + "/asked.pickle", "wb"))
seconds, segments, digest = 0.0, len(asked), ""
"""


def probe(body: str, work: Path, mode: str = "", limit: int | None = None) -> dict:
    code = (
        f"SRC = {str(ROOT / 'src')!r}\nSCRIPTS = {str(SCRIPTS)!r}\nWORK = {str(work)!r}\n"
        f"MODE = {mode!r}\nLIMIT = {limit!r}\n"
        + _SETUP
        + body
        + "print(json.dumps({'seconds': seconds, 'segments': segments, 'digest': digest}))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False, cwd=ROOT
    )
    if result.returncode != 0:
        sys.stderr.write(result.stderr)
        raise SystemExit(f"probe failed ({mode or 'setup'})")
    return json.loads(result.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pairs", type=int, default=100_000, help="synthetic segment pairs")
    parser.add_argument("--concepts", type=int, default=1_000, help="synthetic glossary concepts")
    parser.add_argument("--seed", type=int, default=5)
    parser.add_argument("--repeat", type=int, default=3, help="runs of each probe (median)")
    args = parser.parse_args()

    sys.path.insert(0, str(SCRIPTS))
    import bench_check

    rng = random.Random(args.seed)
    pool = bench_check.vietnamese_syllables()
    weights = list(accumulate(1 / (rank + 1) for rank in range(len(pool))))
    rng.shuffle(pool)
    work = Path(tempfile.mkdtemp(prefix="normcorpus-bench-english-"))
    try:
        concepts = bench_check.make_glossary(rng, pool, weights, args.concepts)
        pairs = bench_check.make_pairs(rng, concepts, pool, weights, args.pairs)
        bench_check.write_files(work, concepts, pairs)
        asked = probe(_ASKED, work)["segments"]
        runs: dict[str, list[dict]] = {}
        for _round in range(args.repeat):
            for name, body, mode, limit in (
                ("english c", _ENGLISH, "c", None),
                ("english ahocorasick", _ENGLISH, "ahocorasick", None),
                ("english rule", _ENGLISH, "rule", 5_000),
                ("check c", _CHECK, "c", None),
                ("check ahocorasick", _CHECK, "ahocorasick", None),
            ):
                r = probe(body, work, mode, limit)
                runs.setdefault(name, []).append(r)
                print(f"  {name}: {r['segments'] / r['seconds']:,.0f} segments/s", file=sys.stderr)
    finally:
        shutil.rmtree(work, ignore_errors=True)

    def digests(*names: str) -> set[str]:
        return {r["digest"] for name in names for r in runs[name]}

    if len(digests("english c", "english ahocorasick")) != 1:
        raise SystemExit("the C scan and pyahocorasick found different terms")
    if len(digests("check c", "check ahocorasick")) != 1:
        raise SystemExit("the checks found different findings")
    rule = runs["english rule"][0]["segments"]

    def rates(name: str) -> list[float]:
        return sorted(r["segments"] / r["seconds"] for r in runs[name])

    def micro(name: str) -> str:
        values = [1e6 / rate for rate in rates(name)]
        return f"{median(values):.1f} µs ({min(values):.1f}–{max(values):.1f})"

    def per_second(name: str) -> str:
        values = rates(name)
        return f"{median(values):,.0f} segments/s ({values[0]:,.0f}–{values[-1]:,.0f})"

    check_c, check_ac = median(rates("check c")), median(rates("check ahocorasick"))
    print(
        f"\n### English term matching: C against pyahocorasick ({args.pairs:,} synthetic pairs,"
        f" {args.concepts:,}-concept synthetic glossary, {asked:,} segments asked about;"
        f" one core, CPU time, median of {args.repeat} alternating runs (range))\n"
    )
    print("| measure | C (accel/_termscan.c) | pyahocorasick | the rule (english.py) |")
    print("| --- | --- | --- | --- |")
    print(
        f"| English matching, a segment | {micro('english c')} | {micro('english ahocorasick')}"
        f" | {micro('english rule')} (first {rule:,}) |"
    )
    print(
        f"| check, end to end from TSV | {per_second('check c')}"
        f" {'✓' if check_c >= TARGET else '✗'} | {per_second('check ahocorasick')}"
        f" {'✓' if check_ac >= TARGET else '✗'} | |"
    )
    print(f"| check with pyahocorasick / with C | | {check_ac / check_c:.2f} | |")


if __name__ == "__main__":
    os.environ.setdefault("PYTHONHASHSEED", "0")
    main()
