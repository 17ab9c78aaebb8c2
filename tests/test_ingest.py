"""ingest.py: the pipeline end to end, golden tests on both statements,
determinism, incremental runs, and bad inputs."""

from __future__ import annotations

import gc
import json
import shutil
from collections import Counter
from pathlib import Path

import pytest

from normcorpus import ingest as pipeline
from normcorpus import segment
from normcorpus.errors import GlossaryError, InputError
from normcorpus.glossary import make_glossary
from normcorpus.models import ClauseRecord, Glossary
from normcorpus.store import Store

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
STATEMENTS = ("asean-2018-cybersecurity", "vn-ru-2017-infosec")
CHROME = (
    "Tin liên quan",
    "Tin cùng chuyên mục",
    "Kinh tế Việt Nam",
    "Ảnh: TTXVN",
    ">>>",
    "Ngày đăng",
    "TTXVN trân trọng giới thiệu",
    "APEC 2017:",
)
TIMESTAMP = r"\d{1,2}:\d{2}'? - \d{1,2}/\d{1,2}/\d{4}"

Records = dict[str, list[ClauseRecord]]


def record_bytes(data_dir: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted((data_dir / "records").iterdir())}


# --- golden tests on the two statements ----------------------------------------


@pytest.mark.parametrize("doc", STATEMENTS)
def test_golden_clause_ids(corpus_records: Records, golden, doc: str) -> None:
    golden.check(f"{doc}.ids.txt", "".join(r.id + "\n" for r in corpus_records[doc]))


@pytest.mark.parametrize("doc", STATEMENTS)
def test_golden_first_and_last_clause(corpus_records: Records, golden, doc: str) -> None:
    records = corpus_records[doc]
    ends = {"first": records[0].text, "last": records[-1].text}
    golden.check(f"{doc}.ends.json", json.dumps(ends, ensure_ascii=False, indent=2) + "\n")


def test_russian_statement_first_and_last_words(corpus_records: Records) -> None:
    records = corpus_records["vn-ru-2017-infosec"]
    assert records[0].id == "vn-ru-2017-infosec:p01.s01.c01"
    assert records[0].text.startswith("Chủ tịch nước Cộng hòa xã hội chủ nghĩa Việt Nam")
    assert records[-1].text.endswith(
        "ký kết thỏa thuận hợp tác song phương trong lĩnh vực bảo đảm an ninh thông tin quốc tế"
    )


def test_asean_statement_first_and_last_words(corpus_records: Records) -> None:
    records = corpus_records["asean-2018-cybersecurity"]
    assert records[0].text.startswith("Tại Hội nghị thượng đỉnh lần này")
    assert records[-1].text.endswith("in the Context of International Security - UNGGE).")


@pytest.mark.parametrize("doc", STATEMENTS)
def test_no_record_contains_chrome(corpus_records: Records, doc: str) -> None:
    import re

    assert corpus_records[doc]
    for record in corpus_records[doc]:
        for chrome in CHROME:
            assert chrome not in record.text, (record.id, chrome)
        assert not re.search(TIMESTAMP, record.text), record.id


def _terms(records: list[ClauseRecord], surface: str):
    """(record, term) for every term whose surface is or holds `surface` as written."""
    hits = [(r, t) for r in records for t in r.terms if surface in t.surface]
    assert hits, f"no term with surface containing {surface!r}"
    return hits


@pytest.mark.parametrize(
    ("surface", "kind", "concept"),
    [
        ("de dọa", "folded", "threat"),
        ("hơp tác", "fuzzy", "cooperation"),
        ("thỏa luận", "fuzzy", "discussion"),
        ("xuyên xuyết", "fuzzy", "cross-cutting"),
        ("Liên Hợp Quốc", "variant", "united-nations"),
    ],
)
def test_asean_typos_align(corpus_records: Records, surface: str, kind: str, concept: str) -> None:
    hits = _terms(corpus_records["asean-2018-cybersecurity"], surface)
    # the shortest surface holding it is the match for the typo itself
    record, term = min(hits, key=lambda hit: len(hit[1].surface))
    assert (term.match, term.concept) == (kind, concept)
    assert 0.7 <= term.score <= 1.0
    assert record.text[term.start : term.end] == term.surface


