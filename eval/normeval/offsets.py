"""Map offsets between two versions of one text (gold's canonical text and the
pipeline's normalised text, or a variant and its normalised form).

Normalisation changes few characters (tone-mark placement keeps lengths; NFC
of decomposed text shortens lines), so the texts are aligned line by line, and
only lines that differ are aligned character by character with difflib. An
offset inside a changed stretch maps proportionally into its counterpart.
"""

from __future__ import annotations

from bisect import bisect_right
from difflib import SequenceMatcher


def _equal_runs(a: str, b: str, a0: int, b0: int) -> list[tuple[int, int, int]]:
    if a == b:
        return [(a0, b0, len(a))] if a else []
    matcher = SequenceMatcher(None, a, b, autojunk=False)
    return [(a0 + i, b0 + j, n) for i, j, n in matcher.get_matching_blocks() if n]


class OffsetMap:
    """`map(offset)` gives the offset in `dst` of an offset in `src`."""

    def __init__(self, src: str, dst: str) -> None:
        self.src_len, self.dst_len = len(src), len(dst)
        runs: list[tuple[int, int, int]] = []
        if src == dst:
            runs = [(0, 0, len(src))]
        else:
            src_lines = src.splitlines(keepends=True)
            dst_lines = dst.splitlines(keepends=True)
            if len(src_lines) == len(dst_lines):
                a0 = b0 = 0
                for a, b in zip(src_lines, dst_lines, strict=True):
                    runs.extend(_equal_runs(a, b, a0, b0))
                    a0, b0 = a0 + len(a), b0 + len(b)
            else:
                runs = self._by_blocks(src_lines, dst_lines)
        self.runs = runs
        self.starts = [r[0] for r in runs]

    @staticmethod
    def _by_blocks(src_lines: list[str], dst_lines: list[str]) -> list[tuple[int, int, int]]:
        src_at = [0]
        for line in src_lines:
            src_at.append(src_at[-1] + len(line))
        dst_at = [0]
        for line in dst_lines:
            dst_at.append(dst_at[-1] + len(line))
        runs: list[tuple[int, int, int]] = []
        matcher = SequenceMatcher(None, src_lines, dst_lines, autojunk=False)
        for tag, i1, i2, j1, j2 in matcher.get_opcodes():
            a, b = "".join(src_lines[i1:i2]), "".join(dst_lines[j1:j2])
            if tag == "equal":
                runs.append((src_at[i1], dst_at[j1], len(a)))
            elif a and b:
                runs.extend(_equal_runs(a, b, src_at[i1], dst_at[j1]))
        return runs

    def __call__(self, offset: int) -> int:
        index = bisect_right(self.starts, offset) - 1
        if index >= 0:
            s, d, n = self.runs[index]
            if offset < s + n:
                return d + offset - s
            gap_src, gap_dst = s + n, d + n
        else:
            gap_src = gap_dst = 0
        if index + 1 < len(self.runs):
            next_src, next_dst = self.runs[index + 1][0], self.runs[index + 1][1]
        else:
            next_src, next_dst = self.src_len, self.dst_len
        if next_src == gap_src:
            return gap_dst
        share = (offset - gap_src) / (next_src - gap_src)
        return gap_dst + round(share * (next_dst - gap_dst))
