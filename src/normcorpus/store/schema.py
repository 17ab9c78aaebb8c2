"""The index's tables, its tokens and the FTS rowid arithmetic (no I/O here)."""

from __future__ import annotations

import hashlib
import re
from functools import lru_cache

INDEX_NAME = "index.sqlite"
RECORDS_DIR = "records"
STORE_VERSION = "2"

SCHEMA = """
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


@lru_cache(maxsize=16384)
def concept_token(concept_id: str) -> str:
    """The FTS token for a concept: ids hold hyphens, which unicode61 splits on."""
    return "c" + hashlib.sha1(concept_id.encode("utf-8")).hexdigest()[:12]
