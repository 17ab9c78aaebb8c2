"""cli/corpus.py (ingest, show, stats) through typer's CliRunner, and stats.py.

Exit codes: 0 clean, 2 usage or input error. stdout carries data, stderr
messages (one line each). Every test passes --data-dir or NORMCORPUS_DATA_DIR,
or runs in a tmp working directory, so the repository's .normcorpus/ is never
touched.
"""

from __future__ import annotations

import inspect
import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from normcorpus.cli import app
from normcorpus.ingest import ingest as library_ingest
from normcorpus.stats import corpus_stats
from normcorpus.store import Store

ROOT = Path(__file__).resolve().parent.parent
STATEMENTS = ("asean-2018-cybersecurity", "vn-ru-2017-infosec")

# click < 8.2 mixes stderr into stdout unless told not to; 8.2+ always keeps
# result.stdout and result.stderr apart.
if "mix_stderr" in inspect.signature(CliRunner.__init__).parameters:
    runner = CliRunner(mix_stderr=False)
else:
    runner = CliRunner()


def run(*args: object, env: dict[str, str] | None = None):
    # Wide enough that rich tables do not truncate the values tested.
    return runner.invoke(app, [str(a) for a in args], env={"COLUMNS": "250", **(env or {})})


def error_lines(result) -> list[str]:
    return result.stderr.splitlines()


@pytest.fixture(autouse=True)
def _no_data_dir_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NORMCORPUS_DATA_DIR", raising=False)


# --- help --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("command", "purpose"),
    [
        ("ingest", "Read, segment and align statements"),
        ("show", "Show one clause"),
        ("stats", "Documents, clauses, words"),
    ],
)
def test_help(command: str, purpose: str) -> None:
    result = run(command, "--help")
    assert result.exit_code == 0, result.output
    assert purpose in result.stdout
    assert "--data-dir" in result.stdout
    # show and stats read what ingest aligned; only ingest reads a glossary.
    assert ("--glossary" in result.stdout) == (command == "ingest")
    assert "NORMCORPUS_DATA_DIR" in result.stdout


@pytest.mark.parametrize("command", [["show", "x:p01.s01.c01"], ["stats"]])
def test_show_and_stats_refuse_a_glossary_they_would_ignore(command: list[str]) -> None:
    result = run(*command, "--glossary", "glossary.yaml")
    assert result.exit_code == 2
    assert "no such option: --glossary" in result.stderr


def test_top_level_help_lists_the_commands() -> None:
    result = run("--help")
    assert result.exit_code == 0
    for command in ("ingest", "show", "stats"):
        assert command in result.stdout


# --- ingest ------------------------------------------------------------------


def test_ingest(tmp_path: Path, tmp_corpus, small_glossary_path: Path) -> None:
    data_dir = tmp_path / "data"
    result = run(
        "ingest", tmp_corpus(), "--data-dir", data_dir, "--glossary", small_glossary_path, "-j", "1"
    )
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    # piped: plain tab-separated rows, no rich table
    lines = result.stdout.splitlines()
    assert lines[0] == "measure\tcount"
    assert "documents in the index\t2" in lines
    assert "  processed\t2" in lines
    assert "terms: fuzzy\t2" in lines
    assert "┏" not in result.stdout
    assert sorted(p.name for p in (data_dir / "records").iterdir()) == ["alpha.jsonl", "beta.jsonl"]

    again = run("ingest", tmp_corpus(), "--data-dir", data_dir, "--glossary", small_glossary_path)
    assert again.exit_code == 0
    assert "  unchanged\t2" in again.stdout.splitlines()


