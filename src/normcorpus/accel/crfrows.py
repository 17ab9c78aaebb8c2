"""`TemplateRows`: the feature rows of underthesea's CRF featurizer, made from cached parts.

underthesea_core's `CRFFeaturizer` turns each token of a sequence into one
string per template (`T[-1]=Xin`, `T[0,1].lower=chào các`,
`T[1].is_in_dict=True`, `T[2]=EOS`): 43 new strings a token for the word
segmenter's model, about half of what `word_tokenize` costs. Every one of them
is a function of a few tokens:

- a one-token template's value (the token, lower-cased, `isdigit`, `istitle`,
  `is_in_dict`) depends on that token alone: the featurizer itself makes it
  once per token type (`token_values`, a featurizer of the five `T[0]`
  templates, is fed in);
- a template of several tokens reads their text joined by spaces: its value is
  the values of its tokens joined the same way (lower-casing keeps a space a
  word boundary), `is_in_dict` is the lower-cased join looked up in the same
  dictionary, `istitle` holds when it holds for each token (the featurizer
  splits at spaces), `isdigit` never holds (no integer holds a space);
- a template that reaches before the sequence is `BOS`, else one that reaches
  past its end is `EOS`.

So each template's strings for a run of tokens are made once and kept (bounded),
and a row is gathered from them in the featurizer's template order (the tagger
adds the weights in that order). Templates of any other form are refused
(`TemplateRows.supports`). tests/test_accel_crfrows.py compares the rows with
the featurizer's over arbitrary sequences.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable, Collection, Sequence

# What the featurizer reads of a template; the column (`T[0][1]`) is not supported.
_TEMPLATE = re.compile(r"T\[(-?\d+)(?:,(-?\d+))?\](?:\.(lower|isdigit|istitle|is_in_dict))?")
# The templates whose values `token_values` gives for one token, in this order.
TOKEN_TEMPLATES = ("T[0]", "T[0].lower", "T[0].isdigit", "T[0].istitle", "T[0].is_in_dict")
_SLOT = {None: 0, "lower": 1, "isdigit": 2, "istitle": 3, "is_in_dict": 4}
_FLAGS = frozenset(("isdigit", "istitle", "is_in_dict"))

TokenValues = Callable[[list[list[list[str]]]], list[list[list[str]]]]
Template = tuple[str, int, int, str | None]  # syntax, first offset, last offset, function


def parse_templates(templates: Sequence[str]) -> list[Template] | None:
    """Each template's offsets and function, or None if one is of a form not supported."""
    out: list[Template] = []
    for syntax in templates:
        found = _TEMPLATE.fullmatch(syntax)
        if found is None:
            return None
        first = int(found[1])
        last = int(found[2]) if found[2] is not None else first
        if last < first:
            return None
        out.append((syntax, first, last, found[3]))
    return out


