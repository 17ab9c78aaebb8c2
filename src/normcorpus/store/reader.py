"""Reading a data directory: documents, records, translations, and the
primitives search is built from (FTS5 matches in index order, probes, counts).

Every SQL statement search, study and stats run is here; they pass FTS5
expressions built by `query.py` and a `Restriction` made from `Filters` here.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import sqlite3
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from ..accel import jsonread
from ..errors import QueryError, QueryTimeout, StoreError
from ..filters import Filters
from ..models import (
    ClauseRecord,
    Document,
    DocumentMeta,
    PublishedBead,
    PublishedTranslation,
    Span,
)
from .schema import (
    APPLICATION_ID,
    CLAUSE_MASK,
    FTS_ROWID_OF_CLAUSE,
    INDEX_NAME,
    PREVIOUS_DIR,
    RECORDS_DIR,
    SCHEMA,
    STORE_VERSION,
    canonical_local,
    concept_token,
    fts_rowid,
    previous_name,
)
from .writer import Writer


@dataclass(frozen=True, slots=True)
class Restriction:
    """Filters as SQL on `clauses AS c` (empty: none), made by `Store.restriction`."""

    where: str = ""
    params: tuple[Any, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.where)


NO_RESTRICTION = Restriction()
Side = Literal["vi", "en"]  # which FTS table: the Vietnamese clauses or their English


@dataclass(frozen=True, slots=True)
class DocumentInfo:
    id: str
    path: str
    meta: DocumentMeta
    clauses: int
    words: int
    source_sha256: str
    segment_digest: str
    glossary_digest: str
    records_sha256: str


@dataclass(frozen=True, slots=True)
class StoredTranslation:
    """A clause's English from `<doc>.en.tsv`, as loaded at ingest."""

    clause_id: str
    doc: str
    hash: str  # the clause hash the translation was made for
    en: str
    line: int  # its line in the translation file
    stale: bool  # the clause text changed since (hash differs)


@dataclass(frozen=True, slots=True)
class PublishedPair:
    """A bead of a statement's published English, with where that English came from."""

    bead: PublishedBead
    source: PublishedTranslation  # publisher, official, url, date; `file` the English file
    sha256: str  # of the English file's bytes

    def to_dict(self) -> dict[str, Any]:
        return {
            "translation": "published",
            **self.bead.to_dict(),
            "source": {**self.source.to_dict(), "sha256": self.sha256},
        }


# The document's id and records file size by subquery, not a cache: a document
# number is reused once its document is gone.
_CLAUSE_COLUMNS = (
    "c.rowid, c.length, c.doc, c.para, c.sent, c.clause, c.hash, c.line,"
    " (SELECT d.id FROM documents AS d WHERE d.n = c.doc),"
    " (SELECT d.records_size FROM documents AS d WHERE d.n = c.doc)"
)


