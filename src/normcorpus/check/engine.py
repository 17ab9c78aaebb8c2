"""The check's engine: read pairs, align them in batches, call each rule's hooks, collect findings.

`Checker` holds what a glossary needs once (the aligner, the English matcher,
a cache of aligned sources); `check_pairs` and `check_files` run the enabled
rules (`registry.RULES`) over segment pairs, file by file, and return a
`CheckReport`. Every segment is NFC- and tone-normalised before matching.
"""

from __future__ import annotations

import gc
import re
import unicodedata
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import replace
from itertools import chain, compress, islice, repeat
from operator import call, is_
from pathlib import Path

from .. import normalize
from ..accel import sourcepass
from ..align import Aligner, Located
from ..english import EnglishMatcher, nfc
from ..errors import NormcorpusError
from ..formats.bilingual import SegmentPair, direction, read_pairs
from ..models import Glossary
from . import screen
from .model import CheckReport, File, Finding, Rule, Run, Segment, translation_status
from .registry import RULES
from .suppress import Suppression, apply_suppressions

# --- Vietnamese normalisation, fast path ------------------------------------------

# Tone placement only ever moves a mark in an open `oa`/`oe`/`uy` syllable with
# the mark on the second vowel (`hoà`, not `hoàng`); NFC text without one is
# already normal, which saves the NFD round trip for most segments. The regex
# is led by the marked vowel (a character class the regex engine scans for
# fast), the first vowel behind it.
_TONE_FIRSTS = ["oO", "uU"]
_TONE_SECONDS = ["àáảãạÀÁẢÃẠèéẻẽẹÈÉẺẼẸ", "ỳýỷỹỵỲÝỶỸỴ"]
_TONE_CANDIDATE = re.compile(
    f"[{''.join(_TONE_SECONDS)}]"
    f"(?<={'|'.join(f'[{a}][{b}]' for a, b in zip(_TONE_FIRSTS, _TONE_SECONDS, strict=True))})"
    "(?![\\w\u0300-\u036f])"
)


# `_TONE_CANDIDATE.search(text) is not None`, in one pass in C where it was built
# (`accel.sourcepass`, tested against the regex): a table, not the regex's class.
_tone_place = sourcepass.tone_place(_TONE_FIRSTS, _TONE_SECONDS) or (
    lambda text: _TONE_CANDIDATE.search(text) is not None
)


def vietnamese(text: str) -> str:
    """`normalize.text(text)`, fast when there is nothing to change."""
    if unicodedata.is_normalized("NFC", text) and not _tone_place(text):
        return text
    return normalize.text(text)


# --- the checker --------------------------------------------------------------------


@contextmanager
def _collector_paused() -> Iterator[None]:
    """The cyclic garbage collector off for a check run, back as it was after.

    A run keeps a few objects a segment (findings, segments, the aligner's
    caches) until the report is written, and makes no reference cycles; the
    collector would walk that growing heap again and again to free nothing (a
    sixth of the run on 100,000 segments). Afterwards what the run made is
    moved to the collector's oldest generation (freeze, then unfreeze), as its
    passes would have done: the first young pass then does not walk it all.
    """
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        gc.unfreeze()
        gc.enable()


def _overrides(rule: Rule, hook: str) -> bool:
    return getattr(type(rule), hook) is not getattr(Rule, hook)


