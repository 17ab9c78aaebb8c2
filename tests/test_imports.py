"""The package's import graph: no module imports, directly or through others, one that imports it.

Read from the source (`ast`), not by importing: every `import` and `from … import` of a
normcorpus module that runs when the module is imported (at module level, also under `if`
or `try`), not those under `if TYPE_CHECKING:` (annotations only) and not the lazy ones
inside functions (`lazy=True` reads those too).
"""

from __future__ import annotations

import ast
from graphlib import CycleError, TopologicalSorter
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src"
PACKAGE = SRC / "normcorpus"


def _name(path: Path) -> str:
    parts = path.relative_to(SRC).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {_name(p): p for p in PACKAGE.rglob("*.py")}


def _type_checking_only(tree: ast.Module) -> set[int]:
    skipped: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            skipped.update(id(n) for child in node.body for n in ast.walk(child))
    return skipped


def _in_functions(tree: ast.Module) -> set[int]:
    inside: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
            inside.update(id(n) for child in ast.iter_child_nodes(node) for n in ast.walk(child))
    return inside


def imports_of(name: str, *, lazy: bool = False) -> set[str]:
    path = MODULES[name]
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skipped = _type_checking_only(tree) | (set() if lazy else _in_functions(tree))
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(tree):
        if id(node) in skipped:
            continue
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.split(".")[0] == "normcorpus")
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                module = ".".join([*base, *([node.module] if node.module else [])])
            else:
                module = node.module or ""
            if module.split(".")[0] != "normcorpus":
                continue
            for alias in node.names:  # `from . import text`: the submodule itself
                sub = f"{module}.{alias.name}"
                found.add(sub if sub in MODULES else module)
    found.discard(name)
    return {m for m in found if m in MODULES}


def test_the_reader_sees_imports_of_every_kind() -> None:
    # (a test of the test: relative, lazy and submodule imports are all read)
    assert "normcorpus.check.text" in imports_of("normcorpus.check.numbers")  # from . import
    assert "normcorpus.models" in imports_of("normcorpus.check.model")  # from ..models
    assert "normcorpus.check.numbers" in imports_of("normcorpus.parallel", lazy=True)
    assert "normcorpus.check.numbers" not in imports_of("normcorpus.parallel")  # lazy
    assert "normcorpus.align" not in imports_of("normcorpus.check.model")  # TYPE_CHECKING only


def test_the_import_graph_has_no_cycle() -> None:
    graph = {name: imports_of(name) for name in MODULES}
    try:
        TopologicalSorter(graph).prepare()
    except CycleError as error:
        pytest.fail(f"import cycle: {' -> '.join(error.args[1])}")


def test_the_speed_wing_imports_only_itself() -> None:
    for name in MODULES:
        if name.startswith("normcorpus.accel"):
            outside = {m for m in imports_of(name) if not m.startswith("normcorpus.accel")}
            assert not outside, f"{name} imports {sorted(outside)}"
