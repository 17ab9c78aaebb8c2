"""Glossary validation: every problem of a glossary file, located, as data.

`validate_glossary()` returns a `Report` of `Problem`s (rule id, severity,
message, file, line, column); it raises only when the file cannot be read at
all (`GlossaryError`). The file is read by `glossary.read_entries`, the same
reader `load_glossary` uses, so a glossary that validates always loads: the
YAML is walked as events, nothing is expanded, aliases (`*name`) are reported
where they stand, and nesting is capped.

Rules (`RULES`: each id to its `models.Rule`, severity and doc line; `docs/glossary.md`
explains them):

- errors: the file is not YAML, or not the `normcorpus-glossary/1` schema
  (`schema-*`), a concept id is invalid or repeated, a term is empty, not NFC,
  badly spaced, or holds a character no text matches (a control, surrogate or
  invisible format character), a term repeats within its concept, a
  Vietnamese term belongs to two concepts that do not declare it a homograph
  (`homographs`), a concept has no preferred English term, a `broader` or
  `homographs` link names no concept, `broader` links close a cycle, an
  excluded phrase holds none of its concept's Vietnamese terms or is one of them;
- warnings (errors with `strict`): several preferred terms in one language of
  a concept, an English term preferred in one concept and deprecated in
  another, a preferred English term of two concepts that do not declare the
  share (`homographs`), an abbreviation of two concepts, old-style tone placement (`hoà`),
  a homograph declared between concepts that share no Vietnamese term;
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
from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path

from . import normalize
from .errors import InputError
from .glossary import (
    CONCEPT_ID,
    LANG_NAMES,
    MAX_DEPTH,
    ConceptEntry,
    TermEntry,
    cycles_uncollected,
    from_entries,
    read_entries,
    read_text,
)
from .models import ClauseRecord, Problem, Report, Rule, rule_registry

__all__ = ["CONCEPT_ID", "MAX_DEPTH", "RULES", "UNPARSED", "validate_glossary", "validate_text"]

# The problems that mean the file could not be read as YAML at all: the
# command exits 2 on them, as every command does on a file it cannot parse.
UNPARSED = frozenset({"yaml-syntax", "yaml-alias", "yaml-too-deep"})

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
        "bad-character",
        "error",
        "a term, abbreviation or note holding a character no text matches or XML cannot carry:"
        " a control character, a surrogate, U+FFFE/U+FFFF, U+FFFD (a decoding error), or (in"
        " terms) an invisible format character such as U+200B ZERO WIDTH SPACE or U+00AD SOFT"
        " HYPHEN",
    ),
    Rule(
        "duplicate-term",
        "error",
        "one term twice in a concept (Vietnamese: ignoring case and tone placement)",
    ),
    Rule(
        "duplicate-vi-term",
        "error",
        "one Vietnamese term (after normalisation, any case) in two concepts, neither of which"
        " names the other in `homographs`: declare a real homograph (`mã hóa`: encryption and"
        " encoding), else keep the term in one concept",
    ),
    Rule("no-preferred-en", "error", "a concept without a preferred English term"),
    Rule("unknown-broader", "error", "a `broader` link naming no concept of the glossary"),
    Rule("unknown-homograph", "error", "a `homographs` link naming no concept of the glossary"),
    Rule(
        "broader-cycle",
        "error",
        "`broader` links that lead back to where they started (`a` → `b` → `a`)",
    ),
    Rule(
        "exclude-without-term",
        "error",
        "an excluded phrase (`exclude`) that holds none of its concept's Vietnamese terms as"
        " whole words: it can never drop a match",
    ),
    Rule(
        "exclude-is-term",
        "error",
        "an excluded phrase that is one of its concept's Vietnamese terms: it would drop every"
        " match of that term",
    ),
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
    Rule(
        "shared-preferred-en",
        "warning",
        "one preferred English term (any case) in two concepts that no `homographs` link"
        " declares: two senses of one English word, or one concept in two",
    ),
    Rule("shared-abbreviation", "warning", "one abbreviation in two concepts"),
    Rule("old-tone-placement", "warning", "old-style tone placement in a term (`hoà` for `hòa`)"),
    Rule(
        "homograph-unshared",
        "warning",
        "a `homographs` link to a concept (or itself) that shares no Vietnamese term and no"
        " preferred English term with the concept: nothing to declare",
    ),
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

_WHAT = {
    "vi": "Vietnamese term",
    "en": "English term",
    "abbr": "abbreviation",
    "abbr_en": "English abbreviation",
    "exclude": "excluded phrase",
}

At = tuple[int, int]

# A text `_term_text` finds nothing wrong with, and keys as itself unless it is
# compared as Vietnamese is: printable ASCII in words that single spaces separate.
_PLAIN_ASCII = re.compile(r"[!-~]+(?: [!-~]+)*")

# The entries compared as Vietnamese terms are (`normalize.key`), and their words.
_VI_KEYED = frozenset({"vi", "exclude"})
_WORDS = re.compile(r"\w+")


def _bare(words: tuple[str, ...]) -> tuple[str, ...]:
    """Words without diacritics: how text typed without them spells them."""
    return tuple(map(normalize.fold, words))


# Characters no statement text matches and XML cannot carry, or that make a
# term differ from what a reader sees.
_LINE_BREAKS = "\t\n\r"


def _bad_character(text: str, *, allow_format: bool) -> str | None:
    """A description of the first unusable character in `text`, or None.

    Controls (but tab and line breaks, which the whitespace rule sees),
    surrogates, the noncharacters U+FFFE/U+FFFF and the replacement character
    (a decoding error) are never usable; invisible format characters (U+200B
    ZERO WIDTH SPACE, U+00AD SOFT HYPHEN, U+FEFF) are not in a term.
    """
    for char in text:
        if (char.isprintable() and char != "\ufffd") or char in _LINE_BREAKS:
            continue
        category = unicodedata.category(char)
        if category == "Cf" and allow_format:
            continue
        if (
            category in ("Cc", "Cs", "Cf")
            or char in "\ufffe\uffff\ufffd"
            or (category == "Cn" and (ord(char) & 0xFFFE) == 0xFFFE)
        ):
            name = unicodedata.name(char, "")
            return f"U+{ord(char):04X}{' ' + name if name else ''}"
    return None


def _declaration(concept: ConceptEntry, other: ConceptEntry) -> str:
    """How to declare the two a homograph: ` (`homographs: [other]` in concept 'c')`."""
    if other.id is None or concept.id is None:
        return ""
    return f" (`homographs: [{other.id}]` in concept {concept.label})"


class _Checker:
    """Checks the content of read glossary entries and collects the problems."""

    def __init__(self, file: str):
        self.file = file
        self.problems: list[Problem] = []
        # Pairs of concept ids that share a Vietnamese term or a preferred English
        # term (`_across` finds them): what a `homographs` link may declare.
        self._shared: set[frozenset[str | None]] = set()

    def add(self, rule: str, at: At | None, message: str) -> None:
        line, column = at if at else (None, None)
        self.problems.append(Problem(rule, RULES[rule].severity, message, self.file, line, column))

    # --- content ------------------------------------------------------------

    def check_content(self, concepts: list[ConceptEntry]) -> None:
        self._ids(concepts)
        term_text = self._term_text
        for concept in concepts:
            for entries in (concept.vi, concept.en, concept.abbr, concept.abbr_en, concept.exclude):
                for entry in entries:
                    term_text(entry, concept)
            if concept.note:
                self._note(concept)
            if concept.exclude:
                self._exclusions(concept)
            self._duplicates_within(concept)
            self._preferred(concept)
        self._across(concepts)
        self._broader(concepts)
        self._homographs(concepts)

    def _ids(self, concepts: list[ConceptEntry]) -> None:
        first: dict[str, At] = {}
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
                    f"concept id {concept.id!r} is already used at line {first[concept.id][0]}",
                )
            else:
                first[concept.id] = concept.id_at

    def _term_text(self, entry: TermEntry, concept: ConceptEntry) -> None:
        text = entry.text
        if entry.lang not in _VI_KEYED and _PLAIN_ASCII.fullmatch(text):
            # Most English terms and abbreviations: nothing below can find
            # fault with them, and the key is the text.
            entry.key = text
            return
        if not text.strip():
            self.add(
                "empty-term", entry.at, f"empty {_WHAT[entry.lang]} in concept {concept.label}"
            )
            return
        if not text.isprintable() or "\ufffd" in text:
            bad = _bad_character(text, allow_format=False)
            if bad is not None:
                self.add(
                    "bad-character",
                    entry.at,
                    f"{_WHAT[entry.lang]} {text!r} of concept {concept.label} holds {bad},"
                    " which no text can match",
                )
                return
        nfc = text
        if not unicodedata.is_normalized("NFC", text):
            nfc = unicodedata.normalize("NFC", text)
            self.add(
                "term-not-nfc",
                entry.at,
                f"{_WHAT[entry.lang]} {nfc!r} is not in Unicode NFC (decomposed accents);"
                " write it composed",
            )
        spaced = " ".join(text.split()) == text
        if not spaced:
            self.add(
                "term-whitespace",
                entry.at,
                f"{_WHAT[entry.lang]} {text!r} has leading, trailing, doubled or non-space"
                " whitespace",
            )
        if entry.lang not in _VI_KEYED and nfc.isascii():
            if spaced:
                entry.key = text  # what normalize.term gives for it
            return  # tone marks are Vietnamese letters: nothing to place
        new_style = normalize.text(nfc)
        if entry.lang in _VI_KEYED:
            # normalize.key(normalize.term(text)), without placing the tones twice
            entry.key = (new_style if spaced else normalize.whitespace(new_style)).lower()
        if new_style != nfc:
            self.add(
                "old-tone-placement",
                entry.at,
                f"{_WHAT[entry.lang]} {nfc!r} places tone marks the old way; write {new_style!r}",
            )

    def _note(self, concept: ConceptEntry) -> None:
        note = concept.note or ""
        if note.isprintable() and "\ufffd" not in note:
            return
        bad = _bad_character(note, allow_format=True)
        if bad is not None:
            self.add(
                "bad-character",
                concept.id_at or concept.at,
                f"the note of concept {concept.label} holds {bad}, which exports (XML) cannot"
                " carry",
            )

    @staticmethod
    def _key(entry: TermEntry) -> str:
        key = entry.key
        if key is None:
            if entry.lang in _VI_KEYED:
                key = normalize.key(normalize.term(entry.text))
            elif entry.lang in ("broader", "homographs"):
                key = entry.text
            else:
                key = normalize.term(entry.text)
            entry.key = key
        return key

    def _duplicates_within(self, concept: ConceptEntry) -> None:
        # An abbreviation listed in both `abbr` and `abbr_en` is listed twice.
        for entries in (
            concept.vi,
            concept.en,
            concept.abbr + concept.abbr_en if concept.abbr_en else concept.abbr,
            concept.broader,
            concept.exclude,
            concept.homographs,
        ):
            if len(entries) < 2:
                continue  # nothing to repeat (the keys are made where they are needed)
            seen: dict[str, TermEntry] = {}
            for entry in entries:
                if not entry.text.strip():
                    continue
                key = self._key(entry)
                if key in seen:
                    self.add(
                        "duplicate-term",
                        entry.at,
                        f"{entry.text!r} is listed twice in concept {concept.label}"
                        f" (first at line {seen[key].at[0]})",
                    )
                else:
                    seen[key] = entry

    def _exclusions(self, concept: ConceptEntry) -> None:
        """Each excluded phrase holds one of the concept's Vietnamese terms, as whole
        words, and is longer than it (`hợp tác xã` for `hợp tác`), or holds its letters
        with other marks (`thủ trưởng cơ quan` for `thứ trưởng`: the same typed bare)."""
        terms = {tuple(_WORDS.findall(self._key(t))): t for t in concept.vi if t.text.strip()}
        for entry in concept.exclude:
            if not entry.text.strip():
                continue
            words = tuple(_WORDS.findall(self._key(entry)))
            if words in terms:
                self.add(
                    "exclude-is-term",
                    entry.at,
                    f"excluded phrase {entry.text!r} of concept {concept.label} is its term"
                    f" {terms[words].text!r} (line {terms[words].at[0]}): it would drop every"
                    " match of it",
                )
            elif not any(
                _bare(words[k : k + len(held)]) == _bare(held)
                for held in terms
                if held
                for k in range(len(words) - len(held) + 1)
            ):
                self.add(
                    "exclude-without-term",
                    entry.at,
                    f"excluded phrase {entry.text!r} of concept {concept.label} holds none of"
                    " its Vietnamese terms as whole words, so it can never drop a match",
                )

    def _preferred(self, concept: ConceptEntry) -> None:
        # An unknown status is reported already; do not guess what it meant.
        statuses = [t.status for t in concept.en]
        if statuses and all(statuses) and "preferred" not in statuses:
            self.add(
                "no-preferred-en",
                concept.en_at,
                f"concept {concept.label} has no preferred English term",
            )
        for lang, entries in (("vi", concept.vi), ("en", concept.en)):
            if len(entries) < 2:
                continue
            preferred = [t for t in entries if t.status == "preferred"]
            if len(preferred) > 1:
                self.add(
                    "multiple-preferred",
                    preferred[1].at,
                    f"concept {concept.label} has {len(preferred)} preferred"
                    f" {LANG_NAMES[lang]} terms; {preferred[0].text!r}"
                    f" (line {preferred[0].at[0]}) is used, make the others admitted",
                )

    def _across(self, concepts: list[ConceptEntry]) -> None:
        # The pairs of concept ids that declare a homograph (either names the
        # other), and those that share a Vietnamese term (`_homographs` reads them).
        declared = {
            frozenset((c.id, e.text)) for c in concepts if c.id is not None for e in c.homographs
        }
        vi_first: dict[str, tuple[ConceptEntry, TermEntry]] = {}
        vi_more: dict[str, list[tuple[ConceptEntry, TermEntry]]] = {}  # its other owners
        abbr_first: dict[str, tuple[ConceptEntry, TermEntry]] = {}
        # Each preferred English term's owners, in file order (each pair shares it).
        en_preferred: dict[str, list[tuple[ConceptEntry, TermEntry]]] = {}
        deprecated: list[tuple[ConceptEntry, TermEntry]] = []
        key_of = self._key
        for concept in concepts:
            seen_vi: set[str] = set()
            for entry in concept.vi:
                key = key_of(entry)
                if key in seen_vi or not entry.text.strip():
                    continue
                seen_vi.add(key)
                first = vi_first.get(key)
                if first is None:
                    vi_first[key] = (concept, entry)
                    continue
                undeclared = None
                for other, other_entry in (first, *vi_more.get(key, ())):
                    pair = frozenset((concept.id, other.id))
                    self._shared.add(pair)
                    if undeclared is None and (
                        concept.id is None or other.id is None or pair not in declared
                    ):
                        undeclared = (other, other_entry)
                vi_more.setdefault(key, []).append((concept, entry))
                if undeclared is not None:
                    other, other_entry = undeclared
                    self.add(
                        "duplicate-vi-term",
                        entry.at,
                        f"Vietnamese term {entry.text!r} of concept {concept.label} also belongs"
                        f" to concept {other.label} (line {other_entry.at[0]}): declare a"
                        f" homograph{_declaration(concept, other)} if the word has both"
                        " senses, else keep it in one concept",
                    )
            seen_abbr: set[str] = set()
            for entries in (concept.abbr, concept.abbr_en):
                for entry in entries:
                    key = key_of(entry)
                    if key in seen_abbr or not entry.text.strip():
                        continue
                    seen_abbr.add(key)
                    if key in abbr_first:
                        other, other_entry = abbr_first[key]
                        self.add(
                            "shared-abbreviation",
                            entry.at,
                            f"{_WHAT[entry.lang]} {entry.text!r} of concept {concept.label} is"
                            f" also one of concept {other.label} (line {other_entry.at[0]})",
                        )
                    else:
                        abbr_first[key] = (concept, entry)
            for entry in concept.en:
                status = entry.status
                if status == "preferred" and entry.text.strip():
                    key = key_of(entry).lower()
                    owners = en_preferred.setdefault(key, [])
                    if all(owner is not concept for owner, _entry in owners):
                        self._shared_english(concept, entry, owners, declared)
                        owners.append((concept, entry))
                elif status == "deprecated":
                    deprecated.append((concept, entry))
        # Once every preferred term is known, in file order.
        for concept, entry in deprecated:
            owners = en_preferred.get(key_of(entry).lower())
            if owners and owners[0][0] is not concept:
                other, other_entry = owners[0]
                self.add(
                    "preferred-and-deprecated",
                    entry.at,
                    f"English term {entry.text!r} is deprecated in concept {concept.label}"
                    f" but preferred in concept {other.label} (line {other_entry.at[0]})",
                )

    def _shared_english(
        self,
        concept: ConceptEntry,
        entry: TermEntry,
        owners: list[tuple[ConceptEntry, TermEntry]],
        declared: set[frozenset[str | None]],
    ) -> None:
        """A preferred English term already preferred in `other`: reported unless a
        `homographs` link declares the share (an English word in two senses, as
        `state` is `nhà nước` and a program's `trạng thái`). Undeclared, a
        translator told to write it cannot tell which concept it renders; often
        one concept was entered twice (`an toàn thông tin`, `an ninh thông tin`)."""
        undeclared = None
        for other, other_entry in owners:  # each pair shares it, as with Vietnamese terms
            pair = frozenset((concept.id, other.id))
            self._shared.add(pair)  # what a `homographs` link may declare
            if undeclared is None and (
                concept.id is None or other.id is None or pair not in declared
            ):
                undeclared = (other, other_entry)
        if undeclared is None:
            return
        other, other_entry = undeclared
        self.add(
            "shared-preferred-en",
            entry.at,
            f"preferred English term {entry.text!r} of concept {concept.label} is also"
            f" preferred in concept {other.label} (line {other_entry.at[0]}): declare a"
            f" homograph{_declaration(concept, other)} if the English word has both senses,"
            " else give one concept another preferred term or merge the two",
        )

    def _broader(self, concepts: list[ConceptEntry]) -> None:
        """Each link names a concept, and following links never leads back."""
        known = {c.id for c in concepts if c.id is not None}
        links: dict[str, list[TermEntry]] = {}
        for concept in concepts:
            if concept.id is None:
                continue
            for entry in concept.broader:
                if entry.text not in known:
                    self.add(
                        "unknown-broader",
                        entry.at,
                        f"concept {concept.label} names {entry.text!r} as broader,"
                        " but no concept has that id",
                    )
                else:
                    links.setdefault(concept.id, []).append(entry)
        # Depth-first in file order; a link to a concept still on the path closes a cycle.
        done: set[str] = set()
        for start in links:
            if start in done:
                continue
            path = [start]
            on_path = {start}
            todo = [iter(links.get(start, ()))]
            while todo:
                entry = next(todo[-1], None)
                if entry is None:
                    todo.pop()
                    node = path.pop()
                    on_path.discard(node)
                    done.add(node)
                    continue
                target = entry.text
                if target in on_path:
                    cycle = [*path[path.index(target) :], target]
                    self.add(
                        "broader-cycle",
                        entry.at,
                        f"broader link {target!r} of concept {path[-1]!r} closes a cycle:"
                        f" {' → '.join(cycle)}",
                    )
                elif target not in done:
                    path.append(target)
                    on_path.add(target)
                    todo.append(iter(links.get(target, ())))

    def _homographs(self, concepts: list[ConceptEntry]) -> None:
        """Each `homographs` link names another concept that shares a Vietnamese
        term or a preferred English term."""
        known = {c.id for c in concepts if c.id is not None}
        for concept in concepts:
            if concept.id is None:
                continue
            for entry in concept.homographs:
                if entry.text not in known:
                    self.add(
                        "unknown-homograph",
                        entry.at,
                        f"concept {concept.label} names {entry.text!r} as a homograph,"
                        " but no concept has that id",
                    )
                elif entry.text == concept.id:
                    self.add(
                        "homograph-unshared",
                        entry.at,
                        f"concept {concept.label} names itself as a homograph",
                    )
                elif frozenset((concept.id, entry.text)) not in self._shared:
                    self.add(
                        "homograph-unshared",
                        entry.at,
                        f"concept {concept.label} names {entry.text!r} as a homograph, but the"
                        " two share no Vietnamese term and no preferred English term",
                    )

    # --- corpus -------------------------------------------------------------

    def check_corpus(
        self, concepts: list[ConceptEntry], records: Iterable[ClauseRecord], documents: int
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


def validate_text(
    text: str,
    *,
    file: str,
    corpus_records: Iterable[ClauseRecord] | None = None,
    corpus_documents: int = 0,
) -> Report:
    """Validate glossary YAML text (`file` names it in the problems)."""
    entries = read_entries(text, file=file)
    checker = _Checker(file)
    checker.problems.extend(entries.problems)
    with cycles_uncollected():
        checker.check_content(entries.concepts)
    if corpus_records is not None:
        checker.check_corpus(entries.concepts, corpus_records, corpus_documents)
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
            glossary = from_entries(read_entries(text, file=file), path=file)
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


def format_github(report: Report) -> str:
    """GitHub Actions workflow commands: `problems.github`, the one writer `check` uses too."""
    from .problems import github

    return github(report.problems)


def summary(report: Report) -> str:
    counts = {s: report.count(s) for s in ("error", "warning", "info")}
    parts = [f"{n} {s}{'s' if n != 1 and s != 'info' else ''}" for s, n in counts.items()]
    return ", ".join(parts)
