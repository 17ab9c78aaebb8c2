"""Reading a data directory: documents, records, translations, and the
primitives search is built from (FTS5 matches in index order, probes, counts).

Every SQL statement search, study and stats run is here; they pass FTS5
expressions built by `query.py` and a `Restriction` made from `Filters` here.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import QueryError, StoreError
from ..filters import Filters
from ..models import ClauseRecord, Document, DocumentMeta, Span
from .schema import (
    CLAUSE_ROWID_OF_FTS,
    INDEX_NAME,
    RECORDS_DIR,
    SCHEMA,
    STORE_VERSION,
    clause_length,
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


class Store:
    """Read access to a data directory (and the factory for its Writer)."""

    def __init__(self, data_dir: Path, connection: sqlite3.Connection):
        self.data_dir = data_dir
        self.connection = connection

    @classmethod
    def open(cls, data_dir: str | Path, *, create: bool = False) -> Store:
        data_dir = Path(data_dir)
        index = data_dir / INDEX_NAME
        if data_dir.exists() and not data_dir.is_dir():
            raise StoreError(f"{data_dir} is a file, not a data directory (pass --data-dir)")
        if not index.exists():
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
            connection = sqlite3.connect(index, isolation_level=None)
            connection.execute("PRAGMA foreign_keys = OFF")
            if create:
                connection.executescript(SCHEMA)
                connection.execute(
                    "INSERT OR IGNORE INTO meta VALUES ('store_version', ?)", (STORE_VERSION,)
                )
            version = connection.execute(
                "SELECT value FROM meta WHERE key = 'store_version'"
            ).fetchone()
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"{index} is not a usable normcorpus index: {exc}") from exc
        if version is None or version[0] != STORE_VERSION:
            raise StoreError(
                f"{index} was written by another version of normcorpus; run `normcorpus ingest`"
                " with a fresh --data-dir, or delete it"
            )
        return cls(data_dir, connection)

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
        row = self.connection.execute("SELECT text FROM documents WHERE id = ?", (doc,)).fetchone()
        if row is None:
            raise StoreError(f"no document {doc!r} in the corpus")
        return row[0]

    def records_path(self, doc: str) -> Path:
        return self.data_dir / RECORDS_DIR / f"{doc}.jsonl"

    # --- clauses -----------------------------------------------------------

    def records(self, doc: str | None = None) -> Iterator[ClauseRecord]:
        """Every clause record, in document and text order."""
        if doc is None:
            cursor = self.connection.execute("SELECT record FROM clauses ORDER BY doc, rowid")
        else:
            cursor = self.connection.execute(
                "SELECT record FROM clauses WHERE doc = ? ORDER BY rowid", (doc,)
            )
        for (raw,) in cursor:
            yield ClauseRecord.from_dict(json.loads(raw))

    def record(self, clause_id: str) -> ClauseRecord | None:
        row = self.connection.execute(
            "SELECT record FROM clauses WHERE id = ?", (clause_id,)
        ).fetchone()
        return None if row is None else ClauseRecord.from_dict(json.loads(row[0]))

    def records_by_rowid(self, rowids: Sequence[int]) -> dict[int, ClauseRecord]:
        out: dict[int, ClauseRecord] = {}
        for chunk_start in range(0, len(rowids), 500):
            chunk = list(rowids[chunk_start : chunk_start + 500])
            marks = ",".join("?" * len(chunk))
            for rowid, raw in self.connection.execute(
                f"SELECT rowid, record FROM clauses WHERE rowid IN ({marks})", chunk
            ):
                out[rowid] = ClauseRecord.from_dict(json.loads(raw))
        return out

    def neighbours(self, record: ClauseRecord) -> list[ClauseRecord]:
        """The clauses of the record's paragraph, in order (its context)."""
        rows = self.connection.execute(
            "SELECT record FROM clauses WHERE doc = ? AND para = ? ORDER BY rowid",
            (record.doc, record.para),
        )
        return [ClauseRecord.from_dict(json.loads(raw)) for (raw,) in rows]

    def count(self) -> int:
        return self.connection.execute("SELECT count(*) FROM clauses").fetchone()[0]

    # --- term statistics (for ranking) ----------------------------------------

    def totals(self) -> tuple[int, int]:
        """(clauses, syllables) in the FTS index."""
        rows = dict(
            self.connection.execute(
                "SELECT key, value FROM meta WHERE key IN ('fts_clauses', 'fts_syllables')"
            ).fetchall()
        )
        return int(rows.get("fts_clauses", 0)), int(rows.get("fts_syllables", 0))

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
        try:
            row = self.connection.execute(
                "SELECT t.clause_id, t.doc, t.hash, t.en, t.line, c.hash FROM translations t"
                " LEFT JOIN clauses c ON c.id = t.clause_id WHERE t.clause_id = ?",
                (clause_id,),
            ).fetchone()
        except sqlite3.OperationalError:  # an index from before translations existed
            return None
        if row is None:
            return None
        return StoredTranslation(row[0], row[1], row[2], row[3], row[4], stale=row[2] != row[5])

    def translations(self, clause_ids: Sequence[str]) -> dict[str, str]:
        """The current (not stale, not empty) English of those clauses that have one."""
        out: dict[str, str] = {}
        ids = list(clause_ids)
        for chunk_start in range(0, len(ids), 500):
            chunk = ids[chunk_start : chunk_start + 500]
            marks = ",".join("?" * len(chunk))
            try:
                rows = self.connection.execute(
                    "SELECT t.clause_id, t.en FROM translations t JOIN clauses c"
                    f" ON c.id = t.clause_id AND c.hash = t.hash"
                    f" WHERE t.clause_id IN ({marks}) AND t.en != ''",
                    chunk,
                ).fetchall()
            except sqlite3.OperationalError:
                return {}
            out.update(rows)
        return out

    def translations_digest(self, doc: str) -> str | None:
        """sha256 of the `<doc>.en.tsv` last loaded ('' when there was none)."""
        row = self.connection.execute(
            "SELECT value FROM meta WHERE key = ?", (f"translations_sha256:{doc}",)
        ).fetchone()
        return None if row is None else row[0]

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

    def document_meta(self, doc: str) -> dict[str, Any]:
        row = self.connection.execute("SELECT meta FROM documents WHERE id = ?", (doc,)).fetchone()
        return json.loads(row[0]) if row else {}

    def restriction(
        self, filters: Filters, metas: Sequence[tuple[str, dict[str, Any]]] | None = None
    ) -> Restriction:
        """The SQL for `filters` (all but `concept` and `side`, which are part of
        the FTS5 expression). `metas` (from `document_metas`) saves a read."""
        where: list[str] = []
        params: list[Any] = []
        if filters.documents_restricted:
            docs = _documents_matching(filters, self.document_metas() if metas is None else metas)
            where.append("c.doc IN (SELECT value FROM json_each(?))")
            params.append(json.dumps(sorted(docs)))
        if filters.article:
            where.append("c.article = ?")
            params.append(filters.article)
        return Restriction(" AND ".join(where), tuple(params))

    def concept_aligned(self, concept: str) -> bool:
        """Whether any clause is aligned to the concept."""
        row = self.connection.execute(
            "SELECT 1 FROM terms WHERE concept = ? LIMIT 1", (concept,)
        ).fetchone()
        return row is not None

    def _select(self, restriction: Restriction, *, doc_order: bool = False) -> str:
        join = (
            f" CROSS JOIN clauses AS c ON c.rowid = {CLAUSE_ROWID_OF_FTS}"
            if restriction or doc_order
            else ""
        )
        where = f" AND {restriction.where}" if restriction else ""
        return f"SELECT clause_fts.rowid FROM clause_fts{join} WHERE clause_fts MATCH ?{where}"

    def matches(
        self,
        match: str,
        restriction: Restriction = NO_RESTRICTION,
        *,
        doc_order: bool = False,
        limit: int = -1,
        offset: int = 0,
    ) -> list[int]:
        """FTS rowids of a page of matches, in index (length) or corpus order."""
        order_by = "c.doc, c.rowid" if doc_order else "clause_fts.rowid"
        sql = (
            f"{self._select(restriction, doc_order=doc_order)} ORDER BY {order_by} LIMIT ? OFFSET ?"
        )
        rows = self._execute(sql, (match, *restriction.params, limit, offset))
        return [rowid for (rowid,) in rows]

    def match_batches(
        self, match: str, restriction: Restriction = NO_RESTRICTION
    ) -> Iterator[list[int]]:
        """FTS rowids of every match in index order, a small batch first (most
        ranked reads stop there)."""
        sql = f"{self._select(restriction)} ORDER BY clause_fts.rowid"
        try:
            cursor = self.connection.execute(sql, (match, *restriction.params))
            size = 64
            while rows := cursor.fetchmany(size):
                yield [rowid for (rowid,) in rows]
                size = 512
        except sqlite3.OperationalError as exc:
            raise QueryError(f"the search could not run: {exc}") from exc

    def present(self, match: str, rowids: Sequence[int]) -> set[int]:
        """Those of the FTS rowids that match."""
        found: set[int] = set()
        for start in range(0, len(rowids), 500):
            chunk = list(rowids[start : start + 500])
            marks = ",".join("?" * len(chunk))
            rows = self._execute(
                f"SELECT rowid FROM clause_fts WHERE clause_fts MATCH ? AND rowid IN ({marks})",
                (match, *chunk),
            )
            found.update(rowid for (rowid,) in rows)
        return found

    def present_between(self, match: str, first: int, last: int) -> set[int]:
        """The FTS rowids from `first` to `last` that match."""
        rows = self._execute(
            "SELECT rowid FROM clause_fts WHERE clause_fts MATCH ? AND rowid BETWEEN ? AND ?",
            (match, first, last),
        )
        return {rowid for (rowid,) in rows}

    def count_matches(self, match: str, restriction: Restriction = NO_RESTRICTION) -> int:
        join = f" CROSS JOIN clauses AS c ON c.rowid = {CLAUSE_ROWID_OF_FTS}" if restriction else ""
        where = f" AND {restriction.where}" if restriction else ""
        sql = f"SELECT count(*) FROM clause_fts{join} WHERE clause_fts MATCH ?{where}"
        return self._execute(sql, (match, *restriction.params))[0][0]

    def any_match(self, match: str) -> bool:
        rows = self._execute("SELECT 1 FROM clause_fts WHERE clause_fts MATCH ? LIMIT 1", (match,))
        return bool(rows)

    def shortest_length(self) -> int:
        """The length (syllables) of the index's shortest clause: its first FTS row."""
        row = self.connection.execute(
            "SELECT rowid FROM clause_fts ORDER BY rowid LIMIT 1"
        ).fetchone()
        return clause_length(row[0]) if row else 0

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
            "SELECT concept, count(*) AS n FROM terms WHERE doc = ?"
            " GROUP BY concept ORDER BY n DESC, concept",
            (doc,),
        ).fetchall()

    def concept_document_counts(self, *, distinct_clauses: bool) -> list[tuple[str, str, int]]:
        """(concept, doc, matches or clauses) over the corpus."""
        what = "count(DISTINCT clause_rowid)" if distinct_clauses else "count(*)"
        return self.connection.execute(
            f"SELECT concept, doc, {what} FROM terms GROUP BY concept, doc"
        ).fetchall()

    def concept_examples(self) -> Iterator[tuple[str, ClauseRecord]]:
        """Each aligned concept with one record that holds it."""
        for concept, raw in self.connection.execute(
            "SELECT t.concept, c.record FROM terms AS t"
            " JOIN clauses AS c ON c.rowid = t.clause_rowid"
            " GROUP BY t.concept"
        ):
            yield concept, ClauseRecord.from_dict(json.loads(raw))

    def totals_by_document(self) -> tuple[int, int, int]:
        """(documents, clauses, words) in the index."""
        return self.connection.execute(
            "SELECT count(*), coalesce(sum(clauses), 0), coalesce(sum(words), 0) FROM documents"
        ).fetchone()

    def match_kinds(self) -> dict[str, int]:
        """Term matches by kind (exact, variant, folded, fuzzy)."""
        return dict(
            self.connection.execute("SELECT match, count(*) FROM terms GROUP BY match").fetchall()
        )

    def stored_document(self, doc: str) -> Document:
        """A document as stored, enough to re-align it (its clauses are in the index)."""
        row = self.connection.execute(
            "SELECT path, text, meta, source_sha256 FROM documents WHERE id = ?", (doc,)
        ).fetchone()
        if row is None:
            raise StoreError(f"no document {doc!r} in the corpus")
        return Document(
            id=doc,
            path=row[0],
            text=row[1],
            paragraphs=(Span(0, len(row[1])),),  # not needed to re-align; clauses are stored
            meta=DocumentMeta.from_dict(json.loads(row[2])),
            source_sha256=row[3],
        )

    def writer(self) -> Writer:
        return Writer(self)


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
        date = meta.get("date") or ""
        if (
            (filters.kind and (meta.get("kind") or "").casefold() != filters.kind.casefold())
            or (filters.since and (not date or date[: len(filters.since)] < filters.since))
            or (filters.until and (not date or date[: len(filters.until)] > filters.until))
        ):
            selected.discard(doc)
    return selected
