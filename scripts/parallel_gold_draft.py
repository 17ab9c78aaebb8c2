"""Draft gold beads for a new text pair, for a person to check bead by bead.

    python scripts/parallel_gold_draft.py VI_FILE EN_FILE > draft.jsonl

Every Vietnamese line is kept (no chrome rules), as the eval's `whole text` row
reads it. Each line of the draft is a bead with its offsets and, to read it by,
its text; delete the `*_text` fields (and never commit text that may not be
copied) once the beads are checked, put the header the eval expects first
(see eval/gold/parallel/*.jsonl), and save it under eval/gold/parallel/.
"""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "eval"))

import parallel_alignment as pa
from normcorpus import parallel
from normcorpus.glossary import load_glossary


def main(vi_path: str, en_path: str) -> None:
    vi = pa._whole_text_side(Path(vi_path))
    en = parallel.read_english(en_path)
    glossary = load_glossary(pa.REPO / "glossary.yaml")
    alignment = parallel.align_sides(vi, en, glossary=glossary)
    header = {
        "vi": {
            "file": Path(vi_path).name,
            "sha256": hashlib.sha256(Path(vi_path).read_bytes()).hexdigest(),
        },
        "en": {
            "file": Path(en_path).name,
            "sha256": hashlib.sha256(Path(en_path).read_bytes()).hexdigest(),
        },
    }
    print(json.dumps(header, ensure_ascii=False))
    for bead in alignment.beads:
        v = [vi.units[i] for i in bead.vi]
        e = [en.units[j] for j in bead.en]
        row = {
            "vi": [[u.start, u.end] for u in v],
            "en": [[u.start, u.end] for u in e],
            "vi_lines": sorted({u.line for u in v}),
            "en_lines": sorted({u.line for u in e}),
            "type": bead.type,
            "confidence": round(bead.confidence, 3),
            "vi_text": " | ".join(u.text for u in v),
            "en_text": " | ".join(u.text for u in e),
        }
        print(json.dumps(row, ensure_ascii=False))


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2])
