"""The structure of legal texts: Chương, Mục, Điều, khoản, điểm.

`Tracker.update(paragraph)` reads paragraphs in order and gives the structure
in force at each (a new article closes the previous one's khoản and điểm, a
new chapter its sections). `is_label(piece)` tells a sentence piece that is
only a label (`1.`, `Điều 1.`), which segment.py joins to the text it heads.
The patterns are data: `resources/structure.yaml`.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import yaml

from .models import STRUCTURE_LEVELS, Structure


@dataclass(frozen=True, slots=True)
class StructureRule:
    level: str
    pattern: re.Pattern[str]
    within: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class StructureRules:
    levels: tuple[StructureRule, ...]
    digest: str


@lru_cache(maxsize=1)
def load_structure_rules() -> StructureRules:
    raw = resources.files("normcorpus").joinpath("resources/structure.yaml").read_bytes()
    data = yaml.safe_load(raw.decode("utf-8"))
    return StructureRules(
        levels=tuple(
            StructureRule(r["level"], re.compile(r["pattern"]), tuple(r.get("within") or ()))
            for r in data["levels"]
        ),
        digest=hashlib.sha256(raw).hexdigest(),
    )


def is_label(piece: str, rules: StructureRules | None = None) -> bool:
    """A piece that is only a number or a structure label (`1.`, `Điều 1.`)."""
    if not any(c.isalpha() for c in piece):
        return True
    for rule in (rules or load_structure_rules()).levels:
        match = rule.pattern.match(piece)
        if match and not any(c.isalnum() for c in piece[match.end() :]):
            return True
    return False


class Tracker:
    """The structure in force, paragraph after paragraph."""

    def __init__(self, rules: StructureRules | None = None):
        self.rules = rules or load_structure_rules()
        self.state: dict[str, str] = {}

    def update(self, paragraph: str) -> Structure:
        for rule in self.rules.levels:
            if rule.within and not any(level in self.state for level in rule.within):
                continue
            match = rule.pattern.match(paragraph)
            if match:
                index = STRUCTURE_LEVELS.index(rule.level)
                for inner in STRUCTURE_LEVELS[index:]:
                    self.state.pop(inner, None)
                self.state[rule.level] = match.group(1)
                break
        return Structure(**self.state)
