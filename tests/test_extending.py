"""docs/extending.md stays true: its example check rule runs as the walk-through says."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from normcorpus.check import check_pairs, registry
from normcorpus.formats.bilingual import SegmentPair
from normcorpus.glossary import make_glossary

DOC = Path(__file__).resolve().parents[1] / "docs" / "extending.md"


def _example_rule() -> type:
    text = DOC.read_text(encoding="utf-8")
    section = text.split("## How to add a check rule", 1)[1]
    code = re.search(r"```python\n(.*?)```", section, re.DOTALL)
    assert code, "the walk-through has its example rule"
    scope: dict[str, object] = {}
    exec(code.group(1), scope)  # the documentation's own code
    return scope["LengthRatio"]  # type: ignore[return-value]


def test_the_example_rule_registers_runs_and_reports(monkeypatch: pytest.MonkeyPatch) -> None:
    rule = _example_rule()
    monkeypatch.setitem(registry.RULES, rule.id, rule)  # step 2: one registry line
    pairs = [
        SegmentPair("ok", "Hai Bên tăng cường hợp tác.", "The two Sides step up cooperation.", "f"),
        SegmentPair("long", "Hai Bên tăng cường hợp tác.", "The two Sides cooperate. " * 8, "f"),
        SegmentPair("short", "Hai Bên tăng cường hợp tác về an ninh mạng.", "Yes.", "f"),
    ]
    report = check_pairs(pairs, make_glossary([]), rules={rule.id})
    assert [(f.segment, f.rule, f.severity) for f in report.findings] == [
        ("long", "length-ratio", "warning"),
        ("short", "length-ratio", "warning"),
    ]
    assert report.findings[0].message.startswith("the target has 199 characters, the source 27")


def test_the_example_input_format_reads_pairs() -> None:
    from normcorpus.formats import bilingual

    section = DOC.read_text(encoding="utf-8").split("## How to add an input format", 1)[1]
    code = [c for c in re.findall(r"```python\n(.*?)```", section, re.DOTALL) if "def " in c]
    assert code, "the walk-through has its example reader"
    scope = dict(vars(bilingual))  # the module the walk-through puts the reader in
    exec(code[0].replace("\n   ", "\n").strip(), scope)  # the documentation's own code
    po = (
        'msgid ""\nmsgstr ""\n"Language: vi\\n"\n\n'
        'msgid "The two Sides agree."\nmsgstr "Hai Bên đồng ý."\n\n'
        'msgid "Untranslated."\nmsgstr ""\n'
    ).encode()
    reading = bilingual._Reading("t.po", None, None)
    pairs = list(scope["_po_pairs"](po, reading))
    assert [(p.id, p.vi, p.en, p.vi_is_source) for p in pairs] == [
        ("The two Sides agree.", "Hai Bên đồng ý.", "The two Sides agree.", False),
        ("Untranslated.", "", "Untranslated.", False),
    ]
    with pytest.raises(bilingual.InputError):
        list(scope["_po_pairs"](b'msgid "a"\nmsgstr "b"\nmsgid "c', reading))
