"""Document -> Clauses: paragraphs, sentences, clauses and words.

underthesea lives behind this module only (and is imported lazily, so the
search path never pays for it): its `sent_tokenize` splits paragraphs into
sentences, its `word_tokenize` splits paragraphs into words (`_Tokenizer`
computes both results as offsets, see there). Clause splitting follows the
rules in `resources/segment.yaml`; the legal structure recorded on each clause
(`Chương`, `Mục`, `Điều`, `khoản`, `điểm`) comes from structure.py.

`_Tokenizer` ports pieces of underthesea that are not its public API. Before
using the port it checks that the installed underthesea holds exactly the
pieces it was ported from (`_PORTED`); if not, it calls `word_tokenize` and
`sent_tokenize` themselves (slower, same results) and warns once. The CRF's
feature rows are gathered by `accel.crfrows.TemplateRows` (the featurizer made
43 new strings a token, half of word_tokenize's time); the tagger is underthesea's.
"""

from __future__ import annotations

import bisect
import hashlib
import importlib
import importlib.metadata
import importlib.util
import pickle
import re
import warnings
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from operator import itemgetter
from pathlib import Path
from typing import Any

import yaml

from .accel.crfrows import TOKEN_TEMPLATES, TemplateRows
from .errors import NormcorpusWarning
from .models import Clause, Document
from .structure import StructureRules, Tracker, is_label, load_structure_rules, masthead

# Bumped whenever segmentation output may change for the same input, so that
# incremental ingest re-segments.
SEGMENTER_VERSION = "2"

_SYLLABLE = re.compile(r"\w+")
_OPENERS = "([{“‘«"
_CLOSERS = ")]}”’»"


@dataclass(frozen=True, slots=True)
class SegmentRules:
    split_after: str
    colon_min_items: int
    colon_min_before: int
    max_syllables: int
    min_syllables: int
    connectives: tuple[str, ...]
    list_continuation: re.Pattern[str]
    connectives_only: bool
    fronted: re.Pattern[str]
    enumeration_item_syllables: int
    enumeration_joiners: re.Pattern[str]
    unbroken: tuple[re.Pattern[str], ...]
    tagger_batch_chars: int
    structure: StructureRules
    digest: str
    # What follows a sentence's stop at once and still belongs to it (a
    # footnote's reference: `… năm 2017.[3] Mỗi ngày …`), as closing quotes do.
    closing_reference: re.Pattern[str] | None = None
    # The end of a clause before a label's colon, whatever its length (a number's
    # sign: `… Luật số: 24/2018/QH14`, `… Law no.: 86/2015/QH13`).
    colon_label: re.Pattern[str] | None = None


@lru_cache(maxsize=1)
def load_segment_rules() -> SegmentRules:
    raw = resources.files("normcorpus").joinpath("resources/segment.yaml").read_bytes()
    data = yaml.safe_load(raw.decode("utf-8"))
    _port_differences_warned()
    structure = load_structure_rules()
    clauses = data["clauses"]
    return SegmentRules(
        split_after="".join(clauses["split_after"]),
        colon_min_items=int(clauses["colon_min_items"]),
        colon_min_before=int(clauses.get("colon_min_before", 1)),
        max_syllables=int(clauses["max_syllables"]),
        min_syllables=int(clauses["min_syllables"]),
        connectives=tuple(sorted(clauses["connectives"], key=len, reverse=True)),
        list_continuation=re.compile(
            r"(?:"
            + "|".join(map(re.escape, clauses["list_connectives"]))
            + r")\s+(?:"
            + "|".join(map(re.escape, clauses["list_item_openers"]))
            + r")(?!\w)",
            re.IGNORECASE,
        ),
        connectives_only=bool(clauses["connectives_only"]),
        fronted=re.compile(
            r"(?:" + "|".join(map(re.escape, clauses["fronted"])) + r")(?!\w)", re.IGNORECASE
        ),
        enumeration_item_syllables=int(clauses["enumeration_item_syllables"]),
        enumeration_joiners=re.compile(
            r"(?<!\w)(?:" + "|".join(map(re.escape, clauses["enumeration_joiners"])) + r")(?!\w)",
            re.IGNORECASE,
        ),
        unbroken=tuple(re.compile(p) for p in data["sentences"]["unbroken"]),
        closing_reference=(
            re.compile(data["sentences"]["closing_reference"])
            if data["sentences"].get("closing_reference")
            else None
        ),
        colon_label=re.compile(clauses["colon_label"]) if clauses.get("colon_label") else None,
        tagger_batch_chars=int(data["sentences"]["tagger_batch_chars"]),
        structure=structure,
        # underthesea's version and model are part of the rules: a new one re-segments.
        digest=hashlib.sha256(
            raw
            + structure.digest.encode()
            + SEGMENTER_VERSION.encode()
            + _underthesea_fingerprint().encode()
        ).hexdigest(),
    )


