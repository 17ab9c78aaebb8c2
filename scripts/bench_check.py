"""Benchmark `normcorpus check` (issue 5): segments per second, against translate-toolkit.

Generates, in a temporary directory (never committed):

- a SYNTHETIC glossary of 1,000 concepts: Vietnamese terms of 2-4 syllables
  drawn (Zipf-weighted, so common syllables are shared as in real terms) from
  the single-syllable words of Vietnamese that underthesea ships, a third with
  an admitted variant; English terms of 1-3 made-up words, some with admitted
  and deprecated variants;
- SYNTHETIC segment pairs (100,000 by default): each Vietnamese segment holds
  three glossary terms among filler syllables from the same pool (about 30
  syllables, sometimes a date or a number, 2% of terms typed without
  diacritics), and its English renders them with the preferred term (mostly),
  an admitted or deprecated one, a plural, or leaves one out;
- the same pairs as TSV (what `check` reads fastest) and as TMX 1.4.

Every measurement runs in a fresh subprocess (imports and peak memory count as
a user would see them) on one core (one process, one thread):

- `check` over the pairs already in memory (the rules alone), and end to end
  from the TSV and from the TMX (reading included), in segments per second;
- translate-toolkit's own rate to parse the TMX and iterate its units (source
  and target read), and the ratio of the end-to-end TMX check to it;
- peak resident memory of each.

Each probe runs `--repeat` times (3 by default) in alternation, and the table
gives the median rate with the range: CPU time on a shared machine drifts by
15-20% between runs, and one run can land anywhere in that band.

Prints one Markdown table. Target: >= 20,000 segments/s for the check.
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
import time
from itertools import accumulate
from pathlib import Path
from statistics import median
from xml.sax.saxutils import escape

ROOT = Path(__file__).resolve().parent.parent
TARGET = 20_000
_CONSONANTS = "bcdfghjklmnprstvwz"
_VOWELS = "aeiou"


def vietnamese_syllables() -> list[str]:
    from normcorpus.syllables import lexicon

    words = sorted(w for w in lexicon() if w.isalpha())
    if len(words) < 1000:  # underthesea's word list not found: use the corpus's syllables
        text = " ".join(p.read_text(encoding="utf-8") for p in (ROOT / "corpus").glob("*.txt"))
        words = sorted({w.lower() for w in text.split() if w.isalpha()})
    return words


def english_word(rng: random.Random) -> str:
    return "".join(
        rng.choice(_CONSONANTS) + rng.choice(_VOWELS) for _ in range(rng.randint(2, 4))
    ) + rng.choice(("", "n", "r", "t", "l"))


def make_glossary(rng: random.Random, pool: list[str], weights: list[float], n: int) -> list[dict]:
    concepts = []
    seen_vi: set[str] = set()
    seen_en: set[str] = set()

    def fresh(make, seen):  # type: ignore[no-untyped-def]
        while True:
            value = make()
            if value not in seen:
                seen.add(value)
                return value

    def vi_term() -> str:
        return " ".join(rng.choices(pool, cum_weights=weights, k=rng.randint(2, 4)))

    def en_term() -> str:
        return " ".join(english_word(rng) for _ in range(rng.randint(1, 3)))

    for k in range(n):
        vi = [{"term": fresh(vi_term, seen_vi), "status": "preferred"}]
        if rng.random() < 0.33:
            vi.append({"term": fresh(vi_term, seen_vi), "status": "admitted"})
        en = [{"term": fresh(en_term, seen_en), "status": "preferred"}]
        if rng.random() < 0.4:
            en.append({"term": fresh(en_term, seen_en), "status": "admitted"})
        if rng.random() < 0.2:
            en.append({"term": fresh(en_term, seen_en), "status": "deprecated"})
        concepts.append({"id": f"c{k:04d}", "vi": vi, "en": en, "abbr": []})
    return concepts


sys.path.insert(0, str(ROOT / "src"))
from normcorpus.normalize import fold  # noqa: E402


def make_pairs(
    rng: random.Random, concepts: list[dict], pool: list[str], weights: list[float], n: int
) -> list[tuple[str, str, str]]:
    # English filler comes from a fixed vocabulary, Zipf-weighted like real text.
    vocabulary = sorted({english_word(rng) for _ in range(5000)})
    rng.shuffle(vocabulary)
    en_weights = list(accumulate(1 / (rank + 1) for rank in range(len(vocabulary))))
    # Filler must not spell a glossary term by chance (the English would not
    # render it, and every segment would have findings): windows of filler that
    # fold to a term are drawn again.
    terms = {tuple(fold(t["term"]).lower().split()) for c in concepts for t in c["vi"]}
    lengths = sorted({len(t) for t in terms})
    months = [
        "January", "February", "March", "April", "May", "June",
        "July", "August", "September", "October", "November", "December",
    ]  # fmt: skip

    folded_of: dict[str, str] = {}

    def accidental(words: list[str], planted: list[bool]) -> bool:
        folded = [folded_of.get(w) or folded_of.setdefault(w, fold(w).lower()) for w in words]
        count = len(folded)
        for size in lengths:
            for i in range(count - size + 1):
                if tuple(folded[i : i + size]) in terms and not all(planted[i : i + size]):
                    return True
        return False

    from normcorpus.align import Aligner
    from normcorpus.glossary import from_data

    aligner = Aligner(from_data({"schema": "normcorpus-glossary/1", "concepts": concepts}))
    pairs = []
    retries = [0]
    for k in range(n):
        while True:
            words: list[str] = []
            planted: list[bool] = []
            en_parts: list[str] = []
            for concept in rng.sample(concepts, 3):
                filler = rng.choices(pool, cum_weights=weights, k=rng.randint(4, 9))
                term = rng.choice(concept["vi"])["term"]
                term = fold(term) if rng.random() < 0.02 else term
                words += filler + term.split()
                planted += [False] * len(filler) + [True] * len(term.split())
                en_parts.append(
                    " ".join(rng.choices(vocabulary, cum_weights=en_weights, k=rng.randint(3, 6)))
                )
                roll = rng.random()
                allowed = [t["term"] for t in concept["en"] if t["status"] != "deprecated"]
                deprecated = [t["term"] for t in concept["en"] if t["status"] == "deprecated"]
                if roll < 0.85:
                    en_parts.append(allowed[0])
                elif roll < 0.93:
                    en_parts.append(rng.choice(allowed))
                elif roll < 0.97:
                    en_parts.append(allowed[0] + "s")
                elif roll < 0.985 and deprecated:
                    en_parts.append(deprecated[0])
            if not accidental(words, planted):
                break
            retries[0] += 1
        vi = " ".join(words)
        # Typo-like (fuzzy) readings of filler are found only by the aligner:
        # the English renders them too, as a translator would.
        planted_concepts = {
            t.concept
            for t in aligner.find(" ".join(w for w, p in zip(words, planted, strict=True) if p))
        }
        for match in aligner.find(vi):
            if match.concept not in planted_concepts:
                en_parts.append(match.en)
        if rng.random() < 0.2:
            day, month = rng.randint(1, 28), rng.randint(1, 12)
            vi += f", ngày {day}/{month}/2018"
            en_parts.append(f"on {day} {months[month - 1]} 2018")
        pairs.append((f"seg{k:06d}", vi.capitalize() + ".", " ".join(en_parts).capitalize() + "."))
    print(f"(drew {retries[0]:,} segments again that spelled a term by chance)", file=sys.stderr)
    return pairs


def write_files(work: Path, concepts: list[dict], pairs: list[tuple[str, str, str]]) -> None:
    import yaml

    (work / "glossary.yaml").write_text(
        yaml.safe_dump(
            {
                "schema": "normcorpus-glossary/1",
                "languages": {"source": "vi", "target": "en"},
                "concepts": concepts,
            },
            allow_unicode=True,
            sort_keys=False,
        ),
        encoding="utf-8",
    )
    with open(work / "pairs.tsv", "w", encoding="utf-8") as out:
        out.write("id\tvi\ten\n")
        for ident, vi, en in pairs:
            out.write(f"{ident}\t{vi}\t{en}\n")
    with open(work / "pairs.tmx", "w", encoding="utf-8") as out:
        out.write('<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4">\n')
        out.write(
            '<header creationtool="bench_check" creationtoolversion="1" segtype="sentence"'
            ' o-tmf="none" adminlang="en" srclang="vi" datatype="plaintext"/>\n<body>\n'
        )
        for ident, vi, en in pairs:
            out.write(
                f'<tu tuid="{ident}"><tuv xml:lang="vi"><seg>{escape(vi)}</seg></tuv>'
                f'<tuv xml:lang="en"><seg>{escape(en)}</seg></tuv></tu>\n'
            )
        out.write("</body>\n</tmx>\n")


# `check` end to end from a file (reading included), as a user runs it.
CHECK_FILE = """
from normcorpus.glossary import load_glossary
from normcorpus.check import check_files
g = load_glossary(WORK + "/glossary.yaml")
t = time.process_time()
report = check_files([WORK + "/{path}"], g)
seconds = time.process_time() - t
segments, findings = report.segments, len(report.findings)
"""


def _plain(module: str, switch: str) -> str:
    """The "tsv" probe with one `accel` piece switched to its plain rule (`module.switch`):
    what that piece gives (issue 14: each C file shows its gain)."""
    return f"\nfrom normcorpus.accel import {module}\n{module}.{switch}\n" + CHECK_FILE.format(
        path="pairs.tsv"
    )


# Each probe prints {"seconds": …, "segments": …, "findings": …}; peak memory is
# read from the child's rusage by the parent.
PROBES = {
    "rules": """
