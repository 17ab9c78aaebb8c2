"""fileio.py: reading and decoding with located errors, atomic writes, the format registry."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from normcorpus import fileio
from normcorpus.errors import GlossaryError, InputError, NormcorpusError

# --- reading ------------------------------------------------------------------


def test_read_bytes_of_a_file(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes(b"xin ch\xc3\xa0o")
    assert fileio.read_bytes(path) == b"xin ch\xc3\xa0o"


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda p: None, "no such file"),
        (lambda p: p.mkdir(), "is a directory, not a statement file"),
        (lambda p: os.mkfifo(p), "is a FIFO (named pipe), not a regular file: not read"),
    ],
    ids=["missing", "directory", "fifo"],
)
def test_read_bytes_refuses_with_the_file_named(tmp_path: Path, make, message: str) -> None:
    path = tmp_path / "x.txt"
    make(path)
    with pytest.raises(InputError) as caught:
        fileio.read_bytes(path, what="statement file")  # a FIFO would block here if opened
    assert str(caught.value) == f"{path}: {message}"


def test_read_bytes_refuses_a_device() -> None:
    with pytest.raises(InputError, match="not a regular file"):
        fileio.read_bytes("/dev/zero")


def test_read_bytes_takes_the_callers_wording_and_error(tmp_path: Path) -> None:
    with pytest.raises(GlossaryError) as caught:
        fileio.read_bytes(tmp_path / "g.yaml", missing="glossary not found", error=GlossaryError)
    assert str(caught.value) == f"{tmp_path / 'g.yaml'}: glossary not found"


@pytest.mark.parametrize(
    ("data", "kwargs", "message"),
    [
        (b"a\nb\n\xff", {}, "f.tsv:3: not UTF-8 (byte 4)"),
        (b"a\xe0", {"hint": "; convert it"}, "f.tsv:1: not UTF-8 (byte 1); convert it"),
        (b"a\x00b", {"what": "TSV"}, "f.tsv: binary file (contains NUL bytes), not a TSV"),
    ],
)
def test_decode_utf8_errors(data: bytes, kwargs: dict, message: str) -> None:
    with pytest.raises(InputError) as caught:
        fileio.decode_utf8(data, name="f.tsv", **kwargs)
    assert str(caught.value) == message


def test_decode_utf8_drops_a_bom_and_scans_for_nul_as_far_as_asked() -> None:
    assert fileio.decode_utf8(b"\xef\xbb\xbfh\xc3\xb2a", name="f") == "hòa"
    assert fileio.decode_utf8(b"ab\x00", name="f", nul_scan=2) == "ab\x00"


def test_read_text(tmp_path: Path) -> None:
    path = tmp_path / "g.yaml"
    path.write_bytes("hòa bình\n".encode())
    assert fileio.read_text(path) == "hòa bình\n"
    path.write_bytes(b"h\xf2a")
    with pytest.raises(InputError, match=r"g\.yaml:1: not UTF-8 \(byte 1\)"):
        fileio.read_text(path)


# --- writing ------------------------------------------------------------------


def _entries(directory: Path) -> list[str]:
    return sorted(p.name for p in directory.iterdir())


def test_atomic_write_replaces_the_file_and_leaves_no_temp(tmp_path: Path) -> None:
    path = tmp_path / "out.tsv"
    path.write_text("old", encoding="utf-8")
    fileio.atomic_write(path, "mới\n")
    assert path.read_bytes() == "mới\n".encode()
    fileio.atomic_write(path, b"\x00\x01")
    assert path.read_bytes() == b"\x00\x01"
    assert _entries(tmp_path) == ["out.tsv"]


def test_atomic_write_keeps_the_old_file_when_writing_fails(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "out.tsv"
    path.write_text("old", encoding="utf-8")

    def full_disk(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(fileio.os, "fsync", full_disk)
    with pytest.raises(NormcorpusError) as caught:
        fileio.atomic_write(path, "new")
    assert str(caught.value) == f"{path}: cannot write: No space left on device"
    assert path.read_text(encoding="utf-8") == "old"
    assert _entries(tmp_path) == ["out.tsv"]


def test_atomic_write_removes_the_temp_on_an_interrupt(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def interrupted(fd: int) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(fileio.os, "fsync", interrupted)
    with pytest.raises(KeyboardInterrupt):
        fileio.atomic_write(tmp_path / "out.tsv", "new")
    assert _entries(tmp_path) == []


@pytest.mark.parametrize(
    ("target", "message"),
    [
        ("dir", "cannot write: is a directory"),
        ("missing/x.tsv", "cannot write: no such directory"),
    ],
)
def test_atomic_write_to_a_directory_or_a_missing_parent(
    tmp_path: Path, target: str, message: str
) -> None:
    (tmp_path / "dir").mkdir()
    path = tmp_path / target
    with pytest.raises(NormcorpusError) as caught:
        fileio.atomic_write(path, "x")
    assert str(caught.value).startswith(f"{path}: {message}")
    assert _entries(tmp_path) == ["dir"]
    assert _entries(tmp_path / "dir") == []


def test_stage_writes_a_named_temp_that_the_caller_renames(tmp_path: Path) -> None:
    final = tmp_path / "doc.jsonl"
    temp = fileio.stage(final, b"{}\n", tag="3")
    assert temp == tmp_path / f".doc.jsonl.{os.getpid()}.3.tmp"
    assert temp.read_bytes() == b"{}\n"
    assert not final.exists()


# --- the format registry ------------------------------------------------------


def test_check_format_names_the_choices() -> None:
    assert fileio.check_format("rows", "json") == "json"
    with pytest.raises(NormcorpusError) as caught:
        fileio.check_format("rows", "xml")
    assert str(caught.value) == "unknown format 'xml' (choose from table, json, jsonl, csv, tsv)"
    with pytest.raises(InputError, match="unknown input format 'po'"):
        fileio.check_format("bilingual-input", "po", error=InputError)


def test_each_format_list_is_the_registrys() -> None:
    # The modules that used to keep their own copies now name the registry's.
    from normcorpus import output
    from normcorpus.formats import bilingual, exchange, termexchange

    assert output.FORMATS is fileio.FORMATS["rows"]
    assert bilingual.INPUT_FORMATS is fileio.FORMATS["bilingual-input"]
    assert exchange.EXPORT_FORMATS is fileio.FORMATS["bilingual-export"]
    assert termexchange.EXPORT_FORMATS is fileio.FORMATS["glossary-export"]
    assert termexchange.IMPORT_FORMATS is fileio.FORMATS["glossary-import"]
    assert set(exchange.WRITERS) == set(fileio.FORMATS["bilingual-export"])


def test_staged_writes_piece_by_piece_and_hashes_what_it_wrote(tmp_path: Path) -> None:
    import hashlib

    final = tmp_path / "doc.jsonl"
    with fileio.Staged(final, tag="1") as out:
        out.write(b"{}\n")
        out.write('{"a": "ừ"}\n'.encode())
    assert out.path.read_bytes() == '{}\n{"a": "ừ"}\n'.encode()
    assert out.sha256 == hashlib.sha256(out.path.read_bytes()).hexdigest()


def test_staged_removes_its_temp_when_the_writer_fails(tmp_path: Path) -> None:
    with pytest.raises(RuntimeError), fileio.Staged(tmp_path / "doc.jsonl") as out:
        out.write(b"half")
        raise RuntimeError("the records stopped coming")
    assert _entries(tmp_path) == []