class Store:
    """Read access to a data directory (and the factory for its Writer)."""

    def __init__(self, data_dir: Path, connection: sqlite3.Connection):
        self.data_dir = data_dir
        self.connection = connection
        self._labels: dict[int, str] = {}
        self._doc_ids: dict[int, str] = {}
        # Records files a writer on this connection has written and not yet
        # renamed into place (Writer keeps it), by document id.
        self.staged_files: dict[str, Path] = {}
        # The store version of the index this writer replaced (an older normcorpus's).
        self.replaced_version: str | None = None

    @classmethod
    def open(cls, data_dir: str | Path, *, create: bool = False, read_only: bool = False) -> Store:
        """Open a data directory's index; `create` makes it (for a writer).

        The index is in WAL mode: readers see the last committed state and are
        never blocked by a writer. A directory the user may not write is read
        as it is (immutable), since nobody can be writing it. `read_only`
        opens the file read-only (SQLite `mode=ro`): no statement can write it,
        whatever it is (the web app's connections).
        """
        data_dir = Path(data_dir)
        index = data_dir / INDEX_NAME
        if data_dir.exists() and not data_dir.is_dir():
            raise StoreError(f"{data_dir} is a file, not a data directory (pass --data-dir)")
        fresh = not index.exists()
        if fresh:
            if not create:
                raise StoreError(
                    f"no corpus index in {data_dir}/ (run `normcorpus ingest` first,"
                    " or pass --data-dir)"
                )
            try:
                (data_dir / RECORDS_DIR).mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise StoreError(
                    f"cannot create data directory {data_dir}: {exc.strerror}"
                ) from exc
        try:
            connection = _connect(index, writable=create, read_only=read_only and not create)
            if not fresh:
                _check_ours(connection, index)
            if create:
                _prepare(connection)
            version = connection.execute(
                "SELECT value FROM meta WHERE key = 'store_version'"
            ).fetchone()
            committed = connection.execute("SELECT 1 FROM meta WHERE key = 'committed'").fetchone()
        except sqlite3.OperationalError as exc:
            raise StoreError(_operational_message(index, exc)) from exc
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"{index} is not a usable normcorpus index: {exc}") from exc
        if version is None or version[0] != STORE_VERSION:
            if create and not fresh:
                # An index an older normcorpus wrote (`_check_ours` said so): it is
                # derived from the corpus, so the writer (under the ingest lock)
                # starts it again; the records are rewritten from the statements.
                connection.close()
                for suffix in ("", "-wal", "-shm"):
                    Path(f"{index}{suffix}").unlink(missing_ok=True)
                store = cls.open(data_dir, create=True)
                store.replaced_version = version[0] if version is not None else "?"
                return store
            raise StoreError(
                f"{index} was written by another version of normcorpus; run `normcorpus ingest`"
                " to build it again from the corpus"
            )
        if committed is None and not create:
            connection.close()
            raise StoreError(
                f"no corpus in {data_dir}/ yet: no ingest has finished there"
                " (run `normcorpus ingest` first)"
            )
        return cls(data_dir, connection)

    @contextmanager
    def snapshot(self) -> Iterator[None]:
        """Read one committed state throughout the block (a read transaction): a
        search runs several queries, and an ingest may commit between them."""
        if self.connection.in_transaction:
            yield
            return
        self.connection.execute("BEGIN")
        try:
            yield
        finally:
            if self.connection.in_transaction:
                self.connection.execute("COMMIT")

    def data_version(self) -> int:
        """A number that changes whenever another connection commits (an ingest):
        what a long-lived reader compares to know its cached statistics are old."""
        return self.connection.execute("PRAGMA data_version").fetchone()[0]

    @contextmanager
    def time_limit(self, seconds: float | None) -> Iterator[None]:
        """Stop whatever SQL is still running `seconds` after the block starts
        (SQLite's progress handler): the block raises `QueryTimeout`. Python
        work between statements is not cut short; its next statement is."""
        if seconds is None:
            yield
            return
        deadline = time.monotonic() + seconds
        tripped = False

        def past_deadline() -> int:
            nonlocal tripped
            tripped = time.monotonic() > deadline
            return int(tripped)

        self.connection.set_progress_handler(past_deadline, _PROGRESS_STEPS)
        try:
            yield
        except (sqlite3.OperationalError, QueryError) as exc:
            if tripped:
                raise QueryTimeout(
                    f"the query ran past {seconds:g} s and was stopped"
                    " (narrow it: a filter, a phrase, fewer OR terms)"
                ) from exc
            raise
        finally:
            self.connection.set_progress_handler(None, 0)

    def pending_files(self) -> list[tuple[str, str]]:
        """Record files a committed batch has still to move into place (temp, final)."""
        return self.connection.execute("SELECT temp, final FROM pending_files").fetchall()

    def close(self) -> None:
        self.connection.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- documents ---------------------------------------------------------

    def documents(self) -> list[DocumentInfo]:
        rows = self.connection.execute(
            "SELECT id, path, meta, clauses, words, source_sha256, segment_digest,"
            " glossary_digest, records_sha256 FROM documents ORDER BY id"
        ).fetchall()
        return [
            DocumentInfo(
                id=r[0],
                path=r[1],
                meta=DocumentMeta.from_dict(json.loads(r[2])),
                clauses=r[3],
                words=r[4],
                source_sha256=r[5],
                segment_digest=r[6],
                glossary_digest=r[7],
                records_sha256=r[8],
            )
            for r in rows
        ]

    def document_text(self, doc: str) -> str:
        """A document's normalised text: stored whole, or rebuilt from its clauses
        and the text between them."""
        row = self.connection.execute(
            "SELECT n, text, tail FROM documents WHERE id = ?", (doc,)
        ).fetchone()
        if row is None:
            raise StoreError(f"no document {doc!r} in the corpus")
        number, text, tail = row
        if text is not None:
            return text
        gaps = [
            gap
            for (gap,) in self.connection.execute(
                "SELECT gap FROM clauses WHERE doc = ? ORDER BY para, sent, clause", (number,)
            )
        ]
        records = self.records(doc)
        return "".join(gap + record.text for gap, record in zip(gaps, records, strict=True)) + tail

    def records_path(self, doc: str) -> Path:
        return self.data_dir / RECORDS_DIR / f"{doc}.jsonl"

    def published_path(self, doc: str) -> Path:
        """`records/<doc>.en.jsonl`: the beads of a document's published English (no
        document id ends in `.en`: `<name>.en.txt` is never a statement)."""
        return self.data_dir / RECORDS_DIR / f"{doc}.en.jsonl"

    # --- clauses -----------------------------------------------------------

    def records(self, doc: str | None = None) -> Iterator[ClauseRecord]:
        """Every clause record, in document and text order."""
        if doc is None:
            for (name,) in self.connection.execute(
                "SELECT id FROM documents ORDER BY id"
            ).fetchall():
                yield from self.records(name)
            return
        row = self.connection.execute("SELECT n FROM documents WHERE id = ?", (doc,)).fetchone()
        if row is None:
            return
        yield from self._records(
            f"SELECT {_CLAUSE_COLUMNS} FROM clauses AS c WHERE c.doc = ?"
            " ORDER BY c.para, c.sent, c.clause",
            (row[0],),
        )

    def record(self, clause_id: str) -> ClauseRecord | None:
        found = self._find(clause_id)
        if found is None:
            return None
        rows = self._records(
            f"SELECT {_CLAUSE_COLUMNS} FROM clauses AS c WHERE c.rowid = ?", (found,)
        )
        return rows[0] if rows else None

    def _find(self, clause_id: str) -> int | None:
        """The number (`clauses.rowid`) of the clause with this id."""
        doc, _, local = clause_id.rpartition(":")
        row = self.connection.execute("SELECT n FROM documents WHERE id = ?", (doc,)).fetchone()
        if row is None:
            return None
        found: tuple[int] | None = None
        match = _CANONICAL.fullmatch(local)
        if match is not None:
            para, sent, clause = map(int, match.groups())
            if canonical_local(para, sent, clause) == local:
                found = self.connection.execute(
                    "SELECT rowid FROM clauses WHERE doc = ? AND para = ? AND sent = ?"
                    " AND clause = ? AND local IS NULL",
                    (row[0], para, sent, clause),
                ).fetchone()
        if found is None:
            found = self.connection.execute(
                "SELECT rowid FROM clauses WHERE doc = ? AND local = ?", (row[0], local)
            ).fetchone()
        return None if found is None else found[0]

    def clause_hashes(self, doc: str) -> dict[str, tuple[int, str]]:
        """Clause id -> (FTS rowid, hash) of a document's clauses."""
        row = self.connection.execute("SELECT n FROM documents WHERE id = ?", (doc,)).fetchone()
        if row is None:
            return {}
        # The ids and FTS rowids spelled by SQLite (`_clause_id`, `fts_rowid`; the
        # view `clause_records` spells ids the same way): a batch asks for every document.
        return {
            clause_id: (rowid, hash_)
            for clause_id, rowid, hash_ in self.connection.execute(
                "SELECT ? || ':'"
                " || coalesce(local, printf('p%02d.s%02d.c%02d', para, sent, clause)),"
                f" {FTS_ROWID_OF_CLAUSE}, hash FROM clauses AS c WHERE doc = ?",
                (doc, row[0]),
            )
        }

    def records_by_rowid(self, rowids: Sequence[int]) -> dict[int, ClauseRecord]:
        """The records of those FTS rowids that exist, in the order given."""
        found: dict[int, ClauseRecord] = {}
        for chunk_start in range(0, len(rowids), 500):
            chunk = [rowid & CLAUSE_MASK for rowid in rowids[chunk_start : chunk_start + 500]]
            marks = ",".join("?" * len(chunk))
            found.update(
                self._rows_records(
                    f"SELECT {_CLAUSE_COLUMNS} FROM clauses AS c WHERE c.rowid IN ({marks})", chunk
                )
            )
        return {rowid: found[rowid] for rowid in rowids if rowid in found}

    def neighbours(self, record: ClauseRecord) -> list[ClauseRecord]:
        """The clauses of the record's paragraph, in order (its context)."""
        row = self.connection.execute(
            "SELECT n FROM documents WHERE id = ?", (record.doc,)
        ).fetchone()
        if row is None:
            return []
        return self._records(
            f"SELECT {_CLAUSE_COLUMNS} FROM clauses AS c WHERE c.doc = ? AND c.para = ?"
            " ORDER BY c.sent, c.clause",
            (row[0], record.para),
        )

    def _records(self, sql: str, params: Sequence[Any]) -> list[ClauseRecord]:
        return [record for _, record in self._rows_records(sql, params)]

    def _rows_records(self, sql: str, params: Sequence[Any]) -> list[tuple[int, ClauseRecord]]:
        """(FTS rowid, record) from rows of `_CLAUSE_COLUMNS`: each record is read
        from its line in the document's records file, where the row says it starts."""
        rows = self.connection.execute(sql, params).fetchall()
        if not rows:
            return []
        by_doc: dict[int, list[tuple[Any, ...]]] = {}
        for row in rows:
            by_doc.setdefault(row[2], []).append(row)
        pending: dict[str, str] | None = None
        found: dict[int, ClauseRecord] = {}
        records_dir = os.path.join(self.data_dir, RECORDS_DIR)
        for number, doc_rows in by_doc.items():
            doc, size = doc_rows[0][8], doc_rows[0][9]
            staged = self.staged_files.get(doc)
            final = os.path.join(records_dir, f"{doc}.jsonl")
            if staged is not None:
                paths = [str(staged)]
            else:
                if pending is None:  # a batch committed, its renames not yet done
                    pending = {final: temp for temp, final in self.pending_files()}
                temp = pending.get(f"{doc}.jsonl")
                # The temp file this snapshot lists may have been renamed into place
                # since: then the final name holds the version (tried second).
                paths = [os.path.join(records_dir, temp), final] if temp else [final]
            records = None
            for path in paths:
                records = _read_records(path, size, doc_rows)
                if records is not None:
                    break
            if records is None:
                # Replaced by a batch that committed after this snapshot began:
                # the version this snapshot indexes was kept (Writer.commit).
                (sha256,) = self.connection.execute(
                    "SELECT records_sha256 FROM documents WHERE n = ?", (number,)
                ).fetchone()
                previous = os.path.join(self.data_dir, PREVIOUS_DIR, previous_name(doc, sha256))
                records = _read_records(previous, size, doc_rows)
            if records is None:
                raise StoreError(
                    f"{self.records_path(doc)} does not hold the records the index points to"
                    " (changed by hand?); run `normcorpus ingest` with a fresh --data-dir"
                )
            found.update(records)
        return [(fts_rowid(row[0], row[1]), found[row[0]]) for row in rows]

    def _label(self, number: int) -> str:
        text = self._labels.get(number)
        if text is None:
            self._labels = dict(self.connection.execute("SELECT n, text FROM labels").fetchall())
            text = self._labels[number]
        return text

    def _doc_id(self, number: int) -> str:
        name = self._doc_ids.get(number)
        if name is None:
            self._doc_ids = dict(self.connection.execute("SELECT n, id FROM documents").fetchall())
            name = self._doc_ids[number]
        return name

    def count(self) -> int:
        return self.connection.execute("SELECT count(*) FROM clauses").fetchone()[0]

    # --- term statistics (for ranking) ----------------------------------------

    def totals(self, side: str = "vi") -> tuple[int, int]:
        """(clauses, syllables) in the Vietnamese FTS index, or (clauses with
        English, English words) in the English one."""
        keys = ("fts_clauses", "fts_syllables") if side == "vi" else ("en_clauses", "en_words")
        rows = dict(
            self.connection.execute(
                "SELECT key, value FROM meta WHERE key IN (?, ?)", keys
            ).fetchall()
        )
        return int(rows.get(keys[0], 0)), int(rows.get(keys[1], 0))

    def document_frequency(self, key: str) -> int:
        """Clauses holding a term (`STAT_PREFIX` + token); a key ending in `*` is a
        prefix, for which the commonest completion's count stands in."""
        if key.endswith("*"):
            stem = key[:-1]
            row = self.connection.execute(
                "SELECT max(df) FROM term_stats WHERE term >= ? AND term < ?",
                (stem, stem + "\U0010ffff"),
            ).fetchone()
        else:
            row = self.connection.execute(
                "SELECT df FROM term_stats WHERE term = ?", (key,)
            ).fetchone()
        return (row[0] or 0) if row else 0

    # --- translations (loaded from `<doc>.en.tsv` at ingest) -------------------

    def translation(self, clause_id: str) -> StoredTranslation | None:
        """A clause's English, current or stale; None when it has none."""
        row = self.connection.execute(
            "SELECT clause_id, doc, hash, en, line FROM translations WHERE clause_id = ?",
            (clause_id,),
        ).fetchone()
        if row is None:
            return None
        number = self._find(clause_id)
        current = None
        if number is not None:
            current = self.connection.execute(
                "SELECT hash FROM clauses WHERE rowid = ?", (number,)
            ).fetchone()[0]
        return StoredTranslation(*row, stale=row[2] != current)

    def translations(self, clause_ids: Sequence[str]) -> dict[str, str]:
        """The current (not stale, not empty) English of those clauses that have one."""
        out: dict[str, str] = {}
        ids = list(clause_ids)
        for chunk_start in range(0, len(ids), 500):
            chunk = ids[chunk_start : chunk_start + 500]
            marks = ",".join("?" * len(chunk))
            # Indexed is what is current and not empty (the writer keeps it so).
            rows = self.connection.execute(
                f"SELECT clause_id, en FROM translations WHERE clause_id IN ({marks})"
                " AND indexed IS NOT NULL",
                chunk,
            ).fetchall()
            out.update(rows)
        return out

    def translations_digest(self, doc: str) -> str | None:
        """sha256 of the `<doc>.en.tsv` last loaded ('' when there was none)."""
        return self.meta_value(f"translations_sha256:{doc}")

    # --- published translations (`<doc>.en.txt`, aligned at ingest) -----------

    def published_state(self, doc: str) -> tuple[str, str] | None:
        """(digest, records sha256) of a document's published English as last
        aligned, or None when it has none."""
        row = self.connection.execute(
            "SELECT digest, records_sha256 FROM published_sources WHERE doc = ?", (doc,)
        ).fetchone()
        return None if row is None else (row[0], row[1])

    def published_documents(self) -> list[str]:
        return [
            doc
            for (doc,) in self.connection.execute("SELECT doc FROM published_sources ORDER BY doc")
        ]

    def published_source(self, doc: str) -> tuple[PublishedTranslation, str] | None:
        """Where a document's published English came from, and its file's sha256."""
        row = self.connection.execute(
            "SELECT file, sha256, publisher, official, url, date FROM published_sources"
            " WHERE doc = ?",
            (doc,),
        ).fetchone()
        if row is None:
            return None
        file, sha256, publisher, official, url, date = row
        source = PublishedTranslation(
            file=file or None,
            official=None if official is None else bool(official),
            publisher=publisher,
            url=url,
            date=date,
        )
        return source, sha256

    def published_beads(self, doc: str) -> list[PublishedBead]:
        """A document's beads in text order (read from the index; the records file
        `published_path(doc)` holds the same, with the English offsets)."""
        return [
            _published_bead(doc, *row)
            for row in self.connection.execute(
                "SELECT bead, type, confidence, vi_ids, en, en_lines FROM published_beads"
                " WHERE doc = ? ORDER BY bead",
                (doc,),
            )
        ]

    def published(self, clause_ids: Sequence[str]) -> dict[str, PublishedPair]:
        """The published bead of each of these clauses that has one."""
        out: dict[str, PublishedPair] = {}
        sources: dict[str, tuple[PublishedTranslation, str] | None] = {}
        ids = list(clause_ids)
        for chunk_start in range(0, len(ids), 500):
            chunk = ids[chunk_start : chunk_start + 500]
            marks = ",".join("?" * len(chunk))
            for clause_id, doc, *bead in self.connection.execute(
                "SELECT pc.clause_id, b.doc, b.bead, b.type, b.confidence, b.vi_ids, b.en,"
                " b.en_lines FROM published_clauses AS pc JOIN published_beads AS b"
                f" ON b.doc = pc.doc AND b.bead = pc.bead WHERE pc.clause_id IN ({marks})",
                chunk,
            ):
                if doc not in sources:
                    sources[doc] = self.published_source(doc)
                found = sources[doc]
                if found is not None:
                    out[clause_id] = PublishedPair(_published_bead(doc, *bead), *found)
        return out

    def matched_translations(self, match: str, rowids: Sequence[int]) -> dict[int, tuple[str, ...]]:
        """Which English of these clauses an English-side match is in: `working`
        (`<doc>.en.tsv`), `published` (`<doc>.en.txt`), or both."""
        out: dict[int, list[str]] = {rowid: [] for rowid in rowids}
        if not rowids:
            return {}
        for column, name in (("en", "working"), ("published", "published")):
            for rowid in self.present(f"{column} : ({match})", rowids, side="en"):
                out[rowid].append(name)
        return {rowid: tuple(names) for rowid, names in out.items()}

    # --- reading for search (the SQL of search.py) -----------------------------

    def tune_for_reading(self) -> None:
        """Reads only; a bigger page cache and memory-mapped I/O keep doclists hot."""
        self.connection.execute("PRAGMA query_only = 1")
        self.connection.execute("PRAGMA cache_size = -65536")
        self.connection.execute("PRAGMA mmap_size = 1073741824")

    def meta_value(self, key: str) -> str | None:
        row = self.connection.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return None if row is None else row[0]

    def document_metas(self) -> list[tuple[str, dict[str, Any]]]:
        """(id, metadata as stored) of every document, by id."""
        rows = self.connection.execute("SELECT id, meta FROM documents ORDER BY id")
        return [(doc, json.loads(meta)) for doc, meta in rows]

    def documents_matching(self, filters: Filters) -> set[str]:
        """The ids of the documents `filters` keeps by id, kind and date."""
        return _documents_matching(filters, self.document_metas())

    def document_meta(self, doc: str) -> dict[str, Any]:
        row = self.connection.execute("SELECT meta FROM documents WHERE id = ?", (doc,)).fetchone()
        return json.loads(row[0]) if row else {}

    def restriction(
        self,
        filters: Filters,
        metas: Sequence[tuple[str, dict[str, Any]]] | None = None,
        *,
        concept: str | None = None,
    ) -> Restriction:
        """The SQL for `filters` but `concept` and `side` (on the Vietnamese side
        the concept is part of the FTS5 expression; elsewhere pass its expression
        as `concept`). `metas` (from `document_metas`) saves a read."""
        where: list[str] = []
        params: list[Any] = []
        if concept is not None:
            where.append(
                f"c.rowid IN (SELECT rowid & {CLAUSE_MASK} FROM clause_fts"
                " WHERE clause_fts MATCH ?)"
            )
            params.append(concept)
        if filters.documents_restricted:
            docs = _documents_matching(filters, self.document_metas() if metas is None else metas)
            where.append(
                "c.doc IN (SELECT n FROM documents WHERE id IN (SELECT value FROM json_each(?)))"
            )
            params.append(json.dumps(sorted(docs)))
        if filters.article:
            where.append("c.article = ?")
            params.append(filters.article)
        return Restriction(" AND ".join(where), tuple(params))

    def _select(self, side: Side, restriction: Restriction, *, doc_order: bool = False) -> str:
        table = _FTS[side]
        join = ""
        if restriction or doc_order:
            join = f" CROSS JOIN clauses AS c ON c.rowid = ({table}.rowid & {CLAUSE_MASK})"
        if doc_order:
            join += " CROSS JOIN documents AS d ON d.n = c.doc"
        where = f" AND {restriction.where}" if restriction else ""
        return f"SELECT {table}.rowid FROM {table}{join} WHERE {table} MATCH ?{where}"

    def matches(
        self,
        match: str,
        restriction: Restriction = NO_RESTRICTION,
        *,
        side: Side = "vi",
        doc_order: bool = False,
        limit: int = -1,
        offset: int = 0,
        below: int | None = None,
    ) -> list[int]:
        """Rowids of a page of matches, in index (length) or corpus order; with
        `below`, only rowids under it (shorter clauses)."""
        table = _FTS[side]
        order_by = "d.id, c.para, c.sent, c.clause" if doc_order else f"{table}.rowid"
        select = self._select(side, restriction, doc_order=doc_order)
        bound = "" if below is None else f" AND {table}.rowid < {int(below)}"
        sql = f"{select}{bound} ORDER BY {order_by} LIMIT ? OFFSET ?"
        rows = self._execute(sql, (match, *restriction.params, limit, offset))
        return [rowid for (rowid,) in rows]

    def matches_either(
        self,
        vi_match: str,
        en_match: str,
        restriction: Restriction = NO_RESTRICTION,
        *,
        limit: int = -1,
        offset: int = 0,
    ) -> list[int]:
        """Rowids of a page of clauses matching either side, in corpus order."""
        where = f" AND {restriction.where}" if restriction else ""
        sql = (
            f"SELECT {FTS_ROWID_OF_CLAUSE} FROM clauses AS c"
            " CROSS JOIN documents AS d ON d.n = c.doc"
            f" WHERE c.rowid IN ({_EITHER}){where}"
            " ORDER BY d.id, c.para, c.sent, c.clause LIMIT ? OFFSET ?"
        )
        rows = self._execute(sql, (vi_match, en_match, *restriction.params, limit, offset))
        return [rowid for (rowid,) in rows]

    def match_batches(
        self, match: str, restriction: Restriction = NO_RESTRICTION, *, side: Side = "vi"
    ) -> Iterator[list[int]]:
        """Rowids of every match in index order, a small batch first (most
        ranked reads stop there)."""
        sql = f"{self._select(side, restriction)} ORDER BY {_FTS[side]}.rowid"
        try:
            cursor = self.connection.execute(sql, (match, *restriction.params))
            size = 64
            while rows := cursor.fetchmany(size):
                yield [rowid for (rowid,) in rows]
                size = 512
        except sqlite3.OperationalError as exc:
            raise QueryError(f"the search could not run: {exc}") from exc

    def present(self, match: str, rowids: Sequence[int], *, side: Side = "vi") -> set[int]:
        """Those of the rowids that match.

        Read as the matches between the least and the greatest of them: FTS5
        seeks a rowid range in its doclists, where `rowid IN (…)` re-runs the
        query once a value (ten times slower for a page of candidates)."""
        if not rowids:
            return set()
        wanted = set(rowids)
        return wanted & self.present_between(match, min(wanted), max(wanted), side=side)

    def present_between(self, match: str, first: int, last: int, *, side: Side = "vi") -> set[int]:
        """The rowids from `first` to `last` that match."""
        table = _FTS[side]
        rows = self._execute(
            f"SELECT rowid FROM {table} WHERE {table} MATCH ? AND rowid BETWEEN ? AND ?",
            (match, first, last),
        )
        return {rowid for (rowid,) in rows}

    def count_matches(
        self,
        match: str,
        restriction: Restriction = NO_RESTRICTION,
        *,
        side: Side = "vi",
        at_most: int | None = None,
    ) -> int:
        """Matching clauses; with `at_most`, the count stops there (it reads no further)."""
        table = _FTS[side]
        join = (
            f" CROSS JOIN clauses AS c ON c.rowid = ({table}.rowid & {CLAUSE_MASK})"
            if restriction
            else ""
        )
        where = f" AND {restriction.where}" if restriction else ""
        if at_most is not None:
            sql = (
                f"SELECT count(*) FROM (SELECT 1 FROM {table}{join} WHERE {table} MATCH ?{where}"
                f" LIMIT {int(at_most)})"
            )
        else:
            sql = f"SELECT count(*) FROM {table}{join} WHERE {table} MATCH ?{where}"
        return self._execute(sql, (match, *restriction.params))[0][0]

    def count_either(
        self,
        vi_match: str,
        en_match: str,
        restriction: Restriction = NO_RESTRICTION,
        *,
        at_most: int | None = None,
    ) -> int:
        """Clauses matching either side; with `at_most`, the count stops there.

        Stopping early needs both sides in rowid order, merged (a clause has the
        same FTS rowid on both sides), which SQLite does for a UNION ordered by
        rowid, and stops at the LIMIT; a plain UNION collects every row first."""
        if at_most is not None:
            sides = f"{self._select('vi', restriction)} UNION {self._select('en', restriction)}"
            sql = f"SELECT count(*) FROM ({sides} ORDER BY 1 LIMIT {int(at_most)})"
            params = (vi_match, *restriction.params, en_match, *restriction.params)
            return self._execute(sql, params)[0][0]
        if restriction:
            sql = (
                f"SELECT count(*) FROM clauses AS c WHERE c.rowid IN ({_EITHER})"
                f" AND {restriction.where}"
            )
            return self._execute(sql, (vi_match, en_match, *restriction.params))[0][0]
        # The Vietnamese matches, counted in the index, and the English ones that
        # are not among them (the set of those is made only if there are any).
        sql = (
            "SELECT (SELECT count(*) FROM clause_fts WHERE clause_fts MATCH ?)"
            " + (SELECT count(*) FROM english_fts WHERE english_fts MATCH ?"
            " AND rowid NOT IN (SELECT rowid FROM clause_fts WHERE clause_fts MATCH ?))"
        )
        return self._execute(sql, (vi_match, en_match, vi_match))[0][0]

    def any_match(self, match: str, *, side: Side = "vi") -> bool:
        table = _FTS[side]
        rows = self._execute(f"SELECT 1 FROM {table} WHERE {table} MATCH ? LIMIT 1", (match,))
        return bool(rows)

    def concept_aligned(self, concept: str) -> bool:
        """Whether any clause is aligned to the concept."""
        return self.any_match(f'concepts : "{concept_token(concept)}"')

    def shortest_length(self) -> int:
        """The length (syllables) of the index's shortest clause."""
        return int(self.meta_value("shortest_clause") or 0)

    def vocabulary(self) -> tuple[str, ...]:
        """Distinct tokens of the `exact` column, digits left out."""
        connection = self.connection
        # A temp fts5vocab table reads the index's term list without writing to it.
        query_only = connection.execute("PRAGMA query_only").fetchone()[0]
        connection.execute("PRAGMA query_only = 0")
        try:
            connection.execute(
                "CREATE VIRTUAL TABLE IF NOT EXISTS temp.nc_vocab"
                " USING fts5vocab(main, 'clause_fts', 'col')"
            )
        finally:
            connection.execute(f"PRAGMA query_only = {int(query_only)}")
        rows = connection.execute("SELECT term FROM temp.nc_vocab WHERE col = 'exact'")
        return tuple(term for (term,) in rows if not term.isdigit())

    def state_digest(self) -> str:
        """Changes whenever a document's records or alignment change (cache keys)."""
        rows = self.connection.execute(
            "SELECT id, records_sha256, glossary_digest FROM documents ORDER BY id"
        ).fetchall()
        return hashlib.sha256(json.dumps(rows).encode()).hexdigest()[:20]

    def _execute(self, sql: str, params: tuple[Any, ...]) -> list[Any]:
        try:
            return self.connection.execute(sql, params).fetchall()
        except sqlite3.OperationalError as exc:
            # The MATCH string is ours and always valid; what is left is a
            # damaged or foreign index, or a query too large for FTS5.
            raise QueryError(f"the search could not run: {exc}") from exc

    # --- counts (stats, study, ingest's report) ----------------------------------

    def concept_counts(self, doc: str) -> list[tuple[str, int]]:
        """(concept, matches) in a document, commonest first, then by id."""
        return self.connection.execute(
            "SELECT l.text, count(*) AS n FROM term_matches AS m"
            " JOIN clauses AS c ON c.rowid = m.clause"
            " JOIN labels AS l ON l.n = m.concept"
            " WHERE c.doc = (SELECT n FROM documents WHERE id = ?)"
            " GROUP BY l.text ORDER BY n DESC, l.text",
            (doc,),
        ).fetchall()

    def concept_document_counts(self, *, distinct_clauses: bool) -> list[tuple[str, str, int]]:
        """(concept, doc, matches or clauses) over the corpus."""
        what = "count(DISTINCT m.clause)" if distinct_clauses else "count(*)"
        return self.connection.execute(
            f"SELECT l.text, d.id, {what} FROM term_matches AS m"
            " JOIN clauses AS c ON c.rowid = m.clause"
            " JOIN documents AS d ON d.n = c.doc"
            " JOIN labels AS l ON l.n = m.concept"
            " GROUP BY l.text, d.id"
        ).fetchall()

    def concept_examples(self) -> Iterator[tuple[str, ClauseRecord]]:
        """Each aligned concept with one record that holds it."""
        rows = self.connection.execute(
            f"SELECT l.text, min({FTS_ROWID_OF_CLAUSE}) FROM term_matches AS m"
            " JOIN clauses AS c ON c.rowid = m.clause"
            " JOIN labels AS l ON l.n = m.concept GROUP BY l.text"
        ).fetchall()
        records = self.records_by_rowid([rowid for _, rowid in rows])
        for concept, rowid in rows:
            yield concept, records[rowid]

    def totals_by_document(self) -> tuple[int, int, int]:
        """(documents, clauses, words) in the index."""
        return self.connection.execute(
            "SELECT count(*), coalesce(sum(clauses), 0), coalesce(sum(words), 0) FROM documents"
        ).fetchone()

    def match_kinds(self) -> dict[str, int]:
        """Term matches by kind (exact, variant, folded, fuzzy)."""
        return dict(
            self.connection.execute(
                "SELECT l.text, count(*) FROM term_matches AS m"
                " JOIN labels AS l ON l.n = m.match GROUP BY l.text"
            ).fetchall()
        )

    def stored_document(self, doc: str) -> Document:
        """A document as stored, enough to re-align it (its clauses are in the index)."""
        row = self.connection.execute(
            "SELECT path, meta, source_sha256 FROM documents WHERE id = ?", (doc,)
        ).fetchone()
        if row is None:
            raise StoreError(f"no document {doc!r} in the corpus")
        text = self.document_text(doc)
        return Document(
            id=doc,
            path=row[0],
            text=text,
            paragraphs=(Span(0, len(text)),),  # not needed to re-align; clauses are stored
            meta=DocumentMeta.from_dict(json.loads(row[1])),
            source_sha256=row[2],
        )

    def writer(self) -> Writer:
        return Writer(self)


