"""YAML from files a user hands us, read within limits and checked against a schema.

`load()` walks the YAML *event* stream (libyaml's parser when PyYAML has it)
and builds plain values itself: no object is constructed from a tag, no
alias is expanded beyond a small budget (an alias counts as the size of what
it names, so a "billion laughs" file stops at once), nesting and size are
capped, a key may not repeat, and every value keeps its line and column.
Scalars are typed as YAML 1.1 types them (`2018-04-28` is a date); a date
that does not exist (`2018-13-45`) is an error at its place, not a crash.

`Events` is the event stream itself, for a reader that walks it against its
own schema without building values (glossary.py reads a 100,000-concept
glossary so): the same parser, the same typing of scalars, nesting counted
against the same kind of limit, and `syntax_problem()` turning any parser error
into one located message. This module is the one reader of YAML that users
hand us (glossaries, `.meta.yaml`, chrome rules).

`check()` holds the values to a small schema (`Str`, `Bool`, `Date`,
`StrList`, `Map`, `OneOf`) and reports the first value of a wrong type where it stands.
Every failure is one `InputError` (or the class the caller names) that reads
`file:line:col: message`.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import yaml
from yaml.constructor import SafeConstructor
from yaml.events import (
    AliasEvent,
    DocumentStartEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
    StreamEndEvent,
)
from yaml.nodes import ScalarNode
from yaml.resolver import Resolver

from .errors import InputError, NormcorpusError
from .fileio import decode_utf8

Path_ = tuple[str | int, ...]  # where a value sits: keys and list indexes
At = tuple[int, int]  # line and column, from 1


@dataclass(frozen=True, slots=True)
class Limits:
    max_bytes: int = 1 << 20
    max_depth: int = 32
    max_aliases: int = 32
    # values in all, counting what each alias names once more per use
    max_values: int = 100_000


@dataclass(slots=True)
class Loaded:
    """A YAML document's value and the place of each value in it."""

    value: Any
    places: dict[Path_, At] = field(default_factory=dict)
    path: str = "<yaml>"

    def at(self, where: Path_) -> At | None:
        while where not in self.places and where:
            where = where[:-1]
        return self.places.get(where)


_PLAIN_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:timestamp",
}
_TAG_NAMES = {
    "tag:yaml.org,2002:str": "a string",
    "tag:yaml.org,2002:null": "nothing (null)",
    "tag:yaml.org,2002:bool": "true/false",
    "tag:yaml.org,2002:int": "a number",
    "tag:yaml.org,2002:float": "a number",
    "tag:yaml.org,2002:timestamp": "a date",
}


def _loader() -> type:
    return getattr(yaml, "CSafeLoader", None) or yaml.SafeLoader


class _Constructor(SafeConstructor, Resolver):
    """Types one scalar (the resolver and constructor of SafeLoader, nothing else)."""

    def __init__(self) -> None:
        SafeConstructor.__init__(self)
        Resolver.__init__(self)


_SCALARS = _Constructor()

# The first characters that can start an implicitly typed plain scalar (None:
# any can); a plain scalar starting otherwise is a string (`preferred`, `an-id`).
_IMPLICIT = _SCALARS.yaml_implicit_resolvers
TYPED_STARTS: frozenset[str] | None = (
    None if None in _IMPLICIT else frozenset(k for k in _IMPLICIT if k)
)


def plain_tag(value: str) -> str:
    """The tag YAML 1.1 gives an untagged plain scalar (`yes`: bool, `2018-04-28`: timestamp)."""
    return _SCALARS.resolve(ScalarNode, value, (True, False))  # type: ignore[no-any-return]


def load(
    data: bytes | str,
    *,
    path: str,
    limits: Limits = Limits(),
    error: type[NormcorpusError] = InputError,
) -> Loaded:
    """Parse one YAML document within `limits` into plain values with places."""
    if len(data) > limits.max_bytes:
        raise error(
            f"too large for this kind of file ({len(data):,} bytes; at most {limits.max_bytes:,})",
            path=path,
        )
    if isinstance(data, bytes):
        text = decode_utf8(data, name=path, what="YAML file", error=error)
    else:
        text = data
    return _Builder(path, limits, error).build(text)


