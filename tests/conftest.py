"""Shared fixtures: the real corpus ingested once per session, a small glossary,
a factory for throw-away corpora, and golden files (`pytest --update-golden`).

Paths are absolute (from this file), so the tests do not depend on the working
directory, and nothing is ever written into the repository's `.normcorpus/`.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import unicodedata
from collections.abc import Callable, Mapping
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

from normcorpus.glossary import load_glossary
from normcorpus.models import ClauseRecord, Glossary

# On a loaded machine (CI's two cores, helpers' parallel runs) generating inputs
# or running one example is slow; that is no defect of the code under test, and a
# health check or deadline failing on it is a flaky test. Tests that set their own
# `suppress_health_check` list it too.
settings.register_profile("normcorpus", suppress_health_check=[HealthCheck.too_slow], deadline=None)
settings.load_profile("normcorpus")

# JSON values for the JSON readers and writers (accel/jsonread, jsonline).
# Any code point, lone surrogates and the C0 controls included.
ANY_TEXT = st.text(st.characters(min_codepoint=0, max_codepoint=0x10FFFF), max_size=30)
VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(2**70), 2**70)
    | st.floats(allow_nan=True, allow_infinity=True)
    | ANY_TEXT,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(ANY_TEXT, inner, max_size=4),
    max_leaves=12,
)

REPO_ROOT = Path(__file__).resolve().parent.parent
CORPUS_DIR = REPO_ROOT / "corpus"
GLOSSARY_PATH = REPO_ROOT / "glossary.yaml"
TEST_DATA = Path(__file__).resolve().parent / "data"
GOLDEN_DIR = TEST_DATA / "golden"
SMALL_GLOSSARY = TEST_DATA / "small-glossary.yaml"
LEGAL_TEXT = TEST_DATA / "legal" / "luat-mau.txt"

# The real third-party texts (never copied into the repository): `shared/realtexts`
# beside the repository (or beside the folder of its git worktrees), or where
# NORMCORPUS_REALTEXTS says. Tests that read them skip cleanly without them.
REALTEXTS = next(
    (
        path
        for path in (
            Path(os.environ.get("NORMCORPUS_REALTEXTS", REPO_ROOT / "no-realtexts")),
            REPO_ROOT.parent / "shared" / "realtexts",
            REPO_ROOT.parent.parent / "shared" / "realtexts",
        )
        if path.is_dir()
    ),
    None,
)

# The two statements of the corpus (document ids).
STATEMENTS = ("asean-2018-cybersecurity", "vn-ru-2017-infosec")

# Two tiny statements for tmp corpora: the first line of each is the headline
# (chrome rules: `title_line: first`). With the small glossary they hold an
# exact, a variant, two fuzzy matches and an abbreviation.
SAMPLES: dict[str, str] = {
    "alpha.txt": (
        "Tuyên bố mẫu thứ nhất\n"
        "Hai Bên thúc đẩy hợp tác an ninh mạng; các nước cùng chống các mối đe dọa.\n"
        "Liên Hợp Quốc giữ vai trò trung tâm trong các thảo luận quốc tế.\n"
    ),
    "beta.txt": (
        "Tuyên bố mẫu thứ hai\n"
        "ASEAN nhận thấy an ninh mạng là một vấn đề xuyên xuyết cần hơp tác.\n"
    ),
}

_rewritten: list[Path] = []
_TONES = "\u0300\u0301\u0303\u0309\u0323"


def cp1258_bytes(text: str) -> bytes:
    """Encode as Windows-1258 does: base letters precomposed, tone marks combining."""
    out = []
    for char in unicodedata.normalize("NFC", text):
        parts = unicodedata.normalize("NFD", char)
        base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in _TONES))
        out.append(base + "".join(c for c in parts if c in _TONES))
    return "".join(out).encode("cp1258")


@pytest.fixture(scope="session")
def cp1258() -> Callable[[str], bytes]:
    """`cp1258(text)`: the bytes a Windows-1258 (legacy Vietnamese) editor writes."""
    return cp1258_bytes


# --- options and golden files ---------------------------------------------


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        default=False,
        help="Rewrite golden files under tests/data/golden/ instead of comparing with them.",
    )


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    # Rewriting golden files is never silent: every rewritten file is listed.
    if _rewritten:
        terminalreporter.section("golden files rewritten (--update-golden)")
        for path in _rewritten:
            terminalreporter.write_line(str(path.relative_to(REPO_ROOT)))


class Golden:
    """Compares text with a file in tests/data/golden/, or rewrites it on request."""

    def __init__(self, update: bool):
        self.update = update

    def check(self, name: str, actual: str) -> None:
        path = GOLDEN_DIR / name
        if self.update:
            path.parent.mkdir(parents=True, exist_ok=True)
            if not path.exists() or path.read_text(encoding="utf-8") != actual:
                path.write_text(actual, encoding="utf-8")
                _rewritten.append(path)
            return
        if not path.exists():
            pytest.fail(f"golden file {path} is missing; run `pytest --update-golden` to create it")
        expected = path.read_text(encoding="utf-8")
        assert actual == expected, f"differs from golden file {path} (see `pytest --update-golden`)"


@pytest.fixture
def golden(request: pytest.FixtureRequest) -> Golden:
    """`golden.check(name, text)`: compare with tests/data/golden/<name>."""
    return Golden(bool(request.config.getoption("--update-golden")))


# --- glossaries --------------------------------------------------------------


@pytest.fixture(scope="session")
def small_glossary_path() -> Path:
    """tests/data/small-glossary.yaml: a stable glossary for unit tests."""
    return SMALL_GLOSSARY


@pytest.fixture(scope="session")
def small_glossary(small_glossary_path: Path) -> Glossary:
    return load_glossary(small_glossary_path)


@pytest.fixture(scope="session")
def real_glossary() -> Glossary:
    """The project's glossary.yaml (curated separately; may grow)."""
    return load_glossary(GLOSSARY_PATH)


