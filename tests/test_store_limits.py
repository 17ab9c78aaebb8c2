"""The store's hooks for long-lived readers (the web app): read-only connections,
a time limit on SQL, and knowing when another process committed."""

from __future__ import annotations

import shutil
import sqlite3
import time
from pathlib import Path

import pytest

from normcorpus.errors import QueryError, QueryTimeout
from normcorpus.filters import Filters
from normcorpus.search import Corpus
from normcorpus.store import Store

# A statement that runs for minutes unless something stops it.
ENDLESS = (
    "WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n)"
    " SELECT count(*) FROM (SELECT x FROM n LIMIT 10000000000)"
)


def test_time_limit_stops_a_long_statement(corpus_data_dir: Path) -> None:
    with Store.open(corpus_data_dir, read_only=True) as store:
        started = time.monotonic()
        with (
            pytest.raises(QueryTimeout, match=r"ran past 0\.2 s and was stopped"),
            store.time_limit(0.2),
        ):
            store.connection.execute(ENDLESS).fetchall()
        assert time.monotonic() - started < 2
        # The handler is gone after the block: the connection works as before.
        assert store.count() > 0


def test_time_limit_lets_a_quick_search_through_and_is_a_query_error(corpus_data_dir: Path) -> None:
    assert issubclass(QueryTimeout, QueryError)  # one-line message, exit 2, a 400-family answer
    with Corpus.open(corpus_data_dir) as corpus, corpus.store.time_limit(2.0):
        assert corpus.search("an ninh mạng").hits


def test_time_limit_turns_the_search_layers_error_into_a_timeout(corpus_data_dir: Path) -> None:
    # `Store._execute` makes every SQLite error a QueryError; a stop by the
    # limit must still read as a timeout, not as "the search could not run".
    with Corpus.open(corpus_data_dir) as corpus:
        # No limit: nothing converts the interruption.
        with (
            pytest.raises(QueryError, match="could not run: interrupted"),
            corpus.store.time_limit(None),
        ):
            corpus.store.connection.set_progress_handler(lambda: 1, 1000)
            corpus.store._execute(ENDLESS, ())
        corpus.store.connection.set_progress_handler(None, 0)
        with pytest.raises(QueryTimeout), corpus.store.time_limit(0.05):
            corpus.store._execute(ENDLESS, ())
        with pytest.raises(QueryError) as caught, corpus.store.time_limit(60):
            corpus.search("  ")  # "empty query": an error of its own, not a timeout
        assert not isinstance(caught.value, QueryTimeout)


def test_read_only_store_cannot_write(corpus_data_dir: Path) -> None:
    with Store.open(corpus_data_dir, read_only=True) as store:
        store.connection.execute("PRAGMA query_only = 0")
        with pytest.raises(sqlite3.OperationalError, match="readonly"):
            store.connection.execute("DELETE FROM meta")
        # Reading the vocabulary makes a temporary table: still possible.
        assert "mạng" in store.vocabulary()


def test_data_version_changes_when_another_connection_commits(
    tmp_path: Path, corpus_data_dir: Path
) -> None:
    data_dir = tmp_path / "data"
    shutil.copytree(corpus_data_dir, data_dir)
    with Store.open(data_dir, read_only=True) as reader:
        before = reader.data_version()
        assert reader.data_version() == before
        writer = sqlite3.connect(data_dir / "index.sqlite")
        with writer:
            writer.execute("INSERT INTO meta VALUES ('test-touch', '1')")
        writer.close()
        assert reader.data_version() != before


def test_documents_matching_is_the_filter_the_search_applies(corpus_data_dir: Path) -> None:
    with Store.open(corpus_data_dir) as store:
        assert store.documents_matching(Filters()) == {
            "asean-2018-cybersecurity",
            "vn-ru-2017-infosec",
        }
        assert store.documents_matching(Filters(since="2018")) == {"asean-2018-cybersecurity"}
        assert store.documents_matching(Filters(kind="JOINT STATEMENT")) == {"vn-ru-2017-infosec"}
        with pytest.raises(QueryError, match="no document"):
            store.documents_matching(Filters(docs=("nope",)))
