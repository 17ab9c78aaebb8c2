"""Benchmark the web app (issue 16): search pages at 1M clauses, and 20 clients at once.

Builds the SYNTHETIC index of bench_search.py (1,000,000 clauses by default, in
a temporary directory, never committed), or reuses one with --index DIR (built
there when missing, then kept), starts `normcorpus serve` on a free loopback
port, and measures:

- the server-side time of each search page (the `Server-Timing` header the app
  sets: from the request's arrival to its response, rendering included), for
  the query kinds of bench_search.py, 20 hits a page with the hit count, after
  warming every worker; and the page's weight (HTML only: plots are separate
  images, loaded lazily);
- --clients clients (default 20) for --seconds (default 10), each requesting a
  mix of pages (search, concordance, clause, API) in a loop over a keep-alive
  connection: requests, errors (any status but 200, or a failed connection),
  and client-side latency.

Targets: search page p95 <= 50 ms server-side; page <= 200 KB; no errors.
Prints Markdown tables.
"""

from __future__ import annotations

import argparse
import http.client
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import quote, urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "scripts"))

PAGES = [
    # (what, query) — the query kinds of bench_search.py
    ("two-syllable term", "đe dọa"),
    ("phrase", '"an ninh mạng"'),
    ("folded (no diacritics)", "an ninh mang"),
    ("English-expanded", "cybersecurity"),
    ("NEAR", 'NEAR("hợp tác" "an ninh", 5)'),
    ("words in order, unquoted", "hợp tác quốc tế"),
]
TIMING = re.compile(r"app;dur=([\d.]+)")


def start_server(data_dir: Path) -> tuple[subprocess.Popen[str], str]:
    command = [
        sys.executable, "-m", "normcorpus", "serve", "--port", "0", "--data-dir", str(data_dir),
    ]  # fmt: skip
    process = subprocess.Popen(
        command,
        cwd=ROOT,  # glossary.yaml: English expansion, as `search` has it
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1", "PYTHONPATH": str(ROOT / "src")},
    )
    assert process.stderr is not None
    line = process.stderr.readline()
    found = re.search(r"at (http://[^ ]+/) ", line)
    if not found:
        process.kill()
        raise SystemExit(f"the server did not start: {line}{process.stderr.read()}")
    return process, found.group(1)