# --- what the port of underthesea relies on -----------------------------------

# sha256 of the files of underthesea (9.4.0 and 9.5.0) whose code `_Tokenizer`
# ports or calls past the public API: word_tokenize's steps, its regex, the
# model it loads, and sent_tokenize's loop.
_MODEL = "pipeline/word_tokenize/models/ws_crf_vlsp2013_20230727/"
_PORTED = {
    "pipeline/word_tokenize/__init__.py": (
        "65b26025dfd44e2e1ddb03b98b1a25a26fe703596b22730e0c16f79a7f0fbb5d"
    ),
    "pipeline/word_tokenize/regex_tokenize.py": (
        "5cb4fdc04fc806ac51842d9ec96834e9647262361bf865bacc164e96dc898a76"
    ),
    "pipeline/sent_tokenize/__init__.py": (
        "9fad5c8510a2bf9df2b94b59217d4351a5496eaa7210dd5e0ce610beddf6dab7"
    ),
    "models/fast_crf_sequence_tagger.py": (
        "2f7dba214c3e4ea31221a328e759c5a11deff902c9768581a061e8a4a28d8762"
    ),
    _MODEL + "models.bin": "c3a64c64349f1d73304f89babacaa8f8cd6078b1ec1a1b2c104e9e411ac1d2c3",
    _MODEL + "features.bin": "cf93263c7c7973bf50122b0be76a394443ff61be00c1368713dee1b7d5b8a435",
    _MODEL + "dictionary.bin": "ec8c62b3881c6682c18959988e1fe08800cc835777778845bded470ca02745d9",
}


@lru_cache(maxsize=1)
def _installed_pieces() -> dict[str, str | None]:
    """sha256 of each of `_PORTED`'s files as installed (None: missing), without importing it."""
    spec = importlib.util.find_spec("underthesea")
    if spec is None or spec.origin is None:
        return dict.fromkeys(_PORTED)
    root = Path(spec.origin).parent
    out: dict[str, str | None] = {}
    for name in _PORTED:
        try:
            out[name] = hashlib.sha256((root / name).read_bytes()).hexdigest()
        except OSError:
            out[name] = None
    return out


def port_differences() -> tuple[str, ...]:
    """The files of underthesea that differ from those the port was made for."""
    installed = _installed_pieces()
    return tuple(name for name, digest in _PORTED.items() if installed[name] != digest)


@lru_cache(maxsize=1)
def _port_differences_warned() -> tuple[str, ...]:
    """port_differences(), with one warning per process when there are any.

    Called by `load_segment_rules()`, so ingest's parent process warns and the
    workers it forks inherit the result without warning again.
    """
    differences = port_differences()
    if differences:
        warnings.warn(
            f"the installed underthesea ({_underthesea_version()}) is not the one segment.py"
            f" was checked against ({', '.join(differences)} differ); segmenting through its"
            " public functions (same results, slower)",
            NormcorpusWarning,
            stacklevel=3,
        )
    return differences


def _underthesea_version() -> str:
    try:
        return importlib.metadata.version("underthesea")
    except importlib.metadata.PackageNotFoundError:
        return "none"


def _underthesea_fingerprint() -> str:
    return _underthesea_version() + "".join(map(str, _installed_pieces().values()))


_SENTENCE_END = re.compile(r"[.?!]")

# sha256 and flags of the regex of underthesea 9.5's word_tokenize, for which
# `_Tokenizer._regex_tokens` takes its shortcut (see there).
_CHECKED_PATTERN = "ed7f6df4bba1133b1fd2baf02d612b7ef6912f0460f7a8166bd6b4aa8f072d25"
_CHECKED_FLAGS = re.VERBOSE | re.UNICODE


def _add_stripped(spans: list[tuple[int, int]], text: str, start: int, end: int) -> None:
    """Append the span of text[start:end].strip(), unless that is empty."""
    piece = text[start:end]
    stripped = piece.strip()
    if stripped:
        start += len(piece) - len(piece.lstrip())
        spans.append((start, start + len(stripped)))


