"""`Filters`: what restricts a search besides its query, built once by a caller.

The CLI builds one from its options (and a web form will build one from its
fields); `search.Corpus` takes it as it is. Validation happens here, when a
`Filters` is made, so every caller gets the same one-line errors. How each
field becomes SQL is the store's business (`store.Store.restriction`), except
`concept`, which is part of the FTS5 expression (`search.Corpus`): a concept is
an indexed token of each clause aligned to it.

Adding a filter: a field here (validated in `__post_init__`), one clause in
`Store.restriction`, one CLI option (docs/extending.md walks through it).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Literal

from .errors import QueryError

Side = Literal["vi", "en", "both"]
SIDES: tuple[str, ...] = ("vi", "en", "both")

_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


def _is_date(value: str) -> bool:
    """A year, year-month or date that is on the calendar (not 2018-13, 2006-02-30):
    a bound that no document can meet would only give a silent "no match"."""
    if not _DATE.match(value):
        return False
    parts = [int(p) for p in value.split("-")]
    try:
        date(parts[0], *(parts[1:] + [1] * (3 - len(parts))))
    except ValueError:
        return False
    return True


@dataclass(frozen=True, slots=True)
class Filters:
    """Restrictions besides the query; every value reaches SQL as a parameter.

    - `docs`: only these documents (none: all);
    - `concept`: only clauses aligned to this concept, or (with `narrower`) to
      a concept below it in the glossary's `broader:` links;
    - `kind`: only documents of this kind (case-insensitive);
    - `since`/`until`: only documents dated within (a year, year-month or
      date; a bound given as 2018 takes all of 2018);
    - `article`: only clauses under this article (structured texts);
    - `side`: which text a query searches: the Vietnamese (`vi`), the English
      translations (`en`), or `both`.
    """

    docs: tuple[str, ...] = ()
    concept: str | None = None
    narrower: bool = True
    kind: str | None = None
    since: str | None = None
    until: str | None = None
    article: str | None = None
    side: Side = "both"

    def __post_init__(self) -> None:
        # Normalise what callers commonly pass: one document as a string, "" as none.
        if isinstance(self.docs, str):
            object.__setattr__(self, "docs", (self.docs,))
        elif not isinstance(self.docs, tuple):
            object.__setattr__(self, "docs", tuple(self.docs or ()))
        for name in ("concept", "kind", "since", "until", "article"):
            if getattr(self, name) == "":
                object.__setattr__(self, name, None)
        for name, value in (("--since", self.since), ("--until", self.until)):
            if value is not None and not _is_date(value):
                raise QueryError(
                    f"{name} takes a date like 2018, 2018-04 or 2018-04-28, not {value!r}"
                )
        if self.side not in SIDES:
            raise QueryError(f"--side takes {', '.join(SIDES)}, not {self.side!r}")

    @property
    def documents_restricted(self) -> bool:
        """Whether the document set is narrowed (by id, kind or date)."""
        return bool(self.docs or self.kind or self.since or self.until)

    def __bool__(self) -> bool:
        return bool(self.documents_restricted or self.concept or self.article)


NO_FILTERS = Filters()
