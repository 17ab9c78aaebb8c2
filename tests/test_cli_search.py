"""cli/search.py through typer's CliRunner: search, --kwic, --count, freq, collocates, concepts.

stdout carries data only (and is plain text: CliRunner is no terminal);
expansions, suggestions and counts go to stderr; bad queries exit 2.
"""

from __future__ import annotations

import csv
import inspect
import io
import json
import subprocess
import sys
from importlib import resources
from pathlib import Path

import pytest
from typer.testing import CliRunner

from normcorpus.cli import app

if "mix_stderr" in inspect.signature(CliRunner.__init__).parameters:
    runner = CliRunner(mix_stderr=False)
else:
    runner = CliRunner()

REPO_ROOT = Path(__file__).resolve().parent.parent
GLOSSARY = str(REPO_ROOT / "glossary.yaml")
TYPO = "asean-2018-cybersecurity:p04.s01.c01"


@pytest.fixture(scope="module")
def data_dir(corpus_data_dir: Path) -> str:
    return str(corpus_data_dir)


def run(data_dir: str, *args: str):
    glossary = ["--glossary", GLOSSARY] if args[0] in ("search", "concepts") else []
    return runner.invoke(app, [args[0], "--data-dir", data_dir, *glossary, *args[1:]])


def test_search_jsonl_objects_are_records_with_score_spans_and_document(data_dir: str) -> None:
    result = run(data_dir, "search", "de doa", "--format", "jsonl")
    assert result.exit_code == 0, result.stderr
    hits = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(hits) == 5 and TYPO in {h["id"] for h in hits}
    scores = [h["score"] for h in hits]
    assert scores == sorted(scores, reverse=True)
    typo = next(h for h in hits if h["id"] == TYPO)
    assert "de dọa" in [typo["text"][s:e] for s, e in typo["spans"]]
    assert typo["document"]["date"] == "2018-04-28"


def test_search_json_validates_against_the_record_schema(data_dir: str) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads(
        resources.files("normcorpus").joinpath("resources/record.schema.json").read_text("utf-8")
    )
    result = run(data_dir, "search", "cybersecurity", "--format", "json", "--limit", "50")
    assert result.exit_code == 0, result.stderr
    hits = json.loads(result.stdout)
    assert len(hits) == 14
    for hit in hits:
        jsonschema.validate(hit, schema)


def test_expansion_is_reported_on_stderr(data_dir: str) -> None:
    result = run(data_dir, "search", "cybersecurity", "--format", "jsonl", "--limit", "1")
    assert result.exit_code == 0
    assert "expanded 'cybersecurity' → concept cybersecurity (an ninh mạng)" in result.stderr
    assert len(result.stdout.splitlines()) == 1