from normcorpus.glossary import load_glossary
from normcorpus.check import Checker, check_pairs
from normcorpus.formats.bilingual import read_pairs
g = load_glossary(WORK + "/glossary.yaml")
pairs = list(read_pairs(WORK + "/pairs.tsv"))
checker = Checker(g, cache_size=None)
check_pairs(pairs, checker)  # aligns every segment once (the checker keeps them all)
t = time.process_time()
report = check_pairs(pairs, checker)
seconds = time.process_time() - t
segments, findings = report.segments, len(report.findings)
""",
    "tsv": CHECK_FILE.format(path="pairs.tsv"),
    # The same as "tsv" with the first sight of a token described in Python:
    # what accel/_firstsight.c gives (issue 14: each C file shows its gain).
    "tsv-plainsight": _plain("firstsight", "BUILT = False"),
    # The same as "tsv" with the choice among a text's candidates made in Python:
    # what accel/_choice.c gives.
    "tsv-plainchoice": _plain("choice", "BUILT = False"),
    # The same as "tsv" with the rules' one-pass questions asked in Python
    # (`accel/_textpass.c`: which characters a text has, whether a word begins the next).
    "tsv-plainpass": _plain("textpass", "_textpass = None"),
    # The same with the sources' one-pass questions asked by their regexes
    # (`accel/_sourcepass.c`: where a tone mark may move, a footnote number glued to a word).
    "tsv-plainsource": _plain("sourcepass", "_sourcepass = None"),
    # The same with the TSV's rows read by the plain reader (`formats.bilingual._tsv_rows`):
    # what `accel/_rowtext.c`'s row cutting gives.
    "tsv-plainrows": _plain("tsvrows", "BUILT = False"),
    "tmx": CHECK_FILE.format(path="pairs.tmx"),
    "align": """
