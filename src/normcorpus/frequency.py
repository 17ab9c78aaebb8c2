"""How common a Vietnamese syllable, or an English word, is in running text: wordfreq's Zipf scale.

wordfreq (Apache-2.0 code, CC BY-SA 4.0 data) counts Vietnamese by syllable
over subtitles, Wikipedia, news and web text; `zipf(s)` is log10 of its
frequency per billion words (`tôi` 6.5, `chống` 5.6, `chông` 3.3; 0: unseen).
Imported on first use: only the aligner's typo reading asks, and rarely; and
`check`, of an English source copied as its target (is it a word or a name?).
"""

from __future__ import annotations

from functools import lru_cache


@lru_cache(maxsize=4096)
def zipf(syllable: str) -> float:
    """The syllable's Zipf frequency in Vietnamese (lower-case; 0.0 if unseen)."""
    from wordfreq import zipf_frequency

    return zipf_frequency(syllable, "vi")


@lru_cache(maxsize=4096)
def english_zipf(word: str) -> float:
    """The word's Zipf frequency in English (0.0 if English does not use it:
    `gcrypt`, `dirmngr`, names of programs and libraries)."""
    from wordfreq import zipf_frequency

    return zipf_frequency(word, "en")
