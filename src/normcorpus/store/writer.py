"""Writing a batch: the records to temporary files, the rows in one transaction.

`prepare` turns a document's records into the rows the index stores (in
ingest's worker processes); a `Writer` replaces documents in one SQLite
transaction and renames the records into place once it commits.

The FTS5 tables are contentless: a row is removed by handing FTS5 the very
tokens it was inserted with ('delete'). Those are made again from what the
index keeps (the clause text, its concepts, the English of its translations),
by the same code; `tokens_digest` names that code's behaviour, and a writer
that finds another digest in the index rebuilds both FTS tables first.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import os
import sqlite3
import time
import unicodedata
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .. import normalize, stemming
from ..accel.foldcount import FoldCounter, LowerFoldCounter
from ..accel.jsonline import dumps, plain_float, string_list_dumps
from ..errors import NormcorpusError, StoreError
from ..fileio import Staged
from ..models import (
    RECORD_SCHEMA_VERSION,
    ClauseRecord,
    Document,
    PublishedBead,
    PublishedTranslation,
)
from .schema import (
    FTS_ROWID_OF_CLAUSE,
    INDEX_NAME,
    PREVIOUS_DIR,
    PREVIOUS_SECONDS,
    RECORDS_DIR,
    STAT_PREFIX,
    TOKEN,
    canonical_local,
    concept_token,
    fts_rowid,
    previous_name,
)

if TYPE_CHECKING:
    from .reader import Store


# `term_stats` keys by FTS column (schema.STAT_PREFIX); the English index's
# two columns share one prefix, its stats being per row.
_VOCAB = "CREATE VIRTUAL TABLE IF NOT EXISTS temp.{} USING fts5vocab(main, '{}', '{}')"


def refresh_term_stats(connection: sqlite3.Connection) -> int:
    """`term_stats` and the totals again, from the FTS tables' own vocabularies;
    returns how many clauses the index holds.

    One scan of both indexes in C (about 0.3 s per 100,000 clauses) costs less
    than counting each clause's tokens in Python as it is written, and cannot
    drift from what FTS5 holds."""
    connection.execute(_VOCAB.format("nc_stats_vi", "clause_fts", "col"))
    connection.execute(_VOCAB.format("nc_stats_en", "english_fts", "row"))
    connection.execute("DELETE FROM term_stats")
    connection.execute(
        "INSERT INTO term_stats SELECT"
        f" CASE col WHEN 'exact' THEN '{STAT_PREFIX['exact']}'"
        f" WHEN 'folded' THEN '{STAT_PREFIX['folded']}' ELSE '{STAT_PREFIX['concepts']}' END"
        " || term AS key, doc FROM temp.nc_stats_vi WHERE doc > 0"
        f" UNION ALL SELECT '{STAT_PREFIX['en']}' || term, doc FROM temp.nc_stats_en"
        " WHERE doc > 0 ORDER BY key"
    )
    clauses, syllables = connection.execute(
        "SELECT count(*), coalesce(sum(length), 0) FROM clauses"
    ).fetchone()
    (english,) = connection.execute(
        "SELECT count(*) FROM (SELECT indexed FROM translations WHERE indexed IS NOT NULL"
        " UNION SELECT indexed FROM published_beads WHERE indexed IS NOT NULL)"
    ).fetchone()
    (words,) = connection.execute("SELECT coalesce(sum(cnt), 0) FROM temp.nc_stats_en").fetchone()
    connection.executemany(
        "INSERT OR REPLACE INTO meta VALUES (?, ?)",
        [
            ("fts_clauses", str(clauses)),
            ("fts_syllables", str(syllables)),
            ("en_clauses", str(english)),
            ("en_words", str(words)),
        ],
    )
    return int(clauses)


# Past this many FTS rows written or removed, a batch stops counting term
# statistics row by row and refreshes them from the vocabularies at commit.
SMALL_BATCH = 20_000


class Tally:
    """A small batch's changes to `term_stats` and the totals, counted as rows
    go in and out: a batch of one document into a million-clause index would
    otherwise pay a scan of the whole vocabulary (about 3 s) at commit."""

    def __init__(self) -> None:
        self.df: Counter[str] = Counter()
        self.totals: Counter[str] = Counter()
        self.rows = 0

    def count(self, exact: str, folded: str, concepts: str, sign: int) -> None:
        """One Vietnamese FTS row in (sign 1) or out (sign -1)."""
        tokens = TOKEN.findall(exact)
        keys = {STAT_PREFIX["exact"] + t for t in tokens}
        keys.update([STAT_PREFIX["folded"] + t for t in TOKEN.findall(folded)])
        keys.update([STAT_PREFIX["concepts"] + t for t in concepts.split()])
        self._add(keys, sign)
        self.totals["fts_clauses"] += sign
        self.totals["fts_syllables"] += sign * len(tokens)

    def count_english(self, stems: str, sign: int) -> None:
        """One English FTS row (its stems) in or out."""
        tokens = stems.split()
        self._add({STAT_PREFIX["en"] + t for t in tokens}, sign)
        self.totals["en_clauses"] += sign
        self.totals["en_words"] += sign * len(tokens)

    def _add(self, keys: set[str], sign: int) -> None:
        self.rows += 1
        if sign > 0:
            self.df.update(keys)
        else:
            self.df.subtract(keys)

    def merge(self, other: Tally) -> None:
        self.df.update(other.df)
        self.totals.update(other.totals)
        self.rows += other.rows

    def flush(self, connection: sqlite3.Connection) -> int:
        """Write the changes; returns how many clauses the index holds."""
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
        for key in ("fts_clauses", "fts_syllables", "en_clauses", "en_words"):
            connection.execute(
                "INSERT INTO meta VALUES (?, ?) ON CONFLICT (key)"
                " DO UPDATE SET value = CAST(value AS INTEGER) + CAST(excluded.value AS INTEGER)",
                (key, str(self.totals[key])),
            )
        (clauses,) = connection.execute(
            "SELECT value FROM meta WHERE key = 'fts_clauses'"
        ).fetchone()
        return int(clauses)


# FTS5's `crisismerge` during a first build: a level holding this many segments
# (one a flush of the writer's FTS rows) is merged even with automerge off.
_BUILD_CRISISMERGE = 1000

# The writer holds a batch's new `clause_fts` rows until they reach this many
# characters, then inserts them together in FTS rowid order (`Writer._flush_fts`):
# FTS5 writes a segment whenever a rowid is lower than the last one, so rows
# inserted a document at a time made a segment a document (1,000 at 1M clauses),
# all merged again by the commit's `optimize`. About 18,000 clauses of the bench;
# the most a long document adds to the writer's memory (about 25 MB with FTS5's
# terms), the same for a document of 5 MB as of 20 MB.
FTS_BLOCK_CHARS = 8_000_000
# FTS5's `hashsize`, the terms it holds in memory before it writes a segment (its
# default is 1 MB): large enough for one block of rows (docs/decisions.md).
FTS_HASHSIZE = 16 * 1024 * 1024


def tokens_digest() -> str:
    """What the FTS tokens of a text depend on besides the text: the folding
    table, Unicode's version and the English stemmer, as they behave now."""
    import snowballstemmer

    probe = "".join(chr(c) for c in range(0xC0, 0x250)) + "ĐđƠơƯư\u1ea0\u1ef9"
    sample = "norms stakeholders voluntary cooperation building capacities"
    parts = [
        normalize.fold(probe.lower()),
        unicodedata.unidata_version,
        getattr(snowballstemmer, "__version__", ""),
        stemming.stems(sample),
    ]
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()[:16]


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

    # The JSONL lines, one a record, each ending in a newline, as the file holds them:
    # bytes only (a document of one 20 MB paragraph made them 100 MB more as str too).
    data: bytes
    sizes: tuple[int, ...]  # bytes of each line in `data`, its newline included
    # The `clauses` row of each record but for its number, document, gap and line
    # (`Writer._insert_rows` adds those): para, sent, clause, local or None, article,
    # length in syllables, start, hash
    clauses: tuple[tuple[Any, ...], ...]
    spans: tuple[tuple[int, int, str], ...]  # (start, end, text): the document's gaps
    fts: tuple[tuple[str, str, str], ...]  # (exact, folded, concept tokens)
    # per clause: (concept, term, en, match) of each term match
    terms: tuple[tuple[tuple[Any, ...], ...], ...]
    words: int

    @property
    def lengths(self) -> tuple[int, ...]:
        """Syllables (FTS tokens) of each clause."""
        return tuple(row[5] for row in self.clauses)

    @property
    def lines(self) -> tuple[str, ...]:
        """The JSONL lines (decoded from `data`, for tests and tools; split at "\n"
        only: a record may hold U+2028 unescaped)."""
        return tuple(self.data.decode("utf-8").split("\n")[:-1])


