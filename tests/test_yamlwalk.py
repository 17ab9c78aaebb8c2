"""accel/yamlwalk.py: the glossary read in C reads what the plain reader reads.

Each text is read twice, by `glossary.read_entries` with the walk in C and
without it, and by `validate_text` both ways: the entries (every term with its
places) and the problems (ids, lines, columns, messages) must be the same.
The texts: the shipped glossary, every test glossary, and mutations of them
(characters of YAML's syntax inserted, lines dropped, doubled or swapped,
values replaced by typed, tagged, aliased or nested ones).
"""

from __future__ import annotations

import os
import random
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import TEST_DATA
from normcorpus import glossary, safeyaml, validate
from normcorpus.accel import yamlwalk

ROOT = TEST_DATA.parent.parent
# In CI (.ci/run installs libyaml-dev) the walk is built: its tests run there, never skip.
pytestmark = pytest.mark.skipif(
    not yamlwalk.BUILT and not os.environ.get("CI"),
    reason="normcorpus.accel._yamlwalk not built (no libyaml-dev)",
)


def test_the_walk_is_built() -> None:
    assert yamlwalk.BUILT, "normcorpus.accel._yamlwalk was not built: install libyaml-dev"


GLOSSARIES = [
    *sorted((TEST_DATA / "glossary").glob("*.yaml")),
    TEST_DATA / "small-glossary.yaml",
    ROOT / "glossary.yaml",
]


def _both(text: str) -> tuple[glossary.Entries, glossary.Entries]:
    fast = glossary.read_entries(text, file="g.yaml", compiled=True)
    plain = glossary.read_entries(text, file="g.yaml", compiled=False)
    return fast, plain


def _reports(text: str, monkeypatch: pytest.MonkeyPatch) -> tuple[object, object]:
    with monkeypatch.context() as patch:
        patch.setattr(glossary, "COMPILED", True)
        fast = validate.validate_text(text, file="g.yaml")
        patch.setattr(glossary, "COMPILED", False)
        plain = validate.validate_text(text, file="g.yaml")
    return fast, plain


def _agree(text: str) -> bool:
    """The two readers agree on `text`; whether the walk in C read it."""
    fast, plain = _both(text)
    assert fast == plain
    return glossary._walked(text) is not None


