"""Propose term-gold candidates for passages, for the annotator to decide.

For each passage of a draft terms file (concepts and passages, occurrences
possibly empty) it prints one line per candidate occurrence of a listed
concept, with its context and who proposed it: L the plain lexical matcher
over the whole glossary (longest first), F the same with diacritics folded
(typed without diacritics or with a slip), P the pipeline as it is today
(with the kind it reported). Every line is then read and decided by hand.

    python eval/tools/propose_terms.py DRAFT.yaml [PASSAGE_ID ...]
"""

from __future__ import annotations

import sys
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from lexmatch import find, load_terms

from normeval.pipeline import Source, ingest
from normeval.terms import HEADLINE
from normeval.texts import REPO_ROOT, load_registry


def main() -> None:
    draft = yaml.safe_load(Path(sys.argv[1]).read_text(encoding="utf-8"))
    wanted = set(sys.argv[2:])
    concepts = set(draft["concepts"])
    terms = load_terms(REPO_ROOT / "glossary.yaml")
    registry = load_registry()
    passages = []
    for item in draft["passages"]:
        if wanted and item["id"] not in wanted:
            continue
        text = registry.canonical(item["text"])
        first, last = (int(x) for x in str(item["lines"]).split("-"))
        lines = [text.line(n) for n in range(first, last + 1)]
        if item.get("end_col") is not None:
            lines[-1] = lines[-1][: int(item["end_col"])]
        passages.append((item["id"], first, lines))
    sources = [
        Source(f"p-{pid}".lower(), content=HEADLINE + "\n" + "\n".join(lines) + "\n")
        for pid, _, lines in passages
    ]
    outputs = ingest(sources)
    for pid, first, lines in passages:
        body = "\n".join(lines) + "\n"
        starts = [0]
        for line in lines:
            starts.append(starts[-1] + len(line) + 1)
        cands: dict[tuple[int, int, str], dict[str, object]] = {}
        for start, end, concept, term in find(body, terms):
            if concept in concepts:
                cands.setdefault((start, end, concept), {"term": term, "by": ""})["by"] += "L"
        for start, end, concept, term in find(body, terms, folded=True):
            if concept in concepts:
                c = cands.setdefault((start, end, concept), {"term": term, "by": ""})
                if "L" not in c["by"]:
                    c["by"] += "F"
        out = outputs[f"p-{pid}".lower()]
        shift = len(HEADLINE) + 1
        if out.text is not None and out.text[shift:] != body:
            print(f"# {pid}: the normalised text differs from the passage; P offsets may be off")
        for clause in out.clauses:
            for m in clause.matches:
                if m.concept in concepts:
                    key = (m.start - shift, m.end - shift, m.concept)
                    c = cands.setdefault(key, {"term": "?", "by": ""})
                    c["by"] += f"P:{m.kind}"
        print(f"## {pid}")
        for (start, end, concept), c in sorted(cands.items()):
            index = max(i for i, s in enumerate(starts) if s <= start)
            line, col = first + index, start - starts[index]
            surface = body[start:end]
            left = body[max(starts[index], start - 25) : start]
            right = body[end : min(starts[index + 1] - 1, end + 20)]
            where = f"{line}:{col}-{col + end - start}"
            context = f"«{left}[{surface}]{right}»"
            print(f"{where} {concept} [{c['by']}] {context} term={c['term']}")


if __name__ == "__main__":
    main()