class Checker:
    """Runs the rules over pairs; build once per glossary and rule set."""

    def __init__(
        self,
        glossary: Glossary,
        *,
        rules: Iterable[str] | None = None,
        cache_size: int | None = 20_000,
    ):
        self.glossary = glossary
        self.rules = frozenset(rules) if rules is not None else frozenset(RULES)
        self.aligner = Aligner(glossary)
        self.english = EnglishMatcher(glossary)
        self._concept_of = self.aligner.entries.concepts()
        # entry index -> the other concepts spelled the same (`align.homographs`):
        # any one's English renders the words.
        self._homographs = {
            index: tuple(dict.fromkeys(self._concept_of[k] for k in others))
            for index, others in self.aligner.homographs.items()
        }
        self._run = Run(glossary, glossary.by_id(), self.aligner.entries, self.rules, self.english)
        # Translation memories repeat segments (headings, boilerplate): each
        # text is aligned once while it stays among the last `cache_size` ones.
        self._aligned: dict[str, tuple[Located, ...]] = {}
        self._cache_size = cache_size
        # Insertion order, oldest first: `next(iter(dict))` would step over
        # every slot already deleted, which grows with the file.
        self._order: deque[str] = deque()

    def align(self, vi: str) -> tuple[Located, ...]:
        """The glossary terms in a normalised Vietnamese text (`Aligner.locate`)."""
        return self.align_many([vi])[0]

    def align_many(self, sources: list[str]) -> list[tuple[Located, ...]]:
        """`align` of each text: the ones not remembered are aligned together, once each."""
        cached = self._aligned
        found = list(map(cached.get, sources))
        if None not in found:
            return found  # type: ignore[return-value]
        missing = list(dict.fromkeys(compress(sources, map(is_, found, repeat(None)))))
        located = self.aligner.locate_many(missing)
        aligned = dict(zip(missing, located, strict=True))
        if self._cache_size is None:
            cached.update(aligned)
        else:
            # First in, first out, a batch at a time: the oldest make room for
            # the new (a batch larger than the cache keeps its own last ones).
            order = self._order
            room = max(self._cache_size, 1)
            new = list(aligned.items())
            if len(new) >= room:
                cached.clear()
                order.clear()
                new = new[len(new) - room :]
            else:
                for _ in range(len(cached) + len(new) - room):
                    del cached[order.popleft()]
            order.extend(vi for vi, _located in new)
            cached.update(new)
        if len(missing) == len(sources):  # every one new, none twice: `missing` is `sources`
            return located
        return [
            have if have is not None else aligned[vi]
            for vi, have in zip(sources, found, strict=True)
        ]

    def segment(
        self,
        pair: SegmentPair,
        vi: str | None = None,
        located: tuple[Located, ...] | None = None,
    ) -> Segment:
        """The context the rules see for one pair (`vi`, `located`: when already known)."""
        if vi is None or located is None:
            vi = vietnamese(pair.vi)
            located = self.align(vi)
        en = nfc(pair.en)
        status = (
            translation_status(vi, en)
            if pair.vi_is_source
            else translation_status(en, vi, english=True)
        )
        concept_of = self._concept_of
        if status or not located:
            return Segment(pair, vi, en, located, concept_of, status)
        # Each concept once, at its first place in the source.
        first: dict[str, tuple[int, int]] = {}
        at = first.setdefault
        for start, end, index, _kind, _score in located:
            at(concept_of[index], (start, end))
        # A homograph's other concepts, looked for too: concept -> its group.
        shared: dict[str, tuple[str, ...]] = {}
        if self._homographs:
            for start, end, index, _kind, _score in located:
                others = self._homographs.get(index)
                if others:
                    group = (concept_of[index], *others)
                    for concept_id in group:
                        first.setdefault(concept_id, (start, end))
                        shared[concept_id] = group
        # What the English does with each concept, in source order, in one
        # call (three rules read it: `english.reading`). Kept small: a report
        # keeps the Segment of every segment with findings.
        rendered, renderings, unrendered, deprecated = self.english.read_in(en, first)
        if shared:
            unrendered = tuple(_homographs_rendered(unrendered, shared, located, concept_of))
        return Segment(
            pair,
            vi,
            en,
            located,
            concept_of,
            status,
            rendered,
            renderings,
            unrendered,
            deprecated,
        )

    def _aligned_batches(
        self, pairs: Iterable[SegmentPair], size: int = 256
    ) -> Iterator[tuple[SegmentPair, str, tuple[Located, ...]]]:
        """Each pair with its normalised source and the terms found in it.

        Sources are aligned a batch at a time, then the batch goes to the
        rules: each phase keeps its own tables in the processor's caches
        (interleaved, the two evict each other: a fifth slower).
        """
        iterator = iter(pairs)
        concept_of, homographs = self._concept_of, self._homographs
        while batch := list(islice(iterator, size)):
            sources = [vietnamese(pair.vi) for pair in batch]
            located = self.align_many(sources)
            # The concepts the English scan is asked for (`segment`), said at once.
            self.english.expect(
                concept
                for found in located
                for index in {match[2] for match in found}
                for concept in (concept_of[index], *homographs.get(index, ()))
            )
            yield from zip(batch, sources, located, strict=True)

    def check(
        self,
        pairs: Iterable[SegmentPair],
        *,
        prefix: Mapping[str, Sequence[Finding]] | None = None,
        keep_views: bool = True,
    ) -> tuple[list[Finding], int, list[str], dict[tuple[str | None, str], Segment]]:
        """All findings for the pairs, in file order; (findings, pairs, files, views).

        A segment's findings come in rule order, a file's `file_end` findings
        after its segments'. `prefix` maps segment ids to findings made
        elsewhere (corpus mode: `stale`) that go before the segment's own.
        """
        rules = [cls(self._run) for cls in RULES.values() if cls.id in self.rules]
        # The segment hooks, those that see every segment first, each with what a
        # segment's screen key must have for it to be called (`screen.py`).
        hooked = sorted(
            (r for r in rules if _overrides(r, "segment")), key=lambda r: r.needs_target
        )
        wants = [(r.segment, screen.TRANSLATED if r.needs_target else 0, r.needs) for r in hooked]
        mask = screen.STATUS_BITS | screen.EN_SOURCE
        for *_, needs in wants:
            mask |= needs
        # (no text's bits are made when no enabled rule reads them)
        key_of = screen.key if mask & screen.TEXT else screen.status_key
        # Segment key -> the hooks it calls, in rule order (a few keys a run).
        called: dict[int, list[Callable[[Segment], Iterable[Finding]]]] = {}
        at_file_end = [r.file_end for r in rules if _overrides(r, "file_end")]
        findings: list[Finding] = []
        views: dict[tuple[str | None, str], Segment] = {}
        files: list[str] = []
        count = 0
        file: File | None = None

        def close_file() -> None:
            if file is None:
                return
            for hook in at_file_end:
                for finding in hook(file):
                    findings.append(finding)
                    pair = file.remembered.get(finding.segment)  # type: ignore[arg-type]
                    if keep_views and pair is not None:
                        # Segments are made again for the few reported here,
                        # rather than kept for every segment of the file; not
                        # for one its own findings keep already.
                        key = (file.name, pair.id)
                        if key not in views:
                            views[key] = self.segment(pair)

        make = self.segment
        flatten = chain.from_iterable
        with _collector_paused():
            for pair, vi, located in self._aligned_batches(pairs):
                count += 1
                if file is None or pair.file != file.name:
                    close_file()
                    file = File(pair.file)
                    files.append(pair.file)
                seg = make(pair, vi, located)
                key = key_of(seg) & mask
                hooks = called.get(key)
                if hooks is None:
                    hooks = called[key] = [
                        hook
                        for hook, status, needs in wants
                        if key & status == status and (not needs or key & needs)
                    ]
                # Each hook the key calls, with the segment, in rule order, the calls
                # and their findings strung together in C (most find nothing).
                found: list[Finding] = list(flatten(map(call, hooks, repeat(seg))))
                own = prefix.get(pair.id) if prefix else None
                if own or found:
                    if own:
                        findings += own
                    findings += found
                    if keep_views:
                        views[(pair.file, pair.id)] = seg
            close_file()
        return findings, count, files, views