def _vietnamese_letters() -> str:
    """The lower-case letters of Vietnamese beyond ASCII (`ă`, `ệ`, `đ`, …)."""
    letters = [
        unicodedata.normalize("NFC", vowel + tone)
        for vowel in "aăâeêioôơuưy"
        for tone in ("", "\u0300", "\u0301", "\u0309", "\u0303", "\u0323")
    ]
    return "".join(c for c in letters if not c.isascii()) + "đ"


@cache
def _fold_count() -> FoldCounter:
    """normalize.fold and TOKEN's count of lower-cased clause text, by the tables
    of what it is written in: ASCII, the Vietnamese letters and the punctuation
    and signs of real texts. A clause with any other character is folded and
    counted by the plain rule (accel/foldcount.py). Made on first use."""
    return FoldCounter(
        "".join(map(chr, range(128)))
        + _vietnamese_letters()
        + "\xa0\u200b“”‘’«»‹›„‚–—‐‑‒―−…•·°§±×÷²³¹½¼¾€£¥©®™′″≤≥≠→←√∞",
        normalize.fold,
        TOKEN,
    )


@cache
def _lower_fold_count() -> LowerFoldCounter:
    """text.lower(), then _fold_count() of it, in one pass where the C part's
    tables cover the text (accel/foldcount.py). Made on first use."""
    return LowerFoldCounter(normalize.fold, TOKEN, _fold_count())


def _fts_values(record: ClauseRecord) -> tuple[tuple[str, str, str], int]:
    """fts_values(record), and how many tokens (TOKEN) its text has."""
    # text.lower() (record text is normalised already: read.py), normalize.fold of
    # that, len(TOKEN.findall(exact))
    exact, folded, tokens = _lower_fold_count()(record.text)
    # Every concept the clause's text reads as, nested readings too (`chủ quyền` inside
    # `chủ quyền quốc gia`): a glossary need not link a longer term to each shorter
    # one inside it, and a clause that holds the term must be found by it.
    concepts = sorted({t.concept for t in record.terms})
    return (exact, folded, " ".join(map(concept_token, concepts))), tokens


def fts_values(record: ClauseRecord) -> tuple[str, str, str]:
    """What `clause_fts` indexes of a record: (exact, folded, concept tokens).
    A row is removed with the very values it went in with (contentless FTS5),
    so inserts and deletes both make them here."""
    return _fts_values(record)[0]


