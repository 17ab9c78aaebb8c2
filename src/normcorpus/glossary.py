"""glossary.yaml -> Glossary: the one reader of the glossary format.

The glossary is concept-oriented (schema `normcorpus-glossary/1`): each concept
has Vietnamese and English terms with a TBX-like status, abbreviations, a note,
`broader` links to the concepts it is a kind of, and `homographs` links to the
concepts that share a Vietnamese spelling with it in another sense.

`read_entries()` walks the YAML *event* stream (libyaml's, when PyYAML has it)
against the schema: nothing is composed or constructed, aliases (`*name`) are
reported where they stand and never resolved, nesting is capped, and every
value keeps its line and column. `load_glossary()` builds the Glossary from
those entries and `validate.py` checks the same entries, so that a file which
validates always loads: there is no second parser to disagree with the first.
Loading refuses what cannot make a usable Glossary (bad YAML, wrong types,
missing keys) with one located error; `validate` reports everything else.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import chain
from pathlib import Path
from typing import Any

import yaml
from yaml.events import (
    AliasEvent,
    DocumentEndEvent,
    DocumentStartEvent,
    Event,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
    StreamEndEvent,
)

from . import fileio, safeyaml
from .accel import yamlwalk
from .errors import GlossaryError
from .glossarycache import cycles_uncollected
from .models import TERM_STATUSES, Concept, Glossary, Problem, Term, concepts_digest

SCHEMA_ID = "normcorpus-glossary/1"
DEFAULT_GLOSSARY = "glossary.yaml"
CONCEPT_ID = re.compile(r"[a-z0-9][a-z0-9-]*")
MAX_DEPTH = 32  # a glossary is 5 levels deep; this stops a nesting bomb

# The problems the reader finds (all errors). Loading stops at the first one,
# except at keys it can ignore (an unknown or a repeated key).
READ_RULES: tuple[str, ...] = (
    "yaml-syntax",
    "yaml-alias",
    "yaml-too-deep",
    "yaml-duplicate-key",
    "schema-version",
    "schema-unknown-key",
    "schema-wrong-type",
    "schema-wrong-value",
    "schema-missing-key",
    "schema-unknown-status",
)
_IGNORED_BY_LOAD = frozenset({"schema-unknown-key", "yaml-duplicate-key"})

TOP_KEYS = ("schema", "languages", "concepts")
LANGUAGE_KEYS = {"source": "vi", "target": "en"}
CONCEPT_KEYS = (
    "id",
    "vi",
    "en",
    "abbr",
    "abbr_en",
    "broader",
    "general",
    "exclude",
    "homographs",
    "note",
)
TERM_KEYS = ("term", "status", "pos")
# Parts of speech a term may name (TBX partOfSpeech).
PARTS_OF_SPEECH = ("noun", "adjective", "verb", "adverb")
LANG_NAMES = {"vi": "Vietnamese", "en": "English"}
# The lists of plain strings a concept may have, and what one item is called.
STRING_LISTS = {
    "abbr": "abbreviation",
    "abbr_en": "English abbreviation",
    "broader": "concept id",
    "exclude": "excluded phrase",
    "homographs": "concept id",
}

_STR = "tag:yaml.org,2002:str"
_NULL = "tag:yaml.org,2002:null"
_BOOL = "tag:yaml.org,2002:bool"
_MAP = "tag:yaml.org,2002:map"
_SEQ = "tag:yaml.org,2002:seq"
_ALIAS = "!normcorpus/alias"  # what an alias stands for: never resolved
_TYPE_NAMES = {
    _STR: "a string",
    _NULL: "null",
    _MAP: "a mapping",
    _SEQ: "a list",
    "tag:yaml.org,2002:int": "a number",
    "tag:yaml.org,2002:float": "a number",
    "tag:yaml.org,2002:bool": "a boolean",
    "tag:yaml.org,2002:timestamp": "a date",
}
_TRUE_WORDS = ("true", "yes", "on")  # YAML 1.1's booleans that are true, lower-cased
_LABEL = "\x00label\x00"  # stands for a concept's label until its id is known
_TERM_WHERE = f"a term of concept {_LABEL}"


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


def read_text(path: str | Path) -> str:
    return fileio.read_text(
        path,
        what="glossary file",
        missing="glossary not found (pass --glossary FILE)",
        error=GlossaryError,
    )


# --- the entries: what the file says, with places ------------------------------

At = tuple[int, int]  # line and column, from 1


@dataclass(slots=True)
class TermEntry:
    """A term, abbreviation or link to a concept as written, with its place."""

    text: str
    status: str  # "" for abbreviations and links, and when missing or invalid
    lang: str  # vi | en | abbr | abbr_en | broader | exclude | homographs
    at: At  # where the text starts
    status_at: At
    pos: str | None = None  # a term's part of speech, when given
    key: str | None = None  # the comparison key, once validation has made it


@dataclass(slots=True)
class ConceptEntry:
    at: At
    id: str | None = None
    id_at: At | None = None
    en_at: At | None = None
    vi: list[TermEntry] = field(default_factory=list)
    en: list[TermEntry] = field(default_factory=list)
    abbr: list[TermEntry] = field(default_factory=list)
    abbr_en: list[TermEntry] = field(default_factory=list)
    broader: list[TermEntry] = field(default_factory=list)
    exclude: list[TermEntry] = field(default_factory=list)
    homographs: list[TermEntry] = field(default_factory=list)
    general: bool = False
    note: str | None = None

    def terms(self) -> Iterator[TermEntry]:
        """Every written term and abbreviation (not the links to concepts)."""
        yield from self.vi
        yield from self.en
        yield from self.abbr
        yield from self.abbr_en

    @property
    def label(self) -> str:
        return repr(self.id) if self.id else f"at line {self.at[0]}"


@dataclass(slots=True)
class Entries:
    """What `read_entries` found: the concepts and the problems of the file's shape."""

    concepts: list[ConceptEntry]
    problems: list[Problem]


