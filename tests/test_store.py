"""store.py: records files and the SQLite index, written atomically."""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conftest import GLOSSARY_PATH
from normcorpus import ingest as pipeline
from normcorpus import normalize, stemming, store
from normcorpus.errors import Interrupted, StoreError
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
    clause_number,
    concept_token,
    record_line,
    schema,
)
from normcorpus.translations import TranslationRow

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
    with pytest.raises(StoreError, match="another version of normcorpus; run `normcorpus ingest`"):
        Store.open(tmp_path)
    # A writer (ingest, under its lock) builds it again: the index is derived.
    store = Store.open(tmp_path, create=True)
    assert store.replaced_version == "0"
    assert store.documents() == []
    store.close()
    Store.open(tmp_path, create=True).close()  # now of this version: opened as it is
    assert Store.open(tmp_path, create=True).replaced_version is None


def test_ingest_rebuilds_an_index_of_an_older_version(tmp_path: Path) -> None:
    from normcorpus.ingest import ingest

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text("Hợp tác an ninh mạng.\n", encoding="utf-8")
    data = tmp_path / "data"
    assert ingest([corpus], data_dir=data, glossary=GLOSSARY_PATH, jobs=1).ok
    first = (data / "records" / "a.jsonl").read_bytes()
    connection = sqlite3.connect(data / "index.sqlite")
    connection.execute("UPDATE meta SET value = '4' WHERE key = 'store_version'")
    connection.commit()
    connection.close()
    report = ingest([corpus], data_dir=data, glossary=GLOSSARY_PATH, jobs=1)
    assert report.ok
    assert [(n.id, n.warning) for n in report.notices if n.id == "index-rebuilt"] == [
        ("index-rebuilt", False)
    ]
    assert (data / "records" / "a.jsonl").read_bytes() == first
    with Store.open(data) as store:
        assert [d.id for d in store.documents()] == ["a"]


def test_data_dir_that_is_a_file(tmp_path: Path) -> None:
    (tmp_path / "afile").write_text("x", encoding="utf-8")
    with pytest.raises(StoreError):
        Store.open(tmp_path / "afile", create=True)


# --- writing and reading --------------------------------------------------------


def test_clause_hashes_spell_ids_and_fts_rowids_as_python_does(tmp_path: Path) -> None:
    # SQLite spells the ids (printf) and rowids; a kept-whole id and a para of 100 too.
    records = [
        RECORDS[0],
        replace(RECORDS[1], id="d:annex-1", hash="1111111111111111"),
        replace(RECORDS[2], id="d:p100.s01.c01", para=100, hash="2222222222222222"),
    ]
    put(tmp_path, records=records)
    with Store.open(tmp_path) as opened:
        rows = opened.connection.execute(
            "SELECT rowid, length FROM clauses ORDER BY rowid"
        ).fetchall()
        assert opened.clause_hashes("d") == {
            r.id: (schema.fts_rowid(n, length), r.hash)
            for r, (n, length) in zip(records, rows, strict=True)
        }
        assert opened.clause_hashes("nothing") == {}


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
        rowids = [r for (r,) in opened.connection.execute("SELECT fts_rowid FROM clause_records")]
        assert list(opened.records_by_rowid(rowids).values()) == RECORDS
        assert opened.records_by_rowid([]) == {}
        with pytest.raises(StoreError, match="no document 'x'"):
            opened.document_text("x")
        connection = opened.connection
        term = RECORDS[0].terms[0]
        assert connection.execute(
            "SELECT doc, clause_id, concept, term, en, match FROM term_match_list"
        ).fetchall() == [("d", "d:p01.s01.c01", "cybersecurity", term.term, term.en, "exact")]
        assert connection.execute(
            "SELECT article FROM clauses ORDER BY rowid & 4294967295"
        ).fetchall() == [
            ("2",),
            (None,),
            (None,),
        ]
        # The view spells each clause out for sqlite3 and Datasette, and says
        # where its record's line starts in the records file.
        rows = connection.execute(
            "SELECT id, doc, concepts, records_file, records_offset FROM clause_records ORDER BY id"
        ).fetchall()
        assert [row[:3] for row in rows] == [
            (r.id, r.doc, "cybersecurity" if r.terms else None) for r in RECORDS
        ]
        for (_, _, _, file, offset), record in zip(rows, RECORDS, strict=True):
            line = (tmp_path / file).read_bytes()[offset:].split(b"\n", 1)[0]
            assert line.decode("utf-8") == record_line(record)
        # A clause's rowid is its length in syllables above its number.
        assert [
            (clause_length(r), clause_number(r)) for r in sorted(rowids, key=clause_number)
        ] == [(len(TOKEN.findall(record.text)), n) for n, record in enumerate(RECORDS, 1)]
        # Contentless FTS: the text is in `clauses` only, and the FTS rows have the rowids.
        hits = connection.execute(
            "SELECT rowid FROM clause_fts WHERE clause_fts MATCH 'folded: \"an ninh mang\"'"
        ).fetchall()
        assert hits == [(min(rowids, key=clause_number),)]
        assert (
            connection.execute(
                "SELECT rowid FROM clause_fts WHERE clause_fts MATCH ?",
                (f'concepts: "{concept_token("cybersecurity")}"',),
            ).fetchall()
            == hits
        )
        connection.execute("INSERT INTO clause_fts (clause_fts) VALUES ('integrity-check')")
        # No JSON record and no document text are kept beside the JSONL.
        assert connection.execute("SELECT text FROM documents").fetchall() == [(None,)]


