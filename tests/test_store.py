"""store.py: records files and the SQLite index, written atomically."""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest

from normcorpus import ingest as pipeline
from normcorpus import normalize, store
from normcorpus.errors import StoreError
from normcorpus.models import (
    ClauseRecord,
    Document,
    DocumentMeta,
    Glossary,
    Span,
    Structure,
    TermMatch,
)
from normcorpus.store import (
    TOKEN,
    Store,
    clause_length,
    clause_rowid,
    concept_token,
    record_line,
)

Snapshot = Callable[[Path], dict[str, object]]


def make_record(doc: str, para: int, sent: int, clause: int, text: str, **kw) -> ClauseRecord:
    return ClauseRecord(
        id=f"{doc}:p{para:02d}.s{sent:02d}.c{clause:02d}",
        doc=doc,
        para=para,
        sent=sent,
        clause=clause,
        text=text,
        start=kw.get("start", 0),
        end=kw.get("start", 0) + len(text),
        words=tuple(text.split()),
        structure=kw.get("structure", Structure()),
        hash="0123456789abcdef",
        terms=kw.get("terms", ()),
    )


TERM = TermMatch(
    "cybersecurity", "an ninh mạng", "an ninh mạng", "cybersecurity", 8, 20, "exact", 1.0
)
RECORDS = [
    make_record(
        "d", 1, 1, 1, "Hai Bên an ninh mạng;", terms=(TERM,), structure=Structure(article="2")
    ),
    make_record("d", 1, 1, 2, "và hòa bình.", start=22),
    make_record("d", 2, 1, 1, "Đoạn hai.", start=35),
]
DOCUMENT = Document(
    id="d",
    path="corpus/d.txt",
    text="Hai Bên an ninh mạng; và hòa bình.\nĐoạn hai.",
    paragraphs=(Span(0, 34), Span(35, 44)),
    meta=DocumentMeta(title_vi="Tiêu đề"),
    source_sha256="a" * 64,
)


def put(data_dir: Path, document: Document = DOCUMENT, records=RECORDS) -> None:
    with Store.open(data_dir, create=True) as opened, opened.writer() as writer:
        writer.put_document(document, records, segment_digest="s", glossary_digest="g")


# --- opening -------------------------------------------------------------------


def test_open_without_an_index(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match=r"no corpus index in .*\(run `normcorpus ingest` first"):
        Store.open(tmp_path / "nothing")
    assert not (tmp_path / "nothing").exists()


def test_open_a_damaged_index(tmp_path: Path) -> None:
    (tmp_path / "index.sqlite").write_bytes(b"not a database at all" * 100)
    with pytest.raises(StoreError, match="is not a usable normcorpus index"):
        Store.open(tmp_path)


def test_open_an_index_of_another_version(tmp_path: Path) -> None:
    Store.open(tmp_path, create=True).close()
    connection = sqlite3.connect(tmp_path / "index.sqlite")
    connection.execute("UPDATE meta SET value = '0' WHERE key = 'store_version'")
    connection.commit()
    connection.close()
    with pytest.raises(StoreError, match="another version of normcorpus"):
        Store.open(tmp_path)


def test_data_dir_that_is_a_file(tmp_path: Path) -> None:
    (tmp_path / "afile").write_text("x", encoding="utf-8")
    with pytest.raises(StoreError):
        Store.open(tmp_path / "afile", create=True)


# --- writing and reading --------------------------------------------------------