_mark_at = safeyaml.at


class _Reader:
    """Walks one event stream against the schema, collecting entries and problems."""

    def __init__(self, text: str, file: str):
        self.file = file
        self.problems: list[Problem] = []
        self.aliases: list[tuple[At, str]] = []
        self.pending: list[Problem] | None = None  # a concept's problems until its id is read
        self.events = safeyaml.Events(text, max_depth=MAX_DEPTH)
        self.next = self.events.next
        self.enter = self.events.enter
        self.leave = self.events.leave
        self._scalar_tag = self.events.scalar_tag

    def add(self, rule: str, at: At | None, message: str) -> None:
        problem = Problem(rule, "error", message, self.file, *(at or (None, None)))
        (self.problems if self.pending is None else self.pending).append(problem)

    # --- events -------------------------------------------------------------

    def tag(self, event: Event) -> str:
        kind = type(event)
        if kind is ScalarEvent:
            return self._scalar_tag(event)
        if kind is MappingStartEvent:
            return _MAP if event.tag in (None, "!") else event.tag
        if kind is SequenceStartEvent:
            return _SEQ if event.tag in (None, "!") else event.tag
        return _ALIAS

    def is_str(self, event: Event) -> bool:
        return type(event) is ScalarEvent and self._scalar_tag(event) == _STR

    def skip(self, event: Event) -> None:
        """Consume the rest of the node that `event` starts (aliases are recorded)."""
        kind = type(event)
        if kind is AliasEvent:
            self.aliases.append((_mark_at(event.start_mark), event.anchor))
            return
        if kind is not MappingStartEvent and kind is not SequenceStartEvent:
            return
        self.enter(event)
        level = 1
        while level:
            event = self.next()
            kind = type(event)
            if kind is MappingStartEvent or kind is SequenceStartEvent:
                self.enter(event)
                level += 1
            elif kind is MappingEndEvent or kind is SequenceEndEvent:
                self.leave()
                level -= 1
            elif kind is AliasEvent:
                self.aliases.append((_mark_at(event.start_mark), event.anchor))

    def wrong_type(self, event: Event, where: str, expected: str) -> None:
        tag = self.tag(event)
        self.skip(event)
        if tag == _ALIAS:
            return  # reported as yaml-alias
        name = _TYPE_NAMES.get(tag, f"a value tagged {tag}")
        self.add(
            "schema-wrong-type",
            _mark_at(event.start_mark),
            f"{where} must be {expected}, not {name}",
        )

    def is_mapping(self, event: Event, where: str, expected: str) -> bool:
        if type(event) is MappingStartEvent and self.tag(event) == _MAP:
            self.enter(event)
            return True
        self.wrong_type(event, where, expected)
        return False

    def pairs(
        self,
        allowed: tuple[str, ...],
        where: str,
        first: Event | None = None,
        seen_before: dict[str, Event] | None = None,
    ) -> Iterator[tuple[str, Event, Event]]:
        """The known keys of the mapping just entered, each with its value's first event.

        The caller consumes each value; unknown and repeated keys are reported
        and their values skipped. Ends after the mapping's end event. `first`
        is a key event already read; `seen_before` the keys given already.
        """
        seen: dict[str, Event] = dict(seen_before or {})
        next_event = self.next
        while True:
            key_event = first if first is not None else next_event()
            first = None
            kind = type(key_event)
            if kind is MappingEndEvent:
                self.leave()
                return
            if kind is ScalarEvent:
                key = key_event.value
                # A plain or quoted key that names a known key is that string.
                if key not in allowed or (key_event.tag is not None and not self.is_str(key_event)):
                    key = None
            else:  # a mapping or list as a key, or an alias
                self.skip(key_event)
                key = None
            value = next_event()
            if key is None:
                shown = getattr(key_event, "value", "?")
                self.skip(value)
                self.add(
                    "schema-unknown-key",
                    _mark_at(key_event.start_mark),
                    f"unknown key {shown!r} in {where} (allowed: {', '.join(allowed)})",
                )
                continue
            if key in seen:
                self.skip(value)
                self.add(
                    "yaml-duplicate-key",
                    _mark_at(key_event.start_mark),
                    f"key {key!r} repeated in {where}"
                    f" (first at line {seen[key].start_mark.line + 1}); YAML would keep only one",
                )
                continue
            seen[key] = key_event
            yield key, key_event, value

    def term_pairs(
        self,
    ) -> tuple[list[tuple[str, Event, Event]], Iterator[tuple[str, Event, Event]] | None]:
        """`pairs` of a term mapping, `{term: …, status: …}`: the pairs read ahead, and
        the general walk for the rest (None when the mapping ended). Plain `term`,
        `status` and `pos` keys in that order with scalar values, the layout of
        nearly every term, are read without the general walk (a glossary of 100,000
        concepts has 300,000); a scalar value needs nothing of its consumer, so
        reading past it changes nothing. A value that is not a scalar ends the
        read-ahead: the general walk starts after the caller consumed it."""
        next_event = self.next
        head: list[tuple[str, Event, Event]] = []
        key_event = next_event()
        for name in TERM_KEYS:
            if not (
                type(key_event) is ScalarEvent and key_event.tag is None and key_event.value == name
            ):
                break
            value = next_event()
            head.append((name, key_event, value))
            if type(value) is not ScalarEvent:
                return head, self.pairs(TERM_KEYS, _TERM_WHERE, None, _seen(head))
            key_event = next_event()
            if type(key_event) is MappingEndEvent:
                self.leave()
                return head, None
        # Anything else: the general walk, from the key just read.
        return head, self.pairs(TERM_KEYS, _TERM_WHERE, key_event, _seen(head))

    # --- the schema ---------------------------------------------------------

    def document(self) -> list[ConceptEntry]:
        self.next()  # StreamStartEvent
        event = self.next()
        if type(event) is StreamEndEvent:
            self.add("schema-wrong-type", (1, 1), "the file is empty: a glossary is a mapping")
            return []
        root = self.next()  # after DocumentStartEvent
        concepts = self.root(root)
        self.next()  # DocumentEndEvent
        event = self.next()
        if type(event) is DocumentStartEvent:
            raise yaml.composer.ComposerError(
                "expected a single document in the stream",
                None,
                "but found another document",
                event.start_mark,
            )
        return concepts

    def root(self, event: Event) -> list[ConceptEntry]:
        if type(event) is DocumentEndEvent:  # a document with no node: `---` alone
            self.add("schema-wrong-type", (1, 1), "the file is empty: a glossary is a mapping")
            return []
        at = _mark_at(event.start_mark)
        if not self.is_mapping(event, "a glossary", "a mapping with 'schema' and 'concepts'"):
            return []
        concepts: list[ConceptEntry] | None = None
        found = set()
        for key, _key_event, value in self.pairs(TOP_KEYS, "the glossary"):
            found.add(key)
            if key == "schema":
                if not self.is_str(value):
                    self.wrong_type(value, "'schema'", f"the string {SCHEMA_ID!r}")
                elif value.value != SCHEMA_ID:
                    self.add(
                        "schema-version",
                        _mark_at(value.start_mark),
                        f"schema is {value.value!r}; this version of normcorpus reads"
                        f" {SCHEMA_ID!r}",
                    )
            elif key == "languages":
                self.languages(value)
            elif type(value) is SequenceStartEvent and self.tag(value) == _SEQ:
                self.enter(value)
                concepts = []
                while type(item := self.next()) is not SequenceEndEvent:
                    if (concept := self.concept(item)) is not None:
                        concepts.append(concept)
                self.leave()
            else:
                self.wrong_type(value, "'concepts'", "a list of concepts")
        if "schema" not in found:
            self.add("schema-missing-key", at, f"missing 'schema: {SCHEMA_ID}'")
        if "concepts" not in found:
            self.add("schema-missing-key", at, "missing 'concepts' (a list of concepts)")
        return concepts or []

    def languages(self, event: Event) -> None:
        if not self.is_mapping(event, "'languages'", "a mapping {source: vi, target: en}"):
            return
        for key, _key_event, value in self.pairs(tuple(LANGUAGE_KEYS), "'languages'"):
            expected = LANGUAGE_KEYS[key]
            if not self.is_str(value):
                self.wrong_type(value, f"languages.{key}", f"the string {expected!r}")
            elif value.value != expected:
                self.add(
                    "schema-wrong-value",
                    _mark_at(value.start_mark),
                    f"languages.{key} is {value.value!r}; a normcorpus glossary is"
                    f" {LANGUAGE_KEYS['source']}→{LANGUAGE_KEYS['target']}, so it must be"
                    f" {expected!r}",
                )

    def concept(self, event: Event) -> ConceptEntry | None:
        if not self.is_mapping(event, "a concept", "a mapping with 'id', 'vi' and 'en'"):
            return None
        concept = ConceptEntry(at=_mark_at(event.start_mark))
        self.pending = []
        found = set()
        for key, key_event, value in self.pairs(CONCEPT_KEYS, "a concept"):
            found.add(key)
            if key == "id":
                if self.is_str(value):
                    concept.id, concept.id_at = value.value, _mark_at(value.start_mark)
                else:
                    self.wrong_type(value, "a concept id", "a string")
            elif key == "vi" or key == "en":
                if key == "en":
                    concept.en_at = _mark_at(key_event.start_mark)
                self.terms(value, key, concept)
            elif key == "note":
                if self.is_str(value):
                    concept.note = value.value
                elif self.tag(value) == _NULL:
                    pass
                else:
                    self.wrong_type(value, f"the note of concept {_LABEL}", "a string")
            elif key == "general":
                if self.tag(value) == _BOOL:
                    concept.general = value.value.lower() in _TRUE_WORDS
                elif self.tag(value) != _NULL:
                    self.wrong_type(value, f"'general' of concept {_LABEL}", "true or false")
            else:
                self.strings(value, key, concept)
        pending, self.pending = self.pending, None
        label = concept.label
        for problem in pending:
            self.problems.append(
                Problem(
                    problem.rule,
                    problem.severity,
                    problem.message.replace(_LABEL, label),
                    problem.file,
                    problem.line,
                    problem.column,
                )
            )
        if "id" not in found:
            self.add("schema-missing-key", concept.at, "concept without an 'id'")
        for lang in ("vi", "en"):
            if lang not in found:
                self.add(
                    "schema-missing-key",
                    concept.at,
                    f"concept {label} has no '{lang}' ({LANG_NAMES[lang]} terms)",
                )
        return concept

    def terms(self, event: Event, lang: str, concept: ConceptEntry) -> None:
        where = f"'{lang}' of concept {_LABEL}"
        if not (type(event) is SequenceStartEvent and self.tag(event) == _SEQ):
            self.wrong_type(event, where, "a list of {term, status}")
            return
        self.enter(event)
        out: list[TermEntry] = getattr(concept, lang)
        is_str = self.is_str
        items = 0
        while type(item := self.next()) is not SequenceEndEvent:
            items += 1
            if is_str(item):  # shorthand: a bare string is a preferred term
                at = _mark_at(item.start_mark)
                out.append(TermEntry(item.value, "preferred", lang, at, at))
                continue
            if not (type(item) is MappingStartEvent and self.tag(item) == _MAP):
                self.wrong_type(item, f"a term in {where}", "a mapping {term, status}")
                continue
            self.enter(item)
            head, rest = self.term_pairs()
            text = status_event = None
            pos = None
            for key, _key_event, value in head if rest is None else chain(head, rest):
                if key == "pos":
                    if self.is_str(value) and value.value in PARTS_OF_SPEECH:
                        pos = value.value
                    else:
                        self.wrong_type(value, "a part of speech", " | ".join(PARTS_OF_SPEECH))
                elif key == "term":
                    if self.is_str(value):
                        text = value
                    else:
                        self.wrong_type(value, f"a term in {where}", "a string")
                        text = False
                elif self.is_str(value):
                    status_event = value
                else:
                    self.wrong_type(value, "a term status", " | ".join(TERM_STATUSES))
                    status_event = False
            if text is None:
                self.add(
                    "schema-missing-key",
                    _mark_at(item.start_mark),
                    f"a term in {where} has no 'term'",
                )
            if not text:
                continue
            status, status_mark = "preferred", text.start_mark
            if status_event is False:
                status = ""
            elif status_event is not None:
                status_mark = status_event.start_mark
                status = status_event.value
                if status not in TERM_STATUSES:
                    self._unknown_status(text, status_event)
                    status = ""
            out.append(
                TermEntry(
                    text.value, status, lang, _mark_at(text.start_mark), _mark_at(status_mark), pos
                )
            )
        self.leave()
        if not items:
            self.add(
                "schema-missing-key",
                _mark_at(event.start_mark),
                f"concept {_LABEL} has an empty '{lang}' list:"
                f" it needs at least one {LANG_NAMES[lang]} term",
            )

    def _unknown_status(self, text: Event, status: Event) -> None:
        self.add(
            "schema-unknown-status",
            _mark_at(status.start_mark),
            f"unknown status {status.value!r} of {text.value!r} (use {', '.join(TERM_STATUSES)})",
        )

    def strings(self, event: Event, key: str, concept: ConceptEntry) -> None:
        if self.tag(event) == _NULL:
            return
        what = STRING_LISTS[key]
        if not (type(event) is SequenceStartEvent and self.tag(event) == _SEQ):
            self.wrong_type(event, f"'{key}' of concept {_LABEL}", "a list of strings")
            return
        self.enter(event)
        out: list[TermEntry] = getattr(concept, key)
        while type(item := self.next()) is not SequenceEndEvent:
            if self.is_str(item):
                at = _mark_at(item.start_mark)
                out.append(TermEntry(item.value, "", key, at, at))
            else:
                self.wrong_type(item, f"an {what} of concept {_LABEL}", "a string")
        self.leave()