@pytest.mark.parametrize("path", GLOSSARIES, ids=lambda p: p.name)
def test_the_readers_agree_on_every_test_glossary(
    path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = path.read_text(encoding="utf-8")
    _agree(text)
    fast, plain = _reports(text, monkeypatch)
    assert fast == plain


def test_the_shipped_glossary_is_read_in_c() -> None:
    text = (ROOT / "glossary.yaml").read_text(encoding="utf-8")
    assert _agree(text)
    walked = glossary._walked(text)
    assert walked is not None and len(walked) > 100
    # every kind of value the shipped file holds came through
    assert any(c.exclude for c in walked) and any(c.broader for c in walked)
    assert any(c.note for c in walked) and any(t.pos for c in walked for t in c.vi + c.en)


def test_a_synthetic_glossary_is_read_in_c(tmp_path: Path) -> None:
    sys.path.insert(0, str(ROOT / "scripts"))
    try:
        import bench_glossary
    finally:
        sys.path.pop(0)
    path = tmp_path / "synthetic.yaml"
    bench_glossary.write_glossary(path, 300)
    assert _agree(path.read_text(encoding="utf-8"))


# Texts with no problem of shape, written every way YAML allows, are read in C.
@pytest.mark.parametrize(
    "body",
    [
        "  - {id: a, vi: [an ninh], en: [security]}\n",
        "  - id: a\n    vi: [{term: an ninh, status: preferred, pos: noun}]\n"
        "    en:\n      - term: security\n",
        '  - id: \'a\'\n    "vi": ["an ninh"]\n    en: [{status: admitted, term: x}, y]\n'
        "    note:\n",
        "  - id: a\n    vi: [an ninh]\n    en: [x]\n    general: yes\n    abbr: ~\n"
        "    note: null\n",
        "  - id: a\n    vi: [an ninh]\n    en: [x]\n    general: Off\n    broader: []\n"
        "    note: 'yes'\n",
        "  - &c {id: a, vi: [&t an ninh], en: [x]}\n",
        "  - id: a\n    vi: [an ninh]\n    en: [x]\n    note: >\n      folded\n      note\n",
    ],
)
def test_every_way_of_writing_a_valid_glossary_is_read_in_c(body: str) -> None:
    text = "schema: normcorpus-glossary/1\nlanguages: {source: vi, target: en}\nconcepts:\n" + body
    assert _agree(text)


# What the walk leaves to the plain reader: each a problem it reports.
@pytest.mark.parametrize(
    ("body", "rule"),
    [
        ("  - {id: a, vi: [an ninh], en: [*x]}\n", "yaml-alias"),
        ("  - {id: a, vi: [!!python/object:os.system an ninh], en: [x]}\n", "schema-wrong-type"),
        ("  - {id: a, vi: [an ninh], en: [x], bogus: 1}\n", "schema-unknown-key"),
        ("  - {id: a, id: b, vi: [an ninh], en: [x]}\n", "yaml-duplicate-key"),
        ("  - {id: a, vi: [an ninh], en: [yes]}\n", "schema-wrong-type"),
        ("  - {id: 2018-01-01, vi: [an ninh], en: [x]}\n", "schema-wrong-type"),
        ("  - {id: a, vi: [], en: [x]}\n", "schema-missing-key"),
        ("  - {id: a, vi: [an ninh]}\n", "schema-missing-key"),
        ("  - {id: a, vi: [{term: an ninh, status: wrong}], en: [x]}\n", "schema-unknown-status"),
        ("  - {id: a, vi: [{status: admitted}], en: [x]}\n", "schema-missing-key"),
        ("  - {id: a, vi: [an ninh], en: [x], general: maybe}\n", "schema-wrong-type"),
        ("  - {id: a, vi: [an ninh], en: [x], abbr: ICT}\n", "schema-wrong-type"),
        ("  - {id: a, vi: [an ninh], en: [x], note: [a]}\n", "schema-wrong-type"),
        ("  - {id: a, vi: [an ninh], en: " + "[" * 32 + "x" + "]" * 32 + "}\n", "yaml-too-deep"),
        ("  - {id: a, vi: [an ninh], en: [x]\n", "yaml-syntax"),
        ("  - {id: a, vi: [an ninh], en: [x]}\n---\nx: 1\n", "yaml-syntax"),
    ],
)
def test_a_problem_of_shape_is_left_to_the_plain_reader(body: str, rule: str) -> None:
    text = "schema: normcorpus-glossary/1\nconcepts:\n" + body
    assert glossary._walked(text) is None
    fast, plain = _both(text)
    assert fast == plain
    assert rule in {p.rule for p in fast.problems}


def test_an_alias_bomb_is_never_expanded() -> None:
    lines = ["schema: normcorpus-glossary/1", "a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]" for i in range(1, 9)]
    lines += ["concepts:", "  - {id: a, vi: [an ninh], en: [*a8]}"]
    text = "\n".join(lines) + "\n"
    assert glossary._walked(text) is None
    fast, plain = _both(text)
    assert fast == plain and {p.rule for p in fast.problems} == {"yaml-alias"}


def test_the_walk_types_plain_scalars_as_the_plain_reader() -> None:
    # the characters it asks the resolver about are the resolver's own
    assert set(glossary._SHAPE.typed_starts) == safeyaml.TYPED_STARTS
    for value in ("yes", "No", "on", "~", "null", "", "1", "2018-01-01", ".inf", "<<", "=", "tôi"):
        text = (
            "schema: normcorpus-glossary/1\nconcepts:\n"
            f"  - {{id: a, vi: [an ninh], en: [x], note: {value}}}\n"
        )
        _agree(text)


def test_without_the_extension_the_plain_reader_reads(monkeypatch: pytest.MonkeyPatch) -> None:
    text = (ROOT / "glossary.yaml").read_text(encoding="utf-8")
    monkeypatch.setattr(yamlwalk, "_yamlwalk", None)
    assert yamlwalk.walk(text, glossary._SHAPE) is None
    fast, plain = _both(text)
    assert fast == plain and fast.concepts


# --- mutations -----------------------------------------------------------------

_SYNTAX = [*":-[]{},&*!|>'\"#%@`?~ \n\t", "yes", "null", "1", "&a ", "*a", "!!str ", "- "]
_VALUES = [
    *("yes", "~", "null", "2018-13-45", "1.5", "[x]", "{a: b}", "!!str x", "*a", "&a x"),
    *("''", "[]", "{}", "|\n  x", "- x", '"\\u0000"', "\ufeff", "a\u200bb"),
]


def _mutate(text: str, rng: random.Random) -> str:
    lines = text.split("\n")
    for _ in range(rng.randint(1, 3)):
        i = rng.randrange(len(lines))
        how = rng.randrange(6)
        if how == 0:
            k = rng.randint(0, len(lines[i]))
            lines[i] = lines[i][:k] + rng.choice(_SYNTAX) + lines[i][k:]
        elif how == 1 and lines[i]:
            k = rng.randrange(len(lines[i]))
            lines[i] = lines[i][:k] + lines[i][k + 1 :]
        elif how == 2:
            lines.insert(i, lines[i])
        elif how == 3:
            del lines[i]
        elif how == 4 and ": " in lines[i]:
            head = lines[i].split(": ", 1)[0]
            lines[i] = f"{head}: {rng.choice(_VALUES)}"
        else:
            j = rng.randrange(len(lines))
            lines[i], lines[j] = lines[j], lines[i]
    return "\n".join(lines)


_SEEDS_TEXT = [
    (ROOT / "tests" / "data" / "small-glossary.yaml").read_text(encoding="utf-8"),
    (ROOT / "tests" / "data" / "glossary" / "valid.yaml").read_text(encoding="utf-8"),
    (ROOT / "tests" / "data" / "glossary" / "homographs-declared.yaml").read_text(encoding="utf-8"),
]


def test_the_readers_agree_on_mutated_glossaries(monkeypatch: pytest.MonkeyPatch) -> None:
    rng = random.Random(18)
    walked = left = 0
    for n in range(1500):
        text = _mutate(rng.choice(_SEEDS_TEXT), rng)
        if _agree(text):
            walked += 1
        else:
            left += 1
        if n % 10 == 0:
            fast, plain = _reports(text, monkeypatch)
            assert fast == plain, text
    # both kinds were tried: mutations the walk reads and ones it leaves
    assert walked > 100 and left > 1000, (walked, left)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    seed=st.sampled_from(range(len(_SEEDS_TEXT))),
    at=st.floats(0, 1),
    insert=st.text(alphabet=st.sampled_from(list(":-[]{},&*!|>'\"# \nyn0~\\é\u0301")), max_size=6),
)
def test_the_readers_agree_on_any_insertion(seed: int, at: float, insert: str) -> None:
    text = _SEEDS_TEXT[seed]
    k = int(at * len(text))
    _agree(text[:k] + insert + text[k:])


