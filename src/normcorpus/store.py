"""Clause records (JSONL) and the SQLite FTS5 index, in one data directory.

Layout of a data directory (default `.normcorpus/`):

    records/<doc>.jsonl   one clause record per line (the exchange format)
    index.sqlite          documents, clauses (with each record's JSON), term
                          matches, and the FTS5 table `clause_fts`

`clause_fts` has three columns, all tokenised by unicode61 without diacritic
removal (SQLite's `remove_diacritics` does not fold `đ`, so folding is ours):
`exact` (the clause text, tone-normalised), `folded` (`normalize.fold` of it)
and `concepts` (one token per aligned concept, see `concept_token`). An FTS
row's rowid is the clause's length in syllables above its clause rowid
(`fts_rowid`): FTS5 yields matches in rowid order, so the shortest clauses come
first, which is what lets a ranked search stop early (see `ranking.py`).
`term_stats` holds each term's document frequency per column and `meta` the
clause and syllable totals, the statistics BM25 weights come from.

Writes are atomic: a `Writer` holds one SQLite transaction for the whole batch
and writes JSONL files to temporary names that are renamed into place only
after the transaction commits, so a failed or interrupted run leaves the
previous records and index as they were.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import sqlite3
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from . import normalize
from .errors import StoreError
from .fileio import stage
from .models import RECORD_SCHEMA_VERSION, ClauseRecord, Document, DocumentMeta

INDEX_NAME = "index.sqlite"
RECORDS_DIR = "records"
STORE_VERSION = "2"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS documents (
    id TEXT PRIMARY KEY,
    path TEXT NOT NULL,
    source_sha256 TEXT NOT NULL,
    segment_digest TEXT NOT NULL,
    glossary_digest TEXT NOT NULL,
    records_sha256 TEXT NOT NULL,
    meta TEXT NOT NULL,
    text TEXT NOT NULL,
    clauses INTEGER NOT NULL,
    words INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS clauses (
    rowid INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    doc TEXT NOT NULL,
    para INTEGER NOT NULL,
    sent INTEGER NOT NULL,
    clause INTEGER NOT NULL,
    article TEXT,
    hash TEXT NOT NULL,
    record TEXT NOT NULL,
    length INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS clauses_doc ON clauses (doc, para, sent, clause);
CREATE TABLE IF NOT EXISTS terms (
    clause_rowid INTEGER NOT NULL,
    doc TEXT NOT NULL,
    concept TEXT NOT NULL,
    match TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS terms_concept ON terms (concept, clause_rowid);
CREATE INDEX IF NOT EXISTS terms_clause ON terms (clause_rowid);
CREATE VIRTUAL TABLE IF NOT EXISTS clause_fts USING fts5(
    exact, folded, concepts,
    tokenize = "unicode61 remove_diacritics 0"
);
CREATE TABLE IF NOT EXISTS term_stats (term TEXT PRIMARY KEY, df INTEGER NOT NULL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS translations (
    clause_id TEXT PRIMARY KEY,
    doc TEXT NOT NULL,
    hash TEXT NOT NULL,
    en TEXT NOT NULL,
    line INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS translations_doc ON translations (doc);
"""


# Token characters as unicode61 sees them by default (letters, digits; `_` and
# combining marks separate), so term statistics, highlights and FTS5 agree.
TOKEN = re.compile(r"[^\W_]+")

# Prefixes of `term_stats` keys, one per FTS column: "f:an", "e:mạng", "c:c1f0…".
STAT_PREFIX = {"exact": "e:", "folded": "f:", "concepts": "c:"}
_CLAUSE_BITS = 32
_CLAUSE_MASK = (1 << _CLAUSE_BITS) - 1


def fts_rowid(clause_rowid: int, length: int) -> int:
    """The FTS rowid of a clause: its length (syllables) above its clause rowid."""
    return (length << _CLAUSE_BITS) | clause_rowid


def clause_rowid(fts_rowid: int) -> int:
    return fts_rowid & _CLAUSE_MASK


def clause_length(fts_rowid: int) -> int:
    return fts_rowid >> _CLAUSE_BITS


# SQL for the same mapping, on `clauses AS c` and on `clause_fts`.
FTS_ROWID_OF_CLAUSE = f"((c.length << {_CLAUSE_BITS}) | c.rowid)"
CLAUSE_ROWID_OF_FTS = f"(clause_fts.rowid & {_CLAUSE_MASK})"