class _Builder:
    def __init__(self, path: str, limits: Limits, error: type[NormcorpusError]):
        self.path, self.limits, self.error = path, limits, error
        self.places: dict[Path_, At] = {}
        self.anchors: dict[str, tuple[Any, int]] = {}
        self.values = 0
        self.aliases = 0

    def fail(self, message: str, mark: Any) -> NormcorpusError:
        return self.error(message, path=self.path, line=mark.line + 1, column=mark.column + 1)

    def build(self, text: str) -> Loaded:
        # Each open collection: [container, its place, key waiting for a value,
        # anchor, values inside, the key's mark]
        stack: list[list[Any]] = []
        root: list[Any] = []
        documents = 0
        events = None
        try:
            events = Events(text, max_depth=self.limits.max_depth)
            while type(event := events.next()) is not StreamEndEvent:
                if isinstance(event, DocumentStartEvent):
                    documents += 1
                    if documents > 1:
                        raise self.fail(
                            "one YAML document per file (found a second)", event.start_mark
                        )
                elif isinstance(event, (MappingStartEvent, SequenceStartEvent)):
                    events.enter(event)
                    self._tag(event)
                    where = self._where(stack, root, event)
                    self.places[where] = (event.start_mark.line + 1, event.start_mark.column + 1)
                    container: Any = {} if isinstance(event, MappingStartEvent) else []
                    self._count(1, event)
                    stack.append([container, where, None, event.anchor, self.values, None])
                elif isinstance(event, (MappingEndEvent, SequenceEndEvent)):
                    events.leave()
                    container, where, _, anchor, before, _ = stack.pop()
                    if anchor:
                        self.anchors[anchor] = (container, self.values - before + 1)
                    self._add(stack, root, container, where, event)
                elif isinstance(event, ScalarEvent):
                    self._scalar(stack, root, event, events.scalar_tag(event))
                elif isinstance(event, AliasEvent):
                    self._alias(stack, root, event)
        except TooDeep as exc:
            raise self.fail(f"nested deeper than {exc.limit} levels", exc.mark) from None
        except yaml.YAMLError as exc:
            _, place, problem = syntax_problem(exc, text, max_depth=self.limits.max_depth)
            line, column = place or (None, None)
            raise self.error(
                f"YAML error: {problem}", path=self.path, line=line, column=column
            ) from None
        finally:
            if events is not None:
                events.close()
        value = root[0] if root else None
        return Loaded(value, self.places, self.path)

    # --- pieces -------------------------------------------------------------------

    def _tag(self, event: Any) -> None:
        tag = getattr(event, "tag", None)
        if tag and tag not in ("!", *_PLAIN_TAGS, "tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"):
            raise self.fail(f"YAML tags like {tag!r} are not allowed here", event.start_mark)

    def _count(self, n: int, event: Any) -> None:
        self.values += n
        if self.values > self.limits.max_values:
            raise self.fail(
                f"more than {self.limits.max_values:,} values (aliases count what they name)",
                event.start_mark,
            )

    def _where(self, stack: list[list[Any]], root: list[Any], event: Any) -> Path_:
        if not stack:
            return ()
        top = stack[-1]
        if isinstance(top[0], dict):
            if top[2] is None:
                raise self.fail(
                    "a key must be a plain value, not a list or mapping", event.start_mark
                )
            return (*top[1], top[2])
        return (*top[1], len(top[0]))

    def _add(
        self, stack: list[list[Any]], root: list[Any], value: Any, where: Path_, event: Any
    ) -> None:
        self.places.setdefault(where, (event.start_mark.line + 1, event.start_mark.column + 1))
        if not stack:
            root.append(value)
            return
        top = stack[-1]
        if isinstance(top[0], dict):
            top[0][top[2]] = value
            top[2] = None
        else:
            top[0].append(value)

    def _scalar(
        self, stack: list[list[Any]], root: list[Any], event: ScalarEvent, tag: str
    ) -> None:
        self._tag(event)
        value = self._typed(event, tag)
        self._count(1, event)
        if event.anchor:
            self.anchors[event.anchor] = (value, 1)
        if stack and isinstance(stack[-1][0], dict) and stack[-1][2] is None:
            top = stack[-1]
            if not isinstance(value, (str, int, float, bool, datetime.date)) and value is not None:
                raise self.fail("a key must be a plain value", event.start_mark)
            key = value if isinstance(value, str) else str(value)
            if key in top[0]:
                raise self.fail(f"the key {key!r} is given twice", event.start_mark)
            top[2] = key
            where = (*top[1], key)
            self.places[where] = (event.start_mark.line + 1, event.start_mark.column + 1)
            return
        where = self._where(stack, root, event)
        # a value's place is where the value starts (its key's place is kept if set)
        self.places[where] = (event.start_mark.line + 1, event.start_mark.column + 1)
        self._add(stack, root, value, where, event)

    def _typed(self, event: ScalarEvent, tag: str) -> Any:
        if tag == _STR:  # most scalars: nothing to construct
            return event.value
        node = ScalarNode(tag, event.value, event.start_mark, event.end_mark, event.style)
        # The type's own constructor (construct_object would keep every node it saw).
        construct = _SCALARS.yaml_constructors.get(tag)
        if construct is None:
            raise self.fail(f"YAML tags like {tag!r} are not allowed here", event.start_mark)
        try:
            return construct(_SCALARS, node)
        except (ValueError, OverflowError, yaml.YAMLError) as exc:
            kind = _TAG_NAMES.get(tag, "a value")
            raise self.fail(f"{event.value!r} is not {kind} ({exc})", event.start_mark) from exc

    def _alias(self, stack: list[list[Any]], root: list[Any], event: AliasEvent) -> None:
        self.aliases += 1
        if self.aliases > self.limits.max_aliases:
            raise self.fail(
                f"more than {self.limits.max_aliases} aliases (*name) in one file", event.start_mark
            )
        if event.anchor not in self.anchors:
            raise self.fail(f"alias *{event.anchor} names no anchor before it", event.start_mark)
        value, size = self.anchors[event.anchor]
        self._count(size, event)
        if stack and isinstance(stack[-1][0], dict) and stack[-1][2] is None:
            raise self.fail("a key must be a plain value, not an alias", event.start_mark)
        where = self._where(stack, root, event)
        self._add(stack, root, value, where, event)


