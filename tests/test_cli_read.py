"""Reading files through the CLI: odd names, files that are not files, encodings,
chrome that is reported and shown, `--no-strip`.

Each test here pins a defect of real use: it failed before the fix.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from normcorpus.store import Store

ROOT = Path(__file__).resolve().parent.parent
GLOSSARY = ROOT / "tests" / "data" / "small-glossary.yaml"
STATEMENT = "Tiêu đề\nHai Bên thúc đẩy hòa bình và hợp tác an ninh mạng.\n"


def normcorpus(*args: object, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    """The real CLI in a child process: a hang fails the test instead of the suite."""
    env = {**os.environ, "COLUMNS": "250"}
    env.pop("NORMCORPUS_DATA_DIR", None)
    return subprocess.run(
        [sys.executable, "-m", "normcorpus", *map(str, args)],
        capture_output=True,
        text=True,
        timeout=timeout,
        env=env,
    )


def ingest(corpus: Path, data: Path, *extra: object) -> subprocess.CompletedProcess[str]:
    return normcorpus("ingest", corpus, "--data-dir", data, "--glossary", GLOSSARY, "-j", 1, *extra)


def records(data: Path) -> dict[str, list[dict[str, object]]]:
    out = {}
    for path in sorted((data / "records").glob("*.jsonl")):
        out[path.stem] = [json.loads(line) for line in path.read_text("utf-8").splitlines()]
    return out


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_fifos_devices_and_broken_links_are_skipped_with_a_warning(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "tot.txt").write_text(STATEMENT, encoding="utf-8")
    os.mkfifo(corpus / "ong.txt")  # ingest once waited on it forever
    (corpus / "zero.txt").symlink_to("/dev/zero")  # and read this until MemoryError
    (corpus / "gay.txt").symlink_to(tmp_path / "nowhere")
    done = ingest(corpus, tmp_path / "data")
    assert done.returncode == 0, done.stderr
    warnings = done.stderr.splitlines()
    assert warnings == [
        f"normcorpus: warning: {corpus / 'gay.txt'}: skipped: a broken symbolic link",
        f"normcorpus: warning: {corpus / 'ong.txt'}: skipped: a FIFO (named pipe),"
        " not a regular file",
        f"normcorpus: warning: {corpus / 'zero.txt'}: skipped: a character device,"
        " not a regular file",
    ]
    assert list(records(tmp_path / "data")) == ["tot"]


def test_a_subfolder_with_statements_is_said_not_read(tmp_path: Path) -> None:
    # `ingest realtexts/` read the folder's own files and passed over its
    # `legacy-encodings/` without a word (a new user's trial, session 11).
    corpus = tmp_path / "corpus"
    (corpus / "more" / "deeper").mkdir(parents=True)
    (corpus / "pictures").mkdir()
    (corpus / ".git").mkdir()
    (corpus / "tot.txt").write_text(STATEMENT, encoding="utf-8")
    (corpus / "more" / "deeper" / "nua.txt").write_text(STATEMENT, encoding="utf-8")
    (corpus / "pictures" / "a.png").write_bytes(b"\x89PNG")
    (corpus / ".git" / "x.txt").write_text("x", encoding="utf-8")
    done = ingest(corpus, tmp_path / "data")
    assert done.returncode == 0, done.stderr
    assert done.stderr.splitlines() == [
        f"normcorpus: note: {corpus / 'more'}: a subfolder with text files, not read"
        " (name it to ingest its files)"
    ]
    assert list(records(tmp_path / "data")) == ["tot"]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_a_fifo_named_on_the_command_line_is_an_error(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "ong.txt")
    (tmp_path / "tot.txt").write_text(STATEMENT, encoding="utf-8")
    done = ingest(tmp_path / "ong.txt", tmp_path / "data", tmp_path / "tot.txt")
    assert done.returncode == 2
    assert done.stderr.splitlines() == [
        f"normcorpus: error: {tmp_path / 'ong.txt'}: is a FIFO (named pipe), not a regular file:"
        " not read"
    ]


def test_any_file_name_gives_a_document_id(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    long_name = "Tuyen bo " + "rat dai " * 30  # 250 characters: an OSError traceback once
    names = ["nl\n.txt", long_name[:246] + ".txt", "Luật-An-ninh-mạng-24-2018-QH14.vi.txt"]
    for name in names:
        (corpus / name).write_text(STATEMENT, encoding="utf-8")
    done = ingest(corpus, tmp_path / "data")
    assert done.returncode == 0, done.stderr
    ids = list(records(tmp_path / "data"))
    assert "nl" in ids and "luat-an-ninh-mang-24-2018-qh14.vi" in ids
    (long_id,) = [i for i in ids if i.startswith("tuyen-bo-rat-dai")]
    assert len(long_id) <= 80
    with Store.open(tmp_path / "data") as store:
        names_kept = {info.meta.file_name for info in store.documents()}
    assert names_kept == set(names)


def test_names_that_give_one_id_are_refused_with_a_clear_message(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name in ("Hoa Binh.txt", "hoa-binh.txt"):
        (corpus / name).write_text(STATEMENT, encoding="utf-8")
    done = ingest(corpus, tmp_path / "data")
    assert done.returncode == 2
    (line,) = done.stderr.splitlines()
    assert line == (
        f"normcorpus: error: {corpus / 'hoa-binh.txt'}: document id 'hoa-binh' is also given"
        f" by {corpus / 'Hoa Binh.txt'} (ids are made from file names: rename one of them)"
    )
    assert list(records(tmp_path / "data")) == ["hoa-binh"]


def test_a_control_character_in_a_name_stays_on_one_line(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "hong\n.txt").write_bytes(b"")
    done = ingest(corpus, tmp_path / "data")
    assert done.returncode == 2
    assert done.stderr.splitlines() == [
        f"normcorpus: error: {corpus}/hong\\n.txt: empty file",
    ]


def test_a_statement_saved_as_one_line_keeps_what_follows_a_link(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    after = "Hai Bên nhất trí tăng cường trao đổi và hợp tác an ninh mạng trong khuôn khổ."
    (corpus / "mot-dong.txt").write_text(
        f"Hai Bên khẳng định hợp tác.>>>{after} Các nước ủng hộ hòa bình.\n", encoding="utf-8"
    )
    assert ingest(corpus, tmp_path / "data").returncode == 0
    text = " ".join(str(r["text"]) for r in records(tmp_path / "data")["mot-dong"])
    assert after in text and "Các nước ủng hộ hòa bình." in text


def test_chrome_is_reported_shown_and_kept_with_no_strip(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for suffix in (".txt", ".meta.yaml"):
        name = "asean-2018-cybersecurity" + suffix
        (corpus / name).write_bytes((ROOT / "corpus" / name).read_bytes())
    done = ingest(corpus, tmp_path / "data", "--format", "json")
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert report["chrome"] == {"asean-2018-cybersecurity": {"date-line": 33, "headline": 46}}
    shown = normcorpus(
        "show",
        "--chrome",
        "asean-2018-cybersecurity",
        "--data-dir",
        tmp_path / "data",
        "-f",
        "json",
    )
    rows = json.loads(shown.stdout)
    assert [(r["kind"], r["text"]) for r in rows] == [
        ("headline", "ASEAN tuyên bố chung về tăng cường hợp tác về an ninh mạng"),
        ("date-line", "Diễn đàn - Ngày đăng : 22:52, 29/04/2018"),
    ]
    stats = json.loads(normcorpus("stats", "--data-dir", tmp_path / "data", "-f", "json").stdout)
    assert stats[0]["chrome"] == {"date-line": 33, "headline": 46}
    # --no-strip: everything is statement text, and the headline is a clause
    done = ingest(corpus, tmp_path / "raw", "--no-strip", "--format", "json")
    assert json.loads(done.stdout)["chrome"] == {"asean-2018-cybersecurity": {}}
    texts = [r["text"] for r in records(tmp_path / "raw")["asean-2018-cybersecurity"]]
    assert texts[0] == "ASEAN tuyên bố chung về tăng cường hợp tác về an ninh mạng"


def test_show_chrome_of_an_unknown_document(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "tot.txt").write_text(STATEMENT, encoding="utf-8")
    ingest(corpus, tmp_path / "data")
    done = normcorpus("show", "--chrome", "khong-co", "--data-dir", tmp_path / "data")
    assert done.returncode == 2
    assert done.stderr.splitlines() == [
        "normcorpus: error: no document 'khong-co' in the index (see `stats` for the ids)"
    ]


@pytest.mark.parametrize("name", ["viscii", "tcvn3", "vni-windows"])
def test_legacy_files_are_read(tmp_path: Path, name: str) -> None:
    # "unknown encoding" once, for VISCII and TCVN3 even with --encoding
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    source = ROOT / "tests" / "data" / "encodings" / f"itlaw-2006-excerpt.{name}.txt"
    (corpus / "luat.txt").write_bytes(source.read_bytes())
    done = ingest(corpus, tmp_path / "detected")
    assert done.returncode == 0, done.stderr
    assert "not UTF-8: read as" in done.stderr
    given = ingest(corpus, tmp_path / "given", "--encoding", name)
    assert given.returncode == 0 and given.stderr == ""
    assert records(tmp_path / "detected") == records(tmp_path / "given")


@pytest.mark.parametrize(
    ("meta", "message"),
    [
        ("date: 2018-13-45\n", ":1:7: '2018-13-45' is not a date"),
        ("kind: {a: b}\n", ":1:7: kind must be a string, not a mapping"),
    ],
)
def test_a_bad_meta_file_is_one_located_error(tmp_path: Path, meta: str, message: str) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "tot.txt").write_text(STATEMENT, encoding="utf-8")
    (corpus / "tot.meta.yaml").write_text(meta, encoding="utf-8")
    done = ingest(corpus, tmp_path / "data")
    assert done.returncode == 2
    (line,) = done.stderr.splitlines()
    assert line.startswith(f"normcorpus: error: {corpus / 'tot.meta.yaml'}{message}")
