"""The aligner on real text and its mechanical variants: a quick measure, no gold needed.

For each line of the real texts (../shared/realtexts: the IT law 2006, the
codification topic 3.1, the news excerpts; local use only, nothing is copied)
and of the corpus, the aligner's exact and variant matches on the clean text
(its folded ones too: text with diacritics spells a term without them only as
a slip) are taken as the reference, and each variant of the line is aligned:

- `folded`: diacritics removed (đ -> d), as typed without a Vietnamese keyboard;
- `old-tone`: tone marks of open oa/oe/uy on the second vowel (`hoà`);
- `nfd`: Unicode decomposed; `upper`: upper case.

A variant's match is right when the reference has the same concept at the same
span; recall and precision are reported per variant and per kind the match
should have (`folded` in the folded variant, `variant` for upper case). Every
fuzzy match on the clean texts is counted (they hold no typos but the corpus
statement's four) and listed, and so is every match in distractor sentences:
real words one tone, one letter or one part away from glossary terms.

The gold evaluation (`make eval`, eval/) is the measure of record; this is the
aligner's own quick look. Usage: python scripts/align_variants.py [--realtexts DIR]
"""

from __future__ import annotations

import argparse
import re
import sys
import unicodedata
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from normcorpus import normalize  # noqa: E402
from normcorpus.align import Aligner  # noqa: E402
from normcorpus.glossary import load_glossary  # noqa: E402

TEXTS = (
    "itlaw-2006-67-2006-qh11.vi.txt",
    "phapdien-3.1-an-toan-thong-tin-mang.txt",
    "news-2020-05-22-arria-excerpt.txt",
    "news-2020-10-08-amcc5-excerpt.txt",
)
# The typos the texts hold: the corpus ASEAN statement's (`de dọa` is folded) and one
# of the codification (`thống` for `thông`).
TYPOS = {"hơp tác", "thỏa luận", "xuyên xuyết", "công nghệ thống tin"}
_TONES = "\u0300\u0301\u0303\u0309\u0323"
_TO_OLD = re.compile(
    rf"(?<![qQ])(?P<v1>[oOuU])(?P<tone>[{_TONES}])(?P<v2>[aAeEyY])(?![\w\u0300-\u036f])"
)

# Real words and phrases one tone, one letter or one part away from glossary
# terms, in sentences of the kind the texts hold: none is a term.
DISTRACTORS = (
    "Bài quốc ca được hát trong lễ chào cờ đầu tuần.",
    "Công tác đối ngoại của địa phương được đẩy mạnh.",
    "Người mua có quyền đơn phương chấm dứt hợp đồng.",
    "Chính sách an sinh xã hội được bảo đảm cho mọi người dân.",
    "Quản lý và phân quyền truy cập thông tin theo cách thức phù hợp.",
    "Trong trường hợp các bên không hòa giải được thì giải quyết tại tòa án.",
    "Tập hợp các thiết bị phần cứng và phần mềm được tích hợp khác nhau.",
    "Các cơ quan đại diện ngoại giao của nước ngoài tại Việt Nam.",
    "Bộ Quốc phòng trong năm qua đã tổ chức thành công hội nghị.",
    "Nhà nước ưu tiên bố trí ngân sách cho phát triển khoa học.",
    "Tổ chức hội nghị giao ban định kỳ và đưa ra phương án xử lý.",
    "Hệ thống thông tin cụ thể được giám sát qua phương thức trực tiếp.",
    "Dự phòng nóng là khả năng thay thế thiết bị khi có sự cố.",
    "Mẫu mã sản phẩm mật mã được sử dụng để bảo mật thông tin.",
    "Doanh nghiệp trong nước và nước ngoài đầu tư xây dựng hạ tuần tháng này.",
    "Việc này mang lại lợi ích và mang tính tự nguyện.",
    "Các quy tắc mang tính khuyến nghị được thảo luận tại hội nghị.",
    "Ông được bổ nhiệm làm tham tán thương mại tại đại sứ quán.",
    "Cơ quan điều tra đã thẩm vấn các đối tượng liên quan.",
    "Các hợp chất hóa học được hợp nhất vào một danh mục.",
    "Bản thảo của cuốn sách được gửi tới nhà xuất bản.",
    "Quan lại thời phong kiến được dân quyền kiểm soát.",
    "Nhà thuốc trong khu vực mở cửa suốt đêm.",
    "Lãnh địa của các chúa được bảo vệ bằng hào sâu.",
    "Cơ chế vận hành của máy sơ chế nông sản rất đơn giản.",
    "Đánh thức tiềm năng du lịch của vùng tha phương.",
    "Xung động thần kinh được truyền qua các tế bào.",
    "Nguyên tác của tác phẩm được dịch sang nhiều thứ tiếng.",
    "Kháng nghị của viện kiểm sát được gửi tới tòa án cấp trên.",
    "Các dạng thức thể hiện khác nhau của cùng một nội dung.",
)


