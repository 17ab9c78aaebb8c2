"""glossarycache.py: the compiled glossary by the digest of its file, safe to lose."""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

import pytest

from normcorpus import glossarycache
from normcorpus.errors import GlossaryError
from normcorpus.glossary import load_glossary

ROOT = Path(__file__).resolve().parent.parent
GLOSSARY = ROOT / "glossary.yaml"


@pytest.fixture
def copy(tmp_path: Path) -> Path:
    path = tmp_path / "glossary.yaml"
    path.write_bytes(GLOSSARY.read_bytes())
    return path


def _caches(directory: Path) -> list[Path]:
    return sorted(directory.glob("glossary-*.json"))


def test_a_hit_gives_what_parsing_gives(copy: Path, tmp_path: Path) -> None:
    cache_dir = tmp_path / "cache"
    parsed = load_glossary(copy)
    assert glossarycache.load(copy, cache_dir) == parsed  # a miss: parsed, then written
    [cache] = _caches(cache_dir)
    assert glossarycache.load(copy, cache_dir) == parsed  # a hit
    assert glossarycache.load(copy, cache_dir).digest == parsed.digest
    # No temp file is left beside it (written to a temp file, then renamed).
    assert sorted(p.name for p in cache_dir.iterdir()) == [cache.name]


def test_a_hit_does_not_parse(copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cache_dir = tmp_path / "cache"
    glossarycache.load(copy, cache_dir)
    monkeypatch.setattr(glossarycache, "_parse", lambda path: pytest.fail("parsed again"))
    assert glossarycache.load(copy, cache_dir).concepts


def test_an_edited_glossary_never_reads_the_old_cache(copy: Path, tmp_path: Path) -> None:
    cache_dir = tmp_path / "cache"
    before = glossarycache.load(copy, cache_dir)
    text = copy.read_text(encoding="utf-8")
    copy.write_text(text.replace("en:", "en:\n      - {term: edited term, status: admitted}", 1))
    after = glossarycache.load(copy, cache_dir)
    assert after == load_glossary(copy) != before
    assert len(_caches(cache_dir)) == 2


@pytest.mark.parametrize(
    "damage",
    [
        lambda data: b"",  # empty
        lambda data: data[: len(data) // 2],  # cut short
        lambda data: b"\xff" + data,  # not UTF-8
        lambda data: b"[1, 2]",  # JSON, not a cache
        # a whole cache, of another file's content
        lambda data: data.replace(b'"source_sha256":"', b'"source_sha256":"0', 1),
        lambda data: data.replace(b'"concepts":[', b'"concepts":[{"id": 1},', 1),
    ],
)
def test_a_corrupt_cache_is_ignored_and_written_again(copy: Path, tmp_path: Path, damage) -> None:  # type: ignore[no-untyped-def]
    cache_dir = tmp_path / "cache"
    parsed = glossarycache.load(copy, cache_dir)
    [cache] = _caches(cache_dir)
    cache.write_bytes(damage(cache.read_bytes()))
    assert glossarycache.load(copy, cache_dir) == parsed
    assert json.loads(cache.read_bytes())["digest"] == parsed.digest  # repaired


def test_a_bad_glossary_is_never_cached(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("schema: normcorpus-glossary/1\nconcepts: [1, 2\n", encoding="utf-8")
    with pytest.raises(GlossaryError, match=r"bad\.yaml:3"):
        glossarycache.load(bad, tmp_path / "cache")
    assert _caches(tmp_path / "cache") == []
    with pytest.raises(GlossaryError, match="glossary not found"):
        glossarycache.load(tmp_path / "missing.yaml", tmp_path / "cache")


def test_an_unwritable_cache_directory_only_costs_the_cache(copy: Path, tmp_path: Path) -> None:
    blocked = tmp_path / "file"
    blocked.write_text("not a directory")
    assert glossarycache.load(copy, blocked / "cache") == load_glossary(copy)


def test_without_a_directory_only_large_glossaries_are_cached(
    copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NORMCORPUS_CACHE_DIR", str(tmp_path / "user-cache"))
    glossarycache.load(copy)
    assert _caches(tmp_path / "user-cache") == []  # small: read directly
    monkeypatch.setattr(glossarycache, "MIN_BYTES", 1000)
    assert glossarycache.load(copy) == load_glossary(copy)
    assert len(_fast(tmp_path / "user-cache")) == 1  # the user's cache holds marshal data
    assert _caches(tmp_path / "user-cache") == []


def _fast(directory: Path) -> list[Path]:
    return sorted(directory.glob("glossary-*.marshal"))


@pytest.fixture
def large(monkeypatch: pytest.MonkeyPatch) -> None:
    """The shipped glossary treated as a large one (cached in the user's cache too)."""
    monkeypatch.setattr(glossarycache, "MIN_BYTES", 1000)


def test_a_large_glossary_is_read_from_the_users_marshal_copy(
    copy: Path, tmp_path: Path, user_cache: Path, large: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    parsed = load_glossary(copy)
    data_cache = tmp_path / "data" / "cache"
    assert glossarycache.load(copy, data_cache) == parsed  # a miss: parsed, both written
    assert len(_fast(user_cache)) == 1
    assert _fast(data_cache) == [] and len(_caches(data_cache)) == 1  # no marshal data there
    monkeypatch.setattr(glossarycache, "_parse", lambda path: pytest.fail("parsed again"))
    monkeypatch.setattr(glossarycache, "from_json", lambda *a, **k: pytest.fail("read the JSON"))
    for cache_dir in (data_cache, None, tmp_path / "other" / "cache"):
        again = glossarycache.load(copy, cache_dir)
        assert again == parsed and again.digest == parsed.digest and again.path == str(copy)
    assert not (tmp_path / "other").exists()  # a hit writes nothing anywhere


def _damages(magic: bytes, version: int = 1) -> list:  # type: ignore[type-arg]
    """Ways a cache file goes bad: empty, cut short (the checksum fails), one bit
    off, and another version's header."""
    return [
        lambda data: b"",
        lambda data: data[: len(data) // 2],
        lambda data: data[:-1] + bytes([data[-1] ^ 1]),
        lambda data: data.replace(magic + b"/%d" % version, magic + b"/0", 1),
    ]


@pytest.mark.parametrize("damage", _damages(b"glossary-marshal", 2))
def test_a_corrupt_marshal_copy_is_ignored_and_written_again(
    copy: Path, tmp_path: Path, user_cache: Path, large: None, damage
) -> None:  # type: ignore[no-untyped-def]
    parsed = glossarycache.load(copy, tmp_path / "cache")
    [fast] = _fast(user_cache)
    whole = fast.read_bytes()
    fast.write_bytes(damage(whole))
    assert glossarycache.load(copy, tmp_path / "cache") == parsed
    digest = hashlib.sha256(copy.read_bytes()).hexdigest()
    assert glossarycache._read_fast(fast, digest, copy) == parsed  # repaired


def test_the_marshal_copy_of_another_file_is_never_read(
    copy: Path, tmp_path: Path, user_cache: Path, large: None
) -> None:
    """A copy whose payload is whole but names another glossary's digest is not used."""
    other = tmp_path / "other.yaml"
    other.write_text(copy.read_text(encoding="utf-8") + "# another file\n", encoding="utf-8")
    glossarycache.load(other)
    glossarycache.load(copy)
    digest = hashlib.sha256(copy.read_bytes()).hexdigest()
    [mine] = [p for p in _fast(user_cache) if p.name.startswith(f"glossary-{digest[:20]}-")]
    [theirs] = [p for p in _fast(user_cache) if p != mine]
    mine.write_bytes(theirs.read_bytes())  # the other file's copy under this one's name
    assert glossarycache.load(copy) == load_glossary(copy)


def test_old_caches_are_pruned(copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cache_dir = tmp_path / "cache"
    monkeypatch.setattr(glossarycache, "KEEP", 2)
    text = copy.read_text(encoding="utf-8")
    for n in range(4):
        copy.write_text(text + f"# edit {n}\n", encoding="utf-8")
        glossarycache.load(copy, cache_dir)
        newest = max(_caches(cache_dir), key=os.path.getmtime)
        os.utime(newest, (n + 10**9, n + 10**9))  # mtimes apart, in order
    assert len(_caches(cache_dir)) == 2
    assert glossarycache.load(copy, cache_dir) == load_glossary(copy)


# --- what the aligner builds from a glossary, cached beside it ---------------------


def _tables(directory: Path) -> list[Path]:
    return sorted(directory.glob("aligner-*.marshal"))


@pytest.fixture
def user_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The user's cache directory, where tables are kept (never a data directory's)."""
    monkeypatch.setenv("NORMCORPUS_CACHE_DIR", str(tmp_path / "user"))
    return tmp_path / "user"


TEXTS = [
    "Các bên tăng cường hợp tác an ninh mạng và an ninh thông tin.",
    "hop tac an ninh mang, hơp tác; Liên Hợp Quốc và ASEAN",
    "thỏa luận về luật quốc tế, xuyên xuyết, mối de dọa.",
]


def test_the_aligner_tables_are_cached_and_read_back_alike(
    copy: Path, tmp_path: Path, user_cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from normcorpus import align

    cache_dir = tmp_path / "cache"
    glossary = glossarycache.load(copy, cache_dir)
    built = align.compile_tables(glossary)
    first = align.Aligner(glossary)  # a miss: built, then written
    [tables] = _tables(user_cache)
    assert not _tables(cache_dir)  # marshal data is never put in a data directory
    expected = [first.find(t) for t in TEXTS]
    monkeypatch.setattr(align, "compile_tables", lambda g: pytest.fail("built again"))
    assert (
        glossarycache.tables(glossary, "aligner", align._tables_key(), align.compile_tables)
        == built
    )
    for compiled in (True, False):
        again = align.Aligner(glossarycache.load(copy, cache_dir), compiled=compiled)
        assert [again.find(t) for t in TEXTS] == expected
        assert list(again.entries) == list(first.entries)
    assert expected[0] and _tables(user_cache) == [tables]


def test_the_tables_of_a_glossary_read_directly_are_cached_from_enough_concepts(
    copy: Path, user_cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from dataclasses import replace

    from normcorpus import align

    monkeypatch.setattr(glossarycache, "_cached", {})  # none read through `load` here
    glossary = load_glossary(copy)  # parsed, never through `load`: its tables too
    assert len(glossary.concepts) >= glossarycache.TABLES_MIN_CONCEPTS
    expected = [align.Aligner(glossary).find(t) for t in TEXTS]
    [tables] = _tables(user_cache)
    built = []
    compile_tables = align.compile_tables
    monkeypatch.setattr(align, "compile_tables", lambda g: built.append(g) or compile_tables(g))
    assert [align.Aligner(load_glossary(copy)).find(t) for t in TEXTS] == expected
    assert built == [] and expected[0]
    # A glossary made from it keeps its digest but not its concepts: its own tables.
    fewer = replace(glossary, concepts=glossary.concepts[1:])
    assert fewer.digest == glossary.digest
    align.Aligner(fewer)
    assert built == [fewer] and len(_tables(user_cache)) == 2 and tables.exists()
    # Below the bar, built each time and never written.
    monkeypatch.setattr(glossarycache, "TABLES_MIN_CONCEPTS", len(glossary.concepts) + 1)
    align.Aligner(glossary)
    assert built == [fewer, glossary] and len(_tables(user_cache)) == 2


@pytest.mark.parametrize(
    "damage",
    [*_damages(b"normcorpus-tables"), lambda data: data.split(b"\n", 1)[1]],  # + no header
)
def test_corrupt_aligner_tables_are_ignored_and_written_again(
    copy: Path, tmp_path: Path, user_cache: Path, damage
) -> None:  # type: ignore[no-untyped-def]
    from normcorpus import align

    cache_dir = tmp_path / "cache"
    glossary = glossarycache.load(copy, cache_dir)
    expected = [align.Aligner(glossary).find(t) for t in TEXTS]
    [tables] = _tables(user_cache)
    whole = tables.read_bytes()
    tables.write_bytes(damage(whole))
    assert [align.Aligner(glossary).find(t) for t in TEXTS] == expected
    assert tables.read_bytes() == whole  # repaired


def test_tables_built_by_other_code_are_never_read(
    copy: Path, tmp_path: Path, user_cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from normcorpus import align

    cache_dir = tmp_path / "cache"
    glossary = glossarycache.load(copy, cache_dir)
    align.Aligner(glossary)
    monkeypatch.setattr(align, "_tables_key", lambda: "other-code")
    built = []
    monkeypatch.setattr(align, "compile_tables", lambda g: built.append(g) or {})
    assert glossarycache.tables(glossary, "aligner", "other-code", align.compile_tables) == {}
    assert built == [glossary] and len(_tables(user_cache)) == 2


def test_a_glossary_found_in_the_users_cache_is_not_parsed_again(
    copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The first ingest into a new data directory caches in the user's cache.
    monkeypatch.setenv("NORMCORPUS_CACHE_DIR", str(tmp_path / "user"))
    monkeypatch.setattr(glossarycache, "MIN_BYTES", 1)
    parsed = glossarycache.load(copy)
    monkeypatch.setattr(glossarycache, "_parse", lambda path: pytest.fail("parsed again"))
    assert glossarycache.load(copy, tmp_path / "data" / "cache") == parsed


# --- a large glossary's concepts, made as they are asked for ------------------------


def _lazy(copy: Path) -> tuple[object, object]:
    """The glossary parsed, and read back from its marshal copy (`LazyConcepts`)."""
    parsed = glossarycache.load(copy)  # a miss: parsed, the marshal copy written
    cached = glossarycache.load(copy)
    assert isinstance(cached.concepts, glossarycache.LazyConcepts)
    return parsed, cached


def test_the_concepts_of_a_marshal_copy_are_the_parsed_ones(
    copy: Path, user_cache: Path, large: None
) -> None:
    import pickle

    parsed, cached = _lazy(copy)
    assert not isinstance(parsed.concepts, glossarycache.LazyConcepts)
    lazy = cached.concepts
    n = len(parsed.concepts)
    assert len(lazy) == n > 100
    for k in (0, 7, n - 1, -1, -n):
        assert lazy[k] == parsed.concepts[k]
    with pytest.raises(IndexError):
        lazy[n]
    assert lazy[3:9] == parsed.concepts[3:9] and lazy[::-40] == parsed.concepts[::-40]
    by_id = cached.by_id()
    assert dict(by_id) == parsed.by_id() and list(by_id) == list(parsed.by_id())
    assert "no-such-concept" not in by_id and by_id.get("no-such-concept") is None
    assert cached.general_ids() == parsed.general_ids() != frozenset()
    assert cached.english_terms() == parsed.english_terms()
    assert lazy._all is None  # none of that made every concept
    # Compared, hashed, pickled or walked through, it is the tuple of them all.
    assert cached == parsed and hash(cached) == hash(parsed)
    again = pickle.loads(pickle.dumps(cached))
    assert again == parsed and isinstance(again.concepts, glossarycache.LazyConcepts)
    assert tuple(lazy) == parsed.concepts and lazy[5] in lazy


def test_records_and_findings_from_a_marshal_copy_are_the_full_loads(
    copy: Path, tmp_path: Path, user_cache: Path, large: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Ingest and check with the glossary read back from its marshal copy (its
    concepts made as the aligner finds them) write what they write with every
    concept made: records byte for byte, the same findings."""
    from normcorpus.check.engine import check_files
    from normcorpus.ingest import ingest

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name in ("vn-ru-2017-infosec.txt", "vn-ru-2017-infosec.meta.yaml"):
        (corpus / name).write_bytes((ROOT / "corpus" / name).read_bytes())
    pairs = [ROOT / "eval" / "check" / name for name in ("planted.tsv",)]
    parsed, _ = _lazy(copy)
    expected = check_files(pairs, parsed)
    assert ingest([corpus], data_dir=tmp_path / "full", glossary=parsed, jobs=1).ok

    def whole(self: object) -> None:
        raise AssertionError("every concept made")

    monkeypatch.setattr(glossarycache.LazyConcepts, "whole", whole)
    found = check_files(pairs, glossarycache.load(copy))
    assert [f.to_dict() for f in found.findings] == [f.to_dict() for f in expected.findings]
    assert len(expected.findings) > 10
    assert ingest([corpus], data_dir=tmp_path / "lazy", glossary=copy, jobs=1).ok
    records = sorted((tmp_path / "full" / "records").glob("*.jsonl"))
    assert records
    for path in records:
        assert (tmp_path / "lazy" / "records" / path.name).read_bytes() == path.read_bytes()
    assert b'"concept"' in records[0].read_bytes()


def test_the_slip_look_ups_read_back_give_what_they_were_built_with(
    real_glossary: object,
) -> None:
    """The aligner's typo look-ups, as the cache keeps them (`align._Lookup`:
    sorted keys, values made when looked up), find what the dicts they were
    built as find, for every syllable of the lexicon and slips of them."""
    from normcorpus import align, normalize, syllables

    entries = list(align.Aligner(real_glossary).entries)  # type: ignore[arg-type]
    for beside in align.parts_beside(entries):
        built = align._Slips(beside)
        read = align._Slips.from_tables(built.tables())
        words = sorted(syllables.lexicon())
        written = [*words, *(w[1:] + w[:1] for w in words[::7]), *map(normalize.fold, words)]
        found = [built.of(w) for w in written]
        assert [read.of(w) for w in written] == found
        assert sum(map(bool, found)) > 1000


def test_the_walkers_flat_tables_find_what_the_plain_finder_finds(real_glossary: object) -> None:
    """The walk's tables as a cache keeps them (int32 buffers and the flags,
    `accel.walker.compile_terms`) give the walker the plain finder's candidates;
    bad buffers are refused with an error, never read out of bounds."""
    from array import array

    from normcorpus import align
    from normcorpus.accel import walker as accel_walker

    aligner = align.Aligner(real_glossary, compiled=True)  # type: ignore[arg-type]
    plain = align.Aligner(real_glossary, compiled=False)  # type: ignore[arg-type]
    tables = align.compile_tables(real_glossary)["walker"]  # type: ignore[arg-type]
    at, tokens = (array("i", part) for part in tables["entries"][:2])
    words = len(tables["words"])

    def walker(entries: object, **edges: object) -> accel_walker.Walker:
        return accel_walker.Walker(
            {**tables, "entries": entries, **edges},
            aligner._describe,
            align._sep_core,
            align._ends_sentence,
        )

    flat = walker(tables["entries"])
    texts = [*TEXTS, *(ROOT / "corpus" / "vn-ru-2017-infosec.txt").read_text().splitlines()]
    found = 0
    for text in texts:  # the walk may add windows that read as nothing (test_align_accel)
        walked = set(flat.candidates(text))
        plainly = set(plain._plain_candidates(text))
        assert plainly <= walked, text
        for extra in walked - plainly:
            assert extra[5] == align.OTHER and plain._read(text, extra) is None, extra
        found += len(plainly)
    assert found > 100
    with pytest.raises(RuntimeError, match="runs once"):
        flat._walker.set_entries_flat(*tables["entries"])
    whole = tables["entries"]
    for bad, message in [
        ((whole[0], whole[1], whole[2], whole[3][:-4], whole[4]), "sizes differ"),
        ((whole[0][:-4], *whole[1:]), "sizes differ"),
        ((array("i", [0, *at[2:], at[-1]]).tobytes(), *whole[1:]), "bad offsets"),
        ((whole[0], array("i", [10**6] * len(tokens)).tobytes(), *whole[2:]), "out of range"),
        ((whole[0], whole[1] + b"\0", whole[2] + b"\0", *whole[3:]), "not int32s"),
    ]:
        with pytest.raises(ValueError, match=message):
            walker(bad)
    for edges, message in [
        ({"children": tables["children"][:-1]}, "not int32 triples"),
        ({"children": array("i", [0, 0, 10**8]).tobytes()}, "out of range"),
        ({"typo_edges": tables["typo_edges"][:-4]}, "not int32 triples"),
        ({"typo_edges": array("i", [1, 0, 1, 0, 0, 1]).tobytes()}, "range or order"),
        ({"typo_edges": array("i", [words, 0, 1]).tobytes()}, "range or order"),
        ({"children": [(0, 0, 1)]}, "not int32 triples"),
        ({"typo_edges": [[(0, 1)]]}, "not int32 triples"),
    ]:
        with pytest.raises(ValueError, match=message):
            walker(tables["entries"], **edges)


def test_a_glossary_made_from_a_loaded_one_gets_its_own_tables(
    copy: Path, tmp_path: Path, user_cache: Path
) -> None:
    from dataclasses import replace

    from normcorpus import align

    glossary = glossarycache.load(copy, tmp_path / "cache")  # its tables by its digest
    align.Aligner(glossary)
    # Made from it, it keeps the digest `load` named, not its concepts: the tables
    # of the whole glossary read back for a part of it would find what it lacks.
    fewer = replace(glossary, concepts=glossary.concepts[1:])
    assert fewer.digest == glossary.digest
    dropped = glossary.concepts[0].id
    built = align.Aligner(fewer)
    assert [built.find(t) for t in TEXTS] == [
        align.Aligner(fewer, compiled=False).find(t) for t in TEXTS
    ]
    assert not any(m.concept == dropped for t in TEXTS for m in built.find(t))