def test_ingest_json_equals_the_library_report(
    tmp_path: Path, tmp_corpus, small_glossary_path: Path
) -> None:
    corpus = tmp_corpus()
    result = run(
        "ingest", corpus, "--data-dir", tmp_path / "a", "--glossary", small_glossary_path,
        "-f", "json", "-j", "1",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    report = library_ingest([corpus], data_dir=tmp_path / "b", glossary=small_glossary_path, jobs=1)
    assert json.loads(result.stdout) == report.to_dict()


def test_ingest_on_a_terminal_shows_progress_and_a_table(
    tmp_path: Path, tmp_corpus, small_glossary_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import normcorpus.output

    monkeypatch.setattr(normcorpus.output, "is_terminal", lambda stream=None: True)
    data_dir = tmp_path / "data"
    result = run(
        "ingest", tmp_corpus(), "--data-dir", data_dir, "--glossary", small_glossary_path, "-j", "1"
    )
    assert result.exit_code == 0, result.output
    assert "Ingested into" in result.stdout  # the table's title (wrapped to its width)
    assert "┏" in result.stdout and "processed" in result.stdout


def test_ingest_bad_files_exit_2_and_good_files_are_ingested(
    tmp_path: Path, tmp_corpus, small_glossary_path: Path
) -> None:
    files = dict(tmp_corpus.samples)
    files["hong.txt"] = b"Ti\xeau \xf0\xea\xcc\n"
    files["trong.txt"] = b""
    corpus = tmp_corpus(files)
    (corpus / "thu-muc.txt").mkdir()
    data_dir = tmp_path / "data"
    result = run(
        "ingest", corpus, tmp_path / "khong-co.txt", "--data-dir", data_dir,
        "--glossary", small_glossary_path, "-j", "1",
    )  # fmt: skip
    assert result.exit_code == 2
    lines = error_lines(result)
    assert len(lines) == 4
    assert all(line.startswith("normcorpus: error: ") for line in lines)
    assert any(f"{corpus / 'hong.txt'}: cannot decode as UTF-8 at byte 2" in line for line in lines)
    assert any(f"{corpus / 'trong.txt'}: empty file" in line for line in lines)
    assert any(f"{corpus / 'thu-muc.txt'}: is a directory" in line for line in lines)
    assert any(f"{tmp_path / 'khong-co.txt'}: no such file" in line for line in lines)
    # the summary still goes to stdout, and the good files are in the store
    assert "  processed\t2" in result.stdout.splitlines()
    with Store.open(data_dir) as opened:
        assert [d.id for d in opened.documents()] == ["alpha", "beta"]


def test_ingest_of_only_missing_paths_makes_no_store(
    tmp_path: Path, small_glossary_path: Path
) -> None:
    # a mistyped name leaves no empty index and no table of zeros behind
    data_dir = tmp_path / "data"
    result = run(
        "ingest", tmp_path / "khong-co.txt", "--data-dir", data_dir,
        "--glossary", small_glossary_path,
    )  # fmt: skip
    assert result.exit_code == 2
    assert error_lines(result) == [f"normcorpus: error: {tmp_path / 'khong-co.txt'}: no such file"]
    assert result.stdout == ""
    assert not data_dir.exists()


@pytest.mark.parametrize(
    ("setup", "message"),
    [
        ("empty-dir", "no statement files (*.txt) found"),
        ("yaml-error", "YAML error"),
        ("no-glossary", "glossary not found"),
        ("bad-format", "unknown format 'xml'"),
        ("bad-encoding", "unknown encoding 'no-such-codec'"),
    ],
)
def test_ingest_usage_and_input_errors(
    tmp_path: Path, tmp_corpus, small_glossary_path: Path, setup: str, message: str
) -> None:
    corpus = tmp_corpus()
    glossary = small_glossary_path
    extra: list[object] = []
    if setup == "empty-dir":
        corpus = tmp_path / "empty"
        corpus.mkdir()
    elif setup == "yaml-error":
        glossary = tmp_path / "bad.yaml"
        glossary.write_text("schema: normcorpus-glossary/1\nconcepts: [\n", encoding="utf-8")
    elif setup == "no-glossary":
        glossary = tmp_path / "missing.yaml"
    elif setup == "bad-format":
        extra = ["-f", "xml"]
    elif setup == "bad-encoding":
        extra = ["--encoding", "no-such-codec"]
    data_dir = tmp_path / "data"
    result = run(
        "ingest", corpus, "--data-dir", data_dir, "--glossary", glossary, "-j", "1", *extra
    )
    assert result.exit_code == 2
    assert result.stderr.startswith("normcorpus: error: ")
    assert message in result.stderr
    assert len(error_lines(result)) == 1
    if setup == "yaml-error":
        assert f"{glossary}:3:1: YAML error: " in result.stderr
    assert not data_dir.exists()  # nothing written


def test_ingest_encoding(tmp_path: Path, tmp_corpus, small_glossary_path: Path, cp1258) -> None:
    corpus = tmp_corpus({"cu.txt": cp1258("Tiêu đề\nHai Bên thúc đẩy hòa bình.\n")})
    args = ["ingest", corpus, "--glossary", small_glossary_path, "-j", "1"]
    # not UTF-8: the legacy encoding that reads as Vietnamese is chosen, and said
    result = run(*args, "--data-dir", tmp_path / "a")
    assert result.exit_code == 0, result.output
    assert f"normcorpus: note: {corpus / 'cu.txt'}: not UTF-8: read as Windows-1258" in (
        result.stderr
    )
    result = run(*args, "--data-dir", tmp_path / "b", "--encoding", "cp1258")
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    lines = (tmp_path / "b" / "records" / "cu.jsonl").read_text(encoding="utf-8").splitlines()
    assert [json.loads(line)["text"] for line in lines] == ["Tiêu đề", "Hai Bên thúc đẩy hòa bình."]
    # a given encoding that does not read as Vietnamese: a warning, or under --strict an error
    result = run(*args, "--data-dir", tmp_path / "c", "--encoding", "latin-1")
    assert result.exit_code == 0 and "normcorpus: warning: " in result.stderr
    assert "does not read as Vietnamese" in result.stderr
    result = run(*args, "--data-dir", tmp_path / "d", "--encoding", "latin-1", "--strict")
    assert result.exit_code == 2 and "normcorpus: error: " in result.stderr


def test_data_dir_from_the_environment(
    tmp_path: Path, tmp_corpus, small_glossary_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    corpus = tmp_corpus()
    env_dir = tmp_path / "from-env"
    args = ["ingest", corpus, "--glossary", small_glossary_path, "-j", "1"]
    result = run(*args, env={"NORMCORPUS_DATA_DIR": str(env_dir)})
    assert result.exit_code == 0, result.output
    assert (env_dir / "index.sqlite").exists()
    assert not (tmp_path / ".normcorpus").exists()
    # --data-dir wins over the environment
    option_dir = tmp_path / "from-option"
    result = run(*args, "--data-dir", option_dir, env={"NORMCORPUS_DATA_DIR": str(env_dir)})
    assert result.exit_code == 0
    assert (option_dir / "index.sqlite").exists()
    # and the other commands read it too
    result = run("stats", env={"NORMCORPUS_DATA_DIR": str(env_dir)})
    assert result.exit_code == 0, result.output
    assert "alpha" in result.stdout


def test_ingest_defaults(
    tmp_path: Path, small_glossary_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # corpus/, glossary.yaml and .normcorpus/ in the working directory; documents
    # no longer in corpus/ are removed from the store
    (tmp_path / "corpus").mkdir()
    for name, text in [
        ("alpha.txt", "Tiêu đề\nHợp tác an ninh mạng.\n"),
        ("beta.txt", "T\nMạng.\n"),
    ]:
        (tmp_path / "corpus" / name).write_text(text, encoding="utf-8")
    shutil.copyfile(small_glossary_path, tmp_path / "glossary.yaml")
    monkeypatch.chdir(tmp_path)
    result = run("ingest", "-j", "1")
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (tmp_path / ".normcorpus" / "records").iterdir()) == [
        "alpha.jsonl",
        "beta.jsonl",
    ]
    (tmp_path / "corpus" / "beta.txt").unlink()
    result = run("ingest", "-j", "1")
    assert result.exit_code == 0
    assert "  removed\t1" in result.stdout.splitlines()
    assert [p.name for p in (tmp_path / ".normcorpus" / "records").iterdir()] == ["alpha.jsonl"]


# --- show --------------------------------------------------------------------


def test_show(corpus_data_dir: Path) -> None:
    clause = "asean-2018-cybersecurity:p04.s01.c01"
    result = run("show", clause, "--data-dir", corpus_data_dir)
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    out = result.stdout
    assert out.startswith(f"{clause}  (asean-2018-cybersecurity, paragraph 4, sentence 1)")
    assert "vấn đề xuyên xuyết cần sự phối hợp" in out
    assert "paragraph: ASEAN nhận thấy an ninh mạng" in out
    for header in ("Vietnamese", "match", "score", "concept", "English"):
        assert header in out
    rows = [line for line in out.splitlines() if "xuyên xuyết" in line and "fuzzy" in line]
    assert len(rows) == 1 and "cross-cutting" in rows[0]
    assert any("mối de dọa" in line and "folded" in line for line in out.splitlines())


def test_show_structure(tmp_path: Path, small_glossary_path: Path) -> None:
    legal = ROOT / "tests" / "data" / "legal"
    assert (
        run("ingest", legal, "--data-dir", tmp_path, "--glossary", small_glossary_path).exit_code
        == 0
    )
    result = run("show", "luat-mau:p11.s01.c01", "--data-dir", tmp_path)
    assert result.exit_code == 0, result.output
    # (as search and the web cite it; it was `chapter I, section 1, article 2, clause 2, point b`)
    assert "structure: điểm b khoản 2 Điều 2 (Mục 1, Chương I)" in result.stdout
    # The short id a search prints under its document is enough where one document has it.
    short = run("show", "p11.s01.c01", "--data-dir", tmp_path)
    assert short.exit_code == 0, short.output
    assert short.stdout == result.stdout
    # A search on a terminal cites where each hit stands in the law.
    env = {"TTY_COMPATIBLE": "1", "COLUMNS": "80", "NO_COLOR": "1"}
    assert "b) Hợp tác phòng chống tội phạm mạng" in result.stdout
    hits = run("search", '"Hợp tác phòng chống"', "--data-dir", tmp_path, env=env)
    assert hits.exit_code == 0, hits.output
    assert "điểm b khoản 2 Điều 2" in hits.stdout


def test_show_a_short_id_of_several_documents_names_them(corpus_data_dir: Path) -> None:
    result = run("show", "p01.s01.c01", "--data-dir", corpus_data_dir)
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr.count("\n") == 1
    assert "'p01.s01.c01' is a clause of 2 documents (" in result.stderr
    assert (
        "asean-2018-cybersecurity:p01.s01.c01" in result.stderr and "give DOC:ID" in result.stderr
    )


def test_show_json(corpus_data_dir: Path, corpus_store: Store) -> None:
    clause = "vn-ru-2017-infosec:p01.s04.c02"
    result = run("show", clause, "--data-dir", corpus_data_dir, "-f", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    record = corpus_store.record(clause)
    assert record is not None
    assert data["record"] == record.to_dict()
    assert data["sentence"] == ["vn-ru-2017-infosec:p01.s04.c01", clause]
    assert data["paragraph"][0] == "vn-ru-2017-infosec:p01.s01.c01"
    assert data["paragraph"][-1] == "vn-ru-2017-infosec:p01.s06.c02"


def test_show_when_piped_is_plain_text(corpus_data_dir: Path) -> None:
    result = run("show", "asean-2018-cybersecurity:p04.s01.c01", "--data-dir", corpus_data_dir)
    out = result.stdout
    assert not set("┏┃━│└┡") & set(out) and "\x1b[" not in out
    assert "Vietnamese\tmatch\tscore\tconcept\tEnglish" in out.splitlines()
    assert "xuyên xuyết\tfuzzy\t0.76\tcross-cutting\tcross-cutting" in out.splitlines()


@pytest.mark.parametrize(("fmt", "delimiter"), [("csv", ","), ("tsv", "\t")])
def test_show_csv_and_tsv_are_one_flat_row(corpus_data_dir: Path, fmt: str, delimiter: str) -> None:
    import csv
    import io

    clause = "vn-ru-2017-infosec:p01.s04.c02"
    result = run("show", clause, "--data-dir", corpus_data_dir, "--format", fmt)
    assert result.exit_code == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(result.stdout), delimiter=delimiter))
    assert len(rows) == 1
    row = rows[0]
    assert list(row) == [
        "id",
        "doc",
        "article",
        "clause",
        "point",
        "text",
        "en",
        "concepts",
        "stale",
        "published",
        "published_by",
        "bead",
        "sentence",
        "paragraph",
    ]
    assert row["id"] == clause and row["doc"] == "vn-ru-2017-infosec"
    assert row["published"] == row["bead"] == ""  # no published English in this corpus
    assert row["en"] and row["stale"] == ""
    assert row["text"] in row["sentence"] and row["sentence"] in row["paragraph"]
    assert "[" not in row["concepts"] and row["concepts"].split(";")[0]


def test_show_jsonl_is_one_line_of_the_json(corpus_data_dir: Path) -> None:
    clause = "vn-ru-2017-infosec:p01.s04.c02"
    line = run("show", clause, "--data-dir", corpus_data_dir, "-f", "jsonl").stdout
    assert line.count("\n") == 1
    whole = run("show", clause, "--data-dir", corpus_data_dir, "-f", "json").stdout
    assert json.loads(line) == json.loads(whole)


def test_show_rejects_an_unknown_format(corpus_data_dir: Path) -> None:
    result = run("show", "x:p01.s01.c01", "--data-dir", corpus_data_dir, "-f", "xml")
    assert result.exit_code == 2 and "unknown format 'xml'" in result.stderr


def test_show_unknown_clause(corpus_data_dir: Path) -> None:
    result = run("show", "vn-ru-2017-infosec:p99.s01.c01", "--data-dir", corpus_data_dir)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert error_lines(result) == [
        "normcorpus: error: no clause 'vn-ru-2017-infosec:p99.s01.c01'"
        " (ids look like DOC:p01.s01.c01)"
    ]


@pytest.mark.parametrize("command", [["show", "x:p01.s01.c01"], ["stats"]])
def test_commands_without_an_index(tmp_path: Path, command: list[str]) -> None:
    result = run(*command, "--data-dir", tmp_path / "none")
    assert result.exit_code == 2
    (line,) = error_lines(result)
    assert line.startswith(f"normcorpus: error: no corpus index in {tmp_path / 'none'}/")
    assert not (tmp_path / "none").exists()


# --- stats -------------------------------------------------------------------


def test_stats(corpus_data_dir: Path, corpus_records) -> None:
    result = run("stats", "--data-dir", corpus_data_dir)
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == "doc\ttitle\tdate\tkind\tclauses\twords\tterms\ttop_concepts\tchrome"
    asean, vnru = (line.split("\t") for line in lines[1:])
    assert asean[:5] == [
        "asean-2018-cybersecurity",
        "ASEAN Leaders' Statement on Cybersecurity Cooperation",
        "2018-04-28",
        "leaders' statement",
        str(len(corpus_records["asean-2018-cybersecurity"])),
    ]
    assert vnru[0] == "vn-ru-2017-infosec" and vnru[2:4] == ["2017-11-10", "joint statement"]
    assert vnru[4] == str(len(corpus_records["vn-ru-2017-infosec"]))
    # the most frequent concept (ties by id), with its count, leads the list
    counts: dict[str, int] = {}
    for record in corpus_records["asean-2018-cybersecurity"]:
        for term in record.terms:
            counts[term.concept] = counts.get(term.concept, 0) + 1
    concept, count = min(counts.items(), key=lambda item: (-item[1], item[0]))
    assert asean[7].startswith(f"{concept} ({count}), ")
    assert asean[7].count("(") == 5  # --top defaults to 5
    assert len(lines) == 3


def test_stats_json_equals_the_library(corpus_data_dir: Path, corpus_store: Store) -> None:
    result = run("stats", "--data-dir", corpus_data_dir, "-f", "json", "--top", "2")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == [s.to_dict() for s in corpus_stats(corpus_store, top=2)]


def test_stats_unknown_format(corpus_data_dir: Path) -> None:
    result = run("stats", "--data-dir", corpus_data_dir, "-f", "xml")
    assert result.exit_code == 2
    assert error_lines(result) == [
        "normcorpus: error: unknown format 'xml' (choose from table, json, jsonl, csv, tsv)"
    ]


def test_corpus_stats(corpus_store: Store, corpus_records) -> None:
    stats = corpus_stats(corpus_store, top=3)
    assert [s.doc for s in stats] == list(STATEMENTS)
    for entry in stats:
        records = corpus_records[entry.doc]
        assert entry.clauses == len(records)
        assert entry.words == sum(len(r.words) for r in records)
        assert entry.terms == sum(len(r.terms) for r in records)
        counts: dict[str, int] = {}
        for record in records:
            for term in record.terms:
                counts[term.concept] = counts.get(term.concept, 0) + 1
        expected = sorted(counts.items(), key=lambda item: (-item[1], item[0]))[:3]
        assert list(entry.top_concepts) == expected
    vnru = stats[1]
    assert vnru.title is not None and vnru.title.startswith("Joint Statement of the President")
    assert vnru.to_dict()["top_concepts"][0] == {
        "concept": vnru.top_concepts[0][0],
        "count": vnru.top_concepts[0][1],
    }


@pytest.mark.parametrize("piped", [False, True])
def test_tsv_is_plain_text_without_quoting(piped: bool) -> None:
    # A cell reads as written (a quotation keeps its quotes, not doubled ones);
    # a tab or line break in a cell, which the format cannot hold, becomes a space.
    import io

    from normcorpus.output import render

    out = io.StringIO()
    rows = [{"id": "a:p01", "text": '"Là một" nước\tthành viên\nASEAN', "ids": ["x", "y"]}]
    render(rows, "table" if piped else "tsv", out=out)
    assert out.getvalue() == 'id\ttext\tids\na:p01\t"Là một" nước thành viên ASEAN\t["x","y"]\n'


def test_a_date_range_says_which_undated_documents_it_leaves_out(
    tmp_path: Path, small_glossary_path: Path
) -> None:
    # (`--since` dropped a codification's 63 of 87 hits without a word)
    legal = ROOT / "tests" / "data" / "legal"
    assert (
        run("ingest", legal, "--data-dir", tmp_path, "--glossary", small_glossary_path).exit_code
        == 0
    )
    result = run("search", "Điều", "--since", "2000-01-01", "--count", "--data-dir", tmp_path)
    assert result.exit_code == 0, result.output
    assert "note: --since/--until leave out 1 undated document (luat-mau)" in result.stderr
    plain = run("search", "Điều", "--count", "--data-dir", tmp_path)
    assert "undated" not in plain.stderr