def test_records_by_rowid_in_chunks(tmp_path: Path) -> None:
    records = [make_record("d", p, 1, 1, f"Đoạn {p}.") for p in range(1, 1202)]
    put(tmp_path, records=records)
    with Store.open(tmp_path) as opened:
        rowids = [r for (r,) in opened.connection.execute("SELECT fts_rowid FROM clause_records")]
        assert len(opened.records_by_rowid(rowids)) == 1201


def test_replacing_a_document(tmp_path: Path) -> None:
    put(tmp_path)
    put(tmp_path, records=RECORDS[2:])
    with Store.open(tmp_path) as opened:
        assert list(opened.records()) == RECORDS[2:]
        assert opened.connection.execute("SELECT count(*) FROM term_matches").fetchone() == (0,)
        assert fts_rowids(opened) == [
            r for (r,) in opened.connection.execute("SELECT fts_rowid FROM clause_records")
        ]
    assert (tmp_path / "records" / "d.jsonl").read_text(encoding="utf-8").count("\n") == 1


def test_a_snapshot_reads_the_records_it_indexes_after_a_batch_replaced_them(
    tmp_path: Path,
) -> None:
    put(tmp_path)
    changed = [replace(r, text=r.text.upper(), hash="fedcba9876543210") for r in RECORDS]
    with Store.open(tmp_path) as reader:
        with reader.snapshot():
            rowids = [
                r for (r,) in reader.connection.execute("SELECT fts_rowid FROM clause_records")
            ]
            put(tmp_path, records=changed)  # another connection commits a new version
            # The file in place is the new one; this snapshot still gets the old.
            assert list(reader.records_by_rowid(rowids).values()) == RECORDS
            assert list(reader.records("d")) == RECORDS
        assert list(reader.records("d")) == changed
    # The replaced version is kept apart, not among the records.
    assert [p.name for p in (tmp_path / "records").iterdir()] == ["d.jsonl"]
    assert len(list((tmp_path / store.schema.PREVIOUS_DIR).iterdir())) == 1


def test_a_records_file_changed_by_hand_is_refused_and_replaced_cleanly(tmp_path: Path) -> None:
    put(tmp_path)
    path = tmp_path / "records" / "d.jsonl"
    path.write_text(path.read_text(encoding="utf-8").replace("Hai", "Ba"), encoding="utf-8")
    with Store.open(tmp_path) as opened, pytest.raises(StoreError, match="changed by hand"):
        opened.record("d:p01.s01.c01")
    # Writing the document again cannot take its old tokens from the file: the
    # FTS index is made again, and holds the new version only.
    changed = [replace(r, text=r.text.replace("Hai", "Bốn")) for r in RECORDS]
    put(tmp_path, records=changed)
    with Store.open(tmp_path) as opened:
        assert list(opened.records("d")) == changed
        assert opened.any_match('exact: "bốn"')
        assert not opened.any_match('exact: "hai bên"')
        assert not opened.any_match('exact: "ba bên"')


