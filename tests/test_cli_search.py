"""cli/search.py through typer's CliRunner: search, --kwic, --count, freq, collocates, concepts.

stdout carries data only (and is plain text: CliRunner is no terminal);
expansions, suggestions and counts go to stderr; bad queries exit 2.
"""

from __future__ import annotations

import csv
import inspect
import io
import json
import re
import subprocess
import sys
from importlib import resources
from pathlib import Path

import pytest
from typer.testing import CliRunner

from normcorpus.cli import app
from normcorpus.layout import cells

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


def test_no_expansion_is_reported_on_the_english_side(data_dir: str) -> None:
    # The English side searches the English words only: no Vietnamese is added there.
    result = run(data_dir, "search", "cybersecurity", "--side", "en", "--format", "jsonl")
    assert result.exit_code == 0
    assert "expanded" not in result.stderr


FLAT = ["id", "doc", "article", "clause", "point", "text", "en", "concepts", "score", "matched"]
# which English matched, and the published English of the clause's bead (none in this corpus)
FLAT += ["matched_en", "published", "published_by", "bead"]


def test_csv_rows_are_flat_rfc_4180(data_dir: str) -> None:
    result = run(data_dir, "search", "UNGGE", "--format", "csv")
    text = result.stdout_bytes.decode("utf-8")  # (click's .stdout turns CRLF into LF)
    assert text.startswith(",".join(FLAT) + "\r\n")  # CRLF, no byte-order mark
    assert text.count("\r\n") == text.count("\n") == 2
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    assert [r["id"] for r in rows] == ["asean-2018-cybersecurity:p17.s01.c04"]
    row = rows[0]
    assert list(row) == FLAT
    assert row["doc"] == "asean-2018-cybersecurity"
    assert row["en"].startswith("with reference to the rules put forward as recommendations")
    # concept ids joined by ';', no JSON anywhere
    assert "ungge" in row["concepts"].split(";") and "[" not in row["concepts"]
    assert not any(v.startswith(("{", "[")) for v in row.values())
    tsv = run(data_dir, "search", "UNGGE", "--format", "tsv").stdout.splitlines()
    assert tsv[0].split("\t") == FLAT and len(tsv) == 2


def test_csv_fields_with_commas_and_quotes_are_quoted(data_dir: str) -> None:
    result = run(data_dir, "search", "an ninh", "--format", "csv", "--limit", "0")
    text = result.stdout_bytes.decode("utf-8")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert len(rows) == 22 and {len(r) for r in rows} == {len(FLAT)}
    quoted = [r for r in rows if any("," in cell for cell in r)]
    assert quoted  # the corpus has clauses with commas: each such field is quoted
    for row in quoted:
        for cell in row:
            if "," in cell or '"' in cell:
                assert '"' + cell.replace('"', '""') + '"' in text


def test_excel_csv_starts_with_a_utf8_bom(data_dir: str) -> None:
    result = run(data_dir, "search", "UNGGE", "--excel")
    assert result.exit_code == 0, result.stderr
    assert result.stdout_bytes.startswith(b"\xef\xbb\xbfid,doc,")
    assert result.stdout_bytes.decode("utf-8-sig").startswith("id,doc,")
    tsv = run(data_dir, "search", "UNGGE", "--excel", "--format", "tsv")
    assert tsv.stdout_bytes.startswith(b"\xef\xbb\xbfid\tdoc\t")
    bad = run(data_dir, "search", "UNGGE", "--excel", "--format", "json")
    assert bad.exit_code == 2 and "--excel writes CSV or TSV" in bad.stderr


def test_table_when_piped_is_plain_tab_separated_text(data_dir: str) -> None:
    result = run(data_dir, "search", "đe dọa", "--limit", "2")
    lines = result.stdout.splitlines()
    assert lines[0].split("\t") == FLAT
    assert len(lines) == 3 and "\x1b[" not in result.stdout
    first = dict(zip(FLAT, lines[1].split("\t"), strict=True))
    assert first["id"] == "vn-ru-2017-infosec:p01.s02.c02"
    assert first["en"] == "and may become a direct threat to citizens, society and the State."
    assert first["concepts"] == "threat;state"
    assert "4 clauses; showing 1–2; --limit 0 for all" in result.stderr


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
    assert set(lines[0]) == {
        "id",
        "doc",
        "left",
        "match",
        "right",
        "start",
        "end",
        "score",
        "side",
    }


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