def _seen(head: list[tuple[str, Event, Event]]) -> dict[str, Event]:
    """The keys read ahead by `term_pairs`, as `pairs` takes them."""
    return {name: key_event for name, key_event, _ in head}


# The glossary's shape, for the walk in C (accel/yamlwalk.py): it reads a glossary
# with no problem of shape as `_Reader` does, and gives up on anything else.
_ROLES = {
    "id": yamlwalk.STRING,
    "vi": yamlwalk.TERMS,
    "en": yamlwalk.TERMS,
    "note": yamlwalk.TEXT,
    "general": yamlwalk.FLAG,
}
_SHAPE = yamlwalk.Shape(
    typed_starts="".join(sorted(safeyaml.TYPED_STARTS or ())),
    resolve=safeyaml.plain_tag,
    tags=(_STR, _NULL, _BOOL),
    term_type=TermEntry,
    top_keys=TOP_KEYS,
    top_value=SCHEMA_ID,
    fixed=LANGUAGE_KEYS,
    item_type=ConceptEntry,
    item_place="at",
    item_keys=CONCEPT_KEYS,
    roles=tuple(_ROLES.get(key, yamlwalk.STRINGS) for key in CONCEPT_KEYS),
    item_fields=tuple((key, {"id": "id_at", "en": "en_at"}.get(key)) for key in CONCEPT_KEYS),
    required=frozenset(("id", "vi", "en")),
    true_words=frozenset(_TRUE_WORDS),
    term_keys=TERM_KEYS,
    statuses=frozenset(TERM_STATUSES),
    parts=frozenset(PARTS_OF_SPEECH),
    default_status="preferred",
    no_status="",
)
# Whether glossaries are read in C first (NORMCORPUS_PURE_PYTHON=1 says no).
COMPILED = (
    yamlwalk.BUILT
    and safeyaml.TYPED_STARTS is not None
    and not os.environ.get("NORMCORPUS_PURE_PYTHON")
)