def test_many_records_of_one_file_read_as_few(tmp_path: Path) -> None:
    # Past reader._WHOLE_FILE_ROWS records the file is read whole, else line by line.
    many = [
        make_record("d", p, 1, 1, f"Đoạn {p} an ninh mạng.", start=30 * p) for p in range(1, 41)
    ]
    put(tmp_path, replace(DOCUMENT, text="x" * 1300), many)
    with Store.open(tmp_path) as opened:
        assert list(opened.records("d")) == many
        assert [opened.record(r.id) for r in many[::7]] == many[::7]


def test_remove_document(tmp_path: Path) -> None:
    put(tmp_path)
    with Store.open(tmp_path) as opened, opened.writer() as writer:
        writer.remove_document("d")
    assert list((tmp_path / "records").iterdir()) == []
    with Store.open(tmp_path) as opened:
        assert opened.documents() == []
        for table in ("clauses", "term_matches"):
            assert opened.connection.execute(f"SELECT count(*) FROM {table}").fetchone() == (0,)
        assert fts_rowids(opened) == []


def fts_rowids(opened: Store) -> list[int]:
    """The rowids of the Vietnamese FTS rows (every clause holds some token)."""
    vocabulary = opened.connection.execute(
        "CREATE VIRTUAL TABLE IF NOT EXISTS temp.v USING fts5vocab(main, 'clause_fts', 'row')"
    )
    terms = [t for (t,) in opened.connection.execute("SELECT term FROM temp.v")]
    del vocabulary
    found: set[int] = set()
    for term in terms:
        found.update(
            r
            for (r,) in opened.connection.execute(
                "SELECT rowid FROM clause_fts WHERE clause_fts MATCH ?", (f'"{term}"',)
            )
        )
    return sorted(found)


def stats_from_scratch(opened: Store) -> tuple[dict[str, int], tuple[int, int]]:
    """term_stats and totals recomputed from the stored clauses, the slow way."""
    df: dict[str, int] = {}
    clauses = syllables = 0
    for record in opened.records():
        exact = record.text.lower()
        folded = normalize.fold(exact)
        concepts = {concept_token(t.concept) for t in record.terms}
        keys = {"e:" + t for t in TOKEN.findall(exact)} | {"f:" + t for t in TOKEN.findall(folded)}
        for key in keys | {"c:" + t for t in concepts}:
            df[key] = df.get(key, 0) + 1
        clauses += 1
        syllables += len(TOKEN.findall(exact))
    return df, (clauses, syllables)


@pytest.mark.parametrize("small_batch", [20_000, 0], ids=["counted", "refreshed"])
def test_term_stats_follow_every_write(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, small_batch: int
) -> None:
    # A small batch counts its rows as they go; a large one (here: any) refreshes
    # the statistics from FTS5's vocabulary at commit. Both must give the truth.
    monkeypatch.setattr(store.writer, "SMALL_BATCH", small_batch)
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
    assert prepared.terms == (
        (("cybersecurity", "an ninh mạng", "cybersecurity", "exact"),),
        (),
        (),
    )
    # The file's bytes, and where each line starts in them (`clauses.line`).
    assert prepared.data == "".join(line + "\n" for line in prepared.lines).encode("utf-8")
    assert prepared.sizes == tuple(len((line + "\n").encode("utf-8")) for line in prepared.lines)
    assert prepared.fts[0][1] == normalize.fold(normalize.key(RECORDS[0].text))


