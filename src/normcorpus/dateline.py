"""A news report's date from its dateline: `Sáng 22-5,` with the year found in the text.

Vietnamese news leads open with the day and month (`Sáng 22-5,`, `Chiều 8/10,`,
`(Chinhphu.vn) - Sáng 22/5,`) and leave the year to the page's header. When the
page gave no date of its own, `date(text, paragraphs)` reads the dateline of the
first paragraphs and takes its year only from evidence in the text: a full date
anywhere whose month is the dateline's, or a `tháng M-YYYY` / `tháng M năm YYYY`
of that month near it (from the top to the end of the dateline's paragraph).
Evidence for two different years, or none, gives no date: a guess (the current
year, the file name) would put a report in the wrong year on a timeline, which
costs a user more than a missing date. The patterns are data
(`resources/dateline.yaml`).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from . import safeyaml
from .errors import InputError
from .models import Span

_NAME = "dateline.yaml"


@dataclass(frozen=True, slots=True)
class DatelineRules:
    lead_paragraphs: int
    datelines: tuple[re.Pattern[str], ...]
    full_dates: tuple[re.Pattern[str], ...]
    month_years: tuple[re.Pattern[str], ...]
    digest: str


@lru_cache(maxsize=1)
def load_rules() -> DatelineRules:
    """The packaged dateline patterns."""
    raw = resources.files("normcorpus").joinpath(f"resources/{_NAME}").read_bytes()
    data = safeyaml.load(raw, path=_NAME).value or {}

    def patterns(key: str, flags: int = 0) -> tuple[re.Pattern[str], ...]:
        try:
            return tuple(re.compile(p, flags) for p in data.get(key) or ())
        except (re.error, TypeError) as exc:
            raise InputError(f"bad pattern in {key}: {exc}", path=_NAME) from exc

    return DatelineRules(
        lead_paragraphs=int(data.get("lead_paragraphs", 3)),
        datelines=patterns("datelines", re.IGNORECASE),
        full_dates=patterns("full_dates", re.IGNORECASE),
        month_years=patterns("month_years", re.IGNORECASE),
        digest=hashlib.sha256(raw).hexdigest(),
    )


def _iso(year: int, month: int, day: int) -> str | None:
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return None
    return f"{year:04d}-{month:02d}-{day:02d}"


def _years(patterns: Sequence[re.Pattern[str]], text: str, month: int) -> set[int]:
    found: set[int] = set()
    for pattern in patterns:
        for match in pattern.finditer(text):
            if int(match["month"]) == month:
                found.add(int(match["year"]))
    return found


def date(text: str, paragraphs: Sequence[Span], rules: DatelineRules | None = None) -> str | None:
    """The date (YYYY-MM-DD) a dateline in the first paragraphs gives, or None."""
    rules = rules or load_rules()
    for span in paragraphs[: rules.lead_paragraphs]:
        # From the start of the paragraph's line: an agency prefix before it is chrome.
        line_start = text.rfind("\n", 0, span.start) + 1
        line = text[line_start : span.end]
        match = next((m for p in rules.datelines if (m := p.search(line))), None)
        if match is None:
            continue
        day, month = int(match["day"]), int(match["month"])
        if match["year"]:
            return _iso(int(match["year"]), month, day)
        years = _years(rules.full_dates, text, month)
        years |= _years(rules.month_years, text[: span.end], month)
        if len(years) != 1:
            return None  # no evidence of the year, or two years: no guess
        return _iso(years.pop(), month, day)
    return None