from normcorpus.glossary import load_glossary
from normcorpus.align import Aligner
from normcorpus.check import vietnamese
from normcorpus.formats.bilingual import read_pairs
g = load_glossary(WORK + "/glossary.yaml")
texts = [vietnamese(p.vi) for p in read_pairs(WORK + "/pairs.tsv")][:10_000]
aligner = Aligner(g)
t = time.process_time()
for text in texts:
    aligner.find(text)
seconds = time.process_time() - t
segments, findings = len(texts), 0
""",
    "toolkit": """
from translate.storage.tmx import tmxfile
t = time.process_time()
with open(WORK + "/pairs.tmx", "rb") as handle:
    store = tmxfile(handle)
segments = 0
for unit in store.units:
    if unit.source is not None and unit.target is not None:
        segments += 1
seconds = time.process_time() - t
findings = 0
""",
}


def probe(name: str, work: Path) -> dict[str, float]:
    code = (
        "import json, resource, sys, time\n"
        f"sys.path.insert(0, {str(ROOT / 'src')!r})\n"
        f"WORK = {str(work)!r}\n"
        + PROBES[name]
        + "print(json.dumps({'seconds': seconds, 'segments': segments, 'findings': findings,"
        " 'maxrss_kb': resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False, cwd=ROOT
    )
    if result.returncode != 0:
        sys.stderr.write(result.stderr)
        raise SystemExit(f"probe {name} failed")
    return json.loads(result.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pairs", type=int, default=100_000, help="synthetic segment pairs")
    parser.add_argument("--concepts", type=int, default=1_000, help="synthetic glossary concepts")
    parser.add_argument("--seed", type=int, default=5)
    parser.add_argument("--keep", action="store_true", help="keep the temporary directory")
    parser.add_argument(
        "--repeat", type=int, default=3, help="runs of each probe (the median is reported)"
    )
    args = parser.parse_args()

    rng = random.Random(args.seed)
    pool = vietnamese_syllables()
    weights = list(accumulate(1 / (rank + 1) for rank in range(len(pool))))  # cumulative
    rng.shuffle(pool)
    work = Path(tempfile.mkdtemp(prefix="normcorpus-bench-check-"))
    try:
        started = time.perf_counter()
        concepts = make_glossary(rng, pool, weights, args.concepts)
        pairs = make_pairs(rng, concepts, pool, weights, args.pairs)
        write_files(work, concepts, pairs)
        print(
            f"(generated {args.pairs:,} pairs, {args.concepts:,} concepts in"
            f" {time.perf_counter() - started:.0f} s;"
            f" TMX {(work / 'pairs.tmx').stat().st_size / 1e6:.0f} MB)",
            file=sys.stderr,
        )
        runs: dict[str, list[dict[str, float]]] = {}
        for _round in range(args.repeat):
            for name in PROBES:
                r = probe(name, work)
                runs.setdefault(name, []).append(r)
                print(f"  {name}: {r['segments'] / r['seconds']:,.0f} segments/s", file=sys.stderr)
        for name, done in runs.items():  # the same input gives the same findings every time
            if len({r["findings"] for r in done}) != 1:
                raise SystemExit(f"probe {name} found different findings in its runs")
        if runs["tsv"][0]["findings"] != runs["tsv-plainsight"][0]["findings"]:
            raise SystemExit("the first sight in C and in Python found different findings")
        if runs["tsv"][0]["findings"] != runs["tsv-plainchoice"][0]["findings"]:
            raise SystemExit("the choice in C and in Python found different findings")
        if runs["tsv"][0]["findings"] != runs["tsv-plainsource"][0]["findings"]:
            raise SystemExit("the sources' questions in C and by regex found different findings")
        if runs["tsv"][0]["findings"] != runs["tsv-plainrows"][0]["findings"]:
            raise SystemExit("the TSV rows read in C and in Python gave different findings")
        if runs["tsv"][0]["findings"] != runs["tsv-plainpass"][0]["findings"]:
            raise SystemExit("the one-pass questions in C and in Python found different findings")
    finally:
        if args.keep:
            print(f"(kept {work})", file=sys.stderr)
        else:
            shutil.rmtree(work, ignore_errors=True)

    def rates(name: str) -> list[float]:
        return sorted(r["segments"] / r["seconds"] for r in runs[name])

    def rate(name: str) -> float:
        return median(rates(name))

    def shown(name: str) -> str:
        low, high = rates(name)[0], rates(name)[-1]
        spread = f" ({low:,.0f}–{high:,.0f})" if len(runs[name]) > 1 else ""
        return f"{rate(name):,.0f} segments/s{spread}"

    def mb(name: str) -> str:
        return f"{max(r['maxrss_kb'] for r in runs[name]) / 1024:.0f} MB"

    rows = [
        (
            "check, end to end from TSV",
            shown("tsv"),
            f">= {TARGET:,}/s {'✓' if rate('tsv') >= TARGET else '✗'}",
            mb("tsv"),
        ),
        (
            "- the same, a new token's first sight described in Python, not `accel/_firstsight.c`",
            shown("tsv-plainsight"),
            f"C gives {rate('tsv') / rate('tsv-plainsight'):.2f}×",
            mb("tsv-plainsight"),
        ),
        (
            "- the same, the choice among a text's candidates in Python, not `accel/_choice.c`",
            shown("tsv-plainchoice"),
            f"C gives {rate('tsv') / rate('tsv-plainchoice'):.2f}×",
            mb("tsv-plainchoice"),
        ),
        (
            "- the same, the rules' one-pass questions asked in Python, not `accel/_textpass.c`",
            shown("tsv-plainpass"),
            f"C gives {rate('tsv') / rate('tsv-plainpass'):.2f}×",
            mb("tsv-plainpass"),
        ),
        (
            "- the same, the sources' tone-mark and footnote questions asked by their regexes,"
            " not `accel/_sourcepass.c`",
            shown("tsv-plainsource"),
            f"C gives {rate('tsv') / rate('tsv-plainsource'):.2f}×",
            mb("tsv-plainsource"),
        ),
        (
            "- the same, the TSV's rows read in Python, not `accel/_rowtext.c`'s `tsv_block`",
            shown("tsv-plainrows"),
            f"C gives {rate('tsv') / rate('tsv-plainrows'):.2f}×",
            mb("tsv-plainrows"),
        ),
        (
            "- Vietnamese alignment alone (`Aligner.find`, 10,000 segments, cold)",
            shown("align"),
            "",
            "",
        ),
        (
            "- the rules alone (alignment cached, pairs in memory)",
            shown("rules"),
            "",
            "",
        ),
        ("check, end to end from TMX", shown("tmx"), "", mb("tmx")),
        (
            "translate-toolkit: parse TMX + iterate units",
            shown("toolkit"),
            "",
            mb("toolkit"),
        ),
        (
            "ratio: TMX check / translate-toolkit parse",
            f"{rate('tmx') / rate('toolkit'):.2f}",
            "",
            "",
        ),
    ]
    from normcorpus.align import COMPILED

    walk = (
        "in C" if COMPILED else "in Python (no normcorpus.accel._walker, or NORMCORPUS_PURE_PYTHON)"
    )
    print(
        f"\n### Bilingual check ({args.pairs:,} synthetic pairs,"
        f" {args.concepts:,}-concept synthetic"
        f" glossary, one core, CPU time, median of {args.repeat} runs (range);"
        f" {runs['tsv'][0]['findings']:,} findings;"
        f" the aligner walks {walk})\n"
    )
    print("| measure | result | target | peak memory |")
    print("| --- | --- | --- | --- |")
    for row in rows:
        print("| " + " | ".join(row) + " |")


if __name__ == "__main__":
    os.environ.setdefault("PYTHONHASHSEED", "0")
    main()