class _Tokenizer:
    """underthesea's sentences and words of a paragraph, as offsets into it.

    `sentence_spans(p)` is `locate(sent_tokenize(p), p)` and `word_spans(p)` is
    `locate(word_tokenize(p), p)`, computed without the string search: words
    come from the pieces `word_tokenize` runs (its regex, its token
    normalisation, its CRF model, all read from the installed package), whose
    matches carry their offsets; sentences from a port of `sent_tokenize`'s
    loop that jumps between candidate stops instead of stepping through every
    character, with underthesea's abbreviation list. tests/test_segment.py
    checks both against underthesea's functions.

    `ported` is False when the installed underthesea is not the one ported
    (`port_differences()`), or `ported=False` is asked for: then every result
    comes from `word_tokenize`/`sent_tokenize` and `locate`.
    """

    def __init__(self, *, ported: bool = True) -> None:
        # Imported here, not at module level: underthesea costs ~0.5 s to import.
        import underthesea

        # One call each loads the packaged model and parameters (local files).
        underthesea.word_tokenize("Xin chào.")
        underthesea.sent_tokenize("Xin chào.")
        self._word_tokenize = underthesea.word_tokenize
        self._sent_tokenize = underthesea.sent_tokenize
        self.ported = False
        if ported:
            try:
                self._load_private_pieces()
                self.ported = True
            except (ImportError, AttributeError) as exc:
                warnings.warn(
                    f"underthesea's internals moved ({exc}); segmenting through its public"
                    " functions (same results, slower)",
                    NormcorpusWarning,
                    stacklevel=2,
                )

    def _load_private_pieces(self) -> None:
        from underthesea.pipeline.text_normalize import token_normalize
        from underthesea.pipeline.text_normalize.character_normalize import (
            normalize_characters_in_text,
        )

        self._model_module = importlib.import_module("underthesea.pipeline.word_tokenize")
        self._regex_module = importlib.import_module(
            "underthesea.pipeline.word_tokenize.regex_tokenize"
        )
        sentences = importlib.import_module("underthesea.pipeline.sent_tokenize")
        self._abbreviations: set[str] = sentences.sentence_tokenizer.abbrev_types
        pattern = self._regex_module.patterns
        checked = hashlib.sha256(pattern.pattern.encode()).hexdigest() == _CHECKED_PATTERN
        self._checked_pattern = pattern if checked and pattern.flags == _CHECKED_FLAGS else None
        self._normalize_text = normalize_characters_in_text
        # A pure function of a token: the same few thousand syllables recur.
        self._normalize_token = lru_cache(maxsize=1 << 16)(token_normalize)
        self._feature_rows = _FeatureRows()
        self._template_rows = _template_rows()

    def _tokens(
        self, paragraph: str
    ) -> tuple[str, list[tuple[int, int]], list[str], list[str], list[str]]:
        """word_tokenize's normalised text, its tokens' spans and text, tokens and tags."""
        text = self._normalize_text(paragraph)
        spans, raw = self._regex_tokens(text)
        tokens = list(map(self._normalize_token, raw))
        model = self._model_module.word_tokenize_model
        if self._template_rows is not None:
            # The featurizer's rows, from parts made once (accel/crfrows.py).
            tags = model.estimator.tag(self._template_rows(tokens))
        else:
            # One feature column, the token, as word_tokenize gives it (in
            # 1-tuples, which the featurizer reads as it reads 1-lists; one
            # shared tuple per token type, not one new tuple per token).
            tags = model.predict(list(map(self._feature_rows.__getitem__, tokens)))
        return text, spans, raw, tokens, tags

    def _regex_tokens(self, text: str) -> tuple[list[tuple[int, int]], list[str]]:
        """The matches of word_tokenize's regex in `text`: spans and text.

        Each alternative of the pattern is one named group spanning the whole
        match, so a match is the token word_tokenize extracts. For the pattern
        checked here (`_CHECKED_PATTERN`), a space-delimited chunk of letters
        that the scan enters at its start is one token, unless it opens with
        `ʺ` (punctuation) or `Th` (the pattern's `Th.S`, whose `.` is any
        character, even a space): most chunks need no regex. The others, and
        any other pattern, are scanned by the regex.
        """
        pattern = self._regex_module.patterns
        if pattern is not self._checked_pattern:
            spans = [m.span() for m in pattern.finditer(text)]
            return spans, [text[start:end] for start, end in spans]
        search = pattern.search
        spans, raw = [], []
        add_span, add_raw = spans.append, raw.append
        pos = start = 0  # where the scan stands; where the chunk starts
        for chunk in text.split(" "):
            end = start + len(chunk)
            if pos <= start and chunk.isalpha() and not chunk.startswith(("Th", "ʺ")):
                add_span((start, end))
                add_raw(chunk)
                pos = end
            else:
                # A search from `pos` finds what the scan of the whole text
                # finds (lookbehinds see the text before `pos`).
                while pos < end and (match := search(text, pos)) and match.start() < end:
                    add_span(match.span())
                    add_raw(match.group())
                    pos = match.end()
            start = end + 1
        return spans, raw

    def words(self, paragraph: str) -> list[str]:
        """word_tokenize(paragraph), the same way."""
        if not self.ported:
            return self._word_tokenize(paragraph)
        *_, tokens, tags = self._tokens(paragraph)
        return _join_words(tokens, tags)

    def word_spans(self, paragraph: str) -> list[tuple[int, int]]:
        """locate(word_tokenize(paragraph), paragraph)."""
        if not self.ported:
            return locate(self._word_tokenize(paragraph), paragraph)
        text, token_spans, raw, tokens, tags = self._tokens(paragraph)
        if text != paragraph or tokens != raw:
            # Normalisation changed the text: search for the words as before.
            return locate(_join_words(tokens, tags), paragraph)
        # Tokens are the paragraph's own characters and only whitespace lies
        # between them, so locate() finds each word where its first token starts,
        # as long as the tokens of a word are one space apart (as joined).
        spans: list[tuple[int, int]] = []
        append = spans.append
        last = -1  # where the previous token ends
        for tag, span in zip(tags, token_spans, strict=False):
            if tag == "I-W" and spans:
                if last != span[0] - 1 or paragraph[last] != " ":
                    return locate(_join_words(tokens, tags), paragraph)
                last = span[1]
                spans[-1] = (spans[-1][0], last)
            else:
                append(span)
                last = span[1]
        return spans

    def sentence_spans(self, text: str) -> list[tuple[int, int]]:
        """locate(sent_tokenize(text), text): underthesea's PunktSentenceTokenizer loop."""
        if not self.ported:
            return locate(self._sent_tokenize(text), text)
        spans: list[tuple[int, int]] = []
        if not text or not text.strip():
            return spans
        n = len(text)
        start = i = 0
        search = _SENTENCE_END.search
        while (found := search(text, i)) is not None:
            i = found.start()
            if text[i] == ".":
                dot_end = i
                while dot_end < n and text[dot_end] == ".":
                    dot_end += 1
                if dot_end - i >= 3:  # an ellipsis ends a sentence before a capital
                    after = dot_end
                    while after < n and text[after] in " \t":
                        after += 1
                    if after >= n or text[after].isupper():
                        _add_stripped(spans, text, start, dot_end)
                        while dot_end < n and text[dot_end] in " \t\n\r":
                            dot_end += 1
                        start = dot_end
                    i = dot_end
                    continue
                if self._period_continues(text, i):
                    i += 1
                    continue
            end = i + 1
            while end < n and text[end] in ".?!":
                end += 1
            _add_stripped(spans, text, start, end)
            while end < n and text[end] in " \t\n\r":
                end += 1
            start = i = end
        _add_stripped(spans, text, start, n)
        return spans

    def _period_continues(self, text: str, pos: int) -> bool:
        """A full stop inside a number (1.500) or after an abbreviation."""
        if pos > 0 and text[pos - 1].isdigit() and pos + 1 < len(text) and text[pos + 1].isdigit():
            return True
        start = pos - 1
        while start >= 0 and (text[start].isalnum() or text[start] == "."):
            start -= 1
        word = text[start + 1 : pos]
        return bool(word) and word.lower() in self._abbreviations