# --- entry points ------------------------------------------------------------------


def check_pairs(
    pairs: Iterable[SegmentPair],
    glossary: Glossary | Checker,
    *,
    rules: Iterable[str] | None = None,
    suppressions: Sequence[Suppression] = (),
    keep_views: bool = True,
) -> CheckReport:
    """Check segment pairs (from one or more files, each file's pairs together)."""
    checker = glossary if isinstance(glossary, Checker) else Checker(glossary, rules=rules)
    findings, count, files, views = checker.check(pairs, keep_views=keep_views)
    kept, suppressed = apply_suppressions(findings, suppressions, rules=checker.rules)
    return CheckReport(tuple(kept), count, tuple(files), tuple(suppressed), views)


def check_files(
    paths: Sequence[str | Path],
    glossary: Glossary,
    *,
    input_format: str | None = None,
    rules: Iterable[str] | None = None,
    suppressions: Sequence[Suppression] = (),
    keep_views: bool = True,
    source_lang: str | None = None,
    target_lang: str | None = None,
) -> CheckReport:
    """Check bilingual files (TSV, CSV, JSONL, TMX, XLIFF).

    `keep_views=False` leaves out the segment texts the table and HTML reports
    show, which saves memory on large files when only the findings are wanted.
    `source_lang`/`target_lang` override the languages the files declare; what
    the readers decided about a file's languages is in the report's notes.
    """
    if not paths:
        raise NormcorpusError("no files to check (name bilingual files, or pass --corpus)")
    direction(source_lang, target_lang)  # a bad pair stops the run before any file is read
    # Pairs are streamed (a large file is never held whole); a bad file still
    # stops the run before any output, which is written only from the report.
    notes: list[str] = []
    pairs = chain.from_iterable(
        read_pairs(
            path,
            fmt=input_format,
            source_lang=source_lang,
            target_lang=target_lang,
            notes=notes,
        )
        for path in paths
    )
    report = check_pairs(
        pairs, glossary, rules=rules, suppressions=suppressions, keep_views=keep_views
    )
    return replace(report, notes=(*report.notes, *notes)) if notes else report


def _homographs_rendered(
    unrendered: Sequence[tuple[str, int, int]],
    shared: dict[str, tuple[str, ...]],
    located: tuple[Located, ...],
    concept_of: Sequence[str],
) -> list[tuple[str, int, int]]:
    """`unrendered` without the concepts of a homograph group that some member's
    English renders (`mã hóa` as `encoding` or as `encryption`), nor the members
    the aligner did not choose (a group none renders is missing once, as the
    concept it was recorded as)."""
    missing = {concept for concept, _s, _e in unrendered}
    chosen = {concept_of[index] for _s, _e, index, _k, _sc in located}
    return [
        (concept, start, end)
        for concept, start, end in unrendered
        if concept not in shared
        or (concept in chosen and all(c in missing for c in shared[concept]))
    ]