_VIETNAMESE = (
    "aăâbcdđeêghiklmnoôơpqrstuưvxyàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ"
)
_CLAUSE_TEXT = st.text(
    st.sampled_from(_VIETNAMESE + _VIETNAMESE.upper() + " ,.;:()“”–0123456789\u00a0")
    | st.characters(blacklist_categories=("Cs",)),  # a lone surrogate has no UTF-8 line
    max_size=40,
)


@given(
    st.lists(
        st.builds(
            ClauseRecord,
            id=st.sampled_from(["d:p01.s02.c03", "d:p1.s2.c3", "d:art-5", "other:p01.s02.c03"]),
            doc=st.just("d"),
            para=st.just(1),
            sent=st.just(2),
            clause=st.just(3),
            text=_CLAUSE_TEXT,
            start=st.integers(0, 100),
            end=st.integers(0, 100),
            words=st.lists(st.text(max_size=3), max_size=3).map(tuple),
            structure=st.builds(Structure, article=st.none() | st.sampled_from(["5", "6a"])),
            hash=st.from_regex(r"[0-9a-f]{16}", fullmatch=True),
            terms=st.lists(
                st.builds(
                    TermMatch,
                    concept=st.sampled_from(["sovereignty", "cybersecurity", "a-b"]),
                    term=st.just("t"),
                    surface=st.just("t"),
                    en=st.just("e"),
                    start=st.just(0),
                    end=st.just(1),
                    match=st.sampled_from(["exact", "folded"]),
                    score=st.just(1.0),
                ),
                max_size=3,
            ).map(tuple),
        ),
        max_size=4,
    )
)
def test_prepare_rows_are_the_plain_rules(records: list[ClauseRecord]) -> None:
    # prepare makes each row in one pass a record; these are the rules it stands for.
    prepared = store.prepare(records)
    assert prepared.words == sum(len(r.words) for r in records)
    assert len(prepared.clauses) == len(prepared.fts) == len(prepared.terms) == len(records)
    for record, row, span, fts, terms in zip(
        records, prepared.clauses, prepared.spans, prepared.fts, prepared.terms, strict=True
    ):
        exact = record.text.lower()
        concepts = sorted({t.concept for t in record.terms})
        assert fts == (exact, normalize.fold(exact), " ".join(map(concept_token, concepts)))
        local = record.id.split(":", 1)[1] if record.id.startswith("d:") else record.id
        assert row == (
            record.para,
            record.sent,
            record.clause,
            None if local == "p01.s02.c03" else local,
            record.structure.article,
            len(TOKEN.findall(exact)),
            record.start,
            record.hash,
        )
        assert span == (record.start, record.end, record.text)
        assert terms == tuple((t.concept, t.term, t.en, t.match) for t in record.terms)


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
    # Ctrl-C becomes one `Interrupted` that says nothing was changed (issue 18).
    expected = Interrupted if isinstance(error, KeyboardInterrupt) else type(error)
    with pytest.raises(expected) as raised:
        pipeline.ingest([corpus], data_dir=data_dir, glossary=small_glossary, jobs=1)
    if expected is Interrupted:
        assert str(raised.value) == "interrupted; nothing was changed"
        assert raised.value.exit_code == 130
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
    # Readers say what happened rather than find nothing (issue 18).
    with pytest.raises(StoreError, match="no ingest has finished there"):
        Store.open(tmp_path / "data")
    with Store.open(tmp_path / "data", create=True) as opened:
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


# --- records read back from their files --------------------------------------------


def test_every_record_field_comes_back_from_the_index(tmp_path: Path) -> None:
    # Records are read back from their lines in the records file: odd ids, ends,
    # surfaces and words come back as they were given.
    text = "Điều 2. An ninh mạng"
    odd = [
        make_record("d", 1, 1, 1, text, structure=Structure(chapter="I", article="2")),
        replace(make_record("d", 1, 1, 2, text, start=30), id="d:p001.s01.c02"),
        replace(make_record("d", 1, 1, 3, text, start=60), id="other:p01.s01.c03"),
        replace(make_record("d", 1, 2, 1, text, start=90), end=200),
        make_record(
            "d", 1, 2, 2, text, start=120, terms=(replace(TERM, start=9, end=20, surface="AN"),)
        ),
        replace(make_record("d", 1, 2, 3, text, start=150), words=("An", "ninh", "mạnh")),
    ]
    document = replace(DOCUMENT, text="x" * 200)
    put(tmp_path, document, odd)
    with Store.open(tmp_path) as opened:
        assert list(opened.records("d")) == odd
        found = [r for r in odd if r.id.startswith("d:")]  # an id is looked up by its document
        assert [opened.record(r.id) for r in found] == found
        assert opened.document_text("d") == "x" * 200  # the clauses cannot rebuild it


