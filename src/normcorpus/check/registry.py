"""The check's rules, by id: adding a rule is one line here (and its module, doc entry, test).

The order is the order the rules run in, so a segment's findings come in it.
"""

from __future__ import annotations

from collections.abc import Iterable

from ..errors import NormcorpusError
from ..models import rule_registry
from .consistency import SourceInconsistent, TargetInconsistent, TermInconsistent
from .corpus import OrphanTranslation, Stale
from .formal import (
    AcronymMismatch,
    DoubleSpace,
    EdgeWhitespace,
    FinalPunctuation,
    LinkMismatch,
    PlaceholderMismatch,
    RepeatedWord,
    SameAsSource,
    TagMismatch,
    UnbalancedBrackets,
    Untranslated,
)
from .model import Rule
from .numbers import NumberMismatch
from .suppress import UnusedSuppression
from .terms import SourceVariant, TermDeprecated, TermMissing

RULES: dict[str, type[Rule]] = rule_registry(
    SourceVariant,
    Untranslated,
    SameAsSource,
    TermMissing,
    TermDeprecated,
    TermInconsistent,
    NumberMismatch,
    PlaceholderMismatch,
    TagMismatch,
    LinkMismatch,
    AcronymMismatch,
    UnbalancedBrackets,
    FinalPunctuation,
    DoubleSpace,
    EdgeWhitespace,
    RepeatedWord,
    TargetInconsistent,
    SourceInconsistent,
    Stale,
    OrphanTranslation,
    UnusedSuppression,
)


def select_rules(
    rules: Iterable[str] | None = None, skip: Iterable[str] | None = None
) -> frozenset[str]:
    """The enabled rule ids: `rules` (default: all) minus `skip`; unknown ids are an error."""
    chosen = _rule_ids(rules) if rules else set(RULES)
    skipped = _rule_ids(skip) if skip else set()
    return frozenset(chosen - skipped)


def _rule_ids(values: Iterable[str]) -> set[str]:
    ids = {part.strip() for value in values for part in value.split(",") if part.strip()}
    unknown = sorted(ids - set(RULES))
    if unknown:
        raise NormcorpusError(f"unknown rule {', '.join(unknown)} (rules: {', '.join(RULES)})")
    return ids