class TemplateRows:
    """`CRFFeaturizer(templates, dictionary).process([[[t] for t in tokens]])[0]`, for token
    lists, from parts made once per token type and per run of tokens.

    Each run length's parts are forgotten when `limit` runs are kept, the
    tokens' values when `types` tokens are. On 0.5 MB of real codification
    text 4,096 runs kept 10 MB, 32,768 kept 39 MB and tagged perhaps 10-20%
    faster (within this machine's noise): the featurizer was the cost, and
    making a run's strings again is cheap.
    """

    @staticmethod
    def supports(templates: Sequence[str]) -> bool:
        return parse_templates(templates) is not None

    def __init__(
        self,
        templates: Sequence[str],
        dictionary: Collection[str],
        token_values: TokenValues,
        *,
        limit: int = 1 << 12,
        types: int = 1 << 16,
    ) -> None:
        parsed = parse_templates(templates)
        if parsed is None:
            raise ValueError("a feature template of a form TemplateRows does not make")
        self._dictionary = dictionary
        self._token_values = token_values
        self._limit = limit
        self._types = types
        self._radius = max((max(-a, b) for _, a, b, _ in parsed), default=0)
        # Templates by the number of tokens they read; each length's parts are
        # one tuple per run of tokens, holding its templates' strings in order.
        lengths = sorted({b - a + 1 for _, a, b, _ in parsed})
        self._groups = {n: [t for t in parsed if t[2] - t[1] + 1 == n] for n in lengths}
        self._parts: dict[int, dict[object, tuple[str, ...]]] = {n: {} for n in lengths}
        self._values: dict[str, tuple[str, ...]] = {}  # token -> its TOKEN_TEMPLATES values
        self._bos = {n: tuple(f"{t[0]}=BOS" for t in self._groups[n]) for n in lengths}
        self._eos = {n: tuple(f"{t[0]}=EOS" for t in self._groups[n]) for n in lengths}
        # The gathering: row i takes template j's string from the parts of the
        # run that starts at i + first offset (padded lists: index + radius).
        sources = sorted({(b - a + 1, a) for _, a, b, _ in parsed})
        names = {source: f"p{k}" for k, source in enumerate(sources)}
        self._sources = sources
        slot = {}
        for group in self._groups.values():
            for k, t in enumerate(group):
                slot[t] = k
        items = ", ".join(
            f"{names[(b - a + 1, a)]}[{slot[t]}]" for t in parsed for _, a, b, _ in [t]
        )
        source = (
            "def gather(columns):\n"
            f"    return [[{items}] for {', '.join(names[s] for s in sources)} in zip(*columns)]\n"
        )
        scope: dict[str, object] = {}
        exec(source, scope)  # made here from the templates' own offsets
        self._gather = scope["gather"]

    def __call__(self, tokens: Sequence[str]) -> list[list[str]]:
        n, radius = len(tokens), self._radius
        values = self._values
        missing = [t for t in dict.fromkeys(tokens) if t not in values]
        if missing:
            if len(values) + len(missing) > self._types:
                # Numbers and names keep coming. A new dict, not clear(): a
                # call in another thread keeps the one it started with.
                self._values = values = {}
                missing = list(dict.fromkeys(tokens))
            self._learn(missing, values)
        padded: dict[int, list[tuple[str, ...]]] = {}
        for length, group in self._groups.items():
            parts = self._parts[length]
            if length == 1:
                keys: Sequence[object] = tokens
            else:
                keys = list(zip(*(tokens[d:] for d in range(length)), strict=False))
            found = list(map(parts.get, keys))
            if None in found:
                if len(parts) + len(keys) > self._limit:
                    self._parts[length] = parts = {}
                for k, part in enumerate(found):
                    if part is None:
                        found[k] = parts[keys[k]] = self._make(group, keys[k], length, values)
            padded[length] = [
                *(self._bos[length],) * radius,
                *found,
                *(self._eos[length],) * (n + radius - len(found)),
            ]
        columns = [
            padded[length][first + radius : first + radius + n] for length, first in self._sources
        ]
        return self._gather(columns)  # type: ignore[no-any-return]

    def _learn(self, tokens: list[str], values: dict[str, tuple[str, ...]]) -> None:
        """Each token's one-token values, by the featurizer (one sequence of one token each)."""
        rows = self._token_values([[[t]] for t in tokens])
        for token, (row,) in zip(tokens, rows, strict=True):
            values[token] = tuple(
                feature[len(syntax) + 1 :]
                for syntax, feature in zip(TOKEN_TEMPLATES, row, strict=True)
            )

    def _make(
        self,
        group: list[Template],
        key: object,
        length: int,
        values: dict[str, tuple[str, ...]],
    ) -> tuple[str, ...]:
        """The strings of a run of `length` tokens (`key`: a token, or a tuple of them)."""
        if length == 1:
            value = values[key]  # type: ignore[index]
            return tuple(
                self._string(syntax, value[_SLOT[function]], function)
                for syntax, _, _, function in group
            )
        each = [values[t] for t in key]  # type: ignore[union-attr]
        text = " ".join(v[0] for v in each)
        lower = " ".join(v[1] for v in each)
        out = []
        for syntax, _, _, function in group:
            if function is None:
                value = text
            elif function == "lower":
                value = lower
            elif function == "isdigit":
                value = "False"
            elif function == "istitle":
                value = "True" if all(v[3] == "True" for v in each) else "False"
            else:
                value = "True" if lower in self._dictionary else "False"
            out.append(self._string(syntax, value, function))
        return tuple(out)

    @staticmethod
    def _string(syntax: str, value: str, function: str | None) -> str:
        """A template's string; the few that say True or False are one string each."""
        text = f"{syntax}={value}"
        return sys.intern(text) if function in _FLAGS else text