# --- the real corpus, ingested once -----------------------------------------


@pytest.fixture(scope="session")
def corpus_data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A data directory holding the real corpus (corpus/*.txt) ingested with the
    real glossary.yaml, once per test session. Read-only: tests that write must
    make their own data directory (copy this one, or use `tmp_corpus`).
    """
    from normcorpus.ingest import ingest

    data_dir = tmp_path_factory.mktemp("corpus-data")
    report = ingest([CORPUS_DIR], data_dir=data_dir, glossary=GLOSSARY_PATH, jobs=1)
    assert report.ok, report.errors
    assert set(STATEMENTS) <= set(report.processed)
    return data_dir


@pytest.fixture(scope="session")
def corpus_records(corpus_data_dir: Path) -> dict[str, list[ClauseRecord]]:
    """The records of `corpus_data_dir`, by document id, as read from the JSONL files."""
    out: dict[str, list[ClauseRecord]] = {}
    for doc in STATEMENTS:
        path = corpus_data_dir / "records" / f"{doc}.jsonl"
        lines = path.read_text(encoding="utf-8").splitlines()
        out[doc] = [ClauseRecord.from_dict(json.loads(line)) for line in lines]
    return out


@pytest.fixture
def corpus_store(corpus_data_dir: Path):
    """A read-only Store on `corpus_data_dir`, closed after the test."""
    from normcorpus.store import Store

    with Store.open(corpus_data_dir) as store:
        yield store


# --- throw-away corpora -------------------------------------------------------


class CorpusFactory:
    """`tmp_corpus(files, statements=...)` -> a new corpus directory in tmp_path.

    `files` maps file names to text (written as UTF-8) or bytes (as they are);
    without `files`, the two SAMPLES statements are written. `statements` names
    real statements (document ids) to copy in with their metadata.
    """

    samples = SAMPLES

    def __init__(self, tmp_path: Path):
        self._tmp_path = tmp_path
        self._count = 0

    def __call__(
        self,
        files: Mapping[str, str | bytes] | None = None,
        *,
        statements: tuple[str, ...] = (),
    ) -> Path:
        self._count += 1
        root = self._tmp_path / f"corpus{self._count}"
        root.mkdir()
        for name, content in (SAMPLES if files is None else files).items():
            path = root / name
            path.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(content, bytes):
                path.write_bytes(content)
            else:
                path.write_text(content, encoding="utf-8")
        for doc in statements:
            for suffix in (".txt", ".meta.yaml"):
                shutil.copyfile(CORPUS_DIR / f"{doc}{suffix}", root / f"{doc}{suffix}")
        return root


@pytest.fixture
def tmp_corpus(tmp_path: Path) -> CorpusFactory:
    """A factory for small corpora in tmp_path (see CorpusFactory)."""
    return CorpusFactory(tmp_path)


def _rows(connection: sqlite3.Connection, table: str) -> list[tuple[object, ...]]:
    try:
        cursor = connection.execute(f'SELECT rowid, * FROM "{table}"')
    except sqlite3.OperationalError:  # WITHOUT ROWID tables (FTS5 shadow tables among them)
        cursor = connection.execute(f'SELECT * FROM "{table}"')
    return sorted(cursor.fetchall(), key=repr)


@pytest.fixture
def snapshot() -> Callable[[Path], dict[str, object]]:
    """`snapshot(data_dir)`: record file bytes and every index table's rows, to
    compare a data directory before and after a run."""

    def take(data_dir: Path) -> dict[str, object]:
        files = {
            p.relative_to(data_dir).as_posix(): p.read_bytes()
            for p in sorted((data_dir / "records").iterdir())
        }
        connection = sqlite3.connect(data_dir / "index.sqlite")
        try:
            tables = [
                name
                # Virtual tables are compared through their shadow tables
                # (a contentless FTS5 table cannot be scanned).
                for (name,) in connection.execute(
                    "SELECT name FROM sqlite_master WHERE type = 'table'"
                    " AND sql NOT LIKE 'CREATE VIRTUAL TABLE%' ORDER BY name"
                )
            ]
            rows = {table: _rows(connection, table) for table in tables}
        finally:
            connection.close()
        return {"files": files, "rows": rows}

    return take


@pytest.fixture
def content_snapshot(snapshot) -> Callable[[Path], dict[str, object]]:  # type: ignore[no-untyped-def]
    """`snapshot` with each FTS5 index as what it holds (term, rowid, column,
    offset), not its pages: those depend on when FTS5 flushed (the order rows
    came in, savepoints), which two runs that store the same need not share."""

    def take(data_dir: Path) -> dict[str, object]:
        shot = snapshot(data_dir)
        rows = shot["rows"]
        connection = sqlite3.connect(data_dir / "index.sqlite")
        try:
            for (name,) in connection.execute(
                "SELECT name FROM sqlite_master WHERE sql LIKE 'CREATE VIRTUAL TABLE%fts5(%'"
            ).fetchall():
                for shadow in ("data", "idx"):
                    rows.pop(f"{name}_{shadow}", None)  # type: ignore[union-attr]
                connection.execute(
                    "CREATE VIRTUAL TABLE temp.postings USING"
                    f" fts5vocab(main, '{name}', 'instance')"
                )
                rows[f"{name} postings"] = connection.execute(  # type: ignore[index]
                    "SELECT * FROM temp.postings ORDER BY 1, 2, 3, 4"
                ).fetchall()
                connection.execute("DROP TABLE temp.postings")
        finally:
            connection.close()
        return shot

    return take


@pytest.fixture
def cli_runner():  # type: ignore[no-untyped-def]
    """A CliRunner that keeps stderr apart from stdout (whatever click's version)."""
    from typer.testing import CliRunner

    try:
        return CliRunner(mix_stderr=False)  # type: ignore[call-arg]
    except TypeError:  # click >= 8.2 keeps stderr apart already
        return CliRunner()


@pytest.fixture(autouse=True, scope="session")
def _glossary_cache_dir(tmp_path_factory: pytest.TempPathFactory) -> None:
    """Large glossaries are cached in the user's cache directory: never the
    real one from the suite (subprocesses inherit the variable)."""
    os.environ["NORMCORPUS_CACHE_DIR"] = str(tmp_path_factory.mktemp("glossary-cache"))
