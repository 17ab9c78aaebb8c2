"""How common a Vietnamese syllable is in running text: wordfreq's Zipf scale.

wordfreq (Apache-2.0 code, CC BY-SA 4.0 data) counts Vietnamese by syllable
over subtitles, Wikipedia, news and web text; `zipf(s)` is log10 of its
frequency per billion words (`tôi` 6.5, `chống` 5.6, `chông` 3.3; 0: unseen).
Imported on first use: only the aligner's typo reading asks, and rarely.
"""

from __future__ import annotations

from functools import lru_cache


@lru_cache(maxsize=4096)
def zipf(syllable: str) -> float:
    """The syllable's Zipf frequency in Vietnamese (lower-case; 0.0 if unseen)."""
    from wordfreq import zipf_frequency

    return zipf_frequency(syllable, "vi")
