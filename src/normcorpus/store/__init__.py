"""Clause records (JSONL) and the SQLite FTS5 index, in one data directory: the
only part of normcorpus that speaks SQL.

Layout of a data directory (default `.normcorpus/`):

    records/<doc>.jsonl   one clause record per line (the exchange format)
    records/<doc>.en.jsonl  the statement's published English (`<doc>.en.txt`),
                          aligned: one bead per line (`PublishedBead`)
    index.sqlite          the index: a row a clause saying where its record's
                          line starts in records/<doc>.jsonl and what searches
                          filter and order on (`clauses`), which concepts each
                          clause holds (`term_matches`, `labels`), two
                          contentless FTS5 tables, term statistics, readable views
    .previous/            records files a batch replaced, kept a while for
                          readers still in a snapshot from before it

`clause_fts` indexes the Vietnamese, three columns tokenised by unicode61
without diacritic removal (SQLite's `remove_diacritics` does not fold `đ`, so
folding is ours): `exact` (the clause text, lower-cased), `folded`
(`normalize.fold` of it) and `concepts` (one token per aligned concept, see
`concept_token`). `english_fts` indexes the clause's English as Snowball stems
(`stemming.py`) in two columns: `en`, its current working translation
(`<doc>.en.tsv`), and `published`, the published English of the bead the
clause opens (`<doc>.en.txt`). Both are contentless: the Vietnamese text is in
the records files only, the English in `translations` and `published_beads`.
A record is read from its file at the byte offset `clauses.line` and checked
against its row (the file's size, the record's hash and position): a file
changed by hand is refused, never misread. A clause's rowid, the same in all
three tables, is its length in syllables above its number (`fts_rowid`):
FTS5 yields matches in rowid order, so the shortest clauses come first, which
is what lets a ranked search stop early (see `ranking.py`). `term_stats` holds
each token's document frequency per column and `meta` the totals, the
statistics BM25 weights come from. The views `clause_records`,
`term_match_list` and `document_list` read well in sqlite3 and Datasette
(ids, documents, articles, concepts, English; for the Vietnamese text, each
clause's `records_file` and `records_offset`).

Writes are atomic: a `Writer` holds one SQLite transaction for the whole batch
and writes JSONL files to temporary names that are renamed into place only
after the transaction commits, so a failed or interrupted run leaves the
previous records and index as they were. A batch that replaces a records file
first links the old one into `.previous/` (removed by a writer once older than
PREVIOUS_SECONDS), so that a search in a snapshot taken before the batch
committed still reads the records that snapshot indexes.

Modules: `schema` (tables, tokens, rowid arithmetic),
`reader` (`Store`: read access, and the primitives search is built from),
`writer` (`Writer`, `prepare`, `refresh_term_stats`).
"""

from __future__ import annotations

from .reader import (
    NO_RESTRICTION,
    DocumentInfo,
    PublishedPair,
    Restriction,
    Side,
    Store,
    StoredTranslation,
)
from .schema import (
    APPLICATION_ID,
    INDEX_NAME,
    RECORDS_DIR,
    STAT_PREFIX,
    STORE_VERSION,
    TOKEN,
    clause_length,
    clause_number,
    concept_token,
    fts_rowid,
)
from .writer import PreparedRecords, Writer, prepare, record_line, refresh_term_stats

__all__ = [
    "APPLICATION_ID",
    "INDEX_NAME",
    "NO_RESTRICTION",
    "RECORDS_DIR",
    "STAT_PREFIX",
    "STORE_VERSION",
    "TOKEN",
    "DocumentInfo",
    "PreparedRecords",
    "PublishedPair",
    "Restriction",
    "Side",
    "Store",
    "StoredTranslation",
    "Writer",
    "clause_length",
    "clause_number",
    "concept_token",
    "fts_rowid",
    "prepare",
    "record_line",
    "refresh_term_stats",
]
