"""The JSON API: the same JSON as the CLI's `--format json` of the same command.

`/api/search` is `normcorpus search … --format json` (hits; with `kwic=1`
`--kwic`'s lines; with `count=1` `--count`'s object), `/api/clause/{id}` is
`normcorpus show ID --format json`, `/api/concepts` is `normcorpus concepts
--format json`. Each is `to_dict()` (or `to_rows()`) of the library's own
results, built here exactly as the CLI builds them.
"""

from __future__ import annotations

from typing import Any

from ..filters import Filters
from ..search import Corpus
from .forms import NotFound


def filters(values: dict[str, Any]) -> Filters:
    return Filters(
        docs=values["doc"],
        concept=values["concept"] or None,
        narrower=values["narrower"],
        kind=values["kind"] or None,
        since=values["since"] or None,
        until=values["until"] or None,
        article=values["article"] or None,
        side=values["side"],
    )


def search(corpus: Corpus, values: dict[str, Any]) -> Any:
    """What `normcorpus search` prints with `--format json`."""
    from ..errors import QueryError

    chosen = filters(values)
    query = values["q"]
    sort = values["sort"]
    if not values["kwic"] and sort not in ("score", "doc"):
        raise QueryError("sort takes score or doc (left and right need kwic=1)")
    parsed = (
        corpus.parse(query, fold=values["fold"], phrases=values["kwic"]) if query.strip() else None
    )
    if values["count"]:
        return {"query": parsed.text if parsed else query, "count": corpus.count(parsed, chosen)}
    if values["kwic"]:
        lines = corpus.kwic(
            parsed,
            chosen,
            width=values["width"],
            sort=sort,
            limit=values["limit"],
            offset=values["offset"],
        )
        return [line.to_dict() for line in lines]
    result = corpus.search(
        parsed,
        chosen,
        limit=values["limit"],
        offset=values["offset"],
        order="doc" if sort == "doc" else "rank",
    )
    return [hit.to_dict() for hit in result.hits]


def clause(corpus: Corpus, clause_id: str) -> Any:
    """What `normcorpus show ID --format json` prints."""
    if corpus.store.record(clause_id) is None:
        raise NotFound(f"no clause {clause_id!r} (ids look like DOC:p01.s01.c01)")
    return corpus.clause_view(clause_id).to_dict()


def concepts(corpus: Corpus, values: dict[str, Any]) -> Any:
    """What `normcorpus concepts --format json` prints."""
    table = corpus.concept_table(
        count=values["count"],
        sort=values["sort"] or "total",
        docs=list(values["doc"]) or None,
        min_total=values["min_total"],
    )
    rows = table.to_rows()
    return rows[: values["top"]] if values["top"] else rows
