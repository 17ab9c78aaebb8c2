"""Writing a batch: the records to temporary files, the rows in one transaction.

`prepare` turns a document's records into the rows the index stores (in
ingest's worker processes); a `Writer` replaces documents in one SQLite
transaction and renames the records into place once it commits.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .. import normalize
from ..fileio import stage
from ..models import RECORD_SCHEMA_VERSION, ClauseRecord, Document
from .schema import FTS_ROWID_OF_CLAUSE, TOKEN, concept_token, fts_rowid

if TYPE_CHECKING:
    from .reader import Store


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
