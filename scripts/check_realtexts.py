"""Run `normcorpus check` on real bilingual material and print findings to read (issue 13).

Builds, in a temporary directory (never in the repository: the English of the
statute may not be copied), a TSV of the Law on Information Technology
(../shared/realtexts/itlaw-2006-67-2006-qh11.{vi,en}.txt) aligned by article
and khoản (numbered paragraph), leaving out paragraphs whose English is
missing (the source site hides some behind a log-in line); then checks it,
the corpus's own translations (`check --corpus`) and the Symfony XLIFF
(English -> Vietnamese), and prints, per file, the count of findings by rule
and a sample of up to --sample findings (seeded) with both texts, to classify
by reading them.

    .venv/bin/python scripts/check_realtexts.py [--sample 30] [--seed 13]
"""

from __future__ import annotations

import argparse
import random
import re
import sys
import tempfile
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REAL = ROOT.parent / "shared" / "realtexts"
if not REAL.exists():
    REAL = Path("/work/shared/realtexts")

_VI_ARTICLE = re.compile(r"^Điều\s+(\d+)\s*\.?\s*(.*)$")
_EN_ARTICLE = re.compile(r"^Article\s+(\d+)\s*\.?-?\s*(.*)$")
_KHOAN = re.compile(r"^(\d+)\s*\.+\s*(.*)$")
_HIDDEN = "đăng nhập"
_HEADING = re.compile(r"^(?:Chương|Mục|Chapter|Section)\s+[0-9IVXLC]+\b")


def paragraphs(path: Path, article: re.Pattern[str]) -> dict[tuple[int, int], str]:
    """(article, khoản) -> text; khoản 0 is the article's heading and lead paragraph.
    Points (a, b, …) are joined to their khoản."""
    out: dict[tuple[int, int], list[str]] = {}
    current: tuple[int, int] | None = None
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line:
            continue
        if _HIDDEN in line or line == "...":
            if current is not None:
                out[current].append("\0")  # part of this paragraph is hidden
            current = None
            continue
        if _HEADING.match(line) or line.isupper():  # a chapter or section, or a signature
            current = None
            continue
        match = article.match(line)
        if match:
            current = (int(match.group(1)), 0)
            out[current] = []  # the heading is not checked (titles differ in form)
            continue
        match = _KHOAN.match(line)
        if match and current is not None:
            current = (current[0], int(match.group(1)))
            out[current] = [line]
            continue
        if current is not None:
            out[current].append(line)
    return {key: " ".join(parts) for key, parts in out.items() if parts and "\0" not in parts}


def statute_pairs(work: Path) -> Path:
    vi = paragraphs(REAL / "itlaw-2006-67-2006-qh11.vi.txt", _VI_ARTICLE)
    en = paragraphs(REAL / "itlaw-2006-67-2006-qh11.en.txt", _EN_ARTICLE)
    path = work / "itlaw-khoan.tsv"
    with path.open("w", encoding="utf-8") as out:
        out.write("id\tvi\ten\n")
        for key in sorted(set(vi) & set(en)):
            out.write(f"art{key[0]}.k{key[1]}\t{vi[key]}\t{en[key]}\n")
    return path


def show(name: str, report, sample: int, rng: random.Random) -> None:  # type: ignore[no-untyped-def]
    print(f"\n## {name}: {report.segments} segments, {len(report.findings)} findings")
    counts = Counter(f.rule for f in report.findings).most_common()
    print("   " + ", ".join(f"{rule} {n}" for rule, n in counts))
    chosen = sorted(rng.sample(range(len(report.findings)), min(sample, len(report.findings))))
    for k in chosen:
        f = report.findings[k]
        view = report.views.get((f.file, f.segment))
        print(f"\n[{k}] {f.segment} {f.rule} ({f.severity}): {f.message}")
        if view is not None:
            print(f"    vi: {view.vi[:400]}")
            print(f"    en: {view.en[:400]}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sample", type=int, default=30)
    parser.add_argument("--seed", type=int, default=13)
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT / "src"))
    from normcorpus.check import check_corpus, check_files
    from normcorpus.glossary import load_glossary

    glossary = load_glossary(ROOT / "glossary.yaml")
    rng = random.Random(args.seed)
    with tempfile.TemporaryDirectory() as tmp:
        tsv = statute_pairs(Path(tmp))
        show("statute by khoản", check_files([tsv], glossary), args.sample, rng)
    show("corpus translations", check_corpus([ROOT / "corpus"], glossary), args.sample, rng)
    xlf = REAL / "l10n" / "symfony-validators.vi.xlf"
    show("Symfony XLIFF (en -> vi)", check_files([xlf], glossary), args.sample, rng)


if __name__ == "__main__":
    main()