@pytest.mark.parametrize("kwic", [[], ["--kwic"]])
def test_a_kind_no_document_has_is_named_with_the_kinds_there_are(
    data_dir: str, kwic: list
) -> None:
    # `--kind law` found nothing and said nothing of the corpus having no law (newuser11)
    result = run(data_dir, "search", "an ninh", "--kind", "law", *kwic)
    assert result.exit_code == 0
    assert result.stderr.rstrip().endswith(
        "; no document is of kind 'law' (the kinds: joint statement ×1, leaders' statement ×1)"
    )
    # a kind there is, in any case: no such hint
    found = run(data_dir, "search", "an ninh", "--kind", "Joint Statement", "--count")
    assert int(found.stdout) > 0
    missing = run(data_dir, "search", "an ninh", "--kind", "JOINT STATEMENT", "--since", "2030")
    assert "no clauses match with" in missing.stderr and "no document is" not in missing.stderr


def test_a_corpus_without_kinds_says_where_a_kind_is_written() -> None:
    from types import SimpleNamespace

    from normcorpus.cli.search import _kind_hint

    hint = _kind_hint(SimpleNamespace(kinds=dict), "law")  # type: ignore[arg-type]
    assert (
        hint == "; no document has a kind (a document's kind is the `kind:` of its <doc>.meta.yaml)"
    )


@pytest.mark.parametrize("kwic", [[], ["--kwic"]])
def test_no_hits_under_filters_says_the_filters_left_them_out(data_dir: str, kwic: list) -> None:
    # 'an ninh' matches many clauses; no article 999 exists. Spelling suggestions
    # ("nearest: ...") would send the user after a typo that is not there.
    result = run(data_dir, "search", "an ninh", "--article", "999", *kwic)
    assert result.exit_code == 0 and result.stdout.count("\n") <= 1  # a header at most
    # ... and names the option that left them out
    assert "no clauses match with --article 999 (" in result.stderr
    assert "clauses without it)" in result.stderr and "nearest" not in result.stderr
    side = run(data_dir, "search", "an ninh", "--side", "en", "--doc", "vn-ru-2017-infosec", *kwic)
    assert "no clauses match with --doc vn-ru-2017-infosec --side en (" in side.stderr
    assert "clauses without them)" in side.stderr
    typo = run(data_dir, "search", "an ninh mangg", "--article", "999", *kwic)
    assert "no clauses match; nearest: an ninh mạng" in typo.stderr


@pytest.mark.parametrize(
    "command", [["freq"], ["collocates", "an ninh", "--min-freq", "1"], ["concepts"]]
)
def test_study_commands_take_limit_as_search_does(data_dir: str, command: list[str]) -> None:
    # `search` and `glossary suggest` say --limit; a user typing it here got
    # "no such option: --limit".
    top = run(data_dir, *command, "--top", "2", "--format", "json")
    limit = run(data_dir, *command, "--limit", "2", "--format", "json")
    assert limit.exit_code == 0, limit.stderr
    assert limit.stdout == top.stdout
    rows = json.loads(limit.stdout)
    assert len(rows["collocates"] if isinstance(rows, dict) else rows) == 2


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
    assert re.search(r"16 occurrences of 'an ninh' in \d{1,3}(,\d{3})* words;", result.stderr)
    one = run(data_dir, "collocates", "xuyên xuyết", "--format", "json")
    assert "1 occurrence of 'xuyên xuyết' in " in one.stderr, one.stderr
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


# What `search` has no use for: each costs milliseconds at every start (issue 17).
NOT_FOR_SEARCH = (
    "underthesea",
    "yaml",  # a cached glossary is not parsed again
    "rich",  # piped output is plain
    "matplotlib",
    "starlette",
    "normcorpus.glossary",
    "normcorpus.align",
    "normcorpus.ingest",
    "normcorpus.english",
    *(f"normcorpus.cli.{name}" for name in ("corpus", "check", "glossary", "align", "plot", "web")),
)


