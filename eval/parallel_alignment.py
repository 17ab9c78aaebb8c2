"""Score `normcorpus align` against hand-made gold beads (eval/gold/parallel/).

Each gold file is JSON lines: a header naming the two texts (file name,
sha256, where they live) and then one bead a line, each side a list of
[start, end) character offsets into that side's normalised text. No text of
either side is stored, so a gold file may annotate a text that must not be
copied into the repository (the statute's commercial English translation).

A predicted bead is right only when both its sides cover exactly the gold's
characters: its units, merged where only white space lies between them, are
the gold bead's spans. Gaps count like pairs: a 1-0 paired with text is
wrong, and a unit left alone that the gold pairs is a miss. Runs of gaps on
one side within one line count as one gap (whether a lost paragraph is one
clause or three is the segmenter's business, not the aligner's).

Two rows per text pair:

- `pipeline`: what `normcorpus align VI EN` does (read with its chrome rules,
  normalise, segment), the number the issue's targets are about;
- `whole text`: the same aligner given every Vietnamese line (no chrome
  rules), which tells the aligner's errors from the reader's.

Run: `python eval/parallel_alignment.py [--gold DIR] [--texts DIR] [--json]`.
Exit 0 when every text that is present was scored, 2 on a bad gold file.
"""

from __future__ import annotations

import argparse
import bisect
import dataclasses
import hashlib
import json
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
GOLD_DIR = HERE / "gold" / "parallel"


def _realtexts() -> Path:
    """`../shared/realtexts` beside the clone (or beside the worktrees' folder)."""
    if os.environ.get("NORMCORPUS_REALTEXTS"):
        return Path(os.environ["NORMCORPUS_REALTEXTS"])
    for base in (REPO.parent, REPO.parent.parent):
        if (base / "shared" / "realtexts").is_dir():
            return base / "shared" / "realtexts"
    return REPO.parent / "shared" / "realtexts"


TEXTS = _realtexts()

Spans = tuple[tuple[int, int], ...]
Key = tuple[Spans, Spans]


@dataclasses.dataclass(frozen=True)
class GoldFile:
    path: Path
    header: dict[str, Any]
    beads: tuple[tuple[Spans, Spans], ...]

    def source(self, side: str, texts: Path) -> Path:
        entry = self.header[side]
        where = entry.get("in")
        if where == "corpus":
            return REPO / "corpus" / entry["file"]
        return texts / entry["file"]


def load_gold(path: Path) -> GoldFile:
    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    if not lines:
        raise ValueError(f"{path}: empty gold file")
    header = json.loads(lines[0])
    beads = []
    for number, line in enumerate(lines[1:], start=2):
        row = json.loads(line)
        try:
            vi = tuple((int(s), int(e)) for s, e in row["vi"])
            en = tuple((int(s), int(e)) for s, e in row["en"])
        except (KeyError, TypeError, ValueError) as exc:
            raise ValueError(f"{path}:{number}: a bead needs vi and en span lists") from exc
        if not vi and not en:
            raise ValueError(f"{path}:{number}: a bead with no units")
        beads.append((vi, en))
    return GoldFile(path, header, tuple(beads))


def merge(spans: Spans, text: str) -> Spans:
    """Adjacent spans with only white space between them, as one (white space trimmed)."""
    out: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if out and not text[out[-1][1] : start].strip():
            out[-1] = (out[-1][0], max(out[-1][1], end))
        else:
            out.append((start, end))
    return tuple(out)


def canonical(beads: Any, vi_text: str, en_text: str) -> list[Key]:
    """Beads as comparable keys: spans merged, gap runs within a line joined."""
    vi_lines = [0, *(k + 1 for k, c in enumerate(vi_text) if c == "\n")]
    en_lines = [0, *(k + 1 for k, c in enumerate(en_text) if c == "\n")]

    def line(starts: list[int], offset: int) -> int:
        return bisect.bisect_right(starts, offset)

    keys: list[Key] = []
    previous: tuple[str, int] | None = None  # (side, line) of the gap just before
    for vi, en in beads:
        vi_m, en_m = merge(tuple(vi), vi_text), merge(tuple(en), en_text)
        gap = None
        if vi_m and not en_m:
            gap = ("vi", line(vi_lines, vi_m[0][0]))
        elif en_m and not vi_m:
            gap = ("en", line(en_lines, en_m[0][0]))
        if gap is not None and gap == previous and keys:
            last_vi, last_en = keys[-1]
            keys[-1] = (merge(last_vi + vi_m, vi_text), merge(last_en + en_m, en_text))
        else:
            keys.append((vi_m, en_m))
        previous = gap
    return keys


