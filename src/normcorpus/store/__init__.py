"""Clause records (JSONL) and the SQLite FTS5 index, in one data directory: the
only part of normcorpus that speaks SQL.

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

Modules: `schema` (tables, tokens, rowid arithmetic), `reader` (`Store`: read
access, and the primitives search is built from), `writer` (`Writer`,
`prepare`, `TermStats`).
"""

from __future__ import annotations

from .reader import (
    NO_RESTRICTION,
    DocumentInfo,
    Restriction,
    Store,
    StoredTranslation,
)
from .schema import (
    CLAUSE_ROWID_OF_FTS,
    FTS_ROWID_OF_CLAUSE,
    INDEX_NAME,
    RECORDS_DIR,
    STAT_PREFIX,
    STORE_VERSION,
    TOKEN,
    clause_length,
    clause_rowid,
    concept_token,
    fts_rowid,
)
from .writer import PreparedRecords, TermStats, Writer, prepare, record_line

__all__ = [
    "CLAUSE_ROWID_OF_FTS",
    "FTS_ROWID_OF_CLAUSE",
    "INDEX_NAME",
    "NO_RESTRICTION",
    "RECORDS_DIR",
    "STAT_PREFIX",
    "STORE_VERSION",
    "TOKEN",
    "DocumentInfo",
    "PreparedRecords",
    "Restriction",
    "Store",
    "StoredTranslation",
    "TermStats",
    "Writer",
    "clause_length",
    "clause_rowid",
    "concept_token",
    "fts_rowid",
    "prepare",
    "record_line",
]