# --- the event stream ---------------------------------------------------------------

_STR = "tag:yaml.org,2002:str"


class TooDeep(yaml.YAMLError):
    """Nested deeper than the reader's limit (raised by `Events.enter`)."""

    def __init__(self, mark: yaml.Mark, limit: int):
        super().__init__(f"nested deeper than {limit} levels")
        self.mark, self.limit = mark, limit


def at(mark: yaml.Mark) -> At:
    """A parser mark as (line, column), both from 1."""
    return (mark.line + 1, mark.column + 1)


class _AnyCharacter:
    def __contains__(self, char: object) -> bool:
        return True


class Events:
    """The parser events of one YAML text (libyaml's parser when PyYAML has it).

    `next()` gives the next event; `enter(event)` and `leave()` count the
    nesting of mappings and lists against `max_depth` (TooDeep); `scalar_tag`
    types a scalar as YAML 1.1 does, without constructing it. `close()` frees
    the parser.
    """

    def __init__(self, text: str, *, max_depth: int):
        self.max_depth = max_depth
        self.depth = 0
        self._resolve = _SCALARS.resolve
        self._typed_starts: Any = _AnyCharacter() if TYPED_STARTS is None else TYPED_STARTS
        self._loader = _loader()(text)  # the reader checks the characters here
        self.next = self._loader.get_event

    def enter(self, event: Any) -> None:
        self.depth += 1
        if self.depth > self.max_depth:
            raise TooDeep(event.start_mark, self.max_depth)

    def leave(self) -> None:
        self.depth -= 1

    def scalar_tag(self, event: ScalarEvent) -> str:
        tag = event.tag
        if tag is None or tag == "!":
            value = event.value
            # Quoted scalars are strings, and so is a plain one whose first
            # character starts no implicit type (`preferred`, `an-id`).
            if not event.implicit[0] or (value and value[0] not in self._typed_starts):
                return _STR
            return self._resolve(ScalarNode, value, event.implicit)  # type: ignore[no-any-return]
        return tag  # type: ignore[no-any-return]

    def close(self) -> None:
        self._loader.dispose()


def syntax_problem(exc: yaml.YAMLError, text: str, *, max_depth: int) -> tuple[str, At | None, str]:
    """A parser error (or TooDeep) as a rule id (`yaml-syntax`, `yaml-too-deep`),
    its place if known, and one line of message."""
    if isinstance(exc, TooDeep):
        return "yaml-too-deep", at(exc.mark), f"nested more than {exc.limit} levels deep"
    if isinstance(exc, yaml.reader.ReaderError):
        # libyaml counts the position in bytes of UTF-8, PyYAML's reader in characters.
        if exc.encoding == "unicode":
            before = text[: exc.position]
        else:
            before = text.encode("utf-8")[: exc.position].decode("utf-8", "ignore")
        place = (before.count("\n") + 1, len(before) - (before.rfind("\n") + 1) + 1)
        return "yaml-syntax", place, f"character U+{exc.character:04X} is not allowed in YAML"
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
    if "maximum nesting depth" in problem:  # libyaml's own cap (1,000), met reading ahead
        return (
            "yaml-too-deep",
            at(mark) if mark else None,
            f"nested more than {max_depth} levels deep",
        )
    context = getattr(exc, "context", None)
    message = f"{problem} ({context})" if context else problem
    return "yaml-syntax", at(mark) if mark else None, " ".join(message.split())