def get(connection: http.client.HTTPConnection, path: str) -> tuple[int, bytes, float | None]:
    connection.request("GET", path)
    response = connection.getresponse()
    body = response.read()
    timing = TIMING.search(response.getheader("server-timing") or "")
    return response.status, body, float(timing.group(1)) if timing else None


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process so far (Linux /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def percentile(samples: list[float], p: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def search_path(query: str, **extra: str) -> str:
    params = "&".join([f"q={quote(query)}", *(f"{k}={quote(v)}" for k, v in extra.items())])
    return f"/search?{params}"


def pages_table(url: str, runs: int, pid: int) -> list[str]:
    host = urlsplit(url)
    connection = http.client.HTTPConnection(host.hostname, host.port, timeout=60)
    rows = [
        "| search page (20 hits, with the count) | hits | server p50 | server p95 | server CPU"
        " | page | runs |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    worst = 0.0
    for what, query in PAGES:
        path = search_path(query)
        for _ in range(8):  # every worker opens its corpus and reads its statistics once
            status, body, _ = get(connection, path)
            if status != 200:
                raise SystemExit(f"{path}: {status} {body[:300]!r}")
        samples = []
        cpu = cpu_seconds(pid)
        for _ in range(runs):
            status, body, spent = get(connection, path)
            assert status == 200 and spent is not None
            samples.append(spent)
        cpu = (cpu_seconds(pid) - cpu) / runs * 1000
        total = re.search(rb'data-total="(\d+)"', body)
        capped = b'data-capped="1"' in body
        p95 = percentile(samples, 95)
        worst = max(worst, p95)
        rows.append(
            f"| {what}: `{query}` | {int(total.group(1)) if total else 0:,}{'+' if capped else ''}"
            f" | {statistics.median(samples):.1f} ms | {p95:.1f} ms | {cpu:.1f} ms"
            f" | {len(body) / 1024:.0f} KB | {runs} |"
        )
    for what, path in (
        ("concordance (KWIC), 20 lines", search_path("an ninh mạng", view="kwic")),
        ("100 hits a page (the cap)", search_path("đe dọa", per_page="100")),
        ("API: /api/search, 20 hits", f"/api/search?q={quote('đe dọa')}"),
    ):
        for _ in range(8):
            get(connection, path)
        samples, size = [], 0
        cpu = cpu_seconds(pid)
        for _ in range(runs):
            status, body, spent = get(connection, path)
            assert status == 200 and spent is not None
            samples.append(spent)
            size = len(body)
        cpu = (cpu_seconds(pid) - cpu) / runs * 1000
        rows.append(
            f"| {what} | | {statistics.median(samples):.1f} ms"
            f" | {percentile(samples, 95):.1f} ms | {cpu:.1f} ms | {size / 1024:.0f} KB | {runs} |"
        )
    connection.close()
    verdict = "✓" if worst <= 50 else "✗"
    rows.append("")
    rows.append(f"Target: search page p95 ≤ 50 ms server-side ({verdict}: worst {worst:.1f} ms),")
    rows.append("page ≤ 200 KB without plots (the page column). Server times are wall clock")
    rows.append("(Server-Timing); server CPU is the server process's CPU time a request, which")
    rows.append("a busy machine does not inflate. A page counts matches up to 10,000 (`10,000+`).")
    return rows


def concurrency_table(url: str, clients: int, seconds: float) -> list[str]:
    host = urlsplit(url)
    mix = [
        *(search_path(q) for _, q in PAGES),
        search_path("hợp tác", view="kwic"),
        search_path("an ninh", page="3"),
        "/clause/synthetic-00001:p01.s01.c01",
        f"/api/search?q={quote('an ninh mạng')}&limit=20",
        "/",
    ]
    latencies: list[float] = []
    server: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()
    stop = time.monotonic() + seconds

    def client(number: int) -> None:
        connection = http.client.HTTPConnection(host.hostname, host.port, timeout=30)
        i = number
        mine: list[float] = []
        theirs: list[float] = []
        failed: list[str] = []
        while time.monotonic() < stop:
            path = mix[i % len(mix)]
            i += 1
            started = time.perf_counter()
            try:
                status, _, spent = get(connection, path)
            except (OSError, http.client.HTTPException) as exc:
                failed.append(f"{path}: {exc}")
                connection.close()
                connection = http.client.HTTPConnection(host.hostname, host.port, timeout=30)
                continue
            mine.append((time.perf_counter() - started) * 1000)
            if spent is not None:
                theirs.append(spent)
            if status != 200:
                failed.append(f"{path}: {status}")
        connection.close()
        with lock:
            latencies.extend(mine)
            server.extend(theirs)
            errors.extend(failed)

    threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - started
    rows = [
        f"| {clients} clients for {seconds:g} s | value |",
        "| --- | ---: |",
        f"| requests | {len(latencies) + len(errors):,} ({len(latencies) / elapsed:.0f}/s) |",
        f"| errors | {len(errors)} |",
        f"| latency p50 (client) | {statistics.median(latencies):.1f} ms |",
        f"| latency p95 (client) | {percentile(latencies, 95):.1f} ms |",
        f"| latency max (client) | {max(latencies):.1f} ms |",
        f"| server time p95 | {percentile(server, 95):.1f} ms |",
    ]
    if errors:
        rows.append("")
        rows.append("First errors: " + "; ".join(errors[:5]))
    rows.append("")
    rows.append(
        "Client latency includes waiting for one of the server's 4 worker threads"
        " (the pages of 20 clients queue behind them on 2 cores)."
    )
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clauses", type=int, default=1_000_000)
    parser.add_argument("--index", type=Path, help="reuse (or build and keep) the index here")
    parser.add_argument("--runs", type=int, default=100, help="requests per page measured")
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--seed", type=int, default=20180428)
    args = parser.parse_args()

    tmp = Path(tempfile.mkdtemp(prefix="normcorpus-bench-web-"))
    data_dir = args.index or tmp / "data"
    try:
        if not (data_dir / "index.sqlite").exists():
            import bench_search

            data_dir.mkdir(parents=True, exist_ok=True)
            print(f"building {args.clauses:,} synthetic clauses in {data_dir} …", file=sys.stderr)
            bench_search.build(data_dir, args.clauses, 0.5, args.seed)
        process, url = start_server(data_dir)
        try:
            lines = [
                f"### Web app ({args.clauses:,} synthetic clauses, `normcorpus serve`)",
                "",
                *pages_table(url, args.runs, process.pid),
                "",
                *concurrency_table(url, args.clients, args.seconds),
            ]
        finally:
            process.terminate()
            process.wait(timeout=30)
        print("\n".join(lines))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