def test_the_search_path_imports_only_what_a_search_uses(data_dir: str) -> None:
    probe = (
        "import sys\n"
        "from normcorpus.cli import main\n"
        f"sys.argv = ['normcorpus', 'search', 'cybersecurity', '--data-dir', {data_dir!r},"
        f" '--glossary', {GLOSSARY!r}, '--format', 'jsonl']\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        f"print(sorted(m for m in {NOT_FOR_SEARCH!r} if m in sys.modules), file=sys.stderr)\n"
    )
    for _ in range(2):  # the first may parse the glossary into its cache
        done = subprocess.run(
            [sys.executable, "-c", probe], capture_output=True, text=True, check=False
        )
    assert done.stderr.strip().splitlines()[-1] == "[]"
    assert done.stdout.count("\n") >= 1


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


# --- on a terminal, at 80 and 120 columns -------------------------------------------

ANSI = re.compile(r"\x1b\[[0-9;]*m")


def on_terminal(data_dir: str, columns: int, *args: str):
    """The command as a terminal of `columns` would show it (colour codes removed)."""
    env = {"TTY_COMPATIBLE": "1", "COLUMNS": str(columns), "NO_COLOR": None, "FORCE_COLOR": None}
    glossary = ["--glossary", GLOSSARY] if args[0] == "search" else []
    result = runner.invoke(app, [args[0], "--data-dir", data_dir, *glossary, *args[1:]], env=env)
    assert result.exit_code == 0, result.stderr
    return ANSI.sub("", result.stdout).splitlines(), result.stderr


@pytest.mark.parametrize("columns", [80, 120])
def test_kwic_shows_every_keyword_whole_within_the_terminal(data_dir: str, columns: int) -> None:
    lines, stderr = on_terminal(data_dir, columns, "search", "an ninh", "--kwic")
    assert max(cells(line) for line in lines) <= columns
    # (closing punctuation follows the keyword without a gap: `an ninh,`)
    keyword = re.compile(r"  [aA]n ninh(  |[,.;:])")
    rows = [line for line in lines if keyword.search(line)]
    assert len(rows) == 20  # every concordance line holds the whole keyword…
    starts = {keyword.search(line).start() for line in rows}
    assert len(starts) == 1  # …in one column
    headings = [line for line in lines if line not in rows]
    if columns == 80:  # too narrow for the ids beside the lines: each heads its own
        assert headings and all(re.fullmatch(r"[a-z0-9-]+:p\d+\.s\d+\.c\d+", h) for h in headings)
    else:
        assert headings == []
        assert all(re.match(r"[a-z0-9-]+:p\d+\.s\d+\.c\d+ ", row) for row in rows)
    assert stderr == "normcorpus: 20 of 26 lines; --limit 0 for all\n"


@pytest.mark.parametrize("columns", [80, 120])
def test_a_keyword_longer_than_the_terminal_wraps_and_is_never_cut(
    data_dir: str, columns: int
) -> None:
    lines, _ = on_terminal(data_dir, columns, "search", "--concept", "ungge", "--kwic")
    assert max(cells(line) for line in lines) <= columns
    shown = " ".join(" ".join(lines).split())
    term = (
        "Nhóm công tác chuyên gia chính phủ của Liên Hợp Quốc về các văn bản trong lĩnh vực"
        " Thông tin và Viễn thông trong bối cảnh an ninh quốc tế"
    )
    assert term in shown and " UNGGE" in shown


def test_kwic_keyword_is_the_concept_term_span(data_dir: str) -> None:
    result = run(data_dir, "search", "--concept", "state-sovereignty", "--kwic", "--format", "json")
    lines = json.loads(result.stdout)
    assert len(lines) == 3
    assert {line["match"].lower() for line in lines} == {"chủ quyền quốc gia"}