# --- schema -----------------------------------------------------------------------


class Type:
    """A schema type: `check` returns the value it accepts, or raises at its place."""

    name = "a value"
    shape: tuple[type, ...] = ()  # what it looks like from afar (a OneOf picks by it)

    def check(self, value: Any, where: Path_, loaded: Loaded, error: type[NormcorpusError]) -> Any:
        raise NotImplementedError


def _wrong(
    value: Any, expected: str, where: Path_, loaded: Loaded, error: type[NormcorpusError]
) -> NormcorpusError:
    at = loaded.at(where)
    key = ".".join(str(part) for part in where) or "the file"
    got = _describe(value)
    return error(
        f"{key} must be {expected}, not {got}",
        path=loaded.path,
        line=at[0] if at else None,
        column=at[1] if at else None,
    )


def _describe(value: Any) -> str:
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, (int, float)):
        return f"the number {value!r}"
    if isinstance(value, datetime.date):
        return "a date"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if value is None:
        return "nothing"
    return f"{value!r}"


class Str(Type):
    name = "a string"
    shape = (str,)

    def check(self, value: Any, where: Path_, loaded: Loaded, error: type[NormcorpusError]) -> Any:
        if not isinstance(value, str):
            raise _wrong(value, self.name, where, loaded, error)
        return value


class Date(Type):
    """A calendar date: YAML's date, or a string `YYYY-MM-DD`; given back as that string."""

    name = "a date (YYYY-MM-DD)"
    shape = (datetime.date, str)

    def check(self, value: Any, where: Path_, loaded: Loaded, error: type[NormcorpusError]) -> Any:
        if isinstance(value, datetime.datetime):
            return value.date().isoformat()
        if isinstance(value, datetime.date):
            return value.isoformat()
        if isinstance(value, str):
            try:
                return datetime.date.fromisoformat(value.strip()).isoformat()
            except ValueError:
                pass
        raise _wrong(value, self.name, where, loaded, error)


class Bool(Type):
    """true or false (YAML 1.1's yes/no/on/off too, as the loader types them)."""

    name = "true or false"
    shape = (bool,)

    def check(self, value: Any, where: Path_, loaded: Loaded, error: type[NormcorpusError]) -> Any:
        if not isinstance(value, bool):
            raise _wrong(value, self.name, where, loaded, error)
        return value


class StrList(Type):
    """A list of strings, or one string standing for a list of one."""

    name = "a string or a list of strings"
    shape = (str, list)

    def check(self, value: Any, where: Path_, loaded: Loaded, error: type[NormcorpusError]) -> Any:
        if isinstance(value, str):
            return (value,)
        if not isinstance(value, list):
            raise _wrong(value, self.name, where, loaded, error)
        return tuple(Str().check(v, (*where, i), loaded, error) for i, v in enumerate(value))


@dataclass(frozen=True)
class Map(Type):
    """A mapping with known keys (others are allowed and given back as they are)."""

    fields: Mapping[str, Type]
    name: str = "a mapping"
    shape = (dict,)

    def check(self, value: Any, where: Path_, loaded: Loaded, error: type[NormcorpusError]) -> Any:
        if not isinstance(value, dict):
            raise _wrong(value, self.name, where, loaded, error)
        out = dict(value)
        for key, kind in self.fields.items():
            if value.get(key) is not None:
                out[key] = kind.check(value[key], (*where, key), loaded, error)
        return out


@dataclass(frozen=True)
class OneOf(Type):
    """The first of several types that accepts the value."""

    types: tuple[Type, ...]

    @property
    def name(self) -> str:  # type: ignore[override]
        return " or ".join(t.name for t in self.types)

    def check(self, value: Any, where: Path_, loaded: Loaded, error: type[NormcorpusError]) -> Any:
        for kind in self.types:
            if isinstance(value, kind.shape):
                # the type the value is shaped as says what is wrong inside it
                return kind.check(value, where, loaded, error)
        raise _wrong(value, self.name, where, loaded, error)


def check(loaded: Loaded, schema: Type, *, error: type[NormcorpusError] = InputError) -> Any:
    """The loaded value held to `schema` (dates as ISO strings, string lists as tuples)."""
    return schema.check(loaded.value, (), loaded, error)