def _walked(text: str) -> list[ConceptEntry] | None:
    """The concepts as `_Reader` reads them, read in C; None unless the file has no
    problem of shape (then `_Reader` reads it and says what is wrong)."""
    return yamlwalk.walk(text, _SHAPE)


def read_entries(text: str, *, file: str, compiled: bool | None = None) -> Entries:
    """The concepts of glossary YAML text as written, with the problems of its shape.

    A syntax error, or an alias, leaves only those problems (and no concepts):
    the rest of the file cannot be trusted then. A file with no problem of
    shape is read in C where it was built (`compiled`, by default `COMPILED`):
    the same entries.
    """
    if COMPILED if compiled is None else compiled:
        with cycles_uncollected():
            concepts = _walked(text)
        if concepts is not None:
            return Entries(concepts, [])
    reader = None
    try:
        reader = _Reader(text, file)
        with cycles_uncollected():
            concepts = reader.document()
    except yaml.YAMLError as exc:
        rule, at, message = safeyaml.syntax_problem(exc, text, max_depth=MAX_DEPTH)
        return Entries([], [Problem(rule, "error", message, file, *(at or (None, None)))])
    finally:
        if reader is not None:
            reader.events.close()
    if reader.aliases:
        problems = [
            Problem(
                "yaml-alias",
                "error",
                f"YAML alias *{anchor} is not allowed in a glossary (write the value out)",
                file,
                *at,
            )
            for at, anchor in reader.aliases
        ]
        return Entries([], problems)
    return Entries(concepts, reader.problems)