_FTS = {"vi": "clause_fts", "en": "english_fts"}
# Clause numbers (`clauses.rowid`) matching either side.
_EITHER = (
    f"SELECT rowid & {CLAUSE_MASK} FROM clause_fts WHERE clause_fts MATCH ?"
    f" UNION SELECT rowid & {CLAUSE_MASK} FROM english_fts WHERE english_fts MATCH ?"
)
_CANONICAL = re.compile(r"p(\d+)\.s(\d+)\.c(\d+)")


def _published_bead(
    doc: str, bead: int, kind: str, confidence: float, vi_ids: str, en: str, en_lines: str
) -> PublishedBead:
    return PublishedBead(
        doc=doc,
        bead=bead,
        type=kind,
        confidence=confidence,
        vi_ids=tuple(vi_ids.split()) if vi_ids else (),
        en=en,
        en_lines=tuple(int(n) for n in en_lines.split(",")) if en_lines else (),
    )


def _read_records(
    path: str, size: int, rows: Sequence[tuple[Any, ...]]
) -> dict[int, ClauseRecord] | None:
    """The records of `rows` (of `_CLAUSE_COLUMNS`, one document's) from its
    records file; None when the file is missing or is not the version the rows
    were made with (its size, and each record's hash and position, differ)."""
    try:
        descriptor = os.open(path, os.O_RDONLY)
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise StoreError(f"cannot read {path}: {exc.strerror}") from exc
    out = {}
    try:
        if os.fstat(descriptor).st_size != size:
            return None
        # Many records of the file (a document's, a paragraph's): read it once.
        whole = _read_all(descriptor, size) if len(rows) > _WHOLE_FILE_ROWS else None
        for number, _, _, para, sent, clause, hash_, line, _, _ in rows:
            if whole is not None:
                data = whole[line : whole.find(b"\n", line) + 1]
            else:
                data = os.pread(descriptor, _READ, line)
                while b"\n" not in data:  # a line longer than one read
                    more = os.pread(descriptor, 16 * _READ, line + len(data))
                    if not more:
                        return None
                    data += more
            end = data.find(b"\n")
            if end < 0:
                return None
            try:
                record = ClauseRecord.from_dict(jsonread.loads(data[:end]))
            except (ValueError, KeyError, TypeError):
                return None
            if (record.hash, record.para, record.sent, record.clause) != (
                hash_,
                para,
                sent,
                clause,
            ):
                return None
            out[number] = record
    except OSError as exc:
        raise StoreError(f"cannot read {path}: {exc.strerror}") from exc
    finally:
        os.close(descriptor)
    return out