def test_kwic_of_an_english_only_match_is_cut_from_the_english(data_dir: str) -> None:
    result = run(data_dir, "search", "stakeholders", "--kwic", "--format", "json")
    lines = json.loads(result.stdout)
    assert [(x["match"], x["side"]) for x in lines] == [("stakeholders", "en")]
    assert lines[0]["left"].endswith("the coordinated expertise of multiple")


def test_kwic_says_what_it_left_out_and_limit_0_shows_all(data_dir: str) -> None:
    result = run(data_dir, "search", "an ninh", "--kwic")
    assert len(result.stdout.splitlines()) == 20
    assert result.stderr == "normcorpus: 20 of 26 lines; --limit 0 for all\n"
    every = run(data_dir, "search", "an ninh", "--kwic", "--limit", "0")
    assert len(every.stdout.splitlines()) == 26 and every.stderr == ""
    assert run(data_dir, "search", "an ninh", "--kwic", "--count").stdout == "26\n"
    counted = run(data_dir, "search", "an ninh", "--kwic", "--count", "--format", "json")
    assert json.loads(counted.stdout) == {"query": "an ninh", "lines": 26}
    last = run(data_dir, "search", "an ninh", "--kwic", "--offset", "20")
    assert len(last.stdout.splitlines()) == 6 and last.stderr == ""
    middle = run(data_dir, "search", "an ninh", "--kwic", "--offset", "10", "--limit", "5")
    assert middle.stderr == "normcorpus: lines 11–15 of 26 lines; --limit 0 for all\n"


@pytest.mark.parametrize("kwic", [[], ["--kwic"]])
def test_an_offset_past_the_end_says_no_more(data_dir: str, kwic: list[str]) -> None:
    result = run(data_dir, "search", "an ninh", *kwic, "--offset", "30")
    assert result.exit_code == 0
    what = "lines (26 in all)" if kwic else "hits (21 in all)"
    assert result.stderr == f"normcorpus: no more {what}\n"


def test_limit_0_shows_every_hit(data_dir: str) -> None:
    result = run(data_dir, "search", "an ninh", "--limit", "0", "--format", "jsonl")
    assert len(result.stdout.splitlines()) == 21
    assert "no clauses match" not in result.stderr
    piped = run(data_dir, "search", "an ninh", "--limit", "0")
    assert len(piped.stdout.splitlines()) == 22
    assert piped.stderr == "normcorpus: 21 clauses; showing 1–21\n"


@pytest.mark.parametrize("columns", [80, 120])
def test_hits_on_a_terminal_fit_and_keep_the_whole_text(data_dir: str, columns: int) -> None:
    lines, stderr = on_terminal(data_dir, columns, "search", "an ninh mạng", "--limit", "5")
    assert max(cells(line) for line in lines) <= columns
    assert "…" not in "\n".join(lines)
    assert lines[0].startswith("asean-2018-cybersecurity  2018-04-28")
    # the document once, above its hits; each hit under a short id
    assert sum(line.startswith("asean-2018-cybersecurity") for line in lines) == 1
    ids = [line.split()[0] for line in lines if re.match(r"p\d+\.s\d+\.c\d+ ", line)]
    hits = json.loads(
        run(data_dir, "search", "an ninh mạng", "--limit", "5", "--format", "json").stdout
    )
    assert ids == [h["id"].split(":", 1)[1] for h in hits]
    # the whole Vietnamese, then the English on lines of its own under it
    text = " ".join(line.strip() for line in lines)
    for hit in hits:
        assert " ".join(hit["text"].split()) in text.replace(ids[0] + " ", "")
        assert f"en (unofficial): {hit['translation'].split()[0]}" in text
    english = [line for line in lines if "en (unofficial):" in line]
    assert len(english) == 5 and all(line.startswith(" " * 13 + "en") for line in english)
    assert stderr == "normcorpus: 16 clauses; showing 1–5; --limit 0 for all\n"


def test_wide_keeps_the_table_of_one_row_a_hit(data_dir: str) -> None:
    lines, _ = on_terminal(data_dir, 160, "search", "an ninh mạng", "--limit", "2", "--wide")
    assert "clause" in lines[1] and "English" in lines[1] and "┃" in lines[1]
    assert any("asean-2018-cybersecurity:p01.s01.c04" in line for line in lines)


