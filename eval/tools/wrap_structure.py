"""Legal structure on real text wrapped mechanically: how many lines of a wrapped statute
or codification are filed under another unit than the same text unwrapped, and how many
units appear that the unwrapped text does not have.

Each text (the statute and the codification topic of the development set) is wrapped
at WIDTH columns (`textwrap`, words never broken, as `fold -s` does); chrome.locate
makes its paragraphs and structure.Tracker reads them, as ingest does. Each wrapped
line is compared with its original line read unwrapped. docs/decisions.md ("Hard-wrapped
statutes") gives the figures.

    python eval/tools/wrap_structure.py [WIDTH ...] [--show]
"""

from __future__ import annotations

import argparse
import bisect
import sys
import textwrap
from pathlib import Path

from normcorpus import chrome, normalize, structure

ROOT = Path(__file__).resolve().parents[2]
TEXTS = ("itlaw-2006-67-2006-qh11.vi.txt", "phapdien-3.1-an-toan-thong-tin-mang.txt")
LEVELS = ("chapter", "section", "article", "clause", "point")


def _filed(lines: list[str]) -> tuple[list[tuple[str | None, ...]], set[tuple[str | None, ...]]]:
    """Each line's unit (its levels) and the units, as ingest reads the text."""
    text = "\n".join(lines)
    starts, at = [], 0
    for line in lines:
        starts.append(at)
        at += len(line) + 1
    located = chrome.locate(text, chrome.load_rules(), strip=True)
    tracker = structure.Tracker()
    unit: list[tuple[str | None, ...]] = [()] * len(lines)
    for span in located.paragraphs:
        got = tracker.update(text[span.start : span.end])
        levels = tuple(getattr(got, level) for level in LEVELS)
        first = bisect.bisect_right(starts, span.start) - 1
        last = bisect.bisect_right(starts, span.end - 1) - 1
        for j in range(first, last + 1):
            unit[j] = levels
    return unit, {u for u in unit if u}


def measure(path: Path, width: int, *, show: bool) -> tuple[int, int, int]:
    """(lines, lines filed under another unit, units that are not the text's) at `width`."""
    text = normalize.text(normalize.line_ends(path.read_text(encoding="utf-8-sig")))
    original = text.split("\n")
    lines: list[str] = []
    owner: list[int] = []
    for number, line in enumerate(original):
        for piece in textwrap.wrap(line, width, break_long_words=False, break_on_hyphens=False) or [
            ""
        ]:
            lines.append(piece)
            owner.append(number)
    truth, units = _filed(original)
    got, got_units = _filed(lines)
    wrong = 0
    for j, line in enumerate(lines):
        if line.strip() and got[j] != truth[owner[j]]:
            wrong += 1
            if show:
                print(f"{path.name}@{width}: {line[:50]!r} filed {got[j]} not {truth[owner[j]]}")
    false_units = got_units - units
    if show:
        for u in sorted(false_units, key=str):
            print(f"{path.name}@{width}: false unit {u}")
    return sum(bool(line.strip()) for line in lines), wrong, len(false_units)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("widths", nargs="*", type=int, default=[60, 72, 80, 100])
    parser.add_argument("--show", action="store_true", help="print each line filed wrong")
    parser.add_argument(
        "--realtexts", type=Path, default=None, help="default: as normeval finds them"
    )
    args = parser.parse_args()
    if args.realtexts is None:
        # The same search as `make eval-text` (a clone at /work/main and a worktree
        # at /work/wt/x both find ../shared): it looked two levels up only.
        sys.path.insert(0, str(ROOT / "eval"))
        from normeval.texts import realtexts_dir

        args.realtexts = realtexts_dir()
    paths = [args.realtexts / name for name in TEXTS if (args.realtexts / name).exists()]
    if not paths:
        print(f"wrap_structure: none of {', '.join(TEXTS)} in {args.realtexts}", file=sys.stderr)
    print("text                                      width  lines  filed wrong  false units")
    for width in args.widths:
        for path in paths:
            lines, wrong, false = measure(path, width, show=args.show)
            print(f"{path.name[:40]:40}  {width:5}  {lines:5}  {wrong:11}  {false:11}")


if __name__ == "__main__":
    main()
