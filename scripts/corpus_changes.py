"""Compare two ingests' clause records: the corpus changelog's evidence.

    python scripts/corpus_changes.py BEFORE_DATA_DIR AFTER_DATA_DIR > changes.md

Each is a data directory (`records/*.jsonl`). Prints, as Markdown: the clause
ids only one side has, the clauses whose text changed, and those whose chosen
term matches (matches without `within`) changed, with what was lost and gained.
Nested matches (`within`) are counted, not listed.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path


def load(data_dir: Path) -> dict[str, dict]:
    records = {}
    for path in sorted((data_dir / "records").glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            record = json.loads(line)
            records[record["id"]] = record
    return records


def chosen(record: dict) -> set[tuple[str, str, str]]:
    return {
        (t["concept"], t["surface"], t["match"]) for t in record["terms"] if not t.get("within")
    }


def cell(text: str, width: int = 90) -> str:
    text = text.replace("|", "\\|")
    return text if len(text) <= width else text[: width - 1] + "…"


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(__doc__.strip().splitlines()[2].strip(), file=sys.stderr)
        return 2
    before, after = (load(Path(a)) for a in argv)
    out = [f"Clauses: {len(before)} before, {len(after)} after.", ""]
    gone = [i for i in before if i not in after]
    new = [i for i in after if i not in before]
    if gone or new:
        out += ["| clause | side | text |", "| --- | --- | --- |"]
        out += [f"| {i} | before only | {cell(before[i]['text'])} |" for i in gone]
        out += [f"| {i} | after only | {cell(after[i]['text'])} |" for i in new]
        out.append("")
    both = [i for i in before if i in after]
    texts = [i for i in both if before[i]["text"] != after[i]["text"]]
    out.append(f"Text changed in {len(texts)} clauses kept by id:")
    out += ["", "| clause | before | after |", "| --- | --- | --- |"]
    out += [f"| {i} | {cell(before[i]['text'])} | {cell(after[i]['text'])} |" for i in texts]
    terms = [i for i in both if chosen(before[i]) != chosen(after[i])]
    out += ["", f"Chosen term matches changed in {len(terms)} clauses:", ""]
    out += ["| clause | lost | gained |", "| --- | --- | --- |"]
    for i in terms:
        lost = sorted(chosen(before[i]) - chosen(after[i]))
        gained = sorted(chosen(after[i]) - chosen(before[i]))

        def show(items: list[tuple[str, str, str]]) -> str:
            return "; ".join(f"`{s}` {c} ({k})" for c, s, k in items) or "–"

        out.append(f"| {i} | {show(lost)} | {show(gained)} |")
    nested = sum(1 for r in after.values() for t in r["terms"] if t.get("within"))
    out += ["", f"Nested matches recorded after: {nested}."]
    print("\n".join(out))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