def test_wide_at_80_columns_breaks_a_long_id_after_its_document(data_dir: str) -> None:
    # (the id whole took 36 of 80 columns and left the text a few)
    lines, _ = on_terminal(data_dir, 80, "search", "an ninh mạng", "--limit", "2", "--wide")
    assert max(cells(line) for line in lines) <= 80
    header = [cell.strip() for cell in lines[1].split("┃")[1:-1]]
    assert header == ["clause", "date", "text", "English"]
    # the first row's clause cell, its lines joined: the id whole, its place on a line of its own
    first = []
    for line in lines[3:]:
        if not line.startswith("│"):
            break
        first.append(line.split("│")[1].strip())
    assert "".join(first) == "asean-2018-cybersecurity:p01.s01.c04"
    assert "p01.s01.c04" in first
    text_width = len(lines[0].split("┳")[2])
    assert text_width >= 20  # (the whole id left it 13)


@pytest.mark.skipif(sys.platform == "win32", reason="needs a pseudo-terminal")
@pytest.mark.parametrize("columns", [80, 120])
def test_kwic_in_a_real_terminal(data_dir: str, columns: int) -> None:
    """As `script -q -c "stty cols 80; normcorpus search 'an ninh' --kwic"` shows it."""
    import fcntl
    import os
    import pty
    import struct
    import termios

    leader, follower = pty.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 24, columns, 0, 0))
    env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "TTY_COMPATIBLE")}
    command = [str(Path(sys.executable).parent / "normcorpus"), "search", "an ninh", "--kwic"]
    process = subprocess.Popen(
        [*command, "--data-dir", data_dir, "--glossary", GLOSSARY],
        stdin=follower,
        stdout=follower,
        stderr=subprocess.DEVNULL,
        env={**env, "NO_COLOR": "1"},
    )
    os.close(follower)
    chunks = []
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # the child closed the terminal
            break
        if not chunk:
            break
        chunks.append(chunk)
    process.wait(timeout=60)
    os.close(leader)
    lines = ANSI.sub("", b"".join(chunks).decode("utf-8")).replace("\r\n", "\n").splitlines()
    assert max(cells(line) for line in lines) <= columns
    keyword = re.compile(r"  an ninh(  |[,.;:])")  # no gap before closing punctuation
    assert sum(bool(keyword.search(line.lower())) for line in lines) == 20


def test_where_a_hit_matched_is_said_in_rows_and_on_a_terminal(data_dir: str) -> None:
    rows = list(csv.DictReader(io.StringIO(run(data_dir, "search", "norms", "-f", "csv").stdout)))
    assert rows and {r["matched"] for r in rows} <= {"vi", "en", "vi;en"}
    english_only = [r["id"] for r in rows if r["matched"] == "en"]
    assert english_only
    lines, _ = on_terminal(data_dir, 80, "search", "norms")
    marked = [i for i, line in enumerate(lines) if line.startswith("(en) ")]
    assert len(marked) == len(english_only)
    # beside the English that matched, never beside a wrapped line of the Vietnamese
    assert all(re.match(r"\(en\) +en \(", lines[i]) for i in marked), [lines[i] for i in marked]
    lines, _ = on_terminal(data_dir, 80, "search", "stakeholder", "--side", "en")
    marked = [line for line in lines if line.startswith("(en) ")]
    assert len(marked) == 1 and re.match(r"\(en\) +en \(unofficial\): ", marked[0]), lines


def test_an_english_word_that_is_no_term_says_which_terms_hold_it(data_dir: str) -> None:
    result = run(data_dir, "search", "incident", "--count")
    assert result.exit_code == 0
    assert "'incident' is no glossary term, searched as written; terms that hold it:" in (
        result.stderr
    )
    quiet = run(data_dir, "search", "an ninh mang", "--count")  # folded Vietnamese
    assert "no glossary term" not in quiet.stderr
    quiet = run(data_dir, "search", "an", "--count")  # `an` (folded) of an ninh, an toàn
    assert "no glossary term" not in quiet.stderr
