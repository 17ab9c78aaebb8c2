"""The index's tables, its tokens and the FTS rowid arithmetic (no I/O here)."""

from __future__ import annotations

import hashlib
import re
from functools import lru_cache

INDEX_NAME = "index.sqlite"
RECORDS_DIR = "records"
# A records file a batch replaced or removed stays in this directory for a while
# (`Writer.commit`), for readers still in a snapshot taken before that batch.
PREVIOUS_DIR = ".previous"
PREVIOUS_SECONDS = 600.0


def previous_name(doc: str, sha256: str) -> str:
    """The name a replaced records file keeps in PREVIOUS_DIR, by its digest."""
    return f"{doc}.jsonl.{sha256[:16]}"


STORE_VERSION = "5"
# `PRAGMA application_id` of a normcorpus index ("ncor"): an SQLite file with
# another id is some other program's, and is never written to.
APPLICATION_ID = 0x6E636F72

# One row a clause: where its record is (`line`, the byte offset of its line in
# records/<doc>.jsonl, which holds the text, words and term matches once) and
# the fields searches filter, order and join on. The FTS5 tables are
# contentless. Labels (concept ids, terms, English terms, match kinds) are
# stored once each.
SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
-- Record files a committed batch has still to move into place (see Writer.commit).
CREATE TABLE IF NOT EXISTS pending_files (temp TEXT NOT NULL, final TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS documents (
    n INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    path TEXT NOT NULL,
    source_sha256 TEXT NOT NULL,
    segment_digest TEXT NOT NULL,
    glossary_digest TEXT NOT NULL,
    records_sha256 TEXT NOT NULL,
    records_size INTEGER NOT NULL,
    title TEXT,
    date TEXT,
    kind TEXT,
    meta TEXT NOT NULL,
    text TEXT,
    tail TEXT NOT NULL,
    clauses INTEGER NOT NULL,
    words INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS clauses (
    rowid INTEGER PRIMARY KEY,
    doc INTEGER NOT NULL,
    para INTEGER NOT NULL,
    sent INTEGER NOT NULL,
    clause INTEGER NOT NULL,
    local TEXT,
    article TEXT,
    length INTEGER NOT NULL,
    start INTEGER NOT NULL,
    gap TEXT NOT NULL,
    hash TEXT NOT NULL,
    line INTEGER NOT NULL
);
CREATE UNIQUE INDEX IF NOT EXISTS clauses_order ON clauses (doc, para, sent, clause);
CREATE UNIQUE INDEX IF NOT EXISTS clauses_local ON clauses (doc, local) WHERE local IS NOT NULL;
CREATE TABLE IF NOT EXISTS labels (n INTEGER PRIMARY KEY, text TEXT NOT NULL UNIQUE);
-- Which concepts each clause holds, for statistics and the views (the matches
-- themselves, with offsets and scores, are in the records).
CREATE TABLE IF NOT EXISTS term_matches (
    clause INTEGER NOT NULL,
    k INTEGER NOT NULL,
    concept INTEGER NOT NULL,
    term INTEGER NOT NULL,
    en INTEGER NOT NULL,
    match INTEGER NOT NULL,
    PRIMARY KEY (clause, k)
) WITHOUT ROWID;
CREATE VIRTUAL TABLE IF NOT EXISTS clause_fts USING fts5(
    exact, folded, concepts,
    content = '', columnsize = 0,
    tokenize = "unicode61 remove_diacritics 0"
);
CREATE TABLE IF NOT EXISTS term_stats (term TEXT PRIMARY KEY, df INTEGER NOT NULL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS translations (
    clause_id TEXT PRIMARY KEY,
    doc TEXT NOT NULL,
    hash TEXT NOT NULL,
    en TEXT NOT NULL,
    line INTEGER NOT NULL,
    indexed INTEGER
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS translations_doc ON translations (doc);
-- A statement's published English (`<doc>.en.txt`) aligned by ingest, apart from the
-- working translation: one row a bead (records/<doc>.en.jsonl holds the same), the
-- clauses of each bead, and where the English came from.
CREATE TABLE IF NOT EXISTS published_beads (
    doc TEXT NOT NULL,
    bead INTEGER NOT NULL,
    type TEXT NOT NULL,
    confidence REAL NOT NULL,
    vi_ids TEXT NOT NULL,
    en TEXT NOT NULL,
    en_lines TEXT NOT NULL,
    indexed INTEGER,
    PRIMARY KEY (doc, bead)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS published_clauses (
    clause_id TEXT PRIMARY KEY,
    doc TEXT NOT NULL,
    bead INTEGER NOT NULL
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS published_sources (
    doc TEXT PRIMARY KEY,
    file TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    digest TEXT NOT NULL,
    records_sha256 TEXT NOT NULL,
    publisher TEXT,
    official INTEGER,
    url TEXT,
    date TEXT
) WITHOUT ROWID;
-- The English of each clause: `en` its working translation, `published` the published
-- English of the bead the clause opens. A query on the English side searches both.
CREATE VIRTUAL TABLE IF NOT EXISTS english_fts USING fts5(
    en, published,
    content = '', columnsize = 0,
    tokenize = "unicode61 remove_diacritics 0"
);

-- Readable views, for sqlite3 and Datasette. The clause text is not in the index:
-- `records_file` and `records_offset` say where its record's line starts
-- (`tail -c +$((offset + 1)) file | head -1`).
CREATE VIEW IF NOT EXISTS clause_records AS
SELECT d.id || ':' || coalesce(c.local, printf('p%02d.s%02d.c%02d', c.para, c.sent, c.clause))
           AS id,
       d.id AS doc, c.para, c.sent, c.clause, c.article,
       (SELECT t.en FROM translations AS t
         WHERE t.clause_id = d.id || ':' || coalesce(
             c.local, printf('p%02d.s%02d.c%02d', c.para, c.sent, c.clause))
           AND t.hash = c.hash) AS en,
       (SELECT b.en FROM published_clauses AS pc
          JOIN published_beads AS b ON b.doc = pc.doc AND b.bead = pc.bead
         WHERE pc.clause_id = d.id || ':' || coalesce(
             c.local, printf('p%02d.s%02d.c%02d', c.para, c.sent, c.clause))) AS published_en,
       (SELECT group_concat(l.text, '; ') FROM term_matches AS m
          JOIN labels AS l ON l.n = m.concept WHERE m.clause = c.rowid) AS concepts,
       c.start, c.length AS syllables, c.hash,
       'records/' || d.id || '.jsonl' AS records_file, c.line AS records_offset,
       (c.length << 32) | c.rowid AS fts_rowid
FROM clauses AS c JOIN documents AS d ON d.n = c.doc;
CREATE VIEW IF NOT EXISTS term_match_list AS
SELECT d.id AS doc,
       d.id || ':' || coalesce(c.local, printf('p%02d.s%02d.c%02d', c.para, c.sent, c.clause))
           AS clause_id,
       concept.text AS concept, term.text AS term,
       en.text AS en, kind.text AS match
FROM term_matches AS m
JOIN clauses AS c ON c.rowid = m.clause
JOIN documents AS d ON d.n = c.doc
JOIN labels AS concept ON concept.n = m.concept
JOIN labels AS term ON term.n = m.term
JOIN labels AS en ON en.n = m.en
JOIN labels AS kind ON kind.n = m.match;
CREATE VIEW IF NOT EXISTS published_pairs AS
SELECT b.doc, b.bead, b.type, b.confidence, b.vi_ids, b.en, b.en_lines,
       s.file, s.publisher, s.official, s.url, s.date
FROM published_beads AS b JOIN published_sources AS s ON s.doc = b.doc;
CREATE VIEW IF NOT EXISTS document_list AS
SELECT id, title, date, kind, clauses, words, path FROM documents;
"""

# Token characters as unicode61 sees them by default (letters, digits; `_` and
# combining marks separate), so term statistics, highlights and FTS5 agree.
TOKEN = re.compile(r"[^\W_]+")

# Prefixes of `term_stats` keys, one per FTS column: "f:an", "e:mạng", "c:c1f0…".
STAT_PREFIX = {"exact": "e:", "folded": "f:", "concepts": "c:", "en": "n:"}
_CLAUSE_BITS = 32
_CLAUSE_MASK = (1 << _CLAUSE_BITS) - 1


def fts_rowid(number: int, length: int) -> int:
    """A clause's rowid in both FTS tables: its length in syllables above its
    number (its rowid in `clauses`), so that FTS5, which yields matches in
    rowid order, yields the shortest clauses first."""
    return (length << _CLAUSE_BITS) | number


def clause_number(rowid: int) -> int:
    return rowid & _CLAUSE_MASK


def clause_length(rowid: int) -> int:
    return rowid >> _CLAUSE_BITS


CLAUSE_MASK = _CLAUSE_MASK
# SQL for the same mapping, on `clauses AS c`.
FTS_ROWID_OF_CLAUSE = f"((c.length << {_CLAUSE_BITS}) | c.rowid)"


# --- compact columns -------------------------------------------------------------


def canonical_local(para: int, sent: int, clause: int) -> str:
    """The part of a clause id after `doc:` as the segmenter writes it; a clause
    whose id is this keeps NULL in `clauses.local` (the view spells it out)."""
    # printf-style: the same text for ints as f"p{para:02d}…", in half the time
    # (the index build asks it of every clause).
    return "p%02d.s%02d.c%02d" % (para, sent, clause)  # noqa: UP031


@lru_cache(maxsize=16384)
def concept_token(concept_id: str) -> str:
    """The FTS token for a concept: ids hold hyphens, which unicode61 splits on."""
    return "c" + hashlib.sha1(concept_id.encode("utf-8")).hexdigest()[:12]
