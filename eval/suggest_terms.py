"""Held-out evaluation of `glossary suggest`: does it find the glossary's own terms?

The glossary is held out: suggestions are made against an empty glossary, so every
Vietnamese term of glossary.yaml that occurs in a text is a term the extractor should
find. Precision@k is the share of the top k suggestions that are a glossary term
(exactly, after normalisation); the terms present in the text bound what is reachable.
The texts are the evaluation's own copies (eval/texts, free to copy). Many of the
glossary's concepts from these laws were picked from an earlier `suggest` list
(docs/glossary.md), which favours the ranking of that time: a bias against a change.
CPU time is `time.process_time()` of the suggest call (reading and aligning excluded).

    .venv/bin/python eval/suggest_terms.py
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from normcorpus import curate, normalize
from normcorpus.glossary import load_glossary, make_glossary
from normcorpus.ingest import aligned_records

ROOT = Path(__file__).resolve().parent.parent
TEXTS = ROOT / "eval" / "texts"
NAMES = {
    "IT Law": "itlaw-2006-67-2006-qh11.vi.txt",
    "codification 3.1": "phapdien-3.1-an-toan-thong-tin-mang.txt",
    "codification 1.11": "phapdien-1.11-lq9-nd1-25.txt",
}
DEPTHS = (30, 50)


def main() -> int:
    glossary = load_glossary(ROOT / "glossary.yaml")
    gold = {normalize.key(normalize.term(t.term)) for c in glossary.concepts for t in c.vi}
    empty = make_glossary([])
    print(
        f"{'text':18} {'in text':>7} " + " ".join(f"{'P@' + str(k):>6}" for k in DEPTHS) + "  cpu s"
    )
    for name, file in NAMES.items():
        path = TEXTS / file
        if not path.exists():
            print(f"{name:18} skipped: {file} absent")
            continue
        records = list(aligned_records([path], empty))
        text = " ".join(normalize.key(r.text) for r in records)
        present = {g for g in gold if f" {g} " in f" {text} "}
        start = time.process_time()
        report = curate.suggest(records, empty, limit=max(DEPTHS))
        cpu = time.process_time() - start
        keys = [normalize.key(s.phrase) for s in report.suggestions]
        cells = " ".join(f"{sum(k in gold for k in keys[:d]) / d:6.2f}" for d in DEPTHS)
        print(f"{name:18} {len(present):7} {cells}  {cpu:5.1f}")
        if "-v" in sys.argv:
            for i, key in enumerate(keys, 1):
                print(f"  {i:2} {'*' if key in gold else ' '} {key}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