def _template_rows() -> TemplateRows | None:
    """The word segmenter's feature rows made from cached parts, if its templates allow.

    Reads the templates and dictionary of the model that `_PORTED` checked, and
    checks the rows against the featurizer's on a few probe sequences (ends,
    short sequences, digits, capitals, dictionary words): None, and the
    featurizer itself, if an underthesea_core ever featurizes otherwise.
    """
    import underthesea
    from underthesea_core import CRFFeaturizer

    model = Path(underthesea.__file__).parent / _MODEL
    templates = _model_file(model / "features.bin")
    if not TemplateRows.supports(templates):
        return None
    dictionary = _model_file(model / "dictionary.bin")
    rows = TemplateRows(
        templates, dictionary, CRFFeaturizer(list(TOKEN_TEMPLATES), dictionary).process
    )
    featurizer = CRFFeaturizer(templates, dictionary)
    for probe in _PROBES:
        tokens = probe.split()
        if rows(tokens) != featurizer.process([[[t] for t in tokens]])[0]:
            return None
    return rows


def _model_file(path: Path) -> Any:
    """A model file as underthesea reads it with joblib.load.

    The ported files (`_PORTED`) are plain pickles, which pickle's C unpickler
    reads in a fifth of the time of joblib's Python one (0.02 s against 0.1 s
    for the dictionary); joblib reads any other.
    """
    try:
        with path.open("rb") as file:
            return pickle.load(file)
    except Exception:  # whatever pickle refuses, joblib may read
        import joblib

        return joblib.load(path)


# Token sequences on which TemplateRows must agree with the featurizer before it is used.
_PROBES = (
    "",
    "Xin",
    "An ninh",
    "Điều 3 .",
    "Bộ Công an , 12 cơ quan nhà nước và -5 TP.HCM +7 Ǆ ΣΑΣ ß İ ngày 31/12/2025 ...",
)


class _FeatureRows(dict[str, tuple[str]]):
    """token -> (token,), the tagger's feature row of a token, made once per token type.

    Bounded: emptied when it outgrows `limit` types (numbers and names keep coming).
    """

    limit = 1 << 16

    def __missing__(self, token: str) -> tuple[str]:
        if len(self) >= self.limit:
            self.clear()
        row = self[token] = (token,)
        return row


