"""Formal rules: what a translator checks whatever the glossary says (as Xbench and CheckMate do).

- `untranslated`: the target is empty while the source has letters (an XLIFF
  target marked `needs-translation`, `new` or 2.0's `initial` is read as empty);
- `same-as-source`: the target is the source copied (ignoring case), and the
  source has words to translate: not when it is only names, acronyms, URLs,
  e-mail addresses, code, numbers or placeholders (`ASEAN`, `Hà Nội`,
  `https://…`, `2018`);
- `placeholder-mismatch`, `tag-mismatch`: a placeholder (`{0}`, `%s`,
  `%(name)s`, `{{ name }}`) or an inline tag (`<b>`, `</g>`, `<x id="1"/>`)
  of one side is not in the other (as many times);
- `link-mismatch`: a URL or e-mail address of one side is not in the other;
- `acronym-mismatch`: an all-caps acronym of an English source is not in the
  Vietnamese target (Vietnamese acronyms, `UBND`, `LHQ`, are translated);
  its plural stands singular (`PINs` = `các PIN`), a word in capitals
  for emphasis may be translated in capitals (`AND` = `VÀ`), and an acronym
  a glossary concept lists is rendered by that concept's Vietnamese term
  (`VPN` = `mạng riêng ảo`, `MIC` = `Bộ Thông tin và Truyền thông`);
- `unbalanced-brackets`: the target's brackets or double quotes do not pair
  up where the source's do (list markers such as `a)` are not brackets);
- `final-punctuation`: the source and the target end differently (`.` `:`
  `;` `?` `!` `…`, or none), closing quotes and brackets aside;
- `double-space`: the target has two spaces in a row where the source has none;
- `edge-whitespace`: one side starts or ends with whitespace, the other not;
- `repeated-word`: the target says a word twice in a row (`the the`), which
  the source does not; in Vietnamese only function words (`của của`), since
  syllables repeat rightly (`từ từ`, `bản địa địa phương`): data in
  `resources/check.yaml`.

Rules that need a translation skip segments that are `untranslated` or
`same-as-source` (`Rule.needs_target`).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from functools import lru_cache
from itertools import compress, count, islice

from ..accel import textpass
from . import screen
from . import text as inline
from .model import LIST_SEPARATOR, Finding, Rule, Segment


class Untranslated(Rule):
    id = "untranslated"
    severity = "error"
    doc = "empty target where the source has letters"
    needs_target = False
    needs = screen.EMPTY

    def segment(self, seg: Segment) -> Iterable[Finding]:
        if seg.status != "empty" or not _has_letter(seg.source):
            return ()
        state = seg.pair.state
        # (the rule's id stands beside its message in every view: not repeated in it)
        if state:  # a target the file marks as not translated yet (read as empty)
            return (self.finding(seg, f"the file marks the target “{state}”"),)
        return (self.finding(seg, "the target is empty"),)


class SameAsSource(Rule):
    id = "same-as-source"
    severity = "error"
    doc = "target identical to a source that has words to translate"
    needs_target = False
    needs = screen.COPIED

    def segment(self, seg: Segment) -> Iterable[Finding]:
        if seg.status != "copied":
            return ()
        return (
            self.finding(
                seg,
                "untranslated: the target is the source, copied",
                found=seg.target.strip() or None,
            ),
        )


def _has_letter(text: str) -> bool:
    return any(c.isalpha() for c in text)


def _differences(source: list[str], target: list[str]) -> tuple[list[str], list[str]]:
    """(in the source, not as often in the target; in the target, not as often in the source)."""
    have, want = Counter(target), Counter(source)
    return list((want - have).elements()), list((have - want).elements())


# The rules below read which of the characters they look for each side holds
# (most texts hold none): one pass a side, made once a segment (`screen.texts`);
# the engine calls a rule's hook only where its `needs` bits stand.
_bits = screen.bits


class _Kept(Rule):
    """A rule that checks that tokens of one kind are kept: what the source has, the target has."""

    what = ""
    # (`needs`: the screen's bits without which a text holds no such token)

    def tokens(self, text: str) -> list[str]:
        raise NotImplementedError

    def maybe(self, seg: Segment) -> bool:
        """Whether a side may hold such a token (where `needs` allows it)."""
        return True

    def segment(self, seg: Segment) -> Iterable[Finding]:
        if not self.maybe(seg):
            return ()
        source, target = self.tokens(seg.source), self.tokens(seg.target)
        if source == target:
            return ()
        missing, added = _differences(source, target)
        if not missing and not added:
            return ()  # the same, in another order
        parts = []
        if missing:
            parts.append(f"the target lacks {', '.join(f'“{t}”' for t in missing)}")
        if added:
            parts.append(f"the target adds {', '.join(f'“{t}”' for t in added)}")
        return (
            self.finding(
                seg,
                f"{self.what}: {'; '.join(parts)}",
                expected=LIST_SEPARATOR.join(missing) or None,
                found=LIST_SEPARATOR.join(added) or None,
            ),
        )


class PlaceholderMismatch(_Kept):
    id = "placeholder-mismatch"
    severity = "error"
    doc = "a placeholder ({0}, %s, %(name)s, {{ name }}) is not kept"
    what = "placeholders differ"
    needs = _bits("{%")

    def tokens(self, text: str) -> list[str]:
        return inline.placeholders(text)


class TagMismatch(_Kept):
    id = "tag-mismatch"
    severity = "error"
    doc = 'an inline tag (<b>, </g>, <x id="1"/>) is not kept'
    what = "tags differ"
    needs = _bits("<")

    def tokens(self, text: str) -> list[str]:
        return inline.tags(text)


_AT, _COLON = _bits("@"), _bits(":")


class LinkMismatch(_Kept):
    id = "link-mismatch"
    severity = "warning"
    doc = "a URL or e-mail address is not kept"
    what = "links differ"
    needs = _AT | _COLON | screen.WW

    def maybe(self, seg: Segment) -> bool:
        # `inline.links`' own test (`://`, `www.`, `@`), asked where the bits allow it.
        vi, en = screen.texts(seg)
        if (vi | en) & _AT:
            return True
        return bool(
            (vi & _COLON and "://" in seg.vi)
            or (en & _COLON and "://" in seg.en)
            or (vi & screen.WW and "www." in seg.vi)
            or (en & screen.WW and "www." in seg.en)
        )

    def tokens(self, text: str) -> list[str]:
        return inline.links(text)


class AcronymMismatch(Rule):
    id = "acronym-mismatch"
    severity = "warning"
    doc = "an acronym of an English source is not in the Vietnamese target"
    needs = screen.EN_SOURCE

    def segment(self, seg: Segment) -> Iterable[Finding]:
        if seg.pair.vi_is_source:
            return ()  # Vietnamese acronyms (UBND, LHQ) are translated
        target = seg.target
        missing = [
            a for a in dict.fromkeys(inline.acronyms(seg.source)) if _singular(a) not in target
        ]
        if not missing:
            return ()
        if seg.located:
            # Spelt out by the Vietnamese of the concept it abbreviates.
            spelt = self._spelt_out(seg)
            missing = [a for a in missing if a not in spelt and _singular(a) not in spelt]
            if not missing:
                return ()
        # A word the source writes in capitals for emphasis (`AND`, `NOT`) is
        # translated in capitals (`VÀ`): each capitalised word of the target's
        # own answers one of the source's.
        emphasis = _capitalised_words(target, seg.source)
        if emphasis:
            missing = missing[emphasis:]
            if not missing:
                return ()
        shown = ", ".join(f"“{a}”" for a in missing)
        return (
            self.finding(
                seg,
                f"the target lacks {shown} of the source",
                expected=LIST_SEPARATOR.join(missing),
            ),
        )

    def _spelt_out(self, seg: Segment) -> set[str]:
        """The abbreviations of the glossary concepts found in the Vietnamese."""
        concepts = self.run.concepts
        spelt: set[str] = set()
        for concept_id in {seg.concept_of[index] for _s, _e, index, _k, _sc in seg.located}:
            concept = concepts.get(concept_id)
            if concept is not None:
                spelt.update(concept.en_abbreviations())
        return spelt


def _singular(acronym: str) -> str:
    """`PINs` -> `PIN`: Vietnamese writes no plural ending (`các PIN`)."""
    return acronym[:-1] if acronym.endswith("s") else acronym


_CAPITALISED = re.compile(r"[^\W\d_]{2,}")


def _capitalised_words(target: str, source: str) -> int:
    """How many words of the target are in capitals and not in the source."""
    if not any(c.isupper() for c in target[1:]):
        return 0
    return sum(
        1 for m in _CAPITALISED.finditer(target) if m.group().isupper() and m.group() not in source
    )


_PAIRS = (("(", ")"), ("[", "]"), ("{", "}"), ("“", "”"), ("«", "»"))
# A list marker is no bracket: `a)`, `đ)`, `1)`, `iv)` (not after a letter or `(`).
_LIST_MARKER = re.compile(r"(?<![\w(])(?:[a-zđ]|[0-9]{1,2}|[ivx]{1,4})\)", re.IGNORECASE)


_BRACKET_CHARS = '()[]{}“”«»"'
_has_bracket = textpass.any_of(_BRACKET_CHARS)  # in one pass, in C where built
_BRACKETS = _bits(_BRACKET_CHARS)


def _unpaired(text: str) -> list[str]:
    """The bracket pairs (and straight double quotes) that do not pair up in `text`."""
    if not _has_bracket(text):
        return []
    if ")" in text:
        text = _LIST_MARKER.sub("", text)
    out = [f"{a}{b}" for a, b in _PAIRS if text.count(a) != text.count(b)]
    if text.count('"') % 2:
        out.append('"')
    return out


class UnbalancedBrackets(Rule):
    id = "unbalanced-brackets"
    severity = "warning"
    doc = "the target's brackets or quotes do not pair up (where the source's do)"
    needs = _BRACKETS

    def segment(self, seg: Segment) -> Iterable[Finding]:
        if not screen.texts(seg)[seg.pair.vi_is_source] & _BRACKETS:
            return ()  # (no bracket in the target)
        unpaired = _unpaired(seg.target)
        if not unpaired:
            return ()
        unpaired = [u for u in unpaired if u not in _unpaired(seg.source)]
        if not unpaired:
            return ()
        shown = " ".join(unpaired)
        return (self.finding(seg, f"unpaired in the target: {shown}", found=shown),)


_CLOSERS = "\"'”’»)]}"
# What the same last character does not settle: a closer, or none (a set: a
# character is looked up, not searched for in a string of wide characters).
_NOT_LAST = frozenset(_CLOSERS) | {""}
_ENDINGS = {".": ".", "!": "!", "?": "?", ":": ":", ";": ";", "…": "…"}


def _ending(text: str) -> str:
    """The punctuation a text ends with ('' for none), closing quotes and brackets aside."""
    text = text.rstrip().rstrip(_CLOSERS).rstrip()
    if text.endswith("..."):
        return "…"
    return _ENDINGS.get(text[-1:], "")


def _list_items(source: str, target: str) -> bool:
    """Both end a list item, one with `;`, the other with `,` (Vietnamese recitals
    and points end with `;` where English often writes `,`)."""
    ends = {source.rstrip().rstrip(_CLOSERS)[-1:], target.rstrip().rstrip(_CLOSERS)[-1:]}
    return ends == {";", ","}


class FinalPunctuation(Rule):
    id = "final-punctuation"
    severity = "warning"
    doc = "the source and the target end with different punctuation"

    def segment(self, seg: Segment) -> Iterable[Finding]:
        last = seg.vi[-1:]
        if last == seg.en[-1:] and last not in _NOT_LAST and not last.isspace():
            return ()  # the same last character (most segments)
        source, target = _ending(seg.source), _ending(seg.target)
        if source == target or _list_items(seg.source, seg.target):
            return ()
        return (
            self.finding(
                seg,
                f"the source ends with {_named(source)}, the target with {_named(target)}",
                expected=source or None,
                found=target or None,
            ),
        )


def _named(ending: str) -> str:
    return f"“{ending}”" if ending else "no punctuation"


class DoubleSpace(Rule):
    id = "double-space"
    severity = "warning"
    doc = "two spaces in a row in the target (not in the source)"
    needs = screen.SPACES

    def segment(self, seg: Segment) -> Iterable[Finding]:
        target = seg.target.strip()
        if "  " not in target or "  " in seg.source.strip():
            return ()
        where = target.index("  ")
        context = target[max(0, where - 12) : where + 14]
        return (
            self.finding(seg, f"two spaces in a row in the target: “{context}”", found=context),
        )


class EdgeWhitespace(Rule):
    id = "edge-whitespace"
    severity = "warning"
    doc = "the source and the target differ in leading or trailing whitespace"
    needs = screen.EDGES

    def segment(self, seg: Segment) -> Iterable[Finding]:
        vi, en = screen.texts(seg)  # (the edges, whichever side is the source)
        if not (vi ^ en) & screen.EDGES:
            return ()
        source, target = seg.source, seg.target
        parts = [
            f"{edge} whitespace in the {'source' if in_source else 'target'} only"
            for edge, in_source, in_target in (
                ("leading", source[:1].isspace(), target[:1].isspace()),
                ("trailing", source[-1:].isspace(), target[-1:].isspace()),
            )
            if in_source != in_target
        ]
        return (self.finding(seg, "; ".join(parts)),)


@lru_cache(maxsize=1)
def _repeats() -> tuple[frozenset[str], frozenset[str]]:
    """(English words rightly said twice, Vietnamese words never said twice)."""
    from .numbers import _data  # the language data, loaded once

    data = _data()["repeated_words"]
    return frozenset(data["en_allowed"]), frozenset(data["vi_reported"])


class RepeatedWord(Rule):
    id = "repeated-word"
    severity = "warning"
    doc = "a word said twice in a row in the target (not in the source)"

    def segment(self, seg: Segment) -> Iterable[Finding]:
        target = seg.en if seg.pair.vi_is_source else seg.vi
        if _may_begin_next is not None and not _may_begin_next(target):
            return ()  # (the question below, answered in one pass in C: most segments)
        # A word followed by itself (`the the.`) begins the next one, which is
        # tested first (the pairs compared in C, `map`): only a word the next one
        # begins with has that next one stripped. Lazily: the first finding ends it.
        words = target.lower().split()
        begins = map(str.startswith, islice(words, 1, None), words)
        allowed, reported = _repeats()
        vietnamese = not seg.pair.vi_is_source
        for k in compress(count(), begins):  # each word the next one begins with
            first = words[k]
            if words[k + 1].rstrip(_TRAILING) != first:
                continue  # (`a another`: not followed by itself)
            if not first.isalpha():
                continue  # (`the, the` is no repetition; `the the.` is)
            if (first not in reported) if vietnamese else (first in allowed):
                continue
            shown = f"{first} {first}"
            if shown in seg.source.lower():
                continue
            return (self.finding(seg, f"“{shown}”: a word twice in the target", found=shown),)
        return ()


# `textpass.begins_next(target)` has no True (in C), where built.
_may_begin_next = textpass.may_begin_next()

_TRAILING = ".,;:!?\"'”’)]»…"