def test_mang_lai_does_not_align_to_mang(corpus_records: Records) -> None:
    records = corpus_records["asean-2018-cybersecurity"]
    (record,) = [r for r in records if "mang lại" in r.text]
    assert not [t for t in record.terms if "mang" in t.surface.lower()]
    # nowhere is a written `mang` read as the glossary's `mạng` (`quy tắc mang tính`
    # is not `quy tắc mạng`)
    for record in records:
        for term in record.terms:
            pairs = zip(term.surface.lower().split(), term.term.lower().split(), strict=False)
            assert ("mang", "mạng") not in set(pairs), (record.id, term)


def test_records_match_the_schema(corpus_data_dir: Path) -> None:
    import jsonschema

    schema = json.loads((ROOT / "src/normcorpus/resources/record.schema.json").read_text())
    validator = jsonschema.Draft202012Validator(schema)
    for doc in STATEMENTS:
        for line in (corpus_data_dir / "records" / f"{doc}.jsonl").read_text().splitlines():
            validator.validate(json.loads(line))


def test_records_files_equal_the_index(corpus_data_dir: Path, corpus_records: Records) -> None:
    with Store.open(corpus_data_dir) as opened:
        for doc in STATEMENTS:
            assert list(opened.records(doc)) == corpus_records[doc]
        infos = {i.id: i for i in opened.documents()}
        for doc in STATEMENTS:
            assert infos[doc].clauses == len(corpus_records[doc])
            assert infos[doc].words == sum(len(r.words) for r in corpus_records[doc])


def test_aligned_records_in_memory(corpus_records: Records, real_glossary: Glossary) -> None:
    records = list(pipeline.aligned_records([CORPUS], real_glossary))
    assert records == corpus_records[STATEMENTS[0]] + corpus_records[STATEMENTS[1]]


# --- determinism -------------------------------------------------------------


def test_reingest_is_byte_identical(corpus_data_dir: Path, tmp_path: Path) -> None:
    # a second, fresh data directory, and worker processes this time
    report = pipeline.ingest([CORPUS], data_dir=tmp_path, glossary=ROOT / "glossary.yaml", jobs=2)
    assert report.ok
    first, second = record_bytes(corpus_data_dir), record_bytes(tmp_path)
    assert sorted(first) == [f"{doc}.jsonl" for doc in STATEMENTS]
    assert first == second


