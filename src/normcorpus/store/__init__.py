"""Clause records (JSONL) and the SQLite FTS5 index, in one data directory: the
only part of normcorpus that speaks SQL.

Layout of a data directory (default `.normcorpus/`):

    records/<doc>.jsonl   one clause record per line (the exchange format)
    records/<doc>.en.jsonl  the statement's published English (`<doc>.en.txt`),
                          aligned: one bead per line (`PublishedBead`)
    index.sqlite          the index: each clause once, its record fields in
                          columns (`clauses`, `term_matches`, `labels`), two
                          contentless FTS5 tables, term statistics, readable views

`clause_fts` indexes the Vietnamese, three columns tokenised by unicode61
without diacritic removal (SQLite's `remove_diacritics` does not fold `đ`, so
folding is ours): `exact` (the clause text, lower-cased), `folded`
(`normalize.fold` of it) and `concepts` (one token per aligned concept, see
`concept_token`). `english_fts` indexes the clause's English as Snowball stems
(`stemming.py`) in two columns: `en`, its current working translation
(`<doc>.en.tsv`), and `published`, the published English of the bead the
clause opens (`<doc>.en.txt`). Both are contentless: the text is in `clauses`,
`translations` and `published_beads`, once. A clause's rowid, the same in all
three tables, is its length in syllables above its number (`fts_rowid`):
FTS5 yields matches in rowid order, so the shortest clauses come first, which
is what lets a ranked search stop early (see `ranking.py`). `term_stats` holds
each token's document frequency per column and `meta` the totals, the
statistics BM25 weights come from. The views `clause_records`,
`term_match_list` and `document_list` read well in sqlite3 and Datasette.

Writes are atomic: a `Writer` holds one SQLite transaction for the whole batch
and writes JSONL files to temporary names that are renamed into place only
after the transaction commits, so a failed or interrupted run leaves the
previous records and index as they were.

Modules: `schema` (tables, tokens, rowid arithmetic, compact columns),
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