COMMAND = (sys.executable, "-m", "normcorpus", "glossary", "validate")


def test_the_cli_says_the_same_with_and_without_the_walk(tmp_path: Path) -> None:
    path = tmp_path / "g.yaml"
    path.write_text(
        "schema: normcorpus-glossary/1\nconcepts:\n"
        "  - {id: a, vi: [an ninh, ' an ninh'], en: [{term: x, status: deprecated}]}\n"
        "  - {id: b, vi: [An ninh], en: [x], abbr: [AN]}\n",
        encoding="utf-8",
    )
    outputs = []
    for pure in ("", "1"):
        result = subprocess.run(
            [*COMMAND, str(path), "--format", "json"],
            capture_output=True,
            text=True,
            env={**os.environ, "NORMCORPUS_PURE_PYTHON": pure},
        )
        outputs.append((result.returncode, result.stdout))
    assert outputs[0] == outputs[1]
    assert outputs[0][0] == 1 and "duplicate-vi-term" in outputs[0][1]


def _dense(rng: random.Random) -> str:
    """A glossary of a few concepts sharing terms, abbreviations and links every way."""
    english = ["Alpha", "alpha", "beta", "Beta ", "", "delta x"]
    vietnamese = ["an ninh", "An ninh", "mạng", "hoà bình", " an ninh", "an  ninh"]
    lines = ["schema: normcorpus-glossary/1", "concepts:"]
    for i in range(rng.randint(2, 8)):

        def some(items: list[str], low: int, high: int) -> str:
            return ", ".join(rng.choice(items) for _ in range(rng.randint(low, high)))

        statuses = ["preferred", "deprecated", "admitted"]
        en = [f"{{term: '{rng.choice(english)}', status: {rng.choice(statuses)}}}"]
        vi = [f"'{v}'" for v in some(vietnamese, 1, 3).split(", ")]
        links = [f"c{k}" for k in range(9)]
        lines.append(
            f"  - {{id: c{rng.choice([i, i, 0])}, vi: [{', '.join(vi)}], en: [{', '.join(en)}],"
            f" abbr: [{some(['AB', 'ab', 'CD'], 0, 3)}], abbr_en: [{some(['AB', 'EF'], 0, 2)}],"
            f" homographs: [{some(links, 0, 2)}], broader: [{some(links, 0, 2)}],"
            f" exclude: [{some(['an ninh mạng', 'mạng', 'xyz abc'], 0, 2)}]}}"
        )
    return "\n".join(lines) + "\n"


def test_the_readers_agree_on_glossaries_full_of_content_problems(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    rng = random.Random(7)
    rules: set[str] = set()
    for _ in range(150):
        text = _dense(rng)
        assert _agree(text)  # every one is of the shape: read in C
        fast, plain = _reports(text, monkeypatch)
        assert fast == plain
        rules.update(p.rule for p in fast.problems)  # type: ignore[attr-defined]
    assert {
        "duplicate-vi-term",
        "preferred-and-deprecated",
        "broader-cycle",
        "exclude-is-term",
    } <= rules