def from_entries(entries: Entries, *, path: str) -> Glossary:
    """The Glossary of read entries.

    Raises `GlossaryError` at the first problem that loading cannot pass over.
    """
    for problem in entries.problems:
        if problem.rule not in _IGNORED_BY_LOAD:
            # Located as every file error is: `file:line:column: YAML error: …`.
            yaml = problem.rule.startswith("yaml-")
            message = f"YAML error: {problem.message}" if yaml else problem.message
            raise GlossaryError(message, path=path, line=problem.line, column=problem.column)
    concepts = []
    for entry in entries.concepts:
        concepts.append(
            Concept(
                id=entry.id or "",
                vi=tuple(Term(t.text, t.status, t.pos) for t in entry.vi),  # type: ignore[arg-type]
                en=tuple(Term(t.text, t.status, t.pos) for t in entry.en),  # type: ignore[arg-type]
                abbr=tuple(t.text for t in entry.abbr),
                note=entry.note,
                abbr_en=tuple(t.text for t in entry.abbr_en),
                broader=tuple(t.text for t in entry.broader),
                general=entry.general,
                exclude=tuple(t.text for t in entry.exclude),
                homographs=tuple(t.text for t in entry.homographs),
            )
        )
    return make_glossary(concepts, path=path)


# --- from parsed data (JSON, Python) -------------------------------------------


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
        pos = item.get("pos")
        if pos is not None and pos not in PARTS_OF_SPEECH:
            raise GlossaryError(f"{where}: unknown part of speech {pos!r}", path=path)
        out.append(Term(item["term"], status, pos))
    return tuple(out)


