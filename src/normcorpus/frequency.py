"""How common a Vietnamese syllable, or an English word, is in running text: wordfreq's Zipf scale.

wordfreq (Apache-2.0 code, CC BY-SA 4.0 data) counts Vietnamese by syllable
over subtitles, Wikipedia, news and web text; `zipf(s)` is log10 of its
frequency per billion words (`tôi` 6.5, `chống` 5.6, `chông` 3.3; 0: unseen).
Imported on first use: only the aligner's typo reading asks, and rarely; and
`check`, of an English source copied as its target (is it a word or a name?).

The aligner asks of syllables of the lexicon: their Zipf frequencies are kept
in the user's cache (`glossarycache.memo`, by wordfreq's code and Vietnamese
data and by the lexicon), since importing wordfreq and reading its list cost
each ingest or check that met a typo 0.15-0.3 s of CPU (issue 18). Other
syllables are asked of wordfreq itself.
"""

from __future__ import annotations

import hashlib
import importlib.util
import sys
from functools import lru_cache
from pathlib import Path


@lru_cache(maxsize=4096)
def zipf(syllable: str) -> float:
    """The syllable's Zipf frequency in Vietnamese (lower-case; 0.0 if unseen)."""
    known = _lexicon_zipfs().get(syllable)
    if known is not None:
        return known
    return _wordfreq_zipf(syllable)


def _wordfreq_zipf(syllable: str) -> float:
    from wordfreq import zipf_frequency

    return zipf_frequency(syllable, "vi")


@lru_cache(maxsize=1)
def _lexicon_zipfs() -> dict[str, float]:
    """`zipf` of each syllable of the lexicon (`syllables.lexicon`), as wordfreq gives
    it, memoised by the digest of wordfreq's code and Vietnamese lists and of the
    lexicon (empty without wordfreq: `zipf` then asks it, and fails as before)."""
    spec = importlib.util.find_spec("wordfreq")
    if spec is None or not spec.submodule_search_locations:
        return {}
    from . import glossarycache, syllables

    words = sorted(syllables.lexicon())
    digest = hashlib.sha256("\n".join(words).encode())
    for base in spec.submodule_search_locations:
        root = Path(base)
        for path in sorted([*root.glob("*.py"), *root.glob("data/*_vi.*")]):
            digest.update(path.name.encode() + b"\0" + path.read_bytes())
    key = glossarycache.code_key(sys.modules[__name__])
    return dict(
        glossarycache.memo(
            "zipf-vi", digest.hexdigest(), key, lambda: [(w, _wordfreq_zipf(w)) for w in words]
        )
    )


@lru_cache(maxsize=4096)
def english_zipf(word: str) -> float:
    """The word's Zipf frequency in English (0.0 if English does not use it:
    `gcrypt`, `dirmngr`, names of programs and libraries)."""
    from wordfreq import zipf_frequency

    return zipf_frequency(word, "en")
