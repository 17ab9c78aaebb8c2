"""Request parameters: declared once (`Param`), read and bounded here, documented on /api.

Every page and API route reads its parameters through `read(params, PARAMS)`,
which returns plain values or raises `BadRequest` naming the parameter; the
library then validates what it owns (dates, sides, the query) and raises
`QueryError`, which the app also answers with 400. The search form builds its
one `Filters` here (`SearchForm.filters`), as the CLI builds its own.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, fields, replace
from typing import Any, Literal
from urllib.parse import urlencode

from ..filters import SIDES, Filters
from ..search import KWIC_SORTS, MAX_OFFSET, MAX_WIDTH

MAX_QUERY = 1_000  # characters of a query
MAX_TEXT = 200  # characters of any other text parameter
MAX_DOCS = 100  # `doc` values in one request
PAGE_SIZES = (10, 20, 50, 100)
MAX_PER_PAGE = 100  # hits or concordance lines on a page
MAX_API_LIMIT = 1_000  # hits or lines in one API answer
MAX_DOWNLOAD = 10_000  # rows of a CSV or JSONL download
COUNT_CAP = 10_000  # a page counts matches up to here ("10,000+"), unless asked for all
_TRUE = ("1", "true", "on", "yes")
_FALSE = ("0", "false", "off", "no", "")


class BadRequest(Exception):
    """A parameter the app cannot use: answered with 400 and this one line."""

    def __init__(self, message: str, status: int = 400):
        super().__init__(message)
        self.message = message
        self.status = status


class NotFound(BadRequest):
    def __init__(self, message: str):
        super().__init__(message, 404)


@dataclass(frozen=True, slots=True)
class Param:
    """One query parameter: its name, kind, default, bounds and one line of help."""

    name: str
    kind: Literal["text", "int", "flag", "choice", "list"]
    default: Any
    help: str
    choices: tuple[str, ...] = ()
    low: int = 0
    high: int = 0
    max_length: int = MAX_TEXT

    @property
    def shown_default(self) -> str:
        if self.kind == "flag":
            return "1" if self.default else "0"
        if self.default in ("", None, ()):
            return "—"
        return str(self.default)

    @property
    def accepted(self) -> str:
        """What the parameter takes, for the API page."""
        if self.kind == "int":
            return f"{self.low:,}–{self.high:,}"
        if self.kind == "flag":
            return "0 or 1"
        if self.kind == "choice":
            return " | ".join(self.choices)
        if self.kind == "list":
            return f"repeatable, up to {MAX_DOCS}"
        return f"text, up to {self.max_length:,} characters"


def _one(params: Any, name: str) -> str | None:
    values = params.getlist(name) if hasattr(params, "getlist") else [params[name]]
    return values[-1] if values else None


def read(params: Mapping[str, str], specs: Sequence[Param]) -> dict[str, Any]:
    """The values of `specs` in `params` (a Starlette QueryParams or a dict)."""
    out: dict[str, Any] = {}
    for spec in specs:
        if spec.name not in params:
            out[spec.name] = spec.default
            continue
        if spec.kind == "list":
            values = (
                params.getlist(spec.name) if hasattr(params, "getlist") else [params[spec.name]]
            )  # type: ignore[attr-defined]
            values = [v.strip() for v in values if v.strip()]
            if len(values) > MAX_DOCS:
                raise BadRequest(f"{spec.name}: at most {MAX_DOCS} values")
            for value in values:
                _check_text(spec, value)
            out[spec.name] = tuple(dict.fromkeys(values))
            continue
        raw = _one(params, spec.name) or ""
        if spec.kind == "text":
            out[spec.name] = _check_text(spec, raw.strip())
        elif spec.kind == "flag":
            if raw.lower() not in _TRUE + _FALSE:
                raise BadRequest(f"{spec.name} takes 1 or 0, not {raw[:40]!r}")
            out[spec.name] = raw.lower() in _TRUE
        elif spec.kind == "choice":
            if raw == "":
                out[spec.name] = spec.default
            elif raw not in spec.choices:
                raise BadRequest(f"{spec.name} takes {', '.join(spec.choices)}, not {raw[:40]!r}")
            else:
                out[spec.name] = raw
        else:
            raw = raw.strip()
            if raw == "":
                out[spec.name] = spec.default
                continue
            if not raw.isascii() or not raw.lstrip("-").isdigit() or len(raw) > 12:
                raise BadRequest(f"{spec.name} takes a whole number, not {raw[:40]!r}")
            number = int(raw)
            if not spec.low <= number <= spec.high:
                raise BadRequest(f"{spec.name} takes {spec.low:,} to {spec.high:,}, not {number:,}")
            out[spec.name] = number
    return out


def _check_text(spec: Param, value: str) -> str:
    if len(value) > spec.max_length:
        raise BadRequest(f"{spec.name}: at most {spec.max_length:,} characters")
    if "\x00" in value:
        raise BadRequest(f"{spec.name}: a NUL character cannot be searched")
    return value


# --- the parameters -----------------------------------------------------------------

QUERY = Param(
    "q",
    "text",
    "",
    'The query, in the language of `normcorpus search` (words, "phrases", OR, NOT, prefix*,'
    " NEAR(a b, N)); without diacritics a word matches any spelling; an English glossary"
    " term also finds its Vietnamese terms.",
    max_length=MAX_QUERY,
)
FILTER_PARAMS: tuple[Param, ...] = (
    QUERY,
    Param("doc", "list", (), "Only this document (repeatable)."),
    Param("concept", "text", "", "Only clauses aligned to this concept id."),
    Param(
        "narrower", "flag", True, "With `concept`: also the concepts below it (`broader:` links)."
    ),
    Param("kind", "text", "", "Only documents of this kind (e.g. joint statement)."),
    Param("since", "text", "", "Only documents dated on or after (2018, 2018-04, 2018-04-28)."),
    Param("until", "text", "", "Only documents dated on or before."),
    Param("article", "text", "", "Only clauses under this article (structured texts)."),
    Param("side", "choice", "both", "Which text is searched.", choices=SIDES),
    Param("fold", "flag", False, "Match every word regardless of diacritics."),
)
PAGE_PARAMS: tuple[Param, ...] = (
    Param("view", "choice", "hits", "Ranked hits or the concordance.", choices=("hits", "kwic")),
    Param(
        "sort",
        "choice",
        "score",
        "score (BM25) or doc (corpus order); the concordance also left or right.",
        choices=KWIC_SORTS,
    ),
    Param("page", "int", 1, "The page shown.", low=1, high=MAX_OFFSET // 10),
    Param("per_page", "int", 20, "Hits or lines a page.", low=1, high=MAX_PER_PAGE),
    Param("width", "int", 60, "Concordance context characters each side.", low=10, high=200),
    Param("exact", "flag", False, f"Count every match (a page stops counting at {COUNT_CAP:,})."),
)
API_SEARCH_PARAMS: tuple[Param, ...] = (
    *FILTER_PARAMS,
    Param("limit", "int", 20, "Hits (or lines) returned.", low=0, high=MAX_API_LIMIT),
    Param("offset", "int", 0, "Skip this many first.", low=0, high=MAX_OFFSET),
    Param(
        "sort",
        "choice",
        "score",
        "score (BM25) or doc (corpus order); with kwic=1 also left or right.",
        choices=KWIC_SORTS,
    ),
    Param("kwic", "flag", False, "Keyword-in-context lines instead of hits (`--kwic`)."),
    Param("width", "int", 40, "Context characters each side (kwic).", low=1, high=MAX_WIDTH),
    Param("count", "flag", False, "Only the number of matching clauses (`--count`)."),
)
API_CONCEPTS_PARAMS: tuple[Param, ...] = (
    Param(
        "count", "choice", "matches", "Count matches or clauses.", choices=("matches", "clauses")
    ),
    Param("sort", "text", "total", "total, concept, or a document id."),
    Param("doc", "list", (), "Only this document (repeatable)."),
    Param("min_total", "int", 1, "Leave out rarer concepts.", low=1, high=1_000_000_000),
    Param("top", "int", 0, "Rows returned (0: all).", low=0, high=1_000_000),
)
CONCEPTS_PAGE_PARAMS: tuple[Param, ...] = (
    API_CONCEPTS_PARAMS[0],
    Param(
        "measure",
        "choice",
        "count",
        "Raw counts or per 10,000 words of each document.",
        choices=("count", "per_10k"),
    ),
)
GLOSSARY_PARAMS: tuple[Param, ...] = (
    Param("filter", "text", "", "Concepts whose id, terms, abbreviations or note hold this."),
    Param(
        "status",
        "choice",
        "",
        "Only concepts with a term of this status.",
        choices=("preferred", "admitted", "deprecated"),
    ),
    Param("aligned", "flag", False, "Only concepts aligned somewhere in the corpus."),
)
DOCUMENT_PARAMS: tuple[Param, ...] = (QUERY, FILTER_PARAMS[-1], FILTER_PARAMS[-2])
PLOT_PARAMS: tuple[Param, ...] = (
    *FILTER_PARAMS,
    Param("term", "text", "", "The node of a collocates plot."),
    Param(
        "count", "choice", "matches", "Heatmap: matches or clauses.", choices=("matches", "clauses")
    ),
    Param("measure", "choice", "count", "Heatmap: count or per_10k.", choices=("count", "per_10k")),
    Param(
        "top", "int", 30, "Heatmap: the most frequent concepts; collocates: bars.", low=1, high=200
    ),
    Param("width", "int", 8, "Width in inches.", low=2, high=30),
)


# --- the search form ------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SearchForm:
    """The search page's fields, as read; `link()` makes the URL of a changed form."""

    q: str = ""
    doc: tuple[str, ...] = ()
    concept: str = ""
    narrower: bool = True
    kind: str = ""
    since: str = ""
    until: str = ""
    article: str = ""
    side: str = "both"
    fold: bool = False
    view: str = "hits"
    sort: str = "score"
    page: int = 1
    per_page: int = 20
    width: int = 60
    exact: bool = False

    @classmethod
    def read(cls, params: Mapping[str, str]) -> SearchForm:
        values = read(params, (*FILTER_PARAMS, *PAGE_PARAMS))
        if values["view"] == "hits" and values["sort"] not in ("score", "doc"):
            values["sort"] = "score"  # left/right order the concordance only
        form = cls(**values)
        if form.offset > MAX_OFFSET:
            raise BadRequest(
                f"page: at most {MAX_OFFSET // form.per_page:,} pages of {form.per_page}"
            )
        return form

    @property
    def searched(self) -> bool:
        return bool(self.q or self.concept)

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.per_page

    @property
    def advanced(self) -> bool:
        """Whether any filter besides the query is set (the form opens them)."""
        return (
            bool(self.doc or self.concept or self.kind or self.since or self.until or self.article)
            or self.side != "both"
            or self.fold
            or not self.narrower
        )

    def filters(self) -> Filters:
        """The one `Filters` of this form (raises `QueryError` on a bad value)."""
        return Filters(
            docs=self.doc,
            concept=self.concept or None,
            narrower=self.narrower,
            kind=self.kind or None,
            since=self.since or None,
            until=self.until or None,
            article=self.article or None,
            side=self.side,  # type: ignore[arg-type]
        )

    def params(self, **changes: Any) -> list[tuple[str, str]]:
        """The form's non-default fields as query parameters."""
        form = replace(self, **changes)
        out: list[tuple[str, str]] = []
        for field in fields(form):
            value, default = getattr(form, field.name), field.default
            if value == default:
                continue
            if isinstance(value, tuple):
                out.extend((field.name, v) for v in value)
            elif isinstance(value, bool):
                out.append((field.name, "1" if value else "0"))
            else:
                out.append((field.name, str(value)))
        return out

    def link(self, path: str = "/search", **changes: Any) -> str:
        query = urlencode(self.params(**changes))
        return f"{path}?{query}" if query else path

    def api_link(self) -> str:
        """The same results from `/api/search` (the CLI's JSON)."""
        keep = {f.name for f in FILTER_PARAMS} | {"sort", "width"}
        params = [(k, v) for k, v in self.params() if k in keep]
        if self.view == "kwic":
            params.append(("kwic", "1"))
        params += [("limit", str(self.per_page)), ("offset", str(self.offset))]
        return "/api/search?" + urlencode(params)

    def filter_link(self, path: str) -> str:
        """`path` with the query and filters only (no paging): for clause and document links."""
        keep = {"q", "fold", "side"}
        query = urlencode([(k, v) for k, v in self.params() if k in keep])
        return f"{path}?{query}" if query else path