def _join_words(tokens: list[str], tags: list[str]) -> list[str]:
    """word_tokenize's output from its tokens and their tags."""
    words: list[str] = []
    # zip() stops at the shorter list, as in word_tokenize.
    for tag, token in zip(tags, tokens, strict=False):
        if tag == "I-W" and words:
            words[-1] = words[-1] + " " + token
        else:
            words.append(token)
    return words


@lru_cache(maxsize=1)
def _tokenizers() -> _Tokenizer:
    return _Tokenizer(ported=not _port_differences_warned())


def syllables(text: str) -> int:
    return len(_SYLLABLE.findall(text))


def locate(parts: list[str], text: str) -> list[tuple[int, int]]:
    """Offsets of each part in `text`, in order, tolerant of changed whitespace."""
    spans: list[tuple[int, int]] = []
    cursor = 0
    for part in parts:
        part = part.strip()
        if not part:
            continue
        found = text.find(part, cursor)
        if found != -1:
            spans.append((found, found + len(part)))
            cursor = found + len(part)
            continue
        # The tokenizer changed spacing: walk the non-space characters.
        chars = [c for c in part if not c.isspace()]
        pos = cursor
        while pos < len(text) and text[pos].isspace():
            pos += 1
        start = pos
        for char in chars:
            while pos < len(text) and text[pos].isspace():
                pos += 1
            if pos >= len(text) or text[pos] != char:
                break
            pos += 1
        spans.append((start, pos))
        cursor = pos
    return spans


_BRACKETS = re.compile(r"[(\[{“‘«)\]}”’»]")


@lru_cache(maxsize=16)
def _patterns(chars: str) -> tuple[re.Pattern[str], re.Pattern[str]]:
    """The characters alone, and the characters or a bracket."""
    return (
        re.compile("[" + re.escape(chars) + "]"),
        re.compile(_BRACKETS.pattern[:-1] + re.escape(chars) + "]"),
    )


def _top_level_positions(text: str, chars: str) -> list[int]:
    """Positions of `chars` that stand outside brackets and quotations."""
    wanted, with_brackets = _patterns(chars)
    if not _BRACKETS.search(text):
        return [m.start() for m in wanted.finditer(text)]
    depth = 0
    out = []
    for match in with_brackets.finditer(text):
        char = match.group()
        if char in _OPENERS:
            depth += 1
        elif char in _CLOSERS:
            depth = max(0, depth - 1)
        elif depth == 0:
            out.append(match.start())
    return out


def _unbroken_spans(text: str, rules: SegmentRules) -> list[tuple[int, int]]:
    """Where `text` holds a token that no sentence or clause cut may fall inside (a URL…)."""
    return [m.span() for pattern in rules.unbroken for m in pattern.finditer(text)]


def _inside(position: int, spans: list[tuple[int, int]]) -> bool:
    return any(start < position < end for start, end in spans)


def _split_points(sentence: str, rules: SegmentRules) -> list[int]:
    """Ends of clauses inside a sentence (exclusive offsets), by `;` and enumerating `:`."""
    separators = _top_level_positions(sentence, rules.split_after)
    colons = _top_level_positions(sentence, ":")
    if not separators and not colons:
        return []
    tokens = _unbroken_spans(sentence, rules)
    points = [i + 1 for i in separators if not _inside(i, tokens)]
    for i in colons:
        if _inside(i, tokens):
            continue
        before = sentence[i - 1] if i else ""
        after = sentence[i + 1] if i + 1 < len(sentence) else ""
        if before.isdigit() and after.isdigit():  # a time such as 22:52
            continue
        opened = max((p for p in points if p <= i), default=0)
        if len(_SYLLABLE.findall(sentence, opened, i)) < rules.colon_min_before:
            continue  # a label's colon (`Số: 81/2021/NĐ-CP`), not an enumeration's
        if rules.colon_label is not None and rules.colon_label.search(sentence, opened, i):
            continue
        rest = sentence[i + 1 :]
        if len(_top_level_positions(rest, ",;")) >= rules.colon_min_items:
            points.append(i + 1)
    return sorted(set(p for p in points if 0 < p < len(sentence.rstrip())))


@lru_cache(maxsize=16)
def _more_syllables_than(count: int) -> re.Pattern[str]:
    """Matches (at a position) when more than `count` syllables follow it."""
    # Possessive: each repetition takes one whole \w+ run, never part of one.
    return re.compile(rf"(?:\W*+\w++){{{count + 1}}}")


@lru_cache(maxsize=16)
def _connective_prefixes(connectives: tuple[str, ...]) -> tuple[tuple[str, ...], int]:
    """What a connective opening the text after a comma looks like, and its longest length."""
    prefixes = tuple(c + sep for c in connectives for sep in (" ", ","))
    return prefixes, max(map(len, prefixes), default=0)