def test_a_foreign_sqlite_file_is_refused_and_left_as_it_is(tmp_path: Path) -> None:
    index = tmp_path / "index.sqlite"
    connection = sqlite3.connect(index)
    connection.execute("CREATE TABLE notes (body TEXT)")
    connection.execute("INSERT INTO notes VALUES ('mine')")
    connection.commit()
    connection.close()
    before = index.read_bytes()
    for create in (False, True):
        with pytest.raises(StoreError, match="is not a normcorpus index"):
            Store.open(tmp_path, create=create)
    assert index.read_bytes() == before
    with Store.open(tmp_path / "ours", create=True) as opened:
        assert opened.connection.execute("PRAGMA application_id").fetchone() == (
            store.APPLICATION_ID,
        )


def english_from_scratch(opened: Store) -> dict[str, int]:
    df: dict[str, int] = {}
    current = opened.translations([r.id for r in opened.records()])
    for en in current.values():
        for token in set(stemming.stems(en).split()):
            df["n:" + token] = df.get("n:" + token, 0) + 1
    return df


@pytest.mark.parametrize("small_batch", [20_000, 0], ids=["counted", "refreshed"])
def test_the_english_index_holds_the_current_translations_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, small_batch: int
) -> None:
    monkeypatch.setattr(store.writer, "SMALL_BATCH", small_batch)
    put(tmp_path)
    rows = [
        TranslationRow("d:p01.s01.c01", "0123456789abcdef", "Both Parties: cybersecurity;"),
        TranslationRow("d:p01.s01.c02", "stale-hash", "and peaceful norms."),
        TranslationRow("d:p02.s01.c01", "0123456789abcdef", ""),
    ]
    with Store.open(tmp_path) as opened, opened.writer() as writer:
        writer.put_translations("d", rows, sha256="t")
    with Store.open(tmp_path) as opened:
        assert opened.translations([r.id for r in RECORDS]) == {
            "d:p01.s01.c01": "Both Parties: cybersecurity;"
        }
        assert opened.any_match('en : "parti"', side="en")
        assert not opened.any_match('en : "norm"', side="en")  # stale: not indexed
        df = english_from_scratch(opened)
        stored = {
            k: v
            for k, v in opened.connection.execute("SELECT term, df FROM term_stats")
            if k.startswith("n:")
        }
        assert stored == df and opened.totals("en") == (1, 3)
    # The clause changes: its translation is stale now, and leaves the index.
    changed = [replace(RECORDS[0], hash="fedcba9876543210"), *RECORDS[1:]]
    put(tmp_path, records=changed)
    with Store.open(tmp_path) as opened:
        assert opened.translations([r.id for r in RECORDS]) == {}
        assert not opened.any_match('en : "parti"', side="en")
        assert opened.totals("en") == (0, 0)
        opened.connection.execute(
            "INSERT INTO english_fts (english_fts) VALUES ('integrity-check')"
        )


