"""Published translations in the corpus: `<doc>.en.txt` aligned at ingest, stored
apart from the working translation, searched, shown, exported and checked."""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import pytest
from lxml import etree

from conftest import CORPUS_DIR, GLOSSARY_PATH, TEST_DATA
from normcorpus import read
from normcorpus.errors import InputError
from normcorpus.filters import Filters
from normcorpus.glossary import load_glossary, make_glossary
from normcorpus.ingest import ingest
from normcorpus.models import PublishedBead
from normcorpus.search import Corpus
from normcorpus.store import Store

VI = TEST_DATA / "parallel" / "luat-mau.vi.txt"
EN = TEST_DATA / "parallel" / "law-sample.en.txt"
META = (
    'title: "Luật mẫu"\n'
    "translation:\n"
    '  publisher: "Test Gazette"\n'
    "  official: true\n"
    "  date: 2020-01-02\n"
    '  url: "https://example.org/sample-law"\n'
)


@pytest.fixture
def law(tmp_path: Path) -> Path:
    """A corpus of one statute, its meta file and its published English."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copyfile(VI, corpus / "luat-mau.txt")
    shutil.copyfile(EN, corpus / "luat-mau.en.txt")
    (corpus / "luat-mau.meta.yaml").write_text(META, encoding="utf-8")
    return corpus


def _ingest(corpus: Path, data: Path, glossary: object = GLOSSARY_PATH):  # type: ignore[no-untyped-def]
    report = ingest([corpus], data_dir=data, glossary=glossary, jobs=1)  # type: ignore[arg-type]
    assert report.ok, report.errors
    return report


def _beads(data: Path, doc: str = "luat-mau") -> list[PublishedBead]:
    lines = (data / "records" / f"{doc}.en.jsonl").read_text(encoding="utf-8").splitlines()
    return [PublishedBead.from_dict(json.loads(line)) for line in lines]


# --- meta ---------------------------------------------------------------------


def test_the_translation_entry_is_held_to_the_schema(tmp_path: Path) -> None:
    statement = tmp_path / "a.txt"
    statement.write_text("Tiêu đề\nLuật này quy định.\n", encoding="utf-8")
    meta = tmp_path / "a.meta.yaml"
    meta.write_text(META, encoding="utf-8")
    entry = read.read_meta(statement)[0].translation
    assert entry is not None and entry.official is True and entry.date == "2020-01-02"
    assert read.english_version(statement, read.read_meta(statement)[0]).name == "a.en.txt"
    meta.write_text("translation:\n  official: maybe\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"a\.meta\.yaml:2:13: translation\.official must be"):
        read.read_meta(statement)
    meta.write_text("translation:\n  file: ../elsewhere.txt\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"must name a file beside the statement ending in \.en"):
        read.read_meta(statement)


def test_the_corpus_keeps_its_where_to_get_it_entries() -> None:
    asean = read.read_meta(CORPUS_DIR / "asean-2018-cybersecurity.txt")[0].translation
    assert asean is not None and asean.shipped is False and asean.official is True
    assert asean.url and asean.publisher and asean.note
    assert not (CORPUS_DIR / "asean-2018-cybersecurity.en.txt").exists()  # not shipped


# --- ingest -------------------------------------------------------------------


def test_ingest_aligns_and_stores_the_beads_apart(law: Path, tmp_path: Path) -> None:
    data = tmp_path / "data"
    report = _ingest(law, data)
    assert report.published == ("luat-mau",)
    assert any(n.id == "published-aligned" for n in report.notices)
    beads = _beads(data)
    clause_ids = [r["id"] for r in map(json.loads, (data / "records/luat-mau.jsonl").open())]
    # every clause once, in order; the login notice and the lost article are gaps
    assert [i for b in beads for i in b.vi_ids] == clause_ids
    assert {b.type for b in beads} >= {"1-1", "1-0", "0-1"}
    assert any("đăng nhập" in b.en and not b.vi_ids for b in beads)
    # the clause records are those of a statement without English (byte for byte)
    bare = tmp_path / "bare"
    bare.mkdir()
    shutil.copyfile(law / "luat-mau.txt", bare / "luat-mau.txt")
    shutil.copyfile(law / "luat-mau.meta.yaml", bare / "luat-mau.meta.yaml")
    _ingest(bare, tmp_path / "data2")
    assert (data / "records/luat-mau.jsonl").read_bytes() == (
        tmp_path / "data2/records/luat-mau.jsonl"
    ).read_bytes()
    assert not (tmp_path / "data2/records/luat-mau.en.jsonl").exists()


@pytest.mark.parametrize("given", ["directory", "files"])
def test_the_natural_pair_vi_txt_and_en_txt_is_aligned(tmp_path: Path, given: str) -> None:
    # `law.vi.txt` + `law.en.txt`: the document is `law.vi`, its English `law.en.txt`.
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copyfile(VI, corpus / "law.vi.txt")
    shutil.copyfile(EN, corpus / "law.en.txt")
    files = [corpus] if given == "directory" else [corpus / "law.vi.txt", corpus / "law.en.txt"]
    report = ingest(files, data_dir=tmp_path / "data", glossary=GLOSSARY_PATH, jobs=1)  # type: ignore[arg-type]
    assert report.ok, report.errors
    assert report.published == ("law.vi",)
    assert _beads(tmp_path / "data", "law.vi")
    assert read.english_version(corpus / "law.vi.txt") == corpus / "law.en.txt"
    # `law.vi.en.txt`, when there, is the one
    (corpus / "law.vi.en.txt").write_text("x", encoding="utf-8")
    assert read.english_version(corpus / "law.vi.txt") == corpus / "law.vi.en.txt"


def test_ingest_is_incremental_and_deterministic(law: Path, tmp_path: Path) -> None:
    data = tmp_path / "data"
    _ingest(law, data)
    first = (data / "records/luat-mau.en.jsonl").read_bytes()
    assert _ingest(law, data).published == ()  # nothing changed
    # the English changes: aligned again, the statement is not
    english = law / "luat-mau.en.txt"
    english.write_text(english.read_text(encoding="utf-8") + "\nAn added line.\n", "utf-8")
    report = _ingest(law, data)
    assert report.published == ("luat-mau",) and report.processed == ()
    assert _beads(data)[-1].en.endswith("An added line.")
    # the glossary changes: aligned again
    assert _ingest(law, data, make_glossary([])).published == ("luat-mau",)
    # the English restored and the glossary back: the first records, byte for byte
    shutil.copyfile(EN, english)
    _ingest(law, data)
    assert (data / "records/luat-mau.en.jsonl").read_bytes() == first
    # the statement changes: aligned again with its new clauses
    statement = law / "luat-mau.txt"
    statement.write_text(statement.read_text(encoding="utf-8") + "Điều 9. Hiệu lực\n", "utf-8")
    report = _ingest(law, data)
    assert report.published == ("luat-mau",) and report.processed == ("luat-mau",)
    # the English removed: forgotten, in the index and on disk
    english.unlink()
    _ingest(law, data)
    assert not (data / "records/luat-mau.en.jsonl").exists()
    with Store.open(data) as store:
        assert store.published_state("luat-mau") is None
        assert store.published(["luat-mau:p06.s01.c01"]) == {}


def test_a_bad_english_file_is_reported_and_the_last_alignment_kept(
    law: Path, tmp_path: Path
) -> None:
    data = tmp_path / "data"
    _ingest(law, data)
    before = (data / "records/luat-mau.en.jsonl").read_bytes()
    (law / "luat-mau.en.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    report = ingest([law], data_dir=data, glossary=GLOSSARY_PATH, jobs=1)
    assert [(Path(e.path).name, "binary" in e.message) for e in report.errors] == [
        ("luat-mau.en.txt", True)
    ]
    assert (data / "records/luat-mau.en.jsonl").read_bytes() == before


def test_an_english_file_is_never_a_statement(law: Path, tmp_path: Path) -> None:
    report = ingest([law / "luat-mau.en.txt"], data_dir=tmp_path / "d", glossary=GLOSSARY_PATH)
    assert len(report.errors) == 1 and "an English version, not a statement" in (
        report.errors[0].message
    )
    # The one line names the file, and the statement as it is named beside it.
    assert report.errors[0].message.startswith(str(law / "luat-mau.en.txt"))
    assert "ingest luat-mau.txt," in report.errors[0].message
    pair = tmp_path / "pair"
    pair.mkdir()
    (pair / "law.vi.txt").write_text("Điều 1. Phạm vi\n", encoding="utf-8")
    (pair / "law.en.txt").write_text("Article 1. Scope\n", encoding="utf-8")
    alone = ingest([pair / "law.en.txt"], data_dir=tmp_path / "d3", glossary=GLOSSARY_PATH)
    assert "ingest law.vi.txt," in alone.errors[0].message  # not law.txt, which is not there
    both = ingest(
        [law / "luat-mau.txt", law / "luat-mau.en.txt"],
        data_dir=tmp_path / "d2",
        glossary=GLOSSARY_PATH,
        jobs=1,
    )
    assert both.ok and both.processed == ("luat-mau",) and both.published == ("luat-mau",)


def test_a_dropped_in_statement_english_is_aligned(tmp_path: Path) -> None:
    """The ASEAN statement's English cannot be shipped: a user who saves one as
    `<doc>.en.txt` gets it aligned with the meta entry's publisher. (The English
    here was written for this test; the Vietnamese is a news paraphrase, so gaps.)"""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    doc = "asean-2018-cybersecurity"
    for suffix in (".txt", ".meta.yaml"):
        shutil.copyfile(CORPUS_DIR / f"{doc}{suffix}", corpus / f"{doc}{suffix}")
    (corpus / f"{doc}.en.txt").write_text(
        "Statement written for a test of normcorpus\n"
        "The leaders of the 10 ASEAN Member States adopted 3 documents at the Summit.\n"
        "ASEAN shares the vision of a peaceful, secure and resilient cyberspace.\n"
        "Threats in cyberspace have long been a concern of ASEAN Member States.\n",
        encoding="utf-8",
    )
    data = tmp_path / "data"
    report = _ingest(corpus, data)
    assert report.published == (doc,)
    with Store.open(data) as store:
        found = store.published_source(doc)
        assert found is not None
        source, _sha = found
        assert source.official is True and source.publisher and "ASEAN" in source.publisher
        beads = store.published_beads(doc)
    assert sum(1 for b in beads if b.vi_ids and b.en) >= 2
    assert any(not b.en for b in beads)  # the paraphrase's paragraphs the English lacks


# --- search, show, clause view --------------------------------------------------


@pytest.fixture
def law_data(law: Path, tmp_path: Path) -> Path:
    data = tmp_path / "data"
    _ingest(law, data)
    (law / "luat-mau.en.tsv").write_text(
        "id\thash\ten\n"
        + "\t".join(("luat-mau:p06.s01.c01", _hash(data, "luat-mau:p06.s01.c01"), "Our words."))
        + "\n",
        encoding="utf-8",
    )
    _ingest(law, data)
    return data


def _hash(data: Path, clause_id: str) -> str:
    with Store.open(data) as store:
        record = store.record(clause_id)
        assert record is not None
        return record.hash


def test_search_on_the_english_side_says_which_translation_matched(law_data: Path) -> None:
    from normcorpus.filters import Filters

    with Corpus.open(law_data, glossary=load_glossary(GLOSSARY_PATH)) as corpus:
        published = corpus.search("provides", Filters(side="en")).hits
        working = corpus.search("words", Filters(side="en")).hits
    assert published and all(h.translations_matched == ("published",) for h in published)
    hit = published[0]
    assert hit.published is not None and hit.published.source.publisher == "Test Gazette"
    assert hit.published_spans and "provides" in hit.published.bead.en
    assert [h.record.id for h in working] == ["luat-mau:p06.s01.c01"]
    assert working[0].translations_matched == ("working",)
    assert working[0].to_dict()["matched_translations"] == ["working"]


def test_clause_view_has_both_translations_labelled(law_data: Path) -> None:
    with Corpus.open(law_data) as corpus:
        view = corpus.clause_view("luat-mau:p06.s01.c01")
    kinds = [(e.translation, e.source, e.official) for e in view.translations]
    assert kinds == [
        ("published", "Test Gazette", True),
        ("working", "normcorpus project (unofficial working translation)", False),
    ]
    assert view.translations[0].en.startswith("This Law provides")
    assert view.to_dict()["translations"][1]["en"] == "Our words."


def test_show_and_search_rows_say_whose_english(law_data: Path, cli_runner) -> None:  # type: ignore[no-untyped-def]
    from normcorpus.cli import app

    shown = cli_runner.invoke(
        app, ["show", "luat-mau:p06.s01.c01", "--data-dir", str(law_data)], env={"COLUMNS": "200"}
    )
    assert shown.exit_code == 0, shown.output
    assert "en (official: Test Gazette): This Law provides" in shown.stdout
    assert "en (unofficial): Our words." in shown.stdout
    rows = cli_runner.invoke(
        app,
        ["search", "provides", "--side", "en", "--format", "csv", "--data-dir", str(law_data),
         "--glossary", str(GLOSSARY_PATH)],
    )  # fmt: skip
    assert rows.exit_code == 0, rows.output
    first = next(csv.DictReader(io.StringIO(rows.stdout)))
    assert first["id"] == "luat-mau:p06.s01.c01" and first["en"] == "Our words."
    assert (first["matched"], first["matched_en"]) == ("en", "published")
    assert first["published"].startswith("This Law provides for network information security")
    assert (first["published_by"], first["bead"]) == ("Test Gazette", "1-1")


def test_kwic_of_a_match_in_the_published_english_shows_it(law_data: Path) -> None:
    with Corpus.open(law_data) as corpus:
        lines = corpus.kwic("provides", Filters(side="en"))
    assert lines and all(line.side == "en" for line in lines)
    first = lines[0]
    assert first.match == "provides" and first.left.endswith("This Law")
    assert first.right.startswith("for network information security")


# --- export and check ---------------------------------------------------------------


def test_export_tmx_says_which_translation(law_data: Path, tmp_path: Path, cli_runner) -> None:  # type: ignore[no-untyped-def]
    from normcorpus.cli import app

    out = tmp_path / "both.tmx"
    result = cli_runner.invoke(
        app,
        ["export", "--translation", "both", "-o", str(out), "--data-dir", str(law_data)],
    )
    assert result.exit_code == 0, result.output
    units = etree.parse(str(out)).findall(".//tu")
    kinds = [u.findtext("prop[@type='x-translation']") for u in units]
    assert kinds.count("working") == 1 and kinds.count("published") >= 15
    published = next(u for u in units if u.findtext("prop[@type='x-translation']") == "published")
    assert published.findtext("prop[@type='x-publisher']") == "Test Gazette"
    assert published.findtext("prop[@type='x-official']") == "yes"
    assert len({u.get("tuid") for u in units}) == len(units)
    bad = cli_runner.invoke(
        app, ["export", "--translation", "official", "--data-dir", str(law_data)]
    )
    assert bad.exit_code == 2 and "unknown translation" in bad.stderr


def test_export_of_only_published_english_says_how(law: Path, tmp_path: Path, cli_runner) -> None:  # type: ignore[no-untyped-def]
    from normcorpus.cli import app

    data = tmp_path / "data"
    _ingest(law, data)  # published English, no working translation
    result = cli_runner.invoke(app, ["export", "--data-dir", str(data)])
    assert result.exit_code == 2 and result.stdout == ""
    assert "1 document(s) have a published English (luat-mau): --translation published" in (
        result.stderr
    )


@pytest.mark.parametrize(
    ("official", "label"), [(True, "published (official): G"), (None, "published: G")]
)
def test_a_published_units_label_says_it_once(official: bool | None, label: str) -> None:
    from normcorpus.formats.exchange import ExportUnit

    unit = ExportUnit(
        "d:1", "d", "vi", "en", "h", translation="published", publisher="G", official=official
    )
    assert unit.label == label


def test_xliff_names_no_tmx_prop(law_data: Path, tmp_path: Path, cli_runner) -> None:  # type: ignore[no-untyped-def]
    from normcorpus.cli import app

    out = tmp_path / "both.xlf"
    result = cli_runner.invoke(
        app,
        [
            "export",
            "-f",
            "xliff",
            "--translation",
            "both",
            "-o",
            str(out),
            "--data-dir",
            str(law_data),
        ],
    )
    assert result.exit_code == 0, result.output
    text = out.read_text(encoding="utf-8")
    assert "#published" in text and "prop" not in text


def test_check_the_published_translation(tmp_path: Path) -> None:
    """A published English that renders one concept two ways is a finding."""
    from normcorpus.check.corpus import check_published

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "tuyen-bo.txt").write_text(
        "Tuyên bố chung\n"
        "Hai Bên tăng cường hợp tác về an ninh mạng.\n"
        "Hai Bên trao đổi kinh nghiệm bảo đảm an ninh mạng.\n",
        encoding="utf-8",
    )
    (corpus / "tuyen-bo.en.txt").write_text(
        "Joint Statement\n"
        "The two Sides strengthen cooperation on cybersecurity.\n"
        "The two Sides exchange experience in ensuring network security.\n",
        encoding="utf-8",
    )
    report = check_published([corpus], load_glossary(GLOSSARY_PATH))
    rules = {f.rule for f in report.findings}
    assert "term-inconsistent" in rules or "term-deprecated" in rules
    assert report.files == (str(corpus / "tuyen-bo.en.txt"),)
    (corpus / "tuyen-bo.en.txt").unlink()
    with pytest.raises(InputError, match="no published English to check"):
        check_published([corpus], load_glossary(GLOSSARY_PATH))