_NON_SPACE = re.compile(r"\S")


def _split_long(text: str, start: int, stop: int, rules: SegmentRules) -> list[tuple[int, int]]:
    """Split an over-long clause text[start:stop] at commas, as near its middle as possible."""
    # Most clauses are short enough: say so without listing their syllables.
    if not _more_syllables_than(rules.max_syllables).match(text, start, stop):
        return [(start, stop)]
    # Syllable ends, once for the clause: counts on either side of a comma,
    # in the clause and in its pieces, are then a bisect. (No syllable runs
    # across a clause or piece boundary: each follows a separator.)
    ends = [m.end() for m in _SYLLABLE.finditer(text, start, stop)]
    # A clause that opens with a fronted adverbial (`Để bảo đảm …, người đứng
    # đầu hai nước …`) may also be cut where that ends: at its first comma.
    fronted = -1
    if rules.fronted.match(text, start, stop):
        commas = _top_level_positions(text[start:stop], ",")
        fronted = start + commas[0] if commas else -1
    return _split_at_comma(text, start, stop, ends, rules, fronted)


def _split_at_comma(
    text: str, start: int, stop: int, ends: list[int], rules: SegmentRules, fronted: int = -1
) -> list[tuple[int, int]]:
    """_split_long of text[start:stop], a clause or a piece of it, given the clause's `ends`.

    `fronted` is the comma (in `text`) that ends a fronted adverbial, if any.
    """
    first = bisect.bisect_right(ends, start)
    count = bisect.bisect_right(ends, stop) - first
    if count <= rules.max_syllables:
        return [(start, stop)]
    span = text[start:stop]
    middle = len(span) / 2
    best: tuple[int, float, int] | None = None
    commas = _top_level_positions(span, ",")
    enumerated = _enumeration_commas(span, commas, rules)
    for comma in commas:
        # The end of a fronted adverbial is no list item, whatever its last word.
        if comma in enumerated and start + comma != fronted:
            continue
        cut = comma + 1
        left = bisect.bisect_right(ends, start + cut) - first
        if min(left, count - left) < rules.min_syllables:
            continue
        connective = _connective_follows(span, cut, rules) or start + comma == fronted
        if not connective and rules.connectives_only:
            continue
        rank = (0 if connective else 1, abs(cut - middle), cut)
        if best is None or rank < best:
            best = rank
    if best is None:
        return [(start, stop)]
    head_end = start + best[2]
    cut = head_end
    while cut < stop and text[cut].isspace():
        cut += 1
    return _split_at_comma(text, start, head_end, ends, rules, fronted) + _split_at_comma(
        text, cut, stop, ends, rules, fronted
    )


def _enumeration_commas(span: str, commas: list[int], rules: SegmentRules) -> set[int]:
    """The commas of `span` that separate the items of an enumeration (never cut there).

    An item runs from a comma, a semicolon, `và` or `hoặc` to the next one. A
    comma is inside an enumeration where the item on either side is short
    (`khoản 1, 2, 3 và 5`; `cơ quan, tổ chức, cá nhân`), where both items open
    with the same word (`vùng có …, vùng có …`), where it stands between
    digits (`1,5`), or where `và`/`hoặc` follows it after an earlier comma
    (`A, B, và C`: the last item of a list). A comma before another
    connective (`…, trừ trường hợp …`) opens a clause: only digits keep it.
    """
    semicolons = _top_level_positions(span, ";")
    bounds = sorted(
        {0, len(span), *commas, *semicolons}
        | {c + 1 for c in commas}
        | {i + 1 for i in semicolons}
        | {b for m in rules.enumeration_joiners.finditer(span) for b in m.span()}
    )
    limit = rules.enumeration_item_syllables
    out = set()
    for comma in commas:
        at = bisect.bisect_left(bounds, comma)
        before = span[bounds[at - 1] : comma] if at > 0 else ""
        after_start = comma + 1
        # `, và X`: the item after the comma is X
        joiner = rules.enumeration_joiners.match(span, _skip_spaces(span, after_start))
        if joiner is not None:
            after_start = joiner.end()
        after_end = bounds[min(bisect.bisect_right(bounds, after_start), len(bounds) - 1)]
        after = span[after_start:after_end]
        between_digits = (
            comma > 0 and span[comma - 1].isdigit() and span[comma + 1 : comma + 2].isdigit()
        )
        if joiner is None and _connective_follows(span, comma + 1, rules):
            # `…, trừ trường hợp …`: a clause opens; a short list may end before it
            if between_digits:
                out.add(comma)
            continue
        if (
            (joiner is not None and comma != commas[0])  # `A, B, và C`: the list's end
            or between_digits
            or syllables(before) <= limit
            or syllables(after) <= limit
            or _first_word(before) == _first_word(after) != ""
        ):
            out.add(comma)
    return out