def test_put_document_writes_records_and_index(tmp_path: Path) -> None:
    put(tmp_path)
    path = tmp_path / "records" / "d.jsonl"
    payload = "".join(record_line(r) + "\n" for r in RECORDS).encode("utf-8")
    assert path.read_bytes() == payload
    assert [p.name for p in (tmp_path / "records").iterdir()] == ["d.jsonl"]
    with Store.open(tmp_path) as opened:
        (info,) = opened.documents()
        assert (info.id, info.path, info.clauses, info.words) == ("d", "corpus/d.txt", 3, 10)
        assert info.meta == DOCUMENT.meta
        assert (info.segment_digest, info.glossary_digest) == ("s", "g")
        assert info.records_sha256 == hashlib.sha256(payload).hexdigest()
        assert opened.document_text("d") == DOCUMENT.text
        assert list(opened.records()) == RECORDS
        assert list(opened.records("d")) == RECORDS
        assert list(opened.records("other")) == []
        assert opened.record("d:p01.s01.c02") == RECORDS[1]
        assert opened.record("d:p09.s01.c01") is None
        assert opened.count() == 3
        assert opened.neighbours(RECORDS[1]) == RECORDS[:2]
        assert opened.neighbours(RECORDS[2]) == RECORDS[2:]
        rowids = [r for (r,) in opened.connection.execute("SELECT rowid FROM clauses")]
        assert list(opened.records_by_rowid(rowids).values()) == RECORDS
        assert opened.records_by_rowid([]) == {}
        with pytest.raises(StoreError, match="no document 'x'"):
            opened.document_text("x")
        connection = opened.connection
        assert connection.execute("SELECT doc, concept, match FROM terms").fetchall() == [
            ("d", "cybersecurity", "exact")
        ]
        assert connection.execute("SELECT article FROM clauses ORDER BY rowid").fetchall() == [
            ("2",),
            (None,),
            (None,),
        ]
        fts = connection.execute(
            "SELECT rowid, exact, folded, concepts FROM clause_fts ORDER BY rowid & 4294967295"
        ).fetchall()
        assert fts[0][1:] == (
            "hai bên an ninh mạng;",
            "hai ben an ninh mang;",
            concept_token("cybersecurity"),
        )
        # The FTS rowid is the clause's length in syllables above its clause rowid.
        assert [(clause_length(r), clause_rowid(r)) for r, *_ in fts] == [
            (len(TOKEN.findall(record.text)), rowid)
            for record, rowid in zip(RECORDS, rowids, strict=True)
        ]
        hits = connection.execute(
            "SELECT rowid FROM clause_fts WHERE clause_fts MATCH 'folded: \"an ninh mang\"'"
        ).fetchall()
        assert len(hits) == 1


def test_records_by_rowid_in_chunks(tmp_path: Path) -> None:
    records = [make_record("d", p, 1, 1, f"Đoạn {p}.") for p in range(1, 1202)]
    put(tmp_path, records=records)
    with Store.open(tmp_path) as opened:
        rowids = [r for (r,) in opened.connection.execute("SELECT rowid FROM clauses")]
        assert len(opened.records_by_rowid(rowids)) == 1201


def test_replacing_a_document(tmp_path: Path) -> None:
    put(tmp_path)
    put(tmp_path, records=RECORDS[2:])
    with Store.open(tmp_path) as opened:
        assert list(opened.records()) == RECORDS[2:]
        assert opened.connection.execute("SELECT count(*) FROM terms").fetchone() == (0,)
        assert opened.connection.execute("SELECT count(*) FROM clause_fts").fetchone() == (1,)
    assert (tmp_path / "records" / "d.jsonl").read_text(encoding="utf-8").count("\n") == 1


def test_remove_document(tmp_path: Path) -> None:
    put(tmp_path)
    with Store.open(tmp_path) as opened, opened.writer() as writer:
        writer.remove_document("d")
    assert list((tmp_path / "records").iterdir()) == []
    with Store.open(tmp_path) as opened:
        assert opened.documents() == []
        for table in ("clauses", "terms", "clause_fts"):
            assert opened.connection.execute(f"SELECT count(*) FROM {table}").fetchone() == (0,)


def stats_from_scratch(opened: Store) -> tuple[dict[str, int], tuple[int, int]]:
    """term_stats and totals recomputed from the FTS rows, the slow way."""
    df: dict[str, int] = {}
    clauses = syllables = 0
    for exact, folded, concepts in opened.connection.execute(
        "SELECT exact, folded, concepts FROM clause_fts"
    ):
        keys = {"e:" + t for t in TOKEN.findall(exact)} | {"f:" + t for t in TOKEN.findall(folded)}
        for key in keys | {"c:" + t for t in concepts.split()}:
            df[key] = df.get(key, 0) + 1
        clauses += 1
        syllables += len(TOKEN.findall(exact))
    return df, (clauses, syllables)


