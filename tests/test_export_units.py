"""`formats.exchange.export_units`: which clauses an export holds, per --translation."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest

from normcorpus.formats.exchange import export_units


class _Store:
    """Two documents: `a` has only a working translation, `b` both a working
    translation (one clause) and a published English (one bead over both clauses)."""

    def documents(self) -> list[Any]:
        return [SimpleNamespace(id="a"), SimpleNamespace(id="b")]

    def records(self, doc: str) -> list[Any]:
        return [
            SimpleNamespace(id=f"{doc}:p01.s01.c0{n}", doc=doc, text=f"{doc} {n}", hash="h")
            for n in (1, 2)
        ]

    def translation(self, clause_id: str) -> Any:
        if clause_id.endswith("c02"):
            return None
        return SimpleNamespace(en=f"en of {clause_id}", stale=False)

    def published_source(self, doc: str) -> Any:
        if doc != "b":
            return None
        return SimpleNamespace(publisher="Gazette", file="b.en.txt", official=True), "sha"

    def published_beads(self, doc: str) -> list[Any]:
        ids = ("b:p01.s01.c01", "b:p01.s01.c02")
        return [SimpleNamespace(vi_ids=ids, en="published en", type="2-1", confidence=0.9)]


def _kinds(translation: str) -> list[tuple[str, str]]:
    result = export_units(_Store(), translation=translation)
    return [(unit.doc, unit.translation) for unit in result.units]


@pytest.mark.parametrize(
    ("translation", "expected"),
    [
        # A working export never takes a later document's published beads.
        ("working", [("a", "working"), ("b", "working")]),
        ("published", [("b", "published")]),
        ("both", [("a", "working"), ("b", "published"), ("b", "working")]),
    ],
)
def test_each_translation_mode_exports_its_own_units(
    translation: str, expected: list[tuple[str, str]]
) -> None:
    assert _kinds(translation) == expected


def test_clauses_a_published_bead_covers_are_not_counted_untranslated() -> None:
    assert export_units(_Store(), translation="working").untranslated == 2
    # With both, b's second clause has the published English: only a's is left out.
    assert export_units(_Store(), translation="both").untranslated == 1
