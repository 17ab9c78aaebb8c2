"""frequency.py: Zipf frequencies, the lexicon's from the user's cache as wordfreq gives them."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from wordfreq import zipf_frequency

from normcorpus import frequency, syllables


def test_the_lexicons_frequencies_are_wordfreqs() -> None:
    table = frequency._lexicon_zipfs()
    assert set(table) == set(syllables.lexicon())
    for word in sorted(table)[::97]:
        assert table[word] == zipf_frequency(word, "vi"), word
    assert frequency.zipf("tôi") > frequency.zipf("tội") > frequency.zipf("chông") > 0
    # Outside the lexicon: wordfreq itself.
    assert "xqzv" not in table and frequency.zipf("xqzv") == 0.0


def test_a_second_process_reads_them_without_wordfreq(tmp_path: Path) -> None:
    code = (
        "import sys; from normcorpus import frequency; "
        "print(frequency.zipf('chống'), 'wordfreq' in sys.modules)"
    )
    env = {**os.environ, "NORMCORPUS_CACHE_DIR": str(tmp_path / "cache")}
    runs = [
        subprocess.run(
            [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
        ).stdout.split()
        for _ in range(2)
    ]
    expected = str(zipf_frequency("chống", "vi"))
    assert runs == [[expected, "True"], [expected, "False"]]
    assert len(list((tmp_path / "cache").glob("zipf-vi-*.marshal"))) == 1