def _strings(raw: Any, *, where: str, path: str) -> tuple[str, ...]:
    """An optional list of strings (`abbr`, `abbr_en`, `broader`, `exclude`, `homographs`);
    null is empty."""
    if raw is None:
        return ()
    if not isinstance(raw, list) or not all(isinstance(a, str) for a in raw):
        raise GlossaryError(f"{where} must be a list of strings", path=path)
    return tuple(raw)


def from_data(data: Any, *, path: str = "<glossary>") -> Glossary:
    """Build a Glossary from parsed YAML/JSON data.

    Every value is type-checked, so a Glossary built here never holds a value
    of a type its users do not expect; `validate.py` reports the rest.
    """
    if not isinstance(data, dict):
        raise GlossaryError("a glossary is a mapping with 'schema' and 'concepts'", path=path)
    if data.get("schema") != SCHEMA_ID:
        raise GlossaryError(f"schema must be {SCHEMA_ID!r}", path=path)
    languages = data.get("languages") or {}
    if not isinstance(languages, dict) or any(
        languages.get(key, value) != value for key, value in (("source", "vi"), ("target", "en"))
    ):
        raise GlossaryError("'languages' must be {source: vi, target: en}", path=path)
    concepts_raw = data.get("concepts")
    if not isinstance(concepts_raw, list):
        raise GlossaryError("'concepts' must be a list", path=path)
    concepts = []
    for index, raw in enumerate(concepts_raw):
        if not isinstance(raw, dict) or not isinstance(raw.get("id"), str):
            raise GlossaryError(f"concept #{index + 1} needs an 'id'", path=path)
        cid = raw["id"]
        note = raw.get("note")
        if note is not None and not isinstance(note, str):
            raise GlossaryError(f"concept {cid}: 'note' must be a string", path=path)
        general = raw.get("general")
        if general is not None and not isinstance(general, bool):
            raise GlossaryError(f"concept {cid}: 'general' must be true or false", path=path)
        concepts.append(
            Concept(
                id=cid,
                vi=_terms(raw.get("vi"), where=f"concept {cid}: vi", path=path),
                en=_terms(raw.get("en"), where=f"concept {cid}: en", path=path),
                abbr=_strings(raw.get("abbr"), where=f"concept {cid}: 'abbr'", path=path),
                note=note,
                abbr_en=_strings(raw.get("abbr_en"), where=f"concept {cid}: 'abbr_en'", path=path),
                broader=_strings(raw.get("broader"), where=f"concept {cid}: 'broader'", path=path),
                general=bool(general),
                exclude=_strings(raw.get("exclude"), where=f"concept {cid}: 'exclude'", path=path),
                homographs=_strings(
                    raw.get("homographs"), where=f"concept {cid}: 'homographs'", path=path
                ),
            )
        )
    return make_glossary(concepts, path=path)


