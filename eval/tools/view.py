"""Show a text with its gold, for the annotator's reading passes.

Each line is printed with the unit it starts (`art 5`, `kh 1`, `pt a`, `src`
for a source note, ...; `·` for a line that continues the unit above), and
with `‖` after every comma labelled a clause boundary and every mid-line
sentence mark labelled a sentence end (unmarked commas and marks are labelled
"no boundary"). Reads eval/gold/{structure,boundaries}/TEXT.yaml.

    python eval/tools/view.py TEXT [--lines A-B] [--width N]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from normeval import gold, marks
from normeval.texts import load_registry

SUPERSCRIPT = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")
SUBSCRIPT = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")
TAGS = {
    "chapter": "ch",
    "section": "sec",
    "article": "art",
    "clause": "kh",
    "point": "pt",
    "heading": "head",
    "source-note": "src",
    "related-note": "rel",
    "preamble": "pre",
    "closing": "clo",
    "signature": "sig",
    "attachment": "att",
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("text")
    parser.add_argument("--lines")
    parser.add_argument("--width", type=int, default=0, help="cut lines to this many characters")
    parser.add_argument(
        "--index",
        action="store_true",
        help="number the candidates: commas ¹²³…, mid-line sentence marks ₁₂₃…",
    )
    args = parser.parse_args()
    registry = load_registry()
    text = registry.canonical(args.text)
    units: dict[int, str] = {}
    structure_file = gold.GOLD_DIR / "structure" / f"{args.text}.yaml"
    if structure_file.exists():
        for unit in gold.load_structure(structure_file, registry).units:
            tag = TAGS[unit.kind] + (f" {unit.id}" if unit.id else "")
            units[unit.line] = tag if unit.line not in units else units[unit.line] + "+" + tag
    commas: dict[tuple[int, int], str] = {}
    sentences: dict[tuple[int, int], str] = {}
    boundary_file = gold.GOLD_DIR / "boundaries" / f"{args.text}.yaml"
    if boundary_file.exists():
        boundaries = gold.load_boundaries(boundary_file, registry)
        commas, sentences = boundaries.commas, boundaries.sentences
    first, last = 1, text.lines
    if args.lines:
        first, last = (int(x) for x in args.lines.split("-"))
    for number in range(first, last + 1):
        line = text.line(number)
        out = []
        cut = {c for c in marks.comma_candidates(line) if commas.get((number, c)) == "C"}
        cut |= {c for c in marks.sentence_candidates(line) if sentences.get((number, c)) == "E"}
        index: dict[int, str] = {}
        if args.index:
            for i, c in enumerate(marks.comma_candidates(line), 1):
                index[c] = str(i).translate(SUPERSCRIPT)
            for i, c in enumerate(marks.sentence_candidates(line), 1):
                index[c] = str(i).translate(SUBSCRIPT)
        for col, char in enumerate(line):
            out.append(char + index.get(col, "") + ("‖" if col in cut else ""))
        shown = "".join(out)
        if args.width and len(shown) > args.width:
            shown = shown[: args.width] + "…"
        print(f"{number:5} {units.get(number, '·'):<16} {shown}")


if __name__ == "__main__":
    main()
