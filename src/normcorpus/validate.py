"""Glossary validation: every problem of a glossary file, located, as data.

`validate_glossary()` returns a `Report` of `Problem`s (rule id, severity,
message, file, line, column); it raises only when the file cannot be read at
all (`GlossaryError`). The YAML is *composed*, never constructed: the node tree
keeps each value's line and column, and nothing is expanded. Aliases (`*name`)
are refused like `glossary.NoAliasLoader` refuses them, but reported (each
`yaml-alias` at its place) instead of raised, and never resolved, so an
alias-expansion bomb costs one pass over its text. Nesting is capped too.

Rules (`RULES`: each id to its `models.Rule`, severity and doc line; `docs/glossary.md`
explains them):

- errors: the file is not YAML, or not the `normcorpus-glossary/1` schema
  (`schema-*`), a concept id is invalid or repeated, a term is empty, not NFC,
  or badly spaced, a term repeats within its concept, a Vietnamese term belongs
  to two concepts, a concept has no preferred English term;
- warnings (errors with `strict`): several preferred terms in one language of
  a concept, an English term preferred in one concept and deprecated in
  another, an abbreviation of two concepts, old-style tone placement (`hoà`);
- info, with the corpus: `concept-unused` (a concept occurring nowhere) and
  `term-only-variant` (a Vietnamese term found only as folded or fuzzy
  matches). Both are hints, not defects: a glossary is written for more texts
  than the corpus holds, and the shipped ASEAN article spells `xuyên suốt`
  only as the typo `xuyên xuyết`, which is the corpus' fault, not the
  glossary's. As info they never fail a run, `--strict` included.

Comparisons follow the aligner: Vietnamese terms compare case-insensitively
after normalisation (`normalize.key`), English terms and abbreviations
case-sensitively (a capitalisation can be the deprecated form), except across
concepts for `preferred-and-deprecated`, where any case counts.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import yaml
from yaml.composer import Composer
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from . import normalize
from .errors import InputError
from .glossary import SCHEMA_ID, NoAliasLoader, from_data, parse_yaml, read_text
from .models import TERM_STATUSES, ClauseRecord, Problem, Report, Rule, rule_registry

RULES: dict[str, Rule] = rule_registry(
    Rule("yaml-syntax", "error", "the file is not valid YAML (or holds several documents)"),
    Rule("yaml-alias", "error", "a YAML alias `*name`; write the value out"),
    Rule("yaml-too-deep", "error", "nesting deeper than 32 levels"),
    Rule(
        "yaml-duplicate-key",
        "error",
        "a key repeated in one mapping (YAML would silently keep one)",
    ),
    Rule("schema-version", "error", "`schema` is not `normcorpus-glossary/1`"),
    Rule(
        "schema-unknown-key", "error", "a key the format does not have (often a typo: `defintion`)"
    ),
    Rule(
        "schema-wrong-type",
        "error",
        "a value of the wrong type (`abbr: ICT` instead of `[ICT]`), or an empty file",
    ),
    Rule("schema-wrong-value", "error", "`languages` other than `vi` → `en`"),
    Rule(
        "schema-missing-key",
        "error",
        "no `schema`, `concepts`, concept `id`, `vi` or `en`, term `term`; or an empty `vi`/`en`"
        " list",
    ),
    Rule("schema-unknown-status", "error", "a status other than preferred, admitted, deprecated"),
    Rule("invalid-concept-id", "error", "an id that is not `[a-z0-9][a-z0-9-]*`"),
    Rule("duplicate-concept-id", "error", "two concepts with one id"),
    Rule("empty-term", "error", "an empty (or blank) term or abbreviation"),
    Rule("term-not-nfc", "error", "a term not in Unicode NFC (decomposed accents)"),
    Rule(
        "term-whitespace", "error", "leading, trailing, doubled or non-space whitespace in a term"
    ),
    Rule(
        "duplicate-term",
        "error",
        "one term twice in a concept (Vietnamese: ignoring case and tone placement)",
    ),
    Rule(
        "duplicate-vi-term",
        "error",
        "one Vietnamese term (after normalisation, any case) in two concepts: the aligner cannot"
        " tell them apart",
    ),
    Rule("no-preferred-en", "error", "a concept without a preferred English term"),
    Rule(
        "multiple-preferred",
        "warning",
        "more than one preferred term in one language of a concept (the first is used)",
    ),
    Rule(
        "preferred-and-deprecated",
        "warning",
        "an English term preferred in one concept and deprecated in another",
    ),
    Rule("shared-abbreviation", "warning", "one abbreviation in two concepts"),
    Rule("old-tone-placement", "warning", "old-style tone placement in a term (`hoà` for `hòa`)"),
    Rule("concept-unused", "info", "with `--corpus`: the concept occurs nowhere in the corpus"),
    Rule(
        "term-only-variant",
        "info",
        "with `--corpus`: a Vietnamese term found only as folded or fuzzy matches — a typo in the"
        " glossary or in the corpus?",
    ),
    Rule(
        "corpus-skipped",
        "info",
        "with `--corpus`: corpus checks skipped because the glossary has errors",
    ),
)

CONCEPT_ID = re.compile(r"[a-z0-9][a-z0-9-]*")
MAX_DEPTH = 32  # a glossary is 5 levels deep; this only stops a nesting bomb

_TOP_KEYS = ("schema", "languages", "concepts")
_LANGUAGE_KEYS = {"source": "vi", "target": "en"}
_CONCEPT_KEYS = ("id", "vi", "en", "abbr", "note")
_TERM_KEYS = ("term", "status")
_LANG_NAMES = {"vi": "Vietnamese", "en": "English"}

_STR = "tag:yaml.org,2002:str"
_NULL = "tag:yaml.org,2002:null"
_ALIAS = "!normcorpus/alias"  # the placeholder an alias is composed into
_TYPE_NAMES = {
    _STR: "a string",
    _NULL: "null",
    "tag:yaml.org,2002:int": "a number",
    "tag:yaml.org,2002:float": "a number",
    "tag:yaml.org,2002:bool": "a boolean",
    "tag:yaml.org,2002:timestamp": "a date",
}


# --- composing with positions ------------------------------------------------


class _TooDeep(yaml.YAMLError):
    def __init__(self, mark: yaml.Mark):
        super().__init__("too deep")
        self.mark = mark


class _Composer(NoAliasLoader):
    """Composes a node tree; an alias becomes a placeholder and is recorded, not resolved."""

    def __init__(self, stream: str):
        super().__init__(stream)
        self.alias_marks: list[tuple[yaml.Mark, str]] = []
        self._depth = 0

    def compose_node(self, parent: Node | None, index: Any) -> Node:  # type: ignore[override]
        if self.check_event(yaml.AliasEvent):
            event = self.get_event()
            self.alias_marks.append((event.start_mark, event.anchor))
            return ScalarNode(_ALIAS, "", event.start_mark, event.end_mark)
        self._depth += 1
        try:
            if self._depth > MAX_DEPTH:
                raise _TooDeep(self.peek_event().start_mark)
            # Composer's own, skipping NoAliasLoader's raise: aliases were handled above.
            return Composer.compose_node(self, parent, index)
        finally:
            self._depth -= 1


@dataclass(frozen=True, slots=True)
class _At:
    line: int
    column: int


def _at(node: Node) -> _At:
    return _At(node.start_mark.line + 1, node.start_mark.column + 1)


def _mark_at(mark: yaml.Mark) -> _At:
    return _At(mark.line + 1, mark.column + 1)


@dataclass(slots=True)
class _TermEntry:
    text: str
    status: str  # "" when missing or invalid: no status check applies
    lang: str  # vi | en | abbr
    at: _At
    status_at: _At


@dataclass(slots=True)
class _ConceptEntry:
    at: _At
    id: str | None = None
    id_at: _At | None = None
    en_at: _At | None = None
    vi: list[_TermEntry] = field(default_factory=list)
    en: list[_TermEntry] = field(default_factory=list)
    abbr: list[_TermEntry] = field(default_factory=list)
    has: set[str] = field(default_factory=set)  # keys present and well-typed

    def terms(self) -> Iterator[_TermEntry]:
        yield from self.vi
        yield from self.en
        yield from self.abbr

    @property
    def label(self) -> str:
        return repr(self.id) if self.id else f"at line {self.at.line}"


class _Checker:
    """Walks one composed glossary and collects its problems."""

    def __init__(self, file: str):
        self.file = file
        self.problems: list[Problem] = []

    def add(self, rule: str, at: _At | None, message: str) -> None:
        self.problems.append(
            Problem(
                rule=rule,
                severity=RULES[rule].severity,
                message=message,
                file=self.file,
                line=at.line if at else None,
                column=at.column if at else None,
            )
        )

    # --- structure ----------------------------------------------------------

    def _type_name(self, node: Node) -> str:
        if isinstance(node, MappingNode):
            return "a mapping"
        if isinstance(node, SequenceNode):
            return "a list"
        return _TYPE_NAMES.get(node.tag, f"a value tagged {node.tag}")

    def _is_str(self, node: Node) -> bool:
        return isinstance(node, ScalarNode) and node.tag == _STR

    def _wrong_type(self, node: Node, where: str, expected: str) -> None:
        if node.tag == _ALIAS:
            return  # reported as yaml-alias
        self.add(
            "schema-wrong-type",
            _at(node),
            f"{where} must be {expected}, not {self._type_name(node)}",
        )

    def _pairs(
        self, node: MappingNode, allowed: tuple[str, ...], where: str
    ) -> dict[str, tuple[Node, Node]]:
        """Known keys of a mapping (first occurrence); reports unknown and repeated keys."""
        pairs: dict[str, tuple[Node, Node]] = {}
        for key_node, value_node in node.value:
            key = key_node.value if self._is_str(key_node) else None
            if key is None or key not in allowed:
                shown = key if key is not None else getattr(key_node, "value", "?")
                self.add(
                    "schema-unknown-key",
                    _at(key_node),
                    f"unknown key {shown!r} in {where} (allowed: {', '.join(allowed)})",
                )
                continue
            if key in pairs:
                first = _at(pairs[key][0])
                self.add(
                    "yaml-duplicate-key",
                    _at(key_node),
                    f"key {key!r} repeated in {where} (first at line {first.line});"
                    " YAML would keep only one",
                )
                continue
            pairs[key] = (key_node, value_node)
        return pairs

    def check_root(self, root: Node | None) -> list[_ConceptEntry]:
        if root is None:
            self.add("schema-wrong-type", _At(1, 1), "the file is empty: a glossary is a mapping")
            return []
        if not isinstance(root, MappingNode):
            self._wrong_type(root, "a glossary", "a mapping with 'schema' and 'concepts'")
            return []
        pairs = self._pairs(root, _TOP_KEYS, "the glossary")
        if "schema" not in pairs:
            self.add("schema-missing-key", _at(root), f"missing 'schema: {SCHEMA_ID}'")
        else:
            node = pairs["schema"][1]
            if not self._is_str(node):
                self._wrong_type(node, "'schema'", f"the string {SCHEMA_ID!r}")
            elif node.value != SCHEMA_ID:
                self.add(
                    "schema-version",
                    _at(node),
                    f"schema is {node.value!r}; this version of normcorpus reads {SCHEMA_ID!r}",
                )
        if "languages" in pairs:
            self._check_languages(pairs["languages"][1])
        if "concepts" not in pairs:
            self.add("schema-missing-key", _at(root), "missing 'concepts' (a list of concepts)")
            return []
        concepts_node = pairs["concepts"][1]
        if not isinstance(concepts_node, SequenceNode):
            self._wrong_type(concepts_node, "'concepts'", "a list of concepts")
            return []
        return [c for node in concepts_node.value if (c := self._concept(node)) is not None]

    def _check_languages(self, node: Node) -> None:
        if not isinstance(node, MappingNode):
            self._wrong_type(node, "'languages'", "a mapping {source: vi, target: en}")
            return
        pairs = self._pairs(node, tuple(_LANGUAGE_KEYS), "'languages'")
        for key, expected in _LANGUAGE_KEYS.items():
            if key not in pairs:
                continue
            value = pairs[key][1]
            if not self._is_str(value):
                self._wrong_type(value, f"languages.{key}", f"the string {expected!r}")
            elif value.value != expected:
                self.add(
                    "schema-wrong-value",
                    _at(value),
                    f"languages.{key} is {value.value!r}; a normcorpus glossary is"
                    f" {_LANGUAGE_KEYS['source']}→{_LANGUAGE_KEYS['target']}, so it must be"
                    f" {expected!r}",
                )

    def _concept(self, node: Node) -> _ConceptEntry | None:
        if not isinstance(node, MappingNode):
            self._wrong_type(node, "a concept", "a mapping with 'id', 'vi' and 'en'")
            return None
        concept = _ConceptEntry(at=_at(node))
        pairs = self._pairs(node, _CONCEPT_KEYS, "a concept")
        if "id" in pairs:
            value = pairs["id"][1]
            if self._is_str(value):
                concept.id, concept.id_at = value.value, _at(value)
                concept.has.add("id")
            else:
                self._wrong_type(value, "a concept id", "a string")
        else:
            self.add("schema-missing-key", concept.at, "concept without an 'id'")
        for lang in ("vi", "en"):
            if lang not in pairs:
                self.add(
                    "schema-missing-key",
                    concept.at,
                    f"concept {concept.label} has no '{lang}' ({_LANG_NAMES[lang]} terms)",
                )
                continue
            key_node, value = pairs[lang]
            if lang == "en":
                concept.en_at = _at(key_node)
            terms = self._terms(value, lang, concept)
            if terms is not None and not terms and isinstance(value, SequenceNode):
                self.add(
                    "schema-missing-key",
                    _at(value),
                    f"concept {concept.label} has an empty '{lang}' list:"
                    f" it needs at least one {_LANG_NAMES[lang]} term",
                )
            if terms:
                setattr(concept, lang, terms)
                concept.has.add(lang)
        if "abbr" in pairs:
            concept.abbr = self._abbreviations(pairs["abbr"][1], concept)
        if "note" in pairs:
            value = pairs["note"][1]
            if not (self._is_str(value) or value.tag == _NULL):
                self._wrong_type(value, f"the note of concept {concept.label}", "a string")
        return concept

    def _terms(self, node: Node, lang: str, concept: _ConceptEntry) -> list[_TermEntry] | None:
        where = f"'{lang}' of concept {concept.label}"
        if not isinstance(node, SequenceNode):
            self._wrong_type(node, where, "a list of {term, status}")
            return None
        out = []
        for item in node.value:
            if self._is_str(item):  # shorthand: a bare string is a preferred term
                out.append(_TermEntry(item.value, "preferred", lang, _at(item), _at(item)))
                continue
            if not isinstance(item, MappingNode):
                self._wrong_type(item, f"a term in {where}", "a mapping {term, status}")
                continue
            pairs = self._pairs(item, _TERM_KEYS, f"a term of concept {concept.label}")
            if "term" not in pairs:
                self.add("schema-missing-key", _at(item), f"a term in {where} has no 'term'")
                continue
            text_node = pairs["term"][1]
            if not self._is_str(text_node):
                self._wrong_type(text_node, f"a term in {where}", "a string")
                continue
            status, status_at = "preferred", _at(text_node)
            if "status" in pairs:
                status_node = pairs["status"][1]
                status_at = _at(status_node)
                if not self._is_str(status_node):
                    self._wrong_type(status_node, "a term status", " | ".join(TERM_STATUSES))
                    status = ""
                elif status_node.value not in TERM_STATUSES:
                    self.add(
                        "schema-unknown-status",
                        status_at,
                        f"unknown status {status_node.value!r} of {text_node.value!r}"
                        f" (use {', '.join(TERM_STATUSES)})",
                    )
                    status = ""
                else:
                    status = status_node.value
            out.append(_TermEntry(text_node.value, status, lang, _at(text_node), status_at))
        return out

    def _abbreviations(self, node: Node, concept: _ConceptEntry) -> list[_TermEntry]:
        if node.tag == _NULL:
            return []
        if not isinstance(node, SequenceNode):
            self._wrong_type(node, f"'abbr' of concept {concept.label}", "a list of strings")
            return []
        out = []
        for item in node.value:
            if self._is_str(item):
                out.append(_TermEntry(item.value, "", "abbr", _at(item), _at(item)))
            else:
                self._wrong_type(item, f"an abbreviation of concept {concept.label}", "a string")
        return out

    # --- content ------------------------------------------------------------

    def check_content(self, concepts: list[_ConceptEntry]) -> None:
        self._ids(concepts)
        for concept in concepts:
            for entry in concept.terms():
                self._term_text(entry, concept)
            self._duplicates_within(concept)
            self._preferred(concept)
        self._across(concepts)

    def _ids(self, concepts: list[_ConceptEntry]) -> None:
        first: dict[str, _At] = {}
        for concept in concepts:
            if concept.id is None or concept.id_at is None:
                continue
            if not CONCEPT_ID.fullmatch(concept.id):
                self.add(
                    "invalid-concept-id",
                    concept.id_at,
                    f"concept id {concept.id!r} is not lowercase a-z, 0-9 and '-'"
                    " (starting with a letter or digit)",
                )
            if concept.id in first:
                self.add(
                    "duplicate-concept-id",
                    concept.id_at,
                    f"concept id {concept.id!r} is already used at line {first[concept.id].line}",
                )
            else:
                first[concept.id] = concept.id_at

    def _term_text(self, entry: _TermEntry, concept: _ConceptEntry) -> None:
        what = "abbreviation" if entry.lang == "abbr" else f"{_LANG_NAMES[entry.lang]} term"
        text = entry.text
        if not text.strip():
            self.add("empty-term", entry.at, f"empty {what} in concept {concept.label}")
            return
        nfc = unicodedata.normalize("NFC", text)
        if nfc != text:
            self.add(
                "term-not-nfc",
                entry.at,
                f"{what} {nfc!r} is not in Unicode NFC (decomposed accents); write it composed",
            )
        if " ".join(text.split()) != text:
            self.add(
                "term-whitespace",
                entry.at,
                f"{what} {text!r} has leading, trailing, doubled or non-space whitespace",
            )
        new_style = normalize.text(nfc)
        if new_style != nfc:
            self.add(
                "old-tone-placement",
                entry.at,
                f"{what} {nfc!r} places tone marks the old way; write {new_style!r}",
            )

    @staticmethod
    def _key(entry: _TermEntry) -> str:
        if entry.lang == "vi":
            return normalize.key(normalize.term(entry.text))
        return normalize.term(entry.text)

    def _duplicates_within(self, concept: _ConceptEntry) -> None:
        for entries in (concept.vi, concept.en, concept.abbr):
            seen: dict[str, _TermEntry] = {}
            for entry in entries:
                if not entry.text.strip():
                    continue
                key = self._key(entry)
                if key in seen:
                    self.add(
                        "duplicate-term",
                        entry.at,
                        f"{entry.text!r} is listed twice in concept {concept.label}"
                        f" (first at line {seen[key].at.line})",
                    )
                else:
                    seen[key] = entry

    def _preferred(self, concept: _ConceptEntry) -> None:
        # An unknown status is reported already; do not guess what it meant.
        statuses = [t.status for t in concept.en]
        if statuses and all(statuses) and "preferred" not in statuses:
            self.add(
                "no-preferred-en",
                concept.en_at,
                f"concept {concept.label} has no preferred English term",
            )
        for lang, entries in (("vi", concept.vi), ("en", concept.en)):
            preferred = [t for t in entries if t.status == "preferred"]
            if len(preferred) > 1:
                self.add(
                    "multiple-preferred",
                    preferred[1].at,
                    f"concept {concept.label} has {len(preferred)} preferred"
                    f" {_LANG_NAMES[lang]} terms; {preferred[0].text!r}"
                    f" (line {preferred[0].at.line}) is used, make the others admitted",
                )

    def _across(self, concepts: list[_ConceptEntry]) -> None:
        vi_first: dict[str, tuple[_ConceptEntry, _TermEntry]] = {}
        abbr_first: dict[str, tuple[_ConceptEntry, _TermEntry]] = {}
        en_preferred: dict[str, tuple[_ConceptEntry, _TermEntry]] = {}
        for concept in concepts:
            seen_vi: set[str] = set()
            for entry in concept.vi:
                key = self._key(entry)
                if not entry.text.strip() or key in seen_vi:
                    continue
                seen_vi.add(key)
                if key in vi_first and vi_first[key][0] is not concept:
                    other, other_entry = vi_first[key]
                    self.add(
                        "duplicate-vi-term",
                        entry.at,
                        f"Vietnamese term {entry.text!r} of concept {concept.label} also belongs"
                        f" to concept {other.label} (line {other_entry.at.line});"
                        " the aligner cannot tell them apart",
                    )
                else:
                    vi_first.setdefault(key, (concept, entry))
            seen_abbr: set[str] = set()
            for entry in concept.abbr:
                key = self._key(entry)
                if not entry.text.strip() or key in seen_abbr:
                    continue
                seen_abbr.add(key)
                if key in abbr_first:
                    other, other_entry = abbr_first[key]
                    self.add(
                        "shared-abbreviation",
                        entry.at,
                        f"abbreviation {entry.text!r} of concept {concept.label} is also one of"
                        f" concept {other.label} (line {other_entry.at.line})",
                    )
                else:
                    abbr_first[key] = (concept, entry)
            for entry in concept.en:
                if entry.status == "preferred" and entry.text.strip():
                    en_preferred.setdefault(self._key(entry).lower(), (concept, entry))
        for concept in concepts:
            for entry in concept.en:
                if entry.status != "deprecated":
                    continue
                found = en_preferred.get(self._key(entry).lower())
                if found is not None and found[0] is not concept:
                    other, other_entry = found
                    self.add(
                        "preferred-and-deprecated",
                        entry.at,
                        f"English term {entry.text!r} is deprecated in concept {concept.label}"
                        f" but preferred in concept {other.label} (line {other_entry.at.line})",
                    )

    # --- corpus -------------------------------------------------------------

    def check_corpus(
        self, concepts: list[_ConceptEntry], records: Iterable[ClauseRecord], documents: int
    ) -> None:
        used: set[str] = set()
        kinds: dict[tuple[str, str], set[str]] = {}
        for record in records:
            for match in record.terms:
                used.add(match.concept)
                key = (match.concept, normalize.key(match.term))
                kinds.setdefault(key, set()).add(match.match)
        where = f"{documents} document{'s' if documents != 1 else ''}"
        for concept in concepts:
            if concept.id is None:
                continue
            if concept.id not in used:
                self.add(
                    "concept-unused",
                    concept.id_at,
                    f"concept {concept.label} occurs nowhere in the corpus ({where})",
                )
                continue
            for entry in concept.vi:
                found = kinds.get((concept.id, normalize.key(normalize.term(entry.text))))
                if found and not found & {"exact", "variant"}:
                    self.add(
                        "term-only-variant",
                        entry.at,
                        f"Vietnamese term {entry.text!r} of concept {concept.label} occurs only"
                        f" as {' or '.join(sorted(found))} matches: a typo in the glossary"
                        " or the corpus?",
                    )


# --- public API --------------------------------------------------------------


def _syntax_problem(exc: yaml.YAMLError, text: str) -> tuple[str, _At | None, str]:
    if isinstance(exc, _TooDeep):
        return "yaml-too-deep", _mark_at(exc.mark), f"nested more than {MAX_DEPTH} levels deep"
    if isinstance(exc, yaml.reader.ReaderError):
        before = text[: exc.position]
        at = _At(before.count("\n") + 1, exc.position - (before.rfind("\n") + 1) + 1)
        return "yaml-syntax", at, f"character U+{exc.character:04X} is not allowed in YAML"
    mark = getattr(exc, "problem_mark", None)
    problem = getattr(exc, "problem", None) or str(exc)
    context = getattr(exc, "context", None)
    message = f"{problem} ({context})" if context else problem
    return "yaml-syntax", _mark_at(mark) if mark else None, " ".join(message.split())


def validate_text(
    text: str,
    *,
    file: str,
    corpus_records: Iterable[ClauseRecord] | None = None,
    corpus_documents: int = 0,
) -> Report:
    """Validate glossary YAML text (`file` names it in the problems)."""
    checker = _Checker(file)
    composer = None
    try:
        # The reader checks for unprintable characters when it is built.
        composer = _Composer(text)
        root = composer.get_single_node()
    except yaml.YAMLError as exc:
        rule, at, message = _syntax_problem(exc, text)
        checker.add(rule, at, message)
        return Report(tuple(checker.problems))
    finally:
        if composer is not None:
            composer.dispose()
    if composer.alias_marks:
        for mark, anchor in composer.alias_marks:
            checker.add(
                "yaml-alias",
                _mark_at(mark),
                f"YAML alias *{anchor} is not allowed in a glossary (write the value out)",
            )
        return Report(tuple(checker.problems))
    concepts = checker.check_root(root)
    checker.check_content(concepts)
    if corpus_records is not None:
        checker.check_corpus(concepts, corpus_records, corpus_documents)
    return Report(tuple(sorted(checker.problems, key=_order)))


def _order(problem: Problem) -> tuple[int, int, str]:
    return (problem.line or 0, problem.column or 0, problem.rule)


def _strict(report: Report) -> Report:
    return Report(
        tuple(
            replace(p, severity="error") if p.severity == "warning" else p for p in report.problems
        )
    )


def validate_glossary(
    path: str | Path,
    *,
    corpus: Iterable[str | Path] | None = None,
    corpus_records: Iterable[ClauseRecord] | None = None,
    strict: bool = False,
) -> Report:
    """Every problem of the glossary file at `path`, sorted by place.

    With `corpus` (statement files or directories), the glossary is loaded,
    the corpus aligned with it in memory, and the corpus rules run; they are
    skipped (with a `corpus-skipped` note) while the glossary has errors, as
    it cannot be used to align then. `corpus_records` gives already aligned
    records instead. `strict` reports warnings as errors.
    Raises `GlossaryError` only when the file cannot be read.
    """
    file = str(path)
    text = read_text(path)
    report = validate_text(text, file=file)
    if (corpus is not None or corpus_records is not None) and report.count("error") == 0:
        documents = 0
        if corpus_records is None:
            from . import read
            from .ingest import aligned_records

            files = read.discover(corpus or ())
            if not files:
                raise InputError(
                    "no statement files (*.txt) found", path=", ".join(map(str, corpus or ()))
                )
            documents = len(files)
            glossary = from_data(parse_yaml(text, path=file), path=file)
            corpus_records = aligned_records(files, glossary)
        else:
            corpus_records = list(corpus_records)
            documents = len({r.doc for r in corpus_records})
        report = validate_text(
            text, file=file, corpus_records=corpus_records, corpus_documents=documents
        )
    elif corpus is not None or corpus_records is not None:
        skipped = Problem(
            "corpus-skipped",
            RULES["corpus-skipped"].severity,
            "corpus checks skipped: the glossary has errors, so it cannot align the corpus",
            file,
        )
        report = Report((*report.problems, skipped))
    return _strict(report) if strict else report


# --- rendering (plain strings; the CLI only prints them) ---------------------


def format_text(report: Report) -> str:
    """`file:line:col: severity [rule] message`, one problem a line."""
    lines = []
    for p in report.problems:
        where = ":".join(str(x) for x in (p.file, p.line, p.column) if x is not None)
        lines.append(f"{where}: {p.severity} [{p.rule}] {p.message}")
    return "\n".join(lines) + ("\n" if lines else "")


_GITHUB_LEVEL = {"error": "error", "warning": "warning", "info": "notice"}


def _github_data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _github_property(value: str) -> str:
    return _github_data(value).replace(":", "%3A").replace(",", "%2C")


def format_github(report: Report) -> str:
    """GitHub Actions workflow commands: `::error file=…,line=…,col=…,title=rule::message`."""
    lines = []
    for p in report.problems:
        props = []
        if p.file:
            props.append(f"file={_github_property(p.file)}")
        if p.line is not None:
            props.append(f"line={p.line}")
        if p.column is not None:
            props.append(f"col={p.column}")
        props.append(f"title={_github_property(p.rule)}")
        lines.append(f"::{_GITHUB_LEVEL[p.severity]} {','.join(props)}::{_github_data(p.message)}")
    return "\n".join(lines) + ("\n" if lines else "")


def summary(report: Report) -> str:
    counts = {s: report.count(s) for s in ("error", "warning", "info")}
    parts = [f"{n} {s}{'s' if n != 1 and s != 'info' else ''}" for s, n in counts.items()]
    return ", ".join(parts)