def test_csv_and_tsv_rows(data_dir: str) -> None:
    result = run(data_dir, "search", "UNGGE", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [r["id"] for r in rows] == ["asean-2018-cybersecurity:p17.s01.c04"]
    assert {"score", "spans", "text", "terms", "document"} <= set(rows[0])
    assert json.loads(rows[0]["spans"])
    tsv = run(data_dir, "search", "UNGGE", "--format", "tsv").stdout.splitlines()
    assert tsv[0].split("\t")[0] == "id" and len(tsv) == 2


def test_table_when_piped_is_plain_tab_separated_text(data_dir: str) -> None:
    result = run(data_dir, "search", "đe dọa", "--limit", "2")
    lines = result.stdout.splitlines()
    assert lines[0] == "id\tdoc\tscore\ttext\ten\ttranslation"
    assert len(lines) == 3 and "\x1b[" not in result.stdout
    first = lines[1].split("\t")
    assert first[0] == "vn-ru-2017-infosec:p01.s02.c02" and first[4] == "threat; State"
    assert first[5] == "and may become a direct threat to citizens, society and the State."
    assert "4 clauses; showing 1–2" in result.stderr


def test_count_and_paging(data_dir: str) -> None:
    assert run(data_dir, "search", "an ninh", "--count").stdout == "21\n"
    counted = json.loads(run(data_dir, "search", "an ninh", "--count", "--format", "json").stdout)
    assert counted == {"query": "an ninh", "count": 21}
    everything = [
        json.loads(x)["id"]
        for x in run(
            data_dir, "search", "an ninh", "--format", "jsonl", "--limit", "50"
        ).stdout.splitlines()
    ]
    page = [
        json.loads(x)["id"]
        for x in run(
            data_dir, "search", "an ninh", "--format", "jsonl", "--limit", "4", "--offset", "3"
        ).stdout.splitlines()
    ]
    assert page == everything[3:7]


def test_filters(data_dir: str) -> None:
    result = run(data_dir, "search", "hợp tác", "--doc", "vn-ru-2017-infosec", "--format", "jsonl")
    assert {json.loads(x)["doc"] for x in result.stdout.splitlines()} == {"vn-ru-2017-infosec"}
    result = run(data_dir, "search", "--concept", "ungge", "--format", "jsonl")
    assert [json.loads(x)["id"] for x in result.stdout.splitlines()] == [
        "asean-2018-cybersecurity:p17.s01.c04"
    ]
    result = run(data_dir, "search", "hợp tác", "--since", "2019", "--count")
    assert result.stdout == "0\n"


def test_kwic_plain_text(data_dir: str) -> None:
    result = run(
        data_dir,
        "search",
        '"an ninh mạng"',
        "--kwic",
        "--width",
        "20",
        "--sort",
        "left",
        "--limit",
        "3",
    )
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert len(lines) == 3
    for line in lines:
        left, match, right = line.split(" | ")
        assert len(left.split("  ", 1)[1].lstrip()) <= 20 and len(right) <= 20
        assert match.lower() == "an ninh mạng"
    # aligned: the match starts in the same column on every line
    assert len({line.index(" | ") for line in lines}) == 1


def test_kwic_json(data_dir: str) -> None:
    result = run(
        data_dir, "search", '"an ninh mạng"', "--kwic", "--format", "json", "--limit", "100"
    )
    lines = json.loads(result.stdout)
    assert len(lines) == 16
    assert set(lines[0]) == {"id", "doc", "left", "match", "right", "start", "end", "score"}


def test_explain_prints_the_fts_expression(data_dir: str) -> None:
    result = run(data_dir, "search", "de doa", "--explain", "--count")
    assert 'fts5: (folded : "de" AND folded : "doa")' in result.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["search", '"an ninh'], "unbalanced quote"),
        (["search", "NEAR(a)"], "at least two terms"),
        (["search", "--", "-mạng"], "NOT needs something"),
        (["search", ""], "empty query"),
        (["search", "an", "--doc", "nope"], "no document 'nope'"),
        (["search", "an", "--since", "yesterday"], "--since takes a date"),
        (["search", "an", "--sort", "left"], "left/right need --kwic"),
        (["search", "an", "--format", "xml"], "unknown format"),
        (["freq", "--by", "letter"], "unknown unit"),
        (["collocates", "an ninh", "--measure", "dice"], "unknown measure"),
        (["concepts", "--sort", "nothing"], "sort by"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(data_dir: str, args: list[str], message: str) -> None:
    result = run(data_dir, *args)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.stderr


def test_no_hits_suggests_on_stderr(data_dir: str) -> None:
    result = run(data_dir, "search", "an ninh mangg", "--format", "jsonl")
    assert result.exit_code == 0 and result.stdout == ""
    assert "no clauses match; nearest: an ninh mạng (cybersecurity)" in result.stderr


def test_freq(data_dir: str) -> None:
    result = run(data_dir, "freq", "--by", "ngram", "--n", "3", "--top", "1", "--format", "json")
    assert json.loads(result.stdout) == [
        {
            "item": "an ninh mạng",
            "count": 16,
            "per_10k": json.loads(result.stdout)[0]["per_10k"],
            "docs": 1,
        }
    ]
    result = run(data_dir, "freq", "--doc", "vn-ru-2017-infosec", "--top", "3")
    assert result.stdout.splitlines()[0] == "item\tcount\tper_10k\tdocs"


def test_collocates(data_dir: str) -> None:
    result = run(data_dir, "collocates", "an ninh", "--window", "3", "--format", "json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["node"] == "an ninh" and data["occurrences"] == 16
    llr = [c["llr"] for c in data["collocates"]]
    assert llr == sorted(llr, reverse=True)
    assert all(c["together"] >= 2 for c in data["collocates"])
    assert "16 occurrences of 'an ninh'" in result.stderr
    by_mi = json.loads(
        run(data_dir, "collocates", "an ninh", "--measure", "mi", "--format", "json").stdout
    )
    mi = [c["mi"] for c in by_mi["collocates"]]
    assert mi == sorted(mi, reverse=True)


def test_concepts(data_dir: str) -> None:
    result = run(data_dir, "concepts", "--format", "csv", "--top", "2")
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert list(rows[0]) == [
        "concept",
        "en",
        "asean-2018-cybersecurity",
        "vn-ru-2017-infosec",
        "total",
    ]
    assert rows[0]["concept"] == "asean" and rows[0]["total"] == "44"  # nested ones count
    assert len(rows) == 2


@pytest.mark.parametrize("command", ["search", "freq", "collocates", "concepts"])
def test_every_command_has_help(command: str) -> None:
    result = runner.invoke(app, [command, "--help"])
    assert result.exit_code == 0
    assert "Usage" in result.stdout


def test_the_search_path_never_imports_underthesea(data_dir: str) -> None:
    probe = (
        "import sys\n"
        "from normcorpus.cli import app\n"
        f"sys.argv = ['normcorpus', 'search', 'đe dọa', '--data-dir', {data_dir!r},"
        f" '--glossary', {GLOSSARY!r}, '--format', 'jsonl']\n"
        "try:\n    app(prog_name='normcorpus')\nexcept SystemExit:\n    pass\n"
        "print('underthesea' in sys.modules, file=sys.stderr)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=False
    )
    assert done.stderr.strip().splitlines()[-1] == "False"
    assert len(done.stdout.splitlines()) == 4


@pytest.mark.parametrize(
    "options",
    [
        [],
        ["--count"],
        ["--kwic"],
        ["--explain"],
        ["--explain", "--count", "--doc", "vn-ru-2017-infosec"],
    ],
)
def test_the_query_is_parsed_once(
    data_dir: str, monkeypatch: pytest.MonkeyPatch, options: list[str]
) -> None:
    from normcorpus import search

    calls = []
    real = search.parse

    def counting(*args, **kwargs):
        calls.append(args)
        return real(*args, **kwargs)

    monkeypatch.setattr(search, "parse", counting)
    result = run(data_dir, "search", "cybersecurity", *options, "--format", "json")
    assert result.exit_code == 0, result.stderr
    assert len(calls) == 1


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["show", "x\udcff"], "normcorpus: error: no clause 'x\\udcff'"),
        (["search", "an", "--offset", str(2**63)], "normcorpus: error: --offset takes at most"),
        (["search", "an", "--kwic", "--width", str(10**9)], "normcorpus: error: --width takes"),
        (["search", "(" * 250 + "an" + ")" * 250], "normcorpus: error: parentheses nested"),
    ],
)
def test_one_liners_of_issue_18(data_dir: str, args: list[str], message: str) -> None:
    result = run(data_dir, *args)
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1 and result.stderr.startswith(message)


def test_a_lone_surrogate_in_a_query_is_output_safely(data_dir: str) -> None:
    for extra in ([], ["--kwic"], ["--count"]):
        result = run(data_dir, "search", "an\udcff ninh", *extra, "--format", "json")
        assert result.exit_code == 0, result.stderr
        json.loads(result.stdout)
