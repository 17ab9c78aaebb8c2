"""Hard-wrap joins on real text wrapped mechanically: how many wraps stay apart, how many
joins are wrong.

Each text (the corpus and the development set) is wrapped at WIDTH columns
(`textwrap`, words never broken); chrome.locate reads it, and each paragraph it
makes is mapped back to the original lines: a paragraph holding two original
lines is a wrong join, a wrap whose two lines land in two paragraphs one left
apart. docs/decisions.md ("Hard-wrapped text") gives the figures.

    python eval/tools/wrap_joins.py [WIDTH ...] [--keep-chrome] [--show]
"""

from __future__ import annotations

import argparse
import bisect
import textwrap
from pathlib import Path

from normcorpus import chrome, normalize

ROOT = Path(__file__).resolve().parents[2]
REALTEXTS = ROOT.parent.parent / "shared" / "realtexts"
DEVELOPMENT = (
    "itlaw-2006-67-2006-qh11.vi.txt",
    "phapdien-3.1-an-toan-thong-tin-mang.txt",
    "news-2020-05-22-arria-excerpt.txt",
    "news-2020-10-08-amcc5-excerpt.txt",
)


def measure(path: Path, width: int, *, strip: bool, show: bool) -> tuple[int, int, int]:
    """(wraps, wraps left apart, wrong joins) of one text wrapped at `width`."""
    text = normalize.text(normalize.line_ends(path.read_text(encoding="utf-8-sig")))
    lines: list[str] = []
    owner: list[tuple[int, int]] = []  # (original line, piece) of each wrapped line
    for number, line in enumerate(text.split("\n")):
        pieces = textwrap.wrap(line, width, break_long_words=False, break_on_hyphens=False)
        for k, piece in enumerate(pieces or [""]):
            lines.append(piece)
            owner.append((number, k))
    starts, at = [], 0
    for line in lines:
        starts.append(at)
        at += len(line) + 1
    located = chrome.locate("\n".join(lines), chrome.load_rules(), strip=strip)
    wrong, paragraph_of = 0, {}
    for index, span in enumerate(located.paragraphs):
        first = bisect.bisect_right(starts, span.start) - 1
        last = bisect.bisect_right(starts, span.end - 1) - 1
        for j in range(first, last + 1):
            paragraph_of[j] = index
            if j > first and owner[j][0] != owner[j - 1][0] and lines[j].strip():
                wrong += 1
                if show:
                    print(f"{path.name}: wrong join: …{lines[j - 1][-40:]} ‖ {lines[j][:40]}…")
    wraps = sum(piece > 0 for _line, piece in owner)
    apart = sum(
        1
        for j in range(1, len(lines))
        if owner[j][1] > 0 and paragraph_of.get(j) != paragraph_of.get(j - 1)
    )
    return wraps, apart, wrong


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("widths", nargs="*", type=int, default=[60, 72, 80, 100])
    parser.add_argument("--keep-chrome", action="store_true", help="locate with strip=False")
    parser.add_argument("--show", action="store_true", help="print each wrong join")
    args = parser.parse_args()
    paths = [REALTEXTS / name for name in DEVELOPMENT if (REALTEXTS / name).exists()]
    paths += sorted((ROOT / "corpus").glob("*.txt"))
    print("width  wraps  left apart  wrong joins")
    for width in args.widths:
        totals = [0, 0, 0]
        for path in paths:
            for k, value in enumerate(
                measure(path, width, strip=not args.keep_chrome, show=args.show)
            ):
                totals[k] += value
        print(f"{width:5}  {totals[0]:5}  {totals[1]:10}  {totals[2]:11}")


if __name__ == "__main__":
    main()