_READ = 4096  # bytes read at a record's offset: most lines are shorter
_WHOLE_FILE_ROWS = 32  # more records than this from one file: read the file whole


def _read_all(descriptor: int, size: int) -> bytes:
    parts = []
    done = 0
    while done < size:
        part = os.pread(descriptor, size - done, done)
        if not part:
            break
        parts.append(part)
        done += len(part)
    return b"".join(parts)


def _clause_id(doc: str, local: str | None, para: int, sent: int, clause: int) -> str:
    return f"{doc}:{canonical_local(para, sent, clause) if local is None else local}"


BUSY_SECONDS = 10.0  # how long a writer waits for another writer's transaction
# SQLite virtual-machine steps between two looks at the clock under `time_limit`
# (a few hundred microseconds of work: the look costs nothing measurable).
_PROGRESS_STEPS = 10_000


def _connect(index: Path, *, writable: bool, read_only: bool = False) -> sqlite3.Connection:
    if not writable and not os.access(index.parent, os.W_OK):
        # A read-only directory: WAL needs its -shm file, and nobody can write.
        uri = f"{index.resolve().as_uri()}?immutable=1"
        return sqlite3.connect(uri, uri=True, isolation_level=None)
    if read_only:
        uri = f"{index.resolve().as_uri()}?mode=ro"
        return sqlite3.connect(uri, uri=True, isolation_level=None, timeout=BUSY_SECONDS)
    return sqlite3.connect(index, isolation_level=None, timeout=BUSY_SECONDS)