def _connective_follows(span: str, position: int, rules: SegmentRules) -> bool:
    """Whether a connective opens the text from `position` (after a comma)."""
    prefixes, longest = _connective_prefixes(rules.connectives)
    # Only as many characters as the longest connective are lower-cased,
    # not the rest of the clause (lower() makes one or more of each).
    found = _NON_SPACE.search(span, position)
    if found is None:
        return False
    following = span[found.start() : found.start() + longest].lower()
    return following.startswith(prefixes) and not rules.list_continuation.match(span, found.start())


def _skip_spaces(text: str, position: int) -> int:
    while position < len(text) and text[position].isspace():
        position += 1
    return position


def _first_word(item: str) -> str:
    found = _SYLLABLE.search(item)
    return found.group().lower() if found else ""


def clause_spans(sentence: str, rules: SegmentRules | None = None) -> list[tuple[int, int]]:
    """Clause offsets within one sentence."""
    rules = rules or load_segment_rules()
    spans: list[tuple[int, int]] = []
    start = 0
    for end in [*_split_points(sentence, rules), len(sentence)]:
        s, e = start, end
        while s < e and sentence[s].isspace():
            s += 1
        while e > s and sentence[e - 1].isspace():
            e -= 1
        if e > s:
            spans.extend(_split_long(sentence, s, e, rules))
        start = end
    return spans


def _merge_markers(
    spans: list[tuple[int, int]], text: str, rules: SegmentRules
) -> list[tuple[int, int]]:
    """Join a sentence piece that is only a marker (`1.`, `Điều 1.`) to the next one.

    underthesea ends a sentence after `Điều 1.`; the label belongs to its heading.
    """
    return join_markers(spans, lambda s, e: is_label(text[s:e], rules.structure))


def join_markers(
    spans: Sequence[tuple[int, int]], is_marker: Callable[[int, int], bool]
) -> list[tuple[int, int]]:
    """Spans in order, each run of marker spans (`is_marker(start, end)`) joined to
    the span after it, or to the one before it at the end (shared with the English
    side of `parallel`)."""
    merged: list[tuple[int, int]] = []
    pending: int | None = None
    for s, e in spans:
        if is_marker(s, e):
            pending = s if pending is None else pending
            continue
        merged.append((pending if pending is not None else s, e))
        pending = None
    if pending is not None:
        if merged:
            merged[-1] = (merged[-1][0], spans[-1][1])
        else:
            merged.append((pending, spans[-1][1]))
    return merged


def _repair_sentences(
    spans: list[tuple[int, int]], text: str, rules: SegmentRules
) -> list[tuple[int, int]]:
    """underthesea's sentences, joined again where a cut is not a sentence end.

    A cut is no end inside a token that `rules.unbroken` names (a URL, an
    e-mail address, a codification number), nor at a full stop followed at
    once by a small letter or a digit (a domain name `“.vn”`). Closing quotes
    and brackets that follow a stop at once end the sentence they close.
    """
    if len(spans) < 2:
        return spans
    tokens: list[tuple[int, int]] | None = None
    out = [spans[0]]
    for start, end in spans[1:]:
        last_start, last_end = out[-1]
        if last_end == start:  # nothing between the stop and the next sentence
            closers = start
            while closers < end and text[closers] in _CLOSERS + '"':
                closers += 1
            reference = rules.closing_reference
            if reference is not None and text[last_end - 1 : last_end] in ".!?…":
                found = reference.match(text, closers, end)
                if found is not None:
                    closers = found.end()
            if closers > start and (closers == end or text[closers].isspace()):
                out[-1] = (last_start, closers)
                while closers < end and text[closers].isspace():
                    closers += 1
                if closers < end:
                    out.append((closers, end))
                continue
            if text[last_end - 1] == "." and (text[start].islower() or text[start].isdigit()):
                out[-1] = (last_start, end)
                continue
        if tokens is None:
            tokens = _unbroken_spans(text, rules)
        if _inside(last_end, tokens):
            out[-1] = (last_start, end)
            continue
        out.append((start, end))
    return out


def _whole(paragraph: str) -> list[tuple[int, int]]:
    """The paragraph as one span, without its outer whitespace."""
    start = len(paragraph) - len(paragraph.lstrip())
    end = len(paragraph.rstrip())
    return [(start, end)] if end > start else []


def _bounded(spans: list[tuple[int, int]], text: str, limit: int) -> list[tuple[int, int]]:
    """The sentences, a run with no stop longer than `limit` characters cut at spaces.

    Only text that is no sentence at all (a megabyte without a full stop) is
    cut; it would otherwise reach the tagger and the clause splitter whole.
    """
    if all(end - start <= limit for start, end in spans):
        return spans
    out: list[tuple[int, int]] = []
    for start, end in spans:
        while end - start > limit:
            cut = text.rfind(" ", start + 1, start + limit)
            cut = start + limit if cut == -1 else cut
            out.append((start, cut))
            start = _skip_spaces(text, cut)
        if end > start:
            out.append((start, end))
    return out


