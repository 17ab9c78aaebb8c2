"""glossary.yaml -> Glossary.

The glossary is concept-oriented (schema `normcorpus-glossary/1`): each concept
has Vietnamese and English terms with a TBX-like status, and abbreviations.
Loading is `yaml.safe_load`-safe and refuses aliases outright, so an
alias-expansion bomb costs nothing. Loading only checks what is needed to build
a usable Glossary; `validate.py` reports every problem with its location.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import yaml

from . import fileio
from .errors import GlossaryError
from .models import TERM_STATUSES, Concept, Glossary, Term

SCHEMA_ID = "normcorpus-glossary/1"
DEFAULT_GLOSSARY = "glossary.yaml"


class NoAliasLoader(yaml.SafeLoader):
    """A SafeLoader that refuses YAML aliases (`*name`) wherever they appear."""

    def compose_node(self, parent: Any, index: Any) -> Any:  # type: ignore[override]
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            mark = event.start_mark
            raise yaml.constructor.ConstructorError(
                None,
                None,
                "YAML aliases (*name) are not allowed in a glossary",
                mark,
            )
        return super().compose_node(parent, index)


def parse_yaml(text: str, *, path: str) -> Any:
    """Parse YAML text safely, turning any YAML error into one located GlossaryError."""
    try:
        fast = getattr(yaml, "CSafeLoader", None)
        if fast is None:
            return yaml.load(text, Loader=NoAliasLoader)  # a SafeLoader subclass
        # libyaml: scan the events for aliases first (nothing is expanded by
        # parsing), then build with the C loader, ten times faster.
        for event in yaml.parse(text, Loader=fast):
            if isinstance(event, yaml.AliasEvent):
                raise yaml.constructor.ConstructorError(
                    None,
                    None,
                    "YAML aliases (*name) are not allowed in a glossary",
                    event.start_mark,
                )
        return yaml.load(text, Loader=fast)  # libyaml's safe loader
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        line = mark.line + 1 if mark is not None else None
        column = f", column {mark.column + 1}" if mark is not None else ""
        raise GlossaryError(f"YAML error{column}: {problem}", path=path, line=line) from exc


def read_text(path: str | Path) -> str:
    return fileio.read_text(
        path,
        what="glossary file",
        missing="glossary not found (pass --glossary FILE)",
        error=GlossaryError,
    )


def _terms(raw: Any, *, where: str, path: str) -> tuple[Term, ...]:
    if not isinstance(raw, list) or not raw:
        raise GlossaryError(f"{where} must be a non-empty list of terms", path=path)
    out = []
    for item in raw:
        if isinstance(item, str):
            item = {"term": item, "status": "preferred"}
        if not isinstance(item, dict) or not isinstance(item.get("term"), str):
            raise GlossaryError(f"{where}: each term needs a 'term' string", path=path)
        status = item.get("status", "preferred")
        if status not in TERM_STATUSES:
            raise GlossaryError(f"{where}: unknown status {status!r}", path=path)
        out.append(Term(item["term"], status))
    return tuple(out)


def from_data(data: Any, *, path: str = "<glossary>") -> Glossary:
    """Build a Glossary from parsed YAML/JSON data."""
    if not isinstance(data, dict):
        raise GlossaryError("a glossary is a mapping with 'schema' and 'concepts'", path=path)
    if data.get("schema") != SCHEMA_ID:
        raise GlossaryError(f"schema must be {SCHEMA_ID!r}", path=path)
    languages = data.get("languages") or {}
    concepts_raw = data.get("concepts")
    if not isinstance(concepts_raw, list):
        raise GlossaryError("'concepts' must be a list", path=path)
    concepts = []
    for index, raw in enumerate(concepts_raw):
        if not isinstance(raw, dict) or not isinstance(raw.get("id"), str):
            raise GlossaryError(f"concept #{index + 1} needs an 'id'", path=path)
        cid = raw["id"]
        abbr = raw.get("abbr") or []
        if not isinstance(abbr, list) or not all(isinstance(a, str) for a in abbr):
            raise GlossaryError(f"concept {cid}: 'abbr' must be a list of strings", path=path)
        concepts.append(
            Concept(
                id=cid,
                vi=_terms(raw.get("vi"), where=f"concept {cid}: vi", path=path),
                en=_terms(raw.get("en"), where=f"concept {cid}: en", path=path),
                abbr=tuple(abbr),
                note=raw.get("note"),
            )
        )
    return make_glossary(
        concepts,
        source=languages.get("source", "vi"),
        target=languages.get("target", "en"),
        path=path,
    )


def make_glossary(
    concepts: list[Concept] | tuple[Concept, ...],
    *,
    source: str = "vi",
    target: str = "en",
    path: str | None = None,
) -> Glossary:
    canonical = json.dumps(
        [c.to_dict() for c in concepts], ensure_ascii=False, sort_keys=True
    ).encode()
    return Glossary(
        concepts=tuple(concepts),
        source=source,
        target=target,
        path=path,
        digest=hashlib.sha256(canonical).hexdigest(),
    )


def load_glossary(path: str | Path = DEFAULT_GLOSSARY) -> Glossary:
    """Load and minimally check a glossary file."""
    text = read_text(path)
    return from_data(parse_yaml(text, path=str(path)), path=str(path))


def to_data(glossary: Glossary) -> dict[str, Any]:
    """The YAML/JSON shape of a glossary (what `dump_yaml` writes)."""
    return {
        "schema": SCHEMA_ID,
        "languages": {"source": glossary.source, "target": glossary.target},
        "concepts": [c.to_dict() for c in glossary.concepts],
    }


def dump_yaml(glossary: Glossary) -> str:
    """Serialise a glossary as YAML in the shipped file's layout."""
    lines = [
        "# yaml-language-server: $schema=./src/normcorpus/resources/glossary.schema.json",
        f"schema: {SCHEMA_ID}",
        f"languages: {{source: {glossary.source}, target: {glossary.target}}}",
        "concepts:",
    ]

    def scalar(value: str) -> str:
        return json.dumps(value, ensure_ascii=False)

    for concept in glossary.concepts:
        # Plain where YAML reads it back as the same string; quoted otherwise
        # (ids such as `45`, `no` or `null` would load as other types).
        plain = yaml.safe_load(concept.id) == concept.id
        lines.append(f"  - id: {concept.id if plain else scalar(concept.id)}")
        for lang in ("vi", "en"):
            lines.append(f"    {lang}:")
            for term in getattr(concept, lang):
                lines.append(f"      - {{term: {scalar(term.term)}, status: {term.status}}}")
        lines.append(f"    abbr: [{', '.join(scalar(a) for a in concept.abbr)}]")
        if concept.note:
            lines.append(f"    note: {scalar(concept.note)}")
    return "\n".join(lines) + "\n"