def test_term_stats_follow_every_write(tmp_path: Path) -> None:
    other = Document("e", "e.txt", "x", (Span(0, 1),), DocumentMeta(), "b" * 64)
    steps = [
        lambda w: w.put_document(DOCUMENT, RECORDS, segment_digest="s", glossary_digest="g"),
        lambda w: w.put_document(
            other,
            [make_record("e", 1, 1, 1, "An ninh và an toàn")],
            segment_digest="s",
            glossary_digest="g",
        ),
        lambda w: w.put_document(DOCUMENT, RECORDS[1:], segment_digest="s", glossary_digest="g"),
        lambda w: w.remove_document("d"),
    ]
    for step in steps:
        with Store.open(tmp_path, create=True) as opened, opened.writer() as writer:
            step(writer)
        with Store.open(tmp_path) as opened:
            df, totals = stats_from_scratch(opened)
            stored = dict(opened.connection.execute("SELECT term, df FROM term_stats"))
            assert stored == df and opened.totals() == totals
            assert all(opened.document_frequency(key) == n for key, n in df.items())
    with Store.open(tmp_path) as opened:
        assert opened.document_frequency("f:an") == 1  # once a clause, though twice in it
        assert opened.document_frequency("e:a*") == 1 and opened.document_frequency("e:zz") == 0


def test_a_failed_batch_is_rolled_back(tmp_path: Path, snapshot: Snapshot) -> None:
    put(tmp_path)
    before = snapshot(tmp_path)
    other = Document("e", "e.txt", "x", (Span(0, 1),), DocumentMeta(), "b" * 64)
    with Store.open(tmp_path) as opened:
        with pytest.raises(RuntimeError), opened.writer() as writer:
            writer.put_document(
                other, [make_record("e", 1, 1, 1, "x")], segment_digest="s", glossary_digest="g"
            )
            writer.put_document(DOCUMENT, RECORDS[:1], segment_digest="s", glossary_digest="g")
            raise RuntimeError("interrupted")
        assert not opened.connection.in_transaction
    assert snapshot(tmp_path) == before


def test_the_same_document_twice_in_one_batch(tmp_path: Path) -> None:
    with Store.open(tmp_path, create=True) as opened, opened.writer() as writer:
        writer.put_document(DOCUMENT, RECORDS, segment_digest="s", glossary_digest="g")
        writer.put_document(DOCUMENT, RECORDS[:1], segment_digest="s", glossary_digest="g")
    with Store.open(tmp_path) as opened:
        assert list(opened.records()) == RECORDS[:1]


def test_record_line_is_compact_utf8_json() -> None:
    line = record_line(RECORDS[0])
    assert "an ninh mạng" in line
    assert ", " not in line.replace("Hai Bên an ninh mạng;", "")
    assert json.loads(line) == RECORDS[0].to_dict()
    assert list(json.loads(line)) == [
        "id", "doc", "para", "sent", "clause", "text", "start", "end",
        "words", "structure", "hash", "terms",
    ]  # fmt: skip


def test_prepare_matches_what_put_document_stores() -> None:
    prepared = store.prepare(RECORDS)
    assert prepared.lines == tuple(record_line(r) for r in RECORDS)
    assert prepared.words == 10
    assert prepared.fts[1] == ("và hòa bình.", "va hoa binh.", "")
    assert prepared.terms == ((("cybersecurity", "exact"),), (), ())
    assert prepared.fts[0][1] == normalize.fold(normalize.key(RECORDS[0].text))


def test_concept_token() -> None:
    token = concept_token("capacity-building")
    assert token == concept_token("capacity-building")
    assert token != concept_token("capacity")
    assert token.isalnum() and token.startswith("c") and len(token) == 13


# --- atomicity of a whole ingest run ------------------------------------------


def _changed(corpus: Path) -> None:
    for path in sorted(corpus.glob("*.txt")):
        path.write_text(
            path.read_text(encoding="utf-8") + "Câu mới được thêm vào văn bản.\n", encoding="utf-8"
        )