def prepare(records: Sequence[ClauseRecord]) -> PreparedRecords:
    """The rows and lines of a document's records (or a chunk of them).

    The lines are `record_line`'s, the FTS values `fts_values`' (tests compare
    them with those plain rules); both are made here in one pass a record,
    with what the records share (their structures, the concept tokens of a
    clause with one concept) made once."""
    encode = _RECORD_ENCODER.encode
    lower_fold_count = _lower_fold_count()
    # The C pass called here, not through the counter's __call__ (a record's
    # text needs the plain rule only where the pass gives None).
    compiled, (lowers, folds, kinds) = lower_fold_count.compiled
    line_of = string_list_dumps("words", encode)
    structures: dict[int, dict[str, str]] = {}  # Structure.to_dict() by the object's id
    lines, clauses, spans, fts, terms = [], [], [], [], []
    words = 0
    for record in records:
        text, para, sent, clause = record.text, record.para, record.sent, record.clause
        structure = record.structure
        structure_dict = structures.get(id(structure))  # the records keep each one alive
        if structure_dict is None:
            structure_dict = structures[id(structure)] = structure.to_dict()
        matches = record.terms
        plain = True
        if matches:
            term_dicts, term_rows = [], []
            for t in matches:  # one loop: a comprehension is a call of its own
                term_dicts.append(t.to_dict())
                term_rows.append((t.concept, t.term, t.en, t.match))
                plain = plain and plain_float(t.score)
            rows = tuple(term_rows)
            concepts = {row[0] for row in rows}
            # Every concept the clause's text reads as, nested readings too (`chủ quyền`
            # inside `chủ quyền quốc gia`): a glossary need not link a longer term to each
            # shorter one inside it, and a clause that holds the term must be found by it.
            tokens = (
                concept_token(rows[0][0])
                if len(concepts) == 1
                else " ".join(map(concept_token, sorted(concepts)))
            )
        else:
            term_dicts, rows, tokens = [], (), ""
        # = record_line(record), encoded: record.to_dict() but for the words, which
        # stay a tuple (both encoders write a tuple as a list).
        data = {
            "id": record.id,
            "doc": record.doc,
            "para": para,
            "sent": sent,
            "clause": clause,
            "text": text,
            "start": record.start,
            "end": record.end,
            "words": record.words,
            "structure": structure_dict,
            "hash": record.hash,
            "terms": term_dicts,
        }
        lines.append(line_of(data) if plain else dumps(data, encode, plain_floats=False))
        words += len(record.words)
        # text.lower() (record text is normalised already: read.py), normalize.fold
        # of that, and len(TOKEN.findall(exact)).
        made = None if compiled is None else compiled(text, lowers, folds, kinds)
        exact, folded, length = lower_fold_count(text) if made is None else made
        fts.append((exact, folded, tokens))
        terms.append(rows)
        # The id after `doc:`, None where it is canonical_local's; an id not
        # `doc:…` is kept whole.
        local, prefix = record.id, record.doc + ":"
        if local.startswith(prefix):
            local = local[len(prefix) :]
            if local == canonical_local(para, sent, clause):
                local = None
        clauses.append(
            (para, sent, clause, local, structure.article, length, record.start, record.hash)
        )
        spans.append((record.start, record.end, text))
    return PreparedRecords(
        data=b"\n".join(lines) + b"\n" if lines else b"",
        sizes=tuple([len(line) + 1 for line in lines]),
        clauses=tuple(clauses),
        spans=tuple(spans),
        fts=tuple(fts),
        terms=tuple(terms),
        words=words,
    )


def document_gaps(
    text: str, spans: Iterable[tuple[int, int]], texts: Sequence[str]
) -> tuple[list[str], str] | None:
    """The document text before each clause and after the last, when the
    clauses lie in order in it (then they and these rebuild it); else None."""
    gaps = []
    position = 0
    for (start, end), clause in zip(spans, texts, strict=True):
        if start < position or text[start:end] != clause:
            return None
        gaps.append(text[position:start])
        position = end
    return gaps, text[position:]


def _chunk_gaps(
    text: str, spans: Sequence[tuple[int, int, str]], position: int | None
) -> tuple[list[str] | None, int | None]:
    """document_gaps for one chunk of clauses ((start, end, text) each), from
    `position` on: the gaps and where the chunk ends; (None, None) once the
    clauses do not lie in order in `text`."""
    if position is None:
        return None, None
    gaps = []
    for start, end, clause in spans:
        if start < position or text[start:end] != clause:
            return None, None
        gaps.append(text[position:start])
        position = end
    return gaps, position


class DocumentFailed(NormcorpusError):
    """Making one document's records failed (segmenting or aligning it): the
    writer undid that document's changes, and the batch can go on without it."""

    def __init__(self, cause: NormcorpusError):
        super().__init__(cause.detail, path=cause.path, line=cause.line, column=cause.column)
        self.cause = cause


