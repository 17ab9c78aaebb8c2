"""Translation files (`corpus/<doc>.en.tsv`): parsing, writing, and loading at ingest."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import CORPUS_DIR, GLOSSARY_PATH, STATEMENTS, TEST_DATA
from normcorpus.errors import InputError
from normcorpus.ingest import ingest
from normcorpus.store import Store
from normcorpus.translations import (
    NOTICE,
    TranslationRow,
    doc_of,
    format_translations,
    parse_translations,
    read_translations,
    translation_path,
    write_translations,
)

GOOD = (
    "# comment\n"
    "id\thash\ten\n"
    "doc:p01.s01.c01\tabc\tThe first clause.\n"
    "\n"
    "# a comment between rows\n"
    "doc:p01.s01.c02\tdef\t\n"
)


def test_parse() -> None:
    rows = parse_translations(GOOD, path="x.en.tsv")
    assert rows == (
        TranslationRow("doc:p01.s01.c01", "abc", "The first clause.", 3),
        TranslationRow("doc:p01.s01.c02", "def", "", 6),
    )


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ("id\ten\n", 1, "header"),
        ("# only comments\n", None, "no header"),
        ("id\thash\ten\na\tb\n", 2, "2 tab-separated cells"),
        ("id\thash\ten\na\tb\tc\td\n", 2, "4 tab-separated cells"),
        ("id\thash\ten\n\tb\tc\n", 2, "empty clause id"),
        ("id\thash\ten\na\tb\tc\na\tb\td\n", 3, "translated twice (first on line 2)"),
    ],
)
def test_parse_errors(text: str, line: int | None, message: str) -> None:
    with pytest.raises(InputError) as caught:
        parse_translations(text, path="x.en.tsv")
    assert caught.value.line == line
    assert message in caught.value.detail
    assert str(caught.value).startswith("x.en.tsv")


def test_read_refuses_binary_and_legacy_encodings(tmp_path: Path) -> None:
    binary = tmp_path / "a.en.tsv"
    binary.write_bytes(b"id\thash\ten\n\x00\x01")
    with pytest.raises(InputError, match="binary"):
        read_translations(binary)
    legacy = tmp_path / "b.en.tsv"
    legacy.write_bytes((TEST_DATA / "check" / "legacy-cp1258.tsv").read_bytes())
    with pytest.raises(InputError, match="not UTF-8") as caught:
        read_translations(legacy)
    assert caught.value.path == str(legacy)


_CELL = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp")), max_size=30
).map(str.strip)


@settings(max_examples=100, deadline=None)
@given(
    st.lists(
        st.tuples(_CELL.filter(bool).filter(lambda s: not s.startswith("#")), _CELL, _CELL),
        max_size=6,
        unique_by=lambda r: r[0],
    )
)
def test_format_then_parse_round_trips(cells: list[tuple[str, str, str]]) -> None:
    rows = [TranslationRow(i, h, e) for i, h, e in cells]
    parsed = parse_translations(format_translations(rows), path="x")
    assert [(r.id, r.hash, r.en) for r in parsed] == [(r.id, r.hash, r.en) for r in rows]


def test_format_refuses_tabs_and_newlines() -> None:
    with pytest.raises(InputError, match="tab or a line break"):
        format_translations([TranslationRow("a", "b", "two\nlines")])


def test_write_is_atomic_and_opens_with_the_notice(tmp_path: Path) -> None:
    path = tmp_path / "doc.en.tsv"
    write_translations(path, [TranslationRow("doc:p01.s01.c01", "h", "English.")])
    text = path.read_text(encoding="utf-8")
    assert text.splitlines()[0] == NOTICE
    assert text.endswith("doc:p01.s01.c01\th\tEnglish.\n")
    assert [p.name for p in tmp_path.iterdir()] == ["doc.en.tsv"]
    assert read_translations(path).doc == "doc"


def test_paths() -> None:
    assert translation_path("corpus/vn-ru-2017-infosec.txt") == Path(
        "corpus/vn-ru-2017-infosec.en.tsv"
    )
    assert doc_of("corpus/vn-ru-2017-infosec.en.tsv") == "vn-ru-2017-infosec"


shipped = pytest.mark.skipif(
    not all((CORPUS_DIR / f"{doc}.en.tsv").exists() for doc in STATEMENTS),
    reason="the shipped translations corpus/*.en.tsv are not there yet",
)


@shipped
def test_shipped_files_are_well_formed() -> None:
    for doc in STATEMENTS:
        translations = read_translations(CORPUS_DIR / f"{doc}.en.tsv")
        assert translations.rows, doc
        assert (CORPUS_DIR / f"{doc}.en.tsv").read_text(encoding="utf-8").startswith(NOTICE + "\n")
        assert all(row.id.startswith(f"{doc}:") for row in translations.rows)


# --- loading at ingest, and the Store readers -----------------------------------------


@shipped
def test_ingest_loads_translations(corpus_data_dir: Path) -> None:
    with Store.open(corpus_data_dir) as store:
        records = list(store.records())
        english = store.translations([r.id for r in records])
        assert set(english) == {r.id for r in records}
        first = records[0]
        stored = store.translation(first.id)
        assert stored is not None and not stored.stale and stored.en == english[first.id]
        assert store.translation("no-such:p01.s01.c01") is None


def _copy_corpus(tmp_path: Path, doc: str) -> Path:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for suffix in (".txt", ".meta.yaml", ".en.tsv"):
        shutil.copyfile(CORPUS_DIR / f"{doc}{suffix}", corpus / f"{doc}{suffix}")
    return corpus


@shipped
def test_edited_translation_is_reloaded_and_stale_rows_are_flagged(tmp_path: Path) -> None:
    doc = "asean-2018-cybersecurity"
    corpus = _copy_corpus(tmp_path, doc)
    data = tmp_path / "data"
    assert ingest([corpus], data_dir=data, glossary=GLOSSARY_PATH, jobs=1).ok
    tsv = corpus / f"{doc}.en.tsv"
    rows = list(read_translations(tsv).rows)
    first = rows[0]
    rows[0] = TranslationRow(first.id, "0000000000000000", "Edited English.")
    write_translations(tsv, rows)
    report = ingest([corpus], data_dir=data, glossary=GLOSSARY_PATH, jobs=1)
    assert report.ok and report.unchanged == (doc,)  # no re-segmentation for a translation edit
    with Store.open(data) as store:
        stored = store.translation(first.id)
        assert stored is not None and stored.en == "Edited English." and stored.stale
        assert first.id not in store.translations([first.id])  # stale: not shown as current
        assert rows[1].id in store.translations([rows[1].id])


@shipped
def test_malformed_translation_is_reported_and_old_rows_kept(tmp_path: Path) -> None:
    doc = "asean-2018-cybersecurity"
    corpus = _copy_corpus(tmp_path, doc)
    data = tmp_path / "data"
    assert ingest([corpus], data_dir=data, glossary=GLOSSARY_PATH, jobs=1).ok
    tsv = corpus / f"{doc}.en.tsv"
    tsv.write_text(tsv.read_text(encoding="utf-8") + "broken row without tabs\n", encoding="utf-8")
    report = ingest([corpus], data_dir=data, glossary=GLOSSARY_PATH, jobs=1)
    assert [e.path for e in report.errors] == [str(tsv)]
    assert "tab-separated cells" in report.errors[0].message
    with Store.open(data) as store:
        assert store.translations([r.id for r in store.records()])  # previous rows still there
    tsv.unlink()
    assert ingest([corpus], data_dir=data, glossary=GLOSSARY_PATH, jobs=1).ok
    with Store.open(data) as store:
        assert store.translations([r.id for r in store.records()]) == {}