def _fail_on_second(monkeypatch: pytest.MonkeyPatch, where: str, error: BaseException) -> None:
    """Make the second document's processing (or storing) raise `error`."""
    if where == "segment":
        original = pipeline.segment

        def failing(document, *args, **kwargs):
            if document.id == "beta":
                raise error
            return original(document, *args, **kwargs)

        monkeypatch.setattr(pipeline, "segment", failing)
    else:
        original_put = store.Writer.put_document
        calls = []

        def failing_put(self, document, *args, **kwargs):
            calls.append(document.id)
            if len(calls) == 2:
                raise error
            return original_put(self, document, *args, **kwargs)

        monkeypatch.setattr(store.Writer, "put_document", failing_put)


@pytest.mark.parametrize("where", ["segment", "put_document"])
@pytest.mark.parametrize(
    "error", [RuntimeError("boom"), KeyboardInterrupt()], ids=["error", "interrupt"]
)
def test_failed_run_leaves_previous_records_and_index(
    tmp_path: Path,
    tmp_corpus,
    small_glossary: Glossary,
    snapshot: Snapshot,
    monkeypatch: pytest.MonkeyPatch,
    where: str,
    error: BaseException,
) -> None:
    corpus = tmp_corpus()
    data_dir = tmp_path / "data"
    pipeline.ingest([corpus], data_dir=data_dir, glossary=small_glossary, jobs=1)
    before = snapshot(data_dir)
    assert set(before["files"]) == {"records/alpha.jsonl", "records/beta.jsonl"}

    _changed(corpus)  # both documents must be re-processed
    _fail_on_second(monkeypatch, where, error)
    with pytest.raises(type(error)):
        pipeline.ingest([corpus], data_dir=data_dir, glossary=small_glossary, jobs=1)
    # byte-identical records (and no temporary files left), row-identical index
    assert snapshot(data_dir) == before

    monkeypatch.undo()
    report = pipeline.ingest([corpus], data_dir=data_dir, glossary=small_glossary, jobs=1)
    assert report.processed == ("alpha", "beta")
    assert snapshot(data_dir) != before


def test_failed_first_run_leaves_an_empty_store(
    tmp_path: Path, tmp_corpus, small_glossary: Glossary, monkeypatch: pytest.MonkeyPatch
) -> None:
    corpus = tmp_corpus()
    _fail_on_second(monkeypatch, "segment", RuntimeError("boom"))
    with pytest.raises(RuntimeError):
        pipeline.ingest([corpus], data_dir=tmp_path / "data", glossary=small_glossary, jobs=1)
    assert list((tmp_path / "data" / "records").iterdir()) == []
    with Store.open(tmp_path / "data") as opened:
        assert opened.documents() == []
        assert opened.count() == 0


def test_a_run_that_fails_while_renaming_is_repaired_by_the_next(
    tmp_path: Path, tmp_corpus, small_glossary: Glossary, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The index commits before the records files are renamed into place; a
    # crash in between leaves records that do not match the index, and the next
    # run must notice (records_sha256) and rewrite them.
    corpus = tmp_corpus()
    data_dir = tmp_path / "data"
    pipeline.ingest([corpus], data_dir=data_dir, glossary=small_glossary, jobs=1)
    _changed(corpus)
    replaced = []
    real_replace = store.writer.os.replace

    def failing_replace(src, dst):
        replaced.append(dst)
        if len(replaced) == 2:
            raise OSError("disk gone")
        return real_replace(src, dst)

    monkeypatch.setattr(store.writer.os, "replace", failing_replace)
    with pytest.raises(OSError, match="disk gone"):
        pipeline.ingest([corpus], data_dir=data_dir, glossary=small_glossary, jobs=1)
    monkeypatch.undo()

    report = pipeline.ingest([corpus], data_dir=data_dir, glossary=small_glossary, jobs=1)
    assert report.processed == ("beta",)
    assert report.unchanged == ("alpha",)
    fresh = tmp_path / "fresh"
    pipeline.ingest([corpus], data_dir=fresh, glossary=small_glossary, jobs=1)
    for doc in ("alpha", "beta"):
        name = f"records/{doc}.jsonl"
        assert (data_dir / name).read_bytes() == (fresh / name).read_bytes()
