"""Benchmark the aligner's candidate finding: the C walk against the best library alternative.

The aligner (`align.py`) reads and chooses among candidate windows; what
differs is how they are found:

- the walk in C (`accel/_walker.c`, the default);
- an Aho–Corasick automaton (pyahocorasick, a well-kept C library) over the
  terms' folded syllables for the windows whose every syllable is right, and
  the plain finder's own step for the windows with a typo: the best library
  alternative (no library walks typo steps);
- the plain finder of align.py (Python, the fallback without a C compiler).

All three must give the same matches (checked here on every text). Measured
in segments per second (CPU time, one process, each probe in a fresh
subprocess, `--repeat` times in alternation, median): on SYNTHETIC segments
like the check benchmark's (a 1,000-concept synthetic glossary of common
syllables, three terms a segment among filler, 2% typed without diacritics,
2% with a typo; generated, never committed), and on the real texts of
../shared/realtexts with the project glossary (when present; local only).

Prints one Markdown table.
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
from itertools import accumulate, pairwise
from pathlib import Path
from statistics import median

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "scripts"))

FINDERS = ("walk in C", "Aho-Corasick + Python typo step", "plain finder (Python)")


def synthetic(work: Path, segments: int, seed: int) -> None:
    """A synthetic glossary and segments, as the check benchmark makes them."""
    import yaml
    from bench_check import make_glossary, vietnamese_syllables

    from normcorpus import normalize, syllables

    rng = random.Random(seed)
    pool = vietnamese_syllables()
    weights = list(accumulate(1 / (rank + 1) for rank in range(len(pool))))
    rng.shuffle(pool)
    concepts = make_glossary(rng, pool, weights, 1000)
    texts = []
    for _ in range(segments):
        words: list[str] = []
        for concept in rng.sample(concepts, 3):
            words += rng.choices(pool, cum_weights=weights, k=rng.randint(4, 9))
            term = rng.choice(concept["vi"])["term"].split()
            roll = rng.random()
            if roll < 0.02:
                term = [normalize.fold(w) for w in term]
            elif roll < 0.04:  # a typo: a swapped pair of letters, or a wrong tone
                k = rng.randrange(len(term))
                near = sorted(syllables.Neighbours(syllables.lexicon()).words(term[k]))
                term[k] = rng.choice(near or [term[k]])
            words += term
        texts.append(" ".join(words).capitalize() + ".")
    (work / "glossary.yaml").write_text(
        yaml.safe_dump(
            {"schema": "normcorpus-glossary/1", "concepts": concepts}, allow_unicode=True
        ),
        encoding="utf-8",
    )
    (work / "synthetic.json").write_text(json.dumps(texts, ensure_ascii=False), "utf-8")


def real(work: Path, realtexts: Path) -> bool:
    from normcorpus import normalize

    texts = []
    for path in sorted(realtexts.glob("*.txt")) + sorted((ROOT / "corpus").glob("*.txt")):
        for line in path.read_text(encoding="utf-8-sig").splitlines():
            if line.strip():
                texts.append(normalize.text(line.strip()))
    (work / "real.json").write_text(json.dumps(texts, ensure_ascii=False), "utf-8")
    return bool(texts)


PROBE = """
import json, resource, sys, time
sys.path.insert(0, ROOT + "/src"); sys.path.insert(0, ROOT + "/scripts")
from bench_align import aligner
from normcorpus.glossary import load_glossary
texts = json.load(open(TEXTS, encoding="utf-8"))
a = aligner(FINDER, load_glossary(GLOSSARY))
t = time.process_time()
found = a.locate_many(texts)
seconds = time.process_time() - t
print(json.dumps({"seconds": seconds, "segments": len(texts),
                  "matches": sum(map(len, found)), "digest": hash(str(found))}))
