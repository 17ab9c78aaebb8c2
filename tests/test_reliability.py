"""Reliability of the store under kills, concurrent readers and concurrent ingests (issue 18).

Real processes: `normcorpus ingest` runs as a subprocess and is SIGKILLed at
random moments and exactly at the commit boundary (between the index's commit
and the record files' renames); searches run while an ingest holds its write
transaction open; two ingests start together. After every kill, once the next
writer has started, the index and the record files describe the same state.
"""

from __future__ import annotations

import hashlib
import json
import os
import random
import signal
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import pytest

from normcorpus.filters import Filters
from normcorpus.search import Corpus
from normcorpus.store import Store, record_line

ROOT = Path(__file__).resolve().parent.parent
GLOSSARY = ROOT / "glossary.yaml"
CORPUS = ROOT / "corpus"
SRC = str(ROOT / "src")


def _corpus(root: Path, copies: int, *, edit: str = "") -> Path:
    """The corpus' statements, `copies` times under other ids (more work for a
    kill to land in), with `edit` appended to each text."""
    root.mkdir(parents=True, exist_ok=True)
    for source in sorted(CORPUS.glob("*.txt")):
        for copy in range(copies):
            stem = f"{source.stem}-{copy}"
            (root / f"{stem}.txt").write_text(
                source.read_text(encoding="utf-8") + edit, encoding="utf-8"
            )
            meta = source.with_name(source.stem + ".meta.yaml")
            if meta.exists():
                (root / f"{stem}.meta.yaml").write_bytes(meta.read_bytes())
    return root


def _ingest_command(corpus: Path, data_dir: Path, *extra: str) -> list[str]:
    return [
        sys.executable,
        "-m",
        "normcorpus",
        "ingest",
        str(corpus),
        "--data-dir",
        str(data_dir),
        "--glossary",
        str(GLOSSARY),
        *extra,
    ]


def _env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": SRC}


def _recover(data_dir: Path) -> None:
    """What the next writer does first: finish a committed batch, drop dead temps."""
    with Store.open(data_dir, create=True) as opened, opened.writer():
        pass


def assert_in_step(data_dir: Path) -> None:
    """The index and the record files describe the same documents and records."""
    records = data_dir / "records"
    with Store.open(data_dir, create=True) as opened:
        assert opened.pending_files() == []
        documents = {info.id: info for info in opened.documents()}
        files = {p.stem: p for p in records.glob("*.jsonl")}
        assert set(files) == set(documents)
        for doc, path in files.items():
            payload = path.read_bytes()
            assert hashlib.sha256(payload).hexdigest() == documents[doc].records_sha256
            lines = "".join(record_line(r) + "\n" for r in opened.records(doc))
            assert payload == lines.encode("utf-8")
        for table in ("clause_fts", "english_fts"):
            opened.connection.execute(f"INSERT INTO {table} ({table}) VALUES ('integrity-check')")
    assert list(records.glob(".*.tmp")) == []


def _living_in_session(session: int) -> list[str]:
    """Processes of a session still running (not zombies), after a moment to die."""
    for _ in range(30):
        listed = subprocess.run(
            ["ps", "-o", "pid=,stat=", "-s", str(session)],
            capture_output=True,
            text=True,
            check=False,
        ).stdout.split("\n")
        living = [line for line in listed if line.split() and not line.split()[1].startswith("Z")]
        if not living:
            return []
        time.sleep(0.1)
    return living