class TermStats:
    """Changes to `term_stats` and the clause/syllable totals, gathered over a
    batch and written once (`flush`): a document adds or removes one per term
    per clause, so per-document upserts would cost more than the counting."""

    def __init__(self) -> None:
        self.df: Counter[str] = Counter()
        self.clauses = 0
        self.syllables = 0

    def count(self, exact: str, folded: str, concepts: str, sign: int = 1) -> int:
        """Count one FTS row in (sign 1) or out (sign -1); returns its length."""
        tokens = TOKEN.findall(exact)
        keys = {"e:" + t for t in tokens}
        keys.update(["f:" + t for t in TOKEN.findall(folded)])
        keys.update(["c:" + t for t in concepts.split()])
        if sign > 0:
            self.df.update(keys)
        else:
            self.df.subtract(keys)
        self.clauses += sign
        self.syllables += sign * len(tokens)
        return len(tokens)

    def flush(self, connection: sqlite3.Connection) -> None:
        changes = sorted((key, n) for key, n in self.df.items() if n)
        connection.executemany(
            "INSERT INTO term_stats VALUES (?, ?)"
            " ON CONFLICT (term) DO UPDATE SET df = df + excluded.df",
            changes,
        )
        connection.executemany(
            "DELETE FROM term_stats WHERE term = ? AND df <= 0",
            [(key,) for key, n in changes if n < 0],
        )
        for key, n in (("fts_clauses", self.clauses), ("fts_syllables", self.syllables)):
            connection.execute(
                "INSERT INTO meta VALUES (?, ?) ON CONFLICT (key)"
                " DO UPDATE SET value = CAST(value AS INTEGER) + CAST(excluded.value AS INTEGER)",
                (key, str(n)),
            )
        self.df = Counter()
        self.clauses = self.syllables = 0


@lru_cache(maxsize=16384)
def concept_token(concept_id: str) -> str:
    """The FTS token for a concept: ids hold hyphens, which unicode61 splits on."""
    return "c" + hashlib.sha1(concept_id.encode("utf-8")).hexdigest()[:12]


# What json.dumps(..., ensure_ascii=False, separators=(",", ":")) uses, made
# once (a record holds no cycles to check for).
_RECORD_ENCODER = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), check_circular=False)


def record_line(record: ClauseRecord) -> str:
    """One JSONL line, byte-stable for the same record."""
    return _RECORD_ENCODER.encode(record.to_dict())


@dataclass(frozen=True, slots=True)
class PreparedRecords:
    """A document's records as the rows the index stores, ready to insert.

    Built where the records are made (in ingest's worker processes), so the
    process that owns the database only executes inserts.
    """

    lines: tuple[str, ...]  # JSONL lines, one a record
    clauses: tuple[tuple[object, ...], ...]  # (id, doc, para, sent, clause, article, hash)
    fts: tuple[tuple[str, str, str], ...]  # (exact, folded, concept tokens)
    terms: tuple[tuple[tuple[str, str], ...], ...]  # per clause: (concept, match)
    words: int


def prepare(records: Sequence[ClauseRecord]) -> PreparedRecords:
    clauses, fts, terms = [], [], []
    for record in records:
        clauses.append(
            (
                record.id,
                record.doc,
                record.para,
                record.sent,
                record.clause,
                record.structure.article,
                record.hash,
            )
        )
        exact = record.text.lower()  # record text is normalised already (read.py)
        concepts = sorted({t.concept for t in record.terms})
        fts.append((exact, normalize.fold(exact), " ".join(map(concept_token, concepts))))
        terms.append(tuple((t.concept, t.match) for t in record.terms))
    return PreparedRecords(
        lines=tuple(record_line(r) for r in records),
        clauses=tuple(clauses),
        fts=tuple(fts),
        terms=tuple(terms),
        words=sum(len(r.words) for r in records),
    )


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
                connection.executescript(_SCHEMA)
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

    def writer(self) -> Writer:
        return Writer(self)


