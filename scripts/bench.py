"""`make bench`: run every benchmark and print their Markdown tables.

Each benchmark is its own script (bench_ingest.py, bench_search.py, bench_concurrency.py,
bench_check.py, bench_english.py, bench_glossary.py, bench_web.py) with its own options for
smaller runs; this runs them with their defaults, one after the other, and also writes the tables to
bench/out/results.md (ignored by git) for pasting into the README.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SCRIPTS = (
    "bench_ingest.py",
    "bench_memory.py",
    "bench_search.py",
    "bench_concurrency.py",
    "bench_check.py",
    "bench_align.py",
    "bench_english.py",
    "bench_glossary.py",
    "bench_web.py",
)
# The 1M-clause synthetic index is built once, by bench_search.py, and measured
# again through the web app by bench_web.py; it is removed before and after.
SHARED_INDEX = ROOT / "bench" / "out" / "index-1m"
ARGUMENTS = {
    "bench_search.py": ["--keep", str(SHARED_INDEX)],
    "bench_web.py": ["--index", str(SHARED_INDEX)],
}


def main() -> int:
    out_dir = ROOT / "bench" / "out"
    out_dir.mkdir(parents=True, exist_ok=True)
    shutil.rmtree(SHARED_INDEX, ignore_errors=True)
    try:
        return run_all(out_dir)
    finally:
        shutil.rmtree(SHARED_INDEX, ignore_errors=True)


def run_all(out_dir: Path) -> int:
    tables: list[str] = []
    status = 0
    for name in SCRIPTS:
        script = ROOT / "scripts" / name
        if not script.exists():
            print(f"(skipping {name}: not present)", file=sys.stderr)
            continue
        print(f"== {name}", file=sys.stderr)
        started = time.perf_counter()
        result = subprocess.run(
            [sys.executable, str(script), *ARGUMENTS.get(name, [])],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            text=True,
        )
        print(result.stdout, end="")
        tables.append(result.stdout)
        print(f"== {name}: {time.perf_counter() - started:.0f} s", file=sys.stderr)
        status = status or result.returncode
    (out_dir / "results.md").write_text("\n".join(tables), encoding="utf-8")
    return status


if __name__ == "__main__":
    sys.exit(main())