def _state(data_dir: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted((data_dir / "records").glob("*.jsonl"))}


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """A first corpus ingested, and an edited one whose ingest the tests kill."""
    root = tmp_path_factory.mktemp("reliability")
    first = _corpus(root / "first", 3)
    edited = _corpus(root / "edited", 3, edit="Hai Bên nhất trí tăng cường hợp tác.\n")
    base = root / "base"
    done = subprocess.run(
        _ingest_command(first, base, "--jobs", "1"), env=_env(), capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    fresh = root / "fresh"
    done = subprocess.run(
        _ingest_command(edited, fresh, "--jobs", "1"), env=_env(), capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    return {"root": root, "first": first, "edited": edited, "base": base, "fresh": fresh}


def _copy(source: Path, target: Path) -> Path:
    import shutil

    shutil.copytree(source, target)
    return target


# --- kills ----------------------------------------------------------------------


@pytest.mark.parametrize("seed", range(6))
def test_a_kill_at_a_random_moment_leaves_index_and_records_in_step(
    runs: dict[str, Path], tmp_path: Path, seed: int
) -> None:
    data_dir = _copy(runs["base"], tmp_path / "data")
    before = _state(data_dir)
    jobs = "2" if seed % 2 else "1"
    process = subprocess.Popen(
        _ingest_command(runs["edited"], data_dir, "--jobs", jobs),
        env=_env(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    time.sleep(random.Random(seed).uniform(0.3, 4.0))
    process.send_signal(signal.SIGKILL)
    process.wait()
    # Workers die with their parent (PR_SET_PDEATHSIG), at once, saying nothing.
    assert _living_in_session(process.pid) == [], "workers outlived their parent"
    assert process.stderr is not None
    assert "Traceback" not in process.stderr.read().decode("utf-8", "replace")
    _recover(data_dir)
    assert_in_step(data_dir)
    after = _state(data_dir)
    assert after in (before, _state(runs["fresh"]))  # the old state or the new one, whole


KILL_AT_COMMIT = textwrap.dedent(
    """
    import os, signal, sys
    from normcorpus.store import writer

    def killed(temp, final):  # the index has committed; no file has moved yet
        os.kill(os.getpid(), signal.SIGKILL)

    writer._move = killed
    from normcorpus.cli import main
    sys.argv = ["normcorpus", *sys.argv[1:]]
    main()
    """
)


def test_a_kill_at_the_commit_boundary_is_rolled_forward(
    runs: dict[str, Path], tmp_path: Path
) -> None:
    data_dir = _copy(runs["base"], tmp_path / "data")
    before = _state(data_dir)
    done = subprocess.run(
        [sys.executable, "-c", KILL_AT_COMMIT, *_ingest_command(runs["edited"], data_dir)[3:]],
        env=_env(),
        capture_output=True,
        text=True,
    )
    assert done.returncode == -signal.SIGKILL, done.stderr
    # Killed between the two: the index is new, the files are still the old ones,
    # and the index says which renames are left.
    with Store.open(data_dir) as opened:
        assert opened.pending_files()
    assert _state(data_dir) == before
    # Readers answer from the index, which is whole, meanwhile.
    with Corpus.open(data_dir) as corpus:
        assert corpus.search("hợp tác", Filters(side="vi")).hits
    _recover(data_dir)
    assert_in_step(data_dir)
    assert _state(data_dir) == _state(runs["fresh"])


def test_temporary_files_of_a_dead_run_are_removed_by_the_next(
    runs: dict[str, Path], tmp_path: Path
) -> None:
    data_dir = _copy(runs["base"], tmp_path / "data")
    dead = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True
    )
    pid = int(dead.stdout)  # a process that has ended
    stale = data_dir / "records" / f".x.jsonl.{pid}.0.tmp"
    stale.write_bytes(b"half a record")
    mine = data_dir / "records" / f".y.jsonl.{os.getppid()}.0.tmp"  # a live process's
    mine.write_bytes(b"in progress")
    _recover(data_dir)
    assert not stale.exists()
    assert mine.exists()
    mine.unlink()


# --- readers during an ingest ------------------------------------------------------

HOLD_WRITE = textwrap.dedent(
    """
    import sys, time
    from normcorpus.store import Store
    from normcorpus.ingest import aligned_records
    from normcorpus.glossary import load_glossary
    from normcorpus import read

    data_dir, corpus, glossary = sys.argv[1:4]
    records = list(aligned_records([corpus], load_glossary(glossary)))
    by_doc = {}
    for record in records:
        by_doc.setdefault(record.doc, []).append(record)
    with Store.open(data_dir, create=True) as store, store.writer() as writer:
        for path in read.discover([corpus]):
            document = read.read_document(path)
            writer.put_document(
                document, by_doc[document.id], segment_digest="s", glossary_digest="g"
            )
        print("writing", flush=True)
        sys.stdin.readline()  # hold the transaction open until told
    print("committed", flush=True)
    """
)


def test_searches_during_an_ingest_answer_from_the_last_commit(
    runs: dict[str, Path], tmp_path: Path
) -> None:
    data_dir = _copy(runs["base"], tmp_path / "data")
    with Corpus.open(data_dir) as corpus:
        old = corpus.count("hợp tác", Filters(side="vi"))
    writer = subprocess.Popen(
        [sys.executable, "-c", HOLD_WRITE, str(data_dir), str(runs["edited"]), str(GLOSSARY)],
        env=_env(),
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert writer.stdout is not None and writer.stdin is not None
        assert writer.stdout.readline().strip() == "writing", writer.stderr
        errors: list[BaseException] = []
        counts: list[int] = []

        def reader() -> None:
            try:
                with Corpus.open(data_dir, glossary=GLOSSARY) as corpus:
                    for _ in range(5):
                        counts.append(corpus.count("hợp tác", Filters(side="vi")))
                        assert corpus.search("an ninh mạng").hits
                        assert corpus.kwic("an ninh")
            except BaseException as exc:  # any failure counts
                errors.append(exc)

        threads = [threading.Thread(target=reader) for _ in range(20)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert errors == []
        assert counts == [old] * 100  # the state before the ingest, every time
        writer.stdin.write("\n")
        writer.stdin.flush()
        assert writer.stdout.readline().strip() == "committed"
    finally:
        writer.kill()
        writer.wait()
    with Corpus.open(data_dir) as corpus:
        assert corpus.count("hợp tác", Filters(side="vi")) > old


def test_searches_while_a_real_ingest_runs_never_fail(
    runs: dict[str, Path], tmp_path: Path
) -> None:
    data_dir = _copy(runs["base"], tmp_path / "data")
    process = subprocess.Popen(
        _ingest_command(runs["edited"], data_dir, "--jobs", "2"),
        env=_env(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    seen: set[int] = set()
    with Corpus.open(data_dir) as corpus:
        while process.poll() is None:
            seen.add(corpus.count("hợp tác", Filters(side="vi")))
            # One search reads one state, even when the ingest commits within it.
            result = corpus.search("hợp tác", Filters(side="vi"), limit=50, total=True)
            assert result.hits and result.total is not None
            assert result.total >= len(result.hits) == min(50, result.total)
            time.sleep(0.01)
    assert process.returncode == 0, process.stderr.read() if process.stderr else ""
    with Corpus.open(data_dir) as corpus:
        new = corpus.count("hợp tác", Filters(side="vi"))
    assert seen <= {new, min(seen)} and len(seen) <= 2  # the old state, then the new


# --- two ingests ------------------------------------------------------------------

HOLD_LOCK = textwrap.dedent(
    """
    import sys
    from normcorpus.store.lock import ingest_lock

    with ingest_lock(sys.argv[1]):
        print("locked", flush=True)
        sys.stdin.readline()
    """
)


def test_a_second_ingest_waits_or_names_the_first(runs: dict[str, Path], tmp_path: Path) -> None:
    data_dir = _copy(runs["base"], tmp_path / "data")
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD_LOCK, str(data_dir)],
        env=_env(),
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdin is not None
        assert holder.stdout.readline().strip() == "locked"
        refused = subprocess.run(
            _ingest_command(runs["edited"], data_dir, "--no-wait"),
            env=_env(),
            capture_output=True,
            text=True,
        )
        assert refused.returncode == 2
        assert refused.stderr.strip().splitlines() == [
            f"normcorpus: error: another ingest (pid {holder.pid}) is running in {data_dir}/;"
            " run again when it has finished, or without --no-wait to wait for it"
        ]
        waiting = subprocess.Popen(
            _ingest_command(runs["edited"], data_dir, "--jobs", "1", "-f", "json"),
            env=_env(),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        assert waiting.stderr is not None
        first = waiting.stderr.readline()  # blocks until it says it waits
        assert first.startswith(f"normcorpus: waiting for another ingest (pid {holder.pid})")
        assert waiting.poll() is None  # and it does wait
        holder.stdin.write("\n")
        holder.stdin.flush()
        out, err = waiting.communicate(timeout=300)
        assert waiting.returncode == 0, err
        assert json.loads(out)["processed"]
    finally:
        holder.kill()
        holder.wait()
    assert_in_step(data_dir)


def test_two_ingests_at_once_both_finish_in_step(runs: dict[str, Path], tmp_path: Path) -> None:
    data_dir = _copy(runs["base"], tmp_path / "data")
    processes = [
        subprocess.Popen(
            _ingest_command(runs["edited"], data_dir, "--jobs", "1"),
            env=_env(),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(2)
    ]
    for process in processes:
        _, err = process.communicate(timeout=300)
        assert process.returncode == 0, err
        assert "Traceback" not in err
    assert_in_step(data_dir)
    assert _state(data_dir) == _state(runs["fresh"])


# --- Ctrl-C -------------------------------------------------------------------------


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_ctrl_c_is_one_line_and_exit_130(runs: dict[str, Path], tmp_path: Path, jobs: str) -> None:
    data_dir = _copy(runs["base"], tmp_path / "data")
    before = _state(data_dir)
    process = subprocess.Popen(
        _ingest_command(runs["edited"], data_dir, "--jobs", jobs),
        env=_env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    # Wait until the run is under way (its lock file names it), then Ctrl-C the
    # whole process group, as a terminal does.
    lock = data_dir / ".ingest.lock"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and lock.read_text() != f"{process.pid}\n":
        time.sleep(0.05)
    time.sleep(0.5)
    os.killpg(process.pid, signal.SIGINT)
    out, err = process.communicate(timeout=120)
    assert process.returncode == 130, err
    assert err.splitlines() == ["normcorpus: interrupted; nothing was changed"]
    assert out == ""
    assert _living_in_session(process.pid) == []
    assert _state(data_dir) == before
    assert_in_step(data_dir)


# --- one bad file in a batch ------------------------------------------------------

FAIL_AT = 3  # the bad document's clause on which the aligner fails (it has 4)


def _three_statements(root: Path, *, edit: str = "", edit_b: str = "") -> Path:
    """Three statements a, b, c of three long paragraphs each (from the corpus)."""
    root.mkdir(parents=True, exist_ok=True)
    source = (CORPUS / "vn-ru-2017-infosec.txt").read_text(encoding="utf-8")
    paragraphs = [p for p in source.splitlines() if len(p) > 80]
    for i, name in enumerate("abc"):
        text = "\n".join(paragraphs[3 * i : 3 * i + 3]) + "\n" + (edit_b if name == "b" else edit)
        (root / f"{name}.txt").write_text(text, encoding="utf-8")
    return root


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_document_failing_half_way_is_reported_and_the_others_committed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cli_runner, content_snapshot, jobs: str
) -> None:
    """The aligner fails on the bad document's 3rd clause, after two chunks of its
    records were written: that file is one error line, the others are committed,
    its previous version stays, and index and records are what they would be had
    the bad file not changed at all."""
    import shutil

    from normcorpus import align as aligner
    from normcorpus import ingest as pipeline
    from normcorpus.cli import app
    from normcorpus.errors import NormcorpusError

    def ingest(corpus: Path, data_dir: Path) -> object:
        arguments = ["ingest", str(corpus), "--data-dir", str(data_dir)]
        return cli_runner.invoke(app, [*arguments, "--glossary", str(GLOSSARY), "--jobs", jobs])

    edit = "Hai Bên nhất trí tăng cường hợp tác.\n"
    corpus = _three_statements(tmp_path / "corpus")
    data_dir = tmp_path / "data"
    assert ingest(corpus, data_dir).exit_code == 0
    # What the failed run must leave: a and c new, b as it was.
    _three_statements(corpus, edit=edit)
    control = _copy(data_dir, tmp_path / "control")
    assert ingest(corpus, control).exit_code == 0

    _three_statements(corpus, edit=edit, edit_b="Hai Bên ký thỏa thuận.\n")
    real = aligner.align_clause
    seen = []

    def failing(clause, *args, **kwargs):  # type: ignore[no-untyped-def]
        if clause.doc == "b":
            seen.append(clause.id)
            if len(seen) == FAIL_AT:
                raise NormcorpusError("the aligner failed (on purpose)")
        return real(clause, *args, **kwargs)

    monkeypatch.setattr(aligner, "align_clause", failing)
    monkeypatch.setattr(pipeline, "_CHUNK", 1)
    result = ingest(corpus, data_dir)

    assert result.exit_code == 2, result.output
    errors = [line for line in result.stderr.splitlines() if line.startswith("normcorpus: error:")]
    assert errors == [f"normcorpus: error: {corpus / 'b.txt'}: the aligner failed (on purpose)"]
    assert "Traceback" not in result.stderr
    assert "  processed\t2\n" in result.stdout  # the report counts the others
    assert_in_step(data_dir)
    # The same content; FTS5's pages may differ, the failed document's savepoint
    # having moved when FTS5 flushed.
    assert content_snapshot(data_dir) == content_snapshot(control)
    records = (data_dir / "records" / "a.jsonl").read_text(encoding="utf-8")
    assert "tăng cường hợp tác" in records.splitlines()[-1]
    shutil.rmtree(control)


# --- Ctrl-C at start-up -----------------------------------------------------------

# Runs the command as its console script does, after a finder that sends the
# process a real SIGINT when the given module is first imported: the signal
# lands at a known moment of start-up, however loaded the machine is.
_SIGINT_ON_IMPORT = """
import os, signal, sys

class SigintOnImport:
    def find_spec(self, name, path=None, target=None):
        if name == MODULE:
            sys.meta_path.remove(self)
            os.kill(os.getpid(), signal.SIGINT)
        return None

MODULE = sys.argv.pop(1)
sys.meta_path.insert(0, SigintOnImport())
from normcorpus.__main__ import main
main()
"""


@pytest.mark.parametrize(
    ("module", "command", "expected"),
    [
        # imports of the CLI itself, before its top group runs
        ("normcorpus.cli", ["glossary", "validate", str(GLOSSARY)], "interrupted"),
        ("typer", ["glossary", "validate", str(GLOSSARY)], "interrupted"),
        # the command's module, imported when the running top group looks the command up
        ("normcorpus.cli.glossary", ["glossary", "validate", str(GLOSSARY)], "interrupted"),
        ("normcorpus.cli.search", ["search", "x", "--data-dir", "DATA"], "interrupted"),
        # a command's own imports, and the glossary's loading
        ("normcorpus.validate", ["glossary", "validate", str(GLOSSARY)], "interrupted"),
        ("normcorpus.safeyaml", ["glossary", "validate", str(GLOSSARY)], "interrupted"),
        ("normcorpus.search", ["search", "an ninh", "--data-dir", "DATA"], "interrupted"),
        # ingest: the glossary, then the segmenter, inside the ingest lock
        ("normcorpus.safeyaml", ["ingest", str(CORPUS), "--data-dir", "DATA"], "interrupted"),
        (
            "underthesea.models.fast_crf_sequence_tagger",
            ["ingest", str(CORPUS), "--data-dir", "DATA", "--jobs", "1"],
            "interrupted; nothing was changed",
        ),
    ],
)
def test_ctrl_c_at_start_up_is_one_line_and_exit_130(
    tmp_path: Path, module: str, command: list[str], expected: str
) -> None:
    command = [str(tmp_path / "data") if part == "DATA" else part for part in command]
    result = subprocess.run(
        [sys.executable, "-c", _SIGINT_ON_IMPORT, module, *command],
        env=_env(),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert (result.returncode, result.stderr) == (130, f"normcorpus: {expected}\n")
    assert result.stdout == ""
    assert list(tmp_path.glob("data/records/*")) == []  # nothing written


ENTRY = "from normcorpus.__main__ import main; main()"  # what the console script runs


def test_ctrl_c_at_moments_of_start_up_never_gives_a_traceback() -> None:
    """Real Ctrl-Cs at several moments after the entry point has started (seen
    in `-X importtime`'s lines: Python's own first milliseconds are Python's,
    and on a loaded machine they last long): each run is interrupted with one
    line and 130, or done."""
    outcomes = set()
    for delay in (0.0, 0.02, 0.05, 0.1, 0.2, 0.4, 0.8):
        process = subprocess.Popen(
            [
                sys.executable,
                "-X",
                "importtime",
                "-c",
                ENTRY,
                "glossary",
                "validate",
                str(GLOSSARY),
            ],
            env=_env(),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        assert process.stderr is not None
        lines: list[str] = []
        started = threading.Event()

        def drain(stream=process.stderr, lines=lines, started=started) -> None:  # type: ignore[no-untyped-def]
            for line in stream:
                lines.append(line)
                if line.rstrip().endswith("| normcorpus.__main__"):
                    started.set()
            started.set()

        reader = threading.Thread(target=drain)
        reader.start()
        assert started.wait(120)
        time.sleep(delay)
        process.send_signal(signal.SIGINT)
        process.wait(timeout=120)
        reader.join()
        everything = "".join(lines)
        assert "Traceback" not in everything, (delay, everything)
        if process.returncode == 130:
            # The line is written at once (os.write) and may land inside an
            # import-time line Python had not finished writing: take it out whole.
            assert everything.count("normcorpus: interrupted\n") == 1, everything
            rest = everything.replace("normcorpus: interrupted\n", "").splitlines()
            assert all(line.startswith("import time:") for line in rest), everything
            outcomes.add(process.returncode)
            continue
        # Done before the signal came, or just at its end.
        err = "".join(line for line in lines if not line.startswith("import time:"))
        assert process.returncode in (0, -signal.SIGINT), err
        assert err.startswith("normcorpus: glossary: 0 errors"), (delay, err)
        outcomes.add(process.returncode)
    assert 130 in outcomes