def old_tone(text: str) -> str:
    def move(m: re.Match[str]) -> str:
        pair_ok = (m["v1"] in "oO" and m["v2"] in "aAeE") or (m["v1"] in "uU" and m["v2"] in "yY")
        return m["v1"] + m["v2"] + m["tone"] if pair_ok else m.group(0)

    return unicodedata.normalize("NFC", _TO_OLD.sub(move, unicodedata.normalize("NFD", text)))


def upper(text: str) -> str:
    return "".join(c.upper() if len(c.upper()) == 1 else c for c in text)


VARIANTS = {
    "folded": normalize.fold,
    "old-tone": old_tone,
    "nfd": lambda text: unicodedata.normalize("NFD", text),
    "upper": upper,
}


def expected_kind(variant: str, kind: str, surface: str, term: str) -> str:
    if variant == "folded" and normalize.fold(surface) != surface:
        return "folded" if normalize.folded_key(surface) == normalize.folded_key(term) else "fuzzy"
    if variant == "upper" and kind == "exact" and upper(surface) != surface:
        return "variant"
    return kind


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--realtexts", type=Path, default=ROOT.parent / "shared" / "realtexts")
    parser.add_argument("--glossary", type=Path, default=ROOT / "glossary.yaml")
    parser.add_argument("--show", type=int, default=12, help="misses and false matches shown")
    parser.add_argument("--kind", help="show only misses and false matches of this kind")
    args = parser.parse_args()
    if not args.realtexts.is_dir():
        args.realtexts = ROOT.parent.parent / "shared" / "realtexts"
    aligner = Aligner(load_glossary(args.glossary))
    lines: list[str] = []
    for path in [args.realtexts / name for name in TEXTS] + sorted((ROOT / "corpus").glob("*.txt")):
        if path.exists():
            text = path.read_text(encoding="utf-8-sig")
            lines += [normalize.text(x.strip()) for x in text.splitlines() if x.strip()]
    print(f"{len(lines):,} lines, {sum(map(len, lines)) / 1e6:.2f} M characters")

    # The reference: the clean text's matches, but for typo readings other than
    # the corpus statement's typos (the only ones these texts hold).
    clean = [tuple(m for m in aligner.find(line) if m.within is None) for line in lines]
    reference = [
        tuple(m for m in found if m.match != "fuzzy" or m.surface in TYPOS) for found in clean
    ]
    kinds = Counter(m.match for found in clean for m in found)
    print("clean:", dict(kinds))
    for line, found in zip(lines, clean, strict=True):
        for m in found:
            if m.match == "fuzzy":
                print(f"  fuzzy on clean text: {m.surface!r} -> {m.term!r} in {line[:70]!r}")

    print("\n| variant | kind | reference | found | recall | reported | right | precision |")
    print("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    shown: list[str] = []
    for variant, transform in [("clean", lambda text: text), *VARIANTS.items()]:
        gold: Counter[str] = Counter()
        hit: Counter[str] = Counter()
        reported: Counter[str] = Counter()
        right: Counter[str] = Counter()
        for line, found in zip(lines, reference, strict=True):
            text = normalize.text(transform(line))
            if len(text) != len(line):
                continue  # (upper case of a few letters changes the length)
            expected = {
                (m.concept, m.start, m.end): expected_kind(variant, m.match, m.surface, m.term)
                for m in found
            }
            got = {
                (m.concept, m.start, m.end): m.match for m in aligner.find(text) if m.within is None
            }
            for key, kind in expected.items():
                gold[kind] += 1
                if key in got:
                    hit[kind] += 1
                elif len(shown) < args.show and args.kind in (None, kind):
                    shown.append(f"  {variant}: missed {key[0]} {text[key[1] : key[2]]!r}")
            for key, kind in got.items():
                reported[kind] += 1
                if key in expected:
                    right[kind] += 1
                elif len(shown) < args.show and args.kind in (None, kind):
                    shown.append(f"  {variant}: false {key[0]} {text[key[1] : key[2]]!r} ({kind})")
        for kind in sorted(set(gold) | set(reported)):
            recall = f"{hit[kind] / gold[kind]:.2%}" if gold[kind] else "-"
            precision = f"{right[kind] / reported[kind]:.2%}" if reported[kind] else "-"
            print(
                f"| {variant} | {kind} | {gold[kind]} | {hit[kind]} | {recall} |"
                f" {reported[kind]} | {right[kind]} | {precision} |"
            )
    print("\n".join(shown))

    print("\ndistractor sentences (every match is false):")
    false = 0
    for sentence in DISTRACTORS:
        for variant in ("clean", "upper"):
            text = sentence if variant == "clean" else upper(sentence)
            for m in aligner.find(text):
                if m.match in ("folded", "fuzzy"):
                    false += 1
                    print(f"  {variant}: {m.surface!r} -> {m.term!r} ({m.match})")
    print(f"  {false} false loose matches in {len(DISTRACTORS)} sentences x 2 variants")
    return 0


if __name__ == "__main__":
    sys.exit(main())