def _batches(
    size: int, sentences: list[tuple[int, int]], limit: int
) -> Iterator[tuple[int, int, list[tuple[int, int]]]]:
    """A paragraph of `size` characters as (start, end, its sentences) pieces for the tagger.

    The whole paragraph when it holds at most `limit` characters; else runs of
    whole sentences of at most `limit` characters each (the sentences are
    `_bounded`), each running from its first sentence to the next one's start.
    """
    if size <= limit or not sentences:
        yield 0, size, sentences
        return
    first = 0  # index of the batch's first sentence
    start = 0  # where the batch starts in the paragraph
    for index in range(1, len(sentences) + 1):
        end = sentences[index][0] if index < len(sentences) else size
        if end - start > limit and index - 1 > first:
            cut = sentences[index - 1][0]
            yield start, cut, sentences[first : index - 1]
            first, start = index - 1, cut
    yield start, size, sentences[first:]


def _shifted(spans: list[tuple[int, int]], offset: int) -> list[tuple[int, int]]:
    """Offsets in a piece of a paragraph made offsets in the paragraph."""
    return [(start + offset, end + offset) for start, end in spans]


def clause_id(doc: str, para: int, sent: int, clause: int) -> str:
    return f"{doc}:p{para:02d}.s{sent:02d}.c{clause:02d}"


def segment(document: Document, rules: SegmentRules | None = None) -> Iterator[Clause]:
    """Split a document's statement paragraphs into clauses with their words."""
    rules = rules or load_segment_rules()
    tokenizer = _tokenizers()
    tracker = Tracker(rules.structure)
    # A plain text's title line is paragraph 0: searchable, and the numbers of
    # the statement's own paragraphs do not depend on whether it has one.
    numbered = list(enumerate(document.paragraphs, start=1))
    if document.title is not None:
        numbered.insert(0, (0, document.title))
    header = masthead(
        [document.text[span.start : span.end] for _no, span in numbered], rules.structure
    )
    for index, (para_no, span) in enumerate(numbered):
        paragraph = document.text[span.start : span.end]
        structure = tracker.update(paragraph, header=index in header)
        # A heading, a note, the closing formula, a signature line: one unit.
        whole = structure.kind is not None
        if whole:
            sentences = _whole(paragraph)
        else:
            sentences = _repair_sentences(tokenizer.sentence_spans(paragraph), paragraph, rules)
            sentences = _merge_markers(sentences, paragraph, rules)
            sentences = _bounded(sentences, paragraph, rules.tagger_batch_chars)
        # Words by paragraph: fewer, longer word_tokenize runs cost less, and
        # sentence and clause cuts fall on punctuation tokens. A word belongs
        # to the clause its first character is in. A very long paragraph goes
        # to the tagger in batches of whole sentences, and its clauses come out
        # batch by batch: the tagger's memory grows with the text it is given
        # (about 2 KB a character).
        # From here on the paragraph's pieces are cut from the document's text
        # (`base` is where the paragraph starts): a copy of a paragraph of many
        # megabytes is not kept while it is tagged.
        batches = _batches(len(paragraph), sentences, rules.tagger_batch_chars)
        del paragraph
        text, base = document.text, span.start
        sent_no = 0
        for batch_start, batch_end, batch in batches:
            word_spans = tokenizer.word_spans(text[base + batch_start : base + batch_end])
            if batch_start:
                word_spans = _shifted(word_spans, batch_start)
            word_starts = list(map(itemgetter(0), word_spans))  # never decreasing
            next_word = 0
            for s_start, s_end in batch:
                sent_no += 1
                sentence = text[base + s_start : base + s_end]
                pieces = [(0, len(sentence))] if whole else clause_spans(sentence, rules)
                for clause_no, (c_start, c_end) in enumerate(pieces, start=1):
                    clause_text = sentence[c_start:c_end]
                    start = s_start + c_start
                    end = start + len(clause_text)
                    # The words not taken yet that start before the clause ends;
                    # of those, the ones that start inside it.
                    first = bisect.bisect_left(word_starts, start, next_word)
                    next_word = bisect.bisect_left(word_starts, end, next_word)
                    clause_words = [
                        text[base + ws : base + we] for ws, we in word_spans[first:next_word]
                    ]
                    yield Clause(
                        id=clause_id(document.id, para_no, sent_no, clause_no),
                        doc=document.id,
                        para=para_no,
                        sent=sent_no,
                        clause=clause_no,
                        text=clause_text,
                        start=span.start + start,
                        end=span.start + end,
                        words=tuple(clause_words),
                        structure=structure,
                    )