"""


def aligner(finder: str, glossary):  # type: ignore[no-untyped-def]
    from normcorpus.align import Aligner

    if finder == FINDERS[0]:
        return Aligner(glossary, compiled=True)
    if finder == FINDERS[1]:
        return AhoCorasickAligner(glossary)
    return Aligner(glossary, compiled=False)


def _make_ac_aligner():  # type: ignore[no-untyped-def]
    import ahocorasick

    from normcorpus import align, normalize
    from normcorpus.align import Aligner, spelling

    class _AhoCorasick(Aligner):
        """The plain finder with its right-syllable windows from an automaton."""

        def __init__(self, glossary):  # type: ignore[no-untyped-def]
            super().__init__(glossary, compiled=False)
            keys: dict[str, list[int]] = {}
            for index, entry in enumerate(self.entries):
                keys.setdefault(" " + " ".join(entry.folded) + " ", []).append(index)
            self._automaton = ahocorasick.Automaton()
            for key, indices in keys.items():
                self._automaton.add_word(key, (key.count(" ") - 1, indices))
            self._automaton.make_automaton()
            self._lower: dict[str, str] = {}

        def _plain_candidates(self, text):  # type: ignore[no-untyped-def]
            self._start_index()  # the typo step below uses the plain finder's index
            matches = list(align._TOKEN.finditer(text))
            words = [m.group() for m in matches]
            lower_of = self._lower
            lower = [lower_of.get(w) or lower_of.setdefault(w, align._key_token(w)) for w in words]
            folded = [normalize.fold(w) for w in lower]
            between = [text[a.end() : b.start()] for a, b in pairwise(matches)]
            gaps = list(map(align._sep_core, between))
            sentence = [0]
            for gap in between:
                sentence.append(sentence[-1] + align._ends_sentence(gap))
            tallies = [[0, 0] for _ in range(sentence[-1] + 1)] if words else []
            for k, word in enumerate(words):
                kind = self._token_kinds[word]
                tallies[sentence[k]][0] += kind > 0
                tallies[sentence[k]][1] += kind > 1
            ends = {}  # offset in the haystack just after token k -> k
            at = 0
            for k, f in enumerate(folded):
                at += 1 + len(f)
                ends[at] = k
            out = []

            def add(i: int, n: int, index: int, typos: int) -> None:
                term = self.entries[index]
                if tuple(gaps[i : i + n - 1]) != term.seps or typos > term.typos:
                    return
                spelled = spelling(term, words, lower, i)
                if spelled is None:
                    return
                vietnamese, marked = tallies[sentence[i]]
                start, end = matches[i].start(), matches[i + n - 1].end()
                out.append((start, end, i, n, index, spelled, vietnamese, marked))

            haystack = " " + " ".join(folded) + " "
            for end, (n, indices) in self._automaton.iter(haystack):
                last = ends[end]  # the key ends with the space after its last token
                for index in indices:
                    add(last - n + 1, n, index, 0)
            # Windows with a typo: the plain finder's step, typos only.
            typo_of = self._typo_of
            for i in range(len(words)):
                starting = [
                    index
                    for index in self._by_first.get(folded[i], ())
                    if self.entries[index].loose
                ]
                if i + 1 < len(words):
                    first_typos = typo_of(lower[i])
                    starting += [
                        index
                        for index in self._by_second.get(folded[i + 1], ())
                        if self.entries[index].lower[0] in first_typos
                    ]
                for index in starting:
                    term = self.entries[index]
                    n = len(term.tokens)
                    if i + n > len(words):
                        continue
                    typos = 0
                    for k in range(n):
                        if folded[i + k] != term.folded[k]:
                            if term.lower[k] not in typo_of(lower[i + k]):
                                break
                            typos += 1
                    else:
                        if typos:
                            add(i, n, index, typos)
            return out

    return _AhoCorasick


def AhoCorasickAligner(glossary):  # type: ignore[no-untyped-def]
    return _make_ac_aligner()(glossary)


def probe(finder: str, texts: Path, glossary: Path) -> dict[str, float]:
    code = f"ROOT = {str(ROOT)!r}\nFINDER = {finder!r}\nTEXTS = {str(texts)!r}\n"
    code += f"GLOSSARY = {str(glossary)!r}\n" + PROBE
    env = dict(os.environ, PYTHONHASHSEED="0")
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=False
    )
    if result.returncode != 0:
        sys.stderr.write(result.stderr)
        raise SystemExit(f"probe {finder} failed")
    return json.loads(result.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--segments", type=int, default=20_000, help="synthetic segments")
    parser.add_argument("--seed", type=int, default=5)
    parser.add_argument("--repeat", type=int, default=3, help="runs of each probe")
    parser.add_argument("--realtexts", type=Path, default=None)
    args = parser.parse_args()
    try:
        import ahocorasick  # noqa: F401
    except ImportError:
        raise SystemExit("pyahocorasick is not installed (pip install -e '.[dev]')") from None
    realtexts = args.realtexts or next(
        (
            p
            for p in (
                ROOT.parent / "shared" / "realtexts",
                ROOT.parent.parent / "shared" / "realtexts",
            )
            if p.is_dir()
        ),
        None,
    )
    work = Path(tempfile.mkdtemp(prefix="normcorpus-bench-align-"))
    try:
        synthetic(work, args.segments, args.seed)
        sets = [("synthetic", work / "synthetic.json", work / "glossary.yaml")]
        if realtexts is not None and real(work, realtexts):
            sets.append(("real texts", work / "real.json", ROOT / "glossary.yaml"))
        runs: dict[tuple[str, str], list[dict[str, float]]] = {}
        for _ in range(args.repeat):
            for name, texts, glossary in sets:
                for finder in FINDERS:
                    r = probe(finder, texts, glossary)
                    runs.setdefault((name, finder), []).append(r)
                    rate = r["segments"] / r["seconds"]
                    print(f"  {name}, {finder}: {rate:,.0f} segments/s", file=sys.stderr)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    for name, _texts, _glossary in sets:  # the same matches, whatever finds the candidates
        digests = {r["digest"] for f in FINDERS for r in runs[(name, f)]}
        if len(digests) != 1:
            raise SystemExit(f"the finders disagree on the {name}")
    print(
        f"\n### Aligner: finding candidates ({args.segments:,} synthetic segments,"
        f" 1,000-concept synthetic glossary; real texts with the project glossary;"
        f" CPU time, median of {args.repeat} runs (range))\n"
    )
    print("| texts | candidates found by | segments/s | vs the walk in C |")
    print("| --- | --- | ---: | ---: |")
    for name, _texts, _glossary in sets:
        rates = {f: sorted(r["segments"] / r["seconds"] for r in runs[(name, f)]) for f in FINDERS}
        for finder in FINDERS:
            rate = median(rates[finder])
            spread = (
                f" ({rates[finder][0]:,.0f}–{rates[finder][-1]:,.0f})" if args.repeat > 1 else ""
            )
            ratio = rate / median(rates[FINDERS[0]])
            print(f"| {name} | {finder} | {rate:,.0f}{spread} | {ratio:.2f}× |")


if __name__ == "__main__":
    main()
