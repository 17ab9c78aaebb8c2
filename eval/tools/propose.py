"""Propose draft gold for a text: structure units and boundary labels.

A draft is only a starting point for the annotator, who reads every line in
`view.py` and decides each unit and label by hand; the rules here are
deliberately simple and often wrong on purpose-blind cases.

    python eval/tools/propose.py TEXT_ID [--lines A-B] > draft.yaml
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from normeval import marks
from normeval.texts import load_registry

CHAPTER = re.compile(r"^Chương\s+([IVXLC]+)\b")
SECTION = re.compile(r"^Mục\s+(\d+)\b")
ARTICLE = re.compile(
    r"^Điều\s+(\d+(?:\.\d+)*(?:\.[A-ZĐ]+(?:\.\d+)+)?[a-z]?)\s*\.?(?:\s|$|(?=[A-ZĐ]))"
)
CLAUSE = re.compile(r"^(\d+)\s*\.+\s*\S|^(\d+)\s+[A-ZĐÂĂÊÔƠƯ]")
POINT = re.compile(r"^([a-zđ])\)")
SOURCE = re.compile(r"^\(Điều \d+ .*(hiệu lực|Luật|Nghị định|Thông tư|Quyết định)")
RELATED = re.compile(r"^\(Điều này có nội dung liên quan")
HEADING = re.compile(
    r"^[^a-zàáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ]+$"
)
CLOSING = re.compile(r"^(Luật|Nghị định|Thông tư) này đã được .* thông qua")


def propose_structure(lines: list[str]) -> list[list[object]]:
    rows: list[list[object]] = []
    seen_unit = False
    last_numbered = None
    for number, line in enumerate(lines, 1):
        text = line.strip()
        if not text:
            continue
        for kind, pattern in (
            ("chapter", CHAPTER),
            ("section", SECTION),
            ("article", ARTICLE),
        ):
            found = pattern.match(text)
            if found:
                rows.append([number, kind, found.group(1)])
                seen_unit = True
                last_numbered = kind
                break
        else:
            if not seen_unit:
                rows.append([number, "preamble"])
            elif CLOSING.match(text):
                rows.append([number, "closing"])
            elif SOURCE.match(text):
                rows.append([number, "source-note"])
            elif RELATED.match(text):
                rows.append([number, "related-note"])
            elif (found := CLAUSE.match(text)) and last_numbered in ("article", "clause", "point"):
                rows.append([number, "clause", found.group(1) or found.group(2)])
                last_numbered = "clause"
            elif (found := POINT.match(text)) and last_numbered in ("article", "clause", "point"):
                rows.append([number, "point", found.group(1)])
                last_numbered = "point"
            elif last_numbered in ("chapter", "section") and HEADING.match(text):
                rows.append([number, "heading"])
            elif rows and rows[-1][1] in ("closing", "signature"):
                rows.append([number, "signature"])
    return rows


def propose_commas(line: str) -> str:
    labels = []
    for col in marks.comma_candidates(line):
        after = line[col + 1 :].lstrip().lower()
        clause = after.startswith(
            ("thì ", "trừ ", "đồng thời", "trong đó", "nhưng ", "tuy nhiên", "theo đó", "song ")
        )
        labels.append("C" if clause else "e")
    return "".join(labels)


def propose_sentences(line: str) -> str:
    labels = []
    for col in marks.sentence_candidates(line):
        before = line[:col]
        after = line[col + 1 :]
        end = bool(re.match(r"^[”\"’)]*\s+[A-ZĐÀ-Ỹ]", after)) and not re.search(
            r"(^|\s)(\d+|[A-Za-zĐđ]|Điều [\d.A-ZĐ]+|TP|Tp|v\.v)$", before
        )
        labels.append("E" if end else "n")
    return "".join(labels)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("text")
    parser.add_argument("--lines", help="A-B: only these lines (boundaries)")
    args = parser.parse_args()
    registry = load_registry()
    text = registry.canonical(args.text)
    lines = text.text.split("\n")
    first, last = 1, len(lines)
    if args.lines:
        first, last = (int(x) for x in args.lines.split("-"))
    print("units:")
    for row in propose_structure(lines):
        print(f"  - {row!r}".replace("'", '"'))
    print("commas:")
    for number in range(first, last + 1):
        labels = propose_commas(lines[number - 1])
        if labels:
            print(f"  {number}: {labels}")
    print("sentences:")
    for number in range(first, last + 1):
        labels = propose_sentences(lines[number - 1])
        if labels:
            print(f"  {number}: {labels}")


if __name__ == "__main__":
    main()