class Writer:
    """One batch of document replacements: a transaction plus renames on commit."""

    def __init__(self, store: Store):
        self.store = store
        self.connection = store.connection
        self._pending: list[tuple[Path, Path]] = []
        self._stats = TermStats()
        self.connection.execute("BEGIN IMMEDIATE")

    def put_document(
        self,
        document: Document,
        records: Sequence[ClauseRecord] | PreparedRecords,
        *,
        segment_digest: str,
        glossary_digest: str,
    ) -> None:
        """Replace a document's records (in the index now, on disk at commit)."""
        prepared = records if isinstance(records, PreparedRecords) else prepare(records)
        payload = "".join(line + "\n" for line in prepared.lines).encode("utf-8")
        final = self.store.records_path(document.id)
        final.parent.mkdir(parents=True, exist_ok=True)
        # Unique within the batch too: a document written twice keeps its last version.
        temp = stage(final, payload, tag=str(len(self._pending)))
        self._pending.append((temp, final))
        self._delete(document.id)
        connection = self.connection
        connection.execute(
            "INSERT INTO documents VALUES (?,?,?,?,?,?,?,?,?,?)",
            (
                document.id,
                document.path,
                document.source_sha256,
                segment_digest,
                glossary_digest,
                hashlib.sha256(payload).hexdigest(),
                json.dumps(document.meta.to_dict(), ensure_ascii=False, sort_keys=True),
                document.text,
                len(prepared.lines),
                prepared.words,
            ),
        )
        # Rowids as SQLite would give them (max + 1 onwards), set here so each
        # table is filled by one executemany.
        first = connection.execute("SELECT coalesce(max(rowid), 0) + 1 FROM clauses").fetchone()[0]
        rowids = range(first, first + len(prepared.lines))
        lengths = [self._stats.count(*fts) for fts in prepared.fts]
        connection.executemany(
            "INSERT INTO clauses (rowid, id, doc, para, sent, clause, article, hash, record,"
            " length) VALUES (?,?,?,?,?,?,?,?,?,?)",
            [
                (rowid, *row, line, length)
                for rowid, row, line, length in zip(
                    rowids, prepared.clauses, prepared.lines, lengths, strict=True
                )
            ],
        )
        connection.executemany(
            "INSERT INTO terms VALUES (?,?,?,?)",
            [
                (rowid, document.id, concept, match)
                for rowid, terms in zip(rowids, prepared.terms, strict=True)
                for concept, match in terms
            ],
        )
        connection.executemany(
            "INSERT INTO clause_fts (rowid, exact, folded, concepts) VALUES (?,?,?,?)",
            [
                (fts_rowid(rowid, length), *fts)
                for rowid, length, fts in zip(rowids, lengths, prepared.fts, strict=True)
            ],
        )

    def put_translations(self, doc: str, rows: Sequence[Any], *, sha256: str) -> None:
        """Replace a document's translations (rows with id, hash, en, line)."""
        self.connection.execute("DELETE FROM translations WHERE doc = ?", (doc,))
        self.connection.executemany(
            "INSERT OR REPLACE INTO translations VALUES (?,?,?,?,?)",
            [(row.id, doc, row.hash, row.en, row.line) for row in rows],
        )
        self.set_meta(f"translations_sha256:{doc}", sha256)

    def remove_document(self, doc: str) -> None:
        self._delete(doc)
        path = self.store.records_path(doc)
        self._pending.append((path, path))  # marker: unlink at commit

    def _delete(self, doc: str) -> None:
        connection = self.connection
        rows = f"SELECT {FTS_ROWID_OF_CLAUSE} FROM clauses AS c WHERE c.doc = ?"
        for old in connection.execute(
            f"SELECT exact, folded, concepts FROM clause_fts WHERE rowid IN ({rows})", (doc,)
        ):
            self._stats.count(*old, sign=-1)
        connection.execute(f"DELETE FROM clause_fts WHERE rowid IN ({rows})", (doc,))
        connection.execute("DELETE FROM terms WHERE doc = ?", (doc,))
        connection.execute("DELETE FROM clauses WHERE doc = ?", (doc,))
        connection.execute("DELETE FROM documents WHERE id = ?", (doc,))

    def set_meta(self, key: str, value: str) -> None:
        self.connection.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (key, value))

    def commit(self) -> None:
        self._stats.flush(self.connection)
        self.set_meta("record_schema", RECORD_SCHEMA_VERSION)
        self.connection.execute("COMMIT")
        for temp, final in self._pending:
            if temp == final:
                final.unlink(missing_ok=True)
            else:
                os.replace(temp, final)
        self._pending.clear()

    def rollback(self) -> None:
        if self.connection.in_transaction:
            self.connection.execute("ROLLBACK")
        for temp, final in self._pending:
            if temp != final:
                temp.unlink(missing_ok=True)
        self._pending.clear()

    def __enter__(self) -> Writer:
        return self

    def __exit__(self, exc_type: Any, *exc: object) -> None:
        if exc_type is None:
            self.commit()
        else:
            self.rollback()
