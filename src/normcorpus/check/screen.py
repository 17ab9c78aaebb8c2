"""The screen: what the engine asks of a segment before it calls the rules' hooks.

Most hooks find nothing in most segments, and the characters a segment lacks
say so: a placeholder needs `{` or `%`, a tag `<`, a number a digit (or I, V,
X for a chapter's Roman numeral). One pass a side (`textpass.which_of`, in C
where built) tells which of those characters each text holds, as bits; with
bits for the segment's status and direction they make the segment's `key`. A
rule declares the bits of which one at least must be in the key for its hook
to find anything (`Rule.needs`), and the engine calls the hook only on such
segments (as a linter calls a rule only for the node types it asks for).

`needs` is a necessary condition, never the rule's test: a hook called on any
segment finds what it finds when the engine screens it (tests/test_check_screen.py
calls every hook on every segment and compares).
"""

from __future__ import annotations

from ..accel import textpass
from .model import Segment, per_segment

# The characters the rules' screens name (formal.py, numbers.py); at most 60;
# and `ww` twice in a row (a link's `www.`: one w is in most English texts).
CHARS = '{%<@:()[]}“”«»"0123456789IVX'
_which = textpass.which_of(CHARS, twice="w")  # in C where built


def bits(chars: str) -> int:
    """The bits of these characters (each one of `CHARS`)."""
    return sum(1 << CHARS.index(char) for char in chars)


_SHIFT = len(CHARS)
SPACES = textpass.SPACES << _SHIFT  # two spaces in a row
LEADING = textpass.LEADING << _SHIFT  # whitespace at the text's start
TRAILING = textpass.TRAILING << _SHIFT  # and at its end
EDGES = LEADING | TRAILING
WW = textpass.TWICE << _SHIFT  # `ww`
TEXT = (WW << 1) - 1  # every bit a text's pass gives

# Past the texts' bits: the segment's status (`translation_status`), one bit
# each, and whether the source is English.
_STATUSES = ("", "empty", "copied", "no-source", "key")
STATUS = {status: WW << (1 + k) for k, status in enumerate(_STATUSES)}
TRANSLATED, EMPTY, COPIED = STATUS[""], STATUS["empty"], STATUS["copied"]
STATUS_BITS = sum(STATUS.values())
EN_SOURCE = WW << (1 + len(_STATUSES))


@per_segment
def texts(seg: Segment) -> tuple[int, int]:
    """The bits of `seg.vi` and of `seg.en` (`CHARS`, then `SPACES`, `LEADING`,
    `TRAILING`, `WW`), made once a segment for the engine and the rules that read a side's."""
    return _which(seg.vi), _which(seg.en)


def key(seg: Segment) -> int:
    """The segment's bits: what either text holds, its status, its direction."""
    vi, en = texts(seg)
    found = vi | en | STATUS[seg.status]
    return found if seg.pair.vi_is_source else found | EN_SOURCE


def status_key(seg: Segment) -> int:
    """`key` without the texts' bits (when no enabled rule reads them)."""
    found = STATUS[seg.status]
    return found if seg.pair.vi_is_source else found | EN_SOURCE