def _prepare(connection: sqlite3.Connection) -> None:
    """Make or update what a writer needs: WAL mode, our id, the tables."""
    # Before the first table: lets a batch give back the pages FTS5's merges
    # free (`PRAGMA incremental_vacuum`, Writer.commit), about a tenth of a
    # first build's file.
    if connection.execute("SELECT count(*) FROM sqlite_master").fetchone()[0] == 0:
        connection.execute("PRAGMA auto_vacuum = INCREMENTAL")
    if connection.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
        connection.execute("PRAGMA journal_mode = WAL")
    connection.execute("PRAGMA journal_size_limit = 67108864")  # the WAL shrinks back after
    if connection.execute("PRAGMA application_id").fetchone()[0] != APPLICATION_ID:
        connection.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    connection.executescript(SCHEMA)
    if connection.execute("SELECT 1 FROM meta WHERE key = 'store_version'").fetchone() is None:
        connection.execute("INSERT INTO meta VALUES ('store_version', ?)", (STORE_VERSION,))


def _operational_message(index: Path, exc: sqlite3.OperationalError) -> str:
    text = str(exc)
    if "locked" in text or "busy" in text:
        return (
            f"{index} is busy: another process has been writing it for {BUSY_SECONDS:.0f} s"
            " (an ingest? try again when it ends)"
        )
    if "readonly" in text or "read-only" in text:
        return f"{index} is read-only: normcorpus cannot write it (check its permissions)"
    if "unable to open" in text:
        return f"cannot open {index}: {text} (check the data directory's permissions)"
    return f"{index} is not a usable normcorpus index: {text}"