def make_glossary(
    concepts: list[Concept] | tuple[Concept, ...],
    *,
    source: str = "vi",
    target: str = "en",
    path: str | None = None,
) -> Glossary:
    return Glossary(
        concepts=tuple(concepts),
        source=source,
        target=target,
        path=path,
        digest=concepts_digest(concepts),
    )


def load_glossary(path: str | Path = DEFAULT_GLOSSARY) -> Glossary:
    """Load a glossary file; raises one located `GlossaryError` if it cannot be used.

    A file that `glossary validate` passes always loads.
    """
    text = read_text(path)
    entries = read_entries(text, file=str(path))
    with cycles_uncollected():
        return from_entries(entries, path=str(path))


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

    def concept_id(value: str) -> str:
        # Plain where YAML reads it back as the same string; quoted otherwise
        # (ids such as `45`, `no` or `null` would load as other types).
        plain = CONCEPT_ID.fullmatch(value) and yaml.safe_load(value) == value
        return value if plain else scalar(value)

    for concept in glossary.concepts:
        lines.append(f"  - id: {concept_id(concept.id)}")
        for lang in ("vi", "en"):
            lines.append(f"    {lang}:")
            for term in getattr(concept, lang):
                pos = f", pos: {term.pos}" if term.pos else ""
                lines.append(f"      - {{term: {scalar(term.term)}, status: {term.status}{pos}}}")
        lines.append(f"    abbr: [{', '.join(scalar(a) for a in concept.abbr)}]")
        if concept.abbr_en:
            lines.append(f"    abbr_en: [{', '.join(scalar(a) for a in concept.abbr_en)}]")
        if concept.broader:
            lines.append(f"    broader: [{', '.join(concept_id(b) for b in concept.broader)}]")
        if concept.general:
            lines.append("    general: true")
        if concept.exclude:
            lines.append(f"    exclude: [{', '.join(scalar(e) for e in concept.exclude)}]")
        if concept.homographs:
            lines.append(
                f"    homographs: [{', '.join(concept_id(h) for h in concept.homographs)}]"
            )
        if concept.note:
            lines.append(f"    note: {scalar(concept.note)}")
    return "\n".join(lines) + "\n"
