"""Speed machinery, in a wing of its own: fed data and callbacks, importing no domain module.

Each piece here makes a plain rule of the domain modules fast and is tested
against it:

- `walker`: the aligner's candidate walk (a trie of the terms' folded
  syllables walked in C, `_walker.c`), tested against the plain finder in
  `align.py`;
- `firstsight`: what a new token is, described in C (`_firstsight.c`: its
  lower-case and folded forms, syllable parsing and the slip look-ups giving
  the term syllables it may be a slip of, its tally; and `syllables.slip`),
  fed a character table and the aligner's look-ups, called by the walk
  itself; tested against `Aligner._describe` and `syllables.slip`;
- `choice`: the aligner's choice among a text's candidates (`_choice.c`:
  exact readings and remembered loose ones read in C, the preference, the
  gaps filled with loose readings, text order), asking the aligner for a
  first reading, whole words and exclusions; tested against `Aligner._choose`;
- `termscan`: English term matching (`_termscan.c`: words read and compared
  as ids, the choice per concept made in C), tested against the rule in
  `english.py`;
- `jsonline`: the records' JSON lines by orjson, byte for byte what the json
  module writes (falling back to it where they would differ), a list of words
  handed to it as one array made in C (`_rowtext.c`), tested against it and
  against `store.record_line`;
- `jsonread`: a search hit's record line read by orjson, value and type what
  `json.loads` reads (falling back to it where they would differ), tested against
  it on arbitrary JSON;
- `foldcount`: a text folded and its tokens counted by two charmap codecs (the
  store's folded FTS column and clause lengths), and lower-cased, folded and
  counted in one pass in C (`_rowtext.c`), tested against `str.lower`,
  `normalize.fold` and `TOKEN.findall`;
- `crfrows`: the word segmenter's CRF feature rows gathered from strings made
  once per token type and per run of tokens, tested against underthesea_core's
  featurizer (and `segment._Tokenizer` against `word_tokenize`);
- `textpass`: questions the check's rules ask of a text, answered in one pass
  in C (`_textpass.c`: whether any of some characters stands in it, which of
  them do, whether a lower-cased word begins the next), tested against the plain questions
  (tests/test_accel_textpass.py);
- `sourcepass`: questions asked of every Vietnamese source, each in one pass
  in C (`_sourcepass.c`: a table, where the regex reads a large class a
  character): whether a vowel pair a tone mark may move in stands in it (the
  checker's normalisation), whether a footnote number is glued to a word (the
  aligner's); tested against the regexes (tests/test_accel_sourcepass.py);
- `tsvrows`: a TSV file's rows cut at their tabs where they stand in the chunk
  read, and their segment pairs' slots set, in C (`_rowtext.c`), tested against
  the plain reader `formats.bilingual._tsv_rows` (tests/test_accel_tsvrows.py);
- `slots`: `slot_init`, a faster `__init__` for frozen, slotted dataclasses
  made in bulk, tested against the dataclass's own;
- `yamlwalk`: a glossary-shaped YAML document walked over libyaml's events in
  C (`_yamlwalk.c`), giving up on anything else, tested against glossary.py's
  plain reader (tests/test_yamlwalk.py).
"""