def _check_ours(connection: sqlite3.Connection, index: Path) -> None:
    """Refuse an SQLite file of another program before anything is written."""
    application = connection.execute("PRAGMA application_id").fetchone()[0]
    if application == APPLICATION_ID:
        return
    tables = {
        name
        for (name,) in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
    }
    if not tables:
        return  # an empty file: ours to fill
    if "meta" in tables and "clause_fts" in tables:
        return  # an index of an older normcorpus (the version check says so)
    raise StoreError(
        f"{index} is not a normcorpus index (another program's SQLite file?);"
        " it was left as it is: pass another --data-dir"
    )


def _documents_matching(filters: Filters, metas: Sequence[tuple[str, dict[str, Any]]]) -> set[str]:
    """The documents `filters` keeps by id, kind and date."""
    known = {doc for doc, _ in metas}
    for doc in filters.docs:
        if doc not in known:
            raise QueryError(f"no document {doc!r} in the corpus (see `normcorpus stats`)")
    selected = set(filters.docs) if filters.docs else set(known)
    for doc, meta in metas:
        if doc not in selected:
            continue
        # Metadata as stored; a value of the wrong type (an index from before
        # meta files were validated) is a value that matches no filter.
        date = _text(meta.get("date"))
        if (
            (filters.kind and _text(meta.get("kind")).casefold() != filters.kind.casefold())
            or (filters.since and (not date or date[: len(filters.since)] < filters.since))
            or (filters.until and (not date or date[: len(filters.until)] > filters.until))
        ):
            selected.discard(doc)
    return selected


def _text(value: Any) -> str:
    return value if isinstance(value, str) else ""
