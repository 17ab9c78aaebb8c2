"""Measure how many of `normcorpus check`'s findings on real bilingual files are false (issue 13).

Builds, in a temporary directory (never in the repository: the statute's
English may not be copied), four real bilingual files and checks each with the
repository's glossary and every rule:

- `itlaw-khoan`: the Law on Information Technology 67/2006/QH11
  (../shared/realtexts/itlaw-2006-67-2006-qh11.{vi,en}.txt, the English a
  commercial translation) paired by article and khoản (numbered paragraph),
  leaving out paragraphs whose English is hidden behind a log-in line;
- `itlaw-beads`: the same two texts aligned by `normcorpus align` (TMX of its
  beads), as `check --corpus --translation published` checks them;
- `symfony-xliff`: the Symfony validator messages, XLIFF 1.2, English ->
  Vietnamese (a translator's real file, MIT);
- `corpus-tmx`: the corpus's own translations as `normcorpus export --format
  tmx` writes them.

Per file it prints the count of findings by rule and draws a seeded sample of
up to --sample findings. Each finding has a stable key (rule | segment |
concept | found). Verdicts read by hand live in eval/check/precision.tsv (key,
verdict, one-line reason; never the English text): the script prints, per
file, how many sampled findings are classified and how many of them are false,
and shows each unclassified one with both texts, to be read and classified.

    .venv/bin/python scripts/check_realtexts.py                 # figures + unclassified
    .venv/bin/python scripts/check_realtexts.py --show all      # every sampled finding
    .venv/bin/python scripts/check_realtexts.py --file itlaw-khoan --all   # all findings
    .venv/bin/python scripts/check_realtexts.py --show none     # figures only (make eval)

To reproduce the figure of an earlier commit, check it out in a scratch
worktree, copy this eval/check/precision.tsv into it and run its script.
"""

from __future__ import annotations

import argparse
import csv
import random
import re
import subprocess
import sys
import tempfile
from collections import Counter
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REAL = ROOT.parent / "shared" / "realtexts"
if not REAL.exists():
    REAL = Path("/work/shared/realtexts")
VERDICTS = ROOT / "eval" / "check" / "precision.tsv"
CLI = [sys.executable, "-m", "normcorpus"]

_VI_ARTICLE = re.compile(r"^Điều\s+(\d+)\s*\.?\s*(.*)$")
_EN_ARTICLE = re.compile(r"^Article\s+(\d+)\s*\.?-?\s*(.*)$")
_KHOAN = re.compile(r"^(\d+)\s*\.+\s*(.*)$")
_HIDDEN = "đăng nhập"
_HEADING = re.compile(r"^(?:Chương|Mục|Chapter|Section)\s+[0-9IVXLC]+\b")
_ITLAW = "itlaw-2006-67-2006-qh11"


def paragraphs(path: Path, article: re.Pattern[str]) -> dict[tuple[int, int], str]:
    """(article, khoản) -> text; khoản 0 is the article's lead paragraph.
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


def itlaw_khoan(work: Path) -> Path:
    vi = paragraphs(REAL / f"{_ITLAW}.vi.txt", _VI_ARTICLE)
    en = paragraphs(REAL / f"{_ITLAW}.en.txt", _EN_ARTICLE)
    path = work / "itlaw-khoan.tsv"
    with path.open("w", encoding="utf-8") as out:
        out.write("id\tvi\ten\n")
        for key in sorted(set(vi) & set(en)):
            out.write(f"art{key[0]}.k{key[1]}\t{vi[key]}\t{en[key]}\n")
    return path


def itlaw_beads(work: Path) -> Path:
    path = work / "itlaw-beads.tmx"
    vi, en = REAL / f"{_ITLAW}.vi.txt", REAL / f"{_ITLAW}.en.txt"
    glossary = ["--glossary", str(ROOT / "glossary.yaml")]
    _run([*CLI, "align", str(vi), str(en), "-f", "tmx", "-o", str(path), *glossary])
    return path


def symfony_xliff(_work: Path) -> Path:
    return REAL / "l10n" / "symfony-validators.vi.xlf"


def corpus_tmx(work: Path) -> Path:
    data, path = work / "data", work / "corpus.tmx"
    _run([*CLI, "ingest", str(ROOT / "corpus"), "--data-dir", str(data)])
    _run([*CLI, "export", "--format", "tmx", "--data-dir", str(data), "-o", str(path)])
    return path


def _run(command: list[str]) -> None:
    subprocess.run(command, check=True, cwd=ROOT, capture_output=True)


FILES: dict[str, Callable[[Path], Path]] = {
    "itlaw-khoan": itlaw_khoan,
    "itlaw-beads": itlaw_beads,
    "symfony-xliff": symfony_xliff,
    "corpus-tmx": corpus_tmx,
}


def key(finding) -> str:  # type: ignore[no-untyped-def]
    """A finding's stable key: what it says, where (no message: wording may change)."""
    return "|".join(
        (finding.rule, finding.segment or "", finding.concept or "", finding.found or "")
    )