@dataclasses.dataclass
class Score:
    text: str
    mode: str
    gold: int
    predicted: int
    right: int
    gold_gaps: int
    right_gaps: int
    unreached: int  # gold beads with Vietnamese the pipeline gave no unit for
    seconds: float

    @property
    def precision(self) -> float:
        return self.right / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.right / self.gold if self.gold else 0.0

    def to_dict(self) -> dict[str, Any]:
        return {
            **dataclasses.asdict(self),
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
        }


def score(
    gold: list[Key], predicted: list[Key], units: list[tuple[int, int]] | None = None
) -> dict[str, int]:
    """Counts for one text pair; `units`: the Vietnamese units the pipeline gave."""
    gold_set, predicted_set = set(gold), set(predicted)
    right = gold_set & predicted_set
    gaps = {k for k in gold_set if not k[0] or not k[1]}
    unreached = 0
    if units is not None:
        starts = [s for s, _e in units]
        for vi, _en in gold_set:
            if not vi:
                continue
            start, end = vi[0][0], vi[-1][1]
            k = bisect.bisect_left(starts, start)
            if not (k < len(units) and units[k][0] < end):
                unreached += 1
    return {
        "gold": len(gold_set),
        "predicted": len(predicted_set),
        "right": len(right),
        "gold_gaps": len(gaps),
        "right_gaps": len(gaps & right),
        "unreached": unreached,
    }


def _whole_text_side(vi_path: Path) -> Any:
    """The Vietnamese side with every line kept (no chrome rules)."""
    from normcorpus import parallel, read
    from normcorpus.segment import segment

    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / "whole.txt"  # no meta file beside it
        shutil.copyfile(vi_path, copy)
        document = read.read_document(copy, strip=False)
    return parallel.vietnamese_side(document, segment(document), raw=vi_path.read_bytes())


def evaluate(gold_file: GoldFile, texts: Path) -> list[Score] | str:
    """Both rows for one gold file, or why it was skipped."""
    from normcorpus import parallel
    from normcorpus.glossary import load_glossary

    vi_path, en_path = gold_file.source("vi", texts), gold_file.source("en", texts)
    for side, path in (("vi", vi_path), ("en", en_path)):
        if not path.exists():
            note = gold_file.header[side].get("note", "a local file")
            return f"skipped: {path} is not here ({note})"
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        if digest != gold_file.header[side]["sha256"]:
            return f"skipped: {path} is not the text the gold annotates (sha256 differs)"
    glossary = load_glossary(REPO / "glossary.yaml")
    en = parallel.read_english(en_path)
    name = gold_file.header.get("name", gold_file.path.stem)
    rows = []
    for mode in ("pipeline", "whole text"):
        started = time.process_time()
        vi = parallel.read_vietnamese(vi_path) if mode == "pipeline" else _whole_text_side(vi_path)
        alignment = parallel.align_sides(vi, en, glossary=glossary)
        seconds = time.process_time() - started
        predicted = canonical(
            (
                (
                    [(vi.units[i].start, vi.units[i].end) for i in bead.vi],
                    [(en.units[j].start, en.units[j].end) for j in bead.en],
                )
                for bead in alignment.beads
            ),
            vi.text,
            en.text,
        )
        gold = canonical(gold_file.beads, vi.text, en.text)
        units = [(u.start, u.end) for u in vi.units]
        counts = score(gold, predicted, units)
        rows.append(Score(text=name, mode=mode, seconds=round(seconds, 3), **counts))
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gold", type=Path, default=GOLD_DIR)
    parser.add_argument("--texts", type=Path, default=TEXTS)
    parser.add_argument("--json", action="store_true", help="one JSON object a row")
    args = parser.parse_args(argv)
    try:
        gold_files = [load_gold(p) for p in sorted(args.gold.glob("*.jsonl"))]
    except (ValueError, json.JSONDecodeError) as exc:
        print(f"parallel eval: bad gold file: {exc}", file=sys.stderr)
        return 2
    print("parallel alignment (issue 15): precision and recall of beads, gaps included")
    if not args.json:
        print(
            f"{'text':<34} {'mode':<11} {'P':>6} {'R':>6} {'gold':>5} {'pred':>5} "
            f"{'gaps ok':>8} {'unreached':>9} {'cpu s':>6}"
        )
    for gold_file in gold_files:
        result = evaluate(gold_file, args.texts)
        name = gold_file.header.get("name", gold_file.path.stem)
        if isinstance(result, str):
            print(f"{name:<34} {result}")
            continue
        for row in result:
            if args.json:
                print(json.dumps(row.to_dict(), ensure_ascii=False))
            else:
                print(
                    f"{row.text:<34} {row.mode:<11} {row.precision:>6.1%} {row.recall:>6.1%} "
                    f"{row.gold:>5} {row.predicted:>5} {row.right_gaps:>4}/{row.gold_gaps:<3} "
                    f"{row.unreached:>9} {row.seconds:>6.2f}"
                )
    return 0


if __name__ == "__main__":
    sys.exit(main())