def test_records_do_not_depend_on_the_chunk_size(
    corpus_data_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A chunk is segmented, then aligned, then prepared (ingest._chunks): chunks
    # of 7 clauses cut every document many times, and nothing moves.
    monkeypatch.setattr(pipeline, "_CHUNK", 7)
    report = pipeline.ingest([CORPUS], data_dir=tmp_path, glossary=ROOT / "glossary.yaml", jobs=1)
    assert report.ok
    assert record_bytes(tmp_path) == record_bytes(corpus_data_dir)


# --- incremental runs --------------------------------------------------------


def test_second_run_on_the_real_corpus_is_all_unchanged(
    corpus_data_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data_dir = tmp_path / "copy"
    shutil.copytree(corpus_data_dir, data_dir)
    monkeypatch.setattr(pipeline, "_process", _must_not_run)
    report = pipeline.ingest([CORPUS], data_dir=data_dir, glossary=ROOT / "glossary.yaml")
    assert report.unchanged == STATEMENTS
    assert (report.processed, report.realigned, report.removed, report.errors) == ((),) * 4
    assert record_bytes(data_dir) == record_bytes(corpus_data_dir)


@pytest.fixture
def small_run(tmp_path: Path, tmp_corpus, small_glossary: Glossary):
    """A two-document corpus ingested once with the small glossary."""
    corpus = tmp_corpus()
    data_dir = tmp_path / "data"
    report = pipeline.ingest([corpus], data_dir=data_dir, glossary=small_glossary, jobs=1)
    assert report.processed == ("alpha", "beta")
    return corpus, data_dir


def test_first_run_report(small_run, small_glossary: Glossary) -> None:
    corpus, data_dir = small_run
    with Store.open(data_dir) as opened:
        records = list(opened.records())
    # run again to read the summary of the same store
    report = pipeline.ingest([corpus], data_dir=data_dir, glossary=small_glossary, jobs=1)
    assert report.documents == 2
    assert report.clauses == len(records) == 6  # two title lines (paragraph 0), four clauses
    assert report.words == sum(len(r.words) for r in records)
    kinds = Counter(t.match for r in records for t in r.terms)
    assert report.matches == {k: kinds.get(k, 0) for k in ("exact", "variant", "folded", "fuzzy")}
    assert report.matches["fuzzy"] == 2 and report.matches["variant"] == 1
    assert report.to_dict()["errors"] == []


def test_unchanged_run_processes_nothing(small_run, small_glossary, monkeypatch) -> None:
    corpus, data_dir = small_run
    before = record_bytes(data_dir)
    monkeypatch.setattr(pipeline, "_process", _must_not_run)
    report = pipeline.ingest([corpus], data_dir=data_dir, glossary=small_glossary, jobs=1)
    assert (report.processed, report.realigned) == ((), ())
    assert report.unchanged == ("alpha", "beta")
    assert record_bytes(data_dir) == before


def _must_not_run(*args, **kwargs):
    raise AssertionError("underthesea / segmentation must not run")


def test_changed_glossary_realigns_without_segmenting(
    small_run, small_glossary: Glossary, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    corpus, data_dir = small_run
    smaller = make_glossary([c for c in small_glossary.concepts if c.id != "cooperation"])
    fresh = tmp_path / "fresh"
    pipeline.ingest([corpus], data_dir=fresh, glossary=smaller, jobs=1)

    monkeypatch.setattr(segment, "segment", _must_not_run)
    monkeypatch.setattr(pipeline, "segment", _must_not_run)
    monkeypatch.setattr(segment, "_tokenizers", _must_not_run)
    report = pipeline.ingest([corpus], data_dir=data_dir, glossary=smaller, jobs=1)
    assert report.processed == ()
    assert report.realigned == ("alpha", "beta")
    assert record_bytes(data_dir) == record_bytes(fresh)
    with Store.open(data_dir) as opened:
        concepts = {t.concept for r in opened.records() for t in r.terms}
        assert "cooperation" not in concepts
        assert opened.connection.execute(
            "SELECT count(*) FROM term_match_list WHERE concept = 'cooperation'"
        ).fetchone() == (0,)
    # and then it is unchanged
    report = pipeline.ingest([corpus], data_dir=data_dir, glossary=smaller, jobs=1)
    assert report.unchanged == ("alpha", "beta")


def test_changed_document_is_reprocessed(small_run, small_glossary: Glossary) -> None:
    corpus, data_dir = small_run
    before = record_bytes(data_dir)
    beta = corpus / "beta.txt"
    beta.write_text(beta.read_text(encoding="utf-8") + "Một câu mới.\n", encoding="utf-8")
    report = pipeline.ingest([corpus], data_dir=data_dir, glossary=small_glossary, jobs=1)
    assert report.processed == ("beta",)
    assert report.unchanged == ("alpha",)
    after = record_bytes(data_dir)
    assert after["alpha.jsonl"] == before["alpha.jsonl"]
    assert after["beta.jsonl"] != before["beta.jsonl"]
    assert after["beta.jsonl"].decode().rstrip("\n").endswith('"terms":[]}')


def test_changed_metadata_is_reprocessed(small_run, small_glossary: Glossary) -> None:
    corpus, data_dir = small_run
    (corpus / "alpha.meta.yaml").write_text("kind: test\n", encoding="utf-8")
    report = pipeline.ingest([corpus], data_dir=data_dir, glossary=small_glossary, jobs=1)
    assert report.processed == ("alpha",)
    with Store.open(data_dir) as opened:
        assert {d.id: d.meta.kind for d in opened.documents()} == {"alpha": "test", "beta": None}


def test_damaged_records_file_is_rewritten(small_run, small_glossary: Glossary) -> None:
    corpus, data_dir = small_run
    before = record_bytes(data_dir)
    (data_dir / "records" / "alpha.jsonl").write_text("damaged\n", encoding="utf-8")
    report = pipeline.ingest([corpus], data_dir=data_dir, glossary=small_glossary, jobs=1)
    assert report.processed == ("alpha",)
    assert record_bytes(data_dir) == before


def test_prune_removes_documents_no_longer_given(small_run, small_glossary: Glossary) -> None:
    corpus, data_dir = small_run
    (corpus / "beta.txt").unlink()
    report = pipeline.ingest([corpus], data_dir=data_dir, glossary=small_glossary, jobs=1)
    assert report.removed == () and report.documents == 2  # without prune: kept
    report = pipeline.ingest(
        [corpus], data_dir=data_dir, glossary=small_glossary, jobs=1, prune=True
    )
    assert report.removed == ("beta",)
    assert report.documents == 1
    assert list(record_bytes(data_dir)) == ["alpha.jsonl"]


def test_progress_is_reported(tmp_path: Path, tmp_corpus, small_glossary: Glossary) -> None:
    calls = []
    pipeline.ingest(
        [tmp_corpus()],
        data_dir=tmp_path / "data",
        glossary=small_glossary,
        jobs=1,
        progress=lambda doc, done, total: calls.append((doc, done, total)),
    )
    assert calls == [("alpha", 1, 2), ("beta", 2, 2)]


def test_glossary_path_is_loaded(tmp_path: Path, tmp_corpus, small_glossary_path: Path) -> None:
    report = pipeline.ingest(
        [tmp_corpus()], data_dir=tmp_path / "data", glossary=small_glossary_path, jobs=1
    )
    assert report.processed == ("alpha", "beta")


def test_collector_runs_less_often_during_ingest_and_is_restored(
    tmp_path: Path, tmp_corpus, small_glossary: Glossary
) -> None:
    before = gc.get_threshold()
    seen = []
    try:
        gc.set_threshold(123, 7, 9)
        pipeline.ingest(
            [tmp_corpus()],
            data_dir=tmp_path / "data",
            glossary=small_glossary,
            jobs=1,
            progress=lambda doc, done, total: seen.append(gc.get_threshold()),
        )
        after = gc.get_threshold()
    finally:
        gc.set_threshold(*before)
    assert seen and all(t == (pipeline._YOUNG_THRESHOLD, 7, 9) for t in seen)
    assert after == (123, 7, 9)


# --- the legal fixture end to end ----------------------------------------------


def test_legal_text_records(tmp_path: Path, small_glossary: Glossary) -> None:
    legal = Path(__file__).resolve().parent / "data" / "legal"
    pipeline.ingest([legal], data_dir=tmp_path, glossary=small_glossary, jobs=1)
    with Store.open(tmp_path) as opened:
        point = opened.record("luat-mau:p10.s01.c01")
        assert point is not None
        assert point.structure.to_dict() == {
            "chapter": "I",
            "section": "1",
            "article": "2",
            "clause": "2",
            "point": "a",
        }
        assert [t.concept for t in point.terms] == ["ict"]
        articles = opened.connection.execute(
            "SELECT article, count(*) FROM clauses GROUP BY article ORDER BY article"
        ).fetchall()
        assert articles == [(None, 9), ("1", 2), ("2", 5), ("3", 2), ("4", 2)]


# --- bad inputs ---------------------------------------------------------------


def test_bad_files_are_reported_and_the_others_ingested(
    tmp_path: Path, tmp_corpus, small_glossary: Glossary
) -> None:
    files = dict(tmp_corpus.samples)
    files["hong.txt"] = b"Ti\xeau \xf0\xea\xcc\n"  # cp1258, not UTF-8
    files["trong.txt"] = b""
    corpus = tmp_corpus(files)
    (corpus / "thu-muc.txt").mkdir()
    report = pipeline.ingest(
        [corpus, tmp_path / "khong-co.txt"],
        data_dir=tmp_path / "data",
        glossary=small_glossary,
        jobs=1,
    )
    assert not report.ok
    assert report.processed == ("alpha", "beta")
    messages = sorted(e.message for e in report.errors)
    assert messages == sorted(
        [
            f"{corpus / 'hong.txt'}: cannot decode as UTF-8 at byte 2: invalid continuation byte,"
            " and it does not read as Vietnamese in Windows-1258, VISCII, TCVN3 (ABC),"
            " VNI Windows; best legacy guess Windows-1258: 2 of 2 words with diacritics are"
            " Vietnamese syllables (pass --encoding)",
            f"{corpus / 'trong.txt'}: empty file",
            f"{corpus / 'thu-muc.txt'}: is a directory, not a statement file",
            f"{tmp_path / 'khong-co.txt'}: no such file",
        ]
    )
    assert list(record_bytes(tmp_path / "data")) == ["alpha.jsonl", "beta.jsonl"]


def test_no_statement_files(tmp_path: Path, small_glossary: Glossary) -> None:
    (tmp_path / "empty").mkdir()
    with pytest.raises(InputError, match=r"no statement files \(\*\.txt\) found"):
        pipeline.ingest([tmp_path / "empty"], data_dir=tmp_path / "data", glossary=small_glossary)
    assert not (tmp_path / "data").exists()


def test_the_same_document_twice(tmp_path: Path, tmp_corpus, small_glossary: Glossary) -> None:
    corpus = tmp_corpus()
    other = tmp_path / "other"
    other.mkdir()
    shutil.copyfile(corpus / "alpha.txt", other / "alpha.txt")
    report = pipeline.ingest(
        [corpus, other], data_dir=tmp_path / "data", glossary=small_glossary, jobs=1
    )
    (error,) = report.errors
    assert "document id 'alpha' is also given by" in error.message
    assert report.processed == ("alpha", "beta")


def test_glossary_with_a_yaml_error(tmp_path: Path, tmp_corpus) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("schema: normcorpus-glossary/1\nconcepts: [\n  - id: x\n", encoding="utf-8")
    with pytest.raises(GlossaryError, match=r"bad\.yaml:\d+:\d+: YAML error"):
        pipeline.ingest([tmp_corpus()], data_dir=tmp_path / "data", glossary=bad)
    assert not (tmp_path / "data").exists()


def test_cp1258_corpus_with_encoding(
    tmp_path: Path, tmp_corpus, small_glossary: Glossary, cp1258
) -> None:
    text = "Tiêu đề\nHai Bên thúc đẩy hợp tác an ninh mạng.\n"
    corpus = tmp_corpus({"cu.txt": cp1258(text)})
    report = pipeline.ingest(
        [corpus], data_dir=tmp_path / "data", glossary=small_glossary, encoding="cp1258", jobs=1
    )
    assert report.ok
    with Store.open(tmp_path / "data") as opened:
        title, record = opened.records()
    assert title.text == "Tiêu đề"
    assert record.text == "Hai Bên thúc đẩy hợp tác an ninh mạng."
    assert [(t.concept, t.within) for t in record.terms] == [
        ("cybersecurity-cooperation", None),
        ("cooperation", "cybersecurity-cooperation"),
        ("cybersecurity", "cybersecurity-cooperation"),
        ("network", "cybersecurity-cooperation"),
    ]


def test_prune_keeps_documents_ingested_from_elsewhere(
    small_run, small_glossary: Glossary, tmp_path: Path
) -> None:
    # `normcorpus ingest` (the corpus directory, pruned) after a file from
    # another folder was ingested: that document is not the corpus's to remove.
    corpus, data_dir = small_run
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    shutil.copy(corpus / "beta.txt", elsewhere / "gamma.txt")
    pipeline.ingest([elsewhere / "gamma.txt"], data_dir=data_dir, glossary=small_glossary, jobs=1)
    (corpus / "beta.txt").unlink()
    report = pipeline.ingest(
        [corpus], data_dir=data_dir, glossary=small_glossary, jobs=1, prune=True
    )
    assert report.removed == ("beta",)
    with Store.open(data_dir) as opened:
        assert sorted(d.id for d in opened.documents()) == ["alpha", "gamma"]