def test_a_changed_tokeniser_rebuilds_both_fts_tables(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    put(tmp_path)
    with Store.open(tmp_path) as opened, opened.writer() as writer:
        writer.put_translations(
            "d", [TranslationRow("d:p01.s01.c01", "0123456789abcdef", "norms")], sha256="t"
        )
    with Store.open(tmp_path) as opened:
        before = opened.connection.execute("SELECT term, df FROM term_stats").fetchall()
    # Folding that changed between two runs: the old tokens are deleted as
    # they were inserted (by a full rebuild), never with the new ones.
    monkeypatch.setattr(store.writer, "tokens_digest", lambda: "another")
    with Store.open(tmp_path) as opened, opened.writer():
        pass
    with Store.open(tmp_path) as opened:
        assert opened.meta_value("tokens_digest") == "another"
        assert opened.connection.execute("SELECT term, df FROM term_stats").fetchall() == before
        for table in ("clause_fts", "english_fts"):
            opened.connection.execute(f"INSERT INTO {table} ({table}) VALUES ('integrity-check')")
        assert opened.any_match('en : "norm"', side="en")
        assert opened.any_match('folded : "an ninh mang"')


def test_a_metadata_value_of_the_wrong_type_matches_no_filter(tmp_path: Path) -> None:
    from normcorpus.filters import Filters
    from normcorpus.search import Corpus

    odd = replace(DOCUMENT, meta=DocumentMeta(kind={"a": "b"}, date=20180428))  # type: ignore[arg-type]
    put(tmp_path, odd)
    with Corpus(Store.open(tmp_path)) as corpus:
        assert corpus.search("an ninh", Filters(kind="a")).hits == ()
        assert corpus.search("an ninh", Filters(since="2018")).hits == ()
        assert corpus.search("an ninh", Filters(side="vi")).hits


def test_records_in_chunks_are_stored_as_the_whole(
    tmp_path: Path, content_snapshot: Snapshot
) -> None:
    # ingest hands a long document over in chunks, made as they are taken
    from normcorpus.store import prepare

    put(tmp_path / "whole")
    chunks = (prepare(RECORDS[i : i + 2]) for i in range(0, len(RECORDS), 2))
    put(tmp_path / "chunks", records=chunks)
    # FTS5's pages depend on the order rows reach it (each chunk sorted by rowid):
    # what they hold is compared, term by term and position by position.
    whole = content_snapshot(tmp_path / "whole")
    assert content_snapshot(tmp_path / "chunks") == whole
    assert whole["rows"]["clause_fts postings"]  # the comparison saw the index
    assert (tmp_path / "chunks" / "records" / "d.jsonl").read_bytes() == (
        tmp_path / "whole" / "records" / "d.jsonl"
    ).read_bytes()


def _held_rows_batch(data_dir: Path) -> None:
    """One batch through every way the writer's held FTS rows (`_flush_fts`) are
    taken back: a document written twice, one that fails after a chunk, one removed."""
    from normcorpus.errors import NormcorpusError
    from normcorpus.store import prepare
    from normcorpus.store.writer import DocumentFailed

    (a, a_records), (b, b_records), (c, c_records), (e, e_records) = _documents("abce")
    long_text = "an ninh mạng " * 2_000  # 26,000 characters, in both Vietnamese columns

    def failing_chunks():  # type: ignore[no-untyped-def]
        yield prepare([replace(c_records[0], text=long_text, end=len(long_text))])
        raise NormcorpusError("the tagger failed half-way", path="corpus/c.txt")

    with Store.open(data_dir, create=True) as opened, opened.writer() as writer:
        for document, records in ((a, a_records), (b, b_records), (a, a_records[1:])):
            writer.put_document(document, records, segment_digest="s", glossary_digest="g")
        with pytest.raises(DocumentFailed):
            writer.put_document(c, failing_chunks(), segment_digest="s", glossary_digest="g")
        writer.remove_document("b")
        writer.put_document(e, e_records, segment_digest="s", glossary_digest="g")


@pytest.mark.parametrize("block", [1, 10_000], ids=["every-chunk", "inside-a-failed-document"])
def test_held_fts_rows_reach_the_index_once_however_they_are_flushed(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    content_snapshot: Snapshot,
    block: int,
) -> None:
    # The writer holds new clause_fts rows and inserts them a block at a time. With
    # a block of 10,000 characters, a and e's rows are still held when c starts; c's
    # long chunk flushes them inside c's savepoint, c fails, and its rollback must
    # hold them again. With 1, every chunk and document flushes (rows replaced or
    # removed later are deleted from FTS5); with the default, none does before the
    # commit (rows replaced or removed are dropped from what is held). Each must
    # index the same postings, and the statistics must be the truth.
    monkeypatch.setattr(store.writer, "SMALL_BATCH", 0)  # statistics from FTS5 itself
    _held_rows_batch(tmp_path / "held")
    monkeypatch.setattr(store.writer, "FTS_BLOCK_CHARS", block)
    _held_rows_batch(tmp_path / "flushed")
    held = content_snapshot(tmp_path / "held")
    assert content_snapshot(tmp_path / "flushed") == held
    assert held["rows"]["clause_fts postings"]  # type: ignore[index]
    with Store.open(tmp_path / "flushed") as opened:
        assert [r.doc for r in opened.records()] == ["a", "a", "e", "e", "e"]
        df, totals = stats_from_scratch(opened)
        assert dict(opened.connection.execute("SELECT term, df FROM term_stats")) == df
        assert opened.totals() == totals
        assert not opened.any_match('exact : "ninh mạng an"')  # c's long text is gone


def _documents(names: str) -> list[tuple[Document, list[ClauseRecord]]]:
    out = []
    for name in names:
        records = [replace(r, id=r.id.replace("d:", f"{name}:"), doc=name) for r in RECORDS]
        out.append((replace(DOCUMENT, id=name, path=f"corpus/{name}.txt"), records))
    return out


def _segments(data_dir: Path) -> int:
    connection = sqlite3.connect(data_dir / schema.INDEX_NAME)
    try:
        return connection.execute("SELECT count(DISTINCT segid) FROM clause_fts_idx").fetchone()[0]
    finally:
        connection.close()


def test_a_first_build_leaves_one_fts_segment_and_small_batches_do_not_merge(
    tmp_path: Path,
) -> None:
    # Each document is a savepoint, at which FTS5 flushes a segment of its own.
    with Store.open(tmp_path, create=True) as opened, opened.writer() as writer:
        for document, records in _documents("abcd"):
            writer.put_document(document, records, segment_digest="s", glossary_digest="g")
    assert _segments(tmp_path) == 1  # merged: the batch built the index
    with Store.open(tmp_path) as opened, opened.writer() as writer:
        for document, records in _documents("e"):
            writer.put_document(document, records, segment_digest="s", glossary_digest="g")
    assert _segments(tmp_path) == 2  # a fifth more: left to FTS5's automerge
    with Store.open(tmp_path) as opened:
        assert opened.any_match('exact : "hòa bình"')
        assert int(opened.meta_value("fts_clauses") or 0) == 15


def test_a_reader_whose_pending_temp_file_was_renamed_reads_the_final_one(
    tmp_path: Path,
) -> None:
    # A snapshot taken after a batch committed and before its renames lists the temp
    # file; by the time it reads, the file may be in place (the concurrency bench
    # found 90 searches failing in that window).
    from normcorpus.ingest import ingest

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text("Hợp tác an ninh mạng.\n", encoding="utf-8")
    data = tmp_path / "data"
    assert ingest([corpus], data_dir=data, glossary=GLOSSARY_PATH, jobs=1).ok
    connection = sqlite3.connect(data / "index.sqlite")
    connection.execute("INSERT INTO pending_files VALUES ('.a.jsonl.1.1.tmp', 'a.jsonl')")
    connection.commit()
    connection.close()
    with Store.open(data) as opened:
        assert [r.text for r in opened.records("a")] == ["Hợp tác an ninh mạng."]


@given(st.integers(-200, 10**6), st.integers(-200, 10**6), st.integers(-200, 10**6))
def test_canonical_local_is_the_segmenters_spelling(para: int, sent: int, clause: int) -> None:
    # The segmenter's spelling of a clause id, pNN.sNN.cNN (two digits at least).
    from normcorpus.store.schema import canonical_local

    assert canonical_local(para, sent, clause) == f"p{para:02d}.s{sent:02d}.c{clause:02d}"
