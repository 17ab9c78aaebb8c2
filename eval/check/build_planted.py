# ruff: noqa: E501  (the planted rows are data: long strings stay whole)
"""Rebuild eval/check/planted.tsv and planted-key.tsv: the corpus's clause pairs
(`normcorpus export --format tmx`) with errors planted by hand, one line each below.

Run only to change the planted set (the files are committed; `make eval` scores them):

    .venv/bin/python eval/check/build_planted.py
"""

from __future__ import annotations

import csv
import subprocess
import sys
import tempfile
from pathlib import Path

from normcorpus.formats.bilingual import read_pairs

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
CLI = [sys.executable, "-m", "normcorpus"]


def corpus_pairs(work: Path) -> list:  # type: ignore[type-arg]
    data, tmx = work / "data", work / "corpus.tmx"
    subprocess.run(
        [*CLI, "ingest", str(ROOT / "corpus"), "--data-dir", str(data)],
        check=True,
        capture_output=True,
    )
    subprocess.run(
        [*CLI, "export", "--format", "tmx", "--data-dir", str(data), "-o", str(tmx)],
        check=True,
        capture_output=True,
    )
    return list(read_pairs(tmx))


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        ps = corpus_pairs(Path(tmp))
    rows: list[tuple[str, str, str, str, str]] = []
    used: set[int] = set()

    def pair(i: int) -> tuple[str, str]:
        return ps[i].vi, ps[i].en

    def rep(s: str, old: str, new: str) -> str:
        assert old in s, (old, s)
        return s.replace(old, new, 1)

    def add(i: int, vi: str, en: str, expect: str, planted: str, suffix: str = "") -> None:
        if not suffix:
            used.add(i)
        rows.append((ps[i].id + suffix, vi, en, expect, planted))

    # --- the planted errors (expect: the rules that must fire on the row)
    vi, en = pair(20)
    add(
        20,
        rep(vi, "mối đe dọa không gian mạng", "mối đe dọa khong gian mang"),
        en,
        "source-variant",
        "the source writes không gian mạng without diacritics",
    )
    vi, en = pair(2)
    add(2, vi, "", "untranslated", "the target is empty")
    vi, en = pair(3)
    add(3, vi, vi, "same-as-source", "the target is the Vietnamese source copied")
    vi, en = pair(18)
    add(
        18,
        vi,
        rep(en, "cybersecurity cooperation", "network safety cooperation"),
        "term-missing",
        "an ninh mạng rendered 'network safety' (no glossary term)",
    )
    vi, en = pair(49)
    add(
        49,
        vi,
        rep(en, "international information security", "international security information"),
        "term-missing",
        "word order: 'security information' is not 'information security' (the loose reading must not accept it)",
    )
    vi, en = pair(5)
    add(
        5,
        vi,
        rep(en, "economic digitization", "digital economy"),
        "term-missing",
        "số hóa nền kinh tế rendered 'digital economy' (Porter2 stems digital and digitization alike)",
    )
    add(
        5,
        "cùng với số hóa đang diễn ra rộng khắp và sự gia tăng của các thiết bị kết nối Internet trong khu vực.",
        "along with the widespread digital devices and the proliferation of Internet-connected devices in the region.",
        "term-missing",
        "số hóa (digitization) not rendered; 'digital' has Porter2's stem of digitization",
        suffix=".b",
    )
    vi, en = pair(48)
    add(
        48,
        vi,
        rep(en, "International Telecommunication Union", "International Telecommunications Union"),
        "term-deprecated",
        "the deprecated 'International Telecommunications Union'",
    )
    vi, en = pair(47)
    add(
        47,
        vi,
        rep(en, "The two Sides", "Both Sides"),
        "term-inconsistent",
        "hai Bên rendered 'Both Sides' here, 'the two Sides' in two other rows",
    )
    vi, en = pair(0)
    add(
        0,
        vi,
        rep(en, "10 ASEAN Member States", "11 ASEAN Member States"),
        "number-mismatch",
        "10 changed to 11",
    )
    vi, en = pair(13)
    add(
        13,
        vi,
        rep(en, "5 August 2017", "15 August 2017"),
        "number-mismatch",
        "the date 5/8/2017 said as 15 August",
    )
    vi, en = pair(28)
    add(
        28,
        rep(vi, "quan trọng này.", "quan trọng này {0}."),
        en,
        "placeholder-mismatch",
        "a {0} placeholder of the source dropped",
    )
    vi, en = pair(26)
    add(
        26,
        rep(vi, "ASEAN cũng", "<b>ASEAN</b> cũng"),
        en,
        "tag-mismatch",
        "an inline <b> of the source dropped",
    )
    vi, en = pair(21)
    add(
        21,
        vi + " (https://asean.org/cyber)",
        en + " (https://asean.org/cybersecurity)",
        "link-mismatch",
        "a URL changed",
    )
    vi, en = pair(15)
    add(15, vi, rep(en, "(AMCC)", "(AMCC"), "unbalanced-brackets", "a closing bracket dropped")
    vi, en = pair(25)
    add(25, vi, en.rstrip("."), "final-punctuation", "the final full stop dropped")
    vi, en = pair(31)
    add(
        31,
        vi,
        rep(en, "cooperation to address", "cooperation  to address"),
        "double-space,source-variant",
        "two spaces in the target (and the source's own typo hơp tác)",
    )
    vi, en = pair(37)
    add(37, vi, " " + en, "edge-whitespace", "a leading space in the target")
    vi, en = pair(41)
    add(
        41,
        vi,
        rep(en, "Noting the cross-border", "Noting the the cross-border"),
        "repeated-word",
        "'the the'",
    )
    vi, en = pair(1)
    add(
        1,
        vi,
        "the ASEAN Leaders' Vision for an Innovative and Resilient ASEAN;",
        "target-inconsistent,term-missing",
        "the source of another row given another target, which also turns the title ASEAN Leaders' Vision for a Resilient and Innovative ASEAN about",
        suffix=".b",
    )
    vi, en = pair(17)
    add(
        17,
        "trong khi vẫn bảo đảm các sáng kiến về an ninh mạng được điều phối và tổ chức.",
        en,
        "source-inconsistent",
        "the target of another row given for another source",
        suffix=".b",
    )
    vi, en = pair(39)
    add(
        39,
        vi,
        rep(en, "malware", "harmful code"),
        "term-missing",
        "mã độc rendered 'harmful code' (no glossary term)",
    )
    vi, en = pair(19)
    add(
        19,
        vi,
        rep(en, "cybersecurity and cybercrime", "cybersecurity and computer offences"),
        "term-missing",
        "tội phạm mạng rendered 'computer offences'",
    )
    # correct variants: no finding is due
    vi, en = pair(50)
    add(
        50,
        vi,
        rep(en, "ensuring information security of", "ensuring the security of information of"),
        "",
        "correct variant: information security turned about an 'of'",
    )
    vi, en = pair(42)
    add(
        42,
        vi,
        rep(en, "ensuring information security at", "ensuring information safety and security at"),
        "",
        "correct variant: information security coordinated",
    )
    vi, en = pair(42)
    add(
        42,
        vi,
        rep(en, "ensuring information security at", "ensuring information technology security at"),
        "term-missing,target-inconsistent",
        "a word put inside the term without a coordinator: 'information technology security' is not 'information security' (and so a second target for the source of another row)",
        suffix=".b",
    )
    vi, en = pair(36)
    add(
        36,
        vi,
        rep(en, "personal data", "personal details"),
        "term-missing",
        "dữ liệu cá nhân rendered 'personal details' (no glossary term)",
    )
    # --- every other row unchanged: a control (the source's own typos stay)
    for i in range(len(ps)):
        if i not in used:
            expect = {6: "source-variant", 12: "source-variant"}.get(i, "")
            note = "unchanged (control)" + (": the source's own typo" if expect else "")
            rows.append((ps[i].id, ps[i].vi, ps[i].en, expect, note))
    order = {p.id: k for k, p in enumerate(ps)}
    rows.sort(key=lambda r: (order[r[0].removesuffix(".b")], r[0]))
    with (HERE / "planted.tsv").open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, delimiter="\t", lineterminator="\n")
        w.writerow(["id", "vi", "en"])
        for r in rows:
            w.writerow(r[:3])
    with (HERE / "planted-key.tsv").open("w", encoding="utf-8", newline="") as f:
        f.write("# What eval/check/planted.tsv plants, row by row (see eval/check/README.md).\n")
        w = csv.writer(f, delimiter="\t", lineterminator="\n")
        w.writerow(["id", "expect", "planted"])
        for r in rows:
            w.writerow([r[0], r[3], r[4]])
    print(f"{len(rows)} rows, {sum(1 for r in rows if r[3])} with planted errors")


if __name__ == "__main__":
    main()