class Writer:
    """One batch of document replacements: a transaction plus renames on commit."""

    def __init__(self, store: Store):
        self.store = store
        self.connection = store.connection
        self._pending: list[tuple[Path, Path]] = []
        # The records file of each document this batch wrote (not yet renamed),
        # shared with the store, whose reads in the batch must see them.
        self._files = store.staged_files
        self._files.clear()
        # The digest of each records file this batch replaces or removes, as the
        # index had it before the batch (the files readers of that state read).
        self._replaced: dict[str, str] = {}
        self._labels: dict[str, int] = {}
        self._touched: set[str] = set()  # documents whose English to index again
        self._new_labels: list[str] | None = None  # labels made inside a document's savepoint
        # New clause_fts rows not yet inserted, by document number (FTS_BLOCK_CHARS).
        self._fts_rows_held: dict[int, list[tuple[int, str, str, str]]] = {}
        self._fts_chars_held = 0
        self.committed = False
        # A batch rewrites b-tree and FTS pages all over: keep some of them in
        # memory rather than spill them to the WAL and read them back. 16 MB:
        # with 128 MB the cache filled as a batch grew and peak RSS rose 51%
        # from a 5 MB to a 20 MB corpus, for the same CPU time (make bench).
        self.connection.execute("PRAGMA cache_size = -16384")
        try:
            self.connection.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            from .reader import _operational_message

            raise StoreError(_operational_message(store.data_dir / INDEX_NAME, exc)) from exc
        self._finish_pending()
        self._remove_dead_temps()
        self._clauses_before = int(self.store.meta_value("fts_clauses") or 0)
        if not self._clauses_before:
            # A first build ends in one merge of everything (commit): merging as
            # segments pile up would redo that work level by level. FTS5 still
            # merges a level that reaches `crisismerge` segments (16): raised too,
            # below FTS5's limit of 2,000 segments (docs/decisions.md).
            for table in ("clause_fts", "english_fts"):
                self.connection.execute(
                    f"INSERT INTO {table} ({table}, rank) VALUES ('automerge', 0)"
                )
                self.connection.execute(
                    f"INSERT INTO {table} ({table}, rank) VALUES ('crisismerge', ?)",
                    (_BUILD_CRISISMERGE,),
                )
        self.connection.execute(
            "INSERT INTO clause_fts (clause_fts, rank) VALUES ('hashsize', ?)", (FTS_HASHSIZE,)
        )
        # A first build (or a rebuild) refreshes the statistics at commit; other
        # batches count as they go, until they prove large (SMALL_BATCH).
        self._tally: Tally | None = Tally() if self._clauses_before else None
        digest = tokens_digest()
        if self.store.meta_value("tokens_digest") not in (None, digest):
            self._tally = None
            self._rebuild_fts()
        self.set_meta("tokens_digest", digest)

    # --- documents ---

    def put_document(
        self,
        document: Document,
        records: Sequence[ClauseRecord] | PreparedRecords | Iterable[PreparedRecords],
        *,
        segment_digest: str,
        glossary_digest: str,
    ) -> None:
        """Replace a document's records (in the index now, on disk at commit).

        `records` may be an iterable of PreparedRecords chunks: each is written
        and inserted as it comes, so a long document is never held whole. The
        document is one savepoint: if making its records raises a
        NormcorpusError half-way, every change it made is undone (its previous
        version stays, its temporary record file is removed) and
        `DocumentFailed` is raised, after which the batch goes on; any other
        failure is undone the same way and raised as it is.
        """
        with self._savepoint():
            self._put_document(
                document, records, segment_digest=segment_digest, glossary_digest=glossary_digest
            )

    def _put_document(
        self,
        document: Document,
        records: Sequence[ClauseRecord] | PreparedRecords | Iterable[PreparedRecords],
        *,
        segment_digest: str,
        glossary_digest: str,
    ) -> None:
        if isinstance(records, PreparedRecords):
            chunks: Iterable[PreparedRecords] = (records,)
        elif isinstance(records, Sequence) and all(isinstance(r, ClauseRecord) for r in records):
            chunks = (prepare(records),)  # type: ignore[arg-type]
        else:
            chunks = records  # type: ignore[assignment]
        final = self.store.records_path(document.id)
        final.parent.mkdir(parents=True, exist_ok=True)
        self._delete(document.id)
        self._touched.add(document.id)
        connection = self.connection
        meta = document.meta
        # The counts, digest and text are known once the last chunk is in.
        cursor = connection.execute(
            "INSERT INTO documents (id, path, source_sha256, segment_digest, glossary_digest,"
            " records_sha256, records_size, title, date, kind, meta, text, tail, clauses, words)"
            " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            (
                document.id,
                document.path,
                document.source_sha256,
                segment_digest,
                glossary_digest,
                "",
                0,
                meta.title_vi or meta.title_en,
                meta.date,
                meta.kind if isinstance(meta.kind, str) else None,
                json.dumps(meta.to_dict(), ensure_ascii=False, sort_keys=True),
                None,
                "",
                0,
                0,
            ),
        )
        doc = cursor.lastrowid
        # Numbers as SQLite would give them (max + 1 onwards), set here so each
        # table is filled by one executemany a chunk.
        first = connection.execute("SELECT coalesce(max(rowid), 0) + 1 FROM clauses").fetchone()[0]
        count = words = 0
        position: int | None = 0  # where the clauses have rebuilt the text to (None: they cannot)
        # Unique within the batch too: a document written twice keeps its last version.
        with Staged(final, tag=str(len(self._pending))) as staged:
            offset = 0  # of the chunk's first line in the file
            for prepared in _made(chunks):
                staged.write(prepared.data)
                gaps, position = _chunk_gaps(document.text, prepared.spans, position)
                self._insert_rows(doc, range(first + count, first + count + len(prepared.sizes)),
                                  prepared, gaps, offset)  # fmt: skip
                offset += len(prepared.data)
                count += len(prepared.sizes)
                words += prepared.words
        self._pending.append((staged.path, final))
        self._files[document.id] = staged.path
        connection.execute(
            "UPDATE documents SET records_sha256 = ?, records_size = ?, text = ?, tail = ?,"
            " clauses = ?, words = ? WHERE n = ?",
            (
                staged.sha256,
                offset,
                document.text if position is None else None,
                "" if position is None else document.text[position:],
                count,
                words,
                doc,
            ),
        )

    @contextmanager
    def _savepoint(self) -> Iterator[None]:
        """One document's changes, kept or undone whole: a SAVEPOINT in the index,
        and the writer's own tallies (term statistics, labels, files to rename,
        documents touched) kept apart until it is released."""
        batch_tally = self._tally
        self._tally = None if batch_tally is None else Tally()
        touched, pending, files = set(self._touched), len(self._pending), dict(self._files)
        # The FTS rows held before the document: ROLLBACK TO undoes any of them the
        # document's chunks flushed, so they are held again.
        held, held_chars = dict(self._fts_rows_held), self._fts_chars_held
        self._new_labels = []
        self.connection.execute("SAVEPOINT document")
        try:
            yield
        except BaseException:
            # If SQLite has already ended the transaction (a full disk), the batch
            # fails whole and the rollback of the batch undoes everything anyway.
            with suppress(sqlite3.Error):
                self.connection.execute("ROLLBACK TO document")
                self.connection.execute("RELEASE document")
            for label in self._new_labels:
                self._labels.pop(label, None)
            for temp, final in self._pending[pending:]:
                if temp != final:
                    temp.unlink(missing_ok=True)
            del self._pending[pending:]
            self._touched = touched
            self._files.clear()
            self._files.update(files)
            self._fts_rows_held, self._fts_chars_held = held, held_chars
            self._tally = batch_tally  # the document's counts go with it
            raise
        else:
            self.connection.execute("RELEASE document")
            if batch_tally is not None and self._tally is not None:
                batch_tally.merge(self._tally)
                self._tally = batch_tally if batch_tally.rows <= SMALL_BATCH else None
            else:
                self._tally = None
        finally:
            self._new_labels = None

    def _count(self, exact: str, folded: str, concepts: str, sign: int) -> None:
        if self._tally is not None:
            self._tally.count(exact, folded, concepts, sign)
            if self._tally.rows > SMALL_BATCH:
                self._tally = None  # a large batch: refreshed at commit

    def _count_english(self, stems: str, sign: int) -> None:
        if self._tally is not None:
            self._tally.count_english(stems, sign)
            if self._tally.rows > SMALL_BATCH:
                self._tally = None

    def _insert_rows(
        self,
        doc: int,
        numbers: range,
        prepared: PreparedRecords,
        gaps: list[str] | None,
        offset: int,
    ) -> None:
        """The index rows of a chunk of a document's records, numbered `numbers`,
        its first line at byte `offset` of the document's records file."""
        connection = self.connection
        if self._tally is not None:
            for fts in prepared.fts:
                self._count(*fts, 1)
        lines = itertools.accumulate(prepared.sizes[:-1], initial=offset)
        clause_rows = prepared.clauses
        connection.executemany(
            "INSERT INTO clauses (para, sent, clause, local, article, length, start, hash,"
            " rowid, doc, gap, line) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
            [
                (*row, n, doc, gap, line)
                for row, n, gap, line in zip(
                    clause_rows,
                    numbers,
                    [""] * len(clause_rows) if gaps is None else gaps,
                    lines,
                    strict=True,
                )
            ],
        )
        # Labels numbered in the order they are first met, as one at a time did;
        # the rows then read them from the dict.
        labels = self._labels
        matches = itertools.chain.from_iterable(prepared.terms)
        rows = dict.fromkeys(matches)  # each distinct (concept, term, en, match) once, in order
        for text in dict.fromkeys(itertools.chain.from_iterable(rows)):
            if text not in labels:
                self._label(text)
        for row in rows:
            rows[row] = tuple(map(labels.__getitem__, row))
        connection.executemany(
            "INSERT INTO term_matches VALUES (?,?,?,?,?,?)",
            [
                (n, k, *rows[row])
                for n, terms in zip(numbers, prepared.terms, strict=True)
                for k, row in enumerate(terms)
            ],
        )
        held = self._fts_rows_held.setdefault(doc, [])
        held += [
            (fts_rowid(n, row[5]), *fts)
            for n, row, fts in zip(numbers, clause_rows, prepared.fts, strict=True)
        ]
        self._fts_chars_held += sum(map(len, itertools.chain.from_iterable(prepared.fts)))
        if self._fts_chars_held >= FTS_BLOCK_CHARS:
            self._flush_fts()  # inside the document's savepoint: see _savepoint

    def _flush_fts(self) -> None:
        """Insert the held clause_fts rows, in FTS rowid order: FTS5 writes its
        pending terms to a new segment whenever a rowid is lower than the last
        one, so one sorted block makes one segment (docs/decisions.md)."""
        rows = sorted(itertools.chain.from_iterable(self._fts_rows_held.values()))
        self._fts_rows_held = {}
        self._fts_chars_held = 0
        self.connection.executemany(
            "INSERT INTO clause_fts (rowid, exact, folded, concepts) VALUES (?,?,?,?)", rows
        )
        # FTS5 writes its pending terms out at a savepoint: now, not while the next
        # block is held too (a long document would hold both).
        self.connection.execute("SAVEPOINT fts_flush")
        self.connection.execute("RELEASE fts_flush")

    def remove_document(self, doc: str) -> None:
        self._delete(doc)
        self._touched.add(doc)
        path = self.store.records_path(doc)
        self._pending.append((path, path))  # marker: unlink at commit
        self.remove_published(doc)

    def _delete(self, doc: str) -> None:
        connection = self.connection
        row = connection.execute(
            "SELECT n, records_sha256 FROM documents WHERE id = ?", (doc,)
        ).fetchone()
        if row is None:
            return
        number, sha256 = row
        if doc not in self._files:  # the committed version, not this batch's
            self._replaced.setdefault(doc, sha256)
        rows = self._fts_rows(doc, number, sha256)
        # Rows this batch holds (Writer._flush_fts) are not in clause_fts yet.
        held_rows = self._fts_rows_held.pop(number, ())
        self._fts_chars_held -= sum(len(e) + len(f) + len(c) for _, e, f, c in held_rows)
        held = {row[0] for row in held_rows}
        for rowid, exact, folded, concepts in rows or ():
            self._count(exact, folded, concepts, -1)
            if rowid in held:
                continue
            connection.execute(
                "INSERT INTO clause_fts (clause_fts, rowid, exact, folded, concepts)"
                " VALUES ('delete', ?, ?, ?, ?)",
                (rowid, exact, folded, concepts),
            )
        connection.execute(
            "DELETE FROM term_matches WHERE clause IN (SELECT rowid FROM clauses WHERE doc = ?)",
            (number,),
        )
        connection.execute("DELETE FROM clauses WHERE doc = ?", (number,))
        connection.execute("DELETE FROM documents WHERE n = ?", (number,))
        self._files.pop(doc, None)
        if rows is None:
            # Its records file is not the one the index was made with (edited or
            # removed by hand): the tokens to take out are unknown, so the FTS
            # index is made again from the other documents' records.
            self._rebuild_fts()

    def _fts_rows(
        self, doc: str, number: int, sha256: str
    ) -> list[tuple[int, str, str, str]] | None:
        """(FTS rowid, exact, folded, concepts) of a document's clauses, as
        `prepare` made them, from its records file (this batch's, or the one in
        place); None when that file is not the one the index was made with."""
        path = self._files.get(doc) or self.store.records_path(doc)
        try:
            data = path.read_bytes()
        except OSError:
            return None
        if hashlib.sha256(data).hexdigest() != sha256:
            return None
        out = []
        for rowid, length, line, hash_ in self.connection.execute(
            "SELECT rowid, length, line, hash FROM clauses WHERE doc = ?", (number,)
        ):
            try:
                record = ClauseRecord.from_dict(json.loads(data[line : data.index(b"\n", line)]))
            except (ValueError, KeyError, TypeError):
                return None
            if record.hash != hash_:
                return None
            out.append((fts_rowid(rowid, length), *fts_values(record)))
        out.sort()  # in FTS rowid order, as inserts go (see _insert_rows)
        return out

    def _label(self, text: str) -> int:
        number = self._labels.get(text)
        if number is None:
            row = self.connection.execute("SELECT n FROM labels WHERE text = ?", (text,)).fetchone()
            if row is None:
                row = (
                    self.connection.execute(
                        "INSERT INTO labels (text) VALUES (?)", (text,)
                    ).lastrowid,
                )
                if self._new_labels is not None:
                    self._new_labels.append(text)
            number = self._labels[text] = row[0]
        return number

    # --- translations ---

    def put_translations(self, doc: str, rows: Sequence[Any], *, sha256: str) -> None:
        """Replace a document's translations (rows with id, hash, en, line)."""
        self._unindex_english(doc)
        self.connection.execute("DELETE FROM translations WHERE doc = ?", (doc,))
        self.connection.executemany(
            "INSERT OR REPLACE INTO translations (clause_id, doc, hash, en, line)"
            " VALUES (?,?,?,?,?)",
            [(row.id, doc, row.hash, row.en, row.line) for row in rows],
        )
        self._touched.add(doc)
        self.set_meta(f"translations_sha256:{doc}", sha256)

    # --- published translations ---

    def put_published(
        self,
        doc: str,
        beads: Sequence[PublishedBead],
        *,
        source: PublishedTranslation,
        sha256: str,
        digest: str,
    ) -> None:
        """Replace a document's published English: its beads in the index now,
        `records/<doc>.en.jsonl` at commit. `source.file` names the English file,
        `sha256` its bytes, `digest` everything the alignment depends on."""
        self._unindex_english(doc)
        self._delete_published(doc)
        final = self.store.published_path(doc)
        final.parent.mkdir(parents=True, exist_ok=True)
        with Staged(final, tag=f"en{len(self._pending)}") as staged:
            staged.write(
                "".join(_RECORD_ENCODER.encode(b.to_dict()) + "\n" for b in beads).encode("utf-8")
            )
        self._pending.append((staged.path, final))
        connection = self.connection
        connection.executemany(
            "INSERT INTO published_beads (doc, bead, type, confidence, vi_ids, en, en_lines)"
            " VALUES (?,?,?,?,?,?,?)",
            [
                (
                    doc,
                    b.bead,
                    b.type,
                    b.confidence,
                    " ".join(b.vi_ids),
                    b.en,
                    ",".join(map(str, b.en_lines)),
                )
                for b in beads
            ],
        )
        connection.executemany(
            "INSERT OR REPLACE INTO published_clauses (clause_id, doc, bead) VALUES (?,?,?)",
            [(clause_id, doc, b.bead) for b in beads for clause_id in b.vi_ids],
        )
        connection.execute(
            "INSERT INTO published_sources (doc, file, sha256, digest, records_sha256, publisher,"
            " official, url, date) VALUES (?,?,?,?,?,?,?,?,?)",
            (
                doc,
                source.file or "",
                sha256,
                digest,
                staged.sha256,
                source.publisher,
                None if source.official is None else int(source.official),
                source.url,
                source.date,
            ),
        )
        self._touched.add(doc)

    def remove_published(self, doc: str) -> None:
        """Forget a document's published English (its English file is gone)."""
        found = self.connection.execute(
            "SELECT 1 FROM published_sources WHERE doc = ?", (doc,)
        ).fetchone()
        if found is None:
            return
        self._unindex_english(doc)
        self._delete_published(doc)
        path = self.store.published_path(doc)
        self._pending.append((path, path))  # marker: unlink at commit
        self._touched.add(doc)

    def _delete_published(self, doc: str) -> None:
        for table in ("published_beads", "published_clauses", "published_sources"):
            self.connection.execute(f"DELETE FROM {table} WHERE doc = ?", (doc,))

    # --- the English index: both translations of a clause in one row ---

    def _unindex_english(self, doc: str) -> None:
        """Take a document's clauses out of the English index, with the very values
        they were indexed with (the working English and the published one)."""
        connection = self.connection
        rows: dict[int, list[str]] = {}
        for rowid, en in connection.execute(
            "SELECT indexed, en FROM translations WHERE doc = ? AND indexed IS NOT NULL", (doc,)
        ):
            rows.setdefault(rowid, ["", ""])[0] = en
        for rowid, en in connection.execute(
            "SELECT indexed, en FROM published_beads WHERE doc = ? AND indexed IS NOT NULL",
            (doc,),
        ):
            rows.setdefault(rowid, ["", ""])[1] = en
        for rowid, (working, published) in rows.items():
            stems = (stemming.stems(working), stemming.stems(published))
            self._count_english(" ".join(stems), -1)
            connection.execute(
                "INSERT INTO english_fts (english_fts, rowid, en, published)"
                " VALUES ('delete', ?, ?, ?)",
                (rowid, *stems),
            )
        connection.execute("UPDATE translations SET indexed = NULL WHERE doc = ?", (doc,))
        connection.execute("UPDATE published_beads SET indexed = NULL WHERE doc = ?", (doc,))

    def _index_english_of(self, docs: Iterable[str]) -> None:
        """_index_english for each document, the rows inserted together in rowid
        order: one FTS5 segment, not one a document (see `_flush_fts`)."""
        entries: list[tuple[int, str, str]] = []
        for doc in docs:
            entries += self._index_english(doc)
        entries.sort()
        self.connection.executemany(
            "INSERT INTO english_fts (rowid, en, published) VALUES (?, ?, ?)", entries
        )

    def _index_english(self, doc: str) -> list[tuple[int, str, str]]:
        """Index the English of a document's clauses under the clauses' rowids: the
        working translation where it is current (made for the clause text as it is)
        and not empty, the published English of a bead under its first clause.
        Returns the english_fts rows for the caller to insert (`_index_english_of`)."""
        self._unindex_english(doc)
        rows: dict[int, list[str]] = {}
        # The translations whose clause ids the document's clauses spell (as
        # Store.clause_hashes does), found by their primary key in SQL: about half
        # the cost of every clause's id in a dict. The last clause spelling an id
        # is the one (the dict's), and its hash must be the translation's.
        current: dict[str, tuple[int, str, str, str]] = {
            clause_id: (rowid, clause_hash, translation_hash, en)
            for clause_id, rowid, clause_hash, translation_hash, en in self.connection.execute(
                f"SELECT t.clause_id, {FTS_ROWID_OF_CLAUSE}, c.hash, t.hash, t.en"
                " FROM documents AS d JOIN clauses AS c ON c.doc = d.n"
                " JOIN translations AS t ON t.clause_id = d.id || ':' || coalesce("
                "c.local, printf('p%02d.s%02d.c%02d', c.para, c.sent, c.clause))"
                " WHERE d.id = ? ORDER BY c.para, c.sent, c.clause",
                (doc,),
            )
        }
        working = []
        for clause_id, (rowid, clause_hash, translation_hash, en) in current.items():
            if clause_hash == translation_hash and en != "":
                rows.setdefault(rowid, ["", ""])[0] = en
                working.append((rowid, clause_id))
        published = []
        beads = self.connection.execute(
            "SELECT bead, vi_ids, en FROM published_beads WHERE doc = ? AND en != ''"
            " AND vi_ids != ''",
            (doc,),
        ).fetchall()
        clauses = self.store.clause_hashes(doc) if beads else {}
        for bead, vi_ids, en in beads:
            found = clauses.get(vi_ids.split(" ", 1)[0])
            if found is not None:
                rows.setdefault(found[0], ["", ""])[1] = en
                published.append((found[0], bead))
        entries = []
        for rowid, (working_en, published_en) in rows.items():
            stems = (stemming.stems(working_en), stemming.stems(published_en))
            self._count_english(" ".join(stems), 1)
            entries.append((rowid, *stems))
        self.connection.executemany(
            "UPDATE translations SET indexed = ? WHERE clause_id = ?", working
        )
        self.connection.executemany(
            "UPDATE published_beads SET indexed = ? WHERE doc = ? AND bead = ?",
            [(rowid, doc, bead) for rowid, bead in published],
        )
        return entries

    # --- the whole index ---

    def _rebuild_fts(self) -> None:
        """Both FTS tables and their statistics again, from the documents' records
        files and the stored translations (the tokeniser's behaviour changed
        since they were made, or a records file was changed by hand)."""
        connection = self.connection
        self._tally = None  # the statistics are refreshed at commit
        self._fts_rows_held, self._fts_chars_held = {}, 0  # made again below, from the files
        for table in ("clause_fts", "english_fts"):
            connection.execute(f"INSERT INTO {table} ({table}) VALUES ('delete-all')")
        connection.execute("UPDATE translations SET indexed = NULL")
        connection.execute("UPDATE published_beads SET indexed = NULL")
        for doc, number, sha256 in connection.execute(
            "SELECT id, n, records_sha256 FROM documents ORDER BY n"
        ).fetchall():
            rows = self._fts_rows(doc, number, sha256)
            if rows is None:
                raise StoreError(
                    f"{self.store.records_path(doc)} is not the file the index was made with"
                    " (changed by hand?); run `normcorpus ingest` with a fresh --data-dir"
                )
            connection.executemany(
                "INSERT INTO clause_fts (rowid, exact, folded, concepts) VALUES (?,?,?,?)", rows
            )
        self._index_english_of(
            doc
            for (doc,) in connection.execute(
                "SELECT doc FROM translations UNION SELECT doc FROM published_beads"
            ).fetchall()
        )

    def set_meta(self, key: str, value: str) -> None:
        self.connection.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (key, value))

    def commit(self) -> None:
        """Commit the batch: the index first, then the record files.

        The renames still to do are written into the index in the same
        transaction (`pending_files`), so the commit is the one point where the
        batch happens: a run killed after it has its renames done by the next
        writer (`_finish_pending`), one killed before it left the previous
        index, and temporary files that the next writer removes."""
        self._flush_fts()
        self._index_english_of(sorted(self._touched))
        self._touched.clear()
        if self._tally is None:
            (clauses,) = self.connection.execute("SELECT count(*) FROM clauses").fetchone()
        else:
            clauses = self._clauses_before + self._tally.totals["fts_clauses"]
        merged = clauses >= 2 * self._clauses_before and clauses
        for table in ("clause_fts", "english_fts"):  # FTS5's defaults again
            self.connection.execute(f"INSERT INTO {table} ({table}, rank) VALUES ('automerge', 4)")
            self.connection.execute(
                f"INSERT INTO {table} ({table}, rank) VALUES ('crisismerge', 16)"
            )
        if merged:
            # A batch that built most of the index (a first ingest) leaves FTS5 a
            # segment per flush: merged into one, the index is 6% smaller, for
            # about 0.6 s of CPU per 100,000 clauses (a later batch that at least
            # doubles the index pays for it once more; smaller batches never do).
            for table in ("clause_fts", "english_fts"):
                self.connection.execute(f"INSERT INTO {table} ({table}) VALUES ('optimize')")
        # After the merge: the vocabulary scan reads one segment, not one a block.
        if self._tally is None:
            refresh_term_stats(self.connection)
        else:
            self._tally.flush(self.connection)
            self._tally = Tally()
        # Ranking's bound on what a clause can score (ranking.top_k_by_combinations).
        shortest = self.connection.execute("SELECT min(length) FROM clauses").fetchone()[0]
        self.set_meta("shortest_clause", str(shortest or 0))
        self.set_meta("record_schema", RECORD_SCHEMA_VERSION)
        self.set_meta("committed", "1")
        records = self.store.data_dir / RECORDS_DIR
        self.connection.executemany(
            "INSERT INTO pending_files VALUES (?, ?)",
            [(str(t.relative_to(records)), str(f.relative_to(records))) for t, f in self._pending],
        )
        self.connection.execute("COMMIT")
        self.committed = True
        previous = self.store.data_dir / PREVIOUS_DIR
        for doc, sha256 in self._replaced.items():
            # Readers in a snapshot from before this commit still read this version.
            with suppress(OSError):
                previous.mkdir(exist_ok=True)
                os.link(records / f"{doc}.jsonl", previous / previous_name(doc, sha256))
        self._replaced.clear()
        for temp, final in self._pending:
            _move(temp, final)
        _sync_directory(records)
        self._pending.clear()
        self._files.clear()
        self.connection.execute("DELETE FROM pending_files")
        if merged:
            # The merged segments' pages are free once FTS5 has written the new
            # one (at COMMIT): give them back, in a transaction of its own (an
            # interruption here leaves them free, to be reused). executescript
            # steps it to the end (execute frees one page).
            self.connection.executescript("PRAGMA incremental_vacuum")

    def _finish_pending(self) -> None:
        """Do the renames a committed batch left undone (its run was killed)."""
        records = self.store.data_dir / RECORDS_DIR
        rows = self.connection.execute("SELECT temp, final FROM pending_files").fetchall()
        for temp, final in rows:
            _move(records / temp, records / final)
        if rows:
            _sync_directory(records)
            self.connection.execute("DELETE FROM pending_files")

    def _remove_dead_temps(self) -> None:
        """Temporary record files of runs that died before their commit, and
        replaced ones kept for readers long enough (PREVIOUS_SECONDS)."""
        now = time.time()
        for path in (self.store.data_dir / PREVIOUS_DIR).glob("*.jsonl.*"):
            with suppress(OSError):
                if now - path.stat().st_ctime > PREVIOUS_SECONDS:  # ctime: when linked
                    path.unlink()
        for path in (self.store.data_dir / RECORDS_DIR).glob(".*.tmp"):
            parts = path.name.rsplit(".", 3)
            pid = int(parts[1]) if len(parts) == 4 and parts[1].isdigit() else None
            if pid is None or pid == os.getpid() or not _alive(pid):
                path.unlink(missing_ok=True)

    def rollback(self) -> None:
        if self.connection.in_transaction:
            self.connection.execute("ROLLBACK")
        for temp, final in self._pending:
            if temp != final:
                temp.unlink(missing_ok=True)
        self._pending.clear()
        self._files.clear()

    def __enter__(self) -> Writer:
        return self

    def __exit__(self, exc_type: Any, *exc: object) -> None:
        if exc_type is None:
            self.commit()
        elif not self.committed:
            self.rollback()


def _made(chunks: Iterable[PreparedRecords]) -> Iterator[PreparedRecords]:
    """The chunks, with a NormcorpusError raised while making one (the records are
    made as they are taken) told apart from one raised while writing them."""
    chunks = iter(chunks)
    while True:
        try:
            prepared = next(chunks)
        except StopIteration:
            return
        except NormcorpusError as exc:
            raise DocumentFailed(exc) from exc
        yield prepared


def _move(temp: Path, final: Path) -> None:
    """Put a record file in place (`temp == final`: remove it); done once, however
    often asked (a rename a killed run did is not done again)."""
    try:
        if temp == final:
            final.unlink(missing_ok=True)
        else:
            os.replace(temp, final)
    except FileNotFoundError:
        pass


def _sync_directory(path: Path) -> None:
    """Make renames in a directory durable (POSIX); a no-op where unsupported."""
    try:
        descriptor = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(descriptor)
    except OSError:
        pass
    finally:
        os.close(descriptor)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