def load_verdicts() -> dict[tuple[str, str], tuple[str, str]]:
    """(file, key) -> (verdict, reason)."""
    verdicts: dict[tuple[str, str], tuple[str, str]] = {}
    if not VERDICTS.exists():
        return verdicts
    with VERDICTS.open(encoding="utf-8") as handle:
        rows = csv.reader((line for line in handle if not line.startswith("#")), delimiter="\t")
        for row in rows:
            if len(row) >= 3 and row[0] != "file":
                verdicts[(row[0], row[1])] = (row[2], row[3] if len(row) > 3 else "")
    return verdicts


def sample(findings: list, size: int, seed: int, name: str) -> list:  # type: ignore[type-arg]
    ordered = sorted(findings, key=key)
    rng = random.Random(f"{seed}:{name}")
    chosen = sorted(rng.sample(range(len(ordered)), min(size, len(ordered))))
    return [ordered[k] for k in chosen]


def show(finding, report) -> None:  # type: ignore[no-untyped-def]
    view = report.views.get((finding.file, finding.segment))
    print(f"\n  {key(finding)}\n    {finding.rule} ({finding.severity}): {finding.message}")
    if view is not None:
        print(f"    vi: {view.vi[:700]}")
        print(f"    en: {view.en[:700]}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sample", type=int, default=30)
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--file", action="append", choices=list(FILES), help="only these files")
    parser.add_argument(
        "--show",
        choices=["unclassified", "all", "false", "none"],
        default="unclassified",
        help="which sampled findings to print with their texts",
    )
    parser.add_argument("--all", action="store_true", help="print every finding, not a sample")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT / "src"))
    from normcorpus.check import check_files
    from normcorpus.glossary import load_glossary

    if not (REAL / f"{_ITLAW}.en.txt").exists():
        print(f"check precision on real files: skipped ({REAL} lacks the real texts)")
        return
    glossary = load_glossary(ROOT / "glossary.yaml")
    verdicts = load_verdicts()
    total_classified = total_false = 0
    with tempfile.TemporaryDirectory() as tmp:
        for name, build in FILES.items():
            if args.file and name not in args.file:
                continue
            report = check_files([build(Path(tmp))], glossary)
            findings = list(report.findings)
            counts = ", ".join(
                f"{r} {n}" for r, n in Counter(f.rule for f in findings).most_common()
            )
            drawn = (
                sorted(findings, key=key)
                if args.all
                else sample(findings, args.sample, args.seed, name)
            )
            judged = [verdicts.get((name, key(f))) for f in drawn]
            false = sum(1 for v in judged if v and v[0] == "false")
            classified = sum(1 for v in judged if v)
            total_classified += classified
            total_false += false
            share = f"{100 * false / classified:.0f}%" if classified else "-"
            print(
                f"\n## {name}: {report.segments} segments, {len(findings)} findings ({counts});"
                f" sampled {len(drawn)}, classified {classified}, false {false} ({share})"
            )
            for finding, verdict in zip(drawn, judged, strict=True):
                if (
                    args.show == "all"
                    or (args.show == "unclassified" and verdict is None)
                    or (args.show == "false" and verdict and verdict[0] == "false")
                ):
                    show(finding, report)
                    if verdict:
                        print(f"    verdict: {verdict[0]} — {verdict[1]}")
    if total_classified:
        print(f"\nall files: {total_false} of {total_classified} classified findings false")


if __name__ == "__main__":
    main()
