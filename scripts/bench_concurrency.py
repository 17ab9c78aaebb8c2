"""Benchmark readers during an ingest (issue 18): 20 concurrent searchers, 0 errors, ≤ 200 ms.

Ingests the statements of corpus/ into a temporary data directory, then starts
`normcorpus ingest` of a SYNTHETIC corpus of --megabytes (default 13; built by
bench_ingest.build_corpus, never committed) into the same directory, and runs
--searchers processes (default 20) that search in a loop until the ingest
ends, each search timed. The index is in WAL mode: a search reads the last
committed state and waits for nobody. Prints one Markdown table, with the CPU
each search used itself and, for the slow ones, how long they waited for a core
(Linux's /proc/self/schedstat) and how long they were blocked otherwise (I/O, a
lock): what the wall time alone cannot tell.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "scripts"))

QUERIES = ["đe dọa", '"an ninh mạng"', "an ninh mang", "cybersecurity", "hợp tác quốc tế"]


def _queued() -> float:
    """Seconds this process has waited for a core so far (Linux's schedstat; 0 elsewhere)."""
    try:
        with open("/proc/self/schedstat", encoding="ascii") as stat:
            return int(stat.read().split()[1]) / 1e9
    except (OSError, IndexError, ValueError):
        return 0.0


def searcher(data_dir: str, stop: float, out: multiprocessing.Queue) -> None:  # type: ignore[type-arg]
    from normcorpus.search import Corpus

    times: list[float] = []
    cpus: list[float] = []  # the CPU each search used itself (this process has one thread)
    queued: list[float] = []  # and how long it waited for a core
    errors: list[str] = []
    counts: set[int] = set()
    corpus = Corpus.open(data_dir, glossary=ROOT / "glossary.yaml")
    i = 0
    while time.monotonic() < stop and not os.path.exists(os.path.join(data_dir, ".done")):
        query = QUERIES[i % len(QUERIES)]
        i += 1
        started, cpu, queue = time.perf_counter(), time.process_time(), _queued()
        try:
            result = corpus.search(query, limit=20, suggest=False)
            if query == QUERIES[0]:
                counts.add(corpus.count(query))
        except Exception as exc:  # every failure is counted, none stops the run
            errors.append(f"{type(exc).__name__}: {exc}")
        else:
            if not result.hits:
                errors.append(f"no hits for {query!r}")
        times.append(time.perf_counter() - started)
        cpus.append(time.process_time() - cpu)
        queued.append(_queued() - queue)
    corpus.close()
    out.put(
        {
            "times": times,
            "cpus": cpus,
            "queued": queued,
            "errors": errors,
            "counts": sorted(counts),
        }
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--megabytes", type=float, default=13.0)
    parser.add_argument("--searchers", type=int, default=20)
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args()
    from bench_ingest import body_bytes, build_corpus

    from normcorpus.ingest import ingest

    with tempfile.TemporaryDirectory(prefix="normcorpus-bench-concurrency-") as tmp:
        data_dir = Path(tmp) / "data"
        ingest([ROOT / "corpus"], data_dir=data_dir, glossary=ROOT / "glossary.yaml", jobs=1)
        corpus = Path(tmp) / "corpus"
        build_corpus(corpus, int(args.megabytes * 1_000_000))
        size = body_bytes(corpus)
        command = [
            str(Path(sys.executable).with_name("normcorpus")),
            "ingest",
            str(corpus),
            "--data-dir",
            str(data_dir),
            "--jobs",
            str(args.jobs),
            "-f",
            "json",
        ]
        queue: multiprocessing.Queue = multiprocessing.Queue()  # type: ignore[type-arg]
        started = time.monotonic()
        ingesting = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        stop = started + 3600
        searchers = [
            multiprocessing.Process(target=searcher, args=(str(data_dir), stop, queue))
            for _ in range(args.searchers)
        ]
        for process in searchers:
            process.start()
        out, err = ingesting.communicate()
        ingest_seconds = time.monotonic() - started
        (data_dir / ".done").touch()
        results = [queue.get() for _ in searchers]
        for process in searchers:
            process.join()
    report = json.loads(out) if ingesting.returncode == 0 else {}
    times = sorted(t for r in results for t in r["times"])
    errors = [e for r in results for e in r["errors"]]
    counts = sorted({c for r in results for c in r["counts"]})
    over = sum(1 for t in times if t > 0.2)
    # A slow search that used little CPU itself waited: for a core (21 busy
    # processes on a small machine) or for the database; one that used the CPU
    # was slow by itself.
    slow = [
        (t, c, q)
        for r in results
        for t, c, q in zip(r["times"], r["cpus"], r["queued"], strict=True)
        if t > 0.2
    ]
    cpus = sorted(c for r in results for c in r["cpus"])
    print(
        f"### Searches during an ingest: {args.searchers} searcher processes,"
        f" {size / 1e6:.1f} MB synthetic corpus, --jobs {args.jobs}, {os.cpu_count()} cores\n"
    )
    print("| measure | value | target |")
    print("| --- | --- | --- |")
    print(
        f"| ingest | {ingest_seconds:.0f} s, exit {ingesting.returncode},"
        f" {report.get('clauses', 0):,} clauses | |"
    )
    print(f"| searches during it | {len(times):,} | |")
    print(f"| errors | {len(errors)} | 0 |")
    if times:
        print(
            f"| latency p50 / p99 / max | {statistics.median(times) * 1000:.1f} /"
            f" {times[int(0.99 * (len(times) - 1))] * 1000:.1f} / {times[-1] * 1000:.1f} ms"
            " | each ≤ 200 ms |"
        )
    print(f"| searches over 200 ms | {over} | 0 |")
    if cpus:
        print(
            f"| CPU of a search itself p50 / p99 / max | {statistics.median(cpus) * 1000:.1f} /"
            f" {cpus[int(0.99 * (len(cpus) - 1))] * 1000:.1f} / {cpus[-1] * 1000:.1f} ms | |"
        )
    if slow:
        busy = sum(1 for _t, c, _q in slow if c > 0.1)
        queued = statistics.median(q for _t, _c, q in slow)
        blocked = statistics.median(t - c - q for t, c, q in slow)
        print(
            f"| of those over 200 ms: CPU > 100 ms itself | {busy} | |\n"
            f"| of those, median wait for a core / blocked otherwise (I/O, locks) |"
            f" {queued * 1000:.0f} / {blocked * 1000:.0f} ms | |"
        )
    print(f"| hit counts of `{QUERIES[0]}` seen | {', '.join(map(str, counts))} | old, then new |")
    if errors:
        print("\nFirst errors: " + "; ".join(errors[:5]))
    if ingesting.returncode:
        print("\ningest failed: " + err.decode("utf-8", "replace")[-500:])


if __name__ == "__main__":
    main()
